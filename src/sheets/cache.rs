//! Typeset sheets kept between builds in `<root>/.cache/sheets/`, named by the SHA-256 of
//! everything that makes the PDF — the format of this cache, cnht's version, the fonts, the
//! template, the sheet's data and its logo — so a rebuild typesets only the sheets whose
//! enterprise (or template, or fonts) changed, and links the others from here.
//!
//! Safe to lose, safe to damage: an entry that is not a whole PDF is ignored and typeset again;
//! entries are written to a temporary file and renamed. Bounded: after a build, the entries it
//! did not use are removed, so the cache holds one build's sheets.

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Format of the cache and of the sheets' data: bump when either changes meaning.
const FORMAT: u32 = 1;

/// A running hash of what a sheet's PDF depends on.
#[derive(Clone)]
pub struct KeyHasher(Sha256);

impl KeyHasher {
    /// A hasher that already holds the cache format and cnht's version.
    pub fn new() -> Self {
        let mut h = Sha256::new();
        h.update(FORMAT.to_le_bytes());
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        KeyHasher(h)
    }

    /// Adds one part (length-prefixed, so parts cannot run into each other).
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The key: the hash as hexadecimal.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl Default for KeyHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// An open cache folder.
#[derive(Debug)]
pub struct SheetCache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    temp: AtomicUsize,
}

/// Whether `name` is an entry's file name: 64 hexadecimal digits and `.pdf`.
fn is_entry(name: &str) -> bool {
    name.strip_suffix(".pdf")
        .is_some_and(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl SheetCache {
    /// Opens (creating it if needed) `<cache_root>/sheets`; `None` when it cannot be created
    /// (every sheet is then typeset).
    pub fn open(cache_root: &Path) -> Option<SheetCache> {
        let dir = cache_root.join("sheets");
        std::fs::create_dir_all(&dir).ok()?;
        Some(SheetCache {
            dir,
            used: Mutex::new(HashSet::new()),
            temp: AtomicUsize::new(0),
        })
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.pdf"))
    }

    fn mark_used(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned());
    }

    /// The entry of `key` when there is a whole PDF under it.
    pub fn get(&self, key: &str) -> Option<PathBuf> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        if !whole_pdf(&bytes) {
            return None;
        }
        self.mark_used(key);
        Some(path)
    }

    /// Stores `pdf` under `key` (through a temporary file and a rename). Failing to store is
    /// not an error: the next build typesets the sheet again.
    pub fn put(&self, key: &str, pdf: &[u8]) {
        let n = self.temp.fetch_add(1, Ordering::Relaxed);
        let tmp = self
            .dir
            .join(format!(".tmp-{}-{n}-{key}", std::process::id()));
        let stored = std::fs::write(&tmp, pdf).and_then(|_| std::fs::rename(&tmp, self.path(key)));
        if stored.is_err() {
            let _ = std::fs::remove_file(&tmp);
            return;
        }
        self.mark_used(key);
    }

    /// Removes the entries this build did not use and temporary files left by an interrupted
    /// one; returns how many files went. Only files named like entries or temporary files are
    /// touched.
    pub fn prune(&self) -> usize {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = if is_entry(&name) {
                !used.contains(&name[..64])
            } else {
                name.starts_with(".tmp-")
                    && !name.starts_with(&format!(".tmp-{}-", std::process::id()))
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Whether `bytes` look like a complete PDF file (header and end-of-file marker).
fn whole_pdf(bytes: &[u8]) -> bool {
    let end = bytes.len().saturating_sub(32);
    bytes.starts_with(b"%PDF-") && bytes[end..].windows(5).any(|w| w == b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_kept_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = SheetCache::open(dir.path()).unwrap();
        let mut h = KeyHasher::new();
        h.part(b"view").part(b"logo");
        let key = h.finish();
        assert_eq!(key.len(), 64);
        let mut other = KeyHasher::new();
        other.part(b"viewl").part(b"ogo");
        assert_ne!(other.finish(), key, "parts are length-prefixed");

        assert!(cache.get(&key).is_none());
        cache.put(&key, b"%PDF-1.7\n...\n%%EOF\n");
        assert!(cache.get(&key).is_some());
        // A damaged entry is ignored.
        let bad = "b".repeat(64);
        std::fs::write(
            dir.path().join(format!("sheets/{bad}.pdf")),
            b"%PDF-1.7 trunc",
        )
        .unwrap();
        assert!(cache.get(&bad).is_none());
        // Files the cache did not name are never removed.
        std::fs::write(dir.path().join("sheets/notes.txt"), b"mine").unwrap();

        let next = SheetCache::open(dir.path()).unwrap();
        assert!(next.get(&key).is_some());
        assert_eq!(next.prune(), 1, "the damaged, unused entry goes");
        assert!(next.get(&key).is_some());
        assert!(dir.path().join("sheets/notes.txt").is_file());
        let third = SheetCache::open(dir.path()).unwrap();
        assert_eq!(third.prune(), 1, "an entry no build used goes");
        assert!(third.get(&key).is_none());
    }
}
