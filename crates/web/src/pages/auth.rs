//! Logging in and out, activation and reset links, and keeping a session alive.

use super::{redirect_with_flash, render};
use crate::AppState;
use crate::context::{
    PRE_SESSION_COOKIE, RequestContext, SESSION_COOKIE, clear_cookie, set_cookie,
};
use crate::errors::PageError;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::auth::LoginOutcome;
use stegvis_domain::swedish;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    form: Form,
    /// A problem with the login as a whole (not one field).
    problem: Option<String>,
    /// The organisations offering e-ID login, `(id, name)`: a link each (decision 0032).
    eid: Vec<(i64, String)>,
}

/// The e-ID choices for the login page; a failure to read them leaves only the password form.
async fn eid_choices(state: &AppState) -> Vec<(i64, String)> {
    stegvis_app::oidc::login_choices(&state.app)
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "reading the e-ID login choices failed");
            Vec::new()
        })
}

#[derive(Deserialize)]
pub struct NextQuery {
    nasta: Option<String>,
}

impl NextQuery {
    /// Where the user was going before they were asked to log in.
    pub fn next(&self) -> String {
        self.nasta.clone().unwrap_or_default()
    }
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    Query(query): Query<NextQuery>,
) -> Response {
    if ctx.principal().is_some() {
        return Redirect::to("/start").into_response();
    }
    let form = Form::new(&ctx.tr).with("nasta", query.nasta.unwrap_or_default());
    let l = Layout::new(&state, &ctx, "/logga-in");
    render(
        &LoginPage {
            l,
            form,
            problem: None,
            eid: eid_choices(&state).await,
        },
        StatusCode::OK,
    )
}

pub async fn login(State(state): State<AppState>, ctx: RequestContext, body: Bytes) -> Response {
    let pairs = forms::pairs(&body);
    let username = forms::get(&pairs, "username").to_string();
    let password = forms::get(&pairs, "password").to_string();
    let next = forms::get(&pairs, "nasta").to_string();
    let l = Layout::new(&state, &ctx, "/logga-in");
    let form = Form::new(&ctx.tr)
        .with("username", username.clone())
        .with("nasta", next.clone());
    let eid = eid_choices(&state).await;
    if state.login_limiter.is_blocked(ctx.client_ip) {
        tracing::warn!(client = %ctx.client_ip, "login refused: too many failures from this address");
        let problem = Some(ctx.tr.t("login-too-many-attempts"));
        return render(
            &LoginPage {
                l,
                form,
                problem,
                eid,
            },
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    match stegvis_app::auth::login(&state.app, &username, &password).await {
        Ok(LoginOutcome::SecondFactor(pending)) => {
            super::second_factor::ask_for_code(&state, pending, &next)
        }
        Ok(LoginOutcome::Session(session)) => {
            // Logging in again from a browser that is still logged in ends the old session.
            if let Some(old) = ctx.session()
                && let Err(error) = stegvis_app::auth::logout(&state.app, old).await
            {
                return PageError::from(error).render(&l);
            }
            let target = super::safe_local_path(&next)
                .unwrap_or("/start")
                .to_string();
            let mut response = Redirect::to(&target).into_response();
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
        Err(AppError::LoginFailed) => {
            login_failed(&state, &ctx).await;
            let problem = Some(ctx.tr.t("login-failed"));
            render(
                &LoginPage {
                    l,
                    form,
                    problem,
                    eid,
                },
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(AppError::Locked(until)) => {
            login_failed(&state, &ctx).await;
            let problem = Some(ctx.tr.t1(
                "login-locked",
                "until",
                swedish::format_swedish_datetime(until.datetime()),
            ));
            render(
                &LoginPage {
                    l,
                    form,
                    problem,
                    eid,
                },
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(AppError::LocalPasswordsOff) => {
            let problem = Some(ctx.tr.t("login-password-off"));
            render(
                &LoginPage {
                    l,
                    form,
                    problem,
                    eid,
                },
                StatusCode::FORBIDDEN,
            )
        }
        Err(error) => PageError::from(error).render(&l),
    }
}

/// Counts a failed login against the client's address and logs the address (the proxy's
/// report of it only with `--behind-proxy`); the failure that starts the throttle is also
/// recorded in the audit log, once per address and window, so a flood cannot fill it.
pub(super) async fn login_failed(state: &AppState, ctx: &RequestContext) {
    tracing::warn!(client = %ctx.client_ip, "login failed");
    if state.login_limiter.record_failure(ctx.client_ip) {
        tracing::warn!(client = %ctx.client_ip, "login throttled for this address");
        if let Err(error) =
            stegvis_app::audit::record_login_throttled(&state.app, "POST /logga-in").await
        {
            tracing::error!(%error, "recording a login throttle failed");
        }
    }
}

pub async fn logout(State(state): State<AppState>, ctx: RequestContext) -> Response {
    if let Some(session) = ctx.session()
        && let Err(error) = stegvis_app::auth::logout(&state.app, session).await
    {
        return PageError::from(error).render(&Layout::new(&state, &ctx, "/logga-ut"));
    }
    let mut response = redirect_with_flash(&state, "/logga-in", "flash-logged-out");
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_cookie(&state.config, SESSION_COOKIE),
    );
    response
}

/// Answers the session-timeout warning's "stay logged in": the request itself renews the
/// session in the context middleware.
pub async fn keep_alive(State(state): State<AppState>, ctx: RequestContext) -> Response {
    let seconds = ctx
        .session()
        .map_or(0, |s| crate::context::seconds_left(s, state.app.now()));
    (
        StatusCode::OK,
        axum::Json(serde_json::json!({ "seconds_left": seconds })),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "activate.html")]
struct ActivatePage {
    l: Layout,
    form: Form,
    username: String,
    token: String,
}

pub async fn activate_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Response {
    let l = Layout::new(&state, &ctx, "/aktivera");
    match stegvis_app::users::link_owner(&state.app, &token).await {
        Ok(user) => render(
            &ActivatePage {
                l,
                form: Form::new(&ctx.tr),
                username: user.username,
                token,
            },
            StatusCode::OK,
        ),
        Err(AppError::NotFound) => {
            crate::errors::error_page(&l, StatusCode::NOT_FOUND, "error-page-link")
        }
        Err(error) => PageError::from(error).render(&l),
    }
}

pub async fn activate(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let l = Layout::new(&state, &ctx, "/aktivera");
    let new = forms::get(&pairs, "new_password");
    let confirm = forms::get(&pairs, "confirm_password");
    match stegvis_app::users::redeem_link(&state.app, &token, new, confirm).await {
        Ok(_) => redirect_with_flash(&state, "/logga-in", "flash-password-set"),
        Err(AppError::Invalid(errors)) => {
            let username = stegvis_app::users::link_owner(&state.app, &token)
                .await
                .map(|u| u.username)
                .unwrap_or_default();
            render(
                &ActivatePage {
                    l,
                    form: Form::new(&ctx.tr).with_errors(errors),
                    username,
                    token,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(AppError::NotFound) => {
            crate::errors::error_page(&l, StatusCode::NOT_FOUND, "error-page-link")
        }
        Err(error) => PageError::from(error).render(&l),
    }
}
