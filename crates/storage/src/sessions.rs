//! Server-side login sessions. Only the SHA-256 hash of a session id is stored.

use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::Session;

#[derive(sqlx::FromRow)]
struct Row {
    user_id: i64,
    csrf_token: String,
    created_at: String,
    last_seen_at: String,
    expires_at: String,
}

pub async fn insert(
    tx: &mut Tx,
    id_hash: &str,
    user_id: i64,
    csrf_token: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<()> {
    let sql = "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
               VALUES ($1, $2, $3, $4, $4, $5)";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now.canonical())
        .bind(expires_at.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id_hash: &str) -> Result<Option<Session>> {
    let sql = "SELECT user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = $1";
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(sql).bind(id_hash).fetch_optional(conn).await)?;
    row.map(|r| {
        Ok(Session {
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: crate::schema::timestamp(&r.created_at)?,
            last_seen_at: crate::schema::timestamp(&r.last_seen_at)?,
            expires_at: crate::schema::timestamp(&r.expires_at)?,
        })
    })
    .transpose()
}

pub async fn touch(tx: &mut Tx, id_hash: &str, now: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, id_hash: &str) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(conn).await)?;
    Ok(())
}

/// Ends every session of a user, e.g. after a password change or when an account is disabled.
pub async fn delete_for_user(tx: &mut Tx, user_id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await)?;
    Ok(())
}

/// Ends every session of a user except one, so changing a password keeps the current login.
pub async fn delete_others_for_user(tx: &mut Tx, user_id: i64, keep_id_hash: &str) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep_id_hash)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Removes sessions past their absolute lifetime or idle too long; returns how many.
pub async fn delete_expired(tx: &mut Tx, now: Timestamp, idle_cutoff: Timestamp) -> Result<u64> {
    Ok(
        exec!(tx, conn => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now.canonical())
        .bind(idle_cutoff.canonical())
        .execute(conn)
        .await)?,
    )
}
