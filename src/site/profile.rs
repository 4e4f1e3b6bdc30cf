//! The views of an enterprise's buyer-facing fields, in a page's language: the names of its
//! product groups, processes, certifications and export markets (from the data vocabularies), its
//! certificates (issuer, expiry, expired or not) and its capability profile. A text that has no
//! English version is marked `"vi"`, so the English page says "in Vietnamese" and sets `lang`.

use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{urls, Capability, Enterprise, Lang, Model};
use serde::Serialize;

/// A name in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct Named<'a> {
    /// The name.
    pub name: &'a str,
    /// `"vi"` when it is Vietnamese on an English page.
    pub lang: Option<&'static str>,
}

/// The names of `keys` in `lang` ([`Terms::names`]), marked `"vi"` where they fell back.
pub fn names<'a, K: TermKind>(
    terms: &'a Terms<K>,
    keys: &'a [Key<K>],
    lang: Lang,
) -> Vec<Named<'a>> {
    terms
        .names(keys, lang)
        .into_iter()
        .map(|p| Named {
            name: p.text,
            lang: p.lang_mark(),
        })
        .collect()
}

/// A certification on an enterprise page.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateView<'a> {
    /// Canonical name (`ISO 9001:2015`).
    pub name: &'a str,
    /// `"vi"` when the name is Vietnamese on an English page.
    pub name_lang: Option<&'static str>,
    /// The certification's listing.
    pub url: String,
    /// Who issues the standard (`ISO`, `IATF`).
    pub issuer: Option<&'a str>,
    /// The certification body named on the certificate.
    pub body: Option<&'a str>,
    /// Expiry date, ISO.
    pub expires: Option<String>,
    /// Whether it had expired on the build's date.
    pub expired: bool,
}

/// The certifications of `e` for a page in `lang`.
pub fn certificates<'a>(
    model: &'a Model,
    e: &'a Enterprise,
    lang: Lang,
) -> Vec<CertificateView<'a>> {
    let terms = &model.vocabularies().certifications;
    e.certifications
        .iter()
        .map(|c| {
            let term = terms.get(&c.key);
            let name = term.map(|t| t.name.pick(lang));
            CertificateView {
                name: name.map_or(c.key.as_str(), |p| p.text),
                name_lang: name.and_then(|p| p.lang_mark()),
                url: lang.url(&urls::certification(c.key.as_str())),
                issuer: term.and_then(|t| t.issuer.as_deref()),
                body: c.body.as_deref(),
                expires: c.expires.map(|d| d.to_string()),
                expired: c.expired(model.today()),
            }
        })
        .collect()
}

/// One kind of equipment on a page.
#[derive(Debug, Clone, Serialize)]
pub struct EquipmentView<'a> {
    /// What it is.
    pub kind: &'a str,
    /// `"vi"` when `kind` is Vietnamese on an English page.
    pub kind_lang: Option<&'static str>,
    /// How many.
    pub count: Option<i64>,
    /// Size or capacity, as written.
    pub capacity: Option<&'a str>,
}

/// The capability profile for a page in `lang`; `None` when nothing is filled in.
#[derive(Debug, Clone, Serialize)]
pub struct CapabilityView<'a> {
    /// Ownership, named.
    pub ownership: Option<&'static str>,
    /// Languages spoken with buyers, named.
    pub languages: Vec<&'static str>,
    /// Main equipment.
    pub equipment: Vec<EquipmentView<'a>>,
    /// Materials.
    pub materials: &'a [String],
    /// `"vi"` when the materials are Vietnamese on an English page.
    pub materials_lang: Option<&'static str>,
    /// Tolerance or precision class.
    pub tolerance: Option<&'a str>,
    /// Monthly capacity.
    pub monthly_capacity: Option<&'a str>,
    /// `"vi"` when the monthly capacity is Vietnamese on an English page.
    pub monthly_capacity_lang: Option<&'static str>,
    /// Measuring and testing equipment.
    pub quality_equipment: &'a [String],
    /// `"vi"` when the quality equipment is Vietnamese on an English page.
    pub quality_equipment_lang: Option<&'static str>,
    /// Quality methods, named.
    pub quality_methods: Vec<&'static str>,
}

impl<'a> CapabilityView<'a> {
    /// The view of `c` in `lang`, or `None` when `c` is empty.
    pub fn of(c: &'a Capability, lang: Lang) -> Option<Self> {
        if c.is_empty() {
            return None;
        }
        let materials = c.materials.pick(lang);
        let quality_equipment = c.quality_equipment.pick(lang);
        let monthly = c.monthly_capacity.as_ref().map(|t| t.pick(lang));
        Some(CapabilityView {
            ownership: c.ownership.map(|o| o.label(lang)),
            languages: c.languages.iter().map(|l| l.label(lang)).collect(),
            equipment: c
                .equipment
                .iter()
                .map(|m| {
                    let kind = m.kind.pick(lang);
                    EquipmentView {
                        kind: kind.text,
                        kind_lang: kind.lang_mark(),
                        count: m.count,
                        capacity: m.capacity.as_deref(),
                    }
                })
                .collect(),
            materials: materials.text,
            materials_lang: materials.lang_mark(),
            tolerance: c.tolerance.as_deref(),
            monthly_capacity: monthly.map(|p| p.text),
            monthly_capacity_lang: monthly.and_then(|p| p.lang_mark()),
            quality_equipment: quality_equipment.text,
            quality_equipment_lang: quality_equipment.lang_mark(),
            quality_methods: c.quality_methods.iter().map(|q| q.label(lang)).collect(),
        })
    }
}
