//! Use cases for a programme's activities and group events, and attendance at them.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, ProgrammeScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::plan::{Activity, ActivityInput};
use stegvis_domain::programme::Programme;
use stegvis_storage::plans;
use stegvis_storage::programmes;
use stegvis_storage::{Tx, episodes, organisations};

/// Loads a programme whose activities the actor runs.
async fn managed_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ManageActivities)?;
    let scope = actor
        .principal()
        .map_or(ProgrammeScope::All, |p| p.programme_scope());
    let programme = programmes::get(tx, scope, programme_id)
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

/// A programme's activities, newest first.
pub async fn list(
    app: &App,
    actor: &Actor,
    programme_id: i64,
) -> Result<(Programme, Vec<Activity>)> {
    let mut tx = app.begin().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let activities = plans::activities_of(&mut tx, programme_id, 500).await?;
    tx.commit().await?;
    Ok((programme, activities))
}

pub async fn create(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &ActivityInput,
) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    managed_programme(&mut tx, actor, programme_id).await?;
    if let Some(provider) = draft.provider_organisation_id
        && organisations::get(&mut tx, provider).await?.is_none()
    {
        return Err(AppError::field(
            "provider_organisation_id",
            "error-organisation-unknown",
        ));
    }
    let id = plans::insert_activity(
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
        "activity.create",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("activity", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One line of an activity's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterLine {
    pub episode_id: i64,
    pub person_id: i64,
    pub name: String,
    /// `None` when no attendance is recorded yet.
    pub attended: Option<bool>,
}

/// The register: everyone taking part in the programme, with attendance recorded so far.
pub async fn register(
    app: &App,
    actor: &Actor,
    activity_id: i64,
) -> Result<(Programme, Activity, Vec<RegisterLine>)> {
    let mut tx = app.begin().await?;
    let activity = plans::get_activity(&mut tx, activity_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = managed_programme(&mut tx, actor, activity.programme_id).await?;
    let scope = actor.person_scope();
    let recorded = plans::register_of(&mut tx, scope, activity_id).await?;
    let lines: Vec<RegisterLine> =
        episodes::participating_in(&mut tx, scope, activity.programme_id)
            .await?
            .into_iter()
            .map(|(episode_id, person_id, name)| RegisterLine {
                attended: recorded
                    .iter()
                    .find(|(e, _, _)| *e == episode_id)
                    .map(|(_, a, _)| *a),
                episode_id,
                person_id,
                name,
            })
            .collect();
    let mut records = vec![RecordRef::new("activity", activity_id)];
    records.extend(lines.iter().map(|l| RecordRef::new("person", l.person_id)));
    app.audit(&mut tx, actor, "activity.register", &records)
        .await?;
    tx.commit().await?;
    Ok((programme, activity, lines))
}

/// Records who attended: those in `present` attended for the activity's length, everyone
/// else taking part in the programme is recorded as absent.
pub async fn record_attendance(
    app: &App,
    actor: &Actor,
    activity_id: i64,
    present: &[i64],
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let activity = plans::get_activity(&mut tx, activity_id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_programme(&mut tx, actor, activity.programme_id).await?;
    let participating =
        episodes::participating_in(&mut tx, actor.person_scope(), activity.programme_id).await?;
    if let Some(unknown) = present
        .iter()
        .find(|id| !participating.iter().any(|(e, _, _)| e == *id))
    {
        return Err(AppError::Invalid(
            stegvis_domain::validation::ValidationErrors::single(
                stegvis_domain::validation::FieldError::new(
                    "present",
                    "activity-error-not-participating",
                )
                .with_arg("id", unknown),
            ),
        ));
    }
    let mut records = vec![RecordRef::new("activity", activity_id)];
    for (episode_id, person_id, _) in &participating {
        let attended = present.contains(episode_id);
        let minutes = if attended { activity.minutes } else { 0 };
        plans::set_attendance(&mut tx, activity_id, *episode_id, attended, minutes).await?;
        records.push(RecordRef::new("person", *person_id));
    }
    app.audit(&mut tx, actor, "activity.attendance", &records)
        .await?;
    tx.commit().await?;
    Ok(activity.programme_id)
}
