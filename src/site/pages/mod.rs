//! The list of pages the site has, and what each page's template receives.
//!
//! `jobs` is called once per language. The addresses of the jobs are language-free paths
//! (`/doanh-nghiep/x/`); the renderer puts the language prefix in front. Every address the
//! contexts hold already carries the prefix (`/en/doanh-nghiep/x/` on English pages).
//!
//! Here: what every page shares (base context, Markdown bodies), the home page, search and 404.
//! - `directory`: the directory, enterprise pages, facets and statistics;
//! - `policies`: policies, market notes, news, programmes and free pages;
//! - `stats`: the statistics page;
//! - `feeds`: Atom feeds, sitemap and robots.txt.

use super::images::Images;
use super::templates::Strings;
use super::views::{ArticleCard, PolicyCard};
use super::{opendata, Job, SiteOptions};
use crate::markdown;
use crate::model::urls;
use crate::model::Lang;
use crate::model::Model;
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

mod directory;
mod feeds;
mod policies;
mod stats;

use directory::facets_sectors;
pub(crate) use feeds::{feeds, sitemap_and_robots};
use policies::program_targets;

/// File names of the handbook PDFs, shared with the handbook renderer.
pub fn handbook_files(model: &Model) -> (String, String) {
    let y = model.site.handbook.year;
    (
        format!("cam-nang-cnht-ha-noi-{y}.pdf"),
        format!("cam-nang-cnht-ha-noi-{y}-in-an.pdf"),
    )
}

/// What the pages of one language share: the language, the interface strings, the images.
#[derive(Clone)]
pub(crate) struct Env {
    /// The language of the pages.
    pub lang: Lang,
    /// Interface strings.
    pub strings: Strings,
    /// Processed images.
    pub images: Arc<Images>,
}

#[derive(Serialize)]
struct MenuItem {
    title: String,
    title_lang: Option<&'static str>,
    url: String,
}

/// Which site-wide texts are shown in Vietnamese on an English page (no English version).
#[derive(Serialize, Default)]
struct ViOnly {
    title: bool,
    description: bool,
    sample_notice: bool,
    organisation: bool,
    handbook_title: bool,
}

/// The site settings with the texts of `lang`.
fn localized_site(model: &Model, lang: Lang) -> (crate::model::SiteConfig, ViOnly) {
    let mut site = model.site.clone();
    let mut vi = ViOnly::default();
    if lang == Lang::En {
        let swap = |text: &mut String, en: &Option<String>, flag: &mut bool| match en
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            Some(en) => *text = en.to_owned(),
            None => *flag = true,
        };
        swap(&mut site.title, &model.site.title_en, &mut vi.title);
        swap(
            &mut site.handbook.title,
            &model.site.handbook.title_en,
            &mut vi.handbook_title,
        );
        // The other language's title, for the secondary line: Vietnamese on English pages.
        site.handbook.title_en = (!vi.handbook_title).then(|| model.site.handbook.title.clone());
        if let Some(d) = site.description.as_mut() {
            swap(d, &model.site.description_en, &mut vi.description);
        }
        if let Some(n) = site.sample_notice.as_mut() {
            swap(n, &model.site.sample_notice_en, &mut vi.sample_notice);
        }
        if let Some(o) = site.contact.organisation.as_mut() {
            swap(o, &model.site.contact.organisation_en, &mut vi.organisation);
        }
        for s in &mut site.sectors {
            if let Some(en) = s.name_en.clone() {
                s.name_en = Some(std::mem::replace(&mut s.name, en));
            }
            if let Some(en) = s.description_en.clone() {
                s.description_en = s.description.replace(en);
            }
        }
    }
    (site, vi)
}

/// What every page of `env.lang` gets: site settings, menus, language.
pub(crate) fn base_context(model: &Model, _opts: &SiteOptions, env: &Env) -> Context {
    let lang = env.lang;
    let mut ctx = Context::new();
    let (site, vi_only) = localized_site(model, lang);
    ctx.insert("site", &site);
    ctx.insert("vi_only", &vi_only);
    ctx.insert("lang", lang.code());
    ctx.insert("other_lang", lang.other().code());
    ctx.insert("prefix", lang.prefix());
    ctx.insert("og_locale", lang.locale());
    ctx.insert("og_locale_alternate", lang.other().locale());
    let menu: Vec<MenuItem> = model
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| {
            let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
            MenuItem {
                title: title.to_owned(),
                title_lang,
                url: lang.url(&urls::page(&p.slug)),
            }
        })
        .collect();
    ctx.insert("menu_pages", &menu);
    ctx.insert(
        "programs",
        &model
            .programs
            .iter()
            .map(|p| (p.year, lang.url(&urls::program(p.year))))
            .collect::<Vec<_>>(),
    );
    // The PDFs are shared by both languages: no prefix.
    let (screen, print) = handbook_files(model);
    ctx.insert("handbook_screen", &format!("{}{}", urls::HANDBOOK, screen));
    ctx.insert("handbook_print", &format!("{}{}", urls::HANDBOOK, print));
    ctx.insert("enterprise_total", &model.enterprises.len());
    ctx.insert("stats_url", &lang.url(urls::STATS));
    ctx.insert("opendata_csv", opendata::ENTERPRISES_CSV);
    ctx.insert("opendata_json", opendata::ENTERPRISES_JSON);
    ctx
}

fn job(
    url: String,
    template: &'static str,
    fill: impl Fn(&Model, &mut Context) + Send + Sync + 'static,
) -> Job {
    Job {
        url,
        template,
        fill: Box::new(fill),
        in_sitemap: true,
    }
}

/// A Markdown body as HTML for a page in `lang`: `@/` links lead to the page in the same language,
/// and so do links written as site addresses (`/doanh-nghiep/`); files (`/static/…`, PDFs) stay.
fn html(model: &Model, body: &str, allow_html: bool, lang: Lang) -> String {
    let out = markdown::to_html(body, allow_html, &|dest| {
        let key = dest.trim_start_matches("@/");
        let (path, frag) = match key.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (key, None),
        };
        model.content_paths.get(path).map(|u| match frag {
            Some(f) => format!("{}#{f}", lang.url(u)),
            None => lang.url(u),
        })
    });
    if lang == Lang::Vi {
        return out;
    }
    prefix_page_links(&out, lang)
}

/// Puts the language prefix in front of every `href="/…"` that leads to a page (not a file).
fn prefix_page_links(html: &str, lang: Lang) -> String {
    const HREF: &str = "href=\"/";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(HREF) {
        out.push_str(&rest[..i + HREF.len() - 1]);
        let after = &rest[i + HREF.len() - 1..];
        let link = after.split('"').next().unwrap_or("");
        let path = link.split(['#', '?']).next().unwrap_or("");
        let last = path.rsplit('/').next().unwrap_or("");
        let is_page = !link.starts_with("//")
            && !path.starts_with("/static/")
            && !path.starts_with(&format!("{}/", lang.prefix()))
            && !last.contains('.');
        if is_page {
            out.push_str(lang.prefix());
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The other-language text of a pair, for a secondary line.
fn alt<'a>(lang: Lang, vi: &'a str, en: Option<&'a str>) -> (Option<&'a str>, &'static str) {
    let en = en.filter(|s| !s.trim().is_empty());
    match lang {
        Lang::Vi => (en, "en"),
        Lang::En => (en.map(|_| vi), "vi"),
    }
}

/// Every page of the site in `env.lang`, with language-free addresses.
pub(crate) fn jobs(model: &Model, opts: &SiteOptions, env: &Env) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(model.enterprises.len() + 200);

    let e = env.clone();
    jobs.push(job("/".into(), "index.html", move |m, ctx| {
        let lang = e.lang;
        ctx.insert("sectors", &facets_sectors(m, lang));
        ctx.insert("international", &m.international_count());
        let news: Vec<ArticleCard> = m
            .news
            .iter()
            .take(3)
            .map(|a| ArticleCard::of(a, lang))
            .collect();
        ctx.insert("latest_news", &news);
        let policies: Vec<PolicyCard> = m
            .policies
            .iter()
            .take(4)
            .map(|p| PolicyCard::of(p, lang, &e.strings))
            .collect();
        ctx.insert("latest_policies", &policies);
        if let Some(p) = m.programs.last() {
            ctx.insert("program_year", &p.year);
            ctx.insert("program_url", &lang.url(&urls::program(p.year)));
            ctx.insert("targets", &program_targets(m, &e, p));
        }
    }));

    directory::push(&mut jobs, model, opts, env);
    policies::push(&mut jobs, model, opts, env);
    // The search page (/tim-kiem/, /en/tim-kiem/); src/site/search.rs writes the index itself.
    jobs.push(super::search::page_job());
    let mut not_found = job("/404.html".into(), "404.html", |_, _| {});
    not_found.in_sitemap = false;
    jobs.push(not_found);
    jobs
}

/// A plain text cut at a word boundary near `max` characters.
fn excerpt_plain(text: &str, max: usize) -> String {
    markdown::excerpt(text, max)
}

/// The logo's extension as published next to the enterprise page.
pub(crate) fn logo_ext(e: &crate::model::Enterprise) -> String {
    e.logo
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| "png".into())
}
