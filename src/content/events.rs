//! The event files, `content/events/<slug>.toml`: an event's name, dates and venue, its hall
//! plan (`booths`) and its exhibitors (`[[exhibitors]]`, by tax code or as a guest with its own
//! facts). Everything one file can get wrong is reported here with its line — a booth the plan
//! does not have, two exhibitors on one booth, a guest's unknown country — and `check` then
//! matches tax codes against the directory on the model. The messages, in Vietnamese and English,
//! are in `messages::events`.

use super::fields::{At, Fields};
use super::source::SourceFile;
use super::terms::check_refs;
use crate::diagnostics::{did_you_mean, line_col, Diagnostic};
use crate::messages::events as said;
use crate::model::events::ExhibitorSpans;
use crate::model::terms::{Country, Key, ProductGroup};
use crate::model::{Event, Exhibitor, Guest, Model, Origin, Party, Text, TextList, Vocabularies};
use std::collections::HashMap;
use std::path::Path;

/// Fields of an event file, in the order the bundled event writes them (`cnht new event` offers
/// them in this order).
pub const EVENT_FIELDS: &[&str] = &[
    "name",
    "name_en",
    "starts",
    "ends",
    "venue",
    "venue_en",
    "summary",
    "summary_en",
    "source",
    "source_checked",
    "sample",
    "booths",
    "exhibitors",
];

/// The fields of an exhibitor: its booth and tax code, then those only a guest is given
/// ([`GUEST_ONLY`]).
pub const EXHIBITOR_FIELDS: &[&str] = &[
    "booth",
    "tax_code",
    "name",
    "name_en",
    "country",
    "sector",
    "products",
    "products_en",
    "product_groups",
    "website",
];

/// The fields only a guest (an exhibitor without a tax code) is given.
pub const GUEST_ONLY: &[&str] = EXHIBITOR_FIELDS.split_at(2).1;

/// Reads every event file of `<root>/content/events/`.
pub(super) fn read_all(
    root: &Path,
    boundary: &super::source::Boundary,
    vocab: &Vocabularies,
    sectors: &[&str],
    diags: &mut Vec<Diagnostic>,
    report: &mut crate::diagnostics::Report,
) -> Vec<Event> {
    let dir = root.join("content/events");
    let mut events = Vec::new();
    if !(dir.is_dir() || dir.is_symlink()) {
        return events;
    }
    for entry in super::source::walk(boundary, &dir, 1, diags) {
        let p = entry.path.as_path();
        if entry.is_file && p.extension().is_some_and(|e| e == "toml") {
            if let Some(src) = super::read_into(root, p, diags, report) {
                events.extend(read(&src, vocab, sectors, diags));
            }
        }
    }
    events
}

/// Reads one event file; `None` when it cannot make an event (its problems are in `diags`).
/// `sectors` are the sector keys of `site.toml`, which a guest's `sector` must be one of.
pub fn read(
    src: &SourceFile,
    vocab: &Vocabularies,
    sectors: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let table = super::data::top(src, diags)?;
    let slug = src
        .rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let good = crate::text::slugify(&slug);
    if good != slug {
        diags.push(Diagnostic::said(
            &src.rel,
            said::bad_file_name(&slug, &good),
        ));
    }
    let span = table.span();
    let mut f = Fields::new(&src.rel, 0, table.get_ref(), span, EVENT_FIELDS, "", diags);
    let name = f.req_str("name", "the event's name");
    let name_en = f.opt_str("name_en").map(|a| a.value);
    let starts = f.req_date("starts");
    let ends = f.opt_date("ends");
    let venue = f.req_str("venue", "where it takes place, as the sources give it");
    let venue_en = f.opt_str("venue_en").map(|a| a.value);
    let summary = f.opt_str("summary").map(|a| a.value);
    let summary_en = f.opt_str("summary_en").map(|a| a.value);
    let source = f.opt_str("source").map(|a| a.value);
    let source_checked = f.opt_date("source_checked").map(|a| a.value);
    let sample = f.opt_bool("sample").unwrap_or(false);
    let booths = hall_plan(&mut f);
    let exhibitors: Vec<Exhibitor> = f
        .each("exhibitors", EXHIBITOR_FIELDS, |x| {
            exhibitor(x, vocab, sectors)
        })
        .into_iter()
        .flatten()
        .collect();
    let starts = starts?;
    let ends = match ends {
        Some(e) if e.value < starts.value => {
            f.said_at(
                "ends",
                e.span,
                said::ends_before_starts(&starts.value.to_string()),
            );
            starts.value
        }
        Some(e) => e.value,
        None => starts.value,
    };
    booths_taken(&mut f, &src.text, &booths, &exhibitors);
    Some(Event {
        slug,
        name: Text::new(name?.value, name_en),
        starts: starts.value,
        ends,
        venue: Text::new(venue?.value, venue_en),
        summary: crate::model::MaybeText::new(summary, summary_en),
        source,
        source_checked,
        booths: booths.into_iter().map(|b| b.value).collect(),
        exhibitors,
        sample,
        origin: Origin {
            file: src.rel.clone(),
            ..Default::default()
        },
    })
}

/// The hall plan: each booth once.
fn hall_plan(f: &mut Fields) -> Vec<At<String>> {
    let mut plan: Vec<At<String>> = Vec::new();
    for b in f.str_list("booths") {
        if plan.iter().any(|p| p.value == b.value) {
            f.said_at("booths", b.span, said::booth_twice_in_plan(&b.value));
        } else {
            plan.push(b);
        }
    }
    if !f.has("booths") {
        f.missing("booths", "the hall plan, e.g. [\"A01\", \"A02\"]");
    }
    plan
}

/// One `[[exhibitors]]` table.
fn exhibitor(x: &mut Fields, vocab: &Vocabularies, sectors: &[&str]) -> Option<Exhibitor> {
    let booth = x.req_str("booth", "the booth, as the hall plan names it");
    let tax_code = x.opt_str("tax_code");
    let party = match tax_code {
        Some(code) => {
            for key in GUEST_ONLY {
                if let Some((_, span)) = x.raw(key) {
                    x.said_at(key, span, said::guest_field_for_listed(key));
                }
            }
            let spans = ExhibitorSpans {
                booth: booth.as_ref().map(|b| b.span.clone()).unwrap_or_default(),
                tax_code: code.span.clone(),
            };
            return Some(Exhibitor {
                booth: booth?.value,
                party: Party::Listed {
                    tax_code: code.value,
                },
                spans,
            });
        }
        None => {
            let name = x.req_str(
                "name",
                "the company's name (or `tax_code` for an enterprise of the directory)",
            );
            let name_en = x.opt_str("name_en").map(|a| a.value);
            let country = x.req_str("country", "its country's key, e.g. \"JP\"");
            let sector = x.opt_str("sector");
            if let Some(s) = sector
                .as_ref()
                .filter(|s| !sectors.contains(&s.value.as_str()))
            {
                let near = did_you_mean(&s.value, sectors.iter().copied());
                x.said_at(
                    "sector",
                    s.span.clone(),
                    said::unknown_sector(&s.value, near, &sectors.join(", ")),
                );
            }
            let sector = sector.map(|a| a.value);
            let products = TextList {
                vi: x
                    .str_list("products")
                    .into_iter()
                    .map(|a| a.value)
                    .collect(),
                en: x
                    .str_list("products_en")
                    .into_iter()
                    .map(|a| a.value)
                    .collect(),
            };
            let groups: Vec<(Key<ProductGroup>, std::ops::Range<usize>)> = x
                .str_list("product_groups")
                .into_iter()
                .map(|a| (Key::new(a.value), a.span))
                .collect();
            let file = x.file().to_path_buf();
            check_refs(
                &vocab.product_groups,
                &file,
                "exhibitors.product_groups",
                groups.iter().map(|(k, s)| (k, s.clone())),
                x.diags,
            );
            let website = x.opt_checked(
                "website",
                crate::model::urls::check_web,
                Some(crate::messages::check::web_hint()),
            );
            let country = country?;
            let key: Key<Country> = Key::new(country.value);
            check_refs(
                &vocab.countries,
                &file,
                "exhibitors.country",
                [(&key, country.span)],
                x.diags,
            );
            Party::Guest(Guest {
                name: Text::new(name?.value, name_en),
                country: key,
                sector,
                products,
                product_groups: groups.into_iter().map(|(k, _)| k).collect(),
                website,
            })
        }
    };
    let booth = booth?;
    Some(Exhibitor {
        spans: ExhibitorSpans {
            booth: booth.span.clone(),
            tax_code: 0..0,
        },
        booth: booth.value,
        party,
    })
}

/// Every exhibitor's booth is in the plan, and no booth has two exhibitors.
fn booths_taken(f: &mut Fields, text: &str, plan: &[At<String>], exhibitors: &[Exhibitor]) {
    let mut taken: HashMap<&str, &Exhibitor> = HashMap::new();
    for x in exhibitors {
        if !plan.is_empty() && !plan.iter().any(|b| b.value == x.booth) {
            let near = did_you_mean(&x.booth, plan.iter().map(|b| b.value.as_str()));
            let first: Vec<&str> = plan.iter().take(12).map(|b| b.value.as_str()).collect();
            let list = format!(
                "{}{}",
                first.join(", "),
                if plan.len() > 12 { ", …" } else { "" }
            );
            f.said_at(
                "exhibitors.booth",
                x.spans.booth.clone(),
                said::booth_not_in_plan(&x.booth, near, &list),
            );
        }
        match taken.get(x.booth.as_str()) {
            Some(first) => {
                let (line, _) = line_col(text, first.spans.booth.start);
                f.said_at(
                    "exhibitors.booth",
                    x.spans.booth.clone(),
                    said::booth_taken(&x.booth, line),
                );
            }
            None => {
                taken.insert(&x.booth, x);
            }
        }
    }
}

/// Checks the exhibitors against the directory: every tax code is an enterprise's.
pub(crate) fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    for event in model.events() {
        let file = &event.origin.file;
        for x in &event.exhibitors {
            match &x.party {
                Party::Listed { tax_code } => {
                    if model.enterprise_by_tax_code(tax_code).is_some() {
                        continue;
                    }
                    let near = did_you_mean(
                        tax_code,
                        model.enterprises().iter().map(|e| e.tax_code.as_str()),
                    )
                    .and_then(|code| model.enterprise_by_tax_code(code));
                    diags.push(
                        Diagnostic::said(
                            file,
                            said::unknown_tax_code(
                                tax_code,
                                near.map(|e| (e.tax_code.as_str(), e.name.vi.as_str())),
                            ),
                        )
                        .at(x.spans.tax_code.clone())
                        .field("exhibitors.tax_code"),
                    );
                }
                Party::Guest(_) => {}
            }
        }
    }
}
