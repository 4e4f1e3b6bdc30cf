//! `cnht check` and the build's refusal to publish broken content: every error is reported at once,
//! with file, line, column and field, and `public/` is left exactly as it was.

mod common;
use common::*;

fn broken_report() -> String {
    let site = site(&["basic", "broken"]);
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check must fail on broken content"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Asserts `text` has a line naming `file:line:` that contains every one of `needles`.
fn assert_reported(report: &str, file: &str, line: usize, needles: &[&str]) {
    let short: Vec<&str> = report.lines().collect();
    let header = format!("content/{file}:{line}:");
    let found = short.iter().enumerate().any(|(i, l)| {
        l.contains(&header) && {
            // The message sits in the block around the location line (codespan layout).
            let block = short[i.saturating_sub(2)..(i + 8).min(short.len())].join("\n");
            needles.iter().all(|n| block.contains(n))
        }
    });
    assert!(found, "expected {header} with {needles:?} in:\n{report}");
}

#[test]
fn every_error_is_reported_at_once_with_place_and_hint() {
    let r = broken_report();
    assert_reported(
        &r,
        "enterprises/typo-field.md",
        5,
        &["unknown field `distrct`", "did you mean `district`?"],
    );
    assert_reported(
        &r,
        "enterprises/typo-field.md",
        1,
        &["required field `district` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/bad-tax.md",
        3,
        &[
            "tax_code",
            "`0100233480` is not a valid tax code",
            "should be 8",
        ],
    );
    assert_reported(
        &r,
        "enterprises/short-tax.md",
        3,
        &["`010023348` is not a valid tax code", "10 digits"],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        4,
        &["`co-khi` is not a known sector"],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        5,
        &[
            "`dong-ahn` is not a known district",
            "did you mean `dong-anh`?",
        ],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        6,
        &["`kcn-khong-co` is not a known industrial park"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `tax_code` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `address` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `products` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        3,
        &["0112345027 is already used by content/enterprises/an-phat/index.md"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        8,
        &["the file `khong-co.png` does not exist"],
    );
    assert_reported(&r, "enterprises/broken-toml.md", 2, &["not valid TOML"]);
    assert_reported(
        &r,
        "enterprises/no-front-matter.md",
        1,
        &["does not start with a `+++` line"],
    );
    assert_reported(&r, "enterprises/never-closed.md", 1, &["never closed"]);
    assert_reported(
        &r,
        "policies/bad-date.md",
        6,
        &["issued", "is not a date", "2020-05-05"],
    );
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["content/enterprises/khong-co.md, which does not exist"],
    );
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["/khong-ton-tai/ leads to a page that does not exist"],
    );
    // The summary counts them all, so the editor knows how much is left.
    let summary = r.lines().rev().find(|l| l.contains(" errors, ")).unwrap();
    let n: usize = summary.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n >= 18, "expected at least 18 errors, got {summary}");
}

#[test]
fn vocabulary_keys_are_checked_with_did_you_mean() {
    let r = broken_report();
    let file = "enterprises/vocab-keys.md";
    // A name written in place of a key gets the key; a typo gets the nearest key.
    assert_reported(
        &r,
        file,
        8,
        &["`Dập` is not a known process", "did you mean `stamping`"],
    );
    assert_reported(
        &r,
        file,
        8,
        &[
            "`stampng` is not a known process",
            "did you mean `stamping`?",
        ],
    );
    assert_reported(
        &r,
        file,
        9,
        &["`ISO 9001` is not a known certification", "`iso-9001`"],
    );
    assert_reported(&r, file, 9, &["expires", "date"]);
    assert_reported(
        &r,
        file,
        10,
        &[
            "`JPN` is not a known country",
            "content/data/countries.toml",
        ],
    );
    assert_reported(
        &r,
        file,
        13,
        &["\"domestc\" is not a known value", "\"domestic\""],
    );
    assert_reported(&r, file, 14, &["\"jp\" is not a known value"]);
}

#[test]
fn valid_content_checks_clean() {
    let site = site(&["basic"]);
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "basic fixture should be valid:\n{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no errors"));
}

#[test]
fn failed_build_leaves_public_untouched() {
    let site = site(&["basic"]);
    let root = site.path().to_str().unwrap().to_owned();
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join("doanh-nghiep")).unwrap();
    std::fs::write(public.join("index.html"), "<p>the published site</p>").unwrap();
    std::fs::write(public.join("doanh-nghiep/old.html"), "old page").unwrap();
    // A folder cnht published (else the build would refuse it before reading the content).
    std::fs::write(
        public.join(cnht::publish::MARKER),
        cnht::publish::MARKER_TEXT,
    )
    .unwrap();
    let before = snapshot(&public);

    // Break one file and build: the build must fail and publish nothing.
    std::fs::write(
        site.path().join("content/enterprises/dien-tu-duong.md"),
        "+++\nname = \"X\"\ntax_code = \"0100233480\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"HN\"\nproducts = [\"a\"]\n+++\n",
    )
    .unwrap();
    let out = cnht(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/enterprises/dien-tu-duong.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was published"), "{stderr}");
    assert_eq!(
        snapshot(&public),
        before,
        "public/ must be unchanged after a failed build"
    );
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cnht-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

#[test]
fn a_site_without_content_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = cnht(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no content/ folder"));
}

#[test]
fn legacy_encoded_file_is_reported_not_a_panic() {
    let site = site(&["basic"]);
    // "Hà Nội" in Windows-1258-ish bytes: not UTF-8.
    std::fs::write(
        site.path().join("content/news/legacy.md"),
        b"+++\ntitle = \"H\xe0 N\xf4i\"\ndate = 2020-01-01\n+++\n",
    )
    .unwrap();
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/news/legacy.md") && stderr.contains("not UTF-8"),
        "{stderr}"
    );
}
