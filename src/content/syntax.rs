//! Reading a TOML document with its syntax errors in plain words (one per line, in both
//! languages, from `messages`), and, for content files, reading on past a broken line.

use crate::diagnostics::Diagnostic;
use std::ops::Range;
use std::path::Path;
use toml::de::DeTable;
use toml::Spanned;

/// Parses a TOML document, reporting every syntax error (with recovery) into `diags`.
/// `base` is the byte offset of `text` inside its file (front matter starts after `+++`).
pub fn parse_toml<'a>(
    file: &Path,
    text: &'a str,
    base: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'a>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    report_syntax(file, text, base, errors, diags);
    None
}

/// Like `parse_toml`, but after a syntax error the rest of the document is still read: the
/// broken lines are blanked (into `spare`, keeping every offset) and the document parsed again,
/// so the editor sees the field errors of the other lines at once. Returns the table and the
/// keys of the broken lines (already reported: their fields must not be reported again), or
/// `None` when the rest cannot be read either (a broken table header, a list over several lines).
pub fn parse_toml_recovering<'a>(
    file: &Path,
    text: &'a str,
    base: usize,
    diags: &mut Vec<Diagnostic>,
    spare: &'a mut Option<String>,
) -> Option<(Spanned<DeTable<'a>>, Vec<String>)> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some((table, Vec::new()));
    }
    let lines = report_syntax(file, text, base, errors, diags);
    let mut blanked = text.to_owned();
    let mut broken = Vec::new();
    for l in &lines {
        let line = &text[l.clone()];
        if line.trim_start().starts_with('[') {
            return None;
        }
        broken.extend(crate::messages::line_key(line).map(str::to_owned));
        blanked.replace_range(l.clone(), &" ".repeat(line.len()));
    }
    let blanked: &'a str = spare.insert(blanked);
    let (table, errors) = DeTable::parse_recoverable(blanked);
    errors.is_empty().then_some((table, broken))
}

/// Reports each syntax error in plain words (one per line: curly quotes give the parser two),
/// pointing at the opening quote of an unclosed value. Returns the byte ranges of the lines.
fn report_syntax(
    file: &Path,
    text: &str,
    base: usize,
    errors: Vec<toml::de::Error>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if lines.contains(&(line_start..line_end)) {
            continue;
        }
        lines.push(line_start..line_end);
        let line = &text[line_start..line_end];
        let (en, vi) = crate::messages::toml_syntax(e.message().trim(), line);
        // Point at the quote that opens the broken value, when there is one.
        let at = match line.find(['“', '”', '„', '‘', '’']) {
            Some(q) => line_start + q..line_end,
            None if en.message.contains("closing quote") => {
                let eq = line.find('=').unwrap_or(0);
                let q = line[eq..].find('"').map_or(eq, |i| eq + i);
                line_start + q..line_end
            }
            None => span,
        };
        diags.push(Diagnostic::said(file, (en, vi)).at(base + at.start..base + at.end));
    }
    lines
}
