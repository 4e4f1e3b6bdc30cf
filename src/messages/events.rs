//! What `cnht check` says about an event file (`content/events/<slug>.toml`), in English and
//! Vietnamese.

use super::{did_you_mean, said, Said};

/// The file name cannot be a web address.
pub fn bad_file_name(slug: &str, good: &str) -> (Said, Said) {
    (
        said(
            format!("the file name `{slug}` cannot be used in a web address"),
            format!("rename the file to {good}.toml"),
        ),
        said(
            format!("tên tệp `{slug}` không dùng được làm địa chỉ trang"),
            format!("đổi tên tệp thành {good}.toml"),
        ),
    )
}

/// `ends` is before `starts`.
pub fn ends_before_starts(starts: &str) -> (Said, Said) {
    (
        said(
            "the event ends before it starts",
            format!("write a date on or after {starts}"),
        ),
        said(
            "ngày kết thúc sớm hơn ngày bắt đầu",
            format!("ghi một ngày từ {starts} trở về sau"),
        ),
    )
}

/// A booth listed twice in the hall plan.
pub fn booth_twice_in_plan(booth: &str) -> (Said, Said) {
    (
        said(
            format!("booth `{booth}` is in the hall plan twice"),
            "each booth is listed once",
        ),
        said(
            format!("gian hàng `{booth}` có hai lần trong sơ đồ"),
            "mỗi gian hàng chỉ ghi một lần trong `booths`",
        ),
    )
}

/// A guest's field written for an enterprise of the directory.
pub fn guest_field_for_listed(key: &str) -> (Said, Said) {
    (
        said(
            format!("`{key}` is not written for an enterprise of the directory: the catalogue takes it from the enterprise's file"),
            "leave only `booth` and `tax_code`, or remove `tax_code` for a company that is not in the directory",
        ),
        said(
            format!("không ghi `{key}` cho doanh nghiệp đã có trong danh bạ: danh mục lấy thông tin này từ tệp của doanh nghiệp"),
            "chỉ giữ `booth` và `tax_code`; với công ty không có trong danh bạ thì bỏ `tax_code`",
        ),
    )
}

/// An exhibitor's booth that the hall plan does not have; `near` is the closest booth, `plan`
/// the first booths of the plan.
pub fn booth_not_in_plan(booth: &str, near: Option<&str>, plan: &str) -> (Said, Said) {
    let (en, vi) = match near {
        Some(b) => (
            format!("did you mean `{b}`? (the hall plan is `booths` at the top of the file)"),
            format!("có phải là `{b}`? (sơ đồ gian hàng là `booths` ở đầu tệp)"),
        ),
        None => (
            format!(
                "add it to `booths` at the top of the file, or use a booth of the plan: {plan}"
            ),
            format!(
                "thêm gian này vào `booths` ở đầu tệp, hoặc dùng một gian có trong sơ đồ: {plan}"
            ),
        ),
    };
    (
        said(format!("booth `{booth}` is not in the hall plan"), en),
        said(format!("gian hàng `{booth}` không có trong sơ đồ"), vi),
    )
}

/// A booth given to a second exhibitor; `line` is the first one's.
pub fn booth_taken(booth: &str, line: usize) -> (Said, Said) {
    (
        said(
            format!("booth `{booth}` already has an exhibitor (line {line}): two exhibitors cannot share a booth"),
            "give one of them another booth of the hall plan",
        ),
        said(
            format!("gian hàng `{booth}` đã có đơn vị khác (dòng {line}): hai đơn vị không thể chung một gian"),
            "xếp một trong hai đơn vị vào gian khác của sơ đồ",
        ),
    )
}

/// A tax code no enterprise of the directory has; `near` is the closest one, with its name.
pub fn unknown_tax_code(code: &str, near: Option<(&str, &str)>) -> (Said, Said) {
    let (en, vi) = match near {
        Some((c, name)) => (
            format!("did you mean `{c}` ({name})?"),
            format!("có phải là `{c}` ({name})?"),
        ),
        None => (
            "an exhibitor from the directory is named by the tax code in its file under content/enterprises/; a company not in the directory is written with `name` and `country` instead".to_owned(),
            "đơn vị có trong danh bạ được ghi bằng mã số thuế trong tệp của nó ở content/enterprises/; công ty không có trong danh bạ thì ghi `name` và `country`".to_owned(),
        ),
    };
    (
        said(
            format!("no enterprise of the directory has the tax code `{code}`"),
            en,
        ),
        said(
            format!("không có doanh nghiệp nào trong danh bạ mang mã số thuế `{code}`"),
            vi,
        ),
    )
}

/// A guest's sector that `site.toml` does not have.
pub fn unknown_sector(value: &str, near: Option<&str>, sectors: &str) -> (Said, Said) {
    let (en, vi) = match near {
        Some(k) => did_you_mean(&format!("`{k}`")),
        None => (
            format!("the sectors are: {sectors}"),
            format!("các lĩnh vực là: {sectors}"),
        ),
    };
    (
        said(
            format!("`{value}` is not a sector of content/site.toml"),
            en,
        ),
        said(
            format!("`{value}` không phải là lĩnh vực nào trong content/site.toml"),
            vi,
        ),
    )
}
