//! The groupings the directory's filters add to the records: size bands (Nghị định 80/2021) and
//! product groups. The filter data itself is made in `shortlist`.

use std::collections::HashSet;

/// Size bands of Nghị định 80/2021/NĐ-CP for industry and construction, by employees:
/// (key, upper bound). Enterprises without a head count are `chua-ro`.
pub const SIZE_BANDS: &[(&str, &str, &str, Option<i64>)] = &[
    (
        "sieu-nho",
        "Siêu nhỏ (≤ 10 lao động)",
        "Micro (≤ 10 employees)",
        Some(10),
    ),
    (
        "nho",
        "Nhỏ (11–100 lao động)",
        "Small (11–100 employees)",
        Some(100),
    ),
    (
        "vua",
        "Vừa (101–200 lao động)",
        "Medium (101–200 employees)",
        Some(200),
    ),
    (
        "lon",
        "Lớn (> 200 lao động)",
        "Large (> 200 employees)",
        None,
    ),
    ("chua-ro", "Chưa rõ", "Unknown", None),
];

/// The size band key of an enterprise with `employees` (ND 80/2021, industry: ≤10 micro,
/// ≤100 small, ≤200 medium, more large; `chua-ro` when unknown).
pub fn size_band(employees: Option<i64>) -> &'static str {
    match employees {
        None => "chua-ro",
        Some(n) if n <= 10 => "sieu-nho",
        Some(n) if n <= 100 => "nho",
        Some(n) if n <= 200 => "vua",
        Some(_) => "lon",
    }
}

/// Product groups: (key, Vietnamese label, English label, key phrases). A product belongs to the
/// first group one of whose phrases it contains as whole words (lower case, marks kept, so "chỉ"
/// (thread) is not "chi tiết" (part)). A short mapping rather than the products' first words: on
/// the sample data the first words give some fifty groups of one or two enterprises each, which
/// filter nothing. Products matching no phrase are `khac`.
pub const PRODUCT_GROUPS: &[(&str, &str, &str, &[&str])] = &[
    (
        "y-te",
        "Thiết bị, vật tư y tế",
        "Medical devices and supplies",
        &[
            "y tế",
            "y sinh",
            "xét nghiệm",
            "truyền dịch",
            "chẩn đoán",
            "đầu côn",
        ],
    ),
    (
        "khuon-mau",
        "Khuôn mẫu, đồ gá, tạo mẫu",
        "Moulds, dies, jigs and prototyping",
        &["khuôn", "đồ gá", "in 3d", "tạo mẫu", "đúc chân không"],
    ),
    (
        "dien-tu",
        "Linh kiện điện, điện tử",
        "Electrical and electronic components",
        &[
            "bo mạch",
            "mạch in",
            "điện tử",
            "cảm biến",
            "led",
            "dây điện",
            "cáp",
            "pin",
            "sạc",
            "bộ nguồn",
            "lưu điện",
            "loa",
            "tai nghe",
            "màn hình",
            "cảm ứng",
            "bộ điều khiển",
            "biến tần",
            "quang học",
            "thấu kính",
            "ống kính",
            "kính lọc",
            "tủ điện",
            "bán dẫn",
            "dây nguồn",
            "dây tín hiệu",
            "động cơ điện",
        ],
    ),
    (
        "nhua-cao-su",
        "Nhựa, cao su, composite",
        "Plastics, rubber and composites",
        &[
            "nhựa",
            "cao su",
            "composite",
            "gioăng",
            "phớt",
            "xốp",
            "silicone",
            "eva",
        ],
    ),
    (
        "det-may",
        "Vải, sợi, phụ liệu dệt may",
        "Textiles, yarn and garment accessories",
        &[
            "vải",
            "sợi",
            "chỉ",
            "lụa",
            "dệt",
            "băng chun",
            "cúc",
            "khóa kéo",
            "mex",
            "thêu",
            "dây luồn",
            "bo cổ",
            "nhãn dệt",
            "khăn",
        ],
    ),
    (
        "da-giay",
        "Da, phụ liệu giày",
        "Leather and footwear components",
        &["da", "giày", "đế", "keo", "ô-dê", "khóa cài"],
    ),
    (
        "bao-bi-in",
        "Bao bì, nhãn mác, in",
        "Packaging, labels and printing",
        &[
            "bao bì",
            "thùng",
            "carton",
            "túi",
            "nhãn",
            "thẻ bài",
            "giấy",
            "in",
            "ép logo",
        ],
    ),
    (
        "be-mat",
        "Xử lý bề mặt, hóa chất",
        "Surface treatment and chemicals",
        &[
            "mạ",
            "sơn",
            "phun",
            "anốt",
            "phốt phát",
            "hóa chất",
            "dung dịch",
            "dung môi",
            "phủ",
        ],
    ),
    (
        "dich-vu",
        "Dịch vụ kỹ thuật, phần mềm",
        "Engineering services and software",
        &[
            "dịch vụ",
            "hiệu chuẩn",
            "đo",
            "thử nghiệm",
            "phần mềm",
            "quét",
            "sửa chữa",
            "máy kiểm tra",
        ],
    ),
    (
        "co-khi",
        "Chi tiết, phụ tùng cơ khí",
        "Mechanical parts and spares",
        &[
            "chi tiết",
            "bánh răng",
            "trục",
            "chốt",
            "bu lông",
            "đai ốc",
            "vít",
            "lò xo",
            "phôi",
            "rèn",
            "đúc",
            "dập",
            "tiện",
            "phay",
            "khung",
            "vỏ",
            "giá",
            "xi lanh",
            "van",
            "nhông",
            "phụ tùng",
            "ống",
            "thép",
            "nhôm",
            "gang",
            "inox",
            "kết cấu",
            "mô-đun",
            "bàn trượt",
            "đầu nối",
            "lưỡi",
            "đùm",
            "tang trống",
            "mặt bích",
            "kim loại",
            "cơ khí",
            "trạm nguồn",
            "đĩa xích",
        ],
    ),
    ("khac", "Khác", "Other", &[]),
];

fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The product group key of one product (see [`PRODUCT_GROUPS`]).
pub fn product_group(product: &str) -> &'static str {
    let w = words(product);
    for (key, _, _, phrases) in PRODUCT_GROUPS {
        for phrase in *phrases {
            let p: Vec<&str> = phrase.split(' ').collect();
            if w.windows(p.len())
                .any(|win| win.iter().zip(&p).all(|(a, b)| a == b))
            {
                return key;
            }
        }
    }
    "khac"
}

/// The product groups of an enterprise: those of its products, each once, in table order.
pub fn product_groups(products: &[String]) -> Vec<&'static str> {
    let found: HashSet<&str> = products.iter().map(|p| product_group(p)).collect();
    PRODUCT_GROUPS
        .iter()
        .map(|g| g.0)
        .filter(|k| found.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_of_decree_80() {
        assert_eq!(size_band(None), "chua-ro");
        assert_eq!(size_band(Some(10)), "sieu-nho");
        assert_eq!(size_band(Some(11)), "nho");
        assert_eq!(size_band(Some(100)), "nho");
        assert_eq!(size_band(Some(200)), "vua");
        assert_eq!(size_band(Some(201)), "lon");
    }

    #[test]
    fn product_groups_by_whole_words() {
        assert_eq!(product_group("Chỉ may polyester"), "det-may");
        assert_eq!(product_group("Chi tiết tiện CNC"), "co-khi");
        assert_eq!(
            product_group("Chi tiết nhựa ép phun cho xe máy"),
            "nhua-cao-su"
        );
        assert_eq!(product_group("Khuôn ép nhựa"), "khuon-mau");
        assert_eq!(product_group("Bo mạch nhôm tản nhiệt"), "dien-tu");
        assert_eq!(product_group("Da bò hoàn tất cho giày"), "da-giay");
        assert_eq!(product_group("Dây luồn, dây viền"), "det-may");
        assert_eq!(product_group("Rau sạch"), "khac");
        assert_eq!(
            product_groups(&[
                "Khuôn dập".into(),
                "Chi tiết dập kim loại".into(),
                "Khuôn ép".into()
            ]),
            ["khuon-mau", "co-khi"]
        );
    }
}
