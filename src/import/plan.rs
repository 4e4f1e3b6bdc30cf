//! Working out what an import would do, row by row: the columns mapped to fields, each row's
//! cells cleaned, its tax code checked, and the enterprise file it creates or updates.

use super::clean::{self, Problem, Value};
use super::mapping::{column_letter, Field, Mapping, Shape};
use super::{legacy, sheet, write, Action, Change, Fatal, Note, Options, Plan};
use crate::content::{self, LoadOptions};
use crate::text::{distinctive_name, slugify};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Fields a new enterprise cannot do without (the loader requires them).
const REQUIRED: &[&str] = &["name", "sector", "district", "address", "products"];

struct Ctx<'a> {
    model: &'a crate::model::Model,
    mapping: &'a Mapping,
    this_year: i64,
}

fn problem(row: usize, column: &str, p: Problem) -> Note {
    Note {
        error: true,
        row: Some(row),
        column: Some(column.to_owned()),
        message: p.message,
        hint: p.hint,
    }
}

fn warning(row: usize, column: &str, message: String) -> Note {
    Note {
        error: false,
        row: Some(row),
        column: Some(column.to_owned()),
        message,
        hint: None,
    }
}

/// The keys of the vocabulary entries a cell names.
fn vocab_keys<K: crate::model::terms::TermKind>(
    s: &str,
    terms: &crate::model::Terms<K>,
) -> Result<(Value, Vec<String>), Problem> {
    super::terms::keys(s, terms).map(|l| (Value::List(l), Vec::new()))
}

/// Cleans one non-empty cell for `fld`.
fn clean_cell(fld: &Field, s: &str, ctx: &Ctx) -> Result<(Value, Vec<String>), Problem> {
    let model = ctx.model;
    let text = |v: String| Ok((Value::Text(v), Vec::new()));
    match fld.key {
        "tax_code" => clean::tax_code(s).map(|(c, w)| (Value::Text(c), w)),
        "sector" => clean::sector(s, &model.site().sectors, &ctx.mapping.sectors).and_then(text),
        "district" => clean::district(s, model.districts()).and_then(text),
        "industrial_park" => clean::park(s, model.parks()).and_then(text),
        "founded" => clean::year(s, ctx.this_year).map(|n| (Value::Int(n), Vec::new())),
        "employees" => {
            clean::int(s, 0, 1_000_000, "number of employees").map(|n| (Value::Int(n), Vec::new()))
        }
        // Cells of the data vocabularies become their entries' keys (src/import/terms.rs).
        "processes" => vocab_keys(s, &model.vocabularies().processes),
        "product_groups" => vocab_keys(s, &model.vocabularies().product_groups),
        "certifications" => vocab_keys(s, &model.vocabularies().certifications),
        "export_markets" => vocab_keys(s, &model.vocabularies().countries),
        "phone" => {
            let (p, w) = clean::phone(s);
            Ok((Value::Text(p), w))
        }
        "email" => clean::email(s).and_then(text),
        "website" => clean::website(s).and_then(text),
        _ => match fld.shape {
            Shape::List => Ok((Value::List(clean::list(s)), Vec::new())),
            Shape::Body => text(
                s.lines()
                    .map(str::trim_end)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .to_owned(),
            ),
            Shape::Text | Shape::Int => text(clean::one_line(s)),
        },
    }
}

/// Reads the spreadsheet and works out what importing it would do; writes nothing.
pub fn plan(opts: &Options) -> Result<Plan, Fatal> {
    let today = chrono::Local::now().date_naive();
    let loaded = content::load(
        &opts.root,
        &LoadOptions {
            drafts: true,
            today,
            dates: None,
        },
    )
    .map_err(Fatal::Site)?;
    let model = &loaded.model;
    let mapping = Mapping::load(opts.mapping.as_deref())?;
    let sheet = sheet::read(&opts.file)?;
    let ctx = Ctx {
        model,
        mapping: &mapping,
        this_year: chrono::Datelike::year(&today) as i64,
    };
    let mut plan = Plan::default();
    let columns = columns(&sheet, &mapping, &mut plan.notes)?;
    let mut site = Site::of(opts, model);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, cells) in &sheet.rows {
        let row = *row;
        let (values, mut errors, warnings) = clean_row(row, cells, &columns, &sheet, &ctx);
        if values.is_empty() && errors.is_empty() {
            continue;
        }
        plan.rows += 1;
        let tax = text_of(&values, "tax_code");
        check_tax_code(row, &tax, &columns, &mut seen, &mut errors);
        let action = match (&tax, errors.is_empty()) {
            (Some(t), true) => match site.existing.get(t.as_str()) {
                Some(e) => update(opts, row, e, &values, &columns, &mut errors)?,
                None => create(row, &values, &columns, &sheet, &mut site.taken, &mut errors),
            },
            _ => None,
        };
        plan.notes.extend(errors);
        plan.notes.extend(warnings);
        match action {
            Some(a) => plan.actions.push(a),
            None => plan.rejected.push(row),
        }
    }
    plan.notes.sort_by_key(|n| (n.row, !n.error));
    Ok(plan)
}

/// Which field each column of the sheet goes into.
struct Columns {
    /// Per column, the field it fills (none for columns not imported).
    fields: Vec<Option<&'static Field>>,
    /// The column of each field.
    of: HashMap<&'static str, usize>,
    /// The header of the tax code's column.
    tax_header: String,
}

/// Maps the headers to fields; columns that are not imported are noted. Fails when the headers
/// are in a legacy encoding, two columns fill one field or no column holds the tax code.
fn columns(
    sheet: &sheet::Sheet,
    mapping: &Mapping,
    notes: &mut Vec<Note>,
) -> Result<Columns, Fatal> {
    let mut fields: Vec<Option<&'static Field>> = Vec::new();
    let mut of: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        let letter = column_letter(i);
        let used = sheet
            .rows
            .iter()
            .any(|(_, r)| r.get(i).is_some_and(|c| !c.trim().is_empty()));
        let target = if h.is_empty() {
            if used {
                notes.push(Note {
                    error: false,
                    row: None,
                    column: None,
                    message: format!("column {letter} has no header and is not imported"),
                    hint: Some("give it a header the mapping knows, e.g. \"Số lao động\"".into()),
                });
            }
            None
        } else if let Some(f) = legacy::detect(h) {
            return Err(Fatal::Message(format!(
                "the headers are in the old {} encoding (\"{h}\" probably reads \"{}\"): convert the whole file to Unicode (e.g. UniKey → Công cụ chuyển mã) and import again",
                f.encoding.name(),
                f.decoded
            )));
        } else {
            match mapping.lookup(h) {
                Some(t) => t,
                None => {
                    if used {
                        notes.push(Note {
                            error: false,
                            row: None,
                            column: None,
                            message: format!(
                                "column {letter} \"{h}\" is not imported: no field is mapped to it"
                            ),
                            hint: Some(format!(
                                "to import it, name its field in a mapping file: [columns] \"{h}\" = \"…\"; to silence this, map it to \"\""
                            )),
                        });
                    }
                    None
                }
            }
        };
        if let Some(f) = target {
            if let Some(prev) = of.insert(f.key, i) {
                return Err(Fatal::Message(format!(
                    "columns {} \"{}\" and {letter} \"{h}\" both go into the field `{}`: keep one, or map the other to \"\" in a mapping file",
                    column_letter(prev),
                    sheet.headers[prev],
                    f.key
                )));
            }
        }
        fields.push(target);
    }
    let Some(&tax_col) = of.get("tax_code") else {
        return Err(Fatal::Message(format!(
            "no column holds the tax code (\"Mã số thuế\"), which identifies each enterprise. The headers are: {}. Name the right column in a mapping file: [columns] \"…\" = \"tax_code\"",
            sheet
                .headers
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    Ok(Columns {
        fields,
        of,
        tax_header: sheet.headers[tax_col].clone(),
    })
}

/// The enterprises already in the directory (by tax code) and the file names taken.
struct Site<'m> {
    existing: HashMap<&'m str, &'m crate::model::Enterprise>,
    taken: HashSet<String>,
}

impl<'m> Site<'m> {
    fn of(opts: &Options, model: &'m crate::model::Model) -> Site<'m> {
        let existing = model
            .enterprises()
            .iter()
            .map(|e| (e.tax_code.as_str(), e))
            .collect();
        let mut taken: HashSet<String> =
            model.enterprises().iter().map(|e| e.slug.clone()).collect();
        let dir = opts.root.join("content/enterprises");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if let Some(stem) = p.file_stem().and_then(|s| s.to_str()) {
                taken.insert(stem.to_owned());
            }
        }
        Site { existing, taken }
    }
}

/// The cleaned values of one row, with its errors and warnings.
fn clean_row(
    row: usize,
    cells: &[String],
    columns: &Columns,
    sheet: &sheet::Sheet,
    ctx: &Ctx,
) -> (write::Values, Vec<Note>, Vec<Note>) {
    let mut values: write::Values = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (i, fld) in columns.fields.iter().enumerate() {
        let Some(fld) = fld else { continue };
        let s = clean::normalize(cells.get(i).map(String::as_str).unwrap_or(""));
        if s.is_empty() {
            continue;
        }
        let column = &sheet.headers[i];
        if clean::excel_error(&s) {
            errors.push(problem(
                row,
                column,
                Problem::new(
                    format!("the cell shows the Excel error {s}"),
                    Some("fix the formula or type the value".into()),
                ),
            ));
            continue;
        }
        if let Some(f) = legacy::detect(&s) {
            errors.push(problem(
                row,
                column,
                Problem::new(
                    format!(
                        "\"{}\" is written in the old {} encoding, not Unicode (it probably reads \"{}\")",
                        clean::one_line(&s),
                        f.encoding.name(),
                        clean::one_line(&f.decoded)
                    ),
                    Some("convert the file to Unicode (e.g. UniKey → Công cụ chuyển mã, from the old encoding to Unicode), save it and import again".into()),
                ),
            ));
            continue;
        }
        match clean_cell(fld, &s, ctx) {
            Ok((v, w)) => {
                warnings.extend(w.into_iter().map(|m| warning(row, column, m)));
                if !matches!(&v, Value::List(l) if l.is_empty()) {
                    values.push((fld, v));
                }
            }
            Err(p) => errors.push(problem(row, column, p)),
        }
    }
    (values, errors, warnings)
}

/// The text value of the field `key` in `values`.
fn text_of(values: &write::Values, key: &str) -> Option<String> {
    values.iter().find_map(|(f, v)| match v {
        Value::Text(t) if f.key == key => Some(t.clone()),
        _ => None,
    })
}

/// The row has a tax code, not seen on an earlier row.
fn check_tax_code(
    row: usize,
    tax: &Option<String>,
    columns: &Columns,
    seen: &mut HashMap<String, usize>,
    errors: &mut Vec<Note>,
) {
    let header = &columns.tax_header;
    match tax {
        None if !errors.iter().any(|e| e.column.as_ref() == Some(header)) => {
            errors.push(problem(
                row,
                header,
                Problem::new(
                    "the tax code is missing",
                    Some("the tax code identifies the enterprise: rows without one cannot be imported".into()),
                ),
            ));
        }
        None => {}
        Some(t) => match seen.get(t) {
            Some(first) => errors.push(problem(
                row,
                header,
                Problem::new(
                    format!("the tax code {t} is already on row {first}"),
                    Some("each enterprise appears once in the survey; merge the two rows".into()),
                ),
            )),
            None => {
                seen.insert(t.clone(), row);
            }
        },
    }
}

/// The row updates the file of the enterprise `e`, already in the directory.
fn update(
    opts: &Options,
    row: usize,
    e: &crate::model::Enterprise,
    values: &write::Values,
    columns: &Columns,
    errors: &mut Vec<Note>,
) -> Result<Option<Action>, Fatal> {
    let text = std::fs::read_to_string(opts.root.join(&e.origin.file))
        .map_err(|x| format!("cannot read {}: {x}", e.origin.file.display()))?;
    Ok(match write::update(&e.origin.file, &text, values) {
        Ok((new, changed)) => Some(Action {
            row,
            name: text_of(values, "name").unwrap_or_else(|| e.name.vi.clone()),
            file: e.origin.file.clone(),
            change: if new.is_some() {
                Change::Update(changed)
            } else {
                Change::Unchanged
            },
            text: new,
        }),
        Err(m) => {
            errors.push(problem(row, &columns.tax_header, Problem::new(m, None)));
            None
        }
    })
}

/// The row makes a new enterprise file, when it has every required field and a name a file name
/// can be made of.
fn create(
    row: usize,
    values: &write::Values,
    columns: &Columns,
    sheet: &sheet::Sheet,
    taken: &mut HashSet<String>,
    errors: &mut Vec<Note>,
) -> Option<Action> {
    for key in REQUIRED {
        if values.iter().any(|(f, _)| f.key == *key) {
            continue;
        }
        let (column, message) = match columns.of.get(key) {
            Some(&c) => (
                sheet.headers[c].clone(),
                format!("the cell is empty, but `{key}` is required for an enterprise that is not in the directory yet"),
            ),
            None => (
                String::new(),
                format!("no column holds `{key}`, which an enterprise that is not in the directory yet requires"),
            ),
        };
        errors.push(Note {
            error: true,
            row: Some(row),
            column: (!column.is_empty()).then_some(column),
            message,
            hint: None,
        });
    }
    let name = text_of(values, "name").unwrap_or_default();
    let base = crate::text::cap_slug(slugify(distinctive_name(&name)));
    if errors.is_empty() && base.is_empty() {
        errors.push(problem(
            row,
            &sheet.headers[columns.of["name"]],
            Problem::new(
                format!("no web address can be made from the name \"{name}\""),
                None,
            ),
        ));
    }
    if !errors.is_empty() {
        return None;
    }
    let mut slug = base.clone();
    let mut n = 1;
    while taken.contains(&slug) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    taken.insert(slug.clone());
    Some(Action {
        row,
        name,
        file: PathBuf::from("content/enterprises").join(format!("{slug}.md")),
        change: Change::Create,
        text: Some(write::new_file(values)),
    })
}
