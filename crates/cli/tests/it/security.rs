//! Security regressions: headers, cookies, CSRF, sessions, lockout.

use reqwest::StatusCode;
use stegvis_testkit::{PASSWORD, on_both_engines};

on_both_engines!(every_response_carries_the_security_headers, |app| {
    let client = app.client();
    for path in [
        "/logga-in",
        "/healthz",
        "/static/style.css",
        "/finns-inte",
        "/api/v1/organisations",
    ] {
        let page = client.get(path).await;
        let csp = page.header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(page.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(page.header("referrer-policy"), "same-origin", "{path}");
    }
});

on_both_engines!(
    pages_are_never_stored_in_caches_but_static_files_may_be,
    |app| {
        let client = app.logged_in("admin1", "admin", None).await;
        assert_eq!(
            client.get("/anvandare").await.header("cache-control"),
            "no-store"
        );
        assert_eq!(
            client.get("/start").await.header("cache-control"),
            "no-store"
        );
        assert!(
            client
                .get("/static/app.js")
                .await
                .header("cache-control")
                .contains("max-age")
        );
    }
);

on_both_engines!(session_cookies_are_http_only_and_same_site, |app| {
    app.user("anna", "admin", None).await;
    let client = app.client();
    client.get("/logga-in").await;
    let page = client
        .post_form("/logga-in", &[("username", "anna"), ("password", PASSWORD)])
        .await;
    let cookies = page.set_cookies();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("stegvis_session="))
        .expect("a session cookie");
    assert!(session.contains("HttpOnly"));
    assert!(session.contains("SameSite=Lax"));
    assert!(session.contains("Path=/"));
});

on_both_engines!(a_post_without_a_csrf_token_is_refused, |app| {
    app.user("anna", "admin", None).await;
    let client = app.client();
    client.get("/logga-in").await;
    let page = client
        .post_raw(
            "/logga-in",
            &[("username", "anna"), ("password", PASSWORD)].map(|(k, v)| (k, v.to_string())),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Sidan var inaktuell"));
    assert!(client.cookie("stegvis_session").is_none());
});

on_both_engines!(a_post_with_a_wrong_csrf_token_is_refused, |app| {
    let client = app.logged_in("admin1", "admin", None).await;
    let page = client
        .post_raw(
            "/organisationer/ny",
            &[
                ("name", "X".to_string()),
                ("short_name", "X".to_string()),
                ("kind", "other".to_string()),
                ("csrf_token", "0".repeat(64)),
            ],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM organisations").await, 0);
});

on_both_engines!(
    a_post_from_a_foreign_origin_is_refused_even_with_a_valid_token,
    |app| {
        let client = app.logged_in("admin1", "admin", None).await;
        let token = client.csrf_token();
        let fields = [
            ("name", "X".to_string()),
            ("short_name", "X".to_string()),
            ("kind", "other".to_string()),
            ("csrf_token", token),
        ];
        let page = client
            .post_raw(
                "/organisationer/ny",
                &fields,
                &[("sec-fetch-site", "cross-site")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let page = client
            .post_raw(
                "/organisationer/ny",
                &fields,
                &[("origin", "https://evil.example")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM organisations").await, 0);
    }
);

on_both_engines!(
    the_session_id_changes_at_login_and_the_pre_session_cookie_is_dropped,
    |app| {
        app.user("anna", "admin", None).await;
        let client = app.client();
        client.get("/logga-in").await;
        let pre = client
            .cookie("stegvis_pre")
            .expect("a pre-session cookie before login");
        client.login("anna", PASSWORD).await;
        let session = client.cookie("stegvis_session").expect("a session cookie");
        assert_ne!(pre, session);
        assert!(client.cookie("stegvis_pre").is_none());
        let second = app.client();
        second.login("anna", PASSWORD).await;
        assert_ne!(second.cookie("stegvis_session").unwrap(), session);
    }
);

on_both_engines!(only_the_hash_of_a_session_id_is_stored, |app| {
    let client = app.logged_in("anna", "admin", None).await;
    let id = client.cookie("stegvis_session").unwrap();
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE id_hash = '{id}'"
        ))
        .await;
    assert_eq!(stored, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 1);
});

on_both_engines!(
    logging_out_deletes_the_session_so_the_old_cookie_no_longer_works,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        let old = client.cookie("stegvis_session").unwrap();
        let page = client.post_form("/logga-ut", &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
        let replay = app.client();
        replay.set_cookie("stegvis_session", &old);
        let page = replay.get("/start").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert!(page.location().starts_with("/logga-in"));
    }
);

on_both_engines!(an_idle_session_times_out, |app| {
    let client = app.logged_in("anna", "admin", None).await;
    app.advance_clock(app.app.policy.session_idle + time::Duration::seconds(1));
    let page = client.get("/start").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
});

on_both_engines!(
    a_session_lasts_until_the_idle_time_and_ends_just_after_it,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        app.advance_clock(app.app.policy.session_idle - time::Duration::minutes(1));
        let page = client.get("/start").await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "29 minutes idle: still logged in"
        );
        app.advance_clock(app.app.policy.session_idle + time::Duration::seconds(1));
        let page = client.get("/start").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/logga-in?nasta=%2Fstart");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
    }
);

on_both_engines!(
    a_session_ends_at_its_absolute_lifetime_even_when_active,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        // Active every 20 minutes, so the idle limit never ends it.
        let step = time::Duration::minutes(20);
        let mut active = time::Duration::ZERO;
        while active + step < app.app.policy.session_absolute {
            app.advance_clock(step);
            active += step;
            assert_eq!(
                client.get("/start").await.status,
                StatusCode::OK,
                "after {active}"
            );
        }
        app.advance_clock(app.app.policy.session_absolute - active);
        assert_eq!(client.get("/start").await.status, StatusCode::SEE_OTHER);
    }
);

on_both_engines!(
    pages_tell_the_browser_when_the_session_will_time_out,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        let page = client.get("/start").await;
        assert!(
            page.body
                .contains("name=\"stegvis-session-seconds\" content=\"1")
        );
        assert!(page.body.contains("id=\"session-warning\""));
    }
);

on_both_engines!(
    five_wrong_passwords_lock_the_account_even_for_the_right_password,
    |app| {
        app.user("anna", "admin", None).await;
        let client = app.client();
        for attempt in 1..=5 {
            let page = client
                .post_form(
                    "/logga-in",
                    &[("username", "anna"), ("password", "fel lösenord igen")],
                )
                .await;
            assert_eq!(page.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        }
        let page = client
            .post_form("/logga-in", &[("username", "anna"), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("Kontot är låst"));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'login.locked'")
                .await,
            1
        );
    }
);

on_both_engines!(
    an_unknown_user_and_a_wrong_password_get_the_same_answer,
    |app| {
        app.user("anna", "admin", None).await;
        let client = app.client();
        let unknown = client
            .post_form(
                "/logga-in",
                &[("username", "nobody"), ("password", "whatever-password")],
            )
            .await;
        let wrong = client
            .post_form(
                "/logga-in",
                &[("username", "anna"), ("password", "whatever-password")],
            )
            .await;
        assert_eq!(unknown.status, wrong.status);
        assert!(unknown.body.contains("Fel användarnamn eller lösenord"));
        assert!(wrong.body.contains("Fel användarnamn eller lösenord"));
    }
);

on_both_engines!(
    a_disabled_account_cannot_log_in_and_loses_its_sessions,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let anna_id = app
            .user(
                "anna",
                "coordinator",
                Some(app.organisation("VVK", "kommun").await),
            )
            .await;
        let anna = app.client();
        anna.login("anna", PASSWORD).await;
        let page = admin
            .post_form(
                &format!("/anvandare/{anna_id}/redigera"),
                &[
                    ("username", "anna"),
                    ("display_name", "Anna"),
                    ("role", "coordinator"),
                    ("organisation", "VVK"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(anna.get("/start").await.status, StatusCode::SEE_OTHER);
        let again = app.client();
        let page = again
            .post_form("/logga-in", &[("username", "anna"), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
);

on_both_engines!(after_login_only_local_paths_are_followed, |app| {
    app.user("anna", "admin", None).await;
    let client = app.client();
    let page = client
        .post_form(
            "/logga-in",
            &[
                ("username", "anna"),
                ("password", PASSWORD),
                ("nasta", "//evil.example/x"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/start");
    let client = app.client();
    let page = client
        .post_form(
            "/logga-in",
            &[
                ("username", "anna"),
                ("password", PASSWORD),
                ("nasta", "/organisationer"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/organisationer");
});

on_both_engines!(
    a_form_sent_after_the_session_ended_leads_to_the_login_page_with_an_explanation,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        client.get("/organisationer/ny").await;
        app.advance_clock(app.app.policy.session_idle + time::Duration::seconds(1));
        let page = client
            .post_form(
                "/organisationer/ny",
                &[("name", "X"), ("short_name", "X"), ("kind", "other")],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/logga-in");
        let login = client.get("/logga-in").await;
        assert!(
            login
                .body
                .contains("Du loggades ut eftersom du inte gjort något på en stund")
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM organisations").await, 0);
    }
);

on_both_engines!(
    logging_in_again_ends_the_previous_session_of_that_browser,
    |app| {
        let client = app.logged_in("anna", "admin", None).await;
        client
            .post_form("/logga-in", &[("username", "anna"), ("password", PASSWORD)])
            .await
            .expect(StatusCode::SEE_OTHER);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 1);
    }
);

on_both_engines!(a_lock_that_has_run_out_starts_the_count_afresh, |app| {
    app.user("anna", "admin", None).await;
    let client = app.client();
    for _ in 0..app.app.policy.lock_after_failures {
        client
            .post_form(
                "/logga-in",
                &[("username", "anna"), ("password", "fel lösenord igen")],
            )
            .await;
    }
    let page = client
        .post_form("/logga-in", &[("username", "anna"), ("password", PASSWORD)])
        .await;
    assert!(page.body.contains("Kontot är låst"));
    app.advance_clock(app.app.policy.lock_duration + time::Duration::seconds(1));
    let page = client
        .post_form(
            "/logga-in",
            &[("username", "anna"), ("password", "fel lösenord igen")],
        )
        .await;
    assert!(
        page.body.contains("Fel användarnamn eller lösenord"),
        "one failure after an expired lock does not lock again"
    );
    client.login("anna", PASSWORD).await;
});
