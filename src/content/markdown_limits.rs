//! The check that every Markdown body keeps to the limits the renderers need
//! (`crate::body_limits`): nesting depth and paragraph length.

use super::bodies::Scans;
use super::Parsed;
use crate::body_limits::{Limit, PastLimit as Found};
use crate::diagnostics::Diagnostic;
use crate::messages::content::{past_limit, PastLimit};
use crate::model::Origin;

/// Reports every body whose block quotes and lists, inline spans or raw HTML nest past their
/// limit, or whose paragraph is too long, at the element that first goes past it.
pub(super) fn check_markdown_limits(p: &Parsed, scans: &Scans, diags: &mut Vec<Diagnostic>) {
    for (origin, _) in super::bodies::all_bodies(p) {
        if let Some(scan) = scans.of(origin) {
            diags.extend(body_limits(origin, &scan.limits));
        }
    }
}

/// The findings for one body.
fn body_limits(origin: &Origin, found: &[Found]) -> Vec<Diagnostic> {
    found
        .iter()
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
        let d = body_limits(&origin, &crate::markdown::scan(&body, false).limits);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, PathBuf::from("content/enterprises/sau.md"));
        assert_eq!(
            d[0].message,
            "block quotes and lists are nested 5000 deep here; at most 16 levels are allowed"
        );
        let start = d[0].span.clone().unwrap().start;
        assert_eq!(start, 40 + "Mở đầu.\n\n".len() + 16);
        assert!(
            body_limits(&origin, &crate::markdown::scan("> a\n> > b\n", true).limits).is_empty()
        );

        let body = format!("Mở đầu.\n\n{}\n", "x".repeat(200_000));
        let d = body_limits(&origin, &crate::markdown::scan(&body, false).limits);
        assert_eq!(
            d[0].message,
            "this paragraph has 200000 characters; at most 50000 are allowed in one paragraph"
        );
        assert_eq!(d[0].span.clone().unwrap().start, 40 + "Mở đầu.\n\n".len());
    }
}
