//! Site search and directory filters, written after the pages from the model alone (no HTML is
//! parsed again):
//!
//! - `/pagefind/`: a [Pagefind](https://pagefind.app) index per language (Vietnamese, English) of
//!   enterprises, policies, market notes and news, one custom record per item with only the text
//!   worth finding, a `type` filter and, in a metadata field that is searched but not shown, an
//!   `đ`→`d` folded copy of the words that hold an `đ` (Pagefind drops tone and vowel marks itself
//!   but keeps `đ`, a letter of its own); of an enterprise's description only its opening
//!   ([`DESCRIPTION_WORDS`]). Built in shards of bounded size, merged by the search page
//!   (`shards`), unchanged shards kept between builds (`shard_cache`). The browser loads only the
//!   index chunks a query needs;
//!   the search page (`/tim-kiem/`, `/en/tim-kiem/`, `themes/cnht/static/js/search.js`) uses
//!   Pagefind's JavaScript API.
//! - `/doanh-nghiep/bo-loc.json`: the compact table the directory's filters
//!   (`themes/cnht/static/js/filters.js`) count, filter and sort in the browser: per enterprise
//!   the indexes of its values in each facet and its sort keys (`shortlist`); the cards it shows
//!   come from the files of cards the page renderer writes.

use super::output::{output_path, write_file};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::messages::files::{cannot, Cannot};
use crate::model::{urls, Article, ArticleKind, Enterprise, Lang, Model, Policy};
use crate::text::{fold, lead};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

mod filters;
mod shard_cache;
mod shards;
mod shortlist;
mod synonyms;

pub use filters::{size_band, SIZE_BANDS};
pub use shard_cache::wait_for_removals;
pub use shards::{records_per_shard, shard_bundles, PAGEFIND_VERSION, SHARD_SWITCH};
pub use shortlist::{filter_data, Cell, Facet, FacetValue, FilterData, SortKeys, ANY};
pub use synonyms::{synonym_map, SynonymMap};

/// The metadata field of a record's folded words.
pub const HIDDEN_META: &str = "khong_dau";

/// Set `CNHT_SEARCH=off` to leave the search index out of a build (only to measure its cost; see
/// BENCHMARKS.md). The filter data is always written.
const SWITCH: &str = "CNHT_SEARCH";

/// What the search step wrote.
#[derive(Debug, Clone, Default)]
pub struct SearchSummary {
    /// Records in the search index, all languages together.
    pub records: usize,
    /// Files written (Pagefind bundle and filter data).
    pub files: usize,
    /// Shards of the search index (one Pagefind bundle each; see `shards`).
    pub shards: usize,
    /// Shards taken unchanged from the cache (`.cache/search/`).
    pub shards_reused: usize,
}

/// Writes the Pagefind bundle into `out/pagefind/` and the filter data into `out/doanh-nghiep/`;
/// `strings` are the theme's interface strings (the facets' names).
pub fn write(
    model: &Model,
    strings: &super::templates::Strings,
    out: &Path,
    digests: Option<&super::memo::Digests>,
) -> Result<SearchSummary, Diagnostic> {
    let names = |key: &str| [strings.get(Lang::Vi, key), strings.get(Lang::En, key)];
    let data = serde_json::to_vec(&filter_data(model, &names))
        .map_err(|e| Diagnostic::said(urls::FILTER_DATA, cannot(Cannot::Encode, e)))?;
    let data_path = output_path(out, urls::FILTER_DATA);
    write_file(&data_path, &data)?;
    let map = serde_json::to_vec(&synonym_map(model))
        .map_err(|e| Diagnostic::said(urls::SEARCH_SYNONYMS, cannot(Cannot::Encode, e)))?;
    write_file(&output_path(out, urls::SEARCH_SYNONYMS), &map)?;
    let mut summary = SearchSummary {
        records: 0,
        files: 2,
        ..SearchSummary::default()
    };
    if std::env::var(SWITCH).is_ok_and(|v| v == "off") {
        return Ok(summary);
    }
    // The index in shards of at most `shards::records_per_shard` items, each built (both
    // languages, one after the other), written and dropped before the next: Pagefind holds every
    // record's word map until it writes, so this bounds the step's memory whatever the number of
    // records. A shard whose records did not change since a build that kept `.cache/` is taken
    // from the cache instead of being indexed again (keyed by the records' digests when a
    // rebuild has them: then only the shard indexed again makes its records).
    let written = shards::write(model, out, digests)?;
    summary.records += written.records;
    summary.files += written.files;
    summary.shards = written.shards;
    summary.shards_reused = written.reused;
    Ok(summary)
}

/// The kind of a search record, also its `type` filter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// An enterprise of the directory.
    Enterprise,
    /// A legal document.
    Policy,
    /// A market note.
    Market,
    /// A news item.
    News,
}

impl Kind {
    /// The `type` filter value (an ASCII key; the page translates it).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Enterprise => "doanh-nghiep",
            Kind::Policy => "chinh-sach",
            Kind::Market => "thi-truong",
            Kind::News => "tin-tuc",
        }
    }
}

/// One item of the search index, built from the model.
#[derive(Debug, Clone)]
pub struct Record {
    /// Page address.
    pub url: String,
    /// ISO 639-1 language of the index it goes into.
    pub language: String,
    /// What it is.
    pub kind: Kind,
    /// Title shown in the results.
    pub title: String,
    /// The indexed text (excerpts are taken from it).
    pub content: String,
    /// Searchable words that are not shown (the metadata field [`HIDDEN_META`]): the `đ`-folded
    /// copies.
    pub hidden: String,
}

impl Record {
    fn new(url: String, lang: Lang, kind: Kind, title: String, parts: &[&str]) -> Record {
        let mut content = String::new();
        for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            if !content.is_empty() {
                // A full stop keeps a phrase from running into the next field in excerpts.
                if !content.ends_with(['.', '!', '?', ':']) {
                    content.push('.');
                }
                content.push(' ');
            }
            content.push_str(p);
        }
        // English pages name Vietnamese places and firms too: folded in both languages.
        let hidden = d_folded_words(&format!("{title} {content}")).join(" ");
        Record {
            url,
            language: lang.code().to_owned(),
            kind,
            title,
            content,
            hidden,
        }
    }

    /// Adds `words` to the hidden words (vocabulary tokens).
    pub fn add_hidden(&mut self, words: &[String]) {
        for w in words {
            if !self.hidden.is_empty() {
                self.hidden.push(' ');
            }
            self.hidden.push_str(w);
        }
    }

    /// Everything a query can match: the content, then the hidden words.
    pub fn indexed_text(&self) -> String {
        if self.hidden.is_empty() {
            self.content.clone()
        } else {
            format!("{} {}", self.content, self.hidden)
        }
    }
}

/// The words of `text` that contain `đ`/`Đ`, folded (`Đông` → `dong`), each once, in order.
/// Pagefind finds "dong" in "Động" by itself; not in "Đông", where `đ` is a letter, not a mark.
pub fn d_folded_words(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.contains(['đ', 'Đ']))
        .map(fold)
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// The forms a tax code is found by: as written, and the 10 digits without the branch suffix.
pub fn tax_code_words(tax: &str) -> Vec<String> {
    let mut words = vec![tax.to_owned()];
    if let Some((main, _branch)) = tax.split_once('-') {
        words.push(main.to_owned());
        words.push(tax.replace('-', ""));
    }
    words
}

/// The search records of every enterprise, policy, market note and news item in `lang`.
pub fn records(model: &Model, lang: Lang) -> Vec<Record> {
    records_of(model, lang, 0..item_count(model))
}

/// How many items the search indexes (in each language): enterprises, policies, market notes
/// and news, in that order.
pub fn item_count(model: &Model) -> usize {
    model.enterprises().len() + model.policies().len() + model.market().len() + model.news().len()
}

/// The records of the items at `range` (positions in the order of [`item_count`]) in `lang`.
pub fn records_of(model: &Model, lang: Lang, range: std::ops::Range<usize>) -> Vec<Record> {
    use rayon::prelude::*;
    let (e, p, m) = (model.enterprises(), model.policies(), model.market());
    // In parallel: a rebuild makes every shard's records to key it (BENCHMARKS.md, "Stage E").
    range
        .into_par_iter()
        .filter_map(|i| {
            if let Some(x) = e.get(i) {
                return Some(enterprise(model, x, lang));
            }
            let i = i - e.len();
            if let Some(x) = p.get(i) {
                return Some(policy(x, lang));
            }
            let i = i - p.len();
            m.get(i)
                .or_else(|| model.news().get(i - m.len()))
                .map(|a| article(a, lang))
        })
        .collect()
}

/// Words of an enterprise's description that are indexed: its opening, where a profile says what
/// the firm makes. What readers search an enterprise by (names, products, processes,
/// certifications, place, sector, tax code) are fields of their own, indexed whole; indexing
/// every word of 600-word profiles made the index ten times larger and slower to build for
/// matches readers do not look for (BENCHMARKS.md, issue 16).
pub const DESCRIPTION_WORDS: usize = 50;

/// The plain text of the body a page shows (`Body::markdown_for`): left out of the English
/// index when the English page shows an English summary or notice in place of the Vietnamese body.
fn shown_body((markdown, vi_on_english_page): (&str, Option<&'static str>)) -> String {
    match vi_on_english_page {
        Some(_) => String::new(),
        None => markdown::plain_text(markdown),
    }
}

/// The first `words` words of [`shown_body`], without the plain text of the rest.
fn shown_lead(
    (markdown, vi_on_english_page): (&str, Option<&'static str>),
    words: usize,
) -> String {
    match vi_on_english_page {
        Some(_) => String::new(),
        None => markdown::plain_text_lead(markdown, words),
    }
}

fn enterprise(model: &Model, e: &Enterprise, lang: Lang) -> Record {
    let sector = model.sector(&e.sector).map(|s| s.name.pick(lang).text);
    let district = model.district(&e.district).map(|d| d.label(lang));
    let park = e
        .industrial_park
        .as_deref()
        .and_then(|p| model.park(p))
        .map(|p| p.name.pick(lang).text);
    let tax = tax_code_words(&e.tax_code).join(" ");
    let products = e.products.pick(lang).text.join(", ");
    // The products in the other language are found too.
    let other_products = e.products.other(lang).0.join(", ");
    // Vocabulary names in the page's language; every other name and synonym reaches the record
    // through its token (see `synonyms`).
    let v = model.vocabularies();
    let named = |names: Vec<&str>| names.join(", ");
    let groups = named(
        e.product_groups
            .iter()
            .map(|k| v.product_groups.label(k, lang))
            .collect(),
    );
    let processes = named(
        e.processes
            .iter()
            .map(|k| v.processes.label(k, lang))
            .collect(),
    );
    let certs = named(
        e.certifications
            .iter()
            .map(|c| v.certifications.label(&c.key, lang))
            .collect(),
    );
    let markets = named(
        e.export_markets
            .iter()
            .map(|k| v.countries.label(k, lang))
            .collect(),
    );
    let mut record = Record::new(
        lang.url(&urls::enterprise(&e.slug)),
        lang,
        Kind::Enterprise,
        e.name.pick(lang).text.to_owned(),
        &[
            &e.name.vi,
            e.name.en().unwrap_or(""),
            &products,
            &other_products,
            &groups,
            &processes,
            &certs,
            &markets,
            sector.unwrap_or(""),
            district.as_deref().unwrap_or(""),
            park.unwrap_or(""),
            &tax,
            &shown_lead(e.body.markdown_for(lang), DESCRIPTION_WORDS),
            lead(e.body.en().unwrap_or(""), DESCRIPTION_WORDS),
        ],
    );
    record.add_hidden(&synonyms::tokens(model, e));
    record
}

fn policy(p: &Policy, lang: Lang) -> Record {
    // The title as the page gives it; the Vietnamese kind stays searchable in both languages.
    let kind = p.kind.label(lang);
    Record::new(
        lang.url(&urls::policy(&p.slug)),
        lang,
        Kind::Policy,
        format!("{kind} {}: {}", p.number, p.title.pick(lang).text),
        &[
            &format!("{} {}", p.kind.key(), p.number),
            &p.title.vi,
            p.title.en().unwrap_or(""),
            &p.issuer,
            &shown_body(p.body.markdown_for(lang)),
            p.body.en().unwrap_or(""),
        ],
    )
}

fn article(a: &Article, lang: Lang) -> Record {
    let kind = match a.kind {
        ArticleKind::Market => Kind::Market,
        ArticleKind::News => Kind::News,
    };
    let tags = a.tags.join(", ");
    Record::new(
        lang.url(&urls::record(a.kind.section(), &a.slug)),
        lang,
        kind,
        a.title.pick(lang).text.to_owned(),
        &[
            a.summary.vi().unwrap_or(""),
            a.summary.en().unwrap_or(""),
            &tags,
            &shown_body(a.markdown_for(lang)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_only_words_with_d_stroke() {
        assert_eq!(
            d_folded_words("Huyện Đông Anh, đường Đông Anh; Động cơ"),
            ["dong", "duong"]
        );
        assert!(d_folded_words("Công nghiệp hỗ trợ").is_empty());
    }

    #[test]
    fn tax_codes_with_and_without_branch() {
        assert_eq!(tax_code_words("0101234567"), ["0101234567"]);
        assert_eq!(
            tax_code_words("0101234567-001"),
            ["0101234567-001", "0101234567", "0101234567001"]
        );
    }

    #[test]
    fn records_carry_folded_words_out_of_sight() {
        let r = Record::new(
            "/x/".into(),
            Lang::Vi,
            Kind::Enterprise,
            "Công ty Đông Á".into(),
            &["Huyện Đông Anh", "", "Sản phẩm"],
        );
        assert_eq!(r.content, "Huyện Đông Anh. Sản phẩm");
        assert_eq!(r.hidden, "dong");
        assert!(r.indexed_text().ends_with(" dong"));
    }
}
