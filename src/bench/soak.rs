//! The memory soak of the live preview (`cnht bench --soak`): `cnht serve` on a copy of a site,
//! one enterprise file saved again and again at an editor's quick pace, the server's resident
//! memory (VmRSS) read once everything it started has settled, after given numbers of saves and
//! after a while without any.
//! A preview left open for a working day must not grow with the number of saves.

use super::Measure;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Time between two saves (an editor pressing Ctrl+S repeatedly; the measurement).
pub const INTERVAL: Duration = Duration::from_millis(150);
/// The server is settled once its log has not grown for this long.
const QUIET: Duration = Duration::from_secs(3);
/// Upper bound for any wait on the server.
const LIMIT: Duration = Duration::from_secs(1200);

/// A `cnht serve` child process with its log file; stopped when dropped (shared with the preview
/// measurement).
pub(super) struct Server {
    pub(super) child: Child,
    pub(super) log: PathBuf,
    pub(super) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        super::stop_server(&mut self.child, Duration::from_secs(10));
    }
}

impl Server {
    pub(super) fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn count(&self, needle: &str) -> usize {
        self.log().matches(needle).count()
    }

    /// Resident memory of the server now, in MiB (Linux `/proc/<pid>/status`, VmRSS).
    fn rss_mib(&mut self) -> Result<f64, String> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Err(format!("`cnht serve` stopped ({status}):\n{}", self.log()));
        }
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {path} (the soak needs Linux): {e}"))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kib| kib.parse::<f64>().ok())
            .map(|kib| kib / 1024.0)
            .ok_or_else(|| format!("no VmRSS line in {path}"))
    }

    /// Waits until `page` shows `text` and the log has stopped growing (every rebuild the saves
    /// started is done).
    fn settle(&self, page: &str, text: &str) -> Result<(), String> {
        let started = Instant::now();
        while !get(self.port, page).is_some_and(|b| b.contains(text)) {
            if started.elapsed() > LIMIT {
                return Err(format!("`{text}` never showed at {page}:\n{}", self.log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut last = self.log().len();
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < QUIET {
            if started.elapsed() > LIMIT {
                return Err(format!("the server never settled:\n{}", self.log()));
            }
            std::thread::sleep(Duration::from_millis(100));
            let now = self.log().len();
            if now != last {
                last = now;
                quiet_since = Instant::now();
            }
        }
        Ok(())
    }
}

/// Copies the sources of the site at `from` (content, theme, handbook templates) into `to`.
fn copy_site(from: &Path, to: &Path) -> Result<(), String> {
    for dir in ["content", "themes", "handbook"] {
        let src = from.join(dir);
        if !src.is_dir() {
            return Err(format!(
                "{} is not a site folder: no {dir}/",
                from.display()
            ));
        }
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.map_err(|e| e.to_string())?;
            let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

/// Saves an enterprise of a copy of `from` `saves` times, `INTERVAL` apart, through a running
/// `cnht serve`, and reports its resident memory after the first build, after each of
/// `checkpoints` saves (once settled) and after `idle` without saves, with the time since the
/// first save in `seconds`.
pub fn measure(
    exe: &Path,
    from: &Path,
    saves: usize,
    checkpoints: &[usize],
    idle: Duration,
    mut progress: impl FnMut(&Measure),
) -> Result<Vec<Measure>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = dir.path();
    copy_site(from, root)?;
    let enterprises_dir = root.join("content/enterprises");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&enterprises_dir)
        .map_err(|e| format!("{}: {e}", enterprises_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    // Bundles (a folder with its index.md and logo) count too.
    let n = std::fs::read_dir(&enterprises_dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") || p.join("index.md").is_file())
        .count();
    let file = files
        .get(files.len() / 2)
        .ok_or("the site has no enterprise files")?
        .clone();
    let slug = file
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("file name is not UTF-8")?
        .to_owned();
    let page = crate::model::urls::enterprise(&slug);
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    if !original.contains("address = \"") {
        return Err(format!("{} has no address to edit", file.display()));
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let tmp = root.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let log = root.join("serve.log");
    let out = std::fs::File::create(&log).map_err(|e| e.to_string())?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let child = Command::new(exe)
        .args(["serve", "--lang", "en", "--root"])
        .arg(root)
        .args(["--port", &port.to_string()])
        .env("NO_COLOR", "1")
        .env("TMPDIR", &tmp)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut server = Server { child, log, port };

    let mut results = Vec::new();
    let mut first_save: Option<Instant> = None;
    let mut record = |server: &mut Server, what: String, since: Option<Instant>| {
        let rss = server.rss_mib()?;
        let m = Measure {
            enterprises: n,
            step: format!(
                "serve soak: RSS {what} ({} site, {} handbook rebuilds)",
                server.count("rebuilt in ") - server.count("handbook rebuilt in "),
                server.count("handbook rebuilt in "),
            ),
            seconds: since.map(|t| t.elapsed().as_secs_f64()).unwrap_or(0.0),
            peak_mib: Some(rss),
        };
        progress(&m);
        results.push(m);
        Ok::<(), String>(())
    };

    let started = Instant::now();
    let first_done = |log: &str| {
        log.contains("Serving on")
            && (log.contains("handbook rebuilt in ") || log.contains("handbook: "))
    };
    while !first_done(&server.log()) {
        if started.elapsed() > LIMIT || server.child.try_wait().ok().flatten().is_some() {
            return Err(format!("the first build did not finish:\n{}", server.log()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    server.settle(&page, "")?;
    record(&mut server, "after the first build".into(), None)?;

    let result = (|| {
        for i in 1..=saves {
            let first_save = *first_save.get_or_insert_with(Instant::now);
            let marker = format!("Lưu thử {i}");
            let text = original.replacen("address = \"", &format!("address = \"{marker}, "), 1);
            std::fs::write(&file, text).map_err(|e| e.to_string())?;
            if checkpoints.contains(&i) {
                server.settle(&page, &format!("{marker},"))?;
                record(&mut server, format!("after {i} saves"), Some(first_save))?;
            } else {
                std::thread::sleep(INTERVAL);
            }
        }
        std::thread::sleep(idle);
        record(
            &mut server,
            format!("after {saves} saves and {} s idle", idle.as_secs()),
            first_save,
        )
    })();
    let _ = std::fs::write(&file, &original);
    result?;
    Ok(results)
}

/// The body of `GET path` on 127.0.0.1:`port` when it answers 200 (HTTP/1.0: not chunked).
pub(super) fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?;
    (status == "200").then(|| body.to_owned())
}
