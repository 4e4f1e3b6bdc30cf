//! Detection of Vietnamese text still in a legacy 8-bit encoding (TCVN3/ABC or VNI) that reached
//! the spreadsheet as Latin-1 look-alikes: "Hµ Néi" (TCVN3) or "Xin chaøo" (VNI) instead of
//! "Hà Nội" / "Xin chào".
//!
//! A word is evidence when it is not a Vietnamese syllable as written, contains an ASCII letter,
//! and becomes a Vietnamese syllable once decoded from the legacy encoding. Cells that already hold
//! letters only Unicode Vietnamese has (ă, đ, ơ, ư, ạ…ỹ) are never flagged, so real Unicode text,
//! foreign names ("Müller", "Nestlé") and symbols ("5 µm", "±0,01", "180°C") pass.

use unicode_normalization::UnicodeNormalization;

/// The legacy encoding a text was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// TCVN 5712 (VN3), the ".Vn" fonts of the ABC keyboard.
    Tcvn3,
    /// VNI Windows, the "VNI-" fonts.
    Vni,
}

impl Encoding {
    /// The name editors know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI",
        }
    }
}

/// What the detector found in one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The encoding the text is in.
    pub encoding: Encoding,
    /// The whole text decoded from that encoding, to show the editor what it probably says.
    pub decoded: String,
}

/// TCVN3 bytes 0xA1–0xFF (read as Latin-1) and the Vietnamese letters they stand for
/// (the tone marks at 0xB0–0xB4 are left out: °, ±, ², ³, ´ are ordinary symbols).
const TCVN3: [(char, char); 90] = [
    ('¡', 'Ă'),
    ('¢', 'Â'),
    ('£', 'Ê'),
    ('¤', 'Ô'),
    ('¥', 'Ơ'),
    ('¦', 'Ư'),
    ('§', 'Đ'),
    ('¨', 'ă'),
    ('©', 'â'),
    ('ª', 'ê'),
    ('«', 'ô'),
    ('¬', 'ơ'),
    ('\u{ad}', 'ư'),
    ('®', 'đ'),
    ('¯', 'Ằ'),
    ('µ', 'à'),
    ('¶', 'ả'),
    ('·', 'ã'),
    ('¸', 'á'),
    ('¹', 'ạ'),
    ('º', 'Ẳ'),
    ('»', 'ằ'),
    ('¼', 'ẳ'),
    ('½', 'ẵ'),
    ('¾', 'ắ'),
    ('¿', 'Ẵ'),
    ('À', 'Ắ'),
    ('Á', 'Ầ'),
    ('Â', 'Ẩ'),
    ('Ã', 'Ẫ'),
    ('Ä', 'Ấ'),
    ('Å', 'Ề'),
    ('Æ', 'ặ'),
    ('Ç', 'ầ'),
    ('È', 'ẩ'),
    ('É', 'ẫ'),
    ('Ê', 'ấ'),
    ('Ë', 'ậ'),
    ('Ì', 'è'),
    ('Í', 'Ể'),
    ('Î', 'ẻ'),
    ('Ï', 'ẽ'),
    ('Ð', 'é'),
    ('Ñ', 'ẹ'),
    ('Ò', 'ề'),
    ('Ó', 'ể'),
    ('Ô', 'ễ'),
    ('Õ', 'ế'),
    ('Ö', 'ệ'),
    ('×', 'ì'),
    ('Ø', 'ỉ'),
    ('Ù', 'Ễ'),
    ('Ú', 'Ế'),
    ('Û', 'Ồ'),
    ('Ü', 'ĩ'),
    ('Ý', 'í'),
    ('Þ', 'ị'),
    ('ß', 'ò'),
    ('à', 'Ổ'),
    ('á', 'ỏ'),
    ('â', 'õ'),
    ('ã', 'ó'),
    ('ä', 'ọ'),
    ('å', 'ồ'),
    ('æ', 'ổ'),
    ('ç', 'ỗ'),
    ('è', 'ố'),
    ('é', 'ộ'),
    ('ê', 'ờ'),
    ('ë', 'ở'),
    ('ì', 'ỡ'),
    ('í', 'ớ'),
    ('î', 'ợ'),
    ('ï', 'ù'),
    ('ð', 'Ỗ'),
    ('ñ', 'ủ'),
    ('ò', 'ũ'),
    ('ó', 'ú'),
    ('ô', 'ụ'),
    ('õ', 'ừ'),
    ('ö', 'ử'),
    ('÷', 'ữ'),
    ('ø', 'ứ'),
    ('ù', 'ự'),
    ('ú', 'ỳ'),
    ('û', 'ỷ'),
    ('ü', 'ỹ'),
    ('ý', 'ý'),
    ('þ', 'ỵ'),
    ('ÿ', 'Ố'),
];

fn tcvn3(c: char) -> Option<char> {
    TCVN3.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// VNI characters that are whole letters.
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

/// VNI characters that are marks on the vowel before them, as combining characters.
fn vni_mark(c: char) -> Option<&'static str> {
    Some(match c {
        'ù' | 'Ù' => "\u{301}",
        'ø' | 'Ø' => "\u{300}",
        'û' | 'Û' => "\u{309}",
        'õ' | 'Õ' => "\u{303}",
        'ï' | 'Ï' => "\u{323}",
        'â' | 'Â' => "\u{302}",
        'á' | 'Á' => "\u{302}\u{301}",
        'à' | 'À' => "\u{302}\u{300}",
        'å' | 'Å' => "\u{302}\u{309}",
        'ã' | 'Ã' => "\u{302}\u{303}",
        'ä' | 'Ä' => "\u{302}\u{323}",
        'ê' | 'Ê' => "\u{306}",
        'é' | 'É' => "\u{306}\u{301}",
        'è' | 'È' => "\u{306}\u{300}",
        'ú' | 'Ú' => "\u{306}\u{309}",
        'ü' | 'Ü' => "\u{306}\u{303}",
        'ë' | 'Ë' => "\u{306}\u{323}",
        _ => return None,
    })
}

fn decode_tcvn3(s: &str) -> String {
    s.chars().map(|c| tcvn3(c).unwrap_or(c)).collect()
}

fn decode_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_vowel = false;
    for c in s.chars() {
        if let Some(l) = vni_letter(c) {
            out.push(l);
            prev_vowel = l != 'đ' && l != 'Đ';
        } else if let (Some(m), true) = (vni_mark(c), prev_vowel) {
            out.push_str(m);
        } else {
            out.push(c);
            prev_vowel = "aeiouyAEIOUY".contains(c);
        }
    }
    out.nfc().collect()
}

/// Letters that only Unicode Vietnamese text contains (never legacy text read as Latin-1).
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || tcvn3(c).is_some() || vni_mark(c).is_some()
}

const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const CODAS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô",
    "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi",
    "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
];

/// Whether `word` has the shape of one Vietnamese syllable: onset, vowel nucleus, final
/// consonant, at most one tone mark.
pub fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut base = String::with_capacity(word.len());
    for c in word.to_lowercase().nfd() {
        match c {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => tones += 1,
            other => base.push(other),
        }
    }
    if tones > 1 {
        return false;
    }
    let base: String = base.nfc().collect();
    if !base
        .chars()
        .all(|c| c.is_ascii_lowercase() || "ăâêôơưđ".contains(c))
    {
        return false;
    }
    ONSETS.iter().any(|onset| {
        base.strip_prefix(onset).is_some_and(|rest| {
            CODAS.iter().any(|coda| {
                rest.strip_suffix(coda)
                    .is_some_and(|nucleus| NUCLEI.contains(&nucleus))
            })
        })
    })
}

fn is_evidence(word: &str, decoded: &str) -> bool {
    decoded != word
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && !is_syllable(word)
        && is_syllable(decoded)
}

/// Whether `text` looks like Vietnamese in a legacy encoding; `None` for Unicode or other text.
pub fn detect(text: &str) -> Option<Finding> {
    if text.is_ascii() || text.chars().any(is_unicode_vietnamese) {
        return None;
    }
    let (mut tcvn, mut vni) = (0usize, 0usize);
    for word in text.split(|c: char| !is_word_char(c)) {
        if word.is_empty() || word.is_ascii() || word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        // Unit symbols: µm, µs, µF.
        let mut cs = word.chars();
        if cs.next() == Some('µ') && cs.clone().count() == 1 {
            continue;
        }
        if is_evidence(word, &decode_tcvn3(word)) {
            tcvn += 1;
        }
        if is_evidence(word, &decode_vni(word)) {
            vni += 1;
        }
    }
    if tcvn == 0 && vni == 0 {
        return None;
    }
    let encoding = if tcvn >= vni {
        Encoding::Tcvn3
    } else {
        Encoding::Vni
    };
    let decoded = match encoding {
        Encoding::Tcvn3 => decode_tcvn3(text),
        Encoding::Vni => decode_vni(text),
    };
    Some(Finding { encoding, decoded })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_is_found_and_decoded() {
        for (legacy, unicode) in [
            ("Hµ Néi", "Hà Nội"),
            ("C«ng nghiÖp hç trî", "Công nghiệp hỗ trợ"),
            ("§«ng Anh", "Đông Anh"),
            ("C«ng ty TNHH C¬ khÝ", "Công ty TNHH Cơ khí"),
            ("Sè 5, ®\u{ad}êng Cæ Loa", "Số 5, đường Cổ Loa"),
        ] {
            let f = detect(legacy).unwrap_or_else(|| panic!("{legacy} not detected"));
            assert_eq!(f.encoding, Encoding::Tcvn3, "{legacy}");
            assert_eq!(f.decoded, unicode);
        }
    }

    #[test]
    fn vni_is_found_and_decoded() {
        for (legacy, unicode) in [
            ("Xin chaøo", "Xin chào"),
            ("Coâng nghieäp hoã trôï", "Công nghiệp hỗ trợ"),
            ("Ñoâng Anh", "Đông Anh"),
            ("Vieät Nam", "Việt Nam"),
        ] {
            let f = detect(legacy).unwrap_or_else(|| panic!("{legacy} not detected"));
            assert_eq!(f.encoding, Encoding::Vni, "{legacy}");
            assert_eq!(f.decoded, unicode);
        }
    }

    #[test]
    fn real_text_is_not_flagged() {
        for ok in [
            "Hà Nội",
            "Công ty TNHH Cơ khí chính xác Minh Phát",
            "Lô 12, KCN Thăng Long, Đông Anh, Hà Nội",
            "Chi tiết dập kim loại; Khuôn dập",
            "Tô Hà",
            "Hoà Bình",
            "Nguyên Thuý",
            "Quý Tài",
            "Bà Nguyễn Thị Ăn",
            "Gia công chính xác 5 µm, dung sai ±0,01 mm",
            "Sấy ở 180°C",
            "µm",
            "Müller GmbH",
            "Nestlé Việt Nam",
            "Société Générale",
            "Café Trung Nguyên",
            "Bosch® Rexroth",
            "São Paulo",
            "Straße 5",
            "ISO 9001:2015",
            "info@anphat.example.vn",
            "« Made in Vietnam »",
            "Pièces détachées",
            "Björn Ørsted",
        ] {
            assert_eq!(detect(ok), None, "{ok} must not be flagged");
        }
    }

    #[test]
    fn syllables() {
        for w in [
            "nghiệp", "hà", "nội", "công", "quý", "gì", "giá", "khuya", "nguyên", "đông",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["néi", "hµ", "chaøo", "müller", "gmbh", "iso", "café"] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
