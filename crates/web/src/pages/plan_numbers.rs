//! The numbers step of the business plan (`/ideer/{id}/plan/siffror`): the forecast form, the
//! computed tables, and a plan version as PDF or XLSX.
//!
//! The form's field names are the forecast engine's own (`revenue-1-price` …), so an error
//! from [`ForecastForm::parse`] lands beside the field it is about.

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
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use stegvis_app::AppError;
use stegvis_app::ideas::PlanExport;
use stegvis_domain::forecast::{
    COST_FIELDS, CostKind, FINANCING_FIELDS, FIRST_MONTH_FIELD, FinancingKind, ForecastForm,
    ForecastInput, PaymentTerms, REVENUE_FIELDS, STAFF_FIELDS, STARTUP_FIELDS, StartupKind,
    VAT_PERIOD_FIELD, VatPeriod, VatRate, compute,
};
use stegvis_domain::idea::{Idea, PlanContent, PlanSection};
use stegvis_reports::business_plan::{self, BusinessPlan, TextTable};

/// The computed tables of a forecast, or why they could not be computed.
pub struct ForecastView {
    pub tables: Vec<TextTable>,
    /// Shortfall and negative cash, said in words.
    pub warnings: Vec<String>,
    /// The plain message of a [`stegvis_domain::forecast::ForecastError`].
    pub error: Option<String>,
}

impl ForecastView {
    pub fn of(tr: &Tr, input: &ForecastInput) -> Self {
        match compute(input) {
            Ok(forecast) => Self {
                tables: business_plan::text_tables(&forecast),
                warnings: business_plan::warnings(&forecast),
                error: None,
            },
            Err(error) => Self {
                tables: Vec::new(),
                warnings: Vec::new(),
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

fn rows(tr: &Tr, key: &str, fields: Vec<Vec<Field>>) -> Vec<Row> {
    fields
        .into_iter()
        .enumerate()
        .map(|(index, fields)| Row {
            legend: tr.t1(key, "n", index + 1),
            fields,
        })
        .collect()
}

fn groups(tr: &Tr) -> Vec<Group> {
    let vat = options(tr, VatRate::ALL.iter().map(|v| v.code()), "forecast-vat-");
    let terms = options(
        tr,
        PaymentTerms::ALL.iter().map(|v| v.code()),
        "forecast-terms-",
    );
    let cost_kinds = options(
        tr,
        CostKind::ALL.iter().map(|v| v.code()),
        "forecast-cost-kind-",
    );
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
            legend_key: "numbers-revenue",
            hint_key: "numbers-revenue-hint",
            rows: rows(
                tr,
                "numbers-revenue-row",
                REVENUE_FIELDS
                    .iter()
                    .map(|n| {
                        vec![
                            text(n.name, "numbers-revenue-name"),
                            text(n.price, "numbers-revenue-price"),
                            text(n.volume, "numbers-revenue-volume"),
                            text(n.monthly_growth, "numbers-revenue-monthly-growth"),
                            text(n.yearly_growth, "numbers-revenue-yearly-growth"),
                            choice(n.vat, "numbers-vat", &vat),
                            choice(n.terms, "numbers-customer-terms", &terms),
                        ]
                    })
                    .collect(),
            ),
        },
        Group {
            legend_key: "numbers-costs",
            hint_key: "numbers-costs-hint",
            rows: rows(
                tr,
                "numbers-cost-row",
                COST_FIELDS
                    .iter()
                    .map(|n| {
                        vec![
                            text(n.name, "numbers-cost-name"),
                            choice(n.kind, "numbers-kind", &cost_kinds),
                            text(n.amount, "numbers-cost-amount"),
                            text(n.percent, "numbers-cost-percent"),
                            choice(n.vat, "numbers-vat", &vat),
                            choice(n.terms, "numbers-supplier-terms", &terms),
                        ]
                    })
                    .collect(),
            ),
        },
        Group {
            legend_key: "numbers-staff",
            hint_key: "numbers-staff-hint",
            rows: rows(
                tr,
                "numbers-staff-row",
                STAFF_FIELDS
                    .iter()
                    .map(|n| {
                        vec![
                            text(n.role, "numbers-staff-role"),
                            text(n.wage, "numbers-staff-wage"),
                            text(n.count, "numbers-staff-count"),
                            text(n.first_month, "numbers-staff-first-month"),
                            text(n.contributions, "numbers-staff-contributions"),
                            text(n.subsidy, "numbers-staff-subsidy"),
                            text(n.subsidy_months, "numbers-staff-subsidy-months"),
                        ]
                    })
                    .collect(),
            ),
        },
        Group {
            legend_key: "numbers-startup",
            hint_key: "numbers-startup-hint",
            rows: rows(
                tr,
                "numbers-startup-row",
                STARTUP_FIELDS
                    .iter()
                    .map(|n| {
                        vec![
                            text(n.name, "numbers-startup-name"),
                            choice(n.kind, "numbers-kind", &startup_kinds),
                            text(n.amount, "numbers-startup-amount"),
                            text(n.years, "numbers-startup-years"),
                        ]
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
                FINANCING_FIELDS
                    .iter()
                    .map(|n| {
                        vec![
                            text(n.name, "numbers-financing-name"),
                            choice(n.kind, "numbers-kind", &financing_kinds),
                            text(n.amount, "numbers-financing-amount"),
                            text(n.interest, "numbers-financing-interest"),
                            text(n.term, "numbers-financing-term"),
                            text(n.grace, "numbers-financing-grace"),
                        ]
                    })
                    .collect(),
            ),
        },
    ]
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

#[derive(Template)]
#[template(path = "ideas/numbers.html")]
struct NumbersPage {
    l: Layout,
    idea: Idea,
    /// The latest version's number, if any.
    latest: Option<i64>,
    form: Form,
    vat_periods: Vec<(&'static str, String)>,
    groups: Vec<Group>,
    /// The latest version's forecast, computed.
    forecast: Option<ForecastView>,
}

/// The page; `form` is the user's input after a failed save, otherwise the latest numbers.
async fn numbers_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Option<Form>,
) -> Result<NumbersPage, AppError> {
    let v = stegvis_app::ideas::plan(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let latest = v.latest();
    let forecast = latest.forecast.as_ref().map(|f| ForecastView::of(tr, f));
    let form = form.unwrap_or_else(|| {
        form_of(
            tr,
            &latest
                .forecast
                .as_ref()
                .map(ForecastForm::from_input)
                .unwrap_or_default(),
        )
    });
    Ok(NumbersPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        latest: v.versions.first().map(|version| version.version),
        idea: v.idea,
        form,
        vat_periods: options(
            tr,
            VatPeriod::ALL.iter().map(|v| v.code()),
            "forecast-vat-period-",
        ),
        groups: groups(tr),
        forecast,
    })
}

pub async fn numbers(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = numbers_page(&state, &user, &uri, ids.id(), None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn save_numbers(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = ForecastForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::ideas::save_forecast(&state.app, &user.actor, ids.id(), &input).await,
        |_| format!("/ideer/{}/plan/siffror", ids.id()),
        "flash-plan-version-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = numbers_page(&state, &user, &uri, ids.id(), Some(form)).await;
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
