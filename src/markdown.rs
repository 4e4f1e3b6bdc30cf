//! Markdown bodies: HTML for the website, the links they contain (for checking), and plain text.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown dialect of the site (and of `check`).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A link or image destination found in a body, with its byte range in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    /// The destination as written (`@/enterprises/x.md`, `/chinh-sach/`, `https://…`).
    pub dest: String,
    /// Byte range of the whole link in the body.
    pub span: Range<usize>,
    /// True for an image.
    pub image: bool,
}

/// Every link and image destination in `body`.
pub fn links(body: &str) -> Vec<LinkRef> {
    let mut out = Vec::new();
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => out.push(LinkRef {
                dest: dest_url.to_string(),
                span,
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => out.push(LinkRef {
                dest: dest_url.to_string(),
                span,
                image: true,
            }),
            _ => {}
        }
    }
    out
}

/// Renders `body` to HTML. `resolve` maps internal destinations (`@/…`) to URLs; raw HTML in the
/// Markdown is shown as text unless `allow_html` is set, so an editor cannot break the page.
pub fn to_html(body: &str, allow_html: bool, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let parser = Parser::new_ext(body, options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url, resolve),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url, resolve),
            title,
            id,
        }),
        Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
        other => other,
    });
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

fn rewrite<'a>(dest: CowStr<'a>, resolve: &dyn Fn(&str) -> Option<String>) -> CowStr<'a> {
    if dest.starts_with("@/") {
        match resolve(&dest) {
            Some(url) => CowStr::from(url),
            None => dest,
        }
    } else {
        dest
    }
}

/// The text of `body` without markup, paragraphs separated by blank lines.
pub fn plain_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push_str("\n\n")
            }
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// The first paragraph of `body` as plain text, cut at a word boundary near `max` characters.
pub fn excerpt(body: &str, max: usize) -> String {
    let text = plain_text(body);
    let first = text.split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= max {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_by_default() {
        let html = to_html("Xin chào <script>alert(1)</script>", false, &|_| None);
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn internal_links_are_rewritten_and_found() {
        let body = "Xem [Minh Phát](@/enterprises/minh-phat.md) và ![logo](anh.png).";
        let found = links(body);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].dest, "@/enterprises/minh-phat.md");
        assert_eq!(
            &body[found[0].span.clone()],
            "[Minh Phát](@/enterprises/minh-phat.md)"
        );
        let html = to_html(body, false, &|d| {
            (d == "@/enterprises/minh-phat.md").then(|| "/doanh-nghiep/minh-phat/".to_owned())
        });
        assert!(html.contains("href=\"/doanh-nghiep/minh-phat/\""), "{html}");
    }

    #[test]
    fn excerpt_cuts_at_words() {
        let e = excerpt("Một hai ba bốn năm sáu bảy tám chín mười.\n\nĐoạn hai.", 20);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= 21);
        assert_eq!(excerpt("Ngắn.\n\nHai.", 50), "Ngắn.");
    }
}
