//! `/api/v1/persons`: registering referrals, the people list, a person with what the caller may
//! see of their episodes, and the income timeline.
//!
//! What a caller sees is decided once, in `stegvis_app::persons` (scope, consent coverage,
//! audit); these handlers only shape it as JSON. The full personnummer is never part of a
//! response: the API carries the masked form only, so a token that leaks exposes no numbers.

use super::{ApiError, ApiJson, ApiQuery, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::AppError;
use stegvis_app::persons::{EpisodeDetail, PersonDetail, PersonPage, ReferralInput};
use stegvis_domain::consent::Consent;
use stegvis_domain::episode::{Episode, FollowUp, Snapshot};
use stegvis_domain::income::{IncomeMonth, IncomeRangeInput};
use stegvis_domain::person::{Person, PersonFilter, PersonInput};
use stegvis_domain::plan::{Appointment, Attendance, Goal, Note};
use stegvis_domain::timestamp::format_date;
use utoipa::{IntoParams, ToSchema};

/// A person as every viewer of them may see them: identity in masked form, names and
/// language needs. Contact details are in [`PersonDetailOut`], only where the caller may see them.
#[derive(Serialize, ToSchema)]
pub struct PersonOut {
    id: i64,
    /// `YYYYMMDD-****`; null for a person without a personnummer or samordningsnummer.
    personnummer_masked: Option<String>,
    /// YYYY-MM-DD, derived from the number; null without one.
    birth_date: Option<String>,
    birth_year: i32,
    /// female, male or unknown
    sex: String,
    /// Null once the person is anonymised.
    given_name: Option<String>,
    /// Null once the person is anonymised.
    family_name: Option<String>,
    preferred_language: Option<String>,
    interpreter_needed: bool,
    /// Skyddad identitet: no contact details are stored for this person.
    protected_identity: bool,
}

impl From<&Person> for PersonOut {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id,
            personnummer_masked: p.personnummer.map(|n| n.masked()),
            birth_date: p.birth_date.map(format_date),
            birth_year: p.birth_year,
            sex: p.sex.code().into(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            preferred_language: p.preferred_language.clone(),
            interpreter_needed: p.interpreter_needed,
            protected_identity: p.protected_identity,
        }
    }
}

/// Education and occupation at intake (baseline) or at exit.
#[derive(Serialize, ToSchema)]
pub struct SnapshotOut {
    education: String,
    occupation: String,
    /// Percent of full time (40 hours a week).
    occupation_percent: u8,
    /// Baseline only.
    time_outside: Option<String>,
    /// Baseline only.
    time_on_support: Option<String>,
}

impl From<&Snapshot> for SnapshotOut {
    fn from(s: &Snapshot) -> Self {
        Self {
            education: s.education.code().into(),
            occupation: s.occupation.code().into(),
            occupation_percent: s.occupation_percent,
            time_outside: s.time_outside.map(|d| d.code().into()),
            time_on_support: s.time_on_support.map(|d| d.code().into()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ConsentOut {
    id: i64,
    /// participation, information-exchange, follow-up or questionnaires
    scope: String,
    /// The partner information may be exchanged with (information-exchange only).
    partner_organisation_id: Option<i64>,
    /// YYYY-MM-DD
    given_on: String,
    /// paper or digital
    form: String,
    /// Version of the information the person was given before consenting.
    information_version: String,
    /// YYYY-MM-DD; null while the consent holds.
    withdrawn_on: Option<String>,
}

impl From<&Consent> for ConsentOut {
    fn from(c: &Consent) -> Self {
        Self {
            id: c.id,
            scope: c.scope.code().into(),
            partner_organisation_id: c.partner_organisation_id,
            given_on: format_date(c.given_on),
            form: c.form.code().into(),
            information_version: c.information_version.clone(),
            withdrawn_on: c.withdrawn_on.map(format_date),
        }
    }
}

/// What the episode's consents allow right now.
#[derive(Serialize, ToSchema)]
pub struct CoverageOut {
    participation: bool,
    follow_up: bool,
    questionnaires: bool,
    /// Partners the person allows information exchange with.
    partners: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    id: i64,
    description: String,
    /// participant, coordinator, case-officer or together
    owner: String,
    due_on: Option<String>,
    done_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GoalOut {
    id: i64,
    title: String,
    achieved_on: Option<String>,
    steps: Vec<StepOut>,
}

impl From<&Goal> for GoalOut {
    fn from(g: &Goal) -> Self {
        Self {
            id: g.id,
            title: g.title.clone(),
            achieved_on: g.achieved_on.map(format_date),
            steps: g
                .steps
                .iter()
                .map(|s| StepOut {
                    id: s.id,
                    description: s.description.clone(),
                    owner: s.owner.code().into(),
                    due_on: s.due_on.map(format_date),
                    done_on: s.done_on.map(format_date),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NoteOut {
    id: i64,
    body: String,
    author_user_id: Option<i64>,
    created_at: String,
}

impl From<&Note> for NoteOut {
    fn from(n: &Note) -> Self {
        Self {
            id: n.id,
            body: n.body.clone(),
            author_user_id: n.author_user_id,
            created_at: n.created_at.canonical(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AppointmentOut {
    id: i64,
    /// Local Swedish time, YYYY-MM-DDTHH:MM.
    starts_at: String,
    title: String,
    place: Option<String>,
}

impl From<&Appointment> for AppointmentOut {
    fn from(a: &Appointment) -> Self {
        Self {
            id: a.id,
            starts_at: stegvis_domain::plan::format_local(a.starts_at),
            title: a.title.clone(),
            place: a.place.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceOut {
    activity_id: i64,
    title: String,
    /// YYYY-MM-DD
    held_on: String,
    attended: bool,
    minutes: i64,
}

impl From<&Attendance> for AttendanceOut {
    fn from(a: &Attendance) -> Self {
        Self {
            activity_id: a.activity.id,
            title: a.activity.title.clone(),
            held_on: format_date(a.activity.held_on),
            attended: a.attended,
            minutes: a.minutes,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpOut {
    id: i64,
    months_after: u8,
    /// YYYY-MM-DD
    due_on: String,
    /// YYYY-MM-DD; null until recorded.
    done_on: Option<String>,
    /// Whether the person could be reached; null until recorded.
    reached: Option<bool>,
    occupation: Option<String>,
    occupation_percent: Option<u8>,
}

impl From<&FollowUp> for FollowUpOut {
    fn from(f: &FollowUp) -> Self {
        Self {
            id: f.id,
            months_after: f.months_after,
            due_on: format_date(f.due_on),
            done_on: f.done_on.map(format_date),
            reached: f.reached,
            occupation: f.occupation.map(|o| o.code().into()),
            occupation_percent: f.occupation_percent,
        }
    }
}

/// An episode in a list: where it stands, without anything consent protects.
#[derive(Serialize, ToSchema)]
pub struct EpisodeSummaryOut {
    id: i64,
    programme_id: i64,
    programme_name: String,
    /// referred, intake, active or exited
    status: String,
    /// YYYY-MM-DD
    referred_on: String,
    /// YYYY-MM-DD
    exit_on: Option<String>,
}

impl EpisodeSummaryOut {
    fn new(e: &Episode, programme_name: &str) -> Self {
        Self {
            id: e.id,
            programme_id: e.programme_id,
            programme_name: programme_name.into(),
            status: e.status.code().into(),
            referred_on: format_date(e.referred_on),
            exit_on: e.exit_on.map(format_date),
        }
    }
}

/// One episode with what the caller may see of it.
#[derive(Serialize, ToSchema)]
pub struct EpisodeOut {
    #[serde(flatten)]
    summary: EpisodeSummaryOut,
    /// Null for a self-referral.
    referring_organisation_id: Option<i64>,
    assigned_organisation_id: Option<i64>,
    /// YYYY-MM-DD: when consent to participate was recorded.
    intake_on: Option<String>,
    exit_reason: Option<String>,
    consents: Vec<ConsentOut>,
    coverage: CoverageOut,
    /// Whether baseline and exit data, plan, notes, appointments and attendance are shown to the
    /// caller. When false they are null or empty, whatever is recorded.
    details_visible: bool,
    baseline: Option<SnapshotOut>,
    exit_data: Option<SnapshotOut>,
    goals: Vec<GoalOut>,
    notes: Vec<NoteOut>,
    appointments: Vec<AppointmentOut>,
    attendance: Vec<AttendanceOut>,
    follow_ups: Vec<FollowUpOut>,
}

impl EpisodeOut {
    /// Baseline and exit data describe the person as much as the plan does, so they are shown
    /// under the same rule as the plan rather than to everyone who may see the episode.
    fn new(d: &EpisodeDetail, programme_name: &str) -> Self {
        let e = &d.episode;
        let shown = |s: &Option<Snapshot>| {
            s.as_ref()
                .filter(|_| d.details_visible)
                .map(SnapshotOut::from)
        };
        Self {
            summary: EpisodeSummaryOut::new(e, programme_name),
            referring_organisation_id: e.referring_organisation_id,
            assigned_organisation_id: e.assigned_organisation_id,
            intake_on: e.intake_on.map(format_date),
            exit_reason: e.exit_reason.map(|r| r.code().into()),
            consents: d.consents.iter().map(ConsentOut::from).collect(),
            coverage: CoverageOut {
                participation: d.coverage.participation,
                follow_up: d.coverage.follow_up,
                questionnaires: d.coverage.questionnaires,
                partners: d.coverage.partners.clone(),
            },
            details_visible: d.details_visible,
            baseline: shown(&e.baseline),
            exit_data: shown(&e.exit_data),
            goals: d.goals.iter().map(GoalOut::from).collect(),
            notes: d.notes.iter().map(NoteOut::from).collect(),
            appointments: d.appointments.iter().map(AppointmentOut::from).collect(),
            attendance: d.attendance.iter().map(AttendanceOut::from).collect(),
            follow_ups: d.follow_ups.iter().map(FollowUpOut::from).collect(),
        }
    }
}

/// One month's share of one source of income.
#[derive(Serialize, ToSchema)]
pub struct IncomeMonthOut {
    /// YYYY-MM
    month: String,
    /// The source's code, e.g. lon, a-kassa, forsorjningsstod, ingen.
    source: String,
    /// Percent of full time.
    share_percent: u8,
    /// Kronor with two decimals, e.g. "12000.00"; null when not known.
    amount: Option<String>,
}

impl From<&IncomeMonth> for IncomeMonthOut {
    fn from(m: &IncomeMonth) -> Self {
        Self {
            month: m.month.to_string(),
            source: m.source.code().into(),
            share_percent: m.share_percent,
            amount: m.amount.map(|a| a.to_decimal_string()),
        }
    }
}

/// A person and everything the caller may see of them.
#[derive(Serialize, ToSchema)]
pub struct PersonDetailOut {
    #[serde(flatten)]
    person: PersonOut,
    /// Whether the caller may see contact details; when false they are null.
    contact_visible: bool,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    /// The episodes the caller may see, newest first.
    episodes: Vec<EpisodeOut>,
    /// Whether the caller may see the income timeline; when false `income` is empty.
    income_visible: bool,
    income: Vec<IncomeMonthOut>,
    /// Other people without a number who may be the same person (coordinators only).
    possible_duplicate_ids: Vec<i64>,
    /// Whether the caller runs this person's episodes (consent, baseline, income, plan, exit).
    can_manage: bool,
    /// Whether the caller may write notes and appointments on an open episode.
    can_record_support: bool,
}

impl From<&PersonDetail> for PersonDetailOut {
    fn from(d: &PersonDetail) -> Self {
        let contact = |value: &Option<String>| value.clone().filter(|_| d.contact_visible);
        Self {
            person: PersonOut::from(&d.person),
            contact_visible: d.contact_visible,
            address: contact(&d.person.address),
            phone: contact(&d.person.phone),
            email: contact(&d.person.email),
            episodes: d
                .episodes
                .iter()
                .map(|e| EpisodeOut::new(e, d.programme_name(e.episode.programme_id)))
                .collect(),
            income_visible: d.income_visible,
            income: d.income.iter().map(IncomeMonthOut::from).collect(),
            possible_duplicate_ids: d.duplicates.iter().map(|(id, _)| *id).collect(),
            can_manage: d.can_manage,
            can_record_support: d.can_record_support,
        }
    }
}

/// A registered referral: the person, and the episode the referral opened.
#[derive(Serialize, ToSchema)]
pub struct RegisteredOut {
    #[serde(flatten)]
    person: PersonDetailOut,
    /// The new episode in the programme.
    episode_id: i64,
    /// The number was already registered at the operator: the referral became a new episode.
    existing_person: bool,
    /// People without a number who may be the same person, flagged for the coordinator.
    possible_duplicates: usize,
}

/// A referral. Every text field may be left out; what is missing or wrong comes back as a 422
/// problem in the caller's language, every field at once.
#[derive(Deserialize, ToSchema)]
pub struct PersonIn {
    /// Personnummer or samordningsnummer in any usual form (`YYYYMMDD-NNNN`, `YYMMDD-NNNN`,
    /// 12 digits). Leave out for a person without one, and give `birth_year` and `sex`.
    #[serde(default)]
    personnummer: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    given_name: Option<String>,
    #[serde(default)]
    #[schema(required = true)]
    family_name: Option<String>,
    /// The programme the person is referred to. When left out, the caller's only programme is
    /// used if they see exactly one; otherwise the 422 problem asks for it.
    #[serde(default)]
    programme_id: Option<i64>,
    /// YYYY-MM-DD; today (in Sweden) when left out.
    #[serde(default)]
    referred_on: Option<String>,
    /// Only without a personnummer.
    #[serde(default)]
    birth_year: Option<i32>,
    /// female, male or unknown; only without a personnummer.
    #[serde(default)]
    sex: Option<String>,
    #[serde(default)]
    preferred_language: Option<String>,
    #[serde(default)]
    interpreter_needed: bool,
    /// Skyddad identitet: then no address, phone or email may be given.
    #[serde(default)]
    protected_identity: bool,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    email: Option<String>,
    /// Coordinators only: the referring partner; leave out for a self-referral. A case
    /// officer's referral always comes from their own organisation.
    #[serde(default)]
    referring_organisation_id: Option<i64>,
    /// The outreach event of the same programme the person came from, if any; it then counts
    /// the referral as "later referred".
    #[serde(default)]
    event_id: Option<i64>,
}

impl PersonIn {
    fn into_referral(self, programme_id: String, today: time::Date) -> ReferralInput {
        ReferralInput {
            person: PersonInput {
                personnummer: self.personnummer.unwrap_or_default(),
                birth_year: self.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                sex: self.sex.unwrap_or_default(),
                given_name: self.given_name.unwrap_or_default(),
                family_name: self.family_name.unwrap_or_default(),
                preferred_language: self.preferred_language.unwrap_or_default(),
                interpreter_needed: self.interpreter_needed,
                protected_identity: self.protected_identity,
                address: self.address.unwrap_or_default(),
                phone: self.phone.unwrap_or_default(),
                email: self.email.unwrap_or_default(),
            },
            programme_id,
            referred_on: self.referred_on.unwrap_or_else(|| format_date(today)),
            referring_organisation_id: self
                .referring_organisation_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The programme a referral without `programme_id` goes to: the caller's only visible
/// programme. With none or several, the id stays blank and the use case's own check reports
/// it on `programme_id`, together with any other problem of the referral.
async fn default_programme(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    let visible = stegvis_app::programmes::list(&state.app, &user.actor).await?;
    Ok(match visible.as_slice() {
        [only] => only.id.to_string(),
        _ => String::new(),
    })
}

/// Registers a referral: the person (or the existing one with the same number at the
/// programme's operator) and a new episode in the programme.
#[utoipa::path(post, path = "/api/v1/persons", security(("bearer" = [])), request_body = PersonIn, responses(
    (status = 201, description = "Registered", body = RegisteredOut),
    (status = 400, description = "Malformed JSON"),
    (status = 403, description = "The role may not register referrals"),
    (status = 422, description = "Invalid or missing fields, explained in `detail` and `errors`")))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<PersonIn>,
) -> ApiResult<(StatusCode, Json<RegisteredOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let programme_id = match body.programme_id {
        Some(id) => id.to_string(),
        None => default_programme(&state, &user).await.map_err(fail)?,
    };
    let event_id = body.event_id.map(|id| id.to_string()).unwrap_or_default();
    let input = body.into_referral(programme_id, state.app.today());
    let registered =
        stegvis_app::persons::register_from(&state.app, &user.actor, &input, &event_id)
            .await
            .map_err(fail)?;
    let detail = stegvis_app::persons::get(&state.app, &user.actor, registered.person_id)
        .await
        .map_err(fail)?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredOut {
            person: PersonDetailOut::from(&detail),
            episode_id: registered.episode_id,
            existing_person: registered.existing_person,
            possible_duplicates: registered.possible_duplicates,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct PersonQuery {
    /// Part of a name, or a personnummer (matched on its digits).
    q: Option<String>,
    /// referred, intake, active or exited
    status: Option<String>,
    programme_id: Option<i64>,
    /// The referring or assigned partner organisation.
    partner_id: Option<i64>,
    /// From 1; 50 people a page.
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<i64>,
}

/// A person in the list, with the episodes the caller may see.
#[derive(Serialize, ToSchema)]
pub struct PersonListItemOut {
    #[serde(flatten)]
    person: PersonOut,
    episodes: Vec<EpisodeSummaryOut>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonPageOut {
    people: Vec<PersonListItemOut>,
    /// People matching, on all pages.
    total: i64,
    page: i64,
    pages: i64,
}

impl From<PersonPage> for PersonPageOut {
    fn from(p: PersonPage) -> Self {
        let name = |id: i64| p.programme_names.get(&id).map_or("", String::as_str);
        Self {
            people: p
                .people
                .iter()
                .map(|(person, episodes)| PersonListItemOut {
                    person: PersonOut::from(person),
                    episodes: episodes
                        .iter()
                        .map(|e| EpisodeSummaryOut::new(e, name(e.programme_id)))
                        .collect(),
                })
                .collect(),
            total: p.total,
            page: p.page,
            pages: p.pages,
        }
    }
}

/// The people the caller may see, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/persons", security(("bearer" = [])), params(PersonQuery), responses(
    (status = 200, body = PersonPageOut), (status = 400), (status = 401), (status = 403),
    (status = 422, description = "Unknown status")))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PersonQuery>,
) -> ApiResult<Json<PersonPageOut>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let page = query.page.unwrap_or(1);
    if !(1..=stegvis_app::persons::MAX_PAGE).contains(&page) {
        return Err(fail(AppError::field("page", "error-page-out-of-range")));
    }
    let status = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(
            code.parse()
                .map_err(|_| fail(AppError::field("status", "error-choose-option")))?,
        ),
    };
    let filter = PersonFilter {
        text: query.q.filter(|q| !q.trim().is_empty()),
        status,
        programme_id: query.programme_id,
        partner_id: query.partner_id,
        follow_up_due_by: None,
        ..PersonFilter::default()
    };
    stegvis_app::persons::list(&state.app, &user.actor, &filter, page)
        .await
        .map(|page| Json(page.into()))
        .map_err(fail)
}

/// A person with the episodes, consents, plan, follow-ups and income the caller may see. A
/// person outside the caller's scope is 404, exactly like one that does not exist.
#[utoipa::path(get, path = "/api/v1/persons/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = PersonDetailOut), (status = 401), (status = 403), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<PersonDetailOut>> {
    stegvis_app::persons::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(PersonDetailOut::from(&d)))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// The person's income timeline, month by month. 404 also when the caller may see the person
/// but not their income (no episode whose details the caller may see).
#[utoipa::path(get, path = "/api/v1/persons/{id}/income", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<IncomeMonthOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn income(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<IncomeMonthOut>>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let detail = stegvis_app::persons::get(&state.app, &user.actor, ids.id())
        .await
        .map_err(fail)?;
    if !detail.income_visible {
        return Err(fail(AppError::NotFound));
    }
    Ok(Json(
        detail.income.iter().map(IncomeMonthOut::from).collect(),
    ))
}

/// One source of income at one share for a range of months.
#[derive(Deserialize, ToSchema)]
pub struct IncomeIn {
    /// YYYY-MM, the first month.
    #[serde(default)]
    #[schema(required = true)]
    from: Option<String>,
    /// YYYY-MM, the last month; the same as `from` when left out.
    #[serde(default)]
    to: Option<String>,
    /// sjukpenning, aktivitetsersattning, sjukersattning, a-kassa, aktivitetsstod,
    /// etableringsersattning, forsorjningsstod, lon, lon-med-stod, eget-foretag, studiemedel,
    /// annan or ingen
    #[serde(default)]
    #[schema(required = true)]
    source: Option<String>,
    /// Whole percent of full time, 0–100; 0 removes the source from these months. A month's
    /// sources together may not exceed 100.
    #[serde(default)]
    #[schema(required = true)]
    share_percent: Option<u32>,
    /// Kronor a month as text, e.g. "12000" or "12 000,50"; left out when not known.
    #[serde(default)]
    amount: Option<String>,
}

/// Sets a source of income at a share of full time for a range of months, all or nothing.
#[utoipa::path(post, path = "/api/v1/persons/{id}/income", security(("bearer" = [])), params(("id" = i64, Path)), request_body = IncomeIn, responses(
    (status = 204, description = "Recorded"), (status = 400), (status = 403), (status = 404),
    (status = 422, description = "Invalid range, or a month over 100 % of full time")))]
pub async fn set_income(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<IncomeIn>,
) -> ApiResult<StatusCode> {
    let input = IncomeRangeInput {
        from: body.from.unwrap_or_default(),
        to: body.to.unwrap_or_default(),
        source: body.source.unwrap_or_default(),
        share_percent: body
            .share_percent
            .map(|s| s.to_string())
            .unwrap_or_default(),
        amount: body.amount.unwrap_or_default(),
    };
    stegvis_app::persons::set_income(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}
