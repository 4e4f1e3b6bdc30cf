//! The exhibitor catalogue of an event (issue 15): an A5 print file through the handbook's print
//! path — its text read back with pdftotext (names, booths, the indexes' pages), the same PDF/X-4
//! assertions as the handbook's print files, A5 trim with bleed, whole sheets, and the preflight —
//! and the screen file the website offers visitors (PDF/A-2b, A5 without bleed or marks, RGB,
//! links).

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

fn screen_catalogue() -> PathBuf {
    built().join("public/cam-nang/hoi-cho-2020-danh-muc.pdf")
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
    // Visitors from abroad read it too: the cover, the labels' legend, the names of sectors,
    // processes, countries and index headings in English beside the Vietnamese; a country whose
    // English name differs only by its marks ("Viet Nam") is not repeated.
    for want in [
        "Exhibitor catalogue",
        "Lĩnh vực Sector",
        "Công nghệ Processes",
        "DỮ LIỆU MẪU · SAMPLE",
        "Linh kiện, phụ tùng · Components and spare parts",
        "Stamping",
        "Nhật Bản · Japan",
        "Theo quốc gia · By country",
    ] {
        assert!(all.contains(want), "the catalogue lacks {want:?}:\n{all}");
    }
    assert!(!all.contains("Viet Nam"), "{all}");
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
    assert!(pages[index]
        .contains("Linh kiện, phụ tùng · Components and spare parts Công ty TNHH Ăn Phát"));
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
fn the_screen_catalogue_has_the_same_pages_at_trim_size_in_rgb_with_links() {
    let screen = screen_catalogue();
    let doc = lopdf::Document::load(&screen).unwrap();
    let pages = doc.get_pages();
    let print_pages = lopdf::Document::load(catalogue())
        .unwrap()
        .get_pages()
        .len();
    // The pages as typeset; the print file adds only the blank pages a whole sheet needs.
    assert!(!pages.is_empty() && pages.len() <= print_pages && print_pages - pages.len() < 4);
    let mut links = 0;
    for (n, page) in &pages {
        let media = cnht::handbook::pdf::page_box(&doc, *page, b"MediaBox")
            .unwrap()
            .unwrap();
        let mm = |v: f64| v / PT_PER_MM;
        assert!(
            (mm(media[2] - media[0]) - 148.0).abs() < 0.05
                && (mm(media[3] - media[1]) - 210.0).abs() < 0.05,
            "screen page {n}: {media:?}, not A5 at trim size"
        );
        links += doc.get_page_annotations(*page).unwrap_or_default().len();
    }
    assert!(links > 0, "the web addresses and the index lines are links");
    assert_pdfa2b(&screen);
    // No CMYK: the print file's inks are converted for screens.
    let (print_ops, screen_ops) = (colour_operators(&catalogue()), colour_operators(&screen));
    assert!(
        print_ops.contains("k"),
        "the print file sets CMYK: {print_ops:?}"
    );
    assert!(
        !screen_ops.contains("k") && !screen_ops.contains("K"),
        "the screen file sets no CMYK: {screen_ops:?}"
    );
    let spaces = colour_space_components(&screen);
    assert!(
        !spaces.is_empty() && spaces.iter().all(|&n| n == 3),
        "the screen file's colour spaces are RGB: {spaces:?} components"
    );
    // The same text as the print file.
    let words = pdf_words(&screen);
    for want in ["Công ty TNHH Ăn Phát", "gian B01 · tr. 3", "DỮ LIỆU MẪU"] {
        assert!(
            words.contains(want),
            "the screen file lacks {want:?}: {words}"
        );
    }
}

#[test]
fn a_listed_exhibitors_logo_is_printed_with_its_entry() {
    // Ăn Phát (booth B01) has a 600 × 600 px logo in the directory; Sakura (B02) is a guest.
    let images = |pdf: &Path| -> Vec<Vec<String>> {
        let out = std::process::Command::new("pdfimages")
            .arg("-list")
            .arg(pdf)
            .output()
            .expect("pdfimages (poppler-utils) is installed");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .collect()
    };
    let entry_page = |pdf: &Path| {
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\u{c}')
            .position(|p| p.contains("Công ty TNHH Ăn Phát") && p.contains("Điện thoại"))
            .expect("Ăn Phát's entry")
            + 1
    };
    for (pdf, colour) in [(catalogue(), "cmyk"), (screen_catalogue(), "icc")] {
        let list = images(&pdf);
        assert_eq!(list.len(), 1, "one logo in {}: {list:?}", pdf.display());
        let logo = &list[0];
        // page, num, type, width, height, color, comp, bpc, enc, interp, object, ID, x-ppi
        assert_eq!(
            logo[0],
            entry_page(&pdf).to_string(),
            "on the entry's page: {logo:?}"
        );
        assert_eq!(
            (logo[3].as_str(), logo[4].as_str()),
            ("600", "600"),
            "{logo:?}"
        );
        assert_eq!(logo[5], colour, "{}: {logo:?}", pdf.display());
        let ppi: f64 = logo[12].parse().unwrap();
        assert!(ppi >= 300.0, "printed at {ppi} ppi: {logo:?}");
    }
}

/// The colour operators the pages' content streams use (`k`/`K` CMYK, `rg`/`RG` RGB, `g`/`G`
/// grey, `sc`/`scn` in a named colour space).
fn colour_operators(pdf: &Path) -> std::collections::BTreeSet<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut ops = std::collections::BTreeSet::new();
    for page in doc.get_pages().into_values() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in content.operations {
            if ["k", "K", "rg", "RG", "g", "G", "sc", "SC", "scn", "SCN"]
                .contains(&op.operator.as_str())
            {
                ops.insert(op.operator);
            }
        }
    }
    ops
}

/// The number of components of each ICC-based colour space the pages name in their resources.
fn colour_space_components(pdf: &Path) -> Vec<i64> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let deref = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
        o => o.clone(),
    };
    let mut components = Vec::new();
    for page in doc.get_pages().into_values() {
        let (own, inherited) = doc.get_page_resources(page).unwrap();
        let dicts = own.cloned().into_iter().chain(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok().cloned()),
        );
        for res in dicts {
            let Ok(spaces) = res.get(b"ColorSpace").map(&deref) else {
                continue;
            };
            for (_, space) in spaces.as_dict().unwrap().iter() {
                let space = deref(space);
                let array = space.as_array().unwrap();
                if array.first().and_then(|n| n.as_name().ok()) == Some(b"ICCBased".as_slice()) {
                    let stream = deref(&array[1]);
                    let n = stream.as_stream().unwrap().dict.get(b"N").unwrap();
                    components.push(n.as_i64().unwrap());
                }
            }
        }
    }
    components
}

#[test]
fn the_event_page_links_the_catalogue() {
    let public = built().join("public");
    for page in [
        "su-kien/hoi-cho-2020/index.html",
        "en/su-kien/hoi-cho-2020/index.html",
    ] {
        let html = read(&public, page);
        // Visitors get the screen file; the print shop's is beside it, named as such.
        assert!(
            html.contains("href=\"/cam-nang/hoi-cho-2020-danh-muc.pdf\""),
            "{page}"
        );
        assert!(
            html.contains("href=\"/cam-nang/hoi-cho-2020-danh-muc-in-an.pdf\""),
            "{page}"
        );
    }
    let vi = html_text(&read(&public, "su-kien/hoi-cho-2020/index.html"));
    assert!(
        vi.contains(
            "Danh mục đơn vị tham gia (PDF, A5, tiếng Việt kèm tiếng Anh) · bản gửi nhà in"
        ),
        "{vi}"
    );
    assert!(catalogue().is_file() && screen_catalogue().is_file());
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
    let screen = public.path().join("cam-nang/hoi-cho-2020-danh-muc.pdf");
    has_line(
        &stdout,
        &[
            "Exhibitor catalogue:",
            &format!("→ {};", screen.display()),
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
