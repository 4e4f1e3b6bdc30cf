//! Reading the cells a survey form fills in loosely: optional counts and years written with
//! words ("150 người", "khoảng 200", "trên 500"), the form's timestamp, addresses over several
//! lines and names typed in capitals. None of these ever rejects an enterprise: what cannot be
//! read is left empty with a warning that says so.

use super::clean::{int, one_line};
use super::legacy::is_syllable;
use crate::messages::cells::{self as say, Quantity};
use crate::messages::Both;
use crate::text::{fold, legal_form};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Words that only say what is counted ("150 người", "200 lao động").
const UNITS: &[&str] = &[
    "lao dong",
    "cong nhan",
    "nhan vien",
    "nhan su",
    "nguoi",
    "employees",
    "people",
    "staff",
    "persons",
    "nv",
    "ld",
];

/// Words that make a number approximate: read, with a warning.
const ABOUT: &[&str] = &[
    "khoang", "gan", "xap xi", "tam", "uoc", "about", "around", "approx.", "approx", "~", "≈",
];

/// Words that make a number a bound, not a count: left empty.
const BOUNDS: &[&str] = &[
    "tren",
    "hon",
    "duoi",
    "toi da",
    "toi thieu",
    "it nhat",
    "nhieu hon",
    "it hon",
    "over",
    "more than",
    "less than",
    "under",
    "at least",
    "up to",
    ">=",
    "<=",
    ">",
    "<",
];

fn strip_word<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| {
        s.strip_prefix(w)
            .filter(|rest| {
                !w.chars().all(char::is_alphabetic) || !rest.starts_with(char::is_alphabetic)
            })
            .map(str::trim_start)
    })
}

/// An optional count such as the number of employees: "150 người" is 150; "khoảng 200" is 200
/// with a warning; a range ("50-100"), a bound ("trên 500", "500+") or anything else that is not
/// one number is left empty with a warning.
pub fn optional_count(s: &str, max: i64, what: Quantity) -> (Option<i64>, Vec<Both>) {
    let shown = one_line(s);
    let mut t = fold(&shown);
    for unit in UNITS {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim_end().to_owned();
            break;
        }
    }
    let empty = |why: Both| (None, vec![why]);
    if strip_word(&t, BOUNDS).is_some() || t.ends_with('+') {
        return empty(say::bound(&shown, what));
    }
    let (t, about) = match strip_word(&t, ABOUT) {
        Some(rest) => (rest.to_owned(), true),
        None => (t, false),
    };
    let range = t.trim_start_matches("tu ").replace(" den ", "-");
    if let Some((a, b)) = range.split_once(['-', '–', '~']) {
        if int(a.trim(), 0, max, what).is_ok() && int(b.trim(), 0, max, what).is_ok() {
            return empty(say::range(&shown, what));
        }
    }
    match int(&t, 0, max, what) {
        Ok(n) if about => (Some(n), vec![say::approximate(&shown, n)]),
        Ok(n) => (Some(n), Vec::new()),
        // Quoted as the editor typed it, not as folded for reading.
        Err(p) if p.0.message.starts_with('"') => {
            empty(say::left_empty(say::not_whole(&shown, what)))
        }
        Err(p) => empty(say::left_empty(p)),
    }
}

/// An optional founding year (a full date gives its year); what is not a plausible year is left
/// empty with a warning.
pub fn optional_year(s: &str, max: i64) -> (Option<i64>, Vec<Both>) {
    let y = s
        .get(..4)
        .filter(|_| s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes().get(7) == Some(&b'-'));
    match int(y.unwrap_or(s), 1900, max, say::YEAR) {
        Ok(n) => (Some(n), Vec::new()),
        Err(p) => (None, vec![say::left_empty(p)]),
    }
}

/// How a column of dates writes day and month: Google Forms writes "15/03/2026 10:23:45" in a
/// Vietnamese account and "3/15/2026 10:23:45" in an American one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonth {
    /// Day first (Vietnamese, British).
    DayFirst,
    /// Month first (American).
    MonthFirst,
}

impl DayMonth {
    /// The order a column's cells show: month first only when some cell has a day above 12 in
    /// second place and none in first place.
    pub fn of<'a>(cells: impl Iterator<Item = &'a str>) -> DayMonth {
        let (mut first, mut second) = (false, false);
        for c in cells {
            let mut parts = c.split_whitespace().next().unwrap_or("").split('/');
            let a = parts.next().and_then(|p| p.parse::<u32>().ok());
            let b = parts.next().and_then(|p| p.parse::<u32>().ok());
            first |= a.is_some_and(|a| a > 12);
            second |= b.is_some_and(|b| b > 12);
        }
        if second && !first {
            DayMonth::MonthFirst
        } else {
            DayMonth::DayFirst
        }
    }
}

/// A form timestamp: "2026-03-15 10:23:45", "2026-03-15", "15/03/2026 10:23:45" (or month first).
pub fn timestamp(s: &str, order: DayMonth) -> Option<NaiveDateTime> {
    let mut parts = s.split_whitespace();
    let date = parts.next()?;
    let time = parts.next().unwrap_or("0:00:00");
    let date = if date.contains('-') {
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?
    } else {
        let fmt = match order {
            DayMonth::DayFirst => "%d/%m/%Y",
            DayMonth::MonthFirst => "%m/%d/%Y",
        };
        NaiveDate::parse_from_str(date, fmt).ok()?
    };
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    Some(date.and_time(time))
}

/// An address typed over several lines, as one line: "Số 5, ngõ 12\nPhường Cổ Loa" →
/// "Số 5, ngõ 12, Phường Cổ Loa".
pub fn address(s: &str) -> String {
    s.lines()
        .map(|l| one_line(l).trim_end_matches([',', ';']).to_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a name is typed in capitals only.
pub fn all_caps(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).count() > 3 && !name.chars().any(char::is_lowercase)
}

/// The usual way of writing a name typed in capitals: its legal form as usual ("Công ty TNHH",
/// "Công ty Cổ phần"), each Vietnamese word of the distinctive name capitalised, and words that
/// are not Vietnamese syllables (abbreviations such as "ABC", "JSC") left as they are.
pub fn capitalised(name: &str) -> String {
    let (form, rest) = match legal_form(name) {
        Some((form, rest)) => (Some(form), rest),
        None => (None, name),
    };
    let mut out = String::new();
    if let Some(form) = form {
        out.push_str(form);
        out.push(' ');
    }
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if is_syllable(word) {
            let lower = word.to_lowercase();
            let mut cs = lower.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in rest.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_with_words() {
        let x = say::EMPLOYEES;
        assert_eq!(optional_count("150 người", 10_000, x), (Some(150), vec![]));
        assert_eq!(optional_count("200 lao động", 10_000, x).0, Some(200));
        assert_eq!(optional_count("1.200", 10_000, x).0, Some(1200));
        let (n, w) = optional_count("khoảng 200", 10_000, x);
        assert_eq!(n, Some(200));
        assert!(w[0].0.message.contains("approximate"), "{w:?}");
        assert!(w[0].1.message.contains("ước lượng"), "{w:?}");
        for range in [
            "50-100",
            "50 – 100",
            "từ 50 đến 100",
            "trên 500",
            "Hơn 300 người",
            "500+",
            ">500",
        ] {
            let (n, w) = optional_count(range, 10_000, x);
            assert_eq!(n, None, "{range}");
            assert!(w[0].0.message.contains("left empty"), "{range}: {w:?}");
            assert!(w[0].1.message.contains("để trống"), "{range}: {w:?}");
        }
        let (n, w) = optional_count("Nhiều", 10_000, x);
        assert_eq!(n, None);
        assert_eq!(
            w[0].0.message,
            "\"Nhiều\" is not a whole number: left empty"
        );
        assert_eq!(
            w[0].1.message,
            "\"Nhiều\" không phải là một số nguyên: để trống"
        );
        let (n, w) = optional_count("20000", 10_000, x);
        assert_eq!(n, None);
        assert!(
            w[0].0
                .message
                .starts_with("20000 is not a plausible number of employees"),
            "{w:?}"
        );
        assert_eq!(optional_year("2008-05-01 00:00:00", 2100).0, Some(2008));
        assert_eq!(optional_year("năm 2008", 2100).0, None);
    }

    #[test]
    fn timestamps_in_either_order() {
        let at = |s: &str, o| timestamp(s, o).map(|t| t.to_string());
        assert_eq!(
            at("15/03/2026 10:23:45", DayMonth::DayFirst).as_deref(),
            Some("2026-03-15 10:23:45")
        );
        assert_eq!(
            at("3/15/2026 10:23:45", DayMonth::MonthFirst).as_deref(),
            Some("2026-03-15 10:23:45")
        );
        assert_eq!(
            at("2026-03-15", DayMonth::DayFirst).as_deref(),
            Some("2026-03-15 00:00:00")
        );
        assert_eq!(at("hôm qua", DayMonth::DayFirst), None);
        let cells = ["3/15/2026 1:00:00", "4/2/2026 1:00:00"];
        assert_eq!(DayMonth::of(cells.into_iter()), DayMonth::MonthFirst);
        assert_eq!(DayMonth::of(["2/4/2026"].into_iter()), DayMonth::DayFirst);
    }

    #[test]
    fn addresses_and_capitals() {
        assert_eq!(
            address("Số 5, ngõ 12,\nPhường Cổ Loa\n Đông Anh"),
            "Số 5, ngõ 12, Phường Cổ Loa, Đông Anh"
        );
        assert!(all_caps("CÔNG TY TNHH CƠ KHÍ ABC"));
        assert!(!all_caps("Công ty TNHH ABC"));
        assert!(!all_caps("3M"));
        assert_eq!(
            capitalised("CÔNG TY TNHH CƠ KHÍ CHÍNH XÁC VIỆT-NHẬT ABC"),
            "Công ty TNHH Cơ Khí Chính Xác Việt-Nhật ABC"
        );
        assert_eq!(
            capitalised("CÔNG TY CỔ PHẦN NHỰA ĐÔNG ANH"),
            "Công ty Cổ phần Nhựa Đông Anh"
        );
        assert_eq!(
            capitalised("HỢP TÁC XÃ DỆT LA PHÙ"),
            "Hợp tác xã Dệt La Phù"
        );
    }
}
