//! The JSON API under `/api/v1`: bearer tokens, problem+json errors (RFC 9457) and an
//! OpenAPI 3.1 description generated from the handlers themselves.

pub mod activities;
pub mod budget;
mod contract;
pub mod effects;
pub mod enterprise_figures;
pub mod enterprises;
pub mod episodes;
pub mod ideas;
pub mod imports;
pub mod instruments;
pub mod network;
pub mod organisations;
pub mod outreach;
pub mod persons;
pub mod programmes;
pub mod questionnaires;
pub mod socioeconomics;
pub mod steering;
pub mod users;

use crate::AppState;
use crate::context::{CurrentUser, RequestContext};
use crate::errors::{problem, problem_with};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use contract::Contract;
use serde::Serialize;
use serde::de::DeserializeOwned;
use stegvis_app::AppError;
use stegvis_domain::validation::ValidationErrors;
use utoipa::{OpenApi, ToSchema};

/// A JSON request body whose rejections are problem documents: 400 for malformed JSON, 422
/// for the wrong shape or types, 415 without a JSON content type.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::JsonSyntaxError(e) => problem(
                    StatusCode::BAD_REQUEST,
                    &format!("The request body is not valid JSON: {}", e.body_text()),
                ),
                JsonRejection::JsonDataError(e) => problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!(
                        "The request body does not have the expected fields and types: {}",
                        e.body_text()
                    ),
                ),
                JsonRejection::MissingJsonContentType(_) => problem(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Send the request body as JSON with 'Content-Type: application/json'.",
                ),
                other => problem(StatusCode::BAD_REQUEST, &other.body_text()),
            }),
        }
    }
}

/// Query parameters whose rejection is a 400 problem document naming the bad parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                problem(
                    StatusCode::BAD_REQUEST,
                    &format!(
                        "The query parameters are not valid: {}",
                        rejection.body_text()
                    ),
                )
            })
    }
}

/// A failed API call, rendered as a problem document.
pub struct ApiError {
    error: AppError,
    ctx: RequestContext,
}

impl ApiError {
    pub fn new(error: AppError, ctx: &RequestContext) -> Self {
        Self {
            error,
            ctx: ctx.clone(),
        }
    }
}

/// One invalid field in a 422 problem document.
#[derive(Serialize, ToSchema)]
pub struct InvalidField {
    /// The JSON property.
    field: String,
    /// A stable code for programs.
    code: String,
    /// The problem in words.
    message: String,
}

fn invalid(errors: &ValidationErrors, ctx: &RequestContext) -> Response {
    let fields: Vec<InvalidField> = errors
        .iter()
        .map(|e| InvalidField {
            field: e.field.to_string(),
            code: e.key.to_string(),
            message: ctx.tr.error(e),
        })
        .collect();
    let detail = fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join(" ");
    let mut extra = serde_json::Map::new();
    extra.insert(
        "errors".into(),
        serde_json::to_value(&fields).unwrap_or_default(),
    );
    problem_with(StatusCode::UNPROCESSABLE_ENTITY, &detail, extra)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self.error {
            AppError::NotFound => problem(StatusCode::NOT_FOUND, "There is no such resource."),
            AppError::Forbidden => problem(StatusCode::FORBIDDEN, "Your role does not allow this."),
            AppError::Invalid(errors) => invalid(errors, &self.ctx),
            error if error.is_unavailable() => {
                tracing::error!(error = %self.error, "database unreachable");
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The database is not available right now.",
                )
            }
            other => {
                tracing::error!(error = %other, "API request failed");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on the server; it has been logged.",
                )
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The id of a record a POST created, for records whose full form is read through their
/// person (goals, notes, consents): answering with the whole person would audit a read nobody
/// asked for.
#[derive(Serialize, ToSchema)]
pub struct CreatedOut {
    id: i64,
}

impl CreatedOut {
    pub(crate) fn response(id: i64) -> (StatusCode, Json<CreatedOut>) {
        (StatusCode::CREATED, Json(CreatedOut { id }))
    }
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the server and its database answer.
    status: &'static str,
    version: &'static str,
    /// `ok` or `unavailable`.
    database: &'static str,
}

/// Liveness and readiness, without login.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "Server and database answer", body = Health),
    (status = 503, description = "The database does not answer", body = Health)
))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let database_ok = state.app.health().await.is_ok();
    let body = Health {
        status: if database_ok { "ok" } else { "unavailable" },
        version: env!("CARGO_PKG_VERSION"),
        database: if database_ok { "ok" } else { "unavailable" },
    };
    let status = if database_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    user_id: i64,
    role: String,
    organisation_id: Option<i64>,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", security(("bearer" = [])), responses(
    (status = 200, body = Me),
    (status = 401, description = "No or invalid token")
))]
pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(Me {
        user_id: user.principal.user_id,
        role: user.principal.role.code().to_string(),
        organisation_id: user.principal.organisation_id,
    })
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Stegvis API",
        description = "Programmes that help people far from the labour market into work through social enterprises. \
                       Authenticate with 'Authorization: Bearer <token>' (create a token with `stegvis token create` or on the account page). \
                       Errors are application/problem+json (RFC 9457).",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(
        healthz,
        me,
        organisations::list,
        organisations::create,
        organisations::show,
        organisations::update,
        users::list,
        users::invite,
        users::show,
        programmes::list,
        programmes::create,
        programmes::show,
        programmes::update,
        persons::create,
        persons::list,
        persons::show,
        persons::income,
        persons::set_income,
        episodes::record_consent,
        episodes::withdraw_consent,
        episodes::record_baseline,
        episodes::exit,
        episodes::record_follow_up,
        episodes::add_goal,
        episodes::add_step,
        episodes::add_note,
        episodes::add_appointment,
        activities::list,
        activities::create,
        activities::record_attendance,
        outreach::list,
        outreach::create,
        outreach::show,
        outreach::update,
        outreach::attendance,
        outreach::figures,
        network::list,
        network::create,
        network::contacts,
        network::add_contact,
        network::log,
        network::add_log,
        instruments::list,
        questionnaires::upload,
        questionnaires::create,
        questionnaires::list,
        questionnaires::schedule,
        questionnaires::set_schedule,
        questionnaires::change,
        effects::effects,
        effects::funder_statistics,
        socioeconomics::socioeconomics,
        enterprises::list,
        enterprises::create,
        enterprises::show,
        enterprises::update,
        enterprises::support,
        enterprises::add_support,
        enterprises::delete_support,
        enterprise_figures::memberships,
        enterprise_figures::add_membership,
        enterprise_figures::update_membership,
        enterprise_figures::end_membership,
        enterprise_figures::figures,
        enterprise_figures::year,
        enterprise_figures::save,
        enterprise_figures::create,
        enterprises::public_json,
        enterprises::public_csv,
        ideas::list,
        ideas::create,
        ideas::show,
        ideas::move_stage,
        ideas::plans,
        ideas::save_plan,
        imports::persons,
        imports::persons_template,
        imports::income_months,
        imports::income_months_template,
        imports::enterprises,
        imports::enterprises_template,
        budget::list,
        budget::create,
        budget::update,
        budget::delete,
        budget::rates,
        budget::set_rate,
        budget::financing_plan,
        budget::set_plan_line,
        budget::budget_outcome,
        budget::partners,
        budget::set_partner,
        steering::groups,
        steering::create_group,
        steering::group,
        steering::add_member,
        steering::meetings,
        steering::add_meeting,
        steering::decisions,
        steering::add_decision,
        steering::actions,
        steering::add_action,
        steering::set_action_status,
        steering::targets,
        steering::record_reading,
    ),
    components(schemas(InvalidField)),
    modifiers(&BearerAuth, &Contract)
)]
pub struct ApiDoc;

pub async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(json) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "serialising the OpenAPI document failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiDoc;
    use utoipa::OpenApi;

    /// utoipa names a schema after its type and keeps the last of two types with the same name,
    /// so a second `ActorOut` silently replaced the first in the document (schemathesis found
    /// the effects answer checked against the socio-economic account's schema). Names of
    /// documented types must therefore be unique across the API modules.
    #[test]
    fn every_documented_type_has_a_name_of_its_own() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api");
        let mut seen = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            let mut documented = false;
            for line in source.lines().map(str::trim) {
                if line.starts_with("#[derive(") && line.contains("ToSchema") {
                    documented = true;
                    continue;
                }
                if documented && !line.starts_with("#[") && !line.starts_with("///") {
                    let name = line
                        .split_whitespace()
                        .skip_while(|w| !matches!(*w, "struct" | "enum"))
                        .nth(1)
                        .map(|n| {
                            n.trim_end_matches(|c: char| !c.is_alphanumeric())
                                .to_string()
                        });
                    if let Some(name) = name {
                        let file = path.file_name().unwrap().to_string_lossy().into_owned();
                        if let Some(other) = seen.insert(name.clone(), file.clone()) {
                            panic!("{name} is documented in both {other} and {file}");
                        }
                    }
                    documented = false;
                }
            }
        }
        assert!(
            seen.len() > 50,
            "found only {} documented types",
            seen.len()
        );
    }

    /// The committed OpenAPI document must match what the code generates, so every change to
    /// the API contract shows up in review. Regenerate with `STEGVIS_UPDATE_SNAPSHOTS=1`.
    #[test]
    fn the_committed_openapi_document_matches_the_code() {
        let generated = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api/openapi.json");
        if std::env::var("STEGVIS_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/api/openapi.json is out of date: run STEGVIS_UPDATE_SNAPSHOTS=1 cargo test -p stegvis-web"
        );
    }
}
