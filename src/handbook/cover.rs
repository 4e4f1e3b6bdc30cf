//! The cover of a perfect-bound book as its own print file: one spread of back cover, spine and
//! front cover with bleed around it, the spine as wide as the text block is thick. The spread is
//! typeset from `handbook/cover-spread.typ` with the same data as the book, plus
//! `/data/cover.json` (this module's `CoverView`).

use serde::Serialize;

use crate::model::print::{Binding, PrintSettings};
use crate::model::HandbookEdition;

/// Virtual path of the cover geometry read by `handbook/cover-spread.typ`.
pub const COVER_DATA_PATH: &str = "/data/cover.json";
/// The template of the cover spread.
pub const COVER_MAIN: &str = "/cover-spread.typ";
/// Narrowest spine that carries text: 1.5 mm kept clear on each side of 2.5 mm of type, since
/// a perfect binder places the spine within about ±1 mm.
pub const MIN_SPINE_TEXT_MM: f64 = 5.5;
/// Space kept clear of type on each side of the spine, in millimetres.
const SPINE_CLEARANCE_MM: f64 = 1.5;

/// The geometry of the cover spread, for the template and the print shop's note.
#[derive(Debug, Clone, Serialize)]
pub struct CoverView {
    /// Pages of the text block the spine wraps.
    pub pages: usize,
    /// Spine width: leaves × caliper.
    pub spine_mm: f64,
    /// Trim width of the whole spread: back + spine + front.
    pub spread_width_mm: f64,
    /// Trim height (the book's).
    pub height_mm: f64,
    /// Size of the spine title, in points; none when the spine is too narrow for text.
    pub spine_text_pt: Option<f64>,
}

impl CoverView {
    /// The cover of a book of `pages` pages, or none when the binding keeps the cover in the
    /// text block (saddle stitch).
    pub fn new(edition: &HandbookEdition, pages: usize) -> Option<Self> {
        let print: &PrintSettings = &edition.print;
        if print.binding == Binding::Saddle {
            return None;
        }
        let spine_mm = round3(print.spine_mm(pages));
        let spine_text_pt = (spine_mm >= MIN_SPINE_TEXT_MM).then(|| {
            let room_pt = (spine_mm - 2.0 * SPINE_CLEARANCE_MM) * 72.0 / 25.4;
            (room_pt / 1.15).clamp(6.0, 11.0)
        });
        Some(CoverView {
            pages,
            spine_mm,
            spread_width_mm: round3(2.0 * edition.trim_width_mm + spine_mm),
            height_mm: edition.trim_height_mm,
            spine_text_pt,
        })
    }

    /// Width of the spread with its bleed, in millimetres: 2 × trim + spine + 2 × bleed.
    pub fn width_with_bleed_mm(&self, bleed_mm: f64) -> f64 {
        self.spread_width_mm + 2.0 * bleed_mm
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> HandbookEdition {
        HandbookEdition {
            title: crate::model::Text::new("T", None),
            year: 2020,
            publisher: None,
            trim_width_mm: 148.0,
            trim_height_mm: 210.0,
            bleed_mm: 3.0,
            foreword: None,
            edition_date: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            description_words: crate::model::DESCRIPTION_WORDS,
            print: PrintSettings::default(),
            imprint: Default::default(),
        }
    }

    #[test]
    fn the_spine_is_leaves_times_caliper_and_carries_text_only_when_wide_enough() {
        let mut e = edition();
        let c = CoverView::new(&e, 80).unwrap();
        assert!((c.spine_mm - 4.0).abs() < 1e-9);
        assert!((c.spread_width_mm - 300.0).abs() < 1e-9);
        assert!((c.width_with_bleed_mm(3.0) - 306.0).abs() < 1e-9);
        assert_eq!(c.spine_text_pt, None, "4 mm is too narrow for type");
        e.print.paper_caliper_mm = 0.16;
        let c = CoverView::new(&e, 96).unwrap();
        assert!((c.spine_mm - 7.68).abs() < 1e-9);
        let pt = c.spine_text_pt.unwrap();
        assert!(
            pt >= 6.0 && pt * 1.15 * 25.4 / 72.0 <= 7.68 - 3.0 + 1e-9,
            "{pt}"
        );
        e.print.binding = Binding::Saddle;
        assert!(CoverView::new(&e, 96).is_none());
    }
}
