//! Working out what an import would do: the columns mapped to fields, each row cleaned, of two
//! rows with one tax code the later kept, and the enterprise file each row creates or updates.

use super::columns::{columns, Columns, REQUIRED};
use super::mapping::Mapping;
use super::rows::{self, problem, text_of, warning, Ctx, Row};
use super::values::DayMonth;
use super::{sheet, write, Action, Change, Fatal, Note, Options, Plan};
use crate::content::{self, LoadOptions};
use crate::messages::import as say;
use crate::text::{cap_slug, distinctive_name, slugify};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Reads the spreadsheet and works out what importing it would do; writes nothing.
pub fn plan(opts: &Options) -> Result<Plan, Fatal> {
    let today = chrono::Local::now().date_naive();
    let loaded = content::load(
        &opts.root,
        &LoadOptions {
            drafts: true,
            today,
            ..Default::default()
        },
    )
    .map_err(Fatal::Site)?;
    let model = &loaded.model;
    let mapping = Mapping::load(opts.mapping.as_deref())?;
    let sheet = sheet::read(&opts.file)?;
    let mut plan = Plan::default();
    let columns = columns(&sheet, &mapping, &mut plan.notes)?;
    plan.guessed = columns.guessed.clone();
    let day_month = match columns.of.get("updated") {
        Some(&c) => DayMonth::of(
            sheet
                .rows
                .iter()
                .filter_map(|(_, r)| r.get(c).map(String::as_str)),
        ),
        None => DayMonth::DayFirst,
    };
    let ctx = Ctx {
        model,
        mapping: &mapping,
        this_year: chrono::Datelike::year(&today) as i64,
        day_month,
    };
    let mut cleaned: Vec<Row> = Vec::new();
    for (row, cells) in &sheet.rows {
        let mut r = rows::clean_row(*row, cells, &columns, &ctx);
        if r.values.is_empty() && r.errors.is_empty() {
            continue;
        }
        rows::capitals(&mut r, &columns, opts.fix_caps);
        cleaned.push(r);
    }
    plan.rows = cleaned.len();
    let kept = latest_per_tax_code(&mut cleaned, &columns, &mut plan);
    let mut site = Site::of(opts, model);
    for (mut r, keep) in cleaned.into_iter().zip(kept) {
        if !keep {
            plan.notes.extend(r.warnings);
            continue;
        }
        let tax = text_of(&r.values, "tax_code");
        if tax.is_none()
            && !r
                .errors
                .iter()
                .any(|e| e.column.as_ref() == Some(&columns.tax_header))
        {
            r.errors
                .push(problem(r.row, &columns.tax_header, say::no_tax_code()));
        }
        let action = match (&tax, r.errors.is_empty()) {
            (Some(t), true) => match site.existing.get(t.as_str()).copied() {
                Some(e) => update(opts, e, &mut r, &columns)?,
                None => create(&mut r, &columns, &mut site),
            },
            _ => None,
        };
        plan.notes.extend(r.errors);
        plan.notes.extend(r.warnings);
        match action {
            Some(a) => plan.actions.push(a),
            None => plan.rejected.push(r.row),
        }
    }
    plan.notes.sort_by_key(|n| (n.row, !n.error));
    Ok(plan)
}

/// Of rows with one tax code, the one submitted last (by the timestamp column, else the lower
/// row) is kept; each other is noted with the row that replaces it and why. Rows with errors
/// take no part: they are rejected with their errors, whatever other rows say. Returns, per
/// row, whether it is kept.
fn latest_per_tax_code(rows: &mut [Row], columns: &Columns, plan: &mut Plan) -> Vec<bool> {
    let mut latest: HashMap<String, usize> = HashMap::new();
    let tax = |r: &Row| text_of(&r.values, "tax_code").filter(|_| r.errors.is_empty());
    for (i, r) in rows.iter().enumerate() {
        let Some(t) = tax(r) else {
            continue;
        };
        let later = |a: &Row, b: &Row| (a.submitted, a.row) > (b.submitted, b.row);
        if latest.get(&t).is_none_or(|&j| later(r, &rows[j])) {
            latest.insert(t, i);
        }
    }
    let mut keep = vec![true; rows.len()];
    for i in 0..rows.len() {
        let Some(t) = tax(&rows[i]) else {
            continue;
        };
        let j = latest[&t];
        if j == i {
            continue;
        }
        keep[i] = false;
        let (old, new) = (&rows[i], &rows[j]);
        let times = match (old.submitted, new.submitted) {
            (Some(a), Some(b)) if a != b => Some((
                a.format("%Y-%m-%d %H:%M").to_string(),
                b.format("%Y-%m-%d %H:%M").to_string(),
            )),
            _ => None,
        };
        let when = times.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
        plan.superseded.push((old.row, new.row));
        let said = say::superseded(&t, new.row, when);
        rows[i].warnings = vec![warning(old.row, &columns.tax_header, said)];
    }
    keep
}

/// The enterprises already in the directory (by tax code and by name) and the file names taken.
struct Site<'m> {
    existing: HashMap<&'m str, &'m crate::model::Enterprise>,
    /// Folded distinctive name → (file, tax code) of the enterprises in the directory and of
    /// those this import creates.
    names: HashMap<String, (PathBuf, String)>,
    taken: HashSet<String>,
}

impl<'m> Site<'m> {
    fn of(opts: &Options, model: &'m crate::model::Model) -> Site<'m> {
        let existing = model
            .enterprises()
            .iter()
            .map(|e| (e.tax_code.as_str(), e))
            .collect();
        let names = model
            .enterprises()
            .iter()
            .map(|e| {
                let key = slugify(distinctive_name(&e.name.vi));
                (key, (e.origin.file.clone(), e.tax_code.clone()))
            })
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
        Site {
            existing,
            names,
            taken,
        }
    }
}

/// The row updates the file of the enterprise `e`, already in the directory. A name the sheet
/// types in capitals never replaces the file's name written as usual.
fn update(
    opts: &Options,
    e: &crate::model::Enterprise,
    r: &mut Row,
    columns: &Columns,
) -> Result<Option<Action>, Fatal> {
    if let Some(name) = text_of(&r.values, "name") {
        if name != e.name.vi && name.to_lowercase() == e.name.vi.to_lowercase() {
            r.values.retain(|(f, _)| f.key != "name");
            let column = &columns.headers[columns.of["name"]];
            r.warnings
                .push(warning(r.row, column, say::name_kept(&name, &e.name.vi)));
        }
    }
    let text = std::fs::read_to_string(opts.root.join(&e.origin.file))
        .map_err(|x| say::cannot_read(&e.origin.file.display().to_string(), &x.to_string()))?;
    Ok(match write::update(&e.origin.file, &text, &r.values) {
        Ok((new, changed)) => Some(Action {
            row: r.row,
            name: text_of(&r.values, "name").unwrap_or_else(|| e.name.vi.clone()),
            file: e.origin.file.clone(),
            change: if new.is_some() {
                Change::Update(changed)
            } else {
                Change::Unchanged
            },
            text: new,
        }),
        Err(m) => {
            r.errors.push(problem(r.row, &columns.tax_header, m));
            None
        }
    })
}

/// The row makes a new enterprise file, when it has every required field and a name a file name
/// can be made of. A name already in the directory (or on an earlier row) under another tax code
/// is warned as a possible duplicate.
fn create(r: &mut Row, columns: &Columns, site: &mut Site) -> Option<Action> {
    let row = r.row;
    if !columns.missing.is_empty() {
        r.errors.push(Note::said(
            true,
            Some(row),
            None,
            say::new_without_columns(),
        ));
        return None;
    }
    for key in REQUIRED {
        if r.values.iter().any(|(f, _)| f.key == *key) {
            continue;
        }
        let column = &columns.headers[columns.of[key]];
        r.errors
            .push(problem(row, column, say::required_empty(key)));
    }
    let name = text_of(&r.values, "name").unwrap_or_default();
    let key = slugify(distinctive_name(&name));
    let base = cap_slug(key.clone());
    if r.errors.is_empty() && base.is_empty() {
        let column = &columns.headers[columns.of["name"]];
        r.errors
            .push(problem(row, column, say::no_address_from(&name)));
    }
    if !r.errors.is_empty() {
        return None;
    }
    let mut slug = base.clone();
    let mut n = 1;
    while site.taken.contains(&slug) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    site.taken.insert(slug.clone());
    let file = PathBuf::from("content/enterprises").join(format!("{slug}.md"));
    let tax = text_of(&r.values, "tax_code").unwrap_or_default();
    if let Some((other, other_tax)) = site.names.get(&key) {
        let said = say::possible_duplicate(
            &other.display().to_string(),
            other_tax,
            &tax,
            &file.display().to_string(),
        );
        let column = &columns.headers[columns.of["name"]];
        r.warnings.push(warning(row, column, said));
    } else {
        site.names.insert(key, (file.clone(), tax));
    }
    Some(Action {
        row,
        name,
        file,
        change: Change::Create,
        text: Some(write::new_file(&r.values)),
    })
}
