//! The controlled vocabularies of the content: the values an editor picks from a fixed list
//! (policy kind, scope and status, task status, target measure, district and park kind), parsed
//! once by the loader into these enums, and their names in both languages. This is the one label
//! table of the site: the website's templates (`t()`) and the handbook's (`data.labels`) both read
//! these names, so a status reads the same on screen and in print.
//!
//! The vocabularies editors extend (processes, product groups, certifications, countries) are
//! data files under `content/data/`, typed by [`super::terms`].

use super::Lang;
use serde::Serialize;

/// A fixed list of values, written in content files by their key.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// Every value, in the order lists show them.
    const ALL: &'static [Self];
    /// The field's expected values, for messages ("one of …").
    fn keys() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.key()).collect()
    }
    /// The value as written in content files and open data (`in-force`, `Nghị định`).
    fn key(self) -> &'static str;
    /// The value written as `key`, if it is one.
    fn parse(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == key)
    }
}

/// A vocabulary whose values are shown to readers, with a name in each language.
pub trait Labelled: Vocabulary {
    /// The key of the name in the interface strings (`policy_status_in_force`).
    fn label_key(self) -> &'static str;
    /// The name shown in `lang`.
    fn label(self, lang: Lang) -> &'static str;
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal
               $(, $label_key:literal => ($vi:literal, $en:literal))? ; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $key)] $variant, )*
        }

        impl $name {
            /// The value as written in content files and open data.
            pub fn key(self) -> &'static str {
                match self { $(Self::$variant => $key),* }
            }
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),*];
            fn key(self) -> &'static str {
                $name::key(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }

        vocabulary!(@labels $name { $( $variant $(, $label_key => ($vi, $en))? ; )* });
    };
    (@labels $name:ident { $( $variant:ident, $label_key:literal => ($vi:literal, $en:literal) ; )* }) => {
        impl $name {
            /// The name shown in `lang` (the label table of both outputs).
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Self::$variant, Lang::Vi) => $vi, (Self::$variant, Lang::En) => $en, )*
                }
            }
        }

        impl Labelled for $name {
            fn label_key(self) -> &'static str {
                match self { $(Self::$variant => $label_key),* }
            }
            fn label(self, lang: Lang) -> &'static str {
                $name::label(self, lang)
            }
        }
    };
    (@labels $name:ident { $( $variant:ident ; )* }) => {};
}

vocabulary! {
    /// The kind of a legal document.
    PolicyKind {
        /// Luật.
        Law = "Luật", "policy_kind_luat" => ("Luật", "Law");
        /// Nghị định.
        Decree = "Nghị định", "policy_kind_nghi_dinh" => ("Nghị định", "Decree");
        /// Nghị quyết.
        Resolution = "Nghị quyết", "policy_kind_nghi_quyet" => ("Nghị quyết", "Resolution");
        /// Quyết định.
        Decision = "Quyết định", "policy_kind_quyet_dinh" => ("Quyết định", "Decision");
        /// Thông tư.
        Circular = "Thông tư", "policy_kind_thong_tu" => ("Thông tư", "Circular");
        /// Kế hoạch.
        Plan = "Kế hoạch", "policy_kind_ke_hoach" => ("Kế hoạch", "Plan");
        /// Chỉ thị.
        Directive = "Chỉ thị", "policy_kind_chi_thi" => ("Chỉ thị", "Directive");
        /// Công văn.
        OfficialLetter = "Công văn", "policy_kind_cong_van" => ("Công văn", "Official letter");
    }
}

vocabulary! {
    /// Whose document a policy is.
    PolicyScope {
        /// The central government's.
        National = "national", "scope_national" => ("Trung ương", "National");
        /// Hanoi's.
        Hanoi = "hanoi", "scope_hanoi" => ("Thành phố Hà Nội", "Hanoi City");
    }
}

vocabulary! {
    /// Whether a legal document is in force.
    PolicyStatus {
        /// In force.
        InForce = "in-force", "policy_status_in_force" => ("Còn hiệu lực", "In force");
        /// In force, amended by a later document.
        Amended = "amended", "policy_status_amended" => ("Còn hiệu lực, đã được sửa đổi", "In force, amended");
        /// Replaced by a later document.
        Replaced = "replaced", "policy_status_replaced" => ("Đã được thay thế", "Replaced");
        /// No longer in force.
        Expired = "expired", "policy_status_expired" => ("Hết hiệu lực", "Expired");
    }
}

vocabulary! {
    /// What a statement rests on, or that it is a sample: the marks of the site, the handbook and
    /// open data (the `provenance` column).
    Provenance {
        /// Checked against a source on a date.
        Sourced = "sourced", "provenance_sourced" => ("Đã đối chiếu nguồn", "Checked against a source");
        /// Follows from a later document of the library.
        Derived = "derived", "provenance_derived" => ("Suy ra từ văn bản thay thế", "Derived from the replacing document");
        /// Not checked yet.
        Unverified = "unverified", "provenance_unverified" => ("Chưa xác minh", "Not verified");
        /// Invented for illustration.
        Sample = "sample", "provenance_sample" => ("Dữ liệu mẫu", "Sample");
    }
}

vocabulary! {
    /// How far a programme task has come.
    TaskStatus {
        /// Done.
        Done = "done", "task_status_done" => ("Đã hoàn thành", "Done");
        /// Under way.
        InProgress = "in-progress", "task_status_in_progress" => ("Đang thực hiện", "In progress");
        /// Not started yet.
        Planned = "planned", "task_status_planned" => ("Chưa triển khai", "Not started");
    }
}

vocabulary! {
    /// What a programme target counts: the first two are compared with the directory.
    TargetMeasure {
        /// The number of enterprises in the directory.
        Enterprises = "enterprises";
        /// The number of enterprises holding an international certification.
        InternationalStandard = "international_standard";
        /// Anything the directory cannot count.
        Other = "other";
    }
}

vocabulary! {
    /// The kind of a district of Hanoi; its names are patterns around the district's name.
    DistrictKind {
        /// Quận (urban district).
        Urban = "Quận", "district_label_quan" => ("Quận {name}", "{name} District");
        /// Huyện (rural district).
        Rural = "Huyện", "district_label_huyen" => ("Huyện {name}", "{name} District");
        /// Thị xã (town).
        Town = "Thị xã", "district_label_thi_xa" => ("Thị xã {name}", "{name} Town");
    }
}

vocabulary! {
    /// The kind of an industrial park.
    ParkKind {
        /// Khu công nghiệp.
        IndustrialPark = "KCN";
        /// Cụm công nghiệp.
        IndustrialCluster = "CCN";
        /// Khu công nghệ cao.
        HighTechPark = "KCNC";
    }
}

vocabulary! {
    /// Who owns an enterprise (capability profile).
    Ownership {
        /// Vietnamese-owned.
        Domestic = "domestic", "ownership_domestic" => ("Doanh nghiệp trong nước", "Domestic");
        /// A joint venture with a foreign partner.
        JointVenture = "joint-venture", "ownership_joint_venture" => ("Liên doanh", "Joint venture");
        /// Wholly foreign-invested.
        ForeignInvested = "foreign-invested", "ownership_foreign_invested" => ("Doanh nghiệp có vốn đầu tư nước ngoài", "Foreign-invested");
    }
}

vocabulary! {
    /// A language an enterprise speaks with buyers (capability profile), by ISO 639-1 code.
    SpokenLanguage {
        /// Vietnamese.
        Vi = "vi", "language_vi" => ("Tiếng Việt", "Vietnamese");
        /// English.
        En = "en", "language_en" => ("Tiếng Anh", "English");
        /// Japanese.
        Ja = "ja", "language_ja" => ("Tiếng Nhật", "Japanese");
        /// Korean.
        Ko = "ko", "language_ko" => ("Tiếng Hàn", "Korean");
        /// Chinese.
        Zh = "zh", "language_zh" => ("Tiếng Trung", "Chinese");
    }
}

vocabulary! {
    /// A quality method an enterprise runs for its buyers (capability profile).
    QualityMethod {
        /// Production Part Approval Process.
        Ppap = "ppap", "quality_ppap" => ("PPAP (phê duyệt chi tiết sản xuất)", "PPAP (production part approval)");
        /// Advanced Product Quality Planning.
        Apqp = "apqp", "quality_apqp" => ("APQP (hoạch định chất lượng sản phẩm)", "APQP (advanced product quality planning)");
        /// Failure mode and effects analysis.
        Fmea = "fmea", "quality_fmea" => ("FMEA (phân tích sai lỗi)", "FMEA (failure mode and effects analysis)");
        /// Statistical process control.
        Spc = "spc", "quality_spc" => ("SPC (kiểm soát quá trình bằng thống kê)", "SPC (statistical process control)");
        /// Measurement system analysis.
        Msa = "msa", "quality_msa" => ("MSA (phân tích hệ thống đo)", "MSA (measurement system analysis)");
        /// Eight-discipline problem solving.
        EightD = "8d", "quality_8d" => ("8D (giải quyết vấn đề 8 bước)", "8D problem solving");
        /// 5S workplace organisation.
        FiveS = "5s", "quality_5s" => ("5S", "5S");
        /// Kaizen, continuous improvement.
        Kaizen = "kaizen", "quality_kaizen" => ("Kaizen (cải tiến liên tục)", "Kaizen (continuous improvement)");
    }
}

/// Every name of the label table in `lang`: (interface-string key, name). The website's
/// translation function and the handbook's data both take their vocabulary names from here.
pub fn labels(lang: Lang) -> Vec<(&'static str, &'static str)> {
    fn of<V: Labelled>(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
        V::ALL.iter().map(move |v| (v.label_key(), v.label(lang)))
    }
    of::<PolicyKind>(lang)
        .chain(of::<PolicyScope>(lang))
        .chain(of::<PolicyStatus>(lang))
        .chain(of::<TaskStatus>(lang))
        .chain(of::<Provenance>(lang))
        .chain(of::<DistrictKind>(lang))
        .chain(of::<Ownership>(lang))
        .chain(of::<SpokenLanguage>(lang))
        .chain(of::<QualityMethod>(lang))
        .collect()
}

/// The names of one vocabulary in `lang`, keyed by the values' keys (for the handbook's data).
pub fn names<V: Labelled>(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    V::ALL.iter().map(|v| (v.key(), v.label(lang))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_back() {
        assert_eq!(PolicyStatus::parse("in-force"), Some(PolicyStatus::InForce));
        assert_eq!(PolicyStatus::parse("In-force"), None);
        assert_eq!(PolicyKind::parse("Nghị định"), Some(PolicyKind::Decree));
        assert_eq!(DistrictKind::parse("Thị xã"), Some(DistrictKind::Town));
        assert_eq!(TaskStatus::keys(), ["done", "in-progress", "planned"]);
        assert_eq!(
            serde_json::to_string(&TaskStatus::InProgress).unwrap(),
            "\"in-progress\""
        );
    }

    #[test]
    fn every_label_key_is_unique_and_named_in_both_languages() {
        let vi = labels(Lang::Vi);
        let mut keys: Vec<&str> = vi.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), vi.len());
        assert!(labels(Lang::En).iter().all(|(_, name)| !name.is_empty()));
    }
}
