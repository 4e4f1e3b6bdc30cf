//! The data of the directory's shortlists (`/doanh-nghiep/bo-loc.json`), kept small enough for a
//! phone: for each published enterprise, by its position in directory order, only the indexes of
//! its value in every facet and the numbers it can be sorted by. Names, products and everything
//! a card shows are in the files of cards (`urls::cards_file`, rendered by the page templates), which
//! `themes/cnht/static/js/filters.js` fetches only for the cards it shows or exports.
//!
//! The facets are a list, each carrying its address parameter, its names and its values, so a
//! facet added here appears in the browser without a template or script change.

use super::filters::SIZE_BANDS;
use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{urls, Enterprise, Labelled, Lang, Model, Ownership, SpokenLanguage};
use crate::text::{distinctive_name, sort_key};
use serde::Serialize;

/// Format version of the filter data.
pub const VERSION: u32 = 2;

/// The address key of the "any value" choice of a facet that has one (`?kcn=bat-ky`: in any
/// industrial park).
pub const ANY: &str = "bat-ky";

/// One value of a facet: key, Vietnamese label, English label (when it differs).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue(
    pub String,
    pub String,
    #[serde(skip_serializing_if = "Option::is_none")] pub Option<String>,
);

impl FacetValue {
    /// A value with its labels; the English one is left out when it is the Vietnamese one.
    pub fn new(key: &str, vi: &str, en: Option<&str>) -> FacetValue {
        FacetValue(
            key.to_owned(),
            vi.to_owned(),
            en.filter(|e| *e != vi).map(str::to_owned),
        )
    }
}

/// One facet of the directory.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// Address parameter (`linh-vuc` in `?linh-vuc=…`).
    pub key: &'static str,
    /// Name, [Vietnamese, English].
    pub name: [String; 2],
    /// Whether an enterprise can have several values (its cell is a list).
    pub multi: bool,
    /// The label, [Vietnamese, English], of the choice "any value" (key [`ANY`]), when the facet
    /// offers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any: Option<[String; 2]>,
    /// The values some enterprise has.
    pub values: Vec<FacetValue>,
    /// Per enterprise (directory order), the indexes of its values.
    #[serde(skip)]
    of: Vec<Vec<usize>>,
}

impl Facet {
    /// A facet over `values`, with `of(e)` the indexes (into `values`) of each enterprise's ones;
    /// values no enterprise has are dropped and the indexes renumbered.
    fn new(
        key: &'static str,
        name: [String; 2],
        multi: bool,
        values: Vec<FacetValue>,
        model: &Model,
        of: impl Fn(&Enterprise) -> Vec<usize>,
    ) -> Facet {
        let of: Vec<Vec<usize>> = model.enterprises().iter().map(of).collect();
        let mut used = vec![false; values.len()];
        for &i in of.iter().flatten() {
            used[i] = true;
        }
        let mut next = 0;
        let renumber: Vec<usize> = used
            .iter()
            .map(|&u| {
                next += usize::from(u);
                next.wrapping_sub(1)
            })
            .collect();
        let values = values
            .into_iter()
            .zip(&used)
            .filter(|(_, &u)| u)
            .map(|(v, _)| v)
            .collect();
        let of = of
            .into_iter()
            .map(|ix| {
                let mut ix: Vec<usize> = ix.into_iter().map(|i| renumber[i]).collect();
                ix.sort_unstable();
                ix.dedup();
                ix
            })
            .collect();
        Facet {
            key,
            name,
            multi,
            any: None,
            values,
            of,
        }
    }
}

/// What the shortlists can be sorted by besides the directory's own (Vietnamese) order of names;
/// one entry per enterprise in directory order.
#[derive(Debug, Clone, Serialize)]
pub struct SortKeys {
    /// Employees (size), when known.
    #[serde(rename = "quy-mo")]
    pub employees: Vec<Option<i64>>,
    /// Year founded, when known.
    #[serde(rename = "nam")]
    pub founded: Vec<Option<i64>>,
    /// Position in the order of the names shown on English pages (the English name, else the
    /// Vietnamese one), by the same collation as the directory.
    pub name_en: Vec<u32>,
}

/// The content of `/doanh-nghiep/bo-loc.json`.
#[derive(Debug, Clone, Serialize)]
pub struct FilterData {
    /// Format version ([`VERSION`]).
    pub v: u32,
    /// Number of published enterprises.
    pub n: usize,
    /// Enterprises a file of cards holds ([`urls::CARDS_PER_FILE`]).
    pub per_file: usize,
    /// Address of the files of cards, without the language prefix ([`urls::CARDS`]).
    pub cards: &'static str,
    /// The facets, in the order of the cells of [`FilterData::items`].
    pub facets: Vec<Facet>,
    /// Sort keys.
    pub sort: SortKeys,
    /// Per enterprise, one cell per facet.
    pub items: Vec<Vec<Cell>>,
}

/// The value of one enterprise in one facet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// The index of its value, `-1` for none (a single-valued facet).
    One(i64),
    /// The indexes of its values (a multi-valued facet).
    Many(Vec<usize>),
}

/// The directory's filter data. `name(key)` gives the [Vietnamese, English] interface string
/// `key` (the facets' names live with the theme's other interface strings).
pub fn filter_data(model: &Model, name: &dyn Fn(&str) -> [String; 2]) -> FilterData {
    let index = |keys: Vec<&str>| -> std::collections::HashMap<String, usize> {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k.to_owned(), i))
            .collect()
    };
    let sectors = &model.site().sectors;
    let sector_ix = index(sectors.iter().map(|s| s.key.as_str()).collect());
    let mut districts: Vec<_> = model.districts().iter().collect();
    crate::text::sort_vi_by(&mut districts, |d| d.name.as_str());
    let district_ix = index(districts.iter().map(|d| d.slug.as_str()).collect());
    let park_ix = index(model.parks().iter().map(|p| p.slug.as_str()).collect());
    let vocab = model.vocabularies();
    let size_ix = index(SIZE_BANDS.iter().map(|b| b.0).collect());
    let one = |ix: &std::collections::HashMap<String, usize>, key: Option<&str>| -> Vec<usize> {
        key.and_then(|k| ix.get(k).copied()).into_iter().collect()
    };

    let mut parks = Facet::new(
        "kcn",
        name("filters_park"),
        false,
        model
            .parks()
            .iter()
            .map(|p| FacetValue::new(&p.slug, &p.name.vi, p.name.en()))
            .collect(),
        model,
        |e| one(&park_ix, e.industrial_park.as_deref()),
    );
    parks.any = Some(name("filters_any_park"));
    let facets = vec![
        Facet::new(
            "linh-vuc",
            name("filters_sector"),
            false,
            sectors
                .iter()
                .map(|s| FacetValue::new(&s.key, &s.name.vi, s.name.en()))
                .collect(),
            model,
            |e| one(&sector_ix, Some(&e.sector)),
        ),
        Facet::new(
            "quan",
            name("filters_district"),
            false,
            districts
                .iter()
                .map(|d| FacetValue::new(&d.slug, &d.label(Lang::Vi), Some(&d.label(Lang::En))))
                .collect(),
            model,
            |e| one(&district_ix, Some(&e.district)),
        ),
        parks,
        Facet::new(
            "chung-nhan",
            name("filters_certification"),
            true,
            term_values(&vocab.certifications),
            model,
            |e| {
                e.certifications
                    .iter()
                    .filter_map(|c| vocab.certifications.position(&c.key))
                    .collect()
            },
        ),
        Facet::new(
            urls::FILTER_PRODUCT_GROUP,
            name("filters_product"),
            true,
            term_values(&vocab.product_groups),
            model,
            |e| term_positions(&vocab.product_groups, &e.product_groups),
        ),
        Facet::new(
            "quy-mo",
            name("filters_size"),
            false,
            SIZE_BANDS
                .iter()
                .map(|b| FacetValue::new(b.0, b.1, Some(b.2)))
                .collect(),
            model,
            |e| vec![size_ix[super::filters::size_band(e.employees)]],
        ),
        Facet::new(
            urls::FILTER_PROCESS,
            name("field_processes"),
            true,
            term_values(&vocab.processes),
            model,
            |e| term_positions(&vocab.processes, &e.processes),
        ),
        Facet::new(
            "thi-truong",
            name("field_export_markets"),
            true,
            term_values(&vocab.countries),
            model,
            |e| term_positions(&vocab.countries, &e.export_markets),
        ),
        Facet::new(
            "so-huu",
            name("field_ownership"),
            false,
            fixed_values::<Ownership>(),
            model,
            |e| fixed_positions(e.capability.ownership.into_iter()),
        ),
        Facet::new(
            "ngon-ngu",
            name("field_languages"),
            true,
            fixed_values::<SpokenLanguage>(),
            model,
            |e| fixed_positions(e.capability.languages.iter().copied()),
        ),
    ];
    let ents = model.enterprises();
    let items = (0..ents.len())
        .map(|i| {
            facets
                .iter()
                .map(|f| match (f.multi, f.of[i].first()) {
                    (true, _) => Cell::Many(f.of[i].clone()),
                    (false, Some(&v)) => Cell::One(v as i64),
                    (false, None) => Cell::One(-1),
                })
                .collect()
        })
        .collect();
    FilterData {
        v: VERSION,
        n: ents.len(),
        per_file: urls::CARDS_PER_FILE,
        cards: urls::CARDS,
        facets,
        sort: SortKeys {
            employees: ents.iter().map(|e| e.employees).collect(),
            founded: ents.iter().map(|e| e.founded).collect(),
            name_en: english_ranks(ents),
        },
        items,
    }
}

/// The values of a data vocabulary's facet: every entry, in the vocabulary's order.
fn term_values<K: TermKind>(terms: &Terms<K>) -> Vec<FacetValue> {
    terms
        .all()
        .iter()
        .map(|t| FacetValue::new(&t.key, &t.name.vi, t.name.en()))
        .collect()
}

/// The positions in `terms` of the entries `keys` name.
fn term_positions<K: TermKind>(terms: &Terms<K>, keys: &[Key<K>]) -> Vec<usize> {
    keys.iter().filter_map(|k| terms.position(k)).collect()
}

/// The values of a fixed vocabulary's facet (ownership, languages), in its order.
fn fixed_values<V: Labelled>() -> Vec<FacetValue> {
    V::ALL
        .iter()
        .map(|v| FacetValue::new(v.key(), v.label(Lang::Vi), Some(v.label(Lang::En))))
        .collect()
}

/// The positions of `vs` in their fixed vocabulary.
fn fixed_positions<V: Labelled>(vs: impl Iterator<Item = V>) -> Vec<usize> {
    vs.filter_map(|v| V::ALL.iter().position(|&x| x == v))
        .collect()
}

/// The position of each enterprise in the order of its English-page name.
fn english_ranks(ents: &[Enterprise]) -> Vec<u32> {
    let mut order: Vec<(Vec<u8>, usize)> = ents
        .iter()
        .enumerate()
        .map(|(i, e)| (sort_key(distinctive_name(e.name.pick(Lang::En).text)), i))
        .collect();
    order.sort();
    let mut rank = vec![0u32; ents.len()];
    for (r, (_, i)) in order.into_iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}
