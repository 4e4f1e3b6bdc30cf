//! The website renderer: takes the model, renders every page through the theme's Tera templates
//! in parallel, and writes them with feeds, sitemap and static files into an output folder.

mod pages;
pub mod templates;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::model::Model;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

/// Options of the website renderer.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The theme folder (default `<root>/themes/cnht`).
    pub theme: PathBuf,
    /// Pass raw HTML in Markdown through (off by default).
    pub allow_raw_html: bool,
}

/// What the renderer wrote.
#[derive(Debug, Clone, Default)]
pub struct SiteSummary {
    /// Number of HTML pages.
    pub pages: usize,
    /// Number of other files (feeds, sitemap, static files).
    pub files: usize,
}

/// One file to render: where it goes, which template, and how to fill the context.
pub(crate) struct Job {
    /// Site-relative address (`/doanh-nghiep/x/`) or file path (`/sitemap.xml`).
    pub url: String,
    /// Template name.
    pub template: &'static str,
    /// Fills the page-specific part of the context.
    pub fill: Box<dyn Fn(&Model, &mut Context) + Send + Sync>,
    /// Include in the sitemap.
    pub in_sitemap: bool,
}

/// Renders the website of `model` into `out` (which must exist and be empty).
pub fn render(
    model: &Model,
    out: &Path,
    opts: &SiteOptions,
) -> Result<SiteSummary, Vec<Diagnostic>> {
    let tera = templates::load(&model.root, &opts.theme)?;
    let base = pages::base_context(model, opts);
    let mut jobs = pages::jobs(model, opts);
    let sitemap_urls: Vec<String> = jobs
        .iter()
        .filter(|j| j.in_sitemap)
        .map(|j| j.url.clone())
        .collect();
    jobs.extend(pages::feeds_and_sitemap(sitemap_urls));

    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(&tera, model, &base, job, out))
        .collect();
    let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    errors.extend(copy_assets(model, out));
    if !errors.is_empty() {
        return Err(errors);
    }
    let pages = jobs
        .iter()
        .filter(|j| j.url.ends_with('/') || j.url.ends_with(".html"))
        .count();
    let files = copy_static(&opts.theme.join("static"), &out.join("static")).map_err(|e| {
        vec![Diagnostic::error(
            rel(model, &opts.theme.join("static")),
            format!("cannot copy the theme's static files: {e}"),
        )]
    })?;
    Ok(SiteSummary {
        pages,
        files: files + jobs.len() - pages,
    })
}

fn rel(model: &Model, p: &Path) -> PathBuf {
    p.strip_prefix(&model.root).unwrap_or(p).to_path_buf()
}

fn render_job(
    tera: &Tera,
    model: &Model,
    base: &Context,
    job: &Job,
    out: &Path,
) -> Result<(), Diagnostic> {
    let mut ctx = base.clone();
    ctx.insert("current_path", &job.url);
    (job.fill)(model, &mut ctx);
    let text = tera.render(job.template, &ctx).map_err(|e| {
        Diagnostic::error(
            format!("themes/cnht/templates/{}", job.template),
            format!(
                "the page {} could not be rendered: {}",
                job.url,
                templates::chain(&e)
            ),
        )
    })?;
    let path = output_path(out, &job.url);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::error(dir, format!("cannot create folder: {e}")))?;
    }
    std::fs::write(&path, text).map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
}

/// The file an address is written to: `/a/b/` → `out/a/b/index.html`.
pub fn output_path(out: &Path, url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if url.ends_with('/') {
        out.join(trimmed).join("index.html")
    } else {
        out.join(trimmed)
    }
}

/// Publishes each enterprise's logo next to its page (the original file; resizing comes with the image pipeline).
fn copy_assets(model: &Model, out: &Path) -> Vec<Diagnostic> {
    model
        .enterprises
        .par_iter()
        .filter_map(|e| {
            let logo = e.logo.as_ref()?;
            let target = output_path(out, &crate::routes::enterprise(&e.slug))
                .with_file_name(format!("logo.{}", pages::logo_ext(e)));
            let result = target
                .parent()
                .map(std::fs::create_dir_all)
                .unwrap_or(Ok(()))
                .and_then(|_| std::fs::copy(logo, &target));
            result.err().map(|err| {
                Diagnostic::error(rel(model, logo), format!("cannot publish the logo: {err}"))
            })
        })
        .collect()
}

fn copy_static(from: &Path, to: &Path) -> std::io::Result<usize> {
    let mut n = 0;
    if !from.is_dir() {
        return Ok(0);
    }
    for entry in walkdir::WalkDir::new(from).into_iter() {
        let entry = entry.map_err(std::io::Error::other)?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            n += 1;
        }
    }
    Ok(n)
}
