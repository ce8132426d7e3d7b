//! The data subject's rights and retention: export (GDPR art. 15), anonymisation (art. 17) and
//! the operator's retention rule (gallringsregel) applied on a schedule.
//!
//! The operator is the controller of its participants' data, so only its coordinator exercises
//! these rights, and only for the people of their own operator; the command line (the machine's
//! operator) may do so for anyone. Audit events name the person by id only.

use crate::{Actor, App, AppError, Result};
use serde::Serialize;
use std::collections::HashMap;
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::consent::{ConsentForm, ConsentScope};
use stegvis_domain::episode::{
    DurationBand, EducationLevel, EpisodeStatus, ExitReason, Occupation, Snapshot,
};
use stegvis_domain::income::IncomeMonth;
use stegvis_domain::person::{Person, PersonSex};
use stegvis_domain::plan::{ActivityKind, StepOwner, format_local};
use stegvis_domain::retention::{RetentionRuleInput, cutoff};
use stegvis_domain::timestamp::{Timestamp, format_date};
use stegvis_storage::persons;
use stegvis_storage::scheduled;
use stegvis_storage::{
    Tx, episodes, income, organisations, plans, programmes, retention, subject_access, users,
};
use time::Date;

/// Something the export refers to by id, with its name so the reader needs no other register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// Everything Stegvis holds about one person, for a subject access request (art. 15).
/// Dates are `YYYY-MM-DD`, instants UTC, choices their stable codes.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExport {
    pub exported_at: Timestamp,
    pub person: ExportedPerson,
    /// Participant logins linked to the person.
    pub accounts: Vec<ExportedAccount>,
    /// Newest referral first, each with everything recorded in it.
    pub episodes: Vec<ExportedEpisode>,
    /// The monthly income timeline, oldest month first.
    pub income_months: Vec<IncomeMonth>,
    /// Jobs and other ties to social enterprises, newest first.
    pub enterprise_jobs: Vec<ExportedJob>,
    /// Business-idea teams the person is in.
    pub idea_teams: Vec<ExportedIdeaTeam>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedJob {
    pub enterprise: Named,
    /// The employment form's code.
    pub form: String,
    pub role_title: Option<String>,
    pub hours_per_week: Option<f64>,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedIdeaTeam {
    pub idea: Named,
    pub stage: String,
    pub role: Option<String>,
    pub joined_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedPerson {
    pub id: i64,
    /// The controller: the operator the person belongs to.
    pub operator: Named,
    /// In full, 12 digits without separator.
    pub personnummer: Option<String>,
    pub birth_year: i32,
    pub birth_date: Option<String>,
    pub sex: PersonSex,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub preferred_language: Option<String>,
    pub interpreter_needed: bool,
    pub protected_identity: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub anonymised_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedEpisode {
    pub id: i64,
    pub programme: Named,
    pub status: EpisodeStatus,
    pub referred_on: String,
    /// `None` for a self-referral.
    pub referring_organisation: Option<Named>,
    pub assigned_organisation: Option<Named>,
    pub intake_on: Option<String>,
    pub exit_on: Option<String>,
    pub exit_reason: Option<ExitReason>,
    pub baseline: Option<ExportedSnapshot>,
    pub exit_data: Option<ExportedSnapshot>,
    pub consents: Vec<ExportedConsent>,
    pub follow_ups: Vec<ExportedFollowUp>,
    pub plan: Vec<ExportedGoal>,
    pub notes: Vec<ExportedNote>,
    pub appointments: Vec<ExportedAppointment>,
    pub attendance: Vec<ExportedAttendance>,
    pub questionnaires: Vec<ExportedQuestionnaire>,
}

/// A questionnaire the person answered, with every answer as stored (health data, art. 15).
#[derive(Debug, Clone, Serialize)]
pub struct ExportedQuestionnaire {
    pub instrument: String,
    pub occasion: String,
    pub status: String,
    pub mode: String,
    pub answered_on: Option<String>,
    pub score: Option<f64>,
    /// Item key → the value given.
    pub answers: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedSnapshot {
    pub education: EducationLevel,
    pub occupation: Occupation,
    pub occupation_percent: u8,
    pub time_outside: Option<DurationBand>,
    pub time_on_support: Option<DurationBand>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedConsent {
    pub scope: ConsentScope,
    pub partner_organisation: Option<Named>,
    pub given_on: String,
    pub form: ConsentForm,
    pub information_version: String,
    pub withdrawn_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedFollowUp {
    pub months_after: u8,
    pub due_on: String,
    pub done_on: Option<String>,
    pub reached: Option<bool>,
    pub occupation: Option<Occupation>,
    pub occupation_percent: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedGoal {
    pub title: String,
    pub achieved_on: Option<String>,
    pub steps: Vec<ExportedStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedStep {
    pub description: String,
    pub owner: StepOwner,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedNote {
    pub written_at: Timestamp,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedAppointment {
    /// Local Swedish time, `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub title: String,
    pub place: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedAttendance {
    pub activity: String,
    pub kind: ActivityKind,
    pub held_on: String,
    pub attended: bool,
    pub minutes: i64,
}

/// What a retention run found, or did, per operator with a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    pub operators: Vec<OperatorReport>,
}

impl RetentionReport {
    /// The number of people anonymised (or, in a dry run, due) over all operators.
    pub fn total(&self) -> usize {
        self.operators.iter().map(|o| o.persons.len()).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorReport {
    pub operator_id: i64,
    pub operator_name: String,
    pub decision_reference: String,
    pub decided_on: Date,
    pub years_after_exit: u8,
    /// People whose last exit lies before this date are due.
    pub cutoff: Date,
    /// Each person due, with the identifying fields that go (see
    /// [`retention::identifying_fields`] for the names).
    pub persons: Vec<(i64, Vec<&'static str>)>,
}

/// Loads a person the actor may exercise data rights for; anyone else is "not found".
async fn subject(tx: &mut Tx, actor: &Actor, person_id: i64) -> Result<Person> {
    actor.require(Capability::ExerciseDataRights)?;
    persons::get(tx, actor.person_scope(), person_id)
        .await?
        .ok_or(AppError::NotFound)
}

fn day(date: Date) -> String {
    format_date(date)
}

fn snapshot(snapshot: &Snapshot) -> ExportedSnapshot {
    ExportedSnapshot {
        education: snapshot.education,
        occupation: snapshot.occupation,
        occupation_percent: snapshot.occupation_percent,
        time_outside: snapshot.time_outside,
        time_on_support: snapshot.time_on_support,
    }
}

/// Everything held about a person (art. 15), in one transaction with a constant number of
/// queries whatever the number of episodes.
pub async fn export(app: &App, actor: &Actor, person_id: i64) -> Result<PersonExport> {
    let mut tx = app.begin().await?;
    let person = subject(&mut tx, actor, person_id).await?;
    let scope = actor.person_scope();
    let episodes = episodes::for_person(&mut tx, scope, person_id).await?;
    let episode_ids: Vec<i64> = episodes.iter().map(|e| e.id).collect();
    let mut programme_ids: Vec<i64> = episodes.iter().map(|e| e.programme_id).collect();
    programme_ids.sort_unstable();
    programme_ids.dedup();
    let programme_names: HashMap<i64, String> = programmes::names(&mut tx, &programme_ids)
        .await?
        .into_iter()
        .collect();
    let organisation_names: HashMap<i64, String> = organisations::list(&mut tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let consents = episodes::consents_for(&mut tx, scope, &episode_ids).await?;
    let follow_ups = episodes::follow_ups_for(&mut tx, scope, &episode_ids).await?;
    let goals = plans::goals_for(&mut tx, scope, &episode_ids).await?;
    let notes = plans::notes_for(&mut tx, scope, &episode_ids).await?;
    let appointments = plans::appointments_for(&mut tx, scope, &episode_ids).await?;
    let attendance = plans::attendance_of_episodes(&mut tx, scope, &episode_ids).await?;
    let responses =
        stegvis_storage::questionnaires::for_episodes(&mut tx, scope, &episode_ids).await?;
    let income_months = income::for_person(&mut tx, scope, person_id).await?;
    let accounts = users::linked_to_person(&mut tx, person_id).await?;
    let jobs = subject_access::memberships_of(&mut tx, scope, person_id).await?;
    let teams = subject_access::idea_teams_of(&mut tx, scope, person_id).await?;

    let organisation = |id: i64| Named {
        id,
        name: organisation_names.get(&id).cloned().unwrap_or_default(),
    };
    let exported_episodes = episodes
        .iter()
        .map(|e| ExportedEpisode {
            id: e.id,
            programme: Named {
                id: e.programme_id,
                name: programme_names
                    .get(&e.programme_id)
                    .cloned()
                    .unwrap_or_default(),
            },
            status: e.status,
            referred_on: day(e.referred_on),
            referring_organisation: e.referring_organisation_id.map(organisation),
            assigned_organisation: e.assigned_organisation_id.map(organisation),
            intake_on: e.intake_on.map(day),
            exit_on: e.exit_on.map(day),
            exit_reason: e.exit_reason,
            baseline: e.baseline.as_ref().map(snapshot),
            exit_data: e.exit_data.as_ref().map(snapshot),
            consents: consents
                .iter()
                .filter(|c| c.episode_id == e.id)
                .map(|c| ExportedConsent {
                    scope: c.scope,
                    partner_organisation: c.partner_organisation_id.map(organisation),
                    given_on: day(c.given_on),
                    form: c.form,
                    information_version: c.information_version.clone(),
                    withdrawn_on: c.withdrawn_on.map(day),
                })
                .collect(),
            questionnaires: responses
                .iter()
                .filter(|r| r.episode_id == e.id)
                .map(|r| ExportedQuestionnaire {
                    instrument: r.instrument_key.clone(),
                    occasion: r.occasion.code(),
                    status: match r.status {
                        stegvis_domain::questionnaire::ResponseStatus::Draft => "draft",
                        stegvis_domain::questionnaire::ResponseStatus::Complete => "complete",
                    }
                    .to_string(),
                    mode: r.mode.code().to_string(),
                    answered_on: r.answered_on.map(day),
                    score: r.score,
                    answers: serde_json::from_str(&r.answers).unwrap_or_default(),
                })
                .collect(),
            follow_ups: follow_ups
                .iter()
                .filter(|f| f.episode_id == e.id)
                .map(|f| ExportedFollowUp {
                    months_after: f.months_after,
                    due_on: day(f.due_on),
                    done_on: f.done_on.map(day),
                    reached: f.reached,
                    occupation: f.occupation,
                    occupation_percent: f.occupation_percent,
                })
                .collect(),
            plan: goals
                .iter()
                .filter(|g| g.episode_id == e.id)
                .map(|g| ExportedGoal {
                    title: g.title.clone(),
                    achieved_on: g.achieved_on.map(day),
                    steps: g
                        .steps
                        .iter()
                        .map(|s| ExportedStep {
                            description: s.description.clone(),
                            owner: s.owner,
                            due_on: s.due_on.map(day),
                            done_on: s.done_on.map(day),
                        })
                        .collect(),
                })
                .collect(),
            notes: notes
                .iter()
                .filter(|n| n.episode_id == e.id)
                .map(|n| ExportedNote {
                    written_at: n.created_at,
                    body: n.body.clone(),
                })
                .collect(),
            appointments: appointments
                .iter()
                .filter(|a| a.episode_id == e.id)
                .map(|a| ExportedAppointment {
                    starts_at: format_local(a.starts_at),
                    title: a.title.clone(),
                    place: a.place.clone(),
                })
                .collect(),
            attendance: attendance
                .iter()
                .filter(|a| a.episode_id == e.id)
                .map(|a| ExportedAttendance {
                    activity: a.activity.title.clone(),
                    kind: a.activity.kind,
                    held_on: day(a.activity.held_on),
                    attended: a.attended,
                    minutes: a.minutes,
                })
                .collect(),
        })
        .collect();
    let export = PersonExport {
        exported_at: app.now(),
        person: ExportedPerson {
            id: person.id,
            operator: organisation(person.operator_id),
            personnummer: person.personnummer.map(|p| p.canonical()),
            birth_year: person.birth_year,
            birth_date: person.birth_date.map(day),
            sex: person.sex,
            given_name: person.given_name,
            family_name: person.family_name,
            preferred_language: person.preferred_language,
            interpreter_needed: person.interpreter_needed,
            protected_identity: person.protected_identity,
            address: person.address,
            phone: person.phone,
            email: person.email,
            created_at: person.created_at,
            updated_at: person.updated_at,
            anonymised_at: person.anonymised_at,
        },
        accounts: accounts
            .into_iter()
            .map(|u| ExportedAccount {
                username: u.username,
                display_name: u.display_name,
                role: u.role,
                active: u.active,
                created_at: u.created_at,
            })
            .collect(),
        episodes: exported_episodes,
        income_months,
        enterprise_jobs: jobs
            .into_iter()
            .map(|m| ExportedJob {
                enterprise: Named {
                    id: m.enterprise_id,
                    name: m.enterprise_name,
                },
                form: m.form,
                role_title: m.role_title,
                hours_per_week: m.hours_tenths.map(|t| t as f64 / 10.0),
                starts_on: m.starts_on,
                ends_on: m.ends_on,
            })
            .collect(),
        idea_teams: teams
            .into_iter()
            .map(|t| ExportedIdeaTeam {
                idea: Named {
                    id: t.idea_id,
                    name: t.idea_title,
                },
                stage: t.stage,
                role: t.role,
                joined_at: t.created_at,
            })
            .collect(),
    };
    app.audit(
        &mut tx,
        actor,
        "person.export",
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(export)
}

/// Anonymises a person on request (art. 17) and returns the identifying fields removed (empty
/// when nothing was left). Refused while an episode is open: the programme still works with
/// the person, so the coordinator exits the episode first.
pub async fn anonymise(app: &App, actor: &Actor, person_id: i64) -> Result<Vec<&'static str>> {
    let mut tx = app.begin().await?;
    subject(&mut tx, actor, person_id).await?;
    let open = episodes::for_person(&mut tx, actor.person_scope(), person_id)
        .await?
        .iter()
        .any(|e| e.status != EpisodeStatus::Exited);
    if open {
        return Err(AppError::field("person", "privacy-error-open-episode"));
    }
    let removed = retention::identifying_fields(&mut tx, person_id).await?;
    retention::anonymise(&mut tx, person_id, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "person.anonymise",
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(removed)
}

/// Sets an operator's retention rule. A coordinator sets their own operator's rule; the command
/// line any operator's.
pub async fn set_retention_rule(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    input: &RetentionRuleInput,
) -> Result<()> {
    actor.require(Capability::ExerciseDataRights)?;
    if actor
        .principal()
        .is_some_and(|p| p.organisation_id != Some(operator_id))
    {
        return Err(AppError::Forbidden);
    }
    let rule = input.parse(app.today())?;
    let mut tx = app.begin().await?;
    if organisations::get(&mut tx, operator_id).await?.is_none() {
        return Err(AppError::field("operator_id", "error-organisation-unknown"));
    }
    retention::set_rule(&mut tx, operator_id, &rule, actor.user_id(), app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "retention.rule",
        &[RecordRef::new("organisation", operator_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies the retention rules as of `today`: finds, per operator with a rule, the people whose
/// last exit lies more than the rule's years back and no episode is open, and (unless
/// `dry_run`) anonymises exactly those, with one "retention.run" audit event per operator naming
/// them. A dry run changes and records nothing.
///
/// The command line applies every operator's rule; a coordinator only their own operator's, so
/// a scheduled job or a button in the web can serve either. All in one transaction: the
/// report describes what committed.
pub async fn run_retention(
    app: &App,
    actor: &Actor,
    today: Date,
    dry_run: bool,
) -> Result<RetentionReport> {
    actor.require(Capability::ExerciseDataRights)?;
    let mut tx = app.begin().await?;
    let report = retention_in(&mut tx, app, actor, today, dry_run).await?;
    tx.commit().await?;
    Ok(report)
}

/// The job name under which the daily retention run records its day.
pub const RETENTION_JOB: &str = "retention";

/// Applies every operator's retention rule once for today, unless it already ran today on any
/// server. The server calls this every few minutes, so the rules apply daily without anyone
/// remembering to run them. The run, its record of the day and its audit events (one per
/// operator as for the command line, and one "retention.scheduled" for the run even when
/// nobody was due) commit together: a run that fails leaves nothing, and the next call retries.
pub async fn run_scheduled_retention(app: &App) -> Result<Option<RetentionReport>> {
    let actor = Actor::system("scheduled retention");
    let today = app.today();
    let mut tx = app.begin().await?;
    if !scheduled::claim(&mut tx, RETENTION_JOB, today, app.now()).await? {
        return Ok(None);
    }
    let report = retention_in(&mut tx, app, &actor, today, false).await?;
    let changed = i64::try_from(report.total()).unwrap_or(i64::MAX);
    scheduled::finish(&mut tx, RETENTION_JOB, today, app.now(), changed).await?;
    app.audit(&mut tx, &actor, "retention.scheduled", &[])
        .await?;
    tx.commit().await?;
    Ok(Some(report))
}

/// How many of the latest daily runs the retention page lists.
pub const RUNS_SHOWN: i64 = 14;

/// The retention page of a coordinator's own operator: the rule, who a run today would
/// anonymise, and the latest daily runs.
#[derive(Debug, Clone)]
pub struct RetentionOverview {
    pub operator_id: i64,
    pub rule: Option<stegvis_domain::retention::Rule>,
    /// A dry run as of today; `None` without a rule.
    pub preview: Option<OperatorReport>,
    pub runs: Vec<scheduled::ScheduledRun>,
}

/// The dry-run preview of the operator's retention rule. Which people are due is a fact about
/// them, so a preview that names anyone is recorded as a read of their records.
pub async fn retention_overview(app: &App, actor: &Actor) -> Result<RetentionOverview> {
    actor.require(Capability::ExerciseDataRights)?;
    let operator_id = actor
        .principal()
        .and_then(|p| p.organisation_id)
        .ok_or(AppError::Forbidden)?;
    let mut tx = app.begin_read().await?;
    let rule = retention::rule_for(&mut tx, operator_id).await?;
    let preview = retention_in(&mut tx, app, actor, app.today(), true)
        .await?
        .operators
        .into_iter()
        .next();
    let runs = scheduled::recent(&mut tx, RETENTION_JOB, RUNS_SHOWN).await?;
    tx.commit().await?;
    if let Some(report) = &preview
        && !report.persons.is_empty()
    {
        let records: Vec<RecordRef> = report
            .persons
            .iter()
            .map(|(id, _)| RecordRef::new("person", *id))
            .collect();
        app.audit_reads(actor, "retention.preview", &records)
            .await?;
    }
    Ok(RetentionOverview {
        operator_id,
        rule,
        preview,
        runs,
    })
}

async fn retention_in(
    tx: &mut Tx,
    app: &App,
    actor: &Actor,
    today: Date,
    dry_run: bool,
) -> Result<RetentionReport> {
    let rules = match actor.principal() {
        None => retention::rules(tx).await?,
        Some(principal) => match principal.organisation_id {
            Some(operator_id) => retention::rule_for(tx, operator_id)
                .await?
                .into_iter()
                .collect(),
            None => return Err(AppError::Forbidden),
        },
    };
    let names: HashMap<i64, String> = organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let now = app.now();
    let mut operators = Vec::with_capacity(rules.len());
    for rule in rules {
        let cutoff = cutoff(today, rule.years_after_exit);
        let due = retention::due_for_anonymisation(tx, rule.operator_id, cutoff).await?;
        let mut persons = Vec::with_capacity(due.len());
        for person_id in due {
            let fields = retention::identifying_fields(tx, person_id).await?;
            if !dry_run {
                retention::anonymise(tx, person_id, now).await?;
            }
            persons.push((person_id, fields));
        }
        if !dry_run {
            let records: Vec<RecordRef> =
                std::iter::once(RecordRef::new("organisation", rule.operator_id))
                    .chain(persons.iter().map(|(id, _)| RecordRef::new("person", *id)))
                    .collect();
            app.audit(tx, actor, "retention.run", &records).await?;
        }
        operators.push(OperatorReport {
            operator_id: rule.operator_id,
            operator_name: names.get(&rule.operator_id).cloned().unwrap_or_default(),
            decision_reference: rule.decision_reference,
            decided_on: rule.decided_on,
            years_after_exit: rule.years_after_exit,
            cutoff,
            persons,
        });
    }
    Ok(RetentionReport { operators })
}
