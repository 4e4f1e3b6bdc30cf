//! Reading the data vocabularies (`content/data/processes.toml`, `product-groups.toml`,
//! `certifications.toml`, `countries.toml`) and checking the records' references to them: an
//! unknown key is an error with "did you mean", and a name or synonym written in place of a key
//! is answered with that key.

use super::data::top;
use super::fields::{At, Fields};
use super::source::SourceFile;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::messages::content::{self as say, NearTerm};
use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{Term, Text, Vocabularies};
use std::collections::HashMap;
use std::path::Path;

const FIELDS: &[&str] = &[
    "key", "name", "name_en", "synonyms", "issuer", "versions", "national", "broader",
];

/// Reads the four vocabulary files under `content/data/` (a missing one is an empty vocabulary:
/// records that name its entries are then reported, pointing at the file to write).
pub(super) fn read_all(
    root: &Path,
    boundary: &super::source::Boundary,
    diags: &mut Vec<Diagnostic>,
    report: &mut crate::diagnostics::Report,
) -> Vocabularies {
    fn one<K: TermKind>(
        root: &Path,
        boundary: &super::source::Boundary,
        diags: &mut Vec<Diagnostic>,
        report: &mut crate::diagnostics::Report,
    ) -> Terms<K> {
        let path = root.join("content").join(K::FILE);
        if !super::present(boundary, &path, diags) {
            return Terms::default();
        }
        super::read_into(root, &path, diags, report)
            .map(|src| read::<K>(&src, diags))
            .unwrap_or_default()
    }
    Vocabularies {
        processes: one(root, boundary, diags, report),
        product_groups: one(root, boundary, diags, report),
        certifications: one(root, boundary, diags, report),
        countries: one(root, boundary, diags, report),
    }
}

/// Reads one vocabulary file; duplicate keys, and a name or synonym given to two entries, are
/// errors (a survey cell or a reader's word must lead to one entry).
pub fn read<K: TermKind>(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Terms<K> {
    let Some(table) = top(src, diags) else {
        return Terms::default();
    };
    let span = table.span();
    let mut f = Fields::new(&src.rel, 0, table.get_ref(), span, &[K::TABLE], "", diags);
    let entries: Vec<(Term, At<String>)> = f
        .each(K::TABLE, FIELDS, entry::<K>)
        .into_iter()
        .flatten()
        .collect();
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut forms: HashMap<String, String> = HashMap::new();
    let mut list = Vec::with_capacity(entries.len());
    for (term, key) in entries {
        if keys.insert(term.key.clone(), list.len()).is_some() {
            diags.push(
                Diagnostic::said(&src.rel, say::key_twice(&term.key))
                    .at(key.span.clone())
                    .field("key"),
            );
            continue;
        }
        for form in term.forms() {
            if let Some(other) = forms.insert(form.clone(), term.key.clone()) {
                diags.push(
                    Diagnostic::said(
                        &src.rel,
                        say::form_of_two(&form, &other, &term.key, (K::NOUN, K::NOUN_VI)),
                    )
                    .at(key.span.clone())
                    .field("synonyms"),
                );
            }
        }
        list.push(term);
    }
    for t in &list {
        if let Some(b) = &t.broader {
            if !keys.contains_key(b) {
                diags.push(Diagnostic::said(&src.rel, say::no_broader(b, &t.key)).field("broader"));
            }
        }
    }
    Terms::new(list)
}

fn entry<K: TermKind>(e: &mut Fields) -> Option<(Term, At<String>)> {
    let key = e.req_str("key", "the entry's key, e.g. \"stamping\"")?;
    let name = e.req_str("name", "the Vietnamese name");
    let name_en = e.opt_str("name_en").map(|a| a.value);
    let synonyms = e
        .str_list("synonyms")
        .into_iter()
        .map(|a| a.value)
        .collect();
    let issuer = e.opt_str("issuer").map(|a| a.value);
    let versions = e
        .str_list("versions")
        .into_iter()
        .map(|a| a.value)
        .collect();
    let national = e.opt_bool("national").unwrap_or(false);
    let broader = e.opt_str("broader").map(|a| a.value);
    let good = K::TABLE == "countries"
        && key.value.len() == 2
        && key.value.bytes().all(|b| b.is_ascii_uppercase())
        || K::TABLE != "countries" && crate::text::slugify(&key.value) == key.value;
    if !good {
        let slug = crate::text::slugify(&key.value);
        let said = say::bad_key(
            &key.value,
            (K::TABLE != "countries").then_some(slug.as_str()),
        );
        e.said_at("key", key.span.clone(), said);
        return None;
    }
    Some((
        Term {
            key: key.value.clone(),
            name: Text::new(name?.value, name_en),
            synonyms,
            issuer,
            versions,
            national,
            broader,
        },
        key,
    ))
}

/// The error for a record's reference `value` (at `span` of `field` in `file`) that is not a key
/// of `terms`: it names the key when `value` is one of the entry's names or synonyms, else the
/// closest key, else the first keys of the list.
pub fn unknown<K: TermKind>(
    terms: &Terms<K>,
    file: &Path,
    span: std::ops::Range<usize>,
    field: &str,
    value: &str,
) -> Diagnostic {
    let keys = terms.all().iter().map(|t| t.key.as_str());
    let first: Vec<&str> = keys.clone().take(12).collect();
    let first = format!(
        "{}{}",
        first.join(", "),
        if terms.all().len() > 12 { ", …" } else { "" }
    );
    let near = match (terms.find(value), did_you_mean(value, keys)) {
        (Some(t), _) => NearTerm::Named(&t.key, &t.name.vi),
        (None, Some(k)) => NearTerm::Close(k),
        (None, None) if terms.all().is_empty() => NearTerm::Empty,
        (None, None) => NearTerm::Keys(&first),
    };
    let said = say::unknown_term(value, (K::NOUN, K::NOUN_VI), K::FILE, near);
    Diagnostic::said(file, said).at(span).field(field)
}

/// Checks the references in `refs` (key and span, of `field` in `file`) against `terms`.
pub fn check_refs<'a, K: TermKind>(
    terms: &Terms<K>,
    file: &Path,
    field: &str,
    refs: impl IntoIterator<Item = (&'a Key<K>, std::ops::Range<usize>)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, span) in refs {
        if terms.get(key).is_none() {
            diags.push(unknown(terms, file, span, field, key.as_str()));
        }
    }
}
