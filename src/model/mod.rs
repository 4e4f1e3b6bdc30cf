//! What the content means, once, for every output: the validated records and their indexes, the
//! vocabularies and their names in both languages, bilingual text and the rule for choosing a
//! language, the URL scheme of every page and file, the one resolver of links, and the facts
//! derived from the records (target actuals, district labels). Nothing here reads files or knows
//! HTML or Typst: `content::load` builds the model, the renderers present it.
//!
//! - `records`, `config`, `places`: the typed records and settings;
//! - `vocab`: the controlled vocabularies and the label table;
//! - `terms`: the data vocabularies (processes, product groups, certifications, countries) that
//!   records refer to by key, with their names and synonyms;
//! - `capability`: an enterprise's capability profile;
//! - `bilingual`: texts in Vietnamese and English, and `pick(lang)`;
//! - `lang`: the two languages of the site;
//! - `urls`: the URL scheme and the URL policy (which addresses may reach `href`/`src`);
//! - `links`: the resolver of `@/` and site-relative links;
//! - `as_of`: the one status history of a document, and the library as of a date;
//! - `provenance`: month-precision dates and the basis of a statement;
//! - `samples`: the samples of the site and the counts of the sources page;
//! - `print`: the print settings and imprint of the printed edition.

mod addresses;
mod as_of;
pub mod bilingual;
pub mod capability;
pub mod config;
pub mod events;
pub mod lang;
pub mod links;
pub mod places;
pub mod print;
pub mod provenance;
pub mod records;
pub mod samples;
pub mod terms;
pub mod urls;
pub mod vocab;

pub use bilingual::{
    split_english, Body, EnglishBody, MaybeText, Picked, Text, TextList, ENGLISH_SEPARATOR,
};
pub use capability::{Capability, Equipment};
pub use config::{Contact, HandbookEdition, Sector, SiteConfig, Targets, DESCRIPTION_WORDS};
pub use events::{Event, Exhibitor, ExhibitorRef, Guest, Party};
pub use lang::Lang;
pub use places::{District, IndustrialPark};
pub use provenance::{Basis, DocDate, StatusEntry};
pub use records::{
    Article, ArticleKind, Certification, Enterprise, EnterpriseContact, HeldCertification, Origin,
    Page, Policy, Program, ProgramTarget, ProgramTask, Section,
};
pub use samples::{Sample, SampleKind};
pub use terms::{Key, Term, Terms, Vocabularies};
pub use vocab::{
    DistrictKind, Labelled, Ownership, ParkKind, PolicyKind, PolicyScope, PolicyStatus, Provenance,
    QualityMethod, SpokenLanguage, TargetMeasure, TaskStatus, Vocabulary,
};

use crate::text::{compare_vi, distinctive_name, sort_key, sort_vi_by};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The records a model is built from, in any order: what the loader found and published.
#[derive(Debug, Clone)]
pub struct ModelParts {
    /// Site settings.
    pub site: SiteConfig,
    /// Districts, in file order.
    pub districts: Vec<District>,
    /// Industrial parks, in file order.
    pub parks: Vec<IndustrialPark>,
    /// The data vocabularies (processes, product groups, certifications, countries).
    pub vocabularies: Vocabularies,
    /// Published enterprises.
    pub enterprises: Vec<Enterprise>,
    /// Published policies.
    pub policies: Vec<Policy>,
    /// Published market notes.
    pub market: Vec<Article>,
    /// Published news.
    pub news: Vec<Article>,
    /// Published free pages.
    pub pages: Vec<Page>,
    /// Programmes.
    pub programs: Vec<Program>,
    /// Events with their exhibitors (`content/events/`).
    pub events: Vec<Event>,
    /// The site root directory.
    pub root: PathBuf,
    /// The date the build considers "today" (for scheduled news).
    pub today: NaiveDate,
}

/// The whole site, validated and indexed. Built only by [`Model::new`], which puts every list in
/// its order and builds every index, so no caller can leave them out of step.
#[derive(Debug, Clone)]
pub struct Model {
    parts: ModelParts,
    certifications: Vec<Certification>,
    by_sector: BTreeMap<String, Vec<usize>>,
    by_district: BTreeMap<String, Vec<usize>>,
    by_park: BTreeMap<String, Vec<usize>>,
    policy_index: HashMap<String, usize>,
    /// Tax code → enterprise (exhibitors name enterprises by tax code).
    by_tax_code: HashMap<String, usize>,
    /// Content file (path under `content/`) → section, slug and page address.
    content_paths: HashMap<String, (Section, String, String)>,
    /// Every address of the site ([`Model::addresses`]), for resolving links.
    addresses: HashSet<String>,
    /// How many samples the site has ([`Model::samples`], counted once).
    sample_total: usize,
}

impl Model {
    /// The model of `parts`: enterprises in Vietnamese order of their distinctive name (legal form
    /// left out), policies newest first, articles newest first, pages by weight then title,
    /// programmes by year; with the lookups by sector, district, park, certification and slug.
    pub fn new(mut parts: ModelParts) -> Model {
        // Collation keys computed once per record, in parallel.
        let certs = &parts.vocabularies.certifications;
        let today = parts.today;
        let mut keyed: Vec<(Vec<u8>, Enterprise)> = std::mem::take(&mut parts.enterprises)
            .into_par_iter()
            .map(|mut e| {
                e.international = e
                    .certifications
                    .iter()
                    .any(|c| !c.expired(today) && certs.get(&c.key).is_some_and(|t| !t.national));
                (sort_key(distinctive_name(&e.name.vi)), e)
            })
            .collect();
        keyed.par_sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
        parts.enterprises = keyed.into_iter().map(|(_, e)| e).collect();
        parts.policies.sort_by(|a, b| {
            b.issued
                .cmp(&a.issued)
                .then_with(|| a.number.cmp(&b.number))
        });
        for list in [&mut parts.market, &mut parts.news] {
            list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        }
        parts.pages.sort_by(|a, b| {
            a.weight
                .cmp(&b.weight)
                .then_with(|| compare_vi(&a.title.vi, &b.title.vi))
        });
        parts.programs.sort_by_key(|p| p.year);
        parts
            .events
            .sort_by(|a, b| a.starts.cmp(&b.starts).then_with(|| a.slug.cmp(&b.slug)));

        // The lookups in two halves side by side, then the addresses and the samples' count.
        let (
            (by_sector, by_district, by_park, certifications),
            (policy_index, by_tax_code, content_paths),
        ) = rayon::join(
            || lookups(&parts),
            || {
                let policy_index = parts
                    .policies
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.slug.clone(), i))
                    .collect();
                let by_tax_code = parts
                    .enterprises
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.tax_code.trim().to_owned(), i))
                    .collect();
                (policy_index, by_tax_code, content_paths(&parts))
            },
        );
        let mut model = Model {
            parts,
            certifications,
            by_sector,
            by_district,
            by_park,
            policy_index,
            by_tax_code,
            content_paths,
            addresses: HashSet::new(),
            sample_total: 0,
        };
        (model.addresses, model.sample_total) =
            rayon::join(|| model.addresses(), || model.samples().len());
        model
    }

    /// The records the model was built from, to change some and build a new model.
    pub fn into_parts(self) -> ModelParts {
        self.parts
    }

    /// Site settings.
    pub fn site(&self) -> &SiteConfig {
        &self.parts.site
    }
    /// Districts, in file order.
    pub fn districts(&self) -> &[District] {
        &self.parts.districts
    }
    /// Industrial parks, in file order.
    pub fn parks(&self) -> &[IndustrialPark] {
        &self.parts.parks
    }
    /// Enterprises in directory order: Vietnamese order of their distinctive name.
    pub fn enterprises(&self) -> &[Enterprise] {
        &self.parts.enterprises
    }
    /// Policies, newest first.
    pub fn policies(&self) -> &[Policy] {
        &self.parts.policies
    }
    /// Market notes, newest first.
    pub fn market(&self) -> &[Article] {
        &self.parts.market
    }
    /// News, newest first.
    pub fn news(&self) -> &[Article] {
        &self.parts.news
    }
    /// The articles of `kind`, newest first.
    pub fn articles(&self, kind: ArticleKind) -> &[Article] {
        match kind {
            ArticleKind::Market => &self.parts.market,
            ArticleKind::News => &self.parts.news,
        }
    }
    /// Free pages, by weight then title.
    pub fn pages(&self) -> &[Page] {
        &self.parts.pages
    }
    /// Programmes by year.
    pub fn programs(&self) -> &[Program] {
        &self.parts.programs
    }
    /// Certifications held by at least one enterprise, in Vietnamese order.
    pub fn certifications(&self) -> &[Certification] {
        &self.certifications
    }
    /// The data vocabularies: processes, product groups, certifications, countries.
    pub fn vocabularies(&self) -> &Vocabularies {
        &self.parts.vocabularies
    }

    /// How many samples the site has (records and settings: [`Model::samples`]).
    pub fn sample_total(&self) -> usize {
        self.sample_total
    }
    /// The site root directory.
    pub fn root(&self) -> &Path {
        &self.parts.root
    }
    /// The date the build considers "today".
    pub fn today(&self) -> NaiveDate {
        self.parts.today
    }

    /// The sector with `key`.
    pub fn sector(&self, key: &str) -> Option<&Sector> {
        self.parts.site.sectors.iter().find(|s| s.key == key)
    }
    /// The district with `slug`.
    pub fn district(&self, slug: &str) -> Option<&District> {
        self.parts.districts.iter().find(|d| d.slug == slug)
    }
    /// The industrial park with `slug`.
    pub fn park(&self, slug: &str) -> Option<&IndustrialPark> {
        self.parts.parks.iter().find(|p| p.slug == slug)
    }
    /// The policy with `slug`.
    pub fn policy(&self, slug: &str) -> Option<&Policy> {
        self.policy_index
            .get(slug)
            .map(|&i| &self.parts.policies[i])
    }

    /// Indexes of the enterprises of sector `key`, in directory order.
    pub fn in_sector(&self, key: &str) -> &[usize] {
        self.by_sector.get(key).map_or(&[], Vec::as_slice)
    }
    /// Indexes of the enterprises of district `slug`, in directory order.
    pub fn in_district(&self, slug: &str) -> &[usize] {
        self.by_district.get(slug).map_or(&[], Vec::as_slice)
    }
    /// Indexes of the enterprises of industrial park `slug`, in directory order.
    pub fn in_park(&self, slug: &str) -> &[usize] {
        self.by_park.get(slug).map_or(&[], Vec::as_slice)
    }
    /// Every district slug that has enterprises, with their indexes (by slug).
    pub fn districts_in_use(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.by_district
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The site address (language-free) of the page made from the content file at `path` under
    /// `content/` (`enterprises/x.md`), when it is published.
    pub fn page_of_file(&self, path: &str) -> Option<&str> {
        self.content_paths.get(path).map(|(_, _, url)| url.as_str())
    }
    /// The published record made from the content file at `path` under `content/`: its section,
    /// slug and page address.
    pub fn content_record(&self, path: &str) -> Option<(Section, &str, &str)> {
        self.content_paths
            .get(path)
            .map(|(section, slug, url)| (*section, slug.as_str(), url.as_str()))
    }
    /// Every address of the site, as [`Model::addresses`] lists them (computed once).
    pub fn known_addresses(&self) -> &HashSet<String> {
        &self.addresses
    }
    /// Everything [`Model::resolve`] reads, in a fixed order: each address of the site, then each
    /// content file with its section, slug and page. Two models that list the same resolve every
    /// link the same way (the renderer's page memo relies on it).
    pub fn link_targets(&self) -> Vec<String> {
        let mut addresses: Vec<String> = self.addresses.iter().cloned().collect();
        addresses.sort();
        let mut files: Vec<String> = self
            .content_paths
            .iter()
            .map(|(file, (section, slug, url))| format!("{file}\t{section:?}\t{slug}\t{url}"))
            .collect();
        files.sort();
        addresses.extend(files);
        addresses
    }
    /// The content files (paths under `content/`) that make pages.
    pub fn content_files(&self) -> impl Iterator<Item = &str> {
        self.content_paths.keys().map(String::as_str)
    }

    /// The districts, most enterprises first, ties in Vietnamese order of their names.
    pub fn districts_by_count(&self) -> Vec<&District> {
        let mut v: Vec<&District> = self.parts.districts.iter().collect();
        v.sort_by(|a, b| {
            self.in_district(&b.slug)
                .len()
                .cmp(&self.in_district(&a.slug).len())
                .then_with(|| compare_vi(&a.name, &b.name))
        });
        v
    }

    /// Number of enterprises holding an international certification.
    pub fn international_count(&self) -> usize {
        self.parts
            .enterprises
            .iter()
            .filter(|e| e.international)
            .count()
    }

    /// The directory's own count for a programme target, when the directory can count it.
    pub fn target_actual(&self, target: &ProgramTarget) -> Option<usize> {
        match target.measure {
            TargetMeasure::Enterprises => Some(self.parts.enterprises.len()),
            TargetMeasure::InternationalStandard => Some(self.international_count()),
            TargetMeasure::Other => None,
        }
    }

    /// The programme the handbook of the edition year presents: that year's, else the latest
    /// before it, else the latest.
    pub fn edition_program(&self) -> Option<&Program> {
        let year = self.parts.site.handbook.year;
        let programs = &self.parts.programs;
        programs
            .iter()
            .find(|p| p.year == year)
            .or_else(|| {
                programs
                    .iter()
                    .filter(|p| p.year <= year)
                    .max_by_key(|p| p.year)
            })
            .or_else(|| programs.iter().max_by_key(|p| p.year))
    }
}

/// Enterprises by sector, by district and by park, and the certifications held.
type Lookups = (
    BTreeMap<String, Vec<usize>>,
    BTreeMap<String, Vec<usize>>,
    BTreeMap<String, Vec<usize>>,
    Vec<Certification>,
);

/// The enterprises by sector, district and park, and the certifications held with their holders
/// (in Vietnamese order).
fn lookups(parts: &ModelParts) -> Lookups {
    let mut by_sector: BTreeMap<String, Vec<usize>> = parts
        .site
        .sectors
        .iter()
        .map(|s| (s.key.clone(), Vec::new()))
        .collect();
    let mut by_district: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_park: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut certs: HashMap<&str, Certification> = HashMap::new();
    let vocab = &parts.vocabularies.certifications;
    for (i, e) in parts.enterprises.iter().enumerate() {
        by_sector.entry(e.sector.clone()).or_default().push(i);
        by_district.entry(e.district.clone()).or_default().push(i);
        if let Some(park) = &e.industrial_park {
            by_park.entry(park.clone()).or_default().push(i);
        }
        for c in &e.certifications {
            certs
                .entry(c.key.as_str())
                .or_insert_with(|| Certification {
                    name: vocab.label(&c.key, Lang::Vi).to_owned(),
                    slug: c.key.as_str().to_owned(),
                    enterprises: Vec::new(),
                })
                .enterprises
                .push(i);
        }
    }
    let mut certifications: Vec<Certification> = certs.into_values().collect();
    sort_vi_by(&mut certifications, |c| &c.name);
    (by_sector, by_district, by_park, certifications)
}

/// Section, slug and site address of every published record's file, keyed by its path under
/// `content/`.
fn content_paths(parts: &ModelParts) -> HashMap<String, (Section, String, String)> {
    let enterprises = parts
        .enterprises
        .iter()
        .map(|e| (&e.origin, Section::Enterprise, &e.slug));
    let policies = parts
        .policies
        .iter()
        .map(|p| (&p.origin, Section::Policy, &p.slug));
    let articles = parts
        .market
        .iter()
        .chain(&parts.news)
        .map(|a| (&a.origin, a.kind.section(), &a.slug));
    let pages = parts
        .pages
        .iter()
        .map(|p| (&p.origin, Section::Page, &p.slug));
    enterprises
        .chain(policies)
        .chain(articles)
        .chain(pages)
        .filter_map(|(origin, section, slug)| {
            let url = urls::record(section, slug);
            Some((origin.content_path()?, (section, slug.clone(), url)))
        })
        .collect()
}
