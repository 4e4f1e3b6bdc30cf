//! Walking a page's content stream (and the forms it draws) with the graphics state: colours and
//! their ink, text sizes, line widths and placed images, recorded into the preflight report.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::*;

/// Matrix product `a × b` in PDF's row-vector convention.
pub(super) fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
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

pub(super) fn matrix(ops: &[Object]) -> Option<[f64; 6]> {
    let n = nums(ops);
    (n.len() == 6).then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
}

/// A colour as set by the content: its space and components.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Colour {
    pub(super) space: String,
    pub(super) values: Vec<f64>,
}

impl Colour {
    pub(super) fn black() -> Self {
        Colour {
            space: "DeviceGray".into(),
            values: vec![0.0],
        }
    }

    pub(super) fn is_pure_black(&self) -> bool {
        match (self.space.as_str(), self.values.as_slice()) {
            ("DeviceCMYK", [c, m, y, k]) => *c < 0.001 && *m < 0.001 && *y < 0.001 && *k > 0.999,
            _ => false,
        }
    }

    pub(super) fn ink(&self) -> f64 {
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

pub(super) struct Walker<'a, 'r> {
    pub(super) doc: &'a Document,
    pub(super) page: usize,
    pub(super) report: &'r mut Report,
    pub(super) seen_forms: BTreeSet<ObjectId>,
}

impl<'a> Walker<'a, '_> {
    pub(super) fn walk(
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
