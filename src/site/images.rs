//! Responsive images for the website: every logo and article image is decoded once, resized to a
//! few widths (never enlarged), written as WebP (lossless) and as PNG or JPEG, under content-hashed
//! names in `/static/img/`. Results are cached in `<root>/.cache/images/`, keyed by the source's
//! content hash and the width, so an unchanged image is never encoded again.
//!
//! The print handbook uses the original files; nothing here touches them.

use crate::diagnostics::Diagnostic;
use crate::messages::files::{cannot, Cannot};
use crate::messages::render as said;
use crate::model::Model;
use image::{DynamicImage, ImageFormat, ImageReader};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Widths of a logo (shown at about 120 CSS pixels, so these cover 1× to 5× screens).
pub const LOGO_WIDTHS: &[u32] = &[160, 320, 640];
/// Widths of an article image (shown up to the text column, about 640 CSS pixels).
pub const ARTICLE_WIDTHS: &[u32] = &[320, 640, 1280];
/// Largest source file accepted, in bytes.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Largest source image accepted, in pixels.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Where processed images are published.
pub const URL_DIR: &str = crate::model::urls::IMAGES;
/// Version of the processing: changing it invalidates the cache.
const CACHE_VERSION: u32 = 1;

/// One width of a processed image.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The PNG or JPEG file.
    pub fallback: String,
    /// The WebP file, when it is smaller than the fallback.
    pub webp: Option<String>,
}

/// A processed image as the templates use it (`<picture>`).
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// Width of the largest variant (for the `width` attribute; the ratio is what matters).
    pub width: u32,
    /// Height of the largest variant.
    pub height: u32,
    /// The fallback of the middle width, for `src`.
    pub src: String,
    /// `srcset` of the PNG/JPEG files.
    pub srcset: String,
    /// `srcset` for `<source type="image/webp">`: per width the WebP file, or the fallback when
    /// WebP was larger. `None` when no width has a smaller WebP.
    pub webp_srcset: Option<String>,
    /// The largest fallback (PNG/JPEG), for OpenGraph and structured data.
    pub largest: String,
    /// MIME type of the fallback files.
    pub fallback_type: &'static str,
    /// Every width.
    pub variants: Vec<Variant>,
}

/// Every processed image of a build, by source file.
#[derive(Debug, Default)]
pub struct Images {
    /// Picture of each source file (absolute path).
    pub pictures: HashMap<PathBuf, Picture>,
    /// Variants encoded in this build.
    pub encoded: usize,
    /// Variants taken from the cache.
    pub reused: usize,
}

impl Images {
    /// The picture of `source`, if it was processed.
    pub fn get(&self, source: Option<&PathBuf>) -> Option<&Picture> {
        source.and_then(|p| self.pictures.get(p))
    }
}

/// What the cache keeps beside the files of one variant.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    width: u32,
    height: u32,
    fallback_ext: String,
    webp: bool,
}

/// Processes every logo and article image of `model` into `out/static/img/`, in parallel.
/// Any unreadable, corrupt or oversized image is an error naming the file.
pub fn process(model: &Model, out: &Path) -> Result<Images, Vec<Diagnostic>> {
    let mut sources: Vec<(PathBuf, &'static [u32])> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let logos = model.enterprises().iter().filter_map(|e| e.logo.clone());
    let art = model
        .news()
        .iter()
        .chain(model.market())
        .filter_map(|a| a.image.clone());
    for (p, widths) in logos
        .map(|p| (p, LOGO_WIDTHS))
        .chain(art.map(|p| (p, ARTICLE_WIDTHS)))
    {
        if seen.insert((p.clone(), widths.as_ptr() as usize)) {
            sources.push((p, widths));
        }
    }
    if sources.is_empty() {
        return Ok(Images::default());
    }
    let cache = model.root().join(".cache/images");
    let target = out.join(URL_DIR.trim_matches('/'));
    std::fs::create_dir_all(&target).map_err(|e| {
        vec![Diagnostic::said(&target, cannot(Cannot::CreateFolder, e)).on_folder()]
    })?;
    // The cache is an optimisation: when it cannot be created, images are processed every time.
    let cache = std::fs::create_dir_all(&cache).is_ok().then_some(cache);
    let encoded = AtomicUsize::new(0);
    let reused = AtomicUsize::new(0);
    let results: Vec<Result<(PathBuf, Picture), Diagnostic>> = sources
        .par_iter()
        .map(|(src, widths)| {
            let rel = src.strip_prefix(model.root()).unwrap_or(src);
            one(src, widths, cache.as_deref(), &target, &encoded, &reused)
                .map(|p| (src.clone(), p))
                .map_err(|e| e.into_diagnostic(rel))
        })
        .collect();
    let mut images = Images::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((p, pic)) => {
                images.pictures.insert(p, pic);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    images.encoded = encoded.into_inner();
    images.reused = reused.into_inner();
    Ok(images)
}

/// Why an image could not be processed.
enum Failure {
    TooLarge(u64),
    TooManyPixels(u32, u32),
    Unreadable(String),
    Corrupt(String),
    Write(PathBuf, std::io::Error),
}

impl Failure {
    fn into_diagnostic(self, file: &Path) -> Diagnostic {
        match self {
            Failure::TooLarge(n) => Diagnostic::said(
                file,
                said::image_too_heavy(n as f64 / 1_048_576.0, MAX_BYTES / 1_048_576),
            ),
            Failure::TooManyPixels(w, h) => Diagnostic::said(
                file,
                said::image_too_many_pixels(w, h, MAX_PIXELS / 1_000_000),
            ),
            Failure::Unreadable(e) => Diagnostic::said(file, cannot(Cannot::ReadImage, e)),
            Failure::Corrupt(e) => Diagnostic::said(file, said::image_damaged(e)),
            Failure::Write(p, e) => Diagnostic::said(p, cannot(Cannot::WriteImage, e)),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Processes one source: reuses every cached width, decodes and encodes only the missing ones.
fn one(
    src: &Path,
    widths: &[u32],
    cache: Option<&Path>,
    target: &Path,
    encoded: &AtomicUsize,
    reused: &AtomicUsize,
) -> Result<Picture, Failure> {
    let size = std::fs::metadata(src)
        .map_err(|e| Failure::Unreadable(e.to_string()))?
        .len();
    if size > MAX_BYTES {
        return Err(Failure::TooLarge(size));
    }
    let bytes = std::fs::read(src).map_err(|e| Failure::Unreadable(e.to_string()))?;
    let hash = hex(&Sha256::digest(&bytes)[..8]);
    let reader = || {
        ImageReader::new(Cursor::new(&bytes[..]))
            .with_guessed_format()
            .map_err(|e| Failure::Corrupt(e.to_string()))
    };
    let format = reader()?.format();
    let (ow, oh) = reader()?
        .into_dimensions()
        .map_err(|e| Failure::Corrupt(e.to_string()))?;
    if ow == 0 || oh == 0 {
        return Err(Failure::Corrupt("the image has no pixels".into()));
    }
    if u64::from(ow) * u64::from(oh) > MAX_PIXELS {
        return Err(Failure::TooManyPixels(ow, oh));
    }
    let mut ws: Vec<u32> = widths.iter().map(|&w| w.min(ow)).collect();
    ws.dedup();

    let mut decoded: Option<DynamicImage> = None;
    let mut variants = Vec::with_capacity(ws.len());
    for w in ws {
        let stem = format!("{hash}-{w}");
        if let Some(v) = cache.and_then(|c| from_cache(c, &stem, target)) {
            reused.fetch_add(1, Ordering::Relaxed);
            variants.push(v);
            continue;
        }
        if decoded.is_none() {
            let mut r = reader()?;
            r.limits(image::Limits::default());
            decoded = Some(r.decode().map_err(|e| Failure::Corrupt(e.to_string()))?);
        }
        let img = decoded.as_ref().expect("decoded above");
        let h = ((u64::from(oh) * u64::from(w) + u64::from(ow) / 2) / u64::from(ow)).max(1) as u32;
        let resized;
        let img = if w == ow {
            img
        } else {
            resized = img.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
            &resized
        };
        let (fallback, ext) = encode_fallback(img, format)?;
        let webp = encode_webp(img).filter(|b| b.len() < fallback.len());
        let manifest = Manifest {
            version: CACHE_VERSION,
            width: w,
            height: h,
            fallback_ext: ext.to_owned(),
            webp: webp.is_some(),
        };
        let write = |dir: &Path, name: String, data: &[u8]| {
            let p = dir.join(name);
            write_atomic(&p, data).map_err(|e| Failure::Write(p, e))
        };
        let publish = |name: String, data: &[u8]| {
            let p = target.join(name);
            crate::place::replace(&p, data).map_err(|e| Failure::Write(p, e))
        };
        publish(format!("{stem}.{ext}"), &fallback)?;
        if let Some(b) = &webp {
            publish(format!("{stem}.webp"), b)?;
        }
        if let Some(c) = cache {
            // Files first, manifest last: a manifest means its files are complete.
            let ok = write(c, format!("{stem}.{ext}"), &fallback).is_ok()
                && webp
                    .as_ref()
                    .is_none_or(|b| write(c, format!("{stem}.webp"), b).is_ok());
            if ok {
                let json = serde_json::to_vec(&manifest).expect("a manifest serialises");
                let _ = write(c, format!("{stem}.json"), &json);
            }
        }
        encoded.fetch_add(1, Ordering::Relaxed);
        variants.push(variant(&stem, &manifest));
    }
    let fallback_type = match variants.first().map(|v| v.fallback.rsplit('.').next()) {
        Some(Some("jpg")) => "image/jpeg",
        _ => "image/png",
    };
    Ok(picture(variants, fallback_type))
}

fn variant(stem: &str, m: &Manifest) -> Variant {
    Variant {
        width: m.width,
        height: m.height,
        fallback: format!("{URL_DIR}{stem}.{}", m.fallback_ext),
        webp: m.webp.then(|| format!("{URL_DIR}{stem}.webp")),
    }
}

/// The variant `stem` from the cache, copied into `target`; `None` when it is not cached.
fn from_cache(cache: &Path, stem: &str, target: &Path) -> Option<Variant> {
    let m: Manifest =
        serde_json::from_slice(&std::fs::read(cache.join(format!("{stem}.json"))).ok()?).ok()?;
    if m.version != CACHE_VERSION || !matches!(m.fallback_ext.as_str(), "png" | "jpg") {
        return None;
    }
    let mut names = vec![format!("{stem}.{}", m.fallback_ext)];
    if m.webp {
        names.push(format!("{stem}.webp"));
    }
    for n in &names {
        crate::place::link_or_copy(&cache.join(n), &target.join(n)).ok()?;
    }
    Some(variant(stem, &m))
}

fn picture(variants: Vec<Variant>, fallback_type: &'static str) -> Picture {
    let srcset = |f: &dyn Fn(&Variant) -> &str| {
        variants
            .iter()
            .map(|v| format!("{} {}w", f(v), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let largest = variants.last().expect("at least one width");
    let middle = &variants[variants.len() / 2];
    Picture {
        width: largest.width,
        height: largest.height,
        src: middle.fallback.clone(),
        srcset: srcset(&|v| &v.fallback),
        webp_srcset: variants
            .iter()
            .any(|v| v.webp.is_some())
            .then(|| srcset(&|v| v.webp.as_deref().unwrap_or(&v.fallback))),
        largest: largest.fallback.clone(),
        fallback_type,
        variants: variants.clone(),
    }
}

/// PNG for images with transparency or from PNG files, JPEG for photographs.
fn encode_fallback(
    img: &DynamicImage,
    format: Option<ImageFormat>,
) -> Result<(Vec<u8>, &'static str), Failure> {
    let alpha = img.color().has_alpha();
    let jpeg = !alpha && matches!(format, Some(ImageFormat::Jpeg) | Some(ImageFormat::WebP));
    let mut buf = Vec::new();
    let fail = |e: image::ImageError| Failure::Corrupt(e.to_string());
    if jpeg {
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, 85);
        DynamicImage::ImageRgb8(img.to_rgb8())
            .write_with_encoder(enc)
            .map_err(fail)?;
        Ok((buf, "jpg"))
    } else {
        let enc = image::codecs::png::PngEncoder::new_with_quality(
            &mut buf,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        );
        eight_bit(img).write_with_encoder(enc).map_err(fail)?;
        Ok((buf, "png"))
    }
}

/// Lossless WebP (the only kind the `image` crate writes); `None` if it cannot be encoded.
fn encode_webp(img: &DynamicImage) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut buf);
    eight_bit(img).write_with_encoder(enc).ok()?;
    Some(buf)
}

/// The image as 8-bit RGB or RGBA (what the PNG fallback and WebP encoders are given).
fn eight_bit(img: &DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => img.clone(),
        _ if img.color().has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
        _ => DynamicImage::ImageRgb8(img.to_rgb8()),
    }
}

/// Writes through a temporary file, so a reader never sees half a file (two sources with the
/// same content may write the same names at the same time).
fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let tmp = path.with_extension(format!(
        "tmp-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&tmp, data)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcsets_prefer_the_smaller_file() {
        let v = |w, webp: bool| Variant {
            width: w,
            height: w,
            fallback: format!("/static/img/h-{w}.png"),
            webp: webp.then(|| format!("/static/img/h-{w}.webp")),
        };
        let p = picture(vec![v(160, true), v(320, false), v(600, true)], "image/png");
        assert_eq!(p.src, "/static/img/h-320.png");
        assert_eq!(
            p.webp_srcset.as_deref(),
            Some("/static/img/h-160.webp 160w, /static/img/h-320.png 320w, /static/img/h-600.webp 600w")
        );
        assert_eq!(p.largest, "/static/img/h-600.png");
        let p = picture(vec![v(100, false)], "image/png");
        assert!(p.webp_srcset.is_none());
        assert_eq!(p.src, "/static/img/h-100.png");
    }
}
