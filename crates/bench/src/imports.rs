//! Importing a spreadsheet of 100 000 people (issue 14): reading the CSV, the dry run, the
//! import in one transaction, and the same file again (every row unchanged). The target is
//! under a minute for the import on SQLite.

use crate::{Failure, Row, env_size};
use std::time::Instant;
use stegvis_app::Actor;
use stegvis_app::App;
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
        let report =
            stegvis_app::imports::persons(app, &system, programme, &table, &mapping, dry_run)
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
            what: format!("Import {count} people: {what}"),
            result: format!(
                "{:.1} s ({:.0} rows per second)",
                elapsed.as_secs_f64(),
                count as f64 / elapsed.as_secs_f64()
            ),
        });
    }
    Ok(())
}
