//! Content you can trust: every status, figure and event of the bundled content is either sourced
//! in the model or visibly marked as unverified or as a sample — on the built pages (both
//! languages), in the handbook's text and in open data; the "Sources and verification" page lists
//! them; `cnht check` counts the samples and `cnht build --no-samples` refuses them.

mod common;

use cnht::model::{Basis, Model, PolicyStatus, Provenance, SampleKind};
use common::*;
use std::sync::OnceLock;
use tempfile::TempDir;

/// The repository's own content, built with both outputs, its model and the handbook's text.
struct Built {
    site: TempDir,
    model: Model,
    book: String,
}

/// A copy of the repository's content, theme and handbook templates.
fn bundled() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "handbook"] {
        copy_tree(&repo().join(part), &dir.path().join(part));
    }
    dir
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = bundled();
        let mut opts = cnht::BuildOptions::new(site.path());
        opts.compress = false;
        if let Err(report) = cnht::build(&opts) {
            panic!("build failed:\n{}", report.render(false));
        }
        let model = cnht::content::load(site.path(), &Default::default())
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model;
        let pdf = site
            .path()
            .join("public/cam-nang/cam-nang-cnht-ha-noi-2020.pdf");
        let book = pdf_words(&pdf);
        Built { site, model, book }
    })
}

fn page(rel: &str) -> String {
    read(&built().site.path().join("public"), rel)
}

const UNVERIFIED_VI: &str = "Chưa xác minh";
const UNVERIFIED_EN: &str = "Not verified";
const SAMPLE_VI: &str = "Dữ liệu mẫu";
const SAMPLE_EN: &str = "Sample";

#[test]
fn every_policy_status_is_sourced_derived_or_marked_unverified_on_its_pages() {
    let b = built();
    for p in b.model.policies() {
        let current = b.model.policy_status(p);
        for (prefix, unverified) in [("", UNVERIFIED_VI), ("en/", UNVERIFIED_EN)] {
            let html = page(&format!("{prefix}chinh-sach/{}/index.html", p.slug));
            // The page's own status: the header and the notes under it (related documents
            // further down carry their own marks).
            let head = &html[..html.find("facts--policy").unwrap()];
            let text = html_text(head);
            match &current.basis {
                Basis::Sourced { source, .. } => {
                    let escaped = source.replace('&', "&amp;");
                    assert!(head.contains(&escaped), "{}: the source is shown", p.slug);
                    assert!(!text.contains(unverified), "{}", p.slug);
                }
                Basis::Derived => {
                    let by = b.model.policy(current.by.as_deref().unwrap()).unwrap();
                    assert!(text.contains(&by.number), "{}: names {}", p.slug, by.number);
                    assert!(!text.contains(unverified), "{}", p.slug);
                }
                Basis::Unverified => assert!(
                    text.contains(unverified),
                    "{}: an unverified status says so on {prefix}",
                    p.slug
                ),
            }
        }
    }
}

#[test]
fn statuses_follow_the_reference() {
    let b = built();
    let status = |slug: &str| b.model.policy_status(b.model.policy(slug).unwrap());
    // Decree 111 stays the base decree, amended by Decree 205 from 1 September 2025 (sourced).
    let nd111 = status("nghi-dinh-111-2015-nd-cp");
    assert_eq!(nd111.status, PolicyStatus::Amended);
    assert!(matches!(nd111.basis, Basis::Sourced { .. }));
    assert_eq!(nd111.since.unwrap().iso(), "2025-09-01");
    // Plan 94 is replaced by Plan 49 from March 2021 (a month-only date, derived).
    let kh94 = status("94-kh-ubnd-2020");
    assert_eq!(
        (kh94.status, &kh94.basis),
        (PolicyStatus::Replaced, &Basis::Derived)
    );
    assert_eq!(kh94.since.unwrap().iso(), "2021-03");
    // The two circulars' status after Decree 205 is unknown to the reference.
    for slug in ["thong-tu-55-2015-tt-bct", "thong-tu-29-2018-tt-btc"] {
        assert_eq!(status(slug).basis, Basis::Unverified, "{slug}");
    }
    // Plan 49 is known only to the month, and shown so.
    let kh49 = b.model.policy("ke-hoach-49-kh-ubnd-2021").unwrap();
    assert!(kh49.issued.is_month_only());
    assert!(html_text(&page("chinh-sach/ke-hoach-49-kh-ubnd-2021/index.html")).contains("03/2021"));
    assert!(
        html_text(&page("en/chinh-sach/ke-hoach-49-kh-ubnd-2021/index.html"))
            .contains("March 2021")
    );
    // Search engines are told the legal force only of a sourced or derived status.
    let jsonld = |slug: &str| {
        let html = page(&format!("chinh-sach/{slug}/index.html"));
        let start = html.find("application/ld+json\">").unwrap() + 21;
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str::<serde_json::Value>(&html[start..end]).unwrap()
    };
    assert_eq!(
        jsonld("nghi-dinh-111-2015-nd-cp")["legislationLegalForce"],
        "https://schema.org/PartiallyInForce"
    );
    assert!(jsonld("thong-tu-55-2015-tt-bct")
        .get("legislationLegalForce")
        .is_none());
    // Decision 6999 carries no invented subject.
    let qd6999 = b.model.policy("quyet-dinh-6999-qd-ubnd-2019").unwrap();
    assert!(
        !qd6999.title.vi.contains("ngân sách"),
        "{}",
        qd6999.title.vi
    );
}

#[test]
fn every_news_item_and_market_note_is_sourced_or_a_visible_sample() {
    let b = built();
    for a in b.model.news().iter().chain(b.model.market()) {
        let section = a.kind.section().folder();
        let folder = if section == "news" {
            "tin-tuc"
        } else {
            "thi-truong"
        };
        assert!(
            a.sample || matches!(a.basis, Basis::Sourced { .. }),
            "{}: neither sourced nor a sample",
            a.slug
        );
        for (prefix, sample) in [("", SAMPLE_VI), ("en/", SAMPLE_EN)] {
            let html = page(&format!("{prefix}{folder}/{}/index.html", a.slug));
            if a.sample {
                assert!(html.contains("notice--sample"), "{}: sample notice", a.slug);
                assert!(html_text(&html).contains(sample), "{}", a.slug);
            } else {
                assert!(
                    html.contains("class=\"provenance\""),
                    "{}: the source",
                    a.slug
                );
            }
        }
        // Listings mark samples too.
        let listing = page(&format!("{folder}/index.html"));
        if a.sample {
            let at = listing.find(&format!("/{}/", a.slug)).unwrap();
            let card = &listing[listing[..at].rfind("<li").unwrap()..at];
            assert!(
                card.contains("badge--sample"),
                "{}: marked in the list",
                a.slug
            );
        }
    }
}

#[test]
fn every_enterprise_programme_and_contact_sample_is_marked_on_the_site() {
    let b = built();
    for e in b.model.enterprises() {
        assert!(e.sample, "{}: the bundled enterprises are samples", e.slug);
        let html = page(&format!("doanh-nghiep/{}/index.html", e.slug));
        assert!(html.contains("notice--sample"), "{}", e.slug);
    }
    // The directory marks each sample card (a directory may mix surveyed and sample records).
    let directory = page("doanh-nghiep/index.html");
    let cards = directory.matches("card card--enterprise").count();
    assert!(cards > 0);
    assert_eq!(directory.matches("card__sample").count(), cards);
    let program = page("chuong-trinh/2020/index.html");
    let text = html_text(&program);
    assert!(text.contains("trạng thái các nhiệm vụ dưới đây là giá trị minh họa"));
    assert!(text.contains("cột “thực tế” đếm hồ sơ trong danh bạ"));
    let stats = html_text(&page("en/thong-ke/index.html"));
    assert!(stats.contains("counts records of the directory, which are samples"));
    let home = html_text(&page("index.html"));
    assert!(home.contains("tên miền, số điện thoại và thư điện tử trên đây là thông tin giữ chỗ"));
    let about = html_text(&page("gioi-thieu/index.html"));
    assert!(
        about.contains("chưa được xác minh"),
        "the About page says what is not checked"
    );
    assert!(!about.contains("đã được đối chiếu với nguồn. Chỗ nào chưa kiểm chứng được"));
}

#[test]
fn the_sources_page_lists_every_record_with_counts_in_both_languages() {
    let b = built();
    let counts = b.model.provenance_counts();
    let samples = b.model.samples();
    assert_eq!(counts.samples, samples.len());
    assert!(counts.unverified > 0 && counts.sourced > 0 && counts.derived > 0);
    for (prefix, title) in [
        ("", "Nguồn và kiểm chứng"),
        ("en/", "Sources and verification"),
    ] {
        let html = page(&format!("{prefix}nguon-va-kiem-chung/index.html"));
        assert!(html.contains(title));
        for p in b.model.policies() {
            assert!(
                html.contains(&format!("/chinh-sach/{}/", p.slug)),
                "{}",
                p.slug
            );
        }
        for s in &samples {
            match &s.url {
                Some(u) => assert!(html.contains(u.as_str()), "{u}"),
                None => assert!(html.contains(&s.file)),
            }
        }
        let rows = |mark: &str| html.matches(&format!("data-provenance=\"{mark}\"")).count();
        assert_eq!(
            rows("sample"),
            samples.len() + b.model.news().iter().filter(|a| a.sample).count()
        );
        assert_eq!(rows("unverified"), counts.unverified);
        assert!(html.contains(&format!("<strong>{}</strong>", counts.samples)));
        // Linked from every footer.
        assert!(page(&format!("{prefix}index.html"))
            .contains(&format!("/{prefix}nguon-va-kiem-chung/")));
    }
    let kinds: Vec<SampleKind> = samples.iter().map(|s| s.kind).collect();
    for k in [
        SampleKind::Enterprise,
        SampleKind::News,
        SampleKind::TaskStatuses,
        SampleKind::Actuals,
        SampleKind::Contact,
    ] {
        assert!(kinds.contains(&k), "{k:?} samples are listed");
    }
}

#[test]
fn the_handbook_carries_the_same_marks() {
    let b = built();
    let as_of = b.model.site().handbook.edition_date;
    for p in b
        .model
        .policies()
        .iter()
        .filter(|p| b.model.issued_by(p, as_of))
    {
        let on = b.model.policy_status_on(p, as_of);
        // The entry: its heading, then its title (the contents page has only the heading).
        let title = p.title.vi.split_whitespace().collect::<Vec<_>>().join(" ");
        let heading = format!(
            "{} {} {title}",
            p.kind.label(cnht::model::Lang::Vi),
            p.number
        );
        let entry_at = b
            .book
            .find(&heading)
            .unwrap_or_else(|| panic!("{heading} is in the book"));
        let entry = &b.book[entry_at..];
        let entry = &entry[..entry
            .char_indices()
            .nth(1500)
            .map_or(entry.len(), |(i, _)| i)];
        match on.basis {
            Basis::Unverified => assert!(entry.contains(UNVERIFIED_VI), "{}: {entry}", p.number),
            Basis::Sourced { .. } => assert!(entry.contains("đối chiếu ngày"), "{}", p.number),
            Basis::Derived => assert!(
                entry.contains(Provenance::Derived.label(cnht::model::Lang::Vi)),
                "{}",
                p.number
            ),
        }
    }
    // The 2020 edition shows Plan 94 as the plan in force on its date, not replaced or expired.
    let kh94 = b.model.policy("94-kh-ubnd-2020").unwrap();
    assert_eq!(
        b.model.policy_status_on(kh94, as_of).status,
        PolicyStatus::InForce
    );
    assert!(
        !b.book.contains("49/KH-UBND ngày"),
        "a 2021 plan in the 2020 edition"
    );
    let samples = b.book.matches(SAMPLE_VI).count();
    assert!(
        samples >= b.model.enterprises().len() + 2,
        "every enterprise entry, the task table and the targets are marked ({samples})"
    );
    assert!(b
        .book
        .contains("tình trạng các nhiệm vụ là giá trị minh họa"));
    assert!(
        b.book.contains("thông tin giữ chỗ"),
        "the contact placeholders"
    );
}

#[test]
fn open_data_carries_the_markers() {
    let b = built();
    let public = b.site.path().join("public");
    let policies = read(&public, "chinh-sach.csv");
    let header = policies.lines().next().unwrap();
    assert!(header.contains("status,provenance,status_source,status_checked,status_since"));
    let rows: Vec<&str> = policies.lines().skip(1).collect();
    assert_eq!(rows.len(), b.model.policies().len());
    let unverified = rows.iter().filter(|r| r.contains(",unverified,")).count();
    assert_eq!(unverified, b.model.provenance_counts().unverified);
    assert!(rows.iter().any(|r| r.starts_with("94/KH-UBND,")
        && r.contains(",replaced,derived,")
        && r.contains(",2021-03,49/KH-UBND,")));
    let json: serde_json::Value = serde_json::from_str(&read(&public, "chinh-sach.json")).unwrap();
    let nd111 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == "111/2015/NĐ-CP")
        .unwrap();
    assert_eq!(nd111["history"].as_array().unwrap().len(), 2);
    assert_eq!(nd111["history"][1]["basis"], "sourced");

    let enterprises = read(&public, "doanh-nghiep.csv");
    assert!(enterprises.lines().next().unwrap().ends_with(",sample"));
    assert!(enterprises.lines().skip(1).all(|l| l.ends_with(",true")));
    let tasks = read(&public, "chuong-trinh/2020/nhiem-vu.csv");
    assert!(tasks.lines().next().unwrap().ends_with(",status_sample"));
    assert!(tasks.lines().skip(1).all(|l| l.ends_with(",true")));
}

#[test]
fn check_counts_the_samples_and_no_samples_refuses_to_publish_them() {
    let site = bundled();
    let root = site.path().to_str().unwrap();
    let out = cnht(&["check", "--root", root]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Samples:"))
        .unwrap_or_else(|| panic!("no summary line:\n{stdout}"));
    let model = cnht::content::load(site.path(), &Default::default())
        .unwrap()
        .model;
    assert!(
        line.starts_with(&format!("Samples: {} left", model.sample_total())),
        "{line}"
    );

    let out = cnht(&["build", "--root", root, "--no-samples", "--no-handbook"]);
    assert!(!out.status.success(), "samples are refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--no-samples"), "{stderr}");
    assert!(
        stderr.contains("content/site.toml"),
        "the contact details are named"
    );
    assert!(stderr.contains("content/news/lop-tap-huan-lean-5s.md"));
    assert!(
        !site.path().join("public").exists(),
        "nothing was published"
    );
    // As an editor sees it: in Vietnamese.
    let out = cnht_as_editor(&["check", "--root", root]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Dữ liệu mẫu: còn "))
        .unwrap_or_else(|| panic!("no summary line:\n{stdout}"));
    assert!(
        line.contains("`cnht build --no-samples` sẽ từ chối chúng"),
        "{line}"
    );
    let out = cnht_as_editor(&["build", "--root", root, "--no-samples", "--no-handbook"]);
    assert!(!out.status.success(), "samples are refused");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("lỗi: thông tin liên hệ của trang là giá trị giữ chỗ"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bản dựng với --no-samples không đăng dữ liệu mẫu"),
        "{stderr}"
    );
    assert!(
        !site.path().join("public").exists(),
        "nothing was published"
    );
}

#[test]
fn no_samples_publishes_a_site_without_samples() {
    let site = bundled();
    let content = site.path().join("content");
    // Make the site real: drop the sample news, and take the enterprises as the survey's
    // records (`sample_data = false`), the contact details and task statuses as confirmed.
    let model = cnht::content::load(site.path(), &Default::default())
        .unwrap()
        .model;
    for s in model.samples() {
        if s.kind == SampleKind::News {
            std::fs::remove_file(site.path().join(&s.file)).unwrap();
        }
        // An event keeps its sourced dates and venue; its sample exhibitor list goes.
        if s.kind == SampleKind::Event {
            let file = site.path().join(&s.file);
            let text = std::fs::read_to_string(&file).unwrap();
            let kept = text.split("[[exhibitors]]").next().unwrap();
            std::fs::write(&file, kept.replace("\nsample = true", "\n")).unwrap();
        }
    }
    let toml = content.join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("\nsample = true"));
    std::fs::write(
        &toml,
        text.replace("sample_data = true", "sample_data = false")
            .replace("\nsample = true", "\n"),
    )
    .unwrap();
    let program = content.join("program/2020.toml");
    let text = std::fs::read_to_string(&program).unwrap();
    std::fs::write(&program, text.replace("status_sample = true", "")).unwrap();
    let root = site.path().to_str().unwrap();
    let out = cnht(&["check", "--root", root]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Samples: none left"), "{stdout}");
    let out = cnht(&["build", "--root", root, "--no-samples", "--no-handbook"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = read(&site.path().join("public"), "index.html");
    assert!(
        !home.contains("sample-banner"),
        "no sample banner once nothing is a sample"
    );
}
