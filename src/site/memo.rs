//! Pages of the previous publication reused when their inputs did not change, so a rebuild
//! renders only the pages an edit reaches.
//!
//! A page is a function of its template, the theme (templates, interface strings, static files:
//! the `asset()` addresses), the program itself and its Tera context, which the page's job fills
//! from the model; nothing else reaches a template. Its *key* is a hash of all of them, taken
//! before rendering. Filling a context is most of what an unchanged page costs, so a page that
//! can name what it shows of the model (`Job::inputs`: an enterprise page names its record) is
//! keyed instead by those inputs and by [`world`], what every page of its language shares; its
//! context is filled only when it must be rendered (`tests/rebuild.rs` edits each kind of input
//! and compares the rebuild with a fresh build). After a build is published, [`PageMemo::save`] writes a manifest into
//! `<root>/.cache/pages/`: per page its address, its key, the SHA-256 of its bytes and the
//! identity of the published file (device, inode, length, modification time). The next build
//! into the same folder hard-links a page from the publication it replaces when the page's key
//! is the one recorded and the file is still the one recorded — the same file, or (after a CI
//! cache restored the folder: new inodes) a file whose bytes hash as recorded — and renders it
//! otherwise. Nothing is reused from a publication
//! whose files were edited or replaced since, a manifest that does not parse, or one written by
//! another build of the program; the rebuild then renders what it cannot prove unchanged, and
//! its output is byte for byte a fresh build's (`tests/rebuild.rs`).

use super::images::Images;
use crate::model::Model;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::Context;

/// Format of the manifest: bump when its layout or the key's recipe changes.
const FORMAT: &str = "cnht-pages 2";

/// Output folders whose manifests are kept.
const KEPT_FOLDERS: usize = 8;

/// A page's key: the hash of everything its bytes are made from.
pub type Key = [u8; 32];

/// The identity of a published file: device, inode, length, modification time (ns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
}

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        let m = std::fs::symlink_metadata(path).ok()?;
        if !m.is_file() {
            return None;
        }
        let mtime = m.modified().ok()?;
        let mtime_ns = match mtime.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        let (dev, ino) = dev_ino(&m);
        Some(FileId {
            dev,
            ino,
            len: m.len(),
            mtime_ns,
        })
    }
}

#[cfg(unix)]
fn dev_ino(m: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn dev_ino(_: &std::fs::Metadata) -> (u64, u64) {
    // Without inode numbers, length and time alone would be too weak: nothing is reused.
    (0, 0)
}

/// A page of this build: address, file relative to the output, key, content hash, and the file's
/// identity when it was taken from the previous publication (read then; a rendered page's is read
/// once it is published).
type Page = (String, PathBuf, Key, Key, Option<FileId>);

/// The page memo of one build.
#[derive(Debug)]
pub struct PageMemo {
    /// The manifest's file.
    manifest: PathBuf,
    /// The publication this build replaces.
    previous: PathBuf,
    /// What the previous publication's manifest says: address → (key, content hash, file).
    known: HashMap<String, (Key, Key, FileId)>,
    /// Hash of the theme and the program.
    theme: Key,
    /// This build's pages: (address, file relative to the output, key, content hash, and the
    /// file's identity when it is the previous publication's file, read when it was taken).
    pages: Mutex<Vec<Page>>,
    reused: AtomicUsize,
}

impl PageMemo {
    /// The memo of a build of the site at `root` with the theme at `theme` that will replace the
    /// publication at `previous`. `None` when the theme cannot be read (then every page is
    /// rendered; the renderer reports the theme's problems itself).
    pub fn open(root: &Path, theme: &Path, previous: &Path) -> Option<PageMemo> {
        let theme = theme_key(theme)?;
        let manifest = root.join(".cache/pages").join(format!(
            "{}.tsv",
            hex(&Sha256::digest(previous.as_os_str().as_encoded_bytes()))
        ));
        let known = read_manifest(&manifest, &theme).unwrap_or_default();
        Some(PageMemo {
            manifest,
            previous: previous.to_path_buf(),
            known,
            theme,
            pages: Mutex::new(Vec::new()),
            reused: AtomicUsize::new(0),
        })
    }

    /// The key of the page at `url` made with `template` from `ctx`.
    pub fn key(&self, url: &str, template: &str, ctx: &Context) -> Key {
        let mut h = HashWriter::new();
        h.0.update(self.theme);
        for part in [url, template] {
            h.0.update((part.len() as u64).to_le_bytes());
            h.0.update(part.as_bytes());
        }
        // serde_json writes maps in a fixed order (Tera's context is a BTreeMap), so the same
        // context always hashes the same.
        if serde_json::to_writer(&mut h, &ctx.clone().into_json()).is_err() {
            // Unhashable: a key no manifest holds, so the page is rendered.
            h.0.update(b"\xffunhashable");
            h.0.update(std::process::id().to_le_bytes());
        }
        h.0.finalize().into()
    }

    /// The key of the page at `url` made with `template` from what it names as its own inputs
    /// (`write_inputs` writes them: for an enterprise page, its record) and from `world`, what
    /// every page of its language shares ([`world`]); `both` says whether the page exists in both
    /// languages. Taken without filling the page's context, which is most of what a page costs
    /// when it is not rendered.
    pub fn key_of_inputs(
        &self,
        url: &str,
        template: &str,
        world: &Key,
        both: bool,
        write_inputs: impl FnOnce(&mut dyn Write),
    ) -> Key {
        let mut h = HashWriter::new();
        h.0.update(self.theme);
        h.0.update(b"\0inputs\0");
        for part in [url, template] {
            h.0.update((part.len() as u64).to_le_bytes());
            h.0.update(part.as_bytes());
        }
        h.0.update(world);
        h.0.update([u8::from(both)]);
        write_inputs(&mut h);
        h.0.finalize().into()
    }

    /// Puts the previous publication's page at `url` at `file` (inside the output `out`) when its
    /// key is `key` and the file is the one published; records the page either way (call
    /// [`PageMemo::rendered`] after writing a page this returned `false` for).
    pub fn reuse(&self, url: &str, key: &Key, out: &Path, file: &Path) -> bool {
        let Ok(rel) = file.strip_prefix(out) else {
            return false;
        };
        let Some((known, content, id)) = self.known.get(url) else {
            return false;
        };
        if known != key {
            return false;
        }
        let prev = self.previous.join(rel);
        let Some(now) = FileId::of(&prev) else {
            return false;
        };
        let same = now == *id
            // Another inode (a restored copy of the folder): the bytes must be the recorded ones.
            || (now.len == id.len
                && std::fs::read(&prev).is_ok_and(|b| <Key>::from(Sha256::digest(&b)) == *content));
        if !(same && crate::place::link_known(&prev, (now.dev, now.ino), now.len, file).is_ok()) {
            return false;
        }
        self.reused.fetch_add(1, Ordering::Relaxed);
        self.record(url, rel, key, content, Some(now));
        true
    }

    /// Records a page this build rendered as `text`.
    pub fn rendered(&self, url: &str, key: &Key, out: &Path, file: &Path, text: &[u8]) {
        if let Ok(rel) = file.strip_prefix(out) {
            self.record(url, rel, key, &Sha256::digest(text).into(), None);
        }
    }

    fn record(&self, url: &str, rel: &Path, key: &Key, content: &Key, id: Option<FileId>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.push((url.to_owned(), rel.to_path_buf(), *key, *content, id));
        }
    }

    /// Pages taken from the previous publication so far.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Writes the manifest of the publication now at `published` (call once it is in place).
    /// Best effort: without a manifest the next build renders every page.
    pub fn save(&self, published: &Path) {
        let Ok(mut pages) = self.pages.lock() else {
            return;
        };
        pages.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut text = format!("{FORMAT}\t{}\n", hex(&self.theme));
        for (url, rel, key, content, taken) in pages.iter() {
            // Addresses and file names never hold tabs or line breaks (`model::urls`); a page
            // that did is left out rather than written ambiguously.
            if url.contains(['\t', '\n']) {
                continue;
            }
            // A page taken from the previous publication is the file read then (moving the
            // folder into place changed neither its inode nor its time); a rendered one is read.
            if let Some(id) = taken.or_else(|| FileId::of(&published.join(rel))) {
                text.push_str(&format!(
                    "{url}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    hex(key),
                    hex(content),
                    id.dev,
                    id.ino,
                    id.len,
                    id.mtime_ns
                ));
            }
        }
        if let Some(dir) = self.manifest.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::atomic_write::replace(&self.manifest, text.as_bytes());
        self.forget_old_folders();
    }

    /// Keeps the manifests of the [`KEPT_FOLDERS`] output folders built most recently (one per
    /// folder: a site built into many `--out` folders does not fill the cache).
    fn forget_old_folders(&self) {
        let Some(dir) = self.manifest.parent() else {
            return;
        };
        let mut manifests: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "tsv"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        manifests.sort_by(|a, b| b.cmp(a));
        for (_, path) in manifests.into_iter().skip(KEPT_FOLDERS) {
            if path != self.manifest {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// What the pages that name their inputs name of the records, digested once per build instead of
/// once per page that shows them: per enterprise (in the model's order), a hash of its record,
/// its logo's processed files and which of its certificates have expired by the build's today —
/// all that its page, its cards (every listing and file of cards that shows it) and its row of
/// the open data show of it besides the [`world`]. An enterprise shows on some twenty listing
/// pages and a file of cards; hashing its record for each was most of a rebuild's page time.
#[derive(Debug, Default)]
pub struct Digests {
    enterprises: Vec<Key>,
}

impl Digests {
    /// The digests of `model`'s records, with the logos as `images` processed them.
    pub fn of(model: &Model, images: &Images) -> Digests {
        use rayon::prelude::*;
        let today = model.today();
        let enterprises = model
            .enterprises()
            .par_iter()
            .map(|ent| {
                let mut h = HashWriter::new();
                h.0.update(b"enterprise\0");
                let expired: Vec<bool> = ent
                    .certifications
                    .iter()
                    .map(|c| c.expired(today))
                    .collect();
                let logo = images.get(ent.logo.as_ref());
                let written = serde_json::to_writer(&mut h, ent)
                    .map_err(std::io::Error::from)
                    .and_then(|()| write!(h, "{expired:?}{logo:?}"));
                // Unhashable: a key no manifest holds, so its pages are rendered.
                h.unless_written(written);
                h.0.finalize().into()
            })
            .collect();
        Digests { enterprises }
    }

    /// The digest of the `i`th enterprise (an unknown one: a digest no page was keyed with).
    pub fn enterprise(&self, i: usize) -> Key {
        self.enterprises.get(i).copied().unwrap_or([0xff; 32])
    }
}

/// What every page of one language may show of the model besides a page's own inputs
/// ([`PageMemo::key_of_inputs`]), hashed once per build: the language's base context, whether raw
/// HTML passes, the site settings (sectors among them), districts, parks, vocabularies, policies,
/// articles, free pages, programmes, events and what links resolve against (every address and
/// content file). Not the build's today: a page whose text depends on the date names what it
/// makes of it among its inputs (an enterprise page: which certificates have expired). Anything
/// here changing renders every page that names its inputs again.
pub fn world(model: &Model, base: &Context, allow_html: bool) -> Key {
    let mut h = HashWriter::new();
    h.0.update(b"world\0");
    h.0.update([u8::from(allow_html)]);
    let written = serde_json::to_writer(&mut h, &base.clone().into_json())
        .and_then(|()| serde_json::to_writer(&mut h, model.policies()))
        .and_then(|()| serde_json::to_writer(&mut h, model.market()))
        .and_then(|()| serde_json::to_writer(&mut h, model.news()))
        .and_then(|()| serde_json::to_writer(&mut h, model.pages()))
        .and_then(|()| serde_json::to_writer(&mut h, model.programs()))
        .and_then(|()| serde_json::to_writer(&mut h, model.events()))
        .map_err(std::io::Error::from)
        .and_then(|()| write_places_and_terms(&mut h, model));
    // Unhashable: a key no manifest holds, so the pages are rendered.
    h.unless_written(written);
    for target in model.link_targets() {
        h.0.update((target.len() as u64).to_le_bytes());
        h.0.update(target.as_bytes());
    }
    h.0.finalize().into()
}

/// The manifest's pages, when it was written by this program with this theme.
fn read_manifest(path: &Path, theme: &Key) -> Option<HashMap<String, (Key, Key, FileId)>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let head = lines.next()?;
    if head != format!("{FORMAT}\t{}", hex(theme)) {
        return None;
    }
    let mut known = HashMap::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let [url, key, content, dev, ino, len, mtime] = f[..] else {
            return None;
        };
        let (key, content) = (unhex(key)?, unhex(content)?);
        let id = FileId {
            dev: dev.parse().ok()?,
            ino: ino.parse().ok()?,
            len: len.parse().ok()?,
            mtime_ns: mtime.parse().ok()?,
        };
        known.insert(url.to_owned(), (key, content, id));
    }
    Some(known)
}

/// Hash of the theme folder (every file's path and bytes) and of the running program (its
/// length and modification time: any rebuild of cnht starts afresh).
/// The running program's identity (its executable's length and modification time), for keys of
/// what it makes; `None` when it cannot be told (then nothing made is reused).
pub fn program() -> Option<[u8; 24]> {
    let exe = std::env::current_exe().ok()?;
    let id = FileId::of(&exe.canonicalize().unwrap_or(exe))?;
    let mut bytes = [0u8; 24];
    bytes[..8].copy_from_slice(&id.len.to_le_bytes());
    bytes[8..].copy_from_slice(&id.mtime_ns.to_le_bytes());
    Some(bytes)
}

fn theme_key(theme: &Path) -> Option<Key> {
    let mut h = Sha256::new();
    h.update(FORMAT.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(program()?);
    let mut files: Vec<PathBuf> = Vec::new();
    // Links are not followed: the templates and the static files are read without them
    // (`templates`, `assets`), and a link out of the site must not be read, nor a link to a
    // large folder walk it on every preview rebuild.
    for entry in walkdir::WalkDir::new(theme) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files.push(entry.path().to_path_buf());
        }
    }
    files.sort();
    for f in files {
        let rel = f.strip_prefix(theme).unwrap_or(&f);
        let bytes = std::fs::read(&f).ok()?;
        let name = rel.as_os_str().as_encoded_bytes();
        h.update((name.len() as u64).to_le_bytes());
        h.update(name);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Some(h.finalize().into())
}

/// Writes into `h` what an enterprise's page, card and search records read of the model besides
/// the enterprise (with [`Digests`]): the site settings (sector names among them), districts,
/// parks and the vocabularies (names and synonyms). Part of [`world`], and the whole of what the
/// search shards' keys add to the digests (`search::shards`).
pub(crate) fn write_places_and_terms(h: &mut HashWriter, model: &Model) -> std::io::Result<()> {
    let v = model.vocabularies();
    serde_json::to_writer(&mut *h, model.site())
        .and_then(|()| serde_json::to_writer(&mut *h, model.districts()))
        .and_then(|()| serde_json::to_writer(&mut *h, model.parks()))
        .map_err(std::io::Error::from)
        .and_then(|()| {
            write!(
                h,
                "{:?}{:?}{:?}{:?}",
                v.processes.all(),
                v.product_groups.all(),
                v.certifications.all(),
                v.countries.all(),
            )
        })
}

/// A writer into a SHA-256 hash (for `serde_json::to_writer` and `write!`).
pub(crate) struct HashWriter(pub(crate) Sha256);

impl HashWriter {
    /// A new hash.
    pub(crate) fn new() -> Self {
        HashWriter(Sha256::new())
    }

    /// After a write that failed, makes the hash one no earlier build can have made (this
    /// process's id), so that nothing is reused on its strength.
    pub(crate) fn unless_written(&mut self, written: std::io::Result<()>) {
        if written.is_err() {
            self.0.update(std::process::id().to_le_bytes());
        }
    }
}

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Key> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_context_and_the_template() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), "{{ x }}").unwrap();
        let memo = PageMemo::open(dir.path(), dir.path(), &dir.path().join("public")).unwrap();
        let mut a = Context::new();
        a.insert("x", "một");
        let mut b = Context::new();
        b.insert("x", "hai");
        let key = memo.key("/a/", "page.html", &a);
        assert_eq!(key, memo.key("/a/", "page.html", &a));
        for (url, template, ctx) in [
            ("/a/", "page.html", &b),
            ("/a/", "other.html", &a),
            ("/b/", "page.html", &a),
        ] {
            assert_ne!(key, memo.key(url, template, ctx), "{url} {template}");
        }
        // The theme is part of every key.
        std::fs::write(dir.path().join("page.html"), "<p>{{ x }}</p>").unwrap();
        let changed = PageMemo::open(dir.path(), dir.path(), &dir.path().join("public")).unwrap();
        assert_ne!(
            memo.key("/a/", "page.html", &a),
            changed.key("/a/", "page.html", &a)
        );
    }

    #[test]
    fn keys_of_inputs_follow_the_inputs_the_world_and_the_other_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("page.html"), "{{ x }}").unwrap();
        let memo = PageMemo::open(dir.path(), dir.path(), &dir.path().join("public")).unwrap();
        let key = |url: &str, world: &Key, both: bool, inputs: &[u8]| {
            memo.key_of_inputs(url, "page.html", world, both, |w| {
                w.write_all(inputs).unwrap()
            })
        };
        let (world, other_world) = ([1u8; 32], [2u8; 32]);
        let first = key("/a/", &world, true, b"record");
        assert_eq!(first, key("/a/", &world, true, b"record"));
        assert_ne!(first, key("/a/", &world, true, b"record edited"));
        assert_ne!(first, key("/a/", &other_world, true, b"record"));
        assert_ne!(first, key("/a/", &world, false, b"record"));
        assert_ne!(first, key("/b/", &world, true, b"record"));
        // Never the key of a filled context.
        assert_ne!(first, memo.key("/a/", "page.html", &Context::new()));
    }

    #[test]
    fn reuses_only_the_recorded_file_with_the_recorded_key() {
        let dir = tempfile::tempdir().unwrap();
        let (root, theme) = (dir.path(), dir.path().join("theme"));
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(theme.join("t.html"), "x").unwrap();
        let public = root.join("public");
        std::fs::create_dir_all(public.join("a")).unwrap();
        let page = public.join("a/index.html");
        std::fs::write(&page, "<p>A</p>").unwrap();
        let first = PageMemo::open(root, &theme, &public).unwrap();
        let key = first.key("/a/", "t.html", &Context::new());
        first.rendered("/a/", &key, &public, &page, b"<p>A</p>");
        first.save(&public);

        let staging = root.join("staging");
        let memo = PageMemo::open(root, &theme, &public).unwrap();
        let other = memo.key("/a/", "t.html", &{
            let mut c = Context::new();
            c.insert("x", &1);
            c
        });
        assert!(!memo.reuse("/a/", &other, &staging, &staging.join("a/index.html")));
        assert!(memo.reuse("/a/", &key, &staging, &staging.join("a/index.html")));
        assert_eq!(
            std::fs::read(staging.join("a/index.html")).unwrap(),
            b"<p>A</p>"
        );
        assert!(!memo.reuse("/b/", &key, &staging, &staging.join("b/index.html")));
        assert_eq!(memo.reused(), 1);

        // A published file changed since (another length, time or inode) is never reused.
        std::fs::remove_file(&page).unwrap();
        std::fs::write(&page, "<p>BB</p>").unwrap();
        let memo = PageMemo::open(root, &theme, &public).unwrap();
        let staging = root.join("staging2");
        assert!(!memo.reuse("/a/", &key, &staging, &staging.join("a/index.html")));

        // A copy of the same bytes (a restored folder: another inode) is reused.
        std::fs::remove_file(&page).unwrap();
        std::fs::write(&page, "<p>A</p>").unwrap();
        let memo = PageMemo::open(root, &theme, &public).unwrap();
        let staging = root.join("staging3");
        assert!(memo.reuse("/a/", &key, &staging, &staging.join("a/index.html")));

        // A manifest that does not parse is ignored as a whole.
        std::fs::write(&first.manifest, "garbage").unwrap();
        assert!(PageMemo::open(root, &theme, &public)
            .unwrap()
            .known
            .is_empty());
    }
}
