//! Pages for the register of organisations.

use super::{failure, form_outcome, render};
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
use stegvis_domain::access::Capability;
use stegvis_domain::edit::version_token;
use stegvis_domain::organisation::{Organisation, OrganisationInput, OrganisationKind};

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    l: Layout,
    organisations: Vec<Organisation>,
    can_manage: bool,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    match stegvis_app::organisations::list(&state.app, &user.actor).await {
        Ok(organisations) => render(
            &ListPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                organisations,
                can_manage: user.principal.can(Capability::ManageOrganisations),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "organisations/show.html")]
struct ShowPage {
    l: Layout,
    organisation: Organisation,
    can_manage: bool,
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let id = ids.id();
    match stegvis_app::organisations::get(&state.app, &user.actor, id).await {
        Ok(organisation) => render(
            &ShowPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                organisation,
                can_manage: user.principal.can(Capability::ManageOrganisations),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "organisations/form.html")]
struct FormPage {
    l: Layout,
    form: Form,
    /// `None` when creating.
    id: Option<i64>,
    kinds: Vec<(&'static str, String)>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/organisationer/{id}/redigera"),
            None => "/organisationer/ny".into(),
        }
    }
}

fn form_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    form: Form,
    id: Option<i64>,
) -> FormPage {
    let kinds = OrganisationKind::ALL
        .into_iter()
        .map(|k| (k.code(), user.ctx.tr.t(&format!("org-kind-{}", k.code()))))
        .collect();
    FormPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        form,
        id,
        kinds,
    }
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    render(
        &form_page(&state, &user, &uri, Form::new(&user.ctx.tr), None),
        StatusCode::OK,
    )
}

fn input(pairs: &[(String, String)]) -> OrganisationInput {
    OrganisationInput {
        name: forms::get(pairs, "name").into(),
        short_name: forms::get(pairs, "short_name").into(),
        kind: forms::get(pairs, "kind").into(),
        org_number: forms::get(pairs, "org_number").into(),
    }
}

pub async fn create(
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
        stegvis_app::organisations::create(&state.app, &user.actor, &input(&pairs)).await,
        |id| format!("/organisationer/{id}"),
        "flash-organisation-created",
        async |errors| {
            render(
                &form_page(
                    &state,
                    &user,
                    &uri,
                    Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    None,
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let id = ids.id();
    match stegvis_app::organisations::get(&state.app, &user.actor, id).await {
        Ok(org) => {
            let form = Form::new(&user.ctx.tr)
                .with("name", org.name)
                .with("short_name", org.short_name)
                .with("kind", org.kind.code())
                .with(
                    "org_number",
                    org.org_number.map(|n| n.to_string()).unwrap_or_default(),
                )
                .with(forms::VERSION_FIELD, version_token(org.updated_at));
            render(
                &form_page(&state, &user, &uri, form, Some(id)),
                StatusCode::OK,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let id = ids.id();
    let pairs = forms::pairs(&body);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::organisations::update(
            &state.app,
            &user.actor,
            id,
            &input(&pairs),
            forms::seen_version(&pairs),
        )
        .await,
        |_| format!("/organisationer/{id}"),
        "flash-saved",
        async |errors| {
            render(
                &form_page(
                    &state,
                    &user,
                    &uri,
                    Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                    Some(id),
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}
