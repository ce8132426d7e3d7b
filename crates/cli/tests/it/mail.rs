//! Reminders by e-mail against a real SMTP server (aiosmtpd, started per test by
//! `tests/support/smtp_sink.py`): one digest per staff member and day, a reminder only to
//! participants who asked, never a message twice, and nothing in a mail beyond a first name and
//! a link.

use stegvis_app::mail::{self, MailSettings, Mailer, Security};
use stegvis_app::persons::ReferralInput;
use stegvis_app::{Actor, App, Clock, PasswordCost, Passwords, Policy};
use stegvis_domain::access::{Principal, Role};
use stegvis_domain::consent::ConsentInput;
use stegvis_domain::episode::{ExitInput, SnapshotInput};
use stegvis_domain::person::PersonInput;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_domain::questionnaire::ScheduleRowInput;
use stegvis_domain::timestamp::{Timestamp, format_date};
use stegvis_testkit::{TEST_KEY_HEX, TestApp, on_both_engines};
use time::{Date, Duration};

fn system() -> Actor {
    Actor::system("test")
}

/// An aiosmtpd server writing each message it accepts to a directory; it stops when dropped.
struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpSink {
    /// The server, or `None` (with the reason printed) where aiosmtpd is not installed. In CI
    /// (`STEGVIS_REQUIRE_SMTP=1`, or `STEGVIS_REQUIRE_POSTGRES=1` which CI sets) that is a
    /// failure: `.ci/run` installs it.
    fn start() -> Option<SmtpSink> {
        let available = std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .output()
            .is_ok_and(|out| out.status.success());
        if !available {
            let required = ["STEGVIS_REQUIRE_SMTP", "STEGVIS_REQUIRE_POSTGRES"]
                .iter()
                .any(|name| std::env::var(name).is_ok_and(|v| v == "1"));
            assert!(
                !required,
                "the e-mail tests need aiosmtpd (pip install aiosmtpd==1.4.6, as .ci/run does)"
            );
            println!(
                "SKIPPED: the e-mail test needs python3 with aiosmtpd (pip install aiosmtpd==1.4.6)"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        let port = line.trim().parse().unwrap();
        Some(SmtpSink { port, dir, child })
    }

    fn mailer(&self) -> Mailer {
        Mailer::new(&MailSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            security: Security::None,
            credentials: None,
            from: "Stegvis <stegvis@example.invalid>".into(),
            public_url: "https://stegvis.example.invalid".into(),
        })
        .unwrap()
    }

    /// The messages received so far, each as its envelope recipient and its text.
    fn messages(&self) -> Vec<(String, String)> {
        let mut paths: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).unwrap();
                let to = text
                    .lines()
                    .next()
                    .unwrap()
                    .trim_start_matches("X-Envelope-To: ")
                    .to_string();
                (to, text)
            })
            .collect()
    }
}

/// A register-and-consent participant with an address, past intake `intake`.
async fn participant(
    app: &TestApp,
    programme: i64,
    n: usize,
    given_name: &str,
    intake: Date,
) -> (i64, i64) {
    let registered = stegvis_app::persons::register(
        &app.app,
        &system(),
        &ReferralInput {
            person: PersonInput {
                personnummer: stegvis_testkit::test_personnummer(n),
                given_name: given_name.into(),
                family_name: "Efternamnsson".into(),
                email: format!("{}@example.invalid", given_name.to_lowercase()),
                ..PersonInput::default()
            },
            programme_id: programme.to_string(),
            referred_on: format_date(intake - Duration::days(7)),
            referring_organisation_id: String::new(),
        },
    )
    .await
    .unwrap();
    for scope in ["participation", "questionnaires", "follow-up"] {
        stegvis_app::persons::record_consent(
            &app.app,
            &system(),
            registered.episode_id,
            &ConsentInput {
                scope: scope.into(),
                partner_organisation_id: String::new(),
                given_on: format_date(intake),
                form: "paper".into(),
                informed: true,
            },
        )
        .await
        .unwrap();
    }
    stegvis_app::persons::record_baseline(
        &app.app,
        &system(),
        registered.episode_id,
        &SnapshotInput {
            education: "gymnasial".into(),
            occupation: "sjukskriven".into(),
            occupation_percent: "100".into(),
            time_outside: "1-2-ar".into(),
            time_on_support: "1-2-ar".into(),
        },
    )
    .await
    .unwrap();
    (registered.person_id, registered.episode_id)
}

/// A portal account for the person, as the participant acts through it.
async fn portal_actor(app: &TestApp, username: &str, person: i64) -> Actor {
    let user = app.user(username, "participant", None).await;
    app.sql(&format!(
        "UPDATE users SET person_id = {person} WHERE id = {user}"
    ))
    .await;
    let principal = Principal {
        user_id: user,
        role: Role::Participant,
        organisation_id: None,
    };
    Actor::user(principal, "test")
}

/// A second app on the same database, as after a restart of the server.
async fn restarted(app: &TestApp) -> App {
    let key = stegvis_app::keys::InstanceKey::from_hex(TEST_KEY_HEX).unwrap();
    let restarted = App {
        db: stegvis_storage::Db::connect(&app.database_url)
            .await
            .unwrap(),
        audit_key: key.audit_key(),
        pseudonym_key: key.pseudonym_key(),
        identity_key: key.identity_key(),
        second_factor_key: key.second_factor_key(),
        passwords: Passwords::new(PasswordCost::FAST_FOR_TESTS).unwrap(),
        policy: Policy::default(),
        clock: Clock::system(),
        metrics: Default::default(),
    };
    restarted.clock.set(app.app.now());
    restarted
}

on_both_engines!(
    a_due_follow_up_is_mailed_once_with_a_first_name_and_a_link_and_only_opted_in_participants_get_reminders,
    |app| {
        let Some(smtp) = SmtpSink::start() else {
            return;
        };
        // A Monday at 09:00 Swedish time, after the day's reminders are queued.
        let day = Date::from_calendar_date(2026, time::Month::March, 2).unwrap();
        app.set_clock(Timestamp::from_datetime(
            stegvis_domain::swedish::start_of_day(day) + Duration::hours(9),
        ));
        let operator = app.organisation("VVK", "kommun").await;
        let programme = stegvis_app::programmes::create(
            &app.app,
            &system(),
            &ProgrammeInput {
                name: "Sociala företag".into(),
                operator_id: operator.to_string(),
                starts_on: "2011-09-09".into(),
                ends_on: "2030-09-30".into(),
                focus: "both".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
        let coordinator = app.user("sam", "coordinator", Some(operator)).await;
        mail::set_user_email(&app.app, &system(), coordinator, "sam@example.invalid")
            .await
            .unwrap();

        // Anna left 100 days ago: her three-month follow-up is due.
        let intake = day - Duration::days(300);
        let (anna, anna_episode) = participant(app, programme, 1, "Anna", intake).await;
        stegvis_app::persons::exit(
            &app.app,
            &system(),
            anna_episode,
            &ExitInput {
                exit_on: format_date(day - Duration::days(100)),
                reason: "completed".into(),
                snapshot: SnapshotInput {
                    education: "gymnasial".into(),
                    occupation: "arbete-med-stod".into(),
                    occupation_percent: "50".into(),
                    ..SnapshotInput::default()
                },
            },
        )
        .await
        .unwrap();
        // Berit and Cecilia are in the programme with WHO-5 due; only Berit asked to be reminded.
        let (berit, _) = participant(app, programme, 2, "Berit", day - Duration::days(200)).await;
        let (cecilia, _) =
            participant(app, programme, 3, "Cecilia", day - Duration::days(200)).await;
        stegvis_app::questionnaires::set_schedule(
            &app.app,
            &system(),
            programme,
            &[ScheduleRowInput {
                instrument: "who5".into(),
                ongoing: true,
                every_months: "3".into(),
                ..Default::default()
            }],
        )
        .await
        .unwrap();
        let berit_portal = portal_actor(app, "berit", berit).await;
        mail::set_own_reminders(&app.app, &berit_portal, true)
            .await
            .unwrap();
        portal_actor(app, "cecilia", cecilia).await;

        let mailer = smtp.mailer();
        let first = mail::run(&app.app, &mailer).await.unwrap();
        assert_eq!((first.queued, first.sent, first.failed), (2, 2, 0), "{first:?}");
        let again = mail::run(&app.app, &mailer).await.unwrap();
        assert_eq!(again, mail::RunReport::default(), "a second run sends nothing");
        // After a restart, and even with the day's record gone, the outbox's key holds.
        let after_restart = restarted(app).await;
        app.sql("DELETE FROM scheduled_runs WHERE job = 'mail'").await;
        let third = mail::run(&after_restart, &mailer).await.unwrap();
        assert_eq!((third.queued, third.sent), (0, 0), "{third:?}");
        after_restart.db.close().await;

        let messages = smtp.messages();
        let recipients: Vec<&str> = messages.iter().map(|(to, _)| to.as_str()).collect();
        assert_eq!(
            recipients,
            vec!["sam@example.invalid", "berit@example.invalid"],
            "one digest for the coordinator and one reminder for Berit, none for Cecilia"
        );
        let digest = &messages[0].1;
        assert!(
            digest.contains(&format!(
                "Uppföljning för Anna – https://stegvis.example.invalid/personer/{anna}"
            )),
            "{digest}"
        );
        assert!(digest.contains("Subject: Stegvis: att göra 2026-03-02"), "{digest}");
        let reminder = &messages[1].1;
        assert!(reminder.contains("Hej Berit!"), "{reminder}");
        assert!(
            reminder.contains("https://stegvis.example.invalid/min-sida/enkater"),
            "{reminder}"
        );
        for (_, text) in &messages {
            assert!(!text.contains("Efternamnsson"), "no surname: {text}");
            for n in 1..=3 {
                let number = stegvis_testkit::test_personnummer(n);
                assert!(!text.contains(&number), "no personnummer: {text}");
                assert!(
                    !text.contains(&number.replace('-', "")[2..]),
                    "no personnummer: {text}"
                );
            }
            assert!(!text.contains("WHO-5"), "no questionnaire names: {text}");
        }
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' \
                 AND to_address IS NULL AND body IS NULL"
            )
            .await,
            2,
            "a sent message keeps no address or text"
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'mail.sent'")
                .await,
            1
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'person.reminders-on'")
                .await,
            1
        );
    }
);

on_both_engines!(
    a_message_the_smtp_server_cannot_take_waits_and_is_tried_again_later,
    |app| {
        let Some(smtp) = SmtpSink::start() else {
            return;
        };
        let day = Date::from_calendar_date(2026, time::Month::March, 2).unwrap();
        app.set_clock(Timestamp::from_datetime(
            stegvis_domain::swedish::start_of_day(day) + Duration::hours(9),
        ));
        let operator = app.organisation("VVK", "kommun").await;
        let programme = stegvis_app::programmes::create(
            &app.app,
            &system(),
            &ProgrammeInput {
                name: "Sociala företag".into(),
                operator_id: operator.to_string(),
                starts_on: "2011-09-09".into(),
                ends_on: "2030-09-30".into(),
                focus: "both".into(),
                description: String::new(),
            },
        )
        .await
        .unwrap();
        let coordinator = app.user("sam", "coordinator", Some(operator)).await;
        mail::set_user_email(&app.app, &system(), coordinator, "sam@example.invalid")
            .await
            .unwrap();
        let (_, episode) = participant(app, programme, 1, "Anna", day - Duration::days(300)).await;
        stegvis_app::persons::exit(
            &app.app,
            &system(),
            episode,
            &ExitInput {
                exit_on: format_date(day - Duration::days(100)),
                reason: "completed".into(),
                snapshot: SnapshotInput {
                    education: "gymnasial".into(),
                    occupation: "arbete-med-stod".into(),
                    occupation_percent: "50".into(),
                    ..SnapshotInput::default()
                },
            },
        )
        .await
        .unwrap();

        // Nothing listens on the port: the attempt fails and waits.
        let port = smtp.port;
        drop(smtp);
        let unreachable = Mailer::new(&MailSettings {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            credentials: None,
            from: "stegvis@example.invalid".into(),
            public_url: "https://stegvis.example.invalid".into(),
        })
        .unwrap();
        let failed = mail::run(&app.app, &unreachable).await.unwrap();
        assert_eq!((failed.queued, failed.sent, failed.retrying), (1, 0, 1));
        let soon = mail::run(&app.app, &unreachable).await.unwrap();
        assert_eq!(
            soon,
            mail::RunReport::default(),
            "not tried before its wait is over"
        );

        let smtp = SmtpSink::start().unwrap();
        app.advance_clock(Duration::minutes(6));
        let retried = mail::run(&app.app, &smtp.mailer()).await.unwrap();
        assert_eq!(retried.sent, 1);
        assert_eq!(smtp.messages().len(), 1);
        assert_eq!(
            app.scalar("SELECT attempts FROM mail_outbox").await,
            2,
            "the outbox counts the attempts"
        );
    }
);
