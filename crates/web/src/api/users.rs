//! `/api/v1/users` (administrators only).

use super::{ApiError, ApiJson, ApiQuery, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::users::UserInput;
use stegvis_domain::user::{User, UserFilter};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    id: i64,
    username: String,
    display_name: String,
    /// admin, coordinator, case-officer, participant, enterprise, steering or evaluator
    role: String,
    organisation_id: Option<i64>,
    active: bool,
    /// False until an invited user has chosen a password.
    has_password: bool,
    created_at: String,
}

impl From<User> for UserOut {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role.code().into(),
            organisation_id: u.organisation_id,
            active: u.active,
            has_password: u.has_password,
            created_at: u.created_at.canonical(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserPageOut {
    users: Vec<UserOut>,
    total: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct UserQuery {
    role: Option<String>,
    organisation_id: Option<i64>,
    /// Start of the username.
    username: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    offset: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/users", security(("bearer" = [])), params(UserQuery), responses(
    (status = 200, body = UserPageOut), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> ApiResult<Json<UserPageOut>> {
    let role = match query.role.as_deref() {
        None | Some("") => None,
        Some(code) => Some(code.parse().map_err(|_| {
            ApiError::new(
                stegvis_app::AppError::field("role", "error-choose-option"),
                &user.ctx,
            )
        })?),
    };
    let filter = UserFilter {
        role,
        organisation_id: query.organisation_id,
        username_prefix: query.username.filter(|u| !u.is_empty()),
    };
    let page = stegvis_app::users::list(
        &state.app,
        &user.actor,
        &filter,
        query.limit.unwrap_or(100),
        query.offset.unwrap_or(0),
    )
    .await
    .map_err(|e| ApiError::new(e, &user.ctx))?;
    Ok(Json(UserPageOut {
        users: page.users.into_iter().map(UserOut::from).collect(),
        total: page.total,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct InviteIn {
    username: String,
    #[serde(default)]
    display_name: Option<String>,
    role: String,
    /// Id or short name; required for coordinators and case officers.
    #[serde(default)]
    organisation: Option<String>,
    /// Participant accounts only: the person the account belongs to, whose own record the
    /// participant portal shows. A person has at most one account.
    #[serde(default)]
    person_id: Option<i64>,
    /// Enterprise-role accounts only: the enterprise the representative reports figures for.
    #[serde(default)]
    enterprise_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct InviteOut {
    user_id: i64,
    /// One-time link where the user chooses a password. Shown only in this response.
    activation_url: String,
    expires_at: String,
}

/// Creates an account without a password and returns its one-time activation link.
#[utoipa::path(post, path = "/api/v1/users", security(("bearer" = [])), request_body = InviteIn, responses(
    (status = 201, body = InviteOut), (status = 400), (status = 422), (status = 403)))]
pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<InviteIn>,
) -> ApiResult<(StatusCode, Json<InviteOut>)> {
    let input = UserInput {
        username: body.username,
        display_name: body.display_name.unwrap_or_default(),
        role: body.role,
        organisation: body.organisation.unwrap_or_default(),
        person: body.person_id.map(|id| id.to_string()).unwrap_or_default(),
        enterprise: body
            .enterprise_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
    };
    let link = stegvis_app::users::invite(&state.app, &user.actor, &input)
        .await
        .map_err(|e| ApiError::new(e, &user.ctx))?;
    let mut url = state.config.public_url.clone();
    url.set_path(&format!("/aktivera/{}", link.token));
    Ok((
        StatusCode::CREATED,
        Json(InviteOut {
            user_id: link.user_id,
            activation_url: url.to_string(),
            expires_at: link.expires_at.canonical(),
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = UserOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<UserOut>> {
    stegvis_app::users::get(&state.app, &user.actor, ids.id())
        .await
        .map(|u| Json(u.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}
