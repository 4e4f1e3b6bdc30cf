//! The note for the print shop (`README-in-an.txt`) beside the print PDF. Every figure in it
//! comes from the edition settings or from the preflight of the file itself, so what it claims
//! about colours, text and rules is what the file holds.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use super::colour::OutputIntent;
use super::preflight::{self, Report};
use super::{data, Compiled, HandbookOutput};
use crate::model::print::Binding;
use crate::model::Model;

/// A length in millimetres the Vietnamese way: "148", "4,8".
pub fn mm(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// The note for the print shop, from the edition settings, the compiled document and the
/// preflight of the print file.
pub(super) fn print_readme(
    model: &Model,
    out: &HandbookOutput,
    fonts: &BTreeSet<String>,
    compiled: &Compiled,
    intent: &OutputIntent,
    check: &Report,
) -> String {
    let blank_pages = compiled.blank_pages;
    let e = &model.site.handbook;
    let p = &e.print;
    let mark = data::MARK_ZONE_MM;
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut t = String::new();
    let _ = writeln!(t, "{} — {}", e.title, name(&out.print_pdf));
    if let Some(en) = &e.title_en {
        let _ = writeln!(t, "({en})");
    }
    let _ = writeln!(t, "\nHướng dẫn in (Printing notes)\n");
    let _ = writeln!(t, "Tệp ruột (Text block file): {}", name(&out.print_pdf));
    match (&out.cover_pdf, &compiled.cover) {
        (Some(cover), Some((_, view))) => {
            let _ = writeln!(
                t,
                "Tệp bìa (Cover file): {} — trải bìa 4, gáy, bìa 1 (back, spine, front) {} × {} mm + tràn lề {} mm = {} × {} mm; gáy (spine) {} mm = {} tờ × {} mm; {}",
                name(cover),
                mm(view.spread_width_mm),
                mm(view.height_mm),
                mm(e.bleed_mm),
                mm(view.width_with_bleed_mm(e.bleed_mm)),
                mm(view.height_mm + 2.0 * e.bleed_mm),
                mm(view.spine_mm),
                out.pages / 2,
                mm(p.paper_caliper_mm),
                if view.spine_text_pt.is_some() {
                    "có chữ trên gáy (spine title)"
                } else {
                    "gáy quá hẹp để in chữ (spine too narrow for a title)"
                }
            );
            let _ = writeln!(t, "Mặt trong bìa để trắng (Inside of the cover unprinted)");
        }
        _ => {
            let _ = writeln!(
                t,
                "Bìa nằm trong tệp ruột: trang 1 là bìa 1, trang {} là bìa 4 (Cover in the text block: page 1 front, page {} back)",
                out.pages, out.pages
            );
        }
    }
    let _ = writeln!(
        t,
        "Tệp xem trên màn hình (Screen file, PDF/A-2b, không dùng để in / not for print): {}",
        name(&out.screen_pdf)
    );
    let _ = writeln!(
        t,
        "Báo cáo kiểm tra trước in (Preflight report): {}",
        name(&out.preflight)
    );
    let _ = writeln!(
        t,
        "Đóng sách (Binding): {}",
        match p.binding {
            Binding::Perfect => format!(
                "keo gáy, {} trang một tay sách (perfect binding, {}-page signatures)",
                p.signature_pages, p.signature_pages
            ),
            Binding::Saddle => "khâu gáy, ghim giữa (saddle stitch)".to_owned(),
        }
    );
    let _ = writeln!(
        t,
        "Giấy ruột (Text paper): {}, dày {} mm một tờ (caliper {} mm a leaf)",
        p.paper,
        mm(p.paper_caliper_mm),
        mm(p.paper_caliper_mm)
    );
    let _ = writeln!(
        t,
        "Khổ thành phẩm (Trim size, TrimBox): {} × {} mm",
        mm(e.trim_width_mm),
        mm(e.trim_height_mm)
    );
    let _ = writeln!(
        t,
        "Tràn lề (Bleed, BleedBox): {} mm mỗi cạnh (on every side) — {} × {} mm",
        mm(e.bleed_mm),
        mm(e.trim_width_mm + 2.0 * e.bleed_mm),
        mm(e.trim_height_mm + 2.0 * e.bleed_mm)
    );
    let _ = writeln!(
        t,
        "Khổ trang PDF (Media size, MediaBox): {} × {} mm, dấu cắt cách mép thành phẩm {} mm, ngoài vùng tràn lề (crop marks {} mm from the trim, outside the bleed)",
        mm(e.trim_width_mm + 2.0 * (e.bleed_mm + mark)),
        mm(e.trim_height_mm + 2.0 * (e.bleed_mm + mark)),
        mm(e.bleed_mm + data::MARK_GAP_MM),
        mm(e.bleed_mm + data::MARK_GAP_MM)
    );
    let _ = writeln!(
        t,
        "Số trang (Pages): {} (bội số của {} / a multiple of {}{})",
        out.pages,
        p.page_multiple(),
        p.page_multiple(),
        if blank_pages > 0 {
            format!(
                "; {blank_pages} trang trắng cuối sách / {blank_pages} blank page(s) at the end"
            )
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        t,
        "Các chương bắt đầu ở trang lẻ (Chapters start on right-hand pages)"
    );
    let _ = writeln!(
        t,
        "Lề gáy rộng hơn lề ngoài (Inside margin wider than outside, for binding)"
    );
    let _ = writeln!(
        t,
        "Chuẩn (Standard): {}; điều kiện in (output intent) {} — “{}”; /Trapped /False (chưa bẫy màu / not trapped)",
        check.pdfx_xmp.as_deref().unwrap_or("không có (none)"),
        intent.identifier,
        intent.description
    );
    let rgb = if check.rgb_uses.is_empty() {
        "không có RGB (no RGB)".to_owned()
    } else {
        format!("{} chỗ dùng RGB (uses of RGB)", check.rgb_uses.len())
    };
    let _ = writeln!(
        t,
        "Màu (Colour): chỉ CMYK, {rgb}; tổng lượng mực tối đa {:.0} % (giới hạn {:.0} %) (max total ink, limit); không có độ trong suốt (no transparency): {}",
        check
            .images
            .iter()
            .filter_map(|i| i.max_ink_percent)
            .fold(check.max_vector_ink_percent, f64::max),
        p.ink_limit_percent,
        if check.transparency.is_empty() { "đúng (true)" } else { "SAI (false)" }
    );
    let _ = writeln!(
        t,
        "Chữ dưới {} pt: {} dòng, {} dòng không phải K 100 % (text under {} pt: {} runs, {} not 100 % K); chữ nhỏ nhất (smallest) {} pt",
        preflight::SMALL_TEXT_PT,
        check.small_text_runs,
        check.small_text_not_black.len(),
        preflight::SMALL_TEXT_PT,
        check.small_text_runs,
        check.small_text_not_black.len(),
        check
            .smallest_text_pt
            .map(|s| format!("{s:.1}"))
            .unwrap_or_else(|| "—".into())
    );
    let _ = writeln!(
        t,
        "Nét dưới {} pt không phải K 100 %: {} (rules under {} pt not 100 % K); nét mảnh nhất (thinnest) {} pt",
        preflight::RULE_PT,
        check.thin_rules_not_black.len(),
        preflight::RULE_PT,
        check
            .thinnest_rule_pt
            .map(|s| format!("{s:.2}"))
            .unwrap_or_else(|| "—".into())
    );
    let dpi = &compiled.logo_dpi;
    if check.images.is_empty() && dpi.is_empty() {
        let _ = writeln!(t, "Logo: không có (none)");
    } else {
        let low = check
            .images
            .iter()
            .filter(|i| i.effective_ppi + 0.5 < preflight::MIN_PPI)
            .count();
        let min = check
            .images
            .iter()
            .map(|i| i.effective_ppi)
            .fold(f64::INFINITY, f64::min);
        let _ = writeln!(
            t,
            "Logo: {} ảnh, đã chuyển sang CMYK theo điều kiện in bằng Little CMS, màu xám chỉ in mực K ({} images converted to the output intent's CMYK with Little CMS, greys on black only); độ phân giải thấp nhất {:.0} ppi ở kích thước in (lowest effective resolution){}",
            check.images.len(),
            check.images.len(),
            if min.is_finite() { min } else { 0.0 },
            if low > 0 {
                format!("; {low} ảnh dưới {:.0} ppi / {low} below {:.0} ppi", preflight::MIN_PPI, preflight::MIN_PPI)
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
    let i = &e.imprint;
    if let Some(n) = i.print_run {
        let _ = writeln!(t, "Số lượng in (Print run): {n} bản (copies)");
    }
    if let Some(printer) = &i.printer {
        let _ = writeln!(t, "Cơ sở in (Printer): {printer}");
    }
    let missing = i.missing();
    if !missing.is_empty() {
        let _ = writeln!(
            t,
            "Thông tin xuất bản còn thiếu (Imprint fields not yet set): {}",
            missing.join(", ")
        );
    }
    let _ = writeln!(
        t,
        "Năm (Edition): {}, nội dung tính đến ngày (content as of) {}",
        e.year,
        e.edition_date.format("%d/%m/%Y")
    );
    t
}
