//! `/api/v1/programmes/{id}/groups`, `/api/v1/groups`, `/api/v1/meetings`, `/api/v1/actions`
//! and `/api/v1/programmes/{id}/targets`: steering and working groups with their meetings,
//! decisions and action items, and the programme's targets with their progress (decision 0028).

use super::{ApiError, ApiJson, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::targets::{Current, TargetStatus};
use stegvis_domain::steering::{
    Action, ActionInput, Decision, DecisionInput, Group, GroupInput, Meeting, MeetingInput, Member,
    MemberInput, ReadingInput, StatusInput,
};
use stegvis_domain::timestamp::format_date;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SteeringGroupOut {
    id: i64,
    programme_id: i64,
    /// steering or working
    kind: String,
    name: String,
}

impl From<Group> for SteeringGroupOut {
    fn from(g: Group) -> Self {
        Self {
            id: g.id,
            programme_id: g.programme_id,
            kind: g.kind.code().into(),
            name: g.name,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct GroupMemberOut {
    id: i64,
    user_id: i64,
    name: String,
    organisation: Option<String>,
    /// The role in the group in words, such as "ordförande".
    role: Option<String>,
}

impl From<Member> for GroupMemberOut {
    fn from(m: Member) -> Self {
        Self {
            id: m.id,
            user_id: m.user_id,
            name: m.name,
            organisation: m.organisation,
            role: m.role,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SteeringGroupDetailOut {
    #[serde(flatten)]
    group: SteeringGroupOut,
    members: Vec<GroupMemberOut>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    id: i64,
    group_id: i64,
    /// YYYY-MM-DD
    held_on: String,
    place: Option<String>,
    /// The agenda's items, one a line as entered.
    agenda: Vec<String>,
    minutes: Option<String>,
}

impl From<Meeting> for MeetingOut {
    fn from(m: Meeting) -> Self {
        Self {
            agenda: m.agenda_items().into_iter().map(String::from).collect(),
            id: m.id,
            group_id: m.group_id,
            held_on: format_date(m.held_on),
            place: m.place,
            minutes: m.minutes,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DecisionOut {
    id: i64,
    meeting_id: i64,
    /// Numbered from 1 within the meeting (§ 1, § 2, …).
    number: i64,
    body: String,
}

impl From<Decision> for DecisionOut {
    fn from(d: Decision) -> Self {
        Self {
            id: d.id,
            meeting_id: d.meeting_id,
            number: d.number,
            body: d.body,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionOut {
    id: i64,
    meeting_id: i64,
    body: String,
    owner_user_id: i64,
    owner_name: String,
    /// YYYY-MM-DD
    due_on: Option<String>,
    /// open, done or cancelled
    status: String,
}

impl From<Action> for ActionOut {
    fn from(a: Action) -> Self {
        Self {
            id: a.id,
            meeting_id: a.meeting_id,
            body: a.body,
            owner_user_id: a.owner_user_id,
            owner_name: a.owner_name,
            due_on: a.due_on.map(format_date),
            status: a.status.code().into(),
        }
    }
}

fn error(user: &CurrentUser) -> impl Fn(stegvis_app::AppError) -> ApiError + '_ {
    move |e| ApiError::new(e, &user.ctx)
}

/// The groups of a programme the caller runs or is a member of.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/groups", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<SteeringGroupOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn groups(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<SteeringGroupOut>>> {
    stegvis_app::steering::of_programme(&state.app, &user.actor, ids.id())
        .await
        .map(|(_, groups, _)| Json(groups.into_iter().map(SteeringGroupOut::from).collect()))
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct SteeringGroupIn {
    /// steering or working
    #[serde(default)]
    #[schema(required = true)]
    kind: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    name: Option<String>,
}

/// Adds a steering or working group to a programme the caller runs.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/groups", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SteeringGroupIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create_group(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<SteeringGroupIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = GroupInput {
        kind: body.kind.unwrap_or_default(),
        name: body.name.unwrap_or_default(),
    };
    stegvis_app::steering::create_group(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(error(&user))
}

/// A group with its members.
#[utoipa::path(get, path = "/api/v1/groups/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = SteeringGroupDetailOut), (status = 401), (status = 403), (status = 404)))]
pub async fn group(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<SteeringGroupDetailOut>> {
    stegvis_app::steering::group(&state.app, &user.actor, ids.id())
        .await
        .map(|d| {
            Json(SteeringGroupDetailOut {
                group: d.group.into(),
                members: d.members.into_iter().map(GroupMemberOut::from).collect(),
            })
        })
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct GroupMemberIn {
    #[serde(default)]
    #[schema(required = true)]
    user_id: Option<i64>,
    /// The role in the group in words, such as "ordförande".
    #[serde(default)]
    role: Option<String>,
}

/// Adds a user to a group the caller runs.
#[utoipa::path(post, path = "/api/v1/groups/{id}/members", security(("bearer" = [])), params(("id" = i64, Path)), request_body = GroupMemberIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<GroupMemberIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = MemberInput {
        user_id: body.user_id.map(|id| id.to_string()).unwrap_or_default(),
        role: body.role.unwrap_or_default(),
    };
    stegvis_app::steering::add_member(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(error(&user))
}

/// A group's meetings, latest first.
#[utoipa::path(get, path = "/api/v1/groups/{id}/meetings", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<MeetingOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn meetings(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<MeetingOut>>> {
    stegvis_app::steering::group(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.meetings.into_iter().map(MeetingOut::from).collect()))
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct MeetingIn {
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(required = true)]
    held_on: Option<String>,
    #[serde(default)]
    place: Option<String>,
    /// One item a line.
    #[serde(default)]
    agenda: Option<String>,
    #[serde(default)]
    minutes: Option<String>,
}

/// Adds a meeting to a group the caller runs.
#[utoipa::path(post, path = "/api/v1/groups/{id}/meetings", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MeetingIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_meeting(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<MeetingIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = MeetingInput {
        held_on: body.held_on.unwrap_or_default(),
        place: body.place.unwrap_or_default(),
        agenda: body.agenda.unwrap_or_default(),
        minutes: body.minutes.unwrap_or_default(),
    };
    stegvis_app::steering::add_meeting(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(error(&user))
}

/// A meeting's decisions in number order.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/decisions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<DecisionOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn decisions(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<DecisionOut>>> {
    stegvis_app::steering::meeting(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.decisions.into_iter().map(DecisionOut::from).collect()))
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    #[serde(default)]
    #[schema(required = true)]
    body: Option<String>,
}

/// Adds a decision with the meeting's next number.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = DecisionIn, responses(
    (status = 201, body = DecisionOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_decision(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<DecisionIn>,
) -> ApiResult<(StatusCode, Json<DecisionOut>)> {
    let input = DecisionInput {
        body: body.body.unwrap_or_default(),
    };
    stegvis_app::steering::add_decision(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|d| (StatusCode::CREATED, Json(DecisionOut::from(d))))
        .map_err(error(&user))
}

/// A meeting's action items.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/actions", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<ActionOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn actions(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<ActionOut>>> {
    stegvis_app::steering::meeting(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.actions.into_iter().map(ActionOut::from).collect()))
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionIn {
    #[serde(default)]
    #[schema(required = true)]
    body: Option<String>,
    /// A member of the meeting's group.
    #[serde(default)]
    #[schema(required = true)]
    owner_user_id: Option<i64>,
    /// YYYY-MM-DD
    #[serde(default)]
    due_on: Option<String>,
}

/// Adds an action item, open, to a meeting of a group the caller runs.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/actions", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ActionIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_action(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ActionIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = ActionInput {
        body: body.body.unwrap_or_default(),
        owner_user_id: body
            .owner_user_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        due_on: body.due_on.unwrap_or_default(),
    };
    stegvis_app::steering::add_action(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionStatusIn {
    /// open, done or cancelled. The owner may only mark an open item done; the coordinator
    /// may also cancel it or reopen it.
    #[serde(default)]
    #[schema(required = true)]
    status: Option<String>,
}

/// Moves an action item along its lifecycle.
#[utoipa::path(put, path = "/api/v1/actions/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ActionStatusIn, responses(
    (status = 200, body = ActionOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn set_action_status(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ActionStatusIn>,
) -> ApiResult<Json<ActionOut>> {
    let input = StatusInput {
        status: body.status.unwrap_or_default(),
    };
    stegvis_app::steering::set_action_status(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|a| Json(ActionOut::from(a)))
        .map_err(error(&user))
}

#[derive(Serialize, ToSchema)]
pub struct TargetReadingOut {
    /// YYYY-MM-DD
    recorded_on: String,
    value: i64,
    comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TargetStatusOut {
    id: i64,
    /// enterprises-started, handbook, participants, business-plans, left-for-work-or-studies
    /// (counted by Stegvis) or other (recorded by hand)
    kind: String,
    name: String,
    target_value: i64,
    /// YYYY-MM-DD
    due_on: Option<String>,
    /// derived, recorded, suppressed (a count of people below five, for the aggregate-only
    /// roles) or not-recorded
    source: String,
    /// Null when suppressed or not recorded.
    current: Option<i64>,
    /// current / target in percent, rounded down; may exceed 100.
    percent: Option<i64>,
    /// Readings of a target followed by hand, newest first.
    history: Vec<TargetReadingOut>,
}

impl From<TargetStatus> for TargetStatusOut {
    fn from(s: TargetStatus) -> Self {
        let progress = s.progress();
        let source = match &s.current {
            Current::Derived(_) => "derived",
            Current::Recorded(_) => "recorded",
            Current::Suppressed => "suppressed",
            Current::NotRecorded => "not-recorded",
        };
        Self {
            id: s.target.id,
            kind: s.target.kind.code().into(),
            name: s.target.description,
            target_value: s.target.target_value,
            due_on: s.target.due_on.map(format_date),
            source: source.into(),
            current: progress.map(|p| p.current),
            percent: progress.map(|p| p.percent()),
            history: s
                .history
                .into_iter()
                .map(|r| TargetReadingOut {
                    recorded_on: format_date(r.recorded_on),
                    value: r.value,
                    comment: r.comment,
                })
                .collect(),
        }
    }
}

/// A programme's targets with their progress.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/targets", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<TargetStatusOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn targets(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<TargetStatusOut>>> {
    stegvis_app::targets::list(&state.app, &user.actor, ids.id())
        .await
        .map(|list| Json(list.into_iter().map(TargetStatusOut::from).collect()))
        .map_err(error(&user))
}

#[derive(Deserialize, ToSchema)]
pub struct TargetReadingIn {
    #[serde(default)]
    #[schema(required = true)]
    value: Option<i64>,
    /// YYYY-MM-DD
    #[serde(default)]
    #[schema(required = true)]
    recorded_on: Option<String>,
    #[serde(default)]
    comment: Option<String>,
}

/// Records a value of a target followed by hand (kind `other`); a derived target answers 422.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/targets/{target}/readings", security(("bearer" = [])), params(("id" = i64, Path), ("target" = i64, Path)), request_body = TargetReadingIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn record_reading(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<TargetReadingIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = ReadingInput {
        value: body.value.map(|v| v.to_string()).unwrap_or_default(),
        recorded_on: body.recorded_on.unwrap_or_default(),
        comment: body.comment.unwrap_or_default(),
    };
    stegvis_app::targets::record(&state.app, &user.actor, ids.id(), ids.get("target"), &input)
        .await
        .map(CreatedOut::response)
        .map_err(error(&user))
}
