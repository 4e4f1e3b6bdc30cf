//! The records of the site: enterprises, legal documents, articles, free pages and programmes,
//! as the loader types them from their files.

use super::bilingual::{Body, MaybeText, Text, TextList};
use super::capability::Capability;
use super::provenance::{Basis, DocDate};
use super::terms::{CertificationKind, Country, Key, Process, ProductGroup};
use super::vocab::{PolicyKind, PolicyScope, PolicyStatus, TargetMeasure, TaskStatus};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

/// Where a record came from, kept for messages about it after loading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    /// File relative to the site root.
    pub file: PathBuf,
    /// Byte ranges of the fields that later checks may point at.
    pub spans: HashMap<&'static str, Range<usize>>,
    /// Byte offset where the Markdown body starts in the file.
    pub body_offset: usize,
    /// The body as written in the file, kept only when it is not in NFC (the model holds the
    /// NFC form): positions in the body are found in the file through it (`file_span`).
    pub written: Option<std::sync::Arc<str>>,
}

impl Origin {
    /// The span of `field`, or the start of the file.
    pub fn span(&self, field: &str) -> Range<usize> {
        self.spans.get(field).cloned().unwrap_or(0..0)
    }

    /// The byte range in the file of `span`, a range in the body as the model holds it (NFC).
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        let at = |i: usize| {
            self.body_offset
                + match &self.written {
                    Some(raw) => crate::text::offset_in_written(raw, i),
                    None => i,
                }
        };
        at(span.start)..at(span.end)
    }

    /// The file's path under `content/` (`enterprises/x.md`), as `@/` links name it.
    pub fn content_path(&self) -> Option<String> {
        let under = self.file.strip_prefix("content").ok()?;
        Some(under.to_string_lossy().replace('\\', "/"))
    }
}

/// The sections of Markdown records, one per folder of `content/`, each with pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// `content/enterprises/`
    Enterprise,
    /// `content/policies/`
    Policy,
    /// `content/market/`
    Market,
    /// `content/news/`
    News,
    /// `content/pages/`
    Page,
}

impl Section {
    /// Every section, in the order the loader reads them.
    pub const ALL: [Section; 5] = [
        Section::Enterprise,
        Section::Policy,
        Section::Market,
        Section::News,
        Section::Page,
    ];

    /// The folder of `content/` holding the section's files.
    pub fn folder(self) -> &'static str {
        match self {
            Section::Enterprise => "enterprises",
            Section::Policy => "policies",
            Section::Market => "market",
            Section::News => "news",
            Section::Page => "pages",
        }
    }
}

/// Contact details of an enterprise.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnterpriseContact {
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web site (an `http`/`https` address: the loader refuses anything else).
    pub website: Option<String>,
    /// Contact person.
    pub person: Option<String>,
}

/// A supporting-industry enterprise of the directory.
#[derive(Debug, Clone, Serialize)]
pub struct Enterprise {
    /// URL slug (file or bundle folder name).
    pub slug: String,
    /// Registered name, with its English name.
    pub name: Text,
    /// Tax code as written (10 digits, optionally `-` and a 3-digit branch).
    pub tax_code: String,
    /// Sector key.
    pub sector: String,
    /// District slug.
    pub district: String,
    /// Industrial park slug.
    pub industrial_park: Option<String>,
    /// Postal address.
    pub address: String,
    /// Year founded.
    pub founded: Option<i64>,
    /// Number of employees.
    pub employees: Option<i64>,
    /// Main products, in both languages.
    pub products: TextList,
    /// Product groups (`content/data/product-groups.toml`).
    pub product_groups: Vec<Key<ProductGroup>>,
    /// Production processes (`content/data/processes.toml`).
    pub processes: Vec<Key<Process>>,
    /// Certifications held (`content/data/certifications.toml`), with their certificates' details.
    pub certifications: Vec<HeldCertification>,
    /// Main customers.
    pub customers: Vec<String>,
    /// Export markets (`content/data/countries.toml`, ISO 3166 alpha-2 codes).
    pub export_markets: Vec<Key<Country>>,
    /// What a buyer shortlists on: equipment, materials, precision, capacity, quality, ownership,
    /// languages.
    pub capability: Capability,
    /// Absolute path of the logo image in the bundle.
    pub logo: Option<PathBuf>,
    /// Contact details.
    pub contact: EnterpriseContact,
    /// Draft records are only built with `--drafts`.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Description: Markdown, with the English description (`description_en`).
    pub body: Body,
    /// A fictional record made for illustration (`sample`; enterprise files without the field
    /// follow `sample_data` of `site.toml`).
    pub sample: bool,
    /// True when the enterprise holds at least one international certification that has not
    /// expired (set by [`super::Model::new`] from the certifications vocabulary).
    pub international: bool,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A certification an enterprise holds: the standard, and what its certificate says.
#[derive(Debug, Clone, Serialize)]
pub struct HeldCertification {
    /// The standard (`content/data/certifications.toml`).
    pub key: Key<CertificationKind>,
    /// The certification body that issued the certificate (`Bureau Veritas`, `TÜV Rheinland`).
    pub body: Option<String>,
    /// The day the certificate expires (shown as expired after it).
    pub expires: Option<NaiveDate>,
}

impl HeldCertification {
    /// A certification of the standard `key` with no certificate details.
    pub fn of(key: &str) -> HeldCertification {
        HeldCertification {
            key: Key::new(key),
            body: None,
            expires: None,
        }
    }

    /// Whether the certificate had expired by `today`.
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|d| d < today)
    }
}

/// A legal document of the policy library.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// URL slug.
    pub slug: String,
    /// Title, with its English title.
    pub title: Text,
    /// Official number, e.g. `111/2015/NĐ-CP`.
    pub number: String,
    /// Kind of document.
    pub kind: PolicyKind,
    /// Issuing body.
    pub issuer: String,
    /// Signer.
    pub signer: Option<String>,
    /// Whose document it is.
    pub scope: PolicyScope,
    /// Date issued (a month-only date when the source gives only the month).
    pub issued: DocDate,
    /// Date it took effect.
    pub effective: Option<NaiveDate>,
    /// Whether it is in force, as the editor states it (the status history adds what the
    /// library's amendment and replacement links say: `Model::status_history`).
    pub status: PolicyStatus,
    /// What the stated status rests on: `status_source` checked on `status_checked`, or nothing.
    pub status_basis: Basis,
    /// Since when the stated status holds, when a source says (`status_since`).
    pub status_since: Option<DocDate>,
    /// A made-up document for illustration (legal documents are real: this should stay false).
    pub sample: bool,
    /// Slugs of documents this one amends.
    pub amends: Vec<String>,
    /// Slugs of documents that amend this one.
    pub amended_by: Vec<String>,
    /// Slugs of documents this one replaces.
    pub replaces: Vec<String>,
    /// Slugs of documents that replace this one.
    pub replaced_by: Vec<String>,
    /// Link to the official text (an `http`/`https` address).
    pub source_url: Option<String>,
    /// Draft flag.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Summary: Markdown, with the English summary (`summary_en`).
    pub body: Body,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// Which section an article belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// `content/news/`.
    News,
    /// `content/market/`.
    Market,
}

impl ArticleKind {
    /// The section of the site the article is published in.
    pub fn section(self) -> Section {
        match self {
            ArticleKind::News => Section::News,
            ArticleKind::Market => Section::Market,
        }
    }
}

/// A news item or market note.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// News or market.
    pub kind: ArticleKind,
    /// URL slug.
    pub slug: String,
    /// Title, with its English title.
    pub title: Text,
    /// Publication date.
    pub date: NaiveDate,
    /// One-sentence summary, in either language.
    pub summary: MaybeText,
    /// Tags.
    pub tags: Vec<String>,
    /// Absolute path of the illustration in the bundle.
    pub image: Option<PathBuf>,
    /// Draft flag.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Body, Markdown.
    pub body: String,
    /// The English translation of the body (after its `<!-- English -->` line).
    pub english: Option<super::bilingual::EnglishBody>,
    /// What its facts rest on: `source` checked on `source_checked`, else unverified.
    pub basis: Basis,
    /// An invented item made for illustration (`sample = true`).
    pub sample: bool,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

impl Article {
    /// The Markdown a page in `lang` shows (`bilingual::markdown_for`).
    pub fn markdown_for(&self, lang: super::Lang) -> (&str, Option<&'static str>) {
        super::bilingual::markdown_for(lang, &self.body, self.english.as_ref())
    }
}

/// A free page (about, contact, …).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// URL slug.
    pub slug: String,
    /// Title, with its English title.
    pub title: Text,
    /// Menu order.
    pub weight: i64,
    /// Shown in the main menu.
    pub menu: bool,
    /// Draft flag.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Body: Markdown, with the English summary (`summary_en`).
    pub body: Body,
    /// What its facts rest on (`source`, `source_checked`); a page of the site's own words has
    /// none and is not marked.
    pub basis: Basis,
    /// A page of invented content made for illustration (`sample = true`).
    pub sample: bool,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A yearly programme (`content/program/<year>.toml`).
#[derive(Debug, Clone, Serialize)]
pub struct Program {
    /// The year, from the file name.
    pub year: i64,
    /// Title, with its English title.
    pub title: Text,
    /// Slug of the plan document in the policy library.
    pub plan: Option<String>,
    /// General objectives, in both languages.
    pub objectives: TextList,
    /// Quantified targets.
    pub targets: Vec<ProgramTarget>,
    /// The tasks of the plan.
    pub tasks: Vec<ProgramTask>,
    /// The tasks' statuses are sample values, not the department's report (`status_sample`).
    pub status_sample: bool,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// One quantified target of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramTarget {
    /// What is measured, with its English label.
    pub label: Text,
    /// Target value.
    pub value: f64,
    /// Unit, e.g. `doanh nghiệp` or `%`.
    pub unit: Option<String>,
    /// What the target counts.
    pub measure: TargetMeasure,
}

/// One task of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramTask {
    /// Task number.
    pub number: i64,
    /// Group heading.
    pub group: Option<String>,
    /// What is to be done, with its English text.
    pub task: Text,
    /// Expected result.
    pub expected_result: Option<String>,
    /// Period.
    pub period: Option<String>,
    /// Lead unit.
    pub lead: Option<String>,
    /// Co-ordinating units.
    pub coordinating: Vec<String>,
    /// How far it has come.
    pub status: TaskStatus,
}

impl ProgramTask {
    /// The fields of a task in a programme file (`[[tasks]]`), also the columns of the published
    /// task table, in this order.
    pub const FIELDS: [&'static str; 9] = [
        "number",
        "group",
        "task",
        "task_en",
        "expected_result",
        "period",
        "lead",
        "coordinating",
        "status",
    ];
}

/// A certification as a directory facet: its name, slug and holders.
#[derive(Debug, Clone, Serialize)]
pub struct Certification {
    /// The canonical name, e.g. `ISO 9001:2015` (the same in both languages).
    pub name: String,
    /// URL slug: the vocabulary key.
    pub slug: String,
    /// Indexes into the model's enterprises, in directory order.
    pub enterprises: Vec<usize>,
}
