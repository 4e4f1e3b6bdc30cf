//! What `cnht check` says about the fields of a file: the common typing mistakes in TOML (a
//! missing closing quote, curly quotes, a tax code without quotes), missing, empty, unknown and
//! mistyped fields, and values that are not what their field holds (numbers, dates, web and
//! e-mail addresses, phone numbers, tax codes).

use super::{both, did_you_mean, hinted, said, Both, Said};
use crate::taxcode::TaxCodeError;

/// The key of a TOML line (`tax_code` of `tax_code = 0100…`), when it has one.
pub fn line_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(char::is_whitespace)).then_some(key)
}

/// Whether the value part of a TOML line opens a basic string it does not close.
fn unclosed_quote(line: &str) -> bool {
    let Some((_, value)) = line.split_once('=') else {
        return false;
    };
    let mut open = false;
    let mut escaped = false;
    for c in value.chars() {
        match c {
            '#' if !open => break,
            '\\' if open && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => open = !open,
            _ => {}
        }
        escaped = false;
    }
    open
}

/// A TOML syntax error in plain words, English and Vietnamese, from the parser's message and
/// the line it is on.
pub fn toml_syntax(raw: &str, line: &str) -> (Said, Said) {
    let key = line_key(line).unwrap_or("key");
    if line.contains(['“', '”', '„', '‘', '’']) {
        return (
            said(
                "curly quotes “…” are not quotes TOML knows (a word processor or phone typed them)",
                format!("retype them as straight quotes: {key} = \"…\""),
            ),
            said(
                "dấu ngoặc kép cong “…” (do Word hoặc điện thoại tự đổi) không dùng được trong TOML",
                format!("gõ lại bằng dấu ngoặc kép thẳng: {key} = \"…\""),
            ),
        );
    }
    if raw.contains("leading zero") {
        // The value as typed, to show it in quotes.
        let value = line
            .split_once('=')
            .map(|(_, v)| v.split('#').next().unwrap_or("").trim())
            .filter(|v| !v.is_empty())
            .unwrap_or("0100233488");
        return (
            said(
                format!("`{key}` is written as a number starting with 0: a tax code or a phone number is text, in quotes"),
                format!("put the value in quotes: {key} = \"{value}\""),
            ),
            said(
                format!("`{key}` được viết như một số bắt đầu bằng 0: mã số thuế hay số điện thoại phải là chữ, đặt trong ngoặc kép"),
                format!("đặt giá trị trong ngoặc kép: {key} = \"{value}\""),
            ),
        );
    }
    if unclosed_quote(line) {
        return (
            said(
                "the closing quote \" of this value is missing",
                format!("end the value with \": {key} = \"…\""),
            ),
            said(
                "thiếu dấu ngoặc kép \" đóng giá trị này",
                format!("thêm dấu \" ở cuối giá trị: {key} = \"…\""),
            ),
        );
    }
    (
        said(
            format!("this is not valid TOML: {raw}"),
            "values are written `key = \"text\"`, numbers without quotes, lists as `[\"a\", \"b\"]`",
        ),
        said(
            format!("dòng này không đúng cú pháp TOML ({raw})"),
            "viết `tên = \"chữ\"`, số không có ngoặc kép, danh sách như `[\"a\", \"b\"]`",
        ),
    )
}

/// A required field that is not written.
pub fn missing_field(path: &str, key: &str, what: &str) -> (Said, Said) {
    (
        said(
            format!("required field `{path}` is missing"),
            format!("add a line `{key} = …` with {what}"),
        ),
        said(
            format!("thiếu trường bắt buộc `{path}`"),
            format!("thêm một dòng `{key} = …`"),
        ),
    )
}

/// A required list written empty (`products = []`).
pub fn empty_list(path: &str, key: &str, what: &str) -> (Said, Said) {
    (
        said(
            format!("`{path}` is empty, but at least one item is required"),
            format!("write {what}"),
        ),
        said(
            format!("danh sách `{path}` đang trống, cần ít nhất một mục"),
            format!("ghi ít nhất một mục, ví dụ {key} = [\"…\"]"),
        ),
    )
}

/// A key this tool does not know; `suggestion` is the close one, if any.
pub fn unknown_field(path: &str, suggestion: Option<&str>, allowed: &str) -> (Said, Said) {
    let (hint_en, hint_vi) = match suggestion {
        Some(s) => did_you_mean(&format!("`{s}`")),
        None => (
            format!("allowed fields here: {allowed}"),
            format!("các trường dùng được ở đây: {allowed}"),
        ),
    };
    (
        said(
            format!(
                "unknown field `{path}`: this tool does not know it, so its value would be lost"
            ),
            hint_en,
        ),
        said(
            format!("trường `{path}` không có trong danh sách: giá trị của nó sẽ bị bỏ qua"),
            hint_vi,
        ),
    )
}

/// What a field expects, for a value of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected<'a> {
    /// Text in quotes.
    Text,
    /// Text in quotes, as an item of a list.
    TextInList,
    /// A list of texts.
    List,
    /// A whole number.
    WholeNumber,
    /// Any number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A calendar date.
    Date,
    /// A `[section]`.
    Table,
    /// An array of tables `[[key]]`.
    Tables(&'a str),
    /// A table, as an item of an array of tables.
    TableItem,
    /// A text or an inline table.
    TextOrTable,
}

impl Expected<'_> {
    fn words(self) -> (String, String) {
        let (en, vi) = match self {
            Expected::Text => ("text in quotes", "chữ đặt trong ngoặc kép"),
            Expected::TextInList => (
                "text in quotes in the list",
                "chữ đặt trong ngoặc kép trong danh sách",
            ),
            Expected::List => (
                "a list such as [\"a\", \"b\"]",
                "một danh sách như [\"a\", \"b\"]",
            ),
            Expected::WholeNumber => (
                "a whole number without quotes",
                "một số nguyên, không có ngoặc kép",
            ),
            Expected::Number => ("a number", "một số"),
            Expected::Bool => (
                "true or false (without quotes)",
                "true hoặc false (không có ngoặc kép)",
            ),
            Expected::Date => ("a date such as 2020-05-05", "một ngày như 2020-05-05"),
            Expected::Table => ("a table (a `[section]`)", "một bảng (một `[mục]`)"),
            Expected::Tables(key) => {
                return (
                    format!("a list of `[[{key}]]` tables"),
                    format!("các bảng `[[{key}]]`"),
                )
            }
            Expected::TableItem => ("a table", "một bảng"),
            Expected::TextOrTable => ("a text or a `{ … }` table", "chữ hoặc một bảng `{ … }`"),
        };
        (en.to_owned(), vi.to_owned())
    }
}

/// A value as it was written, for a value of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    /// A text.
    Text(&'a str),
    /// A number, as written.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// A date or time, as written.
    Date(&'a str),
    /// A list.
    List,
    /// A table.
    Table,
}

impl Found<'_> {
    fn words(self) -> (String, String) {
        match self {
            Found::Text(s) => (format!("the text \"{s}\""), format!("chữ \"{s}\"")),
            Found::Number(n) => (format!("the number {n}"), format!("số {n}")),
            Found::Bool(b) => (format!("`{b}`"), format!("`{b}`")),
            Found::Date(d) => (format!("the date {d}"), format!("ngày {d}")),
            Found::List => ("a list".into(), "một danh sách".into()),
            Found::Table => ("a table".into(), "một bảng".into()),
        }
    }
}

/// A value of the wrong type: "expected a number, found the text "12"".
pub fn wrong_type(expected: Expected, found: Found) -> Both {
    let ((e_en, e_vi), (f_en, f_vi)) = (expected.words(), found.words());
    both(
        format!("expected {e_en}, found {f_en}"),
        format!("cần {e_vi}, nhưng đang ghi {f_vi}"),
    )
}

/// A required text written empty (`name = ""`).
pub fn empty_value(path: &str, what: &str) -> Both {
    hinted(
        format!("`{path}` is empty"),
        format!("write {what}"),
        format!("`{path}` đang để trống"),
        "ghi giá trị vào giữa hai dấu ngoặc kép",
    )
}

/// A value that is not one of a fixed list; `suggestion` is the close one, if any.
pub fn unknown_value(value: &str, suggestion: Option<&str>, keys: &str) -> Both {
    let (hint_en, hint_vi) = match suggestion {
        Some(s) => did_you_mean(&format!("\"{s}\"")),
        None => (
            format!("write one of: {keys}"),
            format!("ghi một trong các giá trị: {keys}"),
        ),
    };
    hinted(
        format!("\"{value}\" is not a known value"),
        hint_en,
        format!("\"{value}\" không phải là giá trị dùng được ở đây"),
        hint_vi,
    )
}

/// A whole number outside what its field allows.
pub fn out_of_range(lo: i64, hi: i64) -> Both {
    both(
        format!("the number is out of range: expected {lo} to {hi}"),
        format!("số này nằm ngoài khoảng cho phép: từ {lo} đến {hi}"),
    )
}

/// `nan`, `inf` or a number too large.
pub fn not_ordinary_number() -> Both {
    both(
        "expected an ordinary number (nan, inf and numbers this large are not)",
        "cần một số bình thường (nan, inf và số lớn như thế này không dùng được)",
    )
}

/// A date that is not a calendar date (`shown` as written, in backquotes).
pub fn not_a_date(shown: &str) -> Both {
    hinted(
        format!("{shown} is not a date"),
        "write the date as year-month-day, e.g. 2020-05-05",
        format!("{shown} không phải là một ngày"),
        "ghi ngày theo thứ tự năm-tháng-ngày, ví dụ 2020-05-05",
    )
}

/// A document's date (known to the day or the month) that cannot be read; `shown` is the value
/// as written, `None` when it is not even a text or a date.
pub fn not_a_doc_date(shown: Option<&str>) -> Both {
    let (en, vi) = match shown {
        Some(s) => (
            format!("{s} is not a date"),
            format!("{s} không phải là một ngày"),
        ),
        None => (
            "expected a date such as 2020-05-05 or \"2021-03\"".to_owned(),
            "cần một ngày như 2020-05-05 hoặc \"2021-03\"".to_owned(),
        ),
    };
    hinted(
        en,
        "write year-month-day (2020-05-05), or year-month in quotes (\"2021-03\") when the source gives only the month",
        vi,
        "ghi năm-tháng-ngày (2020-05-05), hoặc năm-tháng trong ngoặc kép (\"2021-03\") khi nguồn chỉ ghi tháng",
    )
}

/// A source written without the date it was checked.
pub fn source_without_check(checked_key: &str) -> Both {
    hinted(
        "a source needs the date it was checked",
        format!("add `{checked_key} = 2026-12-01` (the day you compared the text with the source)"),
        "nguồn cần có ngày kiểm tra",
        format!("thêm `{checked_key} = 2026-12-01` (ngày bạn đối chiếu nội dung với nguồn)"),
    )
}

/// A check date written without the source it was checked against.
pub fn check_without_source(checked_key: &str, source_key: &str) -> Both {
    hinted(
        format!("`{checked_key}` says when the text was checked, but no `{source_key}` says against what"),
        format!("add `{source_key} = \"…\"` (the gazette, database or page you checked against), or remove `{checked_key}`"),
        format!("`{checked_key}` ghi ngày kiểm tra, nhưng không có `{source_key}` cho biết đối chiếu với nguồn nào"),
        format!("thêm `{source_key} = \"…\"` (công báo, cơ sở dữ liệu hay trang đã đối chiếu), hoặc xoá `{checked_key}`"),
    )
}

/// A tax code that is not valid, and why.
pub fn invalid_tax_code(code: &str, e: &TaxCodeError) -> Both {
    let (why_en, why_vi) = tax_code_error(e);
    hinted(
        format!("`{code}` is not a valid tax code: {why_en}"),
        "copy the code from the business registration certificate",
        format!("`{code}` không phải là mã số thuế hợp lệ: {why_vi}"),
        "chép lại mã từ Giấy chứng nhận đăng ký doanh nghiệp",
    )
}

/// Why a tax code is not valid: (English, Vietnamese).
pub fn tax_code_error(e: &TaxCodeError) -> (String, String) {
    let (en, vi) = match e {
        TaxCodeError::Shape => (
            "a tax code has 10 digits, or 10 digits, a dash and a 3-digit branch number (e.g. 0100233488 or 0100233488-001)",
            "mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh (ví dụ 0100233488 hoặc 0100233488-001)",
        ),
        TaxCodeError::ZeroSequence => (
            "digits 3 to 9 of a tax code cannot all be 0",
            "các chữ số thứ 3 đến 9 của mã số thuế không thể đều là 0",
        ),
        TaxCodeError::CheckDigit(Some(d)) => {
            return (
                format!("the 10th digit is a check digit and should be {d} for these first nine digits: one of the digits is probably mistyped"),
                format!("chữ số thứ 10 là số kiểm tra, với chín chữ số đầu này phải là {d}: có lẽ một chữ số bị gõ nhầm"),
            )
        }
        TaxCodeError::CheckDigit(None) => (
            "no check digit fits these first nine digits, so the code cannot be right: one of the digits is probably mistyped",
            "không có số kiểm tra nào hợp với chín chữ số đầu này, nên mã không thể đúng: có lẽ một chữ số bị gõ nhầm",
        ),
        TaxCodeError::ZeroBranch => (
            "the branch number after the dash runs from 001 to 999, not 000",
            "số chi nhánh sau dấu gạch là từ 001 đến 999, không phải 000",
        ),
    };
    (en.to_owned(), vi.to_owned())
}

/// A link or address whose scheme the URL policy refuses (`None`: one starting with `//`).
pub fn unsafe_url(scheme: Option<&str>) -> Both {
    match scheme {
        Some(s) => both(
            format!("`{s}:` links are not allowed (only https://, http://, mailto:, tel:, @/ links to content files and addresses of this site starting with /)"),
            format!("không dùng được liên kết `{s}:` (chỉ dùng https://, http://, mailto:, tel:, liên kết @/ tới tệp nội dung và địa chỉ của trang bắt đầu bằng /)"),
        ),
        None => both(
            "a link starting with // leads to another site without saying how: write it with https://",
            "liên kết bắt đầu bằng // dẫn sang trang khác mà không nói bằng cách nào: viết đầy đủ với https://",
        ),
    }
}

/// A web address whose host is missing or malformed.
pub fn not_web_host(url: &str) -> Both {
    both(
        format!("`{url}` is not a web address: after https:// comes the site's name, e.g. https://www.example.vn"),
        format!("`{url}` không phải là địa chỉ web: sau https:// là tên trang, ví dụ https://www.example.vn"),
    )
}

/// A web address without `https://`.
pub fn not_web_scheme(url: &str) -> Both {
    both(
        format!("`{url}` is not a web address: it must start with https:// (or http://)"),
        format!("`{url}` không phải là địa chỉ web: phải bắt đầu bằng https:// (hoặc http://)"),
    )
}

/// A field that is not an e-mail address.
pub fn not_email(list: &str) -> Both {
    both(
        format!("`{list}` is not an e-mail address (write one address such as info@example.vn, or several separated by commas)"),
        format!("`{list}` không phải là địa chỉ email (ghi một địa chỉ như info@example.vn, hoặc nhiều địa chỉ cách nhau bằng dấu phẩy)"),
    )
}

/// A field that is not a phone number.
pub fn not_phone(raw: &str) -> Both {
    both(
        format!("`{raw}` is not a phone number (write digits, e.g. 024 3881 2345 or 0912 345 678, several separated by commas)"),
        format!("`{raw}` không phải là số điện thoại (ghi bằng chữ số, ví dụ 024 3881 2345 hoặc 0912 345 678, nhiều số cách nhau bằng dấu phẩy)"),
    )
}

/// The hint of a web address field.
pub fn web_hint() -> Both {
    both(
        "write the whole address, e.g. \"https://www.example.vn\"",
        "ghi đầy đủ địa chỉ, ví dụ \"https://www.example.vn\"",
    )
}

/// `said` with the message of `hint` as its hint (a field's hint added to a check's message).
pub fn with_hint(mut said: Both, hint: Both) -> Both {
    said.0.hint = Some(hint.0.message);
    said.1.hint = Some(hint.1.message);
    said
}

/// A key that cannot be part of a web address (a sector's, a district's); `good` is how it
/// would be written.
pub fn not_a_slug(value: &str, good: &str) -> Both {
    hinted(
        format!("`{value}` cannot be used in a web address"),
        format!("use lower-case ASCII words joined by -, e.g. \"{good}\""),
        format!("`{value}` không dùng được trong địa chỉ web"),
        format!("dùng chữ thường không dấu nối với nhau bằng -, ví dụ \"{good}\""),
    )
}

/// A language of the messages that does not exist.
pub fn not_a_lang(value: &str) -> Both {
    hinted(
        format!("`{value}` is not a language of cnht's messages"),
        "write lang = \"vi\" (tiếng Việt) or lang = \"en\" (English)",
        format!("`{value}` không phải là ngôn ngữ thông báo của cnht"),
        "ghi lang = \"vi\" (tiếng Việt) hoặc lang = \"en\" (tiếng Anh)",
    )
}

/// A site address without `https://`.
pub fn base_url_scheme() -> Both {
    both(
        "the base URL must start with https://",
        "địa chỉ trang (base_url) phải bắt đầu bằng https://",
    )
}

/// A measure outside what the printer can do: "`v` mm is outside lo–hi mm" (`unit` may be "").
pub fn outside(value: &str, lo: &str, hi: &str, unit: &str) -> Both {
    both(
        format!("{value}{unit} is outside {lo}–{hi}{unit}"),
        format!("{value}{unit} nằm ngoài khoảng {lo}–{hi}{unit}"),
    )
}

/// A binding the handbook does not know.
pub fn not_a_binding(value: &str, keys: &str) -> Both {
    hinted(
        format!("`{value}` is not a binding"),
        format!("write one of: {keys}"),
        format!("`{value}` không phải là kiểu đóng sách đã biết"),
        format!("ghi một trong các giá trị: {keys}"),
    )
}

/// A signature whose pages do not fold into sheets.
pub fn signature_pages(n: i64) -> Both {
    hinted(
        format!("{n} pages cannot fold into sheets"),
        "a signature has a multiple of 4 pages: 8, 16 or 32",
        format!("{n} trang không gấp thành tay sách được"),
        "một tay sách có số trang là bội số của 4: 8, 16 hoặc 32",
    )
}

/// A document that takes effect before it was issued.
pub fn effective_before_issued(effective: &str, issued: &str) -> Both {
    hinted(
        format!("the document takes effect ({effective}) before it was issued ({issued})"),
        "check both dates",
        format!("văn bản có hiệu lực ({effective}) trước ngày ban hành ({issued})"),
        "kiểm tra lại cả hai ngày",
    )
}

/// A file setting (`output_profile`) whose path leaves the site's folder.
pub fn path_outside_site(value: &str, example: &str) -> Both {
    hinted(
        format!("`{value}` must be a path inside the site's folder"),
        format!("copy the file into the site (e.g. into handbook/icc/) and write its path from the site's folder, like {example}"),
        format!("`{value}` phải là đường dẫn bên trong thư mục trang"),
        format!("chép tệp vào trong trang (ví dụ vào handbook/icc/) và ghi đường dẫn tính từ thư mục trang, như {example}"),
    )
}

/// An image field that holds a path instead of a file name next to the page.
pub fn image_not_a_name(value: &str) -> Both {
    hinted(
        format!("`{value}` must be a file name next to this page, not a path"),
        "put the image in the same folder as index.md and write only its name, e.g. logo.png",
        format!("`{value}` phải là tên một tệp nằm cạnh trang này, không phải một đường dẫn"),
        "đặt ảnh vào cùng thư mục với index.md và chỉ ghi tên tệp, ví dụ logo.png",
    )
}

/// An image field naming a file that is not an image the site can show.
pub fn not_an_image(value: &str) -> Both {
    both(
        format!("`{value}` is not a PNG, JPEG or WebP image"),
        format!("`{value}` không phải là ảnh PNG, JPEG hay WebP"),
    )
}

/// An image field naming a file that does not exist; `bundle` when the page is already a folder
/// (`index.md`), else the folder it should become.
pub fn image_missing(value: &str, bundle: Result<(), &str>) -> Both {
    let (hint_en, hint_vi) = match bundle {
        Ok(()) => (
            "put the file in the same folder as this index.md".to_owned(),
            "đặt tệp vào cùng thư mục với index.md này".to_owned(),
        ),
        Err(slug) => (
            format!("images need a folder: move this file to `{slug}/index.md` and put the image beside it"),
            format!("trang có ảnh cần một thư mục: chuyển tệp này thành `{slug}/index.md` và đặt ảnh bên cạnh"),
        ),
    };
    hinted(
        format!("the file `{value}` does not exist"),
        hint_en,
        format!("không có tệp `{value}`"),
        hint_vi,
    )
}

/// `inner` about the file named by `value` (a symbolic link that leaves the site, …).
pub fn about_file(value: &str, inner: Both) -> Both {
    let (en, vi) = inner;
    (
        Said {
            message: format!("`{value}`: {}", en.message),
            hint: en.hint,
        },
        Said {
            message: format!("`{value}`: {}", vi.message),
            hint: vi.hint,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_the_same_facts() {
        let (en, vi) = wrong_type(Expected::WholeNumber, Found::Text("12"));
        assert_eq!(
            en.message,
            "expected a whole number without quotes, found the text \"12\""
        );
        assert_eq!(
            vi.message,
            "cần một số nguyên, không có ngoặc kép, nhưng đang ghi chữ \"12\""
        );
        let (en, vi) = invalid_tax_code("0100233480", &TaxCodeError::CheckDigit(Some(8)));
        assert!(en.message.contains("should be 8") && vi.message.contains("phải là 8"));
    }
}
