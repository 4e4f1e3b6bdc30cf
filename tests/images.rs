//! Responsive images: logos and article images are resized (never enlarged), written as WebP and
//! PNG/JPEG under content-hashed names, served with <picture>/srcset, cached between builds; a
//! corrupt or oversized image is an error naming the file and leaves public/ untouched.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn options(dir: &Path) -> cnht::BuildOptions {
    let mut opts = cnht::BuildOptions::new(dir);
    opts.handbook = false;
    opts.compress = false;
    opts
}

fn build(dir: &Path) -> cnht::BuildSummary {
    cnht::build(&options(dir)).unwrap_or_else(|r| panic!("build failed:\n{}", r.render(false)))
}

/// A photograph-like JPEG article image of `w` × `h` in a news bundle of the site.
fn add_news_image(dir: &Path, w: u32, h: u32) {
    let bundle = dir.join("content/news/anh-hoi-cho");
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(
        bundle.join("index.md"),
        "+++\ntitle = \"Ảnh hội chợ\"\ndate = 2020-10-29\nimage = \"anh.jpg\"\n+++\nẢnh khai mạc.\n",
    )
    .unwrap();
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x ^ y) & 0xff) as u8,
        ])
    });
    img.save(bundle.join("anh.jpg")).unwrap();
}

/// The URLs of a `srcset` attribute value.
fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .map(|c| c.split_whitespace().next().unwrap().to_owned())
        .collect()
}

/// Every `attr="…"` value in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    html.split(&format!(" {attr}=\""))
        .skip(1)
        .map(|p| p.split('"').next().unwrap().to_owned())
        .collect()
}

fn cache_files(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir.join(".cache/images"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn logos_are_resized_and_served_with_srcset() {
    let dir = site(&["basic"]);
    add_news_image(dir.path(), 1600, 900);
    let summary = build(dir.path());
    let public = dir.path().join("public");
    let page = read(&public, "doanh-nghiep/an-phat/index.html");
    assert!(page.contains("<picture>"), "{page}");
    let img = &page[page.find("<img class=\"profile__logo\"").expect("logo img")..];
    let img = &img[..img.find('>').unwrap()];
    for needle in [
        "srcset=\"",
        "sizes=\"",
        "width=\"600\"",
        "height=\"600\"",
        "loading=\"lazy\"",
        "decoding=\"async\"",
        "alt=\"Logo Công ty TNHH Ăn Phát\"",
    ] {
        assert!(img.contains(needle), "{needle} missing from {img}");
    }
    // The 600 px logo: 160, 320 and 600 (never enlarged to 640).
    let srcset = attr_values(img, "srcset").remove(0);
    let urls = srcset_urls(&srcset);
    assert_eq!(urls.len(), 3, "{srcset}");
    for (url, w) in urls.iter().zip([160u32, 320, 600]) {
        assert!(url.starts_with("/static/img/"), "{url}");
        assert!(url.ends_with(&format!("-{w}.png")), "{url}");
        let file = public.join(url.trim_start_matches('/'));
        let decoded = image::open(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!((decoded.width(), decoded.height()), (w, w), "{url}");
    }
    // Content-hashed names: the hash of the source file, the same for every width.
    let hash = |u: &str| {
        u.rsplit('/')
            .next()
            .unwrap()
            .split('-')
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(hash(&urls[0]).len() >= 12);
    assert!(urls.iter().all(|u| hash(u) == hash(&urls[0])));
    // Every file the WebP source lists exists, and WebP files are kept only when smaller.
    for value in attr_values(&page, "srcset") {
        for url in srcset_urls(&value) {
            assert!(public.join(url.trim_start_matches('/')).is_file(), "{url}");
        }
    }
    for entry in std::fs::read_dir(public.join("static/img"))
        .unwrap()
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "webp") {
            let webp = std::fs::metadata(&p).unwrap().len();
            let stem = p.file_stem().unwrap().to_str().unwrap();
            let fallback = ["png", "jpg"]
                .iter()
                .map(|x| p.with_file_name(format!("{stem}.{x}")))
                .find(|f| f.is_file())
                .expect("a fallback beside every WebP");
            assert!(
                webp < std::fs::metadata(&fallback).unwrap().len(),
                "{}",
                p.display()
            );
            image::open(&p).expect("the WebP decodes");
        }
    }
    // The English page uses the same files.
    let en = read(&public, "en/doanh-nghiep/an-phat/index.html");
    assert!(en.contains(&srcset));
    // The original stays available next to the page, for the handbook and downloads.
    assert!(public.join("doanh-nghiep/an-phat/logo.png").is_file());

    // The article image: a 1600 px JPEG photo in 320, 640 and 1280.
    let article = read(&public, "tin-tuc/anh-hoi-cho/index.html");
    let figure = &article[article
        .find("<figure class=\"article__image\"")
        .expect("figure")..];
    let img = &figure[figure.find("<img").expect("article img")..];
    let img = &img[..img.find('>').unwrap()];
    let urls = srcset_urls(&attr_values(img, "srcset")[0]);
    assert_eq!(urls.len(), 3);
    assert!(urls[2].ends_with("-1280.jpg"), "{urls:?}");
    let big = image::open(public.join(urls[2].trim_start_matches('/'))).unwrap();
    assert_eq!((big.width(), big.height()), (1280, 720));
    assert!(img.contains("width=\"1280\" height=\"720\""), "{img}");
    assert_eq!(summary.site.unwrap().images_reused, 0);
}

#[test]
fn second_build_reuses_the_cache() {
    let dir = site(&["basic"]);
    add_news_image(dir.path(), 800, 600);
    let first = build(dir.path()).site.unwrap();
    assert!(
        first.images_encoded >= 6,
        "logo and photo encoded: {first:?}"
    );
    assert_eq!(first.images_reused, 0);
    let cached = cache_files(dir.path());
    assert!(
        cached
            .iter()
            .any(|(p, _)| p.extension().is_some_and(|e| e == "png")),
        "{cached:?}"
    );
    let before = snapshot(&dir.path().join("public/static/img"));

    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = build(dir.path()).site.unwrap();
    assert_eq!(second.images_encoded, 0, "nothing re-encoded: {second:?}");
    assert_eq!(second.images_reused, first.images_encoded);
    assert_eq!(cache_files(dir.path()), cached, "cache files untouched");
    assert_eq!(
        snapshot(&dir.path().join("public/static/img")),
        before,
        "the same files are published"
    );

    // A changed image is processed again (and only that one).
    add_news_image(dir.path(), 640, 480);
    let third = build(dir.path()).site.unwrap();
    assert!(
        third.images_encoded > 0 && third.images_reused >= 3,
        "{third:?}"
    );
    let gitignore = std::fs::read_to_string(repo().join(".gitignore")).unwrap();
    assert!(
        gitignore.lines().any(|l| l.trim() == "/.cache"),
        "the cache is not committed"
    );
}

/// Builds once, breaks the logo with `damage`, builds again: the build fails with an error naming
/// the file and public/ is exactly as before. Returns the error report in English and in
/// Vietnamese, as an editor reads it.
fn failing_build(damage: impl Fn(&Path)) -> (String, String) {
    let dir = site(&["basic"]);
    build(dir.path());
    let public = dir.path().join("public");
    let before = snapshot(&public);
    let logo = dir.path().join("content/enterprises/an-phat/logo.png");
    damage(&logo);
    let (report, vi) = match cnht::build(&options(dir.path())) {
        Ok(_) => panic!("the build should fail"),
        Err(r) => (
            r.render_in(false, cnht::messages::Lang::En),
            r.render_in(false, cnht::messages::Lang::Vi),
        ),
    };
    assert!(
        report.contains("content/enterprises/an-phat/logo.png"),
        "the error names the file:\n{report}"
    );
    assert!(
        vi.contains("content/enterprises/an-phat/logo.png"),
        "the error names the file:\n{vi}"
    );
    assert!(snapshot(&public) == before, "public/ was changed");
    (report, vi)
}

#[test]
fn a_corrupt_png_is_an_error_naming_the_file() {
    let (report, vi) = failing_build(|logo| std::fs::write(logo, b"not an image at all").unwrap());
    assert!(report.contains("damaged"), "{report}");
    assert!(
        vi.contains("lỗi: ảnh bị hỏng hoặc không phải tệp PNG, JPEG hay WebP: "),
        "{vi}"
    );
    assert!(
        vi.contains(
            "mở ảnh bằng một chương trình sửa ảnh, lưu lại dạng PNG hoặc JPEG rồi dựng lại"
        ),
        "{vi}"
    );
    assert!(!vi.contains("damaged"), "{vi}");
    // A real PNG header with its data cut off: only decoding finds it.
    let (report, _) = failing_build(|logo| {
        let data = std::fs::read(logo).unwrap();
        std::fs::write(logo, &data[..data.len() / 3]).unwrap();
    });
    assert!(report.contains("damaged"), "{report}");
}

/// A PNG signature and header chunk announcing `w` × `h` pixels, without image data.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(w.to_be_bytes());
    chunk.extend(h.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut push = |kind: &[u8], data: &[u8]| {
        let mut chunk = kind.to_vec();
        chunk.extend(data);
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
    };
    push(b"IHDR", &chunk[4..]);
    push(b"IDAT", &[0x78, 0x9c, 0x03, 0x00]);
    push(b"IEND", &[]);
    png
}

#[test]
fn oversized_images_are_errors_not_crashes() {
    let (report, vi) = failing_build(|logo| std::fs::write(logo, png_header(8000, 6000)).unwrap());
    assert!(report.contains("8000 × 6000"), "{report}");
    assert!(report.contains("megapixels"), "{report}");
    assert!(
        vi.contains("ảnh quá lớn cho trang web: 8000 × 6000 điểm ảnh (tối đa "),
        "{vi}"
    );
    let (report, vi) = failing_build(|logo| {
        let f = std::fs::File::create(logo).unwrap();
        f.set_len(21 * 1024 * 1024).unwrap();
    });
    assert!(report.contains("MB"), "{report}");
    assert!(
        vi.contains("ảnh quá lớn cho trang web: 21,0 MB (tối đa "),
        "{vi}"
    );
}

#[test]
fn webp_is_offered_when_it_is_smaller() {
    // A flat two-colour logo: lossless WebP beats PNG, so the page offers it in a <source>.
    let dir = site(&["basic"]);
    let img = image::RgbaImage::from_fn(400, 400, |x, _| {
        if x < 200 {
            image::Rgba([10, 58, 122, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    img.save(dir.path().join("content/enterprises/an-phat/logo.png"))
        .unwrap();
    build(dir.path());
    let public = dir.path().join("public");
    let page = read(&public, "doanh-nghiep/an-phat/index.html");
    let source = &page[page
        .find("<source type=\"image/webp\"")
        .unwrap_or_else(|| panic!("no WebP source:\n{page}"))..];
    let source = &source[..source.find('>').unwrap()];
    let urls = srcset_urls(&attr_values(source, "srcset")[0]);
    assert!(urls.iter().any(|u| u.ends_with(".webp")), "{urls:?}");
    for u in &urls {
        assert!(public.join(u.trim_start_matches('/')).is_file(), "{u}");
    }
    assert!(source.contains("sizes=\""));
}
