//! The website renderer: takes the model, renders every page through the theme's Tera templates
//! in parallel, and writes them with feeds, sitemap and static files into an output folder.

pub mod assets;
pub mod images;
pub mod memo;
pub mod opendata;
mod output;
mod pages;
pub mod policy_data;
pub mod profile;
pub mod search;
pub mod structured;
pub mod templates;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::model::Lang;
use crate::model::Model;
pub use output::output_path;
use output::write_page;
use pages::Job;
use rayon::prelude::*;
use std::collections::HashSet;
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
    /// Shards of the search index.
    pub search_shards: usize,
    /// Shards of the search index taken from the cache (`<root>/.cache/search/`).
    pub search_shards_reused: usize,
    /// Pages taken unchanged from the publication the build replaces (`memo`).
    pub pages_reused: usize,
}

/// Renders the website of `model` into `out` (which must exist and be empty).
pub fn render(
    model: &Model,
    out: &Path,
    opts: &SiteOptions,
) -> Result<SiteSummary, Vec<Diagnostic>> {
    Renderer::new(model, out, opts)?.render_all(model, out)
}

/// What rendering pages needs besides the model: the theme's templates and interface strings, and
/// the processed images. A full render makes one; `cnht serve` keeps it to re-render the pages of
/// an edited record alone (`render_pages`) while the full rebuild runs in the background.
pub struct Renderer {
    tera: Tera,
    strings: templates::Strings,
    images: Arc<images::Images>,
    assets: assets::Assets,
    opts: SiteOptions,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("theme", &self.opts.theme)
            .field("images", &self.images.pictures.len())
            .finish_non_exhaustive()
    }
}

/// Every page of a render, in both languages, with the base context of each language.
struct Plan {
    /// (language, language-free path, job); the job's `url` carries the language prefix.
    jobs: Vec<(Lang, String, Job)>,
    /// Base context of Vietnamese (0) and English (1) pages.
    bases: Vec<Context>,
}

impl Plan {
    fn base(&self, lang: Lang) -> &Context {
        &self.bases[usize::from(lang == Lang::En)]
    }
}

impl Renderer {
    /// Loads the theme and processes the images of `model` into `out/static/img/` (a broken
    /// image stops here, before any page is rendered).
    pub fn new(model: &Model, out: &Path, opts: &SiteOptions) -> Result<Self, Vec<Diagnostic>> {
        let (mut tera, strings) = templates::load_with_strings(model.root(), &opts.theme)?;
        let theme_static = opts.theme.join("static");
        let assets = assets::Assets::scan(&theme_static).map_err(|e| {
            vec![Diagnostic::said(
                rel(model, &theme_static),
                cannot(Cannot::ReadThemeStatic, e),
            )]
        })?;
        tera.register_function("asset", assets.function());
        let started = std::time::Instant::now();
        let images = Arc::new(images::process(model, out)?);
        crate::timing::phase("site: images", started);
        Ok(Renderer {
            tera,
            strings,
            images,
            assets,
            opts: opts.clone(),
        })
    }

    /// Every page in both languages. A job's address is language-free until here, except for
    /// jobs that already carry a language prefix (those keep it).
    fn plan(&self, model: &Model) -> Plan {
        let mut jobs: Vec<(Lang, String, Job)> = Vec::new();
        let mut bases = Vec::new();
        let mut sitemap_paths: Vec<String> = Vec::new();
        for lang in Lang::ALL {
            let env = pages::Env {
                lang,
                strings: self.strings.clone(),
                images: self.images.clone(),
                allow_html: self.opts.allow_raw_html,
            };
            bases.push(pages::base_context(model, &env));
            let mut list = pages::jobs(model, &env);
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
        Plan { jobs, bases }
    }

    /// Renders every page and file of the site into `out` (the folder `new` processed the
    /// images into).
    pub fn render_all(&self, model: &Model, out: &Path) -> Result<SiteSummary, Vec<Diagnostic>> {
        self.render_all_reusing(model, out, None)
    }

    /// [`Renderer::render_all`], taking every page whose inputs did not change from the
    /// publication `memo` knows instead of rendering it again.
    pub fn render_all_reusing(
        &self,
        model: &Model,
        out: &Path,
        memo: Option<&memo::PageMemo>,
    ) -> Result<SiteSummary, Vec<Diagnostic>> {
        let started = std::time::Instant::now();
        let plan = self.plan(model);
        crate::timing::phase("site: plan", started);
        // Pages that exist in both languages get the language switch and hreflang alternates to
        // their counterpart; a page in one language only switches to the other language's home.
        let all: HashSet<&str> = plan.jobs.iter().map(|(_, _, j)| j.url.as_str()).collect();
        // What the pages of each language share, for the pages that name their own inputs.
        let worlds: Vec<memo::Key> = match memo {
            Some(_) => Lang::ALL
                .iter()
                .map(|&l| memo::world(model, plan.base(l), self.opts.allow_raw_html))
                .collect(),
            None => Vec::new(),
        };
        // What those pages name of the records, once per record.
        let digests = match memo {
            Some(_) => memo::Digests::of(model, &self.images),
            None => memo::Digests::default(),
        };
        crate::timing::phase("site: digests", started);
        let results: Vec<Result<(), Diagnostic>> = plan
            .jobs
            .par_iter()
            .map(|(lang, path, job)| {
                let both = all.contains(lang.other().url(path).as_str());
                let context = || self.page_context(model, plan.base(*lang), *lang, path, both, job);
                let Some(memo) = memo else {
                    return write_page(out, &job.url, self.render_page(job, &context())?);
                };
                // A page that names its inputs is keyed without filling its context; any other
                // by its filled context.
                let (key, ctx) = match &job.inputs {
                    Some(inputs) => {
                        let world = &worlds[usize::from(*lang == Lang::En)];
                        let key = memo.key_of_inputs(&job.url, job.template, world, both, |w| {
                            inputs(model, &digests, w)
                        });
                        (key, None)
                    }
                    None => {
                        let ctx = context();
                        (memo.key(&job.url, job.template, &ctx), Some(ctx))
                    }
                };
                let file = output_path(out, &job.url);
                if !memo.reuse(&job.url, &key, out, &file) {
                    let text = self.render_page(job, &ctx.unwrap_or_else(context))?;
                    memo.rendered(&job.url, &key, out, &file, text.as_bytes());
                    write_page(out, &job.url, text)?;
                }
                Ok(())
            })
            .collect();
        crate::timing::phase("site: pages", started);
        let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
        // The assets and open data, and the search index with the directory's filter data, are
        // made from the model and write files of their own: side by side (much of indexing one
        // shard of a rebuild keeps one core only). A thread of its own, not Rayon's `join`: the
        // search step waits for threads of its own, which must never hold one of Rayon's
        // workers (with other builds in the same process, all could wait at once).
        let (written, searched) = std::thread::scope(|scope| {
            let written = scope.spawn(|| {
                let mut errors = copy_assets(model, out);
                let open_files = opendata::write(model, out)
                    .and_then(|n| Ok(n + policy_data::write(model, out)?))
                    .map_err(|d| errors.push(d))
                    .ok();
                let files = self
                    .assets
                    .write(out)
                    .map_err(|e| {
                        errors.push(Diagnostic::said(
                            rel(model, &self.opts.theme.join("static")),
                            cannot(Cannot::CopyThemeStatic, e),
                        ))
                    })
                    .ok();
                crate::timing::phase("site: assets and open data", started);
                (errors, open_files, files)
            });
            let searched = search::write(model, &self.strings, out, memo.map(|_| &digests));
            crate::timing::phase("site: search index", started);
            let written = written
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (written, searched)
        });
        let (written_errors, open_files, files) = written;
        errors.extend(written_errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(open_files), Some(files)) = (open_files, files) else {
            return Err(errors);
        };
        let searched = searched.map_err(|d| vec![d])?;
        let jobs: Vec<Job> = plan.jobs.into_iter().map(|(_, _, j)| j).collect();
        let pages = jobs
            .iter()
            .filter(|j| j.url.ends_with('/') || j.url.ends_with(".html"))
            .count();
        Ok(SiteSummary {
            pages,
            files: files + searched.files + open_files + images_files(&self.images) + jobs.len()
                - pages,
            images_encoded: self.images.encoded,
            images_reused: self.images.reused,
            search_shards: searched.shards,
            search_shards_reused: searched.shards_reused,
            pages_reused: memo.map_or(0, |m| m.reused()),
        })
    }

    /// Renders only the pages at `urls` (addresses with their language prefix, as served) into
    /// memory, for the live preview; addresses the site does not have are left out of the result.
    /// Exactly the text `render_all` would write for them, given the same model.
    pub fn render_pages(
        &self,
        model: &Model,
        urls: &[String],
    ) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
        let plan = self.plan(model);
        let all: HashSet<&str> = plan.jobs.iter().map(|(_, _, j)| j.url.as_str()).collect();
        let wanted: HashSet<&str> = urls.iter().map(String::as_str).collect();
        let results: Vec<Result<(String, String), Diagnostic>> = plan
            .jobs
            .par_iter()
            .filter(|(_, _, job)| wanted.contains(job.url.as_str()))
            .map(|(lang, path, job)| {
                let both = all.contains(lang.other().url(path).as_str());
                let ctx = self.page_context(model, plan.base(*lang), *lang, path, both, job);
                self.render_page(job, &ctx)
                    .map(|text| (job.url.clone(), text))
            })
            .collect();
        let (ok, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if errors.is_empty() {
            Ok(ok.into_iter().filter_map(Result::ok).collect())
        } else {
            Err(errors.into_iter().filter_map(Result::err).collect())
        }
    }

    /// Whether every image `model` shows was processed by this renderer: when not (a new or
    /// replaced logo), only a full render can publish it.
    pub fn has_images_of(&self, model: &Model) -> bool {
        let logos = model.enterprises().iter().filter_map(|e| e.logo.as_ref());
        let art = model
            .news()
            .iter()
            .chain(model.market())
            .filter_map(|a| a.image.as_ref());
        logos
            .chain(art)
            .all(|p| self.images.pictures.contains_key(p))
    }

    /// The Tera context of one page: the language's base, the page's addresses, what its job
    /// fills in. Besides the base, a page gets its address (`current_path`, with the prefix), its
    /// language-free `page_path`, the address of the same page in the other language (`alt_url`)
    /// and, when both exist, the absolute addresses of both (`url_vi`, `url_en`, for the hreflang
    /// alternates).
    fn page_context(
        &self,
        model: &Model,
        base: &Context,
        lang: Lang,
        path: &str,
        both: bool,
        job: &Job,
    ) -> Context {
        let mut ctx = base.clone();
        ctx.insert("current_path", &job.url);
        ctx.insert("page_path", path);
        if both {
            ctx.insert("alt_url", &lang.other().url(path));
            let absolute = |l: Lang| format!("{}{}", model.site().base_url, l.url(path));
            ctx.insert("url_vi", &absolute(Lang::Vi));
            ctx.insert("url_en", &absolute(Lang::En));
        } else {
            ctx.insert("alt_url", &lang.other().url("/"));
        }
        (job.fill)(model, &mut ctx);
        ctx
    }

    fn render_page(&self, job: &Job, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(job.template, ctx).map_err(|e| {
            Diagnostic::said(
                format!("themes/cnht/templates/{}", job.template),
                crate::messages::render::page_failed(&job.url, &templates::chain(&e)),
            )
        })
    }
}

/// The addresses (both languages, as served) of the page made from the content file `file`
/// (relative to the site root, `content/enterprises/x.md`); empty for files that make no page of
/// their own (site settings, data tables) or are not published.
pub fn pages_of(model: &Model, file: &Path) -> Vec<String> {
    let Ok(under) = file.strip_prefix("content") else {
        return Vec::new();
    };
    let key = under.to_string_lossy().replace('\\', "/");
    match model.page_of_file(&key) {
        Some(path) => Lang::ALL.iter().map(|l| l.url(path)).collect(),
        None => Vec::new(),
    }
}

fn rel(model: &Model, p: &Path) -> PathBuf {
    p.strip_prefix(model.root()).unwrap_or(p).to_path_buf()
}

fn images_files(images: &images::Images) -> usize {
    images
        .pictures
        .values()
        .flat_map(|p| &p.variants)
        .map(|v| 1 + usize::from(v.webp.is_some()))
        .sum()
}

/// Publishes each enterprise's original logo next to its Vietnamese page (`logo.png`), a stable
/// address for the full-size file; pages show the resized copies of `images`.
fn copy_assets(model: &Model, out: &Path) -> Vec<Diagnostic> {
    model
        .enterprises()
        .par_iter()
        .filter_map(|e| {
            let logo = e.logo.as_ref()?;
            let target = output_path(out, &crate::model::urls::enterprise(&e.slug))
                .with_file_name(format!("logo.{}", pages::logo_ext(e)));
            let result = crate::place::copy(logo, &target);
            result
                .err()
                .map(|err| Diagnostic::said(rel(model, logo), cannot(Cannot::PublishLogo, err)))
        })
        .collect()
}
