//! Scope is part of every query that reads personal data: a record of another organisation,
//! requested by its id, answers exactly like one that does not exist (404), through the pages
//! and the API alike, for every kind of record hanging off a person.
//!
//! Only Skatteverket's test numbers (serial 980–999) are used.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{Client, TestApp, on_both_engines};

async fn programme(app: &TestApp, operator: i64) -> i64 {
    stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: "Sociala företag".into(),
            operator_id: operator.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2030-09-30".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap()
}

fn today() -> String {
    stegvis_domain::timestamp::format_date(stegvis_app::Clock::system().today())
}

async fn post(client: &Client, token: &str, path: &str, body: Value) -> Value {
    let page = client.api(Method::POST, path, token, Some(body)).await;
    assert!(
        page.status.is_success(),
        "{path}: {} {}",
        page.status,
        page.body
    );
    if page.body.is_empty() {
        Value::Null
    } else {
        page.json()
    }
}

/// The ids of one person's records at an operator: the person, an exited episode with
/// consents, plan, note, appointment and follow-ups, and an income timeline.
struct Records {
    person: i64,
    episode: i64,
    consent: i64,
    goal: i64,
    step: i64,
    follow_up: i64,
}

async fn records(client: &Client, token: &str, programme: i64, number: &str) -> Records {
    let person = post(
        client,
        token,
        "/api/v1/persons",
        json!({"personnummer": number, "given_name": "Anna", "family_name": "Andersson", "programme_id": programme}),
    )
    .await;
    let id = person["id"].as_i64().unwrap();
    let episode = person["episode_id"].as_i64().unwrap();
    for scope in ["participation", "follow-up", "questionnaires"] {
        post(
            client,
            token,
            &format!("/api/v1/episodes/{episode}/consents"),
            json!({"scope": scope, "given_on": today(), "form": "digital", "informed": true}),
        )
        .await;
    }
    post(client, token, &format!("/api/v1/episodes/{episode}/baseline"), json!({"education": "gymnasial", "occupation": "ingen", "occupation_percent": 0, "time_outside": "2-5-ar", "time_on_support": "1-2-ar"})).await;
    let goal = post(
        client,
        token,
        &format!("/api/v1/episodes/{episode}/goals"),
        json!({"title": "Arbete på halvtid"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let step = post(
        client,
        token,
        &format!("/api/v1/goals/{goal}/steps"),
        json!({"description": "Praktik", "owner": "together"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    post(
        client,
        token,
        &format!("/api/v1/episodes/{episode}/notes"),
        json!({"body": "Första mötet."}),
    )
    .await;
    post(
        client,
        token,
        &format!("/api/v1/persons/{id}/income"),
        json!({"from": "2024-01", "to": "2024-06", "source": "lon", "share_percent": 60, "amount": "12000"}),
    )
    .await;
    post(client, token, &format!("/api/v1/episodes/{episode}/exit"), json!({"exit_on": today(), "reason": "completed", "education": "gymnasial", "occupation": "arbete", "occupation_percent": 50})).await;
    let shown = client
        .api(Method::GET, &format!("/api/v1/persons/{id}"), token, None)
        .await
        .json();
    let e = &shown["episodes"][0];
    Records {
        person: id,
        episode,
        consent: e["consents"][0]["id"].as_i64().unwrap(),
        goal,
        step,
        follow_up: e["follow_ups"][0]["id"].as_i64().unwrap(),
    }
}

/// Two operators, each with a programme and one person's full record, and a partner that
/// takes part in neither person's episode.
struct World {
    ours_org: i64,
    ours: Records,
    theirs: Records,
    coordinator: String,
}

async fn world(app: &TestApp) -> World {
    let ours = app.organisation("VVK", "kommun").await;
    let theirs = app.organisation("Annan", "kommun").await;
    let ours_programme = programme(app, ours).await;
    let theirs_programme = programme(app, theirs).await;
    let client = app.client();
    let coordinator = app.token("sam", "coordinator", Some(ours)).await;
    let other = app.token("olle", "coordinator", Some(theirs)).await;
    World {
        ours_org: ours,
        ours: records(&client, &coordinator, ours_programme, "19800101-9804").await,
        theirs: records(&client, &other, theirs_programme, "19800202-9810").await,
        coordinator,
    }
}

/// What a request by id answers, through the API.
async fn api_status(
    client: &Client,
    token: &str,
    method: Method,
    path: &str,
    body: Value,
) -> StatusCode {
    let body = (method != Method::GET).then_some(body);
    client.api(method, path, token, body).await.status
}

on_both_engines!(
    a_coordinator_gets_not_found_for_every_record_of_another_operator_by_id_over_the_api,
    |app| {
        let w = world(app).await;
        let client = app.client();
        let t = &w.theirs;
        let requests: Vec<(Method, String, Value)> = vec![
            (
                Method::GET,
                format!("/api/v1/persons/{}", t.person),
                Value::Null,
            ),
            (
                Method::GET,
                format!("/api/v1/persons/{}/income", t.person),
                Value::Null,
            ),
            (
                Method::POST,
                format!("/api/v1/persons/{}/income", t.person),
                json!({"from": "2024-07", "to": "2024-08", "source": "lon", "share_percent": 10, "amount": "12000"}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/consents", t.episode),
                json!({"scope": "participation", "given_on": today(), "form": "digital", "informed": true}),
            ),
            (
                Method::POST,
                format!("/api/v1/consents/{}/withdrawal", t.consent),
                json!({"withdrawn_on": today()}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/baseline", t.episode),
                json!({"education": "gymnasial", "occupation": "ingen", "occupation_percent": 0, "time_outside": "2-5-ar", "time_on_support": "1-2-ar"}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/exit", t.episode),
                json!({"exit_on": today(), "reason": "other"}),
            ),
            (
                Method::POST,
                format!("/api/v1/follow-ups/{}", t.follow_up),
                json!({"done_on": today(), "reached": false}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/goals", t.episode),
                json!({"title": "Främmande mål"}),
            ),
            (
                Method::POST,
                format!("/api/v1/goals/{}/steps", t.goal),
                json!({"description": "Främmande steg", "owner": "together"}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/notes", t.episode),
                json!({"body": "Främmande anteckning."}),
            ),
            (
                Method::POST,
                format!("/api/v1/episodes/{}/appointments", t.episode),
                json!({"date": today(), "time": "09:30", "title": "Främmande möte"}),
            ),
            (
                Method::GET,
                format!("/api/v1/episodes/{}/responses", t.episode),
                Value::Null,
            ),
        ];
        let mut answers = Vec::new();
        for (method, path, body) in &requests {
            answers.push((
                path.clone(),
                api_status(&client, &w.coordinator, method.clone(), path, body.clone()).await,
            ));
        }
        let expected: Vec<(String, StatusCode)> = requests
            .iter()
            .map(|(_, path, _)| (path.clone(), StatusCode::NOT_FOUND))
            .collect();
        assert_eq!(answers, expected);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM notes WHERE body LIKE 'Främmande%'")
                .await
                + app
                    .scalar("SELECT COUNT(*) FROM appointments WHERE title LIKE 'Främmande%'")
                    .await
                + app
                    .scalar("SELECT COUNT(*) FROM plan_goals WHERE title LIKE 'Främmande%'")
                    .await
                + app
                    .scalar("SELECT COUNT(*) FROM plan_steps WHERE description LIKE 'Främmande%'")
                    .await,
            0,
            "nothing was written to the other operator's records"
        );
        let own = api_status(
            &client,
            &w.coordinator,
            Method::GET,
            &format!("/api/v1/persons/{}", w.ours.person),
            Value::Null,
        )
        .await;
        assert_eq!(own, StatusCode::OK);
    }
);

on_both_engines!(
    a_coordinator_gets_not_found_for_every_record_of_another_operator_by_id_through_the_pages,
    |app| {
        let w = world(app).await;
        let c = app.logged_in("lisa", "coordinator", Some(w.ours_org)).await;
        let t = &w.theirs;
        // The person in the path is the coordinator's own; only the record's id is foreign.
        let own = format!("/personer/{}", w.ours.person);
        let posts: Vec<(String, Vec<(&str, String)>)> = vec![
            (
                format!("{own}/samtycken/{}/aterkalla", t.consent),
                vec![("withdrawn_on", today()), ("bekraftat", "1".into())],
            ),
            (
                format!("{own}/uppfoljningar/{}", t.follow_up),
                vec![("done_on", today())],
            ),
            (
                format!("{own}/mal/{}/steg", t.goal),
                vec![
                    ("description", "Främmande steg".into()),
                    ("owner", "together".into()),
                    ("due_on", String::new()),
                ],
            ),
            (
                format!("{own}/mal/{}/uppnatt", t.goal),
                vec![("achieved", "on".into())],
            ),
            (
                format!("{own}/steg/{}/klar", t.step),
                vec![("done", "on".into())],
            ),
            (
                format!("{own}/perioder/{}/mal", t.episode),
                vec![("title", "Främmande mål".into())],
            ),
            (
                format!("{own}/perioder/{}/anteckningar", t.episode),
                vec![("body", "Främmande anteckning.".into())],
            ),
            (
                format!("{own}/perioder/{}/moten", t.episode),
                vec![
                    ("date", today()),
                    ("time", "09:30".into()),
                    ("title", "Främmande möte".into()),
                    ("place", String::new()),
                ],
            ),
            (
                format!("/personer/{}/inkomst", t.person),
                vec![
                    ("from", "2024-07".into()),
                    ("to", "2024-08".into()),
                    ("source", "lon".into()),
                    ("share_percent", "10".into()),
                    ("amount", "12000".into()),
                ],
            ),
            (format!("/personer/{}/personnummer", t.person), vec![]),
        ];
        let mut answers = Vec::new();
        for (path, fields) in &posts {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            answers.push((path.clone(), c.post_form(path, &fields).await.status));
        }
        for path in [
            format!("/personer/{}", t.person),
            format!("{own}/perioder/{}/enkater", t.episode),
        ] {
            answers.push((path.clone(), c.get(&path).await.status));
        }
        let expected: Vec<(String, StatusCode)> = answers
            .iter()
            .map(|(path, _)| (path.clone(), StatusCode::NOT_FOUND))
            .collect();
        assert_eq!(answers, expected);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM plan_steps WHERE description LIKE 'Främmande%'")
                .await
                + app
                    .scalar("SELECT COUNT(*) FROM notes WHERE body LIKE 'Främmande%'")
                    .await
                + app
                    .scalar("SELECT COUNT(*) FROM plan_goals WHERE title LIKE 'Främmande%'")
                    .await,
            0
        );
        assert_eq!(c.get(&own).await.status, StatusCode::OK);
    }
);

on_both_engines!(
    a_case_officer_of_an_uninvolved_partner_gets_not_found_for_every_record_it_may_otherwise_reach,
    |app| {
        let w = world(app).await;
        let partner = app.organisation("FK", "forsakringskassan").await;
        let token = app.token("fia", "case-officer", Some(partner)).await;
        let client = app.client();
        let o = &w.ours;
        let mut answers = vec![
            (
                "api person".to_string(),
                api_status(
                    &client,
                    &token,
                    Method::GET,
                    &format!("/api/v1/persons/{}", o.person),
                    Value::Null,
                )
                .await,
            ),
            (
                "api income".to_string(),
                api_status(
                    &client,
                    &token,
                    Method::GET,
                    &format!("/api/v1/persons/{}/income", o.person),
                    Value::Null,
                )
                .await,
            ),
            (
                "api note".to_string(),
                api_status(
                    &client,
                    &token,
                    Method::POST,
                    &format!("/api/v1/episodes/{}/notes", o.episode),
                    json!({"body": "Främmande anteckning."}),
                )
                .await,
            ),
            (
                "api appointment".to_string(),
                api_status(
                    &client,
                    &token,
                    Method::POST,
                    &format!("/api/v1/episodes/{}/appointments", o.episode),
                    json!({"date": today(), "time": "09:30", "title": "Främmande möte"}),
                )
                .await,
            ),
        ];
        let c = app.logged_in("frida", "case-officer", Some(partner)).await;
        let person = format!("/personer/{}", o.person);
        answers.push(("page person".into(), c.get(&person).await.status));
        answers.push((
            "page number".into(),
            c.post_form(&format!("{person}/personnummer"), &[])
                .await
                .status,
        ));
        answers.push((
            "page note".into(),
            c.post_form(
                &format!("{person}/perioder/{}/anteckningar", o.episode),
                &[("body", "Främmande anteckning.")],
            )
            .await
            .status,
        ));
        answers.push((
            "page appointment".into(),
            c.post_form(
                &format!("{person}/perioder/{}/moten", o.episode),
                &[
                    ("date", &today()),
                    ("time", "09:30"),
                    ("title", "Främmande möte"),
                    ("place", ""),
                ],
            )
            .await
            .status,
        ));
        let expected: Vec<(String, StatusCode)> = answers
            .iter()
            .map(|(what, _)| (what.clone(), StatusCode::NOT_FOUND))
            .collect();
        assert_eq!(answers, expected);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM notes WHERE body LIKE 'Främmande%'")
                .await
                + app
                    .scalar("SELECT COUNT(*) FROM appointments WHERE title LIKE 'Främmande%'")
                    .await,
            0
        );
    }
);
