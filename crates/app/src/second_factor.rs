//! The second factor of local accounts: time-based one-time codes (RFC 6238) and recovery
//! codes (decision 0031).
//!
//! The shared secret is sealed with ChaCha20-Poly1305 under a key derived from the instance key,
//! so a copy of the database alone cannot generate codes; recovery codes are stored as HMACs
//! under the same key. Codes are checked against the app's clock ([`App::now`]), so tests move
//! time instead of waiting, and each time step is accepted once, so an overheard code cannot be
//! replayed. Wrong codes count toward the same lockout as wrong passwords.

use crate::auth::NewSession;
use crate::secrets::{hash_token, random_token};
use crate::users::principal_of;
use crate::{Actor, App, AppError, Policy, Result};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use sha2::Sha256;
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::user::User;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::second_factor as store;
use stegvis_storage::{Tx, users};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// The issuer shown in authenticator apps.
const ISSUER: &str = "Stegvis";
/// 160 bits, the length RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;
const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
/// One step either side, for a phone whose clock is a little off.
const SKEW_STEPS: i64 = 1;
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be mistaken for each other when read off paper.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// Whether the policy requires a second factor of this role: when `--require-totp` is on,
/// of the roles that read personal data (people's records or, for the administrator, staff
/// accounts and the audit log).
pub fn required_for(policy: &Policy, role: Role) -> bool {
    policy.require_totp && matches!(role, Role::Admin | Role::Coordinator | Role::CaseOfficer)
}

/// A new secret waiting for its first code: what the enrolment page shows.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret in base32, for typing into an app by hand.
    pub secret_base32: String,
    /// The `otpauth://` URI an app can take as a link or QR code.
    pub uri: String,
}

/// The actor's second factor as their account page shows it.
#[derive(Debug, Clone)]
pub enum Status {
    Off,
    /// Started but not yet confirmed with a code.
    Enrolling(Enrolment),
    On {
        recovery_codes_left: i64,
    },
}

fn cipher(app: &App) -> ChaCha20Poly1305 {
    ChaCha20Poly1305::new(Key::from_slice(&app.second_factor_key))
}

/// Seals a secret for one user: the user id is authenticated with it, so a sealed secret
/// copied to another account's row does not open.
fn seal(app: &App, user_id: i64, secret: &[u8]) -> Result<String> {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad = user_id.to_be_bytes();
    let sealed = cipher(app)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: &aad,
            },
        )
        .map_err(|_| AppError::Internal("sealing a second-factor secret failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(STANDARD_NO_PAD.encode(out))
}

fn open(app: &App, user_id: i64, sealed: &str) -> Result<Vec<u8>> {
    let unreadable = || {
        AppError::Internal(
            "a second-factor secret does not open with this instance key (was the key changed?)"
                .into(),
        )
    };
    let bytes = STANDARD_NO_PAD.decode(sealed).map_err(|_| unreadable())?;
    if bytes.len() < 12 {
        return Err(unreadable());
    }
    let (nonce, ciphertext) = bytes.split_at(12);
    let aad = user_id.to_be_bytes();
    cipher(app)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| unreadable())
}

fn totp(secret: Vec<u8>, username: &str) -> Result<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        secret,
        Some(ISSUER.into()),
        username.into(),
    )
    .map_err(|e| AppError::Internal(format!("a TOTP could not be set up: {e}")))
}

fn enrolment(totp: &TOTP) -> Enrolment {
    Enrolment {
        secret_base32: totp.get_secret_base32(),
        uri: totp.get_url(),
    }
}

/// The time step whose code `code` is, within the allowed skew of `now`, if any.
fn matching_step(totp: &TOTP, code: &str, now: Timestamp) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let current = now.datetime().unix_timestamp() / STEP_SECONDS as i64;
    (current - SKEW_STEPS..=current + SKEW_STEPS).find(|step| {
        let at = u64::try_from(*step).unwrap_or(0) * STEP_SECONDS;
        bool::from(totp.generate(at).as_bytes().ct_eq(code.as_bytes()))
    })
}

/// The stored form of a recovery code: an HMAC under the second-factor key, after removing
/// what people add when typing (spaces, the dash, capitals).
fn recovery_hash(app: &App, code: &str) -> Result<String> {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&app.second_factor_key)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    mac.update(b"recovery code ");
    mac.update(normal.as_bytes());
    Ok(hex::encode(mac.finalize().into_bytes()))
}

fn new_recovery_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let mut pick = || RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char;
    let first: String = (0..5).map(|_| pick()).collect();
    let second: String = (0..5).map(|_| pick()).collect();
    format!("{first}-{second}")
}

fn own_id(actor: &Actor) -> Result<i64> {
    actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)
}

async fn user(tx: &mut Tx, user_id: i64) -> Result<User> {
    users::get(tx, user_id).await?.ok_or(AppError::NotFound)
}

/// The actor's own second factor.
pub async fn status(app: &App, actor: &Actor) -> Result<Status> {
    let user_id = own_id(actor)?;
    let mut tx = app.begin_read().await?;
    let stored = store::get(&mut tx, user_id).await?;
    let status = match stored {
        None => Status::Off,
        Some(stored) if stored.confirmed => Status::On {
            recovery_codes_left: store::unused_recovery_codes(&mut tx, user_id).await?,
        },
        Some(stored) => {
            let user = user(&mut tx, user_id).await?;
            let secret = open(app, user_id, &stored.secret_sealed)?;
            Status::Enrolling(enrolment(&totp(secret, &user.username)?))
        }
    };
    tx.commit().await?;
    Ok(status)
}

/// Starts enrolment with a new secret; an unconfirmed earlier one is replaced. Refused while a
/// confirmed second factor is on: it must be turned off first, with a code or the password.
pub async fn begin_enrolment(app: &App, actor: &Actor) -> Result<Enrolment> {
    let user_id = own_id(actor)?;
    let mut tx = app.begin().await?;
    if store::get(&mut tx, user_id)
        .await?
        .is_some_and(|s| s.confirmed)
    {
        return Err(AppError::field("code", "error-totp-already-on"));
    }
    let user = user(&mut tx, user_id).await?;
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let sealed = seal(app, user_id, &secret)?;
    store::begin(&mut tx, user_id, &sealed, app.now()).await?;
    let enrolment = enrolment(&totp(secret, &user.username)?);
    tx.commit().await?;
    Ok(enrolment)
}

/// Confirms enrolment with a first code and returns the recovery codes, shown this once.
pub async fn confirm_enrolment(app: &App, actor: &Actor, code: &str) -> Result<Vec<String>> {
    let user_id = own_id(actor)?;
    let mut tx = app.begin().await?;
    let stored = match store::get(&mut tx, user_id).await? {
        Some(stored) if !stored.confirmed => stored,
        _ => return Err(AppError::field("code", "error-totp-not-started")),
    };
    let user = user(&mut tx, user_id).await?;
    let totp = totp(open(app, user_id, &stored.secret_sealed)?, &user.username)?;
    let now = app.now();
    let Some(step) = matching_step(&totp, code, now) else {
        return Err(AppError::field("code", "error-totp-code-wrong"));
    };
    store::confirm(&mut tx, user_id, step, now).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes = codes
        .iter()
        .map(|c| recovery_hash(app, c))
        .collect::<Result<Vec<String>>>()?;
    store::insert_recovery_codes(&mut tx, user_id, &hashes).await?;
    app.audit(
        &mut tx,
        actor,
        "totp.enrolled",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns the actor's second factor off, given a current code or the password. Refused when
/// the policy requires a second factor of the actor's role.
pub async fn disable(app: &App, actor: &Actor, code_or_password: &str) -> Result<()> {
    let user_id = own_id(actor)?;
    let mut tx = app.begin().await?;
    let Some(stored) = store::get(&mut tx, user_id).await? else {
        return Err(AppError::NotFound);
    };
    let credentials = users::credentials_by_id(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if stored.confirmed && required_for(&app.policy, credentials.user.role) {
        return Err(AppError::field("code_or_password", "error-totp-required"));
    }
    let totp = totp(
        open(app, user_id, &stored.secret_sealed)?,
        &credentials.user.username,
    )?;
    let by_code = match matching_step(&totp, code_or_password, app.now()) {
        Some(step) => store::use_step(&mut tx, user_id, step).await?,
        None => false,
    };
    let by_password = !by_code
        && app
            .passwords
            .verify(code_or_password.to_string(), credentials.password_hash)
            .await;
    if !by_code && !by_password {
        return Err(AppError::field(
            "code_or_password",
            "error-totp-code-or-password-wrong",
        ));
    }
    store::remove(&mut tx, user_id).await?;
    app.audit(
        &mut tx,
        actor,
        "totp.disabled",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes another user's second factor (a lost phone and lost recovery codes); the
/// administrator's, audited. The user's sessions end, and they enrol again at their next login
/// if the policy requires it. Resetting a user who has none changes nothing but is still
/// recorded, as the administrator asked for it.
pub async fn reset(app: &App, actor: &Actor, user_id: i64) -> Result<()> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    user(&mut tx, user_id).await?;
    store::remove(&mut tx, user_id).await?;
    stegvis_storage::sessions::delete_for_user(&mut tx, user_id).await?;
    app.audit(
        &mut tx,
        actor,
        "totp.reset",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether another user has a confirmed second factor, for the user admin page.
pub async fn is_on(app: &App, actor: &Actor, user_id: i64) -> Result<bool> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin_read().await?;
    let on = store::is_enrolled(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(on)
}

/// How long the step between password and code may take.
const PENDING_VALID: time::Duration = time::Duration::minutes(5);

/// A correct password of an account with a second factor: the secret the browser keeps until
/// it sends the code. It is not a session and opens nothing but the code page.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    pub token: String,
    pub expires_at: Timestamp,
}

/// Called by the login after a correct password: holds the login when the account has a
/// confirmed second factor.
pub(crate) async fn hold_login(
    app: &App,
    tx: &mut Tx,
    user_id: i64,
) -> Result<Option<PendingLogin>> {
    if !store::is_enrolled(tx, user_id).await? {
        return Ok(None);
    }
    let now = app.now();
    store::delete_expired_pending(tx, now).await?;
    let token = random_token();
    let expires_at = now.plus(PENDING_VALID);
    store::insert_pending(tx, &hash_token(&token), user_id, expires_at).await?;
    Ok(Some(PendingLogin { token, expires_at }))
}

/// Whether a pending login is still valid, for showing the code page.
pub async fn pending_is_valid(app: &App, token: &str) -> Result<bool> {
    let mut tx = app.begin_read().await?;
    let valid = store::pending_user(&mut tx, &hash_token(token), app.now())
        .await?
        .is_some();
    tx.commit().await?;
    Ok(valid)
}

/// The login's second step: a current code, or an unused recovery code (which is then used
/// up), completes the pending login and starts the session. A wrong code counts as a failed
/// login toward the lockout; an expired or unknown pending login is `NotFound`.
pub async fn complete_login(app: &App, pending_token: &str, code: &str) -> Result<NewSession> {
    let route = "POST /logga-in/kod";
    let token_hash = hash_token(pending_token);
    let now = app.now();
    let mut tx = app.begin().await?;
    let user_id = store::pending_user(&mut tx, &token_hash, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = user(&mut tx, user_id).await?;
    if !user.active {
        return Err(AppError::LoginFailed);
    }
    if let Some(until) = user.locked_until.filter(|until| *until > now) {
        return Err(AppError::Locked(until));
    }
    let stored = store::get(&mut tx, user_id)
        .await?
        .filter(|s| s.confirmed)
        .ok_or(AppError::NotFound)?;
    let totp = totp(open(app, user_id, &stored.secret_sealed)?, &user.username)?;
    let by_code = match matching_step(&totp, code, now) {
        Some(step) => store::use_step(&mut tx, user_id, step).await?,
        None => false,
    };
    let by_recovery = !by_code
        && code.chars().any(|c| c.is_ascii_alphabetic())
        && store::use_recovery_code(&mut tx, user_id, &recovery_hash(app, code)?, now).await?;
    let actor = Actor::user(principal_of(&user), route);
    if !by_code && !by_recovery {
        let failures = user.failed_logins + 1;
        let lock = (failures >= app.policy.lock_after_failures)
            .then(|| now.plus(app.policy.lock_duration));
        users::record_failed_login(&mut tx, user_id, lock).await?;
        let records = [RecordRef::new("user", user_id)];
        app.audit(&mut tx, &actor, "login.second-factor-failed", &records)
            .await?;
        if let Some(until) = lock {
            store::delete_pending(&mut tx, &token_hash).await?;
            app.audit(&mut tx, &Actor::system(route), "login.locked", &records)
                .await?;
            tx.commit().await?;
            return Err(AppError::Locked(until));
        }
        tx.commit().await?;
        return Err(AppError::Invalid(ValidationErrors::single(
            FieldError::new("code", "error-totp-code-wrong"),
        )));
    }
    if by_recovery {
        app.audit(
            &mut tx,
            &actor,
            "recovery-code.used",
            &[RecordRef::new("user", user_id)],
        )
        .await?;
    }
    store::delete_pending(&mut tx, &token_hash).await?;
    let session = crate::auth::start_session(app, &mut tx, user, route, "login.succeeded").await?;
    tx.commit().await?;
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn known() -> TOTP {
        // The RFC 6238 test secret for SHA1.
        totp(b"12345678901234567890".to_vec(), "anna").unwrap()
    }

    #[test]
    fn codes_of_the_rfc_6238_test_vector_match_their_step_and_one_either_side() {
        let totp = known();
        let at = Timestamp::from_datetime(datetime!(2009-02-13 23:31:30 UTC));
        // RFC 6238 appendix B: 1234567890 s gives 89005924, of which six digits are shown.
        assert_eq!(matching_step(&totp, "005924", at), Some(1_234_567_890 / 30));
        let later = Timestamp::from_datetime(datetime!(2009-02-13 23:32:00 UTC));
        assert_eq!(
            matching_step(&totp, "005 924", later),
            Some(1_234_567_890 / 30)
        );
        let much_later = Timestamp::from_datetime(datetime!(2009-02-13 23:33:00 UTC));
        assert_eq!(matching_step(&totp, "005924", much_later), None);
        assert_eq!(matching_step(&totp, "abcdef", at), None);
    }

    #[test]
    fn the_uri_names_the_issuer_the_account_and_the_rfc_parameters() {
        let enrolment = enrolment(&known());
        assert!(enrolment.uri.starts_with("otpauth://totp/Stegvis:anna?"));
        assert!(
            enrolment
                .uri
                .contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        );
        assert_eq!(enrolment.secret_base32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn recovery_codes_are_two_groups_of_five_unambiguous_characters() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        assert_eq!(&code[5..6], "-");
        assert!(
            code.chars()
                .filter(|c| *c != '-')
                .all(|c| RECOVERY_ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(code, new_recovery_code());
    }
}
