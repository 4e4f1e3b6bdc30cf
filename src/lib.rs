//! `cnht`: one repository of Markdown and TOML compiled into the Hanoi supporting-industry website
//! and the print-ready handbook. The pipeline is load → validate → model → renderers.
// `Diagnostic` is the error type of every fallible step. It is built only on bad input, so its size
// on the error path costs nothing that matters, and boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod atomic_write;
pub mod bench;
pub mod body_limits;
pub mod boundary;
pub mod content;
pub mod deploy;
pub mod diagnostics;
pub mod gen;
pub mod handbook;
pub mod import;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod place;
pub mod publish;
pub mod raw_html;
pub mod scaffold;
pub mod serve;
pub mod sheets;
pub mod site;
pub mod taxcode;
pub mod text;
pub mod timing;

use chrono::NaiveDate;
use diagnostics::{Diagnostic, Report};
use model::urls;
use std::path::{Path, PathBuf};

/// What `build` should do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root, holding `content/`, `themes/` and `handbook/`.
    pub root: PathBuf,
    /// Output folder (default `<root>/public`).
    pub out: PathBuf,
    /// Include drafts and scheduled news.
    pub drafts: bool,
    /// Render the website.
    pub site: bool,
    /// Render the handbook PDFs.
    pub handbook: bool,
    /// Typeset the enterprises' capability sheets (`sheets`); when off, a website build keeps
    /// the sheets of the current publication.
    pub sheets: bool,
    /// Typeset the handbook only for a site of at most this many enterprises (`cnht serve`,
    /// whose background book of a very large site would take gigabytes after every save);
    /// `None`: whatever the size.
    pub handbook_limit: Option<usize>,
    /// The date considered today (for scheduled news); `None` means the real date.
    pub today: Option<NaiveDate>,
    /// Write pre-compressed `.gz`/`.br` siblings of the text files (`deploy`); off in `cnht serve`.
    pub compress: bool,
    /// Last-change dates from git when the caller already has them (`None`: one `git log` pass).
    pub dates: Option<std::sync::Arc<content::FileDates>>,
    /// Replace `out` even when it holds files cnht did not write (never the site's own folders,
    /// the home folder or `/`; see `publish::check_output`).
    pub force: bool,
    /// Refuse to publish while any record or setting is a sample (`--no-samples`).
    pub no_samples: bool,
    /// Take the pages whose inputs did not change from the publication being replaced, and
    /// record this publication's pages for the next build (`site::memo`); off in `cnht serve`,
    /// whose every build goes into a new folder.
    pub reuse_pages: bool,
    /// The bodies read by the previous builds of this process (`cnht serve`), so that only
    /// changed files and bodies are parsed again (`content::LoadMemo`).
    pub memo: Option<std::sync::Arc<content::LoadMemo>>,
}

impl BuildOptions {
    /// Defaults for a site at `root`: both outputs into `root/public`, no drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            drafts: false,
            site: true,
            handbook: true,
            sheets: true,
            handbook_limit: None,
            today: None,
            compress: true,
            dates: None,
            force: false,
            no_samples: false,
            reuse_pages: true,
            memo: None,
        }
    }

    fn load_options(&self) -> content::LoadOptions {
        content::LoadOptions {
            drafts: self.drafts,
            today: self
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            dates: self.dates.clone(),
            memo: self.memo.clone(),
        }
    }
}

/// What a successful build produced.
#[derive(Debug, Default)]
pub struct BuildSummary {
    /// Number of enterprises published.
    pub enterprises: usize,
    /// Website pages and files written.
    pub site: Option<site::SiteSummary>,
    /// The website renderer of this build (templates, strings, images), for re-rendering single
    /// pages later (`cnht serve`).
    pub renderer: Option<std::sync::Arc<site::Renderer>>,
    /// The handbook files.
    pub handbook: Option<handbook::HandbookOutput>,
    /// The site's number of enterprises when the handbook was asked for but left out for being
    /// above `BuildOptions::handbook_limit`.
    pub handbook_left_out: Option<usize>,
    /// The events' exhibitor catalogues (screen and print files, built with the handbook).
    pub catalogues: Vec<handbook::catalogue::CatalogueOutput>,
    /// The capability sheets: how many, how many typeset and how many reused.
    pub sheets: Option<sheets::SheetsOutput>,
    /// Warnings (the build succeeded).
    pub warnings: Report,
    /// What the deploy step did (compressed siblings, cache use).
    pub deployed: Option<deploy::DeployStats>,
}

/// Checks the whole site and returns every finding (errors and warnings).
pub fn check(root: &Path, drafts: bool) -> Report {
    check_with_samples(root, drafts).0
}

/// Like [`check`], with the one-line summary of the samples left when the content is valid.
pub fn check_with_samples(root: &Path, drafts: bool) -> (Report, Option<String>) {
    let opts = content::LoadOptions {
        drafts,
        ..Default::default()
    };
    match content::load(root, &opts) {
        Ok(loaded) => {
            let line =
                model::samples::samples_summary(&loaded.model.samples(), messages::current());
            (loaded.report, Some(line))
        }
        Err(report) => (report, None),
    }
}

/// Loads the site and renders the requested outputs into a staging folder, then swaps it in for
/// `opts.out` in one step. On any error nothing in `opts.out` changes. The output folder is
/// checked first, before anything is loaded (`publish::check_output`); a caller that passes
/// `force` should show `OutputFolder::force_warning` before calling this.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Report> {
    let started = std::time::Instant::now();
    let output = publish::check_output(&opts.root, &opts.out, opts.force)
        .map_err(|d| fail(&Report::default(), d))?;
    let loaded = content::load(&opts.root, &opts.load_options())?;
    timing::phase("load and check", started);
    let mut report = loaded.report;
    let model = loaded.model;
    if opts.no_samples && model.sample_total() > 0 {
        report.diagnostics.extend(model.sample_errors());
        return Err(report);
    }
    let mut staging = publish::Staging::new(&output).map_err(|d| fail(&report, d))?;
    if let [first, ..] = staging.removed_leftovers() {
        let names: Vec<String> = staging
            .removed_leftovers()
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        report.diagnostics.push(Diagnostic::warned(
            first.parent().unwrap_or(first),
            messages::publish::leftovers_removed(&names),
        ));
    }
    let mut summary = BuildSummary {
        enterprises: model.enterprises().len(),
        ..Default::default()
    };
    let too_large = opts
        .handbook_limit
        .is_some_and(|limit| model.enterprises().len() > limit);
    if opts.handbook && too_large {
        summary.handbook_left_out = Some(model.enterprises().len());
    }
    let typeset_handbook = opts.handbook && !too_large;

    // When only some outputs are rebuilt, keep the others from the current publication: the
    // handbook folder and the capability sheets (of the enterprises still listed) for a
    // website-only build, found by name; everything else for a handbook-only build.
    if opts.site && !(typeset_handbook && opts.sheets) {
        if !typeset_handbook {
            staging
                .seed_from(
                    &output.path,
                    Path::new(urls::HANDBOOK.trim_matches('/')),
                    |_| true,
                )
                .map_err(|d| fail(&report, d))?;
        }
        if !opts.sheets {
            let sheets = model.enterprises().iter().flat_map(|e| {
                model::Lang::ALL.map(|lang| sheets::output_path(Path::new(""), &e.slug, lang))
            });
            staging
                .seed_files(&output.path, sheets)
                .map_err(|d| fail(&report, d))?;
        }
    } else if !opts.site {
        let handbook_dir = urls::HANDBOOK.trim_matches('/');
        let slugs: std::collections::HashSet<&str> = model
            .enterprises()
            .iter()
            .map(|e| e.slug.as_str())
            .collect();
        let is_sheet = |rel: &Path| {
            let path = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            urls::capability_sheet_slug(model::Lang::split(&path).1)
                .is_some_and(|slug| slugs.contains(slug))
        };
        staging
            .seed_from(&output.path, Path::new(""), |rel| {
                let in_handbook = rel.starts_with(handbook_dir);
                let sheet = is_sheet(rel);
                (!in_handbook && !sheet)
                    || (!typeset_handbook && in_handbook)
                    || (!opts.sheets && sheet)
            })
            .map_err(|d| fail(&report, d))?;
    }
    let mut memo = None;
    if opts.site {
        let site_opts = site::SiteOptions {
            theme: opts.root.join("themes/cnht"),
            allow_raw_html: loaded.allow_raw_html,
        };
        // Pages whose inputs did not change are taken from the publication being replaced.
        if opts.reuse_pages {
            memo = site::memo::PageMemo::open(&opts.root, &site_opts.theme, &output.path);
        }
        let rendered = site::Renderer::new(&model, staging.path(), &site_opts).and_then(|r| {
            Ok((
                r.render_all_reusing(&model, staging.path(), memo.as_ref())?,
                r,
            ))
        });
        match rendered {
            Ok((s, r)) => {
                summary.site = Some(s);
                summary.renderer = Some(std::sync::Arc::new(r));
            }
            Err(errors) => return Err(with(&opts.root, report, errors)),
        }
    }
    // Typesetting frees a layout pass's memory in bulk: give it back at once (timing::alloc).
    let typesetting = (typeset_handbook || opts.sheets).then(timing::alloc::release_promptly);
    if typeset_handbook {
        let dir = staging.path().join(urls::HANDBOOK.trim_matches('/'));
        // The exhibitor catalogues are typeset while the book's print files are finished.
        let (book, catalogues) = handbook::render_with(&model, &dir, || {
            let mut steps = timing::Steps::new("handbook");
            let mut catalogues = Vec::new();
            for event in model.events() {
                catalogues.push((event, handbook::catalogue::render(&model, event, &dir)));
                steps.step("exhibitor catalogue (beside the book's PDF/X and preflight)");
            }
            catalogues
        });
        match book {
            Ok(h) => {
                report.diagnostics.extend(h.warnings.iter().cloned());
                summary.handbook = Some(h);
            }
            Err(errors) => return Err(with(&opts.root, report, errors)),
        }
        for (event, rendered) in catalogues.unwrap_or_default() {
            match rendered {
                Ok(c) => {
                    for p in &c.preflight_problems {
                        report.diagnostics.push(Diagnostic::warned(
                            &event.origin.file,
                            messages::handbook::fails_preflight(
                                p,
                                messages::print::Print::Catalogue,
                            ),
                        ));
                    }
                    summary.catalogues.push(c);
                }
                Err(errors) => return Err(with(&opts.root, report, errors)),
            }
        }
    }
    timing::phase("render", started);
    if opts.sheets {
        let fonts_dir = opts.root.join("handbook/fonts");
        let fonts = handbook::world::load_fonts(&opts.root, &fonts_dir).map_err(|e| {
            fail(
                &report,
                Diagnostic::said(
                    "handbook/fonts",
                    messages::files::cannot(messages::files::Cannot::ReadSheetFonts, e),
                ),
            )
        })?;
        match sheets::render(
            &model,
            fonts,
            staging.path(),
            Some(&opts.root.join(".cache")),
        ) {
            Ok(s) => {
                report.diagnostics.extend(s.warnings.iter().cloned());
                summary.sheets = Some(s);
            }
            Err(errors) => return Err(with(&opts.root, report, errors)),
        }
        timing::phase("capability sheets", started);
    }
    drop(typesetting);
    // Rendering into the spare: what this build did not put there goes before the deploy step.
    staging.sweep().map_err(|d| fail(&report, d))?;
    timing::phase("sweep the spare", started);
    let cache = opts.root.join(".cache");
    let deployed = deploy::finish_with(
        staging.path(),
        &output.path,
        Some(&cache),
        opts.compress,
        staging.files_put(),
    )
    .map_err(|d| fail(&report, d))?;
    summary.deployed = Some(deployed);
    timing::phase("compress", started);
    let staged = staging.path().to_path_buf();
    staging.publish(&output).map_err(|d| fail(&report, d))?;
    if let Some(memo) = &memo {
        memo.save(&output.path);
    }
    // Old search shards leave the cache on a thread of their own; it ends with the build.
    site::search::wait_for_removals();
    timing::phase("publish", started);
    // Report where the files now are, not where they were staged.
    if let Some(h) = summary.handbook.as_mut() {
        let paths = [
            &mut h.screen_pdf,
            &mut h.print_pdf,
            &mut h.readme,
            &mut h.preflight,
        ]
        .into_iter()
        .chain(h.cover_pdf.as_mut());
        for p in paths {
            if let Ok(rel) = p.strip_prefix(&staged) {
                *p = opts.out.join(rel);
            }
        }
    }
    for c in &mut summary.catalogues {
        for p in [&mut c.screen, &mut c.pdf, &mut c.preflight] {
            if let Ok(rel) = p.strip_prefix(&staged) {
                *p = opts.out.join(rel);
            }
        }
    }
    report.sort();
    summary.warnings = report;
    Ok(summary)
}

fn with(root: &Path, mut report: Report, errors: Vec<Diagnostic>) -> Report {
    // Renderer errors point into templates; read them so the message can quote the line.
    for d in &errors {
        if d.span.is_some() && report.sources.get(&d.file).is_none() {
            if let Ok(text) = std::fs::read_to_string(root.join(&d.file)) {
                report.sources.insert(d.file.clone(), text.into());
            }
        }
    }
    report.diagnostics.extend(errors);
    report.sort();
    report
}

fn fail(report: &Report, d: Diagnostic) -> Report {
    with(Path::new("."), report.clone(), vec![d])
}
