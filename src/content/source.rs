//! Reading content files: UTF-8 text, front matter split at `+++` lines.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file of the site as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, used in every message.
    pub rel: PathBuf,
    /// Absolute path.
    pub abs: PathBuf,
    /// The text.
    pub text: Arc<str>,
}

/// Reads `abs` as UTF-8; a legacy-encoded or unreadable file is one clear error.
pub fn read(root: &Path, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = abs.strip_prefix(root).unwrap_or(abs).to_path_buf();
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::error(&rel, format!("cannot read this file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            &rel,
            format!("this file is not UTF-8 text (invalid byte at position {})", e.utf8_error().valid_up_to()),
        )
        .hint("save it as UTF-8 (in most editors: Save as → Encoding: UTF-8); old TCVN3/VNI files must be converted to Unicode first")
    })?;
    Ok(SourceFile {
        rel,
        abs: abs.to_path_buf(),
        text: text.into(),
    })
}

/// A Markdown file split into its TOML front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// The Markdown body after the closing `+++`.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `text` at its `+++` lines; errors point at the line concerned.
pub fn split_front_matter<'a>(rel: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = LineIter { text, pos: start };
    // Leading blank lines are tolerated.
    let first = loop {
        match lines.next() {
            Some((s, e)) if text[s..e].trim().is_empty() => continue,
            other => break other,
        }
    };
    let hint = "a content file starts with a line `+++`, then its fields (one `name = \"value\"` per line), \
                then a line `+++`, then the text";
    let Some((s, e)) = first else {
        return Err(
            Diagnostic::error(rel, "the file is empty: the `+++` front matter is missing")
                .hint(hint),
        );
    };
    if text[s..e].trim() != "+++" {
        let what = if text[s..e].trim() == "---" {
            "the front matter starts with `---` (YAML); this site uses TOML between `+++` lines"
        } else {
            "the file does not start with a `+++` line, so its fields cannot be found"
        };
        return Err(Diagnostic::error(rel, what).at(s..e).hint(hint));
    }
    let front_offset = lines.pos;
    while let Some((ls, le)) = lines.next() {
        if text[ls..le].trim_end() == "+++" {
            return Ok(Split {
                front: &text[front_offset..ls],
                front_offset,
                body: &text[lines.pos..],
                body_offset: lines.pos,
            });
        }
    }
    Err(
        Diagnostic::error(rel, "the front matter opened here is never closed")
            .at(s..e)
            .hint("add a line `+++` after the last field, before the text"),
    )
}

/// Iterates over lines as (start, end-without-newline) byte ranges, tracking the next line's start.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = (usize, usize);
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(self.text.len());
        self.pos = (end + 1).min(self.text.len());
        let trimmed_end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some((start, trimmed_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let t = "+++\ntitle = \"A\"\n+++\nBody\n";
        let s = split_front_matter(Path::new("x.md"), t).unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&t[s.front_offset..s.front_offset + 5], "title");
    }

    #[test]
    fn crlf_and_bom() {
        let t = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody";
        let s = split_front_matter(Path::new("x.md"), t).unwrap();
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn errors() {
        let e = split_front_matter(Path::new("x.md"), "title = 1\n").unwrap_err();
        assert!(e.message.contains("does not start"));
        let e = split_front_matter(Path::new("x.md"), "+++\ntitle = 1\n").unwrap_err();
        assert!(e.message.contains("never closed"));
        assert_eq!(e.span, Some(0..3));
        let e = split_front_matter(Path::new("x.md"), "---\ntitle: 1\n---\n").unwrap_err();
        assert!(e.message.contains("YAML"));
    }
}
