//! The "Sources and verification" page (`/nguon-va-kiem-chung/`): from the model, which policy
//! statuses rest on a checked source, which follow from a replacing document and which are not
//! verified; which news items and market notes are sourced; and every sample of the site, with
//! the counts. The words are the theme's; the facts are `Model::status_history`, the records'
//! sources and `Model::samples`.

use super::super::views::{PolicyCard, ProvenanceView};
use super::common::{job, Env, Job};
use crate::model::{urls, Lang, Model, Provenance, SampleKind};
use serde::Serialize;
use tera::Context;

/// Sample enterprises are listed one by one up to this many; beyond it the page gives the count
/// and the directory (every enterprise page says it is a sample).
const LISTED_ENTERPRISES: usize = 100;

/// The page of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, env: &Env) {
    let e = env.clone();
    jobs.push(job(urls::SOURCES.into(), "sources.html", move |m, ctx| {
        fill(m, e.lang, ctx);
    }));
}

/// One legal document with its current status and what it rests on.
#[derive(Serialize)]
struct PolicyRow<'a> {
    card: PolicyCard<'a>,
    /// The replacing documents a derived status follows from.
    by: Vec<PolicyCard<'a>>,
}

/// One news item or market note and what it rests on.
#[derive(Serialize)]
struct ArticleRow<'a> {
    title: &'a str,
    title_lang: Option<&'static str>,
    url: String,
    provenance: ProvenanceView<'a>,
}

/// One sample.
#[derive(Serialize)]
struct SampleRow<'a> {
    kind: SampleKind,
    title: &'a str,
    title_lang: Option<&'static str>,
    url: Option<String>,
    file: &'a str,
}

/// How many of each.
#[derive(Serialize, Default)]
struct Counts {
    policies_sourced: usize,
    policies_derived: usize,
    policies_unverified: usize,
    articles_sourced: usize,
    articles_unverified: usize,
    samples: usize,
    sample_enterprises: usize,
}

fn fill(m: &Model, lang: Lang, ctx: &mut Context) {
    let mut counts = Counts::default();
    let policies: Vec<PolicyRow> = m
        .policies()
        .iter()
        .map(|p| {
            let card = PolicyCard::of(p, m, lang);
            match card.provenance {
                Provenance::Sourced => counts.policies_sourced += 1,
                Provenance::Derived => counts.policies_derived += 1,
                _ => counts.policies_unverified += 1,
            }
            let by = if card.provenance == Provenance::Derived {
                p.replaced_by
                    .iter()
                    .filter_map(|s| m.policy(s))
                    .map(|r| PolicyCard::of(r, m, lang))
                    .collect()
            } else {
                Vec::new()
            };
            PolicyRow { card, by }
        })
        .collect();
    let articles: Vec<ArticleRow> = m
        .news()
        .iter()
        .chain(m.market())
        .map(|a| {
            let title = a.title.pick(lang);
            let provenance = ProvenanceView::of(a.sample, &a.basis);
            match provenance.mark {
                Provenance::Sourced => counts.articles_sourced += 1,
                Provenance::Unverified => counts.articles_unverified += 1,
                _ => {}
            }
            ArticleRow {
                title: title.text,
                title_lang: title.lang_mark(),
                url: lang.url(&urls::record(a.kind.section(), &a.slug)),
                provenance,
            }
        })
        .collect();
    let samples = m.samples();
    counts.samples = samples.len();
    counts.sample_enterprises = samples
        .iter()
        .filter(|s| s.kind == SampleKind::Enterprise)
        .count();
    let list_enterprises = counts.sample_enterprises <= LISTED_ENTERPRISES;
    let rows: Vec<SampleRow> = samples
        .iter()
        .filter(|s| list_enterprises || s.kind != SampleKind::Enterprise)
        .map(|s| {
            let title = s.title.pick(lang);
            SampleRow {
                kind: s.kind,
                title: title.text,
                title_lang: title.lang_mark(),
                url: s.url.as_deref().map(|u| lang.url(u)),
                file: &s.file,
            }
        })
        .collect();
    ctx.insert("counts", &counts);
    ctx.insert("policy_rows", &policies);
    ctx.insert("article_rows", &articles);
    ctx.insert("sample_rows", &rows);
    ctx.insert("enterprises_listed", &list_enterprises);
    ctx.insert("directory_url", &lang.url(urls::ENTERPRISES));
}
