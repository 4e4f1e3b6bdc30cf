//! The part of an enterprise's description the printed directory holds: at most
//! `[handbook] description_words` words (`HandbookEdition::description_words`), so that a
//! directory of long profiles stays a book a print run can afford and a reader can leaf through.
//! The website keeps the whole text; an entry that was cut says where to read it.
//!
//! Whole blocks are kept while they fit. The block that does not fit is cut at the end of its
//! last sentence within the limit (a paragraph), or after its last whole item (a list); a table,
//! a quotation or code is kept whole or not at all. Only when nothing at all would be kept is a
//! paragraph cut between words, with "…". A heading or a rule left last goes. Words are the
//! text's space-separated words (in Vietnamese, syllables), footnotes included: they print too.

use super::tree::{block_text, inline_text, Block, Inline};

/// A description as the directory prints it.
#[derive(Debug, PartialEq)]
pub(super) struct Excerpt {
    pub blocks: Vec<Block>,
    /// Whether anything was left out.
    pub cut: bool,
}

/// Words of a text, as counted against the limit.
fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// At most `limit` words of `blocks`.
pub(super) fn excerpt(blocks: Vec<Block>, limit: usize) -> Excerpt {
    let total: usize = blocks.iter().map(|b| words(&block_text(b))).sum();
    if total <= limit {
        return Excerpt { blocks, cut: false };
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for block in blocks {
        let n = words(&block_text(&block));
        if used + n <= limit {
            used += n;
            kept.push(block);
            continue;
        }
        let room = limit - used;
        match block {
            Block::Para { content } => {
                if let Some(content) = cut_paragraph(&content, room, kept.is_empty()) {
                    kept.push(Block::Para { content });
                }
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                let mut left = room;
                let items: Vec<Vec<Block>> = items
                    .into_iter()
                    .take_while(|item| {
                        let n: usize = item.iter().map(|b| words(&block_text(b))).sum();
                        let fits = n <= left;
                        left = left.saturating_sub(n);
                        fits
                    })
                    .collect();
                if !items.is_empty() {
                    kept.push(Block::List {
                        ordered,
                        start,
                        items,
                    });
                }
            }
            _ => {}
        }
        break;
    }
    while matches!(kept.last(), Some(Block::Heading { .. } | Block::Rule)) {
        kept.pop();
    }
    Excerpt {
        blocks: kept,
        cut: true,
    }
}

/// Whether `c` ends a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// A place a paragraph can be cut: before inline `at`, or inside the text inline `at` after
/// `offset` bytes; `words` words come before it.
#[derive(Clone, Copy)]
struct Cut {
    at: usize,
    offset: Option<usize>,
    words: usize,
}

/// The paragraph `content` up to its last sentence end within `room` words; when it has none
/// and `must` (nothing else of the description is kept), up to its last word within `room`,
/// followed by "…".
fn cut_paragraph(content: &[Inline], room: usize, must: bool) -> Option<Vec<Inline>> {
    let mut sentence: Option<Cut> = None;
    let mut word: Option<Cut> = None;
    let mut count = 0;
    let mut in_word = false;
    let mut last = ' ';
    for (i, inline) in content.iter().enumerate() {
        if let Inline::Text { text } = inline {
            for (offset, c) in text.char_indices() {
                if c.is_whitespace() {
                    if in_word && count <= room {
                        let cut = Cut {
                            at: i,
                            offset: Some(offset),
                            words: count,
                        };
                        word = Some(cut);
                        if ends_sentence(last) {
                            sentence = Some(cut);
                        }
                    }
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    count += 1;
                }
                last = c;
            }
            // A sentence that ends where the next inline (a link, emphasis) begins.
            if in_word && ends_sentence(last) && count <= room {
                sentence = Some(Cut {
                    at: i + 1,
                    offset: None,
                    words: count,
                });
            }
        } else {
            let text = inline_text(inline);
            for c in text.chars() {
                if c.is_whitespace() {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    count += 1;
                }
            }
            // A sentence can end with a link or emphasis; the cut comes after it.
            if text.trim_end().ends_with(ends_sentence) && count <= room {
                sentence = Some(Cut {
                    at: i + 1,
                    offset: None,
                    words: count,
                });
            }
            last = text.chars().last().unwrap_or(last);
        }
        if count > room + 1 {
            break;
        }
    }
    let (cut, ellipsis) = match (sentence, word) {
        (Some(cut), _) if cut.words > 0 => (cut, false),
        (_, Some(cut)) if must && cut.words > 0 => (cut, true),
        _ => return None,
    };
    let mut kept: Vec<Inline> = content[..cut.at].to_vec();
    if let Some(offset) = cut.offset {
        if let Inline::Text { text } = &content[cut.at] {
            let text = text[..offset].trim_end();
            if !text.is_empty() {
                kept.push(Inline::Text {
                    text: text.to_owned(),
                });
            }
        }
    }
    if ellipsis {
        kept.push(Inline::Text {
            text: " …".to_owned(),
        });
    }
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    fn para(s: &str) -> Block {
        Block::Para {
            content: vec![text(s)],
        }
    }

    fn all_text(blocks: &[Block]) -> String {
        blocks
            .iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn a_description_within_the_limit_is_kept_whole() {
        let blocks = vec![para("Một hai ba."), para("Bốn năm.")];
        let e = excerpt(blocks.clone(), 5);
        assert_eq!(e, Excerpt { blocks, cut: false });
    }

    #[test]
    fn a_paragraph_is_cut_after_its_last_sentence_within_the_limit() {
        let blocks = vec![
            para("Công ty sản xuất khuôn mẫu."),
            para("Đạt ISO 9001 năm 2019. Xuất khẩu sang Nhật Bản! Có ba nhà máy ở Hà Nội."),
            para("Đoạn này không in."),
        ];
        let e = excerpt(blocks, 16);
        assert!(e.cut);
        assert_eq!(
            all_text(&e.blocks),
            "Công ty sản xuất khuôn mẫu. | Đạt ISO 9001 năm 2019. Xuất khẩu sang Nhật Bản!"
        );
    }

    #[test]
    fn a_sentence_ending_in_emphasis_or_a_link_is_a_place_to_cut() {
        let content = vec![
            text("Chứng nhận "),
            Inline::Strong {
                content: vec![text("IATF 16949.")],
            },
            text(" Câu sau dài hơn giới hạn rất nhiều từ."),
        ];
        let e = excerpt(vec![Block::Para { content }], 5);
        assert_eq!(all_text(&e.blocks), "Chứng nhận IATF 16949.");
    }

    #[test]
    fn without_a_sentence_end_the_first_paragraph_is_cut_between_words() {
        let e = excerpt(vec![para("một hai ba bốn năm sáu bảy tám chín mười")], 4);
        assert_eq!(all_text(&e.blocks), "một hai ba bốn …");
        // A later paragraph without a sentence end in the room left is left out whole.
        let e = excerpt(vec![para("Một hai."), para("ba bốn năm sáu bảy tám")], 4);
        assert_eq!(all_text(&e.blocks), "Một hai.");
    }

    #[test]
    fn lists_keep_whole_items_and_a_heading_left_last_goes() {
        let item = |s: &str| vec![para(s)];
        let blocks = vec![
            para("Sản phẩm chính."),
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    item("Bánh răng côn"),
                    item("Trục truyền động"),
                    item("Vỏ hộp số"),
                ],
            },
            Block::Heading {
                level: 2,
                content: vec![text("Khách hàng")],
            },
            para("Các hãng lắp ráp ô tô."),
        ];
        let e = excerpt(blocks.clone(), 9);
        assert_eq!(
            all_text(&e.blocks),
            "Sản phẩm chính. | Bánh răng côn Trục truyền động"
        );
        let e = excerpt(blocks, 12);
        assert_eq!(
            all_text(&e.blocks),
            "Sản phẩm chính. | Bánh răng côn Trục truyền động Vỏ hộp số"
        );
        assert!(e.cut);
    }

    #[test]
    fn a_table_is_kept_whole_or_left_out() {
        let cell = |s: &str| vec![text(s)];
        let table = Block::Table {
            header: vec![cell("Năm"), cell("Doanh thu")],
            rows: vec![vec![cell("2019"), cell("12 tỷ đồng")]],
        };
        let e = excerpt(vec![para("Số liệu."), table.clone(), para("Hết.")], 9);
        assert_eq!(e.blocks, vec![para("Số liệu."), table.clone()]);
        let e = excerpt(vec![para("Số liệu."), table], 4);
        assert_eq!(e.blocks, vec![para("Số liệu.")]);
    }
}
