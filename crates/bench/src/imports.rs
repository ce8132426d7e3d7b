//! Importing spreadsheets of 100 000 rows (issue 14): people, then an income month for each of
//! them. For each, reading the CSV, the dry run, the import in one transaction, and the same
//! file again (every row unchanged). The target is under a minute for an import on SQLite.

use crate::{Failure, Row, env_size};
use std::time::Instant;
use stegvis_app::Actor;
use stegvis_app::App;
use stegvis_app::imports::{ImportReport, Progress};
use stegvis_domain::import::{ImportAction, ImportKind, Mapping, Table};
use stegvis_domain::organisation::OrganisationInput;
use stegvis_domain::programme::ProgrammeInput;

pub async fn run(app: &App, rows: &mut Vec<Row>) -> Result<(), Failure> {
    let count = env_size("STEGVIS_BENCH_IMPORT_ROWS", 100_000);
    let system = Actor::system("bench");
    let operator = stegvis_app::organisations::create(
        app,
        &system,
        &OrganisationInput {
            name: "Importkommunen".into(),
            short_name: "IMPORT".into(),
            kind: "kommun".into(),
            org_number: String::new(),
        },
    )
    .await?;
    let programme = stegvis_app::programmes::create(
        app,
        &system,
        &ProgrammeInput {
            name: "Importprogrammet".into(),
            operator_id: operator.to_string(),
            starts_on: "2024-01-01".into(),
            ends_on: "2030-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await?;
    let mut csv = String::from("personnummer;förnamn;efternamn;remissdatum;språk;tolk;e-post\r\n");
    for n in 0..count {
        let number = crate::persons::number(n);
        csv.push_str(&format!(
            "{}-{};Person{n};Importsson;2025-{:02}-{:02};{};{};{}\r\n",
            &number[..8],
            &number[8..],
            n % 12 + 1,
            n % 28 + 1,
            if n % 9 == 0 { "arabiska" } else { "" },
            if n % 9 == 0 { "ja" } else { "nej" },
            if n % 3 == 0 {
                format!("person{n}@example.se")
            } else {
                String::new()
            },
        ));
    }

    let started = Instant::now();
    let table = Table::from_csv(csv.as_bytes()).map_err(|e| e.key)?;
    let mapping = Mapping::by_headers(ImportKind::Persons, &table.headers);
    rows.push(Row {
        what: format!(
            "Import: read a CSV of {count} people ({:.1} MB)",
            csv.len() as f64 / 1e6
        ),
        result: format!("{:.2} s", started.elapsed().as_secs_f64()),
    });

    timed_runs(app, &system, programme, &table, &mapping, "people", rows).await?;
    income_months(app, &system, programme, count, rows).await
}

/// An income month for each imported person, who first consents to participate (seeded in
/// one statement: the consent form is not what is measured).
async fn income_months(
    app: &App,
    system: &Actor,
    programme: i64,
    count: usize,
    rows: &mut Vec<Row>,
) -> Result<(), Failure> {
    let now = app.now().canonical();
    let mut tx = app.db.begin().await?;
    stegvis_storage::exec!(&mut tx, conn => sqlx::query(
        "INSERT INTO consents (episode_id, scope, given_on, form, information_version, recorded_at) \
         SELECT id, 'participation', '2025-01-15', 'paper', 'bench', $1 FROM episodes WHERE programme_id = $2")
        .bind(&now)
        .bind(programme)
        .execute(conn)
        .await)?;
    tx.commit().await?;
    let mut csv = String::from("personnummer;månad;inkomstslag;andel;belopp\r\n");
    for n in 0..count {
        let number = crate::persons::number(n);
        csv.push_str(&format!(
            "{}-{};2025-{:02};{};{};{}\r\n",
            &number[..8],
            &number[8..],
            n % 12 + 1,
            if n % 2 == 0 {
                "a-kassa"
            } else {
                "försörjningsstöd"
            },
            if n % 4 == 0 { 50 } else { 100 },
            if n % 3 == 0 { "12 500" } else { "" },
        ));
    }
    let started = Instant::now();
    let table = Table::from_csv(csv.as_bytes()).map_err(|e| e.key)?;
    let mapping = Mapping::by_headers(ImportKind::IncomeMonths, &table.headers);
    rows.push(Row {
        what: format!(
            "Import: read a CSV of {count} income months ({:.1} MB)",
            csv.len() as f64 / 1e6
        ),
        result: format!("{:.2} s", started.elapsed().as_secs_f64()),
    });
    timed_runs(
        app,
        system,
        programme,
        &table,
        &mapping,
        "income months",
        rows,
    )
    .await
}

/// The dry run, the import and the same file again, each timed, every row checked to be
/// created (then unchanged).
async fn timed_runs(
    app: &App,
    system: &Actor,
    programme: i64,
    table: &Table,
    mapping: &Mapping,
    what_rows: &str,
    rows: &mut Vec<Row>,
) -> Result<(), Failure> {
    let count = table.rows.len();
    for (what, dry_run, expected) in [
        ("dry run", true, ImportAction::Create),
        ("import in one transaction", false, ImportAction::Create),
        (
            "the same file again (all unchanged)",
            false,
            ImportAction::Unchanged,
        ),
    ] {
        let started = Instant::now();
        let report: ImportReport = stegvis_app::imports::run(
            app,
            system,
            programme,
            table,
            mapping,
            dry_run,
            &Progress::default(),
        )
        .await?;
        let elapsed = started.elapsed();
        if report.count(expected) != count {
            return Err(format!(
                "import {what}: {} rows not {expected:?}",
                count - report.count(expected)
            )
            .into());
        }
        rows.push(Row {
            what: format!("Import {count} {what_rows}: {what}"),
            result: format!(
                "{:.1} s ({:.0} rows per second)",
                elapsed.as_secs_f64(),
                count as f64 / elapsed.as_secs_f64()
            ),
        });
    }
    Ok(())
}
