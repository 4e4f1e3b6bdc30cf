//! `cnht bench` end to end on a tiny generated site, so the benchmark behind BENCHMARKS.md keeps
//! working: it generates the site, times check and build, runs `cnht serve`, edits an enterprise
//! and sees the page change, and prints one table row per measure.

mod common;
use common::*;

#[test]
fn bench_measures_build_and_live_preview() {
    let from = repo();
    let out = cnht(&[
        "bench",
        "--enterprises",
        "12",
        "--preview",
        "--from",
        from.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("| 12 |")).collect();
    assert_eq!(
        rows.len(),
        4,
        "check, build and two preview rows:\n{stdout}"
    );
    for (row, step) in rows.iter().zip([
        "check",
        "build --no-handbook",
        "serve: edit visible, idle",
        "serve: edit visible, during a full rebuild",
    ]) {
        assert!(row.contains(step), "{row} should be {step}");
        let seconds: f64 = row.split('|').nth(3).unwrap().trim().parse().unwrap();
        assert!(seconds > 0.0 && seconds < 60.0, "{row}: a time in seconds");
    }
}

#[test]
fn soak_reads_the_preview_memory_after_saves() {
    let from = repo();
    let out = cnht(&[
        "bench",
        "--soak",
        "--saves",
        "3",
        "--idle",
        "1",
        "--from",
        from.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("serve soak"))
        .collect();
    assert_eq!(rows.len(), 3, "first build, 3 saves, idle:\n{stdout}");
    for (row, what) in rows.iter().zip([
        "RSS after the first build",
        "RSS after 3 saves (",
        "RSS after 3 saves and 1 s idle",
    ]) {
        assert!(row.contains(what), "{row} should be {what}");
        let mib: f64 = row.split('|').nth(4).unwrap().trim().parse().unwrap();
        assert!(mib > 10.0 && mib < 4096.0, "{row}: resident memory in MiB");
    }
    // No site size was asked for: nothing else was measured.
    let table_rows = stdout
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| enterprises"))
        .count();
    assert_eq!(table_rows, 3, "{stdout}");
}
