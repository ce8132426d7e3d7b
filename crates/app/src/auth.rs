//! Logging in and out, sessions, and API tokens.
//!
//! Sessions are server-side: the browser holds a random 256-bit id, the database only its hash.
//! A session ends after `Policy::session_idle` without requests or `Policy::session_absolute`
//! after login, whichever comes first; logging out deletes it.

use crate::secrets::{hash_token, random_token};
use crate::users::principal_of;
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::Principal;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::User;
use stegvis_storage::sessions;
use stegvis_storage::users;

/// A new login: the session id for the cookie and the CSRF token for forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub session_id: String,
    pub csrf_token: String,
    pub user: User,
}

/// What a correct password leads to: a session, or, for an account with a second factor, the
/// pending login that the code completes ([`crate::second_factor::complete_login`]).
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    Session(NewSession),
    SecondFactor(crate::second_factor::PendingLogin),
}

/// Checks a username and password. Unknown users, wrong passwords, disabled accounts and
/// accounts without a password all answer the same `LoginFailed`, after the same work.
pub async fn login(app: &App, username: &str, password: &str) -> Result<LoginOutcome> {
    let mut tx = app.begin().await?;
    let credentials = users::credentials_by_username(&mut tx, username).await?;
    let now = app.now();
    let Some(credentials) = credentials else {
        app.passwords.verify(password.to_string(), None).await;
        return Err(AppError::LoginFailed);
    };
    let mut user = credentials.user;
    match user.locked_until {
        Some(until) if until > now => {
            app.passwords.verify(password.to_string(), None).await;
            return Err(AppError::Locked(until));
        }
        // A lock that has run out starts the count of failures afresh.
        Some(_) => {
            users::reset_failed_logins(&mut tx, user.id).await?;
            user.failed_logins = 0;
        }
        None => {}
    }
    let matches = app
        .passwords
        .verify(password.to_string(), credentials.password_hash)
        .await;
    let route = "POST /logga-in";
    if !matches || !user.active {
        let failures = user.failed_logins + 1;
        let lock = (failures >= app.policy.lock_after_failures)
            .then(|| now.plus(app.policy.lock_duration));
        users::record_failed_login(&mut tx, user.id, lock).await?;
        let actor = Actor::system(route);
        let action = if lock.is_some() {
            "login.locked"
        } else {
            "login.failed"
        };
        app.audit(&mut tx, &actor, action, &[RecordRef::new("user", user.id)])
            .await?;
        tx.commit().await?;
        return Err(match lock {
            Some(until) => AppError::Locked(until),
            None => AppError::LoginFailed,
        });
    }
    if crate::oidc::refuse_local_password(app, &mut tx, &user, route).await? {
        tx.commit().await?;
        return Err(AppError::LocalPasswordsOff);
    }
    if let Some(pending) = crate::second_factor::hold_login(app, &mut tx, user.id).await? {
        tx.commit().await?;
        return Ok(LoginOutcome::SecondFactor(pending));
    }
    let session = start_session(app, &mut tx, user, route, "login.succeeded").await?;
    tx.commit().await?;
    Ok(LoginOutcome::Session(session))
}

/// Starts a session for a user whose login has been checked in full (password and second
/// factor, or e-ID through [`crate::oidc`]), clearing the count of failures, and audits the login
/// as `action`.
pub(crate) async fn start_session(
    app: &App,
    tx: &mut stegvis_storage::Tx,
    user: User,
    route: &str,
    action: &str,
) -> Result<NewSession> {
    let now = app.now();
    users::record_successful_login(tx, user.id).await?;
    let session_id = random_token();
    let csrf_token = random_token();
    sessions::insert(
        tx,
        &hash_token(&session_id),
        user.id,
        &csrf_token,
        now,
        now.plus(app.policy.session_absolute),
    )
    .await?;
    let actor = Actor::user(principal_of(&user), route);
    app.audit(tx, &actor, action, &[RecordRef::new("user", user.id)])
        .await?;
    Ok(NewSession {
        session_id,
        csrf_token,
        user,
    })
}

/// A valid session as a request sees it.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub id_hash: String,
    pub csrf_token: String,
    pub user: User,
    pub principal: Principal,
    /// When the session will end if no further request arrives.
    pub idle_expires_at: Timestamp,
    /// The policy requires a second factor of this user's role and they have none yet: the
    /// session opens nothing but the enrolment page until they set one up.
    pub must_enrol_second_factor: bool,
}

/// Requests closer together than this do not rewrite `last_seen_at`, to spare the database a
/// write per request; the idle timeout is therefore exact to within this margin.
const TOUCH_INTERVAL: time::Duration = time::Duration::seconds(30);

/// Looks up the session behind a cookie value, ending it if it has expired.
///
/// Runs on every request, so it reads without the writer and takes it only to end an expired
/// session or to move `last_seen_at` (at most every [`TOUCH_INTERVAL`]).
pub async fn session(app: &App, session_id: &str) -> Result<Option<ActiveSession>> {
    let id_hash = hash_token(session_id);
    let mut tx = app.begin_read().await?;
    let Some(session) = sessions::get(&mut tx, &id_hash).await? else {
        return Ok(None);
    };
    let user = users::get(&mut tx, session.user_id).await?;
    let must_enrol_second_factor = match &user {
        Some(user) if crate::second_factor::required_for(&app.policy, user.role) => {
            !stegvis_storage::second_factor::is_enrolled(&mut tx, user.id).await?
        }
        _ => false,
    };
    tx.commit().await?;
    let now = app.now();
    let idle_deadline = session.last_seen_at.plus(app.policy.session_idle);
    let user = match user {
        Some(user) if user.active && session.expires_at > now && idle_deadline > now => user,
        _ => {
            let mut tx = app.begin().await?;
            sessions::delete(&mut tx, &id_hash).await?;
            tx.commit().await?;
            return Ok(None);
        }
    };
    let last_seen = if now.datetime() - session.last_seen_at.datetime() >= TOUCH_INTERVAL {
        let mut tx = app.begin().await?;
        sessions::touch(&mut tx, &id_hash, now).await?;
        tx.commit().await?;
        now
    } else {
        session.last_seen_at
    };
    let idle_expires_at =
        std::cmp::min(last_seen.plus(app.policy.session_idle), session.expires_at);
    Ok(Some(ActiveSession {
        id_hash,
        csrf_token: session.csrf_token,
        principal: principal_of(&user),
        user,
        idle_expires_at,
        must_enrol_second_factor,
    }))
}

/// Ends a session (logging out).
pub async fn logout(app: &App, session: &ActiveSession) -> Result<()> {
    let mut tx = app.begin().await?;
    sessions::delete(&mut tx, &session.id_hash).await?;
    let actor = Actor::user(session.principal.clone(), "POST /logga-ut");
    app.audit(
        &mut tx,
        &actor,
        "logout",
        &[RecordRef::new("user", session.user.id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes expired sessions; run periodically by the server.
pub async fn purge_expired_sessions(app: &App) -> Result<u64> {
    let now = app.now();
    let mut tx = app.begin().await?;
    let removed = sessions::delete_expired(
        &mut tx,
        now,
        Timestamp::from_datetime(now.datetime() - app.policy.session_idle),
    )
    .await?;
    stegvis_storage::second_factor::delete_expired_pending(&mut tx, now).await?;
    tx.commit().await?;
    Ok(removed)
}

/// The principal behind an API bearer token, if the token is valid.
pub async fn principal_for_token(app: &App, token: &str) -> Result<Option<Principal>> {
    let mut tx = app.begin().await?;
    let user = users::user_by_api_token(&mut tx, &hash_token(token), app.now()).await?;
    tx.commit().await?;
    Ok(user.as_ref().map(principal_of))
}
