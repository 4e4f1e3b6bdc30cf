//! Property tests: arbitrary Markdown, generated from its block structure (nested lists of every
//! kind with continuations, block quotes, indented and fenced code, HTML blocks, tables, link
//! reference definitions, headings, thematic breaks, footnotes) with inline noise, through both
//! renderers. The website turns it into HTML; `check` either accepts it or reports a finding with a
//! file and a place; the handbook (Markdown → block tree → Typst) typesets every body, the ones
//! `check` rejects included (it flattens what nests too deeply). Never a panic, never a hang: each
//! case runs on its own thread under a generous guard.
//!
//! `CNHT_PROPTEST_CASES=1000 cargo test --test markdown_props` runs a tougher search
//! (`PROPTEST_CASES`, as `tests/hostile_props.rs` reads, works too).

mod common;

use cnht::content::{load, LoadOptions};
use cnht::handbook::BodySource;
use cnht::model::Model;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

/// Far above what one case takes; reaching it means a hang.
const GUARD: Duration = Duration::from_secs(60);

/// The number of cases: `CNHT_PROPTEST_CASES` or `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("CNHT_PROPTEST_CASES")
        .or_else(|_| std::env::var("PROPTEST_CASES"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ------------------------------------------------------------------ generating Markdown

/// A Markdown block, generated as a tree and written out with the indentation its containers need.
#[derive(Debug, Clone)]
enum Md {
    Para(Vec<String>),
    Heading {
        level: usize,
        setext: Option<char>,
        text: String,
    },
    Rule(String),
    Indented(Vec<String>),
    Fence {
        ch: char,
        open: usize,
        close: Option<usize>,
        info: String,
        lines: Vec<String>,
    },
    Html(Vec<String>),
    Table {
        header: Vec<String>,
        align: Vec<&'static str>,
        rows: Vec<Vec<String>>,
    },
    LinkDef {
        label: String,
        dest: String,
    },
    Footnote {
        label: String,
        blocks: Vec<Md>,
    },
    Quote {
        blocks: Vec<Md>,
        lazy: bool,
    },
    List {
        ordered: bool,
        marker: char,
        start: u32,
        /// Extra spaces (0–2) between the marker and the text: continuations follow them.
        pad: usize,
        /// Blank lines between items and between an item's blocks (0 tight, more loose).
        gap: usize,
        items: Vec<Vec<Md>>,
    },
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "foo", "bar", "Hà", "Nội", "công", "nghiệp", "hỗ", "trợ", "ổn", "Ưu", "aaa", "x", "1.",
            "2)", "-", "+", "*", "_", "**", "__", "~~", "~", "`", "``", "#", "|", ":", "\\", "[", "]",
            "(", ")", "<", ">", "!", "&", "&amp;", "&#106;", "&#x0;", "$", "@", "[^1]", "[^n]:",
            "<a/>", "<b>", "</b>", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<div>", "</div>",
            "http://x.vn", "<https://x.vn>", "javascript:x", "\u{a0}", "\t",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z*_`~\\[\\]()<>!#|\\\\-]{1,8}",
    ]
}

/// One line of inline Markdown: words, spans (possibly nested), links, code, HTML, breaks.
fn inline() -> impl Strategy<Value = String> {
    let leaf = prop::collection::vec(word(), 1..5).prop_map(|w| w.join(" "));
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["*", "_", "**", "__", "~~", "***"])
            )
                .prop_map(|(t, d)| format!("{d}{t}{d}")),
            (
                inner.clone(),
                prop::sample::select(vec![
                    "https://x.vn",
                    "@/enterprises/x.md",
                    "",
                    "<u>",
                    "/a b/",
                    "ref"
                ])
            )
                .prop_map(|(t, u)| format!("[{t}]({u})")),
            inner.clone().prop_map(|t| format!("[{t}][ref]")),
            inner.clone().prop_map(|t| format!("![{t}](a.png \"t\")")),
            inner.clone().prop_map(|t| format!("`{t}`")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}  \n{b}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} {b}")),
        ]
    })
}

fn leaf_block() -> impl Strategy<Value = Md> {
    prop_oneof![
        4 => prop::collection::vec(inline(), 1..3).prop_map(Md::Para),
        1 => (1usize..=7, prop::option::of(prop::sample::select(vec!['=', '-'])), inline())
            .prop_map(|(level, setext, text)| Md::Heading { level, setext, text }),
        1 => prop::sample::select(vec!["---", "***", "___", "- - -", "* * * *", "--"])
            .prop_map(|r| Md::Rule(r.to_owned())),
        1 => prop::collection::vec(inline(), 1..3).prop_map(Md::Indented),
        2 => (
            prop::sample::select(vec!['`', '~']),
            3usize..=6,
            prop::option::of(2usize..=7),
            prop::sample::select(vec!["", "rust", "~~~", "``` x", "{.x}"]),
            prop::collection::vec(prop_oneof![inline(), Just("~~~".to_owned()), Just("```".to_owned()), Just("~~~~".to_owned())], 0..4),
        )
            .prop_map(|(ch, open, close, info, lines)| Md::Fence {
                ch,
                open,
                close,
                info: info.to_owned(),
                lines,
            }),
        2 => prop::collection::vec(
            prop_oneof![
                Just("<a/>".to_owned()),
                Just("<div>".to_owned()),
                Just("</div>".to_owned()),
                Just("<!-- chú thích -->".to_owned()),
                Just("<!--".to_owned()),
                Just("<pre>".to_owned()),
                Just("</pre>".to_owned()),
                Just("<table><tr><td>".to_owned()),
                Just("<?php ?>".to_owned()),
                Just("<!DOCTYPE html>".to_owned()),
                Just("<![CDATA[ x ]]>".to_owned()),
                Just("<script>alert(1)</script>".to_owned()),
                inline(),
            ],
            1..4,
        )
        .prop_map(Md::Html),
        1 => (1usize..4, prop::collection::vec(prop::collection::vec(inline(), 0..5), 0..4), prop::sample::select(vec![":--", "--:", ":-:", "---", "-"]))
            .prop_map(|(cols, rows, a)| Md::Table {
                header: (0..cols).map(|i| format!("h{i}")).collect(),
                align: vec![a; cols],
                rows: rows
                    .into_iter()
                    .map(|r| r.into_iter().map(|c| c.replace('|', "\\|")).collect())
                    .collect(),
            }),
        1 => (prop::sample::select(vec!["ref", "Ref", "x", "[", ""]), prop::sample::select(vec!["https://x.vn", "<>", "/a", "javascript:y", "a b"]))
            .prop_map(|(l, d)| Md::LinkDef { label: l.to_owned(), dest: d.to_owned() }),
    ]
}

fn block() -> impl Strategy<Value = Md> {
    leaf_block().prop_recursive(6, 48, 4, |inner| {
        let blocks = prop::collection::vec(inner, 1..4);
        prop_oneof![
            2 => (blocks.clone(), any::<bool>()).prop_map(|(blocks, lazy)| Md::Quote { blocks, lazy }),
            3 => (
                any::<bool>(),
                prop::sample::select(vec!['-', '*', '+', '.', ')']),
                prop_oneof![Just(1u32), 0u32..10, Just(999_999_999)],
                0usize..=2,
                0usize..=2,
                prop::collection::vec(blocks.clone(), 1..4),
            )
                .prop_map(|(ordered, marker, start, pad, gap, items)| {
                    let ordered = ordered || matches!(marker, '.' | ')');
                    let marker = if ordered && !matches!(marker, '.' | ')') { '.' } else { marker };
                    Md::List { ordered, marker, start, pad, gap, items }
                }),
            1 => (prop::sample::select(vec!["1", "n", "x y"]), blocks)
                .prop_map(|(l, blocks)| Md::Footnote { label: l.to_owned(), blocks }),
        ]
    })
}

/// Writes blocks as lines, separated by `gap` blank lines.
fn write_blocks(blocks: &[Md], gap: usize, out: &mut Vec<String>) {
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.extend(std::iter::repeat_n(String::new(), gap.max(1)));
        }
        write_block(b, out);
    }
}

/// Prefixes the first line with `first` and the others with `rest` (blank lines stay blank
/// unless `keep_blank`, as a quote's `>` does).
fn prefixed(lines: Vec<String>, first: &str, rest: &str, keep_blank: bool) -> Vec<String> {
    // A hard break or an HTML line inside a block's text is a line of its own.
    lines
        .iter()
        .flat_map(|l| l.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .enumerate()
        .map(|(i, l)| {
            let p = if i == 0 { first } else { rest };
            if l.is_empty() && !keep_blank && i > 0 {
                l
            } else {
                format!("{p}{l}")
            }
        })
        .collect()
}

fn write_block(b: &Md, out: &mut Vec<String>) {
    match b {
        Md::Para(lines) => out.extend(lines.iter().cloned()),
        Md::Heading {
            level,
            setext,
            text,
        } => match setext {
            Some(c) => {
                out.push(text.clone());
                out.push(c.to_string().repeat(*level));
            }
            None => out.push(format!("{} {text}", "#".repeat(*level))),
        },
        Md::Rule(r) => out.push(r.clone()),
        Md::Indented(lines) => out.extend(lines.iter().map(|l| format!("    {l}"))),
        Md::Fence {
            ch,
            open,
            close,
            info,
            lines,
        } => {
            out.push(format!("{}{info}", ch.to_string().repeat(*open)));
            out.extend(lines.iter().cloned());
            if let Some(c) = close {
                out.push(ch.to_string().repeat(*c));
            }
        }
        Md::Html(lines) => out.extend(lines.iter().cloned()),
        Md::Table {
            header,
            align,
            rows,
        } => {
            out.push(format!("| {} |", header.join(" | ")));
            out.push(format!("|{}|", align.join("|")));
            for r in rows {
                out.push(format!("| {} |", r.join(" | ")));
            }
        }
        Md::LinkDef { label, dest } => out.push(format!("[{label}]: {dest} \"tiêu đề\"")),
        Md::Footnote { label, blocks } => {
            let mut inner = Vec::new();
            write_blocks(blocks, 1, &mut inner);
            out.extend(prefixed(inner, &format!("[^{label}]: "), "    ", false));
        }
        Md::Quote { blocks, lazy } => {
            let mut inner = Vec::new();
            write_blocks(blocks, 1, &mut inner);
            let n = inner.len();
            let mut lines = prefixed(inner, "> ", "> ", true);
            // A lazy continuation: the last line without its `>`.
            if *lazy && n > 1 {
                if let Some(last) = lines.last_mut() {
                    *last = last.trim_start_matches("> ").to_owned();
                }
            }
            out.extend(lines);
        }
        Md::List {
            ordered,
            marker,
            start,
            pad,
            gap,
            items,
        } => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.extend(std::iter::repeat_n(String::new(), *gap));
                }
                let m = if *ordered {
                    format!("{}{marker}", start.saturating_add(i as u32))
                } else {
                    marker.to_string()
                };
                let first = format!("{m}{}", " ".repeat(1 + pad));
                let rest = " ".repeat(first.len());
                let mut inner = Vec::new();
                write_blocks(item, *gap, &mut inner);
                out.extend(prefixed(inner, &first, &rest, false));
            }
        }
    }
}

/// Inline spans nested as deep as `kinds` says (0–5: emphasis, strong, strikethrough, underscore
/// emphasis, image), with a link inside.
fn nested_spans(kinds: &[u8]) -> String {
    let (mut open, mut close) = (String::new(), String::new());
    for (i, k) in kinds.iter().enumerate() {
        let (o, c) = match k % 6 {
            0 => ("*".to_owned(), "*".to_owned()),
            1 => ("**".to_owned(), "**".to_owned()),
            2 => ("~~".to_owned(), "~~".to_owned()),
            3 => ("_".to_owned(), "_".to_owned()),
            4 => ("__".to_owned(), "__".to_owned()),
            _ => ("![".to_owned(), "](a.png)".to_owned()),
        };
        open.push_str(&format!("{o}w{i} "));
        close.insert_str(0, &format!(" e{i}{c}"));
    }
    format!("{open}[lõi](https://x.vn){close}")
}

/// A chain of containers (0 quote, 1 ordered list, 2 bullet list, 3 footnote) around a leaf
/// whose text nests spans: near the limits of `cnht::body_limits` and past them.
fn deep_block() -> impl Strategy<Value = Md> {
    (
        prop::collection::vec(0u8..4, 0..24),
        prop::collection::vec(0u8..6, 0..12),
        leaf_block(),
        any::<bool>(),
    )
        .prop_map(|(containers, spans, leaf, table)| {
            let text = nested_spans(&spans);
            let mut inner = vec![Md::Para(vec![text.clone()]), leaf];
            if table {
                inner.push(Md::Table {
                    header: vec!["a".into(), "b".into()],
                    align: vec!["---", "---"],
                    rows: vec![vec![text, "2".into()]],
                });
            }
            for c in containers {
                inner = vec![match c {
                    0 => Md::Quote {
                        blocks: inner,
                        lazy: false,
                    },
                    1 | 2 => {
                        let mut item = vec![Md::Para(vec!["mục".into()])];
                        item.extend(inner);
                        Md::List {
                            ordered: c == 1,
                            marker: if c == 1 { '.' } else { '-' },
                            start: 1,
                            pad: 0,
                            gap: 1,
                            items: vec![item],
                        }
                    }
                    _ => Md::Footnote {
                        label: "1".into(),
                        blocks: inner,
                    },
                }];
            }
            inner.into_iter().next().unwrap_or(Md::Rule("---".into()))
        })
}

/// A body: top-level blocks, sometimes separated by more than one blank line.
fn body() -> impl Strategy<Value = String> {
    let blocks = prop::collection::vec(prop_oneof![4 => block(), 1 => deep_block()], 1..5);
    (blocks, 1usize..=3).prop_map(|(blocks, gap)| {
        let mut lines = Vec::new();
        write_blocks(&blocks, gap, &mut lines);
        lines.join("\n") + "\n"
    })
}

// ------------------------------------------------------------------ running both renderers

/// The handbook fixture's model, with the repository's templates.
fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let opts = LoadOptions {
            drafts: false,
            today: chrono::NaiveDate::from_ymd_opt(2020, 12, 31).unwrap(),
            dates: None,
            memo: None,
        };
        let root = common::repo().join("tests/fixtures/handbook-basic");
        let mut parts = load(&root, &opts)
            .unwrap_or_else(|r| panic!("{}", r.render_short()))
            .model
            .into_parts();
        parts.root = common::repo();
        Model::new(parts)
    })
}

/// The first hang seen. A hang is not shrunk (each try would wait for the guard again): once one
/// is seen the remaining cases pass at once and the test fails with it.
static HUNG: Mutex<Option<String>> = Mutex::new(None);

fn hung() -> Option<String> {
    HUNG.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Runs `f` on its own thread (default stack size, as `cnht serve` typesets), failing the case if
/// it panics or has not finished within `GUARD`.
fn guarded<T: Send + 'static>(
    what: &str,
    input: &[String],
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(GUARD) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(TestCaseError::fail(format!(
            "{what} panicked on {input:#?}"
        ))),
        Err(_) => {
            let message = format!("{what} did not finish within {GUARD:?} on {input:#?}");
            HUNG.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(message.clone());
            Err(TestCaseError::fail(message))
        }
    }
}

/// Runs `cases` cases of `strategy` through `test`, failing with the first hang or the minimal
/// failing case.
fn run_cases<S: Strategy>(
    cases: u32,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(strategy, |v| match hung() {
        Some(_) => Ok(()),
        None => test(v),
    });
    if let Some(h) = hung() {
        panic!("{h}");
    }
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Both renderers on a batch of bodies: the website's HTML; `check`'s verdict; the handbook.
/// Bodies `check` rejects (nesting past the limits) are typeset too: the handbook flattens them,
/// so even a model that skipped `check` cannot make it fail.
fn run_batch(bodies: &[String]) -> Result<(), TestCaseError> {
    let input = bodies.to_vec();
    let owned = input.clone();
    let accepted: Vec<bool> = guarded("the website and check", &input, move || {
        owned
            .iter()
            .map(|b| {
                // Raw HTML is shown as text unless the site allows it.
                let html = cnht::markdown::to_html(b, false, &|_| None);
                assert!(!html.contains("<script"), "raw HTML passed: {html}");
                cnht::markdown::to_html(b, true, &|_| None);
                let found = cnht::body_limits::past_limits(b, site_options(), true);
                for f in &found {
                    assert!(f.found > f.limit.max(), "{f:?}");
                    assert!(f.span.start < b.len().max(1), "{f:?} is inside the body");
                }
                found.is_empty()
            })
            .collect()
    })?;
    let sources: Vec<BodySource> = input
        .iter()
        .enumerate()
        .map(|(i, b)| BodySource {
            file: PathBuf::from(format!("content/enterprises/x{i}.md")),
            body_offset: 0,
            written: None,
            body: b.clone(),
        })
        .collect();
    let result = guarded("the handbook", &input, move || {
        cnht::handbook::typeset_bodies(model(), &sources)
    })?;
    if let Err(errors) = result {
        // Say which body, whether `check` accepted it, and where it failed.
        let d = &errors[0];
        let which = d
            .file
            .to_str()
            .and_then(|f| f.strip_prefix("content/enterprises/x"))
            .and_then(|f| f.strip_suffix(".md"))
            .and_then(|i| i.parse::<usize>().ok());
        let verdict = match which.map(|i| accepted[i]) {
            Some(true) => "a body check accepts",
            Some(false) => "a body check rejects",
            None => "the batch",
        };
        return Err(TestCaseError::fail(format!(
            "{verdict} does not typeset: {}:{:?}: {} ({:?})\nbodies: {input:#?}",
            d.file.display(),
            d.span,
            d.message,
            d.hint
        )));
    }
    Ok(())
}

fn site_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

#[test]
fn generated_markdown_renders_or_is_reported_in_both_outputs() {
    // Up to four bodies per case share one Typst run: about 40 bodies by default.
    run_cases(cases(16), &prop::collection::vec(body(), 1..=4), |bodies| {
        run_batch(&bodies)
    });
}

/// Arbitrary bodies through the whole loader: `check` either accepts the site or reports findings
/// that each have a file and a place.
#[test]
fn generated_bodies_pass_check_or_get_findings_with_a_place() {
    let site = common::site(&["handbook-basic"]);
    let file = site.path().join("content/enterprises/van-xuan.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let front = text[..text[3..].find("+++").unwrap() + 6].to_owned();
    let root = site.path().to_path_buf();
    run_cases(
        cases(32),
        &(body(), prop::collection::vec(any::<u8>(), 0..3)),
        |(body, extra)| {
            // Sometimes with nesting past the limits, to see the findings.
            let body = match extra.first() {
                Some(n) if n % 4 == 0 => format!("{body}\n{} sâu\n", ">".repeat(100)),
                Some(n) if n % 4 == 1 => {
                    format!("{body}\n{}\n", nested_spans(&[0, 1, 2, 3, 4, 5, 0, 1, 2]))
                }
                Some(n) if n % 4 == 2 => format!("{body}\n{}\n", "chữ".repeat(20_000)),
                _ => body,
            };
            std::fs::write(&file, format!("{front}\n{body}")).unwrap();
            let root = root.clone();
            let report = guarded("check", std::slice::from_ref(&body), move || {
                cnht::check(&root, false)
            })?;
            // The fixture alone is clean: every error is about the body, in its file, with a place.
            for d in &report.diagnostics {
                if d.severity == cnht::diagnostics::Severity::Error {
                    prop_assert!(
                        d.file == Path::new("content/enterprises/van-xuan.md") && d.span.is_some(),
                        "a finding without the file and a place: {d:?}\nbody: {body:?}"
                    );
                }
            }
            Ok(())
        },
    );
}

/// Regressions the property tests found or that came from issue 9, kept as plain tests.
#[test]
fn known_hostile_bodies() {
    let bodies: Vec<String> = [
        // Issue 9, item 7: an HTML block in a list item, then a tilde fence.
        "1.  foo\n\n    - bar\n\n\n    <a/>\n    *hi*\n\n    - one\n\n\n~~~~\naaa\n~~~\n~~~~\n",
        // HTML blocks closing inside quotes, lists and footnotes, then more blocks.
        "> <div>\n> x\n\n- <!--\n- y\n\n[^1]: <pre>\n    z\n\n| a |\n|---|\n| b |\n",
        // An unclosed fence, an unclosed comment, a table in a list.
        "- ```\n  x\n\n<!-- open\n\n1. | a | b |\n   |---|---|\n   | 1 | 2 |\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    run_batch(&bodies).unwrap_or_else(|e| panic!("{e}"));
}
