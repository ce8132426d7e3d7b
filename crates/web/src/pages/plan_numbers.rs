//! The numbers of the business plan (`/ideer/{id}/plan/siffror?steg=…`): the forecast asked
//! for in short steps (sales, costs, staff, start-up and financing, results), the computed
//! summary and tables, and a plan version as PDF or XLSX.
//!
//! The form's field names are the forecast engine's own (`revenue-1-price` …), so an error
//! from [`ForecastForm::parse_step`] lands beside the field it is about. Each step posts only
//! its own fields and saves them merged into the latest numbers, so no step loses another's.
//! The steps are plain links and buttons: they work without JavaScript.

use super::{failure, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::ideas::PlanExport;
use stegvis_domain::forecast::{
    COST_FIELDS, CostKind, FINANCING_FIELDS, FIRST_MONTH_FIELD, FinancingKind, ForecastForm,
    ForecastInput, ForecastStep, PaymentTerms, REVENUE_FIELDS, STAFF_FIELDS, STARTUP_FIELDS,
    StartupKind, VAT_PERIOD_FIELD, VatPeriod, VatRate, compute,
};
use stegvis_domain::idea::{Idea, PlanContent, PlanSection};
use stegvis_reports::business_plan::{self, BusinessPlan, TextTable};
use stegvis_reports::plan_summary::{self, PlanSummary, SummaryChart};

/// The computed summary and tables of a forecast, or why they could not be computed.
pub struct ForecastView {
    /// The charts and sentences at the top of the plan.
    pub summary: Option<PlanSummary>,
    pub tables: Vec<TextTable>,
    /// The plain message of a [`stegvis_domain::forecast::ForecastError`].
    pub error: Option<String>,
}

impl ForecastView {
    /// The summary's charts, each with the table of its figures.
    pub fn charts(&self) -> Vec<(&SummaryChart, &TextTable)> {
        self.summary.as_ref().map_or_else(Vec::new, |s| {
            vec![
                (&s.result_chart, &s.years),
                (&s.cash_chart, &s.months),
                (&s.break_even_chart, &s.accumulated),
            ]
        })
    }

    pub fn of(tr: &Tr, input: &ForecastInput) -> Self {
        match compute(input) {
            Ok(forecast) => Self {
                summary: Some(plan_summary::summary(&forecast)),
                tables: business_plan::text_tables(&forecast),
                error: None,
            },
            Err(error) => Self {
                summary: None,
                tables: Vec::new(),
                error: Some(tr.t(error.message_key())),
            },
        }
    }
}

/// One field of the form: its name, label and, for a select box, its choices.
pub struct Field {
    pub name: &'static str,
    pub label_key: &'static str,
    pub choices: Option<Vec<(&'static str, String)>>,
}

fn text(name: &'static str, label_key: &'static str) -> Field {
    Field {
        name,
        label_key,
        choices: None,
    }
}

fn choice(
    name: &'static str,
    label_key: &'static str,
    choices: &[(&'static str, String)],
) -> Field {
    Field {
        name,
        label_key,
        choices: Some(choices.to_vec()),
    }
}

/// One row of a group: a fieldset of its own, so each row's fields are told apart by the
/// row's legend.
pub struct Row {
    pub legend: String,
    pub fields: Vec<Field>,
}

/// A group of rows (sales, costs, staff, start-up budget, financing).
pub struct Group {
    pub legend_key: &'static str,
    pub hint_key: &'static str,
    pub rows: Vec<Row>,
}

/// Blank rows shown after the last filled one: room for two more lines, and a save shows two
/// more, so a step stays short however many rows the engine accepts.
const BLANK_ROWS: usize = 2;

/// Choices by code, each labelled by the message `{prefix}{code}`.
fn options(
    tr: &Tr,
    codes: impl Iterator<Item = &'static str>,
    prefix: &str,
) -> Vec<(&'static str, String)> {
    codes
        .map(|code| (code, tr.t(&format!("{prefix}{code}"))))
        .collect()
}

/// The rows to show: every row up to the last one with a text typed in, then
/// [`BLANK_ROWS`] blank ones. Select boxes do not count, since they always hold a choice.
fn rows(tr: &Tr, key: &str, form: &Form, fields: Vec<(Vec<&'static str>, Vec<Field>)>) -> Vec<Row> {
    let filled = fields
        .iter()
        .rposition(|(texts, _)| texts.iter().any(|name| !form.value(name).trim().is_empty()))
        .map_or(0, |last| last + 1);
    let shown = (filled + BLANK_ROWS).min(fields.len());
    fields
        .into_iter()
        .take(shown)
        .enumerate()
        .map(|(index, (_, fields))| Row {
            legend: tr.t1(key, "n", index + 1),
            fields,
        })
        .collect()
}

/// The groups of rows a step asks for.
fn groups(tr: &Tr, step: ForecastStep, form: &Form) -> Vec<Group> {
    let vat = options(tr, VatRate::ALL.iter().map(|v| v.code()), "forecast-vat-");
    let terms = options(
        tr,
        PaymentTerms::ALL.iter().map(|v| v.code()),
        "forecast-terms-",
    );
    match step {
        ForecastStep::Sales => vec![Group {
            legend_key: "numbers-revenue",
            hint_key: "numbers-revenue-hint",
            rows: rows(
                tr,
                "numbers-revenue-row",
                form,
                REVENUE_FIELDS
                    .iter()
                    .map(|n| {
                        (
                            vec![n.name, n.price, n.volume, n.monthly_growth, n.yearly_growth],
                            vec![
                                text(n.name, "numbers-revenue-name"),
                                text(n.price, "numbers-revenue-price"),
                                text(n.volume, "numbers-revenue-volume"),
                                text(n.monthly_growth, "numbers-revenue-monthly-growth"),
                                text(n.yearly_growth, "numbers-revenue-yearly-growth"),
                                choice(n.vat, "numbers-vat", &vat),
                                choice(n.terms, "numbers-customer-terms", &terms),
                            ],
                        )
                    })
                    .collect(),
            ),
        }],
        ForecastStep::Costs => {
            let kinds = options(
                tr,
                CostKind::ALL.iter().map(|v| v.code()),
                "forecast-cost-kind-",
            );
            vec![Group {
                legend_key: "numbers-costs",
                hint_key: "numbers-costs-hint",
                rows: rows(
                    tr,
                    "numbers-cost-row",
                    form,
                    COST_FIELDS
                        .iter()
                        .map(|n| {
                            (
                                vec![n.name, n.amount, n.percent],
                                vec![
                                    text(n.name, "numbers-cost-name"),
                                    choice(n.kind, "numbers-kind", &kinds),
                                    text(n.amount, "numbers-cost-amount"),
                                    text(n.percent, "numbers-cost-percent"),
                                    choice(n.vat, "numbers-vat", &vat),
                                    choice(n.terms, "numbers-supplier-terms", &terms),
                                ],
                            )
                        })
                        .collect(),
                ),
            }]
        }
        ForecastStep::Staff => vec![Group {
            legend_key: "numbers-staff",
            hint_key: "numbers-staff-hint",
            rows: rows(
                tr,
                "numbers-staff-row",
                form,
                STAFF_FIELDS
                    .iter()
                    .map(|n| {
                        let texts = vec![
                            n.role,
                            n.wage,
                            n.count,
                            n.first_month,
                            n.contributions,
                            n.subsidy,
                            n.subsidy_months,
                        ];
                        (
                            texts,
                            vec![
                                text(n.role, "numbers-staff-role"),
                                text(n.wage, "numbers-staff-wage"),
                                text(n.count, "numbers-staff-count"),
                                text(n.first_month, "numbers-staff-first-month"),
                                text(n.contributions, "numbers-staff-contributions"),
                                text(n.subsidy, "numbers-staff-subsidy"),
                                text(n.subsidy_months, "numbers-staff-subsidy-months"),
                            ],
                        )
                    })
                    .collect(),
            ),
        }],
        ForecastStep::StartupAndFinancing => {
            let startup_kinds = options(
                tr,
                StartupKind::ALL.iter().map(|v| v.code()),
                "forecast-startup-kind-",
            );
            let financing_kinds = options(
                tr,
                FinancingKind::ALL.iter().map(|v| v.code()),
                "forecast-financing-kind-",
            );
            vec![
                Group {
                    legend_key: "numbers-startup",
                    hint_key: "numbers-startup-hint",
                    rows: rows(
                        tr,
                        "numbers-startup-row",
                        form,
                        STARTUP_FIELDS
                            .iter()
                            .map(|n| {
                                (
                                    vec![n.name, n.amount, n.years],
                                    vec![
                                        text(n.name, "numbers-startup-name"),
                                        choice(n.kind, "numbers-kind", &startup_kinds),
                                        text(n.amount, "numbers-startup-amount"),
                                        text(n.years, "numbers-startup-years"),
                                    ],
                                )
                            })
                            .collect(),
                    ),
                },
                Group {
                    legend_key: "numbers-financing",
                    hint_key: "numbers-financing-hint",
                    rows: rows(
                        tr,
                        "numbers-financing-row",
                        form,
                        FINANCING_FIELDS
                            .iter()
                            .map(|n| {
                                (
                                    vec![n.name, n.amount, n.interest, n.term, n.grace],
                                    vec![
                                        text(n.name, "numbers-financing-name"),
                                        choice(n.kind, "numbers-kind", &financing_kinds),
                                        text(n.amount, "numbers-financing-amount"),
                                        text(n.interest, "numbers-financing-interest"),
                                        text(n.term, "numbers-financing-term"),
                                        text(n.grace, "numbers-financing-grace"),
                                    ],
                                )
                            })
                            .collect(),
                    ),
                },
            ]
        }
        ForecastStep::Results => Vec::new(),
    }
}

/// The page's form filled from a [`ForecastForm`], by the engine's field names.
fn form_of(tr: &Tr, f: &ForecastForm) -> Form {
    let mut form = Form::new(tr)
        .with(FIRST_MONTH_FIELD, f.first_month.clone())
        .with(VAT_PERIOD_FIELD, f.vat_period.clone());
    for (row, n) in f.revenue.iter().zip(&REVENUE_FIELDS) {
        form = form
            .with(n.name, row.name.clone())
            .with(n.price, row.price.clone())
            .with(n.volume, row.volume.clone())
            .with(n.monthly_growth, row.monthly_growth.clone())
            .with(n.yearly_growth, row.yearly_growth.clone())
            .with(n.vat, row.vat.clone())
            .with(n.terms, row.terms.clone());
    }
    for (row, n) in f.costs.iter().zip(&COST_FIELDS) {
        form = form
            .with(n.name, row.name.clone())
            .with(n.kind, row.kind.clone())
            .with(n.amount, row.amount.clone())
            .with(n.percent, row.percent.clone())
            .with(n.vat, row.vat.clone())
            .with(n.terms, row.terms.clone());
    }
    for (row, n) in f.staff.iter().zip(&STAFF_FIELDS) {
        form = form
            .with(n.role, row.role.clone())
            .with(n.wage, row.wage.clone())
            .with(n.count, row.count.clone())
            .with(n.first_month, row.first_month.clone())
            .with(n.contributions, row.contributions.clone())
            .with(n.subsidy, row.subsidy.clone())
            .with(n.subsidy_months, row.subsidy_months.clone());
    }
    for (row, n) in f.startup.iter().zip(&STARTUP_FIELDS) {
        form = form
            .with(n.name, row.name.clone())
            .with(n.kind, row.kind.clone())
            .with(n.amount, row.amount.clone())
            .with(n.years, row.years.clone());
    }
    for (row, n) in f.financing.iter().zip(&FINANCING_FIELDS) {
        form = form
            .with(n.name, row.name.clone())
            .with(n.kind, row.kind.clone())
            .with(n.amount, row.amount.clone())
            .with(n.interest, row.interest.clone())
            .with(n.term, row.term.clone())
            .with(n.grace, row.grace.clone());
    }
    form
}

/// One entry of the step list.
pub struct StepLink {
    pub code: &'static str,
    pub label: String,
    pub current: bool,
}

/// The name of the hidden field that says which step a POST comes from, and of the address
/// parameter that says which step to show.
const STEP_FIELD: &str = "steg";
/// The name of the buttons that say where to go after saving.
const GO_FIELD: &str = "ga";

#[derive(Template)]
#[template(path = "ideas/numbers.html")]
struct NumbersPage {
    l: Layout,
    idea: Idea,
    /// The latest version's number, if any.
    latest: Option<i64>,
    step: ForecastStep,
    steps: Vec<StepLink>,
    /// `Steg 2 av 5: Kostnader`.
    step_heading: String,
    previous: Option<&'static str>,
    next: Option<&'static str>,
    show_basics: bool,
    form: Form,
    vat_periods: Vec<(&'static str, String)>,
    groups: Vec<Group>,
    /// The latest version's forecast, computed.
    forecast: Option<ForecastView>,
}

impl NumbersPage {
    fn is_results(&self) -> bool {
        self.step == ForecastStep::Results
    }
}

fn step_label(tr: &Tr, step: ForecastStep) -> String {
    tr.t(&format!("numbers-step-{}", step.code()))
}

/// The page of `step`; `form` is the user's input after a failed save, otherwise the latest
/// numbers.
async fn numbers_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    step: ForecastStep,
    form: Option<Form>,
) -> Result<NumbersPage, AppError> {
    let v = stegvis_app::ideas::plan(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let latest = v.latest();
    let stored = latest.forecast.as_ref();
    let forecast = stored.map(|f| ForecastView::of(tr, f));
    let form = form.unwrap_or_else(|| {
        form_of(
            tr,
            &stored.map(ForecastForm::from_input).unwrap_or_default(),
        )
    });
    let steps = ForecastStep::ALL
        .iter()
        .map(|s| StepLink {
            code: s.code(),
            label: step_label(tr, *s),
            current: *s == step,
        })
        .collect();
    let step_heading = tr.ta(
        "numbers-step-heading",
        &[
            ("n", (step.index() + 1).to_string()),
            ("total", ForecastStep::ALL.len().to_string()),
            ("name", step_label(tr, step)),
        ],
    );
    Ok(NumbersPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        latest: v.versions.first().map(|version| version.version),
        groups: groups(tr, step, &form),
        show_basics: step.shows_basics(stored),
        step,
        steps,
        step_heading,
        previous: step.previous().map(ForecastStep::code),
        next: step.next().map(ForecastStep::code),
        idea: v.idea,
        form,
        vat_periods: options(
            tr,
            VatPeriod::ALL.iter().map(|v| v.code()),
            "forecast-vat-period-",
        ),
        forecast,
    })
}

/// Which step to show: `?steg=kostnader`; the first step without the parameter.
#[derive(Deserialize)]
pub struct StepQuery {
    steg: Option<String>,
}

fn parse_step(code: Option<&str>) -> Result<ForecastStep, AppError> {
    code.map_or(Ok(ForecastStep::Sales), |code| {
        code.parse().map_err(|_| AppError::NotFound)
    })
}

pub async fn numbers(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(query): Query<StepQuery>,
) -> Response {
    let page = match parse_step(query.steg.as_deref()) {
        Ok(step) => numbers_page(&state, &user, &uri, ids.id(), step, None).await,
        Err(error) => Err(error),
    };
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// The address of a step's page.
fn step_path(id: i64, step: ForecastStep) -> String {
    format!("/ideer/{id}/plan/siffror?{STEP_FIELD}={}", step.code())
}

/// Saves the step the POST comes from, merged into the latest numbers, then goes to the step
/// the pressed button names ("Nästa", "Föregående", or the same step for "Spara"). A step that
/// changed nothing moves on without a new version.
pub async fn save_numbers(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let posted = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let step = match parse_step(posted(STEP_FIELD)) {
        Ok(step) if step.has_form() => step,
        _ => return failure(&state, &user.ctx, &uri, AppError::NotFound),
    };
    let to = match posted(GO_FIELD) {
        Some("nasta") => step.next().unwrap_or(step),
        Some("foregaende") => step.previous().unwrap_or(step),
        _ => step,
    };
    let id = ids.id();
    let input = ForecastForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    match stegvis_app::ideas::save_forecast(&state.app, &user.actor, id, step, &input).await {
        Ok(Some(_)) => redirect_with_flash(&state, &step_path(id, to), "flash-plan-version-saved"),
        Ok(None) => Redirect::to(&step_path(id, to)).into_response(),
        Err(AppError::Invalid(errors)) => {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = numbers_page(&state, &user, &uri, id, step, Some(form)).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// The document of a version: its text sections under Swedish headings, the coach's
/// comments as a last section, and the computed forecast. `None` when the version has no
/// numbers or they cannot be computed: the documents are built around the forecast.
fn document(tr: &Tr, export: &PlanExport) -> Option<BusinessPlan> {
    let content: &PlanContent = &export.version.content;
    let forecast = compute(content.forecast.as_ref()?).ok()?;
    let mut sections: Vec<business_plan::PlanSection> = PlanSection::ALL
        .iter()
        .filter(|s| !content.section(**s).is_empty())
        .map(|s| business_plan::PlanSection {
            heading: tr.t(&format!("bplan-section-{}", s.code())),
            text: content.section(*s).to_owned(),
        })
        .collect();
    if !export.comments.is_empty() {
        sections.push(business_plan::PlanSection {
            heading: tr.t("bplan-comments"),
            text: export
                .comments
                .iter()
                .map(|c| c.body.clone())
                .collect::<Vec<_>>()
                .join("\n\n"),
        });
    }
    Some(BusinessPlan {
        title: tr.t1("bplan-title", "idea", &export.idea.title),
        enterprise: export.idea.title.clone(),
        version: u32::try_from(export.version.version).unwrap_or(u32::MAX),
        date: stegvis_domain::swedish::to_swedish_time(export.version.created_at.datetime()).date(),
        sections,
        forecast,
    })
}

fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Which file to make of a version.
#[derive(Clone, Copy)]
enum Format {
    Pdf,
    Xlsx,
}

async fn export(
    state: AppState,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    format: Format,
) -> Response {
    let version = ids.get("n");
    let export =
        match stegvis_app::ideas::export_plan(&state.app, &user.actor, ids.id(), version).await {
            Ok(export) => export,
            Err(error) => return failure(&state, &user.ctx, &uri, error),
        };
    let Some(plan) = document(&user.ctx.tr, &export) else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    let name = format!("affarsplan-{}-version-{version}", ids.id());
    let rendered = tokio::task::spawn_blocking(move || match format {
        Format::Pdf => business_plan::render_pdf(&plan),
        Format::Xlsx => business_plan::render_xlsx(&plan).map_err(|e| e.to_string()),
    })
    .await;
    match (rendered, format) {
        (Ok(Ok(bytes)), Format::Pdf) => {
            attachment(bytes, "application/pdf", &format!("{name}.pdf"))
        }
        (Ok(Ok(bytes)), Format::Xlsx) => attachment(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{name}.xlsx"),
        ),
        (Ok(Err(error)), _) => {
            tracing::error!(%error, "rendering a business plan failed");
            failure(&state, &user.ctx, &uri, AppError::Internal(error))
        }
        (Err(error), _) => failure(
            &state,
            &user.ctx,
            &uri,
            AppError::Internal(error.to_string()),
        ),
    }
}

pub async fn pdf(State(state): State<AppState>, user: CurrentUser, uri: Uri, ids: Ids) -> Response {
    export(state, user, uri, ids, Format::Pdf).await
}

pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    export(state, user, uri, ids, Format::Xlsx).await
}
