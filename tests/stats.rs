//! The statistics page: counts per sector, per district (all of them, zero included), certified
//! against not, and against the plan's targets, as inline SVG charts with text alternatives and
//! the same figures as tables, in both languages, linked from the home page and the navigation.

mod common;
use common::*;
use std::path::Path;
use std::sync::OnceLock;

/// The basic fixture with two more districts that have no enterprise.
fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site(&["basic", "stats"]);
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.handbook = false;
        opts.compress = false;
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

/// The text of the table row whose header cell contains `label`, tags removed.
fn row(html: &str, table_id: &str, label: &str) -> String {
    let start = html
        .find(&format!("id=\"{table_id}\""))
        .unwrap_or_else(|| panic!("table {table_id} missing"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let tr = table
        .split("<tr>")
        .find(|r| r.contains(label))
        .unwrap_or_else(|| panic!("no row {label} in {table_id}"));
    html_text(tr.split("</tr>").next().unwrap())
}

/// The `<svg>` element whose title has `id`.
fn svg<'a>(html: &'a str, title_id: &str) -> &'a str {
    let at = html
        .find(&format!("<title id=\"{title_id}\""))
        .unwrap_or_else(|| panic!("chart {title_id} missing"));
    let start = html[..at].rfind("<svg").unwrap();
    let end = at + html[at..].find("</svg>").unwrap();
    &html[start..end]
}

#[test]
fn counts_per_sector_are_right() {
    // Published: Ăn Phát and Hostile (components), Điện tử Dương (high-tech), Dệt Ứng Hòa
    // (textiles); the draft is left out.
    let page = public("thong-ke/index.html");
    assert_eq!(
        row(&page, "table-sectors", "Linh kiện"),
        "Linh kiện, phụ tùng 2 50%"
    );
    assert_eq!(
        row(
            &page,
            "table-sectors",
            "Công nghiệp hỗ trợ cho công nghệ cao"
        ),
        "Công nghiệp hỗ trợ cho công nghệ cao 1 25%"
    );
    assert_eq!(
        row(&page, "table-sectors", "Dệt may"),
        "Dệt may, da giày 1 25%"
    );
    assert!(page.contains("<strong>4</strong> doanh nghiệp trong cơ sở dữ liệu"));
}

#[test]
fn every_district_is_ranked_with_zeros_shown() {
    let page = public("thong-ke/index.html");
    assert_eq!(
        row(&page, "table-districts", "Đông Anh"),
        "1 Huyện Đông Anh 2 50%"
    );
    assert_eq!(
        row(&page, "table-districts", "Sơn Tây"),
        "5 Thị xã Sơn Tây 0 0%"
    );
    assert_eq!(row(&page, "table-districts", "Ba Vì"), "4 Huyện Ba Vì 0 0%");
    let chart = svg(&page, "chart-districts-title");
    assert_eq!(chart.matches("<rect").count(), 5, "one bar per district");
    let pos = |name: &str| {
        chart
            .find(name)
            .unwrap_or_else(|| panic!("{name} not in the chart"))
    };
    assert!(pos("Đông Anh") < pos("Long Biên"), "ranked by count");
    assert!(pos("Ứng Hòa") < pos("Ba Vì") && pos("Ba Vì") < pos("Sơn Tây"));
    assert!(chart.contains(">0</text>"), "zero shown");
    assert!(
        page.contains("<strong>3<span class=\"stats-summary__of\"> / 5</span></strong>"),
        "districts with enterprises"
    );
}

#[test]
fn certified_against_not_and_against_targets() {
    let page = public("thong-ke/index.html");
    // ISO 9001 and IATF 16949 are international: Ăn Phát and Điện tử Dương.
    assert_eq!(
        row(&page, "table-cert", "Chưa có chứng nhận"),
        "Chưa có chứng nhận quốc tế 2 50%"
    );
    assert_eq!(
        row(&page, "table-cert", "Có chứng nhận"),
        "Có chứng nhận quốc tế 2 50%"
    );
    assert_eq!(
        row(&page, "table-targets", "Doanh nghiệp công nghiệp hỗ trợ"),
        "Doanh nghiệp công nghiệp hỗ trợ 4 900 0,4%"
    );
    assert_eq!(
        row(&page, "table-targets", "tiêu chuẩn quốc tế"),
        "Doanh nghiệp đạt tiêu chuẩn quốc tế 2 400 0,5%"
    );
}

#[test]
fn charts_are_svg_with_text_alternatives() {
    let page = public("thong-ke/index.html");
    for id in [
        "chart-targets",
        "chart-sectors",
        "chart-cert",
        "chart-districts",
    ] {
        let chart = svg(&page, &format!("{id}-title"));
        assert!(chart.contains("role=\"img\""), "{id}: role");
        assert!(
            chart.contains(&format!("aria-labelledby=\"{id}-title {id}-desc\"")),
            "{id}: labelled by its title and description"
        );
        assert!(
            chart.contains(&format!("<desc id=\"{id}-desc\">")),
            "{id}: desc"
        );
    }
    // The description carries the figures, the bars are proportional.
    let sectors = svg(&page, "chart-sectors-title");
    assert!(sectors.contains("Linh kiện, phụ tùng: 2."));
    assert!(sectors.contains("width=\"82%\""), "the largest bar");
    assert!(sectors.contains("width=\"41%\""), "half of it");
    assert!(!page.contains("<script"), "readable without JavaScript");
    assert_eq!(
        page.matches("<table").count(),
        7,
        "a table per chart, and the holders of each certification, process and product group"
    );
    assert!(page.contains("<a href=\"/chung-nhan/iso-9001/\">ISO 9001:2015</a>"));
}

#[test]
fn english_statistics_page() {
    let page = public("en/thong-ke/index.html");
    assert!(page.contains("<h1>Supporting-industry enterprise statistics</h1>"));
    assert!(page.contains("Enterprises by sector"));
    assert_eq!(
        row(&page, "table-sectors", "Components"),
        "Components and spare parts 2 50%"
    );
    assert_eq!(
        row(&page, "table-districts", "Sơn Tây"),
        "5 Sơn Tây Town 0 0%"
    );
    assert_eq!(
        row(&page, "table-targets", "Supporting-industry enterprises"),
        "Supporting-industry enterprises 4 900 0.4%"
    );
}

#[test]
fn linked_from_home_and_navigation() {
    assert!(public("index.html").contains("href=\"/thong-ke/\""));
    assert!(public("en/index.html").contains("href=\"/en/thong-ke/\""));
    let nav = public("chinh-sach/index.html");
    let nav = &nav[nav.find("site-nav__main").unwrap()..];
    let nav = &nav[..nav.find("</ul>").unwrap()];
    assert!(
        nav.contains("<li><a href=\"/thong-ke/\">Thống kê</a></li>"),
        "{nav}"
    );
    assert!(public("thong-ke/index.html").contains("href=\"/thong-ke/\" aria-current=\"page\""));
    assert!(public("sitemap.xml").contains("<loc>https://example.test/thong-ke/</loc>"));
}

#[test]
fn counts_per_process_and_product_group_link_their_shortlists() {
    // The basic fixture: Ăn Phát names stamping and welding and the groups khuon-mau and co-khi;
    // Dệt Ứng Hòa (det-may) and Điện tử Dương (dien-tu) one group each; 4 enterprises in all.
    let page = public("thong-ke/index.html");
    assert_eq!(
        row(&page, "table-processes", "Dập kim loại"),
        "Dập kim loại 1 25%"
    );
    assert_eq!(
        row(&page, "table-groups", "Vải, sợi, phụ liệu dệt may"),
        "Vải, sợi, phụ liệu dệt may 1 25%"
    );
    assert!(
        page.contains(r#"<a href="/doanh-nghiep/?cong-nghe=stamping">Dập kim loại</a>"#),
        "a row links the directory filtered on it"
    );
    assert!(page.contains(r#"<a href="/doanh-nghiep/?san-pham=khuon-mau">"#));
    // A process nobody names has no row.
    let table = &page[page.find(r#"id="table-processes""#).unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count(),
        1 + 2,
        "header + stamping + welding"
    );
    // English names on English pages.
    let en = public("en/thong-ke/index.html");
    assert_eq!(
        row(&en, "table-processes", "Metal stamping"),
        "Metal stamping 1 25%"
    );
    assert!(en.contains(r#"<a href="/en/doanh-nghiep/?cong-nghe=stamping">Metal stamping</a>"#));
}
