//! Two people editing one record: whoever saves second is told, with their input kept, and
//! nothing is overwritten silently (optimistic concurrency, decision 0030), on one server and
//! across two app servers on one PostgreSQL.

use reqwest::StatusCode;
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;

use stegvis_testkit::{Client, Engine, TestApp, on_both_engines};

const CONFLICT: &str = "Någon annan sparade ändringar här medan du skrev";

/// The version an edit form carries in its hidden field.
fn version_in(body: &str) -> String {
    let marker = r#"name="version" value=""#;
    let start = body.find(marker).expect("the form carries a version") + marker.len();
    body[start..].chars().take_while(|c| *c != '"').collect()
}

/// A programme with one referred person; returns the person's page path.
async fn referred_person(app: &TestApp, coordinator: &Client, kommun: i64) -> String {
    let programme = stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: "Sociala företag".into(),
            operator_id: kommun.to_string(),
            starts_on: "2025-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let page = coordinator
        .post_form(
            "/personer/ny",
            &[
                ("programme_id", &programme.to_string()),
                ("referred_on", "2026-01-15"),
                ("referring_organisation_id", ""),
                ("personnummer", "19800101-9804"),
                ("given_name", "Alva"),
                ("family_name", "Testsson"),
                ("preferred_language", "svenska"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location().to_string()
}

fn person_form<'a>(version: &'a str, given: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("version", version),
        ("personnummer", "19800101-9804"),
        ("birth_year", "1980"),
        ("sex", "female"),
        ("given_name", given),
        ("family_name", "Testsson"),
        ("preferred_language", "svenska"),
    ]
}

/// Both open the form; `first` saves; `second` saves and must be told. Then `second` saves
/// again from the re-rendered form, knowingly replacing the first save.
async fn edit_race(first: &Client, second: &Client, person: &str) {
    let edit = format!("{person}/redigera");
    let first_version = version_in(&first.get(&edit).await.expect(StatusCode::OK).body);
    let second_version = version_in(&second.get(&edit).await.expect(StatusCode::OK).body);
    assert_eq!(first_version, second_version);

    first
        .post_form(&edit, &person_form(&first_version, "Alma"))
        .await
        .expect(StatusCode::SEE_OTHER);

    let refused = second
        .post_form(&edit, &person_form(&second_version, "Bea"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(CONFLICT), "{}", refused.body);
    assert!(
        refused.body.contains(r#"value="Bea""#),
        "the second editor's input is kept"
    );
    assert!(
        refused.body.contains(r##"href="#f-version""##),
        "the error summary leads to the message"
    );
    let page = first.get(person).await.expect(StatusCode::OK);
    assert!(page.body.contains("Alma"), "the first save stands");
    assert!(!page.body.contains("Bea"), "nothing was overwritten");

    let now_stored = version_in(&refused.body);
    assert_ne!(
        now_stored, second_version,
        "the form now carries the stored version"
    );
    second
        .post_form(&edit, &person_form(&now_stored, "Bea"))
        .await
        .expect(StatusCode::SEE_OTHER);
    let page = first.get(person).await.expect(StatusCode::OK);
    assert!(page.body.contains("Bea"), "a knowing second save applies");
}

on_both_engines!(
    the_second_of_two_edits_of_a_person_is_told_and_overwrites_nothing,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let first = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let second = app.logged_in("sam2", "coordinator", Some(kommun)).await;
        let person = referred_person(app, &first, kommun).await;
        edit_race(&first, &second, &person).await;
    }
);

on_both_engines!(a_form_without_a_version_still_saves_as_before, |app| {
    let kommun = app.organisation("VVK", "kommun").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let person = referred_person(app, &coordinator, kommun).await;
    coordinator
        .post_form(&format!("{person}/redigera"), &person_form("", "Cleo"))
        .await
        .expect(StatusCode::SEE_OTHER);
    let page = coordinator.get(&person).await.expect(StatusCode::OK);
    assert!(page.body.contains("Cleo"));
});

/// The same race with each editor on their own app server, as behind a load balancer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_on_two_app_servers_conflict_as_on_one() {
    let Some(app) = TestApp::start(Engine::Postgres).await else {
        return;
    };
    let kommun = app.organisation("VVK", "kommun").await;
    let first = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let person = referred_person(&app, &first, kommun).await;
    let on_second_server = app.logged_in("sam2", "coordinator", Some(kommun)).await;
    let session = on_second_server
        .cookie("stegvis_session")
        .expect("a session cookie");
    let second = Client::new(&app.second_server().await);
    second.set_cookie("stegvis_session", &session);
    edit_race(&first, &second, &person).await;
    app.finish().await;
}

/// A stale save of `form` to `path` is refused with the message and the input kept.
async fn refused_as_stale(client: &Client, path: &str, form: &[(&str, &str)], kept: &str) {
    let refused = client
        .post_form(path, form)
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(CONFLICT), "{path}: {}", refused.body);
    assert!(refused.body.contains(kept), "{path}: the input is kept");
}

on_both_engines!(
    organisation_and_programme_forms_refuse_a_save_made_from_an_older_version,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let admin = app.logged_in("admin1", "admin", None).await;
        let org_edit = format!("/organisationer/{kommun}/redigera");
        let stale = version_in(&admin.get(&org_edit).await.expect(StatusCode::OK).body);
        let org_form = |name: &'static str| {
            [
                ("version", stale.as_str()),
                ("name", name),
                ("short_name", "VVK"),
                ("kind", "kommun"),
                ("org_number", ""),
            ]
        };
        admin
            .post_form(&org_edit, &org_form("Västerviks kommun"))
            .await
            .expect(StatusCode::SEE_OTHER);
        refused_as_stale(
            &admin,
            &org_edit,
            &org_form("Kommunen i Västervik"),
            r#"value="Kommunen i Västervik""#,
        )
        .await;

        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let programme = stegvis_app::programmes::create(
            &app.app,
            &Actor::system("test"),
            &ProgrammeInput {
                name: "Sociala företag".into(),
                operator_id: kommun.to_string(),
                starts_on: "2025-01-01".into(),
                ends_on: "2027-12-31".into(),
                focus: "both".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
        let edit = format!("/program/{programme}/redigera");
        let stale = version_in(&coordinator.get(&edit).await.expect(StatusCode::OK).body);
        let kommun_text = kommun.to_string();
        let programme_form = |name: &'static str| {
            [
                ("version", stale.as_str()),
                ("name", name),
                ("operator_id", kommun_text.as_str()),
                ("starts_on", "2025-01-01"),
                ("ends_on", "2027-12-31"),
                ("focus", "both"),
                ("description", ""),
            ]
        };
        coordinator
            .post_form(&edit, &programme_form("Sociala företag i Västervik"))
            .await
            .expect(StatusCode::SEE_OTHER);
        refused_as_stale(
            &coordinator,
            &edit,
            &programme_form("Sociala företag i Gamleby"),
            r#"value="Sociala företag i Gamleby""#,
        )
        .await;
    }
);
