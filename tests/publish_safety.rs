//! Where `cnht build` and `cnht handbook` may publish, and what they leave behind: the site's own
//! folders, the home folder and `/` are refused even with `--force`, before anything is rendered,
//! and the file tree around them stays exactly as it was; a folder of someone else's files needs
//! `--force` (and a warning says what goes); every publication carries the marker; leftovers of
//! killed builds are cleaned, foreign folders of the same name are not; and the swap is one atomic
//! exchange, so `public/` never disappears, not even for a moment.

mod common;
use common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cnht::publish::{check_output, OutputState, Staging, Swap, MARKER, MARKER_TEXT};

/// One entry of a file tree: its path, its kind, and its bytes (files) or target (links).
type Entry = (PathBuf, &'static str, Vec<u8>);

/// Every folder, file and link under `dir` (links not followed), sorted.
fn tree(dir: &Path) -> Vec<Entry> {
    let mut entries: Vec<Entry> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let t = e.file_type();
            if t.is_symlink() {
                let target = std::fs::read_link(e.path()).unwrap();
                (rel, "link", target.to_string_lossy().as_bytes().to_vec())
            } else if t.is_dir() {
                (rel, "dir", Vec::new())
            } else {
                (rel, "file", std::fs::read(e.path()).unwrap())
            }
        })
        .collect();
    entries.sort();
    entries
}

/// A hash of the whole tree, for short messages.
fn digest(entries: &[Entry]) -> String {
    let mut h = Sha256::new();
    for (path, kind, bytes) in entries {
        h.update(path.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(kind.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What differs between two trees (paths only), for the failure message.
fn difference(before: &[Entry], after: &[Entry]) -> Vec<String> {
    let mut d = Vec::new();
    for e in before {
        if !after.contains(e) {
            d.push(format!("- {} ({})", e.0.display(), e.1));
        }
    }
    for e in after {
        if !before.contains(e) {
            d.push(format!("+ {} ({})", e.0.display(), e.1));
        }
    }
    d
}

fn copy_tree(from: &Path, to: &Path) {
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

/// A folder holding a copy of the `basic` fixture site at `site/`, with a `.git` folder and a
/// fake home folder at `home/editor/`.
struct Area {
    dir: tempfile::TempDir,
}

impl Area {
    fn new() -> Area {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_tree(
            &repo().join("tests/fixtures/basic/content"),
            &site.join("content"),
        );
        for shared in ["themes", "handbook"] {
            copy_tree(&repo().join(shared), &site.join(shared));
        }
        std::fs::create_dir_all(site.join(".git")).unwrap();
        std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        let home = dir.path().join("home/editor");
        std::fs::create_dir_all(home.join("Documents")).unwrap();
        std::fs::write(home.join("Documents/bao-cao.txt"), "Báo cáo quý").unwrap();
        Area { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.path().join("site")
    }

    fn home(&self) -> PathBuf {
        self.path().join("home/editor")
    }

    /// Runs `cnht` in `cwd` with the fake home folder, messages in English.
    fn cnht(&self, cwd: &Path, args: &[&str]) -> Output {
        let mut args = args.to_vec();
        args.extend(["--lang", "en"]);
        self.run(cwd, &args)
    }

    /// Runs `cnht` in `cwd` with the fake home folder, as an editor does (the site's
    /// language: Vietnamese).
    fn run(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cnht"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env("HOME", self.home())
            .output()
            .unwrap()
    }

    /// `cnht build --no-handbook --root <site> --out <out>`.
    fn build_args<'a>(&self, site: &'a Path, out: &'a Path) -> Vec<&'a str> {
        vec![
            "build",
            "--no-handbook",
            "--root",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]
    }

    /// `cnht build --no-handbook --root <site> --out <out>` plus `extra`, in English.
    fn build(&self, out: &Path, extra: &[&str]) -> Output {
        let site = self.site();
        let mut args = self.build_args(&site, out);
        args.extend_from_slice(extra);
        self.cnht(self.path(), &args)
    }

    /// The same build as an editor runs it: messages in Vietnamese.
    fn build_as_editor(&self, out: &Path) -> Output {
        let site = self.site();
        let args = self.build_args(&site, out);
        self.run(self.path(), &args)
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `.cnht-staging-*` and `.cnht-old-*` entries of `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cnht-staging-") || n.starts_with(".cnht-old-"))
        .collect();
    names.sort();
    names
}

#[test]
fn forbidden_outputs_are_refused_before_any_work_and_nothing_changes() {
    let area = Area::new();
    let a = area.path().to_path_buf();
    let site = area.site();
    // A broken record: if the output were checked after the content, its error would show.
    std::fs::write(
        site.join("content/enterprises/hong.md"),
        "+++\nname = \"Hỏng\"\n+++\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&site, a.join("link-to-site")).unwrap();

    // (working folder, --out, what the message says)
    let mut cases: Vec<(PathBuf, String, &str)> = vec![
        (a.clone(), "/".into(), "root of the file system"),
        (
            a.clone(),
            a.display().to_string(),
            "contains the site folder",
        ),
        (
            a.clone(),
            site.display().to_string(),
            "the site folder itself",
        ),
        (site.clone(), ".".into(), "the site folder itself"),
        (site.join("content"), "..".into(), "the site folder itself"),
        (site.clone(), "public/..".into(), "the site folder itself"),
        (site.clone(), "content".into(), "part of the site's sources"),
        (
            a.clone(),
            site.join("content/enterprises").display().to_string(),
            "part of the site's sources",
        ),
        (
            a.clone(),
            site.join("content/moi/thu-muc").display().to_string(),
            "part of the site's sources",
        ),
        (
            a.clone(),
            "site/themes".into(),
            "part of the site's sources",
        ),
        (
            a.clone(),
            site.join("themes/cnht/static").display().to_string(),
            "part of the site's sources",
        ),
        (
            a.clone(),
            "site/handbook".into(),
            "part of the site's sources",
        ),
        (
            site.clone(),
            "handbook/fonts".into(),
            "part of the site's sources",
        ),
        (site.clone(), ".git".into(), "part of the site's sources"),
        (
            a.clone(),
            area.home().display().to_string(),
            "your home folder",
        ),
        (
            a.clone(),
            a.join("home").display().to_string(),
            "contains your home folder",
        ),
    ];
    #[cfg(unix)]
    {
        cases.push((a.clone(), "link-to-site".into(), "the site folder itself"));
        cases.push((
            a.clone(),
            "link-to-site/content/../themes".into(),
            "part of the site's sources",
        ));
    }

    let before = tree(&a);
    let hash = digest(&before);
    for (cwd, out, why) in &cases {
        for force in [false, true] {
            for command in ["build", "handbook"] {
                let mut args = vec![command, "--root", site.to_str().unwrap(), "--out", out];
                if force {
                    args.push("--force");
                }
                let started = Instant::now();
                let run = area.cnht(cwd, &args);
                let err = stderr(&run);
                let what = format!("`cnht {}` in {}", args.join(" "), cwd.display());
                assert_eq!(run.status.code(), Some(1), "{what}:\n{err}");
                assert!(err.contains("cnht never publishes into"), "{what}:\n{err}");
                assert!(err.contains(why), "{what}: expected `{why}`:\n{err}");
                assert!(
                    err.contains("--force does not change this"),
                    "{what}:\n{err}"
                );
                assert!(err.contains("Nothing was published"), "{what}:\n{err}");
                // Refused before the content was even read.
                assert!(
                    !err.contains("hong.md"),
                    "{what}: content was loaded:\n{err}"
                );
                assert!(started.elapsed() < Duration::from_secs(20), "{what}: slow");
                let after = tree(&a);
                assert_eq!(
                    digest(&after),
                    hash,
                    "{what} changed files:\n{}",
                    difference(&before, &after).join("\n")
                );
            }
        }
    }
}

#[test]
fn an_unrelated_folder_is_refused_without_force_and_kept_intact() {
    let area = Area::new();
    let docs = area.path().join("Documents");
    std::fs::create_dir_all(docs.join("hop-dong")).unwrap();
    std::fs::write(docs.join("ke-hoach.docx"), "kế hoạch").unwrap();
    std::fs::write(docs.join("hop-dong/2020.pdf"), "%PDF").unwrap();
    let before = tree(area.path());

    let run = area.build(&docs, &[]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("cnht will not replace"), "{err}");
    assert!(
        err.contains(&docs.display().to_string()),
        "names the folder:\n{err}"
    );
    assert!(err.contains("2 entries"), "{err}");
    assert!(
        err.contains("run again with --force"),
        "says the way out:\n{err}"
    );
    assert!(!String::from_utf8_lossy(&run.stdout).contains("Published"));
    let after = tree(area.path());
    assert_eq!(
        digest(&after),
        digest(&before),
        "{}",
        difference(&before, &after).join("\n")
    );

    // A relative --out names the real folder too.
    let run = area.cnht(
        area.path(),
        &[
            "build",
            "--no-handbook",
            "--root",
            "site",
            "--out",
            "site/../Documents",
        ],
    );
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{} (given as site/../Documents)",
            docs.canonicalize().unwrap().display()
        )),
        "{err}"
    );
    assert_eq!(digest(&tree(area.path())), digest(&before));

    // An editor reads the refusal, its way out and the last line in Vietnamese.
    let run = area.build_as_editor(&docs);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "lỗi: cnht sẽ không thay thế {}: thư mục này chứa tệp không do cnht ghi (2 mục,",
            docs.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("chạy lại với --force để xoá mọi thứ trong"),
        "{err}"
    );
    assert!(
        err.contains(&format!(" = trong thư mục {}\n", docs.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "Chưa xuất bản gì: {} vẫn giữ nguyên.",
            docs.display()
        )),
        "{err}"
    );
    assert!(!err.contains("will not replace") && !err.contains("Nothing was published"));
    assert_eq!(digest(&tree(area.path())), digest(&before));
}

#[test]
fn force_replaces_an_unrelated_folder_after_a_warning() {
    let area = Area::new();
    let docs = area.path().join("Documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("ke-hoach.docx"), "kế hoạch").unwrap();
    std::fs::write(docs.join("ghi-chu.txt"), "ghi chú").unwrap();

    let run = area.build(&docs, &["--force"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("warning: --force:"), "{err}");
    assert!(err.contains(&docs.display().to_string()), "{err}");
    assert!(err.contains("2 entries that cnht did not write"), "{err}");
    assert!(err.contains("deleted"), "{err}");
    assert!(!docs.join("ke-hoach.docx").exists());
    assert!(docs.join("index.html").is_file());
    assert_eq!(read(&docs, MARKER), MARKER_TEXT);
    assert!(
        leftovers(area.path()).is_empty(),
        "{:?}",
        leftovers(area.path())
    );

    // Now it is cnht's: the next build needs no --force and says no warning.
    let run = area.build(&docs, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("warning: --force"));
    assert!(
        String::from_utf8_lossy(&run.stdout)
            .contains(&format!("Published to {} in ", docs.display())),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );

    // As an editor runs it, the status lines are Vietnamese.
    let run = area.build_as_editor(&docs);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(out.contains("Trang web: "), "{out}");
    assert!(
        out.contains(&format!("Đã xuất bản vào {} trong ", docs.display())),
        "{out}"
    );
    assert!(
        !out.contains("Published") && !out.contains("Website:"),
        "{out}"
    );
}

#[test]
fn publications_carry_the_marker_and_only_they_empty_or_new_folders_are_replaced() {
    let area = Area::new();
    let site = area.site();
    let public = site.join("public");
    let run = area.cnht(&site, &["build", "--no-handbook"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(read(&public, MARKER), MARKER_TEXT);
    // The marker is the same in every build (builds stay byte-identical) and served as a plain
    // file that says what the folder is.
    std::fs::write(public.join("them-tay.html"), "added by hand").unwrap();
    let run = area.cnht(&site, &["build", "--no-handbook"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !public.join("them-tay.html").exists(),
        "the folder is replaced as a whole"
    );
    assert_eq!(read(&public, MARKER), MARKER_TEXT);

    // An empty folder is used as it is.
    let empty = area.path().join("trong");
    std::fs::create_dir_all(&empty).unwrap();
    let run = area.build(&empty, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(empty.join("index.html").is_file());

    // A marker that is a link, or a file with other text, is not the marker.
    let fake = area.path().join("gia");
    std::fs::create_dir_all(&fake).unwrap();
    std::fs::write(fake.join(MARKER), "not cnht").unwrap();
    let run = area.build(&fake, &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(read(&fake, MARKER), "not cnht");
    #[cfg(unix)]
    {
        let linked = area.path().join("lien-ket");
        std::fs::create_dir_all(&linked).unwrap();
        std::os::unix::fs::symlink(public.join(MARKER), linked.join(MARKER)).unwrap();
        let run = area.build(&linked, &[]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    }

    // A file is never replaced, not even with --force.
    let file = area.path().join("mot-tep.txt");
    std::fs::write(&file, "giữ nguyên").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let run = area.build(&file, extra);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains("is a file, not a folder"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "giữ nguyên");
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_publishes_where_it_points_and_stays_a_link() {
    let area = Area::new();
    let www = area.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let public = area.site().join("public");
    std::os::unix::fs::symlink(&www, &public).unwrap();
    for _ in 0..2 {
        let run = area.cnht(&area.site(), &["build", "--no-handbook"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(std::fs::symlink_metadata(&public).unwrap().is_symlink());
        assert!(www.join("index.html").is_file());
        assert!(www.join(MARKER).is_file());
    }
    assert!(leftovers(area.path()).is_empty());
}

/// A folder named like a leftover, with the marker or not.
fn leftover(dir: &Path, name: &str, marker: bool) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.join("doanh-nghiep")).unwrap();
    std::fs::write(p.join("index.html"), "an older build").unwrap();
    std::fs::write(p.join("doanh-nghiep/x.html"), "a page").unwrap();
    if marker {
        std::fs::write(p.join(MARKER), MARKER_TEXT).unwrap();
    }
    p
}

#[test]
fn leftovers_of_interrupted_builds_are_removed_but_not_foreign_or_running_ones() {
    let area = Area::new();
    let site = area.site();
    leftover(&site, ".cnht-staging-a1b2c3", true);
    leftover(&site, ".cnht-old-2214", true);
    let foreign = leftover(&site, ".cnht-old-123", false);
    let running = leftover(&site, ".cnht-staging-dang-chay", true);
    // A build still running holds the lock on its staging folder's marker.
    let lock = std::fs::File::open(running.join(MARKER)).unwrap();
    lock.try_lock().unwrap();
    #[cfg(unix)]
    {
        // A link named like a leftover, to a folder with the marker: neither followed nor removed.
        let target = leftover(area.path(), "elsewhere", true);
        std::os::unix::fs::symlink(&target, site.join(".cnht-staging-link")).unwrap();
    }
    let kept_before: Vec<_> = [&foreign, &running].iter().map(|p| tree(p)).collect();

    let run = area.cnht(&site, &["build", "--no-handbook"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains(
            "removed 2 folders left by an interrupted build: .cnht-old-2214, .cnht-staging-a1b2c3"
        ),
        "{err}"
    );
    let mut expected = vec![".cnht-old-123", ".cnht-staging-dang-chay"];
    if cfg!(unix) {
        expected.push(".cnht-staging-link");
        assert!(area.path().join("elsewhere/index.html").is_file());
    }
    assert_eq!(leftovers(&site), expected);
    let kept_after: Vec<_> = [&foreign, &running].iter().map(|p| tree(p)).collect();
    assert_eq!(
        kept_before, kept_after,
        "foreign and running folders are untouched"
    );
    drop(lock);

    // Once its build is gone, the next build removes it too.
    let run = area.cnht(&site, &["build", "--no-handbook"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains(".cnht-staging-dang-chay"));
    assert!(!running.exists());
    assert!(foreign.join("index.html").is_file());
}

#[test]
fn builds_killed_at_any_moment_leave_public_whole_and_the_next_build_cleans_up() {
    let area = Area::new();
    let site = area.site();
    let public = site.join("public");
    let foreign = leftover(&site, ".cnht-old-123", false);
    let started = Instant::now();
    let run = area.cnht(&site, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let full = started.elapsed();
    let published = tree(&public);

    let mut left = 0;
    for fraction in [0.2, 0.4, 0.6, 0.8, 0.95] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cnht"))
            .args(["build"])
            .current_dir(&site)
            .env("HOME", area.home())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let _ = child.wait();
        // Killed or finished: public/ is a whole publication either way.
        assert!(cnht::publish::has_marker(&public));
        assert!(public.join("index.html").is_file());
        assert!(public.join("cam-nang").is_dir());
        left = left.max(leftovers(&site).len());
    }
    eprintln!("at most {left} leftover folders after the killed builds");

    let run = area.cnht(&site, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(leftovers(&site), vec![".cnht-old-123"]);
    assert!(foreign.join("index.html").is_file());
    // Same content, same publication.
    assert_eq!(tree(&public).len(), published.len());
}

/// Publishes `n` builds into `out` (each an `index.html` naming its number) while a thread
/// checks without pause that `out/index.html` exists; returns the swaps and how often the
/// watcher found nothing.
fn publish_watched(root: &Path, out: &Path, n: usize, exchange: bool) -> (Vec<Swap>, usize, usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let looks = Arc::new(AtomicUsize::new(0));
    let first = check_output(root, out, false).unwrap();
    let staging = Staging::new(&first).unwrap();
    std::fs::write(staging.path().join("index.html"), "0").unwrap();
    staging.publish_with(&first, exchange).unwrap();
    let watcher = {
        let (stop, missing, looks) = (stop.clone(), missing.clone(), looks.clone());
        let page = out.join("index.html");
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !page.exists() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let mut swaps = Vec::new();
    for i in 1..=n {
        let folder = check_output(root, out, false).unwrap();
        assert_eq!(folder.state, OutputState::Written);
        let staging = Staging::new(&folder).unwrap();
        std::fs::write(staging.path().join("index.html"), i.to_string()).unwrap();
        for j in 0..20 {
            std::fs::write(staging.path().join(format!("{j}.html")), "x").unwrap();
        }
        swaps.push(staging.publish_with(&folder, exchange).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            i.to_string()
        );
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    (
        swaps,
        missing.load(Ordering::Relaxed),
        looks.load(Ordering::Relaxed),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn the_swap_is_one_exchange_and_public_never_disappears() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    let out = root.join("public");
    let (swaps, missing, looks) = publish_watched(&root, &out, 200, true);
    assert!(
        swaps.iter().all(|s| *s == Swap::Exchanged),
        "renameat2(RENAME_EXCHANGE) on this file system: {swaps:?}"
    );
    assert!(
        looks > 1000,
        "the watcher ran during the swaps ({looks} looks)"
    );
    assert_eq!(
        missing, 0,
        "public/ was missing {missing} times in {looks} looks"
    );
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
    assert_eq!(read(&out, MARKER), MARKER_TEXT);
}

#[test]
fn without_an_exchange_two_renames_publish_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    let out = root.join("public");
    let (swaps, _, _) = publish_watched(&root, &out, 20, false);
    assert!(swaps.iter().all(|s| *s == Swap::Renamed), "{swaps:?}");
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
    assert_eq!(read(&out, "index.html"), "20");
    assert_eq!(read(&out, MARKER), MARKER_TEXT);
}

#[test]
fn a_failed_staging_is_removed_and_the_publication_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    let out = root.join("public");
    publish_watched(&root, &out, 1, true);
    let folder = check_output(&root, &out, false).unwrap();
    let staging = Staging::new(&folder).unwrap();
    std::fs::write(staging.path().join("index.html"), "never published").unwrap();
    assert_eq!(leftovers(&root).len(), 1);
    drop(staging);
    assert!(leftovers(&root).is_empty());
    assert_eq!(read(&out, "index.html"), "1");
}

/// `times` successful website builds of `site`, one after the other.
fn builds(area: &Area, site: &Path, times: usize) {
    for _ in 0..times {
        let run = area.cnht(site, &["build", "--no-handbook"]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
}

#[test]
fn a_spare_without_the_marker_or_behind_a_link_is_never_used_nor_touched() {
    let area = Area::new();
    let site = area.site();
    let spare = site.join(".cnht-spare-public");
    // Someone's folder under the spare's name, without the marker.
    let foreign = leftover(&site, ".cnht-spare-public", false);
    let before = tree(&foreign);
    builds(&area, &site, 3);
    assert_eq!(tree(&spare), before, "a foreign folder is not a spare");
    std::fs::remove_dir_all(&spare).unwrap();

    #[cfg(unix)]
    {
        // A link under the spare's name, to a folder that carries the marker: neither followed
        // (swept) nor replaced.
        let target = leftover(area.path(), "elsewhere", true);
        let outside = tree(&target);
        std::os::unix::fs::symlink(&target, &spare).unwrap();
        builds(&area, &site, 2);
        assert_eq!(
            tree(&target),
            outside,
            "the folder behind the link is untouched"
        );
        assert!(std::fs::symlink_metadata(&spare).unwrap().is_symlink());
        std::fs::remove_file(&spare).unwrap();
    }

    // With no spare, two builds make one: the publication replaced, with the marker.
    builds(&area, &site, 2);
    assert!(spare.join(MARKER).is_file() && spare.join("index.html").is_file());
    assert!(leftovers(&site).is_empty());
}
