//! Where each statement of the content comes from: dates known to the day or only to the month,
//! and the basis of a statement (a source checked on a date, derived from a later document, or not
//! verified) — every fact the site and the handbook show is either sourced or visibly marked. The
//! status history of a document is in `as_of`; the samples and their counts are in `samples`.

use super::vocab::PolicyStatus;
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// A date as a source gives it: to the day, or only to the month ("03/2021"). It is never shown
/// with an invented day; comparisons use [`DocDate::first_day`] to order and
/// [`DocDate::last_day`] to decide whether something had surely happened by a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    first: NaiveDate,
    month_only: bool,
}

impl DocDate {
    /// A date known to the day.
    pub fn day(d: NaiveDate) -> DocDate {
        DocDate {
            first: d,
            month_only: false,
        }
    }

    /// A date known only to the month, when `year`-`month` is a month.
    pub fn month(year: i32, month: u32) -> Option<DocDate> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| DocDate {
            first,
            month_only: true,
        })
    }

    /// Reads `2020-05-05` or `2021-03`.
    pub fn parse(s: &str) -> Option<DocDate> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(DocDate::day(d));
        }
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        DocDate::month(y.parse().ok()?, m.parse().ok()?)
    }

    /// Whether only the month is known.
    pub fn is_month_only(self) -> bool {
        self.month_only
    }

    /// The first day the date can be.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day the date can be (the month's last day when only the month is known).
    pub fn last_day(self) -> NaiveDate {
        if !self.month_only {
            return self.first;
        }
        let (y, m) = (self.first.year(), self.first.month());
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(self.first)
    }

    /// ISO 8601 as precise as known: `2020-05-05` or `2021-03` (valid in HTML `datetime`).
    pub fn iso(self) -> String {
        if self.month_only {
            self.first.format("%Y-%m").to_string()
        } else {
            self.first.format("%Y-%m-%d").to_string()
        }
    }

    /// The Vietnamese numeric form, as precise as known: `05/05/2020` or `03/2021`.
    pub fn dmy(self) -> String {
        if self.month_only {
            self.first.format("%m/%Y").to_string()
        } else {
            self.first.format("%d/%m/%Y").to_string()
        }
    }
}

impl std::fmt::Display for DocDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for DocDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// What a statement rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", rename_all = "lowercase")]
pub enum Basis {
    /// Checked against a source (a reference to it: publication, address, gazette) on a date.
    Sourced {
        /// The reference.
        source: String,
        /// When it was checked.
        checked: NaiveDate,
    },
    /// Follows from a later document of the library and its date (a replacement).
    Derived,
    /// Not checked against any source yet.
    Unverified,
}

impl Basis {
    /// The provenance this basis gives a statement.
    pub fn provenance(&self) -> super::vocab::Provenance {
        use super::vocab::Provenance;
        match self {
            Basis::Sourced { .. } => Provenance::Sourced,
            Basis::Derived => Provenance::Derived,
            Basis::Unverified => Provenance::Unverified,
        }
    }
}

/// The mark of a record: a sample, else what its facts rest on.
pub fn mark(sample: bool, basis: &Basis) -> super::vocab::Provenance {
    if sample {
        super::vocab::Provenance::Sample
    } else {
        basis.provenance()
    }
}

/// One entry of a document's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusEntry {
    /// From when (the later document's effective date for a derived change); `None` when the
    /// date is not known.
    pub since: Option<DocDate>,
    /// The status.
    pub status: PolicyStatus,
    /// What it rests on.
    #[serde(flatten)]
    pub basis: Basis,
    /// The slug of the amending or replacing document it follows from.
    pub by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_dates_keep_their_precision() {
        let m = DocDate::parse("2021-03").unwrap();
        assert!(m.is_month_only());
        assert_eq!(m.iso(), "2021-03");
        assert_eq!(m.dmy(), "03/2021");
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2021, 3, 31).unwrap());
        let d = DocDate::parse("2020-05-05").unwrap();
        assert_eq!(
            (d.iso().as_str(), d.dmy().as_str()),
            ("2020-05-05", "05/05/2020")
        );
        assert_eq!(d.last_day(), d.first_day());
        assert_eq!(
            DocDate::parse("2020-12").unwrap().last_day(),
            NaiveDate::from_ymd_opt(2020, 12, 31).unwrap()
        );
        for bad in ["2021-13", "2021-3", "21-03", "2021", "2021-02-30", "march"] {
            assert_eq!(DocDate::parse(bad), None, "{bad}");
        }
        assert!(DocDate::parse("2021-02").unwrap() < DocDate::parse("2021-02-02").unwrap());
    }
}
