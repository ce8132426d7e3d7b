//! Use cases for a programme's outreach events: recording them with their anonymous head
//! counts, the participants present by name, and the outreach figures.
//!
//! Who may do what: those who run the programme ([`Capability::ManageOutreach`], a coordinator
//! of the operator or the administrator) record events; named attendance is a participant's
//! personal data and needs [`Capability::ManageActivities`] and the person scope as well, so
//! the administrator sees counts only. The figures are for [`Capability::ViewOutreachFigures`]:
//! coordinators every figure, the aggregate roles through the disclosure-control engine
//! ([`stegvis_domain::outreach::figures`]). Every read and write of named attendance is
//! audited with the people's ids.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, PersonScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::disclosure::Audience;
use stegvis_domain::outreach::{self, EventInput, OutreachEvent, OutreachFigures};
use stegvis_domain::programme::Programme;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::outreach as store;
use stegvis_storage::{Tx, episodes, programmes};
use time::Date;

/// The most events one programme page lists.
const LIST_LIMIT: i64 = 500;

/// Loads a programme whose outreach the actor keeps.
pub(crate) async fn managed_programme(
    tx: &mut Tx,
    actor: &Actor,
    programme_id: i64,
) -> Result<Programme> {
    actor.require(Capability::ManageOutreach)?;
    let programme = programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor
        .principal()
        .is_some_and(|p| !p.may_manage_programme_of(programme.operator_id))
    {
        return Err(AppError::NotFound);
    }
    Ok(programme)
}

async fn managed_event(
    tx: &mut Tx,
    actor: &Actor,
    event_id: i64,
) -> Result<(Programme, OutreachEvent)> {
    actor.require(Capability::ManageOutreach)?;
    let event = store::get(tx, event_id).await?.ok_or(AppError::NotFound)?;
    let programme = managed_programme(tx, actor, event.programme_id).await?;
    Ok((programme, event))
}

/// Whether the actor sees the participants present by name: those who run the episodes.
fn sees_names(actor: &Actor) -> bool {
    actor.require(Capability::ManageActivities).is_ok() && actor.person_scope().runs_episodes()
}

/// An event in the list, with the counts of registered people as the actor may see them.
#[derive(Debug, Clone)]
pub struct EventSummary {
    pub event: OutreachEvent,
    /// Participants present; `None` for the aggregate audiences, who get the figures only.
    pub participants: Option<u64>,
    /// People later referred who record this event; `None` as above.
    pub referrals: Option<u64>,
}

/// A programme's events and its outreach figures.
#[derive(Debug, Clone)]
pub struct ProgrammeEvents {
    pub programme: Programme,
    pub events: Vec<EventSummary>,
    pub figures: OutreachFigures,
}

/// The figures of the events held from `from` to `to`, as the actor's audience sees them.
async fn figures_between(
    tx: &mut Tx,
    actor: &Actor,
    programme_id: i64,
    from: Date,
    to: Date,
) -> Result<OutreachFigures> {
    let tallies = store::tallies(tx, programme_id, from, to).await?;
    let tallies: Vec<_> = tallies.into_iter().map(|(_, t)| t).collect();
    Ok(outreach::figures(&tallies, crate::effects::audience(actor)))
}

/// A programme's events, newest first, with its figures over the programme's period up to
/// today.
pub async fn list(app: &App, actor: &Actor, programme_id: i64) -> Result<ProgrammeEvents> {
    let mut tx = app.begin_read().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let events = store::of_programme(&mut tx, programme_id, LIST_LIMIT).await?;
    let counts = store::tallies(&mut tx, programme_id, Date::MIN, Date::MAX).await?;
    let audience = crate::effects::audience(actor);
    let figures = figures_between(
        &mut tx,
        actor,
        programme_id,
        programme.starts_on,
        app.today(),
    )
    .await?;
    tx.commit().await?;
    let events = events
        .into_iter()
        .map(|event| {
            let tally = counts
                .iter()
                .find(|(id, _)| *id == event.id)
                .map(|(_, t)| t);
            let shown = |n: Option<u64>| n.filter(|_| audience == Audience::Coordinator);
            EventSummary {
                participants: shown(tally.map(|t| t.participants)),
                referrals: shown(tally.map(|t| t.referrals)),
                event,
            }
        })
        .collect();
    Ok(ProgrammeEvents {
        programme,
        events,
        figures,
    })
}

/// Records a new event of the programme.
pub async fn create(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &EventInput,
) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    managed_programme(&mut tx, actor, programme_id).await?;
    let id = store::insert(
        &mut tx,
        programme_id,
        &draft,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "outreach.event-create",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("outreach-event", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an event, its head counts included.
pub async fn update(app: &App, actor: &Actor, event_id: i64, input: &EventInput) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    let (programme, _) = managed_event(&mut tx, actor, event_id).await?;
    store::update(&mut tx, event_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "outreach.event-update",
        &[
            RecordRef::new("programme", programme.id),
            RecordRef::new("outreach-event", event_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(programme.id)
}

/// One line of an event's register: a participant of the programme, present or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLine {
    pub episode_id: i64,
    pub person_id: i64,
    pub name: String,
    pub present: bool,
}

/// An event with what the actor may see of who came.
#[derive(Debug, Clone)]
pub struct EventDetail {
    pub programme: Programme,
    pub event: OutreachEvent,
    /// Participants present, as the actor's audience may see the count.
    pub participants: Option<u64>,
    /// People later referred who record this event, as the audience may see the count.
    pub referrals: Option<u64>,
    /// The register by name: everyone taking part in the programme now, and anyone recorded
    /// as present; `None` for those who may not see names.
    pub register: Option<Vec<RegisterLine>>,
}

/// An event; the register by name only for those who run the episodes, audited with every
/// person on it.
pub async fn get(app: &App, actor: &Actor, event_id: i64) -> Result<EventDetail> {
    let mut tx = app.begin_read().await?;
    let (programme, event) = managed_event(&mut tx, actor, event_id).await?;
    let tally = store::tallies(&mut tx, programme.id, event.held_on, event.held_on)
        .await?
        .into_iter()
        .find(|(id, _)| *id == event_id)
        .map(|(_, t)| t);
    let audience = crate::effects::audience(actor);
    let shown = |n: Option<u64>| n.filter(|_| audience == Audience::Coordinator);
    let register = if sees_names(actor) {
        Some(register_of(&mut tx, actor.person_scope(), &event).await?)
    } else {
        None
    };
    tx.commit().await?;
    if let Some(lines) = register.as_ref().filter(|l| !l.is_empty()) {
        let mut records = vec![RecordRef::new("outreach-event", event_id)];
        records.extend(lines.iter().map(|l| RecordRef::new("person", l.person_id)));
        app.audit_reads(actor, "outreach.attendance-read", &records)
            .await?;
    }
    Ok(EventDetail {
        participants: shown(tally.as_ref().map(|t| t.participants)),
        referrals: shown(tally.as_ref().map(|t| t.referrals)),
        programme,
        event,
        register,
    })
}

async fn register_of(
    tx: &mut Tx,
    scope: PersonScope,
    event: &OutreachEvent,
) -> Result<Vec<RegisterLine>> {
    let present = store::attendees(tx, scope, event.id).await?;
    let mut lines: Vec<RegisterLine> = present
        .iter()
        .map(|(episode_id, person_id, name)| RegisterLine {
            episode_id: *episode_id,
            person_id: *person_id,
            name: name.clone(),
            present: true,
        })
        .collect();
    for (episode_id, person_id, name) in
        episodes::participating_in(tx, scope, event.programme_id).await?
    {
        if !lines.iter().any(|l| l.episode_id == episode_id) {
            lines.push(RegisterLine {
                episode_id,
                person_id,
                name,
                present: false,
            });
        }
    }
    Ok(lines)
}

/// Records which participants were present: those in `present` (episode ids), everyone else
/// on the register as not present.
pub async fn record_attendance(
    app: &App,
    actor: &Actor,
    event_id: i64,
    present: &[i64],
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let (programme, event) = managed_event(&mut tx, actor, event_id).await?;
    actor.require(Capability::ManageActivities)?;
    let lines = register_of(&mut tx, actor.person_scope(), &event).await?;
    if let Some(unknown) = present
        .iter()
        .find(|id| !lines.iter().any(|l| l.episode_id == **id))
    {
        return Err(AppError::Invalid(ValidationErrors::single(
            FieldError::new("present", "activity-error-not-participating").with_arg("id", unknown),
        )));
    }
    let mut records = vec![RecordRef::new("outreach-event", event_id)];
    for line in &lines {
        store::set_present(
            &mut tx,
            event_id,
            line.episode_id,
            present.contains(&line.episode_id),
        )
        .await?;
        records.push(RecordRef::new("person", line.person_id));
    }
    app.audit(&mut tx, actor, "outreach.attendance", &records)
        .await?;
    tx.commit().await?;
    Ok(programme.id)
}

/// A programme's outreach figures over its period up to today, for everyone who may see them.
pub async fn figures(app: &App, actor: &Actor, programme_id: i64) -> Result<OutreachFigures> {
    let mut tx = app.begin_read().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let figures = figures_between(
        &mut tx,
        actor,
        programme_id,
        programme.starts_on,
        app.today(),
    )
    .await?;
    tx.commit().await?;
    Ok(figures)
}

/// The outreach figures of the events held from `since` up to today, for a meeting pack's
/// "events since the last meeting": the same figures and the same suppression as
/// [`figures`].
pub async fn events_since(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    since: Date,
) -> Result<OutreachFigures> {
    let mut tx = app.begin_read().await?;
    visible_programme(&mut tx, actor, programme_id).await?;
    let figures = figures_between(&mut tx, actor, programme_id, since, app.today()).await?;
    tx.commit().await?;
    Ok(figures)
}

async fn visible_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ViewOutreachFigures)?;
    programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// An event a referral may record as where the person came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventChoice {
    pub id: i64,
    pub programme_id: i64,
    pub programme_name: String,
    pub held_on: Date,
    pub title: String,
}

/// The events of the programmes the actor may refer to, held by today, newest first (at most
/// 200): titles and dates, no personal data.
pub async fn referral_choices(app: &App, actor: &Actor) -> Result<Vec<EventChoice>> {
    actor.require(Capability::RegisterReferrals)?;
    let mut tx = app.begin_read().await?;
    let rows = store::choosable(&mut tx, crate::programmes::scope(actor), app.today(), 200).await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, programme_id, programme_name, held_on, title)| EventChoice {
                id,
                programme_id,
                programme_name,
                held_on,
                title,
            },
        )
        .collect())
}

/// Checks the event a referral names: an event of the same programme, held on or before the
/// referral. Called by the referral use case inside its transaction.
pub(crate) async fn check_referral_event(
    tx: &mut Tx,
    event_id: i64,
    programme_id: i64,
    referred_on: Date,
) -> Result<()> {
    match store::get(tx, event_id).await? {
        Some(event) if event.programme_id == programme_id && event.held_on <= referred_on => Ok(()),
        Some(event) if event.programme_id == programme_id => {
            Err(AppError::field("event_id", "referral-error-event-after"))
        }
        _ => Err(AppError::field("event_id", "referral-error-event")),
    }
}
