//! Use cases over the audit log: verification, review (loggkontroll) and culling.

use crate::{Actor, App, AppError, Result};
use std::collections::HashMap;
use stegvis_domain::access::{Capability, PersonScope, Role};
use stegvis_domain::audit::{Event, EventFilter, RecordRef, Verification};
use stegvis_domain::person::{Person, PersonFilter};
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::User;
use stegvis_storage::{audit, persons, users};

/// Verifying and culling the whole log is the administrator's; coordinators review only the
/// entries about their own people and colleagues.
fn require_whole_log(actor: &Actor) -> Result<()> {
    actor.require(Capability::ReviewAuditLog)?;
    match actor.principal() {
        Some(p) if p.role != Role::Admin => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// A coordinator's search must name a person of their operator or a user of their
/// organisation, so the log review never shows them other operators' activity.
async fn check_coordinator_filter(
    tx: &mut stegvis_storage::Tx,
    actor: &Actor,
    filter: &EventFilter,
) -> Result<()> {
    let Some(principal) = actor.principal() else {
        return Ok(());
    };
    let PersonScope::Operator(org) = principal.person_scope() else {
        return Ok(());
    };
    if principal.role == Role::Admin {
        return Ok(());
    }
    if let Some((kind, id)) = &filter.record
        && kind == "person"
    {
        return match stegvis_storage::persons::get(tx, PersonScope::Operator(org), *id).await? {
            Some(_) => Ok(()),
            None => Err(AppError::field("post", "audit-error-person-not-yours")),
        };
    }
    if let Some(user_id) = filter.actor_user_id {
        let user = stegvis_storage::users::get(tx, user_id).await?;
        return match user {
            Some(u) if u.organisation_id == Some(org) => Ok(()),
            _ => Err(AppError::field("anvandare", "audit-error-user-not-yours")),
        };
    }
    Err(AppError::field("post", "audit-error-coordinator-scope"))
}

/// Checks the whole chain; reading the log is itself not logged, as it holds ids only.
pub async fn verify(app: &App, actor: &Actor) -> Result<Verification> {
    require_whole_log(actor)?;
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
    check_coordinator_filter(&mut tx, actor, filter).await?;
    let events = audit::search(&mut tx, filter, before_seq, limit.clamp(1, 1000)).await?;
    let mut records = Vec::new();
    if let Some(user_id) = filter.actor_user_id {
        records.push(RecordRef::new("user", user_id));
    }
    if let Some(("person", id)) = filter.record.as_ref().map(|(k, i)| (k.as_str(), *i)) {
        records.push(RecordRef::new("person", id));
    }
    app.audit(&mut tx, actor, "audit.search", &records).await?;
    tx.commit().await?;
    Ok(events)
}

/// How many people and how many users the log review's name search lists at most.
pub const SUBJECTS_SHOWN: i64 = 20;

/// The people and users whose names match a search on the log review, to pick from.
#[derive(Debug, Clone, Default)]
pub struct Subjects {
    pub people: Vec<Person>,
    pub users: Vec<User>,
}

/// Finds whose log to review by name: people within the reviewer's person scope (a
/// coordinator's operator; nobody for the administrator, who does not see participants) and
/// users of the reviewer's organisation (every user for the administrator). The search is
/// audited with the people it listed, as a list of people is.
pub async fn find_subjects(app: &App, actor: &Actor, text: &str) -> Result<Subjects> {
    actor.require(Capability::ReviewAuditLog)?;
    let text = text.trim();
    if text.chars().count() < 2 {
        return Err(AppError::field("namn", "audit-error-name-short"));
    }
    let organisation = match actor.principal() {
        Some(p) if p.role != Role::Admin => match p.organisation_id {
            Some(org) => Some(org),
            None => return Err(AppError::Forbidden),
        },
        _ => None,
    };
    let mut tx = app.begin().await?;
    let filter = PersonFilter {
        text: Some(text.to_string()),
        ..PersonFilter::default()
    };
    let (people, _) =
        persons::search(&mut tx, actor.person_scope(), &filter, SUBJECTS_SHOWN, 0).await?;
    let users = users::find_by_name(&mut tx, organisation, text, SUBJECTS_SHOWN).await?;
    let records: Vec<RecordRef> = people
        .iter()
        .map(|p| RecordRef::new("person", p.id))
        .collect();
    app.audit(&mut tx, actor, "audit.find-subject", &records)
        .await?;
    tx.commit().await?;
    Ok(Subjects { people, users })
}

/// A page of the log review in words: the events, the name of the person or user reviewed and
/// the names of the users who acted.
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub events: Vec<Event>,
    pub person_name: Option<String>,
    pub user_name: Option<String>,
    pub actor_names: HashMap<i64, String>,
}

/// [`search`], with the names the page shows instead of ids. The person's name is read within
/// the reviewer's scope, which [`search`] has already required to hold the person.
pub async fn review(
    app: &App,
    actor: &Actor,
    filter: &EventFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Review> {
    let events = search(app, actor, filter, before_seq, limit).await?;
    let mut tx = app.begin().await?;
    let person_name = match &filter.record {
        Some((kind, id)) if kind == "person" => {
            persons::names(&mut tx, actor.person_scope(), &[*id])
                .await?
                .into_iter()
                .next()
                .map(|(_, name)| name)
        }
        _ => None,
    };
    let mut ids: Vec<i64> = events.iter().filter_map(|e| e.actor_user_id).collect();
    ids.extend(filter.actor_user_id);
    ids.sort_unstable();
    ids.dedup();
    let actor_names: HashMap<i64, String> = users::display_names(&mut tx, &ids)
        .await?
        .into_iter()
        .collect();
    tx.commit().await?;
    let user_name = filter
        .actor_user_id
        .and_then(|id| actor_names.get(&id).cloned());
    Ok(Review {
        events,
        person_name,
        user_name,
        actor_names,
    })
}

/// Deletes entries older than `cutoff`, keeping the chain verifiable; the culling is logged.
pub async fn cull(app: &App, actor: &Actor, cutoff: Timestamp) -> Result<u64> {
    require_whole_log(actor)?;
    let mut tx = app.begin().await?;
    let removed = audit::cull_before(&mut tx, &app.audit_key, cutoff).await?;
    app.audit(&mut tx, actor, "audit.cull", &[]).await?;
    tx.commit().await?;
    Ok(removed)
}

/// What the audit log calls a refused request, and a user whose refusals reached the limit.
pub const ACTION_REFUSED: &str = "access.refused";
pub const ACTION_SCAN: &str = "access.scan";
/// Login refused because too many failures came from one client address.
pub const ACTION_LOGIN_THROTTLED: &str = "login.throttled";

/// Records that a logged-in user was refused a record (a 404 outside their scope or a 403 for
/// their role), with the route and the record id, in its own transaction: the request's own
/// work has been rolled back. `scanning` marks the refusal that reached the web layer's limit,
/// after which that user's refusals are no longer recorded one by one for a while.
pub async fn record_refusal(
    app: &App,
    actor: &Actor,
    records: &[RecordRef],
    scanning: bool,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let action = if scanning {
        ACTION_SCAN
    } else {
        ACTION_REFUSED
    };
    app.audit(&mut tx, actor, action, records).await?;
    tx.commit().await?;
    Ok(())
}

/// Records that a login was refused because of the failures from the client's address.
pub async fn record_login_throttled(app: &App, route: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    app.audit(&mut tx, &Actor::system(route), ACTION_LOGIN_THROTTLED, &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The users flagged for scanning in the last 30 days, newest first, for the top of the log
/// review; only the administrator reviews the whole log.
pub async fn suspected_scans(app: &App, actor: &Actor) -> Result<Vec<Event>> {
    require_whole_log(actor)?;
    let mut tx = app.begin().await?;
    let since = app.now().plus(time::Duration::days(-30));
    let filter = EventFilter {
        action_prefix: Some(ACTION_SCAN.to_string()),
        from: Some(since),
        ..EventFilter::default()
    };
    let events = audit::search(&mut tx, &filter, None, 50).await?;
    tx.commit().await?;
    Ok(events)
}
