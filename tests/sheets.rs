//! The capability sheets (issue 15): one A4 page per enterprise in each language, built by
//! `cnht build`, read back with `pdftotext` and lopdf; linked from every enterprise page; a
//! rebuild typesets only the sheets whose enterprise changed.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The basic fixture with one enterprise that is not a sample, built once.
fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site(&["basic"]);
        not_a_sample(dir.path(), "dien-tu-duong");
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.handbook = false;
        opts.compress = false;
        let summary =
            cnht::build(&opts).unwrap_or_else(|r| panic!("build failed:\n{}", r.render(false)));
        let sheets = summary.sheets.expect("the build makes the sheets");
        assert_eq!(sheets.sheets, 8, "four enterprises, two languages");
        dir
    })
    .path()
}

fn not_a_sample(root: &Path, slug: &str) {
    let file = root.join(format!("content/enterprises/{slug}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen("+++\n", "+++\nsample = false\n", 1);
    std::fs::write(&file, text).unwrap();
}

fn sheet(root: &Path, lang: &str, slug: &str) -> PathBuf {
    let prefix = if lang == "en" { "en/" } else { "" };
    root.join(format!(
        "public/{prefix}doanh-nghiep/{slug}/ho-so-nang-luc.pdf"
    ))
}

/// The pages of a PDF and the targets of its link annotations.
fn pages_and_links(pdf: &Path) -> (usize, Vec<String>) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut uris = Vec::new();
    for (_, page) in doc.get_pages() {
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            let is_link = annot
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Link");
            let action = annot.get(b"A").and_then(|a| match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r),
                lopdf::Object::Dictionary(d) => Ok(d),
                _ => Err(lopdf::Error::DictKey("A".into())),
            });
            if let (true, Ok(action)) = (is_link, action) {
                if let Ok(uri) = action.get(b"URI").and_then(|u| u.as_str()) {
                    uris.push(String::from_utf8_lossy(uri).into_owned());
                }
            }
        }
    }
    (doc.get_pages().len(), uris)
}

#[test]
fn each_sheet_is_one_a4_page_in_its_language() {
    let vi = sheet(built(), "vi", "an-phat");
    let en = sheet(built(), "en", "an-phat");
    let text = pdf_words(&vi);
    for want in [
        "Công ty TNHH Ăn Phát",
        "An Phat Co., Ltd.",
        "0112345027",
        "Dập kim loại",
        "Chi tiết dập kim loại",
        "ISO 9001:2015",
        "hiệu lực đến 30/06/2099",
        "hết hạn ngày 31/01/2020",
        "Nhật Bản",
        "Máy dập × 12 (25–200 t)",
        "Bà Nguyễn Thị Ăn",
        "Tiếng Nhật",
        "DỮ LIỆU MẪU",
        "Dữ liệu cập nhật ngày",
    ] {
        assert!(
            text.contains(want),
            "Vietnamese sheet lacks {want:?}:\n{text}"
        );
    }
    assert!(!text.contains("Metal stamping"), "{text}");

    let text = pdf_words(&en);
    for want in [
        "An Phat Co., Ltd.",
        "Metal stamping",
        "Metal stamped parts",
        "valid until 30 June 2099",
        "expired on 31 January 2020",
        "Japan",
        "Stamping press × 12 (25–200 t)",
        "Japanese",
        "SAMPLE",
        "sample data",
        "Bà Nguyễn Thị Ăn (in Vietnamese)",
        "Data last updated",
    ] {
        assert!(text.contains(want), "English sheet lacks {want:?}:\n{text}");
    }
    for vietnamese in ["Dập kim loại", "Nhật Bản", "Chi tiết dập kim loại"] {
        assert!(
            !text.contains(vietnamese),
            "{vietnamese:?} on the English sheet"
        );
    }

    for pdf in [&vi, &en] {
        let info = std::process::Command::new("pdfinfo")
            .arg(pdf)
            .output()
            .expect("pdfinfo (poppler-utils) is installed");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(info.contains("(A4)"), "{info}");
    }
}

#[test]
fn the_qr_code_and_the_footer_link_to_the_page_in_the_sheets_language() {
    for (lang, url) in [
        ("vi", "https://example.test/doanh-nghiep/an-phat/"),
        ("en", "https://example.test/en/doanh-nghiep/an-phat/"),
    ] {
        let pdf = sheet(built(), lang, "an-phat");
        let (pages, links) = pages_and_links(&pdf);
        assert_eq!(pages, 1);
        // The QR code and the printed address both link to the page; the contact links too.
        assert_eq!(
            links.iter().filter(|l| *l == url).count(),
            2,
            "{lang}: {links:?}"
        );
        assert!(
            links.contains(&"mailto:info@anphat.example.vn".to_owned()),
            "{links:?}"
        );
        assert!(
            links.contains(&"https://anphat.example.vn".to_owned()),
            "{links:?}"
        );
        assert!(pdf_words(&pdf).contains(url));
    }
}

#[test]
fn the_sample_notice_is_only_on_samples() {
    let text = pdf_words(&sheet(built(), "en", "dien-tu-duong"));
    assert!(
        !text.contains("SAMPLE") && !text.contains("sample data"),
        "{text}"
    );
    let text = pdf_words(&sheet(built(), "vi", "dien-tu-duong"));
    assert!(!text.contains("DỮ LIỆU MẪU"), "{text}");
}

#[test]
fn markup_in_the_data_is_printed_as_text() {
    let text = pdf_words(&sheet(built(), "vi", "hostile"));
    assert!(
        text.contains("Công ty <script>alert('x')</script> & Co"),
        "{text}"
    );
}

#[test]
fn every_enterprise_page_links_both_sheets_and_they_exist() {
    let public = built().join("public");
    let mut pages = 0;
    for lang in ["", "en/"] {
        for entry in std::fs::read_dir(public.join(format!("{lang}doanh-nghiep"))).unwrap() {
            let dir = entry.unwrap().path();
            let page = dir.join("index.html");
            let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
            if slug == "trang" || !page.is_file() {
                continue;
            }
            pages += 1;
            let html = std::fs::read_to_string(&page).unwrap();
            let own = format!("/{lang}doanh-nghiep/{slug}/ho-so-nang-luc.pdf");
            let other = if lang.is_empty() {
                format!("/en/doanh-nghiep/{slug}/ho-so-nang-luc.pdf")
            } else {
                format!("/doanh-nghiep/{slug}/ho-so-nang-luc.pdf")
            };
            for link in [&own, &other] {
                assert!(
                    html.contains(&format!("href=\"{link}\"")),
                    "{} lacks {link}",
                    page.display()
                );
                assert!(public.join(&link[1..]).is_file(), "{link} is missing");
            }
        }
    }
    assert_eq!(pages, 8);
    let en = read(&public, "en/doanh-nghiep/an-phat/index.html");
    assert!(
        en.contains("Capability sheet (PDF, one A4 page)") && en.contains("Vietnamese version")
    );
    let vi = read(&public, "doanh-nghiep/an-phat/index.html");
    assert!(vi.contains("Hồ sơ năng lực (PDF, 1 trang A4)") && vi.contains("Bản tiếng Anh"));
}

#[test]
fn a_rebuild_typesets_only_the_changed_enterprise() {
    let dir = site(&["basic"]);
    let build = |sheets: bool| {
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.handbook = false;
        opts.compress = false;
        opts.sheets = sheets;
        cnht::build(&opts).unwrap_or_else(|r| panic!("build failed:\n{}", r.render(false)))
    };
    let first = build(true).sheets.unwrap();
    assert_eq!((first.typeset, first.reused), (8, 0));
    let before = std::fs::read(sheet(dir.path(), "en", "an-phat")).unwrap();

    let again = build(true).sheets.unwrap();
    assert_eq!((again.typeset, again.reused), (0, 8), "nothing changed");
    assert_eq!(
        std::fs::read(sheet(dir.path(), "en", "an-phat")).unwrap(),
        before
    );

    let file = dir.path().join("content/enterprises/dien-tu-duong.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen("+++\n", "+++\nemployees = 4321\n", 1);
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let third = build(true).sheets.unwrap();
    assert_eq!(
        (third.typeset, third.reused),
        (2, 6),
        "one enterprise, two sheets"
    );
    assert!(pdf_words(&sheet(dir.path(), "en", "dien-tu-duong")).contains("4,321 people"));
    assert!(pdf_words(&sheet(dir.path(), "vi", "dien-tu-duong")).contains("4.321 người"));
    assert_eq!(third.pruned, 2, "the two old sheets leave the cache");
    let entries = std::fs::read_dir(dir.path().join(".cache/sheets"))
        .unwrap()
        .count();
    assert_eq!(entries, 8, "the cache holds one build's sheets");

    // A build without the sheets keeps the published ones of the enterprises still listed.
    std::fs::remove_file(dir.path().join("content/enterprises/hostile.md")).unwrap();
    let summary = build(false);
    assert!(summary.sheets.is_none());
    assert_eq!(
        std::fs::read(sheet(dir.path(), "en", "an-phat")).unwrap(),
        before
    );
    assert!(!sheet(dir.path(), "vi", "hostile").exists());
    assert!(!sheet(dir.path(), "en", "hostile").exists());
}

#[test]
fn a_profile_too_long_for_a_page_and_a_broken_logo_are_warnings_not_failures() {
    let dir = site(&["basic"]);
    let file = dir.path().join("content/enterprises/dien-tu-duong.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let many: Vec<String> = (1..=400)
        .map(|i| format!("\"Bảng mạch in nhiều lớp loại đặc biệt số {i}\""))
        .collect();
    let text = text.replace(
        "products = [\"Bảng mạch in\"]",
        &format!("products = [{}]", many.join(", ")),
    );
    std::fs::write(&file, text).unwrap();
    let build = |site: bool| {
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.site = site;
        opts.handbook = false;
        opts.compress = false;
        cnht::build(&opts).unwrap_or_else(|r| panic!("build failed:\n{}", r.render(false)))
    };
    let summary = build(true);
    let w = &summary.sheets.as_ref().unwrap().warnings;
    assert!(
        w.iter()
            .any(|d| d.file.ends_with("dien-tu-duong.md") && d.message.contains("pages, not one")),
        "{w:#?}"
    );
    assert!(summary
        .warnings
        .diagnostics
        .iter()
        .any(|d| d.message.contains("pages, not one")));
    // As an editor reads the build's report: in Vietnamese, with the way out.
    let vi = summary.warnings.render_in(false, cnht::messages::Lang::Vi);
    assert!(
        vi.contains("cảnh báo: hồ sơ năng lực tiếng Việt dài ")
            && vi.contains(" trang thay vì một: các danh sách dài hơn một trang A4"),
        "{vi}"
    );
    assert!(
        vi.contains("rút gọn các danh sách dài nhất (sản phẩm, khách hàng, thiết bị)"),
        "{vi}"
    );
    assert!(!vi.contains("pages, not one"), "{vi}");
    assert!(pdf_words(&sheet(dir.path(), "vi", "dien-tu-duong")).contains("số 400"));

    // A logo Typst cannot read (the website refuses it first; the sheets alone, as the live
    // preview makes them, go out without it).
    std::fs::write(
        dir.path().join("content/enterprises/an-phat/logo.png"),
        b"not a png",
    )
    .unwrap();
    let summary = build(false);
    let w = &summary.sheets.as_ref().unwrap().warnings;
    assert!(
        w.iter()
            .any(|d| d.file.ends_with("an-phat/index.md") && d.field.as_deref() == Some("logo")),
        "{w:#?}"
    );
    let vi = summary.warnings.render_in(false, cnht::messages::Lang::Vi);
    assert!(
        vi.contains("logo không phải là ảnh mà hồ sơ năng lực hiển thị được; hồ sơ năng lực được tạo không có logo"),
        "{vi}"
    );
    assert!(pdf_words(&sheet(dir.path(), "en", "an-phat")).contains("An Phat Co., Ltd."));
}
