//! The effects page of a programme (and of all an operator's programmes), and the funder
//! statistics with their CSV and XLSX downloads.
//!
//! The figures are computed in `stegvis_app::effects`; this module only turns them into panels
//! of figures, an accessible chart and its data table, in the reader's language.

use std::collections::HashMap;
use time::Date;

use super::questionnaires::explain;
use super::{failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::effects::{
    self as uc, EffectsQuery, EffectsReport, FunderStatistics, MeasureSummary,
};
use stegvis_domain::change::plain::{Reading, Subject};
use stegvis_domain::effects::{OccupationOccasion, WINDOWS};
use stegvis_domain::funder_statistics::{Period, SEXES, Table};
use stegvis_domain::income::SupportGroup;
use stegvis_domain::swedish;
use stegvis_domain::validation::ValidationErrors;
use stegvis_reports::charts::{self, Series};
use stegvis_reports::csv::{CsvWriter, Dialect};
use stegvis_reports::xlsx::{self, Cell, Sheet};

/// A number with `digits` decimals and a decimal comma.
fn fixed(value: f64, digits: u32) -> String {
    let scaled = (value * 10f64.powi(i32::try_from(digits).unwrap_or(0))).round();
    swedish::format_fixed(scaled as i128, digits)
}

/// A percentage with `digits` decimals and a no-break space before the sign.
fn percent(value: f64, digits: u32) -> String {
    let scaled = (value * 10f64.powi(i32::try_from(digits).unwrap_or(0))).round();
    swedish::format_percent(scaled as i128, digits)
}

fn dash() -> String {
    "–".into()
}

fn one(value: Option<f64>) -> String {
    value.map_or_else(dash, |v| fixed(v, 1))
}

fn count(tr: &Tr, value: Option<u64>) -> String {
    value.map_or_else(
        || tr.t("measures-suppressed-cell"),
        |v| swedish::format_integer(i64::try_from(v).unwrap_or(i64::MAX)),
    )
}

fn p_value(value: Option<f64>) -> String {
    match value {
        Some(p) if p < 0.001 => "< 0,001".into(),
        Some(p) => fixed(p, 3),
        None => dash(),
    }
}

/// One labelled figure of a panel.
pub struct Figure {
    pub label: String,
    pub value: String,
}

/// A data table: the accessible form of a chart, or a table of its own.
pub struct TableView {
    pub id: String,
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// One effect: its figures, chart and tables, and where its method is described.
pub struct Panel {
    pub id: &'static str,
    pub heading: String,
    pub lead: String,
    pub notice: Option<String>,
    pub figures: Vec<Figure>,
    /// What the figures mean, in plain words, shown beside them.
    pub plain: Vec<String>,
    pub chart: String,
    pub tables: Vec<TableView>,
    pub method: String,
    /// The method's section on the method page, `/metod#…`.
    pub method_href: String,
}

/// The address of a section of the method page, by its heading in `docs/methods.md`.
fn method_href(heading: &str) -> String {
    format!("/metod#{}", crate::markdown::anchor(heading))
}

#[derive(Template)]
#[template(path = "effects/show.html")]
struct EffectsPage {
    l: Layout,
    heading: String,
    breadcrumb: Option<(String, String)>,
    action: String,
    windows: Vec<(u32, bool)>,
    as_of: String,
    error: Option<String>,
    aggregate: bool,
    funder_link: Option<String>,
    reports_link: Option<String>,
    socio_link: Option<String>,
    operator_link: Option<(String, String)>,
    /// The programmes, their period, the report date and today: the printed page's header.
    printed: String,
    panels: Vec<Panel>,
}

/// What differs between the programme's and the operator's effects page.
#[derive(Default)]
struct PageHead {
    heading: String,
    breadcrumb: Option<(String, String)>,
    action: String,
    funder_link: Option<String>,
    reports_link: Option<String>,
    socio_link: Option<String>,
    operator_link: Option<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct EffectsParams {
    #[serde(default)]
    fonster: Option<String>,
    #[serde(default)]
    per: Option<String>,
}

/// The query, or the defaults and the reason the given values were refused.
fn parse_query(params: &EffectsParams, tr: &Tr, today: Date) -> (EffectsQuery, Option<String>) {
    match EffectsQuery::parse(
        params.fonster.as_deref().unwrap_or_default(),
        params.per.as_deref().unwrap_or_default(),
        today,
    ) {
        Ok(query) => (query, None),
        Err(AppError::Invalid(errors)) => (
            EffectsQuery::parse("", "", today).unwrap_or(EffectsQuery {
                window: stegvis_domain::effects::DEFAULT_WINDOW,
                as_of: today,
            }),
            Some(messages(&errors, tr)),
        ),
        Err(_) => (
            EffectsQuery {
                window: stegvis_domain::effects::DEFAULT_WINDOW,
                as_of: today,
            },
            None,
        ),
    }
}

fn messages(errors: &ValidationErrors, tr: &Tr) -> String {
    errors
        .iter()
        .map(|e| tr.error(e))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `/program/{id}/effekter`: every effect of one programme.
pub async fn programme(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<EffectsParams>,
) -> Response {
    let (query, error) = parse_query(&params, &user.ctx.tr, state.app.today());
    let result = uc::programme_effects(&state.app, &user.actor, ids.id(), query).await;
    respond(&state, &user, &uri, result, error, |tr, report| {
        let programme = &report.programmes[0];
        PageHead {
            heading: tr.t1("effects-title", "name", &programme.name),
            breadcrumb: Some((format!("/program/{}", programme.id), programme.name.clone())),
            action: format!("/program/{}/effekter", programme.id),
            funder_link: Some(format!("/program/{}/finansiarer", programme.id)),
            reports_link: Some(format!("/program/{}/rapporter", programme.id)),
            socio_link: Some(format!("/program/{}/socioekonomi", programme.id)),
            operator_link: Some((
                format!("/effekter/{}", programme.operator_id),
                tr.t("effects-operator-link"),
            )),
        }
    })
}

/// `/effekter/{id}`: every effect of all the operator's programmes the reader may see.
pub async fn operator(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<EffectsParams>,
) -> Response {
    let (query, error) = parse_query(&params, &user.ctx.tr, state.app.today());
    let result = uc::operator_effects(&state.app, &user.actor, ids.id(), query).await;
    let operator = ids.id();
    respond(&state, &user, &uri, result, error, |tr, report| {
        let names = report
            .programmes
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        PageHead {
            heading: tr.t1("effects-operator-title", "programmes", names),
            action: format!("/effekter/{operator}"),
            ..PageHead::default()
        }
    })
}

/// The body both effects pages share: the page, or the error page when the use case failed.
/// `specific` gives what differs between them (heading, form action, links); the panels and
/// the query form come from the report.
fn respond(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    result: Result<EffectsReport, AppError>,
    error: Option<String>,
    specific: impl FnOnce(&Tr, &EffectsReport) -> PageHead,
) -> Response {
    let report = match result {
        Ok(report) => report,
        Err(e) => return failure(state, &user.ctx, uri, e),
    };
    let tr = &user.ctx.tr;
    let refused = error.is_some();
    let head = specific(tr, &report);
    let page = EffectsPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        heading: head.heading,
        breadcrumb: head.breadcrumb,
        action: head.action,
        funder_link: head.funder_link,
        reports_link: head.reports_link,
        socio_link: head.socio_link,
        operator_link: head.operator_link,
        windows: WINDOWS
            .iter()
            .map(|w| (*w, *w == report.query.window))
            .collect(),
        as_of: swedish::format_date(report.query.as_of),
        printed: printed_line(tr, &report, state.app.today()),
        error,
        aggregate: report.audience.is_aggregate(),
        panels: panels(tr, &report),
    };
    render(
        &page,
        if refused {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    )
}

/// The line a printed effects page carries: the programmes covered, from the first start to
/// the last end, the report date and the day it was printed.
fn printed_line(tr: &Tr, report: &EffectsReport, today: Date) -> String {
    let names = report
        .programmes
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let from = report.programmes.iter().map(|p| p.starts_on).min();
    let to = report.programmes.iter().map(|p| p.ends_on).max();
    tr.ta(
        "plain-printed-effects",
        &[
            ("programme", names),
            ("from", from.map(swedish::format_date).unwrap_or_else(dash)),
            ("to", to.map(swedish::format_date).unwrap_or_else(dash)),
            ("asof", swedish::format_date(report.query.as_of)),
            ("date", swedish::format_date(today)),
        ],
    )
}

/// The panels of every effect, in the reader's language: the effects page and the report
/// documents show the same.
pub(crate) fn panels(tr: &Tr, report: &EffectsReport) -> Vec<Panel> {
    vec![
        public_support_panel(tr, report),
        occupation_panel(tr, report),
        measures_panel(tr, "health", &report.health),
        measures_panel(tr, "knowledge", &report.knowledge),
        growth_panel(tr, report),
        targets_panel(tr, report),
    ]
}

fn group_label(tr: &Tr, group: Option<SupportGroup>) -> String {
    group.map_or_else(
        || tr.t("effects-group-unrecorded"),
        |g| tr.t(&format!("effects-group-{}", g.code())),
    )
}

fn public_support_panel(tr: &Tr, report: &EffectsReport) -> Panel {
    let s = &report.public_support;
    let mut panel = Panel {
        id: "effekt-1",
        heading: tr.t("effects-support-heading"),
        lead: tr.ta(
            "effects-support-lead",
            &[
                ("window", s.window_months.to_string()),
                ("date", swedish::format_date(report.query.as_of)),
            ],
        ),
        notice: None,
        figures: vec![
            Figure {
                label: tr.t("effects-n"),
                value: s.n.to_string(),
            },
            Figure {
                label: tr.t("effects-not-yet-followed-up"),
                value: s.not_yet_followed_up.to_string(),
            },
        ],
        plain: Vec::new(),
        chart: String::new(),
        tables: Vec::new(),
        method: tr.t("effects-method-support"),
        method_href: method_href("Effect 1: less public support"),
    };
    if s.suppressed {
        panel.notice = Some(tr.t("effects-suppressed"));
        return panel;
    }
    let Some(change) = s.change else {
        panel.notice = Some(tr.t("effects-support-none"));
        return panel;
    };
    panel.plain = explain(tr, &Subject::SupportMonths, false, Reading::from(&change));
    panel.figures.extend([
        Figure {
            label: tr.t("effects-months-before"),
            value: one(s.months_before_mean),
        },
        Figure {
            label: tr.t("effects-months-after"),
            value: one(s.months_after_mean),
        },
        Figure {
            label: tr.t("effects-change"),
            value: tr.ta(
                "effects-change-value",
                &[
                    ("mean", fixed(change.mean_change, 1)),
                    ("low", one(change.ci95_low)),
                    ("high", one(change.ci95_high)),
                ],
            ),
        },
        Figure {
            label: tr.t("measures-wilcoxon-p"),
            value: p_value(change.wilcoxon_p),
        },
        Figure {
            label: tr.t("effects-without-support"),
            value: s.without_support_after_percent.map_or_else(
                || tr.t("measures-suppressed-cell"),
                |p| format!("{} ({})", percent(p, 0), count(tr, s.without_support_after)),
            ),
        },
        Figure {
            label: tr.t("effects-recorded"),
            value: s.recorded_percent.map_or_else(dash, |p| percent(p, 0)),
        },
    ]);
    let actors: Vec<String> = s
        .by_actor
        .iter()
        .map(|a| tr.t(&format!("effects-actor-{}", a.actor.code())))
        .collect();
    let before = tr.t("measures-before");
    let after = tr.t("measures-after");
    let top = s
        .by_actor
        .iter()
        .map(|a| a.fte_months_before.max(a.fte_months_after))
        .fold(1.0f64, f64::max);
    panel.chart = charts::bar_chart(
        "chart-support-actors",
        &tr.t("effects-actor-chart"),
        &tr.t("effects-actor-chart-desc"),
        &actors,
        &[
            Series {
                name: before.clone(),
                values: s
                    .by_actor
                    .iter()
                    .map(|a| Some(a.fte_months_before))
                    .collect(),
            },
            Series {
                name: after.clone(),
                values: s
                    .by_actor
                    .iter()
                    .map(|a| Some(a.fte_months_after))
                    .collect(),
            },
        ],
        (0.0, top.ceil()),
    );
    panel.tables.push(TableView {
        id: "table-support-actors".into(),
        caption: tr.t("effects-actor-chart"),
        headers: vec![tr.t("effects-actor"), before.clone(), after.clone()],
        rows: s
            .by_actor
            .iter()
            .zip(&actors)
            .map(|(a, name)| {
                (
                    name.clone(),
                    vec![fixed(a.fte_months_before, 1), fixed(a.fte_months_after, 1)],
                )
            })
            .collect(),
    });
    panel.tables.push(TableView {
        id: "table-support-transitions".into(),
        caption: tr.t("effects-transitions"),
        headers: vec![
            tr.t("effects-group-before"),
            tr.t("effects-group-after"),
            tr.t("effects-count"),
        ],
        rows: s
            .transitions
            .iter()
            .map(|t| {
                (
                    group_label(tr, t.before),
                    vec![group_label(tr, t.after), count(tr, t.count)],
                )
            })
            .collect(),
    });
    panel.tables.push(TableView {
        id: "table-support-cohorts".into(),
        caption: tr.t("effects-cohorts"),
        headers: vec![
            tr.t("effects-cohort"),
            tr.t("effects-n"),
            tr.t("effects-months-before"),
            tr.t("effects-months-after"),
        ],
        rows: s
            .cohorts
            .iter()
            .map(|c| {
                (
                    c.cohort.to_string(),
                    vec![
                        count(tr, c.n),
                        one(c.months_before_mean),
                        one(c.months_after_mean),
                    ],
                )
            })
            .collect(),
    });
    panel
}

fn occasion_label(tr: &Tr, occasion: OccupationOccasion) -> String {
    match occasion {
        OccupationOccasion::Intake => tr.t("effects-occasion-intake"),
        OccupationOccasion::Exit => tr.t("effects-occasion-exit"),
        OccupationOccasion::FollowUp(months) => {
            tr.t1("effects-occasion-follow-up", "months", months)
        }
    }
}

fn occupation_panel(tr: &Tr, report: &EffectsReport) -> Panel {
    let groups: Vec<String> = stegvis_domain::episode::OccupationGroup::ALL
        .iter()
        .map(|g| tr.t(&format!("effects-occupation-{}", g.code())))
        .collect();
    let occasions: Vec<String> = report
        .occupation
        .iter()
        .map(|row| occasion_label(tr, row.occasion))
        .collect();
    let share = |row: &stegvis_domain::effects::OccupationRow, index: usize| {
        row.groups
            .get(index)
            .and_then(|(_, c)| *c)
            .filter(|_| row.n > 0)
            .map(|c| 100.0 * c as f64 / row.n as f64)
    };
    let chart = if report.occupation.is_empty() {
        String::new()
    } else {
        charts::bar_chart(
            "chart-occupation",
            &tr.t("effects-occupation-chart"),
            &tr.t("effects-occupation-chart-desc"),
            &occasions,
            &[Series {
                name: groups[0].clone(),
                values: report.occupation.iter().map(|row| share(row, 0)).collect(),
            }],
            (0.0, 100.0),
        )
    };
    let mut headers = vec![tr.t("effects-occasion"), tr.t("effects-n")];
    headers.extend(groups.iter().cloned());
    let jobs = &report.enterprise_jobs;
    Panel {
        id: "effekt-2",
        heading: tr.t("effects-occupation-heading"),
        lead: tr.t("effects-occupation-lead"),
        notice: report
            .occupation
            .is_empty()
            .then(|| tr.t("effects-occupation-none")),
        figures: if jobs.suppressed {
            vec![Figure {
                label: tr.t("effects-jobs-held"),
                value: tr.t("measures-suppressed-cell"),
            }]
        } else {
            vec![
                Figure {
                    label: tr.t("effects-jobs-held"),
                    value: count(tr, jobs.held),
                },
                Figure {
                    label: tr.t("effects-jobs-holds"),
                    value: count(tr, jobs.holds),
                },
                Figure {
                    label: tr.t("effects-jobs-fte"),
                    value: one(jobs.fte),
                },
            ]
        },
        plain: Vec::new(),
        chart,
        tables: vec![TableView {
            id: "table-occupation".into(),
            caption: tr.t("effects-occupation-chart"),
            headers,
            rows: report
                .occupation
                .iter()
                .zip(&occasions)
                .map(|(row, label)| {
                    let mut cells = vec![row.n.to_string()];
                    cells.extend(row.groups.iter().map(|(_, c)| count(tr, *c)));
                    (label.clone(), cells)
                })
                .collect(),
        }],
        method: tr.t("effects-method-occupation"),
        method_href: method_href("Effect 2: occupation and jobs in social enterprises"),
    }
}

fn instrument_title(tr: &Tr, summary: &MeasureSummary) -> String {
    let titles = summary.instrument.title();
    titles
        .get(tr.lang())
        .or_else(|| titles.get("sv"))
        .map(str::to_string)
        .unwrap_or_else(|| summary.instrument.key().to_string())
}

fn measures_panel(tr: &Tr, kind: &'static str, summaries: &[MeasureSummary]) -> Panel {
    let titles: Vec<String> = summaries.iter().map(|s| instrument_title(tr, s)).collect();
    let plain = summaries
        .iter()
        .zip(&titles)
        .filter_map(|(s, title)| {
            let c = s.change.change.as_ref().filter(|_| !s.change.suppressed)?;
            let subject = Subject::Score {
                measure: title.clone(),
            };
            let sentences = explain(
                tr,
                &subject,
                s.instrument.higher_is_better(),
                Reading::from(c),
            );
            Some(sentences.join(" "))
        })
        .collect();
    Panel {
        id: if kind == "health" {
            "effekt-3"
        } else {
            "effekt-4"
        },
        heading: tr.t(&format!("effects-{kind}-heading")),
        lead: tr.t("effects-measures-lead"),
        notice: summaries.is_empty().then(|| tr.t("effects-measures-none")),
        figures: Vec::new(),
        plain,
        chart: String::new(),
        tables: vec![TableView {
            id: format!("table-{kind}"),
            caption: tr.t(&format!("effects-{kind}-heading")),
            headers: vec![
                tr.t("effects-instrument"),
                tr.t("effects-started"),
                tr.t("effects-answered-both"),
                tr.t("effects-missing"),
                tr.t("measures-mean-change"),
                tr.t("measures-ci95"),
                tr.t("measures-wilcoxon-p"),
            ],
            rows: summaries
                .iter()
                .zip(titles)
                .map(|(s, title)| {
                    let c = s.change.change;
                    (
                        title,
                        vec![
                            count(tr, s.started),
                            count(tr, s.answered_both),
                            count(tr, s.missing),
                            c.map_or_else(
                                || tr.t("measures-suppressed-cell"),
                                |c| fixed(c.mean_change, 1),
                            ),
                            c.map_or_else(dash, |c| {
                                format!("{} – {}", one(c.ci95_low), one(c.ci95_high))
                            }),
                            c.map_or_else(dash, |c| p_value(c.wilcoxon_p)),
                        ],
                    )
                })
                .collect(),
        }],
        method: tr.t("effects-method-measures"),
        method_href: method_href("Effects 3 and 4: health and knowledge"),
    }
}

fn kronor(ore: i64) -> String {
    swedish::format_integer(ore / 100)
}

fn growth_panel(tr: &Tr, report: &EffectsReport) -> Panel {
    let years: Vec<String> = report
        .enterprise_growth
        .iter()
        .map(|y| y.year.to_string())
        .collect();
    let top = report
        .enterprise_growth
        .iter()
        .map(|y| y.turnover_ore as f64 / 100_000.0)
        .fold(1.0f64, f64::max);
    let chart = if years.is_empty() {
        String::new()
    } else {
        charts::bar_chart(
            "chart-growth",
            &tr.t("effects-growth-chart"),
            &tr.t("effects-growth-chart-desc"),
            &years,
            &[Series {
                name: tr.t("effects-turnover-tkr"),
                values: report
                    .enterprise_growth
                    .iter()
                    .map(|y| Some(y.turnover_ore as f64 / 100_000.0))
                    .collect(),
            }],
            (0.0, top.ceil()),
        )
    };
    Panel {
        id: "effekt-5",
        heading: tr.t("effects-growth-heading"),
        lead: tr.t("effects-growth-lead"),
        notice: years.is_empty().then(|| tr.t("effects-growth-none")),
        figures: Vec::new(),
        plain: Vec::new(),
        chart,
        tables: vec![TableView {
            id: "table-growth".into(),
            caption: tr.t("effects-growth-chart"),
            headers: vec![
                tr.t("effects-year"),
                tr.t("effects-enterprises"),
                tr.t("effects-turnover"),
                tr.t("effects-growth"),
                tr.t("effects-employees"),
                tr.t("effects-work-units"),
                tr.t("effects-target-share"),
                tr.t("effects-reserved"),
            ],
            rows: report
                .enterprise_growth
                .iter()
                .map(|y| {
                    (
                        y.year.to_string(),
                        vec![
                            y.enterprises.to_string(),
                            kronor(y.turnover_ore),
                            y.turnover_growth_percent
                                .map_or_else(dash, |p| percent(p, 1)),
                            y.employees.to_string(),
                            swedish::format_fixed(i128::from(y.work_units_tenths), 1),
                            y.target_group_percent.map_or_else(dash, |p| percent(p, 1)),
                            y.meeting_reserved_threshold.to_string(),
                        ],
                    )
                })
                .collect(),
        }],
        method: tr.t("effects-method-growth"),
        method_href: method_href("Effect 5: the enterprises' growth"),
    }
}

fn targets_panel(tr: &Tr, report: &EffectsReport) -> Panel {
    let p = &report.participants;
    Panel {
        id: "mal",
        heading: tr.t("effects-targets-heading"),
        lead: tr.t("effects-targets-lead"),
        notice: None,
        figures: vec![Figure {
            label: tr.t("effects-participants"),
            value: p.total.to_string(),
        }],
        plain: Vec::new(),
        chart: String::new(),
        tables: vec![
            TableView {
                id: "table-targets".into(),
                caption: tr.t("effects-targets-heading"),
                headers: vec![
                    tr.t("effects-target"),
                    tr.t("effects-target-value"),
                    tr.t("effects-target-achieved"),
                ],
                rows: report
                    .targets
                    .iter()
                    .map(|t| {
                        (
                            t.description.clone(),
                            vec![
                                t.target_value.to_string(),
                                t.achieved.map_or_else(dash, |a| a.to_string()),
                            ],
                        )
                    })
                    .collect(),
            },
            TableView {
                id: "table-sex".into(),
                caption: tr.t("effects-by-sex"),
                headers: vec![tr.t("effects-sex"), tr.t("effects-count")],
                rows: p
                    .by_sex
                    .iter()
                    .map(|(sex, n)| {
                        (
                            tr.t(&format!("funder-sex-{}", sex.code())),
                            vec![count(tr, *n)],
                        )
                    })
                    .collect(),
            },
            TableView {
                id: "table-age".into(),
                caption: tr.t("effects-by-age"),
                headers: vec![tr.t("effects-age-band"), tr.t("effects-count")],
                rows: p
                    .by_age_band
                    .iter()
                    .map(|(band, n)| (band.code().to_string(), vec![count(tr, *n)]))
                    .collect(),
            },
        ],
        method: tr.t("effects-method-targets"),
        method_href: method_href("Targets and participants"),
    }
}

#[derive(Template)]
#[template(path = "effects/funder.html")]
struct FunderPage {
    l: Layout,
    programme_id: i64,
    programme_name: String,
    year: String,
    half: String,
    query: String,
    error: Option<String>,
    aggregate: bool,
    tables: Vec<TableView>,
}

#[derive(Debug, Default, Deserialize)]
pub struct FunderParams {
    #[serde(default)]
    ar: Option<String>,
    #[serde(default)]
    halvar: Option<String>,
}

/// The period asked for: the previous half-year when nothing is given.
fn parse_period(params: &FunderParams, today: Date) -> Result<Period, ValidationErrors> {
    match (&params.ar, &params.halvar) {
        (None, None) => Ok(if u8::from(today.month()) > 6 {
            Period {
                year: today.year(),
                half: Some(1),
            }
        } else {
            Period {
                year: today.year() - 1,
                half: Some(2),
            }
        }),
        (year, half) => Period::parse(
            year.as_deref().unwrap_or_default(),
            half.as_deref().unwrap_or_default(),
        ),
    }
}

fn table_label(tr: &Tr, table: &Table, label: &str, partners: &HashMap<i64, String>) -> String {
    match (table.key, label) {
        (_, "none") => tr.t("funder-none"),
        ("finsam", _) => tr.t(&format!("funder-row-{label}")),
        ("age-band", _) => label.to_string(),
        ("time-outside", _) => tr.t(&format!("duration-{label}")),
        ("education", _) => tr.t(&format!("education-{label}")),
        ("partner", _) => label
            .parse::<i64>()
            .ok()
            .and_then(|id| partners.get(&id).cloned())
            .unwrap_or_else(|| label.to_string()),
        _ => tr.t(&format!("occupation-{label}")),
    }
}

pub(crate) fn funder_tables(
    tr: &Tr,
    tables: &[Table],
    partner_names: &HashMap<i64, String>,
) -> Vec<TableView> {
    tables
        .iter()
        .map(|table| {
            let with_sex = table.key != "situation-follow-up";
            let mut headers = vec![tr.t(&format!("funder-table-{}-label", table.key))];
            if with_sex {
                headers.extend(
                    SEXES
                        .iter()
                        .map(|s| tr.t(&format!("funder-sex-{}", s.code()))),
                );
            }
            headers.push(tr.t("funder-total"));
            TableView {
                id: format!("funder-{}", table.key),
                caption: tr.t(&format!("funder-table-{}", table.key)),
                headers,
                rows: table
                    .rows
                    .iter()
                    .map(|row| {
                        let mut cells: Vec<String> =
                            row.by_sex.iter().map(|c| count(tr, *c)).collect();
                        cells.push(count(tr, row.total));
                        (table_label(tr, table, &row.label, partner_names), cells)
                    })
                    .collect(),
            }
        })
        .collect()
}

fn period_query(period: Period) -> String {
    match period.half {
        Some(half) => format!("ar={}&halvar={half}", period.year),
        None => format!("ar={}", period.year),
    }
}

/// `/program/{id}/finansiarer`: the funder statistics, ready to copy.
pub async fn funder(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<FunderParams>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let today = state.app.today();
    let (period, error, status) = match parse_period(&params, today) {
        Ok(period) => (period, None, StatusCode::OK),
        Err(errors) => (
            parse_period(&FunderParams::default(), today).unwrap_or(Period {
                year: today.year(),
                half: None,
            }),
            Some(messages(&errors, &tr)),
            StatusCode::BAD_REQUEST,
        ),
    };
    match uc::funder_statistics(&state.app, &user.actor, ids.id(), period).await {
        Ok(stats) => {
            let page = FunderPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                programme_id: stats.programme.id,
                programme_name: stats.programme.name.clone(),
                year: period.year.to_string(),
                half: period.half.map(|h| h.to_string()).unwrap_or_default(),
                query: period_query(period),
                error,
                aggregate: stats.audience.is_aggregate(),
                tables: funder_tables(&tr, &stats.tables, &stats.partner_names),
            };
            render(&page, status)
        }
        Err(e) => failure(&state, &user.ctx, &uri, e),
    }
}

async fn download(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    programme_id: i64,
    params: &FunderParams,
) -> Result<(FunderStatistics, Vec<TableView>), Response> {
    let period = parse_period(params, state.app.today()).map_err(|errors| {
        crate::errors::problem(StatusCode::BAD_REQUEST, &messages(&errors, &user.ctx.tr))
    })?;
    let stats = uc::funder_statistics(&state.app, &user.actor, programme_id, period)
        .await
        .map_err(|e| failure(state, &user.ctx, uri, e))?;
    let tables = funder_tables(&user.ctx.tr, &stats.tables, &stats.partner_names);
    Ok((stats, tables))
}

fn file_name(stats: &FunderStatistics, extension: &str) -> HeaderValue {
    let period = match stats.period.half {
        Some(half) => format!("{}-h{half}", stats.period.year),
        None => stats.period.year.to_string(),
    };
    HeaderValue::from_str(&format!(
        "attachment; filename=\"finansiarsstatistik-{}-{period}.{extension}\"",
        stats.programme.id
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The funder statistics as CSV: every table one after another, a blank line between.
pub async fn funder_csv(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<FunderParams>,
) -> Response {
    let (stats, tables) = match download(&state, &user, &uri, ids.id(), &params).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let mut csv = CsvWriter::with_dialect(Dialect::for_language(user.ctx.tr.lang()));
    for table in &tables {
        csv.row([table.caption.clone()]);
        csv.row(table.headers.iter().cloned());
        for (label, cells) in &table.rows {
            csv.row(std::iter::once(label.clone()).chain(cells.iter().map(|c| csv_cell(c))));
        }
        csv.row([""]);
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, file_name(&stats, "csv")),
        ],
        csv.finish(),
    )
        .into_response()
}

/// A count without its thousands spaces (`1 234` → `1234`), so the spreadsheet reads it as a
/// number; any other cell as it is.
fn csv_cell(text: &str) -> String {
    match sheet_cell(text) {
        Cell::Integer(n) => n.to_string(),
        _ => text.to_string(),
    }
}

/// A cell as a number when it is one, so sums work in the spreadsheet.
fn sheet_cell(text: &str) -> Cell {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    digits
        .parse::<i64>()
        .map_or_else(|_| Cell::Text(text.to_string()), Cell::Integer)
}

/// The funder statistics as XLSX: one sheet per table, counts as numbers.
pub async fn funder_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<FunderParams>,
) -> Response {
    let (stats, tables) = match download(&state, &user, &uri, ids.id(), &params).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let sheets: Vec<Sheet> = tables
        .iter()
        .map(|table| Sheet {
            name: table.caption.chars().take(31).collect(),
            header: table.headers.clone(),
            rows: table
                .rows
                .iter()
                .map(|(label, cells)| {
                    std::iter::once(Cell::Text(label.clone()))
                        .chain(cells.iter().map(|c| sheet_cell(c)))
                        .collect()
                })
                .collect(),
        })
        .collect();
    match xlsx::workbook(&sheets) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                ),
                (header::CONTENT_DISPOSITION, file_name(&stats, "xlsx")),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "funder statistics workbook failed");
            failure(&state, &user.ctx, &uri, crate::errors::PageError::Internal)
        }
    }
}
