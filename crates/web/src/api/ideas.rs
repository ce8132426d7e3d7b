//! `/api/v1/ideas`: business ideas, their stage decisions and business plan versions.

use super::{ApiError, ApiJson, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stegvis_app::AppError;
use stegvis_app::ideas::{IdeaDetail, PlanView};
use stegvis_domain::forecast::{ForecastInput, compute};
use stegvis_domain::idea::{Idea, IdeaInput, PlanInput, PlanSection, StageInput};
use stegvis_domain::timestamp::format_date;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct IdeaOut {
    id: i64,
    programme_id: i64,
    title: String,
    description: Option<String>,
    /// The first business idea: what the enterprise sells.
    what_it_sells: Option<String>,
    /// The second: the work integration it offers.
    work_integration: Option<String>,
    /// idea, pre-study, business-plan, founding, registered, operating or wound-up
    stage: String,
    /// The enterprise the idea became, once registered.
    enterprise_id: Option<i64>,
}

impl From<Idea> for IdeaOut {
    fn from(i: Idea) -> Self {
        Self {
            id: i.id,
            programme_id: i.programme_id,
            title: i.title,
            description: i.description,
            what_it_sells: i.what_it_sells,
            work_integration: i.work_integration,
            stage: i.stage.code().into(),
            enterprise_id: i.enterprise_id,
        }
    }
}

/// One stage decision.
#[derive(Serialize, ToSchema)]
pub struct StageChangeOut {
    stage: String,
    /// YYYY-MM-DD
    decided_on: String,
    note: Option<String>,
}

/// A team member: a participant (`person_id`) or someone else by name.
#[derive(Serialize, ToSchema)]
pub struct TeamMemberOut {
    person_id: Option<i64>,
    name: String,
    role: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IdeaDetailOut {
    #[serde(flatten)]
    idea: IdeaOut,
    /// Oldest first; the last is the current stage.
    history: Vec<StageChangeOut>,
    team: Vec<TeamMemberOut>,
    /// Organisation ids of supporting partners and advisers.
    partners: Vec<i64>,
}

impl From<IdeaDetail> for IdeaDetailOut {
    fn from(d: IdeaDetail) -> Self {
        Self {
            history: d
                .history
                .into_iter()
                .map(|c| StageChangeOut {
                    stage: c.stage.code().into(),
                    decided_on: format_date(c.decided_on),
                    note: c.note,
                })
                .collect(),
            team: d
                .team
                .into_iter()
                .map(|m| TeamMemberOut {
                    person_id: m.person_id,
                    name: m.name,
                    role: m.role,
                })
                .collect(),
            partners: d.partners.into_iter().map(|(id, _)| id).collect(),
            idea: d.idea.into(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct IdeaIn {
    programme_id: i64,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    what_it_sells: Option<String>,
    #[serde(default)]
    work_integration: Option<String>,
}

/// The ideas the caller may see: a coordinator all of their operator's, a participant those
/// of their teams.
#[utoipa::path(get, path = "/api/v1/ideas", security(("bearer" = [])), responses(
    (status = 200, body = Vec<IdeaOut>), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<IdeaOut>>> {
    stegvis_app::ideas::list(&state.app, &user.actor)
        .await
        .map(|list| Json(list.into_iter().map(IdeaOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Creates an idea at the stage "idea" in one of the caller's programmes.
#[utoipa::path(post, path = "/api/v1/ideas", security(("bearer" = [])), request_body = IdeaIn, responses(
    (status = 201, body = IdeaDetailOut), (status = 400), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<IdeaIn>,
) -> ApiResult<(StatusCode, Json<IdeaDetailOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let input = IdeaInput {
        programme_id: body.programme_id.to_string(),
        title: body.title,
        description: body.description.unwrap_or_default(),
        what_it_sells: body.what_it_sells.unwrap_or_default(),
        work_integration: body.work_integration.unwrap_or_default(),
    };
    let id = stegvis_app::ideas::create(&state.app, &user.actor, &input)
        .await
        .map_err(fail)?;
    let created = stegvis_app::ideas::get(&state.app, &user.actor, id)
        .await
        .map_err(fail)?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(get, path = "/api/v1/ideas/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = IdeaDetailOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<IdeaDetailOut>> {
    stegvis_app::ideas::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct StageIn {
    /// idea, pre-study, business-plan, founding, registered, operating or wound-up
    stage: String,
    /// YYYY-MM-DD; defaults to today.
    #[serde(default)]
    decided_on: Option<String>,
    /// Required when moving back a stage or reopening a wound-up idea.
    #[serde(default)]
    note: Option<String>,
}

/// Records a stage decision: forward by one, back by one with a note, or wound up.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/stage", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = StageIn, responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn move_stage(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<StageIn>,
) -> ApiResult<StatusCode> {
    let input = StageInput {
        stage: body.stage,
        decided_on: body.decided_on.unwrap_or_default(),
        note: body.note.unwrap_or_default(),
    };
    stegvis_app::ideas::move_stage(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// The answers to the legal-form guide; a question left out is answered no.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct LegalFormAnswersOut {
    founders: Option<u32>,
    member_democracy: bool,
    non_profit_purpose: bool,
    share_capital: bool,
    profit_lock: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PlanCommentOut {
    author: Option<String>,
    body: String,
    /// RFC 3339, UTC
    created_at: String,
}

/// One immutable version of the business plan, with the coach's comments.
#[derive(Serialize, ToSchema)]
pub struct PlanVersionOut {
    version: i64,
    author: Option<String>,
    /// RFC 3339, UTC
    created_at: String,
    /// Text per section: customers, beneficiaries, value-propositions, impact-proposition,
    /// channels, revenue, costs, key-activities, key-resources, partners, impact-measures,
    /// market, organisation, ownership, risks.
    sections: BTreeMap<String, String>,
    legal_form_answers: LegalFormAnswersOut,
    /// ekonomisk-forening, ideell-forening, aktiebolag or aktiebolag-svb
    chosen_legal_form: Option<String>,
    /// The numbers the forecast is computed from, as sent in `PlanIn.forecast`.
    #[schema(value_type = Option<Object>)]
    forecast: Option<ForecastInput>,
    /// Key figures of the computed forecast, when the version has numbers that compute.
    forecast_summary: Option<ForecastSummaryOut>,
    comments: Vec<PlanCommentOut>,
}

/// Key figures of a computed forecast. Amounts are decimal strings in kronor ("1450.00"),
/// months `YYYY-MM`.
#[derive(Serialize, ToSchema)]
pub struct ForecastSummaryOut {
    /// The month of the liquidity forecast (months 1–12) with the lowest closing cash.
    liquidity_low_month: Option<String>,
    /// The closing cash of that month; negative when the cash does not last.
    liquidity_low_cash: Option<String>,
    /// The months of the liquidity forecast whose closing cash is negative.
    negative_cash_months: Vec<String>,
    /// The first month whose cumulative result is zero or more; null if not within 36 months.
    break_even_month: Option<String>,
    /// The monthly revenue needed to cover the fixed costs; null if no revenue can.
    monthly_revenue_needed: Option<String>,
    /// Financing less the start-up budget; negative is a shortfall.
    financing_gap: String,
}

fn summary_out(input: &ForecastInput) -> Option<ForecastSummaryOut> {
    let forecast = compute(input).ok()?;
    let low = forecast.liquidity.iter().min_by_key(|m| m.closing_cash);
    Some(ForecastSummaryOut {
        liquidity_low_month: low.map(|m| m.month.to_string()),
        liquidity_low_cash: low.map(|m| m.closing_cash.to_decimal_string()),
        negative_cash_months: forecast
            .liquidity
            .iter()
            .filter(|m| m.is_negative())
            .map(|m| m.month.to_string())
            .collect(),
        break_even_month: forecast
            .break_even
            .first_month_covered
            .map(|m| m.month.to_string()),
        monthly_revenue_needed: forecast
            .break_even
            .monthly_revenue_needed
            .map(|m| m.to_decimal_string()),
        financing_gap: forecast.financing.surplus.to_decimal_string(),
    })
}

fn versions_out(view: &PlanView) -> Vec<PlanVersionOut> {
    view.versions
        .iter()
        .map(|v| {
            let answers = v.content.legal_form_answers;
            PlanVersionOut {
                version: v.version,
                author: v.author.clone(),
                created_at: v.created_at.canonical(),
                sections: v
                    .content
                    .sections
                    .iter()
                    .map(|(s, text)| (s.code().to_string(), text.clone()))
                    .collect(),
                legal_form_answers: LegalFormAnswersOut {
                    founders: answers.founders,
                    member_democracy: answers.member_democracy,
                    non_profit_purpose: answers.non_profit_purpose,
                    share_capital: answers.share_capital,
                    profit_lock: answers.profit_lock,
                },
                chosen_legal_form: v.content.chosen_legal_form.map(|f| f.code().to_string()),
                forecast: v.content.forecast.clone(),
                forecast_summary: v.content.forecast.as_ref().and_then(summary_out),
                comments: view
                    .comments_on(v.version)
                    .into_iter()
                    .map(|c| PlanCommentOut {
                        author: c.author.clone(),
                        body: c.body.clone(),
                        created_at: c.created_at.canonical(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every version of the idea's business plan, newest first.
#[utoipa::path(get, path = "/api/v1/ideas/{id}/plans", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<PlanVersionOut>), (status = 404)))]
pub async fn plans(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<PlanVersionOut>>> {
    stegvis_app::ideas::plan(&state.app, &user.actor, ids.id())
        .await
        .map(|view| Json(versions_out(&view)))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct PlanIn {
    /// Text per section code; see the sections of a version.
    #[serde(default)]
    sections: BTreeMap<String, String>,
    #[serde(default)]
    legal_form_answers: LegalFormAnswersOut,
    #[serde(default)]
    chosen_legal_form: Option<String>,
    /// The numbers to compute the forecast from (first_month, vat_period, revenue, costs,
    /// staff, startup, financing; see a version's `forecast`). Left out, the latest version's
    /// numbers carry over; numbers beyond the limits are refused with 422.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    forecast: Option<ForecastInput>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionCreatedOut {
    version: i64,
}

/// Saves a new version of the business plan. A section code that does not exist is refused
/// rather than silently dropped.
#[utoipa::path(post, path = "/api/v1/ideas/{id}/plans", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = PlanIn, responses((status = 201, body = VersionCreatedOut), (status = 403), (status = 404), (status = 422)))]
pub async fn save_plan(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<PlanIn>,
) -> ApiResult<(StatusCode, Json<VersionCreatedOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    if let Some(unknown) = body
        .sections
        .keys()
        .find(|k| k.parse::<PlanSection>().is_err())
    {
        return Err(fail(AppError::Invalid(ValidationErrors::single(
            FieldError::new("sections", "idea-error-unknown-section").with_arg("section", unknown),
        ))));
    }
    let answers = body.legal_form_answers;
    let input = PlanInput {
        sections: body.sections,
        founders: answers.founders.map(|n| n.to_string()).unwrap_or_default(),
        member_democracy: answers.member_democracy,
        non_profit_purpose: answers.non_profit_purpose,
        share_capital: answers.share_capital,
        profit_lock: answers.profit_lock,
        chosen_legal_form: body.chosen_legal_form.unwrap_or_default(),
    };
    let version = stegvis_app::ideas::save_plan(
        &state.app,
        &user.actor,
        ids.id(),
        &input,
        body.forecast.as_ref(),
    )
    .await
    .map_err(fail)?;
    Ok((StatusCode::CREATED, Json(VersionCreatedOut { version })))
}
