//! The daily jobs the server runs by itself: one row per job and day records the day's run and,
//! written in the run's own transaction, claims it (migration 0019).

use crate::schema::{date, timestamp};
use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

/// One day's run of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledRun {
    pub run_on: Date,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// How many records the run changed.
    pub changed: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    run_on: String,
    started_at: String,
    finished_at: String,
    changed: i64,
}

/// Claims `job`'s run for `day` inside the run's transaction; false if it already ran that day.
/// On PostgreSQL a second server's claim waits for the first one's transaction and then finds
/// the row, so the two never both run.
pub async fn claim(tx: &mut Tx, job: &str, day: Date, now: Timestamp) -> Result<bool> {
    let sql = "INSERT INTO scheduled_runs (job, run_on, started_at, finished_at, changed) \
               VALUES ($1, $2, $3, $3, 0) ON CONFLICT (job, run_on) DO NOTHING";
    let inserted = exec!(tx, conn => sqlx::query(sql)
        .bind(job)
        .bind(format_date(day))
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(inserted == 1)
}

/// Records what the claimed run of `job` for `day` changed, and when it ended.
pub async fn finish(tx: &mut Tx, job: &str, day: Date, now: Timestamp, changed: i64) -> Result<()> {
    let sql =
        "UPDATE scheduled_runs SET finished_at = $3, changed = $4 WHERE job = $1 AND run_on = $2";
    exec!(tx, conn => sqlx::query(sql)
        .bind(job)
        .bind(format_date(day))
        .bind(now.canonical())
        .bind(changed)
        .execute(conn)
        .await)?;
    Ok(())
}

/// The latest runs of `job`, newest first.
pub async fn recent(tx: &mut Tx, job: &str, limit: i64) -> Result<Vec<ScheduledRun>> {
    let sql = "SELECT run_on, started_at, finished_at, changed FROM scheduled_runs \
               WHERE job = $1 ORDER BY run_on DESC LIMIT $2";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(sql)
        .bind(job)
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|row| {
            Ok(ScheduledRun {
                run_on: date(&row.run_on)?,
                started_at: timestamp(&row.started_at)?,
                finished_at: timestamp(&row.finished_at)?,
                changed: row.changed,
            })
        })
        .collect()
}
