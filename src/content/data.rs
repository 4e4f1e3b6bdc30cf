//! The TOML data files: `data/districts.toml`, `data/industrial-parks.toml` and
//! `program/<year>.toml` (`site.toml` is read by `settings`).

use super::fields::{At, Fields};
use super::source::SourceFile;
use super::syntax::parse_toml;
use crate::diagnostics::Diagnostic;
use crate::messages::check;
use crate::model::{
    District, IndustrialPark, Origin, Program, ProgramTarget, ProgramTask, TargetMeasure,
    TaskStatus, Text, TextList,
};

fn val<T>(v: Option<At<T>>) -> Option<T> {
    v.map(|a| a.value)
}

/// The whole file as a TOML table, its syntax errors reported.
pub(super) fn top<'a>(
    src: &'a SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<toml::Spanned<toml::de::DeTable<'a>>> {
    parse_toml(&src.rel, &src.text, 0, diags)
}

/// A district with the span of its slug, for duplicate checks.
pub type Spanned<T> = (T, std::ops::Range<usize>);

/// Reads `content/data/districts.toml`.
pub fn districts(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<Spanned<District>> {
    let Some(table) = top(src, diags) else {
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
        let kind = d.req_vocab("kind", "Quận, Huyện or Thị xã");
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
        f.said_at(
            key,
            slug.span.clone(),
            check::not_a_slug(&slug.value, &good),
        );
    }
}

/// Reads `content/data/industrial-parks.toml`.
pub fn parks(src: &SourceFile, diags: &mut Vec<Diagnostic>) -> Vec<(IndustrialPark, Origin)> {
    let Some(table) = top(src, diags) else {
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
            let kind = p.req_vocab("kind", "KCN, CCN or KCNC");
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
                    name: Text::new(name?.value, name_en),
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
    "status_sample",
];

/// Reads `content/program/<year>.toml`.
pub fn program(src: &SourceFile, year: i64, diags: &mut Vec<Diagnostic>) -> Option<Program> {
    let table = top(src, diags)?;
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
    let objectives = TextList {
        vi: f
            .str_list("objectives")
            .into_iter()
            .map(|a| a.value)
            .collect(),
        en: f
            .str_list("objectives_en")
            .into_iter()
            .map(|a| a.value)
            .collect(),
    };
    let targets = f
        .each("targets", TARGET_FIELDS, target)
        .into_iter()
        .flatten()
        .collect();
    let tasks: Vec<ProgramTask> = f
        .each("tasks", &ProgramTask::FIELDS, task)
        .into_iter()
        .flatten()
        .collect();
    let status_sample = f.sample_flag("status_sample");
    let mut origin = Origin {
        file: src.rel.clone(),
        ..Default::default()
    };
    if let Some(p) = &plan {
        origin.spans.insert("plan", p.span.clone());
    }
    Some(Program {
        year,
        title: Text::new(title?.value, title_en),
        plan: val(plan),
        objectives,
        targets,
        tasks,
        status_sample,
        origin,
    })
}

const TARGET_FIELDS: &[&str] = &["label", "label_en", "value", "unit", "measure"];

/// One `[[targets]]` table of a programme.
fn target(t: &mut Fields) -> Option<ProgramTarget> {
    let label = t.req_str("label", "what is measured");
    let label_en = val(t.opt_str("label_en"));
    let value = t.opt_float("value");
    if value.is_none() && !t.has("value") {
        t.missing("value", "the target number");
    }
    let unit = val(t.opt_str("unit"));
    let measure = t.opt_vocab("measure");
    Some(ProgramTarget {
        label: Text::new(label?.value, label_en),
        value: value?.value,
        unit,
        measure: val(measure).unwrap_or(TargetMeasure::Other),
    })
}

/// One `[[tasks]]` table of a programme.
fn task(t: &mut Fields) -> Option<ProgramTask> {
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
    let status = t.opt_vocab("status");
    Some(ProgramTask {
        number: number?.value,
        group,
        task: Text::new(task?.value, task_en),
        expected_result,
        period,
        lead,
        coordinating,
        status: val(status).unwrap_or(TaskStatus::Planned),
    })
}
