//! The deployable output of `cnht build`: pre-compressed siblings that decompress to the file,
//! byte-identical builds, the `_headers` file, and nothing of the preview server in the output.

mod common;
use common::*;
use std::io::Read;
use std::path::Path;

fn build(root: &Path, out: &Path) {
    let mut opts = cnht::BuildOptions::new(root);
    opts.out = out.to_path_buf();
    opts.handbook = false;
    if let Err(report) = cnht::build(&opts) {
        panic!("build failed:\n{}", report.render(false));
    }
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &data[..], &mut out).expect("valid brotli");
    out
}

#[test]
fn text_files_have_compressed_siblings_and_builds_are_identical() {
    let dir = site(&["basic"]);
    let (a, b) = (dir.path().join("public"), dir.path().join("public-2"));
    build(dir.path(), &a);
    build(dir.path(), &b);

    let files = snapshot(&a);
    let mut checked = 0;
    for (rel, data) in &files {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = ["html", "css", "js", "xml", "json", "txt", "svg", "csv"].contains(&ext);
        let gz = a.join(format!("{}.gz", rel.display()));
        let br = a.join(format!("{}.br", rel.display()));
        if text && data.len() >= 1024 {
            let gz_data = std::fs::read(&gz).unwrap_or_else(|_| panic!("{} missing", gz.display()));
            let br_data = std::fs::read(&br).unwrap_or_else(|_| panic!("{} missing", br.display()));
            assert_eq!(
                &gunzip(&gz_data),
                data,
                "{} decompresses to the file",
                gz.display()
            );
            assert_eq!(
                &unbrotli(&br_data),
                data,
                "{} decompresses to the file",
                br.display()
            );
            assert!(gz_data.len() < data.len() && br_data.len() < data.len());
            assert_eq!(
                &gz_data[4..8],
                &[0, 0, 0, 0],
                "no time stamp in {}",
                gz.display()
            );
            checked += 1;
        } else if ext != "gz" && ext != "br" {
            assert!(
                !gz.exists() && !br.exists(),
                "{} should not be compressed",
                rel.display()
            );
        }
    }
    assert!(checked >= 10, "only {checked} files were compressed");
    assert!(
        files.iter().any(|(p, _)| p == Path::new("index.html.br")),
        "the home page is compressed"
    );

    // Two builds of the same content are byte-identical, compressed files included.
    assert!(snapshot(&a) == snapshot(&b), "the two builds differ");

    // `_headers` carries the Content-Security-Policy and the cache rules.
    let headers = read(&a, "_headers");
    assert!(headers.contains(&format!("Content-Security-Policy: {}", cnht::deploy::CSP)));
    assert!(cnht::deploy::CSP.contains("script-src 'self'"));
    assert!(headers.contains("/static/img/*\n  Cache-Control: public, max-age=31536000, immutable"));
    assert!(headers.contains("/static/h/*\n  Cache-Control: public, max-age=31536000, immutable"));
    assert!(headers
        .contains("/pagefind/fragment/*\n  Cache-Control: public, max-age=31536000, immutable"));
    assert!(
        !headers.contains("/pagefind/*"),
        "pagefind.js and the entry file keep their names: no long cache for them"
    );
    // The pages use the hashed names, which exist.
    let home = read(&a, "index.html");
    let css = home
        .split("href=\"")
        .map(|s| &s[..s.find('"').unwrap_or(0)])
        .find(|u| u.starts_with("/static/h/css/site."))
        .expect("the stylesheet at its hashed address");
    assert!(a.join(css.trim_start_matches('/')).is_file(), "{css}");
    assert!(headers.contains("/static/css/*\n  Cache-Control:"));

    // The preview server's additions never reach a build.
    for (rel, data) in &files {
        if rel.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(data);
            assert!(
                !html.contains("__cnht"),
                "{} has preview code",
                rel.display()
            );
        }
    }
}

/// What the Content-Security-Policy of `_headers` would block in a page: inline scripts (JSON-LD
/// data blocks are not run, so they are allowed), inline `<style>` and `style="…"` attributes,
/// event-handler attributes, and scripts, styles or images from another origin.
fn csp_violations(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name = tag.split_whitespace().next().unwrap_or("");
        // Attribute names are what the policy acts on: text inside a quoted value (a card's CSV
        // row naming `onerror=` as a hostile product) is not an attribute.
        let attrs = without_quoted_values(tag);
        if name == "script" && !tag.contains("src=") && !tag.contains("application/ld+json") {
            found.push("inline <script>".to_owned());
        }
        if name == "style" {
            found.push("inline <style>".to_owned());
        }
        if attrs.contains(" style=") {
            found.push(format!("style attribute on <{name}>"));
        }
        if attrs.contains(" onclick=") || attrs.contains(" onload=") || attrs.contains(" onerror=")
        {
            found.push(format!("event handler on <{name}>"));
        }
        let external = |attr: &str| {
            tag.contains(&format!("{attr}=\"http")) || tag.contains(&format!("{attr}=\"//"))
        };
        if matches!(name, "script" | "img" | "iframe") && external("src")
            || name == "link" && tag.contains("stylesheet") && external("href")
        {
            found.push(format!("<{name}> from another origin"));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `tag` with the text between quotes removed (the quotes stay).
fn without_quoted_values(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

#[test]
fn csp_check_reads_attribute_names_not_values() {
    assert_eq!(
        csp_violations(
            r#"<li data-row="[&quot;&lt;img src=x onerror=alert(1)&gt;&quot;]" class="card">"#
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        csp_violations(r#"<img src="a.png" onerror="alert(1)">"#),
        ["event handler on <img>"]
    );
}

#[test]
fn built_pages_pass_the_content_security_policy() {
    let dir = site(&["basic"]);
    let out = dir.path().join("public");
    build(dir.path(), &out);
    let mut problems = Vec::new();
    for (rel, data) in snapshot(&out) {
        if rel.extension().is_some_and(|e| e == "html") {
            for v in csp_violations(&String::from_utf8_lossy(&data)) {
                problems.push(format!("{}: {v}", rel.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "blocked by `{}`:\n{}",
        cnht::deploy::CSP,
        problems.join("\n")
    );
}

#[test]
fn unchanged_files_reuse_the_previous_siblings_and_stale_ones_go() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    let big = "<p>Công nghiệp hỗ trợ Hà Nội</p>\n".repeat(100);
    std::fs::write(old.join("a.html"), &big).unwrap();
    std::fs::write(old.join("b.css"), &big).unwrap();
    std::fs::write(old.join("logo.png"), &big).unwrap();
    let first = cnht::deploy::finish(&old, &dir.path().join("none"), true).unwrap();
    assert_eq!((first.compressed, first.reused), (2, 0));
    assert!(
        !old.join("logo.png.gz").exists(),
        "images are not compressed"
    );

    // The next build (seeded from the old one, as `--no-handbook` does): a.html is unchanged,
    // b.css shrank below the threshold, c.html is new.
    std::fs::create_dir_all(&new).unwrap();
    for f in ["a.html", "a.html.gz", "a.html.br", "b.css.gz", "b.css.br"] {
        std::fs::copy(old.join(f), new.join(f)).unwrap();
    }
    std::fs::write(new.join("b.css"), "p{}").unwrap();
    std::fs::write(new.join("c.html"), big.replace("Hà Nội", "Hanoi")).unwrap();
    let second = cnht::deploy::finish(&new, &old, true).unwrap();
    assert_eq!((second.compressed, second.reused), (2, 1));
    assert!(!new.join("b.css.gz").exists() && !new.join("b.css.br").exists());
    assert_eq!(
        std::fs::read(new.join("a.html.br")).unwrap(),
        std::fs::read(old.join("a.html.br")).unwrap()
    );
    let c = std::fs::read(new.join("c.html.gz")).unwrap();
    assert_eq!(gunzip(&c), std::fs::read(new.join("c.html")).unwrap());
}
