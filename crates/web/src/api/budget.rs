//! `/api/v1/programmes/{id}/contributions`, `/rates`, `/financing-plan`, `/budget-outcome` and
//! `/partners`: the partners' contributions against the budget and their roles (decision 0027).
//! Amounts are strings of kronor with two decimals ("450.00"), hours numbers with at most two
//! decimals, so nothing is rounded through floating point on the way in or out of the ledger.

use super::{ApiError, ApiJson, ApiQuery, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::budget as uc;
use stegvis_domain::contribution::{
    Contribution, ContributionInput, OutcomeLine, OutcomeTotal, Rate, RateInput, WorkKind,
};
use stegvis_domain::money::Money;
use stegvis_domain::partner_role::PartnerRoleInput;
use stegvis_domain::programme::BudgetInput;
use utoipa::{IntoParams, ToSchema};

/// Hundredths of an hour as a decimal string: 750 → "7.50".
fn hours(hundredths: u64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[derive(Serialize, ToSchema)]
pub struct ContributionOut {
    id: i64,
    organisation_id: i64,
    /// YYYY-MM
    month: String,
    /// Hours per kind of work, e.g. {"coordination": "12.50", "participant-support": "0.00", …}.
    hours: std::collections::BTreeMap<String, String>,
    /// Kronor with two decimals.
    money: String,
    /// Kronor with two decimals.
    in_kind: String,
    in_kind_description: Option<String>,
}

impl From<Contribution> for ContributionOut {
    fn from(c: Contribution) -> Self {
        Self {
            id: c.id,
            organisation_id: c.organisation_id,
            month: c.month.to_string(),
            hours: WorkKind::ALL
                .into_iter()
                .map(|k| (k.code().to_string(), hours(u64::from(c.hours[k.index()]))))
                .collect(),
            money: c.money.to_decimal_string(),
            in_kind: c.in_kind.to_decimal_string(),
            in_kind_description: c.in_kind_description,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContributionParams {
    /// Only this month, YYYY-MM.
    #[serde(default)]
    month: Option<String>,
}

/// A programme's contributions, by month and partner.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/contributions", security(("bearer" = [])),
    params(("id" = i64, Path), ContributionParams), responses(
    (status = 200, body = Vec<ContributionOut>), (status = 401), (status = 403), (status = 404),
    (status = 422, description = "A bad `month`", content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiQuery(query): ApiQuery<ContributionParams>,
) -> ApiResult<Json<Vec<ContributionOut>>> {
    let month = uc::parse_month_filter(query.month.as_deref().unwrap_or_default());
    let result = async { uc::contributions(&state.app, &user.actor, ids.id(), month?).await };
    result
        .await
        .map(|list| Json(list.into_iter().map(ContributionOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct ContributionIn {
    /// The partner, operator or financier that contributed.
    #[serde(default)]
    #[schema(required = true)]
    organisation_id: Option<i64>,
    /// YYYY-MM, within the programme's period and not in the future.
    #[serde(default)]
    #[schema(required = true)]
    month: Option<String>,
    /// Hours per kind of work (coordination, participant-support, outreach, steering,
    /// administration) as strings with at most two decimals, e.g. {"coordination": "12.5"};
    /// kinds left out are zero.
    #[serde(default)]
    hours: std::collections::BTreeMap<String, String>,
    /// Kronor, e.g. "5000.00"; zero when left out.
    #[serde(default)]
    money: Option<String>,
    /// The value in kind in kronor; needs a description when above zero.
    #[serde(default)]
    in_kind: Option<String>,
    #[serde(default)]
    in_kind_description: Option<String>,
}

impl ContributionIn {
    fn input(self) -> Result<ContributionInput, stegvis_app::AppError> {
        if let Some(unknown) = self.hours.keys().find(|k| k.parse::<WorkKind>().is_err()) {
            return Err(stegvis_app::AppError::Invalid(
                stegvis_domain::validation::ValidationErrors::single(
                    stegvis_domain::validation::FieldError::new(
                        "hours",
                        "contribution-error-work-kind",
                    )
                    .with_arg("kind", unknown),
                ),
            ));
        }
        Ok(ContributionInput {
            organisation_id: self
                .organisation_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            month: self.month.unwrap_or_default(),
            hours: WorkKind::ALL.map(|k| self.hours.get(k.code()).cloned().unwrap_or_default()),
            money: self.money.unwrap_or_default(),
            in_kind: self.in_kind.unwrap_or_default(),
            in_kind_description: self.in_kind_description.unwrap_or_default(),
        })
    }
}

/// Records a month of a partner's contribution; a month already recorded for the partner is
/// replaced, and its id returned.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/contributions", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = ContributionIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ContributionIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let result = async { uc::record(&state.app, &user.actor, ids.id(), &body.input()?).await };
    result
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Changes a recorded contribution (partner and month included).
#[utoipa::path(put, path = "/api/v1/programmes/{id}/contributions/{contribution}", security(("bearer" = [])),
    params(("id" = i64, Path), ("contribution" = i64, Path)), request_body = ContributionIn, responses(
    (status = 204, description = "Changed"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ContributionIn>,
) -> ApiResult<StatusCode> {
    let contribution = ids.get("contribution");
    let result = async {
        let input = body.input()?;
        uc::update(&state.app, &user.actor, ids.id(), contribution, &input).await
    };
    result
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Removes a recorded contribution.
#[utoipa::path(delete, path = "/api/v1/programmes/{id}/contributions/{contribution}", security(("bearer" = [])),
    params(("id" = i64, Path), ("contribution" = i64, Path)), responses(
    (status = 204, description = "Removed"), (status = 403), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<StatusCode> {
    uc::delete(&state.app, &user.actor, ids.id(), ids.get("contribution"))
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct RateOut {
    organisation_id: i64,
    year: i32,
    /// The hourly staff cost in kronor, e.g. "450.00".
    hourly: String,
}

impl From<Rate> for RateOut {
    fn from(r: Rate) -> Self {
        Self {
            organisation_id: r.organisation_id,
            year: r.year,
            hourly: r.hourly.to_decimal_string(),
        }
    }
}

/// The hourly staff costs per partner and year.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/rates", security(("bearer" = [])),
    params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<RateOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn rates(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<RateOut>>> {
    uc::rates(&state.app, &user.actor, ids.id())
        .await
        .map(|list| Json(list.into_iter().map(RateOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct RateIn {
    #[serde(default)]
    #[schema(required = true)]
    organisation_id: Option<i64>,
    #[serde(default)]
    #[schema(required = true)]
    year: Option<i32>,
    /// Kronor per hour, above zero, e.g. "450.00".
    #[serde(default)]
    #[schema(required = true)]
    hourly: Option<String>,
}

/// Sets a partner's hourly staff cost for a year, replacing an earlier one.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/rates", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = RateIn, responses(
    (status = 204, description = "Saved"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn set_rate(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<RateIn>,
) -> ApiResult<StatusCode> {
    let input = RateInput {
        organisation_id: body
            .organisation_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
        year: body.year.map(|y| y.to_string()).unwrap_or_default(),
        hourly: body.hourly.unwrap_or_default(),
    };
    uc::set_rate(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct PlanLineOut {
    id: i64,
    organisation_id: i64,
    year: i32,
    /// Kronor with two decimals.
    amount: String,
}

/// The financing plan: the amount per financier and year (the programme's budget lines).
#[utoipa::path(get, path = "/api/v1/programmes/{id}/financing-plan", security(("bearer" = [])),
    params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<PlanLineOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn financing_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<PlanLineOut>>> {
    uc::financing_plan(&state.app, &user.actor, ids.id())
        .await
        .map(|plan| {
            Json(
                plan.into_iter()
                    .map(|l| PlanLineOut {
                        id: l.id,
                        organisation_id: l.organisation_id,
                        year: l.year,
                        amount: l.amount.to_decimal_string(),
                    })
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct PlanLineIn {
    #[serde(default)]
    #[schema(required = true)]
    organisation_id: Option<i64>,
    #[serde(default)]
    #[schema(required = true)]
    year: Option<i32>,
    /// Kronor, not negative, e.g. "500000.00".
    #[serde(default)]
    #[schema(required = true)]
    amount: Option<String>,
}

/// Sets a financier's amount for a year in the financing plan, replacing an earlier one.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/financing-plan", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = PlanLineIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn set_plan_line(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<PlanLineIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = BudgetInput {
        organisation_id: body
            .organisation_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
        year: body.year.map(|y| y.to_string()).unwrap_or_default(),
        amount: body.amount.unwrap_or_default(),
    };
    stegvis_app::programmes::set_budget(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeLineOut {
    organisation_id: i64,
    organisation: String,
    year: i32,
    planned: String,
    /// All hours of the year, e.g. "120.50".
    hours: String,
    /// Hours × the year's hourly cost.
    staff: String,
    money: String,
    in_kind: String,
    /// staff + money + in kind.
    spent: String,
    /// spent − planned: positive is overspending.
    deviation: String,
    /// Hours were recorded without an hourly cost for the year; they count as zero.
    rate_missing: bool,
}

impl OutcomeLineOut {
    fn new(line: &OutcomeLine, name: &str) -> Self {
        Self {
            organisation_id: line.organisation_id,
            organisation: name.to_string(),
            year: line.year,
            planned: line.planned.to_decimal_string(),
            hours: hours(line.hours),
            staff: line.staff.to_decimal_string(),
            money: line.money.to_decimal_string(),
            in_kind: line.in_kind.to_decimal_string(),
            spent: line.spent.to_decimal_string(),
            deviation: line.deviation.to_decimal_string(),
            rate_missing: line.rate_missing,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeTotalOut {
    planned: String,
    spent: String,
    deviation: String,
    /// Participants (counted episodes) in the programme during the span; null when fewer than
    /// five and the reader sees aggregates only (the steering group, evaluators).
    participants: Option<u64>,
    /// spent ÷ participants in kronor; null without participants, or withheld with their count.
    cost_per_participant: Option<String>,
}

impl From<&OutcomeTotal> for OutcomeTotalOut {
    fn from(t: &OutcomeTotal) -> Self {
        Self {
            planned: t.planned.to_decimal_string(),
            spent: t.spent.to_decimal_string(),
            deviation: t.deviation.to_decimal_string(),
            participants: t.participants,
            cost_per_participant: t.cost_per_participant.map(Money::to_decimal_string),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeYearOut {
    year: i32,
    lines: Vec<OutcomeLineOut>,
    total: OutcomeTotalOut,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetOutcomeOut {
    programme_id: i64,
    /// YYYY-MM-DD: the outcome and participants are counted to this day.
    as_of: String,
    years: Vec<OutcomeYearOut>,
    total: OutcomeTotalOut,
}

/// The financing plan against the outcome per financier and year, with the cost per
/// participant: aggregates only, readable by the steering group.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/budget-outcome", security(("bearer" = [])),
    params(("id" = i64, Path)), responses(
    (status = 200, body = BudgetOutcomeOut), (status = 401), (status = 403), (status = 404)))]
pub async fn budget_outcome(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<BudgetOutcomeOut>> {
    let summary = uc::budget_outcome(&state.app, &user.actor, ids.id())
        .await
        .map_err(|e| ApiError::new(e, &user.ctx))?;
    Ok(Json(BudgetOutcomeOut {
        programme_id: summary.programme.id,
        as_of: stegvis_domain::timestamp::format_date(summary.as_of),
        years: summary
            .outcome
            .years
            .iter()
            .map(|y| OutcomeYearOut {
                year: y.year,
                lines: y
                    .lines
                    .iter()
                    .map(|l| OutcomeLineOut::new(l, summary.organisation_name(l.organisation_id)))
                    .collect(),
                total: OutcomeTotalOut::from(&y.total),
            })
            .collect(),
        total: OutcomeTotalOut::from(&summary.outcome.total),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PartnerOut {
    organisation_id: i64,
    name: String,
    /// kommun, forsakringskassan, arbetsformedlingen, region, samordningsforbund or other
    kind: String,
    contributes: Option<String>,
    contact_name: Option<String>,
    contact_role: Option<String>,
    contact_email: Option<String>,
    /// The user ids of the partner's case officers who may refer. Empty: all of them may.
    may_refer: Vec<i64>,
}

/// The programme's partners with their roles. Reading a named contact person is audited.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/partners", security(("bearer" = [])),
    params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<PartnerOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn partners(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<PartnerOut>>> {
    uc::partners(&state.app, &user.actor, ids.id())
        .await
        .map(|list| {
            Json(
                list.into_iter()
                    .map(|p| PartnerOut {
                        organisation_id: p.organisation_id,
                        kind: p.kind.code().to_string(),
                        may_refer: p
                            .staff
                            .iter()
                            .filter(|(_, _, may)| *may)
                            .map(|(id, _, _)| *id)
                            .collect(),
                        name: p.name,
                        contributes: p.role.contributes,
                        contact_name: p.role.contact_name,
                        contact_role: p.role.contact_role,
                        contact_email: p.role.contact_email,
                    })
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct PartnerIn {
    #[serde(default)]
    contributes: Option<String>,
    #[serde(default)]
    contact_name: Option<String>,
    #[serde(default)]
    contact_role: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
    /// User ids of the partner's case officers who may refer; empty lets all of them.
    #[serde(default)]
    may_refer: Vec<i64>,
}

/// Sets a partner's role and who of its case officers may refer.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/partners/{organisation}", security(("bearer" = [])),
    params(("id" = i64, Path), ("organisation" = i64, Path)), request_body = PartnerIn, responses(
    (status = 204, description = "Saved"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn set_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<PartnerIn>,
) -> ApiResult<StatusCode> {
    let input = PartnerRoleInput {
        contributes: body.contributes.unwrap_or_default(),
        contact_name: body.contact_name.unwrap_or_default(),
        contact_role: body.contact_role.unwrap_or_default(),
        contact_email: body.contact_email.unwrap_or_default(),
    };
    uc::set_partner(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("organisation"),
        &input,
        &body.may_refer,
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
    .map_err(|e| ApiError::new(e, &user.ctx))
}
