//! `cnht bench`: generates synthetic sites of the given sizes and times each step of the build in a
//! fresh process, reporting wall time and peak memory (VmHWM), so figures are comparable run to run.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Peak resident memory of this process in KiB (Linux `VmHWM`), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// With `CNHT_STATS` set (as `cnht bench` does), prints how long a phase of the build took.
pub fn phase(name: &str, since: Instant) {
    if std::env::var_os("CNHT_STATS").is_some() {
        println!(
            "stats: phase {name} {:.0} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// One measured step.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Number of enterprises in the site.
    pub enterprises: usize,
    /// What was run (`check`, `build --no-handbook`, `handbook`).
    pub step: String,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Peak resident memory in MiB.
    pub peak_mib: Option<f64>,
}

fn run_measured(exe: &Path, args: &[&str]) -> Result<(f64, Option<f64>), String> {
    let started = Instant::now();
    let out = Command::new(exe)
        .args(args)
        .env("CNHT_STATS", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "`cnht {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let peak = stdout
        .lines()
        .find_map(|l| l.strip_prefix("stats: peak_rss_kib="))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|k| k / 1024.0);
    Ok((seconds, peak))
}

/// Runs the benchmark for each size; `handbook` adds the PDF step. Sites are generated from `from`.
pub fn run(
    from: &Path,
    sizes: &[usize],
    handbook: bool,
    mut progress: impl FnMut(&Measure),
) -> Result<Vec<Measure>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for &n in sizes {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let root = dir
            .path()
            .to_str()
            .ok_or("temporary path is not UTF-8")?
            .to_owned();
        let from = from.to_str().ok_or("path is not UTF-8")?;
        let gen = Command::new(&exe)
            .args([
                "gen",
                "--enterprises",
                &n.to_string(),
                "--out",
                &root,
                "--from",
                from,
            ])
            .output()
            .map_err(|e| e.to_string())?;
        if !gen.status.success() {
            return Err(String::from_utf8_lossy(&gen.stderr).into_owned());
        }
        let mut steps: Vec<(&str, Vec<&str>)> = vec![
            ("check", vec!["check", "--root", &root]),
            (
                "build --no-handbook (website)",
                vec!["build", "--no-handbook", "--root", &root],
            ),
        ];
        if handbook {
            steps.push(("handbook (both PDFs)", vec!["handbook", "--root", &root]));
        }
        for (step, args) in steps {
            let (seconds, peak_mib) = run_measured(&exe, &args)?;
            let m = Measure {
                enterprises: n,
                step: step.to_owned(),
                seconds,
                peak_mib,
            };
            progress(&m);
            all.push(m);
        }
    }
    Ok(all)
}

/// The measurements as a Markdown table for BENCHMARKS.md.
pub fn table(measures: &[Measure]) -> String {
    let mut t = String::from(
        "| enterprises | step | wall time (s) | peak memory (MiB) |\n|---:|---|---:|---:|\n",
    );
    for m in measures {
        let peak = m
            .peak_mib
            .map(|p| format!("{p:.0}"))
            .unwrap_or_else(|| "n/a".into());
        t.push_str(&format!(
            "| {} | {} | {:.2} | {} |\n",
            m.enterprises, m.step, m.seconds, peak
        ));
    }
    t
}
