//! `cnht new`: the file lands in the right folder with the right name, every field of its kind is
//! there, existing files are never overwritten, and the result passes `cnht check` once the
//! required placeholders are filled in.

mod common;
use common::*;
use std::path::Path;

fn new(root: &Path, kind: &str, title: &str) -> std::process::Output {
    cnht(&["new", kind, title, "--root", root.to_str().unwrap()])
}

fn check(root: &Path) -> (bool, String) {
    let out = cnht(&["check", "--root", root.to_str().unwrap()]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn each_kind_goes_to_its_folder_with_a_folded_slug() {
    let site = site(&["basic"]);
    let root = site.path();
    for (kind, title, path) in [
        (
            "enterprise",
            "Công ty TNHH Cơ khí Minh Phát",
            "content/enterprises/co-khi-minh-phat.md",
        ),
        (
            "policy",
            "Quyết định 68/QĐ-TTg về Chương trình phát triển công nghiệp hỗ trợ",
            "content/policies/quyet-dinh-68-qd-ttg-ve-chuong-trinh-phat-trien-cong-nghiep-ho-tro.md",
        ),
        (
            "news",
            "Hội chợ Công nghiệp hỗ trợ 2021",
            "content/news/hoi-cho-cong-nghiep-ho-tro-2021.md",
        ),
        (
            "market",
            "Giá thép tháng 6",
            "content/market/gia-thep-thang-6.md",
        ),
        ("page", "Liên hệ", "content/pages/lien-he.md"),
    ] {
        let out = new(root, kind, title);
        assert!(out.status.success(), "{kind}: {out:?}");
        let said = stdout(&out);
        assert!(said.contains(path), "{kind}: {said}");
        assert!(said.contains("cnht check"), "{kind}: {said}");
        let text = read(root, path);
        assert!(text.starts_with("+++\n"), "{text}");
        assert!(text.contains(&format!("{title:?}")), "title kept: {text}");
    }
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        read(root, "content/news/hoi-cho-cong-nghiep-ho-tro-2021.md")
            .contains(&format!("\ndate = {today}"))
    );
    assert!(read(root, "content/market/gia-thep-thang-6.md").contains(&format!("\ndate = {today}")));
    let policy = read(
        root,
        "content/policies/quyet-dinh-68-qd-ttg-ve-chuong-trinh-phat-trien-cong-nghiep-ho-tro.md",
    );
    assert!(policy.contains(&format!("\nissued = {today}")));
    assert!(
        policy.contains("\nkind = \"Quyết định\""),
        "kind from the title: {policy}"
    );
}

#[test]
fn news_market_and_pages_pass_check_as_written() {
    let site = site(&["basic"]);
    let root = site.path();
    assert!(new(root, "news", "Khai mạc hội chợ").status.success());
    assert!(new(root, "market", "Ghi chú thị trường mới")
        .status
        .success());
    assert!(new(root, "page", "Liên hệ").status.success());
    let (ok, report) = check(root);
    assert!(
        ok,
        "a fresh news/market/page file must pass check:\n{report}"
    );
}

#[test]
fn an_enterprise_fails_only_on_its_placeholders_until_filled() {
    let site = site(&["basic"]);
    let root = site.path();
    assert!(new(root, "enterprise", "Công ty TNHH Cơ khí Minh Phát")
        .status
        .success());
    let (ok, report) = check(root);
    assert!(!ok);
    let file = "content/enterprises/co-khi-minh-phat.md";
    for field in ["tax_code", "sector", "district", "address", "products"] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(&format!("error: {field}:"))),
            "{field} named in:\n{report}"
        );
    }
    assert!(report.contains("5 errors"), "{report}");
    assert_eq!(report.matches(&format!("┌─ {file}")).count(), 5, "{report}");
    assert_eq!(
        report.matches("┌─ ").count(),
        report.matches(&format!("┌─ {file}")).count(),
        "every error is in the new file:\n{report}"
    );

    let text = read(root, file)
        .replace("tax_code = \"\"", "tax_code = \"0108880014\"")
        .replace("sector = \"\"", "sector = \"linh-kien-phu-tung\"")
        .replace("district = \"\"", "district = \"dong-anh\"")
        .replace("address = \"\"", "address = \"Lô 12, KCN Thăng Long\"")
        .replace("products = []", "products = [\"Khuôn dập\"]");
    std::fs::write(root.join(file), text).unwrap();
    let (ok, report) = check(root);
    assert!(ok, "filled-in scaffold must pass:\n{report}");
}

#[test]
fn a_policy_fails_only_on_its_placeholders() {
    let site = site(&["basic"]);
    let root = site.path();
    assert!(new(root, "policy", "Nghị quyết về hỗ trợ doanh nghiệp")
        .status
        .success());
    let (ok, report) = check(root);
    assert!(!ok);
    assert!(report.contains("error: number:"), "{report}");
    assert!(report.contains("error: issuer:"), "{report}");
    assert!(report.contains("2 errors"), "{report}");
}

#[test]
fn every_optional_field_is_a_known_field() {
    let site = site(&["basic"]);
    let root = site.path();
    for (kind, title) in [
        ("enterprise", "Công ty Cổ phần Nhựa Sao Mai"),
        ("policy", "Luật Đầu tư"),
        ("news", "Tin mới"),
        ("market", "Thị trường mới"),
        ("page", "Trang mới"),
        ("event", "Sự kiện mới"),
    ] {
        let out = new(root, kind, title);
        assert!(out.status.success());
        let path = stdout(&out)
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("Created ")
            .to_owned();
        // Uncomment every optional field (and an event's example `[[exhibitors]]` tables).
        let text: String = read(root, &path)
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest.starts_with("[[") => {
                    format!("{rest}\n")
                }
                _ => format!("{l}\n"),
            })
            .collect();
        std::fs::write(root.join(&path), text).unwrap();
    }
    let (_, report) = check(root);
    assert!(!report.contains("unknown field"), "{report}");
    assert!(!report.contains("not valid TOML"), "{report}");
}

#[test]
fn existing_files_and_bundles_are_never_overwritten() {
    let site = site(&["basic"]);
    let root = site.path();
    let before = snapshot(root);
    for (kind, title, existing) in [
        ("news", "Hội chợ 2020", "content/news/hoi-cho-2020.md"),
        (
            "enterprise",
            "Công ty TNHH Ăn Phát",
            "content/enterprises/an-phat/index.md",
        ),
        ("page", "Giới thiệu", "content/pages/gioi-thieu.md"),
    ] {
        let out = new(root, kind, title);
        assert_eq!(out.status.code(), Some(1), "{kind}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(existing) && err.contains("already exists"),
            "{err}"
        );
    }
    assert_eq!(before, snapshot(root), "nothing may change");
}

#[test]
fn an_editor_reads_what_new_did_in_vietnamese() {
    let site = site(&["basic"]);
    let root = site.path().to_str().unwrap();
    let out = cnht_as_editor(&["new", "enterprise", "Công ty TNHH Hoa Sen", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Đã tạo content/enterprises/hoa-sen.md\n\
         Tiếp theo: mở tệp, điền các trường có ghi BẮT BUỘC rồi chạy `cnht check`.\n"
    );
    let out = cnht_as_editor(&["new", "enterprise", "Công ty TNHH Hoa Sen", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lỗi: content/enterprises/hoa-sen.md đã có: không ghi gì cả. Mở tệp đó để sửa, hoặc đặt một tiêu đề khác\n"
    );
    let out = cnht(&["new", "news", "Tin mới", "--root", root]);
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("Created content/news/tin-moi.md\nNext: edit it"));
}

const EVENT: &str = "Phiên kết nối giao thương với doanh nghiệp Nhật Bản 2021";
const EVENT_FILE: &str =
    "content/events/phien-ket-noi-giao-thuong-voi-doanh-nghiep-nhat-ban-2021.toml";

/// The event file with its first example exhibitor (the one of the directory) uncommented.
fn with_first_exhibitor(text: &str) -> String {
    let mut out = String::new();
    let mut state = 0; // 0: before the example, 1: in it, 2: after it
    for l in text.lines() {
        if state == 0 && l.starts_with("# [[exhibitors]]") {
            state = 1;
        } else if state == 1 && l.is_empty() {
            state = 2;
        }
        match (state, l.strip_prefix("# ")) {
            (1, Some(rest)) => out.push_str(rest),
            _ => out.push_str(l),
        }
        out.push('\n');
    }
    out
}

#[test]
fn an_event_is_a_toml_file_that_fails_only_on_its_venue_until_filled() {
    let site = site(&["basic"]);
    let root = site.path();
    let out = new(root, "event", EVENT);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out),
        format!(
            "Created {EVENT_FILE}\n\
             Next: edit it — fill in the fields marked BẮT BUỘC (required) — then run `cnht check`.\n"
        )
    );
    let text = read(root, EVENT_FILE);
    assert!(
        !text.contains("+++"),
        "an event has no front matter:\n{text}"
    );
    assert!(text.contains(&format!("\nname = {EVENT:?}")), "{text}");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    assert!(text.contains(&format!("\nstarts = {today} ")), "{text}");

    // As written, the only thing missing is the venue, said in the new file.
    let (ok, report) = check(root);
    assert!(!ok, "{report}");
    assert!(
        report.lines().any(|l| l.starts_with("error: venue:")),
        "{report}"
    );
    assert!(report.contains("1 error"), "{report}");
    assert_eq!(
        report.matches(&format!("┌─ {EVENT_FILE}")).count(),
        1,
        "{report}"
    );
    assert_eq!(report.matches("┌─ ").count(), 1, "{report}");

    // Filled in, with a hall plan and the example exhibitor of the directory (An Phát of the
    // fixture), it passes and its page lists the exhibitor at its booth.
    let filled = with_first_exhibitor(&text)
        .replace("venue = \"\"", "venue = \"Cung Văn hóa Hữu nghị, Hà Nội\"")
        .replace("booths = []", "booths = [\"A01\", \"A02\"]")
        .replace("tax_code = \"0100233488\"", "tax_code = \"0112345027\"");
    assert!(filled.contains("\n[[exhibitors]]"), "{filled}");
    std::fs::write(root.join(EVENT_FILE), filled).unwrap();
    let (ok, report) = check(root);
    assert!(ok, "a filled-in event must pass:\n{report}");
    let mut opts = cnht::BuildOptions::new(root);
    opts.handbook = false;
    opts.compress = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("build failed:\n{}", report.render(false));
    }
    let page = html_text(&read(
        &root.join("public"),
        "su-kien/phien-ket-noi-giao-thuong-voi-doanh-nghiep-nhat-ban-2021/index.html",
    ));
    for want in [
        EVENT,
        "Cung Văn hóa Hữu nghị, Hà Nội",
        "A01 Công ty TNHH Ăn Phát",
    ] {
        assert!(page.contains(want), "lacks {want:?}: {page}");
    }
}

#[test]
fn a_second_event_with_the_same_name_is_refused_in_both_languages() {
    let site = site(&["basic", "events"]);
    let root = site.path();
    let dir = root.to_str().unwrap();
    let out = cnht_as_editor(&["new", "event", EVENT, "--root", dir]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&out),
        format!(
            "Đã tạo {EVENT_FILE}\n\
             Tiếp theo: mở tệp, điền các trường có ghi BẮT BUỘC rồi chạy `cnht check`.\n"
        )
    );
    let before = snapshot(root);
    let out = cnht_as_editor(&["new", "event", EVENT, "--root", dir]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "lỗi: {EVENT_FILE} đã có: không ghi gì cả. Mở tệp đó để sửa, hoặc đặt một tiêu đề khác\n"
        )
    );
    // The same title in other letters makes the same file name: refused too, in English.
    let out = new(
        root,
        "event",
        "PHIÊN KẾT NỐI GIAO THƯƠNG VỚI DOANH NGHIỆP NHẬT BẢN 2021",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: {EVENT_FILE} already exists: nothing was written. Open it to edit it, or give another title\n"
        )
    );
    // The fixture's own event is refused the same way.
    let out = new(root, "event", "Hội chợ 2020");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("content/events/hoi-cho-2020.toml already exists"),
        "{out:?}"
    );
    assert_eq!(before, snapshot(root), "nothing may change");
}

#[test]
fn the_help_of_new_names_events_in_both_languages() {
    let vi = stdout(&cnht_as_editor(&["new", "--help"]));
    assert!(vi.contains("event (sự kiện"), "{vi}");
    let en = stdout(&cnht(&["new", "--help"]));
    assert!(
        en.contains("event") && en.contains("matching session"),
        "{en}"
    );
    assert!(!en.contains("sự kiện"), "{en}");
}
