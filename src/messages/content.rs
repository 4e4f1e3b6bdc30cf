//! What `cnht check` says about files and folders (unreadable, not UTF-8, without front matter,
//! links that leave the site), references between records, links in the text, and the
//! vocabularies editors extend.

use super::{both, hinted, suggesting, Both};

// ----- Files and folders -----

/// A file that cannot be read.
pub fn unreadable(e: &str) -> Both {
    both(
        format!("cannot read this file: {e}"),
        format!("không đọc được tệp này: {e}"),
    )
}

/// A content file too large to be the text of a page.
pub fn too_large(mb: u64) -> Both {
    hinted(
        format!("this file is larger than {mb} MB: a content file is the text of one page, so it is not read"),
        "move the file out of content/ (images and documents of a page go beside its index.md, at their own size limits)",
        format!("tệp này lớn hơn {mb} MB: một tệp nội dung là chữ của một trang, nên tệp không được đọc"),
        "chuyển tệp ra khỏi content/ (ảnh và tài liệu của trang đặt cạnh index.md của trang, với giới hạn dung lượng riêng)",
    )
}

/// A temporary file left by a write to `target` that was interrupted.
pub fn write_leftover(target: &str) -> Both {
    hinted(
        format!("this is what is left of a write to `{target}` that was interrupted (cnht import or cnht new was stopped before it finished); `{target}` itself was not changed by it"),
        "delete this file; if the import was interrupted, run it again",
        format!("đây là phần còn lại của một lần ghi tệp `{target}` bị ngắt giữa chừng (cnht import hoặc cnht new bị dừng trước khi xong); bản thân `{target}` không bị thay đổi"),
        "xoá tệp này; nếu lệnh import bị ngắt, hãy chạy lại",
    )
}

/// A file that is not UTF-8 text; `byte` is the first bad byte.
pub fn not_utf8(byte: u8) -> Both {
    hinted(
        format!("this file is not UTF-8 text: the byte 0x{byte:02X} here is not part of any character"),
        "save it as UTF-8 (in most editors: Save as → Encoding: UTF-8); old TCVN3/VNI files must be converted to Unicode first",
        format!("tệp này không phải văn bản UTF-8: byte 0x{byte:02X} ở đây không thuộc ký tự nào"),
        "lưu lại tệp với mã UTF-8 (trong hầu hết trình soạn thảo: Lưu thành → Mã hoá: UTF-8); tệp TCVN3/VNI cũ phải chuyển sang Unicode trước",
    )
}

/// A symbolic link to `written` (really `real`) outside the site folder.
pub fn link_outside(written: &str, real: &str) -> Both {
    hinted(
        format!("this is a symbolic link to `{written}` ({real}), outside the site folder: it is not read, and what it points to is not published"),
        "copy the file into the site folder instead of linking to it; links are followed only inside the site",
        format!("đây là liên kết tượng trưng tới `{written}` ({real}), nằm ngoài thư mục trang: không được đọc, và nơi nó trỏ tới không được đăng"),
        "chép tệp vào thư mục trang thay vì liên kết tới nó; liên kết chỉ được theo trong thư mục trang",
    )
}

/// A symbolic link into a folder cnht writes itself (its output, the output's spare, its cache).
pub fn link_into_own(written: &str, real: &str) -> Both {
    hinted(
        format!("this is a symbolic link to `{written}` ({real}), inside a folder cnht writes itself (the output, its spare or the cache): it is not read, and the preview does not watch it"),
        "link to the source file in the site's own folders instead; what cnht writes is replaced by every build",
        format!("đây là liên kết tượng trưng tới `{written}` ({real}), nằm trong thư mục do cnht tự ghi (thư mục kết quả, bản dự phòng của nó hoặc bộ nhớ đệm): không được đọc, và bản xem trước không theo dõi nó"),
        "hãy liên kết tới tệp nguồn trong các thư mục của trang; những gì cnht ghi ra bị thay mới sau mỗi lần dựng",
    )
}

/// A symbolic link that leads round in a loop.
pub fn link_loop(written: &str) -> Both {
    hinted(
        format!("this symbolic link (to `{written}`) leads round in a loop of links and never to a file: it is ignored"),
        "replace the link with the file itself, or delete it",
        format!("liên kết tượng trưng này (tới `{written}`) chạy vòng quanh các liên kết, không tới tệp nào: bị bỏ qua"),
        "thay liên kết bằng chính tệp đó, hoặc xoá liên kết",
    )
}

/// A symbolic link to nothing.
pub fn link_dangling(written: &str) -> Both {
    hinted(
        format!("this symbolic link points to `{written}`, which does not exist: it is ignored"),
        "correct the link or delete it",
        format!("liên kết tượng trưng này trỏ tới `{written}`, không có tệp đó: bị bỏ qua"),
        "sửa liên kết hoặc xoá nó",
    )
}

/// A link that cannot be followed.
pub fn link_unfollowed(e: &str) -> Both {
    both(
        format!("cannot follow this link: {e}"),
        format!("không theo được liên kết này: {e}"),
    )
}

/// A folder that cannot be read.
pub fn folder_unreadable(e: &str) -> Both {
    both(
        format!("this folder cannot be read ({e}); its files are left out"),
        format!("không đọc được thư mục này ({e}); các tệp trong đó bị bỏ qua"),
    )
}

const FRONT_HINT_EN: &str = "a content file starts with a line `+++`, then its fields (one `name = \"value\"` per line), then a line `+++`, then the text";
const FRONT_HINT_VI: &str = "tệp nội dung bắt đầu bằng một dòng `+++`, rồi đến các trường (mỗi dòng một `tên = \"giá trị\"`), rồi một dòng `+++`, rồi đến nội dung";

/// An empty content file.
pub fn empty_file() -> Both {
    hinted(
        "the file is empty: the `+++` front matter is missing",
        FRONT_HINT_EN,
        "tệp đang trống: thiếu phần đầu `+++`",
        FRONT_HINT_VI,
    )
}

/// A front matter written in YAML between `---` lines.
pub fn yaml_front_matter() -> Both {
    hinted(
        "the front matter starts with `---` (YAML); this site uses TOML between `+++` lines",
        FRONT_HINT_EN,
        "phần đầu bắt đầu bằng `---` (YAML); trang này dùng TOML giữa hai dòng `+++`",
        FRONT_HINT_VI,
    )
}

/// A file whose first line is not `+++`.
pub fn no_front_matter() -> Both {
    hinted(
        "the file does not start with a `+++` line, so its fields cannot be found",
        FRONT_HINT_EN,
        "tệp không bắt đầu bằng dòng `+++`, nên không tìm được các trường",
        FRONT_HINT_VI,
    )
}

/// A front matter never closed.
pub fn front_matter_unclosed() -> Both {
    hinted(
        "the front matter opened here is never closed",
        "add a line `+++` after the last field, before the text",
        "phần đầu mở ở đây không được đóng",
        "thêm một dòng `+++` sau trường cuối cùng, trước nội dung",
    )
}

/// No `content/` folder where the command looked.
pub fn no_content_folder(root: &str) -> Both {
    hinted(
        format!("there is no content/ folder in {root}"),
        "run the command in the site's folder, or give it with --root DIR",
        format!("không có thư mục content/ trong {root}"),
        "chạy lệnh trong thư mục của trang, hoặc chỉ ra thư mục đó bằng --root DIR",
    )
}

/// `content/site.toml` is missing.
pub fn no_site_toml() -> Both {
    hinted(
        "content/site.toml is missing",
        "every site needs a site.toml with its title, base_url and sectors",
        "thiếu tệp content/site.toml",
        "mỗi trang cần một tệp site.toml với tên trang (title), địa chỉ (base_url) và các lĩnh vực (sectors)",
    )
}

/// `content/data/districts.toml` is missing.
pub fn no_districts() -> Both {
    both(
        "content/data/districts.toml is missing",
        "thiếu tệp content/data/districts.toml",
    )
}

/// A programme file not named after its year.
pub fn program_name() -> Both {
    hinted(
        "a programme file is named after its year",
        "rename it, e.g. content/program/2020.toml",
        "tệp chương trình phải đặt tên theo năm",
        "đổi tên tệp, ví dụ content/program/2020.toml",
    )
}

/// A folder of content/ that is no content type; `suggestion` is the close one.
pub fn unknown_folder(name: &str, suggestion: Option<&str>) -> Both {
    let en = format!("the folder content/{name}/ is not a known content type and is ignored");
    let vi = format!("thư mục content/{name}/ không phải là loại nội dung đã biết nên bị bỏ qua");
    suggesting(en, vi, suggestion.map(|s| format!("content/{s}/")), None)
}

/// A second Markdown file inside a bundle folder.
pub fn stray_markdown() -> Both {
    hinted(
        "this Markdown file inside a bundle folder is ignored",
        "a bundle folder holds one index.md plus its images",
        "tệp Markdown này nằm trong thư mục của một trang nên bị bỏ qua",
        "thư mục của một trang chỉ chứa một tệp index.md và các ảnh của nó",
    )
}

/// A folder of a content section (a page's bundle) with no `index.md`: it makes no page.
pub fn bundle_without_index() -> Both {
    hinted(
        "this folder has no index.md, so it makes no page",
        "a page in a folder is the folder's index.md plus its images: name the page's file index.md, or remove the folder",
        "thư mục này không có tệp index.md nên không thành trang nào",
        "một trang đặt trong thư mục gồm tệp index.md và các ảnh của nó: đặt tên tệp của trang là index.md, hoặc xóa thư mục",
    )
}

/// A file name that is not a clean web address.
pub fn unclean_name(stem: &str, slug: &str) -> Both {
    hinted(
        format!(
            "the file name `{stem}` is not a clean web address; the page is published as `{slug}`"
        ),
        format!("rename it to `{slug}` so the address is obvious"),
        format!("tên tệp `{stem}` không phải là địa chỉ web gọn; trang được đăng với tên `{slug}`"),
        format!("đổi tên tệp thành `{slug}` để địa chỉ rõ ràng"),
    )
}

// ----- References and duplicates -----

/// A sector key used by two sectors.
pub fn sector_twice(key: &str) -> Both {
    both(
        format!("the sector key `{key}` is used twice"),
        format!("khoá lĩnh vực `{key}` được dùng hai lần"),
    )
}

/// A district listed twice.
pub fn district_twice(key: &str) -> Both {
    both(
        format!("the district `{key}` is listed twice"),
        format!("quận/huyện `{key}` có tên hai lần trong danh sách"),
    )
}

/// An industrial park listed twice.
pub fn park_twice(key: &str) -> Both {
    both(
        format!("the industrial park `{key}` is listed twice"),
        format!("khu công nghiệp `{key}` có tên hai lần trong danh sách"),
    )
}

/// The handbook's foreword page does not exist.
pub fn no_foreword(page: &str) -> Both {
    hinted(
        format!("the handbook foreword page `{page}` does not exist"),
        format!("create content/pages/{page}.md, or name an existing page"),
        format!("không có trang lời nói đầu `{page}` của cẩm nang"),
        format!("tạo tệp content/pages/{page}.md, hoặc ghi tên một trang đã có"),
    )
}

/// An enterprise in a park of another district.
pub fn park_elsewhere(park: &str, park_district: &str, district: &str) -> Both {
    both(
        format!("{park} is in district `{park_district}`, but this enterprise says `{district}`"),
        format!("{park} nằm ở `{park_district}`, nhưng doanh nghiệp này ghi `{district}`"),
    )
}

/// A tax code used by two enterprises.
pub fn tax_code_twice(code: &str, first: &str) -> Both {
    hinted(
        format!("the tax code {code} is already used by {first}"),
        "each enterprise (or branch) has its own tax code; if this is a branch, add its number: 0100233488-001",
        format!("mã số thuế {code} đã dùng cho {first}"),
        "mỗi doanh nghiệp (hay chi nhánh) có mã số thuế riêng; nếu đây là chi nhánh, thêm số chi nhánh: 0100233488-001",
    )
}

/// Two files that make a page at the same address.
pub fn same_address(url: &str, other: &str) -> Both {
    hinted(
        format!("this page has the same address {url} as content/{other}"),
        "rename one of the files",
        format!("trang này trùng địa chỉ {url} với content/{other}"),
        "đổi tên một trong hai tệp",
    )
}

/// A relation between documents said on one side only.
pub fn one_sided(field: &str, target: &str, other: &str, slug: &str, inverse: &str) -> Both {
    hinted(
        format!("{field} lists `{target}`, but {other} does not list `{slug}` in `{inverse}`"),
        format!("add `{inverse} = [\"{slug}\"]` to {other}"),
        format!("{field} ghi `{target}`, nhưng {other} không ghi `{slug}` trong `{inverse}`"),
        format!("thêm `{inverse} = [\"{slug}\"]` vào {other}"),
    )
}

/// A reference to a sector, district, park or document that does not exist: the close one
/// (`Ok`) or the known values (`Err`), and the file that lists them.
pub fn unknown_reference(field: &str, value: &str, near: Result<&str, &str>, source: &str) -> Both {
    let en = format!("`{value}` is not a known {}", field.replace('_', " "));
    let vi = format!("`{value}` không có trong danh sách ({source})");
    match near {
        Ok(s) => hinted(
            en,
            format!("did you mean `{s}`? (the list is in {source})"),
            vi,
            format!("có phải là `{s}`? (danh sách ở {source})"),
        ),
        Err(shown) => hinted(
            en,
            format!("known values ({source}): {shown}"),
            vi,
            format!("các giá trị có trong {source}: {shown}"),
        ),
    }
}

// ----- Vocabularies -----

/// A vocabulary key used by two entries.
pub fn key_twice(key: &str) -> Both {
    hinted(
        format!("the key `{key}` is used twice"),
        "each entry has its own key; merge the two entries",
        format!("khoá `{key}` được dùng hai lần"),
        "mỗi mục có một khoá riêng; gộp hai mục làm một",
    )
}

/// A name or synonym of two entries; `noun` is (English, Vietnamese).
pub fn form_of_two(form: &str, other: &str, key: &str, noun: (&str, &str)) -> Both {
    hinted(
        format!(
            "`{form}` names both `{other}` and `{key}`: a word must lead to one {}",
            noun.0
        ),
        "remove it from one of the two entries",
        format!(
            "`{form}` là tên của cả `{other}` và `{key}`: một từ chỉ được dẫn tới một {}",
            noun.1
        ),
        "bỏ nó khỏi một trong hai mục",
    )
}

/// A `broader` entry that does not exist.
pub fn no_broader(broader: &str, key: &str) -> Both {
    hinted(
        format!("`{broader}` is broader than `{key}`, but there is no entry `{broader}`"),
        "write the key of another entry of this file",
        format!("`{key}` ghi mục rộng hơn là `{broader}`, nhưng không có mục `{broader}`"),
        "ghi khoá của một mục khác trong tệp này",
    )
}

/// A vocabulary key that cannot be one: a country's is its ISO code (`None`), other keys are
/// slugs (`Some(slug)`, as it would be written).
pub fn bad_key(value: &str, slug: Option<&str>) -> Both {
    let (hint_en, hint_vi) = match slug {
        None => (
            "write the ISO 3166 code in two capitals, e.g. \"JP\"".to_owned(),
            "ghi mã ISO 3166 bằng hai chữ in hoa, ví dụ \"JP\"".to_owned(),
        ),
        Some(s) => (
            format!("keys are lower-case ASCII words joined by `-`: write \"{s}\""),
            format!("khoá là chữ thường không dấu nối với nhau bằng `-`: ghi \"{s}\""),
        ),
    };
    hinted(
        format!("`{value}` cannot be a key"),
        hint_en,
        format!("`{value}` không dùng làm khoá được"),
        hint_vi,
    )
}

/// What is said of a record's key that names no entry of a vocabulary.
pub enum NearTerm<'a> {
    /// The value is a name or synonym of the entry (key, Vietnamese name).
    Named(&'a str, &'a str),
    /// A close key.
    Close(&'a str),
    /// The vocabulary has no entries.
    Empty,
    /// The first keys of the vocabulary.
    Keys(&'a str),
}

/// A record's reference to a vocabulary entry that does not exist; `noun` is (English,
/// Vietnamese), `file` the data file under content/.
pub fn unknown_term(value: &str, noun: (&str, &str), file: &str, near: NearTerm) -> Both {
    let (hint_en, hint_vi) = match near {
        NearTerm::Named(key, name) => (
            format!("did you mean `{key}` ({name})? Records name entries by their key (content/{file})"),
            format!("có phải là `{key}` ({name})? Hồ sơ ghi các mục bằng khoá của chúng (content/{file})"),
        ),
        NearTerm::Close(key) => (
            format!("did you mean `{key}`? (the list is in content/{file})"),
            format!("có phải là `{key}`? (danh sách ở content/{file})"),
        ),
        NearTerm::Empty => (
            format!("content/{file} has no entries: add the {} there first", noun.0),
            format!("content/{file} chưa có mục nào: thêm {} vào đó trước", noun.1),
        ),
        NearTerm::Keys(keys) => (
            format!("add it to content/{file} or use a known key: {keys}"),
            format!("thêm vào content/{file} hoặc dùng một khoá đã có: {keys}"),
        ),
    };
    hinted(
        format!("`{value}` is not a known {}", noun.0),
        hint_en,
        format!("`{value}` không phải là {} đã biết", noun.1),
        hint_vi,
    )
}

// ----- Limits of a body -----

/// What goes past a limit of a body, for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastLimit {
    /// Block quotes and lists nested too deep.
    Blocks,
    /// Emphasis, links and strikethrough nested too deep.
    Inlines,
    /// Raw HTML elements nested too deep.
    Html,
    /// A paragraph too long.
    Paragraph,
}

/// A body past one of its limits: `found` against `max`.
pub fn past_limit(limit: PastLimit, found: usize, max: usize) -> Both {
    match limit {
        PastLimit::Blocks => hinted(
            format!("block quotes and lists are nested {found} deep here; at most {max} levels are allowed"),
            "the handbook cannot typeset deeper levels; use headings or separate paragraphs instead of more levels of quotes and lists",
            format!("trích dẫn và danh sách ở đây lồng nhau {found} cấp; chỉ được tối đa {max} cấp"),
            "cẩm nang không dàn trang được nhiều cấp hơn; dùng tiêu đề hoặc các đoạn riêng thay cho thêm cấp trích dẫn và danh sách",
        ),
        PastLimit::Inlines => hinted(
            format!("emphasis, links and strikethrough are nested {found} deep here; at most {max} levels are allowed"),
            "the handbook cannot typeset deeper levels; mark the text once (*emphasis* or **strong**) instead of inside one another",
            format!("chữ nghiêng, liên kết và gạch ngang ở đây lồng nhau {found} cấp; chỉ được tối đa {max} cấp"),
            "cẩm nang không dàn trang được nhiều cấp hơn; đánh dấu chữ một lần (*nghiêng* hoặc **đậm**) thay vì lồng vào nhau",
        ),
        PastLimit::Html => hinted(
            format!("raw HTML elements are nested {found} deep here; at most {max} levels are allowed"),
            "browsers and the HTML cleaner stop at deep nesting; write the structure in Markdown or with fewer nested elements",
            format!("các thẻ HTML ở đây lồng nhau {found} cấp; chỉ được tối đa {max} cấp"),
            "trình duyệt và bộ lọc HTML dừng ở mức lồng sâu; viết bằng Markdown hoặc bớt các thẻ lồng nhau",
        ),
        PastLimit::Paragraph => hinted(
            format!("this paragraph has {found} characters; at most {max} are allowed in one paragraph"),
            "split it into shorter paragraphs with a blank line between them; the handbook takes minutes to typeset one this long",
            format!("đoạn văn này có {found} ký tự; mỗi đoạn chỉ được tối đa {max} ký tự"),
            "tách thành các đoạn ngắn hơn, giữa các đoạn có một dòng trống; cẩm nang mất nhiều phút để dàn trang một đoạn dài như thế này",
        ),
    }
}

// ----- Samples -----

/// What kind of sample `--no-samples` refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleWhat {
    /// A programme's task statuses.
    TaskStatuses,
    /// A programme's actuals, counted on sample enterprises.
    Actuals,
    /// The site's contact details.
    Contact,
    /// A record.
    Record,
}

/// Why a build with `--no-samples` refuses to publish `title`.
pub fn sample_refused(what: SampleWhat, title: &str) -> Both {
    let (en, en_fix, vi, vi_fix) = match what {
        SampleWhat::TaskStatuses => (
            "the task statuses of this programme are sample values (`status_sample = true`)",
            "enter the statuses the Department reports and remove `status_sample`",
            "tình trạng các nhiệm vụ của chương trình này là giá trị mẫu (`status_sample = true`)",
            "ghi tình trạng do Sở báo cáo rồi xoá `status_sample`",
        ),
        SampleWhat::Actuals => (
            "the programme's actuals count the directory, which holds sample enterprises",
            "replace the sample enterprises with the survey's records",
            "số liệu thực hiện của chương trình đếm trên danh bạ, mà danh bạ còn doanh nghiệp mẫu",
            "thay các doanh nghiệp mẫu bằng hồ sơ từ khảo sát",
        ),
        SampleWhat::Contact => (
            "the site's contact details are placeholders (`[contact] sample = true`)",
            "enter the Department's real domain, phone and e-mail and remove `sample`",
            "thông tin liên hệ của trang là giá trị giữ chỗ (`[contact] sample = true`)",
            "ghi tên miền, số điện thoại và email thật của Sở rồi xoá `sample`",
        ),
        SampleWhat::Record => (
            "this record is a sample (invented for illustration)",
            "replace it with real, checked content, or delete the file; then remove `sample = true`",
            "hồ sơ này là dữ liệu mẫu (đặt ra để minh hoạ)",
            "thay bằng nội dung thật đã kiểm tra, hoặc xoá tệp; rồi xoá `sample = true`",
        ),
    };
    hinted(
        format!("{en}: “{title}”; a build with --no-samples publishes no samples"),
        en_fix,
        format!("{vi}: “{title}”; bản dựng với --no-samples không đăng dữ liệu mẫu"),
        vi_fix,
    )
}

/// The line `cnht check` ends with: the samples left (`None`: none), as (all, records, of them
/// enterprises, other items), and the page that lists them.
pub fn samples_left(
    lang: super::Lang,
    left: Option<(usize, usize, usize, usize)>,
    page: &str,
) -> String {
    use super::Lang;
    match (lang, left) {
        (Lang::En, None) => "Samples: none left; the content can be published with --no-samples.".into(),
        (Lang::Vi, None) => "Dữ liệu mẫu: không còn; nội dung đăng được với --no-samples.".into(),
        (Lang::En, Some((all, records, enterprises, other))) => format!(
            "Samples: {all} left ({records} records, of them {enterprises} enterprises; {other} other items such as task statuses or contact details); listed on {page} (Nguồn và kiểm chứng); `cnht build --no-samples` refuses them."
        ),
        (Lang::Vi, Some((all, records, enterprises, other))) => format!(
            "Dữ liệu mẫu: còn {all} ({records} hồ sơ, trong đó {enterprises} doanh nghiệp; {other} mục khác như tình trạng nhiệm vụ hay thông tin liên hệ); danh sách ở {page} (Nguồn và kiểm chứng); `cnht build --no-samples` sẽ từ chối chúng."
        ),
    }
}
