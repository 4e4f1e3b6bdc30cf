//! Site search and directory filters of the basic fixture: the Pagefind bundle is written, the
//! filter data has one entry per published enterprise with the right facets, the `đ`-folded words
//! are indexed, and the search page and filters are where they should be.

mod common;
use cnht::site::search;
use common::*;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// One website build (no handbook) of the basic fixture, shared by the tests.
fn built() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| built_site(&["basic"], false)).path()
}

fn public() -> std::path::PathBuf {
    built().join("public")
}

fn model() -> cnht::model::Model {
    let opts = cnht::content::LoadOptions::default();
    match cnht::content::load(built(), &opts) {
        Ok(loaded) => loaded.model,
        Err(report) => panic!("load failed:\n{}", report.render(false)),
    }
}

/// A Pagefind file's payload: gunzipped, without its `pagefind_dcd` signature.
fn pagefind_payload(path: &Path) -> Vec<u8> {
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut data)
        .unwrap();
    assert!(data.starts_with(b"pagefind_dcd"), "{}", path.display());
    data.split_off(12)
}

fn files_in(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect()
}

#[test]
fn pagefind_bundle_is_written() {
    let dir = public().join("pagefind");
    for f in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "wasm.unknown.pagefind",
    ] {
        assert!(dir.join(f).is_file(), "pagefind/{f} is written");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&read(&dir, "pagefind-entry.json")).unwrap();
    assert_eq!(entry["version"], "1.6.0");
    assert_eq!(
        entry["languages"]["vi"]["page_count"], 8,
        "4 enterprises, 2 policies, 1 market note, 1 news item (not the draft, not the future one)"
    );
    assert_eq!(
        entry["languages"]["en"]["page_count"], 8,
        "the same in English"
    );
    assert!(dir.join("wasm.en.pagefind").is_file(), "English stemming");
    assert_eq!(files_in(&dir.join("fragment"), "pf_fragment").len(), 16);
    assert!(!files_in(&dir.join("index"), "pf_index").is_empty());
    assert!(!files_in(&dir.join("filter"), "pf_filter").is_empty());
    assert_eq!(files_in(&dir, "pf_meta").len(), 2, "one index per language");
}

#[test]
fn fragments_hold_the_record_text_and_the_d_folded_words() {
    let dir = public().join("pagefind/fragment");
    let fragments: Vec<serde_json::Value> = files_in(&dir, "pf_fragment")
        .iter()
        .map(|p| serde_json::from_slice(&pagefind_payload(p)).unwrap())
        .collect();
    let an_phat = fragments
        .iter()
        .find(|f| f["url"] == "/doanh-nghiep/an-phat/")
        .expect("the enterprise Ăn Phát is indexed");
    assert_eq!(an_phat["meta"]["title"], "Công ty TNHH Ăn Phát");
    assert_eq!(an_phat["filters"]["type"][0], "doanh-nghiep");
    let content = an_phat["content"].as_str().unwrap();
    for words in [
        "Chi tiết dập kim loại",
        "Metal stamped parts",
        "IATF 16949:2016",
        "0112345027",
        "Đông Anh",
    ] {
        assert!(content.contains(words), "{words} in {content}");
    }
    // The folded words are a metadata field (searched by Pagefind, not shown in excerpts).
    let folded = an_phat["meta"][search::HIDDEN_META].as_str().unwrap();
    assert!(
        folded.split(' ').any(|w| w == "dong"),
        "the folded `dong` of Đông is indexed: {folded}"
    );
    assert!(
        !content.contains("dong"),
        "and kept out of the excerpt text"
    );
    let policy = fragments
        .iter()
        .find(|f| f["url"] == "/chinh-sach/nd-111/")
        .expect("the policy is indexed");
    assert_eq!(policy["filters"]["type"][0], "chinh-sach");
    assert!(policy["meta"]["title"]
        .as_str()
        .unwrap()
        .contains("111/2015/NĐ-CP"));
    // The English index: English titles and products first, the English pages.
    let en = fragments
        .iter()
        .find(|f| f["url"] == "/en/doanh-nghiep/an-phat/")
        .expect("the English record");
    assert_eq!(en["meta"]["title"], "An Phat Co., Ltd.");
    assert!(en["content"].as_str().unwrap().starts_with(
        "Công ty TNHH Ăn Phát. An Phat Co., Ltd. Metal stamped parts, Stamping dies."
    ));
    // Nothing a reader cannot open: drafts and scheduled news stay out.
    assert!(!fragments
        .iter()
        .any(|f| f["url"] == "/doanh-nghiep/draft-co/"));
    assert!(!fragments.iter().any(|f| f["url"] == "/tin-tuc/tuong-lai/"));
}

#[test]
fn records_fold_d_and_carry_tax_codes() {
    let m = model();
    let records = search::records(&m, cnht::model::Lang::Vi);
    assert_eq!(records.len(), 8);
    let r = records
        .iter()
        .find(|r| r.url == "/doanh-nghiep/an-phat/")
        .unwrap();
    assert_eq!(r.kind, search::Kind::Enterprise);
    assert!(r
        .content
        .starts_with("Công ty TNHH Ăn Phát. An Phat Co., Ltd."));
    assert!(r.content.contains("0112345027"));
    let hidden: Vec<&str> = r.hidden.split(' ').collect();
    assert!(hidden.contains(&"dong"), "Đông Anh → dong: {hidden:?}");
    assert!(
        !r.content.contains(" dong "),
        "folded words stay out of the shown text"
    );
    assert!(r.indexed_text().contains("dong"));
    let policy = records
        .iter()
        .find(|r| r.kind == search::Kind::Policy)
        .unwrap();
    assert!(
        policy.content.starts_with("Nghị định "),
        "number and title first: {}",
        policy.content
    );
    assert!(
        policy.hidden.split(' ').any(|w| w == "nd"),
        "NĐ-CP → nd: {}",
        policy.hidden
    );
    // Every record's hidden words are the folded words with đ of its text, then (enterprises)
    // one token per vocabulary entry it names: never the synonyms themselves.
    for r in &records {
        let expected = search::d_folded_words(&format!("{} {}", r.title, r.content)).join(" ");
        assert!(r.hidden.starts_with(&expected), "{}", r.url);
        let tokens: Vec<&str> = r.hidden[expected.len()..].split_whitespace().collect();
        assert!(
            r.kind == search::Kind::Enterprise || tokens.is_empty(),
            "{}",
            r.url
        );
        assert!(
            tokens.iter().all(|t| t.starts_with('q')),
            "{}: {tokens:?}",
            r.url
        );
    }
    for token in [
        "qpstamping",
        "qpwelding",
        "qciso9001",
        "qciatf16949",
        "qnjp",
        "qnkr",
    ] {
        assert!(hidden.contains(&token), "{token} in {hidden:?}");
    }
    assert!(
        !r.hidden.contains("press"),
        "synonyms stay out of the index"
    );
}

#[test]
fn filter_data_has_every_published_enterprise_with_its_facets() {
    let data: serde_json::Value =
        serde_json::from_str(&read(&public(), "doanh-nghiep/bo-loc.json")).unwrap();
    let facets = &data["facets"];
    let keys = |name: &str| -> Vec<String> {
        facets[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[0].as_str().unwrap().to_owned())
            .collect()
    };
    let items = data["items"].as_array().unwrap();
    let slugs: Vec<&str> = items.iter().map(|i| i[0].as_str().unwrap()).collect();
    let m = model();
    assert_eq!(
        slugs,
        m.enterprises()
            .iter()
            .map(|e| e.slug.as_str())
            .collect::<Vec<_>>(),
        "one entry per published enterprise, in directory order"
    );
    assert!(!slugs.contains(&"draft-co"));
    let an_phat = items.iter().find(|i| i[0] == "an-phat").unwrap();
    assert_eq!(an_phat[1], "Công ty TNHH Ăn Phát");
    assert_eq!(an_phat[2], "An Phat Co., Ltd.");
    let at = |facet: &str, v: &serde_json::Value| keys(facet)[v.as_u64().unwrap() as usize].clone();
    assert_eq!(at("linh-vuc", &an_phat[3]), "linh-kien-phu-tung");
    assert_eq!(at("quan", &an_phat[4]), "dong-anh");
    assert_eq!(at("kcn", &an_phat[5]), "kcn-thang-long");
    let certs: Vec<String> = an_phat[6]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| at("chung-nhan", c))
        .collect();
    assert_eq!(certs, ["iatf-16949", "iso-9001"]);
    let groups: Vec<String> = an_phat[7]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| at("san-pham", g))
        .collect();
    assert_eq!(
        groups,
        ["khuon-mau", "co-khi"],
        "Khuôn dập; Chi tiết dập kim loại"
    );
    assert_eq!(at("quy-mo", &an_phat[8]), "lon", "250 employees");
    let det = items.iter().find(|i| i[0] == "det-ung-hoa").unwrap();
    assert_eq!(det[5], -1, "no industrial park");
    assert_eq!(at("quy-mo", &det[8]), "chua-ro", "no head count");
    assert_eq!(at("san-pham", &det[7][0]), "det-may");
    // Processes, export markets, ownership and languages are facets too (keys of the
    // vocabularies), at positions 9 to 12.
    let listed = |v: &serde_json::Value, facet: &str| -> Vec<String> {
        v.as_array().unwrap().iter().map(|x| at(facet, x)).collect()
    };
    assert_eq!(listed(&an_phat[9], "cong-nghe"), ["stamping", "welding"]);
    assert_eq!(listed(&an_phat[10], "thi-truong"), ["JP", "KR"]);
    assert_eq!(at("so-huu", &an_phat[11]), "domestic");
    assert_eq!(listed(&an_phat[12], "ngon-ngu"), ["vi", "en", "ja"]);
    assert_eq!(det[11], -1, "ownership not written");
    assert_eq!(
        facets["cong-nghe"][0][2], "Metal stamping",
        "English names beside"
    );
    // Facet values are only those in use, with their labels.
    assert_eq!(keys("quan"), ["dong-anh", "long-bien", "ung-hoa"]);
    assert_eq!(facets["quan"][0][1], "Huyện Đông Anh");
    assert!(!keys("quy-mo").contains(&"sieu-nho".to_owned()));
}

#[test]
fn search_page_and_header_form() {
    let page = read(&public(), "tim-kiem/index.html");
    assert!(page.contains(r#"<form class="search__form" role="search""#));
    assert!(page.contains(r#"name="q""#));
    let script = module_script(&page);
    assert!(
        script.starts_with("/static/h/js/search.") && script.ends_with(".js"),
        "the script's address carries its content hash: {script}"
    );
    assert_eq!(
        std::fs::read(public().join(script.trim_start_matches('/'))).unwrap(),
        std::fs::read(repo().join("themes/cnht/static/js/search.js")).unwrap()
    );
    assert!(page.contains(r#"data-bundle="/pagefind/""#));
    assert!(
        page.contains("<noscript>"),
        "says what to do without JavaScript"
    );
    let home = read(&public(), "index.html");
    assert!(home.contains(r#"<form class="site-search" role="search""#));
    assert!(home.contains(r#"action="/tim-kiem/" method="get""#));
    assert!(public().join("static/js/search.js").is_file());
    assert!(public().join("static/js/filters.js").is_file());
    assert!(
        !read(&public(), "sitemap.xml").contains("/tim-kiem/"),
        "the search page is not in the sitemap"
    );
}

#[test]
fn filters_only_on_the_first_directory_page_hidden_until_scripted() {
    let dir = read(&public(), "doanh-nghiep/index.html");
    assert!(dir.contains(r#"<section class="filters" hidden"#));
    assert!(dir.contains(r#"data-src="/doanh-nghiep/bo-loc.json""#));
    let script = module_script(&dir);
    assert!(script.starts_with("/static/h/js/filters.") && script.ends_with(".js"));
    assert!(public().join(script.trim_start_matches('/')).is_file());
    // The static listing stays in the page for readers without JavaScript.
    assert!(dir.contains(r#"<ul class="grid grid--cards enterprise-list">"#));
    for other in [
        "doanh-nghiep/trang/2/index.html",
        "linh-vuc/linh-kien-phu-tung/index.html",
        "quan-huyen/dong-anh/index.html",
    ] {
        assert!(!read(&public(), other).contains("data-filters"), "{other}");
    }
}

/// Times the search step alone on a site made by `cnht gen` (not run by default):
/// `CNHT_MEASURE_ROOT=/tmp/g10000 cargo test --release --test search -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_search_step() {
    let Ok(root) = std::env::var("CNHT_MEASURE_ROOT") else {
        eprintln!("set CNHT_MEASURE_ROOT to a site made by `cnht gen`");
        return;
    };
    let loaded = cnht::content::load(Path::new(&root), &cnht::content::LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    let model = loaded.model;
    let before = cnht::timing::peak_rss_kib().unwrap_or(0);
    let out = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let summary = search::write(&model, out.path()).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let after = cnht::timing::peak_rss_kib().unwrap_or(0);
    let mut bundle = 0u64;
    for e in walkdir::WalkDir::new(out.path().join("pagefind"))
        .into_iter()
        .flatten()
    {
        bundle += e
            .metadata()
            .map(|m| if m.is_file() { m.len() } else { 0 })
            .unwrap_or(0);
    }
    let data = std::fs::read(out.path().join("doanh-nghiep/bo-loc.json")).unwrap();
    let gz = cnht::deploy::gzip(&data);
    eprintln!(
        "{} enterprises: {} records, {} files, {:.2} s, peak RSS {} → {} MiB, bundle {:.1} MiB, \
         bo-loc.json {} KiB ({} KiB gzip)",
        model.enterprises().len(),
        summary.records,
        summary.files,
        seconds,
        before / 1024,
        after / 1024,
        bundle as f64 / 1048576.0,
        data.len() / 1024,
        gz.len() / 1024
    );
}

/// The address of the page's module script.
fn module_script(html: &str) -> &str {
    let start = html
        .find(r#"<script type="module" src=""#)
        .expect("a module script")
        + r#"<script type="module" src=""#.len();
    let len = html[start..].find('"').unwrap();
    &html[start..start + len]
}
