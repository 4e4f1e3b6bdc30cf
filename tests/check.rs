//! `cnht check` and the build's refusal to publish broken content: every error is reported at once,
//! with file, line, column and field, and `public/` is left exactly as it was.

mod common;
use common::*;

fn broken_report() -> String {
    let site = site(&["basic", "broken"]);
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check must fail on broken content"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Asserts `text` has a line naming `file:line:` that contains every one of `needles`.
fn assert_reported(report: &str, file: &str, line: usize, needles: &[&str]) {
    let short: Vec<&str> = report.lines().collect();
    let header = format!("content/{file}:{line}:");
    let found = short.iter().enumerate().any(|(i, l)| {
        l.contains(&header) && {
            // The message sits in the block around the location line (codespan layout).
            let block = short[i.saturating_sub(2)..(i + 8).min(short.len())].join("\n");
            needles.iter().all(|n| block.contains(n))
        }
    });
    assert!(found, "expected {header} with {needles:?} in:\n{report}");
}

#[test]
fn every_error_is_reported_at_once_with_place_and_hint() {
    let r = broken_report();
    assert_reported(
        &r,
        "enterprises/typo-field.md",
        5,
        &["unknown field `distrct`", "did you mean `district`?"],
    );
    assert_reported(
        &r,
        "enterprises/typo-field.md",
        1,
        &["required field `district` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/bad-tax.md",
        3,
        &[
            "tax_code",
            "`0100233480` is not a valid tax code",
            "should be 8",
        ],
    );
    assert_reported(
        &r,
        "enterprises/short-tax.md",
        3,
        &["`010023348` is not a valid tax code", "10 digits"],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        4,
        &["`co-khi` is not a known sector"],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        5,
        &[
            "`dong-ahn` is not a known district",
            "did you mean `dong-anh`?",
        ],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        6,
        &["`kcn-khong-co` is not a known industrial park"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `tax_code` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `address` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/missing-fields.md",
        1,
        &["required field `products` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        3,
        &["0112345027 is already used by content/enterprises/an-phat/index.md"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        8,
        &["the file `khong-co.png` does not exist"],
    );
    assert_reported(
        &r,
        "enterprises/broken-toml.md",
        2,
        &["the closing quote \" of this value is missing"],
    );
    // After the syntax error the rest of the file is still read.
    assert_reported(
        &r,
        "enterprises/broken-toml.md",
        1,
        &["required field `sector` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/no-front-matter.md",
        1,
        &["does not start with a `+++` line"],
    );
    assert_reported(&r, "enterprises/never-closed.md", 1, &["never closed"]);
    assert_reported(
        &r,
        "policies/bad-date.md",
        6,
        &["issued", "is not a date", "2020-05-05"],
    );
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["content/enterprises/khong-co.md, which does not exist"],
    );
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["/khong-ton-tai/ leads to a page that does not exist"],
    );
    // The summary counts them all, so the editor knows how much is left.
    let summary = r.lines().rev().find(|l| l.contains(" errors, ")).unwrap();
    let n: usize = summary.split_whitespace().next().unwrap().parse().unwrap();
    assert!(n >= 18, "expected at least 18 errors, got {summary}");
}

#[test]
fn vocabulary_keys_are_checked_with_did_you_mean() {
    let r = broken_report();
    let file = "enterprises/vocab-keys.md";
    // A name written in place of a key gets the key; a typo gets the nearest key.
    assert_reported(
        &r,
        file,
        8,
        &["`Dập` is not a known process", "did you mean `stamping`"],
    );
    assert_reported(
        &r,
        file,
        8,
        &[
            "`stampng` is not a known process",
            "did you mean `stamping`?",
        ],
    );
    assert_reported(
        &r,
        file,
        9,
        &["`ISO 9001` is not a known certification", "`iso-9001`"],
    );
    assert_reported(&r, file, 9, &["expires", "date"]);
    assert_reported(
        &r,
        file,
        10,
        &[
            "`JPN` is not a known country",
            "content/data/countries.toml",
        ],
    );
    assert_reported(
        &r,
        file,
        13,
        &["\"domestc\" is not a known value", "\"domestic\""],
    );
    assert_reported(&r, file, 14, &["\"jp\" is not a known value"]);
}

#[test]
fn valid_content_checks_clean() {
    let site = site(&["basic"]);
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "basic fixture should be valid:\n{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no errors"));
}

#[test]
fn failed_build_leaves_public_untouched() {
    let site = site(&["basic"]);
    let root = site.path().to_str().unwrap().to_owned();
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join("doanh-nghiep")).unwrap();
    std::fs::write(public.join("index.html"), "<p>the published site</p>").unwrap();
    std::fs::write(public.join("doanh-nghiep/old.html"), "old page").unwrap();
    // A folder cnht published (else the build would refuse it before reading the content).
    std::fs::write(
        public.join(cnht::publish::MARKER),
        cnht::publish::MARKER_TEXT,
    )
    .unwrap();
    let before = snapshot(&public);

    // Break one file and build: the build must fail and publish nothing.
    std::fs::write(
        site.path().join("content/enterprises/dien-tu-duong.md"),
        "+++\nname = \"X\"\ntax_code = \"0100233480\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"HN\"\nproducts = [\"a\"]\n+++\n",
    )
    .unwrap();
    let out = cnht(&["build", "--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/enterprises/dien-tu-duong.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was published"), "{stderr}");
    assert_eq!(
        snapshot(&public),
        before,
        "public/ must be unchanged after a failed build"
    );
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cnht-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

#[test]
fn a_site_without_content_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = cnht(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no content/ folder"));
}

#[test]
fn legacy_encoded_file_is_reported_not_a_panic() {
    let site = site(&["basic"]);
    // "Hà Nội" in Windows-1258-ish bytes: not UTF-8.
    std::fs::write(
        site.path().join("content/news/legacy.md"),
        b"+++\ntitle = \"H\xe0 N\xf4i\"\ndate = 2020-01-01\n+++\n",
    )
    .unwrap();
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/news/legacy.md") && stderr.contains("not UTF-8"),
        "{stderr}"
    );
}

/// One enterprise file with the common typing mistakes, each on its own line, checked in both
/// languages: every mistake is named in plain words at its line, with a one-line fix, and the
/// field errors of the rest of the file are reported at the same time.
fn typing_mistakes(lang: Option<&str>) -> String {
    let site = site(&["basic"]);
    let dir = site.path().join("content/enterprises");
    let files = [
        ("curly.md", "+++\nname = “Công ty TNHH Ngoặc Cong”\ntax_code = \"0108890157\"\n+++\n"),
        ("unclosed.md", "+++\nname = \"Công ty TNHH Thiếu Ngoặc   # tên đầy đủ\ntax_code = \"0108890132\"\n+++\n"),
        ("bare-tax.md", "+++\nname = \"Công ty TNHH Số Trần\"\ntax_code = 0108890125\n+++\n"),
        ("empty-list.md", "+++\nname = \"Công ty TNHH Rỗng\"\ntax_code = \"0108890118\"\nsector = \"linh-kien-phu-tung\"\ndistrict = \"dong-anh\"\naddress = \"Đông Anh\"\nproducts = []\n+++\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let root = site.path().to_str().unwrap();
    let out = cnht_in(lang, &["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn typing_mistakes_are_named_in_english() {
    let r = typing_mistakes(Some("en"));
    assert_reported(
        &r,
        "enterprises/curly.md",
        2,
        &[
            "curly quotes “…”",
            "retype them as straight quotes: name = \"…\"",
        ],
    );
    // Curly quotes used to give two errors that never named them: one now.
    assert_eq!(r.matches("curly quotes").count(), 1, "{r}");
    assert_reported(
        &r,
        "enterprises/unclosed.md",
        2,
        &[
            "the closing quote \" of this value is missing",
            "end the value with \": name = \"…\"",
        ],
    );
    assert_reported(
        &r,
        "enterprises/bare-tax.md",
        3,
        &[
            "`tax_code` is written as a number starting with 0",
            "tax_code = \"0108890125\"",
        ],
    );
    assert!(!r.contains("unexpected leading zero"), "{r}");
    assert_reported(
        &r,
        "enterprises/empty-list.md",
        7,
        &["`products` is empty, but at least one item is required"],
    );
    // The rest of a file with a syntax error is read: its field errors come at once.
    assert_reported(
        &r,
        "enterprises/curly.md",
        1,
        &["required field `sector` is missing"],
    );
    assert_reported(
        &r,
        "enterprises/bare-tax.md",
        1,
        &["required field `district` is missing"],
    );
    // …but nothing more about the broken line's own field.
    assert!(!r.contains("required field `tax_code` is missing"), "{r}");
    assert!(!r.contains("required field `name` is missing"), "{r}");
}

#[test]
fn typing_mistakes_are_named_in_vietnamese_by_default() {
    let r = typing_mistakes(None);
    assert_reported(
        &r,
        "enterprises/curly.md",
        2,
        &[
            "dấu ngoặc kép cong “…”",
            "gõ lại bằng dấu ngoặc kép thẳng: name = \"…\"",
        ],
    );
    assert_reported(
        &r,
        "enterprises/unclosed.md",
        2,
        &[
            "thiếu dấu ngoặc kép \" đóng giá trị này",
            "thêm dấu \" ở cuối giá trị",
        ],
    );
    assert_reported(
        &r,
        "enterprises/bare-tax.md",
        3,
        &[
            "mã số thuế hay số điện thoại phải là chữ",
            "tax_code = \"0108890125\"",
        ],
    );
    assert_reported(
        &r,
        "enterprises/empty-list.md",
        7,
        &["danh sách `products` đang trống", "products = [\"…\"]"],
    );
    assert_reported(
        &r,
        "enterprises/curly.md",
        1,
        &["thiếu trường bắt buộc `sector`"],
    );
    let summary = r.lines().find(|l| l.contains(" lỗi, ")).unwrap_or("");
    assert!(summary.ends_with(" cảnh báo"), "{r}");
    assert!(r.contains("Chưa dựng gì."), "{r}");
    // `--lang en` on the command line and `lang = "en"` in site.toml both switch to English.
    assert!(typing_mistakes(Some("en")).contains("curly quotes"));
}

#[test]
fn the_site_settings_choose_the_language_of_messages() {
    let site = site(&["basic", "broken"]);
    let settings = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("lang = \"en\"\n{text}")).unwrap();
    let out = cnht_as_editor(&["check", "--root", site.path().to_str().unwrap()]);
    let r = String::from_utf8(out.stderr).unwrap();
    assert!(r.contains("required field `district` is missing"), "{r}");
    std::fs::write(&settings, format!("lang = \"fr\"\n{text}")).unwrap();
    let out = cnht(&["check", "--root", site.path().to_str().unwrap()]);
    let r = String::from_utf8(out.stderr).unwrap();
    assert!(
        r.contains("`fr` is not a language of cnht's messages"),
        "{r}"
    );
}

/// The broken site, with a few more mistakes (a value of the wrong type, contact details that are
/// not addresses, a file name that is not a clean address), checked in `lang` (`None`: as an
/// editor runs it, in the site's language, Vietnamese by default).
fn every_family(lang: Option<&str>) -> String {
    let site = site(&["basic", "broken"]);
    std::fs::write(
        site.path().join("content/enterprises/Sai_Kieu.md"),
        "+++\nname = \"Công ty TNHH Sai Kiểu\"\ntax_code = \"0109007509\"\nsector = \"linh-kien-phu-tung\"\n\
         district = \"dong-anh\"\naddress = \"Hà Nội\"\nproducts = [\"Bu lông\"]\nemployees = \"200\"\n\n\
         [contact]\nemail = \"khuonmau @ bachkhoa .vn\"\nphone = \"gọi anh Nam\"\nwebsite = \"javascript:alert(1)\"\n+++\n",
    )
    .unwrap();
    let root = site.path().to_str().unwrap();
    let out = cnht_in(lang, &["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn each_family_of_messages_in_english() {
    let r = every_family(Some("en"));
    let f = "enterprises/Sai_Kieu.md";
    assert_reported(
        &r,
        f,
        8,
        &["employees: expected a whole number without quotes, found the text \"200\""],
    );
    assert_reported(
        &r,
        f,
        11,
        &["`khuonmau @ bachkhoa .vn` is not an e-mail address"],
    );
    assert_reported(&r, f, 12, &["`gọi anh Nam` is not a phone number"]);
    assert_reported(
        &r,
        f,
        13,
        &[
            "`javascript:` links are not allowed",
            "write the whole address",
        ],
    );
    assert!(
        r.contains("warning: the file name `Sai_Kieu` is not a clean web address"),
        "{r}"
    );
    assert!(r.contains("rename it to `sai-kieu`"), "{r}");
    assert_reported(
        &r,
        "enterprises/bad-tax.md",
        3,
        &[
            "error: tax_code: `0100233480` is not a valid tax code",
            "should be 8",
        ],
    );
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        5,
        &["did you mean `dong-anh`?"],
    );
    assert_reported(
        &r,
        "policies/bad-date.md",
        6,
        &["`2020-13-45` is not a date"],
    );
    assert_reported(
        &r,
        "enterprises/vocab-keys.md",
        8,
        &["`stampng` is not a known process"],
    );
    assert_reported(
        &r,
        "enterprises/no-front-matter.md",
        1,
        &["does not start with a `+++` line"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        8,
        &["the file `khong-co.png` does not exist"],
    );
    assert!(!r.contains("lỗi") && !r.contains("cảnh báo"), "{r}");
}

#[test]
fn each_family_of_messages_in_vietnamese() {
    let r = every_family(None);
    let f = "enterprises/Sai_Kieu.md";
    // Wrong type, contact details and the URL rule.
    assert_reported(
        &r,
        f,
        8,
        &["lỗi: employees: cần một số nguyên, không có ngoặc kép, nhưng đang ghi chữ \"200\""],
    );
    assert_reported(
        &r,
        f,
        11,
        &["`khuonmau @ bachkhoa .vn` không phải là địa chỉ email"],
    );
    assert_reported(&r, f, 12, &["`gọi anh Nam` không phải là số điện thoại"]);
    assert_reported(
        &r,
        f,
        13,
        &[
            "không dùng được liên kết `javascript:`",
            "ghi đầy đủ địa chỉ",
        ],
    );
    // Files: the tag of a warning too.
    assert!(
        r.contains("cảnh báo: tên tệp `Sai_Kieu` không phải là địa chỉ web gọn"),
        "{r}"
    );
    assert!(r.contains("đổi tên tệp thành `sai-kieu`"), "{r}");
    assert_reported(
        &r,
        "enterprises/no-front-matter.md",
        1,
        &["tệp không bắt đầu bằng dòng `+++`"],
    );
    assert_reported(
        &r,
        "enterprises/never-closed.md",
        1,
        &["phần đầu mở ở đây không được đóng"],
    );
    // Values: tax codes, dates.
    assert_reported(
        &r,
        "enterprises/bad-tax.md",
        3,
        &[
            "lỗi: tax_code: `0100233480` không phải là mã số thuế hợp lệ",
            "phải là 8",
            "chép lại mã từ Giấy chứng nhận đăng ký doanh nghiệp",
        ],
    );
    assert_reported(
        &r,
        "policies/bad-date.md",
        6,
        &["`2020-13-45` không phải là một ngày", "ghi năm-tháng-ngày"],
    );
    // References, duplicates and images.
    assert_reported(
        &r,
        "enterprises/unknown-refs.md",
        5,
        &[
            "`dong-ahn` không có trong danh sách",
            "có phải là `dong-anh`?",
        ],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        3,
        &["mã số thuế 0112345027 đã dùng cho content/enterprises/an-phat/index.md"],
    );
    assert_reported(
        &r,
        "enterprises/duplicate-tax.md",
        8,
        &["không có tệp `khong-co.png`"],
    );
    // Links.
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["liên kết trỏ tới content/enterprises/khong-co.md, không có tệp đó"],
    );
    assert_reported(
        &r,
        "pages/broken-links.md",
        4,
        &["liên kết /khong-ton-tai/ dẫn tới một trang không có"],
    );
    // Vocabulary keys, with "did you mean".
    let v = "enterprises/vocab-keys.md";
    assert_reported(
        &r,
        v,
        8,
        &[
            "`Dập` không phải là công nghệ gia công đã biết",
            "có phải là `stamping`",
        ],
    );
    assert_reported(&r, v, 10, &["`JPN` không phải là quốc gia đã biết"]);
    assert_reported(
        &r,
        v,
        13,
        &[
            "\"domestc\" không phải là giá trị dùng được ở đây",
            "có phải là \"domestic\"?",
        ],
    );
    // No English tag or words of these families are left.
    assert_no_english(&r, &["is not a", "did you mean", "does not exist"]);
}

/// A body saved in NFD (decomposed Vietnamese, as some Mac editors save it): the broken links,
/// in the Vietnamese body and in its English translation, are placed at themselves in the file
/// as written, their columns counted in characters of the line as for every other finding.
#[test]
fn links_in_a_decomposed_body_are_placed_where_they_are_written() {
    use unicode_normalization::UnicodeNormalization;
    let site = site(&["basic"]);
    let root = site.path();
    let file = "content/news/nfd.md";
    let nfd: String = "+++\ntitle = \"Tin tức\"\ndate = 2020-10-28\n+++\n\
        Hội chợ công nghiệp hỗ trợ Hà Nội được tổ chức.\n\n\
        Doanh nghiệp tiêu biểu: xem ở [trang đã xoá](/khong-co-trang/).\n\n\
        <!-- English -->\n\n\
        Supporting-industry fair in Hà Nội, see [the missing page](/khong-co-nua/).\n"
        .nfd()
        .collect();
    assert!(
        nfd.len() > nfd.nfc().collect::<String>().len(),
        "decomposed"
    );
    std::fs::write(root.join(file), &nfd).unwrap();
    let report = cnht::check(root, false);
    let text = report.sources.get(std::path::Path::new(file)).unwrap();
    assert_eq!(text, nfd, "the report quotes the file as written");
    let mut found: Vec<(String, (usize, usize))> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == std::path::Path::new(file))
        .map(|d| {
            let span = d.span.clone().expect("a place");
            (
                text[span.clone()].to_owned(),
                cnht::diagnostics::line_col(text, span.start),
            )
        })
        .collect();
    found.sort();
    let at = |needle: &str| {
        let i = nfd.find(needle).unwrap();
        cnht::diagnostics::line_col(&nfd, i)
    };
    let first = "[trang đã xoá](/khong-co-trang/)".nfd().collect::<String>();
    let second = "[the missing page](/khong-co-nua/)";
    let mut expected = vec![(first.clone(), at(&first)), (second.to_owned(), at(second))];
    expected.sort();
    assert_eq!(found, expected, "{}", report.render_short());
    // In characters of the line as written: "Doanh nghiệp tiêu biểu: xem ở " in NFD.
    assert_eq!(
        at(&first).1,
        1 + "Doanh nghiệp tiêu biểu: xem ở ".nfd().count()
    );
    let out = cnht(&["check", "--root", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (_, (line, col)) in &expected {
        assert!(
            stderr.contains(&format!("{file}:{line}:{col}")),
            "{file}:{line}:{col} in:\n{stderr}"
        );
    }
}

#[test]
fn an_editor_reads_the_command_line_in_vietnamese() {
    use clap::ValueEnum;
    let text = |o: &std::process::Output| {
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // The help of a command editors use, and its usage line.
    let (help, _) = text(&common::cnht_as_editor(&["build", "--help"]));
    for words in [
        "Cách dùng: cnht build [TÙY CHỌN]",
        "Tùy chọn:",
        "--root <THƯ_MỤC>",
        "Thư mục trang, chứa content/",
        "mặc định: thư mục hiện tại",
        "In phần trợ giúp này.",
    ] {
        assert!(help.contains(words), "{words:?} missing from\n{help}");
    }
    for english in ["Usage:", "Options:", "[default:", "Possible values"] {
        assert!(!help.contains(english), "{english:?} in\n{help}");
    }
    let (help_build, _) = text(&common::cnht_as_editor(&["help", "build"]));
    assert_eq!(help_build, help, "`cnht help build` is `cnht build --help`");
    let (top, _) = text(&common::cnht_as_editor(&["--help"]));
    assert!(
        top.contains("Lệnh:") && top.contains("Kiểm tra mọi tệp nội dung"),
        "{top}"
    );
    // Every value an argument takes is named in its Vietnamese description.
    let (new_help, _) = text(&common::cnht_as_editor(&["new", "--help"]));
    for kind in cnht::scaffold::NewKind::value_variants() {
        let name = kind.to_possible_value().unwrap().get_name().to_owned();
        assert!(new_help.contains(&name), "{name} missing from\n{new_help}");
    }
    let (import_help, _) = text(&common::cnht_as_editor(&["import", "--help"]));
    for what in cnht::import::What::value_variants() {
        let name = what.to_possible_value().unwrap().get_name().to_owned();
        assert!(
            import_help.contains(&name),
            "{name} missing from\n{import_help}"
        );
    }
    // A mistyped option or command: what is wrong, the likely one, where to look; exit code 2.
    let typo = common::cnht_as_editor(&["build", "--forse"]);
    let (_, said) = text(&typo);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        said.starts_with("lỗi: không có tùy chọn --forse\n"),
        "{said}"
    );
    assert!(said.contains("có phải ý bạn là --force?"), "{said}");
    assert!(said.contains("xem `cnht build --help`"), "{said}");
    let (_, said) = text(&common::cnht_as_editor(&["biuld"]));
    assert!(said.starts_with("lỗi: không có lệnh biuld\n"), "{said}");
    assert!(said.contains("có phải ý bạn là build?"), "{said}");
    let (_, said) = text(&common::cnht_as_editor(&["serve", "--port", "abc"]));
    assert!(
        said.contains("giá trị “abc” không dùng được cho --port"),
        "{said}"
    );
    // In English, clap's own words.
    let (_, said) = text(&common::cnht(&["build", "--forse"]));
    assert!(said.contains("unexpected argument '--forse'"), "{said}");
    let (help, _) = text(&common::cnht(&["build", "--help"]));
    assert!(
        help.contains("Usage: cnht build") && help.contains("Site folder"),
        "{help}"
    );
}

/// A page's folder whose file is not named index.md (here only its logo is left) makes no page:
/// the editor is told which folder, in both languages, instead of the enterprise vanishing.
#[test]
fn a_page_folder_without_index_md_is_named() {
    let site = site(&["basic"]);
    let folder = site.path().join("content/enterprises/co-khi-thieu-tep");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("logo.png"), b"not read").unwrap();
    let root = site.path().to_str().unwrap();
    for (lang, says) in [
        ("en", "this folder has no index.md, so it makes no page"),
        (
            "vi",
            "thư mục này không có tệp index.md nên không thành trang nào",
        ),
    ] {
        let out = cnht_in(Some(lang), &["check", "--root", root]);
        assert_eq!(out.status.code(), Some(0), "a warning, not an error");
        let said = String::from_utf8(out.stderr).unwrap();
        has_line(&said, &[says]);
        has_line(&said, &["content/enterprises/co-khi-thieu-tep"]);
        assert_eq!(said.matches(says).count(), 1, "{said}");
        if lang == "vi" {
            // Named a folder, whether cnht runs in the site (where the path could be looked
            // at) or elsewhere with --root (where it could not).
            has_line(
                &said,
                &["trong thư mục content/enterprises/co-khi-thieu-tep"],
            );
            let inside = std::process::Command::new(env!("CARGO_BIN_EXE_cnht"))
                .args(["check", "--lang", "vi"])
                .current_dir(site.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let said_inside = String::from_utf8(inside.stderr).unwrap();
            has_line(
                &said_inside,
                &["trong thư mục content/enterprises/co-khi-thieu-tep"],
            );
        }
    }
}

/// `[handbook.print] output_profile` names a file the build reads: a path leaving the site's
/// folder (absolute, or climbing out with `..`) is refused where it is written, in both
/// languages, and nothing is built.
#[test]
fn an_output_profile_outside_the_site_is_refused() {
    for value in ["/etc/hostname", "../ngoai-trang.icc"] {
        let site = site(&["basic"]);
        let toml = site.path().join("content/site.toml");
        let mut text = std::fs::read_to_string(&toml).unwrap();
        text.push_str(&format!(
            "\n[handbook.print]\noutput_profile = \"{value}\"\noutput_condition_identifier = \"FOGRA52\"\n"
        ));
        let line = text.lines().count() - 1;
        std::fs::write(&toml, &text).unwrap();
        let root = site.path().to_str().unwrap();
        let out = cnht_in(Some("en"), &["check", "--root", root]);
        assert_eq!(out.status.code(), Some(1), "{value}: {}", err(&out));
        let report = err(&out);
        let header = format!("content/site.toml:{line}:");
        assert!(
            report.contains(&header),
            "{value}: expected {header} in:\n{report}"
        );
        assert!(
            report.contains(&format!(
                "`{value}` must be a path inside the site's folder"
            )),
            "{report}"
        );
        assert!(report.contains("handbook.print.output_profile"), "{report}");
        let vi = err(&cnht_in(Some("vi"), &["check", "--root", root]));
        assert!(
            vi.contains(&format!(
                "`{value}` phải là đường dẫn bên trong thư mục trang"
            )),
            "{vi}"
        );
        // The build refuses too, before anything is read or written.
        let build = cnht(&["build", "--root", root]);
        assert_eq!(build.status.code(), Some(1));
        assert!(!site.path().join("public").exists());
    }
}

/// `[handbook] description_words` (how much of a description the directory prints) is a whole
/// number from 20 on; a value outside its range or a misspelt key is an error at its line.
#[test]
fn the_printed_description_limit_is_checked_where_it_is_written() {
    let site = site(&["basic"]);
    let toml = site.path().join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let line = text.lines().position(|l| l == "[handbook]").unwrap() + 2;
    let text = text.replacen(
        "[handbook]\n",
        "[handbook]\ndescription_words = 5\ndescripton_words = 300\n",
        1,
    );
    std::fs::write(&toml, text).unwrap();
    let root = site.path().to_str().unwrap();
    let out = cnht_in(Some("en"), &["check", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    let report = err(&out);
    assert_reported(
        &report,
        "site.toml",
        line,
        &["handbook.description_words", "expected 20 to 100000"],
    );
    assert_reported(
        &report,
        "site.toml",
        line + 1,
        &["did you mean `description_words`?"],
    );
}
