//! The samples of the site — records and settings invented for illustration — and the counts of
//! the "Sources and verification" page: `Model::samples` is the one list that the page, `cnht
//! check`'s summary line and `cnht build --no-samples` read.

use super::provenance::Basis;
use super::records::Section;
use super::{urls, Model, Text};
use crate::messages::content::{sample_refused, samples_left, SampleWhat};
use crate::messages::Lang;
use serde::Serialize;

/// The kinds of record and setting that can be samples (invented for illustration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SampleKind {
    /// An enterprise record.
    Enterprise,
    /// A legal document (they are real; a sample one is an error of content).
    Policy,
    /// A market note.
    Market,
    /// A news item.
    News,
    /// A free page.
    Page,
    /// The task statuses of a programme.
    TaskStatuses,
    /// The counts a programme's targets are compared with (counts of sample enterprises).
    Actuals,
    /// The site's contact details (address, phone, e-mail, domain).
    Contact,
    /// An event's hall plan and exhibitor list.
    Event,
}

/// One sample of the site: what it is, its title and its page.
#[derive(Debug, Clone, Serialize)]
pub struct Sample<'m> {
    /// The kind of sample.
    pub kind: SampleKind,
    /// Its title (a record's title, or the programme's).
    pub title: &'m Text,
    /// Its page, language-free; `None` for the contact details (shown in every footer).
    pub url: Option<String>,
    /// The content file an editor changes to make it real, under `content/`.
    pub file: String,
}

impl Model {
    /// Whether the programme's actuals (the directory's counts) count sample records.
    pub fn actuals_are_samples(&self) -> bool {
        self.enterprises().iter().any(|e| e.sample)
    }

    /// Every sample of the site, by kind then in each list's order.
    pub fn samples(&self) -> Vec<Sample<'_>> {
        let file = |o: &super::Origin| o.content_path().map(|p| format!("content/{p}"));
        let enterprises = self.enterprises().iter().filter(|e| e.sample).map(|e| {
            (
                SampleKind::Enterprise,
                &e.name,
                Section::Enterprise,
                &e.slug,
                &e.origin,
            )
        });
        let policies = self.policies().iter().filter(|p| p.sample).map(|p| {
            (
                SampleKind::Policy,
                &p.title,
                Section::Policy,
                &p.slug,
                &p.origin,
            )
        });
        let market = self.market().iter().filter(|a| a.sample).map(|a| {
            (
                SampleKind::Market,
                &a.title,
                Section::Market,
                &a.slug,
                &a.origin,
            )
        });
        let news = self.news().iter().filter(|a| a.sample).map(|a| {
            (
                SampleKind::News,
                &a.title,
                Section::News,
                &a.slug,
                &a.origin,
            )
        });
        let pages = self.pages().iter().filter(|p| p.sample).map(|p| {
            (
                SampleKind::Page,
                &p.title,
                Section::Page,
                &p.slug,
                &p.origin,
            )
        });
        let mut v: Vec<Sample<'_>> = enterprises
            .chain(policies)
            .chain(market)
            .chain(news)
            .chain(pages)
            .map(|(kind, title, section, slug, origin)| Sample {
                kind,
                title,
                url: Some(urls::record(section, slug)),
                file: file(origin).unwrap_or_default(),
            })
            .collect();
        for e in self.events().iter().filter(|e| e.sample) {
            v.push(Sample {
                kind: SampleKind::Event,
                title: &e.name,
                url: Some(urls::event(&e.slug)),
                file: file(&e.origin).unwrap_or_default(),
            });
        }
        for p in self.programs() {
            let program = |kind| Sample {
                kind,
                title: &p.title,
                url: Some(urls::program(p.year)),
                file: file(&p.origin).unwrap_or_else(|| format!("content/program/{}.toml", p.year)),
            };
            if p.status_sample {
                v.push(program(SampleKind::TaskStatuses));
            }
            let counted = p.targets.iter().any(|t| self.target_actual(t).is_some());
            if counted && self.actuals_are_samples() {
                v.push(program(SampleKind::Actuals));
            }
        }
        if self.site().contact.sample {
            v.push(Sample {
                kind: SampleKind::Contact,
                title: &self.site().title,
                url: None,
                file: "content/site.toml".into(),
            });
        }
        v
    }

    /// The counts of the "Sources and verification" page: policies whose current status is
    /// sourced, derived and unverified, and samples.
    pub fn provenance_counts(&self) -> ProvenanceCounts {
        let mut c = ProvenanceCounts::default();
        for p in self.policies() {
            match self.policy_status(p).basis {
                Basis::Sourced { .. } => c.sourced += 1,
                Basis::Derived => c.derived += 1,
                Basis::Unverified => c.unverified += 1,
            }
        }
        c.samples = self.samples().len();
        c
    }
}

impl Model {
    /// Why a build with `--no-samples` refuses to publish: one error per sample, naming its file.
    pub fn sample_errors(&self) -> Vec<crate::diagnostics::Diagnostic> {
        self.samples()
            .iter()
            .map(|s| {
                let what = match s.kind {
                    SampleKind::TaskStatuses => SampleWhat::TaskStatuses,
                    SampleKind::Actuals => SampleWhat::Actuals,
                    SampleKind::Contact => SampleWhat::Contact,
                    _ => SampleWhat::Record,
                };
                crate::diagnostics::Diagnostic::said(&s.file, sample_refused(what, &s.title.vi))
            })
            .collect()
    }
}

/// How many statements rest on what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProvenanceCounts {
    /// Policies whose current status was checked against a source.
    pub sourced: usize,
    /// Policies whose current status follows from a later document.
    pub derived: usize,
    /// Policies whose current status is not verified.
    pub unverified: usize,
    /// Samples (records and settings).
    pub samples: usize,
}

/// The one-line summary `cnht check` prints about the samples left, in `lang`.
pub fn samples_summary(samples: &[Sample<'_>], lang: Lang) -> String {
    if samples.is_empty() {
        return samples_left(lang, None, urls::SOURCES);
    }
    let count = |k: SampleKind| samples.iter().filter(|s| s.kind == k).count();
    let records = samples.len()
        - count(SampleKind::TaskStatuses)
        - count(SampleKind::Actuals)
        - count(SampleKind::Contact);
    let left = (
        samples.len(),
        records,
        count(SampleKind::Enterprise),
        samples.len() - records,
    );
    samples_left(lang, Some(left), urls::SOURCES)
}
