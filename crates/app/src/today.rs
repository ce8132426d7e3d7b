//! What a start page says there is to do today, per role: counts with links rather than lists,
//! each panel read in one query so the page stays fast as the register grows.

use crate::effects::{EffectsQuery, programme_effects};
use crate::{Actor, App, Result};
use std::collections::HashMap;
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::plan::Appointment;
use stegvis_storage::{episodes, ideas, plans, programmes};
use time::{Date, Duration};

/// How far back a referral counts as new on the coordinator's start page: two weeks, the
/// rhythm of the case reviews the referral should reach.
pub const NEW_REFERRAL_DAYS: i64 = 14;

/// At most this many appointments are listed for the week; the count says if there are more.
pub const APPOINTMENTS_SHOWN: i64 = 10;

/// An appointment this week with whose it is.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub appointment: Appointment,
    pub person_id: i64,
    pub person_name: String,
}

/// The coordinator's day: the counts of each panel.
#[derive(Debug, Clone, Default)]
pub struct CoordinatorToday {
    pub new_referrals: i64,
    pub awaiting_consent: i64,
    pub follow_ups_due: i64,
    pub questionnaires_due: usize,
    pub appointments: Vec<Upcoming>,
    pub plans_awaiting_comment: i64,
}

/// A case officer's day: their people and their week.
#[derive(Debug, Clone, Default)]
pub struct CaseOfficerToday {
    pub open_people: i64,
    pub appointments: Vec<Upcoming>,
}

/// A programme's effects at a glance, as the reader may see them (disclosure control applied
/// by the effects use case): `None` where a figure is hidden or not yet there.
#[derive(Debug, Clone)]
pub struct Glance {
    pub programme_id: i64,
    pub programme_name: String,
    pub participants: u64,
    /// Mean months with public support per followed-up participant, before and after, and n.
    pub support: Option<(f64, f64, u64)>,
    /// People who have held a job in a social enterprise.
    pub jobs_held: Option<u64>,
}

/// Monday of the week of `day`, and the Monday after.
pub fn week_of(day: Date) -> (Date, Date) {
    let monday = day - Duration::days(i64::from(day.weekday().number_days_from_monday()));
    (monday, monday + Duration::days(7))
}

pub async fn coordinator(app: &App, actor: &Actor) -> Result<CoordinatorToday> {
    actor.require(Capability::ManageParticipants)?;
    let scope = actor.person_scope();
    let today = app.today();
    let mut tx = app.begin_read().await?;
    let (awaiting_consent, new_referrals, follow_ups_due) = episodes::today_counts(
        &mut tx,
        scope,
        today - Duration::days(NEW_REFERRAL_DAYS),
        today,
    )
    .await?;
    let programme_ids: Vec<i64> = programmes::list(&mut tx, crate::programmes::scope(actor))
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    // Only the number is shown, so the instruments' titles (a parse of every stored
    // definition) are not needed here.
    let questionnaires_due =
        crate::questionnaires::due_in(&mut tx, &programme_ids, None, &HashMap::new(), today)
            .await?
            .len();
    let appointments = week(&mut tx, actor, today).await?;
    let idea_scope = actor
        .principal()
        .map_or(stegvis_domain::access::IdeaScope::All, |p| p.idea_scope());
    let plans_awaiting_comment = ideas::plans_awaiting_comment(&mut tx, idea_scope).await?;
    tx.commit().await?;
    audit_week(app, actor, &appointments).await?;
    Ok(CoordinatorToday {
        new_referrals,
        awaiting_consent,
        follow_ups_due,
        questionnaires_due,
        appointments,
        plans_awaiting_comment,
    })
}

pub async fn case_officer(app: &App, actor: &Actor) -> Result<CaseOfficerToday> {
    actor.require(Capability::ViewPersons)?;
    let mut tx = app.begin_read().await?;
    let open_people = episodes::open_people(&mut tx, actor.person_scope()).await?;
    let appointments = week(&mut tx, actor, app.today()).await?;
    tx.commit().await?;
    audit_week(app, actor, &appointments).await?;
    Ok(CaseOfficerToday {
        open_people,
        appointments,
    })
}

async fn week(tx: &mut stegvis_storage::Tx, actor: &Actor, today: Date) -> Result<Vec<Upcoming>> {
    let (_, next_monday) = week_of(today);
    Ok(plans::appointments_between(
        tx,
        actor.person_scope(),
        today,
        next_monday,
        APPOINTMENTS_SHOWN,
    )
    .await?
    .into_iter()
    .map(|(appointment, person_id, person_name)| Upcoming {
        appointment,
        person_id,
        person_name,
    })
    .collect())
}

/// The week's appointments name people, so showing them is a read of their records.
async fn audit_week(app: &App, actor: &Actor, appointments: &[Upcoming]) -> Result<()> {
    if appointments.is_empty() {
        return Ok(());
    }
    let records: Vec<RecordRef> = appointments
        .iter()
        .map(|u| RecordRef::new("person", u.person_id))
        .collect();
    app.audit_reads(actor, "start.appointments", &records).await
}

/// The effects at a glance of the programmes the steering group or evaluator may see, newest
/// first: at most three.
pub async fn glances(app: &App, actor: &Actor) -> Result<Vec<Glance>> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin_read().await?;
    let mut list = programmes::list(&mut tx, crate::programmes::scope(actor)).await?;
    tx.commit().await?;
    list.truncate(3);
    let mut glances = Vec::with_capacity(list.len());
    for programme in list {
        let query = EffectsQuery::parse("", "", app.today())?;
        let report = programme_effects(app, actor, programme.id, query).await?;
        let support = &report.public_support;
        glances.push(Glance {
            programme_id: programme.id,
            programme_name: programme.name,
            participants: report.participants.total,
            support: match (
                support.suppressed,
                support.months_before_mean,
                support.months_after_mean,
            ) {
                (false, Some(before), Some(after)) => Some((before, after, support.n)),
                _ => None,
            },
            jobs_held: if report.enterprise_jobs.suppressed {
                None
            } else {
                report.enterprise_jobs.held
            },
        });
    }
    Ok(glances)
}
