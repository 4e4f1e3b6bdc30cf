//! Checks across files, each a named step: references between records (sector, district, park,
//! policy relations, programme plans) and duplicates (sector keys, districts, parks, tax codes,
//! page addresses).

use super::super::Parsed;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::messages::content as say;
use crate::model::{urls, IndustrialPark, Origin, Policy};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// Runs every check of references and duplicates, appending findings to `diags`.
pub(crate) fn check(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    sectors_and_foreword(p, diags);
    districts_once(p, diags);
    parks(p, diags);
    enterprises(p, diags);
    addresses_once(p, diags);
    policy_relations(p, diags);
    program_plans(p, diags);
}

fn district_slugs(p: &Parsed) -> HashSet<&str> {
    p.districts.iter().map(|(d, _)| d.slug.as_str()).collect()
}

/// Sector keys are unique; the handbook's foreword page exists.
fn sectors_and_foreword(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let site_file = Path::new("content/site.toml");
    let Some((site, extras)) = &p.site else {
        return;
    };
    let mut seen = HashSet::new();
    for (s, span) in site.sectors.iter().zip(&extras.sector_spans) {
        if !seen.insert(&s.key) {
            diags.push(
                Diagnostic::said(site_file, say::sector_twice(&s.key))
                    .at(span.clone())
                    .field("sectors.key"),
            );
        }
    }
    if let Some(fw) = &site.handbook.foreword {
        if !p.pages.iter().any(|pg| &pg.slug == fw) {
            diags.push(
                Diagnostic::said(site_file, say::no_foreword(fw))
                    .at(extras.foreword_span.clone())
                    .field("handbook.foreword"),
            );
        }
    }
}

/// Each district is listed once.
fn districts_once(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (d, span) in &p.districts {
        if !seen.insert(&d.slug) {
            diags.push(
                Diagnostic::said("content/data/districts.toml", say::district_twice(&d.slug))
                    .at(span.clone())
                    .field("slug"),
            );
        }
    }
}

/// Each park is listed once, in a known district.
fn parks(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let districts = district_slugs(p);
    let mut seen = HashSet::new();
    for (park, origin) in &p.parks {
        if !seen.insert(&park.slug) {
            diags.push(
                Diagnostic::said(&origin.file, say::park_twice(&park.slug))
                    .at(origin.span("slug"))
                    .field("slug"),
            );
        }
        if !districts.contains(park.district.as_str()) {
            diags.push(unknown(
                &origin.file,
                origin.span("district"),
                "district",
                &park.district,
                districts.iter().copied(),
                "content/data/districts.toml",
            ));
        }
    }
}

/// Enterprises name known sectors, districts and parks (a park in another district is a
/// warning), and no two share a tax code.
fn enterprises(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let districts = district_slugs(p);
    let parks: HashMap<&str, &IndustrialPark> =
        p.parks.iter().map(|(x, _)| (x.slug.as_str(), x)).collect();
    let sectors: Vec<&str> = p
        .site
        .as_ref()
        .map(|(s, _)| s.sectors.iter().map(|x| x.key.as_str()).collect())
        .unwrap_or_default();
    let mut tax_codes: HashMap<&str, &Origin> = HashMap::new();
    for e in &p.enterprises {
        let o = &e.origin;
        if !sectors.contains(&e.sector.as_str()) && !sectors.is_empty() {
            diags.push(unknown(
                &o.file,
                o.span("sector"),
                "sector",
                &e.sector,
                sectors.iter().copied(),
                "content/site.toml",
            ));
        }
        if !districts.contains(e.district.as_str()) {
            diags.push(unknown(
                &o.file,
                o.span("district"),
                "district",
                &e.district,
                districts.iter().copied(),
                "content/data/districts.toml",
            ));
        }
        if let Some(park) = &e.industrial_park {
            match parks.get(park.as_str()) {
                None => diags.push(unknown(
                    &o.file,
                    o.span("industrial_park"),
                    "industrial_park",
                    park,
                    parks.keys().copied(),
                    "content/data/industrial-parks.toml",
                )),
                Some(pk)
                    if pk.district != e.district && districts.contains(e.district.as_str()) =>
                {
                    diags.push(
                        Diagnostic::warned(
                            &o.file,
                            say::park_elsewhere(&pk.name.vi, &pk.district, &e.district),
                        )
                        .at(o.span("district"))
                        .field("district"),
                    )
                }
                _ => {}
            }
        }
        if let Some(first) = tax_codes.insert(e.tax_code.as_str(), o) {
            diags.push(
                Diagnostic::said(
                    &o.file,
                    say::tax_code_twice(&e.tax_code, &first.file.display().to_string()),
                )
                .at(o.span("tax_code"))
                .field("tax_code"),
            );
        }
    }
}

/// No two files make a page at the same address (x.md and x/index.md, or names that fold to the
/// same slug).
fn addresses_once(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let mut by_url: HashMap<String, Vec<&str>> = HashMap::new();
    for (path, (section, slug, _)) in &p.files {
        by_url
            .entry(urls::record(*section, slug))
            .or_default()
            .push(path);
    }
    for (url, mut files) in by_url {
        if files.len() > 1 {
            files.sort();
            for f in &files[1..] {
                diags.push(Diagnostic::said(
                    format!("content/{f}"),
                    say::same_address(&url, files[0]),
                ));
            }
        }
    }
}

/// Policy relations name existing documents and agree with each other (amends ↔ amended_by,
/// replaces ↔ replaced_by).
fn policy_relations(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let policy_slugs: HashSet<&str> = p.policies.iter().map(|x| x.slug.as_str()).collect();
    let by_slug: HashMap<&str, &Policy> = p.policies.iter().map(|x| (x.slug.as_str(), x)).collect();
    for pol in &p.policies {
        let o = &pol.origin;
        for (field, list, inverse) in [
            ("amends", &pol.amends, "amended_by"),
            ("amended_by", &pol.amended_by, "amends"),
            ("replaces", &pol.replaces, "replaced_by"),
            ("replaced_by", &pol.replaced_by, "replaces"),
        ] {
            for target in list {
                let Some(other) = by_slug.get(target.as_str()) else {
                    diags.push(unknown(
                        &o.file,
                        o.span(field),
                        field,
                        target,
                        policy_slugs.iter().copied(),
                        "content/policies/",
                    ));
                    continue;
                };
                let back = match inverse {
                    "amends" => &other.amends,
                    "amended_by" => &other.amended_by,
                    "replaces" => &other.replaces,
                    _ => &other.replaced_by,
                };
                if !back.contains(&pol.slug) {
                    diags.push(
                        Diagnostic::warned(
                            &o.file,
                            say::one_sided(
                                field,
                                target,
                                &other.origin.file.display().to_string(),
                                &pol.slug,
                                inverse,
                            ),
                        )
                        .at(o.span(field))
                        .field(field),
                    );
                }
            }
        }
    }
}

/// A programme's plan is a document of the library.
fn program_plans(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let policy_slugs: HashSet<&str> = p.policies.iter().map(|x| x.slug.as_str()).collect();
    for prog in &p.programs {
        if let Some(plan) = &prog.plan {
            if !policy_slugs.contains(plan.as_str()) {
                diags.push(unknown(
                    &prog.origin.file,
                    prog.origin.span("plan"),
                    "plan",
                    plan,
                    policy_slugs.iter().copied(),
                    "content/policies/",
                ));
            }
        }
    }
}

fn unknown<'a>(
    file: &Path,
    span: Range<usize>,
    field: &str,
    value: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    source: &str,
) -> Diagnostic {
    let shown;
    let near = match did_you_mean(value, known.clone()) {
        Some(s) => Ok(s),
        None => {
            let mut all: Vec<&str> = known.collect();
            all.sort_unstable();
            shown = if all.len() > 12 {
                format!("{}, …", all[..12].join(", "))
            } else {
                all.join(", ")
            };
            Err(shown.as_str())
        }
    };
    Diagnostic::said(file, say::unknown_reference(field, value, near, source))
        .at(span)
        .field(field)
}
