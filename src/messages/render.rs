//! What the website renderer says: about the theme (its templates and interface strings), the
//! images it resizes for the web, and the pages it could not render.

use super::{both, hinted, Both};
use std::fmt::Display;

/// The theme has no templates/ folder.
pub fn no_templates() -> Both {
    both(
        "the theme has no templates/ folder",
        "giao diện không có thư mục templates/",
    )
}

/// The theme's Vietnamese strings (i18n/vi.toml) are missing.
pub fn no_vietnamese_strings() -> Both {
    both(
        "the theme's Vietnamese strings are missing",
        "thiếu tệp chữ tiếng Việt của giao diện",
    )
}

/// A translation file of the theme is not valid TOML (`reason`, the parser's words).
pub fn translation_invalid(reason: impl Display) -> Both {
    both(
        format!("the translation file is not valid: {reason}"),
        format!("tệp bản dịch không hợp lệ: {reason}"),
    )
}

/// The theme's translation file names `key`, a value of the shared vocabulary.
pub fn vocabulary_renamed(key: &str) -> Both {
    hinted(
        format!("`{key}` is the name of a value of the content's vocabulary, which the website and the handbook share"),
        "remove the line: the name is in src/model/vocab.rs, so the printed handbook says the same",
        format!("`{key}` là tên một giá trị trong bộ từ vựng dùng chung cho trang web và cẩm nang"),
        "xoá dòng này: tên đó nằm trong src/model/vocab.rs để cẩm nang in ra cũng ghi như vậy",
    )
}

/// A template does not compile (`reason`, Tera's words); `named` when the finding names the
/// template.
pub fn template_invalid(reason: &str, named: bool) -> Both {
    if named {
        both(
            format!("this template does not compile: {reason}"),
            format!("mẫu trang này có lỗi cú pháp: {reason}"),
        )
    } else {
        both(
            format!("a template does not compile: {reason}"),
            format!("một mẫu trang có lỗi cú pháp: {reason}"),
        )
    }
}

/// The page at `url` could not be rendered (`reason`, Tera's words).
pub fn page_failed(url: &str, reason: &str) -> Both {
    both(
        format!("the page {url} could not be rendered: {reason}"),
        format!("không dựng được trang {url}: {reason}"),
    )
}

/// An image is larger than the website takes: `mb` megabytes, at most `max_mb`.
pub fn image_too_heavy(mb: f64, max_mb: u64) -> Both {
    hinted(
        format!("the image is too large for the website: {mb:.1} MB (at most {max_mb} MB)"),
        "save it smaller (a logo needs at most 1000 pixels across) and build again",
        format!(
            "ảnh quá lớn cho trang web: {} MB (tối đa {max_mb} MB)",
            format!("{mb:.1}").replace('.', ",")
        ),
        "lưu ảnh nhỏ hơn (logo chỉ cần rộng tối đa 1000 điểm ảnh) rồi dựng lại",
    )
}

/// An image has more pixels than the website takes: `w` × `h`, at most `max_mp` megapixels.
pub fn image_too_many_pixels(w: u32, h: u32, max_mp: u64) -> Both {
    hinted(
        format!(
            "the image is too large for the website: {w} × {h} pixels (at most {max_mp} megapixels)"
        ),
        "resize it (a logo needs at most 1000 pixels across) and build again",
        format!("ảnh quá lớn cho trang web: {w} × {h} điểm ảnh (tối đa {max_mp} triệu điểm ảnh)"),
        "thu nhỏ ảnh (logo chỉ cần rộng tối đa 1000 điểm ảnh) rồi dựng lại",
    )
}

/// An image is damaged or of a kind the website does not take (`reason`, the decoder's words).
pub fn image_damaged(reason: impl Display) -> Both {
    hinted(
        format!("the image is damaged or not a PNG, JPEG or WebP file: {reason}"),
        "open it in an image editor, save it again as PNG or JPEG, and build again",
        format!("ảnh bị hỏng hoặc không phải tệp PNG, JPEG hay WebP: {reason}"),
        "mở ảnh bằng một chương trình sửa ảnh, lưu lại dạng PNG hoặc JPEG rồi dựng lại",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_are_written_as_each_language_writes_numbers() {
        let (en, vi) = image_too_heavy(12.25, 10);
        assert_eq!(
            en.message,
            "the image is too large for the website: 12.2 MB (at most 10 MB)"
        );
        assert_eq!(
            vi.message,
            "ảnh quá lớn cho trang web: 12,2 MB (tối đa 10 MB)"
        );
        assert!(vi.hint.unwrap().ends_with("rồi dựng lại"));
    }
}
