//! Every route, with the access it requires, in one table.
//!
//! The router is built from this table, and the authorization-matrix test reads the same table
//! to prove that every route is covered by its hand-written expectations. A route cannot be
//! added without declaring its [`Access`]; everything not in the table is 404.

use crate::context::RequestContext;
use crate::errors::{PageError, problem};
use crate::layout::Layout;
use crate::{AppState, api, assets, pages};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post, put};
use stegvis_domain::access::Capability;

/// What a route requires of the requester.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in user, whatever the role.
    LoggedIn,
    /// A logged-in user whose role grants the capability.
    Can(Capability),
}

/// One route as the matrix test sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

use Access::{Can, LoggedIn, Public};
use Capability::*;

fn table() -> Vec<(Method, &'static str, Access, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/", Public, get(pages::home)),
        (Method::GET, "/healthz", Public, get(api::healthz)),
        (Method::GET, "/static/{*path}", Public, get(assets::serve)),
        (
            Method::GET,
            "/tillganglighet",
            Public,
            get(pages::accessibility),
        ),
        (
            Method::POST,
            "/sprak",
            Public,
            post(pages::account::set_language),
        ),
        (
            Method::GET,
            "/logga-in",
            Public,
            get(pages::auth::login_form),
        ),
        (Method::POST, "/logga-in", Public, post(pages::auth::login)),
        (
            Method::POST,
            "/logga-ut",
            LoggedIn,
            post(pages::auth::logout),
        ),
        (
            Method::GET,
            "/aktivera/{token}",
            Public,
            get(pages::auth::activate_form),
        ),
        (
            Method::POST,
            "/aktivera/{token}",
            Public,
            post(pages::auth::activate),
        ),
        (
            Method::POST,
            "/session/forlang",
            LoggedIn,
            post(pages::auth::keep_alive),
        ),
        (Method::GET, "/start", LoggedIn, get(pages::start)),
        (Method::GET, "/konto", LoggedIn, get(pages::account::show)),
        (
            Method::POST,
            "/konto/losenord",
            LoggedIn,
            post(pages::account::change_password),
        ),
        (
            Method::POST,
            "/konto/api-nycklar",
            LoggedIn,
            post(pages::account::create_token),
        ),
        (
            Method::POST,
            "/konto/api-nycklar/{id}/aterkalla",
            LoggedIn,
            post(pages::account::revoke_token),
        ),
        (
            Method::GET,
            "/organisationer",
            Can(ViewOrganisations),
            get(pages::organisations::list),
        ),
        (
            Method::GET,
            "/organisationer/ny",
            Can(ManageOrganisations),
            get(pages::organisations::new_form),
        ),
        (
            Method::POST,
            "/organisationer/ny",
            Can(ManageOrganisations),
            post(pages::organisations::create),
        ),
        (
            Method::GET,
            "/organisationer/{id}",
            Can(ViewOrganisations),
            get(pages::organisations::show),
        ),
        (
            Method::GET,
            "/organisationer/{id}/redigera",
            Can(ManageOrganisations),
            get(pages::organisations::edit_form),
        ),
        (
            Method::POST,
            "/organisationer/{id}/redigera",
            Can(ManageOrganisations),
            post(pages::organisations::update),
        ),
        (
            Method::GET,
            "/anvandare",
            Can(ManageUsers),
            get(pages::users::list),
        ),
        (
            Method::GET,
            "/anvandare/ny",
            Can(ManageUsers),
            get(pages::users::new_form),
        ),
        (
            Method::POST,
            "/anvandare/ny",
            Can(ManageUsers),
            post(pages::users::invite),
        ),
        (
            Method::GET,
            "/anvandare/{id}",
            Can(ManageUsers),
            get(pages::users::show),
        ),
        (
            Method::GET,
            "/anvandare/{id}/redigera",
            Can(ManageUsers),
            get(pages::users::edit_form),
        ),
        (
            Method::POST,
            "/anvandare/{id}/redigera",
            Can(ManageUsers),
            post(pages::users::update),
        ),
        (
            Method::POST,
            "/anvandare/{id}/aterstallningslank",
            Can(ManageUsers),
            post(pages::users::reset_link),
        ),
        (
            Method::GET,
            "/program",
            Can(ViewProgrammes),
            get(pages::programmes::list),
        ),
        (
            Method::GET,
            "/program/ny",
            Can(ManageProgrammes),
            get(pages::programmes::new_form),
        ),
        (
            Method::POST,
            "/program/ny",
            Can(ManageProgrammes),
            post(pages::programmes::create),
        ),
        (
            Method::GET,
            "/program/{id}",
            Can(ViewProgrammes),
            get(pages::programmes::show),
        ),
        (
            Method::GET,
            "/program/{id}/redigera",
            Can(ManageProgrammes),
            get(pages::programmes::edit_form),
        ),
        (
            Method::POST,
            "/program/{id}/redigera",
            Can(ManageProgrammes),
            post(pages::programmes::update),
        ),
        (
            Method::POST,
            "/program/{id}/partner",
            Can(ManageProgrammes),
            post(pages::programmes::set_partners),
        ),
        (
            Method::POST,
            "/program/{id}/budget",
            Can(ManageProgrammes),
            post(pages::programmes::set_budget),
        ),
        (
            Method::POST,
            "/program/{id}/budget/{line}/ta-bort",
            Can(ManageProgrammes),
            post(pages::programmes::delete_budget),
        ),
        (
            Method::POST,
            "/program/{id}/mal",
            Can(ManageProgrammes),
            post(pages::programmes::add_target),
        ),
        (
            Method::POST,
            "/program/{id}/mal/{target}/ta-bort",
            Can(ManageProgrammes),
            post(pages::programmes::delete_target),
        ),
        (
            Method::GET,
            "/foretag",
            Can(ViewEnterprises),
            get(pages::enterprises::list),
        ),
        (
            Method::GET,
            "/foretag/ny",
            Can(ManageEnterprises),
            get(pages::enterprises::new_form),
        ),
        (
            Method::POST,
            "/foretag/ny",
            Can(ManageEnterprises),
            post(pages::enterprises::create),
        ),
        (
            Method::GET,
            "/foretag/{id}",
            Can(ViewEnterprises),
            get(pages::enterprises::show),
        ),
        (
            Method::GET,
            "/foretag/{id}/redigera",
            Can(ManageEnterprises),
            get(pages::enterprises::edit_form),
        ),
        (
            Method::POST,
            "/foretag/{id}/redigera",
            Can(ManageEnterprises),
            post(pages::enterprises::update),
        ),
        (
            Method::POST,
            "/foretag/{id}/stod",
            Can(ManageEnterprises),
            post(pages::enterprises::add_support),
        ),
        (
            Method::POST,
            "/foretag/{id}/stod/{support}/ta-bort",
            Can(ManageEnterprises),
            post(pages::enterprises::delete_support),
        ),
        (
            Method::GET,
            "/sociala-foretag",
            Public,
            get(pages::enterprises::directory),
        ),
        (
            Method::GET,
            "/ideer",
            Can(WorkOnIdeas),
            get(pages::ideas::board),
        ),
        (
            Method::GET,
            "/ideer/ny",
            Can(ManageIdeas),
            get(pages::ideas::new_form),
        ),
        (
            Method::POST,
            "/ideer/ny",
            Can(ManageIdeas),
            post(pages::ideas::create),
        ),
        (
            Method::GET,
            "/ideer/{id}",
            Can(WorkOnIdeas),
            get(pages::ideas::show),
        ),
        (
            Method::GET,
            "/ideer/{id}/redigera",
            Can(WorkOnIdeas),
            get(pages::ideas::edit_form),
        ),
        (
            Method::POST,
            "/ideer/{id}/redigera",
            Can(WorkOnIdeas),
            post(pages::ideas::update),
        ),
        (
            Method::POST,
            "/ideer/{id}/steg",
            Can(ManageIdeas),
            post(pages::ideas::move_stage),
        ),
        (
            Method::POST,
            "/ideer/{id}/team",
            Can(ManageIdeas),
            post(pages::ideas::add_member),
        ),
        (
            Method::POST,
            "/ideer/{id}/team/{member}/ta-bort",
            Can(ManageIdeas),
            post(pages::ideas::remove_member),
        ),
        (
            Method::POST,
            "/ideer/{id}/partner",
            Can(ManageIdeas),
            post(pages::ideas::add_partner),
        ),
        (
            Method::POST,
            "/ideer/{id}/partner/{organisation}/ta-bort",
            Can(ManageIdeas),
            post(pages::ideas::remove_partner),
        ),
        (
            Method::POST,
            "/ideer/{id}/foretag",
            Can(ManageIdeas),
            post(pages::ideas::link_enterprise),
        ),
        (
            Method::GET,
            "/ideer/{id}/plan",
            Can(WorkOnIdeas),
            get(pages::ideas::plan),
        ),
        (
            Method::POST,
            "/ideer/{id}/plan",
            Can(WorkOnIdeas),
            post(pages::ideas::save_plan),
        ),
        (
            Method::POST,
            "/ideer/{id}/plan/versioner/{n}/kommentar",
            Can(ManageIdeas),
            post(pages::ideas::comment),
        ),
        (Method::GET, "/handbok", Public, get(pages::handbook::index)),
        (
            Method::GET,
            "/handbok/{org}",
            Public,
            get(pages::handbook::current),
        ),
        (
            Method::GET,
            "/handbok/{org}/sok",
            Public,
            get(pages::handbook::search),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgavor",
            Public,
            get(pages::handbook::editions),
        ),
        (
            Method::GET,
            "/handbok/{org}/kapitel/{slug}",
            Public,
            get(pages::handbook::chapter),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgava/{n}",
            Public,
            get(pages::handbook::edition),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgava/{n}/kapitel/{slug}",
            Public,
            get(pages::handbook::edition_chapter),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgava/{n}/handbok.html",
            Public,
            get(pages::handbook::download_html),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgava/{n}/handbok.pdf",
            Public,
            get(pages::handbook::download_pdf),
        ),
        (
            Method::GET,
            "/handbok/{org}/filer/{name}",
            Public,
            get(pages::handbook::file),
        ),
        (
            Method::GET,
            "/handbok/{org}/utgava/{n}/filer/{name}",
            Public,
            get(pages::handbook::file),
        ),
        (
            Method::GET,
            "/handbok-redaktion",
            Can(EditHandbook),
            get(pages::handbook_editor::choose),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/filer",
            Can(EditHandbook),
            post(pages::handbook_editor::upload),
        ),
        (
            Method::GET,
            "/handbok-redaktion/{id}/filer/{name}",
            Can(EditHandbook),
            get(pages::handbook_editor::file),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/filer/{name}/ta-bort",
            Can(EditHandbook),
            post(pages::handbook_editor::delete_file),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/kapitel/{chapter}/flytta",
            Can(EditHandbook),
            post(pages::handbook_editor::move_chapter),
        ),
        (
            Method::GET,
            "/handbok-redaktion/{id}",
            Can(EditHandbook),
            get(pages::handbook_editor::overview),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/starta",
            Can(EditHandbook),
            post(pages::handbook_editor::start),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/publicera",
            Can(ReviewHandbook),
            post(pages::handbook_editor::publish),
        ),
        (
            Method::GET,
            "/handbok-redaktion/{id}/nytt-kapitel",
            Can(EditHandbook),
            get(pages::handbook_editor::new_chapter_form),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/nytt-kapitel",
            Can(EditHandbook),
            post(pages::handbook_editor::create_chapter),
        ),
        (
            Method::GET,
            "/handbok-redaktion/{id}/kapitel/{chapter}",
            Can(EditHandbook),
            get(pages::handbook_editor::chapter),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/kapitel/{chapter}",
            Can(EditHandbook),
            post(pages::handbook_editor::save),
        ),
        (
            Method::GET,
            "/handbok-redaktion/{id}/version/{revision}",
            Can(EditHandbook),
            get(pages::handbook_editor::revision),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/version/{revision}/skicka",
            Can(EditHandbook),
            post(pages::handbook_editor::submit),
        ),
        (
            Method::POST,
            "/handbok-redaktion/{id}/version/{revision}/beslut",
            Can(ReviewHandbook),
            post(pages::handbook_editor::decide),
        ),
        (
            Method::GET,
            "/personer",
            Can(ViewPersons),
            get(pages::persons::list),
        ),
        (
            Method::GET,
            "/personer/ny",
            Can(RegisterReferrals),
            get(pages::persons::new_form),
        ),
        (
            Method::POST,
            "/personer/ny",
            Can(RegisterReferrals),
            post(pages::persons::create),
        ),
        (
            Method::GET,
            "/personer/{id}",
            Can(ViewPersons),
            get(pages::persons::show),
        ),
        (
            Method::POST,
            "/personer/{id}/personnummer",
            Can(ViewPersons),
            post(pages::persons::reveal_number),
        ),
        (
            Method::GET,
            "/personer/{id}/redigera",
            Can(ManageParticipants),
            get(pages::persons::edit_form),
        ),
        (
            Method::POST,
            "/personer/{id}/redigera",
            Can(ManageParticipants),
            post(pages::persons::update),
        ),
        (
            Method::POST,
            "/personer/{id}/inkomst",
            Can(ManageParticipants),
            post(pages::persons::set_income),
        ),
        (
            Method::POST,
            "/personer/{id}/dubbletter/{other}/avfarda",
            Can(ManageParticipants),
            post(pages::persons::dismiss_duplicate),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/samtycke",
            Can(ManageParticipants),
            post(pages::persons::record_consent),
        ),
        (
            Method::GET,
            "/personer/{id}/perioder/{episode}/samtyckesblankett",
            Can(ManageParticipants),
            get(pages::persons::consent_form),
        ),
        (
            Method::POST,
            "/personer/{id}/samtycken/{consent}/aterkalla",
            Can(ManageParticipants),
            post(pages::persons::withdraw_consent),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/avboj",
            Can(ManageParticipants),
            post(pages::persons::decline),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/inskrivning",
            Can(ManageParticipants),
            post(pages::persons::record_baseline),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/partner",
            Can(ManageParticipants),
            post(pages::persons::assign),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/utskrivning",
            Can(ManageParticipants),
            post(pages::persons::exit),
        ),
        (
            Method::POST,
            "/personer/{id}/uppfoljningar/{follow_up}",
            Can(ManageParticipants),
            post(pages::persons::record_follow_up),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/mal",
            Can(ManageParticipants),
            post(pages::persons::add_goal),
        ),
        (
            Method::POST,
            "/personer/{id}/mal/{goal}/steg",
            Can(ManageParticipants),
            post(pages::persons::add_step),
        ),
        (
            Method::POST,
            "/personer/{id}/mal/{goal}/uppnatt",
            Can(ManageParticipants),
            post(pages::persons::toggle_goal),
        ),
        (
            Method::POST,
            "/personer/{id}/steg/{step}/klar",
            Can(ManageParticipants),
            post(pages::persons::toggle_step),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/anteckningar",
            Can(RecordSupport),
            post(pages::persons::add_note),
        ),
        (
            Method::POST,
            "/personer/{id}/perioder/{episode}/moten",
            Can(RecordSupport),
            post(pages::persons::add_appointment),
        ),
        (
            Method::GET,
            "/uppfoljningar",
            Can(ManageParticipants),
            get(pages::persons::due_follow_ups),
        ),
        (
            Method::GET,
            "/personer/{id}/registerutdrag",
            Can(ExerciseDataRights),
            get(pages::privacy::extract),
        ),
        (
            Method::GET,
            "/personer/{id}/registerutdrag.json",
            Can(ExerciseDataRights),
            get(pages::privacy::extract_json),
        ),
        (
            Method::POST,
            "/personer/{id}/anonymisera",
            Can(ExerciseDataRights),
            post(pages::privacy::anonymise),
        ),
        (
            Method::GET,
            "/program/{id}/aktiviteter",
            Can(ManageActivities),
            get(pages::activities::list),
        ),
        (
            Method::POST,
            "/program/{id}/aktiviteter",
            Can(ManageActivities),
            post(pages::activities::create),
        ),
        (
            Method::GET,
            "/program/{id}/aktiviteter/{activity}",
            Can(ManageActivities),
            get(pages::activities::register),
        ),
        (
            Method::POST,
            "/program/{id}/aktiviteter/{activity}/narvaro",
            Can(ManageActivities),
            post(pages::activities::record_attendance),
        ),
        (
            Method::POST,
            "/program/{id}/uppfoljning",
            Can(ManageProgrammes),
            post(pages::programmes::set_follow_up_months),
        ),
        (
            Method::GET,
            "/min-sida",
            Can(ViewOwnRecord),
            get(pages::portal::show),
        ),
        (
            Method::GET,
            "/logg",
            Can(ReviewAuditLog),
            get(pages::audit::list),
        ),
        (
            Method::GET,
            "/logg.csv",
            Can(ReviewAuditLog),
            get(pages::audit::csv),
        ),
        (
            Method::GET,
            "/api/v1/openapi.json",
            Public,
            get(api::openapi_json),
        ),
        (Method::GET, "/api/v1/me", LoggedIn, get(api::me)),
        (
            Method::GET,
            "/api/v1/organisations",
            Can(ViewOrganisations),
            get(api::organisations::list),
        ),
        (
            Method::POST,
            "/api/v1/organisations",
            Can(ManageOrganisations),
            post(api::organisations::create),
        ),
        (
            Method::GET,
            "/api/v1/organisations/{id}",
            Can(ViewOrganisations),
            get(api::organisations::show),
        ),
        (
            Method::PUT,
            "/api/v1/organisations/{id}",
            Can(ManageOrganisations),
            put(api::organisations::update),
        ),
        (
            Method::GET,
            "/api/v1/users",
            Can(ManageUsers),
            get(api::users::list),
        ),
        (
            Method::POST,
            "/api/v1/users",
            Can(ManageUsers),
            post(api::users::invite),
        ),
        (
            Method::GET,
            "/api/v1/users/{id}",
            Can(ManageUsers),
            get(api::users::show),
        ),
        (
            Method::GET,
            "/api/v1/instruments",
            LoggedIn,
            get(api::instruments::list),
        ),
        (
            Method::GET,
            "/api/v1/programmes",
            Can(ViewProgrammes),
            get(api::programmes::list),
        ),
        (
            Method::POST,
            "/api/v1/programmes",
            Can(ManageProgrammes),
            post(api::programmes::create),
        ),
        (
            Method::GET,
            "/api/v1/programmes/{id}",
            Can(ViewProgrammes),
            get(api::programmes::show),
        ),
        (
            Method::PUT,
            "/api/v1/programmes/{id}",
            Can(ManageProgrammes),
            put(api::programmes::update),
        ),
        (
            Method::GET,
            "/api/v1/enterprises",
            Can(ViewEnterprises),
            get(api::enterprises::list),
        ),
        (
            Method::POST,
            "/api/v1/enterprises",
            Can(ManageEnterprises),
            post(api::enterprises::create),
        ),
        (
            Method::GET,
            "/api/v1/enterprises/{id}",
            Can(ViewEnterprises),
            get(api::enterprises::show),
        ),
        (
            Method::GET,
            "/api/v1/public/enterprises",
            Public,
            get(api::enterprises::public_json),
        ),
        (
            Method::GET,
            "/api/v1/public/enterprises.csv",
            Public,
            get(api::enterprises::public_csv),
        ),
        (
            Method::GET,
            "/api/v1/persons",
            Can(ViewPersons),
            get(api::persons::list),
        ),
        (
            Method::POST,
            "/api/v1/persons",
            Can(RegisterReferrals),
            post(api::persons::create),
        ),
        (
            Method::GET,
            "/api/v1/persons/{id}",
            Can(ViewPersons),
            get(api::persons::show),
        ),
        (
            Method::GET,
            "/api/v1/persons/{id}/income",
            Can(ViewPersons),
            get(api::persons::income),
        ),
        (
            Method::POST,
            "/api/v1/persons/{id}/income",
            Can(ManageParticipants),
            post(api::persons::set_income),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/consents",
            Can(ManageParticipants),
            post(api::episodes::record_consent),
        ),
        (
            Method::POST,
            "/api/v1/consents/{id}/withdrawal",
            Can(ManageParticipants),
            post(api::episodes::withdraw_consent),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/baseline",
            Can(ManageParticipants),
            post(api::episodes::record_baseline),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/exit",
            Can(ManageParticipants),
            post(api::episodes::exit),
        ),
        (
            Method::POST,
            "/api/v1/follow-ups/{id}",
            Can(ManageParticipants),
            post(api::episodes::record_follow_up),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/goals",
            Can(ManageParticipants),
            post(api::episodes::add_goal),
        ),
        (
            Method::POST,
            "/api/v1/goals/{id}/steps",
            Can(ManageParticipants),
            post(api::episodes::add_step),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/notes",
            Can(RecordSupport),
            post(api::episodes::add_note),
        ),
        (
            Method::POST,
            "/api/v1/episodes/{id}/appointments",
            Can(RecordSupport),
            post(api::episodes::add_appointment),
        ),
        (
            Method::GET,
            "/api/v1/programmes/{id}/activities",
            Can(ManageActivities),
            get(api::activities::list),
        ),
        (
            Method::POST,
            "/api/v1/programmes/{id}/activities",
            Can(ManageActivities),
            post(api::activities::create),
        ),
        (
            Method::POST,
            "/api/v1/activities/{id}/attendance",
            Can(ManageActivities),
            post(api::activities::record_attendance),
        ),
    ]
}

/// The routes and their access rules, without handlers.
pub fn specs() -> Vec<RouteSpec> {
    table()
        .into_iter()
        .map(|(method, path, access, _)| RouteSpec {
            method,
            path,
            access,
        })
        .collect()
}

pub fn build(state: AppState) -> Router<AppState> {
    let mut router = Router::new();
    for (_, path, access, handler) in table() {
        let guarded = handler.route_layer(from_fn_with_state((state.clone(), access), enforce));
        router = router.route(path, guarded);
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn method_not_allowed(State(state): State<AppState>, request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        return problem(
            StatusCode::METHOD_NOT_ALLOWED,
            "This resource does not support that method; see /api/v1/openapi.json.",
        );
    }
    match request.extensions().get::<RequestContext>() {
        Some(ctx) => PageError::NotFound.render(&Layout::new(&state, ctx, request.uri().path())),
        None => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

async fn not_found(State(state): State<AppState>, request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        return problem(StatusCode::NOT_FOUND, "There is no such resource.");
    }
    match request.extensions().get::<RequestContext>() {
        Some(ctx) => PageError::NotFound.render(&Layout::new(&state, ctx, request.uri().path())),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Checks a route's [`Access`] before its handler runs.
async fn enforce(
    State((state, access)): State<(AppState, Access)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(ctx) = request.extensions().get::<RequestContext>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let is_api = request.uri().path().starts_with("/api/");
    let allowed = match (access, ctx.principal()) {
        (Public, _) => true,
        (LoggedIn, Some(_)) => true,
        (Can(capability), Some(principal)) => principal.can(capability),
        (_, None) => {
            return if is_api {
                let mut response = problem(
                    StatusCode::UNAUTHORIZED,
                    "This resource needs an API token: send it as 'Authorization: Bearer <token>'.",
                );
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                response
            } else if request.method() == Method::GET {
                let next_path = request.uri().path_and_query().map_or("/", |p| p.as_str());
                let encoded: String =
                    url::form_urlencoded::byte_serialize(next_path.as_bytes()).collect();
                Redirect::to(&format!("/logga-in?nasta={encoded}")).into_response()
            } else {
                Redirect::to("/logga-in").into_response()
            };
        }
    };
    if !allowed {
        let route = request
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or_else(String::new, |m| m.as_str().to_string());
        tracing::warn!(method = %request.method(), %route, user_id = ctx.principal().map(|p| p.user_id), "access refused");
    }
    if allowed {
        // Logged by route template and status only: paths may carry ids or one-time tokens,
        // and query strings may carry search terms, so neither is written to the log.
        let method = request.method().clone();
        let route = request
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or_else(String::new, |m| m.as_str().to_string());
        let started = std::time::Instant::now();
        let response = next.run(request).await;
        tracing::info!(
            %method,
            %route,
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request"
        );
        response
    } else if is_api {
        problem(StatusCode::FORBIDDEN, "Your role does not allow this.")
    } else {
        PageError::Forbidden.render(&Layout::new(&state, &ctx, request.uri().path()))
    }
}
