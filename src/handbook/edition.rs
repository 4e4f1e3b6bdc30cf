//! The printed edition as the templates read it: trim, bleed and the zone of the crop marks, the
//! binding, the date the content is shown as of, and the imprint of page 2.

use crate::model::HandbookEdition;
use serde::Serialize;

/// Width of the zone outside the bleed that holds the crop marks, in millimetres.
pub const MARK_ZONE_MM: f64 = 8.0;
/// Gap between the bleed edge and the start of a crop mark, in millimetres.
pub const MARK_GAP_MM: f64 = 1.0;

/// A length in millimetres the Vietnamese way: "148", "4,8".
pub fn mm(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// Edition settings, with the mark zone the print variant draws crop marks in.
#[derive(Debug, Serialize)]
pub struct Edition<'m> {
    pub title: &'m str,
    pub title_en: Option<&'m str>,
    pub year: i64,
    pub publisher: Option<&'m str>,
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    /// Width of the mark zone outside the bleed.
    pub mark_mm: f64,
    /// Distance of the crop marks from the trim (outside the bleed).
    pub mark_offset_mm: f64,
    /// `perfect` or `saddle`: whether the cover is in the text block.
    pub binding: &'static str,
    /// The date the content is shown as of, `dd/mm/yyyy`.
    pub edition_date: String,
    /// The imprint of page 2.
    pub imprint: ImprintView<'m>,
}

/// The imprint (publishing licence, print run, printer), formatted for print.
#[derive(Debug, Serialize)]
pub struct ImprintView<'m> {
    pub licence_number: Option<&'m str>,
    /// `dd/mm/yyyy`.
    pub licence_date: Option<String>,
    pub print_run: Option<i64>,
    /// Trim size in centimetres, e.g. `14,8 × 21`.
    pub size_cm: String,
    pub printer: Option<&'m str>,
    /// Month and year the printing was finished.
    pub print_month: Option<u32>,
    pub print_year: Option<i32>,
}

impl<'m> Edition<'m> {
    /// The view of the edition settings `h`.
    pub fn of(h: &'m HandbookEdition) -> Self {
        use chrono::Datelike;
        let i = &h.imprint;
        let cm = |mm_: f64| mm(mm_ / 10.0);
        Edition {
            title: &h.title.vi,
            title_en: h.title.en.as_deref(),
            year: h.year,
            publisher: h.publisher.as_deref(),
            trim_width_mm: h.trim_width_mm,
            trim_height_mm: h.trim_height_mm,
            bleed_mm: h.bleed_mm,
            mark_mm: MARK_ZONE_MM,
            mark_offset_mm: h.bleed_mm + MARK_GAP_MM,
            binding: h.print.binding.key(),
            edition_date: h.edition_date.format("%d/%m/%Y").to_string(),
            imprint: ImprintView {
                licence_number: i.licence_number.as_deref(),
                licence_date: i.licence_date.map(|d| d.format("%d/%m/%Y").to_string()),
                print_run: i.print_run,
                size_cm: format!("{} × {}", cm(h.trim_width_mm), cm(h.trim_height_mm)),
                printer: i.printer.as_deref(),
                print_month: i.print_date.map(|d| d.month()),
                print_year: i.print_date.map(|d| d.year()),
            },
        }
    }
}
