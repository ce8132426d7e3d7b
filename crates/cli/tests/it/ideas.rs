//! Business ideas: the board, stage decisions, the team's access, the business plan builder
//! and the API.

use reqwest::{Method, StatusCode};
use serde_json::json;
use stegvis_app::Actor;
use stegvis_app::persons::ReferralInput;
use stegvis_domain::person::PersonInput;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{Client, TestApp, on_both_engines};

struct Setting {
    kommun: i64,
    programme: i64,
    coordinator: Client,
    /// A participant account linked to `person`.
    member: Client,
    person: i64,
}

async fn person(app: &TestApp, programme: i64, personnummer: &str, given: &str) -> i64 {
    stegvis_app::persons::register(
        &app.app,
        &Actor::system("test"),
        &ReferralInput {
            person: PersonInput {
                personnummer: personnummer.into(),
                given_name: given.into(),
                family_name: "Testsson".into(),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: stegvis_domain::timestamp::format_date(app.today()),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap()
    .person_id
}

/// A participant login linked to a person.
async fn participant(app: &TestApp, username: &str, person: i64) -> Client {
    let user = app.user(username, "participant", None).await;
    app.sql(&format!(
        "UPDATE users SET person_id = {person} WHERE id = {user}"
    ))
    .await;
    let client = app.client();
    client.login(username, stegvis_testkit::PASSWORD).await;
    client
}

async fn setting(app: &TestApp) -> Setting {
    let kommun = app.organisation("VVK", "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: "Sociala företag".into(),
            operator_id: kommun.to_string(),
            starts_on: "2026-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    let person = person(app, programme, "19800101-9804", "Linnea").await;
    Setting {
        kommun,
        programme,
        coordinator: app.logged_in("sam", "coordinator", Some(kommun)).await,
        member: participant(app, "linnea", person).await,
        person,
    }
}

/// Creates an idea through the form; returns its id.
async fn create(s: &Setting, title: &str) -> i64 {
    let programme = s.programme.to_string();
    let page = s
        .coordinator
        .post_form(
            "/ideer/ny",
            &[
                ("programme_id", programme.as_str()),
                ("title", title),
                ("what_it_sells", "Cykelreparationer"),
                ("work_integration", "Arbetsträning för tre personer"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location()
        .trim_start_matches("/ideer/")
        .parse()
        .unwrap()
}

on_both_engines!(
    a_coordinator_creates_an_idea_and_moves_it_along_the_board,
    |app| {
        let s = setting(app).await;
        let id = create(&s, "Cykelverkstan").await;
        let shown = s.coordinator.get(&format!("/ideer/{id}")).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("Cykelreparationer"));
        let board = s.coordinator.get("/ideer").await.body;
        assert!(board.contains("<h2 id=\"stage-idea\">Idé"));
        assert!(board.contains("Flytta till Förstudie"));

        let moved = s
            .coordinator
            .post_form(
                &format!("/ideer/{id}/steg"),
                &[("stage", "pre-study"), ("fran", "tavla")],
            )
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
        assert_eq!(moved.location(), format!("/ideer#idea-{id}"));
        let list = s.coordinator.get("/ideer?vy=lista").await.body;
        assert!(list.contains("<td>Förstudie</td>"));
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM idea_stage_changes WHERE idea_id = {id}"
            ))
            .await,
            2
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'idea.stage'")
                .await,
            1
        );
    }
);

on_both_engines!(
    a_stage_jump_or_a_move_back_without_a_note_is_refused_with_a_message,
    |app| {
        let s = setting(app).await;
        let id = create(&s, "Cykelverkstan").await;
        let jump = s
            .coordinator
            .post_form(&format!("/ideer/{id}/steg"), &[("stage", "founding")])
            .await;
        assert_eq!(jump.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(jump.body.contains("ett steg i taget"));
        s.coordinator
            .post_form(&format!("/ideer/{id}/steg"), &[("stage", "pre-study")])
            .await
            .expect(StatusCode::SEE_OTHER);
        let back = s
            .coordinator
            .post_form(&format!("/ideer/{id}/steg"), &[("stage", "idea")])
            .await;
        assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(back.body.contains("Skriv varför idén flyttas tillbaka"));
        let with_note = s
            .coordinator
            .post_form(
                &format!("/ideer/{id}/steg"),
                &[("stage", "idea"), ("note", "Gruppen vill tänka om")],
            )
            .await;
        assert_eq!(with_note.status, StatusCode::SEE_OTHER);
        let shown = s.coordinator.get(&format!("/ideer/{id}")).await.body;
        assert!(shown.contains("Gruppen vill tänka om"));
    }
);

on_both_engines!(
    a_bad_idea_form_is_shown_again_with_the_input_and_a_message,
    |app| {
        let s = setting(app).await;
        let page = s
            .coordinator
            .post_form(
                "/ideer/ny",
                &[("title", "  "), ("what_it_sells", "Lunch och catering")],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Det finns fel i formuläret"));
        assert!(page.body.contains("Fyll i det här fältet."));
        assert!(page.body.contains("Lunch och catering"));
        assert!(page.body.contains("href=\"#f-programme_id\""));
    }
);

on_both_engines!(
    a_team_member_edits_the_idea_and_saves_plan_versions_that_the_coach_comments,
    |app| {
        let s = setting(app).await;
        let id = create(&s, "Cykelverkstan").await;
        let person = s.person.to_string();
        let added = s
            .coordinator
            .post_form(
                &format!("/ideer/{id}/team"),
                &[("person_id", person.as_str()), ("role", "Grundare")],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let adviser = s
            .coordinator
            .post_form(
                &format!("/ideer/{id}/team"),
                &[("name", "Eva Rådgivare"), ("role", "Coompanion")],
            )
            .await;
        assert_eq!(adviser.status, StatusCode::SEE_OTHER);

        let board = s.member.get("/ideer").await;
        assert_eq!(board.status, StatusCode::OK);
        assert!(board.body.contains("Cykelverkstan"));
        assert!(
            !board.body.contains("Flytta till"),
            "a participant does not move stages"
        );
        let shown = s.member.get(&format!("/ideer/{id}")).await.body;
        assert!(shown.contains("Eva Rådgivare"));
        let edited = s
            .member
            .post_form(
                &format!("/ideer/{id}/redigera"),
                &[("title", "Cykelverkstan i Västervik")],
            )
            .await;
        assert_eq!(edited.status, StatusCode::SEE_OTHER);
        let refused = s
            .member
            .post_form(&format!("/ideer/{id}/steg"), &[("stage", "pre-study")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        for customers in ["Privatpersoner", "Privatpersoner och kommunen"] {
            let saved = s
                .member
                .post_form(
                    &format!("/ideer/{id}/plan"),
                    &[
                        ("customers", customers),
                        ("founders", "3"),
                        ("member_democracy", "on"),
                    ],
                )
                .await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        }
        let comment = s
            .coordinator
            .post_form(
                &format!("/ideer/{id}/plan/versioner/2/kommentar"),
                &[("body", "Räkna på vinterhalvåret också.")],
            )
            .await;
        assert_eq!(comment.status, StatusCode::SEE_OTHER);
        let plan = s.member.get(&format!("/ideer/{id}/plan")).await.body;
        assert!(plan.contains("Privatpersoner och kommunen"));
        assert!(plan.contains("Version 2"));
        assert!(plan.contains("Version 1"));
        assert!(plan.contains("Räkna på vinterhalvåret också."));
        assert!(plan.contains("<strong>Ekonomisk förening</strong>: passar"));
        assert!(!plan.contains("/kommentar\""), "only the coach comments");
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM idea_plan_versions WHERE idea_id = {id}"
            ))
            .await,
            2
        );
    }
);

on_both_engines!(
    others_do_not_see_an_idea_outside_their_team_or_role,
    |app| {
        let s = setting(app).await;
        let id = create(&s, "Cykelverkstan").await;
        let stranger_person = person(app, s.programme, "19800102-9803", "Kim").await;
        let stranger = participant(app, "kim", stranger_person).await;
        assert_eq!(
            stranger.get(&format!("/ideer/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(!stranger.get("/ideer").await.body.contains("Cykelverkstan"));
        let fk = app.organisation("FK", "forsakringskassan").await;
        let officer = app.logged_in("hans", "case-officer", Some(fk)).await;
        assert_eq!(
            officer.get(&format!("/ideer/{id}")).await.status,
            StatusCode::FORBIDDEN
        );
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim-k", "coordinator", Some(other)).await;
        assert_eq!(
            outsider.get(&format!("/ideer/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

on_both_engines!(reading_an_idea_is_audited_with_its_team_members, |app| {
    let s = setting(app).await;
    let id = create(&s, "Cykelverkstan").await;
    let person = s.person.to_string();
    s.coordinator
        .post_form(
            &format!("/ideer/{id}/team"),
            &[("person_id", person.as_str())],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
    s.coordinator.get(&format!("/ideer/{id}")).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events e JOIN audit_records r ON r.seq = e.seq \
                 WHERE e.action = 'idea.read' AND r.kind = 'person' AND r.record_id = {}",
            s.person
        ))
        .await,
        1
    );
});

on_both_engines!(
    the_api_creates_ideas_records_stages_and_saves_plan_versions,
    |app| {
        let s = setting(app).await;
        let token = app.token("sam-api", "coordinator", Some(s.kommun)).await;
        let client = app.client();
        let created = client
            .api(
                Method::POST,
                "/api/v1/ideas",
                &token,
                Some(json!({"programme_id": s.programme, "title": "Catering"})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.json()["id"].as_i64().unwrap();
        assert_eq!(created.json()["stage"], "idea");

        let bad = client
            .api(
                Method::POST,
                "/api/v1/ideas",
                &token,
                Some(json!({"programme_id": s.programme, "title": ""})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.header("content-type")
                .starts_with("application/problem+json")
        );

        let jump = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/stage"),
                &token,
                Some(json!({"stage": "operating"})),
            )
            .await;
        assert_eq!(jump.status, StatusCode::UNPROCESSABLE_ENTITY);
        let moved = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/stage"),
                &token,
                Some(json!({"stage": "pre-study"})),
            )
            .await;
        assert_eq!(moved.status, StatusCode::NO_CONTENT);

        let unknown = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                Some(json!({"sections": {"weather": "sunny"}})),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let saved = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                Some(json!({
                    "sections": {"customers": "Företag i Västervik"},
                    "legal_form_answers": {"founders": 3, "member_democracy": true},
                    "chosen_legal_form": "ekonomisk-forening"
                })),
            )
            .await;
        assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
        assert_eq!(saved.json()["version"], 1);
        let plans = client
            .api(
                Method::GET,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                None,
            )
            .await;
        assert_eq!(
            plans.json()[0]["sections"]["customers"],
            "Företag i Västervik"
        );
        assert_eq!(plans.json()[0]["chosen_legal_form"], "ekonomisk-forening");
        let shown = client
            .api(Method::GET, &format!("/api/v1/ideas/{id}"), &token, None)
            .await;
        assert_eq!(shown.json()["history"].as_array().unwrap().len(), 2);
    }
);

/// The numbers of a small bike workshop: one kind of repair, a part-time mechanic with wage
/// subsidy, a tool investment and a loan.
const NUMBERS: [(&str, &str); 17] = [
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
];

/// The loan's fields, posted with [`NUMBERS`].
const LOAN: [(&str, &str); 5] = [
    ("financing-1-kind", "loan"),
    ("financing-1-amount", "150 000"),
    ("financing-1-interest", "6"),
    ("financing-1-term", "60"),
    ("financing-1-grace", "6"),
];

fn numbers() -> Vec<(&'static str, &'static str)> {
    NUMBERS.iter().chain(LOAN.iter()).copied().collect()
}

/// The steps of the numbers with the prefixes of the fields each asks for.
const STEPS: [(&str, &[&str]); 4] = [
    ("forsaljning", &["first-month", "vat-period", "revenue-"]),
    ("kostnader", &["cost-"]),
    ("personal", &["staff-"]),
    ("start-och-finansiering", &["startup-", "financing-"]),
];

/// The fields of [`numbers`] that `step` asks for, with the step and the "Nästa" button.
fn step_fields(step: &'static str) -> Vec<(&'static str, &'static str)> {
    let prefixes = STEPS
        .iter()
        .find(|(code, _)| *code == step)
        .map(|(_, prefixes)| *prefixes)
        .unwrap_or_default();
    let mut fields: Vec<_> = numbers()
        .into_iter()
        .filter(|(name, _)| prefixes.iter().any(|p| name.starts_with(p)))
        .collect();
    fields.extend([("steg", step), ("ga", "nasta")]);
    fields
}

/// Saves [`numbers`] as the page asks for them: one step after the other, each with "Nästa".
/// The costs step has no lines, so it adds no version: three versions in all.
async fn save_numbers_by_steps(client: &Client, id: i64) {
    for (step, _) in STEPS {
        let saved = client
            .post_form(&format!("/ideer/{id}/plan/siffror"), &step_fields(step))
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{step}: {}",
            saved.body
        );
    }
}

/// An idea with `s.person` in its team; returns its id.
async fn idea_with_team(s: &Setting) -> i64 {
    let id = create(s, "Cykelverkstan").await;
    let person = s.person.to_string();
    let added = s
        .coordinator
        .post_form(
            &format!("/ideer/{id}/team"),
            &[("person_id", person.as_str())],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    id
}

async fn versions(app: &TestApp, id: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM idea_plan_versions WHERE idea_id = {id}"
    ))
    .await
}

on_both_engines!(
    a_team_member_saves_the_numbers_step_by_step_and_sees_the_summary_at_the_top_of_the_plan,
    |app| {
        let s = setting(app).await;
        let id = idea_with_team(&s).await;
        let text = s
            .member
            .post_form(
                &format!("/ideer/{id}/plan"),
                &[("customers", "Cyklister i Västervik")],
            )
            .await;
        assert_eq!(text.status, StatusCode::SEE_OTHER, "{}", text.body);
        let empty = s.member.get(&format!("/ideer/{id}/plan/siffror")).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.body.contains("Steg 1 av 5: Försäljning"));
        assert!(
            empty
                .body
                .contains("?steg=forsaljning\" aria-current=\"step\">Försäljning</a>"),
            "the step list says where the team is"
        );
        assert!(
            !empty.body.contains("name=\"staff-1-role\""),
            "the sales step asks only for sales"
        );

        let sales = s
            .member
            .post_form(
                &format!("/ideer/{id}/plan/siffror"),
                &step_fields("forsaljning"),
            )
            .await;
        assert_eq!(sales.status, StatusCode::SEE_OTHER, "{}", sales.body);
        assert_eq!(
            sales.location(),
            format!("/ideer/{id}/plan/siffror?steg=kostnader"),
            "Nästa goes to the costs"
        );
        save_numbers_by_steps(&s.member, id).await;
        // Text, sales; the second round changes only the staff and the start-up budget.
        assert_eq!(versions(app, id).await, 4);

        let results = s
            .member
            .get(&format!("/ideer/{id}/plan/siffror?steg=resultat"))
            .await
            .body;
        assert!(results.contains("Steg 5 av 5: Resultat"));
        assert!(results.contains("<caption>Likviditetsbudget</caption>"));
        assert!(results.contains("<caption>Nollpunkt</caption>"));
        assert!(results.contains("Uträknat från version 4."));
        assert!(results.contains(&format!("/ideer/{id}/plan/versioner/4/pdf")));
        assert!(
            results.contains("<td class=\"number\">"),
            "amounts are aligned to the right"
        );

        let plan = s.member.get(&format!("/ideer/{id}/plan")).await.body;
        let summary = plan.find("Sammanfattning av siffrorna").unwrap();
        let chart = plan.find("<svg class=\"chart\" role=\"img\"").unwrap();
        assert!(
            summary < chart && chart < plan.find("name=\"customers\"").unwrap(),
            "the summary and its charts come before the plan's text"
        );
        assert!(plan.contains("Försäljning och resultat per år, tusen kronor"));
        assert!(plan.contains("Kassan vid slutet av varje månad"));
        assert!(plan.contains("Samlat resultat sedan starten"));
        assert!(
            plan.contains("Kassan räcker"),
            "the liquidity sentence is there"
        );
        assert!(
            plan.contains("Cyklister i Västervik"),
            "the text carries over"
        );
        // Saving the text again keeps the numbers in the new version.
        let again = s
            .member
            .post_form(
                &format!("/ideer/{id}/plan"),
                &[("customers", "Cyklister och kommunen")],
            )
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        let latest = s
            .member
            .get(&format!("/ideer/{id}/plan/siffror?steg=personal"))
            .await
            .body;
        assert!(latest.contains("value=\"Mekaniker\""));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'idea.plan-save'")
                .await,
            5
        );
    }
);

on_both_engines!(saving_one_step_keeps_every_other_steps_numbers, |app| {
    let s = setting(app).await;
    let id = idea_with_team(&s).await;
    save_numbers_by_steps(&s.member, id).await;
    let costs = s
        .member
        .post_form(
            &format!("/ideer/{id}/plan/siffror"),
            &[
                ("steg", "kostnader"),
                ("ga", "foregaende"),
                ("cost-1-name", "Lokalhyra"),
                ("cost-1-kind", "fixed"),
                ("cost-1-amount", "7 500"),
                ("cost-1-vat", "25"),
                ("cost-1-terms", "30"),
            ],
        )
        .await;
    assert_eq!(costs.status, StatusCode::SEE_OTHER, "{}", costs.body);
    assert_eq!(
        costs.location(),
        format!("/ideer/{id}/plan/siffror?steg=forsaljning"),
        "Föregående goes back to the sales"
    );
    assert_eq!(versions(app, id).await, 4);
    for (step, kept) in [
        ("forsaljning", "value=\"Reparationer\""),
        ("kostnader", "value=\"Lokalhyra\""),
        ("kostnader", "value=\"7 500\""),
        ("personal", "value=\"Mekaniker\""),
        ("start-och-finansiering", "value=\"Verktyg\""),
        ("start-och-finansiering", "value=\"Banklån\""),
    ] {
        let page = s
            .member
            .get(&format!("/ideer/{id}/plan/siffror?steg={step}"))
            .await;
        assert!(page.body.contains(kept), "{step} keeps {kept}");
    }
    // Going through a step without changing it adds no version.
    let unchanged = s
        .member
        .post_form(
            &format!("/ideer/{id}/plan/siffror"),
            &step_fields("personal"),
        )
        .await;
    assert_eq!(unchanged.status, StatusCode::SEE_OTHER);
    assert_eq!(versions(app, id).await, 4);
});

on_both_engines!(
    the_coordinator_saves_numbers_and_downloads_the_version_as_pdf_and_xlsx,
    |app| {
        let s = setting(app).await;
        let id = idea_with_team(&s).await;
        save_numbers_by_steps(&s.coordinator, id).await;
        let pdf = s
            .member
            .get(&format!("/ideer/{id}/plan/versioner/3/pdf"))
            .await;
        assert_eq!(pdf.status, StatusCode::OK);
        assert_eq!(pdf.header("content-type"), "application/pdf");
        assert!(pdf.header("content-disposition").starts_with("attachment"));
        assert!(pdf.body.starts_with("%PDF"));
        let xlsx = s
            .coordinator
            .get(&format!("/ideer/{id}/plan/versioner/3/xlsx"))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.header("content-disposition").starts_with("attachment"));
        assert!(
            xlsx.body.starts_with("PK\u{3}\u{4}"),
            "an XLSX file is a zip"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'idea.plan-export'")
                .await,
            2
        );
        assert_eq!(
            s.member
                .get(&format!("/ideer/{id}/plan/versioner/4/pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "there is no version 4"
        );
    }
);

on_both_engines!(
    a_bad_value_re_renders_its_step_with_the_input_and_a_swedish_message_and_saves_nothing,
    |app| {
        let s = setting(app).await;
        let id = idea_with_team(&s).await;
        let mut fields = step_fields("forsaljning");
        fields.retain(|(name, _)| *name != "revenue-1-price");
        fields.push(("revenue-1-price", "fyrahundra"));
        let page = s
            .member
            .post_form(&format!("/ideer/{id}/plan/siffror"), &fields)
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("value=\"fyrahundra\""));
        assert!(page.body.contains("Skriv ett belopp i kronor"));
        assert!(
            page.body.contains("href=\"#f-revenue-1-price\""),
            "the error summary links to the field"
        );
        assert_eq!(versions(app, id).await, 0);

        save_numbers_by_steps(&s.member, id).await;
        let mut staff = step_fields("personal");
        staff.retain(|(name, _)| *name != "staff-1-wage");
        staff.extend([("staff-1-wage", "-5"), ("staff-2-role", "Säljare")]);
        let page = s
            .member
            .post_form(&format!("/ideer/{id}/plan/siffror"), &staff)
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("?steg=personal\" aria-current=\"step\">Personal</a>"),
            "the same step comes back"
        );
        assert!(page.body.contains("value=\"-5\""));
        assert!(
            page.body.contains("value=\"Säljare\""),
            "nothing typed is lost"
        );
        assert_eq!(versions(app, id).await, 3, "nothing is saved");
        let sales = s
            .member
            .get(&format!("/ideer/{id}/plan/siffror?steg=forsaljning"))
            .await;
        assert!(sales.body.contains("value=\"Reparationer\""));
        assert_eq!(
            s.member
                .get(&format!("/ideer/{id}/plan/siffror?steg=okant"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
);

on_both_engines!(
    another_participant_finds_no_numbers_and_a_case_officer_is_refused,
    |app| {
        let s = setting(app).await;
        let id = idea_with_team(&s).await;
        save_numbers_by_steps(&s.member, id).await;
        let stranger_person = person(app, s.programme, "19800102-9803", "Kim").await;
        let stranger = participant(app, "kim", stranger_person).await;
        for path in [
            format!("/ideer/{id}/plan/siffror"),
            format!("/ideer/{id}/plan/versioner/1/pdf"),
        ] {
            assert_eq!(stranger.get(&path).await.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(
            stranger
                .post_form(
                    &format!("/ideer/{id}/plan/siffror"),
                    &step_fields("forsaljning")
                )
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let fk = app.organisation("FK", "forsakringskassan").await;
        let officer = app.logged_in("hans", "case-officer", Some(fk)).await;
        assert_eq!(
            officer
                .get(&format!("/ideer/{id}/plan/versioner/1/xlsx"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);

on_both_engines!(
    the_api_saves_and_returns_a_forecast_with_its_summary_and_refuses_an_impossible_one,
    |app| {
        let s = setting(app).await;
        let id = idea_with_team(&s).await;
        let token = app.token("sam-api", "coordinator", Some(s.kommun)).await;
        let client = app.client();
        let forecast = stegvis_domain::forecast::ForecastForm::from_pairs(numbers())
            .parse()
            .unwrap();
        let forecast = serde_json::to_value(&forecast).unwrap();
        let saved = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                Some(json!({"sections": {"customers": "Cyklister"}, "forecast": forecast})),
            )
            .await;
        assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
        let plans = client
            .api(
                Method::GET,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                None,
            )
            .await
            .json();
        assert_eq!(plans[0]["forecast"], forecast);
        let summary = &plans[0]["forecast_summary"];
        assert!(
            summary["liquidity_low_month"]
                .as_str()
                .unwrap()
                .starts_with("202")
        );
        assert!(summary["financing_gap"].is_string());
        assert!(summary["negative_cash_months"].is_array());

        let mut impossible = forecast.clone();
        impossible["revenue"][0]["price"] = json!("1000000000000.00");
        let refused = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                Some(json!({"forecast": impossible})),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(
            refused
                .header("content-type")
                .starts_with("application/problem+json")
        );
        let text_only = client
            .api(
                Method::POST,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                Some(json!({"sections": {"customers": "Cyklister och kommunen"}})),
            )
            .await;
        assert_eq!(text_only.status, StatusCode::CREATED);
        let plans = client
            .api(
                Method::GET,
                &format!("/api/v1/ideas/{id}/plans"),
                &token,
                None,
            )
            .await
            .json();
        assert_eq!(plans[0]["forecast"], forecast, "the numbers carry over");
    }
);
