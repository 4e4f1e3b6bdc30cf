//! What the live preview (`cnht serve`) says: on the terminal (starting, each rebuild, errors)
//! and in the browser (the error panel over the page, the page shown before a first good
//! build).

use super::Lang;
use std::fmt::Display;
use std::path::Path;

/// Why the preview could not start or stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The site folder cannot be opened.
    OpenSite,
    /// The site folder has no content/.
    NoContent,
    /// The port is taken.
    PortTaken,
    /// The address cannot be listened on.
    Listen,
    /// No temporary folder for the builds.
    TempFolder,
    /// The rebuild thread did not start.
    RebuildThread,
    /// The web server did not start.
    StartServer,
    /// The web server stopped.
    ServerStopped,
    /// The files cannot be watched.
    Watch,
}

/// Why the preview stops: `what` (a folder, an address) for `reason` (the system's words).
pub fn stopped(lang: Lang, why: Stop, what: impl Display, reason: impl Display) -> String {
    use Stop::*;
    match (lang, why) {
        (Lang::En, OpenSite) => format!("cannot open the site folder {what}: {reason}"),
        (Lang::Vi, OpenSite) => format!("không mở được thư mục trang web {what}: {reason}"),
        (Lang::En, NoContent) => format!("there is no content/ folder in {what}"),
        (Lang::Vi, NoContent) => format!("không có thư mục content/ trong {what}"),
        (Lang::En, PortTaken) => {
            format!("cannot listen on {what}: {reason} (another `cnht serve` running? try --port)")
        }
        (Lang::Vi, PortTaken) => format!(
            "không mở được máy chủ tại {what}: {reason} (có thể một `cnht serve` khác đang chạy? thử --port)"
        ),
        (Lang::En, Listen) => format!("cannot listen on {what}: {reason}"),
        (Lang::Vi, Listen) => format!("không mở được máy chủ tại {what}: {reason}"),
        (Lang::En, TempFolder) => format!("cannot create a temporary folder: {reason}"),
        (Lang::Vi, TempFolder) => format!("không tạo được thư mục tạm: {reason}"),
        (Lang::En, RebuildThread) => format!("cannot start the rebuild thread: {reason}"),
        (Lang::Vi, RebuildThread) => format!("không khởi động được việc dựng lại: {reason}"),
        (Lang::En, StartServer) => format!("cannot start the server: {reason}"),
        (Lang::Vi, StartServer) => format!("không khởi động được máy chủ xem trước: {reason}"),
        (Lang::En, ServerStopped) => format!("the server stopped: {reason}"),
        (Lang::Vi, ServerStopped) => format!("máy chủ xem trước đã dừng: {reason}"),
        (Lang::En, Watch) => format!("cannot watch {what}: {reason}"),
        (Lang::Vi, Watch) => format!("không theo dõi được thay đổi của {what}: {reason}"),
    }
}

/// What the preview watches when no single folder is named.
pub fn the_files(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "các tệp",
        Lang::En => "files",
    }
}

/// `--bind` opens the preview to the network.
pub fn open_to_network(lang: Lang, bind: impl Display) -> String {
    match lang {
        Lang::Vi => format!(
            "--bind {bind}: mọi máy tính kết nối được tới máy này qua mạng đều xem được bản xem trước (kể cả bản nháp)"
        ),
        Lang::En => format!(
            "--bind {bind}: the preview (drafts included) can be read by every computer \
             that reaches this one on the network"
        ),
    }
}

/// The first build starts.
pub fn building(lang: Lang, root: &Path, drafts: bool) -> String {
    let root = root.display();
    match (lang, drafts) {
        (Lang::Vi, true) => format!("Đang dựng {root} (có cả bản nháp)…"),
        (Lang::Vi, false) => format!("Đang dựng {root} (không có bản nháp)…"),
        (Lang::En, true) => format!("Building {root} (drafts included)…"),
        (Lang::En, false) => format!("Building {root} (drafts left out)…"),
    }
}

/// The preview is served at `address`.
pub fn serving(lang: Lang, address: impl Display) -> String {
    match lang {
        Lang::Vi => format!("Đang phục vụ tại http://{address}/  (Ctrl+C để dừng)"),
        Lang::En => format!("Serving on http://{address}/  (Ctrl+C to stop)"),
    }
}

/// The files changed, named after a rebuild's line: " (content/x.md)", " (3 files)".
pub fn changed_files(lang: Lang, files: &[std::path::PathBuf]) -> String {
    match (lang, files) {
        (_, []) => String::new(),
        (_, [one]) => format!(" ({})", one.display()),
        (Lang::Vi, many) => format!(" ({} tệp)", many.len()),
        (Lang::En, many) => format!(" ({} files)", many.len()),
    }
}

/// The pages of the records saved are served updated; the rest of the site follows.
pub fn updated(lang: Lang, ms: u128, files: &str, urls: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "đã cập nhật trong {ms} ms{files}: {urls}; đang dựng lại phần còn lại của trang web…"
        ),
        Lang::En => format!("updated in {ms} ms{files}: {urls}; rebuilding the rest of the site…"),
    }
}

/// A whole build of the website ended (the first, or a rebuild).
pub fn built(lang: Lang, first: bool, ms: u128, pages: usize, warnings: usize) -> String {
    match lang {
        Lang::Vi => {
            let verb = if first {
                "đã dựng"
            } else {
                "đã dựng lại"
            };
            let extra = if warnings > 0 {
                format!(", {warnings} cảnh báo")
            } else {
                String::new()
            };
            format!("{verb} trong {ms} ms: {pages} trang{extra}")
        }
        Lang::En => {
            let verb = if first { "built" } else { "rebuilt" };
            let extra = match warnings {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            format!("{verb} in {ms} ms: {pages} pages{extra}")
        }
    }
}

/// A build failed with `errors` errors (after the change `files`); the last good version is
/// served if there is one.
pub fn build_failed(lang: Lang, errors: usize, files: &str, has_good: bool) -> String {
    match lang {
        Lang::Vi => format!(
            "{errors} lỗi{files}, {}",
            if has_good {
                "vẫn phục vụ bản tốt gần nhất"
            } else {
                "chưa có gì để phục vụ cho đến khi sửa xong các lỗi"
            }
        ),
        Lang::En => format!(
            "{errors} error{}{files}, {}",
            if errors == 1 { "" } else { "s" },
            if has_good {
                "serving the last good version"
            } else {
                "nothing to serve until they are fixed"
            }
        ),
    }
}

/// The handbook was rebuilt in `seconds`, with `sheets` capability sheets typeset.
pub fn handbook_rebuilt(lang: Lang, seconds: f64, sheets: Option<usize>) -> String {
    match lang {
        Lang::Vi => {
            let sheets = sheets
                .map(|n| format!(", dàn trang {n} hồ sơ năng lực"))
                .unwrap_or_default();
            let s = format!("{seconds:.1}").replace('.', ",");
            format!("đã dựng lại cẩm nang trong {s} giây{sheets}")
        }
        Lang::En => {
            let sheets = sheets
                .map(|n| format!(", {n} capability sheets typeset"))
                .unwrap_or_default();
            format!("handbook rebuilt in {seconds:.1} s{sheets}")
        }
    }
}

/// The capability sheets were rebuilt in `seconds` (the preview leaves the handbook out): `n`
/// of them typeset.
pub fn sheets_rebuilt(lang: Lang, seconds: f64, n: usize) -> String {
    match lang {
        Lang::Vi => {
            let s = format!("{seconds:.1}").replace('.', ",");
            format!("đã dựng lại hồ sơ năng lực trong {s} giây, dàn trang {n} hồ sơ")
        }
        Lang::En => format!("capability sheets rebuilt in {seconds:.1} s, {n} typeset"),
    }
}

/// A print file the preview can leave out (`cnht serve --no-handbook`, `--no-sheets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// The handbook and the events' exhibitor catalogues.
    Handbook,
    /// The capability sheets.
    Sheets,
}

impl LeftOut {
    /// The option of `cnht serve` that leaves it out.
    pub fn option(self) -> &'static str {
        match self {
            LeftOut::Handbook => "--no-handbook",
            LeftOut::Sheets => "--no-sheets",
        }
    }

    fn what(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Vi, LeftOut::Handbook) => "cẩm nang và danh mục đơn vị tham gia",
            (Lang::Vi, LeftOut::Sheets) => "hồ sơ năng lực",
            (Lang::En, LeftOut::Handbook) => "the handbook and the exhibitor catalogues",
            (Lang::En, LeftOut::Sheets) => "the capability sheets",
        }
    }
}

/// The preview's start: it does not typeset `parts` (said once, under "Building …").
pub fn leaves_out(lang: Lang, parts: &[LeftOut]) -> String {
    let what = match (lang, parts) {
        (_, [one]) => one.what(lang),
        (Lang::Vi, _) => "cẩm nang, danh mục đơn vị tham gia và hồ sơ năng lực",
        (Lang::En, _) => "the handbook, the exhibitor catalogues and the capability sheets",
    };
    let options: Vec<&str> = parts.iter().map(|p| p.option()).collect();
    let options = options.join(" ");
    match lang {
        Lang::Vi => format!("Bản xem trước không dàn trang {what} ({options})."),
        Lang::En => format!("The preview does not typeset {what} ({options})."),
    }
}

/// A print file of `part` was asked for, which this preview does not typeset.
pub fn left_out_file(lang: Lang, part: LeftOut) -> String {
    let (what, option) = (part.what(lang), part.option());
    match lang {
        Lang::Vi => format!(
            "Bản xem trước này không dàn trang {what}: cnht serve đang chạy với {option}. \
             Chạy lại cnht serve không có tùy chọn ấy, hoặc dùng cnht build, để có tệp PDF."
        ),
        Lang::En => format!(
            "This preview does not typeset {what}: cnht serve runs with {option}. Run \
             cnht serve again without it, or cnht build, to get the PDF."
        ),
    }
}

/// The preview leaves the handbook out: the site has `n` enterprises, more than `limit`.
pub fn handbook_too_large(lang: Lang, n: usize, limit: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "Trang web có {n} doanh nghiệp, hơn {limit}: bản xem trước không dàn trang cẩm nang và \
             danh mục đơn vị tham gia (việc ấy cần nhiều gigabyte bộ nhớ sau mỗi lần lưu). Dựng \
             cẩm nang bằng cnht handbook, hoặc chạy cnht serve --handbook để vẫn dàn trang nó ở đây."
        ),
        Lang::En => format!(
            "The site has {n} enterprises, more than {limit}: the preview does not typeset the \
             handbook and the exhibitor catalogues (that takes gigabytes of memory after every \
             save). Build the handbook with cnht handbook, or run cnht serve --handbook to \
             typeset it here all the same."
        ),
    }
}

/// The handbook could not be rebuilt: `errors` errors.
pub fn handbook_failed(lang: Lang, errors: usize) -> String {
    match lang {
        Lang::Vi => format!("cẩm nang: {errors} lỗi, các tệp PDF là của lần dựng tốt gần nhất"),
        Lang::En => format!(
            "handbook: {errors} error{}, the PDFs are those of the last good build",
            if errors == 1 { "" } else { "s" }
        ),
    }
}

/// The title of the error panel over the page when the content has `errors` errors.
pub fn panel_errors(lang: Lang, errors: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "Nội dung có {errors} lỗi — trang này là bản tốt gần nhất. \
             Sửa tệp được nêu bên dưới rồi lưu lại: bảng này sẽ tự mất sau lần dựng tốt tiếp theo."
        ),
        Lang::En => format!(
            "{errors} {} in the content — this page shows the last good version. \
             Fix the file{} below and save: this panel goes away after the next good build.",
            if errors == 1 { "error" } else { "errors" },
            if errors == 1 { "" } else { "s" },
        ),
    }
}

/// The title of the error panel when only the handbook failed.
pub fn panel_handbook(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => {
            "Không dựng lại được các tệp PDF của cẩm nang (trang web đã được cập nhật); \
             /cam-nang/ vẫn phục vụ các tệp PDF tốt gần nhất."
        }
        Lang::En => {
            "The handbook PDFs could not be rebuilt (the website is up to date); \
             /cam-nang/ serves the last good PDFs."
        }
    }
}

/// The answer to a request whose path is not a page's (`..`, an encoded NUL…).
pub fn bad_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "đường dẫn không hợp lệ",
        Lang::En => "bad request path",
    }
}

/// The answer when a built page cannot be read, for `reason`.
pub fn unreadable_page(lang: Lang, reason: impl Display) -> String {
    match lang {
        Lang::Vi => format!("không đọc được trang: {reason}"),
        Lang::En => format!("cannot read the page: {reason}"),
    }
}

/// The label of the panel's close button.
pub fn panel_hide(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Ẩn",
        Lang::En => "Hide",
    }
}

/// The page shown while no build has succeeded: (language code, title, heading, text).
pub fn nothing_built(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Vi => [
            "vi",
            "cnht serve: chưa dựng được gì",
            "Chưa có gì để hiển thị",
            "Chưa dựng được trang web. Trang này sẽ tự tải lại khi các lỗi được sửa.",
        ],
        Lang::En => [
            "en",
            "cnht serve: nothing built yet",
            "Nothing to show yet",
            "The site could not be built. This page reloads by itself once the errors are fixed.",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rebuild_lines_in_both_languages() {
        assert_eq!(
            built(Lang::En, false, 120, 380, 1),
            "rebuilt in 120 ms: 380 pages, 1 warning"
        );
        assert_eq!(
            built(Lang::Vi, true, 120, 380, 2),
            "đã dựng trong 120 ms: 380 trang, 2 cảnh báo"
        );
        assert_eq!(
            build_failed(Lang::Vi, 2, " (content/x.md)", true),
            "2 lỗi (content/x.md), vẫn phục vụ bản tốt gần nhất"
        );
        assert_eq!(
            handbook_rebuilt(Lang::Vi, 12.34, Some(3)),
            "đã dựng lại cẩm nang trong 12,3 giây, dàn trang 3 hồ sơ năng lực"
        );
    }
}
