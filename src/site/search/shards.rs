//! The search index in shards, so its memory is bounded whatever the number of records.
//!
//! Pagefind keeps a word map of every record until it writes its index, so one index of every
//! record grows with the site (3.3 GiB at 10,000 enterprises with 600-word profiles). The items
//! (enterprises, policies, market notes, news, in that order) are cut into runs of at most
//! [`records_per_shard`] (about a tenth of the items, between 1,000 and 5,000); each run is one
//! Pagefind bundle holding both languages, built, written and dropped before the next. The first
//! is the bundle `/pagefind/` (with Pagefind's scripts); the others, `/pagefind/1/`,
//! `/pagefind/2/`, … hold only their index files, and the search page (`data-shards`,
//! `themes/cnht/static/js/search.js`) adds them with Pagefind's `mergeIndex`:
//! Pagefind then searches every shard, ranks the results together by score and adds up the
//! filter counts. Sites of the planned size (about 900 enterprises) are one shard.
//!
//! A shard whose records are exactly those of a previous build is taken from `.cache/search/`
//! (`shard_cache`) instead of being indexed again: editing one enterprise re-indexes only its
//! shard.

use super::shard_cache::ShardCache;
use super::{item_count, records_of, Record, HIDDEN_META};
use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::model::{urls, Lang, Model};
use crate::site::memo::{write_places_and_terms, Digests, HashWriter, Key};
use crate::site::output::write_file;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The version of Pagefind whose index and scripts are written (Cargo.lock's); part of the
/// cache's key, so an upgrade never mixes old index files with new scripts. `tests/search.rs`
/// checks it against the version the bundle reports.
pub const PAGEFIND_VERSION: &str = "1.6.0";

/// Set `CNHT_SEARCH_SHARD=N` to cut the index into shards of at most N items (each in both
/// languages) instead of [`records_per_shard`]'s choice: to measure, and to test the merging of
/// shards on a small site.
pub const SHARD_SWITCH: &str = "CNHT_SEARCH_SHARD";

/// Items per shard at most: the step's memory grows with it (about 70 MiB per 1,000 enterprises,
/// BENCHMARKS.md). Twenty-one shards of 100,000 enterprises.
pub const MAX_RECORDS_PER_SHARD: usize = 5_000;

/// Items per shard at least, when there are more: the planned directory (about 900 enterprises)
/// is one shard.
pub const MIN_RECORDS_PER_SHARD: usize = 1_000;

/// Shards wanted between those bounds. Editing one enterprise re-indexes its shard, which costs
/// about 1 ms per item (both languages; 3.3 s for a shard of 3,356 items at 10,000 enterprises),
/// while a search fetches a few small files per shard (its metadata, filters and one index chunk
/// per word). Ten shards of about 1,000 items at 10,000 enterprises keep the re-index near a
/// second and the first search near forty requests (BENCHMARKS.md, "Stage E").
pub const SHARDS_WANTED: usize = 10;

/// Records per fragment file at most: Pagefind writes one file of excerpt data per record unless
/// told a most number of files, then it groups neighbouring records' fragments. A result then
/// downloads its neighbours' few hundred bytes too (the browser keeps the file for them), and a
/// 10,000-enterprise site writes about 4,000 such files instead of 20,000.
pub const RECORDS_PER_FRAGMENT_FILE: usize = 5;

/// The most fragment files of one language of a shard (see [`RECORDS_PER_FRAGMENT_FILE`]).
fn max_fragments(per_shard: usize) -> u32 {
    u32::try_from(per_shard.div_ceil(RECORDS_PER_FRAGMENT_FILE)).unwrap_or(u32::MAX)
}

/// Pagefind's entry file: its version and the index of each language.
const ENTRY: &str = "pagefind-entry.json";

/// Items per shard for a site of `items`: [`SHARD_SWITCH`] when set to a positive number, else
/// `items` over [`SHARDS_WANTED`] within [`MIN_RECORDS_PER_SHARD`]..=[`MAX_RECORDS_PER_SHARD`].
pub fn records_per_shard(items: usize) -> usize {
    std::env::var(SHARD_SWITCH)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| per_shard(items))
}

fn per_shard(items: usize) -> usize {
    items
        .div_ceil(SHARDS_WANTED)
        .clamp(MIN_RECORDS_PER_SHARD, MAX_RECORDS_PER_SHARD)
}

/// The items of each shard (positions in the order of [`item_count`]); always at least one.
pub fn shard_ranges(model: &Model) -> Vec<Range<usize>> {
    let items = item_count(model);
    ranges(items, records_per_shard(items))
}

/// `items` cut into the fewest shards of at most `per_shard`, of nearly equal sizes (10,066
/// items by 5,000 make three shards of 3,356, not two full ones and one of 66).
fn ranges(items: usize, per_shard: usize) -> Vec<Range<usize>> {
    let count = items.div_ceil(per_shard.max(1)).max(1);
    let (size, rest) = (items / count, items % count);
    let mut start = 0;
    (0..count)
        .map(|i| {
            let len = size + usize::from(i < rest);
            let r = start..start + len;
            start += len;
            r
        })
        .collect()
}

/// The addresses of the shards after the first, which the search page merges into the first.
pub fn shard_bundles(model: &Model) -> Vec<String> {
    (1..shard_ranges(model).len())
        .map(urls::search_shard)
        .collect()
}

/// What [`write`] did.
#[derive(Debug, Default)]
pub struct Written {
    /// Records indexed, both languages together.
    pub records: usize,
    /// Files written into the bundle.
    pub files: usize,
    /// Shards.
    pub shards: usize,
    /// Shards taken from the cache.
    pub reused: usize,
}

/// Writes every shard of the index into `out` (the bundle at `/pagefind/`), taking unchanged
/// shards from the cache under the site's `.cache/`.
pub fn write(model: &Model, out: &Path, digests: Option<&Digests>) -> Result<Written, Diagnostic> {
    let bundle = out.join(urls::SEARCH_BUNDLE.trim_matches('/'));
    let indexer = format!("pagefind-{PAGEFIND_VERSION}");
    let cache = ShardCache::open(&model.root().join(".cache"), &indexer);
    let mut written = Written::default();
    let mut used = HashSet::new();
    let fragments = max_fragments(records_per_shard(item_count(model)));
    let mut steps = crate::timing::Steps::new("search");
    // With the records' digests, a shard is keyed by what its records are made from, and only a
    // shard indexed again makes them.
    let inputs = digests
        .zip(crate::site::memo::program())
        .map(|(d, program)| Inputs {
            digests: d,
            program,
            world: records_world(model),
        });
    for (n, range) in shard_ranges(model).into_iter().enumerate() {
        let make = || -> Vec<(Lang, Vec<Record>)> {
            Lang::ALL
                .into_iter()
                .map(|lang| (lang, records_of(model, lang, range.clone())))
                .collect()
        };
        written.records += range.len() * Lang::ALL.len();
        written.shards += 1;
        let primary = n == 0;
        let dir = if primary {
            bundle.clone()
        } else {
            bundle.join(n.to_string())
        };
        let (key, made) = match &inputs {
            Some(inputs) => (inputs.key(model, primary, fragments, range.clone()), None),
            None => {
                let records = make();
                (shard_key(primary, fragments, &records), Some(records))
            }
        };
        steps.step(&format!("shard {n}: key"));
        if let Some(cache) = &cache {
            if let Some(files) = cache.restore(&key, &dir) {
                used.insert(key);
                written.files += files;
                written.reused += 1;
                steps.step(&format!("shard {n}: from the cache"));
                continue;
            }
        }
        let records = made.unwrap_or_else(make);
        steps.step(&format!("shard {n}: records"));
        let files = build_shard(records, primary, fragments)
            .map_err(|e| Diagnostic::said(urls::SEARCH_BUNDLE, cannot(Cannot::Index, e)))?;
        steps.step(&format!("shard {n}: indexed"));
        files
            .par_iter()
            .map(|(name, bytes)| write_file(&dir.join(name), bytes))
            .collect::<Result<Vec<()>, Diagnostic>>()?;
        written.files += files.len();
        steps.step(&format!("shard {n}: written"));
        if let Some(cache) = &cache {
            if cache.store(&key, &files) {
                used.insert(key);
            }
        }
        steps.step(&format!("shard {n}: kept in the cache"));
    }
    if let Some(cache) = &cache {
        cache.prune(&used);
    }
    steps.step("old shards removed from the cache");
    Ok(written)
}

/// Format of what a shard's key covers: bump when the records or the files change meaning.
const KEY_FORMAT: u32 = 1;

/// What a shard's records are made from, for keys that need no records (a rebuild's).
struct Inputs<'a> {
    digests: &'a Digests,
    program: [u8; 24],
    world: Key,
}

impl Inputs<'_> {
    /// The key of the shard of the items at `range`: the program that makes the records, what
    /// every enterprise record reads besides the enterprise ([`records_world`]), each
    /// enterprise's digest, and the records of the other items (a few hundred policies and
    /// articles in all).
    fn key(&self, model: &Model, primary: bool, fragments: u32, range: Range<usize>) -> String {
        let mut h = Sha256::new();
        h.update(format!(
            "cnht-search-shard-inputs {KEY_FORMAT} pagefind {PAGEFIND_VERSION}"
        ));
        h.update(self.program);
        h.update(self.world);
        h.update([u8::from(primary)]);
        h.update(fragments.to_le_bytes());
        let enterprises = model.enterprises().len();
        h.update((range.start as u64).to_le_bytes());
        h.update((range.end as u64).to_le_bytes());
        for i in range.start..range.end.min(enterprises) {
            h.update(self.digests.enterprise(i));
        }
        let others = range.start.max(enterprises)..range.end;
        if !others.is_empty() {
            let records: Vec<(Lang, Vec<Record>)> = Lang::ALL
                .into_iter()
                .map(|lang| (lang, records_of(model, lang, others.clone())))
                .collect();
            h.update(shard_key(primary, fragments, &records));
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What an enterprise's search records read of the model besides the enterprise (sector names,
/// districts, parks, the vocabularies' names and synonyms), hashed.
fn records_world(model: &Model) -> Key {
    let mut h = HashWriter::new();
    let written = write_places_and_terms(&mut h, model);
    // Unhashable: a key no cache holds, so the shards are indexed again.
    h.unless_written(written);
    h.0.finalize().into()
}

/// The key of a shard in the cache: a hash of everything its files are made from.
fn shard_key(primary: bool, fragments: u32, records: &[(Lang, Vec<Record>)]) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(format!("cnht-search-shard {KEY_FORMAT} pagefind {PAGEFIND_VERSION}").as_bytes());
    field(&[u8::from(primary)]);
    field(&fragments.to_le_bytes());
    for (lang, records) in records {
        field(lang.code().as_bytes());
        field(&(records.len() as u64).to_le_bytes());
        for r in records {
            for f in [
                &r.url,
                &r.language,
                r.kind.key(),
                &r.title,
                &r.content,
                &r.hidden,
            ] {
                field(f.as_bytes());
            }
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Files of a bundle: (file name inside the bundle, bytes).
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Builds one shard: an index per language, both at once on threads of their own (Pagefind reads
/// records one at a time on one thread: with ten shards of about 1,000 items at 10,000
/// enterprises, the two languages side by side take 0.6 s instead of 0.95 s, BENCHMARKS.md
/// "Stage E"), their entry files merged in the order of the languages. A shard other than the
/// first keeps only its index files: the scripts and WebAssembly are the first one's.
fn build_shard(
    records: Vec<(Lang, Vec<Record>)>,
    primary: bool,
    fragments: u32,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    // Never on rayon's threads: Pagefind waits for rayon inside (see `build_index`).
    let built: Vec<Result<Files, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = records
            .into_iter()
            .map(|(_, records)| s.spawn(move || build_index(records, fragments)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".to_owned()))
            })
            .collect()
    });
    let mut files: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for index in built {
        for (name, bytes) in index? {
            if name == Path::new(ENTRY) {
                entry = Some(merge_entry(entry, &bytes)?);
            } else if primary || is_index_file(&name) {
                files.insert(name, bytes);
            }
        }
    }
    if let Some(entry) = entry {
        let bytes = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
        files.insert(PathBuf::from(ENTRY), bytes);
    }
    Ok(files.into_iter().collect())
}

/// Whether a file of a bundle is part of its index (what `mergeIndex` loads), not a script.
fn is_index_file(name: &Path) -> bool {
    let first = name.iter().next().and_then(|c| c.to_str()).unwrap_or("");
    matches!(first, "index" | "fragment" | "filter")
        || name.extension().is_some_and(|x| x == "pf_meta")
}

/// `next` (an entry file's bytes) with the languages of `prev` added.
fn merge_entry(prev: Option<serde_json::Value>, next: &[u8]) -> Result<serde_json::Value, String> {
    let mut next: serde_json::Value = serde_json::from_slice(next).map_err(|e| e.to_string())?;
    if let Some(prev) = prev {
        let langs = next["languages"]
            .as_object_mut()
            .ok_or("the entry file has no languages")?;
        for (k, v) in prev["languages"].as_object().into_iter().flatten() {
            langs.insert(k.clone(), v.clone());
        }
    }
    Ok(next)
}

/// Builds the Pagefind bundle of `records`: (file name inside the bundle, bytes).
/// Runs on a thread of its own with its own Tokio runtime, so it can be called from inside
/// another runtime (`cnht serve`) as well as from plain code.
/// At most `fragments` files of excerpt data are written (records share them beyond that).
pub fn build_index(
    records: Vec<Record>,
    fragments: u32,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    std::thread::scope(|s| {
        s.spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(index_async(records, fragments))
        })
        .join()
        .map_err(|_| "the search indexer stopped unexpectedly".to_owned())?
    })
}

async fn index_async(
    records: Vec<Record>,
    fragments: u32,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let config = PagefindServiceConfig::builder()
        .max_fragments(fragments)
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    let mut steps = crate::timing::Steps::new("search index");
    let count = records.len();
    for r in records {
        let content = r.content;
        let mut meta = BTreeMap::new();
        meta.insert("title".to_owned(), r.title);
        // Pagefind (1.5+) searches every metadata field: the folded words are found there without
        // showing up in the excerpts, which are cut from the content.
        if !r.hidden.is_empty() {
            meta.insert(HIDDEN_META.to_owned(), r.hidden);
        }
        let mut filters = BTreeMap::new();
        filters.insert("type".to_owned(), vec![r.kind.key().to_owned()]);
        index
            .add_custom_record(r.url, content, r.language, Some(meta), Some(filters), None)
            .await
            .map_err(|e| e.to_string())?;
    }
    steps.step(&format!("{count} records read by Pagefind"));
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    steps.step("index files made by Pagefind");
    Ok(files
        .into_iter()
        .map(|f| {
            // The names are relative to the bundle; keep only the part under it if not.
            let name = match f.filename.iter().position(|c| c == "pagefind") {
                Some(i) if f.filename.is_absolute() => f.filename.iter().skip(i + 1).collect(),
                _ => f.filename,
            };
            (name, f.contents)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_files_are_merged() {
        let vi =
            br#"{"version":"1.6.0","languages":{"vi":{"hash":"vi_1","wasm":null,"page_count":2}}}"#;
        let en =
            br#"{"version":"1.6.0","languages":{"en":{"hash":"en_1","wasm":"en","page_count":2}}}"#;
        let merged = merge_entry(Some(merge_entry(None, vi).unwrap()), en).unwrap();
        assert_eq!(merged["version"], "1.6.0");
        assert_eq!(merged["languages"]["vi"]["hash"], "vi_1");
        assert_eq!(merged["languages"]["en"]["wasm"], "en");
    }

    #[test]
    fn shards_cover_every_item_once() {
        // One shard, even of nothing.
        for (items, whole) in [(0, 0..0), (7, 0..7), (10, 0..10)] {
            let r = ranges(items, 10);
            assert_eq!((r.len(), &r[0]), (1, &whole));
        }
        assert_eq!(ranges(25, 10), [0..9, 9..17, 17..25]);
        assert_eq!(ranges(8, 3), [0..3, 3..6, 6..8]);
        assert_eq!(
            ranges(3, 0),
            [0..1, 1..2, 2..3],
            "never zero items per shard"
        );
        for (items, per) in [(10_066, 5_000), (100_066, 5_000), (999, 7)] {
            let r = ranges(items, per);
            assert_eq!(r.first().unwrap().start, 0);
            assert_eq!(r.last().unwrap().end, items);
            assert!(r.windows(2).all(|w| w[0].end == w[1].start));
            assert!(r.iter().all(|x| x.len() <= per), "{items}/{per}");
            assert_eq!(r.len(), items.div_ceil(per));
        }
    }

    #[test]
    fn about_ten_shards_between_the_bounds() {
        assert_eq!(per_shard(0), 1_000);
        assert_eq!(ranges(1_066, per_shard(1_066)).len(), 2);
        assert_eq!(
            ranges(900, per_shard(900)).len(),
            1,
            "the planned directory"
        );
        assert_eq!(per_shard(10_066), 1_007);
        assert_eq!(ranges(10_066, per_shard(10_066)).len(), 10);
        assert_eq!(per_shard(100_066), 5_000);
        assert_eq!(ranges(100_066, per_shard(100_066)).len(), 21);
    }

    #[test]
    fn fragment_files_hold_a_few_records_each() {
        assert_eq!(max_fragments(5_000), 1_000);
        assert_eq!(max_fragments(3), 1);
        assert_eq!(max_fragments(1), 1);
    }

    #[test]
    fn secondary_shards_keep_only_index_files() {
        for name in [
            "pagefind.vi_abc.pf_meta",
            "index/vi_1.pf_index",
            "fragment/vi_2.pf_fragment",
            "filter/vi_3.pf_filter",
        ] {
            assert!(is_index_file(Path::new(name)), "{name}");
        }
        for name in ["pagefind.js", "wasm.unknown.pagefind", "pagefind-ui.css"] {
            assert!(!is_index_file(Path::new(name)), "{name}");
        }
    }
}
