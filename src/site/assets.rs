//! The theme's static files (`themes/cnht/static/`), published twice:
//!
//! - under a name that carries a hash of the content (`/static/h/css/site.1a2b3c4d5e.css`), which
//!   the templates use through `asset(path="css/site.css")`: a changed file gets a new address,
//!   so these are cached for a year (`deploy::CACHE_IMMUTABLE`);
//! - under their own name (`/static/css/site.css`, cached for a day), for addresses outside the
//!   pages (the feed icon) and for pages a visitor's browser still holds from an older build.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Value;

/// Where the hashed copies go, under the output folder (site-relative).
pub const HASHED_DIR: &str = "/static/h/";

/// One static file of the theme.
#[derive(Debug)]
struct Asset {
    /// The file in the theme.
    source: PathBuf,
    /// Its address with the content hash (`/static/h/css/site.1a2b3c4d5e.css`).
    hashed: String,
}

/// Every static file of the theme, by its path under `static/` (`css/site.css`).
#[derive(Debug, Default, Clone)]
pub struct Assets(Arc<BTreeMap<String, Asset>>);

impl Assets {
    /// Reads and hashes every file under `dir` (none when the folder does not exist).
    pub fn scan(dir: &Path) -> std::io::Result<Assets> {
        let mut files = BTreeMap::new();
        if !dir.is_dir() {
            return Ok(Assets::default());
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path())?;
            let hash = Sha256::digest(&bytes);
            let hash: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
            let hashed = format!("{HASHED_DIR}{}", with_hash(&rel, &hash));
            files.insert(
                rel,
                Asset {
                    source: entry.path().to_path_buf(),
                    hashed,
                },
            );
        }
        Ok(Assets(Arc::new(files)))
    }

    /// The hashed address of `rel` (`css/site.css`).
    pub fn url(&self, rel: &str) -> Option<&str> {
        self.0.get(rel).map(|a| a.hashed.as_str())
    }

    /// Copies every file to `out/static/<rel>` and `out/<hashed address>`; returns the number of
    /// files written.
    pub fn write(&self, out: &Path) -> std::io::Result<usize> {
        let mut n = 0;
        for (rel, asset) in self.0.iter() {
            for target in [
                out.join("static").join(rel),
                out.join(asset.hashed.trim_start_matches('/')),
            ] {
                crate::place::copy(&asset.source, &target)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The template function `asset(path="css/site.css")`: the hashed address of a static file;
    /// an error naming the file when the theme has no such file.
    pub fn function(&self) -> impl tera::Function {
        let assets = self.clone();
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let path = args
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| tera::Error::msg("asset() needs path=\"css/site.css\""))?;
            assets.url(path).map(Value::from).ok_or_else(|| {
                tera::Error::msg(format!(
                    "asset(): there is no file static/{path} in the theme"
                ))
            })
        }
    }
}

/// `css/site.css` + `1a2b` → `css/site.1a2b.css`; a name without extension gets the hash at
/// the end.
fn with_hash(rel: &str, hash: &str) -> String {
    let (dir, name) = match rel.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), rel),
    };
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash}.{ext}"),
        _ => format!("{dir}{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_goes_before_the_extension() {
        assert_eq!(with_hash("css/site.css", "ab12"), "css/site.ab12.css");
        assert_eq!(with_hash("favicon.svg", "ab12"), "favicon.ab12.svg");
        assert_eq!(with_hash("js/a.min.js", "ab12"), "js/a.min.ab12.js");
        assert_eq!(with_hash("LICENSE", "ab12"), "LICENSE.ab12");
        assert_eq!(with_hash(".hidden", "ab12"), ".hidden.ab12");
    }

    #[test]
    fn scans_hashes_and_writes_both_names() {
        let theme = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(theme.path().join("css")).unwrap();
        std::fs::write(theme.path().join("css/site.css"), "body{}").unwrap();
        let assets = Assets::scan(theme.path()).unwrap();
        let url = assets.url("css/site.css").unwrap().to_owned();
        assert!(url.starts_with("/static/h/css/site.") && url.ends_with(".css"));
        assert_eq!(url.len(), "/static/h/css/site..css".len() + 10);
        assert!(assets.url("css/none.css").is_none());

        let out = tempfile::tempdir().unwrap();
        assert_eq!(assets.write(out.path()).unwrap(), 2);
        assert!(out.path().join("static/css/site.css").is_file());
        assert!(out.path().join(url.trim_start_matches('/')).is_file());

        // Another content, another address.
        std::fs::write(theme.path().join("css/site.css"), "body{color:red}").unwrap();
        let changed = Assets::scan(theme.path()).unwrap();
        assert_ne!(changed.url("css/site.css").unwrap(), url);
    }
}
