//! The user's own account: language, password, the e-mail address for reminders and API tokens.

use super::{failure, form_outcome, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::{CurrentUser, LANGUAGE_COOKIE, RequestContext, set_cookie};
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use stegvis_app::{Actor, AppError};
use stegvis_domain::swedish;
use stegvis_domain::user::Locale;

#[derive(Template)]
#[template(path = "account/show.html")]
struct AccountPage {
    l: Layout,
    username: String,
    password_form: Form,
    /// The address the daily digest goes to (decision 0033).
    email_form: Form,
    token_form: Form,
    /// A new API token, shown once right after it was created.
    new_token: Option<String>,
    tokens: Vec<TokenRow>,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
}

async fn page(state: &AppState, user: &CurrentUser) -> Result<AccountPage, AppError> {
    let tokens = stegvis_app::users::own_api_tokens(&state.app, &user.actor)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: swedish::format_swedish_datetime(t.created_at.datetime()),
            last_used: t
                .last_used_at
                .map(|at| swedish::format_swedish_datetime(at.datetime()))
                .unwrap_or_else(|| "–".into()),
        })
        .collect();
    let email = stegvis_app::mail::user_email(&state.app, &user.actor, user.principal.user_id)
        .await?
        .unwrap_or_default();
    Ok(AccountPage {
        l: Layout::new(state, &user.ctx, "/konto"),
        username: user
            .ctx
            .session()
            .map(|s| s.user.username.clone())
            .unwrap_or_default(),
        password_form: Form::new(&user.ctx.tr),
        email_form: Form::from_pairs(&user.ctx.tr, &[("email".to_string(), email)]),
        token_form: Form::new(&user.ctx.tr),
        new_token: None,
        tokens,
    })
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    let page = page(&state, &user).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = crate::forms::pairs(&body);
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-token-title",
            user.ctx.tr.t("confirm-token-text"),
            "/konto".into(),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    match stegvis_app::users::revoke_own_api_token(&state.app, &user.actor, ids.id()).await {
        Ok(()) => redirect_with_flash(&state, "/konto", "flash-token-revoked"),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// Sets the interface language: for a logged-in user in their account, for everyone in a cookie.
pub async fn set_language(
    State(state): State<AppState>,
    ctx: RequestContext,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let locale = forms::get(&pairs, "lang").parse::<Locale>().ok();
    let back = super::safe_local_path(forms::get(&pairs, "tillbaka")).unwrap_or("/");
    if let Some(principal) = ctx.principal() {
        let actor = Actor::user(principal.clone(), "POST /sprak");
        if let Err(error) = stegvis_app::users::set_own_locale(&state.app, &actor, locale).await {
            return failure(&state, &ctx, &uri, error);
        }
    }
    let mut response = Redirect::to(back).into_response();
    if let Some(locale) = locale {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(
                &state.config,
                LANGUAGE_COOKIE,
                locale.code(),
                Some(365 * 24 * 3600),
            ),
        );
    }
    response
}

pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let keep = user
        .ctx
        .session()
        .map(|s| s.id_hash.clone())
        .unwrap_or_default();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::users::change_own_password(
            &state.app,
            &user.actor,
            forms::get(&pairs, "current_password"),
            forms::get(&pairs, "new_password"),
            forms::get(&pairs, "confirm_password"),
            &keep,
        )
        .await,
        |_| "/konto".into(),
        "flash-password-changed",
        async |errors| {
            let page = page(&state, &user).await.map(|mut page| {
                page.password_form = Form::new(&user.ctx.tr).with_errors(errors);
                page
            });
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let name = forms::get(&pairs, "name");
    match stegvis_app::users::create_api_token(
        &state.app,
        &user.actor,
        user.principal.user_id,
        name,
    )
    .await
    {
        Ok(token) => {
            let page = page(&state, &user).await.map(|mut page| {
                page.new_token = Some(token);
                page
            });
            page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
        }
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &user).await.map(|mut page| {
                page.token_form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
                page
            });
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// Sets or clears the user's own address for the daily reminder digest.
pub async fn set_email(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::mail::set_own_email(&state.app, &user.actor, forms::get(&pairs, "email"))
            .await,
        |_| "/konto".into(),
        "flash-email-saved",
        async |errors| {
            let page = page(&state, &user).await.map(|mut page| {
                page.email_form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
                page
            });
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}
