//! What the links check says of the links and addresses in Markdown bodies and raw HTML:
//! files next to a page, `@/` links to content files (missing, drafts, later news, folders,
//! out of `content/`), site addresses no page has, and what the URL policy refuses.

use super::{hinted, suggesting, Both};

/// A link to a file that is not next to the page.
pub fn no_file_here(path: &str) -> Both {
    hinted(
        format!("the file {path} does not exist next to this page"),
        "put it in the page's folder, or link with @/<folder>/<file>.md",
        format!("không có tệp {path} cạnh trang này"),
        "đặt tệp vào thư mục của trang, hoặc liên kết bằng @/<thư mục>/<tệp>.md",
    )
}

/// A link the URL policy refuses; `reason` from `check::unsafe_url`.
pub fn link_refused(dest: &str, reason: Both) -> Both {
    hinted(
        format!("the link {dest} is refused: {}", reason.0.message),
        "link to web pages with https://…, to pages of this site with @/<folder>/<file>.md",
        format!("liên kết {dest} không được chấp nhận: {}", reason.1.message),
        "liên kết tới trang web bằng https://…, tới trang của chính trang này bằng @/<thư mục>/<tệp>.md",
    )
}

/// A link to a draft.
pub fn link_to_draft(target: &str) -> Both {
    hinted(
        format!("the link points to content/{target}, which is a draft and will not be published"),
        "publish that page (remove `draft = true`) or remove the link",
        format!("liên kết trỏ tới content/{target}, là bản nháp và sẽ không được đăng"),
        "đăng trang đó (xoá `draft = true`) hoặc bỏ liên kết",
    )
}

/// A link to news published later.
pub fn link_to_later(target: &str, date: &str) -> Both {
    hinted(
        format!("the link points to content/{target}, which is published only on {date}"),
        "add the link on that day, or publish the news now",
        format!("liên kết trỏ tới content/{target}, chỉ được đăng vào ngày {date}"),
        "thêm liên kết vào ngày đó, hoặc đăng tin ngay bây giờ",
    )
}

/// A link to a content file that does not exist; `suggestion` is the close one.
pub fn link_to_nothing(target: &str, suggestion: Option<&str>) -> Both {
    let en = format!("the link points to content/{target}, which does not exist");
    let vi = format!("liên kết trỏ tới content/{target}, không có tệp đó");
    suggesting(
        en,
        vi,
        suggestion.map(|s| format!("@/{s}")),
        Some((
            "internal links are written @/<folder>/<file>.md, e.g. @/enterprises/minh-phat.md",
            "liên kết trong trang viết @/<thư mục>/<tệp>.md, ví dụ @/enterprises/minh-phat.md",
        )),
    )
}

/// An `@/` link that climbs out of `content/` with `..`.
pub fn link_leaves_content(target: &str) -> Both {
    hinted(
        format!("the link @/{target} leads out of content/"),
        "@/ links name a file inside content/, e.g. @/enterprises/minh-phat.md; for another page of the site write its address, e.g. /doanh-nghiep/",
        format!("liên kết @/{target} đi ra ngoài thư mục content/"),
        "liên kết @/ trỏ tới một tệp trong content/, ví dụ @/enterprises/minh-phat.md; với một trang khác của trang web, ghi địa chỉ của nó, ví dụ /doanh-nghiep/",
    )
}

/// What a folder an `@/` link points to stands for.
pub enum FolderLink<'a> {
    /// A section's folder, whose records are listed at this address.
    Section(&'a str),
    /// A page's folder (a bundle), whose page is its `index.md`.
    Bundle,
    /// Another folder.
    Other,
}

/// An `@/` link to a folder of `content/`.
pub fn link_to_folder(target: &str, kind: FolderLink<'_>) -> Both {
    let folder = target.trim_end_matches('/');
    let en = format!("the link points to the folder content/{folder}/, not to a file");
    let vi = format!("liên kết trỏ tới thư mục content/{folder}/, không phải một tệp");
    match kind {
        FolderLink::Bundle => hinted(
            en,
            format!("the page of this folder is @/{folder}/index.md"),
            vi,
            format!("trang của thư mục này là @/{folder}/index.md"),
        ),
        FolderLink::Section(list) => hinted(
            en,
            format!("for the list of its records write {list}; for one record, @/{folder}/<file>.md"),
            vi,
            format!("muốn trỏ tới danh sách, ghi {list}; muốn trỏ tới một hồ sơ, ghi @/{folder}/<tệp>.md"),
        ),
        FolderLink::Other => hinted(
            en,
            format!("link one of its files, @/{folder}/<file>.md"),
            vi,
            format!("trỏ tới một tệp trong đó, @/{folder}/<tệp>.md"),
        ),
    }
}

/// A site address no page has; `suggestion` is the close one.
pub fn no_such_page(shown: &str, suggestion: Option<&str>) -> Both {
    let en = format!("the link {shown} leads to a page that does not exist on this site");
    let vi = format!("liên kết {shown} dẫn tới một trang không có trên trang này");
    suggesting(
        en,
        vi,
        suggestion.map(str::to_owned),
        Some((
            "for pages of this site prefer @/<folder>/<file>.md links, which are checked and follow renames",
            "với các trang của chính trang này, nên dùng liên kết @/<thư mục>/<tệp>.md: chúng được kiểm tra và tự theo khi đổi tên",
        )),
    )
}

/// An address in raw HTML the URL policy refuses.
pub fn html_refused(attribute: &str, value: &str, element: &str, reason: Both) -> Both {
    hinted(
        format!("the HTML attribute {attribute}=\"{value}\" of <{element}> is refused: {}", reason.0.message),
        "raw HTML passes the same URL rule as Markdown links; the website removes what it refuses",
        format!("thuộc tính HTML {attribute}=\"{value}\" của <{element}> không được chấp nhận: {}", reason.1.message),
        "HTML viết trực tiếp theo cùng quy tắc địa chỉ với liên kết Markdown; trang web bỏ những gì không được chấp nhận",
    )
}
