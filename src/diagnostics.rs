//! One error type for editors: the file, the place in it, the field, what was found and what was expected.

use crate::messages::{self, Both, Lang, Said};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How serious a finding is: errors stop the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build stops; nothing is published.
    Error,
    /// Printed, the build goes on (e.g. a logo too small for print).
    Warning,
}

/// One finding about the content, in words an editor can act on.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root (e.g. `content/enterprises/abc.md`).
    pub file: PathBuf,
    /// Byte range in the file, when the finding has a place.
    pub span: Option<Range<usize>>,
    /// The field concerned (`tax_code`, `contact.email`), when there is one.
    pub field: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// A hint: what to write instead, or "did you mean …".
    pub hint: Option<String>,
    /// The message and hint in Vietnamese, when the catalogue (`messages`) has them.
    pub vi: Option<Said>,
    /// `file` is a folder (set by the code that found it: a path relative to the site cannot
    /// be looked at from wherever cnht runs).
    pub folder: bool,
}

impl Diagnostic {
    /// A new error in `file`.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span: None,
            field: None,
            message: message.into(),
            hint: None,
            vi: None,
            folder: false,
        }
    }

    /// A new error in `file` said in both languages (from the catalogue in `messages`).
    pub fn said(file: impl Into<PathBuf>, (en, vi): Both) -> Self {
        Diagnostic {
            hint: en.hint,
            vi: Some(vi),
            ..Diagnostic::error(file, en.message)
        }
    }

    /// A new warning in `file` said in both languages (from the catalogue in `messages`).
    pub fn warned(file: impl Into<PathBuf>, said: Both) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::said(file, said)
        }
    }

    /// The message and hint in both languages (English, Vietnamese; English when there is no
    /// Vietnamese text).
    pub fn both(&self) -> Both {
        let en = Said {
            message: self.message.clone(),
            hint: self.hint.clone(),
        };
        let vi = self.vi.clone().unwrap_or_else(|| en.clone());
        (en, vi)
    }

    /// The message and hint in `lang` (English when there is no Vietnamese text).
    pub fn text_in(&self, lang: Lang) -> (&str, Option<&str>) {
        match (&self.vi, lang) {
            (Some(vi), Lang::Vi) => (&vi.message, vi.hint.as_deref()),
            _ => (&self.message, self.hint.as_deref()),
        }
    }

    /// A new warning in `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Marks the finding as one about a folder (`file` names a folder).
    pub fn on_folder(mut self) -> Self {
        self.folder = true;
        self
    }

    /// Sets the byte range the finding points at.
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the field the finding is about.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The text of every file a diagnostic may point into, so messages can quote the line.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<PathBuf, Arc<str>>,
}

impl Sources {
    /// Remembers the text of `file`.
    pub fn insert(&mut self, file: PathBuf, text: Arc<str>) {
        self.files.insert(file, text);
    }

    /// The text of `file`, if it was read.
    pub fn get(&self, file: &Path) -> Option<&str> {
        self.files.get(file).map(|t| &**t)
    }

    /// Every file and its text, in the order of their paths.
    pub fn iter(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(f, t)| (f.as_path(), &**t))
    }

    /// Adds all files of `other`.
    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }

    /// Remembers the text of many files at once: built as one tree from the files sorted and
    /// merged with this one in linear time (10,000 inserts one by one compared paths component
    /// by component some 140,000 times).
    pub fn insert_all(&mut self, files: impl IntoIterator<Item = (PathBuf, Arc<str>)>) {
        let mut more: BTreeMap<PathBuf, Arc<str>> = files.into_iter().collect();
        self.files.append(&mut more);
    }
}

/// Line and column (both 1-based, column in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Everything the checks found, with the sources needed to show it.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// All findings, sorted by file and position once `sort` is called.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts for quoting.
    pub sources: Sources,
}

impl Report {
    /// Number of errors (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Orders findings by file, then position, so the output reads top to bottom.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start), a.severity).cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.severity,
            ))
        });
    }

    /// Renders every finding as text with the offending line quoted, in the language of the
    /// messages (`messages::current`); `color` adds ANSI colours.
    pub fn render(&self, color: bool) -> String {
        self.render_in(color, messages::current())
    }

    /// Renders every finding in `lang`.
    pub fn render_in(&self, color: bool, lang: Lang) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as CsDiag, Label};
        use codespan_reporting::files::SimpleFiles;
        use codespan_reporting::term::{self, termcolor};

        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for d in &self.diagnostics {
            if !ids.contains_key(&d.file) {
                let text = self.sources.get(&d.file).unwrap_or("").to_owned();
                ids.insert(
                    d.file.clone(),
                    files.add(d.file.display().to_string(), text),
                );
            }
        }
        let config = term::Config::default();
        let mut out = String::new();
        for d in &self.diagnostics {
            let id = ids[&d.file];
            let mut cs = match d.severity {
                Severity::Error => CsDiag::error(),
                Severity::Warning => CsDiag::warning(),
            };
            let (message, hint) = d.text_in(lang);
            let headline = match &d.field {
                Some(f) => format!("{}: {}", f, message),
                None => message.to_owned(),
            };
            cs = cs.with_message(headline);
            let text = self.sources.get(&d.file).unwrap_or("");
            let text_len = text.len();
            let mut notes = Vec::new();
            match &d.span {
                Some(span) if text_len > 0 => {
                    // On character boundaries whatever the span says: the renderer slices there.
                    let start = floor_char_boundary(text, span.start.min(text_len));
                    let end = floor_char_boundary(text, span.end.clamp(start, text_len));
                    cs = cs.with_labels(vec![Label::primary(id, start..end)]);
                }
                _ => notes.push(messages::in_file(
                    lang,
                    &d.file.display().to_string(),
                    // A path relative to the site cannot be looked at from here (cnht may run
                    // elsewhere, `--root`); an absolute one can.
                    d.folder || (d.file.is_absolute() && d.file.is_dir()),
                )),
            }
            if let Some(h) = hint {
                notes.push(h.to_owned());
            }
            cs = cs.with_notes(notes);
            let mut one: Vec<u8> = Vec::new();
            if color {
                let mut buf = termcolor::Ansi::new(&mut one);
                let _ = term::emit_to_write_style(&mut buf, &config, &files, &cs);
            } else {
                let mut buf = termcolor::NoColor::new(&mut one);
                let _ = term::emit_to_write_style(&mut buf, &config, &files, &cs);
            }
            out.push_str(&severity_tag(
                &String::from_utf8_lossy(&one),
                d.severity,
                lang,
            ));
        }
        let mut text = out;
        let (e, w) = (self.error_count(), self.warning_count());
        let _ = writeln!(text, "{}", messages::summary(lang, e, w));
        text
    }

    /// One line per finding: `file:line:col: error: field: message (hint)`, for logs and tests.
    pub fn render_short(&self) -> String {
        self.render_short_in(messages::current())
    }

    /// One line per finding, in `lang`.
    pub fn render_short_in(&self, lang: Lang) -> String {
        let mut text = String::new();
        for d in &self.diagnostics {
            let (line, col) = match (&d.span, self.sources.get(&d.file)) {
                (Some(span), Some(src)) => line_col(src, span.start),
                _ => (1, 1),
            };
            let sev = messages::severity(lang, d.severity == Severity::Error);
            let _ = write!(text, "{}:{}:{}: {}: ", d.file.display(), line, col, sev);
            if let Some(f) = &d.field {
                let _ = write!(text, "{}: ", f);
            }
            let (message, hint) = d.text_in(lang);
            text.push_str(message);
            if let Some(h) = hint {
                let _ = write!(text, " ({})", h);
            }
            text.push('\n');
        }
        text
    }
}

/// One finding as codespan rendered it, its severity tag (the first word of its first line,
/// "error" or "warning", perhaps inside colour codes) said in `lang`.
fn severity_tag(rendered: &str, severity: Severity, lang: Lang) -> String {
    let error = severity == Severity::Error;
    let (en, said) = (
        messages::severity(Lang::En, error),
        messages::severity(lang, error),
    );
    match rendered.find(en) {
        Some(i) if en != said => format!("{}{said}{}", &rendered[..i], &rendered[i + en.len()..]),
        _ => rendered.to_owned(),
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Comparing costs time and memory in the product of the two lengths: a hostile name a
    // megabyte long must not stall the check. Nothing that long is a typo of a name, and a
    // candidate whose length differs by more than a fifth cannot score 0.8 (the distance is at
    // least the difference in length), so skipping those changes no answer.
    const LONGEST: usize = 512;
    let len = word.chars().count();
    if len > LONGEST {
        return None;
    }
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let c_len = c.chars().count();
        if c_len > LONGEST || len.abs_diff(c_len) * 5 > len.max(c_len) {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(word, c);
        if score >= 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "a = 1\nname = \"Đông\"\nx";
        let off = t.find("Đông").unwrap();
        assert_eq!(line_col(t, off), (2, 9));
        assert_eq!(line_col(t, t.len()), (3, 2));
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            did_you_mean("distrct", ["district", "sector", "address"]),
            Some("district")
        );
        assert_eq!(did_you_mean("zzz", ["district", "sector"]), None);
    }

    #[test]
    fn a_huge_word_is_no_typo_and_costs_nothing() {
        // A link to a 200,000-character path in a site of 2,000 files: compared in full, that is
        // minutes of work and 35 MB per comparison; skipped, microseconds. The guard is generous.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let huge = "d".repeat(200_000);
            let many: Vec<String> = (0..2_000)
                .map(|i| format!("enterprises/x-{i}.md"))
                .collect();
            let _ = tx.send(did_you_mean(&huge, many.iter().map(String::as_str)).is_none());
        });
        let none = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("did_you_mean answers at once for a huge word");
        assert!(none);
        // Lengths too far apart are skipped, close ones still compared.
        assert_eq!(did_you_mean("ab", ["abcdefgh"]), None);
        assert_eq!(did_you_mean("adress", ["address"]), Some("address"));
    }

    #[test]
    fn the_severity_tag_is_said_in_the_language_chosen_with_or_without_colour() {
        let mut r = Report::default();
        r.sources
            .insert("x.md".into(), "+++\nname = 1\n+++\n".into());
        let said = crate::messages::check::not_a_date("`1`");
        r.diagnostics
            .push(Diagnostic::said("x.md", said.clone()).at(11..12));
        r.diagnostics
            .push(Diagnostic::warned("x.md", said).at(11..12));
        for color in [false, true] {
            let vi = r.render_in(color, Lang::Vi);
            assert!(vi.contains("lỗi") && vi.contains("cảnh báo"), "{vi}");
            assert!(!vi.contains("error") && !vi.contains("warning"), "{vi}");
            assert!(vi.contains("không phải là một ngày"), "{vi}");
            let en = r.render_in(color, Lang::En);
            assert!(en.contains("error") && en.contains("warning"), "{en}");
        }
        let short = r.render_short_in(Lang::Vi);
        assert!(short.starts_with("x.md:2:8: lỗi: "), "{short}");
        assert!(short.contains("x.md:2:8: cảnh báo: "), "{short}");
    }

    #[test]
    fn spans_off_character_boundaries_still_render() {
        let mut r = Report::default();
        r.sources
            .insert("x.md".into(), "+++\u{85}\u{a0}\nĐông".into());
        r.diagnostics
            .push(Diagnostic::error("x.md", "off boundary").at(4..11));
        let text = r.render(false);
        assert!(
            text.contains("off boundary") && text.contains("x.md"),
            "{text}"
        );
    }
}
