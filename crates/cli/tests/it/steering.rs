//! Steering groups, meetings, action items, the meeting pack and target progress over real
//! HTTP, on both engines (issue 13 items 3, 4 and 7; decision 0028).

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_app::demo::DEMO_PASSWORD;
use stegvis_testkit::{Client, TestApp, on_both_engines};

use crate::socioeconomics::{download, pdf_text};

async fn texts(app: &TestApp, query: &str) -> Vec<String> {
    match &app.app.db {
        stegvis_storage::Db::Sqlite(sqlite) => {
            sqlx::query_scalar(query).fetch_all(&sqlite.writer).await
        }
        stegvis_storage::Db::Postgres(pool) => sqlx::query_scalar(query).fetch_all(pool).await,
    }
    .unwrap()
}

async fn demo_login(app: &TestApp, username: &str) -> Client {
    let client = app.client();
    client.login(username, DEMO_PASSWORD).await;
    client
}

/// The demo's steering group, whose pack the tests open.
async fn steering_group(app: &TestApp) -> i64 {
    app.scalar("SELECT MIN(id) FROM steering_groups WHERE kind = 'steering'")
        .await
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

on_both_engines!(
    the_steering_group_opens_the_meeting_pack_without_seeing_personal_data,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let group = steering_group(app).await;
        let steering = demo_login(app, "styrgrupp").await;

        let menu = steering.get("/start").await.expect(StatusCode::OK);
        assert!(menu.body.contains("href=\"/moten\""), "{}", menu.body);
        assert!(menu.body.contains("href=\"/mal\""));
        let overview = steering.get("/moten").await.expect(StatusCode::OK);
        assert!(overview.body.contains(&format!("/grupper/{group}")));

        let page = steering
            .get(&format!("/grupper/{group}/underlag"))
            .await
            .expect(StatusCode::OK);
        for heading in [
            "Underlag till mötet",
            "Mål och hur långt de har kommit",
            "Öppna åtgärder",
            "Beslut från förra mötet",
            "Sex affärsplaner skrivna",
            "Kontakta upphandlingsenheten om reserverade upphandlingar",
            "Samordnaren prioriterar stödet till de idéer som står närmast start.",
            "Underlaget visar bara sammanräknade siffror",
        ] {
            assert!(page.body.contains(heading), "{heading} missing");
        }
        let (status, kind, pdf) =
            download(&steering, &format!("/grupper/{group}/underlag.pdf")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind, "application/pdf");
        let text = pdf_text(&pdf);
        assert!(text.contains(&compact("Öppna åtgärder")), "{text}");
        assert!(text.contains(&compact("Sex affärsplaner skrivna")));

        let names = texts(
            app,
            "SELECT COALESCE(given_name, '') || ' ' || COALESCE(family_name, '') FROM persons",
        )
        .await;
        let numbers = texts(
            app,
            "SELECT personnummer FROM persons WHERE personnummer IS NOT NULL",
        )
        .await;
        assert!(
            names.len() > 20 && numbers.len() > 20,
            "the demo has participants"
        );
        for name in names.iter().filter(|n| n.trim().contains(' ')) {
            assert!(!page.body.contains(name.as_str()), "{name} in the pack");
            assert!(!text.contains(&compact(name)), "{name} in the PDF");
        }
        for number in &numbers {
            let short = format!("{}-{}", &number[2..8], &number[8..]);
            let long = format!("{}-{}", &number[..8], &number[8..]);
            for form in [number.as_str(), short.as_str(), long.as_str()] {
                assert!(!page.body.contains(form), "{form} in the pack");
                assert!(!text.contains(form), "{form} in the PDF");
            }
        }
        assert!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'steering.read-pack'")
                .await
                >= 2,
            "each opening is logged"
        );

        // Outside the group the pack does not exist.
        let evaluator = app.logged_in("utv-test", "evaluator", None).await;
        let refused = evaluator.get(&format!("/grupper/{group}/underlag")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let outsider = app.logged_in("styr-test", "steering", None).await;
        let hidden = outsider.get(&format!("/grupper/{group}/underlag")).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(every_target_shows_its_progress, |app| {
    stegvis_app::demo::load(&app.app).await.unwrap();
    let programme = app.scalar("SELECT MAX(id) FROM programmes").await;
    let coordinator = demo_login(app, "samordnare").await;
    let page = coordinator
        .get(&format!("/program/{programme}"))
        .await
        .expect(StatusCode::OK);
    let token = app
        .token(
            "api-s",
            "coordinator",
            Some(
                app.scalar("SELECT operator_id FROM programmes ORDER BY id LIMIT 1")
                    .await,
            ),
        )
        .await;
    let targets = coordinator
        .api(
            Method::GET,
            &format!("/api/v1/programmes/{programme}/targets"),
            &token,
            None,
        )
        .await
        .expect(StatusCode::OK)
        .json();
    let targets = targets.as_array().unwrap();
    assert_eq!(targets.len(), 7, "{targets:?}");
    for target in targets {
        let name = target["name"].as_str().unwrap();
        assert!(page.body.contains(name), "{name} on the programme page");
        let percent = target["percent"]
            .as_i64()
            .unwrap_or_else(|| panic!("{target}"));
        let current = target["current"].as_i64().unwrap();
        let text = format!(
            "{} av {} ({percent} %)",
            current,
            target["target_value"].as_i64().unwrap()
        );
        assert!(page.body.contains(&text), "{text} on the page");
    }
    let manual = targets.iter().find(|t| t["kind"] == "other").unwrap();
    assert_eq!(manual["source"], "recorded");
    assert_eq!(manual["current"], 14);
    assert_eq!(manual["history"].as_array().unwrap().len(), 3);
    let plans = targets
        .iter()
        .find(|t| t["kind"] == "business-plans")
        .unwrap();
    assert_eq!(plans["source"], "derived");
    let events = targets.iter().find(|t| t["kind"] == "events").unwrap();
    assert_eq!(events["source"], "derived");
    let held = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM outreach_events WHERE programme_id = {programme}"
        ))
        .await;
    assert!(held > 0, "the demo holds events");
    assert_eq!(
        events["current"], held,
        "counted from the registered events"
    );
    assert!(
        page.body
            .contains("<progress class=\"progress-item__bar\" max=\"100\"")
    );

    // The steering group's "Mål" page shows the same progress.
    let steering = demo_login(app, "styrgrupp").await;
    let overview = steering.get("/mal").await.expect(StatusCode::OK);
    assert!(
        overview.body.contains("14 av 20 (70 %)"),
        "{}",
        overview.body
    );
});

on_both_engines!(
    a_value_recorded_by_hand_is_kept_with_its_history_and_bad_input_is_explained,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let programme = app.scalar("SELECT MAX(id) FROM programmes").await;
        let manual = app
            .scalar(&format!(
                "SELECT id FROM programme_targets WHERE programme_id = {programme} AND kind = 'other'"
            ))
            .await;
        let derived = app
            .scalar(&format!(
                "SELECT id FROM programme_targets WHERE programme_id = {programme} AND kind = 'participants'"
            ))
            .await;
        let coordinator = demo_login(app, "samordnare").await;
        let path = format!("/program/{programme}/mal/{manual}/varden");
        let bad = coordinator
            .post_form(
                &path,
                &[
                    ("value", "sexton"),
                    ("recorded_on", "2026-02-30"),
                    ("comment", "Vårens träffar"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Vårens träffar"), "the input is kept");
        assert!(bad.body.contains("value=\"sexton\""));
        assert!(bad.body.contains("Skriv ett heltal"), "{}", bad.body);
        let today = stegvis_domain::timestamp::format_date(app.today());
        let good = coordinator
            .post_form(
                &path,
                &[
                    ("value", "16"),
                    ("recorded_on", &today),
                    ("comment", "Vårens träffar"),
                ],
            )
            .await;
        assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
        let page = coordinator
            .get(&format!("/program/{programme}"))
            .await
            .expect(StatusCode::OK);
        assert!(page.body.contains("16 av 20 (80 %)"));
        assert!(
            page.body
                .contains("Frukostmöte om reserverade upphandlingar"),
            "the history stays"
        );

        let counted = coordinator
            .post_form(
                &format!("/program/{programme}/mal/{derived}/varden"),
                &[("value", "3"), ("recorded_on", &today)],
            )
            .await;
        assert_eq!(counted.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            counted
                .body
                .contains("Stegvis räknar fram det här målet själv")
        );
    }
);

on_both_engines!(
    the_owner_marks_an_action_done_and_the_api_answers_bad_input_with_a_problem,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let styrgrupp = app
            .scalar("SELECT id FROM users WHERE username = 'styrgrupp'")
            .await;
        let own = app
            .scalar(&format!(
                "SELECT id FROM steering_actions WHERE owner_user_id = {styrgrupp} AND status = 'open'"
            ))
            .await;
        let other = app
            .scalar(&format!(
                "SELECT MIN(id) FROM steering_actions WHERE owner_user_id <> {styrgrupp} AND status = 'open'"
            ))
            .await;
        let steering = demo_login(app, "styrgrupp").await;
        let meeting = app
            .scalar(&format!(
                "SELECT meeting_id FROM steering_actions WHERE id = {own}"
            ))
            .await;
        let page = steering
            .get(&format!("/moten/{meeting}"))
            .await
            .expect(StatusCode::OK);
        assert!(page.body.contains("Markera som klar"));
        assert!(!page.body.contains("Stryk"), "only the coordinator cancels");
        let cancel = steering
            .post_form(
                &format!("/atgarder/{own}/status"),
                &[("status", "cancelled"), ("meeting", &meeting.to_string())],
            )
            .await;
        assert_eq!(cancel.status, StatusCode::FORBIDDEN);
        let done = steering
            .post_form(
                &format!("/atgarder/{own}/status"),
                &[("status", "done"), ("meeting", &meeting.to_string())],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), format!("/moten/{meeting}"));
        let again = steering
            .post_form(
                &format!("/atgarder/{own}/status"),
                &[("status", "done"), ("meeting", &meeting.to_string())],
            )
            .await;
        assert!(again.body.contains("Åtgärden har redan fått den statusen"));
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "an action already done is not marked done again"
        );

        let token = app.token("api-st", "steering", None).await;
        let client = app.client();
        let refused = client
            .api(
                Method::PUT,
                &format!("/api/v1/actions/{other}"),
                &token,
                Some(json!({"status": "done"})),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "not a member of the group"
        );
        let kommun = app
            .scalar("SELECT operator_id FROM programmes ORDER BY id LIMIT 1")
            .await;
        let coordinator = app.token("api-c", "coordinator", Some(kommun)).await;
        for body in [json!({"status": "klar"}), json!({"status": 3}), json!({})] {
            let bad = client
                .api(
                    Method::PUT,
                    &format!("/api/v1/actions/{other}"),
                    &coordinator,
                    Some(body),
                )
                .await;
            assert!(bad.status.is_client_error(), "{}", bad.body);
            assert_eq!(bad.header("content-type"), "application/problem+json");
        }
        let group = steering_group(app).await;
        let meeting = client
            .api(
                Method::POST,
                &format!("/api/v1/groups/{group}/meetings"),
                &coordinator,
                Some(json!({"held_on": "2026-02-30"})),
            )
            .await;
        assert_eq!(meeting.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(meeting.header("content-type"), "application/problem+json");
        let made = client
            .api(
                Method::POST,
                &format!("/api/v1/groups/{group}/meetings"),
                &coordinator,
                Some(json!({"held_on": "2030-01-15", "place": "Stadshuset", "agenda": "Mål\nBudget"})),
            )
            .await
            .expect(StatusCode::CREATED);
        let meeting = made.json()["id"].as_i64().unwrap();
        let decision = client
            .api(
                Method::POST,
                &format!("/api/v1/meetings/{meeting}/decisions"),
                &coordinator,
                Some(json!({"body": "Budgeten fastställs."})),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(decision.json()["number"], 1);
        let stranger = client
            .api(
                Method::POST,
                &format!("/api/v1/meetings/{meeting}/actions"),
                &coordinator,
                Some(json!({"body": "Ring Almi", "owner_user_id": app.scalar("SELECT id FROM users WHERE username = 'deltagare'").await})),
            )
            .await;
        assert_eq!(
            stranger.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "the owner must be a member"
        );
        let meetings = client
            .api(
                Method::GET,
                &format!("/api/v1/groups/{group}/meetings"),
                &coordinator,
                None,
            )
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!(meetings[0]["agenda"], json!(["Mål", "Budget"]));
    }
);
