//! The URL scheme of the website: one function per kind of page, all paths site-relative and ending
//! in `/` (clean URLs). Vietnamese section names, ASCII slugs.

/// Directory of enterprises.
pub const ENTERPRISES: &str = "/doanh-nghiep/";
/// Policy library.
pub const POLICIES: &str = "/chinh-sach/";
/// Market information.
pub const MARKET: &str = "/thi-truong/";
/// News.
pub const NEWS: &str = "/tin-tuc/";
/// Sector listings.
pub const SECTORS: &str = "/linh-vuc/";
/// District listings.
pub const DISTRICTS: &str = "/quan-huyen/";
/// Certification listings.
pub const CERTIFICATIONS: &str = "/chung-nhan/";
/// Industrial-park listings.
pub const PARKS: &str = "/khu-cong-nghiep/";
/// Programmes.
pub const PROGRAMS: &str = "/chuong-trinh/";
/// Handbook downloads.
pub const HANDBOOK: &str = "/cam-nang/";
/// Statistics of the directory.
pub const STATS: &str = "/thong-ke/";

/// One enterprise.
pub fn enterprise(slug: &str) -> String {
    format!("{ENTERPRISES}{slug}/")
}
/// One policy.
pub fn policy(slug: &str) -> String {
    format!("{POLICIES}{slug}/")
}
/// One market note.
pub fn market(slug: &str) -> String {
    format!("{MARKET}{slug}/")
}
/// One news item.
pub fn news(slug: &str) -> String {
    format!("{NEWS}{slug}/")
}
/// One sector listing.
pub fn sector(key: &str) -> String {
    format!("{SECTORS}{key}/")
}
/// One district listing.
pub fn district(slug: &str) -> String {
    format!("{DISTRICTS}{slug}/")
}
/// One certification listing.
pub fn certification(slug: &str) -> String {
    format!("{CERTIFICATIONS}{slug}/")
}
/// One industrial-park listing.
pub fn park(slug: &str) -> String {
    format!("{PARKS}{slug}/")
}
/// One programme page.
pub fn program(year: i64) -> String {
    format!("{PROGRAMS}{year}/")
}
/// A free page, at the top level.
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}
/// Page `n` (1-based) of a paginated listing at `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}trang/{n}/")
    }
}
