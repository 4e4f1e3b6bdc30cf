//! The programmes: their list, one page per year with objectives, targets and tasks.

use super::super::views::PolicyCard;

use super::common::{job, Env, Job};
use crate::model::{urls, Lang, Model, Program, TargetMeasure, TaskStatus};
use serde::Serialize;

/// A target of a programme next to the directory's own count.
#[derive(Serialize)]
pub(super) struct TargetRow<'a> {
    label: &'a str,
    label_lang: Option<&'static str>,
    measure: TargetMeasure,
    target: f64,
    unit: Option<String>,
    actual: Option<usize>,
    percent: Option<f64>,
}

/// The targets of `program` in `env.lang`, with the directory's counts where it has them.
pub(super) fn program_targets<'a>(
    m: &Model,
    env: &Env,
    program: &'a Program,
) -> Vec<TargetRow<'a>> {
    let lang = env.lang;
    program
        .targets
        .iter()
        .map(|t| {
            let actual = m.target_actual(t);
            let label = t.label.pick(lang);
            // Counted targets are numbers of enterprises: say so in the page's language.
            let unit = match (lang, actual) {
                (Lang::En, Some(_)) => Some(env.strings.get(lang, "enterprises_unit")),
                _ => t.unit.clone(),
            };
            TargetRow {
                label: label.text,
                label_lang: label.lang_mark(),
                measure: t.measure,
                target: t.value,
                unit,
                actual,
                percent: actual
                    .filter(|_| t.value > 0.0)
                    .map(|a| (a as f64 * 100.0 / t.value).min(100.0)),
            }
        })
        .collect()
}

/// A programme as its page shows it.
#[derive(Serialize)]
struct ProgramDetail<'a> {
    year: i64,
    title: &'a str,
    title_lang: Option<&'static str>,
    alt_title: Option<&'a str>,
    alt_lang: &'static str,
    objectives: &'a [String],
    objectives_lang: Option<&'static str>,
    alt_objectives: &'a [String],
    tasks: Vec<TaskView<'a>>,
    /// The tasks' statuses are sample values.
    status_sample: bool,
    tasks_csv: String,
    tasks_json: String,
}

#[derive(Serialize)]
struct TaskView<'a> {
    number: i64,
    group: Option<&'a str>,
    task: &'a str,
    task_lang: Option<&'static str>,
    expected_result: Option<&'a str>,
    period: Option<&'a str>,
    lead: Option<&'a str>,
    coordinating: &'a [String],
    status: TaskStatus,
    /// `"vi"` for the fields that exist only in Vietnamese, on English pages.
    vi: Option<&'static str>,
}

impl<'a> ProgramDetail<'a> {
    fn of(p: &'a Program, lang: Lang) -> Self {
        let title = p.title.pick(lang);
        let (alt_title, alt_lang) = p.title.other(lang);
        let objectives = p.objectives.pick(lang);
        ProgramDetail {
            year: p.year,
            title: title.text,
            title_lang: title.lang_mark(),
            alt_title,
            alt_lang: alt_lang.code(),
            objectives: objectives.text,
            objectives_lang: objectives.lang_mark(),
            // The English objectives under the Vietnamese ones; none under the English ones.
            alt_objectives: match lang {
                Lang::Vi => &p.objectives.en,
                Lang::En => &[],
            },
            tasks: p
                .tasks
                .iter()
                .map(|t| {
                    let task = t.task.pick(lang);
                    TaskView {
                        number: t.number,
                        group: t.group.as_deref(),
                        task: task.text,
                        task_lang: task.lang_mark(),
                        expected_result: t.expected_result.as_deref(),
                        period: t.period.as_deref(),
                        lead: t.lead.as_deref(),
                        coordinating: &t.coordinating,
                        status: t.status,
                        vi: lang.vi_mark(false),
                    }
                })
                .collect(),
            status_sample: p.status_sample,
            tasks_csv: urls::tasks_csv(p.year),
            tasks_json: urls::tasks_json(p.year),
        }
    }
}

/// The programmes of `env.lang`.
pub(super) fn push(jobs: &mut Vec<Job>, model: &Model, env: &Env) {
    let lang = env.lang;
    jobs.push(job(
        urls::PROGRAMS.into(),
        "programs.html",
        move |m, ctx| {
            let list: Vec<(i64, &str, String, Option<&str>)> = m
                .programs()
                .iter()
                .map(|p| {
                    let t = p.title.pick(lang);
                    (
                        p.year,
                        t.text,
                        lang.url(&urls::program(p.year)),
                        t.lang_mark(),
                    )
                })
                .collect();
            ctx.insert("program_list", &list);
        },
    ));
    for (i, p) in model.programs().iter().enumerate() {
        let e = env.clone();
        jobs.push(job(urls::program(p.year), "program.html", move |m, ctx| {
            let p = &m.programs()[i];
            let detail = ProgramDetail::of(p, lang);
            ctx.insert("og_title", detail.title);
            ctx.insert("program", &detail);
            ctx.insert("targets", &program_targets(m, &e, p));
            ctx.insert("actuals_sample", &m.actuals_are_samples());
            ctx.insert(
                "plan",
                &p.plan
                    .as_deref()
                    .and_then(|s| m.policy(s))
                    .map(|p| PolicyCard::of(p, m, lang)),
            );
        }));
    }
}
