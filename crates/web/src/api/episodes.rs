//! `/api/v1/episodes`, `/api/v1/consents`, `/api/v1/follow-ups` and `/api/v1/goals`: the
//! work on one episode, from consent at intake to follow-up after exit.
//!
//! Each handler turns JSON into the same typed input the forms fill and calls one use case in
//! `stegvis_app::persons`, which checks scope, consent and the episode's state. Text fields
//! may be left out: the use case then reports them in the 422 problem, in the caller's language.

use super::{ApiError, ApiJson, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use stegvis_app::persons::StepInput;
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::episode::{ExitInput, FollowUpInput, SnapshotInput};
use stegvis_domain::plan::AppointmentInput;
use utoipa::ToSchema;

fn text(value: Option<String>) -> String {
    value.unwrap_or_default()
}

fn percent(value: Option<u32>) -> String {
    value.map(|p| p.to_string()).unwrap_or_default()
}

#[derive(Deserialize, ToSchema)]
pub struct ConsentIn {
    /// participation, information-exchange, follow-up or questionnaires. Participation comes
    /// first; recording it on a referred episode is the intake.
    #[serde(default)]
    #[schema(required = true)]
    scope: Option<String>,
    /// Information exchange only: the partner organisation.
    #[serde(default)]
    partner_organisation_id: Option<i64>,
    /// YYYY-MM-DD, not before the referral and not in the future.
    #[serde(default)]
    #[schema(required = true)]
    given_on: Option<String>,
    /// paper or digital
    #[serde(default)]
    #[schema(required = true)]
    form: Option<String>,
    /// The person was given the information (GDPR art. 13) before consenting; must be true.
    #[serde(default)]
    informed: bool,
}

/// Records one consent on an episode.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/consents", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ConsentIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn record_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ConsentIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = ConsentInput {
        scope: text(body.scope),
        partner_organisation_id: body
            .partner_organisation_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        given_on: text(body.given_on),
        form: text(body.form),
        informed: body.informed,
    };
    stegvis_app::persons::record_consent(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct WithdrawalIn {
    /// YYYY-MM-DD, from the day the consent was given up to today.
    #[serde(default)]
    #[schema(required = true)]
    withdrawn_on: Option<String>,
}

/// Withdraws a consent. Withdrawing participation ends an open episode; withdrawing
/// participation or follow-up cancels the follow-ups not yet done.
#[utoipa::path(post, path = "/api/v1/consents/{id}/withdrawal", security(("bearer" = [])), params(("id" = i64, Path)), request_body = WithdrawalIn, responses(
    (status = 204, description = "Withdrawn"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn withdraw_consent(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<WithdrawalIn>,
) -> ApiResult<StatusCode> {
    stegvis_app::persons::withdraw_consent(
        &state.app,
        &user.actor,
        ids.id(),
        &text(body.withdrawn_on),
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
    .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Education and occupation at intake; the durations are asked at intake only.
#[derive(Deserialize, ToSchema)]
pub struct BaselineIn {
    /// The education level's code.
    #[serde(default)]
    #[schema(required = true)]
    education: Option<String>,
    /// The occupation's code.
    #[serde(default)]
    #[schema(required = true)]
    occupation: Option<String>,
    /// Whole percent of full time, 0–100.
    #[serde(default)]
    #[schema(required = true)]
    occupation_percent: Option<u32>,
    /// Time outside the labour market: under-6-man, 6-12-man, 1-2-ar, 2-5-ar, over-5-ar or okand.
    #[serde(default)]
    #[schema(required = true)]
    time_outside: Option<String>,
    /// Time on public support, in the same bands.
    #[serde(default)]
    #[schema(required = true)]
    time_on_support: Option<String>,
}

/// Records baseline data; on an episode in intake this starts the work (intake → active).
#[utoipa::path(post, path = "/api/v1/episodes/{id}/baseline", security(("bearer" = [])), params(("id" = i64, Path)), request_body = BaselineIn, responses(
    (status = 204, description = "Recorded"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn record_baseline(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<BaselineIn>,
) -> ApiResult<StatusCode> {
    let input = SnapshotInput {
        education: text(body.education),
        occupation: text(body.occupation),
        occupation_percent: percent(body.occupation_percent),
        time_outside: text(body.time_outside),
        time_on_support: text(body.time_on_support),
    };
    stegvis_app::persons::record_baseline(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// The end of an episode. Exit data (education, occupation and its percent) is given together
/// or left out altogether, e.g. when the person could not be reached.
#[derive(Deserialize, ToSchema)]
pub struct ExitIn {
    /// YYYY-MM-DD, not before the referral or intake and not in the future.
    #[serde(default)]
    #[schema(required = true)]
    exit_on: Option<String>,
    /// completed, own-choice, consent-withdrawn, moved, illness, other or registered-in-error
    #[serde(default)]
    #[schema(required = true)]
    reason: Option<String>,
    #[serde(default)]
    education: Option<String>,
    #[serde(default)]
    occupation: Option<String>,
    #[serde(default)]
    occupation_percent: Option<u32>,
}

/// Ends an episode; with consent to follow-up, schedules the programme's follow-ups.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/exit", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ExitIn, responses(
    (status = 204, description = "Exited"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn exit(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ExitIn>,
) -> ApiResult<StatusCode> {
    let input = ExitInput {
        exit_on: text(body.exit_on),
        reason: text(body.reason),
        snapshot: SnapshotInput {
            education: text(body.education),
            occupation: text(body.occupation),
            occupation_percent: percent(body.occupation_percent),
            ..SnapshotInput::default()
        },
    };
    stegvis_app::persons::exit(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct FollowUpIn {
    /// YYYY-MM-DD, not before the exit and not in the future.
    #[serde(default)]
    #[schema(required = true)]
    done_on: Option<String>,
    /// Whether the person could be reached; if not, nothing more is asked.
    #[serde(default)]
    reached: bool,
    /// Only when reached: the occupation's code.
    #[serde(default)]
    occupation: Option<String>,
    /// Only when reached: whole percent of full time.
    #[serde(default)]
    occupation_percent: Option<u32>,
}

/// Records a follow-up after exit.
#[utoipa::path(post, path = "/api/v1/follow-ups/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = FollowUpIn, responses(
    (status = 204, description = "Recorded"), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn record_follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<FollowUpIn>,
) -> ApiResult<StatusCode> {
    let input = FollowUpInput {
        done_on: text(body.done_on),
        reached: body.reached,
        occupation: text(body.occupation),
        occupation_percent: percent(body.occupation_percent),
    };
    stegvis_app::persons::record_follow_up(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct GoalIn {
    #[serde(default)]
    #[schema(required = true)]
    title: Option<String>,
}

/// Adds a goal to the plan of an episode past intake.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/goals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = GoalIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_goal(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<GoalIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    stegvis_app::persons::add_goal(&state.app, &user.actor, ids.id(), &text(body.title))
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct StepIn {
    #[serde(default)]
    #[schema(required = true)]
    description: Option<String>,
    /// participant, coordinator, case-officer or together
    #[serde(default)]
    #[schema(required = true)]
    owner: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    due_on: Option<String>,
}

/// Adds a step to a goal.
#[utoipa::path(post, path = "/api/v1/goals/{id}/steps", security(("bearer" = [])), params(("id" = i64, Path)), request_body = StepIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_step(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<StepIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = StepInput {
        description: text(body.description),
        owner: text(body.owner),
        due_on: text(body.due_on),
    };
    stegvis_app::persons::add_step(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteIn {
    /// May span lines.
    #[serde(default)]
    #[schema(required = true)]
    body: Option<String>,
}

/// Writes a note on an open episode whose details the caller may see.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/notes", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NoteIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<NoteIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    stegvis_app::persons::add_note(&state.app, &user.actor, ids.id(), &text(body.body))
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct AppointmentIn {
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(required = true)]
    date: Option<String>,
    /// HH:MM, local Swedish time.
    #[serde(default)]
    #[schema(required = true)]
    time: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    title: Option<String>,
    #[serde(default)]
    place: Option<String>,
}

/// Books an appointment on an open episode whose details the caller may see.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/appointments", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AppointmentIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_appointment(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<AppointmentIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = AppointmentInput {
        date: text(body.date),
        time: text(body.time),
        title: text(body.title),
        place: text(body.place),
    };
    stegvis_app::persons::add_appointment(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}
