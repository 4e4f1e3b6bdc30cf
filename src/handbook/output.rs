//! The handbook's files: the compiled book exported as its screen, print and cover PDFs
//! (`export`), then the print files made PDF/X-4, checked by the preflight, the print shop's
//! README written and everything placed in the output folder (`Exported::finish`). Between the
//! two, `render_with` may run other typesetting beside the finishing steps.

use std::collections::BTreeSet;
use std::path::Path;

use typst::model::Document as _;
use typst_layout::PagedDocument;

use super::{
    colour, compile, pdf, pdfx, preflight, readme, typst_errors, used_fonts, Compiled,
    HandbookOutput, PT_PER_MM,
};
use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::messages::handbook::{self as said, Stage};
use crate::messages::print::Print;
use crate::model::{urls, Model};

/// The handbook typeset and exported: the PDFs' bytes, before PDF/X, preflight and writing.
pub(super) struct Exported {
    compiled: Compiled,
    intent: colour::OutputIntent,
    converter: colour::Converter,
    pages: usize,
    fonts: BTreeSet<String>,
    screen: Vec<u8>,
    print: Vec<u8>,
    cover: Option<Vec<u8>>,
}

pub(super) fn export(model: &Model) -> Result<Exported, Vec<Diagnostic>> {
    let edition = &model.site().handbook;
    let mut compiled = compile(model)?;
    let mut steps = crate::timing::Steps::new("handbook");
    let intent = colour::load(model.root(), &edition.print).map_err(|d| vec![d])?;
    let converter = colour::Converter::new(&intent).map_err(|e| {
        vec![
            Diagnostic::said("content/site.toml", said::stage_failed(Stage::Colour, e))
                .field("handbook.print.output_profile"),
        ]
    })?;
    let stem = urls::handbook_stem(edition.year);
    let pages = compiled.document.pages().len();
    let fonts = used_fonts(&compiled.document);
    let print_doc = pdf::print_document(&compiled.document);
    // From here on the two variants are the book: the original's pages become the screen ones.
    let info = compiled.document.info().clone();
    let document = std::mem::replace(
        &mut compiled.document,
        PagedDocument::new(Default::default(), info),
    );
    let screen_doc = pdf::into_screen_document(document);
    let cover_doc = compiled
        .cover
        .as_ref()
        .map(|(doc, _)| pdf::print_document(doc));
    steps.step("screen and print variants of the document");
    let ((screen, print), cover) = rayon::join(
        || {
            rayon::join(
                || pdf::export_screen(&screen_doc, &stem, edition.year),
                || pdf::export_print(&print_doc, &format!("{stem}-in-an"), edition.year),
            )
        },
        || {
            cover_doc
                .as_ref()
                .map(|d| pdf::export_print(d, &format!("{stem}-bia-in-an"), edition.year))
        },
    );
    drop((screen_doc, print_doc, cover_doc));
    crate::timing::alloc::release_freed();
    let templates = model.root().join("handbook");
    let screen = screen.map_err(|e| typst_errors(&templates, None, &e))?;
    let print = print.map_err(|e| typst_errors(&templates, None, &e))?;
    let cover = cover
        .transpose()
        .map_err(|e| typst_errors(&templates, None, &e))?;
    steps.step("PDF export (screen, print, cover)");
    Ok(Exported {
        compiled,
        intent,
        converter,
        pages,
        fonts,
        screen,
        print,
        cover,
    })
}

impl Exported {
    /// PDF/X, the preflight, the README, and the files written into `out_dir`.
    pub(super) fn finish(
        self,
        model: &Model,
        out_dir: &Path,
    ) -> Result<HandbookOutput, Vec<Diagnostic>> {
        let edition = &model.site().handbook;
        let stem = urls::handbook_stem(edition.year);
        let mut steps = crate::timing::Steps::new("handbook");
        let mm = |v: f64| v * PT_PER_MM;
        let date = (i32::try_from(edition.year).unwrap_or(2020), 1, 1);
        let pdfx = |bytes: &[u8], width_mm: f64, ident: &str| {
            let trim = pdfx::Trim {
                width: mm(width_mm),
                height: mm(edition.trim_height_mm),
                bleed: mm(edition.bleed_mm),
            };
            let meta = pdfx::Meta {
                title: &edition.title.vi,
                author: edition.publisher.as_deref(),
                date,
                ident,
            };
            pdfx::make_pdfx(bytes, trim, &self.intent, &self.converter, &meta).map_err(|e| {
                vec![Diagnostic::said("handbook", said::stage_failed(Stage::PdfX, e)).on_folder()]
            })
        };
        let print = pdfx(&self.print, edition.trim_width_mm, &format!("{stem}-in-an"))?;
        let cover = match (&self.cover, &self.compiled.cover) {
            (Some(bytes), Some((_, view))) => Some(pdfx(
                bytes,
                view.spread_width_mm,
                &format!("{stem}-bia-in-an"),
            )?),
            _ => None,
        };
        steps.step("PDF/X");

        let unchecked = |e| {
            vec![Diagnostic::said("handbook", said::stage_failed(Stage::Preflight, e)).on_folder()]
        };
        let print_check = preflight::run(&print).map_err(unchecked)?;
        let cover_check = cover
            .as_deref()
            .map(preflight::run)
            .transpose()
            .map_err(unchecked)?;
        steps.step("preflight");

        std::fs::create_dir_all(out_dir).map_err(|e| vec![write_error(out_dir, &e)])?;
        let (screen_name, print_name) = urls::handbook_files(edition.year);
        let mut out = HandbookOutput {
            screen_pdf: out_dir.join(screen_name),
            print_pdf: out_dir.join(print_name),
            cover_pdf: cover
                .as_ref()
                .map(|_| out_dir.join(urls::handbook_cover_file(edition.year))),
            readme: out_dir.join(urls::HANDBOOK_README),
            preflight: out_dir.join(urls::HANDBOOK_PREFLIGHT),
            preflight_text: String::new(),
            preflight_problems: Vec::new(),
            pages: self.pages,
            spine_mm: self.compiled.cover.as_ref().map(|(_, v)| v.spine_mm),
            shortened: (self.compiled.shortened, edition.description_words),
            warnings: self.compiled.warnings.clone(),
        };
        let limit = edition.print.ink_limit_percent;
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let mut report = print_check.text(&name(&out.print_pdf), limit);
        let mut problems = print_check.problems_said(limit);
        if let (Some(check), Some(path)) = (&cover_check, &out.cover_pdf) {
            report.push('\n');
            report.push_str(&check.text(&name(path), limit));
            problems.extend(
                check
                    .problems_said(limit)
                    .into_iter()
                    .map(|p| crate::messages::preflight::of_file(&name(path), p)),
            );
        }
        out.preflight_text = report;
        out.preflight_problems = problems.iter().map(|(en, _)| en.message.clone()).collect();
        for p in &problems {
            out.warnings.push(
                Diagnostic::warned("handbook", said::fails_preflight(p, Print::Handbook))
                    .on_folder(),
            );
        }
        for key in edition.imprint.missing() {
            out.warnings.push(
                Diagnostic::warned("content/site.toml", said::imprint_missing())
                    .field(format!("handbook.imprint.{key}")),
            );
        }
        let readme = readme::print_readme(
            model,
            &out,
            &self.fonts,
            &self.compiled,
            &self.intent,
            &print_check,
        );
        let mut files = vec![
            (out.screen_pdf.clone(), self.screen),
            (out.print_pdf.clone(), print),
            (out.readme.clone(), readme.into_bytes()),
            (
                out.preflight.clone(),
                out.preflight_text.clone().into_bytes(),
            ),
        ];
        if let (Some(path), Some(bytes)) = (&out.cover_pdf, cover) {
            files.push((path.clone(), bytes));
        }
        for (path, bytes) in files {
            crate::place::write(&path, &bytes).map_err(|e| vec![write_error(&path, &e)])?;
        }
        steps.step("README and writing");
        Ok(out)
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::said(path, cannot(Cannot::WriteHandbook, e))
}
