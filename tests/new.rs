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
    ] {
        let out = new(root, kind, title);
        assert!(out.status.success());
        let path = stdout(&out)
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("Created ")
            .to_owned();
        // Uncomment every optional field.
        let text: String = read(root, &path)
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") => format!("{rest}\n"),
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
