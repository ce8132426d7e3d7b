//! The authorization matrix: every route × every role, with the expected access written here
//! by hand, independently of the router's own table. A route missing from this table, or a
//! row for a route that does not exist, fails the test.

use reqwest::{Method, StatusCode};
use std::collections::BTreeSet;
use stegvis_app::Actor;
use stegvis_app::persons::ReferralInput;
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::enterprise::EnterpriseInput;
use stegvis_domain::episode::ExitInput;
use stegvis_domain::person::PersonInput;
use stegvis_domain::plan::ActivityInput;
use stegvis_domain::programme::{BudgetInput, ProgrammeInput, TargetInput};
use stegvis_testkit::{Client, Page, TestApp, on_both_engines};

/// Columns: anonymous, admin, coordinator, case-officer, participant, enterprise, steering,
/// evaluator. `A` = allowed, `-` = denied.
const EXPECTED: &[(&str, &str, &str)] = &[
    ("GET", "/", "AAAAAAAA"),
    ("GET", "/healthz", "AAAAAAAA"),
    ("GET", "/static/{*path}", "AAAAAAAA"),
    ("GET", "/tillganglighet", "AAAAAAAA"),
    ("POST", "/sprak", "AAAAAAAA"),
    ("GET", "/logga-in", "AAAAAAAA"),
    ("POST", "/logga-in", "AAAAAAAA"),
    ("POST", "/logga-ut", "-AAAAAAA"),
    ("GET", "/aktivera/{token}", "AAAAAAAA"),
    ("POST", "/aktivera/{token}", "AAAAAAAA"),
    ("POST", "/session/forlang", "-AAAAAAA"),
    ("GET", "/start", "-AAAAAAA"),
    ("GET", "/konto", "-AAAAAAA"),
    ("POST", "/konto/losenord", "-AAAAAAA"),
    ("POST", "/konto/api-nycklar", "-AAAAAAA"),
    ("POST", "/konto/api-nycklar/{id}/aterkalla", "-AAAAAAA"),
    ("GET", "/organisationer", "-AAA----"),
    ("GET", "/organisationer/ny", "-A------"),
    ("POST", "/organisationer/ny", "-A------"),
    ("GET", "/organisationer/{id}", "-AAA----"),
    ("GET", "/organisationer/{id}/redigera", "-A------"),
    ("POST", "/organisationer/{id}/redigera", "-A------"),
    ("GET", "/anvandare", "-A------"),
    ("GET", "/anvandare/ny", "-A------"),
    ("POST", "/anvandare/ny", "-A------"),
    ("GET", "/anvandare/{id}", "-A------"),
    ("GET", "/anvandare/{id}/redigera", "-A------"),
    ("POST", "/anvandare/{id}/redigera", "-A------"),
    ("POST", "/anvandare/{id}/aterstallningslank", "-A------"),
    ("GET", "/program", "-AAA--AA"),
    ("GET", "/program/ny", "-AA-----"),
    ("POST", "/program/ny", "-AA-----"),
    ("GET", "/program/{id}", "-AAA--AA"),
    ("GET", "/program/{id}/redigera", "-AA-----"),
    ("POST", "/program/{id}/redigera", "-AA-----"),
    ("POST", "/program/{id}/partner", "-AA-----"),
    ("POST", "/program/{id}/budget", "-AA-----"),
    ("POST", "/program/{id}/budget/{line}/ta-bort", "-AA-----"),
    ("POST", "/program/{id}/mal", "-AA-----"),
    ("POST", "/program/{id}/mal/{target}/ta-bort", "-AA-----"),
    ("GET", "/foretag", "-AAA--AA"),
    ("GET", "/foretag/ny", "-AA-----"),
    ("POST", "/foretag/ny", "-AA-----"),
    ("GET", "/foretag/{id}", "-AAA--AA"),
    ("GET", "/foretag/{id}/redigera", "-AA-----"),
    ("POST", "/foretag/{id}/redigera", "-AA-----"),
    ("POST", "/foretag/{id}/stod", "-AA-----"),
    ("POST", "/foretag/{id}/stod/{support}/ta-bort", "-AA-----"),
    ("POST", "/foretag/{id}/nyckeltal", "-AA-----"),
    ("POST", "/foretag/{id}/personal", "--A-----"),
    (
        "POST",
        "/foretag/{id}/personal/{membership}/avsluta",
        "--A-----",
    ),
    ("GET", "/mitt-foretag", "-----A--"),
    ("POST", "/mitt-foretag/nyckeltal", "-----A--"),
    ("GET", "/sociala-foretag", "AAAAAAAA"),
    ("GET", "/ideer", "--A-A---"),
    ("GET", "/ideer/ny", "--A-----"),
    ("POST", "/ideer/ny", "--A-----"),
    ("GET", "/ideer/{id}", "--A-A---"),
    ("GET", "/ideer/{id}/redigera", "--A-A---"),
    ("POST", "/ideer/{id}/redigera", "--A-A---"),
    ("POST", "/ideer/{id}/steg", "--A-----"),
    ("POST", "/ideer/{id}/team", "--A-----"),
    ("POST", "/ideer/{id}/team/{member}/ta-bort", "--A-----"),
    ("POST", "/ideer/{id}/partner", "--A-----"),
    (
        "POST",
        "/ideer/{id}/partner/{organisation}/ta-bort",
        "--A-----",
    ),
    ("POST", "/ideer/{id}/foretag", "--A-----"),
    ("GET", "/ideer/{id}/plan", "--A-A---"),
    ("POST", "/ideer/{id}/plan", "--A-A---"),
    ("GET", "/ideer/{id}/plan/siffror", "--A-A---"),
    ("POST", "/ideer/{id}/plan/siffror", "--A-A---"),
    ("GET", "/ideer/{id}/plan/versioner/{n}/pdf", "--A-A---"),
    ("GET", "/ideer/{id}/plan/versioner/{n}/xlsx", "--A-A---"),
    (
        "POST",
        "/ideer/{id}/plan/versioner/{n}/kommentar",
        "--A-----",
    ),
    ("GET", "/api/v1/ideas", "--A-A---"),
    ("POST", "/api/v1/ideas", "--A-----"),
    ("GET", "/api/v1/ideas/{id}", "--A-A---"),
    ("POST", "/api/v1/ideas/{id}/stage", "--A-----"),
    ("GET", "/api/v1/ideas/{id}/plans", "--A-A---"),
    ("POST", "/api/v1/ideas/{id}/plans", "--A-A---"),
    ("GET", "/api/v1/enterprises", "-AAA--AA"),
    ("POST", "/api/v1/enterprises", "-AA-----"),
    ("GET", "/api/v1/enterprises/{id}", "-AAA--AA"),
    ("PUT", "/api/v1/enterprises/{id}", "-AA-----"),
    ("GET", "/api/v1/enterprises/{id}/support", "-AAA--AA"),
    ("POST", "/api/v1/enterprises/{id}/support", "-AA-----"),
    (
        "DELETE",
        "/api/v1/enterprises/{id}/support/{support}",
        "-AA-----",
    ),
    ("GET", "/api/v1/enterprises/{id}/memberships", "--A-----"),
    ("POST", "/api/v1/enterprises/{id}/memberships", "--A-----"),
    (
        "PUT",
        "/api/v1/enterprises/{id}/memberships/{membership}",
        "--A-----",
    ),
    (
        "DELETE",
        "/api/v1/enterprises/{id}/memberships/{membership}",
        "--A-----",
    ),
    ("GET", "/api/v1/enterprises/{id}/figures", "-AAA-AAA"),
    ("GET", "/api/v1/enterprises/{id}/figures/{year}", "-AAA-AAA"),
    (
        "POST",
        "/api/v1/enterprises/{id}/figures/{year}",
        "-AA--A--",
    ),
    ("PUT", "/api/v1/enterprises/{id}/figures/{year}", "-AA--A--"),
    ("GET", "/api/v1/public/enterprises", "AAAAAAAA"),
    ("GET", "/api/v1/public/enterprises.csv", "AAAAAAAA"),
    ("GET", "/personer", "--AA----"),
    ("GET", "/personer/ny", "--AA----"),
    ("POST", "/personer/ny", "--AA----"),
    ("GET", "/personer/{id}", "--AA----"),
    ("POST", "/personer/{id}/personnummer", "--AA----"),
    ("GET", "/personer/{id}/redigera", "--A-----"),
    ("POST", "/personer/{id}/redigera", "--A-----"),
    ("POST", "/personer/{id}/inkomst", "--A-----"),
    (
        "POST",
        "/personer/{id}/dubbletter/{other}/avfarda",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/samtycke",
        "--A-----",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/samtyckesblankett",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/samtycken/{consent}/aterkalla",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/avboj",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/inskrivning",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/partner",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/utskrivning",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/uppfoljningar/{follow_up}",
        "--A-----",
    ),
    ("POST", "/personer/{id}/perioder/{episode}/mal", "--A-----"),
    ("POST", "/personer/{id}/mal/{goal}/steg", "--A-----"),
    ("POST", "/personer/{id}/mal/{goal}/uppnatt", "--A-----"),
    ("POST", "/personer/{id}/steg/{step}/klar", "--A-----"),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/anteckningar",
        "--AA----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/moten",
        "--AA----",
    ),
    ("GET", "/uppfoljningar", "--A-----"),
    ("GET", "/personer/{id}/registerutdrag", "--A-----"),
    ("GET", "/personer/{id}/registerutdrag.json", "--A-----"),
    ("POST", "/personer/{id}/anonymisera", "--A-----"),
    ("GET", "/program/{id}/aktiviteter", "--A-----"),
    ("POST", "/program/{id}/aktiviteter", "--A-----"),
    ("GET", "/program/{id}/aktiviteter/{activity}", "--A-----"),
    (
        "POST",
        "/program/{id}/aktiviteter/{activity}/narvaro",
        "--A-----",
    ),
    ("POST", "/program/{id}/uppfoljning", "-AA-----"),
    ("GET", "/min-sida", "----A---"),
    ("GET", "/program/{id}/enkater", "-AA-----"),
    ("POST", "/program/{id}/enkater", "-AA-----"),
    ("GET", "/program/{id}/matt", "--A---AA"),
    ("GET", "/program/{id}/poang.csv", "--A----A"),
    ("GET", "/program/{id}/poang.xlsx", "--A----A"),
    ("GET", "/enkater", "--A-----"),
    ("GET", "/enkater/instrument", "-AA-----"),
    ("POST", "/enkater/instrument", "-AA-----"),
    ("GET", "/min-sida/enkater", "----A---"),
    (
        "GET",
        "/min-sida/enkater/{episode}/{instrument}/{occasion}",
        "----A---",
    ),
    (
        "POST",
        "/min-sida/enkater/{episode}/{instrument}/{occasion}",
        "----A---",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/enkater",
        "--A-----",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/enkater/{instrument}/{occasion}",
        "--A-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/enkater/{instrument}/{occasion}",
        "--A-----",
    ),
    ("GET", "/api/v1/instruments", "-AAAAAAA"),
    ("POST", "/api/v1/instruments", "-AA-----"),
    ("GET", "/api/v1/episodes/{id}/responses", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/responses", "--A-----"),
    ("GET", "/api/v1/programmes/{id}/schedule", "-AA-----"),
    ("PUT", "/api/v1/programmes/{id}/schedule", "-AA-----"),
    (
        "GET",
        "/api/v1/programmes/{id}/change/{instrument}",
        "--A---AA",
    ),
    ("GET", "/handbok", "AAAAAAAA"),
    ("GET", "/handbok/{org}", "AAAAAAAA"),
    ("GET", "/handbok/{org}/sok", "AAAAAAAA"),
    ("GET", "/handbok/{org}/utgavor", "AAAAAAAA"),
    ("GET", "/handbok/{org}/kapitel/{slug}", "AAAAAAAA"),
    ("GET", "/handbok/{org}/utgava/{n}", "AAAAAAAA"),
    (
        "GET",
        "/handbok/{org}/utgava/{n}/kapitel/{slug}",
        "AAAAAAAA",
    ),
    ("GET", "/handbok/{org}/utgava/{n}/handbok.html", "AAAAAAAA"),
    ("GET", "/handbok/{org}/utgava/{n}/handbok.pdf", "AAAAAAAA"),
    ("GET", "/handbok/{org}/filer/{name}", "AAAAAAAA"),
    ("GET", "/handbok/{org}/utgava/{n}/filer/{name}", "AAAAAAAA"),
    ("GET", "/handbok-redaktion", "-AA-----"),
    ("POST", "/handbok-redaktion/{id}/filer", "-AA-----"),
    ("GET", "/handbok-redaktion/{id}/filer/{name}", "-AA-----"),
    (
        "POST",
        "/handbok-redaktion/{id}/filer/{name}/ta-bort",
        "-AA-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/kapitel/{chapter}/flytta",
        "-AA-----",
    ),
    ("GET", "/handbok-redaktion/{id}", "-AA-----"),
    ("POST", "/handbok-redaktion/{id}/starta", "-AA-----"),
    ("POST", "/handbok-redaktion/{id}/publicera", "-AA-----"),
    ("GET", "/handbok-redaktion/{id}/nytt-kapitel", "-AA-----"),
    ("POST", "/handbok-redaktion/{id}/nytt-kapitel", "-AA-----"),
    (
        "GET",
        "/handbok-redaktion/{id}/kapitel/{chapter}",
        "-AA-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/kapitel/{chapter}",
        "-AA-----",
    ),
    (
        "GET",
        "/handbok-redaktion/{id}/version/{revision}",
        "-AA-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/version/{revision}/skicka",
        "-AA-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/version/{revision}/beslut",
        "-AA-----",
    ),
    ("GET", "/logg", "-AA-----"),
    ("GET", "/logg.csv", "-AA-----"),
    ("GET", "/api/v1/openapi.json", "AAAAAAAA"),
    ("GET", "/api/v1/me", "-AAAAAAA"),
    ("GET", "/api/v1/organisations", "-AAA----"),
    ("POST", "/api/v1/organisations", "-A------"),
    ("GET", "/api/v1/organisations/{id}", "-AAA----"),
    ("PUT", "/api/v1/organisations/{id}", "-A------"),
    ("GET", "/api/v1/users", "-A------"),
    ("POST", "/api/v1/users", "-A------"),
    ("GET", "/api/v1/users/{id}", "-A------"),
    ("GET", "/api/v1/programmes", "-AAA--AA"),
    ("POST", "/api/v1/programmes", "-AA-----"),
    ("GET", "/api/v1/programmes/{id}", "-AAA--AA"),
    ("PUT", "/api/v1/programmes/{id}", "-AA-----"),
    ("GET", "/api/v1/persons", "--AA----"),
    ("POST", "/api/v1/persons", "--AA----"),
    ("GET", "/api/v1/persons/{id}", "--AA----"),
    ("GET", "/api/v1/persons/{id}/income", "--AA----"),
    ("POST", "/api/v1/persons/{id}/income", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/consents", "--A-----"),
    ("POST", "/api/v1/consents/{id}/withdrawal", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/baseline", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/exit", "--A-----"),
    ("POST", "/api/v1/follow-ups/{id}", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/goals", "--A-----"),
    ("POST", "/api/v1/goals/{id}/steps", "--A-----"),
    ("POST", "/api/v1/episodes/{id}/notes", "--AA----"),
    ("POST", "/api/v1/episodes/{id}/appointments", "--AA----"),
    ("GET", "/api/v1/programmes/{id}/activities", "--A-----"),
    ("POST", "/api/v1/programmes/{id}/activities", "--A-----"),
    ("POST", "/api/v1/activities/{id}/attendance", "--A-----"),
];

const ROLES: [&str; 7] = [
    "admin",
    "coordinator",
    "case-officer",
    "participant",
    "enterprise",
    "steering",
    "evaluator",
];

#[test]
fn every_route_has_a_row_in_the_matrix_and_every_row_a_route() {
    let routes: BTreeSet<(String, String)> = stegvis_web::routes::specs()
        .into_iter()
        .map(|s| (s.method.to_string(), s.path.to_string()))
        .collect();
    let rows: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = routes.difference(&rows).collect();
    let extra: Vec<_> = rows.difference(&routes).collect();
    assert!(
        missing.is_empty(),
        "routes without a matrix row: {missing:?}"
    );
    assert!(extra.is_empty(), "matrix rows without a route: {extra:?}");
    assert_eq!(rows.len(), EXPECTED.len(), "duplicate rows");
}

struct Fixture {
    organisation: i64,
    user: i64,
    programme: i64,
    line: i64,
    target: i64,
    person: i64,
    episode: i64,
    consent: i64,
    goal: i64,
    follow_up: i64,
    activity: i64,
    enterprise: i64,
    idea: i64,
}

/// Records for the participant routes: a person at intake with a goal, an activity, and a
/// second person who exited with consent to follow-up, so every id in a path names a record.
struct Participants {
    person: i64,
    episode: i64,
    consent: i64,
    goal: i64,
    follow_up: i64,
    activity: i64,
}

async fn participants(app: &TestApp, programme: i64) -> Participants {
    let system = Actor::system("test");
    let today = stegvis_domain::timestamp::format_date(app.today());
    let refer = |personnummer: &str| ReferralInput {
        person: PersonInput {
            personnummer: personnummer.into(),
            given_name: "Test".into(),
            family_name: "Testsson".into(),
            ..PersonInput::default()
        },
        programme_id: programme.to_string(),
        referred_on: today.clone(),
        referring_organisation_id: String::new(),
    };
    let consent = |scope: &str| ConsentInput {
        scope: scope.into(),
        given_on: today.clone(),
        form: "paper".into(),
        informed: true,
        ..ConsentInput::default()
    };
    let registered = stegvis_app::persons::register(&app.app, &system, &refer("19800101-9804"))
        .await
        .unwrap();
    let episode = registered.episode_id;
    let consent_id =
        stegvis_app::persons::record_consent(&app.app, &system, episode, &consent("participation"))
            .await
            .unwrap();
    let goal = stegvis_app::persons::add_goal(&app.app, &system, episode, "Arbete")
        .await
        .unwrap();
    let activity = stegvis_app::activities::create(
        &app.app,
        &system,
        programme,
        &ActivityInput {
            kind: "course".into(),
            title: "Kurs".into(),
            held_on: today.clone(),
            hours: "2".into(),
            ..ActivityInput::default()
        },
    )
    .await
    .unwrap();
    let exited = stegvis_app::persons::register(&app.app, &system, &refer("19900202-9818"))
        .await
        .unwrap()
        .episode_id;
    for scope in ["participation", "follow-up"] {
        stegvis_app::persons::record_consent(&app.app, &system, exited, &consent(scope))
            .await
            .unwrap();
    }
    stegvis_app::persons::exit(
        &app.app,
        &system,
        exited,
        &ExitInput {
            exit_on: today.clone(),
            reason: "moved".into(),
            ..ExitInput::default()
        },
    )
    .await
    .unwrap();
    Participants {
        person: registered.person_id,
        episode,
        consent: consent_id,
        goal,
        follow_up: app.scalar("SELECT MIN(id) FROM follow_ups").await,
        activity,
    }
}

async fn fixture(app: &TestApp) -> Fixture {
    let system = Actor::system("test");
    let kommun = app.organisation("VVK", "kommun").await;
    let fk = app.organisation("FK", "forsakringskassan").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &system,
        &ProgrammeInput {
            name: "P".into(),
            operator_id: kommun.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2013-09-30".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    stegvis_app::programmes::set_partners(&app.app, &system, programme, &[fk])
        .await
        .unwrap();
    let target = stegvis_app::programmes::add_target(
        &app.app,
        &system,
        programme,
        &TargetInput {
            kind: "other".into(),
            description: "t".into(),
            target_value: "1".into(),
        },
    )
    .await
    .unwrap();
    let line = stegvis_app::programmes::set_budget(
        &app.app,
        &system,
        programme,
        &BudgetInput {
            organisation_id: kommun.to_string(),
            year: "2012".into(),
            amount: "1".into(),
        },
    )
    .await
    .unwrap();
    let user = app.user("bystander", "evaluator", None).await;
    let p = participants(app, programme).await;
    let enterprise = stegvis_app::enterprises::create(
        &app.app,
        &system,
        &EnterpriseInput {
            name: "E".into(),
            operator_id: kommun.to_string(),
            organisationsnummer: "769999-0003".into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: "2012-05-14".into(),
            ..EnterpriseInput::default()
        },
    )
    .await
    .unwrap();
    let idea = stegvis_app::ideas::create(
        &app.app,
        &system,
        &stegvis_domain::idea::IdeaInput {
            programme_id: programme.to_string(),
            title: "Idé".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    Fixture {
        organisation: kommun,
        user,
        programme,
        line,
        target,
        person: p.person,
        episode: p.episode,
        consent: p.consent,
        goal: p.goal,
        follow_up: p.follow_up,
        activity: p.activity,
        enterprise,
        idea,
    }
}

fn concrete(path: &str, f: &Fixture) -> String {
    // An id no API token has: revoking the caller's own token would turn every later API row
    // of that role into a 401, which the matrix cannot tell from a refusal.
    let id = if path.contains("/api-nycklar/") {
        999_999
    } else if path.contains("/anvandare/") || path.contains("/users/") {
        f.user
    } else if path.contains("/program/") || path.contains("/programmes/") {
        f.programme
    } else if path.contains("/ideer/") || path.contains("/ideas/") {
        f.idea
    } else if path.contains("/foretag/") || path.contains("/enterprises/") {
        f.enterprise
    } else if path.contains("/persons/") {
        f.person
    } else if path.contains("/episodes/") {
        f.episode
    } else if path.contains("/consents/") {
        f.consent
    } else if path.contains("/goals/") {
        f.goal
    } else if path.contains("/follow-ups/") {
        f.follow_up
    } else if path.contains("/activities/") {
        f.activity
    } else {
        f.organisation
    };
    path.replace("{id}", &id.to_string())
        .replace("{line}", &f.line.to_string())
        .replace("{target}", &f.target.to_string())
        .replace("{token}", &"x".repeat(43))
        .replace("{*path}", "style.css")
        .replace("{org}", "vvk")
        .replace("{n}", "1")
        .replace("{slug}", "om-handboken")
        .replace("{chapter}", "1")
        .replace("{revision}", "1")
        .replace("{name}", "budget-och-likviditet.csv")
        .replace("{episode}", "1")
        .replace("{consent}", "1")
        .replace("{goal}", "1")
        .replace("{step}", "1")
        .replace("{follow_up}", "1")
        .replace("{other}", "1")
        .replace("{activity}", "1")
        .replace("{support}", "1")
        .replace("{instrument}", "who5")
        .replace("{occasion}", "baseline")
        .replace("{membership}", "1")
        .replace("{year}", "2025")
        .replace("{member}", "1")
        .replace("{organisation}", "1")
}

async fn call(client: &Client, token: Option<&str>, method: &str, path: &str) -> Page {
    let method: Method = method.parse().unwrap();
    if path.starts_with("/api/") {
        let body = (method != Method::GET).then(|| serde_json::json!({}));
        return match token {
            Some(token) => client.api(method, path, token, body).await,
            None => {
                let mut builder = client.request(method, path);
                if let Some(body) = body {
                    builder = builder.json(&body);
                }
                client.send(builder).await
            }
        };
    }
    if method == Method::GET {
        client.get(path).await
    } else {
        client.post_form(path, &[]).await
    }
}

fn denied(page: &Page, method: &str, anonymous: bool, api: bool) -> bool {
    match (anonymous, api) {
        (true, true) => page.status == StatusCode::UNAUTHORIZED,
        // The guard sends a GET to the login page with the way back, and a POST to the bare
        // login page; `/` itself redirects to the bare login page, which is not a refusal.
        (true, false) => {
            page.status == StatusCode::SEE_OTHER
                && if method == "GET" {
                    page.location().starts_with("/logga-in?nasta=")
                } else {
                    page.location() == "/logga-in"
                }
        }
        (false, _) => page.status == StatusCode::FORBIDDEN,
    }
}

on_both_engines!(
    every_role_reaches_exactly_the_routes_the_matrix_allows,
    |app| {
        let f = fixture(app).await;
        let kommun = f.organisation;
        let fk = app
            .scalar("SELECT id FROM organisations WHERE short_name = 'FK'")
            .await;
        let mut failures = Vec::new();
        for (column, role) in std::iter::once("anonymous").chain(ROLES).enumerate() {
            let organisation = match role {
                "coordinator" => Some(kommun),
                "case-officer" => Some(fk),
                _ => None,
            };
            let username = format!("m-{role}");
            let (client, token) = if role == "anonymous" {
                (app.client(), None)
            } else {
                let client = app.logged_in(&username, role, organisation).await;
                let id = app
                    .scalar(&format!(
                        "SELECT id FROM users WHERE username = '{username}'"
                    ))
                    .await;
                let token = stegvis_app::users::create_api_token(
                    &app.app,
                    &Actor::system("test"),
                    id,
                    "matrix",
                )
                .await
                .unwrap();
                (client, Some(token))
            };
            for (method, template, expected) in EXPECTED {
                let allowed = expected.as_bytes()[column] == b'A';
                let path = concrete(template, &f);
                // Logging out ends the session the other rows need, so it gets a client of its own.
                let page = if *template == "/logga-ut" && role != "anonymous" {
                    let own = app.client();
                    own.login(&username, stegvis_testkit::PASSWORD).await;
                    call(&own, token.as_deref(), method, &path).await
                } else {
                    call(&client, token.as_deref(), method, &path).await
                };
                let was_denied = denied(
                    &page,
                    method,
                    role == "anonymous",
                    path.starts_with("/api/"),
                );
                if allowed == was_denied || page.status.is_server_error() {
                    failures.push(format!(
                        "{role} {method} {path}: expected {}, got {}",
                        if allowed { "allowed" } else { "denied" },
                        page.status
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);

on_both_engines!(
    a_record_of_another_organisation_answers_404_not_403,
    |app| {
        let f = fixture(app).await;
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        let token = app.token("kim-api", "coordinator", Some(other)).await;
        let page = outsider.get(&format!("/program/{}", f.programme)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let api = outsider
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{}", f.programme),
                &token,
                None,
            )
            .await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
    }
);
