//! The audit chain: verification detects tampering; culling keeps it verifiable.

use stegvis_app::Actor;
use stegvis_domain::audit::Verification;
use stegvis_testkit::on_both_engines;

async fn verify(app: &stegvis_testkit::TestApp) -> Verification {
    stegvis_app::audit::verify(&app.app, &Actor::system("test"))
        .await
        .unwrap()
}

async fn make_events(app: &stegvis_testkit::TestApp) {
    for n in 0..5 {
        app.organisation(&format!("ORG{n}"), "other").await;
    }
}

on_both_engines!(an_untouched_chain_verifies, |app| {
    make_events(app).await;
    match verify(app).await {
        Verification::Intact { entries } => assert_eq!(entries, 5),
        Verification::Broken(error) => panic!("{error}"),
    }
});

on_both_engines!(the_database_refuses_updates_of_audit_events, |app| {
    make_events(app).await;
    let result = match &app.app.db {
        stegvis_storage::Db::Sqlite(sqlite) => sqlx_update(&sqlite.writer).await,
        stegvis_storage::Db::Postgres(pool) => sqlx_update_pg(pool).await,
    };
    assert!(result.is_err(), "an UPDATE of audit_events must fail");
});

async fn sqlx_update(pool: &sqlx::SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_events SET action = 'x' WHERE seq = 1")
        .execute(pool)
        .await
        .map(|_| ())
}

async fn sqlx_update_pg(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE audit_events SET action = 'x' WHERE seq = 1")
        .execute(pool)
        .await
        .map(|_| ())
}

async fn tamper(app: &stegvis_testkit::TestApp, statement: &str) {
    let disable = match app.engine {
        stegvis_testkit::Engine::Sqlite => "DROP TRIGGER audit_events_no_update",
        stegvis_testkit::Engine::Postgres => "DROP TRIGGER audit_events_no_update ON audit_events",
    };
    app.sql(disable).await;
    app.sql(statement).await;
}

on_both_engines!(an_edited_entry_is_detected_and_named, |app| {
    make_events(app).await;
    tamper(
        app,
        "UPDATE audit_events SET records = 'organisation:99' WHERE seq = 3",
    )
    .await;
    match verify(app).await {
        Verification::Broken(error) => assert_eq!(error.seq(), Some(3)),
        Verification::Intact { .. } => panic!("tampering went unnoticed"),
    }
});

on_both_engines!(a_deleted_entry_is_detected, |app| {
    make_events(app).await;
    tamper(app, "DELETE FROM audit_events WHERE seq = 2").await;
    assert!(matches!(verify(app).await, Verification::Broken(_)));
});

on_both_engines!(deleting_the_newest_entry_is_detected, |app| {
    make_events(app).await;
    tamper(app, "DELETE FROM audit_events WHERE seq = 5").await;
    assert!(matches!(verify(app).await, Verification::Broken(_)));
});

on_both_engines!(swapping_two_entries_is_detected, |app| {
    make_events(app).await;
    app.sql("DELETE FROM audit_records WHERE seq IN (2, 3)")
        .await;
    tamper(
        app,
        "UPDATE audit_events SET seq = seq + 100 WHERE seq IN (2, 3)",
    )
    .await;
    app.sql("UPDATE audit_events SET seq = 3 WHERE seq = 102")
        .await;
    app.sql("UPDATE audit_events SET seq = 2 WHERE seq = 103")
        .await;
    assert!(matches!(verify(app).await, Verification::Broken(_)));
});

on_both_engines!(culling_old_entries_keeps_the_chain_verifiable, |app| {
    make_events(app).await;
    let cutoff = app.app.now().plus(time::Duration::days(1));
    let removed = stegvis_app::audit::cull(&app.app, &Actor::system("test"), cutoff)
        .await
        .unwrap();
    assert_eq!(
        removed, 4,
        "everything but the newest entry, which the head points at"
    );
    match verify(app).await {
        Verification::Intact { entries } => {
            assert_eq!(entries, 2, "the newest entry and the cull's own")
        }
        Verification::Broken(error) => panic!("{error}"),
    }
    app.organisation("LATER", "other").await;
    assert!(matches!(
        verify(app).await,
        Verification::Intact { entries: 3 }
    ));
});

on_both_engines!(concurrent_writes_give_a_gapless_chain, |app| {
    let mut tasks = Vec::new();
    for n in 0..20 {
        let inner = app.app.clone();
        tasks.push(tokio::spawn(async move {
            stegvis_app::organisations::create(
                &inner,
                &Actor::system("test"),
                &stegvis_domain::organisation::OrganisationInput {
                    name: format!("Parallell {n}"),
                    short_name: format!("P{n}"),
                    kind: "other".into(),
                    org_number: String::new(),
                },
            )
            .await
            .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(app.scalar("SELECT MAX(seq) FROM audit_events").await, 20);
    assert!(matches!(
        verify(app).await,
        Verification::Intact { entries: 20 }
    ));
});

on_both_engines!(
    the_log_review_finds_events_by_record_and_exports_them,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let id = app.organisation("VVK", "kommun").await;
        let page = admin.get(&format!("/logg?post=organisation:{id}")).await;
        assert_eq!(page.status, reqwest::StatusCode::OK);
        assert!(page.body.contains("Registrerade en organisation"));
        let csv = admin
            .get(&format!("/logg.csv?post=organisation:{id}"))
            .await;
        assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
        assert!(csv.body.contains("organisation.create"));
        let bad = admin.get("/logg?post=nonsense&fran=igår").await;
        assert_eq!(bad.status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Skriv posten som typ:id"));
        assert!(bad.body.contains("Skriv ett riktigt datum"));
    }
);

on_both_engines!(the_log_review_combines_every_filter, |app| {
    let admin_id = app.user("admin1", "admin", None).await;
    let admin = stegvis_app::Actor::user(
        stegvis_domain::access::Principal {
            user_id: admin_id,
            role: stegvis_domain::access::Role::Admin,
            organisation_id: None,
        },
        "test",
    );
    for n in 0..3 {
        stegvis_app::organisations::create(
            &app.app,
            &admin,
            &stegvis_domain::organisation::OrganisationInput {
                name: format!("Org {n}"),
                short_name: format!("O{n}"),
                kind: "other".into(),
                org_number: String::new(),
            },
        )
        .await
        .unwrap();
    }
    let org = app.scalar("SELECT MAX(id) FROM organisations").await;
    let today = app.app.now();
    let filter = stegvis_domain::audit::EventFilter {
        actor_user_id: Some(admin_id),
        record: Some(("organisation".into(), org)),
        action_prefix: Some("organisation.".into()),
        from: Some(today.plus(time::Duration::hours(-1))),
        until: Some(today.plus(time::Duration::hours(1))),
    };
    let found = stegvis_app::audit::search(&app.app, &admin, &filter, Some(i64::MAX), 10)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].records, format!("organisation:{org}"));
    let none = stegvis_domain::audit::EventFilter {
        action_prefix: Some("organisation_".into()),
        ..stegvis_domain::audit::EventFilter::default()
    };
    assert!(
        stegvis_app::audit::search(&app.app, &admin, &none, None, 10)
            .await
            .unwrap()
            .is_empty(),
        "an underscore in the prefix matches only an underscore"
    );
    let older = stegvis_app::audit::search(&app.app, &admin, &Default::default(), Some(3), 10)
        .await
        .unwrap();
    assert!(older.iter().all(|e| e.seq < 3));
});
