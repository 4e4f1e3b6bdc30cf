//! Fixture sites for the integration tests: small content folders under tests/fixtures/, laid out in
//! a temporary folder together with the repository's real theme and handbook templates.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the tree at `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site made of the fixtures' `content/` folders, later ones overlaying earlier ones,
/// with the repository's `themes/` and `handbook/`.
pub fn site(fixtures: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in fixtures {
        copy_tree(
            &repo().join("tests/fixtures").join(f).join("content"),
            &dir.path().join("content"),
        );
    }
    for shared in ["themes", "handbook"] {
        let src = repo().join(shared);
        if src.is_dir() {
            copy_tree(&src, &dir.path().join(shared));
        }
    }
    dir
}

/// Runs the `cnht` binary with `args`.
/// Runs `cnht` with messages in English (`--lang en`, unless `args` name a language), as the
/// tests that read its messages expect.
pub fn cnht(args: &[&str]) -> Output {
    let mut args = args.to_vec();
    if !args.contains(&"--lang") {
        args.extend(["--lang", "en"]);
    }
    cnht_as_editor(&args)
}

/// Runs `cnht` as an editor does: messages in the site's language (Vietnamese by default).
pub fn cnht_as_editor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cnht"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `cnht ARGS --lang L` with `Some(L)`, or as an editor runs it (the site's language) with `None`.
pub fn cnht_in(lang: Option<&str>, args: &[&str]) -> Output {
    match lang {
        Some(l) => {
            let mut args = args.to_vec();
            args.extend(["--lang", l]);
            cnht(&args)
        }
        None => cnht_as_editor(args),
    }
}

/// Asserts that a Vietnamese report has none of the English tags ("error:", "warning:",
/// "hint:") nor any of `words`.
pub fn assert_no_english(text: &str, words: &[&str]) {
    for english in ["error:", "warning:", "hint:"].iter().chain(words) {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
}

/// `cnht import enterprises FILE --root ROOT EXTRA…` (messages in English).
pub fn import(root: &Path, file: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        "enterprises",
        file,
        "--root",
        root.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    cnht(&args)
}

/// What a command printed on its standard output.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a command printed on its standard error.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that two imports of one survey (its CSV and its XLSX export, into sites `a` and `b`)
/// wrote the same content and said the same, but for the file name on the first line.
pub fn assert_same_import(a: &Path, oa: &Output, b: &Path, ob: &Output) {
    assert_eq!(snapshot(&a.join("content")), snapshot(&b.join("content")));
    let strip = |o: &Output| out(o).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(oa), strip(ob));
    assert_eq!(err(oa), err(ob));
}

/// Asserts a line of `text` contains every one of `needles`.
pub fn has_line(text: &str, needles: &[&str]) {
    assert!(
        text.lines().any(|l| needles.iter().all(|n| l.contains(n))),
        "expected a line with {needles:?} in:\n{text}"
    );
}

/// The text of HTML with its tags dropped (each a space), `&amp;` read back, white space
/// collapsed.
pub fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edits the basic fixture's Ăn Phát under `root` (one of its products gets a word more), as a
/// change between two builds.
pub fn edit_an_phat(root: &Path) {
    let file = root.join("content/enterprises/an-phat/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(
        "Chi tiết dập kim loại",
        "Chi tiết dập kim loại chính xác",
        1,
    );
    assert_ne!(edited, text, "the fixture still has this product");
    std::fs::write(&file, edited).unwrap();
}

/// Reads a built file as text, failing with a clear message when it is missing.
pub fn read(root: &Path, rel: &str) -> String {
    let p = root.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{} should exist: {e}", p.display()))
}

/// A fingerprint of every file under `dir` (path and content), to prove a folder is untouched.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Every site-relative `href`/`src` in the built HTML that points to no file, as (page, link).
pub fn broken_links(public: &Path) -> Vec<(String, String)> {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = part.split('"').next().unwrap_or("");
                if !link.starts_with('/') || link.starts_with("//") {
                    continue;
                }
                let path = link.split(['#', '?']).next().unwrap();
                let target = if path.ends_with('/') {
                    public.join(path.trim_start_matches('/')).join("index.html")
                } else {
                    public.join(path.trim_start_matches('/'))
                };
                if !target.exists() {
                    broken.push((
                        entry
                            .path()
                            .strip_prefix(public)
                            .unwrap()
                            .display()
                            .to_string(),
                        link.to_owned(),
                    ));
                }
            }
        }
    }
    broken
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `node --test tests/<project>/<file>` with `env`, after checking that node, Debian's chromium,
/// the project's `node_modules` packages and (when `java`) a Java runtime are there. When something
/// is missing the test is skipped with a notice — unless `CNHT_REQUIRE_BROWSER` is set, as
/// `scripts/test` does after installing everything, so CI cannot pass by skipping.
pub fn node_browser_test(
    project: &str,
    file: &str,
    packages: &[&str],
    java: bool,
    env: &[(&str, &str)],
) {
    let dir = repo().join("tests").join(project);
    let mut missing: Vec<String> = Vec::new();
    if !runs("node", "--version") {
        missing.push("node".into());
    }
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("/usr/bin/chromium".into());
    }
    if java && !runs("java", "-version") {
        missing.push("java".into());
    }
    if packages
        .iter()
        .any(|p| !dir.join("node_modules").join(p).is_dir())
    {
        missing.push(format!(
            "tests/{project}/node_modules (run `npm ci --prefix tests/{project}`)"
        ));
    }
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CNHT_REQUIRE_BROWSER").is_none(),
            "browser tests required but missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "SKIPPED tests/{project}/{file}: missing {}",
            missing.join(", ")
        );
        return;
    }
    let out = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        // The file rather than the folder: node 20 and 22 treat a folder argument differently.
        .arg(dir.join(file))
        .current_dir(repo())
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    eprintln!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "tests/{project}/{file} failed (output above)"
    );
}

/// Builds the fixtures' site (without compression; with the handbook only when asked) and returns
/// its folder, failing the test with the editor-facing report when the build fails.
pub fn built_site(fixtures: &[&str], handbook: bool) -> TempDir {
    let dir = site(fixtures);
    let mut opts = cnht::BuildOptions::new(dir.path());
    opts.handbook = handbook;
    opts.compress = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("build failed:\n{}", report.render(false));
    }
    dir
}

/// The text of a PDF as `pdftotext` (poppler) reads it, white space collapsed to single spaces.
pub fn pdf_words(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn resolve<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    }
}

/// A PDF text string (UTF-16 with its byte-order mark, or bytes).
pub fn pdf_text(o: &lopdf::Object) -> String {
    let lopdf::Object::String(b, _) = o else {
        panic!("not a string: {o:?}")
    };
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&u).unwrap()
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

/// Asserts that `pdf` identifies itself as PDF/A-2b in its XMP metadata, as poppler reads it:
/// the screen files (the handbook's and the exhibitor catalogues').
pub fn assert_pdfa2b(pdf: &Path) {
    let out = Command::new("pdfinfo")
        .arg("-meta")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let meta = String::from_utf8_lossy(&out.stdout);
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part>")
            && meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{}: PDF/A-2b identification missing:\n{meta}",
        pdf.display()
    );
}

/// Asserts that `pdf` is a PDF/X-4 print file as the print path makes it: one GTS_PDFX output
/// intent for `condition` embedding the CMYK `profile`, the PDF/X version in the document
/// information and the XMP metadata, `/Trapped /False`, a file identifier, PDF 1.6, and poppler
/// (and qpdf, where installed) reading it as such. Returns the document's title.
pub fn assert_pdfx4(pdf: &Path, condition: &str, profile: &[u8]) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let intents = resolve(&doc, catalog.get(b"OutputIntents").expect("OutputIntents"))
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = resolve(&doc, &intents[0]).as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        pdf_text(intent.get(b"OutputConditionIdentifier").unwrap()),
        condition
    );
    let embedded = resolve(&doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(embedded.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let icc = embedded.decompressed_content().unwrap();
    let lcms = lcms2::Profile::new_icc(&icc).expect("a valid ICC profile");
    assert_eq!(lcms.color_space(), lcms2::ColorSpaceSignature::CmykData);
    assert_eq!(
        icc, profile,
        "the embedded profile is the one site.toml names"
    );

    let info = resolve(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(pdf_text(info.get(b"GTS_PDFXVersion").unwrap()), "PDF/X-4");
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    let xmp = resolve(&doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(
        xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"),
        "{xmp}"
    );
    assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"));
    assert!(
        doc.trailer.get(b"ID").is_ok(),
        "PDF/X needs a file identifier"
    );
    assert_eq!(doc.version, "1.6");

    // Poppler reads the same: a PDF/X-4 file, and a sound one for qpdf where installed.
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("PDF/X-4"), "{text}");
    if let Ok(out) = Command::new("qpdf").arg("--check").arg(pdf).output() {
        assert!(
            out.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    pdf_text(info.get(b"Title").unwrap())
}

/// The input of an ignored measurement test: the value of the environment variable `var`, or
/// `None` after saying what to set it to (`what`), so the test returns without measuring.
pub fn measure_input(var: &str, what: &str) -> Option<String> {
    let value = std::env::var(var).ok();
    if value.is_none() {
        eprintln!("set {var} to {what}");
    }
    value
}
