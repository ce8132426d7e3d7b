//! `/api/v1/programmes`

use super::{ApiError, ApiJson, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::programmes::ProgrammeDetail;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::programme::{Programme, ProgrammeInput};
use stegvis_domain::timestamp::format_date;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ProgrammeOut {
    id: i64,
    operator_id: i64,
    name: String,
    /// YYYY-MM-DD
    starts_on: String,
    /// YYYY-MM-DD
    ends_on: String,
    /// individual, structural or both
    focus: String,
    description: Option<String>,
}

impl From<Programme> for ProgrammeOut {
    fn from(p: Programme) -> Self {
        Self {
            id: p.id,
            operator_id: p.operator_id,
            name: p.name,
            starts_on: format_date(p.starts_on),
            ends_on: format_date(p.ends_on),
            focus: p.focus.code().into(),
            description: p.description,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetOut {
    organisation_id: i64,
    year: i32,
    /// Kronor with two decimals, e.g. "450000.00".
    amount: String,
}

#[derive(Serialize, ToSchema)]
pub struct TargetOut {
    id: i64,
    /// enterprises-started, handbook, participants or other
    kind: String,
    description: String,
    target_value: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDetailOut {
    #[serde(flatten)]
    programme: ProgrammeOut,
    partner_ids: Vec<i64>,
    budgets: Vec<BudgetOut>,
    targets: Vec<TargetOut>,
}

impl From<ProgrammeDetail> for ProgrammeDetailOut {
    fn from(d: ProgrammeDetail) -> Self {
        Self {
            partner_ids: d.partner_ids,
            budgets: d
                .budgets
                .into_iter()
                .map(|b| BudgetOut {
                    organisation_id: b.organisation_id,
                    year: b.year,
                    amount: b.amount.to_decimal_string(),
                })
                .collect(),
            targets: d
                .targets
                .into_iter()
                .map(|t| TargetOut {
                    id: t.id,
                    kind: t.kind.code().into(),
                    description: t.description,
                    target_value: t.target_value,
                })
                .collect(),
            programme: d.programme.into(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ProgrammeIn {
    name: String,
    operator_id: i64,
    /// YYYY-MM-DD
    starts_on: String,
    /// YYYY-MM-DD
    ends_on: String,
    /// individual, structural or both
    focus: String,
    #[serde(default)]
    description: Option<String>,
}

impl From<ProgrammeIn> for ProgrammeInput {
    fn from(p: ProgrammeIn) -> Self {
        ProgrammeInput {
            name: p.name,
            operator_id: p.operator_id.to_string(),
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            focus: p.focus,
            description: p.description.unwrap_or_default(),
        }
    }
}

/// The programmes the caller may see.
#[utoipa::path(get, path = "/api/v1/programmes", security(("bearer" = [])), responses(
    (status = 200, body = Vec<ProgrammeOut>), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<ProgrammeOut>>> {
    stegvis_app::programmes::list(&state.app, &user.actor)
        .await
        .map(|list| Json(list.into_iter().map(ProgrammeOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(post, path = "/api/v1/programmes", security(("bearer" = [])), request_body = ProgrammeIn, responses(
    (status = 201, body = ProgrammeDetailOut), (status = 400), (status = 422), (status = 403)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<ProgrammeIn>,
) -> ApiResult<(StatusCode, Json<ProgrammeDetailOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let id = stegvis_app::programmes::create(&state.app, &user.actor, &body.into())
        .await
        .map_err(fail)?;
    let created = stegvis_app::programmes::get(&state.app, &user.actor, id)
        .await
        .map_err(fail)?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(get, path = "/api/v1/programmes/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = ProgrammeDetailOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<ProgrammeDetailOut>> {
    stegvis_app::programmes::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(put, path = "/api/v1/programmes/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ProgrammeIn, responses(
    (status = 200, body = ProgrammeDetailOut), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ProgrammeIn>,
) -> ApiResult<Json<ProgrammeDetailOut>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    stegvis_app::programmes::update(
        &state.app,
        &user.actor,
        ids.id(),
        &body.into(),
        SeenVersion::Unknown,
    )
    .await
    .map_err(fail)?;
    let updated = stegvis_app::programmes::get(&state.app, &user.actor, ids.id())
        .await
        .map_err(fail)?;
    Ok(Json(updated.into()))
}
