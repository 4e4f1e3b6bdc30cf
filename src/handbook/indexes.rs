//! The handbook's indexes (by district, by product group, by process, by certification, A to Z):
//! headings and entries in Vietnamese order of the trading name (the registered name without its
//! legal form), each entry pointing at its directory entry's label. Product groups, processes and
//! certifications are headed by their names in the vocabularies (`content/data/*.toml`), so the
//! book's indexes group what the website's filters group.

use crate::model::{Enterprise, Lang, Model};
use crate::text::{compare_vi, distinctive_name, sort_vi_by};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use unicode_normalization::UnicodeNormalization;

/// A heading of an index with the enterprises under it.
#[derive(Debug, Serialize)]
pub struct IndexGroup {
    pub heading: String,
    pub entries: Vec<IndexEntry>,
}

/// One line of an index.
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    /// The distinctive name (without legal form), as the entry is sorted.
    pub name: String,
    /// The legal form left out of `name` ("Công ty TNHH"), if any.
    pub form: Option<String>,
    pub id: String,
}

/// The indexes of the book.
pub struct Indexes {
    pub district: Vec<IndexGroup>,
    pub product: Vec<IndexGroup>,
    pub process: Vec<IndexGroup>,
    pub certification: Vec<IndexGroup>,
    pub az: Vec<IndexGroup>,
}

/// Label of an enterprise's directory entry, the target of every index line.
pub fn enterprise_label(slug: &str) -> String {
    format!("dn-{slug}")
}

fn index_entry(e: &Enterprise) -> IndexEntry {
    let (name, form) = trading_name(&e.name.vi);
    IndexEntry {
        name: name.to_owned(),
        form: (!form.is_empty()).then(|| form.to_owned()),
        id: enterprise_label(&e.slug),
    }
}

/// The entries of `members`, each once, in Vietnamese order of the trading name.
fn sorted_entries<'m>(members: impl Iterator<Item = &'m Enterprise>) -> Vec<IndexEntry> {
    let mut v: Vec<&Enterprise> = members.collect();
    sort_vi_by(&mut v, |e| trading_name(&e.name.vi).0);
    v.dedup_by(|a, b| a.slug == b.slug);
    v.into_iter().map(index_entry).collect()
}

/// Builds the indexes of `model`.
pub fn build(model: &Model) -> Indexes {
    let vocab = model.vocabularies();
    Indexes {
        district: by_district(model),
        // Product groups, processes and certifications by their Vietnamese names in the
        // vocabularies.
        product: group_by_term(model, |e| {
            e.product_groups
                .iter()
                .map(|k| vocab.product_groups.label(k, Lang::Vi))
                .collect()
        }),
        process: group_by_term(model, |e| {
            e.processes
                .iter()
                .map(|k| vocab.processes.label(k, Lang::Vi))
                .collect()
        }),
        certification: group_by_term(model, |e| {
            e.certifications
                .iter()
                .map(|c| vocab.certifications.label(&c.key, Lang::Vi))
                .collect()
        }),
        az: a_to_z(model),
    }
}

/// Districts with enterprises, by name (not by "Huyện"/"Quận"), headed by their label.
fn by_district(model: &Model) -> Vec<IndexGroup> {
    let mut groups: Vec<(&str, IndexGroup)> = model
        .districts_in_use()
        .map(|(slug, members)| {
            let district = model.district(slug);
            let group = IndexGroup {
                heading: district.map_or_else(|| slug.to_owned(), |d| d.label(Lang::Vi)),
                entries: sorted_entries(members.iter().map(|&i| &model.enterprises()[i])),
            };
            (district.map_or(slug, |d| d.name.as_str()), group)
        })
        .collect();
    groups.sort_by(|a, b| compare_vi(a.0, b.0));
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Groups enterprises by each name `terms` gives (product groups, processes…), merging names that
/// differ only in case, headings and entries in Vietnamese order.
fn group_by_term<'m>(
    model: &'m Model,
    terms: impl Fn(&'m Enterprise) -> Vec<&'m str>,
) -> Vec<IndexGroup> {
    let mut groups: HashMap<String, (String, Vec<&Enterprise>)> = HashMap::new();
    for e in model.enterprises() {
        for t in terms(e) {
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            groups
                .entry(t.to_lowercase())
                .or_insert_with(|| (t.to_owned(), Vec::new()))
                .1
                .push(e);
        }
    }
    let mut out: Vec<IndexGroup> = groups
        .into_values()
        .map(|(heading, members)| IndexGroup {
            heading,
            entries: sorted_entries(members.into_iter()),
        })
        .collect();
    // Stable across runs: HashMap order is random, the collation may tie on case.
    out.sort_by(|a, b| compare_vi(&a.heading, &b.heading).then_with(|| a.heading.cmp(&b.heading)));
    out
}

/// Every enterprise under the letter of its trading name.
fn a_to_z(model: &Model) -> Vec<IndexGroup> {
    let mut az: BTreeMap<usize, IndexGroup> = BTreeMap::new();
    let mut by_name: Vec<&Enterprise> = model.enterprises().iter().collect();
    sort_vi_by(&mut by_name, |e| trading_name(&e.name.vi).0);
    let mut letters: Vec<String> = Vec::new();
    for e in by_name {
        let letter = initial(trading_name(&e.name.vi).0);
        let pos = match letters.iter().position(|l| *l == letter) {
            Some(p) => p,
            None => {
                letters.push(letter.clone());
                letters.len() - 1
            }
        };
        az.entry(pos)
            .or_insert_with(|| IndexGroup {
                heading: letter,
                entries: Vec::new(),
            })
            .entries
            .push(index_entry(e));
    }
    az.into_values().collect()
}

/// Splits a registered name into its distinctive name and legal form:
/// "Công ty TNHH Băng chun Đức Phong Lâm" → ("Băng chun Đức Phong Lâm", "Công ty TNHH").
pub fn trading_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    let rest = distinctive_name(name);
    (rest, name[..name.len() - rest.len()].trim_end())
}

/// The letter an A–Z index files `name` under: the first letter without its tone mark but with
/// its vowel mark (Ấ → Â, Đ stays Đ), upper case; digits and symbols go under "#".
pub fn initial(name: &str) -> String {
    let Some(first) = name.chars().find(|c| !c.is_whitespace()) else {
        return "#".to_owned();
    };
    if !first.is_alphabetic() {
        return "#".to_owned();
    }
    std::iter::once(first)
        .nfd()
        // Tone marks: grave, acute, tilde, hook above, dot below.
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trading_names_drop_the_legal_form() {
        assert_eq!(
            trading_name("Công ty TNHH Băng chun Đức Phong Lâm"),
            ("Băng chun Đức Phong Lâm", "Công ty TNHH")
        );
        assert_eq!(
            trading_name("Công ty Cổ phần Đúc Tiến Thành"),
            ("Đúc Tiến Thành", "Công ty Cổ phần")
        );
        assert_eq!(
            trading_name("Công ty TNHH MTV Ánh Dương"),
            ("Ánh Dương", "Công ty TNHH MTV")
        );
        assert_eq!(trading_name("Hanel"), ("Hanel", ""));
    }

    #[test]
    fn initials_keep_vowel_marks_not_tones() {
        assert_eq!(initial("Ấn Độ"), "Â");
        assert_eq!(initial("ước"), "Ư");
        assert_eq!(initial("Đông"), "Đ");
        assert_eq!(initial("ắc quy"), "Ă");
        assert_eq!(initial("Ánh"), "A");
        assert_eq!(initial("3M"), "#");
    }
}
