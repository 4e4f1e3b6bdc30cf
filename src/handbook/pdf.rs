//! From the one compiled document to the PDFs: padding to whole sheets or signatures, the screen
//! variant (trim size, no crop marks, RGB, PDF/A-2b) and the print variant (bleed and mark zone,
//! CMYK, no links, SVG rasterised), which `pdfx` then makes PDF/X-4.

use typst::diag::SourceResult;
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Abs, Frame, FrameItem, Sides};
use typst::model::Document as _;
use typst::visualize::{
    Color, ExchangeFormat, Image, ImageKind, Paint, ProcessColor, ProcessColorSpace, RasterImage,
};
use typst_layout::{Page, PagedDocument};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Label the templates give the crop marks (`[#block(..) <crop-marks>]` in the page foreground),
/// so the screen variant can drop them.
pub const CROP_MARKS_LABEL: &str = "crop-marks";

/// Adds blank pages (crop marks only) until the page count is a multiple of `multiple` (4 for
/// whole sheets, 16 for whole signatures), so the book folds without loose leaves. They go at
/// the end, or before the last page when that is the back cover (saddle stitch). Returns the
/// padded document and the number of pages added.
pub fn pad_pages(
    doc: &PagedDocument,
    multiple: usize,
    before_last: bool,
) -> (PagedDocument, usize) {
    let pages = doc.pages();
    let missing = padded_len(pages.len(), multiple) - pages.len();
    let Some(last) = pages.last() else {
        return (doc.clone(), 0);
    };
    if missing == 0 {
        return (doc.clone(), 0);
    }
    let mut blank = last.clone();
    keep_only_crop_marks(&mut blank.frame);
    blank.numbering = None;
    blank.fill = Smart::Auto;
    let mut all: Vec<Page> = pages.to_vec();
    let at = if before_last {
        all.len() - 1
    } else {
        all.len()
    };
    for i in 0..missing {
        all.insert(at + i, blank.clone());
    }
    for (n, page) in all.iter_mut().enumerate() {
        page.number = n as u64 + 1;
    }
    (
        PagedDocument::new(all.into_iter().collect(), doc.info().clone()),
        missing,
    )
}

/// The page count of a book of `pages` pages once [`pad_pages`] has filled its last sheet or
/// signature of `multiple` pages.
pub fn padded_len(pages: usize, multiple: usize) -> usize {
    let multiple = multiple.max(1);
    if pages == 0 {
        return 0;
    }
    pages.div_ceil(multiple) * multiple
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

/// The screen variant of `doc`: pages at trim size (no bleed), crop marks removed, every CMYK
/// colour converted to RGB (PDF/A without an output intent may not use device CMYK) and links
/// of no area dropped.
///
/// A link gets an annotation for every piece of its content Typst sets apart, and some pieces
/// take no room: the zero-width spaces between a printed URL's pieces (`url`, style.typ), the
/// word joiners and the empty spacer of an index line's leader (indexes.typ). Those made a third
/// of the 1,000-enterprise book's 26,476 link annotations, each a rectangle no reader can click,
/// and an object in the file and its structure tree. The link's other pieces keep it clickable.
pub fn screen_document(doc: &PagedDocument) -> PagedDocument {
    into_screen_document(doc.clone())
}

/// `screen_document` of a document no longer needed as it is: the pages held nowhere else are
/// changed in place rather than copied, so the book is not in memory three times (print
/// variant, screen variant and the original) while it is exported.
pub fn into_screen_document(doc: PagedDocument) -> PagedDocument {
    let info = doc.info().clone();
    let mut pages: Vec<Page> = doc.pages().to_vec();
    drop(doc);
    for page in &mut pages {
        page.bleed = Sides::splat(Abs::zero());
        screen_frame(&mut page.frame);
        if let Smart::Custom(Some(fill)) = &mut page.fill {
            to_rgb(fill);
        }
    }
    PagedDocument::new(pages.into_iter().collect(), info)
}

fn screen_frame(frame: &mut Frame) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(g) if is_crop_marks(g) => return false,
            FrameItem::Group(g) => screen_frame(&mut g.frame),
            FrameItem::Link(_, size) if size.x.approx_empty() || size.y.approx_empty() => {
                return false
            }
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

/// Exports the print PDF (PDF 1.7; Typst writes the TrimBox from the page bleed), to be made
/// PDF/X by `pdfx::make_pdfx`.
pub fn export_print(doc: &PagedDocument, ident: &str, year: i64) -> SourceResult<Vec<u8>> {
    typst_pdf::pdf(doc, &options(ident, year, PdfStandards::default(), false))
}

/// Resolution SVG logos are rasterised at for the print file (line-art resolution).
pub const SVG_PRINT_PPI: f64 = 1200.0;

/// The print variant of `doc`: links dropped (a print file carries no annotations) and SVG
/// images rasterised at `SVG_PRINT_PPI` over white, so every image can be converted to CMYK.
pub fn print_document(doc: &PagedDocument) -> PagedDocument {
    let pages: EcoVec<Page> = doc
        .pages()
        .iter()
        .map(|p| {
            let mut page = p.clone();
            print_frame(&mut page.frame);
            page
        })
        .collect();
    PagedDocument::new(pages, doc.info().clone())
}

fn print_frame(frame: &mut Frame) {
    frame.retain(|item| match item {
        FrameItem::Link(..) => false,
        FrameItem::Group(g) => {
            print_frame(&mut g.frame);
            true
        }
        FrameItem::Image(image, size, _) => {
            let raster = match image.kind() {
                ImageKind::Svg(svg) => rasterise(svg, *size),
                _ => None,
            };
            if let Some(raster) = raster {
                *image = raster;
            }
            true
        }
        _ => true,
    });
}

/// An SVG drawn at `size` and `SVG_PRINT_PPI` over white, as an opaque PNG image.
fn rasterise(svg: &typst::visualize::SvgImage, size: typst::layout::Size) -> Option<Image> {
    let px = |v: Abs| ((v.to_inches() * SVG_PRINT_PPI).round() as u32).max(1);
    let (w, h) = (px(size.x), px(size.y));
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let tree = svg.tree();
    let scale = resvg::tiny_skia::Transform::from_scale(
        w as f32 / tree.size().width(),
        h as f32 / tree.size().height(),
    );
    resvg::render(tree, scale, &mut pixmap.as_mut());
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut png);
    image::ImageEncoder::write_image(encoder, &rgb, w, h, image::ExtendedColorType::Rgb8).ok()?;
    let raster = RasterImage::plain(Bytes::new(png), ExchangeFormat::Png).ok()?;
    Some(Image::plain(raster))
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
    use super::padded_len;

    #[test]
    fn a_book_is_padded_to_whole_sheets_or_signatures() {
        assert_eq!(padded_len(1088, 16), 1088);
        assert_eq!(padded_len(1089, 16), 1104);
        assert_eq!(padded_len(5, 4), 8);
        assert_eq!(padded_len(0, 4), 0);
        assert_eq!(padded_len(7, 0), 7, "no multiple: nothing added");
    }
}
