//! Writing enterprise files: a new file from the imported values, or an existing file updated in
//! place with `toml_edit`, so every field not in the spreadsheet, comments, layout and the Markdown
//! body stay exactly as they were.

use super::clean::Value;
use super::mapping::{Field, Shape, FIELDS};
use super::Changed;
use crate::content::source::split_front_matter;
use crate::messages::{import as say, Both};
use crate::text::nfc;
use std::path::Path;
use toml_edit::{Array, DocumentMut, Item, Table, TableLike};

/// The values of one row, by field.
pub type Values = Vec<(&'static Field, Value)>;

fn to_toml(v: &Value) -> toml_edit::Value {
    match v {
        Value::Text(s) => s.as_str().into(),
        Value::Int(n) => (*n).into(),
        Value::Date(d) => {
            use chrono::Datelike;
            toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: d.year() as u16,
                    month: d.month() as u8,
                    day: d.day() as u8,
                }),
                time: None,
                offset: None,
            }
            .into()
        }
        Value::List(items) => {
            let mut a = Array::new();
            for i in items {
                a.push(i.as_str());
            }
            toml_edit::Value::Array(a)
        }
    }
}

/// Whether the file's `item` already says `v` (as the loader reads it: NFC, trimmed).
fn same(item: &Item, v: &Value) -> bool {
    let clean = |s: &str| nfc(s.trim());
    match v {
        Value::Text(s) => item.as_str().is_some_and(|x| clean(x) == *s),
        Value::Int(n) => item.as_integer() == Some(*n),
        Value::Date(d) => {
            item.as_datetime()
                .and_then(|x| x.date)
                .is_some_and(|x| to_toml(v).as_datetime().and_then(|y| y.date) == Some(x))
                || item.as_str().is_some_and(|x| x.trim() == d.to_string())
        }
        Value::List(items) => {
            let have: Option<Vec<String>> = if let Some(a) = item.as_array() {
                a.iter()
                    .map(|x| x.as_str().map(clean))
                    .collect::<Option<Vec<_>>>()
                    .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect())
            } else {
                item.as_str().map(|s| vec![clean(s)])
            };
            have.as_ref() == Some(items)
        }
    }
}

/// A value as the file shows it, without its spacing and comment.
fn shown(v: &toml_edit::Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

/// Sets `key` in `table` unless it already holds `v`; keeps the old value's spacing and comment.
/// Returns what changed.
fn set(table: &mut dyn TableLike, fld: &'static Field, v: &Value) -> Option<Changed> {
    let mut new = to_toml(v);
    let changed = |old: Option<String>, new: &toml_edit::Value| Changed {
        field: fld.key,
        old,
        new: shown(new),
    };
    match table.get_mut(fld.key) {
        Some(item) if same(item, v) => None,
        Some(item) => {
            let old = item.as_value().map(shown);
            if let Some(old) = item.as_value() {
                *new.decor_mut() = old.decor().clone();
            }
            let c = changed(old, &new);
            *item = Item::Value(new);
            Some(c)
        }
        None => {
            let c = changed(None, &new);
            table.insert(fld.key, Item::Value(new));
            Some(c)
        }
    }
}

/// A body as the dry run shows it: its first line, shortened.
fn body_summary(body: &str) -> String {
    let first = body.trim().lines().next().unwrap_or("");
    let short: String = first.chars().take(60).collect();
    let more = short.len() < first.len() || body.trim().lines().nth(1).is_some();
    format!("\"{short}{}\"", if more { "…" } else { "" })
}

/// The text of a new enterprise file holding `values`, fields in the usual order. It says
/// `sample = false`: what the survey says is real data, never one of the site's samples (which an
/// enterprise file without `sample` is while `sample_data = true`).
pub fn new_file(values: &Values) -> String {
    let mut doc = DocumentMut::new();
    let mut contact = Table::new();
    let mut body = String::new();
    for fld in FIELDS {
        let Some((_, v)) = values.iter().find(|(f, _)| f.key == fld.key) else {
            continue;
        };
        if fld.shape == Shape::Body {
            if let Value::Text(t) = v {
                body = format!("{}\n", t.trim());
            }
        } else if fld.contact {
            contact.insert(fld.key, Item::Value(to_toml(v)));
        } else {
            doc.insert(fld.key, Item::Value(to_toml(v)));
        }
    }
    doc.insert("sample", Item::Value(false.into()));
    if !contact.is_empty() {
        doc.insert("contact", Item::Table(contact));
    }
    format!("+++\n{doc}+++\n{body}")
}

/// `text` (the file at `rel`) with `values` set; `None` when nothing changes. Also returns each
/// value that changes, old and new.
pub fn update(
    rel: &Path,
    text: &str,
    values: &Values,
) -> Result<(Option<String>, Vec<Changed>), Both> {
    let shown = rel.display().to_string();
    let split = split_front_matter(rel, text).map_err(|d| d.both())?;
    let mut doc: DocumentMut = split
        .front
        .parse()
        .map_err(|e: toml_edit::TomlError| say::file_unreadable(&shown, &e.to_string()))?;
    let mut changed = Vec::new();
    let mut body = None;
    for (fld, v) in values {
        if fld.shape == Shape::Body {
            if let Value::Text(t) = v {
                if nfc(split.body.trim()) != t.trim() {
                    body = Some(format!("{}\n", t.trim()));
                    changed.push(Changed {
                        field: fld.key,
                        old: (!split.body.trim().is_empty()).then(|| body_summary(split.body)),
                        new: body_summary(t),
                    });
                }
            }
            continue;
        }
        let root = doc.as_table_mut();
        let table: &mut dyn TableLike = if fld.contact {
            if root.get("contact").and_then(Item::as_table_like).is_none() {
                root.insert("contact", Item::Table(Table::new()));
            }
            match root.get_mut("contact").and_then(Item::as_table_like_mut) {
                Some(t) => t,
                None => return Err(say::contact_not_table(&shown)),
            }
        } else {
            root
        };
        changed.extend(set(table, fld, v));
    }
    if changed.is_empty() {
        return Ok((None, changed));
    }
    let front_end = split.front_offset + split.front.len();
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..split.front_offset]);
    out.push_str(&doc.to_string());
    match body {
        Some(b) => {
            out.push_str(&text[front_end..split.body_offset]);
            out.push_str(&b);
        }
        None => out.push_str(&text[front_end..]),
    }
    Ok((Some(out), changed))
}

#[cfg(test)]
mod tests {
    use super::super::mapping::field;
    use super::*;

    fn vals(v: &[(&str, Value)]) -> Values {
        v.iter()
            .map(|(k, v)| (field(k).unwrap(), v.clone()))
            .collect()
    }

    #[test]
    fn new_file_has_fields_in_order() {
        let t = new_file(&vals(&[
            ("phone", Value::Text("024 3881 2345".into())),
            ("products", Value::List(vec!["A \"x\"".into(), "B".into()])),
            ("name", Value::Text("Công ty Minh Phát".into())),
            ("employees", Value::Int(30)),
        ]));
        assert_eq!(
            t,
            "+++\nname = \"Công ty Minh Phát\"\nemployees = 30\nproducts = ['A \"x\"', \"B\"]\nsample = false\n\n[contact]\nphone = \"024 3881 2345\"\n+++\n"
        );
    }

    #[test]
    fn update_keeps_everything_else() {
        let text = "+++\n# ghi chú\nname = \"A\"   # tên\nemployees = 10 # năm 2019\nproducts = [\"x\"]\n\n[contact]\nemail = \"a@b.vn\"\n+++\nThân bài.\n";
        let (out, changed) = update(
            Path::new("x.md"),
            text,
            &vals(&[
                ("name", Value::Text("A".into())),
                ("employees", Value::Int(12)),
                ("phone", Value::Text("0912 345 678".into())),
                ("founded", Value::Int(2001)),
            ]),
        )
        .unwrap();
        let fields: Vec<_> = changed.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["employees", "phone", "founded"]);
        assert_eq!(changed[0].old.as_deref(), Some("10"));
        assert_eq!(changed[0].new, "12");
        assert_eq!(changed[1].old, None);
        assert_eq!(changed[1].new, "\"0912 345 678\"");
        assert_eq!(
            out.unwrap(),
            "+++\n# ghi chú\nname = \"A\"   # tên\nemployees = 12 # năm 2019\nproducts = [\"x\"]\nfounded = 2001\n\n[contact]\nemail = \"a@b.vn\"\nphone = \"0912 345 678\"\n+++\nThân bài.\n"
        );
        let (again, changed) = update(
            Path::new("x.md"),
            text,
            &vals(&[("products", Value::List(vec!["x".into()]))]),
        )
        .unwrap();
        assert!(again.is_none() && changed.is_empty());
    }
}
