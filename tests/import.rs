//! `cnht import enterprises`: the survey fixture (tests/fixtures/survey/) imported into the basic
//! fixture site. Rejected rows are reported with row, column and reason while the others are
//! imported; a dry run writes nothing; updates keep everything the sheet does not hold; a second
//! import changes nothing; CSV and XLSX give the same files.

mod common;
use common::*;

fn survey(ext: &str) -> String {
    repo()
        .join(format!("tests/fixtures/survey/survey.{ext}"))
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_do() {
    let site = site(&["basic"]);
    let before = snapshot(site.path());
    let o = import(site.path(), &survey("csv"), &[]);
    assert_eq!(o.status.code(), Some(1), "rejected rows make it fail");
    assert_eq!(before, snapshot(site.path()), "a dry run writes nothing");
    let s = out(&o);
    has_line(
        &s,
        &["create", "content/enterprises/co-khi-minh-phat.md", "row 2"],
    );
    has_line(
        &s,
        &[
            "update",
            "content/enterprises/an-phat/index.md",
            "employees, phone",
        ],
    );
    has_line(&s, &["unchanged", "content/enterprises/det-ung-hoa.md"]);
    has_line(
        &s,
        &["6 created, 1 updated, 1 unchanged, 3 rejected (rows 5, 7, 9)"],
    );
    assert!(s.contains("--write"), "{s}");
}

#[test]
fn rejected_rows_are_reported_with_row_column_and_reason() {
    let site = site(&["basic"]);
    let o = import(site.path(), &survey("csv"), &["--write"]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    has_line(
        &e,
        &[
            "error: row 5, column \"Mã số thuế\"",
            "`0100233480` is not a valid tax code",
            "check digit and should be 8",
        ],
    );
    has_line(
        &e,
        &[
            "error: row 7, column \"Quận/Huyện\"",
            "\"Long Bein\" is not a known district",
        ],
    );
    assert!(e.contains("did you mean Long Biên (`long-bien`)?"), "{e}");
    has_line(
        &e,
        &[
            "error: row 9, column \"Tên doanh nghiệp\"",
            "`name` is required",
        ],
    );
    // The other rows are imported all the same (those in a legacy encoding converted).
    for f in [
        "co-khi-minh-phat.md",
        "nhua-dong-anh.md",
        "may-mac-hong-ha.md",
        "an-phat-2.md",
        "co-khi-ha-noi.md",
        "viet-nhat.md",
    ] {
        assert!(
            site.path().join("content/enterprises").join(f).is_file(),
            "{f}"
        );
    }
    for rejected in ["sao-mai", "linh-kien-long-bien"] {
        assert!(!site
            .path()
            .join(format!("content/enterprises/{rejected}.md"))
            .exists());
    }
    // After writing, the site is checked.
    assert!(
        out(&o).contains("Content is valid: no errors."),
        "{}",
        out(&o)
    );
}

#[test]
fn tcvn3_and_vni_text_is_converted_and_the_result_shown() {
    let site = site(&["basic"]);
    let o = import(site.path(), &survey("csv"), &["--write"]);
    let e = err(&o);
    has_line(
        &e,
        &[
            "warning: row 4, column \"Tên doanh nghiệp\"",
            "\"C«ng ty TNHH C¬ khÝ Hµ Néi\"",
            "TCVN3",
            "imported as \"Công ty TNHH Cơ khí Hà Nội\"",
        ],
    );
    has_line(
        &e,
        &[
            "warning: row 4, column \"Quận/Huyện\"",
            "§«ng Anh",
            "TCVN3",
            "\"Đông Anh\"",
        ],
    );
    has_line(
        &e,
        &[
            "warning: row 11, column \"Tên doanh nghiệp\"",
            "VNI",
            "imported as \"Công ty TNHH Việt Nhật\"",
        ],
    );
    let text = read(site.path(), "content/enterprises/co-khi-ha-noi.md");
    for line in [
        "name = \"Công ty TNHH Cơ khí Hà Nội\"",
        "district = \"dong-anh\"",
        "address = \"Số 5, đường Cổ Loa, Đông Anh, Hà Nội\"",
        "products = [\"Chi tiết máy\", \"Công nghiệp hỗ trợ\"]",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    // Real Vietnamese text in the other rows is not flagged.
    for row in [2, 3, 6, 8, 10, 12] {
        assert!(
            !e.lines()
                .any(|l| l.contains(&format!("row {row}, ")) && l.contains("encoding")),
            "row {row} flagged:\n{e}"
        );
    }
}

#[test]
fn a_dropped_leading_zero_is_restored_with_a_warning() {
    let site = site(&["basic"]);
    let o = import(site.path(), &survey("xlsx"), &["--write"]);
    has_line(
        &err(&o),
        &[
            "warning: row 6, column \"Mã số thuế\"",
            "`108880039`",
            "leading zero",
            "`0108880039`",
        ],
    );
    let text = read(site.path(), "content/enterprises/nhua-dong-anh.md");
    assert!(text.contains("tax_code = \"0108880039\""), "{text}");
}

#[test]
fn values_are_cleaned() {
    let site = site(&["basic"]);
    import(site.path(), &survey("csv"), &["--write"]);
    let root = site.path();
    let minh_phat = read(root, "content/enterprises/co-khi-minh-phat.md");
    for line in [
        "district = \"dong-anh\"",                               // "huyện Đông Anh"
        "sector = \"linh-kien-phu-tung\"",                       // the sector's name
        "industrial_park = \"kcn-thang-long\"",                  // "KCN Thăng Long"
        "products = [\"Chi tiết dập kim loại\", \"Khuôn dập\"]", // split on ;
        "certifications = [\"iso-9001\", \"iatf-16949\"]", // split on a line break, mapped to keys
        "phone = \"024 3881 2345\"",                       // "+84 24 3881 2345"
        "website = \"https://minhphat.example.vn\"",
        "employees = 320",
        "founded = 2008",
    ] {
        assert!(minh_phat.contains(line), "{line} in\n{minh_phat}");
    }
    assert!(
        minh_phat.ends_with("+++\n"),
        "no description: empty body\n{minh_phat}"
    );
    let nhua = read(root, "content/enterprises/nhua-dong-anh.md");
    assert!(
        nhua.contains("district = \"dong-anh\""),
        "\"Dong Anh\": {nhua}"
    );
    assert!(nhua
        .contains("products = [\"Vỏ nhựa kỹ thuật\", \"Khay linh kiện\", \"Chi tiết ép phun\"]"));
    assert!(
        nhua.contains("phone = \"0912 345 678\""),
        "912345678: {nhua}"
    );
    let hong_ha = read(root, "content/enterprises/may-mac-hong-ha.md");
    assert!(
        hong_ha.contains("sector = \"det-may-da-giay\""),
        "English name"
    );
    assert!(
        hong_ha.contains("district = \"long-bien\""),
        "\"Quận Long Biên\""
    );
    assert!(
        hong_ha.contains("phone = \"024 3827 1234, 0983 111 222\""),
        "{hong_ha}"
    );
    // A slug already taken by another tax code gets a suffix, and a word about it.
    let clash = read(root, "content/enterprises/an-phat-2.md");
    assert!(clash.contains("tax_code = \"0108880078\""));
    assert!(clash.contains("district = \"ung-hoa\""), "\"Ứng Hoà\"");
}

#[test]
fn an_update_keeps_what_the_sheet_does_not_hold() {
    let site = site(&["basic"]);
    let file = site.path().join("content/enterprises/an-phat/index.md");
    let original = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("+++\n", "+++\n# Ghi chú của biên tập viên\n", 1)
        .replace("employees = 250", "employees = 250   # số liệu 2019");
    std::fs::write(&file, &original).unwrap();
    let o = import(site.path(), &survey("csv"), &["--write"]);
    assert!(out(&o).contains("Content is valid"), "{}", err(&o));
    let expected = original
        .replace(
            "employees = 250   # số liệu 2019",
            "employees = 300   # số liệu 2019",
        )
        .replace("phone = \"024 3000 0001\"", "phone = \"024 3000 0002\"");
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}

#[test]
fn a_second_import_changes_nothing() {
    let site = site(&["basic"]);
    import(site.path(), &survey("csv"), &["--write"]);
    let first = snapshot(site.path());
    let o = import(site.path(), &survey("csv"), &["--write"]);
    has_line(&out(&o), &["0 created, 0 updated, 8 unchanged"]);
    assert_eq!(first, snapshot(site.path()), "byte for byte");
    // The other format of the same survey finds nothing to change either.
    let o = import(site.path(), &survey("xlsx"), &["--write"]);
    has_line(&out(&o), &["0 created, 0 updated, 8 unchanged"]);
    assert_eq!(first, snapshot(site.path()));
}

#[test]
fn csv_and_xlsx_give_the_same_files() {
    let a = site(&["basic"]);
    let b = site(&["basic"]);
    let oa = import(a.path(), &survey("csv"), &["--write"]);
    let ob = import(b.path(), &survey("xlsx"), &["--write"]);
    assert_same_import(a.path(), &oa, b.path(), &ob);
}

#[test]
fn a_mapping_file_names_other_headers() {
    let site = site(&["basic"]);
    let dir = site.path();
    std::fs::write(
        dir.join("other.csv"),
        "Company;MST;Huyen;Nganh;Addr;Products;Notes\n\
         Công ty TNHH Khuôn mẫu Sài Đồng;0108880092;Long Biên;Cơ khí;Sài Đồng, Long Biên;Khuôn mẫu;x\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("mapping.toml"),
        "[columns]\n\"Company\" = \"name\"\n\"MST\" = \"tax_code\"\n\"Huyen\" = \"district\"\n\
         \"Nganh\" = \"sector\"\n\"Addr\" = \"address\"\n\"Products\" = \"products\"\n\"Notes\" = \"\"\n\
         [sectors]\n\"Cơ khí\" = \"linh-kien-phu-tung\"\n",
    )
    .unwrap();
    let mapping = dir.join("mapping.toml");
    let o = import(
        dir,
        dir.join("other.csv").to_str().unwrap(),
        &["--mapping", mapping.to_str().unwrap(), "--write"],
    );
    assert!(o.status.success(), "{}\n{}", out(&o), err(&o));
    assert!(!err(&o).contains("not imported"), "Notes is ignored");
    let text = read(dir, "content/enterprises/khuon-mau-sai-dong.md");
    assert!(text.contains("sector = \"linh-kien-phu-tung\""), "{text}");
    assert!(text.contains("district = \"long-bien\""), "{text}");

    std::fs::write(&mapping, "[columns]\n\"MST\" = \"tax_cod\"\n").unwrap();
    let o = import(
        dir,
        dir.join("other.csv").to_str().unwrap(),
        &["--mapping", mapping.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("did you mean \"tax_code\"?"),
        "{}",
        err(&o)
    );
}

#[test]
fn vocabulary_cells_become_keys_and_unknown_items_are_reported() {
    let site = site(&["basic"]);
    let dir = site.path();
    std::fs::write(
        dir.join("vocab.csv"),
        "Tên doanh nghiệp,Mã số thuế,Lĩnh vực,Quận/Huyện,Địa chỉ,Sản phẩm chính,Công nghệ,Chứng nhận,Thị trường xuất khẩu,Nhóm sản phẩm\n\
         Công ty TNHH Khuôn mẫu Sài Đồng,0108880092,\"Linh kiện, phụ tùng\",Long Biên,Sài Đồng,Khuôn ép,\"Ép phun; Cắt, phay CNC\",\"ISO 9001:2015, iso 14001\",\"Nhật Bản, korea\",automotive\n\
         Công ty TNHH Đột Dập Minh,0108880014,\"Linh kiện, phụ tùng\",Long Biên,Sài Đồng,Chi tiết dập,\"Dập, Đột lỗ\",,JP,\n",
    )
    .unwrap();
    let o = import(dir, dir.join("vocab.csv").to_str().unwrap(), &["--write"]);
    let text = read(dir, "content/enterprises/khuon-mau-sai-dong.md");
    for line in [
        "processes = [\"injection-moulding\", \"milling\"]", // a comma inside a name stays whole
        "certifications = [\"iso-9001\", \"iso-14001\"]",    // split at the comma, normalised
        "export_markets = [\"JP\", \"KR\"]",                 // names and synonyms → codes
        "product_groups = [\"o-to-xe-may\"]",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    // An item that names no entry is left out with a warning; the row is imported all the same
    // (an optional field never rejects an enterprise).
    has_line(
        &err(&o),
        &[
            "warning: row 3",
            "Công nghệ",
            "not a known process",
            "\"Đột lỗ\"",
            "content/data/processes.toml",
        ],
    );
    let minh = read(dir, "content/enterprises/dot-dap-minh.md");
    assert!(minh.contains("processes = [\"stamping\"]"), "{minh}");
    assert!(!minh.contains("Đột lỗ"), "{minh}");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn rejected_rows_are_reported_in_vietnamese_by_default() {
    let site = site(&["basic"]);
    let root = site.path().to_str().unwrap();
    let o = cnht_as_editor(&["import", "enterprises", &survey("csv"), "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    has_line(
        &e,
        &[
            "lỗi: dòng 5, cột \"Mã số thuế\"",
            "`0100233480` không phải là mã số thuế hợp lệ",
            "chữ số thứ 10 là số kiểm tra, với chín chữ số đầu này phải là 8",
        ],
    );
    has_line(
        &e,
        &["gợi ý: chép lại mã từ Giấy chứng nhận đăng ký doanh nghiệp"],
    );
    has_line(
        &e,
        &[
            "lỗi: dòng 7, cột \"Quận/Huyện\"",
            "\"Long Bein\" không phải là quận/huyện đã biết",
        ],
    );
    has_line(&e, &["gợi ý: có phải là Long Biên (`long-bien`)?"]);
    has_line(
        &e,
        &[
            "lỗi: dòng 9, cột \"Tên doanh nghiệp\"",
            "`name` là trường bắt buộc",
        ],
    );
    assert_no_english(&e, &["is not a", "did you mean", "left empty"]);
}

/// A sheet with one row of each kind of cell the import refuses or reads with a warning.
fn cells_sheet(dir: &std::path::Path) -> String {
    let file = dir.join("o.csv");
    std::fs::write(
        &file,
        "Mã số thuế,Tên doanh nghiệp,Lĩnh vực,Quận/Huyện,Khu công nghiệp,Địa chỉ,Sản phẩm,Số lao động,Năm thành lập,Điện thoại,Email,Website,Công nghệ\n\
         1.00233E+08,Công ty TNHH Một,Cơ khí,Đông Anh,,Hà Nội,Bu lông,,,,,,\n\
         0108890132,Công ty TNHH Hai,Linh kiện phụ tùng,Đông Anh,KCN Không Có,Hà Nội,Bu lông,,,,,,\n\
         0108890125,Công ty TNHH Ba,Linh kiện phụ tùng,Đông Anh,,Hà Nội,Bu lông,trên 500,năm 2015,3881 2345,,,\n\
         0108890118,Công ty TNHH Bốn,Linh kiện phụ tùng,Đông Anh,,Hà Nội,Bu lông,,,gọi anh Nam,,,\n\
         0108890101,Công ty TNHH Năm,Linh kiện phụ tùng,Đông Anh,,Hà Nội,Bu lông,,,,a@b.vn; c@d.vn,javascript:alert(1),\n\
         0108890090,Công ty TNHH Sáu,Linh kiện phụ tùng,Đông Anh,,Hà Nội,Bu lông,50-100,,,,,Đột lỗ\n",
    )
    .unwrap();
    file.to_str().unwrap().to_owned()
}

#[test]
fn the_reasons_for_single_cells_in_both_languages() {
    let site = site(&["basic"]);
    let file = cells_sheet(site.path());
    let root = site.path().to_str().unwrap();
    let run = |lang: &str| {
        let o = cnht(&[
            "import",
            "enterprises",
            &file,
            "--root",
            root,
            "--lang",
            lang,
        ]);
        assert_eq!(o.status.code(), Some(1));
        err(&o)
    };
    let (en, vi) = (run("en"), run("vi"));
    for (row, column, en_words, vi_words) in [
        (
            "2",
            "Mã số thuế",
            "is a number in scientific notation, not a tax code",
            "là một số dạng khoa học",
        ),
        (
            "2",
            "Lĩnh vực",
            "\"Cơ khí\" is not a known sector",
            "\"Cơ khí\" không phải là lĩnh vực đã biết",
        ),
        (
            "3",
            "Khu công nghiệp",
            "\"KCN Không Có\" is not a known industrial park",
            "\"KCN Không Có\" không phải là khu công nghiệp đã biết",
        ),
        (
            "4",
            "Số lao động",
            "\"trên 500\" is a bound, not a number of employees: left empty",
            "\"trên 500\" là một giới hạn, không phải số lao động: để trống",
        ),
        (
            "4",
            "Năm thành lập",
            "\"năm 2015\" is not a whole number: left empty",
            "\"năm 2015\" không phải là một số nguyên: để trống",
        ),
        (
            "4",
            "Điện thoại",
            "`3881 2345` has no area code; taken as a Hanoi number (024)",
            "`3881 2345` không có mã vùng; coi là số ở Hà Nội (024)",
        ),
        (
            "5",
            "Điện thoại",
            "`gọi anh Nam` is not a phone number",
            "`gọi anh Nam` không phải là số điện thoại",
        ),
        (
            "6",
            "Email",
            "the cell holds 2 addresses: `a@b.vn` is imported",
            "ô có 2 địa chỉ: nhập `a@b.vn`",
        ),
        (
            "6",
            "Website",
            "`javascript:` links are not allowed",
            "không dùng được liên kết `javascript:`",
        ),
        (
            "7",
            "Số lao động",
            "\"50-100\" is a range, not a number of employees: left empty",
            "\"50-100\" là một khoảng, không phải số lao động: để trống",
        ),
        (
            "7",
            "Công nghệ",
            "not a known process, left out: \"Đột lỗ\"",
            "không phải công nghệ gia công đã biết, bỏ qua: \"Đột lỗ\"",
        ),
    ] {
        has_line(
            &en,
            &[&format!("row {row}, column \"{column}\": "), en_words],
        );
        has_line(&vi, &[&format!("dòng {row}, cột \"{column}\": "), vi_words]);
    }
    has_line(
        &en,
        &["hint: format the column as Text in Excel and type the code again"],
    );
    has_line(
        &vi,
        &["gợi ý: định dạng cột là Text (văn bản) trong Excel rồi gõ lại mã"],
    );
    has_line(
        &en,
        &["hint: correct the number in the survey, or leave the cell empty"],
    );
    has_line(&vi, &["gợi ý: sửa số trong bảng khảo sát, hoặc để trống ô"]);
    assert_no_english(&vi, &["is not a", "left empty", "did you mean"]);
}

#[test]
fn a_whole_import_stops_in_both_languages() {
    let site = site(&["basic"]);
    let dir = site.path();
    let root = dir.to_str().unwrap();
    let run = |file: &str, extra: &[&str], lang: &str| {
        let mut args = vec![
            "import",
            "enterprises",
            file,
            "--root",
            root,
            "--lang",
            lang,
        ];
        args.extend_from_slice(extra);
        let o = cnht(&args);
        assert_eq!(o.status.code(), Some(1), "{}", out(&o));
        err(&o)
    };
    // A file of another kind.
    let odt = dir.join("khao-sat.odt");
    std::fs::write(&odt, "x").unwrap();
    let odt = odt.to_str().unwrap();
    has_line(
        &run(odt, &[], "en"),
        &["error: ", "is neither a CSV file nor an Excel workbook"],
    );
    has_line(
        &run(odt, &[], "vi"),
        &["lỗi: ", "không phải là tệp CSV hay bảng tính Excel"],
    );
    // A sheet without a tax code column.
    let no_tax = dir.join("no-tax.csv");
    std::fs::write(&no_tax, "Tên doanh nghiệp,Ghi chú\nCông ty TNHH Một,x\n").unwrap();
    let no_tax = no_tax.to_str().unwrap();
    has_line(
        &run(no_tax, &[], "en"),
        &["error: no column holds the tax code"],
    );
    let vi = run(no_tax, &[], "vi");
    has_line(&vi, &["lỗi: không cột nào chứa mã số thuế"]);
    has_line(&vi, &["Chưa nhập gì."]);
    // A mapping file naming a field that does not exist.
    let cot = dir.join("cot.toml");
    std::fs::write(&cot, "[columns]\n\"Ghi chú\" = \"adress\"\n").unwrap();
    let cot = cot.to_str().unwrap();
    has_line(
        &run(no_tax, &["--mapping", cot], "en"),
        &["which is not an enterprise field (did you mean \"address\"?"],
    );
    has_line(
        &run(no_tax, &["--mapping", cot], "vi"),
        &["không phải là trường của doanh nghiệp (có phải là \"address\"?"],
    );
    // A draft mapping never overwrites a file.
    has_line(
        &run(no_tax, &["--write-mapping", cot], "vi"),
        &["lỗi: không ghi được", "nếu tệp đã có, chọn tên khác"],
    );
}
