//! The Markdown files of the records, read and parsed in parallel; with the memo of a caller
//! that loads the same content again and again (`cnht serve`), a file whose text and context
//! have not changed is taken from it (`memo::LoadMemo`) instead of being parsed again.

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
    let results: Vec<(ParsedFile, Option<Arc<memo::Parse>>)> = jobs
        .par_iter()
        .map(|(kind, path, stem)| {
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
            let text = memo.as_ref().map(|_| memo::digest(src.text.as_bytes()));
            if let (Some((_, before, context)), Some(text)) = (&memo, &text) {
                if let Some(p) = before.get(path).filter(|p| p.is_of(text, context)) {
                    let parsed = (
                        *kind,
                        p.slug.clone(),
                        Some(src),
                        p.record.clone(),
                        p.diagnostics.clone(),
                    );
                    return (parsed, Some(p.clone()));
                }
            }
            let slug = slugify(stem);
            if slug != *stem {
                d.push(Diagnostic::warned(&src.rel, say::unclean_name(stem, &slug)));
            }
            let rec = records::parse(*kind, &src, &slug, vocabularies, samples_by_default, &mut d);
            let kept = match (&memo, text) {
                (Some((_, _, context)), Some(text)) => Some(Arc::new(memo::Parse::new(
                    text,
                    *context,
                    slug.clone(),
                    rec.clone(),
                    d.clone(),
                ))),
                _ => None,
            };
            ((*kind, slug, Some(src), rec, d), kept)
        })
        .collect();
    let mut digests = HashMap::new();
    if let Some((memo, before, _)) = &memo {
        let mut kept = HashMap::with_capacity(jobs.len());
        let mut reused = 0;
        for ((_, path, _), (_, parse)) in jobs.iter().zip(&results) {
            if let Some(parse) = parse {
                let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                digests.insert(rel, parse.text);
                // A parse taken from the memo is the memo's own (the same allocation).
                reused += usize::from(before.get(path).is_some_and(|b| Arc::ptr_eq(b, parse)));
                kept.insert(path.clone(), parse.clone());
            }
        }
        memo.keep_files(kept);
        memo.set_reused_files(reused);
    }
    let results = results.into_iter().map(|(parsed, _)| parsed).collect();
    (results, digests)
}
