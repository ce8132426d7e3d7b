//! What a programme's targets have reached: the counts Stegvis derives from its own records,
//! and the dated readings of targets followed by hand (docs/methods.md, "Target progress").

use crate::effects::{Selection, counted, selection};
use crate::{Result, StorageError, Tx, with_conn};
use stegvis_domain::episode::{Occupation, OccupationGroup};
use stegvis_domain::programme::TargetKind;
use stegvis_domain::steering::ReadingDraft;
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

/// A reading of a target followed by hand, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub id: i64,
    pub target_id: i64,
    pub recorded_on: Date,
    pub value: i64,
    pub comment: Option<String>,
}

fn count(n: i64) -> Result<u64> {
    u64::try_from(n).map_err(|_| StorageError::Corrupt(format!("count {n}")))
}

async fn scalar(tx: &mut Tx, sql: &str, first: i64, second: i64) -> Result<u64> {
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(first)
        .bind(second)
        .fetch_one(conn)
        .await)?;
    count(n)
}

/// The count behind a derived target kind over the selected programmes; `None` for `Other`,
/// which is recorded by hand, and for `Handbook`, which depends on the operator, not on the
/// programmes (the caller asks the handbook's editions).
pub async fn derived(tx: &mut Tx, chosen: Selection, kind: TargetKind) -> Result<Option<u64>> {
    let n = match kind {
        TargetKind::Participants => {
            let (condition, first, second) = selection(chosen, "e.programme_id");
            let sql = format!(
                "SELECT COUNT(*) FROM episodes e WHERE {condition} AND {counted}",
                counted = counted("e")
            );
            scalar(tx, &sql, first, second).await?
        }
        TargetKind::EnterprisesStarted => {
            let (ideas, first, second) = selection(chosen, "i.programme_id");
            let (periods, _, _) = selection(chosen, "p.id");
            let sql = format!(
                "SELECT COUNT(*) FROM enterprises en WHERE \
                 EXISTS (SELECT 1 FROM ideas i WHERE i.enterprise_id = en.id AND {ideas}) \
                 OR (NOT EXISTS (SELECT 1 FROM ideas o WHERE o.enterprise_id = en.id) \
                 AND EXISTS (SELECT 1 FROM programmes p WHERE {periods} \
                 AND p.operator_id = en.operator_id \
                 AND en.registered_on >= p.starts_on AND en.registered_on <= p.ends_on))"
            );
            scalar(tx, &sql, first, second).await?
        }
        TargetKind::BusinessPlans => {
            let (condition, first, second) = selection(chosen, "i.programme_id");
            let sql = format!(
                "SELECT COUNT(*) FROM ideas i WHERE {condition} \
                 AND EXISTS (SELECT 1 FROM idea_plan_versions v WHERE v.idea_id = i.id)"
            );
            scalar(tx, &sql, first, second).await?
        }
        TargetKind::LeftForWorkOrStudies => {
            let (condition, first, second) = selection(chosen, "e.programme_id");
            let codes: Vec<String> = Occupation::ALL
                .iter()
                .filter(|o| {
                    matches!(
                        o.group(),
                        OccupationGroup::GainfulWork | OccupationGroup::Studies
                    )
                })
                .map(|o| format!("'{}'", o.code()))
                .collect();
            let sql = format!(
                "SELECT COUNT(*) FROM episodes e WHERE {condition} AND {counted} \
                 AND e.exit_on IS NOT NULL AND e.exit_occupation IN ({codes})",
                counted = counted("e"),
                codes = codes.join(", ")
            );
            scalar(tx, &sql, first, second).await?
        }
        TargetKind::Events => {
            let (condition, first, second) = selection(chosen, "o.programme_id");
            let sql = format!("SELECT COUNT(*) FROM outreach_events o WHERE {condition}");
            scalar(tx, &sql, first, second).await?
        }
        TargetKind::Handbook | TargetKind::Other => return Ok(None),
    };
    Ok(Some(n))
}

pub async fn insert_reading(
    tx: &mut Tx,
    target_id: i64,
    reading: &ReadingDraft,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO target_readings (target_id, recorded_on, value, comment, recorded_by, recorded_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(target_id)
        .bind(format_date(reading.recorded_on))
        .bind(reading.value)
        .bind(&reading.comment)
        .bind(user_id)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Every reading of the programme's targets, oldest first (by date, then as recorded).
pub async fn readings(tx: &mut Tx, programme_id: i64) -> Result<Vec<Reading>> {
    let sql = "SELECT r.id, r.target_id, r.recorded_on, r.value, r.comment FROM target_readings r \
               JOIN programme_targets t ON t.id = r.target_id \
               WHERE t.programme_id = $1 ORDER BY r.target_id, r.recorded_on, r.id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, i64, Option<String>)>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, target_id, recorded_on, value, comment)| {
            Ok(Reading {
                id,
                target_id,
                recorded_on: crate::schema::date(&recorded_on)?,
                value,
                comment,
            })
        })
        .collect()
}
