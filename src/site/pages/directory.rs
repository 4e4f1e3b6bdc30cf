//! The paginated directory and one page per enterprise; `listing` makes the paginated listings of
//! enterprises that the facets share.

use super::super::views::{EnterpriseCard, EnterpriseDetail, Paginator};
use super::super::{opendata, structured};
use super::common::{description, html, job, og_image, Env, Job};
use crate::model::{urls, Enterprise, Lang, Model};
use crate::site::templates::Strings;
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
        // What the fill reads: the header, the page's enterprises (their cards: the records and
        // the shared parts) and their number.
        let header = serde_json::to_vec(&listing).ok();
        let inputs_of = indexes.clone();
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
        j.inputs = Some(Box::new(move |m, d, w| {
            let per = m.site().per_page;
            let all = &inputs_of;
            let slice = &all[((n - 1) * per).min(all.len())..(n * per).min(all.len())];
            let written = match &header {
                Some(h) => w.write_all(h),
                // Unhashable: a key no manifest holds, so the page is rendered.
                None => w.write_all(&std::process::id().to_le_bytes()),
            };
            let _ = written.and_then(|()| write!(w, "\0{n}\0{}\0", all.len()));
            for &i in slice {
                let _ = w.write_all(&d.enterprise(i));
            }
        }));
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
    cards(jobs, model, lang);
    for (i, ent) in model.enterprises().iter().enumerate() {
        let e = env.clone();
        let mut page = job(
            urls::enterprise(&ent.slug),
            "enterprise.html",
            move |m, ctx| {
                let lang = e.lang;
                let ent = &m.enterprises()[i];
                let logo = e.images.get(ent.logo.as_ref());
                let detail = EnterpriseDetail::of(m, ent, lang, logo);
                ctx.insert("og_title", &detail.head.name);
                ctx.insert("enterprise", &detail);
                let (markdown, content_lang) = ent.body.markdown_for(lang);
                ctx.insert("content", &html(m, markdown, &e));
                // On English pages the Vietnamese text is shown only when there is no English one.
                ctx.insert("show_content", &ent.body.shows_markdown(lang));
                ctx.insert("content_lang", &content_lang);
                ctx.insert("description", &description(&ent.body, lang));
                og_image(ctx, logo);
                ctx.insert("og_type", "business.business");
                ctx.insert("jsonld", &structured::enterprise(m, ent, lang, logo));
                if let Some(email) = ent.contact.email.as_deref() {
                    ctx.insert("quotation", &quotation(m, ent, email, &e.strings, lang));
                }
            },
        );
        // What the page shows besides what all pages share (`memo::world`): the record, its
        // logo's processed files, and which of its certificates have expired by the build's
        // today (`memo::Digests`). The fill above reads nothing else of the model but the shared
        // parts.
        page.inputs = Some(Box::new(move |_, d, w| {
            let _ = w.write_all(&d.enterprise(i));
        }));
        jobs.push(page);
    }
}

/// One card of a file of cards: the enterprise's position in directory order, its card and its
/// row of the directory's CSV in the page's language (JSON, before the spreadsheet rule).
#[derive(Serialize)]
struct ShortlistCard<'a> {
    id: usize,
    card: EnterpriseCard<'a>,
    row: String,
}

/// The files of cards (`urls::cards_file`) of `lang`: the directory's cards, the same markup as
/// the listings', for the shortlists `filters.js` shows and exports; not pages, not in the
/// sitemap.
fn cards(jobs: &mut Vec<Job>, model: &Model, lang: Lang) {
    for k in 0..urls::cards_files(model.enterprises().len()) {
        let mut j = job(urls::cards_file(k), "cards.html", move |m, ctx| {
            let ents = m.enterprises();
            let end = ((k + 1) * urls::CARDS_PER_FILE).min(ents.len());
            let cards: Vec<ShortlistCard> = (k * urls::CARDS_PER_FILE..end)
                .map(|i| ShortlistCard {
                    id: i,
                    card: EnterpriseCard::of(m, &ents[i], lang),
                    row: opendata::enterprise_cells(m, &ents[i], lang).to_string(),
                })
                .collect();
            ctx.insert("cards", &cards);
            ctx.insert(
                "columns",
                &serde_json::Value::from(opendata::ENTERPRISE_COLUMNS.to_vec()).to_string(),
            );
        });
        j.in_sitemap = false;
        // The fill reads the cards and rows of the enterprises of the file (the records and the
        // shared parts) and their positions.
        j.inputs = Some(Box::new(move |m, d, w| {
            let end = ((k + 1) * urls::CARDS_PER_FILE).min(m.enterprises().len());
            let start = (k * urls::CARDS_PER_FILE).min(end);
            let _ = write!(w, "{start}\0{end}\0");
            for i in start..end {
                let _ = w.write_all(&d.enterprise(i));
            }
        }));
        jobs.push(j);
    }
}

/// The "request a quotation" link of `ent`: a `mailto:` to its e-mail with a subject in both
/// languages and the body's template (interface strings `quote_subject`, `quote_body`) in the
/// page's language first, then in the other, each with the enterprise's name and page in that
/// language.
fn quotation(m: &Model, ent: &Enterprise, email: &str, strings: &Strings, lang: Lang) -> String {
    let subject = format!(
        "{} / {} – {}",
        strings.get(lang, "quote_subject"),
        strings.get(lang.other(), "quote_subject"),
        ent.name.pick(lang).text
    );
    let body: Vec<String> = [lang, lang.other()]
        .into_iter()
        .map(|l| {
            let page = format!(
                "{}{}",
                m.site().base_url,
                l.url(&urls::enterprise(&ent.slug))
            );
            strings
                .get(l, "quote_body")
                .replace("{name}", ent.name.pick(l).text)
                .replace("{url}", &page)
        })
        .collect();
    urls::mailto(email, &subject, &body.join("\n\n――――――――\n\n"))
}
