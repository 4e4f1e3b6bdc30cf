//! The default output profile of the print file, built with Little CMS from a model of offset
//! printing: the published ISO 12647-2 aim values for the paper and the solid inks, and a tone
//! value increase (dot gain) curve. It stands in for the print shop's own profile until the
//! department has it (`[handbook.print] output_profile` in `site.toml`), and says in its name
//! that it is an approximation, not a FOGRA characterization.
//!
//! The model: each ink's nominal tone value is raised by the tone value increase (a parabola
//! through the standard's 50 % value), the fractional areas of the 16 ink combinations follow
//! Demichel, and the colour is their area-weighted mix in CIE XYZ (Murray–Davies/Neugebauer,
//! which makes the tints' tone value increase exactly the aim). Combinations the standard does
//! not publish (those with black, and C+M+Y) are estimated as filters stacked on the paper,
//! with a first-surface reflection fitted to the published two-colour overprints.
//! The inverse (Lab → CMYK) is solved per grid point: black follows the lightness of neutral
//! tones (greys on K alone, less black as the chroma grows), within the total ink limit.

use lcms2::{
    ColorSpaceSignature, Locale, Pipeline, Profile, ProfileClassSignature, Stage, Tag,
    TagSignature, CIEXYZ, MLU,
};

/// A printing condition as published: CIELAB (D50, 2°) of the paper, the solids and the
/// two-colour overprints, the tone value increase at 50 %, the total ink limit.
#[derive(Debug, Clone, Copy)]
pub struct PrintCondition {
    /// Profile description, in the profile and in the PDF's OutputIntent.
    pub description: &'static str,
    /// Paper white.
    pub paper: [f64; 3],
    pub cyan: [f64; 3],
    pub magenta: [f64; 3],
    pub yellow: [f64; 3],
    pub black: [f64; 3],
    /// Magenta + yellow.
    pub red: [f64; 3],
    /// Cyan + yellow.
    pub green: [f64; 3],
    /// Cyan + magenta.
    pub blue: [f64; 3],
    /// Tone value increase at a 50 % tint, C, M, Y, K (0.18 = 18 %).
    pub tvi50: [f64; 4],
    /// Total area coverage allowed, in percent (C + M + Y + K).
    pub total_ink_percent: f64,
}

/// Offset on wood-free uncoated paper (ISO 12647-2:2013 print condition PC5, paper PS5), the
/// paper of the handbook by default: aim values as published for the standard, tone value
/// increase curve C (18 % at 50 %) for all four inks, 300 % total ink.
pub const ISO_12647_2_PC5: PrintCondition = PrintCondition {
    description: "CNHT offset uncoated - approximation of ISO 12647-2:2013 PC5 (not FOGRA52)",
    paper: [95.0, 1.0, -4.0],
    cyan: [60.0, -26.0, -44.0],
    magenta: [56.0, 61.0, -1.0],
    yellow: [89.0, -4.0, 78.0],
    black: [31.0, 1.0, 1.0],
    red: [54.0, 58.0, 27.0],
    green: [55.0, -44.0, 15.0],
    blue: [38.0, 12.0, -32.0],
    tvi50: [0.18, 0.18, 0.18, 0.18],
    total_ink_percent: 300.0,
};

/// The copyright tag of the profiles cnht builds: the model's numbers are public, the profile
/// is part of cnht (MIT).
const COPYRIGHT: &str = "No copyright; made by cnht (MIT) from published ISO 12647-2 aim values";

/// Grid points per channel of the CMYK → Lab table.
const A2B_GRID: usize = 11;
/// Grid points per channel of the Lab → CMYK table and of the gamut table.
const B2A_GRID: usize = 17;
/// Colour difference beyond which a colour counts as out of gamut.
const GAMUT_DE: f64 = 3.0;

/// D50 white in XYZ (Y = 1), the ICC profile connection space.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// CIELAB (D50) to XYZ.
pub fn lab_to_xyz(lab: [f64; 3]) -> [f64; 3] {
    let fy = (lab[0] + 16.0) / 116.0;
    let fx = fy + lab[1] / 500.0;
    let fz = fy - lab[2] / 200.0;
    let inv = |t: f64| {
        if t > 6.0 / 29.0 {
            t * t * t
        } else {
            3.0 * (6.0f64 / 29.0).powi(2) * (t - 4.0 / 29.0)
        }
    };
    [D50[0] * inv(fx), D50[1] * inv(fy), D50[2] * inv(fz)]
}

/// XYZ to CIELAB (D50).
pub fn xyz_to_lab(xyz: [f64; 3]) -> [f64; 3] {
    let f = |t: f64| {
        if t > (6.0f64 / 29.0).powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * (6.0f64 / 29.0).powi(2)) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(xyz[0] / D50[0]), f(xyz[1] / D50[1]), f(xyz[2] / D50[2]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE 1976 colour difference.
pub fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// The forward model of a printing condition: CMYK tone values → colour on paper.
pub struct PressModel {
    /// XYZ of the 16 ink combinations; bit 0 cyan, 1 magenta, 2 yellow, 3 black.
    primaries: [[f64; 3]; 16],
    paper: [f64; 3],
    tvi50: [f64; 4],
    /// Total ink limit as a fraction (3.0 = 300 %).
    pub total_ink: f64,
}

impl PressModel {
    /// The model of `cond`.
    pub fn new(cond: &PrintCondition) -> Self {
        let paper = lab_to_xyz(cond.paper);
        let (c, m, y, k) = (
            lab_to_xyz(cond.cyan),
            lab_to_xyz(cond.magenta),
            lab_to_xyz(cond.yellow),
            lab_to_xyz(cond.black),
        );
        let (r, g, b) = (
            lab_to_xyz(cond.red),
            lab_to_xyz(cond.green),
            lab_to_xyz(cond.blue),
        );
        let mut primaries = [[0.0; 3]; 16];
        for ch in 0..3 {
            let w = paper[ch];
            // The light reflected at the ink surface before it meets the paper: the value that
            // best explains the published overprints as stacked filters.
            let floor = [c, m, y, k, r, g, b]
                .iter()
                .map(|p| p[ch])
                .fold(f64::INFINITY, f64::min);
            let predict = |s: f64, a: f64, b: f64| s + (a - s) * (b - s) / (w - s);
            let fit_error = |s: f64| {
                [(m, y, r), (c, y, g), (c, m, b)]
                    .iter()
                    .map(|(p, q, o)| (predict(s, p[ch], q[ch]).ln() - o[ch].ln()).powi(2))
                    .sum::<f64>()
            };
            let s = (0..=400)
                .map(|i| floor * 0.9 * i as f64 / 400.0)
                .min_by(|a, b| fit_error(*a).total_cmp(&fit_error(*b)))
                .unwrap_or(0.0);
            // Transmission (twice through the layer) of an ink or a published overprint.
            let t = |v: f64| ((v - s) / (w - s)).clamp(1e-6, 1.0);
            let mut trans = [1.0; 16];
            trans[1] = t(c[ch]);
            trans[2] = t(m[ch]);
            trans[4] = t(y[ch]);
            trans[8] = t(k[ch]);
            trans[3] = t(b[ch]);
            trans[5] = t(g[ch]);
            trans[6] = t(r[ch]);
            trans[7] = trans[1] * trans[2] * trans[4];
            for i in 9..16 {
                trans[i] = trans[i & 7] * trans[8];
            }
            for (i, p) in primaries.iter_mut().enumerate() {
                p[ch] = s + (w - s) * trans[i];
            }
            primaries[0][ch] = w;
        }
        PressModel {
            primaries,
            paper,
            tvi50: cond.tvi50,
            total_ink: cond.total_ink_percent / 100.0,
        }
    }

    /// The printed area of a nominal tone value `v` (0–1) of ink `i`.
    fn area(&self, i: usize, v: f64) -> f64 {
        let v = v.clamp(0.0, 1.0);
        (v + 4.0 * self.tvi50[i] * v * (1.0 - v)).clamp(0.0, 1.0)
    }

    /// XYZ (absolute, D50) of the tone values `cmyk` (0–1 each).
    pub fn xyz(&self, cmyk: [f64; 4]) -> [f64; 3] {
        let a = [
            self.area(0, cmyk[0]),
            self.area(1, cmyk[1]),
            self.area(2, cmyk[2]),
            self.area(3, cmyk[3]),
        ];
        let mut out = [0.0; 3];
        for (i, p) in self.primaries.iter().enumerate() {
            let mut w = 1.0;
            for (ink, area) in a.iter().enumerate() {
                w *= if i & (1 << ink) != 0 {
                    *area
                } else {
                    1.0 - area
                };
            }
            for ch in 0..3 {
                out[ch] += w * p[ch];
            }
        }
        out
    }

    /// CIELAB relative to the paper (paper white is L* 100), as an ICC v2 table holds it.
    pub fn lab_relative(&self, cmyk: [f64; 4]) -> [f64; 3] {
        let xyz = self.xyz(cmyk);
        xyz_to_lab([
            xyz[0] * D50[0] / self.paper[0],
            xyz[1] * D50[1] / self.paper[1],
            xyz[2] * D50[2] / self.paper[2],
        ])
    }

    /// Absolute CIELAB of the tone values.
    pub fn lab(&self, cmyk: [f64; 4]) -> [f64; 3] {
        xyz_to_lab(self.xyz(cmyk))
    }

    /// The black of the neutral tone with relative lightness `l`, reduced as the chroma grows:
    /// the black generation of the separation.
    fn black_for(&self, l: f64, chroma: f64) -> f64 {
        // Lightness of black alone falls monotonically with its tone value: bisect.
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        if self.lab_relative([0.0, 0.0, 0.0, 1.0])[0] >= l {
            lo = 1.0;
        } else {
            for _ in 0..30 {
                let mid = (lo + hi) / 2.0;
                if self.lab_relative([0.0, 0.0, 0.0, mid])[0] > l {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        lo * (1.0 - chroma / 30.0).clamp(0.0, 1.0)
    }

    /// Keeps the tone values inside 0–1 and the total ink limit (cutting C, M and Y, not K).
    fn limit(&self, x: &mut [f64; 4]) {
        for v in x.iter_mut() {
            *v = v.clamp(0.0, 1.0);
        }
        let cmy = x[0] + x[1] + x[2];
        let room = (self.total_ink - x[3]).max(0.0);
        if cmy > room && cmy > 0.0 {
            for v in &mut x[..3] {
                *v *= room / cmy;
            }
        }
    }

    /// The tone values printing `lab` (relative CIELAB) most closely within the ink limit, and
    /// the colour difference left (0 inside the gamut).
    pub fn separate(&self, lab: [f64; 3], start: Option<[f64; 4]>) -> ([f64; 4], f64) {
        let chroma = (lab[1] * lab[1] + lab[2] * lab[2]).sqrt();
        let k_aim = self.black_for(lab[0], chroma);
        // Weight of staying on the black generation, in ΔE per 100 % of black.
        const K_WEIGHT: f64 = 12.0;
        // Near neutral, colour ink is held back: black ink alone is a little warmer than the
        // paper, and a grey is better printed slightly warm than with a trace of C, M and Y.
        let neutral = 40.0 * (1.0 - chroma / 6.0).max(0.0);
        let residual = |x: &[f64; 4]| {
            let got = self.lab_relative(*x);
            [
                got[0] - lab[0],
                got[1] - lab[1],
                got[2] - lab[2],
                K_WEIGHT * (x[3] - k_aim),
                neutral * x[0],
                neutral * x[1],
                neutral * x[2],
            ]
        };
        let mut x = start.unwrap_or_else(|| {
            // A rough start: the complement of a lightness-scaled colour.
            let d = (1.0 - lab[0] / 100.0).clamp(0.0, 1.0);
            [
                (d - lab[1] / 250.0 + lab[2] / 500.0).clamp(0.0, 1.0),
                (d + lab[1] / 150.0).clamp(0.0, 1.0),
                (d + lab[2] / 150.0).clamp(0.0, 1.0),
                k_aim,
            ]
        });
        self.limit(&mut x);
        let cost = |r: &[f64; 7]| r.iter().map(|v| v * v).sum::<f64>();
        let mut r = residual(&x);
        let mut lambda = 1e-2;
        for _ in 0..60 {
            // Jacobian by forward differences.
            let mut jac = [[0.0; 4]; 7];
            for j in 0..4 {
                let mut xh = x;
                let h = if x[j] > 0.5 { -1e-4 } else { 1e-4 };
                xh[j] += h;
                let rh = residual(&xh);
                for i in 0..7 {
                    jac[i][j] = (rh[i] - r[i]) / h;
                }
            }
            // Levenberg–Marquardt step: (JᵀJ + λ diag) δ = −Jᵀr.
            let mut a = [[0.0; 4]; 4];
            let mut g = [0.0; 4];
            for p in 0..4 {
                for q in 0..4 {
                    a[p][q] = (0..7).map(|i| jac[i][p] * jac[i][q]).sum();
                }
                g[p] = -(0..7).map(|i| jac[i][p] * r[i]).sum::<f64>();
            }
            let mut improved = false;
            for _ in 0..8 {
                let mut m = a;
                for p in 0..4 {
                    m[p][p] += lambda * (a[p][p] + 1e-6);
                }
                let Some(step) = solve4(m, g) else { break };
                let mut next = [
                    x[0] + step[0],
                    x[1] + step[1],
                    x[2] + step[2],
                    x[3] + step[3],
                ];
                self.limit(&mut next);
                let rn = residual(&next);
                if cost(&rn) < cost(&r) {
                    x = next;
                    r = rn;
                    lambda = (lambda / 3.0).max(1e-7);
                    improved = true;
                    break;
                }
                lambda *= 4.0;
            }
            if !improved || cost(&r) < 1e-8 {
                break;
            }
        }
        let de = delta_e(self.lab_relative(x), lab);
        (x, de)
    }
}

/// Solves the 4 × 4 system `m x = b` by Gaussian elimination with partial pivoting.
fn solve4(mut m: [[f64; 4]; 4], mut b: [f64; 4]) -> Option<[f64; 4]> {
    for col in 0..4 {
        let pivot = (col..4).max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..4 {
            let f = m[row][col] / m[col][col];
            let pivot_row = m[col];
            for (k, v) in m[row].iter_mut().enumerate().skip(col) {
                *v -= f * pivot_row[k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 4];
    for row in (0..4).rev() {
        let s: f64 = (row + 1..4).map(|k| m[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / m[row][row];
    }
    Some(x)
}

/// Lab as ICC v2 16-bit PCS values (L* 100 = 0xFF00, a* and b* 0 = 0x8000).
fn encode_lab_v2(lab: [f64; 3]) -> [u16; 3] {
    let q = |v: f64| v.round().clamp(0.0, 65535.0) as u16;
    [
        q(lab[0] * 652.8),
        q((lab[1] + 128.0) * 256.0),
        q((lab[2] + 128.0) * 256.0),
    ]
}

/// The Lab of an ICC v2 16-bit PCS value.
fn decode_lab_v2(v: [u16; 3]) -> [f64; 3] {
    [
        v[0] as f64 / 652.8,
        v[1] as f64 / 256.0 - 128.0,
        v[2] as f64 / 256.0 - 128.0,
    ]
}

/// Grid coordinate `i` of `n` points as a 16-bit value.
fn node(i: usize, n: usize) -> u16 {
    ((i * 65535 + (n - 1) / 2) / (n - 1)) as u16
}

/// Builds the ICC v2.4 output profile (CMYK, Lab PCS) of `cond`, with the date of the header
/// fixed so the same condition always gives the same bytes.
pub fn build_profile(cond: &PrintCondition) -> Result<Vec<u8>, String> {
    let model = PressModel::new(cond);

    // CMYK → Lab, the first channel varying slowest (the ICC table order).
    let n = A2B_GRID;
    let mut a2b = Vec::with_capacity(n.pow(4) * 3);
    for c in 0..n {
        for m in 0..n {
            for y in 0..n {
                for k in 0..n {
                    let v = |i: usize| node(i, n) as f64 / 65535.0;
                    a2b.extend(encode_lab_v2(model.lab_relative([v(c), v(m), v(y), v(k)])));
                }
            }
        }
    }

    // Lab → CMYK and the gamut table, solved point by point, each from its neighbour's answer.
    let n = B2A_GRID;
    let mut b2a = vec![0u16; n.pow(3) * 4];
    let mut gamut = vec![0u16; n.pow(3)];
    let mut previous: Option<[f64; 4]> = None;
    for li in 0..n {
        for ai in 0..n {
            for bi in 0..n {
                let lab = decode_lab_v2([node(li, n), node(ai, n), node(bi, n)]);
                let lab = [lab[0].min(100.0), lab[1], lab[2]];
                let (x, de) = model.separate(lab, if bi == 0 { None } else { previous });
                previous = Some(x);
                let at = (li * n + ai) * n + bi;
                for ch in 0..4 {
                    b2a[at * 4 + ch] = (x[ch] * 65535.0).round() as u16;
                }
                gamut[at] = if de > GAMUT_DE { 0xFFFF } else { 0 };
            }
        }
    }

    let mut profile = Profile::new_placeholder();
    profile.set_version(2.4);
    profile.set_device_class(ProfileClassSignature::OutputClass);
    profile.set_color_space(ColorSpaceSignature::CmykData);
    profile.set_pcs(ColorSpaceSignature::LabData);
    profile.set_header_rendering_intent(lcms2::Intent::RelativeColorimetric);
    let white = lab_to_xyz(cond.paper);
    let white = CIEXYZ {
        X: white[0],
        Y: white[1],
        Z: white[2],
    };
    let text = |s: &str| {
        let mut mlu = MLU::new(1);
        mlu.set_text_ascii(s, Locale::none());
        mlu
    };
    let desc = text(cond.description);
    let copyright = text(COPYRIGHT);
    let a2b = clut_pipeline(A2B_GRID, 4, 3, &a2b)?;
    let b2a = clut_pipeline(B2A_GRID, 3, 4, &b2a)?;
    let gamut = clut_pipeline(B2A_GRID, 3, 1, &gamut)?;
    let ok = profile.write_tag(TagSignature::ProfileDescriptionTag, Tag::MLU(&desc))
        && profile.write_tag(TagSignature::CopyrightTag, Tag::MLU(&copyright))
        && profile.write_tag(TagSignature::MediaWhitePointTag, Tag::CIEXYZ(&white))
        && profile.write_tag(TagSignature::AToB0Tag, Tag::Pipeline(&a2b))
        && profile.write_tag(TagSignature::BToA0Tag, Tag::Pipeline(&b2a))
        && profile.write_tag(TagSignature::GamutTag, Tag::Pipeline(&gamut))
        // One table serves every rendering intent: colorimetric clipping is what the model gives.
        && profile.link_tag(TagSignature::AToB1Tag, TagSignature::AToB0Tag)
        && profile.link_tag(TagSignature::AToB2Tag, TagSignature::AToB0Tag)
        && profile.link_tag(TagSignature::BToA1Tag, TagSignature::BToA0Tag)
        && profile.link_tag(TagSignature::BToA2Tag, TagSignature::BToA0Tag);
    if !ok {
        return Err("Little CMS could not write a tag of the output profile".into());
    }
    let mut bytes = profile
        .icc()
        .map_err(|e| format!("Little CMS could not save the output profile: {e}"))?;
    // Header bytes 24–35: creation date and time (fixed: 2020-01-01 00:00:00).
    if bytes.len() > 36 {
        let date: [u16; 6] = [2020, 1, 1, 0, 0, 0];
        for (i, v) in date.iter().enumerate() {
            bytes[24 + 2 * i..26 + 2 * i].copy_from_slice(&v.to_be_bytes());
        }
    }
    Ok(bytes)
}

/// A pipeline of one 16-bit lookup table.
fn clut_pipeline(
    grid: usize,
    inputs: u32,
    outputs: u32,
    table: &[u16],
) -> Result<Pipeline, String> {
    use foreign_types::ForeignType;
    let stage = Stage::new_clut(grid, inputs, outputs, Some(table))
        .map_err(|e| format!("Little CMS could not make a lookup table: {e}"))?;
    let pipeline = Pipeline::new(inputs as usize, outputs as usize)
        .map_err(|e| format!("Little CMS could not make a pipeline: {e}"))?;
    // The safe wrapper has no call to add a stage; the pipeline takes ownership of it.
    let ok = unsafe {
        lcms2_sys::cmsPipelineInsertStage(
            pipeline.as_ptr(),
            lcms2_sys::StageLoc::AT_END,
            stage.into_ptr(),
        )
    };
    if ok == 0 {
        return Err("Little CMS could not add a lookup table to a pipeline".into());
    }
    Ok(pipeline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_prints_the_published_solids_and_overprints() {
        let cond = ISO_12647_2_PC5;
        let model = PressModel::new(&cond);
        let cases = [
            ([0.0, 0.0, 0.0, 0.0], cond.paper),
            ([1.0, 0.0, 0.0, 0.0], cond.cyan),
            ([0.0, 1.0, 0.0, 0.0], cond.magenta),
            ([0.0, 0.0, 1.0, 0.0], cond.yellow),
            ([0.0, 0.0, 0.0, 1.0], cond.black),
            ([0.0, 1.0, 1.0, 0.0], cond.red),
            ([1.0, 0.0, 1.0, 0.0], cond.green),
            ([1.0, 1.0, 0.0, 0.0], cond.blue),
        ];
        for (cmyk, aim) in cases {
            let got = model.lab(cmyk);
            assert!(delta_e(got, aim) < 0.05, "{cmyk:?}: {got:?} vs {aim:?}");
        }
        // Four-colour black is darker than black alone, but not below what paper allows.
        let rich = model.lab([1.0, 1.0, 1.0, 1.0]);
        assert!(rich[0] < cond.black[0] - 3.0 && rich[0] > 15.0, "{rich:?}");
        // The tone value increase at 50 % is the aim (Murray–Davies on the Y channel).
        let y = |v: f64| model.xyz([0.0, 0.0, 0.0, v])[1];
        let area = (y(0.0) - y(0.5)) / (y(0.0) - y(1.0));
        assert!((area - 0.68).abs() < 1e-9, "{area}");
    }

    #[test]
    fn neutral_greys_separate_to_black_alone_and_colours_stay_within_the_ink_limit() {
        let model = PressModel::new(&ISO_12647_2_PC5);
        for l in [90.0, 75.0, 60.0, 45.0] {
            let (x, de) = model.separate([l, 0.0, 0.0], None);
            // Black alone is a little warmer than the paper: a grey on it is off by that much.
            assert!(de < 4.0, "L* {l}: {x:?} ΔE {de}");
            assert!(
                x[0] + x[1] + x[2] < 0.03,
                "grey L* {l} needs no colour: {x:?}"
            );
        }
        for lab in [
            [20.0, 0.0, 0.0],
            [40.0, 60.0, 30.0],
            [30.0, 10.0, -50.0],
            [50.0, -60.0, 40.0],
        ] {
            let (x, _) = model.separate(lab, None);
            assert!(x.iter().sum::<f64>() <= 3.0 + 1e-9, "{lab:?} → {x:?}");
        }
        // A colour inside the gamut comes back exact.
        let (x, de) = model.separate(model.lab_relative([0.3, 0.6, 0.2, 0.1]), None);
        assert!(de < 0.5, "{x:?} {de}");
    }

    #[test]
    fn the_profile_reads_back_in_little_cms_as_the_model() {
        let bytes = build_profile(&ISO_12647_2_PC5).unwrap();
        let profile = Profile::new_icc(&bytes).unwrap();
        assert_eq!(profile.color_space(), ColorSpaceSignature::CmykData);
        assert_eq!(profile.device_class(), ProfileClassSignature::OutputClass);
        assert!(
            (profile.version() - 2.4).abs() < 0.01,
            "{}",
            profile.version()
        );
        let desc = profile
            .info(lcms2::InfoType::Description, Locale::none())
            .unwrap();
        assert!(
            desc.contains("approximation") && desc.contains("not FOGRA52"),
            "{desc}"
        );
        // CMYK → Lab through Little CMS agrees with the model (the table interpolates it).
        let lab =
            Profile::new_lab4_context(lcms2::GlobalContext::new(), lcms2::CIExyY::d50()).unwrap();
        let to_lab = lcms2::Transform::<[f64; 4], [f64; 3]>::new(
            &profile,
            lcms2::PixelFormat::CMYK_DBL,
            &lab,
            lcms2::PixelFormat::Lab_DBL,
            lcms2::Intent::RelativeColorimetric,
        )
        .unwrap();
        let model = PressModel::new(&ISO_12647_2_PC5);
        for cmyk in [
            [0.0, 0.0, 0.0, 0.0],
            [0.5, 0.2, 0.0, 0.0],
            [0.0, 0.8, 0.9, 0.1],
            [0.3, 0.3, 0.3, 0.6],
        ] {
            let mut out = [[0.0; 3]];
            to_lab.transform_pixels(&[cmyk.map(|v| v * 100.0)], &mut out);
            let want = model.lab_relative(cmyk);
            assert!(
                delta_e(out[0], want) < 1.5,
                "{cmyk:?}: lcms {:?} model {want:?}",
                out[0]
            );
        }
        // And a mid grey comes out on black alone.
        let from_lab = lcms2::Transform::<[f64; 3], [f64; 4]>::new(
            &lab,
            lcms2::PixelFormat::Lab_DBL,
            &profile,
            lcms2::PixelFormat::CMYK_DBL,
            lcms2::Intent::RelativeColorimetric,
        )
        .unwrap();
        let mut out = [[0.0; 4]];
        from_lab.transform_pixels(&[[60.0, 0.0, 0.0]], &mut out);
        let [c, m, y, k] = out[0];
        assert!(c + m + y < 3.0 && k > 30.0, "{:?}", out[0]);
    }

    #[test]
    fn the_committed_default_profile_is_the_one_this_code_builds() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = repo.join(super::super::colour::DEFAULT_PROFILE);
        let built = build_profile(&ISO_12647_2_PC5).unwrap();
        if std::env::var_os("CNHT_WRITE_DEFAULT_PROFILE").is_some() {
            std::fs::write(&path, &built).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == built,
            "{} differs from what icc::build_profile gives; regenerate it with CNHT_WRITE_DEFAULT_PROFILE=1 cargo test --lib committed_default_profile",
            path.display()
        );
    }
}
