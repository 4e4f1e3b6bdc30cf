//! Preflight of a print PDF, as a print shop runs one before accepting a file: pages and boxes,
//! PDF/X keys and output intent, colour spaces, total ink, the smallest text and the thinnest
//! rule with their colours, images' effective resolution, fonts, annotations, transparency.
//! It reads the file back with lopdf and walks every page's content (and the forms it draws),
//! so it reports what is in the file, not what the templates meant.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdfx::colour_space_channels;

mod report;
mod walk;

use walk::Walker;

/// Text under this size, and rules under `RULE_PT`, must be black ink alone (a tint or a
/// four-colour mix of them prints ragged at 175 lpi and cannot stay in register).
pub const SMALL_TEXT_PT: f64 = 8.0;
/// See `SMALL_TEXT_PT`.
pub const RULE_PT: f64 = 0.5;
/// Effective resolution below which an image prints soft.
pub const MIN_PPI: f64 = 300.0;
const MM_PER_PT: f64 = 25.4 / 72.0;

/// An image as placed on a page.
#[derive(Debug, Clone)]
pub struct PlacedImage {
    pub page: usize,
    pub width_px: i64,
    pub height_px: i64,
    pub colour_space: String,
    /// Pixels per inch at the size it is printed (the lower of the two directions).
    pub effective_ppi: f64,
    /// Highest C + M + Y + K of its pixels, in percent (CMYK images only).
    pub max_ink_percent: Option<f64>,
}

/// A colour found where only black ink alone is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Offence {
    pub page: usize,
    /// Text size or line width, in points.
    pub size_pt: f64,
    /// The colour as written (`DeviceCMYK 0 0 0 0.7`).
    pub colour: String,
}

/// What the preflight found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: usize,
    /// MediaBox, TrimBox and BleedBox sizes (mm, rounded to 0.1) with the pages having each.
    pub media_mm: BTreeSet<(i64, i64)>,
    pub trim_mm: BTreeSet<(i64, i64)>,
    pub pages_without_trim: Vec<usize>,
    pub pages_without_bleed: Vec<usize>,
    /// Smallest distance from TrimBox to BleedBox on any side, in mm.
    pub bleed_mm: Option<f64>,
    pub pdfx_info: Option<String>,
    pub pdfx_xmp: Option<String>,
    pub trapped: Option<String>,
    pub pdf_version: String,
    pub output_condition_identifier: Option<String>,
    pub output_intent_info: Option<String>,
    /// Colour components of the embedded output profile (4 for CMYK), if one is embedded.
    pub output_profile_channels: Option<usize>,
    pub annotations: usize,
    /// Every colour space used by content or images, by name.
    pub colour_spaces: BTreeSet<String>,
    /// Uses of RGB (operators and images), by page.
    pub rgb_uses: Vec<(usize, String)>,
    pub images: Vec<PlacedImage>,
    /// Highest C + M + Y + K of any vector colour, in percent.
    pub max_vector_ink_percent: f64,
    pub smallest_text_pt: Option<f64>,
    pub small_text_not_black: Vec<Offence>,
    /// Text runs under `SMALL_TEXT_PT`.
    pub small_text_runs: usize,
    /// The size the body font (the font showing the most characters) is mostly set in.
    pub body_text_pt: f64,
    /// Characters shown on each page in each font at each size (hundredths of a point).
    text_sizes: BTreeMap<(usize, String, i64), usize>,
    pub thinnest_rule_pt: Option<f64>,
    pub thin_rules_not_black: Vec<Offence>,
    pub fonts: BTreeSet<String>,
    pub fonts_not_embedded: BTreeSet<String>,
    pub transparency: Vec<String>,
}

/// Reads the PDF `bytes` and reports on it.
pub fn run(bytes: &[u8]) -> Result<Report, String> {
    let doc = Document::load_mem(bytes).map_err(|e| format!("cannot read the PDF: {e}"))?;
    let mut r = Report {
        pdf_version: doc.version.clone(),
        ..Default::default()
    };
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    r.pages = pages.len();
    // Pages are checked in parallel (a thousand-page book: 1.8 s on one core), each into a
    // report of its own, merged in page order: the same report as one pass over the pages.
    let checked: Vec<Result<Report, String>> = {
        let half = pages.len().div_ceil(2).max(1);
        let doc = &doc;
        std::thread::scope(|scope| {
            let parts: Vec<_> = pages
                .chunks(half)
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|&(n, id)| page_report(doc, n as usize, id))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| {
                    p.join()
                        .unwrap_or_else(|_| vec![Err("the check stopped".into())])
                })
                .collect()
        })
    };
    for page in checked {
        r.merge(page?);
    }
    document_keys(&doc, &mut r);
    fonts(&doc, &mut r);
    r.body_text_pt = r.body_text_pt_of(|_| true);
    Ok(r)
}

/// What page `n` (object `id`) holds: its boxes, annotations, transparency, and what its content
/// paints.
fn page_report(doc: &Document, n: usize, id: ObjectId) -> Result<Report, String> {
    let mut r = Report::default();
    boxes(doc, id, n, &mut r)?;
    let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
    if let Ok(a) = page.get(b"Annots") {
        r.annotations += resolve(doc, a).as_array().map(|a| a.len()).unwrap_or(0);
    }
    if is_transparency_group(doc, page) {
        r.transparency.push(format!("page {n}: transparency group"));
    }
    let resources = page_resources(doc, id);
    let content = doc.get_page_content(id);
    let mut walker = Walker {
        doc,
        page: n,
        report: &mut r,
        seen_forms: BTreeSet::new(),
    };
    walker.walk(&content, resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0);
    Ok(r)
}

impl Report {
    /// Adds what a later page's report `other` found (see [`page_report`]). Every field is named,
    /// so a new one cannot be left out of the merge; the document's own keys are not a page's.
    fn merge(&mut self, other: Report) {
        let Report {
            pages: _,
            media_mm,
            trim_mm,
            pages_without_trim,
            pages_without_bleed,
            bleed_mm,
            pdfx_info: _,
            pdfx_xmp: _,
            trapped: _,
            pdf_version: _,
            output_condition_identifier: _,
            output_intent_info: _,
            output_profile_channels: _,
            annotations,
            colour_spaces,
            rgb_uses,
            images,
            max_vector_ink_percent,
            smallest_text_pt,
            small_text_not_black,
            small_text_runs,
            body_text_pt: _,
            text_sizes,
            thinnest_rule_pt,
            thin_rules_not_black,
            fonts,
            fonts_not_embedded,
            transparency,
        } = other;
        let least = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.media_mm.extend(media_mm);
        self.trim_mm.extend(trim_mm);
        self.pages_without_trim.extend(pages_without_trim);
        self.pages_without_bleed.extend(pages_without_bleed);
        self.bleed_mm = least(self.bleed_mm, bleed_mm);
        self.annotations += annotations;
        self.colour_spaces.extend(colour_spaces);
        self.rgb_uses.extend(rgb_uses);
        self.images.extend(images);
        self.max_vector_ink_percent = self.max_vector_ink_percent.max(max_vector_ink_percent);
        self.smallest_text_pt = least(self.smallest_text_pt, smallest_text_pt);
        self.small_text_not_black.extend(small_text_not_black);
        self.small_text_runs += small_text_runs;
        for (key, chars) in text_sizes {
            *self.text_sizes.entry(key).or_default() += chars;
        }
        self.thinnest_rule_pt = least(self.thinnest_rule_pt, thinnest_rule_pt);
        self.thin_rules_not_black.extend(thin_rules_not_black);
        self.fonts.extend(fonts);
        self.fonts_not_embedded.extend(fonts_not_embedded);
        self.transparency.extend(transparency);
    }
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let (inline, ids) = doc.get_page_resources(page).ok()?;
    inline.or_else(|| ids.first().and_then(|id| doc.get_dictionary(*id).ok()))
}

fn is_transparency_group(doc: &Document, d: &Dictionary) -> bool {
    d.get(b"Group")
        .ok()
        .and_then(|g| dict(doc, g))
        .and_then(|g| g.get(b"S").ok())
        .and_then(|s| s.as_name().ok())
        .is_some_and(|s| s == b"Transparency")
}

fn mm(pt: f64) -> i64 {
    (pt * MM_PER_PT * 10.0).round() as i64
}

fn boxes(doc: &Document, id: ObjectId, n: usize, r: &mut Report) -> Result<(), String> {
    let media = super::pdf::media_box(doc, id)?;
    r.media_mm
        .insert((mm(media[2] - media[0]), mm(media[3] - media[1])));
    let trim = super::pdf::page_box(doc, id, b"TrimBox")?;
    let bleed = super::pdf::page_box(doc, id, b"BleedBox")?;
    match trim {
        Some(t) => {
            r.trim_mm.insert((mm(t[2] - t[0]), mm(t[3] - t[1])));
        }
        None => r.pages_without_trim.push(n),
    }
    match (trim, bleed) {
        (Some(t), Some(b)) => {
            let least = [t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3]]
                .into_iter()
                .fold(f64::INFINITY, f64::min)
                * MM_PER_PT;
            r.bleed_mm = Some(r.bleed_mm.map_or(least, |x: f64| x.min(least)));
        }
        (_, None) => r.pages_without_bleed.push(n),
        _ => {}
    }
    Ok(())
}

fn pdf_string(o: &Object) -> Option<String> {
    match o {
        Object::String(b, _) => Some(if b.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = b[2..]
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(b).into_owned()
        }),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

fn document_keys(doc: &Document, r: &mut Report) {
    if let Some(info) = doc.trailer.get(b"Info").ok().and_then(|i| dict(doc, i)) {
        r.pdfx_info = info.get(b"GTS_PDFXVersion").ok().and_then(pdf_string);
        r.trapped = info.get(b"Trapped").ok().and_then(pdf_string);
    }
    let Ok(catalog) = doc.catalog() else { return };
    if let Some(meta) = catalog
        .get(b"Metadata")
        .ok()
        .and_then(|m| resolve(doc, m).as_stream().ok())
    {
        let xml = meta
            .decompressed_content()
            .unwrap_or_else(|_| meta.content.clone());
        let xml = String::from_utf8_lossy(&xml);
        r.pdfx_xmp = between(
            &xml,
            "<pdfxid:GTS_PDFXVersion>",
            "</pdfxid:GTS_PDFXVersion>",
        )
        .or_else(|| between(&xml, "pdfxid:GTS_PDFXVersion=\"", "\""));
    }
    let intents = catalog
        .get(b"OutputIntents")
        .ok()
        .and_then(|o| resolve(doc, o).as_array().ok());
    for intent in intents.into_iter().flatten() {
        let Some(d) = dict(doc, intent) else { continue };
        let is_pdfx = d
            .get(b"S")
            .ok()
            .and_then(|s| s.as_name().ok())
            .is_some_and(|s| s == b"GTS_PDFX");
        if !is_pdfx {
            continue;
        }
        r.output_condition_identifier = d
            .get(b"OutputConditionIdentifier")
            .ok()
            .and_then(pdf_string);
        r.output_intent_info = d.get(b"Info").ok().and_then(pdf_string);
        if let Some(profile) = d
            .get(b"DestOutputProfile")
            .ok()
            .and_then(|p| resolve(doc, p).as_stream().ok())
        {
            let icc = profile.decompressed_content().unwrap_or_default();
            let cmyk = lcms2::Profile::new_icc(&icc)
                .ok()
                .filter(|p| p.color_space() == lcms2::ColorSpaceSignature::CmykData);
            let n = profile.dict.get(b"N").and_then(|n| n.as_i64()).ok();
            r.output_profile_channels = match (cmyk, n) {
                (Some(_), Some(4)) => Some(4),
                (_, Some(n)) => Some(n.max(0) as usize).filter(|&n| n != 4),
                _ => None,
            };
        }
    }
}

fn between(s: &str, start: &str, end: &str) -> Option<String> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(s[i..j].trim().to_owned())
}

fn fonts(doc: &Document, r: &mut Report) {
    for obj in doc.objects.values() {
        let Object::Dictionary(d) = obj else { continue };
        if !d
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|t| t == b"Font")
        {
            continue;
        }
        let subtype = d.get(b"Subtype").and_then(|t| t.as_name()).unwrap_or(b"");
        if subtype == b"Type0" {
            continue; // its descendant font carries the descriptor
        }
        let name = d
            .get(b"BaseFont")
            .ok()
            .and_then(pdf_string)
            .unwrap_or_else(|| "(unnamed)".into());
        let embedded = subtype == b"Type3"
            || d.get(b"FontDescriptor")
                .ok()
                .and_then(|f| dict(doc, f))
                .is_some_and(|f| f.has(b"FontFile") || f.has(b"FontFile2") || f.has(b"FontFile3"));
        if !embedded {
            r.fonts_not_embedded.insert(name.clone());
        }
        r.fonts.insert(name);
    }
}

#[cfg(test)]
mod tests {
    use super::report::dec;
    use super::walk::{mul, Colour};
    use super::*;

    #[test]
    fn matrices_compose_like_pdf() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 5.0];
        // A point first scaled then shifted.
        assert_eq!(mul(scale, shift), [2.0, 0.0, 0.0, 2.0, 10.0, 5.0]);
        assert_eq!(mul(shift, scale), [2.0, 0.0, 0.0, 2.0, 20.0, 10.0]);
        assert_eq!(dec(1480), "148");
        assert_eq!(dec(2965), "296,5");
    }

    /// A one-page PDF drawing `content` with a font and an RGB image available.
    fn pdf(content: &str) -> Vec<u8> {
        use lopdf::{dictionary, Stream};
        let mut doc = Document::with_version("1.6");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            },
            vec![255, 0, 0, 0, 0, 255],
        ));
        let contents = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
            "Contents" => contents,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Im1" => image },
            },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn finds_screened_small_text_thin_tinted_rules_rgb_and_low_resolution() {
        // 7 pt text at 70 % K (scaled by the text matrix), a 0.4 pt rule at 35 % K, an RGB
        // colour and an RGB image of 2 px drawn 100 pt wide (1.4 ppi).
        let r = run(&pdf("BT /F1 1 Tf 7 0 0 7 10 10 Tm 0 0 0 0.7 k (x) Tj ET \
             BT /F1 9.5 Tf 0 0 0 1 k 10 50 Td (body) Tj ET \
             0.4 w 0 0 0 0.35 K 0 0 m 100 0 l S \
             0 0 0 0.35 k 0 20 m 100 20 l 100 20.4 l 0 20.4 l f \
             1 0 0 rg 0 0 10 10 re f \
             q 100 0 0 50 0 100 cm /Im1 Do Q"))
        .unwrap();
        assert_eq!(r.small_text_not_black.len(), 1, "{r:?}");
        assert!((r.small_text_not_black[0].size_pt - 7.0).abs() < 1e-6);
        assert_eq!(
            r.thin_rules_not_black.len(),
            2,
            "stroked and filled: {:?}",
            r.thin_rules_not_black
        );
        assert!((r.thinnest_rule_pt.unwrap() - 0.4).abs() < 1e-6);
        assert_eq!(
            r.rgb_uses.len(),
            2,
            "the rg colour and the image: {:?}",
            r.rgb_uses
        );
        assert_eq!(r.images.len(), 1);
        assert!((r.images[0].effective_ppi - 1.44).abs() < 0.01);
        assert!(r.fonts_not_embedded.contains("Helvetica"));
        let problems = r.problems(300.0);
        for what in [
            "not identified as PDF/X-4",
            "no output intent",
            "/Trapped",
            "TrimBox",
            "RGB",
            "ppi",
            "not in black ink alone",
            "fonts not embedded",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(what)),
                "{what}: {problems:#?}"
            );
        }
        // Black text and rules pass.
        let r = run(&pdf(
            "BT /F1 6 Tf 0 0 0 1 k (x) Tj ET 0.25 w 0 0 0 1 K 0 0 m 9 0 l S",
        ))
        .unwrap();
        assert!(r.small_text_not_black.is_empty() && r.thin_rules_not_black.is_empty());
        assert_eq!(r.small_text_runs, 1);
    }

    #[test]
    fn colours_tell_pure_black_from_tints_and_mixes() {
        let k = |v: Vec<f64>| Colour {
            space: "DeviceCMYK".into(),
            values: v,
        };
        assert!(k(vec![0.0, 0.0, 0.0, 1.0]).is_pure_black());
        assert!(!k(vec![0.0, 0.0, 0.0, 0.7]).is_pure_black());
        assert!(!k(vec![0.1, 0.0, 0.0, 1.0]).is_pure_black());
        assert!(
            !Colour::black().is_pure_black(),
            "DeviceGray black is not CMYK K"
        );
        assert!((k(vec![1.0, 0.62, 0.0, 0.28]).ink() - 190.0).abs() < 1e-9);
    }
}
