//! Capability sheets: one A4 page per enterprise in Vietnamese and in English, for buyers at
//! fairs and matching sessions — the renderer beside the website and the handbook. It reads only
//! the model (and the logo files the model names), and writes screen PDFs (RGB, live links,
//! printable on an office printer) beside each enterprise page:
//! `/doanh-nghiep/<slug>/ho-so-nang-luc.pdf` and the English one under `/en/`.
//!
//! - `view`: one enterprise in one language as the template reads it (`/data/sheet.json`);
//! - `typeset`: the Typst world every sheet shares (fonts loaded once, the template parsed once)
//!   and the export of one sheet;
//! - `qr`: the QR code to the enterprise's page, as SVG;
//! - `cache`: typeset sheets by content hash in `.cache/sheets/`, so a rebuild typesets only
//!   the sheets that changed.
//!
//! Sheets are typeset in parallel in batches; after each batch every PDF is on disk and Typst's
//! memoisation cache is emptied, so memory stays the same at 100 or 10,000 enterprises.

pub mod cache;
pub mod qr;
pub mod typeset;
pub mod view;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use typst::foundations::Bytes;
use typst::text::Font;

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::messages::handbook as said;
use crate::messages::print::{missing_glyphs, Print, MISSING_GLYPH};
use crate::model::{urls, Enterprise, Lang, Model};
use cache::{KeyHasher, SheetCache};
use typeset::{Shared, SheetWorld, TEMPLATE};
use view::SheetView;

/// Enterprises typeset between two clearings of Typst's memoisation cache. Typst memoises every
/// compile's layout; kept across 64 enterprises it held 850 MB at 300 enterprises, emptied every
/// 16 it stays under 200 MB whatever the count (BENCHMARKS.md, "Capability sheets").
const BATCH: usize = 16;

/// What `render` did.
#[derive(Debug, Clone, Default)]
pub struct SheetsOutput {
    /// Sheets written (two per enterprise).
    pub sheets: usize,
    /// Sheets typeset by this build.
    pub typeset: usize,
    /// Sheets taken from the cache unchanged.
    pub reused: usize,
    /// Cache entries removed because no sheet uses them any more.
    pub pruned: usize,
    /// Warnings: a sheet longer than a page, a logo left out, characters without a glyph.
    pub warnings: Vec<Diagnostic>,
}

/// Where a sheet of `slug` in `lang` is written under the output folder `out`.
pub fn output_path(out: &Path, slug: &str, lang: Lang) -> PathBuf {
    out.join(
        lang.url(&urls::capability_sheet(slug))
            .trim_start_matches('/'),
    )
}

/// Typesets the capability sheets of every enterprise of `model` into `out` (the staging folder
/// of the build), with `fonts` (the handbook's) and the template `handbook/sheet.typ`, reusing
/// the sheets kept in `<cache_root>/sheets/` when one is given.
pub fn render(
    model: &Model,
    fonts: Vec<Font>,
    out: &Path,
    cache_root: Option<&Path>,
) -> Result<SheetsOutput, Vec<Diagnostic>> {
    if fonts.is_empty() {
        return Err(vec![Diagnostic::said(
            "handbook/fonts",
            said::no_fonts(Print::Sheet),
        )]);
    }
    let template_path = model.root().join(TEMPLATE);
    crate::boundary::Boundary::new(model.root())
        .check_path(&template_path)
        .map_err(|r| {
            vec![Diagnostic::said(
                TEMPLATE,
                said::link_refused(&r.link, &r.said()),
            )]
        })?;
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        vec![Diagnostic::said(
            TEMPLATE,
            said::sheet_template_unreadable(&template_path, e),
        )]
    })?;
    let mut base = KeyHasher::new();
    base.part(template.as_bytes());
    for f in &fonts {
        base.part(f.data()).part(&f.index().to_le_bytes());
    }
    let shared = Shared::new(fonts, &template);
    let cache = cache_root.and_then(SheetCache::open);
    let job = Job {
        model,
        shared: &shared,
        base,
        cache: cache.as_ref(),
        out,
        typeset: AtomicUsize::new(0),
        reused: AtomicUsize::new(0),
        warnings: Mutex::new(Vec::new()),
    };
    let mut errors = Vec::new();
    for batch in model.enterprises().chunks(BATCH) {
        let failed: Vec<Diagnostic> = batch
            .par_iter()
            .flat_map_iter(|e| job.enterprise(e).err().unwrap_or_default())
            .collect();
        errors.extend(failed);
        // Keep what the last batches used (the template's layout), drop the rest.
        typst::comemo::evict(0);
        if !errors.is_empty() {
            break;
        }
    }
    if !errors.is_empty() {
        return Err(dedup(errors));
    }
    let pruned = cache.as_ref().map_or(0, SheetCache::prune);
    let mut warnings = job.warnings.into_inner().unwrap_or_else(|e| e.into_inner());
    warnings.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(SheetsOutput {
        sheets: model.enterprises().len() * Lang::ALL.len(),
        typeset: job.typeset.into_inner(),
        reused: job.reused.into_inner(),
        pruned,
        warnings,
    })
}

/// The same template error from every sheet is reported once.
fn dedup(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    errors
        .into_iter()
        .filter(|d| seen.insert((d.file.clone(), d.message.clone())))
        .collect()
}

/// The state the parallel workers share.
struct Job<'a> {
    model: &'a Model,
    shared: &'a Shared,
    /// The hash of the template and the fonts, which every sheet's key starts from.
    base: KeyHasher,
    cache: Option<&'a SheetCache>,
    out: &'a Path,
    typeset: AtomicUsize,
    reused: AtomicUsize,
    warnings: Mutex<Vec<Diagnostic>>,
}

/// A logo as the sheet's virtual file.
struct Logo {
    path: String,
    bytes: Bytes,
}

impl Job<'_> {
    fn warn(&self, d: Diagnostic) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(d);
    }

    /// Both sheets of `e`.
    fn enterprise(&self, e: &Enterprise) -> Result<(), Vec<Diagnostic>> {
        let mut logo = self.logo(e);
        let mut uncovered = BTreeSet::new();
        for lang in Lang::ALL {
            let Err(errors) = self.sheet(e, lang, logo.as_ref(), &mut uncovered) else {
                continue;
            };
            if logo.is_none() {
                return Err(errors);
            }
            // Typst could not read the logo when the sheet goes through without it.
            self.sheet(e, lang, None, &mut uncovered)?;
            self.warn(
                Diagnostic::warned(&e.origin.file, said::logo_not_an_image(None, Print::Sheet))
                    .field("logo"),
            );
            logo = None;
        }
        if !uncovered.is_empty() {
            self.warn(Diagnostic::warned(
                &e.origin.file,
                missing_glyphs(&uncovered, Print::Sheet),
            ));
        }
        Ok(())
    }

    /// The logo of `e` as a virtual file, when it has one in a format Typst reads.
    fn logo(&self, e: &Enterprise) -> Option<Logo> {
        let path = e.logo.as_ref()?;
        let ext = path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_ascii_lowercase)?;
        if !matches!(
            ext.as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
        ) {
            return None;
        }
        match std::fs::read(path) {
            Ok(bytes) => Some(Logo {
                path: format!("/data/logo.{ext}"),
                bytes: Bytes::new(bytes),
            }),
            Err(err) => {
                self.warn(
                    Diagnostic::warned(&e.origin.file, said::logo_unreadable(err, Print::Sheet))
                        .field("logo"),
                );
                None
            }
        }
    }

    /// The sheet of `e` in `lang`: from the cache when its key is there, else typeset.
    fn sheet(
        &self,
        e: &Enterprise,
        lang: Lang,
        logo: Option<&Logo>,
        uncovered: &mut BTreeSet<char>,
    ) -> Result<(), Vec<Diagnostic>> {
        let view = SheetView::of(self.model, e, lang, logo.map(|l| l.path.clone()));
        let mut value = serde_json::to_value(&view).map_err(|err| {
            vec![Diagnostic::said(
                &e.origin.file,
                cannot(Cannot::WriteSheetData, err),
            )]
        })?;
        replace_uncovered(&mut value, &|c| self.covered(c), uncovered);
        let data = value.to_string().into_bytes();
        let mut key = self.base.clone();
        key.part(&data);
        if let Some(l) = logo {
            key.part(l.path.as_bytes()).part(&l.bytes);
        }
        let key = key.finish();
        let target = output_path(self.out, &e.slug, lang);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|err| vec![write_error(parent, &err)])?;
        }
        if let Some(cached) = self.cache.and_then(|c| c.get(&key)) {
            crate::place::link_or_copy(&cached, &target)
                .map_err(|err| vec![write_error(&target, &err)])?;
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let svg = qr::svg(&view.url).ok_or_else(|| {
            vec![
                Diagnostic::said("content/site.toml", said::address_too_long_for_qr())
                    .field("base_url"),
            ]
        })?;
        let mut files = vec![
            (view::DATA_PATH.to_owned(), Bytes::new(data)),
            (view::QR_PATH.to_owned(), Bytes::new(svg.into_bytes())),
        ];
        if let Some(l) = logo {
            files.push((l.path.clone(), l.bytes.clone()));
        }
        let world = SheetWorld::new(self.shared, files);
        let done = typeset::typeset(&world, &format!("{}-{}", e.slug, lang.code()))?;
        for w in done.warnings {
            self.warn(w);
        }
        if done.pages > 1 {
            self.warn(Diagnostic::warned(
                &e.origin.file,
                said::sheet_too_long(lang == Lang::Vi, done.pages),
            ));
        }
        crate::place::write(&target, &done.pdf).map_err(|err| vec![write_error(&target, &err)])?;
        if let Some(c) = self.cache {
            c.put(&key, &done.pdf);
        }
        self.typeset.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn covered(&self, c: char) -> bool {
        c.is_whitespace() || c.is_control() || self.shared.covers(c)
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::said(path, cannot(Cannot::WriteSheet, e))
}

/// Replaces the characters no font has (they would print as empty boxes) and collects them.
fn replace_uncovered(
    value: &mut serde_json::Value,
    covered: &dyn Fn(char) -> bool,
    found: &mut BTreeSet<char>,
) {
    match value {
        serde_json::Value::String(s) if !s.chars().all(covered) => {
            *s = s
                .chars()
                .map(|c| {
                    if covered(c) {
                        c
                    } else {
                        found.insert(c);
                        MISSING_GLYPH
                    }
                })
                .collect();
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(|v| replace_uncovered(v, covered, found)),
        serde_json::Value::Object(map) => map
            .values_mut()
            .for_each(|v| replace_uncovered(v, covered, found)),
        _ => {}
    }
}
