//! Events (issue 15): the event file's errors are `check` errors with file, line and field; the
//! event page lists every exhibitor with its booth, in both languages.

mod common;

use common::*;
use std::path::Path;
use std::sync::OnceLock;

fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| built_site(&["basic", "events"], false))
        .path()
}

#[test]
fn the_event_page_lists_the_exhibitors_by_booth_in_both_languages() {
    let public = built().join("public");
    let vi = read(&public, "su-kien/hoi-cho-2020/index.html");
    let words = html_text(&vi);
    for want in [
        "Hội chợ công nghiệp hỗ trợ thử nghiệm 2020",
        "A01 Công ty TNHH Dệt Ứng Hòa",
        "A02 Công ty Cổ phần Điện tử Dương",
        "B01 Công ty TNHH Ăn Phát",
        "B02 Công ty TNHH Linh kiện Sakura Nhật Bản",
        "4 đơn vị tham gia · 5 gian hàng",
        "Dữ liệu mẫu",
    ] {
        assert!(words.contains(want), "lacks {want:?}: {words}");
    }
    // Directory exhibitors link to their pages; the guest has none.
    assert!(vi.contains("href=\"/doanh-nghiep/an-phat/\""));
    assert!(
        !vi.contains("Sakura Parts"),
        "the Vietnamese page names the guest in Vietnamese"
    );

    let en = html_text(&read(&public, "en/su-kien/hoi-cho-2020/index.html"));
    for want in [
        "Test Supporting Industry Fair 2020",
        "B01 An Phat Co., Ltd.",
        "B02 Sakura Parts Co., Ltd. Japan Components and spare parts Gears",
        "28 October 2020 – 29 October 2020 · Hanoi",
        "4 exhibitors · 5 booths in the hall plan",
    ] {
        assert!(en.contains(want), "lacks {want:?}: {en}");
    }
    let list = html_text(&read(&public, "en/su-kien/index.html"));
    assert!(list.contains("Test Supporting Industry Fair 2020") && list.contains("4 exhibitors"));
    // Every page's footer leads to the events; the handbook page lists the catalogues.
    assert!(read(&public, "index.html").contains("href=\"/su-kien/\""));
    assert!(read(&public, "en/index.html").contains("href=\"/en/su-kien/\""));
    let handbook = read(&public, "cam-nang/index.html");
    assert!(handbook.contains("href=\"/cam-nang/hoi-cho-2020-danh-muc.pdf\""));
    assert!(handbook.contains("href=\"/cam-nang/hoi-cho-2020-danh-muc-in-an.pdf\""));
    // The sample hall plan is one of the samples of the sources page.
    let sources = html_text(&read(&public, "en/nguon-va-kiem-chung/index.html"));
    assert!(
        sources.contains("Event: hall plan and exhibitor list"),
        "{sources}"
    );
}

#[test]
fn errors_in_an_event_file_name_the_file_line_and_field() {
    let dir = site(&["basic", "events-broken"]);
    let report = cnht::check(dir.path(), false);
    let file = Path::new("content/events/hoi-cho-loi.toml");
    let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
    let found = |field: &str, message: &str| -> (usize, Option<String>) {
        let d = report
            .diagnostics
            .iter()
            .find(|d| {
                d.file == file && d.field.as_deref() == Some(field) && d.message.contains(message)
            })
            .unwrap_or_else(|| panic!("no {field} error {message:?}: {}", report.render(false)));
        let span = d.span.clone().expect("the error has a place");
        (text[..span.start].lines().count(), d.hint.clone())
    };
    assert_eq!(found("ends", "ends before it starts").0, 3);
    let (line, hint) = found("exhibitors.tax_code", "`0112345072`");
    assert_eq!(line, 9);
    assert!(hint
        .unwrap()
        .contains("did you mean `0112345027` (Công ty TNHH Ăn Phát)"));
    let (line, _) = found(
        "exhibitors.booth",
        "booth `A01` already has an exhibitor (line 8)",
    );
    assert_eq!(line, 12);
    let (line, hint) = found("exhibitors.booth", "booth `B10` is not in the hall plan");
    assert_eq!(line, 16);
    assert!(hint.unwrap().contains("A01, A02, B01"));
    assert_eq!(
        found("exhibitors[4].country", "not written for an enterprise").0,
        22
    );
    let (line, hint) = found("exhibitors.country", "`Nhật` is not a known country");
    assert_eq!(line, 27);
    assert!(hint.unwrap().contains("`JP`"));
    assert_eq!(
        found("exhibitors[5].sector", "`linh-kien` is not a sector").0,
        28
    );
    assert_eq!(report.diagnostics.len(), 7, "{}", report.render(false));
    // Said in Vietnamese too, from the message catalogue.
    let vi: Vec<&str> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.vi.as_ref().map(|s| s.message.as_str()))
        .collect();
    for want in [
        "gian hàng `A01` đã có đơn vị khác (dòng 8)",
        "gian hàng `B10` không có trong sơ đồ",
        "không có doanh nghiệp nào trong danh bạ mang mã số thuế `0112345072`",
        "ngày kết thúc sớm hơn ngày bắt đầu",
    ] {
        assert!(vi.iter().any(|m| m.contains(want)), "{want:?} in {vi:#?}");
    }

    // The command says it too, and builds nothing.
    let out = cnht(&["check", "--root", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/events/hoi-cho-loi.toml:16:9"),
        "{stderr}"
    );
}

#[test]
fn a_draft_enterprise_cannot_exhibit() {
    let dir = site(&["basic", "events"]);
    let file = dir.path().join("content/events/hoi-cho-2020.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"0112345041\"", "\"0112345066\"");
    std::fs::write(&file, text).unwrap();
    let report = cnht::check(dir.path(), false);
    assert!(report.has_errors());
    assert!(report.diagnostics.iter().any(|d| d
        .message
        .contains("no enterprise of the directory has the tax code `0112345066`")));
    // With drafts published, the draft enterprise is in the directory.
    assert!(!cnht::check(dir.path(), true).has_errors());
}
