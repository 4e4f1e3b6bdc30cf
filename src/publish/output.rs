//! Where a build may publish: the output folder resolved and checked before anything is rendered.

use super::{has_marker, MARKER};
use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot, Reason};
use crate::messages::publish::{self as said, Forbidden, Shown};
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
    /// In the language of the messages (`messages::current`).
    pub fn force_warning(&self) -> Option<String> {
        match self.state {
            OutputState::Forced { entries } => Some(said::forced(
                crate::messages::current(),
                &self.path,
                entries,
                MARKER,
            )),
            _ => None,
        }
    }
}

/// Checks, before anything is rendered, that the build may publish into `out` for the site at
/// `root`; `force` allows replacing a folder of files cnht did not write. The error names the
/// folder and the way out.
pub fn check_output(root: &Path, out: &Path, force: bool) -> Result<OutputFolder, Diagnostic> {
    let path = resolve(out).map_err(|e| Diagnostic::said(out, cannot(Cannot::UseOutput, e)))?;
    let shown = Shown {
        path: &path,
        given: out,
    };
    let site = resolve(root).map_err(|e| Diagnostic::said(root, cannot(Cannot::OpenSite, e)))?;
    if let Some(why) = forbidden(&path, &site) {
        return Err(Diagnostic::said(
            &path,
            said::refused(shown, &why, &site.join("public")),
        ));
    }
    let state =
        state_of(&path).map_err(|e| Diagnostic::said(&path, said::unreadable_output(shown, e)))?;
    match state {
        State::NotAFolder => Err(Diagnostic::said(&path, said::output_is_a_file(shown))),
        State::Foreign { entries, sample } if !force => Err(Diagnostic::said(
            &path,
            said::foreign_output(shown, entries, &sample, MARKER),
        )),
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
fn forbidden(out: &Path, site: &Path) -> Option<Forbidden> {
    if out.parent().is_none() {
        return Some(Forbidden::FileSystemRoot);
    }
    if out == site {
        return Some(Forbidden::SiteFolder);
    }
    if site.starts_with(out) {
        return Some(Forbidden::ContainsSite(site.to_path_buf()));
    }
    for name in SOURCE_FOLDERS {
        let lexical = site.join(name);
        // The folder may be a symbolic link to somewhere else: both places are the source.
        let real = lexical.canonicalize().unwrap_or_else(|_| lexical.clone());
        for dir in [&lexical, &real] {
            if out.starts_with(dir) {
                return Some(Forbidden::Source {
                    folder: lexical.clone(),
                    inside: out != dir.as_path(),
                });
            }
        }
    }
    if let Some(home) = home_folder() {
        if out == home {
            return Some(Forbidden::Home);
        }
        if home.starts_with(out) {
            return Some(Forbidden::ContainsHome(home));
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
                    Ok(_) => next
                        .canonicalize()
                        .map_err(|e| Reason::Unresolvable(&next, &e).error(e.kind()))?,
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
            let found = forbidden(Path::new(out), site).map(|f| f.words().0);
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
