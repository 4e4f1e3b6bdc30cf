//! Characters no handbook font has a glyph for: reported with the content file they come from
//! and replaced in the view the templates read (a missing glyph prints as a blank box, and PDF/A
//! forbids it).

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// Characters Typst does not draw (format controls, variation selectors), which need no glyph.
pub(super) fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

/// What the handbook and the capability sheets print for a character no font of theirs has.
pub(crate) const MISSING_GLYPH: char = '?';

/// The warning that the text of `file` holds the characters `missing`, which `fonts` (“the
/// handbook fonts”) have no glyph for, so `output` (“the handbook”) prints [`MISSING_GLYPH`]
/// instead; the first twelve are named with their code points.
pub(crate) fn missing_glyphs(
    file: &Path,
    missing: &BTreeSet<char>,
    fonts: &str,
    output: &str,
) -> Diagnostic {
    let list: Vec<String> = missing
        .iter()
        .take(12)
        .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
        .collect();
    Diagnostic::warning(
        file,
        format!(
            "{fonts} have no glyph for {}; {output} prints “{MISSING_GLYPH}” instead",
            list.join(", ")
        ),
    )
    .hint("write the text with Vietnamese or Latin letters, or add a font that has these characters to handbook/fonts/")
}

/// Warnings for the records holding characters no handbook font can print, naming their files.
pub(super) fn uncovered_characters(
    model: &Model,
    covered: &dyn Fn(char) -> bool,
) -> Vec<Diagnostic> {
    let mut records: Vec<(&Path, String)> = Vec::new();
    records.push((Path::new("content/site.toml"), json(model.site())));
    records.extend(
        model
            .enterprises()
            .iter()
            .map(|e| (e.origin.file.as_path(), json(e))),
    );
    records.extend(
        model
            .policies()
            .iter()
            .map(|p| (p.origin.file.as_path(), json(p))),
    );
    records.extend(
        model
            .market()
            .iter()
            .map(|a| (a.origin.file.as_path(), json(a))),
    );
    records.extend(
        model
            .pages()
            .iter()
            .map(|p| (p.origin.file.as_path(), json(p))),
    );
    records.extend(
        model
            .programs()
            .iter()
            .map(|p| (p.origin.file.as_path(), json(p))),
    );
    let mut out = Vec::new();
    for (file, text) in records {
        let missing: BTreeSet<char> = text.chars().filter(|&c| !covered(c)).collect();
        if missing.is_empty() {
            continue;
        }
        out.push(missing_glyphs(
            file,
            &missing,
            "the handbook fonts",
            "the handbook",
        ));
    }
    out
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
    fn the_missing_glyph_warning_names_the_first_twelve_with_their_code_points() {
        let missing: BTreeSet<char> = ('\u{4e00}'..='\u{4e0e}').collect();
        let d = missing_glyphs(
            Path::new("content/enterprises/x.md"),
            &missing,
            "the capability sheet's fonts",
            "the sheet",
        );
        assert_eq!(d.file, Path::new("content/enterprises/x.md"));
        assert!(d.message.starts_with(
            "the capability sheet's fonts have no glyph for “一” (U+4E00), “丁” (U+4E01)"
        ));
        assert!(d.message.contains("(U+4E0B); the sheet prints “?” instead"));
        assert!(!d.message.contains("U+4E0C"), "{}", d.message);
        assert!(d.hint.is_some_and(|h| h.contains("handbook/fonts/")));
    }

    #[test]
    fn ignorable_characters_need_no_glyph() {
        assert!(ignorable('\u{200b}') && ignorable('\n') && ignorable('\u{feff}'));
        assert!(!ignorable('a') && !ignorable('中'));
        let mut v = serde_json::json!({"a": ["x中y", {"b": "ổn"}], "n": 1});
        replace_uncovered(&mut v, &|c| c != '中');
        assert_eq!(v, serde_json::json!({"a": ["x?y", {"b": "ổn"}], "n": 1}));
    }
}
