//! Logos for print: each enterprise's logo read once, checked for resolution at the size it is
//! printed, flattened onto white (the print PDF has no transparency) and handed to Typst as a
//! virtual file.

use crate::diagnostics::Diagnostic;
use crate::messages::handbook as said;
use crate::messages::print::Print;
use serde::Serialize;
use std::path::Path;

/// Width of the space a logo may take in a directory entry, in millimetres.
pub const LOGO_MAX_WIDTH_MM: f64 = 30.0;
/// Height of the space a logo may take in a directory entry, in millimetres.
pub const LOGO_MAX_HEIGHT_MM: f64 = 16.0;
/// Resolution a logo needs at its printed size.
pub const MIN_DPI: f64 = 300.0;

/// A logo as a virtual file and the size it is printed at.
#[derive(Debug, Serialize)]
pub struct LogoView {
    pub path: String,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// Reads a logo, checks its resolution at the size it is printed and returns it as an opaque PNG
/// (alpha flattened onto white: the print PDF has no transparency). SVG logos are passed through.
/// Also returns the resolution at the printed size (none for SVG).
pub(super) fn logo(
    path: &Path,
    rel: &Path,
    slug: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(LogoView, Vec<u8>, Option<f64>)> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Diagnostic::warned(
                rel,
                said::logo_unreadable(e, Print::Handbook),
            ));
            return None;
        }
    };
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        // Vector: no resolution to check; printed in the logo box at a 2:1 aspect as a fallback.
        let (w, h) = svg_size(&bytes).unwrap_or((2.0, 1.0));
        let (width_mm, height_mm) = print_size(w, h);
        return Some((
            LogoView {
                path: format!("/data/logos/{slug}.svg"),
                width_mm,
                height_mm,
            },
            bytes,
            None,
        ));
    }
    let img = match image::load_from_memory(&bytes) {
        Ok(img) => img,
        Err(e) => {
            warnings.push(Diagnostic::warned(
                rel,
                said::logo_not_an_image(Some(&e), Print::Handbook),
            ));
            return None;
        }
    };
    let (px_w, px_h) = (img.width(), img.height());
    if px_w == 0 || px_h == 0 {
        return None;
    }
    let (width_mm, height_mm) = print_size(px_w as f64, px_h as f64);
    let dpi = px_w as f64 / (width_mm / 25.4);
    if dpi + 0.5 < MIN_DPI {
        let need_w = (MIN_DPI * width_mm / 25.4).ceil() as u32;
        let need_h = (MIN_DPI * height_mm / 25.4).ceil() as u32;
        warnings.push(Diagnostic::warned(
            rel,
            said::logo_too_small(said::LogoSize {
                px: (px_w, px_h),
                mm: (width_mm, height_mm),
                dpi,
                min_dpi: MIN_DPI,
                needed: (need_w, need_h),
            }),
        ));
    }
    // Flatten onto white and re-encode: one format for Typst, no soft mask in the PDF.
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(px_w, px_h);
    for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    let mut png = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut png);
    if let Err(e) = image::ImageEncoder::write_image(
        encoder,
        rgb.as_raw(),
        px_w,
        px_h,
        image::ExtendedColorType::Rgb8,
    ) {
        warnings.push(Diagnostic::warned(rel, said::logo_unprepared(e)));
        return None;
    }
    Some((
        LogoView {
            path: format!("/data/logos/{slug}.png"),
            width_mm,
            height_mm,
        },
        png,
        Some(dpi),
    ))
}

/// The size a `w` × `h` logo is printed at: as large as fits the logo box, aspect kept.
pub fn print_size(w: f64, h: f64) -> (f64, f64) {
    let scale = (LOGO_MAX_WIDTH_MM / w).min(LOGO_MAX_HEIGHT_MM / h);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    (round(w * scale), round(h * scale))
}

/// Width and height of an SVG from its `viewBox` or `width`/`height` attributes.
fn svg_size(bytes: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[i..i + tag[i..].find('"')?])
    };
    if let Some(vb) = attr("viewBox") {
        let n: Vec<f64> = vb
            .split([' ', ','])
            .filter_map(|x| x.parse().ok())
            .collect();
        if n.len() == 4 && n[2] > 0.0 && n[3] > 0.0 {
            return Some((n[2], n[3]));
        }
    }
    let num = |s: &str| {
        s.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<f64>()
            .ok()
    };
    Some((num(attr("width")?)?, num(attr("height")?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_fit_the_box() {
        assert_eq!(print_size(800.0, 800.0), (16.0, 16.0));
        assert_eq!(print_size(1200.0, 300.0), (30.0, 7.5));
    }
}
