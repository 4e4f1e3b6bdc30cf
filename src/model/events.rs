//! Events where suppliers meet buyers — the fair, a matching session — with their hall plan and
//! exhibitors (`content/events/<slug>.toml`). An exhibitor is an enterprise of the directory,
//! named by its tax code so its details are never written twice, or a guest (a foreign or
//! out-of-town company) given in the event file with the few facts a catalogue needs.

use super::bilingual::{MaybeText, Text, TextList};
use super::records::Origin;
use super::terms::{Country, Key, ProductGroup};
use super::{Enterprise, Model};
use chrono::NaiveDate;
use serde::Serialize;
use std::ops::Range;

/// An event with its hall plan and exhibitors.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// URL slug (the file name).
    pub slug: String,
    /// Name, with its English name.
    pub name: Text,
    /// First day.
    pub starts: NaiveDate,
    /// Last day (the first day for a one-day event).
    pub ends: NaiveDate,
    /// Where it takes place, as the sources give it.
    pub venue: Text,
    /// A short description.
    pub summary: MaybeText,
    /// Where the dates and venue come from.
    pub source: Option<String>,
    /// The day the source was checked.
    pub source_checked: Option<NaiveDate>,
    /// The hall plan: every booth, in the plan's order.
    pub booths: Vec<String>,
    /// The exhibitors, in the file's order.
    pub exhibitors: Vec<Exhibitor>,
    /// The hall plan and exhibitor list are invented for illustration.
    pub sample: bool,
    /// Where the event was read from.
    #[serde(skip)]
    pub origin: Origin,
}

/// One exhibitor at its booth.
#[derive(Debug, Clone, Serialize)]
pub struct Exhibitor {
    /// The booth, as the hall plan names it.
    pub booth: String,
    /// Who exhibits.
    pub party: Party,
    /// Where the exhibitor's `booth` and `tax_code` are written in the event file.
    #[serde(skip)]
    pub spans: ExhibitorSpans,
}

/// The places of an exhibitor's fields in its event file, for messages.
#[derive(Debug, Clone, Default)]
pub struct ExhibitorSpans {
    /// The `booth` value.
    pub booth: Range<usize>,
    /// The `tax_code` value (empty for a guest).
    pub tax_code: Range<usize>,
}

/// Who exhibits at a booth.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Party {
    /// An enterprise of the directory, by its tax code.
    Listed {
        /// The tax code as written in the event file.
        tax_code: String,
    },
    /// A company that is not in the directory.
    Guest(Guest),
}

/// A company given in the event file: the facts a catalogue needs.
#[derive(Debug, Clone, Serialize)]
pub struct Guest {
    /// Name, with its English name.
    pub name: Text,
    /// Country (`content/data/countries.toml`).
    pub country: Key<Country>,
    /// Sector key of `site.toml`, when it is one of the directory's.
    pub sector: Option<String>,
    /// Main products, in both languages.
    pub products: TextList,
    /// Product groups (`content/data/product-groups.toml`).
    pub product_groups: Vec<Key<ProductGroup>>,
    /// Web site.
    pub website: Option<String>,
}

/// An exhibitor resolved against the directory.
#[derive(Debug, Clone, Copy)]
pub enum ExhibitorRef<'m> {
    /// An enterprise of the directory.
    Listed(&'m Enterprise),
    /// A company given in the event file.
    Guest(&'m Guest),
}

impl Model {
    /// The events, earliest first.
    pub fn events(&self) -> &[Event] {
        &self.parts.events
    }

    /// The enterprise with `tax_code`, if the directory has it.
    pub fn enterprise_by_tax_code(&self, tax_code: &str) -> Option<&Enterprise> {
        self.by_tax_code
            .get(tax_code.trim())
            .map(|&i| &self.parts.enterprises[i])
    }

    /// Who an exhibitor is: its enterprise, or the guest; `None` for a tax code the directory
    /// does not have (`cnht check` refuses it).
    pub fn exhibitor<'a>(&'a self, x: &'a Exhibitor) -> Option<ExhibitorRef<'a>> {
        match &x.party {
            Party::Listed { tax_code } => self
                .enterprise_by_tax_code(tax_code)
                .map(ExhibitorRef::Listed),
            Party::Guest(g) => Some(ExhibitorRef::Guest(g)),
        }
    }
}
