//! Open data: the enterprise directory and each programme's task table as CSV and JSON, written
//! from the model (never through templates), in a stable order so two builds give the same bytes.
//!
//! CSV files start with a UTF-8 byte-order mark (so Excel reads Vietnamese correctly), quote as
//! RFC 4180 says and end records with CRLF; lists are joined with "; ". Every text cell passes
//! [`spreadsheet_text`] (no formula injection); numbers are written as numbers. JSON files are
//! arrays of objects with the same fields, lists as arrays.

use crate::diagnostics::Diagnostic;
use crate::model::terms::{Key, TermKind, Terms};
use crate::model::urls::{self, ENTERPRISES_CSV, ENTERPRISES_JSON};
use crate::model::{Enterprise, Lang, Model, Program, ProgramTask};
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;

/// Columns of the directory files, in order (the same in both languages; the English file's
/// cells are the English names and its `url` the English page; `sample`: the record is
/// fictional).
pub const ENTERPRISE_COLUMNS: [&str; 27] = [
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
    "product_groups",
    "processes",
    "certifications",
    "export_markets",
    "ownership",
    "languages",
    "equipment",
    "materials",
    "tolerance",
    "monthly_capacity",
    "quality_equipment",
    "quality_methods",
    "phone",
    "email",
    "website",
    "url",
    "sample",
];
/// Columns of the task files, in order: the fields of a task in the programme file, then whether
/// its status is a sample value (the programme's `status_sample`).
pub const TASK_COLUMNS: [&str; 10] = {
    let f = ProgramTask::FIELDS;
    [
        f[0],
        f[1],
        f[2],
        f[3],
        f[4],
        f[5],
        f[6],
        f[7],
        f[8],
        "status_sample",
    ]
};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return,
/// let one through): the OWASP "CSV Injection" list, with the full-width forms East Asian
/// input methods produce, which Excel in those locales also takes for the ASCII ones.
pub const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// THE spreadsheet rule for text cells of every CSV file cnht writes: a text that starts with one
/// of [`FORMULA_STARTS`] — or with spaces before one, which some importers trim — gets a leading
/// `'`, so Excel, LibreOffice and Google Sheets show it as text instead of running it
/// (`=HYPERLINK(…)` stays the words `'=HYPERLINK(…)`). Numbers are not text cells and never pass
/// here; a normalised phone number starts with 0 and is left alone.
///
/// Any other CSV writer must apply this same rule (and escape list items one by one, as
/// [`spreadsheet_list`] does). The export of a shortlist in the browser does, in
/// `themes/cnht/static/js/csv.js`: keep the two in step; both are tested on the cells of
/// `tests/fixtures/spreadsheet-cells.json`.
pub fn spreadsheet_text(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(FORMULA_STARTS) || s.trim_start().starts_with(FORMULA_STARTS);
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A list as one text cell: items joined with "; ", each item escaped by [`spreadsheet_text`]
/// (a spreadsheet set to split at `;` would otherwise start a cell with a later item).
pub fn spreadsheet_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| spreadsheet_text(i))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One cell of an open-data CSV row. Text goes through [`spreadsheet_text`] when the file is
/// written, so no writer can forget it.
pub(super) enum Cell<'a> {
    /// Text as the model has it.
    Text(Cow<'a, str>),
    /// A list of texts, one cell.
    List(&'a [String]),
    /// A whole number, or an empty cell.
    Number(Option<i64>),
}

impl Cell<'_> {
    /// The cell before the spreadsheet rule, for a writer elsewhere that applies the same rule
    /// (the client-side export of a shortlist, `themes/cnht/static/js/csv.js`): text as a
    /// string, a list as an array of strings, a number or `null`.
    fn raw(&self) -> serde_json::Value {
        match self {
            Cell::Text(t) => serde_json::Value::from(t.as_ref()),
            Cell::List(items) => serde_json::Value::from(items.to_vec()),
            Cell::Number(n) => serde_json::Value::from(*n),
        }
    }

    fn to_csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => spreadsheet_text(t),
            Cell::List(items) => Cow::Owned(spreadsheet_list(items)),
            Cell::Number(n) => Cow::Owned(n.map(|n| n.to_string()).unwrap_or_default()),
        }
    }
}

pub(super) fn text(s: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(s))
}

pub(super) fn opt_text(s: Option<&str>) -> Cell<'_> {
    text(s.unwrap_or(""))
}

/// One enterprise as open data, in one language: vocabulary fields by their names in it.
#[derive(Serialize)]
struct EnterpriseRow<'a> {
    name: &'a str,
    name_en: Option<&'a str>,
    tax_code: &'a str,
    sector: &'a str,
    district: Cow<'a, str>,
    industrial_park: Option<&'a str>,
    address: &'a str,
    founded: Option<i64>,
    employees: Option<i64>,
    products: &'a [String],
    product_groups: Vec<String>,
    processes: Vec<String>,
    certifications: Vec<String>,
    export_markets: Vec<String>,
    ownership: Option<&'static str>,
    languages: Vec<String>,
    equipment: Vec<String>,
    materials: &'a [String],
    tolerance: Option<&'a str>,
    monthly_capacity: Option<&'a str>,
    quality_equipment: &'a [String],
    quality_methods: Vec<String>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    url: String,
    sample: bool,
    /// The vocabulary fields by their keys, in the JSON only (a program matches on keys, which do
    /// not change with the language or a renamed entry; the CSV is for people and has the names).
    keys: RowKeys<'a>,
}

/// The keys behind an enterprise row's vocabulary names.
#[derive(Serialize)]
struct RowKeys<'a> {
    sector: &'a str,
    district: &'a str,
    industrial_park: Option<&'a str>,
    product_groups: Vec<&'a str>,
    processes: Vec<&'a str>,
    certifications: Vec<&'a str>,
    export_markets: Vec<&'a str>,
    ownership: Option<&'static str>,
    languages: Vec<&'static str>,
    quality_methods: Vec<&'static str>,
}

/// A yes/no cell.
pub(super) fn flag(b: bool) -> Cell<'static> {
    text(if b { "true" } else { "false" })
}

impl EnterpriseRow<'_> {
    fn cells(&self) -> [Cell<'_>; 27] {
        [
            text(self.name),
            opt_text(self.name_en),
            text(self.tax_code),
            text(self.sector),
            text(&self.district),
            opt_text(self.industrial_park),
            text(self.address),
            Cell::Number(self.founded),
            Cell::Number(self.employees),
            Cell::List(self.products),
            Cell::List(&self.product_groups),
            Cell::List(&self.processes),
            Cell::List(&self.certifications),
            Cell::List(&self.export_markets),
            opt_text(self.ownership),
            Cell::List(&self.languages),
            Cell::List(&self.equipment),
            Cell::List(self.materials),
            opt_text(self.tolerance),
            opt_text(self.monthly_capacity),
            Cell::List(self.quality_equipment),
            Cell::List(&self.quality_methods),
            opt_text(self.phone),
            opt_text(self.email),
            opt_text(self.website),
            text(&self.url),
            flag(self.sample),
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
    status_sample: bool,
}

impl TaskRow<'_> {
    fn cells(&self) -> [Cell<'_>; 10] {
        [
            Cell::Number(Some(self.number)),
            opt_text(self.group),
            text(self.task),
            opt_text(self.task_en),
            opt_text(self.expected_result),
            opt_text(self.period),
            opt_text(self.lead),
            Cell::List(self.coordinating),
            text(self.status.key()),
            flag(self.status_sample),
        ]
    }
}

/// The names of `keys` in `lang`.
fn named<K: TermKind>(terms: &Terms<K>, keys: &[Key<K>], lang: Lang) -> Vec<String> {
    keys.iter()
        .map(|k| terms.label(k, lang).to_owned())
        .collect()
}

/// One kind of equipment as a cell item: `Stamping press × 12 (25–200 t)`.
fn equipment(m: &crate::model::Equipment, lang: Lang) -> String {
    let mut s = m.kind.pick(lang).text.to_owned();
    if let Some(n) = m.count {
        s.push_str(&format!(" × {n}"));
    }
    if let Some(c) = &m.capacity {
        s.push_str(&format!(" ({c})"));
    }
    s
}

fn enterprise_rows(model: &Model, lang: Lang) -> Vec<EnterpriseRow<'_>> {
    model
        .enterprises()
        .iter()
        .map(|e| enterprise_row(model, e, lang))
        .collect()
}

/// One enterprise as open data, with the names of its sector, district, park, products and
/// vocabulary entries and its page in `lang` (the `/en/` CSV is the English one).
fn enterprise_row<'a>(model: &'a Model, e: &'a Enterprise, lang: Lang) -> EnterpriseRow<'a> {
    let vocab = model.vocabularies();
    let cap = &e.capability;
    EnterpriseRow {
        name: &e.name.vi,
        name_en: e.name.en.as_deref(),
        tax_code: &e.tax_code,
        sector: model
            .sector(&e.sector)
            .map(|s| s.name.pick(lang).text)
            .unwrap_or(&e.sector),
        // The Vietnamese file names the district as the survey does ("Đông Anh"); the
        // English one with its English kind ("Đông Anh District").
        district: model
            .district(&e.district)
            .map_or(Cow::Borrowed(e.district.as_str()), |d| match lang {
                Lang::Vi => Cow::Borrowed(d.name.as_str()),
                _ => Cow::Owned(d.label(lang)),
            }),
        industrial_park: e
            .industrial_park
            .as_deref()
            .map(|p| model.park(p).map(|x| x.name.pick(lang).text).unwrap_or(p)),
        address: &e.address,
        founded: e.founded,
        employees: e.employees,
        products: e.products.pick(lang).text,
        product_groups: named(&vocab.product_groups, &e.product_groups, lang),
        processes: named(&vocab.processes, &e.processes, lang),
        certifications: e
            .certifications
            .iter()
            .map(|c| vocab.certifications.label(&c.key, lang).to_owned())
            .collect(),
        export_markets: named(&vocab.countries, &e.export_markets, lang),
        ownership: cap.ownership.map(|o| o.label(lang)),
        languages: cap
            .languages
            .iter()
            .map(|l| l.label(lang).to_owned())
            .collect(),
        equipment: cap.equipment.iter().map(|m| equipment(m, lang)).collect(),
        materials: cap.materials.pick(lang).text,
        tolerance: cap.tolerance.as_deref(),
        monthly_capacity: cap.monthly_capacity.as_ref().map(|t| t.pick(lang).text),
        quality_equipment: cap.quality_equipment.pick(lang).text,
        quality_methods: cap
            .quality_methods
            .iter()
            .map(|q| q.label(lang).to_owned())
            .collect(),
        phone: e.contact.phone.as_deref(),
        email: e.contact.email.as_deref(),
        website: e.contact.website.as_deref(),
        url: format!(
            "{}{}",
            model.site().base_url.trim_end_matches('/'),
            lang.url(&urls::enterprise(&e.slug))
        ),
        sample: e.sample,
        keys: RowKeys {
            sector: &e.sector,
            district: &e.district,
            industrial_park: e.industrial_park.as_deref(),
            product_groups: e.product_groups.iter().map(Key::as_str).collect(),
            processes: e.processes.iter().map(Key::as_str).collect(),
            certifications: e.certifications.iter().map(|c| c.key.as_str()).collect(),
            export_markets: e.export_markets.iter().map(Key::as_str).collect(),
            ownership: cap.ownership.map(|o| o.key()),
            languages: cap.languages.iter().map(|l| l.key()).collect(),
            quality_methods: cap.quality_methods.iter().map(|q| q.key()).collect(),
        },
    }
}

/// The cells of `e`'s row of the directory's CSV ([`ENTERPRISE_COLUMNS`]) with the names in
/// `lang`, before the spreadsheet rule: what the files of cards carry for the export of a
/// shortlist, which applies the rule in the browser.
pub fn enterprise_cells(model: &Model, e: &Enterprise, lang: Lang) -> serde_json::Value {
    let row = enterprise_row(model, e, lang);
    serde_json::Value::Array(row.cells().iter().map(Cell::raw).collect())
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
            status_sample: p.status_sample,
        })
        .collect()
}

/// CSV bytes: BOM, header, one record per row, CRLF, quoting only where needed (RFC 4180); every
/// cell through [`Cell::to_csv`], the header too.
pub(super) fn csv_bytes<'a, const N: usize>(
    header: [&str; N],
    rows: impl Iterator<Item = [Cell<'a>; N]>,
) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    w.write_record(header.map(|h| spreadsheet_text(h).into_owned()))
        .expect("writing to memory");
    for r in rows {
        w.write_record(r.iter().map(|c| c.to_csv().into_owned()))
            .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

pub(super) fn json_bytes<T: Serialize>(rows: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(rows).expect("open data serialises");
    v.push(b'\n');
    v
}

/// Writes the directory and task files into `out`; returns the number of files.
pub fn write(model: &Model, out: &Path) -> Result<usize, Diagnostic> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for lang in Lang::ALL {
        let rows = enterprise_rows(model, lang);
        files.push((
            lang.url(ENTERPRISES_CSV),
            csv_bytes(ENTERPRISE_COLUMNS, rows.iter().map(EnterpriseRow::cells)),
        ));
        if lang == Lang::Vi {
            files.push((ENTERPRISES_JSON.into(), json_bytes(&rows)));
        }
    }
    for p in model.programs() {
        let rows = task_rows(p);
        files.push((
            urls::tasks_csv(p.year),
            csv_bytes(TASK_COLUMNS, rows.iter().map(TaskRow::cells)),
        ));
        files.push((urls::tasks_json(p.year), json_bytes(&rows)));
    }
    for (url, bytes) in &files {
        super::output::write_file(&super::output_path(out, url), bytes)?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_become_text() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x\",\"Bấm\")",
                "'=HYPERLINK(\"http://x\",\"Bấm\")",
            ),
            ("+84 24 3881 2345", "'+84 24 3881 2345"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =1+1", "'  =1+1"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("'=already", "'=already"),
        ] {
            assert_eq!(spreadsheet_text(cell), want, "{cell:?}");
        }
        for plain in [
            "Công ty TNHH Ăn Phát",
            "024 3881 2345",
            "0912 345 678",
            "2005",
            "",
            "a=b",
            "x - y",
        ] {
            assert!(
                matches!(spreadsheet_text(plain), Cow::Borrowed(p) if p == plain),
                "{plain:?} is left as it is"
            );
        }
    }

    #[test]
    fn list_items_are_escaped_one_by_one() {
        let items = ["Khuôn".to_owned(), "=cmd".to_owned(), "-1".to_owned()];
        assert_eq!(spreadsheet_list(&items), "Khuôn; '=cmd; '-1");
        assert_eq!(spreadsheet_list(&items[1..]), "'=cmd; '-1");
    }

    #[test]
    fn numbers_are_not_prefixed() {
        assert_eq!(Cell::Number(Some(-5)).to_csv(), "-5");
        assert_eq!(Cell::Number(None).to_csv(), "");
        assert_eq!(text("-5").to_csv(), "'-5");
    }
}
