//! The policy library: the list of legal documents and one page per document.

use super::super::structured;
use super::super::views::PolicyCard;
use super::common::{description, html, job, Env, Job};
use crate::model::{urls, Model};
use serde::Serialize;

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

/// The policy library of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    jobs.push(job(
        urls::POLICIES.into(),
        "policies.html",
        move |m, ctx| {
            let cards: Vec<PolicyCard> = m
                .policies()
                .iter()
                .map(|p| PolicyCard::of(p, m, lang))
                .collect();
            ctx.insert("policies", &cards);
        },
    ));
    for (i, p) in model.policies().iter().enumerate() {
        let e = env.clone();
        jobs.push(job(urls::policy(&p.slug), "policy.html", move |m, ctx| {
            let p = &m.policies()[i];
            let card = PolicyCard::of(p, m, lang);
            let (alt_title, alt_lang) = p.title.other(lang);
            ctx.insert(
                "og_title",
                &format!("{} {}: {}", card.kind, card.number, card.title),
            );
            ctx.insert(
                "policy",
                &PolicyDetail {
                    card,
                    alt_title,
                    alt_lang: alt_lang.code(),
                    signer: p.signer.as_deref(),
                    source_url: p.source_url.as_deref(),
                    summary_en: p.body.en(),
                    updated: p.updated.map(|d| d.to_string()),
                },
            );
            let (markdown, content_lang) = p.body.markdown_for(lang);
            ctx.insert("content", &html(m, markdown, &e));
            ctx.insert("show_content", &p.body.shows_markdown(lang));
            ctx.insert("content_lang", &content_lang);
            ctx.insert("description", &description(&p.body, lang));
            ctx.insert("og_type", "article");
            let related = |slugs: &Vec<String>| -> Vec<PolicyCard> {
                slugs
                    .iter()
                    .filter_map(|s| m.policy(s))
                    .map(|p| PolicyCard::of(p, m, lang))
                    .collect()
            };
            ctx.insert("amends", &related(&p.amends));
            ctx.insert("amended_by", &related(&p.amended_by));
            ctx.insert("replaces", &related(&p.replaces));
            ctx.insert("replaced_by", &related(&p.replaced_by));
            ctx.insert("jsonld", &structured::policy(m, p, lang));
        }));
    }
}
