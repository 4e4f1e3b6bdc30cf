//! `cnht import enterprises survey.csv|survey.xlsx`: turns the Department's survey spreadsheet into
//! enterprise files. Each row is cleaned and checked on its own; a row that cannot be imported is
//! reported (row number, column, reason) and the others still are. An enterprise already in the
//! directory (same tax code) is updated in place; nothing is written without `--write`.

pub mod clean;
pub mod columns;
pub mod legacy;
pub mod mapping;
mod plan;
mod rows;
pub mod sheet;
pub mod terms;
pub mod values;
pub mod write;

pub use plan::plan;

use crate::diagnostics::Report;
use crate::messages::{self, import as say, Both, Lang, Said};
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
    /// Write a draft mapping of the sheet's columns to this file instead of importing.
    pub write_mapping: Option<PathBuf>,
    /// Import names typed in capitals with the suggested capitalisation.
    pub fix_caps: bool,
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
    /// What is wrong, in English.
    pub message: String,
    /// What to do, in English.
    pub hint: Option<String>,
    /// The message and hint in Vietnamese.
    pub vi: Said,
}

impl Note {
    /// A finding said in both languages (from the catalogue in `messages`).
    pub fn said(error: bool, row: Option<usize>, column: Option<&str>, (en, vi): Both) -> Note {
        Note {
            error,
            row,
            column: column.map(str::to_owned),
            message: en.message,
            hint: en.hint,
            vi,
        }
    }

    /// The message and hint in `lang`.
    pub fn text_in(&self, lang: Lang) -> (&str, Option<&str>) {
        match lang {
            Lang::Vi => (&self.vi.message, self.vi.hint.as_deref()),
            Lang::En => (&self.message, self.hint.as_deref()),
        }
    }
}

/// What an imported row does to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new enterprise file.
    Create,
    /// An existing file updated; the values that change.
    Update(Vec<Changed>),
    /// An existing file that already says everything the row says.
    Unchanged,
}

/// One value an update changes, as the file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The field.
    pub field: &'static str,
    /// The value before (`None` when the file does not have the field).
    pub old: Option<String>,
    /// The value after.
    pub new: String,
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
    /// Rows left out because a later row has the same tax code: (row, the row kept).
    pub superseded: Vec<(usize, usize)>,
    /// Columns matched without their numbering and notes or by a name inside the header:
    /// (letter, header, field).
    pub guessed: Vec<(String, String, &'static str)>,
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
    Message(Both),
    /// The site itself has errors.
    Site(Report),
}

impl From<Both> for Fatal {
    fn from(said: Both) -> Self {
        Fatal::Message(said)
    }
}

/// Writes the files of `plan` under `root`, each through a temporary file and a rename (an
/// interruption never leaves a truncated file). Stops at the first file that cannot be written.
pub fn apply(root: &Path, plan: &Plan) -> Result<usize, Both> {
    let mut n = 0;
    let boundary = crate::content::source::Boundary::new(root);
    for a in &plan.actions {
        let Some(text) = &a.text else { continue };
        let path = root.join(&a.file);
        // The loader would not read a file behind a link that leaves the site: never write one.
        if let Err(d) = boundary.check(&path) {
            return Err(say::write_refused(
                &d.file.display().to_string(),
                d.both(),
                n,
            ));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| say::cannot_create(&dir.display().to_string(), &e.to_string(), n))?;
        }
        crate::atomic_write::replace(&path, text.as_bytes())
            .map_err(|e| say::cannot_write(&a.file.display().to_string(), &e.to_string(), n))?;
        n += 1;
    }
    Ok(n)
}

fn print_notes(notes: &[Note], lang: Lang) {
    for n in notes {
        let (message, hint) = n.text_in(lang);
        eprintln!(
            "{}{message}",
            say::place(lang, n.error, n.row, n.column.as_deref())
        );
        if let Some(h) = hint {
            eprintln!("{}{h}", say::hint(lang));
        }
    }
}

fn print_plan(plan: &Plan, lang: Lang) {
    for (letter, header, field) in &plan.guessed {
        println!("  {} {letter} \"{header}\" → {field}", say::column(lang));
    }
    for a in &plan.actions {
        let (which, detail) = match &a.change {
            Change::Create => (0, a.name.clone()),
            Change::Update(changes) => (
                1,
                format!(
                    "{} — {}",
                    a.name,
                    changes
                        .iter()
                        .map(|c| c.field)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Change::Unchanged => (2, a.name.clone()),
        };
        println!(
            "  {:<9}  {}  ({} {}: {detail})",
            say::verb(lang, which),
            a.file.display(),
            say::row(lang),
            a.row
        );
        if let Change::Update(changes) = &a.change {
            for c in changes {
                let old = c.old.as_deref().unwrap_or(say::none(lang));
                println!("      {}: {old} → {}", c.field, c.new);
            }
        }
    }
    let replaced: Vec<usize> = plan.superseded.iter().map(|(r, _)| *r).collect();
    println!(
        "{}",
        say::summary(lang, plan.counts(), &replaced, &plan.rejected)
    );
}

/// The draft mapping of the sheet's columns, and of its sector values the site's sectors do not
/// name (read from the site, which must load).
fn draft_mapping(opts: &Options) -> Result<String, Fatal> {
    let loaded = crate::content::load(
        &opts.root,
        &crate::content::LoadOptions {
            drafts: true,
            ..Default::default()
        },
    )
    .map_err(Fatal::Site)?;
    let sheet = sheet::read(&opts.file)?;
    let mapping = mapping::Mapping::load(opts.mapping.as_deref())?;
    let name = opts.file.file_name().unwrap_or_default().to_string_lossy();
    Ok(columns::draft(
        &sheet,
        &mapping,
        &loaded.model.site().sectors,
        &name,
    ))
}

/// `--write-mapping`: drafts the mapping of the sheet's columns into a new file.
fn write_mapping(opts: &Options, to: &Path) -> ExitCode {
    let lang = messages::current();
    let text = match draft_mapping(opts) {
        Ok(t) => t,
        Err(Fatal::Message(m)) => {
            let m = &messages::pick(&m, lang).message;
            eprintln!("{}{m}", say::place(lang, true, None, None));
            return ExitCode::FAILURE;
        }
        Err(Fatal::Site(report)) => {
            eprint!("{}", report.render(color()));
            eprintln!("{}", say::site_has_errors(lang));
            return ExitCode::FAILURE;
        }
    };
    // Never overwrite a mapping the editor may have completed by hand.
    if let Err(e) = crate::atomic_write::create_new(to, text.as_bytes()) {
        let said = say::mapping_exists(&to.display().to_string(), &e.to_string());
        let m = &messages::pick(&said, lang).message;
        eprintln!("{}{m}", say::place(lang, true, None, None));
        return ExitCode::FAILURE;
    }
    print!("{text}");
    println!(
        "{}",
        say::mapping_written(
            lang,
            &to.display().to_string(),
            &opts.file.display().to_string()
        )
    );
    ExitCode::SUCCESS
}

/// The whole command: plan, print, write when asked, then check the site.
pub fn run(opts: &Options) -> ExitCode {
    if let Some(to) = &opts.write_mapping {
        return write_mapping(opts, to);
    }
    let lang = messages::current();
    let plan = match plan(opts) {
        Ok(p) => p,
        Err(Fatal::Message(m)) => {
            let m = &messages::pick(&m, lang).message;
            eprintln!("{}{m}", say::place(lang, true, None, None));
            eprintln!("{}", say::nothing_imported(lang));
            return ExitCode::FAILURE;
        }
        Err(Fatal::Site(report)) => {
            eprint!("{}", report.render(color()));
            eprintln!("{}", say::site_has_errors(lang));
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{}",
        say::read(lang, &opts.file.display().to_string(), plan.rows)
    );
    print_notes(&plan.notes, lang);
    print_plan(&plan, lang);
    let mut ok = plan.rejected.is_empty();
    if !ok {
        eprintln!("{}", say::rejected(lang));
    }
    if !opts.write {
        println!("{}", say::dry_run(lang));
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match apply(&opts.root, &plan) {
        Ok(n) => println!("{}", say::wrote(lang, n)),
        Err(e) => {
            let m = &messages::pick(&e, lang).message;
            eprintln!("{}{m}", say::place(lang, true, None, None));
            return ExitCode::FAILURE;
        }
    }
    println!("{}", say::checking(lang));
    let report = crate::check(&opts.root, false);
    if !report.diagnostics.is_empty() {
        eprint!("{}", report.render(color()));
    }
    if report.has_errors() {
        eprintln!("{}", say::site_now_has_errors(lang));
        ok = false;
    } else {
        println!("{}", messages::content_valid(lang));
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
