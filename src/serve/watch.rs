//! File watching for `cnht serve`: `content/`, `themes/` and `handbook/`, debounced (editors save
//! a file in several steps), with editor back-up and swap files ignored.

use crate::messages::serve::{self as said, Stop};
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders watched, relative to the site root.
pub const WATCHED: [&str; 3] = ["content", "themes", "handbook"];

/// Quiet time after the last event of a save before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// What a batch of changes asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Changed files, relative to the root.
    pub files: Vec<PathBuf>,
    /// A file under content/ or themes/ changed: rebuild the website.
    pub site: bool,
    /// A file under content/ or handbook/ changed: rebuild the handbook.
    pub handbook: bool,
}

impl Changes {
    /// Adds the change of `path` (absolute) under `root`; ignores files outside the watched
    /// folders and editors' temporary files.
    pub fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        if is_temporary(rel) {
            return;
        }
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("");
        let (site, handbook) = match top {
            "content" => (true, true),
            "themes" => (true, false),
            "handbook" => (false, true),
            _ => return,
        };
        self.site |= site;
        self.handbook |= handbook;
        if !self.files.iter().any(|f| f == rel) {
            self.files.push(rel.to_path_buf());
        }
    }

    /// Merges a later batch into this one.
    pub fn merge(&mut self, other: Changes) {
        self.site |= other.site;
        self.handbook |= other.handbook;
        for f in other.files {
            if !self.files.contains(&f) {
                self.files.push(f);
            }
        }
    }

    /// True when nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !self.site && !self.handbook
    }
}

/// Swap, back-up and lock files of common editors (vim, emacs, JetBrains, gedit…).
fn is_temporary(rel: &Path) -> bool {
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || name == ".DS_Store"
}

/// Events that mean a file's content or presence changed (reads and access-time updates do not:
/// the build reads every file, and must not trigger itself).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

/// Starts watching the folders of `root` that exist; every debounced batch with a relevant change
/// is sent to `tx`. Keep the returned value alive for as long as watching should go on.
pub fn start(
    root: &Path,
    tx: Sender<Changes>,
) -> Result<Debouncer<RecommendedWatcher, RecommendedCache>, String> {
    let root_owned = root.to_path_buf();
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let mut changes = Changes::default();
                    for event in events.iter().filter(|e| is_change(&e.kind)) {
                        for path in &event.paths {
                            changes.add(&root_owned, path);
                        }
                    }
                    if !changes.is_empty() {
                        let _ = tx.send(changes);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        let lang = crate::messages::current();
                        eprintln!(
                            "{}: {}",
                            crate::messages::severity(lang, false),
                            said::stopped(lang, Stop::Watch, said::the_files(lang), e)
                        );
                    }
                }
            },
        )
        .map_err(|e| {
            let lang = crate::messages::current();
            said::stopped(lang, Stop::Watch, said::the_files(lang), e)
        })?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| {
                    said::stopped(crate::messages::current(), Stop::Watch, path.display(), e)
                })?;
        }
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changes() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        c.add(root, Path::new("/site/themes/cnht/templates/base.html"));
        assert!(c.site && !c.handbook);
        c.add(root, Path::new("/site/handbook/book.typ"));
        assert!(c.handbook);
        let mut d = Changes::default();
        d.add(root, Path::new("/site/content/enterprises/.x.md.swp"));
        d.add(root, Path::new("/site/content/enterprises/x.md~"));
        d.add(root, Path::new("/site/public/index.html"));
        assert!(d.is_empty());
        d.add(root, Path::new("/site/content/enterprises/x.md"));
        assert!(d.site && d.handbook);
        assert_eq!(d.files, vec![PathBuf::from("content/enterprises/x.md")]);
    }
}
