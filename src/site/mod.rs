//! The website renderer: takes the model, renders every page through the theme's Tera templates
//! in parallel, and writes them with feeds, sitemap and static files into an output folder.

pub mod images;
pub mod lang;
pub mod opendata;
mod pages;
pub mod search;
mod stats;
pub mod structured;
pub mod templates;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::model::Model;
use lang::Lang;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// Image variants encoded in this build.
    pub images_encoded: usize,
    /// Image variants taken from the cache (`<root>/.cache/images/`).
    pub images_reused: usize,
}

/// Fills a page's template context from the model.
pub(crate) type Fill = Box<dyn Fn(&Model, &mut Context) + Send + Sync>;

/// One file to render: where it goes, which template, and how to fill the context.
pub(crate) struct Job {
    /// Site-relative address (`/doanh-nghiep/x/`) or file path (`/sitemap.xml`).
    pub url: String,
    /// Template name.
    pub template: &'static str,
    /// Fills the page-specific part of the context.
    pub fill: Fill,
    /// Include in the sitemap.
    pub in_sitemap: bool,
}

/// Renders the website of `model` into `out` (which must exist and be empty).
pub fn render(
    model: &Model,
    out: &Path,
    opts: &SiteOptions,
) -> Result<SiteSummary, Vec<Diagnostic>> {
    let (tera, strings) = templates::load_with_strings(&model.root, &opts.theme)?;
    // Images first: pages show their sizes, and a broken image stops the build before any page.
    let started = std::time::Instant::now();
    let images = Arc::new(images::process(model, out)?);
    crate::bench::phase("site: images", started);

    // Every page in both languages. A job's address is language-free until here, except for
    // jobs that already carry a language prefix (those keep it).
    let mut jobs: Vec<(Lang, String, Job)> = Vec::new();
    let mut bases = Vec::new();
    let mut sitemap_paths: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        let env = pages::Env {
            lang,
            strings: strings.clone(),
            images: images.clone(),
        };
        bases.push(pages::base_context(model, opts, &env));
        let mut list = pages::jobs(model, opts, &env);
        list.extend(pages::feeds(&env));
        for mut job in list {
            let (lang, path) = match Lang::split(&job.url) {
                (Lang::Vi, path) => (lang, path.to_owned()),
                (other, path) => (other, path.to_owned()),
            };
            job.url = lang.url(&path);
            if job.in_sitemap && lang == Lang::Vi {
                sitemap_paths.push(path.clone());
            }
            jobs.push((lang, path, job));
        }
    }
    jobs.extend(
        pages::sitemap_and_robots(sitemap_paths)
            .into_iter()
            .map(|j| (Lang::Vi, j.url.clone(), j)),
    );

    // Pages that exist in both languages get the language switch and hreflang alternates to
    // their counterpart; a page in one language only switches to the other language's home.
    let all: std::collections::HashSet<&str> =
        jobs.iter().map(|(_, _, j)| j.url.as_str()).collect();
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|(lang, path, job)| {
            let base = &bases[usize::from(*lang == Lang::En)];
            let both = all.contains(lang.other().url(path).as_str());
            render_job(&tera, model, base, *lang, path, both, job, out)
        })
        .collect();
    crate::bench::phase("site: pages", started);
    let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    errors.extend(copy_assets(model, out));
    let open_files = opendata::write(model, out).map_err(|d| vec![d]);
    if !errors.is_empty() {
        return Err(errors);
    }
    let open_files = open_files?;
    let jobs: Vec<Job> = jobs.into_iter().map(|(_, _, j)| j).collect();
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
    // Search index and directory filter data, from the model, once the pages are written.
    crate::bench::phase("site: assets and open data", started);
    let files = files + search::write(model, out).map_err(|d| vec![d])?.files;
    crate::bench::phase("site: search index", started);
    Ok(SiteSummary {
        pages,
        files: files + open_files + images_files(&images) + jobs.len() - pages,
        images_encoded: images.encoded,
        images_reused: images.reused,
    })
}

fn rel(model: &Model, p: &Path) -> PathBuf {
    p.strip_prefix(&model.root).unwrap_or(p).to_path_buf()
}

fn images_files(images: &images::Images) -> usize {
    images
        .pictures
        .values()
        .flat_map(|p| &p.variants)
        .map(|v| 1 + usize::from(v.webp.is_some()))
        .sum()
}

/// Renders one page. Besides the language's base context, a page gets its address
/// (`current_path`, with the prefix), its language-free `page_path`, the address of the same page
/// in the other language (`alt_url`) and, when both exist, the absolute addresses of both
/// (`url_vi`, `url_en`, for the hreflang alternates).
#[allow(clippy::too_many_arguments)]
fn render_job(
    tera: &Tera,
    model: &Model,
    base: &Context,
    lang: Lang,
    path: &str,
    both: bool,
    job: &Job,
    out: &Path,
) -> Result<(), Diagnostic> {
    let mut ctx = base.clone();
    ctx.insert("current_path", &job.url);
    ctx.insert("page_path", path);
    if both {
        ctx.insert("alt_url", &lang.other().url(path));
        let absolute = |l: Lang| format!("{}{}", model.site.base_url, l.url(path));
        ctx.insert("url_vi", &absolute(Lang::Vi));
        ctx.insert("url_en", &absolute(Lang::En));
    } else {
        ctx.insert("alt_url", &lang.other().url("/"));
    }
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

/// Publishes each enterprise's original logo next to its Vietnamese page (`logo.png`), a stable
/// address for the full-size file; pages show the resized copies of `images`.
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
