//! The TOML data files: `site.toml`, `data/districts.toml`, `data/industrial-parks.toml`,
//! `program/<year>.toml`.

use super::fields::{parse_toml, At, Fields};
use super::source::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::model::{
    Contact, District, HandbookEdition, IndustrialPark, Origin, Program, ProgramTarget,
    ProgramTask, Sector, SiteConfig, Targets,
};

fn val<T>(v: Option<At<T>>) -> Option<T> {
    v.map(|a| a.value)
}

fn top<'a>(
    src: &'a SourceFile,
    allowed: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<toml::Spanned<toml::de::DeTable<'a>>> {
    let _ = allowed;
    parse_toml(&src.rel, &src.text, 0, diags)
}

const SITE_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "description",
    "description_en",
    "base_url",
    "per_page",
    "sample_data",
    "sample_notice",
    "sample_notice_en",
    "allow_raw_html",
    "contact",
    "targets",
    "sectors",
    "handbook",
];

/// Settings read from `site.toml` that are not part of the public `SiteConfig`.
pub struct SiteExtras {
    /// Whether raw HTML in Markdown is passed through.
    pub allow_raw_html: bool,
    /// Span of each sector key, for duplicate checks.
    pub sector_spans: Vec<std::ops::Range<usize>>,
    /// Span of `handbook.foreword`.
    pub foreword_span: std::ops::Range<usize>,
}

/// Reads `content/site.toml`.
pub fn site(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<(SiteConfig, SiteExtras)> {
    let table = top(src, SITE_FIELDS, diags)?;
    let span = table.span();
    let mut f = Fields::new(&src.rel, 0, table.get_ref(), span, SITE_FIELDS, "", diags);
    let title = f.req_str("title", "the site title in Vietnamese");
    let title_en = val(f.opt_str("title_en"));
    let description = val(f.opt_str("description"));
    let description_en = val(f.opt_str("description_en"));
    let base_url = f.req_str(
        "base_url",
        "the public address of the site, e.g. \"https://congnghiephotro.hanoi.gov.vn\"",
    );
    if let Some(u) = &base_url {
        if !(u.value.starts_with("https://") || u.value.starts_with("http://")) {
            f.error_at(
                "base_url",
                u.span.clone(),
                "the base URL must start with https://",
                None,
            );
        }
    }
    let per_page = val(f.opt_int("per_page", 1..=500)).unwrap_or(24) as usize;
    let sample_data = f.opt_bool("sample_data").unwrap_or(false);
    let sample_notice = val(f.opt_str("sample_notice"));
    let sample_notice_en = val(f.opt_str("sample_notice_en"));
    let allow_raw_html = f.opt_bool("allow_raw_html").unwrap_or(false);
    let contact = f
        .sub(
            "contact",
            &[
                "organisation",
                "organisation_en",
                "address",
                "phone",
                "email",
                "website",
            ],
            |c| Contact {
                organisation: val(c.opt_str("organisation")),
                organisation_en: val(c.opt_str("organisation_en")),
                address: val(c.opt_str("address")),
                phone: val(c.opt_str("phone")),
                email: val(c.opt_str("email")),
                website: val(c.opt_str("website")),
            },
        )
        .unwrap_or_default();
    let targets = f
        .sub(
            "targets",
            &[
                "year",
                "enterprises",
                "international_standard",
                "production_share_percent",
                "growth_index_percent",
            ],
            |t| Targets {
                year: val(t.opt_int("year", 1990..=2100)),
                enterprises: val(t.opt_int("enterprises", 0..=10_000_000)),
                international_standard: val(t.opt_int("international_standard", 0..=10_000_000)),
                production_share_percent: val(t.opt_float("production_share_percent")),
                growth_index_percent: val(t.opt_float("growth_index_percent")),
            },
        )
        .unwrap_or_default();
    let mut sector_spans = Vec::new();
    let sectors: Vec<Sector> = f
        .each(
            "sectors",
            &["key", "name", "name_en", "description", "description_en"],
            |s| {
                let key = s.req_str("key", "a short ASCII key such as \"linh-kien-phu-tung\"");
                if let Some(k) = &key {
                    if crate::text::slugify(&k.value) != k.value {
                        s.error_at(
                            "key",
                            k.span.clone(),
                            format!("`{}` cannot be used in a web address", k.value),
                            Some(format!(
                                "use lower-case ASCII words joined by -, e.g. \"{}\"",
                                crate::text::slugify(&k.value)
                            )),
                        );
                    }
                }
                let name = s.req_str("name", "the sector name in Vietnamese");
                let name_en = val(s.opt_str("name_en"));
                let description = val(s.opt_str("description"));
                let description_en = val(s.opt_str("description_en"));
                let key = key?;
                sector_spans.push(key.span.clone());
                Some(Sector {
                    key: key.value,
                    name: name?.value,
                    name_en,
                    description,
                    description_en,
                })
            },
        )
        .into_iter()
        .flatten()
        .collect();
    if sectors.is_empty()
        && !f
            .diags
            .iter()
            .any(|d| d.field.as_deref().is_some_and(|x| x.starts_with("sectors")))
    {
        f.missing(
            "sectors",
            "at least one [[sectors]] table with key and name",
        );
    }
    let mut foreword_span = 0..0;
    let handbook = f.sub(
        "handbook",
        &[
            "title",
            "title_en",
            "year",
            "publisher",
            "trim_width_mm",
            "trim_height_mm",
            "bleed_mm",
            "foreword",
            "edition_date",
            "print",
            "imprint",
        ],
        |h| {
            let title = h.req_str("title", "the title printed on the cover");
            let title_en = val(h.opt_str("title_en"));
            let year = h.opt_int("year", 1990..=2100);
            let publisher = val(h.opt_str("publisher"));
            let w = val(h.opt_float("trim_width_mm")).unwrap_or(148.0);
            let ht = val(h.opt_float("trim_height_mm")).unwrap_or(210.0);
            let bleed = val(h.opt_float("bleed_mm")).unwrap_or(3.0);
            let foreword = h.opt_str("foreword");
            let edition_date = h.opt_date("edition_date").map(|d| d.value);
            let print = super::print_settings::read_print(h);
            let imprint = super::print_settings::read_imprint(h);
            if let Some(fw) = &foreword {
                foreword_span = fw.span.clone();
            }
            for (key, v, lo, hi) in [
                ("trim_width_mm", w, 50.0, 500.0),
                ("trim_height_mm", ht, 50.0, 500.0),
                ("bleed_mm", bleed, 0.0, 10.0),
            ] {
                if !(lo..=hi).contains(&v) {
                    let span = h.table_span();
                    h.error_at(key, span, format!("{v} mm is outside {lo}–{hi} mm"), None);
                }
            }
            let year = val(year).unwrap_or(2020);
            HandbookEdition {
                title: title.map(|t| t.value).unwrap_or_default(),
                title_en,
                year,
                publisher,
                trim_width_mm: w,
                trim_height_mm: ht,
                bleed_mm: bleed,
                foreword: val(foreword),
                edition_date: edition_date.unwrap_or_else(|| year_end(year)),
                print,
                imprint,
            }
        },
    );
    let handbook = match handbook {
        Some(h) => h,
        None => {
            let t = title.as_ref().map(|t| t.value.clone()).unwrap_or_default();
            let year = targets.year.unwrap_or(2020);
            HandbookEdition {
                title: t,
                title_en: None,
                year,
                publisher: contact.organisation.clone(),
                trim_width_mm: 148.0,
                trim_height_mm: 210.0,
                bleed_mm: 3.0,
                foreword: None,
                edition_date: year_end(year),
                print: Default::default(),
                imprint: Default::default(),
            }
        }
    };
    let config = SiteConfig {
        title: title?.value,
        title_en,
        description,
        description_en,
        base_url: base_url?.value.trim_end_matches('/').to_owned(),
        per_page,
        sample_data,
        sample_notice,
        sample_notice_en,
        contact,
        targets,
        sectors,
        handbook,
    };
    Some((
        config,
        SiteExtras {
            allow_raw_html,
            sector_spans,
            foreword_span,
        },
    ))
}

/// 31 December of `year`, the default edition date.
fn year_end(year: i64) -> chrono::NaiveDate {
    let year = i32::try_from(year).unwrap_or(2020);
    chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
}

/// A district with the span of its slug, for duplicate checks.
pub type Spanned<T> = (T, std::ops::Range<usize>);

/// Reads `content/data/districts.toml`.
pub fn districts(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<Spanned<District>> {
    let Some(table) = top(src, &["districts"], diags) else {
        return Vec::new();
    };
    let span = table.span();
    let mut f = Fields::new(
        &src.rel,
        0,
        table.get_ref(),
        span,
        &["districts"],
        "",
        diags,
    );
    f.each("districts", &["slug", "name", "kind", "code"], |d| {
        let slug = d.req_str("slug", "an ASCII slug such as \"dong-anh\"");
        let name = d.req_str(
            "name",
            "the district name without its type, e.g. \"Đông Anh\"",
        );
        let kind = d.req_str("kind", "Quận, Huyện or Thị xã");
        if let Some(k) = &kind {
            if !["Quận", "Huyện", "Thị xã"].contains(&k.value.as_str()) {
                d.error_at(
                    "kind",
                    k.span.clone(),
                    format!("\"{}\" is not Quận, Huyện or Thị xã", k.value),
                    None,
                );
            }
        }
        let code = val(d.opt_str("code"));
        let slug = slug?;
        check_slug(d, "slug", &slug);
        Some((
            District {
                slug: slug.value,
                name: name?.value,
                kind: kind?.value,
                code,
            },
            slug.span,
        ))
    })
    .into_iter()
    .flatten()
    .collect()
}

fn check_slug(f: &mut Fields, key: &str, slug: &At<String>) {
    let good = crate::text::slugify(&slug.value);
    if good != slug.value {
        f.error_at(
            key,
            slug.span.clone(),
            format!("`{}` cannot be used in a web address", slug.value),
            Some(format!("write \"{good}\"")),
        );
    }
}

/// Reads `content/data/industrial-parks.toml`.
pub fn parks(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<(IndustrialPark, Origin)> {
    let Some(table) = top(src, &["parks"], diags) else {
        return Vec::new();
    };
    let span = table.span();
    let mut f = Fields::new(&src.rel, 0, table.get_ref(), span, &["parks"], "", diags);
    f.each(
        "parks",
        &["slug", "name", "name_en", "kind", "district", "area_ha"],
        |p| {
            let slug = p.req_str("slug", "an ASCII slug such as \"kcn-thang-long\"");
            let name = p.req_str("name", "the park's name");
            let name_en = val(p.opt_str("name_en"));
            let kind = p.req_str("kind", "KCN, CCN or KCNC");
            if let Some(k) = &kind {
                if !["KCN", "CCN", "KCNC"].contains(&k.value.as_str()) {
                    p.error_at(
                        "kind",
                        k.span.clone(),
                        format!("\"{}\" is not KCN, CCN or KCNC", k.value),
                        None,
                    );
                }
            }
            let district = p.req_str("district", "the district slug");
            let area_ha = val(p.opt_float("area_ha"));
            let slug = slug?;
            check_slug(p, "slug", &slug);
            let district = district?;
            let mut origin = Origin {
                file: src.rel.clone(),
                ..Default::default()
            };
            origin.spans.insert("slug", slug.span.clone());
            origin.spans.insert("district", district.span.clone());
            Some((
                IndustrialPark {
                    slug: slug.value,
                    name: name?.value,
                    name_en,
                    kind: kind?.value,
                    district: district.value,
                    area_ha,
                },
                origin,
            ))
        },
    )
    .into_iter()
    .flatten()
    .collect()
}

const PROGRAM_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "plan",
    "objectives",
    "objectives_en",
    "targets",
    "tasks",
];

/// Reads `content/program/<year>.toml`.
pub fn program(src: &SourceFile, year: i64, diags: &mut Vec<Diagnostic>) -> Option<Program> {
    let table = top(src, PROGRAM_FIELDS, diags)?;
    let span = table.span();
    let mut f = Fields::new(
        &src.rel,
        0,
        table.get_ref(),
        span,
        PROGRAM_FIELDS,
        "",
        diags,
    );
    let title = f.req_str("title", "the programme's title");
    let title_en = val(f.opt_str("title_en"));
    let plan = f.opt_str("plan");
    let objectives = f
        .str_list("objectives")
        .into_iter()
        .map(|a| a.value)
        .collect();
    let objectives_en = f
        .str_list("objectives_en")
        .into_iter()
        .map(|a| a.value)
        .collect();
    let targets = f
        .each(
            "targets",
            &["label", "label_en", "value", "unit", "measure"],
            |t| {
                let label = t.req_str("label", "what is measured");
                let label_en = val(t.opt_str("label_en"));
                let value = t.opt_float("value");
                if value.is_none() && !t.has("value") {
                    t.missing("value", "the target number");
                }
                let unit = val(t.opt_str("unit"));
                let measure = t.opt_str("measure");
                let measures = ["enterprises", "international_standard", "other"];
                if let Some(m) = &measure {
                    if !measures.contains(&m.value.as_str()) {
                        t.error_at(
                            "measure",
                            m.span.clone(),
                            format!("\"{}\" is not one of {}", m.value, measures.join(", ")),
                            None,
                        );
                    }
                }
                Some(ProgramTarget {
                    label: label?.value,
                    label_en,
                    value: value?.value,
                    unit,
                    measure: val(measure).unwrap_or_else(|| "other".into()),
                })
            },
        )
        .into_iter()
        .flatten()
        .collect();
    let tasks: Vec<ProgramTask> = f
        .each("tasks", &super::records::TASK_FIELDS, |t| {
            let number = t.opt_int("number", 1..=1000);
            if number.is_none() {
                t.missing("number", "the task number");
            }
            let group = val(t.opt_str("group"));
            let task = t.req_str("task", "what is to be done");
            let task_en = val(t.opt_str("task_en"));
            let expected_result = val(t.opt_str("expected_result"));
            let period = val(t.opt_str("period"));
            let lead = val(t.opt_str("lead"));
            let coordinating = t
                .str_list("coordinating")
                .into_iter()
                .map(|a| a.value)
                .collect();
            let status = t.opt_str("status");
            let statuses = ["done", "in-progress", "planned"];
            if let Some(s) = &status {
                if !statuses.contains(&s.value.as_str()) {
                    t.error_at(
                        "status",
                        s.span.clone(),
                        format!("\"{}\" is not one of {}", s.value, statuses.join(", ")),
                        None,
                    );
                }
            }
            Some(ProgramTask {
                number: number?.value,
                group,
                task: task?.value,
                task_en,
                expected_result,
                period,
                lead,
                coordinating,
                status: val(status).unwrap_or_else(|| "planned".into()),
            })
        })
        .into_iter()
        .flatten()
        .collect();
    let mut origin = Origin {
        file: src.rel.clone(),
        ..Default::default()
    };
    if let Some(p) = &plan {
        origin.spans.insert("plan", p.span.clone());
    }
    Some(Program {
        year,
        title: title?.value,
        title_en,
        plan: val(plan),
        objectives,
        objectives_en,
        targets,
        tasks,
        origin,
    })
}
