//! The compressed forms of the website's text files, kept between builds in
//! `<root>/.cache/compressed/` by the SHA-256 of the file's bytes, so a file that did not change
//! is never compressed twice (the same reason `.cache/images/` exists). A CI deploy that keeps
//! `.cache/` between runs compresses only the pages that changed.
//!
//! Safe to lose, safe to damage: every entry carries the length and hash of the text it belongs
//! to and a hash of its own compressed bytes; an entry that does not match to the byte is ignored
//! (and replaced). Entries live under a folder named after the format and the compression
//! settings, so changing either starts a new cache and removes the old one. The cache is
//! bounded: after a build, entries the build did not use go, oldest first, until the whole cache
//! fits [`Cache::max_bytes`]; a build never writes more than that bound itself.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Format of an entry: bump when the layout below changes.
const FORMAT: u32 = 1;
/// First bytes of every entry.
const MAGIC: &[u8; 8] = b"CNHTZIP\0";
/// Bytes before the compressed data: magic, format, text length, text hash, gzip length,
/// Brotli length, hash of the compressed data.
const HEADER: usize = 8 + 4 + 8 + 32 + 8 + 8 + 32;
/// Default bound of the cache on disk.
pub const DEFAULT_MAX_BYTES: u64 = 2 << 30;

/// A cache entry not used by this build: modified, length, path.
type Entry = (std::time::SystemTime, u64, PathBuf);

/// The gzip and Brotli forms of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compressed {
    /// gzip bytes.
    pub gzip: Vec<u8>,
    /// Brotli bytes.
    pub brotli: Vec<u8>,
}

/// What the cache did in one build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries found and valid.
    pub hits: usize,
    /// Entries written.
    pub written: usize,
    /// Entries found damaged or not matching their text, and ignored.
    pub rejected: usize,
    /// Entries removed after the build to keep within the bound (and old-format folders).
    pub evicted: usize,
    /// Size of the cache after the build, bytes.
    pub bytes: u64,
}

/// An open cache folder.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    used: Mutex<HashSet<String>>,
    used_bytes: AtomicU64,
    hits: AtomicUsize,
    written: AtomicUsize,
    rejected: AtomicUsize,
}

/// The key of a text: the hex SHA-256 of its bytes.
pub fn key(text: &[u8]) -> ([u8; 32], String) {
    let hash: [u8; 32] = Sha256::digest(text).into();
    let hex = hash.iter().map(|b| format!("{b:02x}")).collect();
    (hash, hex)
}

impl Cache {
    /// Opens (creating it if needed) the cache under `root` (`<site>/.cache`) for compression
    /// `settings` (a short name of the levels, part of the folder name). Folders of other formats
    /// or settings are removed. `None` when the folder cannot be created: building then simply
    /// compresses everything.
    pub fn open(root: &Path, settings: &str, max_bytes: u64) -> Option<Cache> {
        let parent = root.join("compressed");
        let name = format!("v{FORMAT}-{settings}");
        let dir = parent.join(&name);
        std::fs::create_dir_all(&dir).ok()?;
        Some(Cache {
            dir,
            max_bytes,
            used: Mutex::new(HashSet::new()),
            used_bytes: AtomicU64::new(0),
            hits: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            rejected: AtomicUsize::new(0),
        })
    }

    /// The bound on the cache's size on disk.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn path(&self, hex: &str) -> PathBuf {
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The compressed forms of `text` (whose [`key`] is `hash`/`hex`) if the cache holds a valid
    /// entry for exactly these bytes.
    pub fn get(&self, text: &[u8], hash: &[u8; 32], hex: &str) -> Option<Compressed> {
        let bytes = std::fs::read(self.path(hex)).ok()?;
        match decode(&bytes, text.len() as u64, hash) {
            Some(c) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                self.mark_used(hex, bytes.len() as u64);
                Some(c)
            }
            None => {
                self.rejected.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps `compressed` as the entry of `text`, unless that would take this build's entries
    /// over the bound. Failing to write is not an error (the cache is an optimisation).
    pub fn put(&self, text: &[u8], hash: &[u8; 32], hex: &str, compressed: &Compressed) {
        let bytes = encode(text.len() as u64, hash, compressed);
        let size = bytes.len() as u64;
        let before = self.used_bytes.fetch_add(size, Ordering::Relaxed);
        if before + size > self.max_bytes {
            self.used_bytes.fetch_sub(size, Ordering::Relaxed);
            return;
        }
        let path = self.path(hex);
        if write_atomic(&path, &bytes).is_ok() {
            self.written.fetch_add(1, Ordering::Relaxed);
            self.used
                .lock()
                .expect("not poisoned")
                .insert(hex.to_owned());
        } else {
            self.used_bytes.fetch_sub(size, Ordering::Relaxed);
        }
    }

    fn mark_used(&self, hex: &str, size: u64) {
        if self
            .used
            .lock()
            .expect("not poisoned")
            .insert(hex.to_owned())
        {
            self.used_bytes.fetch_add(size, Ordering::Relaxed);
        }
    }

    /// Ends the build's use of the cache: removes other formats' folders, leftovers of
    /// interrupted writes, and entries this build did not use (oldest first) while the cache is
    /// over its bound.
    pub fn close(self) -> CacheStats {
        let mut evicted = 0;
        if let Some(parent) = self.dir.parent() {
            for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
                if entry.path() != self.dir && std::fs::remove_dir_all(entry.path()).is_ok() {
                    evicted += 1;
                }
            }
        }
        let used = self.used.into_inner().expect("not poisoned");
        // The entries' folders are read in parallel; each entry is asked about through its
        // folder (`DirEntry::metadata`), not by its whole path.
        let folders: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        let listed: Vec<(u64, Vec<Entry>)> = folders
            .par_iter()
            .map(|folder| {
                let shard = folder
                    .file_name()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut total = 0u64;
                let mut unused = Vec::new();
                for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                    let Ok(meta) = entry.metadata() else { continue };
                    if !meta.is_file() {
                        continue;
                    }
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.contains(".tmp") {
                        let _ = std::fs::remove_file(entry.path());
                        continue;
                    }
                    total += meta.len();
                    if !used.contains(&format!("{shard}{name}")) {
                        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
                        unused.push((modified, meta.len(), entry.path()));
                    }
                }
                (total, unused)
            })
            .collect();
        let mut total = listed.iter().map(|(t, _)| t).sum::<u64>();
        let mut unused: Vec<Entry> = listed.into_iter().flat_map(|(_, u)| u).collect();
        if total > self.max_bytes {
            unused.sort();
            for (_, len, path) in unused {
                if total <= self.max_bytes {
                    break;
                }
                if std::fs::remove_file(&path).is_ok() {
                    total -= len;
                    evicted += 1;
                }
            }
        }
        CacheStats {
            hits: self.hits.into_inner(),
            written: self.written.into_inner(),
            rejected: self.rejected.into_inner(),
            evicted,
            bytes: total,
        }
    }
}

fn encode(len: u64, hash: &[u8; 32], c: &Compressed) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + c.gzip.len() + c.brotli.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(hash);
    out.extend_from_slice(&(c.gzip.len() as u64).to_le_bytes());
    out.extend_from_slice(&(c.brotli.len() as u64).to_le_bytes());
    let mut payload = Sha256::new();
    payload.update(&c.gzip);
    payload.update(&c.brotli);
    out.extend_from_slice(&payload.finalize());
    out.extend_from_slice(&c.gzip);
    out.extend_from_slice(&c.brotli);
    out
}

/// The entry's compressed forms when it is whole and belongs to the text of length `len` and
/// hash `hash`.
fn decode(bytes: &[u8], len: u64, hash: &[u8; 32]) -> Option<Compressed> {
    let u64_at = |i: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?))
    };
    if bytes.len() < HEADER || &bytes[..8] != MAGIC || bytes[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    if u64_at(12)? != len || &bytes[20..52] != hash {
        return None;
    }
    let (gz, br) = (u64_at(52)? as usize, u64_at(60)? as usize);
    if gz.checked_add(br)?.checked_add(HEADER)? != bytes.len() {
        return None;
    }
    let data = &bytes[HEADER..];
    let check: [u8; 32] = Sha256::digest(data).into();
    if bytes[68..100] != check {
        return None;
    }
    Some(Compressed {
        gzip: data[..gz].to_vec(),
        brotli: data[gz..].to_vec(),
    })
}

/// Writes through a temporary file in the same folder and a rename, so a reader (another build)
/// never sees half an entry.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().expect("entries live in a shard folder");
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        "{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &[u8]) -> Compressed {
        Compressed {
            gzip: [b"gz:", text].concat(),
            brotli: [b"br:", text].concat(),
        }
    }

    #[test]
    fn round_trip_and_every_damage_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), "t", DEFAULT_MAX_BYTES).unwrap();
        let text = "Công nghiệp hỗ trợ".repeat(50);
        let (hash, hex) = key(text.as_bytes());
        assert_eq!(cache.get(text.as_bytes(), &hash, &hex), None);
        cache.put(text.as_bytes(), &hash, &hex, &sample(text.as_bytes()));
        assert_eq!(
            cache.get(text.as_bytes(), &hash, &hex),
            Some(sample(text.as_bytes()))
        );

        let path = cache.path(&hex);
        let good = std::fs::read(&path).unwrap();
        // Every single flipped byte, truncation and extension is caught.
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x20;
            assert!(decode(&bad, text.len() as u64, &hash).is_none(), "byte {i}");
        }
        assert!(decode(&good[..good.len() - 1], text.len() as u64, &hash).is_none());
        assert!(decode(&[&good[..], b"x"].concat(), text.len() as u64, &hash).is_none());
        assert!(decode(&good[..10], text.len() as u64, &hash).is_none());
        // An entry under the wrong name (another text's key) is not taken for that text.
        let other = b"another page".repeat(10);
        let (ohash, ohex) = key(&other);
        std::fs::create_dir_all(cache.path(&ohex).parent().unwrap()).unwrap();
        std::fs::copy(&path, cache.path(&ohex)).unwrap();
        assert_eq!(cache.get(&other, &ohash, &ohex), None);

        std::fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert_eq!(cache.get(text.as_bytes(), &hash, &hex), None);
        let stats = cache.close();
        assert_eq!((stats.hits, stats.written, stats.rejected), (1, 1, 2));
    }

    #[test]
    fn bounded_and_old_settings_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = Cache::open(dir.path(), "old-levels", DEFAULT_MAX_BYTES).unwrap();
        let texts: Vec<Vec<u8>> = (0..20)
            .map(|i| format!("page {i} ").repeat(40).into_bytes())
            .collect();
        for t in &texts {
            let (h, x) = key(t);
            old.put(t, &h, &x, &sample(t));
        }
        old.close();

        // One entry is a little over 700 bytes: a bound of 5,000 holds six of them.
        let bound = 5_000;
        let cache = Cache::open(dir.path(), "new-levels", bound).unwrap();
        for t in &texts[..10] {
            let (h, x) = key(t);
            cache.put(t, &h, &x, &sample(t));
        }
        let stats = cache.close();
        assert!(stats.written < 10 && stats.bytes <= bound, "{stats:?}");
        assert!(
            stats.evicted >= 1,
            "the old settings' folder went: {stats:?}"
        );
        let folders: Vec<_> = std::fs::read_dir(dir.path().join("compressed"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(folders, ["v1-new-levels"]);

        // The next build uses other texts: the entries it does not use go first.
        let cache = Cache::open(dir.path(), "new-levels", bound).unwrap();
        for t in &texts[10..14] {
            let (h, x) = key(t);
            cache.put(t, &h, &x, &sample(t));
        }
        let stats = cache.close();
        assert!(stats.bytes <= bound, "{stats:?}");
        let cache = Cache::open(dir.path(), "new-levels", bound).unwrap();
        for t in &texts[10..14] {
            let (h, x) = key(t);
            assert!(
                cache.get(t, &h, &x).is_some(),
                "the last build's entries stay"
            );
        }
    }
}
