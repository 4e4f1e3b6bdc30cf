//! Synonyms at query time, so they cost the index nothing: each enterprise's search record holds
//! one token per vocabulary entry it names (and per broader entry: a turning shop is found by
//! "CNC machining"), out of sight in its hidden metadata; `/tim-kiem/tu-khoa.json` maps every
//! folded name, key and synonym of every entry to that token, and the search page
//! (`themes/cnht/static/js/search.js`) rewrites the reader's words with it and searches both the
//! words as typed and the rewritten ones. Adding a synonym to a data file changes this small map,
//! never the index.

use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{Enterprise, Model};
use serde::Serialize;
use std::collections::BTreeMap;

/// The content of `/tim-kiem/tu-khoa.json`.
#[derive(Debug, Serialize)]
pub struct SynonymMap {
    /// Format version.
    pub v: u32,
    /// The most words a form has (the page tries longer phrases first).
    pub longest: usize,
    /// Folded form (`injection molding`, `ep phun`) → token (`qpinjectionmoulding`).
    pub forms: BTreeMap<String, String>,
}

fn add<K: TermKind>(terms: &Terms<K>, forms: &mut BTreeMap<String, String>) {
    for (form, i) in terms.forms() {
        // The first vocabulary to claim a form keeps it (processes, groups, certifications,
        // countries): a reader's "cnc" is a process before anything else.
        forms
            .entry(form.to_owned())
            .or_insert_with(|| crate::model::terms::token::<K>(&terms.all()[i].key));
    }
}

/// The synonym map of the model's vocabularies.
pub fn synonym_map(model: &Model) -> SynonymMap {
    let v = model.vocabularies();
    let mut forms = BTreeMap::new();
    add(&v.processes, &mut forms);
    add(&v.product_groups, &mut forms);
    add(&v.certifications, &mut forms);
    add(&v.countries, &mut forms);
    let longest = forms
        .keys()
        .map(|f| f.split(' ').count())
        .max()
        .unwrap_or(0);
    SynonymMap {
        v: 1,
        longest,
        forms,
    }
}

fn push<K: TermKind>(terms: &Terms<K>, keys: &[Key<K>], out: &mut Vec<String>) {
    for k in keys {
        for t in terms.tokens(k) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
}

/// The tokens of the entries `e` names: product groups, processes, certifications, export
/// markets.
pub fn tokens(model: &Model, e: &Enterprise) -> Vec<String> {
    let v = model.vocabularies();
    let mut out = Vec::new();
    push(&v.product_groups, &e.product_groups, &mut out);
    push(&v.processes, &e.processes, &mut out);
    let certs: Vec<Key<_>> = e.certifications.iter().map(|c| c.key.clone()).collect();
    push(&v.certifications, &certs, &mut out);
    push(&v.countries, &e.export_markets, &mut out);
    out
}
