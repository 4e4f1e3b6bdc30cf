//! The program's allocator, and allocation counts for the phase profile.
//!
//! cnht allocates through mimalloc (without transparent huge pages): glibc's malloc was about
//! 15 % of a one-edit rebuild's CPU time, and mimalloc also made the handbook faster and smaller
//! (BENCHMARKS.md, stage I). A binary built with `--features alloc-count` instead counts calls and
//! bytes on top of the system allocator ([`Counting`]); otherwise [`counts`] says nothing and
//! costs nothing. src/main.rs installs [`ALLOCATOR`].

/// The allocator src/main.rs installs.
#[cfg(not(feature = "alloc-count"))]
pub type Allocator = mimalloc::MiMalloc;
/// The allocator src/main.rs installs.
#[cfg(not(feature = "alloc-count"))]
pub const ALLOCATOR: Allocator = mimalloc::MiMalloc;
/// The allocator src/main.rs installs: the counting one, in a measurement build.
#[cfg(feature = "alloc-count")]
pub type Allocator = Counting;
/// The allocator src/main.rs installs: the counting one, in a measurement build.
#[cfg(feature = "alloc-count")]
pub const ALLOCATOR: Allocator = Counting;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// The counting allocator (installed by `main.rs` with the `alloc-count` feature).
pub struct Counting;

static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicU64 = AtomicU64::new(0);
static PEAK: AtomicU64 = AtomicU64::new(0);

fn grew(size: u64) {
    CALLS.fetch_add(1, Ordering::Relaxed);
    BYTES.fetch_add(size, Ordering::Relaxed);
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size() as u64);
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size() as u64);
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
        grew(new_size as u64);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocations so far: calls (allocations and reallocations), bytes requested, and the largest
/// number of bytes live at once. `None` when the counting allocator is not installed.
pub fn counts() -> Option<(u64, u64, u64)> {
    let calls = CALLS.load(Ordering::Relaxed);
    (calls > 0).then(|| {
        (
            calls,
            BYTES.load(Ordering::Relaxed),
            PEAK.load(Ordering::Relaxed),
        )
    })
}
