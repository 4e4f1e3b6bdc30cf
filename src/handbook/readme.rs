//! The note for the print shop (`README-in-an.txt`) beside the print PDF: trim and bleed,
//! page count, colours, fonts and images, from the edition settings and the compiled document.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{logos, view, Compiled, HandbookOutput};
use crate::model::Model;
use std::path::Path;

/// The note for the print shop, from the edition settings and the compiled document.
pub(super) fn print_readme(
    model: &Model,
    out: &HandbookOutput,
    fonts: &BTreeSet<String>,
    compiled: &Compiled,
) -> String {
    let blank_pages = compiled.blank_pages;
    let e = &model.site().handbook;
    let mark = view::MARK_ZONE_MM;
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let fmt = |x: f64| {
        let s = format!("{x:.1}");
        s.trim_end_matches(".0").replace('.', ",")
    };
    let mut t = String::new();
    let _ = writeln!(t, "{} — {}", e.title.vi, name(&out.print_pdf));
    if let Some(en) = e.title.en() {
        let _ = writeln!(t, "({en})");
    }
    let _ = writeln!(t, "\nHướng dẫn in (Printing notes)\n");
    let _ = writeln!(t, "Tệp in (Print file): {}", name(&out.print_pdf));
    let _ = writeln!(
        t,
        "Tệp xem trên màn hình (Screen file, PDF/A-2b, không dùng để in / not for print): {}",
        name(&out.screen_pdf)
    );
    let _ = writeln!(
        t,
        "Khổ thành phẩm (Trim size, TrimBox): {} × {} mm",
        fmt(e.trim_width_mm),
        fmt(e.trim_height_mm)
    );
    let _ = writeln!(
        t,
        "Tràn lề (Bleed, BleedBox): {} mm mỗi cạnh (on every side) — {} × {} mm",
        fmt(e.bleed_mm),
        fmt(e.trim_width_mm + 2.0 * e.bleed_mm),
        fmt(e.trim_height_mm + 2.0 * e.bleed_mm)
    );
    let _ = writeln!(
        t,
        "Khổ trang PDF (Media size, MediaBox): {} × {} mm, dấu cắt cách mép thành phẩm {} mm, ngoài vùng tràn lề (crop marks {} mm from the trim, outside the bleed)",
        fmt(e.trim_width_mm + 2.0 * (e.bleed_mm + mark)),
        fmt(e.trim_height_mm + 2.0 * (e.bleed_mm + mark)),
        fmt(e.bleed_mm + view::MARK_GAP_MM),
        fmt(e.bleed_mm + view::MARK_GAP_MM)
    );
    let _ = writeln!(
        t,
        "Số trang (Pages): {} (bội số của 4 / a multiple of 4{})",
        out.pages,
        if blank_pages > 0 {
            format!(
                "; {blank_pages} trang trắng cuối sách / {blank_pages} blank page(s) at the end"
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(t, "Trang 1 là bìa; các chương bắt đầu ở trang lẻ (Page 1 is the cover; chapters start on right-hand pages)");
    let _ = writeln!(
        t,
        "Lề gáy rộng hơn lề ngoài (Inside margin wider than outside, for binding)"
    );
    let _ = writeln!(
        t,
        "Màu (Colour): chữ và đường kẻ đen K 100% (text and rules CMYK 0/0/0/100); nền bìa và dải đầu chương CMYK (cover and chapter bands CMYK); không có độ trong suốt (no transparency)"
    );
    let dpi = &compiled.logo_dpi;
    if dpi.is_empty() {
        let _ = writeln!(t, "Logo: không có (none)");
    } else {
        let low = dpi.iter().filter(|&&d| d + 0.5 < logos::MIN_DPI).count();
        let min = dpi.iter().cloned().fold(f64::INFINITY, f64::min);
        let _ = writeln!(
            t,
            "Logo: {} ảnh RGB (RGB images), thấp nhất {:.0} dpi ở kích thước in (lowest resolution at printed size){}",
            dpi.len(),
            min,
            if low > 0 {
                format!("; {low} logo dưới {:.0} dpi / {low} below {:.0} dpi", logos::MIN_DPI, logos::MIN_DPI)
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(
        t,
        "Phông chữ (Fonts, all embedded as subsets): {}",
        fonts.iter().cloned().collect::<Vec<_>>().join(", ")
    );
    if let Some(p) = &e.publisher {
        let _ = writeln!(t, "Đơn vị xuất bản (Publisher): {p}");
    }
    let _ = writeln!(t, "Năm (Edition): {}", e.year);
    t
}
