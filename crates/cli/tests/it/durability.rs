//! Durability under SIGKILL: 16 clients write through the API of a real `stegvis serve`
//! process, which is killed with SIGKILL mid-stream; every write the server acknowledged (201)
//! must be in the database afterwards, and `stegvis audit verify` must find the chain intact.
//! Several rounds run on the same database, so each round also starts on a file or schema left
//! by a killed server.
//!
//! Not part of the ordinary test run, as it kills processes and takes a few seconds a round:
//!
//! ```sh
//! STEGVIS_DURABILITY_ROUNDS=3 cargo test -p stegvis --test it durability -- --ignored --nocapture
//! ```
//!
//! `.ci/run` runs it on both engines; docs/operations.md records longer runs.

use reqwest::StatusCode;
use serde_json::json;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use stegvis_testkit::{Engine, TEST_KEY_HEX, TestApp};

const WRITERS: usize = 16;

fn rounds() -> usize {
    std::env::var("STEGVIS_DURABILITY_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn stegvis(database_url: &str) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_stegvis"));
    command
        .env("STEGVIS_DATABASE_URL", database_url)
        .env("STEGVIS_SECRET_KEY", TEST_KEY_HEX)
        .env("STEGVIS_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// One round: start a server, let the writers run, kill it, and return what it acknowledged.
async fn round(database_url: &str, token: &str, number: usize) -> Vec<String> {
    let port = free_port();
    let mut server = stegvis(database_url)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(response) = http.get(format!("{base}/healthz")).send().await
            && response.status() == StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "round {number}: the server did not start");

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let (http, base, token) = (http.clone(), base.clone(), token.to_string());
        let acknowledged = acknowledged.clone();
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                let short_name = format!("r{number}w{writer}n{n}");
                let sent = http
                    .post(format!("{base}/api/v1/organisations"))
                    .bearer_auth(&token)
                    .json(&json!({
                        "name": format!("Hållbarhetsprov {short_name}"),
                        "short_name": short_name,
                        "kind": "other",
                    }))
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == StatusCode::CREATED => {
                        acknowledged.lock().unwrap().push(short_name);
                    }
                    Ok(response) => panic!("{short_name}: unexpected {}", response.status()),
                    // The server is gone: this write was never acknowledged.
                    Err(_) => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1200 + 400 * (number as u64 % 4))).await;
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    for writer in writers {
        tokio::time::timeout(Duration::from_secs(30), writer)
            .await
            .expect("a writer hung after the kill")
            .unwrap();
    }
    acknowledged.lock().unwrap().clone()
}

async fn short_names(database_url: &str) -> std::collections::HashSet<String> {
    let db = stegvis_storage::Db::connect(database_url).await.unwrap();
    let names: Vec<String> = match &db {
        stegvis_storage::Db::Sqlite(sqlite) => {
            sqlx::query_scalar("SELECT short_name FROM organisations")
                .fetch_all(&sqlite.writer)
                .await
        }
        stegvis_storage::Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT short_name FROM organisations")
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    db.close().await;
    names.into_iter().collect()
}

async fn every_acknowledged_write_survives(engine: Engine) {
    let Some(app) = TestApp::start(engine).await else {
        return;
    };
    let token = app.token("hallbar", "admin", None).await;
    let mut total = 0;
    for number in 1..=rounds() {
        let acknowledged = round(&app.database_url, &token, number).await;
        assert!(
            !acknowledged.is_empty(),
            "round {number}: nothing was written before the kill"
        );
        let stored = short_names(&app.database_url).await;
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|n| !stored.contains(*n))
            .collect();
        assert!(
            lost.is_empty(),
            "round {number}: acknowledged but lost: {lost:?}"
        );
        let verify = stegvis(&app.database_url)
            .args(["audit", "verify"])
            .stderr(Stdio::piped())
            .output()
            .await
            .unwrap();
        assert!(
            verify.status.success(),
            "round {number}: audit verify failed: {}",
            String::from_utf8_lossy(&verify.stderr)
        );
        total += acknowledged.len();
        eprintln!(
            "{engine:?} round {number}: {} writes acknowledged before SIGKILL, all present, audit chain intact",
            acknowledged.len()
        );
    }
    eprintln!(
        "{engine:?}: {total} acknowledged writes in {} rounds, none lost",
        rounds()
    );
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "kills server processes; run by .ci/run (see the module comment)"]
async fn every_acknowledged_write_survives_sigkill_on_sqlite() {
    every_acknowledged_write_survives(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "kills server processes; run by .ci/run (see the module comment)"]
async fn every_acknowledged_write_survives_sigkill_on_postgres() {
    every_acknowledged_write_survives(Engine::Postgres).await;
}
