//! The Atom feeds, the sitemap and robots.txt.

use super::super::views::{article_summary, PolicyCard};

use super::common::{job, Env, Job};
use crate::markdown;
use crate::model::{urls, Lang};
use serde::Serialize;

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
    let mut sitemap = job(urls::SITEMAP.into(), "sitemap.xml", move |_, ctx| {
        ctx.insert("entries", &entries);
    });
    sitemap.in_sitemap = false;
    jobs.push(sitemap);
    let mut robots = job(urls::ROBOTS.into(), "robots.txt", |_, _| {});
    robots.in_sitemap = false;
    jobs.push(robots);
    jobs
}

/// The feeds (news, policies) of `env.lang`.
pub(crate) fn feeds(env: &Env) -> Vec<Job> {
    let mut jobs = Vec::new();
    let lang = env.lang;
    for (path, key, which) in [
        (urls::NEWS_FEED, "feed_title_news", 0u8),
        (urls::POLICIES_FEED, "feed_title_policies", 1u8),
    ] {
        let title = env.strings.get(lang, key);
        let mut j = job(path.into(), "atom.xml", move |m, ctx| {
            let entries: Vec<FeedEntry> = if which == 0 {
                m.news()
                    .iter()
                    .take(50)
                    .map(|a| {
                        let t = a.title.pick(lang);
                        let (summary, _) = article_summary(a, lang, 300);
                        FeedEntry {
                            title: t.text.to_owned(),
                            lang: t.lang_mark(),
                            url: lang.url(&urls::news(&a.slug)),
                            date: a.date.to_string(),
                            summary,
                        }
                    })
                    .collect()
            } else {
                m.policies()
                    .iter()
                    .take(50)
                    .map(|p| {
                        let c = PolicyCard::of(p, m, lang);
                        let summary = match (lang, p.body.en()) {
                            (Lang::En, Some(s)) => markdown::excerpt(s, 300),
                            _ => markdown::excerpt(&p.body.markdown, 300),
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
