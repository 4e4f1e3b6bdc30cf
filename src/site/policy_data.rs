//! The policy library as open data (`/chinh-sach.csv`, `/chinh-sach.json`): each document's
//! identifying data and its current status with what the status rests on — `sourced` (with the
//! source and the day it was checked), `derived` (from the replacing document) or `unverified` —
//! and, in JSON, the whole status history the handbook reads at its edition date.

use super::opendata::{csv_bytes, flag, json_bytes, opt_text, text, Cell};
use crate::diagnostics::Diagnostic;
use crate::model::urls::{self, POLICIES_CSV, POLICIES_JSON};
use crate::model::{Basis, Model, StatusEntry};
use serde::Serialize;
use std::path::Path;

/// Columns of the policy files, in order.
pub const POLICY_COLUMNS: [&str; 16] = [
    "number",
    "kind",
    "title",
    "title_en",
    "issuer",
    "scope",
    "issued",
    "effective",
    "status",
    "provenance",
    "status_source",
    "status_checked",
    "status_since",
    "status_by",
    "sample",
    "url",
];

/// One legal document as open data.
#[derive(Serialize)]
struct PolicyRow<'a> {
    number: &'a str,
    kind: &'a str,
    title: &'a str,
    title_en: Option<&'a str>,
    issuer: &'a str,
    scope: &'a str,
    issued: String,
    effective: Option<String>,
    status: &'a str,
    provenance: &'a str,
    status_source: Option<&'a str>,
    status_checked: Option<String>,
    status_since: Option<String>,
    /// The number of the document the status follows from.
    status_by: Option<&'a str>,
    sample: bool,
    url: String,
    /// Every entry of the status history, oldest first (JSON only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    history: Vec<StatusEntry>,
}

impl PolicyRow<'_> {
    fn cells(&self) -> [Cell<'_>; 16] {
        [
            text(self.number),
            text(self.kind),
            text(self.title),
            opt_text(self.title_en),
            text(self.issuer),
            text(self.scope),
            text(&self.issued),
            opt_text(self.effective.as_deref()),
            text(self.status),
            text(self.provenance),
            opt_text(self.status_source),
            opt_text(self.status_checked.as_deref()),
            opt_text(self.status_since.as_deref()),
            opt_text(self.status_by),
            flag(self.sample),
            text(&self.url),
        ]
    }
}

fn rows(model: &Model) -> Vec<PolicyRow<'_>> {
    model
        .policies()
        .iter()
        .map(|p| {
            let history = model.status_history(p);
            let current = model.policy_status(p);
            let (source, checked) = match (&current.basis, &p.status_basis) {
                (Basis::Derived, _) => (None, None),
                (_, Basis::Sourced { source, checked }) => {
                    (Some(source.as_str()), Some(checked.to_string()))
                }
                _ => (None, None),
            };
            PolicyRow {
                number: &p.number,
                kind: p.kind.key(),
                title: &p.title.vi,
                title_en: p.title.en(),
                issuer: &p.issuer,
                scope: p.scope.key(),
                issued: p.issued.iso(),
                effective: p.effective.map(|d| d.to_string()),
                status: current.status.key(),
                provenance: current.basis.provenance().key(),
                status_source: source,
                status_checked: checked,
                status_since: current.since.map(|d| d.iso()),
                status_by: current
                    .by
                    .as_deref()
                    .and_then(|s| model.policy(s))
                    .map(|d| d.number.as_str()),
                sample: p.sample,
                url: format!("{}{}", model.site().base_url, urls::policy(&p.slug)),
                history,
            }
        })
        .collect()
}

/// Writes the policy files into `out`; returns the number of files.
pub fn write(model: &Model, out: &Path) -> Result<usize, Diagnostic> {
    let rows = rows(model);
    let files = [
        (
            POLICIES_CSV,
            csv_bytes(POLICY_COLUMNS, rows.iter().map(PolicyRow::cells)),
        ),
        (POLICIES_JSON, json_bytes(&rows)),
    ];
    for (url, bytes) in &files {
        super::output::write_file(&super::output_path(out, url), bytes)?;
    }
    Ok(files.len())
}
