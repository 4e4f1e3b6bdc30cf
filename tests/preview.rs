//! The renderer's single-page path, which `cnht serve` uses to show an edited record at once:
//! `pages_of` finds the pages a content file makes, and `render_pages` gives exactly the text the
//! full render writes for them.

mod common;
use cnht::content::{self, LoadOptions};
use cnht::site::{self, Renderer, SiteOptions};
use common::*;
use std::path::Path;

fn load(root: &Path) -> content::Loaded {
    let opts = LoadOptions {
        drafts: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        dates: None,
    };
    content::load(root, &opts).unwrap_or_else(|r| panic!("{}", r.render(false)))
}

#[test]
fn pages_of_names_the_pages_a_content_file_makes() {
    let dir = site(&["basic"]);
    let model = load(dir.path()).model;
    let pages = |f: &str| site::pages_of(&model, Path::new(f));
    assert_eq!(
        pages("content/enterprises/det-ung-hoa.md"),
        [
            "/doanh-nghiep/det-ung-hoa/",
            "/en/doanh-nghiep/det-ung-hoa/"
        ]
    );
    // A record in a folder of its own (with its logo).
    assert_eq!(
        pages("content/enterprises/an-phat/index.md"),
        ["/doanh-nghiep/an-phat/", "/en/doanh-nghiep/an-phat/"]
    );
    assert_eq!(
        pages("content/policies/nd-111.md")[0],
        "/chinh-sach/nd-111/"
    );
    assert_eq!(pages("content/pages/gioi-thieu.md")[0], "/gioi-thieu/");
    // Files that make no page of their own, and files that are not there.
    assert!(pages("content/site.toml").is_empty());
    assert!(pages("content/data/districts.toml").is_empty());
    assert!(pages("content/enterprises/khong-co.md").is_empty());
    assert!(pages("themes/cnht/templates/base.html").is_empty());
}

#[test]
fn render_pages_gives_the_text_of_the_full_render() {
    let dir = site(&["basic"]);
    let loaded = load(dir.path());
    let model = &loaded.model;
    let out = tempfile::tempdir().unwrap();
    let opts = SiteOptions {
        theme: dir.path().join("themes/cnht"),
        allow_raw_html: loaded.allow_raw_html,
    };
    let renderer = Renderer::new(model, out.path(), &opts).unwrap();
    renderer.render_all(model, out.path()).unwrap();
    assert!(renderer.has_images_of(model));

    let mut urls = site::pages_of(model, Path::new("content/enterprises/an-phat/index.md"));
    urls.extend(site::pages_of(
        model,
        Path::new("content/news/hoi-cho-2020.md"),
    ));
    urls.push("/khong-co-trang-nay/".into());
    let pages = renderer.render_pages(model, &urls).unwrap();
    assert_eq!(
        pages.len(),
        4,
        "both languages of both records, nothing else"
    );
    for (url, html) in &pages {
        let file = site::output_path(out.path(), url);
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(html, &written, "{url}");
        assert!(html.contains("<html"), "{url}");
    }
    let (_, an_phat) = pages
        .iter()
        .find(|(u, _)| u == "/doanh-nghiep/an-phat/")
        .unwrap();
    assert!(
        an_phat.contains("srcset="),
        "the logo's resized copies are used"
    );
}

#[test]
fn a_new_logo_is_not_covered_by_an_older_renderer() {
    let dir = site(&["basic"]);
    let loaded = load(dir.path());
    let out = tempfile::tempdir().unwrap();
    let opts = SiteOptions {
        theme: dir.path().join("themes/cnht"),
        allow_raw_html: false,
    };
    let renderer = Renderer::new(&loaded.model, out.path(), &opts).unwrap();
    // The enterprise now points at another picture: only a full render can publish it.
    let mut parts = loaded.model.into_parts();
    let e = parts
        .enterprises
        .iter_mut()
        .find(|e| e.logo.is_some())
        .unwrap();
    e.logo = Some(dir.path().join("content/enterprises/an-phat/logo-moi.png"));
    let model = cnht::model::Model::new(parts);
    assert!(!renderer.has_images_of(&model));
}
