//! The fields of an enterprise that buyers shortlist on: its product groups, processes,
//! certifications and export markets (keys of the data vocabularies, checked here against them)
//! and its `[capability]` table.

use super::fields::Fields;
use super::terms::check_refs;
use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{
    Capability, Equipment, HeldCertification, QualityMethod, SpokenLanguage, Text, TextList,
    Vocabularies, Vocabulary,
};

/// Fields of an enterprise's `[capability]` table.
pub const CAPABILITY_FIELDS: &[&str] = &[
    "ownership",
    "languages",
    "equipment",
    "materials",
    "materials_en",
    "tolerance",
    "monthly_capacity",
    "monthly_capacity_en",
    "quality_equipment",
    "quality_equipment_en",
    "quality_methods",
];
/// Fields of one `[[capability.equipment]]` table.
pub const EQUIPMENT_FIELDS: &[&str] = &["kind", "kind_en", "count", "capacity"];
/// Fields of a certification written as a table in `certifications`.
pub const CERTIFICATE_FIELDS: &[&str] = &["key", "body", "expires"];

/// The buyer-facing fields of one enterprise.
pub struct Profile {
    /// Product group keys.
    pub product_groups: Vec<Key<crate::model::terms::ProductGroup>>,
    /// Process keys.
    pub processes: Vec<Key<crate::model::terms::Process>>,
    /// Certifications held.
    pub certifications: Vec<HeldCertification>,
    /// Export market keys.
    pub export_markets: Vec<Key<crate::model::terms::Country>>,
    /// The capability profile.
    pub capability: Capability,
}

/// Reads the keys of `field`, each checked against `terms`, each once.
fn keys<K: TermKind>(f: &mut Fields, terms: &Terms<K>, field: &str) -> Vec<Key<K>> {
    let written = f.str_list(field);
    let mut out: Vec<Key<K>> = Vec::with_capacity(written.len());
    let file = f.file().to_path_buf();
    let refs: Vec<(Key<K>, std::ops::Range<usize>)> = written
        .into_iter()
        .map(|a| (Key::new(a.value), a.span))
        .collect();
    check_refs(
        terms,
        &file,
        field,
        refs.iter().map(|(k, s)| (k, s.clone())),
        f.diags,
    );
    for (k, _) in refs {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// Reads the buyer-facing fields of an enterprise's front matter.
pub fn read(f: &mut Fields, vocab: &Vocabularies) -> Profile {
    let product_groups = keys(f, &vocab.product_groups, "product_groups");
    let processes = keys(f, &vocab.processes, "processes");
    let export_markets = keys(f, &vocab.countries, "export_markets");
    let certifications = certifications(f, &vocab.certifications);
    let capability = f
        .sub("capability", CAPABILITY_FIELDS, capability)
        .unwrap_or_default();
    Profile {
        product_groups,
        processes,
        certifications,
        export_markets,
        capability,
    }
}

/// `certifications = ["iso-14001", { key = "iso-9001", body = "Bureau Veritas", expires = 2027-03-14 }]`
fn certifications(
    f: &mut Fields,
    terms: &Terms<crate::model::terms::CertificationKind>,
) -> Vec<HeldCertification> {
    let file = f.file().to_path_buf();
    let field = "certifications";
    let held = f.each_text_or_table(
        field,
        CERTIFICATE_FIELDS,
        |f, key| {
            let k = Key::new(key.value);
            check_refs(terms, &file, field, [(&k, key.span)], f.diags);
            Some(HeldCertification {
                key: k,
                body: None,
                expires: None,
            })
        },
        |t| {
            let key = t.req_str("key", "the certification's key, e.g. \"iso-9001\"")?;
            let k = Key::new(key.value);
            check_refs(terms, &file, field, [(&k, key.span)], t.diags);
            Some(HeldCertification {
                key: k,
                body: t.opt_str("body").map(|a| a.value),
                expires: t.opt_date("expires").map(|a| a.value),
            })
        },
    );
    let mut out: Vec<HeldCertification> = Vec::with_capacity(held.len());
    for h in held {
        if !out.iter().any(|o| o.key == h.key) {
            out.push(h);
        }
    }
    out
}

fn list(f: &mut Fields, vi: &str, en: &str) -> TextList {
    TextList {
        vi: f.str_list(vi).into_iter().map(|a| a.value).collect(),
        en: f.str_list(en).into_iter().map(|a| a.value).collect(),
    }
}

/// A list of values of the fixed vocabulary `V` (`languages`, `quality_methods`), each once.
fn fixed<V: Vocabulary>(f: &mut Fields, field: &str) -> Vec<V> {
    let mut out: Vec<V> = Vec::new();
    for a in f.str_list(field) {
        if let Some(v) = f.vocab_value::<V>(field, a) {
            if !out.contains(&v.value) {
                out.push(v.value);
            }
        }
    }
    out
}

fn capability(c: &mut Fields) -> Capability {
    let ownership = c.opt_vocab("ownership").map(|a| a.value);
    let languages = fixed::<SpokenLanguage>(c, "languages");
    let quality_methods = fixed::<QualityMethod>(c, "quality_methods");
    let equipment = c
        .each("equipment", EQUIPMENT_FIELDS, |e| {
            let kind = e.req_str("kind", "what the machine is, e.g. \"Máy dập\"")?;
            Some(Equipment {
                kind: Text::new(kind.value, e.opt_str("kind_en").map(|a| a.value)),
                count: e.opt_int("count", 1..=100_000).map(|a| a.value),
                capacity: e.opt_str("capacity").map(|a| a.value),
            })
        })
        .into_iter()
        .flatten()
        .collect();
    let materials = list(c, "materials", "materials_en");
    let quality_equipment = list(c, "quality_equipment", "quality_equipment_en");
    let tolerance = c.opt_str("tolerance").map(|a| a.value);
    let monthly_en = c.opt_str("monthly_capacity_en").map(|a| a.value);
    let monthly_capacity = c
        .opt_str("monthly_capacity")
        .map(|a| Text::new(a.value, monthly_en));
    Capability {
        ownership,
        languages,
        equipment,
        materials,
        tolerance,
        monthly_capacity,
        quality_equipment,
        quality_methods,
    }
}
