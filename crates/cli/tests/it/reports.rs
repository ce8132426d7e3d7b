//! A programme's reports as documents over real HTTP, on both engines: asked for on the
//! request page, built in the background, downloaded as PDF and XLSX, reused while the data
//! stands still and rebuilt once a write changes it (decision 0020).

use std::time::Duration;

use reqwest::StatusCode;
use stegvis_app::Actor;
use stegvis_domain::programme::TargetInput;
use stegvis_testkit::{Client, on_both_engines};

/// Reloads the request page until the document offers its downloads, as a reader would.
async fn wait_until_built(client: &Client, page: &str, programme: i64) {
    let link = format!("/program/{programme}/rapporter/slutrapport.pdf");
    for _ in 0..600 {
        let body = client.get(page).await.expect(StatusCode::OK).body;
        assert!(
            !body.contains("Gick inte att skapa"),
            "the build failed: {body}"
        );
        if body.contains(&link) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the report was not built within five minutes");
}

on_both_engines!(
    a_report_is_built_in_the_background_downloaded_and_reused_until_the_data_changes,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let programme = crate::effects::example(app, operator).await;
        let steering = app.logged_in("styrgrupp", "steering", Some(operator)).await;
        // Made now: creating a user is a write, which would make a built document out of date.
        let coordinator = app
            .logged_in("samordnare", "coordinator", Some(operator))
            .await;
        let page = format!("/program/{programme}/rapporter");

        let list = steering.get(&page).await.expect(StatusCode::OK);
        assert!(list.body.contains("Slutrapport"), "{}", list.body);
        assert!(list.body.contains("Inte skapad"), "{}", list.body);
        let early = steering.get(&format!("{page}/slutrapport.pdf")).await;
        assert_eq!(early.status, StatusCode::SEE_OTHER, "nothing built yet");
        assert_eq!(early.location(), page);

        let asked = steering
            .post_form(&page, &[("dokument", "slutrapport")])
            .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
        assert_eq!(asked.location(), page);
        wait_until_built(&steering, &page, programme).await;

        let pdf = steering
            .get(&format!("{page}/slutrapport.pdf"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(pdf.header("content-type"), "application/pdf");
        assert!(pdf.body.starts_with("%PDF-"));
        assert!(
            pdf.body.contains("Exempelprogrammet"),
            "the programme is named in the document's metadata"
        );
        let xlsx = steering
            .get(&format!("{page}/slutrapport.xlsx"))
            .await
            .expect(StatusCode::OK);
        assert!(xlsx.body.starts_with("PK"), "an XLSX file is a zip archive");
        assert_eq!(
            app.scalar("SELECT count(*) FROM audit_events WHERE action = 'report.download'")
                .await,
            2
        );

        // A coordinator's document would show every figure, so it is built for them alone.
        let theirs = coordinator.get(&format!("{page}/slutrapport.pdf")).await;
        assert_eq!(theirs.status, StatusCode::SEE_OTHER);

        // Asking again while nothing has changed reuses the build.
        steering
            .post_form(&page, &[("dokument", "slutrapport")])
            .await
            .expect(StatusCode::SEE_OTHER);
        assert_eq!(app.scalar("SELECT count(*) FROM report_documents").await, 1);
        steering
            .get(&format!("{page}/slutrapport.pdf"))
            .await
            .expect(StatusCode::OK);

        // A write makes the document out of date: no download, and asking builds anew.
        stegvis_app::programmes::add_target(
            &app.app,
            &Actor::system("test"),
            programme,
            &TargetInput {
                kind: "participants".into(),
                description: "Tjugo deltagare".into(),
                target_value: "20".into(),
                due_on: String::new(),
            },
        )
        .await
        .unwrap();
        let stale = steering.get(&format!("{page}/slutrapport.pdf")).await;
        assert_eq!(
            stale.status,
            StatusCode::SEE_OTHER,
            "the old build is not handed out"
        );
        let list = steering.get(&page).await.expect(StatusCode::OK);
        assert!(
            list.body.contains("Uppgifterna har ändrats"),
            "{}",
            list.body
        );
        steering
            .post_form(&page, &[("dokument", "slutrapport")])
            .await
            .expect(StatusCode::SEE_OTHER);
        wait_until_built(&steering, &page, programme).await;
        assert_eq!(
            app.scalar("SELECT count(*) FROM report_documents").await,
            1,
            "the new build replaced the old one"
        );
        let rebuilt = steering
            .get(&format!("{page}/slutrapport.pdf"))
            .await
            .expect(StatusCode::OK);
        assert!(rebuilt.body.starts_with("%PDF-"));
    }
);

on_both_engines!(
    a_document_the_programme_does_not_offer_is_refused_with_the_page_again,
    |app| {
        let operator = app.organisation("EXK", "kommun").await;
        let programme = crate::effects::example(app, operator).await;
        let steering = app.logged_in("styrgrupp", "steering", Some(operator)).await;
        let page = format!("/program/{programme}/rapporter");
        for slug in ["halvar-2031-1", "ar-1999", "allt"] {
            let refused = steering.post_form(&page, &[("dokument", slug)]).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{slug}");
            assert!(refused.body.contains("Välj en av rapporterna"), "{slug}");
        }
        for file in ["slutrapport.doc", "ar-1999.pdf"] {
            let missing = steering.get(&format!("{page}/{file}")).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND, "{file}");
        }
        assert_eq!(app.scalar("SELECT count(*) FROM report_documents").await, 0);
    }
);
