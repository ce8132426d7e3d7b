//! People at national scale: 250 000 persons with an episode each and a monthly income
//! timeline of 28 months each (7 million rows), then the pages coordinators use all day.

use crate::{Failure, Row, env_size, median, ms};
use std::time::Instant;
use stegvis_app::{Actor, App};
use stegvis_domain::access::{Principal, Role};
use stegvis_domain::episode::EpisodeStatus;
use stegvis_domain::luhn::luhn_check_digit;
use stegvis_domain::organisation::OrganisationInput;
use stegvis_domain::person::PersonFilter;
use stegvis_domain::programme::ProgrammeInput;
use stegvis_storage::{Db, with_conn};

/// A valid 12-digit test-style number for person `n`: a birth date spread over 1960–2003 and a
/// serial in 980–999 first, then the rest, so every `n` below 16 million is unique.
pub(crate) fn number(n: usize) -> String {
    let date = time::Date::from_calendar_date(1960, time::Month::January, 1)
        .unwrap_or(time::Date::MIN)
        + time::Duration::days((n % 16_000) as i64);
    let serial = (980 + n / 16_000) % 1000;
    let ten = format!(
        "{:02}{:02}{:02}{serial:03}",
        date.year() % 100,
        u8::from(date.month()),
        date.day()
    );
    let digits: Vec<u8> = ten.bytes().map(|b| b - b'0').collect();
    format!("{}{}{}", date.year() / 100, ten, luhn_check_digit(&digits))
}

/// Runs one multi-row INSERT per chunk, so seeding millions of rows is bound by the database,
/// not by round trips.
pub(crate) async fn insert_values(db: &Db, head: &str, values: &[String]) -> Result<(), Failure> {
    for chunk in values.chunks(1_000) {
        let sql = format!("{head} VALUES {}", chunk.join(", "));
        let mut tx = db.begin().await?;
        stegvis_storage::exec!(&mut tx, conn => sqlx::query(&sql).execute(conn).await)?;
        tx.commit().await?;
    }
    Ok(())
}

pub async fn run(app: &App, rows: &mut Vec<Row>) -> Result<crate::questionnaires::Seeded, Failure> {
    let count = env_size("STEGVIS_BENCH_PERSONS", 250_000);
    let months = env_size("STEGVIS_BENCH_MONTHS", 28);
    let system = Actor::system("bench");
    let operator = stegvis_app::organisations::create(
        app,
        &system,
        &OrganisationInput {
            name: "Bänkförbundet".into(),
            short_name: "BENCH".into(),
            kind: "samordningsforbund".into(),
            org_number: String::new(),
        },
    )
    .await?;
    let programme = stegvis_app::programmes::create(
        app,
        &system,
        &ProgrammeInput {
            name: "Bänkprogrammet".into(),
            operator_id: operator.to_string(),
            starts_on: "2024-01-01".into(),
            ends_on: "2027-12-31".into(),
            focus: "both".into(),
            description: String::new(),
        },
    )
    .await?;
    let now = app.now().canonical();

    let started = Instant::now();
    let persons: Vec<String> = (0..count)
        .map(|n| {
            format!(
                "({operator}, '{}', {}, NULL, '{}', 'Person{n}', 'Bänk', 'person{n} bank', NULL, FALSE, FALSE, NULL, NULL, NULL, NULL, '{now}', '{now}', NULL)",
                number(n),
                1960 + (n % 16_000) / 365,
                if n % 2 == 0 { "female" } else { "male" }
            )
        })
        .collect();
    insert_values(
        &app.db,
        "INSERT INTO persons (operator_id, personnummer, birth_year, birth_date, sex, given_name, family_name, \
         name_key, preferred_language, interpreter_needed, protected_identity, address, phone, email, created_by, \
         created_at, updated_at, anonymised_at)",
        &persons,
    )
    .await?;
    let first: i64 = {
        let mut tx = app.db.begin().await?;
        let id = with_conn!(&mut tx, conn => sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM persons").fetch_one(conn).await)?;
        tx.commit().await?;
        id
    };
    let episodes: Vec<String> = (0..count)
        .map(|n| {
            let person = first + n as i64;
            let status = if n % 10 == 0 {
                EpisodeStatus::Exited
            } else {
                EpisodeStatus::Active
            };
            format!(
                "({person}, {programme}, '{}', '2024-02-01', NULL, NULL, NULL, '2024-03-01', {}, {}, '{now}', '{now}')",
                status.code(),
                if n % 10 == 0 { "'2025-06-30'" } else { "NULL" },
                if n % 10 == 0 { "'completed'" } else { "NULL" },
            )
        })
        .collect();
    insert_values(
        &app.db,
        "INSERT INTO episodes (person_id, programme_id, status, referred_on, referring_organisation_id, \
         referring_user_id, assigned_organisation_id, intake_on, exit_on, exit_reason, created_at, updated_at)",
        &episodes,
    )
    .await?;
    let elapsed = started.elapsed();
    rows.push(Row {
        what: format!("Insert {count} persons with one episode each (1 000 rows per statement)"),
        result: format!("{:.1} s", elapsed.as_secs_f64()),
    });

    let started = Instant::now();
    let sources = [
        "sjukpenning",
        "forsorjningsstod",
        "aktivitetsstod",
        "lon-med-stod",
    ];
    let mut values = Vec::with_capacity(100_000);
    let mut total = 0usize;
    for n in 0..count {
        let person = first + n as i64;
        for m in 0..months {
            let month = format!("{}-{:02}", 2024 + m / 12, m % 12 + 1);
            values.push(format!(
                "({person}, '{month}', '{}', 100, NULL)",
                sources[(n + m / 12) % 4]
            ));
        }
        if values.len() >= 100_000 {
            insert_values(
                &app.db,
                "INSERT INTO income_months (person_id, month, source, share_percent, amount_ore)",
                &values,
            )
            .await?;
            total += values.len();
            values.clear();
        }
    }
    insert_values(
        &app.db,
        "INSERT INTO income_months (person_id, month, source, share_percent, amount_ore)",
        &values,
    )
    .await?;
    total += values.len();
    let elapsed = started.elapsed();
    rows.push(Row {
        what: format!("Insert {total} income-timeline months"),
        result: format!(
            "{:.1} s ({:.0} per second)",
            elapsed.as_secs_f64(),
            total as f64 / elapsed.as_secs_f64()
        ),
    });

    // A server that has run for a while has statistics; a bulk load has none until the
    // planner is told, and both engines then pick index plans for the lists.
    app.db.analyze().await?;

    let coordinator = Actor::user(
        Principal {
            user_id: 1,
            role: Role::Coordinator,
            organisation_id: Some(operator),
        },
        "bench",
    );
    let mut measure = async |what: String, filter: PersonFilter| -> Result<(), Failure> {
        let mut samples = Vec::new();
        for page in 0..30 {
            let started = Instant::now();
            stegvis_app::persons::list(app, &coordinator, &filter, 1 + page * 37).await?;
            samples.push(started.elapsed());
        }
        rows.push(Row {
            what: format!("{what} among {count} persons, median of 30"),
            result: ms(median(samples)),
        });
        Ok(())
    };
    measure(
        "People list page of 50 with total (audited)".into(),
        PersonFilter::default(),
    )
    .await?;
    measure(
        "People list filtered by status and programme".into(),
        PersonFilter {
            status: Some(EpisodeStatus::Exited),
            programme_id: Some(programme),
            ..PersonFilter::default()
        },
    )
    .await?;
    measure(
        "People search by name fragment".into(),
        PersonFilter {
            text: Some("person12345".into()),
            ..PersonFilter::default()
        },
    )
    .await?;
    measure(
        "People search by personnummer".into(),
        PersonFilter {
            text: Some(number(123_456 % count.max(1))),
            ..PersonFilter::default()
        },
    )
    .await?;

    let mut samples = Vec::new();
    for n in 0..30 {
        let id = first + (n * 7_919 % count.max(1)) as i64;
        let started = Instant::now();
        stegvis_app::persons::get(app, &coordinator, id).await?;
        samples.push(started.elapsed());
    }
    rows.push(Row {
        what: format!(
            "Person page (everything on it, with {months} income months; audited), median of 30"
        ),
        result: ms(median(samples)),
    });
    Ok(crate::questionnaires::Seeded {
        operator,
        programme,
        count,
    })
}
