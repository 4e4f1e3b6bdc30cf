//! Free pages (about, contact, …) and the handbook's download page.

use super::super::views::ProvenanceView;
use super::common::{description, html, job, EditionView, Env, Job};
use crate::model::{urls, Model};

/// The free pages and the handbook page of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    for (i, p) in model.pages().iter().enumerate() {
        let e = env.clone();
        jobs.push(job(urls::page(&p.slug), "page.html", move |m, ctx| {
            let p = &m.pages()[i];
            let title = p.title.pick(lang);
            let (alt_title, alt_lang) = p.title.other(lang);
            ctx.insert("og_title", title.text);
            ctx.insert("page_title", title.text);
            ctx.insert("page_title_lang", &title.lang_mark());
            ctx.insert("alt_title", &alt_title);
            ctx.insert("alt_lang", alt_lang.code());
            ctx.insert("summary_en", &p.body.en());
            ctx.insert("updated", &p.updated.map(|d| d.to_string()));
            let (markdown, content_lang) = p.body.markdown_for(lang);
            ctx.insert("content", &html(m, markdown, &e));
            ctx.insert("content_lang", &content_lang);
            ctx.insert("description", &description(&p.body, lang));
            // A page of the site's own words has no source and is not marked; a sourced page
            // says its source, a sample page says so.
            let provenance = ProvenanceView::of(p.sample, &p.basis);
            if p.sample || provenance.source.is_some() {
                ctx.insert("provenance", &provenance);
            }
        }));
    }
    jobs.push(job(
        urls::HANDBOOK.into(),
        "handbook.html",
        move |m, ctx| {
            ctx.insert("edition", &EditionView::of(m, lang));
            // The events' exhibitor catalogues, screen and print files of the same folder.
            let catalogues: Vec<(&str, String, String, String)> = m
                .events()
                .iter()
                .map(|e| {
                    (
                        e.name.pick(lang).text,
                        urls::event_catalogue(&e.slug),
                        lang.url(&urls::event(&e.slug)),
                        urls::event_catalogue_print(&e.slug),
                    )
                })
                .collect();
            ctx.insert("catalogues", &catalogues);
        },
    ));
}
