//! A programme's socio-economic account as JSON.

use super::{ApiError, ApiQuery};
use crate::AppState;
use crate::context::CurrentUser;
use crate::errors::problem;
use crate::extract::Params;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stegvis_app::AppError;
use stegvis_app::socioeconomics::{self as uc, AccountQuery};
use stegvis_domain::money::Money;
use stegvis_domain::socioeconomics::Unit;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SocioParams {
    /// The year of the parameter set (default this year); the operator's saved set for the
    /// year, or the shipped default.
    #[serde(default)]
    parameters: Option<String>,
    /// The horizon in years: 1, 5 (default) or 10.
    #[serde(default)]
    horizon: Option<String>,
    /// Effect 1's window in months, 6, 12 (default) or 24: the change is measured over this
    /// many months before intake and after exit, for the episodes followed up that long.
    #[serde(default)]
    window: Option<String>,
}

/// An amount in kronor as a decimal string with a point, exact to the öre ("1234.50").
type Kronor = String;

fn kr(amount: Money) -> Kronor {
    amount.to_decimal_string()
}

#[derive(Serialize, ToSchema)]
pub struct ComponentsOut {
    /// Public support no longer paid (negative for the individual).
    support: Kronor,
    /// Income tax and employer contributions on wages.
    taxes: Kronor,
    /// Services no longer used, at unit costs.
    services: Kronor,
    /// The individual's wages after tax.
    wages: Kronor,
    /// The value of the work (society only).
    production: Kronor,
    total: Kronor,
}

#[derive(Serialize, ToSchema)]
pub struct YearOut {
    year: u32,
    /// After deadweight, attribution and drop-off.
    gain: Kronor,
    discounted: Kronor,
    cumulative: Kronor,
}

#[derive(Serialize, ToSchema)]
pub struct HorizonOut {
    years: u32,
    investment: Kronor,
    /// Discounted gains up to the horizon.
    gains: Kronor,
    net: Kronor,
    /// Gains per krona invested; `null` without investment.
    ratio: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct AccountActorOut {
    /// `kommunen`, `regionen`, `forsakringskassan`, `arbetsformedlingen`, `a-kassa`,
    /// `individen` or `samhallet`.
    actor: String,
    investment: Kronor,
    /// The yearly change before adjustments.
    annual: ComponentsOut,
    years: Vec<YearOut>,
    /// At 1, 5 and 10 years.
    horizons: Vec<HorizonOut>,
    /// Years until the discounted gains cover the investment, one decimal; `null` if not
    /// within ten years or without investment.
    payback_years: Option<f64>,
    /// Net at the chosen horizon with every assumption at its pessimistic end.
    net_low: Kronor,
    net_base: Kronor,
    /// Net at the chosen horizon with every assumption at its optimistic end.
    net_high: Kronor,
}

#[derive(Serialize, ToSchema)]
pub struct DriverOut {
    /// The parameter key (`deadweight`, `attribution`, `drop-off`, `discount-rate`).
    parameter: String,
    /// Society's net at the horizon with this assumption alone at its pessimistic end.
    net_low: Kronor,
    net_high: Kronor,
}

#[derive(Serialize, ToSchema)]
pub struct ParameterOut {
    key: String,
    /// `kr-per-month`, `kr-per-unit` or `percent`.
    unit: String,
    /// Kronor for amounts, percent for percentages, as a decimal string.
    value: String,
    low: String,
    high: String,
    source: String,
    dated: String,
    checked: bool,
    note: String,
}

#[derive(Serialize, ToSchema)]
pub struct SourceMonthsOut {
    /// The income source code.
    source: String,
    /// The actor that bears it, `null` for a source that is not public support.
    actor: Option<String>,
    /// Full-time-equivalent months summed over the followed-up episodes.
    fte_months_before: f64,
    fte_months_after: f64,
}

/// The socio-economic account (docs/methods.md, "Socio-economic account").
#[derive(Serialize, ToSchema)]
pub struct SocioOut {
    programme_id: i64,
    parameter_year: i32,
    /// The version of the operator's saved set; `null` for the shipped default.
    parameter_version: Option<i64>,
    horizon: u32,
    /// The window of effect 1 the change is measured over, in months.
    window_months: u32,
    /// Episodes followed up for a whole window.
    followed_up: u64,
    /// `true` when the caller sees aggregates only and fewer than five are followed up:
    /// `inputs` and `actors` are then empty.
    suppressed: bool,
    /// Where the investment comes from: `outcome` (the partners' recorded contributions) when
    /// any are recorded, `budget` (the financing plan) otherwise.
    cost_basis: &'static str,
    inputs: Vec<SourceMonthsOut>,
    actors: Vec<AccountActorOut>,
    /// Largest swing first.
    drivers: Vec<DriverOut>,
    parameters: Vec<ParameterOut>,
}

fn invalid(error: AppError, user: &CurrentUser) -> Response {
    ApiError::new(error, &user.ctx).into_response()
}

/// Öre as kronor or basis points as percent: both are hundredths, written with a point.
fn decimal(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let v = value.unsigned_abs();
    format!("{sign}{}.{:02}", v / 100, v % 100)
}

/// The ex-post socio-economic account of a programme per actor: investment, the yearly change,
/// the years with adjustments and discounting, results at 1, 5 and 10 years, payback, return
/// ratio and the sensitivity range, with every parameter and its source. Aggregate only.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/socioeconomics", security(("bearer" = [])),
    params(("id" = i64, Path), SocioParams), responses(
    (status = 200, body = SocioOut), (status = 403), (status = 404),
    (status = 422, description = "A bad `parameters`, `horizon` or `window`", content_type = "application/problem+json")))]
pub async fn socioeconomics(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Params,
    ApiQuery(query): ApiQuery<SocioParams>,
) -> Response {
    let Some(programme_id) = params.number("id") else {
        return problem(StatusCode::NOT_FOUND, "There is no such resource.");
    };
    let query = match AccountQuery::parse(
        query.parameters.as_deref().unwrap_or_default(),
        query.horizon.as_deref().unwrap_or_default(),
        query.window.as_deref().unwrap_or_default(),
        state.app.today(),
    ) {
        Ok(query) => query,
        Err(error) => return invalid(error, &user),
    };
    let result = match uc::programme_account(&state.app, &user.actor, programme_id, query).await {
        Ok(result) => result,
        Err(error) => return invalid(error, &user),
    };
    let set = &result.parameters.set;
    let mut actors = Vec::new();
    let mut drivers = Vec::new();
    if let Some(account) = &result.account {
        for (a, range) in account.actors.iter().zip(&account.sensitivity) {
            actors.push(AccountActorOut {
                actor: a.actor.code().into(),
                investment: kr(a.investment),
                annual: ComponentsOut {
                    support: kr(a.annual.support),
                    taxes: kr(a.annual.taxes),
                    services: kr(a.annual.services),
                    wages: kr(a.annual.wages),
                    production: kr(a.annual.production),
                    total: kr(a.annual.total()),
                },
                years: a
                    .years
                    .iter()
                    .map(|y| YearOut {
                        year: y.year,
                        gain: kr(y.gain),
                        discounted: kr(y.discounted),
                        cumulative: kr(y.cumulative),
                    })
                    .collect(),
                horizons: a
                    .horizons
                    .iter()
                    .map(|h| HorizonOut {
                        years: h.years,
                        investment: kr(h.investment),
                        gains: kr(h.gains),
                        net: kr(h.net),
                        ratio: h.ratio,
                    })
                    .collect(),
                payback_years: a.payback_tenths.map(|t| f64::from(t) / 10.0),
                net_low: kr(range.low),
                net_base: kr(range.base),
                net_high: kr(range.high),
            });
        }
        drivers = account
            .drivers
            .iter()
            .map(|d| DriverOut {
                parameter: d.key.code().into(),
                net_low: kr(d.low),
                net_high: kr(d.high),
            })
            .collect();
    }
    Json(SocioOut {
        programme_id,
        parameter_year: set.year,
        parameter_version: result.parameters.version,
        horizon: query.horizon,
        window_months: result.window,
        followed_up: result.followed,
        suppressed: result.suppressed,
        cost_basis: result.cost_basis.code(),
        inputs: result
            .months
            .iter()
            .map(|m| SourceMonthsOut {
                source: m.source.code().into(),
                actor: set.actor_of(m.source).map(|a| a.code().into()),
                fte_months_before: m.before as f64 / 100.0,
                fte_months_after: m.after as f64 / 100.0,
            })
            .collect(),
        actors,
        drivers,
        parameters: set
            .parameters
            .iter()
            .map(|p| {
                let unit = p.key.unit();
                ParameterOut {
                    key: p.key.code().into(),
                    unit: match unit {
                        Unit::Percent => "percent",
                        Unit::PerMonth => "kr-per-month",
                        Unit::PerUnit => "kr-per-unit",
                    }
                    .into(),
                    value: decimal(p.value),
                    low: decimal(p.low),
                    high: decimal(p.high),
                    source: p.provenance.source.clone(),
                    dated: p.provenance.dated.clone(),
                    checked: p.provenance.checked,
                    note: p.provenance.note.clone(),
                }
            })
            .collect(),
    })
    .into_response()
}
