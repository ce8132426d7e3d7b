//! The user's own account: language, password and API tokens.

use super::{failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::{CurrentUser, LANGUAGE_COOKIE, RequestContext, set_cookie};
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use stegvis_app::{Actor, AppError};
use stegvis_domain::user::Locale;

#[derive(Template)]
#[template(path = "account/show.html")]
struct AccountPage {
    l: Layout,
    username: String,
    password_form: Form,
    token_form: Form,
    /// A new API token, shown once right after it was created.
    new_token: Option<String>,
}

fn page(state: &AppState, user: &CurrentUser) -> AccountPage {
    AccountPage {
        l: Layout::new(state, &user.ctx, "/konto"),
        username: user
            .ctx
            .session()
            .map(|s| s.user.username.clone())
            .unwrap_or_default(),
        password_form: Form::new(&user.ctx.tr),
        token_form: Form::new(&user.ctx.tr),
        new_token: None,
    }
}

pub async fn show(State(state): State<AppState>, user: CurrentUser) -> Response {
    render(&page(&state, &user), StatusCode::OK)
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
    let back = forms::get(&pairs, "tillbaka");
    let back = if back.starts_with('/') && !back.starts_with("//") {
        back
    } else {
        "/"
    };
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
    match stegvis_app::users::change_own_password(
        &state.app,
        &user.actor,
        forms::get(&pairs, "current_password"),
        forms::get(&pairs, "new_password"),
        forms::get(&pairs, "confirm_password"),
        &keep,
    )
    .await
    {
        Ok(()) => redirect_with_flash(&state, "/konto", "flash-password-changed"),
        Err(AppError::Invalid(errors)) => {
            let mut page = page(&state, &user);
            page.password_form = Form::new(&user.ctx.tr).with_errors(errors);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
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
            let mut page = page(&state, &user);
            page.new_token = Some(token);
            render(&page, StatusCode::OK)
        }
        Err(AppError::Invalid(errors)) => {
            let mut page = page(&state, &user);
            page.token_form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
