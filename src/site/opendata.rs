//! Open data: the enterprise directory and each programme's task table as CSV and JSON, written
//! from the model (never through templates), in a stable order so two builds give the same bytes.
//!
//! CSV files start with a UTF-8 byte-order mark (so Excel reads Vietnamese correctly), quote as
//! RFC 4180 says and end records with CRLF; lists are joined with "; ". JSON files are arrays of
//! objects with the same fields, lists as arrays.

use crate::diagnostics::Diagnostic;
use crate::model::urls::{self, ENTERPRISES_CSV, ENTERPRISES_JSON};
use crate::model::{Model, Program, ProgramTask};
use serde::Serialize;
use std::path::Path;

/// Columns of the directory files, in order.
pub const ENTERPRISE_COLUMNS: [&str; 16] = [
    "name",
    "name_en",
    "tax_code",
    "sector",
    "district",
    "industrial_park",
    "address",
    "founded",
    "employees",
    "products",
    "certifications",
    "export_markets",
    "phone",
    "email",
    "website",
    "url",
];
/// Columns of the task files, in order: the fields of a task in the programme file.
pub const TASK_COLUMNS: [&str; 9] = ProgramTask::FIELDS;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One enterprise as open data.
#[derive(Serialize)]
struct EnterpriseRow<'a> {
    name: &'a str,
    name_en: Option<&'a str>,
    tax_code: &'a str,
    sector: &'a str,
    district: &'a str,
    industrial_park: Option<&'a str>,
    address: &'a str,
    founded: Option<i64>,
    employees: Option<i64>,
    products: &'a [String],
    certifications: &'a [String],
    export_markets: &'a [String],
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    url: String,
}

impl EnterpriseRow<'_> {
    fn fields(&self) -> [String; 16] {
        let o = |v: Option<&str>| v.unwrap_or("").to_owned();
        let n = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            self.name.to_owned(),
            o(self.name_en),
            self.tax_code.to_owned(),
            self.sector.to_owned(),
            self.district.to_owned(),
            o(self.industrial_park),
            self.address.to_owned(),
            n(self.founded),
            n(self.employees),
            self.products.join("; "),
            self.certifications.join("; "),
            self.export_markets.join("; "),
            o(self.phone),
            o(self.email),
            o(self.website),
            self.url.clone(),
        ]
    }
}

/// One programme task as open data.
#[derive(Serialize)]
struct TaskRow<'a> {
    number: i64,
    group: Option<&'a str>,
    task: &'a str,
    task_en: Option<&'a str>,
    expected_result: Option<&'a str>,
    period: Option<&'a str>,
    lead: Option<&'a str>,
    coordinating: &'a [String],
    status: crate::model::TaskStatus,
}

impl TaskRow<'_> {
    fn fields(&self) -> [String; 9] {
        let o = |v: Option<&str>| v.unwrap_or("").to_owned();
        [
            self.number.to_string(),
            o(self.group),
            self.task.to_owned(),
            o(self.task_en),
            o(self.expected_result),
            o(self.period),
            o(self.lead),
            self.coordinating.join("; "),
            self.status.to_string(),
        ]
    }
}

fn enterprise_rows(model: &Model) -> Vec<EnterpriseRow<'_>> {
    model
        .enterprises()
        .iter()
        .map(|e| EnterpriseRow {
            name: &e.name.vi,
            name_en: e.name.en.as_deref(),
            tax_code: &e.tax_code,
            sector: model
                .sector(&e.sector)
                .map(|s| s.name.vi.as_str())
                .unwrap_or(&e.sector),
            district: model
                .district(&e.district)
                .map(|d| d.name.as_str())
                .unwrap_or(&e.district),
            industrial_park: e
                .industrial_park
                .as_deref()
                .map(|p| model.park(p).map(|x| x.name.vi.as_str()).unwrap_or(p)),
            address: &e.address,
            founded: e.founded,
            employees: e.employees,
            products: &e.products.vi,
            certifications: &e.certifications,
            export_markets: &e.export_markets,
            phone: e.contact.phone.as_deref(),
            email: e.contact.email.as_deref(),
            website: e.contact.website.as_deref(),
            url: format!("{}{}", model.site().base_url, urls::enterprise(&e.slug)),
        })
        .collect()
}

fn task_rows(p: &Program) -> Vec<TaskRow<'_>> {
    p.tasks
        .iter()
        .map(|t| TaskRow {
            number: t.number,
            group: t.group.as_deref(),
            task: &t.task.vi,
            task_en: t.task.en.as_deref(),
            expected_result: t.expected_result.as_deref(),
            period: t.period.as_deref(),
            lead: t.lead.as_deref(),
            coordinating: &t.coordinating,
            status: t.status,
        })
        .collect()
}

/// CSV bytes: BOM, header, one record per row, CRLF, quoting only where needed (RFC 4180).
fn csv_bytes<const N: usize>(
    header: [&str; N],
    rows: impl Iterator<Item = [String; N]>,
) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn json_bytes<T: Serialize>(rows: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(rows).expect("open data serialises");
    v.push(b'\n');
    v
}

/// Writes the directory and task files into `out`; returns the number of files.
pub fn write(model: &Model, out: &Path) -> Result<usize, Diagnostic> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let rows = enterprise_rows(model);
    files.push((
        ENTERPRISES_CSV.into(),
        csv_bytes(ENTERPRISE_COLUMNS, rows.iter().map(EnterpriseRow::fields)),
    ));
    files.push((ENTERPRISES_JSON.into(), json_bytes(&rows)));
    for p in model.programs() {
        let rows = task_rows(p);
        files.push((
            urls::tasks_csv(p.year),
            csv_bytes(TASK_COLUMNS, rows.iter().map(TaskRow::fields)),
        ));
        files.push((urls::tasks_json(p.year), json_bytes(&rows)));
    }
    for (url, bytes) in &files {
        super::output::write_file(&super::output_path(out, url), bytes)?;
    }
    Ok(files.len())
}
