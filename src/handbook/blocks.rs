//! Markdown bodies as the handbook's templates read them: a small tree of blocks and inlines
//! (`handbook/markdown.typ` renders it), built from pulldown-cmark events with the site's one
//! Markdown dialect (`crate::markdown::options`), so footnotes, tables and strikethrough print as
//! the website shows them. Link destinations are resolved by the caller (`@/` links to records in
//! the book become internal labels).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashMap;

/// A block of a Markdown body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Para {
        content: Vec<Inline>,
    },
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Rule,
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

/// An inline run of a Markdown body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strike {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// A link: to a label in the book (`target`) or to a URL.
    Link {
        url: Option<String>,
        target: Option<String>,
        content: Vec<Inline>,
    },
    Break,
    /// A footnote, printed at the foot of the page: its text (paragraphs separated by breaks).
    Footnote {
        content: Vec<Inline>,
    },
    /// A reference to a footnote while the body is read; replaced by [`Inline::Footnote`] once
    /// the definitions are known.
    #[serde(skip)]
    NoteRef(String),
}

/// Where a Markdown link goes: a label inside the book, or a URL.
pub(super) enum Dest {
    Label(String),
    Url(String),
}

/// Converts a Markdown body into blocks. Raw HTML is kept as text, images as their alt text.
pub(super) fn markdown(body: &str, resolve: &dyn Fn(&str) -> Dest) -> Vec<Block> {
    let mut b = Builder {
        stack: vec![Frame::Blocks(Vec::new())],
        resolve,
        footnotes: HashMap::new(),
    };
    for event in Parser::new_ext(body, crate::markdown::options()) {
        b.event(event);
    }
    while b.stack.len() > 1 {
        b.close();
    }
    let mut blocks = match b.stack.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    };
    let notes = b.footnotes;
    blocks
        .iter_mut()
        .for_each(|block| fill_notes(block, &notes));
    blocks
}

/// Replaces every footnote reference under `block` with the footnote's text.
fn fill_notes(block: &mut Block, notes: &HashMap<String, Vec<Inline>>) {
    let fill = |runs: &mut Vec<Inline>| runs.iter_mut().for_each(|i| fill_inline(i, notes));
    match block {
        Block::Para { content } | Block::Heading { content, .. } => fill(content),
        Block::List { items, .. } => items
            .iter_mut()
            .flatten()
            .for_each(|b| fill_notes(b, notes)),
        Block::Quote { blocks } => blocks.iter_mut().for_each(|b| fill_notes(b, notes)),
        Block::Table { header, rows } => header
            .iter_mut()
            .chain(rows.iter_mut().flatten())
            .for_each(fill),
        Block::Code { .. } | Block::Rule => {}
    }
}

fn fill_inline(inline: &mut Inline, notes: &HashMap<String, Vec<Inline>>) {
    match inline {
        Inline::NoteRef(name) => {
            *inline = match notes.get(name.as_str()) {
                Some(content) => Inline::Footnote {
                    content: content.clone(),
                },
                None => Inline::Text {
                    text: format!("[{name}]"),
                },
            }
        }
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. } => content.iter_mut().for_each(|i| fill_inline(i, notes)),
        _ => {}
    }
}

/// A footnote definition's blocks as one run of inlines: paragraphs separated by line breaks.
fn note_text(blocks: Vec<Block>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for block in blocks {
        if !out.is_empty() {
            out.push(Inline::Break);
        }
        match block {
            Block::Para { content } | Block::Heading { content, .. } => out.extend(content),
            other => out.push(Inline::Text {
                text: block_text(&other),
            }),
        }
    }
    out
}

/// An open container while converting Markdown.
enum Frame {
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>, Vec<Inline>),
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    Code(String),
    Span(SpanKind, Vec<Inline>),
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    /// Inside an image: its alt text is kept as plain text.
    Image(Vec<Inline>),
    /// A footnote definition: kept aside, printed where it is referenced.
    Footnote(String, Vec<Block>),
}

enum SpanKind {
    Emph,
    Strong,
    Strike,
    Link(Dest),
}

struct Builder<'r> {
    stack: Vec<Frame>,
    resolve: &'r dyn Fn(&str) -> Dest,
    /// The footnotes defined so far, by name.
    footnotes: HashMap<String, Vec<Inline>>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.open(tag),
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableRow)
            | Event::End(TagEnd::TableHead) => self.close(),
            Event::End(_) => self.close(),
            Event::Text(t) => {
                if let Some(Frame::Code(code)) = self.stack.last_mut() {
                    code.push_str(&t);
                } else {
                    self.inline(Inline::Text {
                        text: t.to_string(),
                    });
                }
            }
            Event::Code(t) => self.inline(Inline::Code {
                text: t.to_string(),
            }),
            Event::Html(t) | Event::InlineHtml(t) => self.inline(Inline::Text {
                text: t.trim_end().to_string(),
            }),
            Event::SoftBreak => self.inline(Inline::Text {
                text: " ".to_owned(),
            }),
            Event::HardBreak => self.inline(Inline::Break),
            Event::Rule => self.block(Block::Rule),
            Event::FootnoteReference(name) => self.inline(Inline::NoteRef(name.to_string())),
            Event::TaskListMarker(done) => self.inline(Inline::Text {
                text: if done { "☑ " } else { "☐ " }.to_owned(),
            }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.inline(Inline::Text {
                text: t.to_string(),
            }),
        }
    }

    fn open(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Para(Vec::new()),
            Tag::Heading { level, .. } => Frame::Heading(heading_level(level), Vec::new()),
            Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: Vec::new(),
            },
            Tag::Item => Frame::Item(Vec::new(), Vec::new()),
            Tag::Emphasis => Frame::Span(SpanKind::Emph, Vec::new()),
            Tag::Strong => Frame::Span(SpanKind::Strong, Vec::new()),
            Tag::Strikethrough => Frame::Span(SpanKind::Strike, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Frame::Span(SpanKind::Link((self.resolve)(&dest_url)), Vec::new())
            }
            Tag::Image { .. } => Frame::Image(Vec::new()),
            Tag::Table(_) => Frame::Table {
                header: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                Frame::Row(Vec::new())
            }
            Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => Frame::Cell(Vec::new()),
            Tag::FootnoteDefinition(name) => Frame::Footnote(name.to_string(), Vec::new()),
            // Definition lists, metadata and HTML blocks: their text is kept.
            _ => Frame::Quote(Vec::new()),
        };
        self.stack.push(frame);
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if self.stack.is_empty() {
            self.stack.push(frame);
            return;
        }
        match frame {
            Frame::Blocks(blocks) | Frame::Quote(blocks) if blocks.is_empty() => {}
            Frame::Blocks(blocks) => blocks.into_iter().for_each(|b| self.block(b)),
            Frame::Quote(blocks) => self.block(Block::Quote { blocks }),
            Frame::List {
                ordered,
                start,
                items,
            } => self.block(Block::List {
                ordered,
                start,
                items,
            }),
            Frame::Item(mut blocks, inlines) => {
                if !inlines.is_empty() {
                    blocks.push(Block::Para { content: inlines });
                }
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Frame::Para(content) => {
                if !content.is_empty() {
                    self.block(Block::Para { content })
                }
            }
            Frame::Heading(level, content) => self.block(Block::Heading { level, content }),
            Frame::Code(text) => self.block(Block::Code {
                text: text.trim_end_matches('\n').to_owned(),
            }),
            Frame::Span(kind, content) => {
                let inline = match kind {
                    SpanKind::Emph => Inline::Emph { content },
                    SpanKind::Strong => Inline::Strong { content },
                    SpanKind::Strike => Inline::Strike { content },
                    SpanKind::Link(Dest::Label(target)) => Inline::Link {
                        url: None,
                        target: Some(target),
                        content,
                    },
                    SpanKind::Link(Dest::Url(url)) => Inline::Link {
                        url: Some(url),
                        target: None,
                        content,
                    },
                };
                self.inline(inline);
            }
            Frame::Image(alt) => alt.into_iter().for_each(|i| self.inline(i)),
            Frame::Footnote(name, blocks) => {
                self.footnotes.insert(name, note_text(blocks));
            }
            Frame::Table { header, rows, .. } => self.block(Block::Table { header, rows }),
            Frame::Row(cells) => {
                if let Some(Frame::Table {
                    header,
                    rows,
                    in_head,
                }) = self.stack.last_mut()
                {
                    if *in_head {
                        *header = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Frame::Cell(content) => {
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(content);
                }
            }
        }
    }

    fn block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(v)) | Some(Frame::Quote(v)) | Some(Frame::Footnote(_, v)) => {
                v.push(block)
            }
            Some(Frame::Item(blocks, inlines)) => {
                // A tight list item's text comes without a paragraph: close it before the block.
                if !inlines.is_empty() {
                    blocks.push(Block::Para {
                        content: std::mem::take(inlines),
                    });
                }
                blocks.push(block);
            }
            _ => {
                // A block inside an inline container (should not happen): keep its text.
                let text = block_text(&block);
                self.inline(Inline::Text { text });
            }
        }
    }

    fn inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Para(v))
            | Some(Frame::Heading(_, v))
            | Some(Frame::Span(_, v))
            | Some(Frame::Cell(v))
            | Some(Frame::Item(_, v)) => push_inline(v, inline),
            Some(Frame::Image(v)) => {
                let text = inline_text(&inline);
                push_inline(v, Inline::Text { text })
            }
            Some(Frame::Code(s)) => s.push_str(&inline_text(&inline)),
            _ => self.stack.push(Frame::Para(vec![inline])),
        }
    }
}

/// Appends `inline`, merging adjacent text runs.
fn push_inline(v: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text { text: last }), Inline::Text { text }) = (v.last_mut(), &inline) {
        last.push_str(text);
        return;
    }
    v.push(inline);
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn inline_text(inline: &Inline) -> String {
    match inline {
        Inline::Text { text } | Inline::Code { text } => text.clone(),
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. }
        | Inline::Footnote { content } => content.iter().map(inline_text).collect(),
        Inline::Break => " ".to_owned(),
        Inline::NoteRef(name) => format!("[{name}]"),
    }
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Para { content } | Block::Heading { content, .. } => {
            content.iter().map(inline_text).collect()
        }
        Block::List { items, .. } => items
            .iter()
            .flatten()
            .map(block_text)
            .collect::<Vec<_>>()
            .join(" "),
        Block::Quote { blocks } => blocks.iter().map(block_text).collect::<Vec<_>>().join(" "),
        Block::Code { text } => text.clone(),
        Block::Rule => String::new(),
        Block::Table { header, rows } => header
            .iter()
            .chain(rows.iter().flatten())
            .map(|c| c.iter().map(inline_text).collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<Block> {
        markdown(md, &|d| Dest::Url(d.to_owned()))
    }

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.to_owned() }
    }

    #[test]
    fn markdown_becomes_blocks() {
        let b = blocks("# Tiêu đề\n\nĐoạn *nghiêng* và **đậm** với `mã` và [liên kết](https://x.vn).\n\n- một\n- hai\n\n1. a\n2. b\n");
        assert_eq!(
            b[0],
            Block::Heading {
                level: 1,
                content: vec![text("Tiêu đề")]
            }
        );
        assert_eq!(
            b[1],
            Block::Para {
                content: vec![
                    text("Đoạn "),
                    Inline::Emph {
                        content: vec![text("nghiêng")]
                    },
                    text(" và "),
                    Inline::Strong {
                        content: vec![text("đậm")]
                    },
                    text(" với "),
                    Inline::Code { text: "mã".into() },
                    text(" và "),
                    Inline::Link {
                        url: Some("https://x.vn".into()),
                        target: None,
                        content: vec![text("liên kết")]
                    },
                    text("."),
                ]
            }
        );
        assert_eq!(
            b[2],
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    vec![Block::Para {
                        content: vec![text("một")]
                    }],
                    vec![Block::Para {
                        content: vec![text("hai")]
                    }]
                ]
            }
        );
        assert!(matches!(&b[3], Block::List { ordered: true, items, .. } if items.len() == 2));
    }

    #[test]
    fn markup_characters_stay_text() {
        let b = blocks("Giá #1 = $5 * 2 <b>x</b> @nhãn");
        let json = serde_json::to_string(&b).unwrap();
        assert!(json.contains("#1 = $5"), "{json}");
        assert!(json.contains("<b>"), "{json}");
    }

    #[test]
    fn empty_body_has_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks("\n\n  \n").is_empty());
    }
}
