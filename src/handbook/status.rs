//! A policy's status as the handbook prints it: the entry of the status history on the edition
//! date, with what it rests on.

use crate::model::{Basis, PolicyStatus, Provenance, StatusEntry};
use serde::Serialize;

/// A status of the history as printed: the status, what it rests on (with the source and the day
/// it was checked), and since when (`dd/mm/yyyy`, or `mm/yyyy` when only the month is known).
#[derive(Debug, Serialize)]
pub struct StatusView {
    pub status: PolicyStatus,
    pub provenance: Provenance,
    pub status_source: Option<String>,
    pub status_checked: Option<String>,
    pub status_since: Option<String>,
}

impl From<StatusEntry> for StatusView {
    fn from(e: StatusEntry) -> Self {
        let (status_source, status_checked) = match &e.basis {
            Basis::Sourced { source, checked } => (
                Some(source.clone()),
                Some(checked.format("%d/%m/%Y").to_string()),
            ),
            _ => (None, None),
        };
        StatusView {
            status: e.status,
            provenance: e.basis.provenance(),
            status_source,
            status_checked,
            status_since: e.since.map(|d| d.dmy()),
        }
    }
}
