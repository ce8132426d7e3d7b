//! Benchmarks at national scale, run against a real database:
//!
//! ```sh
//! cargo run --release -p stegvis-bench                      # SQLite in a temporary directory
//! cargo run --release -p stegvis-bench -- postgres://postgres@127.0.0.1:5432/bench
//! ```
//!
//! Sizes come from `STEGVIS_BENCH_USERS` (default 250 000, one account per person of a
//! national instance as an upper bound) and `STEGVIS_BENCH_AUDIT` (default 500 000 events).
//! `STEGVIS_BENCH_ONLY=persons` stops after the people benchmarks (the list, search and the
//! person page), which skips the slow seeding of answers and effects; `STEGVIS_BENCH_ONLY=imports`
//! runs only the spreadsheet import of `STEGVIS_BENCH_IMPORT_ROWS` people (default 100 000).
//! The printed Markdown table is what `docs/benchmarks.md` records. Numbers are timings of one
//! run on one machine: compare runs on the same machine, never against a fixed threshold.

use std::time::{Duration, Instant};
use stegvis_app::keys::InstanceKey;
use stegvis_app::{Actor, App, Clock, PasswordCost, Passwords, Policy};
use stegvis_domain::access::Role;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::user::{UserFilter, Username};
use stegvis_storage::users::NewUser;
use stegvis_storage::{Db, audit, users};

mod effects;
mod imports;
mod persons;
mod questionnaires;

pub(crate) type Failure = Box<dyn std::error::Error>;

pub(crate) fn env_size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process so far, from /proc (Linux), in MiB.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub(crate) fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

pub(crate) fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

pub(crate) struct Row {
    pub what: String,
    pub result: String,
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let dir = tempfile::tempdir()?;
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.path().display()));
    let user_count = env_size("STEGVIS_BENCH_USERS", 250_000);
    let audit_count = env_size("STEGVIS_BENCH_AUDIT", 500_000);
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let key = InstanceKey::from_bytes([9; 32]);
    let app = App {
        db: db.clone(),
        audit_key: key.audit_key(),
        pseudonym_key: key.pseudonym_key(),
        identity_key: key.identity_key(),
        second_factor_key: key.second_factor_key(),
        passwords: Passwords::new(PasswordCost::default())?,
        policy: Policy::default(),
        clock: Clock::system(),
        metrics: Default::default(),
    };
    let mut rows = Vec::new();
    let engine = if url.starts_with("sqlite") {
        "SQLite"
    } else {
        "PostgreSQL"
    };

    if std::env::var("STEGVIS_BENCH_ONLY").as_deref() == Ok("imports") {
        imports::run(&app, &mut rows).await?;
        print(engine, rows);
        return Ok(());
    }

    // Users, inserted in transactions of 5 000.
    let started = Instant::now();
    let now = app.now();
    let mut inserted = 0;
    while inserted < user_count {
        let mut tx = db.begin().await?;
        for n in inserted..(inserted + 5_000).min(user_count) {
            let username = Username::parse(&format!("bench.user{n:07}")).map_err(|e| e.key)?;
            users::insert(
                &mut tx,
                &NewUser {
                    username: &username,
                    display_name: "Bench",
                    role: if n % 10 == 0 {
                        Role::CaseOfficer
                    } else {
                        Role::Participant
                    },
                    organisation_id: None,
                    password_hash: None,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        inserted = (inserted + 5_000).min(user_count);
    }
    let elapsed = started.elapsed();
    rows.push(Row {
        what: format!("Insert {user_count} users (5 000 per transaction)"),
        result: format!(
            "{:.1} s ({:.0} per second)",
            elapsed.as_secs_f64(),
            user_count as f64 / elapsed.as_secs_f64()
        ),
    });

    // Audit events, appended to the hash chain in transactions of 1 000.
    let started = Instant::now();
    let mut appended = 0;
    while appended < audit_count {
        let mut tx = db.begin().await?;
        for n in appended..(appended + 1_000).min(audit_count) {
            let id = (n % user_count.max(1)) as i64 + 1;
            audit::append(
                &mut tx,
                &app.audit_key,
                &audit::NewEvent {
                    actor_user_id: Some(1),
                    action: "user.read",
                    route: "GET /anvandare/{id}",
                    records: &[RecordRef::new("user", id)],
                },
                app.now(),
            )
            .await?;
        }
        tx.commit().await?;
        appended = (appended + 1_000).min(audit_count);
    }
    let elapsed = started.elapsed();
    rows.push(Row {
        what: format!("Append {audit_count} audit events (1 000 per transaction)"),
        result: format!(
            "{:.1} s ({:.0} per second)",
            elapsed.as_secs_f64(),
            audit_count as f64 / elapsed.as_secs_f64()
        ),
    });

    // Verifying the whole chain streams it in pages; memory must not grow with its length.
    let before = peak_memory_mib();
    let started = Instant::now();
    let verification = stegvis_app::audit::verify(&app, &Actor::system("bench")).await?;
    let elapsed = started.elapsed();
    rows.push(Row {
        what: format!("`stegvis audit verify` over {audit_count} events"),
        result: format!(
            "{:.1} s; {:?}; peak memory {:.0} MiB (before: {:.0} MiB)",
            elapsed.as_secs_f64(),
            verification,
            peak_memory_mib().unwrap_or_default(),
            before.unwrap_or_default()
        ),
    });

    // The user list: a filtered page of 50 and its total count.
    let actor = Actor::system("bench");
    let mut samples = Vec::new();
    for n in 0..30 {
        let filter = UserFilter {
            role: Some(Role::CaseOfficer),
            organisation_id: None,
            username_prefix: Some(format!("bench.user0{}", n % 10)),
        };
        let started = Instant::now();
        stegvis_app::users::list(&app, &actor, &filter, 50, 0).await?;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: format!(
            "User list page (role + name prefix, with total) among {user_count} users, median of 30"
        ),
        result: ms(median(samples)),
    });

    // Log review: every event touching one record, among all events.
    let mut samples = Vec::new();
    for n in 0..30 {
        let filter = stegvis_domain::audit::EventFilter {
            record: Some(("user".into(), (n * 997 % user_count.max(1)) as i64 + 1)),
            ..stegvis_domain::audit::EventFilter::default()
        };
        let started = Instant::now();
        stegvis_app::audit::search(&app, &actor, &filter, None, 100).await?;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: format!("Log review by record among {audit_count} events, median of 30"),
        result: ms(median(samples)),
    });

    // A password check at the production cost (argon2id, 19 MiB, 2 passes).
    let hash = app
        .passwords
        .hash("ett långt lösenord för mätning".into())
        .await?;
    let mut samples = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        app.passwords
            .verify("ett långt lösenord för mätning".into(), Some(hash.clone()))
            .await;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: "Password check at production cost, median of 10".into(),
        result: ms(median(samples)),
    });

    let seeded = persons::run(&app, &mut rows).await?;
    if std::env::var("STEGVIS_BENCH_ONLY").as_deref() != Ok("persons") {
        questionnaires::run(&app, &mut rows, &seeded).await?;
        effects::run(&app, &url, &mut rows, &seeded).await?;
    }

    print(engine, rows);
    db.close().await;
    Ok(())
}

/// The Markdown table that `docs/benchmarks.md` records, and the run's peak memory.
fn print(engine: &str, rows: Vec<Row>) {
    println!("| {engine} | result |\n|---|---|");
    for row in rows {
        println!("| {} | {} |", row.what, row.result);
    }
    println!(
        "\nPeak memory of the whole run: {:.0} MiB",
        peak_memory_mib().unwrap_or_default()
    );
}
