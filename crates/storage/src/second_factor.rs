//! The second factor of local accounts: sealed TOTP secrets, hashed recovery codes and the
//! pending logins between password and code (migration 0020, decision 0031).

use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::timestamp::Timestamp;

/// A user's TOTP enrolment as stored: the secret still sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTotp {
    pub secret_sealed: String,
    pub confirmed: bool,
    pub last_step: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    secret_sealed: String,
    confirmed_at: Option<String>,
    last_step: i64,
}

pub async fn get(tx: &mut Tx, user_id: i64) -> Result<Option<StoredTotp>> {
    let sql = "SELECT secret_sealed, confirmed_at, last_step FROM user_totp WHERE user_id = $1";
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(sql)
        .bind(user_id)
        .fetch_optional(conn)
        .await)?;
    Ok(row.map(|row| StoredTotp {
        secret_sealed: row.secret_sealed,
        confirmed: row.confirmed_at.is_some(),
        last_step: row.last_step,
    }))
}

/// Whether the user has a confirmed second factor; read on every request when the policy
/// requires one, so it is one indexed lookup.
pub async fn is_enrolled(tx: &mut Tx, user_id: i64) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL";
    let count = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(user_id)
        .fetch_one(conn)
        .await)?;
    Ok(count > 0)
}

/// Starts (or restarts) an enrolment with a new, unconfirmed secret.
pub async fn begin(tx: &mut Tx, user_id: i64, secret_sealed: &str, now: Timestamp) -> Result<()> {
    remove(tx, user_id).await?;
    let sql = "INSERT INTO user_totp (user_id, secret_sealed, confirmed_at, last_step, created_at) \
               VALUES ($1, $2, NULL, 0, $3)";
    exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(secret_sealed)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn confirm(tx: &mut Tx, user_id: i64, step: i64, now: Timestamp) -> Result<()> {
    let sql = "UPDATE user_totp SET confirmed_at = $2, last_step = $3 WHERE user_id = $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(now.canonical())
        .bind(step)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Records the time step of an accepted code; false if that step (or a later one) was
/// already used, which makes the code a replay.
pub async fn use_step(tx: &mut Tx, user_id: i64, step: i64) -> Result<bool> {
    let sql = "UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2";
    let changed = exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(step)
        .execute(conn)
        .await)?;
    Ok(changed == 1)
}

/// Removes the second factor and its recovery codes.
pub async fn remove(tx: &mut Tx, user_id: i64) -> Result<bool> {
    exec!(tx, conn => sqlx::query("DELETE FROM user_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await)?;
    let removed = exec!(tx, conn => sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await)?;
    Ok(removed == 1)
}

pub async fn insert_recovery_codes(tx: &mut Tx, user_id: i64, hashes: &[String]) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM user_recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await)?;
    for hash in hashes {
        let sql =
            "INSERT INTO user_recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)";
        exec!(tx, conn => sqlx::query(sql)
            .bind(user_id)
            .bind(hash)
            .execute(conn)
            .await)?;
    }
    Ok(())
}

/// Marks an unused recovery code of the user as used; false if there is none with that hash.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user_id: i64,
    code_hash: &str,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE user_recovery_codes SET used_at = $3 \
               WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL";
    let changed = exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(code_hash)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(changed >= 1)
}

pub async fn unused_recovery_codes(tx: &mut Tx, user_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(user_id)
        .fetch_one(conn)
        .await)?)
}

pub async fn insert_pending(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    expires_at: Timestamp,
) -> Result<()> {
    let sql = "INSERT INTO pending_logins (token_hash, user_id, expires_at) VALUES ($1, $2, $3)";
    exec!(tx, conn => sqlx::query(sql)
        .bind(token_hash)
        .bind(user_id)
        .bind(expires_at.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The user of an unexpired pending login.
pub async fn pending_user(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<i64>> {
    let sql = "SELECT user_id FROM pending_logins WHERE token_hash = $1 AND expires_at > $2";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(token_hash)
        .bind(now.canonical())
        .fetch_optional(conn)
        .await)?)
}

pub async fn delete_pending(tx: &mut Tx, token_hash: &str) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM pending_logins WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Removes pending logins that have run out; run with the session purge.
pub async fn delete_expired_pending(tx: &mut Tx, now: Timestamp) -> Result<u64> {
    Ok(
        exec!(tx, conn => sqlx::query("DELETE FROM pending_logins WHERE expires_at <= $1")
            .bind(now.canonical())
            .execute(conn)
            .await)?,
    )
}
