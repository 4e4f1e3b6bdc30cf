//! Cleaning one row of the sheet into field values: each cell read by its field's rule, text in
//! a legacy encoding converted, optional fields that cannot be read left empty with a warning,
//! and every problem noted with its row and column.

use super::clean::{self, Problem, Value};
use super::columns::Columns;
use super::mapping::{Field, Mapping, Shape};
use super::values::{self, DayMonth};
use super::{legacy, write, Note};
use crate::messages::{cells, import as say, Both};
use chrono::NaiveDateTime;

/// What cleaning a row needs besides the row.
pub struct Ctx<'a> {
    /// The site as it is.
    pub model: &'a crate::model::Model,
    /// The mapping in force (for its sector aliases).
    pub mapping: &'a Mapping,
    /// This year (the latest plausible founding year).
    pub this_year: i64,
    /// How the timestamp column writes its dates.
    pub day_month: DayMonth,
}

/// One row, cleaned.
pub struct Row {
    /// Spreadsheet row number.
    pub row: usize,
    /// The values read.
    pub values: write::Values,
    /// Problems that reject the row.
    pub errors: Vec<Note>,
    /// Findings that do not.
    pub warnings: Vec<Note>,
    /// When the form was submitted, from the timestamp column.
    pub submitted: Option<NaiveDateTime>,
}

/// An error of `row` in `column`.
pub fn problem(row: usize, column: &str, p: Problem) -> Note {
    Note::said(true, Some(row), Some(column), p)
}

/// A warning about `row` in `column`.
pub fn warning(row: usize, column: &str, said: Both) -> Note {
    Note::said(false, Some(row), Some(column), said)
}

/// The keys of the vocabulary entries a cell names; the items that name none are left out with a
/// warning.
fn vocab_keys<K: crate::model::terms::TermKind>(
    s: &str,
    terms: &crate::model::Terms<K>,
) -> clean::Cleaned<Option<Value>> {
    let (keys, unmapped) = super::terms::keys(s, terms);
    let said = unmapped.map(cells::hint_inline);
    // A cell none of whose items maps leaves the field as it is.
    let value = (!keys.is_empty()).then_some(Value::List(keys));
    Ok((value, said.into_iter().collect()))
}

/// Cleans one non-empty cell for `fld`: the value (none when an optional field is left empty)
/// and the warnings.
fn clean_cell(fld: &Field, s: &str, ctx: &Ctx) -> clean::Cleaned<Option<Value>> {
    let model = ctx.model;
    let text = |v: String| Ok((Some(Value::Text(v)), Vec::new()));
    let some = |(v, w): (String, Vec<Both>)| (Some(Value::Text(v)), w);
    let int = |(n, w): (Option<i64>, Vec<Both>)| Ok((n.map(Value::Int), w));
    match fld.key {
        "tax_code" => clean::tax_code(s).map(some),
        "sector" => clean::sector(s, &model.site().sectors, &ctx.mapping.sectors).and_then(text),
        "district" => clean::district(s, model.districts()).and_then(text),
        "industrial_park" => clean::park(s, model.parks()).and_then(text),
        "founded" => int(values::optional_year(s, ctx.this_year)),
        "employees" => int(values::optional_count(s, 1_000_000, cells::EMPLOYEES)),
        // Cells of the data vocabularies become their entries' keys (src/import/terms.rs).
        "processes" => vocab_keys(s, &model.vocabularies().processes),
        "product_groups" => vocab_keys(s, &model.vocabularies().product_groups),
        "certifications" => vocab_keys(s, &model.vocabularies().certifications),
        "export_markets" => vocab_keys(s, &model.vocabularies().countries),
        "phone" => clean::phone(s).map(some),
        "email" => clean::email(s).map(some),
        "website" => clean::website(s).and_then(text),
        "address" => text(values::address(s)),
        "updated" => match values::timestamp(s, ctx.day_month) {
            Some(t) => Ok((Some(Value::Date(t.date())), Vec::new())),
            None => Ok((None, vec![cells::not_a_timestamp(s)])),
        },
        _ => match fld.shape {
            Shape::List => Ok((Some(Value::List(clean::list(s))), Vec::new())),
            Shape::Body => text(
                s.lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .to_owned(),
            ),
            Shape::Text | Shape::Int | Shape::Date => text(clean::one_line(s)),
        },
    }
}

/// The cleaned values of one row, with its errors and warnings.
pub fn clean_row(row: usize, cells: &[String], columns: &Columns, ctx: &Ctx) -> Row {
    let mut out = Row {
        row,
        values: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        submitted: None,
    };
    for (i, fld) in columns.fields.iter().enumerate() {
        let Some(fld) = fld else { continue };
        let mut s = clean::normalize(cells.get(i).map(String::as_str).unwrap_or(""));
        if s.is_empty() {
            continue;
        }
        let column = &columns.headers[i];
        if clean::excel_error(&s) {
            out.errors.push(problem(row, column, say::excel_error(&s)));
            continue;
        }
        if let Some(f) = legacy::detect(&s) {
            let (was, now) = (clean::one_line(&s), clean::one_line(&f.decoded));
            let name = f.encoding.name();
            out.warnings
                .push(warning(row, column, say::legacy_cell(&was, name, &now)));
            s = clean::normalize(&f.decoded);
        }
        if fld.key == "updated" {
            out.submitted = values::timestamp(&s, ctx.day_month);
        }
        match clean_cell(fld, &s, ctx) {
            Ok((v, w)) => {
                out.warnings
                    .extend(w.into_iter().map(|m| warning(row, column, m)));
                match v {
                    Some(Value::List(l)) if l.is_empty() => {}
                    Some(v) => out.values.push((fld, v)),
                    None => {}
                }
            }
            Err(p) => out.errors.push(problem(row, column, p)),
        }
    }
    out
}

/// The text value of the field `key` in `values`.
pub fn text_of(values: &write::Values, key: &str) -> Option<String> {
    values.iter().find_map(|(f, v)| match v {
        Value::Text(t) if f.key == key => Some(t.clone()),
        _ => None,
    })
}

/// A name typed in capitals: imported with the usual capitalisation when the editor asked for it
/// (`--fix-caps`), otherwise kept with a warning that shows the suggestion.
pub fn capitals(r: &mut Row, columns: &Columns, fix: bool) {
    let Some(name) = text_of(&r.values, "name") else {
        return;
    };
    if !values::all_caps(&name) {
        return;
    }
    let better = values::capitalised(&name);
    let column = &columns.headers[columns.of["name"]];
    let w = if fix {
        for (f, v) in &mut r.values {
            if f.key == "name" {
                *v = Value::Text(better.clone());
            }
        }
        warning(r.row, column, say::caps_fixed(&better))
    } else {
        warning(r.row, column, say::caps(&name, &better))
    };
    r.warnings.push(w);
}
