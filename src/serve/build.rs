//! The rebuilds of `cnht serve`. The website is rebuilt on the rebuild thread into a new folder
//! (`site-N`), which the server switches to in one step; the handbook is rebuilt by its own
//! low-priority thread and published into the handbook folder when done, so a page reload never
//! waits for Typst.

use super::watch::Changes;
use super::Shared;
use crate::BuildOptions;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Rebuilds the website on request and tells the server.
pub(crate) struct Builder {
    root: PathBuf,
    drafts: bool,
    tmp: PathBuf,
    shared: Arc<Shared>,
    generation: u64,
    color: bool,
    last_warnings: Option<usize>,
}

impl Builder {
    pub fn new(
        root: PathBuf,
        drafts: bool,
        tmp: PathBuf,
        shared: Arc<Shared>,
        color: bool,
    ) -> Self {
        Builder {
            root,
            drafts,
            tmp,
            shared,
            generation: 0,
            color,
            last_warnings: None,
        }
    }

    /// Waits for changes and rebuilds; changes that arrive during a build are merged into one
    /// rebuild after it.
    pub fn run(mut self, rx: Receiver<Changes>, handbook: HandbookWorker) {
        while let Ok(mut changes) = rx.recv() {
            while let Ok(more) = rx.try_recv() {
                changes.merge(more);
            }
            if changes.handbook {
                handbook.request();
            }
            if changes.site {
                self.site(&changes.files);
            }
        }
    }

    /// Builds the website into a new folder; on success the server switches to it, on failure
    /// it keeps the last good one and shows the errors.
    pub fn site(&mut self, changed: &[PathBuf]) {
        self.generation += 1;
        let out = self.tmp.join(format!("site-{}", self.generation));
        let mut opts = BuildOptions::new(&self.root);
        opts.out = out.clone();
        opts.drafts = self.drafts;
        opts.handbook = false;
        opts.compress = false;
        let started = Instant::now();
        let result = crate::build(&opts);
        let ms = started.elapsed().as_millis();
        let what = match changed {
            [] => String::new(),
            [one] => format!(" ({})", one.display()),
            many => format!(" ({} files)", many.len()),
        };
        let verb = if self.generation == 1 {
            "built"
        } else {
            "rebuilt"
        };
        match result {
            Ok(summary) => {
                let old = self.shared.live().site;
                self.shared.update(|live| {
                    live.site = Some(out);
                    live.error = None;
                    live.errors = 0;
                });
                let warnings = summary.warnings.warning_count();
                if warnings > 0 && self.last_warnings != Some(warnings) {
                    eprint!("{}", summary.warnings.render(self.color));
                }
                self.last_warnings = Some(warnings);
                let pages = summary.site.as_ref().map(|s| s.pages).unwrap_or(0);
                let plural =
                    |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
                let extra = if warnings > 0 {
                    format!(", {}", plural(warnings, "warning"))
                } else {
                    String::new()
                };
                println!("{verb} in {ms} ms{what}: {} pages{extra}", pages);
                if let Some(old) = old {
                    remove_later(old);
                }
            }
            Err(report) => {
                eprint!("{}", report.render(self.color));
                let n = report.error_count().max(1);
                let text: Arc<str> = report.render(false).into();
                let has_good = self.shared.live().site.is_some();
                self.shared.update(|live| {
                    live.error = Some(text);
                    live.errors = n;
                });
                let _ = std::fs::remove_dir_all(&out);
                println!(
                    "{n} error{}{what}, {}",
                    if n == 1 { "" } else { "s" },
                    if has_good {
                        "serving the last good version"
                    } else {
                        "nothing to serve until they are fixed"
                    }
                );
            }
        }
        self.shared.bump();
    }
}

/// Removes an old build folder a little later, once requests still reading it are done.
fn remove_later(dir: PathBuf) {
    let _ = std::thread::Builder::new()
        .name("cnht-cleanup".into())
        .spawn(move || {
            std::thread::sleep(Duration::from_secs(2));
            let _ = std::fs::remove_dir_all(dir);
        });
}

/// The background handbook rebuild: one request flag; a request made while a build runs starts
/// one more build after it (so the published PDFs always end up matching the latest sources).
pub(crate) struct HandbookWorker {
    pending: Arc<(Mutex<bool>, Condvar)>,
}

impl HandbookWorker {
    /// Starts the worker thread (idle until the first request).
    pub fn start(root: &Path, drafts: bool, tmp: &Path, shared: Arc<Shared>, color: bool) -> Self {
        let pending = Arc::new((Mutex::new(false), Condvar::new()));
        let flag = pending.clone();
        let root = root.to_path_buf();
        let tmp = tmp.to_path_buf();
        let _ = std::thread::Builder::new()
            .name("cnht-handbook".into())
            .spawn(move || {
                // One low-priority thread: the website rebuilds keep both cores' attention.
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "cnht-handbook-pool".into())
                    .start_handler(|_| lower_priority())
                    .build();
                lower_priority();
                loop {
                    {
                        let (lock, cv) = &*flag;
                        let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while !*p {
                            p = cv.wait(p).unwrap_or_else(|e| e.into_inner());
                        }
                        *p = false;
                    }
                    let mut opts = BuildOptions::new(&root);
                    opts.out = shared.handbook.clone();
                    opts.drafts = drafts;
                    opts.site = false;
                    opts.compress = false;
                    let started = Instant::now();
                    let result = match &pool {
                        Ok(pool) => pool.install(|| crate::build(&opts)),
                        Err(_) => crate::build(&opts),
                    };
                    // The temporary folder is gone when the server stopped meanwhile.
                    if !tmp.is_dir() {
                        return;
                    }
                    let had_error = shared.live().handbook_error.is_some();
                    match result {
                        Ok(summary) => {
                            shared.update(|live| live.handbook_error = None);
                            if had_error {
                                shared.bump();
                            }
                            if summary.handbook.is_some() {
                                println!(
                                    "handbook rebuilt in {:.1} s",
                                    started.elapsed().as_secs_f64()
                                );
                            }
                        }
                        Err(report) => {
                            // Content errors are shown by the website build: only the
                            // handbook's own (Typst) errors are shown and printed here.
                            if crate::check(&root, drafts).has_errors() {
                                if had_error {
                                    shared.update(|live| live.handbook_error = None);
                                    shared.bump();
                                }
                                continue;
                            }
                            let text: Arc<str> = report.render(false).into();
                            shared.update(|live| live.handbook_error = Some(text));
                            shared.bump();
                            {
                                eprint!("{}", report.render(color));
                                println!(
                                    "handbook: {} error{}, the PDFs are those of the last good build",
                                    report.error_count(),
                                    if report.error_count() == 1 { "" } else { "s" }
                                );
                            }
                        }
                    }
                }
            });
        HandbookWorker { pending }
    }

    /// Asks for a rebuild (merged with any request not yet started).
    pub fn request(&self) {
        let (lock, cv) = &*self.pending;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        cv.notify_one();
    }
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread nice value).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    unsafe {
        // SAFETY: plain system calls on the calling thread's own id.
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}
