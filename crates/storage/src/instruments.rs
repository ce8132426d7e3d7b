//! Stored questionnaire definitions: one immutable row per instrument and version.

use crate::schema::timestamp;
use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::instrument::StoredVersion;
use stegvis_domain::timestamp::Timestamp;

/// Stores a version unless that key and version already exist; a stored version is never
/// replaced, so the answer is whether this call stored it.
pub async fn insert_if_absent(
    tx: &mut Tx,
    key: &str,
    version: i64,
    definition: &str,
    origin: &str,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let sql = "INSERT INTO instrument_versions (key, version, definition, origin, created_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key, version) DO NOTHING";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(key)
        .bind(version)
        .bind(definition)
        .bind(origin)
        .bind(created_by)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// The stored definition of one version, to compare with what would be imported.
pub async fn definition(tx: &mut Tx, key: &str, version: i64) -> Result<Option<String>> {
    let sql = "SELECT definition FROM instrument_versions WHERE key = $1 AND version = $2";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, String>(sql)
        .bind(key)
        .bind(version)
        .fetch_optional(conn)
        .await)?)
}

/// Every stored version, by key and then version.
pub async fn list(tx: &mut Tx) -> Result<Vec<StoredVersion>> {
    let sql = "SELECT id, key, version, definition, origin, created_at FROM instrument_versions ORDER BY key, version";
    let rows: Vec<(i64, String, i64, String, String, String)> =
        with_conn!(tx, conn => sqlx::query_as(sql).fetch_all(conn).await)?;
    rows.into_iter().map(stored).collect()
}

/// One stored version by id: the exact definition an answer was given under.
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<StoredVersion>> {
    let sql = "SELECT id, key, version, definition, origin, created_at FROM instrument_versions WHERE id = $1";
    let row: Option<(i64, String, i64, String, String, String)> =
        with_conn!(tx, conn => sqlx::query_as(sql).bind(id).fetch_optional(conn).await)?;
    row.map(stored).transpose()
}

/// The newest version of an instrument: the one new answers are given under.
pub async fn latest(tx: &mut Tx, key: &str) -> Result<Option<StoredVersion>> {
    let sql = "SELECT id, key, version, definition, origin, created_at FROM instrument_versions \
               WHERE key = $1 ORDER BY version DESC LIMIT 1";
    let row: Option<(i64, String, i64, String, String, String)> =
        with_conn!(tx, conn => sqlx::query_as(sql).bind(key).fetch_optional(conn).await)?;
    row.map(stored).transpose()
}

fn stored(
    (id, key, version, definition, origin, created_at): (i64, String, i64, String, String, String),
) -> Result<StoredVersion> {
    Ok(StoredVersion {
        id,
        key,
        version,
        definition,
        origin,
        created_at: timestamp(&created_at)?,
    })
}
