//! The second factor: the login's second step, and "Tvåstegsverifiering" under the account
//! page (decision 0031). Kept apart from `auth.rs` so the password login stays one handler.

use super::{failure, page_or_failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::{
    CurrentUser, PRE_SESSION_COOKIE, RequestContext, SESSION_COOKIE, clear_cookie, cookies,
    set_cookie,
};
use crate::errors::PageError;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use stegvis_app::AppError;
use stegvis_app::second_factor::{self as uc, Enrolment, PendingLogin, Status};
use stegvis_domain::swedish;

/// Holds the pending login between password and code; it opens nothing but the code page.
const PENDING_COOKIE: &str = "stegvis_pending";

/// The code page's address, carrying where the user was going.
fn code_page_path(next: &str) -> String {
    if next.is_empty() {
        return "/logga-in/kod".into();
    }
    let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/logga-in/kod?nasta={encoded}")
}

/// After a correct password for an account with a second factor: to the code page, with the
/// pending login in a short-lived cookie.
pub fn ask_for_code(state: &AppState, pending: PendingLogin, next: &str) -> Response {
    let seconds = (pending.expires_at.datetime() - state.app.now().datetime()).whole_seconds();
    let mut response = Redirect::to(&code_page_path(next)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            &state.config,
            PENDING_COOKIE,
            &pending.token,
            Some(seconds.max(1)),
        ),
    );
    response
}

fn pending_token(state: &AppState, headers: &HeaderMap) -> String {
    cookies(headers)
        .remove(&state.config.cookie_name(PENDING_COOKIE))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    l: Layout,
    form: Form,
    problem: Option<String>,
}

/// Back to the login page, the pending login gone: it ran out, or was never there.
fn start_again(state: &AppState) -> Response {
    let mut response = redirect_with_flash(state, "/logga-in", "flash-login-code-expired");
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_cookie(&state.config, PENDING_COOKIE),
    );
    response
}

pub async fn code_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    Query(query): Query<super::auth::NextQuery>,
) -> Response {
    let l = Layout::new(&state, &ctx, "/logga-in/kod");
    match uc::pending_is_valid(&state.app, &pending_token(&state, &headers)).await {
        Ok(true) => render(
            &CodePage {
                l,
                form: Form::new(&ctx.tr).with("nasta", query.next()),
                problem: None,
            },
            StatusCode::OK,
        ),
        Ok(false) => start_again(&state),
        Err(error) => PageError::from(error).render(&l),
    }
}

pub async fn code(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let next = forms::get(&pairs, "nasta").to_string();
    let l = Layout::new(&state, &ctx, "/logga-in/kod");
    let form = Form::new(&ctx.tr).with("nasta", next.clone());
    if state.login_limiter.is_blocked(ctx.client_ip) {
        let problem = Some(ctx.tr.t("login-too-many-attempts"));
        return render(
            &CodePage { l, form, problem },
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let token = pending_token(&state, &headers);
    match uc::complete_login(&state.app, &token, forms::get(&pairs, "code")).await {
        Ok(session) => {
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
            headers.append(
                header::SET_COOKIE,
                clear_cookie(&state.config, PENDING_COOKIE),
            );
            response
        }
        Err(AppError::Invalid(errors)) => {
            super::auth::login_failed(&state, &ctx).await;
            render(
                &CodePage {
                    l,
                    form: form.with_errors(errors),
                    problem: None,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(AppError::Locked(until)) => {
            super::auth::login_failed(&state, &ctx).await;
            let problem = Some(ctx.tr.t1(
                "login-locked",
                "until",
                swedish::format_swedish_datetime(until.datetime()),
            ));
            let mut response = render(&CodePage { l, form, problem }, StatusCode::UNAUTHORIZED);
            response.headers_mut().append(
                header::SET_COOKIE,
                clear_cookie(&state.config, PENDING_COOKIE),
            );
            response
        }
        Err(AppError::NotFound | AppError::LoginFailed) => start_again(&state),
        Err(error) => PageError::from(error).render(&l),
    }
}

#[derive(Template)]
#[template(path = "account/second_factor.html")]
struct AccountPage {
    l: Layout,
    status: Status,
    /// Shown once, right after enrolment was confirmed.
    recovery_codes: Vec<String>,
    form: Form,
    /// The policy requires a second factor of this user and they have none yet.
    required: bool,
}

impl AccountPage {
    fn enrolling(&self) -> Option<&Enrolment> {
        match &self.status {
            Status::Enrolling(enrolment) => Some(enrolment),
            _ => None,
        }
    }

    fn is_on(&self) -> bool {
        matches!(self.status, Status::On { .. })
    }

    fn codes_left(&self) -> i64 {
        match self.status {
            Status::On {
                recovery_codes_left,
            } => recovery_codes_left,
            _ => 0,
        }
    }
}

async fn account_page(
    state: &AppState,
    user: &CurrentUser,
    form: Form,
    recovery_codes: Vec<String>,
) -> Result<AccountPage, AppError> {
    Ok(AccountPage {
        l: Layout::new(state, &user.ctx, "/konto/tvastegsverifiering"),
        status: uc::status(&state.app, &user.actor).await?,
        recovery_codes,
        form,
        required: user
            .ctx
            .session()
            .is_some_and(|s| s.must_enrol_second_factor),
    })
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = account_page(&state, &user, Form::new(&user.ctx.tr), Vec::new()).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn begin(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    match uc::begin_enrolment(&state.app, &user.actor).await {
        Ok(_) => Redirect::to("/konto/tvastegsverifiering").into_response(),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// Re-renders the page with the form's input and messages (422).
async fn invalid(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    errors: stegvis_domain::validation::ValidationErrors,
) -> Response {
    let form = Form::new(&user.ctx.tr).with_errors(errors);
    let page = account_page(state, user, form, Vec::new()).await;
    page_or_failure(
        state,
        &user.ctx,
        uri,
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    match uc::confirm_enrolment(&state.app, &user.actor, forms::get(&pairs, "code")).await {
        Ok(codes) => {
            let page = account_page(&state, &user, Form::new(&user.ctx.tr), codes).await;
            page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
        }
        Err(AppError::Invalid(errors)) => invalid(&state, &user, &uri, errors).await,
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn disable(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    match uc::disable(
        &state.app,
        &user.actor,
        forms::get(&pairs, "code_or_password"),
    )
    .await
    {
        Ok(()) => redirect_with_flash(&state, "/konto/tvastegsverifiering", "flash-totp-disabled"),
        Err(AppError::Invalid(errors)) => invalid(&state, &user, &uri, errors).await,
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// The administrator removes a user's second factor (a lost phone), after confirming.
pub async fn reset(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let back = format!("/anvandare/{}", ids.id());
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-totp-reset-title",
            user.ctx.tr.t("confirm-totp-reset-text"),
            back,
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match uc::reset(&state.app, &user.actor, ids.id()).await {
        Ok(()) => redirect_with_flash(&state, &back, "flash-totp-reset"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
