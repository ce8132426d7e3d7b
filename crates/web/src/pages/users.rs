//! Pages for managing user accounts (administrators only).

use super::{failure, form_outcome, page_or_failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;
use stegvis_app::users::{OneTimeLink, UserInput};
use stegvis_app::{AppError, organisations};
use stegvis_domain::access::Role;
use stegvis_domain::edit::version_token;
use stegvis_domain::organisation::Organisation;
use stegvis_domain::swedish;
use stegvis_domain::user::{User, UserFilter};

const PAGE_SIZE: i64 = 50;

/// A user as a row of the list: the organisation's name resolved.
pub struct UserRow {
    pub user: User,
    pub role_label: String,
    pub organisation: String,
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<UserRow>,
    filter: Form,
    roles: Vec<(&'static str, String)>,
    organisations: Vec<Organisation>,
    total: i64,
    page: i64,
    pages: i64,
    /// The query string of the current filter, for the pagination links.
    filter_query: String,
    /// Whether this is an htmx request for the results only.
    partial: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    roll: Option<String>,
    organisation: Option<String>,
    sok: Option<String>,
    sida: Option<String>,
}

fn role_options(user: &CurrentUser) -> Vec<(&'static str, String)> {
    Role::ALL
        .into_iter()
        .map(|r| (r.code(), user.ctx.tr.t(&format!("role-{}", r.code()))))
        .collect()
}

fn organisation_name(organisations: &[Organisation], id: Option<i64>) -> String {
    id.and_then(|id| organisations.iter().find(|o| o.id == id))
        .map(|o| o.name.clone())
        .unwrap_or_default()
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    headers: axum::http::HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let role = query.roll.as_deref().and_then(|r| r.parse::<Role>().ok());
    let organisation_id = query
        .organisation
        .as_deref()
        .and_then(|o| o.parse::<i64>().ok());
    let prefix = query.sok.clone().filter(|s| !s.trim().is_empty());
    let page = query
        .sida
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let filter = UserFilter {
        role,
        organisation_id,
        username_prefix: prefix.clone(),
    };
    let organisations = match organisations::list(&state.app, &user.actor).await {
        Ok(list) => list,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let result = stegvis_app::users::list(
        &state.app,
        &user.actor,
        &filter,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    .await;
    let page_of_users = match result {
        Ok(page_of_users) => page_of_users,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let mut rows: Vec<UserRow> = page_of_users
        .users
        .into_iter()
        .map(|u| UserRow {
            role_label: user.ctx.tr.t(&format!("role-{}", u.role.code())),
            organisation: organisation_name(&organisations, u.organisation_id),
            user: u,
        })
        .collect();
    rows.sort_by(|a, b| swedish::collate(&a.user.username, &b.user.username));
    let filter_form = Form::new(&user.ctx.tr)
        .with("roll", role.map(|r| r.code()).unwrap_or_default())
        .with(
            "organisation",
            organisation_id.map(|o| o.to_string()).unwrap_or_default(),
        )
        .with("sok", prefix.clone().unwrap_or_default());
    let filter_query = serde_urlencoded::to_string([
        (
            "roll",
            role.map(|r| r.code()).unwrap_or_default().to_string(),
        ),
        (
            "organisation",
            organisation_id.map(|o| o.to_string()).unwrap_or_default(),
        ),
        ("sok", prefix.unwrap_or_default()),
    ])
    .unwrap_or_default();
    let pages = ((page_of_users.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let partial = headers.contains_key("hx-request") && !headers.contains_key("hx-boosted");
    render(
        &ListPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            rows,
            filter: filter_form,
            roles: role_options(&user),
            organisations,
            total: page_of_users.total,
            page,
            pages,
            filter_query,
            partial,
        },
        StatusCode::OK,
    )
}

#[derive(Template)]
#[template(path = "users/form.html")]
struct FormPage {
    l: Layout,
    form: Form,
    id: Option<i64>,
    roles: Vec<(&'static str, String)>,
    organisations: Vec<Organisation>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/anvandare/{id}/redigera"),
            None => "/anvandare/ny".into(),
        }
    }
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    id: Option<i64>,
) -> Result<FormPage, AppError> {
    Ok(FormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        id,
        roles: role_options(user),
        organisations: organisations::list(&state.app, &user.actor).await?,
    })
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        form_page(&state, &user, &uri, Form::new(&user.ctx.tr), None).await,
        StatusCode::OK,
    )
}

fn input(pairs: &[(String, String)]) -> UserInput {
    UserInput {
        username: forms::get(pairs, "username").into(),
        display_name: forms::get(pairs, "display_name").into(),
        role: forms::get(pairs, "role").into(),
        organisation: forms::get(pairs, "organisation").into(),
        person: String::new(),
        enterprise: String::new(),
    }
}

#[derive(Template)]
#[template(path = "users/link.html")]
pub(super) struct LinkPage {
    l: Layout,
    heading_key: &'static str,
    url: String,
    expires: String,
    /// Where the page leads back to: the account, or the person or enterprise invited from.
    back: String,
    back_key: &'static str,
}

/// The page that shows a new one-time link once, with when it stops working.
pub(super) fn link_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    link: OneTimeLink,
    heading_key: &'static str,
    (back, back_key): (String, &'static str),
) -> LinkPage {
    let mut url = state.config.public_url.clone();
    url.set_path(&format!("/aktivera/{}", link.token));
    LinkPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        heading_key,
        url: url.to_string(),
        expires: swedish::format_swedish_datetime(link.expires_at.datetime()),
        back,
        back_key,
    }
}

fn back_to_account(link: &OneTimeLink) -> (String, &'static str) {
    (format!("/anvandare/{}", link.user_id), "user-link-back")
}

pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    match stegvis_app::users::invite(&state.app, &user.actor, &input(&pairs)).await {
        Ok(link) => {
            let back = back_to_account(&link);
            render(
                &link_page(&state, &user, &uri, link, "user-invited-heading", back),
                StatusCode::OK,
            )
        }
        Err(AppError::Invalid(errors)) => page_or_failure(
            &state,
            &user.ctx,
            &uri,
            form_page(
                &state,
                &user,
                &uri,
                Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                None,
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "users/show.html")]
struct ShowPage {
    l: Layout,
    user: User,
    role_label: String,
    organisation: String,
    /// Whether the user has a second factor, which the administrator can reset.
    second_factor: bool,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let shown = match stegvis_app::users::get(&state.app, &user.actor, ids.id()).await {
        Ok(shown) => shown,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let organisation = match shown.organisation_id {
        Some(id) => match organisations::get(&state.app, &user.actor, id).await {
            Ok(org) => org.name,
            Err(error) => return failure(&state, &user.ctx, &uri, error),
        },
        None => String::new(),
    };
    let second_factor =
        match stegvis_app::second_factor::is_on(&state.app, &user.actor, shown.id).await {
            Ok(on) => on,
            Err(error) => return failure(&state, &user.ctx, &uri, error),
        };
    render(
        &ShowPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            role_label: user.ctx.tr.t(&format!("role-{}", shown.role.code())),
            user: shown,
            organisation,
            second_factor,
        },
        StatusCode::OK,
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let shown = match stegvis_app::users::get(&state.app, &user.actor, ids.id()).await {
        Ok(shown) => shown,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let form = Form::new(&user.ctx.tr)
        .with("username", shown.username)
        .with("display_name", shown.display_name)
        .with("role", shown.role.code())
        .with(
            "organisation",
            shown
                .organisation_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
        )
        .with("active", if shown.active { "on" } else { "" })
        .with(forms::VERSION_FIELD, version_token(shown.updated_at));
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        form_page(&state, &user, &uri, form, Some(ids.id())).await,
        StatusCode::OK,
    )
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let active = forms::get(&pairs, "active") == "on";
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::users::update(
            &state.app,
            &user.actor,
            ids.id(),
            &input(&pairs),
            active,
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/anvandare/{}", ids.id()),
        "flash-saved",
        async |errors| {
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                form_page(
                    &state,
                    &user,
                    &uri,
                    Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    Some(ids.id()),
                )
                .await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn reset_link(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    match stegvis_app::users::reset_link(&state.app, &user.actor, ids.id()).await {
        Ok(link) => {
            let back = back_to_account(&link);
            render(
                &link_page(&state, &user, &uri, link, "user-reset-heading", back),
                StatusCode::OK,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
