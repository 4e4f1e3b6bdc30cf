//! Every Markdown body of the content, read once (`markdown::scan`) for the checks that look
//! inside bodies: their limits (`markdown_limits`) and their links and raw HTML
//! (`validate::links`). A caller that loads the same content again and again (`cnht serve`, on
//! every save) passes a `LoadMemo`: a body whose text has not changed since the last load is not
//! parsed again.

use super::memo::LoadMemo;
use super::Parsed;
use crate::markdown::Scan;
use crate::model::{Article, Enterprise, Model, Origin, Page, Policy};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The scans of one load, by body: the file of its origin and where the body starts in it (a
/// record's Vietnamese body and its English translation start at different places).
#[derive(Default)]
pub(crate) struct Scans(HashMap<(PathBuf, usize), Arc<Scan>>);

impl Scans {
    /// The scan of the body that `origin` locates.
    pub fn of(&self, origin: &Origin) -> Option<&Scan> {
        // Keyed by the owned path; the lookup builds one key per body, cheap next to a parse.
        self.0
            .get(&(origin.file.clone(), origin.body_offset))
            .map(|s| &**s)
    }
}

/// Every body of `p`, Vietnamese and English, published or not, in the order of the records.
pub(super) fn all_bodies(p: &Parsed) -> Vec<(&Origin, &str)> {
    bodies_of(&p.enterprises, &p.policies, p.articles.iter(), &p.pages).collect()
}

/// The Markdown bodies of the model's records.
pub(super) fn published(model: &Model) -> impl Iterator<Item = (&Origin, &str)> {
    let articles = model.market().iter().chain(model.news());
    bodies_of(
        model.enterprises(),
        model.policies(),
        articles,
        model.pages(),
    )
}

/// The Vietnamese bodies of these records, then their English translations.
fn bodies_of<'a>(
    enterprises: &'a [Enterprise],
    policies: &'a [Policy],
    articles: impl Iterator<Item = &'a Article> + Clone + 'a,
    pages: &'a [Page],
) -> impl Iterator<Item = (&'a Origin, &'a str)> {
    let vietnamese = enterprises
        .iter()
        .map(|e| (&e.origin, e.body.markdown.as_str()))
        .chain(
            policies
                .iter()
                .map(|x| (&x.origin, x.body.markdown.as_str())),
        )
        .chain(articles.clone().map(|x| (&x.origin, x.body.as_str())))
        .chain(pages.iter().map(|x| (&x.origin, x.body.markdown.as_str())));
    let english = enterprises
        .iter()
        .filter_map(|e| e.body.english.as_ref())
        .chain(policies.iter().filter_map(|x| x.body.english.as_ref()))
        .chain(articles.filter_map(|x| x.english.as_ref()))
        .chain(pages.iter().filter_map(|x| x.body.english.as_ref()))
        .map(|en| (&en.origin, en.markdown.as_str()));
    vietnamese.chain(english)
}

/// Scans every body of `p` in parallel, taking from `memo` what it already holds and leaving in
/// it exactly this load's scans.
pub(super) fn scan_all(p: &Parsed, raw_html: bool, memo: Option<&LoadMemo>) -> Scans {
    let bodies = all_bodies(p);
    let Some(memo) = memo else {
        return Scans(
            bodies
                .par_iter()
                .map(|(origin, body)| {
                    (
                        key_of(origin),
                        Arc::new(crate::markdown::scan(body, raw_html)),
                    )
                })
                .collect(),
        );
    };
    let before = memo.scans();
    let found: Vec<_> = bodies
        .par_iter()
        .map(|(origin, body)| {
            let key = p
                .digests
                .get(&origin.file)
                .map(|file| (*file, origin.body_offset, raw_html));
            let scan = match key.as_ref().and_then(|k| before.get(k)) {
                Some(scan) => scan.clone(),
                None => Arc::new(crate::markdown::scan(body, raw_html)),
            };
            (key, key_of(origin), scan)
        })
        .collect();
    let mut kept = HashMap::with_capacity(found.len());
    let mut scans = HashMap::with_capacity(found.len());
    let mut reused = 0;
    for (key, at, scan) in found {
        if let Some(key) = key {
            reused += usize::from(before.get(&key).is_some_and(|b| Arc::ptr_eq(b, &scan)));
            kept.insert(key, scan.clone());
        }
        scans.insert(at, scan);
    }
    drop(before);
    memo.set_reused_bodies(reused);
    memo.keep_scans(kept);
    Scans(scans)
}

fn key_of(origin: &Origin) -> (PathBuf, usize) {
    (origin.file.clone(), origin.body_offset)
}
