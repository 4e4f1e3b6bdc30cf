//! The check that every Markdown body keeps to the limits the renderers need
//! (`crate::body_limits`): nesting depth and paragraph length.

use super::Parsed;
use crate::body_limits::{past_limits, Limit};
use crate::diagnostics::Diagnostic;
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
    for (origin, body) in bodies.chain(english) {
        diags.extend(body_limits(origin, body, raw_html));
    }
}

/// The findings for one body.
fn body_limits(origin: &Origin, body: &str, raw_html: bool) -> Vec<Diagnostic> {
    past_limits(body, crate::markdown::options(), raw_html)
        .into_iter()
        .map(|f| {
            let at = origin.body_offset + f.span.start;
            let (message, hint) = match f.limit {
                Limit::Blocks => (
                    format!("block quotes and lists are nested {} deep here; at most {} levels are allowed", f.found, f.limit.max()),
                    "the handbook cannot typeset deeper levels; use headings or separate paragraphs instead of more levels of quotes and lists",
                ),
                Limit::Inlines => (
                    format!("emphasis, links and strikethrough are nested {} deep here; at most {} levels are allowed", f.found, f.limit.max()),
                    "the handbook cannot typeset deeper levels; mark the text once (*emphasis* or **strong**) instead of inside one another",
                ),
                Limit::Html => (
                    format!("raw HTML elements are nested {} deep here; at most {} levels are allowed", f.found, f.limit.max()),
                    "browsers and the HTML cleaner stop at deep nesting; write the structure in Markdown or with fewer nested elements",
                ),
                Limit::Paragraph => (
                    format!("this paragraph has {} characters; at most {} are allowed in one paragraph", f.found, f.limit.max()),
                    "split it into shorter paragraphs with a blank line between them; the handbook takes minutes to typeset one this long",
                ),
            };
            Diagnostic::error(&origin.file, message)
                .at(at..at + 1)
                .field("body")
                .hint(hint)
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
