//! Test support: the real Stegvis server, on a random port, over a fresh database.
//!
//! Every test gets its own SQLite file, or its own PostgreSQL schema when
//! `STEGVIS_TEST_DATABASE_URL` is set, and talks to the server over real HTTP with a client that
//! behaves like a browser (cookies, CSRF tokens from the page, no automatic redirects).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test support: failing loudly is the point

use rand::Rng;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use stegvis_app::keys::InstanceKey;
use stegvis_app::{Actor, App, Clock, PasswordCost, Passwords, Policy};
use stegvis_storage::Db;

/// A synthetic personnummer in the style of Skatteverket's test numbers, unique for every `n`
/// below 16 million: a birth date spread over 1960–2003 and a serial in 980–999 first (the
/// test series), written `YYYYMMDD-NNNC` with a valid check digit.
pub fn test_personnummer(n: usize) -> String {
    let offset = i64::try_from(n % 16_000).unwrap_or_default();
    let date = time::Date::from_calendar_date(1960, time::Month::January, 1)
        .unwrap_or(time::Date::MIN)
        + time::Duration::days(offset);
    let serial = (980 + n / 16_000) % 1000;
    let ten = format!(
        "{:02}{:02}{:02}{serial:03}",
        date.year() % 100,
        u8::from(date.month()),
        date.day()
    );
    let digits: Vec<u8> = ten.bytes().map(|b| b - b'0').collect();
    let check = stegvis_domain::luhn::luhn_check_digit(&digits);
    format!("{}{}-{}{check}", date.year() / 100, &ten[..6], &ten[6..])
}

/// The instance key every test server uses, so CLI runs against the same database agree.
pub const TEST_KEY_HEX: &str = "0707070707070707070707070707070707070707070707070707070707070707";
/// The password of users created by [`TestApp::user`].
pub const PASSWORD: &str = "ett långt testlösenord";
/// The token a test sends to `/metrics` (every test server has it configured).
pub const METRICS_TOKEN: &str = "test-metrics-token";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub app: App,
    pub engine: Engine,
    /// The URL of this test's database, for running the CLI against it.
    pub database_url: String,
    _dir: tempfile::TempDir,
    schema: Option<(String, String)>,
}

fn postgres_base_url() -> Option<String> {
    std::env::var("STEGVIS_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// An app over `db` with the tests' instance key and fast password hashing.
fn app_on(db: Db) -> App {
    let key = InstanceKey::from_hex(TEST_KEY_HEX).unwrap();
    App {
        db,
        audit_key: key.audit_key(),
        pseudonym_key: key.pseudonym_key(),
        identity_key: key.identity_key(),
        second_factor_key: key.second_factor_key(),
        passwords: Passwords::new(PasswordCost::FAST_FOR_TESTS).unwrap(),
        policy: Policy::default(),
        clock: Clock::system(),
        metrics: Default::default(),
    }
}

/// Starts a server for `app` on a random port; returns its base URL.
async fn serve(app: App) -> String {
    let key = InstanceKey::from_hex(TEST_KEY_HEX).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let base = format!("http://{address}");
    let config = stegvis_web::WebConfig {
        public_url: url::Url::parse(&base).unwrap(),
        demo: false,
        csrf_key: key.csrf_key(),
        trust_forwarded_for: false,
        metrics_token: Some(METRICS_TOKEN.to_string()),
    };
    let state = stegvis_web::AppState::new(app.clone(), config).unwrap();
    // Tests check answers, not speed: a debug build typesetting a 90-page PDF on a loaded
    // CI machine can take longer than production's 60 s, and a 503 from the timeout would
    // fail a test about something else. `attacks.rs` tests the timeout with its own limits.
    let limits = stegvis_web::server::Limits {
        request_timeout: std::time::Duration::from_secs(600),
        ..stegvis_web::server::Limits::default()
    };
    tokio::spawn(async move {
        stegvis_web::server::serve(
            listener,
            stegvis_web::router(state),
            limits,
            std::future::pending(),
        )
        .await
        .unwrap();
    });
    base
}

impl TestApp {
    /// A server on the given engine; `None` for PostgreSQL when no test database is configured,
    /// unless `STEGVIS_REQUIRE_POSTGRES=1`, in which case that is a failure.
    pub async fn start(engine: Engine) -> Option<TestApp> {
        let dir = tempfile::tempdir().unwrap();
        let (database_url, schema) = match engine {
            Engine::Sqlite => (
                format!("sqlite://{}/stegvis.db", dir.path().display()),
                None,
            ),
            Engine::Postgres => {
                let Some(base) = postgres_base_url() else {
                    if std::env::var("STEGVIS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                        panic!(
                            "STEGVIS_REQUIRE_POSTGRES=1 but STEGVIS_TEST_DATABASE_URL is not set"
                        );
                    }
                    return None;
                };
                let schema = format!("t_{:016x}", rand::thread_rng().r#gen::<u64>());
                let admin = sqlx::PgPool::connect(&base)
                    .await
                    .expect("PostgreSQL for tests answers");
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                let separator = if base.contains('?') { '&' } else { '?' };
                (
                    format!("{base}{separator}options=-c%20search_path%3D{schema}"),
                    Some((base, schema)),
                )
            }
        };
        let db = Db::connect(&database_url).await.unwrap();
        db.migrate().await.unwrap();
        let app = app_on(db);
        stegvis_app::instruments::import_shipped(&app)
            .await
            .unwrap();
        let base = serve(app.clone()).await;
        Some(TestApp {
            base,
            app,
            engine,
            database_url,
            _dir: dir,
            schema,
        })
    }

    /// A second app server on the same database, with its own connections, as a second
    /// machine behind a load balancer would be; returns its base URL. PostgreSQL only: an
    /// SQLite file belongs to one server process.
    pub async fn second_server(&self) -> String {
        assert_eq!(
            self.engine,
            Engine::Postgres,
            "two servers share PostgreSQL only"
        );
        let db = Db::connect(&self.database_url).await.unwrap();
        serve(app_on(db)).await
    }

    /// A further server over the same app and database connections with another policy, for
    /// tests of settings such as `--require-totp`; returns its base URL.
    pub async fn server_with_policy(&self, policy: stegvis_app::Policy) -> String {
        let mut app = self.app.clone();
        app.policy = policy;
        serve(app).await
    }

    /// A browser-like client with no cookies yet.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Creates an organisation through the use case; returns its id.
    pub async fn organisation(&self, short_name: &str, kind: &str) -> i64 {
        stegvis_app::organisations::create(
            &self.app,
            &Actor::system("test"),
            &stegvis_domain::organisation::OrganisationInput {
                name: format!("Organisation {short_name}"),
                short_name: short_name.into(),
                kind: kind.into(),
                org_number: String::new(),
            },
        )
        .await
        .unwrap()
    }

    /// Creates a user with [`PASSWORD`]; returns the user's id.
    pub async fn user(&self, username: &str, role: &str, organisation: Option<i64>) -> i64 {
        stegvis_app::users::create_with_password(
            &self.app,
            &Actor::system("test"),
            &stegvis_app::users::UserInput {
                username: username.into(),
                display_name: format!("Test {username}"),
                role: role.into(),
                organisation: organisation.map(|o| o.to_string()).unwrap_or_default(),
                person: String::new(),
                enterprise: String::new(),
            },
            PASSWORD,
        )
        .await
        .unwrap()
    }

    /// A client logged in as a new user of the role.
    pub async fn logged_in(&self, username: &str, role: &str, organisation: Option<i64>) -> Client {
        self.user(username, role, organisation).await;
        let client = self.client();
        client.login(username, PASSWORD).await;
        client
    }

    /// A new API token for a new user of the role.
    pub async fn token(&self, username: &str, role: &str, organisation: Option<i64>) -> String {
        let id = self.user(username, role, organisation).await;
        stegvis_app::users::create_api_token(&self.app, &Actor::system("test"), id, "test")
            .await
            .unwrap()
    }

    /// Moves the app's clock (and so the server's "now") forward by `by`; it runs on from there.
    /// Tests move time this way, never by rewriting timestamps in the database.
    pub fn advance_clock(&self, by: time::Duration) {
        self.app.clock.advance(by);
    }

    /// Makes the app's clock read `at` now; it runs on from there.
    pub fn set_clock(&self, at: stegvis_domain::timestamp::Timestamp) {
        self.app.clock.set(at);
    }

    /// Today's date in Sweden by the app's clock.
    pub fn today(&self) -> time::Date {
        self.app.today()
    }

    /// Runs a SQL statement directly, for tests that simulate tampering.
    pub async fn sql(&self, statement: &str) {
        match &self.app.db {
            Db::Sqlite(sqlite) => {
                sqlx::query(statement)
                    .execute(&sqlite.writer)
                    .await
                    .unwrap();
            }
            Db::Postgres(pool) => {
                sqlx::query(statement).execute(pool).await.unwrap();
            }
        }
    }

    /// A single integer from a query.
    pub async fn scalar(&self, query: &str) -> i64 {
        match &self.app.db {
            Db::Sqlite(sqlite) => sqlx::query_scalar(query)
                .fetch_one(&sqlite.writer)
                .await
                .unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(query).fetch_one(pool).await.unwrap(),
        }
    }

    /// Drops this test's PostgreSQL schema. Tests call it at the end; a schema left behind by a
    /// failed test is harmless and removed by `.ci/run`'s fresh database.
    pub async fn finish(self) {
        self.app.db.close().await;
        if let Some((base, schema)) = &self.schema {
            let admin = sqlx::PgPool::connect(base).await.unwrap();
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
        }
    }
}

/// A response, read completely.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }

    /// Fails the test unless the response has this status, showing the body when it has not:
    /// for steps whose own outcome is not the point of the test but must not fail unseen.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Page {
        assert_eq!(self.status, status, "{}", self.body);
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }
}

/// A client that keeps cookies and the page's CSRF token as a browser would.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    cookies: Arc<Mutex<HashMap<String, String>>>,
    csrf: Arc<Mutex<String>>,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Arc::default(),
            csrf: Arc::default(),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .unwrap()
            .insert(name.into(), value.into());
    }

    pub fn csrf_token(&self) -> String {
        self.csrf.lock().unwrap().clone()
    }

    fn cookie_header(&self) -> Option<HeaderValue> {
        let cookies = self.cookies.lock().unwrap();
        if cookies.is_empty() {
            return None;
        }
        let text: Vec<String> = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        HeaderValue::from_str(&text.join("; ")).ok()
    }

    async fn read(&self, response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") {
                self.cookies.lock().unwrap().remove(name);
            } else {
                self.cookies
                    .lock()
                    .unwrap()
                    .insert(name.into(), value.into());
            }
        }
        let body = response.text().await.unwrap();
        if let Some(token) = meta_csrf(&body) {
            *self.csrf.lock().unwrap() = token;
        }
        Page {
            status,
            headers,
            body,
        }
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut builder = self.http.request(method, format!("{}{path}", self.base));
        if let Some(cookies) = self.cookie_header() {
            builder = builder.header("cookie", cookies);
        }
        builder
    }

    pub async fn send(&self, builder: reqwest::RequestBuilder) -> Page {
        self.read(builder.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    /// Posts a form as the browser would: same-origin, with the page's CSRF token. Fetches a
    /// page first when no token is known yet.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf_token().is_empty() {
            self.get("/logga-in").await;
        }
        let mut all: Vec<(&str, String)> =
            fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
        all.push(("csrf_token", self.csrf_token()));
        self.post_raw(path, &all, &[("sec-fetch-site", "same-origin")])
            .await
    }

    /// Posts form fields exactly as given, with extra headers: for CSRF tests.
    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, String)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut builder = self.request(reqwest::Method::POST, path).form(fields);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        self.send(builder).await
    }

    /// Uploads a file through a multipart form, with the page's CSRF token as a form field.
    pub async fn post_file(
        &self,
        path: &str,
        field: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Page {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", self.csrf_token())
            .part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
            );
        let builder = self
            .request(reqwest::Method::POST, path)
            .header("sec-fetch-site", "same-origin")
            .multipart(form);
        self.send(builder).await
    }

    /// Logs in through the form and checks it worked.
    pub async fn login(&self, username: &str, password: &str) {
        let page = self
            .post_form(
                "/logga-in",
                &[("username", username), ("password", password)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "login as {username} failed: {}",
            page.body
        );
        self.get("/start").await;
    }

    /// Calls the JSON API with a bearer token.
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> Page {
        let mut builder = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        self.read(builder.send().await.unwrap()).await
    }
}

fn meta_csrf(body: &str) -> Option<String> {
    let marker = "<meta name=\"stegvis-csrf\" content=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string()).filter(|t| !t.is_empty())
}

/// Runs an async test body once on SQLite and once on PostgreSQL (when configured).
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: &$crate::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                let app = $crate::TestApp::start($crate::Engine::Sqlite).await.unwrap();
                run(&app).await;
                app.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if let Some(app) = $crate::TestApp::start($crate::Engine::Postgres).await {
                    run(&app).await;
                    app.finish().await;
                }
            }
        }
    };
}
