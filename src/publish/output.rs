//! Where a build may publish: the output folder resolved and checked before anything is rendered.

use super::{has_marker, MARKER};
use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// Folders of the site that cnht never publishes into (nor into anything inside them).
const SOURCE_FOLDERS: [&str; 4] = ["content", "themes", "handbook", ".git"];

/// What the output folder holds before the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputState {
    /// Nothing there yet.
    Absent,
    /// An empty folder.
    Empty,
    /// A folder cnht published (it carries the marker).
    Written,
    /// A folder of files cnht did not write, replaced only because `--force` was given.
    Forced {
        /// Number of entries at its top level.
        entries: usize,
    },
}

/// An output folder that passed the checks of [`check_output`].
#[derive(Debug, Clone)]
pub struct OutputFolder {
    /// The folder as given (`--out`, or `<root>/public`).
    pub given: PathBuf,
    /// Its real location: absolute, with `.`, `..` and symbolic links resolved.
    pub path: PathBuf,
    /// What it holds now.
    pub state: OutputState,
}

impl OutputFolder {
    /// The warning to show before a forced build replaces a folder cnht did not write.
    pub fn force_warning(&self) -> Option<String> {
        match self.state {
            OutputState::Forced { entries } => Some(format!(
                "--force: {} holds {} that cnht did not write (no {MARKER} file); \
                 {} deleted once the new build is ready",
                self.path.display(),
                plural(entries, "entry", "entries"),
                if entries == 1 {
                    "it will be"
                } else {
                    "they will all be"
                },
            )),
            _ => None,
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Checks, before anything is rendered, that the build may publish into `out` for the site at
/// `root`; `force` allows replacing a folder of files cnht did not write. The error names the
/// folder and the way out.
pub fn check_output(root: &Path, out: &Path, force: bool) -> Result<OutputFolder, Diagnostic> {
    let path = resolve(out)
        .map_err(|e| Diagnostic::error(out, format!("cannot use the output folder: {e}")))?;
    let shown = if path.as_path() == out {
        path.display().to_string()
    } else {
        format!("{} (given as {})", path.display(), out.display())
    };
    let site = resolve(root)
        .map_err(|e| Diagnostic::error(root, format!("cannot open the site folder: {e}")))?;
    if let Some(why) = forbidden(&path, &site) {
        return Err(
            Diagnostic::error(&path, format!("cnht never publishes into {shown}: {why}")).hint(
                format!(
            "choose another --out, a new or empty folder outside the site's sources, such as \
             {} (the default); --force does not change this",
            site.join("public").display()
        ),
            ),
        );
    }
    let state = state_of(&path).map_err(|e| {
        Diagnostic::error(&path, format!("cannot read the output folder {shown}: {e}"))
    })?;
    match state {
        State::NotAFolder => Err(Diagnostic::error(
            &path,
            format!("the output {shown} is a file, not a folder: cnht never replaces it"),
        )
        .hint("choose another --out, or move that file away and build again")),
        State::Foreign { entries, sample } if !force => Err(Diagnostic::error(
            &path,
            format!(
                "cnht will not replace {shown}: it holds files that cnht did not write \
                 ({}, such as `{sample}`, and no {MARKER} file)",
                plural(entries, "entry", "entries")
            ),
        )
        .hint(format!(
            "cnht replaces only a folder it published, an empty folder or a new one: choose \
             another --out, or run again with --force to delete everything in {} and publish there",
            path.display()
        ))),
        State::Foreign { entries, .. } => Ok(OutputFolder {
            given: out.to_path_buf(),
            path,
            state: OutputState::Forced { entries },
        }),
        State::Absent => Ok(OutputFolder {
            given: out.to_path_buf(),
            path,
            state: OutputState::Absent,
        }),
        State::Empty => Ok(OutputFolder {
            given: out.to_path_buf(),
            path,
            state: OutputState::Empty,
        }),
        State::Written => Ok(OutputFolder {
            given: out.to_path_buf(),
            path,
            state: OutputState::Written,
        }),
    }
}

/// Why `out` (resolved) may never be published into for the site at `site` (resolved).
fn forbidden(out: &Path, site: &Path) -> Option<String> {
    if out.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    if out == site {
        return Some(
            "it is the site folder itself (content/, themes/, handbook/ are in it)".into(),
        );
    }
    if site.starts_with(out) {
        return Some(format!("it contains the site folder {}", site.display()));
    }
    for name in SOURCE_FOLDERS {
        let lexical = site.join(name);
        // The folder may be a symbolic link to somewhere else: both places are the source.
        let real = lexical.canonicalize().unwrap_or_else(|_| lexical.clone());
        for dir in [&lexical, &real] {
            if out.starts_with(dir) {
                let place = if out == dir.as_path() {
                    "is"
                } else {
                    "is inside"
                };
                return Some(format!(
                    "it {place} {}, part of the site's sources",
                    lexical.display()
                ));
            }
        }
    }
    if let Some(home) = home_folder() {
        if out == home {
            return Some("it is your home folder".into());
        }
        if home.starts_with(out) {
            return Some(format!("it contains your home folder {}", home.display()));
        }
    }
    None
}

/// The user's home folder, resolved, when known.
fn home_folder() -> Option<PathBuf> {
    let home = std::env::home_dir().filter(|h| !h.as_os_str().is_empty())?;
    Some(resolve(&home).unwrap_or(home))
}

/// `path` made absolute with `.`, `..` and symbolic links resolved, also when its last
/// components do not exist yet (those are appended as given, `..` among them applied).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut current = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => current.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                // `current` is canonical up to its first missing component, so its parent is
                // the real parent.
                current.pop();
            }
            Component::Normal(name) => {
                let next = current.join(name);
                current = match std::fs::symlink_metadata(&next) {
                    Ok(_) => next.canonicalize().map_err(|e| {
                        std::io::Error::new(
                            e.kind(),
                            format!("{} cannot be resolved: {e}", next.display()),
                        )
                    })?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => next,
                    Err(e) => return Err(e),
                };
            }
        }
    }
    Ok(current)
}

/// What is at a resolved output path.
pub(super) enum State {
    Absent,
    NotAFolder,
    Empty,
    Written,
    Foreign { entries: usize, sample: String },
}

pub(super) fn state_of(path: &Path) -> std::io::Result<State> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::Absent),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(State::NotAFolder);
    }
    if has_marker(path) {
        return Ok(State::Written);
    }
    let mut entries = 0;
    let mut sample = String::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entries == 0 {
            sample = entry.file_name().to_string_lossy().into_owned();
        }
        entries += 1;
    }
    Ok(if entries == 0 {
        State::Empty
    } else {
        State::Foreign { entries, sample }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_links_and_missing_tails() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(real.join("a/b")).unwrap();
        assert_eq!(resolve(&real.join("a/./b/..")).unwrap(), real.join("a"));
        assert_eq!(
            resolve(&real.join("a/new/../b/x/y")).unwrap(),
            real.join("a/b/x/y")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("a/b"), real.join("link")).unwrap();
            // `..` after a link climbs from where the link points.
            assert_eq!(resolve(&real.join("link/..")).unwrap(), real.join("a"));
            assert_eq!(
                resolve(&real.join("link/out")).unwrap(),
                real.join("a/b/out")
            );
        }
    }

    #[test]
    fn forbidden_places() {
        let site = Path::new("/srv/site");
        for (out, why) in [
            ("/", "root of the file system"),
            ("/srv/site", "site folder itself"),
            ("/srv", "contains the site folder"),
            ("/srv/site/content", "is /srv/site/content"),
            (
                "/srv/site/content/enterprises/x",
                "is inside /srv/site/content",
            ),
            ("/srv/site/themes/cnht", "themes"),
            ("/srv/site/handbook", "handbook"),
            ("/srv/site/.git", ".git"),
        ] {
            let found = forbidden(Path::new(out), site);
            assert!(
                found.as_deref().is_some_and(|f| f.contains(why)),
                "{out}: {found:?}"
            );
        }
        for out in ["/srv/site/public", "/srv/out", "/srv/site/contents"] {
            assert_eq!(forbidden(Path::new(out), site), None, "{out}");
        }
    }
}
