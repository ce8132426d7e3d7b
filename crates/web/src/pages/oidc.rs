//! Login with e-ID through OpenID Connect (decision 0032): the link that sends the browser to
//! the organisation's provider, the callback it comes back to, and the administrator's forms
//! for an organisation's provider and a user's e-ID identity.

use super::{failure, form_outcome, render};
use crate::AppState;
use crate::context::{
    CurrentUser, PRE_SESSION_COOKIE, RequestContext, SESSION_COOKIE, clear_cookie, cookies,
    set_cookie,
};
use crate::errors::{PageError, error_page};
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::oidc::{Callback, LoginFailure};
use stegvis_domain::oidc::{ClaimKind, OidcProviderInput};

/// Binds a login under way to the browser that started it, so a callback URL cannot log in
/// another browser (login CSRF). Lives as long as the attempt.
pub const OIDC_COOKIE: &str = "stegvis_oidc";
const CALLBACK_PATH: &str = "/logga-in/oidc/callback";

/// Stegvis's callback as the provider must have it registered.
fn redirect_uri(state: &AppState) -> String {
    state
        .config
        .public_url
        .join(CALLBACK_PATH)
        .map(|url| url.to_string())
        .unwrap_or_default()
}

/// The page for a failed e-ID login, in plain Swedish.
fn refused(l: &Layout, error: AppError) -> Response {
    match error {
        AppError::ExternalLogin(LoginFailure::NotConfigured) => {
            error_page(l, StatusCode::NOT_FOUND, "error-page-not-found")
        }
        AppError::ExternalLogin(LoginFailure::UnknownAttempt) => {
            error_page(l, StatusCode::NOT_FOUND, "error-page-oidc-attempt")
        }
        AppError::ExternalLogin(LoginFailure::UnknownIdentity) => {
            error_page(l, StatusCode::FORBIDDEN, "error-page-oidc-unknown")
        }
        AppError::ExternalLogin(LoginFailure::Provider) => {
            error_page(l, StatusCode::BAD_GATEWAY, "error-page-oidc-provider")
        }
        other => PageError::from(other).render(l),
    }
}

/// Sends the browser to the organisation's provider (a plain link, no JavaScript).
pub async fn start(State(state): State<AppState>, ctx: RequestContext, ids: Ids) -> Response {
    let l = Layout::new(&state, &ctx, "/logga-in");
    match stegvis_app::oidc::start_login(&state.app, ids.id(), &redirect_uri(&state)).await {
        Ok(start) => {
            let mut response = Redirect::to(&start.authorization_url).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state.config, OIDC_COOKIE, &start.browser_token, Some(600)),
            );
            response
        }
        Err(error) => refused(&l, error),
    }
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
}

/// Where the provider sends the browser back: on success a session exactly like a password
/// login's, and the start page.
pub async fn callback(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let l = Layout::new(&state, &ctx, "/logga-in");
    // A provider that answers with an error (the user cancelled) sends no code; the attempt
    // then simply runs out.
    let (Some(oidc_state), Some(code)) = (query.state, query.code) else {
        return refused(&l, AppError::ExternalLogin(LoginFailure::UnknownAttempt));
    };
    let browser = cookies(&headers).remove(&state.config.cookie_name(OIDC_COOKIE));
    let redirect_uri = redirect_uri(&state);
    let outcome = stegvis_app::oidc::finish_login(
        &state.app,
        Callback {
            state: &oidc_state,
            code: &code,
            browser_token: browser.as_deref(),
            redirect_uri: &redirect_uri,
        },
    )
    .await;
    let mut response = match outcome {
        Ok(session) => {
            if let Some(old) = ctx.session()
                && let Err(error) = stegvis_app::auth::logout(&state.app, old).await
            {
                return PageError::from(error).render(&l);
            }
            let mut response = Redirect::to("/start").into_response();
            let headers = response.headers_mut();
            headers.append(
                header::SET_COOKIE,
                set_cookie(&state.config, SESSION_COOKIE, &session.session_id, None),
            );
            headers.append(
                header::SET_COOKIE,
                clear_cookie(&state.config, PRE_SESSION_COOKIE),
            );
            response
        }
        Err(error) => refused(&l, error),
    };
    response
        .headers_mut()
        .append(header::SET_COOKIE, clear_cookie(&state.config, OIDC_COOKIE));
    response
}

#[derive(Template)]
#[template(path = "oidc/settings.html")]
struct SettingsPage {
    l: Layout,
    form: Form,
    id: i64,
    has_secret: bool,
    callback_url: String,
    kinds: Vec<(&'static str, String)>,
}

fn settings_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    id: i64,
    has_secret: bool,
) -> SettingsPage {
    let kinds = ClaimKind::ALL
        .iter()
        .map(|k| {
            (
                k.code(),
                user.ctx.tr.t(&format!("oidc-claim-kind-{}", k.code())),
            )
        })
        .collect();
    SettingsPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        id,
        has_secret,
        callback_url: redirect_uri(state),
        kinds,
    }
}

pub async fn settings_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let id = ids.id();
    match stegvis_app::oidc::settings(&state.app, &user.actor, id).await {
        Ok(settings) => {
            let input = settings.input;
            let form = Form::new(&user.ctx.tr)
                .with("issuer_url", input.issuer_url)
                .with("client_id", input.client_id)
                .with("claim_name", input.claim_name)
                .with("claim_kind", input.claim_kind)
                .with(
                    "local_passwords_off",
                    if input.local_passwords_off { "on" } else { "" },
                );
            render(
                &settings_page(&state, &user, &uri, form, id, settings.has_secret),
                StatusCode::OK,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn save_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let id = ids.id();
    let pairs = forms::pairs(&body);
    let input = OidcProviderInput {
        issuer_url: forms::get(&pairs, "issuer_url").into(),
        client_id: forms::get(&pairs, "client_id").into(),
        client_secret: forms::get(&pairs, "client_secret").into(),
        claim_name: forms::get(&pairs, "claim_name").into(),
        claim_kind: forms::get(&pairs, "claim_kind").into(),
        local_passwords_off: forms::get(&pairs, "local_passwords_off") == "on",
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::oidc::save_settings(&state.app, &user.actor, id, &input).await,
        |()| format!("/organisationer/{id}"),
        "flash-saved",
        async |errors| {
            let has_secret = stegvis_app::oidc::settings(&state.app, &user.actor, id)
                .await
                .is_ok_and(|s| s.has_secret);
            // The secret is never sent back to the browser, not even the one just typed.
            let kept: Vec<(String, String)> = pairs
                .iter()
                .filter(|(name, _)| name != "client_secret")
                .cloned()
                .collect();
            render(
                &settings_page(
                    &state,
                    &user,
                    &uri,
                    Form::from_pairs(&user.ctx.tr, &kept).with_errors(errors),
                    id,
                    has_secret,
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "oidc/identity.html")]
struct IdentityPage {
    l: Layout,
    form: Form,
    id: i64,
    identity: stegvis_app::oidc::ExternalIdentity,
}

pub async fn identity_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let id = ids.id();
    match stegvis_app::oidc::external_identity(&state.app, &user.actor, id).await {
        Ok(identity) => {
            let form = Form::new(&user.ctx.tr).with(
                "external_id",
                identity.employee_id.clone().unwrap_or_default(),
            );
            render(
                &IdentityPage {
                    l: Layout::new(&state, &user.ctx, uri.path()),
                    form,
                    id,
                    identity,
                },
                StatusCode::OK,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn save_identity(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let id = ids.id();
    let pairs = forms::pairs(&body);
    let value = forms::get(&pairs, "external_id");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::oidc::set_external_identity(&state.app, &user.actor, id, value).await,
        |()| format!("/anvandare/{id}"),
        "flash-saved",
        async |errors| {
            let identity = stegvis_app::oidc::external_identity(&state.app, &user.actor, id)
                .await
                .unwrap_or_default();
            render(
                &IdentityPage {
                    l: Layout::new(&state, &user.ctx, uri.path()),
                    form: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    id,
                    identity,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}
