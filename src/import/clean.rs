//! Cleaning one cell into a field value: Unicode NFC, trimming, and the rules of each field
//! (tax codes, districts, sectors, parks, phone numbers, lists, numbers).

use crate::diagnostics::did_you_mean;
use crate::messages::{cells as say, check, Both};
use crate::model::urls::{self, UnsafeUrl, UrlKind};
use crate::model::{District, IndustrialPark, Sector};
use crate::taxcode;
use crate::text::{fold, nfc, slugify};
use std::collections::HashMap;

/// A cleaned value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text.
    Text(String),
    /// A list of texts.
    List(Vec<String>),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(chrono::NaiveDate),
}

/// Why a cell cannot be imported, what is wrong and what to do, in English and Vietnamese (from
/// the catalogue, `messages::cells`).
pub type Problem = Both;

/// A cleaned value with the warnings its cleaning raised.
pub type Cleaned<T> = Result<(T, Vec<Both>), Problem>;

/// NFC, line breaks unified, non-breaking spaces made plain, trimmed; survey fillers such as
/// "-", "x", "không" or "N/A" count as empty.
pub fn normalize(raw: &str) -> String {
    let s = nfc(raw)
        .replace("\r\n", "\n")
        .replace(['\r', '\u{a0}'], " ")
        .replace('\u{feff}', "");
    let s = s.trim();
    let folded = fold(s);
    if matches!(
        folded.as_str(),
        "-" | "--" | "---" | "x" | "khong" | "khong co" | "chua co" | "n/a" | "na"
    ) {
        return String::new();
    }
    s.to_owned()
}

/// Runs of whitespace (line breaks included) as one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list cell: items separated by `;`, line breaks, commas or "+" (not inside brackets:
/// "Khuôn (nhựa, kim loại)" is one item), bullets dropped, duplicates removed.
pub fn list(s: &str) -> Vec<String> {
    split_list(s, true)
}

/// A list cell split as `list` does, at commas only when `commas` is set (a vocabulary cell is
/// split at commas only where the whole item names no entry: "Cắt, phay CNC" is one process).
pub fn split_list(s: &str, commas: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |item: &str| {
        let item = one_line(item);
        let item = item
            .trim_start_matches(['-', '•', '*', '–'])
            .trim()
            .to_owned();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    };
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ';' | '\n' | '+' if depth == 0 => {
                push(&s[start..i]);
                start = i + c.len_utf8();
            }
            ',' if depth == 0 && commas => {
                push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    push(&s[start..]);
    out
}

/// A certification's name with its spelling tidied, without a vocabulary: the standard's
/// letters in capitals and one space before its number ("iso9001:2015" → "ISO 9001:2015").
/// The vocabulary mapping (`terms::keys`) tries this spelling when the item as written names no
/// entry.
pub fn certification(item: &str) -> String {
    let item = one_line(item);
    let letters = item
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(item.len());
    let (head, tail) = item.split_at(letters);
    let standard = [
        "iso", "iatf", "iec", "jis", "haccp", "gmp", "ohsas", "ul", "rohs", "sa",
    ];
    if !standard.contains(&head.to_ascii_lowercase().as_str()) {
        return item;
    }
    match tail.trim_start() {
        "" => head.to_ascii_uppercase(),
        tail => format!("{} {tail}", head.to_ascii_uppercase()),
    }
}

/// Excel's error values, which a cell shows when its formula failed.
pub fn excel_error(s: &str) -> bool {
    matches!(
        s,
        "#N/A" | "#REF!" | "#VALUE!" | "#DIV/0!" | "#NAME?" | "#NUM!" | "#NULL!" | "#GETTING_DATA"
    )
}

/// A tax code as text; a 9-digit number that lost its leading zero is completed, with a warning.
pub fn tax_code(s: &str) -> Cleaned<String> {
    let (code, mut warnings) = tax_code_text(s);
    tax_code_digits(code).map(|(c, w)| {
        warnings.extend(w);
        (c, warnings)
    })
}

/// Labels an editor may type before the code ("MST: 0109528905").
const TAX_CODE_LABELS: &[&str] = &[
    "mst",
    "ma so thue",
    "ma so doanh nghiep",
    "msdn",
    "ma so dn",
];

/// The code as typed without its label, spaces and dots ("MST: 0100.166.136" → "0100166136");
/// 13 digits typed without the branch's dash are split ("0107866666002" → "0107866666-002").
fn tax_code_text(s: &str) -> (String, Vec<Both>) {
    let s = s.trim().trim_start_matches('\'');
    let start = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    let label = fold(&s[..start]);
    let label = label.trim_end_matches([':', '.', ' ', '-']).trim();
    let rest = if TAX_CODE_LABELS.contains(&label) {
        &s[start..]
    } else {
        s
    };
    let mut code: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let mut warnings = Vec::new();
    if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) {
        let split = format!("{}-{}", &code[..10], &code[10..]);
        warnings.push(say::branch_code(&code, &split));
        code = split;
    }
    (code, warnings)
}

fn tax_code_digits(code: String) -> Cleaned<String> {
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code.as_str(), None),
    };
    if main.len() == 9 && main.bytes().all(|b| b.is_ascii_digit()) {
        let restored = match branch {
            Some(b) => format!("0{main}-{b}"),
            None => format!("0{main}"),
        };
        return match taxcode::validate(&restored) {
            Ok(()) => Ok((restored.clone(), vec![say::zero_restored(&code, &restored)])),
            Err(e) => Err(say::not_restorable(
                &code,
                &restored,
                check::tax_code_error(&taxcode::TaxCodeError::Shape),
                check::tax_code_error(&e),
            )),
        };
    }
    if code.contains(['E', 'e']) && code.contains('+') {
        return Err(say::scientific(&code));
    }
    match taxcode::validate(&code) {
        Ok(()) => Ok((code, Vec::new())),
        Err(e) => Err(check::invalid_tax_code(&code, &e)),
    }
}

/// District prefixes an editor may write before the name.
const DISTRICT_PREFIXES: &[&str] = &[
    "thi xa ", "tx. ", "tx.", "tx ", "quan ", "q. ", "q.", "huyen ", "h. ", "h.",
];

/// A district name as written ("huyện Đông Anh", "Dong Anh", "dong-anh") → its slug.
pub fn district(s: &str, districts: &[District]) -> Result<String, Problem> {
    let mut f = fold(&one_line(s));
    for suffix in [
        ", thanh pho ha noi",
        ", tp ha noi",
        ", tp. ha noi",
        ", ha noi",
        " - ha noi",
    ] {
        if let Some(rest) = f.strip_suffix(suffix) {
            f = rest.to_owned();
        }
    }
    for p in DISTRICT_PREFIXES {
        if let Some(rest) = f.strip_prefix(p) {
            f = rest.trim().to_owned();
            break;
        }
    }
    let slug = slugify(&f);
    if let Some(d) = districts
        .iter()
        .find(|d| d.slug == slug || slugify(&d.name) == slug)
    {
        return Ok(d.slug.clone());
    }
    let near = did_you_mean(&slug, districts.iter().map(|d| d.slug.as_str())).map(|m| {
        let d = districts.iter().find(|d| d.slug == m);
        (d.map(|d| d.name.as_str()).unwrap_or(m), m)
    });
    Err(say::unknown_district(&one_line(s), near))
}

/// A sector written as its key, its Vietnamese or English name, or an alias of the mapping file.
pub fn sector(
    s: &str,
    sectors: &[Sector],
    aliases: &HashMap<String, String>,
) -> Result<String, Problem> {
    let k = slugify(s);
    if let Some(key) = aliases.get(&k) {
        if sectors.iter().any(|x| &x.key == key) {
            return Ok(key.clone());
        }
        return Err(say::mapped_sector_unknown(s, key));
    }
    let names = |x: &Sector| {
        [Some(x.key.as_str()), Some(x.name.vi.as_str()), x.name.en()]
            .into_iter()
            .flatten()
            .map(slugify)
            .collect::<Vec<_>>()
    };
    if let Some(x) = sectors.iter().find(|x| names(x).contains(&k)) {
        return Ok(x.key.clone());
    }
    let all: Vec<(String, &Sector)> = sectors
        .iter()
        .flat_map(|x| names(x).into_iter().map(move |n| (n, x)))
        .collect();
    let near = did_you_mean(&k, all.iter().map(|(n, _)| n.as_str()))
        .and_then(|m| all.iter().find(|(n, _)| n == m))
        .map(|(_, x)| (x.name.vi.as_str(), x.key.as_str()));
    let names = sectors
        .iter()
        .map(|x| format!("\"{}\"", x.name.vi))
        .collect::<Vec<_>>()
        .join(", ");
    Err(say::unknown_sector(s, near, &names))
}

/// A park's name without its kind ("khu cong nghiep thang long" → "thang long").
fn park_core(folded: &str) -> String {
    let mut f = folded.trim().to_owned();
    for p in [
        "khu cong nghiep cao ",
        "khu cong nghe cao ",
        "khu cong nghiep ",
        "cum cong nghiep ",
        "kcnc ",
        "kcn ",
        "ccn ",
    ] {
        if let Some(rest) = f.strip_prefix(p) {
            f = rest.to_owned();
            break;
        }
    }
    slugify(&f)
}

/// An industrial park written as its slug or name ("KCN Thăng Long", "Khu công nghiệp Thăng Long").
pub fn park(s: &str, parks: &[IndustrialPark]) -> Result<String, Problem> {
    let k = slugify(s);
    let core = park_core(&fold(s));
    if let Some(p) = parks.iter().find(|p| {
        p.slug == k
            || slugify(&p.name.vi) == k
            || p.name.en().is_some_and(|n| slugify(n) == k)
            || park_core(&fold(&p.name.vi)) == core
    }) {
        return Ok(p.slug.clone());
    }
    let near = did_you_mean(&k, parks.iter().map(|p| p.slug.as_str()));
    Err(say::unknown_park(s, near))
}

/// A whole number; Vietnamese thousands separators ("1.200") and Excel's "320.0" accepted.
pub fn int(s: &str, min: i64, max: i64, what: say::Quantity) -> Result<i64, Problem> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.strip_suffix(".0").unwrap_or(&t);
    let digits: String = t.chars().filter(|c| *c != '.' && *c != ',').collect();
    let grouped = t.split(['.', ',']).skip(1).all(|g| g.len() == 3);
    let n = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && grouped {
        digits.parse::<i64>().ok()
    } else {
        None
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        Some(n) => Err(say::implausible(n, what, min, max)),
        None => Err(say::not_whole(s, what)),
    }
}

/// The founding year; a full date gives its year.
pub fn year(s: &str, max: i64) -> Result<i64, Problem> {
    let y = s
        .get(..4)
        .filter(|_| s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-');
    int(y.unwrap_or(s), 1900, max, say::YEAR)
}

/// Phone numbers in the site's format: Hanoi landlines "024 XXXX XXXX", mobiles "0XXX XXX XXX".
/// Several numbers (separated by `;`, `/`, `,`, " - " or line breaks) are kept, joined by ", ".
/// A number the import does not recognise is kept as written, with a warning, when it still has
/// the shape `cnht check` accepts ("0912 345 678 máy lẻ 12"); anything else rejects the row.
pub fn phone(s: &str) -> Cleaned<String> {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let s = s.replace(" - ", ";").replace(" – ", ";");
    for part in s.split([';', '/', ',', '\n']) {
        let part = one_line(part);
        if part.is_empty() {
            continue;
        }
        match one_phone(&part) {
            Some((n, w)) => {
                out.push(n);
                warnings.extend(w);
            }
            None => {
                urls::check_phone(&part).map_err(say::phone_refused)?;
                warnings.push(say::phone_kept(&part));
                out.push(part);
            }
        }
    }
    Ok((out.join(", "), warnings))
}

fn one_phone(part: &str) -> Option<(String, Option<Both>)> {
    if !part
        .chars()
        .all(|c| c.is_ascii_digit() || " .-()+".contains(c))
    {
        return None;
    }
    let plus = part.trim_start().starts_with('+');
    let mut d: String = part.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(rest) = d.strip_prefix("0084") {
        d = format!("0{rest}");
    } else if plus {
        d = format!("0{}", d.strip_prefix("84")?);
    } else if d.starts_with("84") && (11..=12).contains(&d.len()) {
        d = format!("0{}", &d[2..]);
    }
    let mut warning = None;
    if !d.starts_with('0') {
        // Excel dropped the leading zero of a mobile or a landline.
        if (d.len() == 9 && d.starts_with(['3', '5', '7', '8', '9']))
            || (d.len() == 10 && d.starts_with('2'))
        {
            d = format!("0{d}");
        } else if d.len() == 8 && d.starts_with(['2', '3', '6']) {
            warning = Some(say::no_area_code(part));
            d = format!("024{d}");
        } else if (d.starts_with("1800") || d.starts_with("1900")) && (8..=10).contains(&d.len()) {
            return Some((format!("{} {}", &d[..4], &d[4..]), None));
        } else {
            return None;
        }
    }
    if d.len() == 10 && d.starts_with("04") {
        warning = Some(say::old_area_code(part));
        d = format!("024{}", &d[2..]);
    }
    let b = d.as_bytes();
    if d.len() == 11 && (d.starts_with("024") || d.starts_with("028")) {
        Some((format!("{} {} {}", &d[..3], &d[3..7], &d[7..]), warning))
    } else if (d.len() == 11 && d.starts_with("02"))
        || (d.len() == 10 && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9'))
    {
        Some((format!("{} {} {}", &d[..4], &d[4..7], &d[7..]), warning))
    } else {
        None
    }
}

/// One e-mail address. A cell with several keeps the first, with a warning naming the others
/// (the page links one address); a cell that is not an address — "khuonmau @ bachkhoa .vn" —
/// rejects the row, as `cnht check` would reject the file, with the address it probably means.
pub fn email(s: &str) -> Cleaned<String> {
    let parts: Vec<&str> = s
        .split([';', ',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // Addresses separated by spaces only ("a@x.vn b@y.vn"): each word holds an @.
    let parts: Vec<&str> =
        if parts.len() == 1 && parts[0].split_whitespace().all(|w| w.contains('@')) {
            parts[0].split_whitespace().collect()
        } else {
            parts
        };
    let mut out = Vec::new();
    for p in parts {
        let p = p
            .get(..7)
            .filter(|m| m.eq_ignore_ascii_case("mailto:"))
            .map_or(p, |_| &p[7..]);
        if let Err(m) = urls::check_email(p) {
            let joined: String = p.split_whitespace().collect();
            let joined = (joined != p && urls::check_email(&joined).is_ok()).then_some(joined);
            return Err(say::email_refused(m, joined.as_deref()));
        }
        out.push(p.to_owned());
    }
    let mut warnings = Vec::new();
    if out.len() > 1 {
        let others = out[1..]
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(say::several_emails(out.len(), &out[0], &others));
    }
    Ok((out.into_iter().next().unwrap_or_default(), warnings))
}

/// A web address; `https://` is added when the scheme is missing. Anything else than an `http`
/// or `https` address (`javascript:`, `data:`, `mailto:`, …) rejects the row: the URL policy that
/// `cnht check` applies to the written file.
pub fn website(raw: &str) -> Result<String, Problem> {
    let problem = say::website_refused;
    // The cell as a browser would read it (tabs and line breaks inside removed): a scheme that
    // is not allowed rejects the row before anything is tidied away.
    if let Err(UnsafeUrl::Scheme(scheme)) = urls::classify(raw) {
        if !scheme.contains('.') {
            return Err(problem(UnsafeUrl::Scheme(scheme).said()));
        }
    }
    let s = one_line(raw);
    let s = s.trim_end_matches('/');
    let url = match urls::classify(s) {
        // `www.example.vn`, or `example.vn:8080` (a host and port, not a scheme).
        Ok(UrlKind::Relative) => format!("https://{s}"),
        Err(UnsafeUrl::Scheme(scheme)) if scheme.contains('.') => format!("https://{s}"),
        _ => s.to_owned(),
    };
    urls::check_web(&url).map_err(problem)?;
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(slug: &str, name: &str, kind: &str) -> District {
        District {
            slug: slug.into(),
            name: name.into(),
            kind: crate::model::Vocabulary::parse(kind).expect("a district kind"),
            code: None,
        }
    }

    #[test]
    fn phones() {
        for (raw, want) in [
            ("024 3881 2345", "024 3881 2345"),
            ("+84 24 3881 2345", "024 3881 2345"),
            ("(024) 38.81.23.45", "024 3881 2345"),
            ("84-24-3881-2345", "024 3881 2345"),
            ("2438812345", "024 3881 2345"),
            ("0912.345.678", "0912 345 678"),
            ("+84912345678", "0912 345 678"),
            ("912345678", "0912 345 678"),
            (
                "0912 345 678 / 024 3881 2345",
                "0912 345 678, 024 3881 2345",
            ),
            ("0220 3855 123", "0220 385 5123"),
            ("1900 1234", "1900 1234"),
        ] {
            let (p, w) = phone(raw).unwrap();
            assert_eq!(p, want, "{raw}");
            assert!(w.is_empty(), "{raw}: {w:?}");
        }
        assert_eq!(phone("04 3881 2345").unwrap().0, "024 3881 2345");
        assert_eq!(phone("04 3881 2345").unwrap().1.len(), 1);
        assert_eq!(phone("3881 2345").unwrap().0, "024 3881 2345");
        let (p, w) = phone("0912 345 678 máy lẻ 12").unwrap();
        assert_eq!(p, "0912 345 678 máy lẻ 12");
        assert_eq!(w.len(), 1);
        assert_eq!(
            phone("0243 861 2222 - 0904 111 222").unwrap().0,
            "024 3861 2222, 0904 111 222"
        );
        assert!(phone("gọi giờ hành chính").is_err());
        assert!(phone("12345").is_err());
    }

    #[test]
    fn tax_codes() {
        assert_eq!(tax_code("0100233488").unwrap().0, "0100233488");
        assert_eq!(tax_code(" 0100 233 488 ").unwrap().0, "0100233488");
        let (c, w) = tax_code("100233488").unwrap();
        assert_eq!(c, "0100233488");
        assert!(w[0].0.message.contains("leading zero"));
        assert_eq!(tax_code("314409058-002").unwrap().0, "0314409058-002");
        let e = tax_code("0100233480").unwrap_err();
        assert!(e.0.message.contains("should be 8"), "{}", e.0.message);
        assert!(e.1.message.contains("phải là 8"), "{}", e.1.message);
        let e = tax_code("100233480").unwrap_err();
        assert!(e.0.message.contains("not valid either"), "{}", e.0.message);
        assert!(tax_code("1.00233E+08").is_err());
        assert_eq!(tax_code("0100.233.488").unwrap().0, "0100233488");
        assert_eq!(tax_code("MST: 0100233488").unwrap().0, "0100233488");
        assert_eq!(tax_code("Mã số thuế 0100233488").unwrap().0, "0100233488");
        let (c, w) = tax_code("0314409058002").unwrap();
        assert_eq!(c, "0314409058-002");
        assert!(w[0].0.message.contains("13 digits"));
        assert!(w[0].1.message.contains("13 chữ số"));
    }

    #[test]
    fn districts() {
        let ds = [
            d("dong-anh", "Đông Anh", "Huyện"),
            d("long-bien", "Long Biên", "Quận"),
            d("son-tay", "Sơn Tây", "Thị xã"),
        ];
        for s in [
            "huyện Đông Anh",
            "Dong Anh",
            "Đông Anh",
            "dong-anh",
            "H. Đông Anh",
            "Huyện Đông Anh, Hà Nội",
        ] {
            assert_eq!(district(s, &ds).unwrap(), "dong-anh", "{s}");
        }
        assert_eq!(district("Thị xã Sơn Tây", &ds).unwrap(), "son-tay");
        assert_eq!(district("Quận Long Biên", &ds).unwrap(), "long-bien");
        let e = district("Long Bein", &ds).unwrap_err();
        assert!(e.0.hint.unwrap().contains("did you mean Long Biên"));
        assert!(e.1.hint.unwrap().contains("có phải là Long Biên"));
    }

    #[test]
    fn lists_and_numbers() {
        assert_eq!(list("A; B\nC;; - D\nA"), ["A", "B", "C", "D"]);
        assert_eq!(list("A, B + C\n+ D"), ["A", "B", "C", "D"]);
        assert_eq!(
            list("Khuôn (nhựa, kim loại), E"),
            ["Khuôn (nhựa, kim loại)", "E"]
        );
        assert_eq!(certification("iso9001:2015"), "ISO 9001:2015");
        assert_eq!(certification(" iso  14001 "), "ISO 14001");
        assert_eq!(
            certification("Hàng Việt Nam chất lượng cao"),
            "Hàng Việt Nam chất lượng cao"
        );
        assert_eq!(int("1.200", 0, 10_000, say::EMPLOYEES).unwrap(), 1200);
        assert_eq!(int("320.0", 0, 10_000, say::EMPLOYEES).unwrap(), 320);
        assert!(int("khoảng 300", 0, 10_000, say::EMPLOYEES).is_err());
        assert!(int("3.5", 0, 10_000, say::EMPLOYEES).is_err());
        assert_eq!(year("2008-05-01", 2100).unwrap(), 2008);
        assert_eq!(normalize(" - "), "");
        assert_eq!(normalize("Không có"), "");
        assert_eq!(normalize("#N/A"), "#N/A");
    }

    #[test]
    fn websites_and_emails_follow_the_url_rule() {
        assert_eq!(website("www.x.vn/").unwrap(), "https://www.x.vn");
        assert_eq!(website("HTTP://x.vn").unwrap(), "HTTP://x.vn");
        assert_eq!(website("x.vn:8080").unwrap(), "https://x.vn:8080");
        for hostile in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "mailto:a@b.vn",
        ] {
            assert!(website(hostile).is_err(), "{hostile:?}");
        }
        let (first, w) = email("mailto:a@b.vn; c@d.vn").unwrap();
        assert_eq!(first, "a@b.vn");
        assert!(w[0].0.message.contains("`c@d.vn`"), "{w:?}");
        assert_eq!(email("a@b.vn c@d.vn").unwrap().0, "a@b.vn");
        let e = email("khuonmau @ bachkhoa .vn").unwrap_err();
        assert!(e.0.hint.unwrap().contains("`khuonmau@bachkhoa.vn`"));
        assert!(e.1.hint.unwrap().contains("ghi liền"));
        assert!(email("javascript:alert(1)").is_err());
        assert!(email("a@b").is_err());
    }
}
