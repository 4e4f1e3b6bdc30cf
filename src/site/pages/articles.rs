//! Market notes and news: the paginated lists and one page per article.

use super::super::images::Picture;
use super::super::views::{article_summary, ArticleCard, Paginator, ProvenanceView};

use super::common::{html, job, og_image, Env, Job};
use crate::model::{urls, ArticleKind, Lang, Model};
use serde::Serialize;

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
    image: Option<&'a Picture>,
    provenance: ProvenanceView<'a>,
}

/// Market notes and news of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    for (kind, base, title_key) in [
        (ArticleKind::Market, urls::MARKET, "section_market"),
        (ArticleKind::News, urls::NEWS, "section_news"),
    ] {
        let title = env.strings.get(env.lang, title_key);
        list_pages(jobs, model, env.lang, kind, base, &title);
        for i in 0..model.articles(kind).len() {
            jobs.push(article_page(model, env, kind, i, base, &title));
        }
    }
}

/// The pages of the list of `kind` at `base`.
fn list_pages(
    jobs: &mut Vec<Job>,
    model: &Model,
    lang: Lang,
    kind: ArticleKind,
    base: &'static str,
    title: &str,
) {
    let pages = urls::page_count(model.articles(kind).len(), model.site().per_page);
    for n in 1..=pages {
        let title = title.to_owned();
        let mut j = job(urls::paginated(base, n), "articles.html", move |m, ctx| {
            let list = m.articles(kind);
            let per = m.site().per_page;
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
        });
        j.in_sitemap = n == 1;
        jobs.push(j);
    }
}

/// The page of the `i`th article of `kind`.
fn article_page(
    model: &Model,
    env: &Env,
    kind: ArticleKind,
    i: usize,
    base: &'static str,
    title: &str,
) -> Job {
    let a = &model.articles(kind)[i];
    let url = urls::record(kind.section(), &a.slug);
    let title = title.to_owned();
    let e = env.clone();
    job(url, "article.html", move |m, ctx| {
        let lang = e.lang;
        let a = &m.articles(kind)[i];
        let t = a.title.pick(lang);
        let (alt_title, alt_lang) = a.title.other(lang);
        let (description, _) = article_summary(a, lang, 160);
        let summary_en = a.summary.en();
        let (lead, lead_lang) = match (lang, summary_en) {
            (Lang::En, Some(s)) => (Some(s), None),
            _ => (a.summary.vi(), lang.vi_mark(false)),
        };
        let image = e.images.get(a.image.as_ref());
        ctx.insert(
            "article",
            &ArticleDetail {
                title: t.text,
                title_lang: t.lang_mark(),
                alt_title,
                alt_lang: alt_lang.code(),
                date: a.date.to_string(),
                summary: lead,
                summary_lang: lead_lang,
                summary_en,
                tags: &a.tags,
                tags_lang: lang.vi_mark(false),
                updated: a.updated.map(|d| d.to_string()),
                image,
                provenance: ProvenanceView::of(a.sample, &a.basis),
            },
        );
        ctx.insert("og_title", t.text);
        ctx.insert("og_type", "article");
        og_image(ctx, image);
        ctx.insert("section_title", &title);
        ctx.insert("section_url", &lang.url(base));
        let (markdown, content_lang) = a.markdown_for(lang);
        ctx.insert("content", &html(m, markdown, &e));
        ctx.insert("content_lang", &content_lang);
        ctx.insert("description", &description);
    })
}
