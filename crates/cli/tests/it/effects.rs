//! The effects report and the funder statistics over real HTTP: the worked example of
//! `docs/methods.md` ("Effekt 1", "Ett räknat exempel") recomputed by hand, on both engines.

use reqwest::{Method, StatusCode};
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_testkit::{TestApp, on_both_engines};

/// (name, sex, intake, exit) of the example's seven episodes.
const EPISODES: [(&str, &str, &str, Option<&str>); 7] = [
    ("A", "female", "2024-03-15", Some("2025-01-20")),
    ("B", "male", "2024-04-02", Some("2025-03-31")),
    ("C", "female", "2024-01-10", Some("2024-12-15")),
    ("D", "female", "2024-05-06", Some("2025-04-30")),
    ("E", "male", "2024-02-01", Some("2025-02-28")),
    ("F", "female", "2025-06-01", Some("2026-03-31")),
    ("G", "male", "2026-01-12", None),
];

/// (name, first month, last month, source, share) of the example's income months.
const INCOME: [(&str, &str, &str, &str, u8); 13] = [
    ("A", "2023-01", "2024-02", "sjukpenning", 100),
    ("A", "2025-02", "2026-06", "lon", 100),
    ("B", "2023-10", "2024-03", "forsorjningsstod", 100),
    ("B", "2025-04", "2025-09", "forsorjningsstod", 100),
    ("B", "2025-10", "2026-06", "lon", 50),
    ("C", "2023-01", "2023-06", "a-kassa", 100),
    ("C", "2023-07", "2023-12", "aktivitetsstod", 100),
    ("C", "2025-01", "2025-12", "aktivitetsstod", 50),
    ("D", "2023-05", "2024-04", "sjukersattning", 50),
    ("D", "2025-05", "2025-10", "sjukersattning", 50),
    ("D", "2025-11", "2026-06", "lon", 100),
    ("E", "2023-02", "2024-01", "forsorjningsstod", 100),
    ("E", "2025-09", "2026-06", "eget-foretag", 100),
];

fn months(from: &str, to: &str) -> Vec<String> {
    let parse = |text: &str| {
        let (y, m) = text.split_once('-').unwrap();
        y.parse::<i32>().unwrap() * 12 + m.parse::<i32>().unwrap() - 1
    };
    (parse(from)..=parse(to))
        .map(|i| format!("{:04}-{:02}", i / 12, i % 12 + 1))
        .collect()
}

/// The programme of the example, run by `operator`; returns its id.
pub(crate) async fn example(app: &TestApp, operator: i64) -> i64 {
    let programme = stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
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
    for (name, sex, intake, exit) in EPISODES {
        app.sql(&format!(
            "INSERT INTO persons (operator_id, birth_year, sex, given_name, interpreter_needed, \
             protected_identity, created_at, updated_at) \
             VALUES ({operator}, 1980, '{sex}', '{name}', FALSE, FALSE, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
        let (status, exit_on, reason) = match exit {
            Some(day) => ("exited", format!("'{day}'"), "'completed'"),
            None => ("active", "NULL".to_string(), "NULL"),
        };
        app.sql(&format!(
            "INSERT INTO episodes (person_id, programme_id, status, referred_on, intake_on, exit_on, \
             exit_reason, created_at, updated_at) \
             VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), {programme}, '{status}', \
             '{intake}', '{intake}', {exit_on}, {reason}, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')"
        ))
        .await;
    }
    for (name, from, to, source, share) in INCOME {
        for month in months(from, to) {
            app.sql(&format!(
                "INSERT INTO income_months (person_id, month, source, share_percent) \
                 VALUES ((SELECT id FROM persons WHERE given_name = '{name}'), '{month}', '{source}', {share})"
            ))
            .await;
        }
    }
    programme
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

on_both_engines!(
    effect_one_of_the_worked_example_matches_the_hand_computation,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let programme = example(app, operator).await;
        let token = app.token("samordnare", "coordinator", Some(operator)).await;
        let page = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/effects?window=12&as_of=2026-07-01"),
                &token,
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        let s = &json["public_support"];
        assert_eq!(s["suppressed"], false);
        assert_eq!(s["n"], 5);
        assert_eq!(s["not_yet_followed_up"], 2);
        assert_eq!(s["window_months"], 12);
        assert!(close(&s["months_before_mean"], 10.8), "{s}");
        assert!(close(&s["months_after_mean"], 4.8), "{s}");
        assert!(close(&s["change_mean"], -6.0), "{s}");
        // −6 ± t(0,975; 4) · 6 / √5 with t = 2,776 445 105 197 793.
        let half = 2.776_445_105_197_793 * 6.0 / 5f64.sqrt();
        assert!(close(&s["change_ci95_low"], -6.0 - half), "{s}");
        assert!(close(&s["change_ci95_high"], -6.0 + half), "{s}");
        assert!(close(&s["wilcoxon_p"], 0.25), "{s}");
        assert!(close(&s["without_support_after"], 80.0), "{s}");
        assert_eq!(s["without_support_after_count"], 4);
        assert!(close(&s["recorded_percent"], 90.0), "{s}");
        let actors: Vec<(String, f64, f64)> = s["by_actor"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["actor"].as_str().unwrap().to_string(),
                    a["fte_months_before"].as_f64().unwrap(),
                    a["fte_months_after"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            actors,
            vec![
                ("forsakringskassan".to_string(), 18.0, 3.0),
                ("arbetsformedlingen-staten".to_string(), 6.0, 6.0),
                ("a-kassa".to_string(), 6.0, 0.0),
                ("kommunen".to_string(), 18.0, 6.0),
            ]
        );
        let transitions: Vec<(String, String, i64)> = s["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["before"].as_str().unwrap().to_string(),
                    t["after"].as_str().unwrap().to_string(),
                    t["count"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            transitions,
            vec![
                ("ohalsa".into(), "ej-offentligt".into(), 2),
                ("arbetsmarknadsstod".into(), "arbetsmarknadsstod".into(), 1),
                ("ekonomiskt-bistand".into(), "ekonomiskt-bistand".into(), 1),
                ("ekonomiskt-bistand".into(), "ej-offentligt".into(), 1),
            ]
        );
        assert_eq!(s["cohorts"][0]["cohort"], 2024);
        assert_eq!(s["cohorts"][0]["n"], 5);

        let steering = app.token("styrgrupp", "steering", Some(operator)).await;
        let json = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/effects?as_of=2026-07-01"),
                &steering,
                None,
            )
            .await
            .json();
        let s = &json["public_support"];
        assert_eq!(s["suppressed"], false);
        assert!(close(&s["months_before_mean"], 10.8), "{s}");
        // 4 without and 1 with support: the 1 is hidden, and the 4 with it.
        assert_eq!(s["without_support_after"], serde_json::Value::Null);
        assert_eq!(s["without_support_after_count"], serde_json::Value::Null);
        check_parameters(app, programme, &token).await;
    }
);

/// Bad parameters are refused with a problem document; an unknown programme is 404.
async fn check_parameters(app: &TestApp, programme: i64, token: &str) {
    for query in ["window=7", "window=tolv", "as_of=2026-13-01"] {
        let page = app
            .client()
            .api(
                Method::GET,
                &format!("/api/v1/programmes/{programme}/effects?{query}"),
                token,
                None,
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(page.header("content-type"), "application/problem+json");
    }
    let missing = app
        .client()
        .api(
            Method::GET,
            "/api/v1/programmes/999999/effects",
            token,
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

on_both_engines!(the_effects_page_shows_effect_one_in_swedish, |app| {
    let operator = app.organisation("EXK", "kommun").await;
    let programme = example(app, operator).await;
    let client = app
        .logged_in("samordnare", "coordinator", Some(operator))
        .await;
    let page = client
        .get(&format!(
            "/program/{programme}/effekter?fonster=12&per=2026-07-01"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "Effekt 1: Mindre offentlig försörjning",
        "<dd class=\"number\">10,8</dd>",
        "<dd class=\"number\">4,8</dd>",
        "-6,0 (-13,4 till 1,4)",
        "80\u{a0}% (4)",
        "<svg class=\"chart\" role=\"img\"",
        "Effekt 5: Sociala företag som växer",
    ] {
        assert!(page.body.contains(text), "missing {text}");
    }
    let bad = client
        .get(&format!("/program/{programme}/effekter?fonster=7"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains("Välj ett fönster på 6, 12 eller 24 månader.")
    );
    let shown = client.get(&format!("/program/{programme}")).await;
    assert!(
        shown
            .body
            .contains(&format!("/program/{programme}/effekter"))
    );
});

on_both_engines!(funder_statistics_match_the_hand_count, |app| {
    let operator = app.organisation("EXK", "kommun").await;
    let programme = example(app, operator).await;
    let token = app.token("samordnare", "coordinator", Some(operator)).await;
    let json = app
        .client()
        .api(
            Method::GET,
            &format!("/api/v1/programmes/{programme}/funder-statistics?year=2025&half=1"),
            &token,
            None,
        )
        .await
        .json();
    assert_eq!(json["from"], "2025-01-01");
    assert_eq!(json["to"], "2025-06-30");
    // In the programme January–June 2025: A, B, D, E (who all left in it) and F (new in June).
    let finsam = &json["tables"][0];
    assert_eq!(finsam["key"], "finsam");
    let rows: Vec<(String, serde_json::Value, serde_json::Value)> = finsam["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["by_sex"].clone(),
                r["total"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "participants".to_string(),
                serde_json::json!([3, 2, 0]),
                serde_json::json!(5)
            ),
            (
                "new".into(),
                serde_json::json!([1, 0, 0]),
                serde_json::json!(1)
            ),
            (
                "ended".into(),
                serde_json::json!([2, 2, 0]),
                serde_json::json!(4)
            ),
        ]
    );
    let bad = app
        .client()
        .api(
            Method::GET,
            &format!("/api/v1/programmes/{programme}/funder-statistics?year=2025&half=3"),
            &token,
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let client = app
        .logged_in("samordnare2", "coordinator", Some(operator))
        .await;
    let csv = client
        .get(&format!(
            "/program/{programme}/finansiarer.csv?ar=2025&halvar=1"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("Deltagare under perioden;3;2;0;5"),
        "{}",
        csv.body
    );
    let xlsx = client
        .get(&format!("/program/{programme}/finansiarer.xlsx?ar=2025"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
});

on_both_engines!(
    the_demo_programme_shows_every_effect_to_the_steering_group,
    |app| {
        let programme = stegvis_app::demo::load(&app.app).await.unwrap();
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM episodes e JOIN programmes p ON p.id = e.programme_id \
                 WHERE p.id = {programme} AND (e.referred_on < p.starts_on \
                 OR (e.exit_on IS NOT NULL AND e.exit_on > p.ends_on))"
            ))
            .await,
            0,
            "the programme's period contains every episode"
        );
        let system = Actor::system("test");
        let user = stegvis_app::users::find_by_username(&app.app, &system, "styrgrupp")
            .await
            .unwrap();
        let steering = Actor::user(stegvis_app::users::principal_of(&user), "test");
        let query = stegvis_app::effects::EffectsQuery::parse("", "", app.today()).unwrap();
        let report = stegvis_app::effects::programme_effects(&app.app, &steering, programme, query)
            .await
            .unwrap();
        let support = &report.public_support;
        assert!(!support.suppressed && support.n >= 5, "{support:?}");
        assert!(support.not_yet_followed_up > 0);
        assert!(
            support.months_after_mean.unwrap() < support.months_before_mean.unwrap(),
            "less support after"
        );
        assert!(support.change.unwrap().wilcoxon_p.is_some());
        assert!(report.occupation.iter().any(|row| !row.suppressed));
        assert!(!report.enterprise_jobs.suppressed);
        for measure in report.health.iter().chain(&report.knowledge) {
            assert!(
                measure.change.change.is_some(),
                "{}",
                measure.instrument.key()
            );
        }
        assert_eq!(report.health.len(), 2);
        assert_eq!(report.knowledge.len(), 2);
        assert_eq!(report.enterprise_growth.len(), 2);
        assert_eq!(
            report.enterprise_growth[1].turnover_growth_percent,
            Some(100.0 * (910_000.0 - 640_000.0) / 640_000.0)
        );
        let started = report
            .targets
            .iter()
            .find(|t| t.kind == stegvis_domain::programme::TargetKind::EnterprisesStarted)
            .unwrap();
        assert_eq!(started.achieved, Some(1));
        // 45 referrals less 5 not yet at intake, 2 declined and 1 registered in error.
        assert_eq!(report.participants.total, 37);
    }
);

on_both_engines!(
    the_followed_episodes_are_those_whose_after_window_has_ended,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let programme = example(app, operator).await;
        let token = app.token("samordnare", "coordinator", Some(operator)).await;
        // D left in April 2025: its 12-month after-window is May 2025–April 2026, so it counts
        // from 1 May 2026 and not on 30 April. The storage query and the domain rule must agree.
        for (as_of, followed, not_yet) in [("2026-04-30", 4, 3), ("2026-05-01", 5, 2)] {
            let page = app
                .client()
                .api(
                    Method::GET,
                    &format!("/api/v1/programmes/{programme}/effects?window=12&as_of={as_of}"),
                    &token,
                    None,
                )
                .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let support = &page.json()["public_support"];
            assert_eq!(support["n"], followed, "{as_of}: {support}");
            assert_eq!(
                support["not_yet_followed_up"], not_yet,
                "{as_of}: {support}"
            );
        }
    }
);
