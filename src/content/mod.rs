//! The loader: the only code that reads `content/`. It types every file, checks everything
//! (reporting all problems, not just the first) and builds the indexed `Model`.

mod bodies;
mod data;
mod events;
pub mod fields;
mod files;
mod history;
mod markdown_limits;
mod memo;
mod print_settings;
pub mod profile;
mod provenance;
pub mod records;
pub mod settings;
pub mod source;
pub mod syntax;
pub mod terms;
mod validate;

pub use memo::LoadMemo;

pub use events::{EVENT_FIELDS, EXHIBITOR_FIELDS, GUEST_ONLY};

use crate::diagnostics::{Diagnostic, Report};
use crate::messages::content as say;
use crate::model::{
    Article, ArticleKind, EnglishBody, Enterprise, Model, ModelParts, Origin, Page, Policy,
    Program, Section,
};
use chrono::NaiveDate;
use records::Record;
use source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to load the site.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include records marked `draft = true` (and news dated in the future).
    pub drafts: bool,
    /// The date the build treats as today.
    pub today: NaiveDate,
    /// Last-change dates from git, when the caller already has them (`cnht serve` keeps them
    /// between rebuilds); `None` runs `git log` once.
    pub dates: Option<Arc<FileDates>>,
    /// What earlier loads read, when the caller loads the same content again and again
    /// (`cnht serve`): only the files and bodies that changed are parsed again.
    pub memo: Option<Arc<LoadMemo>>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            drafts: false,
            today: chrono::Local::now().date_naive(),
            dates: None,
            memo: None,
        }
    }
}

/// Last-change dates of content files from git, keyed by path relative to the site root.
pub type FileDates = HashMap<PathBuf, NaiveDate>;

/// The last-change dates of the files under `root/content` (one `git log` pass; empty outside a
/// git checkout).
pub fn file_dates(root: &Path) -> FileDates {
    history::git_dates(root)
}

/// A successfully loaded site: the model and any warnings.
#[derive(Debug)]
pub struct Loaded {
    /// The validated model.
    pub model: Model,
    /// Warnings (no errors).
    pub report: Report,
    /// Whether raw HTML in Markdown is allowed (`site.toml`).
    pub allow_raw_html: bool,
}

/// Everything parsed from disk before cross-file checks.
pub(crate) struct Parsed {
    pub site: Option<(crate::model::SiteConfig, settings::SiteExtras)>,
    pub districts: Vec<data::Spanned<crate::model::District>>,
    pub parks: Vec<(crate::model::IndustrialPark, crate::model::Origin)>,
    pub vocabularies: crate::model::Vocabularies,
    pub enterprises: Vec<Enterprise>,
    pub policies: Vec<Policy>,
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    pub programs: Vec<Program>,
    pub events: Vec<crate::model::Event>,
    /// Content-relative path (`enterprises/x.md`) → (section, slug, draft).
    pub files: HashMap<String, (Section, String, bool)>,
    /// With a memo: the SHA-256 of each Markdown file's text, by its path relative to the root
    /// (`Origin::file`), so that its bodies' scans are found by it (`bodies::scan_all`).
    pub digests: HashMap<PathBuf, memo::Digest32>,
}

/// One Markdown file after parsing: its kind, slug, text (if readable), record (if valid) and findings.
type ParsedFile = (
    Section,
    String,
    Option<SourceFile>,
    Option<Record>,
    Vec<Diagnostic>,
);

/// Loads, checks and indexes the site under `root` (which holds `content/`).
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Loaded, Report> {
    let mut report = Report::default();
    let content = root.join("content");
    if let Err(d) = source::Boundary::new(root).check(&content) {
        report.diagnostics.push(Diagnostic {
            severity: crate::diagnostics::Severity::Error,
            ..d
        });
        return Err(report);
    }
    if !content.is_dir() {
        report.diagnostics.push(
            Diagnostic::said(
                "content",
                say::no_content_folder(&root.display().to_string()),
            )
            .on_folder(),
        );
        return Err(report);
    }
    let mut diags = Vec::new();
    let mut steps = crate::timing::Steps::new("load");
    let parsed = parse_all(
        root,
        &content,
        opts.memo.as_deref(),
        &mut diags,
        &mut report,
    );
    match &opts.memo {
        Some(memo) => steps.step(&format!(
            "read and parse ({} files from the memo, {} of them not read)",
            memo.reused().0,
            memo.unread()
        )),
        None => steps.step("read and parse"),
    }
    let allow_raw_html = parsed.site.as_ref().is_some_and(|(_, x)| x.allow_raw_html);
    validate::references(&parsed, &mut diags);
    let scans = bodies::scan_all(&parsed, allow_raw_html, opts.memo.as_deref());
    markdown_limits::check_markdown_limits(&parsed, &scans, &mut diags);
    match &opts.memo {
        Some(memo) => steps.step(&format!(
            "references and Markdown limits ({} bodies from the memo)",
            memo.reused().1
        )),
        None => steps.step("references and Markdown limits"),
    }
    // Links are checked on the model, with the resolver the outputs use; even when records have
    // errors, so that every problem is reported at once.
    let model = if parsed.site.is_some() {
        let files = absent_files(&parsed, opts);
        let unpublished = unpublished_bodies(&parsed, opts);
        let model = index(root, parsed, opts);
        steps.step("model");
        let bodies =
            bodies::published(&model).chain(unpublished.iter().map(|(o, b)| (o, b.as_str())));
        validate::links(&model, &files, bodies, &scans, allow_raw_html, &mut diags);
        events::check(&model, &mut diags);
        steps.step("links");
        Some(model)
    } else {
        None
    };
    report.diagnostics.extend(diags);
    report.sort();
    match model {
        Some(model) if !report.has_errors() => Ok(Loaded {
            model,
            report,
            allow_raw_html,
        }),
        _ => Err(report),
    }
}

/// Every content file with a record, and why the model will not have it when it will not: a
/// draft, news dated after today, or a file that did not make a record (its errors are reported).
fn absent_files(p: &Parsed, opts: &LoadOptions) -> HashMap<String, validate::Presence> {
    use validate::Presence;
    let mut files: HashMap<String, Presence> = p
        .files
        .keys()
        .map(|path| (path.clone(), Presence::Unparsed))
        .collect();
    let mut mark = |origin: &Origin, presence: Presence| {
        if let Some(path) = origin.content_path() {
            files.insert(path, presence);
        }
    };
    let draft = |d: bool| {
        if published(d, opts) {
            Presence::Published
        } else {
            Presence::Draft
        }
    };
    p.enterprises
        .iter()
        .for_each(|e| mark(&e.origin, draft(e.draft)));
    p.policies
        .iter()
        .for_each(|x| mark(&x.origin, draft(x.draft)));
    p.pages.iter().for_each(|x| mark(&x.origin, draft(x.draft)));
    for a in &p.articles {
        let presence = match draft(a.draft) {
            Presence::Published if !article_published(a, opts) => Presence::Scheduled(a.date),
            other => other,
        };
        mark(&a.origin, presence);
    }
    files
}

/// The bodies of the records the model leaves out (drafts, scheduled news): their links are
/// checked all the same.
fn unpublished_bodies(p: &Parsed, opts: &LoadOptions) -> Vec<(Origin, String)> {
    let mut out = Vec::new();
    let mut push = |origin: &Origin, body: &str, english: &Option<EnglishBody>| {
        out.push((origin.clone(), body.to_owned()));
        if let Some(en) = english {
            out.push((en.origin.clone(), en.markdown.clone()));
        }
    };
    for e in p.enterprises.iter().filter(|e| !published(e.draft, opts)) {
        push(&e.origin, &e.body.markdown, &e.body.english);
    }
    for x in p.policies.iter().filter(|x| !published(x.draft, opts)) {
        push(&x.origin, &x.body.markdown, &x.body.english);
    }
    for x in p.articles.iter().filter(|a| !article_published(a, opts)) {
        push(&x.origin, &x.body, &x.english);
    }
    for x in p.pages.iter().filter(|x| !published(x.draft, opts)) {
        push(&x.origin, &x.body.markdown, &x.body.english);
    }
    out
}

fn read_into(
    root: &Path,
    abs: &Path,
    diags: &mut Vec<Diagnostic>,
    report: &mut Report,
) -> Option<SourceFile> {
    match source::read(root, abs) {
        Ok(src) => {
            report.sources.insert(src.rel.clone(), src.text.clone());
            Some(src)
        }
        Err(e) => {
            if let Some(lossy) = e.lossy {
                report.sources.insert(lossy.rel, lossy.text);
            }
            diags.push(e.diagnostic);
            None
        }
    }
}

/// Whether the fixed file `path` can be read: it exists and any symbolic link on its way stays
/// inside the site (a link that does not is reported in `diags`).
fn present(boundary: &source::Boundary, path: &Path, diags: &mut Vec<Diagnostic>) -> bool {
    match boundary.check(path) {
        Ok(()) => path.is_file(),
        Err(d) => {
            diags.push(d);
            false
        }
    }
}

fn parse_all(
    root: &Path,
    content: &Path,
    memo: Option<&LoadMemo>,
    diags: &mut Vec<Diagnostic>,
    report: &mut Report,
) -> Parsed {
    let boundary = source::Boundary::new(root);
    let site_path = content.join("site.toml");
    let site = if present(&boundary, &site_path, diags) {
        read_into(root, &site_path, diags, report).and_then(|s| settings::site(&s, diags))
    } else {
        diags.push(Diagnostic::said("content/site.toml", say::no_site_toml()));
        None
    };
    let districts_path = content.join("data/districts.toml");
    let districts = if present(&boundary, &districts_path, diags) {
        read_into(root, &districts_path, diags, report)
            .map(|s| data::districts(&s, diags))
            .unwrap_or_default()
    } else {
        diags.push(Diagnostic::said(
            "content/data/districts.toml",
            say::no_districts(),
        ));
        Vec::new()
    };
    let parks_path = content.join("data/industrial-parks.toml");
    let parks = if present(&boundary, &parks_path, diags) {
        read_into(root, &parks_path, diags, report)
            .map(|s| data::parks(&s, diags))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let vocabularies = terms::read_all(root, &boundary, diags, report);
    let mut programs = Vec::new();
    let program_dir = content.join("program");
    if program_dir.is_dir() || program_dir.is_symlink() {
        for entry in source::walk(&boundary, &program_dir, 1, diags) {
            let p = entry.path.as_path();
            if entry.is_file && p.extension().is_some_and(|e| e == "toml") {
                let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                let Some(src) = read_into(root, p, diags, report) else {
                    continue;
                };
                match stem.parse::<i64>() {
                    Ok(year) => programs.extend(data::program(&src, year, diags)),
                    Err(_) => diags.push(Diagnostic::said(&src.rel, say::program_name())),
                }
            }
        }
    }

    let sectors: Vec<&str> = site
        .as_ref()
        .map(|(s, _)| s.sectors.iter().map(|x| x.key.as_str()).collect())
        .unwrap_or_default();
    let events = events::read_all(root, &boundary, &vocabularies, &sectors, diags, report);

    // Markdown records: collect paths, then read and parse in parallel.
    let mut jobs: Vec<(Section, PathBuf, String)> = Vec::new();
    let known: Vec<&str> = Section::ALL
        .iter()
        .map(|s| s.folder())
        .chain(["data", "program", "events"])
        .collect();
    for entry in std::fs::read_dir(content).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() && !known.contains(&name.as_str()) && !name.starts_with('.') {
            let near = crate::diagnostics::did_you_mean(&name, known.iter().copied());
            diags.push(
                Diagnostic::warned(
                    path.strip_prefix(root).unwrap_or(&path),
                    say::unknown_folder(&name, near),
                )
                .on_folder(),
            );
        }
    }
    for kind in Section::ALL {
        let base = content.join(kind.folder());
        if !base.is_dir() && !base.is_symlink() {
            continue;
        }
        // Folders of the section (bundles), and those holding an index.md: a folder without
        // one makes no page, which the editor is told rather than left to find out.
        let mut bundles = Vec::new();
        let mut with_index = std::collections::HashSet::new();
        for entry in source::walk(&boundary, &base, 2, diags) {
            let p = entry.path.as_path();
            if !entry.is_file && entry.depth == 1 {
                bundles.push(entry.path.clone());
            }
            if entry.is_file && entry.depth == 2 && p.file_name().is_some_and(|n| n == "index.md") {
                with_index.extend(p.parent().map(Path::to_path_buf));
            }
            if !entry.is_file || p.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let depth = entry.depth;
            let stem = if depth == 1 {
                p.file_stem().and_then(|s| s.to_str()).map(str::to_owned)
            } else if p.file_name().is_some_and(|n| n == "index.md") {
                p.parent()
                    .and_then(|d| d.file_name())
                    .and_then(|s| s.to_str())
                    .map(str::to_owned)
            } else {
                let rel = p.strip_prefix(root).unwrap_or(p);
                diags.push(Diagnostic::warned(rel, say::stray_markdown()));
                None
            };
            if let Some(stem) = stem {
                jobs.push((kind, p.to_path_buf(), stem));
            }
        }
        for folder in bundles.iter().filter(|f| !with_index.contains(*f)) {
            let rel = folder.strip_prefix(root).unwrap_or(folder);
            diags.push(Diagnostic::warned(rel, say::bundle_without_index()).on_folder());
        }
    }

    let samples_by_default = site.as_ref().is_some_and(|(s, _)| s.sample_data);
    let (results, digests) = files::read_and_parse(
        root,
        &jobs,
        &vocabularies,
        samples_by_default,
        memo,
        &report.sources,
    );

    let mut parsed = Parsed {
        site,
        districts,
        parks,
        vocabularies,
        enterprises: Vec::new(),
        policies: Vec::new(),
        articles: Vec::new(),
        pages: Vec::new(),
        programs,
        events,
        files: HashMap::new(),
        digests,
    };
    let mut sources = Vec::with_capacity(results.len());
    for (kind, slug, src, rec, d) in results {
        diags.extend(d);
        let Some(src) = src else { continue };
        sources.push((src.rel.clone(), src.text.clone()));
        let content_rel = src
            .rel
            .strip_prefix("content")
            .unwrap_or(&src.rel)
            .to_string_lossy()
            .replace('\\', "/");
        let draft = match &rec {
            Some(Record::Enterprise(e)) => e.draft,
            Some(Record::Policy(p)) => p.draft,
            Some(Record::Article(a)) => a.draft,
            Some(Record::Page(p)) => p.draft,
            None => false,
        };
        parsed.files.insert(content_rel, (kind, slug, draft));
        match rec {
            Some(Record::Enterprise(e)) => parsed.enterprises.push(*e),
            Some(Record::Policy(p)) => parsed.policies.push(*p),
            Some(Record::Article(a)) => parsed.articles.push(*a),
            Some(Record::Page(p)) => parsed.pages.push(*p),
            None => {}
        }
    }
    report.sources.insert_all(sources);
    parsed
}

fn published(draft: bool, opts: &LoadOptions) -> bool {
    opts.drafts || !draft
}

/// Articles are published unless drafts; news dated after today wait for their day.
fn article_published(a: &Article, opts: &LoadOptions) -> bool {
    published(a.draft, opts) && (opts.drafts || a.kind != ArticleKind::News || a.date <= opts.today)
}

/// The date a record was last updated: its `updated` field when the file says it (the survey's
/// timestamp, or an editor's date: a commit that only imports or moves the file does not make
/// its facts newer), else the file's last git commit, else its modification time.
fn last_updated(
    root: &Path,
    git: &HashMap<PathBuf, NaiveDate>,
    file: &Path,
    field: Option<NaiveDate>,
) -> Option<NaiveDate> {
    field
        .or_else(|| git.get(file).copied())
        .or_else(|| history::mtime(&root.join(file)))
}

/// Sets each record's last-updated date (`last_updated`), in parallel: a file out of git is asked
/// the file system for its modification time.
fn dated<T: Send>(
    records: &mut [T],
    root: &Path,
    git: &HashMap<PathBuf, NaiveDate>,
    fields: fn(&mut T) -> (&PathBuf, &mut Option<NaiveDate>),
) {
    use rayon::prelude::*;
    records.par_iter_mut().for_each(|r| {
        let (file, updated) = fields(r);
        *updated = last_updated(root, git, file, *updated);
    });
}

fn index(root: &Path, mut p: Parsed, opts: &LoadOptions) -> Model {
    let fresh;
    let git = match &opts.dates {
        Some(dates) => dates.as_ref(),
        None => {
            fresh = history::git_dates(root);
            &fresh
        }
    };
    dated(&mut p.enterprises, root, git, |e| {
        (&e.origin.file, &mut e.updated)
    });
    dated(&mut p.policies, root, git, |x| {
        (&x.origin.file, &mut x.updated)
    });
    dated(&mut p.articles, root, git, |x| {
        (&x.origin.file, &mut x.updated)
    });
    dated(&mut p.pages, root, git, |x| {
        (&x.origin.file, &mut x.updated)
    });

    let (site, _) = p.site.expect("validated: site.toml parsed");
    let (market, news): (Vec<Article>, Vec<Article>) = p
        .articles
        .into_iter()
        .filter(|a| article_published(a, opts))
        .partition(|a| a.kind == ArticleKind::Market);
    Model::new(ModelParts {
        site,
        districts: p.districts.into_iter().map(|(d, _)| d).collect(),
        parks: p.parks.into_iter().map(|(x, _)| x).collect(),
        vocabularies: p.vocabularies,
        enterprises: keep_published(p.enterprises, |e| e.draft, opts),
        policies: keep_published(p.policies, |x| x.draft, opts),
        market,
        news,
        pages: keep_published(p.pages, |x| x.draft, opts),
        programs: p.programs,
        events: p.events,
        root: root.to_path_buf(),
        today: opts.today,
    })
}

fn keep_published<T>(records: Vec<T>, draft: impl Fn(&T) -> bool, opts: &LoadOptions) -> Vec<T> {
    records
        .into_iter()
        .filter(|r| published(draft(r), opts))
        .collect()
}
