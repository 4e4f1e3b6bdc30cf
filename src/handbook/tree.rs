//! The tree the handbook's templates read a Markdown body as (`handbook/markdown.typ` renders
//! it): blocks and inline runs, and their plain text where only text fits.

use serde::Serialize;

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

/// The text of an inline run, for where only text fits.
pub(super) fn inline_text(inline: &Inline) -> String {
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

/// The text of a block, for where only text fits.
pub(super) fn block_text(block: &Block) -> String {
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
