//! The preflight report as text for the print shop, and the problems that fail a file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::*;
use crate::messages::preflight as said;
use crate::messages::Both;

impl Report {
    /// The size the body font (the font showing the most characters) is mostly set in, on the
    /// pages `on` accepts.
    pub fn body_text_pt_of(&self, on: impl Fn(usize) -> bool) -> f64 {
        let mut per_font: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_size: BTreeMap<(&str, i64), usize> = BTreeMap::new();
        for ((page, font, size), n) in &self.text_sizes {
            if on(*page) {
                *per_font.entry(font.as_str()).or_default() += n;
                *per_size.entry((font.as_str(), *size)).or_default() += n;
            }
        }
        let Some((body, _)) = per_font.into_iter().max_by_key(|(_, n)| *n) else {
            return 0.0;
        };
        per_size
            .into_iter()
            .filter(|((font, _), _)| *font == body)
            .max_by_key(|(_, n)| *n)
            .map(|((_, size), _)| size as f64 / 100.0)
            .unwrap_or(0.0)
    }

    /// Everything a print shop would bounce the file for, in plain words (empty when it passes).
    pub fn problems(&self, ink_limit_percent: f64) -> Vec<String> {
        self.problems_said(ink_limit_percent)
            .into_iter()
            .map(|(en, _)| en.message)
            .collect()
    }

    /// [`Report::problems`] in English and Vietnamese.
    pub fn problems_said(&self, ink_limit_percent: f64) -> Vec<Both> {
        let mut p = Vec::new();
        if self.pdfx_info.as_deref() != Some(crate::handbook::pdfx::PDFX_VERSION)
            || self.pdfx_xmp.as_deref() != Some(crate::handbook::pdfx::PDFX_VERSION)
        {
            p.push(said::not_identified(
                crate::handbook::pdfx::PDFX_VERSION,
                &self.pdfx_info,
                &self.pdfx_xmp,
            ));
        }
        if self.output_profile_channels != Some(4) {
            p.push(said::no_output_intent());
        }
        if !matches!(self.trapped.as_deref(), Some("True" | "False")) {
            p.push(said::trapped_unset());
        }
        if !self.pages_without_trim.is_empty() || !self.pages_without_bleed.is_empty() {
            p.push(said::missing_boxes(
                &self.pages_without_trim,
                &self.pages_without_bleed,
            ));
        }
        if self.annotations > 0 {
            p.push(said::annotations(self.annotations));
        }
        if !self.rgb_uses.is_empty() {
            let (page, what) = &self.rgb_uses[0];
            p.push(said::rgb(self.rgb_uses.len(), *page, what));
        }
        for img in &self.images {
            if let Some(ink) = img.max_ink_percent {
                if ink > ink_limit_percent + 0.5 {
                    p.push(said::image_ink(img.page, ink, ink_limit_percent));
                }
            }
            if img.effective_ppi + 0.5 < MIN_PPI {
                p.push(said::image_ppi(img.page, img.effective_ppi, MIN_PPI));
            }
        }
        if self.max_vector_ink_percent > ink_limit_percent + 0.5 {
            p.push(said::vector_ink(
                self.max_vector_ink_percent,
                ink_limit_percent,
            ));
        }
        if let Some(o) = self.small_text_not_black.first() {
            p.push(said::small_text(
                self.small_text_not_black.len(),
                SMALL_TEXT_PT,
                o.page,
                o.size_pt,
                &o.colour,
            ));
        }
        if let Some(o) = self.thin_rules_not_black.first() {
            p.push(said::thin_rules(
                self.thin_rules_not_black.len(),
                RULE_PT,
                o.page,
                o.size_pt,
                &o.colour,
            ));
        }
        if !self.fonts_not_embedded.is_empty() {
            p.push(said::fonts_not_embedded(&self.fonts_not_embedded));
        }
        if !self.transparency.is_empty() {
            p.push(said::transparency(&self.transparency[0]));
        }
        p
    }

    /// The report as text for the print shop.
    pub fn text(&self, file: &str, ink_limit_percent: f64) -> String {
        let mut t = String::new();
        let fmt_mm = |s: &BTreeSet<(i64, i64)>| {
            s.iter()
                .map(|(w, h)| format!("{} × {} mm", dec(*w), dec(*h)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(t, "Kiểm tra trước in (Preflight): {file}");
        let _ = writeln!(t, "  Số trang (Pages): {}", self.pages);
        let _ = writeln!(
            t,
            "  Chuẩn (Standard): {} — XMP {}, thông tin tài liệu {}; PDF {}; /Trapped {}",
            self.pdfx_xmp.as_deref().unwrap_or("không có (none)"),
            self.pdfx_xmp.as_deref().unwrap_or("—"),
            self.pdfx_info.as_deref().unwrap_or("—"),
            self.pdf_version,
            self.trapped.as_deref().unwrap_or("—")
        );
        let _ = writeln!(
            t,
            "  Điều kiện in (Output intent): {} — {} ({})",
            self.output_condition_identifier
                .as_deref()
                .unwrap_or("không có (none)"),
            self.output_intent_info.as_deref().unwrap_or("—"),
            match self.output_profile_channels {
                Some(4) => "hồ sơ CMYK nhúng / embedded CMYK profile".to_owned(),
                Some(n) => format!("hồ sơ {n} kênh / {n}-channel profile"),
                None => "không nhúng hồ sơ / no profile".to_owned(),
            }
        );
        let _ = writeln!(
            t,
            "  Khung trang (Boxes): MediaBox {}; TrimBox {}; tràn lề (bleed) {} mm; thiếu TrimBox/BleedBox: {}",
            fmt_mm(&self.media_mm),
            fmt_mm(&self.trim_mm),
            self.bleed_mm.map(|b| format!("{b:.1}")).unwrap_or_else(|| "—".into()),
            self.pages_without_trim.len() + self.pages_without_bleed.len()
        );
        let _ = writeln!(
            t,
            "  Không gian màu (Colour spaces): {}; RGB: {}",
            self.colour_spaces
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            self.rgb_uses.len()
        );
        let image_ink = self
            .images
            .iter()
            .filter_map(|i| i.max_ink_percent)
            .fold(0.0f64, f64::max);
        let _ = writeln!(
            t,
            "  Tổng lượng mực (Total ink): tối đa {:.0} % ở hình vẽ, {:.0} % ở ảnh; giới hạn {:.0} % (max {:.0} % vector, {:.0} % images; limit {:.0} %)",
            self.max_vector_ink_percent, image_ink, ink_limit_percent,
            self.max_vector_ink_percent, image_ink, ink_limit_percent
        );
        let _ = writeln!(
            t,
            "  Chữ nhỏ nhất (Smallest text): {} pt; {} dòng chữ dưới {SMALL_TEXT_PT} pt, {} không phải K 100 % ({} runs under {SMALL_TEXT_PT} pt, {} not 100 % K)",
            self.smallest_text_pt.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into()),
            self.small_text_runs,
            self.small_text_not_black.len(),
            self.small_text_runs,
            self.small_text_not_black.len()
        );
        let _ = writeln!(
            t,
            "  Nét mảnh nhất (Thinnest rule): {} pt; nét dưới {RULE_PT} pt không phải K 100 %: {} (rules under {RULE_PT} pt not 100 % K)",
            self.thinnest_rule_pt.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into()),
            self.thin_rules_not_black.len()
        );
        if self.images.is_empty() {
            let _ = writeln!(t, "  Ảnh (Images): không có (none)");
        } else {
            let _ = writeln!(t, "  Ảnh (Images): {}", self.images.len());
            let mut by_page: BTreeMap<usize, Vec<&PlacedImage>> = BTreeMap::new();
            for i in &self.images {
                by_page.entry(i.page).or_default().push(i);
            }
            for (page, imgs) in by_page {
                for i in imgs {
                    let _ = writeln!(
                        t,
                        "    trang (page) {page}: {} × {} px, {}, {:.0} ppi{}",
                        i.width_px,
                        i.height_px,
                        i.colour_space,
                        i.effective_ppi,
                        i.max_ink_percent
                            .map(|v| format!(", mực tối đa (max ink) {v:.0} %"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        let _ = writeln!(
            t,
            "  Phông chữ (Fonts): {} nhúng / embedded{}",
            self.fonts.len() - self.fonts_not_embedded.len(),
            if self.fonts_not_embedded.is_empty() {
                String::new()
            } else {
                format!(
                    "; KHÔNG nhúng / NOT embedded: {:?}",
                    self.fonts_not_embedded
                )
            }
        );
        let _ = writeln!(
            t,
            "  Chú thích, liên kết (Annotations): {}; độ trong suốt (transparency): {}",
            self.annotations,
            if self.transparency.is_empty() {
                "không (none)".to_owned()
            } else {
                self.transparency.join("; ")
            }
        );
        let problems = self.problems_said(ink_limit_percent);
        if problems.is_empty() {
            let _ = writeln!(t, "  Kết quả (Result): đạt (passes)");
        } else {
            let _ = writeln!(t, "  Kết quả (Result): {} lỗi (problems)", problems.len());
            for (en, vi) in problems {
                let _ = writeln!(t, "    - {} ({})", vi.message, en.message);
            }
        }
        t
    }
}

/// Tenths of a millimetre as "148" or "148,5".
pub(super) fn dec(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{},{}", tenths / 10, (tenths % 10).abs())
    }
}
