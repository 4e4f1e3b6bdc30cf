//! Deployable output, run on the staging folder at the end of every `cnht build`: a `_headers`
//! file (Netlify / Cloudflare Pages) with the security and cache headers, and pre-compressed `.gz`
//! and `.br` siblings of the text files and large PDFs so a web server can send them as they are
//! (`gzip_static on;` in nginx). The compressed files are deterministic: two builds of the same
//! content are byte-identical (no time stamp or file name in the gzip header). Compressed forms
//! are kept by content hash in `<root>/.cache/compressed/` ([`cache`]), so a page that did not
//! change since any earlier build is not compressed again.

pub mod cache;

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::place::{same_file, Linked};
use cache::{Cache, CacheStats, Compressed};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The Content-Security-Policy the website is built to pass: no inline script or style, nothing
/// loaded from another origin, never framed.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                       script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'; base-uri 'self'";

/// Text files at least this large get compressed siblings (smaller ones gain nothing worth a file).
pub const MIN_SIZE: u64 = 1024;

/// Extensions of the files that get compressed siblings.
pub const COMPRESSED_EXTENSIONS: &[&str] =
    &["html", "css", "js", "xml", "json", "txt", "svg", "csv"];

/// PDFs at least this large get compressed siblings too. A large PDF is mostly objects stored
/// uncompressed (the screen handbook's tags and links: for 1,000 enterprises 14.5 MB, 3.4 MB
/// gzipped; for the bundled content 2.2 MB, 0.65 MB), which a reader on a phone would otherwise
/// download whole; a small one is mostly compressed streams already (a capability sheet:
/// 51 KB, 43 KB gzipped), not worth a file.
pub const PDF_MIN_SIZE: u64 = 1 << 20;

/// gzip level. 9 makes the files of a generated site 1.6 % smaller than 6 for 70 % more time;
/// see BENCHMARKS.md ("Compression").
const GZIP_LEVEL: u32 = 6;
/// Brotli quality. 5 makes a generated site's pages 0.1 % (of their size) larger than 6 in 85 %
/// of the time (25.34 % against 25.25 %, 3.15 s against 3.75 s for 1,000 enterprises' 52 MB);
/// 4 is larger than gzip 6; 10 and 11 make files about 10 % smaller than 6 but take 15 to 40
/// times as long. See BENCHMARKS.md ("Compression", "Stage C").
const BROTLI_QUALITY: u32 = 5;
/// Files at least this large (the open data: at 10,000 enterprises a 13.8 MB JSON file and two
/// 4 MB CSV files, changed by every edit) are compressed at [`BROTLI_QUALITY_LARGE`]; quality 5
/// made them most of a one-edit rebuild's compression time. Downloads of that size are rare and
/// read by programs, not browsers waiting to paint.
const LARGE_MIN: usize = 1 << 20;
/// Brotli quality of files of at least [`LARGE_MIN`] bytes, with a window of up to 2^24 bytes:
/// on the 13.8 MB open-data JSON of 10,000 enterprises 6.75 % of its size in 0.08 s, against
/// 4.93 % in 0.36 s at quality 5 (and gzip 6's 7.39 % in 0.14 s). See BENCHMARKS.md ("Stage E").
const BROTLI_QUALITY_LARGE: u32 = 3;
/// The largest Brotli window of files of at least [`LARGE_MIN`] bytes (log2 of bytes).
const BROTLI_WINDOW_LARGE: u32 = 24;
/// Files at least this large get their gzip and Brotli forms made at once, on two threads (a
/// rebuild after one edit compresses a few pages and the three open-data files: without this
/// one thread compressed the 13.8 MB file twice while the other had nothing left to do).
const PARALLEL_MIN: usize = 256 * 1024;
/// Brotli's window (log2 of bytes) fits the file, between these bounds: the encoder prepares a
/// window's worth of memory per file, which for a 15 KB page at the usual 22 (4 MiB) costs more
/// than compressing it, while windows under 2^18 make qualities 5 and 6 much slower.
const BROTLI_WINDOW: (u32, u32) = (18, 22);

/// Cache lifetime of the resized images (`/static/img/`), of the theme's files under
/// `/static/h/` and of the search index chunks (`/pagefind/{fragment,index,filter}/`, named by
/// Pagefind after their content): their names carry a content hash.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache lifetime of the theme's files under their own names (`/static/css/site.css`, kept for
/// addresses outside the pages): the names stay the same from one build to the next, so a
/// changed theme must reach returning visitors within a day.
pub const CACHE_ASSETS: &str = "public, max-age=86400, stale-while-revalidate=604800";
/// Cache lifetime of the handbook PDFs.
pub const CACHE_PDF: &str = "public, max-age=86400";

/// The `_headers` file written at the root of the output. Each path gets one Cache-Control (the
/// hosts join the values of all rules that match a path, so the rules do not overlap); HTML pages
/// keep the host's default, revalidated on every visit. The search index's further shards
/// (`/pagefind/<n>/`, `site::search::shards`) are named like the first one's files, under a
/// placeholder segment (`:shard`, read by Cloudflare Pages; a host that does not read
/// placeholders matches nothing with it, so nothing is ever cached for too long).
pub fn headers_file() -> String {
    format!(
        "# Response headers for Netlify and Cloudflare Pages, written by `cnht build`.\n\
         # The same headers for nginx are in the README (\"Deploying public/\").\n\
         /*\n  Content-Security-Policy: {CSP}\n  X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n  X-Frame-Options: DENY\n\
         \n\
         /static/img/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /static/h/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/fragment/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/index/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/filter/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/:shard/fragment/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/:shard/index/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /pagefind/:shard/filter/*\n  Cache-Control: {CACHE_IMMUTABLE}\n\
         \n\
         /static/css/*\n  Cache-Control: {CACHE_ASSETS}\n\
         \n\
         /static/js/*\n  Cache-Control: {CACHE_ASSETS}\n\
         \n\
         /static/favicon.svg\n  Cache-Control: {CACHE_ASSETS}\n\
         \n\
         /cam-nang/*\n  Cache-Control: {CACHE_PDF}\n"
    )
}

/// What the deploy step did.
#[derive(Debug, Default, Clone)]
pub struct DeployStats {
    /// Files that have `.gz` and `.br` siblings.
    pub compressed: usize,
    /// Of which, siblings taken from the cache (the file was compressed by an earlier build).
    pub reused: usize,
    /// Of which, siblings linked from the previous publication (the file did not change).
    pub linked: usize,
    /// Total size of those files.
    pub bytes: u64,
    /// Total size of their `.gz` siblings.
    pub gzip_bytes: u64,
    /// Total size of their `.br` siblings.
    pub brotli_bytes: u64,
    /// What the cache did (`None`: no cache folder could be used).
    pub cache: Option<CacheStats>,
}

/// Compresses texts for deployment, through the cache when there is one.
#[derive(Debug)]
pub struct Compressor {
    cache: Option<Cache>,
}

impl Compressor {
    /// A compressor keeping its results under `cache_root` (`<site>/.cache`); `None` compresses
    /// everything every time.
    pub fn new(cache_root: Option<&Path>) -> Self {
        let settings = format!(
            "gzip{GZIP_LEVEL}-br{BROTLI_QUALITY}w{}-{}-large{LARGE_MIN}br{BROTLI_QUALITY_LARGE}w{BROTLI_WINDOW_LARGE}",
            BROTLI_WINDOW.0, BROTLI_WINDOW.1
        );
        Compressor {
            cache: cache_root
                .and_then(|root| Cache::open(root, &settings, cache::DEFAULT_MAX_BYTES)),
        }
    }

    /// The gzip and Brotli forms of `text`, and whether they came from the cache.
    pub fn compress(&self, text: &[u8]) -> (Compressed, bool) {
        let Some(cache) = &self.cache else {
            return (compress_now(text), false);
        };
        let (hash, hex) = cache::key(text);
        if let Some(found) = cache.get(text, &hash, &hex) {
            return (found, true);
        }
        let made = compress_now(text);
        cache.put(text, &hash, &hex, &made);
        (made, false)
    }

    /// Writes `path.gz` and `path.br` for the file at `path` holding `text`; returns the sizes
    /// of the siblings and whether they came from the cache. This is all a renderer needs to
    /// compress a page while it is still in memory (see BENCHMARKS.md, "Compression").
    pub fn write_siblings(&self, path: &Path, text: &[u8]) -> Result<(u64, u64, bool), Diagnostic> {
        let (c, reused) = self.compress(text);
        for (ext, bytes) in [("gz", &c.gzip), ("br", &c.brotli)] {
            let target = sibling(path, ext);
            crate::place::write(&target, bytes)
                .map_err(|e| Diagnostic::said(&target, cannot(Cannot::Write, e)))?;
        }
        Ok((c.gzip.len() as u64, c.brotli.len() as u64, reused))
    }

    /// Ends the use of the cache (keeping it within its bound); what it did.
    pub fn close(self) -> Option<CacheStats> {
        self.cache.map(Cache::close)
    }
}

fn compress_now(text: &[u8]) -> Compressed {
    let (gzip, brotli) = if text.len() >= PARALLEL_MIN {
        rayon::join(|| gzip(text), || brotli(text))
    } else {
        (gzip(text), brotli(text))
    };
    Compressed { gzip, brotli }
}

/// Finishes the staging folder `out` for deployment: writes `_headers` and, when `compress` is
/// set, the `.gz`/`.br` siblings of every text file of at least [`MIN_SIZE`] bytes and every
/// PDF of at least [`PDF_MIN_SIZE`], in parallel.
/// A file identical to the one in `previous` (the publication being replaced) takes that one's
/// siblings as hard links (the cheapest way: nothing is compressed or written); any other file
/// that an earlier build already compressed takes its siblings from the cache under
/// `cache_root` (`<site>/.cache`), which also serves a deploy that kept only `.cache/`.
pub fn finish(
    out: &Path,
    previous: &Path,
    cache_root: Option<&Path>,
    compress: bool,
) -> Result<DeployStats, Diagnostic> {
    finish_with(out, previous, cache_root, compress, None)
}

/// [`finish`], given the files `out` holds besides siblings when the caller knows them (a build
/// in the spare: what it put, `publish::Staging::files_put`), instead of walking the folder
/// (0.4 s of a one-edit rebuild at 10,000 enterprises). Siblings of files that no longer qualify
/// are then the publication step's to remove, with every other sibling the build did not put.
pub fn finish_with(
    out: &Path,
    previous: &Path,
    cache_root: Option<&Path>,
    compress: bool,
    files: Option<Vec<(PathBuf, Option<Linked>)>>,
) -> Result<DeployStats, Diagnostic> {
    let headers = out.join("_headers");
    crate::place::write(&headers, headers_file().as_bytes())
        .map_err(|e| Diagnostic::said(&headers, cannot(Cannot::Write, e)))?;
    if !compress {
        return Ok(DeployStats::default());
    }
    let mut steps = crate::timing::Steps::new("compress");
    let files = match files {
        Some(files) => known_candidates(files),
        None => candidates(out)?.into_iter().map(|f| (f, None)).collect(),
    };
    steps.step(&format!("{} files found", files.len()));
    let compressor = Compressor::new(cache_root);
    let progress = Progress::new(files.len());
    let results: Vec<Result<Siblings, Diagnostic>> = files
        .par_iter()
        .map(|(f, linked)| {
            let prev = f.strip_prefix(out).ok().map(|rel| previous.join(rel));
            // Put as a link to that very file (a page the renderer took from it), of this length.
            let same_len = linked
                .as_ref()
                .filter(|l| prev.as_ref().is_some_and(|p| l.from == *p))
                .map(|l| l.len);
            let r = siblings(&compressor, f, prev.as_deref(), same_len);
            progress.tick();
            r
        })
        .collect();
    progress.done();
    steps.step("siblings kept, linked or made");
    let mut stats = DeployStats::default();
    for r in results {
        let s = r?;
        stats.compressed += 1;
        stats.reused += s.from_cache as usize;
        stats.linked += s.linked as usize;
        stats.bytes += s.bytes;
        stats.gzip_bytes += s.gzip;
        stats.brotli_bytes += s.brotli;
    }
    stats.cache = compressor.close();
    steps.step("cache closed");
    Ok(stats)
}

/// What making one file's siblings did.
struct Siblings {
    bytes: u64,
    gzip: u64,
    brotli: u64,
    from_cache: bool,
    linked: bool,
}

/// Writes `path.gz` and `path.br`: linked from `previous` when that file is identical, else from
/// the compressor (cache or compression). `same_len` is the file's length when it was put as a
/// link to `previous` itself (then that need not be asked again).
fn siblings(
    compressor: &Compressor,
    path: &Path,
    previous: Option<&Path>,
    same_len: Option<u64>,
) -> Result<Siblings, Diagnostic> {
    let err = |p: &Path, e: std::io::Error| Diagnostic::said(p, cannot(Cannot::Compress, e));
    // Rendering into the spare, a page and its siblings that did not change since the build
    // before the last one are already the previous publication's very files: nothing to do.
    if let Some(kept) = previous.and_then(|prev| kept_siblings(path, prev, same_len)) {
        return Ok(kept);
    }
    // A page the renderer took from the previous publication is that very file (a hard link):
    // identical without reading either.
    let linked = previous
        .and_then(|prev| {
            let len = same_len.or_else(|| {
                same_file(path, prev)
                    .then(|| std::fs::metadata(path).ok().map(|m| m.len()))
                    .flatten()
            })?;
            Some((prev, len))
        })
        .and_then(|(prev, len)| Some((siblings_of(prev)?, len)));
    let text = match linked {
        Some(_) => Vec::new(),
        None => std::fs::read(path).map_err(|e| err(path, e))?,
    };
    let found = match linked {
        Some((pair, len)) => Some((pair, len)),
        None => previous
            .and_then(|prev| reusable(&text, prev))
            .map(|pair| (pair, text.len() as u64)),
    };
    if let Some(((gz, br), bytes)) = found {
        let (gz_path, br_path) = (sibling(path, "gz"), sibling(path, "br"));
        crate::place::link_or_copy(&gz, &gz_path).map_err(|e| err(&gz_path, e))?;
        crate::place::link_or_copy(&br, &br_path).map_err(|e| err(&br_path, e))?;
        let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        return Ok(Siblings {
            bytes,
            gzip: len(&gz_path),
            brotli: len(&br_path),
            from_cache: false,
            linked: true,
        });
    }
    let (gzip, brotli, from_cache) = compressor.write_siblings(path, &text)?;
    Ok(Siblings {
        bytes: text.len() as u64,
        gzip,
        brotli,
        from_cache,
        linked: false,
    })
}

/// When `path` and its two siblings already are the very files of `prev` and its siblings (hard
/// links: a spare folder that did not change), what they are, recorded as put; else `None`.
/// `same_len`: `path` is known to be `prev`, of this length.
fn kept_siblings(path: &Path, prev: &Path, same_len: Option<u64>) -> Option<Siblings> {
    use crate::place::same_file_len;
    let bytes = same_len.or_else(|| same_file_len(path, prev))?;
    let mut sizes = [0u64; 2];
    for (i, ext) in ["gz", "br"].into_iter().enumerate() {
        sizes[i] = same_file_len(&sibling(path, ext), &sibling(prev, ext))?;
    }
    for ext in ["gz", "br"] {
        crate::place::keep(&sibling(path, ext));
    }
    Some(Siblings {
        bytes,
        gzip: sizes[0],
        brotli: sizes[1],
        from_cache: false,
        linked: true,
    })
}

/// The siblings of `prev` when `prev` holds exactly `text` and has both siblings.
fn reusable(text: &[u8], prev: &Path) -> Option<(PathBuf, PathBuf)> {
    let pair = siblings_of(prev)?;
    let meta = std::fs::metadata(prev).ok()?;
    if meta.len() != text.len() as u64 || std::fs::read(prev).ok()? != text {
        return None;
    }
    Some(pair)
}

/// The `.gz` and `.br` siblings of `file`, when both are there.
fn siblings_of(file: &Path) -> Option<(PathBuf, PathBuf)> {
    let (gz, br) = (sibling(file, "gz"), sibling(file, "br"));
    (gz.is_file() && br.is_file()).then_some((gz, br))
}

/// True for a file that gets compressed siblings (by name and size).
pub fn is_compressible(path: &Path, len: u64) -> bool {
    match compressible_kind(path) {
        Some(Kind::Text) => len >= MIN_SIZE,
        Some(Kind::Pdf) => len >= PDF_MIN_SIZE,
        None => false,
    }
}

/// What kind of file that may get compressed siblings `path` names, by its extension.
enum Kind {
    Text,
    Pdf,
}

fn compressible_kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if COMPRESSED_EXTENSIONS.contains(&ext.as_str()) {
        Some(Kind::Text)
    } else {
        (ext == "pdf").then_some(Kind::Pdf)
    }
}

/// The files to compress; removes siblings of files that no longer qualify (shrunk below the
/// threshold since the publication the staging folder was seeded from).
fn candidates(out: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry =
            entry.map_err(|e| Diagnostic::said(out, cannot(Cannot::ReadOutput, e)).on_folder())?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if is_compressible(path, len) {
            files.push(path.to_path_buf());
        } else if path.extension().is_some_and(|e| e != "gz" && e != "br") {
            for ext in ["gz", "br"] {
                let sibling = sibling(path, ext);
                if sibling.is_file() {
                    let _ = std::fs::remove_file(sibling);
                }
            }
        }
    }
    Ok(files)
}

/// The files of `files` that get compressed siblings, with what is known of those put as links
/// (whose length need not be asked).
fn known_candidates(files: Vec<(PathBuf, Option<Linked>)>) -> Vec<(PathBuf, Option<Linked>)> {
    let mut files: Vec<(PathBuf, Option<Linked>)> = files
        .into_par_iter()
        .filter(|(p, linked)| {
            compressible_kind(p).is_some()
                && match linked {
                    Some(l) => is_compressible(p, l.len),
                    None => std::fs::symlink_metadata(p)
                        .is_ok_and(|m| m.is_file() && is_compressible(p, m.len())),
                }
        })
        .collect();
    // The files not known to be the previous publication's (those that may need compressing)
    // first, so that the largest pieces of work start at once rather than last.
    files.sort_by(|a, b| (a.1.is_some(), &a.0).cmp(&(b.1.is_some(), &b.0)));
    files
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// gzip with a fixed header (modification time 0, no file name), so the output depends only on
/// the input.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(
            Vec::with_capacity(data.len() / 3),
            flate2::Compression::new(GZIP_LEVEL),
        );
    enc.write_all(data).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

/// Brotli at [`BROTLI_QUALITY`] ([`BROTLI_QUALITY_LARGE`] from [`LARGE_MIN`] bytes) with the
/// window fitted to `data` (deterministic: the format has no header fields).
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let large = data.len() >= LARGE_MIN;
    let (low, high) = match large {
        true => (BROTLI_WINDOW.0, BROTLI_WINDOW_LARGE),
        false => BROTLI_WINDOW,
    };
    // The smallest window holding the whole file (Brotli's window is 2^lgwin - 16 bytes).
    let mut lgwin = low;
    while lgwin < high && (1usize << lgwin) - 16 < data.len() {
        lgwin += 1;
    }
    let params = brotli::enc::BrotliEncoderParams {
        quality: match large {
            true => BROTLI_QUALITY_LARGE,
            false => BROTLI_QUALITY,
        } as i32,
        lgwin: lgwin as i32,
        size_hint: data.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("writing to memory");
    out
}

/// Decompresses gzip data (None when it is not valid gzip).
pub fn gunzip(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Decompresses Brotli data (None when it is not valid Brotli).
pub fn unbrotli(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &data[..], &mut out).ok()?;
    Some(out)
}

/// A one-line `\r` progress display on stderr, shown only on a terminal (not in CI) and only when
/// the step takes long enough to be worth watching.
struct Progress {
    enabled: bool,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    fn new(total: usize) -> Self {
        Progress {
            enabled: std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
            total,
            done: AtomicUsize::new(0),
            started: Instant::now(),
            last: Mutex::new(None),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.enabled || self.started.elapsed() < Duration::from_millis(500) {
            return;
        }
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        if last.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) {
            *last = Some(Instant::now());
            eprint!(
                "\r{}",
                crate::messages::build::compressing(crate::messages::current(), done, self.total)
            );
            let _ = std::io::stderr().flush();
        }
    }

    fn done(&self) {
        if self.enabled && self.last.lock().map(|l| l.is_some()).unwrap_or(false) {
            // Clear the line so the build's own summary starts clean.
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_deterministic() {
        let text = "<p>Công nghiệp hỗ trợ</p>\n".repeat(200);
        let gz = gzip(text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "no modification time");
        assert_eq!(gunzip(&gz).unwrap(), text.as_bytes());
        let br = brotli(text.as_bytes());
        assert_eq!(br, brotli(text.as_bytes()));
        assert_eq!(unbrotli(&br).unwrap(), text.as_bytes());
    }

    #[test]
    fn large_files_round_trip_and_stay_smaller_than_gzip() {
        // Past `LARGE_MIN` (and `PARALLEL_MIN`): the other quality, the wider window, both
        // forms made at once.
        let text: String = (0..60_000)
            .map(|i| format!("{{\"ma_so_thue\":\"01{i:08}\",\"ten\":\"Công ty {i}\"}},\n"))
            .collect();
        assert!(text.len() >= LARGE_MIN);
        let c = compress_now(text.as_bytes());
        assert_eq!(c, compress_now(text.as_bytes()));
        assert_eq!(gunzip(&c.gzip).unwrap(), text.as_bytes());
        assert_eq!(unbrotli(&c.brotli).unwrap(), text.as_bytes());
        assert!(
            c.brotli.len() < c.gzip.len(),
            "{} {}",
            c.brotli.len(),
            c.gzip.len()
        );
    }

    #[test]
    fn which_files() {
        assert!(is_compressible(Path::new("a/index.html"), 2000));
        assert!(is_compressible(Path::new("feed.XML"), 2000));
        assert!(!is_compressible(Path::new("a/index.html"), 100));
        assert!(!is_compressible(Path::new("logo.png"), 50_000));
        assert!(!is_compressible(Path::new("index.html.gz"), 50_000));
        // Large PDFs (the screen handbook), not small ones (a capability sheet).
        assert!(is_compressible(Path::new("cam-nang/cam-nang.pdf"), 2 << 20));
        assert!(is_compressible(Path::new("cam-nang/CAM-NANG.PDF"), 1 << 20));
        assert!(!is_compressible(Path::new("ho-so-nang-luc.pdf"), 51_000));
        assert!(!is_compressible(Path::new("cam-nang.pdf.gz"), 2 << 20));
    }
}
