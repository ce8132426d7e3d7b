//! Use cases for people and their episodes: referral, consent, intake, baseline, income, plan,
//! notes, appointments, exit and follow-up.
//!
//! Who sees what is decided here, once, for the web pages, the API and the CLI alike:
//! coordinators see their operator's people; case officers see people with an episode their
//! organisation referred or was assigned, and of those episodes only what the person's consent
//! to information exchange covers. Every read of a person is written to the audit log.

use crate::{Actor, App, AppError, Result};
use std::collections::HashMap;
use stegvis_domain::access::{Capability, PersonScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::consent::{Consent, ConsentInput, ConsentScope, Coverage, INFORMATION_VERSION};
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::episode::{
    CORRECTION_DAYS, Episode, EpisodeStatus, ExitDraft, ExitInput, ExitReason, FollowUp,
    FollowUpInput, Referral, SnapshotInput, Transition, check_exit_correction, follow_up_dates,
    parse_follow_up_months, required_date,
};
use stegvis_domain::income::{IncomeMonth, IncomeRangeInput, apply_range};
use stegvis_domain::names::{name_key, names_match};
use stegvis_domain::person::{Identity, Person, PersonFilter, PersonInput};
use stegvis_domain::plan::{
    Appointment, AppointmentInput, Attendance, Goal, Note, parse_goal, parse_note, parse_step,
};
use stegvis_domain::programme::parse_id;
use stegvis_domain::swedish;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::edits::Editable;
use stegvis_storage::episodes;
use stegvis_storage::persons;
use stegvis_storage::plans;
use stegvis_storage::{Tx, income, organisations, programmes, users};
use time::Date;

/// People per page in lists.
pub const PAGE_SIZE: i64 = 50;
/// The last page a list may ask for (five million people at 50 a page): beyond it the offset
/// would overflow, and no register is that large.
pub const MAX_PAGE: i64 = 100_000;

/// Loads a person the actor may see, with the scope every further read of their records
/// goes through; anyone else's is "not found".
async fn visible_person(tx: &mut Tx, actor: &Actor, id: i64) -> Result<(Person, PersonScope)> {
    let scope = actor.person_scope();
    let person = persons::get(tx, scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((person, scope))
}

/// The referral form: who the person is and who referred them where.
#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub person: PersonInput,
    pub programme_id: String,
    pub referred_on: String,
    /// Coordinators only: the referring partner; blank for a self-referral. A case officer's
    /// referral always comes from their own organisation.
    pub referring_organisation_id: String,
}

/// What a registration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    pub person_id: i64,
    pub episode_id: i64,
    /// The number was already registered at the operator: the referral became a new episode.
    pub existing_person: bool,
    /// People without a number who may be the same person, flagged for the coordinator.
    pub possible_duplicates: usize,
}

/// Registers a referral: the person (or an existing one with the same number) and a new
/// episode in the programme, holding nothing but who referred whom.
pub async fn register(app: &App, actor: &Actor, input: &ReferralInput) -> Result<Registered> {
    register_from(app, actor, input, "").await
}

/// Registers a referral as [`register`] does, recording the outreach event the person came
/// from when `event_id` is not blank: an event of the same programme, held on or before the
/// referral (counted as "later referred" on the event, `docs/methods.md`).
pub async fn register_from(
    app: &App,
    actor: &Actor,
    input: &ReferralInput,
    event_id: &str,
) -> Result<Registered> {
    actor.require(Capability::RegisterReferrals)?;
    let today = app.today();
    let mut errors = ValidationErrors::new();
    let draft = match input.person.parse(today) {
        Ok(draft) => Some(draft),
        Err(person_errors) => {
            person_errors.iter().for_each(|e| errors.push(e.clone()));
            None
        }
    };
    let programme_id = errors.check(parse_id("programme_id", &input.programme_id));
    let referred_on = errors.check(required_date("referred_on", &input.referred_on).and_then(
        |d| {
            if d > today {
                Err(FieldError::new("referred_on", "error-date-in-future"))
            } else {
                Ok(d)
            }
        },
    ));
    let (referring_organisation_id, referring_user_id) = match actor.principal() {
        Some(p) if p.role == Role::CaseOfficer => (p.organisation_id, Some(p.user_id)),
        _ if input.referring_organisation_id.trim().is_empty() => (None, None),
        _ => (
            errors.check(parse_id(
                "referring_organisation_id",
                &input.referring_organisation_id,
            )),
            None,
        ),
    };
    let event_id = if event_id.trim().is_empty() {
        None
    } else {
        errors.check(
            parse_id("event_id", event_id)
                .map_err(|_| FieldError::new("event_id", "referral-error-event")),
        )
    };
    let (Some(draft), Some(programme_id), Some(referred_on)) = (draft, programme_id, referred_on)
    else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = app.begin().await?;
    let programme_scope = actor
        .principal()
        .map_or(stegvis_domain::access::ProgrammeScope::All, |p| {
            p.programme_scope()
        });
    let programme = programmes::get(&mut tx, programme_scope, programme_id)
        .await?
        .ok_or_else(|| AppError::field("programme_id", "error-choose-option"))?;
    if let Some(p) = actor.principal()
        && p.role == Role::Coordinator
        && p.organisation_id != Some(programme.operator_id)
    {
        return Err(AppError::field("programme_id", "error-choose-option"));
    }
    // A partner that names who of its staff may refer (decision 0027) limits referrals to them.
    if let Some(p) = actor.principal()
        && p.role == Role::CaseOfficer
        && let Some(org) = p.organisation_id
        && !crate::budget::may_refer(&mut tx, programme.id, p.user_id, org).await?
    {
        return Err(AppError::field(
            "programme_id",
            "partner-error-may-not-refer",
        ));
    }
    // A referral dated after the programme ended would open a period no one can run.
    if referred_on > programme.ends_on {
        return Err(AppError::Invalid(ValidationErrors::single(
            FieldError::new("programme_id", "person-error-programme-ended")
                .with_arg("date", swedish::format_date(programme.ends_on)),
        )));
    }
    if let Some(org) = referring_organisation_id
        && organisations::get(&mut tx, org).await?.is_none()
    {
        return Err(AppError::field(
            "referring_organisation_id",
            "error-organisation-unknown",
        ));
    }
    if let Some(event) = event_id {
        crate::outreach::check_referral_event(&mut tx, event, programme_id, referred_on).await?;
    }
    let now = app.now();
    let key = name_key(&draft.given_name, &draft.family_name);
    let existing = match draft.identity {
        Identity::Number(number) => {
            persons::find_by_number(&mut tx, programme.operator_id, &number).await?
        }
        Identity::Unnumbered { .. } => None,
    };
    let mut possible_duplicates = 0;
    let person_id = match existing {
        Some(person_id) => {
            // Whether the person is already in the programme is a question about the
            // operator's whole register, whatever the referrer may see; only a yes or no leaves.
            let open_here = episodes::for_person(
                &mut tx,
                PersonScope::Operator(programme.operator_id),
                person_id,
            )
            .await?
            .iter()
            .any(|e| e.programme_id == programme_id && e.status.is_open());
            if open_here {
                return Err(AppError::field(
                    "personnummer",
                    "person-error-already-in-programme",
                ));
            }
            person_id
        }
        None => {
            let id = persons::insert(
                &mut tx,
                programme.operator_id,
                &draft,
                &key,
                actor.principal().map(|p| p.user_id),
                now,
            )
            .await?;
            if let Identity::Unnumbered { birth_year, sex } = draft.identity {
                let candidates = persons::same_birth_year_and_sex(
                    &mut tx,
                    programme.operator_id,
                    birth_year,
                    sex,
                )
                .await?;
                for (other, given, family) in candidates {
                    if other != id
                        && names_match(&draft.given_name, &draft.family_name, &given, &family)
                    {
                        persons::flag_duplicate(&mut tx, id, other, "name-birth-year-sex").await?;
                        possible_duplicates += 1;
                    }
                }
            }
            id
        }
    };
    let episode_id = episodes::insert(
        &mut tx,
        &Referral {
            person_id,
            programme_id,
            referred_on,
            referring_organisation_id,
            referring_user_id,
            assigned_organisation_id: None,
        },
        now,
    )
    .await?;
    let mut records = vec![
        RecordRef::new("person", person_id),
        RecordRef::new("episode", episode_id),
        RecordRef::new("programme", programme_id),
    ];
    if let Some(event) = event_id {
        stegvis_storage::outreach::record_referral(&mut tx, episode_id, event).await?;
        records.push(RecordRef::new("outreach-event", event));
    }
    app.audit(&mut tx, actor, "person.refer", &records).await?;
    tx.commit().await?;
    Ok(Registered {
        person_id,
        episode_id,
        existing_person: existing.is_some(),
        possible_duplicates,
    })
}

/// One episode with what the viewer may see of it.
#[derive(Debug, Clone)]
pub struct EpisodeDetail {
    pub episode: Episode,
    pub consents: Vec<Consent>,
    pub coverage: Coverage,
    /// Whether plan, notes, appointments and attendance are shown to this viewer.
    pub details_visible: bool,
    pub goals: Vec<Goal>,
    pub notes: Vec<Note>,
    pub appointments: Vec<Appointment>,
    pub attendance: Vec<Attendance>,
    pub follow_ups: Vec<FollowUp>,
    /// Whether the viewer may still undo this episode's exit (a coordinator, within
    /// `CORRECTION_DAYS` of its recording).
    pub exit_correctable: bool,
    /// The consents whose withdrawal the viewer may still undo.
    pub withdrawals_correctable: Vec<i64>,
}

impl EpisodeDetail {
    pub fn withdrawal_correctable(&self, consent_id: impl std::borrow::Borrow<i64>) -> bool {
        self.withdrawals_correctable.contains(consent_id.borrow())
    }
}

/// A person's page: everything the viewer may see, in a handful of queries.
#[derive(Debug, Clone)]
pub struct PersonDetail {
    pub person: Person,
    pub episodes: Vec<EpisodeDetail>,
    pub income: Vec<IncomeMonth>,
    pub income_visible: bool,
    pub contact_visible: bool,
    /// Possible duplicates (coordinators only): id and name.
    pub duplicates: Vec<(i64, String)>,
    pub can_manage: bool,
    pub can_record_support: bool,
    pub programme_names: HashMap<i64, String>,
    pub organisation_names: HashMap<i64, String>,
    pub user_names: HashMap<i64, String>,
}

impl PersonDetail {
    pub fn programme_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.programme_names
            .get(id.borrow())
            .map_or("", String::as_str)
    }

    pub fn organisation_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.organisation_names
            .get(id.borrow())
            .map_or("", String::as_str)
    }

    pub fn user_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.user_names.get(id.borrow()).map_or("", String::as_str)
    }
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<PersonDetail> {
    actor.require(Capability::ViewPersons)?;
    let mut tx = app.begin_read().await?;
    let detail = load_detail(&mut tx, actor, id, app.now()).await?;
    tx.commit().await?;
    let mut records = vec![RecordRef::new("person", id)];
    records.extend(
        detail
            .episodes
            .iter()
            .map(|e| RecordRef::new("episode", e.episode.id)),
    );
    // The names of possible duplicates are shown too, so those people were read as well.
    records.extend(
        detail
            .duplicates
            .iter()
            .map(|(other, _)| RecordRef::new("person", *other)),
    );
    app.audit_reads(actor, "person.read", &records).await?;
    Ok(detail)
}

async fn load_detail(tx: &mut Tx, actor: &Actor, id: i64, now: Timestamp) -> Result<PersonDetail> {
    let (person, scope) = visible_person(tx, actor, id).await?;
    let visible = episodes::for_person(tx, scope, id).await?;
    let ids: Vec<i64> = visible.iter().map(|e| e.id).collect();
    let consents = episodes::consents_for(tx, scope, &ids).await?;
    let mut details = Vec::with_capacity(visible.len());
    for episode in visible {
        let mine: Vec<Consent> = consents
            .iter()
            .filter(|c| c.episode_id == episode.id)
            .cloned()
            .collect();
        let records: Vec<_> = mine.iter().map(Consent::record).collect();
        let coverage = Coverage::of(&records);
        let details_visible = scope.sees_details(&coverage);
        details.push(EpisodeDetail {
            details_visible,
            episode,
            consents: mine,
            coverage,
            goals: Vec::new(),
            notes: Vec::new(),
            appointments: Vec::new(),
            attendance: Vec::new(),
            follow_ups: Vec::new(),
            exit_correctable: false,
            withdrawals_correctable: Vec::new(),
        });
    }
    let shown: Vec<i64> = details
        .iter()
        .filter(|d| d.details_visible)
        .map(|d| d.episode.id)
        .collect();
    let goals = plans::goals_for(tx, scope, &shown).await?;
    let notes = plans::notes_for(tx, scope, &shown).await?;
    let appointments = plans::appointments_for(tx, scope, &shown).await?;
    let attendance = plans::attendance_of_episodes(tx, scope, &shown).await?;
    let follow_ups = episodes::follow_ups_for(tx, scope, &ids).await?;
    for d in &mut details {
        let id = d.episode.id;
        if d.details_visible {
            d.goals = goals
                .iter()
                .filter(|g| g.episode_id == id)
                .cloned()
                .collect();
            d.notes = notes
                .iter()
                .filter(|n| n.episode_id == id)
                .cloned()
                .collect();
            d.appointments = appointments
                .iter()
                .filter(|a| a.episode_id == id)
                .cloned()
                .collect();
            d.attendance = attendance
                .iter()
                .filter(|a| a.episode_id == id)
                .cloned()
                .collect();
        }
        if scope.sees_follow_ups(&d.coverage) {
            d.follow_ups = follow_ups
                .iter()
                .filter(|f| f.episode_id == id)
                .cloned()
                .collect();
        }
    }
    let income_visible = details.iter().any(|d| d.details_visible);
    let income = if income_visible {
        income::for_person(tx, scope, id).await?
    } else {
        Vec::new()
    };
    let duplicates = if scope.runs_episodes() {
        let ids = persons::open_duplicates(tx, scope, id).await?;
        persons::names(tx, scope, &ids).await?
    } else {
        Vec::new()
    };
    let mut programme_ids: Vec<i64> = details.iter().map(|d| d.episode.programme_id).collect();
    programme_ids.sort_unstable();
    programme_ids.dedup();
    let programme_names = programmes::names(tx, &programme_ids)
        .await?
        .into_iter()
        .collect();
    let organisation_names = organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut user_ids: Vec<i64> = details
        .iter()
        .flat_map(|d| {
            d.notes
                .iter()
                .filter_map(|n| n.author_user_id)
                .chain(d.episode.referring_user_id)
                .chain(d.consents.iter().filter_map(|c| c.recorded_by))
        })
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let user_names = users::display_names(tx, &user_ids)
        .await?
        .into_iter()
        .collect();
    let can_manage = scope.runs_episodes()
        && actor
            .principal()
            .is_none_or(|p| p.can(Capability::ManageParticipants));
    if can_manage {
        let since = now.plus(-time::Duration::days(CORRECTION_DAYS));
        let (exits, withdrawals) = episodes::recent_corrections(tx, &ids, since).await?;
        for d in &mut details {
            d.exit_correctable = exits.contains(&d.episode.id);
            d.withdrawals_correctable = d
                .consents
                .iter()
                .map(|c| c.id)
                .filter(|c| withdrawals.contains(c))
                .collect();
        }
    }
    Ok(PersonDetail {
        contact_visible: scope.runs_episodes() || income_visible,
        can_record_support: details
            .iter()
            .any(|d| d.details_visible && d.episode.status.is_open()),
        person,
        episodes: details,
        income,
        income_visible,
        duplicates,
        can_manage,
        programme_names,
        organisation_names,
        user_names,
    })
}

/// A page of the people list with each person's episodes.
#[derive(Debug, Clone)]
pub struct PersonPage {
    pub people: Vec<(Person, Vec<Episode>)>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub programme_names: HashMap<i64, String>,
}

pub async fn list(
    app: &App,
    actor: &Actor,
    filter: &PersonFilter,
    page: i64,
) -> Result<PersonPage> {
    actor.require(Capability::ViewPersons)?;
    let scope = actor.person_scope();
    let page = page.clamp(1, MAX_PAGE);
    // A whole personnummer is looked up exactly; anything else is a part of a name or number.
    let mut filter = filter.clone();
    if let Some(number) = filter
        .text
        .as_deref()
        .and_then(|t| stegvis_domain::personnummer::Personnummer::parse(t, app.today()).ok())
    {
        filter.number = Some(number);
        filter.text = None;
    }
    let filter = &filter;
    let mut tx = app.begin_read().await?;
    let (people, total) =
        persons::search(&mut tx, scope, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let all = episodes::for_persons(&mut tx, scope, &ids).await?;
    let mut programme_ids: Vec<i64> = all.iter().map(|e| e.programme_id).collect();
    programme_ids.sort_unstable();
    programme_ids.dedup();
    let programme_names = programmes::names(&mut tx, &programme_ids)
        .await?
        .into_iter()
        .collect();
    let people = people
        .into_iter()
        .map(|p| {
            let mine = all
                .iter()
                .filter(|e| e.person_id == p.id)
                .cloned()
                .collect();
            (p, mine)
        })
        .collect();
    tx.commit().await?;
    let records: Vec<RecordRef> = ids.iter().map(|id| RecordRef::new("person", *id)).collect();
    app.audit_reads(actor, "person.list", &records).await?;
    Ok(PersonPage {
        people,
        total,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        programme_names,
    })
}

/// The full personnummer, shown only on demand; the showing is audited.
pub async fn reveal_number(app: &App, actor: &Actor, id: i64) -> Result<String> {
    actor.require(Capability::ViewPersons)?;
    let mut tx = app.begin().await?;
    let (person, _) = visible_person(&mut tx, actor, id).await?;
    let number = person.personnummer.ok_or(AppError::NotFound)?;
    app.audit(
        &mut tx,
        actor,
        "person.reveal-number",
        &[RecordRef::new("person", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(number.to_string())
}

/// Changes a person's details (coordinators).
/// Saves a person's details, unless someone else saved them after `seen` (decision 0030).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &PersonInput,
    seen: SeenVersion<'_>,
) -> Result<()> {
    actor.require(Capability::ManageParticipants)?;
    let draft = input.parse(app.today())?;
    let mut tx = app.begin().await?;
    let (person, scope) = visible_person(&mut tx, actor, id).await?;
    if !scope.runs_episodes() || person.anonymised_at.is_some() {
        return Err(AppError::NotFound);
    }
    if let Some(number) = draft.identity.personnummer()
        && let Some(other) = persons::find_by_number(&mut tx, person.operator_id, &number).await?
        && other != id
    {
        return Err(AppError::field("personnummer", "person-error-number-taken"));
    }
    let key = name_key(&draft.given_name, &draft.family_name);
    let version = app.claim_edit(&mut tx, Editable::Person, id, seen).await?;
    persons::update(&mut tx, id, &draft, &key, version).await?;
    app.audit(
        &mut tx,
        actor,
        "person.update",
        &[RecordRef::new("person", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an episode the actor runs (a coordinator of the person's operator) with its
/// consents' coverage.
pub(crate) async fn managed_episode(
    tx: &mut Tx,
    actor: &Actor,
    episode_id: i64,
) -> Result<(Episode, Person, Vec<Consent>)> {
    actor.require(Capability::ManageParticipants)?;
    let scope = actor.person_scope();
    let episode = episodes::get(tx, scope, episode_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (person, _) = visible_person(tx, actor, episode.person_id).await?;
    if !scope.runs_episodes() || person.anonymised_at.is_some() {
        return Err(AppError::NotFound);
    }
    let consents = episodes::consents_for(tx, scope, &[episode_id]).await?;
    Ok((episode, person, consents))
}

pub(crate) fn coverage(consents: &[Consent]) -> Coverage {
    Coverage::of(&consents.iter().map(Consent::record).collect::<Vec<_>>())
}

fn transition_error(error: stegvis_domain::episode::TransitionError) -> AppError {
    AppError::field("status", error.message_key())
}

pub(crate) async fn audit_episode(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    episode: &Episode,
) -> Result<()> {
    app.audit(
        tx,
        actor,
        action,
        &[
            RecordRef::new("person", episode.person_id),
            RecordRef::new("episode", episode.id),
        ],
    )
    .await
}

/// Records a consent. Consent to participate at a referral is the intake.
pub async fn record_consent(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    input: &ConsentInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let (episode, _, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    let draft = input.parse(episode.referred_on, app.today())?;
    if !episode.status.is_open() {
        return Err(AppError::field("scope", "episode-error-already-exited"));
    }
    let current = coverage(&consents);
    match draft.scope {
        ConsentScope::Participation if current.participation => {
            return Err(AppError::field("scope", "consent-error-already-given"));
        }
        ConsentScope::Participation => {}
        _ if !current.participation => {
            return Err(AppError::field(
                "scope",
                "consent-error-participation-first",
            ));
        }
        ConsentScope::InformationExchange => {
            let partner = draft.partner_organisation_id.unwrap_or_default();
            if organisations::get(&mut tx, partner).await?.is_none() {
                return Err(AppError::field(
                    "partner_organisation_id",
                    "error-organisation-unknown",
                ));
            }
            if current.partners.contains(&partner) {
                return Err(AppError::field("scope", "consent-error-already-given"));
            }
        }
        ConsentScope::FollowUp if current.follow_up => {
            return Err(AppError::field("scope", "consent-error-already-given"));
        }
        ConsentScope::Questionnaires if current.questionnaires => {
            return Err(AppError::field("scope", "consent-error-already-given"));
        }
        ConsentScope::FollowUp | ConsentScope::Questionnaires => {}
    }
    let now = app.now();
    let id = episodes::insert_consent(
        &mut tx,
        episode_id,
        &draft,
        INFORMATION_VERSION,
        actor.principal().map(|p| p.user_id),
        now,
    )
    .await?;
    if draft.scope == ConsentScope::Participation && episode.status == EpisodeStatus::Referred {
        let next = episode
            .status
            .apply(Transition::Intake)
            .map_err(transition_error)?;
        episodes::set_status(&mut tx, episode_id, next, Some(draft.given_on), now).await?;
    }
    audit_episode(app, &mut tx, actor, "consent.record", &episode).await?;
    tx.commit().await?;
    Ok(id)
}

/// The consent, its episode and person, and the date, once the withdrawal is known to be
/// possible.
async fn checked_withdrawal(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    consent_id: i64,
    withdrawn_on: &str,
) -> Result<(Episode, Person, Consent, Date)> {
    let episode_id = episodes::consent_episode(tx, actor.person_scope(), consent_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (episode, person, consents) = managed_episode(tx, actor, episode_id).await?;
    let consent = consents
        .into_iter()
        .find(|c| c.id == consent_id)
        .ok_or(AppError::NotFound)?;
    let on = required_date("withdrawn_on", withdrawn_on).map_err(ValidationErrors::single)?;
    if on < consent.given_on || on > app.today() {
        return Err(AppError::field(
            "withdrawn_on",
            "consent-error-withdrawal-date",
        ));
    }
    if consent.withdrawn_on.is_some() {
        return Err(AppError::field(
            "withdrawn_on",
            "consent-error-already-withdrawn",
        ));
    }
    Ok((episode, person, consent, on))
}

/// What a confirmed action would do, for the page that asks for the confirmation: whose
/// record, and whether it ends the episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consequence {
    pub person_name: String,
    pub programme_name: String,
    /// The withdrawn consent's scope, for a withdrawal.
    pub scope: Option<ConsentScope>,
    /// The partner that stops seeing the record, for information exchange.
    pub partner_name: Option<String>,
    /// Whether the episode ends (or, for an exit, that it does).
    pub ends_episode: bool,
    pub on: Date,
    pub exit_reason: Option<ExitReason>,
}

async fn consequence(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    episode: &Episode,
    person: &Person,
    on: Date,
) -> Result<Consequence> {
    let programme_name = programmes::names(tx, &[episode.programme_id])
        .await?
        .into_iter()
        .next()
        .map(|(_, name)| name)
        .unwrap_or_default();
    app.audit(
        tx,
        actor,
        "person.read",
        &[RecordRef::new("person", person.id)],
    )
    .await?;
    Ok(Consequence {
        person_name: person.full_name(),
        programme_name,
        scope: None,
        partner_name: None,
        ends_episode: false,
        on,
        exit_reason: None,
    })
}

/// Checks a withdrawal without recording it, and says what it would do.
pub async fn preview_withdrawal(
    app: &App,
    actor: &Actor,
    consent_id: i64,
    withdrawn_on: &str,
) -> Result<Consequence> {
    let mut tx = app.begin().await?;
    let (episode, person, consent, on) =
        checked_withdrawal(app, &mut tx, actor, consent_id, withdrawn_on).await?;
    let mut consequence = consequence(app, &mut tx, actor, &episode, &person, on).await?;
    consequence.scope = Some(consent.scope);
    consequence.ends_episode =
        consent.scope == ConsentScope::Participation && episode.status.is_open();
    if let Some(partner) = consent.partner_organisation_id {
        consequence.partner_name = organisations::list(&mut tx)
            .await?
            .into_iter()
            .find(|o| o.id == partner)
            .map(|o| o.name);
    }
    tx.commit().await?;
    Ok(consequence)
}

/// Undoes a withdrawal recorded by mistake, within `CORRECTION_DAYS` of its recording. The
/// consent holds again; if withdrawing it ended the episode, the episode reopens where it was;
/// follow-ups the withdrawal cancelled are planned again. The audit log keeps both the
/// withdrawal and its correction.
pub async fn undo_withdrawal(app: &App, actor: &Actor, consent_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    let episode_id = episodes::consent_episode(&mut tx, actor.person_scope(), consent_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (episode, _, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    let consent = consents
        .iter()
        .find(|c| c.id == consent_id)
        .ok_or(AppError::NotFound)?;
    let withdrawn_at = episodes::withdrawn_at(&mut tx, consent_id).await?;
    stegvis_domain::consent::check_withdrawal_correction(consent, withdrawn_at, app.now())
        .map_err(ValidationErrors::single)?;
    episodes::restore_consent(&mut tx, consent_id).await?;
    let ended_it = consent.scope == ConsentScope::Participation
        && episode.exit_reason == Some(ExitReason::ConsentWithdrawn);
    if ended_it {
        let status = stegvis_domain::episode::reopened_status(&episode);
        episodes::reopen(&mut tx, episode_id, status, app.now()).await?;
        episodes::cancel_open_follow_ups(&mut tx, episode_id).await?;
    } else if let (Some(exit_on), Some(reason)) = (episode.exit_on, episode.exit_reason)
        && reason.counts_in_statistics()
    {
        let mut restored = consents.clone();
        for c in &mut restored {
            if c.id == consent_id {
                c.withdrawn_on = None;
            }
        }
        if coverage(&restored).follow_up {
            plan_missing_follow_ups(&mut tx, actor, &episode, exit_on).await?;
        }
    }
    audit_episode(app, &mut tx, actor, "consent.withdraw.undo", &episode).await?;
    tx.commit().await?;
    Ok(())
}

/// Plans the follow-ups of an exited episode that are not in the table: after a withdrawal of
/// consent to follow-up is undone.
async fn plan_missing_follow_ups(
    tx: &mut Tx,
    actor: &Actor,
    episode: &Episode,
    exit_on: Date,
) -> Result<()> {
    let months = follow_up_months(tx, episode.programme_id).await?;
    let existing = episodes::follow_ups_for(tx, actor.person_scope(), &[episode.id]).await?;
    let missing: Vec<(u8, Date)> = follow_up_dates(exit_on, &months)
        .into_iter()
        .filter(|(m, _)| !existing.iter().any(|f| f.months_after == *m))
        .collect();
    episodes::schedule_follow_ups(tx, episode.id, &missing).await?;
    Ok(())
}

async fn follow_up_months(tx: &mut Tx, programme_id: i64) -> Result<Vec<u8>> {
    let months = programmes::follow_up_months(tx, programme_id).await?;
    parse_follow_up_months("follow_up_months", &months).map_err(|_| {
        AppError::Internal(format!(
            "programme {programme_id} has invalid follow-up months"
        ))
    })
}

/// Withdraws a consent from `withdrawn_on`. Withdrawing participation ends an open episode
/// (reason: consent withdrawn); withdrawing follow-up cancels the follow-ups not yet done.
pub async fn withdraw_consent(
    app: &App,
    actor: &Actor,
    consent_id: i64,
    withdrawn_on: &str,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, _, consent, on) =
        checked_withdrawal(app, &mut tx, actor, consent_id, withdrawn_on).await?;
    let episode_id = episode.id;
    if !episodes::withdraw_consent(
        &mut tx,
        consent_id,
        on,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?
    {
        return Err(AppError::field(
            "withdrawn_on",
            "consent-error-already-withdrawn",
        ));
    }
    let now = app.now();
    match consent.scope {
        ConsentScope::Participation if episode.status.is_open() => {
            let reason = ExitReason::ConsentWithdrawn;
            episode
                .status
                .apply(Transition::Exit(reason))
                .map_err(transition_error)?;
            episodes::exit(
                &mut tx,
                episode_id,
                &ExitDraft {
                    exit_on: on.max(episode.referred_on),
                    reason,
                    snapshot: None,
                },
                now,
            )
            .await?;
            episodes::cancel_open_follow_ups(&mut tx, episode_id).await?;
        }
        ConsentScope::Participation | ConsentScope::FollowUp => {
            episodes::cancel_open_follow_ups(&mut tx, episode_id).await?;
        }
        ConsentScope::InformationExchange | ConsentScope::Questionnaires => {}
    }
    audit_episode(app, &mut tx, actor, "consent.withdraw", &episode).await?;
    tx.commit().await?;
    Ok(())
}

/// The person declined at intake: the referral is removed and counted without identity
/// (sex and year only). A person with no other episode is removed altogether.
pub async fn decline(app: &App, actor: &Actor, episode_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, person, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    if episode.status != EpisodeStatus::Referred || !consents.is_empty() {
        return Err(AppError::field(
            "status",
            "episode-error-decline-needs-referral",
        ));
    }
    persons::count_declined(
        &mut tx,
        episode.programme_id,
        person.sex,
        episode.referred_on.year(),
    )
    .await?;
    stegvis_storage::outreach::forget_referral(&mut tx, episode_id).await?;
    episodes::delete_referral(&mut tx, episode_id).await?;
    // Whether anything is left of the person is a question about every episode at the operator.
    if episodes::for_person(
        &mut tx,
        PersonScope::Operator(person.operator_id),
        person.id,
    )
    .await?
    .is_empty()
    {
        persons::delete(&mut tx, person.id).await?;
    }
    app.audit(
        &mut tx,
        actor,
        "episode.decline",
        &[RecordRef::new("programme", episode.programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records baseline data at intake; complete baseline starts the work (intake → active).
pub async fn record_baseline(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    input: &SnapshotInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, _, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    if !episode.status.has_intake() || !coverage(&consents).participation {
        return Err(AppError::field(
            "education",
            "episode-error-baseline-needs-consent",
        ));
    }
    let snapshot = input.parse(true)?;
    let now = app.now();
    episodes::set_baseline(&mut tx, episode_id, &snapshot, now).await?;
    if episode.status == EpisodeStatus::Intake {
        let next = episode
            .status
            .apply(Transition::Start)
            .map_err(transition_error)?;
        episodes::set_status(&mut tx, episode_id, next, None, now).await?;
    }
    audit_episode(app, &mut tx, actor, "episode.baseline", &episode).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets or clears the partner assigned to the episode (who, besides the referrer, may see it
/// once the person consents to information exchange with them).
pub async fn assign(app: &App, actor: &Actor, episode_id: i64, organisation: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, _, _) = managed_episode(&mut tx, actor, episode_id).await?;
    let organisation_id = if organisation.trim().is_empty() {
        None
    } else {
        let id =
            parse_id("assigned_organisation_id", organisation).map_err(ValidationErrors::single)?;
        if organisations::get(&mut tx, id).await?.is_none() {
            return Err(AppError::field(
                "assigned_organisation_id",
                "error-organisation-unknown",
            ));
        }
        Some(id)
    };
    episodes::set_assigned(&mut tx, episode_id, organisation_id, app.now()).await?;
    audit_episode(app, &mut tx, actor, "episode.assign", &episode).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends an episode; with consent to follow-up, schedules the programme's follow-ups.
/// The episode, person, consents and exit, once the exit is known to be possible.
async fn checked_exit(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    episode_id: i64,
    input: &ExitInput,
) -> Result<(Episode, Person, Vec<Consent>, ExitDraft)> {
    let (episode, person, consents) = managed_episode(tx, actor, episode_id).await?;
    let draft = input.parse(episode.referred_on, app.today())?;
    if let Some(intake_on) = episode.intake_on
        && draft.exit_on < intake_on
    {
        return Err(AppError::Invalid(ValidationErrors::single(
            FieldError::new("exit_on", "episode-error-exit-before-intake")
                .with_arg("date", swedish::format_date(intake_on)),
        )));
    }
    episode
        .status
        .apply(Transition::Exit(draft.reason))
        .map_err(|e| AppError::field("reason", e.message_key()))?;
    Ok((episode, person, consents, draft))
}

/// Checks an exit without recording it, and says what it would do.
pub async fn preview_exit(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    input: &ExitInput,
) -> Result<Consequence> {
    let mut tx = app.begin().await?;
    let (episode, person, _, draft) = checked_exit(app, &mut tx, actor, episode_id, input).await?;
    let mut consequence =
        consequence(app, &mut tx, actor, &episode, &person, draft.exit_on).await?;
    consequence.ends_episode = true;
    consequence.exit_reason = Some(draft.reason);
    tx.commit().await?;
    Ok(consequence)
}

/// Undoes an exit recorded by mistake, within `CORRECTION_DAYS` of its recording
/// ([`check_exit_correction`]): the episode returns to where it was and the follow-ups the
/// exit planned are removed. The audit log keeps both the exit and its correction.
pub async fn undo_exit(app: &App, actor: &Actor, episode_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, _, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    let recorded_at = episodes::exit_recorded_at(&mut tx, episode_id).await?;
    let follow_ups = episodes::follow_ups_for(&mut tx, actor.person_scope(), &[episode_id]).await?;
    let status = check_exit_correction(
        &episode,
        recorded_at,
        app.now(),
        coverage(&consents).participation,
        follow_ups.iter().any(|f| f.done_on.is_some()),
    )
    .map_err(ValidationErrors::single)?;
    episodes::reopen(&mut tx, episode_id, status, app.now()).await?;
    episodes::cancel_open_follow_ups(&mut tx, episode_id).await?;
    audit_episode(app, &mut tx, actor, "episode.exit.undo", &episode).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn exit(app: &App, actor: &Actor, episode_id: i64, input: &ExitInput) -> Result<()> {
    let mut tx = app.begin().await?;
    let (episode, _, consents, draft) =
        checked_exit(app, &mut tx, actor, episode_id, input).await?;
    let now = app.now();
    episodes::exit(&mut tx, episode_id, &draft, now).await?;
    if draft.reason.counts_in_statistics() && coverage(&consents).follow_up {
        let months = follow_up_months(&mut tx, episode.programme_id).await?;
        episodes::schedule_follow_ups(
            &mut tx,
            episode_id,
            &follow_up_dates(draft.exit_on, &months),
        )
        .await?;
    }
    audit_episode(app, &mut tx, actor, "episode.exit", &episode).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn record_follow_up(
    app: &App,
    actor: &Actor,
    follow_up_id: i64,
    input: &FollowUpInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let episode_id = episodes::follow_up_episode(&mut tx, actor.person_scope(), follow_up_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (episode, _, consents) = managed_episode(&mut tx, actor, episode_id).await?;
    if !coverage(&consents).follow_up {
        return Err(AppError::field("done_on", "consent-error-no-follow-up"));
    }
    let exit_on = episode.exit_on.ok_or(AppError::NotFound)?;
    let due_on = episodes::follow_ups_for(&mut tx, actor.person_scope(), &[episode_id])
        .await?
        .into_iter()
        .find(|f| f.id == follow_up_id)
        .map(|f| f.due_on)
        .ok_or(AppError::NotFound)?;
    let draft = input.parse(exit_on, due_on, app.today())?;
    episodes::record_follow_up(
        &mut tx,
        follow_up_id,
        &draft,
        actor.principal().map(|p| p.user_id),
    )
    .await?;
    audit_episode(app, &mut tx, actor, "follow-up.record", &episode).await?;
    tx.commit().await?;
    Ok(())
}

/// Follow-ups due by `by` in the actor's scope, with the person's name, oldest first.
pub async fn due_follow_ups(
    app: &App,
    actor: &Actor,
    by: Date,
) -> Result<Vec<(stegvis_domain::episode::DueFollowUp, String)>> {
    actor.require(Capability::ManageParticipants)?;
    let scope = actor.person_scope();
    let mut tx = app.begin().await?;
    let due = episodes::due_follow_ups(&mut tx, scope, by, 500).await?;
    let ids: Vec<i64> = due.iter().map(|d| d.person_id).collect();
    let names: HashMap<i64, String> = persons::names(&mut tx, scope, &ids)
        .await?
        .into_iter()
        .collect();
    let with_names = due
        .into_iter()
        .map(|d| {
            let name = names.get(&d.person_id).cloned().unwrap_or_default();
            (d, name)
        })
        .collect();
    let records: Vec<RecordRef> = ids.iter().map(|id| RecordRef::new("person", *id)).collect();
    app.audit(&mut tx, actor, "follow-up.due-list", &records)
        .await?;
    tx.commit().await?;
    Ok(with_names)
}

/// Sets a source and share of full time for a range of months in the income timeline.
pub async fn set_income(
    app: &App,
    actor: &Actor,
    person_id: i64,
    input: &IncomeRangeInput,
) -> Result<()> {
    actor.require(Capability::ManageParticipants)?;
    let range = input.parse()?;
    let mut tx = app.begin().await?;
    let (person, scope) = visible_person(&mut tx, actor, person_id).await?;
    if !scope.runs_episodes() || person.anonymised_at.is_some() {
        return Err(AppError::NotFound);
    }
    let all = episodes::for_person(&mut tx, scope, person_id).await?;
    let ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    let consents = episodes::consents_for(&mut tx, scope, &ids).await?;
    let consented = all.iter().any(|e| {
        coverage(
            &consents
                .iter()
                .filter(|c| c.episode_id == e.id)
                .cloned()
                .collect::<Vec<_>>(),
        )
        .participation
    });
    if !consented {
        return Err(AppError::field("source", "income-error-needs-consent"));
    }
    let existing = income::for_person(&mut tx, scope, person_id).await?;
    let changes = apply_range(&existing, &range)?;
    income::apply(&mut tx, person_id, &changes).await?;
    app.audit(
        &mut tx,
        actor,
        "income.set",
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an episode on which the actor may write support: the coordinator, or a case officer
/// of an involved partner the person shares information with, while the episode is open.
async fn supported_episode(tx: &mut Tx, actor: &Actor, episode_id: i64) -> Result<Episode> {
    actor.require(Capability::RecordSupport)?;
    let scope = actor.person_scope();
    let episode = episodes::get(tx, scope, episode_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let consents = episodes::consents_for(tx, scope, &[episode_id]).await?;
    if !scope.sees_details(&coverage(&consents)) {
        return Err(AppError::NotFound);
    }
    if !episode.status.is_open() {
        return Err(AppError::field("body", "episode-error-already-exited"));
    }
    Ok(episode)
}

pub async fn add_note(app: &App, actor: &Actor, episode_id: i64, body: &str) -> Result<i64> {
    let body = parse_note(body)?;
    let mut tx = app.begin().await?;
    let episode = supported_episode(&mut tx, actor, episode_id).await?;
    let id = plans::insert_note(
        &mut tx,
        episode_id,
        &body,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?;
    audit_episode(app, &mut tx, actor, "note.add", &episode).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_appointment(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    input: &AppointmentInput,
) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    let episode = supported_episode(&mut tx, actor, episode_id).await?;
    let id = plans::insert_appointment(
        &mut tx,
        episode_id,
        &draft,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?;
    audit_episode(app, &mut tx, actor, "appointment.add", &episode).await?;
    tx.commit().await?;
    Ok(id)
}

/// Loads an episode whose plan the coordinator may change: consented and open.
async fn planned_episode(tx: &mut Tx, actor: &Actor, episode_id: i64) -> Result<Episode> {
    let (episode, _, consents) = managed_episode(tx, actor, episode_id).await?;
    if !episode.status.has_intake() || !coverage(&consents).participation {
        return Err(AppError::field("title", "episode-error-plan-needs-intake"));
    }
    Ok(episode)
}

pub async fn add_goal(app: &App, actor: &Actor, episode_id: i64, title: &str) -> Result<i64> {
    let title = parse_goal(title)?;
    let mut tx = app.begin().await?;
    let episode = planned_episode(&mut tx, actor, episode_id).await?;
    let id = plans::insert_goal(&mut tx, episode_id, &title, app.now()).await?;
    audit_episode(app, &mut tx, actor, "plan.goal", &episode).await?;
    tx.commit().await?;
    Ok(id)
}

/// A step of the plan as typed.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub description: String,
    pub owner: String,
    pub due_on: String,
}

pub async fn add_step(app: &App, actor: &Actor, goal_id: i64, input: &StepInput) -> Result<i64> {
    let draft = parse_step(&input.description, &input.owner, &input.due_on)?;
    let mut tx = app.begin().await?;
    let episode_id = plans::goal_episode(&mut tx, actor.person_scope(), goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let episode = planned_episode(&mut tx, actor, episode_id).await?;
    let id = plans::insert_step(&mut tx, goal_id, &draft, app.now()).await?;
    audit_episode(app, &mut tx, actor, "plan.step", &episode).await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks a step done today, or not done.
pub async fn set_step_done(app: &App, actor: &Actor, step_id: i64, done: bool) -> Result<i64> {
    let mut tx = app.begin().await?;
    let episode_id = plans::step_episode(&mut tx, actor.person_scope(), step_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let episode = planned_episode(&mut tx, actor, episode_id).await?;
    plans::set_step_done(&mut tx, step_id, done.then(|| app.today())).await?;
    audit_episode(app, &mut tx, actor, "plan.step-done", &episode).await?;
    tx.commit().await?;
    Ok(episode.person_id)
}

/// Marks a goal achieved today, or not achieved.
pub async fn set_goal_achieved(
    app: &App,
    actor: &Actor,
    goal_id: i64,
    achieved: bool,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let episode_id = plans::goal_episode(&mut tx, actor.person_scope(), goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let episode = planned_episode(&mut tx, actor, episode_id).await?;
    plans::set_goal_achieved(&mut tx, goal_id, achieved.then(|| app.today())).await?;
    audit_episode(app, &mut tx, actor, "plan.goal-achieved", &episode).await?;
    tx.commit().await?;
    Ok(episode.person_id)
}

/// Dismisses a possible-duplicate flag after the coordinator checked the two records.
pub async fn dismiss_duplicate(app: &App, actor: &Actor, id: i64, other: i64) -> Result<()> {
    actor.require(Capability::ManageParticipants)?;
    let mut tx = app.begin().await?;
    let (_, scope) = visible_person(&mut tx, actor, id).await?;
    if !scope.runs_episodes() {
        return Err(AppError::NotFound);
    }
    if !persons::dismiss_duplicate(&mut tx, id, other, app.now()).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "person.dismiss-duplicate",
        &[
            RecordRef::new("person", id),
            RecordRef::new("person", other),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the months after exit at which a programme follows up its participants.
pub async fn set_follow_up_months(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &str,
) -> Result<()> {
    actor.require(Capability::ManageProgrammes)?;
    let months =
        parse_follow_up_months("follow_up_months", input).map_err(ValidationErrors::single)?;
    let mut tx = app.begin().await?;
    let programme_scope = actor
        .principal()
        .map_or(stegvis_domain::access::ProgrammeScope::All, |p| {
            p.programme_scope()
        });
    let programme = programmes::get(&mut tx, programme_scope, programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor
        .principal()
        .is_some_and(|p| !p.may_manage_programme_of(programme.operator_id))
    {
        return Err(AppError::Forbidden);
    }
    programmes::set_follow_up_months(&mut tx, programme_id, &months).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.follow-up-months",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
