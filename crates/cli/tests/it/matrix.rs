//! The authorization matrix: every route × every role, with the expected answer written here
//! by hand, independently of the router's own table. A route missing from this table, or a
//! row for a route that does not exist, fails the test. "Allowed" means the answer the route
//! gives a valid request about a record the role may see, so a 404 or 422 where the role should
//! succeed fails the matrix as surely as a refusal.
//!
//! Adding a route: add a row to `EXPECTED` (method, path exactly as in the route table, one
//! cell per role), then make the request valid for the roles it lets in: `path` picks the
//! record each placeholder names (add a record to `matrix_world::World` if the route needs one
//! in a particular state, or one of its own because it changes or removes it), and `body` gives
//! the form or JSON a successful request sends. Rows run in table order, one server and world
//! per role, so a row may rely on an earlier row of the same role (the plan's numbers row saves
//! version 2, which the export rows then read).

use crate::matrix_world::{Case, World, world};
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
    ("GET", "/", "33333333"),
    ("GET", "/healthz", "22222222"),
    // Only for the operator's monitoring, with its bearer token; no session opens it.
    ("GET", "/metrics", "NNNNNNNN"),
    ("GET", "/static/{*path}", "22222222"),
    ("GET", "/favicon.ico", "22222222"),
    ("GET", "/tillganglighet", "22222222"),
    ("GET", "/metod", "22222222"),
    ("POST", "/sprak", "33333333"),
    ("GET", "/logga-in", "23333333"),
    ("POST", "/logga-in", "33333333"),
    // e-ID login (decision 0032): the world's organisation has no provider, and no login is
    // under way for a callback without state; tests/it/oidc.rs drives the real flow.
    ("GET", "/logga-in/oidc/callback", "NNNNNNNN"),
    ("GET", "/logga-in/oidc/{id}", "NNNNNNNN"),
    // Without a pending login (a correct password of an account with a second factor) the
    // code page sends everyone back to the login page.
    ("GET", "/logga-in/kod", "33333333"),
    ("POST", "/logga-in/kod", "33333333"),
    ("POST", "/logga-ut", "-3333333"),
    ("GET", "/aktivera/{token}", "22222222"),
    ("POST", "/aktivera/{token}", "33333333"),
    ("POST", "/session/forlang", "-2222222"),
    ("GET", "/start", "-2222222"),
    ("GET", "/konto", "-2222222"),
    ("POST", "/konto/losenord", "-3333333"),
    ("POST", "/konto/epost", "-3333333"),
    ("POST", "/konto/api-nycklar", "-2222222"),
    ("POST", "/konto/api-nycklar/{id}/aterkalla", "-3333333"),
    ("GET", "/konto/tvastegsverifiering", "-2222222"),
    ("POST", "/konto/tvastegsverifiering/starta", "-3333333"),
    // Confirmed with the code of the secret the row before started; shows the recovery codes.
    ("POST", "/konto/tvastegsverifiering/bekrafta", "-2222222"),
    ("POST", "/konto/tvastegsverifiering/stang-av", "-3333333"),
    ("GET", "/organisationer", "-222----"),
    ("GET", "/organisationer/ny", "-2------"),
    ("POST", "/organisationer/ny", "-3------"),
    ("GET", "/organisationer/{id}", "-222----"),
    ("GET", "/organisationer/{id}/redigera", "-2------"),
    ("POST", "/organisationer/{id}/redigera", "-3------"),
    ("GET", "/organisationer/{id}/e-legitimation", "-2------"),
    ("POST", "/organisationer/{id}/e-legitimation", "-3------"),
    ("GET", "/anvandare", "-2------"),
    ("GET", "/anvandare/ny", "-2------"),
    ("POST", "/anvandare/ny", "-2------"),
    ("GET", "/anvandare/{id}", "-2------"),
    ("GET", "/anvandare/{id}/e-legitimation", "-2------"),
    ("POST", "/anvandare/{id}/e-legitimation", "-3------"),
    ("GET", "/anvandare/{id}/redigera", "-2------"),
    ("POST", "/anvandare/{id}/redigera", "-3------"),
    ("POST", "/anvandare/{id}/aterstallningslank", "-2------"),
    (
        "POST",
        "/anvandare/{id}/tvastegsverifiering/aterstall",
        "-3------",
    ),
    ("GET", "/program", "-222--22"),
    ("GET", "/program/ny", "-22-----"),
    ("POST", "/program/ny", "-33-----"),
    ("GET", "/program/{id}", "-222--22"),
    ("GET", "/program/{id}/redigera", "-22-----"),
    ("POST", "/program/{id}/redigera", "-33-----"),
    // Budget against outcome (decision 0027): read by whoever sees the programme, written by
    // those who manage it. The partner rows come first, while AF is still a partner.
    ("GET", "/program/{id}/budget-och-utfall", "-222--22"),
    ("POST", "/program/{id}/budget-och-utfall", "-33-----"),
    ("GET", "/program/{id}/budget-och-utfall.csv", "-222--22"),
    (
        "POST",
        "/program/{id}/budget-och-utfall/timkostnad",
        "-33-----",
    ),
    ("GET", "/program/{id}/partner/{organisation}", "-22-----"),
    ("POST", "/program/{id}/partner/{organisation}", "-33-----"),
    ("POST", "/program/{id}/partner", "-33-----"),
    ("POST", "/program/{id}/budget", "-33-----"),
    ("POST", "/program/{id}/budget/{line}/ta-bort", "-33-----"),
    ("POST", "/program/{id}/mal", "-33-----"),
    ("POST", "/program/{id}/mal/{target}/varden", "-33-----"),
    // Before the row that removes the target.
    (
        "POST",
        "/api/v1/programmes/{id}/targets/{target}/readings",
        "-CC-----",
    ),
    ("POST", "/program/{id}/mal/{target}/ta-bort", "-33-----"),
    ("GET", "/mal", "--2---22"),
    // Groups: the coordinator runs them; the matrix's case officer and steering accounts are
    // members (`join_group`), who read and mark their own actions done but change nothing else.
    ("GET", "/moten", "--22--2-"),
    ("GET", "/program/{id}/grupper", "--22--2-"),
    ("POST", "/program/{id}/grupper", "--3-----"),
    ("GET", "/grupper/{id}", "--22--2-"),
    ("POST", "/grupper/{id}/medlemmar", "--3-----"),
    ("POST", "/grupper/{id}/moten", "--3-----"),
    // The pack holds the effects: for those who may see a programme's measures.
    ("GET", "/grupper/{id}/underlag", "--2---2-"),
    ("GET", "/grupper/{id}/underlag.pdf", "--2---2-"),
    ("GET", "/moten/{id}", "--22--2-"),
    ("POST", "/moten/{id}", "--3-----"),
    ("POST", "/moten/{id}/beslut", "--3-----"),
    ("POST", "/moten/{id}/atgarder", "--3-----"),
    ("POST", "/atgarder/{id}/status", "--33--3-"),
    ("GET", "/foretag", "-222--22"),
    ("GET", "/foretag/ny", "-22-----"),
    ("POST", "/foretag/ny", "-33-----"),
    ("GET", "/foretag/{id}", "-222--22"),
    ("GET", "/foretag/{id}/bjud-in", "--2-----"),
    ("POST", "/foretag/{id}/bjud-in", "--2-----"),
    ("GET", "/foretag/{id}/redigera", "-22-----"),
    ("POST", "/foretag/{id}/redigera", "-33-----"),
    ("POST", "/foretag/{id}/stod", "-33-----"),
    ("POST", "/foretag/{id}/stod/{support}/ta-bort", "-33-----"),
    ("POST", "/foretag/{id}/nyckeltal", "-33-----"),
    ("POST", "/foretag/{id}/personal", "--3-----"),
    (
        "POST",
        "/foretag/{id}/personal/{membership}/avsluta",
        "--3-----",
    ),
    ("GET", "/mitt-foretag", "-----2--"),
    ("POST", "/mitt-foretag/nyckeltal", "-----3--"),
    ("GET", "/sociala-foretag", "22222222"),
    ("GET", "/ideer", "--2-2---"),
    ("GET", "/ideer/ny", "--2-----"),
    ("POST", "/ideer/ny", "--3-----"),
    ("GET", "/ideer/{id}", "--2-2---"),
    ("GET", "/ideer/{id}/redigera", "--2-2---"),
    ("POST", "/ideer/{id}/redigera", "--3-3---"),
    ("POST", "/ideer/{id}/steg", "--3-----"),
    ("POST", "/ideer/{id}/team", "--3-----"),
    ("POST", "/ideer/{id}/team/{member}/ta-bort", "--3-----"),
    ("POST", "/ideer/{id}/partner", "--3-----"),
    (
        "POST",
        "/ideer/{id}/partner/{organisation}/ta-bort",
        "--3-----",
    ),
    ("POST", "/ideer/{id}/foretag", "--3-----"),
    ("GET", "/ideer/{id}/plan", "--2-2---"),
    ("POST", "/ideer/{id}/plan", "--3-3---"),
    ("GET", "/ideer/{id}/plan/siffror", "--2-2---"),
    ("POST", "/ideer/{id}/plan/siffror", "--3-3---"),
    ("GET", "/ideer/{id}/plan/versioner/{n}/pdf", "--2-2---"),
    ("GET", "/ideer/{id}/plan/versioner/{n}/xlsx", "--2-2---"),
    (
        "POST",
        "/ideer/{id}/plan/versioner/{n}/kommentar",
        "--3-----",
    ),
    ("GET", "/api/v1/ideas", "--2-2---"),
    ("POST", "/api/v1/ideas", "--C-----"),
    ("GET", "/api/v1/ideas/{id}", "--2-2---"),
    ("POST", "/api/v1/ideas/{id}/stage", "--D-----"),
    ("GET", "/api/v1/ideas/{id}/plans", "--2-2---"),
    ("POST", "/api/v1/ideas/{id}/plans", "--C-C---"),
    ("GET", "/api/v1/enterprises", "-222--22"),
    ("POST", "/api/v1/enterprises", "-CC-----"),
    ("GET", "/api/v1/enterprises/{id}", "-222--22"),
    ("PUT", "/api/v1/enterprises/{id}", "-22-----"),
    ("GET", "/api/v1/enterprises/{id}/support", "-222--22"),
    ("POST", "/api/v1/enterprises/{id}/support", "-CC-----"),
    (
        "DELETE",
        "/api/v1/enterprises/{id}/support/{support}",
        "-DD-----",
    ),
    ("GET", "/api/v1/enterprises/{id}/memberships", "--2-----"),
    ("POST", "/api/v1/enterprises/{id}/memberships", "--C-----"),
    (
        "PUT",
        "/api/v1/enterprises/{id}/memberships/{membership}",
        "--D-----",
    ),
    (
        "DELETE",
        "/api/v1/enterprises/{id}/memberships/{membership}",
        "--D-----",
    ),
    ("GET", "/api/v1/enterprises/{id}/figures", "-222-222"),
    ("GET", "/api/v1/enterprises/{id}/figures/{year}", "-222-222"),
    (
        "POST",
        "/api/v1/enterprises/{id}/figures/{year}",
        "-CC--C--",
    ),
    ("PUT", "/api/v1/enterprises/{id}/figures/{year}", "-22--2--"),
    ("GET", "/api/v1/public/enterprises", "22222222"),
    ("GET", "/api/v1/public/enterprises.csv", "22222222"),
    ("GET", "/personer", "--22----"),
    ("GET", "/personer/ny", "--22----"),
    ("POST", "/personer/ny", "--33----"),
    ("GET", "/personer/{id}", "--22----"),
    ("GET", "/personer/{id}/bjud-in", "--2-----"),
    ("POST", "/personer/{id}/bjud-in", "--2-----"),
    ("POST", "/personer/{id}/personnummer", "--22----"),
    ("GET", "/personer/{id}/redigera", "--2-----"),
    ("POST", "/personer/{id}/redigera", "--3-----"),
    ("POST", "/personer/{id}/inkomst", "--3-----"),
    (
        "POST",
        "/personer/{id}/dubbletter/{other}/avfarda",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/samtycke",
        "--3-----",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/samtyckesblankett",
        "--2-----",
    ),
    (
        "POST",
        "/personer/{id}/samtycken/{consent}/aterkalla",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/samtycken/{consent}/angra-aterkallelse",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/avboj",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/inskrivning",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/partner",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/utskrivning",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/angra-avslut",
        "--3-----",
    ),
    (
        "POST",
        "/personer/{id}/uppfoljningar/{follow_up}",
        "--3-----",
    ),
    ("POST", "/personer/{id}/perioder/{episode}/mal", "--3-----"),
    ("POST", "/personer/{id}/mal/{goal}/steg", "--3-----"),
    ("POST", "/personer/{id}/mal/{goal}/uppnatt", "--3-----"),
    ("POST", "/personer/{id}/steg/{step}/klar", "--3-----"),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/anteckningar",
        "--33----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/moten",
        "--33----",
    ),
    ("GET", "/uppfoljningar", "--2-----"),
    ("GET", "/personer/{id}/registerutdrag", "--2-----"),
    ("GET", "/personer/{id}/registerutdrag.json", "--2-----"),
    ("POST", "/personer/{id}/anonymisera", "--3-----"),
    ("GET", "/gallring", "--2-----"),
    ("POST", "/gallring/regel", "--3-----"),
    ("GET", "/program/{id}/aktiviteter", "--2-----"),
    ("POST", "/program/{id}/aktiviteter", "--3-----"),
    ("GET", "/program/{id}/aktiviteter/{activity}", "--2-----"),
    (
        "POST",
        "/program/{id}/aktiviteter/{activity}/narvaro",
        "--3-----",
    ),
    ("GET", "/program/{id}/evenemang", "-22-----"),
    ("POST", "/program/{id}/evenemang", "-33-----"),
    ("GET", "/evenemang/{id}", "-22-----"),
    ("POST", "/evenemang/{id}", "-33-----"),
    ("POST", "/evenemang/{id}/narvaro", "--3-----"),
    ("GET", "/program/{id}/natverk", "-22-----"),
    ("POST", "/program/{id}/natverk", "-33-----"),
    ("GET", "/natverk/{id}", "-22-----"),
    ("POST", "/natverk/{id}", "-33-----"),
    ("POST", "/natverk/{id}/kopplingar", "-33-----"),
    (
        "POST",
        "/natverk/{id}/kopplingar/{link}/ta-bort",
        "-33-----",
    ),
    ("POST", "/natverk/{id}/kontakter", "-33-----"),
    (
        "POST",
        "/natverk/{id}/kontakter/{contact}/ta-bort",
        "-33-----",
    ),
    ("POST", "/natverk/{id}/logg", "-33-----"),
    ("POST", "/program/{id}/uppfoljning", "-33-----"),
    ("GET", "/min-sida", "----2---"),
    ("POST", "/min-sida/paminnelser", "----3---"),
    ("GET", "/program/{id}/enkater", "-22-----"),
    ("POST", "/program/{id}/enkater", "-33-----"),
    ("GET", "/program/{id}/matt", "--2---22"),
    ("GET", "/program/{id}/effekter", "--2---22"),
    ("GET", "/effekter/{id}", "--2---22"),
    ("GET", "/program/{id}/finansiarer", "--2---22"),
    ("GET", "/program/{id}/finansiarer.csv", "--2---22"),
    ("GET", "/program/{id}/finansiarer.xlsx", "--2---22"),
    ("GET", "/program/{id}/socioekonomi", "--2---22"),
    ("GET", "/program/{id}/socioekonomi.xlsx", "--2---22"),
    ("GET", "/program/{id}/socioekonomi.pdf", "--2---22"),
    ("GET", "/program/{id}/socioekonomi/parametrar", "-22-----"),
    ("POST", "/program/{id}/socioekonomi/parametrar", "-33-----"),
    ("GET", "/program/{id}/scenarier", "--2---22"),
    ("GET", "/program/{id}/scenarier/ny", "-22-----"),
    ("POST", "/program/{id}/scenarier/ny", "-33-----"),
    ("GET", "/program/{id}/scenarier/{scenario}", "--2---22"),
    (
        "GET",
        "/program/{id}/scenarier/{scenario}/socioekonomi.pdf",
        "--2---22",
    ),
    (
        "GET",
        "/program/{id}/scenarier/{scenario}/socioekonomi.xlsx",
        "--2---22",
    ),
    (
        "GET",
        "/program/{id}/scenarier/{scenario}/redigera",
        "-22-----",
    ),
    (
        "POST",
        "/program/{id}/scenarier/{scenario}/redigera",
        "-33-----",
    ),
    ("GET", "/program/{id}/rapporter", "--2---22"),
    ("POST", "/program/{id}/rapporter", "--3---33"),
    // No document is built in the matrix's world, so a download sends the reader back to
    // the request page; crates/cli/tests/it/reports.rs downloads real ones.
    ("GET", "/program/{id}/rapporter/{file}", "--3---33"),
    ("GET", "/program/{id}/poang.csv", "--2----2"),
    ("GET", "/program/{id}/poang.xlsx", "--2----2"),
    ("GET", "/enkater", "--2-----"),
    ("GET", "/enkater/instrument", "-22-----"),
    ("POST", "/enkater/instrument", "-33-----"),
    ("GET", "/min-sida/enkater", "----2---"),
    (
        "GET",
        "/min-sida/enkater/{episode}/{instrument}/{occasion}",
        "----2---",
    ),
    (
        "POST",
        "/min-sida/enkater/{episode}/{instrument}/{occasion}",
        "----3---",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/enkater",
        "--2-----",
    ),
    (
        "GET",
        "/personer/{id}/perioder/{episode}/enkater/{instrument}/{occasion}",
        "--2-----",
    ),
    (
        "POST",
        "/personer/{id}/perioder/{episode}/enkater/{instrument}/{occasion}",
        "--3-----",
    ),
    ("GET", "/api/v1/instruments", "-2222222"),
    ("POST", "/api/v1/instruments", "-CC-----"),
    ("GET", "/api/v1/episodes/{id}/responses", "--2-----"),
    ("POST", "/api/v1/episodes/{id}/responses", "--C-----"),
    ("GET", "/api/v1/programmes/{id}/schedule", "-22-----"),
    ("PUT", "/api/v1/programmes/{id}/schedule", "-DD-----"),
    (
        "GET",
        "/api/v1/programmes/{id}/change/{instrument}",
        "--2---22",
    ),
    ("GET", "/api/v1/programmes/{id}/effects", "--2---22"),
    ("GET", "/api/v1/programmes/{id}/contributions", "-222--22"),
    ("POST", "/api/v1/programmes/{id}/contributions", "-CC-----"),
    (
        "PUT",
        "/api/v1/programmes/{id}/contributions/{contribution}",
        "-DD-----",
    ),
    (
        "DELETE",
        "/api/v1/programmes/{id}/contributions/{contribution}",
        "-DD-----",
    ),
    ("GET", "/api/v1/programmes/{id}/rates", "-222--22"),
    ("PUT", "/api/v1/programmes/{id}/rates", "-DD-----"),
    ("GET", "/api/v1/programmes/{id}/financing-plan", "-222--22"),
    ("PUT", "/api/v1/programmes/{id}/financing-plan", "-CC-----"),
    ("GET", "/api/v1/programmes/{id}/budget-outcome", "-222--22"),
    ("GET", "/api/v1/programmes/{id}/partners", "-222--22"),
    (
        "PUT",
        "/api/v1/programmes/{id}/partners/{organisation}",
        "-DD-----",
    ),
    ("GET", "/api/v1/programmes/{id}/socioeconomics", "--2---22"),
    (
        "GET",
        "/api/v1/programmes/{id}/funder-statistics",
        "--2---22",
    ),
    ("GET", "/handbok", "33333333"),
    ("GET", "/handbok/{org}", "22222222"),
    ("GET", "/handbok/{org}/sok", "22222222"),
    ("GET", "/handbok/{org}/utgavor", "22222222"),
    ("GET", "/handbok/{org}/kapitel/{slug}", "22222222"),
    ("GET", "/handbok/{org}/utgava/{n}", "22222222"),
    (
        "GET",
        "/handbok/{org}/utgava/{n}/kapitel/{slug}",
        "22222222",
    ),
    ("GET", "/handbok/{org}/utgava/{n}/handbok.html", "22222222"),
    ("GET", "/handbok/{org}/utgava/{n}/handbok.pdf", "22222222"),
    ("GET", "/handbok/{org}/filer/{name}", "22222222"),
    ("GET", "/handbok/{org}/utgava/{n}/filer/{name}", "22222222"),
    ("GET", "/handbok-redaktion", "-23-----"),
    ("POST", "/handbok-redaktion/{id}/filer", "-33-----"),
    ("GET", "/handbok-redaktion/{id}/filer/{name}", "-22-----"),
    (
        "POST",
        "/handbok-redaktion/{id}/filer/{name}/ta-bort",
        "-33-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/kapitel/{chapter}/flytta",
        "-33-----",
    ),
    ("GET", "/handbok-redaktion/{id}", "-22-----"),
    // N: the route starts the handbook of an operator other than the coordinator's own.
    ("POST", "/handbok-redaktion/{id}/starta", "-3N-----"),
    ("POST", "/handbok-redaktion/{id}/publicera", "-33-----"),
    ("GET", "/handbok-redaktion/{id}/nytt-kapitel", "-22-----"),
    ("POST", "/handbok-redaktion/{id}/nytt-kapitel", "-33-----"),
    (
        "GET",
        "/handbok-redaktion/{id}/kapitel/{chapter}",
        "-22-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/kapitel/{chapter}",
        "-33-----",
    ),
    (
        "GET",
        "/handbok-redaktion/{id}/version/{revision}",
        "-22-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/version/{revision}/skicka",
        "-33-----",
    ),
    (
        "POST",
        "/handbok-redaktion/{id}/version/{revision}/beslut",
        "-33-----",
    ),
    ("GET", "/logg", "-22-----"),
    ("GET", "/logg.csv", "-22-----"),
    ("GET", "/api/v1/openapi.json", "22222222"),
    ("GET", "/api/v1/me", "-2222222"),
    ("GET", "/api/v1/organisations", "-222----"),
    ("POST", "/api/v1/organisations", "-C------"),
    ("GET", "/api/v1/organisations/{id}", "-222----"),
    ("PUT", "/api/v1/organisations/{id}", "-2------"),
    ("GET", "/api/v1/users", "-2------"),
    ("POST", "/api/v1/users", "-C------"),
    ("GET", "/api/v1/users/{id}", "-2------"),
    ("GET", "/api/v1/programmes", "-222--22"),
    ("POST", "/api/v1/programmes", "-CC-----"),
    ("GET", "/api/v1/programmes/{id}", "-222--22"),
    ("PUT", "/api/v1/programmes/{id}", "-22-----"),
    ("GET", "/api/v1/persons", "--22----"),
    ("POST", "/api/v1/persons", "--CC----"),
    ("GET", "/api/v1/persons/{id}", "--22----"),
    ("GET", "/api/v1/persons/{id}/income", "--22----"),
    ("POST", "/api/v1/persons/{id}/income", "--D-----"),
    ("POST", "/api/v1/episodes/{id}/consents", "--C-----"),
    ("POST", "/api/v1/consents/{id}/withdrawal", "--D-----"),
    ("POST", "/api/v1/episodes/{id}/baseline", "--D-----"),
    ("POST", "/api/v1/episodes/{id}/exit", "--D-----"),
    ("POST", "/api/v1/follow-ups/{id}", "--D-----"),
    ("POST", "/api/v1/episodes/{id}/goals", "--C-----"),
    ("POST", "/api/v1/goals/{id}/steps", "--C-----"),
    ("POST", "/api/v1/episodes/{id}/notes", "--CC----"),
    ("POST", "/api/v1/episodes/{id}/appointments", "--CC----"),
    ("GET", "/api/v1/programmes/{id}/activities", "--2-----"),
    ("POST", "/api/v1/programmes/{id}/activities", "--C-----"),
    ("POST", "/api/v1/activities/{id}/attendance", "--D-----"),
    ("GET", "/program/{id}/import", "--2-----"),
    // The upload waits for its mapping: the next row runs it as a dry run.
    ("POST", "/program/{id}/import", "--3-----"),
    ("POST", "/program/{id}/import/kolumner", "--2-----"),
    ("GET", "/program/{id}/import/mall.csv", "--2-----"),
    ("GET", "/program/{id}/import/mall.xlsx", "--2-----"),
    // No import runs in the background in the matrix world: the page leads back to the upload.
    ("GET", "/program/{id}/import/{import}", "--3-----"),
    ("POST", "/api/v1/imports/persons", "--2-----"),
    ("GET", "/api/v1/imports/persons/template", "--2-----"),
    // A dry run of a row for a person not in the programme: the report refuses the row, and
    // the answer is still 200.
    ("POST", "/api/v1/imports/income-months", "--2-----"),
    ("GET", "/api/v1/imports/income-months/template", "--2-----"),
    // The enterprise register is the administrator's and the operator's coordinator's.
    ("POST", "/api/v1/imports/enterprises", "-22-----"),
    ("GET", "/api/v1/imports/enterprises/template", "-22-----"),
    ("GET", "/api/v1/programmes/{id}/events", "-22-----"),
    ("POST", "/api/v1/programmes/{id}/events", "-CC-----"),
    ("GET", "/api/v1/events/{id}", "-22-----"),
    ("PUT", "/api/v1/events/{id}", "-22-----"),
    ("GET", "/api/v1/events/{id}/attendance", "-22-----"),
    ("GET", "/api/v1/programmes/{id}/outreach", "-22---22"),
    (
        "GET",
        "/api/v1/programmes/{id}/network/organisations",
        "-22-----",
    ),
    (
        "POST",
        "/api/v1/programmes/{id}/network/organisations",
        "-CC-----",
    ),
    (
        "GET",
        "/api/v1/network/organisations/{id}/contacts",
        "-22-----",
    ),
    (
        "POST",
        "/api/v1/network/organisations/{id}/contacts",
        "-CC-----",
    ),
    ("GET", "/api/v1/network/organisations/{id}/log", "-22-----"),
    ("POST", "/api/v1/network/organisations/{id}/log", "-CC-----"),
    ("GET", "/api/v1/programmes/{id}/groups", "--22--2-"),
    ("POST", "/api/v1/programmes/{id}/groups", "--C-----"),
    ("GET", "/api/v1/groups/{id}", "--22--2-"),
    ("POST", "/api/v1/groups/{id}/members", "--C-----"),
    ("GET", "/api/v1/groups/{id}/meetings", "--22--2-"),
    ("POST", "/api/v1/groups/{id}/meetings", "--C-----"),
    ("GET", "/api/v1/meetings/{id}/decisions", "--22--2-"),
    ("POST", "/api/v1/meetings/{id}/decisions", "--C-----"),
    ("GET", "/api/v1/meetings/{id}/actions", "--22--2-"),
    ("POST", "/api/v1/meetings/{id}/actions", "--C-----"),
    ("PUT", "/api/v1/actions/{id}", "--22--2-"),
    ("GET", "/api/v1/programmes/{id}/targets", "-222--22"),
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
    Csv(&'static str),
}

/// What the caller of a row knows about itself.
struct Caller<'a> {
    username: &'a str,
    /// A second API token of the caller, for the route that revokes one.
    spare_token: i64,
    /// The open actions whose status the page route and the API change: the caller's own for
    /// a member of the world's group, the world member's otherwise.
    action: i64,
    action_api: i64,
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
        "/personer/{id}/perioder/{episode}/angra-avslut" => {
            return on(w.leave, "/perioder/{episode}/angra-avslut");
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
                format!("?ends_on={}", w.today)
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
        "/api/v1/programmes/{id}/funder-statistics" => {
            return format!(
                "{}?year=2025",
                template.replace("{id}", &w.programme.to_string())
            );
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
        // The partner-form route runs after AF has been removed as a partner; FK stays one.
        "/api/v1/programmes/{id}/partners/{organisation}" => {
            return format!("/api/v1/programmes/{}/partners/{}", w.programme, w.fk);
        }
        "/ideer/{id}/foretag" => return format!("/ideer/{}/foretag", w.registered_idea),
        "/handbok-redaktion/{id}/starta" => {
            return format!("/handbok-redaktion/{}/starta", w.unstarted);
        }
        // A dry run: it reports without writing, so the row leaves the world as it was.
        "/api/v1/imports/persons"
        | "/api/v1/imports/income-months"
        | "/api/v1/imports/enterprises" => {
            return format!("{template}?programme_id={}&dry_run=true", w.programme);
        }
        _ => {}
    }
    let id = if template.contains("/api-nycklar/") {
        caller.spare_token
    } else if template.contains("/anvandare/") || template.contains("/users/") {
        w.bystander
    } else if template.contains("/program/") || template.contains("/programmes/") {
        w.programme
    } else if template.contains("/grupper/") || template.contains("/groups/") {
        w.group
    } else if template.contains("/moten/") || template.contains("/meetings/") {
        w.meeting
    } else if template.contains("/atgarder/") {
        caller.action
    } else if template.contains("/actions/") {
        caller.action_api
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
    } else if template.starts_with("/evenemang/") || template.contains("/events/") {
        w.event
    } else if template.starts_with("/natverk/") || template.contains("/network/organisations/") {
        w.network_organisation
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
    // Version 1 of the plan is the text the plan row saves; version 2, saved by the numbers
    // row, is the first with a forecast, which an export needs. A handbook's first edition is 1.
    let version = if template.starts_with("/ideer/") {
        "2"
    } else {
        "1"
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
        .replace("{scenario}", &w.scenario.to_string())
        .replace("{token}", &w.activation)
        .replace("{*path}", "style.css")
        .replace("{org}", "vvk")
        .replace("{n}", version)
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
        .replace("{contribution}", &w.contribution.to_string())
        .replace("{organisation}", &w.af.to_string())
        .replace("{file}", "slutrapport.pdf")
        .replace("{link}", &w.network_link.to_string())
        .replace("{contact}", &w.network_contact.to_string())
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
    let today = w.today.as_str();
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
            ("ends_on", "2030-09-30"),
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
    let programme_json = json!({"name": "P", "operator_id": w.kommun, "starts_on": "2011-09-09", "ends_on": "2030-09-30", "focus": "both"});
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
        ("POST", "/konto/epost") => form(&[("email", "namn@example.invalid")]),
        ("POST", "/min-sida/paminnelser") => form(&[("reminders", "on")]),
        // The password the password row before has set.
        ("POST", "/konto/tvastegsverifiering/stang-av") => {
            form(&[("code_or_password", "nytt lösenord 123")])
        }
        ("POST", "/personer/{id}/bjud-in") => form(&[("username", "matris.deltagare")]),
        ("POST", "/foretag/{id}/bjud-in") => form(&[("username", "matris.foretag")]),
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
        ("POST", "/organisationer/{id}/e-legitimation") => form(&[
            ("issuer_url", "https://id.example.invalid"),
            ("client_id", "stegvis"),
            ("client_secret", "matrisens-hemlighet"),
            ("claim_kind", "employee_id"),
            ("claim_name", "employee_id"),
        ]),
        // Blank removes the link, which needs no provider.
        ("POST", "/anvandare/{id}/e-legitimation") => form(&[("external_id", "")]),
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
        ("POST", "/program/{id}/budget-och-utfall") => form(&[
            ("organisation_id", fk),
            ("month", "2025-03"),
            ("hours_coordination", "5"),
        ]),
        ("POST", "/program/{id}/budget-och-utfall/timkostnad") => {
            form(&[("organisation_id", fk), ("year", "2025"), ("hourly", "450")])
        }
        ("POST", "/program/{id}/partner/{organisation}") => {
            form(&[("contributes", "Handläggare två dagar i veckan")])
        }
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
        ("POST", "/program/{id}/socioekonomi/parametrar") => {
            let set = stegvis_domain::socioeconomics::default_parameters(2025);
            let mut pairs: Vec<(String, String)> = vec![("year".into(), "2025".into())];
            for p in &set.parameters {
                let input = stegvis_domain::socioeconomics::ParameterInput::of(p);
                let code = p.key.code();
                pairs.extend([
                    (format!("value-{code}"), input.value),
                    (format!("low-{code}"), input.low),
                    (format!("high-{code}"), input.high),
                    (format!("source-{code}"), input.source),
                    (format!("dated-{code}"), input.dated),
                    (format!("note-{code}"), input.note),
                ]);
            }
            for a in &set.actors {
                pairs.push((format!("actor-{}", a.source.code()), a.actor.code().into()));
            }
            // The names are built from codes; leaking them in a test gives the static keys a
            // form body holds.
            Body::Form(
                pairs
                    .into_iter()
                    .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), v))
                    .collect(),
            )
        }
        ("POST", "/program/{id}/scenarier/ny" | "/program/{id}/scenarier/{scenario}/redigera") => {
            form(&[
                ("name", "Ansökan"),
                ("parameter_year", "2025"),
                ("investment-kommunen", "100 000"),
                ("case-1-name", "Försörjningsstöd till halvtidsjobb"),
                ("case-1-participants", "8"),
                ("case-1-source", "forsorjningsstod"),
                ("case-1-share_before", "100"),
                ("case-1-share_after", "0"),
                ("case-1-job_share", "50"),
                ("case-1-months_to_outcome", "12"),
            ])
        }
        ("POST", "/program/{id}/uppfoljning") => form(&[("follow_up_months", "6")]),
        ("POST", "/gallring/regel") => form(&[
            ("years_after_exit", "5"),
            ("decision_reference", "KS 2026/12"),
            ("decided_on", "2026-01-15"),
        ]),
        ("POST", "/program/{id}/rapporter") => form(&[("dokument", "slutrapport")]),
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
        ("POST", "/program/{id}/evenemang" | "/evenemang/{id}") => form(&[
            ("kind", "information-meeting"),
            ("title", "Informationsmöte"),
            ("held_on", today),
            ("place", "Biblioteket"),
            ("organiser", "Programmet"),
            ("audience", "Alla"),
            ("hours", "2"),
            ("women", "12"),
            ("men", "9"),
            ("unknown", "2"),
        ]),
        ("POST", "/evenemang/{id}/narvaro") => {
            form(&[("present", w.main.episode.to_string().as_str())])
        }
        ("POST", "/program/{id}/natverk" | "/natverk/{id}") => form(&[
            ("name", "Coompanion"),
            ("kind", "cooperative-advice"),
            ("role", "Rådgivning"),
        ]),
        ("POST", "/natverk/{id}/kopplingar") => form(&[
            ("target", format!("idea:{}", w.idea).as_str()),
            ("role", "Kund"),
        ]),
        ("POST", "/natverk/{id}/kontakter") => form(&[("name", "Bo Berg"), ("role", "Rådgivare")]),
        ("POST", "/natverk/{id}/logg") => form(&[("contacted_on", today), ("what", "Möte")]),
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
        ("POST", "/program/{id}/mal/{target}/varden") => {
            form(&[("value", "3"), ("recorded_on", today), ("comment", "")])
        }
        ("POST", "/program/{id}/grupper") => {
            form(&[("kind", "working"), ("name", "Arbetsgruppen")])
        }
        ("POST", "/grupper/{id}/medlemmar") => form(&[
            ("user_id", w.candidate.to_string().as_str()),
            ("role", "ledamot"),
        ]),
        ("POST", "/grupper/{id}/moten") | ("POST", "/moten/{id}") => form(&[
            ("held_on", today),
            ("place", "Stadshuset"),
            ("agenda", "Mål"),
            ("minutes", ""),
        ]),
        ("POST", "/moten/{id}/beslut") => form(&[("body", "Budgeten fastställs.")]),
        ("POST", "/moten/{id}/atgarder") => form(&[
            ("body", "Ring Almi"),
            ("owner_user_id", w.member_user.to_string().as_str()),
            ("due_on", today),
        ]),
        ("POST", "/atgarder/{id}/status") => form(&[
            ("status", "done"),
            ("meeting", w.meeting.to_string().as_str()),
        ]),
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
        ("POST", "/program/{id}/import") => Body::File(
            "deltagare.csv",
            "personnummer;förnamn;efternamn;remissdatum\r\n19800101-9804;Anna;Testsson;2025-01-15\r\n"
                .as_bytes()
                .to_vec(),
        ),
        ("POST", "/program/{id}/import/kolumner") => Body::Form(
            ["personnummer", "förnamn", "efternamn", "remissdatum"]
                .into_iter()
                .map(|h| ("kolumn", h.to_string()))
                .chain([("atgard", "provkor".to_string())])
                .collect(),
        ),
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
            ("POST", "/api/v1/programmes/{id}/contributions") => Body::Json(
                json!({"organisation_id": w.fk, "month": "2025-02", "hours": {"outreach": "3"}}),
            ),
            ("PUT", "/api/v1/programmes/{id}/contributions/{contribution}") => Body::Json(
                json!({"organisation_id": w.fk, "month": "2025-01", "hours": {"steering": "4"}}),
            ),
            ("PUT", "/api/v1/programmes/{id}/rates") => {
                Body::Json(json!({"organisation_id": w.fk, "year": 2025, "hourly": "450.00"}))
            }
            ("PUT", "/api/v1/programmes/{id}/financing-plan") => {
                Body::Json(json!({"organisation_id": w.fk, "year": 2025, "amount": "500000.00"}))
            }
            ("PUT", "/api/v1/programmes/{id}/partners/{organisation}") => {
                Body::Json(json!({"contributes": "Handläggare", "may_refer": []}))
            }
            ("POST", "/api/v1/programmes/{id}/activities") => Body::Json(
                json!({"kind": "course", "title": "Kurs", "held_on": today, "hours": 2.0}),
            ),
            ("POST", "/api/v1/activities/{id}/attendance") => {
                Body::Json(json!({"present": [w.main.episode]}))
            }
            ("POST", "/api/v1/imports/persons") => Body::Csv(
                "personnummer,förnamn,efternamn,remissdatum\r\n19800101-9804,Anna,Testsson,2025-01-15\r\n",
            ),
            ("POST", "/api/v1/imports/income-months") => Body::Csv(
                "personnummer,månad,inkomstslag,andel\r\n19800101-9804,2025-01,a-kassa,100\r\n",
            ),
            ("POST", "/api/v1/imports/enterprises") => Body::Csv(
                "organisationsnummer,namn,juridisk_form,registreringsdatum\r\n769999-0029,Importcaféet,ekonomisk-forening,2020-01-15\r\n",
            ),
            ("POST", "/api/v1/programmes/{id}/events") | ("PUT", "/api/v1/events/{id}") => {
                Body::Json(
                    json!({"kind": "study-visit", "title": "Studiebesök", "held_on": today,
                    "place": "Kalmar", "organiser": "Programmet", "audience": "Alla", "hours": 3.0,
                    "women": 4, "men": 2, "professionals": [{"organisation": "Almi", "count": 1}]}),
                )
            }
            ("POST", "/api/v1/programmes/{id}/network/organisations") => {
                Body::Json(json!({"name": "Sparbanken", "kind": "bank", "role": "Företagskonton"}))
            }
            ("POST", "/api/v1/network/organisations/{id}/contacts") => {
                Body::Json(json!({"name": "Eva Ek", "email": "eva@example.se"}))
            }
            ("POST", "/api/v1/network/organisations/{id}/log") => {
                Body::Json(json!({"contacted_on": today, "what": "Telefonsamtal"}))
            }
            ("POST", "/api/v1/programmes/{id}/groups") => {
                Body::Json(json!({"kind": "working", "name": "Arbetsgruppen"}))
            }
            ("POST", "/api/v1/groups/{id}/members") => {
                Body::Json(json!({"user_id": w.candidate_api, "role": "ledamot"}))
            }
            ("POST", "/api/v1/groups/{id}/meetings") => {
                Body::Json(json!({"held_on": today, "agenda": "Mål\nBudget"}))
            }
            ("POST", "/api/v1/meetings/{id}/decisions") => {
                Body::Json(json!({"body": "Budgeten fastställs."}))
            }
            ("POST", "/api/v1/meetings/{id}/actions") => {
                Body::Json(json!({"body": "Ring Almi", "owner_user_id": w.member_user}))
            }
            ("PUT", "/api/v1/actions/{id}") => Body::Json(json!({"status": "done"})),
            ("POST", "/api/v1/programmes/{id}/targets/{target}/readings") => {
                Body::Json(json!({"value": 3, "recorded_on": today}))
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
        // A page that ends, withdraws, deletes or anonymises asks first; the matrix confirms.
        Body::None => client.post_form(path, &[("bekraftat", "1")]).await,
        Body::Json(value) => client.send(builder.json(&value)).await,
        Body::Form(fields) => {
            let mut borrowed: Vec<(&str, &str)> =
                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            borrowed.push(("bekraftat", "1"));
            client.post_form(path, &borrowed).await
        }
        Body::File(name, bytes) => client.post_file(path, "file", name, bytes).await,
        Body::Csv(text) => {
            client
                .send(builder.header("content-type", "text/csv").body(text))
                .await
        }
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

/// The code an authenticator app shows now for the secret the client's enrolment started.
async fn current_code(app: &TestApp, client: &Client) -> String {
    let page = client.get("/konto/tvastegsverifiering").await;
    let start = page.body.find("id=\"totp-secret\"").expect("a secret");
    let rest = &page.body[start..];
    let value = rest.find("value=\"").expect("its value") + "value=\"".len();
    let secret = rest[value..].split('"').next().unwrap_or_default();
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    );
    let now = app.app.now().datetime().unix_timestamp();
    totp.generate(u64::try_from(now).unwrap())
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
    let (action, action_api) = if matches!(role, "steering" | "case-officer") {
        let id = app
            .scalar(&format!(
                "SELECT id FROM users WHERE username = '{username}'"
            ))
            .await;
        crate::matrix_world::join_group(&app, &w, id).await
    } else {
        (w.action, w.action_api)
    };
    let caller = Caller {
        username: if role == "anonymous" {
            "bystander"
        } else {
            &username
        },
        spare_token,
        action,
        action_api,
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
            "/konto/tvastegsverifiering/bekrafta" if role != "anonymous" => {
                let code = current_code(&app, &client).await;
                call(&client, None, method, &path, form(&[("code", &code)])).await
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
        // The roles run side by side, four at a time, each on its own server: rendering the
        // handbook PDF dominates a role's run and takes a core, and four servers stay well
        // inside PostgreSQL's connection limit.
        let columns: Vec<(usize, &'static str)> = std::iter::once("anonymous")
            .chain(ROLES)
            .enumerate()
            .collect();
        let mut failures = Vec::new();
        for wave in columns.chunks(4) {
            let runs: Vec<_> = wave
                .iter()
                .map(|&(column, role)| tokio::spawn(run_role(app.engine, column, role)))
                .collect();
            for run in runs {
                failures.extend(run.await.unwrap());
            }
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
