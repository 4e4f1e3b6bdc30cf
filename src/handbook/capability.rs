//! An enterprise's capability profile in the handbook entry: each fact as one line of text in
//! the book's language (Vietnamese), names from the label table; a fact not written is absent,
//! so the entry prints no empty row. A one-page capability sheet can print the same lines.

use crate::model::{Capability, Lang};
use serde::Serialize;

/// The capability facts of one entry, ready to print.
#[derive(Debug, Default, Serialize)]
pub struct CapabilityLines<'m> {
    /// Main equipment: `Máy dập × 12 (25–200 t); …`.
    pub equipment: Option<String>,
    /// Materials.
    pub materials: Option<String>,
    /// Tolerance or precision class.
    pub tolerance: Option<&'m str>,
    /// Monthly capacity.
    pub monthly_capacity: Option<&'m str>,
    /// Measuring and testing equipment.
    pub quality_equipment: Option<String>,
    /// Quality methods.
    pub quality_methods: Option<String>,
    /// Ownership.
    pub ownership: Option<&'static str>,
    /// Languages spoken with buyers.
    pub languages: Option<String>,
}

fn joined<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> Option<String> {
    let v: Vec<&str> = items.collect();
    (!v.is_empty()).then(|| v.join(sep))
}

impl<'m> CapabilityLines<'m> {
    /// The lines of `c`.
    pub fn of(c: &'m Capability) -> Self {
        let lang = Lang::Vi;
        let equipment: Vec<String> = c
            .equipment
            .iter()
            .map(|m| {
                let mut s = m.kind.vi.clone();
                if let Some(n) = m.count {
                    s.push_str(&format!(" × {n}"));
                }
                if let Some(cap) = &m.capacity {
                    s.push_str(&format!(" ({cap})"));
                }
                s
            })
            .collect();
        CapabilityLines {
            equipment: (!equipment.is_empty()).then(|| equipment.join("; ")),
            materials: joined(c.materials.vi.iter().map(String::as_str), "; "),
            tolerance: c.tolerance.as_deref(),
            monthly_capacity: c.monthly_capacity.as_ref().map(|t| t.vi.as_str()),
            quality_equipment: joined(c.quality_equipment.vi.iter().map(String::as_str), "; "),
            quality_methods: joined(c.quality_methods.iter().map(|q| q.label(lang)), "; "),
            ownership: c.ownership.map(|o| o.label(lang)),
            languages: joined(c.languages.iter().map(|l| l.label(lang)), ", "),
        }
    }
}
