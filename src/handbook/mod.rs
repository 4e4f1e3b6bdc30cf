//! The printed handbook: the model typeset by Typst (embedded as a library) with the templates
//! under `<root>/handbook/`, exported from one compile as a screen PDF (A5, outline, links,
//! PDF/A-2b) and a PDF/X-4 print PDF (bleed, crop marks, TrimBox/BleedBox, CMYK only, pages in
//! whole signatures), a PDF/X-4 cover spread for perfect binding, the print shop's note and a
//! preflight report.
//!
//! - `view`: the model → the JSON view the templates read (`/data/handbook.json`), with the
//!   vocabularies' names from the model's label table;
//! - `indexes`: the four indexes of the book;
//! - `logos`: the logos, checked and prepared for print;
//! - `edition`: the edition settings, crop-mark zone and imprint as the templates read them;
//! - `world`: the Typst `World` (templates, virtual data, bundled fonts, fixed date);
//! - `pdf`: padding, the screen and print variants, page boxes;
//! - `pdfx`: the print files made PDF/X-4 (output intent, images to CMYK, metadata);
//! - `colour`: the output profile and the conversion of images to it (Little CMS);
//! - `icc`: the default output profile, built from ISO 12647-2 aim values;
//! - `cover`: the cover spread's geometry (spine from page count and paper);
//! - `catalogue`: an event's exhibitor catalogue, an A5 booklet through the same print path;
//! - `preflight`: the print files read back and checked as a print shop would;
//! - `blocks`, `tree`, `footnotes`: Markdown bodies as a block tree for the templates;
//! - `glyphs`: characters no handbook font has, reported with their file and replaced;
//! - `readme`: the note for the print shop;
//! - `probe`: tracing a Typst failure to the content file and line that caused it.

mod blocks;
pub mod capability;
pub mod catalogue;
pub mod colour;
pub mod cover;
pub mod edition;
mod excerpt;
mod footnotes;
mod furniture;
mod glyphs;
pub mod icc;
pub mod indexes;
pub mod logos;
mod long;
mod output;
mod passes;
pub mod pdf;
pub mod pdfx;
pub mod preflight;
mod probe;
mod readme;
mod status;
mod tree;
pub mod view;
pub mod world;

use glyphs::{ignorable, replace_uncovered, uncovered_characters};
pub use probe::{typeset_bodies, BodySource};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, Span, VirtualRoot};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::messages::handbook::{self as said, Stage};
use crate::messages::print::Print;
use crate::model::Model;

/// Points per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// What `render` wrote.
#[derive(Debug, Clone)]
pub struct HandbookOutput {
    /// The screen PDF (`cam-nang-cnht-ha-noi-<year>.pdf`).
    pub screen_pdf: PathBuf,
    /// The print PDF (`cam-nang-cnht-ha-noi-<year>-in-an.pdf`).
    pub print_pdf: PathBuf,
    /// The cover spread (`cam-nang-cnht-ha-noi-<year>-bia-in-an.pdf`), for perfect binding.
    pub cover_pdf: Option<PathBuf>,
    /// The note for the print shop (`README-in-an.txt`).
    pub readme: PathBuf,
    /// The preflight report of the print files (`preflight-in-an.txt`).
    pub preflight: PathBuf,
    /// The preflight report's text.
    pub preflight_text: String,
    /// What the preflight found wrong in the print files (empty when they pass).
    pub preflight_problems: Vec<String>,
    /// Number of pages of both PDFs (whole signatures, or whole sheets for saddle stitch).
    pub pages: usize,
    /// Width of the spine, in millimetres (perfect binding).
    pub spine_mm: Option<f64>,
    /// How many enterprises' descriptions the directory prints only the beginning of, and the
    /// most words it prints of one (`[handbook] description_words`).
    pub shortened: (usize, usize),
    /// Warnings: logos too small for print, Typst warnings, an incomplete imprint.
    pub warnings: Vec<Diagnostic>,
}

/// The handbook typeset once, before export.
pub struct Compiled {
    /// The pages, padded to whole signatures (or sheets), with bleed and crop marks.
    pub document: PagedDocument,
    /// Blank pages added to fill the last signature or sheet.
    pub blank_pages: usize,
    /// The cover spread and its geometry (perfect binding).
    pub cover: Option<(PagedDocument, cover::CoverView)>,
    /// Warnings found while preparing the data and typesetting.
    pub warnings: Vec<Diagnostic>,
    /// Resolution of each raster logo at its printed size, in dpi.
    pub logo_dpi: Vec<f64>,
    /// How many enterprises' descriptions the directory prints only the beginning of.
    pub shortened: usize,
    /// How many directory entries were measured: found out in the book's first layout pass to be
    /// longer than a page or not (the others were answered by the last build's, `.cache/handbook/`).
    pub entries_measured: usize,
}

/// Typesets the handbook of `model` and writes into `out_dir` the screen PDF, the PDF/X-4 print
/// PDF and cover spread, the print shop's README and the preflight report of the print files.
pub fn render(model: &Model, out_dir: &Path) -> Result<HandbookOutput, Vec<Diagnostic>> {
    render_with(model, out_dir, || ()).0
}

/// [`render`], running `alongside` on a thread of its own once the book is exported, while the
/// print files are made PDF/X, checked and written: by then the book's pages are freed, so a
/// smaller typesetting job (the exhibitor catalogues) uses the core those steps leave idle
/// without raising the peak memory, which the book's layout sets. `alongside` is not run when
/// the book fails before its export.
pub fn render_with<T: Send>(
    model: &Model,
    out_dir: &Path,
    alongside: impl FnOnce() -> T + Send,
) -> (Result<HandbookOutput, Vec<Diagnostic>>, Option<T>) {
    let exported = match output::export(model) {
        Ok(e) => e,
        Err(errors) => return (Err(errors), None),
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(alongside);
        let finished = exported.finish(model, out_dir);
        let other = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (finished, Some(other))
    })
}

/// Typesets the handbook once: data view, Typst compile, padding to whole sheets.
pub fn compile(model: &Model) -> Result<Compiled, Vec<Diagnostic>> {
    compile_book(model, true)
}

/// [`compile`], with the last build's answers to which directory entries are longer than a page
/// read and this build's kept (`keep_answers`, see [`long`]) or every entry found out again
/// (for the tests).
fn compile_book(model: &Model, keep_answers: bool) -> Result<Compiled, Vec<Diagnostic>> {
    let templates = model.root().join("handbook");
    if !templates.join("main.typ").is_file() {
        return Err(vec![Diagnostic::said(
            "handbook/main.typ",
            said::template_missing(&templates),
        )]);
    }
    let mut steps = crate::timing::Steps::new("handbook");
    let fonts_dir = templates.join("fonts");
    let fonts = world::load_fonts(model.root(), &fonts_dir).map_err(|e| {
        vec![Diagnostic::said(
            "handbook/fonts",
            cannot(Cannot::ReadFonts, e),
        )]
    })?;
    if fonts.is_empty() {
        return Err(vec![Diagnostic::said(
            "handbook/fonts",
            said::no_fonts(Print::Handbook),
        )]);
    }

    let built = view::build(model);
    let mut warnings = built.warnings;
    // A glyph no font has would print as a blank box (and PDF/A forbids it): such characters are
    // reported with the file they come from and replaced.
    let covered =
        |c: char| ignorable(c) || fonts.iter().any(|f| f.info().coverage.contains(c as u32));
    warnings.extend(uncovered_characters(model, &covered));
    let mut view = serde_json::to_value(&built.handbook).expect("the handbook view serialises");
    replace_uncovered(&mut view, &covered);
    let images: Vec<(String, Bytes)> = built
        .images
        .into_iter()
        .map(|(p, b)| (p, Bytes::new(b)))
        .collect();
    let edition = &model.site().handbook;
    let year = i32::try_from(edition.year).unwrap_or(2020);
    let today = Datetime::from_ymd(year, 1, 1);
    // A world of the templates with `view` as the data, the logos and `extra` files.
    let world_with = |view: &serde_json::Value, extra: Vec<(String, Bytes)>| {
        let json = serde_json::to_vec(view).expect("the handbook view serialises");
        let mut files = vec![(world::DATA_PATH.to_owned(), Bytes::new(json))];
        files.extend(images.iter().cloned());
        files.extend(extra);
        world::HandbookWorld::new(&templates, fonts.clone(), files, today)
    };
    let world_of = |view: &serde_json::Value| world_with(view, Vec::new());
    steps.step("data view, fonts and logos");
    // Which entries are taller than a page: the last build's answers, the others found out in
    // the book's first layout pass (see `long`).
    let cache = keep_answers
        .then(|| long::Cache::open(model.root(), &templates, &fonts, &view))
        .flatten();
    let known = cache.as_ref().map(long::Cache::known).unwrap_or_default();
    let known_count = known.len();
    let entries_measured = long::count(&view) - known_count;
    long::mark(&mut view, &known);
    let mut long: BTreeSet<String> = known
        .into_iter()
        .filter_map(|(id, l)| l.then_some(id))
        .collect();
    steps.step(&format!(
        "the last build's answers read ({} of {} entries)",
        known_count,
        entries_measured + known_count
    ));
    // Whether the first pass told (templates from before its markers measure in place).
    let mut told = false;
    let first = world_of(&view);
    let revised = std::cell::OnceCell::new();
    let slot = &revised;
    let trace = std::env::var_os("CNHT_TYPST_TRACE");
    if trace.is_some() {
        typst_timing::enable();
    }
    let result = passes::compile_revised(&first, &mut |document| {
        let found = long::found_in(document)?;
        told = true;
        let new: BTreeMap<String, bool> = found
            .difference(&long)
            .map(|id| (id.clone(), true))
            .collect();
        if new.is_empty() {
            return None;
        }
        long.extend(new.keys().cloned());
        long::mark(&mut view, &new);
        Some(slot.get_or_init(|| world_of(&view)) as &dyn typst::World)
    });
    let world = revised.get().unwrap_or(&first);
    if let (Some(cache), true, true) = (&cache, told, result.output.is_ok()) {
        cache.save(&long);
    }
    steps.step(&format!(
        "Typst compile ({entries_measured} entries not known before, {} longer than a page)",
        long.len()
    ));
    if let Some(path) = trace {
        passes::write_trace(Path::new(&path), world);
    }
    for w in &result.warnings {
        warnings.push(to_diagnostic(world, &templates, w));
    }
    let document = result.output.map_err(|errors| {
        let mut diags = typst_errors(&templates, Some(world), &errors);
        // Name the content record (and line) that made Typst fail, when one did.
        let mut fails = |v: &serde_json::Value| {
            typst::compile::<PagedDocument>(&world_of(v))
                .output
                .is_err()
        };
        let bodies = probe::record_bodies(model);
        if let Some(d) = probe::blame(&bodies, &view, &covered, &diags, &mut fails) {
            diags.insert(0, d);
        }
        diags
    })?;
    // Typst's memo cache holds every layout pass's results and what each depended on: more
    // memory than the finished pages. Nothing compiles this book again in this build, so it goes.
    comemo::evict(0);
    crate::timing::alloc::release_freed();
    let print = &edition.print;
    let saddle = print.binding == crate::model::print::Binding::Saddle;
    // Two compiles at once (the machines this runs on have two cores): the running heads, folios
    // and chapter bands, set now that the pages are final, and the cover spread, whose spine
    // needs the page count once blank pages fill the last signature.
    let facts = furniture::facts(&document).map_err(|why| {
        vec![Diagnostic::said(
            "handbook/main.typ",
            said::stage_failed(Stage::Furniture, why),
        )]
    })?;
    let padded = pdf::padded_len(document.pages().len(), print.page_multiple());
    let cover_view = cover::CoverView::new(edition, padded);
    // The furniture needs only the edition of the data (its title, its geometry).
    let edition_only = serde_json::json!({ "edition": view["edition"] });
    let (furnished, cover) = std::thread::scope(|scope| {
        let furnished = scope.spawn(|| {
            facts.map(|f| furniture::compile(&f, &|extra| world_with(&edition_only, extra)))
        });
        let cover = cover_view.as_ref().map(|cover_view| {
            let json = serde_json::to_vec(cover_view).expect("the cover view serialises");
            let extra = vec![(cover::COVER_DATA_PATH.to_owned(), Bytes::new(json))];
            let world = world_with(&view, extra).with_main(cover::COVER_MAIN);
            let result = typst::compile::<PagedDocument>(&world);
            (world, result)
        });
        (furnished.join(), cover)
    });
    let document = match furnished {
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("Typst stopped");
            return Err(vec![Diagnostic::said(
                "handbook/furniture.typ",
                said::stage_failed(Stage::Furniture, why),
            )]);
        }
        // Templates that set the furniture in each page themselves.
        Ok(None) => document,
        Ok(Some((world, result))) => {
            for w in &result.warnings {
                warnings.push(to_diagnostic(&world, &templates, w));
            }
            let furnished = result
                .output
                .map_err(|errors| typst_errors(&templates, Some(&world), &errors))?;
            let (made, pages) = (furnished.pages().len(), document.pages().len());
            if made != pages {
                let said = said::furniture_pages(made, pages);
                return Err(vec![Diagnostic::said("handbook/furniture.typ", said)]);
            }
            furniture::add(document, &furnished)
        }
    };
    // Saddle stitch: the back cover stays the last page, the blank pages go before it.
    let (document, blank_pages) = pdf::pad_pages(&document, print.page_multiple(), saddle);
    let cover = match (cover, cover_view) {
        (Some((world, result)), Some(cover_view)) => {
            for w in &result.warnings {
                warnings.push(to_diagnostic(&world, &templates, w));
            }
            let doc = result
                .output
                .map_err(|errors| typst_errors(&templates, Some(&world), &errors))?;
            Some((doc, cover_view))
        }
        _ => None,
    };
    // What the furniture's and the cover's compiles left in Typst's memo cache goes too.
    comemo::evict(0);
    crate::timing::alloc::release_freed();
    steps.step("page furniture, padding and cover compile");
    Ok(Compiled {
        document,
        blank_pages,
        cover,
        warnings,
        logo_dpi: built.logo_dpi,
        shortened: built.shortened,
        entries_measured,
    })
}

fn typst_errors(
    templates: &Path,
    world: Option<&world::HandbookWorld>,
    errors: &[SourceDiagnostic],
) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|e| match world {
            Some(w) => to_diagnostic(w, templates, e),
            None => Diagnostic::said(
                "handbook",
                said::pdf_failed(
                    &e.message,
                    &e.hints
                        .iter()
                        .map(|h| h.v.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            )
            .on_folder(),
        })
        .collect()
}

/// A Typst error or warning as a diagnostic naming the template (relative to the site root),
/// with the line and column in the message since the report has no copy of the template.
fn to_diagnostic(
    world: &world::HandbookWorld,
    templates: &Path,
    d: &SourceDiagnostic,
) -> Diagnostic {
    let is_template = |id: FileId| {
        matches!(id.root(), VirtualRoot::Project) && world.real_path(id).is_ok_and(|p| p.is_file())
    };
    // Errors in the data file or inside Typst itself are reported at the template that called.
    let mut place = d
        .span
        .id()
        .filter(|&id| is_template(id))
        .map(|id| (id, world.range(d.span)));
    if place.is_none() {
        place = d
            .trace
            .iter()
            .map(|t| t.span)
            .find(|s: &Span| s.id().is_some_and(is_template))
            .map(|s| (s.id().unwrap_or_else(|| world.main()), world.range(s)));
    }
    let (id, range) = place.unwrap_or((world.main(), None));
    let file = Path::new("handbook").join(id.vpath().get_with_slash().trim_start_matches('/'));
    let place = match (&range, world.source(id)) {
        (Some(r), Ok(source)) => Some(crate::diagnostics::line_col(source.text(), r.start)),
        _ => None,
    };
    let mut hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    for t in d.trace.iter().take(3) {
        if let (Some(id), Some(r)) = (t.span.id(), world.range(t.span)) {
            if let Ok(source) = world.source(id) {
                let (line, _) = crate::diagnostics::line_col(source.text(), r.start);
                hints.push(format!(
                    "{} (handbook{}:{line})",
                    t.v,
                    id.vpath().get_with_slash()
                ));
            }
        }
    }
    let said = said::typst_said(place, &d.message, &hints.join("; "));
    let mut diag = match d.severity {
        TypstSeverity::Error => Diagnostic::said(file, said),
        TypstSeverity::Warning => Diagnostic::warned(file, said),
    };
    if let Some(r) = range {
        diag = diag.at(r);
    }
    let _ = templates;
    diag
}

/// PostScript names of the fonts the document uses, sorted.
pub fn used_fonts(doc: &PagedDocument) -> BTreeSet<String> {
    fn walk(frame: &Frame, out: &mut BTreeSet<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => {
                    let font = t.font.font();
                    out.insert(
                        font.post_script_name()
                            .unwrap_or_else(|| font.info().family.clone()),
                    );
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Abs, Point, Sides};
    use typst::visualize::{Color, Geometry, Paint, ProcessColor};

    /// The handbook test fixture, loaded, with the repository's templates and fonts.
    pub(crate) fn fixture() -> Model {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let opts = crate::content::LoadOptions {
            drafts: false,
            today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            dates: None,
            memo: None,
        };
        let loaded = crate::content::load(&repo.join("tests/fixtures/handbook-basic"), &opts)
            .unwrap_or_else(|r| panic!("fixture: {}", r.render_short()));
        let mut parts = loaded.model.into_parts();
        parts.root = repo.to_path_buf();
        Model::new(parts)
    }

    fn has_crop_marks(frame: &Frame) -> bool {
        frame.items().any(|(_, item)| match item {
            FrameItem::Group(g) => {
                g.label
                    .is_some_and(|l| l.resolve().as_str() == pdf::CROP_MARKS_LABEL)
                    || has_crop_marks(&g.frame)
            }
            _ => false,
        })
    }

    /// Every solid paint of text and shapes in `frame`.
    fn paints(frame: &Frame, out: &mut Vec<Paint>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => paints(&g.frame, out),
                FrameItem::Text(t) => out.push(t.fill.clone()),
                FrameItem::Shape(s, _) => {
                    out.extend(s.fill.clone());
                    out.extend(s.stroke.as_ref().map(|s| s.paint.clone()));
                }
                _ => {}
            }
        }
    }

    /// The crop-mark lines of a page, as (start, end) in page coordinates (origin at the trim).
    fn crop_lines(frame: &Frame, at: Point, inside: bool, out: &mut Vec<(Point, Point)>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(g) => {
                    assert!(g.transform.is_identity());
                    let marks = g
                        .label
                        .is_some_and(|l| l.resolve().as_str() == pdf::CROP_MARKS_LABEL);
                    crop_lines(&g.frame, at + *pos, inside || marks, out);
                }
                FrameItem::Shape(shape, _) if inside => {
                    if let Geometry::Line(delta) = shape.geometry {
                        out.push((at + *pos, at + *pos + delta));
                    }
                }
                _ => {}
            }
        }
    }

    fn is_cmyk(p: &Paint) -> bool {
        matches!(p, Paint::Solid(Color::Process(ProcessColor::Cmyk(_))))
    }

    #[test]
    fn one_compile_gives_the_print_and_the_screen_pages() {
        let model = fixture();
        let compiled = compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
        let doc = &compiled.document;
        assert_eq!(doc.pages().len() % 4, 0);
        let outer = Abs::mm(model.site().handbook.bleed_mm + edition::MARK_ZONE_MM);
        let mut print_paints = Vec::new();
        for (i, page) in doc.pages().iter().enumerate() {
            assert!(
                has_crop_marks(&page.frame),
                "print page {} has crop marks",
                i + 1
            );
            assert!(
                (page.bleed.left - outer).abs() < Abs::pt(0.01),
                "page {} bleed {:?}",
                i + 1,
                page.bleed
            );
            assert!((page.frame.width() - Abs::mm(148.0)).abs() < Abs::pt(0.01));
            paints(&page.frame, &mut print_paints);
        }
        assert!(
            print_paints.iter().all(is_cmyk),
            "print colours are CMYK: {print_paints:?}"
        );

        // Eight marks per page on the trim lines, all outside the bleed.
        let (w, h, b) = (Abs::mm(148.0), Abs::mm(210.0), Abs::mm(3.0));
        let eps = Abs::pt(0.01);
        for page in doc.pages() {
            let mut lines = Vec::new();
            crop_lines(&page.frame, Point::zero(), false, &mut lines);
            assert_eq!(lines.len(), 8, "{lines:?}");
            for (s, e) in lines {
                let (x0, x1) = (s.x.min(e.x), s.x.max(e.x));
                let (y0, y1) = (s.y.min(e.y), s.y.max(e.y));
                let outside = x1 < -b || x0 > w + b || y1 < -b || y0 > h + b;
                assert!(outside, "mark {s:?}–{e:?} reaches into the bleed");
                let on_trim_line = [Abs::zero(), w]
                    .iter()
                    .any(|&x| (x0 - x).abs() < eps && (x1 - x).abs() < eps)
                    || [Abs::zero(), h]
                        .iter()
                        .any(|&y| (y0 - y).abs() < eps && (y1 - y).abs() < eps);
                assert!(on_trim_line, "mark {s:?}–{e:?} is not on a trim line");
                assert!(
                    x0 > -outer && x1 < w + outer && y0 > -outer && y1 < h + outer,
                    "mark inside the media"
                );
            }
        }

        let screen = pdf::screen_document(doc);
        assert_eq!(screen.pages().len(), doc.pages().len());
        let mut screen_paints = Vec::new();
        for page in screen.pages() {
            assert!(!has_crop_marks(&page.frame));
            assert_eq!(page.bleed, Sides::splat(Abs::zero()));
            paints(&page.frame, &mut screen_paints);
        }
        assert!(!screen_paints.iter().any(is_cmyk), "screen colours are RGB");
        // The print document is untouched by deriving the screen one.
        assert!(doc.pages().iter().all(|p| has_crop_marks(&p.frame)));
    }

    #[test]
    fn the_screen_variant_made_in_place_is_the_copy_and_leaves_the_print_variant_whole() {
        let compiled = compile(&fixture()).unwrap_or_else(|e| panic!("{e:#?}"));
        let print = pdf::print_document(&compiled.document);
        let copy = pdf::screen_document(&compiled.document);
        let in_place = pdf::into_screen_document(compiled.document);
        assert_eq!(
            typst::utils::hash128(&in_place),
            typst::utils::hash128(&copy),
            "the same pages, colours and boxes"
        );
        assert!(in_place.pages().iter().all(|p| !has_crop_marks(&p.frame)));
        // The print variant made before shares nothing the screen one changed.
        assert!(print.pages().iter().all(|p| has_crop_marks(&p.frame)));
        let mut print_paints = Vec::new();
        for page in print.pages() {
            assert!(page.bleed.left > Abs::zero());
            paints(&page.frame, &mut print_paints);
        }
        assert!(print_paints.iter().all(is_cmyk), "print colours stay CMYK");
    }

    #[test]
    fn an_entry_longer_than_a_page_is_found_in_the_first_pass_and_set_in_pieces() {
        let mut parts = fixture().into_parts();
        let mut long = parts.enterprises[0].clone();
        long.slug = "doanh-nghiep-dai".into();
        long.body.markdown = (1..=40)
            .map(|i| format!("Đoạn {i}: doanh nghiệp mẫu, không có thật, giới thiệu năng lực gia công và kiểm tra chất lượng theo yêu cầu của khách hàng."))
            .collect::<Vec<_>>()
            .join("\n\n");
        parts.enterprises.push(long);
        // Printed whole, so that it is longer than a page.
        parts.site.handbook.description_words = 100_000;
        let model = Model::new(parts);
        let count = model.enterprises().len();
        let compiled = compile_book(&model, false).unwrap();
        assert_eq!(compiled.entries_measured, count, "nothing was known before");
        // Set in pieces: the pieces' labels are in the book, each entry's only once; the short
        // entries stay whole (their markers).
        use typst::ecow::EcoVec;
        use typst::foundations::Value;
        use typst::introspection::{Introspector as _, MetadataElem};
        use typst::utils::PicoStr;
        let introspector = compiled.document.introspector();
        let labelled = |name: &str| {
            let label = typst::foundations::Label::new(PicoStr::intern(name)).unwrap();
            introspector.query(&typst::foundations::Selector::Label(label))
        };
        let ids = |found: EcoVec<typst::foundations::Content>| -> Vec<String> {
            found
                .iter()
                .filter_map(|m| match &m.to_packed::<MetadataElem>()?.value {
                    Value::Str(id) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        };
        let whole = ids(labelled("entry-start"));
        assert_eq!(whole.len(), count - 1, "{whole:?}");
        assert!(whole.iter().all(|id| !id.contains("doanh-nghiep-dai")));
        let pieces = introspector.query_labelled();
        assert!(pieces.iter().any(|c| c
            .label()
            .is_some_and(|l| l.resolve().contains("doanh-nghiep-dai-part-1"))));
    }

    #[test]
    fn characters_without_a_glyph_are_reported_and_replaced() {
        let mut parts = fixture().into_parts();
        let i = parts
            .enterprises
            .iter()
            .position(|e| e.slug == "van-xuan")
            .unwrap();
        parts.enterprises[i]
            .products
            .vi
            .push("Bánh răng 齿轮".into());
        let model = Model::new(parts);
        let compiled = compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
        let w = compiled
            .warnings
            .iter()
            .find(|d| d.message.contains("U+9F7F"))
            .unwrap_or_else(|| panic!("{:#?}", compiled.warnings));
        assert_eq!(w.file, Path::new("content/enterprises/van-xuan.md"));
        // PDF/A forbids missing glyphs: the export succeeds because they were replaced.
        let screen = pdf::screen_document(&compiled.document);
        pdf::export_screen(&screen, "test", 2020).expect("no .notdef glyph in the PDF/A");
    }

    #[test]
    fn a_book_without_enterprises_policies_or_programme_still_compiles() {
        let mut parts = fixture().into_parts();
        parts.enterprises.clear();
        parts.policies.clear();
        parts.market.clear();
        parts.programs.clear();
        parts.site.handbook.foreword = None;
        let model = Model::new(parts);
        let compiled = compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(compiled.document.pages().len() % 4, 0);
    }
}
