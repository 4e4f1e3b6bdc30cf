//! The limits of a Markdown body, measured once for `check` and for the renderers: how deeply it
//! nests, and how long one paragraph may be.
//!
//! Typst stops at fixed depths (80 nested function calls, 72 nested layouts, 64 show rules, 128
//! levels of JSON), and every walk over a body's tree in Rust recurses once per level. A body
//! within these limits typesets; `check` reports a body past one with its file and line, and the
//! handbook's block tree flattens anything deeper, so no body can exhaust a stack whichever way it
//! arrives. Typst's time to break one paragraph into lines grows faster than its length (a
//! 200,000-character word took 80 s, forty times a 50,000-character one), so a paragraph is kept
//! short enough that the time stays about proportional to the size of the content.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Block quotes, lists and footnote definitions inside one another.
pub const MAX_BLOCK_DEPTH: usize = 16;
/// Emphasis, strong emphasis, strikethrough, links and images inside one another.
pub const MAX_INLINE_DEPTH: usize = 8;
/// Raw HTML elements inside one another, when the site publishes raw HTML.
pub const MAX_HTML_DEPTH: usize = 64;
/// Characters in one paragraph, heading, table cell or HTML block.
pub const MAX_PARAGRAPH_CHARS: usize = 50_000;

/// What a limit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Block quotes, lists and footnote definitions nested.
    Blocks,
    /// Emphasis, strong emphasis, strikethrough, links and images nested.
    Inlines,
    /// Raw HTML elements nested.
    Html,
    /// The length of one paragraph (or heading, table cell, HTML block), in characters.
    Paragraph,
}

impl Limit {
    /// The largest value allowed.
    pub fn max(self) -> usize {
        match self {
            Limit::Blocks => MAX_BLOCK_DEPTH,
            Limit::Inlines => MAX_INLINE_DEPTH,
            Limit::Html => MAX_HTML_DEPTH,
            Limit::Paragraph => MAX_PARAGRAPH_CHARS,
        }
    }

    /// What the limit counts, in the words of an editor.
    pub fn what(self) -> &'static str {
        match self {
            Limit::Blocks => "block quotes and lists",
            Limit::Inlines => "emphasis, links and strikethrough",
            Limit::Html => "raw HTML elements",
            Limit::Paragraph => "characters in one paragraph",
        }
    }
}

/// A body past a limit: where it first is, and the largest value found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastLimit {
    /// Which limit.
    pub limit: Limit,
    /// The deepest level, or the longest paragraph, of the body.
    pub found: usize,
    /// Byte range in the body of the element that first goes past the limit.
    pub span: Range<usize>,
}

/// True for the tags that open one level of block nesting (the handbook's block tree and this
/// check count the same ones).
pub fn is_block_level(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::DefinitionList
    )
}

/// True for the tags that open one level of inline nesting.
pub fn is_inline_level(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// True for the tags whose text Typst sets as one paragraph (a tight list item's text has no
/// paragraph of its own).
fn is_text_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::HtmlBlock | Tag::Item
    )
}

fn ends_text_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::HtmlBlock
            | TagEnd::Item
    )
}

/// Every limit `body` (parsed with `options`) goes past, at most one finding per limit. Raw HTML
/// nesting is measured only when `raw_html` is true (otherwise it is shown as text and cannot
/// nest).
pub fn past_limits(body: &str, options: Options, raw_html: bool) -> Vec<PastLimit> {
    let mut scan = LimitScan::new(raw_html);
    for (event, span) in Parser::new_ext(body, options).into_offset_iter() {
        scan.event(&event, &span);
    }
    scan.finish()
}

/// The measurement of `past_limits`, fed one parser event at a time, so that a reader that
/// parses a body for other reasons too (`markdown::scan`) measures it in the same pass.
pub struct LimitScan {
    /// Per open tag: did it open a block level, an inline level, or neither.
    open: Vec<Option<Limit>>,
    depth: [usize; 2],
    found: [Option<PastLimit>; 3],
    /// The text blocks being read (a list item holds paragraphs): start and characters so far.
    text_blocks: Vec<(Range<usize>, usize)>,
    html: HtmlDepth,
    raw_html: bool,
}

impl LimitScan {
    /// A scan of one body; raw HTML nesting is measured only when `raw_html` is true.
    pub fn new(raw_html: bool) -> Self {
        LimitScan {
            open: Vec::new(),
            depth: [0; 2],
            found: [None, None, None],
            text_blocks: Vec::new(),
            html: HtmlDepth::default(),
            raw_html,
        }
    }

    /// Takes the next event of the body and its byte range.
    pub fn event(&mut self, event: &Event, span: &Range<usize>) {
        let note =
            |found: &mut Option<PastLimit>, limit: Limit, value: usize, span: &Range<usize>| {
                match found {
                    Some(f) => f.found = f.found.max(value),
                    None if value > limit.max() => {
                        *found = Some(PastLimit {
                            limit,
                            found: value,
                            span: span.clone(),
                        })
                    }
                    None => {}
                }
            };
        match event {
            Event::Start(tag) => {
                if is_text_block(tag) {
                    self.text_blocks.push((span.clone(), 0));
                }
                let level = if is_block_level(tag) {
                    Some(Limit::Blocks)
                } else if is_inline_level(tag) {
                    Some(Limit::Inlines)
                } else {
                    None
                };
                self.open.push(level);
                if let Some(l) = level {
                    let i = l as usize;
                    self.depth[i] += 1;
                    note(&mut self.found[i], l, self.depth[i], span);
                }
            }
            Event::End(end) => {
                if let Some(Some(l)) = self.open.pop() {
                    self.depth[l as usize] -= 1;
                }
                if ends_text_block(end) {
                    if let Some((start, chars)) = self.text_blocks.pop() {
                        note(&mut self.found[2], Limit::Paragraph, chars, &start);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some((_, chars)) = self.text_blocks.last_mut() {
                    *chars += t.chars().count();
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if let Some((_, chars)) = self.text_blocks.last_mut() {
                    *chars += t.chars().count();
                }
                if self.raw_html {
                    self.html.feed(t, span.clone());
                }
            }
            _ => {}
        }
    }

    /// Every limit the body went past, at most one finding per limit.
    pub fn finish(self) -> Vec<PastLimit> {
        let mut out: Vec<PastLimit> = self.found.into_iter().flatten().collect();
        out.extend(self.html.finish());
        out
    }
}

/// HTML elements that never have an end tag.
const VOID_ELEMENTS: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A small tag scanner measuring how deeply raw HTML nests, across the pieces of HTML a body
/// holds (a tag may continue on the next line of an HTML block).
#[derive(Default)]
struct HtmlDepth {
    /// Names of the open elements.
    open: Vec<String>,
    /// Inside `<…>`: the tag's text so far.
    tag: Option<String>,
    /// Inside `<!-- … -->`.
    comment: bool,
    /// Where the tag being read started.
    tag_span: Range<usize>,
    found: Option<PastLimit>,
}

impl HtmlDepth {
    fn feed(&mut self, text: &str, span: Range<usize>) {
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            if self.comment {
                match rest.find("-->") {
                    Some(j) => {
                        self.comment = false;
                        i += j + 3;
                    }
                    None => return,
                }
            } else if let Some(tag) = &mut self.tag {
                match rest.find('>') {
                    Some(j) => {
                        tag.push_str(&rest[..j]);
                        let tag = self.tag.take().unwrap_or_default();
                        self.tag_done(&tag);
                        i += j + 1;
                    }
                    None => {
                        tag.push_str(rest);
                        return;
                    }
                }
            } else {
                match rest.find('<') {
                    Some(j) => {
                        // The event's text may be shorter than its span (indentation removed).
                        let at = (span.start + i + j).min(span.end.saturating_sub(1));
                        i += j + 1;
                        if text[i..].starts_with("!--") {
                            self.comment = true;
                            i += 3;
                        } else {
                            self.tag = Some(String::new());
                            self.tag_span = at..at + 1;
                        }
                    }
                    None => return,
                }
            }
        }
    }

    fn tag_done(&mut self, tag: &str) {
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return; // `<!DOCTYPE>`, `<?…?>`, `< 3`: not an element
        }
        if closing {
            if let Some(i) = self.open.iter().rposition(|n| *n == name) {
                self.open.truncate(i);
            }
        } else if !tag.trim_end().ends_with('/') && !VOID_ELEMENTS.contains(&name.as_str()) {
            self.open.push(name);
            let depth = self.open.len();
            match &mut self.found {
                Some(f) => f.found = f.found.max(depth),
                None if depth > MAX_HTML_DEPTH => {
                    self.found = Some(PastLimit {
                        limit: Limit::Html,
                        found: depth,
                        span: self.tag_span.clone(),
                    })
                }
                None => {}
            }
        }
    }

    fn finish(self) -> Option<PastLimit> {
        self.found
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn opts() -> Options {
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
    }

    #[test]
    fn ordinary_bodies_are_within_the_limits() {
        let body = "> trích dẫn\n>\n> - một\n>   - hai *nghiêng **đậm [liên kết](https://x.vn)***\n\n<div><p>HTML</p></div>\n";
        assert_eq!(past_limits(body, opts(), true), []);
    }

    #[test]
    fn quotes_past_the_limit_are_found_where_they_pass_it() {
        let body = format!("Đoạn đầu.\n\n{} sâu\n", ">".repeat(5000));
        let found = past_limits(&body, opts(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!(f.limit, Limit::Blocks);
        assert_eq!(f.found, 5000);
        assert_eq!(f.span.start, "Đoạn đầu.\n\n".len() + MAX_BLOCK_DEPTH);
        // Exactly at the limit is fine.
        let at_limit = format!("{} sâu\n", ">".repeat(MAX_BLOCK_DEPTH));
        assert_eq!(past_limits(&at_limit, opts(), false), []);
    }

    #[test]
    fn lists_count_once_per_level() {
        let mut body = String::new();
        for level in 0..=MAX_BLOCK_DEPTH {
            body.push_str(&"  ".repeat(level));
            body.push_str("- mục\n");
        }
        let found = past_limits(&body, opts(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].found, MAX_BLOCK_DEPTH + 1);
        assert_eq!(
            &body[found[0].span.start..found[0].span.start + 1],
            "-",
            "points at the list that goes past"
        );
    }

    /// Emphasis, strong emphasis and strikethrough `n` deep, with one link inside.
    pub(crate) fn spans(n: usize) -> String {
        let delims = ["*", "**", "~~"];
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!("{}w{i} ", delims[i % 3]));
        }
        s.push_str("[lõi](https://x.vn)");
        for i in (0..n).rev() {
            s.push_str(&format!(" e{i}{}", delims[i % 3]));
        }
        s
    }

    #[test]
    fn deep_emphasis_and_links_are_found() {
        let at_limit = spans(MAX_INLINE_DEPTH - 1);
        assert_eq!(past_limits(&at_limit, opts(), false), []);
        let body = spans(20);
        let found = past_limits(&body, opts(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].limit, Limit::Inlines);
        assert_eq!(found[0].found, 21);
        assert_eq!(&body[found[0].span.clone()][..4], "~~w8");
    }

    #[test]
    fn long_paragraphs_are_found() {
        let long = "chữ ".repeat(MAX_PARAGRAPH_CHARS / 4 + 1);
        let body = format!("Ngắn.\n\n> - {long}\n\n| a |\n|---|\n| {long}{long} |\n");
        let found = past_limits(&body, opts(), false);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].limit, Limit::Paragraph);
        assert_eq!(found[0].found, 2 * (MAX_PARAGRAPH_CHARS + 4) - 1);
        assert!(
            body[found[0].span.start..].starts_with("- chữ"),
            "{found:?}"
        );
        let at_limit = "x".repeat(MAX_PARAGRAPH_CHARS);
        assert_eq!(past_limits(&at_limit, opts(), false), []);
        let lines = format!("{}\n", "x".repeat(100)).repeat(600);
        assert_eq!(past_limits(&lines, opts(), false)[0].found, 600 * 100);
    }

    #[test]
    fn raw_html_counts_only_when_published() {
        let body = format!(
            "<div>\n{}\n{}</div>\n",
            "<section><br><img src=x />".repeat(100),
            "</section>".repeat(100)
        );
        assert_eq!(past_limits(&body, opts(), false), []);
        let found = past_limits(&body, opts(), true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].limit, Limit::Html);
        assert_eq!(found[0].found, 101);
        // Closed elements do not add up, comments and void elements are not elements.
        let flat = "<p>a</p><!-- <div><div> --><p>b</p>".repeat(200);
        assert_eq!(past_limits(&flat, opts(), true), []);
    }
}
