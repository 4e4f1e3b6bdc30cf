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
    // The further shards of the search index (/pagefind/1/, /pagefind/2/…) likewise.
    assert!(headers.contains(
        "/pagefind/:shard/fragment/*\n  Cache-Control: public, max-age=31536000, immutable"
    ));
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

/// A large PDF (the screen handbook: tags and links stored uncompressed) gets siblings a phone
/// downloads instead; a small one (a capability sheet) does not.
#[test]
fn large_pdfs_get_compressed_siblings_and_small_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join("cam-nang")).unwrap();
    // Uncompressed objects, as Typst writes a tagged PDF's links.
    let object = |i: usize| {
        format!("{i} 0 obj\n<</Type/Annot/Subtype/Link/Rect[117.6 {i}.9 145.3 202.0]/Border[0 0 0]/F 4/StructParent {i}>>\nendobj\n")
    };
    let large: Vec<u8> = std::iter::once("%PDF-1.7\n".to_owned())
        .chain((1..20_000).map(object))
        .collect::<String>()
        .into_bytes();
    assert!(large.len() as u64 >= cnht::deploy::PDF_MIN_SIZE);
    let small = large[..60_000].to_vec();
    std::fs::write(out.join("cam-nang/cam-nang.pdf"), &large).unwrap();
    std::fs::write(out.join("cam-nang/ho-so.pdf"), &small).unwrap();
    cnht::deploy::finish(&out, &dir.path().join("none"), None, true).unwrap();

    let gz = std::fs::read(out.join("cam-nang/cam-nang.pdf.gz")).expect("the large PDF's .gz");
    let br = std::fs::read(out.join("cam-nang/cam-nang.pdf.br")).expect("the large PDF's .br");
    assert_eq!(gunzip(&gz), large);
    assert_eq!(unbrotli(&br), large);
    assert!(
        gz.len() * 4 < large.len(),
        "{} of {}",
        gz.len(),
        large.len()
    );
    for ext in ["gz", "br"] {
        assert!(
            !out.join(format!("cam-nang/ho-so.pdf.{ext}")).exists(),
            "a small PDF has no .{ext} sibling"
        );
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
fn unchanged_files_take_their_siblings_from_the_cache_and_stale_ones_go() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join(".cache");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    let big = "<p>Công nghiệp hỗ trợ Hà Nội</p>\n".repeat(100);
    std::fs::write(old.join("a.html"), &big).unwrap();
    std::fs::write(old.join("b.css"), format!("{big}/* b */")).unwrap();
    std::fs::write(old.join("logo.png"), &big).unwrap();
    let none = dir.path().join("none");
    let first = cnht::deploy::finish(&old, &none, Some(&cache), true).unwrap();
    assert_eq!((first.compressed, first.reused), (2, 0));
    let stats = first.cache.expect("the cache was used");
    assert_eq!((stats.hits, stats.written), (0, 2), "{stats:?}");
    assert!(
        !old.join("logo.png.gz").exists(),
        "images are not compressed"
    );

    // The next build (its staging folder seeded from the old publication, as `--no-handbook`
    // does): a.html is unchanged, b.css shrank below the threshold, c.html is new.
    std::fs::create_dir_all(&new).unwrap();
    for f in ["a.html", "b.css.gz", "b.css.br"] {
        std::fs::copy(old.join(f), new.join(f)).unwrap();
    }
    std::fs::write(new.join("b.css"), "p{}").unwrap();
    std::fs::write(new.join("c.html"), big.replace("Hà Nội", "Hanoi")).unwrap();
    let second = cnht::deploy::finish(&new, &none, Some(&cache), true).unwrap();
    assert_eq!((second.compressed, second.reused, second.linked), (2, 1, 0));
    assert!(!new.join("b.css.gz").exists() && !new.join("b.css.br").exists());
    for ext in ["gz", "br"] {
        assert_eq!(
            std::fs::read(new.join(format!("a.html.{ext}"))).unwrap(),
            std::fs::read(old.join(format!("a.html.{ext}"))).unwrap()
        );
    }
    let c = std::fs::read(new.join("c.html.gz")).unwrap();
    assert_eq!(gunzip(&c), std::fs::read(new.join("c.html")).unwrap());

    // With the previous publication at hand, an unchanged file's siblings are linked from it
    // (nothing compressed, nothing read from the cache); a changed one comes from the cache.
    let third_dir = dir.path().join("third");
    std::fs::create_dir_all(&third_dir).unwrap();
    std::fs::copy(new.join("a.html"), third_dir.join("a.html")).unwrap();
    std::fs::write(third_dir.join("c.html"), &big).unwrap();
    let third = cnht::deploy::finish(&third_dir, &new, Some(&cache), true).unwrap();
    assert_eq!((third.compressed, third.linked, third.reused), (2, 1, 1));
    for ext in ["gz", "br"] {
        assert_eq!(
            std::fs::read(third_dir.join(format!("a.html.{ext}"))).unwrap(),
            std::fs::read(new.join(format!("a.html.{ext}"))).unwrap()
        );
    }
    assert_eq!(
        gunzip(&std::fs::read(third_dir.join("c.html.gz")).unwrap()),
        big.as_bytes()
    );
}

/// Every entry of the cache overwritten with other bytes, cut short, or swapped with another
/// entry: the build notices, compresses again, and its output is the same as without a cache.
#[test]
fn a_damaged_cache_never_reaches_the_output() {
    let dir = site(&["basic"]);
    let clean = dir.path().join("public-clean");
    let mut opts = cnht::BuildOptions::new(dir.path());
    opts.out = clean.clone();
    opts.handbook = false;
    cnht::build(&opts).unwrap();
    let entries: Vec<std::path::PathBuf> =
        walkdir::WalkDir::new(dir.path().join(".cache/compressed"))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
    assert!(entries.len() >= 10, "the build filled the cache");
    for (i, entry) in entries.iter().enumerate() {
        let mut bytes = std::fs::read(entry).unwrap();
        match i % 3 {
            0 => {
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
            }
            1 => bytes.truncate(bytes.len() / 2),
            _ => bytes = std::fs::read(&entries[(i + 1) % entries.len()]).unwrap(),
        }
        std::fs::write(entry, bytes).unwrap();
    }
    let out = dir.path().join("public");
    opts.out = out.clone();
    let summary = cnht::build(&opts).unwrap();
    let deployed = summary.deployed.unwrap();
    assert_eq!(
        deployed.linked, 0,
        "a new output folder: nothing to link from"
    );
    let stats = deployed.cache.unwrap();
    // Every entry was found damaged and written again (a text that several files share may be
    // taken from its fresh entry by the others: those are the hits).
    assert!(stats.rejected >= entries.len() - 1, "{stats:?}");
    assert!(stats.written >= entries.len() - 1, "{stats:?}");
    assert_eq!(deployed.reused, stats.hits);
    assert!(
        snapshot(&out) == snapshot(&clean),
        "the same output as the clean build"
    );
    // The damaged entries were replaced: the next build takes every sibling from the cache.
    opts.out = dir.path().join("public-3");
    let third = cnht::build(&opts).unwrap().deployed.unwrap();
    assert_eq!(third.reused, third.compressed);
    assert!(snapshot(&opts.out) == snapshot(&clean));
}

/// Process CPU time (all threads), seconds.
#[cfg(target_os = "linux")]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(usage.ru_utime) + s(usage.ru_stime)
}

/// Times the compression step alone on the output of a build (not run by default): the text
/// files are copied without their siblings, then compressed without a cache, with an empty cache
/// and with the cache that run filled.
/// `CNHT_MEASURE_OUTPUT=/tmp/g10k/public cargo test --release --test deploy -- --ignored --nocapture`
#[cfg(target_os = "linux")]
#[test]
#[ignore]
fn measure_compression_step() {
    let Some(output) = measure_input("CNHT_MEASURE_OUTPUT", "the output folder of a build") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("out");
    for e in walkdir::WalkDir::new(&output).into_iter().flatten() {
        let rel = e.path().strip_prefix(&output).unwrap();
        let ext = rel.extension().and_then(|x| x.to_str()).unwrap_or("");
        if e.file_type().is_file() && ext != "gz" && ext != "br" {
            let target = copy.join(rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), target).unwrap();
        }
    }
    let cache = work.path().join(".cache");
    let none = work.path().join("none");
    // Last: a second copy of the texts beside the first, now compressed, as the previous
    // publication a rebuild links unchanged siblings from.
    let second = work.path().join("out-2");
    for e in walkdir::WalkDir::new(&copy).into_iter().flatten() {
        let rel = e.path().strip_prefix(&copy).unwrap();
        if e.file_type().is_file() {
            let target = second.join(rel);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), target).unwrap();
        }
    }
    for (what, out, previous, cache) in [
        ("no cache", &copy, &none, None),
        ("empty cache", &copy, &none, Some(cache.as_path())),
        ("filled cache", &copy, &none, Some(cache.as_path())),
        ("previous", &second, &copy, Some(cache.as_path())),
    ] {
        let (cpu, wall) = (cpu_seconds(), std::time::Instant::now());
        let s = cnht::deploy::finish(out, previous, cache, true).unwrap();
        eprintln!(
            "{what:<12} {} files, {:.1} MB → gzip {:.2} %, brotli {:.2} %, {} from the cache, \
             {} linked: {:.2} s wall, {:.2} s CPU",
            s.compressed,
            s.bytes as f64 / 1e6,
            100.0 * s.gzip_bytes as f64 / s.bytes as f64,
            100.0 * s.brotli_bytes as f64 / s.bytes as f64,
            s.reused,
            s.linked,
            wall.elapsed().as_secs_f64(),
            cpu_seconds() - cpu
        );
    }
}

/// Not a test: measures Brotli qualities and windows, and gzip levels, on the files named by
/// `CNHT_MEASURE_FILES` (space-separated; the open data of a build), best of three runs each,
/// the figures behind `deploy`'s settings for large files (BENCHMARKS.md, "Stage E").
/// `CNHT_MEASURE_FILES="/tmp/g10k/public/doanh-nghiep.json /tmp/g10k/public/doanh-nghiep.csv" cargo test --release --test deploy -- --ignored --nocapture large_file`
#[test]
#[ignore]
fn measure_large_file_settings() {
    use std::io::Write;
    let Some(files) = measure_input("CNHT_MEASURE_FILES", "the files to compress") else {
        return;
    };
    let best_of_three = |f: &dyn Fn() -> usize| -> (usize, f64) {
        let mut best = (0, f64::MAX);
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let size = f();
            best = (size, best.1.min(t.elapsed().as_secs_f64()));
        }
        best
    };
    for path in files.split_whitespace() {
        let data = std::fs::read(path).unwrap();
        eprintln!("{path}: {} bytes", data.len());
        let share = |size: usize| 100.0 * size as f64 / data.len() as f64;
        for quality in 1..=5 {
            for lgwin in [22, 24] {
                let (size, secs) = best_of_three(&|| {
                    let mut out = Vec::new();
                    let params = brotli::enc::BrotliEncoderParams {
                        quality,
                        lgwin,
                        size_hint: data.len(),
                        ..Default::default()
                    };
                    brotli::BrotliCompress(&mut &data[..], &mut out, &params).unwrap();
                    out.len()
                });
                eprintln!(
                    "  brotli {quality}, window 2^{lgwin}: {:.2} % in {secs:.3} s",
                    share(size)
                );
            }
        }
        for level in [1, 4, 6] {
            let (size, secs) = best_of_three(&|| {
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                enc.write_all(&data).unwrap();
                enc.finish().unwrap().len()
            });
            eprintln!("  gzip {level}: {:.2} % in {secs:.3} s", share(size));
        }
    }
}
