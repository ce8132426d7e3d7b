//! Outreach events: the events, their anonymous head counts, the participants present by
//! name, and the referrals that record an event.

use crate::schema::{code, date, timestamp};
use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::access::{PersonScope, ProgrammeScope};
use stegvis_domain::outreach::{
    AnonymousCounts, EventDraft, EventTally, OutreachEvent, ProfessionalCount,
};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

type EventRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    i64,
    i64,
    String,
);

const COLUMNS: &str = "e.id, e.programme_id, e.kind, e.title, e.held_on, e.place, e.organiser, \
    e.audience, e.minutes, e.evaluation, e.women, e.men, e.unknown_sex, e.created_at";

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn event(row: EventRow, professionals: Vec<ProfessionalCount>) -> Result<OutreachEvent> {
    let (
        id,
        programme_id,
        kind,
        title,
        held_on,
        place,
        organiser,
        audience,
        minutes,
        evaluation,
        women,
        men,
        unknown,
        created_at,
    ) = row;
    Ok(OutreachEvent {
        id,
        programme_id,
        kind: code("event kind", &kind)?,
        title,
        held_on: date(&held_on)?,
        place,
        organiser,
        audience,
        minutes,
        evaluation,
        counts: AnonymousCounts {
            women: count(women),
            men: count(men),
            unknown: count(unknown),
            professionals,
        },
        created_at: timestamp(&created_at)?,
    })
}

async fn write_professionals(tx: &mut Tx, event_id: i64, draft: &EventDraft) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM outreach_professionals WHERE event_id = $1")
        .bind(event_id)
        .execute(conn)
        .await)?;
    for p in &draft.counts.professionals {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO outreach_professionals (event_id, organisation, head_count) VALUES ($1, $2, $3)")
            .bind(event_id)
            .bind(&p.organisation)
            .bind(i64::from(p.count))
            .execute(conn)
            .await)?;
    }
    Ok(())
}

pub async fn insert(
    tx: &mut Tx,
    programme_id: i64,
    draft: &EventDraft,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO outreach_events (programme_id, kind, title, held_on, place, organiser, audience, \
         minutes, evaluation, women, men, unknown_sex, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
        .bind(programme_id)
        .bind(draft.kind.code())
        .bind(&draft.title)
        .bind(format_date(draft.held_on))
        .bind(&draft.place)
        .bind(&draft.organiser)
        .bind(&draft.audience)
        .bind(i64::from(draft.minutes))
        .bind(&draft.evaluation)
        .bind(i64::from(draft.counts.women))
        .bind(i64::from(draft.counts.men))
        .bind(i64::from(draft.counts.unknown))
        .bind(by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?;
    write_professionals(tx, id, draft).await?;
    Ok(id)
}

pub async fn update(tx: &mut Tx, id: i64, draft: &EventDraft, now: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE outreach_events SET kind = $2, title = $3, held_on = $4, place = $5, organiser = $6, \
         audience = $7, minutes = $8, evaluation = $9, women = $10, men = $11, unknown_sex = $12, \
         updated_at = $13 WHERE id = $1")
        .bind(id)
        .bind(draft.kind.code())
        .bind(&draft.title)
        .bind(format_date(draft.held_on))
        .bind(&draft.place)
        .bind(&draft.organiser)
        .bind(&draft.audience)
        .bind(i64::from(draft.minutes))
        .bind(&draft.evaluation)
        .bind(i64::from(draft.counts.women))
        .bind(i64::from(draft.counts.men))
        .bind(i64::from(draft.counts.unknown))
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    write_professionals(tx, id, draft).await
}

async fn professionals_of(tx: &mut Tx, event_ids: &[i64]) -> Result<Vec<(i64, ProfessionalCount)>> {
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT event_id, organisation, head_count FROM outreach_professionals \
         WHERE event_id IN ({}) ORDER BY event_id, organisation",
        crate::plans::placeholders(1, event_ids.len())
    );
    let rows: Vec<(i64, String, i64)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql);
        for id in event_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(e, organisation, n)| {
            (
                e,
                ProfessionalCount {
                    organisation,
                    count: count(n),
                },
            )
        })
        .collect())
}

async fn with_professionals(tx: &mut Tx, rows: Vec<EventRow>) -> Result<Vec<OutreachEvent>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut professionals = professionals_of(tx, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let id = row.0;
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut professionals)
                .into_iter()
                .partition(|(e, _)| *e == id);
            professionals = rest;
            event(row, mine.into_iter().map(|(_, p)| p).collect())
        })
        .collect()
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<OutreachEvent>> {
    let sql = format!("SELECT {COLUMNS} FROM outreach_events e WHERE e.id = $1");
    let row: Option<EventRow> =
        with_conn!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)?;
    match row {
        Some(row) => Ok(with_professionals(tx, vec![row]).await?.pop()),
        None => Ok(None),
    }
}

/// A programme's events, newest first.
pub async fn of_programme(
    tx: &mut Tx,
    programme_id: i64,
    limit: i64,
) -> Result<Vec<OutreachEvent>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outreach_events e WHERE e.programme_id = $1 \
         ORDER BY e.held_on DESC, e.id DESC LIMIT $2"
    );
    let rows: Vec<EventRow> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(programme_id)
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    with_professionals(tx, rows).await
}

/// Per event of a programme held between `from` and `to` (inclusive), what it adds to the
/// figures, in one query.
pub async fn tallies(
    tx: &mut Tx,
    programme_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<(i64, EventTally)>> {
    let sql = "SELECT e.id, e.kind, e.minutes, e.women + e.men + e.unknown_sex, \
         CAST(COALESCE((SELECT SUM(p.head_count) FROM outreach_professionals p WHERE p.event_id = e.id), 0) AS BIGINT), \
         (SELECT COUNT(*) FROM outreach_attendance a WHERE a.event_id = e.id), \
         (SELECT COUNT(*) FROM outreach_referrals r WHERE r.event_id = e.id) \
         FROM outreach_events e WHERE e.programme_id = $1 AND e.held_on >= $2 AND e.held_on <= $3 \
         ORDER BY e.held_on, e.id";
    let rows: Vec<(i64, String, i64, i64, i64, i64, i64)> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(programme_id)
        .bind(format_date(from))
        .bind(format_date(to))
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(
            |(id, kind, minutes, anonymous, professionals, participants, referrals)| {
                let n = |v: i64| u64::try_from(v).unwrap_or(0);
                Ok((
                    id,
                    EventTally {
                        kind: code("event kind", &kind)?,
                        minutes,
                        anonymous: n(anonymous),
                        professionals: n(professionals),
                        participants: n(participants),
                        referrals: n(referrals),
                    },
                ))
            },
        )
        .collect()
}

/// The participants recorded as present at an event, within the scope: (episode, person,
/// name).
pub async fn attendees(
    tx: &mut Tx,
    scope: PersonScope,
    event_id: i64,
) -> Result<Vec<(i64, i64, String)>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT e.id, p.id, p.given_name, p.family_name FROM outreach_attendance a \
         JOIN episodes e ON e.id = a.episode_id JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND a.event_id = $2 ORDER BY p.family_name, p.given_name, e.id"
    );
    let rows: Vec<(i64, i64, Option<String>, Option<String>)> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(event_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(e, p, g, f)| {
            let name = match (g, f) {
                (None, None) => String::new(),
                (g, f) => format!("{} {}", g.unwrap_or_default(), f.unwrap_or_default()),
            };
            (e, p, name)
        })
        .collect())
}

/// Records whether an episode's participant was present at an event.
pub async fn set_present(tx: &mut Tx, event_id: i64, episode_id: i64, present: bool) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM outreach_attendance WHERE event_id = $1 AND episode_id = $2")
        .bind(event_id)
        .bind(episode_id)
        .execute(conn)
        .await)?;
    if present {
        exec!(tx, conn => sqlx::query("INSERT INTO outreach_attendance (event_id, episode_id) VALUES ($1, $2)")
            .bind(event_id)
            .bind(episode_id)
            .execute(conn)
            .await)?;
    }
    Ok(())
}

/// Records the event a referral came from.
pub async fn record_referral(tx: &mut Tx, episode_id: i64, event_id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("INSERT INTO outreach_referrals (episode_id, event_id) VALUES ($1, $2)")
        .bind(episode_id)
        .bind(event_id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Forgets the event of a referral that is being removed (a declined referral).
pub async fn forget_referral(tx: &mut Tx, episode_id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM outreach_referrals WHERE episode_id = $1")
        .bind(episode_id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Events a referral may name, in the programmes of the scope, held on or before `until`,
/// newest first: (event, programme, programme name, date, title).
pub async fn choosable(
    tx: &mut Tx,
    scope: ProgrammeScope,
    until: Date,
    limit: i64,
) -> Result<Vec<(i64, i64, String, Date, String)>> {
    let (condition, param) = crate::programmes::scope_condition(scope);
    let sql = format!(
        "SELECT e.id, p.id, p.name, e.held_on, e.title FROM outreach_events e \
         JOIN programmes p ON p.id = e.programme_id WHERE {condition} AND e.held_on <= $2 \
         ORDER BY e.held_on DESC, e.id DESC LIMIT $3"
    );
    let rows: Vec<(i64, i64, String, String, String)> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(format_date(until))
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, programme, name, held_on, title)| {
            Ok((id, programme, name, date(&held_on)?, title))
        })
        .collect()
}
