//! The library's pages: policies, market notes and news, programmes and free pages.

use super::super::views::{article_summary, ArticleCard, Paginator, PolicyCard};
use super::super::{opendata, structured, Job, SiteOptions};
use super::{alt, excerpt_plain, html, job, localized_site, Env};
use crate::markdown;
use crate::model::urls;
use crate::model::Lang;
use crate::model::{ArticleKind, Model};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct TargetRow<'a> {
    label: &'a str,
    label_lang: Option<&'static str>,
    measure: &'a str,
    target: f64,
    unit: Option<String>,
    actual: Option<usize>,
    percent: Option<f64>,
}

pub(super) fn program_targets<'a>(
    m: &Model,
    env: &Env,
    program: &'a crate::model::Program,
) -> Vec<TargetRow<'a>> {
    let lang = env.lang;
    program
        .targets
        .iter()
        .map(|t| {
            let actual = match t.measure.as_str() {
                "enterprises" => Some(m.enterprises.len()),
                "international_standard" => Some(m.international_count()),
                _ => None,
            };
            let (label, label_lang) = lang.pick(&t.label, t.label_en.as_deref());
            // Counted targets are numbers of enterprises: say so in the page's language.
            let unit = match (lang, actual) {
                (Lang::En, Some(_)) => Some(env.strings.get(lang, "enterprises_unit")),
                _ => t.unit.clone(),
            };
            TargetRow {
                label,
                label_lang,
                measure: &t.measure,
                target: t.value,
                unit,
                actual,
                percent: actual
                    .filter(|_| t.value > 0.0)
                    .map(|a| (a as f64 * 100.0 / t.value).min(100.0)),
            }
        })
        .collect()
}

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
    image: Option<&'a super::super::images::Picture>,
}

/// A programme as its page shows it.
#[derive(Serialize)]
struct ProgramDetail<'a> {
    year: i64,
    title: &'a str,
    title_lang: Option<&'static str>,
    alt_title: Option<&'a str>,
    alt_lang: &'static str,
    objectives: &'a [String],
    objectives_lang: Option<&'static str>,
    alt_objectives: &'a [String],
    tasks: Vec<TaskView<'a>>,
    tasks_csv: String,
    tasks_json: String,
}

#[derive(Serialize)]
struct TaskView<'a> {
    number: i64,
    group: Option<&'a str>,
    task: &'a str,
    task_lang: Option<&'static str>,
    expected_result: Option<&'a str>,
    period: Option<&'a str>,
    lead: Option<&'a str>,
    coordinating: &'a [String],
    status: &'a str,
    /// `"vi"` for the fields that exist only in Vietnamese, on English pages.
    vi: Option<&'static str>,
}

/// The policy library, market notes, news, programmes and free pages of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, opts: &SiteOptions, env: &Env) {
    let allow_html = opts.allow_raw_html;
    let lang = env.lang;
    // Policy library.
    let e = env.clone();
    jobs.push(job(
        urls::POLICIES.into(),
        "policies.html",
        move |m, ctx| {
            let cards: Vec<PolicyCard> = m
                .policies
                .iter()
                .map(|p| PolicyCard::of(p, e.lang, &e.strings))
                .collect();
            ctx.insert("policies", &cards);
        },
    ));
    for (i, p) in model.policies.iter().enumerate() {
        let e = env.clone();
        jobs.push(job(urls::policy(&p.slug), "policy.html", move |m, ctx| {
            let lang = e.lang;
            let p = &m.policies[i];
            let card = PolicyCard::of(p, lang, &e.strings);
            let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
            let summary_en = p.summary_en.as_deref().filter(|s| !s.trim().is_empty());
            ctx.insert(
                "og_title",
                &format!("{} {}: {}", card.kind, card.number, card.title),
            );
            ctx.insert(
                "policy",
                &PolicyDetail {
                    card,
                    alt_title,
                    alt_lang,
                    signer: p.signer.as_deref(),
                    source_url: p.source_url.as_deref(),
                    summary_en,
                    updated: p.updated.map(|d| d.to_string()),
                },
            );
            ctx.insert("content", &html(m, &p.body, allow_html, lang));
            ctx.insert(
                "show_content",
                &(!p.body.trim().is_empty() && (lang == Lang::Vi || summary_en.is_none())),
            );
            ctx.insert("content_lang", &lang.vi_mark(false));
            let description = match (lang, summary_en) {
                (Lang::En, Some(s)) => excerpt_plain(s, 160),
                _ => markdown::excerpt(&p.body, 160),
            };
            ctx.insert("description", &description);
            ctx.insert("og_type", "article");
            let rel = |slugs: &Vec<String>| -> Vec<PolicyCard> {
                slugs
                    .iter()
                    .filter_map(|s| m.policy(s))
                    .map(|p| PolicyCard::of(p, lang, &e.strings))
                    .collect()
            };
            ctx.insert("amends", &rel(&p.amends));
            ctx.insert("amended_by", &rel(&p.amended_by));
            ctx.insert("replaces", &rel(&p.replaces));
            ctx.insert("replaced_by", &rel(&p.replaced_by));
            ctx.insert("jsonld", &structured::policy(m, p, lang));
        }));
    }

    // Market notes and news.
    for (kind, base, title_key) in [
        (ArticleKind::Market, urls::MARKET, "section_market"),
        (ArticleKind::News, urls::NEWS, "section_news"),
    ] {
        let list = match kind {
            ArticleKind::Market => &model.market,
            ArticleKind::News => &model.news,
        };
        let title = env.strings.get(lang, title_key);
        let per = model.site.per_page;
        let pages = list.len().div_ceil(per).max(1);
        for n in 1..=pages {
            let title = title.clone();
            let mut j = job(urls::paginated(base, n), "articles.html", move |m, ctx| {
                let list = match kind {
                    ArticleKind::Market => &m.market,
                    ArticleKind::News => &m.news,
                };
                let per = m.site.per_page;
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
        for (i, a) in list.iter().enumerate() {
            let url = match kind {
                ArticleKind::Market => urls::market(&a.slug),
                ArticleKind::News => urls::news(&a.slug),
            };
            let title = title.clone();
            let e = env.clone();
            jobs.push(job(url, "article.html", move |m, ctx| {
                let a = match kind {
                    ArticleKind::Market => &m.market[i],
                    ArticleKind::News => &m.news[i],
                };
                let (t, title_lang) = lang.pick(&a.title, a.title_en.as_deref());
                let (alt_title, alt_lang) = alt(lang, &a.title, a.title_en.as_deref());
                let (description, _) = article_summary(a, lang, 160);
                let summary_en = a.summary_en.as_deref().filter(|s| !s.trim().is_empty());
                let (lead, lead_lang) = match (lang, summary_en) {
                    (Lang::En, Some(s)) => (Some(s), None),
                    _ => (a.summary.as_deref(), lang.vi_mark(false)),
                };
                let image = e.images.get(a.image.as_ref());
                ctx.insert(
                    "article",
                    &ArticleDetail {
                        title: t,
                        title_lang,
                        alt_title,
                        alt_lang,
                        date: a.date.to_string(),
                        summary: lead,
                        summary_lang: lead_lang,
                        summary_en,
                        tags: &a.tags,
                        tags_lang: lang.vi_mark(false),
                        updated: a.updated.map(|d| d.to_string()),
                        image,
                    },
                );
                ctx.insert("og_title", t);
                ctx.insert("og_type", "article");
                if let Some(p) = image {
                    ctx.insert("og_image", &p.largest);
                    ctx.insert("og_image_width", &p.width);
                    ctx.insert("og_image_height", &p.height);
                }
                ctx.insert("section_title", &title);
                ctx.insert("section_url", &lang.url(base));
                ctx.insert("content", &html(m, &a.body, allow_html, lang));
                ctx.insert("content_lang", &lang.vi_mark(false));
                ctx.insert("description", &description);
            }));
        }
    }

    // Programmes.
    jobs.push(job(
        urls::PROGRAMS.into(),
        "programs.html",
        move |m, ctx| {
            let list: Vec<(i64, &str, String, Option<&str>)> = m
                .programs
                .iter()
                .map(|p| {
                    let (t, l) = lang.pick(&p.title, p.title_en.as_deref());
                    (p.year, t, lang.url(&urls::program(p.year)), l)
                })
                .collect();
            ctx.insert("program_list", &list);
        },
    ));
    for (i, p) in model.programs.iter().enumerate() {
        let e = env.clone();
        jobs.push(job(urls::program(p.year), "program.html", move |m, ctx| {
            let p = &m.programs[i];
            let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
            let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
            let en_objectives = lang == Lang::En && !p.objectives_en.is_empty();
            let detail = ProgramDetail {
                year: p.year,
                title,
                title_lang,
                alt_title,
                alt_lang,
                objectives: if en_objectives {
                    &p.objectives_en
                } else {
                    &p.objectives
                },
                objectives_lang: if en_objectives {
                    None
                } else {
                    lang.vi_mark(false)
                },
                alt_objectives: if lang == Lang::Vi {
                    &p.objectives_en
                } else {
                    &[]
                },
                tasks: p
                    .tasks
                    .iter()
                    .map(|t| {
                        let (task, task_lang) = lang.pick(&t.task, t.task_en.as_deref());
                        TaskView {
                            number: t.number,
                            group: t.group.as_deref(),
                            task,
                            task_lang,
                            expected_result: t.expected_result.as_deref(),
                            period: t.period.as_deref(),
                            lead: t.lead.as_deref(),
                            coordinating: &t.coordinating,
                            status: &t.status,
                            vi: lang.vi_mark(false),
                        }
                    })
                    .collect(),
                tasks_csv: opendata::tasks_csv(p.year),
                tasks_json: opendata::tasks_json(p.year),
            };
            ctx.insert("og_title", title);
            ctx.insert("program", &detail);
            ctx.insert("targets", &program_targets(m, &e, p));
            ctx.insert(
                "plan",
                &p.plan
                    .as_deref()
                    .and_then(|s| m.policy(s))
                    .map(|p| PolicyCard::of(p, lang, &e.strings)),
            );
        }));
    }

    // Free pages.
    for (i, p) in model.pages.iter().enumerate() {
        jobs.push(job(urls::page(&p.slug), "page.html", move |m, ctx| {
            let p = &m.pages[i];
            let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
            let (alt_title, alt_lang) = alt(lang, &p.title, p.title_en.as_deref());
            let summary_en = p.summary_en.as_deref().filter(|s| !s.trim().is_empty());
            ctx.insert("og_title", title);
            ctx.insert("page_title", title);
            ctx.insert("page_title_lang", &title_lang);
            ctx.insert("alt_title", &alt_title);
            ctx.insert("alt_lang", alt_lang);
            ctx.insert("summary_en", &summary_en);
            ctx.insert("updated", &p.updated.map(|d| d.to_string()));
            ctx.insert("content", &html(m, &p.body, allow_html, lang));
            ctx.insert("content_lang", &lang.vi_mark(false));
            let description = match (lang, summary_en) {
                (Lang::En, Some(s)) => excerpt_plain(s, 160),
                _ => markdown::excerpt(&p.body, 160),
            };
            ctx.insert("description", &description);
        }));
    }
    jobs.push(job(
        urls::HANDBOOK.into(),
        "handbook.html",
        move |m, ctx| {
            let (site, _) = localized_site(m, lang);
            ctx.insert("edition", &site.handbook);
        },
    ));
}
