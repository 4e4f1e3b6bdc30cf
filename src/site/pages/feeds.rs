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

/// Set `CNHT_SITEMAP_URLS=N` to cut the sitemap into files of at most N addresses instead of
/// the protocol's [`urls::SITEMAP_MAX_URLS`]: to test the sitemap index on a small site.
pub const SITEMAP_SWITCH: &str = "CNHT_SITEMAP_URLS";

/// The sitemap (both languages, with their alternates) and robots.txt. Past the protocol's
/// 50,000 addresses in one file (about 21,000 enterprises), `/sitemap.xml` is a sitemap index
/// of parts `/sitemap-1.xml`, `/sitemap-2.xml`, … (each address with its other language in the
/// same part).
pub(crate) fn sitemap_and_robots(paths: Vec<String>) -> Vec<Job> {
    let most = std::env::var(SITEMAP_SWITCH)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(urls::SITEMAP_MAX_URLS);
    let mut jobs = sitemaps(paths, most);
    let mut robots = job(urls::ROBOTS.into(), "robots.txt", |_, _| {});
    robots.in_sitemap = false;
    jobs.push(robots);
    jobs
}

/// The sitemap files of `paths` (two addresses each, one per language), at most `most`
/// addresses a file: one sitemap, or an index and its parts.
fn sitemaps(paths: Vec<String>, most: usize) -> Vec<Job> {
    let entries: Vec<SitemapEntry> = paths
        .iter()
        .map(|p| SitemapEntry {
            vi: Lang::Vi.url(p),
            en: Lang::En.url(p),
        })
        .collect();
    let per_file = (most / 2).max(1);
    if entries.len() <= per_file {
        let mut sitemap = job(urls::SITEMAP.into(), "sitemap.xml", move |_, ctx| {
            ctx.insert("entries", &entries);
        });
        sitemap.in_sitemap = false;
        return vec![sitemap];
    }
    let mut jobs = Vec::new();
    let mut parts = Vec::new();
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let part: Vec<SitemapEntry> = entries.by_ref().take(per_file).collect();
        let url = urls::sitemap_part(parts.len() + 1);
        parts.push(url.clone());
        let mut j = job(url, "sitemap.xml", move |_, ctx| {
            ctx.insert("entries", &part);
        });
        j.in_sitemap = false;
        jobs.push(j);
    }
    let mut index = job(urls::SITEMAP.into(), "sitemap-index.xml", move |_, ctx| {
        ctx.insert("parts", &parts);
    });
    index.in_sitemap = false;
    jobs.insert(0, index);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_its_limit_becomes_an_index_of_parts() {
        let paths: Vec<String> = (0..5).map(|i| format!("/p{i}/")).collect();
        let urls_of = |jobs: Vec<Job>| jobs.into_iter().map(|j| j.url).collect::<Vec<_>>();
        assert_eq!(urls_of(sitemaps(paths.clone(), 10)), ["/sitemap.xml"]);
        // Two addresses a path (both languages): 4 addresses a file make three parts.
        assert_eq!(
            urls_of(sitemaps(paths, 4)),
            [
                "/sitemap.xml",
                "/sitemap-1.xml",
                "/sitemap-2.xml",
                "/sitemap-3.xml"
            ]
        );
    }
}
