//! The events: their list, and one page per event with its exhibitors in the order of the hall
//! plan — booth, name (linked to the enterprise's page when it is in the directory), country,
//! sector and main products — in the page's language.

use super::common::{job, Env, Job};
use crate::model::{urls, Event, ExhibitorRef, Lang, Model};
use serde::Serialize;

/// An event as a card of the list.
#[derive(Serialize)]
struct EventCard<'a> {
    url: String,
    name: &'a str,
    name_lang: Option<&'static str>,
    starts: String,
    ends: String,
    venue: &'a str,
    venue_lang: Option<&'static str>,
    exhibitors: usize,
    sample: bool,
}

impl<'a> EventCard<'a> {
    fn of(e: &'a Event, lang: Lang) -> Self {
        let name = e.name.pick(lang);
        let venue = e.venue.pick(lang);
        EventCard {
            url: lang.url(&urls::event(&e.slug)),
            name: name.text,
            name_lang: name.lang_mark(),
            starts: e.starts.to_string(),
            ends: e.ends.to_string(),
            venue: venue.text,
            venue_lang: venue.lang_mark(),
            exhibitors: e.exhibitors.len(),
            sample: e.sample,
        }
    }
}

/// One exhibitor of an event page.
#[derive(Serialize)]
struct ExhibitorRow<'a> {
    booth: &'a str,
    name: &'a str,
    name_lang: Option<&'static str>,
    /// The enterprise's page, for an exhibitor of the directory.
    url: Option<String>,
    country: Option<&'a str>,
    sector: Option<&'a str>,
    sector_lang: Option<&'static str>,
    products: &'a [String],
    products_lang: Option<&'static str>,
    website: Option<&'a str>,
}

/// The country key of the directory's own enterprises.
const HOME_COUNTRY: &str = "VN";

/// The exhibitors of `e` in the order of its hall plan.
fn exhibitors<'a>(m: &'a Model, e: &'a Event, lang: Lang) -> Vec<ExhibitorRow<'a>> {
    let vocab = m.vocabularies();
    let mut rows: Vec<(usize, ExhibitorRow<'a>)> = e
        .exhibitors
        .iter()
        .filter_map(|x| {
            let order = e
                .booths
                .iter()
                .position(|b| *b == x.booth)
                .unwrap_or(usize::MAX);
            let row = match m.exhibitor(x)? {
                ExhibitorRef::Listed(ent) => {
                    let name = ent.name.pick(lang);
                    let sector = m.sector(&ent.sector).map(|s| s.name.pick(lang));
                    let products = ent.products.pick(lang);
                    ExhibitorRow {
                        booth: &x.booth,
                        name: name.text,
                        name_lang: name.lang_mark(),
                        url: Some(lang.url(&urls::enterprise(&ent.slug))),
                        country: vocab
                            .countries
                            .all()
                            .iter()
                            .find(|t| t.key == HOME_COUNTRY)
                            .map(|t| t.label(lang)),
                        sector: sector.map(|p| p.text),
                        sector_lang: sector.and_then(|p| p.lang_mark()),
                        products: &products.text[..products.text.len().min(4)],
                        products_lang: products.lang_mark(),
                        website: ent.contact.website.as_deref(),
                    }
                }
                ExhibitorRef::Guest(g) => {
                    let name = g.name.pick(lang);
                    let sector = g
                        .sector
                        .as_deref()
                        .and_then(|s| m.sector(s))
                        .map(|s| s.name.pick(lang));
                    let products = g.products.pick(lang);
                    ExhibitorRow {
                        booth: &x.booth,
                        name: name.text,
                        name_lang: name.lang_mark(),
                        url: None,
                        country: Some(vocab.countries.label(&g.country, lang)),
                        sector: sector.map(|p| p.text),
                        sector_lang: sector.and_then(|p| p.lang_mark()),
                        products: &products.text[..products.text.len().min(4)],
                        products_lang: products.lang_mark(),
                        website: g.website.as_deref(),
                    }
                }
            };
            Some((order, row))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.booth.cmp(b.1.booth)));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The event list and the event pages of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    jobs.push(job(urls::EVENTS.into(), "events.html", move |m, ctx| {
        let cards: Vec<EventCard> = m.events().iter().map(|e| EventCard::of(e, lang)).collect();
        ctx.insert("events", &cards);
    }));
    for (i, _) in model.events().iter().enumerate() {
        jobs.push(job(
            urls::event(&model.events()[i].slug),
            "event.html",
            move |m, ctx| {
                let e = &m.events()[i];
                let card = EventCard::of(e, lang);
                ctx.insert("og_title", card.name);
                ctx.insert("event", &card);
                ctx.insert("alt_name", &e.name.other(lang).0);
                ctx.insert("summary", &e.summary.pick(lang).map(|p| p.text));
                ctx.insert("source", &e.source);
                ctx.insert("source_checked", &e.source_checked.map(|d| d.to_string()));
                ctx.insert("booth_count", &e.booths.len());
                ctx.insert("exhibitors", &exhibitors(m, e, lang));
                ctx.insert("catalogue_url", &urls::event_catalogue(&e.slug));
                ctx.insert("catalogue_print_url", &urls::event_catalogue_print(&e.slug));
            },
        ));
    }
}
