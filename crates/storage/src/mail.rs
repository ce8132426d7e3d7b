//! E-mail reminders: what is due for whom, told by first name only, and the outbox every
//! message passes through (migration 0022, decision 0033).

use crate::schema::date;
use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

/// Who a message goes to: a staff member's account or a participant (a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    User(i64),
    Person(i64),
}

impl Recipient {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Recipient::User(id) => ("user", id),
            Recipient::Person(id) => ("person", id),
        }
    }
}

/// A message the daily job queues.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub recipient: Recipient,
    /// `digest` or `questionnaire`.
    pub kind: &'static str,
    pub day: Date,
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// Queues `message` unless one of its kind already went to, or waits for, its recipient that
/// day; returns its id when it was queued now.
pub async fn enqueue(tx: &mut Tx, message: &NewMessage, now: Timestamp) -> Result<Option<i64>> {
    let (recipient_kind, recipient_id) = message.recipient.parts();
    let sql = "INSERT INTO mail_outbox (recipient_kind, recipient_id, kind, day, to_address, subject, \
               body, status, attempts, last_error, next_attempt_at, claimed_until, created_at, sent_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, NULL, $8, NULL, $8, NULL) \
               ON CONFLICT (recipient_kind, recipient_id, kind, day) DO NOTHING RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(recipient_kind)
        .bind(recipient_id)
        .bind(message.kind)
        .bind(format_date(message.day))
        .bind(&message.to_address)
        .bind(&message.subject)
        .bind(&message.body)
        .bind(now.canonical())
        .fetch_optional(conn)
        .await)?)
}

/// A queued message ready to be sent.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pending {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// Up to `limit` messages due to be tried now, oldest first. Reading them claims nothing;
/// [`claim`] does, one row at a time.
pub async fn ready(tx: &mut Tx, now: Timestamp, limit: i64) -> Result<Vec<Pending>> {
    let sql = "SELECT id, to_address, subject, body, attempts FROM mail_outbox \
               WHERE status = 'pending' AND next_attempt_at <= $1 \
               AND to_address IS NOT NULL AND subject IS NOT NULL AND body IS NOT NULL \
               ORDER BY id LIMIT $2";
    Ok(with_conn!(tx, conn => sqlx::query_as::<_, Pending>(sql)
        .bind(now.canonical())
        .bind(limit)
        .fetch_all(conn)
        .await)?)
}

/// Claims a pending message for this server until `until`; false when another server claimed
/// it first (or it is no longer pending). The condition in the UPDATE is the lock: of two
/// servers running the same statement, exactly one changes the row.
pub async fn claim(tx: &mut Tx, id: i64, now: Timestamp, until: Timestamp) -> Result<bool> {
    let sql = "UPDATE mail_outbox SET status = 'sending', claimed_until = $3, attempts = attempts + 1 \
               WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2";
    let changed = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(now.canonical())
        .bind(until.canonical())
        .execute(conn)
        .await)?;
    Ok(changed == 1)
}

/// Records that the SMTP server accepted the message, and forgets its address and text.
pub async fn mark_sent(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    let sql = "UPDATE mail_outbox SET status = 'sent', sent_at = $2, claimed_until = NULL, \
               last_error = NULL, to_address = NULL, subject = NULL, body = NULL \
               WHERE id = $1 AND status = 'sending'";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// Records a failed attempt, to be tried again from `retry_at`.
pub async fn retry_later(tx: &mut Tx, id: i64, error: &str, retry_at: Timestamp) -> Result<()> {
    let sql = "UPDATE mail_outbox SET status = 'pending', last_error = $2, next_attempt_at = $3, \
               claimed_until = NULL WHERE id = $1 AND status = 'sending'";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(error)
        .bind(retry_at.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// Gives a message up for good after a failed attempt, forgetting its address and text.
pub async fn give_up(tx: &mut Tx, id: i64, error: &str) -> Result<()> {
    let sql = "UPDATE mail_outbox SET status = 'failed', last_error = $2, claimed_until = NULL, \
               to_address = NULL, subject = NULL, body = NULL WHERE id = $1 AND status = 'sending'";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(error)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Gives up messages whose server stopped while sending them (the claim ran out without an
/// outcome). The SMTP server may have accepted them, so they are never tried again: a lost
/// reminder is better than a second one. Returns how many.
pub async fn abandon_stale(tx: &mut Tx, now: Timestamp) -> Result<u64> {
    let sql = "UPDATE mail_outbox SET status = 'failed', \
               last_error = 'the server stopped while sending; not sent again in case it arrived', \
               claimed_until = NULL, to_address = NULL, subject = NULL, body = NULL \
               WHERE status = 'sending' AND claimed_until < $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(now.canonical())
        .execute(conn)
        .await)
    .map_err(Into::into)
}

/// Someone due something, by first name only: the one detail a reminder may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstName {
    pub person_id: i64,
    pub given_name: String,
}

/// The people in the scope with a follow-up due on or before `today` and not yet done.
pub async fn follow_ups_due(
    tx: &mut Tx,
    scope: PersonScope,
    today: Date,
) -> Result<Vec<FirstName>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT DISTINCT p.id, p.given_name FROM follow_ups f JOIN episodes e ON e.id = f.episode_id \
         JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND f.done_on IS NULL AND f.due_on <= $2 AND p.anonymised_at IS NULL \
         ORDER BY p.id"
    );
    first_names(tx, &sql, param, format_date(today)).await
}

/// The people in the scope with an appointment on `day` (local time).
pub async fn appointments_on(tx: &mut Tx, scope: PersonScope, day: Date) -> Result<Vec<FirstName>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT DISTINCT p.id, p.given_name FROM appointments a JOIN episodes e ON e.id = a.episode_id \
         JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND p.anonymised_at IS NULL AND substr(a.starts_at, 1, 10) = $2 \
         ORDER BY p.id"
    );
    first_names(tx, &sql, param, format_date(day)).await
}

/// The first names of the people among `ids` within the scope.
pub async fn first_names_of(
    tx: &mut Tx,
    scope: PersonScope,
    ids: &[i64],
) -> Result<Vec<FirstName>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::persons(scope);
    // Ids are numbers, written into the statement rather than bound one by one.
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT p.id, p.given_name FROM persons p \
         WHERE {condition} AND p.anonymised_at IS NULL AND p.id IN ({list}) ORDER BY p.id"
    );
    let rows: Vec<(i64, Option<String>)> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .fetch_all(conn)
        .await)?;
    Ok(named(rows))
}

async fn first_names(tx: &mut Tx, sql: &str, scope: i64, day: String) -> Result<Vec<FirstName>> {
    let rows: Vec<(i64, Option<String>)> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(scope)
        .bind(&day)
        .fetch_all(conn)
        .await)?;
    Ok(named(rows))
}

fn named(rows: Vec<(i64, Option<String>)>) -> Vec<FirstName> {
    rows.into_iter()
        .map(|(person_id, given)| FirstName {
            person_id,
            given_name: given.unwrap_or_default(),
        })
        .collect()
}

/// An open action item of a steering or working group, due on or before the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDue {
    pub meeting_id: i64,
    pub due_on: Date,
}

pub async fn actions_due(tx: &mut Tx, owner_user_id: i64, today: Date) -> Result<Vec<ActionDue>> {
    let sql = "SELECT meeting_id, due_on FROM steering_actions \
               WHERE owner_user_id = $1 AND status = 'open' AND due_on IS NOT NULL AND due_on <= $2 \
               ORDER BY due_on, id";
    let rows: Vec<(i64, String)> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(owner_user_id)
        .bind(format_date(today))
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(meeting_id, due_on)| {
            Ok(ActionDue {
                meeting_id,
                due_on: date(&due_on)?,
            })
        })
        .collect()
}

/// A participant who asked for questionnaire reminders: their person, first name, address and
/// the portal account the link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecipient {
    pub person_id: i64,
    pub given_name: String,
    pub email: String,
}

/// Everyone with reminders switched on, an address and a participant account. The reminder
/// job is a system actor that sees everyone by design; it reads no more than the reminder says.
pub async fn reminder_recipients(tx: &mut Tx) -> Result<Vec<ReminderRecipient>> {
    let sql = "SELECT p.id, p.given_name, p.email FROM persons p \
               WHERE p.reminders_since IS NOT NULL AND p.email IS NOT NULL \
               AND p.anonymised_at IS NULL AND p.protected_identity = FALSE \
               AND EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id AND u.active = TRUE) \
               ORDER BY p.id";
    let rows: Vec<(i64, Option<String>, String)> =
        with_conn!(tx, conn => sqlx::query_as(sql).fetch_all(conn).await)?;
    Ok(rows
        .into_iter()
        .map(|(person_id, given, email)| ReminderRecipient {
            person_id,
            given_name: given.unwrap_or_default(),
            email,
        })
        .collect())
}

/// The day the person asked for reminders, if they have.
pub async fn reminders_since(
    tx: &mut Tx,
    scope: PersonScope,
    person_id: i64,
) -> Result<Option<Date>> {
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!("SELECT p.reminders_since FROM persons p WHERE {condition} AND p.id = $2");
    let since: Option<Option<String>> = with_conn!(tx, conn => sqlx::query_scalar(&sql)
        .bind(param)
        .bind(person_id)
        .fetch_optional(conn)
        .await)?;
    since.flatten().as_deref().map(date).transpose()
}

/// Switches the person's reminders on from `since`, or off with `None`.
pub async fn set_reminders(tx: &mut Tx, person_id: i64, since: Option<Date>) -> Result<()> {
    let sql = "UPDATE persons SET reminders_since = $2 WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(person_id)
        .bind(since.map(format_date))
        .execute(conn)
        .await)?;
    Ok(())
}
