//! What the PDF renderers (the handbook and the capability sheets) say about content they cannot
//! print as written, in English and Vietnamese.

use super::{said, Both};
use std::collections::BTreeSet;

/// What the handbook and the capability sheets print for a character no font of theirs has.
pub const MISSING_GLYPH: char = '?';

/// Which PDF a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Print {
    /// The printed handbook.
    Handbook,
    /// An enterprise's capability sheet.
    Sheet,
    /// An event's exhibitor catalogue.
    Catalogue,
}

/// The text holds `missing`, characters no font of the PDF has: it prints [`MISSING_GLYPH`]
/// instead. The first twelve are named with their code points.
pub fn missing_glyphs(missing: &BTreeSet<char>, print: Print) -> Both {
    let list = missing
        .iter()
        .take(12)
        .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
        .collect::<Vec<_>>()
        .join(", ");
    let (fonts, output, fonts_vi, output_vi) = match print {
        Print::Handbook => (
            "the handbook fonts",
            "the handbook",
            "phông chữ của cẩm nang",
            "cẩm nang",
        ),
        Print::Catalogue => (
            "the handbook fonts",
            "the catalogue",
            "phông chữ của cẩm nang",
            "danh mục",
        ),
        Print::Sheet => (
            "the capability sheet's fonts",
            "the sheet",
            "phông chữ của hồ sơ năng lực",
            "hồ sơ",
        ),
    };
    (
        said(
            format!("{fonts} have no glyph for {list}; {output} prints “{MISSING_GLYPH}” instead"),
            "write the text with Vietnamese or Latin letters, or add a font that has these characters to handbook/fonts/",
        ),
        said(
            format!("{fonts_vi} không có ký tự {list}; {output_vi} in “{MISSING_GLYPH}” thay vào"),
            "viết bằng chữ Việt hoặc chữ Latinh, hoặc thêm vào handbook/fonts/ một phông chữ có các ký tự này",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_glyph_warning_names_the_first_twelve_with_their_code_points() {
        let missing: BTreeSet<char> = ('\u{4e00}'..='\u{4e0e}').collect();
        let (en, vi) = missing_glyphs(&missing, Print::Sheet);
        assert!(en.message.starts_with(
            "the capability sheet's fonts have no glyph for “一” (U+4E00), “丁” (U+4E01)"
        ));
        assert!(en
            .message
            .contains("(U+4E0B); the sheet prints “?” instead"));
        assert!(!en.message.contains("U+4E0C"), "{}", en.message);
        assert!(en.hint.is_some_and(|h| h.contains("handbook/fonts/")));
        let (en, _) = missing_glyphs(&missing, Print::Handbook);
        assert!(en.message.starts_with("the handbook fonts have no glyph"));
        assert!(vi
            .message
            .starts_with("phông chữ của hồ sơ năng lực không có ký tự “一”"));
        assert!(vi.hint.is_some_and(|h| h.contains("handbook/fonts/")));
    }
}
