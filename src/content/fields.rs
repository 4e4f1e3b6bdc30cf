//! Typed reading of TOML tables with positions: every missing, unknown or mistyped field becomes a
//! diagnostic pointing at its place, and reading goes on so an editor sees all problems at once.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::messages::check::{self as say, Expected, Found};
use crate::messages::Both;
use crate::model::Vocabulary;
use crate::text::nfc;
use chrono::NaiveDate;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A value with the byte range it came from in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Byte range in the source file.
    pub span: Range<usize>,
}

/// Reads the fields of one TOML table, reporting problems as it goes.
pub struct Fields<'t, 'a> {
    file: &'t Path,
    base: usize,
    table: &'t DeTable<'a>,
    table_span: Range<usize>,
    prefix: String,
    /// Findings, appended to by every read.
    pub diags: &'t mut Vec<Diagnostic>,
}

impl<'t, 'a> Fields<'t, 'a> {
    /// Starts reading `table`, reporting at once every key not in `allowed` (with "did you mean").
    pub fn new(
        file: &'t Path,
        base: usize,
        table: &'t DeTable<'a>,
        span: Range<usize>,
        allowed: &[&str],
        prefix: &str,
        diags: &'t mut Vec<Diagnostic>,
    ) -> Self {
        let fields = Fields {
            file,
            base,
            table,
            table_span: base + span.start..base + span.end,
            prefix: prefix.to_owned(),
            diags,
        };
        fields.check_keys(allowed)
    }

    fn check_keys(self, allowed: &[&str]) -> Self {
        for key in self.table.keys() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let span = self.abs(key.span());
                let said = crate::messages::unknown_field(
                    &self.path(name),
                    did_you_mean(name, allowed.iter().copied()),
                    &allowed.join(", "),
                );
                let d = Diagnostic::said(self.file, said)
                    .at(span)
                    .field(self.path(name));
                self.diags.push(d);
            }
        }
        self
    }

    fn abs(&self, span: Range<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{}", self.prefix, key)
        }
    }

    /// The byte range of the whole table (used to point at a missing field).
    pub fn table_span(&self) -> Range<usize> {
        self.table_span.clone()
    }

    /// The file being read.
    pub fn file(&self) -> &Path {
        self.file
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
        self.table.get(key)
    }

    /// The value of `key` as written, with its span in the file (for readers of other modules).
    pub(super) fn raw(&self, key: &str) -> Option<(&'t DeValue<'a>, Range<usize>)> {
        self.get(key).map(|v| (v.get_ref(), self.abs(v.span())))
    }

    /// Whether `key` is written at all (whatever its value).
    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    fn wrong_type(&mut self, key: &str, span: Range<usize>, expected: Expected, found: &DeValue) {
        let shown = match found {
            DeValue::Integer(i) => i.as_str().to_owned(),
            DeValue::Float(f) => f.as_str().to_owned(),
            DeValue::Datetime(d) => d.to_string(),
            _ => String::new(),
        };
        let found = match found {
            DeValue::String(s) => Found::Text(s),
            DeValue::Integer(_) | DeValue::Float(_) => Found::Number(&shown),
            DeValue::Boolean(b) => Found::Bool(*b),
            DeValue::Datetime(_) => Found::Date(&shown),
            DeValue::Array(_) => Found::List,
            DeValue::Table(_) => Found::Table,
        };
        let d = Diagnostic::said(self.file, say::wrong_type(expected, found))
            .at(self.abs(span))
            .field(self.path(key));
        self.diags.push(d);
    }

    /// Reports a missing required field.
    pub fn missing(&mut self, key: &str, what: &str) {
        // At the top of a Markdown file point at the opening `+++` line; elsewhere at the table.
        let span = if self.prefix.is_empty() && self.base >= 4 {
            self.base - 4..self.base - 1
        } else {
            self.table_span.start..self.table_span.start
        };
        let said = crate::messages::missing_field(&self.path(key), key, what);
        let d = Diagnostic::said(self.file, said)
            .at(span)
            .field(self.path(key));
        self.diags.push(d);
    }

    /// Reports a required list that is written but empty (`products = []`), at its value.
    pub fn empty_list(&mut self, key: &str, what: &str) {
        let Some(v) = self.get(key) else {
            return self.missing(key, what);
        };
        let said = crate::messages::empty_list(&self.path(key), key, what);
        let d = Diagnostic::said(self.file, said)
            .at(self.abs(v.span()))
            .field(self.path(key));
        self.diags.push(d);
    }

    /// Reports an error about the value of `key` at `span`, said in both languages (from the
    /// catalogue in `messages`).
    pub fn said_at(&mut self, key: &str, span: Range<usize>, said: Both) {
        let d = Diagnostic::said(self.file, said)
            .at(span)
            .field(self.path(key));
        self.diags.push(d);
    }

    /// Reports an error about the value of `key` at `span` in English only; messages to editors
    /// belong in the catalogue (`messages`) and are reported with `said_at`.
    pub fn error_at(
        &mut self,
        key: &str,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::error(self.file, message)
            .at(span)
            .field(self.path(key));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.diags.push(d);
    }

    /// An optional string, NFC-normalised and trimmed; an empty string counts as absent.
    pub fn opt_str(&mut self, key: &str) -> Option<At<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                let s = nfc(s.trim());
                (!s.is_empty()).then(|| At {
                    value: s,
                    span: self.abs(v.span()),
                })
            }
            other => {
                self.wrong_type(key, v.span(), Expected::Text, other);
                None
            }
        }
    }

    /// A required string; reports it when missing or empty.
    pub fn req_str(&mut self, key: &str, what: &str) -> Option<At<String>> {
        let present = self.get(key).is_some();
        let v = self.opt_str(key);
        if v.is_none() && !present {
            self.missing(key, what);
        } else if v.is_none() {
            if let Some(raw) = self.get(key) {
                if matches!(raw.get_ref(), DeValue::String(_)) {
                    let span = self.abs(raw.span());
                    let said = say::empty_value(&self.path(key), what);
                    self.said_at(key, span, said);
                }
            }
        }
        v
    }

    /// An optional string that must pass `check` (a URL policy check): reported with the check's
    /// message and `hint` when it does not, and then left out.
    pub fn opt_checked(
        &mut self,
        key: &str,
        check: fn(&str) -> Result<(), Both>,
        hint: Option<Both>,
    ) -> Option<String> {
        let v = self.opt_str(key)?;
        match check(&v.value) {
            Ok(()) => Some(v.value),
            Err(said) => {
                let said = match hint {
                    Some(h) => say::with_hint(said, h),
                    None => said,
                };
                self.said_at(key, v.span, said);
                None
            }
        }
    }

    /// An optional value of the vocabulary `V`; a value not in it is reported with the closest
    /// one ("did you mean") or the whole list.
    pub fn opt_vocab<V: Vocabulary>(&mut self, key: &str) -> Option<At<V>> {
        let v = self.opt_str(key)?;
        self.vocab_value(key, v)
    }

    /// A required value of the vocabulary `V`.
    pub fn req_vocab<V: Vocabulary>(&mut self, key: &str, what: &str) -> Option<At<V>> {
        let v = self.req_str(key, what)?;
        self.vocab_value(key, v)
    }

    /// The value `v` (written in `key`) of the vocabulary `V`, or the error saying what was meant.
    pub fn vocab_value<V: Vocabulary>(&mut self, key: &str, v: At<String>) -> Option<At<V>> {
        if let Some(value) = V::parse(&v.value) {
            return Some(At {
                value,
                span: v.span,
            });
        }
        let keys = V::keys();
        let said = say::unknown_value(
            &v.value,
            did_you_mean(&v.value, keys.iter().copied()),
            &keys.join(", "),
        );
        self.said_at(key, v.span, said);
        None
    }

    /// An optional list of strings (a single string is accepted as a one-element list).
    pub fn str_list(&mut self, key: &str) -> Vec<At<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            let s = nfc(s.trim());
                            if !s.is_empty() {
                                out.push(At {
                                    value: s,
                                    span: self.abs(item.span()),
                                });
                            }
                        }
                        other => self.wrong_type(key, item.span(), Expected::TextInList, other),
                    }
                }
                out
            }
            DeValue::String(s) => {
                let s = nfc(s.trim());
                if s.is_empty() {
                    Vec::new()
                } else {
                    vec![At {
                        value: s,
                        span: self.abs(v.span()),
                    }]
                }
            }
            other => {
                self.wrong_type(key, v.span(), Expected::List, other);
                Vec::new()
            }
        }
    }

    /// An optional whole number within `range`.
    pub fn opt_int(&mut self, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<At<i64>> {
        let v = self.get(key)?;
        let span = self.abs(v.span());
        let n = match v.get_ref() {
            DeValue::Integer(i) => {
                i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            other => {
                self.wrong_type(key, v.span(), Expected::WholeNumber, other);
                return None;
            }
        };
        match n {
            Some(n) if range.contains(&n) => Some(At { value: n, span }),
            _ => {
                self.said_at(key, span, say::out_of_range(*range.start(), *range.end()));
                None
            }
        }
    }

    /// An optional number (integer or decimal); `nan`, `inf` and numbers too large to hold are
    /// errors, not values a page or the handbook would show as "NaN".
    pub fn opt_float(&mut self, key: &str) -> Option<At<f64>> {
        let v = self.get(key)?;
        let span = self.abs(v.span());
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.wrong_type(key, v.span(), Expected::Number, other);
                return None;
            }
        };
        match x {
            Some(x) if x.is_finite() => Some(At { value: x, span }),
            _ => {
                self.said_at(key, span, say::not_ordinary_number());
                None
            }
        }
    }

    /// An optional true/false.
    pub fn opt_bool(&mut self, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.wrong_type(key, v.span(), Expected::Bool, other);
                None
            }
        }
    }

    /// An optional calendar date, written `2020-05-05` (with or without quotes).
    pub fn opt_date(&mut self, key: &str) -> Option<At<NaiveDate>> {
        let v = self.get(key)?;
        let span = self.abs(v.span());
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), _) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }
                _ => None,
            },
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            other => {
                self.wrong_type(key, v.span(), Expected::Date, other);
                return None;
            }
        };
        if parsed.is_none() {
            let shown = match v.get_ref() {
                DeValue::String(s) => format!("`{}`", s),
                DeValue::Datetime(d) => format!("`{}`", d),
                _ => String::new(),
            };
            self.said_at(key, span.clone(), say::not_a_date(&shown));
        }
        parsed.map(|value| At { value, span })
    }

    /// A required date.
    pub fn req_date(&mut self, key: &str) -> Option<At<NaiveDate>> {
        if self.get(key).is_none() {
            self.missing(key, "a date such as 2020-05-05");
            return None;
        }
        self.opt_date(key)
    }

    /// An optional sub-table (`[contact]`), returned with its span for a nested `Fields` reader.
    pub fn opt_table(&mut self, key: &str) -> Option<&'t Spanned<DeValue<'a>>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(_) => Some(v),
            other => {
                self.wrong_type(key, v.span(), Expected::Table, other);
                None
            }
        }
    }

    /// Reads the sub-table `key` with its own allowed keys, if present.
    pub fn sub<R>(
        &mut self,
        key: &str,
        allowed: &[&str],
        read: impl FnOnce(&mut Fields<'_, 'a>) -> R,
    ) -> Option<R> {
        let v = self.opt_table(key)?;
        let DeValue::Table(t) = v.get_ref() else {
            return None;
        };
        let path = self.path(key);
        let mut f = Fields::new(
            self.file,
            self.base,
            t,
            v.span(),
            allowed,
            &path,
            self.diags,
        );
        Some(read(&mut f))
    }

    /// Reads the table `t`, item `i` of the list `key`, with its own allowed keys.
    fn item_table<R>(
        &mut self,
        key: &str,
        i: usize,
        item: &Spanned<DeValue<'a>>,
        t: &DeTable<'a>,
        allowed: &[&str],
        read: impl FnOnce(&mut Fields<'_, 'a>) -> R,
    ) -> R {
        let path = format!("{}[{}]", self.path(key), i + 1);
        let mut f = Fields::new(
            self.file,
            self.base,
            t,
            item.span(),
            allowed,
            &path,
            self.diags,
        );
        read(&mut f)
    }

    /// Reads a list whose items are each a text or an inline table (`["a", { key = "b", … }]`):
    /// texts with `text`, tables with `table` and their own allowed keys.
    pub fn each_text_or_table<R>(
        &mut self,
        key: &str,
        allowed: &[&str],
        mut text: impl FnMut(&mut Self, At<String>) -> Option<R>,
        mut table: impl FnMut(&mut Fields<'_, 'a>) -> Option<R>,
    ) -> Vec<R> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            return self
                .str_list(key)
                .into_iter()
                .filter_map(|s| text(self, s))
                .collect();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::String(s) => {
                    let at = At {
                        value: nfc(s.trim()),
                        span: self.abs(item.span()),
                    };
                    out.extend(text(self, at));
                }
                DeValue::Table(t) => {
                    out.extend(self.item_table(key, i, item, t, allowed, &mut table))
                }
                other => self.wrong_type(key, item.span(), Expected::TextOrTable, other),
            }
        }
        out
    }

    /// Reads every table of the array of tables `key` (`[[districts]]`) with `read`.
    pub fn each<R>(
        &mut self,
        key: &str,
        allowed: &[&str],
        mut read: impl FnMut(&mut Fields<'_, 'a>) -> R,
    ) -> Vec<R> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v.span(), Expected::Tables(key), v.get_ref());
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(t) => out.push(self.item_table(key, i, item, t, allowed, &mut read)),
                other => self.wrong_type(key, item.span(), Expected::TableItem, other),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::syntax::parse_toml;

    fn read_float(text: &str) -> (Option<f64>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let file = Path::new("x.toml");
        let table = parse_toml(file, text, 0, &mut diags).expect("valid TOML");
        let value = {
            let span = table.span();
            let mut f = Fields::new(file, 0, table.get_ref(), span, &["v"], "", &mut diags);
            f.opt_float("v").map(|a| a.value)
        };
        (value, diags)
    }

    #[test]
    fn decimals_are_read_or_refused_never_nan() {
        for (text, want) in [("v = 1_000", 1000.0), ("v = 2.5", 2.5), ("v = 0x10", 16.0)] {
            let (v, d) = read_float(text);
            assert_eq!(v, Some(want), "{text}");
            assert!(d.is_empty(), "{text}: {d:?}");
        }
        for text in ["v = nan", "v = +inf", "v = -inf", "v = 1e400"] {
            let (v, d) = read_float(text);
            assert_eq!(v, None, "{text}");
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].span, Some(4..text.len()), "{text}");
            assert_eq!(d[0].field.as_deref(), Some("v"));
        }
    }
}
