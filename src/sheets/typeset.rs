//! Typesetting one sheet: a small Typst `World` per sheet over what every sheet shares — the
//! standard library, the fonts (loaded once, by the caller) and the parsed template — plus the
//! sheet's own virtual files (its data, its QR code, its logo). Typst memoises across these
//! compiles, so the template is parsed and laid out for what is common only once.

use std::path::Path;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::diagnostics::{line_col, Diagnostic};

/// The sheet template, in the handbook's template folder (it imports nothing, so this one file
/// and the fonts are all of the sheet's presentation).
pub const TEMPLATE: &str = "handbook/sheet.typ";

/// The id of a file at the virtual `path`.
fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("sheet virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What every sheet's compile shares.
pub struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
}

impl Shared {
    /// The shared part of every sheet's world: `fonts` and the template's text.
    pub fn new(fonts: Vec<Font>, template: &str) -> Shared {
        let main = file_id("/sheet.typ");
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(main, template.trim_start_matches('\u{feff}').to_owned()),
        }
    }

    /// Whether some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
    }
}

/// One sheet's world: the shared part and the sheet's virtual files.
pub struct SheetWorld<'a> {
    shared: &'a Shared,
    files: Vec<(FileId, Bytes)>,
}

impl<'a> SheetWorld<'a> {
    /// A world for one sheet with `files` (virtual path → bytes).
    pub fn new(shared: &'a Shared, files: Vec<(String, Bytes)>) -> Self {
        SheetWorld {
            shared,
            files: files.into_iter().map(|(p, b)| (file_id(&p), b)).collect(),
        }
    }
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main.id() {
            Ok(self.shared.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The sheet prints the data's own date, never the day it was typeset.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

/// A typeset sheet: the PDF and how many pages it took.
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Typesets the sheet of `world` into a screen PDF (RGB, links, tagged) with the document
/// identifier `ident`, which makes the file reproducible.
pub fn typeset(world: &SheetWorld<'_>, ident: &str) -> Result<Typeset, Vec<Diagnostic>> {
    let result = typst::compile::<PagedDocument>(world);
    let warnings: Vec<Diagnostic> = result
        .warnings
        .iter()
        .map(|w| diagnostic(world, w))
        .collect();
    let doc = result.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| diagnostic(world, e))
            .collect::<Vec<_>>()
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("cnht {} (Typst)", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        page_ranges: None,
        standards: Default::default(),
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| diagnostic(world, e))
            .collect::<Vec<_>>()
    })?;
    Ok(Typeset {
        pdf,
        pages: doc.pages().len(),
        warnings,
    })
}

/// A Typst error or warning as a diagnostic at the template's line and column (errors inside
/// Typst or the data are reported where the template called them).
fn diagnostic(world: &SheetWorld<'_>, d: &SourceDiagnostic) -> Diagnostic {
    let main = world.main();
    let range = if d.span.id() == Some(main) {
        world.range(d.span)
    } else {
        d.trace
            .iter()
            .map(|t| t.span)
            .find(|s| s.id() == Some(main))
            .and_then(|s| world.range(s))
    };
    let place = range
        .as_ref()
        .map(|r| line_col(world.shared.main.text(), r.start));
    let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
    let said = crate::messages::handbook::typst_said(place, &d.message, &hints.join("; "));
    let file = Path::new(TEMPLATE);
    let mut diag = match d.severity {
        Severity::Error => Diagnostic::said(file, said),
        Severity::Warning => Diagnostic::warned(file, said),
    };
    if let Some(r) = range {
        diag = diag.at(r);
    }
    diag
}
