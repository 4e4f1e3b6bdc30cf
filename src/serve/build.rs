//! The rebuilds of `cnht serve`, on three threads:
//!
//! - the edit thread (`Rebuilder`) takes each batch of changes. When only content records changed
//!   (Markdown files under `content/`) and a full build has left its renderer behind, it reloads
//!   the content and re-renders just the pages of the changed records (both languages) into the
//!   server's in-memory overlay: the edited page is served at once. Then it asks for a full
//!   rebuild. Content errors are shown from here too (and no full rebuild is asked for).
//! - the site thread (`SiteBuilder`, lower priority) rebuilds the whole website into a new folder
//!   (`site-N`), which the server switches to in one step; the overlay entries it covers are
//!   dropped then. A template, settings or data change goes straight to it.
//! - the handbook thread rebuilds the PDFs at the lowest priority, so a page reload never waits
//!   for Typst.
//!
//! A preview runs for hours, so what it keeps from one build to the next is bounded: one
//! renderer (the last full build's), the overlay (one entry per page address at most, emptied
//! by every good full build), Typst's memoisation cache cut back after every handbook build to
//! what the last `TYPST_CACHE_AGE` compiles used, and the memory a build freed handed back to
//! the system when it ends. `cnht bench --soak` measures it.

use super::Shared;
use crate::content::{self, FileDates};
use crate::messages::current;
use crate::messages::serve as said;
use crate::site::{self, Renderer};
use crate::BuildOptions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Scheduling priority (nice value) of the full website rebuild: below the edit thread, so an
/// edited page is re-rendered at once even while a full rebuild runs, above the handbook.
const SITE_NICE: i32 = 5;
/// Scheduling priority of the handbook rebuild.
const HANDBOOK_NICE: i32 = 10;
/// Scheduling priority of the removal of an old build folder: the lowest.
const CLEANUP_NICE: i32 = 19;
/// Typst's memoisation cache keeps what one of the last this many handbook compiles used.
const TYPST_CACHE_AGE: usize = 3;
/// How long content must stay broken before the fast path shows its errors.
const SETTLE: Duration = Duration::from_millis(80);

/// What the last full build leaves for re-rendering single pages.
#[derive(Clone)]
struct Ready {
    renderer: Arc<Renderer>,
    dates: Arc<FileDates>,
}

/// State shared by the edit thread and the site thread.
#[derive(Default)]
pub(crate) struct FastPath {
    /// The renderer and git dates of the last good full build, valid for `epoch`.
    ready: Mutex<Option<(u64, Ready)>>,
    /// Bumped on every change a renderer cannot follow (templates, settings, data tables).
    epoch: AtomicU64,
    /// Bumped on every batch the edit thread handles (pages rendered or errors shown).
    edits: AtomicU64,
    /// What the preview's loads have read: a save parses only the files and bodies that changed.
    pub memo: Arc<content::LoadMemo>,
}

impl FastPath {
    fn ready(&self) -> Option<Ready> {
        let epoch = self.epoch.load(Ordering::SeqCst);
        let guard = self.ready.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|(e, _)| *e == epoch)
            .map(|(_, r)| r.clone())
    }
}

/// A request flag with one waiting worker: a request made while the worker runs starts one more
/// run after it (so the result always ends up matching the latest sources).
#[derive(Clone, Default)]
pub(crate) struct Pending(Arc<(Mutex<bool>, Condvar)>);

impl Pending {
    /// Asks for a run (merged with any request not yet started).
    pub fn request(&self) {
        let (lock, cv) = &*self.0;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        cv.notify_one();
    }

    fn wait(&self) {
        let (lock, cv) = &*self.0;
        let mut p = lock.lock().unwrap_or_else(|e| e.into_inner());
        while !*p {
            p = cv.wait(p).unwrap_or_else(|e| e.into_inner());
        }
        *p = false;
    }
}

/// Takes the batches of changes and decides what each needs.
pub(crate) struct Rebuilder {
    pub root: PathBuf,
    pub drafts: bool,
    pub shared: Arc<Shared>,
    pub fast: Arc<FastPath>,
    pub site: Pending,
    pub handbook: Pending,
    pub color: bool,
}

/// What re-rendering single pages came to.
enum Quick {
    /// The pages are in the overlay.
    Shown,
    /// The content has errors (not shown yet).
    Errors(crate::diagnostics::Report),
    /// Only a full rebuild can show this change.
    Full,
}

impl Rebuilder {
    /// Waits for changes; changes that arrive while one is handled are merged into the next.
    pub fn run(self, rx: Receiver<super::watch::Changes>) {
        // Its own threads at normal priority: the full rebuild keeps the global ones busy.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("cnht-edit-{i}"))
            .build()
            .ok();
        let mut next: Option<super::watch::Changes> = None;
        loop {
            let mut changes = match next.take() {
                Some(changes) => changes,
                None => match rx.recv() {
                    Ok(changes) => changes,
                    Err(_) => return,
                },
            };
            while let Ok(more) = rx.try_recv() {
                changes.merge(more);
            }
            if changes.handbook {
                self.handbook.request();
            }
            if !changes.site {
                continue;
            }
            let records_only = changes.files.iter().all(|f| is_record(f));
            if !records_only {
                self.fast.epoch.fetch_add(1, Ordering::SeqCst);
            }
            let quick = match self.fast.ready() {
                Some(ready) if records_only => match &pool {
                    Some(pool) => pool.install(|| self.quick(&ready, &changes.files)),
                    None => self.quick(&ready, &changes.files),
                },
                _ => Quick::Full,
            };
            match quick {
                Quick::Shown | Quick::Full => self.site.request(),
                // A file caught half-written (an editor's save in two steps) is followed at once
                // by the event of its last write: the errors are shown only when the content
                // stays broken for a moment, so an editor never sees a flash of false errors.
                Quick::Errors(report) => match rx.recv_timeout(SETTLE) {
                    Ok(more) => {
                        changes.handbook = false;
                        changes.merge(more);
                        next = Some(changes);
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        show_errors(&self.shared, &report, self.color, &describe(&changes.files))
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                },
            }
        }
    }

    /// Reloads the content and renders the pages of the changed files into the overlay.
    fn quick(&self, ready: &Ready, files: &[PathBuf]) -> Quick {
        let started = Instant::now();
        let opts = content::LoadOptions {
            drafts: self.drafts,
            dates: Some(ready.dates.clone()),
            memo: Some(self.fast.memo.clone()),
            ..Default::default()
        };
        let edit = self.fast.edits.fetch_add(1, Ordering::SeqCst) + 1;
        let loaded = match content::load(&self.root, &opts) {
            Ok(loaded) => loaded,
            Err(report) => return Quick::Errors(report),
        };
        let model = &loaded.model;
        let mut urls = Vec::new();
        for file in files {
            let pages = site::pages_of(model, file);
            if pages.is_empty() {
                // Removed, renamed or unpublished: listings and links change with it.
                return Quick::Full;
            }
            urls.extend(pages);
        }
        if !ready.renderer.has_images_of(model) {
            return Quick::Full;
        }
        let pages = match ready.renderer.render_pages(model, &urls) {
            Ok(pages) => pages,
            Err(errors) => {
                let mut report = loaded.report;
                report.diagnostics.extend(errors);
                return Quick::Errors(report);
            }
        };
        // Said before it is served, so that whoever sees the page also finds the line.
        println!(
            "{}",
            said::updated(
                current(),
                started.elapsed().as_millis(),
                &describe(files),
                &urls.join(" ")
            )
        );
        {
            let mut overlay = self
                .shared
                .overlay
                .write()
                .unwrap_or_else(|e| e.into_inner());
            for (url, html) in pages {
                overlay.insert(url, (edit, html.into()));
            }
        }
        self.shared.update(|live| {
            live.error = None;
            live.errors = 0;
        });
        self.shared.bump();
        Quick::Shown
    }
}

/// Whether `rel` (relative to the root) is a content record: a Markdown file under `content/`
/// (site settings and data tables are TOML and change many pages).
fn is_record(rel: &Path) -> bool {
    rel.starts_with("content") && rel.extension().is_some_and(|x| x == "md")
}

fn describe(files: &[PathBuf]) -> String {
    said::changed_files(current(), files)
}

/// Shows a failed build's errors in the overlay and on the terminal.
fn show_errors(shared: &Shared, report: &crate::diagnostics::Report, color: bool, what: &str) {
    eprint!("{}", report.render(color));
    let n = report.error_count().max(1);
    let text: Arc<str> = report.render(false).into();
    let has_good = shared.live().site.is_some();
    // The terminal first, then the overlay: whoever sees the overlay also finds the line.
    println!("{}", said::build_failed(current(), n, what, has_good));
    shared.update(|live| {
        live.error = Some(text);
        live.errors = n;
    });
    shared.bump();
}

/// Rebuilds the whole website into a new folder and switches the server to it.
pub(crate) struct SiteBuilder {
    root: PathBuf,
    drafts: bool,
    tmp: PathBuf,
    shared: Arc<Shared>,
    fast: Arc<FastPath>,
    generation: u64,
    color: bool,
    last_warnings: Option<usize>,
}

impl SiteBuilder {
    pub fn new(
        root: PathBuf,
        drafts: bool,
        tmp: PathBuf,
        shared: Arc<Shared>,
        fast: Arc<FastPath>,
        color: bool,
    ) -> Self {
        SiteBuilder {
            root,
            drafts,
            tmp,
            shared,
            fast,
            generation: 0,
            color,
            last_warnings: None,
        }
    }

    /// Runs on its own low-priority thread, one full rebuild per request.
    pub fn start(mut self, pending: Pending) {
        let _ = std::thread::Builder::new()
            .name("cnht-site".into())
            .spawn(move || {
                let pool = low_priority_pool("cnht-site-pool", None, SITE_NICE);
                lower_priority(SITE_NICE);
                loop {
                    pending.wait();
                    if !self.tmp.is_dir() {
                        return;
                    }
                    match &pool {
                        Some(pool) => pool.install(|| self.build()),
                        None => self.build(),
                    }
                }
            });
    }

    /// Builds the website into a new folder; on success the server switches to it, on failure
    /// it keeps the last good one and shows the errors.
    pub fn build(&mut self) {
        self.generation += 1;
        // What this build covers: every edit handled so far, and the structure as of now.
        let edits = self.fast.edits.load(Ordering::SeqCst);
        let epoch = self.fast.epoch.load(Ordering::SeqCst);
        let out = self.tmp.join(format!("site-{}", self.generation));
        let dates = Arc::new(content::file_dates(&self.root));
        let mut opts = BuildOptions::new(&self.root);
        opts.out = out.clone();
        opts.drafts = self.drafts;
        // The print files (the handbook and the capability sheets) come from the background
        // thread at low priority.
        opts.handbook = false;
        opts.sheets = false;
        opts.compress = false;
        // Every build goes into a new folder: there is no publication to take pages from.
        opts.reuse_pages = false;
        opts.dates = Some(dates.clone());
        opts.memo = Some(self.fast.memo.clone());
        let started = Instant::now();
        let result = crate::build(&opts);
        let ms = started.elapsed().as_millis();
        // An edit handled since this build started has the newer word on errors.
        let latest = self.fast.edits.load(Ordering::SeqCst) == edits;
        match result {
            Ok(summary) => {
                if let Some(renderer) = summary.renderer.clone() {
                    *self.fast.ready.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some((epoch, Ready { renderer, dates }));
                }
                let warnings = summary.warnings.warning_count();
                if warnings > 0 && self.last_warnings != Some(warnings) {
                    eprint!("{}", summary.warnings.render(self.color));
                }
                self.last_warnings = Some(warnings);
                let pages = summary.site.as_ref().map(|s| s.pages).unwrap_or(0);
                let first = self.generation == 1;
                println!("{}", said::built(current(), first, ms, pages, warnings));
                // The switch comes after the line, so whoever sees the new pages finds it.
                let old = self.shared.live().site;
                self.shared.update(|live| {
                    live.site = Some(out);
                    if latest {
                        live.error = None;
                        live.errors = 0;
                    }
                });
                self.shared
                    .overlay
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .retain(|_, (edit, _)| *edit > edits);
                if let Some(old) = old {
                    remove_later(old);
                }
                self.shared.bump();
            }
            Err(report) => {
                let _ = std::fs::remove_dir_all(&out);
                if latest {
                    show_errors(&self.shared, &report, self.color, "");
                }
            }
        }
        crate::timing::alloc::release_freed();
    }
}

/// Removes an old build folder a little later, once requests still reading it are done, at the
/// lowest priority: removing 24,000 pages (10,000 enterprises) is work for the kernel that an
/// edit made meanwhile must not wait for.
fn remove_later(dir: PathBuf) {
    let _ = std::thread::Builder::new()
        .name("cnht-cleanup".into())
        .spawn(move || {
            lower_priority(CLEANUP_NICE);
            std::thread::sleep(Duration::from_secs(2));
            let _ = std::fs::remove_dir_all(dir);
        });
}

/// Starts the background handbook rebuild (idle until the first request).
pub(crate) fn start_handbook(
    root: &Path,
    drafts: bool,
    tmp: &Path,
    shared: Arc<Shared>,
    memo: Arc<content::LoadMemo>,
    color: bool,
) -> Pending {
    let pending = Pending::default();
    let flag = pending.clone();
    let root = root.to_path_buf();
    let tmp = tmp.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("cnht-handbook".into())
        .spawn(move || {
            // One low-priority thread: the website rebuilds keep both cores' attention.
            let pool = low_priority_pool("cnht-handbook-pool", Some(1), HANDBOOK_NICE);
            lower_priority(HANDBOOK_NICE);
            loop {
                flag.wait();
                let mut opts = BuildOptions::new(&root);
                opts.out = shared.handbook.clone();
                opts.drafts = drafts;
                opts.site = false;
                opts.handbook = shared.print.handbook;
                opts.handbook_limit = shared.print.handbook_limit;
                opts.sheets = shared.print.sheets;
                opts.compress = false;
                opts.memo = Some(memo.clone());
                let started = Instant::now();
                let result = match &pool {
                    Some(pool) => pool.install(|| crate::build(&opts)),
                    None => crate::build(&opts),
                };
                // Typst memoises layout results in a process-wide cache that only grows: keep
                // what the last few compiles used (a small edit re-typesets fast), drop the rest.
                typst::comemo::evict(TYPST_CACHE_AGE);
                crate::timing::alloc::release_freed();
                // The temporary folder is gone when the server stopped meanwhile.
                if !tmp.is_dir() {
                    return;
                }
                handbook_done(&root, drafts, &shared, result, started, color);
            }
        });
    pending
}

fn handbook_done(
    root: &Path,
    drafts: bool,
    shared: &Shared,
    result: Result<crate::BuildSummary, crate::diagnostics::Report>,
    started: Instant,
    color: bool,
) {
    let had_error = shared.live().handbook_error.is_some();
    match result {
        Ok(summary) => {
            let left_out = summary.handbook_left_out;
            let said_before = shared.live().handbook_left_out;
            shared.update(|live| {
                live.handbook_error = None;
                live.handbook_left_out = left_out;
            });
            if had_error {
                shared.bump();
            }
            if let Some(n) = left_out.filter(|_| said_before.is_none()) {
                println!(
                    "{}",
                    said::handbook_too_large(current(), n, shared.print.limit())
                );
            }
            let sheets = summary.sheets.as_ref().map(|s| s.typeset);
            let seconds = started.elapsed().as_secs_f64();
            match (&summary.handbook, sheets) {
                (Some(_), _) => println!("{}", said::handbook_rebuilt(current(), seconds, sheets)),
                (None, Some(n)) => println!("{}", said::sheets_rebuilt(current(), seconds, n)),
                (None, None) => {}
            }
        }
        Err(report) => {
            // Content errors are shown by the website build: only the handbook's own (Typst)
            // errors are shown and printed here.
            if crate::check(root, drafts).has_errors() {
                if had_error {
                    shared.update(|live| live.handbook_error = None);
                    shared.bump();
                }
                return;
            }
            let text: Arc<str> = report.render(false).into();
            shared.update(|live| live.handbook_error = Some(text));
            shared.bump();
            eprint!("{}", report.render(color));
            println!("{}", said::handbook_failed(current(), report.error_count()));
        }
    }
}

/// A rayon pool whose threads run at `nice`.
fn low_priority_pool(
    name: &'static str,
    threads: Option<usize>,
    nice: i32,
) -> Option<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new()
        .thread_name(move |i| format!("{name}-{i}"))
        .start_handler(move |_| lower_priority(nice));
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    builder.build().ok()
}

/// Lowers the calling thread's scheduling priority (Linux: per-thread nice value).
fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    unsafe {
        // SAFETY: plain system calls on the calling thread's own id.
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, nice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markdown_content_is_a_record() {
        assert!(is_record(Path::new("content/enterprises/x.md")));
        assert!(is_record(Path::new("content/pages/gioi-thieu.md")));
        assert!(!is_record(Path::new("content/site.toml")));
        assert!(!is_record(Path::new("content/data/districts.toml")));
        assert!(!is_record(Path::new("content/enterprises/logo.png")));
        assert!(!is_record(Path::new("themes/cnht/templates/base.html")));
    }
}
