//! Use cases over the audit log: verification, review (loggkontroll) and culling.

use crate::{Actor, App, Result};
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::timestamp::Timestamp;
use stegvis_storage::audit::{self, Event, EventFilter, Verification};

/// Checks the whole chain; reading the log is itself not logged, as it holds ids only.
pub async fn verify(app: &App, actor: &Actor) -> Result<Verification> {
    actor.require(Capability::ReviewAuditLog)?;
    let mut tx = app.begin().await?;
    let verification = audit::verify(&mut tx, &app.audit_key).await?;
    tx.commit().await?;
    Ok(verification)
}

/// A page of events, newest first. Reviewing the log is recorded, so a reviewer's searches can
/// themselves be reviewed.
pub async fn search(
    app: &App,
    actor: &Actor,
    filter: &EventFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<Event>> {
    actor.require(Capability::ReviewAuditLog)?;
    let mut tx = app.begin().await?;
    let events = audit::search(&mut tx, filter, before_seq, limit.clamp(1, 1000)).await?;
    let mut records = Vec::new();
    if let Some(user_id) = filter.actor_user_id {
        records.push(RecordRef::new("user", user_id));
    }
    app.audit(&mut tx, actor, "audit.search", &records).await?;
    tx.commit().await?;
    Ok(events)
}

/// Deletes entries older than `cutoff`, keeping the chain verifiable; the culling is logged.
pub async fn cull(app: &App, actor: &Actor, cutoff: Timestamp) -> Result<u64> {
    actor.require(Capability::ReviewAuditLog)?;
    let mut tx = app.begin().await?;
    let removed = audit::cull_before(&mut tx, &app.audit_key, cutoff).await?;
    app.audit(&mut tx, actor, "audit.cull", &[]).await?;
    tx.commit().await?;
    Ok(removed)
}
