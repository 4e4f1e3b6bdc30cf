//! The one Markdown dialect of the site (CommonMark with tables, strikethrough, footnotes and
//! smart punctuation), read the same way by the checks, the website and the handbook: HTML for the
//! website, the links and raw HTML a body contains (for checking), and plain text.

use crate::body_limits::{LimitScan, PastLimit};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The Markdown options every reader of a body uses: whatever the website renders, the handbook
/// renders too.
pub fn options() -> Options {
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

/// What the checks read from one body, found in one pass of the parser: its link and image
/// destinations, its raw HTML and the limits it goes past (`body_limits`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Scan {
    /// Every link and image destination (e-mail links left out).
    pub links: Vec<LinkRef>,
    /// The raw HTML (each block whole, and each inline tag), with its byte range in the body.
    pub html: Vec<(String, Range<usize>)>,
    /// The limits the body goes past; raw HTML nesting measured only when asked for.
    pub limits: Vec<PastLimit>,
}

/// Reads `body` once for everything the checks need; `raw_html` says whether the site publishes
/// raw HTML (only then does its nesting count against a limit).
pub fn scan(body: &str, raw_html: bool) -> Scan {
    let mut out = Scan::default();
    let mut limits = LimitScan::new(raw_html);
    let mut block: Option<(String, Range<usize>)> = None;
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        limits.event(&event, &span);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => out.links.push(LinkRef {
                dest: dest_url.to_string(),
                span,
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => out.links.push(LinkRef {
                dest: dest_url.to_string(),
                span,
                image: true,
            }),
            Event::Start(Tag::HtmlBlock) => block = Some((String::new(), span)),
            Event::End(TagEnd::HtmlBlock) => out.html.extend(block.take()),
            // A block comes line by line: a tag written over several lines is read whole.
            Event::Html(h) => match block.as_mut() {
                Some((text, _)) => text.push_str(&h),
                None => out.html.push((h.to_string(), span)),
            },
            Event::InlineHtml(h) => out.html.push((h.to_string(), span)),
            _ => {}
        }
    }
    out.limits = limits.finish();
    out
}

/// Renders `body` to HTML. `resolve` rewrites link and image destinations (`@/…` links, language
/// prefixes; `None` keeps the destination as written). Raw HTML in the Markdown is shown as text
/// unless `allow_html` is set; when it is, the whole body passes the HTML sanitiser, which applies
/// the URL policy and `resolve` to the raw HTML's links too.
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
    if allow_html {
        crate::raw_html::sanitize(&html, resolve)
    } else {
        html
    }
}

fn rewrite<'a>(dest: CowStr<'a>, resolve: &dyn Fn(&str) -> Option<String>) -> CowStr<'a> {
    // `cnht check` refuses these; should an unchecked body reach a page, it links nowhere.
    if crate::model::urls::classify(&dest).is_err() {
        return CowStr::from("");
    }
    match resolve(&dest) {
        Some(url) => CowStr::from(url),
        None => dest,
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

/// The first `words` words of [`plain_text`]`(body)`, as [`crate::text::lead`] would cut them,
/// without making the text of the rest: the inline markup after them is never parsed. The search
/// index takes an enterprise's opening words from 600-word profiles, in both languages, for
/// every record of a shard it keys (BENCHMARKS.md, "Stage E").
pub fn plain_text_lead(body: &str, words: usize) -> String {
    // The text so far, its whitespace-separated words, and whether it ends inside a word.
    struct Lead {
        text: String,
        count: usize,
        in_word: bool,
    }
    impl Lead {
        fn push(&mut self, piece: &str) {
            for c in piece.chars() {
                let space = c.is_whitespace();
                if !space && !self.in_word {
                    self.count += 1;
                }
                self.in_word = !space;
            }
            self.text.push_str(piece);
        }
    }
    let mut lead = Lead {
        text: String::new(),
        count: 0,
        in_word: false,
    };
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => lead.push(&t),
            Event::SoftBreak | Event::HardBreak => lead.push(" "),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => lead.push("\n\n"),
            _ => {}
        }
        // One word more than wanted has begun: the cut before it is already known.
        if lead.count > words {
            break;
        }
    }
    let text = lead.text;
    crate::text::lead(text.trim_start(), words).to_owned()
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
    fn the_lead_is_the_plain_text_cut() {
        let bodies = [
            "",
            "Một",
            "## Giới thiệu\n\nCông ty **cơ khí**chính xác, `CNC` và *đúc* áp lực.\n\n- Ốc vít\n- Bu lông\n\nĐoạn [cuối][r].\n\n[r]: https://example.com",
            "Dòng một\ndòng hai  \ndòng ba\n\n> trích dẫn dài một chút\n\n1. a\n2. b c d",
        ];
        for body in bodies {
            let full = plain_text(body);
            for n in 0..30 {
                assert_eq!(
                    plain_text_lead(body, n),
                    crate::text::lead(&full, n),
                    "{body:?} {n}"
                );
            }
        }
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let html = to_html("Xin chào <script>alert(1)</script>", false, &|_| None);
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn internal_links_are_rewritten_and_found() {
        let body = "Xem [Minh Phát](@/enterprises/minh-phat.md) và ![logo](anh.png).";
        let found = scan(body, false).links;
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
    fn raw_html_blocks_are_read_whole() {
        let body =
            "Đoạn.\n\n<div>\n<a\nhref=\"javascript:x\">y</a>\n</div>\n\nVà <b\ntitle=\"t\">z</b>.";
        let found = scan(body, false).html;
        assert_eq!(
            found[0].0,
            "<div>\n<a\nhref=\"javascript:x\">y</a>\n</div>\n"
        );
        assert!(body[found[0].1.clone()].starts_with("<div>\n<a"));
        assert_eq!(found[1].0, "<b\ntitle=\"t\">");
        let refused = crate::raw_html::unsafe_urls(&found[0].0);
        assert_eq!(refused.len(), 1, "the tag over two lines is read whole");
    }

    #[test]
    fn refused_addresses_never_reach_the_page() {
        let html = to_html(
            "[a](<JaVa\tScRiPt:alert(1)>) ![b](data:image/png;base64,AA)",
            false,
            &|_| None,
        );
        assert!(!html.to_lowercase().contains("script:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn excerpt_cuts_at_words() {
        let e = excerpt("Một hai ba bốn năm sáu bảy tám chín mười.\n\nĐoạn hai.", 20);
        assert!(e.ends_with('…'));
        assert!(e.chars().count() <= 21);
        assert_eq!(excerpt("Ngắn.\n\nHai.", 50), "Ngắn.");
    }

    #[test]
    fn one_scan_finds_links_raw_html_and_limits() {
        let body = format!(
            "Xem [Minh Phát](@/enterprises/minh-phat.md).\n\n{}\n\n<div><b>x</b></div>\n",
            ">".repeat(crate::body_limits::MAX_BLOCK_DEPTH + 1) + " sâu"
        );
        let scan = scan(&body, true);
        assert_eq!(
            scan.limits,
            crate::body_limits::past_limits(&body, options(), true)
        );
        assert_eq!(scan.links.len(), 1);
        assert_eq!(scan.links[0].dest, "@/enterprises/minh-phat.md");
        assert_eq!(scan.html.len(), 1);
        assert_eq!(scan.limits.len(), 1);
    }
}
