//! The printed handbook: the two PDFs, their page boxes, fonts, text, outline and links, the print
//! shop's README, reproducibility, the fonts' Vietnamese coverage, hostile records and template
//! errors. The PDFs are read back with lopdf and poppler (`pdfinfo`, `pdffonts`, `pdftotext`).

mod common;

use cnht::content::{load, LoadOptions};
use cnht::diagnostics::Severity;
use cnht::handbook::{self, HandbookOutput};
use cnht::model::{
    Body, Capability, Enterprise, EnterpriseContact, HeldCertification, Key, Model, Origin, Text,
    TextList,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// A fixture site laid out with the repository's templates, its model and a rendered handbook.
struct Rendered {
    _site: TempDir,
    _out: TempDir,
    model: Model,
    out: HandbookOutput,
}

fn load_site(root: &Path) -> Model {
    let opts = LoadOptions {
        drafts: false,
        today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
        dates: None,
        memo: None,
    };
    match load(root, &opts) {
        Ok(l) => l.model,
        Err(r) => panic!("the fixture should load:\n{}", r.render_short()),
    }
}

fn render(model: &Model) -> (TempDir, HandbookOutput) {
    let out = tempfile::tempdir().unwrap();
    match handbook::render(model, &out.path().join("cam-nang")) {
        Ok(h) => (out, h),
        Err(errors) => panic!("the handbook should render: {errors:#?}"),
    }
}

/// The basic fixture, rendered once for all the tests that only read the result.
fn basic() -> &'static Rendered {
    static BASIC: OnceLock<Rendered> = OnceLock::new();
    BASIC.get_or_init(|| {
        let site = common::site(&["handbook-basic"]);
        let model = load_site(site.path());
        let (out_dir, out) = render(&model);
        Rendered {
            _site: site,
            _out: out_dir,
            model,
            out,
        }
    })
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) should be installed: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler writes UTF-8")
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Text of pages `first..=last` (all when `None`), whitespace collapsed to single spaces.
fn text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut args = vec!["-enc".to_owned(), "UTF-8".to_owned()];
    if let Some((f, l)) = pages {
        args.extend([
            "-f".to_owned(),
            f.to_string(),
            "-l".to_owned(),
            l.to_string(),
        ]);
    }
    args.extend([path_str(pdf).to_owned(), "-".to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    collapse(&tool("pdftotext", &args))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[path_str(pdf)]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("pdfinfo prints Pages");
    line["Pages:".len()..].trim().parse().unwrap()
}

/// The box `key` of every page, in page order (inherited boxes resolved).
fn boxes(pdf: &Path, key: &[u8]) -> Vec<Option<[f64; 4]>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_pages()
        .into_values()
        .map(|id| handbook::pdf::page_box(&doc, id, key).unwrap())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn page_count_is_a_multiple_of_four_in_both_pdfs() {
    let b = basic();
    assert_eq!(b.out.pages % 4, 0, "{} pages", b.out.pages);
    assert_eq!(page_count(&b.out.screen_pdf), b.out.pages);
    assert_eq!(page_count(&b.out.print_pdf), b.out.pages);
    assert!(
        b.out.pages >= 16,
        "cover, front matter, 7 chapters: {} pages",
        b.out.pages
    );
}

#[test]
fn files_are_named_after_the_edition_year() {
    let b = basic();
    let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(name(&b.out.screen_pdf), "cam-nang-cnht-ha-noi-2020.pdf");
    assert_eq!(
        name(&b.out.print_pdf),
        "cam-nang-cnht-ha-noi-2020-in-an.pdf"
    );
    assert_eq!(name(&b.out.readme), "README-in-an.txt");
    assert_eq!(b.out.screen_pdf.parent(), b.out.print_pdf.parent());
}

#[test]
fn print_pdf_has_trim_and_bleed_boxes_on_every_page() {
    let b = basic();
    let (w, h, bleed) = (148.0 * PT_PER_MM, 210.0 * PT_PER_MM, 3.0 * PT_PER_MM);
    let media = boxes(&b.out.print_pdf, b"MediaBox");
    let trim = boxes(&b.out.print_pdf, b"TrimBox");
    let bleeds = boxes(&b.out.print_pdf, b"BleedBox");
    assert_eq!(media.len(), b.out.pages);
    for (i, ((m, t), bl)) in media.iter().zip(&trim).zip(&bleeds).enumerate() {
        let (m, t, bl) = (
            m.unwrap(),
            t.unwrap_or_else(|| panic!("page {} has no TrimBox", i + 1)),
            bl.unwrap_or_else(|| panic!("page {} has no BleedBox", i + 1)),
        );
        assert!(
            close(t[2] - t[0], w) && close(t[3] - t[1], h),
            "page {}: TrimBox {t:?} is not 148 × 210 mm",
            i + 1
        );
        for k in 0..2 {
            assert!(
                close(t[k] - bl[k], bleed),
                "page {}: BleedBox {bl:?} is not 3 mm outside the TrimBox {t:?}",
                i + 1
            );
            assert!(
                close(bl[k + 2] - t[k + 2], bleed),
                "page {}: BleedBox {bl:?} is not 3 mm outside the TrimBox {t:?}",
                i + 1
            );
            // The crop marks need room outside the bleed.
            assert!(
                bl[k] - m[k] > 5.0 * PT_PER_MM,
                "page {}: no mark zone between MediaBox {m:?} and BleedBox {bl:?}",
                i + 1
            );
            assert!(
                m[k + 2] - bl[k + 2] > 5.0 * PT_PER_MM,
                "page {}: no mark zone between MediaBox {m:?} and BleedBox {bl:?}",
                i + 1
            );
        }
    }
}

#[test]
fn screen_pdf_is_a5_without_bleed() {
    let b = basic();
    for (i, m) in boxes(&b.out.screen_pdf, b"MediaBox")
        .into_iter()
        .enumerate()
    {
        let m = m.unwrap();
        assert!(
            close(m[2] - m[0], 148.0 * PT_PER_MM) && close(m[3] - m[1], 210.0 * PT_PER_MM),
            "screen page {}: {m:?}",
            i + 1
        );
    }
    common::assert_pdfa2b(&b.out.screen_pdf);
}

#[test]
fn every_font_is_embedded() {
    let b = basic();
    for pdf in [&b.out.screen_pdf, &b.out.print_pdf] {
        let list = tool("pdffonts", &[path_str(pdf)]);
        let rows: Vec<&str> = list.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts listed in {}", pdf.display());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni object gen
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded in {}: {row}", pdf.display());
            assert!(
                row.contains("NotoSerif") || row.contains("BeVietnamPro"),
                "a font not from handbook/fonts: {row}"
            );
        }
    }
}

const HEADINGS: &[&str] = &[
    "Mục lục",
    "Lời nói đầu",
    "Chương trình phát triển công nghiệp hỗ trợ năm 2020",
    "Chính sách",
    "Thông tin thị trường",
    "Danh bạ doanh nghiệp",
    "Chỉ mục theo quận, huyện",
    "Chỉ mục theo nhóm sản phẩm",
    "Chỉ mục theo công nghệ",
    "Chỉ mục theo chứng nhận",
    "Chỉ mục doanh nghiệp theo vần A–Z",
];

#[test]
fn text_has_headings_and_enterprises_in_nfc() {
    let b = basic();
    for pdf in [&b.out.screen_pdf, &b.out.print_pdf] {
        let t = text(pdf, None);
        for h in HEADINGS {
            assert!(t.contains(h), "{} lacks the heading {h:?}", pdf.display());
        }
        for e in b.model.enterprises() {
            let name = &e.name.vi;
            assert!(t.contains(name), "{} lacks {name:?}", pdf.display());
        }
        for s in [
            "0109007003",
            "Khu công nghiệp Thăng Long",
            "Huyện Đông Anh",
            "IATF 16949:2016",
            "Bà Nguyễn Thị Ăn",
            "Nhật Bản",
            "1.250 người",
        ] {
            assert!(t.contains(s), "{} lacks {s:?}", pdf.display());
        }
        // The foreword's letters survive extraction composed (NFC), as written.
        assert!(
            t.contains("Ưu, Ứng, Ặc, Ễnh, Ỵ, Đoàn, ĐỊA, ỹ, ữ, ự"),
            "Vietnamese letters garbled"
        );
        assert!(
            unicode_normalization::is_nfc(&t),
            "extracted text is not NFC"
        );
    }
}

#[test]
fn directory_follows_sector_order_and_vietnamese_order() {
    let b = basic();
    let t = text(&b.out.screen_pdf, None);
    // From the directory's introduction to the first index.
    let start = t.find("Danh bạ gồm").expect("directory introduction");
    let dir = &t[start..start + t[start..].find("Chỉ mục theo quận, huyện").unwrap()];
    let pos = |s: &str| {
        dir.find(s)
            .unwrap_or_else(|| panic!("{s} not in the directory"))
    };
    // Sectors as in site.toml.
    assert!(pos("Công ty TNHH Ăn Phát") < pos("Công ty TNHH Điện tử Dương"));
    assert!(pos("Công ty TNHH Điện tử Dương") < pos("Công ty TNHH Dệt Ứng Hòa"));
    // Within a sector: Ă before B before V (code-point order would put Ă last), Đ before Ư.
    assert!(pos("Công ty TNHH Ăn Phát") < pos("Công ty Cổ phần Bảo Tín"));
    assert!(pos("Công ty Cổ phần Bảo Tín") < pos("Công ty TNHH Vạn Xuân"));
    assert!(pos("Công ty TNHH Điện tử Dương") < pos("Công ty TNHH Ưu Việt"));
}

/// The page (1-based) the outline entry `title` points at.
fn outline_page(pdf: &Path, title: &str) -> usize {
    let doc = lopdf::Document::load(pdf).unwrap();
    let toc = doc.get_toc().unwrap();
    toc.toc
        .iter()
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("no outline entry {title}"))
        .page
}

/// The text from the chapter `title` to the end of the document.
fn chapter_text(pdf: &Path, pages: usize, title: &str) -> String {
    let t = text(pdf, Some((outline_page(pdf, title), pages)));
    t[t.find(title).unwrap()..].to_owned()
}

#[test]
fn indexes_give_the_right_pages_in_vietnamese_order() {
    let b = basic();
    let pdf = &b.out.screen_pdf;
    let dir_page = outline_page(pdf, "Công ty Cổ phần Bảo Tín");
    assert!(text(pdf, Some((dir_page, dir_page))).contains("Công ty Cổ phần Bảo Tín"));
    let az = chapter_text(pdf, b.out.pages, "Chỉ mục doanh nghiệp theo vần A–Z");
    // Letters in Vietnamese order: Ă before B, D before Đ, Ư before V (code-point order differs).
    let letter = |l: &str| {
        az.find(&format!(" {l} "))
            .unwrap_or_else(|| panic!("no letter {l} in {az}"))
    };
    assert!(letter("Ă") < letter("B"));
    assert!(
        letter("D") < letter("Đ"),
        "Dệt Ứng Hòa (D) before Điện tử Dương (Đ)"
    );
    assert!(letter("Ư") < letter("V"));
    // The index line of Bảo Tín ends with the page its entry is on. (Read line by line: the
    // leader is drawn, so poppler's reading order may take the flush-right numbers as a column
    // of their own.)
    let az_page = outline_page(pdf, "Chỉ mục doanh nghiệp theo vần A–Z");
    let az_lines = tool(
        "pdftotext",
        &[
            "-layout",
            "-f",
            &az_page.to_string(),
            "-l",
            &b.out.pages.to_string(),
            path_str(pdf),
            "-",
        ],
    );
    let line_start = az_lines.find("Bảo Tín").unwrap();
    let after = az_lines[line_start..].lines().next().unwrap();
    let number: String = after
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    assert_eq!(
        number.parse::<usize>().unwrap(),
        dir_page,
        "A–Z index points at the wrong page: {after:.80}"
    );

    let district = chapter_text(pdf, b.out.pages, "Chỉ mục theo quận, huyện");
    // Districts in Vietnamese order of their names, whatever their kind.
    let d = |s: &str| district.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(d("Quận Ba Đình") < d("Quận Long Biên"));
    assert!(d("Quận Long Biên") < d("Huyện Thanh Oai"));
    assert!(d("Huyện Thanh Oai") < d("Huyện Ứng Hòa"));
    assert!(
        d("Quận Ba Đình") < d("Huyện Đông Anh") && d("Huyện Đông Anh") < d("Quận Long Biên"),
        "B < Đ < L"
    );

    let cert = chapter_text(pdf, b.out.pages, "Chỉ mục theo chứng nhận");
    assert!(cert.contains("ISO 14001:2015") && cert.contains("OEKO-TEX Standard 100"));
    // Product groups and processes under their names in the vocabularies, not the free text.
    let product = chapter_text(pdf, b.out.pages, "Chỉ mục theo nhóm sản phẩm");
    for p in [
        "Khuôn mẫu, đồ gá, tạo mẫu",
        "Chi tiết, phụ tùng cơ khí",
        "Vải, sợi, phụ liệu dệt may",
        "Linh kiện điện, điện tử",
    ] {
        assert!(
            product.contains(p),
            "product group index lacks {p}: {product}"
        );
    }
    assert!(!product.contains("Khuôn dập"), "no free-text products");
    let process = chapter_text(pdf, b.out.pages, "Chỉ mục theo công nghệ");
    assert!(
        process.contains("Dập kim loại") && process.contains("Hàn") && process.contains("Ăn Phát"),
        "{process}"
    );
}

#[test]
fn screen_pdf_has_an_outline_and_internal_links() {
    let b = basic();
    let doc = lopdf::Document::load(&b.out.screen_pdf).unwrap();
    let toc = doc.get_toc().expect("the screen PDF has an outline");
    let titles: Vec<&str> = toc.toc.iter().map(|t| t.title.as_str()).collect();
    for h in HEADINGS {
        assert!(titles.contains(h), "outline lacks {h:?}: {titles:?}");
    }
    assert!(
        titles.contains(&"Công ty TNHH Ăn Phát"),
        "enterprises are bookmarked: {titles:?}"
    );
    assert!(
        titles.contains(&"Linh kiện, phụ tùng"),
        "sectors are bookmarked: {titles:?}"
    );

    // Clickable table of contents and indexes: link annotations to places in the document.
    let mut internal = 0;
    for (_, page) in doc.get_pages() {
        for a in doc.get_page_annotations(page).unwrap_or_default() {
            let is_link = a
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Link");
            let goes_inside = a.has(b"Dest")
                || a.get(b"A").and_then(|x| x.as_dict()).is_ok_and(|d| {
                    d.get(b"S")
                        .and_then(|s| s.as_name())
                        .is_ok_and(|n| n == b"GoTo")
                });
            if is_link && goes_inside {
                internal += 1;
            }
            if is_link {
                // A link's rectangle has room to click: no annotation for the pieces of a link
                // that take none (an index line's word joiners, a URL's break points).
                let rect: Vec<f32> = a
                    .get(b"Rect")
                    .and_then(|r| r.as_array())
                    .unwrap()
                    .iter()
                    .map(|v| v.as_float().unwrap())
                    .collect();
                assert!(
                    (rect[2] - rect[0]).abs() > 0.01 && (rect[3] - rect[1]).abs() > 0.01,
                    "a link annotation of no area: {rect:?}"
                );
            }
        }
    }
    // TOC lines + 4 indexes × 6 enterprises at least.
    assert!(internal >= 30, "only {internal} internal links");
}

#[test]
fn print_pdf_is_cmyk_without_transparency() {
    let b = basic();
    let doc = lopdf::Document::load(&b.out.print_pdf).unwrap();
    for (id, obj) in &doc.objects {
        let dict = match obj {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if let Ok(mask) = dict.get(b"SMask") {
            assert!(
                matches!(mask, lopdf::Object::Name(n) if n == b"None"),
                "soft mask in object {id:?}"
            );
        }
        if let Ok(g) = dict.get(b"Group").and_then(|g| g.as_dict()) {
            assert!(
                !g.get(b"S")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|n| n == b"Transparency"),
                "transparency group in {id:?}"
            );
        }
        for key in [b"CA".as_slice(), b"ca"] {
            if let Ok(v) = dict.get(key).and_then(|v| v.as_float()) {
                assert!(v >= 0.999, "opacity {v} in {id:?}");
            }
        }
    }
    // Every colour set in the page contents is CMYK.
    let mut ops = std::collections::BTreeSet::new();
    for (_, page) in doc.get_pages() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        for op in content.operations {
            ops.insert(op.operator);
        }
    }
    for rgb in ["rg", "RG", "g", "G"] {
        assert!(
            !ops.contains(rgb),
            "print PDF sets a non-CMYK colour with `{rgb}`: {ops:?}"
        );
    }
    assert!(
        ops.contains("k") || ops.contains("K") || ops.contains("sc") || ops.contains("scn"),
        "{ops:?}"
    );
    let text = tool(
        "pdftotext",
        &["-f", "1", "-l", "1", path_str(&b.out.print_pdf), "-"],
    );
    assert!(text.contains("Cẩm nang"), "cover text");
}

#[test]
fn small_logo_warns_naming_the_file() {
    let b = basic();
    let w: Vec<_> = b
        .out
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.message.contains("dpi"))
        .collect();
    assert_eq!(w.len(), 1, "{:#?}", b.out.warnings);
    assert_eq!(w[0].file, Path::new("content/enterprises/bao-tin/logo.png"));
    assert!(w[0].message.contains("60 × 60 px"), "{}", w[0].message);
    // The large logo is embedded at full resolution (≥ 300 dpi at its printed size).
    let list = tool("pdfimages", &["-list", path_str(&b.out.print_pdf)]);
    let big = list
        .lines()
        .skip(2)
        .find(|l| l.split_whitespace().nth(3) == Some("600"))
        .expect("the 600 px logo is embedded");
    let ppi: f64 = big.split_whitespace().nth(12).unwrap().parse().unwrap();
    assert!(ppi >= 300.0, "{big}");
}

#[test]
fn readme_states_the_print_facts() {
    let b = basic();
    let r = std::fs::read_to_string(&b.out.readme).unwrap();
    for s in [
        "148 × 210 mm".to_owned(),
        "3 mm".to_owned(),
        format!("Số trang (Pages): {}", b.out.pages),
        "NotoSerif-Regular".to_owned(),
        "BeVietnamPro".to_owned(),
        "CMYK".to_owned(),
        "cam-nang-cnht-ha-noi-2020-in-an.pdf".to_owned(),
    ] {
        assert!(r.contains(&s), "README lacks {s:?}:\n{r}");
    }
}

#[test]
fn same_content_gives_byte_identical_pdfs() {
    let b = basic();
    let (_dir, again) = render(&b.model);
    for (a, z) in [
        (&b.out.screen_pdf, &again.screen_pdf),
        (&b.out.print_pdf, &again.print_pdf),
        (
            b.out.cover_pdf.as_ref().unwrap(),
            again.cover_pdf.as_ref().unwrap(),
        ),
        (&b.out.readme, &again.readme),
        (&b.out.preflight, &again.preflight),
    ] {
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(z).unwrap(),
            "{} differs between two builds",
            a.display()
        );
    }
    let info = tool("pdfinfo", &[path_str(&b.out.screen_pdf)]);
    assert!(
        info.contains("2020"),
        "the creation date is the edition's: {info}"
    );
}

#[test]
fn chapters_open_on_right_hand_pages_with_wider_inside_margins() {
    let b = basic();
    let pdf = &b.out.screen_pdf;
    let doc = lopdf::Document::load(pdf).unwrap();
    let toc = doc.get_toc().unwrap();
    let chapters: Vec<_> = toc
        .toc
        .iter()
        .filter(|t| HEADINGS.contains(&t.title.as_str()))
        .collect();
    assert_eq!(chapters.len(), HEADINGS.len());
    for c in &chapters {
        assert_eq!(c.page % 2, 1, "{} opens on page {}", c.title, c.page);
    }
    // The page left blank before a chapter carries no running head or folio.
    let foreword = chapters
        .iter()
        .find(|c| c.title == "Lời nói đầu")
        .unwrap()
        .page;
    let contents = chapters.iter().find(|c| c.title == "Mục lục").unwrap().page;
    assert_eq!(contents, foreword + 2, "the foreword fills one page here");
    assert_eq!(
        text(pdf, Some((foreword + 1, foreword + 1))),
        "",
        "blank page {} is empty",
        foreword + 1
    );

    // Left edge of the text block: 19 mm (inside) on right-hand pages, 13 mm on left-hand ones.
    let left_edge = |page: usize| -> f64 {
        let html = tool(
            "pdftotext",
            &[
                "-bbox",
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                path_str(pdf),
                "-",
            ],
        );
        html.split("<word ")
            .skip(1)
            .map(|w| {
                let i = w.find("xMin=\"").unwrap() + 6;
                w[i..i + w[i..].find('"').unwrap()].parse::<f64>().unwrap()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let dir = chapters
        .iter()
        .find(|c| c.title == "Danh bạ doanh nghiệp")
        .unwrap()
        .page;
    let (odd, even) = (left_edge(dir), left_edge(dir + 1));
    assert!(
        (odd / PT_PER_MM - 19.0).abs() < 0.5,
        "right-hand page text starts at {:.1} mm",
        odd / PT_PER_MM
    );
    assert!(
        (even / PT_PER_MM - 13.0).abs() < 0.5,
        "left-hand page text starts at {:.1} mm",
        even / PT_PER_MM
    );
}

/// The 146 letters of Vietnamese (12 vowels × 6 tones, both cases, and đ Đ).
fn vietnamese_letters() -> Vec<char> {
    let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut letters = Vec::new();
    for v in vowels {
        for t in tones {
            let s: String =
                unicode_normalization::UnicodeNormalization::nfc(format!("{v}{t}").chars())
                    .collect();
            let c: Vec<char> = s.chars().collect();
            assert_eq!(c.len(), 1, "{v}{t} composes to one letter");
            letters.push(c[0]);
            letters.extend(c[0].to_uppercase());
        }
    }
    letters.extend(['đ', 'Đ']);
    letters
}

#[test]
fn every_font_has_every_vietnamese_letter() {
    let letters = vietnamese_letters();
    assert_eq!(letters.len(), 146);
    let dir = common::repo().join("handbook/fonts");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ttf" && e != "otf") {
            continue;
        }
        files += 1;
        let bytes = typst::foundations::Bytes::new(std::fs::read(&path).unwrap());
        let fonts: Vec<_> = typst::text::Font::iter(bytes).collect();
        assert!(!fonts.is_empty(), "{} is not a font", path.display());
        for font in fonts {
            let missing: String = letters
                .iter()
                .filter(|&&c| !font.info().coverage.contains(c as u32))
                .collect();
            assert!(missing.is_empty(), "{} lacks {missing}", path.display());
        }
    }
    assert!(
        files >= 5,
        "serif and sans in several styles: {files} files"
    );
    let total: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(total < 6_000_000, "fonts take {total} bytes");
}

/// Adds `e` to a copy of `model` (the model's constructor puts it in order and indexes it).
fn with_enterprise(model: &Model, e: Enterprise) -> Model {
    let mut parts = model.clone().into_parts();
    parts.enterprises.push(e);
    Model::new(parts)
}

fn hostile(name: String, products: Vec<String>) -> Enterprise {
    Enterprise {
        slug: "hostile".into(),
        name: Text::new(
            name,
            Some("A very long English name ".repeat(6).trim().to_owned()),
        ),
        tax_code: "0109007490".into(),
        sector: "cong-nghe-cao".into(),
        district: "ba-dinh".into(),
        industrial_park: None,
        address: "Số 1 #phố [Kim Mã] *$x$* <b>, quận Ba Đình, Hà Nội".into(),
        founded: None,
        employees: None,
        products: TextList {
            vi: products,
            en: Vec::new(),
        },
        product_groups: Vec::new(),
        processes: Vec::new(),
        certifications: vec![HeldCertification::of("iso-9001")],
        customers: Vec::new(),
        export_markets: vec![Key::new("ZZ")],
        capability: Capability::default(),
        logo: None,
        contact: EnterpriseContact {
            website: Some("https://www.mot-ten-mien-rat-dai-cua-doanh-nghiep-cong-nghiep-ho-tro.example.vn/gioi-thieu/san-pham".into()),
            ..Default::default()
        },
        draft: false,
        updated: None,
        body: Body::default(),
        sample: true,
        international: true,
        origin: Origin::default(),
    }
}

#[test]
fn hostile_enterprise_still_makes_a_correct_book() {
    let b = basic();
    let mut name = String::from("Công ty TNHH ");
    while name.chars().count() < 300 {
        name.push_str("Sản xuất và thương mại linh kiện phụ tùng ô tô xe máy Hà Nội ");
    }
    let name: String = name
        .chars()
        .take(300)
        .collect::<String>()
        .trim_end()
        .to_owned();
    assert!(name.chars().count() >= 299);
    let mut products: Vec<String> = (1..=40)
        .map(|i| format!("Sản phẩm số {i} bằng thép không gỉ"))
        .collect();
    products[7] = "Linhkiệnphụtùngôtôxemáykhôngcókhoảngtrắngnàocả".repeat(3);
    let model = with_enterprise(&b.model, hostile(name.clone(), products.clone()));
    let (_dir, out) = render(&model);
    assert_eq!(out.pages % 4, 0);
    if let Ok(keep) = std::env::var("KEEP_HOSTILE") {
        std::fs::copy(&out.screen_pdf, keep).unwrap();
    }

    let t = text(&out.screen_pdf, None);
    assert!(
        t.contains(&collapse(&name)) || t.contains(&name[..120]),
        "the long name is printed"
    );
    for p in products.iter().filter(|p| p.len() < 60) {
        assert!(t.contains(p.as_str()), "product {p} missing");
    }
    assert!(
        t.contains("Số 1 #phố [Kim Mã] *$x$* <b>"),
        "markup characters are printed as text"
    );

    // Nothing runs off the page: every word's box lies within the trim.
    let html = tool("pdftotext", &["-bbox", path_str(&out.screen_pdf), "-"]);
    let (w, h) = (148.0 * PT_PER_MM, 210.0 * PT_PER_MM);
    let words = html
        .split("<page ")
        .skip(1)
        .enumerate()
        .flat_map(|(i, page)| page.split("<word ").skip(1).map(move |word| (i + 1, word)));
    for (page, word) in words {
        let attr = |k: &str| -> f64 {
            let i = word.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            word[i..i + word[i..].find('"').unwrap()].parse().unwrap()
        };
        let label = &word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()];
        assert!(
            attr("xMin") >= -0.5
                && attr("xMax") <= w + 0.5
                && attr("yMin") >= -0.5
                && attr("yMax") <= h + 0.5,
            "{label:?} runs off the page: {word:.120}"
        );
        // And stays inside the margins (13 mm outside, 19 mm inside; 2 mm tolerance): a
        // right-hand page (odd) has its inside margin on the left.
        let (left, right) = if page % 2 == 1 {
            (19.0, 13.0)
        } else {
            (13.0, 19.0)
        };
        assert!(
            attr("xMin") >= (left - 2.0) * PT_PER_MM
                && attr("xMax") <= w - (right - 2.0) * PT_PER_MM,
            "{label:?} runs into the margin of page {page}: {word:.120}"
        );
    }
}

/// A site with the basic fixture whose template `file` has `line` replaced by `with`.
fn broken_site(file: &str, line_no: usize, with: &str) -> (TempDir, Model) {
    let site = common::site(&["handbook-basic"]);
    let path = site.path().join("handbook").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[line_no - 1] = with;
    std::fs::write(&path, lines.join("\n")).unwrap();
    let model = load_site(site.path());
    (site, model)
}

fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(common::repo().join("handbook").join(file)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {file}"))
        + 1
}

#[test]
fn broken_template_names_the_file_and_line() {
    // A syntax error.
    let line = line_of("directory.typ", "#let entry(e)");
    let (site, model) = broken_site(
        "directory.typ",
        line,
        "#let entry(e) = block(breakable: true, [",
    );
    let out = tempfile::tempdir().unwrap();
    let errors = handbook::render(&model, out.path()).expect_err("a broken template fails");
    let e = &errors[0];
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(
        e.file,
        PathBuf::from("handbook/directory.typ"),
        "{errors:#?}"
    );
    assert!(
        e.message.contains(&format!("line {line}")) || e.message.contains("line "),
        "{}",
        e.message
    );
    assert!(e.span.is_some());
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written on error"
    );
    drop(site);

    // A value the template cannot handle: an error while typesetting an entry, reported at the
    // template line that failed, with Typst's message.
    let line = line_of("directory.typ", "([Mã số thuế], e.tax_code)");
    let (_site, model) = broken_site("directory.typ", line, "    ([Mã số thuế], e.tax_code + 1),");
    let errors = handbook::render(&model, out.path()).expect_err("a failing template fails");
    let e = &errors[0];
    assert_eq!(
        e.file,
        PathBuf::from("handbook/directory.typ"),
        "{errors:#?}"
    );
    assert!(
        e.message.starts_with(&format!("line {line}, column ")),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("cannot add string and integer"),
        "{}",
        e.message
    );
}

#[test]
fn missing_template_is_an_error() {
    let b = basic();
    let mut parts = b.model.clone().into_parts();
    let empty = tempfile::tempdir().unwrap();
    parts.root = empty.path().to_path_buf();
    let model = Model::new(parts);
    let errors = handbook::render(&model, &empty.path().join("out")).expect_err("no templates");
    assert_eq!(errors[0].file, PathBuf::from("handbook/main.typ"));
}

/// The fixture book with `from` replaced by `to` in its template `file` (under handbook/): the
/// file its first error names and what the errors say, once it is checked that the render
/// failed and wrote nothing.
fn fails_with_template_edited(file: &str, from: &str, to: &str) -> (PathBuf, String) {
    let site = common::site(&["handbook-basic"]);
    let template = site.path().join("handbook").join(file);
    let text = std::fs::read_to_string(&template).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&template, text.replace(from, to)).unwrap();
    let model = load_site(site.path());
    let out = tempfile::tempdir().unwrap();
    let errors = handbook::render(&model, &out.path().join("cam-nang"))
        .expect_err("the book cannot be finished");
    assert!(
        !out.path().join("cam-nang").exists(),
        "nothing is written when the book cannot be finished"
    );
    (errors[0].file.clone(), format!("{errors:?}"))
}

#[test]
fn furniture_facts_handed_over_twice_are_an_error_not_a_book_without_folios() {
    let once = "#furniture-data()\n";
    let (file, said) = fails_with_template_edited("main.typ", once, &once.repeat(2));
    assert_eq!(file, PathBuf::from("handbook/main.typ"));
    assert!(said.contains("page-furniture"), "{said}");
}

#[test]
fn furniture_that_misses_a_page_is_an_error_naming_the_template() {
    let every_page = "range(1, f.pages + 1)";
    let (file, said) = fails_with_template_edited("furniture.typ", every_page, "range(1, f.pages)");
    assert_eq!(file, PathBuf::from("handbook/furniture.typ"));
    let says = "pages of running heads and folios for a book of";
    assert!(said.contains(says), "{said}");
}

#[test]
#[ignore = "times the repository's own content: cargo test --release --test handbook -- --ignored --nocapture"]
fn time_the_real_handbook() {
    let t0 = std::time::Instant::now();
    let model = load_site(&common::repo());
    let t1 = std::time::Instant::now();
    let (_dir, out) = render(&model);
    let t2 = std::time::Instant::now();
    let compiled = handbook::compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
    let t3 = std::time::Instant::now();
    let screen = handbook::pdf::screen_document(&compiled.document);
    handbook::pdf::export_screen(&screen, "x", 2020).unwrap();
    let t4 = std::time::Instant::now();
    handbook::pdf::export_print(&compiled.document, "y", 2020).unwrap();
    let t5 = std::time::Instant::now();
    eprintln!(
        "{} enterprises, {} pages: load {:?}; render, cold {:?}; compile again (memoized) {:?}; screen export {:?}; print export {:?}",
        model.enterprises().len(),
        out.pages,
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4
    );
}

/// Symbolic links in `handbook/` are followed as the loader follows them in `content/`: a
/// template, the fonts folder and the colour profile kept elsewhere in the site and linked in
/// make the same book; a template or a font linked from outside the site, or a profile linked
/// into cnht's own cache, is an error naming the link and where it points, and nothing of it is
/// read.
#[cfg(unix)]
#[test]
fn handbook_links_are_followed_only_inside_the_site() {
    use std::os::unix::fs::symlink;
    let site = common::site(&["handbook-basic"]);
    let root = site.path();
    let hb = root.join("handbook");
    let shared = root.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    for name in ["fonts", "icc", "directory.typ"] {
        std::fs::rename(hb.join(name), shared.join(name)).unwrap();
        symlink(Path::new("../shared").join(name), hb.join(name)).unwrap();
    }
    let model = load_site(root);
    let print = &model.site().handbook.print;
    if let Err(e) = handbook::compile(&model) {
        panic!("links inside the site are followed: {e:#?}");
    }
    if let Err(e) = handbook::colour::load(root, print) {
        panic!("the linked profile is read: {e:#?}");
    }

    // A template linked from outside the site.
    let outside = tempfile::tempdir().unwrap();
    let far = outside.path().join("directory.typ");
    std::fs::copy(shared.join("directory.typ"), &far).unwrap();
    std::fs::remove_file(hb.join("directory.typ")).unwrap();
    symlink(&far, hb.join("directory.typ")).unwrap();
    let errors = match handbook::compile(&model) {
        Err(e) => e,
        Ok(_) => panic!("a template out of the site is refused"),
    };
    let all = format!("{errors:#?}");
    assert!(
        errors.iter().any(|e| e.severity == Severity::Error
            && e.message
                .contains("handbook/directory.typ cannot be used for the PDFs")
            && e.message.contains(&far.display().to_string())
            && e.message.contains("outside the site folder")
            && e.message.contains("copy the file into the site folder")),
        "{all}"
    );
    std::fs::remove_file(hb.join("directory.typ")).unwrap();
    symlink("../shared/directory.typ", hb.join("directory.typ")).unwrap();

    // A font linked from outside the site, behind the fonts folder's own link.
    let font = shared.join("fonts/NotoSerif-Italic.ttf");
    let far_font = outside.path().join("NotoSerif-Italic.ttf");
    std::fs::rename(&font, &far_font).unwrap();
    symlink(&far_font, &font).unwrap();
    let errors = match handbook::compile(&model) {
        Err(e) => e,
        Ok(_) => panic!("a font out of the site is refused"),
    };
    assert_eq!(
        errors[0].file,
        PathBuf::from("handbook/fonts"),
        "{errors:#?}"
    );
    assert!(
        errors[0]
            .message
            .contains("handbook/fonts/NotoSerif-Italic.ttf cannot be used for the PDFs")
            && errors[0].message.contains("outside the site folder"),
        "{errors:#?}"
    );
    std::fs::remove_file(&font).unwrap();
    std::fs::rename(&far_font, &font).unwrap();

    // The colour profile linked into the cache cnht writes itself.
    let profile = root.join(&print.output_profile);
    let cached = root.join(".cache/profil.icc");
    std::fs::create_dir_all(root.join(".cache")).unwrap();
    std::fs::copy(&profile, &cached).unwrap();
    let real_profile = shared.join("icc").join(profile.file_name().unwrap());
    std::fs::remove_file(&real_profile).unwrap();
    symlink(&cached, &real_profile).unwrap();
    let e = match handbook::colour::load(root, print) {
        Err(e) => e,
        Ok(_) => panic!("a profile in the cache is refused"),
    };
    assert!(
        e.message.contains("a folder cnht writes itself") && e.message.contains("profil.icc"),
        "{e:#?}"
    );

    // The capability sheets' template linked from outside the site.
    let sheet = hb.join("sheet.typ");
    let far_sheet = outside.path().join("sheet.typ");
    std::fs::rename(&sheet, &far_sheet).unwrap();
    symlink(&far_sheet, &sheet).unwrap();
    let fonts = handbook::world::load_fonts(root, &hb.join("fonts")).unwrap();
    let sheets = tempfile::tempdir().unwrap();
    let errors = match cnht::sheets::render(&model, fonts, sheets.path(), None) {
        Err(e) => e,
        Ok(_) => panic!("a sheet template out of the site is refused"),
    };
    assert!(
        errors[0].file == Path::new("handbook/sheet.typ")
            && errors[0]
                .message
                .contains("handbook/sheet.typ cannot be used for the PDFs")
            && errors[0].message.contains("outside the site folder"),
        "{errors:#?}"
    );
}

/// The page furniture (running heads, folios, chapter bands) is set after the book has settled
/// (src/handbook/furniture.rs) exactly where and as Typst sets it on each page as the page is
/// laid out: the same book with its templates edited back to the furniture set in each page
/// gives the same words at the same places and the same pixels on every page of both PDFs, and
/// the same text marked as artifacts (what a screen reader skips) in the tagged screen PDF.
#[test]
fn page_furniture_set_after_the_book_is_the_furniture_set_in_each_page() {
    let after = basic();
    let site = common::site(&["handbook-basic"]);
    let main = site.path().join("handbook/main.typ");
    let template = std::fs::read_to_string(&main).unwrap();
    let inline = template
        .replace("#show: setup.with(furniture: false)", "#show: setup")
        .replace("#furniture-data()", "");
    assert!(
        inline.len() < template.len() && !inline.contains("furniture: false"),
        "main.typ sets its furniture after the book"
    );
    std::fs::write(&main, inline).unwrap();
    let model = load_site(site.path());
    let (_out, each_page) = render(&model);

    let pages = page_count(&after.out.screen_pdf);
    assert_eq!(pages, page_count(&each_page.screen_pdf));
    let pixels = tempfile::tempdir().unwrap();
    for (name, a, b) in [
        ("screen", &after.out.screen_pdf, &each_page.screen_pdf),
        ("print", &after.out.print_pdf, &each_page.print_pdf),
    ] {
        let words = |pdf: &Path| tool("pdftotext", &["-bbox", path_str(pdf), "-"]);
        assert_eq!(
            words(a),
            words(b),
            "{name}: the words or their places differ"
        );
        for (tag, pdf) in [("after", a), ("each", b)] {
            let prefix = pixels.path().join(format!("{name}-{tag}"));
            tool(
                "pdftoppm",
                &["-r", "30", "-png", path_str(pdf), path_str(&prefix)],
            );
        }
        for page in 1..=pages {
            let png = |tag: &str| {
                let digits = pages.to_string().len();
                let file = format!("{name}-{tag}-{page:0digits$}.png");
                std::fs::read(pixels.path().join(file)).unwrap()
            };
            assert!(
                png("after") == png("each"),
                "{name}: page {page} looks different"
            );
        }
    }
    let after_marks = artifact_text(&after.out.screen_pdf);
    assert!(
        after_marks.iter().any(|&n| n >= 2),
        "a page's running head and folio are artifacts: {after_marks:?}"
    );
    assert_eq!(after_marks, artifact_text(&each_page.screen_pdf));
}

/// For each page of `pdf`, how many text-showing operators lie inside `/Artifact` marked content.
fn artifact_text(pdf: &Path) -> Vec<usize> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let content = doc.get_and_decode_page_content(*id).unwrap();
            let mut open: Vec<bool> = Vec::new();
            let mut shown = 0;
            for op in content.operations {
                match op.operator.as_str() {
                    "BDC" | "BMC" => open.push(
                        op.operands
                            .first()
                            .and_then(|o| o.as_name().ok())
                            .is_some_and(|n| n == b"Artifact"),
                    ),
                    "EMC" => {
                        open.pop();
                    }
                    "Tj" | "TJ" | "'" | "\"" if open.contains(&true) => shown += 1,
                    _ => {}
                }
            }
            shown
        })
        .collect()
}

/// A fact's label that runs onto a second line in its narrow column ("Cơ quan ban / hành") is set
/// ragged right: the book's justified paragraphs once spread its words across the column.
#[test]
fn fact_labels_are_not_spread_across_their_column() {
    let b = basic();
    let html = tool("pdftotext", &["-bbox", path_str(&b.out.screen_pdf), "-"]);
    let words: Vec<(f64, f64, f64, &str)> = html
        .split("<word ")
        .skip(1)
        .map(|w| {
            let num = |key: &str| -> f64 {
                let i = w.find(key).unwrap() + key.len();
                w[i..i + w[i..].find('"').unwrap()].parse().unwrap()
            };
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            (num("xMin=\""), num("xMax=\""), num("yMin=\""), text)
        })
        .collect();
    let gaps: Vec<f64> = words
        .windows(2)
        .filter(|p| p[0].3 == "Cơ" && p[1].3 == "quan" && (p[0].2 - p[1].2).abs() < 0.5)
        .map(|p| p[1].0 - p[0].1)
        .collect();
    assert!(
        !gaps.is_empty(),
        "the fixture's policies have the label Cơ quan ban hành"
    );
    for gap in gaps {
        assert!(
            gap < 3.0,
            "the label's words are {gap:.1} pt apart: spread out"
        );
    }
}

#[test]
fn the_directory_prints_the_beginning_of_a_long_description_and_where_the_rest_is() {
    let site = common::site(&["handbook-basic"]);
    let file = site.path().join("content/enterprises/det-ung-hoa.md");
    let record = std::fs::read_to_string(&file).unwrap();
    // 8 words, then one paragraph of 30 sentences of 10 words, then a last paragraph.
    let sentences: Vec<String> = (1..=30)
        .map(|n| format!("Câu số {n} nói về năng lực của xưởng dệt."))
        .collect();
    let body = format!(
        "\nCông ty Dệt Ứng Hòa dệt vải kỹ thuật.\n\n{}\n\nĐoạn cuối chỉ có trên trang web.\n",
        sentences.join(" ")
    );
    std::fs::write(&file, format!("{record}{body}")).unwrap();

    // By default at most 200 words: the cut comes after the 19th sentence (8 + 190 words).
    let model = load_site(site.path());
    assert_eq!(model.site().handbook.description_words, 200);
    let (_out, h) = render(&model);
    let words = common::pdf_words(&h.screen_pdf);
    assert!(
        words.contains("Câu số 19 nói về năng lực của xưởng dệt."),
        "{words}"
    );
    assert!(
        !words.contains("Câu số 20 "),
        "the 20th sentence is left out"
    );
    assert!(!words.contains("Đoạn cuối chỉ có trên trang web."));
    assert!(
        words.contains("Giới thiệu đầy đủ: https://example.test/doanh-nghiep/det-ung-hoa/"),
        "the entry says where the whole description is"
    );
    assert_eq!(h.shortened, (1, 200), "one description was shortened");
    // Entries within the limit print whole and without the note.
    assert_eq!(words.matches("Giới thiệu đầy đủ").count(), 1);
    let print = common::pdf_words(&h.print_pdf);
    assert!(print.contains("https://example.test/doanh-nghiep/det-ung-hoa/"));

    // A higher limit in site.toml prints it whole.
    let toml = site.path().join("content/site.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    let settings = settings.replace("[handbook]\n", "[handbook]\ndescription_words = 1000\n");
    std::fs::write(&toml, settings).unwrap();
    let model = load_site(site.path());
    let (_out, h) = render(&model);
    let words = common::pdf_words(&h.screen_pdf);
    assert!(words.contains("Câu số 30 nói về năng lực của xưởng dệt."));
    assert!(words.contains("Đoạn cuối chỉ có trên trang web."));
    assert!(!words.contains("Giới thiệu đầy đủ"));
    assert_eq!(h.shortened, (0, 1000));
}

/// Which of the directory's entries are longer than a page is found out in the book's first
/// layout pass; the answers are kept in `.cache/handbook/`, so a rebuild finds out only what
/// changed, and the book is the same either way.
#[test]
fn entries_are_measured_again_only_when_they_or_the_templates_change() {
    let site = common::site(&["handbook-basic"]);
    let toml = site.path().join("content/site.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    let settings = settings.replace("[handbook]\n", "[handbook]\ndescription_words = 5000\n");
    std::fs::write(&toml, settings).unwrap();
    let count = load_site(site.path()).enterprises().len();
    let measured = || match handbook::compile(&load_site(site.path())) {
        Ok(c) => c.entries_measured,
        Err(e) => panic!("the handbook should compile: {e:#?}"),
    };
    assert_eq!(measured(), count, "the first build measures every entry");
    assert!(site.path().join(".cache/handbook/measured.json").is_file());
    assert_eq!(measured(), 0, "nothing changed: nothing measured");

    // One entry made longer than a page: measured alone; the next build takes its answer from
    // the cache and still sets it in pieces.
    let file = site.path().join("content/enterprises/det-ung-hoa.md");
    let record = std::fs::read_to_string(&file).unwrap();
    let paragraph = "Xưởng dệt có dây chuyền kiểm vải, nhuộm và hoàn tất cho vải kỹ thuật. ";
    let body: String = (0..40)
        .map(|_| format!("\n{}\n", paragraph.repeat(4)))
        .collect();
    std::fs::write(&file, format!("{record}{body}")).unwrap();
    assert_eq!(measured(), 1, "only the edited entry");
    let model = load_site(site.path());
    let (_out, h) = render(&model);
    let words = common::pdf_words(&h.screen_pdf);
    assert!(
        words.contains("Công ty TNHH Dệt Ứng Hòa (tiếp theo)"),
        "the long entry, answered by the cache, runs on with its name repeated"
    );
    // Found out in the first pass (no cache) or answered by the cache: the same files.
    let files =
        |h: &HandbookOutput| [&h.screen_pdf, &h.print_pdf].map(|p| std::fs::read(p).unwrap());
    let answered = files(&h);
    std::fs::remove_file(site.path().join(".cache/handbook/measured.json")).unwrap();
    let (_out, found) = render(&load_site(site.path()));
    assert!(
        files(&found) == answered,
        "the same screen and print files whether the long entry was known or found"
    );

    // A template changed: every entry is measured again.
    let style = site.path().join("handbook/style.typ");
    let mut text = std::fs::read_to_string(&style).unwrap();
    text.push_str("\n// changed\n");
    std::fs::write(&style, text).unwrap();
    assert_eq!(measured(), count);
    // A damaged cache is measured around, not trusted.
    std::fs::write(
        site.path().join(".cache/handbook/measured.json"),
        "{not json",
    )
    .unwrap();
    assert_eq!(measured(), count);
    assert_eq!(measured(), 0);
}
