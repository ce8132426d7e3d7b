//! Questionnaires at national scale: every one of the bench's people consents to
//! questionnaires and has a WHO-5 at intake, the tenth who exited one at exit too; then the
//! change report and the coordinator's due list over them.

use crate::{Failure, Row, median, ms};
use std::time::Instant;
use stegvis_app::questionnaires::ChangeQuery;
use stegvis_app::{Actor, App};
use stegvis_domain::access::{Principal, Role};
use stegvis_storage::with_conn;

/// What the people bench created, for the questionnaire bench to build on.
pub struct Seeded {
    pub operator: i64,
    pub programme: i64,
    pub count: usize,
}

pub async fn run(app: &App, rows: &mut Vec<Row>, seeded: &Seeded) -> Result<(), Failure> {
    let system = Actor::system("bench");
    stegvis_app::instruments::import_shipped(app).await?;
    stegvis_app::questionnaires::set_schedule(
        app,
        &system,
        seeded.programme,
        &[stegvis_domain::questionnaire::ScheduleRowInput {
            instrument: "who5".into(),
            baseline: true,
            ongoing: true,
            every_months: "3".into(),
            exit: true,
            follow_up: true,
        }],
    )
    .await?;
    let (version, first_episode) = {
        let mut tx = app.db.begin().await?;
        let version = with_conn!(&mut tx, conn => sqlx::query_scalar::<_, i64>(
            "SELECT id FROM instrument_versions WHERE key = 'who5'").fetch_one(conn).await)?;
        let episode = with_conn!(&mut tx, conn => sqlx::query_scalar::<_, i64>(
            "SELECT MIN(id) FROM episodes").fetch_one(conn).await)?;
        tx.commit().await?;
        (version, episode)
    };
    let now = app.now().canonical();
    let started = Instant::now();
    let consents: Vec<String> = (0..seeded.count)
        .map(|n| {
            format!(
                "({}, 'questionnaires', NULL, '2024-03-01', 'paper', 'v1', NULL, '{now}', NULL, NULL)",
                first_episode + n as i64
            )
        })
        .collect();
    crate::persons::insert_values(
        &app.db,
        "INSERT INTO consents (episode_id, scope, partner_organisation_id, given_on, form, information_version, \
         recorded_by, recorded_at, withdrawn_on, withdrawn_by)",
        &consents,
    )
    .await?;
    let mut responses = Vec::with_capacity(seeded.count + seeded.count / 10);
    for n in 0..seeded.count {
        let episode = first_episode + n as i64;
        let before = 8 + (n % 11) as i64;
        responses.push(response(
            episode,
            version,
            "baseline",
            "2024-03-03",
            before,
            &now,
        ));
        if n % 10 == 0 {
            let after = (before + (n % 7) as i64 - 1).min(25);
            responses.push(response(
                episode,
                version,
                "exit",
                "2025-06-30",
                after,
                &now,
            ));
        }
    }
    crate::persons::insert_values(
        &app.db,
        "INSERT INTO questionnaire_responses (episode_id, instrument_version_id, instrument_key, occasion_kind, \
         occasion_months, status, mode, language, answers, score, raw_score, answered_on, recorded_by, created_at, updated_at)",
        &responses,
    )
    .await?;
    rows.push(Row {
        what: format!(
            "Insert {} questionnaire consents and {} WHO-5 answers",
            seeded.count,
            responses.len()
        ),
        result: format!("{:.1} s", started.elapsed().as_secs_f64()),
    });
    app.db.analyze().await?;

    for (label, role, organisation) in [
        ("coordinator", Role::Coordinator, Some(seeded.operator)),
        ("steering group", Role::Steering, None),
    ] {
        let actor = Actor::user(
            Principal {
                user_id: 1,
                role,
                organisation_id: organisation,
            },
            "bench",
        );
        let mut samples = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            stegvis_app::questionnaires::change_report(
                app,
                &actor,
                seeded.programme,
                "who5",
                ChangeQuery {
                    grouping: Some(stegvis_domain::change::Grouping::AgeBand),
                    ..ChangeQuery::default()
                },
            )
            .await?;
            samples.push(started.elapsed());
        }
        rows.push(Row {
            what: format!(
                "WHO-5 change report by age band for the {label} ({} answers, {} pairs), median of 10",
                responses.len(),
                seeded.count / 10
            ),
            result: ms(median(samples)),
        });
    }
    let coordinator = Actor::user(
        Principal {
            user_id: 1,
            role: Role::Coordinator,
            organisation_id: Some(seeded.operator),
        },
        "bench",
    );
    let mut samples = Vec::new();
    let mut due = 0;
    for _ in 0..5 {
        let started = Instant::now();
        due = stegvis_app::questionnaires::due_for_staff(app, &coordinator)
            .await?
            .total;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: format!(
            "Questionnaires due for the coordinator ({} people, {due} due; audited), median of 5",
            seeded.count
        ),
        result: ms(median(samples)),
    });
    Ok(())
}

/// One stored WHO-5 answer with raw score `raw` spread evenly over the five items.
fn response(episode: i64, version: i64, occasion: &str, on: &str, raw: i64, now: &str) -> String {
    let items = ["cheerful", "calm", "active", "rested", "interest"];
    let answers: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, key)| format!("\"{key}\":{}", raw / 5 + i64::from((i as i64) < raw % 5)))
        .collect();
    format!(
        "({episode}, {version}, 'who5', '{occasion}', 0, 'complete', 'paper', 'sv', '{{{}}}', {}, {raw}, '{on}', NULL, '{now}', '{now}')",
        answers.join(","),
        raw * 4
    )
}
