//! Open data (the directory and the task table as CSV and JSON) and structured data (schema.org
//! JSON-LD, OpenGraph) of the website.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

fn build(dir: &Path) {
    let mut opts = cnht::BuildOptions::new(dir);
    opts.handbook = false;
    opts.compress = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("build failed:\n{}", report.render(false));
    }
}

fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site(&["basic"]);
        build(dir.path());
        dir
    })
    .path()
}

fn public(rel: &str) -> String {
    read(&built().join("public"), rel)
}

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(built().join("public").join(rel)).unwrap()
}

const PUBLISHED: usize = 4; // an-phat, det-ung-hoa, dien-tu-duong, hostile (not the draft)

fn csv_records(data: &[u8]) -> Vec<csv::StringRecord> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").expect("UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data)
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn directory_csv_opens_in_excel_with_one_row_per_enterprise() {
    let data = bytes("doanh-nghiep.csv");
    assert!(
        data.starts_with(b"\xEF\xBB\xBF"),
        "starts with the UTF-8 BOM"
    );
    let text = std::str::from_utf8(&data).unwrap();
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    assert!(
        text.starts_with("\u{feff}name,name_en,tax_code,sector,district,industrial_park,address,founded,employees,products,product_groups,processes,certifications,export_markets,ownership,languages,equipment,materials,tolerance,monthly_capacity,quality_equipment,quality_methods,phone,email,website,url,sample\r\n"),
        "header"
    );
    let rows = csv_records(&data);
    assert_eq!(
        rows.len(),
        PUBLISHED + 1,
        "header + one row per published enterprise"
    );
    let an_phat = rows.iter().find(|r| &r[2] == "0112345027").unwrap();
    assert_eq!(
        &an_phat[0], "Công ty TNHH Ăn Phát",
        "Vietnamese text intact"
    );
    assert_eq!(&an_phat[1], "An Phat Co., Ltd.");
    assert_eq!(&an_phat[3], "Linh kiện, phụ tùng");
    assert_eq!(&an_phat[4], "Đông Anh");
    assert_eq!(&an_phat[5], "Khu công nghiệp Thăng Long");
    assert_eq!(&an_phat[7], "2005");
    assert_eq!(&an_phat[9], "Chi tiết dập kim loại; Khuôn dập");
    assert_eq!(&an_phat[11], "Dập kim loại; Hàn");
    assert_eq!(&an_phat[12], "ISO 9001:2015; IATF 16949:2016");
    assert_eq!(&an_phat[13], "Nhật Bản; Hàn Quốc");
    assert_eq!(&an_phat[25], "https://example.test/doanh-nghiep/an-phat/");
    // Quotes and commas survive the round trip.
    let hostile = rows.iter().find(|r| &r[2] == "0112345059").unwrap();
    assert_eq!(&hostile[6], "\"Quoted\" <b>address</b>");
    assert!(
        text.contains("\"\"\"Quoted\"\" <b>address</b>\""),
        "RFC 4180 quoting"
    );
    assert!(!rows.iter().any(|r| &r[0] == "Công ty Nháp"), "no draft");
}

#[test]
fn english_directory_csv_has_english_names_and_pages() {
    let data = bytes("en/doanh-nghiep.csv");
    assert!(
        data.starts_with(b"\xEF\xBB\xBF"),
        "starts with the UTF-8 BOM"
    );
    let rows = csv_records(&data);
    assert_eq!(
        rows[0],
        csv_records(&bytes("doanh-nghiep.csv"))[0],
        "same columns"
    );
    assert_eq!(rows.len(), PUBLISHED + 1);
    let an_phat = rows.iter().find(|r| &r[2] == "0112345027").unwrap();
    assert_eq!(
        &an_phat[0], "Công ty TNHH Ăn Phát",
        "the registered name stays"
    );
    assert_eq!(&an_phat[1], "An Phat Co., Ltd.");
    assert_eq!(&an_phat[4], "Đông Anh District");
    assert_eq!(&an_phat[5], "Thang Long Industrial Park");
    assert_eq!(&an_phat[11], "Metal stamping; Welding");
    assert_eq!(&an_phat[13], "Japan; South Korea");
    assert_eq!(
        &an_phat[25],
        "https://example.test/en/doanh-nghiep/an-phat/"
    );
}

#[test]
fn directory_json_has_the_same_records() {
    let v: Value = serde_json::from_slice(&bytes("doanh-nghiep.json")).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), PUBLISHED);
    let an_phat = list.iter().find(|e| e["tax_code"] == "0112345027").unwrap();
    assert_eq!(an_phat["name"], "Công ty TNHH Ăn Phát");
    assert_eq!(an_phat["employees"], 250);
    assert_eq!(
        an_phat["products"],
        serde_json::json!(["Chi tiết dập kim loại", "Khuôn dập"])
    );
    assert_eq!(
        an_phat["export_markets"],
        serde_json::json!(["Nhật Bản", "Hàn Quốc"])
    );
    let keys: Vec<&String> = an_phat.as_object().unwrap().keys().collect();
    let header = csv_records(&bytes("doanh-nghiep.csv"))[0].clone();
    let mut expected: Vec<&str> = header.iter().collect();
    expected.push("keys");
    let mut got: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    expected.sort();
    got.sort();
    assert_eq!(
        got, expected,
        "the CSV's fields, and the keys behind the names"
    );
    // The keys a program matches on, whatever the language or a renamed entry.
    let k = &an_phat["keys"];
    assert_eq!(k["sector"], "linh-kien-phu-tung");
    assert_eq!(k["district"], "dong-anh");
    assert_eq!(k["processes"], serde_json::json!(["stamping", "welding"]));
    assert_eq!(k["export_markets"], serde_json::json!(["JP", "KR"]));
    assert_eq!(
        k["certifications"],
        serde_json::json!(["iso-9001", "iatf-16949"])
    );
    assert_eq!(k["ownership"], "domestic");
    let det = list.iter().find(|e| e["tax_code"] == "0112345041").unwrap();
    assert_eq!(det["name_en"], Value::Null);
}

#[test]
fn task_table_as_csv_and_json() {
    let data = bytes("chuong-trinh/2020/nhiem-vu.csv");
    let rows = csv_records(&data);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "number",
            "group",
            "task",
            "task_en",
            "expected_result",
            "period",
            "lead",
            "coordinating",
            "status",
            "status_sample"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][2], "Khảo sát, xây dựng cơ sở dữ liệu doanh nghiệp");
    assert_eq!(&rows[1][7], "Sở Tài chính");
    let v: Value = serde_json::from_slice(&bytes("chuong-trinh/2020/nhiem-vu.json")).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["coordinating"], serde_json::json!(["Sở Tài chính"]));
    assert_eq!(v[1]["status"], "in-progress");
}

#[test]
fn open_data_is_linked_in_both_languages() {
    for (page, csv) in [
        ("doanh-nghiep/index.html", "/doanh-nghiep.csv"),
        ("en/doanh-nghiep/index.html", "/en/doanh-nghiep.csv"),
    ] {
        let html = public(page);
        assert!(html.contains(&format!("href=\"{csv}\"")), "{page}");
        assert!(html.contains("href=\"/doanh-nghiep.json\""), "{page}");
    }
    for page in [
        "chuong-trinh/2020/index.html",
        "en/chuong-trinh/2020/index.html",
    ] {
        let html = public(page);
        assert!(
            html.contains("href=\"/chuong-trinh/2020/nhiem-vu.csv\""),
            "{page}"
        );
        assert!(
            html.contains("href=\"/chuong-trinh/2020/nhiem-vu.json\""),
            "{page}"
        );
    }
}

#[test]
fn open_data_is_deterministic() {
    let other = site(&["basic"]);
    build(other.path());
    for f in [
        "doanh-nghiep.csv",
        "doanh-nghiep.json",
        "chuong-trinh/2020/nhiem-vu.csv",
        "chuong-trinh/2020/nhiem-vu.json",
    ] {
        assert_eq!(
            bytes(f),
            std::fs::read(other.path().join("public").join(f)).unwrap(),
            "{f} differs between two builds"
        );
    }
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Value {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    let start = html.find(OPEN).expect("a JSON-LD script") + OPEN.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end])
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{}", &html[start..end]))
}

#[test]
fn enterprise_pages_carry_organization_json_ld() {
    let v = json_ld(&public("doanh-nghiep/an-phat/index.html"));
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "Organization");
    assert_eq!(v["name"], "Công ty TNHH Ăn Phát");
    assert_eq!(v["alternateName"], "An Phat Co., Ltd.");
    assert_eq!(v["taxID"], "0112345027");
    assert_eq!(v["address"]["@type"], "PostalAddress");
    assert_eq!(v["address"]["addressLocality"], "Đông Anh");
    assert_eq!(v["address"]["addressRegion"], "Hà Nội");
    assert_eq!(v["address"]["addressCountry"], "VN");
    assert_eq!(v["telephone"], "024 3000 0001");
    assert_eq!(v["email"], "info@anphat.example.vn");
    assert_eq!(v["url"], "https://anphat.example.vn");
    assert_eq!(v["foundingDate"], "2005");
    assert_eq!(v["numberOfEmployees"]["value"], 250);
    assert_eq!(
        v["knowsAbout"],
        serde_json::json!(["Chi tiết dập kim loại", "Khuôn dập"])
    );
    assert_eq!(v["hasCredential"][1]["name"], "IATF 16949:2016");
    let logo = v["logo"].as_str().unwrap();
    assert!(
        logo.starts_with("https://example.test/static/img/"),
        "{logo}"
    );
    // The English page: the same organisation, English products.
    let en = json_ld(&public("en/doanh-nghiep/an-phat/index.html"));
    assert_eq!(en["taxID"], "0112345027");
    assert_eq!(
        en["knowsAbout"],
        serde_json::json!(["Metal stamped parts", "Stamping dies"])
    );
}

#[test]
fn a_hostile_name_cannot_leave_the_json_ld_script() {
    let html = public("doanh-nghiep/hostile/index.html");
    let v = json_ld(&html);
    assert_eq!(v["name"], "Công ty <script>alert('x')</script> & Co");
    assert_eq!(v["address"]["streetAddress"], "\"Quoted\" <b>address</b>");
    assert_eq!(v["knowsAbout"][0], "<img src=x onerror=alert(1)>");
    assert!(
        html.contains("<\\/script>"),
        "`</` is escaped inside the script"
    );
    // The JSON-LD parsed above ends at the first `</script>`: had the name closed the element,
    // the JSON would have been cut short and would not parse to the full name.
    let end = html.find("</script>").unwrap();
    assert!(
        !html[end..].contains("<script>alert"),
        "no script element from the name after the JSON-LD"
    );
    assert_eq!(
        html.matches("</script>").count(),
        1,
        "a single script element"
    );
}

#[test]
fn policies_carry_legislation_json_ld() {
    let v = json_ld(&public("chinh-sach/nd-111/index.html"));
    assert_eq!(v["@type"], "Legislation");
    assert_eq!(v["legislationIdentifier"], "111/2015/NĐ-CP");
    assert_eq!(v["legislationDate"], "2015-11-03");
    assert_eq!(v["legislationType"], "Nghị định");
    assert_eq!(v["legislationPassedBy"]["name"], "Chính phủ");
    // The fixture's statuses name no source: search engines are not told a legal force that
    // nothing supports (the bundled content's sourced ones are checked in tests/provenance.rs).
    assert!(v.get("legislationLegalForce").is_none(), "{v}");
    let amending = json_ld(&public("chinh-sach/nd-205/index.html"));
    assert_eq!(
        amending["legislationAmends"][0]["legislationIdentifier"],
        "111/2015/NĐ-CP"
    );
    assert_eq!(
        amending["legislationChanges"][0]["legislationIdentifier"],
        "111/2015/NĐ-CP"
    );
}

#[test]
fn opengraph_tags() {
    let page = public("doanh-nghiep/an-phat/index.html");
    for tag in [
        "<meta property=\"og:title\" content=\"Công ty TNHH Ăn Phát\">",
        "<meta property=\"og:url\" content=\"https://example.test/doanh-nghiep/an-phat/\">",
        "<meta property=\"og:locale\" content=\"vi_VN\">",
        "<meta property=\"og:locale:alternate\" content=\"en_US\">",
        "<meta property=\"og:type\" content=\"",
        "<meta property=\"og:description\" content=\"",
        "<meta property=\"og:image\" content=\"https://example.test/static/img/",
    ] {
        assert!(page.contains(tag), "{tag} missing");
    }
    let en = public("en/doanh-nghiep/an-phat/index.html");
    assert!(en.contains("<meta property=\"og:title\" content=\"An Phat Co., Ltd.\">"));
    assert!(en.contains("<meta property=\"og:locale\" content=\"en_US\">"));
    // Other pages get the basics.
    let home = public("en/index.html");
    assert!(home.contains("<meta property=\"og:title\" content=\"CNHT test site\">"));
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    assert!(home.contains("<meta property=\"og:url\" content=\"https://example.test/en/\">"));
}

/// The spreadsheet rule, on the cells both CSV writers are checked with: this one (the open
/// data) here, the browser's export of a shortlist (`themes/cnht/static/js/csv.js`) in the
/// readers' test, from the same file.
#[test]
fn spreadsheet_rule_on_the_shared_hostile_cells() {
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/spreadsheet-cells.json")).unwrap(),
    )
    .unwrap();
    let text = cases["text"].as_array().unwrap();
    assert!(text.len() > 20);
    for case in text {
        let (cell, want) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(
            cnht::site::opendata::spreadsheet_text(cell),
            want,
            "{cell:?}"
        );
    }
    for case in cases["list"].as_array().unwrap() {
        let items: Vec<String> = serde_json::from_value(case[0].clone()).unwrap();
        assert_eq!(
            cnht::site::opendata::spreadsheet_list(&items),
            case[1].as_str().unwrap()
        );
    }
}
