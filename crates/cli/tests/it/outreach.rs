//! Outreach events and the network (issue 13, items 1 and 5): the outreach figures, referrals
//! that record the event they came from, the steering group's aggregate view, named attendance
//! and contact people audited, and the network's pages and API.

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_domain::timestamp::format_date;
use stegvis_testkit::{Client, TestApp, on_both_engines};

struct Setting {
    programme: i64,
    coordinator: Client,
    today: String,
}

async fn programme(app: &TestApp, operator: i64, name: &str) -> i64 {
    stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: name.into(),
            operator_id: operator.to_string(),
            starts_on: "2020-01-01".into(),
            ends_on: "2035-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap()
}

async fn setting(app: &TestApp) -> Setting {
    let kommun = app.organisation("VVK", "kommun").await;
    Setting {
        programme: programme(app, kommun, "Sociala företag").await,
        coordinator: app.logged_in("sam", "coordinator", Some(kommun)).await,
        today: format_date(app.today()),
    }
}

/// Records an information meeting through the form with 12 women, 9 men and 2 of unknown
/// sex; returns its id.
async fn information_meeting(s: &Setting) -> i64 {
    let page = s
        .coordinator
        .post_form(
            &format!("/program/{}/evenemang", s.programme),
            &[
                ("kind", "information-meeting"),
                ("title", "Informationsmöte på biblioteket"),
                ("held_on", &s.today),
                ("place", "Stadsbiblioteket"),
                ("organiser", "Samordningsförbundet"),
                ("audience", "Alla som vill veta mer"),
                ("hours", "2"),
                ("women", "12"),
                ("men", "9"),
                ("unknown", "2"),
                ("professional-1-organisation", "Försäkringskassan"),
                ("professional-1-count", "3"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location()
        .trim_start_matches("/evenemang/")
        .parse()
        .unwrap()
}

/// Refers someone through the referral form, recording `event` as where they came from.
async fn refer(s: &Setting, given: &str, event: &str) -> reqwest::StatusCode {
    let programme = s.programme.to_string();
    s.coordinator
        .post_form(
            "/personer/ny",
            &[
                ("programme_id", programme.as_str()),
                ("referred_on", &s.today),
                ("event_id", event),
                ("personnummer", ""),
                ("birth_year", "1980"),
                ("sex", "female"),
                ("given_name", given),
                ("family_name", "Besökare"),
            ],
        )
        .await
        .status
}

on_both_engines!(
    an_information_meeting_with_23_anonymous_visitors_and_4_later_referrals_shows_in_the_outreach_figures,
    |app| {
        let s = setting(app).await;
        let event = information_meeting(&s).await;
        for given in ["Anna", "Britta", "Cecilia", "Dagny"] {
            assert_eq!(refer(&s, given, &event.to_string()).await, StatusCode::SEE_OTHER);
        }
        assert_eq!(refer(&s, "Elsa", "").await, StatusCode::SEE_OTHER, "no event recorded");

        let list = s.coordinator.get(&format!("/program/{}/evenemang", s.programme)).await;
        assert_eq!(list.status, StatusCode::OK);
        let row = list
            .body
            .split("<tr>")
            .find(|r| r.contains("<th scope=\"row\">Informationsmöte</th>"))
            .expect("a figures row for information meetings");
        assert!(row.contains("<td class=\"number\">23</td>"), "{row}");
        assert!(row.contains("<td class=\"number\">4</td>"), "{row}");
        let page = s.coordinator.get(&format!("/program/{}", s.programme)).await.body;
        assert!(page.contains("Aktiviteter utåt"));
        assert!(page.contains("<td class=\"number\">23</td>"));

        let shown = s.coordinator.get(&format!("/evenemang/{event}")).await.body;
        assert!(shown.contains("23 anonyma besökare"), "{shown}");
        assert!(shown.contains("4 remitterade efteråt"));
        assert!(shown.contains("3 yrkesverksamma från Försäkringskassan"));

        let token = app.token("api-sam", "coordinator", Some(app.scalar("SELECT operator_id FROM programmes").await)).await;
        let figures = s
            .coordinator
            .api(Method::GET, &format!("/api/v1/programmes/{}/outreach", s.programme), &token, None)
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!(figures["kinds"][0]["kind"], "information-meeting");
        assert_eq!(figures["kinds"][0]["anonymous"], 23);
        assert_eq!(figures["kinds"][0]["later_referred"], 4);
        assert_eq!(figures["total"]["professionals"], 3);
        let counts = s
            .coordinator
            .api(Method::GET, &format!("/api/v1/events/{event}/attendance"), &token, None)
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!((counts["anonymous"].clone(), counts["later_referred"].clone()), (json!(23), json!(4)));

        // The steering group sees the figures, with the 4 registered people hidden.
        let steering = app.logged_in("styr", "steering", None).await;
        let theirs = steering.get(&format!("/program/{}", s.programme)).await.body;
        assert!(theirs.contains("Aktiviteter utåt"));
        assert!(theirs.contains("<td class=\"number\">23</td>"));
        assert!(!theirs.contains("Anna"));
        assert!(theirs.contains("Antal under 5 personer"));
        assert_eq!(steering.get(&format!("/program/{}/evenemang", s.programme)).await.status, StatusCode::FORBIDDEN);
        let steering_token = app.token("api-styr", "steering", None).await;
        let aggregate = steering
            .api(Method::GET, &format!("/api/v1/programmes/{}/outreach", s.programme), &steering_token, None)
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!(aggregate["total"]["anonymous"], 23);
        assert!(aggregate["total"]["later_referred"].is_null());
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM outreach_referrals").await,
            4
        );
    }
);

on_both_engines!(
    the_figures_since_a_date_count_only_the_events_held_from_it,
    |app| {
        let s = setting(app).await;
        information_meeting(&s).await;
        let today = app.today();
        let all = stegvis_app::outreach::events_since(
            &app.app,
            &Actor::system("test"),
            s.programme,
            today,
        )
        .await
        .unwrap();
        assert_eq!(all.total.events, 1);
        assert_eq!(all.total.anonymous, 23);
        let none = stegvis_app::outreach::events_since(
            &app.app,
            &Actor::system("test"),
            s.programme,
            today.next_day().unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(none.total.events, 0);
    }
);

on_both_engines!(
    a_referral_may_record_only_an_event_of_its_own_programme_held_before_it,
    |app| {
        let s = setting(app).await;
        let kommun = app.scalar("SELECT operator_id FROM programmes").await;
        let other = programme(app, kommun, "Ett annat program").await;
        let foreign = stegvis_app::outreach::create(
            &app.app,
            &Actor::system("test"),
            other,
            &stegvis_domain::outreach::EventInput {
                kind: "seminar".into(),
                title: "Seminarium".into(),
                held_on: s.today.clone(),
                place: "Kalmar".into(),
                organiser: "Länet".into(),
                audience: "Alla".into(),
                hours: "1".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let programme = s.programme.to_string();
        let page = s
            .coordinator
            .post_form(
                "/personer/ny",
                &[
                    ("programme_id", programme.as_str()),
                    ("referred_on", &s.today),
                    ("event_id", &foreign.to_string()),
                    ("birth_year", "1980"),
                    ("sex", "male"),
                    ("given_name", "Erik"),
                    ("family_name", "Ek"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("Välj ett evenemang i samma program som remissen.")
        );
        assert!(page.body.contains("value=\"Erik\""), "the input is kept");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 0);
    }
);

on_both_engines!(
    a_bad_head_count_comes_back_with_the_input_and_a_plain_swedish_message,
    |app| {
        let s = setting(app).await;
        let page = s
            .coordinator
            .post_form(
                &format!("/program/{}/evenemang", s.programme),
                &[
                    ("kind", "study-visit"),
                    ("title", "Studiebesök i Kalmar"),
                    ("held_on", &s.today),
                    ("place", "Kalmar"),
                    ("organiser", "Programmet"),
                    ("audience", "Deltagare och handläggare"),
                    ("hours", "5"),
                    ("women", "tolv"),
                    ("men", "2"),
                    ("professional-1-organisation", "Almi"),
                    ("professional-1-count", "9"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("Skriv antalet som ett heltal från 0 till 100")
        );
        assert!(page.body.contains("value=\"Studiebesök i Kalmar\""));
        let token = app
            .token(
                "api-sam",
                "coordinator",
                Some(app.scalar("SELECT operator_id FROM programmes").await),
            )
            .await;
        let problem = s
            .coordinator
            .api(
                Method::POST,
                &format!("/api/v1/programmes/{}/events", s.programme),
                &token,
                Some(json!({"kind": "party", "women": -1})),
            )
            .await;
        assert_eq!(
            problem.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            problem.body
        );
        let problem = s
            .coordinator
            .api(
                Method::POST,
                &format!("/api/v1/programmes/{}/events", s.programme),
                &token,
                Some(
                    json!({"kind": "seminar", "title": "S", "held_on": s.today, "place": "P",
                    "organiser": "O", "audience": "A", "hours": 1.0, "women": 1,
                    "professionals": [{"organisation": "Almi", "count": 2}]}),
                ),
            )
            .await;
        assert_eq!(problem.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem.body.contains("outreach-error-professionals-exceed"),
            "{}",
            problem.body
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM outreach_events").await, 0);
    }
);

on_both_engines!(
    named_attendance_is_for_the_coordinator_only_and_every_read_of_it_is_audited,
    |app| {
        let s = setting(app).await;
        let event = information_meeting(&s).await;
        assert_eq!(refer(&s, "Frida", "").await, StatusCode::SEE_OTHER);
        let episode = app.scalar("SELECT id FROM episodes").await;
        app.sql(&format!(
            "UPDATE episodes SET status = 'active' WHERE id = {episode}"
        ))
        .await;
        let saved = s
            .coordinator
            .post_form(
                &format!("/evenemang/{event}/narvaro"),
                &[("present", &episode.to_string())],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = s.coordinator.get(&format!("/evenemang/{event}")).await.body;
        assert!(shown.contains("Frida Besökare"));
        assert!(shown.contains("1 deltagare i programmet"));
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'outreach.attendance-read'"
            )
            .await,
            1
        );
        let admin = app.logged_in("root", "admin", None).await;
        let theirs = admin.get(&format!("/evenemang/{event}")).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(
            !theirs.body.contains("Frida"),
            "the administrator sees no names"
        );
        assert!(theirs.body.contains("– deltagare i programmet"));
    }
);

on_both_engines!(
    the_coordinator_keeps_the_network_and_reading_contact_people_is_audited,
    |app| {
        let s = setting(app).await;
        let added = s
            .coordinator
            .post_form(
                &format!("/program/{}/natverk", s.programme),
                &[
                    ("name", "Coompanion Kalmar län"),
                    ("kind", "cooperative-advice"),
                    ("role", "Rådgivning om kooperativ"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let org: i64 = added
            .location()
            .trim_start_matches("/natverk/")
            .parse()
            .unwrap();
        let bad = s
            .coordinator
            .post_form(
                &format!("/natverk/{org}/kontakter"),
                &[("name", "Karin Kooperativ"), ("email", "karin")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("value=\"Karin Kooperativ\""));
        let ok = s
            .coordinator
            .post_form(
                &format!("/natverk/{org}/kontakter"),
                &[("name", "Karin Kooperativ"), ("email", "karin@example.se")],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        let contact = app
            .scalar("SELECT id FROM network_contacts")
            .await
            .to_string();
        let logged = s
            .coordinator
            .post_form(
                &format!("/natverk/{org}/logg"),
                &[
                    ("contacted_on", &s.today),
                    ("contact_id", &contact),
                    ("what", "Möte om föreningsbildning"),
                    ("follow_up", "Skicka stadgar"),
                ],
            )
            .await;
        assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
        let page = s.coordinator.get(&format!("/natverk/{org}")).await.body;
        assert!(page.contains("Karin Kooperativ") && page.contains("Skicka stadgar"));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'network.contact-read'")
                .await,
            1
        );
        let view = s
            .coordinator
            .get(&format!("/program/{}/natverk", s.programme))
            .await
            .body;
        assert!(view.contains("<svg") && view.contains("<title id=\"network-svg-title\">"));
        assert!(
            view.contains(
                "<a href=\"/natverk/{org}\">Coompanion Kalmar län</a>"
                    .replace("{org}", &org.to_string())
                    .as_str()
            )
        );

        let steering = app.logged_in("styr", "steering", None).await;
        assert_eq!(
            steering.get(&format!("/natverk/{org}")).await.status,
            StatusCode::FORBIDDEN
        );
        let kommun = app.scalar("SELECT operator_id FROM programmes").await;
        let other_coordinator = app
            .logged_in(
                "annan",
                "coordinator",
                Some(app.organisation("ANNAN", "kommun").await),
            )
            .await;
        assert_eq!(
            other_coordinator
                .get(&format!("/natverk/{org}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        let token = app.token("api-sam", "coordinator", Some(kommun)).await;
        let listed = s
            .coordinator
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{}/network/organisations", s.programme),
                &token,
                None,
            )
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!(listed[0]["kind"], "cooperative-advice");
        let log = s
            .coordinator
            .api(
                Method::GET,
                &format!("/api/v1/network/organisations/{org}/log"),
                &token,
                None,
            )
            .await
            .expect(StatusCode::OK)
            .json();
        assert_eq!(log[0]["contact_name"], "Karin Kooperativ");
        let bad = s
            .coordinator
            .api(
                Method::POST,
                &format!("/api/v1/network/organisations/{org}/log"),
                &token,
                Some(json!({"contacted_on": "2999-01-01", "what": ""})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Removing the contact person asks first, naming what goes; the log's entry stays.
        let remove = format!("/natverk/{org}/kontakter/{contact}/ta-bort");
        let asked = s.coordinator.post_form(&remove, &[]).await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked.body.contains("visar inte längre vem ni talade med"),
            "{}",
            asked.body
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM network_contacts").await, 1);
        let removed = s
            .coordinator
            .post_form(&remove, &[("bekraftat", "1")])
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM network_contacts").await, 0);
        let page = s.coordinator.get(&format!("/natverk/{org}")).await.body;
        assert!(page.contains("Skicka stadgar") && !page.contains("Karin Kooperativ"));
    }
);
