//! Reading the survey: a CSV file (UTF-8, with or without BOM, or UTF-16 "Unicode text") or the
//! first sheet of an .xlsx workbook, as rows of text cells numbered as the editor sees them.

use crate::messages::{import as say, Both};
use calamine::{Data, Reader};
use std::path::Path;

/// A spreadsheet as text.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The header row's cells.
    pub headers: Vec<String>,
    /// Data rows after the header: (row number as shown by the spreadsheet program, cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads `path` by its extension.
pub fn read(path: &Path) -> Result<Sheet, Both> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rows = match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path)?,
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path)?,
        _ => return Err(say::not_a_sheet(&path.display().to_string())),
    };
    let mut rows = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((_, headers)) = rows.next() else {
        return Err(say::no_rows(&path.display().to_string()));
    };
    Ok(Sheet {
        headers: headers.into_iter().map(|h| h.trim().to_owned()).collect(),
        rows: rows.collect(),
    })
}

fn read_csv(path: &Path) -> Result<Vec<(usize, Vec<String>)>, Both> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| say::cannot_read(&shown, &e.to_string()))?;
    let text = decode(&bytes).ok_or_else(|| say::csv_not_utf8(&shown))?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| say::not_csv(&shown, &e.to_string()))?;
        rows.push((i + 1, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// UTF-8 (BOM stripped) or UTF-16 with a BOM; `None` for anything else.
fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units = rest.chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    String::from_utf8(bytes.to_vec()).ok()
}

/// Comma, semicolon (Excel in a Vietnamese or European locale) or tab, by the header line.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut best = (b',', 0);
    for d in [b',', b';', b'\t'] {
        let mut n = 0;
        let mut quoted = false;
        for b in first.bytes() {
            if b == b'"' {
                quoted = !quoted;
            } else if b == d && !quoted {
                n += 1;
            }
        }
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

fn read_workbook(path: &Path) -> Result<Vec<(usize, Vec<String>)>, Both> {
    let shown = path.display().to_string();
    let mut wb =
        calamine::open_workbook_auto(path).map_err(|e| say::workbook(&shown, &e.to_string()))?;
    let range = match wb.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(say::first_sheet(&shown, &e.to_string())),
        None => return Err(say::no_sheet(&shown)),
    };
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect()))
        .collect())
}

/// A cell as the text a CSV export of it would hold.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => {
            // A date is a count of days since 1899-12-30; a count no calendar holds (a hostile or
            // broken workbook) stays the number, which the field's check then refuses with its row.
            // A time of day (a form's timestamp) is kept to the second.
            let days = dt.as_f64().floor();
            let seconds = ((dt.as_f64() - days) * 86_400.0).round() as i64;
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .zip(chrono::Duration::try_days(days as i64))
                .and_then(|(d, n)| d.checked_add_signed(n))
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|d| d.checked_add_signed(chrono::Duration::seconds(seconds)))
                .map(|t| match seconds {
                    0 => t.format("%Y-%m-%d").to_string(),
                    _ => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                })
                .unwrap_or_else(|| number_text(dt.as_f64()))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as Excel shows it: whole numbers without decimals, very large ones as `1E+300`
/// rather than three hundred digits.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.is_finite() && f.abs() >= 1e15 {
        let s = format!("{f:E}");
        if s.contains("E-") {
            s
        } else {
            s.replacen('E', "E+", 1)
        }
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_out_of_any_range_stay_numbers() {
        assert_eq!(number_text(320.0), "320");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(1e300), "1E+300");
        assert_eq!(number_text(-1.5e20), "-1.5E+20");
        assert_eq!(number_text(f64::NAN), "NaN");
        let date = |x: f64| {
            cell_text(&Data::DateTime(calamine::ExcelDateTime::new(
                x,
                calamine::ExcelDateTimeType::DateTime,
                false,
            )))
        };
        assert_eq!(date(39448.0), "2008-01-01");
        assert_eq!(date(39448.5), "2008-01-01 12:00:00");
        // Used to panic (TimeDelta::days out of bounds).
        assert_eq!(date(1e300), "1E+300");
        assert_eq!(date(-1e300), "-1E+300");
        assert_eq!(date(1e12), "1000000000000");
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n"), b';');
        assert_eq!(sniff_delimiter("\"a,x\";b;c\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa").as_deref(), Some("a"));
        assert_eq!(decode(b"\xFF\xFEa\x00").as_deref(), Some("a"));
        assert_eq!(decode(b"H\xb5 N\xe9i"), None);
    }
}
