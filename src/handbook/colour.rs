//! Colour management of the print file with Little CMS: the output intent's CMYK profile, read
//! and checked, and the conversion of RGB and grey images to it — neutral greys on black ink
//! alone, every pixel within the total ink limit.

use crate::messages::handbook as said;
use std::path::Path;

use lcms2::{
    ColorSpaceSignature, Flags, InfoType, Intent, Locale, PixelFormat, Profile,
    ProfileClassSignature, Transform,
};

use crate::diagnostics::Diagnostic;
use crate::model::print::PrintSettings;

/// The default output profile, relative to the site root (built by `icc::build_profile`).
pub const DEFAULT_PROFILE: &str = crate::model::print::DEFAULT_OUTPUT_PROFILE;

/// Registered printing conditions and names their profiles carry, to catch an identifier that
/// does not match the profile (a FOGRA39 profile declared as FOGRA52, say).
const REGISTERED: &[(&str, &[&str])] = &[
    (
        "FOGRA39",
        &["ISO Coated v2", "Coated FOGRA39", "ISOcoated_v2"],
    ),
    ("FOGRA51", &["PSO Coated v3", "PSOcoated_v3"]),
    ("FOGRA52", &["PSO Uncoated v3", "PSOuncoated_v3"]),
    (
        "FOGRA29",
        &["ISO Uncoated", "Uncoated FOGRA29", "ISOuncoated"],
    ),
    (
        "FOGRA47",
        &["PSO Uncoated ISO12647", "PSOuncoated_ISO12647"],
    ),
    ("CGATS21-2-CRPC6", &["GRACoL"]),
    ("CGATS TR 006", &["SWOP"]),
];

/// Registry of the characterizations ICC keeps.
pub const ICC_REGISTRY: &str = "http://www.color.org";

/// The printing condition the print file is made for: its profile and the output intent keys.
pub struct OutputIntent {
    /// The ICC profile bytes, embedded as `DestOutputProfile`.
    pub icc: Vec<u8>,
    /// The profile's description.
    pub description: String,
    /// `OutputConditionIdentifier`.
    pub identifier: String,
    /// `OutputCondition`.
    pub condition: Option<String>,
    /// `RegistryName`.
    pub registry: Option<String>,
    /// Total ink limit as a fraction of one ink (3.0 = 300 %).
    pub ink_limit: f64,
}

/// Reads the output profile of `settings` (relative to `root`) and checks that it is a CMYK
/// printer profile whose identifier agrees with it.
pub fn load(root: &Path, settings: &PrintSettings) -> Result<OutputIntent, Diagnostic> {
    let field = "handbook.print.output_profile";
    let rel = &settings.output_profile;
    let site = Path::new("content/site.toml");
    let path = root.join(rel);
    crate::boundary::Boundary::new(root)
        .check_path(&path)
        .map_err(|r| Diagnostic::said(site, said::link_refused(&r.link, &r.said())).field(field))?;
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::said(site, said::profile_unreadable(rel, e, DEFAULT_PROFILE)).field(field)
    })?;
    let profile = Profile::new_icc(&bytes)
        .map_err(|e| Diagnostic::said(site, said::profile_not_icc(rel, e)).field(field))?;
    if profile.color_space() != ColorSpaceSignature::CmykData
        || profile.device_class() != ProfileClassSignature::OutputClass
    {
        let kind = format!(
            "{:?} profile for {:?}",
            profile.device_class(),
            profile.color_space()
        );
        return Err(Diagnostic::said(site, said::profile_not_cmyk(rel, &kind)).field(field));
    }
    let description = profile
        .info(InfoType::Description, Locale::none())
        .unwrap_or_default();
    let id = settings.output_condition_identifier.trim();
    if let Some((declared, other)) = registered_mismatch(&description, id) {
        return Err(
            Diagnostic::said(site, said::profile_mismatch(&description, other, declared))
                .field("handbook.print.output_condition_identifier"),
        );
    }
    let registered = REGISTERED
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(id));
    Ok(OutputIntent {
        icc: bytes,
        description,
        identifier: id.to_owned(),
        condition: settings.output_condition.clone(),
        registry: settings
            .registry_name
            .clone()
            .or_else(|| registered.then(|| ICC_REGISTRY.to_owned())),
        ink_limit: settings.ink_limit_percent / 100.0,
    })
}

/// When `id` is a registered condition and the profile `description` names another one:
/// (the declared, the profile's).
fn registered_mismatch(description: &str, id: &str) -> Option<(&'static str, &'static str)> {
    let (declared, own) = REGISTERED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(id))?;
    if own.iter().any(|p| contains_folded(description, p)) {
        return None;
    }
    let (other, _) = REGISTERED.iter().find(|(name, profiles)| {
        name != declared && profiles.iter().any(|p| contains_folded(description, p))
    })?;
    Some((declared, other))
}

fn contains_folded(haystack: &str, needle: &str) -> bool {
    let fold = |s: &str| s.to_lowercase().replace([' ', '_', '-'], "");
    fold(haystack).contains(&fold(needle))
}

/// Converts sRGB or grey pixels to the output intent's CMYK.
pub struct Converter {
    rgb: Transform<[u8; 3], [u8; 4]>,
    /// Black ink for each grey level (0 black … 255 white), matching its lightness on paper.
    grey_to_k: [u8; 256],
    /// Highest C + M + Y + K, in 8-bit units.
    limit: u32,
}

/// RGB pixels whose channels differ by at most this much are neutral and go on black alone.
const NEUTRAL_SPREAD: u8 = 3;

impl Converter {
    /// A converter to `intent`: relative colorimetric with black point compensation.
    pub fn new(intent: &OutputIntent) -> Result<Self, String> {
        let cmyk = Profile::new_icc(&intent.icc).map_err(|e| format!("the output profile: {e}"))?;
        let srgb = Profile::new_srgb();
        let rgb = Transform::new_flags(
            &srgb,
            PixelFormat::RGB_8,
            &cmyk,
            PixelFormat::CMYK_8,
            Intent::RelativeColorimetric,
            Flags::BLACKPOINT_COMPENSATION,
        )
        .map_err(|e| format!("Little CMS cannot convert sRGB to the output profile: {e}"))?;
        let lab = Profile::new_lab4_context(lcms2::GlobalContext::new(), lcms2::CIExyY::d50())
            .map_err(|e| e.to_string())?;
        let srgb_to_lab = Transform::<[u8; 3], [f64; 3]>::new(
            &srgb,
            PixelFormat::RGB_8,
            &lab,
            PixelFormat::Lab_DBL,
            Intent::RelativeColorimetric,
        )
        .map_err(|e| e.to_string())?;
        let k_to_lab = Transform::<[f64; 4], [f64; 3]>::new(
            &cmyk,
            PixelFormat::CMYK_DBL,
            &lab,
            PixelFormat::Lab_DBL,
            Intent::RelativeColorimetric,
        )
        .map_err(|e| e.to_string())?;
        // Lightness of black ink alone at each whole percent, then each grey's lightness mapped
        // onto the range black ink can print (black point compensation on the K channel).
        let mut k_l = [0.0f64; 101];
        for (k, l) in k_l.iter_mut().enumerate() {
            let mut out = [[0.0; 3]];
            k_to_lab.transform_pixels(&[[0.0, 0.0, 0.0, k as f64]], &mut out);
            *l = out[0][0];
        }
        let (l_paper, l_black) = (k_l[0], k_l[100]);
        let mut grey_to_k = [0u8; 256];
        for (v, slot) in grey_to_k.iter_mut().enumerate() {
            let mut out = [[0.0; 3]];
            srgb_to_lab.transform_pixels(&[[v as u8; 3]], &mut out);
            let aim = l_black + out[0][0].clamp(0.0, 100.0) / 100.0 * (l_paper - l_black);
            // Lightness falls as K rises: find the percent step around `aim` and interpolate.
            let k = match (0..100).find(|&i| k_l[i + 1] <= aim) {
                Some(i) => {
                    let span = k_l[i] - k_l[i + 1];
                    let t = if span > 1e-9 {
                        (k_l[i] - aim) / span
                    } else {
                        0.0
                    };
                    i as f64 + t.clamp(0.0, 1.0)
                }
                None => 100.0,
            };
            *slot = (k / 100.0 * 255.0).round().clamp(0.0, 255.0) as u8;
        }
        Ok(Converter {
            rgb,
            grey_to_k,
            limit: (intent.ink_limit * 255.0).floor() as u32,
        })
    }

    /// CMYK (8 bits a channel, 0 = no ink) of packed RGB pixels.
    pub fn rgb(&self, pixels: &[u8]) -> Vec<u8> {
        let rgb: Vec<[u8; 3]> = pixels.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
        let mut cmyk = vec![[0u8; 4]; rgb.len()];
        self.rgb.transform_pixels(&rgb, &mut cmyk);
        let mut out = Vec::with_capacity(rgb.len() * 4);
        for (src, dst) in rgb.iter().zip(cmyk.iter_mut()) {
            let spread = src.iter().max().unwrap_or(&0) - src.iter().min().unwrap_or(&0);
            if spread <= NEUTRAL_SPREAD {
                let grey = ((src[0] as u32 + src[1] as u32 + src[2] as u32 + 1) / 3) as usize;
                *dst = [0, 0, 0, self.grey_to_k[grey]];
            } else {
                self.limit_ink(dst);
            }
            out.extend_from_slice(dst);
        }
        out
    }

    /// CMYK of grey pixels (8 bits, 0 = black): black ink alone.
    pub fn grey(&self, pixels: &[u8]) -> Vec<u8> {
        pixels
            .iter()
            .flat_map(|&v| [0, 0, 0, self.grey_to_k[v as usize]])
            .collect()
    }

    /// Cuts C, M and Y in proportion until the total is within the limit; black stays.
    fn limit_ink(&self, px: &mut [u8; 4]) {
        let total: u32 = px.iter().map(|&v| v as u32).sum();
        if total <= self.limit {
            return;
        }
        let k = px[3] as u32;
        let cmy = total - k;
        let room = self.limit.saturating_sub(k);
        for v in &mut px[..3] {
            *v = ((*v as u32 * room) / cmy) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handbook::icc;
    use crate::model::print::PrintSettings;

    fn repo() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn the_default_profile_loads_as_an_unregistered_condition() {
        let intent = load(repo(), &PrintSettings::default()).unwrap();
        assert!(intent.description.contains("approximation"));
        assert_eq!(intent.registry, None);
        assert!((intent.ink_limit - 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_missing_or_mismatched_profile_is_an_error_naming_the_setting() {
        let s = PrintSettings {
            output_profile: "handbook/icc/none.icc".into(),
            ..Default::default()
        };
        let e = load(repo(), &s).err().unwrap();
        assert_eq!(e.field.as_deref(), Some("handbook.print.output_profile"));
        assert_eq!(
            registered_mismatch("PSO Coated v3", "FOGRA52"),
            Some(("FOGRA52", "FOGRA51"))
        );
        assert_eq!(
            registered_mismatch("PSOuncoated_v3_FOGRA52", "fogra52"),
            None
        );
        assert_eq!(
            registered_mismatch("Coated FOGRA39 (ISO 12647-2:2004)", "FOGRA39"),
            None
        );
        // The default profile names no registered profile, so any identifier passes this check.
        assert_eq!(
            registered_mismatch(icc::ISO_12647_2_PC5.description, "FOGRA52"),
            None
        );
    }

    #[test]
    fn greys_go_on_black_alone_and_colours_respect_the_ink_limit() {
        let intent = load(repo(), &PrintSettings::default()).unwrap();
        let conv = Converter::new(&intent).unwrap();
        // The dark grey ring of a sample logo: a RIP's default made it 70/67/66/76 (278 %).
        let px = conv.rgb(&[0x45, 0x45, 0x45, 255, 255, 255, 0, 0, 0]);
        assert_eq!(&px[0..3], &[0, 0, 0], "{px:?}");
        assert!(px[3] > 150 && px[3] < 255, "dark grey is a K tint: {px:?}");
        assert_eq!(&px[4..8], &[0, 0, 0, 0], "white is no ink");
        assert_eq!(&px[8..12], &[0, 0, 0, 255], "black is K 100");
        // Saturated and dark colours: within 300 %.
        let colours: Vec<u8> = (0..=255u8)
            .step_by(15)
            .flat_map(|r| {
                (0..=255u8)
                    .step_by(51)
                    .flat_map(move |g| [r, g, 255 - r, 20, g / 2, r / 3])
            })
            .collect();
        for p in conv.rgb(&colours).chunks_exact(4) {
            let total: u32 = p.iter().map(|&v| v as u32).sum();
            assert!(total <= 765, "{p:?} is {total} / 255");
        }
        // Red stays red: mostly magenta and yellow.
        let red = conv.rgb(&[200, 30, 40]);
        assert!(red[1] > 150 && red[2] > 120 && red[0] < 60, "{red:?}");
        assert_eq!(conv.grey(&[0, 255]), vec![0, 0, 0, 255, 0, 0, 0, 0]);
    }
}
