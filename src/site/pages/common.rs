//! What every page shares: the language's environment, the base context (site settings, menus),
//! Markdown bodies as HTML with their links resolved by the model, and the page's description.

use super::super::images::Images;
use super::super::templates::Strings;
use crate::markdown;
use crate::model::links::Link;
use crate::model::{urls, Body, Lang, Model};
use crate::site::memo::Digests;
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

/// What the pages of one language share: the language, the interface strings, the images.
#[derive(Clone)]
pub(crate) struct Env {
    /// The language of the pages.
    pub lang: Lang,
    /// Interface strings.
    pub strings: Strings,
    /// Processed images.
    pub images: Arc<Images>,
    /// Pass raw HTML in Markdown through the sanitiser instead of showing it as text.
    pub allow_html: bool,
}

/// Fills a page's template context from the model.
pub(crate) type Fill = Box<dyn Fn(&Model, &mut Context) + Send + Sync>;

/// Writes what one page shows of the model besides what every page of its language shares
/// ([`crate::site::memo::world`]): for an enterprise page, its record's digest; for a listing,
/// its header and the digests of the enterprises it shows ([`Digests`]). Given the same bytes and
/// the same shared inputs, `fill` fills the same context, so a rebuild can tell the page did not
/// change without filling its context (see `site::memo`).
pub(crate) type Inputs = Box<dyn Fn(&Model, &Digests, &mut dyn std::io::Write) + Send + Sync>;

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
    /// The page's own inputs, for a page that can name them ([`Inputs`]); `None`: the page's key
    /// is taken from its filled context.
    pub inputs: Option<Inputs>,
}

/// A render job at the language-free address `url`, in the sitemap.
pub(super) fn job(
    url: String,
    template: &'static str,
    fill: impl Fn(&Model, &mut Context) + Send + Sync + 'static,
) -> Job {
    Job {
        url,
        template,
        fill: Box::new(fill),
        in_sitemap: true,
        inputs: None,
    }
}

#[derive(Serialize)]
struct MenuItem<'a> {
    title: &'a str,
    title_lang: Option<&'static str>,
    url: String,
}

/// The site settings as the templates read them, with the texts of one language.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    title_en: Option<&'a str>,
    description: Option<&'a str>,
    description_en: Option<&'a str>,
    base_url: &'a str,
    per_page: usize,
    sample_data: bool,
    sample_notice: Option<&'a str>,
    sample_notice_en: Option<&'a str>,
    contact: ContactView<'a>,
    targets: &'a crate::model::Targets,
    sectors: Vec<SectorView<'a>>,
    handbook: EditionView<'a>,
}

#[derive(Serialize)]
struct ContactView<'a> {
    organisation: Option<&'a str>,
    organisation_en: Option<&'a str>,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    /// The details (and the site's domain) are placeholders.
    sample: bool,
}

#[derive(Serialize)]
struct SectorView<'a> {
    key: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    description: Option<&'a str>,
    description_en: Option<&'a str>,
}

/// The printed edition as the handbook page shows it: the title in the page's language and the
/// other one's.
#[derive(Serialize)]
pub(super) struct EditionView<'a> {
    title: &'a str,
    title_en: Option<&'a str>,
    year: i64,
    publisher: Option<&'a str>,
    trim_width_mm: f64,
    trim_height_mm: f64,
    bleed_mm: f64,
    foreword: Option<&'a str>,
}

impl<'a> EditionView<'a> {
    /// The edition of `m` on a page in `lang`.
    pub(super) fn of(m: &'a Model, lang: Lang) -> Self {
        let h = &m.site().handbook;
        EditionView {
            title: h.title.pick(lang).text,
            title_en: h.title.other(lang).0,
            year: h.year,
            publisher: h.publisher.as_deref(),
            trim_width_mm: h.trim_width_mm,
            trim_height_mm: h.trim_height_mm,
            bleed_mm: h.bleed_mm,
            foreword: h.foreword.as_deref(),
        }
    }
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

/// The site settings with the texts of `lang`, and which of them fell back to Vietnamese.
fn site_view(m: &Model, lang: Lang) -> (SiteView<'_>, ViOnly) {
    let site = m.site();
    let title = site.title.pick(lang);
    let description = site.description.pick(lang);
    let notice = site.sample_notice.pick(lang);
    let organisation = site.contact.organisation.pick(lang);
    let handbook = EditionView::of(m, lang);
    let fell_back = |p: Option<crate::model::Picked<'_, str>>| p.is_some_and(|p| p.fell_back);
    let vi_only = ViOnly {
        title: title.fell_back,
        description: fell_back(description),
        sample_notice: fell_back(notice),
        organisation: fell_back(organisation),
        handbook_title: site.handbook.title.pick(lang).fell_back,
    };
    let view = SiteView {
        title: title.text,
        title_en: site.title.en(),
        description: description.map(|p| p.text),
        description_en: site.description.en(),
        base_url: &site.base_url,
        per_page: site.per_page,
        sample_data: site.sample_data,
        sample_notice: notice.map(|p| p.text),
        sample_notice_en: site.sample_notice.en(),
        contact: ContactView {
            organisation: organisation.map(|p| p.text),
            organisation_en: site.contact.organisation.en(),
            address: site.contact.address.as_deref(),
            phone: site.contact.phone.as_deref(),
            email: site.contact.email.as_deref(),
            website: site.contact.website.as_deref(),
            sample: site.contact.sample,
        },
        targets: &site.targets,
        sectors: site
            .sectors
            .iter()
            .map(|s| SectorView {
                key: &s.key,
                name: s.name.pick(lang).text,
                name_en: s.name.other(lang).0,
                description: s.description.pick(lang).map(|p| p.text),
                description_en: s.description.other(lang),
            })
            .collect(),
        handbook,
    };
    (view, vi_only)
}

/// What every page of `env.lang` gets: site settings, menus, language.
pub(crate) fn base_context(model: &Model, env: &Env) -> Context {
    let lang = env.lang;
    let mut ctx = Context::new();
    let (site, vi_only) = site_view(model, lang);
    ctx.insert("site", &site);
    ctx.insert("vi_only", &vi_only);
    ctx.insert("lang", lang.code());
    ctx.insert("other_lang", lang.other().code());
    ctx.insert("prefix", lang.prefix());
    ctx.insert("og_locale", lang.locale());
    ctx.insert("og_locale_alternate", lang.other().locale());
    let menu: Vec<MenuItem> = model
        .pages()
        .iter()
        .filter(|p| p.menu)
        .map(|p| {
            let title = p.title.pick(lang);
            MenuItem {
                title: title.text,
                title_lang: title.lang_mark(),
                url: lang.url(&urls::page(&p.slug)),
            }
        })
        .collect();
    ctx.insert("menu_pages", &menu);
    ctx.insert(
        "programs",
        &model
            .programs()
            .iter()
            .map(|p| (p.year, lang.url(&urls::program(p.year))))
            .collect::<Vec<_>>(),
    );
    // The PDFs are shared by both languages: no prefix.
    let (screen, print) = urls::handbook_pdfs(model.site().handbook.year);
    ctx.insert("handbook_screen", &screen);
    ctx.insert("handbook_print", &print);
    ctx.insert("enterprise_total", &model.enterprises().len());
    ctx.insert("stats_url", &lang.url(urls::STATS));
    ctx.insert("sources_url", &lang.url(urls::SOURCES));
    let events = (!model.events().is_empty()).then(|| lang.url(urls::EVENTS));
    ctx.insert("events_url", &events);
    ctx.insert("sample_total", &model.sample_total());
    // The English pages offer the English table.
    ctx.insert("opendata_csv", &lang.url(urls::ENTERPRISES_CSV));
    ctx.insert("opendata_json", urls::ENTERPRISES_JSON);
    ctx
}

/// A Markdown body as HTML for a page in `env.lang`. Links are resolved by the model: `@/` links
/// lead to the record's page in the same language, and so do links written as site addresses of
/// pages (`/doanh-nghiep/`); files (`/static/…`, PDFs, open data) and other sites stay as written.
pub(super) fn html(model: &Model, body: &str, env: &Env) -> String {
    let lang = env.lang;
    markdown::to_html(body, env.allow_html, &|dest| match model.resolve(dest) {
        Ok(Link::Record { path, suffix, .. }) => Some(format!("{}{suffix}", lang.url(path))),
        // Addresses the site does not have are refused by `cnht check`; a page renders them as
        // pages all the same.
        Ok(Link::Site { page: true }) | Err(crate::model::links::LinkError::NoAddress(_))
            if lang != Lang::Vi
                && !dest.trim().starts_with(&format!("{}/", lang.prefix()))
                && !urls::is_file(dest.trim()) =>
        {
            Some(lang.url(dest.trim()))
        }
        _ => None,
    })
}

/// The description of a page with a Markdown `body` (meta description, OpenGraph): an excerpt of
/// the English summary on English pages when there is one, else of the Vietnamese body.
pub(super) fn description(body: &Body, lang: Lang) -> String {
    match (lang, body.en()) {
        (Lang::En, Some(en)) => markdown::excerpt(en, 160),
        _ => markdown::excerpt(&body.markdown, 160),
    }
}

/// OpenGraph image of a page: its picture's largest variant and size.
pub(super) fn og_image(ctx: &mut Context, picture: Option<&super::super::images::Picture>) {
    if let Some(p) = picture {
        ctx.insert("og_image", &p.largest);
        ctx.insert("og_image_width", &p.width);
        ctx.insert("og_image_height", &p.height);
    }
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
