//! The statistics page (`/thong-ke/`): the directory's counts per sector and per district,
//! certified against not certified, per certification, process and product group (named by the
//! vocabularies), and the counts against the plan's targets. Only the numbers
//! are computed here; `stats.html` draws the charts (inline SVG) and the tables.

use super::common::{job, Env, Job};
use crate::model::terms::{Key, TermKind, Terms};
use crate::model::{urls, Enterprise, Lang, Model};
use serde::Serialize;
use tera::Context;

/// The statistics page of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, env: &Env) {
    let e = env.clone();
    jobs.push(job(urls::STATS.into(), "stats.html", move |m, ctx| {
        fill(m, &e, ctx);
    }));
}

/// One bar of a chart.
#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    /// The label cut into lines of at most 40 characters (SVG text does not wrap by itself;
    /// 40 characters fit a phone screen).
    lines: Vec<String>,
    /// Number of `lines`.
    n_lines: usize,
    /// A short label for charts with the labels beside the bars.
    short: String,
    /// `"vi"` when the label is Vietnamese on an English page.
    label_lang: Option<&'static str>,
    url: String,
    count: usize,
}

/// One target compared with the directory's count.
#[derive(Debug, Serialize)]
struct Goal {
    key: &'static str,
    actual: usize,
    target: i64,
}

/// The enterprises naming each entry of a vocabulary (`of` gives an enterprise's keys), most
/// first, each linked to the directory filtered on it (`param`); entries nobody names are left
/// out.
fn term_bars<K: TermKind>(
    m: &Model,
    terms: &Terms<K>,
    of: impl Fn(&Enterprise) -> &[Key<K>],
    param: &str,
    lang: Lang,
) -> Vec<Bar> {
    let mut counts = vec![0usize; terms.all().len()];
    for e in m.enterprises() {
        let mut seen: Vec<usize> = of(e).iter().filter_map(|k| terms.position(k)).collect();
        seen.sort_unstable();
        seen.dedup();
        for p in seen {
            counts[p] += 1;
        }
    }
    let mut bars: Vec<Bar> = terms
        .all()
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(t, count)| {
            let name = t.name.pick(lang);
            Bar {
                label: name.text.to_owned(),
                lines: vec![name.text.to_owned()],
                n_lines: 1,
                short: name.text.to_owned(),
                label_lang: name.lang_mark(),
                url: lang.url(&urls::shortlist(param, &t.key)),
                count,
            }
        })
        .collect();
    // Most first; the vocabulary's order among equals (a stable sort).
    bars.sort_by_key(|b| std::cmp::Reverse(b.count));
    bars
}

/// Fills the context of the statistics page in `env.lang`.
fn fill(m: &Model, env: &Env, ctx: &mut Context) {
    let lang = env.lang;
    let sectors: Vec<Bar> = m
        .site()
        .sectors
        .iter()
        .map(|s| {
            let name = s.name.pick(lang);
            Bar {
                label: name.text.to_owned(),
                lines: wrap(name.text, 40),
                n_lines: wrap(name.text, 40).len(),
                short: name.text.to_owned(),
                label_lang: name.lang_mark(),
                url: lang.url(&urls::sector(&s.key)),
                count: m.in_sector(&s.key).len(),
            }
        })
        .collect();
    let districts: Vec<Bar> = m
        .districts_by_count()
        .into_iter()
        .map(|d| Bar {
            label: d.label(lang),
            lines: vec![d.label(lang)],
            n_lines: 1,
            short: d.name.clone(),
            label_lang: None,
            url: lang.url(&urls::district(&d.slug)),
            count: m.in_district(&d.slug).len(),
        })
        .collect();
    // Holders of each certification, named by the certifications vocabulary.
    let terms = &m.vocabularies().certifications;
    let mut certifications: Vec<Bar> = m
        .certifications()
        .iter()
        .map(|c| {
            let name = terms
                .by_key(&c.slug)
                .map_or(c.name.as_str(), |t| t.label(lang));
            Bar {
                label: name.to_owned(),
                lines: vec![name.to_owned()],
                n_lines: 1,
                short: name.to_owned(),
                label_lang: None,
                url: lang.url(&urls::certification(&c.slug)),
                count: c.enterprises.len(),
            }
        })
        .collect();
    certifications.sort_by_key(|c| std::cmp::Reverse(c.count));
    let vocab = m.vocabularies();
    let processes = term_bars(
        m,
        &vocab.processes,
        |e| &e.processes,
        urls::FILTER_PROCESS,
        lang,
    );
    let groups = term_bars(
        m,
        &vocab.product_groups,
        |e| &e.product_groups,
        urls::FILTER_PRODUCT_GROUP,
        lang,
    );
    let total = m.enterprises().len();
    let international = m.international_count();
    let mut goals = Vec::new();
    let targets = &m.site().targets;
    if let Some(t) = targets.enterprises {
        goals.push(Goal {
            key: "target_enterprises",
            actual: total,
            target: t,
        });
    }
    if let Some(t) = targets.international_standard {
        goals.push(Goal {
            key: "target_international",
            actual: international,
            target: t,
        });
    }
    let max = |bars: &[Bar]| bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    ctx.insert("og_title", &env.strings.get(lang, "stats_title"));
    ctx.insert("total", &total);
    ctx.insert("international", &international);
    ctx.insert("not_international", &(total - international));
    ctx.insert("sector_max", &max(&sectors));
    ctx.insert("sectors", &sectors);
    ctx.insert("district_max", &max(&districts));
    ctx.insert(
        "districts_with_enterprises",
        &districts.iter().filter(|d| d.count > 0).count(),
    );
    ctx.insert("districts", &districts);
    ctx.insert("certifications", &certifications);
    ctx.insert("processes", &processes);
    ctx.insert("product_groups", &groups);
    ctx.insert("goals", &goals);
    ctx.insert("actuals_sample", &m.actuals_are_samples());
    ctx.insert("targets_year", &targets.year);
    ctx.insert("directory_url", &lang.url(urls::ENTERPRISES));
    ctx.insert("certifications_url", &lang.url(urls::CERTIFICATIONS));
}

/// `text` cut at spaces into lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(
            super::wrap(
                "Supporting industry for textile-garment and leather-footwear",
                30
            ),
            vec![
                "Supporting industry for",
                "textile-garment and",
                "leather-footwear"
            ]
        );
        assert_eq!(super::wrap("Dệt may", 30), vec!["Dệt may"]);
    }
}
