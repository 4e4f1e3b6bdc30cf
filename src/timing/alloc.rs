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

/// mimalloc's option `purge_delay` (v3's `mi_option_e`; the bindings name no constant for it):
/// how long freed memory stays with the program before it goes back to the system, in ms.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay while typesetting, in ms (mimalloc's default: 1,000).
const TYPESETTING_PURGE_DELAY: std::ffi::c_long = 100;

/// While the returned guard lives, memory the program frees goes back to the system after
/// 100 ms instead of a second (mimalloc's `purge_delay`; ten times as long for its arenas).
/// Typesetting frees in bulk: each Typst layout pass drops what the one before laid out, much
/// of it in worker threads that then sit idle, and with the default delay it stayed resident
/// into the next pass. With this and [`release_freed`] at the passes' ends, the handbook of
/// 1,000 enterprises peaks about 50 MiB lower, at most ~5 % slower (BENCHMARKS.md, stage N; a
/// delay of 0 saved ~20 MiB more but made the book 15–35 % slower, every freed page decommitted
/// and faulted back in). The typesetting steps run under this guard; the website's build keeps
/// the default.
///
/// Guards may overlap (`cnht serve` typesets in the background while it rebuilds pages): the
/// first sets the delay, the last to go puts the one from before the first back.
pub fn release_promptly() -> ReleasePromptly {
    let mut guards = PROMPT_GUARDS.lock().unwrap_or_else(|e| e.into_inner());
    if guards.0 == 0 {
        guards.1 = set_purge_delay(TYPESETTING_PURGE_DELAY);
    }
    guards.0 += 1;
    ReleasePromptly { _private: () }
}

/// How many [`ReleasePromptly`] guards live, and the purge delay from before the first.
static PROMPT_GUARDS: std::sync::Mutex<(usize, Option<std::ffi::c_long>)> =
    std::sync::Mutex::new((0, None));

/// The guard of [`release_promptly`].
pub struct ReleasePromptly {
    _private: (),
}

impl Drop for ReleasePromptly {
    fn drop(&mut self) {
        let mut guards = PROMPT_GUARDS.lock().unwrap_or_else(|e| e.into_inner());
        guards.0 -= 1;
        if guards.0 == 0 {
            if let Some(previous) = guards.1.take() {
                set_purge_delay(previous);
            }
        }
    }
}

/// Hands what the program freed so far back to the system now: mimalloc's free pages (collected
/// and purged at once, not after its purge delay), and glibc's free heap pages (what libraries
/// written in C allocate, and everything in a `--features alloc-count` build, which allocates
/// through glibc). Called where a step has just freed a lot at once (Typst's memo cache evicted
/// between the handbook's layout passes and after its compiles, a preview rebuild done), so
/// that the next step's memory does not come on top of it.
pub fn release_freed() {
    if !cfg!(feature = "alloc-count") {
        // SAFETY: collects the calling thread's heap and purges mimalloc's arenas; it touches no
        // live block.
        unsafe { libmimalloc_sys::mi_collect(true) }
    }
    // SAFETY: malloc_trim only returns free heap pages to the kernel; it touches no live block.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Sets mimalloc's purge delay and returns the one before; `None` (and nothing set) when the
/// counting allocator replaces mimalloc.
fn set_purge_delay(ms: std::ffi::c_long) -> Option<std::ffi::c_long> {
    if cfg!(feature = "alloc-count") {
        return None;
    }
    // SAFETY: reading and setting an option is a plain store into mimalloc's option table;
    // mimalloc reads `purge_delay` each time it decides whether to purge.
    unsafe {
        let previous = libmimalloc_sys::mi_option_get(PURGE_DELAY);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, ms);
        Some(previous)
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

#[cfg(test)]
mod tests {
    /// The option number is v3's `purge_delay`: its default is 1,000 ms (v2's number 15 is
    /// another option). A newer mimalloc that renumbers its options fails here.
    #[test]
    fn the_purge_delay_is_the_option_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads mimalloc's option table.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000);
        let guard = super::release_promptly();
        // A second, overlapping guard that goes first leaves the typesetting delay.
        drop(super::release_promptly());
        if !cfg!(feature = "alloc-count") {
            // SAFETY: as above.
            assert_eq!(
                unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
                super::TYPESETTING_PURGE_DELAY
            );
        }
        drop(guard);
        // SAFETY: as above.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) },
            1000
        );
    }
}
