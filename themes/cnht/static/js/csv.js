// CSV for spreadsheets, in the browser: the export of a shortlist (filters.js). The same file
// shape and THE same spreadsheet rule as the open data written by src/site/opendata.rs
// (`spreadsheet_text`, `spreadsheet_list`, `csv_bytes`): keep the two in step. The readers' browser
// test runs the strings of tests/fixtures/spreadsheet-cells.json through both.

/// Characters that make a spreadsheet read a cell as a formula (opendata.rs `FORMULA_STARTS`):
/// the OWASP "CSV Injection" list with the full-width forms East Asian input methods produce.
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];

const risky = (s) => FORMULA_STARTS.some((c) => s.startsWith(c));

// Rust's `trim_start`: Unicode White_Space. Not JavaScript's `trimStart`, which also drops U+FEFF
// and keeps U+0085.
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/// A text cell as a spreadsheet must get it: a leading `'` when it starts with a formula
/// character, or with white space before one (opendata.rs `spreadsheet_text`).
export function spreadsheetText(s) {
  return risky(s) || risky(s.replace(LEADING_SPACE, "")) ? `'${s}` : s;
}

/// A list as one cell: items escaped one by one, joined with "; " (opendata.rs
/// `spreadsheet_list`).
export function spreadsheetList(items) {
  return items.map(spreadsheetText).join("; ");
}

/// One cell from its raw value in a file of cards (opendata.rs `Cell::raw`): text, a list of
/// texts, a number or null. Numbers are not text and are written as they are.
export function cellText(raw) {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "number") return String(raw);
  if (Array.isArray(raw)) return spreadsheetList(raw.map(String));
  return spreadsheetText(String(raw));
}

/// RFC 4180 quoting where needed, as the csv crate's `QuoteStyle::Necessary` does.
function quote(field) {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/// The text of a CSV file: byte-order mark (Excel then reads UTF-8), the header through the
/// spreadsheet rule too, one record per row of raw cells, CRLF after every record.
export function csvText(header, rows) {
  const lines = [header.map((h) => quote(spreadsheetText(h)))];
  for (const row of rows) lines.push(row.map((c) => quote(cellText(c))));
  return "\uFEFF" + lines.map((l) => l.join(",") + "\r\n").join("");
}
