//! The `stegvis` command line, run as a real process against the test's database.

use reqwest::{Method, StatusCode};
use std::process::Stdio;
use stegvis_testkit::{Engine, TEST_KEY_HEX, on_both_engines};
use tokio::io::AsyncWriteExt;

pub(crate) struct Output {
    pub(crate) success: bool,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `stegvis` with the arguments against the database, feeding `stdin` if given.
pub(crate) async fn stegvis(args: &[&str], database_url: &str, stdin: Option<&str>) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"));
    command
        .args(args)
        .env("STEGVIS_DATABASE_URL", database_url)
        .env("STEGVIS_SECRET_KEY", TEST_KEY_HEX)
        .env("STEGVIS_ARGON2_MEMORY_KIB", "8")
        .env("STEGVIS_ARGON2_ITERATIONS", "1")
        .env("STEGVIS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).await.unwrap();
    }
    drop(input);
    let output = child.wait_with_output().await.unwrap();
    Output {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

on_both_engines!(org_add_prints_the_new_id, |app| {
    let out = stegvis(
        &[
            "org",
            "add",
            "--name",
            "Försäkringskassan",
            "--short-name",
            "FK",
            "--type",
            "forsakringskassan",
        ],
        &app.database_url,
        None,
    )
    .await;
    assert!(out.success, "{}", out.stderr);
    let id: i64 = out.stdout.trim().parse().unwrap();
    assert_eq!(app.scalar("SELECT MAX(id) FROM organisations").await, id);
    let again = stegvis(
        &[
            "org",
            "add",
            "--name",
            "X",
            "--short-name",
            "fk",
            "--type",
            "bank",
        ],
        &app.database_url,
        None,
    )
    .await;
    assert!(!again.success);
    assert_eq!(
        again.stderr.lines().count(),
        1,
        "one line: {}",
        again.stderr
    );
    assert!(again.stderr.contains("--type"), "{}", again.stderr);
});

on_both_engines!(
    user_add_reads_the_password_from_stdin_and_the_user_can_log_in,
    |app| {
        app.organisation("VVK", "kommun").await;
        let out = stegvis(
            &[
                "user",
                "add",
                "--username",
                "sam",
                "--role",
                "coordinator",
                "--organisation",
                "vvk",
                "--password-stdin",
            ],
            &app.database_url,
            Some("ett säkert lösenord\n"),
        )
        .await;
        assert!(out.success, "{}", out.stderr);
        app.client().login("sam", "ett säkert lösenord").await;
    }
);

on_both_engines!(
    user_add_explains_a_missing_organisation_and_a_bad_role,
    |app| {
        let out = stegvis(
            &[
                "user",
                "add",
                "--username",
                "sam",
                "--role",
                "coordinator",
                "--password-stdin",
            ],
            &app.database_url,
            Some("ett säkert lösenord\n"),
        )
        .await;
        assert!(!out.success);
        assert!(out.stderr.contains("--organisation"), "{}", out.stderr);
        let out = stegvis(
            &[
                "user",
                "add",
                "--username",
                "sam",
                "--role",
                "boss",
                "--password-stdin",
            ],
            &app.database_url,
            Some("ett säkert lösenord\n"),
        )
        .await;
        assert!(!out.success);
        assert!(out.stderr.contains("--role"), "{}", out.stderr);
    }
);

/// Registers a person in a new programme of a new operator; returns the person's id.
async fn referred_person(app: &stegvis_testkit::TestApp) -> i64 {
    let actor = stegvis_app::Actor::system("test");
    let operator = app.organisation("VVK", "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &actor,
        &stegvis_domain::programme::ProgrammeInput {
            name: "Programmet".into(),
            operator_id: operator.to_string(),
            starts_on: "2026-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    stegvis_app::persons::register(
        &app.app,
        &actor,
        &stegvis_app::persons::ReferralInput {
            person: stegvis_domain::person::PersonInput {
                personnummer: "19800101-9812".into(),
                given_name: "Testa".into(),
                family_name: "Testsson".into(),
                ..Default::default()
            },
            programme_id: programme.to_string(),
            referred_on: "2026-02-01".into(),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap()
    .person_id
}

on_both_engines!(user_add_links_a_participant_account_to_its_person, |app| {
    let person = referred_person(app).await.to_string();
    let add = |username: &'static str, role: &'static str, person: String| {
        let url = app.database_url.clone();
        async move {
            stegvis(
                &[
                    "user",
                    "add",
                    "--username",
                    username,
                    "--role",
                    role,
                    "--person",
                    &person,
                    "--password-stdin",
                ],
                &url,
                Some("ett säkert lösenord\n"),
            )
            .await
        }
    };
    let out = add("deltagare", "participant", person.clone()).await;
    assert!(out.success, "{}", out.stderr);
    let user: i64 = out.stdout.trim().parse().unwrap();
    assert_eq!(
        app.scalar(&format!("SELECT person_id FROM users WHERE id = {user}"))
            .await
            .to_string(),
        person
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'user.create' \
                 AND records LIKE '%user:{user}%' AND records LIKE '%person:{person}%'"
        ))
        .await,
        1,
        "the link is audited with both records"
    );

    let wrong_role = add("utv", "evaluator", person.clone()).await;
    assert!(!wrong_role.success);
    assert!(
        wrong_role
            .stderr
            .contains("--person: Only a participant account"),
        "{}",
        wrong_role.stderr
    );
    let unknown = add("okand", "participant", "999999".into()).await;
    assert!(!unknown.success);
    assert!(
        unknown
            .stderr
            .contains("--person: There is no person with that id"),
        "{}",
        unknown.stderr
    );
    let twice = add("andra", "participant", person.clone()).await;
    assert!(!twice.success);
    assert!(
        twice
            .stderr
            .contains("--person: The person already has an account"),
        "{}",
        twice.stderr
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE username IN ('utv', 'okand', 'andra')")
            .await,
        0,
        "a refused link creates no account"
    );
});

on_both_engines!(user_invite_prints_an_activation_link_that_works, |app| {
    let out = stegvis(
        &[
            "user",
            "invite",
            "--username",
            "ny",
            "--role",
            "evaluator",
            "--public-url",
            &app.base,
        ],
        &app.database_url,
        None,
    )
    .await;
    assert!(out.success, "{}", out.stderr);
    let link = out.stdout.lines().last().unwrap();
    let path = link.strip_prefix(&app.base).unwrap();
    assert_eq!(app.client().get(path).await.status, StatusCode::OK);
    let reset = stegvis(
        &[
            "user",
            "reset-link",
            "--username",
            "ny",
            "--public-url",
            &app.base,
        ],
        &app.database_url,
        None,
    )
    .await;
    assert!(reset.success, "{}", reset.stderr);
    assert_eq!(
        app.client().get(path).await.status,
        StatusCode::NOT_FOUND,
        "the new link replaces the old"
    );
});

on_both_engines!(
    token_create_prints_a_working_token_on_the_last_line,
    |app| {
        app.user("admin1", "admin", None).await;
        let out = stegvis(
            &[
                "token",
                "create",
                "--username",
                "admin1",
                "--name",
                "integration",
            ],
            &app.database_url,
            None,
        )
        .await;
        assert!(out.success, "{}", out.stderr);
        let token = out.stdout.lines().last().unwrap().trim();
        let page = app
            .client()
            .api(Method::GET, "/api/v1/me", token, None)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let stored = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{token}'"
            ))
            .await;
        assert_eq!(stored, 0, "only the hash is stored");
        let missing = stegvis(
            &["token", "create", "--username", "nobody"],
            &app.database_url,
            None,
        )
        .await;
        assert!(!missing.success);
        assert!(missing.stderr.contains("no user 'nobody'"));
    }
);

on_both_engines!(
    audit_verify_exits_zero_on_an_intact_chain_and_names_a_tampered_entry,
    |app| {
        app.organisation("A", "other").await;
        app.organisation("B", "other").await;
        let out = stegvis(&["audit", "verify"], &app.database_url, None).await;
        assert!(out.success, "{}", out.stderr);
        let disable = match app.engine {
            Engine::Sqlite => "DROP TRIGGER audit_events_no_update",
            Engine::Postgres => "DROP TRIGGER audit_events_no_update ON audit_events",
        };
        app.sql(disable).await;
        app.sql("UPDATE audit_events SET actor_user_id = 42 WHERE seq = 1")
            .await;
        let out = stegvis(&["audit", "verify"], &app.database_url, None).await;
        assert!(!out.success);
        assert!(out.stderr.contains("entry 1"), "{}", out.stderr);
        let wrong_key = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
            .args(["audit", "verify"])
            .env("STEGVIS_DATABASE_URL", &app.database_url)
            .env("STEGVIS_SECRET_KEY", "11".repeat(32))
            .output()
            .await
            .unwrap();
        assert!(!wrong_key.status.success());
    }
);

on_both_engines!(every_command_has_help, |app| {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["demo", "--help"],
        vec!["org", "add", "--help"],
        vec!["user", "add", "--help"],
        vec!["user", "invite", "--help"],
        vec!["user", "reset-link", "--help"],
        vec!["token", "create", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "cull", "--help"],
        vec!["retention", "rule", "--help"],
        vec!["retention", "run", "--help"],
        vec!["person", "export", "--help"],
        vec!["backup", "--help"],
    ] {
        let out = stegvis(&args, &app.database_url, None).await;
        assert!(out.success, "{args:?}");
        assert!(out.stdout.contains("Usage:"), "{args:?}");
    }
});

on_both_engines!(bad_flags_and_bad_databases_get_one_line_errors, |app| {
    let out = stegvis(&["org", "add", "--nonsense"], &app.database_url, None).await;
    assert!(!out.success);
    assert!(out.stderr.contains("--nonsense"));
    let out = stegvis(&["migrate"], "mysql://localhost/x", None).await;
    assert!(!out.success);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("sqlite:// or postgres://"));
    let out = stegvis(&["migrate"], "postgres://nobody@127.0.0.1:1/none", None).await;
    assert!(!out.success);
    assert!(out.stderr.contains("cannot be reached"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"));
    let out = stegvis(
        &["serve", "--listen", "not-an-address"],
        &app.database_url,
        None,
    )
    .await;
    assert!(!out.success);
    assert!(out.stderr.contains("--listen"));
});

on_both_engines!(
    the_demo_refuses_a_public_address_without_the_public_flag,
    |app| {
        let out = stegvis(&["demo", "--listen", "0.0.0.0:0"], &app.database_url, None).await;
        assert!(!out.success);
        assert!(out.stderr.contains("--public"), "{}", out.stderr);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_a_postgres_schema_that_is_behind() {
    let Some(app) = stegvis_testkit::TestApp::start(Engine::Postgres).await else {
        return;
    };
    let base = std::env::var("STEGVIS_TEST_DATABASE_URL").unwrap();
    let admin = sqlx::PgPool::connect(&base).await.unwrap();
    let schema = format!("t_empty_{}", std::process::id());
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
    let out = stegvis(&["serve", "--listen", "127.0.0.1:0"], &url, None).await;
    assert!(!out.success);
    assert!(out.stderr.contains("stegvis migrate"), "{}", out.stderr);
    let migrated = stegvis(&["migrate"], &url, None).await;
    assert!(migrated.success, "{}", migrated.stderr);
    let dir = tempfile::tempdir().unwrap();
    let missing_key = dir.path().join("none.key");
    let no_key = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args([
            "org",
            "add",
            "--name",
            "X",
            "--short-name",
            "X",
            "--type",
            "other",
        ])
        .env("STEGVIS_DATABASE_URL", &url)
        .env("STEGVIS_KEY_FILE", &missing_key)
        .env_remove("STEGVIS_SECRET_KEY")
        .output()
        .await
        .unwrap();
    assert!(!no_key.status.success());
    assert!(String::from_utf8_lossy(&no_key.stderr).contains("STEGVIS_SECRET_KEY"));
    assert!(!missing_key.exists(), "no key is invented for PostgreSQL");
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    app.finish().await;
}

on_both_engines!(
    a_backup_taken_while_serving_is_private_complete_and_verifies,
    |app| {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("stegvis-backup.db");
        let copy_arg = copy.to_string_lossy().into_owned();
        app.organisation("A", "other").await;
        let out = stegvis(&["backup", "--to", &copy_arg], &app.database_url, None).await;
        if app.engine == Engine::Postgres {
            assert!(!out.success);
            assert!(out.stderr.contains("pg_dump"), "{}", out.stderr);
            assert!(!copy.exists());
            return;
        }
        assert!(out.success, "{}", out.stderr);
        // The server goes on writing after the snapshot; the copy keeps the state it had.
        app.organisation("B", "other").await;

        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the copy holds personal data");
        let copy_url = format!("sqlite://{copy_arg}");
        let verified = stegvis(&["audit", "verify"], &copy_url, None).await;
        assert!(verified.success, "{}", verified.stderr);
        let backup_db = stegvis_storage::Db::connect(&copy_url).await.unwrap();
        let mut tx = backup_db.begin().await.unwrap();
        let (organisations, backups): (i64, i64) = stegvis_storage::with_conn!(&mut tx, conn => {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM organisations WHERE short_name IN ('A', 'B')), \
                 (SELECT COUNT(*) FROM audit_events WHERE action = 'database.backup')",
            )
            .fetch_one(conn)
            .await
        })
        .unwrap();
        drop(tx);
        assert_eq!(
            organisations, 1,
            "A was there before the backup, B came after"
        );
        assert_eq!(backups, 1, "the copy holds the record of its own making");

        let again = stegvis(&["backup", "--to", &copy_arg], &app.database_url, None).await;
        assert!(!again.success);
        assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    }
);
