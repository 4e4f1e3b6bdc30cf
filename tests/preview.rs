//! The renderer's single-page path, which `cnht serve` uses to show an edited record at once:
//! `pages_of` finds the pages a content file makes, and `render_pages` gives exactly the text the
//! full render writes for them.

mod common;
use cnht::content::{self, LoadOptions};
use cnht::model::ArticleKind;
use cnht::site::{self, Renderer, SiteOptions};
use common::*;
use std::path::Path;

fn load(root: &Path) -> content::Loaded {
    let opts = LoadOptions {
        drafts: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        dates: None,
        memo: None,
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

fn load_with(
    root: &Path,
    memo: &std::sync::Arc<content::LoadMemo>,
) -> Result<content::Loaded, cnht::diagnostics::Report> {
    let opts = LoadOptions {
        drafts: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        dates: None,
        memo: Some(memo.clone()),
    };
    content::load(root, &opts)
}

/// Everything a load says of the content, to compare two loads: the findings, every record as
/// the model holds it, and where each enterprise's fields and body are in its file.
fn said(loaded: &content::Loaded) -> (String, String, Vec<String>) {
    let m = &loaded.model;
    let news = (
        m.articles(ArticleKind::News),
        m.articles(ArticleKind::Market),
    );
    let records = serde_json::to_string(&(m.enterprises(), m.policies(), news, m.pages())).unwrap();
    let origins = m
        .enterprises()
        .iter()
        .map(|e| {
            let mut spans: Vec<_> = e
                .origin
                .spans
                .iter()
                .map(|(k, r)| (*k, r.start, r.end))
                .collect();
            spans.sort();
            format!("{:?} {spans:?} {}", e.origin.file, e.origin.body_offset)
        })
        .collect();
    (loaded.report.render(false), records, origins)
}

fn markdown_files(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

/// The basic fixture, loaded once with a new memo.
fn loaded_once() -> (tempfile::TempDir, std::sync::Arc<content::LoadMemo>) {
    let dir = site(&["basic"]);
    let memo = std::sync::Arc::new(content::LoadMemo::default());
    load_with(dir.path(), &memo).unwrap_or_else(|r| panic!("{}", r.render(false)));
    (dir, memo)
}

#[test]
fn a_load_with_the_memo_reads_what_a_load_without_it_reads() {
    let dir = site(&["basic"]);
    let memo = std::sync::Arc::new(content::LoadMemo::default());
    let first = load_with(dir.path(), &memo).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert_eq!(memo.reused().0, 0, "nothing to reuse the first time");
    let second = load_with(dir.path(), &memo).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let files = markdown_files(dir.path());
    assert!(files > 5);
    assert_eq!(
        memo.reused().0,
        files,
        "every unchanged file is taken from the memo"
    );
    assert!(memo.reused().1 >= files, "and every body of them");
    let plain = load(dir.path());
    assert_eq!(said(&second), said(&plain));
    assert_eq!(said(&first), said(&plain));
}

#[test]
fn the_memo_never_hides_an_edit() {
    let (dir, memo) = loaded_once();
    let file = dir.path().join("content/enterprises/det-ung-hoa.md");
    let text = std::fs::read_to_string(&file).unwrap();

    // A bad tax code and a link to nowhere: both reported, as without the memo.
    let broken = text
        .replace("0112345041", "01123")
        .replace("đều ra.", "đều ra. Xem [trang](@/enterprises/khong-co.md).");
    std::fs::write(&file, &broken).unwrap();
    let report = match load_with(dir.path(), &memo) {
        Err(report) => report,
        Ok(_) => panic!("the edited file has errors"),
    };
    assert_eq!(
        memo.reused().0,
        markdown_files(dir.path()) - 1,
        "only the edited file is parsed again"
    );
    let text_of = |r: &cnht::diagnostics::Report| r.render(false);
    let plain = match content::load(
        dir.path(),
        &LoadOptions {
            drafts: true,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            ..Default::default()
        },
    ) {
        Err(report) => report,
        Ok(_) => panic!("the edited file has errors"),
    };
    assert_eq!(text_of(&report), text_of(&plain));
    assert!(
        text_of(&report).contains("tax_code"),
        "{}",
        text_of(&report)
    );
    assert!(
        text_of(&report).contains("khong-co"),
        "{}",
        text_of(&report)
    );

    // Fixed again: the errors go.
    std::fs::write(&file, &text).unwrap();
    load_with(dir.path(), &memo).unwrap_or_else(|r| panic!("{}", r.render(false)));
}

#[test]
fn a_changed_vocabulary_parses_every_file_again() {
    let (dir, memo) = loaded_once();
    // The product group the enterprise names is gone: its record must now be refused, though
    // its file did not change.
    let groups = dir.path().join("content/data/product-groups.toml");
    let text = std::fs::read_to_string(&groups).unwrap();
    let key = "key = \"det-may\"";
    assert!(text.contains(key));
    std::fs::write(&groups, text.replace(key, "key = \"det-may-khac\"")).unwrap();
    let report = match load_with(dir.path(), &memo) {
        Err(report) => report,
        Ok(_) => panic!("a record names a product group that is gone"),
    };
    assert_eq!(
        memo.reused().0,
        0,
        "the vocabularies changed: nothing is reused"
    );
    assert!(
        report.render(false).contains("det-may"),
        "{}",
        report.render(false)
    );
}

#[test]
fn a_settled_file_is_read_again_only_when_it_changes() {
    let dir = site(&["basic"]);
    let memo = std::sync::Arc::new(content::LoadMemo::default());
    let files = markdown_files(dir.path());
    let ok = |r: Result<content::Loaded, cnht::diagnostics::Report>| {
        r.unwrap_or_else(|r| panic!("{}", r.render(false)))
    };
    ok(load_with(dir.path(), &memo));
    ok(load_with(dir.path(), &memo));
    assert_eq!(memo.reused().0, files);
    assert_eq!(
        memo.unread(),
        0,
        "files written a moment ago are read every time (their stamps are not trusted yet)"
    );
    // Two seconds on, every file is settled: read once more to keep its stamp, then not read.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    ok(load_with(dir.path(), &memo));
    assert_eq!(memo.unread(), 0);
    let unread = ok(load_with(dir.path(), &memo));
    assert_eq!(
        memo.unread(),
        files,
        "settled, unchanged files are not read"
    );
    assert_eq!(said(&unread), said(&load(dir.path())));

    // New text of the same length, with the old modification time put back: still seen (the
    // status-change time cannot be put back).
    let file = dir.path().join("content/enterprises/det-ung-hoa.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let edited = text.replace("đều ra.", "đều ra!");
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&file, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    let seen = ok(load_with(dir.path(), &memo));
    assert_eq!(memo.unread(), files - 1, "only the edited file is read");
    assert_eq!(said(&seen), said(&load(dir.path())));
    assert!(
        said(&seen).1.contains("đều ra!"),
        "the edit is in the model"
    );
}
