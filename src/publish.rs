//! Atomic publication: a build writes into a staging folder next to the output and only replaces
//! the published folder once everything succeeded, so a failed build never half-publishes.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// A staging folder beside the output folder (same file system, so the swap is a rename).
pub struct Staging {
    dir: Option<tempfile::TempDir>,
}

impl Staging {
    /// Creates a staging folder for `out`.
    pub fn new(out: &Path) -> Result<Self, Diagnostic> {
        let parent = parent_of(out);
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(&parent, format!("cannot create the output folder: {e}"))
        })?;
        let dir = tempfile::Builder::new()
            .prefix(".cnht-staging-")
            .tempdir_in(&parent)
            .map_err(|e| {
                Diagnostic::error(&parent, format!("cannot create a staging folder: {e}"))
            })?;
        Ok(Staging { dir: Some(dir) })
    }

    /// The folder to render into.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map(|d| d.path()).unwrap_or(Path::new(""))
    }

    /// Copies the files of the current publication that `keep` selects (by path relative to `out`)
    /// into staging; used when only one of the outputs is rebuilt.
    pub fn seed_from(&self, out: &Path, keep: impl Fn(&Path) -> bool) -> Result<(), Diagnostic> {
        if !out.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| {
                Diagnostic::error(out, format!("cannot read the published site: {e}"))
            })?;
            let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
            if !keep(rel) {
                continue;
            }
            let target = self.path().join(rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Diagnostic::error(parent, format!("cannot create: {e}")))?;
            }
            let r = if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)
            } else {
                std::fs::copy(entry.path(), &target).map(|_| ())
            };
            r.map_err(|e| Diagnostic::error(entry.path(), format!("cannot copy: {e}")))?;
        }
        Ok(())
    }

    /// Replaces `out` with the staged folder. The old publication is removed only after the swap.
    pub fn publish(mut self, out: &Path) -> Result<(), Diagnostic> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let staged = dir.keep();
        let old = if out.exists() {
            let old = parent_of(out).join(format!(".cnht-old-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(out, &old).map_err(|e| {
                Diagnostic::error(out, format!("cannot move the old site aside: {e}"))
            })?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&staged, out) {
            // Put the old site back so nothing is lost.
            if let Some(old) = &old {
                let _ = std::fs::rename(old, out);
            }
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::error(
                out,
                format!("cannot publish the new site: {e}"),
            ));
        }
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(())
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
