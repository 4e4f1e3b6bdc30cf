//! The URL scheme of the website and the URL policy of everything that reaches an `href` or
//! `src`. Every address the site writes is made here — record pages, listings and their pages,
//! facets, search, statistics, feeds, the sitemap, open data, the handbook's files, images and
//! theme files — and `Model::addresses` (`addresses.rs`) lists them all, so `cnht check` accepts
//! exactly the addresses the site has. Paths are site-relative and language-free (the English
//! pages put the language's prefix in front); pages end in `/` (clean URLs). Vietnamese section
//! names, ASCII slugs.

use super::records::Section;
use crate::messages::{check, Both};

/// The home page.
pub const HOME: &str = "/";
/// Directory of enterprises.
pub const ENTERPRISES: &str = "/doanh-nghiep/";

/// The directory's address parameter of the process filter (`?cong-nghe=stamping`).
pub const FILTER_PROCESS: &str = "cong-nghe";
/// The directory's address parameter of the product-group filter (`?san-pham=khuon-mau`).
pub const FILTER_PRODUCT_GROUP: &str = "san-pham";

/// The directory filtered on one value of one facet: a shortlist that can be linked to
/// (`/doanh-nghiep/?cong-nghe=stamping`).
pub fn shortlist(param: &str, key: &str) -> String {
    const VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    let enc = |s: &str| percent_encoding::utf8_percent_encode(s, VALUE).to_string();
    format!("{ENTERPRISES}?{}={}", enc(param), enc(key))
}
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
/// Handbook downloads (the page and the folder of the PDFs).
pub const HANDBOOK: &str = "/cam-nang/";
/// Events (the fair, matching sessions) with their exhibitors.
pub const EVENTS: &str = "/su-kien/";
/// Statistics of the directory.
pub const STATS: &str = "/thong-ke/";
/// Sources and verification: what is sourced, what is not verified, what is a sample.
pub const SOURCES: &str = "/nguon-va-kiem-chung/";
/// The search page.
pub const SEARCH: &str = "/tim-kiem/";
/// The page for addresses the site does not have.
pub const NOT_FOUND: &str = "/404.html";
/// The news feed (each language has its own).
pub const NEWS_FEED: &str = "/tin-tuc/atom.xml";
/// The policy feed (each language has its own).
pub const POLICIES_FEED: &str = "/chinh-sach/atom.xml";
/// The sitemap (both languages in one file), or, past [`SITEMAP_MAX_URLS`] addresses, the
/// sitemap index of its parts ([`sitemap_part`]).
pub const SITEMAP: &str = "/sitemap.xml";
/// Addresses one sitemap file may list (the sitemap protocol's limit).
pub const SITEMAP_MAX_URLS: usize = 50_000;
/// Part `n` (from 1) of a sitemap too large for one file, listed by the index at [`SITEMAP`].
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}
/// robots.txt.
pub const ROBOTS: &str = "/robots.txt";
/// The search page's synonym map (folded names and synonyms of the vocabularies → tokens).
pub const SEARCH_SYNONYMS: &str = "/tim-kiem/tu-khoa.json";
/// The directory as CSV.
pub const ENTERPRISES_CSV: &str = "/doanh-nghiep.csv";
/// The directory as JSON.
pub const ENTERPRISES_JSON: &str = "/doanh-nghiep.json";
/// The policy library as CSV (statuses with their basis).
pub const POLICIES_CSV: &str = "/chinh-sach.csv";
/// The policy library as JSON (statuses with their basis and history).
pub const POLICIES_JSON: &str = "/chinh-sach.json";
/// The data of the directory's filters.
pub const FILTER_DATA: &str = "/doanh-nghiep/bo-loc.json";
/// The directory's cards, [`CARDS_PER_FILE`] a file, for the shortlists the filters show
/// (`/doanh-nghiep/the/0.html`, in each language): see [`cards_file`].
pub const CARDS: &str = "/doanh-nghiep/the/";
/// How many enterprises (in directory order) one file of cards holds.
pub const CARDS_PER_FILE: usize = 50;
/// Folder of the search index (Pagefind's bundle).
pub const SEARCH_BUNDLE: &str = "/pagefind/";

/// The bundle of the search index's shard `n` (1 and up; shard 0 is [`SEARCH_BUNDLE`] itself).
pub fn search_shard(n: usize) -> String {
    format!("{SEARCH_BUNDLE}{n}/")
}
/// Folder of the theme's files and of the processed images.
pub const STATIC: &str = "/static/";
/// Folder of the theme's files under content-hashed names.
pub const THEME_HASHED: &str = "/static/h/";
/// Folder of the processed images.
pub const IMAGES: &str = "/static/img/";
/// The print shop's note, in the handbook folder.
pub const HANDBOOK_README: &str = "README-in-an.txt";
/// The preflight report of the print files, in the handbook folder.
pub const HANDBOOK_PREFLIGHT: &str = "preflight-in-an.txt";
/// File name of an enterprise's capability sheet ("hồ sơ năng lực"), beside its page.
pub const CAPABILITY_SHEET: &str = "ho-so-nang-luc.pdf";

/// One enterprise.
pub fn enterprise(slug: &str) -> String {
    format!("{ENTERPRISES}{slug}/")
}
/// The one-page capability sheet of an enterprise (`/doanh-nghiep/<slug>/ho-so-nang-luc.pdf`;
/// the English sheet under `/en/`, like the English page).
pub fn capability_sheet(slug: &str) -> String {
    format!("{}{CAPABILITY_SHEET}", enterprise(slug))
}
/// The enterprise whose capability sheet is at the language-free site path `path`, if it is
/// one (a build that does not typeset the sheets keeps them from the current publication).
pub fn capability_sheet_slug(path: &str) -> Option<&str> {
    path.strip_prefix(ENTERPRISES)
        .and_then(|rest| rest.strip_suffix(CAPABILITY_SHEET))
        .and_then(|slug| slug.strip_suffix('/'))
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
}
/// One event, with its exhibitors and booths.
pub fn event(slug: &str) -> String {
    format!("{EVENTS}{slug}/")
}
/// Base name of the exhibitor catalogue of the event `slug` to read on screen (in the handbook
/// folder, with the print files).
pub fn event_catalogue_stem(slug: &str) -> String {
    format!("{slug}-danh-muc")
}
/// Base name of the print catalogue of the event `slug`, beside the screen one.
pub fn event_catalogue_print_stem(slug: &str) -> String {
    format!("{slug}-danh-muc-in-an")
}
/// File name of the preflight report of the event `slug`'s print catalogue, beside it: what the
/// print shop's checks found, as the handbook's `preflight-in-an.txt` says it for the book.
pub fn event_catalogue_preflight_file(slug: &str) -> String {
    format!("{}-preflight.txt", event_catalogue_print_stem(slug))
}
/// The exhibitor catalogue of the event `slug` to read (PDF/A, A5 at trim size, links): what the
/// website offers visitors.
pub fn event_catalogue(slug: &str) -> String {
    format!("{HANDBOOK}{}.pdf", event_catalogue_stem(slug))
}
/// The print catalogue (PDF/X-4, A5 with bleed and crop marks) of the event `slug`.
pub fn event_catalogue_print(slug: &str) -> String {
    format!("{HANDBOOK}{}.pdf", event_catalogue_print_stem(slug))
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
/// The page of a record of `section` with `slug`.
pub fn record(section: Section, slug: &str) -> String {
    match section {
        Section::Enterprise => enterprise(slug),
        Section::Policy => policy(slug),
        Section::Market => market(slug),
        Section::News => news(slug),
        Section::Page => page(slug),
    }
}
/// The listing of the records of `section` (free pages have none).
pub fn section_listing(section: Section) -> Option<&'static str> {
    match section {
        Section::Enterprise => Some(ENTERPRISES),
        Section::Policy => Some(POLICIES),
        Section::Market => Some(MARKET),
        Section::News => Some(NEWS),
        Section::Page => None,
    }
}
/// Page `n` (1-based) of a paginated listing at `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}trang/{n}/")
    }
}
/// The number of pages of a listing of `items` at `per_page` a page (an empty listing has one).
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}
/// The file of cards `n` (0-based): the enterprises `n * CARDS_PER_FILE ..` of the directory.
pub fn cards_file(n: usize) -> String {
    format!("{CARDS}{n}.html")
}
/// The number of files of cards for `enterprises`.
pub fn cards_files(enterprises: usize) -> usize {
    enterprises.div_ceil(CARDS_PER_FILE)
}
/// The task table of a programme as CSV (`/chuong-trinh/2020/nhiem-vu.csv`).
pub fn tasks_csv(year: i64) -> String {
    format!("{}nhiem-vu.csv", program(year))
}
/// The task table of a programme as JSON.
pub fn tasks_json(year: i64) -> String {
    format!("{}nhiem-vu.json", program(year))
}
/// Base name of the handbook's files for the edition `year`.
pub fn handbook_stem(year: i64) -> String {
    format!("cam-nang-cnht-ha-noi-{year}")
}
/// File names of the handbook PDFs of `year`: (screen, print).
pub fn handbook_files(year: i64) -> (String, String) {
    let stem = handbook_stem(year);
    (format!("{stem}.pdf"), format!("{stem}-in-an.pdf"))
}
/// File name of the cover spread of `year` (perfect binding only).
pub fn handbook_cover_file(year: i64) -> String {
    format!("{}-bia-in-an.pdf", handbook_stem(year))
}
/// Addresses of the handbook PDFs of `year`: (screen, print). Shared by both languages.
pub fn handbook_pdfs(year: i64) -> (String, String) {
    let (screen, print) = handbook_files(year);
    (format!("{HANDBOOK}{screen}"), format!("{HANDBOOK}{print}"))
}

/// Characters written as they are in a `mailto:` address (RFC 6068): the unreserved ones and the
/// separators of an address list; everything else is percent-encoded as UTF-8.
const MAILTO_ADDRESS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'@')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b'+')
    .remove(b',');
/// Characters written as they are in a `mailto:` header value: only the unreserved ones, so `&`,
/// `=`, `#`, `?`, `%`, spaces and line breaks can never end the value or start another.
const MAILTO_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// A `mailto:` link to `addresses` (an e-mail field: one address or several separated by commas,
/// with or without its own `mailto:`) that opens a message with `subject` and `body` filled in.
/// Line breaks become CRLF, as RFC 6068 asks; everything is percent-encoded, so the link always
/// passes [`classify`] as [`UrlKind::Mail`].
pub fn mailto(addresses: &str, subject: &str, body: &str) -> String {
    use percent_encoding::utf8_percent_encode as enc;
    let list = addresses.trim();
    let list = list
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map_or(list, |_| &list[7..]);
    let to: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| enc(a, MAILTO_ADDRESS).to_string())
        .collect();
    let crlf = |s: &str| s.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        enc(&crlf(subject), MAILTO_VALUE),
        enc(&crlf(body), MAILTO_VALUE)
    )
}

/// Whether a site address is a file rather than a page: files live under [`STATIC`] or have an
/// extension in their last segment; pages end in `/`.
pub fn is_file(path: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or("");
    path.starts_with(STATIC)
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

/// What kind of address a URL written in content is, once it passed the URL policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `http://` or `https://`.
    Web,
    /// `mailto:`.
    Mail,
    /// `tel:`.
    Phone,
    /// A link to a content file, `@/enterprises/x.md`.
    Content,
    /// A site-relative address, `/chinh-sach/`.
    Site,
    /// A fragment of the same page, `#muc-2`.
    Fragment,
    /// A file next to the page (a bundle's image), `anh.png`.
    Relative,
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsafeUrl {
    /// A scheme other than http, https, mailto and tel (`javascript:`, `data:`, `file:`, …).
    Scheme(String),
    /// `//host/…`: another site without its scheme.
    SchemeRelative,
}

impl UnsafeUrl {
    /// Why the address is refused, in both languages.
    pub fn said(&self) -> crate::messages::Both {
        match self {
            UnsafeUrl::Scheme(s) => crate::messages::check::unsafe_url(Some(s)),
            UnsafeUrl::SchemeRelative => crate::messages::check::unsafe_url(None),
        }
    }
}

impl std::fmt::Display for UnsafeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said().0.message)
    }
}

/// The URL policy: every address that reaches an `href` or `src` — links and images in Markdown,
/// contact websites, policy sources, raw HTML when allowed, anything the import writes — is read
/// the way a browser reads it (surrounding spaces and control characters dropped, tabs and line
/// breaks inside removed, the scheme in any case, character references already decoded by the
/// Markdown or HTML parser) and allowed only when it is `http`, `https`, `mailto`, `tel`, an `@/`
/// link, site-relative, a fragment or a file next to the page.
pub fn classify(raw: &str) -> Result<UrlKind, UnsafeUrl> {
    // WHATWG URL parsing: strip leading and trailing C0 controls and spaces, remove tab and
    // newline anywhere.
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.starts_with("@/") {
        return Ok(UrlKind::Content);
    }
    if url.starts_with("//") || url.starts_with("\\\\") || url.starts_with("/\\") {
        return Err(UnsafeUrl::SchemeRelative);
    }
    if let Some(scheme) = scheme(&url) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => Ok(UrlKind::Web),
            "mailto" => Ok(UrlKind::Mail),
            "tel" => Ok(UrlKind::Phone),
            other => Err(UnsafeUrl::Scheme(other.to_owned())),
        };
    }
    Ok(if url.starts_with('/') {
        UrlKind::Site
    } else if url.starts_with('#') {
        UrlKind::Fragment
    } else {
        UrlKind::Relative
    })
}

/// The scheme of `url`: letters, digits, `+`, `-`, `.` from a letter up to the first `:`, when
/// that `:` comes before any `/`, `?` or `#`.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let s = &url[..end];
    let mut chars = s.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(s)
}

/// Checks a field that must hold a web address (`http://` or `https://` and a host, no spaces):
/// the message when not.
pub fn check_web(raw: &str) -> Result<(), Both> {
    let url = raw.trim();
    match classify(url) {
        Ok(UrlKind::Web) => {
            let rest = url.split_once("://").map_or("", |(_, rest)| rest);
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            // Letters (any script, for Vietnamese domain names), digits, `-`, `.`, a port, an
            // IPv6 address in brackets.
            let host_ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']' | '_'));
            if host_ok && !url.chars().any(|c| c.is_whitespace() || c.is_control()) {
                Ok(())
            } else {
                Err(check::not_web_host(url))
            }
        }
        Ok(_) => Err(check::not_web_scheme(raw.trim())),
        Err(e) => Err(e.said()),
    }
}

/// Checks a field that must hold e-mail addresses (one, or several separated by commas; the page
/// links to them with `mailto:`).
pub fn check_email(raw: &str) -> Result<(), Both> {
    let list = raw.trim();
    let list = list
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map_or(list, |_| &list[7..]);
    let one = |addr: &str| {
        addr.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }) && !addr.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | ':')
        })
    };
    if list.split(',').all(|a| one(a.trim())) {
        Ok(())
    } else {
        Err(check::not_email(list))
    }
}

/// Phone numbers as a contact field holds them, several separated by commas: digits with the
/// usual separators (`+`, spaces, dots, dashes, brackets), 8 to 13 digits, optionally followed by
/// an extension ("0912 345 678 máy lẻ 12", "ext. 12"). Anything else — words, a note, a cut-off
/// number — would make a `tel:` link that dials nothing.
pub fn check_phone(raw: &str) -> Result<(), Both> {
    let one = |part: &str| {
        let lower = part.to_lowercase();
        let main = ["máy lẻ", "ext.", "ext", "số lẻ", " x "]
            .iter()
            .find_map(|m| {
                let i = lower.find(m)?;
                let ext = lower[i + m.len()..].trim();
                (!ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit())).then(|| &part[..i])
            })
            .unwrap_or(part);
        let digits = main.chars().filter(char::is_ascii_digit).count();
        (8..=13).contains(&digits)
            && main
                .chars()
                .all(|c| c.is_ascii_digit() || " +.-()".contains(c))
    };
    if raw.split(',').all(|p| one(p.trim())) {
        Ok(())
    } else {
        Err(check::not_phone(raw.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        for ok in [
            "024 3881 2345",
            "024 3881 2345, 0912 345 678",
            "+84 24 3881 2345",
            "1900 1234",
            "0912 345 678 máy lẻ 12",
            "(024) 3881.2345 ext. 5",
        ] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "gọi giờ hành chính",
            "12345",
            "0912 345 678 (anh Nam)",
            "024 3881 2345,",
            "javascript:1",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paginated_addresses() {
        assert_eq!(paginated(ENTERPRISES, 1), "/doanh-nghiep/");
        assert_eq!(paginated(ENTERPRISES, 2), "/doanh-nghiep/trang/2/");
        assert_eq!(page_count(0, 24), 1);
        assert_eq!(page_count(25, 24), 2);
    }

    #[test]
    fn capability_sheets_sit_beside_their_page() {
        assert_eq!(
            capability_sheet("an-phat"),
            "/doanh-nghiep/an-phat/ho-so-nang-luc.pdf"
        );
        assert_eq!(
            capability_sheet_slug(&capability_sheet("an-phat")),
            Some("an-phat")
        );
        assert_eq!(
            capability_sheet_slug("/doanh-nghiep/ho-so-nang-luc.pdf"),
            None
        );
        assert_eq!(
            capability_sheet_slug("/doanh-nghiep/a/b/ho-so-nang-luc.pdf"),
            None
        );
        assert_eq!(capability_sheet_slug("/cam-nang/ho-so-nang-luc.pdf"), None);
    }

    #[test]
    fn the_policy_allows_the_safe_schemes_only() {
        assert_eq!(classify("https://moit.gov.vn"), Ok(UrlKind::Web));
        assert_eq!(classify("HTTP://moit.gov.vn"), Ok(UrlKind::Web));
        assert_eq!(classify("mailto:a@b.vn"), Ok(UrlKind::Mail));
        assert_eq!(classify("tel:+84241234567"), Ok(UrlKind::Phone));
        assert_eq!(classify("@/policies/nd-111.md"), Ok(UrlKind::Content));
        assert_eq!(classify("/chinh-sach/"), Ok(UrlKind::Site));
        assert_eq!(classify("#muc-1"), Ok(UrlKind::Fragment));
        assert_eq!(classify("anh.png"), Ok(UrlKind::Relative));
        assert_eq!(classify("trang:2/"), Err(UnsafeUrl::Scheme("trang".into())));
        for hostile in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(classify(hostile), Err(UnsafeUrl::Scheme(_))),
                "{hostile:?}"
            );
        }
        assert_eq!(classify("//evil.example"), Err(UnsafeUrl::SchemeRelative));
        // A colon after a slash is a path, not a scheme.
        assert_eq!(classify("/a:b/"), Ok(UrlKind::Site));
    }

    #[test]
    fn mailto_links_are_encoded_and_allowed() {
        let url = mailto(
            " mailto:sales@an-phat.vn, b@c.vn",
            "RFQ / Báo giá & co",
            "Line 1\nx=1&y=2#?%\nĂn",
        );
        assert_eq!(
            url,
            "mailto:sales@an-phat.vn,b@c.vn?subject=RFQ%20%2F%20B%C3%A1o%20gi%C3%A1%20%26%20co\
             &body=Line%201%0D%0Ax%3D1%26y%3D2%23%3F%25%0D%0A%C4%82n"
        );
        assert_eq!(classify(&url), Ok(UrlKind::Mail));
        // An address cannot smuggle a header in.
        let odd = mailto("a@b.vn?bcc=x@y.vn", "s", "b");
        assert!(
            odd.starts_with("mailto:a@b.vn%3Fbcc%3Dx@y.vn?subject="),
            "{odd}"
        );
        assert_eq!(classify(&odd), Ok(UrlKind::Mail));
    }

    #[test]
    fn web_and_email_fields() {
        assert!(check_web("https://x.vn").is_ok());
        assert!(check_web("www.x.vn").is_err());
        assert!(check_web("https://java script:alert(1)").is_err());
        assert!(check_web("https:alert(1)").is_err());
        assert!(check_web("https://&#106;avascript:alert(1)").is_err());
        assert!(check_web("https://công-nghiệp.vn/gioi-thieu?x=1#a").is_ok());
        assert!(check_web("javascript:alert(1)")
            .unwrap_err()
            .0
            .message
            .contains("`javascript:`"));
        assert!(check_email("info@x.vn").is_ok());
        assert!(check_email("mailto:info@x.vn").is_ok());
        assert!(check_email("javascript:alert(1)").is_err());
        assert!(check_email("a@b.vn, c@d.vn").is_ok());
        assert!(check_email("a@b.vn,").is_err());
        assert!(check_email("a b@c.vn").is_err());
    }
}
