//! Writing the editors' files (`content/`) so that no interruption — a crash, a full disk, a
//! killed process, a power cut — can leave a half-written file: the bytes go into a temporary
//! file in the same folder, which is flushed to disk (`fsync`) and then renamed over the target in
//! one step. A reader sees the old file or the new one, never a mix; on any failure the temporary
//! file is removed and the old file is untouched.
//!
//! Every write into `content/` goes through here (`cnht import --write`, `cnht new`).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The ending of the temporary files (`.<name>.<random>.cnht-tmp`).
const TMP_SUFFIX: &str = ".cnht-tmp";

/// The name of the file a temporary file named `file_name` was writing, when it is one: a process
/// killed between creating it and the rename leaves it behind (the file it was writing is
/// unchanged). `.an-phat.md.Xy12Ab.cnht-tmp` → `an-phat.md`.
pub fn leftover_of(file_name: &str) -> Option<&str> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(TMP_SUFFIX)?;
    let (target, random) = inner.rsplit_once('.')?;
    (!target.is_empty() && !random.is_empty()).then_some(target)
}

/// What to do when the target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    /// Replace it (its permissions are kept).
    Replace,
    /// Fail with `AlreadyExists`, checked at the rename itself, so a file that appears meanwhile is
    /// not overwritten either.
    Keep,
}

/// Writes `bytes` to `path`, creating it or replacing it as one step. A symbolic link at `path`
/// stays a link: the file it points to is replaced.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, Existing::Replace, |f| f.write_all(bytes))
}

/// Writes `bytes` to the new file `path`; fails with `AlreadyExists` if something is there.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, Existing::Keep, |f| f.write_all(bytes))
}

/// The file a write to `path` lands in: `path` itself, or the file a symbolic link there points
/// to (renaming over the link would turn it into a plain file).
fn landing(path: &Path) -> io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// The temporary-file dance; `fill` writes the content (tests make it fail half-way).
fn write_with(
    path: &Path,
    existing: Existing,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let target = match existing {
        Existing::Replace => landing(path)?,
        Existing::Keep => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden and not `.md`: the loader never takes a leftover of a killed process for content
    // (it warns about one: `leftover_of`).
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TMP_SUFFIX);
    let old = match existing {
        Existing::Replace => std::fs::metadata(&target).ok(),
        Existing::Keep => None,
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual rw-rw-rw- minus the umask, as a plain write would give it
        // (a temporary file is otherwise private to its owner).
        if old.is_none() {
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(old) = &old {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    fill(tmp.as_file_mut())?;
    tmp.as_file_mut().flush()?;
    tmp.as_file().sync_all()?;
    // On failure the returned error owns the temporary file and removes it when dropped.
    match existing {
        Existing::Replace => tmp.persist(&target).map_err(|e| e.error)?,
        Existing::Keep => tmp.persist_noclobber(&target).map_err(|e| e.error)?,
    };
    sync_dir(dir);
    Ok(())
}

/// Flushes the folder entry of the rename to disk where the system allows it (best effort: the
/// file itself is already safe, this makes the new name survive a power cut too).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(TMP_SUFFIX))
            .collect()
    }

    #[test]
    fn leftovers_name_the_file_they_were_writing() {
        assert_eq!(
            leftover_of(".an-phat.md.Xy12Ab.cnht-tmp"),
            Some("an-phat.md")
        );
        assert_eq!(leftover_of(".index.md.a.cnht-tmp"), Some("index.md"));
        assert_eq!(leftover_of("an-phat.md"), None);
        assert_eq!(leftover_of(".cnht-tmp"), None);
        assert_eq!(leftover_of("..cnht-tmp"), None);
        assert_eq!(leftover_of(".x.cnht-tmp"), None, "no random part");
        // What a killed write really leaves behind is recognised.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        let _ = write_with(&p, Existing::Replace, |_| {
            let names = leftovers(dir.path());
            assert_eq!(names.len(), 1);
            assert_eq!(leftover_of(&names[0]), Some("a.md"));
            Err(io::Error::other("stop"))
        });
    }

    #[test]
    fn replaces_and_creates() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        create_new(&p, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        let e = create_new(&p, b"two").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read(&p).unwrap(),
            b"one",
            "create_new never overwrites"
        );
        replace(&p, b"three").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failure_half_way_keeps_the_old_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "+++\nname = \"cũ\"\n+++\n").unwrap();
        let e = write_with(&p, Existing::Replace, |f| {
            f.write_all(b"+++\nname = \"m")?;
            Err(io::Error::other("disk full (injected)"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("injected"));
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "+++\nname = \"cũ\"\n+++\n"
        );
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        // The same for a new file: nothing appears.
        let q = dir.path().join("b.md");
        write_with(&q, Existing::Keep, |_| Err(io::Error::other("injected"))).unwrap_err();
        assert!(!q.exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_rename_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // A non-empty folder where the file should go: the rename fails.
        let p = dir.path().join("a.md");
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("keep"), "x").unwrap();
        replace(&p, b"new").unwrap_err();
        assert_eq!(std::fs::read_to_string(p.join("keep")).unwrap(), "x");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn permissions_and_links_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        replace(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // A new file gets the permissions a plain write gives (umask applied), not the private
        // rw------- of a temporary file.
        let fresh = dir.path().join("fresh.md");
        create_new(&fresh, b"x").unwrap();
        let plain = dir.path().join("plain.md");
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&plain));
    }
}
