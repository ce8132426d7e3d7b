//! Logging in, languages, activation and reset links, password change.

use reqwest::StatusCode;
use stegvis_testkit::{PASSWORD, on_both_engines};

on_both_engines!(the_login_page_is_swedish_by_default, |app| {
    let page = app.client().get("/logga-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"sv\""));
    assert!(page.body.contains("<h1>Logga in</h1>"));
    assert!(page.body.contains("Hoppa till innehållet"));
});

on_both_engines!(english_is_chosen_from_the_browser_language, |app| {
    let client = app.client();
    let page = client
        .send(
            client
                .request(reqwest::Method::GET, "/logga-in")
                .header("accept-language", "en-GB,en;q=0.8"),
        )
        .await;
    assert!(page.body.contains("<html lang=\"en\""));
});

on_both_engines!(the_language_switch_remembers_the_choice, |app| {
    let client = app.client();
    client.get("/logga-in").await;
    let page = client
        .post_form("/sprak", &[("lang", "en"), ("tillbaka", "/logga-in")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/logga-in");
    assert!(
        client
            .get("/logga-in")
            .await
            .body
            .contains("<html lang=\"en\"")
    );
});

on_both_engines!(a_users_language_setting_wins_over_the_browser, |app| {
    let client = app.logged_in("anna", "admin", None).await;
    client
        .post_form("/sprak", &[("lang", "en"), ("tillbaka", "/start")])
        .await
        .expect(StatusCode::SEE_OTHER);
    let fresh = app.client();
    fresh.login("anna", PASSWORD).await;
    let page = fresh
        .send(
            fresh
                .request(reqwest::Method::GET, "/start")
                .header("accept-language", "sv"),
        )
        .await;
    assert!(page.body.contains("<html lang=\"en\""), "{}", page.body);
});

on_both_engines!(
    a_logged_out_visitor_is_sent_to_the_login_page_and_back,
    |app| {
        app.user("anna", "admin", None).await;
        let client = app.client();
        let page = client.get("/organisationer").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/logga-in?nasta=%2Forganisationer");
        let form = client.get(page.location()).await;
        assert!(
            form.body
                .contains("name=\"nasta\" value=\"/organisationer\"")
        );
    }
);

on_both_engines!(
    an_invited_user_chooses_a_password_through_the_link_once,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let page = admin
            .post_form(
                "/anvandare/ny",
                &[
                    ("username", "nykomling"),
                    ("display_name", "Ny Kom"),
                    ("role", "evaluator"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let start = page.body.find("/aktivera/").expect("an activation link");
        let token: String = page.body[start + "/aktivera/".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let visitor = app.client();
        let form = visitor.get(&format!("/aktivera/{token}")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("nykomling"));
        let short = visitor
            .post_form(
                &format!("/aktivera/{token}"),
                &[("new_password", "kort"), ("confirm_password", "kort")],
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("minst 12 tecken"));
        let done = visitor
            .post_form(
                &format!("/aktivera/{token}"),
                &[
                    ("new_password", "ett nytt bra lösenord"),
                    ("confirm_password", "ett nytt bra lösenord"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        visitor.login("nykomling", "ett nytt bra lösenord").await;
        let reused = app.client().get(&format!("/aktivera/{token}")).await;
        assert_eq!(reused.status, StatusCode::NOT_FOUND);
        assert!(reused.body.contains("Länken fungerar inte"));
    }
);

on_both_engines!(
    a_reset_link_replaces_the_password_and_ends_old_sessions,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let anna_id = app.user("anna", "steering", None).await;
        let anna = app.client();
        anna.login("anna", PASSWORD).await;
        let page = admin
            .post_form(&format!("/anvandare/{anna_id}/aterstallningslank"), &[])
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let start = page.body.find("/aktivera/").unwrap() + "/aktivera/".len();
        let token: String = page.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let done = app
            .client()
            .post_form(
                &format!("/aktivera/{token}"),
                &[
                    ("new_password", "helt nytt lösenord 2"),
                    ("confirm_password", "helt nytt lösenord 2"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(anna.get("/start").await.status, StatusCode::SEE_OTHER);
        app.client().login("anna", "helt nytt lösenord 2").await;
    }
);

on_both_engines!(
    changing_the_password_needs_the_current_one_and_keeps_this_session,
    |app| {
        let client = app
            .logged_in(
                "anna",
                "coordinator",
                Some(app.organisation("VVK", "kommun").await),
            )
            .await;
        let other = app.client();
        other.login("anna", PASSWORD).await;
        let wrong = client
            .post_form(
                "/konto/losenord",
                &[
                    ("current_password", "inte rätt"),
                    ("new_password", "nytt lösenord 123"),
                    ("confirm_password", "nytt lösenord 123"),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("Det nuvarande lösenordet stämmer inte"));
        let ok = client
            .post_form(
                "/konto/losenord",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "nytt lösenord 123"),
                    ("confirm_password", "nytt lösenord 123"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER);
        assert_eq!(client.get("/konto").await.status, StatusCode::OK);
        assert_eq!(other.get("/konto").await.status, StatusCode::SEE_OTHER);
    }
);

on_both_engines!(
    a_user_creates_lists_and_revokes_their_own_api_token,
    |app| {
        let client = app.logged_in("anna", "steering", None).await;
        let page = client
            .post_form("/konto/api-nycklar", &[("name", "Rapportverktyg")])
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let start = page.body.find("stegvis_").unwrap();
        let token: String = page.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let me = app
            .client()
            .api(reqwest::Method::GET, "/api/v1/me", &token, None)
            .await;
        assert_eq!(me.status, StatusCode::OK);
        let listed = client.get("/konto").await;
        assert!(listed.body.contains("Rapportverktyg"));
        let id = app.scalar("SELECT id FROM api_tokens").await;
        let other = app.logged_in("kim", "steering", None).await;
        let page = other
            .post_form(
                &format!("/konto/api-nycklar/{id}/aterkalla"),
                &[("bekraftat", "1")],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "nobody revokes another user's token"
        );
        let page = client
            .post_form(
                &format!("/konto/api-nycklar/{id}/aterkalla"),
                &[("bekraftat", "1")],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let me = app
            .client()
            .api(reqwest::Method::GET, "/api/v1/me", &token, None)
            .await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    }
);

on_both_engines!(the_language_switch_never_redirects_to_another_site, |app| {
    let client = app.client();
    client.get("/logga-in").await;
    for target in ["//evil.example", "/\\evil.example", "https://evil.example"] {
        let page = client
            .post_form("/sprak", &[("lang", "en"), ("tillbaka", target)])
            .await;
        assert_eq!(page.location(), "/", "{target}");
    }
});
