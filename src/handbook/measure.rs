//! The directory's entries measured once, before the book: which are taller than a page (and so
//! set in pieces). The template `handbook/measure.typ` measures them all in a compile of its
//! own; the book's compile then takes the answer from its data (`e.long`) instead of laying each
//! entry out twice (once to measure it, once in the page).

use std::collections::BTreeSet;

use typst::foundations::Bytes;

use super::{passes, world};

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
