//! Timing of the build's phases and the process's peak memory, for `cnht bench` and `CNHT_STATS`.
//! Core code calls this small module, never the benchmark tool itself.

use std::time::Instant;

pub mod alloc;

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// With `CNHT_STATS` set (as `cnht bench` does), prints how long a phase of the build took, the
/// process's peak memory so far and, in a binary built with `--features alloc-count`, the
/// allocations so far (calls, bytes, most bytes live at once).
pub fn phase(name: &str, since: Instant) {
    if std::env::var_os("CNHT_STATS").is_some() {
        let mut line = format!(
            "stats: phase {name} {:.0} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
        if let Some(k) = peak_rss_kib() {
            line.push_str(&format!(", peak RSS {} MiB", k / 1024));
        }
        if let Some((calls, bytes, live)) = alloc::counts() {
            line.push_str(&format!(
                ", {calls} allocations, {} MiB allocated, {} MiB live at most",
                bytes >> 20,
                live >> 20
            ));
        }
        println!("{line}");
    }
}
