//! The Typst `World` of the handbook: templates from `<root>/handbook/`, the model and the logos
//! as virtual files under `/data/`, fonts only from `<root>/handbook/fonts/`, a fixed date. A
//! symbolic link among these files is followed as the loader follows one in `content/`
//! (`content::source::Boundary`): only when it leads inside the site and not into cnht's own
//! output or cache; otherwise the read fails with a message naming the link and where it points.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::boundary::{Boundary, Refused};

/// Virtual path of the model as JSON, read in Typst with `json("/data/handbook.json")`.
pub const DATA_PATH: &str = "/data/handbook.json";

/// Everything Typst can see while it typesets the handbook.
pub struct HandbookWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// The template folder (`<root>/handbook`), the project root of the compile.
    templates: PathBuf,
    /// The site folder (`<root>`), which no link read through may leave.
    boundary: Boundary,
    main: FileId,
    /// Files that exist only in memory: the JSON view and the logos.
    virtual_files: HashMap<FileId, Bytes>,
    /// Sources read so far, so every template is read and parsed once.
    sources: Mutex<HashMap<FileId, Source>>,
    today: Option<Datetime>,
}

/// The id of a project file at `path` (a virtual path such as `/main.typ`).
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("handbook virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl HandbookWorld {
    /// A world compiling `<templates>/main.typ` with `fonts`, the given in-memory files
    /// (virtual path → bytes) and `today` as the date. `templates` is `<root>/handbook`: links
    /// are followed only inside `<root>`.
    pub fn new(
        templates: &Path,
        fonts: Vec<Font>,
        virtual_files: Vec<(String, Bytes)>,
        today: Option<Datetime>,
    ) -> Self {
        HandbookWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            templates: templates.to_path_buf(),
            boundary: Boundary::new(templates.parent().unwrap_or(templates)),
            main: file_id("/main.typ"),
            virtual_files: virtual_files
                .into_iter()
                .map(|(p, b)| (file_id(&p), b))
                .collect(),
            sources: Mutex::new(HashMap::new()),
            today,
        }
    }

    /// The same world compiling the file at the virtual `path` instead of `/main.typ`.
    pub fn with_main(mut self, path: &str) -> Self {
        self.main = file_id(path);
        self
    }

    /// The real path of a project file, when it is not virtual.
    pub fn real_path(&self, id: FileId) -> FileResult<PathBuf> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "the handbook cannot use Typst packages".into(),
            )));
        }
        id.vpath()
            .realize(&self.templates)
            .map_err(FileError::Realize)
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.virtual_files.get(&id) {
            return Ok(bytes.clone());
        }
        let path = self.real_path(id)?;
        self.boundary
            .check_path(&path)
            .map_err(|r| FileError::Other(Some(refusal(&r).into())))?;
        if path.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
}

/// The line said of a link not followed, in the language of the messages.
fn refusal(r: &Refused) -> String {
    crate::messages::handbook::link_refused_line(&r.link, &r.said(), crate::messages::current())
}

/// Loads every font file (`.ttf`, `.otf`, `.ttc`) of `dir` (a folder of the site at `root`), in
/// file-name order. A font that is, or a folder reached through, a symbolic link out of the site
/// or into cnht's own output or cache is an error naming the link.
pub fn load_fonts(root: &Path, dir: &Path) -> std::io::Result<Vec<Font>> {
    let boundary = Boundary::new(root);
    let check = |p: &Path| {
        boundary
            .check_path(p)
            .map_err(|r| std::io::Error::other(refusal(&r)))
    };
    check(dir)?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc")
        })
        .collect();
    paths.sort();
    let mut fonts = Vec::new();
    for path in paths {
        check(&path)?;
        fonts.extend(Font::iter(Bytes::new(std::fs::read(&path)?)));
    }
    Ok(fonts)
}

impl World for HandbookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(source) = sources.get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        // A byte-order mark would shift every span by three bytes.
        let source = Source::new(id, text.trim_start_matches('\u{feff}').to_owned());
        sources.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(dir: &Path) -> HandbookWorld {
        HandbookWorld::new(
            dir,
            Vec::new(),
            vec![(DATA_PATH.to_owned(), Bytes::new(b"{\"a\": 1}".to_vec()))],
            Datetime::from_ymd(2020, 1, 1),
        )
    }

    #[test]
    fn serves_templates_virtual_data_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.typ"), "\u{feff}= Xin chào").unwrap();
        let w = world(dir.path());
        assert_eq!(w.source(w.main()).unwrap().text(), "= Xin chào");
        assert_eq!(&*w.file(file_id(DATA_PATH)).unwrap(), b"{\"a\": 1}");
        assert!(matches!(
            w.file(file_id("/missing.typ")),
            Err(FileError::NotFound(_))
        ));
        // Paths cannot climb out of the template folder.
        assert!(VirtualPath::new("/../secret.txt").is_err());
        let spec: typst::syntax::package::PackageSpec = "@preview/example:0.1.0".parse().unwrap();
        let pkg = RootedPath::new(
            VirtualRoot::Package(spec),
            VirtualPath::new("/lib.typ").unwrap(),
        )
        .intern();
        assert!(w.source(pkg).is_err(), "no packages");
        assert_eq!(w.today(None), Datetime::from_ymd(2020, 1, 1));
        assert_eq!(w.book().families().count(), 0, "no font unless handed in");
    }

    #[test]
    fn fonts_come_only_from_the_folder() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fonts = load_fonts(repo, &repo.join("handbook/fonts")).unwrap();
        let families: std::collections::BTreeSet<String> =
            fonts.iter().map(|f| f.info().family.clone()).collect();
        assert_eq!(
            families.into_iter().collect::<Vec<_>>(),
            ["Be Vietnam Pro", "Noto Serif"]
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(load_fonts(empty.path(), empty.path()).unwrap().is_empty());
    }
}
