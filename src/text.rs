//! Vietnamese text handling: NFC normalisation, folding for slugs and search, and collation.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::sync::LazyLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Returns `s` in Unicode NFC, the only form the model ever holds.
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s) == IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Unicode's quick check for NFC (`unicode_normalization::is_nfc_quick`), with a shortcut for the
/// characters Vietnamese text is mostly made of. Every character below U+0300 (ASCII, Latin-1,
/// Latin Extended-A and B: ă, â, đ, ê, ô, ơ, ư) and every one of Latin Extended Additional
/// (U+1E00–U+1EFF: ạ, ả, ấ … ỹ) is a starter that NFC keeps as it is, so the check needs no
/// table for them and starts afresh after them; the runs of other characters between them are
/// checked by the crate. The crate's two table lookups per character were a fifth of the load at
/// 10,000 enterprises (130 MB of bodies).
pub fn is_nfc_quick(s: &str) -> IsNormalized {
    // Eight bytes at a time: a byte from 0xCC up leads a character from U+0300 up; every other
    // byte is ASCII, leads a two-byte character below U+0300, or continues a character.
    const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const PAST_CB: u64 = 0x3434_3434_3434_3434; // 0x4C + 0x34 = 0x80
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    // The lead byte at `i` starts a character NFC keeps as it is: below U+0300, or in
    // U+1E00–U+1EFF (0xE1 0xB8–0xBB and a continuation byte).
    let plain =
        |i: usize| bytes[i] < 0xCC || (bytes[i] == 0xE1 && (0xB8..=0xBB).contains(&bytes[i + 1]));
    let mut result = IsNormalized::Yes;
    let mut i = 0;
    while i < bytes.len() {
        while i + 8 <= bytes.len() {
            let mut word = [0u8; 8];
            word.copy_from_slice(&bytes[i..i + 8]);
            let x = u64::from_le_bytes(word);
            let high = ((x & LOW) + PAST_CB) & x & HIGH;
            if high != 0 {
                i += (high.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        while i < bytes.len() && bytes[i] < 0xCC {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if plain(i) {
            i += 3;
            continue;
        }
        // A run of other characters, up to the next plain one, checked by the crate.
        let start = i;
        while i < bytes.len() && !plain(i) {
            i += match bytes[i] {
                0x00..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        }
        match unicode_normalization::is_nfc_quick(s[start..i].chars()) {
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => result = IsNormalized::Maybe,
            IsNormalized::Yes => {}
        }
    }
    result
}

/// The byte offset in `raw` of the byte offset `at` in `nfc(raw)`: where a position found in the
/// normalised text (a link in a body saved in NFD) lies in the text as written, so that messages
/// quote and count the line the editor has. Exact at every ASCII character, where NFC neither
/// composes nor reorders across, and wherever a prefix of a run normalises to `at` bytes; else
/// the start of the run (an ASCII character and the other characters after it) that holds it.
pub fn offset_in_written(raw: &str, at: usize) -> usize {
    if is_nfc_quick(raw) == IsNormalized::Yes {
        return at.min(raw.len());
    }
    let nfc_len = |s: &str| s.nfc().map(char::len_utf8).sum::<usize>();
    let mut done = 0;
    let mut start = 0;
    while start < raw.len() {
        let end = raw[start + 1..]
            .find(|c: char| c.is_ascii())
            .map_or(raw.len(), |i| start + 1 + i);
        let run = &raw[start..end];
        let len = nfc_len(run);
        if at < done + len {
            let want = at - done;
            return run
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| nfc_len(&run[..i]) == want)
                .map_or(start, |i| start + i);
        }
        done += len;
        start = end;
    }
    raw.len()
}

/// Folds Vietnamese text to lower-case ASCII-ish form for search and matching:
/// `đ`/`Đ` become `d` (they have no canonical decomposition), tone and vowel marks are dropped.
/// "Công nghiệp Đông Anh" → "cong nghiep dong anh".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(|c| match c {
        'đ' | 'Đ' => 'd',
        other => other,
    }) {
        for d in std::iter::once(c).nfd() {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }
    }
    out
}

/// Turns a Vietnamese title into a URL slug: folded to ASCII, lower-case, words joined by `-`.
/// Anything that is not a letter or digit separates words.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut slug = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// The longest web address (slug) the tools make from a name for a new file: a file system
/// refuses names over 255 bytes, and no reader types an address longer than this.
pub const MAX_SLUG: usize = 80;

/// `slug` cut to at most [`MAX_SLUG`] characters, at a dash when there is one.
pub fn cap_slug(mut slug: String) -> String {
    if slug.len() <= MAX_SLUG || !slug.is_ascii() {
        return slug;
    }
    let cut = slug[..=MAX_SLUG]
        .rfind('-')
        .filter(|&i| i > 0)
        .unwrap_or(MAX_SLUG);
    slug.truncate(cut);
    slug
}

static VI_COLLATOR: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let locale = icu_locale_core::locale!("vi");
    // The compiled data ships the `vi` tailoring; failing to load it is a build defect, not input.
    Collator::try_new(locale.into(), CollatorOptions::default())
        .expect("ICU4X compiled data contains the Vietnamese collation")
});

/// Byte sort key in Vietnamese collation order (CLDR `vi`: a < ă < â, d < đ, tones as secondary).
pub fn sort_key(s: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(s.len() * 3);
    // Writing into a Vec cannot fail.
    let _ = VI_COLLATOR.write_sort_key_to(s, &mut key);
    key
}

/// Legal-form prefixes left out when sorting enterprise names ("Công ty TNHH Minh Phát" sorts as
/// "Minh Phát"), as they are usually written, longest first so "Công ty TNHH MTV" wins over
/// "Công ty TNHH".
const LEGAL_FORMS: &[&str] = &[
    "Công ty trách nhiệm hữu hạn một thành viên",
    "Công ty trách nhiệm hữu hạn",
    "Công ty TNHH Một thành viên",
    "Công ty TNHH MTV",
    "Công ty TNHH",
    "Công ty Cổ phần",
    "Công ty CP",
    "Công ty Hợp danh",
    "Doanh nghiệp tư nhân",
    "Tổng công ty",
    "Hợp tác xã",
    "Tập đoàn",
    "Công ty",
];

/// The legal form `name` starts with, in any case, as it is usually written, and the rest of
/// the name: ("Công ty TNHH", "Minh Phát") for "CÔNG TY TNHH MINH PHÁT".
pub fn legal_form(name: &str) -> Option<(&'static str, &str)> {
    let lower = name.to_lowercase();
    for form in LEGAL_FORMS {
        if lower.starts_with(&form.to_lowercase()) {
            // Lower-casing Vietnamese letters keeps their UTF-8 length, so the byte offset holds.
            let rest = name.get(form.len()..).unwrap_or(name).trim_start();
            if !rest.is_empty() {
                return Some((form, rest));
            }
        }
    }
    None
}

/// The part of an enterprise name that identifies it, without its legal form.
pub fn distinctive_name(name: &str) -> &str {
    legal_form(name).map_or(name, |(_, rest)| rest)
}

/// Compares two strings in Vietnamese collation order.
pub fn compare_vi(a: &str, b: &str) -> std::cmp::Ordering {
    VI_COLLATOR.compare(a, b)
}

/// Sorts `items` in Vietnamese order of the string `key` gives, computing each key once.
pub fn sort_vi_by<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| sort_key(key(item)));
}

/// The first `n` words of `text` (whitespace-separated, as written).
pub fn lead(text: &str, n: usize) -> &str {
    match text.split_whitespace().nth(n) {
        // The (n+1)th word starts inside `text`: cut just before it.
        Some(w) => text[..w.as_ptr() as usize - text.as_ptr() as usize].trim_end(),
        None => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_shortcut_takes_only_plain_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let plain = ('\0'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in plain {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    #[test]
    fn the_quick_check_says_what_the_crate_says() {
        let nfd: String = "Công nghiệp hỗ trợ Ứng Hòa".nfd().collect();
        let samples = [
            "",
            "Công nghiệp hỗ trợ",
            &nfd,
            "a\u{301}",
            "\u{301}a",
            "ể\u{323}\u{301}",
            "e\u{301}\u{323}",
            "x\u{323}\u{301}y",
            "“trích dẫn” – 50 ₫ … 漢字 한국어 ไทย",
            "\u{340}",
            "ơ\u{309}\u{FB01}",
            "\u{1EA0}\u{0323}",
            "क़",
        ];
        for s in samples {
            // ASCII before and after at every offset: the check reads eight bytes at a time.
            let padded = (0..17).flat_map(|n| {
                let pad = "x".repeat(n);
                [format!("{pad}{s}"), format!("{pad}{s}{pad}ợ{pad}")]
            });
            for text in [
                s.to_owned(),
                format!("ă{s}"),
                format!("{s}đ"),
                format!("{s}{s}"),
                format!("{s}😀\u{301}"),
            ]
            .into_iter()
            .chain(padded)
            {
                assert_eq!(
                    is_nfc_quick(&text),
                    unicode_normalization::is_nfc_quick(text.chars()),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_quick_check_says_what_the_crate_says_of_any_text(
            text in "[a-zơưăâđ\u{300}-\u{36F}\u{1E00}-\u{1EFF}\u{2000}-\u{206F}\u{AC00}-\u{AC10}\u{1F600}-\u{1F610} .]{0,40}"
        ) {
            proptest::prop_assert_eq!(
                is_nfc_quick(&text),
                unicode_normalization::is_nfc_quick(text.chars())
            );
        }
    }

    #[test]
    fn long_slugs_are_cut_at_a_dash() {
        let long = slugify(&"Công ty Cơ khí chính xác ".repeat(20));
        let cut = cap_slug(long.clone());
        assert!(cut.len() <= MAX_SLUG && long.starts_with(&cut), "{cut}");
        assert!(
            !cut.ends_with('-') && long.as_bytes()[cut.len()] == b'-',
            "{cut}"
        );
        assert_eq!(cap_slug("a".repeat(200)), "a".repeat(MAX_SLUG));
        assert_eq!(cap_slug("minh-phat".into()), "minh-phat");
    }

    #[test]
    fn folds_d_with_stroke_and_marks() {
        assert_eq!(fold("Đông Anh"), "dong anh");
        assert_eq!(fold("Công nghiệp hỗ trợ"), "cong nghiep ho tro");
        assert_eq!(fold("Ứng Hòa"), fold("Ứng Hoà"));
        // Decomposed input folds the same way.
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(fold(&nfd), "ha noi");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slugify("Đống Đa"), "dong-da");
        assert_eq!(slugify("  Quyết định 68/QĐ-TTg "), "quyet-dinh-68-qd-ttg");
        assert_eq!(slugify("ISO 9001:2015"), "iso-9001-2015");
    }

    #[test]
    fn vietnamese_order() {
        let mut v = vec![
            "Đông Anh",
            "Dương",
            "Dzung",
            "Đan Phượng",
            "Ứng Hòa",
            "u",
            "ư",
            "Uông Bí",
        ];
        sort_vi_by(&mut v, |s| s);
        assert_eq!(
            v,
            [
                "Dương",
                "Dzung",
                "Đan Phượng",
                "Đông Anh",
                "u",
                "Uông Bí",
                "ư",
                "Ứng Hòa"
            ]
        );
        let mut tones = vec!["bạ", "bá", "bã", "bả", "bà", "ba"];
        sort_vi_by(&mut tones, |s| s);
        assert_eq!(tones, ["ba", "bà", "bả", "bã", "bá", "bạ"]);
    }

    #[test]
    fn legal_forms_are_not_part_of_the_sort_name() {
        assert_eq!(distinctive_name("Công ty TNHH MTV Minh Phát"), "Minh Phát");
        assert_eq!(distinctive_name("CÔNG TY CỔ PHẦN Đông Anh"), "Đông Anh");
        assert_eq!(distinctive_name("Hợp tác xã Dệt"), "Dệt");
        assert_eq!(distinctive_name("Công ty"), "Công ty");
        assert_eq!(distinctive_name("Minh Phát"), "Minh Phát");
    }

    #[test]
    fn offsets_in_the_normalised_text_are_found_in_the_text_as_written() {
        let raw: String = "Nguyễn Đức Hòa [x](/y) nghiệp".nfd().collect();
        let composed = nfc(&raw);
        for needle in ["[x]", "(/y)", " nghi", "Đức", "Hòa"] {
            let at = composed.find(needle).unwrap();
            let found = offset_in_written(&raw, at);
            assert_eq!(
                nfc(&raw[found..]),
                composed[at..],
                "{needle} at {at} -> {found}"
            );
        }
        assert_eq!(offset_in_written(&raw, composed.len()), raw.len());
        assert_eq!(offset_in_written("abc", 2), 2);
        // Inside a letter composed from several: inside its written form.
        let at = composed.find("ễ").unwrap() + 1;
        let e = raw.find('e').unwrap();
        assert!((e..e + "ễ".nfd().map(char::len_utf8).sum::<usize>())
            .contains(&offset_in_written(&raw, at)));
    }

    #[test]
    fn nfc_composes() {
        let nfd: String = "Nguyễn Đức Hòa".nfd().collect();
        assert_eq!(nfc(&nfd), "Nguyễn Đức Hòa");
    }

    #[test]
    fn lead_keeps_the_first_words() {
        assert_eq!(lead("Một  hai\nba bốn năm", 3), "Một  hai\nba");
        assert_eq!(lead(" Một hai ", 5), "Một hai");
        assert_eq!(lead("", 5), "");
        assert_eq!(lead("Đúc, dập. Hàn", 2), "Đúc, dập.");
    }
}
