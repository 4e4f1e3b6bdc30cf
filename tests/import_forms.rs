//! A Google-Forms-style export of the survey (tests/fixtures/forms/, made by its make.py: numbered
//! question headers with notes, a timestamp column, the usual mess in the cells), imported into
//! the basic fixture site with no mapping file. Each kind of mess: what is stored, what is said.

mod common;
use common::*;
use std::process::Output;

fn forms(ext: &str) -> String {
    repo()
        .join(format!("tests/fixtures/forms/khao-sat.{ext}"))
        .to_str()
        .unwrap()
        .to_owned()
}

fn written(ext: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let site = site(&["basic"]);
    let mut args = vec!["--write"];
    args.extend_from_slice(extra);
    let o = import(site.path(), &forms(ext), &args);
    (site, o)
}

#[test]
fn numbered_headers_with_notes_are_understood_without_a_mapping() {
    let site = site(&["basic"]);
    let o = import(site.path(), &forms("csv"), &[]);
    let s = out(&o);
    for (letter, header, field) in [
        (
            "B",
            "1. Tên doanh nghiệp (ghi đầy đủ theo Giấy chứng nhận ĐKDN)",
            "name",
        ),
        ("C", "2. Mã số doanh nghiệp/Mã số thuế", "tax_code"),
        ("E", "4. Quận/Huyện", "district"),
        ("L", "11. Website", "website"),
    ] {
        has_line(&s, &[&format!("column {letter} \"{header}\" → {field}")]);
    }
    // A header known as it is needs no word; the one column nobody maps is said once, not once per row.
    let e = err(&o);
    assert_eq!(
        e.matches("\"13. Ghi chú\" is not imported").count(),
        1,
        "{e}"
    );
    assert!(!e.contains("no column holds"), "{e}");
    assert!(!s.contains("column A \"Dấu thời gian\""), "{s}");
}

#[test]
fn each_kind_of_mess_is_stored_cleaned_or_said() {
    let (site, o) = written("csv", &[]);
    let root = site.path();
    let (s, e) = (out(&o), err(&o));
    // Row 6's malformed e-mail rejects that row only.
    assert_eq!(o.status.code(), Some(1), "{s}\n{e}");
    has_line(
        &s,
        &["5 created, 1 updated, 0 unchanged, 1 replaced by a later row (row 8), 1 rejected (row 6)"],
    );

    // Row 2: dotted tax code, "150 người", lists split at commas and "+", two phones joined by
    // " - ", an address over two lines, the form's timestamp as the date of last update.
    let soc_son = read(root, "content/enterprises/co-khi-chinh-xac-soc-son.md");
    for line in [
        "tax_code = \"0100166136\"",
        "employees = 150",
        "products = [\"Bu lông\", \"đai ốc\", \"vòng đệm\"]",
        // Certifications named by their vocabulary entries (content/data/certifications.toml).
        "certifications = [\"iso-9001\", \"iso-14001\", \"iatf-16949\"]",
        "phone = \"024 3861 2222, 0904 111 222\"",
        "address = \"Số 5, ngõ 12 đường Cổ Loa, Xã Uy Nỗ, Đông Anh\"",
        "district = \"dong-anh\"",
        "updated = 2026-03-10",
        "sample = false", // survey data, not one of the site's samples
    ] {
        assert!(soc_son.contains(line), "{line} in\n{soc_son}");
    }

    // Row 3: "MST:" prefix, capitals reported (not applied without --fix-caps), "khoảng 200"
    // read with a warning, "iso 9001" mapped onto ISO 9001:2015, two e-mails → the first, with a
    // warning.
    let thang_long = read(root, "content/enterprises/nhua-ky-thuat-thang-long.md");
    for line in [
        "name = \"CÔNG TY CỔ PHẦN NHỰA KỸ THUẬT THĂNG LONG\"",
        "tax_code = \"0109528905\"",
        "employees = 200",
        "certifications = [\"iso-9001\"]",
        "email = \"kythuat@thanglong.example.vn\"",
    ] {
        assert!(thang_long.contains(line), "{line} in\n{thang_long}");
    }
    has_line(
        &e,
        &[
            "warning: row 3",
            "typed in capitals",
            "\"Công ty Cổ phần Nhựa Kỹ Thuật Thăng Long\"",
        ],
    );
    assert!(e.contains("--fix-caps"), "{e}");
    has_line(
        &e,
        &[
            "warning: row 3",
            "\"khoảng 200\" is approximate: imported as 200",
        ],
    );
    has_line(
        &e,
        &[
            "warning: row 3",
            "2 addresses",
            "`kythuat@thanglong.example.vn` is imported",
            "`kinhdoanh@thanglong.example.vn`",
        ],
    );

    // Row 4: a 13-digit branch code split; a range and a year in words left empty, with words.
    let ngoc_hoi = read(root, "content/enterprises/dien-tu-ngoc-hoi.md");
    assert!(
        ngoc_hoi.contains("tax_code = \"0107866666-002\""),
        "{ngoc_hoi}"
    );
    assert!(!ngoc_hoi.contains("employees"), "{ngoc_hoi}");
    assert!(!ngoc_hoi.contains("founded"), "{ngoc_hoi}");
    assert!(
        !ngoc_hoi.contains("bản cũ"),
        "the later submission is kept: {ngoc_hoi}"
    );
    has_line(&e, &["warning: row 4", "13 digits", "`0107866666-002`"]);
    has_line(
        &e,
        &["warning: row 4", "\"50-100\" is a range", "left empty"],
    );
    has_line(&e, &["warning: row 4", "\"năm 2015\"", "left empty"]);
    // Row 8: same tax code as row 4, submitted earlier: row 4 is kept, and the editor is told why.
    has_line(
        &e,
        &[
            "warning: row 8",
            "also on row 4, which is imported instead of this row",
            "submitted later (2026-03-11 14:30 against 2026-03-09 16:00)",
        ],
    );

    // Row 5: TCVN3 text converted, the result shown; "trên 500" left empty.
    let ha_noi = read(root, "content/enterprises/co-khi-ha-noi.md");
    for line in [
        "name = \"Công ty TNHH Cơ khí Hà Nội\"",
        "district = \"dong-anh\"",
        "products = [\"Chi tiết máy\", \"Công nghiệp hỗ trợ\"]",
    ] {
        assert!(ha_noi.contains(line), "{line} in\n{ha_noi}");
    }
    assert!(!ha_noi.contains("employees"), "{ha_noi}");
    has_line(
        &e,
        &[
            "warning: row 5",
            "TCVN3",
            "imported as \"Công ty TNHH Cơ khí Hà Nội\"",
        ],
    );
    has_line(
        &e,
        &["warning: row 5", "\"trên 500\" is a bound", "left empty"],
    );

    // Row 6: "khuonmau @ bachkhoa .vn" is an error with the probable address, never stored.
    has_line(
        &e,
        &[
            "error: row 6, column \"12. Email\"",
            "is not an e-mail address",
        ],
    );
    assert!(
        e.contains("if it is `khuonmau@bachkhoa.vn`, write it without spaces"),
        "{e}"
    );
    assert!(!root
        .join("content/enterprises/khuon-mau-bach-khoa.md")
        .exists());

    // Row 7: same name as an enterprise in the directory, other tax code: warned.
    has_line(
        &e,
        &[
            "warning: row 7",
            "possible duplicate: content/enterprises/an-phat/index.md has the same name with the tax code 0112345027",
            "content/enterprises/an-phat-2.md",
        ],
    );

    // Row 9: an update in capitals keeps the file's well-written name.
    let an_phat = read(root, "content/enterprises/an-phat/index.md");
    assert!(
        an_phat.contains("name = \"Công ty TNHH Ăn Phát\""),
        "{an_phat}"
    );
    assert!(an_phat.contains("employees = 300"), "{an_phat}");
    assert!(an_phat.contains("updated = 2026-03-14"), "{an_phat}");
    has_line(
        &e,
        &["warning: row 9", "only in capitals: the file's is kept"],
    );

    // Everything written passes `cnht check`.
    assert!(s.contains("Content is valid: no errors."), "{s}\n{e}");
}

#[test]
fn the_dry_run_shows_old_and_new_values() {
    let site = site(&["basic"]);
    let before = snapshot(site.path());
    let o = import(site.path(), &forms("csv"), &[]);
    assert_eq!(before, snapshot(site.path()));
    let s = out(&o);
    has_line(
        &s,
        &[
            "update",
            "content/enterprises/an-phat/index.md",
            "updated, employees, phone",
        ],
    );
    has_line(&s, &["employees: 250 → 300"]);
    has_line(&s, &["phone: \"024 3000 0001\" → \"024 3000 0002\""]);
    has_line(&s, &["updated: (none) → 2026-03-14"]);
}

#[test]
fn fix_caps_applies_the_suggested_capitalisation() {
    let (site, o) = written("csv", &["--fix-caps"]);
    let text = read(
        site.path(),
        "content/enterprises/nhua-ky-thuat-thang-long.md",
    );
    assert!(
        text.contains("name = \"Công ty Cổ phần Nhựa Kỹ Thuật Thăng Long\""),
        "{text}"
    );
    has_line(
        &err(&o),
        &[
            "warning: row 3",
            "imported as \"Công ty Cổ phần Nhựa Kỹ Thuật Thăng Long\" (--fix-caps)",
        ],
    );
}

#[test]
fn csv_and_xlsx_exports_give_the_same_files_and_words() {
    let (a, oa) = written("csv", &[]);
    let (b, ob) = written("xlsx", &[]);
    assert_same_import(a.path(), &oa, b.path(), &ob);
}

#[test]
fn nothing_malformed_reaches_a_page_or_the_csv() {
    let (site, _) = written("csv", &[]);
    let out_dir = site.path().join("public");
    let o = cnht(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--no-handbook",
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let page =
        std::fs::read_to_string(out_dir.join("doanh-nghiep/co-khi-chinh-xac-soc-son/index.html"))
            .unwrap();
    assert!(
        page.contains("href=\"tel:02438612222\""),
        "one link per number"
    );
    assert!(page.contains("href=\"tel:0904111222\""));
    // The form's timestamp is the record's date of last update, shown on its page.
    assert!(page.contains("<time datetime=\"2026-03-10\">"), "{page}");
    let all = snapshot(&out_dir);
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        // (The rejected row's e-mail "khuonmau @ bachkhoa .vn"; "khuonmau" alone is a folded
        // synonym of mould making in the search's synonym map.)
        for bad in ["bachkhoa", "mailto:kinhdoanh@", "C«ng", "0100.166.136"] {
            assert!(!text.contains(bad), "{bad} in {}", path.display());
        }
    }
}

#[test]
fn write_mapping_drafts_a_file_the_import_then_reads() {
    let site = site(&["basic"]);
    let dir = site.path();
    std::fs::write(
        dir.join("other.csv"),
        "Dấu thời gian,Tên DN,2. Mã số thuế,Ngành,Huyện,Địa chỉ trụ sở,Sản phẩm\n\
         15/03/2026 08:00:00,Công ty TNHH Khuôn mẫu Sài Đồng,0108890132,\"Linh kiện, phụ tùng\",Long Biên,Sài Đồng,Khuôn mẫu\n",
    )
    .unwrap();
    let file = dir.join("other.csv");
    let cot = dir.join("cot.toml");
    let o = import(
        dir,
        file.to_str().unwrap(),
        &["--write-mapping", cot.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let draft = std::fs::read_to_string(&cot).unwrap();
    assert!(
        draft.contains("\"2. Mã số thuế\" = \"tax_code\"\n"),
        "{draft}"
    );
    assert!(
        draft.contains("\"Địa chỉ trụ sở\" = \"address\"\n"),
        "{draft}"
    );
    assert!(draft.contains("\"Tên DN\" = \"\"   # chưa rõ"), "{draft}");
    assert!(out(&o).contains("--mapping"), "{}", out(&o));
    // A second draft never overwrites the first (the editor may have completed it).
    let again = import(
        dir,
        file.to_str().unwrap(),
        &["--write-mapping", cot.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&cot).unwrap(), draft);
    // Without the completed draft: the missing columns are said once for the sheet.
    let o = import(dir, file.to_str().unwrap(), &[]);
    let e = err(&o);
    assert_eq!(e.matches("no column holds").count(), 1, "{e}");
    has_line(&e, &["`name`", "`sector`"]);
    // The editor completes it; the import then reads every column.
    let done = draft
        .replace(
            "\"Tên DN\" = \"\"   # chưa rõ / not understood",
            "\"Tên DN\" = \"name\"",
        )
        .replace(
            "\"Ngành\" = \"\"   # chưa rõ / not understood",
            "\"Ngành\" = \"sector\"",
        );
    std::fs::write(&cot, done).unwrap();
    let o = import(
        dir,
        file.to_str().unwrap(),
        &["--mapping", cot.to_str().unwrap(), "--write"],
    );
    assert!(o.status.success(), "{}\n{}", out(&o), err(&o));
    let text = read(dir, "content/enterprises/khuon-mau-sai-dong.md");
    assert!(text.contains("district = \"long-bien\""), "{text}");
    assert!(text.contains("updated = 2026-03-15"), "{text}");
}

#[test]
fn the_import_speaks_vietnamese_by_default() {
    let site = site(&["basic"]);
    let o = cnht_as_editor(&[
        "import",
        "enterprises",
        &forms("csv"),
        "--root",
        site.path().to_str().unwrap(),
    ]);
    let (s, e) = (out(&o), err(&o));
    has_line(&s, &["Đã đọc", "8 dòng doanh nghiệp"]);
    has_line(&s, &["cột E \"4. Quận/Huyện\" → district"]);
    has_line(
        &s,
        &[
            "cập nhật",
            "content/enterprises/an-phat/index.md",
            "(dòng 9:",
        ],
    );
    has_line(&s, &["employees: 250 → 300"]);
    has_line(&s, &["updated: (chưa có) → 2026-03-14"]);
    has_line(
        &s,
        &["5 tạo mới, 1 cập nhật, 0 không đổi, 1 thay bằng dòng gửi sau (dòng 8), 1 bị từ chối (dòng 6)"],
    );
    has_line(&s, &["Chạy thử: chưa ghi gì"]);
    has_line(
        &e,
        &[
            "cảnh báo: dòng 3, cột \"1. Tên doanh nghiệp",
            "gõ toàn chữ in hoa",
            "\"Công ty Cổ phần Nhựa Kỹ Thuật Thăng Long\"",
        ],
    );
    has_line(&e, &["gợi ý:", "--fix-caps"]);
    has_line(
        &e,
        &[
            "cảnh báo: dòng 5",
            "bảng mã cũ TCVN3",
            "đã nhập thành \"Công ty TNHH Cơ khí Hà Nội\"",
        ],
    );
    has_line(
        &e,
        &[
            "cảnh báo: dòng 8",
            "mã số thuế 0107866666-002 cũng có ở dòng 4",
            "gửi sau (2026-03-11 14:30, dòng này 2026-03-09 16:00)",
        ],
    );
    has_line(
        &e,
        &[
            "cảnh báo: dòng 7",
            "có thể trùng: content/enterprises/an-phat/index.md",
        ],
    );
    has_line(&e, &["cảnh báo: cột N \"13. Ghi chú\" không được nhập"]);
    has_line(
        &e,
        &[
            "lỗi: dòng 6, cột \"12. Email\"",
            "không phải là địa chỉ email",
        ],
    );
    has_line(
        &e,
        &["gợi ý: nếu là `khuonmau@bachkhoa.vn`, ghi liền không có dấu cách"],
    );
    has_line(&e, &["Các dòng bị từ chối chưa được nhập"]);
    // The reasons given for single values are Vietnamese too.
    has_line(
        &e,
        &[
            "cảnh báo: dòng 3",
            "\"khoảng 200\" là số ước lượng: đã nhập thành 200",
        ],
    );
    has_line(
        &e,
        &[
            "cảnh báo: dòng 3",
            "ô có 2 địa chỉ: nhập `kythuat@thanglong.example.vn`",
        ],
    );
    has_line(
        &e,
        &[
            "cảnh báo: dòng 4",
            "có 13 chữ số: đọc thành mã chi nhánh `0107866666-002`",
        ],
    );
    has_line(
        &e,
        &["cảnh báo: dòng 4", "\"50-100\" là một khoảng", "để trống"],
    );
    has_line(
        &e,
        &[
            "cảnh báo: dòng 5",
            "\"trên 500\" là một giới hạn",
            "để trống",
        ],
    );
    assert_no_english(&e, &["is not a", "left empty", "imported as"]);
}

#[test]
fn write_mapping_drafts_the_sector_values_it_cannot_map() {
    let site = site(&["basic"]);
    let dir = site.path();
    std::fs::write(
        dir.join("nganh.csv"),
        "Mã số thuế,Tên doanh nghiệp,Lĩnh vực,Quận/Huyện,Địa chỉ,Sản phẩm\n\
         0108890132,Công ty TNHH Khuôn mẫu Sài Đồng,Cơ khí,Long Biên,Sài Đồng,Khuôn mẫu\n\
         0100233488,Công ty TNHH Dệt Ứng Hòa,\"Linh kiện, phụ tùng\",Long Biên,Sài Đồng,Vải\n\
         0109528905,Công ty TNHH Cơ khí Gia Lâm,cơ  khí,Long Biên,Sài Đồng,Bu lông\n\
         0100166136,Công ty TNHH May Đông Anh,May mặc,Long Biên,Sài Đồng,Áo\n",
    )
    .unwrap();
    let file = dir.join("nganh.csv");
    let file = file.to_str().unwrap();
    let cot = dir.join("cot.toml");
    let o = import(dir, file, &["--write-mapping", cot.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let draft = std::fs::read_to_string(&cot).unwrap();
    // Each value the site's sectors do not name, once as first written, left for the editor.
    let sectors = &draft[draft.find("[sectors]\n").expect(&draft)..];
    assert_eq!(
        sectors, "[sectors]\n\"Cơ khí\" = \"\"\n\"May mặc\" = \"\"\n",
        "{draft}"
    );
    assert!(
        draft.contains("linh-kien-phu-tung (Linh kiện, phụ tùng), cong-nghe-cao"),
        "{draft}"
    );
    // Read back as drafted, the empty entries map nothing: the rows are refused as without them.
    let o = import(dir, file, &["--mapping", cot.to_str().unwrap()]);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    has_line(
        &e,
        &[
            "row 2, column \"Lĩnh vực\"",
            "\"Cơ khí\" is not a known sector",
        ],
    );
    // Completed, every row imports into the sector the editor named.
    let done = draft
        .replace("\"Cơ khí\" = \"\"", "\"Cơ khí\" = \"linh-kien-phu-tung\"")
        .replace("\"May mặc\" = \"\"", "\"May mặc\" = \"det-may-da-giay\"");
    std::fs::write(&cot, done).unwrap();
    let o = import(dir, file, &["--mapping", cot.to_str().unwrap(), "--write"]);
    assert!(o.status.success(), "{}\n{}", out(&o), err(&o));
    let text = read(dir, "content/enterprises/co-khi-gia-lam.md");
    assert!(text.contains("sector = \"linh-kien-phu-tung\""), "{text}");
    let text = read(dir, "content/enterprises/may-dong-anh.md");
    assert!(text.contains("sector = \"det-may-da-giay\""), "{text}");
}
