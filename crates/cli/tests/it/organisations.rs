//! Organisations through the web forms.

use reqwest::StatusCode;
use stegvis_testkit::on_both_engines;

on_both_engines!(an_administrator_creates_and_edits_an_organisation, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    let page = admin
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Västerviks kommun"),
                ("short_name", "VVK"),
                ("kind", "kommun"),
                ("org_number", "802400-1235"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location().to_string();
    let shown = admin.get(&location).await;
    assert!(shown.body.contains("Västerviks kommun"));
    assert!(shown.body.contains("Organisationen är skapad."));
    assert!(shown.body.contains("802400-1235"));
    let page = admin
        .post_form(
            &format!("{location}/redigera"),
            &[
                ("name", "Västerviks kommun, socialförvaltningen"),
                ("short_name", "VVK"),
                ("kind", "kommun"),
                ("org_number", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get(&location)
            .await
            .body
            .contains("socialförvaltningen")
    );
});

on_both_engines!(
    a_bad_organisation_form_is_shown_again_with_the_input_and_swedish_errors,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        let page = admin
            .post_form(
                "/organisationer/ny",
                &[
                    ("name", ""),
                    ("short_name", "Med mellanslag"),
                    ("kind", "bank"),
                    ("org_number", "556000-0000"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Det finns fel i formuläret"));
        assert!(page.body.contains("Fyll i det här fältet."));
        assert!(page.body.contains("value=\"Med mellanslag\""));
        assert!(page.body.contains("value=\"556000-0000\""));
        assert!(page.body.contains("href=\"#f-org_number\""));
        assert!(page.body.contains("aria-invalid=\"true\""));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM organisations").await, 0);
    }
);

on_both_engines!(
    two_organisations_cannot_share_a_short_name_in_any_case,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        app.organisation("FK", "forsakringskassan").await;
        let page = admin
            .post_form(
                "/organisationer/ny",
                &[("name", "Annan"), ("short_name", "fk"), ("kind", "other")],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body
                .contains("Det finns redan en organisation med det kortnamnet")
        );
    }
);

on_both_engines!(organisations_are_listed_in_swedish_order, |app| {
    let admin = app.logged_in("admin1", "admin", None).await;
    for (name, short) in [
        ("Örebro kommun", "ORE"),
        ("Ängelholms kommun", "ANG"),
        ("Åre kommun", "ARE"),
        ("Västerviks kommun", "VVK"),
    ] {
        admin
            .post_form(
                "/organisationer/ny",
                &[("name", name), ("short_name", short), ("kind", "kommun")],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
    }
    let body = admin.get("/organisationer").await.body;
    let position = |name: &str| body.find(name).unwrap();
    assert!(position("Västerviks") < position("Åre"));
    assert!(position("Åre") < position("Ängelholms"));
    assert!(position("Ängelholms") < position("Örebro"));
});

on_both_engines!(
    an_unknown_or_malformed_organisation_id_is_not_found,
    |app| {
        let admin = app.logged_in("admin1", "admin", None).await;
        for path in [
            "/organisationer/999",
            "/organisationer/abc",
            "/organisationer/-1",
            "/organisationer/99999999999999999999",
        ] {
            let page = admin.get(path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
            assert!(page.body.contains("Sidan finns inte"), "{path}");
        }
    }
);
