//! Programmes: creation, budgets, targets, partners and who may change what.

use reqwest::StatusCode;
use stegvis_testkit::on_both_engines;

async fn seed_programme(client: &stegvis_testkit::Client, operator: i64) -> String {
    let page = client
        .post_form(
            "/program/ny",
            &[
                ("name", "Sociala företag i Västervik"),
                ("operator_id", &operator.to_string()),
                ("starts_on", "2011-09-09"),
                ("ends_on", "2013-09-30"),
                ("focus", "both"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location().to_string()
}

on_both_engines!(
    a_coordinator_builds_a_programme_with_targets_budget_and_partners,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let fk = app.organisation("FK", "forsakringskassan").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let location = seed_programme(&coordinator, kommun).await;
        let page = coordinator
            .post_form(
                &format!("{location}/mal"),
                &[
                    ("kind", "enterprises-started"),
                    ("description", "Två sociala företag startade"),
                    ("target_value", "2"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let page = coordinator
            .post_form(
                &format!("{location}/budget"),
                &[
                    ("organisation_id", &fk.to_string()),
                    ("year", "2012"),
                    ("amount", "450 000,50"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        coordinator
            .post_form(
                &format!("{location}/budget"),
                &[
                    ("organisation_id", &fk.to_string()),
                    ("year", "2012"),
                    ("amount", "500 000"),
                ],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
        coordinator
            .post_form(
                &format!("{location}/partner"),
                &[("partner", &fk.to_string())],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
        let shown = coordinator.get(&location).await.body;
        assert!(shown.contains("Två sociala företag startade"));
        assert!(
            shown.contains("500\u{a0}000\u{a0}kr"),
            "the later amount replaces the earlier"
        );
        assert!(!shown.contains("450\u{a0}000,50\u{a0}kr"));
        assert!(shown.contains("2011-09-09 – 2013-09-30"));
        assert!(shown.contains("Organisation FK"));
    }
);

on_both_engines!(
    a_budget_year_outside_the_period_is_refused_with_the_allowed_years,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let location = seed_programme(&coordinator, kommun).await;
        let page = coordinator
            .post_form(
                &format!("{location}/budget"),
                &[
                    ("organisation_id", &kommun.to_string()),
                    ("year", "2015"),
                    ("amount", "abc"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("Välj ett år från 2011 till 2013"));
        assert!(page.body.contains("value=\"abc\""));
    }
);

on_both_engines!(a_period_ending_before_it_starts_is_explained, |app| {
    let kommun = app.organisation("VVK", "kommun").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let page = coordinator
        .post_form(
            "/program/ny",
            &[
                ("name", "X"),
                ("operator_id", &kommun.to_string()),
                ("starts_on", "2013-01-01"),
                ("ends_on", "2012-01-01"),
                ("focus", "individual"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Slutdatumet är före startdatumet"));
});

on_both_engines!(
    a_coordinator_cannot_create_a_programme_for_another_operator,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let other = app.organisation("KAL", "kommun").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let page = coordinator
            .post_form(
                "/program/ny",
                &[
                    ("name", "X"),
                    ("operator_id", &other.to_string()),
                    ("starts_on", "2012-01-01"),
                    ("ends_on", "2013-01-01"),
                    ("focus", "individual"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("din egen organisation är huvudman"));
    }
);

on_both_engines!(
    another_operators_programme_is_not_found_for_a_coordinator,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let other = app.organisation("KAL", "kommun").await;
        let ours = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let location = seed_programme(&ours, kommun).await;
        let theirs = app.logged_in("kim", "coordinator", Some(other)).await;
        assert_eq!(theirs.get(&location).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            theirs.get(&format!("{location}/redigera")).await.status,
            StatusCode::NOT_FOUND
        );
        let page = theirs
            .post_form(
                &format!("{location}/mal"),
                &[
                    ("kind", "other"),
                    ("description", "x"),
                    ("target_value", "1"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(
            !theirs
                .get("/program")
                .await
                .body
                .contains("Sociala företag i Västervik")
        );
    }
);

on_both_engines!(
    a_partners_case_officer_sees_the_programme_but_cannot_change_it,
    |app| {
        let kommun = app.organisation("VVK", "kommun").await;
        let fk = app.organisation("FK", "forsakringskassan").await;
        let af = app.organisation("AF", "arbetsformedlingen").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
        let location = seed_programme(&coordinator, kommun).await;
        coordinator
            .post_form(
                &format!("{location}/partner"),
                &[("partner", &fk.to_string())],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
        let partner = app.logged_in("hanna", "case-officer", Some(fk)).await;
        let page = partner.get(&location).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("/redigera\""));
        assert_eq!(
            partner.get(&format!("{location}/redigera")).await.status,
            StatusCode::FORBIDDEN
        );
        let outsider = app.logged_in("olle", "case-officer", Some(af)).await;
        assert_eq!(outsider.get(&location).await.status, StatusCode::NOT_FOUND);
    }
);
