//! What `cnht new` says: the file it wrote and what to do next, or why it wrote nothing.

use super::Lang;
use std::fmt::Display;
use std::path::Path;

/// Why `cnht new` wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The site folder (the path) has no content/.
    NoContent,
    /// The title (given as the path's text) makes no file name.
    NoName,
    /// The file (the path) already exists.
    Exists,
}

/// Why nothing was written; `about` is the folder, the title or the file concerned.
pub fn refused(lang: Lang, why: Refusal, about: &str) -> String {
    match (lang, why) {
        (Lang::En, Refusal::NoContent) => format!(
            "there is no content/ folder in {about}: run the command in the site's folder, or give it with --root DIR"
        ),
        (Lang::Vi, Refusal::NoContent) => format!(
            "không có thư mục content/ trong {about}: chạy lệnh trong thư mục của trang web, hoặc chỉ ra thư mục đó bằng --root THƯ_MỤC"
        ),
        (Lang::En, Refusal::NoName) => format!(
            "no file name can be made from \"{about}\": give a title with letters or digits"
        ),
        (Lang::Vi, Refusal::NoName) => format!(
            "không tạo được tên tệp từ \"{about}\": hãy đặt tiêu đề có chữ cái hoặc chữ số"
        ),
        (Lang::En, Refusal::Exists) => format!(
            "{about} already exists: nothing was written. Open it to edit it, or give another title"
        ),
        (Lang::Vi, Refusal::Exists) => format!(
            "{about} đã có: không ghi gì cả. Mở tệp đó để sửa, hoặc đặt một tiêu đề khác"
        ),
    }
}

/// The place of the new file is refused (`reason`, a finding about it): nothing was written.
pub fn outside(lang: Lang, file: &Path, reason: &str) -> String {
    let file = file.display();
    match lang {
        Lang::Vi => format!("{file}: {reason}; không ghi gì cả"),
        Lang::En => format!("{file}: {reason}; nothing was written"),
    }
}

/// The folder or file `path` cannot be created or written, for `reason`.
pub fn cannot_write(lang: Lang, folder: bool, path: &Path, reason: impl Display) -> String {
    let path = path.display();
    match (lang, folder) {
        (Lang::Vi, true) => format!("không tạo được thư mục {path}: {reason}"),
        (Lang::Vi, false) => format!("không ghi được tệp {path}: {reason}"),
        (Lang::En, true) => format!("cannot create {path}: {reason}"),
        (Lang::En, false) => format!("cannot write {path}: {reason}"),
    }
}

/// The file was written; `fields` when the next step is to fill in its required fields (an
/// enterprise, a policy, an event) rather than to write its text.
pub fn created(lang: Lang, file: &Path, fields: bool) -> [String; 2] {
    let file = file.display();
    match lang {
        Lang::Vi => [
            format!("Đã tạo {file}"),
            format!(
                "Tiếp theo: mở tệp, {} rồi chạy `cnht check`.",
                if fields {
                    "điền các trường có ghi BẮT BUỘC"
                } else {
                    "viết nội dung bên dưới dòng +++ cuối cùng"
                }
            ),
        ],
        Lang::En => [
            format!("Created {file}"),
            format!(
                "Next: edit it — {} — then run `cnht check`.",
                if fields {
                    "fill in the fields marked BẮT BUỘC (required)"
                } else {
                    "write the text below the last +++ line"
                }
            ),
        ],
    }
}
