//! The website built from a small fixture: pages exist with the right text, order and escaping,
//! and every internal link resolves.

mod common;
use common::*;
use std::path::Path;
use std::sync::OnceLock;

/// One full build (website and handbook) of the basic fixture, shared by the tests.
fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site(&["basic"]);
        let opts = cnht::BuildOptions::new(dir.path());
        if let Err(report) = cnht::build(&opts) {
            panic!("build failed:\n{}", report.render(false));
        }
        dir
    })
    .path()
}

fn public(rel: &str) -> String {
    read(&built().join("public"), rel)
}

#[test]
fn home_compares_targets_with_the_database() {
    let home = public("index.html");
    assert!(home.contains("<html lang=\"vi\""), "lang attribute");
    assert!(home.contains("CNHT thử nghiệm"));
    assert!(home.contains("900"), "the 2020 target is shown");
    assert!(
        home.contains("/linh-vuc/linh-kien-phu-tung/"),
        "sector cards link to sector pages"
    );
    assert!(
        home.contains("Dữ liệu doanh nghiệp là dữ liệu mẫu."),
        "sample-data notice"
    );
}

#[test]
fn directory_is_in_vietnamese_order_across_pages() {
    // per_page = 2 in the fixture: the directory has two pages.
    let text = public("doanh-nghiep/index.html") + &public("doanh-nghiep/trang/2/index.html");
    let pos = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing from the directory"))
    };
    // Legal forms are ignored; Ă sorts right after A, Đ after D (byte order would put Ă after Đ).
    assert!(pos("Ăn Phát") < pos("Dệt Ứng Hòa"));
    assert!(pos("Dệt Ứng Hòa") < pos("Điện tử Dương"));
    assert!(
        public("doanh-nghiep/index.html").contains("/doanh-nghiep/trang/2/"),
        "pager links page 2"
    );
}

#[test]
fn enterprise_page_has_its_record_and_resolved_links() {
    let page = public("doanh-nghiep/an-phat/index.html");
    for needle in [
        "Công ty TNHH Ăn Phát",
        "0112345027",
        "Đông Anh",
        "Khu công nghiệp Thăng Long",
        "IATF 16949:2016",
        "Chi tiết dập kim loại",
        "mailto:info@anphat.example.vn",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    assert!(
        page.contains("href=\"/chinh-sach/nd-111/\""),
        "@/ link rewritten to the policy URL"
    );
    assert!(
        page.contains("<strong>dập kim loại</strong>"),
        "Markdown rendered"
    );
    assert!(
        built()
            .join("public/doanh-nghiep/an-phat/logo.png")
            .is_file(),
        "logo published"
    );
}

#[test]
fn editor_text_is_escaped() {
    let page = public("doanh-nghiep/hostile/index.html");
    assert!(
        !page.contains("<script>alert"),
        "no script injected:\n{page}"
    );
    assert!(
        !page.contains("<img src=x"),
        "no markup from a product name"
    );
    assert!(page.contains("&lt;script&gt;"), "the text is shown escaped");
    assert!(!page.contains("<b>address</b>"));
}

#[test]
fn facet_pages_list_their_enterprises() {
    let sector = public("linh-vuc/linh-kien-phu-tung/index.html");
    assert!(sector.contains("Ăn Phát"));
    assert!(!sector.contains("Dệt Ứng Hòa"));
    let district = public("quan-huyen/ung-hoa/index.html");
    assert!(district.contains("Dệt Ứng Hòa"));
    // Certification pages live at their vocabulary key.
    let cert = public("chung-nhan/iso-9001/index.html");
    assert!(cert.contains("Ăn Phát") && cert.contains("Điện tử Dương"));
    let park = public("khu-cong-nghiep/kcn-thang-long/index.html");
    assert!(park.contains("Ăn Phát"));
}

#[test]
fn drafts_and_scheduled_news_are_not_published() {
    assert!(!built().join("public/doanh-nghiep/draft-co").exists());
    assert!(!built().join("public/tin-tuc/tuong-lai").exists());
    assert!(!public("tin-tuc/index.html").contains("Tin hẹn giờ đăng"));
    assert!(built()
        .join("public/tin-tuc/hoi-cho-2020/index.html")
        .is_file());
}

#[test]
fn drafts_are_built_on_request() {
    let dir = site(&["basic"]);
    let mut opts = cnht::BuildOptions::new(dir.path());
    opts.handbook = false;
    opts.drafts = true;
    cnht::build(&opts).unwrap();
    assert!(dir
        .path()
        .join("public/doanh-nghiep/draft-co/index.html")
        .is_file());
    assert!(dir
        .path()
        .join("public/tin-tuc/tuong-lai/index.html")
        .is_file());
}

#[test]
fn policies_link_amending_documents() {
    let p = public("chinh-sach/nd-111/index.html");
    assert!(p.contains("111/2015/NĐ-CP"));
    assert!(
        p.contains("/chinh-sach/nd-205/"),
        "links to the amending decree"
    );
    let list = public("chinh-sach/index.html");
    // Newest first.
    assert!(list.find("205/2025/NĐ-CP").unwrap() < list.find("111/2015/NĐ-CP").unwrap());
}

#[test]
fn program_page_has_the_task_table() {
    let p = public("chuong-trinh/2020/index.html");
    assert!(p.contains("Khảo sát, xây dựng cơ sở dữ liệu doanh nghiệp"));
    assert!(p.contains("Sở Tài chính"));
    assert!(p.contains("<table"));
}

#[test]
fn feeds_sitemap_robots_and_404() {
    let sitemap = public("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.test/doanh-nghiep/an-phat/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("draft-co"));
    let atom = public("tin-tuc/atom.xml");
    assert!(atom.contains("<feed") && atom.contains("Hội chợ công nghiệp hỗ trợ 2020"));
    let atom = public("chinh-sach/atom.xml");
    assert!(atom.contains("205/2025/NĐ-CP"));
    assert!(public("robots.txt").contains("Sitemap: https://example.test/sitemap.xml"));
    assert!(built().join("public/404.html").is_file());
}

#[test]
fn every_internal_link_resolves() {
    let broken = broken_links(&built().join("public"));
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

/// The `<loc>` addresses of a sitemap file, in order.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(l, _)| l.to_owned()))
        .collect()
}

#[test]
fn a_sitemap_past_its_limit_is_an_index_of_parts_listing_every_address_once() {
    let site = site(&["basic"]);
    let out = site.path().join("split");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cnht"))
        .args(["build", "--no-handbook", "--no-sheets", "--root"])
        .arg(site.path())
        .arg("--out")
        .arg(&out)
        .env("NO_COLOR", "1")
        .env("CNHT_SITEMAP_URLS", "10")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = read(&out, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    let parts = locs(&index);
    assert!(parts.len() > 2, "{parts:?}");
    let mut all = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        assert_eq!(part, &format!("https://example.test/sitemap-{}.xml", n + 1));
        let xml = read(&out, &format!("sitemap-{}.xml", n + 1));
        assert!(xml.contains("<urlset"), "{xml}");
        let urls = locs(&xml);
        assert!(urls.len() <= 10 && urls.len().is_multiple_of(2), "{urls:?}");
        all.extend(urls.into_iter().filter(|u| !u.contains("hreflang")));
    }
    // The same addresses as the one-file sitemap of the same site.
    let whole = locs(&public("sitemap.xml"));
    let mut a = all.clone();
    a.sort();
    a.dedup();
    let mut b = whole;
    b.sort();
    b.dedup();
    assert_eq!(a, b);
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.test/sitemap.xml"));
}
