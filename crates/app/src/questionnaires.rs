//! Questionnaires in use: a programme's schedule, what is due, answering (by the participant in
//! the portal or by staff from a paper form), uploading definitions, and the change report.
//!
//! Answers are health data. Every read and write goes through here: the participant reaches
//! only their own episodes, staff only episodes they run, an answer is stored only while the
//! participant's consent to questionnaires stands, and each access is audited with ids only.

use std::collections::{BTreeMap, HashMap};

use crate::persons::{audit_episode, coverage, managed_episode};
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, PersonScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::change::{
    self, Audience, Distribution, GroupChange, Grouping, Layout, Pair, ReportSpec, Selector,
    TrendPoint,
};
use stegvis_domain::disclosure::{self, THRESHOLD};
use stegvis_domain::episode::{Episode, ExitReason, parse_follow_up_months, required_date};
use stegvis_domain::instrument::{Instrument, InstrumentError};
use stegvis_domain::programme::Programme;
use stegvis_domain::questionnaire::{
    self, AnswerMode, Answers, Due, EpisodeDates, Occasion, OccasionKind, Response, ResponseStatus,
    ScheduleEntry, ScheduleRowInput,
};
use stegvis_domain::statistics::MeaningfulChange;
use stegvis_domain::timestamp::add_months;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::episodes;
use stegvis_storage::programmes;
use stegvis_storage::questionnaires::{self as store, ResponseWrite};
use stegvis_storage::{Tx, instruments, persons};
use time::Date;

/// The lowest self-rated-health code that counts as good health (Bra = 4, Mycket bra = 5).
pub const SRH_GOOD_FROM: f64 = 4.0;

pub(crate) fn parse_stored(key: &str, version: i64, text: &str) -> Result<Instrument> {
    Instrument::parse(text).map_err(|errors| {
        AppError::Internal(format!(
            "stored instrument {key}@{version} no longer parses: {errors:?}"
        ))
    })
}

/// The newest version of every instrument, by key, as new answers use them.
async fn latest_instruments(tx: &mut Tx) -> Result<Vec<(i64, Instrument)>> {
    let mut latest: BTreeMap<String, (i64, i64, String)> = BTreeMap::new();
    for stored in instruments::list(tx).await? {
        let newer = latest
            .get(&stored.key)
            .is_none_or(|(_, version, _)| stored.version > *version);
        if newer {
            latest.insert(
                stored.key.clone(),
                (stored.id, stored.version, stored.definition),
            );
        }
    }
    latest
        .into_iter()
        .map(|(key, (id, version, text))| Ok((id, parse_stored(&key, version, &text)?)))
        .collect()
}

/// Each instrument's Swedish title by key (the key where it has none), from its newest version.
pub(crate) async fn instrument_titles(tx: &mut Tx) -> Result<HashMap<String, String>> {
    Ok(latest_instruments(tx)
        .await?
        .into_iter()
        .map(|(_, i)| {
            let title = i.title().get("sv").unwrap_or(i.key()).to_string();
            (i.key().to_string(), title)
        })
        .collect())
}

fn title_of(titles: &HashMap<String, String>, instrument_key: &str) -> String {
    titles
        .get(instrument_key)
        .cloned()
        .unwrap_or_else(|| instrument_key.to_string())
}

async fn managed_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ManageProgrammes)?;
    let programme = programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let may = actor
        .principal()
        .is_none_or(|p| p.may_manage_programme_of(programme.operator_id));
    if may {
        Ok(programme)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A programme's schedule with every instrument that could be scheduled.
#[derive(Debug, Clone)]
pub struct ScheduleView {
    pub programme: Programme,
    pub instruments: Vec<Instrument>,
    pub entries: Vec<ScheduleEntry>,
}

pub async fn schedule(app: &App, actor: &Actor, programme_id: i64) -> Result<ScheduleView> {
    let mut tx = app.begin().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let instruments = latest_instruments(&mut tx)
        .await?
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    let entries = store::schedule(&mut tx, programme_id).await?;
    tx.commit().await?;
    Ok(ScheduleView {
        programme,
        instruments,
        entries,
    })
}

/// Replaces a programme's schedule. Every row is checked; an unknown instrument is refused.
pub async fn set_schedule(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    rows: &[ScheduleRowInput],
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed_programme(&mut tx, actor, programme_id).await?;
    let known: Vec<String> = latest_instruments(&mut tx)
        .await?
        .into_iter()
        .map(|(_, i)| i.key().to_string())
        .collect();
    let mut errors = ValidationErrors::new();
    let mut entries = Vec::new();
    for row in rows {
        if !known.contains(&row.instrument) {
            errors.push(
                FieldError::new("instrument", "schedule-error-unknown-instrument")
                    .with_arg("instrument", &row.instrument),
            );
            continue;
        }
        if let Some(parsed) = errors.check(row.parse()) {
            entries.extend(parsed);
        }
    }
    errors.into_result()?;
    store::replace_schedule(&mut tx, programme_id, &entries).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.schedule",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One questionnaire due, with who it is for.
#[derive(Debug, Clone)]
pub struct DueItem {
    pub person_id: i64,
    pub person_name: String,
    pub episode_id: i64,
    pub programme_id: i64,
    pub instrument_title: String,
    pub due: Due,
    /// Whether a draft has been started.
    pub started: bool,
}

/// What is due on `today` in the given programmes (or for one person), computed in one pass
/// over batch queries: the episodes, their responses, the schedules and the follow-up months.
/// Names are left for the caller to fetch for the items it shows.
pub(crate) async fn due_in(
    tx: &mut Tx,
    programme_ids: &[i64],
    person_id: Option<i64>,
    titles: &HashMap<String, String>,
    today: Date,
) -> Result<Vec<DueItem>> {
    let schedules = store::schedules(tx, programme_ids).await?;
    if schedules.is_empty() {
        return Ok(Vec::new());
    }
    let follow_ups: HashMap<i64, Vec<u8>> = programmes::follow_up_months_of(tx, programme_ids)
        .await?
        .into_iter()
        .map(|(id, text)| {
            let months = parse_follow_up_months("follow_up_months", &text).unwrap_or_default();
            (id, months)
        })
        .collect();
    let longest = follow_ups
        .values()
        .flat_map(|m| m.iter().copied())
        .max()
        .unwrap_or(0);
    let exited_since = add_months(
        today,
        -(i32::from(longest) + questionnaire::DUE_WINDOW_MONTHS),
    );
    let episodes = store::schedulable_episodes(tx, programme_ids, person_id, exited_since).await?;
    let mut responses: HashMap<i64, Vec<stegvis_domain::questionnaire::ResponseKey>> =
        HashMap::new();
    for key in store::response_keys(tx, programme_ids, person_id, exited_since).await? {
        responses.entry(key.episode_id).or_default().push(key);
    }
    let mut items = Vec::new();
    for episode in &episodes {
        let schedule: Vec<ScheduleEntry> = schedules
            .iter()
            .filter(|(programme, _)| *programme == episode.programme_id)
            .map(|(_, entry)| entry.clone())
            .collect();
        let own: &[stegvis_domain::questionnaire::ResponseKey] = responses
            .get(&episode.episode_id)
            .map_or(&[], Vec::as_slice);
        let answered: Vec<(String, Occasion)> = own
            .iter()
            .filter(|r| r.complete)
            .map(|r| (r.instrument_key.clone(), r.occasion))
            .collect();
        let dates = EpisodeDates {
            intake_on: Some(episode.intake_on),
            exit_on: episode.exit_on,
            counts: episode.counts,
            follow_up_months: follow_ups
                .get(&episode.programme_id)
                .cloned()
                .unwrap_or_default(),
        };
        for due in questionnaire::due(&schedule, &dates, &answered, today) {
            let started = own
                .iter()
                .any(|r| r.instrument_key == due.instrument && r.occasion == due.occasion);
            items.push(DueItem {
                person_id: episode.person_id,
                person_name: String::new(),
                episode_id: episode.episode_id,
                programme_id: episode.programme_id,
                instrument_title: title_of(titles, &due.instrument),
                due,
                started,
            });
        }
    }
    items.sort_by(|a, b| {
        a.due
            .due_on
            .cmp(&b.due.due_on)
            .then_with(|| a.episode_id.cmp(&b.episode_id))
    });
    Ok(items)
}

/// The most due questionnaires one list shows; the rest wait for the oldest to be done.
pub const DUE_SHOWN: usize = 500;

/// Questionnaires due in the coordinator's programmes, oldest first: at most [`DUE_SHOWN`],
/// with the number due in all.
#[derive(Debug, Clone)]
pub struct DueList {
    pub items: Vec<DueItem>,
    pub total: usize,
}

pub async fn due_for_staff(app: &App, actor: &Actor) -> Result<DueList> {
    actor.require(Capability::ManageParticipants)?;
    let mut tx = app.begin().await?;
    let programme_ids: Vec<i64> = programmes::list(&mut tx, crate::programmes::scope(actor))
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let titles = instrument_titles(&mut tx).await?;
    let mut items = due_in(&mut tx, &programme_ids, None, &titles, app.today()).await?;
    let total = items.len();
    items.truncate(DUE_SHOWN);
    let person_ids: Vec<i64> = items.iter().map(|i| i.person_id).collect();
    let names: HashMap<i64, String> = persons::names(&mut tx, actor.person_scope(), &person_ids)
        .await?
        .into_iter()
        .collect();
    for item in &mut items {
        item.person_name = names.get(&item.person_id).cloned().unwrap_or_default();
    }
    let records: Vec<RecordRef> = items
        .iter()
        .map(|i| RecordRef::new("person", i.person_id))
        .collect();
    app.audit(&mut tx, actor, "questionnaire.due-list", &records)
        .await?;
    tx.commit().await?;
    Ok(DueList { items, total })
}

/// The participant's own episodes, or "not found" for an account without a person.
async fn own_person(tx: &mut Tx, actor: &Actor) -> Result<i64> {
    actor.require(Capability::AnswerOwnQuestionnaires)?;
    let user_id = actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)?;
    persons::linked_to_user(tx, user_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the participant is asked to answer now, and the answers they gave before.
#[derive(Debug, Clone)]
pub struct MyQuestionnaires {
    pub due: Vec<DueItem>,
    pub answered: Vec<(Response, String)>,
}

pub async fn mine(app: &App, actor: &Actor) -> Result<MyQuestionnaires> {
    let mut tx = app.begin().await?;
    let person_id = own_person(&mut tx, actor).await?;
    let scope = PersonScope::Own(person_id);
    let own_episodes = episodes::for_person(&mut tx, scope, person_id).await?;
    // Every episode's programme exists (a foreign key), so its id is all the due list needs.
    let mut programme_ids: Vec<i64> = own_episodes.iter().map(|e| e.programme_id).collect();
    programme_ids.sort_unstable();
    programme_ids.dedup();
    let titles = instrument_titles(&mut tx).await?;
    let due = due_in(
        &mut tx,
        &programme_ids,
        Some(person_id),
        &titles,
        app.today(),
    )
    .await?;
    let ids: Vec<i64> = own_episodes.iter().map(|e| e.id).collect();
    let answered = store::for_episodes(&mut tx, scope, &ids)
        .await?
        .into_iter()
        .filter(|r| r.status == ResponseStatus::Complete)
        .map(|r| {
            let title = title_of(&titles, &r.instrument_key);
            (r, title)
        })
        .collect();
    app.audit(
        &mut tx,
        actor,
        "questionnaire.list-own",
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(MyQuestionnaires { due, answered })
}

/// Who is answering, which decides the checks and what may be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answerer {
    /// The participant, in the portal: only their own episodes; a completed answer is final.
    Participant,
    /// Staff entering or correcting an answer on the participant's behalf.
    Staff,
}

fn answerer(actor: &Actor) -> Answerer {
    match actor.principal() {
        Some(p) if p.role == Role::Participant => Answerer::Participant,
        _ => Answerer::Staff,
    }
}

/// Loads an episode the actor may answer for, checking the occasion fits it, with the scope
/// the rest of the answer is read in: the participant's own record, or the staff's.
async fn answerable_episode(
    tx: &mut Tx,
    actor: &Actor,
    episode_id: i64,
    occasion: Occasion,
) -> Result<(Episode, PersonScope)> {
    let (episode, scope) = match answerer(actor) {
        Answerer::Participant => {
            let scope = PersonScope::Own(own_person(tx, actor).await?);
            let episode = episodes::get(tx, scope, episode_id)
                .await?
                .ok_or(AppError::NotFound)?;
            (episode, scope)
        }
        Answerer::Staff => (
            managed_episode(tx, actor, episode_id).await?.0,
            actor.person_scope(),
        ),
    };
    let fits = match occasion.kind {
        OccasionKind::Baseline | OccasionKind::Ongoing => episode.intake_on.is_some(),
        OccasionKind::Exit | OccasionKind::FollowUp => episode.exit_on.is_some(),
    };
    if !fits || episode.exit_reason == Some(ExitReason::RegisteredInError) {
        return Err(AppError::field("occasion", "answer-error-occasion"));
    }
    Ok((episode, scope))
}

/// One questionnaire opened for answering: the exact version, and the answers so far.
#[derive(Debug, Clone)]
pub struct AnswerForm {
    pub episode: Episode,
    pub person_name: String,
    pub instrument: Instrument,
    pub occasion: Occasion,
    pub answers: Answers,
    pub response: Option<Response>,
    /// Whether the participant's consent to questionnaires stands.
    pub consented: bool,
}

/// Opens a questionnaire: the version already started or answered, else the newest one.
pub async fn open(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    instrument_key: &str,
    occasion: Occasion,
) -> Result<AnswerForm> {
    let mut tx = app.begin().await?;
    let (episode, scope) = answerable_episode(&mut tx, actor, episode_id, occasion)
        .await
        .map_err(|e| match e {
            AppError::Invalid(_) => AppError::NotFound,
            other => other,
        })?;
    let response = store::find(&mut tx, scope, episode_id, instrument_key, occasion).await?;
    let stored = match &response {
        Some(r) => instruments::get(&mut tx, r.instrument_version_id).await?,
        None => instruments::latest(&mut tx, instrument_key).await?,
    }
    .ok_or(AppError::NotFound)?;
    let instrument = parse_stored(&stored.key, stored.version, &stored.definition)?;
    let answers = response.as_ref().map_or_else(
        || Answers {
            values: instrument
                .items()
                .iter()
                .map(|i| (i.key.clone(), None))
                .collect(),
        },
        |r| Answers::from_json(&instrument, &r.answers),
    );
    let consents = episodes::consents_for(&mut tx, scope, &[episode_id]).await?;
    let person = persons::get(&mut tx, scope, episode.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit_episode(app, &mut tx, actor, "questionnaire.read", &episode).await?;
    tx.commit().await?;
    Ok(AnswerForm {
        person_name: person.full_name(),
        consented: coverage(&consents).questionnaires,
        episode,
        instrument,
        occasion,
        answers,
        response,
    })
}

/// An answer as submitted by a form or the API.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    /// Item key → the chosen value as text.
    pub answers: BTreeMap<String, String>,
    /// Finish (score and lock for the participant) rather than keep as a draft.
    pub complete: bool,
    /// Keep the saved answers of items not in `answers` (one question per screen posts one).
    pub merge: bool,
    /// Staff only: how the answer was collected (`paper` or `interview`).
    pub mode: String,
    /// Staff only: the date on the paper form or of the interview.
    pub answered_on: String,
    /// The language the questions were shown in.
    pub language: String,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub response_id: i64,
    /// The reported score and cutoff band, once complete.
    pub score: Option<stegvis_domain::instrument::Score>,
}

/// Saves answers to a questionnaire, as a draft or complete. Refused without consent to
/// questionnaires; a participant cannot change a completed questionnaire.
pub async fn save(
    app: &App,
    actor: &Actor,
    episode_id: i64,
    instrument_key: &str,
    occasion: Occasion,
    input: &AnswerInput,
) -> Result<Saved> {
    let mut tx = app.begin().await?;
    let (episode, scope) = answerable_episode(&mut tx, actor, episode_id, occasion).await?;
    let consents = episodes::consents_for(&mut tx, scope, &[episode_id]).await?;
    if !coverage(&consents).questionnaires {
        return Err(AppError::field("answers", "answer-error-no-consent"));
    }
    let existing = store::find(&mut tx, scope, episode_id, instrument_key, occasion).await?;
    let who = answerer(actor);
    if who == Answerer::Participant
        && existing
            .as_ref()
            .is_some_and(|r| r.status == ResponseStatus::Complete)
    {
        return Err(AppError::field("answers", "answer-error-already-complete"));
    }
    let stored = match &existing {
        Some(r) => instruments::get(&mut tx, r.instrument_version_id).await?,
        None => instruments::latest(&mut tx, instrument_key).await?,
    }
    .ok_or(AppError::NotFound)?;
    let instrument = parse_stored(&stored.key, stored.version, &stored.definition)?;
    let mut errors = ValidationErrors::new();
    let (mode, answered_on) = match who {
        Answerer::Participant => (Some(AnswerMode::Portal), Some(app.today())),
        Answerer::Staff => {
            let mode = match input.mode.trim().parse::<AnswerMode>() {
                Ok(AnswerMode::Paper) => Some(AnswerMode::Paper),
                Ok(AnswerMode::Interview) => Some(AnswerMode::Interview),
                _ => {
                    errors.push(FieldError::new("mode", "answer-error-mode"));
                    None
                }
            };
            let answered_on = errors
                .check(required_date("answered_on", &input.answered_on))
                .and_then(|date| {
                    if date > app.today() {
                        errors.push(FieldError::new("answered_on", "error-date-in-future"));
                        None
                    } else if episode.intake_on.is_some_and(|intake| date < intake)
                        && occasion.kind != OccasionKind::Baseline
                    {
                        errors.push(FieldError::new("answered_on", "answer-error-before-intake"));
                        None
                    } else {
                        Some(date)
                    }
                });
            (mode, answered_on)
        }
    };
    let language = if instrument
        .languages()
        .iter()
        .any(|l| l.code == input.language.trim())
    {
        input.language.trim().to_string()
    } else {
        "sv".to_string()
    };
    let mut given = input.answers.clone();
    if input.merge
        && let Some(r) = &existing
    {
        for (key, value) in Answers::from_json(&instrument, &r.answers).values {
            if let Some(value) = value {
                given.entry(key).or_insert_with(|| value.to_string());
            }
        }
    }
    let answers = match Answers::parse(&instrument, &given) {
        Ok(answers) => Some(answers),
        Err(found) => {
            for error in found.iter() {
                errors.push(error.clone());
            }
            None
        }
    };
    let score = match (&answers, input.complete) {
        (Some(answers), true) => errors.check(answers.score(&instrument)),
        _ => None,
    };
    errors.into_result()?;
    let (Some(answers), Some(mode), Some(answered_on)) = (answers, mode, answered_on) else {
        return Err(AppError::field("answers", "answer-error-unanswered"));
    };
    let status = if input.complete {
        ResponseStatus::Complete
    } else {
        ResponseStatus::Draft
    };
    let json = answers.to_json();
    let response_id = store::save(
        &mut tx,
        &ResponseWrite {
            episode_id,
            instrument_version_id: stored.id,
            instrument_key: instrument.key(),
            occasion,
            status,
            mode,
            language: &language,
            answers: &json,
            score: score.as_ref().map(|s| (s.value(), s.raw)),
            answered_on: input.complete.then_some(answered_on),
            recorded_by: actor.user_id(),
        },
        app.now(),
    )
    .await?;
    let action = if input.complete {
        "questionnaire.complete"
    } else {
        "questionnaire.draft"
    };
    app.audit(
        &mut tx,
        actor,
        action,
        &[
            RecordRef::new("person", episode.person_id),
            RecordRef::new("episode", episode.id),
            RecordRef::new("questionnaire-response", response_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(Saved { response_id, score })
}

/// Every questionnaire answered in an episode, for the person page and the API.
pub async fn for_episode(
    app: &App,
    actor: &Actor,
    episode_id: i64,
) -> Result<Vec<(Response, String)>> {
    let mut tx = app.begin().await?;
    let (episode, _, _) = managed_episode(&mut tx, actor, episode_id).await?;
    let titles = instrument_titles(&mut tx).await?;
    let responses = store::for_episodes(&mut tx, actor.person_scope(), &[episode_id])
        .await?
        .into_iter()
        .map(|r| {
            let title = title_of(&titles, &r.instrument_key);
            (r, title)
        })
        .collect();
    audit_episode(app, &mut tx, actor, "questionnaire.list", &episode).await?;
    tx.commit().await?;
    Ok(responses)
}

/// Uploads a further instrument or a new version of one. The definition goes through the same
/// validation as the shipped ones; a version must be newer than any stored version of its key,
/// since stored versions are never replaced.
pub async fn upload(app: &App, actor: &Actor, text: &str) -> Result<Instrument, UploadError> {
    actor.require(Capability::ManageInstruments)?;
    let instrument = Instrument::parse(text).map_err(UploadError::Definition)?;
    let mut tx = app.begin().await?;
    if let Some(latest) = instruments::latest(&mut tx, instrument.key()).await?
        && latest.version >= i64::from(instrument.version())
    {
        return Err(UploadError::Definition(vec![
            InstrumentError::new("version", "instrument-error-version-not-newer")
                .with_arg("stored", latest.version),
        ]));
    }
    instruments::insert_if_absent(
        &mut tx,
        instrument.key(),
        i64::from(instrument.version()),
        text,
        "uploaded",
        actor.user_id(),
        app.now(),
    )
    .await
    .map_err(AppError::from)?;
    app.audit(&mut tx, actor, "instrument.upload", &[]).await?;
    tx.commit().await.map_err(AppError::from)?;
    Ok(instrument)
}

/// Why an upload was refused: problems in the definition, or anything else.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the definition has {} problems", .0.len())]
    Definition(Vec<InstrumentError>),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<stegvis_storage::StorageError> for UploadError {
    fn from(error: stegvis_storage::StorageError) -> Self {
        UploadError::App(error.into())
    }
}

/// The question a change report answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeQuery {
    pub from: Selector,
    pub to: Selector,
    pub grouping: Option<Grouping>,
}

impl Default for ChangeQuery {
    fn default() -> Self {
        ChangeQuery {
            from: Selector::Baseline,
            to: Selector::Exit,
            grouping: None,
        }
    }
}

/// The change in one instrument's scores in one programme, as the actor may see it.
#[derive(Debug, Clone)]
pub struct ChangeReport {
    pub programme: Programme,
    pub instrument: Instrument,
    pub query: ChangeQuery,
    pub audience: Audience,
    pub total: GroupChange,
    pub groups: Vec<GroupChange>,
    pub distribution: Distribution,
    pub trend: Vec<TrendPoint>,
    /// Every pair, for the per-person slope chart: staff only, empty for aggregate roles.
    pub pairs: Vec<Pair>,
    /// Names of the referring partners, for the partner grouping.
    pub partner_names: HashMap<i64, String>,
}

async fn measured_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ViewMeasures)?;
    programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The coordinator (and the system) see every figure; the evaluator gets the evaluator's view;
/// every other role, including any added later, the steering group's.
fn audience(actor: &Actor) -> Audience {
    match actor.principal().map(|p| p.role) {
        Some(Role::Coordinator) | None => Audience::Coordinator,
        Some(Role::Evaluator) => Audience::Evaluator,
        Some(_) => Audience::Steering,
    }
}

/// The change report for one instrument in one programme.
pub async fn change_report(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    instrument_key: &str,
    query: ChangeQuery,
) -> Result<ChangeReport> {
    let mut tx = app.begin_read().await?;
    let programme = measured_programme(&mut tx, actor, programme_id).await?;
    let stored = instruments::latest(&mut tx, instrument_key)
        .await?
        .ok_or(AppError::NotFound)?;
    let instrument = parse_stored(&stored.key, stored.version, &stored.definition)?;
    let records = store::scored_in_programme(&mut tx, programme_id, instrument_key).await?;
    let answers: Vec<change::ScoredAnswer> = records.into_iter().map(|r| r.answer).collect();
    let audience = audience(actor);
    let spec = ReportSpec {
        meaningful: MeaningfulChange {
            higher_is_better: instrument.higher_is_better(),
            min_meaningful: instrument.min_meaningful_change(),
        },
        good_from: (instrument.key() == "srh").then_some(SRH_GOOD_FROM),
        audience,
    };
    let pairs = change::pairs(&answers, query.from, query.to);
    let layout = Layout {
        from: query.from,
        to: query.to,
        grouping: query.grouping,
        range: instrument.range(),
    };
    let figures = change::report(&answers, &pairs, layout, spec);
    let partner_ids: Vec<i64> = pairs.iter().filter_map(|p| p.partner_id).collect();
    let partner_names = stegvis_storage::organisations::list(&mut tx)
        .await?
        .into_iter()
        .filter(|o| partner_ids.contains(&o.id))
        .map(|o| (o.id, o.name))
        .collect();
    tx.commit().await?;
    app.audit_reads(
        actor,
        "measures.read",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    Ok(ChangeReport {
        programme,
        instrument,
        query,
        audience,
        total: figures.total,
        groups: figures.groups,
        distribution: figures.distribution,
        trend: figures.trend,
        pairs: if audience.is_aggregate() {
            Vec::new()
        } else {
            pairs
        },
        partner_names,
    })
}

/// One row of the scores export.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub pseudonym: String,
    /// Left out (`None`) for evaluators where fewer than five people share the combination.
    pub sex: Option<String>,
    pub age_band: Option<String>,
    pub occasion: String,
    pub answered_on: time::Date,
    pub score: f64,
}

/// Every counted score of one instrument in a programme, one row per answer, each person under
/// a per-programme pseudonym. For evaluators the export is withheld below five people, and the
/// quasi-identifiers sex and age band go through [`disclosure::generalise`]: blanked, age band
/// first, until every combination left is shared by at least five people, so that no row points
/// to a person through a rare combination even where each value alone is common.
pub async fn export_scores(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    instrument_key: &str,
) -> Result<Vec<ScoreRow>> {
    actor.require(Capability::ExportScores)?;
    let mut tx = app.begin().await?;
    let programme = measured_programme(&mut tx, actor, programme_id).await?;
    instruments::latest(&mut tx, instrument_key)
        .await?
        .ok_or(AppError::NotFound)?;
    let records = store::scored_in_programme(&mut tx, programme.id, instrument_key).await?;
    let aggregate = audience(actor).is_aggregate();
    let mut people: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in &records {
        let band = change::AgeBand::of(r.answer.birth_year, r.answer.answered_on);
        people
            .entry(r.person_id)
            .or_insert_with(|| vec![r.answer.sex.code().to_string(), band.code().to_string()]);
    }
    if aggregate && (people.len() as u64) < THRESHOLD {
        return Err(AppError::field("programme", "export-error-too-few"));
    }
    let kept: Vec<Vec<Option<String>>> = if aggregate {
        disclosure::generalise(&people.values().cloned().collect::<Vec<_>>(), THRESHOLD)
    } else {
        people
            .values()
            .map(|row| row.iter().cloned().map(Some).collect())
            .collect()
    };
    let kept: HashMap<i64, Vec<Option<String>>> = people.keys().copied().zip(kept).collect();
    let rows = records
        .iter()
        .map(|r| {
            let values = kept.get(&r.person_id).cloned().unwrap_or_default();
            let mut values = values.into_iter();
            ScoreRow {
                pseudonym: app.pseudonym_key.pseudonym(programme.id, r.person_id),
                sex: values.next().flatten(),
                age_band: values.next().flatten(),
                occasion: r.answer.occasion.code(),
                answered_on: r.answer.answered_on,
                score: r.answer.score,
            }
        })
        .collect();
    app.audit(
        &mut tx,
        actor,
        "scores.export",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(rows)
}

/// The instruments that can be reported on, newest version of each.
pub async fn reportable(app: &App, actor: &Actor) -> Result<Vec<Instrument>> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin().await?;
    let list = latest_instruments(&mut tx).await?;
    tx.commit().await?;
    Ok(list.into_iter().map(|(_, i)| i).collect())
}

/// The instruments staff can enter answers to, newest version of each.
pub async fn answerable(app: &App, actor: &Actor) -> Result<Vec<Instrument>> {
    actor.require(Capability::ManageParticipants)?;
    let mut tx = app.begin().await?;
    let list = latest_instruments(&mut tx).await?;
    tx.commit().await?;
    Ok(list.into_iter().map(|(_, i)| i).collect())
}
