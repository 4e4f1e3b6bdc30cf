//! Links and images in every Markdown body, and the addresses in raw HTML when it is allowed:
//! resolved by the model exactly as the website and the handbook resolve them, so `cnht check`
//! accepts every address the site writes and refuses what the URL policy refuses.

use super::super::bodies::Scans;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown;
use crate::messages::links as say;
use crate::model::links::{Link, LinkError};
use crate::model::{urls, Model, Origin, Section};
use crate::text::slugify;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path};

/// A body to check: where it comes from and its Markdown.
pub(crate) type Body<'a> = (&'a Origin, &'a str);

/// Whether the site publishes the record of a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Published: a page of the site.
    Published,
    /// A draft (`draft = true`), built only with `--drafts`.
    Draft,
    /// News dated after today, published on its date.
    Scheduled(NaiveDate),
    /// The file did not make a record; its own errors are reported.
    Unparsed,
}

/// Every content file (path under `content/`) and whether it is published.
type Files = HashMap<String, Presence>;

/// Checks the links of `bodies` against `model`.
pub(crate) fn check<'a>(
    model: &Model,
    files: &Files,
    bodies: impl Iterator<Item = Body<'a>>,
    scans: &Scans,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) {
    // Bodies in parallel; findings in the bodies' order.
    use rayon::prelude::*;
    let bodies: Vec<Body<'a>> = bodies.collect();
    let found: Vec<Vec<Diagnostic>> = bodies
        .par_iter()
        .map(|(origin, body)| {
            // Every body was scanned when it was loaded; one that was not is read here.
            let own;
            let scan = match scans.of(origin) {
                Some(scan) => scan,
                None => {
                    own = markdown::scan(body, allow_raw_html);
                    &own
                }
            };
            let mut found = Vec::new();
            for link in &scan.links {
                let span = origin.file_span(link.span.clone());
                found.extend(link_problem(model, files, origin, &link.dest, span));
            }
            if allow_raw_html {
                raw_html(origin, &scan.html, &mut found);
            }
            found
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// The problem with one link or image destination, if any.
fn link_problem(
    model: &Model,
    files: &Files,
    origin: &Origin,
    dest: &str,
    span: Range<usize>,
) -> Option<Diagnostic> {
    let file = &origin.file;
    match model.resolve(dest) {
        Ok(Link::Relative) => {
            // A file next to the page (a bundle's image).
            let path = dest.split(['#', '?']).next().unwrap_or("");
            let dir = file.parent().unwrap_or(Path::new(""));
            (!path.is_empty() && !model.root().join(dir).join(path).exists())
                .then(|| Diagnostic::said(file, say::no_file_here(path)).at(span))
        }
        Ok(_) => None,
        Err(LinkError::Unsafe(reason)) => Some(
            Diagnostic::said(file, say::link_refused(dest.trim(), reason.said()))
                .at(span)
                .field("body"),
        ),
        Err(LinkError::NoContent(target)) => match files.get(&target) {
            Some(Presence::Draft) => {
                Some(Diagnostic::said(file, say::link_to_draft(&target)).at(span))
            }
            Some(Presence::Scheduled(date)) => Some(
                Diagnostic::said(file, say::link_to_later(&target, &date.to_string())).at(span),
            ),
            Some(Presence::Unparsed | Presence::Published) => None,
            None => {
                let said = if leaves_content(&target) {
                    say::link_leaves_content(&target)
                } else if model.root().join("content").join(&target).is_dir() {
                    let folder = model.root().join("content").join(&target);
                    let top = target.trim_end_matches('/');
                    let listing = Section::ALL
                        .iter()
                        .find(|s| s.folder() == top)
                        .and_then(|s| urls::section_listing(*s));
                    let kind = match listing {
                        Some(list) => say::FolderLink::Section(list),
                        None if folder.join("index.md").is_file() => say::FolderLink::Bundle,
                        None => say::FolderLink::Other,
                    };
                    say::link_to_folder(&target, kind)
                } else {
                    let near = did_you_mean(&target, files.keys().map(String::as_str));
                    say::link_to_nothing(&target, near)
                };
                Some(Diagnostic::said(file, said).at(span))
            }
        },
        Err(LinkError::NoAddress(normal)) => {
            // The page of a file that did not make a record: its own errors are reported.
            let of_unparsed = files.iter().any(|(path, presence)| {
                *presence == Presence::Unparsed
                    && Section::ALL.iter().any(|s| {
                        path.starts_with(&format!("{}/", s.folder()))
                            && urls::record(*s, &slugify(slug_of(path))) == normal
                    })
            });
            if of_unparsed {
                return None;
            }
            let shown = dest.split(['#', '?']).next().unwrap_or(dest);
            let known = model.known_addresses().iter().map(String::as_str);
            let near = did_you_mean(&normal, known);
            Some(Diagnostic::said(file, say::no_such_page(shown, near)).at(span))
        }
    }
}

/// Whether a path from `content/` climbs out of it (`../themes/`, `pages/../../x`) or is
/// absolute.
fn leaves_content(target: &str) -> bool {
    let mut depth = 0usize;
    Path::new(target).components().any(|c| match c {
        Component::Normal(_) => {
            depth += 1;
            false
        }
        Component::CurDir => false,
        Component::ParentDir => match depth.checked_sub(1) {
            Some(d) => {
                depth = d;
                false
            }
            None => true,
        },
        Component::RootDir | Component::Prefix(_) => true,
    })
}

/// The slug a content file's page has (`enterprises/x.md`, `enterprises/x/index.md` → `x`).
fn slug_of(path: &str) -> &str {
    let path = path.trim_end_matches("/index.md").trim_end_matches(".md");
    path.rsplit('/').next().unwrap_or(path)
}

/// Every address in the body's raw HTML that the URL policy refuses.
fn raw_html(origin: &Origin, html: &[(String, Range<usize>)], diags: &mut Vec<Diagnostic>) {
    for (html, span) in html {
        for (url, reason) in crate::raw_html::unsafe_urls(html) {
            let span = origin.file_span(span.clone());
            diags.push(
                Diagnostic::said(
                    &origin.file,
                    say::html_refused(
                        &url.attribute,
                        url.value.trim(),
                        &url.element,
                        reason.said(),
                    ),
                )
                .at(span)
                .field("body"),
            );
        }
    }
}
