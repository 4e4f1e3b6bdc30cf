//! Light, serialisable views of the model handed to templates. Listings get cards, never whole
//! records with rendered content: that keeps large sites fast and small in memory.
//!
//! Every view is made for one language: its addresses carry the language prefix and its texts are
//! the English ones on English pages when the record has them. A text shown in Vietnamese on an
//! English page comes with a `*_lang` field set to `"vi"`, for the template's `lang` attribute.

use super::images::Picture;
use super::templates::Strings;
use crate::model::urls;
use crate::model::Lang;
use crate::model::{District, Enterprise, Model};
use serde::Serialize;

/// The name of a district with its kind, in the page's language: "Huyện Đông Anh",
/// "Đông Anh District".
pub fn district_label(strings: &Strings, lang: Lang, d: &District) -> String {
    let key = format!(
        "district_label_{}",
        crate::text::slugify(&d.kind).replace('-', "_")
    );
    match strings.opt(lang, &key) {
        Some(pattern) => pattern.replace("{name}", &d.name),
        None => format!("{} {}", d.kind, d.name),
    }
}

/// The kind of a legal document in the page's language ("Nghị định" → "Decree").
pub fn policy_kind<'a>(strings: &'a Strings, lang: Lang, kind: &'a str) -> &'a str {
    let key = format!(
        "policy_kind_{}",
        crate::text::slugify(kind).replace('-', "_")
    );
    strings.opt(lang, &key).unwrap_or(kind)
}

/// What a listing shows of one enterprise.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseCard<'a> {
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
    /// Certifications.
    pub certifications: &'a [String],
    /// Holds an international certification.
    pub international: bool,
    /// Employees.
    pub employees: Option<i64>,
}

/// The English name of an enterprise when the page is English, else the registered one; with the
/// other one as the alternative name.
fn names(lang: Lang, e: &Enterprise) -> (&str, Option<&'static str>, Option<&str>, &'static str) {
    let en = e.name_en.as_deref().filter(|s| !s.trim().is_empty());
    match (lang, en) {
        (Lang::En, Some(en)) => (en, None, Some(e.name.as_str()), "vi"),
        (Lang::En, None) => (&e.name, Some("vi"), None, "vi"),
        (Lang::Vi, en) => (&e.name, None, en, "en"),
    }
}

/// The products of `e` in the page's language.
pub fn products(lang: Lang, e: &Enterprise) -> (&[String], Option<&'static str>) {
    if lang == Lang::En && !e.products_en.is_empty() {
        (&e.products_en, None)
    } else {
        (&e.products, lang.vi_mark(false))
    }
}

impl<'a> EnterpriseCard<'a> {
    /// The card of `e` on a page in `lang`.
    pub fn of(model: &'a Model, e: &'a Enterprise, lang: Lang) -> Self {
        let (name, name_lang, alt_name, alt_lang) = names(lang, e);
        let (products, products_lang) = products(lang, e);
        EnterpriseCard {
            url: lang.url(&urls::enterprise(&e.slug)),
            name,
            name_lang,
            alt_name,
            alt_lang,
            tax_code: &e.tax_code,
            sector: &e.sector,
            sector_name: model
                .sector(&e.sector)
                .map(|s| lang.pick(&s.name, s.name_en.as_deref()).0)
                .unwrap_or(&e.sector),
            district: &e.district,
            district_name: model
                .district(&e.district)
                .map(|d| d.name.as_str())
                .unwrap_or(&e.district),
            products: &products[..products.len().min(4)],
            products_lang,
            certifications: &e.certifications,
            international: e.international,
            employees: e.employees,
        }
    }
}

/// Everything the enterprise page shows, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseDetail<'a> {
    /// Page address.
    pub url: String,
    /// Name in the page's language.
    pub name: &'a str,
    /// `"vi"` when `name` is Vietnamese on an English page.
    pub name_lang: Option<&'static str>,
    /// The name in the other language.
    pub alt_name: Option<&'a str>,
    /// Language of `alt_name`.
    pub alt_lang: &'static str,
    /// Tax code.
    pub tax_code: &'a str,
    /// Sector key.
    pub sector: &'a str,
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
    /// Processes (Vietnamese).
    pub processes: &'a [String],
    /// Certifications with their listing addresses.
    pub certifications: Vec<Facet>,
    /// Customers (Vietnamese).
    pub customers: &'a [String],
    /// Export markets, ISO codes.
    pub export_markets: &'a [String],
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
}

impl<'a> EnterpriseDetail<'a> {
    /// The page view of `e` in `lang`.
    pub fn of(
        model: &'a Model,
        strings: &Strings,
        e: &'a Enterprise,
        lang: Lang,
        logo: Option<&'a Picture>,
    ) -> Self {
        let (name, name_lang, alt_name, alt_lang) = names(lang, e);
        let (products, products_lang) = products(lang, e);
        let (alt_products, alt_products_lang): (&[String], _) = match lang {
            Lang::Vi => (&e.products_en, "en"),
            Lang::En if e.products_en.is_empty() => (&[], "vi"),
            Lang::En => (&e.products, "vi"),
        };
        let sector = model.sector(&e.sector);
        let (sector_name, sector_lang) = match sector {
            Some(s) => {
                let (n, l) = lang.pick(&s.name, s.name_en.as_deref());
                (Some(n), l)
            }
            None => (None, None),
        };
        let park = e.industrial_park.as_deref().and_then(|s| model.park(s));
        let (park_name, park_lang) = match park {
            Some(p) => {
                let (n, l) = lang.pick(&p.name, p.name_en.as_deref());
                (Some(n), l)
            }
            None => (None, None),
        };
        EnterpriseDetail {
            url: lang.url(&urls::enterprise(&e.slug)),
            name,
            name_lang,
            alt_name,
            alt_lang,
            tax_code: &e.tax_code,
            sector: &e.sector,
            sector_name,
            sector_lang,
            sector_url: lang.url(&urls::sector(&e.sector)),
            district_name: model
                .district(&e.district)
                .map(|d| district_label(strings, lang, d))
                .unwrap_or_else(|| e.district.clone()),
            district_url: lang.url(&urls::district(&e.district)),
            park_name,
            park_lang,
            park_url: park.map(|p| lang.url(&urls::park(&p.slug))),
            address: &e.address,
            founded: e.founded,
            employees: e.employees,
            products,
            products_lang,
            alt_products,
            alt_products_lang,
            processes: &e.processes,
            certifications: e
                .certifications
                .iter()
                .map(|c| Facet {
                    name: c.clone(),
                    name_lang: None,
                    note: None,
                    note_lang: None,
                    url: lang.url(&urls::certification(&crate::text::slugify(c))),
                    count: 0,
                })
                .collect(),
            customers: &e.customers,
            export_markets: &e.export_markets,
            contact: &e.contact,
            international: e.international,
            updated: e.updated.map(|d| d.to_string()),
            description_en: e.description_en.as_deref().filter(|s| !s.trim().is_empty()),
            logo,
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
    pub kind: &'a str,
    /// Issuer (Vietnamese).
    pub issuer: &'a str,
    /// `"vi"` on English pages.
    pub issuer_lang: Option<&'static str>,
    /// Date issued, ISO.
    pub issued: String,
    /// Date effective, ISO.
    pub effective: Option<String>,
    /// Status key.
    pub status: &'a str,
    /// Scope.
    pub scope: &'a str,
}

impl<'a> PolicyCard<'a> {
    /// Card of `p` on a page in `lang`.
    pub fn of(p: &'a crate::model::Policy, lang: Lang, strings: &'a Strings) -> Self {
        let (title, title_lang) = lang.pick(&p.title, p.title_en.as_deref());
        PolicyCard {
            url: lang.url(&urls::policy(&p.slug)),
            title,
            title_lang,
            number: &p.number,
            kind: policy_kind(strings, lang, &p.kind),
            issuer: &p.issuer,
            issuer_lang: lang.vi_mark(false),
            issued: p.issued.to_string(),
            effective: p.effective.map(|d| d.to_string()),
            status: &p.status,
            scope: &p.scope,
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
}

impl<'a> ArticleCard<'a> {
    /// Card of `a` on a page in `lang`.
    pub fn of(a: &'a crate::model::Article, lang: Lang) -> Self {
        let url = match a.kind {
            crate::model::ArticleKind::News => urls::news(&a.slug),
            crate::model::ArticleKind::Market => urls::market(&a.slug),
        };
        let (title, title_lang) = lang.pick(&a.title, a.title_en.as_deref());
        let (summary, summary_lang) = article_summary(a, lang, 200);
        ArticleCard {
            url: lang.url(&url),
            title,
            title_lang,
            date: a.date.to_string(),
            summary,
            summary_lang,
            tags: &a.tags,
            tags_lang: lang.vi_mark(false),
        }
    }
}

/// The summary of `a` in `lang`: the English summary, else the Vietnamese one, else an excerpt.
pub fn article_summary(
    a: &crate::model::Article,
    lang: Lang,
    max: usize,
) -> (String, Option<&'static str>) {
    let en = a.summary_en.as_deref().filter(|s| !s.trim().is_empty());
    match (lang, en) {
        (Lang::En, Some(s)) => (s.to_owned(), None),
        _ => (
            a.summary
                .clone()
                .unwrap_or_else(|| crate::markdown::excerpt(&a.body, max)),
            lang.vi_mark(false),
        ),
    }
}
