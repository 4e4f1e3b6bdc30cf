//! The grouping the directory's filters add to the records: size bands (Nghị định 80/2021).
//! Product groups, processes, certifications and markets are named by the data vocabularies
//! (`model::terms`); the filter data itself is made in `shortlist`.

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
}
