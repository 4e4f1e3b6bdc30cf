//! Deployable output, run on the staging folder at the end of every `cnht build`: a `_headers`
//! file (Netlify / Cloudflare Pages) with the security and cache headers, and pre-compressed `.gz`
//! and `.br` siblings of the text files so a web server can send them as they are
//! (`gzip_static on;` in nginx). The compressed files are deterministic: two builds of the same
//! content are byte-identical (no time stamp or file name in the gzip header).

use crate::diagnostics::Diagnostic;
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

/// gzip level (9: smallest; decompression speed does not depend on it).
const GZIP_LEVEL: u32 = 9;
/// Brotli quality and window. Qualities 10 and 11 make files about 9 % smaller than 6 but take
/// 15 to 40 times as long (minutes for a 10,000-enterprise site on 2 cores); see BENCHMARKS.md
/// ("Deployable output").
const BROTLI_QUALITY: u32 = 6;
const BROTLI_WINDOW: u32 = 22;

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
/// keep the host's default, revalidated on every visit.
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
    /// Of which, siblings kept from a previous build because they still match the file.
    pub reused: usize,
    /// Total size of those files.
    pub bytes: u64,
    /// Total size of their `.gz` siblings.
    pub gzip_bytes: u64,
    /// Total size of their `.br` siblings.
    pub brotli_bytes: u64,
}

/// Finishes the staging folder `out` for deployment: writes `_headers` and, when `compress` is
/// set, the `.gz`/`.br` siblings of every text file of at least [`MIN_SIZE`] bytes, in parallel.
/// A file identical to the one in `previous` (the publication being replaced) takes that one's
/// siblings instead of being compressed again, so a rebuild only compresses what changed.
pub fn finish(out: &Path, previous: &Path, compress: bool) -> Result<DeployStats, Diagnostic> {
    let headers = out.join("_headers");
    std::fs::write(&headers, headers_file())
        .map_err(|e| Diagnostic::error(&headers, format!("cannot write: {e}")))?;
    if !compress {
        return Ok(DeployStats::default());
    }
    let files = candidates(out)?;
    let progress = Progress::new(files.len());
    let results: Vec<Result<(u64, u64, u64, bool), Diagnostic>> = files
        .par_iter()
        .map(|f| {
            let prev = f.strip_prefix(out).ok().map(|rel| previous.join(rel));
            let r = compress_file(f, prev.as_deref());
            progress.tick();
            r
        })
        .collect();
    progress.done();
    let mut stats = DeployStats::default();
    for r in results {
        let (bytes, gz, br, reused) = r?;
        stats.compressed += 1;
        stats.reused += reused as usize;
        stats.bytes += bytes;
        stats.gzip_bytes += gz;
        stats.brotli_bytes += br;
    }
    Ok(stats)
}

/// True for a file that gets compressed siblings (by name and size).
pub fn is_compressible(path: &Path, len: u64) -> bool {
    len >= MIN_SIZE
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The files to compress; removes siblings of files that no longer qualify (shrunk below the
/// threshold since the publication the staging folder was seeded from).
fn candidates(out: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry =
            entry.map_err(|e| Diagnostic::error(out, format!("cannot read the output: {e}")))?;
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

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Writes `path.gz` and `path.br` (or takes them from `previous` when that file is identical);
/// returns (size, gzip size, brotli size, reused).
fn compress_file(
    path: &Path,
    previous: Option<&Path>,
) -> Result<(u64, u64, u64, bool), Diagnostic> {
    let err = |p: &Path, e: std::io::Error| Diagnostic::error(p, format!("cannot compress: {e}"));
    let data = std::fs::read(path).map_err(|e| err(path, e))?;
    let (gz_path, br_path) = (sibling(path, "gz"), sibling(path, "br"));
    if let Some(prev) = previous {
        if let Some((gz, br)) = reusable(&data, prev) {
            replace_with(&gz, &gz_path).map_err(|e| err(&gz_path, e))?;
            replace_with(&br, &br_path).map_err(|e| err(&br_path, e))?;
            let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            return Ok((data.len() as u64, len(&gz), len(&br), true));
        }
    }
    let gz = gzip(&data);
    let br = brotli(&data);
    std::fs::write(&gz_path, &gz).map_err(|e| err(&gz_path, e))?;
    std::fs::write(&br_path, &br).map_err(|e| err(&br_path, e))?;
    Ok((data.len() as u64, gz.len() as u64, br.len() as u64, false))
}

/// The siblings of `prev` when `prev` holds exactly `data` and has both siblings.
fn reusable(data: &[u8], prev: &Path) -> Option<(PathBuf, PathBuf)> {
    let (gz, br) = (sibling(prev, "gz"), sibling(prev, "br"));
    if !gz.is_file() || !br.is_file() {
        return None;
    }
    let meta = std::fs::metadata(prev).ok()?;
    if meta.len() != data.len() as u64 || std::fs::read(prev).ok()? != data {
        return None;
    }
    Some((gz, br))
}

/// Puts a copy of `from` at `to` (a hard link when possible: same file system, no copy).
fn replace_with(from: &Path, to: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_file(to);
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
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

/// Brotli at [`BROTLI_QUALITY`] (deterministic: the format has no header fields).
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY as i32,
        lgwin: BROTLI_WINDOW as i32,
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
                "\rCompressing for deployment: {done}/{} files ({:.0} %)",
                self.total,
                100.0 * done as f64 / self.total.max(1) as f64
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
    fn which_files() {
        assert!(is_compressible(Path::new("a/index.html"), 2000));
        assert!(is_compressible(Path::new("feed.XML"), 2000));
        assert!(!is_compressible(Path::new("a/index.html"), 100));
        assert!(!is_compressible(Path::new("logo.png"), 50_000));
        assert!(!is_compressible(Path::new("index.html.gz"), 50_000));
    }
}
