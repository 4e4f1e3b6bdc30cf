//! What preflight finds wrong in a print file (the handbook's, its cover's, an exhibitor
//! catalogue's), in English and Vietnamese: the lines of the print shop's report and the
//! warnings of a build.

use super::{both, Both};
use std::fmt::Display;

/// Not identified as `version` (`info`, `xmp`: what the file says).
pub fn not_identified(
    version: &str,
    info: &dyn std::fmt::Debug,
    xmp: &dyn std::fmt::Debug,
) -> Both {
    both(
        format!("not identified as {version} (document information: {info:?}, XMP: {xmp:?})"),
        format!(
            "tệp không được ghi nhận là {version} (thông tin tài liệu: {info:?}, XMP: {xmp:?})"
        ),
    )
}

/// No output intent with an embedded CMYK profile.
pub fn no_output_intent() -> Both {
    both(
        "no output intent with an embedded CMYK profile",
        "không có điều kiện in (output intent) kèm hồ sơ màu CMYK nhúng trong tệp",
    )
}

/// /Trapped is not set.
pub fn trapped_unset() -> Both {
    both(
        "/Trapped is not set to True or False",
        "/Trapped không được đặt là True hoặc False",
    )
}

/// Pages without their print boxes (`trim`, `bleed`: the page numbers).
pub fn missing_boxes(trim: &[usize], bleed: &[usize]) -> Both {
    both(
        format!("pages without TrimBox {trim:?} or BleedBox {bleed:?}"),
        format!("các trang thiếu khung xén TrimBox {trim:?} hoặc khung tràn lề BleedBox {bleed:?}"),
    )
}

/// `n` annotations (links) in a print file.
pub fn annotations(n: usize) -> Both {
    both(
        format!("{n} annotations (links)"),
        format!("{n} chú thích (liên kết) trong tệp in"),
    )
}

/// `n` uses of RGB, the first on `page` (`what`).
pub fn rgb(n: usize, page: usize, what: &str) -> Both {
    both(
        format!("{n} uses of RGB, first on page {page}: {what}"),
        format!("{n} chỗ dùng màu RGB, chỗ đầu tiên ở trang {page}: {what}"),
    )
}

/// An image on `page` reaches `ink` % total ink (`limit` allowed).
pub fn image_ink(page: usize, ink: f64, limit: f64) -> Both {
    both(
        format!("an image on page {page} reaches {ink:.0} % total ink (limit {limit:.0} %)"),
        format!("một ảnh ở trang {page} có tổng lượng mực {ink:.0} % (giới hạn {limit:.0} %)"),
    )
}

/// An image on `page` prints at `ppi` (`min` needed).
pub fn image_ppi(page: usize, ppi: f64, min: f64) -> Both {
    both(
        format!("an image on page {page} prints at {ppi:.0} ppi (at least {min:.0})"),
        format!("một ảnh ở trang {page} in ở độ phân giải {ppi:.0} ppi (cần ít nhất {min:.0})"),
    )
}

/// A colour reaches `ink` % total ink (`limit` allowed).
pub fn vector_ink(ink: f64, limit: f64) -> Both {
    both(
        format!("a colour reaches {ink:.0} % total ink (limit {limit:.0} %)"),
        format!("một màu có tổng lượng mực {ink:.0} % (giới hạn {limit:.0} %)"),
    )
}

/// `n` text runs under `small` pt not in black ink alone, the first on `page`.
pub fn small_text(n: usize, small: f64, page: usize, size: f64, colour: &str) -> Both {
    both(
        format!(
            "{n} text runs under {small} pt not in black ink alone, first on page {page}: {size:.1} pt in {colour}"
        ),
        format!(
            "{n} dòng chữ nhỏ hơn {small} pt không in bằng riêng mực đen, dòng đầu tiên ở trang {page}: {} pt màu {colour}",
            format!("{size:.1}").replace('.', ",")
        ),
    )
}

/// `n` rules under `thin` pt not in black ink alone, the first on `page`.
pub fn thin_rules(n: usize, thin: f64, page: usize, size: f64, colour: &str) -> Both {
    both(
        format!(
            "{n} rules under {thin} pt not in black ink alone, first on page {page}: {size:.2} pt in {colour}"
        ),
        format!(
            "{n} nét kẻ mảnh hơn {thin} pt không in bằng riêng mực đen, nét đầu tiên ở trang {page}: {} pt màu {colour}",
            format!("{size:.2}").replace('.', ",")
        ),
    )
}

/// Fonts not embedded.
pub fn fonts_not_embedded(fonts: &dyn std::fmt::Debug) -> Both {
    both(
        format!("fonts not embedded: {fonts:?}"),
        format!("phông chữ không được nhúng: {fonts:?}"),
    )
}

/// Transparency (`what`, the first use).
pub fn transparency(what: impl Display) -> Both {
    both(
        format!("transparency: {what}"),
        format!("có độ trong suốt: {what}"),
    )
}

/// A problem of the file `name` among several (the cover spread's beside the book's).
pub fn of_file(name: &str, (en, vi): Both) -> Both {
    both(
        format!("{name}: {}", en.message),
        format!("{name}: {}", vi.message),
    )
}
