//! The list of pages the site has, and what each page's template receives.
//!
//! `jobs` is called once per language. The addresses of the jobs are language-free paths
//! (`/doanh-nghiep/x/`); the renderer puts the language prefix in front. Every address the
//! contexts hold already carries the prefix (`/en/doanh-nghiep/x/` on English pages).

use super::images::Images;
use super::lang::Lang;
use super::templates::Strings;
use super::views::{
    article_summary, district_label, ArticleCard, EnterpriseCard, EnterpriseDetail, Facet,
    Paginator, PolicyCard,
};
use super::{opendata, structured, Job, SiteOptions};
use crate::markdown;
use crate::model::{ArticleKind, Model};
use crate::routes;
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

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
                url: lang.url(&routes::page(&p.slug)),
            }
        })
        .collect();
    ctx.insert("menu_pages", &menu);
    ctx.insert(
        "programs",
        &model
            .programs
            .iter()
            .map(|p| (p.year, lang.url(&routes::program(p.year))))
            .collect::<Vec<_>>(),
    );
    // The PDFs are shared by both languages: no prefix.
    let (screen, print) = handbook_files(model);
    ctx.insert(
        "handbook_screen",
        &format!("{}{}", routes::HANDBOOK, screen),
    );
    ctx.insert("handbook_print", &format!("{}{}", routes::HANDBOOK, print));
    ctx.insert("enterprise_total", &model.enterprises.len());
    ctx.insert("stats_url", &lang.url(routes::STATS));
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

/// A paginated listing of enterprises (`indexes` into `model.enterprises`) at `path`.
#[derive(Serialize, Clone)]
struct Listing {
    kind: &'static str,
    title: String,
    title_lang: Option<&'static str>,
    subtitle: Option<String>,
    subtitle_lang: Option<&'static str>,
    description: Option<String>,
    description_lang: Option<&'static str>,
    /// Address with the language prefix.
    url: String,
}

fn enterprise_listing(
    jobs: &mut Vec<Job>,
    model: &Model,
    env: &Env,
    path: &str,
    listing: Listing,
    indexes: Vec<usize>,
) {
    let per = model.site.per_page;
    let pages = indexes.len().div_ceil(per).max(1);
    let indexes = Arc::new(indexes);
    let lang = env.lang;
    for n in 1..=pages {
        let listing = listing.clone();
        let indexes = indexes.clone();
        let url = routes::paginated(path, n);
        let mut j = job(url, "listing.html", move |m, ctx| {
            let slice =
                &indexes[(n - 1) * m.site.per_page..(n * m.site.per_page).min(indexes.len())];
            let cards: Vec<EnterpriseCard> = slice
                .iter()
                .map(|&i| EnterpriseCard::of(m, &m.enterprises[i], lang))
                .collect();
            ctx.insert("listing", &listing);
            ctx.insert("og_title", &listing.title);
            ctx.insert("items", &cards);
            ctx.insert(
                "paginator",
                &Paginator::new(&listing.url, n, m.site.per_page, indexes.len()),
            );
        });
        j.in_sitemap = n == 1;
        jobs.push(j);
    }
}

fn facets_sectors(m: &Model, lang: Lang) -> Vec<Facet> {
    m.site
        .sectors
        .iter()
        .map(|s| {
            let (name, name_lang) = lang.pick(&s.name, s.name_en.as_deref());
            // The other language's name as a note: English on Vietnamese pages and vice versa.
            let note = match lang {
                Lang::Vi => s.name_en.clone(),
                Lang::En => s.name_en.as_ref().map(|_| s.name.clone()),
            };
            Facet {
                name: name.to_owned(),
                name_lang,
                note,
                note_lang: Some(lang.other().code()),
                url: lang.url(&routes::sector(&s.key)),
                count: m.by_sector.get(&s.key).map_or(0, Vec::len),
            }
        })
        .collect()
}

/// Every district with its count, most enterprises first (ties in Vietnamese order).
fn facets_districts(m: &Model, env: &Env) -> Vec<Facet> {
    let lang = env.lang;
    let mut f: Vec<(Facet, &str)> = m
        .districts
        .iter()
        .map(|d| {
            (
                Facet {
                    name: district_label(&env.strings, lang, d),
                    name_lang: None,
                    note: Some(d.kind.clone()),
                    note_lang: lang.vi_mark(false),
                    url: lang.url(&routes::district(&d.slug)),
                    count: m.by_district.get(&d.slug).map_or(0, Vec::len),
                },
                d.name.as_str(),
            )
        })
        .collect();
    f.sort_by(|(a, an), (b, bn)| {
        b.count
            .cmp(&a.count)
            .then_with(|| crate::text::compare_vi(an, bn))
    });
    f.into_iter().map(|(f, _)| f).collect()
}

fn facets_certifications(m: &Model, lang: Lang) -> Vec<Facet> {
    m.certifications
        .iter()
        .map(|c| Facet {
            name: c.name.clone(),
            name_lang: None,
            note: None,
            note_lang: None,
            url: lang.url(&routes::certification(&c.slug)),
            count: c.enterprises.len(),
        })
        .collect()
}

fn facets_parks(m: &Model, env: &Env) -> Vec<Facet> {
    let lang = env.lang;
    m.parks
        .iter()
        .map(|p| {
            let (name, name_lang) = lang.pick(&p.name, p.name_en.as_deref());
            Facet {
                name: name.to_owned(),
                name_lang,
                note: m
                    .district(&p.district)
                    .map(|d| district_label(&env.strings, lang, d)),
                note_lang: None,
                url: lang.url(&routes::park(&p.slug)),
                count: m.by_park.get(&p.slug).map_or(0, Vec::len),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct TargetRow<'a> {
    label: &'a str,
    label_lang: Option<&'static str>,
    measure: &'a str,
    target: f64,
    unit: Option<String>,
    actual: Option<usize>,
    percent: Option<f64>,
}

fn program_targets<'a>(
    m: &Model,
    env: &Env,
    program: &'a crate::model::Program,
) -> Vec<TargetRow<'a>> {
    let lang = env.lang;
    program
        .targets
        .iter()
        .map(|t| {
            let actual = match t.measure.as_str() {
                "enterprises" => Some(m.enterprises.len()),
                "international_standard" => Some(m.international_count()),
                _ => None,
            };
            let (label, label_lang) = lang.pick(&t.label, t.label_en.as_deref());
            // Counted targets are numbers of enterprises: say so in the page's language.
            let unit = match (lang, actual) {
                (Lang::En, Some(_)) => Some(env.strings.get(lang, "enterprises_unit")),
                _ => t.unit.clone(),
            };
            TargetRow {
                label,
                label_lang,
                measure: &t.measure,
                target: t.value,
                unit,
                actual,
                percent: actual
                    .filter(|_| t.value > 0.0)
                    .map(|a| (a as f64 * 100.0 / t.value).min(100.0)),
            }
        })
        .collect()
}

/// A legal document as its page shows it, in the page's language.
#[derive(Serialize)]
struct PolicyDetail<'a> {
    #[serde(flatten)]
    card: PolicyCard<'a>,
    /// The title in the other language.
    alt_title: Option<&'a str>,
    alt_lang: &'static str,
    signer: Option<&'a str>,
    source_url: Option<&'a str>,
    summary_en: Option<&'a str>,
    updated: Option<String>,
}

/// A news item or market note as its page shows it.
#[derive(Serialize)]
struct ArticleDetail<'a> {
    title: &'a str,
    title_lang: Option<&'static str>,
    alt_title: Option<&'a str>,
    alt_lang: &'static str,
    date: String,
    summary: Option<&'a str>,
    summary_lang: Option<&'static str>,
    summary_en: Option<&'a str>,
    tags: &'a [String],
    tags_lang: Option<&'static str>,
    updated: Option<String>,
    image: Option<&'a super::images::Picture>,
}

/// A programme as its page shows it.
#[derive(Serialize)]
struct ProgramDetail<'a> {
    year: i64,
    title: &'a str,
    title_lang: Option<&'static str>,
    alt_title: Option<&'a str>,
    alt_lang: &'static str,
    objectives: &'a [String],
    objectives_lang: Option<&'static str>,
    alt_objectives: &'a [String],
    tasks: Vec<TaskView<'a>>,
    tasks_csv: String,
    tasks_json: String,
}

#[derive(Serialize)]
struct TaskView<'a> {
    number: i64,
    group: Option<&'a str>,
    task: &'a str,
    task_lang: Option<&'static str>,
    expected_result: Option<&'a str>,
    period: Option<&'a str>,
    lead: Option<&'a str>,
    coordinating: &'a [String],
    status: &'a str,
    /// `"vi"` for the fields that exist only in Vietnamese, on English pages.
    vi: Option<&'static str>,
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
    let allow_html = opts.allow_raw_html;
    let lang = env.lang;
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
            ctx.insert("program_url", &lang.url(&routes::program(p.year)));
            ctx.insert("targets", &program_targets(m, &e, p));
        }
    }));

    // Directory and its facets.
    enterprise_listing(
        &mut jobs,
        model,
        env,
        routes::ENTERPRISES,
        Listing {
            kind: "directory",
            title: env.strings.get(lang, "directory_title"),
            title_lang: None,
            subtitle: None,
            subtitle_lang: None,
            description: None,
            description_lang: None,
            url: lang.url(routes::ENTERPRISES),
        },
        (0..model.enterprises.len()).collect(),
    );
    for (i, ent) in model.enterprises.iter().enumerate() {
        let url = routes::enterprise(&ent.slug);
        let e = env.clone();
        jobs.push(job(url, "enterprise.html", move |m, ctx| {
            let lang = e.lang;
            let ent = &m.enterprises[i];
            let logo = e.images.get(ent.logo.as_ref());
            let detail = EnterpriseDetail::of(m, &e.strings, ent, lang, logo);
            let has_body = !ent.body.trim().is_empty();
            ctx.insert("og_title", &detail.name);
            ctx.insert("enterprise", &detail);
            ctx.insert("content", &html(m, &ent.body, allow_html, lang));
            // On English pages the Vietnamese text is shown only when there is no English one.
            let vi_body = has_body && (lang == Lang::Vi || detail.description_en.is_none());
            ctx.insert("show_content", &vi_body);
            ctx.insert("content_lang", &lang.vi_mark(false));
            let description = match (lang, detail.description_en) {
                (Lang::En, Some(d)) => excerpt_plain(d, 160),
                _ => markdown::excerpt(&ent.body, 160),
            };
            ctx.insert("description", &description);
            if let Some(p) = logo {
                ctx.insert("og_image", &p.largest);
                ctx.insert("og_image_width", &p.width);
                ctx.insert("og_image_height", &p.height);
            }
            ctx.insert("og_type", "business.business");
            ctx.insert("jsonld", &structured::enterprise(m, ent, lang, logo));
        }));
    }
    let e = env.clone();
    jobs.push(job(routes::SECTORS.into(), "facets.html", move |m, ctx| {
        ctx.insert("facet_kind", "sectors");
        ctx.insert("facets", &facets_sectors(m, e.lang));
    }));
    for s in &model.site.sectors {
        let idx = model.by_sector.get(&s.key).cloned().unwrap_or_default();
        let (title, title_lang) = lang.pick(&s.name, s.name_en.as_deref());
        let (subtitle, subtitle_lang) = alt(lang, &s.name, s.name_en.as_deref());
        let (description, description_lang) = match &s.description {
            Some(d) => {
                let (d, l) = lang.pick(d, s.description_en.as_deref());
                (Some(d.to_owned()), l)
            }
            None => (None, None),
        };
        let listing = Listing {
            kind: "sector",
            title: title.to_owned(),
            title_lang,
            subtitle: subtitle.map(str::to_owned),
            subtitle_lang: Some(subtitle_lang),
            description,
            description_lang,
            url: lang.url(&routes::sector(&s.key)),
        };
        enterprise_listing(&mut jobs, model, env, &routes::sector(&s.key), listing, idx);
    }
    let e = env.clone();
    jobs.push(job(
        routes::DISTRICTS.into(),
        "facets.html",
        move |m, ctx| {
            ctx.insert("facet_kind", "districts");
            ctx.insert("facets", &facets_districts(m, &e));
        },
    ));
    for d in &model.districts {
        let idx = model.by_district.get(&d.slug).cloned().unwrap_or_default();
        let listing = Listing {
            kind: "district",
            title: district_label(&env.strings, lang, d),
            title_lang: None,
            subtitle: None,
            subtitle_lang: None,
            description: None,
            description_lang: None,
            url: lang.url(&routes::district(&d.slug)),
        };
        enterprise_listing(
            &mut jobs,
            model,
            env,
            &routes::district(&d.slug),
            listing,
            idx,
        );
    }
    jobs.push(job(
        routes::CERTIFICATIONS.into(),
        "facets.html",
        move |m, ctx| {
            ctx.insert("facet_kind", "certifications");
            ctx.insert("facets", &facets_certifications(m, lang));
        },
    ));
    for c in &model.certifications {
        let listing = Listing {
            kind: "certification",
            title: c.name.clone(),
            title_lang: None,
            subtitle: None,
            subtitle_lang: None,
            description: None,
            description_lang: None,
            url: lang.url(&routes::certification(&c.slug)),
        };
        let path = routes::certification(&c.slug);
        enterprise_listing(&mut jobs, model, env, &path, listing, c.enterprises.clone());
    }
    let e = env.clone();
    jobs.push(job(routes::PARKS.into(), "facets.html", move |m, ctx| {
        ctx.insert("facet_kind", "parks");
        ctx.insert("facets", &facets_parks(m, &e));
    }));
    for p in &model.parks {
        let idx = model.by_park.get(&p.slug).cloned().unwrap_or_default();
        let district = model
            .district(&p.district)
            .map(|d| district_label(&env.strings, lang, d));
        let (title, title_lang) = lang.pick(&p.name, p.name_en.as_deref());
        let (subtitle, subtitle_lang) = alt(lang, &p.name, p.name_en.as_deref());
        let listing = Listing {
            kind: "park",
            title: title.to_owned(),
            title_lang,
            subtitle: subtitle.map(str::to_owned),
            subtitle_lang: Some(subtitle_lang),
            description: district,
            description_lang: None,
            url: lang.url(&routes::park(&p.slug)),
        };
        enterprise_listing(&mut jobs, model, env, &routes::park(&p.slug), listing, idx);
    }

    // Statistics.
    let e = env.clone();
    jobs.push(job(routes::STATS.into(), "stats.html", move |m, ctx| {
        super::stats::fill(m, &e, ctx);
    }));

    // Policy library.
    let e = env.clone();
    jobs.push(job(
        routes::POLICIES.into(),
        "policies.html",
        move |m, ctx| {
            let cards: Vec<PolicyCard> = m
                .policies
                .iter()
                .map(|p| PolicyCard::of(p, e.lang, &e.strings))
                .collect();
            ctx.insert("policies", &cards);
        },
    ));
    for (i, p) in model.policies.iter().enumerate() {
        let e = env.clone();
        jobs.push(job(
            routes::policy(&p.slug),
            "policy.html",
            move |m, ctx| {
                let lang = e.lang;
                let p = &m.policies[i];
                let card = PolicyCard::of(p, lang, &e.strings);
                let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
                let summary_en = p.summary_en.as_deref().filter(|s| !s.trim().is_empty());
                ctx.insert(
                    "og_title",
                    &format!("{} {}: {}", card.kind, card.number, card.title),
                );
                ctx.insert(
                    "policy",
                    &PolicyDetail {
                        card,
                        alt_title,
                        alt_lang,
                        signer: p.signer.as_deref(),
                        source_url: p.source_url.as_deref(),
                        summary_en,
                        updated: p.updated.map(|d| d.to_string()),
                    },
                );
                ctx.insert("content", &html(m, &p.body, allow_html, lang));
                ctx.insert(
                    "show_content",
                    &(!p.body.trim().is_empty() && (lang == Lang::Vi || summary_en.is_none())),
                );
                ctx.insert("content_lang", &lang.vi_mark(false));
                let description = match (lang, summary_en) {
                    (Lang::En, Some(s)) => excerpt_plain(s, 160),
                    _ => markdown::excerpt(&p.body, 160),
                };
                ctx.insert("description", &description);
                ctx.insert("og_type", "article");
                let rel = |slugs: &Vec<String>| -> Vec<PolicyCard> {
                    slugs
                        .iter()
                        .filter_map(|s| m.policy(s))
                        .map(|p| PolicyCard::of(p, lang, &e.strings))
                        .collect()
                };
                ctx.insert("amends", &rel(&p.amends));
                ctx.insert("amended_by", &rel(&p.amended_by));
                ctx.insert("replaces", &rel(&p.replaces));
                ctx.insert("replaced_by", &rel(&p.replaced_by));
                ctx.insert("jsonld", &structured::policy(m, p, lang));
            },
        ));
    }

    // Market notes and news.
    for (kind, base, title_key) in [
        (ArticleKind::Market, routes::MARKET, "section_market"),
        (ArticleKind::News, routes::NEWS, "section_news"),
    ] {
        let list = match kind {
            ArticleKind::Market => &model.market,
            ArticleKind::News => &model.news,
        };
        let title = env.strings.get(lang, title_key);
        let per = model.site.per_page;
        let pages = list.len().div_ceil(per).max(1);
        for n in 1..=pages {
            let title = title.clone();
            let mut j = job(
                routes::paginated(base, n),
                "articles.html",
                move |m, ctx| {
                    let list = match kind {
                        ArticleKind::Market => &m.market,
                        ArticleKind::News => &m.news,
                    };
                    let per = m.site.per_page;
                    let cards: Vec<ArticleCard> = list[(n - 1) * per..(n * per).min(list.len())]
                        .iter()
                        .map(|a| ArticleCard::of(a, lang))
                        .collect();
                    ctx.insert("section_title", &title);
                    ctx.insert("og_title", &title);
                    ctx.insert("section_kind", &kind);
                    ctx.insert("section_url", &lang.url(base));
                    ctx.insert("articles", &cards);
                    ctx.insert(
                        "paginator",
                        &Paginator::new(&lang.url(base), n, per, list.len()),
                    );
                },
            );
            j.in_sitemap = n == 1;
            jobs.push(j);
        }
        for (i, a) in list.iter().enumerate() {
            let url = match kind {
                ArticleKind::Market => routes::market(&a.slug),
                ArticleKind::News => routes::news(&a.slug),
            };
            let title = title.clone();
            let e = env.clone();
            jobs.push(job(url, "article.html", move |m, ctx| {
                let a = match kind {
                    ArticleKind::Market => &m.market[i],
                    ArticleKind::News => &m.news[i],
                };
                let (t, title_lang) = lang.pick(&a.title, a.title_en.as_deref());
                let (alt_title, alt_lang) = alt(lang, &a.title, a.title_en.as_deref());
                let (description, _) = article_summary(a, lang, 160);
                let summary_en = a.summary_en.as_deref().filter(|s| !s.trim().is_empty());
                let (lead, lead_lang) = match (lang, summary_en) {
                    (Lang::En, Some(s)) => (Some(s), None),
                    _ => (a.summary.as_deref(), lang.vi_mark(false)),
                };
                let image = e.images.get(a.image.as_ref());
                ctx.insert(
                    "article",
                    &ArticleDetail {
                        title: t,
                        title_lang,
                        alt_title,
                        alt_lang,
                        date: a.date.to_string(),
                        summary: lead,
                        summary_lang: lead_lang,
                        summary_en,
                        tags: &a.tags,
                        tags_lang: lang.vi_mark(false),
                        updated: a.updated.map(|d| d.to_string()),
                        image,
                    },
                );
                ctx.insert("og_title", t);
                ctx.insert("og_type", "article");
                if let Some(p) = image {
                    ctx.insert("og_image", &p.largest);
                    ctx.insert("og_image_width", &p.width);
                    ctx.insert("og_image_height", &p.height);
                }
                ctx.insert("section_title", &title);
                ctx.insert("section_url", &lang.url(base));
                ctx.insert("content", &html(m, &a.body, allow_html, lang));
                ctx.insert("content_lang", &lang.vi_mark(false));
                ctx.insert("description", &description);
            }));
        }
    }

    // Programmes.
    jobs.push(job(
        routes::PROGRAMS.into(),
        "programs.html",
        move |m, ctx| {
            let list: Vec<(i64, &str, String, Option<&str>)> = m
                .programs
                .iter()
                .map(|p| {
                    let (t, l) = lang.pick(&p.title, p.title_en.as_deref());
                    (p.year, t, lang.url(&routes::program(p.year)), l)
                })
                .collect();
            ctx.insert("program_list", &list);
        },
    ));
    for (i, p) in model.programs.iter().enumerate() {
        let e = env.clone();
        jobs.push(job(
            routes::program(p.year),
            "program.html",
            move |m, ctx| {
                let p = &m.programs[i];
                let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
                let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
                let en_objectives = lang == Lang::En && !p.objectives_en.is_empty();
                let detail = ProgramDetail {
                    year: p.year,
                    title,
                    title_lang,
                    alt_title,
                    alt_lang,
                    objectives: if en_objectives {
                        &p.objectives_en
                    } else {
                        &p.objectives
                    },
                    objectives_lang: if en_objectives {
                        None
                    } else {
                        lang.vi_mark(false)
                    },
                    alt_objectives: if lang == Lang::Vi {
                        &p.objectives_en
                    } else {
                        &[]
                    },
                    tasks: p
                        .tasks
                        .iter()
                        .map(|t| {
                            let (task, task_lang) = lang.pick(&t.task, t.task_en.as_deref());
                            TaskView {
                                number: t.number,
                                group: t.group.as_deref(),
                                task,
                                task_lang,
                                expected_result: t.expected_result.as_deref(),
                                period: t.period.as_deref(),
                                lead: t.lead.as_deref(),
                                coordinating: &t.coordinating,
                                status: &t.status,
                                vi: lang.vi_mark(false),
                            }
                        })
                        .collect(),
                    tasks_csv: opendata::tasks_csv(p.year),
                    tasks_json: opendata::tasks_json(p.year),
                };
                ctx.insert("og_title", title);
                ctx.insert("program", &detail);
                ctx.insert("targets", &program_targets(m, &e, p));
                ctx.insert(
                    "plan",
                    &p.plan
                        .as_deref()
                        .and_then(|s| m.policy(s))
                        .map(|p| PolicyCard::of(p, lang, &e.strings)),
                );
            },
        ));
    }

    // Free pages.
    for (i, p) in model.pages.iter().enumerate() {
        jobs.push(job(routes::page(&p.slug), "page.html", move |m, ctx| {
            let p = &m.pages[i];
            let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
            let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
            let summary_en = p.summary_en.as_deref().filter(|s| !s.trim().is_empty());
            ctx.insert("og_title", title);
            ctx.insert("page_title", title);
            ctx.insert("page_title_lang", &title_lang);
            ctx.insert("alt_title", &alt_title);
            ctx.insert("alt_lang", alt_lang);
            ctx.insert("summary_en", &summary_en);
            ctx.insert("updated", &p.updated.map(|d| d.to_string()));
            ctx.insert("content", &html(m, &p.body, allow_html, lang));
            ctx.insert("content_lang", &lang.vi_mark(false));
            let description = match (lang, summary_en) {
                (Lang::En, Some(s)) => excerpt_plain(s, 160),
                _ => markdown::excerpt(&p.body, 160),
            };
            ctx.insert("description", &description);
        }));
    }
    jobs.push(job(
        routes::HANDBOOK.into(),
        "handbook.html",
        move |m, ctx| {
            let (site, _) = localized_site(m, lang);
            ctx.insert("edition", &site.handbook);
        },
    ));
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

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    /// `"vi"` when the entry is in Vietnamese in the English feed.
    lang: Option<&'static str>,
    url: String,
    date: String,
    summary: String,
}

/// One address of the sitemap in both languages.
#[derive(Serialize)]
struct SitemapEntry {
    vi: String,
    en: String,
}

/// The sitemap (both languages, with their alternates) and robots.txt.
pub(crate) fn sitemap_and_robots(paths: Vec<String>) -> Vec<Job> {
    let mut jobs = Vec::new();
    let entries: Vec<SitemapEntry> = paths
        .iter()
        .map(|p| SitemapEntry {
            vi: Lang::Vi.url(p),
            en: Lang::En.url(p),
        })
        .collect();
    let mut sitemap = job("/sitemap.xml".into(), "sitemap.xml", move |_, ctx| {
        ctx.insert("entries", &entries);
    });
    sitemap.in_sitemap = false;
    jobs.push(sitemap);
    let mut robots = job("/robots.txt".into(), "robots.txt", |_, _| {});
    robots.in_sitemap = false;
    jobs.push(robots);
    jobs
}

/// The feeds (news, policies) of `env.lang`.
pub(crate) fn feeds(env: &Env) -> Vec<Job> {
    let mut jobs = Vec::new();
    let lang = env.lang;
    for (path, key, which) in [
        ("/tin-tuc/atom.xml", "feed_title_news", 0u8),
        ("/chinh-sach/atom.xml", "feed_title_policies", 1u8),
    ] {
        let title = env.strings.get(lang, key);
        let strings = env.strings.clone();
        let mut j = job(path.into(), "atom.xml", move |m, ctx| {
            let entries: Vec<FeedEntry> = if which == 0 {
                m.news
                    .iter()
                    .take(50)
                    .map(|a| {
                        let (t, l) = lang.pick(&a.title, a.title_en.as_deref());
                        let (summary, _) = article_summary(a, lang, 300);
                        FeedEntry {
                            title: t.to_owned(),
                            lang: l,
                            url: lang.url(&routes::news(&a.slug)),
                            date: a.date.to_string(),
                            summary,
                        }
                    })
                    .collect()
            } else {
                m.policies
                    .iter()
                    .take(50)
                    .map(|p| {
                        let c = PolicyCard::of(p, lang, &strings);
                        let summary = match (lang, p.summary_en.as_deref()) {
                            (Lang::En, Some(s)) if !s.trim().is_empty() => excerpt_plain(s, 300),
                            _ => markdown::excerpt(&p.body, 300),
                        };
                        FeedEntry {
                            title: format!("{} {}: {}", c.kind, c.number, c.title),
                            lang: c.title_lang,
                            url: c.url.clone(),
                            date: p.issued.to_string(),
                            summary,
                        }
                    })
                    .collect()
            };
            ctx.insert("feed_title", &title);
            ctx.insert("feed_url", &lang.url(path));
            ctx.insert(
                "updated",
                &entries
                    .first()
                    .map(|e| e.date.clone())
                    .unwrap_or_else(|| "2020-01-01".into()),
            );
            ctx.insert("entries", &entries);
        });
        j.in_sitemap = false;
        jobs.push(j);
    }
    jobs
}
