//! The directory's data vocabularies (`content/data/processes.toml`, `product-groups.toml`,
//! `certifications.toml`, `countries.toml`): entries with a key, names in both languages and the
//! synonyms people type or write in survey cells. Records refer to an entry by its key
//! ([`Key`]), so a name is written once, in the data file, and every output (pages, filters,
//! statistics, search, open data, the handbook's indexes) reads it from here.
//!
//! Matching a free text onto an entry ([`Terms::find`]) compares folded forms (lower case, no
//! tone or vowel marks, `đ` → `d`, runs of punctuation and spaces as one space), so "Ép phun",
//! "ep phun" and "EP-PHUN" are the same words, and every name and synonym is a way in.

use super::bilingual::{Picked, Text};
use super::Lang;
use serde::Serialize;
use std::collections::HashMap;
use std::marker::PhantomData;

/// Which vocabulary a [`Key`] belongs to, with the facts its file and messages need.
pub trait TermKind: 'static {
    /// The data file under `content/`, e.g. `data/processes.toml`.
    const FILE: &'static str;
    /// The array of tables in the file, e.g. `processes`.
    const TABLE: &'static str;
    /// What one entry is, in messages ("process", "country").
    const NOUN: &'static str;
    /// The same in Vietnamese ("công nghệ gia công", "quốc gia").
    const NOUN_VI: &'static str;
    /// The prefix of the entry's search token (see [`Term::token`]).
    const TOKEN: &'static str;
}

macro_rules! term_kind {
    ($(#[$m:meta])* $name:ident, $file:literal, $table:literal, $noun:literal, $noun_vi:literal, $token:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {}
        impl TermKind for $name {
            const FILE: &'static str = $file;
            const TABLE: &'static str = $table;
            const NOUN: &'static str = $noun;
            const NOUN_VI: &'static str = $noun_vi;
            const TOKEN: &'static str = $token;
        }
    };
}

term_kind!(
    /// Production processes (stamping, injection moulding, CNC machining…).
    Process,
    "data/processes.toml",
    "processes",
    "process",
    "công nghệ gia công",
    "qp"
);
term_kind!(
    /// Product groups (automotive parts, moulds and dies…).
    ProductGroup,
    "data/product-groups.toml",
    "groups",
    "product group",
    "nhóm sản phẩm",
    "qg"
);
term_kind!(
    /// Certifications (ISO 9001:2015, IATF 16949:2016…), with issuer and versions.
    CertificationKind,
    "data/certifications.toml",
    "certifications",
    "certification",
    "chứng nhận",
    "qc"
);
term_kind!(
    /// Countries by ISO 3166 alpha-2 code, with their names.
    Country,
    "data/countries.toml",
    "countries",
    "country",
    "quốc gia",
    "qn"
);

/// A record's reference to an entry of the vocabulary `K`, by the entry's key.
pub struct Key<K: TermKind>(String, PhantomData<fn() -> K>);

impl<K: TermKind> Key<K> {
    /// The reference to the entry `key` (checked against the vocabulary by `cnht check`).
    pub fn new(key: impl Into<String>) -> Self {
        Key(key.into(), PhantomData)
    }

    /// The key as written in content files and open data.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<K: TermKind> Clone for Key<K> {
    fn clone(&self) -> Self {
        Key::new(self.0.clone())
    }
}

impl<K: TermKind> PartialEq for Key<K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: TermKind> Eq for Key<K> {}

impl<K: TermKind> std::hash::Hash for Key<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

impl<K: TermKind> std::fmt::Debug for Key<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", K::TABLE, self.0)
    }
}

impl<K: TermKind> Serialize for Key<K> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One entry of a vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The key records use (`stamping`, `iso-9001`, `JP`); also the entry's web address.
    pub key: String,
    /// The name in Vietnamese, with its English name.
    pub name: Text,
    /// Other ways of writing it: US/UK spellings, trade words, Vietnamese with or without marks.
    pub synonyms: Vec<String>,
    /// Certifications: the body that issues the standard (`ISO`, `IATF`, `OEKO-TEX`).
    pub issuer: Option<String>,
    /// Certifications: the versions of the standard, the current one first (`2015`, `2008`).
    pub versions: Vec<String>,
    /// Certifications: a national mark (TCVN, QCVN, VietGAP), not an international standard.
    pub national: bool,
    /// Processes: the key of a broader entry of the same vocabulary (`turning` → `cnc-machining`),
    /// so a search for the broader entry finds the narrower ones too.
    pub broader: Option<String>,
}

impl Term {
    /// An entry of a vocabulary with only its key, names and synonyms (processes, groups and
    /// countries have nothing more).
    pub fn named(key: &str, name: Text, synonyms: &[&str]) -> Term {
        Term {
            key: key.to_owned(),
            name,
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            issuer: None,
            versions: Vec::new(),
            national: false,
            broader: None,
        }
    }

    /// The name shown in `lang` (the Vietnamese one when there is no English name).
    pub fn label(&self, lang: Lang) -> &str {
        self.name.pick(lang).text
    }

    /// Every way of writing the entry, folded: its key, names and synonyms, each once.
    pub fn forms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = [self.key.as_str(), self.name.vi.as_str()]
            .into_iter()
            .chain(self.name.en())
            .chain(self.synonyms.iter().map(String::as_str));
        for f in all.map(normalise).filter(|f| !f.is_empty()) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }
}

/// Folded form for matching: lower case, marks dropped, `đ` → `d`, every run of characters that
/// are neither letters nor digits one space. "Ép-phun  (nhựa)" → "ep phun nhua".
pub fn normalise(s: &str) -> String {
    crate::text::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A vocabulary: its entries in file order, with lookups by key and by every folded form.
#[derive(Debug, Clone)]
pub struct Terms<K: TermKind> {
    list: Vec<Term>,
    by_key: HashMap<String, usize>,
    by_form: HashMap<String, usize>,
    kind: PhantomData<fn() -> K>,
}

impl<K: TermKind> Default for Terms<K> {
    fn default() -> Self {
        Terms::new(Vec::new())
    }
}

impl<K: TermKind> Terms<K> {
    /// The vocabulary of `list` (the loader has checked that keys are unique; a later duplicate
    /// form does not displace an earlier one).
    pub fn new(list: Vec<Term>) -> Self {
        let by_key = list
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key.clone(), i))
            .collect();
        let mut by_form = HashMap::new();
        for (i, t) in list.iter().enumerate() {
            for f in t.forms() {
                by_form.entry(f).or_insert(i);
            }
        }
        Terms {
            list,
            by_key,
            by_form,
            kind: PhantomData,
        }
    }

    /// The entries in file order.
    pub fn all(&self) -> &[Term] {
        &self.list
    }

    /// The entry `key` refers to.
    pub fn get(&self, key: &Key<K>) -> Option<&Term> {
        self.by_key(key.as_str())
    }

    /// The entry with the key `key`.
    pub fn by_key(&self, key: &str) -> Option<&Term> {
        self.by_key.get(key).map(|&i| &self.list[i])
    }

    /// The position of `key` in file order (for indexes into lists of entries).
    pub fn position(&self, key: &Key<K>) -> Option<usize> {
        self.by_key.get(key.as_str()).copied()
    }

    /// The name of `key` in `lang`; the key itself when the vocabulary does not have it.
    pub fn label<'a>(&'a self, key: &'a Key<K>, lang: Lang) -> &'a str {
        self.get(key).map_or(key.as_str(), |t| t.label(lang))
    }

    /// The names of `keys` in `lang`, each saying whether it fell back to Vietnamese; a key the
    /// vocabulary lacks as itself (`check` refuses one, so only a model built by hand has it).
    pub fn names<'a>(&'a self, keys: &'a [Key<K>], lang: Lang) -> Vec<Picked<'a, str>> {
        keys.iter()
            .map(|k| match self.get(k) {
                Some(t) => t.name.pick(lang),
                None => Picked {
                    text: k.as_str(),
                    fell_back: false,
                },
            })
            .collect()
    }

    /// The entry whose key, name or synonym is `text` once folded ("ep phun", "Injection
    /// molding", "iso 9001"); `None` when none is.
    pub fn find(&self, text: &str) -> Option<&Term> {
        self.by_form.get(&normalise(text)).map(|&i| &self.list[i])
    }

    /// Every folded form with the position of its entry (for the search page's synonym map).
    pub fn forms(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_form.iter().map(|(f, &i)| (f.as_str(), i))
    }

    /// The search tokens of the entry `key` refers to: its own and those of its broader entries
    /// (see [`token`]); none for a key the vocabulary does not have.
    pub fn tokens(&self, key: &Key<K>) -> Vec<String> {
        let mut out = Vec::new();
        let mut next = self.get(key);
        while let Some(t) = next {
            let tok = token::<K>(&t.key);
            if out.contains(&tok) {
                break;
            }
            out.push(tok);
            next = t.broader.as_deref().and_then(|b| self.by_key(b));
        }
        out
    }
}

/// The one word the search index holds for an entry, whatever name or synonym a record or a
/// reader uses: the vocabulary's prefix and the key's letters and digits (`qpstamping`,
/// `qciso9001`, `qnjp`). Readers' words are turned into it at query time, so synonyms cost the
/// index nothing.
pub fn token<K: TermKind>(key: &str) -> String {
    let mut t = String::from(K::TOKEN);
    t.extend(
        key.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase()),
    );
    t
}

/// The four vocabularies of the directory.
#[derive(Debug, Clone, Default)]
pub struct Vocabularies {
    /// `content/data/processes.toml`.
    pub processes: Terms<Process>,
    /// `content/data/product-groups.toml`.
    pub product_groups: Terms<ProductGroup>,
    /// `content/data/certifications.toml`.
    pub certifications: Terms<CertificationKind>,
    /// `content/data/countries.toml`.
    pub countries: Terms<Country>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(key: &str, vi: &str, en: &str, synonyms: &[&str]) -> Term {
        Term::named(key, Text::new(vi, Some(en.into())), synonyms)
    }

    #[test]
    fn finds_by_key_name_and_synonym_folded() {
        let t: Terms<Process> = Terms::new(vec![
            term(
                "injection-moulding",
                "Ép phun",
                "Injection moulding",
                &["injection molding", "ép nhựa"],
            ),
            term(
                "stamping",
                "Dập kim loại",
                "Metal stamping",
                &["press", "dập"],
            ),
        ]);
        for text in [
            "ep phun",
            "ÉP PHUN",
            "Injection Molding",
            "injection-moulding",
            "ép  nhựa",
        ] {
            assert_eq!(
                t.find(text).map(|t| t.key.as_str()),
                Some("injection-moulding"),
                "{text}"
            );
        }
        assert_eq!(t.find("Dap").map(|t| t.key.as_str()), Some("stamping"));
        assert!(t.find("forging").is_none());
        let k = Key::<Process>::new("stamping");
        assert_eq!(t.label(&k, Lang::En), "Metal stamping");
        assert_eq!(t.label(&k, Lang::Vi), "Dập kim loại");
        assert_eq!(t.label(&Key::new("zz"), Lang::En), "zz");
        assert_eq!(t.position(&k), Some(1));
    }

    #[test]
    fn tokens_are_one_ascii_word() {
        assert_eq!(
            token::<Process>("injection-moulding"),
            "qpinjectionmoulding"
        );
        assert_eq!(token::<Country>("JP"), "qnjp");
        assert_eq!(normalise("Đúc  áp-lực (nhôm)"), "duc ap luc nhom");
    }
}
