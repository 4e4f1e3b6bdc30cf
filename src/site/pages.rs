//! The list of pages the site has, and what each page's template receives.

use super::views::{ArticleCard, EnterpriseCard, Facet, Paginator, PolicyCard};
use super::{Job, SiteOptions};
use crate::markdown;
use crate::model::{ArticleKind, Model};
use crate::routes;
use serde::Serialize;
use tera::Context;

/// File names of the handbook PDFs, shared with the handbook renderer.
pub fn handbook_files(model: &Model) -> (String, String) {
    let y = model.site.handbook.year;
    (
        format!("cam-nang-cnht-ha-noi-{y}.pdf"),
        format!("cam-nang-cnht-ha-noi-{y}-in-an.pdf"),
    )
}

#[derive(Serialize)]
struct MenuItem {
    title: String,
    url: String,
}

/// What every page gets: site settings, menus, language.
pub(crate) fn base_context(model: &Model, _opts: &SiteOptions) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &model.site);
    ctx.insert("lang", "vi");
    let menu: Vec<MenuItem> = model
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| MenuItem {
            title: p.title.clone(),
            url: routes::page(&p.slug),
        })
        .collect();
    ctx.insert("menu_pages", &menu);
    ctx.insert(
        "programs",
        &model
            .programs
            .iter()
            .map(|p| (p.year, routes::program(p.year)))
            .collect::<Vec<_>>(),
    );
    let (screen, print) = handbook_files(model);
    ctx.insert(
        "handbook_screen",
        &format!("{}{}", routes::HANDBOOK, screen),
    );
    ctx.insert("handbook_print", &format!("{}{}", routes::HANDBOOK, print));
    ctx.insert("enterprise_total", &model.enterprises.len());
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

fn html(model: &Model, body: &str, allow_html: bool) -> String {
    markdown::to_html(body, allow_html, &|dest| {
        let key = dest.trim_start_matches("@/");
        let (path, frag) = match key.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (key, None),
        };
        model.content_paths.get(path).map(|u| match frag {
            Some(f) => format!("{u}#{f}"),
            None => u.clone(),
        })
    })
}

/// A paginated listing of enterprises (`indexes` into `model.enterprises`) at `base`.
#[derive(Serialize, Clone)]
struct Listing {
    kind: &'static str,
    title: String,
    subtitle: Option<String>,
    description: Option<String>,
    url: String,
}

fn enterprise_listing(jobs: &mut Vec<Job>, model: &Model, listing: Listing, indexes: Vec<usize>) {
    let per = model.site.per_page;
    let pages = indexes.len().div_ceil(per).max(1);
    let indexes = std::sync::Arc::new(indexes);
    for n in 1..=pages {
        let listing = listing.clone();
        let indexes = indexes.clone();
        let url = routes::paginated(&listing.url, n);
        let mut j = job(url, "listing.html", move |m, ctx| {
            let slice =
                &indexes[(n - 1) * m.site.per_page..(n * m.site.per_page).min(indexes.len())];
            let cards: Vec<EnterpriseCard> = slice
                .iter()
                .map(|&i| EnterpriseCard::of(m, &m.enterprises[i]))
                .collect();
            ctx.insert("listing", &listing);
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

fn facets_sectors(m: &Model) -> Vec<Facet<'_>> {
    m.site
        .sectors
        .iter()
        .map(|s| Facet {
            name: &s.name,
            note: s.name_en.as_deref(),
            url: routes::sector(&s.key),
            count: m.by_sector.get(&s.key).map_or(0, Vec::len),
        })
        .collect()
}

fn facets_districts(m: &Model) -> Vec<Facet<'_>> {
    let mut f: Vec<Facet> = m
        .districts
        .iter()
        .map(|d| Facet {
            name: &d.name,
            note: Some(&d.kind),
            url: routes::district(&d.slug),
            count: m.by_district.get(&d.slug).map_or(0, Vec::len),
        })
        .collect();
    f.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| crate::text::compare_vi(a.name, b.name))
    });
    f
}

fn facets_certifications(m: &Model) -> Vec<Facet<'_>> {
    m.certifications
        .iter()
        .map(|c| Facet {
            name: &c.name,
            note: None,
            url: routes::certification(&c.slug),
            count: c.enterprises.len(),
        })
        .collect()
}

fn facets_parks(m: &Model) -> Vec<Facet<'_>> {
    m.parks
        .iter()
        .map(|p| Facet {
            name: &p.name,
            note: m.district(&p.district).map(|d| d.name.as_str()),
            url: routes::park(&p.slug),
            count: m.by_park.get(&p.slug).map_or(0, Vec::len),
        })
        .collect()
}

#[derive(Serialize)]
struct TargetRow<'a> {
    label: &'a str,
    target: f64,
    unit: Option<&'a str>,
    actual: Option<usize>,
    percent: Option<f64>,
}

fn program_targets<'a>(m: &Model, program: &'a crate::model::Program) -> Vec<TargetRow<'a>> {
    program
        .targets
        .iter()
        .map(|t| {
            let actual = match t.measure.as_str() {
                "enterprises" => Some(m.enterprises.len()),
                "international_standard" => Some(m.international_count()),
                _ => None,
            };
            TargetRow {
                label: &t.label,
                target: t.value,
                unit: t.unit.as_deref(),
                actual,
                percent: actual
                    .filter(|_| t.value > 0.0)
                    .map(|a| (a as f64 * 100.0 / t.value).min(100.0)),
            }
        })
        .collect()
}

/// Every page of the site.
pub(crate) fn jobs(model: &Model, opts: &SiteOptions) -> Vec<Job> {
    let allow_html = opts.allow_raw_html;
    let mut jobs = Vec::with_capacity(model.enterprises.len() + 200);

    jobs.push(job("/".into(), "index.html", |m, ctx| {
        ctx.insert("sectors", &facets_sectors(m));
        ctx.insert("international", &m.international_count());
        let news: Vec<ArticleCard> = m.news.iter().take(3).map(ArticleCard::of).collect();
        ctx.insert("latest_news", &news);
        let policies: Vec<PolicyCard> = m.policies.iter().take(4).map(PolicyCard::of).collect();
        ctx.insert("latest_policies", &policies);
        if let Some(p) = m.programs.last() {
            ctx.insert("program_year", &p.year);
            ctx.insert("program_url", &routes::program(p.year));
            ctx.insert("targets", &program_targets(m, p));
        }
    }));

    // Directory and its facets.
    enterprise_listing(
        &mut jobs,
        model,
        Listing {
            kind: "directory",
            title: "Danh bạ doanh nghiệp".into(),
            subtitle: None,
            description: None,
            url: routes::ENTERPRISES.into(),
        },
        (0..model.enterprises.len()).collect(),
    );
    for (i, _) in model.enterprises.iter().enumerate() {
        let url = routes::enterprise(&model.enterprises[i].slug);
        jobs.push(job(url, "enterprise.html", move |m, ctx| {
            let e = &m.enterprises[i];
            ctx.insert("enterprise", e);
            ctx.insert("content", &html(m, &e.body, allow_html));
            ctx.insert("description", &markdown::excerpt(&e.body, 160));
            ctx.insert("sector", &m.sector(&e.sector));
            ctx.insert("sector_url", &routes::sector(&e.sector));
            ctx.insert("district", &m.district(&e.district));
            ctx.insert("district_url", &routes::district(&e.district));
            if let Some(p) = e.industrial_park.as_deref().and_then(|s| m.park(s)) {
                ctx.insert("park", p);
                ctx.insert("park_url", &routes::park(&p.slug));
            }
            let certs: Vec<Facet> = e
                .certifications
                .iter()
                .map(|c| Facet {
                    name: c,
                    note: None,
                    url: routes::certification(&crate::text::slugify(c)),
                    count: 0,
                })
                .collect();
            ctx.insert("certifications", &certs);
            ctx.insert(
                "logo",
                &e.logo
                    .as_ref()
                    .map(|_| format!("{}logo.{}", routes::enterprise(&e.slug), logo_ext(e))),
            );
        }));
    }
    jobs.push(job(routes::SECTORS.into(), "facets.html", |m, ctx| {
        ctx.insert("facet_kind", "sectors");
        ctx.insert("facets", &facets_sectors(m));
    }));
    for s in &model.site.sectors {
        let idx = model.by_sector.get(&s.key).cloned().unwrap_or_default();
        let listing = Listing {
            kind: "sector",
            title: s.name.clone(),
            subtitle: s.name_en.clone(),
            description: s.description.clone(),
            url: routes::sector(&s.key),
        };
        enterprise_listing(&mut jobs, model, listing, idx);
    }
    jobs.push(job(routes::DISTRICTS.into(), "facets.html", |m, ctx| {
        ctx.insert("facet_kind", "districts");
        ctx.insert("facets", &facets_districts(m));
    }));
    for d in &model.districts {
        let idx = model.by_district.get(&d.slug).cloned().unwrap_or_default();
        let listing = Listing {
            kind: "district",
            title: format!("{} {}", d.kind, d.name),
            subtitle: None,
            description: None,
            url: routes::district(&d.slug),
        };
        enterprise_listing(&mut jobs, model, listing, idx);
    }
    jobs.push(job(
        routes::CERTIFICATIONS.into(),
        "facets.html",
        |m, ctx| {
            ctx.insert("facet_kind", "certifications");
            ctx.insert("facets", &facets_certifications(m));
        },
    ));
    for c in &model.certifications {
        let listing = Listing {
            kind: "certification",
            title: c.name.clone(),
            subtitle: None,
            description: None,
            url: routes::certification(&c.slug),
        };
        enterprise_listing(&mut jobs, model, listing, c.enterprises.clone());
    }
    jobs.push(job(routes::PARKS.into(), "facets.html", |m, ctx| {
        ctx.insert("facet_kind", "parks");
        ctx.insert("facets", &facets_parks(m));
    }));
    for p in &model.parks {
        let idx = model.by_park.get(&p.slug).cloned().unwrap_or_default();
        let district = model
            .district(&p.district)
            .map(|d| format!("{} {}", d.kind, d.name));
        let listing = Listing {
            kind: "park",
            title: p.name.clone(),
            subtitle: p.name_en.clone(),
            description: district,
            url: routes::park(&p.slug),
        };
        enterprise_listing(&mut jobs, model, listing, idx);
    }

    // Policy library.
    jobs.push(job(routes::POLICIES.into(), "policies.html", |m, ctx| {
        let cards: Vec<PolicyCard> = m.policies.iter().map(PolicyCard::of).collect();
        ctx.insert("policies", &cards);
    }));
    for (i, p) in model.policies.iter().enumerate() {
        jobs.push(job(
            routes::policy(&p.slug),
            "policy.html",
            move |m, ctx| {
                let p = &m.policies[i];
                ctx.insert("policy", p);
                ctx.insert("content", &html(m, &p.body, allow_html));
                ctx.insert("description", &markdown::excerpt(&p.body, 160));
                let rel = |slugs: &Vec<String>| -> Vec<PolicyCard> {
                    slugs
                        .iter()
                        .filter_map(|s| m.policy(s))
                        .map(PolicyCard::of)
                        .collect()
                };
                ctx.insert("amends", &rel(&p.amends));
                ctx.insert("amended_by", &rel(&p.amended_by));
                ctx.insert("replaces", &rel(&p.replaces));
                ctx.insert("replaced_by", &rel(&p.replaced_by));
            },
        ));
    }

    // Market notes and news.
    for (kind, base, title) in [
        (ArticleKind::Market, routes::MARKET, "Thông tin thị trường"),
        (ArticleKind::News, routes::NEWS, "Tin tức"),
    ] {
        let list = match kind {
            ArticleKind::Market => &model.market,
            ArticleKind::News => &model.news,
        };
        let per = model.site.per_page;
        let pages = list.len().div_ceil(per).max(1);
        for n in 1..=pages {
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
                        .map(ArticleCard::of)
                        .collect();
                    ctx.insert("section_title", title);
                    ctx.insert("section_kind", &kind);
                    ctx.insert("articles", &cards);
                    ctx.insert("paginator", &Paginator::new(base, n, per, list.len()));
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
            jobs.push(job(url, "article.html", move |m, ctx| {
                let a = match kind {
                    ArticleKind::Market => &m.market[i],
                    ArticleKind::News => &m.news[i],
                };
                ctx.insert("article", a);
                ctx.insert("section_title", title);
                ctx.insert("section_url", base);
                ctx.insert("content", &html(m, &a.body, allow_html));
                ctx.insert(
                    "description",
                    &a.summary
                        .clone()
                        .unwrap_or_else(|| markdown::excerpt(&a.body, 160)),
                );
            }));
        }
    }

    // Programmes.
    jobs.push(job(routes::PROGRAMS.into(), "programs.html", |m, ctx| {
        let list: Vec<(i64, &str, String)> = m
            .programs
            .iter()
            .map(|p| (p.year, p.title.as_str(), routes::program(p.year)))
            .collect();
        ctx.insert("program_list", &list);
    }));
    for (i, p) in model.programs.iter().enumerate() {
        jobs.push(job(
            routes::program(p.year),
            "program.html",
            move |m, ctx| {
                let p = &m.programs[i];
                ctx.insert("program", p);
                ctx.insert("targets", &program_targets(m, p));
                ctx.insert(
                    "plan",
                    &p.plan
                        .as_deref()
                        .and_then(|s| m.policy(s))
                        .map(PolicyCard::of),
                );
            },
        ));
    }

    // Free pages.
    for (i, p) in model.pages.iter().enumerate() {
        jobs.push(job(routes::page(&p.slug), "page.html", move |m, ctx| {
            let p = &m.pages[i];
            ctx.insert("page", p);
            ctx.insert("content", &html(m, &p.body, allow_html));
            ctx.insert("description", &markdown::excerpt(&p.body, 160));
        }));
    }
    jobs.push(job(routes::HANDBOOK.into(), "handbook.html", |m, ctx| {
        ctx.insert("edition", &m.site.handbook);
    }));
    let mut not_found = job("/404.html".into(), "404.html", |_, _| {});
    not_found.in_sitemap = false;
    jobs.push(not_found);
    jobs
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
    url: String,
    date: String,
    summary: String,
}

/// Feeds (news, policies), the sitemap and robots.txt.
pub(crate) fn feeds_and_sitemap(sitemap_urls: Vec<String>) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut sitemap = job("/sitemap.xml".into(), "sitemap.xml", move |_, ctx| {
        ctx.insert("urls", &sitemap_urls);
    });
    sitemap.in_sitemap = false;
    jobs.push(sitemap);
    let mut robots = job("/robots.txt".into(), "robots.txt", |_, _| {});
    robots.in_sitemap = false;
    jobs.push(robots);
    for (url, title, which) in [
        ("/tin-tuc/atom.xml", "Tin tức", 0u8),
        ("/chinh-sach/atom.xml", "Chính sách", 1u8),
    ] {
        let mut j = job(url.into(), "atom.xml", move |m, ctx| {
            let entries: Vec<FeedEntry> = if which == 0 {
                m.news
                    .iter()
                    .take(50)
                    .map(|a| FeedEntry {
                        title: a.title.clone(),
                        url: routes::news(&a.slug),
                        date: a.date.to_string(),
                        summary: a
                            .summary
                            .clone()
                            .unwrap_or_else(|| markdown::excerpt(&a.body, 300)),
                    })
                    .collect()
            } else {
                m.policies
                    .iter()
                    .take(50)
                    .map(|p| FeedEntry {
                        title: format!("{} {}: {}", p.kind, p.number, p.title),
                        url: routes::policy(&p.slug),
                        date: p.issued.to_string(),
                        summary: markdown::excerpt(&p.body, 300),
                    })
                    .collect()
            };
            ctx.insert("feed_title", title);
            ctx.insert("feed_url", url);
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
