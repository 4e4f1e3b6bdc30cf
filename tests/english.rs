//! The English website: every page exists under /en/ with English interface strings and the
//! records' English fields, a language switch to the same page, hreflang alternates, a sitemap
//! with both languages, English feeds, and a clear notice where a text exists only in Vietnamese.

mod common;
use common::*;
use std::path::Path;
use std::sync::OnceLock;

/// One build of the basic fixture (the website only), shared by the tests.
fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| built_site(&["basic"], false)).path()
}

fn public(rel: &str) -> String {
    read(&built().join("public"), rel)
}

/// Every built HTML page, as its path under public/.
fn html_pages() -> Vec<String> {
    let root = built().join("public");
    let mut v: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn english_home_has_english_interface_and_site_texts() {
    let home = public("en/index.html");
    assert!(home.contains("<html lang=\"en\""), "lang attribute");
    assert!(home.contains("CNHT test site"), "site title_en");
    assert!(
        home.contains("Find an enterprise"),
        "English interface string"
    );
    assert!(
        home.contains("href=\"/en/doanh-nghiep/\""),
        "links stay in English"
    );
    assert!(
        home.contains("Components and spare parts"),
        "sector name_en on the sector cards"
    );
    assert!(
        !home.contains("Tra cứu doanh nghiệp"),
        "no Vietnamese interface string"
    );
    // Shared files are not prefixed.
    assert!(home.contains("href=\"/static/h/css/site."));
    assert!(!home.contains("/en/static/"));
    assert!(
        !home.contains("/en/cam-nang/cam-nang"),
        "the PDFs are shared"
    );
}

#[test]
fn every_page_exists_in_both_languages() {
    let pages = html_pages();
    let vi: Vec<&String> = pages
        .iter()
        // The search page belongs to the search helper, which builds its own languages.
        .filter(|p| !p.starts_with("en/") && !p.starts_with("tim-kiem/"))
        .collect();
    assert!(vi.len() > 20, "{vi:?}");
    for p in vi {
        let en = format!("en/{p}");
        assert!(pages.contains(&en), "{en} is missing");
    }
}

#[test]
fn vocabulary_and_capability_fields_are_english_or_marked() {
    let en = public("en/doanh-nghiep/an-phat/index.html");
    let vi = public("doanh-nghiep/an-phat/index.html");
    // Vocabulary names from content/data/*.toml, in the page's language.
    for (english, vietnamese) in [
        ("<li>Metal stamping</li>", "<li>Dập kim loại</li>"),
        ("<li>Welding</li>", "<li>Hàn</li>"),
        ("<li>South Korea</li>", "<li>Hàn Quốc</li>"),
        (
            "<li>Mechanical parts and spares</li>",
            "<li>Chi tiết, phụ tùng cơ khí</li>",
        ),
    ] {
        assert!(en.contains(english), "{english} on the English page");
        assert!(
            vi.contains(vietnamese),
            "{vietnamese} on the Vietnamese page"
        );
        assert!(
            !en.contains(vietnamese),
            "no {vietnamese} on the English page"
        );
    }
    // Certificates: the listing by key, the body, the expired one said in words.
    assert!(en.contains("href=\"/en/chung-nhan/iso-9001/\""));
    assert!(en.contains("Certified by: Bureau Veritas"));
    assert!(
        en.contains("Expired on 2020-01-31"),
        "the expired IATF certificate"
    );
    assert!(vi.contains("Đã hết hạn ngày 2020-01-31"));
    // The capability profile: English names, measures as written, a Vietnamese-only text marked.
    assert!(en.contains("<h2 id=\"nang-luc\">Capabilities</h2>"));
    assert!(en.contains("Stamping press</span> × 12 (25–200 t)"));
    assert!(en.contains("SPCC steel; 304 stainless steel"));
    assert!(en.contains("±0,02 mm"));
    assert!(en.contains("<dd lang=\"vi\">1,5 triệu chi tiết <span class=\"note\" lang=\"en\">(In Vietnamese)</span></dd>"));
    assert!(en.contains("Coordinate measuring machine (CMM)"));
    assert!(
        en.contains("PPAP (production part approval); APQP (advanced product quality planning)")
    );
    assert!(en.contains("<dd>Domestic</dd>"));
    assert!(en.contains("<dd>Vietnamese, English, Japanese</dd>"));
    assert!(vi.contains("<dd>Tiếng Việt, Tiếng Anh, Tiếng Nhật</dd>"));
    // Free texts that exist only in Vietnamese say so on the English page.
    assert!(en.contains("<li>Nhà lắp ráp xe máy</li>"));
    assert!(en.contains("<p class=\"note\">(In Vietnamese)</p>"));
    assert!(
        en.contains("Bà Nguyễn Thị Ăn <span class=\"note\" lang=\"en\">(In Vietnamese)</span>"),
        "the contact person's title is Vietnamese and says so"
    );
}

#[test]
fn enterprise_page_uses_english_fields() {
    let page = public("en/doanh-nghiep/an-phat/index.html");
    assert!(
        page.contains("<h1>An Phat Co., Ltd.</h1>"),
        "name_en as the title"
    );
    assert!(
        page.contains("lang=\"vi\">Công ty TNHH Ăn Phát</p>"),
        "the registered name, marked Vietnamese"
    );
    assert!(page.contains("Metal stamped parts"), "products_en");
    assert!(
        page.contains("Components and spare parts"),
        "sector name_en"
    );
    assert!(page.contains("Thang Long Industrial Park"), "park name_en");
    assert!(
        page.contains("Đông Anh District"),
        "district with its English kind"
    );
    assert!(page.contains("Tax code"), "English field label");
    assert!(page.contains("Japan"), "export markets in English");
    assert!(
        page.contains("href=\"/en/chinh-sach/nd-111/\""),
        "@/ link of the body leads to the English page"
    );
}

#[test]
fn vietnamese_only_text_is_announced_and_marked() {
    // An Phát has no description_en: the body is shown in Vietnamese with a notice.
    let page = public("en/doanh-nghiep/an-phat/index.html");
    assert!(page.contains("This text is available only in Vietnamese."));
    let notice = page.find("available only in Vietnamese").unwrap();
    let body = page.find("<strong>dập kim loại</strong>").unwrap();
    assert!(notice < body, "the notice comes before the text");
    let before = &page[..body];
    assert!(
        before
            .rfind("<div lang=\"vi\">")
            .is_some_and(|i| i > notice),
        "the Vietnamese text is marked lang=\"vi\""
    );
    // Without name_en the Vietnamese name is the title, marked as such.
    let page = public("en/doanh-nghiep/det-ung-hoa/index.html");
    assert!(page.contains("<h1 lang=\"vi\">Công ty TNHH Dệt Ứng Hòa</h1>"));
    assert!(
        page.contains("lang=\"vi\"><li>Vải kỹ thuật</li>"),
        "products"
    );
    // The Vietnamese page has no such notice.
    let vi = public("doanh-nghiep/an-phat/index.html");
    assert!(!vi.contains("only in Vietnamese") && !vi.contains("chỉ có bằng tiếng Việt"));
}

#[test]
fn listing_titles_are_translated() {
    assert!(public("doanh-nghiep/index.html").contains("<h1>Danh bạ doanh nghiệp</h1>"));
    assert!(public("en/doanh-nghiep/index.html").contains("<h1>Enterprise directory</h1>"));
    assert!(public("en/tin-tuc/index.html").contains("<h1>News</h1>"));
    assert!(public("en/thi-truong/index.html").contains("<h1>Market information</h1>"));
    let sector = public("en/linh-vuc/linh-kien-phu-tung/index.html");
    assert!(sector.contains("<h1>Components and spare parts</h1>"));
    assert!(sector.contains("lang=\"vi\">Linh kiện, phụ tùng</p>"));
    assert!(public("en/quan-huyen/long-bien/index.html").contains("<h1>Long Biên District</h1>"));
    assert!(public("quan-huyen/long-bien/index.html").contains("<h1>Quận Long Biên</h1>"));
    let policy = public("en/chinh-sach/nd-111/index.html");
    assert!(
        policy.contains("Decree 111/2015/NĐ-CP"),
        "document kind translated"
    );
    let page = public("en/gioi-thieu/index.html");
    assert!(page.contains("<h1>About</h1>"), "page title_en");
}

#[test]
fn language_switch_leads_to_the_same_page() {
    let vi = public("doanh-nghiep/an-phat/index.html");
    assert!(
        vi.contains("<a href=\"/en/doanh-nghiep/an-phat/\" hreflang=\"en\" lang=\"en\""),
        "Vietnamese → English"
    );
    let en = public("en/doanh-nghiep/an-phat/index.html");
    assert!(
        en.contains("<a href=\"/doanh-nghiep/an-phat/\" hreflang=\"vi\" lang=\"vi\""),
        "English → Vietnamese"
    );
    let page2 = public("en/doanh-nghiep/trang/2/index.html");
    assert!(page2.contains("<a href=\"/doanh-nghiep/trang/2/\" hreflang=\"vi\""));
    assert!(public("index.html").contains("<a href=\"/en/\" hreflang=\"en\""));
}

#[test]
fn every_page_has_hreflang_alternates() {
    // The search page belongs to the search helper, which builds its own languages; the files of
    // cards (`doanh-nghiep/the/`) are not pages but the shortlists' cards, in both languages.
    for p in html_pages()
        .into_iter()
        .filter(|p| !p.contains("tim-kiem/") && !p.contains("doanh-nghiep/the/"))
    {
        let html = public(&p);
        let path = p.trim_start_matches("en/").trim_end_matches("index.html");
        let path = format!("/{path}");
        for (lang, url) in [
            ("vi", format!("https://example.test{path}")),
            ("en", format!("https://example.test/en{path}")),
            ("x-default", format!("https://example.test{path}")),
        ] {
            let tag = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">");
            assert!(html.contains(&tag), "{p}: {tag} missing");
        }
    }
}

#[test]
fn sitemap_lists_both_languages_with_alternates() {
    let sitemap = public("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    for loc in [
        "<loc>https://example.test/doanh-nghiep/an-phat/</loc>",
        "<loc>https://example.test/en/doanh-nghiep/an-phat/</loc>",
        "<loc>https://example.test/en/</loc>",
        "<loc>https://example.test/en/thong-ke/</loc>",
    ] {
        assert!(sitemap.contains(loc), "{loc} missing");
    }
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.test/en/doanh-nghiep/an-phat/\"/>"
    ));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.test/doanh-nghiep/an-phat/\"/>"
    ));
    assert_eq!(
        sitemap.matches("<loc>https://example.test/en/").count(),
        sitemap.matches("<loc>").count() / 2,
        "as many English addresses as Vietnamese ones"
    );
}

#[test]
fn english_feeds() {
    let atom = public("en/tin-tuc/atom.xml");
    assert!(atom.contains("xml:lang=\"en\""));
    assert!(
        atom.contains("<title>News – CNHT test site</title>"),
        "{atom}"
    );
    assert!(atom.contains("https://example.test/en/tin-tuc/hoi-cho-2020/"));
    // The news item has no English title: its entry says it is in Vietnamese.
    assert!(atom.contains("<entry xml:lang=\"vi\">"));
    let atom = public("en/chinh-sach/atom.xml");
    assert!(atom.contains("Decree 205/2025/NĐ-CP") || atom.contains("205/2025/NĐ-CP"));
    assert!(public("en/index.html").contains("href=\"/en/tin-tuc/atom.xml\""));
}

#[test]
fn both_translation_files_have_the_same_keys() {
    let keys = |lang: &str| {
        let text =
            std::fs::read_to_string(repo().join(format!("themes/cnht/i18n/{lang}.toml"))).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        let mut k: Vec<String> = table.keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys("vi"), keys("en"));
}

#[test]
fn every_internal_link_resolves_in_both_languages() {
    // The handbook is not built here, so its PDFs are left out (tests/site.rs builds them).
    let broken: Vec<_> = broken_links(&built().join("public"))
        .into_iter()
        .filter(|(_, link)| !(link.starts_with("/cam-nang/") && link.ends_with(".pdf")))
        .collect();
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert!(html_pages().iter().any(|p| p.starts_with("en/")));
}

#[test]
fn a_body_with_an_english_part_shows_it_on_english_pages_only() {
    let en = public("en/thi-truong/ty-le-noi-dia-hoa/index.html");
    assert!(en.contains("Market content, in English, with a link to"));
    assert!(
        en.contains(r#"<a href="/en/chinh-sach/nd-111/">Decree 111</a>"#),
        "its links resolve to English pages"
    );
    assert!(
        !en.contains("Nội dung thị trường."),
        "not the Vietnamese body"
    );
    assert!(
        !en.contains("notice--lang"),
        "no 'only in Vietnamese' notice"
    );
    let vi = public("thi-truong/ty-le-noi-dia-hoa/index.html");
    assert!(vi.contains("Nội dung thị trường."));
    assert!(!vi.contains("Market content, in English"));
    assert!(!vi.contains("&lt;!-- English") && !vi.contains("<!-- English"));
    // A body without one keeps the notice on its English page.
    let page = public("en/gioi-thieu/index.html");
    assert!(page.contains("notice--lang"));
}
