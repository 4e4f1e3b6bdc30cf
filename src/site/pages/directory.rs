//! The paginated directory and one page per enterprise; `listing` makes the paginated listings of
//! enterprises that the facets share.

use super::super::structured;
use super::super::views::{EnterpriseCard, EnterpriseDetail, Paginator};
use super::common::{description, html, job, og_image, Env, Job};
use crate::model::{urls, Model};
use serde::Serialize;
use std::sync::Arc;

/// What a paginated listing of enterprises shows above its cards.
#[derive(Serialize, Clone)]
pub(super) struct Listing {
    pub kind: &'static str,
    pub title: String,
    pub title_lang: Option<&'static str>,
    pub subtitle: Option<String>,
    pub subtitle_lang: Option<&'static str>,
    pub description: Option<String>,
    pub description_lang: Option<&'static str>,
    /// Address with the language prefix.
    pub url: String,
}

impl Listing {
    /// A listing with only a title.
    pub fn titled(kind: &'static str, title: String, url: String) -> Listing {
        Listing {
            kind,
            title,
            title_lang: None,
            subtitle: None,
            subtitle_lang: None,
            description: None,
            description_lang: None,
            url,
        }
    }
}

/// The pages of a listing of the enterprises at `indexes` (into the model's list) at `path`.
pub(super) fn listing(
    jobs: &mut Vec<Job>,
    model: &Model,
    env: &Env,
    path: &str,
    listing: Listing,
    indexes: Vec<usize>,
) {
    let pages = urls::page_count(indexes.len(), model.site().per_page);
    let indexes = Arc::new(indexes);
    let lang = env.lang;
    for n in 1..=pages {
        let listing = listing.clone();
        let indexes = indexes.clone();
        let mut j = job(urls::paginated(path, n), "listing.html", move |m, ctx| {
            let per = m.site().per_page;
            let slice = &indexes[(n - 1) * per..(n * per).min(indexes.len())];
            let cards: Vec<EnterpriseCard> = slice
                .iter()
                .map(|&i| EnterpriseCard::of(m, &m.enterprises()[i], lang))
                .collect();
            ctx.insert("listing", &listing);
            ctx.insert("og_title", &listing.title);
            ctx.insert("items", &cards);
            ctx.insert(
                "paginator",
                &Paginator::new(&listing.url, n, per, indexes.len()),
            );
        });
        j.in_sitemap = n == 1;
        jobs.push(j);
    }
}

/// The directory and the enterprise pages of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    listing(
        jobs,
        model,
        env,
        urls::ENTERPRISES,
        Listing::titled(
            "directory",
            env.strings.get(lang, "directory_title"),
            lang.url(urls::ENTERPRISES),
        ),
        (0..model.enterprises().len()).collect(),
    );
    for (i, ent) in model.enterprises().iter().enumerate() {
        let e = env.clone();
        jobs.push(job(
            urls::enterprise(&ent.slug),
            "enterprise.html",
            move |m, ctx| {
                let lang = e.lang;
                let ent = &m.enterprises()[i];
                let logo = e.images.get(ent.logo.as_ref());
                let detail = EnterpriseDetail::of(m, ent, lang, logo);
                ctx.insert("og_title", &detail.head.name);
                ctx.insert("enterprise", &detail);
                ctx.insert("content", &html(m, &ent.body.markdown, &e));
                // On English pages the Vietnamese text is shown only when there is no English one.
                ctx.insert("show_content", &ent.body.shows_markdown(lang));
                ctx.insert("content_lang", &lang.vi_mark(false));
                ctx.insert("description", &description(&ent.body, lang));
                og_image(ctx, logo);
                ctx.insert("og_type", "business.business");
                ctx.insert("jsonld", &structured::enterprise(m, ent, lang, logo));
            },
        ));
    }
}
