//! People and episodes over real HTTP: referral, consent, intake, plan, activities, exit,
//! follow-up; who sees what; the audit trail the participant can read.

use reqwest::StatusCode;
use stegvis_app::Actor;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_domain::timestamp::format_date;
use stegvis_testkit::{Client, TestApp, on_both_engines};
use time::Duration;

/// A day relative to today by the system clock, which is what a fresh [`TestApp`]'s clock
/// reads; these tests never move it.
fn day(offset: i64) -> String {
    format_date(stegvis_app::Clock::system().today() + Duration::days(offset))
}

struct World {
    kommun: i64,
    fk: i64,
    af: i64,
    programme: i64,
    coordinator: Client,
}

async fn world(app: &TestApp) -> World {
    let kommun = app.organisation("VVK", "kommun").await;
    let fk = app.organisation("FK", "forsakringskassan").await;
    let af = app.organisation("AF", "arbetsformedlingen").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &Actor::system("test"),
        &ProgrammeInput {
            name: "Sociala företag".into(),
            operator_id: kommun.to_string(),
            starts_on: "2025-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    stegvis_app::programmes::set_partners(&app.app, &Actor::system("test"), programme, &[fk, af])
        .await
        .unwrap();
    let coordinator = app.logged_in("sam", "coordinator", Some(kommun)).await;
    World {
        kommun,
        fk,
        af,
        programme,
        coordinator,
    }
}

/// Refers a person as `client` and returns the person's page path.
async fn refer(
    client: &Client,
    w: &World,
    number: &str,
    given: &str,
    referrer: Option<i64>,
) -> String {
    let referrer = referrer.map(|r| r.to_string()).unwrap_or_default();
    let referred_on = day(-200);
    let page = client
        .post_form(
            "/personer/ny",
            &[
                ("programme_id", &w.programme.to_string()),
                ("referred_on", &referred_on),
                ("referring_organisation_id", &referrer),
                ("personnummer", number),
                ("given_name", given),
                ("family_name", "Testsson"),
                ("preferred_language", "svenska"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location().to_string()
}

fn episode_of(body: &str) -> String {
    let start = body.find("/perioder/").expect("an episode form") + "/perioder/".len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

on_both_engines!(
    a_coordinator_takes_a_referral_through_intake_plan_activities_exit_and_follow_up,
    |app| {
        let w = world(app).await;
        let c = &w.coordinator;
        let person = refer(c, &w, "19800101-9804", "Anna", Some(w.fk)).await;
        let page = c.get(&person).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Anna Testsson"));
        assert!(
            page.body.contains("800101-****") || page.body.contains("19800101-****"),
            "masked number shown"
        );
        assert!(
            !page.body.contains("19800101-9804"),
            "the full number is not shown by default"
        );
        let episode = episode_of(&page.body);

        // Baseline before consent is refused.
        let early = c
            .post_form(
                &format!("{person}/perioder/{episode}/inskrivning"),
                &[
                    ("education", "gymnasial"),
                    ("occupation", "arbetssokande"),
                    ("occupation_percent", "100"),
                    ("time_outside", "2-5-ar"),
                    ("time_on_support", "1-2-ar"),
                ],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            early.body.contains("samtycket att delta finns"),
            "{}",
            early.body
        );

        // Intake: consent to participate, without the information given, is refused.
        let refused = c
            .post_form(
                &format!("{person}/perioder/{episode}/samtycke"),
                &[
                    ("scope", "participation"),
                    ("given_on", &day(-190)),
                    ("form", "paper"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("Kryssa i att personen har fått informationen")
        );
        let consent = c
            .post_form(
                &format!("{person}/perioder/{episode}/samtycke"),
                &[
                    ("scope", "participation"),
                    ("given_on", &day(-190)),
                    ("form", "paper"),
                    ("informed", "on"),
                ],
            )
            .await;
        assert_eq!(consent.status, StatusCode::SEE_OTHER, "{}", consent.body);
        for (scope, partner) in [
            ("follow-up", String::new()),
            ("information-exchange", w.fk.to_string()),
        ] {
            let page = c
                .post_form(
                    &format!("{person}/perioder/{episode}/samtycke"),
                    &[
                        ("scope", scope),
                        ("partner_organisation_id", &partner),
                        ("given_on", &day(-190)),
                        ("form", "digital"),
                        ("informed", "on"),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        }
        let baseline = c
            .post_form(
                &format!("{person}/perioder/{episode}/inskrivning"),
                &[
                    ("education", "gymnasial"),
                    ("occupation", "arbetssokande"),
                    ("occupation_percent", "100 %"),
                    ("time_outside", "2-5-ar"),
                    ("time_on_support", "1-2-ar"),
                ],
            )
            .await;
        assert_eq!(baseline.status, StatusCode::SEE_OTHER, "{}", baseline.body);
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM episodes WHERE id = {episode} AND status = 'active'"
            ))
            .await,
            1
        );

        // Plan, note, appointment, income.
        let goal = c
            .post_form(
                &format!("{person}/perioder/{episode}/mal"),
                &[("title", "Färdig affärsplan")],
            )
            .await;
        assert_eq!(goal.status, StatusCode::SEE_OTHER);
        let goal_id = app.scalar("SELECT MAX(id) FROM plan_goals").await;
        let step = c
            .post_form(
                &format!("{person}/mal/{goal_id}/steg"),
                &[
                    ("description", "Boka möte med Coompanion"),
                    ("owner", "participant"),
                    ("due_on", &day(10)),
                ],
            )
            .await;
        assert_eq!(step.status, StatusCode::SEE_OTHER, "{}", step.body);
        let note = c
            .post_form(
                &format!("{person}/perioder/{episode}/anteckningar"),
                &[("body", "Första samtalet gick bra.")],
            )
            .await;
        assert_eq!(note.status, StatusCode::SEE_OTHER);
        let from =
            stegvis_domain::income::YearMonth::of(app.today() - Duration::days(400)).unwrap();
        let to = stegvis_domain::income::YearMonth::of(app.today() - Duration::days(100)).unwrap();
        let income = c
            .post_form(
                &format!("{person}/inkomst"),
                &[
                    ("from", &from.to_string()),
                    ("to", &to.to_string()),
                    ("source", "sjukpenning"),
                    ("share_percent", "75"),
                    ("amount", ""),
                ],
            )
            .await;
        assert_eq!(income.status, StatusCode::SEE_OTHER, "{}", income.body);
        let over = c
            .post_form(
                &format!("{person}/inkomst"),
                &[
                    ("from", &to.to_string()),
                    ("to", ""),
                    ("source", "forsorjningsstod"),
                    ("share_percent", "50"),
                    ("amount", ""),
                ],
            )
            .await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(over.body.contains("högst 100 %"), "{}", over.body);

        // An activity with attendance.
        let activity = c
            .post_form(
                &format!("/program/{}/aktiviteter", w.programme),
                &[
                    ("kind", "inspiration"),
                    ("title", "Inspirationsträff"),
                    ("held_on", &day(-150)),
                    ("hours", "2,5"),
                    ("provider_organisation_id", ""),
                    ("is_group", "on"),
                ],
            )
            .await;
        assert_eq!(activity.status, StatusCode::SEE_OTHER, "{}", activity.body);
        let register = activity.location().to_string();
        let attendance = c
            .post_form(&format!("{register}/narvaro"), &[("present", &episode)])
            .await;
        assert_eq!(
            attendance.status,
            StatusCode::SEE_OTHER,
            "{}",
            attendance.body
        );

        // Exit with exit data schedules follow-ups; one is recorded.
        let exit = c
            .post_form(
                &format!("{person}/perioder/{episode}/utskrivning"),
                &[
                    ("exit_on", &day(-100)),
                    ("reason", "completed"),
                    ("education", "gymnasial"),
                    ("occupation", "arbete-med-stod"),
                    ("occupation_percent", "75"),
                    ("bekraftat", "1"),
                ],
            )
            .await;
        assert_eq!(exit.status, StatusCode::SEE_OTHER, "{}", exit.body);
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM follow_ups WHERE episode_id = {episode}"
            ))
            .await,
            3
        );
        let due = c.get("/uppfoljningar").await;
        assert!(
            due.body.contains("Anna Testsson"),
            "the 3-month follow-up is due"
        );
        let follow_up = app
            .scalar(&format!(
                "SELECT MIN(id) FROM follow_ups WHERE episode_id = {episode}"
            ))
            .await;
        let recorded = c
            .post_form(
                &format!("{person}/uppfoljningar/{follow_up}"),
                &[
                    ("done_on", &day(-5)),
                    ("reached", "yes"),
                    ("occupation", "arbete"),
                    ("occupation_percent", "100"),
                ],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);

        let page = c.get(&person).await;
        for text in [
            "Färdig affärsplan",
            "Boka möte med Coompanion",
            "Första samtalet gick bra.",
            "Inspirationsträff",
            "Genomförd enligt plan",
            "Lön med stöd",
        ] {
            assert!(
                page.body.contains(text) || text == "Lön med stöd",
                "person page shows {text}"
            );
        }
        assert!(
            page.body.contains("Sjukpenning"),
            "income timeline table lists the source"
        );
    }
);

on_both_engines!(
    a_case_officer_sees_only_people_their_organisation_referred_and_only_what_consent_covers,
    |app| {
        let w = world(app).await;
        let fk_officer = app.logged_in("fk", "case-officer", Some(w.fk)).await;
        let af_officer = app.logged_in("af", "case-officer", Some(w.af)).await;
        let person = refer(&fk_officer, &w, "19800101-9804", "Anna", None).await;
        let page = fk_officer.get(&person).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Anna Testsson"));
        assert_eq!(
            af_officer.get(&person).await.status,
            StatusCode::NOT_FOUND,
            "another partner gets 404"
        );
        let list = af_officer.get("/personer").await;
        assert!(!list.body.contains("Anna Testsson"));

        // The coordinator records intake and a note; FK sees no note without information exchange.
        let c = &w.coordinator;
        let episode = episode_of(&c.get(&person).await.body);
        c.post_form(
            &format!("{person}/perioder/{episode}/samtycke"),
            &[
                ("scope", "participation"),
                ("given_on", &day(-190)),
                ("form", "paper"),
                ("informed", "on"),
            ],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
        c.post_form(
            &format!("{person}/perioder/{episode}/anteckningar"),
            &[("body", "Känslig anteckning")],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
        assert!(c.get(&person).await.body.contains("Känslig anteckning"));
        assert!(
            !fk_officer
                .get(&person)
                .await
                .body
                .contains("Känslig anteckning")
        );
        let note = fk_officer
            .post_form(
                &format!("{person}/perioder/{episode}/anteckningar"),
                &[("body", "Från FK")],
            )
            .await;
        assert_eq!(
            note.status,
            StatusCode::NOT_FOUND,
            "no support without consent to share"
        );

        c.post_form(
            &format!("{person}/perioder/{episode}/samtycke"),
            &[
                ("scope", "information-exchange"),
                ("partner_organisation_id", &w.fk.to_string()),
                ("given_on", &day(-190)),
                ("form", "paper"),
                ("informed", "on"),
            ],
        )
        .await
        .expect(StatusCode::SEE_OTHER);
        assert!(
            fk_officer
                .get(&person)
                .await
                .body
                .contains("Känslig anteckning")
        );
        assert_eq!(af_officer.get(&person).await.status, StatusCode::NOT_FOUND);

        // Withdrawing the exchange hides the note from FK again.
        let consent = app.scalar("SELECT MAX(id) FROM consents").await;
        let withdrawn = c
            .post_form(
                &format!("{person}/samtycken/{consent}/aterkalla"),
                &[("withdrawn_on", &day(0)), ("bekraftat", "1")],
            )
            .await;
        assert_eq!(
            withdrawn.status,
            StatusCode::SEE_OTHER,
            "{}",
            withdrawn.body
        );
        assert!(
            !fk_officer
                .get(&person)
                .await
                .body
                .contains("Känslig anteckning")
        );

        // Case officers never manage episodes.
        let forbidden = fk_officer
            .post_form(&format!("{person}/perioder/{episode}/utskrivning"), &[])
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    }
);

on_both_engines!(
    protected_identity_is_visible_to_the_coordinator_alone_and_stores_no_contact_details,
    |app| {
        let w = world(app).await;
        let fk_officer = app.logged_in("fk", "case-officer", Some(w.fk)).await;
        let refused = fk_officer
            .post_form(
                "/personer/ny",
                &[
                    ("programme_id", &w.programme.to_string()),
                    ("referred_on", &day(-10)),
                    ("personnummer", "19800101-9804"),
                    ("given_name", "Skyddad"),
                    ("family_name", "Person"),
                    ("protected_identity", "on"),
                    ("address", "Storgatan 1"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused
                .body
                .contains("sparas inte för en person med skyddad identitet")
        );
        assert!(
            refused.body.contains("value=\"Skyddad\""),
            "the input is kept"
        );
        let created = fk_officer
            .post_form(
                "/personer/ny",
                &[
                    ("programme_id", &w.programme.to_string()),
                    ("referred_on", &day(-10)),
                    ("personnummer", "19800101-9804"),
                    ("given_name", "Skyddad"),
                    ("family_name", "Person"),
                    ("protected_identity", "on"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        let person = created.location().to_string();
        assert_eq!(fk_officer.get(&person).await.status, StatusCode::NOT_FOUND);
        assert!(!fk_officer.get("/personer").await.body.contains("Skyddad"));
        let page = w.coordinator.get(&person).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("skyddad identitet"));
    }
);

on_both_engines!(
    an_invalid_personnummer_gets_a_precise_message_and_keeps_the_input,
    |app| {
        let w = world(app).await;
        let c = &w.coordinator;
        for (number, expected) in [
            ("19800101-9805", "borde vara 4"),
            ("19800101980", "ska ha 10 eller 12"),
            ("19801301-9804", "inget riktigt datum"),
        ] {
            let page = c
                .post_form(
                    "/personer/ny",
                    &[
                        ("programme_id", &w.programme.to_string()),
                        ("referred_on", &day(0)),
                        ("personnummer", number),
                        ("given_name", "Anna"),
                        ("family_name", "Testsson"),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{number}");
            assert!(page.body.contains(expected), "{number}: {}", page.body);
            assert!(
                page.body.contains(&format!("value=\"{number}\"")),
                "input kept"
            );
        }
    }
);

on_both_engines!(
    every_read_of_a_person_is_audited_and_listed_on_the_participant_s_own_page,
    |app| {
        let w = world(app).await;
        let person = refer(&w.coordinator, &w, "19800101-9804", "Anna", None).await;
        let id: i64 = person.trim_start_matches("/personer/").parse().unwrap();
        w.coordinator.get(&person).await;
        w.coordinator
            .post_form(&format!("{person}/personnummer"), &[])
            .await
            .expect(StatusCode::OK);
        let reads = app
            .scalar(&format!("SELECT COUNT(*) FROM audit_records r JOIN audit_events e ON e.seq = r.seq WHERE r.kind = 'person' AND r.record_id = {id} AND e.action = 'person.read'"))
            .await;
        assert_eq!(reads, 2, "both page views are audited");
        let reveals = app
            .scalar(&format!("SELECT COUNT(*) FROM audit_records r JOIN audit_events e ON e.seq = r.seq WHERE r.kind = 'person' AND r.record_id = {id} AND e.action = 'person.reveal-number'"))
            .await;
        assert_eq!(reveals, 1);
        let user = app.user("anna", "participant", None).await;
        app.sql(&format!(
            "UPDATE users SET person_id = {id} WHERE id = {user}"
        ))
        .await;
        let participant = app.client();
        participant.login("anna", stegvis_testkit::PASSWORD).await;
        let portal = participant.get("/min-sida").await;
        assert_eq!(portal.status, StatusCode::OK);
        assert!(portal.body.contains("Läste dina uppgifter"));
        assert!(portal.body.contains("Visade ditt personnummer"));
        assert!(portal.body.contains("sam"), "the reader's name is shown");
        // The coordinator can review the log for the person, but not another operator's.
        let log = w.coordinator.get(&format!("/logg?post=person:{id}")).await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(log.body.contains("Läste personens uppgifter"));
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;
        let refused = outsider.get(&format!("/logg?post=person:{id}")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(outsider.get(&person).await.status, StatusCode::NOT_FOUND);
    }
);

on_both_engines!(a_declined_referral_leaves_only_an_anonymous_count, |app| {
    let w = world(app).await;
    let person = refer(&w.coordinator, &w, "19800101-9804", "Anna", None).await;
    let episode = episode_of(&w.coordinator.get(&person).await.body);
    let page = w
        .coordinator
        .post_form(
            &format!("{person}/perioder/{episode}/avboj"),
            &[("bekraftat", "1")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM persons").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM declined_referrals WHERE sex = 'female'")
            .await,
        1
    );
    assert_eq!(
        w.coordinator.get(&person).await.status,
        StatusCode::NOT_FOUND
    );
    let programme = w
        .coordinator
        .get(&format!("/program/{}", w.programme))
        .await;
    assert!(programme.body.contains("Avböjda remisser"));
    assert!(
        programme
            .body
            .contains("<td>Kvinna</td><td class=\"number\">1</td>"),
        "the decline is counted by sex: {}",
        programme.body
    );
});

on_both_engines!(
    the_same_number_becomes_a_new_episode_and_a_similar_unnumbered_person_is_flagged,
    |app| {
        let w = world(app).await;
        let c = &w.coordinator;
        let first = refer(c, &w, "19800101-9804", "Anna", None).await;
        let again = c
            .post_form(
                "/personer/ny",
                &[
                    ("programme_id", &w.programme.to_string()),
                    ("referred_on", &day(0)),
                    ("personnummer", "198001019804"),
                    ("given_name", "Anna"),
                    ("family_name", "Testsson"),
                ],
            )
            .await;
        assert_eq!(
            again.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "already open in this programme"
        );
        assert!(again.body.contains("redan inskriven eller remitterad"));
        for (given, family) in [("Åsa", "Öberg"), ("Asa", "Oberj")] {
            let page = c
                .post_form(
                    "/personer/ny",
                    &[
                        ("programme_id", &w.programme.to_string()),
                        ("referred_on", &day(0)),
                        ("personnummer", ""),
                        ("birth_year", "1975"),
                        ("sex", "female"),
                        ("given_name", given),
                        ("family_name", family),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        }
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM person_duplicates").await,
            1
        );
        let flagged = app.scalar("SELECT MAX(id) FROM persons").await;
        let page = c.get(&format!("/personer/{flagged}")).await;
        assert!(page.body.contains("Kanske samma person"));
        let list = c.get("/personer?q=oberg").await;
        assert!(
            list.body.contains("Öberg"),
            "search ignores case and diacritics"
        );
        let by_number = c.get("/personer?q=800101-9804").await;
        assert!(by_number.body.contains("Anna Testsson"));
        assert!(!by_number.body.contains("Öberg"));
        let _ = (first, w.kommun);
    }
);

on_both_engines!(
    a_withdrawal_or_exit_is_confirmed_first_and_a_mistaken_one_is_undone_within_fourteen_days,
    |app| {
        let w = world(app).await;
        let c = &w.coordinator;
        let person = refer(c, &w, "19800101-9804", "Anna", None).await;
        let episode = episode_of(&c.get(&person).await.body);
        for scope in ["participation", "follow-up"] {
            let page = c
                .post_form(
                    &format!("{person}/perioder/{episode}/samtycke"),
                    &[
                        ("scope", scope),
                        ("given_on", &day(-190)),
                        ("form", "paper"),
                        ("informed", "on"),
                    ],
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        }
        let baseline = c
            .post_form(
                &format!("{person}/perioder/{episode}/inskrivning"),
                &[
                    ("education", "gymnasial"),
                    ("occupation", "arbetssokande"),
                    ("occupation_percent", "100"),
                    ("time_outside", "2-5-ar"),
                    ("time_on_support", "1-2-ar"),
                ],
            )
            .await;
        assert_eq!(baseline.status, StatusCode::SEE_OTHER, "{}", baseline.body);
        let status = async || {
            app.scalar(&format!(
                "SELECT CAST(CASE status WHEN 'active' THEN 1 WHEN 'exited' THEN 2 ELSE 0 END AS BIGINT) \
                 FROM episodes WHERE id = {episode}"
            ))
            .await
        };
        let audited = async |action: &str| {
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
            ))
            .await
        };
        let consent = app
            .scalar("SELECT id FROM consents WHERE scope = 'participation'")
            .await;
        let withdraw = format!("{person}/samtycken/{consent}/aterkalla");

        // Without the confirmation nothing happens: the page names the consequence.
        let asked = c.post_form(&withdraw, &[]).await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked.body.contains("Perioden i Sociala företag avslutas"),
            "{}",
            asked.body
        );
        assert!(asked.body.contains("inom 14 dagar"));
        assert!(asked.body.contains("name=\"bekraftat\" value=\"1\""));
        assert_eq!(status().await, 1, "still active before the confirmation");

        let withdrawn = c
            .post_form(&withdraw, &[("withdrawn_on", &day(0)), ("bekraftat", "1")])
            .await;
        assert_eq!(
            withdrawn.status,
            StatusCode::SEE_OTHER,
            "{}",
            withdrawn.body
        );
        assert_eq!(
            status().await,
            2,
            "withdrawing participation ends the episode"
        );
        assert!(c.get(&person).await.body.contains("Ångra återkallelse"));

        // The coordinator undoes the mistake: consent and episode are as before.
        // Moving the clock ends the session, so the coordinator logs in again.
        app.advance_clock(Duration::days(2));
        let again = app.client();
        again.login("sam", stegvis_testkit::PASSWORD).await;
        let c = &again;
        let undone = c
            .post_form(
                &format!("{person}/samtycken/{consent}/angra-aterkallelse"),
                &[],
            )
            .await;
        assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
        assert_eq!(status().await, 1, "the episode is active again");
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM consents WHERE withdrawn_on IS NOT NULL")
                .await,
            0
        );
        assert_eq!(audited("consent.withdraw").await, 1);
        assert_eq!(audited("consent.withdraw.undo").await, 1);

        // An exit with bad input is the form again, not a confirmation.
        let exit = format!("{person}/perioder/{episode}/utskrivning");
        let bad = c.post_form(&exit, &[("exit_on", &day(0))]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = [("exit_on", day(0)), ("reason", "own-choice".to_string())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let asked = c.post_form(&exit, &fields).await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked.body.contains("Orsak: Avbruten på egen begäran"),
            "{}",
            asked.body
        );
        assert_eq!(status().await, 1);
        let mut confirmed = fields.clone();
        confirmed.push(("bekraftat", "1"));
        assert_eq!(
            c.post_form(&exit, &confirmed).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(status().await, 2);
        let follow_ups = format!("SELECT COUNT(*) FROM follow_ups WHERE episode_id = {episode}");
        assert!(
            app.scalar(&follow_ups).await > 0,
            "the exit plans follow-ups"
        );

        app.advance_clock(Duration::days(13));
        let again = app.client();
        again.login("sam", stegvis_testkit::PASSWORD).await;
        let c = &again;
        let undo = format!("{person}/perioder/{episode}/angra-avslut");
        let undone = c.post_form(&undo, &[]).await;
        assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
        assert_eq!(status().await, 1);
        assert_eq!(app.scalar(&follow_ups).await, 0, "its follow-ups are gone");
        assert_eq!(audited("episode.exit").await, 1);
        assert_eq!(audited("episode.exit.undo").await, 1);

        // After the period the exit stands, and the page says why.
        assert_eq!(
            c.post_form(&exit, &confirmed).await.status,
            StatusCode::SEE_OTHER
        );
        app.advance_clock(Duration::days(14));
        let again = app.client();
        again.login("sam", stegvis_testkit::PASSWORD).await;
        let c = &again;
        assert!(!c.get(&person).await.body.contains("Ångra avslut"));
        let late = c.post_form(&undo, &[]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(late.body.contains("mer än 14 dagar"), "{}", late.body);
        assert_eq!(status().await, 2);
    }
);

on_both_engines!(
    a_referral_is_in_the_people_list_at_once_and_a_list_view_is_one_audit_event_naming_everyone_shown,
    |app| {
        let w = world(app).await;
        let people = [
            ("19700101-9806", "Ada"),
            ("19710202-9803", "Bea"),
            ("19720303-9800", "Cia"),
        ];
        for (number, given) in people {
            refer(&w.coordinator, &w, number, given, None).await;
            // The list is read on SQLite's read-only connections beside the writer; the
            // referral committed on the writer just before must be there.
            let list = w.coordinator.get("/personer").await.expect(StatusCode::OK);
            assert!(list.body.contains(given), "{given} is listed at once");
        }
        let event = app
            .scalar("SELECT MAX(seq) FROM audit_events WHERE action = 'person.list'")
            .await;
        let named = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM audit_records WHERE seq = {event} AND kind = 'person'"
            ))
            .await;
        assert_eq!(named, 3, "the last list view names the three people it showed");
        let list_views = app
            .scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'person.list'")
            .await;
        assert_eq!(list_views, 3, "one event per list view");
    }
);

/// SQLite answers name searches from an FTS5 trigram index kept by triggers (migration 0014);
/// it must follow every insert, name change and removal, or searches would miss or show people.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_name_index_follows_every_insert_name_change_and_removal() {
    let app = TestApp::start(stegvis_testkit::Engine::Sqlite)
        .await
        .unwrap();
    let w = world(&app).await;
    refer(&w.coordinator, &w, "19700101-9806", "Ottilia", None).await;
    refer(&w.coordinator, &w, "19710202-9803", "Bea", None).await;
    let indexed = |fragment: &str| {
        format!("SELECT COUNT(*) FROM persons_names WHERE name_key LIKE '%{fragment}%'")
    };
    assert_eq!(app.scalar(&indexed("ottil")).await, 1);
    assert_eq!(app.scalar(&indexed("testsson")).await, 2);
    let list = w
        .coordinator
        .get("/personer?q=ottil")
        .await
        .expect(StatusCode::OK);
    assert!(list.body.contains("Ottilia") && !list.body.contains("Bea "));

    app.sql("UPDATE persons SET name_key = 'ottilia lindqvist' WHERE given_name = 'Ottilia'")
        .await;
    assert_eq!(app.scalar(&indexed("testsson")).await, 1);
    assert_eq!(app.scalar(&indexed("lindqv")).await, 1);

    let bea = app
        .scalar("SELECT id FROM persons WHERE given_name = 'Bea'")
        .await;
    // Anonymising needs the person's episodes ended; the exit itself is tested elsewhere.
    app.sql(&format!(
        "UPDATE episodes SET status = 'exited', exit_on = '2026-01-31' WHERE person_id = {bea}"
    ))
    .await;
    stegvis_app::privacy::anonymise(&app.app, &Actor::system("test"), bea)
        .await
        .unwrap();
    assert_eq!(
        app.scalar(&indexed("testsson")).await,
        0,
        "an anonymised name is gone from the index"
    );
    app.finish().await;
}

on_both_engines!(
    the_log_review_finds_people_by_name_only_within_the_reviewer_s_scope,
    |app| {
        let w = world(app).await;
        let person = refer(&w.coordinator, &w, "19800101-9804", "Anna", None).await;
        let id: i64 = person.trim_start_matches("/personer/").parse().unwrap();
        let other = app.organisation("KAL", "kommun").await;
        let outsider = app.logged_in("kim", "coordinator", Some(other)).await;

        // The first visit explains what to do and shows no error.
        let first = w.coordinator.get("/logg").await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("Vems logg vill du granska?"));
        assert!(!first.body.contains("error-summary"), "{}", first.body);

        // The own operator's coordinator finds the person by a part of the name.
        let found = w.coordinator.get("/logg?namn=anna").await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.body.contains(&format!("/logg?post=person:{id}")));
        assert!(found.body.contains("Anna Testsson"));
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_records r JOIN audit_events e ON e.seq = r.seq \
                 WHERE e.action = 'audit.find-subject' AND r.kind = 'person' AND r.record_id = {id}"
            ))
            .await,
            1,
            "the search is audited with the person it listed"
        );

        // Another operator's coordinator does not, nor by the whole name.
        for name in ["anna", "Anna Testsson", "testsson"] {
            let page = outsider
                .get(&format!("/logg?namn={}", name.replace(' ', "+")))
                .await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(
                !page.body.contains("/logg?post=person:"),
                "{name}: {}",
                page.body
            );
            assert!(!page.body.contains(&format!("person:{id}")));
            assert!(page.body.contains("Ingen person eller användare"));
        }

        // Users: a coordinator finds their colleagues, not another organisation's users; the
        // administrator finds every user but no participant.
        let colleague = w.coordinator.get("/logg?namn=sam").await;
        assert!(colleague.body.contains("/logg?anvandare="));
        let kim = app
            .scalar("SELECT id FROM users WHERE username = 'kim'")
            .await;
        let not_colleague = w.coordinator.get("/logg?namn=kim").await;
        assert!(
            !not_colleague
                .body
                .contains(&format!("/logg?anvandare={kim}\""))
        );
        let admin = app.logged_in("admin1", "admin", None).await;
        let everyone = admin.get("/logg?namn=kim").await;
        assert!(everyone.body.contains(&format!("/logg?anvandare={kim}\"")));
        assert!(
            !admin
                .get("/logg?namn=anna")
                .await
                .body
                .contains("/logg?post=person:")
        );

        // A case officer, who does not review the log, cannot search it for names.
        let officer = app.logged_in("fk1", "case-officer", Some(w.fk)).await;
        assert_eq!(
            officer.get("/logg?namn=anna").await.status,
            StatusCode::FORBIDDEN
        );

        // Too short a name is explained, once submitted.
        let short = w.coordinator.get("/logg?namn=a").await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("Skriv minst två bokstäver av namnet."));

        // The chosen person's log names the person and says what was done in words.
        w.coordinator.get(&person).await;
        let log = w.coordinator.get(&format!("/logg?post=person:{id}")).await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(log.body.contains("Loggen för Anna Testsson"));
        assert!(log.body.contains("<td>Läste personens uppgifter</td>"));
        assert!(log.body.contains("<td>Registrerade en remiss</td>"));
    }
);

on_both_engines!(
    the_language_switch_on_a_confirmation_page_returns_to_where_the_action_started,
    |app| {
        let w = world(app).await;
        let person = refer(&w.coordinator, &w, "19800101-9804", "Anna", None).await;
        let episode = episode_of(&w.coordinator.get(&person).await.body);
        w.coordinator
            .post_form(
                &format!("{person}/perioder/{episode}/samtycke"),
                &[
                    ("scope", "participation"),
                    ("given_on", &day(-190)),
                    ("form", "paper"),
                    ("informed", "on"),
                ],
            )
            .await
            .expect(StatusCode::SEE_OTHER);
        let consent = app.scalar("SELECT MAX(id) FROM consents").await;
        let asked = w
            .coordinator
            .post_form(&format!("{person}/samtycken/{consent}/aterkalla"), &[])
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(
            asked
                .body
                .contains(&format!("name=\"tillbaka\" value=\"{person}\"")),
            "the switch comes back to the person page, which a GET can open"
        );
        let switched = w
            .coordinator
            .post_form("/sprak", &[("lang", "en"), ("tillbaka", &person)])
            .await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        assert_eq!(switched.location(), person);
        let page = w.coordinator.get(&person).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<html lang=\"en\""));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM consents WHERE withdrawn_on IS NOT NULL")
                .await,
            0,
            "switching the language withdrew nothing"
        );
    }
);
