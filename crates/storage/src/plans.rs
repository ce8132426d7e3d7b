//! The individual plan (goals and steps), notes, appointments, and the programme's activities
//! with attendance.

use crate::schema::{code, date, optional_date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::plan::{
    Activity, ActivityDraft, Appointment, AppointmentDraft, Attendance, Goal, Note, Step,
    StepDraft, format_local, parse_local,
};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

/// `IN ($first, …)` with `count` numbered placeholders.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn insert_goal(tx: &mut Tx, episode_id: i64, title: &str, now: Timestamp) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO plan_goals (episode_id, title, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(episode_id)
        .bind(title)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn insert_step(
    tx: &mut Tx,
    goal_id: i64,
    draft: &StepDraft,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO plan_steps (goal_id, description, owner, due_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(goal_id)
        .bind(&draft.description)
        .bind(draft.owner.code())
        .bind(draft.due_on.map(format_date))
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The episode a goal belongs to, if both lie within the scope, to check access before
/// changing it.
pub async fn goal_episode(tx: &mut Tx, scope: PersonScope, goal_id: i64) -> Result<Option<i64>> {
    let (condition, param) = crate::scope::episode_of(scope, "g.episode_id");
    let sql = format!("SELECT g.episode_id FROM plan_goals g WHERE {condition} AND g.id = $2");
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .bind(goal_id)
        .fetch_optional(conn)
        .await)?)
}

/// The episode a step belongs to, if both lie within the scope.
pub async fn step_episode(tx: &mut Tx, scope: PersonScope, step_id: i64) -> Result<Option<i64>> {
    let (condition, param) = crate::scope::episode_of(scope, "g.episode_id");
    let sql = format!(
        "SELECT g.episode_id FROM plan_steps s JOIN plan_goals g ON g.id = s.goal_id \
         WHERE {condition} AND s.id = $2"
    );
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .bind(step_id)
        .fetch_optional(conn)
        .await)?)
}

/// Marks a step done on `on`, or not done with `None`.
pub async fn set_step_done(tx: &mut Tx, step_id: i64, on: Option<Date>) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE plan_steps SET done_on = $2 WHERE id = $1")
        .bind(step_id)
        .bind(on.map(format_date))
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn set_goal_achieved(tx: &mut Tx, goal_id: i64, on: Option<Date>) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE plan_goals SET achieved_on = $2 WHERE id = $1")
        .bind(goal_id)
        .bind(on.map(format_date))
        .execute(conn)
        .await)?;
    Ok(())
}

/// A plan step: id, goal, description, owner, due and done dates.
type StepRow = (i64, i64, String, String, Option<String>, Option<String>);

/// The goals of several episodes within the scope, with their steps: two queries whatever
/// the count.
pub async fn goals_for(tx: &mut Tx, scope: PersonScope, episode_ids: &[i64]) -> Result<Vec<Goal>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "g.episode_id");
    let sql = format!(
        "SELECT g.id, g.episode_id, g.title, g.achieved_on FROM plan_goals g \
         WHERE {condition} AND g.episode_id IN ({}) ORDER BY g.id",
        placeholders(2, episode_ids.len())
    );
    let rows: Vec<(i64, i64, String, Option<String>)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    let mut goals = rows
        .into_iter()
        .map(|(id, episode_id, title, achieved_on)| {
            Ok(Goal {
                id,
                episode_id,
                title,
                achieved_on: optional_date(achieved_on.as_deref())?,
                steps: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if goals.is_empty() {
        return Ok(goals);
    }
    // The goals were read within the scope, so their steps are too.
    let goal_ids: Vec<i64> = goals.iter().map(|g| g.id).collect();
    let sql = format!(
        "SELECT id, goal_id, description, owner, due_on, done_on FROM plan_steps WHERE goal_id IN ({}) \
         ORDER BY due_on IS NULL, due_on, id",
        placeholders(1, goal_ids.len())
    );
    let steps: Vec<StepRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql);
        for id in &goal_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    for (id, goal_id, description, owner, due_on, done_on) in steps {
        let step = Step {
            id,
            goal_id,
            description,
            owner: code("step owner", &owner)?,
            due_on: optional_date(due_on.as_deref())?,
            done_on: optional_date(done_on.as_deref())?,
        };
        if let Some(goal) = goals.iter_mut().find(|g| g.id == goal_id) {
            goal.steps.push(step);
        }
    }
    Ok(goals)
}

pub async fn insert_note(
    tx: &mut Tx,
    episode_id: i64,
    body: &str,
    author: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO notes (episode_id, body, author_user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(episode_id)
        .bind(body)
        .bind(author)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The notes of several episodes within the scope, newest first.
pub async fn notes_for(tx: &mut Tx, scope: PersonScope, episode_ids: &[i64]) -> Result<Vec<Note>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "n.episode_id");
    let sql = format!(
        "SELECT n.id, n.episode_id, n.body, n.author_user_id, n.created_at FROM notes n \
         WHERE {condition} AND n.episode_id IN ({}) ORDER BY n.created_at DESC, n.id DESC",
        placeholders(2, episode_ids.len())
    );
    let rows: Vec<(i64, i64, String, Option<i64>, String)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(id, episode_id, body, author_user_id, created_at)| {
            Ok(Note {
                id,
                episode_id,
                body,
                author_user_id,
                created_at: timestamp(&created_at)?,
            })
        })
        .collect()
}

pub async fn insert_appointment(
    tx: &mut Tx,
    episode_id: i64,
    draft: &AppointmentDraft,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO appointments (episode_id, starts_at, title, place, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(episode_id)
        .bind(format_local(draft.starts_at))
        .bind(&draft.title)
        .bind(&draft.place)
        .bind(by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The appointments of several episodes within the scope, earliest first.
pub async fn appointments_for(
    tx: &mut Tx,
    scope: PersonScope,
    episode_ids: &[i64],
) -> Result<Vec<Appointment>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "a.episode_id");
    let sql = format!(
        "SELECT a.id, a.episode_id, a.starts_at, a.title, a.place FROM appointments a \
         WHERE {condition} AND a.episode_id IN ({}) ORDER BY a.starts_at",
        placeholders(2, episode_ids.len())
    );
    let rows: Vec<(i64, i64, String, String, Option<String>)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(id, episode_id, starts_at, title, place)| {
            Ok(Appointment {
                id,
                episode_id,
                starts_at: parse_local(&starts_at).ok_or_else(|| {
                    StorageError::Corrupt(format!("appointment time '{starts_at}'"))
                })?,
                title,
                place,
            })
        })
        .collect()
}

type ActivityRow = (i64, i64, String, String, String, i64, Option<i64>, bool);

fn activity(row: ActivityRow) -> Result<Activity> {
    let (id, programme_id, kind, title, held_on, minutes, provider, is_group) = row;
    Ok(Activity {
        id,
        programme_id,
        kind: code("activity kind", &kind)?,
        title,
        held_on: date(&held_on)?,
        minutes,
        provider_organisation_id: provider,
        is_group,
    })
}

const ACTIVITY_COLUMNS: &str = "a.id, a.programme_id, a.kind, a.title, a.held_on, a.minutes, a.provider_organisation_id, a.is_group";

pub async fn insert_activity(
    tx: &mut Tx,
    programme_id: i64,
    draft: &ActivityDraft,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO activities (programme_id, kind, title, held_on, minutes, provider_organisation_id, is_group, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(programme_id)
        .bind(draft.kind.code())
        .bind(&draft.title)
        .bind(format_date(draft.held_on))
        .bind(i64::from(draft.minutes))
        .bind(draft.provider_organisation_id)
        .bind(draft.is_group)
        .bind(by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn get_activity(tx: &mut Tx, id: i64) -> Result<Option<Activity>> {
    let sql = format!("SELECT {ACTIVITY_COLUMNS} FROM activities a WHERE a.id = $1");
    let row: Option<ActivityRow> =
        with_conn!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(conn).await)?;
    row.map(activity).transpose()
}

/// A programme's activities, newest first.
pub async fn activities_of(tx: &mut Tx, programme_id: i64, limit: i64) -> Result<Vec<Activity>> {
    let sql = format!(
        "SELECT {ACTIVITY_COLUMNS} FROM activities a WHERE a.programme_id = $1 ORDER BY a.held_on DESC, a.id DESC LIMIT $2"
    );
    let rows: Vec<ActivityRow> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(programme_id)
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(activity).collect()
}

/// Records attendance of one episode at an activity, replacing an earlier record.
pub async fn set_attendance(
    tx: &mut Tx,
    activity_id: i64,
    episode_id: i64,
    attended: bool,
    minutes: i64,
) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM activity_attendance WHERE activity_id = $1 AND episode_id = $2")
        .bind(activity_id)
        .bind(episode_id)
        .execute(conn)
        .await)?;
    exec!(tx, conn => sqlx::query(
        "INSERT INTO activity_attendance (activity_id, episode_id, attended, minutes) VALUES ($1, $2, $3, $4)")
        .bind(activity_id)
        .bind(episode_id)
        .bind(attended)
        .bind(minutes)
        .execute(conn)
        .await)?;
    Ok(())
}

/// An activity's columns, then the episode, whether it attended and for how many minutes.
type AttendanceRow = (
    i64,
    i64,
    String,
    String,
    String,
    i64,
    Option<i64>,
    bool,
    i64,
    bool,
    i64,
);

/// Attendance of several episodes within the scope, with the activities, in one query.
pub async fn attendance_of_episodes(
    tx: &mut Tx,
    scope: PersonScope,
    episode_ids: &[i64],
) -> Result<Vec<Attendance>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "t.episode_id");
    let sql = format!(
        "SELECT {ACTIVITY_COLUMNS}, t.episode_id, t.attended, t.minutes FROM activity_attendance t \
         JOIN activities a ON a.id = t.activity_id WHERE {condition} AND t.episode_id IN ({}) \
         ORDER BY a.held_on DESC, a.id DESC",
        placeholders(2, episode_ids.len())
    );
    let rows: Vec<AttendanceRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(a, b, c, d, e, f, g, h, episode_id, attended, minutes)| {
            Ok(Attendance {
                activity: activity((a, b, c, d, e, f, g, h))?,
                episode_id,
                attended,
                minutes,
            })
        })
        .collect()
}

/// The register of one activity: episode ids within the scope with attendance.
pub async fn register_of(
    tx: &mut Tx,
    scope: PersonScope,
    activity_id: i64,
) -> Result<Vec<(i64, bool, i64)>> {
    let (condition, param) = crate::scope::episode_of(scope, "t.episode_id");
    let sql = format!(
        "SELECT t.episode_id, t.attended, t.minutes FROM activity_attendance t \
         WHERE {condition} AND t.activity_id = $2"
    );
    Ok(
        with_conn!(tx, conn => sqlx::query_as(&sql).bind(param).bind(activity_id).fetch_all(conn).await)?,
    )
}

/// Appointments in the scope from `from` (inclusive) to `to` (exclusive), local time, with the
/// person's id and name, soonest first: the week on a start page. At most `limit`.
pub async fn appointments_between(
    tx: &mut Tx,
    scope: PersonScope,
    from: Date,
    to: Date,
    limit: i64,
) -> Result<Vec<(Appointment, i64, String)>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT a.id, a.episode_id, a.starts_at, a.title, a.place, p.id, p.given_name, p.family_name \
         FROM appointments a JOIN episodes e ON e.id = a.episode_id JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND p.anonymised_at IS NULL AND a.starts_at >= $2 AND a.starts_at < $3 \
         ORDER BY a.starts_at, a.id LIMIT $4"
    );
    type Row = (
        i64,
        i64,
        String,
        String,
        Option<String>,
        i64,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(format_date(from))
        .bind(format_date(to))
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(
            |(id, episode_id, starts_at, title, place, person, given, family)| {
                let appointment = Appointment {
                    id,
                    episode_id,
                    starts_at: parse_local(&starts_at).ok_or_else(|| {
                        StorageError::Corrupt(format!("appointment time '{starts_at}'"))
                    })?,
                    title,
                    place,
                };
                let name = [given, family]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                Ok((appointment, person, name))
            },
        )
        .collect()
}
