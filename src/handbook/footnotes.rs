//! Footnotes of Markdown bodies in print: a definition is kept aside while a body is read and its
//! text replaces every reference to it, so Typst prints it at the foot of the page where it is
//! referenced (the website lists them at the end of the page).

use super::tree::{block_text, Block, Inline};
use std::collections::HashMap;

/// Replaces every footnote reference under `block` with the footnote's text.
pub(super) fn fill_notes(block: &mut Block, notes: &HashMap<String, Vec<Inline>>) {
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
                Some(content) => {
                    // A note cannot hold a note in print: a reference inside a footnote's own
                    // text (itself, or another note) prints as its name in brackets.
                    let mut content = content.clone();
                    content.iter_mut().for_each(unref);
                    Inline::Footnote { content }
                }
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

/// Turns every footnote reference under `inline` into its name in brackets.
fn unref(inline: &mut Inline) {
    match inline {
        Inline::NoteRef(name) => {
            *inline = Inline::Text {
                text: format!("[{name}]"),
            }
        }
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. }
        | Inline::Footnote { content } => content.iter_mut().for_each(unref),
        _ => {}
    }
}

/// A footnote definition's blocks as one run of inlines: paragraphs separated by line breaks.
pub(super) fn note_text(blocks: Vec<Block>) -> Vec<Inline> {
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
