//! The effects of a programme at national scale (issue 11): the whole report through the use
//! case, and effect 1's aggregation written as one hand SQL query run by the engine's own
//! command-line client (`sqlite3`, `psql`) in the same run, to show what the report costs on
//! top of the database's own work.

use crate::{Failure, Row, median, ms};
use std::process::Command;
use std::time::Instant;
use stegvis_app::effects::{self, EffectsQuery};
use stegvis_app::{Actor, App};
use stegvis_domain::programme::ProgrammeInput;
use stegvis_storage::exec;

/// People moved into a municipal-sized programme of their own: the target (median
/// ≤ 50 ms) is for a programme of 500 people in a database that holds the whole country.
const MUNICIPAL_PROGRAMME: i64 = 500;

/// Effect 1 for W = 12 by hand: per counted episode the months on public support in the 12
/// months before the intake month and after the exit month, then their means over the episodes
/// whose after-window has ended. The same rule as `stegvis_storage::effects::support_windows`,
/// without its per-actor sums.
const HAND_SQL: &str = "SELECT COUNT(*), AVG(b), AVG(a) FROM (\
 SELECT e.id, \
 COUNT(DISTINCT CASE WHEN i.ix < e.i0 AND i.source IN ('sjukpenning','aktivitetsersattning','sjukersattning','a-kassa','aktivitetsstod','etableringsersattning','forsorjningsstod') THEN i.month END) AS b, \
 COUNT(DISTINCT CASE WHEN i.ix > e.x0 AND i.source IN ('sjukpenning','aktivitetsersattning','sjukersattning','a-kassa','aktivitetsstod','etableringsersattning','forsorjningsstod') THEN i.month END) AS a \
 FROM (SELECT id, person_id, CAST(substr(intake_on,1,4) AS INTEGER)*12 + CAST(substr(intake_on,6,2) AS INTEGER) AS i0, \
              CAST(substr(exit_on,1,4) AS INTEGER)*12 + CAST(substr(exit_on,6,2) AS INTEGER) AS x0 \
       FROM episodes WHERE intake_on IS NOT NULL AND exit_on IS NOT NULL \
       AND (exit_reason IS NULL OR exit_reason <> 'registered-in-error')) e \
 LEFT JOIN (SELECT person_id, month, source, CAST(substr(month,1,4) AS INTEGER)*12 + CAST(substr(month,6,2) AS INTEGER) AS ix \
            FROM income_months WHERE share_percent > 0) i \
   ON i.person_id = e.person_id AND ((i.ix BETWEEN e.i0 - 12 AND e.i0 - 1) OR (i.ix BETWEEN e.x0 + 1 AND e.x0 + 12)) \
 WHERE e.x0 + 12 < 2026 * 12 + 12 \
 GROUP BY e.id) t";

/// The hand query in the engine's client, timed from outside as a user would see it.
fn hand_query(url: &str) -> Result<std::time::Duration, Failure> {
    let started = Instant::now();
    let output = if let Some(path) = url.strip_prefix("sqlite://") {
        Command::new("sqlite3").arg(path).arg(HAND_SQL).output()?
    } else {
        Command::new("psql")
            .arg(url)
            .arg("-c")
            .arg(HAND_SQL)
            .output()?
    };
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
    }
    Ok(elapsed)
}

pub async fn run(
    app: &App,
    url: &str,
    rows: &mut Vec<Row>,
    seeded: &crate::questionnaires::Seeded,
) -> Result<(), Failure> {
    let system = Actor::system("bench");
    let query = EffectsQuery {
        window: 12,
        as_of: time::Date::from_calendar_date(2026, time::Month::December, 1)?,
    };
    let started = Instant::now();
    let report = effects::operator_effects(app, &system, seeded.operator, query).await?;
    rows.push(Row {
        what: format!(
            "Effects across all programmes ({} followed up of {} episodes), first call",
            report.public_support.n,
            report.public_support.n + report.public_support.not_yet_followed_up
        ),
        result: ms(started.elapsed()),
    });
    let mut samples = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        effects::programme_effects(app, &system, seeded.programme, query).await?;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: "Effects page of the programme (every panel), median of 5".into(),
        result: ms(median(samples)),
    });
    let municipal = municipal_programme(app, seeded.operator).await?;
    let mut samples = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        effects::programme_effects(app, &system, municipal, query).await?;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: format!(
            "Effects page of a programme of {MUNICIPAL_PROGRAMME} people (every panel), median of 20"
        ),
        result: ms(median(samples)),
    });
    let mut samples = Vec::new();
    for _ in 0..3 {
        samples.push(hand_query(url)?);
    }
    rows.push(Row {
        what: "Effect 1 as one hand SQL query in the engine's CLI, median of 3".into(),
        result: ms(median(samples)),
    });
    Ok(())
}

/// A second programme of the same operator, holding the first `MUNICIPAL_PROGRAMME` episodes
/// (a tenth of them exited, as in the national data).
async fn municipal_programme(app: &App, operator: i64) -> Result<i64, Failure> {
    let programme = stegvis_app::programmes::create(
        app,
        &Actor::system("bench"),
        &ProgrammeInput {
            name: "Kommunprogrammet".into(),
            operator_id: operator.to_string(),
            starts_on: "2024-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await?;
    let mut tx = app.db.begin().await?;
    exec!(&mut tx, conn => sqlx::query(
        "UPDATE episodes SET programme_id = $1 WHERE id IN (SELECT id FROM episodes ORDER BY id LIMIT $2)",
    )
    .bind(programme)
    .bind(MUNICIPAL_PROGRAMME)
    .execute(conn)
    .await)?;
    tx.commit().await?;
    Ok(programme)
}
