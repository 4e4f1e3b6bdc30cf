//! Reading `[handbook.print]` and `[handbook.imprint]` of `site.toml`: the print file's binding,
//! paper, ink limit and output intent, and the imprint.

use super::fields::Fields;
use crate::messages::check;
use crate::model::print::DEFAULT_OUTPUT_PROFILE;
use crate::model::print::{Binding, Imprint, PrintSettings};
use std::path::{Component, Path, PathBuf};

/// Keys of `[handbook.print]`.
const PRINT_KEYS: &[&str] = &[
    "binding",
    "paper",
    "paper_caliper_mm",
    "signature_pages",
    "ink_limit_percent",
    "output_profile",
    "output_condition_identifier",
    "output_condition",
    "registry_name",
];

/// Keys of `[handbook.imprint]`.
const IMPRINT_KEYS: &[&str] = &[
    "licence_number",
    "licence_date",
    "print_run",
    "printer",
    "print_date",
];

/// Reads `[handbook.print]` from the `[handbook]` table `h`; defaults where absent.
pub(super) fn read_print(h: &mut Fields<'_, '_>) -> PrintSettings {
    h.sub("print", PRINT_KEYS, |p| {
        let d = PrintSettings::default();
        let binding = match p.opt_str("binding") {
            None => d.binding,
            Some(b) => match b.value.as_str() {
                "perfect" => Binding::Perfect,
                "saddle" => Binding::Saddle,
                other => {
                    let said = check::not_a_binding(other, &Binding::KEYS.join(", "));
                    p.said_at("binding", b.span.clone(), said);
                    d.binding
                }
            },
        };
        let mut number = |key: &str, lo: f64, hi: f64, default: f64| match p.opt_float(key) {
            Some(v) if !(lo..=hi).contains(&v.value) => {
                let said =
                    check::outside(&v.value.to_string(), &lo.to_string(), &hi.to_string(), "");
                p.said_at(key, v.span, said);
                default
            }
            Some(v) => v.value,
            None => default,
        };
        let caliper = number("paper_caliper_mm", 0.03, 1.0, d.paper_caliper_mm);
        let ink = number("ink_limit_percent", 200.0, 400.0, d.ink_limit_percent);
        let signature = match p.opt_int("signature_pages", 4..=64) {
            Some(s) if s.value % 4 != 0 => {
                p.said_at("signature_pages", s.span, check::signature_pages(s.value));
                d.signature_pages
            }
            Some(s) => s.value as usize,
            None => d.signature_pages,
        };
        // A path from the site's folder: an absolute path or one climbing out with `..` would
        // have the build read a file outside the site.
        let profile = p.opt_str("output_profile").and_then(|s| {
            let path = Path::new(&s.value);
            let inside = !path.has_root()
                && path
                    .components()
                    .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
            if !inside {
                let said = check::path_outside_site(&s.value, DEFAULT_OUTPUT_PROFILE);
                p.said_at("output_profile", s.span, said);
            }
            inside.then_some(s.value)
        });
        let identifier = p.opt_str("output_condition_identifier").map(|s| s.value);
        let condition = p.opt_str("output_condition").map(|s| s.value);
        let registry = p.opt_str("registry_name").map(|s| s.value);
        // Another profile without its own identifier would carry the default's name: refuse.
        if profile.is_some() && identifier.is_none() {
            p.missing(
                "output_condition_identifier",
                "the printing condition of `output_profile` (e.g. FOGRA52 for PSO Uncoated v3)",
            );
        }
        let custom = profile.is_some();
        PrintSettings {
            binding,
            paper: p.opt_str("paper").map(|s| s.value).unwrap_or(d.paper),
            paper_caliper_mm: caliper,
            signature_pages: signature,
            ink_limit_percent: ink,
            output_profile: profile.map(PathBuf::from).unwrap_or(d.output_profile),
            output_condition_identifier: identifier.unwrap_or(d.output_condition_identifier),
            output_condition: if custom {
                condition
            } else {
                condition.or(d.output_condition)
            },
            registry_name: registry,
        }
    })
    .unwrap_or_default()
}

/// Reads `[handbook.imprint]` from the `[handbook]` table `h`.
pub(super) fn read_imprint(h: &mut Fields<'_, '_>) -> Imprint {
    h.sub("imprint", IMPRINT_KEYS, |i| Imprint {
        licence_number: i.opt_str("licence_number").map(|s| s.value),
        licence_date: i.opt_date("licence_date").map(|d| d.value),
        print_run: i.opt_int("print_run", 1..=10_000_000).map(|n| n.value),
        printer: i.opt_str("printer").map(|s| s.value),
        print_date: i.opt_date("print_date").map(|d| d.value),
    })
    .unwrap_or_default()
}
