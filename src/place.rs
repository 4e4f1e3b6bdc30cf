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
use std::borrow::Cow;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// The folders being built in a spare, each with the files put into it so far.
static TRACKED: RwLock<Vec<Arc<Tracked>>> = RwLock::new(Vec::new());

#[derive(Debug)]
struct Tracked {
    /// The folder, as a [`key`].
    root: OsString,
    /// Each file put (by [`key`]), with what is known of it without asking the file system
    /// again.
    files: Mutex<HashMap<OsString, Option<Linked>>>,
}

/// `path` as the record keys it: its components joined by single separators, so that two
/// spellings of one path (`a//b`, `a/./b`) are one key, and keys are hashed and compared as
/// bytes. A `Path` is hashed and compared component by component, which was a third of the
/// sweep's time at 10,000 enterprises. The paths built here (a folder joined with names) are
/// already in that form and are taken as they are.
fn key(path: &Path) -> Cow<'_, OsStr> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let plain = cfg!(unix)
        && !bytes.windows(2).any(|w| w == b"//")
        && !bytes.windows(3).any(|w| w == b"/./")
        && !bytes.ends_with(b"/")
        && !bytes.ends_with(b"/.");
    if plain {
        Cow::Borrowed(path.as_os_str())
    } else {
        Cow::Owned(path.components().collect::<PathBuf>().into_os_string())
    }
}

/// Whether the path keyed `key` lies under the folder keyed `root`.
fn is_under(key: &OsStr, root: &OsStr) -> bool {
    let (key, root) = (key.as_encoded_bytes(), root.as_encoded_bytes());
    key.starts_with(root)
        && (key.len() == root.len()
            || key[root.len()] == b'/'
            || root.ends_with(b"/")
            || (cfg!(windows) && key[root.len()] == b'\\'))
}

/// What is known of a file put as a hard link: the file it is a link to, and its length, as
/// checked when it was put. Later steps (the deploy step's siblings) need not ask again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The file the link was made to (or found to be already).
    pub from: PathBuf,
    /// Its length in bytes.
    pub len: u64,
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
            root: key(root).into_owned(),
            files: Mutex::new(HashMap::new()),
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
            .is_ok_and(|files| files.contains_key(&*key(path)))
    }

    /// The files put or kept by this build so far, each with what is known of it when it was put
    /// as a hard link ([`Linked`]).
    pub fn files(&self) -> Vec<(PathBuf, Option<Linked>)> {
        self.tracked
            .files
            .lock()
            .map(|files| {
                files
                    .iter()
                    .map(|(p, l)| (PathBuf::from(p), l.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Removes every file under the root that was not put there by this build, except the files
    /// `spare` accepts (it is given the file and whether a path was put), and the folders that
    /// this leaves empty. Returns the files left because `spare` accepted them, in order.
    /// Symbolic links are removed like files, never followed. Folders are swept in parallel: at
    /// 10,000 enterprises the spare holds some 24,000 of them.
    pub fn sweep(
        &self,
        spare: impl Fn(&Path, &dyn Fn(&Path) -> bool) -> bool + Sync,
    ) -> io::Result<Vec<PathBuf>> {
        let files = self
            .tracked
            .files
            .lock()
            .map_err(|_| Reason::RecordUnusable.error(io::ErrorKind::Other))?;
        let put = |p: &Path| files.contains_key(&*key(p));
        let root = PathBuf::from(&self.tracked.root);
        let mut left = sweep_folder(&root, &put, &spare)?.0;
        left.sort();
        Ok(left)
    }
}

/// [`Tracking::sweep`] of the folder `dir`: the files left, and whether anything in it was
/// removed (then the folder itself goes too if that emptied it).
fn sweep_folder(
    dir: &Path,
    put: &(dyn Fn(&Path) -> bool + Sync),
    spare: &(impl Fn(&Path, &dyn Fn(&Path) -> bool) -> bool + Sync),
) -> io::Result<(Vec<PathBuf>, bool)> {
    use rayon::prelude::*;
    let mut left = Vec::new();
    let mut removed = false;
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // The type as the folder lists it: a symbolic link is not followed.
        if entry.file_type()?.is_dir() {
            folders.push(path);
            continue;
        }
        if put(&path) {
            continue;
        }
        if spare(&path, put) {
            left.push(path);
            continue;
        }
        std::fs::remove_file(&path)?;
        removed = true;
    }
    let swept: Vec<(Vec<PathBuf>, bool)> = folders
        .par_iter()
        .map(|folder| {
            let (left, removed) = sweep_folder(folder, put, spare)?;
            // A folder this emptied goes too; one still holding something stays.
            let gone = removed && std::fs::remove_dir(folder).is_ok();
            Ok((left, gone))
        })
        .collect::<io::Result<_>>()?;
    for (l, gone) in swept {
        left.extend(l);
        removed |= gone;
    }
    Ok((left, removed))
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
    let path = key(path);
    all.iter().find(|t| is_under(&path, &t.root)).cloned()
}

/// Records `path` as put by the build (when its folder is tracked).
fn record(path: &Path) {
    record_as(path, None);
}

/// Records `path` as put by the build, with what is known of it when it is a hard link.
fn record_as(path: &Path, linked: Option<Linked>) {
    if let Some(t) = tracker_of(path) {
        if let Ok(mut files) = t.files.lock() {
            files.insert(key(path).into_owned(), linked);
        }
    }
}

/// Takes `path` off the record (it was renamed away).
fn forget(path: &Path) {
    if let Some(t) = tracker_of(path) {
        if let Ok(mut files) = t.files.lock() {
            files.remove(&*key(path));
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
    let linked = match std::fs::hard_link(from, to) {
        Ok(()) => None,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match same_file_len(from, to) {
            Some(len) => Some(Linked {
                from: from.to_path_buf(),
                len,
            }),
            None => {
                fresh(to, || std::fs::hard_link(from, to))?;
                None
            }
        },
        Err(_) => {
            fresh(to, || std::fs::hard_link(from, to))?;
            None
        }
    };
    record_as(to, linked);
    Ok(())
}

/// [`link`], for a caller that has just read the identity of `from`: its device and inode `id`
/// and its length `len`. When `to` already is that file it is kept after one look at `to`
/// alone; either way the link is recorded with what it is ([`Linked`]), so that later steps need
/// not look again. A page taken from the previous publication goes this way.
pub fn link_known(from: &Path, id: (u64, u64), len: u64, to: &Path) -> io::Result<()> {
    let linked = || {
        Some(Linked {
            from: from.to_path_buf(),
            len,
        })
    };
    if dev_ino(to).is_some_and(|at| at == id) {
        record_as(to, linked());
        return Ok(());
    }
    fresh(to, || std::fs::hard_link(from, to))?;
    record_as(to, linked());
    Ok(())
}

/// The device and inode of the regular file at `path` (not followed if a symbolic link); `None`
/// for anything else, or where that cannot be told.
pub fn dev_ino(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path).ok()?;
        m.is_file().then(|| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
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
    fn a_file_put_under_another_spelling_of_its_path_is_not_swept() {
        let dir = tempfile::tempdir().unwrap();
        let spare = dir.path().join("spare");
        std::fs::create_dir_all(spare.join("a/b")).unwrap();
        let tracking = Tracking::start(&spare.join("."));
        let odd = PathBuf::from(format!("{}//a/./b/page.html", spare.display()));
        write(&odd, b"page").unwrap();
        assert!(tracking.has(&spare.join("a/b/page.html")));
        std::fs::write(spare.join("a/b/stale.html"), "stale").unwrap();
        assert!(tracking.sweep(|_, _| false).unwrap().is_empty());
        assert!(spare.join("a/b/page.html").is_file());
        assert!(!spare.join("a/b/stale.html").exists());
        // A folder beside the spare whose name starts with the spare's is not in it.
        let beside = dir.path().join("spare-not/x.html");
        write(&beside, b"x").unwrap();
        assert!(!tracking.has(&beside));
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
