//! Site-wide settings from `content/site.toml`: the site's texts and contact, the programme's
//! targets, the sectors and the printed edition.

use super::bilingual::{MaybeText, Text};
use super::print;
use chrono::NaiveDate;
use serde::Serialize;

/// Site-wide settings from `content/site.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    /// Site title, with its English title.
    pub title: Text,
    /// One-sentence description.
    pub description: MaybeText,
    /// Absolute base URL without trailing slash, e.g. `https://example.gov.vn`.
    pub base_url: String,
    /// Enterprises per directory page.
    pub per_page: usize,
    /// Enterprise files without a `sample` field are samples while this is true.
    pub sample_data: bool,
    /// Notice shown while `sample_data` is true.
    pub sample_notice: MaybeText,
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
    /// Organisation name.
    pub organisation: MaybeText,
    /// Postal address.
    pub address: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web site (an `http`/`https` address).
    pub website: Option<String>,
    /// The details (and the site's domain) are invented placeholders (`sample = true`).
    pub sample: bool,
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
    /// Name, with its English name.
    pub name: Text,
    /// Description.
    pub description: MaybeText,
}

/// How many words of an enterprise's description the printed directory holds unless
/// `[handbook] description_words` says otherwise: about a third of an A5 page, so that an entry
/// with its facts stays within a page and a directory of 1,000 enterprises within about as many.
pub const DESCRIPTION_WORDS: usize = 200;

/// Edition settings of the printed handbook.
#[derive(Debug, Clone, Serialize)]
pub struct HandbookEdition {
    /// Title on the cover, with its English title.
    pub title: Text,
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
    /// The most words of an enterprise's description the directory prints (default
    /// [`DESCRIPTION_WORDS`]); a longer one is cut at a sentence and points to the website.
    pub description_words: usize,
    /// Binding, paper, ink limit and output intent of the print file.
    pub print: print::PrintSettings,
    /// The imprint printed on page 2.
    pub imprint: print::Imprint,
}
