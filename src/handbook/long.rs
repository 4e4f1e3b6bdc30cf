//! Which directory entries are taller than a page, and so set in pieces (`e.long` in the view,
//! `entry` in handbook/directory.typ).
//!
//! Nothing but a layout can tell, so the book's own compile does: an entry not known yet is set
//! whole in the first layout pass, between two markers that take no room (`<entry-start>` at the
//! top of its content, `<entry-end>` placed at its bottom); [`found_in`] reads from that pass
//! which entries' markers stand as far apart as the text area allows (`<entry-limit>`: the
//! content of an entry taller than the page is cut there), and the book is laid out again from
//! the start with those entries set in pieces (`passes::compile_revised`), mostly from Typst's
//! memo cache, only when an entry not known yet is long. The pages are the same as when each
//! entry was measured in a compile of its own before the book (which cost 1.9 s of a
//! 1,000-entry book's 10 s on two cores) or in the book itself (every entry laid out twice).
//!
//! The answers are kept between builds in `<root>/.cache/handbook/measured.json`, each under the
//! SHA-256 of the entry's data and of everything else its height can depend on (the templates,
//! the fonts, the rest of the view but the directory and the indexes, cnht's version): a
//! rebuild sets a long entry in pieces from the first pass on and needs no revision. Safe to
//! lose or damage (then the first pass finds out again); written to a temporary file and
//! renamed; it holds the last build's entries only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use typst::foundations::{Label, Value};
use typst::introspection::{Introspector as _, MetadataElem};
use typst::text::Font;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::boundary::Boundary;

/// The whole entries of the laid-out `document` that are taller than a page: those whose
/// `<entry-start>` and `<entry-end>` markers (same id, same page: the entry is unbreakable) stand
/// as far apart as the book's `<entry-limit>`. `None` when the document has no limit
/// (templates from before the markers, which measure each entry themselves, or a book without
/// a directory).
pub(super) fn found_in(document: &PagedDocument) -> Option<BTreeSet<String>> {
    let introspector = document.introspector();
    let label = |name: &str| Label::new(PicoStr::intern(name));
    let limit = label("entry-limit")?;
    if introspector.label_count(limit) == 0 {
        return None;
    }
    let limit = match &introspector
        .query_label(limit)
        .ok()?
        .to_packed::<MetadataElem>()?
        .value
    {
        Value::Float(pt) => *pt,
        Value::Int(pt) => *pt as f64,
        _ => return None,
    };
    // Each marker's entry and where it stands.
    let markers = |name: &str| -> BTreeMap<String, (usize, f64)> {
        let Some(label) = label(name) else {
            return BTreeMap::new();
        };
        let selector = typst::foundations::Selector::Label(label);
        introspector
            .query(&selector)
            .iter()
            .filter_map(|m| {
                let Value::Str(id) = &m.to_packed::<MetadataElem>()?.value else {
                    return None;
                };
                let at = introspector.position(m.location()?)?;
                Some((id.to_string(), (at.page.get(), at.point.y.to_pt())))
            })
            .collect()
    };
    let starts = markers("entry-start");
    let ends = markers("entry-end");

    // The content of an entry taller than the page is cut to the page's text area, so its end
    // marker stands exactly `limit` below its start: one that reaches the limit (to a hundredth
    // of a point, what floating point may add up over an entry's lines) is long. (One exactly
    // as tall as the text area, which would just fit, is set in pieces too.)
    const SLACK_PT: f64 = 0.01;
    Some(
        starts
            .into_iter()
            .filter(|(id, (page, top))| {
                ends.get(id).is_some_and(|&(end_page, bottom)| {
                    end_page != *page || bottom - top > limit - SLACK_PT
                })
            })
            .map(|(id, _)| id)
            .collect(),
    )
}

/// Tells each directory entry of `view` that `answers` holds whether it is longer than a page
/// (`long`: true or false), which the template's `entry` takes; the others are left without an
/// answer (set whole in the first pass, and measured in place by templates from before
/// `<entry-limit>`).
pub(super) fn mark(view: &mut serde_json::Value, answers: &BTreeMap<String, bool>) {
    let sectors = view.get_mut("sectors").and_then(|s| s.as_array_mut());
    for sector in sectors.into_iter().flatten() {
        let entries = sector.get_mut("enterprises").and_then(|e| e.as_array_mut());
        for entry in entries.into_iter().flatten() {
            let answer = entry
                .get("id")
                .and_then(|id| id.as_str())
                .and_then(|id| answers.get(id));
            if let (Some(&long), Some(obj)) = (answer, entry.as_object_mut()) {
                obj.insert("long".into(), serde_json::Value::Bool(long));
            }
        }
    }
}

/// How many directory entries `view` has.
pub(super) fn count(view: &serde_json::Value) -> usize {
    entries(view).count()
}

/// Format of the cache file: bump when what an answer depends on changes meaning.
const FORMAT: u32 = 2;

/// The answers of the last build: whether each entry, by key, is longer than a page.
pub(super) struct Cache {
    file: PathBuf,
    /// The key of each entry of this build's view, by id.
    keys: BTreeMap<String, String>,
    /// The last build's answers, by key.
    known: BTreeMap<String, bool>,
}

/// The top-level fields of the view an entry's height cannot depend on, left out of the key so
/// that an edit of one enterprise (which changes the indexes) keeps the other answers: the
/// directory's entries (each hashed on its own) and the indexes.
fn varies_by_entry(field: &str) -> bool {
    field == "sectors" || field == "enterprise_count" || field.starts_with("index_")
}

impl Cache {
    /// The cache of the site at `root` for a book of `view` (not yet marked), typeset with the
    /// templates in `templates` and `fonts`; `None` (find everything out, keep nothing) when a
    /// template file cannot be read or leaves the site.
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
        // The key of an entry: the base and the entry's view.
        let keys = entries(view)
            .filter_map(|e| {
                let id = e.get("id")?.as_str()?;
                let mut h = base.clone();
                let json = serde_json::to_vec(e).unwrap_or_default();
                h.update((json.len() as u64).to_le_bytes());
                h.update(&json);
                let key = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
                Some((id.to_owned(), key))
            })
            .collect();
        let file = root.join(".cache/handbook/measured.json");
        let known = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Some(Cache { file, keys, known })
    }

    /// The entries the last build answered (id → longer than a page).
    pub fn known(&self) -> BTreeMap<String, bool> {
        self.keys
            .iter()
            .filter_map(|(id, key)| Some((id.clone(), *self.known.get(key)?)))
            .collect()
    }

    /// Keeps the answers for this build's entries (`long`: the ids of those longer than a
    /// page), replacing the last build's. A cache that cannot be written is left as it was.
    pub fn save(&self, long: &BTreeSet<String>) {
        let answers: BTreeMap<&str, bool> = self
            .keys
            .iter()
            .map(|(id, key)| (key.as_str(), long.contains(id)))
            .collect();
        if answers.len() == self.known.len()
            && answers.iter().all(|(k, v)| self.known.get(*k) == Some(v))
        {
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
fn entries(view: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    view.get("sectors")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("enterprises").and_then(|e| e.as_array()))
        .flatten()
}
