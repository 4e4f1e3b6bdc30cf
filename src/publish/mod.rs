//! Safe publication of an output folder (`public/`, `--out`, the preview's build folders).
//!
//! - Before any rendering, [`check_output`] resolves the folder (relative paths, `..`, symbolic
//!   links) and refuses it when it is the site folder, contains it, lies in `content/`, `themes/`,
//!   `handbook/` or `.git/`, is the home folder (or contains it) or `/`: never, even with
//!   `--force`. Any other folder is replaced only when it is absent, empty or carries the
//!   [`MARKER`] file cnht writes into every publication; a folder of someone else's files needs
//!   `--force`.
//! - A build renders into a staging folder beside the output (same file system) that carries the
//!   marker, locked while the build runs. [`Staging::publish`] swaps it in with one atomic
//!   exchange (`renameat2(RENAME_EXCHANGE)` on Linux), or two renames where the system or the file
//!   system has no exchange, and only then deletes the old publication.
//! - Folders an interrupted build left beside the output (`.cnht-staging-*`, `.cnht-old-*`) are
//!   removed by the next build when they carry an unlocked marker: cnht made them and no running
//!   build owns them. A folder of that name without the marker is never touched.

mod output;

pub use output::{check_output, resolve, OutputFolder, OutputState};

use crate::diagnostics::Diagnostic;
use output::{state_of, State};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Name of the file cnht writes into every folder it publishes (and every staging folder).
pub const MARKER: &str = ".cnht-output";

/// The marker's first line, by which cnht recognises a folder it wrote.
const MARKER_HEADER: &str = "cnht: this folder was written by cnht";

/// The marker's whole text: fixed, so two builds of the same content stay byte-identical.
pub const MARKER_TEXT: &str =
    "cnht: this folder was written by cnht (the CNHT website and handbook generator).\n\
     Every build replaces it as a whole: files added here by hand are deleted by the next build.\n";

/// Name prefix of staging folders.
const STAGING_PREFIX: &str = ".cnht-staging-";
/// Name prefix of an old publication moved aside by the two-rename swap.
const OLD_PREFIX: &str = ".cnht-old-";

/// Whether `dir` carries cnht's marker: a regular file (not a link) that starts with the header.
pub fn has_marker(dir: &Path) -> bool {
    let marker = dir.join(MARKER);
    let regular = std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file());
    regular && reads_as_marker(&marker)
}

fn reads_as_marker(marker: &Path) -> bool {
    let mut head = [0u8; MARKER_HEADER.len()];
    File::open(marker)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == MARKER_HEADER.as_bytes())
}

/// How [`Staging::publish`] put the new folder in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// There was no folder (or an empty one): one rename.
    Created,
    /// One atomic exchange of the two folders: the output path never stopped existing.
    Exchanged,
    /// The old folder renamed aside, then the new one into place (no exchange available).
    Renamed,
}

/// A staging folder beside the output folder (same file system, so the swap is a rename),
/// carrying the marker, locked for as long as the build owns it.
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    /// The open, locked marker: tells other builds this folder is in use.
    lock: Option<File>,
    /// Leftovers of interrupted builds removed when this staging folder was made.
    removed: Vec<PathBuf>,
}

impl Staging {
    /// Creates a staging folder for `out` (first removing what interrupted builds left beside it).
    pub fn new(out: &OutputFolder) -> Result<Self, Diagnostic> {
        let parent = parent_of(&out.path);
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(&parent, format!("cannot create the output folder: {e}"))
        })?;
        let removed = remove_leftovers(&parent);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| {
                Diagnostic::error(&parent, format!("cannot create a staging folder: {e}"))
            })?;
        // Locked before its text is written: another build that reads the text finds the lock.
        let marker = dir.path().join(MARKER);
        let lock = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&marker)
            .and_then(|mut f| {
                f.try_lock().map_err(std::io::Error::from)?;
                f.write_all(MARKER_TEXT.as_bytes())?;
                Ok(f)
            })
            .map_err(|e| Diagnostic::error(&marker, format!("cannot write: {e}")))?;
        Ok(Staging {
            dir: Some(dir),
            lock: Some(lock),
            removed,
        })
    }

    /// The folder to render into.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map(|d| d.path()).unwrap_or(Path::new(""))
    }

    /// The folders left by interrupted builds that were removed (see the module's doc).
    pub fn removed_leftovers(&self) -> &[PathBuf] {
        &self.removed
    }

    /// Copies the files of the current publication that `keep` selects (by path relative to `out`)
    /// into staging; used when only one of the outputs is rebuilt. Symbolic links are not copied.
    pub fn seed_from(&self, out: &Path, keep: impl Fn(&Path) -> bool) -> Result<(), Diagnostic> {
        if !out.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| {
                Diagnostic::error(out, format!("cannot read the published site: {e}"))
            })?;
            let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
            if rel == Path::new(MARKER) || entry.path_is_symlink() || !keep(rel) {
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

    /// Replaces `out` with the staged folder in one atomic exchange where the system has one,
    /// then deletes the old publication. On error the old publication stays in place.
    pub fn publish(self, out: &OutputFolder) -> Result<Swap, Diagnostic> {
        self.publish_with(out, true)
    }

    /// [`Staging::publish`], with the atomic exchange allowed or not (`false` takes the
    /// two-rename way of the systems without one; for tests).
    pub fn publish_with(mut self, out: &OutputFolder, exchange: bool) -> Result<Swap, Diagnostic> {
        let Some(dir) = self.dir.take() else {
            return Ok(Swap::Created);
        };
        // Held until the new folder is in place (then it is the publication's marker).
        let lock = self.lock.take();
        let target = &out.path;
        // Checked again: someone may have put files there while the build ran.
        let forced = matches!(out.state, OutputState::Forced { .. });
        let state = state_of(target).map_err(|e| {
            Diagnostic::error(target, format!("cannot read the output folder: {e}"))
        })?;
        match state {
            State::Absent | State::Empty => {
                #[cfg(not(unix))]
                drop(lock);
                let staged = dir.keep();
                // On POSIX systems a rename replaces an empty folder in one step; elsewhere the
                // empty folder is removed first (and made again if the rename still fails).
                let moved = std::fs::rename(&staged, target).or_else(|first| {
                    if state_of(target).is_ok_and(|s| matches!(s, State::Empty))
                        && std::fs::remove_dir(target).is_ok()
                    {
                        std::fs::rename(&staged, target).inspect_err(|_| {
                            let _ = std::fs::create_dir(target);
                        })
                    } else {
                        Err(first)
                    }
                });
                return match moved {
                    Ok(()) => Ok(Swap::Created),
                    Err(e) => {
                        let _ = std::fs::remove_dir_all(&staged);
                        Err(Diagnostic::error(
                            target,
                            format!("cannot publish the new site: {e}"),
                        ))
                    }
                };
            }
            State::NotAFolder => {
                return Err(Diagnostic::error(
                    target,
                    "the output became a file while the build ran: nothing was published",
                ))
            }
            State::Foreign { .. } if !forced => {
                return Err(Diagnostic::error(
                    target,
                    format!(
                        "files that cnht did not write appeared in {} while the build ran: \
                         nothing was published",
                        target.display()
                    ),
                )
                .hint("run again with --force to replace them, or choose another --out"))
            }
            State::Foreign { .. } | State::Written => {}
        }
        // The old publication is locked while it is being replaced: a second build publishing
        // into the same folder stops instead of swapping the same folder at the same time; and
        // a forced folder gets the marker, so that what an interruption leaves of it is known
        // as cnht's.
        let marker = target.join(MARKER);
        if forced {
            mark(target).map_err(|e| Diagnostic::error(&marker, format!("cannot write: {e}")))?;
        }
        let old_lock = File::open(&marker)
            .map_err(|e| Diagnostic::error(&marker, format!("cannot open: {e}")))?;
        if let Err(e) = old_lock.try_lock() {
            return Err(Diagnostic::error(
                target,
                format!("cannot publish: another cnht build is publishing into this folder ({e})"),
            )
            .hint("wait for it to finish, then build again"));
        }
        let staged = dir.keep();
        // Elsewhere than on Unix an open file keeps its folder from being renamed.
        #[cfg(not(unix))]
        {
            drop(old_lock);
            drop(lock);
        }
        if exchange && exchange_folders(&staged, target).is_ok() {
            // `staged` now holds the old publication.
            #[cfg(unix)]
            drop((old_lock, lock));
            let _ = std::fs::remove_dir_all(&staged);
            return Ok(Swap::Exchanged);
        }
        let aside = tempfile::Builder::new()
            .prefix(OLD_PREFIX)
            .tempdir_in(parent_of(target))
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                Diagnostic::error(target, format!("cannot move the old site aside: {e}"))
            })?
            .keep();
        let moved_aside =
            std::fs::remove_dir(&aside).and_then(|()| std::fs::rename(target, &aside));
        if let Err(e) = moved_aside {
            let _ = std::fs::remove_dir(&aside);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::error(
                target,
                format!("cannot move the old site aside: {e}"),
            ));
        }
        if let Err(e) = std::fs::rename(&staged, target) {
            // Put the old site back so nothing is lost.
            let _ = std::fs::rename(&aside, target);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::error(
                target,
                format!("cannot publish the new site: {e}"),
            ));
        }
        #[cfg(unix)]
        drop((old_lock, lock));
        let _ = std::fs::remove_dir_all(&aside);
        Ok(Swap::Renamed)
    }
}

/// Writes the marker into a folder about to be replaced with `--force` (a link or file of that
/// name that is not the marker is replaced, never written through).
fn mark(dir: &Path) -> std::io::Result<()> {
    if has_marker(dir) {
        return Ok(());
    }
    let marker = dir.join(MARKER);
    match std::fs::symlink_metadata(&marker) {
        Ok(m) if m.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a folder of that name is in the way",
            ))
        }
        Ok(_) => std::fs::remove_file(&marker)?,
        Err(_) => {}
    }
    File::options()
        .write(true)
        .create_new(true)
        .open(&marker)?
        .write_all(MARKER_TEXT.as_bytes())
}

/// Swaps two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`). Fails where the
/// system or the file system has no such operation.
#[cfg(target_os = "linux")]
fn exchange_folders(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths relative to the working directory; the system
    // call reads them and touches no memory of ours.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_folders(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Removes the folders interrupted builds left in `parent`: named like a staging folder or an
/// old publication, carrying the marker, and not locked by a build still running. Returns them.
fn remove_leftovers(parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(STAGING_PREFIX) || name.starts_with(OLD_PREFIX)) {
            continue;
        }
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir || !has_marker(&path) {
            continue;
        }
        let Ok(marker) = File::open(path.join(MARKER)) else {
            continue;
        };
        if marker.try_lock().is_err() {
            // A build running now owns it.
            continue;
        }
        drop(marker);
        if std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_is_recognised_only_as_a_file_with_the_header() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_marker(dir.path()));
        std::fs::write(dir.path().join(MARKER), "something else").unwrap();
        assert!(!has_marker(dir.path()));
        std::fs::write(dir.path().join(MARKER), MARKER_TEXT).unwrap();
        assert!(has_marker(dir.path()));
        assert!(MARKER_TEXT.starts_with(MARKER_HEADER));
    }
}
