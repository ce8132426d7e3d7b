//! The authorization matrix: every route × every role, with the expected answer written here
//! by hand, independently of the router's own table. A route missing from this table, or a
//! row for a route that does not exist, fails the test. "Allowed" means the answer the route
//! gives a valid request about a record the role may see, so a 404 or 422 where the role should
//! succeed fails the matrix as surely as a refusal.

use crate::matrix_world::{Case, World, today, world};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use stegvis_app::Actor;
use stegvis_testkit::{Client, Page, TestApp, on_both_engines};

/// Columns: anonymous, admin, coordinator, case-officer, participant, enterprise, steering,
/// evaluator. Each cell is the exact answer:
/// - `-` refused: 401 from the API, a redirect to the login page for an anonymous page
///   request, 403 otherwise;
/// - `2` 200 OK, `C` 201 Created, `D` 204 No Content, `3` 303 See Other (anywhere but the
///   login page): the route did what was asked;
/// - `N` 404 Not Found: the route lets the role in, but the record in the path is outside the
///   role's scope; each such row says why.
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
    for (method, path, cells) in EXPECTED {
        assert_eq!(cells.len(), 8, "{method} {path}: one cell per role");
        assert!(
            cells.bytes().all(|c| b"-23CDN".contains(&c)),
            "{method} {path}: unknown cell in {cells}"
        );
    }
}

/// What a request carries besides its path.
enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Json(Value),
    File(&'static str, Vec<u8>),
}

/// What the caller of a row knows about itself.
struct Caller<'a> {
    username: &'a str,
    /// A second API token of the caller, for the route that revokes one.
    spare_token: i64,
}

/// The concrete path of a row: the record each placeholder names, chosen so that the route
/// finds it in the state it accepts.
fn path(method: &str, template: &str, w: &World, caller: &Caller) -> String {
    let on = |case: Case, rest: &str| {
        format!(
            "/personer/{}{}",
            case.person,
            rest.replace("{episode}", &case.episode.to_string())
        )
    };
    match template {
        "/personer/{id}/perioder/{episode}/avboj" => {
            return on(w.referred, "/perioder/{episode}/avboj");
        }
        "/personer/{id}/perioder/{episode}/inskrivning" => {
            return on(w.enrol, "/perioder/{episode}/inskrivning");
        }
        "/personer/{id}/perioder/{episode}/utskrivning" => {
            return on(w.leave, "/perioder/{episode}/utskrivning");
        }
        "/personer/{id}/anonymisera" => return on(w.anonymise, "/anonymisera"),
        "/api/v1/episodes/{id}/consents" | "/api/v1/episodes/{id}/baseline" => {
            return template.replace("{id}", &w.baseline.episode.to_string());
        }
        "/api/v1/episodes/{id}/exit" => {
            return template.replace("{id}", &w.leave_api.episode.to_string());
        }
        "/api/v1/consents/{id}/withdrawal" => {
            return template.replace("{id}", &w.withdraw_consent.to_string());
        }
        "/api/v1/follow-ups/{id}" => {
            return template.replace("{id}", &w.follow_up_api.to_string());
        }
        "/api/v1/enterprises/{id}/support/{support}" => {
            return format!(
                "/api/v1/enterprises/{}/support/{}",
                w.enterprise, w.support_api
            );
        }
        "/api/v1/enterprises/{id}/memberships/{membership}" => {
            let membership = if method == "PUT" {
                w.membership_put
            } else {
                w.membership_delete
            };
            let end = if method == "DELETE" {
                format!("?ends_on={}", today())
            } else {
                String::new()
            };
            return format!(
                "/api/v1/enterprises/{}/memberships/{membership}{end}",
                w.enterprise
            );
        }
        // The answer form works one question at a time.
        "/min-sida/enkater/{episode}/{instrument}/{occasion}" if method == "POST" => {
            return format!("/min-sida/enkater/{}/who5/baseline?fraga=1", w.main.episode);
        }
        "/program/{id}/poang.csv" | "/program/{id}/poang.xlsx" => {
            return format!(
                "{}?instrument=who5",
                template.replace("{id}", &w.programme.to_string())
            );
        }
        // The world has started its operator's handbook already, and starting it twice is
        // refused; the route starts the handbook of an operator that has none. Only the admin
        // may edit another operator's handbook: for the coordinator that operator is out of
        // scope.
        "/ideer/{id}/foretag" => return format!("/ideer/{}/foretag", w.registered_idea),
        "/handbok-redaktion/{id}/starta" => {
            return format!("/handbok-redaktion/{}/starta", w.unstarted);
        }
        _ => {}
    }
    let id = if template.contains("/api-nycklar/") {
        caller.spare_token
    } else if template.contains("/anvandare/") || template.contains("/users/") {
        w.bystander
    } else if template.contains("/program/") || template.contains("/programmes/") {
        w.programme
    } else if template.contains("/ideer/") || template.contains("/ideas/") {
        w.idea
    } else if template.contains("/foretag/") || template.contains("/enterprises/") {
        w.enterprise
    } else if template.contains("/personer/") || template.contains("/persons/") {
        w.main.person
    } else if template.contains("/episodes/") {
        w.main.episode
    } else if template.contains("/goals/") {
        w.goal
    } else if template.contains("/activities/") {
        w.activity
    } else {
        w.kommun
    };
    // Figures of a year that exists for reading; a new year for the API to create and replace.
    let year = if method == "GET" { "2024" } else { "2025" };
    // The editor's own upload, which the removal route then removes; the public file is shipped.
    let file = if template.starts_with("/handbok-redaktion/") {
        "matris.png"
    } else {
        "budget-och-likviditet.csv"
    };
    let revision = if template.ends_with("/skicka") {
        w.draft
    } else {
        w.submitted
    };
    template
        .replace("{id}", &id.to_string())
        .replace("{line}", &w.line.to_string())
        .replace("{target}", &w.target.to_string())
        .replace("{token}", &w.activation)
        .replace("{*path}", "style.css")
        .replace("{org}", "vvk")
        .replace("{n}", "1")
        .replace("{slug}", "om-handboken")
        .replace("{chapter}", &w.chapter.to_string())
        .replace("{revision}", &revision.to_string())
        .replace("{name}", file)
        .replace("{episode}", &w.main.episode.to_string())
        .replace("{consent}", &w.follow_up_consent.to_string())
        .replace("{goal}", &w.goal.to_string())
        .replace("{step}", &w.step.to_string())
        .replace("{follow_up}", &w.follow_up.to_string())
        .replace("{other}", &w.other.to_string())
        .replace("{activity}", &w.activity.to_string())
        .replace("{support}", &w.support.to_string())
        .replace("{instrument}", "who5")
        .replace("{occasion}", "baseline")
        .replace("{membership}", &w.membership.to_string())
        .replace("{year}", year)
        .replace("{member}", &w.member.to_string())
        .replace("{organisation}", &w.af.to_string())
}

fn form(fields: &[(&'static str, &str)]) -> Body {
    Body::Form(fields.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

fn figures_form(year: &str) -> Body {
    form(&[
        ("year", year),
        ("turnover", "2 400 000"),
        ("result", "-35 000"),
        ("wage_costs", "1 650 000"),
        ("public_revenue", "900 000"),
        ("reinvested_surplus", "0"),
        ("counted_on", format!("{year}-12-31").as_str()),
        ("employees", "10"),
        ("target_group", "4"),
        ("work_units", "7,5"),
    ])
}

/// An instrument definition newer than the shipped one, for the upload routes.
fn instrument(version: i64) -> String {
    let mut srh: Value = serde_json::from_str(stegvis_domain::instrument::SHIPPED[0].1).unwrap();
    srh["version"] = json!(version);
    srh.to_string()
}

/// A valid body for every route that takes one.
fn body(method: &str, template: &str, w: &World, caller: &Caller) -> Body {
    let today = today();
    let today = today.as_str();
    let kommun = w.kommun.to_string();
    let kommun = kommun.as_str();
    let fk = w.fk.to_string();
    let fk = fk.as_str();
    let programme = w.programme.to_string();
    let programme = programme.as_str();
    let programme_form = || {
        form(&[
            ("name", "P"),
            ("operator_id", kommun),
            ("starts_on", "2011-09-09"),
            ("ends_on", "2013-09-30"),
            ("focus", "both"),
            ("description", ""),
        ])
    };
    let enterprise_form = |name: &str, number: &str| {
        form(&[
            ("name", name),
            ("operator_id", kommun),
            ("organisationsnummer", number),
            ("legal_form", "ekonomisk-forening"),
            ("registered_on", "2012-05-14"),
        ])
    };
    let programme_json = json!({"name": "P", "operator_id": w.kommun, "starts_on": "2011-09-09", "ends_on": "2013-09-30", "focus": "both"});
    let year_json = json!({"turnover": "2 400 000", "result": "-35 000", "wage_costs": "1 650 000", "public_revenue": "900 000", "reinvested_surplus": "0", "counted_on": "2025-12-31", "employees": 10, "target_group": 4, "annual_work_units": "7.5"});
    let who5 = [
        ("q-cheerful", "3"),
        ("q-calm", "3"),
        ("q-active", "3"),
        ("q-rested", "3"),
        ("q-interest", "3"),
    ];
    match (method, template) {
        ("POST", "/sprak") => form(&[("lang", "sv"), ("tillbaka", "/")]),
        ("POST", "/logga-in") => form(&[
            ("username", caller.username),
            ("password", stegvis_testkit::PASSWORD),
        ]),
        ("POST", "/aktivera/{token}") => form(&[
            ("new_password", "ett nytt bra lösenord"),
            ("confirm_password", "ett nytt bra lösenord"),
        ]),
        ("POST", "/konto/losenord") => form(&[
            ("current_password", stegvis_testkit::PASSWORD),
            ("new_password", "nytt lösenord 123"),
            ("confirm_password", "nytt lösenord 123"),
        ]),
        ("POST", "/konto/api-nycklar") => form(&[("name", "Rapportverktyg")]),
        ("POST", "/organisationer/ny") => form(&[
            ("name", "Region"),
            ("short_name", "RKL"),
            ("kind", "region"),
        ]),
        ("POST", "/organisationer/{id}/redigera") => form(&[
            ("name", "Västerviks kommun"),
            ("short_name", "VVK"),
            ("kind", "kommun"),
            ("org_number", ""),
        ]),
        ("POST", "/anvandare/ny") => form(&[
            ("username", "nykomling"),
            ("display_name", "Ny"),
            ("role", "evaluator"),
        ]),
        ("POST", "/anvandare/{id}/redigera") => form(&[
            ("username", "bystander"),
            ("display_name", "Bystander"),
            ("role", "evaluator"),
        ]),
        ("POST", "/program/ny" | "/program/{id}/redigera") => programme_form(),
        ("POST", "/program/{id}/partner") => form(&[("partner", fk)]),
        ("POST", "/program/{id}/budget") => form(&[
            ("organisation_id", fk),
            ("year", "2012"),
            ("amount", "500 000"),
        ]),
        ("POST", "/program/{id}/mal") => form(&[
            ("kind", "enterprises-started"),
            ("description", "Två sociala företag startade"),
            ("target_value", "2"),
        ]),
        ("POST", "/program/{id}/uppfoljning") => form(&[("follow_up_months", "6")]),
        ("POST", "/program/{id}/enkater") => form(&[
            ("instrument", "who5"),
            ("who5-baseline", "on"),
            ("instrument", "srh"),
            ("srh-exit", "on"),
        ]),
        ("POST", "/program/{id}/aktiviteter") => form(&[
            ("kind", "inspiration"),
            ("title", "Inspirationsträff"),
            ("held_on", today),
            ("hours", "2,5"),
            ("provider_organisation_id", ""),
            ("is_group", "on"),
        ]),
        ("POST", "/program/{id}/aktiviteter/{activity}/narvaro") => {
            form(&[("present", w.main.episode.to_string().as_str())])
        }
        ("POST", "/foretag/ny") => enterprise_form("Returverket", "769999-0011"),
        ("POST", "/foretag/{id}/redigera") => enterprise_form("E", "769999-0003"),
        ("POST", "/foretag/{id}/stod") => form(&[
            ("kind", "almi"),
            ("year", "2012"),
            ("amount", "45 000"),
            ("note", "Mikrolån"),
        ]),
        ("POST", "/foretag/{id}/nyckeltal") => figures_form("2023"),
        ("POST", "/mitt-foretag/nyckeltal") => figures_form("2022"),
        ("POST", "/foretag/{id}/personal") => form(&[
            ("person_id", w.baseline.person.to_string().as_str()),
            ("form", "work-training"),
            ("hours_per_week", "20"),
            ("starts_on", "2025-03-01"),
        ]),
        ("POST", "/foretag/{id}/personal/{membership}/avsluta") => form(&[("ends_on", today)]),
        ("POST", "/ideer/ny") => form(&[("programme_id", programme), ("title", "Catering")]),
        ("POST", "/ideer/{id}/redigera") => {
            form(&[("programme_id", programme), ("title", "Idé i Västervik")])
        }
        ("POST", "/ideer/{id}/steg") => form(&[("stage", "pre-study")]),
        ("POST", "/ideer/{id}/team") => form(&[("name", "Kim Mentor"), ("role", "Mentor")]),
        ("POST", "/ideer/{id}/partner") => form(&[("organisation_id", fk)]),
        ("POST", "/ideer/{id}/foretag") => {
            form(&[("enterprise_id", w.enterprise.to_string().as_str())])
        }
        ("POST", "/ideer/{id}/plan") => form(&[("customers", "Cyklister i Västervik")]),
        ("POST", "/ideer/{id}/plan/siffror") => form(&[
            ("first-month", "2026-09"),
            ("vat-period", "quarterly"),
            ("revenue-1-name", "Reparationer"),
            ("revenue-1-price", "450"),
            ("revenue-1-volume", "60"),
            ("revenue-1-monthly-growth", "3"),
            ("revenue-1-vat", "25"),
            ("revenue-1-terms", "0"),
            ("staff-1-role", "Mekaniker"),
            ("staff-1-wage", "26 000"),
            ("staff-1-count", "0,5"),
            ("staff-1-subsidy", "8 000"),
            ("startup-1-name", "Verktyg"),
            ("startup-1-kind", "investment"),
            ("startup-1-amount", "60 000"),
            ("startup-1-years", "5"),
            ("financing-1-name", "Banklån"),
            ("financing-1-kind", "loan"),
            ("financing-1-amount", "150 000"),
            ("financing-1-interest", "6"),
            ("financing-1-term", "60"),
            ("financing-1-grace", "6"),
        ]),
        ("POST", "/ideer/{id}/plan/versioner/{n}/kommentar") => {
            form(&[("body", "Räkna på vinterhalvåret också.")])
        }
        ("POST", "/personer/ny") => form(&[
            ("programme_id", programme),
            ("referred_on", today),
            ("personnummer", "19751212-9805"),
            ("given_name", "Ny"),
            ("family_name", "Testsson"),
        ]),
        ("POST", "/personer/{id}/redigera") => form(&[
            ("personnummer", "19800101-9804"),
            ("given_name", "Test"),
            ("family_name", "Testsson"),
        ]),
        ("POST", "/personer/{id}/inkomst") => form(&[
            ("from", "2024-01"),
            ("to", "2024-06"),
            ("source", "sjukpenning"),
            ("share_percent", "75"),
            ("amount", ""),
        ]),
        ("POST", "/personer/{id}/perioder/{episode}/samtycke") => form(&[
            ("scope", "information-exchange"),
            ("partner_organisation_id", w.af.to_string().as_str()),
            ("given_on", today),
            ("form", "paper"),
            ("informed", "on"),
        ]),
        ("POST", "/personer/{id}/samtycken/{consent}/aterkalla") => {
            form(&[("withdrawn_on", today)])
        }
        ("POST", "/personer/{id}/perioder/{episode}/inskrivning") => form(&[
            ("education", "gymnasial"),
            ("occupation", "arbetssokande"),
            ("occupation_percent", "100"),
            ("time_outside", "2-5-ar"),
            ("time_on_support", "1-2-ar"),
        ]),
        ("POST", "/personer/{id}/perioder/{episode}/partner") => {
            form(&[("assigned_organisation_id", fk)])
        }
        ("POST", "/personer/{id}/perioder/{episode}/utskrivning") => form(&[
            ("exit_on", today),
            ("reason", "moved"),
            ("education", "gymnasial"),
            ("occupation", "arbete-med-stod"),
            ("occupation_percent", "75"),
        ]),
        ("POST", "/personer/{id}/uppfoljningar/{follow_up}") => form(&[
            ("done_on", today),
            ("reached", "yes"),
            ("occupation", "arbete"),
            ("occupation_percent", "100"),
        ]),
        ("POST", "/personer/{id}/perioder/{episode}/mal") => {
            form(&[("title", "Färdig affärsplan")])
        }
        ("POST", "/personer/{id}/mal/{goal}/steg") => form(&[
            ("description", "Boka möte med Coompanion"),
            ("owner", "participant"),
            ("due_on", today),
        ]),
        ("POST", "/personer/{id}/mal/{goal}/uppnatt") => form(&[("achieved", "on")]),
        ("POST", "/personer/{id}/steg/{step}/klar") => form(&[("done", "on")]),
        ("POST", "/personer/{id}/perioder/{episode}/anteckningar") => {
            form(&[("body", "Första samtalet gick bra.")])
        }
        ("POST", "/personer/{id}/perioder/{episode}/moten") => form(&[
            ("date", today),
            ("time", "10:00"),
            ("title", "Uppföljning"),
            ("place", "Kontoret"),
        ]),
        ("POST", "/enkater/instrument") => form(&[("definition", instrument(2).as_str())]),
        ("POST", "/min-sida/enkater/{episode}/{instrument}/{occasion}") => {
            form(&[("q-cheerful", "4"), ("step", "next")])
        }
        ("POST", "/personer/{id}/perioder/{episode}/enkater/{instrument}/{occasion}") => {
            let mut fields = who5.to_vec();
            fields.extend([
                ("mode", "paper"),
                ("answered_on", today),
                ("step", "complete"),
            ]);
            form(&fields)
        }
        ("POST", "/handbok-redaktion/{id}/filer") => {
            Body::File("matris.png", b"\x89PNG\r\n\x1a\n".to_vec())
        }
        ("POST", "/handbok-redaktion/{id}/kapitel/{chapter}/flytta") => {
            form(&[("direction", "down")])
        }
        ("POST", "/handbok-redaktion/{id}/nytt-kapitel") => form(&[
            ("slug", "lokalt-stod"),
            ("title", "Lokalt stöd"),
            ("topics", "support-and-funding"),
            ("body", "Ring oss."),
        ]),
        ("POST", "/handbok-redaktion/{id}/kapitel/{chapter}") => {
            form(&[("title", "Om handboken"), ("topics", ""), ("body", "Text.")])
        }
        ("POST", "/handbok-redaktion/{id}/version/{revision}/beslut") => {
            form(&[("decision", "approve")])
        }
        (_, path) if path.starts_with("/api/") => match (method, path) {
            ("GET", _) => Body::None,
            ("POST", "/api/v1/ideas") => {
                Body::Json(json!({"programme_id": w.programme, "title": "Catering"}))
            }
            ("POST", "/api/v1/ideas/{id}/stage") => Body::Json(json!({"stage": "business-plan"})),
            ("POST", "/api/v1/ideas/{id}/plans") => {
                Body::Json(json!({"sections": {"customers": "Cyklister"}}))
            }
            ("POST", "/api/v1/enterprises") => Body::Json(
                json!({"name": "Kustens Café", "organisationsnummer": "769999-0037", "legal_form": "ekonomisk-forening", "operator_id": w.kommun}),
            ),
            ("PUT", "/api/v1/enterprises/{id}") => Body::Json(
                json!({"name": "E", "organisationsnummer": "769999-0003", "legal_form": "ekonomisk-forening", "operator_id": w.kommun, "registered_on": "2012-05-14"}),
            ),
            ("POST", "/api/v1/enterprises/{id}/support") => {
                Body::Json(json!({"kind": "almi", "year": 2024, "amount": "45000"}))
            }
            ("POST", "/api/v1/enterprises/{id}/memberships") => Body::Json(
                json!({"person_id": w.withdraw.person, "form": "work-training", "hours_per_week": "20", "starts_on": "2025-03-01"}),
            ),
            ("PUT", "/api/v1/enterprises/{id}/memberships/{membership}") => Body::Json(
                json!({"form": "work-training", "hours_per_week": "30", "starts_on": "2025-03-01"}),
            ),
            ("POST" | "PUT", "/api/v1/enterprises/{id}/figures/{year}") => {
                Body::Json(year_json.clone())
            }
            ("POST", "/api/v1/instruments") => {
                Body::Json(serde_json::from_str(&instrument(3)).unwrap())
            }
            ("POST", "/api/v1/episodes/{id}/responses") => Body::Json(
                json!({"instrument": "srh", "occasion": "baseline", "answers": {"general-health": 4}, "mode": "interview", "answered_on": today}),
            ),
            ("PUT", "/api/v1/programmes/{id}/schedule") => {
                Body::Json(json!([{"instrument": "who5", "occasion": "baseline"}]))
            }
            ("POST", "/api/v1/organisations") => Body::Json(
                json!({"name": "Region Kalmar län", "short_name": "KAL", "kind": "region"}),
            ),
            ("PUT", "/api/v1/organisations/{id}") => Body::Json(
                json!({"name": "Västerviks kommun", "short_name": "VVK", "kind": "kommun"}),
            ),
            ("POST", "/api/v1/users") => Body::Json(json!({"username": "ny", "role": "evaluator"})),
            ("POST" | "PUT", "/api/v1/programmes" | "/api/v1/programmes/{id}") => {
                Body::Json(programme_json.clone())
            }
            ("POST", "/api/v1/persons") => Body::Json(
                json!({"personnummer": "19760113-9806", "given_name": "Anna", "family_name": "Andersson", "programme_id": w.programme}),
            ),
            ("POST", "/api/v1/persons/{id}/income") => Body::Json(
                json!({"from": "2024-07", "to": "2024-12", "source": "forsorjningsstod", "share_percent": 50}),
            ),
            ("POST", "/api/v1/episodes/{id}/consents") => Body::Json(
                json!({"scope": "follow-up", "given_on": today, "form": "paper", "informed": true}),
            ),
            ("POST", "/api/v1/consents/{id}/withdrawal") => {
                Body::Json(json!({"withdrawn_on": today}))
            }
            ("POST", "/api/v1/episodes/{id}/baseline") => Body::Json(
                json!({"education": "gymnasial", "occupation": "arbetssokande", "occupation_percent": 100, "time_outside": "2-5-ar", "time_on_support": "1-2-ar"}),
            ),
            ("POST", "/api/v1/episodes/{id}/exit") => Body::Json(
                json!({"exit_on": today, "reason": "moved", "education": "gymnasial", "occupation": "arbete-med-stod", "occupation_percent": 75}),
            ),
            ("POST", "/api/v1/follow-ups/{id}") => Body::Json(
                json!({"done_on": today, "reached": true, "occupation": "arbete", "occupation_percent": 100}),
            ),
            ("POST", "/api/v1/episodes/{id}/goals") => Body::Json(json!({"title": "Arbete"})),
            ("POST", "/api/v1/goals/{id}/steps") => {
                Body::Json(json!({"description": "Ring", "owner": "participant", "due_on": today}))
            }
            ("POST", "/api/v1/episodes/{id}/notes") => Body::Json(json!({"body": "Ett samtal."})),
            ("POST", "/api/v1/episodes/{id}/appointments") => Body::Json(
                json!({"date": today, "time": "10:00", "title": "Möte", "place": "Kontoret"}),
            ),
            ("POST", "/api/v1/programmes/{id}/activities") => Body::Json(
                json!({"kind": "course", "title": "Kurs", "held_on": today, "hours": 2.0}),
            ),
            ("POST", "/api/v1/activities/{id}/attendance") => {
                Body::Json(json!({"present": [w.main.episode]}))
            }
            _ => Body::None,
        },
        _ => Body::None,
    }
}

async fn call(client: &Client, token: Option<&str>, method: &str, path: &str, body: Body) -> Page {
    let method: Method = method.parse().unwrap();
    let mut builder = client.request(method.clone(), path);
    if let Some(token) = token.filter(|_| path.starts_with("/api/")) {
        builder = builder.bearer_auth(token);
    }
    match body {
        Body::None if method == Method::GET || path.starts_with("/api/") => {
            client.send(builder).await
        }
        Body::None => client.post_form(path, &[]).await,
        Body::Json(value) => client.send(builder.json(&value)).await,
        Body::Form(fields) => {
            let borrowed: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.post_form(path, &borrowed).await
        }
        Body::File(name, bytes) => client.post_file(path, "file", name, bytes).await,
    }
}

fn refused(page: &Page, method: &str, anonymous: bool, api: bool) -> bool {
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

/// The cell that describes an answer, `?` for one no cell describes.
fn cell(page: &Page, method: &str, anonymous: bool, api: bool) -> char {
    if refused(page, method, anonymous, api) {
        return '-';
    }
    match page.status {
        StatusCode::OK => '2',
        StatusCode::CREATED => 'C',
        StatusCode::NO_CONTENT => 'D',
        StatusCode::SEE_OTHER => '3',
        StatusCode::NOT_FOUND => 'N',
        _ => '?',
    }
}

/// A fresh server for each role: its world, its logged-in client and API tokens.
async fn run_role(engine: stegvis_testkit::Engine, column: usize, role: &str) -> Vec<String> {
    let app = TestApp::start(engine).await.unwrap();
    let w = world(&app).await;
    let username = format!("m-{role}");
    let (client, token, spare_token) = if role == "anonymous" {
        (app.client(), None, 0)
    } else {
        let id = stegvis_app::users::create_with_password(
            &app.app,
            &Actor::system("test"),
            &stegvis_app::users::UserInput {
                username: username.clone(),
                display_name: role.into(),
                role: role.into(),
                organisation: match role {
                    "coordinator" => w.kommun.to_string(),
                    "case-officer" => w.fk.to_string(),
                    _ => String::new(),
                },
                person: if role == "participant" {
                    w.main.person.to_string()
                } else {
                    String::new()
                },
                enterprise: if role == "enterprise" {
                    w.enterprise.to_string()
                } else {
                    String::new()
                },
            },
            stegvis_testkit::PASSWORD,
        )
        .await
        .unwrap();
        let client = app.client();
        client.login(&username, stegvis_testkit::PASSWORD).await;
        let system = Actor::system("test");
        let issue =
            |name: &'static str| stegvis_app::users::create_api_token(&app.app, &system, id, name);
        let token = issue("matrix").await.unwrap();
        issue("spare").await.unwrap();
        let spare = app
            .scalar(&format!(
                "SELECT MAX(id) FROM api_tokens WHERE user_id = {id}"
            ))
            .await;
        (client, Some(token), spare)
    };
    let caller = Caller {
        username: if role == "anonymous" {
            "bystander"
        } else {
            &username
        },
        spare_token,
    };
    let mut failures = Vec::new();
    for (method, template, expected) in EXPECTED {
        let expected = char::from(expected.as_bytes()[column]);
        let path = path(method, template, &w, &caller);
        let body = body(method, template, &w, &caller);
        // Logging in and out changes the session the other rows need, so they get a client
        // of their own.
        let page = match *template {
            "/logga-ut" if role != "anonymous" => {
                let own = app.client();
                own.login(&username, stegvis_testkit::PASSWORD).await;
                call(&own, None, method, &path, body).await
            }
            "/logga-in" if *method == "POST" => {
                call(&app.client(), None, method, &path, body).await
            }
            _ => call(&client, token.as_deref(), method, &path, body).await,
        };
        // An anonymous form post that succeeds by sending the browser to the login page (an
        // activation) looks like a refusal; the row's own cell says which it is.
        let got = match cell(
            &page,
            method,
            role == "anonymous",
            path.starts_with("/api/"),
        ) {
            '-' if expected == '3' && page.location() == "/logga-in" => '3',
            got => got,
        };
        if got != expected {
            failures.push(format!(
                "{role} {method} {template} as {path}: expected {expected}, got {got} ({}) {}",
                page.status,
                page.body.chars().take(300).collect::<String>()
            ));
        }
    }
    app.finish().await;
    failures
}

on_both_engines!(
    every_role_gets_exactly_the_answer_the_matrix_expects,
    |app| {
        let mut failures = Vec::new();
        for (column, role) in std::iter::once("anonymous").chain(ROLES).enumerate() {
            failures.extend(run_role(app.engine, column, role).await);
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);

on_both_engines!(
    a_record_of_another_organisation_answers_404_not_403,
    |app| {
        let w = world(app).await;
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        let token = app.token("kim-api", "coordinator", Some(other)).await;
        let page = outsider.get(&format!("/program/{}", w.programme)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let api = outsider
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{}", w.programme),
                &token,
                None,
            )
            .await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
    }
);
