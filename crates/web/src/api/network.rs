//! `/api/v1/programmes/{id}/network/organisations` and `/api/v1/network/organisations/{id}`:
//! a programme's network, its contact people and the contact log.

use super::{ApiError, ApiJson, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_domain::network::{
    Contact, ContactInput, LinkTarget, LogEntry, LogInput, OrganisationInput,
};
use stegvis_domain::timestamp::format_date;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LinkOut {
    /// idea or enterprise
    target_kind: String,
    target_id: i64,
    target_name: String,
    role: String,
}

#[derive(Serialize, ToSchema)]
pub struct NetworkOrganisationOut {
    id: i64,
    programme_id: i64,
    name: String,
    /// cooperative-advice, business-finance, new-business-advice, bank, customer, public-buyer,
    /// social-enterprise or other
    kind: String,
    /// How the organisation relates to the programme.
    role: String,
    /// Its roles for the programme's business ideas and enterprises.
    links: Vec<LinkOut>,
}

/// A programme's network organisations with their links, by name.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/network/organisations", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<NetworkOrganisationOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<NetworkOrganisationOut>>> {
    let n = stegvis_app::network::network(&state.app, &user.actor, ids.id())
        .await
        .map_err(|e| ApiError::new(e, &user.ctx))?;
    Ok(Json(
        n.organisations
            .into_iter()
            .map(|o| NetworkOrganisationOut {
                links: n
                    .links
                    .iter()
                    .filter(|l| l.organisation_id == o.id)
                    .map(|l| {
                        let (target_kind, target_id) = match l.target {
                            LinkTarget::Idea(i) => ("idea", i),
                            LinkTarget::Enterprise(e) => ("enterprise", e),
                        };
                        LinkOut {
                            target_kind: target_kind.into(),
                            target_id,
                            target_name: l.target_name.clone(),
                            role: l.role.clone(),
                        }
                    })
                    .collect(),
                id: o.id,
                programme_id: o.programme_id,
                name: o.name,
                kind: o.kind.code().into(),
                role: o.role,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NetworkOrganisationIn {
    #[serde(default)]
    #[schema(required = true)]
    name: Option<String>,
    /// cooperative-advice, business-finance, new-business-advice, bank, customer, public-buyer,
    /// social-enterprise or other
    #[serde(default)]
    #[schema(required = true)]
    kind: Option<String>,
    /// How the organisation relates to the programme.
    #[serde(default)]
    #[schema(required = true)]
    role: Option<String>,
}

/// Adds an organisation to the network of a programme the caller runs.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/network/organisations", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NetworkOrganisationIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<NetworkOrganisationIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = OrganisationInput {
        name: body.name.unwrap_or_default(),
        kind: body.kind.unwrap_or_default(),
        role: body.role.unwrap_or_default(),
    };
    stegvis_app::network::add_organisation(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct ContactOut {
    id: i64,
    name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

impl From<Contact> for ContactOut {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id,
            name: c.name,
            role: c.role,
            email: c.email,
            phone: c.phone,
        }
    }
}

/// An organisation's contact people (personal data; the read is logged).
#[utoipa::path(get, path = "/api/v1/network/organisations/{id}/contacts", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<ContactOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn contacts(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<ContactOut>>> {
    stegvis_app::network::contacts(&state.app, &user.actor, ids.id())
        .await
        .map(|c| Json(c.into_iter().map(ContactOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct ContactIn {
    #[serde(default)]
    #[schema(required = true)]
    name: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

/// Adds a contact person: keep it to what the programme needs.
#[utoipa::path(post, path = "/api/v1/network/organisations/{id}/contacts", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ContactIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_contact(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ContactIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = ContactInput {
        name: body.name.unwrap_or_default(),
        role: body.role.unwrap_or_default(),
        email: body.email.unwrap_or_default(),
        phone: body.phone.unwrap_or_default(),
    };
    stegvis_app::network::add_contact(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct LogEntryOut {
    id: i64,
    /// YYYY-MM-DD
    contacted_on: String,
    contact_id: Option<i64>,
    contact_name: Option<String>,
    what: String,
    follow_up: Option<String>,
    follow_up_on: Option<String>,
    recorded_by: Option<String>,
}

impl From<LogEntry> for LogEntryOut {
    fn from(l: LogEntry) -> Self {
        Self {
            id: l.id,
            contacted_on: format_date(l.contacted_on),
            contact_id: l.contact_id,
            contact_name: l.contact_name,
            what: l.what,
            follow_up: l.follow_up,
            follow_up_on: l.follow_up_on.map(format_date),
            recorded_by: l.recorded_by,
        }
    }
}

/// The organisation's contact log, newest first.
#[utoipa::path(get, path = "/api/v1/network/organisations/{id}/log", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<LogEntryOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn log(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<LogEntryOut>>> {
    stegvis_app::network::log(&state.app, &user.actor, ids.id())
        .await
        .map(|l| Json(l.into_iter().map(LogEntryOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, ToSchema)]
pub struct LogEntryIn {
    /// YYYY-MM-DD, not in the future.
    #[serde(default)]
    #[schema(required = true)]
    contacted_on: Option<String>,
    /// A contact person of this organisation; leave out for the organisation as a whole.
    #[serde(default)]
    contact_id: Option<i64>,
    #[serde(default)]
    #[schema(required = true)]
    what: Option<String>,
    #[serde(default)]
    follow_up: Option<String>,
    /// YYYY-MM-DD, not before the contact.
    #[serde(default)]
    follow_up_on: Option<String>,
}

/// Records a contact with the organisation.
#[utoipa::path(post, path = "/api/v1/network/organisations/{id}/log", security(("bearer" = [])), params(("id" = i64, Path)), request_body = LogEntryIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_log(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<LogEntryIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let input = LogInput {
        contacted_on: body.contacted_on.unwrap_or_default(),
        contact_id: body.contact_id.map(|c| c.to_string()).unwrap_or_default(),
        what: body.what.unwrap_or_default(),
        follow_up: body.follow_up.unwrap_or_default(),
        follow_up_on: body.follow_up_on.unwrap_or_default(),
    };
    stegvis_app::network::add_log(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}
