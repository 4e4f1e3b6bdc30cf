//! The check that every Markdown body keeps to the limits the renderers need
//! (`crate::body_limits`): nesting depth and paragraph length.

use super::Parsed;
use crate::body_limits::{past_limits, Limit};
use crate::diagnostics::Diagnostic;
use crate::messages::content::{past_limit, PastLimit};
use crate::model::Origin;

/// Reports every body whose block quotes and lists, inline spans or raw HTML nest past their
/// limit, or whose paragraph is too long, at the element that first goes past it.
pub(super) fn check_markdown_limits(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let raw_html = p.site.as_ref().is_some_and(|(_, x)| x.allow_raw_html);
    let bodies = p
        .enterprises
        .iter()
        .map(|e| (&e.origin, &e.body.markdown))
        .chain(p.policies.iter().map(|x| (&x.origin, &x.body.markdown)))
        .chain(p.articles.iter().map(|x| (&x.origin, &x.body)))
        .chain(p.pages.iter().map(|x| (&x.origin, &x.body.markdown)));
    let english = p
        .enterprises
        .iter()
        .filter_map(|e| e.body.english.as_ref())
        .chain(p.policies.iter().filter_map(|x| x.body.english.as_ref()))
        .chain(p.articles.iter().filter_map(|x| x.english.as_ref()))
        .chain(p.pages.iter().filter_map(|x| x.body.english.as_ref()))
        .map(|en| (&en.origin, &en.markdown));
    // Bodies in parallel (130 MB of them at 10,000 enterprises); findings in the bodies' order.
    use rayon::prelude::*;
    let bodies: Vec<(&Origin, &String)> = bodies.chain(english).collect();
    let found: Vec<Vec<Diagnostic>> = bodies
        .par_iter()
        .map(|(origin, body)| body_limits(origin, body, raw_html))
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// The findings for one body.
fn body_limits(origin: &Origin, body: &str, raw_html: bool) -> Vec<Diagnostic> {
    past_limits(body, crate::markdown::options(), raw_html)
        .into_iter()
        .map(|f| {
            let at = origin.file_span(f.span.start..f.span.start).start;
            let limit = match f.limit {
                Limit::Blocks => PastLimit::Blocks,
                Limit::Inlines => PastLimit::Inlines,
                Limit::Html => PastLimit::Html,
                Limit::Paragraph => PastLimit::Paragraph,
            };
            Diagnostic::said(&origin.file, past_limit(limit, f.found, f.limit.max()))
                .at(at..at + 1)
                .field("body")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn deep_quotes_and_long_paragraphs_are_reported_at_their_line() {
        let origin = Origin {
            file: PathBuf::from("content/enterprises/sau.md"),
            body_offset: 40,
            ..Default::default()
        };
        let body = format!("Mở đầu.\n\n{} x\n", ">".repeat(5000));
        let d = body_limits(&origin, &body, false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, PathBuf::from("content/enterprises/sau.md"));
        assert_eq!(
            d[0].message,
            "block quotes and lists are nested 5000 deep here; at most 16 levels are allowed"
        );
        let start = d[0].span.clone().unwrap().start;
        assert_eq!(start, 40 + "Mở đầu.\n\n".len() + 16);
        assert!(body_limits(&origin, "> a\n> > b\n", true).is_empty());

        let body = format!("Mở đầu.\n\n{}\n", "x".repeat(200_000));
        let d = body_limits(&origin, &body, false);
        assert_eq!(
            d[0].message,
            "this paragraph has 200000 characters; at most 50000 are allowed in one paragraph"
        );
        assert_eq!(d[0].span.clone().unwrap().start, 40 + "Mở đầu.\n\n".len());
    }
}
