//! Enterprise figures on the enterprise page and `/mitt-foretag`: the year table, the
//! reserved-contract share, growth and its charts, and the staff from the programmes.

use super::{failure, form_outcome, page_or_failure};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::enterprise_figures::FiguresView;
use stegvis_domain::enterprise::Enterprise;
use stegvis_domain::enterprise_figures::{
    EmploymentForm, Membership, MembershipInput, RESERVED_CONTRACT_THRESHOLD, YearFiguresInput,
    format_tenths,
};
use stegvis_domain::swedish::{format_integer, format_percent};
use stegvis_domain::timestamp::format_date;

/// One year of the table, formatted.
pub struct YearRow {
    pub year: i32,
    pub turnover: String,
    pub result: String,
    pub wage_costs: String,
    pub public_revenue: String,
    pub reinvested: String,
    pub counted_on: String,
    pub employees: String,
    pub target_group: String,
    pub work_units: String,
}

pub struct GrowthRow {
    pub period: String,
    pub turnover_change: String,
    pub turnover_percent: String,
    pub employees_change: String,
}

/// A bar of a chart, in the SVG's coordinates.
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub centre: i64,
    pub label: String,
    pub value: String,
}

/// A bar chart as inline SVG: a title and description for screen readers, the same numbers in
/// the year table beside it.
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub desc: String,
    pub width: i64,
    pub bars: Vec<Bar>,
}

const CHART_TOP: i64 = 24;
const CHART_PLOT: i64 = 150;
const BAR_STEP: i64 = 90;

fn chart(id: &'static str, title: String, desc: String, points: &[(i32, i64, String)]) -> Chart {
    let max = points.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (year, value, text))| {
            let index = i64::try_from(i).unwrap_or(0);
            let height =
                i64::try_from(i128::from(*value) * i128::from(CHART_PLOT) / i128::from(max))
                    .unwrap_or(0)
                    .max(0);
            let x = 30 + index * BAR_STEP;
            Bar {
                x,
                y: CHART_TOP + CHART_PLOT - height,
                width: 56,
                height,
                centre: x + 28,
                label: year.to_string(),
                value: text.clone(),
            }
        })
        .collect();
    Chart {
        id,
        title,
        desc,
        width: 60 + i64::try_from(points.len()).unwrap_or(0) * BAR_STEP,
        bars,
    }
}

/// Everything the figures section shows, formatted for the user's language.
pub struct FiguresDisplay {
    pub rows: Vec<YearRow>,
    pub growth: Vec<GrowthRow>,
    pub share_text: String,
    pub share_verdict: String,
    pub linked_text: String,
    pub warning: Option<String>,
    pub charts: Vec<Chart>,
    pub can_report: bool,
}

fn amount(m: stegvis_domain::money::Money) -> String {
    m.format_sv()
}

pub fn display(tr: &Tr, view: &FiguresView, today: time::Date) -> FiguresDisplay {
    let rows = view
        .years
        .iter()
        .map(|y| YearRow {
            year: y.year,
            turnover: amount(y.turnover),
            result: amount(y.result),
            wage_costs: amount(y.wage_costs),
            public_revenue: amount(y.public_revenue),
            reinvested: amount(y.reinvested_surplus),
            counted_on: format_date(y.head_counts.counted_on),
            employees: format_integer(y.head_counts.employees),
            target_group: format_integer(y.head_counts.target_group),
            work_units: format_tenths(y.head_counts.work_units_tenths),
        })
        .collect();
    let growth = view
        .growth
        .iter()
        .map(|g| GrowthRow {
            period: format!("{}–{}", g.from_year, g.to_year),
            turnover_change: signed_amount(g.turnover_change),
            turnover_percent: g
                .turnover_percent_tenths
                .map_or_else(|| tr.t("enterprise-growth-no-base"), format_signed_percent),
            employees_change: if g.employees_change > 0 {
                format!("+{}", g.employees_change)
            } else {
                g.employees_change.to_string()
            },
        })
        .collect();
    let threshold = RESERVED_CONTRACT_THRESHOLD.percent;
    let (share_text, share_verdict) = match (view.latest, view.share) {
        (_, Some(share)) => (
            tr.ta(
                "enterprise-share-text",
                &[
                    ("numerator", share.numerator.to_string()),
                    ("denominator", share.denominator.to_string()),
                    ("date", format_date(share.date)),
                    (
                        "percent",
                        format_percent(i128::from(share.percent_tenths), 1),
                    ),
                ],
            ),
            tr.t1(
                if share.qualifies {
                    "enterprise-share-qualifies"
                } else {
                    "enterprise-share-not-qualifies"
                },
                "threshold",
                threshold,
            ),
        ),
        (Some(counts), None) => (
            tr.t1(
                "enterprise-share-no-employees",
                "date",
                format_date(counts.counted_on),
            ),
            String::new(),
        ),
        (None, None) => (tr.t("enterprise-share-no-figures"), String::new()),
    };
    let day = view.latest.map_or(today, |c| c.counted_on);
    let mut linked_text = tr.ta(
        "enterprise-linked",
        &[
            ("date", format_date(day)),
            ("count", view.linked.to_string()),
            ("employees", view.linked_employees.to_string()),
        ],
    );
    if day != today {
        linked_text.push(' ');
        linked_text.push_str(&tr.ta(
            "enterprise-linked-today",
            &[
                ("count", view.linked_today.to_string()),
                ("employees", view.linked_employees_today.to_string()),
            ],
        ));
    }
    let warning = match view.latest {
        Some(counts) if view.exceeds_declared => Some(tr.ta(
            "enterprise-linked-warning",
            &[
                ("linked", view.linked_employees.to_string()),
                ("declared", counts.target_group.to_string()),
                ("date", format_date(counts.counted_on)),
            ],
        )),
        _ => None,
    };
    let charts = if view.years.len() >= 2 {
        let turnover: Vec<_> = view
            .years
            .iter()
            .map(|y| (y.year, y.turnover.ore() / 100, amount(y.turnover)))
            .collect();
        let employees: Vec<_> = view
            .years
            .iter()
            .map(|y| {
                (
                    y.year,
                    y.head_counts.employees,
                    format_integer(y.head_counts.employees),
                )
            })
            .collect();
        vec![
            chart(
                "chart-turnover",
                tr.t("enterprise-chart-turnover"),
                tr.t("enterprise-chart-desc"),
                &turnover,
            ),
            chart(
                "chart-employees",
                tr.t("enterprise-chart-employees"),
                tr.t("enterprise-chart-desc"),
                &employees,
            ),
        ]
    } else {
        Vec::new()
    };
    FiguresDisplay {
        rows,
        growth,
        share_text,
        share_verdict,
        linked_text,
        warning,
        charts,
        can_report: view.can_report,
    }
}

fn signed_amount(m: stegvis_domain::money::Money) -> String {
    if m.ore() > 0 {
        format!("+{}", m.format_sv())
    } else {
        m.format_sv()
    }
}

fn format_signed_percent(tenths: i64) -> String {
    let text = format_percent(i128::from(tenths), 1);
    if tenths > 0 { format!("+{text}") } else { text }
}

/// A membership as the staff table shows it.
pub struct StaffLine {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub form: String,
    pub role_title: String,
    pub hours: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

pub fn staff_lines(tr: &Tr, list: &[Membership]) -> Vec<StaffLine> {
    list.iter()
        .map(|m| StaffLine {
            id: m.id,
            person_id: m.person_id,
            name: if m.person_name.is_empty() {
                tr.t("enterprise-staff-anonymised")
            } else {
                m.person_name.clone()
            },
            form: employment_label(tr, m.form),
            role_title: m.role_title.clone().unwrap_or_default(),
            hours: m.hours_tenths.map(format_tenths).unwrap_or_default(),
            starts_on: format_date(m.starts_on),
            ends_on: m.ends_on.map(format_date),
        })
        .collect()
}

pub fn employment_label(tr: &Tr, form: EmploymentForm) -> String {
    tr.t(&format!("enterprise-employment-{}", form.code()))
}

pub fn employment_forms(tr: &Tr) -> Vec<(&'static str, String)> {
    EmploymentForm::ALL
        .iter()
        .map(|f| (f.code(), employment_label(tr, *f)))
        .collect()
}

/// The figures form's fields, read from a posted body.
pub fn figures_input(pairs: &[(String, String)]) -> YearFiguresInput {
    let text = |name: &str| forms::get(pairs, name).to_string();
    YearFiguresInput {
        year: text("year"),
        turnover: text("turnover"),
        result: text("result"),
        wage_costs: text("wage_costs"),
        public_revenue: text("public_revenue"),
        reinvested_surplus: text("reinvested_surplus"),
        counted_on: text("counted_on"),
        employees: text("employees"),
        target_group: text("target_group"),
        work_units: text("work_units"),
    }
}

/// The figures form, prefilled with the year after the last reported one.
pub fn blank_figures_form(tr: &Tr, view: &FiguresView, today: time::Date) -> Form {
    let year = view
        .years
        .last()
        .map_or(today.year() - 1, |y| (y.year + 1).min(today.year()));
    Form::new(tr)
        .prefixed("fig-")
        .with("year", year.to_string())
}

#[derive(Template)]
#[template(path = "enterprises/own.html")]
struct OwnPage {
    l: Layout,
    e: Enterprise,
    fig: FiguresDisplay,
    figures_form: Form,
    figures_action: String,
}

async fn own_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Option<Form>,
) -> Result<OwnPage, AppError> {
    let (e, view) = stegvis_app::enterprise_figures::own(&state.app, &user.actor).await?;
    let tr = &user.ctx.tr;
    Ok(OwnPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        figures_form: form.unwrap_or_else(|| blank_figures_form(tr, &view, state.app.today())),
        fig: display(tr, &view, state.app.today()),
        figures_action: "/mitt-foretag/nyckeltal".into(),
        e,
    })
}

/// The enterprise representative's own enterprise: its figures, and the form to enter them.
pub async fn own(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = own_page(&state, &user, &uri, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn save_own(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let own = match stegvis_app::enterprise_figures::own(&state.app, &user.actor).await {
        Ok((e, _)) => e,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let result = stegvis_app::enterprise_figures::save(
        &state.app,
        &user.actor,
        own.id,
        &figures_input(&pairs),
    )
    .await;
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        result,
        |_| "/mitt-foretag".into(),
        "flash-enterprise-figures-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("fig-")
                .with_errors(errors);
            let page = own_page(&state, &user, &uri, Some(form)).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// Figures entered on the enterprise page by a coordinator of its operator (or the
/// administrator).
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::enterprise_figures::save(&state.app, &user.actor, id, &figures_input(&pairs))
            .await,
        |_| format!("/foretag/{id}#figures-heading"),
        "flash-enterprise-figures-saved",
        async |errors| {
            let forms = super::enterprises::ShowForms {
                figures: Some(
                    Form::from_pairs(&user.ctx.tr, &pairs)
                        .prefixed("fig-")
                        .with_errors(errors),
                ),
                ..super::enterprises::ShowForms::new(&user.ctx.tr)
            };
            super::enterprises::rerender(&state, &user, &uri, id, forms).await
        },
    )
    .await
}

/// Links a participant to the enterprise.
pub async fn add_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let text = |name: &str| forms::get(&pairs, name).to_string();
    let input = MembershipInput {
        person_id: text("person_id"),
        form: text("form"),
        role_title: text("role_title"),
        hours_per_week: text("hours_per_week"),
        starts_on: text("starts_on"),
        ends_on: text("ends_on"),
    };
    let id = ids.id();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::enterprise_figures::add_membership(&state.app, &user.actor, id, &input).await,
        |_| format!("/foretag/{id}#staff-heading"),
        "flash-enterprise-staff-added",
        async |errors| {
            let forms = super::enterprises::ShowForms {
                membership: Form::from_pairs(&user.ctx.tr, &pairs)
                    .prefixed("staff-")
                    .with_errors(errors),
                ..super::enterprises::ShowForms::new(&user.ctx.tr)
            };
            super::enterprises::rerender(&state, &user, &uri, id, forms).await
        },
    )
    .await
}

/// Ends a membership on the date given.
pub async fn end_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    let membership = ids.get("membership");
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-membership-title",
            user.ctx.tr.t("confirm-membership-text"),
            format!("/foretag/{id}#staff-heading"),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::enterprise_figures::end_membership(
            &state.app,
            &user.actor,
            id,
            membership,
            forms::get(&pairs, "ends_on"),
        )
        .await,
        |_| format!("/foretag/{id}#staff-heading"),
        "flash-enterprise-staff-ended",
        async |errors| {
            let forms = super::enterprises::ShowForms {
                end: Some((
                    membership,
                    Form::from_pairs(&user.ctx.tr, &pairs)
                        .prefixed(format!("end-{membership}-"))
                        .with_errors(errors),
                )),
                ..super::enterprises::ShowForms::new(&user.ctx.tr)
            };
            super::enterprises::rerender(&state, &user, &uri, id, forms).await
        },
    )
    .await
}
