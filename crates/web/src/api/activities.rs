//! `/api/v1/programmes/{id}/activities` and `/api/v1/activities`: a programme's activities
//! and group events, and who attended them.

use super::{ApiError, ApiJson, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_domain::plan::{Activity, ActivityInput};
use stegvis_domain::timestamp::format_date;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActivityOut {
    id: i64,
    programme_id: i64,
    /// inspiration, course, work-training, study-visit, coaching, business-idea or other
    kind: String,
    title: String,
    /// YYYY-MM-DD
    held_on: String,
    /// The activity's length; attending counts this long.
    minutes: i64,
    /// Null when the programme itself provided it.
    provider_organisation_id: Option<i64>,
    is_group: bool,
}

impl From<Activity> for ActivityOut {
    fn from(a: Activity) -> Self {
        Self {
            id: a.id,
            programme_id: a.programme_id,
            kind: a.kind.code().into(),
            title: a.title,
            held_on: format_date(a.held_on),
            minutes: a.minutes,
            provider_organisation_id: a.provider_organisation_id,
            is_group: a.is_group,
        }
    }
}

/// A programme's activities, newest first.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/activities", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<ActivityOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<ActivityOut>>> {
    stegvis_app::activities::list(&state.app, &user.actor, ids.id())
        .await
        .map(|(_, activities)| Json(activities.into_iter().map(ActivityOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct ActivityIn {
    /// inspiration, course, work-training, study-visit, coaching, business-idea or other
    #[serde(default)]
    #[schema(required = true)]
    kind: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    title: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(required = true)]
    held_on: Option<String>,
    /// Length in hours, to the minute: e.g. 1.5. At most 12.
    #[serde(default)]
    #[schema(required = true)]
    hours: Option<f64>,
    /// Leave out when the programme itself provides it.
    #[serde(default)]
    provider_organisation_id: Option<i64>,
    #[serde(default)]
    is_group: bool,
}

/// Plans an activity or group event in a programme the caller runs.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/activities", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ActivityIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ActivityIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = ActivityInput {
        kind: body.kind.unwrap_or_default(),
        title: body.title.unwrap_or_default(),
        held_on: body.held_on.unwrap_or_default(),
        hours: body.hours.map(|h| h.to_string()).unwrap_or_default(),
        provider_organisation_id: body
            .provider_organisation_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        is_group: body.is_group,
    };
    stegvis_app::activities::create(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceIn {
    /// The episodes whose participants attended. Everyone else taking part in the programme is
    /// recorded as absent, so the list is the whole register, not an addition to it.
    present: Vec<i64>,
}

/// Records who attended an activity.
#[utoipa::path(post, path = "/api/v1/activities/{id}/attendance", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AttendanceIn, responses(
    (status = 204, description = "Recorded"), (status = 400), (status = 403), (status = 404),
    (status = 422, description = "An episode that does not take part in the programme")))]
pub async fn record_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<AttendanceIn>,
) -> ApiResult<StatusCode> {
    stegvis_app::activities::record_attendance(&state.app, &user.actor, ids.id(), &body.present)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}
