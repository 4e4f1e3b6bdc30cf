//! File watching for `cnht serve`: `content/`, `themes/` and `handbook/`, debounced (editors save
//! a file in several steps), with editor back-up and swap files ignored. Symbolic links are
//! treated as the loader treats them (`links`).

use super::links::Links;
use crate::messages::serve::{self as said, Stop};
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};
use std::collections::BTreeMap;
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

/// What the watcher's thread receives: a debounced batch, or the word to stop.
enum Batch {
    Events(DebounceEventResult),
    Stop,
}

/// Watching goes on while this lives (its thread owns the watcher); dropping it stops it.
pub struct Watching {
    stop: Sender<Batch>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.stop.send(Batch::Stop);
    }
}

/// Events that may add, remove or move a symbolic link (the links' targets are looked for again).
fn may_move_links(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(_))
            | EventKind::Any
            | EventKind::Other
    )
}

/// Starts watching the folders of `root` (its real path) that exist; every debounced batch with a
/// relevant change is sent to `tx`. Symbolic links are never followed by the watcher itself: the
/// in-site targets of the links under `content/` that the loader follows are watched as well
/// (`links`), and nothing outside the site is. Keep the returned value alive for as long as
/// watching should go on.
pub fn start(root: &Path, tx: Sender<Changes>) -> Result<Watching, String> {
    let (batches, received) = std::sync::mpsc::channel();
    let handler = batches.clone();
    // No file-id cache: it walks the watched folders following every link (and rename stitching
    // is not needed, a rename is a change like any other).
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
        DEBOUNCE,
        None,
        move |result: DebounceEventResult| {
            let _ = handler.send(Batch::Events(result));
        },
        NoCache,
        notify::Config::default().with_follow_symlinks(false),
    )
    .map_err(|e| {
        let lang = crate::messages::current();
        said::stopped(lang, Stop::Watch, said::the_files(lang), e)
    })?;
    let boundary = crate::content::source::Boundary::new(root);
    let mut folders = Vec::new();
    for dir in WATCHED {
        let path = root.join(dir);
        // A watched folder that is itself a link out of the site is not watched (the loader
        // refuses to read it).
        if path.is_dir() && boundary.check(&path).is_ok() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| {
                    said::stopped(crate::messages::current(), Stop::Watch, path.display(), e)
                })?;
            folders.push(path);
        }
    }
    let mut targets = LinkWatches {
        root: root.to_path_buf(),
        folders,
        links: Links::default(),
        watching: BTreeMap::new(),
    };
    targets.update(&mut debouncer);
    let root_owned = root.to_path_buf();
    std::thread::Builder::new()
        .name("cnht-watch".into())
        .spawn(move || {
            // The watcher lives as long as this thread.
            let mut debouncer = debouncer;
            while let Ok(Batch::Events(result)) = received.recv() {
                match result {
                    Ok(events) => {
                        let events: Vec<_> = events.iter().filter(|e| is_change(&e.kind)).collect();
                        if events.iter().any(|e| may_move_links(&e.kind)) {
                            targets.update(&mut debouncer);
                        }
                        let mut changes = Changes::default();
                        for event in events {
                            for path in &event.paths {
                                match targets.links.alias(&root_owned, path) {
                                    Some(alias) => changes.add(&root_owned, &alias),
                                    None => changes.add(&root_owned, path),
                                }
                            }
                        }
                        if !changes.is_empty() && tx.send(changes).is_err() {
                            return;
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
                }
            }
        })
        .map_err(|e| {
            let lang = crate::messages::current();
            said::stopped(lang, Stop::Watch, said::the_files(lang), e)
        })?;
    Ok(Watching { stop: batches })
}

/// The watches on the targets of links, kept in step with the links.
struct LinkWatches {
    root: PathBuf,
    folders: Vec<PathBuf>,
    links: Links,
    watching: BTreeMap<PathBuf, RecursiveMode>,
}

impl LinkWatches {
    /// Looks for the links again and watches their targets (a target that cannot be watched,
    /// removed meanwhile for one, is left: the next change of links tries again).
    fn update(&mut self, debouncer: &mut Debouncer<RecommendedWatcher, NoCache>) {
        self.links = Links::scan(&self.root, &self.folders);
        let wanted = self.links.watches();
        for (path, mode) in &self.watching {
            if wanted.get(path) != Some(mode) {
                let _ = debouncer.unwatch(path);
            }
        }
        let mut watching = BTreeMap::new();
        for (path, mode) in wanted {
            if self.watching.get(&path) == Some(&mode) || debouncer.watch(&path, mode).is_ok() {
                watching.insert(path, mode);
            }
        }
        self.watching = watching;
    }
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
