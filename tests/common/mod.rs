//! Fixture sites for the integration tests: small content folders under tests/fixtures/, laid out in
//! a temporary folder together with the repository's real theme and handbook templates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site made of the fixtures' `content/` folders, later ones overlaying earlier ones,
/// with the repository's `themes/` and `handbook/`.
pub fn site(fixtures: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in fixtures {
        copy_tree(
            &repo().join("tests/fixtures").join(f).join("content"),
            &dir.path().join("content"),
        );
    }
    for shared in ["themes", "handbook"] {
        let src = repo().join(shared);
        if src.is_dir() {
            copy_tree(&src, &dir.path().join(shared));
        }
    }
    dir
}

/// Runs the `cnht` binary with `args`.
pub fn cnht(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnht"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Reads a built file as text, failing with a clear message when it is missing.
pub fn read(root: &Path, rel: &str) -> String {
    let p = root.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{} should exist: {e}", p.display()))
}

/// A fingerprint of every file under `dir` (path and content), to prove a folder is untouched.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every site-relative `href`/`src` in the built HTML that points to no file, as (page, link).
pub fn broken_links(public: &Path) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = part.split('"').next().unwrap_or("");
                if !link.starts_with('/') || link.starts_with("//") {
                    continue;
                }
                let path = link.split(['#', '?']).next().unwrap();
                let target = if path.ends_with('/') {
                    public.join(path.trim_start_matches('/')).join("index.html")
                } else {
                    public.join(path.trim_start_matches('/'))
                };
                if !target.exists() {
                    broken.push((
                        entry
                            .path()
                            .strip_prefix(public)
                            .unwrap()
                            .display()
                            .to_string(),
                        link.to_owned(),
                    ));
                }
            }
        }
    }
    broken
}
