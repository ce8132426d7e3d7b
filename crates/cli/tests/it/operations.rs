//! The operator's kit at run time: `/metrics`, SQLite's read-only connections beside the writer,
//! and two app servers on one PostgreSQL database.

use reqwest::StatusCode;
use stegvis_testkit::{Client, Engine, METRICS_TOKEN, TestApp, on_both_engines};

on_both_engines!(
    metrics_answer_the_operators_token_only_and_name_route_templates_never_paths,
    |app| {
        let client = app.logged_in("admin1", "admin", None).await;
        client.get("/program/987654321/effekter").await;
        // Logging in opened the start page once; this is the second time.
        client.get("/start").await.expect(StatusCode::OK);

        let anonymous = app.client();
        assert_eq!(
            anonymous.get("/metrics").await.status,
            StatusCode::NOT_FOUND
        );
        let wrong = anonymous
            .send(
                anonymous
                    .request(reqwest::Method::GET, "/metrics")
                    .bearer_auth("not-the-token"),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        // A logged-in session is not the monitoring token either.
        assert_eq!(client.get("/metrics").await.status, StatusCode::NOT_FOUND);

        let page = anonymous
            .send(
                anonymous
                    .request(reqwest::Method::GET, "/metrics")
                    .bearer_auth(METRICS_TOKEN),
            )
            .await
            .expect(StatusCode::OK);
        assert!(page.header("content-type").starts_with("text/plain"));
        assert!(
            page.body.contains(
                r#"stegvis_http_requests_total{method="GET",route="/start",status="200"} 2"#
            ),
            "{}",
            page.body
        );
        assert!(page.body.contains(r#"route="/program/{id}/effekter""#));
        assert!(
            !page.body.contains("/program/987654321"),
            "no path reaches the metrics"
        );
        assert!(
            page.body
                .contains(r#"stegvis_db_begin_wait_seconds_count{pool="reader"}"#)
        );
        let head = app
            .scalar("SELECT seq FROM audit_checkpoints WHERE label = 'head'")
            .await;
        assert!(head > 0);
        assert!(
            page.body
                .contains(&format!("stegvis_audit_chain_length {head}\n")),
            "the chain length is the head's sequence number {head}"
        );
    }
);

/// A use case that wrongly wrote inside a read transaction would race SQLite's single writer;
/// the readers are opened read-only so that it fails instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sqlite_read_transaction_cannot_write() {
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    let mut tx = app.app.db.begin_read().await.unwrap();
    let stegvis_storage::Tx::Sqlite(transaction) = &mut tx else {
        panic!("an SQLite app reads from SQLite");
    };
    let written = sqlx::query(
        "INSERT INTO organisations (name, short_name, kind, created_at) \
         VALUES ('X', 'x', 'municipality', '2026-12-07T00:00:00Z')",
    )
    .execute(&mut **transaction)
    .await;
    let error = written.expect_err("a read-only connection refuses writes");
    assert!(error.to_string().contains("readonly"), "{error}");
    drop(tx);
    app.finish().await;
}

/// Stateless app servers behind a load balancer: a session made on one server works on the
/// other, since sessions live in the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_app_server_works_on_another() {
    let Some(app) = TestApp::start(Engine::Postgres).await else {
        return;
    };
    let org = app.organisation("vastervik", "kommun").await;
    let first = app.logged_in("coord", "coordinator", Some(org)).await;
    let session = first
        .cookie("stegvis_session")
        .expect("the first server set a session cookie");

    let second_base = app.second_server().await;
    let second = Client::new(&second_base);
    second.set_cookie("stegvis_session", &session);
    let start = second.get("/start").await.expect(StatusCode::OK);
    assert!(
        start.body.contains("coord"),
        "the second server knows the user"
    );
    second.get("/personer").await.expect(StatusCode::OK);

    // Logging out on the second server ends the session on the first too.
    second
        .post_form("/logga-ut", &[])
        .await
        .expect(StatusCode::SEE_OTHER);
    let again = first.get("/start").await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "the session is gone everywhere"
    );
    app.finish().await;
}

/// `docker stop` and systemd send SIGTERM; the server must stop taking new connections and still
/// answer the request it is in the middle of.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight_and_takes_no_new_ones() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/slow",
        axum::routing::get(|| async {
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            "done"
        }),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(stegvis_web::server::serve(
        listener,
        router,
        stegvis_web::server::Limits::default(),
        async {
            let _ = stopped.await;
        },
    ));
    let http = reqwest::Client::new();
    let in_flight = tokio::spawn({
        let http = http.clone();
        let url = format!("{base}/slow");
        async move { http.get(url).send().await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    let answer = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.text().await.unwrap(), "done");
    server.await.unwrap().unwrap();
    let refused = reqwest::Client::new()
        .get(format!("{base}/slow"))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "a stopped server takes no new connections"
    );
}
