//! Checks across files, each a named step: references between records (sector, district, park,
//! policy relations, programme plans) and duplicates (sector keys, districts, parks, tax codes,
//! page addresses).

use super::super::Parsed;
use crate::diagnostics::{did_you_mean, Diagnostic};
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
                Diagnostic::error(
                    site_file,
                    format!("the sector key `{}` is used twice", s.key),
                )
                .at(span.clone())
                .field("sectors.key"),
            );
        }
    }
    if let Some(fw) = &site.handbook.foreword {
        if !p.pages.iter().any(|pg| &pg.slug == fw) {
            diags.push(
                Diagnostic::error(
                    site_file,
                    format!("the handbook foreword page `{fw}` does not exist"),
                )
                .at(extras.foreword_span.clone())
                .field("handbook.foreword")
                .hint(format!(
                    "create content/pages/{fw}.md, or name an existing page"
                )),
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
                Diagnostic::error(
                    "content/data/districts.toml",
                    format!("the district `{}` is listed twice", d.slug),
                )
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
                Diagnostic::error(
                    &origin.file,
                    format!("the industrial park `{}` is listed twice", park.slug),
                )
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
                        Diagnostic::warning(
                            &o.file,
                            format!(
                                "{} is in district `{}`, but this enterprise says `{}`",
                                pk.name.vi, pk.district, e.district
                            ),
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
                Diagnostic::error(&o.file, format!("the tax code {} is already used by {}", e.tax_code, first.file.display()))
                    .at(o.span("tax_code"))
                    .field("tax_code")
                    .hint("each enterprise (or branch) has its own tax code; if this is a branch, add its number: 0100233488-001"),
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
                diags.push(
                    Diagnostic::error(
                        format!("content/{f}"),
                        format!(
                            "this page has the same address {url} as content/{}",
                            files[0]
                        ),
                    )
                    .hint("rename one of the files"),
                );
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
                        Diagnostic::warning(
                            &o.file,
                            format!(
                                "{} lists `{}`, but {} does not list `{}` in `{}`",
                                field,
                                target,
                                other.origin.file.display(),
                                pol.slug,
                                inverse
                            ),
                        )
                        .at(o.span(field))
                        .field(field)
                        .hint(format!(
                            "add `{inverse} = [\"{}\"]` to {}",
                            pol.slug,
                            other.origin.file.display()
                        )),
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
    let d = Diagnostic::error(
        file,
        format!("`{value}` is not a known {}", field.replace('_', " ")),
    )
    .at(span)
    .field(field);
    match did_you_mean(value, known.clone()) {
        Some(s) => d.hint(format!("did you mean `{s}`? (the list is in {source})")),
        None => {
            let mut all: Vec<&str> = known.collect();
            all.sort_unstable();
            let shown = if all.len() > 12 {
                format!("{}, …", all[..12].join(", "))
            } else {
                all.join(", ")
            };
            d.hint(format!("known values ({source}): {shown}"))
        }
    }
}
