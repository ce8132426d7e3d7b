//! The second factor (TOTP and recovery codes, decision 0031): enrolment, the login's second
//! step, the lockout, the administrator's reset and the `--require-totp` policy.

use reqwest::{Method, StatusCode};
use stegvis_testkit::{Client, PASSWORD, TestApp, on_both_engines};
use totp_rs::{Algorithm, Secret, TOTP};

/// The text of `value="…"` after the element with `id`.
fn value_after(body: &str, id: &str) -> String {
    let start = body.find(&format!("id=\"{id}\"")).expect("the element");
    let rest = &body[start..];
    let value = rest.find("value=\"").expect("a value") + "value=\"".len();
    rest[value..].split('"').next().unwrap().to_string()
}

/// The code an authenticator app shows at the app's "now", `steps` time steps away.
fn code(app: &TestApp, secret: &str, steps: i64) -> String {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().unwrap();
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new());
    let at = app.app.now().datetime().unix_timestamp() + steps * 30;
    totp.generate(u64::try_from(at).unwrap())
}

/// Moves past the time step of the last accepted code, as a person waits for the next one.
fn next_step(app: &TestApp) {
    app.advance_clock(time::Duration::seconds(30));
}

/// Enrols the logged-in client; returns the base32 secret and the recovery codes.
async fn enrol(app: &TestApp, client: &Client) -> (String, Vec<String>) {
    client
        .post_form("/konto/tvastegsverifiering/starta", &[])
        .await
        .expect(StatusCode::SEE_OTHER);
    let page = client.get("/konto/tvastegsverifiering").await;
    assert_eq!(page.status, StatusCode::OK);
    let secret = value_after(&page.body, "totp-secret");
    assert!(value_after(&page.body, "totp-uri").starts_with("otpauth://totp/Stegvis:"));
    let wrong = client
        .post_form("/konto/tvastegsverifiering/bekrafta", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Koden stämmer inte"));
    let done = client
        .post_form(
            "/konto/tvastegsverifiering/bekrafta",
            &[("code", &code(app, &secret, 0))],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes: Vec<String> = done
        .body
        .split("<li><code>")
        .skip(1)
        .map(|piece| piece.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    next_step(app);
    (secret, codes)
}

/// Logs in with the password; returns the client, now holding only the pending login.
async fn password_step(app: &TestApp, username: &str) -> Client {
    let client = app.client();
    let page = client
        .post_form(
            "/logga-in",
            &[("username", username), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/logga-in/kod");
    client
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
    ))
    .await
}

on_both_engines!(
    after_enrolment_the_login_asks_for_a_code_and_refuses_a_wrong_one_in_swedish,
    |app| {
        let org = app.organisation("VVK", "kommun").await;
        let sam = app.logged_in("sam", "coordinator", Some(org)).await;
        let (secret, _) = enrol(app, &sam).await;
        assert_eq!(audited(app, "totp.enrolled").await, 1);

        let client = password_step(app, "sam").await;
        let page = client.get("/logga-in/kod").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("autocomplete=\"one-time-code\""));
        assert_eq!(
            client.get("/start").await.status,
            StatusCode::SEE_OTHER,
            "the password alone opens no session"
        );
        let wrong = client
            .post_form("/logga-in/kod", &[("code", "123456")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("Koden stämmer inte"), "{}", wrong.body);
        assert_eq!(
            app.scalar("SELECT failed_logins FROM users WHERE username = 'sam'")
                .await,
            1,
            "a wrong code counts toward the lockout"
        );
        assert_eq!(audited(app, "login.second-factor-failed").await, 1);

        let right = code(app, &secret, 0);
        let done = client.post_form("/logga-in/kod", &[("code", &right)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), "/start");
        assert_eq!(client.get("/start").await.status, StatusCode::OK);
        assert_eq!(
            app.scalar("SELECT failed_logins FROM users WHERE username = 'sam'")
                .await,
            0
        );

        let again = password_step(app, "sam").await;
        let replay = again.post_form("/logga-in/kod", &[("code", &right)]).await;
        assert_eq!(
            replay.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a code is accepted once"
        );
        let skewed = again
            .post_form("/logga-in/kod", &[("code", &code(app, &secret, 1))])
            .await;
        assert_eq!(
            skewed.status,
            StatusCode::SEE_OTHER,
            "the next step's code is accepted, for a phone a little ahead"
        );
    }
);

on_both_engines!(wrong_codes_lock_the_account_as_wrong_passwords_do, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let (secret, _) = enrol(app, &admin).await;
    let client = password_step(app, "admin1").await;
    for _ in 0..4 {
        client
            .post_form("/logga-in/kod", &[("code", "999999")])
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let locked = client
        .post_form("/logga-in/kod", &[("code", "999999")])
        .await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert!(locked.body.contains("låst"), "{}", locked.body);
    assert_eq!(audited(app, "login.locked").await, 1);
    let again = client
        .post_form("/logga-in/kod", &[("code", &code(app, &secret, 0))])
        .await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "the pending login ended"
    );
    assert_eq!(again.location(), "/logga-in");
    let late = app
        .client()
        .post_form(
            "/logga-in",
            &[("username", "admin1"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::UNAUTHORIZED,
        "the lock holds against the right password too"
    );
});

on_both_engines!(a_recovery_code_logs_in_once, |app| {
    let org = app.organisation("FK", "forsakringskassan").await;
    let kim = app.logged_in("kim", "case-officer", Some(org)).await;
    let (_, codes) = enrol(app, &kim).await;
    let client = password_step(app, "kim").await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let done = client.post_form("/logga-in/kod", &[("code", &typed)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(audited(app, "recovery-code.used").await, 1);
    let page = client.get("/konto/tvastegsverifiering").await;
    assert!(
        page.body.contains("9 oanvända reservkoder"),
        "{}",
        page.body
    );
    let again = password_step(app, "kim").await;
    let used = again
        .post_form("/logga-in/kod", &[("code", &codes[3])])
        .await;
    assert_eq!(used.status, StatusCode::UNPROCESSABLE_ENTITY);
});

on_both_engines!(
    turning_off_needs_a_code_or_the_password_and_the_administrator_can_reset,
    |app| {
        let eva = app.logged_in("eva", "evaluator", None).await;
        let (secret, _) = enrol(app, &eva).await;
        let wrong = eva
            .post_form(
                "/konto/tvastegsverifiering/stang-av",
                &[("code_or_password", "fel")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("Varken koden eller lösenordet stämmer"));
        eva.post_form(
            "/konto/tvastegsverifiering/stang-av",
            &[("code_or_password", &code(app, &secret, 0))],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
        assert_eq!(audited(app, "totp.disabled").await, 1);
        app.client().login("eva", PASSWORD).await;

        let (_, _) = enrol(app, &eva).await;
        let admin = app.logged_in("admin1", "admin", None).await;
        let eva_id = app
            .scalar("SELECT id FROM users WHERE username = 'eva'")
            .await;
        let shown = admin.get(&format!("/anvandare/{eva_id}")).await;
        assert!(shown.body.contains("Ta bort tvåstegsverifieringen"));
        let path = format!("/anvandare/{eva_id}/tvastegsverifiering/aterstall");
        admin.post_form(&path, &[]).await.expect(StatusCode::OK);
        admin
            .post_form(&path, &[("bekraftat", "1")])
            .await
            .expect(StatusCode::SEE_OTHER);
        assert_eq!(audited(app, "totp.reset").await, 1);
        assert_eq!(
            eva.get("/start").await.status,
            StatusCode::SEE_OTHER,
            "the reset ends the user's sessions"
        );
        app.client().login("eva", PASSWORD).await;
    }
);

on_both_engines!(
    with_the_policy_staff_without_a_second_factor_can_only_enrol_and_tokens_still_work,
    |app| {
        let org = app.organisation("VVK", "kommun").await;
        app.user("sam", "coordinator", Some(org)).await;
        app.user("anna", "participant", None).await;
        let token = app.token("robot", "coordinator", Some(org)).await;
        let base = app
            .server_with_policy(stegvis_app::Policy {
                require_totp: true,
                ..stegvis_app::Policy::default()
            })
            .await;
        let sam = Client::new(&base);
        sam.login("sam", PASSWORD).await;
        for path in ["/start", "/personer", "/konto"] {
            let page = sam.get(path).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(page.location(), "/konto/tvastegsverifiering", "{path}");
        }
        let page = sam.get("/konto/tvastegsverifiering").await;
        assert!(page.body.contains("måste ha tvåstegsverifiering"));
        sam.post_form("/konto/tvastegsverifiering/starta", &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let page = sam.get("/konto/tvastegsverifiering").await;
        let secret = value_after(&page.body, "totp-secret");
        sam.post_form(
            "/konto/tvastegsverifiering/bekrafta",
            &[("code", &code(app, &secret, 0))],
        )
        .await
        .expect(StatusCode::OK);
        assert_eq!(sam.get("/start").await.status, StatusCode::OK);
        next_step(app);
        let refused = sam
            .post_form(
                "/konto/tvastegsverifiering/stang-av",
                &[("code_or_password", PASSWORD)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("kan inte stängas av"));

        let anna = Client::new(&base);
        anna.login("anna", PASSWORD).await;
        assert_eq!(
            anna.get("/start").await.status,
            StatusCode::OK,
            "a participant reads no one else's data and is not required"
        );
        let api = anna
            .api(Method::GET, "/api/v1/programmes", &token, None)
            .await;
        assert_eq!(api.status, StatusCode::OK, "API tokens are not affected");
    }
);
