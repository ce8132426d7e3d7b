//! Regressions for the defects a hostile review found (issue 17): open redirects, the login
//! throttle, refused access left untraced, slow clients, file permissions, misleading messages,
//! an incomplete API contract and privacy gaps. Each test failed on the code before the fix.

use crate::cli::stegvis;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_domain::user::Locale;
use stegvis_testkit::{Engine, PASSWORD, TestApp, on_both_engines};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Values of `nasta` and `tillbaka` that browsers would follow to another site, as sent in a
/// form (the client encodes them).
const REDIRECT_BYPASSES: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\t//evil.example",
    "/\u{2215}\u{2215}evil.example",
    "/\u{ff0f}/evil.example",
    "https://evil.example",
    "javascript:alert(1)",
];

on_both_engines!(login_never_redirects_to_another_site, |app| {
    app.user("anna", "admin", None).await;
    for bypass in REDIRECT_BYPASSES {
        let client = app.client();
        let page = client
            .post_form(
                "/logga-in",
                &[
                    ("username", "anna"),
                    ("password", PASSWORD),
                    ("nasta", bypass),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{bypass:?}");
        assert_eq!(page.location(), "/start", "{bypass:?}");
    }
});

on_both_engines!(choosing_a_language_never_redirects_to_another_site, |app| {
    for bypass in REDIRECT_BYPASSES {
        let client = app.client();
        client.get("/logga-in").await;
        let page = client
            .post_form("/sprak", &[("lang", "en"), ("tillbaka", bypass)])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{bypass:?}");
        assert_eq!(page.location(), "/", "{bypass:?}");
    }
    let client = app.client();
    client.get("/logga-in").await;
    let page = client
        .post_form("/sprak", &[("lang", "en"), ("tillbaka", "/handbok?sok=a")])
        .await;
    assert_eq!(page.location(), "/handbok?sok=a");
});

on_both_engines!(
    logging_in_between_guesses_does_not_reset_the_address_throttle,
    |app| {
        app.user("konto1", "admin", None).await;
        let client = app.client();
        let limit = stegvis_web::IpLimiter::LIMIT;
        for round in 0..limit {
            let page = client
                .post_form(
                    "/logga-in",
                    &[
                        ("username", &format!("gissning{round}")),
                        ("password", "fel lösenord"),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::UNAUTHORIZED, "guess {round}");
            let own = app.client();
            own.get("/logga-in").await;
            let page = own
                .post_form(
                    "/logga-in",
                    &[("username", "konto1"), ("password", PASSWORD)],
                )
                .await;
            if round + 1 < limit {
                assert_eq!(page.status, StatusCode::SEE_OTHER, "own login {round}");
            }
        }
        let page = client
            .post_form(
                "/logga-in",
                &[("username", "gissning-sista"), ("password", "fel lösenord")],
            )
            .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'login.throttled'")
                .await,
            1
        );
    }
);

on_both_engines!(
    a_refused_read_is_audited_with_the_user_route_and_record,
    |app| {
        let fk = app.organisation("FK", "forsakringskassan").await;
        let token = app.token("handlaggare1", "case-officer", Some(fk)).await;
        let user_id = app
            .scalar("SELECT id FROM users WHERE username = 'handlaggare1'")
            .await;
        let client = app.client();
        let page = client
            .api(Method::GET, "/api/v1/persons/424242", &token, None)
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let page = client
            .api(Method::GET, "/api/v1/organisations/1/x", &token, None)
            .await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "no such route: no record"
        );
        let page = client
            .api(
                Method::POST,
                "/api/v1/organisations",
                &token,
                Some(json!({})),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let rows = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'access.refused' \
                 AND actor_user_id = {user_id} AND route = 'GET /api/v1/persons/{{id}}' \
                 AND records = 'person:424242'"
            ))
            .await;
        assert_eq!(rows, 1);
        let rows = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'access.refused' \
                 AND actor_user_id = {user_id} AND route = 'POST /api/v1/organisations' \
                 AND records = ''"
            ))
            .await;
        assert_eq!(rows, 1);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'access.%'")
                .await,
            2
        );
    }
);

on_both_engines!(
    a_scan_is_recorded_up_to_the_limit_and_flagged_on_the_log_review,
    |app| {
        let fk = app.organisation("FK", "forsakringskassan").await;
        let token = app.token("handlaggare1", "case-officer", Some(fk)).await;
        let client = app.client();
        for id in 1000..1060 {
            let page = client
                .api(Method::GET, &format!("/api/v1/persons/{id}"), &token, None)
                .await;
            assert_eq!(page.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'access.refused'")
                .await,
            19
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'access.scan'")
                .await,
            1
        );
        let admin = app.logged_in("admin1", "admin", None).await;
        let page = admin.get("/logg").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Möjlig avsökning"), "{}", page.body);
        assert!(page.body.contains("GET /api/v1/persons/{id}"));
    }
);

/// A server on the test's database with short limits, for the timeout tests.
async fn limited_server(app: &TestApp, limits: stegvis_web::server::Limits) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = stegvis_web::WebConfig {
        public_url: url::Url::parse(&base).unwrap(),
        demo: false,
        csrf_key: [9; 32],
        trust_forwarded_for: false,
        metrics_token: None,
    };
    let state = stegvis_web::AppState::new(app.app.clone(), config).unwrap();
    tokio::spawn(stegvis_web::server::serve(
        listener,
        stegvis_web::router(state),
        limits,
        std::future::pending(),
    ));
    base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; returns what it sent and how long it took.
async fn read_until_closed(stream: &mut tokio::net::TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("the connection was still open after 10 s"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_silent_and_idle_connections_are_closed_and_connections_are_capped() {
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    let limits = stegvis_web::server::Limits {
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        max_connections: 2,
    };
    let address = limited_server(&app, limits).await;

    // Silent: connects and sends nothing.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (_, took) = read_until_closed(&mut silent).await;
    assert!(took < Duration::from_secs(3), "silent: {took:?}");

    // Slow headers: half a request line, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (_, took) = read_until_closed(&mut slow).await;
    assert!(took < Duration::from_secs(3), "slow headers: {took:?}");

    // Idle: one complete request, then silence on the kept-alive connection.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (answer, took) = read_until_closed(&mut idle).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(took < Duration::from_secs(3), "idle: {took:?}");

    // Slow body: the request timeout answers 503.
    let mut body = tokio::net::TcpStream::connect(&address).await.unwrap();
    body.write_all(
        b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut buffer = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(10), body.read(&mut buffer))
        .await
        .expect("an answer before 10 s")
        .unwrap();
    assert!(
        String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 503"),
        "{}",
        String::from_utf8_lossy(&buffer[..n])
    );
    assert!(started.elapsed() < Duration::from_secs(4));
    drop(body);

    // The cap: two silent connections hold both places; a third is served only when the
    // header timeout has closed them.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _first = tokio::net::TcpStream::connect(&address).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let mut third = tokio::net::TcpStream::connect(&address).await.unwrap();
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "the third connection was served at once: {:?}",
        started.elapsed()
    );
    app.finish().await;
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_and_its_wal_files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    app.organisation("VVK", "kommun").await;
    let path = app.database_url.trim_start_matches("sqlite://").to_string();
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{path}{suffix}");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    app.finish().await;
}

#[tokio::test]
async fn synchronous_full_is_a_setting_of_the_sqlite_url() {
    let dir = tempfile::tempdir().unwrap();
    let base = format!("sqlite://{}/stegvis.db", dir.path().display());
    for (url, level) in [
        (base.clone(), 1),
        (format!("{base}?synchronous=full"), 2),
        (format!("{base}?synchronous=normal"), 1),
    ] {
        let db = stegvis_storage::Db::connect(&url).await.unwrap();
        let stegvis_storage::Db::Sqlite(sqlite) = &db else {
            panic!("an SQLite URL opens SQLite");
        };
        let pool = &sqlite.writer;
        let got: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(got, level, "{url}");
        db.close().await;
    }
    assert!(
        stegvis_storage::Db::connect(&format!("{base}?synchronous=off"))
            .await
            .is_err()
    );
}

on_both_engines!(
    audit_verify_with_another_key_says_the_key_does_not_match,
    |app| {
        app.organisation("VVK", "kommun").await;
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"));
        let output = command
            .args(["audit", "verify"])
            .env("STEGVIS_DATABASE_URL", &app.database_url)
            .env("STEGVIS_SECRET_KEY", "08".repeat(32))
            .env("STEGVIS_LOG", "warn")
            .output()
            .await
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("the instance key does not match this audit log"),
            "{stderr}"
        );
        assert!(!stderr.contains("has been altered"), "{stderr}");
        let out = stegvis(&["audit", "verify"], &app.database_url, None).await;
        assert!(out.success, "{}", out.stderr);
    }
);

#[tokio::test]
async fn a_new_key_file_is_to_be_backed_up_apart_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/stegvis.db", dir.path().display());
    let migrated = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["migrate"])
        .env("STEGVIS_DATABASE_URL", &url)
        .output()
        .await
        .unwrap();
    assert!(migrated.status.success());
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["audit", "verify"])
        .env("STEGVIS_DATABASE_URL", &url)
        .env_remove("STEGVIS_SECRET_KEY")
        .env("STEGVIS_LOG", "info")
        .output()
        .await
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("back it up separately from the database"),
        "{stderr}"
    );
    assert!(!stderr.contains("together with the database"), "{stderr}");
}

/// Every object key of an export, except the item codes under `answers`.
fn field_names(value: &Value, names: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                names.insert(key.clone());
                if key != "answers" {
                    field_names(inner, names);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| field_names(i, names)),
        _ => {}
    }
}

on_both_engines!(
    the_register_extract_holds_enterprise_jobs_and_idea_teams_and_labels_every_field,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        let worker = app
            .scalar("SELECT MIN(person_id) FROM enterprise_memberships")
            .await;
        let founder = app
            .scalar("SELECT MIN(person_id) FROM idea_members WHERE person_id IS NOT NULL")
            .await;
        let actor = Actor::system("test");
        let export = stegvis_app::privacy::export(&app.app, &actor, worker)
            .await
            .unwrap();
        let jobs = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM enterprise_memberships WHERE person_id = {worker}"
            ))
            .await;
        assert_eq!(export.enterprise_jobs.len() as i64, jobs);
        let export = stegvis_app::privacy::export(&app.app, &actor, founder)
            .await
            .unwrap();
        let teams = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM idea_members WHERE person_id = {founder}"
            ))
            .await;
        assert_eq!(export.idea_teams.len() as i64, teams);

        let mut names = std::collections::BTreeSet::new();
        for person in [worker, founder] {
            let export = stegvis_app::privacy::export(&app.app, &actor, person)
                .await
                .unwrap();
            field_names(&serde_json::to_value(&export).unwrap(), &mut names);
        }
        for locale in [Locale::Sv, Locale::En] {
            let keys = stegvis_web::i18n::Catalogues::keys(locale);
            let unlabelled: Vec<&String> = names
                .iter()
                .filter(|n| !keys.contains(&format!("extract-field-{}", n.replace('_', "-"))))
                .collect();
            assert!(unlabelled.is_empty(), "{locale:?}: {unlabelled:?}");
        }
    }
);

on_both_engines!(
    a_referral_into_a_programme_that_has_ended_is_refused,
    |app| {
        let operator = app.organisation("VVK", "kommun").await;
        let ended = stegvis_app::programmes::create(
            &app.app,
            &Actor::system("test"),
            &ProgrammeInput {
                name: "Sociala företag i Västervik 2011–2013".into(),
                operator_id: operator.to_string(),
                starts_on: "2011-09-01".into(),
                ends_on: "2013-12-31".into(),
                focus: "both".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
        let token = app
            .token("samordnare1", "coordinator", Some(operator))
            .await;
        let page = app
            .client()
            .api(
                Method::POST,
                "/api/v1/persons",
                &token,
                Some(json!({
                    "given_name": "Testa",
                    "family_name": "Remissdotter",
                    "birth_year": 1990,
                    "sex": "female",
                    "programme_id": ended,
                    "referred_on": "2026-01-15",
                })),
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            page.body
        );
        assert_eq!(
            page.json()["errors"][0]["code"],
            "person-error-programme-ended"
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM episodes").await, 0);
    }
);

/// A single text from a query.
async fn text(app: &TestApp, query: &str) -> String {
    match &app.app.db {
        stegvis_storage::Db::Sqlite(sqlite) => sqlx::query_scalar(query)
            .fetch_one(&sqlite.writer)
            .await
            .unwrap(),
        stegvis_storage::Db::Postgres(pool) => {
            sqlx::query_scalar(query).fetch_one(pool).await.unwrap()
        }
    }
}

on_both_engines!(a_follow_up_is_refused_long_before_it_is_due, |app| {
    stegvis_app::demo::load(&app.app).await.unwrap();
    let coordinator = app
        .scalar("SELECT id FROM users WHERE username = 'samordnare'")
        .await;
    let token =
        stegvis_app::users::create_api_token(&app.app, &Actor::system("test"), coordinator, "test")
            .await
            .unwrap();
    // A follow-up three months or more after exit, not yet done, with consent to it.
    let chosen = "FROM follow_ups f JOIN episodes e ON e.id = f.episode_id \
                  WHERE f.done_on IS NULL AND f.months_after >= 3 AND EXISTS (SELECT 1 FROM consents c \
                  WHERE c.episode_id = e.id AND c.scope = 'follow-up' AND c.withdrawn_on IS NULL)";
    let follow_up = app.scalar(&format!("SELECT MIN(f.id) {chosen}")).await;
    let exit_on = text(
        app,
        &format!("SELECT e.exit_on FROM follow_ups f JOIN episodes e ON e.id = f.episode_id WHERE f.id = {follow_up}"),
    )
    .await;
    let exit_on = stegvis_domain::timestamp::parse_date(&exit_on).unwrap();
    let six_days_after = stegvis_domain::timestamp::format_date(exit_on + time::Duration::days(6));
    let page = app
        .client()
        .api(
            Method::POST,
            &format!("/api/v1/follow-ups/{follow_up}"),
            &token,
            Some(json!({ "done_on": six_days_after, "reached": false })),
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_eq!(
        page.json()["errors"][0]["code"],
        "episode-error-follow-up-too-early"
    );
});

on_both_engines!(an_out_of_range_page_is_refused_as_a_problem, |app| {
    let operator = app.organisation("VVK", "kommun").await;
    let token = app
        .token("samordnare1", "coordinator", Some(operator))
        .await;
    let client = app.client();
    for page in ["0", "-1", "100001", "9223372036854775807"] {
        let answer = client
            .api(
                Method::GET,
                &format!("/api/v1/persons?page={page}"),
                &token,
                None,
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "page={page}"
        );
        assert_eq!(answer.header("content-type"), "application/problem+json");
        assert_eq!(answer.json()["errors"][0]["field"], "page");
    }
    let answer = client
        .api(Method::GET, "/api/v1/persons?page=2", &token, None)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
});
