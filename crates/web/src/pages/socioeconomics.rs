//! The socio-economic account of a programme, its parameters and the ex-ante scenarios.
//!
//! Everything is computed in `stegvis_domain::socioeconomics` through `stegvis_app`; this
//! module turns the account into per-actor tables, one accessible chart per actor with its
//! table, and the printed parameters with their sources, in the reader's language.

use std::collections::BTreeMap;

use super::{failure, form_outcome, page_or_failure, render};
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
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::socioeconomics::{self as uc, AccountQuery, Parameters};
use stegvis_domain::effects::WINDOWS;
use stegvis_domain::income::IncomeSource;
use stegvis_domain::money::Money;
use stegvis_domain::programme::Programme;
use stegvis_domain::socioeconomics::{
    Account, AccountActor, CASE_ROWS, CaseInput, HORIZONS, Parameter, ParameterInput, ParameterKey,
    ParameterSet, ScenarioInput, Unit, format_percent,
};
use stegvis_domain::swedish;
use stegvis_reports::charts::{self, Series};
use stegvis_reports::programme_report::{Chart, ProgrammeReport, ReportTable, Section};
use stegvis_reports::socioeconomics::{
    self as socio_docs, AccountDocument, AccountWorkbook, Basis,
};
use stegvis_reports::xlsx::{self, Cell, Sheet};

/// Whole kronor, `1 234 kr`, rounded from öre for the tables (the exact öre are in the XLSX).
pub fn kronor(amount: Money) -> String {
    let whole = stegvis_domain::money::div_round_half_away(i128::from(amount.ore()), 100)
        .and_then(|k| i64::try_from(k).ok())
        .unwrap_or(0);
    format!("{}\u{a0}kr", swedish::format_integer(whole))
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(
        || "–".into(),
        |r| swedish::format_fixed((r * 100.0).round() as i128, 2),
    )
}

fn years(tenths: Option<u32>, tr: &Tr) -> String {
    tenths.map_or_else(
        || tr.t("socio-no-payback"),
        |t| {
            tr.t1(
                "socio-years-value",
                "years",
                swedish::format_fixed(i128::from(t), 1),
            )
        },
    )
}

/// A parameter's value as printed: `10 036 kr` or `31,42 %`.
pub fn parameter_value(parameter: &Parameter, value: i64) -> String {
    match parameter.key.unit() {
        Unit::Percent => format_percent(value),
        Unit::PerMonth | Unit::PerUnit => Money::from_ore(value).format_sv(),
    }
}

/// A row of the printed parameter table.
pub struct ParameterRow {
    pub label: String,
    pub value: String,
    pub range: String,
    pub source: String,
    pub dated: String,
    pub checked: String,
    pub note: String,
}

fn parameter_rows(tr: &Tr, set: &ParameterSet) -> Vec<ParameterRow> {
    set.parameters
        .iter()
        .map(|p| ParameterRow {
            label: tr.t(&format!("socio-param-{}", p.key.code())),
            value: parameter_value(p, p.value),
            range: if p.key.has_range() {
                format!(
                    "{} – {}",
                    parameter_value(p, p.low),
                    parameter_value(p, p.high)
                )
            } else {
                String::new()
            },
            source: p.provenance.source.clone(),
            dated: p.provenance.dated.clone(),
            checked: tr.t(if p.provenance.checked {
                "socio-checked-yes"
            } else {
                "socio-checked-no"
            }),
            note: p.provenance.note.clone(),
        })
        .collect()
}

fn actor_label(tr: &Tr, actor: AccountActor) -> String {
    tr.t(&format!("socio-actor-{}", actor.code()))
}

fn source_label(tr: &Tr, source: IncomeSource) -> String {
    tr.t(&format!("income-source-{}", source.code()))
}

/// One actor's panel: figures, chart and yearly table.
pub struct ActorView {
    pub id: String,
    pub name: String,
    pub figures: Vec<(String, String)>,
    pub chart: String,
    pub rows: Vec<(String, Vec<String>)>,
}

/// The account as tables: the summary per actor and a panel per actor.
pub struct AccountView {
    pub summary_headers: Vec<String>,
    pub summary: Vec<(String, Vec<String>)>,
    pub annual_headers: Vec<String>,
    pub annual: Vec<(String, Vec<String>)>,
    pub range_headers: Vec<String>,
    pub ranges: Vec<(String, Vec<String>)>,
    pub drivers: Vec<String>,
    pub actors: Vec<ActorView>,
    pub year_headers: Vec<String>,
}

fn account_view(tr: &Tr, account: &Account) -> AccountView {
    let horizon = account.horizon;
    let summary_headers = vec![
        tr.t("socio-actor"),
        tr.t("socio-investment"),
        tr.t1("socio-gains-at", "years", horizon),
        tr.t1("socio-net-at", "years", horizon),
        tr.t("socio-payback"),
        tr.t1("socio-ratio-at", "years", horizon),
    ];
    let summary = account
        .actors
        .iter()
        .map(|a| {
            let at = a.at(horizon);
            (
                actor_label(tr, a.actor),
                vec![
                    kronor(a.investment),
                    at.map_or_else(String::new, |h| kronor(h.gains)),
                    at.map_or_else(String::new, |h| kronor(h.net)),
                    years(a.payback_tenths, tr),
                    ratio(at.and_then(|h| h.ratio)),
                ],
            )
        })
        .collect();
    let annual_headers = vec![
        tr.t("socio-actor"),
        tr.t("socio-component-support"),
        tr.t("socio-component-taxes"),
        tr.t("socio-component-services"),
        tr.t("socio-component-wages"),
        tr.t("socio-component-production"),
        tr.t("socio-component-total"),
    ];
    let annual = account
        .actors
        .iter()
        .map(|a| {
            let c = &a.annual;
            (
                actor_label(tr, a.actor),
                vec![
                    kronor(c.support),
                    kronor(c.taxes),
                    kronor(c.services),
                    kronor(c.wages),
                    kronor(c.production),
                    kronor(c.total()),
                ],
            )
        })
        .collect();
    let range_headers = vec![
        tr.t("socio-actor"),
        tr.t("socio-range-low"),
        tr.t("socio-range-base"),
        tr.t("socio-range-high"),
    ];
    let ranges = account
        .sensitivity
        .iter()
        .map(|r| {
            (
                actor_label(tr, r.actor),
                vec![kronor(r.low), kronor(r.base), kronor(r.high)],
            )
        })
        .collect();
    let drivers = account
        .drivers
        .iter()
        .map(|d| {
            tr.ta(
                "socio-driver",
                &[
                    ("parameter", tr.t(&format!("socio-param-{}", d.key.code()))),
                    ("low", kronor(d.low)),
                    ("high", kronor(d.high)),
                ],
            )
        })
        .collect();
    let year_headers = vec![
        tr.t("socio-year"),
        tr.t("socio-gain"),
        tr.t("socio-discounted"),
        tr.t("socio-cumulative"),
    ];
    let actors = account
        .actors
        .iter()
        .map(|a| {
            let name = actor_label(tr, a.actor);
            let shown: Vec<_> = a.years.iter().take(horizon as usize).collect();
            let categories: Vec<String> = shown
                .iter()
                .map(|y| tr.t1("socio-year-n", "year", y.year))
                .collect();
            let thousands = |m: Money| Some(m.ore() as f64 / 100_000.0);
            let values: Vec<f64> = shown
                .iter()
                .map(|y| y.cumulative.ore() as f64 / 100_000.0)
                .chain(std::iter::once(a.investment.ore() as f64 / 100_000.0))
                .collect();
            let low = values.iter().copied().fold(0.0f64, f64::min);
            let high = values.iter().copied().fold(1.0f64, f64::max);
            let chart = charts::line_chart(
                &format!("chart-socio-{}", a.actor.code()),
                &tr.t1("socio-chart-title", "actor", &name),
                &tr.t("socio-chart-desc"),
                &categories,
                &[
                    Series {
                        name: tr.t("socio-cumulative-thousands"),
                        values: shown.iter().map(|y| thousands(y.cumulative)).collect(),
                    },
                    Series {
                        name: tr.t("socio-investment-thousands"),
                        values: shown.iter().map(|_| thousands(a.investment)).collect(),
                    },
                ],
                (low.floor(), high.ceil()),
            );
            let at = a.at(horizon);
            ActorView {
                id: format!("aktor-{}", a.actor.code()),
                figures: vec![
                    (tr.t("socio-investment"), kronor(a.investment)),
                    (tr.t("socio-annual-change"), kronor(a.annual.total())),
                    (
                        tr.t1("socio-net-at", "years", horizon),
                        at.map_or_else(String::new, |h| kronor(h.net)),
                    ),
                    (tr.t("socio-payback"), years(a.payback_tenths, tr)),
                ],
                name,
                chart,
                rows: shown
                    .iter()
                    .map(|y| {
                        (
                            y.year.to_string(),
                            vec![kronor(y.gain), kronor(y.discounted), kronor(y.cumulative)],
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    AccountView {
        summary_headers,
        summary,
        annual_headers,
        annual,
        range_headers,
        ranges,
        drivers,
        actors,
        year_headers,
    }
}

#[derive(Template)]
#[template(path = "socioeconomics/show.html")]
struct AccountPage {
    l: Layout,
    programme: Programme,
    heading: String,
    action: String,
    years: Vec<(i32, bool)>,
    horizons: Vec<(u32, bool)>,
    windows: Vec<(u32, bool)>,
    error: Option<String>,
    notice: Option<String>,
    lead: String,
    inputs_headers: Vec<String>,
    inputs: Vec<(String, Vec<String>)>,
    financing: Vec<(String, String)>,
    /// Whether the investment is the recorded outcome or the financing plan (decision 0027).
    cost_basis: String,
    view: Option<AccountView>,
    parameters: Vec<ParameterRow>,
    parameters_note: String,
    actor_rows: Vec<(String, String)>,
    may_edit: bool,
    xlsx_href: String,
    pdf_href: String,
    year: i32,
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountParams {
    #[serde(default)]
    parametrar: Option<String>,
    #[serde(default)]
    horisont: Option<String>,
    #[serde(default)]
    fonster: Option<String>,
}

fn parse_query(
    params: &AccountParams,
    tr: &Tr,
    today: time::Date,
) -> (AccountQuery, Option<String>) {
    match AccountQuery::parse(
        params.parametrar.as_deref().unwrap_or_default(),
        params.horisont.as_deref().unwrap_or_default(),
        params.fonster.as_deref().unwrap_or_default(),
        today,
    ) {
        Ok(query) => (query, None),
        Err(AppError::Invalid(errors)) => (
            AccountQuery::default_for(today),
            Some(
                errors
                    .iter()
                    .map(|e| tr.error(e))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Err(_) => (AccountQuery::default_for(today), None),
    }
}

fn year_choices(parameters: &Parameters, chosen: i32, today: i32) -> Vec<(i32, bool)> {
    let mut years: Vec<i32> = parameters.saved_years.clone();
    years.push(today);
    years.push(chosen);
    years.sort_unstable();
    years.dedup();
    years.reverse();
    years.into_iter().map(|y| (y, y == chosen)).collect()
}

fn actor_rows(tr: &Tr, set: &ParameterSet) -> Vec<(String, String)> {
    set.actors
        .iter()
        .map(|a| (source_label(tr, a.source), actor_label(tr, a.actor)))
        .collect()
}

fn parameters_note(tr: &Tr, parameters: &Parameters) -> String {
    match parameters.version {
        Some(version) => tr.ta(
            "socio-parameters-saved",
            &[
                ("year", parameters.set.year.to_string()),
                ("version", version.to_string()),
            ],
        ),
        None => tr.t1("socio-parameters-default", "year", parameters.set.year),
    }
}

fn may_edit(user: &CurrentUser, operator_id: i64) -> bool {
    user.ctx.principal().is_some_and(|p| {
        p.can(stegvis_domain::access::Capability::ManageProgrammes)
            && p.may_manage_programme_of(operator_id)
    })
}

fn account_notice(tr: &Tr, result: &uc::ProgrammeAccount) -> Option<String> {
    if result.suppressed {
        Some(tr.t("socio-suppressed"))
    } else if result.followed == 0 {
        Some(tr.t("socio-none-followed"))
    } else {
        None
    }
}

fn account_lead(tr: &Tr, result: &uc::ProgrammeAccount) -> String {
    tr.ta(
        "socio-lead",
        &[
            ("window", result.window.to_string()),
            ("n", result.followed.to_string()),
            ("date", swedish::format_date(result.as_of)),
        ],
    )
}

fn inputs_table(
    tr: &Tr,
    result: &uc::ProgrammeAccount,
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    (
        vec![
            tr.t("socio-source"),
            tr.t("socio-actor"),
            tr.t("socio-fte-before"),
            tr.t("socio-fte-after"),
        ],
        result
            .months
            .iter()
            .map(|m| {
                (
                    source_label(tr, m.source),
                    vec![
                        result
                            .parameters
                            .set
                            .actor_of(m.source)
                            .map_or_else(|| "–".into(), |a| actor_label(tr, a)),
                        swedish::format_fixed(i128::from(m.before), 2),
                        swedish::format_fixed(i128::from(m.after), 2),
                    ],
                )
            })
            .collect(),
    )
}

fn financing_rows(tr: &Tr, result: &uc::ProgrammeAccount) -> Vec<(String, String)> {
    result
        .financing
        .iter()
        .map(|f| {
            (
                tr.t(&format!("org-kind-{}", f.kind.code())),
                kronor(f.amount),
            )
        })
        .collect()
}

/// `/program/{id}/socioekonomi`: the ex-post account per actor.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<AccountParams>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let today = state.app.today();
    let (query, error) = parse_query(&params, &tr, today);
    let result = match uc::programme_account(&state.app, &user.actor, ids.id(), query).await {
        Ok(result) => result,
        Err(e) => return failure(&state, &user.ctx, &uri, e),
    };
    let programme = result.programme.clone();
    let (inputs_headers, inputs) = inputs_table(&tr, &result);
    let href = |ext: &str| {
        format!(
            "/program/{}/socioekonomi{ext}?parametrar={}&horisont={}&fonster={}",
            programme.id, query.year, query.horizon, query.window
        )
    };
    let page = AccountPage {
        l: Layout::new(&state, &user.ctx, uri.path()),
        heading: tr.t1("socio-title", "name", &programme.name),
        action: format!("/program/{}/socioekonomi", programme.id),
        years: year_choices(&result.parameters, query.year, today.year()),
        horizons: HORIZONS.iter().map(|h| (*h, *h == query.horizon)).collect(),
        windows: WINDOWS.iter().map(|w| (*w, *w == query.window)).collect(),
        error: error.clone(),
        notice: account_notice(&tr, &result),
        lead: account_lead(&tr, &result),
        inputs_headers,
        inputs,
        financing: financing_rows(&tr, &result),
        cost_basis: tr.t(&format!("socio-cost-basis-{}", result.cost_basis.code())),
        view: result.account.as_ref().map(|a| account_view(&tr, a)),
        parameters: parameter_rows(&tr, &result.parameters.set),
        parameters_note: parameters_note(&tr, &result.parameters),
        actor_rows: actor_rows(&tr, &result.parameters.set),
        may_edit: may_edit(&user, programme.operator_id),
        xlsx_href: href(".xlsx"),
        pdf_href: href(".pdf"),
        year: query.year,
        programme,
    };
    render(
        &page,
        if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    )
}

/// The method text the PDF carries as its appendix: the "Socio-economic account" section of
/// `docs/methods.md`, up to the next second-level heading.
fn method_markdown() -> String {
    const METHODS: &str = include_str!("../../../../docs/methods.md");
    const HEADING: &str = "## Socio-economic account";
    METHODS.find(HEADING).map_or_else(String::new, |start| {
        let rest = &METHODS[start..];
        let end = rest[HEADING.len()..]
            .find("\n## ")
            .map_or(rest.len(), |at| at + HEADING.len() + 1);
        rest[..end].to_string()
    })
}

fn report_table(
    caption: String,
    header: Vec<String>,
    rows: &[(String, Vec<String>)],
) -> ReportTable {
    ReportTable {
        caption,
        header,
        rows: rows
            .iter()
            .map(|(label, cells)| {
                std::iter::once(label.clone())
                    .chain(cells.clone())
                    .collect()
            })
            .collect(),
    }
}

/// The account's sections for the PDF: the inputs, the results, the range and one section per
/// actor with its chart and yearly table, the same texts and figures as the page.
fn account_sections(tr: &Tr, inputs: Section, view: Option<AccountView>) -> Vec<Section> {
    let mut sections = vec![inputs];
    let Some(view) = view else {
        return sections;
    };
    sections.push(Section {
        heading: tr.t("socio-results-heading"),
        lead: tr.t("socio-results-lead"),
        tables: vec![
            report_table(
                tr.t("socio-summary-caption"),
                view.summary_headers.clone(),
                &view.summary,
            ),
            report_table(
                tr.t("socio-annual-caption"),
                view.annual_headers.clone(),
                &view.annual,
            ),
        ],
        ..Section::default()
    });
    sections.push(Section {
        heading: tr.t("socio-sensitivity-heading"),
        lead: tr.t("socio-sensitivity-lead"),
        figures: view
            .drivers
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("{}.", i + 1), d.clone()))
            .collect(),
        tables: vec![report_table(
            tr.t("socio-range-caption"),
            view.range_headers.clone(),
            &view.ranges,
        )],
        ..Section::default()
    });
    for actor in view.actors {
        let caption = tr.t1("socio-years-caption", "actor", &actor.name);
        sections.push(Section {
            chart: Some(Chart {
                svg: actor.chart,
                alt: tr.t1("socio-chart-title", "actor", &actor.name),
            }),
            tables: vec![report_table(
                caption,
                view.year_headers.clone(),
                &actor.rows,
            )],
            heading: actor.name,
            figures: actor.figures,
            ..Section::default()
        });
    }
    sections
}

/// The PDF around the sections: title, notes, the parameters and the method as appendices.
fn account_document(
    tr: &Tr,
    title: String,
    programme: &Programme,
    parameters: &Parameters,
    horizon: u32,
    today: time::Date,
    sections: Vec<Section>,
) -> AccountDocument {
    let set = &parameters.set;
    AccountDocument {
        report: ProgrammeReport {
            title,
            programme: programme.name.clone(),
            period: tr.ta(
                "socio-pdf-subtitle",
                &[
                    ("year", set.year.to_string()),
                    ("horizon", horizon.to_string()),
                ],
            ),
            date: tr.t1("socio-pdf-date", "date", swedish::format_date(today)),
            notes: vec![
                tr.t("socio-pdf-aggregate"),
                parameters_note(tr, parameters),
                tr.t("socio-pdf-recompute"),
            ],
            sections,
            appendix: None,
        },
        parameters_heading: tr.t("socio-pdf-parameters-heading"),
        parameters_lead: tr.t("socio-pdf-parameters-lead"),
        parameters: ReportTable {
            caption: tr.t("socio-parameters-caption"),
            header: vec![
                tr.t("socio-parameter"),
                tr.t("socio-value"),
                tr.t("socio-range"),
                tr.t("socio-checked"),
                tr.t("socio-source"),
                tr.t("socio-note"),
            ],
            rows: parameter_rows(tr, set)
                .into_iter()
                .map(|row| {
                    vec![
                        row.label,
                        row.value,
                        row.range,
                        row.checked,
                        if row.dated.is_empty() {
                            row.source
                        } else {
                            tr.ta(
                                "socio-pdf-source-dated",
                                &[("source", row.source), ("dated", row.dated)],
                            )
                        },
                        row.note,
                    ]
                })
                .collect(),
        },
        actors: ReportTable {
            caption: tr.t("socio-actors-caption"),
            header: vec![tr.t("socio-source"), tr.t("socio-actor")],
            rows: actor_rows(tr, set)
                .into_iter()
                .map(|(source, actor)| vec![source, actor])
                .collect(),
        },
        method: (tr.t("socio-pdf-method-heading"), method_markdown()),
    }
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

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Renders a PDF or a workbook off the async threads (Typst takes a moment).
async fn rendered(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    job: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
    content_type: &'static str,
    filename: &str,
) -> Response {
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok(bytes)) => attachment(bytes, content_type, filename),
        Ok(Err(error)) => {
            tracing::error!(%error, "rendering the socio-economic account failed");
            failure(state, &user.ctx, uri, AppError::Internal(error))
        }
        Err(error) => failure(state, &user.ctx, uri, AppError::Internal(error.to_string())),
    }
}

/// The ex-post account's inputs as a report section: percent-months per source and the budget.
fn inputs_section(tr: &Tr, result: &uc::ProgrammeAccount, notice: Option<String>) -> Section {
    let (headers, rows) = inputs_table(tr, result);
    let financing: Vec<(String, Vec<String>)> = financing_rows(tr, result)
        .into_iter()
        .map(|(kind, amount)| (kind, vec![amount]))
        .collect();
    Section {
        plain: Vec::new(),
        heading: tr.t("socio-pdf-inputs-heading"),
        lead: account_lead(tr, result),
        notice,
        figures: Vec::new(),
        chart: None,
        tables: vec![
            report_table(tr.t("socio-inputs-caption"), headers, &rows),
            report_table(
                tr.t("socio-financing-caption"),
                vec![tr.t("socio-financier"), tr.t("socio-amount")],
                &financing,
            ),
        ],
    }
}

/// The account a download of the programme's page asks for, in the reader's language, or the
/// error page.
async fn download_account(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    ids: &Ids,
    params: &AccountParams,
) -> Result<(Tr, AccountQuery, uc::ProgrammeAccount), Response> {
    let tr = user.ctx.tr.clone();
    let (query, _) = parse_query(params, &tr, state.app.today());
    match uc::programme_account(&state.app, &user.actor, ids.id(), query).await {
        Ok(result) => Ok((tr, query, result)),
        Err(e) => Err(failure(state, &user.ctx, uri, e)),
    }
}

fn download_name(result: &uc::ProgrammeAccount, query: AccountQuery, extension: &str) -> String {
    format!(
        "socioekonomi-program-{}-{}.{extension}",
        result.programme.id, query.year
    )
}

/// `/program/{id}/socioekonomi.xlsx`: parameters, inputs, the yearly change, the years and the
/// results, every computed cell a formula over the parameter and input cells.
pub async fn xlsx_download(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<AccountParams>,
) -> Response {
    let (tr, query, result) = match download_account(&state, &user, &uri, &ids, &params).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let filename = download_name(&result, query, "xlsx");
    rendered(
        &state,
        &user,
        &uri,
        move || {
            let translate = |key: &str, args: &[(&str, String)]| tr.ta(key, args);
            let (Some(inputs), Some(account)) = (&result.inputs, &result.account) else {
                return xlsx::workbook(&[parameters_sheet(&tr, &result.parameters.set)])
                    .map_err(|e| e.to_string());
            };
            socio_docs::render_xlsx(&AccountWorkbook {
                params: &result.parameters.set,
                inputs,
                account,
                basis: Basis::ExPost {
                    months: &result.months,
                    window: result.window,
                    followed: result.followed,
                    financing: &result.financing,
                },
                translate: &translate,
            })
            .map_err(|e| e.to_string())
        },
        XLSX,
        &filename,
    )
    .await
}

/// The parameters alone, for a workbook of an account that is withheld.
fn parameters_sheet(tr: &Tr, set: &ParameterSet) -> Sheet {
    Sheet {
        name: tr.t("socio-sheet-parameters"),
        header: vec![
            tr.t("socio-parameter"),
            tr.t("socio-value"),
            tr.t("socio-range"),
            tr.t("socio-source"),
            tr.t("socio-dated"),
            tr.t("socio-checked"),
            tr.t("socio-note"),
        ],
        rows: parameter_rows(tr, set)
            .into_iter()
            .map(|row| {
                [
                    row.label,
                    row.value,
                    row.range,
                    row.source,
                    row.dated,
                    row.checked,
                    row.note,
                ]
                .into_iter()
                .map(Cell::Text)
                .collect()
            })
            .collect(),
    }
}

/// `/program/{id}/socioekonomi.pdf`: the account as a tagged PDF with the parameters and the
/// method as appendices. Withheld accounts print the notice and the parameters only.
pub async fn pdf_download(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<AccountParams>,
) -> Response {
    let (tr, query, result) = match download_account(&state, &user, &uri, &ids, &params).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let inputs = inputs_section(&tr, &result, account_notice(&tr, &result));
    let sections = account_sections(
        &tr,
        inputs,
        result.account.as_ref().map(|a| account_view(&tr, a)),
    );
    let document = account_document(
        &tr,
        tr.t("socio-pdf-title"),
        &result.programme,
        &result.parameters,
        query.horizon,
        state.app.today(),
        sections,
    );
    let filename = download_name(&result, query, "pdf");
    rendered(
        &state,
        &user,
        &uri,
        move || socio_docs::render_pdf(&document),
        "application/pdf",
        &filename,
    )
    .await
}

/// One parameter's fieldset in the editing form.
pub struct ParameterField {
    pub value: String,
    pub low: String,
    pub high: String,
    pub source: String,
    pub dated: String,
    pub checked_name: String,
    pub note: String,
    pub legend: String,
    pub unit: String,
    pub has_range: bool,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "socioeconomics/parameters.html")]
struct ParametersPage {
    l: Layout,
    programme: Programme,
    year: i32,
    note: String,
    form: Form,
    fields: Vec<ParameterField>,
    sources: Vec<(String, String)>,
    actors: Vec<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct YearParam {
    #[serde(default)]
    ar: Option<String>,
}

fn chosen_year(params: &YearParam, today: time::Date) -> i32 {
    params
        .ar
        .as_deref()
        .and_then(|y| stegvis_domain::socioeconomics::parse_year("ar", y).ok())
        .unwrap_or_else(|| today.year())
}

fn parameters_form(tr: &Tr, set: &ParameterSet) -> Form {
    let mut form = Form::new(tr);
    for p in &set.parameters {
        let input = ParameterInput::of(p);
        let code = p.key.code();
        form = form
            .with(&format!("value-{code}"), input.value)
            .with(&format!("low-{code}"), input.low)
            .with(&format!("high-{code}"), input.high)
            .with(&format!("source-{code}"), input.source)
            .with(&format!("dated-{code}"), input.dated)
            .with(&format!("note-{code}"), input.note);
        if input.checked {
            form = form.with(&format!("checked-{code}"), "on");
        }
    }
    for a in &set.actors {
        form = form.with(&format!("actor-{}", a.source.code()), a.actor.code());
    }
    form
}

fn parameters_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    programme: Programme,
    parameters: &Parameters,
    year: i32,
    form: Form,
) -> ParametersPage {
    let tr = &user.ctx.tr;
    ParametersPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        note: parameters_note(tr, parameters),
        fields: ParameterKey::ALL
            .iter()
            .map(|key| ParameterField {
                value: format!("value-{}", key.code()),
                low: format!("low-{}", key.code()),
                high: format!("high-{}", key.code()),
                source: format!("source-{}", key.code()),
                dated: format!("dated-{}", key.code()),
                checked_name: format!("checked-{}", key.code()),
                note: format!("note-{}", key.code()),
                legend: tr.t(&format!("socio-param-{}", key.code())),
                unit: tr.t(match key.unit() {
                    Unit::Percent => "socio-unit-percent",
                    Unit::PerMonth => "socio-unit-month",
                    Unit::PerUnit => "socio-unit-unit",
                }),
                has_range: key.has_range(),
                checked: !form.value(&format!("checked-{}", key.code())).is_empty(),
            })
            .collect(),
        sources: parameters
            .set
            .actors
            .iter()
            .map(|a| {
                (
                    format!("actor-{}", a.source.code()),
                    source_label(tr, a.source),
                )
            })
            .collect(),
        actors: AccountActor::payers()
            .iter()
            .map(|a| (a.code().to_string(), actor_label(tr, *a)))
            .collect(),
        form,
        programme,
        year,
    }
}

/// `/program/{id}/socioekonomi/parametrar?ar=YEAR`: the operator's parameters for a year.
pub async fn parameters(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<YearParam>,
) -> Response {
    let year = chosen_year(&params, state.app.today());
    let page = uc::parameters(&state.app, &user.actor, ids.id(), year)
        .await
        .map(|(programme, parameters)| {
            let form = parameters_form(&user.ctx.tr, &parameters.set);
            parameters_page(&state, &user, &uri, programme, &parameters, year, form)
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Saves the parameters of the year named in the form.
pub async fn save_parameters(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let year = stegvis_domain::socioeconomics::parse_year("year", forms::get(&pairs, "year"))
        .unwrap_or_else(|_| state.app.today().year());
    let values: BTreeMap<String, ParameterInput> = ParameterKey::ALL
        .iter()
        .map(|key| {
            let code = key.code();
            let get = |name: &str| forms::get(&pairs, &format!("{name}-{code}")).to_string();
            (
                code.to_string(),
                ParameterInput {
                    value: get("value"),
                    low: get("low"),
                    high: get("high"),
                    source: get("source"),
                    dated: get("dated"),
                    checked: !get("checked").is_empty(),
                    note: get("note"),
                },
            )
        })
        .collect();
    let actors: BTreeMap<String, String> = IncomeSource::ALL
        .iter()
        .map(|s| {
            (
                s.code().to_string(),
                forms::get(&pairs, &format!("actor-{}", s.code())).to_string(),
            )
        })
        .collect();
    let id = ids.id();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::save_parameters(&state.app, &user.actor, id, year, &values, &actors).await,
        |_| format!("/program/{id}/socioekonomi?parametrar={year}"),
        "flash-socio-parameters-saved",
        async |errors| {
            let page = uc::parameters(&state.app, &user.actor, id, year).await.map(
                |(programme, parameters)| {
                    let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
                    parameters_page(&state, &user, &uri, programme, &parameters, year, form)
                },
            );
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

#[derive(Template)]
#[template(path = "socioeconomics/scenarios.html")]
struct ScenariosPage {
    l: Layout,
    programme: Programme,
    scenarios: Vec<(String, String, String)>,
    may_edit: bool,
}

/// `/program/{id}/scenarier`: the programme's ex-ante scenarios.
pub async fn scenarios(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = uc::scenarios(&state.app, &user.actor, ids.id())
        .await
        .map(|(programme, list)| ScenariosPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            may_edit: may_edit(&user, programme.operator_id),
            scenarios: list
                .iter()
                .map(|s| {
                    (
                        format!("/program/{}/scenarier/{}", programme.id, s.id),
                        s.name.clone(),
                        s.parameter_year.to_string(),
                    )
                })
                .collect(),
            programme,
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "socioeconomics/scenario.html")]
struct ScenarioPage {
    l: Layout,
    programme: Programme,
    heading: String,
    action: String,
    horizons: Vec<(u32, bool)>,
    cases_headers: Vec<String>,
    cases: Vec<(String, Vec<String>)>,
    investment: Vec<(String, String)>,
    view: AccountView,
    parameters: Vec<ParameterRow>,
    parameters_note: String,
    actor_rows: Vec<(String, String)>,
    edit_href: Option<String>,
    pdf_href: String,
    xlsx_href: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct HorizonParam {
    #[serde(default)]
    horisont: Option<String>,
}

fn scenario_horizon(params: &HorizonParam) -> u32 {
    stegvis_domain::socioeconomics::parse_horizon(params.horisont.as_deref().unwrap_or_default())
        .unwrap_or(stegvis_domain::socioeconomics::DEFAULT_HORIZON)
}

fn cases_table(tr: &Tr, found: &uc::ScenarioAccount) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    (
        vec![
            tr.t("socio-case-name"),
            tr.t("socio-case-participants"),
            tr.t("socio-case-source"),
            tr.t("socio-case-share-before"),
            tr.t("socio-case-share-after"),
            tr.t("socio-case-job-share"),
            tr.t("socio-case-months"),
            tr.t("socio-case-care-days"),
            tr.t("socio-case-case-hours"),
        ],
        found
            .scenario
            .body
            .cases
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    vec![
                        c.participants.to_string(),
                        source_label(tr, c.source),
                        format!("{}\u{a0}%", c.share_before),
                        format!("{}\u{a0}%", c.share_after),
                        format!(
                            "{}\u{a0}%{}",
                            c.job_share,
                            if c.subsidised {
                                format!(" ({})", tr.t("socio-case-subsidised"))
                            } else {
                                String::new()
                            }
                        ),
                        c.months_to_outcome.to_string(),
                        c.care_days.to_string(),
                        c.case_hours.to_string(),
                    ],
                )
            })
            .collect(),
    )
}

fn scenario_investment(tr: &Tr, found: &uc::ScenarioAccount) -> Vec<(String, String)> {
    found
        .scenario
        .body
        .investment
        .iter()
        .map(|(a, m)| (actor_label(tr, *a), kronor(*m)))
        .collect()
}

/// `/program/{id}/scenarier/{scenario}`: a scenario and its account.
pub async fn scenario(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<HorizonParam>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let horizon = scenario_horizon(&params);
    let page = uc::scenario(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("scenario"),
        horizon,
    )
    .await
    .map(|found| {
        let programme = found.programme.clone();
        let base = format!("/program/{}/scenarier/{}", programme.id, found.scenario.id);
        let (cases_headers, cases) = cases_table(&tr, &found);
        ScenarioPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            heading: tr.t1("socio-scenario-title", "name", &found.scenario.name),
            horizons: HORIZONS.iter().map(|h| (*h, *h == horizon)).collect(),
            cases_headers,
            cases,
            investment: scenario_investment(&tr, &found),
            view: account_view(&tr, &found.account),
            parameters: parameter_rows(&tr, &found.parameters.set),
            parameters_note: parameters_note(&tr, &found.parameters),
            actor_rows: actor_rows(&tr, &found.parameters.set),
            edit_href: may_edit(&user, programme.operator_id).then(|| format!("{base}/redigera")),
            pdf_href: format!("{base}/socioekonomi.pdf?horisont={horizon}"),
            xlsx_href: format!("{base}/socioekonomi.xlsx?horisont={horizon}"),
            action: base,
            programme,
        }
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// `/program/{id}/scenarier/{scenario}/socioekonomi.pdf`: the scenario's account as a tagged
/// PDF with its typical cases, the parameters and the method.
pub async fn scenario_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<HorizonParam>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let horizon = scenario_horizon(&params);
    let found = match uc::scenario(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("scenario"),
        horizon,
    )
    .await
    {
        Ok(found) => found,
        Err(e) => return failure(&state, &user.ctx, &uri, e),
    };
    let (headers, cases) = cases_table(&tr, &found);
    let investment: Vec<(String, Vec<String>)> = scenario_investment(&tr, &found)
        .into_iter()
        .map(|(actor, amount)| (actor, vec![amount]))
        .collect();
    let inputs = Section {
        heading: tr.t("socio-cases-heading"),
        lead: tr.t("socio-scenario-lead"),
        tables: vec![
            report_table(tr.t("socio-cases-heading"), headers, &cases),
            report_table(
                tr.t("socio-financing-caption"),
                vec![tr.t("socio-actor"), tr.t("socio-amount")],
                &investment,
            ),
        ],
        ..Section::default()
    };
    let sections = account_sections(&tr, inputs, Some(account_view(&tr, &found.account)));
    let document = account_document(
        &tr,
        format!(
            "{}: {}",
            tr.t("socio-pdf-scenario-title"),
            found.scenario.name
        ),
        &found.programme,
        &found.parameters,
        horizon,
        state.app.today(),
        sections,
    );
    let filename = format!(
        "socioekonomi-program-{}-scenario-{}.pdf",
        found.programme.id, found.scenario.id
    );
    rendered(
        &state,
        &user,
        &uri,
        move || socio_docs::render_pdf(&document),
        "application/pdf",
        &filename,
    )
    .await
}

/// `/program/{id}/scenarier/{scenario}/socioekonomi.xlsx`: the scenario's calculation with
/// every computed cell a formula.
pub async fn scenario_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<HorizonParam>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let horizon = scenario_horizon(&params);
    let found = match uc::scenario(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("scenario"),
        horizon,
    )
    .await
    {
        Ok(found) => found,
        Err(e) => return failure(&state, &user.ctx, &uri, e),
    };
    let filename = format!(
        "socioekonomi-program-{}-scenario-{}.xlsx",
        found.programme.id, found.scenario.id
    );
    rendered(
        &state,
        &user,
        &uri,
        move || {
            let translate = |key: &str, args: &[(&str, String)]| tr.ta(key, args);
            socio_docs::render_xlsx(&AccountWorkbook {
                params: &found.parameters.set,
                inputs: &found.inputs,
                account: &found.account,
                basis: Basis::ExAnte {
                    body: &found.scenario.body,
                },
                translate: &translate,
            })
            .map_err(|e| e.to_string())
        },
        XLSX,
        &filename,
    )
    .await
}

#[derive(Template)]
#[template(path = "socioeconomics/scenario_form.html")]
struct ScenarioFormPage {
    l: Layout,
    programme: Programme,
    heading: String,
    action: String,
    form: Form,
    payers: Vec<(String, String)>,
    rows: Vec<CaseRow>,
    sources: Vec<(String, String)>,
}

fn scenario_form(tr: &Tr, input: &ScenarioInput) -> Form {
    let mut form = Form::new(tr)
        .with("name", input.name.clone())
        .with("parameter_year", input.parameter_year.clone());
    for (actor, amount) in &input.investment {
        form = form.with(&format!("investment-{actor}"), amount.clone());
    }
    for (index, case) in input.cases.iter().enumerate() {
        let n = index + 1;
        let mut put = |name: &str, value: &str| {
            form = std::mem::replace(&mut form, Form::new(tr))
                .with(&format!("case-{n}-{name}"), value.to_string());
        };
        put("name", &case.name);
        put("participants", &case.participants);
        put("source", &case.source);
        put("share_before", &case.share_before);
        put("share_after", &case.share_after);
        put("job_share", &case.job_share);
        put("months_to_outcome", &case.months_to_outcome);
        put("care_days", &case.care_days);
        put("case_hours", &case.case_hours);
        if case.subsidised {
            put("subsidised", "on");
        }
    }
    form
}

fn scenario_input(pairs: &[(String, String)]) -> ScenarioInput {
    let get = |name: &str| forms::get(pairs, name).to_string();
    ScenarioInput {
        name: get("name"),
        parameter_year: get("parameter_year"),
        investment: AccountActor::payers()
            .iter()
            .map(|a| {
                (
                    a.code().to_string(),
                    get(&format!("investment-{}", a.code())),
                )
            })
            .collect(),
        cases: (1..=CASE_ROWS)
            .map(|n| {
                let field = |name: &str| get(&format!("case-{n}-{name}"));
                CaseInput {
                    name: field("name"),
                    participants: field("participants"),
                    source: field("source"),
                    share_before: field("share_before"),
                    share_after: field("share_after"),
                    job_share: field("job_share"),
                    subsidised: !field("subsidised").is_empty(),
                    months_to_outcome: field("months_to_outcome"),
                    care_days: field("care_days"),
                    case_hours: field("case_hours"),
                }
            })
            .collect(),
    }
}

/// The field names of one typical-case row of the scenario form.
pub struct CaseRow {
    pub n: usize,
    pub name: String,
    pub participants: String,
    pub source: String,
    pub share_before: String,
    pub share_after: String,
    pub job_share: String,
    pub subsidised: String,
    pub subsidised_checked: bool,
    pub months: String,
    pub care_days: String,
    pub case_hours: String,
}

fn case_row(form: &Form, n: usize) -> CaseRow {
    let name = |field: &str| format!("case-{n}-{field}");
    CaseRow {
        n,
        name: name("name"),
        participants: name("participants"),
        source: name("source"),
        share_before: name("share_before"),
        share_after: name("share_after"),
        job_share: name("job_share"),
        subsidised_checked: !form.value(&name("subsidised")).is_empty(),
        subsidised: name("subsidised"),
        months: name("months_to_outcome"),
        care_days: name("care_days"),
        case_hours: name("case_hours"),
    }
}

fn scenario_form_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    programme: Programme,
    heading: String,
    action: String,
    form: Form,
) -> ScenarioFormPage {
    let tr = &user.ctx.tr;
    let rows = (1..=CASE_ROWS).map(|n| case_row(&form, n)).collect();
    ScenarioFormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        heading,
        action,
        form,
        payers: AccountActor::payers()
            .iter()
            .map(|a| (format!("investment-{}", a.code()), actor_label(tr, *a)))
            .collect(),
        rows,
        sources: IncomeSource::ALL
            .iter()
            .filter(|s| ParameterKey::cost_of(**s).is_some())
            .map(|s| (s.code().to_string(), source_label(tr, *s)))
            .collect(),
        programme,
    }
}

/// The example scenario the new-scenario form starts from: the typical case.
fn example(year: i32) -> ScenarioInput {
    let mut cases = vec![CaseInput {
        name: "100 % försörjningsstöd i 2 år → 50 % jobb i socialt företag efter 12 månader".into(),
        participants: "10".into(),
        source: IncomeSource::Forsorjningsstod.code().into(),
        share_before: "100".into(),
        share_after: "0".into(),
        job_share: "50".into(),
        months_to_outcome: "12".into(),
        ..CaseInput::default()
    }];
    cases.resize(CASE_ROWS, CaseInput::default());
    ScenarioInput {
        name: String::new(),
        parameter_year: year.to_string(),
        investment: BTreeMap::new(),
        cases,
    }
}

/// `/program/{id}/scenarier/ny`.
pub async fn new_scenario(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let tr = user.ctx.tr.clone();
    let page = uc::scenario_programme(&state.app, &user.actor, ids.id())
        .await
        .map(|programme| {
            let form = scenario_form(&tr, &example(state.app.today().year()));
            let action = format!("/program/{}/scenarier/ny", programme.id);
            scenario_form_page(
                &state,
                &user,
                &uri,
                programme,
                tr.t("socio-scenario-new"),
                action,
                form,
            )
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn create_scenario(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = scenario_input(&pairs);
    let id = ids.id();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::create_scenario(&state.app, &user.actor, id, &input).await,
        |scenario| format!("/program/{id}/scenarier/{scenario}"),
        "flash-socio-scenario-saved",
        async |errors| {
            let tr = &user.ctx.tr;
            let page = uc::scenario_programme(&state.app, &user.actor, id)
                .await
                .map(|programme| {
                    let form = Form::from_pairs(tr, &pairs).with_errors(errors);
                    let action = format!("/program/{id}/scenarier/ny");
                    scenario_form_page(
                        &state,
                        &user,
                        &uri,
                        programme,
                        tr.t("socio-scenario-new"),
                        action,
                        form,
                    )
                });
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

/// `/program/{id}/scenarier/{scenario}/redigera`.
pub async fn edit_scenario(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let tr = user.ctx.tr.clone();
    let scenario_id = ids.get("scenario");
    let page = uc::scenario_form(&state.app, &user.actor, ids.id(), scenario_id)
        .await
        .map(|(programme, mut input)| {
            input
                .cases
                .resize(CASE_ROWS.max(input.cases.len()), CaseInput::default());
            let form = scenario_form(&tr, &input);
            let action = format!("/program/{}/scenarier/{scenario_id}/redigera", programme.id);
            scenario_form_page(
                &state,
                &user,
                &uri,
                programme,
                tr.t("socio-scenario-edit"),
                action,
                form,
            )
        });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn update_scenario(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = scenario_input(&pairs);
    let id = ids.id();
    let scenario_id = ids.get("scenario");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::update_scenario(&state.app, &user.actor, id, scenario_id, &input).await,
        |()| format!("/program/{id}/scenarier/{scenario_id}"),
        "flash-socio-scenario-saved",
        async |errors| {
            let tr = &user.ctx.tr;
            let page = uc::scenario_programme(&state.app, &user.actor, id)
                .await
                .map(|programme| {
                    let form = Form::from_pairs(tr, &pairs).with_errors(errors);
                    let action = format!("/program/{id}/scenarier/{scenario_id}/redigera");
                    scenario_form_page(
                        &state,
                        &user,
                        &uri,
                        programme,
                        tr.t("socio-scenario-edit"),
                        action,
                        form,
                    )
                });
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
