//! Login with e-ID through OpenID Connect (issue 14, decision 0032).
//!
//! The authorization code flow with PKCE (S256), `state` and `nonce`, by the `openidconnect`
//! crate, which also checks the ID token's signature (against the provider's published keys),
//! issuer, audience, expiry and nonce. Each organisation configures its own provider; the claim
//! it names is matched to a user of that organisation by the user's `external_id`. A login
//! under way is kept in the database, so the callback may reach another app server, and is
//! consumed by the first callback that names its `state`.

use crate::auth::NewSession;
use crate::secrets::{hash_token, random_token};
use crate::{Actor, App, AppError, Result};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IdToken, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::oidc::{ClaimKind, OidcProvider, OidcProviderInput};
use stegvis_domain::user::User;
use stegvis_domain::validation::ValidationErrors;
use stegvis_storage::{StorageError, Tx, oidc, users};

/// How long a browser may spend at the provider before the login must start over.
const PENDING_VALID: time::Duration = time::Duration::minutes(10);

/// Why an e-ID login did not succeed, as the login page explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailure {
    /// The organisation offers no e-ID login.
    NotConfigured,
    /// No login under way for this `state` and browser: it expired, was already used, or was
    /// started in another browser.
    UnknownAttempt,
    /// The provider refused, could not be reached, or answered with a token that failed
    /// verification.
    Provider,
    /// The e-ID is genuine but belongs to no active user of the organisation.
    UnknownIdentity,
}

fn fail(failure: LoginFailure) -> AppError {
    AppError::ExternalLogin(failure)
}

/// The organisations whose users may log in with e-ID, `(id, name)`, for the login page.
pub async fn login_choices(app: &App) -> Result<Vec<(i64, String)>> {
    let mut tx = app.begin_read().await?;
    let choices = oidc::login_choices(&mut tx).await?;
    tx.commit().await?;
    Ok(choices)
}

/// An organisation's settings as the form shows them: everything but the secret, and whether
/// one is stored.
#[derive(Clone, Default)]
pub struct ProviderSettings {
    pub input: OidcProviderInput,
    pub has_secret: bool,
}

pub async fn settings(app: &App, actor: &Actor, organisation_id: i64) -> Result<ProviderSettings> {
    actor.require(Capability::ManageOrganisations)?;
    let mut tx = app.begin().await?;
    stegvis_storage::organisations::get(&mut tx, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let provider = oidc::provider(&mut tx, organisation_id).await?;
    tx.commit().await?;
    Ok(provider.map_or_else(
        || ProviderSettings {
            input: OidcProviderInput {
                claim_kind: ClaimKind::Personnummer.code().into(),
                ..OidcProviderInput::default()
            },
            has_secret: false,
        },
        |p| ProviderSettings {
            input: OidcProviderInput {
                issuer_url: p.issuer_url,
                client_id: p.client_id,
                client_secret: String::new(),
                claim_name: p.claim_name,
                claim_kind: p.claim_kind.code().into(),
                local_passwords_off: p.local_passwords_off,
            },
            has_secret: true,
        },
    ))
}

/// Saves an organisation's provider. An empty secret keeps the stored one.
pub async fn save_settings(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    input: &OidcProviderInput,
) -> Result<()> {
    actor.require(Capability::ManageOrganisations)?;
    let mut tx = app.begin().await?;
    stegvis_storage::organisations::get(&mut tx, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = oidc::provider(&mut tx, organisation_id).await?;
    let provider = input.parse(
        organisation_id,
        stored.as_ref().map(|p| p.client_secret.as_str()),
    )?;
    oidc::save_provider(&mut tx, &provider, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "organisation.oidc",
        &[RecordRef::new("organisation", organisation_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a user has an external identity, and the employee id when that is what it is (a
/// personnummer is stored only as its keyed hash and cannot be shown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalIdentity {
    pub linked: bool,
    pub employee_id: Option<String>,
    /// Whether the user's organisation has an e-ID provider to link to.
    pub available: bool,
}

pub async fn external_identity(app: &App, actor: &Actor, user_id: i64) -> Result<ExternalIdentity> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let user = users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let value = oidc::external_id(&mut tx, user_id).await?;
    let available = match user.organisation_id {
        Some(org) => oidc::provider(&mut tx, org).await?.is_some(),
        None => false,
    };
    tx.commit().await?;
    Ok(ExternalIdentity {
        linked: value.is_some(),
        employee_id: value.filter(|v| !v.starts_with("pnr:")),
        available,
    })
}

/// Links a user to the e-ID identity `value` (a personnummer or employee id, as the user's
/// organisation is configured), or removes the link when `value` is blank.
pub async fn set_external_identity(
    app: &App,
    actor: &Actor,
    user_id: i64,
    value: &str,
) -> Result<()> {
    actor.require(Capability::ManageUsers)?;
    let mut tx = app.begin().await?;
    let user = users::get(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = if value.trim().is_empty() {
        None
    } else {
        let provider = match user.organisation_id {
            Some(org) => oidc::provider(&mut tx, org).await?,
            None => None,
        }
        .ok_or_else(|| AppError::field("external_id", "error-oidc-no-provider"))?;
        Some(
            app.identity_key
                .match_value(provider.claim_kind, value, app.today())
                .map_err(|e| AppError::Invalid(ValidationErrors::single(e)))?,
        )
    };
    match oidc::set_external_id(&mut tx, user_id, stored.as_deref()).await {
        Ok(_) => {}
        Err(StorageError::Conflict { .. }) => {
            return Err(AppError::field("external_id", "error-oidc-identity-taken"));
        }
        Err(other) => return Err(other.into()),
    }
    app.audit(
        &mut tx,
        actor,
        "user.external_id",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a password login whose password was right must be refused because the user's
/// organisation allows only e-ID; a refusal is recorded in the caller's transaction. Called by
/// [`crate::auth::login`].
pub(crate) async fn refuse_local_password(
    app: &App,
    tx: &mut Tx,
    user: &User,
    route: &str,
) -> Result<bool> {
    let Some(org) = user.organisation_id else {
        return Ok(false);
    };
    if !oidc::local_passwords_off(tx, org).await? {
        return Ok(false);
    }
    app.audit(
        tx,
        &Actor::system(route),
        "login.password_off",
        &[RecordRef::new("user", user.id)],
    )
    .await?;
    Ok(true)
}

/// Where to send the browser, and the value of the cookie that binds the login to it.
#[derive(Debug, Clone)]
pub struct LoginStart {
    pub authorization_url: String,
    pub browser_token: String,
}

/// The HTTP client for the provider. Redirects are not followed, as the crate advises, so a
/// provider cannot point the server's requests elsewhere.
fn http_client() -> Result<openidconnect::reqwest::Client> {
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| AppError::Internal(format!("HTTP client for e-ID: {e}")))
}

type Discovered = openidconnect::Client<
    openidconnect::EmptyAdditionalClaims,
    openidconnect::core::CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreAuthPrompt,
    openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    openidconnect::core::CoreTokenResponse,
    openidconnect::core::CoreTokenIntrospectionResponse,
    openidconnect::core::CoreRevocableToken,
    openidconnect::core::CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// Reads the provider's discovery document and keys. Failures are logged with the issuer only
/// (never the secret) and shown as [`LoginFailure::Provider`].
async fn discover(
    provider: &OidcProvider,
    redirect_uri: &str,
    http: &openidconnect::reqwest::Client,
) -> Result<Discovered> {
    let issuer = IssuerUrl::new(provider.issuer_url.clone()).map_err(|error| {
        tracing::warn!(issuer = %provider.issuer_url, %error, "e-ID issuer URL is not valid");
        fail(LoginFailure::Provider)
    })?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|error| {
            tracing::warn!(issuer = %provider.issuer_url, %error, "e-ID discovery failed");
            fail(LoginFailure::Provider)
        })?;
    let redirect = RedirectUrl::new(redirect_uri.to_string())
        .map_err(|e| AppError::Internal(format!("e-ID redirect URI: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Starts an e-ID login for a user of the organisation: records the attempt and answers the
/// provider's authorization URL. `redirect_uri` is Stegvis's callback as registered.
pub async fn start_login(
    app: &App,
    organisation_id: i64,
    redirect_uri: &str,
) -> Result<LoginStart> {
    let mut tx = app.begin_read().await?;
    let provider = oidc::provider(&mut tx, organisation_id).await?;
    tx.commit().await?;
    let provider = provider.ok_or(fail(LoginFailure::NotConfigured))?;
    let http = http_client()?;
    let client = discover(&provider, redirect_uri, &http).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let browser_token = random_token();
    let now = app.now();
    let mut tx = app.begin().await?;
    oidc::delete_expired_pending(&mut tx, now).await?;
    oidc::insert_pending(
        &mut tx,
        &oidc::NewPendingLogin {
            state_hash: &hash_token(state.secret()),
            browser_hash: &hash_token(&browser_token),
            organisation_id,
            nonce: nonce.secret(),
            pkce_verifier: verifier.secret(),
            expires_at: now.plus(PENDING_VALID),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(LoginStart {
        authorization_url: url.to_string(),
        browser_token,
    })
}

/// Every claim of the ID token beyond the standard ones, so the configured claim can be any.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct OtherClaims {
    #[serde(flatten)]
    claims: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type TokenWithClaims = IdToken<
    OtherClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;

/// What came back to the callback.
#[derive(Debug, Clone, Copy)]
pub struct Callback<'a> {
    pub state: &'a str,
    pub code: &'a str,
    /// The value of the cookie set when the login started, if the browser sent it.
    pub browser_token: Option<&'a str>,
    pub redirect_uri: &'a str,
}

/// Finishes an e-ID login: consumes the attempt, exchanges the code (with the PKCE verifier),
/// verifies the ID token and its nonce, and opens a session for the matched user. Refusals are
/// audited as `login.oidc_failed` against the organisation, without the claim's value.
pub async fn finish_login(app: &App, callback: Callback<'_>) -> Result<NewSession> {
    const ROUTE: &str = "GET /logga-in/oidc/callback";
    let mut tx = app.begin().await?;
    let pending = oidc::take_pending(&mut tx, &hash_token(callback.state)).await?;
    tx.commit().await?;
    let Some(pending) = pending else {
        return Err(fail(LoginFailure::UnknownAttempt));
    };
    let expired = pending.expires_at <= app.now();
    let other_browser =
        callback.browser_token.map(hash_token).as_deref() != Some(pending.browser_hash.as_str());
    let organisation_id = pending.organisation_id;
    let refuse = async |failure: LoginFailure| -> Result<NewSession> {
        let mut tx = app.begin().await?;
        app.audit(
            &mut tx,
            &Actor::system(ROUTE),
            "login.oidc_failed",
            &[RecordRef::new("organisation", organisation_id)],
        )
        .await?;
        tx.commit().await?;
        Err(fail(failure))
    };
    if expired || other_browser {
        return refuse(LoginFailure::UnknownAttempt).await;
    }
    let mut tx = app.begin_read().await?;
    let provider = oidc::provider(&mut tx, organisation_id).await?;
    tx.commit().await?;
    let Some(provider) = provider else {
        return refuse(LoginFailure::NotConfigured).await;
    };
    let value = match verified_claim(&provider, &pending, callback).await {
        Ok(value) => value,
        Err(failure) => return refuse(failure).await,
    };
    let Ok(match_value) = app
        .identity_key
        .match_value(provider.claim_kind, &value, app.today())
    else {
        tracing::warn!(
            organisation = organisation_id,
            "e-ID claim is not valid for its kind"
        );
        return refuse(LoginFailure::UnknownIdentity).await;
    };
    let mut tx = app.begin().await?;
    let user = match oidc::user_by_external_id(&mut tx, organisation_id, &match_value).await? {
        Some(id) => users::get(&mut tx, id).await?,
        None => None,
    };
    let Some(user) = user.filter(|u| u.active && u.organisation_id == Some(organisation_id)) else {
        drop(tx);
        return refuse(LoginFailure::UnknownIdentity).await;
    };
    let session = crate::auth::start_session(app, &mut tx, user, ROUTE, "login.oidc").await?;
    tx.commit().await?;
    Ok(session)
}

/// Exchanges the code and returns the configured claim of the verified ID token as text.
async fn verified_claim(
    provider: &OidcProvider,
    pending: &oidc::PendingLogin,
    callback: Callback<'_>,
) -> std::result::Result<String, LoginFailure> {
    let http = http_client().map_err(|_| LoginFailure::Provider)?;
    let client = discover(provider, callback.redirect_uri, &http)
        .await
        .map_err(|_| LoginFailure::Provider)?;
    let token = client
        .exchange_code(AuthorizationCode::new(callback.code.to_string()))
        .map_err(|error| {
            tracing::warn!(%error, "e-ID provider has no token endpoint");
            LoginFailure::Provider
        })?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(&http)
        .await
        .map_err(|error| {
            tracing::warn!(issuer = %provider.issuer_url, %error, "e-ID code exchange failed");
            LoginFailure::Provider
        })?;
    let raw = token.id_token().ok_or_else(|| {
        tracing::warn!(issuer = %provider.issuer_url, "e-ID token response has no ID token");
        LoginFailure::Provider
    })?;
    let id_token: TokenWithClaims = raw.to_string().parse().map_err(|error| {
        tracing::warn!(%error, "e-ID ID token does not parse");
        LoginFailure::Provider
    })?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(pending.nonce.clone()))
        .map_err(|error| {
            tracing::warn!(issuer = %provider.issuer_url, %error, "e-ID ID token failed verification");
            LoginFailure::Provider
        })?;
    match claims.additional_claims().claims.get(&provider.claim_name) {
        Some(serde_json::Value::String(text)) => Ok(text.clone()),
        Some(serde_json::Value::Number(number)) => Ok(number.to_string()),
        _ => {
            tracing::warn!(claim = %provider.claim_name, "e-ID ID token lacks the configured claim");
            Err(LoginFailure::UnknownIdentity)
        }
    }
}
