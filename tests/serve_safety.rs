//! `cnht serve` against hostile requests: it listens on loopback unless `--bind` says otherwise,
//! and no request path (`..`, `%2e%2e`, backslashes, absolute paths, encoded NUL, overlong UTF-8,
//! absolute-form targets) reads a file outside the build folder. The requests are written byte
//! for byte on a TcpStream: an HTTP client library would normalise the paths before sending.

mod common;
use cnht::bench::stop_server;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        stop_server(&mut self.child, Duration::from_secs(10));
    }
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = root.join("serve.log");
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_cnht"))
            .args(["serve", "--lang", "en", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .args(extra)
            .env("NO_COLOR", "1")
            .env("TMPDIR", &tmp)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        Server { child, port, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the first website build to be served.
    fn wait_ready(&self) {
        self.wait_until(
            "/",
            Duration::from_secs(180),
            "the first build served",
            |r| r.starts_with("HTTP/1.0 200"),
        );
    }

    /// Asks for `path` every 0.1 s until the whole answer satisfies `ok`; fails with the
    /// preview's log after `limit`, naming `what` was awaited.
    fn wait_until(&self, path: &str, limit: Duration, what: &str, ok: impl Fn(&str) -> bool) {
        let started = Instant::now();
        let request = format!("GET {path} HTTP/1.0\r\n\r\n");
        while !raw(self.port, request.as_bytes()).is_some_and(|r| ok(&r)) {
            assert!(
                started.elapsed() < limit,
                "not seen: {what} at {path}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Sends `request` as it is and returns the whole response, or None when the server closed the
/// connection without one.
fn raw(port: u16, request: &[u8]) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    stream.write_all(request).ok()?;
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

/// The listening sockets on `port` from /proc/net/tcp and tcp6: local addresses in hex.
#[cfg(target_os = "linux")]
fn listening_addresses(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (cols.get(1), cols.get(3)) else {
                continue;
            };
            let Some((addr, p)) = local.split_once(':') else {
                continue;
            };
            if *state == "0A" && u16::from_str_radix(p, 16) == Ok(port) {
                found.push(addr.to_owned());
            }
        }
    }
    found
}

#[test]
fn no_request_reads_outside_the_build_folder() {
    let dir = site(&["basic"]);
    let root = dir.path();
    let server = Server::start(root, &[]);
    server.wait_ready();

    // Secrets at every level above the build folder (<root>/tmp/cnht-serve-*/site-N/), in the
    // handbook folder's parent, and in the content folder.
    let serve_dir = std::fs::read_dir(root.join("tmp"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("cnht-serve-")
        })
        .expect("the server's temporary folder");
    let mut secrets = Vec::new();
    for (i, place) in [
        serve_dir.clone(),
        root.join("tmp"),
        root.to_path_buf(),
        root.join("content"),
    ]
    .iter()
    .enumerate()
    {
        let text = format!("BI-MAT-{i}-7f3a9c");
        std::fs::write(place.join("secret.txt"), &text).unwrap();
        secrets.push(text);
    }
    let passwd = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| t.lines().next().map(str::to_owned))
        .filter(|l| !l.is_empty());

    let absolute = root.join("secret.txt").display().to_string();
    let mut paths: Vec<String> = [
        "/../secret.txt",
        "/../../secret.txt",
        "/../../../secret.txt",
        "/../../../content/secret.txt",
        "/../../../../../../../../../../etc/passwd",
        "/./././../secret.txt",
        "/doanh-nghiep/../../../../secret.txt",
        "/__cnht/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/%2E%2E/secret.txt",
        "/.%2e/.%2e/.%2e/secret.txt",
        "/%2e./%2e./%2e./secret.txt",
        "/..%2f..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
        "/%2e%2e%2F%2e%2e%2F%2e%2e%2Fcontent%2Fsecret.txt",
        "/%252e%252e/%252e%252e/%252e%252e/secret.txt",
        "/..\\..\\..\\secret.txt",
        "/%5c..%5c..%5c..%5csecret.txt",
        "/..%5c..%5c..%5csecret.txt",
        "/%5C%2e%2e%5C%2e%2e%5Csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/%2Fetc/passwd",
        "/cam-nang/../../secret.txt",
        "/cam-nang/../../../secret.txt",
        "/cam-nang/%2e%2e/%2e%2e/secret.txt",
        "/cam-nang/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "/cam-nang/..%2f..%2f..%2fsecret.txt",
        "/cam-nang/..%5c..%5csecret.txt",
        "/index.html%00",
        "/%00/../../secret.txt",
        "/secret.txt%00.html",
        "/..%00/..%00/secret.txt",
        "/%2e%2e%00/%2e%2e/%2e%2e/secret.txt",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
        "/%c0%af..%c0%af..%c0%afsecret.txt",
        "/%ff%fe/../secret.txt",
        "http://127.0.0.1/../../../secret.txt",
        "http://127.0.0.1/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "*",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    paths.push(absolute.clone());
    paths.push(format!("/{absolute}"));
    paths.push(absolute.replace('/', "%2f"));
    paths.push(format!("/{}", absolute.replace('/', "%2f")));

    let mut answered = 0;
    for path in &paths {
        for method in ["GET", "HEAD"] {
            for version in ["HTTP/1.1", "HTTP/1.0"] {
                let request = format!(
                    "{method} {path} {version}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                );
                let Some(response) = raw(server.port, request.as_bytes()) else {
                    continue;
                };
                answered += 1;
                let status = response.split_whitespace().nth(1).unwrap_or("");
                for secret in &secrets {
                    assert!(
                        !response.contains(secret.as_str()),
                        "{method} {path} read {secret}:\n{response}"
                    );
                }
                if let Some(line) = &passwd {
                    assert!(
                        !response.contains(line.as_str()),
                        "{method} {path} read /etc/passwd"
                    );
                }
                assert_ne!(status, "200", "{method} {path}:\n{response}");
                assert!(!status.starts_with('5'), "{method} {path}:\n{response}");
            }
        }
    }
    assert!(answered > paths.len(), "the server answered the requests");
    // Raw bytes that are no valid request line at all.
    for request in [
        &b"GET /\x00/../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        &b"GET /../secret.txt\r\n\r\n"[..],
        &b"GET \xff\xfe/../../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n"[..],
    ] {
        if let Some(response) = raw(server.port, request) {
            assert!(
                secrets.iter().all(|s| !response.contains(s.as_str())),
                "{response}"
            );
        }
    }
    // Still serving, and nothing outside the build folder was touched.
    assert!(
        raw(server.port, b"GET / HTTP/1.0\r\n\r\n").is_some_and(|r| r.starts_with("HTTP/1.0 200"))
    );
    assert!(raw(server.port, b"GET /cam-nang/ HTTP/1.0\r\n\r\n").is_some());
    for (i, place) in [
        serve_dir,
        root.join("tmp"),
        root.to_path_buf(),
        root.join("content"),
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(
            std::fs::read_to_string(place.join("secret.txt")).unwrap(),
            secrets[i]
        );
    }
    let log = server.log();
    assert!(!log.contains("panicked"), "{log}");
}

#[cfg(target_os = "linux")]
#[test]
fn serve_listens_on_loopback_unless_bind_is_given() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path(), &[]);
    server.wait_ready();
    assert_eq!(
        listening_addresses(server.port),
        vec!["0100007F".to_owned()],
        "only 127.0.0.1"
    );
    let log = server.log();
    assert!(
        log.contains(&format!("Serving on http://127.0.0.1:{}/", server.port)),
        "{log}"
    );
    assert!(!log.contains("--bind"), "{log}");
    drop(server);

    let server = Server::start(dir.path(), &["--bind", "0.0.0.0"]);
    server.wait_ready();
    assert_eq!(
        listening_addresses(server.port),
        vec!["00000000".to_owned()]
    );
    let log = server.log();
    assert!(
        log.contains("warning: --bind 0.0.0.0: the preview (drafts included) can be read"),
        "{log}"
    );
    drop(server);

    let out = cnht(&[
        "serve",
        "--root",
        dir.path().to_str().unwrap(),
        "--bind",
        "nowhere",
    ]);
    assert_eq!(out.status.code(), Some(2), "clap refuses a bad address");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bind"));
}

/// The inodes the processes' inotify watches are on (from /proc/<pid>/fdinfo).
#[cfg(target_os = "linux")]
/// The preview of `root` once its first build is served, and the inodes it watches then.
fn serving_and_watching(root: &Path) -> (Server, Vec<u64>) {
    let server = Server::start(root, &[]);
    server.wait_ready();
    let watched = watched_inodes(server.child.id());
    assert!(!watched.is_empty(), "the preview watches with inotify");
    (server, watched)
}

fn watched_inodes(pid: u32) -> Vec<u64> {
    let mut found = Vec::new();
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap();
    for fd in fds.flatten() {
        let is_inotify =
            std::fs::read_link(fd.path()).is_ok_and(|t| t.to_string_lossy().contains("inotify"));
        if !is_inotify {
            continue;
        }
        let info = format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy());
        for line in std::fs::read_to_string(info).unwrap_or_default().lines() {
            let ino = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("ino:"))
                .and_then(|h| u64::from_str_radix(h, 16).ok());
            found.extend(ino);
        }
    }
    found
}

/// Asserts that the preview rebuilt `times` times since the first `mark` bytes of its log (for
/// the reason `why`), and returns the whole log.
fn rebuilt_since(server: &Server, mark: usize, times: usize, why: &str) -> String {
    let log = server.log();
    let rebuilds = log[mark..]
        .lines()
        .filter(|l| l.starts_with("rebuilt in"))
        .count();
    assert_eq!(rebuilds, times, "{why}:\n{}", &log[mark..]);
    log
}

/// Symbolic links in `content/` and `themes/` that lead out of the site, or round in a loop, are
/// neither followed nor watched by the preview: nothing changed out there starts a rebuild, and
/// the server starts as usual. A link inside the site is followed as the loader follows it: an
/// edit behind it shows at once.
#[cfg(target_os = "linux")]
#[test]
fn the_watcher_follows_links_only_inside_the_site() {
    use std::os::linux::fs::MetadataExt;
    use std::os::unix::fs::symlink;
    let dir = site(&["hostile-min"]);
    let root = dir.path();
    let record = |name: &str, tax: &str| {
        format!(
            "+++\nname = \"{name}\"\ntax_code = \"{tax}\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"Hà Nội\"\nproducts = [\"Khuôn\"]\n+++\nMẫu.\n"
        )
    };
    // Inside the site, outside the watched folders: a bundle linked into content/.
    let bundle = root.join("shared/bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(bundle.join("index.md"), record("Công ty Gói", "0112345059")).unwrap();
    symlink("../../shared/bundle", root.join("content/enterprises/goi")).unwrap();
    // Outside the site: a folder linked from content/ and from the theme.
    let outside = tempfile::tempdir().unwrap();
    let away = outside.path().join("ngoai");
    std::fs::create_dir_all(&away).unwrap();
    std::fs::write(
        away.join("index.md"),
        record("Công ty Bí Mật", "0112345041"),
    )
    .unwrap();
    symlink(&away, root.join("content/enterprises/ngoai")).unwrap();
    symlink(outside.path(), root.join("themes/cnht/templates/ngoai")).unwrap();
    // Loops: a link to itself, and one back up to the site's root.
    symlink("vong", root.join("content/enterprises/vong")).unwrap();
    symlink("../..", root.join("content/news/len")).unwrap();

    let (server, watched) = serving_and_watching(root);
    for far in [outside.path(), away.as_path()] {
        let ino = std::fs::metadata(far).unwrap().st_ino();
        assert!(
            !watched.contains(&ino),
            "{} is watched through a link out of the site",
            far.display()
        );
    }
    let ino = std::fs::metadata(&bundle).unwrap().st_ino();
    assert!(watched.contains(&ino), "the linked bundle is watched");

    // An edit behind the link inside the site shows, on its page at once and then in the listing.
    let wait = |path: &str, text: &str| {
        server.wait_until(path, Duration::from_secs(120), text, |r| r.contains(text));
    };
    std::fs::write(
        bundle.join("index.md"),
        record("Công ty Gói Mới", "0112345059"),
    )
    .unwrap();
    wait("/doanh-nghiep/goi/", "Công ty Gói Mới");
    wait("/doanh-nghiep/", "Công ty Gói Mới");

    // Changes out of the site start nothing; the next change inside starts one rebuild.
    let mark = server.log().len();
    std::fs::write(
        away.join("index.md"),
        record("Công ty Bí Mật 2", "0112345041"),
    )
    .unwrap();
    std::fs::write(away.join("moi.md"), record("Công ty Mới", "0112345067")).unwrap();
    std::fs::write(outside.path().join("base.html"), "{{ x }}").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let page = root.join("content/enterprises/minh-phat/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Minh Phát", "Minh Phát Mới")).unwrap();
    wait("/doanh-nghiep/", "Minh Phát Mới");
    std::thread::sleep(Duration::from_millis(1000));
    let log = rebuilt_since(
        &server,
        mark,
        1,
        "one rebuild, for the change inside the site",
    );
    assert!(!log.contains("panicked"), "{log}");
}

/// Links in `content/` into what cnht writes itself — the cache the preview's own builds write,
/// the default output `public/`, an output given with `--out` (found by its marker) — are
/// refused as the loader refuses them: never watched, so no build the preview makes (nor a
/// `cnht build` beside it) can start the next one, and the preview names them in its warnings.
#[cfg(target_os = "linux")]
#[test]
fn the_watcher_never_watches_cnhts_own_output_or_cache() {
    use std::os::linux::fs::MetadataExt;
    use std::os::unix::fs::symlink;
    let dir = site(&["hostile-min"]);
    let root = dir.path();
    let own = [".cache/cu", "public/cu", "ban-in/cu"];
    for d in own {
        std::fs::create_dir_all(root.join(d)).unwrap();
        std::fs::write(root.join(d).join("ghi-chu.txt"), "0").unwrap();
    }
    std::fs::write(
        root.join("ban-in").join(cnht::publish::MARKER),
        cnht::publish::MARKER_TEXT,
    )
    .unwrap();
    let e = root.join("content/enterprises");
    symlink("../../.cache/cu", e.join("bo-dem")).unwrap();
    symlink("../../public", e.join("ket-qua")).unwrap();
    symlink("../../ban-in/cu", e.join("ban-in")).unwrap();

    let (server, watched) = serving_and_watching(root);
    for d in [".cache", ".cache/cu", "public", "public/cu", "ban-in/cu"] {
        let ino = std::fs::metadata(root.join(d)).unwrap().st_ino();
        assert!(!watched.contains(&ino), "{d} is watched through a link");
    }
    // What is written there starts no rebuild.
    std::thread::sleep(Duration::from_millis(1000));
    let mark = server.log().len();
    for round in 1..=3 {
        for d in own {
            std::fs::write(root.join(d).join("ghi-chu.txt"), round.to_string()).unwrap();
            std::fs::write(root.join(d).join(format!("moi-{round}.md")), "+++").unwrap();
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let log = rebuilt_since(&server, mark, 0, "no rebuild for what cnht writes itself");
    assert!(
        log.contains("content/enterprises/bo-dem")
            && log.contains("content/enterprises/ket-qua")
            && log.contains("a folder cnht writes itself"),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}
