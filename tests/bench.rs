//! `cnht bench` end to end on a tiny generated site, so the benchmark behind BENCHMARKS.md keeps
//! working: it generates the site, times check and build, runs `cnht serve`, edits an enterprise
//! and sees the page change, and prints one table row per measure.

mod common;
use common::*;

/// Standard output of `cnht bench <args> --from <the repository>`, which must succeed.
fn bench(args: &[&str]) -> String {
    let from = repo();
    let mut all = vec!["bench"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--from", from.to_str().unwrap()]);
    let out = cnht(&all);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    stdout
}

/// The table rows of the site with `enterprises` enterprises.
fn rows(stdout: &str, enterprises: usize) -> Vec<&str> {
    let start = format!("| {enterprises} |");
    stdout.lines().filter(|l| l.starts_with(&start)).collect()
}

#[test]
fn bench_measures_build_and_live_preview() {
    let stdout = bench(&["--enterprises", "12", "--preview"]);
    let rows = rows(&stdout, 12);
    assert_eq!(
        rows.len(),
        5,
        "check, the website, the website with its capability sheets and two preview rows:\n{stdout}"
    );
    for (row, step) in rows.iter().zip([
        "check",
        "build --no-handbook --no-sheets (website)",
        "build --no-handbook (website + capability sheets)",
        "serve: edit visible, idle",
        "serve: edit visible, during a full rebuild",
    ]) {
        assert!(row.contains(step), "{row} should be {step}");
        let seconds: f64 = row.split('|').nth(3).unwrap().trim().parse().unwrap();
        // A time, whatever the machine's load (no timed assertions: a debug build beside the
        // browser tests once took 81 s for this row).
        assert!(
            seconds.is_finite() && seconds > 0.0,
            "{row}: a time in seconds"
        );
    }
}

/// `cnht bench --preview-only`: the two preview rows and nothing typeset or built before them.
#[test]
fn bench_preview_only_times_only_the_preview() {
    let stdout = bench(&["--enterprises", "8", "--preview-only"]);
    let rows = rows(&stdout, 8);
    assert_eq!(rows.len(), 2, "the two preview rows alone:\n{stdout}");
    assert!(rows[0].contains("serve: edit visible, idle"), "{}", rows[0]);
    assert!(
        rows[1].contains("serve: edit visible, during a full rebuild"),
        "{}",
        rows[1]
    );
}

/// `cnht bench --handbook-only`: one handbook row per size, naming the pages typeset, and no
/// check or website rows (the growth table of BENCHMARKS.md).
#[test]
fn bench_handbook_only_names_the_pages() {
    let stdout = bench(&["--enterprises", "6", "--handbook-only"]);
    let rows = rows(&stdout, 6);
    assert_eq!(rows.len(), 1, "the handbook alone:\n{stdout}");
    let step = rows[0].split('|').nth(2).unwrap().trim();
    let pages: usize = step
        .strip_prefix("handbook (both PDFs), ")
        .and_then(|s| s.strip_suffix(" pages"))
        .unwrap_or_else(|| panic!("{step}"))
        .parse()
        .unwrap();
    assert!(pages > 0 && pages.is_multiple_of(4), "{step}: whole sheets");
    let peak: f64 = rows[0].split('|').nth(4).unwrap().trim().parse().unwrap();
    assert!(peak > 10.0, "{}: a peak memory in MiB", rows[0]);
}

/// `cnht gen --descriptions long`: the synthetic enterprises get 600 to 640 words each, the site
/// passes `cnht check`, and the front matter is the same as with short descriptions.
#[test]
fn gen_long_descriptions() {
    let from = repo();
    let (short, long) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, kind) in [(&short, "short"), (&long, "long")] {
        let out = cnht(&[
            "gen",
            "--enterprises",
            "90",
            "--descriptions",
            kind,
            "--out",
            dir.path().to_str().unwrap(),
            "--from",
            from.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{out:?}");
    }
    let mut synthetic = 0;
    for entry in std::fs::read_dir(long.path().join("content/enterprises")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.starts_with("doanh-nghiep-mau-") {
            continue;
        }
        synthetic += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let (front, body) = text[3..].split_once("+++\n").unwrap();
        let words = cnht::gen::word_count(body);
        assert!(
            cnht::gen::LONG_DESCRIPTION_WORDS.contains(&words),
            "{name}: {words} words"
        );
        assert!(body.contains("\n## "), "{name} has sections");
        let other = read(short.path(), &format!("content/enterprises/{name}"));
        assert!(other[3..].starts_with(front), "{name}: same front matter");
    }
    assert!(synthetic > 0);
    let check = cnht(&["check", "--root", long.path().to_str().unwrap()]);
    assert!(check.status.success(), "{check:?}");
}

/// `cnht bench --hugo` on a small site: both tools build, in the three situations, one table row
/// each.
/// Needs Debian's `hugo`; scripts/test installs it and sets CNHT_REQUIRE_HUGO.
#[test]
fn bench_side_by_side_with_hugo() {
    if std::process::Command::new("hugo")
        .arg("version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CNHT_REQUIRE_HUGO").is_none(),
            "hugo is not installed"
        );
        eprintln!("skipped: hugo is not installed");
        return;
    }
    let keep = tempfile::tempdir().unwrap();
    let kept = keep.path().join("sites");
    let stdout = bench(&[
        "--hugo",
        "--enterprises",
        "80",
        "--runs",
        "1",
        "--keep",
        kept.to_str().unwrap(),
    ]);
    let rows: Vec<Vec<&str>> = rows(&stdout, 80)
        .into_iter()
        .map(|l| l.split('|').map(str::trim).collect())
        .collect();
    assert_eq!(rows.len(), 6, "{stdout}");
    for (row, situation) in rows.iter().zip([
        "first build",
        "first build",
        "rebuild, nothing changed",
        "rebuild, nothing changed",
        "rebuild, one enterprise edited",
        "rebuild, one enterprise edited",
    ]) {
        assert_eq!(row[3], situation, "{row:?}");
        let files: usize = row[9].parse().unwrap();
        let peak: f64 = row[8].parse().unwrap();
        assert!(files >= 80 && peak > 0.0, "{row:?}");
    }
    // The edit reached both sites' pages of the edited enterprise.
    let edited = snapshot(&kept.join("80/cnht/content/enterprises"))
        .into_iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes).contains("Chi tiết sửa đổi thử nghiệm 1")
        })
        .map(|(path, _)| path)
        .collect::<Vec<_>>();
    assert_eq!(edited.len(), 1, "one enterprise edited: {edited:?}");
    let slug = edited[0].file_stem().unwrap().to_str().unwrap().to_owned();
    let page = |tool: &str| {
        read(
            &kept.join("80").join(tool),
            &format!("public/doanh-nghiep/{slug}/index.html"),
        )
    };
    assert!(page("cnht").contains("Chi tiết sửa đổi thử nghiệm 1"));
    assert!(page("hugo").contains("Câu sửa đổi thử nghiệm số 1"));
    // The Hugo site holds the same bodies as the generated one.
    let ours = read(
        &kept.join("80/cnht"),
        "content/enterprises/doanh-nghiep-mau-000001.md",
    );
    let theirs = read(
        &kept.join("80/hugo"),
        "content/doanh-nghiep/doanh-nghiep-mau-000001.md",
    );
    let body = |t: &str| t[3..].split_once("+++\n").unwrap().1.to_owned();
    assert_eq!(body(&ours), body(&theirs));
    assert!(theirs.starts_with("+++\ntitle = \"Công ty"), "{theirs}");
    assert!(kept
        .join("80/hugo/public/doanh-nghiep/doanh-nghiep-mau-000001/index.html")
        .is_file());
}

#[test]
fn soak_reads_the_preview_memory_after_saves() {
    let stdout = bench(&["--soak", "--saves", "3", "--idle", "1"]);
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("serve soak"))
        .collect();
    assert_eq!(rows.len(), 3, "first build, 3 saves, idle:\n{stdout}");
    for (row, what) in rows.iter().zip([
        "RSS after the first build",
        "RSS after 3 saves (",
        "RSS after 3 saves and 1 s idle",
    ]) {
        assert!(row.contains(what), "{row} should be {what}");
        let mib: f64 = row.split('|').nth(4).unwrap().trim().parse().unwrap();
        assert!(mib > 10.0 && mib < 4096.0, "{row}: resident memory in MiB");
    }
    // No site size was asked for: nothing else was measured.
    let table_rows = stdout
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| enterprises"))
        .count();
    assert_eq!(table_rows, 3, "{stdout}");
}
