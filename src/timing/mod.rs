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

/// Resident memory of this process now in KiB (Linux `VmRSS`), if known.
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The steps of one phase timed one after the other (`stats: <phase>: <step> … ms, RSS …`), with
/// the memory resident after each step beside the peak so far, so a step that holds memory can
/// be told from one that only passed through it. Prints only with `CNHT_STATS` set.
pub struct Steps {
    phase: &'static str,
    last: Instant,
    on: bool,
}

impl Steps {
    /// Starts timing the steps of `phase`.
    pub fn new(phase: &'static str) -> Self {
        Steps {
            phase,
            last: Instant::now(),
            on: std::env::var_os("CNHT_STATS").is_some(),
        }
    }

    /// Ends the step `name`: prints its time and the memory now and at most so far.
    pub fn step(&mut self, name: &str) {
        if self.on {
            let mut line = format!(
                "stats: {}: {name} {:.0} ms",
                self.phase,
                self.last.elapsed().as_secs_f64() * 1000.0
            );
            if let (Some(now), Some(peak)) = (rss_kib(), peak_rss_kib()) {
                line.push_str(&format!(
                    ", RSS {} MiB, peak RSS {} MiB",
                    now / 1024,
                    peak / 1024
                ));
            }
            println!("{line}");
        }
        self.last = Instant::now();
    }
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
