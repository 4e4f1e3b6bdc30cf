//! Links and images in every Markdown body, and the addresses in raw HTML when it is allowed:
//! resolved by the model exactly as the website and the handbook resolve them, so `cnht check`
//! accepts every address the site writes and refuses what the URL policy refuses.

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown;
use crate::model::links::{Link, LinkError};
use crate::model::{urls, Model, Origin, Section};
use crate::text::slugify;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

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
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) {
    for (origin, body) in bodies {
        for link in markdown::links(body) {
            let span = origin.body_offset + link.span.start..origin.body_offset + link.span.end;
            if let Some(d) = link_problem(model, files, origin, &link.dest, span) {
                diags.push(d);
            }
        }
        if allow_raw_html {
            raw_html(origin, body, diags);
        }
    }
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
            (!path.is_empty() && !model.root().join(dir).join(path).exists()).then(|| {
                Diagnostic::error(file, format!("the file {path} does not exist next to this page"))
                    .at(span)
                    .hint("put it in the page's folder, or link with @/<folder>/<file>.md")
            })
        }
        Ok(_) => None,
        Err(LinkError::Unsafe(reason)) => Some(
            Diagnostic::error(file, format!("the link {} is refused: {reason}", dest.trim()))
                .at(span)
                .field("body")
                .hint("link to web pages with https://…, to pages of this site with @/<folder>/<file>.md"),
        ),
        Err(LinkError::NoContent(target)) => match files.get(&target) {
            Some(Presence::Draft) => Some(
                Diagnostic::error(file, format!("the link points to content/{target}, which is a draft and will not be published"))
                    .at(span)
                    .hint("publish that page (remove `draft = true`) or remove the link"),
            ),
            Some(Presence::Scheduled(date)) => Some(
                Diagnostic::error(file, format!("the link points to content/{target}, which is published only on {date}"))
                    .at(span)
                    .hint("add the link on that day, or publish the news now"),
            ),
            Some(Presence::Unparsed | Presence::Published) => None,
            None => {
                let d = Diagnostic::error(file, format!("the link points to content/{target}, which does not exist")).at(span);
                Some(match did_you_mean(&target, files.keys().map(String::as_str)) {
                    Some(s) => d.hint(format!("did you mean @/{s}?")),
                    None => d.hint("internal links are written @/<folder>/<file>.md, e.g. @/enterprises/minh-phat.md"),
                })
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
            let d = Diagnostic::error(
                file,
                format!("the link {shown} leads to a page that does not exist on this site"),
            )
            .at(span);
            let known = model.known_addresses().iter().map(String::as_str);
            Some(match did_you_mean(&normal, known) {
                Some(s) => d.hint(format!("did you mean {s}?")),
                None => d.hint("for pages of this site prefer @/<folder>/<file>.md links, which are checked and follow renames"),
            })
        }
    }
}

/// The slug a content file's page has (`enterprises/x.md`, `enterprises/x/index.md` → `x`).
fn slug_of(path: &str) -> &str {
    let path = path.trim_end_matches("/index.md").trim_end_matches(".md");
    path.rsplit('/').next().unwrap_or(path)
}

/// Every address in the body's raw HTML that the URL policy refuses.
fn raw_html(origin: &Origin, body: &str, diags: &mut Vec<Diagnostic>) {
    for (html, span) in markdown::raw_html(body) {
        for (url, reason) in crate::raw_html::unsafe_urls(&html) {
            let span = origin.body_offset + span.start..origin.body_offset + span.end;
            diags.push(
                Diagnostic::error(
                    &origin.file,
                    format!(
                        "the HTML attribute {}=\"{}\" of <{}> is refused: {reason}",
                        url.attribute,
                        url.value.trim(),
                        url.element
                    ),
                )
                .at(span)
                .field("body")
                .hint("raw HTML passes the same URL rule as Markdown links; the website removes what it refuses"),
            );
        }
    }
}
