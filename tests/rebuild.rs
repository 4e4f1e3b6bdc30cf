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
