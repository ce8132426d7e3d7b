//! Login with e-ID through OpenID Connect (decision 0032), against a real provider: panva's
//! `oidc-provider`, started from `tests/oidc/` as a node process on a free port. A browser-like
//! client follows the whole authorization code flow: Stegvis's link, the provider's login and
//! consent pages, the callback, and Stegvis's start page.

use reqwest::StatusCode;
use std::path::PathBuf;
use std::process::Stdio;
use stegvis_app::Actor;
use stegvis_domain::oidc::OidcProviderInput;
use stegvis_testkit::{TestApp, on_both_engines, test_personnummer};
use tokio::io::{AsyncBufReadExt, BufReader};

const CLIENT_ID: &str = "stegvis-test";
const CLIENT_SECRET: &str = "en-hemlighet-bara-for-testerna";

/// The provider process; killed when dropped.
struct Provider {
    issuer: String,
    _process: tokio::process::Child,
}

/// Starts the provider with these accounts (id → claims), or explains why it cannot: without
/// `npm ci` in tests/oidc the test is skipped, except in CI (`CI` or
/// `STEGVIS_REQUIRE_POSTGRES=1`), where that is a failure.
async fn provider(app: &TestApp, accounts: serde_json::Value) -> Option<Provider> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
    if !dir.join("node_modules/oidc-provider").is_dir() {
        let reason = format!(
            "the OIDC provider for the e-ID tests is not installed: run `npm ci` in {}",
            dir.display()
        );
        let required = std::env::var("CI").is_ok_and(|v| !v.is_empty())
            || std::env::var("STEGVIS_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
        assert!(!required, "{reason}");
        eprintln!("SKIPPED: {reason}");
        return None;
    }
    let mut process = tokio::process::Command::new("node")
        .arg("provider.mjs")
        .current_dir(&dir)
        .env("STEGVIS_OIDC_CLIENT_ID", CLIENT_ID)
        .env("STEGVIS_OIDC_CLIENT_SECRET", CLIENT_SECRET)
        .env(
            "STEGVIS_OIDC_REDIRECT_URI",
            format!("{}/logga-in/oidc/callback", app.base),
        )
        .env("STEGVIS_OIDC_ACCOUNTS", accounts.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts (it is needed for the e-ID tests)");
    let stdout = process.stdout.take().expect("the provider's output");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(std::time::Duration::from_secs(60), lines.next_line())
        .await
        .expect("the provider starts within a minute")
        .expect("the provider's output is readable")
        .expect("the provider says where it listens");
    let issuer = line
        .strip_prefix("listening ")
        .expect("the provider's first line names its issuer")
        .to_string();
    // The provider writes to its output while it runs; a closed pipe would stop it.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Some(Provider {
        issuer,
        _process: process,
    })
}

/// Configures e-ID login for the organisation against the provider.
async fn configure(app: &TestApp, organisation: i64, provider: &Provider, passwords_off: bool) {
    stegvis_app::oidc::save_settings(
        &app.app,
        &Actor::system("test"),
        organisation,
        &OidcProviderInput {
            issuer_url: provider.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            claim_name: "personal_number".into(),
            claim_kind: "personnummer".into(),
            local_passwords_off: passwords_off,
        },
    )
    .await
    .unwrap();
}

/// A browser: keeps the cookies of both servers, follows no redirect by itself.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn resolve(base: &str, location: &str) -> String {
    url::Url::parse(base)
        .unwrap()
        .join(location)
        .unwrap()
        .to_string()
}

/// Starts at `start` (Stegvis's e-ID link), follows the redirects, logs in on the provider's
/// development page as `account` and consents, and returns the URL the provider sends the
/// browser back to Stegvis with (the callback, with `code` and `state`), without visiting it.
async fn through_provider(browser: &reqwest::Client, start: &str, account: &str) -> String {
    let mut url = start.to_string();
    let mut form: Option<Vec<(&str, &str)>> = None;
    for _ in 0..20 {
        let request = match form.take() {
            Some(fields) => browser.post(&url).form(&fields),
            None => browser.get(&url),
        };
        let response = request.send().await.unwrap();
        if response.status().is_redirection() {
            let location = response.headers()["location"].to_str().unwrap();
            url = resolve(&url, location);
            if url.contains("/logga-in/oidc/callback") {
                return url;
            }
            continue;
        }
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "at {url}: {body}");
        let action = body
            .split("action=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no form at {url}: {body}"));
        let next = resolve(&url, action);
        form = Some(if body.contains("name=\"prompt\" value=\"login\"") {
            vec![
                ("prompt", "login"),
                ("login", account),
                ("password", "vilket som helst"),
            ]
        } else if body.contains("name=\"prompt\" value=\"consent\"") {
            vec![("prompt", "consent")]
        } else {
            panic!("an unexpected page at {url}: {body}");
        });
        url = next;
    }
    panic!("the provider never sent the browser back to Stegvis");
}

fn claims(number: &str) -> serde_json::Value {
    serde_json::json!({ "personal_number": number.replace('-', ""), "name": "Testperson" })
}

on_both_engines!(
    a_user_logs_in_through_the_organisations_identity_provider_once_per_state,
    |app| {
        let anna = test_personnummer(7);
        let Some(provider) = provider(app, serde_json::json!({ "anna": claims(&anna) })).await
        else {
            return;
        };
        let org = app.organisation("VVK", "kommun").await;
        configure(app, org, &provider, false).await;
        let user = app.user("anna.e", "coordinator", Some(org)).await;
        stegvis_app::oidc::set_external_identity(&app.app, &Actor::system("test"), user, &anna)
            .await
            .unwrap();

        let login_page = app.client().get("/logga-in").await;
        assert!(
            login_page
                .body
                .contains(&format!("href=\"/logga-in/oidc/{org}\"")),
            "{}",
            login_page.body
        );
        assert!(
            login_page
                .body
                .contains("Logga in med e-legitimation (Organisation VVK)")
        );

        let browser = browser();
        let start = format!("{}/logga-in/oidc/{org}", app.base);
        let callback = through_provider(&browser, &start, "anna").await;
        assert!(callback.contains("code=") && callback.contains("state="));
        let back = browser.get(&callback).send().await.unwrap();
        assert_eq!(back.status(), StatusCode::SEE_OTHER);
        assert_eq!(back.headers()["location"], "/start");
        let start_page = browser
            .get(format!("{}/start", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(start_page.status(), StatusCode::OK);
        assert!(start_page.text().await.unwrap().contains("anna.e"));
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = 'login.oidc' AND actor_user_id = {user}"
            ))
            .await,
            1
        );

        // The same callback again, from the same browser or another: the state is spent.
        for again in [&browser, &self::browser()] {
            let replay = again.get(&callback).send().await.unwrap();
            assert_eq!(replay.status(), StatusCode::NOT_FOUND);
            assert!(replay.text().await.unwrap().contains("har redan använts"));
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM oidc_pending_logins").await,
            0
        );
        // No personnummer was stored, only its keyed hash.
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM users WHERE external_id LIKE 'pnr:%' AND id = {user}"
            ))
            .await,
            1
        );
    }
);

on_both_engines!(
    a_callback_in_another_browser_than_the_one_that_started_is_refused,
    |app| {
        let anna = test_personnummer(8);
        let Some(provider) = provider(app, serde_json::json!({ "anna": claims(&anna) })).await
        else {
            return;
        };
        let org = app.organisation("VVK", "kommun").await;
        configure(app, org, &provider, false).await;
        let user = app.user("anna.e", "coordinator", Some(org)).await;
        stegvis_app::oidc::set_external_identity(&app.app, &Actor::system("test"), user, &anna)
            .await
            .unwrap();
        let start = format!("{}/logga-in/oidc/{org}", app.base);
        let callback = through_provider(&browser(), &start, "anna").await;
        let elsewhere = browser().get(&callback).send().await.unwrap();
        assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'login.oidc'")
                .await,
            0
        );
    }
);

on_both_engines!(
    an_unknown_identity_is_refused_and_passwords_can_be_switched_off,
    |app| {
        let stranger = test_personnummer(9);
        let Some(provider) = provider(app, serde_json::json!({ "okand": claims(&stranger) })).await
        else {
            return;
        };
        let org = app.organisation("VVK", "kommun").await;
        configure(app, org, &provider, true).await;
        app.user("bo.l", "coordinator", Some(org)).await;

        let browser = browser();
        let start = format!("{}/logga-in/oidc/{org}", app.base);
        let callback = through_provider(&browser, &start, "okand").await;
        let refused = browser.get(&callback).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let text = refused.text().await.unwrap();
        assert!(
            text.contains("inte kopplad till något aktivt konto"),
            "{text}"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'login.oidc_failed'")
                .await,
            1
        );
        let digits = stranger.replace('-', "");
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE records LIKE '%{digits}%' OR route LIKE '%{digits}%'"
            ))
            .await,
            0
        );

        // The right password of a user whose organisation allows only e-ID is refused, with
        // the way to e-ID on the same page.
        let page = app
            .client()
            .post_form(
                "/logga-in",
                &[
                    ("username", "bo.l"),
                    ("password", stegvis_testkit::PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(
            page.body
                .contains("Din organisation använder inloggning med e-legitimation")
        );
        assert!(
            page.body
                .contains(&format!("href=\"/logga-in/oidc/{org}\""))
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'login.password_off'")
                .await,
            1
        );
    }
);
