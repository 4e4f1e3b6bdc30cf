//! Preflight of a print PDF, as a print shop runs one before accepting a file: pages and boxes,
//! PDF/X keys and output intent, colour spaces, total ink, the smallest text and the thinnest
//! rule with their colours, images' effective resolution, fonts, annotations, transparency.
//! It reads the file back with lopdf and walks every page's content (and the forms it draws),
//! so it reports what is in the file, not what the templates meant.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::pdfx::colour_space_channels;

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
    let pages = doc.get_pages();
    r.pages = pages.len();
    for (&n, &id) in &pages {
        let n = n as usize;
        boxes(&doc, id, n, &mut r)?;
        let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
        if let Ok(a) = page.get(b"Annots") {
            r.annotations += resolve(&doc, a).as_array().map(|a| a.len()).unwrap_or(0);
        }
        if is_transparency_group(&doc, page) {
            r.transparency.push(format!("page {n}: transparency group"));
        }
        let resources = page_resources(&doc, id);
        let content = doc.get_page_content(id);
        let mut walker = Walker {
            doc: &doc,
            page: n,
            report: &mut r,
            seen_forms: BTreeSet::new(),
        };
        walker.walk(&content, resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0);
    }
    document_keys(&doc, &mut r);
    fonts(&doc, &mut r);
    r.body_text_pt = r.body_text_pt_of(|_| true);
    Ok(r)
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

/// Matrix product `a × b` in PDF's row-vector convention.
fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn nums(ops: &[Object]) -> Vec<f64> {
    ops.iter()
        .filter_map(|o| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(*r as f64),
            _ => None,
        })
        .collect()
}

fn matrix(ops: &[Object]) -> Option<[f64; 6]> {
    let n = nums(ops);
    (n.len() == 6).then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
}

/// A colour as set by the content: its space and components.
#[derive(Debug, Clone, PartialEq)]
struct Colour {
    space: String,
    values: Vec<f64>,
}

impl Colour {
    fn black() -> Self {
        Colour {
            space: "DeviceGray".into(),
            values: vec![0.0],
        }
    }

    fn is_pure_black(&self) -> bool {
        match (self.space.as_str(), self.values.as_slice()) {
            ("DeviceCMYK", [c, m, y, k]) => *c < 0.001 && *m < 0.001 && *y < 0.001 && *k > 0.999,
            _ => false,
        }
    }

    fn ink(&self) -> f64 {
        if self.space == "DeviceCMYK" {
            self.values.iter().sum::<f64>() * 100.0
        } else {
            0.0
        }
    }

    fn describe(&self) -> String {
        let v: Vec<String> = self.values.iter().map(|v| format!("{v:.3}")).collect();
        format!("{} {}", self.space, v.join(" "))
    }
}

#[derive(Clone)]
struct State {
    ctm: [f64; 6],
    fill: Colour,
    stroke: Colour,
    line_width: f64,
}

struct Walker<'a, 'r> {
    doc: &'a Document,
    page: usize,
    report: &'r mut Report,
    seen_forms: BTreeSet<ObjectId>,
}

impl<'a> Walker<'a, '_> {
    fn walk(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: [f64; 6],
        depth: usize,
    ) {
        let Ok(content) = lopdf::content::Content::decode(content) else {
            self.report
                .transparency
                .push(format!("page {}: content that cannot be read", self.page));
            return;
        };
        let mut state = State {
            ctm,
            fill: Colour::black(),
            stroke: Colour::black(),
            line_width: 1.0,
        };
        let mut stack: Vec<State> = Vec::new();
        let (mut tm, mut tlm) = (
            [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        );
        let (mut font_size, mut leading) = (0.0f64, 0.0f64);
        let mut font = String::new();
        // Bounding box of the path being built, in page space.
        let mut path: Option<[f64; 4]> = None;
        let extend = |path: &mut Option<[f64; 4]>, ctm: [f64; 6], x: f64, y: f64| {
            let (px, py) = (
                x * ctm[0] + y * ctm[2] + ctm[4],
                x * ctm[1] + y * ctm[3] + ctm[5],
            );
            let b = path.get_or_insert([px, py, px, py]);
            *b = [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)];
        };
        for op in &content.operations {
            let args = &op.operands;
            match op.operator.as_str() {
                "q" => stack.push(state.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(args) {
                        state.ctm = mul(m, state.ctm);
                    }
                }
                "w" => state.line_width = nums(args).first().copied().unwrap_or(1.0),
                "BT" => {
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    tlm = tm;
                }
                "Tf" => {
                    font_size = nums(args).first().copied().unwrap_or(0.0);
                    let name = args.first().and_then(|a| a.as_name().ok()).unwrap_or(b"");
                    font = resources
                        .and_then(|r| r.get(b"Font").ok())
                        .and_then(|f| dict(self.doc, f))
                        .and_then(|f| f.get(name).ok())
                        .and_then(|f| dict(self.doc, f))
                        .and_then(|f| f.get(b"BaseFont").ok())
                        .and_then(pdf_string)
                        .unwrap_or_else(|| String::from_utf8_lossy(name).into_owned());
                }
                "TL" => leading = nums(args).first().copied().unwrap_or(0.0),
                "Tm" => {
                    if let Some(m) = matrix(args) {
                        tm = m;
                        tlm = m;
                    }
                }
                "Td" | "TD" => {
                    let n = nums(args);
                    if n.len() == 2 {
                        if op.operator == "TD" {
                            leading = -n[1];
                        }
                        tlm = mul([1.0, 0.0, 0.0, 1.0, n[0], n[1]], tlm);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                    tm = tlm;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let m = mul(tm, state.ctm);
                    let size = font_size.abs() * (m[2] * m[2] + m[3] * m[3]).sqrt();
                    let glyphs: usize = args
                        .iter()
                        .map(|a| match a {
                            Object::String(s, _) => s.len(),
                            Object::Array(items) => items
                                .iter()
                                .map(|i| {
                                    if let Object::String(s, _) = i {
                                        s.len()
                                    } else {
                                        0
                                    }
                                })
                                .sum(),
                            _ => 0,
                        })
                        .sum();
                    *self
                        .report
                        .text_sizes
                        .entry((self.page, font.clone(), (size * 100.0).round() as i64))
                        .or_default() += glyphs;
                    self.text(size, &state.fill);
                }
                "g" | "G" | "rg" | "RG" | "k" | "K" => {
                    let space = match op.operator.as_str() {
                        "g" | "G" => "DeviceGray",
                        "rg" | "RG" => "DeviceRGB",
                        _ => "DeviceCMYK",
                    };
                    let colour = Colour {
                        space: space.into(),
                        values: nums(args),
                    };
                    self.colour_used(&colour);
                    if op.operator.chars().all(|c| c.is_lowercase()) {
                        state.fill = colour;
                    } else {
                        state.stroke = colour;
                    }
                }
                "cs" | "CS" => {
                    let name = args.first().and_then(|a| a.as_name().ok()).unwrap_or(b"");
                    let space = self.named_space(resources, name);
                    let colour = Colour {
                        values: vec![0.0; channels_of(&space)],
                        space,
                    };
                    if op.operator == "cs" {
                        state.fill = colour;
                    } else {
                        state.stroke = colour;
                    }
                }
                "sc" | "scn" | "SC" | "SCN" => {
                    let target = if op.operator.starts_with('s') {
                        &mut state.fill
                    } else {
                        &mut state.stroke
                    };
                    target.values = nums(args);
                    let c = target.clone();
                    self.colour_used(&c);
                }
                "m" | "l" | "c" | "v" | "y" => {
                    for pair in nums(args).chunks_exact(2) {
                        extend(&mut path, state.ctm, pair[0], pair[1]);
                    }
                }
                "re" => {
                    let n = nums(args);
                    if n.len() == 4 {
                        extend(&mut path, state.ctm, n[0], n[1]);
                        extend(&mut path, state.ctm, n[0] + n[2], n[1] + n[3]);
                    }
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" | "f" | "F" | "f*" | "n" => {
                    let op = op.operator.as_str();
                    if !matches!(op, "f" | "F" | "f*" | "n") {
                        let m = state.ctm;
                        let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                        self.rule(state.line_width * scale, &state.stroke);
                    }
                    // A filled sliver is a rule too (Typst draws a block's side stroke so).
                    if matches!(op, "f" | "F" | "f*" | "B" | "B*" | "b" | "b*") {
                        if let Some(b) = path {
                            let (w, h) = (b[2] - b[0], b[3] - b[1]);
                            let (thin, long) = (w.min(h), w.max(h));
                            if thin > 0.0 && thin < RULE_PT && long > 4.0 * thin {
                                self.rule(thin, &state.fill);
                            }
                        }
                    }
                    path = None;
                }
                "Do" => {
                    let name = args.first().and_then(|a| a.as_name().ok()).unwrap_or(b"");
                    self.xobject(resources, name, state.ctm, depth);
                }
                "gs" => {
                    let name = args.first().and_then(|a| a.as_name().ok()).unwrap_or(b"");
                    self.ext_gstate(resources, name, &mut state);
                }
                "sh" => {
                    self.report.colour_spaces.insert("Shading".into());
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, size: f64, fill: &Colour) {
        if size <= 0.0 {
            return;
        }
        let r = &mut *self.report;
        r.smallest_text_pt = Some(r.smallest_text_pt.map_or(size, |s: f64| s.min(size)));
        if size < SMALL_TEXT_PT - 0.005 {
            r.small_text_runs += 1;
            if !fill.is_pure_black() {
                r.small_text_not_black.push(Offence {
                    page: self.page,
                    size_pt: size,
                    colour: fill.describe(),
                });
            }
        }
    }

    fn rule(&mut self, width: f64, stroke: &Colour) {
        let r = &mut *self.report;
        r.thinnest_rule_pt = Some(r.thinnest_rule_pt.map_or(width, |w: f64| w.min(width)));
        if width < RULE_PT - 0.005 && !stroke.is_pure_black() {
            r.thin_rules_not_black.push(Offence {
                page: self.page,
                size_pt: width,
                colour: stroke.describe(),
            });
        }
    }

    fn colour_used(&mut self, c: &Colour) {
        let r = &mut *self.report;
        r.colour_spaces.insert(c.space.clone());
        if channels_of(&c.space) == 3 {
            r.rgb_uses
                .push((self.page, format!("colour {}", c.describe())));
        }
        r.max_vector_ink_percent = r.max_vector_ink_percent.max(c.ink());
    }

    /// The name of a colour space resource (`/CS0`) or of a device space used by name.
    fn named_space(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> String {
        let device = String::from_utf8_lossy(name).into_owned();
        if matches!(
            device.as_str(),
            "DeviceRGB" | "DeviceGray" | "DeviceCMYK" | "Pattern"
        ) {
            self.report.colour_spaces.insert(device.clone());
            return device;
        }
        let found = resources
            .and_then(|r| r.get(b"ColorSpace").ok())
            .and_then(|c| dict(self.doc, c))
            .and_then(|c| c.get(name).ok());
        let label = match found {
            Some(cs) => space_label(self.doc, cs),
            None => format!("undefined {device}"),
        };
        self.report.colour_spaces.insert(label.clone());
        label
    }

    fn ext_gstate(&mut self, resources: Option<&'a Dictionary>, name: &[u8], state: &mut State) {
        let Some(gs) = resources
            .and_then(|r| r.get(b"ExtGState").ok())
            .and_then(|g| dict(self.doc, g))
            .and_then(|g| g.get(name).ok())
            .and_then(|g| dict(self.doc, g))
        else {
            return;
        };
        if let Ok(lw) = gs.get(b"LW").and_then(|v| v.as_float()) {
            state.line_width = lw as f64;
        }
        for key in [b"CA".as_slice(), b"ca"] {
            if let Ok(v) = gs.get(key).and_then(|v| v.as_float()) {
                if v < 0.999 {
                    self.report
                        .transparency
                        .push(format!("page {}: opacity {v}", self.page));
                }
            }
        }
        if gs
            .get(b"SMask")
            .ok()
            .is_some_and(|m| !matches!(m, Object::Name(n) if n == b"None"))
        {
            self.report
                .transparency
                .push(format!("page {}: soft mask", self.page));
        }
    }

    fn xobject(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        ctm: [f64; 6],
        depth: usize,
    ) {
        let Some((id, stream)) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| dict(self.doc, x))
            .and_then(|x| x.get(name).ok())
            .and_then(|o| match o {
                Object::Reference(id) => self
                    .doc
                    .get_object(*id)
                    .ok()
                    .and_then(|s| s.as_stream().ok())
                    .map(|s| (Some(*id), s)),
                Object::Stream(s) => Some((None, s)),
                _ => None,
            })
        else {
            return;
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .unwrap_or(b"");
        if subtype == b"Image" {
            self.image(stream, ctm);
        } else if subtype == b"Form" && depth < 16 {
            if is_transparency_group(self.doc, &stream.dict) {
                self.report
                    .transparency
                    .push(format!("page {}: transparency group in a form", self.page));
            }
            if let Some(id) = id {
                // Forms are walked once per page for each placement: guard against cycles only.
                if !self.seen_forms.insert(id) && depth > 8 {
                    return;
                }
            }
            let m = stream
                .dict
                .get(b"Matrix")
                .ok()
                .and_then(|m| m.as_array().ok())
                .and_then(|a| matrix(a))
                .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
            let res = stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| dict(self.doc, r))
                .or(resources);
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            self.walk(&content, res, mul(m, ctm), depth + 1);
        }
    }

    fn image(&mut self, stream: &lopdf::Stream, ctm: [f64; 6]) {
        let d = &stream.dict;
        let int = |k: &[u8]| d.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
        let (w, h) = (int(b"Width"), int(b"Height"));
        let space = d
            .get(b"ColorSpace")
            .map(|cs| space_label(self.doc, cs))
            .unwrap_or_else(|_| "none (mask)".into());
        let channels = d
            .get(b"ColorSpace")
            .ok()
            .and_then(|cs| colour_space_channels(self.doc, cs).ok())
            .unwrap_or(0);
        self.report.colour_spaces.insert(space.clone());
        if channels == 3 {
            self.report
                .rgb_uses
                .push((self.page, format!("{w} × {h} image in {space}")));
        }
        if d.has(b"SMask") || d.has(b"Mask") {
            self.report
                .transparency
                .push(format!("page {}: image with a mask", self.page));
        }
        let width_in = (ctm[0] * ctm[0] + ctm[1] * ctm[1]).sqrt() / 72.0;
        let height_in = (ctm[2] * ctm[2] + ctm[3] * ctm[3]).sqrt() / 72.0;
        let ppi = (w as f64 / width_in.max(1e-9)).min(h as f64 / height_in.max(1e-9));
        let max_ink = (channels == 4 && int(b"BitsPerComponent") == 8)
            .then(|| stream.decompressed_content().ok())
            .flatten()
            .map(|px| {
                px.chunks_exact(4)
                    .map(|p| p.iter().map(|&v| v as u32).sum::<u32>())
                    .max()
                    .unwrap_or(0) as f64
                    / 255.0
                    * 100.0
            });
        self.report.images.push(PlacedImage {
            page: self.page,
            width_px: w,
            height_px: h,
            colour_space: space,
            effective_ppi: ppi,
            max_ink_percent: max_ink,
        });
    }
}

fn channels_of(space: &str) -> usize {
    if space.contains("RGB") || space.contains("ICCBased (3") || space == "Lab" {
        3
    } else if space.contains("CMYK") || space.contains("ICCBased (4") {
        4
    } else {
        1
    }
}

/// A readable name of a colour space object: `DeviceCMYK`, `ICCBased (3 channels)`…
fn space_label(doc: &Document, cs: &Object) -> String {
    match resolve(doc, cs) {
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        Object::Array(a) => {
            let kind = a
                .first()
                .and_then(|n| n.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            match colour_space_channels(doc, resolve(doc, cs)) {
                Ok(n) if kind == "ICCBased" => format!("ICCBased ({n} channels)"),
                _ => kind,
            }
        }
        _ => "unknown".into(),
    }
}

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
        let mut p = Vec::new();
        if self.pdfx_info.as_deref() != Some(super::pdfx::PDFX_VERSION)
            || self.pdfx_xmp.as_deref() != Some(super::pdfx::PDFX_VERSION)
        {
            p.push(format!(
                "not identified as {} (document information: {:?}, XMP: {:?})",
                super::pdfx::PDFX_VERSION,
                self.pdfx_info,
                self.pdfx_xmp
            ));
        }
        if self.output_profile_channels != Some(4) {
            p.push("no output intent with an embedded CMYK profile".into());
        }
        if !matches!(self.trapped.as_deref(), Some("True" | "False")) {
            p.push("/Trapped is not set to True or False".into());
        }
        if !self.pages_without_trim.is_empty() || !self.pages_without_bleed.is_empty() {
            p.push(format!(
                "pages without TrimBox {:?} or BleedBox {:?}",
                self.pages_without_trim, self.pages_without_bleed
            ));
        }
        if self.annotations > 0 {
            p.push(format!("{} annotations (links)", self.annotations));
        }
        if !self.rgb_uses.is_empty() {
            let (page, what) = &self.rgb_uses[0];
            p.push(format!(
                "{} uses of RGB, first on page {page}: {what}",
                self.rgb_uses.len()
            ));
        }
        for img in &self.images {
            if let Some(ink) = img.max_ink_percent {
                if ink > ink_limit_percent + 0.5 {
                    p.push(format!(
                        "an image on page {} reaches {ink:.0} % total ink (limit {ink_limit_percent:.0} %)",
                        img.page
                    ));
                }
            }
            if img.effective_ppi + 0.5 < MIN_PPI {
                p.push(format!(
                    "an image on page {} prints at {:.0} ppi (at least {MIN_PPI:.0})",
                    img.page, img.effective_ppi
                ));
            }
        }
        if self.max_vector_ink_percent > ink_limit_percent + 0.5 {
            p.push(format!(
                "a colour reaches {:.0} % total ink (limit {ink_limit_percent:.0} %)",
                self.max_vector_ink_percent
            ));
        }
        if let Some(o) = self.small_text_not_black.first() {
            p.push(format!(
                "{} text runs under {SMALL_TEXT_PT} pt not in black ink alone, first on page {}: {:.1} pt in {}",
                self.small_text_not_black.len(),
                o.page,
                o.size_pt,
                o.colour
            ));
        }
        if let Some(o) = self.thin_rules_not_black.first() {
            p.push(format!(
                "{} rules under {RULE_PT} pt not in black ink alone, first on page {}: {:.2} pt in {}",
                self.thin_rules_not_black.len(),
                o.page,
                o.size_pt,
                o.colour
            ));
        }
        if !self.fonts_not_embedded.is_empty() {
            p.push(format!("fonts not embedded: {:?}", self.fonts_not_embedded));
        }
        if !self.transparency.is_empty() {
            p.push(format!("transparency: {}", self.transparency[0]));
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
        let problems = self.problems(ink_limit_percent);
        if problems.is_empty() {
            let _ = writeln!(t, "  Kết quả (Result): đạt (passes)");
        } else {
            let _ = writeln!(t, "  Kết quả (Result): {} lỗi (problems)", problems.len());
            for p in problems {
                let _ = writeln!(t, "    - {p}");
            }
        }
        t
    }
}

/// Tenths of a millimetre as "148" or "148,5".
fn dec(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{},{}", tenths / 10, (tenths % 10).abs())
    }
}

#[cfg(test)]
mod tests {
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
