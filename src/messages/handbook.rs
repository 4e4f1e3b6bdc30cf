//! What the PDF renderers (the handbook, an event's exhibitor catalogue, the capability sheets)
//! say about their templates and fonts, the logos they print, the print shop's colour profile,
//! the imprint and the preflight of the print files. What they say of characters they cannot
//! print is in `print`.

use super::print::Print;
use super::{both, hinted, Both};
use std::fmt::Display;
use std::path::Path;

/// A preflight check the print file of `print` fails (`problem`, from `preflight`).
pub fn fails_preflight(problem: &Both, print: Print) -> Both {
    let (problem, problem_vi) = (&problem.0.message, &problem.1.message);
    match print {
        Print::Handbook => hinted(
            format!("the print file fails preflight: {problem}"),
            "see preflight-in-an.txt beside the PDFs",
            format!("tệp in không đạt kiểm tra trước in: {problem_vi}"),
            "xem preflight-in-an.txt bên cạnh các tệp PDF",
        ),
        Print::Catalogue => both(
            format!("the exhibitor catalogue fails preflight: {problem}"),
            format!("danh mục đơn vị tham gia không đạt kiểm tra trước in: {problem_vi}"),
        ),
        Print::Sheet => both(
            format!("the capability sheet fails preflight: {problem}"),
            format!("hồ sơ năng lực không đạt kiểm tra trước in: {problem_vi}"),
        ),
    }
}

/// A field of the imprint (the finding names it) is missing.
pub fn imprint_missing() -> Both {
    hinted(
        "the imprint lacks a field a Vietnamese publication must carry; the handbook prints without it",
        "set it in [handbook.imprint] before the book goes to the printer",
        "phần thông tin xuất bản thiếu một trường mà xuất bản phẩm ở Việt Nam bắt buộc phải có; cẩm nang vẫn được in nhưng thiếu trường này",
        "điền trường này trong [handbook.imprint] trước khi gửi sách đến nhà in",
    )
}

/// The handbook's main template is missing from `folder`.
pub fn template_missing(folder: &Path) -> Both {
    let folder = folder.display();
    hinted(
        "the handbook template is missing",
        format!("the templates are read from {folder}"),
        "thiếu mẫu trình bày của cẩm nang",
        format!("các mẫu trình bày được đọc từ {folder}"),
    )
}

/// `handbook/furniture.typ` set `made` pages of furniture for a book of `pages` pages.
pub fn furniture_pages(made: usize, pages: usize) -> Both {
    hinted(
        format!("furniture.typ made {made} pages of running heads and folios for a book of {pages} pages"),
        "it must make one page for each page of the book (`range(1, f.pages + 1)`)",
        format!("furniture.typ tạo {made} trang tiêu đề chạy và số trang cho một cuốn sách {pages} trang"),
        "mẫu phải tạo đúng một trang cho mỗi trang của sách (`range(1, f.pages + 1)`)",
    )
}

/// A file the PDF renderers read from `handbook/` (a template, a font, the colour profile) is,
/// or lies behind, the symbolic link `link`, which is not followed for the reason `why` (said by
/// `content`'s link messages, with what to do).
pub fn link_refused(link: &Path, why: &Both) -> Both {
    let link = link.display();
    let (en, vi) = why;
    let hint = |s: &super::Said, none: &str| s.hint.clone().unwrap_or_else(|| none.to_owned());
    hinted(
        format!("{link} cannot be used for the PDFs: {}", en.message),
        hint(en, "replace the link with the file itself"),
        format!("không dùng được {link} cho các tệp PDF: {}", vi.message),
        hint(vi, "thay liên kết bằng chính tệp đó"),
    )
}

/// [`link_refused`] as one line in `lang` (what is wrong, then what to do), for the readers that
/// report through another error (Typst's file errors, the font folder's).
pub fn link_refused_line(link: &Path, why: &Both, lang: super::Lang) -> String {
    let said = super::pick(&link_refused(link, why), lang).clone();
    match said.hint {
        Some(hint) => format!("{}; {hint}", said.message),
        None => said.message,
    }
}

/// The capability sheet template cannot be read from `path`.
pub fn sheet_template_unreadable(path: &Path, reason: impl Display) -> Both {
    let path = path.display();
    hinted(
        format!("the capability sheet template cannot be read: {reason}"),
        format!("the template is read from {path}"),
        format!("không đọc được mẫu trình bày của hồ sơ năng lực: {reason}"),
        format!("mẫu trình bày được đọc từ {path}"),
    )
}

/// handbook/fonts/ holds no font for `print`.
pub fn no_fonts(print: Print) -> Both {
    match print {
        Print::Sheet => hinted(
            "there are no font files in handbook/fonts/ for the capability sheets",
            "the sheets use only the fonts in that folder (see handbook/fonts/README.md)",
            "thư mục handbook/fonts/ không có tệp phông chữ nào cho hồ sơ năng lực",
            "hồ sơ năng lực chỉ dùng các phông chữ trong thư mục đó (xem handbook/fonts/README.md)",
        ),
        Print::Handbook | Print::Catalogue => hinted(
            "there are no font files in handbook/fonts/",
            "the handbook uses only the fonts in that folder (see handbook/fonts/README.md)",
            "thư mục handbook/fonts/ không có tệp phông chữ nào",
            "cẩm nang chỉ dùng các phông chữ trong thư mục đó (xem handbook/fonts/README.md)",
        ),
    }
}

/// Typst could not write the PDF, for `reason` (Typst's words).
pub fn pdf_failed(reason: &str, hints: &str) -> Both {
    hinted(
        format!("the PDF cannot be written: {reason}"),
        hints,
        format!("không tạo được tệp PDF: {reason}"),
        hints,
    )
}

/// The handbook cannot typeset a part of a body, for `reason` (Typst's words); `stopped` is
/// the template Typst stopped in and its message, when known.
pub fn body_untypesettable(reason: &str, stopped: Option<(&Path, &str)>) -> Both {
    let (hint_en, hint_vi) = stopped.map_or((String::new(), String::new()), |(file, m)| {
        let file = file.display();
        (
            format!("Typst stopped in {file} ({m}); simplify this part (less nesting, shorter runs)"),
            format!("Typst dừng ở {file} ({m}); hãy viết đoạn này đơn giản hơn (ít lồng nhau hơn, câu ngắn hơn)"),
        )
    });
    hinted(
        format!("the handbook cannot typeset this part of the body: {reason}"),
        hint_en,
        format!("cẩm nang không dàn trang được đoạn này của phần nội dung: {reason}"),
        hint_vi,
    )
}

/// What Typst said of a template (`message` and `hints`, Typst's words), at `place` (line and
/// column) when known.
pub fn typst_said(place: Option<(usize, usize)>, message: &str, hints: &str) -> Both {
    let vi_message = typst_file_error_vi(message);
    let (en, vi) = match place {
        Some((line, col)) => (
            format!("line {line}, column {col}: {message}"),
            format!("dòng {line}, cột {col}: {vi_message}"),
        ),
        None => (message.to_owned(), vi_message),
    };
    if hints.is_empty() {
        both(en, vi)
    } else {
        hinted(en, hints, vi, hints)
    }
}

/// Typst's words for a file a template could not load (its `FileError`), in Vietnamese; the
/// reason inside is kept (the handbook's own reasons are already in the language chosen).
/// Any other message is Typst's, unchanged.
fn typst_file_error_vi(message: &str) -> String {
    if let Some(inner) = message
        .strip_prefix("failed to load file (")
        .and_then(|m| m.strip_suffix(')'))
    {
        let inner = match inner {
            "access denied" => "không có quyền đọc",
            "is a directory" => "đây là một thư mục",
            other => other,
        };
        return format!("không tải được tệp ({inner})");
    }
    if let Some(path) = message
        .strip_prefix("file not found (searched at ")
        .and_then(|m| m.strip_suffix(')'))
    {
        return format!("không tìm thấy tệp (đã tìm ở {path})");
    }
    message.to_owned()
}

/// A step of making a print file that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Making the print file PDF/X-4.
    PdfX,
    /// Reading the print file back for preflight.
    Preflight,
    /// Setting up the colour conversion to the output profile.
    Colour,
    /// Preparing the handbook's data.
    Data,
    /// Setting the running heads, folios and chapter bands on the book's pages.
    Furniture,
}

/// `stage` failed, for `reason` (the library's words).
pub fn stage_failed(stage: Stage, reason: impl Display) -> Both {
    let (en, vi) = match stage {
        Stage::PdfX => (
            "the print file cannot be made PDF/X-4",
            "không tạo được tệp in PDF/X-4",
        ),
        Stage::Preflight => (
            "the print file cannot be checked for print",
            "không kiểm tra trước in được tệp in",
        ),
        Stage::Colour => (
            "the output profile cannot convert the colours",
            "hồ sơ màu in không chuyển đổi được màu",
        ),
        Stage::Data => (
            "the handbook's data cannot be prepared",
            "không chuẩn bị được dữ liệu của cẩm nang",
        ),
        Stage::Furniture => (
            "the running heads and page numbers cannot be set",
            "không đặt được tiêu đề chạy và số trang",
        ),
    };
    both(format!("{en}: {reason}"), format!("{vi}: {reason}"))
}

/// What leaves without a logo `print`: the handbook's entry or the capability sheets.
fn without_logo(print: Print) -> (&'static str, &'static str) {
    match print {
        Print::Sheet => (
            "the capability sheets are made without it",
            "hồ sơ năng lực được tạo không có logo",
        ),
        Print::Handbook | Print::Catalogue => (
            "the entry is printed without it",
            "mục của doanh nghiệp được in không có logo",
        ),
    }
}

/// The logo file cannot be read.
pub fn logo_unreadable(reason: impl Display, print: Print) -> Both {
    let (en, vi) = without_logo(print);
    both(
        format!("the logo cannot be read ({reason}); {en}"),
        format!("không đọc được tệp logo ({reason}); {vi}"),
    )
}

/// The logo is not an image `print` can show (`reason`, when the image library gave one).
pub fn logo_not_an_image(reason: Option<&dyn Display>, print: Print) -> Both {
    let (en, vi) = without_logo(print);
    let (why_en, why_vi) = reason.map_or((String::new(), String::new()), |r| {
        (format!(" ({r})"), format!(" ({r})"))
    });
    match print {
        Print::Sheet => hinted(
            format!("the logo is not an image the capability sheet can show{why_en}; {en}"),
            "use a PNG, JPEG or SVG file",
            format!("logo không phải là ảnh mà hồ sơ năng lực hiển thị được{why_vi}; {vi}"),
            "dùng tệp PNG, JPEG hoặc SVG",
        ),
        Print::Handbook | Print::Catalogue => hinted(
            format!("the logo is not an image the handbook can print{why_en}; {en}"),
            "use a PNG or JPEG file",
            format!("logo không phải là ảnh mà cẩm nang in được{why_vi}; {vi}"),
            "dùng tệp PNG hoặc JPEG",
        ),
    }
}

/// The logo's resolution at its printed size.
#[derive(Debug, Clone, Copy)]
pub struct LogoSize {
    /// Pixels across and down.
    pub px: (u32, u32),
    /// Printed size in millimetres.
    pub mm: (f64, f64),
    /// Resolution at that size.
    pub dpi: f64,
    /// The least resolution print needs.
    pub min_dpi: f64,
    /// The pixels that would reach it.
    pub needed: (u32, u32),
}

/// The logo is too small for print.
pub fn logo_too_small(s: LogoSize) -> Both {
    let LogoSize {
        px: (w, h),
        mm: (wm, hm),
        dpi,
        min_dpi,
        needed: (nw, nh),
    } = s;
    let comma = |v: String| v.replace('.', ",");
    hinted(
        format!(
            "the logo is too small for print: {w} × {h} px printed at {wm:.1} × {hm:.1} mm is {dpi:.0} dpi, print needs at least {min_dpi:.0} dpi"
        ),
        format!("supply the logo at least {nw} × {nh} px, or as SVG"),
        format!(
            "logo quá nhỏ để in: {w} × {h} điểm ảnh in ở cỡ {} × {} mm chỉ đạt {dpi:.0} dpi, bản in cần ít nhất {min_dpi:.0} dpi",
            comma(format!("{wm:.1}")),
            comma(format!("{hm:.1}")),
        ),
        format!("gửi logo có ít nhất {nw} × {nh} điểm ảnh, hoặc dạng SVG"),
    )
}

/// The logo cannot be prepared for print.
pub fn logo_unprepared(reason: impl Display) -> Both {
    both(
        format!("the logo cannot be prepared for print ({reason})"),
        format!("không chuẩn bị được logo để in ({reason})"),
    )
}

/// The output profile `rel` cannot be read.
pub fn profile_unreadable(rel: &Path, reason: impl Display, default: &str) -> Both {
    let rel = rel.display();
    hinted(
        format!("the output profile {rel} cannot be read: {reason}"),
        format!(
            "point `output_profile` at the print shop's CMYK ICC profile, or remove it to use {default}"
        ),
        format!("không đọc được hồ sơ màu in {rel}: {reason}"),
        format!(
            "cho `output_profile` trỏ tới hồ sơ màu ICC CMYK của nhà in, hoặc xoá dòng này để dùng {default}"
        ),
    )
}

/// `rel` is not an ICC profile.
pub fn profile_not_icc(rel: &Path, reason: impl Display) -> Both {
    let rel = rel.display();
    both(
        format!("{rel} is not an ICC profile Little CMS can read ({reason})"),
        format!("{rel} không phải là hồ sơ màu ICC đọc được ({reason})"),
    )
}

/// `rel` is a profile of another kind (`kind`, as Little CMS names it) than CMYK printing.
pub fn profile_not_cmyk(rel: &Path, kind: &str) -> Both {
    let rel = rel.display();
    let hint = "PDF/X needs the CMYK output profile of the printing condition, e.g. PSO Uncoated v3 (FOGRA52)";
    hinted(
        format!("{rel} is not a CMYK printer profile (it is a {kind})"),
        hint,
        format!("{rel} không phải là hồ sơ màu CMYK cho máy in (đây là {kind})"),
        "PDF/X cần hồ sơ màu CMYK của điều kiện in, ví dụ PSO Uncoated v3 (FOGRA52)",
    )
}

/// The profile (`description`) is registered as `other`, but the settings declare `declared`.
pub fn profile_mismatch(description: &str, other: &str, declared: &str) -> Both {
    hinted(
        format!("the output profile is “{description}”, a {other} profile, but output_condition_identifier says {declared}"),
        format!("write output_condition_identifier = \"{other}\", or point output_profile at a {declared} profile"),
        format!("hồ sơ màu in là “{description}”, một hồ sơ {other}, nhưng output_condition_identifier ghi {declared}"),
        format!("ghi output_condition_identifier = \"{other}\", hoặc cho output_profile trỏ tới một hồ sơ {declared}"),
    )
}

/// The enterprise page's address is too long for a QR code.
pub fn address_too_long_for_qr() -> Both {
    both(
        "the enterprise page's address is too long for a QR code",
        "địa chỉ trang của doanh nghiệp quá dài để tạo mã QR",
    )
}

/// The capability sheet in Vietnamese (`vietnamese`) or English takes `pages` pages.
pub fn sheet_too_long(vietnamese: bool, pages: usize) -> Both {
    let (en_lang, vi_lang) = if vietnamese {
        ("Vietnamese", "tiếng Việt")
    } else {
        ("English", "tiếng Anh")
    };
    hinted(
        format!("the {en_lang} capability sheet takes {pages} pages, not one: its lists are longer than an A4 page holds"),
        "shorten the longest lists (products, customers, equipment) or keep the detail for the description",
        format!("hồ sơ năng lực {vi_lang} dài {pages} trang thay vì một: các danh sách dài hơn một trang A4"),
        "rút gọn các danh sách dài nhất (sản phẩm, khách hàng, thiết bị) hoặc đưa chi tiết vào phần mô tả",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_s_file_errors_are_said_in_vietnamese_around_their_reason() {
        let (en, vi) = typst_said(
            Some((6, 9)),
            "failed to load file (not inside the site)",
            "",
        );
        assert_eq!(
            en.message,
            "line 6, column 9: failed to load file (not inside the site)"
        );
        assert_eq!(
            vi.message,
            "dòng 6, cột 9: không tải được tệp (not inside the site)"
        );
        let (_, vi) = typst_said(None, "failed to load file (access denied)", "");
        assert_eq!(vi.message, "không tải được tệp (không có quyền đọc)");
        let (_, vi) = typst_said(None, "file not found (searched at /handbook/x.typ)", "");
        assert_eq!(vi.message, "không tìm thấy tệp (đã tìm ở /handbook/x.typ)");
        let (_, vi) = typst_said(None, "unknown variable: foo", "");
        assert_eq!(vi.message, "unknown variable: foo");
    }

    #[test]
    fn the_logo_findings_say_what_prints_without_it() {
        let (en, vi) = logo_unreadable("denied", Print::Sheet);
        assert_eq!(
            en.message,
            "the logo cannot be read (denied); the capability sheets are made without it"
        );
        assert!(vi
            .message
            .ends_with("hồ sơ năng lực được tạo không có logo"));
        let (en, vi) = logo_too_small(LogoSize {
            px: (100, 50),
            mm: (30.0, 15.0),
            dpi: 84.7,
            min_dpi: 300.0,
            needed: (355, 178),
        });
        assert!(en.message.contains("printed at 30.0 × 15.0 mm is 85 dpi"));
        assert!(vi.message.contains("in ở cỡ 30,0 × 15,0 mm chỉ đạt 85 dpi"));
        assert_eq!(
            vi.hint.unwrap(),
            "gửi logo có ít nhất 355 × 178 điểm ảnh, hoặc dạng SVG"
        );
    }
}
