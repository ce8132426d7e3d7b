//! Participants in enterprises, enterprise figures, the reserved-contract share in the public
//! directory, the enterprise role, and `stegvis user add --enterprise`.

use crate::cli::stegvis;
use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_app::Actor;
use stegvis_app::persons::ReferralInput;
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::enterprise::EnterpriseInput;
use stegvis_domain::person::PersonInput;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{Client, TestApp, on_both_engines};

struct Setting {
    kommun: i64,
    programme: i64,
    person: i64,
    enterprise: i64,
    other_enterprise: i64,
}

async fn enterprise(app: &TestApp, operator: i64, name: &str, number: &str) -> i64 {
    stegvis_app::enterprises::create(
        &app.app,
        &Actor::system("test"),
        &EnterpriseInput {
            name: name.into(),
            operator_id: operator.to_string(),
            organisationsnummer: number.into(),
            legal_form: "ekonomisk-forening".into(),
            registered_on: "2012-05-14".into(),
            public_listing: true,
            ..EnterpriseInput::default()
        },
    )
    .await
    .unwrap()
}

/// An operator with a programme, one participant at intake, and two enterprises.
async fn setting(app: &TestApp) -> Setting {
    let system = Actor::system("test");
    let kommun = app.organisation("VVK", "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &system,
        &ProgrammeInput {
            name: "Programmet".into(),
            operator_id: kommun.to_string(),
            starts_on: "2024-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let registered = stegvis_app::persons::register(
        &app.app,
        &system,
        &ReferralInput {
            person: PersonInput {
                personnummer: "19800101-9804".into(),
                given_name: "Testa".into(),
                family_name: "Anställdsson".into(),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: "2025-01-10".into(),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap();
    stegvis_app::persons::record_consent(
        &app.app,
        &system,
        registered.episode_id,
        &ConsentInput {
            scope: "participation".into(),
            given_on: "2025-01-15".into(),
            form: "paper".into(),
            informed: true,
            ..ConsentInput::default()
        },
    )
    .await
    .unwrap();
    Setting {
        kommun,
        programme,
        person: registered.person_id,
        enterprise: enterprise(app, kommun, "Kustens Café", "769999-0003").await,
        other_enterprise: enterprise(app, kommun, "Returverket", "769999-0011").await,
    }
}

async fn post(client: &Client, path: &str, fields: &[(&str, String)]) -> stegvis_testkit::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form(path, &borrowed).await
}

fn figures(target_group: &str) -> Vec<(&'static str, String)> {
    [
        ("year", "2025"),
        ("turnover", "2 400 000"),
        ("result", "-35 000"),
        ("wage_costs", "1 650 000"),
        ("public_revenue", "900 000"),
        ("reinvested_surplus", "0"),
        ("counted_on", "2025-12-31"),
        ("employees", "10"),
        ("target_group", target_group),
        ("work_units", "7,5"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

/// An enterprise-role account linked to the enterprise, logged in.
async fn representative(app: &TestApp, username: &str, enterprise: i64) -> (Client, i64) {
    let id = stegvis_app::users::create_with_password(
        &app.app,
        &Actor::system("test"),
        &stegvis_app::users::UserInput {
            username: username.into(),
            display_name: "Företagaren".into(),
            role: "enterprise".into(),
            enterprise: enterprise.to_string(),
            ..stegvis_app::users::UserInput::default()
        },
        stegvis_testkit::PASSWORD,
    )
    .await
    .unwrap();
    let client = app.client();
    client.login(username, stegvis_testkit::PASSWORD).await;
    (client, id)
}

on_both_engines!(
    a_coordinator_links_a_participant_audited_and_counted_for_the_programme,
    |app| {
        let s = setting(app).await;
        let coordinator = app.logged_in("sam", "coordinator", Some(s.kommun)).await;
        let page = format!("/foretag/{}", s.enterprise);

        let bad = post(
            &coordinator,
            &format!("{page}/personal"),
            &[
                ("person_id", "abc".into()),
                ("form", "employed".into()),
                ("hours_per_week", "70".into()),
                ("role_title", "Kock".into()),
                ("starts_on", "2025-06-01".into()),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("error-summary"));
        assert!(bad.body.contains("Skriv timmar per vecka mellan 0 och 60"));
        assert!(bad.body.contains("value=\"Kock\""), "the input is kept");

        let linked = post(
            &coordinator,
            &format!("{page}/personal"),
            &[
                ("person_id", s.person.to_string()),
                ("form", "wage-subsidy".into()),
                ("hours_per_week", "37,5".into()),
                ("starts_on", "2025-06-01".into()),
            ],
        )
        .await;
        assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
        let shown = coordinator.get(&page).await;
        assert!(shown.body.contains("Testa Anställdsson"));
        assert!(
            shown
                .body
                .contains("Anställd med lönebidrag eller lönestöd")
        );
        assert!(shown.body.contains("37,5"));
        let person = s.person;
        for action in ["enterprise.membership-add", "enterprise.membership-read"] {
            assert_eq!(
                app.scalar(&format!(
                    "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' \
                     AND records LIKE '%person:{person}%'"
                ))
                .await,
                1,
                "{action}"
            );
        }
        let programme = coordinator
            .get(&format!("/program/{}", s.programme))
            .await
            .body;
        assert!(
            programme.contains("Deltagare som har haft en anställning i ett socialt företag: 1")
        );
        assert!(
            programme.contains("Deltagare som har en anställning i ett socialt företag i dag: 1")
        );

        // The coordinator enters figures that declare no one from the target group: the
        // linked employee exceeds that, and the page says so.
        let saved = post(&coordinator, &format!("{page}/nyckeltal"), &figures("0")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = coordinator.get(&page).await.body;
        assert!(shown.contains("Fler deltagare är kopplade som anställda (1)"));
        assert!(shown.contains("0 av 10 anställda den 2025-12-31"));
        assert!(shown.contains("uppfyller inte kravet"));

        let membership = app
            .scalar("SELECT MAX(id) FROM enterprise_memberships")
            .await;
        let early = post(
            &coordinator,
            &format!("{page}/personal/{membership}/avsluta"),
            &[("ends_on", "2025-05-31".into()), ("bekraftat", "1".into())],
        )
        .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            early
                .body
                .contains("Slutdatum kan inte vara före startdatum (2025-06-01)")
        );
        let ended = post(
            &coordinator,
            &format!("{page}/personal/{membership}/avsluta"),
            &[("ends_on", "2025-10-31".into()), ("bekraftat", "1".into())],
        )
        .await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER);
        let programme = coordinator
            .get(&format!("/program/{}", s.programme))
            .await
            .body;
        assert!(programme.contains("har haft en anställning i ett socialt företag: 1"));
        assert!(programme.contains("har en anställning i ett socialt företag i dag: 0"));

        // A coordinator of another operator sees neither the enterprise nor its staff.
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        assert_eq!(outsider.get(&page).await.status, StatusCode::NOT_FOUND);
        let refused = post(
            &outsider,
            &format!("{page}/personal"),
            &[("person_id", s.person.to_string())],
        )
        .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(
    the_enterprise_role_enters_figures_for_its_own_enterprise_only,
    |app| {
        let s = setting(app).await;
        let (client, user) = representative(app, "foretag", s.enterprise).await;
        let own = client.get("/mitt-foretag").await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("Kustens Café"));
        assert!(own.body.contains("Andelen kan inte beräknas förrän"));

        let bad = post(&client, "/mitt-foretag/nyckeltal", &figures("11")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.body.contains(
                "Antalet från målgruppen kan inte vara större än antalet anställda (10)."
            )
        );
        assert!(
            bad.body.contains("value=\"2 400 000\""),
            "the input is kept"
        );

        let saved = post(&client, "/mitt-foretag/nyckeltal", &figures("3")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let own = client.get("/mitt-foretag").await.body;
        assert!(own.contains("3 av 10 anställda den 2025-12-31"));
        assert!(own.contains("30,0\u{a0}%"));
        assert!(own.contains("uppfyller kravet på minst 30 %"));
        assert!(!own.contains("Anställdsson"), "counts, never names");

        // The register and another enterprise stay closed.
        assert_eq!(
            client
                .get(&format!("/foretag/{}", s.enterprise))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let token =
            stegvis_app::users::create_api_token(&app.app, &Actor::system("test"), user, "t")
                .await
                .unwrap();
        let body = json!({
            "turnover": "100000", "result": "0", "wage_costs": "0", "public_revenue": "0",
            "reinvested_surplus": "0", "counted_on": "2025-12-31", "employees": 2,
            "target_group": 1, "annual_work_units": "1.5"
        });
        let other = client
            .api(
                Method::PUT,
                &format!("/api/v1/enterprises/{}/figures/2025", s.other_enterprise),
                &token,
                Some(body.clone()),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let replaced = client
            .api(
                Method::PUT,
                &format!("/api/v1/enterprises/{}/figures/2025", s.enterprise),
                &token,
                Some(body),
            )
            .await;
        assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
        assert_eq!(replaced.json()["reserved_share"]["percent"], "50.0");
        assert_eq!(replaced.json()["reserved_share"]["qualifies"], true);
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'enterprise.figures-save'"
            )
            .await,
            2
        );

        let unlinked = app.logged_in("ensam", "enterprise", None).await;
        assert_eq!(
            unlinked.get("/mitt-foretag").await.status,
            StatusCode::NOT_FOUND
        );
    }
);

on_both_engines!(
    the_api_answers_201_and_422_problem_documents_for_memberships_figures_and_updates,
    |app| {
        let s = setting(app).await;
        let client = app.client();
        let token = app.token("sam-api", "coordinator", Some(s.kommun)).await;
        let base = format!("/api/v1/enterprises/{}", s.enterprise);

        let bad = client
            .api(
                Method::POST,
                &format!("{base}/memberships"),
                &token,
                Some(json!({"person_id": s.person, "form": "boss", "starts_on": "2099-01-01"})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.header("content-type"), "application/problem+json");
        let fields: Vec<String> = bad.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(fields.contains(&"form".to_string()));
        assert!(fields.contains(&"starts_on".to_string()));

        let created = client
            .api(
                Method::POST,
                &format!("{base}/memberships"),
                &token,
                Some(json!({"person_id": s.person, "form": "work-training", "hours_per_week": "20", "starts_on": "2025-03-01"})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let membership = created.json()["id"].as_i64().unwrap();
        let listed = client
            .api(Method::GET, &format!("{base}/memberships"), &token, None)
            .await;
        assert_eq!(listed.json()[0]["person_id"], s.person);
        assert_eq!(listed.json()[0]["hours_per_week"], "20.0");
        assert!(!listed.body.contains("Anställdsson"), "ids only");
        let ended = client
            .api(
                Method::DELETE,
                &format!("{base}/memberships/{membership}?ends_on=2025-09-30"),
                &token,
                None,
            )
            .await;
        assert_eq!(ended.status, StatusCode::NO_CONTENT);

        let figures = json!({
            "turnover": "1 000", "result": "-5", "wage_costs": "0", "public_revenue": "2000",
            "reinvested_surplus": "0", "counted_on": "2025-12-31", "employees": 0,
            "target_group": 0, "annual_work_units": "0"
        });
        let refused = client
            .api(
                Method::POST,
                &format!("{base}/figures/2025"),
                &token,
                Some(figures),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("public_revenue"));
        let figures = json!({
            "turnover": "1000", "result": "-5", "wage_costs": "0", "public_revenue": "0",
            "reinvested_surplus": "0", "counted_on": "2025-12-31", "employees": 0,
            "target_group": 0, "annual_work_units": "0"
        });
        let saved = client
            .api(
                Method::POST,
                &format!("{base}/figures/2025"),
                &token,
                Some(figures),
            )
            .await;
        assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
        assert!(
            saved.json()["reserved_share"].is_null(),
            "no employees: not computable"
        );
        let read = client
            .api(Method::GET, &format!("{base}/figures"), &token, None)
            .await;
        assert_eq!(read.json()["years"][0]["result"], "-5.00");

        let update = client
            .api(
                Method::PUT,
                &base,
                &token,
                Some(json!({"name": "Kustens Café", "organisationsnummer": "769999-0004", "legal_form": "ekonomisk-forening", "registered_on": "2012-05-14"})),
            )
            .await;
        assert_eq!(update.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(update.body.contains("organisationsnummer"));
        let update = client
            .api(
                Method::PUT,
                &base,
                &token,
                Some(json!({"name": "Kustens Café och Catering", "organisationsnummer": "769999-0003", "legal_form": "ekonomisk-forening", "registered_on": "2012-05-14"})),
            )
            .await;
        assert_eq!(update.status, StatusCode::OK, "{}", update.body);
        assert_eq!(update.json()["name"], "Kustens Café och Catering");

        let support = client
            .api(
                Method::POST,
                &format!("{base}/support"),
                &token,
                Some(json!({"kind": "almi", "year": 2024, "amount": "45000"})),
            )
            .await;
        assert_eq!(support.status, StatusCode::CREATED, "{}", support.body);
        let rows = client
            .api(Method::GET, &format!("{base}/support"), &token, None)
            .await;
        assert_eq!(rows.json()[0]["amount"], "45000.00");
    }
);

on_both_engines!(
    the_public_directory_shows_qualification_from_head_counts_but_no_persons,
    |app| {
        let s = setting(app).await;
        let coordinator = app.logged_in("sam", "coordinator", Some(s.kommun)).await;
        let linked = post(
            &coordinator,
            &format!("/foretag/{}/personal", s.enterprise),
            &[
                ("person_id", s.person.to_string()),
                ("form", "employed".into()),
                ("starts_on", "2025-06-01".into()),
            ],
        )
        .await;
        assert_eq!(linked.status, StatusCode::SEE_OTHER);
        let saved = post(
            &coordinator,
            &format!("/foretag/{}/nyckeltal", s.enterprise),
            &figures("4"),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);

        let anonymous = app.client();
        let directory = anonymous.get("/sociala-foretag").await.body;
        assert!(directory.contains("Ja: 4 av 10 anställda (40,0\u{a0}%) den 2025-12-31."));
        assert!(
            directory.contains("Ännu inte angivet"),
            "Returverket has no figures"
        );
        assert!(!directory.contains("Anställdsson"));
        let open = anonymous.get("/api/v1/public/enterprises").await;
        let cafe = open
            .json()
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "Kustens Café")
            .cloned()
            .unwrap();
        assert_eq!(cafe["reserved_contracts_eligible"], true);
        assert_eq!(cafe["reserved_share_numerator"], 4);
        assert!(!open.body.contains("Anställdsson"));
        let csv = anonymous.get("/api/v1/public/enterprises.csv").await.body;
        assert!(csv.contains(",true,4,10,2025-12-31"));
    }
);

on_both_engines!(
    user_add_links_an_enterprise_account_and_refuses_the_wrong_combinations,
    |app| {
        let s = setting(app).await;
        let enterprise = s.enterprise.to_string();
        let add = |username: &'static str, role: &'static str, flag: Option<String>| {
            let url = app.database_url.clone();
            async move {
                let mut args = vec![
                    "user".to_string(),
                    "add".into(),
                    "--username".into(),
                    username.into(),
                    "--role".into(),
                    role.into(),
                    "--password-stdin".into(),
                ];
                if let Some(id) = flag {
                    args.push("--enterprise".into());
                    args.push(id);
                }
                let borrowed: Vec<&str> = args.iter().map(String::as_str).collect();
                stegvis(&borrowed, &url, Some("ett säkert lösenord\n")).await
            }
        };
        let missing = add("utan", "enterprise", None).await;
        assert!(!missing.success);
        assert!(
            missing.stderr.contains("--enterprise"),
            "{}",
            missing.stderr
        );
        let wrong_role = add("fel", "participant", Some(enterprise.clone())).await;
        assert!(!wrong_role.success);
        assert!(
            wrong_role
                .stderr
                .contains("Only an account with the role enterprise representative"),
            "{}",
            wrong_role.stderr
        );
        let unknown = add("okand", "enterprise", Some("999999".into())).await;
        assert!(!unknown.success);
        let out = add("foretag", "enterprise", Some(enterprise.clone())).await;
        assert!(out.success, "{}", out.stderr);
        let user: i64 = out.stdout.trim().parse().unwrap();
        assert_eq!(
            app.scalar(&format!(
                "SELECT enterprise_id FROM users WHERE id = {user}"
            ))
            .await
            .to_string(),
            enterprise
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'user.create' \
                 AND records LIKE '%enterprise:{enterprise}%'"
            ))
            .await,
            1
        );
    }
);
