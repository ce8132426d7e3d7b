//! "Bjud in till Stegvis" from a person's or an enterprise's page: a coordinator invites the
//! participant, or a representative of the enterprise, to an account linked to that record
//! (issue 14). The one-time link is shown on the same page as the administrator's invitations.

use super::{failure, page_or_failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::users::{InviteFor, InviteTarget};

#[derive(Template)]
#[template(path = "users/invite_linked.html")]
struct InvitePage {
    l: Layout,
    form: Form,
    target: InviteTarget,
    /// The page invited from, where the form posts and "back" leads.
    record: String,
    heading_key: &'static str,
    intro_key: &'static str,
}

fn record_path(target: InviteFor) -> String {
    match target {
        InviteFor::Person(id) => format!("/personer/{id}"),
        InviteFor::Enterprise(id) => format!("/foretag/{id}"),
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    target: InviteFor,
    form: Option<Form>,
) -> Result<InvitePage, AppError> {
    let found = stegvis_app::users::invite_form(&state.app, &user.actor, target).await?;
    let form = form.unwrap_or_else(|| {
        Form::new(&user.ctx.tr).with("username", found.suggested_username.clone())
    });
    let (heading_key, intro_key) = match target {
        InviteFor::Person(_) => ("invite-person-heading", "invite-person-intro"),
        InviteFor::Enterprise(_) => ("invite-enterprise-heading", "invite-enterprise-intro"),
    };
    Ok(InvitePage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        target: found,
        record: record_path(target),
        heading_key,
        intro_key,
    })
}

async fn form(state: AppState, user: CurrentUser, uri: Uri, target: InviteFor) -> Response {
    let page = page(&state, &user, &uri, target, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

async fn invite(
    state: AppState,
    user: CurrentUser,
    uri: Uri,
    target: InviteFor,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    match stegvis_app::users::invite_linked(
        &state.app,
        &user.actor,
        target,
        forms::get(&pairs, "username"),
        forms::get(&pairs, "display_name"),
    )
    .await
    {
        Ok(link) => {
            let back_key = match target {
                InviteFor::Person(_) => "invite-back-person",
                InviteFor::Enterprise(_) => "invite-back-enterprise",
            };
            render(
                &super::users::link_page(
                    &state,
                    &user,
                    &uri,
                    link,
                    "user-invited-heading",
                    (record_path(target), back_key),
                ),
                StatusCode::OK,
            )
        }
        Err(AppError::Invalid(errors)) => {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = page(&state, &user, &uri, target, Some(form)).await;
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

pub async fn person_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    form(state, user, uri, InviteFor::Person(ids.id())).await
}

pub async fn person_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    invite(state, user, uri, InviteFor::Person(ids.id()), body).await
}

pub async fn enterprise_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    form(state, user, uri, InviteFor::Enterprise(ids.id())).await
}

pub async fn enterprise_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    invite(state, user, uri, InviteFor::Enterprise(ids.id()), body).await
}
