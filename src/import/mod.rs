//! `cnht import enterprises survey.csv|survey.xlsx`: turns the Department's survey spreadsheet into
//! enterprise files. Each row is cleaned and checked on its own; a row that cannot be imported is
//! reported (row number, column, reason) and the others still are. An enterprise already in the
//! directory (same tax code) is updated in place; nothing is written without `--write`.

pub mod clean;
pub mod legacy;
pub mod mapping;
mod plan;
pub mod sheet;
pub mod terms;
pub mod write;

pub use plan::plan;

use crate::diagnostics::Report;
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
