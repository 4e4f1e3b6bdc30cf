//! One URL scheme and one link resolver: every internal address the built site writes (pages,
//! feeds, sitemap) is one `cnht check` accepts (the model's resolver is check's), every page and
//! file of the scheme is written, and links to real pages such as the search page or the second
//! page of the directory pass `cnht check`.

mod common;

use cnht::content::{load, LoadOptions};
use cnht::model::links::{Link, LinkError};
use cnht::model::{Lang, Model};
use common::*;
use std::path::Path;
use std::sync::OnceLock;
use tempfile::TempDir;

fn built() -> &'static (TempDir, Model) {
    static BUILT: OnceLock<(TempDir, Model)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = built_site(&["basic"], true);
        let model = load(site.path(), &LoadOptions::default())
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model;
        (site, model)
    })
}

/// Every site-relative address in `text` after `attr="` (and absolute ones on `base`).
fn addresses(text: &str, attr: &str, base: &str) -> Vec<String> {
    text.split(attr)
        .skip(1)
        .filter_map(|part| {
            let link = part.split(['"', '<']).next().unwrap_or("");
            let link = link.strip_prefix(base).unwrap_or(link);
            (link.starts_with('/') && !link.starts_with("//")).then(|| link.to_owned())
        })
        .collect()
}

#[test]
fn check_accepts_every_address_the_site_writes() {
    let (site, model) = built();
    let public = site.path().join("public");
    let base = &model.site().base_url;
    let mut checked = 0;
    let mut refused = Vec::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let ext = entry.path().extension().and_then(|e| e.to_str());
        let found = match ext {
            Some("html") => {
                let html = std::fs::read_to_string(entry.path()).unwrap();
                let mut v = addresses(&html, "href=\"", base);
                v.extend(addresses(&html, "src=\"", base));
                v
            }
            Some("xml") => {
                let xml = std::fs::read_to_string(entry.path()).unwrap();
                let mut v = addresses(&xml, "<loc>", base);
                v.extend(addresses(&xml, "href=\"", base));
                v
            }
            _ => continue,
        };
        for link in found {
            checked += 1;
            match model.resolve(&link) {
                Ok(Link::Site { .. }) => {}
                other => refused.push(format!(
                    "{}: {link} → {other:?}",
                    entry.path().strip_prefix(&public).unwrap().display()
                )),
            }
        }
    }
    assert!(checked > 500, "the site writes many addresses: {checked}");
    assert!(
        refused.is_empty(),
        "addresses the site writes but check refuses:\n{}",
        refused.join("\n")
    );
}

#[test]
fn the_site_writes_every_page_and_file_of_the_scheme() {
    let (site, model) = built();
    let public = site.path().join("public");
    for path in model.page_addresses() {
        for lang in Lang::ALL {
            let file = cnht::site::output_path(&public, &lang.url(&path));
            assert!(file.is_file(), "{} is missing", file.display());
        }
    }
    for path in model.file_addresses() {
        let file = cnht::site::output_path(&public, &path);
        assert!(file.is_file(), "{} is missing", file.display());
    }
    // And nothing else: every page written is one of the scheme's.
    let pages: std::collections::HashSet<String> = model.page_addresses().into_iter().collect();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let rel = entry
            .path()
            .parent()
            .unwrap()
            .strip_prefix(&public)
            .unwrap();
        let url = format!("/{}/", rel.to_string_lossy()).replace("//", "/");
        let (_, path) = Lang::split(&url);
        let path = if url == "/en/" { "/" } else { path };
        assert!(pages.contains(path), "{url} is not in the URL scheme");
    }
}

#[test]
fn links_to_real_pages_pass_check_and_others_do_not() {
    let site = site(&["basic"]);
    let page = site.path().join("content/pages/lien-ket.md");
    let write = |body: &str| {
        std::fs::write(&page, format!("+++\ntitle = \"Liên kết\"\n+++\n{body}\n")).unwrap();
    };
    write(
        "[Tìm kiếm](/tim-kiem/), [trang 2](/doanh-nghiep/trang/2/), [English](/en/doanh-nghiep/), \
         [CSV](/doanh-nghiep.csv), [thống kê](/thong-ke), [tin](/tin-tuc/atom.xml), \
         [Ăn Phát](@/enterprises/an-phat/index.md#lien-he), [trên](#dau-trang)",
    );
    let root = site.path().to_str().unwrap();
    let out = cnht(&["check", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    write("[trang 9](/doanh-nghiep/trang/9/)");
    let out = cnht(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/pages/lien-ket.md:4:")
            && stderr.contains("/doanh-nghiep/trang/9/ leads to a page that does not exist"),
        "{stderr}"
    );
}

/// The basic fixture with the page `content/pages/lien-ket.md` ("Liên kết") whose body is
/// `body`, starting on the file's line 4.
fn site_with_page(body: &str) -> TempDir {
    let site = site(&["basic"]);
    let page = site.path().join("content/pages/lien-ket.md");
    std::fs::write(&page, format!("+++\ntitle = \"Liên kết\"\n+++\n{body}\n")).unwrap();
    site
}

/// An `@/` link to a folder or out of `content/` is told for what it is, not as a missing file:
/// a section's folder gets its list page, a page's folder its index.md.
#[test]
fn links_to_folders_and_out_of_content_say_what_they_point_to() {
    let site = site_with_page(
        "[a](@/../themes/)\n\n[b](@/enterprises/)\n\n[c](@/enterprises/an-phat/)\n\n\
         [d](@/pages/)\n\n[e](@/pages/../../README.md)\n\n[f](@/pages/../enterprises/khong-co.md)",
    );
    let root = site.path().to_str().unwrap();
    let out = cnht(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    let en = String::from_utf8_lossy(&out.stderr);
    for (line, says) in [
        (4, "the link @/../themes/ leads out of content/"),
        (
            6,
            "the link points to the folder content/enterprises/, not to a file",
        ),
        (6, "for the list of its records write /doanh-nghiep/"),
        (
            8,
            "the link points to the folder content/enterprises/an-phat/, not to a file",
        ),
        (
            8,
            "the page of this folder is @/enterprises/an-phat/index.md",
        ),
        (
            10,
            "the link points to the folder content/pages/, not to a file",
        ),
        (12, "the link @/pages/../../README.md leads out of content/"),
        // Climbing back inside content/ is a path like any other.
        (
            14,
            "content/pages/../enterprises/khong-co.md, which does not exist",
        ),
    ] {
        has_line(&en, &[&format!("content/pages/lien-ket.md:{line}:")]);
        assert!(en.contains(says), "{says} in:\n{en}");
    }
    assert!(
        !en.contains("content/enterprises/, which does not exist"),
        "{en}"
    );
    let vi = String::from_utf8_lossy(&cnht_in(Some("vi"), &["check", "--root", root]).stderr)
        .into_owned();
    for says in [
        "liên kết @/../themes/ đi ra ngoài thư mục content/",
        "liên kết trỏ tới thư mục content/enterprises/, không phải một tệp",
        "trang của thư mục này là @/enterprises/an-phat/index.md",
    ] {
        assert!(vi.contains(says), "{says} in:\n{vi}");
    }
}

#[test]
fn links_in_a_body_s_english_part_are_checked_at_their_line() {
    let site = site_with_page(
        "Tiếng Việt, [tìm kiếm](/tim-kiem/).\n\n<!-- English -->\n\n\
         English.\n\n[a bad one](javascript:alert(1)) and [page 9](/doanh-nghiep/trang/9/)",
    );
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/pages/lien-ket.md:10:")
            && stderr.contains("`javascript:` links are not allowed")
            && stderr.contains("/doanh-nghiep/trang/9/ leads to a page that does not exist"),
        "{stderr}"
    );
}

#[test]
fn the_resolver_reads_what_the_site_writes() {
    let (_, model) = built();
    assert_eq!(
        model.resolve("@/enterprises/an-phat/index.md#x"),
        Ok(Link::Record {
            section: cnht::model::Section::Enterprise,
            slug: "an-phat",
            path: "/doanh-nghiep/an-phat/",
            suffix: "#x",
        })
    );
    assert!(matches!(
        model.resolve("/en/doanh-nghiep/trang/2/"),
        Ok(Link::Site { page: true })
    ));
    assert!(matches!(
        model.resolve("/doanh-nghiep.json"),
        Ok(Link::Site { page: false })
    ));
    assert_eq!(
        model.resolve("@/enterprises/khong-co.md"),
        Err(LinkError::NoContent("enterprises/khong-co.md".into()))
    );
    assert!(matches!(
        model.resolve("JaVaScRiPt:alert(1)"),
        Err(LinkError::Unsafe(_))
    ));
    assert!(Path::new(&model.site().base_url).to_str().is_some());
}
