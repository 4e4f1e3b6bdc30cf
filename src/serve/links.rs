//! The symbolic links under `content/` as the preview's watcher treats them: the same way as the
//! loader (`content::source::Boundary`). A link to a file or folder inside the site is followed
//! by the loader, so its target is watched too (when no watched folder covers it already) and a
//! change there is reported under the link's path, as the loader sees the file. A link out of the
//! site, to nowhere or round in a loop is not followed by the loader (it reports it), so it is
//! neither followed nor watched here: nothing outside the site can start a rebuild, and no link
//! can make the watcher walk without end.

use crate::content::source::Boundary;
use notify::RecursiveMode;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// How deep a folder is searched for links: far beyond any content folder.
const MAX_DEPTH: usize = 16;
/// How many link targets are watched at most: far beyond any real site.
const MAX_TARGETS: usize = 256;

/// The target of a link followed inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// Its real path.
    real: PathBuf,
    /// The link's path (or the path through links) under the root, as the loader finds it.
    link: PathBuf,
    /// A folder (watched with what it holds) or a file (its folder watched, its own events kept).
    dir: bool,
}

/// The targets of the links under `content/` that need a watch of their own.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Links {
    targets: Vec<Target>,
}

impl Links {
    /// Finds the links under `root/content` (and under the in-site folders they lead to) that the
    /// loader follows and whose targets lie outside the watched folders. `root` is the site's
    /// real path; `watched` the watched folders under it.
    pub fn scan(root: &Path, watched: &[PathBuf]) -> Links {
        let boundary = Boundary::new(root);
        let mut targets: Vec<Target> = Vec::new();
        let mut visited: HashSet<PathBuf> = HashSet::new();
        let content = root.join("content");
        let mut queue: Vec<(PathBuf, PathBuf)> = Vec::new();
        if boundary.check(&content).is_ok() {
            queue.push((content, "content".into()));
        }
        while let Some((dir, alias)) = queue.pop() {
            let entries = walkdir::WalkDir::new(&dir)
                .follow_links(false)
                .min_depth(1)
                .max_depth(MAX_DEPTH)
                .sort_by_file_name();
            for entry in entries.into_iter().flatten() {
                if !entry.path_is_symlink() || targets.len() >= MAX_TARGETS {
                    continue;
                }
                // Out of the site, dangling or a loop: the loader reports it and reads nothing.
                let Ok(real) = boundary.follow(entry.path()) else {
                    continue;
                };
                let covered = |p: &Path| {
                    watched.iter().any(|w| p.starts_with(w))
                        || targets.iter().any(|t| t.dir && p.starts_with(&t.real))
                };
                // A link back up to the root or to a folder that holds a watched one: what the
                // loader reads through it is watched already.
                let above = watched.iter().any(|w| w.starts_with(&real));
                if covered(&real) || above || !visited.insert(real.clone()) {
                    continue;
                }
                let link = alias.join(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                let dir = real.is_dir();
                if dir {
                    queue.push((real.clone(), link.clone()));
                }
                targets.push(Target { real, link, dir });
            }
        }
        Links { targets }
    }

    /// The path under `root` by which the loader reads `path` (absolute) when `path` lies behind
    /// one of the links; `None` otherwise.
    pub fn alias(&self, root: &Path, path: &Path) -> Option<PathBuf> {
        self.targets.iter().find_map(|t| {
            let rest = path.strip_prefix(&t.real).ok()?;
            (t.dir || rest.as_os_str().is_empty()).then(|| root.join(&t.link).join(rest))
        })
    }

    /// The watches the targets need: a folder with what it holds; for a file, its folder alone
    /// (a watch on the file itself would be lost when an editor saves by replacing it).
    pub fn watches(&self) -> BTreeMap<PathBuf, RecursiveMode> {
        let mut out = BTreeMap::new();
        for t in &self.targets {
            if t.dir {
                out.insert(t.real.clone(), RecursiveMode::Recursive);
            } else if let Some(parent) = t.real.parent() {
                out.entry(parent.to_path_buf())
                    .or_insert(RecursiveMode::NonRecursive);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_in_the_site_are_followed_links_out_of_it_are_not() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        let e = root.join("content/enterprises");
        std::fs::create_dir_all(&e).unwrap();
        std::fs::create_dir_all(root.join("shared/bundle")).unwrap();
        std::fs::write(root.join("shared/logo.png"), b"png").unwrap();
        std::fs::write(root.join("shared/ban-sao.md"), b"+++").unwrap();
        symlink("../logo.png", root.join("shared/bundle/logo.png")).unwrap();
        symlink("../../shared/ban-sao.md", e.join("ban-sao.md")).unwrap();
        symlink("../../shared/bundle", e.join("goi")).unwrap();
        // Out of the site, a loop, a dangling link, a link back up to the root.
        symlink(outside.path(), e.join("ngoai")).unwrap();
        symlink("vong", e.join("vong")).unwrap();
        symlink("khong-co", e.join("treo")).unwrap();
        symlink("../..", e.join("len")).unwrap();
        let watched = vec![root.join("content"), root.join("themes")];
        let links = Links::scan(&root, &watched);
        let watches = links.watches();
        assert_eq!(
            watches.keys().cloned().collect::<Vec<_>>(),
            vec![root.join("shared"), root.join("shared/bundle")],
            "{links:?}"
        );
        assert_eq!(
            watches[&root.join("shared/bundle")],
            RecursiveMode::Recursive
        );
        assert_eq!(
            links.alias(&root, &root.join("shared/bundle/index.md")),
            Some(root.join("content/enterprises/goi/index.md"))
        );
        assert_eq!(
            links.alias(&root, &root.join("shared/logo.png")),
            Some(root.join("content/enterprises/goi/logo.png"))
        );
        assert_eq!(
            links.alias(&root, &root.join("shared/ban-sao.md")),
            Some(root.join("content/enterprises/ban-sao.md"))
        );
        assert_eq!(links.alias(&root, &root.join("shared/khac.md")), None);
        assert_eq!(links.alias(&root, &outside.path().join("x.md")), None);
    }
}
