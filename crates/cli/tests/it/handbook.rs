//! The handbook: publishing, the public web edition, review with four eyes, old editions.

use reqwest::StatusCode;
use stegvis_testkit::{TestApp, on_both_engines};

/// A coordinator at an operator whose handbook has been started from the shipped text.
async fn started(app: &TestApp) -> (i64, stegvis_testkit::Client) {
    let kommun = app.organisation("VVK", "kommun").await;
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    let page = coordinator
        .post_form(&format!("/handbok-redaktion/{kommun}/starta"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    (kommun, coordinator)
}

fn first_link_after(body: &str, marker: &str, prefix: &str) -> String {
    let start = body.find(marker).unwrap_or(0);
    let from = body[start..].find(prefix).unwrap() + start;
    body[from..].split('"').next().unwrap().to_string()
}

on_both_engines!(nothing_is_public_before_the_first_edition, |app| {
    started(app).await;
    let page = app.client().get("/handbok").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ingen handbok är publicerad ännu"));
    assert_eq!(
        app.client().get("/handbok/vvk").await.status,
        StatusCode::NOT_FOUND
    );
});

on_both_engines!(
    a_published_edition_is_readable_searchable_and_downloadable_without_login,
    |app| {
        let (kommun, coordinator) = started(app).await;
        let page = coordinator
            .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let visitor = app.client();
        let index = visitor.get("/handbok").await;
        assert_eq!(
            index.status,
            StatusCode::SEE_OTHER,
            "one handbook: straight to it"
        );
        let toc = visitor.get("/handbok/vvk").await;
        assert_eq!(toc.status, StatusCode::OK);
        assert!(toc.body.contains("Utgåva 1"));
        assert!(toc.body.contains("CC BY 4.0"));
        let chapter = first_link_after(&toc.body, "toc-heading", "/handbok/vvk/kapitel/");
        let page = visitor.get(&chapter).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<article"));
        let permanent = visitor
            .get(&chapter.replace("/handbok/vvk/", "/handbok/vvk/utgava/1/"))
            .await;
        assert_eq!(permanent.status, StatusCode::OK);
        let search = visitor
            .get("/handbok/vvk/sok?q=ekonomisk+f%C3%B6rening")
            .await;
        assert_eq!(search.status, StatusCode::OK);
        assert!(search.body.contains("kapitel innehåller"));
        let html = visitor.get("/handbok/vvk/utgava/1/handbok.html").await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(
            html.header("content-disposition")
                .contains("handbok-vvk-utgava-1.html")
        );
        assert!(html.body.contains("<section id="));
        assert_eq!(
            visitor.get("/handbok/vvk/utgava/9").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            visitor.get("/handbok/vvk/kapitel/finns-inte").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            visitor.get("/handbok/okand").await.status,
            StatusCode::NOT_FOUND
        );
    }
);

on_both_engines!(
    an_edit_approved_by_another_person_reaches_the_next_edition_and_the_old_edition_stays,
    |app| {
        let (kommun, coordinator) = started(app).await;
        coordinator
            .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let chapter = app.scalar("SELECT MIN(id) FROM handbook_chapters").await;
        let saved = coordinator
            .post_form(
                &format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"),
                &[
                    ("title", "Om handboken i Västervik"),
                    ("topics", ""),
                    ("body", "## Ny text\n\nDen lokala texten.\n"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let revision_page = saved.location().to_string();
        let submitted = coordinator
            .post_form(&format!("{revision_page}/skicka"), &[])
            .await;
        assert_eq!(submitted.status, StatusCode::SEE_OTHER);
        let own = coordinator
            .post_form(
                &format!("{revision_page}/beslut"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(own.body.contains("Du kan inte granska din egen text"));
        let reviewer = app
            .logged_in("granskare", "coordinator", Some(kommun))
            .await;
        let diff = reviewer.get(&revision_page).await;
        assert!(
            diff.body.contains("diff-added"),
            "the reviewer sees what changed"
        );
        let approved = reviewer
            .post_form(
                &format!("{revision_page}/beslut"),
                &[("decision", "approve")],
            )
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
        let visitor = app.client();
        assert!(
            !visitor
                .get("/handbok/vvk")
                .await
                .body
                .contains("Om handboken i Västervik"),
            "not before publishing"
        );
        reviewer
            .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let latest = visitor.get("/handbok/vvk").await;
        assert!(latest.body.contains("Utgåva 2"));
        assert!(latest.body.contains("Om handboken i Västervik"));
        let old = visitor.get("/handbok/vvk/utgava/1").await;
        assert_eq!(old.status, StatusCode::OK);
        assert!(!old.body.contains("Om handboken i Västervik"));
        assert!(old.body.contains("äldre utgåva"));
        let history = coordinator
            .get(&format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"))
            .await;
        assert!(
            history.body.contains("Test granskare"),
            "who approved is recorded"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'handbook.approve'")
                .await,
            1
        );
    }
);

on_both_engines!(a_rejection_needs_a_reason, |app| {
    let (kommun, coordinator) = started(app).await;
    let chapter = app.scalar("SELECT MIN(id) FROM handbook_chapters").await;
    let saved = coordinator
        .post_form(
            &format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"),
            &[("title", "T"), ("topics", ""), ("body", "Text.")],
        )
        .await;
    let revision_page = saved.location().to_string();
    coordinator
        .post_form(&format!("{revision_page}/skicka"), &[])
        .await
        .expect(StatusCode::SEE_OTHER);
    let admin = app.logged_in("admin1", "admin", None).await;
    let refused = admin
        .post_form(
            &format!("{revision_page}/beslut"),
            &[("decision", "reject"), ("comment", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Skriv en kommentar"));
    let rejected = admin
        .post_form(
            &format!("{revision_page}/beslut"),
            &[("decision", "reject"), ("comment", "Källa saknas.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert!(
        coordinator
            .get(&revision_page)
            .await
            .body
            .contains("Källa saknas.")
    );
});

on_both_engines!(bad_chapter_input_is_explained_and_kept, |app| {
    let (kommun, coordinator) = started(app).await;
    let page = coordinator
        .post_form(
            &format!("/handbok-redaktion/{kommun}/nytt-kapitel"),
            &[
                ("slug", "Lokalt Stöd"),
                ("title", ""),
                ("topics", "matlagning"),
                ("body", "Vår text"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Adressen får bara innehålla"));
    assert!(page.body.contains("Ämnet ”matlagning” finns inte"));
    assert!(page.body.contains("Vår text"));
    let ok = coordinator
        .post_form(
            &format!("/handbok-redaktion/{kommun}/nytt-kapitel"),
            &[
                ("slug", "lokalt-stod"),
                ("title", "Lokalt stöd"),
                ("topics", "support-and-funding"),
                ("body", "<script>alert(1)</script>\n\nRing oss."),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let revision = app.scalar("SELECT MAX(id) FROM handbook_revisions").await;
    let preview = coordinator
        .get(&format!("/handbok-redaktion/{kommun}/version/{revision}"))
        .await;
    assert!(!preview.body.contains("<script>alert(1)"));
    assert!(preview.body.contains("&lt;script&gt;"));
});

on_both_engines!(
    another_operators_handbook_is_not_found_for_a_coordinator,
    |app| {
        let (kommun, _) = started(app).await;
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        assert_eq!(
            outsider
                .get(&format!("/handbok-redaktion/{kommun}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let chapter = app.scalar("SELECT MIN(id) FROM handbook_chapters").await;
        let page = outsider
            .post_form(
                &format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"),
                &[("title", "x"), ("body", "y")],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let case_officer = app.logged_in("hanna", "case-officer", Some(other)).await;
        assert_eq!(
            case_officer
                .get(&format!("/handbok-redaktion/{kommun}"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);

on_both_engines!(
    images_and_templates_are_uploaded_checked_and_served_only_once_published_chapters_link_them,
    |app| {
        let (kommun, coordinator) = started(app).await;
        let overview = coordinator
            .get(&format!("/handbok-redaktion/{kommun}"))
            .await;
        assert!(
            overview.body.contains("stadgar-ekonomisk-forening.md"),
            "shipped templates come with the handbook"
        );
        let upload = format!("/handbok-redaktion/{kommun}/filer");
        let png = b"\x89PNG\r\n\x1a\nnot really an image but it starts like one".to_vec();
        let page = coordinator
            .post_file(&upload, "file", "Vår Logga.png", png)
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let again = coordinator
            .post_file(
                &upload,
                "file",
                "var-logga.png",
                b"\x89PNG\r\n\x1a\n".to_vec(),
            )
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("Det finns redan en fil med det namnet"));
        let fake = coordinator
            .post_file(
                &upload,
                "file",
                "bild.png",
                b"<svg onload=alert(1)>".to_vec(),
            )
            .await;
        assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(fake.body.contains("Filens innehåll stämmer inte"));
        let no_token = app.client();
        no_token.set_cookie(
            "stegvis_session",
            &coordinator.cookie("stegvis_session").unwrap(),
        );
        let refused = no_token
            .post_file(&upload, "file", "x.txt", b"hej".to_vec())
            .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "a multipart form needs the CSRF token too"
        );

        coordinator
            .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let visitor = app.client();
        assert_eq!(
            visitor.get("/handbok/vvk/filer/var-logga.png").await.status,
            StatusCode::NOT_FOUND,
            "an upload no published chapter links to stays private"
        );
        let template = visitor
            .get("/handbok/vvk/utgava/1/filer/budget-och-likviditet.csv")
            .await;
        assert_eq!(
            template.status,
            StatusCode::OK,
            "a shipped chapter links the template"
        );
        assert!(
            template
                .header("content-disposition")
                .starts_with("attachment")
        );

        let chapter = app.scalar("SELECT MIN(id) FROM handbook_chapters").await;
        let saved = coordinator
            .post_form(
                &format!("/handbok-redaktion/{kommun}/kapitel/{chapter}"),
                &[
                    ("title", "Om handboken"),
                    ("topics", ""),
                    ("body", "![Vår logga](../filer/var-logga.png)\n"),
                ],
            )
            .await;
        let revision_page = saved.location().to_string();
        coordinator
            .post_form(&format!("{revision_page}/skicka"), &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let admin = app.logged_in("admin1", "admin", None).await;
        admin
            .post_form(
                &format!("{revision_page}/beslut"),
                &[("decision", "approve")],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
        admin
            .post_form(&format!("/handbok-redaktion/{kommun}/publicera"), &[])
            .await
            .expect(StatusCode::SEE_OTHER);
        let image = visitor.get("/handbok/vvk/filer/var-logga.png").await;
        assert_eq!(image.status, StatusCode::OK);
        assert_eq!(image.header("content-type"), "image/png");
        assert!(image.header("content-disposition").starts_with("inline"));

        let in_use = coordinator
            .post_form(
                &format!("{upload}/var-logga.png/ta-bort"),
                &[("bekraftat", "1")],
            )
            .await;
        assert_eq!(in_use.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(in_use.body.contains("används i en publicerad utgåva"));
        coordinator
            .post_file(&upload, "file", "fel.txt", b"fel fil".to_vec())
            .await
            .expect(StatusCode::SEE_OTHER);
        let removed = coordinator
            .post_form(&format!("{upload}/fel.txt/ta-bort"), &[("bekraftat", "1")])
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
    }
);

on_both_engines!(chapters_can_be_moved_in_the_table_of_contents, |app| {
    let (kommun, coordinator) = started(app).await;
    let first = app
        .scalar("SELECT id FROM handbook_chapters ORDER BY position LIMIT 1")
        .await;
    let page = coordinator
        .post_form(
            &format!("/handbok-redaktion/{kommun}/kapitel/{first}/flytta"),
            &[("direction", "down")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let now_second = app
        .scalar("SELECT id FROM handbook_chapters ORDER BY position LIMIT 1 OFFSET 1")
        .await;
    assert_eq!(now_second, first);
    assert_eq!(
        app.scalar("SELECT COUNT(DISTINCT position) FROM handbook_chapters")
            .await,
        app.scalar("SELECT COUNT(*) FROM handbook_chapters").await
    );
});
