//! What `cnht build` and `cnht handbook` say when they end: what was made and where, or that
//! nothing was published.

use super::Lang;
use std::path::Path;

/// "Website: N pages, M other files, E enterprises".
pub fn website(lang: Lang, pages: usize, files: usize, enterprises: usize) -> String {
    match lang {
        Lang::Vi => {
            format!("Trang web: {pages} trang, {files} tệp khác, {enterprises} doanh nghiệp")
        }
        Lang::En => {
            format!("Website: {pages} pages, {files} other files, {enterprises} enterprises")
        }
    }
}

/// The handbook: its pages and its two PDFs; and, when the directory prints only the beginning
/// of some enterprises' descriptions (`shortened`: how many, and the most words it prints), that.
pub fn handbook(
    lang: Lang,
    pages: usize,
    (shortened, words): (usize, usize),
    screen: &Path,
    print: &Path,
) -> String {
    let (screen, print) = (screen.display(), print.display());
    let made = match lang {
        Lang::Vi => format!("Cẩm nang: {pages} trang → {screen} và {print}"),
        Lang::En => format!("Handbook: {pages} pages → {screen} and {print}"),
    };
    if shortened == 0 {
        return made;
    }
    match lang {
        Lang::Vi => format!(
            "{made}\n  Phần giới thiệu của {shortened} doanh nghiệp dài hơn {words} từ: danh bạ in \
             phần đầu và địa chỉ hồ sơ trên trang web (giới hạn đặt ở description_words trong \
             [handbook] của content/site.toml)"
        ),
        Lang::En => format!(
            "{made}\n  {shortened} enterprise description(s) are longer than {words} words: the \
             directory prints their beginning and the profile's address on the website (the \
             limit is description_words in [handbook] of content/site.toml)"
        ),
    }
}

/// The cover spread: its spine width and its PDF.
pub fn cover(lang: Lang, spine_mm: f64, pdf: &Path) -> String {
    let pdf = pdf.display();
    match lang {
        Lang::Vi => format!(
            "Bìa trải: gáy {} mm → {pdf}",
            spine_mm.to_string().replace('.', ",")
        ),
        Lang::En => format!("Cover spread: spine {spine_mm} mm → {pdf}"),
    }
}

/// The handbook's preflight: passes, or the number of problems, and the report's file.
pub fn preflight(lang: Lang, problems: usize, report: &Path) -> String {
    let report = report.display();
    match (lang, problems) {
        (Lang::Vi, 0) => format!("Kiểm tra trước in: đạt PDF/X-4 → {report}"),
        (Lang::Vi, n) => format!("Kiểm tra trước in: {n} vấn đề → {report}"),
        (Lang::En, 0) => format!("Preflight: PDF/X-4, passes → {report}"),
        (Lang::En, n) => format!("Preflight: {n} problem(s) → {report}"),
    }
}

/// An event's exhibitor catalogue: its pages, its screen file, its preflight, its print file and
/// the preflight's report.
pub fn catalogue(
    lang: Lang,
    pages: usize,
    problems: usize,
    files: (&Path, &Path),
    report: &Path,
) -> String {
    let (screen, pdf, report) = (files.0.display(), files.1.display(), report.display());
    match (lang, problems) {
        (Lang::Vi, 0) => format!(
            "Danh mục đơn vị tham gia: {pages} trang → {screen}; bản in {pdf}, PDF/X-4, đạt kiểm tra trước in (báo cáo kiểm tra: {report})"
        ),
        (Lang::Vi, n) => format!(
            "Danh mục đơn vị tham gia: {pages} trang → {screen}; bản in {pdf}, {n} vấn đề khi kiểm tra trước in (báo cáo kiểm tra: {report})"
        ),
        (Lang::En, 0) => format!(
            "Exhibitor catalogue: {pages} pages → {screen}; print file {pdf}, PDF/X-4, passes preflight (preflight report: {report})"
        ),
        (Lang::En, n) => format!(
            "Exhibitor catalogue: {pages} pages → {screen}; print file {pdf}, {n} preflight problem(s) (preflight report: {report})"
        ),
    }
}

/// The capability sheets: how many, typeset now or kept from the cache.
pub fn sheets(lang: Lang, sheets: usize, typeset: usize, reused: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "Hồ sơ năng lực: {sheets} (dàn trang mới {typeset}, lấy lại {reused} hồ sơ không đổi từ .cache/sheets/)"
        ),
        Lang::En => format!(
            "Capability sheets: {sheets} ({typeset} typeset, {reused} unchanged from .cache/sheets/)"
        ),
    }
}

/// The progress of compressing the output for the web server: `done` of `total` files.
pub fn compressing(lang: Lang, done: usize, total: usize) -> String {
    let percent = 100.0 * done as f64 / total.max(1) as f64;
    match lang {
        Lang::Vi => format!("Đang nén để triển khai: {done}/{total} tệp ({percent:.0} %)"),
        Lang::En => format!("Compressing for deployment: {done}/{total} files ({percent:.0} %)"),
    }
}

/// Published to `out` in `seconds`.
pub fn published(lang: Lang, out: &Path, seconds: f64) -> String {
    let out = out.display();
    match lang {
        Lang::Vi => format!(
            "Đã xuất bản vào {out} trong {} giây",
            format!("{seconds:.2}").replace('.', ",")
        ),
        Lang::En => format!("Published to {out} in {seconds:.2} s"),
    }
}

/// The build failed: `out` is as it was.
pub fn nothing_published(lang: Lang, out: &Path) -> String {
    let out = out.display();
    match lang {
        Lang::Vi => {
            format!("Chưa xuất bản gì: {out} vẫn giữ nguyên. Sửa các lỗi ở trên rồi dựng lại.")
        }
        Lang::En => format!(
            "Nothing was published: {out} is unchanged. Fix the errors above and build again."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_lines_write_numbers_as_each_language_does() {
        let out = Path::new("public");
        assert_eq!(
            published(Lang::Vi, out, 1.5),
            "Đã xuất bản vào public trong 1,50 giây"
        );
        assert_eq!(
            published(Lang::En, out, 1.5),
            "Published to public in 1.50 s"
        );
        assert_eq!(
            cover(Lang::Vi, 7.5, Path::new("bia.pdf")),
            "Bìa trải: gáy 7,5 mm → bia.pdf"
        );
        assert_eq!(
            preflight(Lang::En, 2, Path::new("p.txt")),
            "Preflight: 2 problem(s) → p.txt"
        );
    }
}
