//! What the website and the printed handbook share, checked on both outputs of one fixture:
//! - one label table: every status, kind, scope, country and district name the handbook shows is
//!   the one the website shows for the same record, and neither the handbook's Typst templates nor
//!   the theme's translation files write one of them again;
//! - one Markdown dialect: footnotes, tables and strikethrough render in both.

mod common;

use cnht::content::{load, LoadOptions};
use cnht::model::vocab::{self, Labelled, Vocabulary};
use cnht::model::{Lang, Model, PolicyKind, PolicyScope, PolicyStatus, TaskStatus};
use common::*;
use std::path::Path;
use std::sync::OnceLock;
use tempfile::TempDir;

/// The handbook fixture built with both outputs, its model and the screen PDF's text.
struct Built {
    site: TempDir,
    model: Model,
    pdf_text: String,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = built_site(&["handbook-basic"], true);
        let opts = LoadOptions {
            today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            ..Default::default()
        };
        let model = load(site.path(), &opts)
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model;
        let pdf = site
            .path()
            .join("public/cam-nang/cam-nang-cnht-ha-noi-2020.pdf");
        let pdf_text = pdf_words(&pdf);
        Built {
            site,
            model,
            pdf_text,
        }
    })
}

fn page(b: &Built, rel: &str) -> String {
    read(&b.site.path().join("public"), rel)
}

/// The text of the badge with class `badge--<key>` on a page.
fn badge(html: &str, key: &str) -> String {
    let marker = format!("class=\"badge badge--{key}\">");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {marker} on the page"))
        + marker.len();
    html[at..at + html[at..].find('<').unwrap()].to_owned()
}

#[test]
fn statuses_are_the_same_on_the_website_and_in_print() {
    let b = built();
    let labels = cnht::handbook::view::build(&b.model).handbook.labels;
    let mut seen = Vec::new();
    for p in b.model.policies() {
        let web = badge(
            &page(b, &format!("chinh-sach/{}/index.html", p.slug)),
            p.status.key(),
        );
        assert_eq!(labels.policy_status[p.status.key()], web, "{}", p.slug);
        assert!(b.pdf_text.contains(&web), "the book prints {web:?}");
        seen.push(web);
    }
    let program = b.model.programs().first().expect("a programme");
    let html = page(b, &format!("chuong-trinh/{}/index.html", program.year));
    for t in &program.tasks {
        let web = badge(&html, t.status.key());
        assert_eq!(labels.task_status[t.status.key()], web);
        assert!(b.pdf_text.contains(&web), "the book prints {web:?}");
        seen.push(web);
    }
    // The fixture shows every task status.
    for s in TaskStatus::ALL {
        assert!(seen.contains(&s.label(Lang::Vi).to_owned()), "{s} shown");
    }
}

#[test]
fn kinds_scopes_countries_and_districts_are_the_same_on_the_website_and_in_print() {
    let b = built();
    let labels = cnht::handbook::view::build(&b.model).handbook.labels;
    for p in b.model.policies() {
        let html = page(b, &format!("chinh-sach/{}/index.html", p.slug));
        let kind = labels.policy_kind[p.kind.key()];
        assert!(
            html.contains(&format!("{kind} {}", p.number)),
            "{kind} on the page"
        );
        assert!(b.pdf_text.contains(&format!("{kind} {}", p.number)));
        let scope = labels.policy_scope[p.scope.key()];
        assert!(html.contains(scope), "{scope} on the page of {}", p.slug);
        assert!(b.pdf_text.contains(scope), "the book prints {scope:?}");
    }
    let mut countries = 0;
    for e in b.model.enterprises() {
        let html = page(b, &format!("doanh-nghiep/{}/index.html", e.slug));
        for code in &e.export_markets {
            let name = labels
                .country
                .get(code.as_str())
                .copied()
                .unwrap_or(code.as_str());
            assert!(
                html.contains(&format!("<li>{name}</li>")),
                "{name} on {}",
                e.slug
            );
            assert!(b.pdf_text.contains(name), "the book prints {name:?}");
            countries += 1;
        }
        let district = b.model.district(&e.district).unwrap().label(Lang::Vi);
        assert!(html.contains(&district), "{district} on {}", e.slug);
        assert!(
            b.pdf_text.contains(&district),
            "the book prints {district:?}"
        );
    }
    assert!(countries >= 3, "the fixture has export markets");
    assert!(
        b.pdf_text.contains("Hồng Kông (Trung Quốc)"),
        "the website's name of HK"
    );
}

#[test]
fn capability_facts_are_printed_in_the_entry_and_shown_on_the_page() {
    let b = built();
    let html = page(b, "doanh-nghiep/an-phat/index.html");
    // The same facts in both outputs: equipment with count and capacity, tolerance, methods.
    for (web, print) in [
        ("Máy dập</span> × 12 (25–200 t)", "Máy dập × 12 (25–200 t)"),
        ("±0,02 mm", "±0,02 mm"),
        ("PPAP (phê duyệt chi tiết sản xuất)", "PPAP"),
    ] {
        assert!(html.contains(web), "{web} on the page");
        assert!(b.pdf_text.contains(print), "the book prints {print:?}");
    }
    // The expired certificate is said to be expired in both.
    assert!(html.contains("Đã hết hạn ngày 2020-01-31"));
    assert!(b.pdf_text.contains("IATF 16949:2016 (31/01/2020)"));
}

/// Every name of the label table and of the data vocabularies of the bundled content
/// (processes, product groups, certifications, countries), Vietnamese and English.
fn all_names() -> Vec<String> {
    let mut names: Vec<String> = [Lang::Vi, Lang::En]
        .iter()
        .flat_map(|&l| vocab::labels(l).into_iter().map(|(_, n)| n.to_owned()))
        .collect();
    let model = load(&repo(), &LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render_short()))
        .model;
    let v = model.vocabularies();
    let terms = v
        .processes
        .all()
        .iter()
        .chain(v.product_groups.all())
        .chain(v.certifications.all())
        .chain(v.countries.all());
    for t in terms {
        names.push(t.name.vi.clone());
        names.extend(t.name.en.clone());
    }
    // Names that are also ordinary words (a kind that is its own name, "Canada") are checked as
    // quoted strings only.
    names.sort_unstable();
    names.dedup();
    names
}

#[test]
fn no_template_writes_a_vocabulary_name_again() {
    let repo = repo();
    let mut found = Vec::new();
    let names = all_names();
    for dir in ["handbook", "themes/cnht/templates"] {
        for entry in walkdir::WalkDir::new(repo.join(dir)) {
            let entry = entry.unwrap();
            let ext = entry.path().extension().and_then(|e| e.to_str());
            if !matches!(ext, Some("typ" | "html" | "xml")) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for name in &names {
                if text.contains(&format!("\"{name}\"")) || text.contains(&format!(">{name}<")) {
                    found.push(format!("{}: {name}", entry.path().display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "labels written twice:\n{}",
        found.join("\n")
    );
    // The handbook reads them from its data.
    for file in ["policies.typ", "program.typ", "directory.typ"] {
        let text = std::fs::read_to_string(repo.join("handbook").join(file)).unwrap();
        assert!(text.contains("data.labels."), "{file} reads data.labels");
    }
}

#[test]
fn a_theme_cannot_rename_a_vocabulary_value() {
    let site = site(&["basic"]);
    let i18n = site.path().join("themes/cnht/i18n/vi.toml");
    let mut text = std::fs::read_to_string(&i18n).unwrap();
    text.push_str("\npolicy_status_in_force = \"Đang áp dụng\"\n");
    std::fs::write(&i18n, text).unwrap();
    let errors = cnht::site::templates::load(site.path(), &site.path().join("themes/cnht"))
        .expect_err("the theme redefines a vocabulary name");
    assert!(
        errors[0].message.contains("policy_status_in_force"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].file, Path::new("themes/cnht/i18n/vi.toml"));
}

#[test]
fn every_vocabulary_value_has_a_name_in_both_languages() {
    fn check<V: Labelled>() {
        for v in V::ALL {
            for lang in Lang::ALL {
                assert!(!v.label(lang).trim().is_empty(), "{} in {lang:?}", v.key());
            }
        }
    }
    check::<PolicyKind>();
    check::<PolicyScope>();
    check::<PolicyStatus>();
    check::<TaskStatus>();
    check::<cnht::model::DistrictKind>();
}

#[test]
fn footnotes_tables_and_strikethrough_render_in_both() {
    let b = built();
    let html = page(b, "loi-noi-dau/index.html");
    assert!(
        html.contains("<sup class=\"footnote-reference\">"),
        "footnote reference"
    );
    assert!(
        html.contains("Chú thích này in ở chân trang của cẩm nang."),
        "footnote text"
    );
    assert!(html.contains("<del>bản nháp</del>"), "strikethrough");
    assert!(html.contains("<td>Danh bạ</td>"), "table");
    // The book: the footnote's text at the foot of the page, not `[^in]`; the table's cells; the
    // struck words (drawn with a line through them).
    let t = &b.pdf_text;
    assert!(
        t.contains("Chú thích này in ở chân trang của cẩm nang."),
        "footnote text"
    );
    assert!(
        !t.contains("[^in]") && !t.contains("[in]"),
        "no footnote marker as text"
    );
    assert!(t.contains("Danh bạ") && t.contains("Doanh nghiệp công nghiệp hỗ trợ"));
    assert!(
        t.contains("bản nháp bản chính"),
        "the struck text is printed"
    );
    let json = serde_json::to_string(&cnht::handbook::view::build(&b.model).handbook).unwrap();
    for kind in [
        "\"kind\":\"footnote\"",
        "\"kind\":\"table\"",
        "\"kind\":\"strike\"",
    ] {
        assert!(json.contains(kind), "the handbook's data has {kind}");
    }
}
