//! `cnht serve`: the live preview for editors. Builds the website (drafts included) into a
//! temporary folder, serves it on 127.0.0.1 (another address only with `--bind`), watches
//! `content/`, `themes/` and `handbook/`, rebuilds on every change and reloads the open pages. A
//! content error never stops the server: the last good version stays online with the error list
//! laid over every page until the next good build.
//!
//! - `watch`: file events, debounced, sorted into "website" and "handbook" changes.
//! - `build`: the rebuilds: the pages of an edited record at once (into an in-memory overlay),
//!   then the whole website in the background, and the handbook at the lowest priority, never
//!   delaying a page reload.
//! - `http`: the axum server; clean URLs, `404.html`, the reload script and the error overlay
//!   (injected into HTML responses here only, never written into a build).

mod build;
mod http;
mod links;
mod watch;

use crate::messages::serve::{self as said, Stop};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// What `cnht serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root, holding `content/`, `themes/` and `handbook/`.
    pub root: PathBuf,
    /// Address to listen on: 127.0.0.1 (this computer only) unless `--bind` says otherwise.
    pub bind: std::net::IpAddr,
    /// Port.
    pub port: u16,
    /// Include drafts and news dated in the future (the default for a preview).
    pub drafts: bool,
    /// Typeset the handbook (and the exhibitor catalogues) in the background (`--no-handbook`).
    pub handbook: bool,
    /// ... but only for a site of at most this many enterprises (`None` with `--handbook`):
    /// [`HANDBOOK_LIMIT`] by default.
    pub handbook_limit: Option<usize>,
    /// Typeset the capability sheets in the background (`--no-sheets`).
    pub sheets: bool,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1, port 1111, drafts included.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: std::net::Ipv4Addr::LOCALHOST.into(),
            port: 1111,
            drafts: true,
            handbook: true,
            handbook_limit: Some(HANDBOOK_LIMIT),
            sheets: true,
        }
    }
}

/// The largest site (in enterprises) whose handbook the preview typesets in the background
/// unless told otherwise (`--handbook`, `--no-handbook`). The book of 3,000 enterprises needs
/// about 2.2 GiB on its own, and the preview's memo cache keeps what the last compiles used; at
/// 10,000 enterprises with full-length descriptions the preview's background book took the
/// whole 24 GiB of the benchmark machine (BENCHMARKS.md, stage L).
pub const HANDBOOK_LIMIT: usize = 2_000;

/// What the server currently shows; replaced as a whole after each build.
#[derive(Debug, Clone, Default)]
pub(crate) struct Live {
    /// The folder of the last good website build (None until one succeeded).
    pub site: Option<PathBuf>,
    /// The error list of the last website build when it failed (`Report::render(false)`).
    pub error: Option<Arc<str>>,
    /// Number of errors in `error`.
    pub errors: usize,
    /// The error list of the last handbook build when it failed.
    pub handbook_error: Option<Arc<str>>,
    /// The site's number of enterprises when the last print build left the handbook out for
    /// being above the preview's limit.
    pub handbook_left_out: Option<usize>,
}

/// State shared by the builder threads and the HTTP server.
pub(crate) struct Shared {
    pub live: RwLock<Live>,
    /// The print files typeset in the background (`--no-handbook`, `--no-sheets`).
    pub print: PrintParts,
    /// Folder the handbook PDFs are published into (served under `/cam-nang/`).
    pub handbook: PathBuf,
    /// Changes on every website build (good or failed): open pages compare it with the value
    /// they were served with and reload when it differs.
    pub version: tokio::sync::watch::Sender<String>,
    /// Distinguishes this server's versions from those of an earlier run on the same port.
    pub instance: String,
    /// The last version number sent.
    pub counter: std::sync::atomic::AtomicU64,
    /// Pages re-rendered after an edit, served before the build folder until a full rebuild
    /// covers them: address (as served, `/en/doanh-nghiep/x/`) → (edit number, HTML).
    pub overlay: RwLock<std::collections::HashMap<String, (u64, Arc<str>)>>,
}

/// Which print files the preview typesets in the background.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PrintParts {
    pub handbook: bool,
    pub handbook_limit: Option<usize>,
    pub sheets: bool,
}

impl PrintParts {
    /// What the preview leaves out.
    fn left_out(self) -> Vec<said::LeftOut> {
        let mut out = Vec::new();
        if !self.handbook {
            out.push(said::LeftOut::Handbook);
        }
        if !self.sheets {
            out.push(said::LeftOut::Sheets);
        }
        out
    }

    /// The largest site whose handbook the preview typesets.
    pub fn limit(self) -> usize {
        self.handbook_limit.unwrap_or(usize::MAX)
    }

    /// Whether the preview typesets `part`.
    pub fn typesets(self, part: said::LeftOut) -> bool {
        match part {
            said::LeftOut::Handbook => self.handbook,
            said::LeftOut::Sheets => self.sheets,
        }
    }
}

impl Shared {
    pub fn live(&self) -> Live {
        self.live.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn update(&self, f: impl FnOnce(&mut Live)) {
        f(&mut self.live.write().unwrap_or_else(|e| e.into_inner()));
    }

    /// Announces a new version: open pages reload.
    pub fn bump(&self) {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.version.send_replace(format!("{}-{n}", self.instance));
    }
}

/// Runs the preview until Ctrl+C (or SIGTERM, or SIGHUP), then removes its temporary build
/// folder and ends the process (it does not return once it has started: see
/// [`remove_and_end`]). Returns an error message when it cannot start (port taken, no content
/// folder).
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let lang = crate::messages::current();
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| said::stopped(lang, Stop::OpenSite, opts.root.display(), e))?;
    if !root.join("content").is_dir() {
        return Err(said::stopped(lang, Stop::NoContent, root.display(), ""));
    }
    // Take the port before the first build, so a taken port fails at once.
    let addr = std::net::SocketAddr::new(opts.bind, opts.port);
    if !opts.bind.is_loopback() {
        eprintln!(
            "{}: {}",
            crate::messages::severity(lang, false),
            said::open_to_network(lang, opts.bind)
        );
    }
    let listener = std::net::TcpListener::bind(addr)
        .map_err(|e| said::stopped(lang, Stop::PortTaken, format!("http://{addr}/"), e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| said::stopped(lang, Stop::Listen, format!("http://{addr}/"), e))?;

    // The server's runtime, and the stop signals listened to, before the folder is made: Ctrl+C,
    // SIGTERM or SIGHUP during the first build (20 s at 10,000 enterprises) would otherwise end
    // the process on the spot and leave the folder (hundreds of megabytes) in the temporary
    // directory.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| said::stopped(lang, Stop::StartServer, "", e))?;
    let stopped = {
        let _context = runtime.enter();
        stop_signal()
    };
    let tmp = tempfile::Builder::new()
        .prefix("cnht-serve-")
        .tempdir()
        .map_err(|e| said::stopped(lang, Stop::TempFolder, "", e))?;
    let serving = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    {
        let (serving, folder) = (serving.clone(), tmp.path().to_path_buf());
        runtime.spawn(async move {
            stopped.await;
            if !serving.load(std::sync::atomic::Ordering::SeqCst) {
                // Before the server started nothing else cleans up: the folder goes now.
                remove_and_end(&folder, STOPPED_BEFORE_SERVING);
            }
            let _ = stop_tx.send(true);
        });
    }
    let handbook = tmp.path().join("handbook");
    let _ = std::fs::create_dir_all(&handbook);
    let instance = format!("{:x}", std::process::id() as u64 ^ now_nanos());
    let shared = Arc::new(Shared {
        live: RwLock::new(Live::default()),
        print: PrintParts {
            handbook: opts.handbook,
            handbook_limit: opts.handbook_limit,
            sheets: opts.sheets,
        },
        handbook,
        version: tokio::sync::watch::channel(format!("{instance}-0")).0,
        instance,
        counter: Default::default(),
        overlay: Default::default(),
    });
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let fast = Arc::new(build::FastPath::default());
    let mut site = build::SiteBuilder::new(
        root.clone(),
        opts.drafts,
        tmp.path().to_path_buf(),
        shared.clone(),
        fast.clone(),
        color,
    );

    // Watch first so that nothing saved during the first build is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = watch::start(&root, tx)?;
    println!("{}", said::building(lang, &root, opts.drafts));
    let left_out = shared.print.left_out();
    if !left_out.is_empty() {
        println!("{}", said::leaves_out(lang, &left_out));
    }
    site.build();
    let site_pending = build::Pending::default();
    site.start(site_pending.clone());
    // The print files at the lowest priority, unless the preview leaves them all out.
    let handbook = if opts.handbook || opts.sheets {
        let handbook = build::start_handbook(
            &root,
            opts.drafts,
            tmp.path(),
            shared.clone(),
            fast.memo.clone(),
            color,
        );
        handbook.request();
        handbook
    } else {
        build::Pending::default()
    };
    let rebuilder = build::Rebuilder {
        root: root.clone(),
        drafts: opts.drafts,
        shared: shared.clone(),
        fast,
        site: site_pending,
        handbook,
        color,
    };
    std::thread::Builder::new()
        .name("cnht-rebuild".into())
        .spawn(move || rebuilder.run(rx))
        .map_err(|e| said::stopped(lang, Stop::RebuildThread, "", e))?;

    println!("{}", said::serving(lang, addr));
    serving.store(true, std::sync::atomic::Ordering::SeqCst);
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| said::stopped(lang, Stop::Listen, format!("http://{addr}/"), e))?;
        let server = axum::serve(listener, http::router(shared));
        tokio::select! {
            r = server => r.map_err(|e| said::stopped(lang, Stop::ServerStopped, "", e)),
            _ = stop_rx.changed() => Ok(()),
        }
    });
    // Open event streams would keep a graceful shutdown waiting: drop them with the runtime.
    runtime.shutdown_background();
    if let Err(e) = &result {
        eprintln!("{}: {e}", crate::messages::severity(lang, true));
    }
    remove_and_end(&tmp.keep(), i32::from(result.is_err()))
}

/// The exit status of a preview stopped during its first build, before it served anything
/// (as a shell reports a program ended by Ctrl+C).
const STOPPED_BEFORE_SERVING: i32 = 130;

/// Removes the preview's temporary build folder `tmp` while builds may still be writing into it,
/// and ends the process at once with exit status `code`. A build's writes make missing folders
/// with their parents, so a removal racing them made the folder again, and a process ending the
/// usual way runs its exit handlers (the allocator's among them) while the build threads go on
/// writing: either left up to 1.3 GB in the temporary directory at 10,000 enterprises. So the
/// folder is first moved aside (at once, whatever is being written into it) and its name taken
/// by an empty file, which no build can write into (a build that made the folder again in
/// between has its folder moved aside too); then what was moved aside is removed, output
/// flushed, the file removed and the process ended without exit handlers.
fn remove_and_end(tmp: &Path, code: i32) -> ! {
    use std::io::Write as _;
    let mut aside = Vec::new();
    let mut taken = false;
    for attempt in 0..1000 {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp);
        if file.is_ok() {
            taken = true;
            break;
        }
        let moved = tmp.with_extension(format!("stopping-{attempt}"));
        if std::fs::rename(tmp, &moved).is_ok() {
            aside.push(moved);
        } else {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
    for folder in &aside {
        let _ = std::fs::remove_dir_all(folder);
    }
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    if taken {
        let _ = std::fs::remove_file(tmp);
    }
    #[cfg(target_os = "linux")]
    // SAFETY: `_exit` ends the process without running exit handlers, which nothing here needs:
    // output is flushed above and every file cnht keeps is written to a temporary name and renamed.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(target_os = "linux"))]
    std::process::exit(code)
}

/// Ctrl+C, SIGTERM, or SIGHUP — an editor closing the terminal window the preview runs in: each
/// stops the server so that it removes its temporary build folder (by default SIGHUP would end
/// the process on the spot and leave the folder in the system's temporary directory). Listens
/// from the call on (made in the runtime's context), not from the first poll.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        // Made here, in the runtime's context: each listens from now on, not from its first poll.
        let streams = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        );
        async move {
            let (Ok(mut int), Ok(mut term), Ok(mut hangup)) = streams else {
                return std::future::pending().await;
            };
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
                _ = hangup.recv() => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}
