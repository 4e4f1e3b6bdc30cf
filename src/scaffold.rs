//! `cnht new <kind> "<title>"`: writes a new content file in the right folder with the right file
//! name, every field of its kind present (required ones filled in or left empty to fill, optional
//! ones commented out), each with a short Vietnamese note saying what it takes. Records are
//! Markdown with TOML front matter between `+++` lines; an event is a TOML file of its own.

use crate::messages::new::{self as said, Refusal};
use crate::model::{
    Labelled, Lang, Ownership, PolicyKind, PolicyScope, PolicyStatus, QualityMethod,
    SpokenLanguage, Vocabulary,
};
use crate::text::{distinctive_name, fold, nfc, slugify};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The kinds of content file `cnht new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// An enterprise of the directory (content/enterprises/).
    Enterprise,
    /// A legal document (content/policies/).
    Policy,
    /// A news item (content/news/).
    News,
    /// A market note (content/market/).
    Market,
    /// A free page (content/pages/).
    Page,
    /// An event, a fair or a matching session, with its hall plan and exhibitors (content/events/).
    Event,
}

impl NewKind {
    /// The folder of content/ the kind lives in.
    pub fn folder(self) -> &'static str {
        match self {
            NewKind::Enterprise => "enterprises",
            NewKind::Policy => "policies",
            NewKind::News => "news",
            NewKind::Market => "market",
            NewKind::Page => "pages",
            NewKind::Event => "events",
        }
    }

    /// Whether the kind's file is Markdown with front matter (`<slug>.md`, or a folder
    /// `<slug>/index.md`) rather than a TOML file (`<slug>.toml`, an event).
    fn markdown(self) -> bool {
        !matches!(self, NewKind::Event)
    }

    /// Whether the next step is to fill in required fields (rather than to write the text).
    fn has_fields_to_fill(self) -> bool {
        matches!(self, NewKind::Enterprise | NewKind::Policy | NewKind::Event)
    }
}

/// The file name (without `.md`) for a title: enterprises leave out their legal form.
pub fn slug_for(kind: NewKind, title: &str) -> String {
    crate::text::cap_slug(match kind {
        NewKind::Enterprise => slugify(distinctive_name(title)),
        _ => slugify(title),
    })
}

/// One line of front matter: TOML (possibly commented out) and its note.
struct Line {
    toml: String,
    note: String,
}

/// The values of the model's vocabulary `V` for a note: each key with its Vietnamese name when
/// that says more ("in-force (Còn hiệu lực) | amended (…)"), so no scaffold lists them again.
fn named<V: Labelled>() -> String {
    V::ALL
        .iter()
        .map(|v| match (v.key(), v.label(Lang::Vi)) {
            (key, name) if key == name => key.to_owned(),
            (key, name) => format!("{key} ({name})"),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn req(toml: String, note: impl Into<String>) -> Line {
    Line {
        toml,
        note: note.into(),
    }
}

fn opt(toml: &str, note: impl Into<String>) -> Line {
    Line {
        toml: format!("# {toml}"),
        note: note.into(),
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Sector keys from content/site.toml, best effort (the file may be incomplete while editing).
fn sector_keys(root: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(root.join("content/site.toml")) else {
        return Vec::new();
    };
    let Ok(table) = toml::from_str::<toml::Table>(&text) else {
        return Vec::new();
    };
    table
        .get("sectors")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("key")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn sector_note(sectors: &[String]) -> String {
    if sectors.is_empty() {
        return "BẮT BUỘC: mã lĩnh vực (key) trong content/site.toml".into();
    }
    format!(
        "BẮT BUỘC: mã lĩnh vực trong content/site.toml, một trong: {}",
        sectors.join(", ")
    )
}

/// The lines with their notes aligned, after the header's notes.
fn render_lines(header: &[&str], lines: &[Line]) -> String {
    let width = lines
        .iter()
        .map(|l| l.toml.chars().count())
        .filter(|w| *w <= 48)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for h in header {
        out.push_str(&format!("# {h}\n"));
    }
    for l in lines {
        if l.toml.is_empty() {
            out.push('\n');
            continue;
        }
        let pad = width.saturating_sub(l.toml.chars().count());
        if l.note.is_empty() {
            out.push_str(&l.toml);
        } else {
            out.push_str(&format!("{}{}  # {}", l.toml, " ".repeat(pad), l.note));
        }
        out.push('\n');
    }
    out
}

const HEADER: &[&str] = &[
    "Dòng bắt đầu bằng # là ghi chú. Muốn dùng một trường: xoá dấu # ở đầu dòng rồi sửa giá trị.",
    "Chữ viết trong dấu \"…\", số viết không có dấu ngoặc, danh sách trong [ ], ngày dạng 2020-05-05.",
    "Nội dung (Markdown) viết bên dưới dòng +++ cuối cùng.",
];

/// The first notes of an event file, which has no Markdown text.
const EVENT_HEADER: &[&str] = &[
    "Dòng bắt đầu bằng # là ghi chú. Muốn dùng một trường: xoá dấu # ở đầu dòng rồi sửa giá trị.",
    "Chữ viết trong dấu \"…\", số viết không có dấu ngoặc, danh sách trong [ ], ngày dạng 2020-05-05.",
    "Các khối [[exhibitors]] (đơn vị tham gia) luôn đặt ở cuối tệp, sau mọi trường khác.",
];

/// The text of a new file of `kind` titled `title`.
pub fn render(kind: NewKind, title: &str, today: NaiveDate, sectors: &[String]) -> String {
    if kind == NewKind::Event {
        return render_lines(EVENT_HEADER, &event_lines(title, today, sectors));
    }
    let t = quote(title);
    let date = today.format("%Y-%m-%d").to_string();
    let lines = match kind {
        NewKind::Enterprise => vec![
            req(format!("name = {t}"), "BẮT BUỘC: tên đăng ký đầy đủ bằng tiếng Việt"),
            opt("name_en = \"Minh Phat Co., Ltd.\"", "tên tiếng Anh"),
            req("tax_code = \"\"".into(), "BẮT BUỘC: mã số thuế 10 chữ số, ví dụ \"0100233488\" (chi nhánh: \"0100233488-001\")"),
            req("sector = \"\"".into(), sector_note(sectors)),
            req("district = \"\"".into(), "BẮT BUỘC: mã quận/huyện trong content/data/districts.toml, ví dụ \"dong-anh\""),
            opt("industrial_park = \"kcn-thang-long\"", "mã khu/cụm công nghiệp trong content/data/industrial-parks.toml"),
            req("address = \"\"".into(), "BẮT BUỘC: địa chỉ trụ sở hoặc nhà máy"),
            opt("founded = 2008", "năm thành lập"),
            opt("employees = 320", "số lao động"),
            req("products = []".into(), "BẮT BUỘC: sản phẩm chính, ví dụ [\"Chi tiết dập kim loại\", \"Khuôn dập\"]"),
            opt("products_en = [\"Metal stamped parts\"]", "sản phẩm chính bằng tiếng Anh"),
            opt("product_groups = [\"co-khi\"]", "nhóm sản phẩm: khóa trong content/data/product-groups.toml"),
            opt("processes = [\"stamping\", \"cnc-machining\"]", "công nghệ: khóa trong content/data/processes.toml"),
            opt("certifications = [\"iso-9001\"]", "chứng nhận: khóa trong content/data/certifications.toml"),
            opt("customers = [\"Các nhà lắp ráp xe máy\"]", "khách hàng tiêu biểu"),
            opt("export_markets = [\"JP\", \"KR\"]", "thị trường xuất khẩu: mã nước trong content/data/countries.toml"),
            opt("logo = \"logo.png\"", "logo: chỉ khi hồ sơ là thư mục <tên-tệp>/index.md, ảnh đặt cạnh index.md"),
            opt("description_en = \"…\"", "giới thiệu ngắn bằng tiếng Anh"),
            opt("sample = false", "false: hồ sơ thật (khi site.toml có sample_data = true); true: hồ sơ mẫu, hư cấu"),
            opt("draft = true", "true: bản nháp, chưa đăng lên trang"),
            opt(&format!("updated = {date}"), "ngày cập nhật hồ sơ (mặc định: ngày sửa tệp)"),
            req(String::new(), ""),
            req("[contact]".into(), "liên hệ (không bắt buộc)"),
            opt("phone = \"024 3881 2345\"", "điện thoại: \"024 XXXX XXXX\" hoặc \"0XXX XXX XXX\""),
            opt("email = \"info@example.vn\"", "thư điện tử"),
            opt("website = \"https://example.vn\"", "trang web, bắt đầu bằng https://"),
            opt("person = \"Ông Nguyễn Văn A — Giám đốc\"", "người liên hệ"),
            req(String::new(), ""),
            req("[capability]".into(), "năng lực sản xuất (không bắt buộc): bỏ # ở các dòng dùng"),
            opt("ownership = \"domestic\"", format!("sở hữu: {}", named::<Ownership>())),
            opt("languages = [\"vi\", \"en\"]", format!("ngôn ngữ làm việc với khách hàng: {}", named::<SpokenLanguage>())),
            opt("materials = [\"Thép SPCC\"]", "vật liệu gia công"),
            opt("materials_en = [\"SPCC steel\"]", "vật liệu, tiếng Anh"),
            opt("tolerance = \"±0,02 mm\"", "dung sai, cấp chính xác"),
            opt("monthly_capacity = \"1 triệu chi tiết\"", "công suất mỗi tháng"),
            opt("monthly_capacity_en = \"1 million parts\"", "công suất mỗi tháng, tiếng Anh"),
            opt("quality_equipment = [\"Máy đo 3 chiều CMM\"]", "thiết bị đo, kiểm tra"),
            opt("quality_equipment_en = [\"Coordinate measuring machine (CMM)\"]", "thiết bị đo, kiểm tra, tiếng Anh"),
            opt("quality_methods = [\"ppap\"]", format!("công cụ chất lượng: {}", QualityMethod::keys().join(", "))),
            opt(
                "equipment = [{ kind = \"Máy dập\", kind_en = \"Stamping press\", count = 12, capacity = \"25–200 t\" }]",
                "thiết bị chính: mỗi loại máy một { … } (kind bắt buộc)",
            ),
        ],
        NewKind::Policy => {
            let kinds = PolicyKind::keys();
            let guessed = kinds
                .iter()
                .find(|k| fold(title).starts_with(&fold(k)))
                .map(|k| quote(k))
                .unwrap_or_else(|| "\"\"".into());
            vec![
                req(format!("title = {t}"), "BẮT BUỘC: tên văn bản"),
                opt("title_en = \"…\"", "tên tiếng Anh"),
                req("number = \"\"".into(), "BẮT BUỘC: số, ký hiệu, ví dụ \"111/2015/NĐ-CP\""),
                req(format!("kind = {guessed}"), format!("BẮT BUỘC: {}", kinds.join(" | "))),
                req("issuer = \"\"".into(), "BẮT BUỘC: cơ quan ban hành, ví dụ \"Chính phủ\", \"UBND thành phố Hà Nội\""),
                opt("signer = \"…\"", "người ký"),
                opt("scope = \"hanoi\"", format!("phạm vi: {} (mặc định: {})", named::<PolicyScope>(), PolicyScope::National.key())),
                req(format!("issued = {date}"), "BẮT BUỘC: ngày ban hành (năm-tháng-ngày); nguồn chỉ cho biết tháng thì viết \"2021-03\""),
                opt(&format!("effective = {date}"), "ngày có hiệu lực"),
                req("status = \"in-force\"".into(), format!("BẮT BUỘC: {}", named::<PolicyStatus>())),
                opt("status_source = \"…\"", "nguồn đã đối chiếu tình trạng (công báo, cơ sở dữ liệu văn bản…); không có thì trang ghi \"chưa xác minh\""),
                opt(&format!("status_checked = {date}"), "ngày đối chiếu tình trạng với nguồn (bắt buộc khi có status_source)"),
                opt("status_since = \"2021-03\"", "tình trạng có từ ngày (hoặc tháng) nào, khi nguồn cho biết"),
                opt("amends = [\"nd-111\"]", "văn bản mà văn bản này sửa đổi: tên tệp trong content/policies/, không có .md"),
                opt("amended_by = [\"nd-205\"]", "văn bản sửa đổi văn bản này"),
                opt("replaces = [\"…\"]", "văn bản mà văn bản này thay thế"),
                opt("replaced_by = [\"…\"]", "văn bản thay thế văn bản này"),
                opt("source_url = \"https://…\"", "đường dẫn tới toàn văn, bắt đầu bằng https://"),
                opt("summary_en = \"…\"", "tóm tắt bằng tiếng Anh"),
                opt("sample = true", "chỉ cho văn bản minh họa tự tạo; văn bản pháp luật thật không dùng"),
                opt("draft = true", "true: bản nháp, chưa đăng lên trang"),
                opt(&format!("updated = {date}"), "ngày cập nhật (mặc định: ngày sửa tệp)"),
            ]
        }
        NewKind::News | NewKind::Market => vec![
            req(format!("title = {t}"), "BẮT BUỘC: tiêu đề"),
            opt("title_en = \"…\"", "tiêu đề tiếng Anh"),
            req(format!("date = {date}"), "BẮT BUỘC: ngày đăng; ngày trong tương lai thì đến ngày đó mới đăng"),
            opt("summary = \"…\"", "tóm tắt một hai câu, hiện trong danh sách"),
            opt("summary_en = \"…\"", "tóm tắt tiếng Anh"),
            opt("tags = [\"hội chợ\"]", "từ khoá"),
            opt("source = \"…\"", "nguồn của sự kiện, số liệu (báo, văn bản…); không có thì trang ghi \"chưa xác minh\""),
            opt(&format!("source_checked = {date}"), "ngày đối chiếu với nguồn (bắt buộc khi có source)"),
            opt("sample = true", "true: nội dung mẫu tự tạo để minh họa, trang ghi rõ \"Dữ liệu mẫu\""),
            opt("image = \"anh.jpg\"", "ảnh: chỉ khi bài là thư mục <tên-tệp>/index.md, ảnh đặt cạnh index.md"),
            opt("draft = true", "true: bản nháp, chưa đăng lên trang"),
            opt(&format!("updated = {date}"), "ngày cập nhật (mặc định: ngày sửa tệp)"),
        ],
        NewKind::Page => vec![
            req(format!("title = {t}"), "BẮT BUỘC: tiêu đề trang"),
            opt("title_en = \"…\"", "tiêu đề tiếng Anh"),
            opt("weight = 10", "thứ tự trong trình đơn (số nhỏ đứng trước)"),
            opt("menu = true", "true: hiện trong trình đơn chính"),
            opt("summary_en = \"…\"", "tóm tắt tiếng Anh"),
            opt("source = \"…\"", "nguồn của số liệu, sự kiện trên trang (nếu có)"),
            opt(&format!("source_checked = {date}"), "ngày đối chiếu với nguồn (bắt buộc khi có source)"),
            opt("sample = true", "true: trang có nội dung mẫu tự tạo"),
            opt("draft = true", "true: bản nháp, chưa đăng lên trang"),
            opt(&format!("updated = {date}"), "ngày cập nhật (mặc định: ngày sửa tệp)"),
        ],
        NewKind::Event => unreachable!("an event is not a Markdown record"),
    };
    format!("+++\n{}+++\n", render_lines(HEADER, &lines))
}

/// The lines of an event file, in the order of the bundled event: the event's fields, its hall
/// plan, then two exhibitors as commented examples (one of the directory, one guest).
fn event_lines(title: &str, today: NaiveDate, sectors: &[String]) -> Vec<Line> {
    let date = today.format("%Y-%m-%d").to_string();
    let sector = if sectors.is_empty() {
        "lĩnh vực: mã (key) trong content/site.toml".to_owned()
    } else {
        format!("lĩnh vực, một trong: {}", sectors.join(", "))
    };
    let example_sector = quote(sectors.first().map_or("linh-kien-phu-tung", String::as_str));
    vec![
        req(format!("name = {}", quote(title)), "BẮT BUỘC: tên sự kiện"),
        opt("name_en = \"…\"", "tên tiếng Anh"),
        req(format!("starts = {date}"), "BẮT BUỘC: ngày bắt đầu (năm-tháng-ngày); sửa lại cho đúng"),
        opt(&format!("ends = {date}"), "ngày kết thúc; sự kiện một ngày thì để nguyên dấu #"),
        req("venue = \"\"".into(), "BẮT BUỘC: địa điểm như nguồn ghi, ví dụ \"Cung Văn hóa Hữu nghị, Hà Nội\""),
        opt("venue_en = \"…\"", "địa điểm bằng tiếng Anh"),
        opt("summary = \"…\"", "giới thiệu ngắn một hai câu"),
        opt("summary_en = \"…\"", "giới thiệu ngắn bằng tiếng Anh"),
        opt("source = \"…\"", "nguồn của ngày và địa điểm (kế hoạch, thông báo, báo…)"),
        opt(&format!("source_checked = {date}"), "ngày đối chiếu với nguồn"),
        opt("sample = true", "true: sơ đồ gian hàng và danh sách đơn vị tham gia là mẫu tự tạo để minh họa"),
        req(String::new(), ""),
        req("booths = []".into(), "BẮT BUỘC: sơ đồ gian hàng, mỗi gian một mã, ví dụ [\"A01\", \"A02\"]; không chia gian thì để []"),
        req(String::new(), ""),
        opt("[[exhibitors]]", "mỗi đơn vị tham gia một khối; đây là doanh nghiệp có trong danh bạ"),
        opt("booth = \"A01\"", "bắt buộc trong khối: gian hàng, đúng mã trong booths"),
        opt("tax_code = \"0100233488\"", "mã số thuế của doanh nghiệp trong content/enterprises/"),
        req(String::new(), ""),
        opt("[[exhibitors]]", "đơn vị ngoài danh bạ (nước ngoài, tỉnh khác): không có tax_code"),
        opt("booth = \"A02\"", "bắt buộc trong khối: gian hàng, đúng mã trong booths"),
        opt("name = \"Công ty TNHH …\"", "bắt buộc trong khối: tên đơn vị"),
        opt("name_en = \"… Co., Ltd.\"", "tên tiếng Anh"),
        opt("country = \"JP\"", "bắt buộc trong khối: mã nước trong content/data/countries.toml"),
        opt(&format!("sector = {example_sector}"), sector),
        opt("products = [\"Bánh răng\"]", "sản phẩm chính"),
        opt("products_en = [\"Gears\"]", "sản phẩm chính bằng tiếng Anh"),
        opt("product_groups = [\"co-khi\"]", "nhóm sản phẩm: khóa trong content/data/product-groups.toml"),
        opt("website = \"https://example.com\"", "trang web, bắt đầu bằng https://"),
    ]
}

/// Writes the new file under `root` and returns its path relative to `root`.
pub fn create(
    root: &Path,
    kind: NewKind,
    title: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    let lang = crate::messages::current();
    let title = nfc(title.trim());
    let content = root.join("content");
    if !content.is_dir() {
        let root = root.display().to_string();
        return Err(said::refused(lang, Refusal::NoContent, &root));
    }
    let slug = slug_for(kind, &title);
    if slug.is_empty() {
        return Err(said::refused(lang, Refusal::NoName, &title));
    }
    let folder = PathBuf::from("content").join(kind.folder());
    let rel = folder.join(format!(
        "{slug}.{}",
        if kind.markdown() { "md" } else { "toml" }
    ));
    // A record may also be a folder `<slug>/index.md`; an event is only ever `<slug>.toml`.
    let bundle = kind.markdown().then(|| folder.join(&slug).join("index.md"));
    for existing in std::iter::once(&rel).chain(bundle.as_ref()) {
        if root.join(existing).exists() {
            let existing = existing.display().to_string();
            return Err(said::refused(lang, Refusal::Exists, &existing));
        }
    }
    let text = render(kind, &title, today, &sector_keys(root));
    let path = root.join(&rel);
    // The loader would not read a file behind a link that leaves the site: do not write one there.
    if let Err(d) = crate::content::source::Boundary::new(root).check(&path) {
        return Err(said::outside(lang, &d.file, d.text_in(lang).0));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| said::cannot_write(lang, true, dir, e))?;
    }
    crate::atomic_write::create_new(&path, text.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            said::refused(lang, Refusal::Exists, &rel.display().to_string())
        } else {
            said::cannot_write(lang, false, &path, e)
        }
    })?;
    Ok(rel)
}

/// The `cnht new` command.
pub fn run(kind: NewKind, title: &str, root: &Path) -> ExitCode {
    let lang = crate::messages::current();
    match create(root, kind, title, chrono::Local::now().date_naive()) {
        Ok(rel) => {
            let [created, next] = said::created(lang, &rel, kind.has_fields_to_fill());
            println!("{created}\n{next}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", crate::messages::severity(lang, true));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_the_loader_knows_is_offered() {
        use crate::content::records::*;
        let day = NaiveDate::from_ymd_opt(2020, 5, 5).unwrap();
        for (kind, fields) in [
            (
                NewKind::Enterprise,
                [
                    ENTERPRISE_FIELDS,
                    CONTACT_FIELDS,
                    crate::content::profile::CAPABILITY_FIELDS,
                ]
                .concat(),
            ),
            (NewKind::Policy, POLICY_FIELDS.to_vec()),
            (NewKind::News, ARTICLE_FIELDS.to_vec()),
            (NewKind::Market, ARTICLE_FIELDS.to_vec()),
            (NewKind::Page, PAGE_FIELDS.to_vec()),
            (
                NewKind::Event,
                [
                    crate::content::EVENT_FIELDS,
                    crate::content::EXHIBITOR_FIELDS,
                ]
                .concat(),
            ),
        ] {
            let text = render(kind, "Tiêu đề", day, &["linh-kien-phu-tung".to_owned()]);
            // Tables are offered by their `[header]` lines, their fields one by one.
            let tables = ["contact", "capability", "exhibitors"];
            for f in fields.iter().filter(|f| !tables.contains(f)) {
                let offered = text.lines().any(|l| {
                    l.trim_start_matches(['#', ' '])
                        .starts_with(&format!("{f} ="))
                });
                assert!(
                    offered,
                    "{kind:?}: the new file does not offer `{f}`:\n{text}"
                );
            }
        }
    }

    /// The event's fields come in the loader's order (that of the bundled event), then the two
    /// example exhibitors: one of the directory (booth and tax code only), one guest (booth and
    /// the guest's own fields, no tax code).
    #[test]
    fn an_event_offers_its_fields_in_order_and_both_kinds_of_exhibitor() {
        use crate::content::{EVENT_FIELDS, EXHIBITOR_FIELDS, GUEST_ONLY};
        let day = NaiveDate::from_ymd_opt(2021, 3, 9).unwrap();
        let text = render(NewKind::Event, "Phiên kết nối", day, &["co-khi".to_owned()]);
        assert!(
            !text.contains("+++"),
            "an event file has no front matter:\n{text}"
        );
        let key = |l: &str| {
            let l = l.trim_start_matches(['#', ' ']);
            let end = l.find(" =")?;
            Some(l[..end].to_owned())
        };
        let mut blocks = text.split("# [[exhibitors]]");
        let top: Vec<String> = blocks.next().unwrap().lines().filter_map(key).collect();
        let event: Vec<&str> = EVENT_FIELDS
            .iter()
            .copied()
            .filter(|f| *f != "exhibitors")
            .collect();
        assert_eq!(top, event, "{text}");
        let listed: Vec<String> = blocks.next().unwrap().lines().filter_map(key).collect();
        assert_eq!(listed, EXHIBITOR_FIELDS[..2], "{text}");
        let guest: Vec<String> = blocks.next().unwrap().lines().filter_map(key).collect();
        assert_eq!(guest, [&["booth"], GUEST_ONLY].concat(), "{text}");
        assert!(blocks.next().is_none(), "{text}");
        assert!(text.contains("\nstarts = 2021-03-09 "), "{text}");
        assert!(text.contains("\n# sector = \"co-khi\" "), "{text}");
    }

    #[test]
    fn the_notes_name_every_value_of_the_models_vocabularies() {
        let day = NaiveDate::from_ymd_opt(2021, 3, 9).unwrap();
        let note = |kind, field: &str| {
            let text = render(kind, "Nghị định 57/2021/NĐ-CP", day, &[]);
            let line = text
                .lines()
                .find(|l| {
                    l.trim_start_matches(['#', ' '])
                        .starts_with(&format!("{field} ="))
                })
                .unwrap_or_else(|| panic!("no line for {field}:\n{text}"))
                .to_owned();
            line[line.find('#').unwrap()..].to_owned()
        };
        let names = |kind, field: &str, keys: Vec<&str>| {
            let note = note(kind, field);
            for key in keys {
                assert!(note.contains(key), "{field}: {key} missing from {note}");
            }
        };
        names(NewKind::Policy, "kind", PolicyKind::keys());
        names(NewKind::Policy, "scope", PolicyScope::keys());
        names(NewKind::Policy, "status", PolicyStatus::keys());
        names(NewKind::Enterprise, "ownership", Ownership::keys());
        names(NewKind::Enterprise, "languages", SpokenLanguage::keys());
        names(
            NewKind::Enterprise,
            "quality_methods",
            QualityMethod::keys(),
        );
        assert!(note(NewKind::Policy, "status").contains("expired (Hết hiệu lực)"));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug_for(NewKind::Enterprise, "Công ty TNHH Cơ khí Minh Phát"),
            "co-khi-minh-phat"
        );
        assert_eq!(
            slug_for(NewKind::News, "Hội chợ Công nghiệp hỗ trợ 2021"),
            "hoi-cho-cong-nghiep-ho-tro-2021"
        );
    }

    #[test]
    fn every_line_is_valid_toml_once_uncommented() {
        let d = NaiveDate::from_ymd_opt(2020, 5, 5).unwrap();
        for kind in [
            NewKind::Enterprise,
            NewKind::Policy,
            NewKind::News,
            NewKind::Market,
            NewKind::Page,
            NewKind::Event,
        ] {
            let text = render(kind, "Tiêu đề \"có\" ngoặc", d, &["a".into()]);
            let front = text.trim_start_matches("+++\n").trim_end_matches("+++\n");
            let open: String = front
                .lines()
                .filter(|l| !l.starts_with("# ") || l.contains(" = ") || l.starts_with("# [["))
                .map(|l| {
                    let l = l.strip_prefix("# ").unwrap_or(l);
                    format!("{l}\n")
                })
                .collect();
            toml::from_str::<toml::Table>(&open)
                .unwrap_or_else(|e| panic!("{kind:?}: {e}\n{open}"));
        }
    }
}
