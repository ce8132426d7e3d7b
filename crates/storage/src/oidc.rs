//! Login with e-ID (decision 0032): each organisation's identity provider, the logins under
//! way at a provider, and the external identity a user's e-ID must present.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::oidc::OidcProvider;
use stegvis_domain::timestamp::Timestamp;

#[derive(sqlx::FromRow)]
struct ProviderRow {
    organisation_id: i64,
    issuer_url: String,
    client_id: String,
    client_secret: String,
    claim_name: String,
    claim_kind: String,
    local_passwords_off: bool,
}

impl TryFrom<ProviderRow> for OidcProvider {
    type Error = StorageError;

    fn try_from(row: ProviderRow) -> Result<Self> {
        Ok(OidcProvider {
            organisation_id: row.organisation_id,
            issuer_url: row.issuer_url,
            client_id: row.client_id,
            client_secret: row.client_secret,
            claim_name: row.claim_name,
            claim_kind: row
                .claim_kind
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("claim kind '{}'", row.claim_kind)))?,
            local_passwords_off: row.local_passwords_off,
        })
    }
}

pub async fn provider(tx: &mut Tx, organisation_id: i64) -> Result<Option<OidcProvider>> {
    let sql = "SELECT organisation_id, issuer_url, client_id, client_secret, claim_name, claim_kind, \
               local_passwords_off FROM oidc_providers WHERE organisation_id = $1";
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ProviderRow>(sql)
        .bind(organisation_id)
        .fetch_optional(conn)
        .await)?;
    row.map(OidcProvider::try_from).transpose()
}

/// Creates or replaces an organisation's provider.
pub async fn save_provider(tx: &mut Tx, provider: &OidcProvider, now: Timestamp) -> Result<()> {
    let sql = "INSERT INTO oidc_providers (organisation_id, issuer_url, client_id, client_secret, \
               claim_name, claim_kind, local_passwords_off, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
               ON CONFLICT (organisation_id) DO UPDATE SET issuer_url = excluded.issuer_url, \
               client_id = excluded.client_id, client_secret = excluded.client_secret, \
               claim_name = excluded.claim_name, claim_kind = excluded.claim_kind, \
               local_passwords_off = excluded.local_passwords_off, updated_at = excluded.updated_at";
    exec!(tx, conn => sqlx::query(sql)
        .bind(provider.organisation_id)
        .bind(&provider.issuer_url)
        .bind(&provider.client_id)
        .bind(&provider.client_secret)
        .bind(&provider.claim_name)
        .bind(provider.claim_kind.code())
        .bind(provider.local_passwords_off)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The organisations that offer e-ID login, `(id, name)`, for the login page's buttons.
pub async fn login_choices(tx: &mut Tx) -> Result<Vec<(i64, String)>> {
    let sql = "SELECT o.id, o.name FROM oidc_providers p JOIN organisations o ON o.id = p.organisation_id \
               ORDER BY o.id";
    Ok(with_conn!(tx, conn => sqlx::query_as::<_, (i64, String)>(sql).fetch_all(conn).await)?)
}

/// Whether the organisation has switched local passwords off.
pub async fn local_passwords_off(tx: &mut Tx, organisation_id: i64) -> Result<bool> {
    let sql = "SELECT local_passwords_off FROM oidc_providers WHERE organisation_id = $1";
    let off = with_conn!(tx, conn => sqlx::query_scalar::<_, bool>(sql)
        .bind(organisation_id)
        .fetch_optional(conn)
        .await)?;
    Ok(off.unwrap_or(false))
}

/// A login sent to a provider, as the callback needs it back.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    pub browser_hash: String,
    pub organisation_id: i64,
    pub nonce: String,
    pub pkce_verifier: String,
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    browser_hash: String,
    organisation_id: i64,
    nonce: String,
    pkce_verifier: String,
    expires_at: String,
}

/// What [`insert_pending`] stores.
#[derive(Debug, Clone)]
pub struct NewPendingLogin<'a> {
    pub state_hash: &'a str,
    pub browser_hash: &'a str,
    pub organisation_id: i64,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub expires_at: Timestamp,
}

pub async fn insert_pending(tx: &mut Tx, pending: &NewPendingLogin<'_>) -> Result<()> {
    let sql = "INSERT INTO oidc_pending_logins (state_hash, browser_hash, organisation_id, nonce, \
               pkce_verifier, expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
    exec!(tx, conn => sqlx::query(sql)
        .bind(pending.state_hash)
        .bind(pending.browser_hash)
        .bind(pending.organisation_id)
        .bind(pending.nonce)
        .bind(pending.pkce_verifier)
        .bind(pending.expires_at.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// Removes and returns the login under `state_hash`: a state is good for one callback, even
/// when two arrive at two app servers at once (only one DELETE finds the row).
pub async fn take_pending(tx: &mut Tx, state_hash: &str) -> Result<Option<PendingLogin>> {
    let sql = "DELETE FROM oidc_pending_logins WHERE state_hash = $1 \
               RETURNING browser_hash, organisation_id, nonce, pkce_verifier, expires_at";
    let row = with_conn!(tx, conn => sqlx::query_as::<_, PendingRow>(sql)
        .bind(state_hash)
        .fetch_optional(conn)
        .await)?;
    row.map(|r| {
        Ok(PendingLogin {
            browser_hash: r.browser_hash,
            organisation_id: r.organisation_id,
            nonce: r.nonce,
            pkce_verifier: r.pkce_verifier,
            expires_at: crate::schema::timestamp(&r.expires_at)?,
        })
    })
    .transpose()
}

/// Removes logins that never came back from the provider.
pub async fn delete_expired_pending(tx: &mut Tx, now: Timestamp) -> Result<u64> {
    Ok(
        exec!(tx, conn => sqlx::query("DELETE FROM oidc_pending_logins WHERE expires_at < $1")
            .bind(now.canonical())
            .execute(conn)
            .await)?,
    )
}

/// The user of the organisation whose external identity is `external_id`.
pub async fn user_by_external_id(
    tx: &mut Tx,
    organisation_id: i64,
    external_id: &str,
) -> Result<Option<i64>> {
    let sql = "SELECT id FROM users WHERE organisation_id = $1 AND external_id = $2";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(organisation_id)
        .bind(external_id)
        .fetch_optional(conn)
        .await)?)
}

pub async fn external_id(tx: &mut Tx, user_id: i64) -> Result<Option<String>> {
    let sql = "SELECT external_id FROM users WHERE id = $1";
    let value = with_conn!(tx, conn => sqlx::query_scalar::<_, Option<String>>(sql)
        .bind(user_id)
        .fetch_optional(conn)
        .await)?;
    Ok(value.flatten())
}

/// Sets or (with `None`) removes a user's external identity; a value another user of the same
/// organisation has is a [`StorageError::Conflict`]. Leaves `updated_at` alone: the link is not
/// part of the user's edit form, whose version must not move under it (decision 0030).
pub async fn set_external_id(tx: &mut Tx, user_id: i64, external_id: Option<&str>) -> Result<bool> {
    let sql = "UPDATE users SET external_id = $2 WHERE id = $1";
    let changed = exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(external_id)
        .execute(conn)
        .await)?;
    Ok(changed == 1)
}
