//! Following a programme's targets: how far each has come, derived from Stegvis's own records
//! or recorded by hand with a date and a comment (docs/methods.md, "Target progress").
//!
//! Targets are aggregates, not personal data, so reading them is not audited; recording a value
//! is. A count of people (participants, those who left for work or studies) goes to the
//! aggregate-only roles only from the disclosure threshold up.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::change::Audience;
use stegvis_domain::disclosure::THRESHOLD;
use stegvis_domain::programme::{Programme, Target, TargetKind};
use stegvis_domain::steering::{Progress, ReadingInput};
use stegvis_storage::effects::Selection;
use stegvis_storage::targets::{self as store, Reading};
use stegvis_storage::{Tx, handbook, programmes};

/// Where a target's current value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Current {
    /// Counted by Stegvis now.
    Derived(i64),
    /// A count of people below the disclosure threshold, hidden from the aggregate roles.
    Suppressed,
    /// The latest reading of a target followed by hand.
    Recorded(Reading),
    /// Followed by hand, with no reading yet.
    NotRecorded,
}

/// One target with how far it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    pub target: Target,
    pub current: Current,
    /// Every reading, newest first; empty for derived targets.
    pub history: Vec<Reading>,
}

impl TargetStatus {
    /// Current against target, when there is a current value the reader may see.
    pub fn progress(&self) -> Option<Progress> {
        let current = match &self.current {
            Current::Derived(n) => *n,
            Current::Recorded(reading) => reading.value,
            Current::Suppressed | Current::NotRecorded => return None,
        };
        Some(Progress {
            current,
            target: self.target.target_value,
        })
    }
}

/// The count behind a derived kind over `chosen`, or `None` for a target followed by hand.
/// The handbook counts 1 once the operator has published an edition.
pub(crate) async fn derived(
    tx: &mut Tx,
    chosen: Selection,
    operator_id: i64,
    kind: TargetKind,
) -> Result<Option<u64>> {
    if kind == TargetKind::Handbook {
        let published = !handbook::editions(tx, operator_id).await?.is_empty();
        return Ok(Some(u64::from(published)));
    }
    Ok(store::derived(tx, chosen, kind).await?)
}

fn visible(kind: TargetKind, n: u64, audience: Audience) -> Current {
    if kind.counts_people() && audience.is_aggregate() && (1..THRESHOLD).contains(&n) {
        Current::Suppressed
    } else {
        Current::Derived(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// The status of every target of a programme, as `audience` may see it.
pub(crate) async fn statuses(
    tx: &mut Tx,
    programme: &Programme,
    audience: Audience,
) -> Result<Vec<TargetStatus>> {
    let readings = store::readings(tx, programme.id).await?;
    let mut statuses = Vec::new();
    for target in programmes::targets(tx, programme.id).await? {
        let mut history: Vec<Reading> = readings
            .iter()
            .filter(|r| r.target_id == target.id)
            .cloned()
            .collect();
        history.reverse();
        let current = if target.kind.is_derived() {
            history.clear();
            match derived(
                tx,
                Selection::Programme(programme.id),
                programme.operator_id,
                target.kind,
            )
            .await?
            {
                Some(n) => visible(target.kind, n, audience),
                None => Current::NotRecorded,
            }
        } else {
            history
                .first()
                .cloned()
                .map_or(Current::NotRecorded, Current::Recorded)
        };
        statuses.push(TargetStatus {
            target,
            current,
            history,
        });
    }
    Ok(statuses)
}

/// The targets of a programme the actor sees, with their progress.
pub async fn list(app: &App, actor: &Actor, programme_id: i64) -> Result<Vec<TargetStatus>> {
    actor.require(stegvis_domain::access::Capability::ViewProgrammes)?;
    let mut tx = app.begin_read().await?;
    let programme = programmes::get(&mut tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = statuses(&mut tx, &programme, crate::effects::audience(actor)).await?;
    tx.commit().await?;
    Ok(list)
}

/// Records a value of a target followed by hand; a derived target refuses one, since Stegvis
/// counts it.
pub async fn record(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    target_id: i64,
    input: &ReadingInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    crate::programmes::managed(&mut tx, actor, programme_id).await?;
    let target = programmes::targets(&mut tx, programme_id)
        .await?
        .into_iter()
        .find(|t| t.id == target_id)
        .ok_or(AppError::NotFound)?;
    if target.kind.is_derived() {
        return Err(AppError::field("value", "error-target-derived"));
    }
    let reading = input.parse()?;
    let id = store::insert_reading(
        &mut tx,
        target_id,
        &reading,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "programme.record-target-value",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The targets of every programme the actor may see the measures of, with their progress: the
/// steering group's "Mål" page.
pub async fn overview(app: &App, actor: &Actor) -> Result<Vec<(Programme, Vec<TargetStatus>)>> {
    actor.require(stegvis_domain::access::Capability::ViewMeasures)?;
    let mut tx = app.begin_read().await?;
    let audience = crate::effects::audience(actor);
    let mut all = Vec::new();
    for programme in programmes::list(&mut tx, crate::programmes::scope(actor)).await? {
        let statuses = statuses(&mut tx, &programme, audience).await?;
        all.push((programme, statuses));
    }
    tx.commit().await?;
    Ok(all)
}
