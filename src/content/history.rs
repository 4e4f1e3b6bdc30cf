//! When each content file last changed: one `git log` pass over the whole tree (not one process per
//! file), falling back to the file's modification time outside a git checkout.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Last-change dates of files under `root/content`, keyed by path relative to `root`.
/// Empty when `root` is not in a git checkout or git is not installed.
pub fn git_dates(root: &Path) -> HashMap<PathBuf, NaiveDate> {
    let mut dates = HashMap::new();
    // Paths are printed relative to the repository top; find where root sits in it.
    let Some(prefix) = git(root, &["rev-parse", "--show-prefix"]) else {
        return dates;
    };
    let prefix = prefix.trim().to_owned();
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            "content",
        ],
    ) else {
        return dates;
    };
    let mut current: Option<NaiveDate> = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
        } else if !line.is_empty() {
            if let (Some(date), Some(rel)) = (current, line.strip_prefix(prefix.as_str())) {
                // Newest commits come first: the first date seen for a file is its last change.
                dates.entry(PathBuf::from(rel)).or_insert(date);
            }
        }
    }
    dates
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The modification date of `path` from the file system.
pub fn mtime(path: &Path) -> Option<NaiveDate> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(chrono::DateTime::<chrono::Local>::from(modified).date_naive())
}
