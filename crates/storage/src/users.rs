//! User accounts, one-time activation/reset links and API tokens.
//!
//! Secrets (password hashes aside) are never stored: links and tokens are kept as SHA-256
//! hashes, so a copy of the database cannot be used to log in.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::Role;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::{
    ApiToken, Credentials, LinkPurpose, Locale, User, UserFilter, Username,
};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    organisation_id: Option<i64>,
    password_hash: Option<String>,
    locale: Option<String>,
    active: bool,
    failed_logins: i64,
    locked_until: Option<String>,
    created_at: String,
    updated_at: String,
}

const COLUMNS: &str = "id, username, display_name, role, organisation_id, password_hash, locale, active, \
                       failed_logins, locked_until, created_at, updated_at";

impl Row {
    fn into_credentials(self) -> Result<Credentials> {
        let user = User {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: self
                .role
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("role '{}'", self.role)))?,
            organisation_id: self.organisation_id,
            locale: self.locale.and_then(|l| l.parse().ok()),
            active: self.active,
            has_password: self.password_hash.is_some(),
            failed_logins: self.failed_logins,
            locked_until: self
                .locked_until
                .as_deref()
                .map(crate::schema::timestamp)
                .transpose()?,
            created_at: crate::schema::timestamp(&self.created_at)?,
            updated_at: crate::schema::timestamp(&self.updated_at)?,
        };
        Ok(Credentials {
            user,
            password_hash: self.password_hash,
        })
    }
}

/// A new account as the use case has validated it.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a Username,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub password_hash: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, user: &NewUser<'_>, now: Timestamp) -> Result<i64> {
    let sql = "INSERT INTO users (username, display_name, role, organisation_id, password_hash, locale, active, \
               failed_logins, locked_until, password_changed_at, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, NULL, TRUE, 0, NULL, $6, $7, $7) RETURNING id";
    let changed = user.password_hash.map(|_| now.canonical());
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(user.username.as_str())
        .bind(user.display_name)
        .bind(user.role.code())
        .bind(user.organisation_id)
        .bind(user.password_hash)
        .bind(&changed)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row =
        with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(id).fetch_optional(conn).await)?;
    Ok(row.map(Row::into_credentials).transpose()?.map(|c| c.user))
}

pub async fn credentials_by_username(tx: &mut Tx, username: &str) -> Result<Option<Credentials>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    let key = username.trim().to_lowercase();
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(&key).fetch_optional(conn).await)?;
    row.map(Row::into_credentials).transpose()
}

pub async fn credentials_by_id(tx: &mut Tx, id: i64) -> Result<Option<Credentials>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row =
        with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(id).fetch_optional(conn).await)?;
    row.map(Row::into_credentials).transpose()
}

/// A page of users, newest id last, with the total for pagination.
pub async fn list(
    tx: &mut Tx,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<User>, i64)> {
    let condition = "($1 IS NULL OR role = $1) AND ($2 IS NULL OR organisation_id = $2) \
                     AND ($3 IS NULL OR username LIKE $3 ESCAPE '\\')";
    let prefix = filter
        .username_prefix
        .as_ref()
        .map(|p| format!("{}%", crate::schema::escape_like(&p.to_lowercase())));
    let role = filter.role.map(|r| r.code());
    let list_sql = format!(
        "SELECT {COLUMNS} FROM users WHERE {condition} ORDER BY username LIMIT $4 OFFSET $5"
    );
    let count_sql = format!("SELECT COUNT(*) FROM users WHERE {condition}");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&list_sql)
        .bind(role)
        .bind(filter.organisation_id)
        .bind(&prefix)
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await)?;
    let total = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&count_sql)
        .bind(role)
        .bind(filter.organisation_id)
        .bind(&prefix)
        .fetch_one(conn)
        .await)?;
    let users = rows
        .into_iter()
        .map(|r| r.into_credentials().map(|c| c.user))
        .collect::<Result<Vec<_>>>()?;
    Ok((users, total))
}

/// Users whose display name or username contains `text` (case-insensitive for ASCII letters),
/// within one organisation or among all users: the log review's "whose actions?" picker.
pub async fn find_by_name(
    tx: &mut Tx,
    organisation_id: Option<i64>,
    text: &str,
    limit: i64,
) -> Result<Vec<User>> {
    let pattern = format!("%{}%", crate::schema::escape_like(&text.to_lowercase()));
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE ($1 IS NULL OR organisation_id = $1) \
         AND (LOWER(display_name) LIKE $2 ESCAPE '\\' OR LOWER(username) LIKE $2 ESCAPE '\\') \
         ORDER BY display_name, id LIMIT $3"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(organisation_id)
        .bind(&pattern)
        .bind(limit)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|r| r.into_credentials().map(|c| c.user))
        .collect()
}

/// Changes who a user is and what they may do; returns false when there is no such user.
pub async fn update_profile(
    tx: &mut Tx,
    id: i64,
    display_name: &str,
    role: Role,
    organisation_id: Option<i64>,
    active: bool,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE users SET display_name = $2, role = $3, organisation_id = $4, active = $5, updated_at = $6 WHERE id = $1";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(display_name)
        .bind(role.code())
        .bind(organisation_id)
        .bind(active)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Sets a new password hash and lifts any lock.
pub async fn set_password(tx: &mut Tx, id: i64, password_hash: &str, now: Timestamp) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $2, password_changed_at = $3, failed_logins = 0, \
               locked_until = NULL, updated_at = $3 WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql).bind(id).bind(password_hash).bind(now.canonical()).execute(conn).await)?;
    Ok(())
}

pub async fn set_locale(
    tx: &mut Tx,
    id: i64,
    locale: Option<Locale>,
    now: Timestamp,
) -> Result<()> {
    let sql = "UPDATE users SET locale = $2, updated_at = $3 WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql).bind(id).bind(locale.map(|l| l.code())).bind(now.canonical()).execute(conn).await)?;
    Ok(())
}

/// Counts a failed login and, when the policy says so, locks the account until `lock_until`.
pub async fn record_failed_login(
    tx: &mut Tx,
    id: i64,
    lock_until: Option<Timestamp>,
) -> Result<()> {
    let sql = "UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql).bind(id).bind(lock_until.map(|t| t.canonical())).execute(conn).await)?;
    Ok(())
}

pub async fn record_successful_login(tx: &mut Tx, id: i64) -> Result<()> {
    let sql = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql).bind(id).execute(conn).await)?;
    Ok(())
}

pub async fn count(tx: &mut Tx) -> Result<i64> {
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(conn).await)?,
    )
}

/// Stores a one-time link; earlier unused links of the same user stop working.
pub async fn insert_link(
    tx: &mut Tx,
    user_id: i64,
    purpose: LinkPurpose,
    token_hash: &str,
    created_by: Option<i64>,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE user_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    let sql = "INSERT INTO user_tokens (user_id, purpose, token_hash, created_by, created_at, expires_at, used_at) \
               VALUES ($1, $2, $3, $4, $5, $6, NULL)";
    exec!(tx, conn => sqlx::query(sql)
        .bind(user_id)
        .bind(purpose.code())
        .bind(token_hash)
        .bind(created_by)
        .bind(now.canonical())
        .bind(expires_at.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The user a valid, unused, unexpired link belongs to.
pub async fn find_link_user(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<i64>> {
    let sql = "SELECT user_id FROM user_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(token_hash)
        .bind(now.canonical())
        .fetch_optional(conn)
        .await)?)
}

pub async fn mark_link_used(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE user_tokens SET used_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn insert_api_token(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO api_tokens (user_id, name, token_hash, created_at, last_used_at, revoked_at) \
               VALUES ($1, $2, $3, $4, NULL, NULL) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The active user behind an unrevoked API token, noting when the token was last used.
pub async fn user_by_api_token(
    tx: &mut Tx,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<User>> {
    let sql = "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
    let user_id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql).bind(token_hash).fetch_optional(conn).await)?;
    let Some(user_id) = user_id else {
        return Ok(None);
    };
    exec!(tx, conn => sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1")
        .bind(token_hash)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(get(tx, user_id).await?.filter(|u| u.active))
}

/// The unrevoked API tokens of a user, newest first (names and dates only, never secrets).
pub async fn list_api_tokens(tx: &mut Tx, user_id: i64) -> Result<Vec<ApiToken>> {
    let sql = "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens \
               WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, String, Option<String>)>(sql)
        .bind(user_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, user_id, name, created_at, last_used_at)| {
            Ok(ApiToken {
                id,
                user_id,
                name,
                created_at: crate::schema::timestamp(&created_at)?,
                last_used_at: last_used_at
                    .as_deref()
                    .map(crate::schema::timestamp)
                    .transpose()?,
            })
        })
        .collect()
}

/// Revokes a token of the given user; false when the user has no such active token.
pub async fn revoke_api_token(
    tx: &mut Tx,
    user_id: i64,
    token_id: i64,
    now: Timestamp,
) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query(
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind(token_id)
        .bind(user_id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Forgets failed attempts, e.g. once a lock has run out.
pub async fn reset_failed_logins(tx: &mut Tx, id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// The accounts linked to a person (their participant login), for the person's data export.
pub async fn linked_to_person(tx: &mut Tx, person_id: i64) -> Result<Vec<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE person_id = $1 ORDER BY id");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(person_id).fetch_all(conn).await)?;
    rows.into_iter()
        .map(|row| row.into_credentials().map(|c| c.user))
        .collect()
}

/// Display names of the given users, for showing who wrote or approved something; one query
/// whatever the number of users.
pub async fn display_names(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT id, display_name FROM users WHERE id IN ({})",
        placeholders.join(", ")
    );
    Ok(with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?)
}

/// Display name, role and organisation name of the given users: who read a participant's
/// record, as the participant portal shows it.
pub async fn readers(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String, Role, Option<String>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT u.id, u.display_name, u.role, o.name FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.id IN ({})",
        crate::plans::placeholders(1, ids.len())
    );
    let rows: Vec<(i64, String, String, Option<String>)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(id, name, role, org)| {
            let role = role
                .parse::<Role>()
                .map_err(|_| StorageError::Corrupt(format!("role '{role}'")))?;
            Ok((id, name, role, org))
        })
        .collect()
}

/// The user's e-mail address for reminders, if any.
pub async fn email_of(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    let sql = "SELECT email FROM users WHERE id = $1";
    let email: Option<Option<String>> = with_conn!(tx, conn => sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    Ok(email.flatten())
}

/// Sets or clears the user's e-mail address; false when there is no such user.
pub async fn set_email(tx: &mut Tx, id: i64, email: Option<&str>, now: Timestamp) -> Result<bool> {
    let sql = "UPDATE users SET email = $2, updated_at = $3 WHERE id = $1";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(email)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Active users with an e-mail address, with it: who may get the daily digest.
pub async fn with_email(tx: &mut Tx) -> Result<Vec<(User, String)>> {
    let sql = "SELECT id, email FROM users WHERE active = TRUE AND email IS NOT NULL ORDER BY id";
    let rows: Vec<(i64, String)> =
        with_conn!(tx, conn => sqlx::query_as(sql).fetch_all(conn).await)?;
    let mut users = Vec::with_capacity(rows.len());
    for (id, email) in rows {
        if let Some(user) = get(tx, id).await? {
            users.push((user, email));
        }
    }
    Ok(users)
}
