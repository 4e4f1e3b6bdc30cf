//! The exhibitor catalogue of an event (issue 15): an A5 print file through the handbook's print
//! path — its text read back with pdftotext (names, booths, the indexes' pages), the same PDF/X-4
//! assertions as the handbook's print files, A5 trim with bleed, whole sheets, and the preflight.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PT_PER_MM: f64 = 72.0 / 25.4;

fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| built_site(&["basic", "events"], true))
        .path()
}

fn catalogue() -> PathBuf {
    built().join("public/cam-nang/hoi-cho-2020-danh-muc-in-an.pdf")
}

#[test]
fn the_catalogue_lists_every_exhibitor_at_its_booth_with_indexes() {
    let pages: Vec<String> = {
        let out = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(catalogue())
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\u{c}')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let all = pages.join(" ");
    assert!(
        pages[0].contains("Hội chợ công nghiệp hỗ trợ thử nghiệm 2020"),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("28/10/2020 – 29/10/2020") && pages[0].contains("DỮ LIỆU MẪU"));
    for want in [
        "A01 Công ty TNHH Dệt Ứng Hòa",
        "A02 Công ty Cổ phần Điện tử Dương",
        "B01 Công ty TNHH Ăn Phát",
        "B02 Công ty TNHH Linh kiện Sakura",
        "Dập kim loại",
        "https://example.test/doanh-nghiep/an-phat/",
        "Nhật Bản",
    ] {
        assert!(all.contains(want), "the catalogue lacks {want:?}:\n{all}");
    }
    // The entries come in the order of the hall plan.
    let at = |s: &str| all.find(s).unwrap();
    assert!(at("A01 Công ty") < at("A02 Công ty") && at("A02 Công ty") < at("B01 Công ty"));
    // The indexes give booth and page; the page is where the entry is.
    let index = pages
        .iter()
        .position(|p| p.contains("Chỉ mục"))
        .expect("an index page");
    let entry_page = pages
        .iter()
        .position(|p| p.contains("B01 Công ty TNHH Ăn Phát"))
        .unwrap()
        + 1;
    for heading in ["Theo lĩnh vực", "Theo nhóm sản phẩm", "Theo quốc gia"] {
        assert!(pages[index].contains(heading), "{}", pages[index]);
    }
    assert!(
        pages[index].contains(&format!("gian B01 · tr. {entry_page}")),
        "{}",
        pages[index]
    );
    assert!(pages[index].contains("Linh kiện, phụ tùng Công ty TNHH Ăn Phát"));
    // The dot leaders are the handbook's, drawn: what a reader copies is the name and the booth.
    assert!(!pages[index].contains("...."), "{}", pages[index]);
}

#[test]
fn the_catalogue_is_an_a5_pdfx4_file_in_whole_sheets_that_passes_preflight() {
    let pdf = catalogue();
    use cnht::model::print::{DEFAULT_OUTPUT_CONDITION_IDENTIFIER, DEFAULT_OUTPUT_PROFILE};
    let profile = std::fs::read(repo().join(DEFAULT_OUTPUT_PROFILE)).unwrap();
    let title = assert_pdfx4(&pdf, DEFAULT_OUTPUT_CONDITION_IDENTIFIER, &profile);
    assert_eq!(title, "Hội chợ công nghiệp hỗ trợ thử nghiệm 2020");

    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len() % 4, 0, "saddle stitch: whole sheets");
    for (_, page) in pages {
        let trim = cnht::handbook::pdf::page_box(&doc, page, b"TrimBox")
            .unwrap()
            .unwrap();
        let bleed = cnht::handbook::pdf::page_box(&doc, page, b"BleedBox")
            .unwrap()
            .unwrap();
        let mm = |v: f64| v / PT_PER_MM;
        assert!((mm(trim[2] - trim[0]) - 148.0).abs() < 0.05, "{trim:?}");
        assert!((mm(trim[3] - trim[1]) - 210.0).abs() < 0.05, "{trim:?}");
        assert!((mm(trim[0] - bleed[0]) - 3.0).abs() < 0.05, "{bleed:?}");
        assert!(doc
            .get_page_annotations(page)
            .unwrap_or_default()
            .is_empty());
    }
    let report = cnht::handbook::preflight::run(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(
        report.problems(300.0).is_empty(),
        "{:?}",
        report.problems(300.0)
    );
    // The print shop gets the preflight's report beside the file, as for the handbook.
    let written = read(
        built(),
        "public/cam-nang/hoi-cho-2020-danh-muc-in-an-preflight.txt",
    );
    assert_eq!(
        written,
        report.text("hoi-cho-2020-danh-muc-in-an.pdf", 300.0)
    );
    has_line(
        &written,
        &["Kiểm tra trước in (Preflight): hoi-cho-2020-danh-muc-in-an.pdf"],
    );
    has_line(&written, &["Kết quả (Result): đạt (passes)"]);
}

#[test]
fn the_event_page_links_the_catalogue() {
    let public = built().join("public");
    for page in [
        "su-kien/hoi-cho-2020/index.html",
        "en/su-kien/hoi-cho-2020/index.html",
    ] {
        let html = read(&public, page);
        assert!(
            html.contains("href=\"/cam-nang/hoi-cho-2020-danh-muc-in-an.pdf\""),
            "{page}"
        );
    }
    assert!(catalogue().is_file());
}

#[test]
fn cnht_handbook_names_the_catalogues_preflight_report_and_prints_it_when_asked() {
    let fixture = site(&["basic", "events"]);
    let public = tempfile::tempdir().unwrap();
    let root = fixture.path().to_str().unwrap();
    let dir = public.path().to_str().unwrap();
    let run = cnht(&["handbook", "--root", root, "--out", dir, "--preflight"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}\n{}", err(&run));
    let report = public
        .path()
        .join("cam-nang/hoi-cho-2020-danh-muc-in-an-preflight.txt");
    has_line(
        &stdout,
        &[
            "Exhibitor catalogue:",
            "passes preflight",
            &format!("(preflight report: {})", report.display()),
        ],
    );
    has_line(
        &stdout,
        &["Kiểm tra trước in (Preflight): hoi-cho-2020-danh-muc-in-an.pdf"],
    );
    let said_vi = cnht_in(Some("vi"), &["handbook", "--root", root, "--out", dir]);
    has_line(
        &out(&said_vi),
        &["Danh mục đơn vị tham gia:", "(báo cáo kiểm tra: "],
    );
}
