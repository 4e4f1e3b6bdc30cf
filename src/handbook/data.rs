//! The model as the handbook sees it: a serde view made only for the Typst templates, with every
//! list already in Vietnamese order (Typst sorts by code point) and Markdown bodies turned into a
//! small block tree that `handbook/markdown.typ` renders. No Typst markup is built here.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Diagnostic;
use crate::model::{Enterprise, Model, Policy};
use crate::text::{compare_vi, distinctive_name, sort_vi_by};

use super::blocks::{markdown, Dest};
pub use super::blocks::{Block, Inline};

/// Width of the space a logo may take in a directory entry, in millimetres.
pub const LOGO_MAX_WIDTH_MM: f64 = 30.0;
/// Height of the space a logo may take in a directory entry, in millimetres.
pub const LOGO_MAX_HEIGHT_MM: f64 = 16.0;
/// Resolution a logo needs at its printed size.
pub const MIN_DPI: f64 = 300.0;
/// Width of the zone outside the bleed that holds the crop marks, in millimetres.
pub const MARK_ZONE_MM: f64 = 8.0;
/// Gap between the bleed edge and the start of a crop mark, in millimetres.
pub const MARK_GAP_MM: f64 = 1.0;

/// Everything the templates read from `/data/handbook.json`.
#[derive(Debug, Serialize)]
pub struct Handbook {
    pub edition: Edition,
    pub site: SiteView,
    pub foreword: Option<PageView>,
    pub program: Option<ProgramView>,
    pub policies: Vec<PolicyView>,
    pub market: Vec<ArticleView>,
    pub sectors: Vec<SectorView>,
    pub index_district: Vec<IndexGroup>,
    pub index_product: Vec<IndexGroup>,
    pub index_certification: Vec<IndexGroup>,
    pub index_az: Vec<IndexGroup>,
    pub enterprise_count: usize,
}

/// Edition settings, with the mark zone the print variant draws crop marks in.
#[derive(Debug, Serialize)]
pub struct Edition {
    pub title: String,
    pub title_en: Option<String>,
    pub year: i64,
    pub publisher: Option<String>,
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    /// Width of the mark zone outside the bleed.
    pub mark_mm: f64,
    /// Distance of the crop marks from the trim (outside the bleed).
    pub mark_offset_mm: f64,
    /// `perfect` or `saddle`: whether the cover is in the text block.
    pub binding: &'static str,
    /// The date the content is shown as of, `dd/mm/yyyy`.
    pub edition_date: String,
    /// The imprint of page 2.
    pub imprint: ImprintView,
}

/// The imprint (publishing licence, print run, printer), formatted for print.
#[derive(Debug, Serialize)]
pub struct ImprintView {
    pub licence_number: Option<String>,
    /// `dd/mm/yyyy`.
    pub licence_date: Option<String>,
    pub print_run: Option<i64>,
    /// Trim size in centimetres, e.g. `14,8 × 21`.
    pub size_cm: String,
    pub printer: Option<String>,
    /// Month and year the printing was finished.
    pub print_month: Option<u32>,
    pub print_year: Option<i32>,
}

/// Site-wide facts printed on the cover, colophon and directory introduction.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub base_url: String,
    pub organisation: Option<String>,
    pub organisation_en: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub sample_notice: Option<String>,
    pub sample_notice_en: Option<String>,
}

/// A free page (the foreword).
#[derive(Debug, Serialize)]
pub struct PageView {
    pub title: String,
    pub title_en: Option<String>,
    pub body: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub struct ProgramView {
    pub year: i64,
    pub title: String,
    pub title_en: Option<String>,
    pub plan: Option<PolicyRef>,
    pub objectives: Vec<String>,
    pub targets: Vec<TargetView>,
    pub tasks: Vec<TaskView>,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub label: String,
    pub value: f64,
    pub unit: Option<String>,
    pub measure: String,
    /// The directory's own count for `enterprises` and `international_standard` targets.
    pub current: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct TaskView {
    pub number: i64,
    pub group: Option<String>,
    pub task: String,
    pub expected_result: Option<String>,
    pub period: Option<String>,
    pub lead: Option<String>,
    pub coordinating: Vec<String>,
    pub status: String,
}

/// A policy named from elsewhere in the book (number and label of its entry).
#[derive(Debug, Serialize)]
pub struct PolicyRef {
    pub number: String,
    pub kind: String,
    pub id: String,
}

#[derive(Debug, Serialize)]
pub struct PolicyView {
    pub id: String,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub issuer: String,
    pub signer: Option<String>,
    pub scope: String,
    pub issued: String,
    pub effective: Option<String>,
    pub status: String,
    pub amends: Vec<PolicyRef>,
    pub amended_by: Vec<PolicyRef>,
    pub replaces: Vec<PolicyRef>,
    pub replaced_by: Vec<PolicyRef>,
    pub source_url: Option<String>,
    pub summary: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: String,
    pub date: String,
    pub summary: Option<String>,
    pub body: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub struct SectorView {
    pub key: String,
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub enterprises: Vec<EntryView>,
}

/// One enterprise of the directory.
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// Label of the entry (`dn-<slug>`), the target of every index line.
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub tax_code: String,
    pub address: String,
    /// District with its kind, e.g. `Huyện Thanh Oai`.
    pub district: Option<String>,
    pub park: Option<String>,
    pub founded: Option<i64>,
    pub employees: Option<i64>,
    pub products: Vec<String>,
    pub products_en: Vec<String>,
    pub processes: Vec<String>,
    pub certifications: Vec<String>,
    pub customers: Vec<String>,
    pub export_markets: Vec<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub person: Option<String>,
    pub logo: Option<LogoView>,
    pub body: Vec<Block>,
}

/// A logo as a virtual file and the size it is printed at.
#[derive(Debug, Serialize)]
pub struct LogoView {
    pub path: String,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// A heading of an index with the enterprises under it.
#[derive(Debug, Serialize)]
pub struct IndexGroup {
    pub heading: String,
    pub entries: Vec<IndexEntry>,
}

#[derive(Debug, Serialize)]
pub struct IndexEntry {
    /// The distinctive name (without legal form), as the entry is sorted.
    pub name: String,
    /// The legal form left out of `name` ("Công ty TNHH"), if any.
    pub form: Option<String>,
    pub id: String,
}

/// The JSON view and its virtual image files, plus warnings about them.
pub struct Built {
    pub handbook: Handbook,
    /// Virtual path → bytes of each logo.
    pub images: Vec<(String, Vec<u8>)>,
    /// Resolution of each raster logo at its printed size, in dpi.
    pub logo_dpi: Vec<f64>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the handbook view of `model`.
pub fn build(model: &Model) -> Built {
    let links = Links::new(model);
    let md = |body: &str| markdown(body, &|dest| links.resolve(dest));
    let h = &model.site.handbook;
    let site = &model.site;
    let mut images = Vec::new();
    let mut logo_dpi = Vec::new();
    let mut warnings = Vec::new();

    let foreword = h
        .foreword
        .as_deref()
        .and_then(|slug| model.pages.iter().find(|p| p.slug == slug))
        .map(|p| PageView {
            title: p.title.clone(),
            title_en: p.title_en.clone(),
            body: md(&p.body),
        });

    let program = model
        .programs
        .iter()
        .find(|p| p.year == h.year)
        .or_else(|| {
            model
                .programs
                .iter()
                .filter(|p| p.year <= h.year)
                .max_by_key(|p| p.year)
        })
        .or_else(|| model.programs.iter().max_by_key(|p| p.year))
        .map(|p| ProgramView {
            year: p.year,
            title: p.title.clone(),
            title_en: p.title_en.clone(),
            plan: p.plan.as_deref().and_then(|s| policy_ref(model, s)),
            objectives: p.objectives.clone(),
            targets: p
                .targets
                .iter()
                .map(|t| TargetView {
                    label: t.label.clone(),
                    value: t.value,
                    unit: t.unit.clone(),
                    measure: t.measure.clone(),
                    current: match t.measure.as_str() {
                        "enterprises" => Some(model.enterprises.len()),
                        "international_standard" => Some(model.international_count()),
                        _ => None,
                    },
                })
                .collect(),
            tasks: p
                .tasks
                .iter()
                .map(|t| TaskView {
                    number: t.number,
                    group: t.group.clone(),
                    task: t.task.clone(),
                    expected_result: t.expected_result.clone(),
                    period: t.period.clone(),
                    lead: t.lead.clone(),
                    coordinating: t.coordinating.clone(),
                    status: t.status.clone(),
                })
                .collect(),
        });

    let refs = |slugs: &[String]| {
        slugs
            .iter()
            .filter_map(|s| policy_ref(model, s))
            .collect::<Vec<_>>()
    };
    let policies = model
        .policies
        .iter()
        .filter(|p| in_edition(model, p))
        .map(|p| PolicyView {
            id: policy_label(p),
            number: p.number.clone(),
            kind: p.kind.clone(),
            title: p.title.clone(),
            issuer: p.issuer.clone(),
            signer: p.signer.clone(),
            scope: p.scope.clone(),
            issued: p.issued.format("%d/%m/%Y").to_string(),
            effective: p.effective.map(|d| d.format("%d/%m/%Y").to_string()),
            status: model.policy_status_on(p, h.edition_date).to_owned(),
            amends: refs(&p.amends),
            amended_by: refs(&p.amended_by),
            replaces: refs(&p.replaces),
            replaced_by: refs(&p.replaced_by),
            source_url: p.source_url.clone(),
            summary: md(&p.body),
        })
        .collect();

    let market = model
        .market
        .iter()
        .filter(|a| a.date <= h.edition_date)
        .map(|a| ArticleView {
            id: format!("tt-{}", a.slug),
            title: a.title.clone(),
            date: a.date.format("%d/%m/%Y").to_string(),
            summary: a.summary.clone(),
            body: md(&a.body),
        })
        .collect();

    // The directory: sectors in site.toml order, enterprises by trading name within each.
    let mut entries: Vec<Option<EntryView>> = model
        .enterprises
        .iter()
        .map(|e| {
            let logo = e.logo.as_deref().and_then(|path| {
                let rel = path.strip_prefix(&model.root).unwrap_or(path);
                match logo(path, rel, &e.slug, &mut warnings) {
                    Some((view, bytes, dpi)) => {
                        logo_dpi.extend(dpi);
                        images.push((view.path.clone(), bytes));
                        Some(view)
                    }
                    None => None,
                }
            });
            Some(entry(model, e, logo, md(&e.body)))
        })
        .collect();
    // The model lists enterprises in Vietnamese order of their distinctive name already.
    let order: Vec<usize> = (0..model.enterprises.len()).collect();
    let mut sectors = Vec::new();
    for s in &site.sectors {
        let members: Vec<EntryView> = order
            .iter()
            .filter(|&&i| model.enterprises[i].sector == s.key)
            .filter_map(|&i| entries[i].take())
            .collect();
        sectors.push(SectorView {
            key: s.key.clone(),
            name: s.name.clone(),
            name_en: s.name_en.clone(),
            description: s.description.clone(),
            enterprises: members,
        });
    }

    let index_entry = |e: &Enterprise| {
        let (name, form) = trading_name(&e.name);
        IndexEntry {
            name: name.to_owned(),
            form: (!form.is_empty()).then(|| form.to_owned()),
            id: enterprise_label(&e.slug),
        }
    };
    let sorted_entries = |members: &mut dyn Iterator<Item = &Enterprise>| {
        let mut v: Vec<&Enterprise> = members.collect();
        sort_vi_by(&mut v, |e| trading_name(&e.name).0);
        v.dedup_by(|a, b| a.slug == b.slug);
        v.into_iter().map(index_entry).collect::<Vec<_>>()
    };

    let mut index_district: Vec<IndexGroup> = model
        .by_district
        .iter()
        .map(|(slug, members)| IndexGroup {
            heading: model
                .district(slug)
                .map(|d| format!("{} {}", d.kind, d.name))
                .unwrap_or_else(|| slug.clone()),
            entries: sorted_entries(&mut members.iter().map(|&i| &model.enterprises[i])),
        })
        .collect();
    // Districts by name, not by "Huyện"/"Quận".
    index_district.sort_by(|a, b| compare_vi(district_name(&a.heading), district_name(&b.heading)));

    let index_product = group_by_term(model, |e| &e.products, &sorted_entries);
    let index_certification = group_by_term(model, |e| &e.certifications, &sorted_entries);

    let mut az: BTreeMap<usize, IndexGroup> = BTreeMap::new();
    let mut by_name: Vec<&Enterprise> = model.enterprises.iter().collect();
    sort_vi_by(&mut by_name, |e| trading_name(&e.name).0);
    let mut letters: Vec<String> = Vec::new();
    for e in by_name {
        let letter = initial(trading_name(&e.name).0);
        let pos = match letters.iter().position(|l| *l == letter) {
            Some(p) => p,
            None => {
                letters.push(letter.clone());
                letters.len() - 1
            }
        };
        az.entry(pos)
            .or_insert_with(|| IndexGroup {
                heading: letter,
                entries: Vec::new(),
            })
            .entries
            .push(index_entry(e));
    }

    Built {
        handbook: Handbook {
            edition: Edition {
                title: h.title.clone(),
                title_en: h.title_en.clone(),
                year: h.year,
                publisher: h.publisher.clone(),
                trim_width_mm: h.trim_width_mm,
                trim_height_mm: h.trim_height_mm,
                bleed_mm: h.bleed_mm,
                mark_mm: MARK_ZONE_MM,
                mark_offset_mm: h.bleed_mm + MARK_GAP_MM,
                binding: h.print.binding.key(),
                edition_date: h.edition_date.format("%d/%m/%Y").to_string(),
                imprint: imprint_view(h),
            },
            site: SiteView {
                title: site.title.clone(),
                title_en: site.title_en.clone(),
                description: site.description.clone(),
                base_url: site.base_url.clone(),
                organisation: site.contact.organisation.clone(),
                organisation_en: site.contact.organisation_en.clone(),
                address: site.contact.address.clone(),
                phone: site.contact.phone.clone(),
                email: site.contact.email.clone(),
                website: site.contact.website.clone(),
                sample_notice: site
                    .sample_data
                    .then(|| site.sample_notice.clone())
                    .flatten(),
                sample_notice_en: site
                    .sample_data
                    .then(|| site.sample_notice_en.clone())
                    .flatten(),
            },
            foreword,
            program,
            policies,
            market,
            sectors,
            index_district,
            index_product,
            index_certification,
            index_az: az.into_values().collect(),
            enterprise_count: model.enterprises.len(),
        },
        images,
        logo_dpi,
        warnings,
    }
}

/// Label of an enterprise's directory entry.
pub fn enterprise_label(slug: &str) -> String {
    format!("dn-{slug}")
}

fn policy_label(p: &Policy) -> String {
    format!("cs-{}", p.slug)
}

/// Whether the edition includes `p`: documents issued after the edition date are left out.
fn in_edition(model: &Model, p: &Policy) -> bool {
    model.issued_by(p, model.site.handbook.edition_date)
}

fn imprint_view(h: &crate::model::HandbookEdition) -> ImprintView {
    use chrono::Datelike;
    let i = &h.imprint;
    let cm = |mm: f64| super::readme::mm(mm / 10.0);
    ImprintView {
        licence_number: i.licence_number.clone(),
        licence_date: i.licence_date.map(|d| d.format("%d/%m/%Y").to_string()),
        print_run: i.print_run,
        size_cm: format!("{} × {}", cm(h.trim_width_mm), cm(h.trim_height_mm)),
        printer: i.printer.clone(),
        print_month: i.print_date.map(|d| d.month()),
        print_year: i.print_date.map(|d| d.year()),
    }
}

fn policy_ref(model: &Model, slug: &str) -> Option<PolicyRef> {
    model
        .policy(slug)
        .filter(|p| in_edition(model, p))
        .map(|p| PolicyRef {
            number: p.number.clone(),
            kind: p.kind.clone(),
            id: policy_label(p),
        })
}

fn district_name(heading: &str) -> &str {
    ["Quận ", "Huyện ", "Thị xã "]
        .iter()
        .find_map(|k| heading.strip_prefix(k))
        .unwrap_or(heading)
}

fn entry(model: &Model, e: &Enterprise, logo: Option<LogoView>, body: Vec<Block>) -> EntryView {
    EntryView {
        id: enterprise_label(&e.slug),
        name: e.name.clone(),
        name_en: e.name_en.clone(),
        tax_code: e.tax_code.clone(),
        address: e.address.clone(),
        district: model
            .district(&e.district)
            .map(|d| format!("{} {}", d.kind, d.name)),
        park: e
            .industrial_park
            .as_deref()
            .and_then(|p| model.park(p))
            .map(|p| p.name.clone()),
        founded: e.founded,
        employees: e.employees,
        products: e.products.clone(),
        products_en: e.products_en.clone(),
        processes: e.processes.clone(),
        certifications: e.certifications.clone(),
        customers: e.customers.clone(),
        export_markets: e.export_markets.clone(),
        phone: e.contact.phone.clone(),
        email: e.contact.email.clone(),
        website: e.contact.website.clone(),
        person: e.contact.person.clone(),
        logo,
        body,
    }
}

/// Groups enterprises by each term `terms` gives (products, certifications), merging terms that
/// differ only in case, headings and entries in Vietnamese order.
fn group_by_term<'m>(
    model: &'m Model,
    terms: impl Fn(&'m Enterprise) -> &'m Vec<String>,
    sorted: &dyn Fn(&mut dyn Iterator<Item = &'m Enterprise>) -> Vec<IndexEntry>,
) -> Vec<IndexGroup> {
    let mut groups: HashMap<String, (String, Vec<&Enterprise>)> = HashMap::new();
    for e in &model.enterprises {
        for t in terms(e) {
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            groups
                .entry(t.to_lowercase())
                .or_insert_with(|| (t.to_owned(), Vec::new()))
                .1
                .push(e);
        }
    }
    let mut out: Vec<IndexGroup> = groups
        .into_values()
        .map(|(heading, members)| IndexGroup {
            heading,
            entries: sorted(&mut members.into_iter()),
        })
        .collect();
    // Stable across runs: HashMap order is random, the collation may tie on case.
    out.sort_by(|a, b| compare_vi(&a.heading, &b.heading).then_with(|| a.heading.cmp(&b.heading)));
    out
}

/// Splits a registered name into its distinctive name and legal form:
/// "Công ty TNHH Băng chun Đức Phong Lâm" → ("Băng chun Đức Phong Lâm", "Công ty TNHH").
pub fn trading_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    let rest = distinctive_name(name);
    (rest, name[..name.len() - rest.len()].trim_end())
}

/// The letter an A–Z index files `name` under: the first letter without its tone mark but with
/// its vowel mark (Ấ → Â, Đ stays Đ), upper case; digits and symbols go under "#".
pub fn initial(name: &str) -> String {
    let Some(first) = name.chars().find(|c| !c.is_whitespace()) else {
        return "#".to_owned();
    };
    if !first.is_alphabetic() {
        return "#".to_owned();
    }
    let base: String = std::iter::once(first)
        .nfd()
        // Tone marks: grave, acute, tilde, hook above, dot below.
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .flat_map(char::to_uppercase)
        .collect();
    base
}

/// Resolves Markdown link destinations: `@/` links to records in the book become internal links,
/// other `@/` links become website URLs.
struct Links<'m> {
    model: &'m Model,
    enterprises: HashMap<&'m str, ()>,
    market: HashMap<&'m str, ()>,
}

impl<'m> Links<'m> {
    fn new(model: &'m Model) -> Self {
        Links {
            model,
            enterprises: model
                .enterprises
                .iter()
                .map(|e| (e.slug.as_str(), ()))
                .collect(),
            market: model
                .market
                .iter()
                .filter(|a| a.date <= model.site.handbook.edition_date)
                .map(|a| (a.slug.as_str(), ()))
                .collect(),
        }
    }

    fn resolve(&self, dest: &str) -> Dest {
        let Some(key) = dest.strip_prefix("@/") else {
            return Dest::Url(dest.to_owned());
        };
        let path = key.split('#').next().unwrap_or(key);
        let stem = path.trim_end_matches("/index.md").trim_end_matches(".md");
        if let Some((section, slug)) = stem.split_once('/') {
            match section {
                "policies"
                    if self
                        .model
                        .policy(slug)
                        .is_some_and(|p| in_edition(self.model, p)) =>
                {
                    return Dest::Label(format!("cs-{slug}"))
                }
                "enterprises" if self.enterprises.contains_key(slug) => {
                    return Dest::Label(enterprise_label(slug))
                }
                "market" if self.market.contains_key(slug) => {
                    return Dest::Label(format!("tt-{slug}"))
                }
                _ => {}
            }
        }
        match self.model.content_paths.get(path) {
            Some(url) => Dest::Url(format!(
                "{}{}",
                self.model.site.base_url.trim_end_matches('/'),
                url
            )),
            None => Dest::Url(format!(
                "{}/",
                self.model.site.base_url.trim_end_matches('/')
            )),
        }
    }
}

/// Reads a logo, checks its resolution at the size it is printed and returns it as an opaque PNG
/// (alpha flattened onto white: the print PDF has no transparency). SVG logos are passed through.
/// Also returns the resolution at the printed size (none for SVG).
fn logo(
    path: &Path,
    rel: &Path,
    slug: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(LogoView, Vec<u8>, Option<f64>)> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Diagnostic::warning(
                rel,
                format!("the logo cannot be read ({e}); the entry is printed without it"),
            ));
            return None;
        }
    };
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        // Vector: no resolution to check; printed in the logo box at a 2:1 aspect as a fallback.
        let (w, h) = svg_size(&bytes).unwrap_or((2.0, 1.0));
        let (width_mm, height_mm) = print_size(w, h);
        return Some((
            LogoView {
                path: format!("/data/logos/{slug}.svg"),
                width_mm,
                height_mm,
            },
            bytes,
            None,
        ));
    }
    let img = match image::load_from_memory(&bytes) {
        Ok(img) => img,
        Err(e) => {
            warnings.push(Diagnostic::warning(
                rel,
                format!("the logo is not an image the handbook can print ({e}); the entry is printed without it"),
            ).hint("use a PNG or JPEG file"));
            return None;
        }
    };
    let (px_w, px_h) = (img.width(), img.height());
    if px_w == 0 || px_h == 0 {
        return None;
    }
    let (width_mm, height_mm) = print_size(px_w as f64, px_h as f64);
    let dpi = px_w as f64 / (width_mm / 25.4);
    if dpi + 0.5 < MIN_DPI {
        let need_w = (MIN_DPI * width_mm / 25.4).ceil() as u32;
        let need_h = (MIN_DPI * height_mm / 25.4).ceil() as u32;
        warnings.push(
            Diagnostic::warning(
                rel,
                format!(
                    "the logo is too small for print: {px_w} × {px_h} px printed at {width_mm:.1} × {height_mm:.1} mm is {dpi:.0} dpi, print needs at least {MIN_DPI:.0} dpi"
                ),
            )
            .hint(format!("supply the logo at least {need_w} × {need_h} px, or as SVG")),
        );
    }
    // Flatten onto white and re-encode: one format for Typst, no soft mask in the PDF.
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(px_w, px_h);
    for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    let mut png = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut png);
    if let Err(e) = image::ImageEncoder::write_image(
        encoder,
        rgb.as_raw(),
        px_w,
        px_h,
        image::ExtendedColorType::Rgb8,
    ) {
        warnings.push(Diagnostic::warning(
            rel,
            format!("the logo cannot be prepared for print ({e})"),
        ));
        return None;
    }
    Some((
        LogoView {
            path: format!("/data/logos/{slug}.png"),
            width_mm,
            height_mm,
        },
        png,
        Some(dpi),
    ))
}

/// The size a `w` × `h` logo is printed at: as large as fits the logo box, aspect kept.
pub fn print_size(w: f64, h: f64) -> (f64, f64) {
    let scale = (LOGO_MAX_WIDTH_MM / w).min(LOGO_MAX_HEIGHT_MM / h);
    let round = |x: f64| (x * 100.0).round() / 100.0;
    (round(w * scale), round(h * scale))
}

/// Width and height of an SVG from its `viewBox` or `width`/`height` attributes.
fn svg_size(bytes: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[i..i + tag[i..].find('"')?])
    };
    if let Some(vb) = attr("viewBox") {
        let n: Vec<f64> = vb
            .split([' ', ','])
            .filter_map(|x| x.parse().ok())
            .collect();
        if n.len() == 4 && n[2] > 0.0 && n[3] > 0.0 {
            return Some((n[2], n[3]));
        }
    }
    let num = |s: &str| {
        s.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<f64>()
            .ok()
    };
    Some((num(attr("width")?)?, num(attr("height")?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trading_names_drop_the_legal_form() {
        assert_eq!(
            trading_name("Công ty TNHH Băng chun Đức Phong Lâm"),
            ("Băng chun Đức Phong Lâm", "Công ty TNHH")
        );
        assert_eq!(
            trading_name("Công ty Cổ phần Đúc Tiến Thành"),
            ("Đúc Tiến Thành", "Công ty Cổ phần")
        );
        assert_eq!(
            trading_name("Công ty TNHH MTV Ánh Dương"),
            ("Ánh Dương", "Công ty TNHH MTV")
        );
        assert_eq!(trading_name("Hanel"), ("Hanel", ""));
    }

    #[test]
    fn initials_keep_vowel_marks_not_tones() {
        assert_eq!(initial("Ấn Độ"), "Â");
        assert_eq!(initial("ước"), "Ư");
        assert_eq!(initial("Đông"), "Đ");
        assert_eq!(initial("ắc quy"), "Ă");
        assert_eq!(initial("Ánh"), "A");
        assert_eq!(initial("3M"), "#");
    }

    #[test]
    fn logos_fit_the_box() {
        assert_eq!(print_size(800.0, 800.0), (16.0, 16.0));
        assert_eq!(print_size(1200.0, 300.0), (30.0, 7.5));
    }
}
