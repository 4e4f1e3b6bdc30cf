//! Markdown bodies as the handbook's templates read them: a small tree of blocks and inlines
//! (`handbook/markdown.typ` renders it), built from pulldown-cmark events with the site's one
//! Markdown dialect (`crate::markdown::options`), so footnotes, tables and strikethrough print as
//! the website shows them. Link destinations are resolved by the caller (`@/` links to records in
//! the book become internal labels).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
use std::collections::HashMap;

use super::footnotes::{fill_notes, note_text};
use super::tree::{block_text, inline_text};
pub use super::tree::{Block, Inline};

use crate::body_limits::{is_block_level, is_inline_level, Limit};

/// Where a Markdown link goes: a label inside the book, or a URL.
pub(super) enum Dest {
    Label(String),
    Url(String),
}

/// Converts a Markdown body into blocks. Raw HTML is kept as text, images as their alt text.
/// Nesting past the limits of `crate::body_limits` (which `check` reports) is flattened.
pub(super) fn markdown(body: &str, resolve: &dyn Fn(&str) -> Dest) -> Vec<Block> {
    markdown_with_offsets(body, resolve)
        .into_iter()
        .map(|(block, _)| block)
        .collect()
}

/// Like `markdown`, each top-level block with the byte offset in `body` where it starts, so a
/// failure in one block can be traced to its line.
pub(super) fn markdown_with_offsets(
    body: &str,
    resolve: &dyn Fn(&str) -> Dest,
) -> Vec<(Block, usize)> {
    let mut b = Builder {
        stack: vec![Open {
            frame: Frame::Blocks(Container::Root, Vec::new(), Vec::new()),
            level: None,
        }],
        offsets: Vec::new(),
        at: 0,
        depth: [0, 0],
        resolve,
        notes_open: Vec::new(),
        footnotes: HashMap::new(),
    };
    for (event, span) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        b.at = span.start;
        b.event(event);
    }
    let notes = std::mem::take(&mut b.footnotes);
    let mut blocks = b.finish();
    for (block, _) in &mut blocks {
        fill_notes(block, &notes);
    }
    blocks
}

/// An open element while converting Markdown. Every `Start` event opens exactly one frame and
/// every `End` event closes exactly one, so the frames stay in step with the parser whatever the
/// body; content that arrives where it does not fit is kept as text, never opens a frame.
enum Frame {
    /// A container of blocks, with inlines not (yet) in a paragraph: a tight list item's text,
    /// an HTML block's lines.
    Blocks(Container, Vec<Block>, Vec<Inline>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    /// A run of inlines: a paragraph, a heading, a span, a table cell, an image's alt text.
    Inlines(Run, Vec<Inline>),
    Code(String),
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
}

/// What a container of blocks becomes when it closes.
#[derive(Clone, Copy, PartialEq)]
enum Container {
    /// The body itself (never closed by an event).
    Root,
    /// A block quote; also definition lists, shown as quotes.
    Quote,
    /// A footnote definition: kept aside, printed where it is referenced.
    Note,
    /// An item of the list below it.
    Item,
    /// An HTML block (kept as text) or a container past the depth limit, or one with no look of
    /// its own: its blocks join its parent's.
    Flat,
}

/// What a run of inlines becomes when it closes.
enum Run {
    Para,
    Heading(u8),
    Emph,
    Strong,
    Strike,
    Link(Dest),
    Cell,
    /// An image: its alt text, as plain text.
    Image,
    /// A span with no look of its own, or past the depth limit: its inlines join its parent's.
    Flat,
}

struct Open {
    frame: Frame,
    /// The kind of nesting this frame adds a level of, if any.
    level: Option<Limit>,
}

struct Builder<'r> {
    /// The open frames, the body's root at the bottom (never popped).
    stack: Vec<Open>,
    /// Start offset of each top-level block, in order.
    offsets: Vec<usize>,
    /// Start offset of the current event.
    at: usize,
    /// Open block and inline levels.
    depth: [usize; 2],
    resolve: &'r dyn Fn(&str) -> Dest,
    /// The names of the footnote definitions being read, innermost last.
    notes_open: Vec<String>,
    /// The footnotes defined so far, by name.
    footnotes: HashMap<String, Vec<Inline>>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.open(tag),
            Event::End(_) => self.close(),
            Event::Text(t) => self.inline(Inline::Text {
                text: t.to_string(),
            }),
            Event::Code(t) => self.inline(Inline::Code {
                text: t.to_string(),
            }),
            Event::Html(t) => {
                // One event per line of an HTML block: the lines stay lines.
                if let Some(Open {
                    frame: Frame::Blocks(_, _, loose),
                    ..
                }) = self.stack.last()
                {
                    if !loose.is_empty() {
                        self.inline(Inline::Break);
                    }
                }
                self.inline(Inline::Text {
                    text: t.trim_end().to_string(),
                })
            }
            Event::InlineHtml(t) => self.inline(Inline::Text {
                text: t.to_string(),
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
        let mut level = if is_block_level(&tag) {
            Some(Limit::Blocks)
        } else if is_inline_level(&tag) {
            Some(Limit::Inlines)
        } else {
            None
        };
        // Past the limit the level is not opened: its content joins the level below.
        let too_deep = level.is_some_and(|l| self.depth[l as usize] >= l.max());
        if too_deep {
            level = None;
        }
        let blocks = |c| Frame::Blocks(c, Vec::new(), Vec::new());
        let run = |r| Frame::Inlines(r, Vec::new());
        let frame = match tag {
            _ if too_deep => match level_kind(&tag) {
                Limit::Inlines => run(Run::Flat),
                _ => blocks(Container::Flat),
            },
            Tag::Paragraph => run(Run::Para),
            Tag::Heading { level, .. } => run(Run::Heading(heading_level(level))),
            Tag::FootnoteDefinition(name) => {
                self.notes_open.push(name.to_string());
                blocks(Container::Note)
            }
            Tag::BlockQuote(_) | Tag::DefinitionList => blocks(Container::Quote),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: Vec::new(),
            },
            Tag::Item => match self.stack.last() {
                Some(Open {
                    frame: Frame::List { .. },
                    ..
                }) => blocks(Container::Item),
                _ => blocks(Container::Flat),
            },
            Tag::Emphasis => run(Run::Emph),
            Tag::Strong => run(Run::Strong),
            Tag::Strikethrough => run(Run::Strike),
            Tag::Link { dest_url, .. } => run(Run::Link((self.resolve)(&dest_url))),
            Tag::Image { .. } => run(Run::Image),
            Tag::Superscript | Tag::Subscript => run(Run::Flat),
            Tag::Table(_) => Frame::Table {
                header: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some(Open {
                    frame: Frame::Table { in_head, .. },
                    ..
                }) = self.stack.last_mut()
                {
                    *in_head = true;
                }
                Frame::Row(Vec::new())
            }
            Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => run(Run::Cell),
            // HTML blocks, definition list terms and definitions, metadata: their text is kept.
            Tag::HtmlBlock
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => blocks(Container::Flat),
        };
        if let Some(n) = level {
            self.depth[n as usize] += 1;
        }
        self.stack.push(Open { frame, level });
    }

    /// Closes the innermost frame and hands what it made to the one below. Pops exactly one
    /// frame (never the root) and opens none.
    fn close(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(Open { frame, level }) = self.stack.pop() else {
            return;
        };
        if let Some(n) = level {
            self.depth[n as usize] -= 1;
        }
        match frame {
            Frame::Blocks(kind, mut blocks, loose) => {
                if !loose.is_empty() {
                    blocks.push(Block::Para { content: loose });
                }
                match kind {
                    Container::Quote if !blocks.is_empty() => self.block(Block::Quote { blocks }),
                    Container::Note => {
                        let name = self.notes_open.pop().unwrap_or_default();
                        self.footnotes.insert(name, note_text(blocks));
                    }
                    Container::Item => match self.stack.last_mut() {
                        Some(Open {
                            frame: Frame::List { items, .. },
                            ..
                        }) => items.push(blocks),
                        _ => blocks.into_iter().for_each(|b| self.block(b)),
                    },
                    _ => blocks.into_iter().for_each(|b| self.block(b)),
                }
            }
            Frame::List {
                ordered,
                start,
                items,
            } => self.block(Block::List {
                ordered,
                start,
                items,
            }),
            Frame::Inlines(run, content) => {
                let inline = match run {
                    Run::Para => {
                        if !content.is_empty() {
                            self.block(Block::Para { content });
                        }
                        return;
                    }
                    Run::Heading(level) => return self.block(Block::Heading { level, content }),
                    Run::Cell => {
                        if let Some(Open {
                            frame: Frame::Row(cells),
                            ..
                        }) = self.stack.last_mut()
                        {
                            cells.push(content);
                        } else {
                            content.into_iter().for_each(|i| self.inline(i));
                        }
                        return;
                    }
                    Run::Image | Run::Flat => {
                        return content.into_iter().for_each(|i| self.inline(i));
                    }
                    Run::Emph => Inline::Emph { content },
                    Run::Strong => Inline::Strong { content },
                    Run::Strike => Inline::Strike { content },
                    Run::Link(Dest::Label(target)) => Inline::Link {
                        url: None,
                        target: Some(target),
                        content,
                    },
                    Run::Link(Dest::Url(url)) => Inline::Link {
                        url: Some(url),
                        target: None,
                        content,
                    },
                };
                self.inline(inline);
            }
            Frame::Code(text) => self.block(Block::Code {
                text: text.trim_end_matches('\n').to_owned(),
            }),
            Frame::Table { header, rows, .. } => self.block(Block::Table { header, rows }),
            Frame::Row(cells) => match self.stack.last_mut() {
                Some(Open {
                    frame:
                        Frame::Table {
                            header,
                            rows,
                            in_head,
                        },
                    ..
                }) => {
                    if std::mem::take(in_head) {
                        *header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                _ => cells.into_iter().flatten().for_each(|i| self.inline(i)),
            },
        }
    }

    /// Hands `block` to the innermost frame; where blocks do not belong it is kept as text.
    fn block(&mut self, block: Block) {
        let root = self.stack.len() == 1;
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        match &mut top.frame {
            Frame::Blocks(_, blocks, loose) => {
                if !loose.is_empty() {
                    // A tight list item's text comes without a paragraph: close it before the block.
                    let para = Block::Para {
                        content: std::mem::take(loose),
                    };
                    blocks.push(para);
                    if root {
                        self.offsets.push(self.at);
                    }
                }
                blocks.push(block);
                if root {
                    self.offsets.push(self.at);
                }
            }
            Frame::List { items, .. } => items.push(vec![block]),
            Frame::Inlines(..) | Frame::Code(_) | Frame::Table { .. } | Frame::Row(_) => self
                .inline(Inline::Text {
                    text: block_text(&block),
                }),
        }
    }

    /// Hands `inline` to the innermost frame; where inlines do not belong it is kept as text.
    fn inline(&mut self, inline: Inline) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        match &mut top.frame {
            Frame::Blocks(_, _, loose) => push_inline(loose, inline),
            Frame::Inlines(Run::Image, v) => push_inline(
                v,
                Inline::Text {
                    text: inline_text(&inline),
                },
            ),
            Frame::Inlines(_, v) => push_inline(v, inline),
            Frame::Code(s) => s.push_str(&inline_text(&inline)),
            Frame::List { items, .. } => items.push(vec![Block::Para {
                content: vec![inline],
            }]),
            Frame::Table { rows, .. } => rows.push(vec![vec![inline]]),
            Frame::Row(cells) => cells.push(vec![inline]),
        }
    }

    /// Closes whatever is still open and returns the top-level blocks with their offsets.
    fn finish(mut self) -> Vec<(Block, usize)> {
        while self.stack.len() > 1 {
            self.close();
        }
        let Some(Open {
            frame: Frame::Blocks(_, mut blocks, loose),
            ..
        }) = self.stack.pop()
        else {
            return Vec::new();
        };
        if !loose.is_empty() {
            blocks.push(Block::Para { content: loose });
            self.offsets.push(self.at);
        }
        blocks.into_iter().zip(self.offsets).collect()
    }
}

/// The kind of level a tag would open, for the frame that replaces it past the limit.
fn level_kind(tag: &Tag) -> Limit {
    if is_inline_level(tag) {
        Limit::Inlines
    } else {
        Limit::Blocks
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
    fn a_reference_inside_a_footnote_prints_as_its_name_and_the_view_serialises() {
        // Found by tests/markdown_props.rs: a note whose own text refers to itself (and one to
        // another note) left a reference that cannot be serialised, and the build panicked.
        let b = blocks("x[^n] y[^m]\n\n[^n]: a[^n] b\n[^m]: c[^n]\n");
        let json = serde_json::to_string(&b).expect("serialises");
        assert!(json.contains("\"kind\":\"footnote\""), "{json}");
        assert!(json.contains("[n]"), "{json}");
        fn no_ref(i: &Inline) -> bool {
            match i {
                Inline::NoteRef(_) => false,
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Link { content, .. }
                | Inline::Footnote { content } => content.iter().all(no_ref),
                _ => true,
            }
        }
        match &b[0] {
            Block::Para { content } => assert!(content.iter().all(no_ref), "{content:?}"),
            other => panic!("{other:?}"),
        }
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

    /// The deepest block and inline nesting of a tree, counted as `crate::body_limits` counts.
    fn depths(blocks: &[Block]) -> (usize, usize) {
        fn inl(i: &Inline) -> usize {
            match i {
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Link { content, .. } => 1 + content.iter().map(inl).max().unwrap_or(0),
                _ => 0,
            }
        }
        fn blk(b: &Block) -> (usize, usize) {
            let max = |v: &mut dyn Iterator<Item = (usize, usize)>| {
                v.fold((0, 0), |(a, b), (c, d)| (a.max(c), b.max(d)))
            };
            match b {
                Block::Para { content } | Block::Heading { content, .. } => {
                    (0, content.iter().map(inl).max().unwrap_or(0))
                }
                Block::Quote { blocks } => {
                    let (d, i) = max(&mut blocks.iter().map(blk));
                    (d + 1, i)
                }
                Block::List { items, .. } => {
                    let (d, i) = max(&mut items.iter().flatten().map(blk));
                    (d + 1, i)
                }
                Block::Table { header, rows } => (
                    0,
                    header
                        .iter()
                        .chain(rows.iter().flatten())
                        .flatten()
                        .map(inl)
                        .max()
                        .unwrap_or(0),
                ),
                Block::Code { .. } | Block::Rule => (0, 0),
            }
        }
        blocks
            .iter()
            .map(blk)
            .fold((0, 0), |(a, b), (c, d)| (a.max(c), b.max(d)))
    }

    /// The body of issue 9, item 7: it made the handbook spin for ever, because the HTML block
    /// opened a frame no event closed and every later block went one frame too high, until the
    /// final clean-up closed a paragraph into a list, which opened a paragraph again.
    #[test]
    fn html_block_in_a_list_then_a_code_fence_ends() {
        let body =
            "1.  foo\n\n    - bar\n\n\n    <a/>\n    *hi*\n\n    - one\n\n\n~~~~\naaa\n~~~\n~~~~\n";
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(blocks(body)));
        let b = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the conversion ends");
        let item = |s: &str| {
            vec![Block::Para {
                content: vec![text(s)],
            }]
        };
        assert_eq!(
            b,
            vec![
                Block::List {
                    ordered: true,
                    start: 1,
                    items: vec![vec![
                        Block::Para {
                            content: vec![text("foo")]
                        },
                        Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![item("bar")]
                        },
                        Block::Para {
                            content: vec![text("<a/>"), Inline::Break, text("*hi*")]
                        },
                        Block::List {
                            ordered: false,
                            start: 1,
                            items: vec![item("one")]
                        },
                    ]]
                },
                Block::Code {
                    text: "aaa\n~~~".into()
                },
            ]
        );
    }

    #[test]
    fn html_blocks_anywhere_keep_the_tree_in_step() {
        for body in [
            "> <div>\n> x\n\nafter",
            "- <!-- c -->\n- b\n\n  <p>\n\n# h",
            "1. a\n\n   <a/>\n   b\n\n| x |\n|---|\n| <b> |\n\n---",
        ] {
            let b = blocks(body);
            let json = serde_json::to_string(&b).unwrap();
            assert!(!b.is_empty(), "{body:?}");
            // Whatever follows the HTML is at the top level, not inside it.
            let last = b.last().unwrap();
            assert!(
                !matches!(last, Block::Quote { .. }) || body.starts_with('>'),
                "{body:?}: {json}"
            );
        }
        assert!(matches!(
            blocks("- <!-- c -->\n- b\n\n  <p>\n\n# h").last(),
            Some(Block::Heading { level: 1, .. })
        ));
        assert!(matches!(
            blocks("1. a\n\n   <a/>\n   b\n\n| x |\n|---|\n| <b> |\n\n---").as_slice(),
            [Block::List { .. }, Block::Table { .. }, Block::Rule]
        ));
    }

    #[test]
    fn nesting_past_the_limits_is_flattened_and_kept() {
        let quotes = format!("{} sâu\n", ">".repeat(5000));
        let b = blocks(&quotes);
        assert_eq!(depths(&b), (crate::body_limits::MAX_BLOCK_DEPTH, 0));
        assert!(serde_json::to_string(&b).unwrap().contains("sâu"));

        let mut lists = String::new();
        for level in 0..40 {
            lists.push_str(&format!("{}- mục {level}\n", "  ".repeat(level)));
        }
        let b = blocks(&lists);
        assert_eq!(depths(&b).0, crate::body_limits::MAX_BLOCK_DEPTH);
        let json = serde_json::to_string(&b).unwrap();
        assert!(json.contains("mục 0") && json.contains("mục 39"), "{json}");

        let spans = crate::body_limits::tests::spans(300);
        let b = blocks(&spans);
        assert_eq!(depths(&b), (0, crate::body_limits::MAX_INLINE_DEPTH));
        assert!(serde_json::to_string(&b).unwrap().contains("lõi"));

        // Within the limits nothing is flattened.
        let ok = format!("{} đủ\n", ">".repeat(crate::body_limits::MAX_BLOCK_DEPTH));
        assert_eq!(depths(&blocks(&ok)).0, crate::body_limits::MAX_BLOCK_DEPTH);
    }

    #[test]
    fn top_level_blocks_know_where_they_start() {
        let body = "# Tiêu đề\n\nĐoạn.\n\n- a\n- b\n\n<div>\nx\n</div>\n\n```\ncode\n```\n";
        let b = markdown_with_offsets(body, &|d| Dest::Url(d.to_owned()));
        let starts: Vec<&str> = b.iter().map(|(_, at)| &body[*at..]).collect();
        assert_eq!(b.len(), 5, "{b:?}");
        assert!(starts[0].starts_with("# Tiêu"));
        assert!(starts[1].starts_with("Đoạn"));
        assert!(starts[2].starts_with("- a"));
        assert!(starts[3].starts_with("<div>"));
        assert!(starts[4].starts_with("```"));
    }

    #[test]
    fn empty_body_has_no_blocks() {
        assert!(blocks("").is_empty());
        assert!(blocks("\n\n  \n").is_empty());
    }
}
