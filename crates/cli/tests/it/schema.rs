//! The SQLite and PostgreSQL migrations must produce the same schema.

use stegvis_testkit::{Engine, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_migrations_produce_the_same_tables_columns_and_indexes() {
    let sqlite = TestApp::start(Engine::Sqlite).await.unwrap();
    let Some(postgres) = TestApp::start(Engine::Postgres).await else {
        return;
    };
    let left = stegvis_storage::schema::describe(&sqlite.app.db)
        .await
        .unwrap();
    let right = stegvis_storage::schema::describe(&postgres.app.db)
        .await
        .unwrap();
    assert!(!left.columns.is_empty());
    for column in &left.columns {
        assert!(right.columns.contains(column), "only in SQLite: {column:?}");
    }
    for column in &right.columns {
        assert!(
            left.columns.contains(column),
            "only in PostgreSQL: {column:?}"
        );
    }
    assert_eq!(left.indexes, right.indexes);
    sqlite.finish().await;
    postgres.finish().await;
}

#[tokio::test]
async fn both_engines_have_the_same_migration_versions() {
    let dir = |engine: &str| {
        let mut versions: Vec<String> = std::fs::read_dir(format!(
            "{}/../storage/migrations/{engine}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
        versions.sort();
        versions
    };
    assert_eq!(dir("sqlite"), dir("postgres"));
}
