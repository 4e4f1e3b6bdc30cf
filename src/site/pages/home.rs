//! The home page, the search page and the 404 page.

use super::super::views::{ArticleCard, PolicyCard};

use super::common::{job, Env, Job};
use super::facets::facets_sectors;
use super::programs::program_targets;
use crate::model::urls;

/// The home page of `env.lang`: sectors, the latest news and policies, the programme's targets.
pub(super) fn push(jobs: &mut Vec<Job>, env: &Env) {
    let e = env.clone();
    jobs.push(job(urls::HOME.into(), "index.html", move |m, ctx| {
        let lang = e.lang;
        ctx.insert("sectors", &facets_sectors(m, lang));
        ctx.insert("international", &m.international_count());
        let news: Vec<ArticleCard> = m
            .news()
            .iter()
            .take(3)
            .map(|a| ArticleCard::of(a, lang))
            .collect();
        ctx.insert("latest_news", &news);
        let policies: Vec<PolicyCard> = m
            .policies()
            .iter()
            .take(4)
            .map(|p| PolicyCard::of(p, m, lang))
            .collect();
        ctx.insert("latest_policies", &policies);
        if let Some(p) = m.programs().last() {
            ctx.insert("program_year", &p.year);
            ctx.insert("program_url", &lang.url(&urls::program(p.year)));
            ctx.insert("targets", &program_targets(m, &e, p));
        }
    }));
}

/// The search page (`src/site/search/` writes the index itself; not in the sitemap: it has no
/// content of its own) and the 404 page.
pub(super) fn push_search_and_404(jobs: &mut Vec<Job>) {
    let mut search = job(urls::SEARCH.into(), "search.html", |m, ctx| {
        ctx.insert("search_bundle", urls::SEARCH_BUNDLE);
        ctx.insert("search_synonyms", urls::SEARCH_SYNONYMS);
        // The index's other shards, merged into the first by the page's script.
        ctx.insert(
            "search_shards",
            &crate::site::search::shard_bundles(m).join(" "),
        );
    });
    search.in_sitemap = false;
    jobs.push(search);
    let mut not_found = job(urls::NOT_FOUND.into(), "404.html", |_, _| {});
    not_found.in_sitemap = false;
    jobs.push(not_found);
}
