//! The aggregates behind a programme's effects and the funder statistics.
//!
//! Every function here returns what the database has already summed: one row per episode for
//! effect 1 (the paired test needs each episode's before and after), counts per combination
//! of attributes for the rest. Income months never leave the database, and no query binds a
//! list of ids, so the same SQL serves a programme of 20 and all programmes of a country
//! (250 000 people, 7 000 000 income months) on both engines.
//!
//! Months are compared as integers, `year × 12 + month`, computed from the `YYYY-MM` and
//! `YYYY-MM-DD` texts with `substr` and `CAST`, which SQLite and PostgreSQL both read.

use crate::{Result, StorageError, Tx, with_conn};
use stegvis_domain::access::ProgrammeScope;
use stegvis_domain::change::AgeBand;
use stegvis_domain::effects::{
    EpisodeSupport, JobCounts, OccupationCount, OccupationOccasion, ParticipantCount, PayingActor,
    WindowShares, sources_paid_by,
};
use stegvis_domain::enterprise_figures::{EmploymentForm, YearFigures};
use stegvis_domain::episode::{ExitReason, Occupation};
use stegvis_domain::funder_statistics::FunderCount;
use stegvis_domain::income::{IncomeSource, YearMonth};
use stegvis_domain::person::PersonSex;
use stegvis_domain::timestamp::format_date;
use time::Date;

/// Which programmes' episodes an aggregate covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// One programme; the caller has checked that the actor may see it.
    Programme(i64),
    /// Every programme of an operator that lies within the scope.
    Operator {
        operator_id: i64,
        scope: ProgrammeScope,
    },
}

/// The SQL condition on `column` (a programme id) for a selection, with its two parameters,
/// always bound as `$1` and `$2`; further parameters start at `$3`.
pub(crate) fn selection(selection: Selection, column: &str) -> (String, i64, i64) {
    match selection {
        Selection::Programme(id) => (format!("{column} = $1 AND $2 = $2"), id, 0),
        Selection::Operator { operator_id, scope } => {
            let (condition, param) = crate::programmes::scope_condition(scope);
            (
                format!(
                    "{column} IN (SELECT p.id FROM programmes p WHERE p.operator_id = $2 AND {condition})"
                ),
                param,
                operator_id,
            )
        }
    }
}

/// Episodes that count in statistics: with intake, not registered in error.
pub(crate) fn counted(alias: &str) -> String {
    format!(
        "{alias}.intake_on IS NOT NULL AND ({alias}.exit_reason IS NULL OR {alias}.exit_reason <> '{}')",
        ExitReason::RegisteredInError.code()
    )
}

/// The month index of a `YYYY-MM` or `YYYY-MM-DD` text column.
pub(crate) fn month_index(column: &str) -> String {
    format!(
        "(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER))"
    )
}

/// `'a', 'b'` for an `IN` list of fixed codes taken from the domain (never user input).
fn codes<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    codes
        .into_iter()
        .map(|code| format!("'{code}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One episode's effect-1 aggregates; `b0`–`b4` and `a0`–`a4` are the percent-months per
/// paying actor (in `PayingActor::ALL` order) and not public, before and after.
#[derive(sqlx::FromRow)]
struct SupportRow {
    id: i64,
    intake_on: String,
    exit_on: Option<String>,
    before_months: i64,
    after_months: i64,
    before_recorded: i64,
    after_recorded: i64,
    last_month: i64,
    b0: i64,
    b1: i64,
    b2: i64,
    b3: i64,
    b4: i64,
    a0: i64,
    a1: i64,
    a2: i64,
    a3: i64,
    a4: i64,
}

/// Effect 1's episodes: the counted episodes whose after-window has ended on the report date
/// (`followed`, each with its months on public support, months recorded and percent-months per
/// paying actor in the `window` months strictly before the intake month and strictly after the
/// exit month), and how many counted episodes have not got that far.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportWindows {
    pub followed: Vec<EpisodeSupport>,
    pub not_yet_followed_up: u64,
}

/// Reads [`SupportWindows`] for a selection on `as_of`. Only followed episodes are joined to
/// their income months: at national size most episodes are still open, and reading their
/// months (which no figure uses) made the report several times slower than one hand query.
/// The SQL test of "followed" is `after_window_ended` of the domain, which the caller applies
/// again; `the_followed_episodes_are_those_whose_after_window_has_ended` checks they agree.
pub async fn support_windows(
    tx: &mut Tx,
    chosen: Selection,
    window: u32,
    as_of: Date,
) -> Result<SupportWindows> {
    let (condition, first, second) = selection(chosen, "e.programme_id");
    let as_of_index = i64::from(as_of.year()) * 12 + i64::from(u8::from(as_of.month()));
    let x0 = month_index("e.exit_on");
    let counted = counted("e");
    let not_yet = format!(
        "SELECT COUNT(*) FROM episodes e WHERE {condition} AND {counted} \
         AND (e.exit_on IS NULL OR {x0} + $3 >= $4)"
    );
    let not_yet_followed_up = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&not_yet)
        .bind(first)
        .bind(second)
        .bind(i64::from(window))
        .bind(as_of_index)
        .fetch_one(conn)
        .await)?;
    let public = codes(
        IncomeSource::ALL
            .iter()
            .filter(|s| s.is_public_support())
            .map(|s| s.code()),
    );
    let idx = month_index("im.month");
    let is_public = format!("im.source IN ({public})");
    let before = format!("{idx} < e.i0");
    let after = format!("{idx} > e.x0");
    let mut sums = Vec::new();
    for (prefix, side) in [("b", &before), ("a", &after)] {
        for (index, actor) in PayingActor::ALL.iter().enumerate() {
            let sources = codes(sources_paid_by(*actor).iter().map(|s| s.code()));
            sums.push(format!(
                "CAST(SUM(CASE WHEN {side} AND im.source IN ({sources}) THEN im.share_percent ELSE 0 END) AS BIGINT) AS {prefix}{index}"
            ));
        }
        sums.push(format!(
            "CAST(SUM(CASE WHEN {side} AND NOT ({is_public}) THEN im.share_percent ELSE 0 END) AS BIGINT) AS {prefix}4"
        ));
    }
    let sql = format!(
        "SELECT e.id, e.intake_on, e.exit_on, \
         COUNT(DISTINCT CASE WHEN {before} AND {is_public} THEN im.month END) AS before_months, \
         COUNT(DISTINCT CASE WHEN {after} AND {is_public} THEN im.month END) AS after_months, \
         COUNT(DISTINCT CASE WHEN {before} THEN im.month END) AS before_recorded, \
         COUNT(DISTINCT CASE WHEN {after} THEN im.month END) AS after_recorded, \
         CAST(MAX(CASE WHEN {idx} = e.x0 + $3 AND {is_public} THEN 1 ELSE 0 END) AS BIGINT) AS last_month, \
         {sums} \
         FROM (SELECT e.id, e.person_id, e.intake_on, e.exit_on, {i0} AS i0, {x0} AS x0 \
               FROM episodes e WHERE {condition} AND {counted} \
               AND e.exit_on IS NOT NULL AND {x0} + $3 < $4) e \
         LEFT JOIN income_months im ON im.person_id = e.person_id AND im.share_percent > 0 \
              AND (({idx} BETWEEN e.i0 - $3 AND e.i0 - 1) OR ({idx} BETWEEN e.x0 + 1 AND e.x0 + $3)) \
         GROUP BY e.id, e.intake_on, e.exit_on \
         ORDER BY e.id",
        sums = sums.join(", "),
        i0 = month_index("e.intake_on"),
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, SupportRow>(&sql)
        .bind(first)
        .bind(second)
        .bind(i64::from(window))
        .bind(as_of_index)
        .fetch_all(conn)
        .await)?;
    Ok(SupportWindows {
        followed: rows
            .into_iter()
            .map(episode_support)
            .collect::<Result<_>>()?,
        not_yet_followed_up: u64::try_from(not_yet_followed_up)
            .map_err(|_| StorageError::Corrupt(format!("episode count {not_yet_followed_up}")))?,
    })
}

fn month_of(text: &str) -> Result<YearMonth> {
    YearMonth::of(crate::schema::date(text)?)
        .ok_or_else(|| StorageError::Corrupt(format!("episode date '{text}'")))
}

fn count(value: i64) -> Result<u32> {
    u32::try_from(value).map_err(|_| StorageError::Corrupt(format!("month count {value}")))
}

fn share(value: i64) -> Result<u64> {
    u64::try_from(value).map_err(|_| StorageError::Corrupt(format!("share sum {value}")))
}

fn window_shares(values: &[i64]) -> Result<WindowShares> {
    let mut by_actor = [0u64; 4];
    for (slot, value) in by_actor.iter_mut().zip(values) {
        *slot = share(*value)?;
    }
    Ok(WindowShares {
        by_actor,
        not_public: share(values.get(4).copied().unwrap_or(0))?,
    })
}

fn episode_support(row: SupportRow) -> Result<EpisodeSupport> {
    Ok(EpisodeSupport {
        episode_id: row.id,
        intake: month_of(&row.intake_on)?,
        exit: row.exit_on.as_deref().map(month_of).transpose()?,
        before_months: count(row.before_months)?,
        after_months: count(row.after_months)?,
        before_recorded: count(row.before_recorded)?,
        after_recorded: count(row.after_recorded)?,
        on_support_last_month: row.last_month > 0,
        before_shares: window_shares(&[row.b0, row.b1, row.b2, row.b3, row.b4])?,
        after_shares: window_shares(&[row.a0, row.a1, row.a2, row.a3, row.a4])?,
    })
}

/// Episodes per occupation at intake, at exit and at each follow-up, counted episodes only.
pub async fn occupations(tx: &mut Tx, chosen: Selection) -> Result<Vec<OccupationCount>> {
    let (condition, first, second) = selection(chosen, "e.programme_id");
    let counted = counted("e");
    let sql = format!(
        "SELECT 'intake', 0, e.baseline_occupation, COUNT(*) FROM episodes e \
         WHERE {condition} AND {counted} AND e.baseline_occupation IS NOT NULL GROUP BY e.baseline_occupation \
         UNION ALL \
         SELECT 'exit', 0, e.exit_occupation, COUNT(*) FROM episodes e \
         WHERE {condition} AND {counted} AND e.exit_occupation IS NOT NULL GROUP BY e.exit_occupation \
         UNION ALL \
         SELECT 'follow-up', f.months_after, f.occupation, COUNT(*) FROM follow_ups f \
         JOIN episodes e ON e.id = f.episode_id \
         WHERE {condition} AND {counted} AND f.occupation IS NOT NULL GROUP BY f.months_after, f.occupation"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (String, i64, String, i64)>(&sql)
        .bind(first)
        .bind(second)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(kind, months, occupation, n)| {
            let occasion = match kind.as_str() {
                "intake" => OccupationOccasion::Intake,
                "exit" => OccupationOccasion::Exit,
                _ => OccupationOccasion::FollowUp(count(months)?),
            };
            Ok(OccupationCount {
                occasion,
                occupation: crate::schema::code::<Occupation>("occupation", &occupation)?,
                count: share(n)?,
            })
        })
        .collect()
}

/// The participants' employments in social enterprises: who has held one, who holds one on
/// `today`, and the weekly hours of those held today.
pub async fn jobs(tx: &mut Tx, chosen: Selection, today: Date) -> Result<JobCounts> {
    let (condition, first, second) = selection(chosen, "e.programme_id");
    let forms = codes(
        EmploymentForm::ALL
            .iter()
            .filter(|f| f.is_employment())
            .map(|f| f.code()),
    );
    let current = "m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on >= $3)";
    let sql = format!(
        "SELECT COUNT(DISTINCT m.person_id), \
         COUNT(DISTINCT CASE WHEN {current} THEN m.person_id END), \
         CAST(COALESCE(SUM(CASE WHEN {current} THEN COALESCE(m.hours_tenths, 0) ELSE 0 END), 0) AS BIGINT) \
         FROM enterprise_memberships m \
         WHERE m.form IN ({forms}) \
         AND EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = m.person_id AND {condition} AND {counted})",
        counted = counted("e"),
    );
    let (held, holds, hours) = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64)>(&sql)
        .bind(first)
        .bind(second)
        .bind(format_date(today))
        .fetch_one(conn)
        .await)?;
    Ok(JobCounts {
        held: share(held)?,
        holds: share(holds)?,
        hours_tenths: share(hours)?,
    })
}

/// The year figures of the enterprises that the selected programmes' own ideas became.
pub async fn enterprise_figures(tx: &mut Tx, chosen: Selection) -> Result<Vec<(i64, YearFigures)>> {
    let (condition, first, second) = selection(chosen, "i.programme_id");
    let sql = format!(
        "SELECT f.enterprise_id, f.year, f.turnover_ore, f.result_ore, f.wage_costs_ore, f.public_revenue_ore, \
         f.reinvested_surplus_ore, f.counted_on, f.employees, f.target_group, f.work_units_tenths \
         FROM enterprise_figures f \
         WHERE f.enterprise_id IN (SELECT i.enterprise_id FROM ideas i WHERE {condition} AND i.enterprise_id IS NOT NULL) \
         ORDER BY f.enterprise_id, f.year"
    );
    type Row = (i64, i64, i64, i64, i64, i64, i64, String, i64, i64, i64);
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(first)
        .bind(second)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(enterprise, year, t, r, w, p, s, counted, e, g, u)| {
            Ok((
                enterprise,
                crate::enterprise_figures::figures((year, t, r, w, p, s, counted, e, g, u))?,
            ))
        })
        .collect()
}

/// Counted episodes by sex and age band at intake.
pub async fn participants(tx: &mut Tx, chosen: Selection) -> Result<Vec<ParticipantCount>> {
    let (condition, first, second) = selection(chosen, "e.programme_id");
    let sql = format!(
        "SELECT p.sex, p.birth_year, CAST(substr(e.intake_on, 1, 4) AS BIGINT) AS y, COUNT(*) \
         FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND {counted} \
         GROUP BY p.sex, p.birth_year, CAST(substr(e.intake_on, 1, 4) AS BIGINT)",
        counted = counted("e"),
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (String, i64, i64, i64)>(&sql)
        .bind(first)
        .bind(second)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(sex, birth_year, intake_year, n)| {
            Ok(ParticipantCount {
                sex: crate::schema::code::<PersonSex>("sex", &sex)?,
                age_band: age_band(birth_year, intake_year)?,
                count: share(n)?,
            })
        })
        .collect()
}

fn age_band(birth_year: i64, year: i64) -> Result<AgeBand> {
    let year = i32::try_from(year).map_err(|_| StorageError::Corrupt(format!("year {year}")))?;
    let birth_year = i32::try_from(birth_year)
        .map_err(|_| StorageError::Corrupt(format!("birth year {birth_year}")))?;
    let on = Date::from_ordinal_date(year, 1)
        .map_err(|_| StorageError::Corrupt(format!("year {year}")))?;
    Ok(AgeBand::of(birth_year, on))
}

type FunderRow = (
    String,
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    i64,
);

/// The counted episodes of a programme that were in it at some time from `from` to `to`
/// (intake on or before `to`, no exit before `from`), grouped by every attribute the funder
/// statistics break down by. The age band is taken at the start of the period.
pub async fn funder_counts(
    tx: &mut Tx,
    programme_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<FunderCount>> {
    let sql = format!(
        "SELECT p.sex, p.birth_year, \
         CAST(CASE WHEN e.intake_on >= $2 THEN 1 ELSE 0 END AS BIGINT) AS is_new, \
         CAST(CASE WHEN e.exit_on IS NOT NULL AND e.exit_on <= $3 THEN 1 ELSE 0 END AS BIGINT) AS is_ended, \
         e.baseline_time_outside, e.baseline_education, e.baseline_occupation, e.exit_occupation, \
         e.referring_organisation_id, COUNT(*) \
         FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE e.programme_id = $1 AND {counted} AND e.intake_on <= $3 AND (e.exit_on IS NULL OR e.exit_on >= $2) \
         GROUP BY p.sex, p.birth_year, \
         CAST(CASE WHEN e.intake_on >= $2 THEN 1 ELSE 0 END AS BIGINT), \
         CAST(CASE WHEN e.exit_on IS NOT NULL AND e.exit_on <= $3 THEN 1 ELSE 0 END AS BIGINT), \
         e.baseline_time_outside, e.baseline_education, e.baseline_occupation, e.exit_occupation, \
         e.referring_organisation_id",
        counted = counted("e"),
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, FunderRow>(&sql)
        .bind(programme_id)
        .bind(format_date(from))
        .bind(format_date(to))
        .fetch_all(conn)
        .await)?;
    let start_year = i64::from(from.year());
    rows.into_iter()
        .map(
            |(sex, birth_year, new, ended, outside, education, start, exit, partner, n)| {
                Ok(FunderCount {
                    sex: crate::schema::code("sex", &sex)?,
                    age_band: age_band(birth_year, start_year)?,
                    new: new == 1,
                    ended: ended == 1,
                    time_outside: crate::schema::optional_code("time outside", outside.as_deref())?,
                    education: crate::schema::optional_code("education", education.as_deref())?,
                    occupation_start: crate::schema::optional_code("occupation", start.as_deref())?,
                    occupation_exit: crate::schema::optional_code("occupation", exit.as_deref())?,
                    referring_organisation_id: partner,
                    count: share(n)?,
                })
            },
        )
        .collect()
}

/// Follow-ups of a programme's counted episodes done from `from` to `to`, per occupation.
pub async fn funder_follow_ups(
    tx: &mut Tx,
    programme_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<(Occupation, u64)>> {
    let sql = format!(
        "SELECT f.occupation, COUNT(*) FROM follow_ups f JOIN episodes e ON e.id = f.episode_id \
         WHERE e.programme_id = $1 AND {counted} AND f.occupation IS NOT NULL \
         AND f.done_on >= $2 AND f.done_on <= $3 GROUP BY f.occupation",
        counted = counted("e"),
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (String, i64)>(&sql)
        .bind(programme_id)
        .bind(format_date(from))
        .bind(format_date(to))
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(occupation, n)| Ok((crate::schema::code("occupation", &occupation)?, share(n)?)))
        .collect()
}
