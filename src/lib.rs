//! `cnht`: one repository of Markdown and TOML compiled into the Hanoi supporting-industry website
//! and the print-ready handbook. The pipeline is load → validate → model → renderers.

pub mod bench;
pub mod content;
pub mod diagnostics;
pub mod gen;
pub mod markdown;
pub mod model;
pub mod publish;
pub mod routes;
pub mod site;
pub mod taxcode;
pub mod text;

use chrono::NaiveDate;
use diagnostics::{Diagnostic, Report};
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
    /// The date considered today (for scheduled news); `None` means the real date.
    pub today: Option<NaiveDate>,
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
            today: None,
        }
    }

    fn load_options(&self) -> content::LoadOptions {
        content::LoadOptions {
            drafts: self.drafts,
            today: self
                .today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
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
    /// The handbook files.
    pub handbook: Option<()>,
    /// Warnings (the build succeeded).
    pub warnings: Report,
}

/// Checks the whole site and returns every finding (errors and warnings).
pub fn check(root: &Path, drafts: bool) -> Report {
    let opts = content::LoadOptions {
        drafts,
        ..Default::default()
    };
    match content::load(root, &opts) {
        Ok(loaded) => loaded.report,
        Err(report) => report,
    }
}

/// Loads the site and renders the requested outputs into a staging folder, then swaps it in for
/// `opts.out` in one step. On any error nothing in `opts.out` changes.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Report> {
    let loaded = content::load(&opts.root, &opts.load_options())?;
    let mut report = loaded.report;
    let model = loaded.model;
    let staging = publish::Staging::new(&opts.out).map_err(|d| fail(&report, d))?;
    let mut summary = BuildSummary {
        enterprises: model.enterprises.len(),
        ..Default::default()
    };

    // When only one output is rebuilt, keep the other from the current publication.
    if !(opts.site && opts.handbook) {
        staging.seed_from(&opts.out).map_err(|d| fail(&report, d))?;
    }
    if opts.site {
        let site_opts = site::SiteOptions {
            theme: opts.root.join("themes/cnht"),
            allow_raw_html: loaded.allow_raw_html,
        };
        match site::render(&model, staging.path(), &site_opts) {
            Ok(s) => summary.site = Some(s),
            Err(errors) => return Err(with(report, errors)),
        }
    }
    staging.publish(&opts.out).map_err(|d| fail(&report, d))?;
    report.sort();
    summary.warnings = report;
    Ok(summary)
}

fn with(mut report: Report, errors: Vec<Diagnostic>) -> Report {
    report.diagnostics.extend(errors);
    report.sort();
    report
}

fn fail(report: &Report, d: Diagnostic) -> Report {
    with(report.clone(), vec![d])
}
