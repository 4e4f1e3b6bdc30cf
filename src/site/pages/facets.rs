//! The facets of the directory: sectors, districts, certifications and industrial parks, each an
//! overview page and a paginated listing per value.

use super::super::views::Facet;

use super::common::{job, Env, Job};
use super::directory::{listing, Listing};
use crate::model::{urls, Lang, Model};

/// Every sector with its count, in the order of `site.toml`.
pub(super) fn facets_sectors(m: &Model, lang: Lang) -> Vec<Facet> {
    m.site()
        .sectors
        .iter()
        .map(|s| {
            let name = s.name.pick(lang);
            Facet {
                name: name.text.to_owned(),
                name_lang: name.lang_mark(),
                // The other language's name as a note: English on Vietnamese pages and vice versa.
                note: s.name.other(lang).0.map(str::to_owned),
                note_lang: Some(lang.other().code()),
                url: lang.url(&urls::sector(&s.key)),
                count: m.in_sector(&s.key).len(),
            }
        })
        .collect()
}

/// Every district with its count, most enterprises first (ties in Vietnamese order).
fn facets_districts(m: &Model, lang: Lang) -> Vec<Facet> {
    m.districts_by_count()
        .into_iter()
        .map(|d| Facet {
            name: d.label(lang),
            name_lang: None,
            note: Some(d.kind.key().to_owned()),
            note_lang: lang.vi_mark(false),
            url: lang.url(&urls::district(&d.slug)),
            count: m.in_district(&d.slug).len(),
        })
        .collect()
}

fn facets_certifications(m: &Model, lang: Lang) -> Vec<Facet> {
    let terms = &m.vocabularies().certifications;
    m.certifications()
        .iter()
        .map(|c| Facet {
            name: terms
                .by_key(&c.slug)
                .map_or(c.name.clone(), |t| t.label(lang).to_owned()),
            name_lang: None,
            // Who issues the standard (ISO, IATF, OEKO-TEX).
            note: terms.by_key(&c.slug).and_then(|t| t.issuer.clone()),
            note_lang: None,
            url: lang.url(&urls::certification(&c.slug)),
            count: c.enterprises.len(),
        })
        .collect()
}

fn facets_parks(m: &Model, lang: Lang) -> Vec<Facet> {
    m.parks()
        .iter()
        .map(|p| {
            let name = p.name.pick(lang);
            Facet {
                name: name.text.to_owned(),
                name_lang: name.lang_mark(),
                note: m.district(&p.district).map(|d| d.label(lang)),
                note_lang: None,
                url: lang.url(&urls::park(&p.slug)),
                count: m.in_park(&p.slug).len(),
            }
        })
        .collect()
}

/// The overview page of a facet.
fn overview(
    path: &str,
    kind: &'static str,
    facets: fn(&Model, Lang) -> Vec<Facet>,
    lang: Lang,
) -> Job {
    job(path.into(), "facets.html", move |m, ctx| {
        ctx.insert("facet_kind", kind);
        ctx.insert("facets", &facets(m, lang));
    })
}

/// The facets of `env.lang`: overview and listings of sectors, districts, certifications, parks.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    jobs.push(overview(urls::SECTORS, "sectors", facets_sectors, lang));
    for s in &model.site().sectors {
        let title = s.name.pick(lang);
        let (subtitle, subtitle_lang) = s.name.other(lang);
        let description = s.description.vi().and_then(|_| s.description.pick(lang));
        let listed = Listing {
            kind: "sector",
            title: title.text.to_owned(),
            title_lang: title.lang_mark(),
            subtitle: subtitle.map(str::to_owned),
            subtitle_lang: Some(subtitle_lang.code()),
            description: description.map(|d| d.text.to_owned()),
            description_lang: description.and_then(|d| d.lang_mark()),
            url: lang.url(&urls::sector(&s.key)),
        };
        let indexes = model.in_sector(&s.key).to_vec();
        listing(jobs, model, env, &urls::sector(&s.key), listed, indexes);
    }
    jobs.push(overview(
        urls::DISTRICTS,
        "districts",
        facets_districts,
        lang,
    ));
    for d in model.districts() {
        let url = lang.url(&urls::district(&d.slug));
        let listed = Listing::titled("district", d.label(lang), url);
        let indexes = model.in_district(&d.slug).to_vec();
        listing(jobs, model, env, &urls::district(&d.slug), listed, indexes);
    }
    jobs.push(overview(
        urls::CERTIFICATIONS,
        "certifications",
        facets_certifications,
        lang,
    ));
    for c in model.certifications() {
        let url = lang.url(&urls::certification(&c.slug));
        let name = model
            .vocabularies()
            .certifications
            .by_key(&c.slug)
            .map_or(c.name.clone(), |t| t.label(lang).to_owned());
        let listed = Listing::titled("certification", name, url);
        let path = urls::certification(&c.slug);
        listing(jobs, model, env, &path, listed, c.enterprises.clone());
    }
    jobs.push(overview(urls::PARKS, "parks", facets_parks, lang));
    for p in model.parks() {
        let title = p.name.pick(lang);
        let (subtitle, subtitle_lang) = p.name.other(lang);
        let listed = Listing {
            kind: "park",
            title: title.text.to_owned(),
            title_lang: title.lang_mark(),
            subtitle: subtitle.map(str::to_owned),
            subtitle_lang: Some(subtitle_lang.code()),
            description: model.district(&p.district).map(|d| d.label(lang)),
            description_lang: None,
            url: lang.url(&urls::park(&p.slug)),
        };
        let indexes = model.in_park(&p.slug).to_vec();
        listing(jobs, model, env, &urls::park(&p.slug), listed, indexes);
    }
}
