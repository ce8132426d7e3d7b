//! The data subject's rights and retention: export, anonymisation and retention runs.
//!
//! Fixtures go straight through the storage functions; personnummer come from Skatteverket's
//! test series (serial numbers 980–999), never real ones.

use crate::cli::stegvis;
use stegvis_app::privacy::{self, RetentionReport};
use stegvis_app::{Actor, AppError};
use stegvis_domain::access::{PersonScope, Principal, Role};
use stegvis_domain::consent::{ConsentDraft, ConsentForm, ConsentScope};
use stegvis_domain::episode::{ExitDraft, ExitReason, Referral};
use stegvis_domain::income::{Change, IncomeSource, MonthChange, YearMonth};
use stegvis_domain::person::{Contact, Identity, PersonDraft};
use stegvis_domain::personnummer::Personnummer;
use stegvis_domain::plan::{ActivityDraft, ActivityKind, AppointmentDraft, StepDraft, StepOwner};
use stegvis_domain::programme::ProgrammeInput;
use stegvis_domain::retention::RetentionRuleInput;
use stegvis_storage::episodes;
use stegvis_storage::{income, persons, plans};
use stegvis_testkit::{TestApp, on_both_engines};
use time::{Date, Duration};

const DECISION: &str = "KS 2026/123 § 45";

fn cli() -> Actor {
    Actor::system("test")
}

/// Today by the system clock, which is what a fresh [`TestApp`]'s clock reads; the one test that
/// moves the clock (to the next day) uses this only before it does.
fn today() -> Date {
    stegvis_app::Clock::system().today()
}

/// A date safely more than `years` years back, whatever the leap days in between.
fn years_ago(years: i64) -> Date {
    today() - Duration::days(366 * years + 7)
}

/// An operator (kommun) with one programme; returns (operator, programme).
async fn operator_with_programme(app: &TestApp, short_name: &str) -> (i64, i64) {
    let operator = app.organisation(short_name, "kommun").await;
    let programme = stegvis_app::programmes::create(
        &app.app,
        &cli(),
        &ProgrammeInput {
            name: format!("Sociala företag {short_name}"),
            operator_id: operator.to_string(),
            starts_on: "2011-09-09".into(),
            ends_on: "2040-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await
    .unwrap();
    (operator, programme)
}

/// A person with every identifying field filled in.
async fn person(app: &TestApp, operator: i64, number: &str, given_name: &str) -> i64 {
    let draft = PersonDraft {
        identity: Identity::Number(Personnummer::parse(number, today()).unwrap()),
        given_name: given_name.into(),
        family_name: "Testsson".into(),
        preferred_language: Some("arabiska".into()),
        interpreter_needed: true,
        protected_identity: false,
        contact: Contact {
            address: Some("Storgatan 1, 593 30 Västervik".into()),
            phone: Some("0490-123 45".into()),
            email: Some("test@example.invalid".into()),
        },
    };
    let mut tx = app.app.db.begin().await.unwrap();
    let key = stegvis_domain::names::name_key(given_name, "Testsson");
    let id = persons::insert(&mut tx, operator, &draft, &key, None, app.app.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// An episode referred on `referred_on`, exited on `exit_on` if given; returns its id.
async fn episode(
    app: &TestApp,
    person_id: i64,
    programme_id: i64,
    referred_on: Date,
    exit_on: Option<Date>,
) -> i64 {
    let mut tx = app.app.db.begin().await.unwrap();
    let now = app.app.now();
    let id = episodes::insert(
        &mut tx,
        &Referral {
            person_id,
            programme_id,
            referred_on,
            referring_organisation_id: None,
            referring_user_id: None,
            assigned_organisation_id: None,
        },
        now,
    )
    .await
    .unwrap();
    if let Some(exit_on) = exit_on {
        let draft = ExitDraft {
            exit_on,
            reason: ExitReason::Completed,
            snapshot: None,
        };
        episodes::exit(&mut tx, id, &draft, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    id
}

/// Everything an episode can hold: consent, follow-ups, a plan, notes, an appointment,
/// attendance at an activity, and two months of income for the person.
async fn fill_episode(app: &TestApp, person_id: i64, programme_id: i64, episode_id: i64) {
    let mut tx = app.app.db.begin().await.unwrap();
    let now = app.app.now();
    let day = years_ago(4);
    episodes::insert_consent(
        &mut tx,
        episode_id,
        &ConsentDraft {
            scope: ConsentScope::Participation,
            partner_organisation_id: None,
            given_on: day,
            form: ConsentForm::Paper,
        },
        "2026-1",
        None,
        now,
    )
    .await
    .unwrap();
    episodes::schedule_follow_ups(&mut tx, episode_id, &[(3, day), (6, day)])
        .await
        .unwrap();
    let goal = plans::insert_goal(&mut tx, episode_id, "Börja arbetsträna", now)
        .await
        .unwrap();
    plans::insert_step(
        &mut tx,
        goal,
        &StepDraft {
            description: "Besöka snickeriet".into(),
            owner: StepOwner::Together,
            due_on: Some(day),
        },
        now,
    )
    .await
    .unwrap();
    for body in [
        "Första samtalet gick bra.",
        "Har ont i ryggen, vill prova deltid.",
    ] {
        plans::insert_note(&mut tx, episode_id, body, None, now)
            .await
            .unwrap();
    }
    plans::insert_appointment(
        &mut tx,
        episode_id,
        &AppointmentDraft {
            starts_at: day.with_hms(9, 30, 0).unwrap(),
            title: "Uppföljningssamtal".into(),
            place: Some("Kontoret".into()),
        },
        None,
        now,
    )
    .await
    .unwrap();
    let activity = plans::insert_activity(
        &mut tx,
        programme_id,
        &ActivityDraft {
            kind: ActivityKind::StudyVisit,
            title: "Studiebesök på kaféet".into(),
            held_on: day,
            minutes: 120,
            provider_organisation_id: None,
            is_group: true,
        },
        None,
        now,
    )
    .await
    .unwrap();
    plans::set_attendance(&mut tx, activity, episode_id, true, 120)
        .await
        .unwrap();
    let months: Vec<MonthChange> = ["2022-01", "2022-02"]
        .into_iter()
        .map(|month| MonthChange {
            month: YearMonth::parse(month).unwrap(),
            source: IncomeSource::Forsorjningsstod,
            change: Change::Set {
                share_percent: 100,
                amount: None,
            },
        })
        .collect();
    income::apply(&mut tx, person_id, &months).await.unwrap();
    tx.commit().await.unwrap();
}

async fn count(app: &TestApp, table: &str, condition: &str) -> i64 {
    app.scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {condition}"))
        .await
}

fn key_of(error: AppError) -> &'static str {
    match error {
        AppError::Invalid(errors) => errors.iter().next().unwrap().key,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn set_rule(app: &TestApp, operator: i64, years: &str) {
    privacy::set_retention_rule(
        &app.app,
        &cli(),
        operator,
        &RetentionRuleInput {
            years_after_exit: years.into(),
            decision_reference: DECISION.into(),
            decided_on: "2026-01-15".into(),
        },
    )
    .await
    .unwrap();
}

fn due(report: &RetentionReport) -> Vec<(i64, Vec<&'static str>)> {
    report
        .operators
        .iter()
        .flat_map(|o| o.persons.clone())
        .collect()
}

const ALL_FIELDS: [&str; 13] = [
    "personnummer",
    "birth_date",
    "given_name",
    "family_name",
    "preferred_language",
    "interpreter_needed",
    "address",
    "phone",
    "email",
    "notes",
    "appointments",
    "plan",
    "account",
];

on_both_engines!(
    the_export_holds_the_full_personnummer_and_every_note,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let id = person(app, operator, "19800101-9804", "Testa").await;
        let first = episode(app, id, programme, years_ago(6), Some(years_ago(5))).await;
        fill_episode(app, id, programme, first).await;
        let second = episode(app, id, programme, years_ago(1), None).await;
        let mut tx = app.app.db.begin().await.unwrap();
        plans::insert_note(&mut tx, second, "Ny remiss från AF.", None, app.app.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let export = privacy::export(&app.app, &cli(), id).await.unwrap();
        assert_eq!(export.person.personnummer.as_deref(), Some("198001019804"));
        assert_eq!(export.person.operator.name, "Organisation VVK");
        assert_eq!(export.episodes.len(), 2);
        assert!(
            export
                .episodes
                .iter()
                .all(|e| e.programme.name == "Sociala företag VVK")
        );
        let notes: Vec<&str> = export
            .episodes
            .iter()
            .flat_map(|e| e.notes.iter().map(|n| n.body.as_str()))
            .collect();
        assert_eq!(notes.len(), 3, "{notes:?}");
        for body in [
            "Första samtalet gick bra.",
            "Har ont i ryggen, vill prova deltid.",
            "Ny remiss från AF.",
        ] {
            assert!(notes.contains(&body), "{body}");
        }
        let exited = export.episodes.iter().find(|e| e.id == first).unwrap();
        assert_eq!(exited.consents.len(), 1);
        assert_eq!(exited.follow_ups.len(), 2);
        assert_eq!(exited.plan[0].steps[0].description, "Besöka snickeriet");
        assert_eq!(exited.appointments[0].title, "Uppföljningssamtal");
        assert_eq!(exited.attendance[0].activity, "Studiebesök på kaféet");
        assert_eq!(export.income_months.len(), 2);

        let json = serde_json::to_value(&export).unwrap();
        assert_eq!(json["person"]["personnummer"], "198001019804");
        assert_eq!(json["episodes"][1]["exit_reason"], "completed");
        assert_eq!(
            count(app, "audit_events", "action = 'person.export'").await,
            1
        );
        assert_eq!(
            count(
                app,
                "audit_events",
                "records LIKE '%Testa%' OR records LIKE '%19800101%'"
            )
            .await,
            0,
            "the audit log names the person by id only"
        );
    }
);

on_both_engines!(
    anonymising_removes_identity_and_notes_but_keeps_episodes_and_income,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let id = person(app, operator, "19800101-9804", "Testa").await;
        let other = person(app, operator, "19800101-9812", "Testina").await;
        let episode_id = episode(app, id, programme, years_ago(6), Some(years_ago(5))).await;
        fill_episode(app, id, programme, episode_id).await;
        let mut tx = app.app.db.begin().await.unwrap();
        persons::flag_duplicate(&mut tx, other, id, "name")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let account = app.user("testa", "participant", None).await;
        app.sql(&format!(
            "UPDATE users SET person_id = {id} WHERE id = {account}"
        ))
        .await;
        let of_person = format!("episode_id IN (SELECT id FROM episodes WHERE person_id = {id})");
        let kept_before = [
            count(app, "episodes", &format!("person_id = {id}")).await,
            count(app, "consents", &of_person).await,
            count(app, "follow_ups", &of_person).await,
            count(app, "activity_attendance", &of_person).await,
            count(app, "income_months", &format!("person_id = {id}")).await,
        ];
        assert_eq!(kept_before, [1, 1, 2, 1, 2]);

        let removed = privacy::anonymise(&app.app, &cli(), id).await.unwrap();
        let mut expected = ALL_FIELDS.to_vec();
        expected.insert(expected.len() - 1, "possible_duplicates");
        assert_eq!(removed, expected);

        let person = persons::get(&mut app.app.db.begin().await.unwrap(), PersonScope::All, id)
            .await
            .unwrap()
            .unwrap();
        assert!(person.personnummer.is_none() && person.birth_date.is_none());
        assert!(person.given_name.is_none() && person.family_name.is_none());
        assert!(person.address.is_none() && person.phone.is_none() && person.email.is_none());
        assert!(person.preferred_language.is_none() && !person.interpreter_needed);
        assert!(person.anonymised_at.is_some());
        assert_eq!(
            person.birth_year, 1980,
            "birth year and sex stay for statistics"
        );
        assert_eq!(
            count(app, "persons", &format!("id = {id} AND name_key IS NULL")).await,
            1
        );
        assert_eq!(count(app, "notes", &of_person).await, 0);
        assert_eq!(count(app, "appointments", &of_person).await, 0);
        assert_eq!(count(app, "plan_goals", &of_person).await, 0);
        assert_eq!(count(app, "plan_steps", "1 = 1").await, 0);
        assert_eq!(count(app, "person_duplicates", "1 = 1").await, 0);
        assert_eq!(
            count(
                app,
                "users",
                &format!("id = {account} AND person_id IS NULL AND active = FALSE")
            )
            .await,
            1
        );
        let kept_after = [
            count(app, "episodes", &format!("person_id = {id}")).await,
            count(app, "consents", &of_person).await,
            count(app, "follow_ups", &of_person).await,
            count(app, "activity_attendance", &of_person).await,
            count(app, "income_months", &format!("person_id = {id}")).await,
        ];
        assert_eq!(kept_after, kept_before);
        assert_eq!(
            count(
                app,
                "persons",
                &format!("id = {other} AND given_name = 'Testina'")
            )
            .await,
            1,
            "the other person of the duplicate flag is untouched"
        );
        assert_eq!(
            count(
                app,
                "audit_events",
                &format!("action = 'person.anonymise' AND records = 'person:{id}'")
            )
            .await,
            1
        );
        assert!(
            privacy::anonymise(&app.app, &cli(), id)
                .await
                .unwrap()
                .is_empty(),
            "nothing is left to remove the second time"
        );
    }
);

on_both_engines!(anonymising_is_refused_while_an_episode_is_open, |app| {
    let (operator, programme) = operator_with_programme(app, "VVK").await;
    let id = person(app, operator, "19800101-9804", "Testa").await;
    episode(app, id, programme, years_ago(6), Some(years_ago(5))).await;
    episode(app, id, programme, years_ago(1), None).await;
    let error = privacy::anonymise(&app.app, &cli(), id).await.unwrap_err();
    assert_eq!(key_of(error), "privacy-error-open-episode");
    assert_eq!(
        count(
            app,
            "persons",
            &format!("id = {id} AND anonymised_at IS NULL AND given_name = 'Testa'")
        )
        .await,
        1
    );
    assert_eq!(
        count(app, "audit_events", "action = 'person.anonymise'").await,
        0
    );
});

on_both_engines!(
    only_the_coordinator_of_the_persons_operator_exercises_their_rights,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let (other_operator, _) = operator_with_programme(app, "KAL").await;
        let id = person(app, operator, "19800101-9804", "Testa").await;
        episode(app, id, programme, years_ago(6), Some(years_ago(5))).await;
        let actor = |user_id, role, organisation_id| {
            Actor::user(
                Principal {
                    user_id,
                    role,
                    organisation_id: Some(organisation_id),
                },
                "test",
            )
        };
        let outsider = app.user("kim", "coordinator", Some(other_operator)).await;
        let outsider = actor(outsider, Role::Coordinator, other_operator);
        assert!(matches!(
            privacy::export(&app.app, &outsider, id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            privacy::anonymise(&app.app, &outsider, id).await,
            Err(AppError::NotFound)
        ));
        let officer = app.user("hanna", "case-officer", Some(operator)).await;
        let officer = actor(officer, Role::CaseOfficer, operator);
        assert!(matches!(
            privacy::export(&app.app, &officer, id).await,
            Err(AppError::Forbidden)
        ));
        let rule = RetentionRuleInput {
            years_after_exit: "5".into(),
            decision_reference: DECISION.into(),
            decided_on: "2026-01-15".into(),
        };
        assert!(matches!(
            privacy::set_retention_rule(&app.app, &outsider, operator, &rule).await,
            Err(AppError::Forbidden)
        ));

        let own = app.user("sam", "coordinator", Some(operator)).await;
        let own_actor = actor(own, Role::Coordinator, operator);
        let export = privacy::export(&app.app, &own_actor, id).await.unwrap();
        assert_eq!(export.person.given_name.as_deref(), Some("Testa"));
        privacy::set_retention_rule(&app.app, &own_actor, operator, &rule)
            .await
            .unwrap();
        set_rule(app, other_operator, "1").await;
        let report = privacy::run_retention(&app.app, &own_actor, today(), true)
            .await
            .unwrap();
        assert_eq!(
            report
                .operators
                .iter()
                .map(|o| o.operator_id)
                .collect::<Vec<_>>(),
            vec![operator],
            "a coordinator's run covers their own operator only"
        );
        assert_eq!(due(&report).len(), 1);
        assert_eq!(
            count(
                app,
                "audit_events",
                &format!("action = 'person.export' AND actor_user_id = {own}")
            )
            .await,
            1
        );
    }
);

on_both_engines!(
    a_retention_rule_is_validated_and_a_new_decision_replaces_the_old_rule,
    |app| {
        let (operator, _) = operator_with_programme(app, "VVK").await;
        let error = privacy::set_retention_rule(
            &app.app,
            &cli(),
            operator,
            &RetentionRuleInput {
                years_after_exit: "0".into(),
                decision_reference: DECISION.into(),
                decided_on: "2026-01-15".into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(key_of(error), "error-whole-number-range");
        let error = privacy::set_retention_rule(
            &app.app,
            &cli(),
            operator + 100,
            &RetentionRuleInput {
                years_after_exit: "5".into(),
                decision_reference: DECISION.into(),
                decided_on: "2026-01-15".into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(key_of(error), "error-organisation-unknown");
        set_rule(app, operator, "5").await;
        privacy::set_retention_rule(
            &app.app,
            &cli(),
            operator,
            &RetentionRuleInput {
                years_after_exit: "3".into(),
                decision_reference: "KS 2027/9 § 2".into(),
                decided_on: "2026-02-01".into(),
            },
        )
        .await
        .unwrap();
        let rules = stegvis_storage::retention::rules(&mut app.app.db.begin().await.unwrap())
            .await
            .unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].years_after_exit, 3);
        assert_eq!(rules[0].decision_reference, "KS 2027/9 § 2");
        assert_eq!(
            count(app, "audit_events", "action = 'retention.rule'").await,
            2
        );
    }
);

on_both_engines!(
    a_retention_run_anonymises_exactly_the_people_whose_period_is_over,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let (no_rule_operator, no_rule_programme) = operator_with_programme(app, "KAL").await;
        set_rule(app, operator, "5").await;

        let due_person = person(app, operator, "19800101-9804", "Testa").await;
        let old = episode(app, due_person, programme, years_ago(8), Some(years_ago(7))).await;
        fill_episode(app, due_person, programme, old).await;
        episode(app, due_person, programme, years_ago(7), Some(years_ago(6))).await;
        // Last exit within the five years: kept.
        let recent = person(app, operator, "19800101-9812", "Testina").await;
        episode(app, recent, programme, years_ago(8), Some(years_ago(7))).await;
        episode(app, recent, programme, years_ago(5), Some(years_ago(4))).await;
        // Still in the programme, though an earlier episode ended long ago: kept.
        let open = person(app, operator, "19750315-9829", "Testan").await;
        episode(app, open, programme, years_ago(9), Some(years_ago(8))).await;
        episode(app, open, programme, years_ago(1), None).await;
        // Never referred: nothing to measure the period from, kept.
        person(app, operator, "19900620-9838", "Testine").await;
        // An operator without a rule: kept whatever the dates.
        let elsewhere = person(app, no_rule_operator, "19851224-9841", "Testo").await;
        episode(
            app,
            elsewhere,
            no_rule_programme,
            years_ago(30),
            Some(years_ago(20)),
        )
        .await;

        let audit_before = count(app, "audit_events", "1 = 1").await;
        let dry = privacy::run_retention(&app.app, &cli(), today(), true)
            .await
            .unwrap();
        assert_eq!(dry.operators.len(), 1);
        let report = &dry.operators[0];
        assert_eq!(report.operator_name, "Organisation VVK");
        assert_eq!(report.decision_reference, DECISION);
        assert_eq!(report.years_after_exit, 5);
        assert_eq!(report.cutoff, stegvis_domain::retention::cutoff(today(), 5));
        let fields: Vec<&str> = ALL_FIELDS.into_iter().filter(|f| *f != "account").collect();
        assert_eq!(due(&dry), vec![(due_person, fields.clone())]);
        assert_eq!(
            count(app, "persons", "anonymised_at IS NOT NULL").await,
            0,
            "a dry run changes nothing"
        );
        assert_eq!(count(app, "audit_events", "1 = 1").await, audit_before);

        let run = privacy::run_retention(&app.app, &cli(), today(), false)
            .await
            .unwrap();
        assert_eq!(due(&run), due(&dry));
        assert_eq!(run.total(), 1);
        assert_eq!(
            stegvis_storage::retention::identifying_fields(
                &mut app.app.db.begin().await.unwrap(),
                due_person
            )
            .await
            .unwrap(),
            Vec::<&str>::new()
        );
        assert_eq!(count(app, "persons", "anonymised_at IS NOT NULL").await, 1);
        assert_eq!(
            count(
                app,
                "persons",
                &format!("anonymised_at IS NULL AND given_name IS NOT NULL AND id <> {due_person}")
            )
            .await,
            4
        );
        assert_eq!(
            count(app, "episodes", &format!("person_id = {due_person}")).await,
            2
        );
        assert_eq!(
            count(app, "income_months", &format!("person_id = {due_person}")).await,
            2
        );
        assert_eq!(
            count(
                app,
                "audit_events",
                &format!("action = 'retention.run' AND records = 'organisation:{operator} person:{due_person}'")
            )
            .await,
            1
        );

        let again = privacy::run_retention(&app.app, &cli(), today(), true)
            .await
            .unwrap();
        assert_eq!(again.operators.len(), 1);
        assert!(due(&again).is_empty(), "{again:?}");
    }
);

on_both_engines!(
    the_cli_sets_a_rule_and_its_dry_run_prints_the_decision_and_the_people_due,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let id = person(app, operator, "19800101-9804", "Testa").await;
        episode(app, id, programme, years_ago(8), Some(years_ago(6))).await;
        let operator_flag = operator.to_string();
        let rule = |years| {
            vec![
                "retention",
                "rule",
                "--operator",
                operator_flag.as_str(),
                "--years",
                years,
                "--decision",
                DECISION,
                "--decided-on",
                "2026-01-15",
            ]
        };
        let out = stegvis(&rule("0"), &app.database_url, None).await;
        assert!(!out.success);
        assert!(out.stderr.contains("--years"), "{}", out.stderr);
        let out = stegvis(&rule("5"), &app.database_url, None).await;
        assert!(out.success, "{}", out.stderr);
        assert!(out.stdout.contains(DECISION), "{}", out.stdout);

        let out = stegvis(&["retention", "run", "--dry-run"], &app.database_url, None).await;
        assert!(out.success, "{}", out.stderr);
        assert!(out.stdout.contains("Dry run"), "{}", out.stdout);
        assert!(
            out.stdout
                .contains(&format!("decision {DECISION} of 2026-01-15")),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(&format!(
                "person {id}: personnummer, birth_date, given_name, family_name"
            )),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("Total: 1 person would be anonymised."),
            "{}",
            out.stdout
        );
        assert_eq!(count(app, "persons", "anonymised_at IS NOT NULL").await, 0);

        let out = stegvis(&["retention", "run"], &app.database_url, None).await;
        assert!(out.success, "{}", out.stderr);
        assert!(
            out.stdout.contains("Total: 1 person anonymised."),
            "{}",
            out.stdout
        );
        assert_eq!(count(app, "persons", "anonymised_at IS NOT NULL").await, 1);
    }
);

on_both_engines!(
    the_cli_prints_a_persons_export_as_json_and_explains_an_unknown_id,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let id = person(app, operator, "19800101-9804", "Testa").await;
        let episode_id = episode(app, id, programme, years_ago(6), Some(years_ago(5))).await;
        fill_episode(app, id, programme, episode_id).await;
        let out = stegvis(
            &["person", "export", "--id", &id.to_string()],
            &app.database_url,
            None,
        )
        .await;
        assert!(out.success, "{}", out.stderr);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(json["person"]["personnummer"], "198001019804");
        assert_eq!(json["person"]["given_name"], "Testa");
        assert_eq!(
            json["episodes"][0]["notes"].as_array().unwrap().len(),
            2,
            "{json}"
        );
        let out = stegvis(
            &["person", "export", "--id", "999999"],
            &app.database_url,
            None,
        )
        .await;
        assert!(!out.success);
        assert!(out.stderr.contains("no person 999999"), "{}", out.stderr);
    }
);

on_both_engines!(
    the_server_applies_the_retention_rules_once_a_day_and_records_each_run,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        set_rule(app, operator, "5").await;
        let due_person = person(app, operator, "19800101-9804", "Testa").await;
        episode(app, due_person, programme, years_ago(8), Some(years_ago(7))).await;

        let first = privacy::run_scheduled_retention(&app.app)
            .await
            .unwrap()
            .expect("the day's first call runs");
        assert_eq!(due(&first), vec![(due_person, due(&first)[0].1.clone())]);
        assert_eq!(count(app, "persons", "anonymised_at IS NOT NULL").await, 1);
        assert!(
            privacy::run_scheduled_retention(&app.app)
                .await
                .unwrap()
                .is_none(),
            "a second call the same day runs nothing"
        );
        assert_eq!(
            count(app, "audit_events", "action = 'retention.scheduled'").await,
            1
        );
        assert_eq!(
            count(app, "audit_events", "action = 'retention.run'").await,
            1
        );
        assert_eq!(
            count(app, "scheduled_runs", "job = 'retention' AND changed = 1").await,
            1
        );

        let tomorrow = app.app.now().plus(time::Duration::days(1));
        app.app.clock.set(tomorrow);
        let next = privacy::run_scheduled_retention(&app.app)
            .await
            .unwrap()
            .expect("the next day runs again");
        assert_eq!(next.total(), 0, "nobody is anonymised twice");
        assert_eq!(
            count(app, "audit_events", "action = 'retention.scheduled'").await,
            2
        );
    }
);

on_both_engines!(
    the_retention_page_previews_who_is_due_and_keeps_a_bad_rule_with_its_reason,
    |app| {
        let (operator, programme) = operator_with_programme(app, "VVK").await;
        let coordinator = app.logged_in("sam", "coordinator", Some(operator)).await;
        let page = coordinator
            .get("/gallring")
            .await
            .expect(reqwest::StatusCode::OK);
        assert!(page.body.contains("Ni har ingen gallringsregel ännu"));

        let refused = coordinator
            .post_form(
                "/gallring/regel",
                &[
                    ("years_after_exit", "fem"),
                    ("decision_reference", "KS 2026/7"),
                    ("decided_on", "2026-01-15"),
                ],
            )
            .await
            .expect(reqwest::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(r#"value="fem""#), "the input is kept");
        assert!(refused.body.contains(r#"value="KS 2026/7""#));
        assert!(refused.body.contains("error-summary"));

        coordinator
            .post_form(
                "/gallring/regel",
                &[
                    ("years_after_exit", "5"),
                    ("decision_reference", "KS 2026/7"),
                    ("decided_on", "2026-01-15"),
                ],
            )
            .await
            .expect(reqwest::StatusCode::SEE_OTHER);
        let due_person = person(app, operator, "19800101-9804", "Testa").await;
        episode(app, due_person, programme, years_ago(8), Some(years_ago(7))).await;
        let page = coordinator
            .get("/gallring")
            .await
            .expect(reqwest::StatusCode::OK);
        assert!(
            page.body
                .contains("En person avidentifieras vid nästa körning")
        );
        assert!(
            page.body
                .contains(&format!(r#"href="/personer/{due_person}""#))
        );
        assert!(page.body.contains("Gallringen har inte körts ännu"));
        assert_eq!(
            count(
                app,
                "audit_events",
                &format!("action = 'retention.preview' AND records = 'person:{due_person}'")
            )
            .await,
            1,
            "the preview names a person, so it is a recorded read"
        );
        assert_eq!(
            count(app, "persons", "anonymised_at IS NOT NULL").await,
            0,
            "a preview changes nothing"
        );

        privacy::run_scheduled_retention(&app.app).await.unwrap();
        let page = coordinator
            .get("/gallring")
            .await
            .expect(reqwest::StatusCode::OK);
        assert!(page.body.contains(&format!("{}: klar", today())));
        assert!(
            page.body
                .contains("Ingen står på tur att avidentifieras i dag")
        );
    }
);
