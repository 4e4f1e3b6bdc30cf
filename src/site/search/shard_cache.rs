//! Shards of the search index kept between builds in `<root>/.cache/search/`, by a hash of the
//! records they were built from (`shards::shard_key`), so a build re-indexes only the shards whose
//! records changed. A CI deploy that keeps `.cache/` between runs gets the same.
//!
//! Safe to lose, safe to damage: each entry lists its files with their length and SHA-256, and
//! an entry that does not match to the byte is removed and built again. Entries are written into
//! a temporary folder and renamed into place, so an interrupted build leaves no half entry. The
//! files are hard-linked into the output (copied where the two are on different file systems);
//! the output's writers only ever create new files, never write into existing ones. After a
//! build, only the entries it used stay, with as many others, the most recently used, for a
//! second configuration built from the same folder (the preview's drafts).

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// Format of an entry: bump when the layout below changes.
const FORMAT: u32 = 1;
/// The list of an entry's files: `name`, `len`, `sha256` (hex) per line, tab-separated.
const MANIFEST: &str = "files.tsv";
/// The folder of an entry's files.
const FILES: &str = "files";
/// Name prefix of an entry being written.
const TMP_PREFIX: &str = ".tmp-";

/// The shard cache of one site.
#[derive(Debug)]
pub struct ShardCache {
    dir: PathBuf,
}

impl ShardCache {
    /// Opens (creating it if needed) the cache under `cache_root` (`<site>/.cache`) for shards of
    /// the indexer `indexer` (a name and version); folders of other formats or indexers are
    /// removed. `None` when the folder cannot be created: every shard is then built.
    pub fn open(cache_root: &Path, indexer: &str) -> Option<ShardCache> {
        let parent = cache_root.join("search");
        let name = format!("v{FORMAT}-{indexer}");
        let dir = parent.join(&name);
        std::fs::create_dir_all(&dir).ok()?;
        for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy() != name {
                let _ = remove(&entry.path());
            }
        }
        Some(ShardCache { dir })
    }

    /// Puts the files of the entry `key` into `target` and returns how many, or `None` when
    /// there is no such entry or it is damaged (then it is removed, and nothing is left in
    /// `target`).
    pub fn restore(&self, key: &str, target: &Path) -> Option<usize> {
        let entry = self.dir.join(key);
        let files = self.verified(&entry);
        let Some(files) = files else {
            let _ = remove(&entry);
            return None;
        };
        for name in &files {
            let from = entry.join(FILES).join(name);
            let to = target.join(name);
            let placed = crate::place::link_or_copy(&from, &to);
            if placed.is_err() {
                // Nothing half-placed stays: the shard is then built into `target` afresh.
                for name in &files {
                    let _ = std::fs::remove_file(target.join(name));
                }
                return None;
            }
        }
        // Recently used entries are the last to go (`prune`).
        let _ = std::fs::File::options()
            .write(true)
            .open(entry.join(MANIFEST))
            .and_then(|f| f.set_modified(SystemTime::now()));
        Some(files.len())
    }

    /// The names of the files of `entry` when every one is there with its length and hash.
    fn verified(&self, entry: &Path) -> Option<Vec<PathBuf>> {
        let manifest = std::fs::read_to_string(entry.join(MANIFEST)).ok()?;
        let mut names = Vec::new();
        for line in manifest.lines() {
            let mut parts = line.split('\t');
            let (name, len, hash) = (parts.next()?, parts.next()?, parts.next()?);
            let name = safe_name(name)?;
            let bytes = std::fs::read(entry.join(FILES).join(&name)).ok()?;
            if bytes.len().to_string() != len || hex(&Sha256::digest(&bytes)) != hash {
                return None;
            }
            names.push(name);
        }
        (!names.is_empty()).then_some(names)
    }

    /// Keeps `files` (names inside the bundle and bytes) as the entry `key`; `false` when it
    /// could not (the cache is an optimisation: the build goes on).
    pub fn store(&self, key: &str, files: &[(PathBuf, Vec<u8>)]) -> bool {
        let final_dir = self.dir.join(key);
        if final_dir.is_dir() {
            let _ = remove(&final_dir);
        }
        let tmp = self
            .dir
            .join(format!("{TMP_PREFIX}{key}-{}", std::process::id()));
        let mut manifest = String::new();
        let written = files.iter().try_for_each(|(name, bytes)| {
            let safe =
                safe_name(&name.to_string_lossy()).ok_or(std::io::ErrorKind::InvalidInput)?;
            let path = tmp.join(FILES).join(&safe);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
            manifest.push_str(&format!(
                "{}\t{}\t{}\n",
                safe.to_string_lossy(),
                bytes.len(),
                hex(&Sha256::digest(bytes))
            ));
            Ok::<(), std::io::Error>(())
        });
        let done = written
            .and_then(|()| std::fs::write(tmp.join(MANIFEST), &manifest))
            .and_then(|()| std::fs::rename(&tmp, &final_dir));
        if done.is_err() {
            let _ = remove(&tmp);
        }
        done.is_ok()
    }

    /// Removes the entries not in `used`, except as many others as `used` holds, the most
    /// recently used first; and what interrupted builds left.
    pub fn prune(&self, used: &HashSet<String>) {
        let mut others: Vec<(SystemTime, PathBuf)> = Vec::new();
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if used.contains(&name) {
                continue;
            }
            if name.starts_with(TMP_PREFIX) {
                // Another build writing now has its own process id in the name: leave it.
                let own = name.ends_with(&format!("-{}", std::process::id()));
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600);
                if own || old {
                    let _ = remove(&entry.path());
                }
                continue;
            }
            let used_at = std::fs::metadata(entry.path().join(MANIFEST))
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            others.push((used_at, entry.path()));
        }
        others.sort_by_key(|o| std::cmp::Reverse(o.0));
        // Each entry going is first renamed out of the cache (one call: it is gone at once), then
        // removed, its few hundred files, on a thread of its own while the build goes on
        // ([`wait_for_removals`]). What an interrupted removal leaves is a temporary folder,
        // removed by a later build like any other.
        let mut going = Vec::new();
        for (_, path) in others.into_iter().skip(used.len()) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let tmp = self
                .dir
                .join(format!("{TMP_PREFIX}gone-{name}-{}", std::process::id()));
            if std::fs::rename(&path, &tmp).is_ok() {
                going.push(tmp);
            } else {
                let _ = remove(&path);
            }
        }
        if going.is_empty() {
            return;
        }
        let removal = std::thread::spawn(move || {
            for path in going {
                let _ = remove(&path);
            }
        });
        if let Ok(mut all) = REMOVALS.lock() {
            // The live preview prunes on every rebuild and never waits: ended ones go.
            all.retain(|r| !r.is_finished());
            all.push(removal);
        }
    }
}

/// Removals of old entries still under way ([`ShardCache::prune`]).
static REMOVALS: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits for the removals of old entries to end: call before the process ends, so that none is
/// left half done.
pub fn wait_for_removals() {
    let all = REMOVALS
        .lock()
        .map(|mut all| std::mem::take(&mut *all))
        .unwrap_or_default();
    for removal in all {
        let _ = removal.join();
    }
}

/// A relative path of plain components only (no `..`, no root): the names an entry may hold.
fn safe_name(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(name);
    let plain = !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    plain.then_some(path)
}

fn remove(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(PathBuf, Vec<u8>)> {
        vec![
            (PathBuf::from("pagefind-entry.json"), b"{}".to_vec()),
            (PathBuf::from("index/vi_1.pf_index"), vec![1, 2, 3]),
        ]
    }

    #[test]
    fn stores_restores_and_refuses_damage() {
        let root = tempfile::tempdir().unwrap();
        let cache = ShardCache::open(root.path(), "pagefind-1.6.0").unwrap();
        assert_eq!(cache.restore("k1", &root.path().join("none")), None);
        assert!(cache.store("k1", &files()));
        let out = root.path().join("out");
        assert_eq!(cache.restore("k1", &out), Some(2));
        assert_eq!(
            std::fs::read(out.join("index/vi_1.pf_index")).unwrap(),
            [1, 2, 3]
        );
        assert_eq!(
            std::fs::read(out.join("pagefind-entry.json")).unwrap(),
            b"{}"
        );
        // A damaged file (same length) makes the entry unusable, and it goes.
        let entry = cache.dir.join("k1");
        std::fs::write(entry.join(FILES).join("index/vi_1.pf_index"), [1, 2, 4]).unwrap();
        let out2 = root.path().join("out2");
        assert_eq!(cache.restore("k1", &out2), None);
        assert!(!entry.exists());
        assert!(!out2.join("pagefind-entry.json").exists());
    }

    #[test]
    fn names_that_leave_the_entry_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let cache = ShardCache::open(root.path(), "pagefind-1.6.0").unwrap();
        assert!(!cache.store("k", &[(PathBuf::from("../x"), vec![1])]));
        assert!(!cache.dir.join("k").exists());
        let entry = cache.dir.join("k2");
        std::fs::create_dir_all(entry.join(FILES)).unwrap();
        std::fs::write(entry.join(MANIFEST), "/etc/passwd\t1\t00\n").unwrap();
        assert_eq!(cache.restore("k2", &root.path().join("out")), None);
        assert_eq!(
            safe_name("a/b.pf_index"),
            Some(PathBuf::from("a/b.pf_index"))
        );
        assert_eq!(safe_name("a/../b"), None);
        assert_eq!(safe_name(""), None);
    }

    #[test]
    fn prune_keeps_used_and_as_many_recent_others() {
        let root = tempfile::tempdir().unwrap();
        let cache = ShardCache::open(root.path(), "pagefind-1.6.0").unwrap();
        for k in ["a", "b", "c", "d"] {
            assert!(cache.store(k, &files()));
        }
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let set_time = |k: &str, t: SystemTime| {
            std::fs::File::options()
                .write(true)
                .open(cache.dir.join(k).join(MANIFEST))
                .unwrap()
                .set_modified(t)
                .unwrap()
        };
        set_time("b", old);
        set_time("c", old + std::time::Duration::from_secs(10));
        // d is the newest of the others; one other is kept for one entry used.
        cache.prune(&HashSet::from(["a".to_owned()]));
        wait_for_removals();
        let left: HashSet<String> = std::fs::read_dir(&cache.dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, HashSet::from(["a".to_owned(), "d".to_owned()]));
    }

    #[test]
    fn other_versions_are_removed_on_open() {
        let root = tempfile::tempdir().unwrap();
        let stale = root.path().join("search/v0-pagefind-1.0.0");
        std::fs::create_dir_all(&stale).unwrap();
        let _cache = ShardCache::open(root.path(), "pagefind-1.6.0").unwrap();
        assert!(!stale.exists());
    }
}
