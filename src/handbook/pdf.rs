//! From the one compiled document to the two PDFs: padding to whole sheets, the screen variant
//! (trim size, no crop marks, RGB, PDF/A-2b) and the print variant (bleed and mark zone,
//! CMYK, TrimBox and BleedBox on every page).

use typst::diag::SourceResult;
use typst::ecow::EcoVec;
use typst::foundations::{Datetime, Smart};
use typst::layout::{Abs, Frame, FrameItem, Sides};
use typst::model::Document as _;
use typst::visualize::{Color, Paint, ProcessColor, ProcessColorSpace};
use typst_layout::{Page, PagedDocument};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Label the templates give the crop marks (`[#block(..) <crop-marks>]` in the page foreground),
/// so the screen variant can drop them.
pub const CROP_MARKS_LABEL: &str = "crop-marks";

/// Appends blank pages (crop marks only) until the page count is a multiple of 4, so the book
/// folds into whole sheets. Returns the padded document and the number of pages added.
pub fn pad_to_sheets(doc: &PagedDocument) -> (PagedDocument, usize) {
    let pages = doc.pages();
    let missing = (4 - pages.len() % 4) % 4;
    let Some(last) = pages.last() else {
        return (doc.clone(), 0);
    };
    if missing == 0 {
        return (doc.clone(), 0);
    }
    let mut all: EcoVec<Page> = pages.iter().cloned().collect();
    for _ in 0..missing {
        let mut blank = last.clone();
        keep_only_crop_marks(&mut blank.frame);
        blank.numbering = None;
        blank.number += 1;
        all.push(blank);
    }
    (PagedDocument::new(all, doc.info().clone()), missing)
}

/// Removes everything but the crop marks from `frame`; true if anything is left.
fn keep_only_crop_marks(frame: &mut Frame) -> bool {
    frame.retain(|item| match item {
        FrameItem::Group(g) if is_crop_marks(g) => true,
        FrameItem::Group(g) => keep_only_crop_marks(&mut g.frame),
        _ => false,
    });
    !frame.is_empty()
}

fn is_crop_marks(g: &typst::layout::GroupItem) -> bool {
    g.label
        .is_some_and(|l| l.resolve().as_str() == CROP_MARKS_LABEL)
}

/// The screen variant of `doc`: pages at trim size (no bleed), crop marks removed and every
/// CMYK colour converted to RGB (PDF/A without an output intent may not use device CMYK).
pub fn screen_document(doc: &PagedDocument) -> PagedDocument {
    let pages: EcoVec<Page> = doc
        .pages()
        .iter()
        .map(|p| {
            let mut page = p.clone();
            page.bleed = Sides::splat(Abs::zero());
            screen_frame(&mut page.frame);
            if let Smart::Custom(Some(fill)) = &mut page.fill {
                to_rgb(fill);
            }
            page
        })
        .collect();
    PagedDocument::new(pages, doc.info().clone())
}

fn screen_frame(frame: &mut Frame) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(g) if is_crop_marks(g) => return false,
            FrameItem::Group(g) => screen_frame(&mut g.frame),
            FrameItem::Text(t) => {
                to_rgb(&mut t.fill);
                if let Some(s) = &mut t.stroke {
                    to_rgb(&mut s.paint);
                }
            }
            FrameItem::Shape(s, _) => {
                if let Some(f) = &mut s.fill {
                    to_rgb(f);
                }
                if let Some(s) = &mut s.stroke {
                    to_rgb(&mut s.paint);
                }
            }
            _ => {}
        }
        true
    });
}

fn to_rgb(paint: &mut Paint) {
    if let Paint::Solid(color) = paint {
        if !matches!(
            color,
            Color::Process(ProcessColor::Rgb(_) | ProcessColor::Luma(_))
        ) {
            *color = color.to_process_space(ProcessColorSpace::Srgb);
        }
    }
}

/// The fixed creation date of an edition: 1 January of its year, midnight UTC.
pub fn edition_timestamp(year: i64) -> Option<Timestamp> {
    let year = i32::try_from(year).ok()?;
    Datetime::from_ymd_hms(year, 1, 1, 0, 0, 0).map(Timestamp::new_utc)
}

/// PDF options shared by both variants: a fixed identifier and date make the output reproducible.
fn options(ident: &str, year: i64, standards: PdfStandards, tagged: bool) -> PdfOptions {
    PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("cnht {} (Typst)", env!("CARGO_PKG_VERSION")))),
        timestamp: edition_timestamp(year),
        page_ranges: None,
        standards,
        tagged,
        pretty: false,
    }
}

/// Exports the screen PDF: PDF/A-2b, tagged, with the outline Typst builds from the headings.
pub fn export_screen(doc: &PagedDocument, ident: &str, year: i64) -> SourceResult<Vec<u8>> {
    let standards =
        PdfStandards::new(&[PdfStandard::A_2b]).expect("PDF/A-2b is a valid standard on its own");
    typst_pdf::pdf(doc, &options(ident, year, standards, true))
}

/// Exports the print PDF (PDF 1.7; Typst writes the TrimBox from the page bleed).
pub fn export_print(doc: &PagedDocument, ident: &str, year: i64) -> SourceResult<Vec<u8>> {
    typst_pdf::pdf(doc, &options(ident, year, PdfStandards::default(), false))
}

/// Sets the TrimBox and BleedBox of every page of `pdf` as an incremental update (the bytes Typst
/// wrote stay untouched): the TrimBox is the trim, the BleedBox the trim grown by `bleed_pt` on
/// every side, both inside the MediaBox.
pub fn set_print_boxes(
    pdf: Vec<u8>,
    trim_w_pt: f64,
    trim_h_pt: f64,
    bleed_pt: f64,
) -> Result<Vec<u8>, String> {
    let prev = lopdf::Document::load_mem(&pdf)
        .map_err(|e| format!("cannot read the exported PDF: {e}"))?;
    let pages: Vec<lopdf::ObjectId> = prev.get_pages().into_values().collect();
    let mut inc = lopdf::IncrementalDocument::create_from(pdf, prev);
    for id in pages {
        let media = media_box(inc.get_prev_documents(), id)?;
        // The trim is centred in the media box: Typst adds the same bleed on every side.
        let mx = ((media[2] - media[0]) - trim_w_pt) / 2.0;
        let my = ((media[3] - media[1]) - trim_h_pt) / 2.0;
        if mx < bleed_pt - 0.01 || my < bleed_pt - 0.01 {
            return Err(format!(
                "page media box {:.1} × {:.1} pt leaves no room for a {bleed_pt:.1} pt bleed around a {trim_w_pt:.1} × {trim_h_pt:.1} pt trim",
                media[2] - media[0],
                media[3] - media[1]
            ));
        }
        let trim = [media[0] + mx, media[1] + my, media[2] - mx, media[3] - my];
        let bleed = [
            trim[0] - bleed_pt,
            trim[1] - bleed_pt,
            trim[2] + bleed_pt,
            trim[3] + bleed_pt,
        ];
        inc.opt_clone_object_to_new_document(id)
            .map_err(|e| e.to_string())?;
        let dict = inc
            .new_document
            .get_dictionary_mut(id)
            .map_err(|e| e.to_string())?;
        dict.set("TrimBox", rect(trim));
        dict.set("BleedBox", rect(bleed));
    }
    let mut out = Vec::new();
    inc.save_to(&mut out)
        .map_err(|e| format!("cannot write the print PDF: {e}"))?;
    Ok(out)
}

fn rect(r: [f64; 4]) -> lopdf::Object {
    // Round to 1/1000 pt so the numbers are the same on every machine.
    lopdf::Object::Array(
        r.iter()
            .map(|&v| lopdf::Object::Real(((v * 1000.0).round() / 1000.0) as f32))
            .collect(),
    )
}

/// The MediaBox of a page, inherited from the page tree if needed.
pub fn media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> Result<[f64; 4], String> {
    page_box(doc, page, b"MediaBox")?.ok_or_else(|| "a page has no MediaBox".to_owned())
}

/// A page box (`MediaBox`, `TrimBox`, `BleedBox`…) of a page, inherited from the page tree.
pub fn page_box(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    key: &[u8],
) -> Result<Option<[f64; 4]>, String> {
    let mut id = page;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        if let Ok(obj) = dict.get(key) {
            let obj = match obj {
                lopdf::Object::Reference(r) => doc.get_object(*r).map_err(|e| e.to_string())?,
                o => o,
            };
            let arr = obj.as_array().map_err(|e| e.to_string())?;
            let nums: Vec<f64> = arr
                .iter()
                .filter_map(|o| match o {
                    lopdf::Object::Integer(i) => Some(*i as f64),
                    lopdf::Object::Real(r) => Some(*r as f64),
                    _ => None,
                })
                .collect();
            if nums.len() != 4 {
                return Err(format!("malformed {}", String::from_utf8_lossy(key)));
            }
            return Ok(Some([nums[0], nums[1], nums[2], nums[3]]));
        }
        match dict.get(b"Parent").and_then(|p| p.as_reference()) {
            Ok(parent) => id = parent,
            Err(_) => return Ok(None),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Object};

    /// A PDF of `n` empty pages of `w` × `h` pt, the MediaBox on the page tree.
    fn pdf(n: usize, w: f64, h: f64) -> Vec<u8> {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = (0..n)
            .map(|_| {
                doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id })
                    .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => n as i64,
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(w as f32), Object::Real(h as f32)],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn boxes_are_set_on_every_page_around_the_centred_trim() {
        let mm = 72.0 / 25.4;
        let (w, h, b, outer) = (148.0 * mm, 210.0 * mm, 3.0 * mm, 11.0 * mm);
        let out = set_print_boxes(pdf(3, w + 2.0 * outer, h + 2.0 * outer), w, h, b).unwrap();
        let doc = lopdf::Document::load_mem(&out).unwrap();
        let pages: Vec<_> = doc.get_pages().into_values().collect();
        assert_eq!(pages.len(), 3);
        for id in pages {
            let trim = page_box(&doc, id, b"TrimBox").unwrap().unwrap();
            let bleed = page_box(&doc, id, b"BleedBox").unwrap().unwrap();
            let media = media_box(&doc, id).unwrap();
            assert!(
                (trim[0] - outer).abs() < 0.01 && (trim[2] - trim[0] - w).abs() < 0.01,
                "{trim:?}"
            );
            assert!(
                (trim[1] - bleed[1] - b).abs() < 0.01 && (bleed[3] - trim[3] - b).abs() < 0.01,
                "{bleed:?}"
            );
            assert!(media[0] < bleed[0] && bleed[2] < media[2]);
        }
        // The original bytes stay as they were: the boxes are an incremental update.
        let original = pdf(3, w + 2.0 * outer, h + 2.0 * outer);
        assert_eq!(&out[..original.len()], &original[..]);
    }

    #[test]
    fn a_page_without_room_for_the_bleed_is_an_error() {
        let mm = 72.0 / 25.4;
        let err = set_print_boxes(
            pdf(1, 148.0 * mm, 210.0 * mm),
            148.0 * mm,
            210.0 * mm,
            3.0 * mm,
        )
        .unwrap_err();
        assert!(err.contains("no room"), "{err}");
    }
}
