//! An enterprise's capability profile: the structured facts a buyer shortlists suppliers on
//! (equipment, materials, precision, capacity, quality equipment and methods, ownership,
//! languages), written in the enterprise file's `[capability]` table. Every field is optional;
//! numbers and measures (`±0.01 mm`, `25–200 t`) read the same in both languages, names have an
//! English version beside the Vietnamese one.

use super::bilingual::{Text, TextList};
use super::vocab::{Ownership, QualityMethod, SpokenLanguage};
use serde::Serialize;

/// The capability profile of an enterprise.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Capability {
    /// Domestic, joint venture or foreign-invested.
    pub ownership: Option<Ownership>,
    /// The languages it speaks with buyers.
    pub languages: Vec<SpokenLanguage>,
    /// Its main production equipment.
    pub equipment: Vec<Equipment>,
    /// Materials it works (`Thép SPCC`, `PA66 GF30`), in both languages.
    pub materials: TextList,
    /// Tolerance or precision class it holds, as written (`±0,01 mm`, `IT7`).
    pub tolerance: Option<String>,
    /// Monthly capacity, in both languages (`2 triệu chi tiết` / `2 million parts`).
    pub monthly_capacity: Option<Text>,
    /// Measuring and testing equipment (`Máy đo 3 chiều CMM`), in both languages.
    pub quality_equipment: TextList,
    /// Quality methods it runs for buyers (PPAP, APQP…).
    pub quality_methods: Vec<QualityMethod>,
}

impl Capability {
    /// Whether nothing is filled in (pages and the handbook then leave the section out).
    pub fn is_empty(&self) -> bool {
        self.ownership.is_none()
            && self.languages.is_empty()
            && self.equipment.is_empty()
            && self.materials.vi.is_empty()
            && self.tolerance.is_none()
            && self.monthly_capacity.is_none()
            && self.quality_equipment.vi.is_empty()
            && self.quality_methods.is_empty()
    }
}

/// One kind of machine: what it is, how many, how big.
#[derive(Debug, Clone, Serialize)]
pub struct Equipment {
    /// What it is (`Máy dập` / `Stamping press`).
    pub kind: Text,
    /// How many.
    pub count: Option<i64>,
    /// Its size or capacity, as written (`25–200 t`, `5 trục / 5-axis`).
    pub capacity: Option<String>,
}
