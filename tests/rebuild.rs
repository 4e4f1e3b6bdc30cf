//! Rebuilds that redo only what changed (issue 16): a rebuild takes unchanged pages from the
//! publication it replaces (`site::memo`) and unchanged search shards from `.cache/search/`, and
//! its output is byte for byte what a fresh build of the same content writes, compressed
//! siblings included.

mod common;
use common::*;
use std::path::Path;

/// `cnht build --no-handbook` of `root` into `out`, with compressed siblings: (pages, pages
/// reused, search shards taken from the cache).
fn build(root: &Path, out: &Path) -> (usize, usize, usize) {
    let mut opts = cnht::BuildOptions::new(root);
    opts.out = out.to_path_buf();
    opts.handbook = false;
    match cnht::build(&opts) {
        Ok(s) => {
            let site = s.site.expect("the website was built");
            (site.pages, site.pages_reused, site.search_shards_reused)
        }
        Err(report) => panic!("build failed:\n{}", report.render(false)),
    }
}

/// Every page file (what the renderer writes: HTML, feeds, sitemap, cards) under `out`.
fn page_files(out: &Path) -> usize {
    snapshot(out)
        .iter()
        .filter(|(p, _)| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            ["html", "xml", "txt"].contains(&ext)
        })
        .count()
}

#[test]
fn rebuilds_reuse_what_did_not_change_and_equal_a_fresh_build() {
    let site = site(&["basic"]);
    let root = site.path();
    let public = root.join("public");
    let (pages, reused, shards) = build(root, &public);
    assert_eq!((reused, shards), (0, 0), "a first build renders everything");
    assert!(pages > 20, "{pages} pages");
    let first = snapshot(&public);

    // Nothing changed: every page comes from the previous publication, the index from the
    // cache, and the output is the same to the byte.
    let (_, reused, shards) = build(root, &public);
    assert!(reused >= pages, "{reused} of {pages} pages reused");
    assert_eq!(shards, 1);
    assert!(
        snapshot(&public) == first,
        "a rebuild of the same content differs"
    );

    // One enterprise edited: its pages (and the listings, the sitemap, … that show it) are
    // rendered again, the rest reused.
    edit_an_phat(root);
    let (_, reused, shards) = build(root, &public);
    assert!(
        reused > 0 && reused < pages,
        "{reused} of {pages} pages reused"
    );
    assert_eq!(shards, 0, "the one shard holds the edited enterprise");
    let rebuilt = snapshot(&public);
    assert!(rebuilt != first, "the edit reached the output");
    let page = read(&public, "doanh-nghiep/an-phat/index.html");
    assert!(page.contains("Chi tiết dập kim loại chính xác"));

    // A fresh build of the same content, elsewhere, with no cache and no previous publication.
    let fresh = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "handbook"] {
        if root.join(part).is_dir() {
            copy_tree(&root.join(part), &fresh.path().join(part));
        }
    }
    let fresh_public = fresh.path().join("public");
    let (fresh_pages, reused, _) = build(fresh.path(), &fresh_public);
    assert_eq!(reused, 0);
    assert_eq!(fresh_pages, pages);
    let fresh_files = snapshot(&fresh_public);
    assert_eq!(
        rebuilt.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        fresh_files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "the same files"
    );
    for ((path, a), (_, b)) in rebuilt.iter().zip(&fresh_files) {
        assert!(a == b, "{} differs from a fresh build", path.display());
    }
    assert!(page_files(&public) >= pages);
}

#[test]
fn a_published_page_changed_by_hand_is_rendered_again() {
    let site = site(&["basic"]);
    let root = site.path();
    let public = root.join("public");
    build(root, &public);
    // Every page file the renderer writes (pages, feeds, sitemap) is reused when nothing changed.
    let (_, all, _) = build(root, &public);
    let home = public.join("index.html");
    let original = std::fs::read(&home).unwrap();
    // Edited in place (same file, other bytes): the next build must not trust it.
    std::fs::write(&home, b"<!doctype html><p>edited by hand</p>").unwrap();
    let (_, reused, _) = build(root, &public);
    assert_eq!(reused, all - 1, "every page but the one edited by hand");
    assert_eq!(
        std::fs::read(&home).unwrap(),
        original,
        "the page is rendered again"
    );
    // The manifest lost or damaged: every page is rendered, nothing breaks.
    for entry in std::fs::read_dir(root.join(".cache/pages"))
        .unwrap()
        .flatten()
    {
        std::fs::write(entry.path(), b"damaged\tmanifest\n").unwrap();
    }
    let (pages, reused, _) = build(root, &public);
    assert_eq!(reused, 0, "of {pages}");
    assert_eq!(std::fs::read(&home).unwrap(), original);
}

/// `cnht build --no-handbook` of `root` into `out` as on `today`: pages reused.
fn build_on(root: &Path, out: &Path, today: &str) -> usize {
    let mut opts = cnht::BuildOptions::new(root);
    opts.out = out.to_path_buf();
    opts.handbook = false;
    opts.today = Some(today.parse().unwrap());
    match cnht::build(&opts) {
        Ok(s) => s.site.expect("the website was built").pages_reused,
        Err(report) => panic!("build failed:\n{}", report.render(false)),
    }
}

/// What a fresh build of `root`'s content writes on `today` (elsewhere, no cache, no previous
/// publication).
fn fresh_build(root: &Path, today: &str) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let fresh = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "handbook"] {
        if root.join(part).is_dir() {
            copy_tree(&root.join(part), &fresh.path().join(part));
        }
    }
    let out = fresh.path().join("public");
    assert_eq!(build_on(fresh.path(), &out, today), 0);
    snapshot(&out)
}

fn replace_in(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} still has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// An enterprise page is reused without filling its context when its record and what all pages
/// share are unchanged (`Job::inputs`, `memo::world`). Every other input it shows must still
/// reach it: after each kind of edit below the rebuild equals a fresh build, byte for byte.
#[test]
fn enterprise_pages_follow_every_input_they_show() {
    let site = site(&["basic"]);
    let root = site.path();
    let public = root.join("public");
    let page = "doanh-nghiep/an-phat/index.html";
    build_on(root, &public, "2020-01-15");
    let pages = build_on(root, &public, "2020-01-15");
    assert!(
        pages > 20,
        "a rebuild with nothing changed reuses the pages: {pages}"
    );
    let before = read(&public, page);
    assert!(!before.contains("cert__expired"));

    type Edit = fn(&Path);
    let edits: [(&str, &str, Edit, &str); 6] = [
        // The build's today passes the IATF certificate's expiry (2020-01-31).
        ("the date", "2020-02-15", |_| {}, "cert__expired"),
        (
            "a process's name",
            "2020-02-15",
            |r| {
                replace_in(
                    r,
                    "content/data/processes.toml",
                    "name = \"Dập kim loại\"",
                    "name = \"Dập kim loại tấm\"",
                )
            },
            "Dập kim loại tấm",
        ),
        (
            "a district's name",
            "2020-02-15",
            |r| {
                replace_in(
                    r,
                    "content/data/districts.toml",
                    "name = \"Đông Anh\"",
                    "name = \"Đông Anh Mới\"",
                )
            },
            "Đông Anh Mới",
        ),
        (
            "a sector's name",
            "2020-02-15",
            |r| {
                replace_in(
                    r,
                    "content/site.toml",
                    "name = \"Linh kiện, phụ tùng\"",
                    "name = \"Linh kiện và phụ tùng\"",
                )
            },
            "Linh kiện và phụ tùng",
        ),
        (
            "the site's address",
            "2020-02-15",
            |r| {
                replace_in(
                    r,
                    "content/site.toml",
                    "https://example.test",
                    "https://cnht.example.test",
                )
            },
            "https://cnht.example.test/doanh-nghiep/an-phat/",
        ),
        (
            "the logo",
            "2020-02-15",
            |r| {
                let logo = r.join("content/enterprises/an-phat/logo.png");
                let img = image::RgbaImage::from_pixel(37, 23, image::Rgba([200, 30, 30, 255]));
                img.save(&logo).unwrap();
            },
            "",
        ),
    ];
    for (what, today, edit, shown) in edits {
        let earlier = read(&public, page);
        edit(root);
        build_on(root, &public, today);
        let rebuilt = snapshot(&public);
        let fresh = fresh_build(root, today);
        assert_eq!(
            rebuilt.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            fresh.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            "after {what}: the same files"
        );
        for ((path, a), (_, b)) in rebuilt.iter().zip(&fresh) {
            assert!(
                a == b,
                "after {what}: {} differs from a fresh build",
                path.display()
            );
        }
        let now = read(&public, page);
        assert_ne!(now, earlier, "after {what}: the page changed");
        assert!(
            now.contains(shown),
            "after {what}: the page shows {shown:?}"
        );
    }
}

/// Every folder and file under `dir`, relative, sorted (folders end with `/`).
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            if e.file_type().is_dir() {
                format!("{rel}/")
            } else {
                rel
            }
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
#[cfg(unix)]
fn a_rebuild_in_the_spare_leaves_the_live_publication_alone_and_equals_a_fresh_build() {
    let site = site(&["basic"]);
    let root = site.path();
    let public = root.join("public");
    let spare = root.join(".cnht-spare-public");
    build(root, &public);
    assert!(!spare.exists(), "a first build replaces nothing");
    edit_an_phat(root);
    build(root, &public);
    assert!(
        spare.is_dir(),
        "the replaced publication is kept as the spare"
    );
    let live = snapshot(&public);
    let live_entries = entries(&public);
    let spare_inode = inode(&spare);

    // An enterprise removed (its folders must go), one edited, the stylesheet changed (every
    // page's asset address changes), and a file left in the spare by hand.
    std::fs::remove_file(root.join("content/enterprises/det-ung-hoa.md")).unwrap();
    replace_in(
        root,
        "content/enterprises/dien-tu-duong.md",
        "products = [\"Bảng mạch in\"",
        "products = [\"Bảng mạch in\", \"Mạch in hai lớp\"",
    );
    let css = root.join("themes/cnht/static/css/site.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n/* rebuilt */\n");
    std::fs::write(&css, text).unwrap();
    std::fs::write(spare.join("left-by-hand.txt"), "x").unwrap();
    build(root, &public);

    assert_eq!(
        inode(&public),
        spare_inode,
        "the build rendered into the spare"
    );
    assert!(
        snapshot(&spare) == live && entries(&spare) == live_entries,
        "the publication live while the build ran is unchanged (now the spare)"
    );
    assert!(!public.join("left-by-hand.txt").exists());
    assert!(!public.join("doanh-nghiep/det-ung-hoa").exists());

    let fresh = tempfile::tempdir().unwrap();
    for part in ["content", "themes", "handbook"] {
        if root.join(part).is_dir() {
            copy_tree(&root.join(part), &fresh.path().join(part));
        }
    }
    let fresh_public = fresh.path().join("public");
    build(fresh.path(), &fresh_public);
    assert_eq!(
        entries(&public),
        entries(&fresh_public),
        "the same files and folders"
    );
    for ((path, a), (_, b)) in snapshot(&public).iter().zip(&snapshot(&fresh_public)) {
        assert!(a == b, "{} differs from a fresh build", path.display());
    }
}

/// Links in the theme are not followed by the theme's hash, as the templates and static files
/// are read without them: a link out of the site is not read, and a loop of links does not stop
/// the pages of the previous publication from being reused.
#[cfg(unix)]
#[test]
fn links_in_the_theme_neither_leave_the_site_nor_stop_reuse() {
    use std::os::unix::fs::symlink;
    let site = site(&["basic"]);
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("base.html"), "{{ x }}").unwrap();
    symlink(outside.path(), root.join("themes/cnht/ngoai")).unwrap();
    symlink(".", root.join("themes/cnht/vong")).unwrap();
    let public = root.join("public");
    let (pages, _, _) = build(root, &public);
    let (_, reused, _) = build(root, &public);
    assert!(reused >= pages, "{reused} of {pages} pages reused");
    // What lies behind the link out of the site is not part of the theme.
    std::fs::write(outside.path().join("base.html"), "{{ y }}").unwrap();
    let (_, reused, _) = build(root, &public);
    assert!(reused >= pages, "{reused} of {pages} pages reused");
}
