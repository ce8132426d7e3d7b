//! Questionnaire schedules per programme, and the answers given at each occasion.

use crate::plans::placeholders;
use crate::schema::{code, date, optional_date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::change::ScoredAnswer;
use stegvis_domain::consent::ConsentScope;
use stegvis_domain::episode::ExitReason;
use stegvis_domain::questionnaire::{
    AnswerMode, Occasion, OccasionKind, Response, ResponseKey, ResponseStatus, SchedulableEpisode,
    ScheduleEntry, ScoredRecord,
};
use stegvis_domain::timestamp::Timestamp;
use time::Date;

/// The schedule of one programme, by instrument and occasion kind.
pub async fn schedule(tx: &mut Tx, programme_id: i64) -> Result<Vec<ScheduleEntry>> {
    let rows = schedules(tx, &[programme_id]).await?;
    Ok(rows.into_iter().map(|(_, entry)| entry).collect())
}

/// The schedules of several programmes, as `(programme id, entry)`, in one query.
pub async fn schedules(tx: &mut Tx, programme_ids: &[i64]) -> Result<Vec<(i64, ScheduleEntry)>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT programme_id, instrument_key, occasion_kind, every_months FROM questionnaire_schedules \
         WHERE programme_id IN ({}) ORDER BY programme_id, instrument_key, occasion_kind",
        placeholders(1, programme_ids.len())
    );
    let rows: Vec<(i64, String, String, Option<i64>)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql);
        for id in programme_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(programme_id, instrument, kind, every)| {
            Ok((
                programme_id,
                ScheduleEntry {
                    instrument,
                    kind: code::<OccasionKind>("occasion kind", &kind)?,
                    every_months: every.and_then(|m| u32::try_from(m).ok()),
                },
            ))
        })
        .collect()
}

/// Replaces a programme's schedule with `entries`.
pub async fn replace_schedule(
    tx: &mut Tx,
    programme_id: i64,
    entries: &[ScheduleEntry],
) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM questionnaire_schedules WHERE programme_id = $1")
        .bind(programme_id)
        .execute(conn)
        .await)?;
    for entry in entries {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO questionnaire_schedules (programme_id, instrument_key, occasion_kind, every_months) \
             VALUES ($1, $2, $3, $4)")
            .bind(programme_id)
            .bind(&entry.instrument)
            .bind(entry.kind.code())
            .bind(entry.every_months.map(i64::from))
            .execute(conn)
            .await)?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ResponseRow {
    id: i64,
    episode_id: i64,
    instrument_version_id: i64,
    instrument_key: String,
    occasion_kind: String,
    occasion_months: i64,
    status: String,
    mode: String,
    language: String,
    answers: String,
    score: Option<f64>,
    raw_score: Option<f64>,
    answered_on: Option<String>,
    updated_at: String,
}

const COLUMNS: &str = "id, episode_id, instrument_version_id, instrument_key, occasion_kind, occasion_months, \
                       status, mode, language, answers, score, raw_score, answered_on, updated_at";

fn response(row: ResponseRow) -> Result<Response> {
    Ok(Response {
        id: row.id,
        episode_id: row.episode_id,
        instrument_version_id: row.instrument_version_id,
        instrument_key: row.instrument_key,
        occasion: occasion(&row.occasion_kind, row.occasion_months)?,
        status: code("response status", &row.status)?,
        mode: code("answer mode", &row.mode)?,
        language: row.language,
        answers: row.answers,
        score: row.score,
        raw_score: row.raw_score,
        answered_on: optional_date(row.answered_on.as_deref())?,
        updated_at: timestamp(&row.updated_at)?,
    })
}

fn occasion(kind: &str, months: i64) -> Result<Occasion> {
    Ok(Occasion {
        kind: code("occasion kind", kind)?,
        months: u32::try_from(months)
            .map_err(|_| StorageError::Corrupt(format!("occasion months {months}")))?,
    })
}

/// The response of an episode within the scope to an instrument at an occasion, if any.
pub async fn find(
    tx: &mut Tx,
    scope: PersonScope,
    episode_id: i64,
    instrument_key: &str,
    occasion: Occasion,
) -> Result<Option<Response>> {
    let (condition, param) = crate::scope::episode_of(scope, "questionnaire_responses.episode_id");
    let sql = format!(
        "SELECT {COLUMNS} FROM questionnaire_responses WHERE {condition} AND episode_id = $2 \
         AND instrument_key = $3 AND occasion_kind = $4 AND occasion_months = $5"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ResponseRow>(&sql)
        .bind(param)
        .bind(episode_id)
        .bind(instrument_key)
        .bind(occasion.kind.code())
        .bind(i64::from(occasion.months))
        .fetch_optional(conn)
        .await)?;
    row.map(response).transpose()
}

/// Every response of several episodes within the scope, in one query, oldest occasion first.
pub async fn for_episodes(
    tx: &mut Tx,
    scope: PersonScope,
    episode_ids: &[i64],
) -> Result<Vec<Response>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "questionnaire_responses.episode_id");
    let sql = format!(
        "SELECT {COLUMNS} FROM questionnaire_responses WHERE {condition} AND episode_id IN ({}) \
         ORDER BY episode_id, id",
        placeholders(2, episode_ids.len())
    );
    let rows: Vec<ResponseRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter().map(response).collect()
}

/// What is written when a response is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseWrite<'a> {
    pub episode_id: i64,
    pub instrument_version_id: i64,
    pub instrument_key: &'a str,
    pub occasion: Occasion,
    pub status: ResponseStatus,
    pub mode: AnswerMode,
    pub language: &'a str,
    pub answers: &'a str,
    /// `(reported, raw)` when complete.
    pub score: Option<(f64, f64)>,
    pub answered_on: Option<Date>,
    pub recorded_by: Option<i64>,
}

/// Saves a response: a new row, or the existing draft or answer for the same occasion
/// replaced (staff correcting a typed-in paper form). Returns the response id.
pub async fn save(tx: &mut Tx, write: &ResponseWrite<'_>, now: Timestamp) -> Result<i64> {
    // A write: the use case has already loaded the episode within the caller's scope.
    let existing = find(
        tx,
        PersonScope::All,
        write.episode_id,
        write.instrument_key,
        write.occasion,
    )
    .await?;
    let (score, raw) = write
        .score
        .map_or((None, None), |(s, r)| (Some(s), Some(r)));
    if let Some(existing) = existing {
        exec!(tx, conn => sqlx::query(
            "UPDATE questionnaire_responses SET instrument_version_id = $1, status = $2, mode = $3, language = $4, \
             answers = $5, score = $6, raw_score = $7, answered_on = $8, recorded_by = $9, updated_at = $10 WHERE id = $11")
            .bind(write.instrument_version_id)
            .bind(write.status.code())
            .bind(write.mode.code())
            .bind(write.language)
            .bind(write.answers)
            .bind(score)
            .bind(raw)
            .bind(write.answered_on.map(|d| d.to_string()))
            .bind(write.recorded_by)
            .bind(now.canonical())
            .bind(existing.id)
            .execute(conn)
            .await)?;
        return Ok(existing.id);
    }
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO questionnaire_responses (episode_id, instrument_version_id, instrument_key, occasion_kind, \
         occasion_months, status, mode, language, answers, score, raw_score, answered_on, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id")
        .bind(write.episode_id)
        .bind(write.instrument_version_id)
        .bind(write.instrument_key)
        .bind(write.occasion.kind.code())
        .bind(i64::from(write.occasion.months))
        .bind(write.status.code())
        .bind(write.mode.code())
        .bind(write.language)
        .bind(write.answers)
        .bind(score)
        .bind(raw)
        .bind(write.answered_on.map(|d| d.to_string()))
        .bind(write.recorded_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

#[derive(sqlx::FromRow)]
struct ScoredRow {
    episode_id: i64,
    person_id: i64,
    occasion_kind: String,
    occasion_months: i64,
    answered_on: Option<String>,
    score: Option<f64>,
    sex: String,
    birth_year: i64,
    referring_organisation_id: Option<i64>,
}

/// Every completed, scored answer to an instrument in a programme that may count in its
/// statistics: the episode was not registered in error, the person is not anonymised, and the
/// participant's consent to the use of questionnaire answers stands today. One query; it walks
/// the programme's episodes by index and each episode's answers by the occasion index.
pub async fn scored_in_programme(
    tx: &mut Tx,
    programme_id: i64,
    instrument_key: &str,
) -> Result<Vec<ScoredRecord>> {
    let sql = "SELECT r.episode_id, e.person_id, r.occasion_kind, r.occasion_months, r.answered_on, r.score, \
               p.sex, p.birth_year, e.referring_organisation_id \
               FROM episodes e \
               JOIN questionnaire_responses r ON r.episode_id = e.id \
               JOIN persons p ON p.id = e.person_id \
               WHERE e.programme_id = $1 AND r.instrument_key = $2 AND r.status = 'complete' \
               AND r.score IS NOT NULL AND p.anonymised_at IS NULL \
               AND (e.exit_reason IS NULL OR e.exit_reason <> $3) \
               AND EXISTS (SELECT 1 FROM consents c WHERE c.episode_id = e.id AND c.scope = $4 \
                           AND c.withdrawn_on IS NULL) \
               ORDER BY r.episode_id, r.id";
    let rows: Vec<ScoredRow> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(programme_id)
        .bind(instrument_key)
        .bind(ExitReason::RegisteredInError.code())
        .bind(ConsentScope::Questionnaires.code())
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .filter_map(|row| {
            let score = row.score?;
            let answered_on = row.answered_on.clone()?;
            Some((row, score, answered_on))
        })
        .map(|(row, score, answered_on)| {
            Ok(ScoredRecord {
                person_id: row.person_id,
                answer: ScoredAnswer {
                    episode_id: row.episode_id,
                    occasion: occasion(&row.occasion_kind, row.occasion_months)?,
                    answered_on: date(&answered_on)?,
                    score,
                    sex: code("sex", &row.sex)?,
                    birth_year: i32::try_from(row.birth_year)
                        .map_err(|_| StorageError::Corrupt("birth year".into()))?,
                    partner_id: row.referring_organisation_id,
                },
            })
        })
        .collect()
}

/// Episode id, person id, programme id, intake, exit and exit reason.
type SchedulableRow = (i64, i64, i64, String, Option<String>, Option<String>);

/// The schedulable episodes of some programmes (or of one person, with `person_id`), in one
/// query; episodes that exited before `exited_since` can have nothing due any more.
pub async fn schedulable_episodes(
    tx: &mut Tx,
    programme_ids: &[i64],
    person_id: Option<i64>,
    exited_since: Date,
) -> Result<Vec<SchedulableEpisode>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT e.id, e.person_id, e.programme_id, e.intake_on, e.exit_on, e.exit_reason \
         FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE e.programme_id IN ({}) AND e.intake_on IS NOT NULL AND (e.exit_on IS NULL OR e.exit_on >= $1) \
         AND p.anonymised_at IS NULL AND (CAST($2 AS BIGINT) IS NULL OR e.person_id = CAST($2 AS BIGINT)) \
         AND EXISTS (SELECT 1 FROM consents c WHERE c.episode_id = e.id AND c.scope = $3 AND c.withdrawn_on IS NULL) \
         ORDER BY e.intake_on, e.id",
        placeholders(4, programme_ids.len())
    );
    let rows: Vec<SchedulableRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql)
            .bind(exited_since.to_string())
            .bind(person_id)
            .bind(ConsentScope::Questionnaires.code());
        for id in programme_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(
            |(episode_id, person_id, programme_id, intake, exit, reason)| {
                Ok(SchedulableEpisode {
                    episode_id,
                    person_id,
                    programme_id,
                    intake_on: date(&intake)?,
                    exit_on: optional_date(exit.as_deref())?,
                    counts: reason.as_deref() != Some(ExitReason::RegisteredInError.code()),
                })
            },
        )
        .collect()
}

/// The responses of the episodes [`schedulable_episodes`] returns for the same arguments, in
/// one query joined through the episodes rather than a list of ids, so it works for a
/// programme of any size (SQLite allows at most 32 766 bound values in one statement).
pub async fn response_keys(
    tx: &mut Tx,
    programme_ids: &[i64],
    person_id: Option<i64>,
    exited_since: Date,
) -> Result<Vec<ResponseKey>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT r.episode_id, r.instrument_key, r.occasion_kind, r.occasion_months, r.status \
         FROM episodes e JOIN questionnaire_responses r ON r.episode_id = e.id \
         WHERE e.programme_id IN ({}) AND e.intake_on IS NOT NULL AND (e.exit_on IS NULL OR e.exit_on >= $1) \
         AND (CAST($2 AS BIGINT) IS NULL OR e.person_id = CAST($2 AS BIGINT))",
        placeholders(3, programme_ids.len())
    );
    let rows: Vec<(i64, String, String, i64, String)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql)
            .bind(exited_since.to_string())
            .bind(person_id);
        for id in programme_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(episode_id, instrument_key, kind, months, status)| {
            Ok(ResponseKey {
                episode_id,
                instrument_key,
                occasion: occasion(&kind, months)?,
                complete: code::<ResponseStatus>("response status", &status)?
                    == ResponseStatus::Complete,
            })
        })
        .collect()
}
