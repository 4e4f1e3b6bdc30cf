//! The words `cnht` says to editors about their files, in Vietnamese and in English, in one
//! place: the common typing mistakes in TOML (a missing closing quote, curly quotes, a tax code
//! without quotes, an empty list), missing and unknown fields, the frame of a report, and the
//! problems of an event file (`events`).
//! Vietnamese is the default of the command line (`lang = "vi"` in content/site.toml, or
//! `--lang en`); a finding without a Vietnamese text is shown in English.

pub mod events;

use std::sync::atomic::{AtomicU8, Ordering};

/// The language of the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `"vi"` or `"en"`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// 0: not set (English, as the library and its tests speak), 1: Vietnamese, 2: English.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language reports are rendered in for the rest of the process (the command line
/// does, once, from `--lang` or the site's settings).
pub fn set(lang: Lang) {
    CURRENT.store(if lang == Lang::Vi { 1 } else { 2 }, Ordering::Relaxed);
}

/// The language reports are rendered in.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

/// A message and its hint in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

fn said(message: impl Into<String>, hint: impl Into<String>) -> Said {
    Said {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// The last line of a report: how many errors and warnings.
pub fn summary(lang: Lang, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Vi => format!("{errors} lỗi, {warnings} cảnh báo"),
        Lang::En => format!(
            "{} error{}, {} warning{}",
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" }
        ),
    }
}

/// What `cnht check` says when the content has errors.
pub fn nothing_built(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Chưa dựng gì. Sửa các lỗi ở trên rồi chạy lại lệnh.",
        Lang::En => "Nothing was built. Fix the errors above and run the command again.",
    }
}

/// What `cnht check` says when the content has no errors.
pub fn content_valid(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Nội dung hợp lệ: không có lỗi.",
        Lang::En => "Content is valid: no errors.",
    }
}

/// "in content/x.md", for a finding without a place in its file.
pub fn in_file(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Vi => format!("trong tệp {file}"),
        Lang::En => format!("in {file}"),
    }
}

/// The key of a TOML line (`tax_code` of `tax_code = 0100…`), when it has one.
pub fn line_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(char::is_whitespace)).then_some(key)
}

/// Whether the value part of a TOML line opens a basic string it does not close.
fn unclosed_quote(line: &str) -> bool {
    let Some((_, value)) = line.split_once('=') else {
        return false;
    };
    let mut open = false;
    let mut escaped = false;
    for c in value.chars() {
        match c {
            '#' if !open => break,
            '\\' if open && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => open = !open,
            _ => {}
        }
        escaped = false;
    }
    open
}

/// A TOML syntax error in plain words, English and Vietnamese, from the parser's message and
/// the line it is on.
pub fn toml_syntax(raw: &str, line: &str) -> (Said, Said) {
    let key = line_key(line).unwrap_or("key");
    if line.contains(['“', '”', '„', '‘', '’']) {
        return (
            said(
                "curly quotes “…” are not quotes TOML knows (a word processor or phone typed them)",
                format!("retype them as straight quotes: {key} = \"…\""),
            ),
            said(
                "dấu ngoặc kép cong “…” (do Word hoặc điện thoại tự đổi) không dùng được trong TOML",
                format!("gõ lại bằng dấu ngoặc kép thẳng: {key} = \"…\""),
            ),
        );
    }
    if raw.contains("leading zero") {
        // The value as typed, to show it in quotes.
        let value = line
            .split_once('=')
            .map(|(_, v)| v.split('#').next().unwrap_or("").trim())
            .filter(|v| !v.is_empty())
            .unwrap_or("0100233488");
        return (
            said(
                format!("`{key}` is written as a number starting with 0: a tax code or a phone number is text, in quotes"),
                format!("put the value in quotes: {key} = \"{value}\""),
            ),
            said(
                format!("`{key}` được viết như một số bắt đầu bằng 0: mã số thuế hay số điện thoại phải là chữ, đặt trong ngoặc kép"),
                format!("đặt giá trị trong ngoặc kép: {key} = \"{value}\""),
            ),
        );
    }
    if unclosed_quote(line) {
        return (
            said(
                "the closing quote \" of this value is missing",
                format!("end the value with \": {key} = \"…\""),
            ),
            said(
                "thiếu dấu ngoặc kép \" đóng giá trị này",
                format!("thêm dấu \" ở cuối giá trị: {key} = \"…\""),
            ),
        );
    }
    (
        said(
            format!("this is not valid TOML: {raw}"),
            "values are written `key = \"text\"`, numbers without quotes, lists as `[\"a\", \"b\"]`",
        ),
        said(
            format!("dòng này không đúng cú pháp TOML ({raw})"),
            "viết `tên = \"chữ\"`, số không có ngoặc kép, danh sách như `[\"a\", \"b\"]`",
        ),
    )
}

/// A required field that is not written.
pub fn missing_field(path: &str, key: &str, what: &str) -> (Said, Said) {
    (
        said(
            format!("required field `{path}` is missing"),
            format!("add a line `{key} = …` with {what}"),
        ),
        said(
            format!("thiếu trường bắt buộc `{path}`"),
            format!("thêm một dòng `{key} = …`"),
        ),
    )
}

/// A required list written empty (`products = []`).
pub fn empty_list(path: &str, key: &str, what: &str) -> (Said, Said) {
    (
        said(
            format!("`{path}` is empty, but at least one item is required"),
            format!("write {what}"),
        ),
        said(
            format!("danh sách `{path}` đang trống, cần ít nhất một mục"),
            format!("ghi ít nhất một mục, ví dụ {key} = [\"…\"]"),
        ),
    )
}

/// A key this tool does not know; `suggestion` is the close one, if any.
pub fn unknown_field(path: &str, suggestion: Option<&str>, allowed: &str) -> (Said, Said) {
    let (hint_en, hint_vi) = match suggestion {
        Some(s) => (format!("did you mean `{s}`?"), format!("có phải là `{s}`?")),
        None => (
            format!("allowed fields here: {allowed}"),
            format!("các trường dùng được ở đây: {allowed}"),
        ),
    };
    (
        said(
            format!(
                "unknown field `{path}`: this tool does not know it, so its value would be lost"
            ),
            hint_en,
        ),
        said(
            format!("trường `{path}` không có trong danh sách: giá trị của nó sẽ bị bỏ qua"),
            hint_vi,
        ),
    )
}

/// The words of `cnht import`'s report around its findings.
pub mod import {
    use super::Lang;

    fn rows(rows: &[usize]) -> String {
        rows.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "Read khao-sat.csv: 31 rows of enterprises".
    pub fn read(lang: Lang, file: &str, n: usize) -> String {
        match lang {
            Lang::Vi => format!("Đã đọc {file}: {n} dòng doanh nghiệp"),
            Lang::En => format!(
                "Read {file}: {n} row{} of enterprises",
                if n == 1 { "" } else { "s" }
            ),
        }
    }

    /// "error: row 5, column "Mã số thuế": " before a finding.
    pub fn place(lang: Lang, error: bool, row: Option<usize>, column: Option<&str>) -> String {
        let (sev, row_w, col_w) = match (lang, error) {
            (Lang::Vi, true) => ("lỗi", "dòng", "cột"),
            (Lang::Vi, false) => ("cảnh báo", "dòng", "cột"),
            (Lang::En, true) => ("error", "row", "column"),
            (Lang::En, false) => ("warning", "row", "column"),
        };
        match (row, column) {
            (Some(r), Some(c)) => format!("{sev}: {row_w} {r}, {col_w} \"{c}\": "),
            (Some(r), None) => format!("{sev}: {row_w} {r}: "),
            (None, Some(c)) => format!("{sev}: {col_w} \"{c}\": "),
            (None, None) => format!("{sev}: "),
        }
    }

    /// "  hint: " before a hint.
    pub fn hint(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "  gợi ý: ",
            Lang::En => "  hint: ",
        }
    }

    /// The verb of an action: created, updated or unchanged.
    pub fn verb(lang: Lang, which: usize) -> &'static str {
        match (lang, which) {
            (Lang::Vi, 0) => "tạo mới",
            (Lang::Vi, 1) => "cập nhật",
            (Lang::Vi, _) => "không đổi",
            (Lang::En, 0) => "create",
            (Lang::En, 1) => "update",
            (Lang::En, _) => "unchanged",
        }
    }

    /// "column" before a column's letter.
    pub fn column(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "cột",
            Lang::En => "column",
        }
    }

    /// "row" in "(row 4: …)".
    pub fn row(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "dòng",
            Lang::En => "row",
        }
    }

    /// "(none)": a value the file did not have.
    pub fn none(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "(chưa có)",
            Lang::En => "(none)",
        }
    }

    /// The counts: "3 created, 1 updated, 950 unchanged, 1 replaced by a later row (row 8),
    /// 2 rejected (rows 14, 87)".
    pub fn summary(
        lang: Lang,
        counts: (usize, usize, usize),
        replaced: &[usize],
        rejected: &[usize],
    ) -> String {
        let (c, u, s) = counts;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut out = match lang {
            Lang::Vi => format!("{c} tạo mới, {u} cập nhật, {s} không đổi"),
            Lang::En => format!("{c} created, {u} updated, {s} unchanged"),
        };
        if !replaced.is_empty() {
            out.push_str(&match lang {
                Lang::Vi => format!(
                    ", {} thay bằng dòng gửi sau (dòng {})",
                    replaced.len(),
                    rows(replaced)
                ),
                Lang::En => format!(
                    ", {} replaced by a later row (row{} {})",
                    replaced.len(),
                    plural(replaced.len()),
                    rows(replaced)
                ),
            });
        }
        if !rejected.is_empty() {
            out.push_str(&match lang {
                Lang::Vi => format!(", {} bị từ chối (dòng {})", rejected.len(), rows(rejected)),
                Lang::En => format!(
                    ", {} rejected (row{} {})",
                    rejected.len(),
                    plural(rejected.len()),
                    rows(rejected)
                ),
            });
        }
        out
    }

    /// After the list, when rows were rejected.
    pub fn rejected(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Các dòng bị từ chối chưa được nhập: sửa chúng trong bảng tính rồi nhập lại (các dòng đã nhập sẽ hiện là không đổi).",
            Lang::En => "The rejected rows were not imported: correct them in the spreadsheet and import it again (rows already imported will show as unchanged).",
        }
    }

    /// The end of a dry run.
    pub fn dry_run(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Chạy thử: chưa ghi gì. Chạy lại đúng lệnh này với --write để ghi các tệp trên.",
            Lang::En => "Dry run: nothing was written. Run the same command with --write to write these files.",
        }
    }

    /// "Wrote 3 files."
    pub fn wrote(lang: Lang, n: usize) -> String {
        match lang {
            Lang::Vi => format!("Đã ghi {n} tệp."),
            Lang::En => format!("Wrote {n} file{}.", if n == 1 { "" } else { "s" }),
        }
    }

    /// Before the check that follows `--write`.
    pub fn checking(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Đang kiểm tra trang (như `cnht check`)…",
            Lang::En => "Checking the site (as `cnht check` does)…",
        }
    }

    /// When the written site has errors.
    pub fn site_now_has_errors(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Trang giờ có lỗi (ở trên): sửa các tệp hoặc bảng tính rồi chạy `cnht check`.",
            Lang::En => "The site now has errors (above): correct the files or the spreadsheet, then run `cnht check`.",
        }
    }

    /// When the site had errors before the import.
    pub fn site_has_errors(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Trang đang có lỗi (ở trên): sửa trước (`cnht check`) rồi nhập lại. Chưa nhập gì.",
            Lang::En => "The site has errors (above): fix them first (`cnht check`), then import again. Nothing was imported.",
        }
    }

    /// When the import could not run at all.
    pub fn nothing_imported(lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => "Chưa nhập gì.",
            Lang::En => "Nothing was imported.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_mistakes_are_named() {
        let (en, vi) = toml_syntax("invalid basic string", "name = “Minh Phát”");
        assert!(en.message.contains("curly quotes") && vi.message.contains("cong"));
        let (en, vi) = toml_syntax(
            "unexpected leading zero, expected nothing",
            "tax_code = 0100233488",
        );
        assert!(
            en.message.contains("`tax_code`")
                && vi.hint.unwrap().contains("tax_code = \"0100233488\"")
        );
        assert!(en.hint.unwrap().contains("in quotes"));
        let (en, vi) = toml_syntax("invalid basic string", "name = \"Minh Phát   # tên");
        assert!(en.message.contains("closing quote") && vi.message.contains("thiếu dấu"));
        let (en, _) = toml_syntax("invalid basic string", "name = \"a \\\" b\"");
        assert!(en.message.contains("not valid TOML"));
        assert_eq!(line_key("  [contact]"), None);
        assert_eq!(summary(Lang::Vi, 2, 0), "2 lỗi, 0 cảnh báo");
        assert_eq!(summary(Lang::En, 1, 2), "1 error, 2 warnings");
        assert_eq!(
            import::summary(Lang::En, (1, 0, 2), &[8], &[5, 6]),
            "1 created, 0 updated, 2 unchanged, 1 replaced by a later row (row 8), 2 rejected (rows 5, 6)"
        );
        assert_eq!(
            import::summary(Lang::Vi, (1, 0, 2), &[8], &[5, 6]),
            "1 tạo mới, 0 cập nhật, 2 không đổi, 1 thay bằng dòng gửi sau (dòng 8), 2 bị từ chối (dòng 5, 6)"
        );
        assert_eq!(
            import::place(Lang::Vi, true, Some(5), Some("Mã số thuế")),
            "lỗi: dòng 5, cột \"Mã số thuế\": "
        );
    }
}
