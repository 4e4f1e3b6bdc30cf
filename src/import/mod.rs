//! `cnht import enterprises survey.csv|survey.xlsx`: turns the Department's survey spreadsheet into
//! enterprise files. Each row is cleaned and checked on its own; a row that cannot be imported is
//! reported (row number, column, reason) and the others still are. An enterprise already in the
//! directory (same tax code) is updated in place; nothing is written without `--write`.

pub mod clean;
pub mod legacy;
pub mod mapping;
pub mod sheet;
pub mod write;

use crate::content::{self, LoadOptions};
use crate::diagnostics::Report;
use crate::text::{distinctive_name, slugify};
use clean::{Problem, Value};
use mapping::{column_letter, Field, Mapping, Shape};
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What to import (one kind for now).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Enterprise records into content/enterprises/.
    Enterprises,
}

/// The command's options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Site folder (holds content/).
    pub root: PathBuf,
    /// The survey: .csv or .xlsx.
    pub file: PathBuf,
    /// A mapping file adding to or overriding the built-in header mapping.
    pub mapping: Option<PathBuf>,
    /// Write the files; without it the import only reports what it would do.
    pub write: bool,
}

/// A finding about the spreadsheet, in the editor's terms.
#[derive(Debug, Clone)]
pub struct Note {
    /// An error rejects its row; a warning does not.
    pub error: bool,
    /// Spreadsheet row number (header = row 1), when the finding is about a row.
    pub row: Option<usize>,
    /// The column header concerned.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// What an imported row does to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new enterprise file.
    Create,
    /// An existing file updated; the fields that change.
    Update(Vec<&'static str>),
    /// An existing file that already says everything the row says.
    Unchanged,
}

/// One imported row.
#[derive(Debug, Clone)]
pub struct Action {
    /// Spreadsheet row number.
    pub row: usize,
    /// The enterprise's name (from the row or the file).
    pub name: String,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// What happens to it.
    pub change: Change,
    text: Option<String>,
}

/// Everything the import would do.
#[derive(Debug, Default)]
pub struct Plan {
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// The imported rows.
    pub actions: Vec<Action>,
    /// Row numbers of the rejected rows.
    pub rejected: Vec<usize>,
    /// Errors and warnings, in row order.
    pub notes: Vec<Note>,
}

impl Plan {
    /// Number of actions of each kind: (created, updated, unchanged).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for a in &self.actions {
            match a.change {
                Change::Create => c.0 += 1,
                Change::Update(_) => c.1 += 1,
                Change::Unchanged => c.2 += 1,
            }
        }
        c
    }
}

/// Why the import could not run at all.
#[derive(Debug)]
pub enum Fatal {
    /// A problem with the command, the spreadsheet or the mapping.
    Message(String),
    /// The site itself has errors.
    Site(Report),
}

impl From<String> for Fatal {
    fn from(s: String) -> Self {
        Fatal::Message(s)
    }
}

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

/// Cleans one non-empty cell for `fld`.
fn clean_cell(fld: &Field, s: &str, ctx: &Ctx) -> Result<(Value, Vec<String>), Problem> {
    let model = ctx.model;
    let text = |v: String| Ok((Value::Text(v), Vec::new()));
    match fld.key {
        "tax_code" => clean::tax_code(s).map(|(c, w)| (Value::Text(c), w)),
        "sector" => clean::sector(s, &model.site.sectors, &ctx.mapping.sectors).and_then(text),
        "district" => clean::district(s, &model.districts).and_then(text),
        "industrial_park" => clean::park(s, &model.parks).and_then(text),
        "founded" => clean::year(s, ctx.this_year).map(|n| (Value::Int(n), Vec::new())),
        "employees" => {
            clean::int(s, 0, 1_000_000, "number of employees").map(|n| (Value::Int(n), Vec::new()))
        }
        "export_markets" => clean::markets(clean::list(s)).map(|l| (Value::List(l), Vec::new())),
        "phone" => {
            let (p, w) = clean::phone(s);
            Ok((Value::Text(p), w))
        }
        "email" => {
            let (e, w) = clean::email(s);
            Ok((Value::Text(e), w))
        }
        "website" => text(clean::website(&clean::one_line(s))),
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

    // Columns → fields.
    let mut cols: Vec<Option<&'static Field>> = Vec::new();
    let mut column_of: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in sheet.headers.iter().enumerate() {
        let letter = column_letter(i);
        let used = sheet
            .rows
            .iter()
            .any(|(_, r)| r.get(i).is_some_and(|c| !c.trim().is_empty()));
        let target = if h.is_empty() {
            if used {
                plan.notes.push(Note {
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
                        plan.notes.push(Note {
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
            if let Some(prev) = column_of.insert(f.key, i) {
                return Err(Fatal::Message(format!(
                    "columns {} \"{}\" and {letter} \"{h}\" both go into the field `{}`: keep one, or map the other to \"\" in a mapping file",
                    column_letter(prev),
                    sheet.headers[prev],
                    f.key
                )));
            }
        }
        cols.push(target);
    }
    let Some(&tax_col) = column_of.get("tax_code") else {
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
    let tax_header = sheet.headers[tax_col].clone();

    // Existing enterprises and taken file names.
    let existing: HashMap<&str, &crate::model::Enterprise> = model
        .enterprises
        .iter()
        .map(|e| (e.tax_code.as_str(), e))
        .collect();
    let mut taken: HashSet<String> = model.enterprises.iter().map(|e| e.slug.clone()).collect();
    let dir = opts.root.join("content/enterprises");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if let Some(stem) = p.file_stem().and_then(|s| s.to_str()) {
            taken.insert(stem.to_owned());
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();

    for (row, cells) in &sheet.rows {
        let row = *row;
        let mut values: write::Values = Vec::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for (i, fld) in cols.iter().enumerate() {
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
            match clean_cell(fld, &s, &ctx) {
                Ok((v, w)) => {
                    warnings.extend(w.into_iter().map(|m| warning(row, column, m)));
                    if !matches!(&v, Value::List(l) if l.is_empty()) {
                        values.push((fld, v));
                    }
                }
                Err(p) => errors.push(problem(row, column, p)),
            }
        }
        if values.is_empty() && errors.is_empty() {
            continue;
        }
        plan.rows += 1;
        let get = |key: &str| {
            values.iter().find_map(|(f, v)| match v {
                Value::Text(t) if f.key == key => Some(t.clone()),
                _ => None,
            })
        };
        let tax = get("tax_code");
        if tax.is_none()
            && !errors
                .iter()
                .any(|e| e.column.as_ref() == Some(&tax_header))
        {
            errors.push(problem(
                row,
                &tax_header,
                Problem::new(
                    "the tax code is missing",
                    Some("the tax code identifies the enterprise: rows without one cannot be imported".into()),
                ),
            ));
        }
        if let Some(t) = &tax {
            if let Some(first) = seen.get(t) {
                errors.push(problem(
                    row,
                    &tax_header,
                    Problem::new(
                        format!("the tax code {t} is already on row {first}"),
                        Some(
                            "each enterprise appears once in the survey; merge the two rows".into(),
                        ),
                    ),
                ));
            } else {
                seen.insert(t.clone(), row);
            }
        }
        let action = match (&tax, errors.is_empty()) {
            (Some(t), true) => match existing.get(t.as_str()) {
                Some(e) => {
                    let text = std::fs::read_to_string(opts.root.join(&e.origin.file))
                        .map_err(|x| format!("cannot read {}: {x}", e.origin.file.display()))?;
                    match write::update(&e.origin.file, &text, &values) {
                        Ok((new, changed)) => Some(Action {
                            row,
                            name: get("name").unwrap_or_else(|| e.name.clone()),
                            file: e.origin.file.clone(),
                            change: if new.is_some() {
                                Change::Update(changed)
                            } else {
                                Change::Unchanged
                            },
                            text: new,
                        }),
                        Err(m) => {
                            errors.push(problem(row, &tax_header, Problem::new(m, None)));
                            None
                        }
                    }
                }
                None => {
                    for key in REQUIRED {
                        if values.iter().any(|(f, _)| f.key == *key) {
                            continue;
                        }
                        let (column, message) = match column_of.get(key) {
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
                    let name = get("name").unwrap_or_default();
                    let base = crate::text::cap_slug(slugify(distinctive_name(&name)));
                    if errors.is_empty() && base.is_empty() {
                        errors.push(problem(
                            row,
                            &sheet.headers[column_of["name"]],
                            Problem::new(
                                format!("no web address can be made from the name \"{name}\""),
                                None,
                            ),
                        ));
                    }
                    if errors.is_empty() {
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
                            text: Some(write::new_file(&values)),
                        })
                    } else {
                        None
                    }
                }
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

/// Writes the files of `plan` under `root`, each through a temporary file and a rename (an
/// interruption never leaves a truncated file). Stops at the first file that cannot be written.
pub fn apply(root: &Path, plan: &Plan) -> Result<usize, String> {
    let mut n = 0;
    let stopped = |n: usize| match n {
        0 => "no file was written".to_owned(),
        1 => "1 file was written before it, the others were not".to_owned(),
        n => format!("{n} files were written before it, the others were not"),
    };
    let boundary = crate::content::source::Boundary::new(root);
    for a in &plan.actions {
        let Some(text) = &a.text else { continue };
        let path = root.join(&a.file);
        // The loader would not read a file behind a link that leaves the site: never write one.
        if let Err(d) = boundary.check(&path) {
            return Err(format!(
                "{}: {}; {}",
                d.file.display(),
                d.message,
                stopped(n)
            ));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}; {}", dir.display(), stopped(n)))?;
        }
        crate::atomic_write::replace(&path, text.as_bytes()).map_err(|e| {
            format!(
                "cannot write {} ({e}): it is as it was before; {}",
                a.file.display(),
                stopped(n)
            )
        })?;
        n += 1;
    }
    Ok(n)
}

fn print_notes(notes: &[Note]) {
    for n in notes {
        let mut line = String::from(if n.error { "error: " } else { "warning: " });
        match (n.row, &n.column) {
            (Some(r), Some(c)) => line.push_str(&format!("row {r}, column \"{c}\": ")),
            (Some(r), None) => line.push_str(&format!("row {r}: ")),
            (None, Some(c)) => line.push_str(&format!("column \"{c}\": ")),
            (None, None) => {}
        }
        line.push_str(&n.message);
        eprintln!("{line}");
        if let Some(h) = &n.hint {
            eprintln!("  hint: {h}");
        }
    }
}

fn print_plan(plan: &Plan) {
    for a in &plan.actions {
        let (verb, detail) = match &a.change {
            Change::Create => ("create", a.name.clone()),
            Change::Update(fields) => ("update", format!("{} — {}", a.name, fields.join(", "))),
            Change::Unchanged => ("unchanged", a.name.clone()),
        };
        println!(
            "  {verb:<9}  {}  (row {}: {detail})",
            a.file.display(),
            a.row
        );
    }
    let (c, u, s) = plan.counts();
    let mut summary = format!("{c} created, {u} updated, {s} unchanged");
    if !plan.rejected.is_empty() {
        let rows: Vec<String> = plan.rejected.iter().map(usize::to_string).collect();
        summary.push_str(&format!(
            ", {} rejected (row{} {})",
            plan.rejected.len(),
            if rows.len() == 1 { "" } else { "s" },
            rows.join(", ")
        ));
    }
    println!("{summary}");
}

/// The whole command: plan, print, write when asked, then check the site.
pub fn run(opts: &Options) -> ExitCode {
    let plan = match plan(opts) {
        Ok(p) => p,
        Err(Fatal::Message(m)) => {
            eprintln!("error: {m}");
            eprintln!("Nothing was imported.");
            return ExitCode::FAILURE;
        }
        Err(Fatal::Site(report)) => {
            eprint!("{}", report.render(color()));
            eprintln!("The site has errors (above): fix them first (`cnht check`), then import again. Nothing was imported.");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Read {}: {} row{} of enterprises",
        opts.file.display(),
        plan.rows,
        if plan.rows == 1 { "" } else { "s" }
    );
    print_notes(&plan.notes);
    print_plan(&plan);
    let mut ok = plan.rejected.is_empty();
    if !ok {
        eprintln!(
            "The rejected rows were not imported: correct them in the spreadsheet and import it again (rows already imported will show as unchanged)."
        );
    }
    if !opts.write {
        println!(
            "Dry run: nothing was written. Run the same command with --write to write these files."
        );
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match apply(&opts.root, &plan) {
        Ok(n) => println!("Wrote {n} file{}.", if n == 1 { "" } else { "s" }),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("Checking the site (as `cnht check` does)…");
    let report = crate::check(&opts.root, false);
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render(color()));
    }
    if report.has_errors() {
        eprintln!("The site now has errors (above): correct the files or the spreadsheet, then run `cnht check`.");
        ok = false;
    } else {
        println!("Content is valid: no errors.");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
