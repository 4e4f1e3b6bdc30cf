//! The places of the directory: Hanoi's districts and its industrial parks
//! (`content/data/districts.toml`, `content/data/industrial-parks.toml`).

use super::bilingual::Text;
use super::vocab::{DistrictKind, ParkKind};
use super::Lang;
use serde::Serialize;

/// A district (quận, huyện, thị xã) of Hanoi as of 2020.
#[derive(Debug, Clone, Serialize)]
pub struct District {
    /// ASCII slug, e.g. `dong-anh`.
    pub slug: String,
    /// Name without its kind, e.g. `Đông Anh`.
    pub name: String,
    /// Quận, huyện or thị xã.
    pub kind: DistrictKind,
    /// GSO code.
    pub code: Option<String>,
}

impl District {
    /// The name with its kind, in `lang`: "Huyện Đông Anh", "Đông Anh District".
    pub fn label(&self, lang: Lang) -> String {
        self.kind.label(lang).replace("{name}", &self.name)
    }
}

/// An industrial park or cluster.
#[derive(Debug, Clone, Serialize)]
pub struct IndustrialPark {
    /// ASCII slug.
    pub slug: String,
    /// Name, with its English name.
    pub name: Text,
    /// Park, cluster or high-tech park.
    pub kind: ParkKind,
    /// District slug.
    pub district: String,
    /// Area in hectares.
    pub area_ha: Option<f64>,
}
