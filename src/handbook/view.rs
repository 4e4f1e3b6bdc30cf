//! The model as the handbook's templates read it (`/data/handbook.json`): the records borrowed
//! from the model in the book's order (Typst sorts by code point), Markdown bodies as a small
//! block tree (`blocks`), the indexes (`indexes`), the logos as virtual files (`logos`) and the
//! vocabularies' names from the model's label table (the website's), so a status or a country
//! reads the same in print as on screen. No Typst markup is built here.

use std::collections::BTreeMap;

use serde::Serialize;

use super::blocks::{markdown, Block, Dest};
use super::capability::CapabilityLines;
use super::edition::Edition;
use super::excerpt::{excerpt, Excerpt};
use super::indexes::{self, enterprise_label, IndexGroup};
use super::logos::{logo, LogoView};
pub use super::status::StatusView;
use crate::diagnostics::Diagnostic;
use crate::model::links::{Link, LinkError};
use crate::model::vocab::{names, PolicyKind, PolicyScope, PolicyStatus, Provenance, TaskStatus};
use crate::model::{urls, Basis};
use crate::model::{Article, Enterprise, Lang, Model, Program, Section, TargetMeasure};

/// Everything the templates read from `/data/handbook.json`.
#[derive(Debug, Serialize)]
pub struct Handbook<'m> {
    pub edition: Edition<'m>,
    pub site: SiteView<'m>,
    pub labels: Labels<'m>,
    pub foreword: Option<PageView<'m>>,
    pub program: Option<ProgramView<'m>>,
    pub policies: Vec<PolicyView<'m>>,
    pub market: Vec<ArticleView<'m>>,
    pub sectors: Vec<SectorView<'m>>,
    pub index_district: Vec<IndexGroup>,
    pub index_product: Vec<IndexGroup>,
    pub index_process: Vec<IndexGroup>,
    pub index_certification: Vec<IndexGroup>,
    pub index_az: Vec<IndexGroup>,
    pub enterprise_count: usize,
}

/// The Vietnamese names of the vocabularies' values, keyed by value: the label table the website
/// reads too (`model::vocab`).
#[derive(Debug, Serialize)]
pub struct Labels<'m> {
    pub policy_kind: BTreeMap<&'static str, &'static str>,
    pub policy_scope: BTreeMap<&'static str, &'static str>,
    pub policy_status: BTreeMap<&'static str, &'static str>,
    pub task_status: BTreeMap<&'static str, &'static str>,
    pub provenance: BTreeMap<&'static str, &'static str>,
    pub country: BTreeMap<&'m str, &'m str>,
}

impl<'m> Labels<'m> {
    /// The names in the book's language.
    pub fn of(model: &'m Model, lang: Lang) -> Labels<'m> {
        Labels {
            policy_kind: names::<PolicyKind>(lang),
            policy_scope: names::<PolicyScope>(lang),
            policy_status: names::<PolicyStatus>(lang),
            task_status: names::<TaskStatus>(lang),
            provenance: names::<Provenance>(lang),
            country: model
                .vocabularies()
                .countries
                .all()
                .iter()
                .map(|t| (t.key.as_str(), t.label(lang)))
                .collect(),
        }
    }
}

/// Site-wide facts printed on the cover, colophon and directory introduction.
#[derive(Debug, Serialize)]
pub struct SiteView<'m> {
    pub title: &'m str,
    pub title_en: Option<&'m str>,
    pub description: Option<&'m str>,
    pub base_url: &'m str,
    pub organisation: Option<&'m str>,
    pub organisation_en: Option<&'m str>,
    pub address: Option<&'m str>,
    pub phone: Option<&'m str>,
    pub email: Option<&'m str>,
    pub website: Option<&'m str>,
    pub sample_notice: Option<&'m str>,
    pub sample_notice_en: Option<&'m str>,
    /// The contact details (and domain) are placeholders.
    pub contact_sample: bool,
}

/// A free page (the foreword).
#[derive(Debug, Serialize)]
pub struct PageView<'m> {
    pub title: &'m str,
    pub title_en: Option<&'m str>,
    pub body: Vec<Block>,
}

/// The edition year's programme.
#[derive(Debug, Serialize)]
pub struct ProgramView<'m> {
    pub year: i64,
    pub title: &'m str,
    pub title_en: Option<&'m str>,
    pub plan: Option<PolicyRef<'m>>,
    pub objectives: &'m [String],
    pub targets: Vec<TargetView<'m>>,
    pub tasks: Vec<TaskView<'m>>,
    /// The tasks' statuses are sample values.
    pub status_sample: bool,
    /// The directory's counts count sample records.
    pub actuals_sample: bool,
}

/// A target of the programme with the directory's count.
#[derive(Debug, Serialize)]
pub struct TargetView<'m> {
    pub label: &'m str,
    pub value: f64,
    pub unit: Option<&'m str>,
    pub measure: TargetMeasure,
    /// The directory's own count for `enterprises` and `international_standard` targets.
    pub current: Option<usize>,
}

/// A task of the programme.
#[derive(Debug, Serialize)]
pub struct TaskView<'m> {
    pub number: i64,
    pub group: Option<&'m str>,
    pub task: &'m str,
    pub expected_result: Option<&'m str>,
    pub period: Option<&'m str>,
    pub lead: Option<&'m str>,
    pub coordinating: &'m [String],
    pub status: TaskStatus,
}

/// A policy named from elsewhere in the book (number and label of its entry).
#[derive(Debug, Serialize)]
pub struct PolicyRef<'m> {
    pub number: &'m str,
    pub kind: PolicyKind,
    pub id: String,
}

/// A legal document of the policy chapter.
#[derive(Debug, Serialize)]
pub struct PolicyView<'m> {
    pub id: String,
    pub number: &'m str,
    pub kind: PolicyKind,
    pub title: &'m str,
    pub issuer: &'m str,
    pub signer: Option<&'m str>,
    pub scope: PolicyScope,
    pub issued: String,
    pub effective: Option<String>,
    /// The status on the edition date and what it rests on.
    #[serde(flatten)]
    pub status: StatusView,
    pub amends: Vec<PolicyRef<'m>>,
    pub amended_by: Vec<PolicyRef<'m>>,
    pub replaces: Vec<PolicyRef<'m>>,
    pub replaced_by: Vec<PolicyRef<'m>>,
    pub source_url: Option<&'m str>,
    pub summary: Vec<Block>,
}

/// A market note.
#[derive(Debug, Serialize)]
pub struct ArticleView<'m> {
    pub id: String,
    pub title: &'m str,
    pub date: String,
    pub summary: Option<&'m str>,
    pub body: Vec<Block>,
    /// `sourced`, `unverified` or `sample`, and the source when there is one.
    pub provenance: Provenance,
    pub source: Option<&'m str>,
}

/// A sector of the directory with its enterprises.
#[derive(Debug, Serialize)]
pub struct SectorView<'m> {
    pub key: &'m str,
    pub name: &'m str,
    pub name_en: Option<&'m str>,
    pub description: Option<&'m str>,
    pub enterprises: Vec<EntryView<'m>>,
}

/// One enterprise of the directory.
#[derive(Debug, Serialize)]
pub struct EntryView<'m> {
    /// Label of the entry (`dn-<slug>`), the target of every index line.
    pub id: String,
    pub name: &'m str,
    pub name_en: Option<&'m str>,
    pub tax_code: &'m str,
    pub address: &'m str,
    /// District with its kind, e.g. `Huyện Thanh Oai`.
    pub district: Option<String>,
    pub park: Option<&'m str>,
    pub founded: Option<i64>,
    pub employees: Option<i64>,
    pub products: &'m [String],
    pub products_en: &'m [String],
    /// Process names.
    pub processes: Vec<&'m str>,
    /// Certification names (canonical, e.g. `ISO 9001:2015`).
    pub certifications: Vec<&'m str>,
    /// Certificates past their expiry date: name and date, e.g. `ISO 9001:2015 (31/12/2024)`.
    pub expired: Vec<String>,
    pub customers: &'m [String],
    /// Export market codes (named through `labels.country`).
    pub export_markets: Vec<&'m str>,
    /// The capability profile, each fact as one line of text (absent when not written).
    pub capability: CapabilityLines<'m>,
    pub phone: Option<&'m str>,
    pub email: Option<&'m str>,
    pub website: Option<&'m str>,
    pub person: Option<&'m str>,
    pub logo: Option<LogoView>,
    /// The description, or its beginning (`excerpt`).
    pub body: Vec<Block>,
    /// The website's address of the enterprise's profile, when `body` is only the beginning of
    /// its description.
    pub more: Option<String>,
    /// A fictional record.
    pub sample: bool,
}

/// The JSON view and its virtual image files, plus warnings about them.
pub struct Built<'m> {
    pub handbook: Handbook<'m>,
    /// Virtual path → bytes of each logo.
    pub images: Vec<(String, Vec<u8>)>,
    /// Resolution of each raster logo at its printed size, in dpi.
    pub logo_dpi: Vec<f64>,
    /// How many enterprises' descriptions the directory prints only the beginning of.
    pub shortened: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the handbook view of `model`.
pub fn build(model: &Model) -> Built<'_> {
    let md = |body: &str| markdown(body, &|dest| link(model, dest));
    let h = &model.site().handbook;
    let site = model.site();
    let mut images = Vec::new();
    let mut logo_dpi = Vec::new();
    let mut shortened = 0;
    let mut warnings = Vec::new();

    let foreword = h
        .foreword
        .as_deref()
        .and_then(|slug| model.pages().iter().find(|p| p.slug == slug))
        .map(|p| PageView {
            title: &p.title.vi,
            title_en: p.title.en.as_deref(),
            body: md(&p.body.markdown),
        });
    // The edition shows the library as of its date: later documents are left out, and each
    // status is the one of that day.
    let as_of = h.edition_date;
    let policies = model
        .policies()
        .iter()
        .filter(|p| model.issued_by(p, as_of))
        .map(|p| PolicyView {
            id: policy_label(&p.slug),
            number: &p.number,
            kind: p.kind,
            title: &p.title.vi,
            issuer: &p.issuer,
            signer: p.signer.as_deref(),
            scope: p.scope,
            issued: p.issued.dmy(),
            effective: p.effective.map(|d| d.format("%d/%m/%Y").to_string()),
            status: model.policy_status_on(p, as_of).into(),
            amends: policy_refs(model, &p.amends),
            amended_by: policy_refs(model, &p.amended_by),
            replaces: policy_refs(model, &p.replaces),
            replaced_by: policy_refs(model, &p.replaced_by),
            source_url: p.source_url.as_deref(),
            summary: md(&p.body.markdown),
        })
        .collect();
    let market = model
        .market()
        .iter()
        .filter(|a| a.date <= as_of)
        .map(|a: &Article| ArticleView {
            id: market_label(&a.slug),
            title: &a.title.vi,
            date: a.date.format("%d/%m/%Y").to_string(),
            summary: a.summary.vi.as_deref(),
            body: md(&a.body),
            provenance: crate::model::provenance::mark(a.sample, &a.basis),
            source: match &a.basis {
                Basis::Sourced { source, .. } if !a.sample => Some(source.as_str()),
                _ => None,
            },
        })
        .collect();

    // The directory: sectors in site.toml order, enterprises in the model's (Vietnamese) order.
    let mut entries: Vec<Option<EntryView>> = model
        .enterprises()
        .iter()
        .map(|e| {
            let logo = e.logo.as_deref().and_then(|path| {
                let rel = path.strip_prefix(model.root()).unwrap_or(path);
                let (view, bytes, dpi) = logo(path, rel, &e.slug, &mut warnings)?;
                logo_dpi.extend(dpi);
                images.push((view.path.clone(), bytes));
                Some(view)
            });
            let body = excerpt(md(&e.body.markdown), h.description_words);
            shortened += usize::from(body.cut);
            Some(entry(model, e, logo, body))
        })
        .collect();
    let sectors = site
        .sectors
        .iter()
        .map(|s| SectorView {
            key: &s.key,
            name: &s.name.vi,
            name_en: s.name.en.as_deref(),
            description: s.description.vi.as_deref(),
            enterprises: model
                .in_sector(&s.key)
                .iter()
                .filter_map(|&i| entries[i].take())
                .collect(),
        })
        .collect();
    let indexes = indexes::build(model);

    Built {
        handbook: Handbook {
            edition: Edition::of(h),
            site: SiteView {
                title: &site.title.vi,
                title_en: site.title.en.as_deref(),
                description: site.description.vi.as_deref(),
                base_url: &site.base_url,
                organisation: site.contact.organisation.vi.as_deref(),
                organisation_en: site.contact.organisation.en.as_deref(),
                address: site.contact.address.as_deref(),
                phone: site.contact.phone.as_deref(),
                email: site.contact.email.as_deref(),
                website: site.contact.website.as_deref(),
                sample_notice: site
                    .sample_data
                    .then_some(site.sample_notice.vi.as_deref())
                    .flatten(),
                sample_notice_en: site
                    .sample_data
                    .then_some(site.sample_notice.en.as_deref())
                    .flatten(),
                contact_sample: site.contact.sample,
            },
            labels: Labels::of(model, Lang::Vi),
            foreword,
            program: model.edition_program().map(|p| program(model, p)),
            policies,
            market,
            sectors,
            index_district: indexes.district,
            index_product: indexes.product,
            index_process: indexes.process,
            index_certification: indexes.certification,
            index_az: indexes.az,
            enterprise_count: model.enterprises().len(),
        },
        images,
        logo_dpi,
        shortened,
        warnings,
    }
}

fn program<'m>(model: &'m Model, p: &'m Program) -> ProgramView<'m> {
    ProgramView {
        year: p.year,
        title: &p.title.vi,
        title_en: p.title.en.as_deref(),
        plan: p.plan.as_deref().and_then(|s| policy_ref(model, s)),
        objectives: &p.objectives.vi,
        targets: p
            .targets
            .iter()
            .map(|t| TargetView {
                label: &t.label.vi,
                value: t.value,
                unit: t.unit.as_deref(),
                measure: t.measure,
                current: model.target_actual(t),
            })
            .collect(),
        tasks: p
            .tasks
            .iter()
            .map(|t| TaskView {
                number: t.number,
                group: t.group.as_deref(),
                task: &t.task.vi,
                expected_result: t.expected_result.as_deref(),
                period: t.period.as_deref(),
                lead: t.lead.as_deref(),
                coordinating: &t.coordinating,
                status: t.status,
            })
            .collect(),
        status_sample: p.status_sample,
        actuals_sample: model.actuals_are_samples(),
    }
}

/// Label of a policy's entry.
fn policy_label(slug: &str) -> String {
    format!("cs-{slug}")
}

/// Label of a market note.
fn market_label(slug: &str) -> String {
    format!("tt-{slug}")
}

/// A reference to the policy `slug`, when the edition has it (issued by the edition date).
fn policy_ref<'m>(model: &'m Model, slug: &str) -> Option<PolicyRef<'m>> {
    let as_of = model.site().handbook.edition_date;
    model
        .policy(slug)
        .filter(|p| model.issued_by(p, as_of))
        .map(|p| PolicyRef {
            number: &p.number,
            kind: p.kind,
            id: policy_label(&p.slug),
        })
}

fn policy_refs<'m>(model: &'m Model, slugs: &[String]) -> Vec<PolicyRef<'m>> {
    slugs.iter().filter_map(|s| policy_ref(model, s)).collect()
}

fn entry<'m>(
    model: &'m Model,
    e: &'m Enterprise,
    logo: Option<LogoView>,
    body: Excerpt,
) -> EntryView<'m> {
    let vocab = model.vocabularies();
    let base = model.site().base_url.trim_end_matches('/');
    EntryView {
        id: enterprise_label(&e.slug),
        name: &e.name.vi,
        name_en: e.name.en.as_deref(),
        tax_code: &e.tax_code,
        address: &e.address,
        district: model.district(&e.district).map(|d| d.label(Lang::Vi)),
        park: e
            .industrial_park
            .as_deref()
            .and_then(|p| model.park(p))
            .map(|p| p.name.vi.as_str()),
        founded: e.founded,
        employees: e.employees,
        products: &e.products.vi,
        products_en: &e.products.en,
        processes: e
            .processes
            .iter()
            .map(|k| vocab.processes.label(k, Lang::Vi))
            .collect(),
        certifications: e
            .certifications
            .iter()
            .map(|c| vocab.certifications.label(&c.key, Lang::Vi))
            .collect(),
        expired: e
            .certifications
            .iter()
            .filter(|c| c.expired(model.today()))
            .map(|c| {
                let name = vocab.certifications.label(&c.key, Lang::Vi);
                match c.expires {
                    Some(d) => format!("{name} ({})", d.format("%d/%m/%Y")),
                    None => name.to_owned(),
                }
            })
            .collect(),
        customers: &e.customers,
        export_markets: e.export_markets.iter().map(|k| k.as_str()).collect(),
        capability: CapabilityLines::of(&e.capability),
        phone: e.contact.phone.as_deref(),
        email: e.contact.email.as_deref(),
        website: e.contact.website.as_deref(),
        person: e.contact.person.as_deref(),
        logo,
        body: body.blocks,
        more: body
            .cut
            .then(|| format!("{base}{}", urls::enterprise(&e.slug))),
        sample: e.sample,
    }
}

/// Where a link of a body leads in print, by the model's resolver: records in the book (policies
/// and market notes of the edition's date, enterprises) become links to their entries; other pages
/// and site addresses become the website's absolute addresses; other sites stay; what the URL
/// policy refuses is no link.
fn link(model: &Model, dest: &str) -> Dest {
    let base = model.site().base_url.trim_end_matches('/');
    let as_of = model.site().handbook.edition_date;
    let in_book = |section: Section, slug: &str| match section {
        Section::Policy => model
            .policy(slug)
            .is_some_and(|p| model.issued_by(p, as_of)),
        Section::Market => model
            .market()
            .iter()
            .any(|a| a.slug == slug && a.date <= as_of),
        Section::Enterprise => true,
        Section::News | Section::Page => false,
    };
    match model.resolve(dest) {
        Ok(Link::Record { section, slug, .. }) if in_book(section, slug) => match section {
            Section::Policy => Dest::Label(policy_label(slug)),
            Section::Market => Dest::Label(market_label(slug)),
            _ => Dest::Label(enterprise_label(slug)),
        },
        Ok(Link::Record { path, .. }) => Dest::Url(format!("{base}{path}")),
        Ok(Link::Site { .. }) | Err(LinkError::NoAddress(_)) => {
            Dest::Url(format!("{base}{}", dest.trim()))
        }
        Err(LinkError::NoContent(_)) => Dest::Url(format!("{base}/")),
        Err(LinkError::Unsafe(_)) => Dest::Url(String::new()),
        Ok(_) => Dest::Url(dest.to_owned()),
    }
}
