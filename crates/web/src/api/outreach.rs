//! `/api/v1/programmes/{id}/events`, `/api/v1/events/{id}` and the outreach figures: a
//! programme's outreach events with their anonymous head counts.

use super::{ApiError, ApiJson, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_domain::outreach::{EventInput, KindFigures, OutreachEvent, OutreachFigures};
use stegvis_domain::timestamp::format_date;
use utoipa::ToSchema;

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProfessionalsOut {
    organisation: String,
    count: u32,
}

#[derive(Serialize, ToSchema)]
pub struct EventOut {
    id: i64,
    programme_id: i64,
    /// information-meeting, inspiration-day, starting-a-firm, study-visit, network-meeting or
    /// seminar
    kind: String,
    title: String,
    /// YYYY-MM-DD
    held_on: String,
    place: String,
    organiser: String,
    audience: String,
    minutes: i64,
    evaluation: Option<String>,
    /// Visitors who are not participants, by sex.
    women: u32,
    men: u32,
    unknown: u32,
    /// Of those visitors, the professionals by organisation.
    professionals: Vec<ProfessionalsOut>,
}

impl From<OutreachEvent> for EventOut {
    fn from(e: OutreachEvent) -> Self {
        Self {
            id: e.id,
            programme_id: e.programme_id,
            kind: e.kind.code().into(),
            title: e.title,
            held_on: format_date(e.held_on),
            place: e.place,
            organiser: e.organiser,
            audience: e.audience,
            minutes: e.minutes,
            evaluation: e.evaluation,
            women: e.counts.women,
            men: e.counts.men,
            unknown: e.counts.unknown,
            professionals: e
                .counts
                .professionals
                .into_iter()
                .map(|p| ProfessionalsOut {
                    organisation: p.organisation,
                    count: p.count,
                })
                .collect(),
        }
    }
}

/// A programme's events, newest first.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/events", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<EventOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<EventOut>>> {
    stegvis_app::outreach::list(&state.app, &user.actor, ids.id())
        .await
        .map(|d| {
            Json(
                d.events
                    .into_iter()
                    .map(|e| EventOut::from(e.event))
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct EventIn {
    /// information-meeting, inspiration-day, starting-a-firm, study-visit, network-meeting or
    /// seminar
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
    #[serde(default)]
    #[schema(required = true)]
    place: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    organiser: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    audience: Option<String>,
    /// Length in hours, to the minute: e.g. 2.5. At most 12.
    #[serde(default)]
    #[schema(required = true)]
    hours: Option<f64>,
    #[serde(default)]
    evaluation: Option<String>,
    /// Visitors who are not participants, by sex; left out is 0.
    #[serde(default)]
    women: Option<u32>,
    #[serde(default)]
    men: Option<u32>,
    #[serde(default)]
    unknown: Option<u32>,
    /// Of those visitors, the professionals by organisation (at most six rows).
    #[serde(default)]
    professionals: Vec<ProfessionalsOut>,
}

impl EventIn {
    fn into_input(self) -> EventInput {
        let count = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        EventInput {
            kind: self.kind.unwrap_or_default(),
            title: self.title.unwrap_or_default(),
            held_on: self.held_on.unwrap_or_default(),
            place: self.place.unwrap_or_default(),
            organiser: self.organiser.unwrap_or_default(),
            audience: self.audience.unwrap_or_default(),
            hours: self.hours.map(|h| h.to_string()).unwrap_or_default(),
            evaluation: self.evaluation.unwrap_or_default(),
            women: count(self.women),
            men: count(self.men),
            unknown: count(self.unknown),
            professionals: self
                .professionals
                .into_iter()
                .map(|p| (p.organisation, p.count.to_string()))
                .collect(),
        }
    }
}

/// Records an event of a programme the caller runs.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/events", security(("bearer" = [])), params(("id" = i64, Path)), request_body = EventIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<EventIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    stegvis_app::outreach::create(&state.app, &user.actor, ids.id(), &body.into_input())
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/events/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = EventOut), (status = 401), (status = 403), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<EventOut>> {
    stegvis_app::outreach::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(EventOut::from(d.event)))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Replaces an event, its head counts included.
#[utoipa::path(put, path = "/api/v1/events/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = EventIn, responses(
    (status = 200, body = EventOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<EventIn>,
) -> ApiResult<Json<EventOut>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    stegvis_app::outreach::update(&state.app, &user.actor, ids.id(), &body.into_input())
        .await
        .map_err(fail)?;
    stegvis_app::outreach::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(EventOut::from(d.event)))
        .map_err(fail)
}

#[derive(Serialize, ToSchema)]
pub struct EventAttendanceOut {
    event_id: i64,
    /// Everyone counted anonymously (women + men + unknown).
    anonymous: u64,
    women: u32,
    men: u32,
    unknown: u32,
    professionals: Vec<ProfessionalsOut>,
    /// Participants of the programme present; null for callers who see aggregates only.
    participants: Option<u64>,
    /// People later referred who record this event; null as above.
    later_referred: Option<u64>,
}

/// The attendance counts of an event: no names.
#[utoipa::path(get, path = "/api/v1/events/{id}/attendance", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = EventAttendanceOut), (status = 401), (status = 403), (status = 404)))]
pub async fn attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<EventAttendanceOut>> {
    let d = stegvis_app::outreach::get(&state.app, &user.actor, ids.id())
        .await
        .map_err(|e| ApiError::new(e, &user.ctx))?;
    let counts = d.event.counts;
    Ok(Json(EventAttendanceOut {
        event_id: d.event.id,
        anonymous: counts.total(),
        women: counts.women,
        men: counts.men,
        unknown: counts.unknown,
        professionals: counts
            .professionals
            .into_iter()
            .map(|p| ProfessionalsOut {
                organisation: p.organisation,
                count: p.count,
            })
            .collect(),
        participants: d.participants,
        later_referred: d.referrals,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct KindFiguresOut {
    /// The kind of event; null on the total.
    kind: Option<String>,
    events: u64,
    minutes: i64,
    anonymous: u64,
    professionals: u64,
    /// Null when hidden from an aggregate audience (fewer than 5 registered people, or what
    /// would give such a count back).
    participants: Option<u64>,
    attendance: Option<u64>,
    later_referred: Option<u64>,
}

impl From<&KindFigures> for KindFiguresOut {
    fn from(k: &KindFigures) -> Self {
        Self {
            kind: k.kind.map(|k| k.code().to_string()),
            events: k.events,
            minutes: k.minutes,
            anonymous: k.anonymous,
            professionals: k.professionals,
            participants: k.participants,
            attendance: k.attendance,
            later_referred: k.referrals,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OutreachOut {
    kinds: Vec<KindFiguresOut>,
    total: KindFiguresOut,
}

impl From<&OutreachFigures> for OutreachOut {
    fn from(f: &OutreachFigures) -> Self {
        Self {
            kinds: f.kinds.iter().map(KindFiguresOut::from).collect(),
            total: KindFiguresOut::from(&f.total),
        }
    }
}

/// The programme's outreach figures per kind of event, over its period up to today; the
/// steering group and evaluators get them with small counts of registered people hidden.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/outreach", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = OutreachOut), (status = 401), (status = 403), (status = 404)))]
pub async fn figures(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<OutreachOut>> {
    stegvis_app::outreach::figures(&state.app, &user.actor, ids.id())
        .await
        .map(|f| Json(OutreachOut::from(&f)))
        .map_err(|e| ApiError::new(e, &user.ctx))
}
