//! Where the website's files go: the file of each address, written with its folders.

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use std::path::{Path, PathBuf};

/// The file an address is written to: `/a/b/` → `out/a/b/index.html`.
pub fn output_path(out: &Path, url: &str) -> PathBuf {
    let trimmed = url.trim_start_matches('/');
    if url.ends_with('/') {
        out.join(trimmed).join("index.html")
    } else {
        out.join(trimmed)
    }
}

/// Writes the page or file at the site address `url` under `out`.
pub(super) fn write_page(out: &Path, url: &str, text: String) -> Result<(), Diagnostic> {
    write_file(&output_path(out, url), text.as_bytes())
}

/// Writes `bytes` to `path`, creating its folder (through `place`: never through a name that
/// exists).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    crate::place::write(path, bytes).map_err(|e| Diagnostic::said(path, cannot(Cannot::Write, e)))
}
