//! User administration through the web.

use reqwest::StatusCode;
use stegvis_testkit::on_both_engines;

on_both_engines!(
    a_coordinator_cannot_be_invited_without_an_organisation,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let page = admin
            .post_form(
                "/anvandare/ny",
                &[
                    ("username", "sam"),
                    ("display_name", "Sam"),
                    ("role", "coordinator"),
                    ("organisation", ""),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("Samordnare och handläggare måste höra till en organisation")
        );
        assert!(page.body.contains("value=\"sam\""));
    }
);

on_both_engines!(a_taken_username_is_explained, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let page = admin
        .post_form(
            "/anvandare/ny",
            &[("username", "ADMIN1"), ("role", "evaluator")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Det användarnamnet används redan"));
});

on_both_engines!(
    the_user_list_filters_by_role_and_pages_through_results,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        for n in 0..55 {
            app.user(&format!("utv{n:02}"), "evaluator", None).await;
        }
        let page = admin.get("/anvandare?roll=evaluator").await;
        assert!(page.body.contains("55 användare"));
        assert!(page.body.contains("utv00"));
        assert!(!page.body.contains(">admin1<"));
        assert!(page.body.contains("sida=2"));
        let second = admin.get("/anvandare?roll=evaluator&sida=2").await;
        assert!(second.body.contains("utv54"));
        assert!(!second.body.contains("utv00"));
    }
);

on_both_engines!(an_htmx_filter_request_gets_only_the_results, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let page = admin
        .send(
            admin
                .request(reqwest::Method::GET, "/anvandare?sok=adm")
                .header("hx-request", "true"),
        )
        .await;
    assert!(page.body.contains("id=\"user-results\""));
    assert!(!page.body.contains("role=\"search\""));
});

on_both_engines!(an_administrator_cannot_lock_themself_out, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let id = app
        .scalar("SELECT id FROM users WHERE username = 'admin1'")
        .await;
    let page = admin
        .post_form(
            &format!("/anvandare/{id}/redigera"),
            &[
                ("username", "admin1"),
                ("display_name", "A"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Du kan inte ändra din egen roll"));
});

on_both_engines!(reading_and_changing_users_is_audited_with_ids_only, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let id = app.user("anna", "evaluator", None).await;
    admin.get(&format!("/anvandare/{id}")).await;
    let reads = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'user.read' AND records = 'user:{id}' AND route = 'GET /anvandare/{{id}}'"
        ))
        .await;
    assert_eq!(reads, 1);
    let indexed = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_records WHERE kind = 'user' AND record_id = {id}"
        ))
        .await;
    assert_eq!(indexed, 2, "creation and read are both findable by record");
    let leaked = app
        .scalar(
            "SELECT COUNT(*) FROM audit_events WHERE records LIKE '%anna%' OR route LIKE '%anna%'",
        )
        .await;
    assert_eq!(leaked, 0);
});
