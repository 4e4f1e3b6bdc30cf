//! Reading content files: UTF-8 text, front matter split at `+++` lines.

use crate::diagnostics::Diagnostic;
use crate::messages::content as say;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::boundary::{Boundary, Refusal, Refused};

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

/// The largest content file read: far beyond any page (the 2020 plan's full text is about 100 KB),
/// small enough that a file saved there by mistake (a log, a video) cannot exhaust the memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub struct ReadError {
    /// The error, pointing at the first bad byte when the file is not UTF-8.
    pub diagnostic: Diagnostic,
    /// For a file that is not UTF-8: its text with each bad byte shown as �, so the message can
    /// quote the line (offsets up to the first bad byte are the file's own).
    pub lossy: Option<SourceFile>,
}

/// Reads `abs` as UTF-8; a legacy-encoded or unreadable file is one clear error.
pub fn read(root: &Path, abs: &Path) -> Result<SourceFile, ReadError> {
    use std::io::Read;
    let rel = abs.strip_prefix(root).unwrap_or(abs).to_path_buf();
    let unreadable = |e: std::io::Error| ReadError {
        diagnostic: Diagnostic::said(&rel, say::unreadable(&e.to_string())),
        lossy: None,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(abs)
        .and_then(|f| {
            // Sized once from the file's length (read through `take`, the buffer would grow
            // and be copied step by step); a file that grows meanwhile is still read whole.
            let len = f.metadata().map(|m| m.len()).unwrap_or(0);
            bytes.reserve_exact(len.min(MAX_FILE_BYTES) as usize + 1);
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError {
            diagnostic: Diagnostic::said(&rel, say::too_large(MAX_FILE_BYTES / (1024 * 1024))),
            lossy: None,
        });
    }
    // Checked with SIMD: a tenth of std's time on Vietnamese text, where a quarter of the
    // characters take two or three bytes (std's check was a fifth of the load at 10,000
    // enterprises). Text that fails is checked again by std, whose error says where.
    let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just found `bytes` to be valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    match text {
        Ok(text) => Ok(SourceFile {
            rel,
            abs: abs.to_path_buf(),
            text: text.into(),
        }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            let lossy: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let diagnostic =
                Diagnostic::said(&rel, say::not_utf8(bad)).at(at..at + '\u{FFFD}'.len_utf8());
            Err(ReadError {
                diagnostic,
                lossy: Some(SourceFile {
                    rel,
                    abs: abs.to_path_buf(),
                    text: lossy,
                }),
            })
        }
    }
}

/// One entry found by [`walk`].
#[derive(Debug)]
pub struct Entry {
    /// The path as found (through any link), under the folder walked.
    pub path: PathBuf,
    /// 1 for the folder's own entries, 2 for theirs, …
    pub depth: usize,
    /// A file, or a link to a file inside the site.
    pub is_file: bool,
}

/// The entries of `dir` down to `max_depth`, sorted by name, in the order a reader lists them
/// (a folder, then its contents). Symbolic links are followed only inside the site (see
/// [`Boundary`]); each link that is not, and each folder that cannot be read, is a warning in
/// `diags`. The depth limit means no loop of links can make it run without end.
pub fn walk(
    boundary: &Boundary,
    dir: &Path,
    max_depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut out = Vec::new();
    match boundary.check(dir) {
        Ok(()) => visit(boundary, dir, 1, max_depth, &mut out, diags),
        Err(d) => diags.push(d),
    }
    out
}

fn visit(
    boundary: &Boundary,
    dir: &Path,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<Entry>,
    diags: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            if depth > 1 || dir.exists() {
                diags.push(
                    Diagnostic::warned(boundary.rel(dir), say::folder_unreadable(&e.to_string()))
                        .on_folder(),
                );
            }
            return;
        }
    };
    let mut found: Vec<(PathBuf, std::io::Result<std::fs::FileType>)> = entries
        .flatten()
        .map(|e| (e.path(), e.file_type()))
        .collect();
    found.sort_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
    for (path, kind) in found {
        let Ok(kind) = kind else { continue };
        let (is_dir, is_file) = if kind.is_symlink() {
            match boundary.follow(&path).and_then(|real| {
                std::fs::metadata(&real).map_err(|e| {
                    Diagnostic::warned(boundary.rel(&path), say::link_unfollowed(&e.to_string()))
                })
            }) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            (kind.is_dir(), kind.is_file())
        };
        if let Some(target) = is_file
            .then(|| path.file_name().and_then(|n| n.to_str()))
            .flatten()
            .and_then(crate::atomic_write::leftover_of)
        {
            diags.push(Diagnostic::warned(
                boundary.rel(&path),
                say::write_leftover(target),
            ));
        }
        out.push(Entry {
            path: path.clone(),
            depth,
            is_file,
        });
        if is_dir && depth < max_depth {
            visit(boundary, &path, depth + 1, max_depth, out, diags);
        }
    }
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
    let Some((s, e)) = first else {
        return Err(Diagnostic::said(rel, say::empty_file()).at(0..text.len()));
    };
    if text[s..e].trim() != "+++" {
        let what = if text[s..e].trim() == "---" {
            say::yaml_front_matter()
        } else {
            say::no_front_matter()
        };
        return Err(Diagnostic::said(rel, what).at(s..e));
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
    Err(Diagnostic::said(rel, say::front_matter_unclosed()).at(s..e))
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
    fn a_file_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        std::fs::write(&p, b"+++\ntitle = \"H\xC3\xA0 N\xE9i\"\n+++\n").unwrap();
        let e = read(dir.path(), &p).unwrap_err();
        let lossy = e.lossy.expect("the text as far as it can be read");
        let span = e.diagnostic.span.clone().expect("a place");
        assert_eq!(&lossy.text[span.clone()], "\u{FFFD}");
        assert_eq!(
            crate::diagnostics::line_col(&lossy.text, span.start),
            (2, 14)
        );
        assert!(
            e.diagnostic.message.contains("0xE9"),
            "{}",
            e.diagnostic.message
        );
        let e = split_front_matter(Path::new("x.md"), "").unwrap_err();
        assert_eq!(e.span, Some(0..0), "an empty file points at its start");
    }

    #[test]
    fn a_huge_file_is_refused_without_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        let f = std::fs::File::create(&p).unwrap();
        // Sparse: a 4 GB file that takes no disk space.
        f.set_len(4 << 30).unwrap();
        let e = read(dir.path(), &p).unwrap_err();
        assert!(
            e.diagnostic.message.contains("larger than 16 MB"),
            "{}",
            e.diagnostic.message
        );
        assert_eq!(e.diagnostic.file, Path::new("x.md"));
        std::fs::File::create(&p)
            .unwrap()
            .set_len(MAX_FILE_BYTES)
            .unwrap();
        assert!(read(dir.path(), &p).is_ok(), "the limit itself is allowed");
    }

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
