//! `/api/v1/organisations`

use super::{ApiError, ApiJson, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::organisation::{Organisation, OrganisationInput};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct OrganisationOut {
    id: i64,
    name: String,
    short_name: String,
    /// kommun, forsakringskassan, arbetsformedlingen, region, samordningsforbund or other
    kind: String,
    /// Organisationsnummer as NNNNNN-NNNN.
    org_number: Option<String>,
    created_at: String,
    updated_at: String,
}

impl From<Organisation> for OrganisationOut {
    fn from(o: Organisation) -> Self {
        Self {
            id: o.id,
            name: o.name,
            short_name: o.short_name,
            kind: o.kind.code().into(),
            org_number: o.org_number.map(|n| n.to_string()),
            created_at: o.created_at.canonical(),
            updated_at: o.updated_at.canonical(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct OrganisationIn {
    name: String,
    short_name: String,
    kind: String,
    #[serde(default)]
    org_number: Option<String>,
}

impl From<OrganisationIn> for OrganisationInput {
    fn from(o: OrganisationIn) -> Self {
        OrganisationInput {
            name: o.name,
            short_name: o.short_name,
            kind: o.kind,
            org_number: o.org_number.unwrap_or_default(),
        }
    }
}

/// All organisations, sorted by name in Swedish order.
#[utoipa::path(get, path = "/api/v1/organisations", security(("bearer" = [])), responses(
    (status = 200, body = Vec<OrganisationOut>), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<OrganisationOut>>> {
    stegvis_app::organisations::list(&state.app, &user.actor)
        .await
        .map(|list| Json(list.into_iter().map(OrganisationOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(post, path = "/api/v1/organisations", security(("bearer" = [])), request_body = OrganisationIn, responses(
    (status = 201, body = OrganisationOut), (status = 400), (status = 422), (status = 401), (status = 403)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> ApiResult<(StatusCode, Json<OrganisationOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let id = stegvis_app::organisations::create(&state.app, &user.actor, &body.into())
        .await
        .map_err(fail)?;
    let created = stegvis_app::organisations::get(&state.app, &user.actor, id)
        .await
        .map_err(fail)?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = OrganisationOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<OrganisationOut>> {
    stegvis_app::organisations::get(&state.app, &user.actor, ids.id())
        .await
        .map(|o| Json(o.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = OrganisationIn, responses(
    (status = 200, body = OrganisationOut), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<OrganisationIn>,
) -> ApiResult<Json<OrganisationOut>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    stegvis_app::organisations::update(
        &state.app,
        &user.actor,
        ids.id(),
        &body.into(),
        SeenVersion::Unknown,
    )
    .await
    .map_err(fail)?;
    let updated = stegvis_app::organisations::get(&state.app, &user.actor, ids.id())
        .await
        .map_err(fail)?;
    Ok(Json(updated.into()))
}
