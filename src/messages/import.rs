//! The words of `cnht import`'s report: its frame (what was read, the plan, the counts, what to
//! do next), the findings about the sheet's columns and rows, and the stops of a whole import
//! (a sheet or mapping file that cannot be read, a file that cannot be written).

use super::{both, did_you_mean, hinted, Both, Lang};

fn rows(rows: &[usize]) -> String {
    rows.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Read khao-sat.csv: 31 rows of enterprises".
pub fn read(lang: Lang, file: &str, n: usize) -> String {
    match lang {
        Lang::Vi => format!("Đã đọc {file}: {n} dòng doanh nghiệp"),
        Lang::En => format!(
            "Read {file}: {n} row{} of enterprises",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// "error: row 5, column "Mã số thuế": " before a finding.
pub fn place(lang: Lang, error: bool, row: Option<usize>, column: Option<&str>) -> String {
    let sev = super::severity(lang, error);
    let (row_w, col_w) = (self::row(lang), self::column(lang));
    match (row, column) {
        (Some(r), Some(c)) => format!("{sev}: {row_w} {r}, {col_w} \"{c}\": "),
        (Some(r), None) => format!("{sev}: {row_w} {r}: "),
        (None, Some(c)) => format!("{sev}: {col_w} \"{c}\": "),
        (None, None) => format!("{sev}: "),
    }
}

/// "  hint: " before a hint.
pub fn hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "  gợi ý: ",
        Lang::En => "  hint: ",
    }
}

/// The verb of an action: created, updated or unchanged.
pub fn verb(lang: Lang, which: usize) -> &'static str {
    match (lang, which) {
        (Lang::Vi, 0) => "tạo mới",
        (Lang::Vi, 1) => "cập nhật",
        (Lang::Vi, _) => "không đổi",
        (Lang::En, 0) => "create",
        (Lang::En, 1) => "update",
        (Lang::En, _) => "unchanged",
    }
}

/// "column" before a column's letter.
pub fn column(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "cột",
        Lang::En => "column",
    }
}

/// "row" in "(row 4: …)".
pub fn row(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "dòng",
        Lang::En => "row",
    }
}

/// "(none)": a value the file did not have.
pub fn none(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "(chưa có)",
        Lang::En => "(none)",
    }
}

/// The counts: "3 created, 1 updated, 950 unchanged, 1 replaced by a later row (row 8),
/// 2 rejected (rows 14, 87)".
pub fn summary(
    lang: Lang,
    counts: (usize, usize, usize),
    replaced: &[usize],
    rejected: &[usize],
) -> String {
    let (c, u, s) = counts;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = match lang {
        Lang::Vi => format!("{c} tạo mới, {u} cập nhật, {s} không đổi"),
        Lang::En => format!("{c} created, {u} updated, {s} unchanged"),
    };
    if !replaced.is_empty() {
        out.push_str(&match lang {
            Lang::Vi => format!(
                ", {} thay bằng dòng gửi sau (dòng {})",
                replaced.len(),
                rows(replaced)
            ),
            Lang::En => format!(
                ", {} replaced by a later row (row{} {})",
                replaced.len(),
                plural(replaced.len()),
                rows(replaced)
            ),
        });
    }
    if !rejected.is_empty() {
        out.push_str(&match lang {
            Lang::Vi => format!(", {} bị từ chối (dòng {})", rejected.len(), rows(rejected)),
            Lang::En => format!(
                ", {} rejected (row{} {})",
                rejected.len(),
                plural(rejected.len()),
                rows(rejected)
            ),
        });
    }
    out
}

/// After the list, when rows were rejected.
pub fn rejected(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Các dòng bị từ chối chưa được nhập: sửa chúng trong bảng tính rồi nhập lại (các dòng đã nhập sẽ hiện là không đổi).",
        Lang::En => "The rejected rows were not imported: correct them in the spreadsheet and import it again (rows already imported will show as unchanged).",
    }
}

/// The end of a dry run.
pub fn dry_run(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => {
            "Chạy thử: chưa ghi gì. Chạy lại đúng lệnh này với --write để ghi các tệp trên."
        }
        Lang::En => {
            "Dry run: nothing was written. Run the same command with --write to write these files."
        }
    }
}

/// "Wrote 3 files."
pub fn wrote(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Vi => format!("Đã ghi {n} tệp."),
        Lang::En => format!("Wrote {n} file{}.", if n == 1 { "" } else { "s" }),
    }
}

/// Before the check that follows `--write`.
pub fn checking(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Đang kiểm tra trang (như `cnht check`)…",
        Lang::En => "Checking the site (as `cnht check` does)…",
    }
}

/// When the written site has errors.
pub fn site_now_has_errors(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Trang giờ có lỗi (ở trên): sửa các tệp hoặc bảng tính rồi chạy `cnht check`.",
        Lang::En => "The site now has errors (above): correct the files or the spreadsheet, then run `cnht check`.",
    }
}

/// When the site had errors before the import.
pub fn site_has_errors(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Trang đang có lỗi (ở trên): sửa trước (`cnht check`) rồi nhập lại. Chưa nhập gì.",
        Lang::En => "The site has errors (above): fix them first (`cnht check`), then import again. Nothing was imported.",
    }
}

/// When the import could not run at all.
pub fn nothing_imported(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Chưa nhập gì.",
        Lang::En => "Nothing was imported.",
    }
}

// ----- Stops of the whole import -----

/// A file, as the import read or wrote it, that cannot be read.
pub fn cannot_read(file: &str, e: &str) -> Both {
    both(
        format!("cannot read {file}: {e}"),
        format!("không đọc được {file}: {e}"),
    )
}

/// A sheet of another kind than CSV or Excel.
pub fn not_a_sheet(file: &str) -> Both {
    both(
        format!("{file} is neither a CSV file nor an Excel workbook (.csv or .xlsx)"),
        format!("{file} không phải là tệp CSV hay bảng tính Excel (.csv hoặc .xlsx)"),
    )
}

/// A sheet without rows.
pub fn no_rows(file: &str) -> Both {
    both(
        format!("{file} has no rows"),
        format!("{file} không có dòng nào"),
    )
}

/// A CSV file that is not UTF-8.
pub fn csv_not_utf8(file: &str) -> Both {
    both(
        format!("{file} is not UTF-8 text. In Excel choose File → Save As → \"CSV UTF-8 (Comma delimited)\", or import the .xlsx file itself"),
        format!("{file} không phải văn bản UTF-8. Trong Excel chọn File → Save As → \"CSV UTF-8 (Comma delimited)\", hoặc nhập thẳng tệp .xlsx"),
    )
}

/// A CSV file the reader cannot read.
pub fn not_csv(file: &str, e: &str) -> Both {
    both(
        format!("{file} cannot be read as CSV: {e}"),
        format!("không đọc được {file} theo dạng CSV: {e}"),
    )
}

/// A workbook that cannot be opened.
pub fn workbook(file: &str, e: &str) -> Both {
    both(
        format!("cannot open the workbook {file}: {e}"),
        format!("không mở được bảng tính {file}: {e}"),
    )
}

/// A workbook whose first sheet cannot be read.
pub fn first_sheet(file: &str, e: &str) -> Both {
    both(
        format!("cannot read the first sheet of {file}: {e}"),
        format!("không đọc được trang tính đầu tiên của {file}: {e}"),
    )
}

/// A workbook without sheets.
pub fn no_sheet(file: &str) -> Both {
    both(
        format!("{file} has no sheet"),
        format!("{file} không có trang tính nào"),
    )
}

/// A mapping file that is not valid TOML or holds other tables.
pub fn mapping_invalid(file: &str, e: &str) -> Both {
    let example = "[columns]\n\"Tên doanh nghiệp\" = \"name\"\n\"Mã số thuế\" = \"tax_code\"";
    both(
        format!("the mapping file {file} is not valid: {e}\nIt is written like this:\n{example}"),
        format!("bảng cột {file} viết chưa đúng: {e}\nCách viết:\n{example}"),
    )
}

/// A column mapped to something that is not a field; `near` is the close field (`Ok`) or every
/// field (`Err`).
pub fn mapping_field(file: &str, header: &str, target: &str, near: Result<&str, &str>) -> Both {
    let (en, vi) = match near {
        Ok(s) => did_you_mean(&format!("\"{s}\"")),
        Err(all) => (
            format!("the fields are: {all}"),
            format!("các trường là: {all}"),
        ),
    };
    both(
        format!("in {file}: column \"{header}\" is mapped to \"{target}\", which is not an enterprise field ({en}; write \"\" to ignore the column)"),
        format!("trong {file}: cột \"{header}\" được gán cho \"{target}\", không phải là trường của doanh nghiệp ({vi}; ghi \"\" để bỏ qua cột)"),
    )
}

/// Two columns that fill one field.
pub fn two_columns(first: (&str, &str), second: (&str, &str), field: &str) -> Both {
    let ((a, ha), (b, hb)) = (first, second);
    both(
        format!("columns {a} \"{ha}\" and {b} \"{hb}\" both go into the field `{field}`: keep one, or map the other to \"\" in a mapping file"),
        format!("cột {a} \"{ha}\" và cột {b} \"{hb}\" cùng ghi vào trường `{field}`: giữ một cột, hoặc gán cột kia cho \"\" trong bảng cột"),
    )
}

/// No column holds the tax code; `headers` are the sheet's, quoted.
pub fn no_tax_column(headers: &str) -> Both {
    both(
        format!("no column holds the tax code (\"Mã số thuế\"), which identifies each enterprise. The headers are: {headers}. Name the right column in a mapping file (`--write-mapping cot.toml` drafts one): [columns] \"…\" = \"tax_code\""),
        format!("không cột nào chứa mã số thuế (\"Mã số thuế\"), thứ xác định từng doanh nghiệp. Các tiêu đề là: {headers}. Ghi cột đúng vào bảng cột (`--write-mapping cot.toml` soạn sẵn): [columns] \"…\" = \"tax_code\""),
    )
}

/// How many files were written before one could not be: the end of a stop while writing.
fn stopped(n: usize) -> (String, String) {
    match n {
        0 => ("no file was written".into(), "chưa ghi tệp nào".into()),
        1 => (
            "1 file was written before it, the others were not".into(),
            "đã ghi 1 tệp trước đó, các tệp còn lại chưa ghi".into(),
        ),
        n => (
            format!("{n} files were written before it, the others were not"),
            format!("đã ghi {n} tệp trước đó, các tệp còn lại chưa ghi"),
        ),
    }
}

/// A file the import would write behind a link that leaves the site.
pub fn write_refused(file: &str, why: Both, written: usize) -> Both {
    let (en, vi) = stopped(written);
    both(
        format!("{file}: {}; {en}", why.0.message),
        format!("{file}: {}; {vi}", why.1.message),
    )
}

/// A folder that cannot be created.
pub fn cannot_create(dir: &str, e: &str, written: usize) -> Both {
    let (en, vi) = stopped(written);
    both(
        format!("cannot create {dir}: {e}; {en}"),
        format!("không tạo được thư mục {dir}: {e}; {vi}"),
    )
}

/// A file that cannot be written.
pub fn cannot_write(file: &str, e: &str, written: usize) -> Both {
    let (en, vi) = stopped(written);
    both(
        format!("cannot write {file} ({e}): it is as it was before; {en}"),
        format!("không ghi được {file} ({e}): tệp vẫn như trước; {vi}"),
    )
}

/// A draft mapping that cannot be written (it exists, or the folder does not).
pub fn mapping_exists(file: &str, e: &str) -> Both {
    both(
        format!("cannot write {file} ({e}); if it exists, choose another name or remove it first"),
        format!("không ghi được {file} ({e}); nếu tệp đã có, chọn tên khác hoặc xoá tệp đó trước"),
    )
}

/// After the draft mapping is written.
pub fn mapping_written(lang: Lang, file: &str, survey: &str) -> String {
    match lang {
        Lang::Vi => format!("Đã ghi bảng cột nháp {file}: kiểm tra, ghi trường cho các cột còn \"\", rồi chạy\n  cnht import enterprises {survey} --mapping {file}"),
        Lang::En => format!("Wrote the draft mapping {file}: check it, name the fields of the columns left \"\", then run\n  cnht import enterprises {survey} --mapping {file}"),
    }
}

/// An enterprise file the import updates that it cannot read as TOML.
pub fn file_unreadable(file: &str, e: &str) -> Both {
    both(
        format!("{file} cannot be read: {e}"),
        format!("không đọc được {file}: {e}"),
    )
}

/// An enterprise file whose `contact` is not a table.
pub fn contact_not_table(file: &str) -> Both {
    both(
        format!("{file}: [contact] is not a table"),
        format!("{file}: [contact] không phải là một bảng"),
    )
}

// ----- The sheet's columns -----

/// A header in a legacy encoding, read as `now`.
pub fn legacy_header(letter: &str, raw: &str, encoding: &str, now: &str) -> Both {
    hinted(
        format!("the header of column {letter} \"{raw}\" is in the old {encoding} encoding: read as \"{now}\""),
        "convert the whole file to Unicode (e.g. UniKey → Công cụ chuyển mã)",
        format!("tiêu đề cột {letter} \"{raw}\" viết bằng bảng mã cũ {encoding}: đọc thành \"{now}\""),
        "chuyển cả tệp sang Unicode (ví dụ UniKey → Công cụ chuyển mã)",
    )
}

/// A filled column without a header.
pub fn no_header(letter: &str) -> Both {
    hinted(
        format!("column {letter} has no header and is not imported"),
        "give it a header the mapping knows, e.g. \"Số lao động\"",
        format!("cột {letter} không có tiêu đề nên không được nhập"),
        "đặt cho cột một tiêu đề đã biết, ví dụ \"Số lao động\"",
    )
}

/// A column no field is mapped to.
pub fn unknown_column(letter: &str, h: &str) -> Both {
    hinted(
        format!("column {letter} \"{h}\" is not imported: no field is mapped to it"),
        format!("to import it, name its field in a mapping file (`--write-mapping cot.toml` drafts one): [columns] \"{h}\" = \"…\"; to silence this, map it to \"\""),
        format!("cột {letter} \"{h}\" không được nhập: chưa gán trường nào cho cột này"),
        format!("muốn nhập thì ghi trường của cột vào bảng cột (`--write-mapping cot.toml` soạn sẵn): [columns] \"{h}\" = \"…\"; muốn bỏ qua thì ghi \"\""),
    )
}

/// A column whose header names several fields.
pub fn ambiguous_column(letter: &str, h: &str, keys: &[&str]) -> Both {
    let all = keys.join(", ");
    let first = keys.first().copied().unwrap_or("");
    hinted(
        format!("column {letter} \"{h}\" is not imported: its header names several fields ({all})"),
        format!("say which in a mapping file (`--write-mapping cot.toml` drafts one): [columns] \"{h}\" = \"{first}\""),
        format!("cột {letter} \"{h}\" không được nhập: tiêu đề ứng với nhiều trường ({all})"),
        format!("ghi rõ trường trong bảng cột (`--write-mapping cot.toml` soạn sẵn): [columns] \"{h}\" = \"{first}\""),
    )
}

/// Required fields no column holds (`fields` quoted).
pub fn missing_columns(fields: &str) -> Both {
    hinted(
        format!("no column holds {fields}, which every new enterprise requires: only enterprises already in the directory can be updated from this sheet"),
        "name the columns in a mapping file (`--write-mapping cot.toml` drafts one), then import with --mapping cot.toml",
        format!("không cột nào chứa {fields}, là trường bắt buộc của doanh nghiệp mới: bảng này chỉ cập nhật được các doanh nghiệp đã có trong danh bạ"),
        "ghi tên các cột vào bảng cột (`--write-mapping cot.toml` soạn sẵn) rồi nhập với --mapping cot.toml",
    )
}

// ----- Rows -----

/// A cell that shows an Excel error.
pub fn excel_error(shown: &str) -> Both {
    hinted(
        format!("the cell shows the Excel error {shown}"),
        "fix the formula or type the value",
        format!("ô đang hiện lỗi Excel {shown}"),
        "sửa công thức hoặc gõ giá trị vào ô",
    )
}

/// A cell in a legacy encoding, imported converted.
pub fn legacy_cell(was: &str, encoding: &str, now: &str) -> Both {
    both(
        format!("\"{was}\" is written in the old {encoding} encoding, not Unicode: imported as \"{now}\""),
        format!("\"{was}\" viết bằng bảng mã cũ {encoding}, không phải Unicode: đã nhập thành \"{now}\""),
    )
}

/// A name in capitals imported with the suggested capitalisation.
pub fn caps_fixed(better: &str) -> Both {
    both(
        format!("the name is typed in capitals: imported as \"{better}\" (--fix-caps)"),
        format!("tên gõ toàn chữ in hoa: đã nhập thành \"{better}\" (--fix-caps)"),
    )
}

/// A name in capitals, kept with a suggestion.
pub fn caps(name: &str, better: &str) -> Both {
    hinted(
        format!("the name \"{name}\" is typed in capitals; usually written \"{better}\""),
        "correct it in the survey, or import with --fix-caps to write the suggestion",
        format!("tên \"{name}\" gõ toàn chữ in hoa; cách viết thường dùng: \"{better}\""),
        "sửa trong bảng khảo sát, hoặc nhập với --fix-caps để dùng cách viết gợi ý",
    )
}

/// A row without a tax code.
pub fn no_tax_code() -> Both {
    hinted(
        "the tax code is missing",
        "the tax code identifies the enterprise: rows without one cannot be imported",
        "thiếu mã số thuế",
        "mã số thuế xác định doanh nghiệp: dòng không có mã thì không nhập được",
    )
}

/// A row replaced by a later one with the same tax code; `when` is the two submission times
/// (this row's, the kept row's) when both are known and differ.
pub fn superseded(code: &str, kept: usize, when: Option<(&str, &str)>) -> Both {
    let (why_en, why_vi) = match when {
        Some((this, that)) => (
            format!("it was submitted later ({that} against {this})"),
            format!("dòng đó gửi sau ({that}, dòng này {this})"),
        ),
        None => (
            "it comes later in the sheet".to_owned(),
            "dòng đó nằm sau trong bảng".to_owned(),
        ),
    };
    hinted(
        format!("the tax code {code} is also on row {kept}, which is imported instead of this row: {why_en}"),
        "if the two rows are different enterprises, correct the tax code of one",
        format!("mã số thuế {code} cũng có ở dòng {kept}, dòng đó được nhập thay cho dòng này: {why_vi}"),
        "nếu là hai doanh nghiệp khác nhau, sửa mã số thuế của một dòng",
    )
}

/// A name that differs from the file's only in capitals.
pub fn name_kept(name: &str, file_name: &str) -> Both {
    both(
        format!("\"{name}\" differs from the file's name \"{file_name}\" only in capitals: the file's is kept"),
        format!("\"{name}\" chỉ khác tên trong tệp \"{file_name}\" ở chữ hoa: giữ tên trong tệp"),
    )
}

/// A new enterprise, while the sheet lacks required columns.
pub fn new_without_columns() -> Both {
    both(
        "not in the directory yet, and the sheet lacks columns a new enterprise requires (see above)",
        "chưa có trong danh bạ, mà bảng thiếu cột bắt buộc của doanh nghiệp mới (xem ở trên)",
    )
}

/// An empty cell of a field a new enterprise requires.
pub fn required_empty(key: &str) -> Both {
    both(
        format!("the cell is empty, but `{key}` is required for an enterprise that is not in the directory yet"),
        format!("ô đang trống, mà `{key}` là trường bắt buộc của doanh nghiệp chưa có trong danh bạ"),
    )
}

/// A name no web address can be made from.
pub fn no_address_from(name: &str) -> Both {
    hinted(
        format!("no web address can be made from the name \"{name}\""),
        "write the name with letters, e.g. \"Công ty TNHH Minh Phát\"",
        format!("không tạo được địa chỉ web từ tên \"{name}\""),
        "ghi tên bằng chữ, ví dụ \"Công ty TNHH Minh Phát\"",
    )
}

/// A new enterprise with the name of another one.
pub fn possible_duplicate(other: &str, other_tax: &str, tax: &str, file: &str) -> Both {
    hinted(
        format!("possible duplicate: {other} has the same name with the tax code {other_tax}; this row (tax code {tax}) is written to {file}"),
        "if they are one enterprise, correct the tax code in the survey",
        format!("có thể trùng: {other} cùng tên, mã số thuế {other_tax}; dòng này (mã số thuế {tax}) được ghi vào {file}"),
        "nếu là một doanh nghiệp, sửa mã số thuế trong bảng khảo sát",
    )
}
