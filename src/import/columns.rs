//! Which column of the sheet fills which field: headers matched through the mapping (numbering
//! and notes ignored, known names found inside longer headers), every problem with the columns
//! said once for the whole sheet, and the draft mapping file `--write-mapping` writes.

use super::mapping::{column_letter, Field, Found, Mapping, FIELDS};
use super::{legacy, sheet, Fatal, Note};
use crate::messages::{import as say, Both};
use std::collections::HashMap;

/// Fields a new enterprise cannot do without (the loader requires them).
pub const REQUIRED: &[&str] = &["name", "sector", "district", "address", "products"];

/// Which field each column of the sheet goes into.
pub struct Columns {
    /// Per column, the field it fills (none for columns not imported).
    pub fields: Vec<Option<&'static Field>>,
    /// The column of each field.
    pub of: HashMap<&'static str, usize>,
    /// The headers, converted to Unicode when they were in a legacy encoding.
    pub headers: Vec<String>,
    /// The header of the tax code's column.
    pub tax_header: String,
    /// The required fields no column holds: no new enterprise can be created.
    pub missing: Vec<&'static str>,
    /// Columns matched only without their numbering and notes, or by a name inside the header:
    /// (letter, header, field), shown so the editor can see what was understood.
    pub guessed: Vec<(String, String, &'static str)>,
}

fn sheet_note(said: Both) -> Note {
    Note::said(false, None, None, said)
}

/// Maps the headers to fields; columns that are not imported and required fields no column
/// holds are noted once. Fails when two columns fill one field or no column holds the tax code.
pub fn columns(
    sheet: &sheet::Sheet,
    mapping: &Mapping,
    notes: &mut Vec<Note>,
) -> Result<Columns, Fatal> {
    let mut cols = Columns {
        fields: Vec::new(),
        of: HashMap::new(),
        headers: Vec::new(),
        tax_header: String::new(),
        missing: Vec::new(),
        guessed: Vec::new(),
    };
    for (i, raw) in sheet.headers.iter().enumerate() {
        let letter = column_letter(i);
        let used = sheet
            .rows
            .iter()
            .any(|(_, r)| r.get(i).is_some_and(|c| !c.trim().is_empty()));
        let h = match legacy::detect(raw) {
            Some(f) => {
                notes.push(sheet_note(say::legacy_header(
                    &letter,
                    raw,
                    f.encoding.name(),
                    &f.decoded,
                )));
                f.decoded
            }
            None => raw.clone(),
        };
        let target = match mapping.find(&h) {
            _ if h.is_empty() => {
                if used {
                    notes.push(sheet_note(say::no_header(&letter)));
                }
                None
            }
            Found::Field(f, guessed) => {
                if guessed {
                    cols.guessed.push((letter.clone(), h.clone(), f.key));
                }
                Some(f)
            }
            Found::Ignored => None,
            Found::Unknown => {
                if used {
                    notes.push(sheet_note(say::unknown_column(&letter, &h)));
                }
                None
            }
            Found::Ambiguous(keys) => {
                if used {
                    notes.push(sheet_note(say::ambiguous_column(&letter, &h, &keys)));
                }
                None
            }
        };
        if let Some(f) = target {
            if let Some(prev) = cols.of.insert(f.key, i) {
                let prev_letter = column_letter(prev);
                return Err(Fatal::Message(say::two_columns(
                    (&prev_letter, &cols.headers[prev]),
                    (&letter, &h),
                    f.key,
                )));
            }
        }
        cols.fields.push(target);
        cols.headers.push(h);
    }
    let Some(&tax_col) = cols.of.get("tax_code") else {
        let headers = cols
            .headers
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Fatal::Message(say::no_tax_column(&headers)));
    };
    cols.tax_header = cols.headers[tax_col].clone();
    cols.missing = REQUIRED
        .iter()
        .copied()
        .filter(|k| !cols.of.contains_key(k))
        .collect();
    if !cols.missing.is_empty() {
        let fields = cols
            .missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        notes.push(Note::said(true, None, None, say::missing_columns(&fields)));
    }
    Ok(cols)
}

/// The text of a draft mapping file for `sheet`: every header with the field it was matched to,
/// the ones not understood left empty with a note, and under `[sectors]` every value of the
/// sector column that names none of the site's `sectors`, left `""` for the editor to fill in.
pub fn draft(
    sheet: &sheet::Sheet,
    mapping: &Mapping,
    sectors: &[crate::model::Sector],
    survey: &str,
) -> String {
    let mut out = format!(
        "# Bảng cột của {survey}, do `cnht import --write-mapping` soạn: kiểm tra từng dòng, ghi tên\n\
         # trường cho các cột còn trống (\"\" = không nhập cột đó), rồi nhập với --mapping <tệp này>.\n\
         # Draft column mapping: check each line, name the field of the empty ones (\"\" = not imported).\n\
         # Các trường / fields: {}\n\n[columns]\n",
        FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
    );
    for raw in &sheet.headers {
        if raw.trim().is_empty() {
            continue;
        }
        let h = legacy::detect(raw).map_or_else(|| raw.clone(), |f| f.decoded);
        let key = toml_edit::Value::from(raw.as_str()).to_string();
        let line = match mapping.find(&h) {
            Found::Field(f, _) => format!("{key} = \"{}\"\n", f.key),
            Found::Ignored => format!("{key} = \"\"\n"),
            Found::Unknown => format!("{key} = \"\"   # chưa rõ / not understood\n"),
            Found::Ambiguous(keys) => {
                format!("{key} = \"\"   # một trong / one of: {}\n", keys.join(", "))
            }
        };
        out.push_str(&line);
    }
    let unknown = unknown_sectors(sheet, mapping, sectors);
    if !unknown.is_empty() {
        out.push_str(&format!(
            "\n# Các lĩnh vực chưa rõ: ghi khoá của một lĩnh vực trong content/site.toml.\n\
             # Sector values not understood: write the key of a sector of content/site.toml.\n\
             # Các khoá / keys: {}\n[sectors]\n",
            sectors
                .iter()
                .map(|x| format!("{} ({})", x.key, x.name.vi))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        for value in unknown {
            let key = toml_edit::Value::from(value.as_str()).to_string();
            out.push_str(&format!("{key} = \"\"\n"));
        }
    }
    out
}

/// The values of the sector column (each once, as first written) that the import cannot map
/// onto a sector: not a sector's key or name, nor mapped by the mapping file's `[sectors]`.
fn unknown_sectors(
    sheet: &sheet::Sheet,
    mapping: &Mapping,
    sectors: &[crate::model::Sector],
) -> Vec<String> {
    let Some(col) = sheet.headers.iter().position(|raw| {
        let h = legacy::detect(raw).map_or_else(|| raw.clone(), |f| f.decoded);
        matches!(mapping.find(&h), Found::Field(f, _) if f.key == "sector")
    }) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (_, cells) in &sheet.rows {
        let raw = cells.get(col).map(String::as_str).unwrap_or("");
        let mut value = super::clean::normalize(raw);
        if let Some(f) = legacy::detect(&value) {
            value = super::clean::normalize(&f.decoded);
        }
        let value = super::clean::one_line(&value);
        if value.is_empty() || !seen.insert(super::mapping::header_key(&value)) {
            continue;
        }
        if super::clean::sector(&value, sectors, &mapping.sectors).is_err() {
            out.push(value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_is_a_mapping_file_the_import_reads_back() {
        let sheet = sheet::Sheet {
            headers: vec![
                "Dấu thời gian".into(),
                "2. Mã số doanh nghiệp/Mã số thuế".into(),
                "7. Ghi chú \"khác\"".into(),
                "Email người liên hệ".into(),
            ],
            rows: Vec::new(),
        };
        let m = Mapping::load(None).unwrap();
        let text = draft(&sheet, &m, &[], "khao-sat.csv");
        assert!(
            text.contains("\"2. Mã số doanh nghiệp/Mã số thuế\" = \"tax_code\"\n"),
            "{text}"
        );
        assert!(text.contains("\"Dấu thời gian\" = \"updated\"\n"), "{text}");
        assert!(text.contains("= \"\"   # chưa rõ"), "{text}");
        assert!(text.contains("one of: email, person"), "{text}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cot.toml");
        std::fs::write(&file, text.replace("\"\"   # một", "\"email\"   # một")).unwrap();
        let read = Mapping::load(Some(&file)).unwrap();
        assert_eq!(
            read.lookup("Email người liên hệ").unwrap().unwrap().key,
            "email"
        );
        assert_eq!(read.lookup("7. Ghi chú \"khác\""), Some(None));
    }
}
