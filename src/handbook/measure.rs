//! The directory's entries measured once, before the book: which are taller than a page (and so
//! set in pieces). The template `handbook/measure.typ` measures them all in a compile of its
//! own; the book's compile then takes the answer from its data (`e.long`) instead of laying each
//! entry out twice (once to measure it, once in the page).
//!
//! The answers are kept between builds in `<root>/.cache/handbook/measured.json`, each under the
//! SHA-256 of the entry's data and of everything else its height can depend on (the templates,
//! the fonts, the rest of the view but the directory and the indexes, cnht's version): a
//! rebuild measures only the entries that changed. Safe to lose or damage (then everything is
//! measured); written to a temporary file and renamed; it holds the last build's entries only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use typst::foundations::Bytes;
use typst::text::Font;

use super::{passes, world};
use crate::boundary::Boundary;

/// The template that measures the directory's entries (`handbook/measure.typ`).
pub(super) const MEASURE_MAIN: &str = "/measure.typ";

/// The ids of the directory entries taller than a page, from a compile of `measure.typ` in
/// `world` (the book's world with that main file). Measured in the book instead, entry by
/// entry, each would be laid out twice in the book's compile: once to measure, once in the
/// page. `None` when the measuring compile fails (a template error, or templates older than
/// measure.typ): the book then measures each entry itself and reports any error with its
/// record.
///
/// `world_with(extra)` makes that world with the extra in-memory files `extra`: the entries are
/// measured in [`PARTS`] compiles at once, each on a thread of its own, each measuring every
/// `PARTS`-th entry (told by `/data/measure.json`); one compile measures on one core.
pub(super) fn long_entries(
    world_with: &(dyn Fn(Vec<(String, Bytes)>) -> world::HandbookWorld + Sync),
) -> Option<BTreeSet<String>> {
    let parts: Vec<Option<BTreeSet<String>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..PARTS)
            .map(|part| {
                scope.spawn(move || {
                    let json = format!(r#"{{"part": {part}, "of": {PARTS}}}"#);
                    let extra = vec![(PART_PATH.to_owned(), Bytes::new(json.into_bytes()))];
                    long_entries_in(&world_with(extra).with_main(MEASURE_MAIN))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    parts
        .into_iter()
        .try_fold(BTreeSet::new(), |mut all, part| {
            all.extend(part?);
            Some(all)
        })
}

/// The book's world with a view and extra in-memory files.
pub(super) type WorldOfView<'a> =
    dyn Fn(&serde_json::Value, Vec<(String, Bytes)>) -> world::HandbookWorld + Sync + 'a;

/// Marks every directory entry of `view` with whether it is longer than a page (`e.long`): the
/// answers the last build kept (`.cache/handbook/`, [`Cache`]) and, for the other entries, a
/// measuring compile's ([`long_entries`], in a world `world_with(view, extra)` of a view holding
/// only them); the cache then keeps this build's answers. Typst's cache is emptied after
/// measuring. How many entries were measured and how many are long; `None` (nothing marked:
/// the book measures each entry itself) when the measuring compile failed.
pub(super) fn mark_entries(
    root: &Path,
    templates: &Path,
    fonts: &[Font],
    view: &mut serde_json::Value,
    world_with: &WorldOfView<'_>,
) -> Option<(usize, usize)> {
    let cache = Cache::open(root, templates, fonts, view);
    let (known, unknown) = match &cache {
        Some(cache) => cache.split(view),
        None => (Default::default(), view.clone()),
    };
    let measured = entries(&unknown).count();
    let long = match measured {
        0 => Some(BTreeSet::new()),
        _ => long_entries(&|extra| world_with(&unknown, extra)),
    };
    drop(unknown);
    comemo::evict(0);
    crate::timing::alloc::release_freed();
    let mut long = long?;
    long.extend(known.into_iter().filter(|&(_, l)| l).map(|(id, _)| id));
    if let Some(cache) = &cache {
        cache.save(view, &long);
    }
    mark_long_entries(view, &long);
    Some((measured, long.len()))
}

/// How many compiles measure the entries at once (the machines this runs on have two cores).
const PARTS: usize = 2;

/// Which share of the entries a measuring compile measures: `{"part": p, "of": n}`.
const PART_PATH: &str = "/data/measure.json";

/// The long entries `world` (a compile of measure.typ) found.
fn long_entries_in(world: &world::HandbookWorld) -> Option<BTreeSet<String>> {
    let doc = passes::compile(world).output.ok()?;
    let label = typst::foundations::Label::new(typst::utils::PicoStr::intern("long-entries"))?;
    let found =
        typst::introspection::Introspector::query_label(doc.introspector().as_ref(), label).ok()?;
    let value = found
        .to_packed::<typst::introspection::MetadataElem>()?
        .value
        .clone();
    match value {
        typst::foundations::Value::Array(ids) => ids
            .into_iter()
            .map(|v| match v {
                typst::foundations::Value::Str(s) => Some(s.as_str().to_owned()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Tells each directory entry of `view` whether it is in `long` (`long`: true or false), which
/// the template's `entry` then takes instead of measuring.
pub(super) fn mark_long_entries(view: &mut serde_json::Value, long: &BTreeSet<String>) {
    let sectors = view.get_mut("sectors").and_then(|s| s.as_array_mut());
    for sector in sectors.into_iter().flatten() {
        let entries = sector.get_mut("enterprises").and_then(|e| e.as_array_mut());
        for entry in entries.into_iter().flatten() {
            let is_long = entry
                .get("id")
                .and_then(|id| id.as_str())
                .is_some_and(|id| long.contains(id));
            if let Some(obj) = entry.as_object_mut() {
                obj.insert("long".into(), serde_json::Value::Bool(is_long));
            }
        }
    }
}

/// Format of the cache file: bump when what an answer depends on changes meaning.
const FORMAT: u32 = 1;

/// The answers of the last build: whether each entry, by key, is longer than a page.
pub(super) struct Cache {
    file: PathBuf,
    /// What every entry's key starts from (templates, fonts, the view but its entries).
    base: Sha256,
    known: BTreeMap<String, bool>,
}

/// The top-level fields of the view an entry's height cannot depend on, left out of the key so
/// that an edit of one enterprise (which changes the indexes) keeps the other answers: the
/// directory's entries (each hashed on its own) and the indexes.
fn varies_by_entry(field: &str) -> bool {
    field == "sectors" || field == "enterprise_count" || field.starts_with("index_")
}

impl Cache {
    /// The cache of the site at `root` for a book of `view`, typeset with the templates in
    /// `templates` and `fonts`; `None` (measure everything, keep nothing) when a template file
    /// cannot be read or leaves the site.
    pub fn open(
        root: &Path,
        templates: &Path,
        fonts: &[Font],
        view: &serde_json::Value,
    ) -> Option<Cache> {
        let mut base = Sha256::new();
        let mut part = |bytes: &[u8]| {
            base.update((bytes.len() as u64).to_le_bytes());
            base.update(bytes);
        };
        part(&FORMAT.to_le_bytes());
        part(env!("CARGO_PKG_VERSION").as_bytes());
        // Every file of the templates' folder but the fonts (hashed as loaded), in path order.
        let boundary = Boundary::new(root);
        let files = walkdir::WalkDir::new(templates)
            .sort_by_file_name()
            .into_iter();
        for entry in files.filter_entry(|e| e.path() != templates.join("fonts")) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            boundary.check_path(entry.path()).ok()?;
            part(
                entry
                    .path()
                    .strip_prefix(templates)
                    .ok()?
                    .to_string_lossy()
                    .as_bytes(),
            );
            part(&std::fs::read(entry.path()).ok()?);
        }
        for f in fonts {
            part(f.data());
            part(&f.index().to_le_bytes());
        }
        let rest: serde_json::Map<String, serde_json::Value> = view
            .as_object()?
            .iter()
            .filter(|(k, _)| !varies_by_entry(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        part(&serde_json::to_vec(&rest).ok()?);
        let file = root.join(".cache/handbook/measured.json");
        let known = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Some(Cache { file, base, known })
    }

    /// The key of directory entry `entry` (its view).
    fn key(&self, entry: &serde_json::Value) -> String {
        let mut h = self.base.clone();
        let json = serde_json::to_vec(entry).unwrap_or_default();
        h.update((json.len() as u64).to_le_bytes());
        h.update(&json);
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The entries of `view` answered by the last build (id → longer than a page), and a copy of
    /// `view` whose directory holds only the others (for the measuring compile).
    pub fn split(&self, view: &serde_json::Value) -> (BTreeMap<String, bool>, serde_json::Value) {
        let mut known = BTreeMap::new();
        let mut rest = view.clone();
        let sectors = rest.get_mut("sectors").and_then(|s| s.as_array_mut());
        for sector in sectors.into_iter().flatten() {
            if let Some(entries) = sector.get_mut("enterprises").and_then(|e| e.as_array_mut()) {
                entries.retain(|e| {
                    let id = e.get("id").and_then(|id| id.as_str());
                    match (id, self.known.get(&self.key(e))) {
                        (Some(id), Some(&long)) => {
                            known.insert(id.to_owned(), long);
                            false
                        }
                        _ => true,
                    }
                });
            }
        }
        (known, rest)
    }

    /// Keeps the answers for the entries of `view` (`long`: the ids of those longer than a
    /// page), replacing the last build's. A cache that cannot be written is left as it was.
    pub fn save(&self, view: &serde_json::Value, long: &BTreeSet<String>) {
        let mut answers = BTreeMap::new();
        for e in entries(view) {
            if let Some(id) = e.get("id").and_then(|id| id.as_str()) {
                answers.insert(self.key(e), long.contains(id));
            }
        }
        if answers == self.known {
            return;
        }
        let Ok(json) = serde_json::to_vec(&answers) else {
            return;
        };
        if let Some(dir) = self.file.parent() {
            if std::fs::create_dir_all(dir).is_ok() {
                let _ = crate::atomic_write::replace(&self.file, &json);
            }
        }
    }
}

/// The directory entries of `view`.
pub(super) fn entries(view: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    view.get("sectors")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("enterprises").and_then(|e| e.as_array()))
        .flatten()
}
