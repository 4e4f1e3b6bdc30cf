//! The one rule for symbolic links in the site's source folders, which the loader (`content/`),
//! the PDF renderers (`handbook/`) and the preview's watcher all follow: a link is followed only
//! when its real target is inside the site folder and not in a folder cnht writes itself (its
//! output, the output's spare, its cache); otherwise it is refused, with the reason.

use crate::diagnostics::Diagnostic;
use crate::messages::content as say;
use crate::messages::Both;
use std::path::{Path, PathBuf};

/// The site folder as the border symbolic links may not cross: a link in `content/` (or in
/// `handbook/`) is followed when it leads to a file or folder inside the site folder (a shared
/// logo, a bundle kept elsewhere in the repository), and reported, never followed, when it leads
/// outside (the build would otherwise publish a file from elsewhere on the machine), into cnht's
/// own output or cache (see [`Boundary::is_own`]: a build would read what the last one wrote, and
/// the preview, watching it, would rebuild after every build), nowhere, or round in a loop.
#[derive(Debug)]
pub struct Boundary {
    root: PathBuf,
    real_root: std::sync::OnceLock<PathBuf>,
}

/// Why a symbolic link is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It leads outside the site folder, to this real path.
    Outside(PathBuf),
    /// It leads into a folder cnht writes itself (the output, its spare, the cache), to this
    /// real path.
    Own(PathBuf),
    /// It leads round in a loop of links.
    Loop,
    /// It leads to nothing.
    Dangling,
}

/// A symbolic link [`Boundary`] does not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The link, relative to the site root.
    pub link: PathBuf,
    /// Where it points, as written in the link.
    pub written: String,
    /// Why it is not followed.
    pub why: Refusal,
}

impl Refused {
    /// What is wrong with the link, and what to do.
    pub fn said(&self) -> Both {
        let w = &self.written;
        match &self.why {
            Refusal::Outside(real) => say::link_outside(w, &real.display().to_string()),
            Refusal::Own(real) => say::link_into_own(w, &real.display().to_string()),
            Refusal::Loop => say::link_loop(w),
            Refusal::Dangling => say::link_dangling(w),
        }
    }

    /// The loader's warning: the link is skipped.
    pub fn warning(&self) -> Diagnostic {
        Diagnostic::warned(&self.link, self.said())
    }
}

/// The folders at the top of the site that cnht writes itself: the caches, and the output
/// folder of a build without `--out`.
pub const OWN_FOLDERS: [&str; 2] = [".cache", "public"];

/// The file cnht writes into every publication, by which an output given with `--out`, its spare
/// and a build's staging folder are known. Its one home: `publish::MARKER` is this name.
pub const OUTPUT_MARKER: &str = ".cnht-output";

impl Boundary {
    /// The border of the site at `root`; nothing is read until a link is met.
    pub fn new(root: &Path) -> Self {
        Boundary {
            root: root.to_path_buf(),
            real_root: std::sync::OnceLock::new(),
        }
    }

    fn real_root(&self) -> &Path {
        self.real_root
            .get_or_init(|| std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone()))
    }

    /// `path` relative to the site root, as messages name it.
    pub fn rel<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// Whether `real` (a real path inside the site) lies in a folder cnht writes itself: one of
    /// [`OWN_FOLDERS`], or a folder carrying the [`OUTPUT_MARKER`] (an output given with
    /// `--out`, its spare, a build's staging folder).
    pub fn is_own(&self, real: &Path) -> bool {
        let root = self.real_root();
        let Ok(rel) = real.strip_prefix(root) else {
            return false;
        };
        if rel
            .components()
            .next()
            .is_some_and(|c| OWN_FOLDERS.iter().any(|f| c.as_os_str() == *f))
        {
            return true;
        }
        real.ancestors()
            .take_while(|a| *a != root && a.starts_with(root))
            .any(|a| std::fs::symlink_metadata(a.join(OUTPUT_MARKER)).is_ok_and(|m| m.is_file()))
    }

    /// Follows the symbolic link `link`: its real path when that is inside the site folder and
    /// not in cnht's own output or cache, otherwise why not.
    pub fn follow_link(&self, link: &Path) -> Result<PathBuf, Refused> {
        let written = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let why = match std::fs::canonicalize(link) {
            Ok(real) if real.starts_with(self.real_root()) && !self.is_own(&real) => {
                return Ok(real)
            }
            Ok(real) if real.starts_with(self.real_root()) => Refusal::Own(real),
            Ok(real) => Refusal::Outside(real),
            Err(_) if loops(link) => Refusal::Loop,
            Err(_) => Refusal::Dangling,
        };
        Err(Refused {
            link: self.rel(link).to_path_buf(),
            written,
            why,
        })
    }

    /// [`Boundary::follow_link`], a link not followed as the loader's warning.
    pub fn follow(&self, link: &Path) -> Result<PathBuf, Diagnostic> {
        self.follow_link(link).map_err(|r| r.warning())
    }

    /// Checks every part of `path` (under the site root) that is a symbolic link; `Ok` when the
    /// path stays inside the site (or does not exist: the caller reports that), else the first
    /// link not followed.
    pub fn check_path(&self, path: &Path) -> Result<(), Refused> {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Ok(());
        };
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => {
                    self.follow_link(&at)?;
                }
                Ok(_) => {}
                Err(_) => return Ok(()),
            }
        }
        Ok(())
    }

    /// [`Boundary::check_path`], a link not followed as the loader's warning.
    pub fn check(&self, path: &Path) -> Result<(), Diagnostic> {
        self.check_path(path).map_err(|r| r.warning())
    }
}

/// Whether following `link` goes round in circles (more hops than any real chain, or back to a
/// link already passed).
fn loops(link: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut at = link.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&at) else {
            return false;
        };
        let next = at.parent().unwrap_or(Path::new("")).join(target);
        if !seen.insert(at) {
            return true;
        }
        at = next;
    }
    true
}
