//! The loader: the only code that reads `content/`. It types every file, checks everything
//! (reporting all problems, not just the first) and builds the indexed `Model`.

mod data;
pub mod fields;
mod history;
mod markdown_limits;
mod print_settings;
pub mod records;
pub mod source;
mod validate;

use crate::diagnostics::{Diagnostic, Report};
use crate::model::{Article, ArticleKind, Certification, Enterprise, Model, Page, Policy, Program};
use crate::text::{slugify, sort_key};
use chrono::NaiveDate;
use rayon::prelude::*;
use records::{Kind, Record};
use source::SourceFile;
use std::collections::{BTreeMap, HashMap};
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
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            drafts: false,
            today: chrono::Local::now().date_naive(),
            dates: None,
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
    pub root: PathBuf,
    pub site: Option<(crate::model::SiteConfig, data::SiteExtras)>,
    pub districts: Vec<data::Spanned<crate::model::District>>,
    pub parks: Vec<(crate::model::IndustrialPark, crate::model::Origin)>,
    pub enterprises: Vec<Enterprise>,
    pub policies: Vec<Policy>,
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    pub programs: Vec<Program>,
    /// Content-relative path (`enterprises/x.md`) → (kind, slug, draft).
    pub files: HashMap<String, (Kind, String, bool)>,
}

/// One Markdown file after parsing: its kind, slug, text (if readable), record (if valid) and findings.
type ParsedFile = (
    Kind,
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
            Diagnostic::error(
                "content",
                format!("there is no content/ folder in {}", root.display()),
            )
            .hint("run the command in the site's folder, or give it with --root DIR"),
        );
        return Err(report);
    }
    let mut diags = Vec::new();
    let parsed = parse_all(root, &content, &mut diags, &mut report);
    let allow_raw_html = parsed.site.as_ref().is_some_and(|(_, x)| x.allow_raw_html);
    validate::check(&parsed, opts, &mut diags);
    report.diagnostics.extend(diags);
    report.sort();
    if report.has_errors() {
        return Err(report);
    }
    let model = index(root, parsed, opts);
    Ok(Loaded {
        model,
        report,
        allow_raw_html,
    })
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
    diags: &mut Vec<Diagnostic>,
    report: &mut Report,
) -> Parsed {
    let boundary = source::Boundary::new(root);
    let site_path = content.join("site.toml");
    let site = if present(&boundary, &site_path, diags) {
        read_into(root, &site_path, diags, report).and_then(|s| data::site(&s, diags))
    } else {
        diags.push(
            Diagnostic::error("content/site.toml", "content/site.toml is missing")
                .hint("every site needs a site.toml with its title, base_url and sectors"),
        );
        None
    };
    let districts_path = content.join("data/districts.toml");
    let districts = if present(&boundary, &districts_path, diags) {
        read_into(root, &districts_path, diags, report)
            .map(|s| data::districts(&s, diags))
            .unwrap_or_default()
    } else {
        diags.push(Diagnostic::error(
            "content/data/districts.toml",
            "content/data/districts.toml is missing",
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
                    Err(_) => diags.push(
                        Diagnostic::error(&src.rel, "a programme file is named after its year")
                            .hint("rename it, e.g. content/program/2020.toml"),
                    ),
                }
            }
        }
    }

    // Markdown records: collect paths, then read and parse in parallel.
    let mut jobs: Vec<(Kind, PathBuf, String)> = Vec::new();
    let known: Vec<&str> = Kind::ALL
        .iter()
        .map(|(_, d)| *d)
        .chain(["data", "program"])
        .collect();
    for entry in std::fs::read_dir(content).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() && !known.contains(&name.as_str()) && !name.starts_with('.') {
            let mut d = Diagnostic::warning(
                path.strip_prefix(root).unwrap_or(&path),
                format!("the folder content/{name}/ is not a known content type and is ignored"),
            );
            if let Some(s) = crate::diagnostics::did_you_mean(&name, known.iter().copied()) {
                d = d.hint(format!("did you mean content/{s}/?"));
            }
            diags.push(d);
        }
    }
    for (kind, dir) in Kind::ALL {
        let base = content.join(dir);
        if !base.is_dir() && !base.is_symlink() {
            continue;
        }
        for entry in source::walk(&boundary, &base, 2, diags) {
            let p = entry.path.as_path();
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
                diags.push(
                    Diagnostic::warning(
                        rel,
                        "this Markdown file inside a bundle folder is ignored",
                    )
                    .hint("a bundle folder holds one index.md plus its images"),
                );
                None
            };
            if let Some(stem) = stem {
                jobs.push((kind, p.to_path_buf(), stem));
            }
        }
    }
    let results: Vec<ParsedFile> = jobs
        .par_iter()
        .map(|(kind, path, stem)| {
            let mut d = Vec::new();
            let src = match source::read(root, path) {
                Ok(s) => s,
                // A file that is not UTF-8 still exists (links to it are not broken) and its
                // text, as far as it goes, lets the error point at the bad byte.
                Err(e) => return (*kind, slugify(stem), e.lossy, None, vec![e.diagnostic]),
            };
            let slug = slugify(stem);
            if slug != *stem {
                d.push(
                    Diagnostic::warning(&src.rel, format!("the file name `{stem}` is not a clean web address; the page is published as `{slug}`"))
                        .hint(format!("rename it to `{slug}` so the address is obvious")),
                );
            }
            let rec = records::parse(*kind, &src, &slug, &mut d);
            (*kind, slug, Some(src), rec, d)
        })
        .collect();

    let mut parsed = Parsed {
        root: root.to_path_buf(),
        site,
        districts,
        parks,
        enterprises: Vec::new(),
        policies: Vec::new(),
        articles: Vec::new(),
        pages: Vec::new(),
        programs,
        files: HashMap::new(),
    };
    for (kind, slug, src, rec, d) in results {
        diags.extend(d);
        let Some(src) = src else { continue };
        report.sources.insert(src.rel.clone(), src.text.clone());
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
    parsed
}

/// The site-relative URL of a content file of `kind` with `slug`.
pub fn url_of(kind: Kind, slug: &str) -> String {
    match kind {
        Kind::Enterprise => crate::routes::enterprise(slug),
        Kind::Policy => crate::routes::policy(slug),
        Kind::Market => crate::routes::market(slug),
        Kind::News => crate::routes::news(slug),
        Kind::Page => crate::routes::page(slug),
    }
}

fn published(draft: bool, opts: &LoadOptions) -> bool {
    opts.drafts || !draft
}

/// The date a record was last updated: its last git commit, else its `updated` field, else the
/// file's modification time.
fn last_updated(
    root: &Path,
    git: &HashMap<PathBuf, NaiveDate>,
    file: &Path,
    field: Option<NaiveDate>,
) -> Option<NaiveDate> {
    git.get(file)
        .copied()
        .or(field)
        .or_else(|| history::mtime(&root.join(file)))
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
    for e in &mut p.enterprises {
        e.updated = last_updated(root, git, &e.origin.file, e.updated);
    }
    for x in &mut p.policies {
        x.updated = last_updated(root, git, &x.origin.file, x.updated);
    }
    for x in &mut p.articles {
        x.updated = last_updated(root, git, &x.origin.file, x.updated);
    }
    for x in &mut p.pages {
        x.updated = last_updated(root, git, &x.origin.file, x.updated);
    }
    let (site, _) = p.site.expect("validated: site.toml parsed");
    let mut enterprises: Vec<Enterprise> = p
        .enterprises
        .into_iter()
        .filter(|e| published(e.draft, opts))
        .collect();
    // Vietnamese collation order of the distinctive name, keys computed once per record in parallel.
    let mut keyed: Vec<(Vec<u8>, Enterprise)> = enterprises
        .into_par_iter()
        .map(|e| (sort_key(crate::text::distinctive_name(&e.name)), e))
        .collect();
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    enterprises = keyed.into_iter().map(|(_, e)| e).collect();

    let mut policies: Vec<Policy> = p
        .policies
        .into_iter()
        .filter(|x| published(x.draft, opts))
        .collect();
    policies.sort_by(|a, b| {
        b.issued
            .cmp(&a.issued)
            .then_with(|| a.number.cmp(&b.number))
    });
    let policy_index = policies
        .iter()
        .enumerate()
        .map(|(i, p)| (p.slug.clone(), i))
        .collect();

    let (mut market, mut news): (Vec<Article>, Vec<Article>) = p
        .articles
        .into_iter()
        .filter(|a| {
            published(a.draft, opts)
                && (opts.drafts || a.kind != ArticleKind::News || a.date <= opts.today)
        })
        .partition(|a| a.kind == ArticleKind::Market);
    for list in [&mut market, &mut news] {
        list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    }
    let mut pages: Vec<Page> = p
        .pages
        .into_iter()
        .filter(|x| published(x.draft, opts))
        .collect();
    pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| crate::text::compare_vi(&a.title, &b.title))
    });
    let mut programs = p.programs;
    programs.sort_by_key(|x| x.year);

    let mut by_sector: BTreeMap<String, Vec<usize>> = site
        .sectors
        .iter()
        .map(|s| (s.key.clone(), Vec::new()))
        .collect();
    let mut by_district: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_park: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut certs: HashMap<String, Certification> = HashMap::new();
    for (i, e) in enterprises.iter().enumerate() {
        by_sector.entry(e.sector.clone()).or_default().push(i);
        by_district.entry(e.district.clone()).or_default().push(i);
        if let Some(park) = &e.industrial_park {
            by_park.entry(park.clone()).or_default().push(i);
        }
        for c in &e.certifications {
            certs
                .entry(c.clone())
                .or_insert_with(|| Certification {
                    name: c.clone(),
                    slug: slugify(c),
                    enterprises: Vec::new(),
                })
                .enterprises
                .push(i);
        }
    }
    let mut certifications: Vec<Certification> = certs.into_values().collect();
    crate::text::sort_vi_by(&mut certifications, |c| &c.name);

    let content_paths = p
        .files
        .into_iter()
        .filter(|(_, (_, _, draft))| published(*draft, opts))
        .map(|(path, (kind, slug, _))| (path, url_of(kind, &slug)))
        .collect();

    Model {
        site,
        districts: p.districts.into_iter().map(|(d, _)| d).collect(),
        parks: p.parks.into_iter().map(|(x, _)| x).collect(),
        enterprises,
        policies,
        market,
        news,
        pages,
        programs,
        certifications,
        by_sector,
        by_district,
        by_park,
        policy_index,
        content_paths,
        root: root.to_path_buf(),
        today: opts.today,
    }
}
