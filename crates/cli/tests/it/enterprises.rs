//! The enterprise register, the public directory with its open data, and the API.

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_testkit::{Client, TestApp, on_both_engines};

const CAFE: &[(&str, &str)] = &[
    ("name", "Kustens Café och Catering ekonomisk förening"),
    ("organisationsnummer", "769999-0003"),
    ("legal_form", "ekonomisk-forening"),
    ("registered_on", "2012-05-14"),
    ("sni_code", "56.101"),
    ("city", "Västervik"),
    ("what_it_sells", "Lunch och catering"),
    ("how_to_buy", "Ring och beställ"),
    ("contact_email", "info@kustens.example"),
    ("asf_runs_business", "on"),
    ("asf_work_integration", "on"),
    ("work_integration_note", "Stadgar § 2"),
    ("public_listing", "on"),
];

fn with(fields: &[(&'static str, &'static str)], operator: &str) -> Vec<(&'static str, String)> {
    let mut all: Vec<(&'static str, String)> =
        fields.iter().map(|(k, v)| (*k, (*v).to_string())).collect();
    all.push(("operator_id", operator.to_string()));
    all
}

async fn post(
    client: &Client,
    path: &str,
    fields: &[(&'static str, String)],
) -> stegvis_testkit::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form(path, &borrowed).await
}

async fn register_cafe(app: &TestApp) -> (i64, Client, String) {
    let kommun = app.organisation("VVK", "kommun").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let page = post(
        &coordinator,
        "/foretag/ny",
        &with(CAFE, &kommun.to_string()),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    (kommun, coordinator, page.location().to_string())
}

on_both_engines!(
    a_coordinator_registers_an_enterprise_and_sees_it_with_its_checklist,
    |app| {
        let (_, coordinator, location) = register_cafe(app).await;
        assert!(location.starts_with("/foretag/"));
        let shown = coordinator.get(&location).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("769999-0003"));
        assert!(shown.body.contains("Ekonomisk förening"));
        assert!(shown.body.contains("2 av 5 kriterier uppfyllda"));
        assert!(shown.body.contains("Stadgar § 2"));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'enterprise.create'")
                .await,
            1
        );
        let listed = coordinator.get("/foretag?q=kustens").await.body;
        assert!(listed.contains("Kustens Café"));
        let none = coordinator
            .get("/foretag?juridisk_form=aktiebolag")
            .await
            .body;
        assert!(!none.contains("Kustens Café"));

        let edit = coordinator.get(&format!("{location}/redigera")).await;
        assert!(edit.body.contains("value=\"769999-0003\""));
        let mut changed = with(
            CAFE,
            &app.scalar("SELECT id FROM organisations WHERE short_name = 'VVK'")
                .await
                .to_string(),
        );
        changed.retain(|(k, _)| *k != "public_listing");
        let saved = post(&coordinator, &format!("{location}/redigera"), &changed).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert!(
            coordinator
                .get(&location)
                .await
                .body
                .contains("Visas inte i den öppna förteckningen")
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'enterprise.update'")
                .await,
            1
        );
    }
);

on_both_engines!(
    a_wrong_organisation_number_is_explained_in_swedish_and_the_input_kept,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let mut fields = with(CAFE, &kommun.to_string());
        for (k, v) in &mut fields {
            if *k == "organisationsnummer" {
                *v = "769999-0004".into();
            }
        }
        let page = post(&coordinator, "/foretag/ny", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("Kontrollsiffran stämmer inte: den sista siffran borde vara 3.")
        );
        assert!(
            page.body.contains("value=\"769999-0004\""),
            "the input is kept"
        );
        assert!(page.body.contains("Lunch och catering"));
        assert!(page.body.contains("href=\"#f-organisationsnummer\""));

        for (k, v) in &mut fields {
            match *k {
                "organisationsnummer" => *v = "769999-0003".into(),
                "legal_form" => *v = "aktiebolag".into(),
                "registered_on" => *v = "2999-01-01".into(),
                "sni_code" => *v = "5610".into(),
                _ => {}
            }
        }
        let page = post(&coordinator, "/foretag/ny", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains(
            "Organisationsnumret börjar med 7, som är nummerserien för ekonomiska föreningar och \
             bostadsrättsföreningar, men du har valt aktiebolag (nummer som börjar med 5)."
        ));
        assert!(
            page.body
                .contains("Registreringsdagen kan inte vara senare än i dag")
        );
        assert!(page.body.contains("En SNI-kod har fem siffror"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM enterprises").await, 0);
    }
);

on_both_engines!(the_same_number_cannot_be_registered_twice, |app| {
    let (kommun, coordinator, _) = register_cafe(app).await;
    let page = post(
        &coordinator,
        "/foretag/ny",
        &with(CAFE, &kommun.to_string()),
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("Ett företag med det organisationsnumret finns redan i registret.")
    );
});

on_both_engines!(
    a_coordinator_of_another_operator_gets_404_and_cannot_register_for_it,
    |app| {
        let (kommun, _, location) = register_cafe(app).await;
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        assert_eq!(outsider.get(&location).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            outsider.get(&format!("{location}/redigera")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(!outsider.get("/foretag").await.body.contains("Kustens"));
        let mut fields = with(CAFE, &kommun.to_string());
        for (k, v) in &mut fields {
            if *k == "organisationsnummer" {
                *v = "559999-0008".into();
            } else if *k == "legal_form" {
                *v = "aktiebolag".into();
            }
        }
        let page = post(&outsider, "/foretag/ny", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let token = app.token("kim-api", "coordinator", Some(other)).await;
        let id = location.trim_start_matches("/foretag/");
        let api = outsider
            .api(
                Method::GET,
                &format!("/api/v1/enterprises/{id}"),
                &token,
                None,
            )
            .await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(
    the_public_directory_lists_only_opted_in_enterprises_and_no_personal_data,
    |app| {
        let (kommun, coordinator, _) = register_cafe(app).await;
        app.sql("UPDATE users SET display_name = 'Samira Samordnare'")
            .await;
        let hidden = [
            ("name", "Hemliga Verkstaden AB"),
            ("organisationsnummer", "559999-0008"),
            ("legal_form", "aktiebolag"),
            ("registered_on", "2013-01-01"),
            ("city", "Västervik"),
        ];
        let page = post(
            &coordinator,
            "/foretag/ny",
            &with(&hidden, &kommun.to_string()),
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

        let anonymous = app.client();
        let page = anonymous.get("/sociala-foretag").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Kustens Café"));
        assert!(page.body.contains("Lunch och catering"));
        assert!(page.body.contains("769999-0003"));
        assert!(page.body.contains("2 av 5 kriterier uppfyllda"));
        assert!(page.body.contains("Ännu inte angivet"));
        assert!(!page.body.contains("Hemliga Verkstaden"));
        assert!(!page.body.contains("Samira"));
        assert!(
            anonymous
                .get("/sociala-foretag?q=catering")
                .await
                .body
                .contains("Kustens")
        );
        assert!(
            anonymous
                .get("/sociala-foretag?ort=vastervik")
                .await
                .body
                .contains("Kustens")
        );
        assert!(
            !anonymous
                .get("/sociala-foretag?ort=kalmar")
                .await
                .body
                .contains("Kustens")
        );
        assert!(
            !anonymous
                .get("/sociala-foretag?q=verkstad")
                .await
                .body
                .contains("Kustens")
        );

        let json = anonymous.get("/api/v1/public/enterprises").await;
        assert_eq!(json.status, StatusCode::OK);
        let list = json.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["organisationsnummer"], "769999-0003");
        assert_eq!(list[0]["asf_criteria_fulfilled"], 2);
        assert!(list[0]["reserved_contracts_eligible"].is_null());
        assert!(list[0].get("operator_id").is_none());
        assert!(!json.body.contains("Samira") && !json.body.contains("Hemliga"));

        let csv = anonymous
            .get("/api/v1/public/enterprises.csv?ort=V%C3%A4stervik")
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").starts_with("text/csv"));
        let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("name,organisationsnummer,legal_form")
        );
        let row = lines.next().unwrap();
        assert!(row.starts_with(
            "Kustens Café och Catering ekonomisk förening,769999-0003,ekonomisk-forening,"
        ));
        assert!(lines.next().is_none());
    }
);

on_both_engines!(open_data_neutralises_spreadsheet_formulas, |app| {
    let kommun = app.organisation("VVK", "kommun").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let fields = [
        ("name", "=HYPERLINK(\"http://evil.example\")"),
        ("organisationsnummer", "769999-0003"),
        ("legal_form", "ekonomisk-forening"),
        ("registered_on", "2012-05-14"),
        ("what_it_sells", "+SUM(1)"),
        ("public_listing", "on"),
    ];
    let page = post(
        &coordinator,
        "/foretag/ny",
        &with(&fields, &kommun.to_string()),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let csv = app
        .client()
        .get("/api/v1/public/enterprises.csv")
        .await
        .body;
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{csv}"
    );
    assert!(csv.contains(",'+SUM(1),"), "{csv}");
});

on_both_engines!(
    the_api_registers_an_enterprise_or_says_exactly_what_is_wrong_with_the_number,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let token = app.token("sam-api", "coordinator", Some(kommun)).await;
        let client = app.client();
        let wrong = client
            .api(
                Method::POST,
                "/api/v1/enterprises",
                &token,
                Some(json!({"name": "Returverket AB (svb)", "organisationsnummer": "559999-0009", "legal_form": "aktiebolag-svb"})),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong
                .header("content-type")
                .starts_with("application/problem+json")
        );
        let problem = wrong.json();
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.starts_with("organisationsnummer: "), "{detail}");
        assert!(
            detail.contains('8'),
            "names the expected check digit: {detail}"
        );
        assert_eq!(
            problem["errors"][0]["code"],
            "orgnumber-error-wrong-check-digit"
        );

        let short = client
            .api(
                Method::POST,
                "/api/v1/enterprises",
                &token,
                Some(json!({"name": "R", "organisationsnummer": "55999", "legal_form": "aktiebolag"})),
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            short.json()["errors"][0]["code"],
            "orgnumber-error-wrong-length"
        );

        let created = client
            .api(
                Method::POST,
                "/api/v1/enterprises",
                &token,
                Some(json!({"name": "Returverket AB (svb)", "organisationsnummer": "5599990008", "legal_form": "aktiebolag-svb"})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let body = created.json();
        assert_eq!(body["organisationsnummer"], "559999-0008");
        assert_eq!(body["operator_id"], kommun);
        assert_eq!(body["public_listing"], false);
        let id = body["id"].as_i64().unwrap();
        let read = client
            .api(
                Method::GET,
                &format!("/api/v1/enterprises/{id}"),
                &token,
                None,
            )
            .await;
        assert_eq!(read.json()["legal_form"], "aktiebolag-svb");
        let list = client
            .api(Method::GET, "/api/v1/enterprises", &token, None)
            .await;
        assert_eq!(list.json().as_array().unwrap().len(), 1);
    }
);

on_both_engines!(
    the_programme_page_counts_enterprises_started_within_its_period,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let programme = app.scalar("SELECT MIN(id) FROM programmes").await;
        let kommun = app
            .scalar("SELECT operator_id FROM programmes ORDER BY id LIMIT 1")
            .await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let page = coordinator.get(&format!("/program/{programme}")).await;
        assert!(page.body.contains("2 av 2"), "{}", page.body);
        let directory = app.client().get("/sociala-foretag").await.body;
        assert!(directory.contains("Kustens Café"));
        assert!(directory.contains("Catering ekonomisk förening"));
        assert!(!directory.contains("& Catering"), "escaped as HTML");
        assert!(directory.contains("Returverket Västervik AB (svb)"));
        // An enterprise registered after the period does not count.
        let fields = [
            ("name", "Senare AB"),
            ("organisationsnummer", "559999-0008"),
            ("legal_form", "aktiebolag"),
            ("registered_on", "2014-01-01"),
        ];
        let created = post(
            &coordinator,
            "/foretag/ny",
            &with(&fields, &kommun.to_string()),
        )
        .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let page = coordinator.get(&format!("/program/{programme}")).await;
        assert!(page.body.contains("2 av 2"));
    }
);

on_both_engines!(
    support_received_is_recorded_explained_when_wrong_and_removed,
    |app| {
        let (_, coordinator, location) = register_cafe(app).await;
        let page = coordinator
            .post_form(
                &format!("{location}/stod"),
                &[
                    ("kind", "other"),
                    ("year", "2099"),
                    ("amount", ""),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Skriv ett år mellan 1990 och"));
        assert!(
            page.body
                .contains("Skriv i kommentaren vilket stöd det var.")
        );
        assert!(page.body.contains("value=\"2099\""), "the input is kept");
        let page = coordinator
            .post_form(
                &format!("{location}/stod"),
                &[
                    ("kind", "almi"),
                    ("year", "2012"),
                    ("amount", "45 000"),
                    ("note", "Mikrolån"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let shown = coordinator.get(&location).await.body;
        assert!(shown.contains("Almi (lån eller rådgivning)"));
        assert!(shown.contains("45\u{a0}000\u{a0}kr"));
        assert!(shown.contains("Mikrolån"));
        assert!(
            !app.client()
                .get("/sociala-foretag")
                .await
                .body
                .contains("Mikrolån"),
            "support is not published"
        );
        let support = app.scalar("SELECT MIN(id) FROM enterprise_support").await;
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        let refused = outsider
            .post_form(
                &format!("{location}/stod/{support}/ta-bort"),
                &[("bekraftat", "1")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        let removed = coordinator
            .post_form(
                &format!("{location}/stod/{support}/ta-bort"),
                &[("bekraftat", "1")],
            )
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM enterprise_support").await,
            0
        );
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM audit_events WHERE action IN ('enterprise.support-add', 'enterprise.support-remove')"
            )
            .await,
            2
        );
    }
);
