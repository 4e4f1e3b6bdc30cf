//! What a build says about where it publishes: an output folder refused (and why), a folder of
//! someone else's files replaced with `--force`, a publication that could not take the old
//! one's place, and what an interrupted build left behind.

use super::{both, hinted, Both, Lang};
use std::path::{Path, PathBuf};

/// Why a folder may never be published into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forbidden {
    /// The root of the file system.
    FileSystemRoot,
    /// The site folder itself.
    SiteFolder,
    /// A folder that contains the site folder.
    ContainsSite(PathBuf),
    /// A source folder of the site (`content/`, `themes/`…) or a folder inside one.
    Source {
        /// The source folder.
        folder: PathBuf,
        /// Whether the output is inside it rather than it.
        inside: bool,
    },
    /// The user's home folder.
    Home,
    /// A folder that contains the user's home folder.
    ContainsHome(PathBuf),
}

impl Forbidden {
    /// Why, in (English, Vietnamese).
    pub fn words(&self) -> (String, String) {
        match self {
            Forbidden::FileSystemRoot => (
                "it is the root of the file system".into(),
                "đó là thư mục gốc của hệ thống tệp".into(),
            ),
            Forbidden::SiteFolder => (
                "it is the site folder itself (content/, themes/, handbook/ are in it)".into(),
                "đó chính là thư mục trang web (chứa content/, themes/, handbook/)".into(),
            ),
            Forbidden::ContainsSite(site) => (
                format!("it contains the site folder {}", site.display()),
                format!("thư mục này chứa thư mục trang web {}", site.display()),
            ),
            Forbidden::Source { folder, inside } => {
                let f = folder.display();
                if *inside {
                    (
                        format!("it is inside {f}, part of the site's sources"),
                        format!("thư mục này nằm trong {f}, thuộc nguồn của trang web"),
                    )
                } else {
                    (
                        format!("it is {f}, part of the site's sources"),
                        format!("đó là {f}, thuộc nguồn của trang web"),
                    )
                }
            }
            Forbidden::Home => (
                "it is your home folder".into(),
                "đó là thư mục riêng (home) của bạn".into(),
            ),
            Forbidden::ContainsHome(home) => (
                format!("it contains your home folder {}", home.display()),
                format!(
                    "thư mục này chứa thư mục riêng (home) của bạn {}",
                    home.display()
                ),
            ),
        }
    }
}

/// The output folder `shown` may never be published into, for `why`; `default` is the usual
/// output folder of the site.
pub fn refused(shown: Shown, why: &Forbidden, default: &Path) -> Both {
    let (why_en, why_vi) = why.words();
    let (shown, shown_vi) = shown.both();
    let default = default.display();
    hinted(
        format!("cnht never publishes into {shown}: {why_en}"),
        format!(
            "choose another --out, a new or empty folder outside the site's sources, such as \
             {default} (the default); --force does not change this"
        ),
        format!("cnht không bao giờ xuất bản vào {shown_vi}: {why_vi}"),
        format!(
            "chọn một --out khác, một thư mục mới hoặc trống nằm ngoài nguồn của trang web, ví dụ \
             {default} (mặc định); --force cũng không thay đổi điều này"
        ),
    )
}

/// An output folder as the messages name it: its real place, and how it was given when that
/// differs.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// The real place.
    pub path: &'a Path,
    /// The folder as given (`--out`).
    pub given: &'a Path,
}

impl Shown<'_> {
    fn in_lang(&self, lang: Lang) -> String {
        let path = self.path.display();
        if self.path == self.given {
            return path.to_string();
        }
        let given = self.given.display();
        match lang {
            Lang::Vi => format!("{path} (nhập là {given})"),
            Lang::En => format!("{path} (given as {given})"),
        }
    }

    fn both(&self) -> (String, String) {
        (self.in_lang(Lang::En), self.in_lang(Lang::Vi))
    }
}

/// The output folder `shown` cannot be read.
pub fn unreadable_output(shown: Shown, reason: impl std::fmt::Display) -> Both {
    let (shown, shown_vi) = shown.both();
    both(
        format!("cannot read the output folder {shown}: {reason}"),
        format!("không đọc được thư mục xuất bản {shown_vi}: {reason}"),
    )
}

/// The output `shown` is a file.
pub fn output_is_a_file(shown: Shown) -> Both {
    let (shown, shown_vi) = shown.both();
    hinted(
        format!("the output {shown} is a file, not a folder: cnht never replaces it"),
        "choose another --out, or move that file away and build again",
        format!("{shown_vi} là một tệp, không phải thư mục: cnht không bao giờ ghi đè lên nó"),
        "chọn một --out khác, hoặc chuyển tệp đó đi chỗ khác rồi dựng lại",
    )
}

/// `n` entries (English).
fn entries_en(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

/// The output folder `shown` holds `entries` entries cnht did not write, `sample`
/// among them, and no `marker` file.
pub fn foreign_output(shown: Shown, entries: usize, sample: &str, marker: &str) -> Both {
    let path = shown.path.display();
    let (shown, shown_vi) = shown.both();
    hinted(
        format!(
            "cnht will not replace {shown}: it holds files that cnht did not write \
             ({}, such as `{sample}`, and no {marker} file)",
            entries_en(entries)
        ),
        format!(
            "cnht replaces only a folder it published, an empty folder or a new one: choose \
             another --out, or run again with --force to delete everything in {path} and publish there"
        ),
        format!(
            "cnht sẽ không thay thế {shown_vi}: thư mục này chứa tệp không do cnht ghi \
             ({entries} mục, ví dụ `{sample}`, và không có tệp {marker})"
        ),
        format!(
            "cnht chỉ thay thế thư mục do chính nó xuất bản, thư mục trống hoặc thư mục mới: chọn \
             một --out khác, hoặc chạy lại với --force để xoá mọi thứ trong {path} và xuất bản vào đó"
        ),
    )
}

/// `--force`: the folder at `path` holds `entries` entries cnht did not write; they are deleted
/// once the new build is ready.
pub fn forced(lang: Lang, path: &Path, entries: usize, marker: &str) -> String {
    let path = path.display();
    match lang {
        Lang::Vi => format!(
            "--force: {path} chứa {entries} mục không do cnht ghi (không có tệp {marker}); \
             {} sẽ bị xoá khi bản dựng mới sẵn sàng",
            if entries == 1 {
                "mục đó"
            } else {
                "tất cả"
            }
        ),
        Lang::En => format!(
            "--force: {path} holds {} that cnht did not write (no {marker} file); \
             {} deleted once the new build is ready",
            entries_en(entries),
            if entries == 1 {
                "it will be"
            } else {
                "they will all be"
            },
        ),
    }
}

/// The output became a file while the build ran.
pub fn became_a_file() -> Both {
    both(
        "the output became a file while the build ran: nothing was published",
        "thư mục xuất bản đã bị thay bằng một tệp trong lúc dựng: chưa xuất bản gì",
    )
}

/// Files cnht did not write appeared in `target` while the build ran.
pub fn foreign_appeared(target: &Path) -> Both {
    let target = target.display();
    hinted(
        format!(
            "files that cnht did not write appeared in {target} while the build ran: \
             nothing was published"
        ),
        "run again with --force to replace them, or choose another --out",
        format!("trong lúc dựng, {target} xuất hiện các tệp không do cnht ghi: chưa xuất bản gì"),
        "chạy lại với --force để thay thế chúng, hoặc chọn một --out khác",
    )
}

/// Another build is publishing into the same folder.
pub fn busy(reason: impl std::fmt::Display) -> Both {
    hinted(
        format!("cannot publish: another cnht build is publishing into this folder ({reason})"),
        "wait for it to finish, then build again",
        format!(
            "không xuất bản được: một lần dựng cnht khác đang xuất bản vào thư mục này ({reason})"
        ),
        "đợi lần dựng đó xong rồi dựng lại",
    )
}

/// Removed the `names` folders an interrupted build left.
pub fn leftovers_removed(names: &[String]) -> Both {
    let n = names.len();
    let list = names.join(", ");
    both(
        format!(
            "removed {n} folder{} left by an interrupted build: {list}",
            if n == 1 { "" } else { "s" }
        ),
        format!("đã xoá {n} thư mục do một lần dựng bị ngắt để lại: {list}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_folder_says_why_in_both_languages() {
        let why = Forbidden::Source {
            folder: PathBuf::from("/s/content"),
            inside: true,
        };
        let shown = Shown {
            path: Path::new("/s/content/x"),
            given: Path::new("/s/content/x"),
        };
        let (en, vi) = refused(shown, &why, Path::new("/s/public"));
        assert_eq!(
            en.message,
            "cnht never publishes into /s/content/x: it is inside /s/content, part of the site's sources"
        );
        assert_eq!(
            vi.message,
            "cnht không bao giờ xuất bản vào /s/content/x: thư mục này nằm trong /s/content, thuộc nguồn của trang web"
        );
        assert!(vi.hint.unwrap().contains("/s/public (mặc định)"));
        assert_eq!(
            forced(Lang::En, Path::new("/o"), 1, ".cnht-output"),
            "--force: /o holds 1 entry that cnht did not write (no .cnht-output file); it will be deleted once the new build is ready"
        );
    }
}
