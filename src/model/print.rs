//! What the print shop is told and what the print file is made for: binding, paper, ink limit,
//! output intent (`[handbook.print]` of `site.toml`), and the imprint a Vietnamese publication
//! carries (`[handbook.imprint]`).

use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

/// How the book is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// Glued spine: a separate cover wraps the text block, whose pages come in whole signatures.
    Perfect,
    /// Stapled through the fold: the cover is the outer sheet of the text block.
    Saddle,
}

impl Binding {
    /// The value written in `site.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Binding::Perfect => "perfect",
            Binding::Saddle => "saddle",
        }
    }

    /// Every value `binding` accepts.
    pub const KEYS: [&'static str; 2] = ["perfect", "saddle"];
}

/// Settings of the print file (`[handbook.print]`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintSettings {
    /// Perfect (default) or saddle-stitch binding.
    pub binding: Binding,
    /// The paper, as the print shop is told (e.g. "Offset không tráng phủ 80 g/m²").
    pub paper: String,
    /// Thickness of one leaf (two pages) of the text paper, in millimetres.
    pub paper_caliper_mm: f64,
    /// Pages of one folded signature of a perfect-bound book; the text is padded to whole ones.
    pub signature_pages: usize,
    /// Highest total of C + M + Y + K allowed anywhere, in percent.
    pub ink_limit_percent: f64,
    /// The CMYK output profile embedded as the PDF/X output intent, relative to the site root.
    pub output_profile: PathBuf,
    /// `OutputConditionIdentifier` of the output intent (a registered name such as `FOGRA52`
    /// when the profile is the registered one, otherwise the profile's own name).
    pub output_condition_identifier: String,
    /// Human-readable printing condition (`OutputCondition`).
    pub output_condition: Option<String>,
    /// `RegistryName` of the output intent, for a registered condition.
    pub registry_name: Option<String>,
}

/// The imprint (thông tin xuất bản) printed on page 2 (`[handbook.imprint]`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Imprint {
    /// Publishing licence or decision number.
    pub licence_number: Option<String>,
    /// Date of the licence.
    pub licence_date: Option<NaiveDate>,
    /// Number of copies printed.
    pub print_run: Option<i64>,
    /// Name and address of the printer.
    pub printer: Option<String>,
    /// Date the printing was finished (and legal deposit made).
    pub print_date: Option<NaiveDate>,
}

impl Imprint {
    /// The fields a non-commercial publication must carry that are not set, by their key.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.licence_number.is_none() {
            out.push("licence_number");
        }
        if self.licence_date.is_none() {
            out.push("licence_date");
        }
        if self.print_run.is_none() {
            out.push("print_run");
        }
        if self.printer.is_none() {
            out.push("printer");
        }
        if self.print_date.is_none() {
            out.push("print_date");
        }
        out
    }
}

/// Default `paper` text.
pub const DEFAULT_PAPER: &str = "Offset không tráng phủ 80 g/m² (uncoated offset)";
/// Default leaf thickness of 80 g/m² uncoated offset paper, in millimetres.
pub const DEFAULT_CALIPER_MM: f64 = 0.1;
/// Default pages per signature of a perfect-bound book.
pub const DEFAULT_SIGNATURE_PAGES: usize = 16;
/// Default total ink limit (uncoated paper), in percent.
pub const DEFAULT_INK_LIMIT: f64 = 300.0;
/// Default output profile: cnht's approximation of ISO 12647-2 PC5 (see handbook/icc/README.md).
pub const DEFAULT_OUTPUT_PROFILE: &str = "handbook/icc/CNHT-ISO12647-2-PC5-approx.icc";
/// OutputConditionIdentifier of the default profile (not a registered condition).
pub const DEFAULT_OUTPUT_CONDITION_IDENTIFIER: &str = "CNHT ISO 12647-2 PC5 approximation";
/// OutputCondition of the default profile.
pub const DEFAULT_OUTPUT_CONDITION: &str = "Offset lithography on wood-free uncoated paper, approximating ISO 12647-2:2013 PC5 from its published aim values (not a FOGRA characterization)";

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            binding: Binding::Perfect,
            paper: DEFAULT_PAPER.to_owned(),
            paper_caliper_mm: DEFAULT_CALIPER_MM,
            signature_pages: DEFAULT_SIGNATURE_PAGES,
            ink_limit_percent: DEFAULT_INK_LIMIT,
            output_profile: PathBuf::from(DEFAULT_OUTPUT_PROFILE),
            output_condition_identifier: DEFAULT_OUTPUT_CONDITION_IDENTIFIER.to_owned(),
            output_condition: Some(DEFAULT_OUTPUT_CONDITION.to_owned()),
            registry_name: None,
        }
    }
}

impl PrintSettings {
    /// Pages the text block is padded to a multiple of: whole signatures for perfect binding,
    /// whole sheets (4 pages) for saddle stitch.
    pub fn page_multiple(&self) -> usize {
        match self.binding {
            Binding::Perfect => self.signature_pages,
            Binding::Saddle => 4,
        }
    }

    /// Spine width of a perfect-bound book of `pages` pages: one leaf's thickness per two pages.
    pub fn spine_mm(&self, pages: usize) -> f64 {
        match self.binding {
            Binding::Perfect => pages.div_ceil(2) as f64 * self.paper_caliper_mm,
            Binding::Saddle => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spine_and_page_multiple_follow_the_binding() {
        let mut p = PrintSettings::default();
        assert_eq!(p.page_multiple(), 16);
        assert!((p.spine_mm(80) - 4.0).abs() < 1e-9);
        p.binding = Binding::Saddle;
        assert_eq!(p.page_multiple(), 4);
        assert_eq!(p.spine_mm(80), 0.0);
        assert_eq!(Imprint::default().missing().len(), 5);
    }
}
