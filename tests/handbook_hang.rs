//! Markdown that used to hang or crash the handbook (issue 9, items 4 and 7), run through the real
//! `cnht` commands with a generous guard, and handbook failures traced back to the content file
//! and line that caused them.

mod common;

use cnht::content::{load, LoadOptions};
use cnht::diagnostics::line_col;
use cnht::model::Model;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above what any command takes on these small sites; reaching it means a hang.
const GUARD: Duration = Duration::from_secs(300);

/// The body of issue 9, item 7: a numbered list with a nested bullet and an indented
/// continuation holding raw HTML, then a tilde code fence. `cnht build` and `cnht handbook` spun
/// at 100 % CPU on it for ever.
const HANGING_BODY: &str = "1.  foo

    - bar


    <a/>
    *hi*

    - one


~~~~
aaa
~~~
~~~~
";

/// Runs `cnht` with `args`, killing it and failing the test if it outlives `GUARD`.
fn cnht_guarded(args: &[&str]) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cnht"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cnht starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("cnht can be waited for") {
            let out = child.wait_with_output().expect("cnht output");
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return (status.success(), text);
        }
        if started.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cnht {args:?} still ran after {GUARD:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Replaces the body of a fixture enterprise file with `body`.
fn set_body(site: &Path, rel: &str, body: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text[3..].find("+++").unwrap() + 6;
    std::fs::write(&path, format!("{}\n{body}", &text[..end])).unwrap();
}

fn load_site(root: &Path) -> Model {
    let opts = LoadOptions {
        drafts: false,
        today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
        dates: None,
        memo: None,
    };
    match load(root, &opts) {
        Ok(l) => l.model,
        Err(r) => panic!("the site should load:\n{}", r.render_short()),
    }
}

const ENTERPRISE: &str = "content/enterprises/van-xuan.md";

#[test]
fn the_hanging_body_builds_and_typesets() {
    let site = common::site(&["handbook-basic"]);
    set_body(site.path(), ENTERPRISE, HANGING_BODY);
    let root = site.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (ok, text) = cnht_guarded(&["build", "--root", root, "--out", public.to_str().unwrap()]);
    assert!(ok, "cnht build fails:\n{text}");
    let page = common::read(&public, "doanh-nghiep/van-xuan/index.html");
    assert!(page.contains("aaa\n~~~"), "the code block is on the page");
    assert!(public.join("cam-nang").is_dir());

    let (ok, text) = cnht_guarded(&[
        "handbook",
        "--root",
        root,
        "--out",
        out.path().join("book").to_str().unwrap(),
    ]);
    assert!(ok, "cnht handbook fails:\n{text}");

    // The typeset entry holds every part of the body, in order.
    let model = load_site(site.path());
    let compiled = cnht::handbook::compile(&model).unwrap_or_else(|e| panic!("{e:#?}"));
    let text = document_text(&compiled.document);
    let mut from = 0;
    for part in ["foo", "bar", "<a/>", "*hi*", "one", "aaa", "~~~"] {
        match text[from..].find(part) {
            Some(i) => from += i + part.len(),
            None => panic!(
                "{part:?} follows in the book: {}",
                &text[from.saturating_sub(200)..]
            ),
        }
    }
}

/// The text of a typeset document, glyph runs joined with spaces.
fn document_text(doc: &typst_layout::PagedDocument) -> String {
    use typst::layout::{Frame, FrameItem};
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => {
                    out.push_str(&t.text);
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for page in doc.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

#[test]
fn five_thousand_nested_quotes_stop_at_check_with_file_and_line() {
    let site = common::site(&["handbook-basic"]);
    let body = format!("Đoạn mở đầu.\n\n{} Quá sâu.\n", ">".repeat(5000));
    set_body(site.path(), ENTERPRISE, &body);
    let root = site.path().to_str().unwrap();
    for args in [
        vec!["check", "--root", root, "--lang", "en"],
        vec!["build", "--root", root, "--no-handbook", "--lang", "en"],
        vec!["handbook", "--root", root, "--lang", "en"],
    ] {
        let (ok, text) = cnht_guarded(&args);
        assert!(!ok, "cnht {args:?} should fail:\n{text}");
        assert!(
            text.contains(
                "block quotes and lists are nested 5000 deep here; at most 16 levels are allowed"
            ),
            "cnht {args:?}:\n{text}"
        );
        // The body starts on line 11 of the file; its quotes on line 13.
        assert!(
            text.contains(&format!("{ENTERPRISE}:13:")),
            "cnht {args:?} names the file and line:\n{text}"
        );
        assert!(!text.contains("style.typ"), "{text}");
    }
    assert!(!site.path().join("public").exists(), "nothing is published");
}

#[test]
fn deep_lists_emphasis_html_and_huge_paragraphs_stop_at_check() {
    let site = common::site(&["handbook-basic"]);
    let mut lists = String::new();
    for level in 0..200 {
        lists.push_str(&format!("{}- mức {level}\n", "  ".repeat(level)));
    }
    let emphasis = spans(2000);
    let long = "x".repeat(200_000);
    let images = format!("{}x{}\n", "![".repeat(3000), "](a.png)".repeat(3000));
    let cases = [
        (lists.as_str(), "block quotes and lists are nested 200 deep"),
        (
            emphasis.as_str(),
            "emphasis, links and strikethrough are nested 2001 deep",
        ),
        (
            images.as_str(),
            "emphasis, links and strikethrough are nested 3000 deep",
        ),
        // Not nesting, but as bad: Typst took 80 s for one 200,000-character word.
        (
            long.as_str(),
            "this paragraph has 200000 characters; at most 50000",
        ),
    ];
    for (body, message) in cases {
        set_body(site.path(), ENTERPRISE, body);
        let report = cnht::check(site.path(), false);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{message}: {}", report.render_short()));
        assert_eq!(d.file, PathBuf::from(ENTERPRISE));
        assert!(d.span.is_some(), "{d:?}");
    }
    // Deep raw HTML matters only where the site publishes raw HTML.
    let html = format!("<div>\n{}\n</div>\n", "<div>".repeat(500));
    set_body(site.path(), ENTERPRISE, &html);
    assert!(!cnht::check(site.path(), false).has_errors());
    let site_toml = site.path().join("content/site.toml");
    let config = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, format!("allow_raw_html = true\n{config}")).unwrap();
    let report = cnht::check(site.path(), false);
    assert!(
        report.render_short().contains(&format!(
            "{ENTERPRISE}:12:316: error: body: raw HTML elements are nested 501 deep here; at most 64 levels are allowed"
        )),
        "{}",
        report.render_short()
    );
}

/// Emphasis, strong emphasis and strikethrough `n` deep, with a link inside: `n + 1` levels.
fn spans(n: usize) -> String {
    let delims = ["*", "**", "~~"];
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("{}w{i} ", delims[i % 3]));
    }
    s.push_str("[lõi](https://x.vn)");
    for i in (0..n).rev() {
        s.push_str(&format!(" e{i}{}", delims[i % 3]));
    }
    s
}

/// Block quotes and ordered lists alternating `blocks` deep, holding a paragraph, a table and a
/// code block whose text nests `inlines` deep.
fn deep_body(blocks: usize, inlines: usize) -> String {
    let mut body = String::new();
    let mut prefix = String::new();
    for level in 0..blocks {
        let marker = if level % 2 == 0 { "> " } else { "1. " };
        body.push_str(&format!("{prefix}{marker}mức {level}\n{prefix}\n"));
        prefix.push_str(if level % 2 == 0 { "> " } else { "   " });
    }
    let spans = spans(inlines - 1);
    body.push_str(&format!(
        "{prefix}{spans}\n{prefix}\n{prefix}| a | b |\n{prefix}|---|---|\n{prefix}| {spans} | 2 |\n{prefix}\n{prefix}```\n{prefix}mã\n{prefix}```\n"
    ));
    body
}

fn site_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

#[test]
fn within_the_limits_every_part_of_the_book_typesets() {
    use cnht::body_limits::{past_limits, Limit, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};
    // The deepest a body may go, in every place the book prints a body.
    let body = deep_body(MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH);
    let found = past_limits(&body, site_options(), false);
    assert!(found.is_empty(), "the body is within the limits: {found:?}");
    // One more level of either is past them: the body is at the limits.
    let found = past_limits(
        &deep_body(MAX_BLOCK_DEPTH + 1, MAX_INLINE_DEPTH + 1),
        site_options(),
        false,
    );
    let kinds: Vec<Limit> = found.iter().map(|f| f.limit).collect();
    assert_eq!(kinds, [Limit::Blocks, Limit::Inlines], "{found:?}");
    let site = common::site(&["handbook-basic"]);
    for file in [
        ENTERPRISE,
        "content/policies/nghi-dinh-111.md",
        "content/market/linh-kien-dien-tu.md",
        "content/pages/loi-noi-dau.md",
    ] {
        set_body(site.path(), file, &body);
    }
    let report = cnht::check(site.path(), false);
    assert!(!report.has_errors(), "{}", report.render_short());
    let model = load_site(site.path());
    // On a thread with the default 2 MiB stack, as `cnht serve` typesets.
    let compiled = std::thread::spawn(move || cnht::handbook::compile(&model).map(|c| c.document))
        .join()
        .expect("no stack overflow");
    let doc = compiled.unwrap_or_else(|e| panic!("{e:#?}"));
    let text = document_text(&doc);
    assert!(text.matches("lõi").count() >= 8, "{text}");
}

#[test]
fn a_typst_failure_in_a_body_names_the_file_and_line() {
    let site = common::site(&["handbook-basic"]);
    // A template that cannot typeset one particular text stands for any failure a body causes.
    let markdown = site.path().join("handbook/markdown.typ");
    let template = std::fs::read_to_string(&markdown).unwrap();
    let broken = template.replace(
        "if r.kind == \"text\" { r.text }",
        "if r.kind == \"text\" { if r.text.contains(\"HỎNG\") { panic(\"không in được\") } ; r.text }",
    );
    assert_ne!(broken, template, "the template was changed");
    std::fs::write(&markdown, broken).unwrap();
    let body = "Đoạn một.\n\n- mục\n- mục hai\n\nĐoạn có chữ HỎNG ở đây.\n\nĐoạn cuối.\n";
    set_body(site.path(), ENTERPRISE, body);
    let model = load_site(site.path());
    let errors = match cnht::handbook::compile(&model) {
        Ok(_) => panic!("the book should fail"),
        Err(e) => e,
    };
    let first = &errors[0];
    assert_eq!(first.file, PathBuf::from(ENTERPRISE), "{errors:#?}");
    let text = std::fs::read_to_string(site.path().join(ENTERPRISE)).unwrap();
    let (line, _) = line_col(&text, first.span.clone().expect("a place").start);
    assert_eq!(
        text.lines().nth(line - 1),
        Some("Đoạn có chữ HỎNG ở đây."),
        "{errors:#?}"
    );
    assert!(first.message.contains("không in được"), "{}", first.message);
    assert!(
        first.hint.as_deref().unwrap_or("").contains("markdown.typ"),
        "{first:?}"
    );
    // The template's own report follows.
    assert!(errors[1..]
        .iter()
        .any(|e| e.file == Path::new("handbook/markdown.typ")));

    // The command line shows it the same way.
    let (ok, out) = cnht_guarded(&["handbook", "--root", site.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(out.contains(&format!("{ENTERPRISE}:{line}:")), "{out}");

    // The same body alone, through `typeset_bodies`.
    let source = cnht::handbook::BodySource {
        file: PathBuf::from(ENTERPRISE),
        body_offset: 0,
        written: None,
        body: body.to_owned(),
    };
    let ok = cnht::handbook::BodySource {
        body: "Không sao.".into(),
        ..source.clone()
    };
    let errors = cnht::handbook::typeset_bodies(&model, &[ok.clone(), source, ok])
        .expect_err("the body fails alone too");
    assert_eq!(
        errors[0].span.clone().map(|s| s.start),
        body.find("Đoạn có")
    );
}
