//! The socio-economic account over real HTTP: the hand-worked example of `docs/methods.md`
//! ("Socio-economic account") recomputed by hand, on both engines, and the pages, parameters
//! and scenarios around it.

use reqwest::{Method, StatusCode};
use std::collections::BTreeMap;
use stegvis_app::Actor;
use stegvis_domain::programme::{BudgetInput, ProgrammeInput};
use stegvis_domain::socioeconomics::{ParameterInput, ParameterKey, default_parameters};
use stegvis_domain::timestamp::Timestamp;
use stegvis_testkit::{TestApp, on_both_engines};

/// (name, months before on försörjningsstöd, months after on försörjningsstöd, months after
/// in a wage) of the example's five participants, all at 100 %.
const PEOPLE: [(&str, u32, u32, u32); 5] = [
    ("A", 12, 0, 12),
    ("B", 12, 0, 12),
    ("C", 12, 12, 0),
    ("D", 12, 0, 0),
    ("E", 0, 0, 0),
];

fn month(index: u32, first: (i32, u32)) -> String {
    let i = first.0 * 12 + i32::try_from(first.1 - 1 + index).unwrap();
    format!("{:04}-{:02}", i / 12, i % 12 + 1)
}

/// The example's programme with its budget and participants, run by `operator`, with the
/// round-number parameters of the method's example saved for 2025; returns its id.
async fn example(app: &TestApp, operator: i64, fk: i64) -> i64 {
    let system = Actor::system("test");
    let programme = stegvis_app::programmes::create(
        &app.app,
        &system,
        &ProgrammeInput {
            name: "Exempelprogrammet".into(),
            operator_id: operator.to_string(),
            starts_on: "2023-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    for (organisation, amount) in [(operator, "200 000"), (fk, "100 000")] {
        stegvis_app::programmes::set_budget(
            &app.app,
            &system,
            programme,
            &BudgetInput {
                organisation_id: organisation.to_string(),
                year: "2024".into(),
                amount: amount.into(),
            },
        )
        .await
        .unwrap();
    }
    for (name, before, after_support, after_wage) in PEOPLE {
        app.sql(&format!(
            "INSERT INTO persons (operator_id, birth_year, sex, given_name, interpreter_needed, \
             protected_identity, created_at, updated_at) \
             VALUES ({operator}, 1980, 'female', '{name}', FALSE, FALSE, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
        app.sql(&format!(
            "INSERT INTO episodes (person_id, programme_id, status, referred_on, intake_on, exit_on, \
             exit_reason, created_at, updated_at) \
             VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), {programme}, 'exited', \
             '2024-01-15', '2024-01-15', '2024-12-15', 'completed', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
        let rows = (0..before)
            .map(|i| (month(i, (2023, 1)), "forsorjningsstod"))
            .chain((0..after_support).map(|i| (month(i, (2025, 1)), "forsorjningsstod")))
            .chain((0..after_wage).map(|i| (month(i, (2025, 1)), "lon")));
        for (month, source) in rows {
            app.sql(&format!(
                "INSERT INTO income_months (person_id, month, source, share_percent) \
                 VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), '{month}', '{source}', 100)"
            ))
            .await;
        }
    }
    let mut set = default_parameters(2025);
    for p in &mut set.parameters {
        let (low, value, high) = match p.key {
            ParameterKey::CostForsorjningsstod => (1_000_000, 1_000_000, 1_000_000),
            ParameterKey::MonthlyWage => (2_000_000, 2_000_000, 2_000_000),
            ParameterKey::MunicipalTax => (2_000, 2_000, 2_000),
            ParameterKey::RegionalTax => (1_000, 1_000, 1_000),
            ParameterKey::EmployerContributions => (3_000, 3_000, 3_000),
            ParameterKey::Deadweight => (0, 2_000, 4_000),
            ParameterKey::Attribution => (0, 1_000, 2_000),
            ParameterKey::DropOff => (0, 1_000, 2_000),
            ParameterKey::DiscountRate => (0, 0, 500),
            _ => continue,
        };
        (p.low, p.value, p.high) = (low, value, high);
    }
    let values: BTreeMap<String, ParameterInput> = set
        .parameters
        .iter()
        .map(|p| (p.key.code().to_string(), ParameterInput::of(p)))
        .collect();
    let actors = set
        .actors
        .iter()
        .map(|a| (a.source.code().to_string(), a.actor.code().to_string()))
        .collect();
    stegvis_app::socioeconomics::save_parameters(
        &app.app, &system, programme, 2025, &values, &actors,
    )
    .await
    .unwrap();
    app.set_clock(Timestamp::parse("2026-03-01T12:00:00Z").unwrap());
    programme
}

/// The editing form's fields for a set, as the page fills them in.
fn parameter_fields(set: &stegvis_domain::socioeconomics::ParameterSet) -> Vec<(String, String)> {
    let mut fields = vec![("year".to_string(), set.year.to_string())];
    for p in &set.parameters {
        let input = ParameterInput::of(p);
        let code = p.key.code();
        fields.extend([
            (format!("value-{code}"), input.value),
            (format!("low-{code}"), input.low),
            (format!("high-{code}"), input.high),
            (format!("source-{code}"), input.source),
            (format!("dated-{code}"), input.dated),
            (format!("note-{code}"), input.note),
        ]);
        if input.checked {
            fields.push((format!("checked-{code}"), "on".into()));
        }
    }
    for a in &set.actors {
        fields.push((format!("actor-{}", a.source.code()), a.actor.code().into()));
    }
    fields
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn actor<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["actor"] == code)
        .unwrap()
}

fn horizon(actor: &serde_json::Value, years: u64) -> &serde_json::Value {
    actor["horizons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["years"] == years)
        .unwrap()
}

on_both_engines!(
    the_hand_worked_example_of_the_method_gives_every_figure_of_the_account,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let token = app.token("samordnare", "coordinator", Some(operator)).await;
        let page = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=5"),
                &token,
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        assert_eq!(json["followed_up"], 5);
        assert_eq!(json["parameter_version"], 1);
        assert_eq!(json["window_months"], 12);
        let inputs = json["inputs"].as_array().unwrap();
        let fs = inputs
            .iter()
            .find(|i| i["source"] == "forsorjningsstod")
            .unwrap();
        assert_eq!(fs["fte_months_before"], 48.0);
        assert_eq!(fs["fte_months_after"], 12.0);
        let wage = inputs.iter().find(|i| i["source"] == "lon").unwrap();
        assert_eq!(wage["fte_months_after"], 24.0);
        // The yearly change before adjustments.
        let kommun = actor(&json, "kommunen");
        assert_eq!(kommun["investment"], "200000.00");
        assert_eq!(kommun["annual"]["support"], "360000.00");
        assert_eq!(kommun["annual"]["taxes"], "96000.00");
        assert_eq!(kommun["annual"]["total"], "456000.00");
        assert_eq!(actor(&json, "regionen")["annual"]["total"], "48000.00");
        assert_eq!(
            actor(&json, "forsakringskassan")["annual"]["taxes"],
            "144000.00"
        );
        let individ = actor(&json, "individen");
        assert_eq!(individ["annual"]["support"], "-360000.00");
        assert_eq!(individ["annual"]["wages"], "336000.00");
        assert_eq!(individ["annual"]["total"], "-24000.00");
        let society = actor(&json, "samhallet");
        assert_eq!(society["investment"], "300000.00");
        assert_eq!(society["annual"]["production"], "624000.00");
        // Year by year for the municipality: × 0,8 × 0,9, then × 0,9 a year, no discounting.
        let years: Vec<&str> = kommun["years"]
            .as_array()
            .unwrap()
            .iter()
            .take(5)
            .map(|y| y["gain"].as_str().unwrap())
            .collect();
        assert_eq!(
            years,
            [
                "328320.00",
                "295488.00",
                "265939.20",
                "239345.28",
                "215410.75"
            ]
        );
        assert_eq!(horizon(kommun, 1)["net"], "128320.00");
        assert_eq!(horizon(kommun, 5)["gains"], "1344503.23");
        assert_eq!(horizon(kommun, 5)["net"], "1144503.23");
        assert_eq!(horizon(kommun, 10)["gains"], "2138418.96");
        assert_eq!(kommun["payback_years"], 0.6);
        assert_eq!(horizon(actor(&json, "regionen"), 5)["gains"], "141526.66");
        let fk_actor = actor(&json, "forsakringskassan");
        assert_eq!(horizon(fk_actor, 5)["net"], "324579.97");
        assert_eq!(fk_actor["payback_years"], 1.0);
        assert_eq!(horizon(individ, 5)["net"], "-70763.33");
        assert_eq!(horizon(society, 1)["net"], "149280.00");
        assert_eq!(horizon(society, 5)["gains"], "1839846.53");
        assert_eq!(horizon(society, 5)["net"], "1539846.53");
        assert!((horizon(society, 1)["ratio"].as_f64().unwrap() - 1.4976).abs() < 1e-9);
        assert_eq!(society["payback_years"], 0.7);
        // The range at five years: every assumption at its pessimistic or optimistic end.
        assert_eq!(society["net_low"], "590477.91");
        assert_eq!(society["net_base"], "1539846.53");
        assert_eq!(society["net_high"], "2820000.00");
        assert_eq!(kommun["net_low"], "450733.87");
        assert_eq!(kommun["net_high"], "2080000.00");
        assert_eq!(json["drivers"][0]["parameter"], "deadweight");
    }
);

on_both_engines!(
    the_account_page_shows_each_actor_with_a_chart_and_its_table_and_the_sources,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let page = client
            .get(&format!(
                "/program/{programme}/socioekonomi?parametrar=2025&horisont=5"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for text in [
            "Samhället som helhet",
            "Staten via Försäkringskassan",
            "1\u{a0}144\u{a0}503\u{a0}kr",
            "chart-socio-kommunen",
            "Arbetsgivaravgifter",
            "version 1",
        ] {
            assert!(page.body.contains(text), "{text}");
        }
        let xlsx = client
            .get(&format!(
                "/program/{programme}/socioekonomi.xlsx?parametrar=2025"
            ))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(xlsx.header("content-type").contains("spreadsheetml"));
        let bad = client
            .get(&format!("/program/{programme}/socioekonomi?horisont=3"))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
);

on_both_engines!(
    changing_one_parameter_changes_the_results_as_the_method_says,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let form = client
            .get(&format!(
                "/program/{programme}/socioekonomi/parametrar?ar=2025"
            ))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let stored = stegvis_app::socioeconomics::parameters(
            &app.app,
            &Actor::system("test"),
            programme,
            2025,
        )
        .await
        .unwrap()
        .1;
        let mut fields = parameter_fields(&stored.set);
        // Deadweight 20 % → 0 %: the municipality's year-1 gain becomes 456 000 × 0,9.
        for (name, value) in &mut fields {
            if name == "value-deadweight" {
                *value = "0".into();
            }
        }
        let saved = client
            .post_form(
                &format!("/program/{programme}/socioekonomi/parametrar"),
                &borrowed(&fields),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let token = app.token("api", "coordinator", Some(operator)).await;
        let json = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=1"),
                &token,
                None,
            )
            .await
            .json();
        assert_eq!(json["parameter_version"], 2);
        assert_eq!(actor(&json, "kommunen")["years"][0]["gain"], "410400.00");
        // A value out of its range is refused with the form kept.
        for (name, value) in &mut fields {
            if name == "value-deadweight" {
                *value = "80".into();
            }
        }
        let refused = client
            .post_form(
                &format!("/program/{programme}/socioekonomi/parametrar"),
                &borrowed(&fields),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("value=\"80\""));
    }
);

on_both_engines!(
    a_scenario_for_an_application_is_made_from_a_typical_case_and_shows_the_account,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let client = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let form = client
            .get(&format!("/program/{programme}/scenarier/ny"))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.body.contains("50 % jobb i socialt företag"));
        let saved = client
            .post_form(
                &format!("/program/{programme}/scenarier/ny"),
                &[
                    ("name", "Ansökan 2027"),
                    ("parameter_year", "2025"),
                    ("investment-kommunen", "500 000"),
                    (
                        "case-1-name",
                        "100 % försörjningsstöd i 2 år → 50 % jobb efter 12 månader",
                    ),
                    ("case-1-participants", "10"),
                    ("case-1-source", "forsorjningsstod"),
                    ("case-1-share_before", "100"),
                    ("case-1-share_after", "0"),
                    ("case-1-job_share", "50"),
                    ("case-1-months_to_outcome", "12"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let shown = client.get(saved.header("location")).await;
        assert_eq!(shown.status, StatusCode::OK);
        // 10 people from 100 % försörjningsstöd to a 50 % job after 12 months: nothing in
        // year 1, then 10 × 12 × (10 000 + 10 000 × 20 %) × 0,72 = 1 036 800 kr for the
        // municipality in year 2.
        assert!(shown.body.contains("Ansökan 2027"));
        assert!(
            shown.body.contains("1\u{a0}036\u{a0}800\u{a0}kr"),
            "{}",
            shown.body
        );
        let list = client.get(&format!("/program/{programme}/scenarier")).await;
        assert!(list.body.contains("Ansökan 2027"));
    }
);

on_both_engines!(
    the_demo_programme_has_an_account_with_gains_and_a_scenario_for_an_application,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let actor = Actor::system("test");
        let programme = stegvis_app::programmes::list(&app.app, &actor)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Sociala företag i Västervik")
            .unwrap();
        let query = stegvis_app::socioeconomics::AccountQuery::parse("", "5", app.today()).unwrap();
        let result =
            stegvis_app::socioeconomics::programme_account(&app.app, &actor, programme.id, query)
                .await
                .unwrap();
        assert!(result.followed >= 5, "{}", result.followed);
        let account = result.account.unwrap();
        let society = &account.actors[6];
        assert!(society.investment.ore() > 0);
        assert!(society.annual.total().ore() > 0, "{:?}", society.annual);
        eprintln!(
            "demo account: {} followed up; society invested {}, yearly change {}, net 5 years {}",
            result.followed,
            society.investment.format_sv(),
            society.annual.total().format_sv(),
            society.at(5).unwrap().net.format_sv()
        );
        let municipality = &account.actors[0];
        assert!(
            municipality.annual.support.ore() > 0,
            "{:?}",
            municipality.annual
        );
        let (_, scenarios) = stegvis_app::socioeconomics::scenarios(&app.app, &actor, programme.id)
            .await
            .unwrap();
        assert_eq!(scenarios.len(), 1);
        assert_eq!(scenarios[0].body.cases.len(), 2);
    }
);

on_both_engines!(
    the_account_is_withheld_from_the_steering_group_while_fewer_than_five_are_followed_up,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let fk = app.organisation("FKX", "forsakringskassan").await;
        let programme = example(app, operator, fk).await;
        let steering = app.token("styrgrupp", "steering", Some(operator)).await;
        let coordinator = app.token("samordnare", "coordinator", Some(operator)).await;
        let path =
            format!("/api/v1/programmes/{programme}/socioeconomics?parameters=2025&horizon=5");
        let client = app.client();
        let page = client.api(Method::GET, &path, &steering, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        assert_eq!(json["followed_up"], 5);
        assert_eq!(json["suppressed"], false, "five followed up may be shown");
        assert!(!json["actors"].as_array().unwrap().is_empty());

        // One period registered in error: four people remain, whose account would tell
        // about each of them.
        app.sql(
            "UPDATE episodes SET exit_reason = 'registered-in-error' \
             WHERE person_id = (SELECT id FROM persons WHERE given_name = 'E')",
        )
        .await;
        let json = client.api(Method::GET, &path, &steering, None).await.json();
        assert_eq!(json["suppressed"], true, "{json}");
        assert!(json["actors"].as_array().unwrap().is_empty(), "{json}");
        assert!(json["inputs"].as_array().unwrap().is_empty(), "{json}");
        let json = client
            .api(Method::GET, &path, &coordinator, None)
            .await
            .json();
        assert_eq!(
            json["suppressed"], false,
            "those who run the programme see every figure"
        );
        assert_eq!(json["followed_up"], 4);
    }
);
