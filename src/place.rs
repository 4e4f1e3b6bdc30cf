//! Putting files into an output folder being built (the staging folder of `publish`).
//!
//! A staging folder is either new or the *spare*: the publication before the current one, kept
//! beside the output so that a rebuild updates it instead of creating every folder again and
//! deleting the replaced publication (`publish::Staging`). Two rules make that safe:
//!
//! - **A file is never written through a name that exists.** In the spare, a name may be a hard
//!   link to a file of the live publication or of a cache (pages, siblings and search chunks
//!   that did not change are shared that way), so writing through it would change those too.
//!   Every function here removes the name first and makes a new file (or a new link).
//! - **What the build puts is recorded.** When the staging folder is the spare, every file put
//!   here (or kept, when it already is the very file wanted: a hard link to it) is recorded by
//!   [`Tracking`]; the files of the spare that the build did not put are removed before
//!   publication ([`Tracking::sweep`]), so the result is a fresh build's, file for file.
//!
//! Every renderer and the deploy step write into staging through here; `tests/rebuild.rs`
//! compares rebuilds in the spare with fresh builds and checks that the live publication is left
//! untouched while the next one is built.

use crate::messages::files::Reason;
use std::collections::HashSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// The folders being built in a spare, each with the files put into it so far.
static TRACKED: RwLock<Vec<Arc<Tracked>>> = RwLock::new(Vec::new());

#[derive(Debug)]
struct Tracked {
    root: PathBuf,
    files: Mutex<HashSet<PathBuf>>,
}

/// Records the files put into one output folder while it is being built (the spare), until
/// dropped.
#[derive(Debug)]
pub struct Tracking {
    tracked: Arc<Tracked>,
}

impl Tracking {
    /// Starts recording what is put under `root`.
    pub fn start(root: &Path) -> Tracking {
        let tracked = Arc::new(Tracked {
            root: root.to_path_buf(),
            files: Mutex::new(HashSet::new()),
        });
        if let Ok(mut all) = TRACKED.write() {
            all.push(Arc::clone(&tracked));
        }
        Tracking { tracked }
    }

    /// Whether `path` (under the root) was put or kept by this build.
    pub fn has(&self, path: &Path) -> bool {
        self.tracked
            .files
            .lock()
            .is_ok_and(|files| files.contains(path))
    }

    /// The files put or kept by this build so far.
    pub fn files(&self) -> Vec<PathBuf> {
        self.tracked
            .files
            .lock()
            .map(|files| files.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Removes every file under the root that was not put there by this build, except the files
    /// `spare` accepts (it is given the file and whether a path was put), and the folders that
    /// this leaves empty. Returns the files left because `spare` accepted them. Symbolic links
    /// are removed like files, never followed.
    pub fn sweep(
        &self,
        spare: impl Fn(&Path, &dyn Fn(&Path) -> bool) -> bool,
    ) -> io::Result<Vec<PathBuf>> {
        let files = self
            .tracked
            .files
            .lock()
            .map_err(|_| Reason::RecordUnusable.error(io::ErrorKind::Other))?;
        let mut left = Vec::new();
        // Folders first seen, then (contents first) emptied ones removed.
        let mut emptied: HashSet<PathBuf> = HashSet::new();
        for entry in walkdir::WalkDir::new(&self.tracked.root)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(io::Error::other)?;
            let path = entry.path();
            if entry.file_type().is_dir() {
                if emptied.contains(path) && std::fs::remove_dir(path).is_ok() {
                    if let Some(parent) = path.parent() {
                        emptied.insert(parent.to_path_buf());
                    }
                }
                continue;
            }
            if files.contains(path) {
                continue;
            }
            if spare(path, &|p: &Path| files.contains(p)) {
                left.push(path.to_path_buf());
                continue;
            }
            std::fs::remove_file(path)?;
            if let Some(parent) = path.parent() {
                emptied.insert(parent.to_path_buf());
            }
        }
        Ok(left)
    }
}

impl Drop for Tracking {
    fn drop(&mut self) {
        if let Ok(mut all) = TRACKED.write() {
            all.retain(|t| !Arc::ptr_eq(t, &self.tracked));
        }
    }
}

/// The record `path` belongs to, when it lies in a folder being built in a spare.
fn tracker_of(path: &Path) -> Option<Arc<Tracked>> {
    let all = TRACKED.read().ok()?;
    all.iter().find(|t| path.starts_with(&t.root)).cloned()
}

/// Records `path` as put by the build (when its folder is tracked).
fn record(path: &Path) {
    if let Some(t) = tracker_of(path) {
        if let Ok(mut files) = t.files.lock() {
            files.insert(path.to_path_buf());
        }
    }
}

/// Takes `path` off the record (it was renamed away).
fn forget(path: &Path) {
    if let Some(t) = tracker_of(path) {
        if let Ok(mut files) = t.files.lock() {
            files.remove(path);
        }
    }
}

/// Records `path`, already the very file the build wants there (a hard link to it that the
/// caller checked), as put.
pub fn keep(path: &Path) {
    record(path);
}

/// Runs `op`, which makes the new file (or link) `path`: when `path`'s folder is missing it is
/// made, and when a name is already there it is removed (never written through), then `op` runs
/// again. Trying first costs nothing in a new staging folder, where the folders are made by the
/// first file and no name is ever taken.
fn fresh<T>(path: &Path, op: impl Fn() -> io::Result<T>) -> io::Result<T> {
    let mut made_folder = false;
    let mut removed = false;
    loop {
        match op() {
            Err(e) if e.kind() == io::ErrorKind::NotFound && !made_folder => {
                made_folder = true;
                match path.parent() {
                    Some(dir) => std::fs::create_dir_all(dir)?,
                    None => return Err(e),
                }
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !removed => {
                removed = true;
                if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
                    return Err(e);
                }
                std::fs::remove_file(path)?;
            }
            other => return other,
        }
    }
}

/// Writes `bytes` as the new file `path` (its folder made first).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    create(path)?.write_all(bytes)
}

/// Writes `bytes` as `path` through a temporary file renamed over it: for writers that may put
/// the same name at the same time (two images with the same content), so neither sees the
/// other's file half-written. The rename replaces the name, never writes through it.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = path.with_file_name(name);
    write(&tmp, bytes)?;
    let renamed = std::fs::rename(&tmp, path);
    forget(&tmp);
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    renamed?;
    record(path);
    Ok(())
}

/// Creates the new file `path` to be written (its folder made first).
pub fn create(path: &Path) -> io::Result<File> {
    let file = fresh(path, || {
        File::options().write(true).create_new(true).open(path)
    })?;
    record(path);
    Ok(file)
}

/// Puts the file `from` at `to`: kept when `to` already is that very file (a hard link to it),
/// else a new hard link, or a copy where no link can be made (another file system).
pub fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    match link(from, to) {
        Ok(()) => Ok(()),
        // The source is missing: no copy can be made either.
        Err(e) if !from.exists() => Err(e),
        Err(_) => copy(from, to),
    }
}

/// Puts the file `from` at `to` as a hard link only (fails where none can be made), kept when
/// `to` already is that very file.
pub fn link(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && same_file(from, to) => {}
        Err(_) => fresh(to, || std::fs::hard_link(from, to))?,
    }
    record(to);
    Ok(())
}

/// Puts a copy of the file `from` at `to` (a file of its own, never a link).
pub fn copy(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = File::open(from)?;
    let mut target = create(to)?;
    io::copy(&mut source, &mut target).map(|_| ())
}

/// Whether two paths name one file (the same inode; never true where that cannot be told).
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file_len(a, b).is_some()
}

/// The length of the file two paths name when they name one file (the same inode); `None` when
/// they do not, or where that cannot be told.
pub fn same_file_len(a: &Path, b: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (
            std::fs::symlink_metadata(a).ok()?,
            std::fs::symlink_metadata(b).ok()?,
        );
        (a.is_file() && a.dev() == b.dev() && a.ino() == b.ino()).then_some(a.len())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_file_is_replaced_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live.html");
        std::fs::write(&live, "live").unwrap();
        let spare = dir.path().join("spare");
        std::fs::create_dir(&spare).unwrap();
        let page = spare.join("a/index.html");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::hard_link(&live, &page).unwrap();
        let tracking = Tracking::start(&spare);
        write(&page, b"new").unwrap();
        assert_eq!(std::fs::read(&live).unwrap(), b"live");
        assert_eq!(std::fs::read(&page).unwrap(), b"new");
        assert!(tracking.has(&page));
    }

    #[test]
    fn a_link_already_in_place_is_kept_and_the_rest_swept() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("live");
        let spare = dir.path().join("spare");
        for d in [&live, &spare] {
            std::fs::create_dir_all(d.join("old/deep")).unwrap();
        }
        std::fs::write(live.join("same.html"), "same").unwrap();
        std::fs::hard_link(live.join("same.html"), spare.join("same.html")).unwrap();
        std::fs::write(spare.join("old/deep/gone.html"), "gone").unwrap();
        std::fs::write(spare.join("x.html.gz"), "gz").unwrap();
        std::fs::write(spare.join("stale.txt"), "stale").unwrap();
        let tracking = Tracking::start(&spare);
        link_or_copy(&live.join("same.html"), &spare.join("same.html")).unwrap();
        assert!(same_file(&live.join("same.html"), &spare.join("same.html")));
        write(&spare.join("x.html"), b"x").unwrap();
        let left = tracking
            .sweep(|p, put| p.extension().is_some_and(|e| e == "gz") && put(&p.with_extension("")))
            .unwrap();
        assert_eq!(left, vec![spare.join("x.html.gz")]);
        let mut names: Vec<_> = walkdir::WalkDir::new(&spare)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                e.path().strip_prefix(&spare).unwrap().to_path_buf()
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                PathBuf::from("same.html"),
                "x.html".into(),
                "x.html.gz".into()
            ]
        );
    }

    #[test]
    fn outside_a_spare_nothing_is_recorded_or_removed_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/file.txt");
        write(&path, b"one").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert!(tracker_of(&path).is_none());
    }
}
