//! Which spreadsheet column goes into which enterprise field: the built-in mapping for the
//! Department's survey headers, and the optional mapping file (`--mapping mapping.toml`).

use crate::diagnostics::did_you_mean;
use crate::messages::{import as say, Both};
use crate::text::slugify;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// How a field's cell is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line of text.
    Text,
    /// A list: the cell is split on `;` and line breaks.
    List,
    /// A whole number.
    Int,
    /// Free text kept with its line breaks (the Markdown body).
    Body,
    /// A date (the survey's timestamp, kept as the record's date of last update).
    Date,
}

/// An enterprise field the import can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name in the enterprise file (`phone` for `[contact] phone`).
    pub key: &'static str,
    /// How the cell is read.
    pub shape: Shape,
    /// Whether it sits in the `[contact]` table.
    pub contact: bool,
}

const fn f(key: &'static str, shape: Shape) -> Field {
    Field {
        key,
        shape,
        contact: false,
    }
}

const fn c(key: &'static str) -> Field {
    Field {
        key,
        shape: Shape::Text,
        contact: true,
    }
}

/// Every field the import can fill, in the order new files are written.
pub const FIELDS: &[Field] = &[
    f("name", Shape::Text),
    f("name_en", Shape::Text),
    f("tax_code", Shape::Text),
    f("sector", Shape::Text),
    f("district", Shape::Text),
    f("industrial_park", Shape::Text),
    f("address", Shape::Text),
    f("founded", Shape::Int),
    f("employees", Shape::Int),
    f("products", Shape::List),
    f("products_en", Shape::List),
    f("product_groups", Shape::List),
    f("processes", Shape::List),
    f("certifications", Shape::List),
    f("customers", Shape::List),
    f("export_markets", Shape::List),
    f("description_en", Shape::Text),
    f("description", Shape::Body),
    f("updated", Shape::Date),
    c("phone"),
    c("email"),
    c("website"),
    c("person"),
];

/// The field named `key` (`contact.phone` is accepted for `phone`).
pub fn field(key: &str) -> Option<&'static Field> {
    let key = key.trim();
    let key = key.strip_prefix("contact.").unwrap_or(key);
    FIELDS.iter().find(|f| f.key == key)
}

/// The survey's own headers, matched after folding (so "Ma so thue" works too).
/// An empty field means the column is ignored without a warning (the row number "STT").
pub const DEFAULT_COLUMNS: &[(&str, &str)] = &[
    ("STT", ""),
    ("TT", ""),
    ("Tên doanh nghiệp", "name"),
    ("Tên công ty", "name"),
    ("Tên tiếng Anh", "name_en"),
    ("Tên giao dịch tiếng Anh", "name_en"),
    ("Mã số thuế", "tax_code"),
    ("MST", "tax_code"),
    ("Mã số doanh nghiệp", "tax_code"),
    ("Lĩnh vực", "sector"),
    ("Quận/Huyện", "district"),
    ("Quận", "district"),
    ("Huyện", "district"),
    ("Quận, huyện, thị xã", "district"),
    ("Khu công nghiệp", "industrial_park"),
    ("Khu/cụm công nghiệp", "industrial_park"),
    ("Địa chỉ", "address"),
    ("Năm thành lập", "founded"),
    ("Số lao động", "employees"),
    ("Sản phẩm chính", "products"),
    ("Sản phẩm", "products"),
    ("Sản phẩm chính (tiếng Anh)", "products_en"),
    ("Nhóm sản phẩm", "product_groups"),
    ("Công nghệ", "processes"),
    ("Quy trình sản xuất", "processes"),
    ("Chứng nhận", "certifications"),
    ("Khách hàng", "customers"),
    ("Thị trường xuất khẩu", "export_markets"),
    ("Giới thiệu (tiếng Anh)", "description_en"),
    ("Giới thiệu", "description"),
    ("Mô tả", "description"),
    ("Điện thoại", "phone"),
    ("Số điện thoại", "phone"),
    ("Email", "email"),
    ("Địa chỉ email", "email"),
    ("Email address", "email"),
    ("Địa chỉ website", "website"),
    ("Địa chỉ trang web", "website"),
    ("E-mail", "email"),
    ("Website", "website"),
    ("Trang web", "website"),
    ("Người liên hệ", "person"),
    ("Dấu thời gian", "updated"),
    ("Timestamp", "updated"),
    ("Ngày cập nhật", "updated"),
];

/// Headers are compared in this form: folded, punctuation and spacing ignored.
pub fn header_key(header: &str) -> String {
    slugify(header)
}

/// The mapping in force: header key → field key (`""` to ignore the column), plus sector aliases.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    columns: HashMap<String, String>,
    /// Folded sector value → sector key, from the mapping file's `[sectors]`.
    pub sectors: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    sectors: BTreeMap<String, String>,
}

impl Mapping {
    /// The built-in mapping, with the mapping file's entries on top when one is given.
    pub fn load(file: Option<&Path>) -> Result<Mapping, Both> {
        let mut m = Mapping::default();
        for (h, k) in DEFAULT_COLUMNS {
            m.columns.insert(header_key(h), (*k).to_owned());
        }
        // A column may also be headed by the field's own name ("tax_code").
        for fld in FIELDS {
            m.columns
                .entry(header_key(fld.key))
                .or_insert_with(|| fld.key.to_owned());
            if fld.contact {
                m.columns.insert(
                    header_key(&format!("contact.{}", fld.key)),
                    fld.key.to_owned(),
                );
            }
        }
        let Some(path) = file else { return Ok(m) };
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| say::cannot_read(&shown, &e.to_string()))?;
        let parsed: MappingFile =
            toml::from_str(&text).map_err(|e| say::mapping_invalid(&shown, e.message()))?;
        let mut errors = Vec::new();
        for (header, target) in parsed.columns {
            let target = target.trim();
            if target.is_empty() || target == "-" {
                m.columns.insert(header_key(&header), String::new());
                continue;
            }
            match field(target) {
                Some(fld) => {
                    m.columns.insert(header_key(&header), fld.key.to_owned());
                }
                None => {
                    let all = FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ");
                    let near = did_you_mean(target, FIELDS.iter().map(|f| f.key)).ok_or(&*all);
                    errors.push(say::mapping_field(&shown, &header, target, near));
                }
            }
        }
        for (value, key) in parsed.sectors {
            // A value the editor has not filled in yet (as `--write-mapping` drafts it) maps
            // nothing: the import then says the value is not a known sector, as without it.
            if !key.trim().is_empty() {
                m.sectors.insert(header_key(&value), key.trim().to_owned());
            }
        }
        if errors.is_empty() {
            Ok(m)
        } else {
            let join =
                |lang: fn(&Both) -> &str| errors.iter().map(lang).collect::<Vec<_>>().join("\n");
            Err(crate::messages::both(
                join(|b| &b.0.message),
                join(|b| &b.1.message),
            ))
        }
    }

    /// The field for a column header: `Some(None)` when the column is deliberately ignored,
    /// `None` when the header is not known at all.
    pub fn lookup(&self, header: &str) -> Option<Option<&'static Field>> {
        match self.find(header) {
            Found::Field(f, _) => Some(Some(f)),
            Found::Ignored => Some(None),
            Found::Unknown | Found::Ambiguous(_) => None,
        }
    }

    /// How the header of a column is matched: as written, without its numbering and notes
    /// ("4. Quận/Huyện", "Tên doanh nghiệp (ghi đầy đủ …)", "Email *"), or by one known header
    /// inside it ("2. Mã số doanh nghiệp/Mã số thuế").
    pub fn find(&self, header: &str) -> Found {
        let exact = |key: &str| {
            self.columns.get(key).map(|t| match field(t) {
                Some(f) => Found::Field(f, false),
                None => Found::Ignored,
            })
        };
        if let Some(found) = exact(&header_key(header)) {
            return found;
        }
        let bare = header_key(&bare_header(header));
        if bare.is_empty() {
            return Found::Unknown;
        }
        if let Some(found) = exact(&bare) {
            return match found {
                Found::Field(f, _) => Found::Field(f, true),
                other => other,
            };
        }
        // Known headers inside a longer one, whole words only; ignored ones ("STT") never count.
        let padded = format!("-{bare}-");
        let mut hits: Vec<(&'static Field, &str)> = Vec::new();
        for (key, target) in &self.columns {
            let Some(f) = field(target) else { continue };
            if key.len() >= 3 && padded.contains(&format!("-{key}-")) {
                hits.push((f, key));
            }
        }
        // The longest known header wins when it holds every other ("Sản phẩm chính tiếng Anh"
        // holds "Sản phẩm chính"); otherwise the fields found must agree.
        hits.sort_by_key(|(_, k)| std::cmp::Reverse(k.len()));
        if let Some(&(f, longest)) = hits.first() {
            if hits.iter().all(|&(_, k)| longest.contains(k)) {
                return Found::Field(f, true);
            }
        }
        let mut keys: Vec<&'static str> = hits.iter().map(|(f, _)| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        match keys.len() {
            0 => Found::Unknown,
            1 => Found::Field(hits[0].0, true),
            _ => Found::Ambiguous(keys),
        }
    }
}

/// What a column header was matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A field; `true` when found only without the header's numbering and notes, or inside it.
    Field(&'static Field, bool),
    /// Deliberately not imported (the row number "STT", or `""` in the mapping file).
    Ignored,
    /// No known header.
    Unknown,
    /// Known headers of several fields inside it.
    Ambiguous(Vec<&'static str>),
}

/// A header without its question number ("4.", "Câu 4:"), its notes in brackets and the form's
/// "required" star: "1. Tên doanh nghiệp (ghi đầy đủ …) *" → "Tên doanh nghiệp".
pub fn bare_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in header.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    let mut s = out.trim().trim_end_matches(['*', ':']).trim();
    let lower = s.to_lowercase();
    for word in ["câu hỏi", "câu", "question"] {
        if lower.starts_with(word) {
            s = s.get(word.len()..).unwrap_or(s).trim_start();
            break;
        }
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // A question number has one to three digits ("2020 doanh thu" is a year, not a number).
    if (1..=3).contains(&digits) {
        let rest = &s[digits..];
        let rest = rest.strip_prefix(['.', ')', ':', '-']).unwrap_or(rest);
        if rest.len() < s.len() - digits || rest.starts_with(' ') {
            s = rest.trim_start_matches(['.', ' ']);
        }
    }
    s.trim().to_owned()
}

/// The spreadsheet's name for column `index` (0 → A, 26 → AA).
pub fn column_letter(mut index: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_folded() {
        let m = Mapping::load(None).unwrap();
        assert_eq!(m.lookup("Mã số thuế").unwrap().unwrap().key, "tax_code");
        assert_eq!(m.lookup("Ma so thue").unwrap().unwrap().key, "tax_code");
        assert_eq!(m.lookup(" QUẬN / HUYỆN ").unwrap().unwrap().key, "district");
        assert_eq!(m.lookup("tax_code").unwrap().unwrap().key, "tax_code");
        assert_eq!(m.lookup("contact.phone").unwrap().unwrap().key, "phone");
        assert_eq!(m.lookup("STT"), Some(None), "ignored without a warning");
        assert!(m.lookup("Ghi chú").is_none());
    }

    #[test]
    fn form_headers_match_without_numbers_and_notes() {
        let m = Mapping::load(None).unwrap();
        let key = |h: &str| match m.find(h) {
            Found::Field(f, _) => f.key,
            other => panic!("{h}: {other:?}"),
        };
        assert_eq!(key("4. Quận/Huyện"), "district");
        assert_eq!(key("11. Website"), "website");
        assert_eq!(key("2. Mã số doanh nghiệp/Mã số thuế"), "tax_code");
        assert_eq!(
            key("1. Tên doanh nghiệp (ghi đầy đủ theo Giấy chứng nhận ĐKDN)"),
            "name"
        );
        assert_eq!(key("Câu 9: Số lao động hiện nay *"), "employees");
        assert_eq!(key("Dấu thời gian"), "updated");
        assert_eq!(key("Timestamp"), "updated");
        assert_eq!(key("Sản phẩm chính (tiếng Anh)"), "products_en");
        assert_eq!(key("6b. Sản phẩm chính tiếng Anh"), "products_en");
        assert_eq!(
            m.find("Tên doanh nghiệp"),
            Found::Field(field("name").unwrap(), false)
        );
        assert!(
            matches!(m.find("Email người liên hệ"), Found::Ambiguous(k) if k == ["email", "person"])
        );
        assert_eq!(m.find("3. Ghi chú"), Found::Unknown);
        assert_eq!(m.find("1. STT"), Found::Ignored);
        assert_eq!(bare_header("2020 doanh thu"), "2020 doanh thu");
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
