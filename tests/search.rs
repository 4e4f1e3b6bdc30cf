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
    // The version the shard cache's key names (`search::PAGEFIND_VERSION`) is the one written.
    assert_eq!(entry["version"], search::PAGEFIND_VERSION);
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
    assert_eq!(data["v"], 2);
    let facets = data["facets"].as_array().unwrap();
    let params: Vec<&str> = facets.iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(
        params,
        [
            "linh-vuc",
            "quan",
            "kcn",
            "chung-nhan",
            "san-pham",
            "quy-mo",
            "cong-nghe",
            "thi-truong",
            "so-huu",
            "ngon-ngu"
        ]
    );
    let facet = |key: &str| facets.iter().position(|f| f["key"] == key).unwrap();
    let keys = |key: &str| -> Vec<String> {
        facets[facet(key)]["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[0].as_str().unwrap().to_owned())
            .collect()
    };
    let m = model();
    let items = data["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        m.enterprises().len(),
        "one entry per published enterprise"
    );
    assert_eq!(data["n"], m.enterprises().len());
    // Only ids and keys: no names, no slugs.
    let json = read(&public(), "doanh-nghiep/bo-loc.json");
    assert!(!json.contains("an-phat") && !json.contains("Ăn Phát"));
    let at = |id: usize| &items[id];
    let ix = |e: &str| m.enterprises().iter().position(|x| x.slug == e).unwrap();
    let an_phat = at(ix("an-phat"));
    let value =
        |key: &str, cell: &serde_json::Value| keys(key)[cell.as_u64().unwrap() as usize].clone();
    assert_eq!(
        value("linh-vuc", &an_phat[facet("linh-vuc")]),
        "linh-kien-phu-tung"
    );
    assert_eq!(value("quan", &an_phat[facet("quan")]), "dong-anh");
    assert_eq!(value("kcn", &an_phat[facet("kcn")]), "kcn-thang-long");
    let list = |key: &str, cell: &serde_json::Value| -> Vec<String> {
        cell.as_array()
            .unwrap()
            .iter()
            .map(|c| value(key, c))
            .collect()
    };
    assert_eq!(
        list("chung-nhan", &an_phat[facet("chung-nhan")]),
        ["iso-9001", "iatf-16949"]
    );
    assert_eq!(
        list("san-pham", &an_phat[facet("san-pham")]),
        ["khuon-mau", "co-khi"],
        "Khuôn dập; Chi tiết dập kim loại"
    );
    assert_eq!(
        value("quy-mo", &an_phat[facet("quy-mo")]),
        "lon",
        "250 employees"
    );
    let det = at(ix("det-ung-hoa"));
    assert_eq!(det[facet("kcn")], -1, "no industrial park");
    assert_eq!(
        value("quy-mo", &det[facet("quy-mo")]),
        "chua-ro",
        "no head count"
    );
    assert_eq!(list("san-pham", &det[facet("san-pham")])[0], "det-may");
    // Facet values are only those in use, with their labels; the park facet offers "any park".
    // Processes, export markets, ownership and languages are facets too (keys of the
    // vocabularies), named in both languages.
    assert_eq!(
        list("cong-nghe", &an_phat[facet("cong-nghe")]),
        ["stamping", "welding"]
    );
    assert_eq!(
        list("thi-truong", &an_phat[facet("thi-truong")]),
        ["JP", "KR"]
    );
    assert_eq!(value("so-huu", &an_phat[facet("so-huu")]), "domestic");
    assert_eq!(
        list("ngon-ngu", &an_phat[facet("ngon-ngu")]),
        ["vi", "en", "ja"]
    );
    assert_eq!(det[facet("so-huu")], -1, "ownership not written");
    assert_eq!(
        facets[facet("cong-nghe")]["values"][0][2],
        "Metal stamping",
        "English names beside"
    );
    assert_eq!(keys("quan"), ["dong-anh", "long-bien", "ung-hoa"]);
    assert_eq!(facets[facet("quan")]["values"][0][1], "Huyện Đông Anh");
    assert_eq!(facets[facet("quan")]["name"][1], "District");
    assert!(!keys("quy-mo").contains(&"sieu-nho".to_owned()));
    assert_eq!(
        facets[facet("kcn")]["any"][1],
        "In any industrial park or cluster"
    );
    assert!(facets[facet("linh-vuc")]["any"].is_null());
    // Sort keys, by position.
    assert_eq!(data["sort"]["quy-mo"][ix("an-phat")], 250);
    assert_eq!(
        data["sort"]["quy-mo"][ix("det-ung-hoa")],
        serde_json::Value::Null
    );
    let ranks: Vec<u64> = data["sort"]["name_en"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_u64().unwrap())
        .collect();
    let mut sorted = ranks.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (0..items.len() as u64).collect::<Vec<_>>(),
        "a permutation"
    );
}

#[test]
fn files_of_cards_hold_the_listing_cards_with_their_csv_rows() {
    let m = model();
    let n = m.enterprises().len();
    let files = n.div_ceil(cnht::model::urls::CARDS_PER_FILE);
    for (prefix, lang) in [("", "vi"), ("en/", "en")] {
        let mut ids = Vec::new();
        for k in 0..files {
            let html = read(&public(), &format!("{prefix}doanh-nghiep/the/{k}.html"));
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.contains(&format!(r#"<html lang="{lang}">"#)));
            assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
            assert!(html.contains(r#"data-columns="[&quot;name&quot;,&quot;name_en&quot;"#));
            for part in html
                .split(r#"<li class="card card--enterprise" data-id=""#)
                .skip(1)
            {
                ids.push(part[..part.find('"').unwrap()].parse::<usize>().unwrap());
            }
        }
        assert_eq!(
            ids,
            (0..n).collect::<Vec<_>>(),
            "every enterprise once, in order ({lang})"
        );
    }
    // The card is the listing's: the same markup as on the directory page.
    let listing = read(&public(), "doanh-nghiep/index.html");
    let card = |html: &str| -> String {
        let start = html.find(r#"<a href="/doanh-nghiep/an-phat/""#).unwrap();
        let end = start + html[start..].find("</li>").unwrap();
        html[start..end].to_owned()
    };
    let file = read(&public(), "doanh-nghiep/the/0.html");
    assert_eq!(card(&file), card(&listing));
    // The row: the open data's columns, in the page's language, before the spreadsheet rule.
    let en = read(&public(), "en/doanh-nghiep/the/0.html");
    let start = en.find(r#"data-row=""#).unwrap() + r#"data-row=""#.len();
    let row = en[start..start + en[start..].find('"').unwrap()]
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let row: serde_json::Value = serde_json::from_str(&row).unwrap();
    let columns = cnht::site::opendata::ENTERPRISE_COLUMNS;
    assert_eq!(row.as_array().unwrap().len(), columns.len());
    let url = columns.iter().position(|c| *c == "url").unwrap();
    assert!(
        row[url].as_str().unwrap().contains("/en/doanh-nghiep/"),
        "{row}"
    );
    assert!(
        !read(&public(), "sitemap.xml").contains("/doanh-nghiep/the/"),
        "files of cards are not pages of the sitemap"
    );
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

/// `cnht build --no-handbook` of `root` into `out` with the index cut into shards of `per_shard`
/// items; returns what it printed.
fn build_sharded(root: &Path, out: &Path, per_shard: usize) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_cnht"))
        .args(["build", "--no-handbook", "--lang", "en", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .env("CNHT_STATS", "1")
        .env(search::SHARD_SWITCH, per_shard.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", self::out(&o), err(&o));
    self::out(&o)
}

/// The files of a built index (every shard), by path.
fn bundle(public: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(&public.join("pagefind"))
}

#[test]
fn a_sharded_index_holds_every_record_once_and_reindexes_only_changed_shards() {
    let site = common::site(&["basic"]);
    let root = site.path();
    // 8 items a language (4 enterprises, 2 policies, a market note, a news item): 3 shards.
    let said = build_sharded(root, &root.join("a"), 3);
    has_line(&said, &["search index 3 shards, 0 from the cache"]);
    let a = root.join("a");
    let mut urls = Vec::new();
    for (n, dir) in ["pagefind", "pagefind/1", "pagefind/2"].iter().enumerate() {
        let dir = a.join(dir);
        let entry: serde_json::Value =
            serde_json::from_str(&read(&dir, "pagefind-entry.json")).unwrap();
        let counts = [&entry["languages"]["vi"], &entry["languages"]["en"]]
            .map(|l| l["page_count"].as_u64().unwrap());
        assert_eq!(counts, [[3, 3], [3, 3], [2, 2]][n], "shard {n}: {entry}");
        // Only the first shard carries Pagefind's scripts; the others are merged into it.
        assert_eq!(dir.join("pagefind.js").is_file(), n == 0, "shard {n}");
        assert_eq!(dir.join("wasm.unknown.pagefind").is_file(), n == 0);
        // Fragments come grouped (`RECORDS_PER_FRAGMENT_FILE`): one file a language here.
        let files = files_in(&dir.join("fragment"), "pf_fragment");
        assert_eq!(files.len(), 2, "shard {n}: {files:?}");
        for f in files {
            let group: serde_json::Value = serde_json::from_slice(&pagefind_payload(&f)).unwrap();
            let group = group.as_object().expect("a group of fragments");
            for fragment in group.values() {
                urls.push(fragment["url"].as_str().unwrap().to_owned());
            }
        }
    }
    assert!(!a.join("pagefind/3").exists());
    let mut unique = urls.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 16, "every record of both languages: {urls:?}");
    assert_eq!(urls.len(), 16, "each once");
    // The search page names the shards it merges.
    for page in ["tim-kiem/index.html", "en/tim-kiem/index.html"] {
        assert!(
            read(&a, page).contains(r#"data-shards="/pagefind/1/ /pagefind/2/""#),
            "{page}"
        );
    }

    // Nothing changed: every shard comes from the cache, byte for byte.
    let said = build_sharded(root, &root.join("b"), 3);
    has_line(&said, &["search index 3 shards, 3 from the cache"]);
    assert!(
        bundle(&a) == bundle(&root.join("b")),
        "the cached index differs"
    );

    // One enterprise edited: only its shard is indexed again, and the index is the one a build
    // without any cache writes.
    edit_an_phat(root);
    let said = build_sharded(root, &root.join("c"), 3);
    has_line(&said, &["search index 3 shards, 2 from the cache"]);
    std::fs::remove_dir_all(root.join(".cache")).unwrap();
    let said = build_sharded(root, &root.join("d"), 3);
    has_line(&said, &["search index 3 shards, 0 from the cache"]);
    assert!(
        bundle(&root.join("c")) == bundle(&root.join("d")),
        "a partly cached index differs from a fresh one"
    );
    assert!(
        bundle(&a) != bundle(&root.join("c")),
        "the edit reached the index"
    );
}

/// Times the search step alone on a site made by `cnht gen` (not run by default):
/// `CNHT_MEASURE_ROOT=/tmp/g10000 cargo test --release --test search -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_search_step() {
    let Some(root) = measure_input("CNHT_MEASURE_ROOT", "a site made by `cnht gen`") else {
        return;
    };
    let loaded = cnht::content::load(Path::new(&root), &cnht::content::LoadOptions::default())
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    let model = loaded.model;
    let before = cnht::timing::peak_rss_kib().unwrap_or(0);
    let out = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let theme = Path::new(&root).join("themes/cnht");
    let theme = if theme.is_dir() {
        theme
    } else {
        repo().join("themes/cnht")
    };
    let (_, strings) = cnht::site::templates::load_with_strings(Path::new(&root), &theme).unwrap();
    let summary = search::write(&model, &strings, out.path(), None).unwrap();
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
    // The files of cards are written with the pages; this step writes the filter data only.
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
