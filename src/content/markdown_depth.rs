//! The check that no Markdown body nests deeper than the renderers can take (`crate::nesting`).

use super::Parsed;
use crate::diagnostics::Diagnostic;
use crate::model::Origin;
use crate::nesting::{too_deep, Nesting};

/// Reports every body whose block quotes and lists, inline spans or raw HTML nest past their
/// limit, at the element that first goes past it.
pub(super) fn check_markdown_depth(p: &Parsed, diags: &mut Vec<Diagnostic>) {
    let raw_html = p.site.as_ref().is_some_and(|(_, x)| x.allow_raw_html);
    let bodies = p
        .enterprises
        .iter()
        .map(|e| (&e.origin, &e.body))
        .chain(p.policies.iter().map(|x| (&x.origin, &x.body)))
        .chain(p.articles.iter().map(|x| (&x.origin, &x.body)))
        .chain(p.pages.iter().map(|x| (&x.origin, &x.body)));
    for (origin, body) in bodies {
        diags.extend(body_depth(origin, body, raw_html));
    }
}

/// The findings for one body.
fn body_depth(origin: &Origin, body: &str, raw_html: bool) -> Vec<Diagnostic> {
    too_deep(body, crate::markdown::options(), raw_html)
        .into_iter()
        .map(|f| {
            let at = origin.body_offset + f.span.start;
            let hint = match f.nesting {
                Nesting::Blocks => "the handbook cannot typeset deeper levels; use headings or separate paragraphs instead of more levels of quotes and lists",
                Nesting::Inlines => "the handbook cannot typeset deeper levels; mark the text once (*emphasis* or **strong**) instead of inside one another",
                Nesting::Html => "browsers and the HTML cleaner stop at deep nesting; write the structure in Markdown or with fewer nested elements",
            };
            Diagnostic::error(
                &origin.file,
                format!(
                    "{} are nested {} deep here; at most {} levels are allowed",
                    f.nesting.what(),
                    f.depth,
                    f.nesting.limit()
                ),
            )
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
    fn deep_quotes_are_reported_at_their_line() {
        let origin = Origin {
            file: PathBuf::from("content/enterprises/sau.md"),
            body_offset: 40,
            ..Default::default()
        };
        let body = format!("Mở đầu.\n\n{} x\n", ">".repeat(5000));
        let d = body_depth(&origin, &body, false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, PathBuf::from("content/enterprises/sau.md"));
        assert_eq!(
            d[0].message,
            "block quotes and lists are nested 5000 deep here; at most 16 levels are allowed"
        );
        let start = d[0].span.clone().unwrap().start;
        assert_eq!(start, 40 + "Mở đầu.\n\n".len() + 16);
        assert!(body_depth(&origin, "> a\n> > b\n", true).is_empty());
    }
}
