//! The validated, indexed model of the whole site: the one thing every renderer takes.
//! Nothing here reads files; `content::load` builds it.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

mod as_of;
pub mod print;

/// Where a record came from, kept for messages about it after loading.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// File relative to the site root.
    pub file: PathBuf,
    /// Byte ranges of the fields that later checks may point at.
    pub spans: HashMap<&'static str, Range<usize>>,
    /// Byte offset where the Markdown body starts in the file.
    pub body_offset: usize,
}

impl Origin {
    /// The span of `field`, or the start of the file.
    pub fn span(&self, field: &str) -> Range<usize> {
        self.spans.get(field).cloned().unwrap_or(0..0)
    }
}

/// Site-wide settings from `content/site.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    /// Site title, Vietnamese.
    pub title: String,
    /// Site title, English.
    pub title_en: Option<String>,
    /// One-sentence description, Vietnamese.
    pub description: Option<String>,
    /// One-sentence description, English.
    pub description_en: Option<String>,
    /// Absolute base URL without trailing slash, e.g. `https://example.gov.vn`.
    pub base_url: String,
    /// Enterprises per directory page.
    pub per_page: usize,
    /// True while the enterprise records are fictional samples.
    pub sample_data: bool,
    /// Notice shown while `sample_data` is true, Vietnamese.
    pub sample_notice: Option<String>,
    /// Notice shown while `sample_data` is true, English.
    pub sample_notice_en: Option<String>,
    /// The department that runs the site.
    pub contact: Contact,
    /// The programme's targets.
    pub targets: Targets,
    /// Sectors enterprises belong to, in display order.
    pub sectors: Vec<Sector>,
    /// Settings of the printed handbook.
    pub handbook: HandbookEdition,
}

/// Contact details of the department.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    /// Organisation name, Vietnamese.
    pub organisation: Option<String>,
    /// Organisation name, English.
    pub organisation_en: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
}

/// Targets of the year's programme, compared with the directory's own counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Targets {
    /// The programme year.
    pub year: Option<i64>,
    /// Target number of CNHT enterprises.
    pub enterprises: Option<i64>,
    /// Target number of enterprises meeting international standards.
    pub international_standard: Option<i64>,
    /// Target share of manufacturing production value, percent.
    pub production_share_percent: Option<f64>,
    /// Target yearly growth of the CNHT production index, percent.
    pub growth_index_percent: Option<f64>,
}

/// A sector of supporting industry (one of the plan's key fields).
#[derive(Debug, Clone, Serialize)]
pub struct Sector {
    /// Stable key used in enterprise files and URLs.
    pub key: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Vietnamese description.
    pub description: Option<String>,
    /// English description.
    pub description_en: Option<String>,
}

/// Edition settings of the printed handbook.
#[derive(Debug, Clone, Serialize)]
pub struct HandbookEdition {
    /// Title on the cover, Vietnamese.
    pub title: String,
    /// Title, English.
    pub title_en: Option<String>,
    /// Edition year.
    pub year: i64,
    /// Publisher line.
    pub publisher: Option<String>,
    /// Trim width in millimetres.
    pub trim_width_mm: f64,
    /// Trim height in millimetres.
    pub trim_height_mm: f64,
    /// Bleed on every side, in millimetres.
    pub bleed_mm: f64,
    /// Slug of the free page used as foreword.
    pub foreword: Option<String>,
    /// The date the edition shows the content as of (default: 31 December of `year`).
    pub edition_date: NaiveDate,
    /// Binding, paper, ink limit and output intent of the print file.
    pub print: print::PrintSettings,
    /// The imprint printed on page 2.
    pub imprint: print::Imprint,
}

/// A district (quận, huyện, thị xã) of Hanoi as of 2020.
#[derive(Debug, Clone, Serialize)]
pub struct District {
    /// ASCII slug, e.g. `dong-anh`.
    pub slug: String,
    /// Name without type, e.g. `Đông Anh`.
    pub name: String,
    /// `Quận`, `Huyện` or `Thị xã`.
    pub kind: String,
    /// GSO code.
    pub code: Option<String>,
}

/// An industrial park or cluster.
#[derive(Debug, Clone, Serialize)]
pub struct IndustrialPark {
    /// ASCII slug.
    pub slug: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// `KCN`, `CCN` or `KCNC`.
    pub kind: String,
    /// District slug.
    pub district: String,
    /// Area in hectares.
    pub area_ha: Option<f64>,
}

/// Contact details of an enterprise.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnterpriseContact {
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Contact person.
    pub person: Option<String>,
}

/// A supporting-industry enterprise of the directory.
#[derive(Debug, Clone, Serialize)]
pub struct Enterprise {
    /// URL slug (file or bundle folder name).
    pub slug: String,
    /// Registered name, Vietnamese.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
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
    /// Main products, Vietnamese.
    pub products: Vec<String>,
    /// Main products, English.
    pub products_en: Vec<String>,
    /// Production processes.
    pub processes: Vec<String>,
    /// Certifications held, e.g. `ISO 9001:2015`.
    pub certifications: Vec<String>,
    /// Main customers.
    pub customers: Vec<String>,
    /// Export markets, ISO 3166 alpha-2 codes.
    pub export_markets: Vec<String>,
    /// Absolute path of the logo image in the bundle.
    pub logo: Option<PathBuf>,
    /// Contact details.
    pub contact: EnterpriseContact,
    /// English description.
    pub description_en: Option<String>,
    /// Draft records are only built with `--drafts`.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Description, Markdown.
    pub body: String,
    /// True when the enterprise holds at least one international certification.
    pub international: bool,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A legal document of the policy library.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    /// URL slug.
    pub slug: String,
    /// Title, Vietnamese.
    pub title: String,
    /// Title, English.
    pub title_en: Option<String>,
    /// Official number, e.g. `111/2015/NĐ-CP`.
    pub number: String,
    /// Kind: Nghị định, Quyết định, Thông tư, Kế hoạch, Nghị quyết, Luật.
    pub kind: String,
    /// Issuing body.
    pub issuer: String,
    /// Signer.
    pub signer: Option<String>,
    /// `national` or `hanoi`.
    pub scope: String,
    /// Date issued.
    pub issued: NaiveDate,
    /// Date it took effect.
    pub effective: Option<NaiveDate>,
    /// `in-force`, `amended`, `replaced` or `expired`.
    pub status: String,
    /// Slugs of documents this one amends.
    pub amends: Vec<String>,
    /// Slugs of documents that amend this one.
    pub amended_by: Vec<String>,
    /// Slugs of documents this one replaces.
    pub replaces: Vec<String>,
    /// Slugs of documents that replace this one.
    pub replaced_by: Vec<String>,
    /// Link to the official text.
    pub source_url: Option<String>,
    /// English summary.
    pub summary_en: Option<String>,
    /// Draft flag.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Summary, Markdown.
    pub body: String,
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

/// A news item or market note.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// News or market.
    pub kind: ArticleKind,
    /// URL slug.
    pub slug: String,
    /// Title, Vietnamese.
    pub title: String,
    /// Title, English.
    pub title_en: Option<String>,
    /// Publication date.
    pub date: NaiveDate,
    /// One-sentence summary.
    pub summary: Option<String>,
    /// English summary.
    pub summary_en: Option<String>,
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
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A free page (about, contact, …).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// URL slug.
    pub slug: String,
    /// Title, Vietnamese.
    pub title: String,
    /// Title, English.
    pub title_en: Option<String>,
    /// Menu order.
    pub weight: i64,
    /// Shown in the main menu.
    pub menu: bool,
    /// English summary.
    pub summary_en: Option<String>,
    /// Draft flag.
    pub draft: bool,
    /// Last update: the file's last git commit, else its `updated` field, else its modification time.
    pub updated: Option<NaiveDate>,
    /// Body, Markdown.
    pub body: String,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// A yearly programme (`content/program/<year>.toml`).
#[derive(Debug, Clone, Serialize)]
pub struct Program {
    /// The year, from the file name.
    pub year: i64,
    /// Title, Vietnamese.
    pub title: String,
    /// Title, English.
    pub title_en: Option<String>,
    /// Slug of the plan document in the policy library.
    pub plan: Option<String>,
    /// General objectives, Vietnamese.
    pub objectives: Vec<String>,
    /// General objectives, English.
    pub objectives_en: Vec<String>,
    /// Quantified targets.
    pub targets: Vec<ProgramTarget>,
    /// The tasks of the plan.
    pub tasks: Vec<ProgramTask>,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Origin,
}

/// One quantified target of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramTarget {
    /// Label, Vietnamese.
    pub label: String,
    /// Label, English.
    pub label_en: Option<String>,
    /// Target value.
    pub value: f64,
    /// Unit, e.g. `doanh nghiệp` or `%`.
    pub unit: Option<String>,
    /// `enterprises`, `international_standard` or `other`: the first two are compared with the directory.
    pub measure: String,
}

/// One task of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramTask {
    /// Task number.
    pub number: i64,
    /// Group heading.
    pub group: Option<String>,
    /// What is to be done, Vietnamese.
    pub task: String,
    /// What is to be done, English.
    pub task_en: Option<String>,
    /// Expected result.
    pub expected_result: Option<String>,
    /// Period.
    pub period: Option<String>,
    /// Lead unit.
    pub lead: Option<String>,
    /// Co-ordinating units.
    pub coordinating: Vec<String>,
    /// `done`, `in-progress` or `planned`.
    pub status: String,
}

/// A certification as a directory facet: its name, slug and holders.
#[derive(Debug, Clone, Serialize)]
pub struct Certification {
    /// Name as written, e.g. `ISO 9001:2015`.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Indexes into `Model::enterprises`, in directory order.
    pub enterprises: Vec<usize>,
}

/// The whole site, validated and indexed.
#[derive(Debug, Clone)]
pub struct Model {
    /// Site settings.
    pub site: SiteConfig,
    /// Districts, in file order.
    pub districts: Vec<District>,
    /// Industrial parks, in file order.
    pub parks: Vec<IndustrialPark>,
    /// Enterprises in Vietnamese alphabetical order of their distinctive name (legal form left out).
    pub enterprises: Vec<Enterprise>,
    /// Policies, newest first.
    pub policies: Vec<Policy>,
    /// Market notes, newest first.
    pub market: Vec<Article>,
    /// News, newest first.
    pub news: Vec<Article>,
    /// Free pages, by weight then title.
    pub pages: Vec<Page>,
    /// Programmes by year.
    pub programs: Vec<Program>,
    /// Certifications held by at least one enterprise, in Vietnamese order.
    pub certifications: Vec<Certification>,
    /// Enterprise indexes per sector key, in directory order.
    pub by_sector: BTreeMap<String, Vec<usize>>,
    /// Enterprise indexes per district slug, in directory order.
    pub by_district: BTreeMap<String, Vec<usize>>,
    /// Enterprise indexes per industrial park slug, in directory order.
    pub by_park: BTreeMap<String, Vec<usize>>,
    /// Policy index by slug.
    pub policy_index: HashMap<String, usize>,
    /// Site-relative URL path of every content file, keyed by its path under `content/` (for `@/` links).
    pub content_paths: HashMap<String, String>,
    /// The site root directory.
    pub root: PathBuf,
    /// The date the build considers "today" (for scheduled news).
    pub today: NaiveDate,
}

impl Model {
    /// The sector with `key`.
    pub fn sector(&self, key: &str) -> Option<&Sector> {
        self.site.sectors.iter().find(|s| s.key == key)
    }

    /// The district with `slug`.
    pub fn district(&self, slug: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.slug == slug)
    }

    /// The industrial park with `slug`.
    pub fn park(&self, slug: &str) -> Option<&IndustrialPark> {
        self.parks.iter().find(|p| p.slug == slug)
    }

    /// The policy with `slug`.
    pub fn policy(&self, slug: &str) -> Option<&Policy> {
        self.policy_index.get(slug).map(|&i| &self.policies[i])
    }

    /// Number of enterprises holding an international certification.
    pub fn international_count(&self) -> usize {
        self.enterprises.iter().filter(|e| e.international).count()
    }
}
