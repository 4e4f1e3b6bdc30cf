//! Characters no handbook font has a glyph for: reported with the content file they come from
//! and replaced in the view the templates read (a missing glyph prints as a blank box, and PDF/A
//! forbids it).

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::messages::print::{missing_glyphs, Print, MISSING_GLYPH};
use crate::model::Model;

/// Characters Typst does not draw (format controls, variation selectors), which need no glyph.
pub(super) fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

/// Warnings for the records holding characters no handbook font can print, naming their files.
pub(super) fn uncovered_characters(
    model: &Model,
    covered: &dyn Fn(char) -> bool,
) -> Vec<Diagnostic> {
    let mut records: Vec<(&Path, String)> = Vec::new();
    records.push((Path::new("content/site.toml"), json(model.site())));
    records.extend(each(model.enterprises(), |e| &e.origin.file));
    records.extend(each(model.policies(), |p| &p.origin.file));
    records.extend(each(model.market(), |a| &a.origin.file));
    records.extend(each(model.pages(), |p| &p.origin.file));
    records.extend(each(model.programs(), |p| &p.origin.file));
    let mut out = Vec::new();
    for (file, text) in records {
        let missing: BTreeSet<char> = text.chars().filter(|&c| !covered(c)).collect();
        if missing.is_empty() {
            continue;
        }
        out.push(Diagnostic::warned(
            file,
            missing_glyphs(&missing, Print::Handbook),
        ));
    }
    out
}

/// Each record of `list` with its file, as JSON text.
fn each<'a, T: serde::Serialize>(
    list: &'a [T],
    file: impl Fn(&'a T) -> &'a std::path::PathBuf + 'a,
) -> impl Iterator<Item = (&'a Path, String)> + 'a {
    list.iter().map(move |r| (file(r).as_path(), json(r)))
}

/// A record as JSON text, for scanning its characters.
fn json<T: serde::Serialize>(record: &T) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

pub(super) fn replace_uncovered(value: &mut serde_json::Value, covered: &dyn Fn(char) -> bool) {
    match value {
        serde_json::Value::String(s) if !s.chars().all(covered) => {
            *s = s
                .chars()
                .map(|c| if covered(c) { c } else { MISSING_GLYPH })
                .collect();
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| replace_uncovered(v, covered))
        }
        serde_json::Value::Object(map) => {
            map.values_mut().for_each(|v| replace_uncovered(v, covered))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignorable_characters_need_no_glyph() {
        assert!(ignorable('\u{200b}') && ignorable('\n') && ignorable('\u{feff}'));
        assert!(!ignorable('a') && !ignorable('中'));
        let mut v = serde_json::json!({"a": ["x中y", {"b": "ổn"}], "n": 1});
        replace_uncovered(&mut v, &|c| c != '中');
        assert_eq!(v, serde_json::json!({"a": ["x?y", {"b": "ổn"}], "n": 1}));
    }
}
