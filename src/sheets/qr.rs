//! The QR code that leads from a printed sheet to the enterprise's page, drawn as SVG by the
//! `qrcode` crate: vector, so it prints sharp at any size on any office printer, and a few
//! hundred bytes. (Typst's QR packages cannot be downloaded here, and a raster image would
//! need a resolution chosen for one printer.)

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `url` as an SVG document, dark modules on white with the standard quiet zone
/// of four modules. Error correction level M (15 %): a sheet folded or marked by a pen still
/// scans. `None` when the text is too long for any QR code (over 2,331 bytes at level M).
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .quiet_zone(true)
            .module_dimensions(4, 4)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_address_becomes_an_svg_qr_code() {
        let url = "https://example.test/en/doanh-nghiep/an-phat/";
        let s = svg(url).unwrap();
        assert!(s.contains("<svg") && s.contains("<path"));
        // The code holds the address: same modules as the crate's own encoding of it.
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let side = (code.width() + 8) * 4;
        assert!(s.contains(&format!("viewBox=\"0 0 {side} {side}\"")), "{s}");
        assert!(svg(&"x".repeat(5000)).is_none());
    }
}
