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
use stegvis_domain::income::IncomeSource;
use stegvis_domain::money::Money;
use stegvis_domain::programme::Programme;
use stegvis_domain::socioeconomics::{
    Account, AccountActor, CASE_ROWS, CaseInput, HORIZONS, Parameter, ParameterInput, ParameterKey,
    ParameterSet, ScenarioInput, Unit, format_percent,
};
use stegvis_domain::swedish;
use stegvis_reports::charts::{self, Series};
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
    error: Option<String>,
    notice: Option<String>,
    lead: String,
    inputs_headers: Vec<String>,
    inputs: Vec<(String, Vec<String>)>,
    financing: Vec<(String, String)>,
    view: Option<AccountView>,
    parameters: Vec<ParameterRow>,
    parameters_note: String,
    actor_rows: Vec<(String, String)>,
    may_edit: bool,
    xlsx_href: String,
    year: i32,
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountParams {
    #[serde(default)]
    parametrar: Option<String>,
    #[serde(default)]
    horisont: Option<String>,
}

fn parse_query(
    params: &AccountParams,
    tr: &Tr,
    today: time::Date,
) -> (AccountQuery, Option<String>) {
    match AccountQuery::parse(
        params.parametrar.as_deref().unwrap_or_default(),
        params.horisont.as_deref().unwrap_or_default(),
        today,
    ) {
        Ok(query) => (query, None),
        Err(AppError::Invalid(errors)) => (
            AccountQuery {
                year: today.year(),
                horizon: stegvis_domain::socioeconomics::DEFAULT_HORIZON,
            },
            Some(
                errors
                    .iter()
                    .map(|e| tr.error(e))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Err(_) => (
            AccountQuery {
                year: today.year(),
                horizon: stegvis_domain::socioeconomics::DEFAULT_HORIZON,
            },
            None,
        ),
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
    let notice = if result.suppressed {
        Some(tr.t("socio-suppressed"))
    } else if result.followed == 0 {
        Some(tr.t("socio-none-followed"))
    } else {
        None
    };
    let page = AccountPage {
        l: Layout::new(&state, &user.ctx, uri.path()),
        heading: tr.t1("socio-title", "name", &programme.name),
        action: format!("/program/{}/socioekonomi", programme.id),
        years: year_choices(&result.parameters, query.year, today.year()),
        horizons: HORIZONS.iter().map(|h| (*h, *h == query.horizon)).collect(),
        error: error.clone(),
        notice,
        lead: tr.ta(
            "socio-lead",
            &[
                ("window", result.window.to_string()),
                ("n", result.followed.to_string()),
                ("date", swedish::format_date(today)),
            ],
        ),
        inputs_headers: vec![
            tr.t("socio-source"),
            tr.t("socio-actor"),
            tr.t("socio-fte-before"),
            tr.t("socio-fte-after"),
        ],
        inputs: result
            .months
            .iter()
            .map(|m| {
                (
                    source_label(&tr, m.source),
                    vec![
                        result
                            .parameters
                            .set
                            .actor_of(m.source)
                            .map_or_else(|| "–".into(), |a| actor_label(&tr, a)),
                        swedish::format_fixed(i128::from(m.before), 2),
                        swedish::format_fixed(i128::from(m.after), 2),
                    ],
                )
            })
            .collect(),
        financing: result
            .financing
            .iter()
            .map(|f| {
                (
                    tr.t(&format!("org-kind-{}", f.kind.code())),
                    kronor(f.amount),
                )
            })
            .collect(),
        view: result.account.as_ref().map(|a| account_view(&tr, a)),
        parameters: parameter_rows(&tr, &result.parameters.set),
        parameters_note: parameters_note(&tr, &result.parameters),
        actor_rows: actor_rows(&tr, &result.parameters.set),
        may_edit: may_edit(&user, programme.operator_id),
        xlsx_href: format!(
            "/program/{}/socioekonomi.xlsx?parametrar={}&horisont={}",
            programme.id, query.year, query.horizon
        ),
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

fn money_cell(amount: Money) -> Cell {
    Cell::Number(amount.ore() as f64 / 100.0)
}

/// `/program/{id}/socioekonomi.xlsx`: parameters, inputs and the yearly account with the
/// discounting written as formulas.
pub async fn xlsx_download(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<AccountParams>,
) -> Response {
    let tr = user.ctx.tr.clone();
    let (query, _) = parse_query(&params, &tr, state.app.today());
    let result = match uc::programme_account(&state.app, &user.actor, ids.id(), query).await {
        Ok(result) => result,
        Err(e) => return failure(&state, &user.ctx, &uri, e),
    };
    let set = &result.parameters.set;
    let mut sheets = vec![Sheet {
        name: tr.t("socio-sheet-parameters"),
        header: vec![
            tr.t("socio-parameter"),
            tr.t("socio-value"),
            tr.t("socio-low"),
            tr.t("socio-high"),
            tr.t("socio-unit"),
            tr.t("socio-source"),
            tr.t("socio-dated"),
            tr.t("socio-checked"),
            tr.t("socio-note"),
        ],
        rows: set
            .parameters
            .iter()
            .map(|p| {
                let number = |v: i64| match p.key.unit() {
                    Unit::Percent => Cell::Number(v as f64 / 10_000.0),
                    Unit::PerMonth | Unit::PerUnit => Cell::Number(v as f64 / 100.0),
                };
                vec![
                    Cell::Text(tr.t(&format!("socio-param-{}", p.key.code()))),
                    number(p.value),
                    number(p.low),
                    number(p.high),
                    Cell::Text(tr.t(match p.key.unit() {
                        Unit::Percent => "socio-unit-share",
                        Unit::PerMonth => "socio-unit-month",
                        Unit::PerUnit => "socio-unit-unit",
                    })),
                    Cell::Text(p.provenance.source.clone()),
                    Cell::Text(p.provenance.dated.clone()),
                    Cell::Text(tr.t(if p.provenance.checked {
                        "socio-checked-yes"
                    } else {
                        "socio-checked-no"
                    })),
                    Cell::Text(p.provenance.note.clone()),
                ]
            })
            .collect(),
    }];
    sheets.push(Sheet {
        name: tr.t("socio-sheet-inputs"),
        header: vec![
            tr.t("socio-source"),
            tr.t("socio-actor"),
            tr.t("socio-fte-before"),
            tr.t("socio-fte-after"),
        ],
        rows: result
            .months
            .iter()
            .map(|m| {
                vec![
                    Cell::Text(source_label(&tr, m.source)),
                    Cell::Text(
                        set.actor_of(m.source)
                            .map_or_else(String::new, |a| actor_label(&tr, a)),
                    ),
                    Cell::Number(m.before as f64 / 100.0),
                    Cell::Number(m.after as f64 / 100.0),
                ]
            })
            .collect(),
    });
    if let Some(account) = &result.account {
        let discount = account.assumptions.discount as f64 / 10_000.0;
        let mut rows = Vec::new();
        for actor in &account.actors {
            let first = rows.len() + 2;
            for y in &actor.years {
                let row = rows.len() + 2;
                // Columns: A actor, B year, C gain, D discount rate, E discounted, F cumulative,
                // G investment, H net.
                let cumulative = if row == first {
                    format!("=E{row}")
                } else {
                    format!("=F{}+E{row}", row - 1)
                };
                rows.push(vec![
                    Cell::Text(actor_label(&tr, actor.actor)),
                    Cell::Integer(i64::from(y.year)),
                    money_cell(y.gain),
                    Cell::Number(discount),
                    Cell::Formula {
                        formula: format!("=C{row}/(1+D{row})^B{row}"),
                        value: y.discounted.ore() as f64 / 100.0,
                    },
                    Cell::Formula {
                        formula: cumulative,
                        value: y.cumulative.ore() as f64 / 100.0,
                    },
                    money_cell(actor.investment),
                    Cell::Formula {
                        formula: format!("=F{row}-G{row}"),
                        value: (y.cumulative.ore() - actor.investment.ore()) as f64 / 100.0,
                    },
                ]);
            }
        }
        sheets.push(Sheet {
            name: tr.t("socio-sheet-years"),
            header: vec![
                tr.t("socio-actor"),
                tr.t("socio-year"),
                tr.t("socio-gain"),
                tr.t("socio-param-discount-rate"),
                tr.t("socio-discounted"),
                tr.t("socio-cumulative"),
                tr.t("socio-investment"),
                tr.t("socio-net"),
            ],
            rows,
        });
    }
    match xlsx::workbook(&sheets) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"socioekonomi-program-{}-{}.xlsx\"",
                        result.programme.id, query.year
                    ))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "socio-economic workbook failed");
            failure(&state, &user.ctx, &uri, crate::errors::PageError::Internal)
        }
    }
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
}

#[derive(Debug, Default, Deserialize)]
pub struct HorizonParam {
    #[serde(default)]
    horisont: Option<String>,
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
    let horizon = stegvis_domain::socioeconomics::parse_horizon(
        params.horisont.as_deref().unwrap_or_default(),
    )
    .unwrap_or(stegvis_domain::socioeconomics::DEFAULT_HORIZON);
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
        ScenarioPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            heading: tr.t1("socio-scenario-title", "name", &found.scenario.name),
            horizons: HORIZONS.iter().map(|h| (*h, *h == horizon)).collect(),
            cases_headers: vec![
                tr.t("socio-case-name"),
                tr.t("socio-case-participants"),
                tr.t("socio-case-source"),
                tr.t("socio-case-share-before"),
                tr.t("socio-case-share-after"),
                tr.t("socio-case-job-share"),
                tr.t("socio-case-months"),
            ],
            cases: found
                .scenario
                .body
                .cases
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        vec![
                            c.participants.to_string(),
                            source_label(&tr, c.source),
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
                        ],
                    )
                })
                .collect(),
            investment: found
                .scenario
                .body
                .investment
                .iter()
                .map(|(a, m)| (actor_label(&tr, *a), kronor(*m)))
                .collect(),
            view: account_view(&tr, &found.account),
            parameters: parameter_rows(&tr, &found.parameters.set),
            parameters_note: parameters_note(&tr, &found.parameters),
            actor_rows: actor_rows(&tr, &found.parameters.set),
            edit_href: may_edit(&user, programme.operator_id).then(|| format!("{base}/redigera")),
            action: base,
            programme,
        }
    });
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
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
