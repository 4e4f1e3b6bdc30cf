//! Checks across files: references between records, duplicates, and links in Markdown bodies.

use super::{LoadOptions, Parsed};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown;
use crate::model::Origin;
use crate::routes;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// Runs every cross-file check, appending findings to `diags`.
pub(crate) fn check(p: &Parsed, opts: &LoadOptions, diags: &mut Vec<Diagnostic>) {
    let site_file = Path::new("content/site.toml");
    let districts: HashSet<&str> = p.districts.iter().map(|(d, _)| d.slug.as_str()).collect();
    let parks: HashMap<&str, &crate::model::IndustrialPark> =
        p.parks.iter().map(|(x, _)| (x.slug.as_str(), x)).collect();
    let sectors: Vec<&str> = p
        .site
        .as_ref()
        .map(|(s, _)| s.sectors.iter().map(|x| x.key.as_str()).collect())
        .unwrap_or_default();

    // Duplicates in the data files.
    if let Some((site, extras)) = &p.site {
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

    // Enterprises: references and duplicates.
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
                                pk.name, pk.district, e.district
                            ),
                        )
                        .at(o.span("district"))
                        .field("district"),
                    )
                }
                _ => {}
            }
        }
        let key = e.tax_code.as_str();
        if let Some(first) = tax_codes.insert(key, o) {
            diags.push(
                Diagnostic::error(&o.file, format!("the tax code {} is already used by {}", e.tax_code, first.file.display()))
                    .at(o.span("tax_code"))
                    .field("tax_code")
                    .hint("each enterprise (or branch) has its own tax code; if this is a branch, add its number: 0100233488-001"),
            );
        }
    }

    // Duplicate slugs within a section (x.md and x/index.md, or names that fold to the same slug).
    let mut by_url: HashMap<String, Vec<&str>> = HashMap::new();
    for (path, (kind, slug, _)) in &p.files {
        by_url
            .entry(super::url_of(*kind, slug))
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

    // Policies: relations must name existing documents and agree with each other.
    let policy_slugs: HashSet<&str> = p.policies.iter().map(|x| x.slug.as_str()).collect();
    let by_slug: HashMap<&str, &crate::model::Policy> =
        p.policies.iter().map(|x| (x.slug.as_str(), x)).collect();
    for pol in &p.policies {
        let o = &pol.origin;
        for (field, list, inverse) in [
            ("amends", &pol.amends, "amended_by"),
            ("amended_by", &pol.amended_by, "amends"),
            ("replaces", &pol.replaces, "replaced_by"),
            ("replaced_by", &pol.replaced_by, "replaces"),
        ] {
            for target in list {
                match by_slug.get(target.as_str()) {
                    None => diags.push(unknown(
                        &o.file,
                        o.span(field),
                        field,
                        target,
                        policy_slugs.iter().copied(),
                        "content/policies/",
                    )),
                    Some(other) => {
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
    }
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

    check_links(p, opts, diags);
    super::markdown_limits::check_markdown_limits(p, diags);
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

/// Every site-relative address the site will have, for checking links written as `/…/`.
fn known_paths(p: &Parsed, opts: &LoadOptions) -> HashSet<String> {
    let mut paths: HashSet<String> = [
        "/",
        routes::ENTERPRISES,
        routes::POLICIES,
        routes::MARKET,
        routes::NEWS,
        routes::SECTORS,
        routes::DISTRICTS,
        routes::CERTIFICATIONS,
        routes::PARKS,
        routes::PROGRAMS,
        routes::HANDBOOK,
        routes::STATS,
        crate::site::opendata::ENTERPRISES_CSV,
        crate::site::opendata::ENTERPRISES_JSON,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for (kind, slug, draft) in p.files.values() {
        if opts.drafts || !draft {
            paths.insert(super::url_of(*kind, slug));
        }
    }
    if let Some((site, _)) = &p.site {
        paths.extend(site.sectors.iter().map(|s| routes::sector(&s.key)));
    }
    paths.extend(p.districts.iter().map(|(d, _)| routes::district(&d.slug)));
    paths.extend(p.parks.iter().map(|(x, _)| routes::park(&x.slug)));
    paths.extend(p.programs.iter().map(|x| routes::program(x.year)));
    for e in &p.enterprises {
        for c in &e.certifications {
            paths.insert(routes::certification(&crate::text::slugify(c)));
        }
    }
    paths
}

fn check_links(p: &Parsed, opts: &LoadOptions, diags: &mut Vec<Diagnostic>) {
    let paths = known_paths(p, opts);
    let bodies = p
        .enterprises
        .iter()
        .map(|e| (&e.origin, &e.body))
        .chain(p.policies.iter().map(|x| (&x.origin, &x.body)))
        .chain(p.articles.iter().map(|x| (&x.origin, &x.body)))
        .chain(p.pages.iter().map(|x| (&x.origin, &x.body)));
    for (origin, body) in bodies {
        let dir = origin.file.parent().unwrap_or(Path::new(""));
        for link in markdown::links(body) {
            let span = origin.body_offset + link.span.start..origin.body_offset + link.span.end;
            let dest = link.dest.split(['#', '?']).next().unwrap_or("");
            if let Some(target) = dest.strip_prefix("@/") {
                match p.files.get(target) {
                    None => {
                        let d = Diagnostic::error(&origin.file, format!("the link points to content/{target}, which does not exist")).at(span);
                        let d = match did_you_mean(target, p.files.keys().map(String::as_str)) {
                            Some(s) => d.hint(format!("did you mean @/{s}?")),
                            None => d.hint("internal links are written @/<folder>/<file>.md, e.g. @/enterprises/minh-phat.md"),
                        };
                        diags.push(d);
                    }
                    Some((_, _, true)) if !opts.drafts => diags.push(
                        Diagnostic::error(&origin.file, format!("the link points to content/{target}, which is a draft and will not be published"))
                            .at(span)
                            .hint("publish that page (remove `draft = true`) or remove the link"),
                    ),
                    _ => {}
                }
            } else if dest.starts_with('/') && !dest.starts_with("//") {
                let normal = if dest.ends_with('/') || Path::new(dest).extension().is_some() {
                    dest.to_owned()
                } else {
                    format!("{dest}/")
                };
                let static_file =
                    normal.starts_with("/static/") || normal.starts_with(routes::HANDBOOK);
                if !static_file && !paths.contains(&normal) {
                    let d = Diagnostic::error(
                        &origin.file,
                        format!("the link {dest} leads to a page that does not exist on this site"),
                    )
                    .at(span);
                    let d = match did_you_mean(&normal, paths.iter().map(String::as_str)) {
                        Some(s) => d.hint(format!("did you mean {s}?")),
                        None => d.hint("for pages of this site prefer @/<folder>/<file>.md links, which are checked and follow renames"),
                    };
                    diags.push(d);
                }
            } else if !dest.is_empty() && !dest.contains(':') && !dest.starts_with("//") {
                // A relative file next to the page (bundle asset).
                if !p.root.join(dir).join(dest).exists() {
                    diags.push(
                        Diagnostic::error(
                            &origin.file,
                            format!("the file {dest} does not exist next to this page"),
                        )
                        .at(span)
                        .hint("put it in the page's folder, or link with @/<folder>/<file>.md"),
                    );
                }
            }
        }
    }
}
