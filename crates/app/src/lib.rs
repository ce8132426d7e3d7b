//! Stegvis use cases: `(actor, command) → result`.
//!
//! Each public function here checks that the actor may do what it asks (deny by default),
//! runs in one database transaction, and writes its audit event in that same transaction, so a
//! change and the record of it commit together or not at all. Handlers in `stegvis-web`, the
//! JSON API and the CLI all call these functions; none of them talks to storage directly.

pub mod activities;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod budget;
pub mod clock;
pub mod demo;
pub mod effects;
pub mod enterprise_figures;
pub mod enterprises;
pub mod handbook;
pub mod ideas;
pub mod imports;
pub mod instruments;
pub mod keys;
pub mod mail;
pub mod metrics;
pub mod network;
pub mod oidc;
pub mod organisations;
pub mod outreach;
pub mod passwords;
pub mod persons;
pub mod portal;
pub mod privacy;
pub mod programmes;
pub mod questionnaires;
pub mod report_documents;
pub mod second_factor;
pub mod secrets;
pub mod socioeconomics;
pub mod steering;
pub mod targets;
pub mod today;
pub mod users;

use stegvis_domain::access::{Capability, PersonScope, Principal};
use stegvis_domain::audit::{AuditKey, RecordRef};
use stegvis_domain::edit::{SeenVersion, next_version};
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::edits::{self, Editable};
use stegvis_storage::{Db, StorageError, Tx};

pub use clock::Clock;
pub use passwords::{PasswordCost, Passwords};

/// Timing rules for sessions, links and lockout.
#[derive(Debug, Clone)]
pub struct Policy {
    /// A session ends after this long without a request.
    pub session_idle: time::Duration,
    /// A session ends after this long whatever happens.
    pub session_absolute: time::Duration,
    pub invite_valid: time::Duration,
    pub reset_valid: time::Duration,
    /// Consecutive failed logins that lock an account for `lock_duration`.
    pub lock_after_failures: i64,
    pub lock_duration: time::Duration,
    /// Whether roles that read personal data must log in with a second factor
    /// (`--require-totp`); see [`second_factor::required_for`].
    pub require_totp: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            session_idle: time::Duration::minutes(30),
            session_absolute: time::Duration::hours(12),
            invite_valid: time::Duration::days(7),
            reset_valid: time::Duration::hours(24),
            lock_after_failures: 5,
            lock_duration: time::Duration::minutes(15),
            require_totp: false,
        }
    }
}

/// Everything a use case needs: the database, the audit key, password hashing, the policy and
/// the clock.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub audit_key: AuditKey,
    /// Derives the evaluators' pseudonyms; see [`stegvis_domain::pseudonym`].
    pub pseudonym_key: stegvis_domain::pseudonym::PseudonymKey,
    /// Hashes the personnummer that e-ID logins are matched by; see [`stegvis_domain::oidc`].
    pub identity_key: stegvis_domain::oidc::IdentityKey,
    pub passwords: Passwords,
    /// Seals second-factor secrets and keys the recovery-code hashes; derived from the
    /// instance key ([`keys::InstanceKey::second_factor_key`]).
    pub second_factor_key: [u8; 32],
    pub policy: Policy,
    /// The only source of "now" for use cases; see [`clock`].
    pub clock: Clock,
    /// Request and database figures for `/metrics`; shared by every clone of the app.
    pub metrics: std::sync::Arc<metrics::Metrics>,
}

/// Who performs a use case, and through which route, for authorization and the audit log.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A logged-in user (web session or API token).
    User { principal: Principal, route: String },
    /// The operator of the machine, through the `stegvis` command line, which already has full
    /// access to the database and its configuration.
    System { command: String },
}

impl Actor {
    pub fn user(principal: Principal, route: impl Into<String>) -> Self {
        Actor::User {
            principal,
            route: route.into(),
        }
    }

    pub fn system(command: impl Into<String>) -> Self {
        Actor::System {
            command: command.into(),
        }
    }

    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Actor::User { principal, .. } => Some(principal),
            Actor::System { .. } => None,
        }
    }

    /// The people this actor may see: a user's from their role and organisation, the command
    /// line's everyone ([`PersonScope::All`]).
    pub fn person_scope(&self) -> PersonScope {
        match self {
            Actor::User { principal, .. } => principal.person_scope(),
            Actor::System { .. } => PersonScope::All,
        }
    }

    fn user_id(&self) -> Option<i64> {
        self.principal().map(|p| p.user_id)
    }

    fn route(&self) -> &str {
        match self {
            Actor::User { route, .. } => route,
            Actor::System { command } => command,
        }
    }

    /// Fails unless the actor holds the capability. The command line holds every capability.
    pub fn require(&self, capability: Capability) -> Result<(), AppError> {
        match self {
            Actor::System { .. } => Ok(()),
            Actor::User { principal, .. } if principal.can(capability) => Ok(()),
            Actor::User { .. } => Err(AppError::Forbidden),
        }
    }
}

/// Why a use case did not succeed, in terms the web and API map to status codes.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    #[error("login failed")]
    LoginFailed,
    #[error("the account is locked until {0}")]
    Locked(Timestamp),
    /// The password was right, but the user's organisation allows only e-ID login.
    #[error("local passwords are switched off for the user's organisation")]
    LocalPasswordsOff,
    #[error("e-ID login failed: {0:?}")]
    ExternalLogin(oidc::LoginFailure),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, key: &'static str) -> Self {
        AppError::Invalid(ValidationErrors::single(FieldError::new(field, key)))
    }

    /// Whether the database could not be reached, so the caller should answer "try again later"
    /// rather than report a fault.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, AppError::Storage(StorageError::Unreachable(_)))
    }
}

/// The answer to an edit made from an older version of a record than the one stored: the form
/// shows the message at its top with the user's input kept, and carries the stored version, so
/// saving again (after looking) deliberately replaces what the other person saved (decision 0030).
pub(crate) fn edit_conflict(stored: Timestamp) -> AppError {
    AppError::Invalid(ValidationErrors::single(
        FieldError::new("version", "error-edited-meanwhile")
            .with_arg("current", stegvis_domain::edit::version_token(stored)),
    ))
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl From<passwords::PasswordError> for AppError {
    fn from(error: passwords::PasswordError) -> Self {
        AppError::Internal(error.to_string())
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl App {
    /// Whether the database answers, for the health check.
    pub async fn health(&self) -> Result<()> {
        Ok(self.db.ping().await?)
    }

    /// The time now, by the app's clock (see [`Clock`]).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Today's date in Sweden by the app's clock.
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }

    /// A transaction that may write (and audit).
    pub async fn begin(&self) -> Result<Tx> {
        let started = std::time::Instant::now();
        let tx = self.db.begin().await?;
        self.metrics
            .observe_begin(metrics::Pool::Writer, started.elapsed());
        Ok(tx)
    }

    /// A transaction that only reads: on SQLite it runs beside the single writer instead of
    /// queueing for it. A use case that reads personal data reads here, then records its audit
    /// event in a short writing transaction before it returns anything, so nothing is shown
    /// unaudited ([`App::audit_reads`]).
    pub async fn begin_read(&self) -> Result<Tx> {
        let started = std::time::Instant::now();
        let tx = self.db.begin_read().await?;
        self.metrics
            .observe_begin(metrics::Pool::Reader, started.elapsed());
        Ok(tx)
    }

    /// Claims a record for an edit made from version `seen`, inside the edit's transaction,
    /// and returns the version the edit writes as its `updated_at`. Refused with the conflict
    /// message when someone else saved the record after `seen`, so nothing is overwritten
    /// silently (decision 0030). Call it after the actor's right to edit the record is checked.
    pub(crate) async fn claim_edit(
        &self,
        tx: &mut Tx,
        record: Editable,
        id: i64,
        seen: SeenVersion<'_>,
    ) -> Result<Timestamp> {
        let stored = edits::stored_version(tx, record, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !seen.is_current(stored) {
            return Err(edit_conflict(stored));
        }
        let next = next_version(stored, self.now());
        if edits::claim(tx, record, id, stored, next).await? {
            return Ok(next);
        }
        let now_stored = edits::stored_version(tx, record, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Err(edit_conflict(now_stored))
    }

    /// The sequence number of the newest audit event, for `/metrics`.
    pub async fn audit_chain_length(&self) -> Result<i64> {
        let mut tx = self.begin_read().await?;
        let length = stegvis_storage::audit::head_seq(&mut tx).await?;
        tx.commit().await?;
        Ok(length)
    }

    /// Records the audit event of a read done in a [`App::begin_read`] transaction, in a
    /// writing transaction of its own; the caller returns the data only if this succeeds.
    pub(crate) async fn audit_reads(
        &self,
        actor: &Actor,
        action: &str,
        records: &[RecordRef],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        self.audit(&mut tx, actor, action, records).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes the audit event of a use case inside its transaction.
    pub(crate) async fn audit(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: &str,
        records: &[RecordRef],
    ) -> Result<()> {
        stegvis_storage::audit::append(
            tx,
            &self.audit_key,
            &stegvis_storage::audit::NewEvent {
                actor_user_id: actor.user_id(),
                action,
                route: actor.route(),
                records,
            },
            self.now(),
        )
        .await?;
        Ok(())
    }
}
