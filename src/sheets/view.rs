//! The model as one capability sheet reads it (`/data/sheet.json`): one enterprise in one
//! language, every vocabulary value named in that language from the model (processes, product
//! groups, certifications, countries, capability labels), and the texts written only in
//! Vietnamese marked so the English sheet can say so. No Typst markup is built here.

use serde::Serialize;

use crate::model::terms::{Key, TermKind, Terms};
use crate::model::vocab::Provenance;
use crate::model::{urls, Enterprise, Lang, Model};

/// Virtual path of the sheet's data, read in Typst with `json("/data/sheet.json")`.
pub const DATA_PATH: &str = "/data/sheet.json";
/// Virtual path of the QR code (SVG).
pub const QR_PATH: &str = "/data/qr.svg";

/// Everything the sheet template reads.
#[derive(Debug, Serialize)]
pub struct SheetView<'m> {
    /// The sheet's language, `vi` or `en`.
    pub lang: &'static str,
    /// The site's title in the sheet's language (the sheet's footer).
    pub site_title: &'m str,
    /// The enterprise's name in the sheet's language.
    pub name: &'m str,
    /// The name in the other language, if any.
    pub alt_name: Option<&'m str>,
    pub tax_code: &'m str,
    pub sector: Option<Named<'m>>,
    pub district: String,
    pub park: Option<Named<'m>>,
    /// Postal address, always as written (Vietnamese).
    pub address: &'m str,
    pub founded: Option<i64>,
    pub employees: Option<i64>,
    pub products: Vec<&'m str>,
    /// True when the products are Vietnamese on the English sheet.
    pub products_in_vi: bool,
    pub product_groups: Vec<Named<'m>>,
    pub processes: Vec<Named<'m>>,
    pub certifications: Vec<CertificateLine<'m>>,
    /// Main customers, as written (Vietnamese).
    pub customers: &'m [String],
    pub export_markets: Vec<Named<'m>>,
    pub capability: CapabilityFacts<'m>,
    pub contact: ContactView<'m>,
    /// The enterprise page's absolute address in the sheet's language (the QR code's target).
    pub url: String,
    /// The QR code's virtual file.
    pub qr: &'static str,
    /// The logo's virtual file, when the enterprise has one Typst can show.
    pub logo: Option<String>,
    /// The date the data was last updated (`YYYY-MM-DD`).
    pub updated: Option<String>,
    /// A fictional record made for illustration.
    pub sample: bool,
    /// The name of the sample mark in the sheet's language ("Dữ liệu mẫu" / "Sample data").
    pub sample_label: &'static str,
    /// The site's sample notice, when it is written in the sheet's language.
    pub sample_notice: Option<&'m str>,
}

/// A vocabulary value or name in the sheet's language, marked when it fell back to Vietnamese.
#[derive(Debug, Clone, Serialize)]
pub struct Named<'m> {
    pub name: &'m str,
    pub in_vi: bool,
}

/// A certification with its certificate's details.
#[derive(Debug, Serialize)]
pub struct CertificateLine<'m> {
    /// Canonical name (`ISO 9001:2015`).
    pub name: &'m str,
    /// The certification body named on the certificate.
    pub body: Option<&'m str>,
    /// Expiry date, `YYYY-MM-DD`.
    pub expires: Option<String>,
    /// Expired on the build's date.
    pub expired: bool,
}

/// One kind of equipment.
#[derive(Debug, Serialize)]
pub struct EquipmentLine<'m> {
    pub kind: Named<'m>,
    pub count: Option<i64>,
    pub capacity: Option<&'m str>,
}

/// The capability profile in the sheet's language; empty lists and `None` where not written.
#[derive(Debug, Serialize)]
pub struct CapabilityFacts<'m> {
    pub ownership: Option<&'static str>,
    pub languages: Vec<&'static str>,
    pub equipment: Vec<EquipmentLine<'m>>,
    pub materials: Vec<&'m str>,
    pub materials_in_vi: bool,
    pub tolerance: Option<&'m str>,
    pub monthly_capacity: Option<Named<'m>>,
    pub quality_equipment: Vec<&'m str>,
    pub quality_equipment_in_vi: bool,
    pub quality_methods: Vec<&'static str>,
}

/// The enterprise's contact details.
#[derive(Debug, Serialize)]
pub struct ContactView<'m> {
    /// Contact person, as written (Vietnamese).
    pub person: Option<&'m str>,
    pub phone: Option<&'m str>,
    pub email: Option<&'m str>,
    pub website: Option<&'m str>,
}

fn named<'m, K: TermKind>(terms: &'m Terms<K>, keys: &'m [Key<K>], lang: Lang) -> Vec<Named<'m>> {
    terms
        .names(keys, lang)
        .into_iter()
        .map(|p| Named {
            name: p.text,
            in_vi: p.fell_back,
        })
        .collect()
}

fn strs(items: &[String]) -> Vec<&str> {
    items.iter().map(String::as_str).collect()
}

/// The absolute address of `e`'s page in `lang`, from the site's base URL.
pub fn page_url(model: &Model, e: &Enterprise, lang: Lang) -> String {
    format!(
        "{}{}",
        model.site().base_url.trim_end_matches('/'),
        lang.url(&urls::enterprise(&e.slug))
    )
}

impl<'m> SheetView<'m> {
    /// The sheet of `e` in `lang`; `logo` is the logo's virtual path when it is shown.
    pub fn of(model: &'m Model, e: &'m Enterprise, lang: Lang, logo: Option<String>) -> Self {
        let site = model.site();
        let vocab = model.vocabularies();
        let name = e.name.pick(lang);
        let (alt_name, _) = e.name.other(lang);
        let products = e.products.pick(lang);
        let c = &e.capability;
        let materials = c.materials.pick(lang);
        let quality_equipment = c.quality_equipment.pick(lang);
        let pick = |p: crate::model::bilingual::Picked<'m, str>| Named {
            name: p.text,
            in_vi: p.fell_back,
        };
        SheetView {
            lang: lang.code(),
            site_title: site.title.pick(lang).text,
            name: name.text,
            alt_name,
            tax_code: &e.tax_code,
            sector: model.sector(&e.sector).map(|s| pick(s.name.pick(lang))),
            district: model
                .district(&e.district)
                .map(|d| d.label(lang))
                .unwrap_or_else(|| e.district.clone()),
            park: e
                .industrial_park
                .as_deref()
                .and_then(|s| model.park(s))
                .map(|p| pick(p.name.pick(lang))),
            address: &e.address,
            founded: e.founded,
            employees: e.employees,
            products: strs(products.text),
            products_in_vi: products.fell_back,
            product_groups: named(&vocab.product_groups, &e.product_groups, lang),
            processes: named(&vocab.processes, &e.processes, lang),
            certifications: e
                .certifications
                .iter()
                .map(|h| CertificateLine {
                    name: vocab.certifications.label(&h.key, lang),
                    body: h.body.as_deref(),
                    expires: h.expires.map(|d| d.to_string()),
                    expired: h.expired(model.today()),
                })
                .collect(),
            customers: &e.customers,
            export_markets: named(&vocab.countries, &e.export_markets, lang),
            capability: CapabilityFacts {
                ownership: c.ownership.map(|o| o.label(lang)),
                languages: c.languages.iter().map(|l| l.label(lang)).collect(),
                equipment: c
                    .equipment
                    .iter()
                    .map(|m| EquipmentLine {
                        kind: pick(m.kind.pick(lang)),
                        count: m.count,
                        capacity: m.capacity.as_deref(),
                    })
                    .collect(),
                materials: strs(materials.text),
                materials_in_vi: materials.fell_back,
                tolerance: c.tolerance.as_deref(),
                monthly_capacity: c.monthly_capacity.as_ref().map(|t| pick(t.pick(lang))),
                quality_equipment: strs(quality_equipment.text),
                quality_equipment_in_vi: quality_equipment.fell_back,
                quality_methods: c.quality_methods.iter().map(|q| q.label(lang)).collect(),
            },
            contact: ContactView {
                person: e.contact.person.as_deref(),
                phone: e.contact.phone.as_deref(),
                email: e.contact.email.as_deref(),
                website: e.contact.website.as_deref(),
            },
            url: page_url(model, e, lang),
            qr: QR_PATH,
            logo,
            updated: e.updated.map(|d| d.to_string()),
            sample: e.sample,
            sample_label: Provenance::Sample.label(lang),
            sample_notice: site
                .sample_notice
                .pick(lang)
                .filter(|p| !p.fell_back)
                .map(|p| p.text),
        }
    }
}
