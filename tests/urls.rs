//! One URL policy for every address that reaches an `href` or `src` (issue 9, item 2): a
//! `javascript:` link however it is disguised — case, tabs, character references, spaces — and
//! `data:`, `vbscript:` and `file:` addresses are a `cnht check` error naming the file, the line
//! and the field, in every field that becomes a link and in the Markdown (links, images, raw HTML)
//! of every content type; the import rejects the row; the build publishes nothing; raw HTML that
//! is allowed is sanitised.

mod common;

use common::*;
use std::path::Path;

/// The disguises of a script address, and other schemes that must not reach a page.
const HOSTILE: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
];

/// `value` as the inside of a TOML basic string.
fn toml_str(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\t', "\\t")
}

/// Replaces the line starting with `key =` in `file` by `key = "value"`; returns its line number.
fn set_field(file: &Path, key: &str, value: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with(&format!("{key} =")))
        .unwrap_or_else(|| panic!("{key} in {}", file.display()));
    lines[i] = format!("{key} = \"{}\"", toml_str(value));
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
    i + 1
}

/// Adds a field after the front matter's first line; returns its line number.
fn add_field(file: &Path, key: &str, value: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let rest = text.strip_prefix("+++\n").unwrap();
    std::fs::write(
        file,
        format!("+++\n{key} = \"{}\"\n{rest}", toml_str(value)),
    )
    .unwrap();
    2
}

/// Appends `line` to the body of `file`; returns its line number.
fn append(file: &Path, line: &str) -> usize {
    let mut text = std::fs::read_to_string(file).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let n = text.lines().count() + 2;
    text.push('\n');
    text.push_str(line);
    text.push('\n');
    std::fs::write(file, text).unwrap();
    n
}

/// Asserts the report has an error at `file:line` naming `field` and the refusal.
fn assert_refused(report: &str, hostile: &str, file: &str, line: usize, field: &str) {
    let place = format!("content/{file}:{line}:");
    let lines: Vec<&str> = report.lines().collect();
    let found = lines.iter().enumerate().any(|(i, l)| {
        l.contains(&place) && {
            let block = lines[i.saturating_sub(3)..(i + 6).min(lines.len())].join("\n");
            block.contains(&format!("{field}: ")) && block.contains("error")
        }
    });
    assert!(
        found,
        "{hostile:?}: expected an error at {place} for `{field}` in:\n{report}"
    );
}

#[test]
fn every_disguise_is_refused_in_every_field_and_body() {
    for hostile in HOSTILE {
        let site = site(&["basic"]);
        let c = site.path().join("content");
        let mut expect: Vec<(&str, usize, &str)> = Vec::new();
        let ent = c.join("enterprises/an-phat/index.md");
        expect.push((
            "enterprises/an-phat/index.md",
            set_field(&ent, "website", hostile),
            "contact.website",
        ));
        expect.push((
            "enterprises/an-phat/index.md",
            set_field(&ent, "email", hostile),
            "contact.email",
        ));
        let md_link = format!("[liên kết](<{hostile}>)");
        let md_image = format!("![ảnh](<{hostile}>)");
        expect.push((
            "enterprises/an-phat/index.md",
            append(&ent, &md_link),
            "body",
        ));
        expect.push((
            "enterprises/an-phat/index.md",
            append(&ent, &md_image),
            "body",
        ));
        let policy = c.join("policies/nd-111.md");
        expect.push((
            "policies/nd-111.md",
            add_field(&policy, "source_url", hostile),
            "source_url",
        ));
        expect.push(("policies/nd-111.md", append(&policy, &md_link), "body"));
        for (file, rel) in [
            (c.join("news/hoi-cho-2020.md"), "news/hoi-cho-2020.md"),
            (
                c.join("market/ty-le-noi-dia-hoa.md"),
                "market/ty-le-noi-dia-hoa.md",
            ),
            (c.join("pages/gioi-thieu.md"), "pages/gioi-thieu.md"),
        ] {
            expect.push((rel, append(&file, &md_link), "body"));
        }
        // Raw HTML is allowed here: its addresses pass the same rule.
        let raw = format!("<a href=\"{}\">x</a>", hostile.replace('"', "&quot;"));
        let page = c.join("pages/gioi-thieu.md");
        expect.push(("pages/gioi-thieu.md", append(&page, &raw), "body"));
        let site_toml = c.join("site.toml");
        let text = std::fs::read_to_string(&site_toml).unwrap();
        let text = text.replace(
            "[contact]\n",
            &format!(
                "allow_raw_html = true\n\n[contact]\nwebsite = \"{}\"\n",
                toml_str(hostile)
            ),
        );
        std::fs::write(&site_toml, &text).unwrap();
        let line = text
            .lines()
            .position(|l| l.starts_with("website ="))
            .unwrap()
            + 1;
        expect.push(("site.toml", line, "contact.website"));

        let root = site.path().to_str().unwrap();
        let out = cnht(&["check", "--root", root]);
        assert_eq!(out.status.code(), Some(1), "{hostile:?}");
        let report = String::from_utf8_lossy(&out.stderr);
        for (file, line, field) in &expect {
            assert_refused(&report, hostile, file, *line, field);
        }
        // Nothing is ever published with them.
        let out = cnht(&["build", "--root", root, "--no-handbook"]);
        assert_eq!(out.status.code(), Some(1), "{hostile:?}");
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn allowed_raw_html_is_sanitised() {
    let site = site(&["basic"]);
    let c = site.path().join("content");
    let site_toml = c.join("site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(
        &site_toml,
        text.replace("[contact]\n", "allow_raw_html = true\n\n[contact]\n"),
    )
    .unwrap();
    append(
        &c.join("pages/gioi-thieu.md"),
        "<p class=\"note\">Xem <a href=\"/doanh-nghiep/\" onclick=\"alert(1)\">danh bạ</a>.</p>\n\n<script>alert(1)</script><img src=\"/static/x.png\" onerror=\"alert(1)\"><iframe src=\"https://example.test/\"></iframe>",
    );
    let mut opts = cnht::BuildOptions::new(site.path());
    opts.handbook = false;
    opts.compress = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("{}", report.render(false));
    }
    let public = site.path().join("public");
    for (page, link) in [
        ("gioi-thieu/index.html", "/doanh-nghiep/"),
        ("en/gioi-thieu/index.html", "/en/doanh-nghiep/"),
    ] {
        let html = read(&public, page);
        let body = &html[html.find("<main").unwrap()..];
        assert!(
            body.contains(&format!("<a href=\"{link}\">danh bạ</a>")),
            "the raw link keeps its address, in the page's language: {page}"
        );
        assert!(body.contains("<p class=\"note\">"), "{page}");
        for gone in ["onclick", "onerror", "<script>alert", "<iframe"] {
            assert!(!body.contains(gone), "{gone} is removed from {page}");
        }
    }
}

#[test]
fn the_import_rejects_rows_with_such_addresses() {
    let site = site(&["basic"]);
    let mut csv = String::from(
        "Tên doanh nghiệp,Mã số thuế,Lĩnh vực,Quận/Huyện,Địa chỉ,Sản phẩm chính,Website,Email\n",
    );
    let codes = ["0109007003", "0109007490", "0100100079", "0100233488"];
    let mut rows = Vec::new();
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let code = codes[i % codes.len()];
        // Each hostile value once as a website, once as an e-mail, on rows of their own.
        for (website, email) in [(*hostile, "info@x.vn"), ("https://x.vn", *hostile)] {
            let row = rows.len() + 2;
            let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
            csv.push_str(&format!(
                "Công ty TNHH Thử {row},{code},linh-kien-phu-tung,dong-anh,Hà Nội,Khuôn,{},{}\n",
                quoted(website),
                quoted(email)
            ));
            rows.push((
                row,
                if website == *hostile {
                    "Website"
                } else {
                    "Email"
                },
            ));
        }
    }
    let file = site.path().join("survey.csv");
    std::fs::write(&file, csv).unwrap();
    let out = cnht(&[
        "import",
        "enterprises",
        file.to_str().unwrap(),
        "--root",
        site.path().to_str().unwrap(),
    ]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (row, column) in rows {
        assert!(
            text.lines()
                .any(|l| l.contains(&format!("row {row}, column \"{column}\""))),
            "row {row} is rejected for its {column}:\n{text}"
        );
    }
    assert_eq!(out.status.code(), Some(1));
}
