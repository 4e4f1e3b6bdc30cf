//! Typst's memo cache gives its memory back when cnht evicts it (the patched comemo in
//! `vendor/comemo`, see its PATCHED.md). The handbook's compile evicts the cache once the pages
//! are final, and the preview after each rebuild; with comemo as published, an emptied cache
//! kept its tables at their largest size for the rest of the process (about 220 MiB after the
//! 1,000-enterprise book, which the PDF export then came on top of).
//!
//! This binary counts the bytes allocated and not yet freed with its own allocator, so it holds
//! this one test: another test running beside it would move the count.

mod common;

use cnht::content::{load, LoadOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting the bytes it holds for the program.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn add(bytes: usize) {
    let live = LIVE.fetch_add(bytes as isize, Ordering::Relaxed) + bytes as isize;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn sub(bytes: usize) {
    LIVE.fetch_sub(bytes as isize, Ordering::Relaxed);
}

// SAFETY: every call goes straight to the system allocator with the caller's arguments; the
// counter only observes the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            add(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        sub(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            sub(layout.size());
            add(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn an_evicted_memo_cache_gives_its_memory_back() {
    let opts = LoadOptions {
        drafts: false,
        today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
        dates: None,
        memo: None,
    };
    let model = match load(&common::repo(), &opts) {
        Ok(l) => l.model,
        Err(r) => panic!(
            "the repository's content should load:\n{}",
            r.render_short()
        ),
    };
    // Measured from before the first compile, which also fills what lives as long as the
    // process (the fonts' and the standard library's lazily made tables, interned strings: about
    // a megabyte). The handbook's compile evicts the cache itself once its pages are final.
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let compiled = cnht::handbook::compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(compiled.document.pages().len() > 50, "the real handbook");
    drop(compiled);
    typst::comemo::evict(0);
    let after = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    let mib = |b: isize| b as f64 / (1024.0 * 1024.0);
    let (before, peak, after) = (mib(before), mib(peak), mib(after));
    eprintln!("live: {before:.1} MiB before the compile, {peak:.1} at most, {after:.1} after it");
    assert!(
        peak - before > 50.0,
        "the handbook's compile should need tens of MiB: {before:.1} → {peak:.1} MiB"
    );
    assert!(
        after - before < 5.0,
        "once evicted, Typst's memo cache should give its memory back: {before:.1} MiB before \
         the compile, {peak:.1} MiB at most during it, {after:.1} MiB after it"
    );
}
