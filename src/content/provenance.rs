//! Reading where statements come from: dates a source gives only to the month (`issued =
//! "2021-03"`), a policy's status source (`status_source`, `status_checked`, `status_since`), and
//! the `sample` marker of every record kind.

use super::fields::{At, Fields};
use crate::messages::check;
use crate::model::{Basis, DocDate};
use toml::de::DeValue;

impl Fields<'_, '_> {
    /// An optional date known to the day (`2020-05-05`) or only to the month (`"2021-03"`).
    pub fn opt_doc_date(&mut self, key: &str) -> Option<At<DocDate>> {
        let (value, span) = self.raw(key)?;
        let parsed = match value {
            DeValue::String(s) => DocDate::parse(s).ok_or_else(|| Some(format!("`{}`", s.trim()))),
            DeValue::Datetime(_) => {
                return self.opt_date(key).map(|d| At {
                    value: DocDate::day(d.value),
                    span: d.span,
                })
            }
            _ => Err(None),
        };
        match parsed {
            Ok(value) => Some(At { value, span }),
            Err(shown) => {
                self.said_at(key, span, check::not_a_doc_date(shown.as_deref()));
                None
            }
        }
    }

    /// A required date known to the day or only to the month.
    pub fn req_doc_date(&mut self, key: &str) -> Option<At<DocDate>> {
        if !self.has(key) {
            self.missing(
                key,
                "a date such as 2020-05-05, or \"2021-03\" when only the month is known",
            );
            return None;
        }
        self.opt_doc_date(key)
    }

    /// The basis of a statement: the reference in `source_key` checked on the date in
    /// `checked_key` (both or neither), else unverified.
    pub fn basis(&mut self, source_key: &str, checked_key: &str) -> Basis {
        let source = self.opt_str(source_key);
        let checked = self.opt_date(checked_key);
        match (source, checked) {
            (Some(s), Some(c)) => Basis::Sourced {
                source: s.value,
                checked: c.value,
            },
            (Some(s), None) => {
                if !self.has(checked_key) {
                    self.said_at(source_key, s.span, check::source_without_check(checked_key));
                }
                Basis::Unverified
            }
            (None, Some(c)) => {
                self.said_at(
                    checked_key,
                    c.span,
                    check::check_without_source(checked_key, source_key),
                );
                Basis::Unverified
            }
            (None, None) => Basis::Unverified,
        }
    }

    /// The `sample` marker, `default` when the field is not written.
    pub fn sample(&mut self, default: bool) -> bool {
        self.opt_bool("sample").unwrap_or(default)
    }

    /// A sample marker of another name (`status_sample`), false when not written.
    pub fn sample_flag(&mut self, key: &str) -> bool {
        self.opt_bool(key).unwrap_or(false)
    }
}
