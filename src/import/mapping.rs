//! Which spreadsheet column goes into which enterprise field: the built-in mapping for the
//! Department's survey headers, and the optional mapping file (`--mapping mapping.toml`).

use crate::diagnostics::did_you_mean;
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
    ("Quận, huyện, thị xã", "district"),
    ("Khu công nghiệp", "industrial_park"),
    ("Khu/cụm công nghiệp", "industrial_park"),
    ("Địa chỉ", "address"),
    ("Năm thành lập", "founded"),
    ("Số lao động", "employees"),
    ("Sản phẩm chính", "products"),
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
    ("E-mail", "email"),
    ("Website", "website"),
    ("Trang web", "website"),
    ("Người liên hệ", "person"),
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
    pub fn load(file: Option<&Path>) -> Result<Mapping, String> {
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
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the mapping file {}: {e}", path.display()))?;
        let parsed: MappingFile = toml::from_str(&text).map_err(|e| {
            format!(
                "the mapping file {} is not valid: {}\nIt is written like this:\n[columns]\n\"Tên doanh nghiệp\" = \"name\"\n\"Mã số thuế\" = \"tax_code\"",
                path.display(),
                e.message()
            )
        })?;
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
                    let hint = match did_you_mean(target, FIELDS.iter().map(|f| f.key)) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => format!(
                            "the fields are: {}",
                            FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    errors.push(format!(
                        "in {}: column \"{header}\" is mapped to \"{target}\", which is not an enterprise field ({hint}; write \"\" to ignore the column)",
                        path.display()
                    ));
                }
            }
        }
        for (value, key) in parsed.sectors {
            m.sectors.insert(header_key(&value), key.trim().to_owned());
        }
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(errors.join("\n"))
        }
    }

    /// The field for a column header: `Some(None)` when the column is deliberately ignored,
    /// `None` when the header is not known at all.
    pub fn lookup(&self, header: &str) -> Option<Option<&'static Field>> {
        let target = self.columns.get(&header_key(header))?;
        Some(field(target))
    }
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
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
