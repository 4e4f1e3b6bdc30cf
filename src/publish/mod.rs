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
//! - The publication replaced is not deleted: it is kept beside the output as the *spare*
//!   (`.cnht-spare-<name>`), and the next build renders into it instead of a new folder. Its
//!   content is never trusted: every file the build puts is new or is the very file wanted (a
//!   hard link to the live publication or a cache), never written through a name that exists,
//!   and the files the build did not put are removed before publication (`place`, [`Staging::sweep`]).
//!   So a rebuild creates no folder and deletes no publication, and writes only what changed,
//!   and its output is a fresh build's, file for file (`tests/rebuild.rs`). Deleting the spare is
//!   always safe: the next build then starts from a new folder.
//! - Folders an interrupted build left beside the output (`.cnht-staging-*`, `.cnht-old-*`) are
//!   removed by the next build when they carry an unlocked marker: cnht made them and no running
//!   build owns them. A folder of that name without the marker is never touched.

mod output;

pub use output::{check_output, resolve, OutputFolder, OutputState};

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot, Reason};
use crate::messages::publish as said;
use output::{state_of, State};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Name of the file cnht writes into every folder it publishes (and every staging folder).
pub const MARKER: &str = crate::boundary::OUTPUT_MARKER;

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
/// Name prefix of the spare: the publication before the current one, which the next build
/// renders into (`.cnht-spare-public` beside `public/`).
pub const SPARE_PREFIX: &str = ".cnht-spare-";

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
    /// When the staging folder is the spare: what the build puts into it.
    tracking: Option<crate::place::Tracking>,
    /// Compressed siblings the sweep left for the deploy step to keep or replace.
    siblings: Vec<PathBuf>,
}

impl Staging {
    /// Creates a staging folder for `out` (first removing what interrupted builds left beside it).
    pub fn new(out: &OutputFolder) -> Result<Self, Diagnostic> {
        let parent = parent_of(&out.path);
        std::fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::said(&parent, cannot(Cannot::CreateOutput, e)).on_folder())?;
        let removed = remove_leftovers(&parent);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| Diagnostic::said(&parent, cannot(Cannot::CreateStaging, e)).on_folder())?;
        let marker = dir.path().join(MARKER);
        let spare = take_spare(&out.path, dir.path());
        let is_spare = spare.is_some();
        let lock = if let Some(mut f) = spare {
            // The spare's own marker, locked before it moved: its text made the fixed one again.
            f.set_len(0)
                .and_then(|()| f.write_all(MARKER_TEXT.as_bytes()))
                .map(|()| f)
        } else {
            // Locked before its text is written: another build that reads the text finds the
            // lock.
            File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&marker)
                .and_then(|mut f| {
                    f.try_lock().map_err(std::io::Error::from)?;
                    f.write_all(MARKER_TEXT.as_bytes())?;
                    Ok(f)
                })
        }
        .map_err(|e| Diagnostic::said(&marker, cannot(Cannot::Write, e)))?;
        let tracking = is_spare.then(|| crate::place::Tracking::start(dir.path()));
        Ok(Staging {
            dir: Some(dir),
            lock: Some(lock),
            removed,
            tracking,
            siblings: Vec::new(),
        })
    }

    /// Whether the build renders into the spare (the publication before the current one).
    pub fn is_spare(&self) -> bool {
        self.tracking.is_some()
    }

    /// When the staging folder is the spare: removes every file the build did not put there,
    /// and the folders this empties, except the marker and the compressed siblings (`.gz`,
    /// `.br`) of the files it put, which the deploy step keeps or replaces (the rest of them go
    /// at [`Staging::publish`]). Call once every renderer has written, before the deploy step.
    pub fn sweep(&mut self) -> Result<(), Diagnostic> {
        let Some(tracking) = &self.tracking else {
            return Ok(());
        };
        let root = self.path().to_path_buf();
        let marker = root.join(MARKER);
        let left = tracking
            .sweep(|path, put| {
                path == marker
                    || (path.extension().is_some_and(|e| e == "gz" || e == "br")
                        && put(&path.with_extension("")))
            })
            .map_err(|e| Diagnostic::said(&root, cannot(Cannot::CleanSpare, e)))?;
        self.siblings = left.into_iter().filter(|p| *p != marker).collect();
        Ok(())
    }

    /// After [`Staging::sweep`], in the spare: the files this build put (the folder holds only
    /// them and their siblings), so that the deploy step need not walk the folder to find them.
    /// `None` in a new folder.
    pub fn files_put(&self) -> Option<Vec<(PathBuf, Option<crate::place::Linked>)>> {
        self.tracking.as_ref().map(|t| t.files())
    }

    /// Removes the siblings [`Staging::sweep`] left that the deploy step did not put.
    fn sweep_siblings(&self) -> Result<(), Diagnostic> {
        let Some(tracking) = &self.tracking else {
            return Ok(());
        };
        for path in &self.siblings {
            if !tracking.has(path) {
                std::fs::remove_file(path)
                    .or_else(|e| match e.kind() {
                        std::io::ErrorKind::NotFound => Ok(()),
                        _ => Err(e),
                    })
                    .map_err(|e| Diagnostic::said(path, cannot(Cannot::Remove, e)))?;
            }
        }
        Ok(())
    }

    /// The folder to render into.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map(|d| d.path()).unwrap_or(Path::new(""))
    }

    /// The folders left by interrupted builds that were removed (see the module's doc).
    pub fn removed_leftovers(&self) -> &[PathBuf] {
        &self.removed
    }

    /// Puts the files of the current publication `out` under its folder `under` that `keep`
    /// selects (by path relative to `out`) into staging (hard links where possible); used when
    /// only some of the outputs are rebuilt. Symbolic links are not taken.
    pub fn seed_from(
        &self,
        out: &Path,
        under: &Path,
        keep: impl Fn(&Path) -> bool,
    ) -> Result<(), Diagnostic> {
        let top = out.join(under);
        if !top.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(&top).min_depth(1) {
            let entry = entry
                .map_err(|e| Diagnostic::said(out, cannot(Cannot::ReadPublished, e)).on_folder())?;
            let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
            if rel == Path::new(MARKER) || entry.path_is_symlink() || !keep(rel) {
                continue;
            }
            let target = self.path().join(rel);
            // A hard link where it can be: nothing writes through a published file
            // (`place`), so the two publications may share it.
            let r = if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target)
            } else {
                crate::place::link_or_copy(entry.path(), &target)
            };
            r.map_err(|e| Diagnostic::said(entry.path(), cannot(Cannot::Copy, e)))?;
        }
        Ok(())
    }

    /// Puts the files of the current publication `out` named in `files` (paths relative to it)
    /// into staging (hard links where possible), those that are there as regular files: the
    /// files a partial build keeps when it knows their names, without reading every folder.
    pub fn seed_files(
        &self,
        out: &Path,
        files: impl IntoIterator<Item = PathBuf>,
    ) -> Result<(), Diagnostic> {
        for rel in files {
            let from = out.join(&rel);
            if !std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_file()) {
                continue;
            }
            crate::place::link_or_copy(&from, &self.path().join(&rel))
                .map_err(|e| Diagnostic::said(&from, cannot(Cannot::Copy, e)))?;
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
        self.sweep_siblings()?;
        let Some(dir) = self.dir.take() else {
            return Ok(Swap::Created);
        };
        // Held until the new folder is in place (then it is the publication's marker).
        let lock = self.lock.take();
        let target = &out.path;
        // Checked again: someone may have put files there while the build ran.
        let forced = matches!(out.state, OutputState::Forced { .. });
        let state = state_of(target)
            .map_err(|e| Diagnostic::said(target, cannot(Cannot::ReadOutput, e)))?;
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
                        Err(Diagnostic::said(target, cannot(Cannot::PublishNew, e)))
                    }
                };
            }
            State::NotAFolder => return Err(Diagnostic::said(target, said::became_a_file())),
            State::Foreign { .. } if !forced => {
                return Err(Diagnostic::said(target, said::foreign_appeared(target)))
            }
            State::Foreign { .. } | State::Written => {}
        }
        // The old publication is locked while it is being replaced: a second build publishing
        // into the same folder stops instead of swapping the same folder at the same time; and
        // a forced folder gets the marker, so that what an interruption leaves of it is known
        // as cnht's.
        let marker = target.join(MARKER);
        if forced {
            mark(target).map_err(|e| Diagnostic::said(&marker, cannot(Cannot::Write, e)))?;
        }
        let old_lock =
            File::open(&marker).map_err(|e| Diagnostic::said(&marker, cannot(Cannot::Open, e)))?;
        if let Err(e) = lock_within(&old_lock, BUSY_WAIT) {
            return Err(Diagnostic::said(target, said::busy(e)));
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
            keep_as_spare(&staged, target, forced);
            return Ok(Swap::Exchanged);
        }
        let aside = tempfile::Builder::new()
            .prefix(OLD_PREFIX)
            .tempdir_in(parent_of(target))
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                Diagnostic::said(target, cannot(Cannot::MoveOldAside, e))
            })?
            .keep();
        let moved_aside =
            std::fs::remove_dir(&aside).and_then(|()| std::fs::rename(target, &aside));
        if let Err(e) = moved_aside {
            let _ = std::fs::remove_dir(&aside);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::said(target, cannot(Cannot::MoveOldAside, e)));
        }
        if let Err(e) = std::fs::rename(&staged, target) {
            // Put the old site back so nothing is lost.
            let _ = std::fs::rename(&aside, target);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Diagnostic::said(target, cannot(Cannot::PublishNew, e)));
        }
        #[cfg(unix)]
        drop((old_lock, lock));
        keep_as_spare(&aside, target, forced);
        Ok(Swap::Renamed)
    }
}

/// The spare of the output folder `out`: `.cnht-spare-<name>` beside it.
pub fn spare_of(out: &Path) -> Option<PathBuf> {
    let mut name = std::ffi::OsString::from(SPARE_PREFIX);
    name.push(out.file_name()?);
    Some(parent_of(out).join(name))
}

/// Moves the spare of `out` (a folder carrying the marker, not a link) onto the new, empty
/// staging folder `staging`; its marker, open and locked, when it did. The marker is locked
/// before the move, so no other build takes the spare or removes it as a leftover meanwhile.
fn take_spare(out: &Path, staging: &Path) -> Option<File> {
    let spare = spare_of(out)?;
    let usable = std::fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir()) && has_marker(&spare);
    if !usable {
        return None;
    }
    let marker = File::options()
        .read(true)
        .write(true)
        .open(spare.join(MARKER))
        .ok()?;
    marker.try_lock().ok()?;
    std::fs::rename(&spare, staging).ok()?;
    // What moved must still be that folder (not a link put there meanwhile); else it goes back.
    let moved = std::fs::symlink_metadata(staging).is_ok_and(|m| m.is_dir())
        && is_open_at(&marker, &staging.join(MARKER));
    if !moved {
        let _ = std::fs::rename(staging, &spare);
        let _ = std::fs::create_dir(staging);
        return None;
    }
    Some(marker)
}

/// Whether the open `file` is the one at `path` (always where that cannot be told).
fn is_open_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Keeps the publication just replaced (now at `old`) as the spare of `out`, or deletes it: a
/// folder cnht did not write (`forced`) is deleted, as is one whose spare name is taken.
fn keep_as_spare(old: &Path, out: &Path, forced: bool) {
    let kept = !forced
        && spare_of(out).is_some_and(|spare| {
            std::fs::symlink_metadata(&spare).is_err() && std::fs::rename(old, &spare).is_ok()
        });
    if !kept {
        let _ = std::fs::remove_dir_all(old);
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
            return Err(Reason::FolderInTheWay.error(std::io::ErrorKind::AlreadyExists))
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

/// How long a build waits for the publication's lock before it says another build holds it.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Locks `file`, waiting up to `wait` while someone else holds the lock. A lock is released
/// only once every copy of its descriptor is closed, and a process started by any thread
/// holds copies of all of them until it has started its program: a build that has just
/// published (or a program started meanwhile) can hold it a moment longer than it means to.
fn lock_within(file: &File, wait: std::time::Duration) -> Result<(), std::fs::TryLockError> {
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
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

    #[test]
    fn the_lock_is_waited_for_a_moment_then_named_as_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MARKER);
        std::fs::write(&path, MARKER_TEXT).unwrap();
        let held = File::open(&path).unwrap();
        held.lock().unwrap();
        // Held throughout: the wait ends with the lock named as taken.
        let other = File::open(&path).unwrap();
        let waited = std::time::Instant::now();
        let err = lock_within(&other, std::time::Duration::from_millis(50)).unwrap_err();
        assert!(matches!(err, std::fs::TryLockError::WouldBlock), "{err:?}");
        assert!(waited.elapsed() >= std::time::Duration::from_millis(50));
        // Released during the wait: the lock is taken.
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            drop(held);
        });
        lock_within(&other, std::time::Duration::from_secs(30)).unwrap();
        release.join().unwrap();
    }
}
