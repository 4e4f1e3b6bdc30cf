//! Property tests: hostile input at the loader and at the survey import. Whatever the bytes of a
//! content file or the cells of a spreadsheet, the tool answers with success or with findings that
//! name a file and a place in it (a row and a column for the import) — never a panic, never a hang.
//!
//! Case counts are bounded so the whole file runs in well under a minute in the dev test profile.
//! Each case runs in a thread with the stack the loader's workers have; a case still running after
//! `GUARD` is a hang (a generous guard, not a timing assertion). Markdown structure through the
//! renderers is covered in the handbook-safety tests, not here.

mod common;

use cnht::content::LoadOptions;
use cnht::diagnostics::{line_col, Report, Severity};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, OnceLock};
use std::time::Duration;

/// How long one case may run before it counts as a hang.
const GUARD: Duration = Duration::from_secs(30);
/// Stack of a guarded case: what a rayon worker (where the loader parses files) has.
const STACK: usize = 2 * 1024 * 1024;

/// Runs `f` on its own thread; a panic fails the case with its message, a hang ends the test
/// binary at once with the input (shrinking a hang would take hours).
fn guarded<T: Send + 'static>(input: String, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(GUARD) {
        Ok(v) => {
            let _ = worker.join();
            v
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            eprintln!("HANG: still running after {GUARD:?} on this input:\n{input}");
            std::process::exit(101);
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let e = worker.join().unwrap_err();
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("PANIC ({msg}) on this input:\n{input}");
        }
    }
}

/// The files of the smallest complete site (tests/fixtures/hostile-min), read once.
fn fixture() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static FILES: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let base = common::repo().join("tests/fixtures/hostile-min");
        walkdir::WalkDir::new(&base)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&base).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    })
}

/// A temporary copy of the fixture site with `content/<target>` holding `bytes`.
fn site_with(target: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, data) in fixture() {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    }
    let p = dir.path().join("content").join(target);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
    dir
}

fn load_options() -> LoadOptions {
    LoadOptions {
        drafts: false,
        today: chrono::NaiveDate::from_ymd_opt(2020, 11, 1).unwrap(),
        dates: Some(Arc::new(HashMap::new())),
        memo: None,
    }
}

/// Every error of `report` names a file whose text is known and a place inside it, as line and
/// column; the whole report renders.
fn findings_are_placed(report: &Report) -> Result<(), String> {
    if !report.has_errors() {
        return Err("the load failed without an error".into());
    }
    for d in &report.diagnostics {
        if d.severity != Severity::Error {
            continue;
        }
        if d.file.as_os_str().is_empty() {
            return Err(format!("an error without a file: {d:?}"));
        }
        let Some(span) = &d.span else {
            return Err(format!("an error without a place in its file: {d:?}"));
        };
        let Some(text) = report.sources.get(&d.file) else {
            return Err(format!("an error in a file whose text was not kept: {d:?}"));
        };
        if span.start > span.end || span.end > text.len() {
            return Err(format!(
                "the place {span:?} is outside the file ({} bytes): {d:?}",
                text.len()
            ));
        }
        let (line, col) = line_col(text, span.start);
        if line == 0 || col == 0 {
            return Err(format!("line {line}, column {col}: {d:?}"));
        }
    }
    let rendered = report.render(false);
    for d in &report.diagnostics {
        let name = d.file.display().to_string();
        if !rendered.contains(&name) {
            return Err(format!("{name} is not named in the report:\n{rendered}"));
        }
    }
    Ok(())
}

/// Loads the fixture site with `content/<target>` replaced by `bytes` and checks the outcome.
fn load_outcome(target: &'static str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let shown = format!(
        "content/{target} = {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(4000)])
    );
    let outcome = guarded(shown.clone(), move || {
        let site = site_with(target, &bytes);
        match cnht::content::load(site.path(), &load_options()) {
            Ok(_) => Ok(()),
            Err(report) => findings_are_placed(&report),
        }
    });
    outcome.map_err(|e| TestCaseError::fail(format!("{e}\ninput: {shown}")))
}

/// Every kind of file the loader reads, as paths under `content/`.
const TARGETS: &[&str] = &[
    "site.toml",
    "data/districts.toml",
    "data/industrial-parks.toml",
    "program/2020.toml",
    "enterprises/minh-phat/index.md",
    "enterprises/moi.md",
    "policies/nd-111.md",
    "news/hoi-cho.md",
    "market/noi-dia-hoa.md",
    "pages/gioi-thieu.md",
];

fn target() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(TARGETS)
}

fn is_markdown(target: &str) -> bool {
    target.ends_with(".md")
}

// ---------------------------------------------------------------------------------------------
// Structured but wrong TOML.

/// Keys the loader knows somewhere (so they are right in one file and unknown in another), near
/// misses, and keys no file has.
const KEYS: &[&str] = &[
    "name",
    "name_en",
    "tax_code",
    "sector",
    "district",
    "industrial_park",
    "address",
    "founded",
    "employees",
    "products",
    "certifications",
    "export_markets",
    "logo",
    "draft",
    "contact",
    "phone",
    "email",
    "website",
    "title",
    "title_en",
    "number",
    "kind",
    "issuer",
    "issued",
    "effective",
    "status",
    "amends",
    "amended_by",
    "date",
    "summary",
    "image",
    "weight",
    "menu",
    "base_url",
    "per_page",
    "sectors",
    "key",
    "targets",
    "handbook",
    "trim_width_mm",
    "bleed_mm",
    "foreword",
    "districts",
    "parks",
    "slug",
    "code",
    "area_ha",
    "tasks",
    "task",
    "value",
    "measure",
    "label",
    "plan",
    "objectives",
    "coordinating",
    "nmae",
    "tax-code",
    "Title",
    "sectors2",
    "",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(KEYS).prop_map(|k| if k.is_empty() { "\"\"".to_owned() } else { k.to_owned() }),
        1 => "[a-zA-Z0-9_-]{1,10}",
        1 => "[^\"\\\\\\x00-\\x1f\\x7f]{0,6}".prop_map(|k| format!("\"{k}\"")),
        1 => proptest::collection::vec(proptest::sample::select(KEYS), 2..5)
            .prop_map(|ks| ks.iter().map(|k| if k.is_empty() { "x" } else { k }).collect::<Vec<_>>().join(".")),
    ]
}

/// A TOML string that may hold anything, escapes (NUL as `\u0000`) included.
fn toml_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if (c as u32) < 0x20 || c == '\u{7f}' => {
                        out.push_str(&format!("\\u{:04X}", c as u32))
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }),
        Just("\"=HYPERLINK(\\\"http://x\\\",\\\"Bấm\\\")\"".to_owned()),
        Just("\"\\u0000\"".to_owned()),
        Just("\"javascript:alert(1)\"".to_owned()),
        Just("\"../../../etc/passwd\"".to_owned()),
        Just("'literal \\ no escapes'".to_owned()),
        Just("\"\"\"\nmulti\nline\n\"\"\"".to_owned()),
        Just("\"unterminated".to_owned()),
        Just("\"\\uD800\"".to_owned()),
        Just("\"\\U0010FFFF\"".to_owned()),
        "[a-zA-Z0-9 ,.;:/@+=-]{0,30}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => toml_string(),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => "[1-9][0-9]{18,40}".prop_map(|s| s),
        1 => "-[1-9][0-9]{18,40}".prop_map(|s| s),
        1 => proptest::sample::select(&[
            "0x7fffffffffffffff", "0xffffffffffffffffff", "0o777", "0b1010", "1_000", "1__0", "+0", "-0",
            "nan", "+nan", "-inf", "inf", "1e400", "-1e400", "6.02e23", "-0.0", "3.", ".5", "1e", "0.1e-400",
            "true", "false", "True", "yes", "null",
            "2020-05-05", "2020-13-45", "0000-00-00", "9999-12-31", "2020-02-30", "2020-02-29T25:61:61Z",
            "1979-05-27T07:32:00-08:00", "07:32:00", "2020-05-05 12:00", "1900-01-01",
            "=", "[", "{", "}", "]", ",", "@", "+++", "---",
        ][..])
        .prop_map(str::to_owned),
    ]
}

/// Values, nested arrays and inline tables included.
fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec((key(), inner), 0..5).prop_map(|kv| {
                let parts: Vec<String> =
                    kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{{}}}", parts.join(", "))
            }),
        ]
    })
}

/// Nesting far deeper than any content: arrays, inline tables, dotted keys, table headers.
fn deep() -> impl Strategy<Value = String> {
    (0usize..4, 1usize..4000).prop_map(|(shape, n)| match shape {
        0 => format!("x = {}1{}", "[".repeat(n), "]".repeat(n)),
        1 => format!("x = {}1{}", "{a = ".repeat(n), "}".repeat(n)),
        2 => format!("{} = 1", vec!["a"; n].join(".")),
        _ => format!("[{}]\nb = 1", vec!["a"; n].join(".")),
    })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => key().prop_map(|k| format!("[{k}]")),
        2 => key().prop_map(|k| format!("[[{k}]]")),
        1 => Just(String::new()),
        1 => Just("# ghi chú: bình luận".to_owned()),
        1 => Just("+++".to_owned()),
        1 => any::<String>(),
        1 => deep(),
    ]
}

/// A TOML document: lines, joined with one kind of line end.
fn toml_doc() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(line(), 0..16),
        proptest::sample::select(&["\n", "\r\n", "\r"][..]),
    )
        .prop_map(|(lines, end)| lines.join(end) + end)
}

/// A Markdown file: framing right or wrong, front matter from `toml_doc`, a body.
fn markdown_file() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(&["+++", "", "---", "++++", " +++", "+++ x", "\u{feff}+++", "\u{feff}\u{feff}+++", "\n\n+++"][..]),
        toml_doc(),
        proptest::sample::select(&["+++", "", "+++\n+++", "+++ +++", "---", "+++\r"][..]),
        proptest::sample::select(&["\n", "\r\n"][..]),
        prop_oneof![
            Just(String::new()),
            Just("Thân bài [liên kết](@/enterprises/khong-co.md) và [x](@/policies/nd-111.md#muc).\n".to_owned()),
            Just("[a](@/../../etc/passwd) [b](@/) [c](@) ![d](logo.png)\n".to_owned()),
            any::<String>(),
        ],
    )
        .prop_map(|(open, doc, close, end, body)| format!("{open}{end}{doc}{close}{end}{body}"))
}

/// Puts raw bytes the editor's tools might leave into `text`: NULs, a stray BOM, bytes that are
/// not UTF-8, a cut in the middle of a character.
fn mangle(text: String, how: u8, at: usize) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    let at = if bytes.is_empty() {
        0
    } else {
        at % (bytes.len() + 1)
    };
    match how % 6 {
        0 => {}
        1 => bytes.insert(at, 0),
        2 => bytes.splice(at..at, "\u{feff}".bytes()).for_each(drop),
        3 => bytes.splice(at..at, [0xC3, 0x28, 0xFF]).for_each(drop),
        4 => bytes.truncate(at),
        _ => bytes.splice(at..at, [0xE1, 0xBB]).for_each(drop),
    }
    bytes
}

/// `n` cases, or `PROPTEST_CASES` when set (a long hunt: `PROPTEST_CASES=5000 cargo test --test
/// hostile_props`).
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(n),
        // Shrinking re-runs whole loads; a few hundred steps find a small input quickly enough.
        max_shrink_iters: 400,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cases(96))]

    /// (a) Arbitrary bytes as any content file.
    #[test]
    fn arbitrary_bytes_into_the_loader(
        target in target(),
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..600),
            any::<String>().prop_map(String::into_bytes),
            (proptest::collection::vec(any::<u8>(), 0..300)).prop_map(|b| [b"+++\n".to_vec(), b].concat()),
        ],
    ) {
        load_outcome(target, bytes)?;
    }
}

proptest! {
    #![proptest_config(cases(160))]

    /// (b) Structured but wrong front matter and data files: wrong types, unknown keys,
    /// missing or doubled `+++`, BOMs, CRLF, NULs, huge numbers, deep tables, bytes that are not
    /// UTF-8.
    #[test]
    fn wrong_front_matter_into_the_loader(
        target in target(),
        md in markdown_file(),
        toml in toml_doc(),
        how in any::<u8>(),
        at in any::<usize>(),
    ) {
        let text = if is_markdown(target) { md } else { toml };
        load_outcome(target, mangle(text, how, at))?;
    }
}

/// One element of a size far beyond any real file (up to a megabyte) in `target`, the rest of the
/// file as in the fixture: a key, a text, a number, a list, nested keys, a link target, brackets.
fn huge_file(target: &'static str, shape: u8, n: usize) -> Vec<u8> {
    let base = fixture()
        .iter()
        .find(|(p, _)| p == &Path::new("content").join(target))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap_or_else(|| {
            "+++\nname = \"Công ty Mới\"\ntax_code = \"0112345041\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"Hà Nội\"\nproducts = [\"Khuôn\"]\n+++\nThân bài.\n".to_owned()
        });
    let md = is_markdown(target);
    let line = match shape % 10 {
        0 => format!("{} = 1", "k".repeat(n)),
        1 => format!(
            "{} = \"{}\"",
            if md { "address" } else { "title" },
            "Đ".repeat(n / 2)
        ),
        2 => format!("employees = {}", "9".repeat(n)),
        3 => format!("products = [{}]", vec!["\"a\""; n / 4].join(",")),
        4 => format!("{} = 1", vec!["a"; n / 2].join(".")),
        _ => String::new(),
    };
    let body = match shape % 10 {
        5 => format!("[x](@/enterprises/{}.md)\n", "a".repeat(n)),
        6 => "[".repeat(n),
        7 => format!("{}x\n", "> ".repeat(n / 2)),
        8 => "*a _b ".repeat(n / 6),
        9 => (0..n.min(3000))
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        _ => String::new(),
    };
    let text = if md {
        let after_open = base.find('\n').map(|i| i + 1).unwrap_or(0);
        let line = if line.is_empty() { line } else { line + "\n" };
        format!("{}{line}{}{body}", &base[..after_open], &base[after_open..])
    } else if line.is_empty() {
        format!("{base}\n# {}\n", body.replace('\n', " "))
    } else {
        format!("{line}\n{base}")
    };
    text.into_bytes()
}

proptest! {
    #![proptest_config(cases(24))]

    /// Megabyte-sized keys, texts, numbers, lists, nestings and links: an answer in bounded time
    /// (the guard) with the same placed findings.
    #[test]
    fn huge_elements_into_the_loader(
        target in target(),
        shape in any::<u8>(),
        n in 50_000usize..1_000_000,
    ) {
        load_outcome(target, huge_file(target, shape, n))?;
    }
}

// ---------------------------------------------------------------------------------------------
// The import: cleaners, the tax-code check, and whole spreadsheets.

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[0-9 .,+()/;-]{0,20}",
        1 => "[0-9]{9,10}(-[0-9]{0,4})?",
        1 => proptest::sample::select(&[
            "", " ", "-", "#N/A", "#REF!", "1.00233E+08", "0100233488", "100233488", "0100233488-000",
            "0100000008", "=HYPERLINK(\"http://x\",\"Bấm\")", "+84 24 3881 2345", "@SUM(1)", "\tTab", "\rCR",
            "Hµ Néi", "Xin chaøo", "µ", "ÿÿÿÿ", "2008-05-01", "20ab-05-01", "１２３", "٣٤٥", "1.200.000",
            "9999999999999999999999", "huyện Đông Anh, Hà Nội", "KCN Thăng Long", "Khu công nghiệp ",
            "JP; kr; Việt", "0084", "+84", "84", "1900", "04", "mailto:", "a@b@c", "https://", "javascript:alert(1)",
            "Ǆ", "ß", "İ", "\u{0}", "\u{feff}", "\u{a0}", "\r\n\r\n", "ﬁ",
        ][..]).prop_map(str::to_owned),
    ]
}

/// The fixture site, loaded once (its districts feed the district cleaner).
fn fixture_site() -> &'static cnht::content::Loaded {
    static SITE: OnceLock<cnht::content::Loaded> = OnceLock::new();
    SITE.get_or_init(|| {
        cnht::content::load(
            &common::repo().join("tests/fixtures/hostile-min"),
            &load_options(),
        )
        .expect("the fixture loads")
    })
}

proptest! {
    #![proptest_config(cases(512))]

    /// (c) Every cleaner and the tax-code check on any text: a value or a reason, never a panic.
    #[test]
    fn cleaners_take_any_cell(s in cell()) {
        use cnht::import::{clean, legacy};
        let n = clean::normalize(&s);
        let _ = clean::one_line(&n);
        let _ = clean::list(&n);
        let _ = clean::excel_error(&n);
        for raw in [s.as_str(), n.as_str()] {
            match clean::tax_code(raw) {
                Ok((code, _)) => prop_assert!(cnht::taxcode::validate(&code).is_ok(), "{code} accepted but invalid"),
                Err(p) => prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()),
            }
            let _ = cnht::taxcode::validate(raw);
            let _ = cnht::taxcode::complete(raw);
            if let Err(p) = clean::int(raw, 0, 1_000_000, cnht::messages::cells::EMPLOYEES) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            if let Err(p) = clean::year(raw, 2020) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            let vocab = fixture_site().model.vocabularies();
            if let (_, Some(p)) = cnht::import::terms::keys(raw, &vocab.countries) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            if let (_, Some(p)) = cnht::import::terms::keys(raw, &vocab.processes) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            if let (_, Some(p)) = cnht::import::terms::keys(raw, &vocab.certifications) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            let _ = clean::phone(raw);
            let _ = clean::email(raw);
            let _ = clean::website(raw);
            let _ = legacy::detect(raw);
            let _ = legacy::is_syllable(raw);
            if let Err(p) = clean::district(raw, fixture_site().model.districts()) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            if let Err(p) = clean::sector(raw, &[], &HashMap::new()) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
            if let Err(p) = clean::park(raw, &[]) { prop_assert!(!p.0.message.is_empty() && !p.1.message.is_empty()); }
        }
    }

    /// The tax-code check agrees with its own check digit: completing nine digits gives a valid code.
    #[test]
    fn completed_tax_codes_are_valid(nine in "[0-9]{9}") {
        if let Some(code) = cnht::taxcode::complete(&nine) {
            prop_assert_eq!(cnht::taxcode::validate(&code), Ok(()));
        }
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Spreadsheet files that are damaged (bytes changed, cut short) or no spreadsheet at all,
    /// under either extension: read, or refused with a message naming the file — never a panic.
    #[test]
    fn damaged_spreadsheet_files(
        base in proptest::sample::select(&["survey/survey.xlsx", "survey/survey.csv", "hostile-survey/dates.xlsx", ""][..]),
        ext in proptest::sample::select(&["xlsx", "csv"][..]),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        cut in proptest::option::of(any::<usize>()),
        noise in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut bytes = if base.is_empty() {
            noise
        } else {
            std::fs::read(common::repo().join("tests/fixtures").join(base)).unwrap()
        };
        if !bytes.is_empty() {
            for (at, x) in &flips {
                let i = at % bytes.len();
                bytes[i] ^= x;
            }
            if let Some(c) = cut {
                bytes.truncate(c % (bytes.len() + 1));
            }
        }
        let shown = format!("{base} as .{ext}, {} bytes, flips {flips:?}, cut {cut:?}", bytes.len());
        let outcome = guarded(shown.clone(), move || {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("survey.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            match cnht::import::sheet::read(&path) {
                Ok(sheet) => sheet.rows.iter().all(|(n, _)| *n >= 1).then_some(()).ok_or("a row numbered 0".to_owned()),
                Err(m) if m.0.message.contains("survey.") && m.1.message.contains("survey.") => Ok(()),
                Err(m) => Err(format!("the message does not name the file: {m:?}")),
            }
        });
        outcome.map_err(|e| TestCaseError::fail(format!("{e}\ninput: {shown}")))?;
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// `cnht new` with any title: a clear refusal, or a file whose front matter (an event: the whole
    /// file) is valid TOML
    /// holding the title exactly, in a site that still loads or answers with placed errors.
    #[test]
    fn new_with_any_title(
        kind in proptest::sample::select(&[
            cnht::scaffold::NewKind::Enterprise,
            cnht::scaffold::NewKind::Policy,
            cnht::scaffold::NewKind::News,
            cnht::scaffold::NewKind::Market,
            cnht::scaffold::NewKind::Page,
            cnht::scaffold::NewKind::Event,
        ][..]),
        title in cell(),
    ) {
        let shown = format!("{kind:?} {title:?}");
        let outcome = guarded(shown.clone(), move || {
            let site = site_with("site.toml", &fixture_file("content/site.toml"));
            let today = chrono::NaiveDate::from_ymd_opt(2020, 11, 1).unwrap();
            let rel = match cnht::scaffold::create(site.path(), kind, &title, today) {
                Ok(rel) => rel,
                Err(m) if !m.is_empty() => return Ok(()),
                Err(_) => return Err("an empty refusal".to_owned()),
            };
            let text = std::fs::read_to_string(site.path().join(&rel)).unwrap();
            // An event is a TOML file; the other kinds are Markdown with TOML front matter.
            let front = if matches!(kind, cnht::scaffold::NewKind::Event) {
                text.as_str()
            } else {
                cnht::content::source::split_front_matter(&rel, &text)
                    .map_err(|d| format!("the new file does not split: {d:?}\n{text}"))?
                    .front
            };
            let table: toml::Table = toml::from_str(front)
                .map_err(|e| format!("the new file is not TOML: {e}\n{text}"))?;
            let key = match kind {
                cnht::scaffold::NewKind::Enterprise | cnht::scaffold::NewKind::Event => "name",
                _ => "title",
            };
            let want = cnht::text::nfc(title.trim());
            if table.get(key).and_then(|v| v.as_str()) != Some(want.as_str()) {
                return Err(format!("`{key}` is not the title:\n{text}"));
            }
            if let Err(report) = cnht::content::load(site.path(), &load_options()) {
                findings_are_placed(&report)?;
            }
            Ok(())
        });
        outcome.map_err(|e| TestCaseError::fail(format!("{e}\ninput: {shown}")))?;
    }
}

/// The survey's headers, one column per importable field.
const HEADERS: &[&str] = &[
    "STT",
    "Tên doanh nghiệp",
    "Tên tiếng Anh",
    "Mã số thuế",
    "Lĩnh vực",
    "Quận/Huyện",
    "Khu công nghiệp",
    "Địa chỉ",
    "Năm thành lập",
    "Số lao động",
    "Sản phẩm chính",
    "Chứng nhận",
    "Thị trường xuất khẩu",
    "Điện thoại",
    "Email",
    "Website",
    "Người liên hệ",
    "Giới thiệu",
];

/// A row: mostly plausible values so rows get far into the import, with hostile cells anywhere.
fn row() -> impl Strategy<Value = Vec<String>> {
    let plausible: Vec<BoxedStrategy<String>> = vec![
        Just("1".to_owned()).boxed(),
        prop_oneof![Just("Công ty TNHH Minh Phát".to_owned()), cell()].boxed(),
        cell().boxed(),
        prop_oneof![
            Just("0108880014".to_owned()),
            Just("0112345027".to_owned()),
            "[0-9]{9,10}".boxed(),
            cell()
        ]
        .boxed(),
        prop_oneof![Just("Linh kiện, phụ tùng".to_owned()), cell()].boxed(),
        prop_oneof![Just("Đông Anh".to_owned()), cell()].boxed(),
        prop_oneof![Just("KCN Thăng Long".to_owned()), cell()].boxed(),
        prop_oneof![Just("Lô 2, Đông Anh".to_owned()), cell()].boxed(),
        prop_oneof![Just("2008".to_owned()), cell()].boxed(),
        prop_oneof![Just("320".to_owned()), cell()].boxed(),
        prop_oneof![Just("Khuôn dập; Bánh răng".to_owned()), cell()].boxed(),
        cell().boxed(),
        cell().boxed(),
        cell().boxed(),
        cell().boxed(),
        cell().boxed(),
        cell().boxed(),
        cell().boxed(),
    ];
    plausible
}

proptest! {
    #![proptest_config(cases(48))]

    /// (c) A whole generated spreadsheet through `cnht import`: every refused row is reported with
    /// its row number and column; nothing panics; the files it writes load without a panic and any
    /// error they have is placed.
    #[test]
    fn generated_survey_through_the_import(rows in proptest::collection::vec(row(), 1..6)) {
        let shown = format!("{rows:?}");
        let outcome = guarded(shown.clone(), move || import_outcome(rows));
        outcome.map_err(|e| TestCaseError::fail(format!("{e}\nrows: {shown}")))?;
    }
}

fn import_outcome(rows: Vec<Vec<String>>) -> Result<(), String> {
    let site = site_with("site.toml", &fixture_file("content/site.toml"));
    let csv_path = site.path().join("survey.csv");
    let mut w = csv::Writer::from_path(&csv_path).unwrap();
    w.write_record(HEADERS).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let opts = cnht::import::Options {
        root: site.path().to_path_buf(),
        file: csv_path,
        mapping: None,
        write: true,
        write_mapping: None,
        fix_caps: false,
    };
    let plan = match cnht::import::plan(&opts) {
        Ok(p) => p,
        Err(cnht::import::Fatal::Message(m)) => {
            // Only the file as a whole may be refused without a row (a sheet with no data rows).
            return if m.0.message.contains("has no rows") {
                Ok(())
            } else {
                Err(format!("the whole import was refused: {m:?}"))
            };
        }
        Err(cnht::import::Fatal::Site(r)) => {
            return Err(format!("the fixture site has errors:\n{}", r.render(false)))
        }
    };
    for n in plan.notes.iter().filter(|n| n.error) {
        if n.row.is_none() || n.column.is_none() {
            return Err(format!("a refusal without its row and column: {n:?}"));
        }
    }
    for r in &plan.rejected {
        if !plan.notes.iter().any(|n| n.error && n.row == Some(*r)) {
            return Err(format!("row {r} was refused without a reason"));
        }
    }
    cnht::import::apply(site.path(), &plan).map_err(|e| format!("writing failed: {e:?}"))?;
    if let Err(report) = cnht::content::load(site.path(), &load_options()) {
        findings_are_placed(&report)?;
    }
    Ok(())
}

fn fixture_file(rel: &str) -> Vec<u8> {
    fixture()
        .iter()
        .find(|(p, _)| p == Path::new(rel))
        .map(|(_, b)| b.clone())
        .unwrap()
}
