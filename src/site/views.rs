//! Light, serialisable views of the model handed to templates. Listings get cards, never whole
//! records with rendered content: that keeps large sites fast and small in memory.

use crate::model::{Enterprise, Model};
use crate::routes;
use serde::Serialize;

/// What a listing shows of one enterprise.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseCard<'a> {
    /// Page address.
    pub url: String,
    /// Name, Vietnamese.
    pub name: &'a str,
    /// Name, English.
    pub name_en: Option<&'a str>,
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
    /// Certifications.
    pub certifications: &'a [String],
    /// Holds an international certification.
    pub international: bool,
    /// Employees.
    pub employees: Option<i64>,
}

impl<'a> EnterpriseCard<'a> {
    /// The card of `e`.
    pub fn of(model: &'a Model, e: &'a Enterprise) -> Self {
        EnterpriseCard {
            url: routes::enterprise(&e.slug),
            name: &e.name,
            name_en: e.name_en.as_deref(),
            tax_code: &e.tax_code,
            sector: &e.sector,
            sector_name: model
                .sector(&e.sector)
                .map(|s| s.name.as_str())
                .unwrap_or(&e.sector),
            district: &e.district,
            district_name: model
                .district(&e.district)
                .map(|d| d.name.as_str())
                .unwrap_or(&e.district),
            products: &e.products[..e.products.len().min(4)],
            certifications: &e.certifications,
            international: e.international,
            employees: e.employees,
        }
    }
}

/// A link with a label and a count, for facets and tag clouds.
#[derive(Debug, Clone, Serialize)]
pub struct Facet<'a> {
    /// Label.
    pub name: &'a str,
    /// Secondary label (English name, district type).
    pub note: Option<&'a str>,
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
    /// Paginator for page `current` of `total_items` at `base`.
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
            prev: (current > 1).then(|| routes::paginated(base, current - 1)),
            next: (current < total_pages).then(|| routes::paginated(base, current + 1)),
            pages: numbers
                .into_iter()
                .map(|n| PageLink {
                    number: n,
                    url: routes::paginated(base, n),
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
    /// Title.
    pub title: &'a str,
    /// Official number.
    pub number: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Issuer.
    pub issuer: &'a str,
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
    /// Card of `p`.
    pub fn of(p: &'a crate::model::Policy) -> Self {
        PolicyCard {
            url: routes::policy(&p.slug),
            title: &p.title,
            number: &p.number,
            kind: &p.kind,
            issuer: &p.issuer,
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
    /// Title.
    pub title: &'a str,
    /// Date, ISO.
    pub date: String,
    /// Summary (or an excerpt of the body).
    pub summary: String,
    /// Tags.
    pub tags: &'a [String],
}

impl<'a> ArticleCard<'a> {
    /// Card of `a`.
    pub fn of(a: &'a crate::model::Article) -> Self {
        let url = match a.kind {
            crate::model::ArticleKind::News => routes::news(&a.slug),
            crate::model::ArticleKind::Market => routes::market(&a.slug),
        };
        ArticleCard {
            url,
            title: &a.title,
            date: a.date.to_string(),
            summary: a
                .summary
                .clone()
                .unwrap_or_else(|| crate::markdown::excerpt(&a.body, 200)),
            tags: &a.tags,
        }
    }
}
