//! Budget against outcome (issue 13 item 2) and partners' roles (item 6) over real HTTP, on
//! both engines: the coordinator records a month of contributions from all four partners and
//! sees the budget against the outcome and the cost per participant.

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_testkit::{Client, TestApp, on_both_engines};

/// The four partner agencies and the programme: the operator (the municipality) and its three
/// partners, with a financing plan for last year and an hourly cost per partner; returns
/// (the coordinator, programme path, [kommun, FK, AF, region], last year).
async fn programme(app: &TestApp) -> (Client, String, [i64; 4], i32) {
    let kommun = app.organisation("VVK", "kommun").await;
    let fk = app.organisation("FK", "forsakringskassan").await;
    let af = app.organisation("AF", "arbetsformedlingen").await;
    let region = app.organisation("RKL", "region").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let year = app.today().year() - 1;
    let page = coordinator
        .post_form(
            "/program/ny",
            &[
                ("name", "Sociala företag i Västervik"),
                ("operator_id", &kommun.to_string()),
                ("starts_on", &format!("{year}-01-01")),
                ("ends_on", &format!("{}-12-31", year + 2)),
                ("focus", "both"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location().to_string();
    let partners: Vec<(&str, String)> = [fk, af, region]
        .iter()
        .map(|id| ("partner", id.to_string()))
        .collect();
    let fields: Vec<(&str, &str)> = partners.iter().map(|(k, v)| (*k, v.as_str())).collect();
    coordinator
        .post_form(&format!("{location}/partner"), &fields)
        .await
        .expect(StatusCode::SEE_OTHER);
    // The Finsam-like plan: FK 500 000, the region and the municipality 250 000 each, AF 100 000.
    for (org, amount) in [
        (fk, "500 000"),
        (region, "250 000"),
        (kommun, "250 000"),
        (af, "100 000"),
    ] {
        coordinator
            .post_form(
                &format!("{location}/budget"),
                &[
                    ("organisation_id", &org.to_string()),
                    ("year", &year.to_string()),
                    ("amount", amount),
                ],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
    }
    for (org, hourly) in [(kommun, "400"), (fk, "450"), (af, "420"), (region, "500")] {
        let page = coordinator
            .post_form(
                &format!("{location}/budget-och-utfall/timkostnad"),
                &[
                    ("organisation_id", &org.to_string()),
                    ("year", &year.to_string()),
                    ("hourly", hourly),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    (coordinator, location, [kommun, fk, af, region], year)
}

/// Two participants enrolled during `year`, written directly: the budget counts them, and
/// their path through intake is tested elsewhere.
async fn two_participants(app: &TestApp, programme: &str, operator: i64, year: i32) {
    let id = programme.trim_start_matches("/program/");
    for name in ["Anna", "Bo"] {
        app.sql(&format!(
            "INSERT INTO persons (operator_id, birth_year, sex, given_name, interpreter_needed, \
             protected_identity, created_at, updated_at) \
             VALUES ({operator}, 1980, 'female', '{name}', FALSE, FALSE, '{year}-01-01T00:00:00Z', '{year}-01-01T00:00:00Z')"
        ))
        .await;
        app.sql(&format!(
            "INSERT INTO episodes (person_id, programme_id, status, referred_on, intake_on, \
             created_at, updated_at) \
             VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), {id}, 'active', \
             '{year}-02-01', '{year}-02-15', '{year}-02-01T00:00:00Z', '{year}-02-01T00:00:00Z')"
        ))
        .await;
    }
}

async fn record_month(
    coordinator: &Client,
    location: &str,
    org: i64,
    month: &str,
    hours: [&str; 5],
    money: &str,
    in_kind: (&str, &str),
) {
    let org = org.to_string();
    let page = coordinator
        .post_form(
            &format!("{location}/budget-och-utfall"),
            &[
                ("organisation_id", &org),
                ("month", month),
                ("hours_coordination", hours[0]),
                ("hours_participant_support", hours[1]),
                ("hours_outreach", hours[2]),
                ("hours_steering", hours[3]),
                ("hours_administration", hours[4]),
                ("money", money),
                ("in_kind", in_kind.0),
                ("in_kind_description", in_kind.1),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

on_both_engines!(
    the_coordinator_records_a_month_from_all_four_partners_and_sees_budget_against_outcome,
    |app| {
        let (coordinator, location, [kommun, fk, af, region], year) = programme(app).await;
        two_participants(app, &location, kommun, year).await;
        let month = format!("{year}-03");
        // Negative hours are refused with a plain message, and the form keeps the input.
        let page = coordinator
            .post_form(
                &format!("{location}/budget-och-utfall"),
                &[
                    ("organisation_id", &fk.to_string()),
                    ("month", &month),
                    ("hours_coordination", "-3"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body.contains("Timmar kan inte vara negativa"),
            "{}",
            page.body
        );
        assert!(page.body.contains("value=\"-3\""));
        // FK: 30 h × 450 kr = 13 500 kr.
        record_month(
            &coordinator,
            &location,
            fk,
            &month,
            ["10", "20", "", "", ""],
            "",
            ("", ""),
        )
        .await;
        // The region: 8 h × 500 kr = 4 000 kr, and 2 000 kr in money.
        record_month(
            &coordinator,
            &location,
            region,
            &month,
            ["", "", "", "8", ""],
            "2 000",
            ("", ""),
        )
        .await;
        // The municipality: 40 h × 400 kr = 16 000 kr, and premises worth 3 000 kr.
        record_month(
            &coordinator,
            &location,
            kommun,
            &month,
            ["30", "", "7,5", "", "2,5"],
            "",
            ("3 000", "Lokal för informationsmöten"),
        )
        .await;
        // AF: 12 h × 420 kr = 5 040 kr.
        record_month(
            &coordinator,
            &location,
            af,
            &month,
            ["", "12", "", "", ""],
            "",
            ("", ""),
        )
        .await;

        let page = coordinator
            .get(&format!("{location}/budget-och-utfall"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        assert!(body.contains("<h1>Budget och utfall</h1>"));
        for amount in [
            "13\u{a0}500\u{a0}kr",
            "6\u{a0}000\u{a0}kr",
            "19\u{a0}000\u{a0}kr",
            "5\u{a0}040\u{a0}kr",
        ] {
            assert!(body.contains(amount), "{amount} in {body}");
        }
        // Spent 43 540 kr of 1 100 000 kr; FK 486 500 kr under its 500 000 kr.
        assert!(body.contains("43\u{a0}540\u{a0}kr"));
        assert!(body.contains("1\u{a0}100\u{a0}000\u{a0}kr"));
        assert!(body.contains("486\u{a0}500\u{a0}kr under budget"));
        assert!(body.contains("1\u{a0}056\u{a0}460\u{a0}kr under budget"));
        // Two participants: 21 770 kr each.
        assert!(body.contains("21\u{a0}770\u{a0}kr"), "{body}");
        assert!(body.contains("Lokal för informationsmöten"));

        // The CSV for Swedish Excel: BOM, semicolons, decimal comma.
        let csv = coordinator
            .get(&format!("{location}/budget-och-utfall.csv"))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").starts_with("text/csv"));
        assert!(csv.body.starts_with('\u{feff}'));
        assert!(
            csv.body.contains(&format!("{year};Organisation FK;")),
            "{}",
            csv.body
        );
        assert!(
            csv.body
                .contains(";500000,00;30,00;13500,00;0,00;0,00;13500,00;0,00;486500,00;;"),
            "{}",
            csv.body
        );
        assert!(
            csv.body
                .contains("Hela perioden;;1100000,00;;;;;43540,00;0,00;1056460,00;2;21770,00"),
            "{}",
            csv.body
        );

        // The recorded outcome is now the programme's cost in the socio-economic account.
        let socio = coordinator.get(&format!("{location}/socioekonomi")).await;
        assert!(
            socio
                .body
                .contains("Investeringen är det registrerade utfallet"),
            "{}",
            socio.body
        );

        // The steering group sees the aggregates, without the entry form or the month list.
        let steering = app.logged_in("styr", "steering", None).await;
        let seen = steering.get(&format!("{location}/budget-och-utfall")).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("43\u{a0}540\u{a0}kr"));
        assert!(!seen.body.contains("Registrera en månads insatser"));
        assert!(!seen.body.contains("Lokal för informationsmöten"));
        // Two participants are a small count: the steering group sees neither the number nor the
        // cost per participant, which with the spent sum would give the number away.
        assert!(seen.body.contains("färre än 5"), "{}", seen.body);
        assert!(!seen.body.contains("21\u{a0}770\u{a0}kr"), "{}", seen.body);
        let pack_api = app
            .client()
            .api(
                Method::GET,
                &format!(
                    "/api/v1/programmes/{}/budget-outcome",
                    location.trim_start_matches("/program/")
                ),
                &app.token("api-styr", "steering", None).await,
                None,
            )
            .await;
        assert_eq!(pack_api.status, StatusCode::OK, "{}", pack_api.body);
        assert!(pack_api.json()["total"]["participants"].is_null());
        assert!(pack_api.json()["total"]["cost_per_participant"].is_null());
        let refused = steering
            .post_form(
                &format!("{location}/budget-och-utfall"),
                &[("organisation_id", &fk.to_string())],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
);

on_both_engines!(
    the_api_lists_creates_changes_and_removes_contributions_and_answers_bad_input_with_problems,
    |app| {
        let (_coordinator, location, [kommun, fk, _, _], year) = programme(app).await;
        let id = location.trim_start_matches("/program/");
        let token = app.token("api-sam", "coordinator", Some(kommun)).await;
        let base = format!("/api/v1/programmes/{id}");
        let created = app
            .client()
            .api(
                Method::POST,
                &format!("{base}/contributions"),
                &token,
                Some(json!({
                    "organisation_id": fk,
                    "month": format!("{year}-04"),
                    "hours": {"coordination": "10", "outreach": "2.5"},
                    "money": "1000.00"
                })),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let contribution = created.json()["id"].as_i64().unwrap();
        let bad = app
            .client()
            .api(
                Method::POST,
                &format!("{base}/contributions"),
                &token,
                Some(json!({"organisation_id": fk, "month": format!("{year}-04"), "hours": {"coordination": "-1"}})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.header("content-type")
                .starts_with("application/problem+json")
        );
        let unknown_kind = app
            .client()
            .api(
                Method::POST,
                &format!("{base}/contributions"),
                &token,
                Some(json!({"organisation_id": fk, "month": format!("{year}-04"), "hours": {"knitting": "1"}})),
            )
            .await;
        assert_eq!(unknown_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad_filter = app
            .client()
            .api(
                Method::GET,
                &format!("{base}/contributions?month=april"),
                &token,
                None,
            )
            .await;
        assert_eq!(bad_filter.status, StatusCode::UNPROCESSABLE_ENTITY);
        let listed = app
            .client()
            .api(
                Method::GET,
                &format!("{base}/contributions?month={year}-04"),
                &token,
                None,
            )
            .await
            .json();
        assert_eq!(listed[0]["hours"]["outreach"], "2.50");
        assert_eq!(listed[0]["money"], "1000.00");
        let changed = app
            .client()
            .api(
                Method::PUT,
                &format!("{base}/contributions/{contribution}"),
                &token,
                Some(json!({"organisation_id": fk, "month": format!("{year}-05"), "hours": {"steering": "4"}})),
            )
            .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);
        let outcome = app
            .client()
            .api(Method::GET, &format!("{base}/budget-outcome"), &token, None)
            .await
            .json();
        // 4 h × 450 kr = 1 800 kr against FK's 500 000 kr.
        let fk_line = outcome["years"][0]["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["organisation_id"] == fk)
            .unwrap()
            .clone();
        assert_eq!(fk_line["spent"], "1800.00");
        assert_eq!(fk_line["deviation"], "-498200.00");
        let plan = app
            .client()
            .api(Method::GET, &format!("{base}/financing-plan"), &token, None)
            .await
            .json();
        assert_eq!(plan.as_array().unwrap().len(), 4);
        let rates = app
            .client()
            .api(Method::GET, &format!("{base}/rates"), &token, None)
            .await
            .json();
        assert_eq!(rates.as_array().unwrap().len(), 4);
        let removed = app
            .client()
            .api(
                Method::DELETE,
                &format!("{base}/contributions/{contribution}"),
                &token,
                None,
            )
            .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
        let steering = app.token("api-styr", "steering", None).await;
        let read = app
            .client()
            .api(
                Method::GET,
                &format!("{base}/budget-outcome"),
                &steering,
                None,
            )
            .await;
        assert_eq!(read.status, StatusCode::OK);
        let write = app
            .client()
            .api(
                Method::POST,
                &format!("{base}/contributions"),
                &steering,
                Some(json!({})),
            )
            .await;
        assert_eq!(write.status, StatusCode::FORBIDDEN);
    }
);

on_both_engines!(
    a_partner_that_names_who_may_refer_keeps_its_other_case_officers_from_referring,
    |app| {
        let (coordinator, location, [_, fk, _, _], _) = programme(app).await;
        let id = location.trim_start_matches("/program/");
        let named = app.user("fk-named", "case-officer", Some(fk)).await;
        let other = app.logged_in("fk-other", "case-officer", Some(fk)).await;
        let page = coordinator
            .post_form(
                &format!("{location}/partner/{fk}"),
                &[
                    ("contributes", "En handläggare två dagar i veckan"),
                    ("contact_name", "Karin Exempel"),
                    ("contact_role", "Samverkanshandläggare"),
                    ("contact_email", "karin@example.se"),
                    ("may_refer", &named.to_string()),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let shown = coordinator.get(&location).await.body;
        assert!(shown.contains("Parternas roller"));
        assert!(shown.contains("Karin Exempel, Samverkanshandläggare"));
        assert!(shown.contains("En handläggare två dagar i veckan"));
        let read_logged = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'programme.read-partners'")
            .await;
        assert!(read_logged >= 1);
        let bad = coordinator
            .post_form(
                &format!("{location}/partner/{fk}"),
                &[("contact_email", "karin.example.se")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = other
            .post_form(
                "/personer/ny",
                &[
                    ("programme_id", id),
                    (
                        "referred_on",
                        &stegvis_domain::timestamp::format_date(app.today()),
                    ),
                    ("personnummer", "19800101-9804"),
                    ("given_name", "Test"),
                    ("family_name", "Testsson"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.body.contains("Du är inte utsedd att remittera"),
            "{}",
            refused.body
        );
    }
);
