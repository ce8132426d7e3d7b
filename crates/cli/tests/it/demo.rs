//! The demo programme, loaded through the real use cases as `stegvis demo` does.

use stegvis_app::Actor;
use stegvis_testkit::on_both_engines;

on_both_engines!(the_demo_has_synthetic_participants_at_every_stage, |app| {
    let started = std::time::Instant::now();
    stegvis_app::demo::load(&app.app).await.unwrap();
    eprintln!("demo::load on {:?}: {:?}", app.engine, started.elapsed());

    assert!(app.scalar("SELECT COUNT(*) FROM persons").await >= 40);
    for status in ["referred", "intake", "active", "exited"] {
        let count = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM episodes WHERE status = '{status}'"
            ))
            .await;
        assert!(count > 0, "nobody is {status}");
    }
    assert!(
        app.scalar("SELECT COUNT(*) FROM declined_referrals").await > 0,
        "declined referrals are counted without identity"
    );
    let today = stegvis_domain::timestamp::format_date(app.today());
    let due = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE done_on IS NULL AND due_on <= '{today}'"
        ))
        .await;
    assert!(due > 0, "some follow-ups are due now");
    assert!(
        app.scalar("SELECT COUNT(*) FROM follow_ups WHERE done_on IS NOT NULL")
            .await
            > 0
    );
    assert!(
        app.scalar("SELECT COUNT(*) FROM person_duplicates WHERE dismissed_at IS NULL")
            .await
            > 0,
        "a possible duplicate is flagged"
    );
    assert!(
        app.scalar("SELECT COUNT(*) FROM persons WHERE personnummer IS NOT NULL")
            .await
            >= 38
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM persons WHERE personnummer IS NOT NULL \
             AND CAST(SUBSTR(personnummer, 9, 3) AS INTEGER) < 980"
        )
        .await,
        0,
        "only Skatteverket's test serial numbers"
    );

    let actor = Actor::system("test");
    let user = stegvis_app::users::find_by_username(&app.app, &actor, "deltagare")
        .await
        .unwrap();
    let participant = Actor::user(stegvis_app::users::principal_of(&user), "test");
    let record = stegvis_app::portal::my_record(&app.app, &participant)
        .await
        .unwrap();
    assert!(!record.goals.is_empty());
    assert!(!record.upcoming.is_empty());
    assert!(record.attendance.iter().any(|a| a.attended));
    let ideas = stegvis_app::ideas::list(&app.app, &participant)
        .await
        .unwrap();
    assert_eq!(ideas.len(), 1, "the demo participant is in one team");
    let plan = stegvis_app::ideas::plan(&app.app, &participant, ideas[0].id)
        .await
        .unwrap();
    assert_eq!(plan.versions.len(), 2);
    let numbers = plan
        .latest()
        .forecast
        .expect("the latest version has numbers");
    let forecast = stegvis_domain::forecast::compute(&numbers).unwrap();
    assert_eq!(
        forecast.liquidity.len(),
        12,
        "the demo shows a liquidity forecast"
    );
    assert_eq!(plan.comments.len(), 1);
    assert_eq!(
        app.scalar("SELECT COUNT(DISTINCT stage) FROM ideas").await,
        5,
        "the demo ideas are at five different stages"
    );

    let programme = app.scalar("SELECT MIN(id) FROM programmes").await;
    let targets = stegvis_app::targets::list(&app.app, &actor, programme)
        .await
        .unwrap();
    let started = targets
        .iter()
        .find(|t| t.target.kind == stegvis_domain::programme::TargetKind::EnterprisesStarted)
        .unwrap();
    assert_eq!(
        started.progress().map(|p| p.current),
        Some(2),
        "both demo enterprises count"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM enterprises WHERE public_listing = TRUE")
            .await,
        2
    );

    let verification = stegvis_app::audit::verify(&app.app, &actor).await.unwrap();
    assert!(matches!(
        verification,
        stegvis_domain::audit::Verification::Intact { .. }
    ));
});

on_both_engines!(
    the_demo_has_questionnaire_answers_with_mostly_improvement_and_some_due,
    |app| {
        let programme = stegvis_app::demo::load(&app.app).await.unwrap();
        let actor = Actor::system("test");
        let mut occasions = Vec::new();
        for occasion in ["baseline", "exit", "follow-up"] {
            occasions.push(
                app.scalar(&format!(
                    "SELECT COUNT(*) FROM questionnaire_responses WHERE occasion_kind = '{occasion}'"
                ))
                .await,
            );
        }
        assert!(
            occasions.iter().all(|n| *n > 0),
            "answers at every occasion: {occasions:?}"
        );
        for key in [
            "who5",
            "srh",
            "knowledge-self",
            "knowledge-quiz",
            "work-ability",
        ] {
            let report = stegvis_app::questionnaires::change_report(
                &app.app,
                &actor,
                programme,
                key,
                stegvis_app::questionnaires::ChangeQuery::default(),
            )
            .await
            .unwrap();
            let change = report.total.change.unwrap();
            assert!(
                change.n >= 5,
                "{key}: enough pairs for the steering group to see"
            );
            let total = &report.total;
            let (improved, unchanged, worse) = (
                total.improved.unwrap(),
                total.unchanged.unwrap(),
                total.worse.unwrap(),
            );
            assert!(improved > worse, "{key}: more improve than worsen");
            assert!(unchanged + worse > 0, "{key}: not everyone improves");
        }
        let due = stegvis_app::questionnaires::due_for_staff(&app.app, &actor)
            .await
            .unwrap();
        assert!(
            due.items.iter().any(|d| d.due.instrument == "who5"),
            "ongoing WHO-5 is due for someone"
        );
    }
);

/// Every `href` to a page of Stegvis on a page, once each: no static files, no fragments, and
/// not `/`, which sends a logged-in user on to the start page itself.
fn page_links(body: &str) -> Vec<String> {
    let mut links: Vec<String> = body
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && *href != "/" && !href.starts_with("/static/"))
        .map(|href| href.split('#').next().unwrap_or(href).replace("&amp;", "&"))
        .collect();
    links.sort();
    links.dedup();
    links
}

on_both_engines!(
    every_link_on_every_demo_roles_start_page_and_menu_opens,
    |app| {
        stegvis_app::demo::load(&app.app).await.unwrap();
        for login in stegvis_app::demo::DEMO_LOGINS {
            let client = app.client();
            client
                .login(login.username, stegvis_app::demo::DEMO_PASSWORD)
                .await;
            let start = client.get("/start").await;
            assert_eq!(start.status, reqwest::StatusCode::OK, "{}", login.username);
            assert!(
                !start.body.contains("Din roll har inga sidor här ännu"),
                "{} has pages in the menu",
                login.username
            );
            let links = page_links(&start.body);
            assert!(links.len() > 3, "{}: {links:?}", login.username);
            for link in links {
                let mut page = client.get(&link).await;
                // A page that forwards (the handbook to its operator's edition) is followed once.
                if page.status == reqwest::StatusCode::SEE_OTHER {
                    let to = page.location().to_string();
                    assert!(!to.starts_with("/logga-in"), "{}: {link}", login.username);
                    page = client.get(&to).await;
                }
                assert_eq!(
                    page.status,
                    reqwest::StatusCode::OK,
                    "{} follows {link} from the start page",
                    login.username
                );
            }
        }
    }
);
