//! The words `cnht` says to editors, in Vietnamese and in English, in one place. Vietnamese is
//! the default of the command line (`lang = "vi"` in content/site.toml, or `--lang en`). Each
//! finding is made with both texts (`Both`: a `Diagnostic` carries them, `Diagnostic::said`, as
//! does the import's `Note`) and shown in the language chosen when it is printed.
//!
//! - here: the language, the frame of a report (its summary line, the severity tags);
//! - `check`: the common typing mistakes in TOML, missing, unknown and mistyped fields, values
//!   (numbers, dates, web and e-mail addresses, phone numbers, tax codes);
//! - `content`: files and folders, references between records, links, the vocabularies;
//! - `events`: the problems of an event file (booths, exhibitors, tax codes);
//! - `import`: the frame of `cnht import`'s report and the stops of a whole import;
//! - `cells`: what the import says about single cells of the survey;
//! - `print`: what the PDF renderers say of characters they cannot print;
//! - `preflight`: what preflight finds wrong in a print file;
//! - `handbook`: the PDF renderers' other findings (templates, fonts, logos, the colour profile,
//!   the imprint, preflight, the capability sheets);
//! - `render`: the website renderer's findings (the theme, images, pages);
//! - `files`: a file or folder the system refused to read, write or create;
//! - `publish`: the output folder refused and why, `--force`, a failed publication;
//! - `build`: the status lines of `cnht build` and `cnht handbook`;
//! - `serve`: the live preview's lines on the terminal and its panel in the browser;
//! - `new`: what `cnht new` says;
//! - `cli`: the command line's help and its answer to a mistyped command.
//!
//! Lines a command prints take the language (`current()`); findings carry both.

pub mod build;
pub mod cells;
pub mod check;
pub mod cli;
pub mod content;
pub mod events;
pub mod files;
pub mod handbook;
pub mod import;
pub mod links;
pub mod new;
pub mod preflight;
pub mod print;
pub mod publish;
pub mod render;
pub mod serve;

pub use check::{empty_list, line_key, missing_field, toml_syntax, unknown_field};

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

/// A finding said in both languages: (English, Vietnamese).
pub type Both = (Said, Said);

/// A message with its hint.
pub(crate) fn said(message: impl Into<String>, hint: impl Into<String>) -> Said {
    Said {
        message: message.into(),
        hint: Some(hint.into()),
    }
}

/// A message without a hint.
pub(crate) fn plain(message: impl Into<String>) -> Said {
    Said {
        message: message.into(),
        hint: None,
    }
}

/// A message without a hint, in English and Vietnamese.
pub(crate) fn both(en: impl Into<String>, vi: impl Into<String>) -> Both {
    (plain(en), plain(vi))
}

/// The one wording of a suggestion, "did you mean `shown`?", in English and Vietnamese
/// (`shown` as the message writes it: quoted, in backticks, as a path).
pub(crate) fn did_you_mean(shown: &str) -> (String, String) {
    (
        format!("did you mean {shown}?"),
        format!("có phải là {shown}?"),
    )
}

/// A message whose hint suggests `near` ([`did_you_mean`]) when there is one, else says
/// `otherwise` (no hint with `None`).
pub(crate) fn suggesting(
    en: String,
    vi: String,
    near: Option<String>,
    otherwise: Option<(&str, &str)>,
) -> Both {
    match (near, otherwise) {
        (Some(shown), _) => {
            let (en_hint, vi_hint) = did_you_mean(&shown);
            hinted(en, en_hint, vi, vi_hint)
        }
        (None, Some((en_hint, vi_hint))) => hinted(en, en_hint, vi, vi_hint),
        (None, None) => both(en, vi),
    }
}

/// A message and its hint, in English and Vietnamese.
pub(crate) fn hinted(
    en: impl Into<String>,
    en_hint: impl Into<String>,
    vi: impl Into<String>,
    vi_hint: impl Into<String>,
) -> Both {
    (said(en, en_hint), said(vi, vi_hint))
}

/// The text of `both` in `lang`.
pub fn pick(both: &Both, lang: Lang) -> &Said {
    match lang {
        Lang::Vi => &both.1,
        Lang::En => &both.0,
    }
}

/// The tag before a finding: "error"/"lỗi" or "warning"/"cảnh báo".
pub fn severity(lang: Lang, error: bool) -> &'static str {
    match (lang, error) {
        (Lang::Vi, true) => "lỗi",
        (Lang::Vi, false) => "cảnh báo",
        (Lang::En, true) => "error",
        (Lang::En, false) => "warning",
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

/// "in content/x.md", for a finding without a place in its file; `folder` when the finding is
/// about a folder (an output folder refused, handbook/fonts).
pub fn in_file(lang: Lang, file: &str, folder: bool) -> String {
    match (lang, folder) {
        (Lang::Vi, false) => format!("trong tệp {file}"),
        (Lang::Vi, true) => format!("trong thư mục {file}"),
        (Lang::En, _) => format!("in {file}"),
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
