//! What a build says when the system refuses it a file or a folder (a disk full, a file locked,
//! a permission missing): what it could not do, in English and Vietnamese, followed by the
//! system's own reason.

use super::{both, Both, Lang};
use std::fmt::Display;
use std::path::Path;

/// What the build could not do. The finding's file is the one concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cannot {
    /// Write a file.
    Write,
    /// Open a file.
    Open,
    /// Copy a file.
    Copy,
    /// Remove a file.
    Remove,
    /// Compress a file for the web server.
    Compress,
    /// Encode a data file.
    Encode,
    /// Create a folder.
    CreateFolder,
    /// Read the output folder.
    ReadOutput,
    /// Use the output folder given (it cannot be resolved).
    UseOutput,
    /// Open the site folder.
    OpenSite,
    /// Create the output folder.
    CreateOutput,
    /// Create the folder the build renders into.
    CreateStaging,
    /// Clean the spare folder kept from the previous build.
    CleanSpare,
    /// Read the published site.
    ReadPublished,
    /// Move the old site aside while the new one takes its place.
    MoveOldAside,
    /// Put the new site in place.
    PublishNew,
    /// Write the handbook.
    WriteHandbook,
    /// Write the exhibitor catalogue.
    WriteCatalogue,
    /// Write the catalogue's data for Typst.
    WriteCatalogueData,
    /// Write a capability sheet.
    WriteSheet,
    /// Write a capability sheet's data for Typst.
    WriteSheetData,
    /// Read the handbook fonts.
    ReadFonts,
    /// Read the fonts of the capability sheets.
    ReadSheetFonts,
    /// Read a template of the theme.
    ReadTemplate,
    /// Read the theme's static files.
    ReadThemeStatic,
    /// Copy the theme's static files.
    CopyThemeStatic,
    /// Read an image.
    ReadImage,
    /// Write an image.
    WriteImage,
    /// Publish an enterprise's logo.
    PublishLogo,
    /// Write the search index.
    Index,
}

impl Cannot {
    /// What could not be done: (English, Vietnamese).
    fn words(self) -> (&'static str, &'static str) {
        use Cannot::*;
        match self {
            Write => ("cannot write", "không ghi được tệp"),
            Open => ("cannot open", "không mở được tệp"),
            Copy => ("cannot copy", "không sao chép được tệp"),
            Remove => ("cannot remove", "không xoá được tệp"),
            Compress => ("cannot compress", "không nén được tệp"),
            Encode => ("cannot encode", "không tạo được tệp dữ liệu"),
            CreateFolder => ("cannot create folder", "không tạo được thư mục"),
            ReadOutput => (
                "cannot read the output folder",
                "không đọc được thư mục xuất bản",
            ),
            UseOutput => (
                "cannot use the output folder",
                "không dùng được thư mục xuất bản",
            ),
            OpenSite => (
                "cannot open the site folder",
                "không mở được thư mục trang web",
            ),
            CreateOutput => (
                "cannot create the output folder",
                "không tạo được thư mục xuất bản",
            ),
            CreateStaging => (
                "cannot create a staging folder",
                "không tạo được thư mục tạm để dựng",
            ),
            CleanSpare => (
                "cannot clean the spare folder",
                "không dọn được thư mục dự phòng của lần dựng trước",
            ),
            ReadPublished => (
                "cannot read the published site",
                "không đọc được trang web đã xuất bản",
            ),
            MoveOldAside => (
                "cannot move the old site aside",
                "không chuyển được trang web cũ sang chỗ khác",
            ),
            PublishNew => (
                "cannot publish the new site",
                "không xuất bản được trang web mới",
            ),
            WriteHandbook => ("cannot write the handbook", "không ghi được tệp cẩm nang"),
            WriteCatalogue => (
                "cannot write the catalogue",
                "không ghi được tệp danh mục đơn vị tham gia",
            ),
            WriteCatalogueData => (
                "the catalogue's data cannot be written",
                "không ghi được dữ liệu của danh mục đơn vị tham gia",
            ),
            WriteSheet => (
                "cannot write the capability sheet",
                "không ghi được tệp hồ sơ năng lực",
            ),
            WriteSheetData => (
                "the capability sheet's data cannot be written",
                "không ghi được dữ liệu của hồ sơ năng lực",
            ),
            ReadFonts => (
                "cannot read the handbook fonts",
                "không đọc được phông chữ của cẩm nang",
            ),
            ReadSheetFonts => (
                "cannot read the fonts of the capability sheets",
                "không đọc được phông chữ của hồ sơ năng lực",
            ),
            ReadTemplate => ("cannot read template", "không đọc được mẫu trang"),
            ReadThemeStatic => (
                "cannot read the theme's static files",
                "không đọc được các tệp tĩnh của giao diện",
            ),
            CopyThemeStatic => (
                "cannot copy the theme's static files",
                "không sao chép được các tệp tĩnh của giao diện",
            ),
            ReadImage => ("cannot read the image", "không đọc được ảnh"),
            WriteImage => ("cannot write the image", "không ghi được ảnh"),
            PublishLogo => ("cannot publish the logo", "không xuất bản được logo"),
            Index => ("the search index failed", "không tạo được chỉ mục tìm kiếm"),
        }
    }
}

/// `what` could not be done, for the system's `reason`.
pub fn cannot(what: Cannot, reason: impl Display) -> Both {
    let (en, vi) = what.words();
    both(format!("{en}: {reason}"), format!("{vi}: {reason}"))
}

/// A reason cnht itself gives for refusing a file or folder, where the system's reason would
/// stand (it ends up after "cannot …:" like the system's), in the language chosen.
#[derive(Debug)]
pub enum Reason<'a> {
    /// A part of the output path exists but its real path cannot be found.
    Unresolvable(&'a Path, &'a std::io::Error),
    /// A folder stands where the output folder's marker file must go.
    FolderInTheWay,
    /// The build's record of the files it put is unusable (a thread writing it failed).
    RecordUnusable,
}

impl Reason<'_> {
    /// The reason in `lang`.
    pub fn said(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Unresolvable(path, e), Lang::En) => {
                format!("{} cannot be resolved: {e}", path.display())
            }
            (Reason::Unresolvable(path, e), Lang::Vi) => {
                format!("không tìm được đường dẫn thật của {}: {e}", path.display())
            }
            (Reason::FolderInTheWay, Lang::En) => "a folder of that name is in the way".into(),
            (Reason::FolderInTheWay, Lang::Vi) => "một thư mục trùng tên đang chiếm chỗ".into(),
            (Reason::RecordUnusable, Lang::En) => "the record of written files is unusable".into(),
            (Reason::RecordUnusable, Lang::Vi) => {
                "danh sách các tệp đã ghi không còn dùng được".into()
            }
        }
    }

    /// The reason as an I/O error of `kind`, in the language messages are printed in.
    pub fn error(&self, kind: std::io::ErrorKind) -> std::io::Error {
        std::io::Error::new(kind, self.said(super::current()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cnht_s_own_reasons_are_said_in_both_languages() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let r = Reason::Unresolvable(Path::new("/srv/site"), &e);
        assert!(r
            .said(Lang::En)
            .starts_with("/srv/site cannot be resolved: "));
        assert!(r
            .said(Lang::Vi)
            .starts_with("không tìm được đường dẫn thật của /srv/site: "));
        assert_eq!(
            Reason::FolderInTheWay.said(Lang::Vi),
            "một thư mục trùng tên đang chiếm chỗ"
        );
        assert_eq!(
            Reason::RecordUnusable.said(Lang::En),
            "the record of written files is unusable"
        );
    }

    #[test]
    fn the_reason_follows_what_could_not_be_done() {
        let (en, vi) = cannot(Cannot::WriteHandbook, "No space left on device");
        assert_eq!(
            en.message,
            "cannot write the handbook: No space left on device"
        );
        assert_eq!(
            vi.message,
            "không ghi được tệp cẩm nang: No space left on device"
        );
    }
}
