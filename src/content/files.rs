//! The Markdown files of the records, read and parsed in parallel; with the memo of a caller
//! that loads the same content again and again (`cnht serve`), a file whose text and context
//! have not changed is taken from it (`memo::LoadMemo`) instead of being parsed again, and one
//! whose settled stamp has not changed either is not even read.

use super::memo::{self, LoadMemo};
use super::{records, source, ParsedFile, Section};
use crate::diagnostics::{Diagnostic, Sources};
use crate::messages::content as say;
use crate::model::Vocabularies;
use crate::text::slugify;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Reads and parses every job (section, absolute path, name the slug comes from), in the jobs'
/// order; also says the SHA-256 of each file's text, by its path relative to `root`, when there
/// is a memo. `sources` holds every file read before the records (what a parse depends on).
pub(super) fn read_and_parse(
    root: &Path,
    jobs: &[(Section, PathBuf, String)],
    vocabularies: &Vocabularies,
    samples_by_default: bool,
    memo: Option<&LoadMemo>,
    sources: &Sources,
) -> (Vec<ParsedFile>, HashMap<PathBuf, memo::Digest32>) {
    // With a memo: what a file's parse depends on besides its text — every file read so far
    // (settings, data tables, vocabularies) and the language of the messages.
    let memo = memo.map(|m| (m, m.files(), memo::context(sources)));
    // Taken before any file is looked at: a file last written two seconds before this is
    // settled, and its stamp is kept with its text (`memo::Stamp`).
    let now = SystemTime::now();
    let results: Vec<(ParsedFile, Option<Kept>)> = jobs
        .par_iter()
        .map(|(kind, path, stem)| {
            let before = memo
                .as_ref()
                .and_then(|(_, b, c)| b.get(path).filter(|p| p.is_in(c)));
            // With a memo, the file system is asked first: a file whose settled stamp has not
            // changed since the memo read it is neither read nor parsed again.
            let stamp = memo
                .as_ref()
                .and_then(|_| std::fs::metadata(path).ok())
                .map(|meta| (memo::Stamp::of(&meta), memo::Stamp::settled(&meta, now)));
            if let (Some(p), Some((current, _))) = (before, &stamp) {
                if let Some(src) = p.unchanged_source(current) {
                    let parsed = (
                        *kind,
                        p.slug.clone(),
                        Some(src.clone()),
                        p.record.clone(),
                        p.diagnostics.clone(),
                    );
                    return (parsed, Some((p.clone(), Reuse::Unread)));
                }
            }
            let mut d = Vec::new();
            let src = match source::read(root, path) {
                Ok(s) => s,
                // A file that is not UTF-8 still exists (links to it are not broken) and its
                // text, as far as it goes, lets the error point at the bad byte.
                Err(e) => {
                    return (
                        (*kind, slugify(stem), e.lossy, None, vec![e.diagnostic]),
                        None,
                    )
                }
            };
            let read = stamp
                .and_then(|(_, settled)| settled)
                .map(|s| (s, src.clone()));
            let text = memo.as_ref().map(|_| memo::digest(src.text.as_bytes()));
            if let (Some((_, _, context)), Some(text)) = (&memo, &text) {
                if let Some(p) = before.filter(|p| p.is_of(text, context)) {
                    let parsed = (
                        *kind,
                        p.slug.clone(),
                        Some(src),
                        p.record.clone(),
                        p.diagnostics.clone(),
                    );
                    // The same text: its parse is kept, with the stamp of this read.
                    let p = match read {
                        Some(r) => Arc::new(p.read_again(Some(r))),
                        None => p.clone(),
                    };
                    return (parsed, Some((p, Reuse::Unparsed)));
                }
            }
            let slug = slugify(stem);
            if slug != *stem {
                d.push(Diagnostic::warned(&src.rel, say::unclean_name(stem, &slug)));
            }
            let rec = records::parse(*kind, &src, &slug, vocabularies, samples_by_default, &mut d);
            let kept = match (&memo, text) {
                (Some((_, _, context)), Some(text)) => Some((
                    Arc::new(memo::Parse::new(
                        text,
                        *context,
                        slug.clone(),
                        rec.clone(),
                        d.clone(),
                        read,
                    )),
                    Reuse::None,
                )),
                _ => None,
            };
            ((*kind, slug, Some(src), rec, d), kept)
        })
        .collect();
    let mut digests = HashMap::new();
    if let Some((memo, _, _)) = &memo {
        let mut kept = HashMap::with_capacity(jobs.len());
        let (mut reused, mut unread) = (0, 0);
        for ((_, path, _), (_, parse)) in jobs.iter().zip(&results) {
            if let Some((parse, reuse)) = parse {
                let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                digests.insert(rel, parse.text);
                reused += usize::from(*reuse != Reuse::None);
                unread += usize::from(*reuse == Reuse::Unread);
                kept.insert(path.clone(), parse.clone());
            }
        }
        memo.keep_files(kept);
        memo.set_reused_files(reused);
        memo.set_unread(unread);
    }
    let results = results.into_iter().map(|(parsed, _)| parsed).collect();
    (results, digests)
}

/// A file's parse as the memo will keep it, and what it owes to the memo.
type Kept = (Arc<memo::Parse>, Reuse);

/// What a file's parse owes to the memo.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reuse {
    /// Parsed now.
    None,
    /// Read now; the same text was parsed before.
    Unparsed,
    /// Neither read nor parsed: its settled stamp had not changed.
    Unread,
}
