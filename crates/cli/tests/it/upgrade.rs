//! Upgrades: a database made by an earlier release (`tests/fixtures/upgrade/`, the demo as
//! that release loaded it) is migrated forward by this build, after which the audit chain still
//! verifies and the server serves the old data to its old users.

use crate::cli::stegvis;
use flate2::read::GzDecoder;
use sqlx::Connection;
use std::io::Read;
use std::time::Duration;
use stegvis_testkit::{Client, TEST_KEY_HEX};

const RELEASES: &[&str] = &["9b0162b"];

fn fixture(release: &str, engine: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/upgrade/release-{release}.{engine}.sql.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut sql = String::new();
    GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut sql)
        .unwrap();
    sql
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Migrates the old database, verifies its audit chain and logs in as the demo's coordinator
/// on a server of this build, which must show the old participants and programmes.
async fn migrates_forward_and_serves(database_url: &str) {
    let migrated = stegvis(&["migrate"], database_url, None).await;
    assert!(migrated.success, "{}", migrated.stderr);
    let verified = stegvis(&["audit", "verify"], database_url, None).await;
    assert!(verified.success, "{}", verified.stderr);

    let port = free_port();
    let _server = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("STEGVIS_DATABASE_URL", database_url)
        .env("STEGVIS_SECRET_KEY", TEST_KEY_HEX)
        .env("STEGVIS_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = Client::new(&base);
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(response) = reqwest::get(format!("{base}/healthz")).await
            && response.status() == reqwest::StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "the upgraded server did not start");
    client.login("samordnare", "demo-stegvis-2026").await;
    let people = client.get("/personer").await;
    assert_eq!(people.status, reqwest::StatusCode::OK, "{}", people.body);
    assert!(
        people.body.contains("Al-Sayed"),
        "the demo's people are listed"
    );
    let effects = client.get("/program/2/effekter").await;
    assert_eq!(effects.status, reqwest::StatusCode::OK, "{}", effects.body);
    assert!(effects.body.contains("Sociala företag i Västervik"));
}

#[tokio::test]
async fn an_earlier_releases_sqlite_database_migrates_forward_and_serves() {
    for release in RELEASES {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/old.db?mode=rwc", dir.path().display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(&fixture(release, "sqlite"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        migrates_forward_and_serves(&format!("sqlite://{}/old.db", dir.path().display())).await;
    }
}

#[tokio::test]
async fn an_earlier_releases_postgres_database_migrates_forward_and_serves() {
    let Ok(test_url) = std::env::var("STEGVIS_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("STEGVIS_REQUIRE_POSTGRES").is_err(),
            "STEGVIS_REQUIRE_POSTGRES is set but STEGVIS_TEST_DATABASE_URL is not"
        );
        return;
    };
    let mut admin = sqlx::PgConnection::connect(&test_url).await.unwrap();
    for release in RELEASES {
        // A database of its own: the dump names the public schema, as a real installation's does.
        let name = format!("stegvis_upgrade_{release}_{}", std::process::id());
        // One statement per call: several in one string run as one transaction, which
        // CREATE DATABASE refuses.
        for statement in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            sqlx::raw_sql(&statement).execute(&mut admin).await.unwrap();
        }
        let mut url = url::Url::parse(&test_url).unwrap();
        url.set_path(&format!("/{name}"));
        let url = url.to_string();
        let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::raw_sql(&fixture(release, "postgres"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        migrates_forward_and_serves(&url).await;
        sqlx::raw_sql(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await
            .unwrap();
    }
}
