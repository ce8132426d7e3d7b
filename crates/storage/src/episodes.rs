//! Episodes (referral to exit), their consents and their follow-ups after exit.

use crate::schema::{code, date, optional_code, optional_date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::consent::{Consent, ConsentDraft};
use stegvis_domain::episode::{
    DueFollowUp, DurationBand, EducationLevel, Episode, EpisodeStatus, ExitDraft, FollowUp,
    FollowUpDraft, Occupation, Referral, Snapshot,
};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    person_id: i64,
    programme_id: i64,
    status: String,
    referred_on: String,
    referring_organisation_id: Option<i64>,
    referring_user_id: Option<i64>,
    assigned_organisation_id: Option<i64>,
    intake_on: Option<String>,
    exit_on: Option<String>,
    exit_reason: Option<String>,
    baseline_education: Option<String>,
    baseline_occupation: Option<String>,
    baseline_occupation_percent: Option<i64>,
    baseline_time_outside: Option<String>,
    baseline_time_on_support: Option<String>,
    exit_education: Option<String>,
    exit_occupation: Option<String>,
    exit_occupation_percent: Option<i64>,
    updated_at: String,
}

fn snapshot(
    education: Option<&str>,
    occupation: Option<&str>,
    percent: Option<i64>,
    time_outside: Option<&str>,
    time_on_support: Option<&str>,
) -> Result<Option<Snapshot>> {
    let (Some(education), Some(occupation), Some(percent)) = (education, occupation, percent)
    else {
        return Ok(None);
    };
    Ok(Some(Snapshot {
        education: code::<EducationLevel>("education", education)?,
        occupation: code::<Occupation>("occupation", occupation)?,
        occupation_percent: u8::try_from(percent)
            .map_err(|_| StorageError::Corrupt(format!("percent {percent}")))?,
        time_outside: optional_code::<DurationBand>("duration band", time_outside)?,
        time_on_support: optional_code::<DurationBand>("duration band", time_on_support)?,
    }))
}

impl TryFrom<Row> for Episode {
    type Error = StorageError;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Episode {
            id: row.id,
            person_id: row.person_id,
            programme_id: row.programme_id,
            status: code("episode status", &row.status)?,
            referred_on: date(&row.referred_on)?,
            referring_organisation_id: row.referring_organisation_id,
            referring_user_id: row.referring_user_id,
            assigned_organisation_id: row.assigned_organisation_id,
            intake_on: optional_date(row.intake_on.as_deref())?,
            exit_on: optional_date(row.exit_on.as_deref())?,
            exit_reason: optional_code("exit reason", row.exit_reason.as_deref())?,
            baseline: snapshot(
                row.baseline_education.as_deref(),
                row.baseline_occupation.as_deref(),
                row.baseline_occupation_percent,
                row.baseline_time_outside.as_deref(),
                row.baseline_time_on_support.as_deref(),
            )?,
            exit_data: snapshot(
                row.exit_education.as_deref(),
                row.exit_occupation.as_deref(),
                row.exit_occupation_percent,
                None,
                None,
            )?,
            updated_at: timestamp(&row.updated_at)?,
        })
    }
}

const COLUMNS: &str = "e.id, e.person_id, e.programme_id, e.status, e.referred_on, e.referring_organisation_id, \
    e.referring_user_id, e.assigned_organisation_id, e.intake_on, e.exit_on, e.exit_reason, e.baseline_education, \
    e.baseline_occupation, e.baseline_occupation_percent, e.baseline_time_outside, e.baseline_time_on_support, \
    e.exit_education, e.exit_occupation, e.exit_occupation_percent, e.updated_at";

pub async fn insert(tx: &mut Tx, referral: &Referral, now: Timestamp) -> Result<i64> {
    let sql = "INSERT INTO episodes (person_id, programme_id, status, referred_on, referring_organisation_id, \
               referring_user_id, assigned_organisation_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(referral.person_id)
        .bind(referral.programme_id)
        .bind(EpisodeStatus::Referred.code())
        .bind(format_date(referral.referred_on))
        .bind(referral.referring_organisation_id)
        .bind(referral.referring_user_id)
        .bind(referral.assigned_organisation_id)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// One episode within the scope, or `None` (which callers answer with 404).
pub async fn get(tx: &mut Tx, scope: PersonScope, id: i64) -> Result<Option<Episode>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM episodes e JOIN persons p ON p.id = e.person_id WHERE {condition} AND e.id = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).bind(id).fetch_optional(conn).await)?;
    row.map(Episode::try_from).transpose()
}

/// The episodes of one person within the scope, newest referral first.
pub async fn for_person(tx: &mut Tx, scope: PersonScope, person_id: i64) -> Result<Vec<Episode>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND e.person_id = $2 ORDER BY e.referred_on DESC, e.id DESC"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).bind(person_id).fetch_all(conn).await)?;
    rows.into_iter().map(Episode::try_from).collect()
}

/// The episodes within the scope of a page of people, in one query.
pub async fn for_persons(
    tx: &mut Tx,
    scope: PersonScope,
    person_ids: &[i64],
) -> Result<Vec<Episode>> {
    if person_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episodes(scope);
    let placeholders = crate::plans::placeholders(2, person_ids.len());
    let sql = format!(
        "SELECT {COLUMNS} FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND e.person_id IN ({placeholders}) ORDER BY e.referred_on DESC, e.id DESC"
    );
    let rows = with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(param);
        for id in person_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter().map(Episode::try_from).collect()
}

/// Moves an episode to `status`, setting the intake date when it is the intake.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: EpisodeStatus,
    intake_on: Option<Date>,
    now: Timestamp,
) -> Result<()> {
    let sql = "UPDATE episodes SET status = $2, intake_on = COALESCE($3, intake_on), updated_at = $4 WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(status.code())
        .bind(intake_on.map(format_date))
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn set_baseline(tx: &mut Tx, id: i64, baseline: &Snapshot, now: Timestamp) -> Result<()> {
    let sql = "UPDATE episodes SET baseline_education = $2, baseline_occupation = $3, baseline_occupation_percent = $4, \
               baseline_time_outside = $5, baseline_time_on_support = $6, updated_at = $7 WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(baseline.education.code())
        .bind(baseline.occupation.code())
        .bind(i64::from(baseline.occupation_percent))
        .bind(baseline.time_outside.map(|b| b.code()))
        .bind(baseline.time_on_support.map(|b| b.code()))
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn set_assigned(
    tx: &mut Tx,
    id: i64,
    organisation_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE episodes SET assigned_organisation_id = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(organisation_id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn exit(tx: &mut Tx, id: i64, draft: &ExitDraft, now: Timestamp) -> Result<()> {
    let sql = "UPDATE episodes SET status = $2, exit_on = $3, exit_reason = $4, exit_education = $5, \
               exit_occupation = $6, exit_occupation_percent = $7, updated_at = $8, exit_recorded_at = $8 \
               WHERE id = $1";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(EpisodeStatus::Exited.code())
        .bind(format_date(draft.exit_on))
        .bind(draft.reason.code())
        .bind(draft.snapshot.as_ref().map(|s| s.education.code()))
        .bind(draft.snapshot.as_ref().map(|s| s.occupation.code()))
        .bind(draft.snapshot.as_ref().map(|s| i64::from(s.occupation_percent)))
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// Undoes an exit: the episode returns to `status` and loses its exit date, reason and data.
pub async fn reopen(tx: &mut Tx, id: i64, status: EpisodeStatus, now: Timestamp) -> Result<()> {
    let sql = "UPDATE episodes SET status = $2, exit_on = NULL, exit_reason = NULL, exit_education = NULL, \
               exit_occupation = NULL, exit_occupation_percent = NULL, exit_recorded_at = NULL, updated_at = $3 \
               WHERE id = $1 AND status = 'exited'";
    exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(status.code())
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// When the episode's exit was recorded; `None` when it is open or was exited before the
/// time was kept.
pub async fn exit_recorded_at(tx: &mut Tx, id: i64) -> Result<Option<Timestamp>> {
    let at: Option<Option<String>> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT exit_recorded_at FROM episodes WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    at.flatten().map(|t| timestamp(&t)).transpose()
}

/// When the consent's withdrawal was recorded; `None` when it holds or was withdrawn before
/// the time was kept.
pub async fn withdrawn_at(tx: &mut Tx, consent_id: i64) -> Result<Option<Timestamp>> {
    let at: Option<Option<String>> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT withdrawn_at FROM consents WHERE id = $1")
        .bind(consent_id)
        .fetch_optional(conn)
        .await)?;
    at.flatten().map(|t| timestamp(&t)).transpose()
}

/// Of these episodes, the exits and consent withdrawals recorded at or after `since` (the
/// ones still within the correction period), in two queries: episode ids and consent ids.
pub async fn recent_corrections(
    tx: &mut Tx,
    episode_ids: &[i64],
    since: Timestamp,
) -> Result<(Vec<i64>, Vec<i64>)> {
    if episode_ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let placeholders = crate::plans::placeholders(2, episode_ids.len());
    let exits = format!(
        "SELECT id FROM episodes WHERE exit_recorded_at >= $1 AND id IN ({placeholders}) ORDER BY id"
    );
    let withdrawals = format!(
        "SELECT id FROM consents WHERE withdrawn_at >= $1 AND episode_id IN ({placeholders}) ORDER BY id"
    );
    let since = since.canonical();
    let mut found = Vec::with_capacity(2);
    for sql in [exits, withdrawals] {
        let ids: Vec<i64> = with_conn!(tx, conn => {
            let mut query = sqlx::query_scalar(&sql).bind(since.clone());
            for id in episode_ids {
                query = query.bind(*id);
            }
            query.fetch_all(conn).await
        })?;
        found.push(ids);
    }
    let withdrawals = found.pop().unwrap_or_default();
    let exits = found.pop().unwrap_or_default();
    Ok((exits, withdrawals))
}

/// Deletes an episode that holds nothing but the referral (a declined referral).
pub async fn delete_referral(tx: &mut Tx, id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM episodes WHERE id = $1 AND status = 'referred'")
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

type ConsentRow = (
    i64,
    i64,
    String,
    Option<i64>,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
);

fn consent(row: ConsentRow) -> Result<Consent> {
    let (id, episode_id, scope, partner, given_on, form, version, by, at, withdrawn) = row;
    Ok(Consent {
        id,
        episode_id,
        scope: code("consent scope", &scope)?,
        partner_organisation_id: partner,
        given_on: date(&given_on)?,
        form: code("consent form", &form)?,
        information_version: version,
        recorded_by: by,
        recorded_at: timestamp(&at)?,
        withdrawn_on: optional_date(withdrawn.as_deref())?,
    })
}

const CONSENT_COLUMNS: &str = "c.id, c.episode_id, c.scope, c.partner_organisation_id, c.given_on, \
    c.form, c.information_version, c.recorded_by, c.recorded_at, c.withdrawn_on";

pub async fn insert_consent(
    tx: &mut Tx,
    episode_id: i64,
    draft: &ConsentDraft,
    information_version: &str,
    recorded_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO consents (episode_id, scope, partner_organisation_id, given_on, form, information_version, \
               recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(episode_id)
        .bind(draft.scope.code())
        .bind(draft.partner_organisation_id)
        .bind(format_date(draft.given_on))
        .bind(draft.form.code())
        .bind(information_version)
        .bind(recorded_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The consents of several episodes within the scope, in one query.
pub async fn consents_for(
    tx: &mut Tx,
    scope: PersonScope,
    episode_ids: &[i64],
) -> Result<Vec<Consent>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "c.episode_id");
    let placeholders = crate::plans::placeholders(2, episode_ids.len());
    let sql = format!(
        "SELECT {CONSENT_COLUMNS} FROM consents c WHERE {condition} AND c.episode_id IN ({placeholders}) \
         ORDER BY c.given_on, c.id"
    );
    let rows: Vec<ConsentRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter().map(consent).collect()
}

pub async fn withdraw_consent(
    tx: &mut Tx,
    consent_id: i64,
    withdrawn_on: Date,
    by: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE consents SET withdrawn_on = $2, withdrawn_by = $3, withdrawn_at = $4 \
               WHERE id = $1 AND withdrawn_on IS NULL";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(consent_id)
        .bind(format_date(withdrawn_on))
        .bind(by)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Undoes a withdrawal: the consent holds again.
pub async fn restore_consent(tx: &mut Tx, consent_id: i64) -> Result<bool> {
    let sql = "UPDATE consents SET withdrawn_on = NULL, withdrawn_by = NULL, withdrawn_at = NULL \
               WHERE id = $1 AND withdrawn_on IS NOT NULL";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(consent_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

type FollowUpRow = (
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<i64>,
);

fn follow_up(row: FollowUpRow) -> Result<FollowUp> {
    let (id, episode_id, months, due_on, done_on, reached, occupation, percent) = row;
    Ok(FollowUp {
        id,
        episode_id,
        months_after: u8::try_from(months)
            .map_err(|_| StorageError::Corrupt(format!("follow-up months {months}")))?,
        due_on: date(&due_on)?,
        done_on: optional_date(done_on.as_deref())?,
        reached,
        occupation: optional_code("occupation", occupation.as_deref())?,
        occupation_percent: percent.and_then(|p| u8::try_from(p).ok()),
    })
}

const FOLLOW_UP_COLUMNS: &str = "f.id, f.episode_id, f.months_after, f.due_on, f.done_on, f.reached, \
    f.occupation, f.occupation_percent";

pub async fn schedule_follow_ups(tx: &mut Tx, episode_id: i64, due: &[(u8, Date)]) -> Result<()> {
    for (months, due_on) in due {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO follow_ups (episode_id, months_after, due_on) VALUES ($1, $2, $3)")
            .bind(episode_id)
            .bind(i64::from(*months))
            .bind(format_date(*due_on))
            .execute(conn)
            .await)?;
    }
    Ok(())
}

/// The follow-ups of several episodes within the scope, in one query.
pub async fn follow_ups_for(
    tx: &mut Tx,
    scope: PersonScope,
    episode_ids: &[i64],
) -> Result<Vec<FollowUp>> {
    if episode_ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::episode_of(scope, "f.episode_id");
    let placeholders = crate::plans::placeholders(2, episode_ids.len());
    let sql = format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f WHERE {condition} AND f.episode_id IN ({placeholders}) \
         ORDER BY f.due_on"
    );
    let rows: Vec<FollowUpRow> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in episode_ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter().map(follow_up).collect()
}

pub async fn record_follow_up(
    tx: &mut Tx,
    id: i64,
    draft: &FollowUpDraft,
    by: Option<i64>,
) -> Result<bool> {
    let sql = "UPDATE follow_ups SET done_on = $2, reached = $3, occupation = $4, occupation_percent = $5, \
               recorded_by = $6 WHERE id = $1";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(format_date(draft.done_on))
        .bind(draft.outcome.is_some())
        .bind(draft.outcome.map(|(o, _)| o.code()))
        .bind(draft.outcome.map(|(_, p)| i64::from(p)))
        .bind(by)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// A follow-up's columns, then the person and programme of its episode.
type DueFollowUpRow = (
    i64,
    i64,
    i64,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
    Option<i64>,
    i64,
    i64,
);

/// Follow-ups not done and due on or before `by`, within the scope, oldest first.
pub async fn due_follow_ups(
    tx: &mut Tx,
    scope: PersonScope,
    by: Date,
    limit: i64,
) -> Result<Vec<DueFollowUp>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT {FOLLOW_UP_COLUMNS}, e.person_id, e.programme_id FROM follow_ups f \
         JOIN episodes e ON e.id = f.episode_id JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND f.done_on IS NULL AND f.due_on <= $2 AND p.anonymised_at IS NULL \
         ORDER BY f.due_on, f.id LIMIT $3"
    );
    let rows: Vec<DueFollowUpRow> = with_conn!(tx, conn => sqlx::query_as(&sql)
            .bind(param)
            .bind(format_date(by))
            .bind(limit)
            .fetch_all(conn)
            .await)?;
    rows.into_iter()
        .map(|(a, b, c, d, e, f, g, h, person_id, programme_id)| {
            Ok(DueFollowUp {
                follow_up: follow_up((a, b, c, d, e, f, g, h))?,
                person_id,
                programme_id,
            })
        })
        .collect()
}

/// The episode a consent belongs to, if both lie within the scope.
pub async fn consent_episode(
    tx: &mut Tx,
    scope: PersonScope,
    consent_id: i64,
) -> Result<Option<i64>> {
    let (condition, param) = crate::scope::episode_of(scope, "c.episode_id");
    let sql = format!("SELECT c.episode_id FROM consents c WHERE {condition} AND c.id = $2");
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .bind(consent_id)
        .fetch_optional(conn)
        .await)?)
}

/// The episode a follow-up belongs to, if both lie within the scope.
pub async fn follow_up_episode(
    tx: &mut Tx,
    scope: PersonScope,
    follow_up_id: i64,
) -> Result<Option<i64>> {
    let (condition, param) = crate::scope::episode_of(scope, "f.episode_id");
    let sql = format!("SELECT f.episode_id FROM follow_ups f WHERE {condition} AND f.id = $2");
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .bind(follow_up_id)
        .fetch_optional(conn)
        .await)?)
}

/// Removes follow-ups not yet done, when consent to be followed up no longer holds.
pub async fn cancel_open_follow_ups(tx: &mut Tx, episode_id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM follow_ups WHERE episode_id = $1 AND done_on IS NULL")
        .bind(episode_id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Episodes at intake or active in a programme, with the person's name, for an activity's
/// register, within the scope. Anonymised people never appear.
pub async fn participating_in(
    tx: &mut Tx,
    scope: PersonScope,
    programme_id: i64,
) -> Result<Vec<(i64, i64, String)>> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT e.id, p.id, p.given_name, p.family_name FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND e.programme_id = $2 AND e.status IN ('intake', 'active') \
         AND p.anonymised_at IS NULL ORDER BY p.family_name, p.given_name, e.id"
    );
    let rows: Vec<(i64, i64, Option<String>, Option<String>)> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(e, p, g, f)| {
            (
                e,
                p,
                format!("{} {}", g.unwrap_or_default(), f.unwrap_or_default()),
            )
        })
        .collect())
}

/// What a coordinator's start page counts of the episodes in the scope, in one query: referred
/// episodes awaiting consent, those of them referred on or after `since`, and follow-ups due
/// by `today`.
pub async fn today_counts(
    tx: &mut Tx,
    scope: PersonScope,
    since: Date,
    today: Date,
) -> Result<(i64, i64, i64)> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT \
           CAST(COALESCE(SUM(CASE WHEN e.status = 'referred' THEN 1 ELSE 0 END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN e.status = 'referred' AND e.referred_on >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
           (SELECT COUNT(*) FROM follow_ups f JOIN episodes e ON e.id = f.episode_id \
              JOIN persons p ON p.id = e.person_id \
              WHERE {condition} AND f.done_on IS NULL AND f.due_on <= $3 AND p.anonymised_at IS NULL) \
         FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND p.anonymised_at IS NULL"
    );
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64)>(&sql)
        .bind(param)
        .bind(format_date(since))
        .bind(format_date(today))
        .fetch_one(conn)
        .await)?,
    )
}

/// The number of people in the scope with an open episode (referred, at intake or active).
pub async fn open_people(tx: &mut Tx, scope: PersonScope) -> Result<i64> {
    let (condition, param) = crate::scope::episodes(scope);
    let sql = format!(
        "SELECT COUNT(DISTINCT e.person_id) FROM episodes e JOIN persons p ON p.id = e.person_id \
         WHERE {condition} AND e.status <> 'exited' AND p.anonymised_at IS NULL"
    );
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .fetch_one(conn)
        .await)?)
}
