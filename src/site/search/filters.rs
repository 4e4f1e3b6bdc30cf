//! The data of the directory's filters (`/doanh-nghiep/bo-loc.json`): per enterprise its slug,
//! names and the indexes of its sector, district, park, certifications, product groups, size
//! band, processes, export markets, ownership and languages, for
//! `themes/cnht/static/js/filters.js` to count and filter in the browser. Product groups,
//! processes, certifications and markets are named by the data vocabularies.

use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{Labelled, Lang, Model, Ownership, SpokenLanguage, Vocabulary};
use serde::Serialize;
use std::collections::HashMap;

/// Size bands of Nghị định 80/2021/NĐ-CP for industry and construction, by employees:
/// (key, upper bound). Enterprises without a head count are `chua-ro`.
pub const SIZE_BANDS: &[(&str, &str, &str, Option<i64>)] = &[
    (
        "sieu-nho",
        "Siêu nhỏ (≤ 10 lao động)",
        "Micro (≤ 10 employees)",
        Some(10),
    ),
    (
        "nho",
        "Nhỏ (11–100 lao động)",
        "Small (11–100 employees)",
        Some(100),
    ),
    (
        "vua",
        "Vừa (101–200 lao động)",
        "Medium (101–200 employees)",
        Some(200),
    ),
    (
        "lon",
        "Lớn (> 200 lao động)",
        "Large (> 200 employees)",
        None,
    ),
    ("chua-ro", "Chưa rõ", "Unknown", None),
];

/// The size band key of an enterprise with `employees` (ND 80/2021, industry: ≤10 micro,
/// ≤100 small, ≤200 medium, more large; `chua-ro` when unknown).
pub fn size_band(employees: Option<i64>) -> &'static str {
    match employees {
        None => "chua-ro",
        Some(n) if n <= 10 => "sieu-nho",
        Some(n) if n <= 100 => "nho",
        Some(n) if n <= 200 => "vua",
        Some(_) => "lon",
    }
}

/// One value of a facet: key, Vietnamese label, English label (when it differs).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue(
    pub String,
    pub String,
    #[serde(skip_serializing_if = "Option::is_none")] pub Option<String>,
);

/// The facets of the directory, in the order of their index in [`FilterItem`]'s fields.
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    /// Sectors (`?linh-vuc=`).
    #[serde(rename = "linh-vuc")]
    pub sectors: Vec<FacetValue>,
    /// Districts (`?quan=`).
    #[serde(rename = "quan")]
    pub districts: Vec<FacetValue>,
    /// Industrial parks (`?kcn=`).
    #[serde(rename = "kcn")]
    pub parks: Vec<FacetValue>,
    /// Certifications (`?chung-nhan=`).
    #[serde(rename = "chung-nhan")]
    pub certifications: Vec<FacetValue>,
    /// Product groups (`?san-pham=`).
    #[serde(rename = "san-pham")]
    pub products: Vec<FacetValue>,
    /// Size bands (`?quy-mo=`).
    #[serde(rename = "quy-mo")]
    pub sizes: Vec<FacetValue>,
    /// Processes (`?cong-nghe=`).
    #[serde(rename = "cong-nghe")]
    pub processes: Vec<FacetValue>,
    /// Export markets (`?thi-truong=`).
    #[serde(rename = "thi-truong")]
    pub markets: Vec<FacetValue>,
    /// Ownership (`?so-huu=`).
    #[serde(rename = "so-huu")]
    pub ownership: Vec<FacetValue>,
    /// Languages spoken with buyers (`?ngon-ngu=`).
    #[serde(rename = "ngon-ngu")]
    pub languages: Vec<FacetValue>,
}

/// One enterprise of the filter data, as a JSON array to keep the file small:
/// `[slug, name, name_en|null, sector, district, park|-1, [certifications], [product groups], size,
/// [processes], [export markets], ownership|-1, [languages]]` (numbers are indexes into the
/// facets' value lists).
#[derive(Debug, Clone, PartialEq)]
pub struct FilterItem {
    /// URL slug (the page is `/doanh-nghiep/<slug>/`).
    pub slug: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Sector index.
    pub sector: usize,
    /// District index.
    pub district: usize,
    /// Park index, if any.
    pub park: Option<usize>,
    /// Certification indexes.
    pub certifications: Vec<usize>,
    /// Product group indexes.
    pub products: Vec<usize>,
    /// Size band index.
    pub size: usize,
    /// Process indexes.
    pub processes: Vec<usize>,
    /// Export market indexes.
    pub markets: Vec<usize>,
    /// Ownership index, if written.
    pub ownership: Option<usize>,
    /// Language indexes.
    pub languages: Vec<usize>,
}

impl Serialize for FilterItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(13)?;
        t.serialize_element(&self.slug)?;
        t.serialize_element(&self.name)?;
        t.serialize_element(&self.name_en)?;
        t.serialize_element(&self.sector)?;
        t.serialize_element(&self.district)?;
        t.serialize_element(&self.park.map_or(-1, |p| p as i64))?;
        t.serialize_element(&self.certifications)?;
        t.serialize_element(&self.products)?;
        t.serialize_element(&self.size)?;
        t.serialize_element(&self.processes)?;
        t.serialize_element(&self.markets)?;
        t.serialize_element(&self.ownership.map_or(-1, |p| p as i64))?;
        t.serialize_element(&self.languages)?;
        t.end()
    }
}

/// The content of `/doanh-nghiep/bo-loc.json`.
#[derive(Debug, Clone, Serialize)]
pub struct FilterData {
    /// Format version.
    pub v: u32,
    /// The facets and their values.
    pub facets: Facets,
    /// The published enterprises, in directory order.
    pub items: Vec<FilterItem>,
}

fn value(key: &str, vi: &str, en: Option<&str>) -> FacetValue {
    FacetValue(
        key.to_owned(),
        vi.to_owned(),
        en.filter(|e| *e != vi).map(str::to_owned),
    )
}

/// A facet of a data vocabulary: the entries some enterprise names, in the vocabulary's order.
struct TermFacet<'m, K: TermKind> {
    terms: &'m Terms<K>,
    /// Position in the vocabulary → index among the values in use.
    ix: HashMap<usize, usize>,
    in_use: Vec<usize>,
}

impl<'m, K: TermKind> TermFacet<'m, K> {
    fn new<'e>(terms: &'m Terms<K>, named: impl Iterator<Item = &'e [Key<K>]>) -> Self {
        let mut used = vec![false; terms.all().len()];
        for keys in named {
            for k in keys {
                if let Some(p) = terms.position(k) {
                    used[p] = true;
                }
            }
        }
        let in_use: Vec<usize> = (0..used.len()).filter(|&p| used[p]).collect();
        let ix = in_use.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        TermFacet { terms, ix, in_use }
    }

    fn indexes(&self, keys: &[Key<K>]) -> Vec<usize> {
        let mut v: Vec<usize> = keys
            .iter()
            .filter_map(|k| {
                self.terms
                    .position(k)
                    .and_then(|p| self.ix.get(&p).copied())
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn values(&self) -> Vec<FacetValue> {
        self.in_use
            .iter()
            .map(|&p| {
                let t = &self.terms.all()[p];
                value(&t.key, &t.name.vi, t.name.en())
            })
            .collect()
    }
}

/// A facet of a fixed vocabulary of the model (ownership, languages): the values in use, in the
/// vocabulary's order.
struct FixedFacet<V: Vocabulary> {
    in_use: Vec<V>,
}

impl<V: Labelled> FixedFacet<V> {
    fn new(named: impl Iterator<Item = Vec<V>>) -> Self {
        let mut seen: Vec<V> = Vec::new();
        for vs in named {
            for v in vs {
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
        }
        FixedFacet {
            in_use: V::ALL
                .iter()
                .copied()
                .filter(|v| seen.contains(v))
                .collect(),
        }
    }

    fn index(&self, v: V) -> Option<usize> {
        self.in_use.iter().position(|&x| x == v)
    }

    fn values(&self) -> Vec<FacetValue> {
        self.in_use
            .iter()
            .map(|&v| value(v.key(), v.label(Lang::Vi), Some(v.label(Lang::En))))
            .collect()
    }
}

/// The directory's filter data: facet values (only those some enterprise has) and one entry per
/// published enterprise.
pub fn filter_data(model: &Model) -> FilterData {
    // Keep values some enterprise has, in the model's order.
    let sectors: Vec<_> = model
        .site()
        .sectors
        .iter()
        .filter(|s| !model.in_sector(&s.key).is_empty())
        .collect();
    let mut districts: Vec<_> = model
        .districts()
        .iter()
        .filter(|d| !model.in_district(&d.slug).is_empty())
        .collect();
    crate::text::sort_vi_by(&mut districts, |d| d.name.as_str());
    let parks: Vec<_> = model
        .parks()
        .iter()
        .filter(|p| !model.in_park(&p.slug).is_empty())
        .collect();
    let pos = |keys: Vec<&str>| -> HashMap<String, usize> {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k.to_owned(), i))
            .collect()
    };
    let sector_ix = pos(sectors.iter().map(|s| s.key.as_str()).collect());
    let district_ix = pos(districts.iter().map(|d| d.slug.as_str()).collect());
    let park_ix = pos(parks.iter().map(|p| p.slug.as_str()).collect());
    let cert_ix = pos(model
        .certifications()
        .iter()
        .map(|c| c.slug.as_str())
        .collect());
    let size_ix = pos(SIZE_BANDS.iter().map(|b| b.0).collect());
    let vocab = model.vocabularies();
    let all = model.enterprises();
    let groups = TermFacet::new(
        &vocab.product_groups,
        all.iter().map(|e| &e.product_groups[..]),
    );
    let processes = TermFacet::new(&vocab.processes, all.iter().map(|e| &e.processes[..]));
    let markets = TermFacet::new(&vocab.countries, all.iter().map(|e| &e.export_markets[..]));
    let ownership = FixedFacet::<Ownership>::new(
        all.iter()
            .map(|e| e.capability.ownership.into_iter().collect()),
    );
    let languages =
        FixedFacet::<SpokenLanguage>::new(all.iter().map(|e| e.capability.languages.clone()));

    let items: Vec<FilterItem> = model
        .enterprises()
        .iter()
        .map(|e| FilterItem {
            slug: e.slug.clone(),
            name: e.name.vi.clone(),
            name_en: e.name.en.clone(),
            sector: sector_ix.get(&e.sector).copied().unwrap_or(0),
            district: district_ix.get(&e.district).copied().unwrap_or(0),
            park: e
                .industrial_park
                .as_ref()
                .and_then(|p| park_ix.get(p).copied()),
            certifications: {
                let mut c: Vec<usize> = e
                    .certifications
                    .iter()
                    .filter_map(|c| cert_ix.get(c.key.as_str()).copied())
                    .collect();
                c.sort_unstable();
                c.dedup();
                c
            },
            products: groups.indexes(&e.product_groups),
            size: size_ix[size_band(e.employees)],
            processes: processes.indexes(&e.processes),
            markets: markets.indexes(&e.export_markets),
            ownership: e.capability.ownership.and_then(|o| ownership.index(o)),
            languages: e
                .capability
                .languages
                .iter()
                .filter_map(|&l| languages.index(l))
                .collect(),
        })
        .collect();

    // Size bands: only those in use, indexes remapped.
    let used = |pick: &dyn Fn(&FilterItem) -> Vec<usize>, n: usize| -> Vec<bool> {
        let mut u = vec![false; n];
        for it in &items {
            for i in pick(it) {
                u[i] = true;
            }
        }
        u
    };
    let sizes_used = used(&|it| vec![it.size], SIZE_BANDS.len());
    let remap = |u: &[bool]| -> Vec<Option<usize>> {
        let mut next = 0;
        u.iter()
            .map(|&x| {
                x.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    };
    let size_map = remap(&sizes_used);
    let items = items
        .into_iter()
        .map(|mut it| {
            it.size = size_map[it.size].unwrap_or(0);
            it
        })
        .collect();

    FilterData {
        v: 1,
        facets: Facets {
            sectors: sectors
                .iter()
                .map(|s| value(&s.key, &s.name.vi, s.name.en()))
                .collect(),
            districts: districts
                .iter()
                .map(|d| value(&d.slug, &d.label(Lang::Vi), Some(&d.label(Lang::En))))
                .collect(),
            parks: parks
                .iter()
                .map(|p| value(&p.slug, &p.name.vi, p.name.en()))
                .collect(),
            certifications: model
                .certifications()
                .iter()
                .map(|c| value(&c.slug, &c.name, None))
                .collect(),
            products: groups.values(),
            sizes: SIZE_BANDS
                .iter()
                .zip(&sizes_used)
                .filter(|(_, &u)| u)
                .map(|(b, _)| value(b.0, b.1, Some(b.2)))
                .collect(),
            processes: processes.values(),
            markets: markets.values(),
            ownership: ownership.values(),
            languages: languages.values(),
        },
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_of_decree_80() {
        assert_eq!(size_band(None), "chua-ro");
        assert_eq!(size_band(Some(10)), "sieu-nho");
        assert_eq!(size_band(Some(11)), "nho");
        assert_eq!(size_band(Some(100)), "nho");
        assert_eq!(size_band(Some(200)), "vua");
        assert_eq!(size_band(Some(201)), "lon");
    }
}
