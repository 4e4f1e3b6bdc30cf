//! The directory's pages: the paginated directory, one page per enterprise, the facet pages
//! (sectors, districts, certifications, industrial parks) and the statistics.

use super::super::views::{district_label, EnterpriseCard, EnterpriseDetail, Facet, Paginator};
use super::super::{structured, Job, SiteOptions};
use super::{alt, excerpt_plain, html, job, Env};
use crate::markdown;
use crate::model::urls;
use crate::model::Lang;
use crate::model::Model;
use serde::Serialize;
use std::sync::Arc;

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
        let url = urls::paginated(path, n);
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

pub(super) fn facets_sectors(m: &Model, lang: Lang) -> Vec<Facet> {
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
                url: lang.url(&urls::sector(&s.key)),
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
                    url: lang.url(&urls::district(&d.slug)),
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
            url: lang.url(&urls::certification(&c.slug)),
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
                url: lang.url(&urls::park(&p.slug)),
                count: m.by_park.get(&p.slug).map_or(0, Vec::len),
            }
        })
        .collect()
}

/// The directory, the enterprise pages, the facets and the statistics of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, opts: &SiteOptions, env: &Env) {
    let allow_html = opts.allow_raw_html;
    let lang = env.lang;
    enterprise_listing(
        jobs,
        model,
        env,
        urls::ENTERPRISES,
        Listing {
            kind: "directory",
            title: env.strings.get(lang, "directory_title"),
            title_lang: None,
            subtitle: None,
            subtitle_lang: None,
            description: None,
            description_lang: None,
            url: lang.url(urls::ENTERPRISES),
        },
        (0..model.enterprises.len()).collect(),
    );
    for (i, ent) in model.enterprises.iter().enumerate() {
        let url = urls::enterprise(&ent.slug);
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
    jobs.push(job(urls::SECTORS.into(), "facets.html", move |m, ctx| {
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
            url: lang.url(&urls::sector(&s.key)),
        };
        enterprise_listing(jobs, model, env, &urls::sector(&s.key), listing, idx);
    }
    let e = env.clone();
    jobs.push(job(urls::DISTRICTS.into(), "facets.html", move |m, ctx| {
        ctx.insert("facet_kind", "districts");
        ctx.insert("facets", &facets_districts(m, &e));
    }));
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
            url: lang.url(&urls::district(&d.slug)),
        };
        enterprise_listing(jobs, model, env, &urls::district(&d.slug), listing, idx);
    }
    jobs.push(job(
        urls::CERTIFICATIONS.into(),
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
            url: lang.url(&urls::certification(&c.slug)),
        };
        let path = urls::certification(&c.slug);
        enterprise_listing(jobs, model, env, &path, listing, c.enterprises.clone());
    }
    let e = env.clone();
    jobs.push(job(urls::PARKS.into(), "facets.html", move |m, ctx| {
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
            url: lang.url(&urls::park(&p.slug)),
        };
        enterprise_listing(jobs, model, env, &urls::park(&p.slug), listing, idx);
    }

    // Statistics.
    let e = env.clone();
    jobs.push(job(urls::STATS.into(), "stats.html", move |m, ctx| {
        super::stats::fill(m, &e, ctx);
    }));
}
