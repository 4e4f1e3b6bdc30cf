//! `cnht bench`: generates synthetic sites of the given sizes and times each step of the build in a
//! fresh process, reporting wall time and peak memory (VmHWM), so figures are comparable run to run;
//! `--soak` measures the live preview's memory over many saves (`soak`).

mod soak;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

pub mod hugo;

/// Stops a `cnht serve` child as an editor's Ctrl+C does (SIGTERM), so that it removes its
/// temporary build folder, and kills it if it has not stopped within `grace`. Returns whether it
/// stopped by itself. (Shared with the tests that run the preview.)
pub fn stop_server(child: &mut std::process::Child, grace: std::time::Duration) -> bool {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return true;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: `kill` on the child's own pid; the child is not reaped yet, so the pid is its own.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let until = Instant::now() + grace;
    while Instant::now() < until {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
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

/// Wall seconds, peak MiB and standard output of one run of `cnht` with `CNHT_STATS` set.
fn run_measured(exe: &Path, args: &[&str]) -> Result<(f64, Option<f64>, String), String> {
    let started = Instant::now();
    // In English: the rows are read from the status lines ("Handbook: 1088 pages → …").
    let out = Command::new(exe)
        .args(args)
        .args(["--lang", "en"])
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
    Ok((seconds, peak, stdout.into_owned()))
}

/// Says on standard error how many CPUs the measurements run on.
pub fn show_machine() {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!("Machine: {cpus} CPUs");
}

/// Shows one measure on standard error as it is taken (the table comes at the end).
pub fn show(m: &Measure) {
    eprintln!(
        "{:>7} enterprises  {:<32} {:>7.2} s  {:>6.0} MiB",
        m.enterprises,
        m.step,
        m.seconds,
        m.peak_mib.unwrap_or(0.0)
    )
}

/// What `cnht bench` measures besides `check` and the website build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// Time the handbook PDFs.
    pub handbook: bool,
    /// Only the handbook: no `check` or website rows (how the handbook grows with pages).
    pub handbook_only: bool,
    /// Time the live preview: from saving an enterprise file to the page served with the change.
    pub preview: bool,
    /// Only the live preview: no `check`, website or handbook rows.
    pub preview_only: bool,
    /// Length of the generated enterprise descriptions.
    pub descriptions: crate::gen::Descriptions,
}

/// Runs the benchmark for each size. Sites are generated from `from`.
pub fn run(
    from: &Path,
    sizes: &[usize],
    extras: Extras,
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
                "--descriptions",
                match extras.descriptions {
                    crate::gen::Descriptions::Short => "short",
                    crate::gen::Descriptions::Long => "long",
                },
            ])
            .output()
            .map_err(|e| e.to_string())?;
        if !gen.status.success() {
            return Err(String::from_utf8_lossy(&gen.stderr).into_owned());
        }
        let mut steps: Vec<(&str, Vec<&str>)> = Vec::new();
        let website: Vec<(&str, Vec<&str>)> = vec![
            ("check", vec!["check", "--root", &root]),
            // The website alone: the PDFs (handbook, capability sheets, catalogue) have their
            // own budgets and their own rows.
            (
                "build --no-handbook --no-sheets (website)",
                vec!["build", "--no-handbook", "--no-sheets", "--root", &root],
            ),
            (
                "build --no-handbook (website + capability sheets)",
                vec!["build", "--no-handbook", "--root", &root],
            ),
        ];
        if !extras.handbook_only && !extras.preview_only {
            steps.extend(website);
        }
        if extras.handbook || extras.handbook_only {
            steps.push(("handbook (both PDFs)", vec!["handbook", "--root", &root]));
        }
        for (step, args) in steps {
            if args[0] == "build" {
                // Each build row is a first build: nothing reused from the row before (no
                // publication, no spare, no cache).
                let public = dir.path().join("public");
                if let Some(spare) = crate::publish::spare_of(&public) {
                    hugo::remove(&spare)?;
                }
                hugo::remove(&public)?;
                hugo::remove(&dir.path().join(".cache"))?;
            }
            let (seconds, peak_mib, stdout) = run_measured(&exe, &args)?;
            // The handbook's row says how many pages it typeset ("Handbook: 1088 pages → …").
            let pages = stdout.lines().find_map(|l| {
                l.strip_prefix("Handbook: ")?
                    .split_once(" pages")
                    .map(|(n, _)| n.to_owned())
            });
            let m = Measure {
                enterprises: n,
                step: match pages {
                    Some(p) => format!("{step}, {p} pages"),
                    None => step.to_owned(),
                },
                seconds,
                peak_mib,
            };
            progress(&m);
            all.push(m);
        }
        if extras.preview {
            for m in preview::measure(&exe, Path::new(&root), n)? {
                progress(&m);
                all.push(m);
            }
        }
    }
    Ok(all)
}

mod preview {
    //! The live-preview measurement: `cnht serve` in a child process, an enterprise file rewritten,
    //! its page polled over loopback HTTP until it shows the change.

    use super::soak::{get, Server};
    use super::Measure;
    use std::path::Path;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// Edits timed per situation.
    const EDITS: usize = 5;

    impl Server {
        fn full_rebuilds(&self) -> usize {
            self.log().matches("rebuilt in ").count()
        }

        /// Polls until `pred` holds for the log; an error after `limit`.
        fn wait_log(
            &self,
            what: &str,
            limit: Duration,
            pred: impl Fn(&str) -> bool,
        ) -> Result<(), String> {
            let started = Instant::now();
            while !pred(&self.log()) {
                if started.elapsed() > limit {
                    return Err(format!(
                        "{what}: not seen within {limit:?}:\n{}",
                        self.log()
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        }
    }

    /// Times `EDITS` edits with the server idle (each after the full rebuild of the one before)
    /// and `EDITS` edits made while the full rebuild of the previous edit runs.
    pub fn measure(exe: &Path, root: &Path, n: usize) -> Result<Vec<Measure>, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let log = root.join("serve.log");
        let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(exe)
            .args(["serve", "--lang", "en", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| e.to_string())?;
        let server = Server { child, log, port };
        server.wait_log("the first build", Duration::from_secs(1200), |l| {
            l.contains("Serving on")
        })?;

        // The enterprise in the middle of the directory.
        let dir = root.join("content/enterprises");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        let file = files
            .get(files.len() / 2)
            .ok_or("no enterprise files")?
            .clone();
        let slug = file
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("file name is not UTF-8")?
            .to_owned();
        let page = crate::model::urls::enterprise(&slug);
        let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;

        let mut results = Vec::new();
        for (situation, idle) in [("idle", true), ("during a full rebuild", false)] {
            let mut times = Vec::new();
            for i in 0..EDITS {
                let rebuilt = server.full_rebuilds();
                let marker = format!("Sửa thử {situation} {i}");
                let text = original.replacen("address = \"", &format!("address = \"{marker}, "), 1);
                let started = Instant::now();
                std::fs::write(&file, text).map_err(|e| e.to_string())?;
                loop {
                    if get(server.port, &page).is_some_and(|b| b.contains(&marker)) {
                        break;
                    }
                    if started.elapsed() > Duration::from_secs(600) {
                        return Err(format!(
                            "the edit did not show at {page}:\n{}",
                            server.log()
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                times.push(started.elapsed().as_secs_f64());
                if idle {
                    server.wait_log("the full rebuild", Duration::from_secs(1200), |l| {
                        l.matches("rebuilt in ").count() > rebuilt
                    })?;
                } else {
                    // Long enough for the full rebuild of this edit to be under way.
                    std::thread::sleep(Duration::from_millis(300));
                }
            }
            times.sort_by(f64::total_cmp);
            results.push(Measure {
                enterprises: n,
                step: format!(
                    "serve: edit visible, {situation} (median of {EDITS}; max {:.2} s)",
                    times[times.len() - 1]
                ),
                seconds: times[times.len() / 2],
                peak_mib: None,
            });
        }
        let _ = std::fs::write(&file, original);
        Ok(results)
    }
}

/// The memory soak of the live preview: `saves` saves of one enterprise of a copy of the site at
/// `from`, 0.15 s apart, through a running `cnht serve`; the server's resident memory (in
/// `peak_mib`) after the first build, after 50, 100, 250, 500… saves, after all of them and after
/// `idle` without saves.
pub fn soak(
    from: &Path,
    saves: usize,
    idle: std::time::Duration,
    progress: impl FnMut(&Measure),
) -> Result<Vec<Measure>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut checkpoints: Vec<usize> = [50, 100, 250, 500, 1000, 2000, saves]
        .into_iter()
        .filter(|&c| c > 0 && c <= saves)
        .collect();
    checkpoints.dedup();
    soak::measure(&exe, from, saves, &checkpoints, idle, progress)
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
