//! The data of the directory's filters (`/doanh-nghiep/bo-loc.json`): per enterprise its slug,
//! names and the indexes of its sector, district, park, certifications, product groups and size
//! band, for `themes/cnht/static/js/filters.js` to count and filter in the browser.

use crate::model::{Lang, Model};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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

/// One value of a facet: key, Vietnamese label, English label (when it differs).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue(
    pub String,
    pub String,
    #[serde(skip_serializing_if = "Option::is_none")] pub Option<String>,
);

/// The facets of the directory, in the order of their index in [`FilterItem`]'s fields.
#[derive(Debug, Clone, Serialize)]
pub struct Facets {
    /// Sectors (`?linh-vuc=`).
    #[serde(rename = "linh-vuc")]
    pub sectors: Vec<FacetValue>,
    /// Districts (`?quan=`).
    #[serde(rename = "quan")]
    pub districts: Vec<FacetValue>,
    /// Industrial parks (`?kcn=`).
    #[serde(rename = "kcn")]
    pub parks: Vec<FacetValue>,
    /// Certifications (`?chung-nhan=`).
    #[serde(rename = "chung-nhan")]
    pub certifications: Vec<FacetValue>,
    /// Product groups (`?san-pham=`).
    #[serde(rename = "san-pham")]
    pub products: Vec<FacetValue>,
    /// Size bands (`?quy-mo=`).
    #[serde(rename = "quy-mo")]
    pub sizes: Vec<FacetValue>,
}

/// One enterprise of the filter data, as a JSON array to keep the file small:
/// `[slug, name, name_en|null, sector, district, park|-1, [certifications], [product groups], size]`
/// (numbers are indexes into the facets' value lists).
#[derive(Debug, Clone, PartialEq)]
pub struct FilterItem {
    /// URL slug (the page is `/doanh-nghiep/<slug>/`).
    pub slug: String,
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Sector index.
    pub sector: usize,
    /// District index.
    pub district: usize,
    /// Park index, if any.
    pub park: Option<usize>,
    /// Certification indexes.
    pub certifications: Vec<usize>,
    /// Product group indexes.
    pub products: Vec<usize>,
    /// Size band index.
    pub size: usize,
}

impl Serialize for FilterItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(9)?;
        t.serialize_element(&self.slug)?;
        t.serialize_element(&self.name)?;
        t.serialize_element(&self.name_en)?;
        t.serialize_element(&self.sector)?;
        t.serialize_element(&self.district)?;
        t.serialize_element(&self.park.map_or(-1, |p| p as i64))?;
        t.serialize_element(&self.certifications)?;
        t.serialize_element(&self.products)?;
        t.serialize_element(&self.size)?;
        t.end()
    }
}

/// The content of `/doanh-nghiep/bo-loc.json`.
#[derive(Debug, Clone, Serialize)]
pub struct FilterData {
    /// Format version.
    pub v: u32,
    /// The facets and their values.
    pub facets: Facets,
    /// The published enterprises, in directory order.
    pub items: Vec<FilterItem>,
}

fn value(key: &str, vi: &str, en: Option<&str>) -> FacetValue {
    FacetValue(
        key.to_owned(),
        vi.to_owned(),
        en.filter(|e| *e != vi).map(str::to_owned),
    )
}

/// The directory's filter data: facet values (only those some enterprise has) and one entry per
/// published enterprise.
pub fn filter_data(model: &Model) -> FilterData {
    // Keep values some enterprise has, in the model's order.
    let sectors: Vec<_> = model
        .site()
        .sectors
        .iter()
        .filter(|s| !model.in_sector(&s.key).is_empty())
        .collect();
    let mut districts: Vec<_> = model
        .districts()
        .iter()
        .filter(|d| !model.in_district(&d.slug).is_empty())
        .collect();
    crate::text::sort_vi_by(&mut districts, |d| d.name.as_str());
    let parks: Vec<_> = model
        .parks()
        .iter()
        .filter(|p| !model.in_park(&p.slug).is_empty())
        .collect();
    let pos = |keys: Vec<&str>| -> HashMap<String, usize> {
        keys.into_iter()
            .enumerate()
            .map(|(i, k)| (k.to_owned(), i))
            .collect()
    };
    let sector_ix = pos(sectors.iter().map(|s| s.key.as_str()).collect());
    let district_ix = pos(districts.iter().map(|d| d.slug.as_str()).collect());
    let park_ix = pos(parks.iter().map(|p| p.slug.as_str()).collect());
    let cert_ix = pos(model
        .certifications()
        .iter()
        .map(|c| c.slug.as_str())
        .collect());
    let group_ix = pos(PRODUCT_GROUPS.iter().map(|g| g.0).collect());
    let size_ix = pos(SIZE_BANDS.iter().map(|b| b.0).collect());

    let items: Vec<FilterItem> = model
        .enterprises()
        .iter()
        .map(|e| FilterItem {
            slug: e.slug.clone(),
            name: e.name.vi.clone(),
            name_en: e.name.en.clone(),
            sector: sector_ix.get(&e.sector).copied().unwrap_or(0),
            district: district_ix.get(&e.district).copied().unwrap_or(0),
            park: e
                .industrial_park
                .as_ref()
                .and_then(|p| park_ix.get(p).copied()),
            certifications: {
                let mut c: Vec<usize> = e
                    .certifications
                    .iter()
                    .filter_map(|c| cert_ix.get(&crate::text::slugify(c)).copied())
                    .collect();
                c.sort_unstable();
                c.dedup();
                c
            },
            products: product_groups(&e.products.vi)
                .into_iter()
                .map(|g| group_ix[g])
                .collect(),
            size: size_ix[size_band(e.employees)],
        })
        .collect();

    // Product groups and size bands: only those in use, indexes remapped.
    let used = |pick: &dyn Fn(&FilterItem) -> Vec<usize>, n: usize| -> Vec<bool> {
        let mut u = vec![false; n];
        for it in &items {
            for i in pick(it) {
                u[i] = true;
            }
        }
        u
    };
    let groups_used = used(&|it| it.products.clone(), PRODUCT_GROUPS.len());
    let sizes_used = used(&|it| vec![it.size], SIZE_BANDS.len());
    let remap = |u: &[bool]| -> Vec<Option<usize>> {
        let mut next = 0;
        u.iter()
            .map(|&x| {
                x.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    };
    let group_map = remap(&groups_used);
    let size_map = remap(&sizes_used);
    let items = items
        .into_iter()
        .map(|mut it| {
            it.products = it.products.iter().filter_map(|&g| group_map[g]).collect();
            it.size = size_map[it.size].unwrap_or(0);
            it
        })
        .collect();

    FilterData {
        v: 1,
        facets: Facets {
            sectors: sectors
                .iter()
                .map(|s| value(&s.key, &s.name.vi, s.name.en()))
                .collect(),
            districts: districts
                .iter()
                .map(|d| value(&d.slug, &d.label(Lang::Vi), Some(&d.label(Lang::En))))
                .collect(),
            parks: parks
                .iter()
                .map(|p| value(&p.slug, &p.name.vi, p.name.en()))
                .collect(),
            certifications: model
                .certifications()
                .iter()
                .map(|c| value(&c.slug, &c.name, None))
                .collect(),
            products: PRODUCT_GROUPS
                .iter()
                .zip(&groups_used)
                .filter(|(_, &u)| u)
                .map(|(g, _)| value(g.0, g.1, Some(g.2)))
                .collect(),
            sizes: SIZE_BANDS
                .iter()
                .zip(&sizes_used)
                .filter(|(_, &u)| u)
                .map(|(b, _)| value(b.0, b.1, Some(b.2)))
                .collect(),
        },
        items,
    }
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
