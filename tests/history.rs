//! Last-updated dates: the record's own `updated` field when it has one (the survey's timestamp),
//! else one git pass, else the file's modification time.

mod common;
use chrono::NaiveDate;
use common::*;
use std::process::Command;

fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

fn updated_of(root: &std::path::Path, slug: &str) -> Option<NaiveDate> {
    let loaded = cnht::content::load(root, &Default::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    loaded
        .model
        .enterprises()
        .iter()
        .find(|e| e.slug == slug)
        .unwrap()
        .updated
}

#[test]
fn dates_come_from_the_last_commit_touching_the_file() {
    let site = site(&["basic"]);
    let root = site.path();
    git(root, &["init", "-q"], "2021-01-01T10:00:00+07:00");
    git(root, &["add", "."], "2021-01-01T10:00:00+07:00");
    git(
        root,
        &["commit", "-qm", "first"],
        "2021-01-01T10:00:00+07:00",
    );
    let file = root.join("content/enterprises/dien-tu-duong.md");
    let text = std::fs::read_to_string(&file).unwrap() + "\nThêm một đoạn.\n";
    std::fs::write(&file, text).unwrap();
    git(
        root,
        &["commit", "-qam", "second"],
        "2021-03-04T10:00:00+07:00",
    );

    assert_eq!(
        updated_of(root, "dien-tu-duong"),
        NaiveDate::from_ymd_opt(2021, 3, 4)
    );
    assert_eq!(
        updated_of(root, "an-phat"),
        NaiveDate::from_ymd_opt(2021, 1, 1)
    );
}

#[test]
fn outside_git_the_updated_field_is_used() {
    let site = site(&["basic"]);
    let file = site.path().join("content/enterprises/det-ung-hoa.md");
    let text =
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen("+++\n", "+++\nupdated = 2020-07-15\n", 1);
    std::fs::write(&file, text).unwrap();
    assert_eq!(
        updated_of(site.path(), "det-ung-hoa"),
        NaiveDate::from_ymd_opt(2020, 7, 15)
    );
    // Without a field, the file's modification time (today, as it was just written).
    assert!(updated_of(site.path(), "dien-tu-duong").is_some());
}

#[test]
fn an_updated_field_wins_over_the_commit_that_imported_it() {
    // The survey says 2020-07-15; the import is committed on 2021-03-04. The page shows the
    // survey's date, and a file without the field still gets its commit's date.
    let site = site(&["basic"]);
    let root = site.path();
    let file = root.join("content/enterprises/det-ung-hoa.md");
    let text =
        std::fs::read_to_string(&file)
            .unwrap()
            .replacen("+++\n", "+++\nupdated = 2020-07-15\n", 1);
    std::fs::write(&file, text).unwrap();
    git(root, &["init", "-q"], "2021-03-04T10:00:00+07:00");
    git(root, &["add", "content"], "2021-03-04T10:00:00+07:00");
    git(
        root,
        &["commit", "-qm", "import"],
        "2021-03-04T10:00:00+07:00",
    );
    assert_eq!(
        updated_of(root, "det-ung-hoa"),
        NaiveDate::from_ymd_opt(2020, 7, 15)
    );
    assert_eq!(
        updated_of(root, "dien-tu-duong"),
        NaiveDate::from_ymd_opt(2021, 3, 4)
    );
    let mut opts = cnht::BuildOptions::new(root);
    opts.handbook = false;
    opts.compress = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("build failed:\n{}", report.render(false));
    }
    let page = read(root, "public/doanh-nghiep/det-ung-hoa/index.html");
    assert!(page.contains("<time datetime=\"2020-07-15\">"), "{page}");
    assert!(!page.contains("datetime=\"2021-03-04\""), "{page}");
    let other = read(root, "public/doanh-nghiep/dien-tu-duong/index.html");
    assert!(other.contains("<time datetime=\"2021-03-04\">"), "{other}");
}
