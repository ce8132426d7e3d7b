//! The JSON API for people, episodes, consents, income, plans and activities.
//!
//! Only Skatteverket's test numbers (serial 980–999) are used.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{Client, Page, TestApp, on_both_engines};

/// An operator with one programme, and a partner organisation taking part in it.
struct Setup {
    operator: i64,
    programme: i64,
    partner: i64,
    coordinator: String,
}

async fn programme(app: &TestApp, operator: i64, name: &str) -> i64 {
    stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: name.into(),
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

async fn setup(app: &TestApp) -> Setup {
    let kommun = app.organisation("VVK", "kommun").await;
    let partner = app.organisation("FK", "forsakringskassan").await;
    let programme = programme(app, kommun, "Sociala företag").await;
    stegvis_app::programmes::set_partners(&app.app, &Actor::system("test"), programme, &[partner])
        .await
        .unwrap();
    let coordinator = app.token("sam", "coordinator", Some(kommun)).await;
    Setup {
        operator: kommun,
        programme,
        partner,
        coordinator,
    }
}

/// Today by the system clock, which is what a fresh [`TestApp`]'s clock reads; these tests never
/// move it.
fn today() -> String {
    stegvis_domain::timestamp::format_date(stegvis_app::Clock::system().today())
}

async fn post(client: &Client, token: &str, path: &str, body: Value) -> Page {
    client.api(Method::POST, path, token, Some(body)).await
}

async fn get(client: &Client, token: &str, path: &str) -> Page {
    client.api(Method::GET, path, token, None).await
}

/// Registers Anna Andersson (a test number) and returns the response body.
async fn register(client: &Client, token: &str, programme: i64) -> Value {
    let page = post(
        client,
        token,
        "/api/v1/persons",
        json!({"personnummer": "19800101-9804", "given_name": "Anna", "family_name": "Andersson", "programme_id": programme}),
    )
    .await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    page.json()
}

/// Records consent to participate: the intake.
async fn intake(client: &Client, token: &str, episode: i64) {
    let page = post(
        client,
        token,
        &format!("/api/v1/episodes/{episode}/consents"),
        json!({"scope": "participation", "given_on": today(), "form": "paper", "informed": true}),
    )
    .await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
}

fn status_of(person: &Value) -> &str {
    person["episodes"][0]["status"].as_str().unwrap()
}

on_both_engines!(
    registering_a_person_answers_201_with_the_birth_date_and_sex_from_the_number,
    |app| {
        let s = setup(app).await;
        let body = register(&app.client(), &s.coordinator, s.programme).await;
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 1);
        let episode = app.scalar("SELECT id FROM episodes").await;
        assert_eq!(body["episode_id"], episode);
        assert_eq!(
            body["id"],
            app.scalar(&format!(
                "SELECT person_id FROM episodes WHERE id = {episode}"
            ))
            .await
        );
        assert_eq!(body["birth_date"], "1980-01-01");
        assert_eq!(body["birth_year"], 1980);
        assert_eq!(body["sex"], "female");
        assert_eq!(body["personnummer_masked"], "19800101-****");
        assert_eq!(body["given_name"], "Anna");
        assert_eq!(body["family_name"], "Andersson");
        assert_eq!(body["existing_person"], false);
        assert_eq!(body["episodes"][0]["id"], body["episode_id"]);
        assert_eq!(status_of(&body), "referred");
        assert_eq!(body["episodes"][0]["referred_on"], today());
    }
);

on_both_engines!(
    a_wrong_check_digit_is_a_422_problem_whose_detail_names_the_expected_digit,
    |app| {
        let s = setup(app).await;
        let page = post(
            &app.client(),
            &s.coordinator,
            "/api/v1/persons",
            json!({"personnummer": "19800101-9805", "given_name": "Anna", "family_name": "Andersson", "programme_id": s.programme}),
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.header("content-type"), "application/problem+json");
        let body = page.json();
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("den sista siffran borde vara 4"),
            "{body}"
        );
        assert_eq!(body["errors"][0]["field"], "personnummer");
        assert_eq!(
            body["errors"][0]["code"],
            "personnummer-error-wrong-check-digit"
        );
    }
);

on_both_engines!(a_number_of_the_wrong_length_is_a_422_problem, |app| {
    let s = setup(app).await;
    let page = post(
        &app.client(),
        &s.coordinator,
        "/api/v1/persons",
        json!({"personnummer": "19800101-980", "given_name": "Anna", "family_name": "Andersson", "programme_id": s.programme}),
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = page.json();
    assert_eq!(body["errors"][0]["code"], "personnummer-error-wrong-length");
    assert!(
        body["detail"].as_str().unwrap().contains("11 siffror"),
        "{body}"
    );
});

on_both_engines!(
    a_referral_without_programme_id_goes_to_the_only_programme_and_is_refused_when_there_are_several,
    |app| {
        let s = setup(app).await;
        let client = app.client();
        let body = json!({"personnummer": "19900202-9818", "given_name": "Bo", "family_name": "Berg"});
        let page = post(&client, &s.coordinator, "/api/v1/persons", body.clone()).await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
        assert_eq!(page.json()["episodes"][0]["programme_id"], s.programme);
        programme(app, s.operator, "Ett till program").await;
        let other = json!({"personnummer": "19851115-9819", "given_name": "Cia", "family_name": "Ek"});
        let page = post(&client, &s.coordinator, "/api/v1/persons", other).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.json()["errors"][0]["field"], "programme_id");
    }
);

on_both_engines!(
    a_case_officer_of_another_organisation_gets_404_for_the_person_as_for_a_missing_one,
    |app| {
        let s = setup(app).await;
        let other = app.organisation("AF", "arbetsformedlingen").await;
        let referrer = app.token("hanna", "case-officer", Some(s.partner)).await;
        let outsider = app.token("olle", "case-officer", Some(other)).await;
        let client = app.client();
        let page = post(
            &client,
            &referrer,
            "/api/v1/persons",
            json!({"personnummer": "19720630-9812", "given_name": "Dan", "family_name": "Dahl"}),
        )
        .await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
        let id = page.json()["id"].as_i64().unwrap();
        let own = get(&client, &referrer, &format!("/api/v1/persons/{id}")).await;
        assert_eq!(own.status, StatusCode::OK);
        let foreign = get(&client, &outsider, &format!("/api/v1/persons/{id}")).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        assert_eq!(foreign.header("content-type"), "application/problem+json");
        let missing = get(&client, &outsider, "/api/v1/persons/999999").await;
        assert_eq!(foreign.body, missing.body);
        let list = get(&client, &outsider, "/api/v1/persons").await;
        assert_eq!(list.json()["total"], 0);
    }
);

on_both_engines!(
    a_participant_goes_from_referral_through_intake_and_baseline_to_exit_over_the_api,
    |app| {
        let s = setup(app).await;
        let client = app.client();
        let token = &s.coordinator;
        let person = register(&client, token, s.programme).await;
        let id = person["id"].as_i64().unwrap();
        let episode = person["episode_id"].as_i64().unwrap();
        let show = format!("/api/v1/persons/{id}");

        intake(&client, token, episode).await;
        let page = post(
            &client,
            token,
            &format!("/api/v1/episodes/{episode}/consents"),
            json!({"scope": "follow-up", "given_on": today(), "form": "digital", "informed": true}),
        )
        .await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
        assert_eq!(
            status_of(&get(&client, token, &show).await.json()),
            "intake"
        );

        let page = post(&client, token, &format!("/api/v1/episodes/{episode}/baseline"), json!({"education": "gymnasial", "occupation": "ingen", "occupation_percent": 0, "time_outside": "2-5-ar", "time_on_support": "1-2-ar"})).await;
        assert_eq!(page.status, StatusCode::NO_CONTENT, "{}", page.body);

        let goal = post(
            &client,
            token,
            &format!("/api/v1/episodes/{episode}/goals"),
            json!({"title": "Arbete på halvtid"}),
        )
        .await;
        assert_eq!(goal.status, StatusCode::CREATED, "{}", goal.body);
        let goal = goal.json()["id"].as_i64().unwrap();
        let step = post(
            &client,
            token,
            &format!("/api/v1/goals/{goal}/steps"),
            json!({"description": "Praktik", "owner": "together"}),
        )
        .await;
        assert_eq!(step.status, StatusCode::CREATED, "{}", step.body);
        let note = post(
            &client,
            token,
            &format!("/api/v1/episodes/{episode}/notes"),
            json!({"body": "Första mötet."}),
        )
        .await;
        assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
        let meeting = post(
            &client,
            token,
            &format!("/api/v1/episodes/{episode}/appointments"),
            json!({"date": today(), "time": "09:30", "title": "Uppföljning"}),
        )
        .await;
        assert_eq!(meeting.status, StatusCode::CREATED, "{}", meeting.body);

        let activity = post(&client, token, &format!("/api/v1/programmes/{}/activities", s.programme), json!({"kind": "course", "title": "Kurs i bokföring", "held_on": today(), "hours": 1.5})).await;
        assert_eq!(activity.status, StatusCode::CREATED, "{}", activity.body);
        let activity = activity.json()["id"].as_i64().unwrap();
        let listed = get(
            &client,
            token,
            &format!("/api/v1/programmes/{}/activities", s.programme),
        )
        .await;
        assert_eq!(listed.json()[0]["minutes"], 90);
        let attended = post(
            &client,
            token,
            &format!("/api/v1/activities/{activity}/attendance"),
            json!({"present": [episode]}),
        )
        .await;
        assert_eq!(attended.status, StatusCode::NO_CONTENT, "{}", attended.body);
        let stranger = post(
            &client,
            token,
            &format!("/api/v1/activities/{activity}/attendance"),
            json!({"present": [episode + 1000]}),
        )
        .await;
        assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);

        let active = get(&client, token, &show).await.json();
        let e = &active["episodes"][0];
        assert_eq!(e["status"], "active");
        assert_eq!(e["details_visible"], true);
        assert_eq!(e["baseline"]["time_outside"], "2-5-ar");
        assert_eq!(e["goals"][0]["steps"][0]["owner"], "together");
        assert_eq!(e["notes"][0]["body"], "Första mötet.");
        assert_eq!(e["appointments"][0]["title"], "Uppföljning");
        assert_eq!(e["attendance"][0]["minutes"], 90);

        let page = post(&client, token, &format!("/api/v1/episodes/{episode}/exit"), json!({"exit_on": today(), "reason": "completed", "education": "gymnasial", "occupation": "arbete", "occupation_percent": 50})).await;
        assert_eq!(page.status, StatusCode::NO_CONTENT, "{}", page.body);
        let exited = get(&client, token, &show).await.json();
        let e = &exited["episodes"][0];
        assert_eq!(e["status"], "exited");
        assert_eq!(e["exit_reason"], "completed");
        assert_eq!(e["exit_data"]["occupation_percent"], 50);
        let follow_ups = e["follow_ups"].as_array().unwrap();
        assert_eq!(follow_ups.len(), 3);
        let follow_up = follow_ups[0]["id"].as_i64().unwrap();
        // The first follow-up is due three months after exit and may be recorded from two weeks
        // before that day.
        app.advance_clock(time::Duration::days(80));
        let done_on = stegvis_domain::timestamp::format_date(app.today());
        let page = post(&client, token, &format!("/api/v1/follow-ups/{follow_up}"), json!({"done_on": done_on, "reached": true, "occupation": "arbete", "occupation_percent": 75})).await;
        assert_eq!(page.status, StatusCode::NO_CONTENT, "{}", page.body);
        let again = post(
            &client,
            token,
            &format!("/api/v1/episodes/{episode}/exit"),
            json!({"exit_on": today(), "reason": "other"}),
        )
        .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = get(&client, token, &show).await.json();
        assert_eq!(
            done["episodes"][0]["follow_ups"][0]["occupation_percent"],
            75
        );
    }
);

on_both_engines!(withdrawing_consent_to_participate_ends_the_episode, |app| {
    let s = setup(app).await;
    let client = app.client();
    let token = &s.coordinator;
    let person = register(&client, token, s.programme).await;
    let episode = person["episode_id"].as_i64().unwrap();
    intake(&client, token, episode).await;
    let show = format!("/api/v1/persons/{}", person["id"]);
    let consent = get(&client, token, &show).await.json()["episodes"][0]["consents"][0]["id"]
        .as_i64()
        .unwrap();
    let page = post(
        &client,
        token,
        &format!("/api/v1/consents/{consent}/withdrawal"),
        json!({"withdrawn_on": today()}),
    )
    .await;
    assert_eq!(page.status, StatusCode::NO_CONTENT, "{}", page.body);
    let after = get(&client, token, &show).await.json();
    assert_eq!(after["episodes"][0]["exit_reason"], "consent-withdrawn");
    assert_eq!(after["episodes"][0]["details_visible"], false);
});

on_both_engines!(
    an_income_range_that_takes_a_month_over_full_time_is_a_422,
    |app| {
        let s = setup(app).await;
        let client = app.client();
        let token = &s.coordinator;
        let person = register(&client, token, s.programme).await;
        let id = person["id"].as_i64().unwrap();
        let income = format!("/api/v1/persons/{id}/income");
        let early = post(
            &client,
            token,
            &income,
            json!({"from": "2024-01", "to": "2024-06", "source": "lon", "share_percent": 60}),
        )
        .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            early.json()["errors"][0]["code"],
            "income-error-needs-consent"
        );
        intake(&client, token, person["episode_id"].as_i64().unwrap()).await;
        let wage = post(&client, token, &income, json!({"from": "2024-01", "to": "2024-06", "source": "lon", "share_percent": 60, "amount": "12000"})).await;
        assert_eq!(wage.status, StatusCode::NO_CONTENT, "{}", wage.body);
        let over = post(
            &client,
            token,
            &income,
            json!({"from": "2024-03", "source": "a-kassa", "share_percent": 50}),
        )
        .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(over.header("content-type"), "application/problem+json");
        let body = over.json();
        assert_eq!(body["errors"][0]["field"], "share_percent");
        assert_eq!(
            body["errors"][0]["code"],
            "income-error-month-over-full-time"
        );
        let too_much = post(
            &client,
            token,
            &income,
            json!({"from": "2024-07", "source": "lon", "share_percent": 150}),
        )
        .await;
        assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
        let months = get(&client, token, &income).await;
        assert_eq!(months.status, StatusCode::OK);
        let months = months.json();
        assert_eq!(months.as_array().unwrap().len(), 6);
        assert_eq!(months[0]["share_percent"], 60);
        assert_eq!(months[0]["amount"], "12000.00");
    }
);

on_both_engines!(
    no_response_about_a_person_contains_the_full_personnummer,
    |app| {
        let s = setup(app).await;
        let client = app.client();
        let token = &s.coordinator;
        let created = post(
            &client,
            token,
            "/api/v1/persons",
            json!({"personnummer": "198001019804", "given_name": "Anna", "family_name": "Andersson", "programme_id": s.programme}),
        )
        .await;
        let id = created.json()["id"].as_i64().unwrap();
        let shown = get(&client, token, &format!("/api/v1/persons/{id}")).await;
        let listed = get(&client, token, "/api/v1/persons?q=19800101-9804").await;
        assert_eq!(listed.json()["total"], 1);
        for page in [&created, &shown, &listed] {
            assert!(!page.body.contains("198001019804"), "{}", page.body);
            assert!(!page.body.contains("8001019804"), "{}", page.body);
        }
        assert_eq!(shown.json()["personnummer_masked"], "19800101-****");
    }
);
