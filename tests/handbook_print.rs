//! The print files as a print shop receives them: PDF/X-4 keys and output intent, no annotations,
//! no RGB, images within the ink limit, small text and thin rules in black ink alone, entries
//! that never strand their name at a page foot, index lines and groups that carry on properly,
//! titles and URLs broken where they should be, the cover spread's geometry, saddle stitch, the
//! edition date, the imprint, and the notes beside the files telling the truth. The PDFs are read
//! back with lopdf and poppler; what the preflight module says is checked against them.

mod common;

use common::pdf_text;
use std::collections::HashMap;

use cnht::content::{load, LoadOptions};
use cnht::handbook::{self, HandbookOutput};
use cnht::model::print::Binding;
use cnht::model::{
    Body, Capability, Enterprise, EnterpriseContact, HeldCertification, Key, Lang, Model, Origin,
    Policy, PolicyKind, PolicyStatus, Text, TextList,
};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

const PT_PER_MM: f64 = 72.0 / 25.4;

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

fn rendered(model: Model, site: TempDir) -> Rendered {
    let (out_dir, out) = render(&model);
    Rendered {
        _site: site,
        _out: out_dir,
        model,
        out,
    }
}

/// The basic fixture with its print settings (perfect binding).
fn basic() -> &'static Rendered {
    static BASIC: OnceLock<Rendered> = OnceLock::new();
    BASIC.get_or_init(|| {
        let site = common::site(&["handbook-basic"]);
        let model = load_site(site.path());
        rendered(model, site)
    })
}

/// The basic fixture with 60 more enterprises in one district and one sector: full pages of
/// entries, index groups running over columns and pages.
fn crowded() -> &'static Rendered {
    static CROWDED: OnceLock<Rendered> = OnceLock::new();
    CROWDED.get_or_init(|| {
        let site = common::site(&["handbook-basic"]);
        let mut parts = load_site(site.path()).into_parts();
        for i in 0..60 {
            parts.enterprises.push(sample(i));
        }
        rendered(Model::new(parts), site)
    })
}

/// A fictional enterprise with a varying number of facts.
fn sample(i: usize) -> Enterprise {
    let products: Vec<String> = (0..(1 + i % 5))
        .map(|k| format!("Chi tiết cơ khí loại {k} cho máy số {i}"))
        .collect();
    Enterprise {
        slug: format!("mau-{i:02}"),
        name: Text::new(
            format!("Công ty TNHH Cơ khí Mẫu Số {i:02} Hà Nội"),
            Some(format!("Sample Mechanical Company No. {i:02}")),
        ),
        tax_code: format!("01090{:05}", 10_000 + i * 37),
        sector: "linh-kien-phu-tung".into(),
        district: "ba-dinh".into(),
        industrial_park: None,
        address: format!("Số {i} phố Kim Mã, phường Kim Mã, quận Ba Đình, Hà Nội"),
        founded: Some(2000 + (i % 20) as i64),
        employees: Some(50 + i as i64),
        products: TextList {
            vi: products,
            en: vec!["Machined parts".into()],
        },
        product_groups: vec![Key::new("co-khi")],
        processes: if i.is_multiple_of(2) {
            vec![Key::new("turning"), Key::new("milling")]
        } else {
            Vec::new()
        },
        certifications: vec![HeldCertification::of("iso-9001")],
        customers: if i.is_multiple_of(3) {
            vec!["Công ty Honda Việt Nam".into()]
        } else {
            Vec::new()
        },
        export_markets: vec![Key::new("JP")],
        capability: Capability::default(),
        logo: None,
        contact: EnterpriseContact {
            phone: Some(format!("024 3700 {:04}", i)),
            website: Some(format!("https://co-khi-mau-{i}.example.vn/gioi-thieu")),
            ..Default::default()
        },
        draft: false,
        updated: None,
        body: Body::new(
            if i.is_multiple_of(4) {
                "Doanh nghiệp mẫu, không có thật. Chuyên gia công chi tiết chính xác cho ngành ô tô, xe máy và thiết bị điện.".into()
            } else {
                String::new()
            },
            None,
        ),
        sample: true,
        international: true,
        origin: Origin::default(),
    }
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

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The text of each page, as pdftotext lays it out (lines kept).
fn page_texts(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-enc", "UTF-8", p(pdf), "-"])
        .split('\u{c}')
        .map(str::to_owned)
        .collect()
}

fn print_files(b: &Rendered) -> Vec<&Path> {
    let mut v = vec![b.out.print_pdf.as_path()];
    v.extend(b.out.cover_pdf.as_deref());
    v
}

fn resolve<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    }
}

#[test]
fn print_files_are_pdfx4_with_an_embedded_cmyk_output_intent() {
    let b = basic();
    let settings = &b.model.site().handbook.print;
    let profile = std::fs::read(b.model.root().join(&settings.output_profile)).unwrap();
    for pdf in print_files(b) {
        let title = common::assert_pdfx4(pdf, &settings.output_condition_identifier, &profile);
        assert!(title.contains("Cẩm nang"), "{title}");
    }
}

#[test]
fn print_files_have_no_annotations_and_the_screen_file_keeps_its_links() {
    let b = basic();
    for pdf in print_files(b) {
        let doc = lopdf::Document::load(pdf).unwrap();
        for (n, id) in doc.get_pages() {
            assert!(
                !doc.get_dictionary(id).unwrap().has(b"Annots"),
                "{} page {n} has annotations",
                pdf.display()
            );
        }
        let annots = doc.objects.values().filter(|o| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .is_some_and(|t| t.as_name().is_ok_and(|n| n == b"Annot"))
        });
        assert_eq!(annots.count(), 0, "{}", pdf.display());
    }
    let screen = lopdf::Document::load(&b.out.screen_pdf).unwrap();
    let links: usize = screen
        .get_pages()
        .values()
        .map(|&id| {
            screen
                .get_page_annotations(id)
                .map(|a| a.len())
                .unwrap_or(0)
        })
        .sum();
    assert!(links > 20, "the screen PDF keeps its links: {links}");
}

/// Every colour space named anywhere in `doc` (content resources and images), with channels.
fn all_colour_spaces(doc: &lopdf::Document) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let describe = |cs: &lopdf::Object| -> (String, usize) {
        match resolve(doc, cs) {
            lopdf::Object::Name(n) => {
                let n = String::from_utf8_lossy(n).into_owned();
                let c = match n.as_str() {
                    "DeviceRGB" | "CalRGB" => 3,
                    "DeviceCMYK" => 4,
                    _ => 1,
                };
                (n, c)
            }
            lopdf::Object::Array(a) => {
                let kind = String::from_utf8_lossy(a[0].as_name().unwrap()).into_owned();
                let n = if kind == "ICCBased" {
                    resolve(doc, &a[1])
                        .as_stream()
                        .unwrap()
                        .dict
                        .get(b"N")
                        .unwrap()
                        .as_i64()
                        .unwrap() as usize
                } else {
                    0
                };
                (kind, n)
            }
            other => panic!("colour space {other:?}"),
        }
    };
    for obj in doc.objects.values() {
        let dict = match obj {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &s.dict,
            _ => continue,
        };
        if let Ok(cs) = dict.get(b"ColorSpace") {
            let is_image = dict
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Image");
            if is_image {
                out.push(describe(cs));
            } else if let Ok(d) = resolve(doc, cs).as_dict() {
                // A resource dictionary of colour spaces.
                out.extend(d.iter().map(|(_, v)| describe(v)));
            }
        }
    }
    out
}

#[test]
fn print_files_hold_no_rgb_and_images_stay_within_the_ink_limit() {
    let b = basic();
    let limit = b.model.site().handbook.print.ink_limit_percent;
    for pdf in print_files(b) {
        let doc = lopdf::Document::load(pdf).unwrap();
        for (name, channels) in all_colour_spaces(&doc) {
            assert!(
                channels != 3,
                "{}: colour space {name} has 3 channels",
                pdf.display()
            );
            assert!(!name.contains("RGB"), "{}: {name}", pdf.display());
        }
        // No RGB or grey colour operator in any content stream (pages and forms).
        for obj in doc.objects.values() {
            let lopdf::Object::Stream(s) = obj else {
                continue;
            };
            let is_content = s
                .dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Form")
                || !s.dict.has(b"Subtype")
                    && !s.dict.has(b"Type")
                    && !s.dict.has(b"N")
                    && !s.dict.has(b"Length1");
            if !is_content {
                continue;
            }
            let Ok(bytes) = s.decompressed_content() else {
                continue;
            };
            let Ok(content) = lopdf::content::Content::decode(&bytes) else {
                continue;
            };
            for op in content.operations {
                assert!(
                    !["rg", "RG", "g", "G"].contains(&op.operator.as_str()),
                    "{}: `{}` sets a non-CMYK colour",
                    pdf.display(),
                    op.operator
                );
            }
        }
        // Every image is DeviceCMYK, and its total ink is within the limit.
        let mut images = 0;
        for obj in doc.objects.values() {
            let lopdf::Object::Stream(s) = obj else {
                continue;
            };
            if !s
                .dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
            {
                continue;
            }
            images += 1;
            assert_eq!(
                s.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
                b"DeviceCMYK"
            );
            let px = s.decompressed_content().unwrap();
            let max = px
                .chunks_exact(4)
                .map(|p| p.iter().map(|&v| v as u32).sum::<u32>())
                .max()
                .unwrap();
            assert!(
                max as f64 / 255.0 * 100.0 <= limit + 0.5,
                "{}: an image reaches {:.0} % total ink",
                pdf.display(),
                max as f64 / 255.0 * 100.0
            );
        }
        if pdf == b.out.print_pdf {
            assert_eq!(images, 2, "the two fixture logos");
            let list = tool("pdfimages", &["-list", p(pdf)]);
            for row in list.lines().skip(2) {
                assert_eq!(row.split_whitespace().nth(5), Some("cmyk"), "{row}");
            }
        }
    }
}

#[test]
fn the_dark_grey_of_a_logo_prints_on_black_alone() {
    // The fixture's large logo is grey (0x45) and coloured on white; its grey pixels must be
    // K only, not the 70/67/66/76 a RIP's default would make of them.
    let b = basic();
    let doc = lopdf::Document::load(&b.out.print_pdf).unwrap();
    let mut neutral_k = 0;
    for obj in doc.objects.values() {
        let lopdf::Object::Stream(s) = obj else {
            continue;
        };
        if !s
            .dict
            .get(b"Subtype")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| n == b"Image")
        {
            continue;
        }
        let px = s.decompressed_content().unwrap();
        neutral_k += px
            .chunks_exact(4)
            .filter(|p| p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] > 0)
            .count();
    }
    assert!(
        neutral_k > 0,
        "grey pixels are printed with black ink alone"
    );
}

#[test]
fn small_text_and_thin_rules_are_black_ink_alone_and_the_body_is_large_enough() {
    for b in [basic(), crowded()] {
        for pdf in print_files(b) {
            let r = handbook::preflight::run(&std::fs::read(pdf).unwrap()).unwrap();
            assert!(
                r.small_text_runs > 0 || pdf != b.out.print_pdf,
                "labels and running heads are small text"
            );
            assert!(
                r.small_text_not_black.is_empty(),
                "{}: {:?}",
                pdf.display(),
                &r.small_text_not_black[..r.small_text_not_black.len().min(5)]
            );
            assert!(
                r.thin_rules_not_black.is_empty(),
                "{:?}",
                r.thin_rules_not_black
            );
            assert!(r.smallest_text_pt.unwrap() >= 6.0);
            assert!(r.transparency.is_empty(), "{:?}", r.transparency);
            assert_eq!(
                r.problems(300.0),
                low_resolution_logo(pdf, b),
                "the only problem is the fixture's 60 px logo"
            );
        }
    }
    // The running text (foreword to the directory, without the contents) is set at 9 pt or more.
    let b = basic();
    let r = handbook::preflight::run(&std::fs::read(&b.out.print_pdf).unwrap()).unwrap();
    let toc = lopdf::Document::load(&b.out.screen_pdf)
        .unwrap()
        .get_toc()
        .unwrap();
    let page_of = |t: &str| toc.toc.iter().find(|e| e.title == t).unwrap().page;
    let (contents, program, index) = (
        page_of("Mục lục"),
        page_of("Chương trình phát triển công nghiệp hỗ trợ năm 2020"),
        page_of("Chỉ mục theo quận, huyện"),
    );
    let body = r.body_text_pt_of(|p| p >= 3 && p < index && (p < contents || p >= program));
    assert!(body >= 9.0, "body text {body} pt");
}

/// The preflight problem of the basic fixture's logo of 60 × 60 px, on the page of its entry
/// (none for the cover file).
fn low_resolution_logo(pdf: &Path, b: &Rendered) -> Vec<String> {
    if pdf != b.out.print_pdf {
        return Vec::new();
    }
    let r = handbook::preflight::run(&std::fs::read(pdf).unwrap()).unwrap();
    let small: Vec<_> = r.images.iter().filter(|i| i.width_px == 60).collect();
    assert_eq!(small.len(), 1);
    vec![format!(
        "an image on page {} prints at {:.0} ppi (at least 300)",
        small[0].page, small[0].effective_ppi
    )]
}

/// Position (page, top in points from the page's bottom, page height) of each enterprise's
/// bookmark in the screen PDF: where its name is set.
fn name_positions(pdf: &Path) -> Vec<(String, usize, f64, f64)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages: std::collections::HashMap<lopdf::ObjectId, (usize, f64)> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| {
            let m = handbook::pdf::media_box(&doc, id).unwrap();
            (id, (n as usize, m[3] - m[1]))
        })
        .collect();
    let mut out = Vec::new();
    let mut next = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .ok()
        .and_then(|o| resolve(&doc, o).as_dict().ok())
        .and_then(|o| o.get(b"First").ok())
        .and_then(|f| f.as_reference().ok());
    // Walk the whole outline tree, depth first.
    let mut stack = Vec::new();
    while let Some(id) = next.or_else(|| stack.pop()) {
        let item = doc.get_dictionary(id).unwrap();
        let title = pdf_text(item.get(b"Title").unwrap());
        let dest = item.get(b"Dest").ok().or_else(|| {
            item.get(b"A")
                .ok()
                .and_then(|a| resolve(&doc, a).as_dict().ok())
                .and_then(|a| a.get(b"D").ok())
        });
        if let Some(dest) = dest.and_then(|d| resolve(&doc, d).as_array().ok()) {
            if let (Ok(page), Some(top)) = (dest[0].as_reference(), dest.get(3)) {
                let top = top.as_float().map(|v| v as f64).unwrap_or(0.0);
                let (n, h) = pages[&page];
                out.push((title, n, top, h));
            }
        }
        if let Ok(s) = item.get(b"Next").and_then(|n| n.as_reference()) {
            stack.push(s);
        }
        next = item.get(b"First").and_then(|f| f.as_reference()).ok();
    }
    out
}

#[test]
fn no_entry_is_split_and_no_name_stands_at_a_page_foot_without_its_facts() {
    for b in [basic(), crowded()] {
        let texts = page_texts(&b.out.screen_pdf);
        let positions = name_positions(&b.out.screen_pdf);
        let mut checked = 0;
        for e in b.model.enterprises() {
            let (_, page, top, height) = positions
                .iter()
                .find(|(t, ..)| *t == e.name.vi)
                .unwrap_or_else(|| panic!("no bookmark for {}", e.name.vi))
                .clone();
            assert!(
                top > 0.15 * height,
                "{} starts in the last 15 % of page {page} ({top:.0} of {height:.0} pt)",
                e.name.vi
            );
            // The whole entry is on the page of its name: its first and last facts.
            let text = &texts[page - 1];
            let after = &text[text.find(&e.tax_code).unwrap_or_else(|| {
                panic!("{}: tax code not on page {page} with the name", e.name.vi)
            })..];
            if let Some(phone) = &e.contact.phone {
                assert!(
                    after.contains(phone.as_str()),
                    "{}: split before its phone",
                    e.name.vi
                );
            }
            if let Some(site) = &e.contact.website {
                let host = site
                    .trim_start_matches("https://")
                    .split('.')
                    .next()
                    .unwrap();
                assert!(
                    after.contains(host),
                    "{}: split before its website",
                    e.name.vi
                );
            }
            checked += 1;
        }
        assert_eq!(checked, b.model.enterprises().len());
    }
}

#[test]
fn an_entry_longer_than_a_page_keeps_its_name_with_four_facts_and_says_it_continues() {
    let b = basic();
    let mut parts = b.model.clone().into_parts();
    let mut e = sample(99);
    e.products.vi = (1..=70)
        .map(|i| format!("Sản phẩm số {i} bằng thép không gỉ dùng cho máy công nghiệp"))
        .collect();
    e.customers = (1..=30)
        .map(|i| format!("Khách hàng lắp ráp số {i}"))
        .collect();
    e.body.markdown = (1..=6)
        .map(|i| format!("Đoạn {i}: doanh nghiệp mẫu, không có thật, giới thiệu năng lực gia công và kiểm tra chất lượng theo yêu cầu của khách hàng lắp ráp."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let name = e.name.vi.clone();
    parts.enterprises.push(e);
    let model = Model::new(parts);
    let (_dir, out) = render(&model);
    let texts = page_texts(&out.screen_pdf);
    let pages: Vec<usize> = (0..texts.len())
        .filter(|&i| texts[i].contains(&name))
        .collect();
    assert!(
        pages.len() >= 2,
        "the long entry runs over pages: {pages:?}"
    );
    let first = &texts[pages[0]];
    let from_name = &first[first.find(&name).unwrap()..];
    for label in ["Mã số thuế", "Địa chỉ", "Quận, huyện", "Thành lập"] {
        assert!(
            from_name.contains(label),
            "{label} is with the name on its first page"
        );
    }
    for &p in &pages[1..] {
        let t = &texts[p];
        assert!(
            t.contains(&format!("{name} (tiếp theo)"))
                || t.contains("(tiếp theo)") && t.contains(&name),
            "page {} continues the entry without saying so",
            p + 1
        );
    }
}

#[test]
fn index_numbers_stand_with_their_leaders_and_continued_groups_repeat_their_heading() {
    let b = crowded();
    let texts = page_texts(&b.out.screen_pdf);
    let start = texts
        .iter()
        .position(|t| t.contains("Chỉ mục theo quận, huyện") && !t.contains("Mục lục"))
        .unwrap();
    let index = texts[start..].join("\n");
    // Every page number in the index stands on the baseline of a dot leader (running heads and
    // folios, above and below the text area, aside).
    let html = tool(
        "pdftotext",
        &[
            "-bbox",
            "-f",
            &(start + 1).to_string(),
            p(&b.out.screen_pdf),
            "-",
        ],
    );
    let text_top = 18.0 * PT_PER_MM;
    let text_foot = (210.0 - 17.0) * PT_PER_MM;
    let mid = 148.0 / 2.0 * PT_PER_MM;
    let mut numbers = 0;
    let mut runovers = 0;
    let pixels = tempfile::tempdir().unwrap();
    for (i, page) in html.split("<page ").skip(1).enumerate() {
        // The page as poppler paints it, in grey, 2 pixels a point: the leaders are drawn.
        let n = (start + 1 + i).to_string();
        let stem = pixels.path().join(&n);
        tool(
            "pdftoppm",
            &["-f", &n, "-l", &n, "-r", "144", "-gray", "-singlefile"]
                .into_iter()
                .chain([p(&b.out.screen_pdf), p(&stem)])
                .collect::<Vec<_>>(),
        );
        let image = Gray::read(&stem.with_extension("pgm"));
        let words: Vec<(f64, f64, String, f64)> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let attr = |k: &str| -> f64 {
                    let i = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                    w[i..i + w[i..].find('"').unwrap()].parse().unwrap()
                };
                let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                (
                    attr("xMin"),
                    attr("yMax"),
                    text.trim_start_matches('\u{2060}').to_owned(),
                    attr("xMax"),
                )
            })
            .filter(|w| w.1 > text_top && w.1 < text_foot)
            .collect();
        // Page numbers are set flush right in their column.
        let right = |left_column: bool| {
            words
                .iter()
                .filter(|w| (w.0 < mid) == left_column)
                .map(|w| w.3)
                .fold(0.0f64, f64::max)
        };
        let (right_left, right_right) = (right(true), right(false));
        // A name that runs on to a second line is indented 3 mm there (hanging indent), so
        // every entry's first word stands out at the column's edge. A run-on line may hold
        // only the leader and the number: then the leader's first dot is at the indent.
        let mut edges = [None, None];
        for left_column in [true, false] {
            let column: Vec<_> = words
                .iter()
                .filter(|w| (w.0 < mid) == left_column)
                .collect();
            // The column's edge: where most of its words start (every entry's first word).
            let mut starts: HashMap<i64, usize> = HashMap::new();
            for w in &column {
                *starts.entry((w.0 * 2.0).round() as i64).or_default() += 1;
            }
            let Some((edge, _)) = starts.into_iter().max_by_key(|&(x, n)| (n, -x)) else {
                continue;
            };
            let edge = edge as f64 / 2.0;
            edges[usize::from(left_column)] = Some(edge);
            let indented = edge + 3.0 * PT_PER_MM;
            runovers += column
                .iter()
                .filter(|w| (w.0 - indented).abs() < 0.6)
                .count();
        }
        for (x, y, t, x_max) in &words {
            let edge = if *x < mid { right_left } else { right_right };
            let flush_right = (x_max - edge).abs() < 0.5;
            if !flush_right || t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            numbers += 1;
            // Dots on the number's baseline (poppler's `yMax` is the baseline plus the
            // descent, 2.3 pt at this size) in the 10 pt before it: at least two separate dark
            // marks, the nearest within 4 pt of the number. A leader of periods, a rule, or
            // nothing fails.
            let marks = image.marks(x - 10.0, x - 0.5, y - 4.5, y - 1.0);
            assert!(
                marks.len() >= 2 && marks.last().is_some_and(|&m| x - m < 4.0),
                "page number {t} at y {y:.0} on page {n} has no dot leader on its line: {marks:?}"
            );
            let alone = !words
                .iter()
                .any(|(x2, y2, _, _)| (y2 - y).abs() < 1.0 && x2 < x);
            if let (true, Some(edge)) = (alone, edges[usize::from(*x < mid)]) {
                let first = image.marks(edge - 1.0, x - 0.5, y - 4.5, y - 1.0)[0];
                let indented = edge + 3.0 * PT_PER_MM;
                assert!(
                    (first - indented).abs() < 1.5,
                    "the leader of page number {t} at y {y:.0} on page {n} starts at {first:.1}, not at the indent {indented:.1}"
                );
                runovers += 1;
            }
        }
    }
    assert!(numbers > 60, "{numbers} index page numbers checked");
    assert!(runovers > 20, "{runovers} index lines indented by 3 mm");
    // 61 enterprises in Ba Đình run over more than one column: the heading is repeated.
    assert!(
        index.contains("Quận Ba Đình (tiếp theo)"),
        "continued district group"
    );
    // The leaders are drawn, not periods: what a reader copies is the name and the number.
    assert!(!index.contains("...."), "no periods for leaders");
}

/// A page painted in grey (a binary PGM from `pdftoppm -gray`), 2 pixels a point.
struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Gray {
    fn read(path: &Path) -> Gray {
        let bytes = std::fs::read(path).unwrap();
        // "P5\n<width> <height>\n255\n" and the pixels.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let from = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[from..at]).into_owned());
        }
        assert_eq!(fields[0], "P5", "a binary grey PGM");
        let (width, height): (usize, usize) =
            (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = bytes[at + 1..].to_vec();
        assert_eq!(pixels.len(), width * height);
        Gray {
            width,
            height,
            pixels,
        }
    }

    /// The x (in points) of each separate dark mark in the band from `x0` to `x1`, `y0` to `y1`
    /// (points from the top left): the columns with a dark pixel, joined where they touch.
    fn marks(&self, x0: f64, x1: f64, y0: f64, y1: f64) -> Vec<f64> {
        let px = |v: f64, max: usize| ((v * 2.0).round().max(0.0) as usize).min(max - 1);
        let (c0, c1) = (px(x0, self.width), px(x1, self.width));
        let (r0, r1) = (px(y0, self.height), px(y1, self.height));
        let dark = |c: usize| (r0..=r1).any(|r| self.pixels[r * self.width + c] < 128);
        let mut marks = Vec::new();
        let mut run: Option<usize> = None;
        for c in c0..=c1 {
            match (dark(c), run) {
                (true, None) => run = Some(c),
                (false, Some(from)) => {
                    marks.push((from + c - 1) as f64 / 4.0);
                    run = None;
                }
                _ => {}
            }
        }
        if let Some(from) = run {
            marks.push((from + c1) as f64 / 4.0);
        }
        marks
    }
}

#[test]
fn chapter_titles_break_between_phrases_and_urls_only_at_their_punctuation() {
    let b = basic();
    let texts = page_texts(&b.out.screen_pdf);
    let all = texts.join("\n");
    let title_page = texts
        .iter()
        .find(|t| {
            t.contains("Chương trình phát triển")
                && t.contains("Mục tiêu chung")
                && !t.contains("Mục lục")
        })
        .unwrap();
    let lines: Vec<&str> = title_page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("Chương trình phát triển"))
        .unwrap();
    let (first, second) = (lines[i], lines[i + 1]);
    for compound in ["công nghiệp", "hỗ trợ", "phát triển"] {
        let (a, z) = compound.split_once(' ').unwrap();
        assert!(
            !(first.ends_with(a) && second.starts_with(z)),
            "the title breaks inside “{compound}”: {first:?} / {second:?}"
        );
    }
    assert_eq!(
        first, "Chương trình phát triển",
        "balanced, between phrases"
    );
    assert_eq!(second, "công nghiệp hỗ trợ năm 2020");

    // URLs: where one is broken over lines, the break follows "/" or precedes ".".
    let site = &b.model.site().base_url;
    let joined: String = all.chars().collect();
    let mut found = 0;
    for url in [
        site.as_str(),
        "https://vanban.chinhphu.vn/default.aspx?pageid=27160&docid=181910",
    ] {
        let mut from = 0;
        while let Some(at) = find_broken(&joined[from..], url) {
            found += 1;
            let (pos, breaks) = at;
            for k in breaks {
                let before = &url[..k];
                let after = &url[k..];
                assert!(
                    before.ends_with('/') || after.starts_with('.'),
                    "{url} breaks between {before:?} and {after:?}"
                );
            }
            from += pos + 1;
        }
    }
    assert!(found > 0, "the URLs are printed");
    // No syllable is hyphenated: no line ends in a letter and a hyphen.
    for line in all.lines() {
        let t = line.trim_end();
        let mut rev = t.chars().rev();
        if rev.next() == Some('-') {
            assert!(
                !rev.next().is_some_and(char::is_alphabetic),
                "hyphenated line: {t}"
            );
        }
    }
}

/// Finds `url` in `text` allowing line breaks inside it; returns its position and the byte
/// offsets in `url` where the lines break.
fn find_broken(text: &str, url: &str) -> Option<(usize, Vec<usize>)> {
    let first = &url[..url.len().min(12)];
    let mut from = 0;
    while let Some(rel) = text[from..].find(first) {
        let start = from + rel;
        let mut breaks = Vec::new();
        let mut ti = text[start..].chars().peekable();
        let mut ok = true;
        let mut k = 0;
        let mut newline_pending = false;
        for uc in url.chars() {
            loop {
                match ti.next() {
                    Some('\n') => newline_pending = true,
                    Some(c) if c == uc => break,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                break;
            }
            if newline_pending {
                breaks.push(k);
                newline_pending = false;
            }
            k += uc.len_utf8();
        }
        if ok {
            return Some((start, breaks));
        }
        from = start + 1;
    }
    None
}

#[test]
fn the_cover_spread_is_back_spine_front_with_bleed_and_the_spine_from_the_page_count() {
    let b = basic();
    let e = &b.model.site().handbook;
    assert_eq!(e.print.binding, Binding::Perfect);
    assert_eq!(
        b.out.pages % 16,
        0,
        "whole 16-page signatures: {}",
        b.out.pages
    );
    let cover = b
        .out
        .cover_pdf
        .as_ref()
        .expect("a cover file for perfect binding");
    let doc = lopdf::Document::load(cover).unwrap();
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    assert_eq!(pages.len(), 1, "one spread");
    let trim = handbook::pdf::page_box(&doc, pages[0], b"TrimBox")
        .unwrap()
        .unwrap();
    let bleed = handbook::pdf::page_box(&doc, pages[0], b"BleedBox")
        .unwrap()
        .unwrap();
    let spine = b.out.pages as f64 / 2.0 * e.print.paper_caliper_mm;
    let width = (bleed[2] - bleed[0]) / PT_PER_MM;
    let expected = 2.0 * e.trim_width_mm + spine + 2.0 * e.bleed_mm;
    assert!(
        (width - expected).abs() < 0.05,
        "cover width {width:.2} mm, expected {expected:.2}"
    );
    assert!(((trim[2] - trim[0]) / PT_PER_MM - (2.0 * e.trim_width_mm + spine)).abs() < 0.05);
    assert!(((trim[3] - trim[1]) / PT_PER_MM - e.trim_height_mm).abs() < 0.05);
    assert_eq!(b.out.spine_mm, Some(spine));
    let text = tool("pdftotext", &["-enc", "UTF-8", p(cover), "-"]);
    assert!(
        text.contains("SÁCH KHÔNG BÁN") && text.contains("Cẩm nang"),
        "{text}"
    );
    // A 4 mm spine carries no title: the title is printed once, on the front.
    assert_eq!(text.matches("Cẩm nang công nghiệp").count(), 1, "{text}");

    // Thicker paper: a spine wide enough for its title.
    let mut parts = b.model.clone().into_parts();
    parts.site.handbook.print.paper_caliper_mm = 0.4;
    let model = Model::new(parts);
    let (_dir, out) = render(&model);
    let text = tool(
        "pdftotext",
        &["-enc", "UTF-8", p(out.cover_pdf.as_ref().unwrap()), "-"],
    );
    assert!(out.spine_mm.unwrap() >= 5.5);
    assert_eq!(
        text.matches("Cẩm nang công nghiệp").count(),
        2,
        "front and spine: {text}"
    );
}

#[test]
fn saddle_stitch_keeps_the_cover_in_the_text_block() {
    let b = basic();
    let mut parts = b.model.clone().into_parts();
    parts.site.handbook.print.binding = Binding::Saddle;
    let model = Model::new(parts);
    let (_dir, out) = render(&model);
    assert!(out.cover_pdf.is_none());
    assert_eq!(out.pages % 4, 0);
    let texts = page_texts(&out.print_pdf);
    assert!(texts[0].contains("Cẩm nang"), "page 1 is the front cover");
    assert!(
        texts[out.pages - 1].contains("SÁCH KHÔNG BÁN"),
        "the last page is the back cover"
    );
    let doc = lopdf::Document::load(&out.print_pdf).unwrap();
    assert_eq!(doc.get_pages().len(), out.pages);
}

#[test]
fn the_edition_leaves_out_later_documents_and_shows_statuses_as_of_its_date() {
    let b = basic();
    let mut parts = b.model.clone().into_parts();
    let base = parts.policies[0].clone();
    let later = Policy {
        slug: "nghi-dinh-205-2025".into(),
        title: Text::new(
            "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 111/2015/NĐ-CP",
            None,
        ),
        number: "205/2025/NĐ-CP".into(),
        kind: PolicyKind::Decree,
        issued: cnht::model::DocDate::day(chrono::NaiveDate::from_ymd_opt(2025, 7, 14).unwrap()),
        effective: chrono::NaiveDate::from_ymd_opt(2025, 9, 1),
        body: Body::new("Sửa đổi Nghị định 111/2015/NĐ-CP.".into(), None),
        ..base
    };
    parts.policies.insert(0, later);
    // Today Decree 111 stands amended by Decree 205 (in effect from 1 September 2025).
    let nd111 = parts
        .policies
        .iter_mut()
        .find(|p| p.number == "111/2015/NĐ-CP")
        .unwrap();
    nd111.status = PolicyStatus::Amended;
    nd111.amended_by = vec!["nghi-dinh-205-2025".into()];
    let model = Model::new(parts);
    let amended = PolicyStatus::Amended.label(Lang::Vi);
    let words = |pdf: &Path| {
        page_texts(pdf)
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (_d, out) = render(&model);
    let text = words(&out.screen_pdf);
    assert!(
        !text.contains("205/2025/NĐ-CP"),
        "a 2025 decree in the 2020 edition"
    );
    assert!(text.contains("111/2015/NĐ-CP"));
    assert!(
        text.contains("ban hành đến ngày 31/12/2020"),
        "the edition date is stated"
    );
    // On that day Decree 111 was in force and not yet amended.
    // (Labels and values come out in two columns: the effective date, then the status.)
    assert!(text.contains("01/01/2016 Còn hiệu lực"), "{text}");
    assert!(
        !text.contains(amended),
        "shown amended before the amendment existed"
    );

    let mut parts = model.into_parts();
    parts.site.handbook.edition_date = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let model = Model::new(parts);
    let (_d, out) = render(&model);
    let text = words(&out.screen_pdf);
    assert!(
        text.contains("205/2025/NĐ-CP"),
        "a later edition includes it"
    );
    assert!(
        text.contains(amended),
        "and shows the amendment in effect (named as on the website)"
    );
}

#[test]
fn the_imprint_carries_licence_print_run_size_printer_and_date() {
    let b = basic();
    let i = &b.model.site().handbook.imprint;
    assert!(
        i.missing().is_empty(),
        "the fixture sets every imprint field"
    );
    let page2 = &page_texts(&b.out.print_pdf)[1];
    let t: String = page2.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in [
        format!(
            "Giấy phép xuất bản số {}",
            i.licence_number.as_deref().unwrap()
        ),
        "In 2.000 bản, khổ 14,8 × 21 cm".to_owned(),
        i.printer.clone().unwrap(),
        "In xong và nộp lưu chiểu tháng 12 năm 2020".to_owned(),
        "Sở Công Thương Hà Nội".to_owned(),
    ] {
        assert!(t.contains(&s), "imprint lacks {s:?}: {t}");
    }
    assert!(!b.out.warnings.iter().any(|w| w
        .field
        .as_deref()
        .is_some_and(|f| f.starts_with("handbook.imprint"))));
    // Without them, the build warns naming the setting.
    let mut parts = b.model.clone().into_parts();
    parts.site.handbook.imprint = Default::default();
    let model = Model::new(parts);
    let (_d, out) = render(&model);
    let fields: Vec<_> = out
        .warnings
        .iter()
        .filter_map(|w| w.field.clone())
        .collect();
    assert!(
        fields.contains(&"handbook.imprint.licence_number".to_owned()),
        "{fields:?}"
    );
}

#[test]
fn the_notes_beside_the_files_are_true_of_the_files() {
    let b = basic();
    let readme = std::fs::read_to_string(&b.out.readme).unwrap();
    let report = std::fs::read_to_string(&b.out.preflight).unwrap();
    let check = handbook::preflight::run(&std::fs::read(&b.out.print_pdf).unwrap()).unwrap();
    // What the README claims about colour, type and rules is what the file holds.
    assert!(readme.contains("không có RGB (no RGB)") && check.rgb_uses.is_empty());
    assert!(
        readme.contains(&format!(
            "text under 8 pt: {} runs, 0 not 100 % K",
            check.small_text_runs
        )),
        "{readme}"
    );
    assert!(
        readme.contains("rules under 0.5 pt not 100 % K); nét mảnh nhất")
            && readme.contains("K 100 %: 0")
    );
    assert!(readme.contains("PDF/X-4"));
    assert!(readme.contains(&b.model.site().handbook.print.output_condition_identifier));
    assert!(readme.contains(&format!("Số trang (Pages): {}", b.out.pages)));
    let cover = b.out.cover_pdf.as_ref().unwrap();
    assert!(readme.contains(cover.file_name().unwrap().to_str().unwrap()));
    assert!(
        readme.contains(&format!(
            "gáy (spine) {}",
            handbook_mm(b.out.spine_mm.unwrap())
        )),
        "{readme}"
    );
    // The preflight report covers both files and passes.
    assert!(report.contains(b.out.print_pdf.file_name().unwrap().to_str().unwrap()));
    assert!(report.contains(cover.file_name().unwrap().to_str().unwrap()));
    // The print file fails on the fixture's 60 px logo alone, and says so; the cover passes.
    assert_eq!(
        report.matches("Kết quả (Result): đạt (passes)").count(),
        1,
        "{report}"
    );
    assert!(
        report.contains("Kết quả (Result): 1 lỗi (problems)"),
        "{report}"
    );
    assert_eq!(
        b.out.preflight_problems,
        low_resolution_logo(&b.out.print_pdf, b)
    );
    assert!(b
        .out
        .warnings
        .iter()
        .any(|w| w.message.contains("fails preflight") && w.message.contains("ppi")));
}

fn handbook_mm(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

#[test]
fn cnht_handbook_preflight_prints_the_report() {
    let site = common::site(&["handbook-basic"]);
    let out = tempfile::tempdir().unwrap();
    let run = common::cnht(&[
        "handbook",
        "--root",
        p(site.path()),
        "--out",
        p(out.path()),
        "--preflight",
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("Kiểm tra trước in (Preflight)"), "{stdout}");
    // The fixture's 60 px logo is the one problem.
    assert!(stdout.contains("Preflight: 1 problem(s)"), "{stdout}");
    assert!(stdout.contains("prints at 95 ppi"), "{stdout}");
    assert!(out.path().join("cam-nang/preflight-in-an.txt").is_file());
    assert!(out
        .path()
        .join("cam-nang/cam-nang-cnht-ha-noi-2020-bia-in-an.pdf")
        .is_file());
}

#[test]
fn an_editor_reads_the_handbook_build_in_vietnamese_and_english_with_lang_en() {
    let site = common::site(&["handbook-basic"]);
    // Without its licence number the book is still printed, with a warning on the field.
    let settings = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        text.replace("licence_number = \"99/GP-MẪU\"\n", ""),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let args = ["handbook", "--root", p(site.path()), "--out", p(out.path())];
    let text_of = |run: &std::process::Output| {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stderr),
            String::from_utf8_lossy(&run.stdout)
        )
    };

    let vi = text_of(&common::cnht_as_editor(&args));
    for line in [
        "cảnh báo: handbook.imprint.licence_number: phần thông tin xuất bản thiếu một trường mà xuất bản phẩm ở Việt Nam bắt buộc phải có",
        " = điền trường này trong [handbook.imprint] trước khi gửi sách đến nhà in",
        "cảnh báo: tệp in không đạt kiểm tra trước in: một ảnh ở trang ",
        " in ở độ phân giải 95 ppi (cần ít nhất 300)",
        " = xem preflight-in-an.txt bên cạnh các tệp PDF",
        "cảnh báo: logo quá nhỏ để in: 60 × ",
        "Cẩm nang: ",
        "Kiểm tra trước in: 1 vấn đề → ",
        "Đã xuất bản vào ",
    ] {
        assert!(vi.contains(line), "{line:?} in:\n{vi}");
    }
    for english in [
        "the imprint lacks",
        "Handbook:",
        "Preflight:",
        "Published to",
        "too small",
        "prints at",
    ] {
        assert!(!vi.contains(english), "{english:?} in:\n{vi}");
    }

    let en = text_of(&common::cnht(&args));
    for line in [
        "warning: handbook.imprint.licence_number: the imprint lacks a field a Vietnamese publication must carry; the handbook prints without it",
        " = set it in [handbook.imprint] before the book goes to the printer",
        "warning: the print file fails preflight: an image on page ",
        " prints at 95 ppi (at least 300)",
        "warning: the logo is too small for print: 60 × ",
        "Handbook: ",
        "Preflight: 1 problem(s) → ",
        "Published to ",
    ] {
        assert!(en.contains(line), "{line:?} in:\n{en}");
    }
}

#[test]
fn cnht_preflight_checks_any_pdf_and_fails_on_problems() {
    let b = basic();
    let cover = b.out.cover_pdf.as_ref().unwrap();
    let run = common::cnht(&["preflight", p(cover)]);
    assert!(run.status.success(), "the cover passes");
    // The screen edition is no print file: RGB, links, no output intent.
    let run = common::cnht(&["preflight", p(&b.out.screen_pdf)]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success());
    for what in ["no output intent", "annotations (links)", "uses of RGB"] {
        assert!(stdout.contains(what), "{what}: {stdout}");
    }
}

/// The bundled handbook's indexes (groups of every size in five indexes, many running on over
/// columns and pages) give a layout Typst settles: no "did not converge" or "did not
/// stabilize" warning (the "(tiếp theo)" headings used to move the lines after them one pass at
/// a time), and a run-on repeats its heading.
#[test]
fn indexes_with_long_groups_converge() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, out) = render(&load_site(repo));
    let unsettled: Vec<&str> = out
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("converge") || m.contains("stabilize"))
        .collect();
    assert!(unsettled.is_empty(), "{unsettled:?}");
    let t = page_texts(&out.screen_pdf).join("\n");
    assert!(t.contains("(tiếp theo)"), "some group runs on");
}
