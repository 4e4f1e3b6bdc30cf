//! What `cnht import` says about single cells of the survey: why a value is refused (a tax code,
//! a district, a sector, a park, a phone number, an e-mail or web address) and what was done to
//! one that could be read all the same (a tax code completed, a count left empty, an item that
//! names no vocabulary entry left out).

use super::{both, did_you_mean, hinted, Both, Said};

/// What a count is, for its messages: (English, Vietnamese).
pub type Quantity = (&'static str, &'static str);
/// The number of employees.
pub const EMPLOYEES: Quantity = ("number of employees", "số lao động");
/// A founding year.
pub const YEAR: Quantity = ("year", "năm");

/// `said` with another hint.
pub fn rehint(said: Both, en: impl Into<String>, vi: impl Into<String>) -> Both {
    (
        Said {
            hint: Some(en.into()),
            ..said.0
        },
        Said {
            hint: Some(vi.into()),
            ..said.1
        },
    )
}

// ----- Tax codes -----

/// 13 digits read as a branch's code.
pub fn branch_code(code: &str, split: &str) -> Both {
    both(
        format!("`{code}` has 13 digits: read as the branch code `{split}` (a branch's code is written with a dash)"),
        format!("`{code}` có 13 chữ số: đọc thành mã chi nhánh `{split}` (mã chi nhánh viết có dấu gạch)"),
    )
}

/// 9 digits completed with the zero Excel dropped.
pub fn zero_restored(code: &str, restored: &str) -> Both {
    both(
        format!("`{code}` has 9 digits: its leading zero was dropped (Excel drops it from numbers), imported as `{restored}`; format the column as Text so the zero stays"),
        format!("`{code}` có 9 chữ số: số 0 ở đầu đã bị mất (Excel bỏ số 0 ở đầu các số), đã nhập thành `{restored}`; định dạng cột là Text (văn bản) để giữ số 0"),
    )
}

/// 9 digits that are no tax code with the zero put back either; `why` from
/// `check::tax_code_error`.
pub fn not_restorable(
    code: &str,
    restored: &str,
    shape: (String, String),
    why: (String, String),
) -> Both {
    hinted(
        format!("`{code}` is not a valid tax code: {}; with a leading zero put back (`{restored}`) it is not valid either: {}", shape.0, why.0),
        "copy the code from the business registration certificate",
        format!("`{code}` không phải là mã số thuế hợp lệ: {}; thêm số 0 ở đầu (`{restored}`) cũng không hợp lệ: {}", shape.1, why.1),
        "chép lại mã từ Giấy chứng nhận đăng ký doanh nghiệp",
    )
}

/// A tax code Excel turned into scientific notation.
pub fn scientific(code: &str) -> Both {
    hinted(
        format!("`{code}` is a number in scientific notation, not a tax code"),
        "format the column as Text in Excel and type the code again",
        format!("`{code}` là một số dạng khoa học (Excel tự đổi), không phải mã số thuế"),
        "định dạng cột là Text (văn bản) trong Excel rồi gõ lại mã",
    )
}

// ----- Places and sectors -----

/// A district that is not in the list; `near` is the close one (name, key).
pub fn unknown_district(shown: &str, near: Option<(&str, &str)>) -> Both {
    let (en, vi) = match near {
        Some((name, key)) => (
            format!("did you mean {name} (`{key}`)? The list is in content/data/districts.toml"),
            format!("có phải là {name} (`{key}`)? Danh sách ở content/data/districts.toml"),
        ),
        None => (
            "write the district's name as in content/data/districts.toml, e.g. \"Đông Anh\""
                .to_owned(),
            "ghi tên quận/huyện như trong content/data/districts.toml, ví dụ \"Đông Anh\""
                .to_owned(),
        ),
    };
    hinted(
        format!("\"{shown}\" is not a known district"),
        en,
        format!("\"{shown}\" không phải là quận/huyện đã biết"),
        vi,
    )
}

/// A value the mapping file maps to a sector that does not exist.
pub fn mapped_sector_unknown(value: &str, key: &str) -> Both {
    both(
        format!("the mapping file maps \"{value}\" to the sector `{key}`, which is not in content/site.toml"),
        format!("bảng cột gán \"{value}\" cho lĩnh vực `{key}`, không có trong content/site.toml"),
    )
}

/// A sector that is not one of the site's; `near` is the close one (name, key), else `names`
/// lists them all.
pub fn unknown_sector(value: &str, near: Option<(&str, &str)>, names: &str) -> Both {
    let (en, vi) = match near {
        Some((name, key)) => (
            format!("did you mean \"{name}\" (`{key}`)?"),
            format!("có phải là \"{name}\" (`{key}`)?"),
        ),
        None => (
            format!("write one of: {names} (or map other values to a sector in the mapping file's [sectors])"),
            format!("ghi một trong các lĩnh vực: {names} (hoặc gán các cách viết khác cho một lĩnh vực trong mục [sectors] của bảng cột)"),
        ),
    };
    hinted(
        format!("\"{value}\" is not a known sector"),
        en,
        format!("\"{value}\" không phải là lĩnh vực đã biết"),
        vi,
    )
}

/// An industrial park that is not in the list; `near` is the close key.
pub fn unknown_park(value: &str, near: Option<&str>) -> Both {
    let (en, vi) = match near {
        Some(m) => did_you_mean(&format!("`{m}`")),
        None => (
            "the list is in content/data/industrial-parks.toml".to_owned(),
            "danh sách ở content/data/industrial-parks.toml".to_owned(),
        ),
    };
    hinted(
        format!("\"{value}\" is not a known industrial park"),
        en,
        format!("\"{value}\" không phải là khu công nghiệp đã biết"),
        vi,
    )
}

// ----- Numbers -----

/// A number outside what is plausible for `what`.
pub fn implausible(n: i64, what: Quantity, min: i64, max: i64) -> Both {
    both(
        format!(
            "{n} is not a plausible {} (expected {min} to {max})",
            what.0
        ),
        format!(
            "{n} không phải là {} hợp lý (cần từ {min} đến {max})",
            what.1
        ),
    )
}

/// A cell that is not a whole number.
pub fn not_whole(shown: &str, what: Quantity) -> Both {
    hinted(
        format!("\"{shown}\" is not a whole number"),
        format!("write the {} as digits only, e.g. 320", what.0),
        format!("\"{shown}\" không phải là một số nguyên"),
        format!("ghi {} chỉ bằng chữ số, ví dụ 320", what.1),
    )
}

/// A bound ("trên 500") where one number is wanted: left empty.
pub fn bound(shown: &str, what: Quantity) -> Both {
    both(
        format!(
            "\"{shown}\" is a bound, not a {}: left empty; write one number to fill it",
            what.0
        ),
        format!(
            "\"{shown}\" là một giới hạn, không phải {}: để trống; ghi một số để điền",
            what.1
        ),
    )
}

/// A range ("50-100") where one number is wanted: left empty.
pub fn range(shown: &str, what: Quantity) -> Both {
    both(
        format!(
            "\"{shown}\" is a range, not a {}: left empty; write one number to fill it",
            what.0
        ),
        format!(
            "\"{shown}\" là một khoảng, không phải {}: để trống; ghi một số để điền",
            what.1
        ),
    )
}

/// An approximate number, imported.
pub fn approximate(shown: &str, n: i64) -> Both {
    both(
        format!("\"{shown}\" is approximate: imported as {n}"),
        format!("\"{shown}\" là số ước lượng: đã nhập thành {n}"),
    )
}

/// `why` an optional value was not read: it is left empty (the hint is dropped: the enterprise
/// is imported all the same).
pub fn left_empty(why: Both) -> Both {
    both(
        format!("{}: left empty", why.0.message),
        format!("{}: để trống", why.1.message),
    )
}

/// A timestamp that cannot be read.
pub fn not_a_timestamp(shown: &str) -> Both {
    both(
        format!("\"{shown}\" is not a date and time the import reads: the record's date of last update is left as it is"),
        format!("\"{shown}\" không phải là ngày giờ đọc được: ngày cập nhật của hồ sơ giữ nguyên"),
    )
}

// ----- Contact details -----

/// The hint of a phone number that is refused.
pub fn phone_refused(why: Both) -> Both {
    rehint(
        why,
        "correct the number in the survey, or leave the cell empty",
        "sửa số trong bảng khảo sát, hoặc để trống ô",
    )
}

/// A phone number kept as written.
pub fn phone_kept(part: &str) -> Both {
    both(
        format!("`{part}` is not a Vietnamese phone number the import recognises; kept as written"),
        format!("`{part}` không phải là số điện thoại Việt Nam mà lệnh nhập nhận ra; giữ nguyên như đã ghi"),
    )
}

/// A number without area code, taken as a Hanoi number.
pub fn no_area_code(part: &str) -> Both {
    both(
        format!("`{part}` has no area code; taken as a Hanoi number (024)"),
        format!("`{part}` không có mã vùng; coi là số ở Hà Nội (024)"),
    )
}

/// A number with the old Hanoi area code.
pub fn old_area_code(part: &str) -> Both {
    both(
        format!("`{part}` uses the old Hanoi area code 04, now 024"),
        format!("`{part}` dùng mã vùng cũ 04 của Hà Nội, nay là 024"),
    )
}

/// An e-mail address that is refused; `joined` is the address without spaces when that is one.
pub fn email_refused(why: Both, joined: Option<&str>) -> Both {
    match joined {
        Some(j) => rehint(
            why,
            format!("if it is `{j}`, write it without spaces in the survey"),
            format!("nếu là `{j}`, ghi liền không có dấu cách trong bảng khảo sát"),
        ),
        None => rehint(
            why,
            "correct the address in the survey, or leave the cell empty",
            "sửa địa chỉ trong bảng khảo sát, hoặc để trống ô",
        ),
    }
}

/// A cell with several e-mail addresses: the first is imported.
pub fn several_emails(n: usize, first: &str, others: &str) -> Both {
    both(
        format!("the cell holds {n} addresses: `{first}` is imported, {others} not (one address per enterprise; put the others in the description or the contact person)"),
        format!("ô có {n} địa chỉ: nhập `{first}`, không nhập {others} (mỗi doanh nghiệp một địa chỉ; ghi các địa chỉ khác vào phần giới thiệu hoặc người liên hệ)"),
    )
}

/// The hint of a web address that is refused.
pub fn website_refused(why: Both) -> Both {
    rehint(
        why,
        "write the enterprise's web address, e.g. https://www.example.vn",
        "ghi địa chỉ trang web của doanh nghiệp, ví dụ https://www.example.vn",
    )
}

// ----- Vocabularies -----

/// Items of a vocabulary cell that name no entry, left out; `near` the close entries
/// ("\"x\" → key (name)"), `noun` is (English, Vietnamese) and `file` the data file.
pub fn unmapped(items: &str, near: &str, noun: (&str, &str), file: &str) -> Both {
    let (en, vi) = if near.is_empty() {
        (
            format!(
                "add the {} (or a synonym of an existing one) to content/{file} and import again",
                noun.0
            ),
            format!(
                "thêm {} (hoặc một tên gọi khác của mục đã có) vào content/{file} rồi nhập lại",
                noun.1
            ),
        )
    } else {
        (
            format!("did you mean {near}? Otherwise add a synonym to content/{file}"),
            format!("có phải là {near}? Nếu không, thêm tên gọi khác vào content/{file}"),
        )
    };
    hinted(
        format!("not a known {}, left out: {items}", noun.0),
        en,
        format!("không phải {} đã biết, bỏ qua: {items}", noun.1),
        vi,
    )
}

/// `said` with its hint in brackets after the message, as one line (a warning that carries what
/// to do).
pub fn hint_inline(said: Both) -> Both {
    let one = |s: Said| match s.hint {
        Some(h) => Said {
            message: format!("{} ({h})", s.message),
            hint: None,
        },
        None => s,
    };
    (one(said.0), one(said.1))
}
