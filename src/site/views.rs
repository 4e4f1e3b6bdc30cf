//! Light, serialisable views of the model handed to templates. Listings get cards, never whole
//! records with rendered content: that keeps large sites fast and small in memory.
//!
//! Every view is made for one language: its addresses carry the language prefix and its texts are
//! the English ones on English pages when the record has them. A text shown in Vietnamese on an
//! English page comes with a `*_lang` field set to `"vi"`, for the template's `lang` attribute.

use super::images::Picture;
use super::profile::{certificates, names, CapabilityView, CertificateView, Named};
use crate::model::provenance::mark;
use crate::model::{
    urls, Article, Basis, Enterprise, Lang, Model, Policy, PolicyScope, PolicyStatus, Provenance,
};
use serde::Serialize;

/// What every view of an enterprise starts with: its address, names and identifiers.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseHead<'a> {
    /// Page address.
    pub url: String,
    /// Name in the page's language (the registered Vietnamese name when there is no English one).
    pub name: &'a str,
    /// `"vi"` when `name` is Vietnamese on an English page.
    pub name_lang: Option<&'static str>,
    /// The name in the other language, if any.
    pub alt_name: Option<&'a str>,
    /// Language of `alt_name`.
    pub alt_lang: &'static str,
    /// Tax code.
    pub tax_code: &'a str,
    /// Sector key.
    pub sector: &'a str,
    /// A fictional record made for illustration.
    pub sample: bool,
}

impl<'a> EnterpriseHead<'a> {
    /// The head of `e` on a page in `lang`.
    pub fn of(e: &'a Enterprise, lang: Lang) -> Self {
        let name = e.name.pick(lang);
        let (alt_name, alt_lang) = e.name.other(lang);
        EnterpriseHead {
            url: lang.url(&urls::enterprise(&e.slug)),
            name: name.text,
            name_lang: name.lang_mark(),
            alt_name,
            alt_lang: alt_lang.code(),
            tax_code: &e.tax_code,
            sector: &e.sector,
            sample: e.sample,
        }
    }
}

/// What a listing shows of one enterprise.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseCard<'a> {
    /// Address, names, identifiers.
    #[serde(flatten)]
    pub head: EnterpriseHead<'a>,
    /// Sector name.
    pub sector_name: &'a str,
    /// District slug.
    pub district: &'a str,
    /// District name.
    pub district_name: &'a str,
    /// First few products.
    pub products: &'a [String],
    /// `"vi"` when the products are in Vietnamese on an English page.
    pub products_lang: Option<&'static str>,
    /// Certification names.
    pub certifications: Vec<&'a str>,
    /// Holds an international certification.
    pub international: bool,
    /// Employees.
    pub employees: Option<i64>,
}

impl<'a> EnterpriseCard<'a> {
    /// The card of `e` on a page in `lang`.
    pub fn of(model: &'a Model, e: &'a Enterprise, lang: Lang) -> Self {
        let products = e.products.pick(lang);
        EnterpriseCard {
            head: EnterpriseHead::of(e, lang),
            sector_name: model
                .sector(&e.sector)
                .map(|s| s.name.pick(lang).text)
                .unwrap_or(&e.sector),
            district: &e.district,
            district_name: model
                .district(&e.district)
                .map(|d| d.name.as_str())
                .unwrap_or(&e.district),
            products: &products.text[..products.text.len().min(4)],
            products_lang: products.lang_mark(),
            certifications: e
                .certifications
                .iter()
                .map(|c| model.vocabularies().certifications.label(&c.key, lang))
                .collect(),
            international: e.international,
            employees: e.employees,
        }
    }
}

/// Everything the enterprise page shows, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseDetail<'a> {
    /// Address, names, identifiers.
    #[serde(flatten)]
    pub head: EnterpriseHead<'a>,
    /// Sector name in the page's language.
    pub sector_name: Option<&'a str>,
    /// `"vi"` when the sector name is Vietnamese on an English page.
    pub sector_lang: Option<&'static str>,
    /// Sector listing.
    pub sector_url: String,
    /// District with its kind.
    pub district_name: String,
    /// District listing.
    pub district_url: String,
    /// Industrial park name.
    pub park_name: Option<&'a str>,
    /// `"vi"` when the park name is Vietnamese on an English page.
    pub park_lang: Option<&'static str>,
    /// Industrial park listing.
    pub park_url: Option<String>,
    /// Postal address (always as written, Vietnamese).
    pub address: &'a str,
    /// Year founded.
    pub founded: Option<i64>,
    /// Employees.
    pub employees: Option<i64>,
    /// Products in the page's language.
    pub products: &'a [String],
    /// `"vi"` when the products are Vietnamese on an English page.
    pub products_lang: Option<&'static str>,
    /// Products in the other language (English products on the Vietnamese page and vice versa).
    pub alt_products: &'a [String],
    /// Language of `alt_products`.
    pub alt_products_lang: &'static str,
    /// Product groups, named in the page's language.
    pub product_groups: Vec<Named<'a>>,
    /// Processes, named in the page's language.
    pub processes: Vec<Named<'a>>,
    /// Certifications with their listing addresses and certificate details.
    pub certifications: Vec<CertificateView<'a>>,
    /// Customers (Vietnamese).
    pub customers: &'a [String],
    /// Export markets, by country name in the page's language.
    pub export_markets: Vec<Named<'a>>,
    /// The capability profile, when any of it is filled in.
    pub capability: Option<CapabilityView<'a>>,
    /// Contact details.
    pub contact: &'a crate::model::EnterpriseContact,
    /// Holds an international certification.
    pub international: bool,
    /// Last update, ISO.
    pub updated: Option<String>,
    /// The English description (shown on the Vietnamese page as an aside, on the English page
    /// in place of the Vietnamese text).
    pub description_en: Option<&'a str>,
    /// The logo, resized.
    pub logo: Option<&'a Picture>,
    /// The capability sheet (one A4 page, PDF) in the page's language.
    pub sheet_url: String,
    /// The capability sheet in the other language.
    pub sheet_alt_url: String,
    /// Language of `sheet_alt_url`.
    pub sheet_alt_lang: &'static str,
}

impl<'a> EnterpriseDetail<'a> {
    /// The page view of `e` in `lang`.
    pub fn of(model: &'a Model, e: &'a Enterprise, lang: Lang, logo: Option<&'a Picture>) -> Self {
        let products = e.products.pick(lang);
        let (alt_products, alt_products_lang) = e.products.other(lang);
        let sector = model.sector(&e.sector).map(|s| s.name.pick(lang));
        let park = e.industrial_park.as_deref().and_then(|s| model.park(s));
        let park_name = park.map(|p| p.name.pick(lang));
        let vocab = model.vocabularies();
        EnterpriseDetail {
            head: EnterpriseHead::of(e, lang),
            sector_name: sector.map(|p| p.text),
            sector_lang: sector.and_then(|p| p.lang_mark()),
            sector_url: lang.url(&urls::sector(&e.sector)),
            district_name: model
                .district(&e.district)
                .map(|d| d.label(lang))
                .unwrap_or_else(|| e.district.clone()),
            district_url: lang.url(&urls::district(&e.district)),
            park_name: park_name.map(|p| p.text),
            park_lang: park_name.and_then(|p| p.lang_mark()),
            park_url: park.map(|p| lang.url(&urls::park(&p.slug))),
            address: &e.address,
            founded: e.founded,
            employees: e.employees,
            products: products.text,
            products_lang: products.lang_mark(),
            alt_products,
            alt_products_lang: alt_products_lang.code(),
            product_groups: names(&vocab.product_groups, &e.product_groups, lang),
            processes: names(&vocab.processes, &e.processes, lang),
            certifications: certificates(model, e, lang),
            customers: &e.customers,
            export_markets: names(&vocab.countries, &e.export_markets, lang),
            capability: CapabilityView::of(&e.capability, lang),
            contact: &e.contact,
            international: e.international,
            updated: e.updated.map(|d| d.to_string()),
            description_en: e.body.en(),
            logo,
            sheet_url: lang.url(&urls::capability_sheet(&e.slug)),
            sheet_alt_url: lang.other().url(&urls::capability_sheet(&e.slug)),
            sheet_alt_lang: lang.other().code(),
        }
    }
}

/// A link with a label and a count, for facets and tag clouds.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    /// Label.
    pub name: String,
    /// `"vi"` when the label is Vietnamese on an English page.
    pub name_lang: Option<&'static str>,
    /// Secondary label (the name in the other language, district type).
    pub note: Option<String>,
    /// Language of `note` when it differs from the page's.
    pub note_lang: Option<&'static str>,
    /// Address.
    pub url: String,
    /// Number of enterprises.
    pub count: usize,
}

/// One numbered page link of a paginator.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Page number, 1-based.
    pub number: usize,
    /// Address.
    pub url: String,
}

/// Pagination of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// Current page, 1-based.
    pub current: usize,
    /// Number of pages.
    pub total_pages: usize,
    /// Number of items in the whole listing.
    pub total_items: usize,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Page links to show (a window around the current page, plus first and last).
    pub pages: Vec<PageLink>,
}

impl Paginator {
    /// Paginator for page `current` of `total_items` at `base` (an address with its language prefix).
    pub fn new(base: &str, current: usize, per_page: usize, total_items: usize) -> Self {
        let total_pages = total_items.div_ceil(per_page).max(1);
        let mut numbers: Vec<usize> =
            (current.saturating_sub(2).max(1)..=(current + 2).min(total_pages)).collect();
        if numbers.first() != Some(&1) {
            numbers.insert(0, 1);
        }
        if numbers.last() != Some(&total_pages) {
            numbers.push(total_pages);
        }
        Paginator {
            current,
            total_pages,
            total_items,
            prev: (current > 1).then(|| urls::paginated(base, current - 1)),
            next: (current < total_pages).then(|| urls::paginated(base, current + 1)),
            pages: numbers
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    url: urls::paginated(base, n),
                })
                .collect(),
        }
    }
}

/// A policy as listed in the library and related-document links.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyCard<'a> {
    /// Address.
    pub url: String,
    /// Title in the page's language.
    pub title: &'a str,
    /// `"vi"` when the title is Vietnamese on an English page.
    pub title_lang: Option<&'static str>,
    /// Official number.
    pub number: &'a str,
    /// Kind, in the page's language.
    pub kind: &'static str,
    /// Issuer (Vietnamese).
    pub issuer: &'a str,
    /// `"vi"` on English pages.
    pub issuer_lang: Option<&'static str>,
    /// Date issued, ISO.
    pub issued: String,
    /// Date effective, ISO.
    pub effective: Option<String>,
    /// Status key: the current entry of the document's status history.
    pub status: PolicyStatus,
    /// What the status rests on: `sourced`, `derived` or `unverified`.
    pub provenance: Provenance,
    /// The source of the status, when it was checked against one.
    pub status_source: Option<&'a str>,
    /// The day it was checked, ISO.
    pub status_checked: Option<String>,
    /// Since when the status holds, ISO (to the month when only the month is known).
    pub status_since: Option<String>,
    /// Scope key.
    pub scope: PolicyScope,
}

impl<'a> PolicyCard<'a> {
    /// Card of `p` of `model` on a page in `lang`.
    pub fn of(p: &'a Policy, model: &Model, lang: Lang) -> Self {
        let title = p.title.pick(lang);
        let current = model.policy_status(p);
        let (status_source, status_checked) = match &p.status_basis {
            Basis::Sourced { source, checked } if current.basis != Basis::Derived => {
                (Some(source.as_str()), Some(checked.to_string()))
            }
            _ => (None, None),
        };
        PolicyCard {
            url: lang.url(&urls::policy(&p.slug)),
            title: title.text,
            title_lang: title.lang_mark(),
            number: &p.number,
            kind: p.kind.label(lang),
            issuer: &p.issuer,
            issuer_lang: lang.vi_mark(false),
            issued: p.issued.iso(),
            effective: p.effective.map(|d| d.to_string()),
            status: current.status,
            provenance: current.basis.provenance(),
            status_source,
            status_checked,
            status_since: current.since.map(|d| d.iso()),
            scope: p.scope,
        }
    }
}

/// What a record's page says about where its content comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceView<'a> {
    /// `sample`, `sourced` or `unverified`.
    pub mark: Provenance,
    /// The source, when checked against one.
    pub source: Option<&'a str>,
    /// The day it was checked, ISO.
    pub checked: Option<String>,
}

impl<'a> ProvenanceView<'a> {
    /// The provenance of a record marked `sample`, resting on `basis`.
    pub fn of(sample: bool, basis: &'a Basis) -> Self {
        let (source, checked) = match basis {
            Basis::Sourced { source, checked } if !sample => {
                (Some(source.as_str()), Some(checked.to_string()))
            }
            _ => (None, None),
        };
        ProvenanceView {
            mark: mark(sample, basis),
            source,
            checked,
        }
    }
}

/// A news item or market note as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard<'a> {
    /// Address.
    pub url: String,
    /// Title in the page's language.
    pub title: &'a str,
    /// `"vi"` when the title is Vietnamese on an English page.
    pub title_lang: Option<&'static str>,
    /// Date, ISO.
    pub date: String,
    /// Summary (or an excerpt of the body).
    pub summary: String,
    /// `"vi"` when the summary is Vietnamese on an English page.
    pub summary_lang: Option<&'static str>,
    /// Tags (Vietnamese).
    pub tags: &'a [String],
    /// `"vi"` on English pages.
    pub tags_lang: Option<&'static str>,
    /// `sample`, `sourced` or `unverified`: listings mark samples and unverified items.
    pub provenance: Provenance,
}

impl<'a> ArticleCard<'a> {
    /// Card of `a` on a page in `lang`.
    pub fn of(a: &'a Article, lang: Lang) -> Self {
        let title = a.title.pick(lang);
        let (summary, summary_lang) = article_summary(a, lang, 200);
        ArticleCard {
            url: lang.url(&urls::record(a.kind.section(), &a.slug)),
            title: title.text,
            title_lang: title.lang_mark(),
            date: a.date.to_string(),
            summary,
            summary_lang,
            tags: &a.tags,
            tags_lang: lang.vi_mark(false),
            provenance: mark(a.sample, &a.basis),
        }
    }
}

/// The summary of `a` in `lang`: the English summary, else the Vietnamese one, else an excerpt
/// of the body.
pub fn article_summary(a: &Article, lang: Lang, max: usize) -> (String, Option<&'static str>) {
    match (lang, a.summary.en()) {
        (Lang::En, Some(s)) => (s.to_owned(), None),
        _ => (
            a.summary
                .vi()
                .map(str::to_owned)
                .unwrap_or_else(|| crate::markdown::excerpt(&a.body, max)),
            lang.vi_mark(false),
        ),
    }
}
