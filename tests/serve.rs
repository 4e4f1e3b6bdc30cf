//! `cnht serve` end to end, over loopback HTTP: clean URLs and 404, drafts shown, an edit appears
//! without restarting, a content error keeps the last good page online under an error overlay, and
//! the overlay goes away once the file is fixed.

mod common;
use cnht::bench::stop_server;
use common::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server; killed when dropped, also when the test panics.
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
    /// `cnht serve` with its messages in English.
    fn start(root: &Path) -> Server {
        Server::start_in(root, &["--lang", "en"])
    }

    /// `cnht serve` as an editor runs it (the site's language: Vietnamese).
    fn start_as_editor(root: &Path) -> Server {
        Server::start_in(root, &[])
    }

    fn start_in(root: &Path, args: &[&str]) -> Server {
        let port = free_port();
        let log = root.join("serve.log");
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_cnht"))
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(root)
            .args(["--port", &port.to_string()])
            .env("NO_COLOR", "1")
            // The server's temporary build folders go into the test's folder.
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

    fn get(&self, path: &str) -> Option<(u16, String)> {
        get(self.port, path)
    }

    /// Waits until the terminal log holds `needle` (bounded by `timeout`) and returns the log.
    /// What the server serves can be ready a moment before the line that reports it is written.
    fn wait_for_log(&self, needle: &str, timeout: Duration) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            assert!(
                start.elapsed() < timeout,
                "{needle:?} not in the server log within {timeout:?}:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls `path` until `pred` holds (bounded by `timeout`); returns the last body.
    fn wait_for(
        &self,
        path: &str,
        timeout: Duration,
        what: &str,
        pred: impl Fn(u16, &str) -> bool,
    ) -> String {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < timeout {
            if let Some((status, body)) = self.get(path) {
                if pred(status, &body) {
                    return body;
                }
                last = body;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{what}: not seen at {path} within {timeout:?}\n--- last body ---\n{}\n--- server log ---\n{}",
            last.chars().take(3000).collect::<String>(),
            self.log()
        );
    }
}

/// The preview, stopped, left nothing in its temporary directory (`<root>/tmp`, see `start_in`).
fn assert_no_build_folder_left(root: &Path) {
    let left: Vec<_> = std::fs::read_dir(root.join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "temporary folders left behind: {left:?}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 GET on loopback: (status, body), None when the server does not answer.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Some((
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    ))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains(from),
        "{} should contain {from}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_editor_reads_the_preview_in_vietnamese() {
    let dir = site(&["basic"]);
    let file = dir.path().join("content/enterprises/det-ung-hoa.md");
    edit(&file, "tax_code = \"0112345041\"", "tax_code = \"01123\"");
    let server = Server::start_as_editor(dir.path());
    // No good build yet: the page that says so, and the panel with the error, in Vietnamese.
    let body = server.wait_for("/", Duration::from_secs(120), "the error panel", |s, b| {
        s == 500 && b.contains("id=\"cnht-overlay\"")
    });
    assert!(body.contains("<html lang=\"vi\">"), "{body}");
    assert!(body.contains("Chưa có gì để hiển thị"), "{body}");
    assert!(
        body.contains("Nội dung có 1 lỗi — trang này là bản tốt gần nhất."),
        "{body}"
    );
    assert!(body.contains("aria-label=\"Ẩn\""), "{body}");
    assert!(
        body.contains("content/enterprises/det-ung-hoa.md:3:"),
        "{body}"
    );
    assert!(!body.contains("Nothing to show yet") && !body.contains("in the content"));
    let log = server.log();
    assert!(log.contains("Đang phục vụ tại http://127.0.0.1:"), "{log}");
    assert!(
        log.contains("1 lỗi, chưa có gì để phục vụ cho đến khi sửa xong các lỗi"),
        "{log}"
    );
    // Fixed: the rebuild's line is Vietnamese too.
    edit(&file, "tax_code = \"01123\"", "tax_code = \"0112345041\"");
    server.wait_for("/", Duration::from_secs(60), "the fixed site", |s, _| {
        s == 200
    });
    let log = server.wait_for_log("đã dựng lại trong ", Duration::from_secs(60));
    assert!(
        !log.contains("Serving on") && !log.contains("rebuilt in"),
        "{log}"
    );
}

#[test]
fn serve_rebuilds_reloads_and_shows_errors_over_the_last_good_version() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path());
    let page = "/doanh-nghiep/det-ung-hoa/";

    // First build: the page is served with the reload script (and no overlay).
    let body = server.wait_for(page, Duration::from_secs(120), "first build", |s, _| {
        s == 200
    });
    assert!(body.contains("Dệt Ứng Hòa"), "enterprise page");
    assert!(
        body.contains("/__cnht/live.js?v="),
        "reload script injected"
    );
    assert!(
        !body.contains("cnht-overlay"),
        "no overlay while the build is good"
    );
    assert!(
        server.log().contains("Serving on http://127.0.0.1:"),
        "{}",
        server.log()
    );

    // Clean URLs, the redirect to the slash form, the site's 404 page, drafts included.
    let (status, _) = server.get("/doanh-nghiep/det-ung-hoa/index.html").unwrap();
    assert_eq!(status, 200);
    let (status, _) = server.get("/doanh-nghiep/det-ung-hoa").unwrap();
    assert!(
        (300..400).contains(&status),
        "redirect to the slash URL, got {status}"
    );
    let (status, body) = server.get("/khong-co-trang-nay/").unwrap();
    assert_eq!(status, 404);
    assert!(
        body.contains("/__cnht/live.js"),
        "the 404 page is the site's, with the script"
    );
    let (status, _) = server.get("/doanh-nghiep/draft-co/").unwrap();
    assert_eq!(status, 200, "serve shows drafts");
    let (status, css) = server.get("/static/css/site.css").unwrap();
    assert_eq!(status, 200);
    assert!(!css.contains("__cnht"), "only HTML is modified");
    let (status, js) = server.get("/__cnht/live.js").unwrap();
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"));

    // An edit shows up without restarting.
    let file = dir.path().join("content/enterprises/det-ung-hoa.md");
    edit(&file, "Xã Vân Đình", "Thị trấn Vân Đình 42");
    let started = Instant::now();
    server.wait_for(page, Duration::from_secs(10), "the edit", |_, b| {
        b.contains("Thị trấn Vân Đình 42")
    });
    eprintln!("edit visible after {:?}", started.elapsed());

    // A broken tax code: the last good page stays, with the errors laid over it.
    edit(&file, "tax_code = \"0112345041\"", "tax_code = \"01123\"");
    // (A loaded machine may let the server see the file half-written first, and show that
    // error for a moment: wait for the overlay of the saved file.)
    let body = server.wait_for(
        page,
        Duration::from_secs(10),
        "the overlay with file and line",
        |_, b| {
            b.contains("id=\"cnht-overlay\"") && b.contains("content/enterprises/det-ung-hoa.md:3:")
        },
    );
    assert!(body.contains("tax_code"), "the field is named");
    assert!(
        body.contains("Thị trấn Vân Đình 42"),
        "the last good version is still served"
    );
    let (_, home) = server.get("/").unwrap();
    assert!(
        home.contains("id=\"cnht-overlay\""),
        "every page shows the overlay"
    );
    let (status, _) = server.get("/static/css/site.css").unwrap();
    assert_eq!(status, 200, "the server keeps running");
    let log = server.log();
    assert!(
        log.contains("serving the last good version"),
        "terminal line: {log}"
    );

    // Fixed: the overlay goes away and the new content is served.
    edit(&file, "tax_code = \"01123\"", "tax_code = \"0112345041\"");
    edit(&file, "Thị trấn Vân Đình 42", "Thị trấn Vân Đình 43");
    let body = server.wait_for(
        page,
        Duration::from_secs(10),
        "the overlay going away",
        |_, b| !b.contains("cnht-overlay") && b.contains("Vân Đình 43"),
    );
    assert!(body.contains("/__cnht/live.js"));
    // A full rebuild follows the edit.
    server.wait_for_log("rebuilt in ", Duration::from_secs(60));

    // Stopped as Ctrl+C stops it, the preview leaves no build folder behind.
    let mut server = server;
    assert!(
        stop_server(&mut server.child, Duration::from_secs(10)),
        "the server stops on SIGTERM: {}",
        server.log()
    );
    assert_no_build_folder_left(dir.path());
}

/// The basic site and its preview without the print files (only the website is built).
#[cfg(target_os = "linux")]
fn site_preview() -> (tempfile::TempDir, Server) {
    let dir = site(&["basic"]);
    let server = Server::start_in(
        dir.path(),
        &["--lang", "en", "--no-handbook", "--no-sheets"],
    );
    (dir, server)
}

/// Sends `server` the signal `sig` and waits for it to end; its exit status if it did.
#[cfg(target_os = "linux")]
fn signal_and_wait(server: &mut Server, sig: libc::c_int) -> Option<std::process::ExitStatus> {
    // SAFETY: `kill` on the child's own pid; the child is not reaped yet, so the pid is its own.
    unsafe {
        libc::kill(server.child.id() as libc::pid_t, sig);
    }
    let until = Instant::now() + Duration::from_secs(30);
    while Instant::now() < until && matches!(server.child.try_wait(), Ok(None)) {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.child.try_wait().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn closing_the_terminal_stops_the_preview_and_leaves_no_build_folder() {
    let (dir, mut server) = site_preview();
    server.wait_for("/", Duration::from_secs(120), "first build", |s, _| {
        s == 200
    });
    // What the terminal sends its programs when an editor closes its window.
    let status = signal_and_wait(&mut server, libc::SIGHUP);
    assert!(
        status.is_some_and(|s| s.success()),
        "the server stops cleanly on SIGHUP: {status:?}\n{}",
        server.log()
    );
    assert_no_build_folder_left(dir.path());
}

/// Stopped during its first build (before it serves anything: 20 s at 10,000 enterprises), the
/// preview still removes its temporary build folder; the default action of SIGTERM would end it
/// on the spot and leave the folder.
#[cfg(target_os = "linux")]
#[test]
fn stopping_the_preview_during_its_first_build_leaves_no_build_folder() {
    let (dir, mut server) = site_preview();
    // The build folder exists as soon as the preview has started; its first build follows.
    let until = Instant::now() + Duration::from_secs(60);
    let tmp = dir.path().join("tmp");
    while std::fs::read_dir(&tmp).unwrap().next().is_none() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = signal_and_wait(&mut server, libc::SIGTERM).expect("the preview stops");
    let log = server.log();
    // Stopped before serving: the status a shell gives Ctrl+C (130); had the build already
    // finished, a clean stop (0). Never ended by the signal itself.
    let expected = if log.contains("Serving") { 0 } else { 130 };
    assert_eq!(status.code(), Some(expected), "{status:?}\n{log}");
    assert_no_build_folder_left(dir.path());
}

#[test]
fn serve_refuses_a_taken_port_with_a_clear_message() {
    let dir = site(&["basic"]);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let port_arg = port.to_string();
    let args = [
        "serve",
        "--root",
        dir.path().to_str().unwrap(),
        "--port",
        &port_arg,
    ];
    let out = cnht_in(Some("en"), &args);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen"), "{err}");
    assert!(err.contains("try --port"), "{err}");
    let out = cnht_in(None, &args);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "lỗi: không mở được máy chủ tại http://127.0.0.1:{port}/: "
        )),
        "{err}"
    );
    assert!(err.contains("thử --port"), "{err}");
}

#[test]
fn serve_shows_the_edited_page_first_then_rebuilds_the_rest() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path());
    let page = "/doanh-nghiep/det-ung-hoa/";
    server.wait_for(page, Duration::from_secs(120), "first build", |s, _| {
        s == 200
    });

    // A record edit: its own pages (both languages) are re-rendered alone and served at once…
    let file = dir.path().join("content/enterprises/det-ung-hoa.md");
    edit(&file, "Dệt Ứng Hòa\"", "Dệt Vân Đình Mới\"");
    server.wait_for(page, Duration::from_secs(10), "the edited page", |_, b| {
        b.contains("Dệt Vân Đình Mới")
    });
    server.wait_for(
        &format!("/en{page}"),
        Duration::from_secs(10),
        "the edited English page",
        |_, b| b.contains("Dệt Vân Đình Mới"),
    );
    let log = server.log();
    assert!(
        log.contains("updated in ")
            && log.contains("(content/enterprises/det-ung-hoa.md)")
            && log.contains("/en/doanh-nghiep/det-ung-hoa/"),
        "the pages of the record were re-rendered alone: {log}"
    );
    // …the clean-URL forms of the page serve the same text…
    let (status, body) = server.get("/doanh-nghiep/det-ung-hoa/index.html").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Dệt Vân Đình Mới"));
    // …and the full rebuild that follows brings the listings up to date.
    let listing = server.wait_for(
        "/quan-huyen/ung-hoa/",
        Duration::from_secs(60),
        "the district listing after the full rebuild",
        |_, b| b.contains("Dệt Vân Đình Mới"),
    );
    assert!(listing.contains("/__cnht/live.js"));
    server.wait_for_log("rebuilt in ", Duration::from_secs(60));

    // A template change has no fast path: the whole site is rebuilt with it.
    let template = dir.path().join("themes/cnht/templates/enterprise.html");
    let text = std::fs::read_to_string(&template).unwrap();
    let at = text
        .rfind("{% endblock")
        .expect("a block in enterprise.html");
    let mut changed = text.clone();
    changed.insert_str(at, "<p id=\"template-marker\">mẫu mới</p>");
    std::fs::write(&template, changed).unwrap();
    server.wait_for(
        page,
        Duration::from_secs(60),
        "the template change",
        |_, b| b.contains("template-marker") && b.contains("Dệt Vân Đình Mới"),
    );

    // After it, record edits take the fast path again, with the new template.
    edit(&file, "Dệt Vân Đình Mới\"", "Dệt Vân Đình Thứ Ba\"");
    let body = server.wait_for(page, Duration::from_secs(10), "the second edit", |_, b| {
        b.contains("Dệt Vân Đình Thứ Ba")
    });
    assert!(body.contains("template-marker"), "the new template is used");
    assert_eq!(
        server.log().matches("updated in ").count(),
        2,
        "{}",
        server.log()
    );
}

#[test]
fn serve_makes_the_capability_sheets_in_the_background_and_serves_them() {
    let dir = site(&["basic"]);
    let server = Server::start(dir.path());
    for path in [
        "/doanh-nghiep/an-phat/ho-so-nang-luc.pdf",
        "/en/doanh-nghiep/an-phat/ho-so-nang-luc.pdf",
    ] {
        server.wait_for(
            path,
            Duration::from_secs(240),
            "the capability sheet",
            |s, body| s == 200 && body.starts_with("%PDF-"),
        );
    }
    // The enterprise page links them.
    let (_, page) = server.get("/en/doanh-nghiep/an-phat/").unwrap();
    assert!(page.contains("/en/doanh-nghiep/an-phat/ho-so-nang-luc.pdf"));
    // A path that is not a sheet is not taken from the print folder.
    let (status, _) = server.get("/doanh-nghiep/an-phat/khac.pdf").unwrap();
    assert_eq!(status, 404);
}

#[test]
fn serve_can_leave_the_handbook_or_the_sheets_out() {
    let dir = site(&["basic"]);
    // Without the handbook: the capability sheets are still made and served.
    let server = Server::start_in(dir.path(), &["--lang", "en", "--no-handbook"]);
    server.wait_for(
        "/doanh-nghiep/an-phat/ho-so-nang-luc.pdf",
        Duration::from_secs(240),
        "the capability sheet",
        |s, body| s == 200 && body.starts_with("%PDF-"),
    );
    // The website's handbook page is there, and names the PDF it offers.
    let page = server.wait_for("/cam-nang/", Duration::from_secs(60), "the page", |s, _| {
        s == 200
    });
    let pdf = page
        .split('"')
        .find(|s| s.starts_with("/cam-nang/") && s.ends_with(".pdf"))
        .unwrap_or_else(|| panic!("the handbook page links its PDF:\n{page}"))
        .to_owned();
    let (status, body) = server.get(&pdf).unwrap();
    assert_eq!(status, 404, "{body}");
    assert!(
        body.contains("does not typeset the handbook") && body.contains("--no-handbook"),
        "{body}"
    );
    // The sheet is served as soon as it is published; the line reporting it follows.
    let log = server.wait_for_log("capability sheets rebuilt in", Duration::from_secs(60));
    assert!(
        log.contains("The preview does not typeset the handbook and the exhibitor catalogues (--no-handbook)."),
        "{log}"
    );
    assert!(!log.contains("handbook rebuilt"), "{log}");
    drop(server);

    // Without either, as an editor runs it: nothing is typeset, and a sheet says why it is not
    // there, in Vietnamese.
    let server = Server::start_in(dir.path(), &["--no-handbook", "--no-sheets"]);
    server.wait_for("/", Duration::from_secs(60), "the home page", |s, _| {
        s == 200
    });
    let (status, body) = server
        .get("/doanh-nghiep/an-phat/ho-so-nang-luc.pdf")
        .unwrap();
    assert_eq!(status, 404, "{body}");
    assert!(
        body.contains("không dàn trang hồ sơ năng lực") && body.contains("--no-sheets"),
        "{body}"
    );
    assert!(
        server.log().contains(
            "Bản xem trước không dàn trang cẩm nang, danh mục đơn vị tham gia và hồ sơ năng lực \
             (--no-handbook --no-sheets)."
        ),
        "{}",
        server.log()
    );
}

/// The preview's print build (`cnht serve` runs it with `handbook_limit`) leaves the handbook of a
/// site above the limit out, says how large the site is, and still makes the capability sheets;
/// at the limit the book is typeset.
#[test]
fn the_preview_leaves_the_handbook_of_a_large_site_out() {
    let dir = site(&["basic"]);
    let build = |limit: usize, out: &str| {
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.out = dir.path().join(out);
        opts.site = false;
        opts.compress = false;
        opts.handbook_limit = Some(limit);
        cnht::build(&opts).unwrap_or_else(|r| panic!("build failed:\n{}", r.render(false)))
    };
    let pdfs = |out: &str| {
        std::fs::read_dir(dir.path().join(out).join("cam-nang"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                    .count()
            })
            .unwrap_or(0)
    };
    let above = build(3, "above");
    assert_eq!(above.enterprises, 4);
    assert_eq!(above.handbook_left_out, Some(4));
    assert!(above.handbook.is_none());
    assert_eq!(pdfs("above"), 0, "no handbook PDF");
    assert_eq!(above.sheets.expect("the sheets are made").sheets, 8);

    let at = build(4, "at");
    assert_eq!(at.handbook_left_out, None);
    assert!(
        at.handbook.is_some(),
        "at the limit the handbook is typeset"
    );
    assert!(pdfs("at") >= 2, "the screen and print PDFs");
}
