//! Retention rules and anonymisation (GDPR art. 17 and the operator's gallringsbeslut).
//!
//! Anonymisation removes who a person is and what was written about them, and keeps what the
//! programme's statistics count: episodes (dates, status, exit reason, baseline and exit codes),
//! consents (scopes and dates), follow-ups, activity attendance and the income timeline. Once the
//! person row holds no identity those rows describe nobody, so they may stay.

use crate::schema::{date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::episode::EpisodeStatus;
use stegvis_domain::retention::{RetentionRule, Rule};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

type RuleRow = (i64, i64, String, String, Option<i64>, String);

fn rule(row: RuleRow) -> Result<Rule> {
    let (operator_id, years, decision_reference, decided_on, created_by, created_at) = row;
    Ok(Rule {
        operator_id,
        years_after_exit: u8::try_from(years)
            .map_err(|_| StorageError::Corrupt(format!("retention years {years}")))?,
        decision_reference,
        decided_on: date(&decided_on)?,
        created_by,
        created_at: timestamp(&created_at)?,
    })
}

const RULE_COLUMNS: &str =
    "operator_id, years_after_exit, decision_reference, decided_on, created_by, created_at";

/// Sets the operator's rule, replacing the earlier one: an operator has one rule at a time, the
/// one its latest decision sets.
pub async fn set_rule(
    tx: &mut Tx,
    operator_id: i64,
    rule: &RetentionRule,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    let sql = "INSERT INTO retention_rules (operator_id, years_after_exit, decision_reference, decided_on, \
               created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
               ON CONFLICT (operator_id) DO UPDATE SET years_after_exit = excluded.years_after_exit, \
               decision_reference = excluded.decision_reference, decided_on = excluded.decided_on, \
               created_by = excluded.created_by, created_at = excluded.created_at";
    exec!(tx, conn => sqlx::query(sql)
        .bind(operator_id)
        .bind(i64::from(rule.years_after_exit))
        .bind(&rule.decision_reference)
        .bind(format_date(rule.decided_on))
        .bind(created_by)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// Every operator's rule, by operator id.
pub async fn rules(tx: &mut Tx) -> Result<Vec<Rule>> {
    let sql = format!("SELECT {RULE_COLUMNS} FROM retention_rules ORDER BY operator_id");
    let rows: Vec<RuleRow> = with_conn!(tx, conn => sqlx::query_as(&sql).fetch_all(conn).await)?;
    rows.into_iter().map(rule).collect()
}

pub async fn rule_for(tx: &mut Tx, operator_id: i64) -> Result<Option<Rule>> {
    let sql = format!("SELECT {RULE_COLUMNS} FROM retention_rules WHERE operator_id = $1");
    let row: Option<RuleRow> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(operator_id)
        .fetch_optional(conn)
        .await)?;
    row.map(rule).transpose()
}

/// The people of an operator whose retention period is over: not anonymised, with at least one
/// episode, none of them still open, and the last exit before `cutoff`. Ascending ids.
///
/// One query, reaching persons through their operator index and episodes through
/// `episodes_person`; the inner join leaves out people who were never referred.
pub async fn due_for_anonymisation(
    tx: &mut Tx,
    operator_id: i64,
    cutoff: Date,
) -> Result<Vec<i64>> {
    let sql = "SELECT p.id FROM persons p JOIN episodes e ON e.person_id = p.id \
               WHERE p.operator_id = $1 AND p.anonymised_at IS NULL \
               GROUP BY p.id \
               HAVING SUM(CASE WHEN e.status <> $2 THEN 1 ELSE 0 END) = 0 AND MAX(e.exit_on) < $3 \
               ORDER BY p.id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(operator_id)
        .bind(EpisodeStatus::Exited.code())
        .bind(format_date(cutoff))
        .fetch_all(conn)
        .await)?)
}

type PresenceRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// Which identifying data is held about a person now, by stable field name, in the order
/// [`anonymise`] would remove it; empty for an anonymised person or one that does not exist.
///
/// Names are "personnummer", "birth_date", "given_name", "family_name", "preferred_language",
/// "interpreter_needed", "protected_identity", "address", "phone", "email", "notes",
/// "appointments", "plan" (goals and their steps), "questionnaires" (answers and scores, which
/// are health data), "possible_duplicates" (flags linking the
/// person to another) and "account" (a participant login linked to the person). A text counts
/// when not blank, a flag when set, a list when it has any rows.
pub async fn identifying_fields(tx: &mut Tx, person_id: i64) -> Result<Vec<&'static str>> {
    let sql = "SELECT p.personnummer, p.birth_date, p.given_name, p.family_name, p.preferred_language, \
               p.interpreter_needed, p.protected_identity, p.address, p.phone, p.email, \
               (SELECT COUNT(*) FROM notes n JOIN episodes e ON e.id = n.episode_id WHERE e.person_id = p.id), \
               (SELECT COUNT(*) FROM appointments a JOIN episodes e ON e.id = a.episode_id WHERE e.person_id = p.id), \
               (SELECT COUNT(*) FROM plan_goals g JOIN episodes e ON e.id = g.episode_id WHERE e.person_id = p.id), \
               (SELECT COUNT(*) FROM questionnaire_responses r JOIN episodes e ON e.id = r.episode_id WHERE e.person_id = p.id), \
               (SELECT COUNT(*) FROM person_duplicates d WHERE d.person_id = p.id OR d.other_person_id = p.id), \
               (SELECT COUNT(*) FROM users u WHERE u.person_id = p.id) \
               FROM persons p WHERE p.id = $1";
    let row: Option<PresenceRow> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(person_id)
        .fetch_optional(conn)
        .await)?;
    let Some((
        personnummer,
        birth_date,
        given_name,
        family_name,
        preferred_language,
        interpreter_needed,
        protected_identity,
        address,
        phone,
        email,
        notes,
        appointments,
        goals,
        questionnaires,
        duplicates,
        accounts,
    )) = row
    else {
        return Ok(Vec::new());
    };
    let text = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
    let present = [
        ("personnummer", text(&personnummer)),
        ("birth_date", text(&birth_date)),
        ("given_name", text(&given_name)),
        ("family_name", text(&family_name)),
        ("preferred_language", text(&preferred_language)),
        ("interpreter_needed", interpreter_needed),
        ("protected_identity", protected_identity),
        ("address", text(&address)),
        ("phone", text(&phone)),
        ("email", text(&email)),
        ("notes", notes > 0),
        ("appointments", appointments > 0),
        ("plan", goals > 0),
        ("questionnaires", questionnaires > 0),
        ("possible_duplicates", duplicates > 0),
        ("account", accounts > 0),
    ];
    Ok(present
        .into_iter()
        .filter_map(|(name, held)| held.then_some(name))
        .collect())
}

/// Anonymises a person within the caller's transaction: clears every identifying column of the
/// person row, deletes the notes, appointments, plan and questionnaire answers of their episodes, deletes duplicate
/// flags touching them, and unlinks and deactivates a participant account linked to them.
/// Episodes, consents, follow-ups, attendance and income rows stay (see the module comment).
///
/// The first anonymisation time is kept if it runs again. The caller checks that no episode is
/// open: an open episode is still being worked on and needs the identity.
pub async fn anonymise(tx: &mut Tx, person_id: i64, now: Timestamp) -> Result<()> {
    let at = now.canonical();
    exec!(tx, conn => sqlx::query(
        "UPDATE persons SET personnummer = NULL, birth_date = NULL, given_name = NULL, family_name = NULL, \
         name_key = NULL, preferred_language = NULL, address = NULL, phone = NULL, email = NULL, \
         interpreter_needed = FALSE, protected_identity = FALSE, \
         anonymised_at = COALESCE(anonymised_at, $2), updated_at = $2 WHERE id = $1")
        .bind(person_id)
        .bind(&at)
        .execute(conn)
        .await)?;
    // Steps first: they reference the goals.
    let deletions = [
        "DELETE FROM plan_steps WHERE goal_id IN (SELECT g.id FROM plan_goals g \
         JOIN episodes e ON e.id = g.episode_id WHERE e.person_id = $1)",
        "DELETE FROM plan_goals WHERE episode_id IN (SELECT id FROM episodes WHERE person_id = $1)",
        "DELETE FROM notes WHERE episode_id IN (SELECT id FROM episodes WHERE person_id = $1)",
        "DELETE FROM appointments WHERE episode_id IN (SELECT id FROM episodes WHERE person_id = $1)",
        "DELETE FROM questionnaire_responses WHERE episode_id IN (SELECT id FROM episodes WHERE person_id = $1)",
        "DELETE FROM person_duplicates WHERE person_id = $1 OR other_person_id = $1",
        // The job title may identify; the membership's form and dates stay for effect 2.
        "UPDATE enterprise_memberships SET role_title = NULL WHERE person_id = $1",
    ];
    for sql in deletions {
        exec!(tx, conn => sqlx::query(sql).bind(person_id).execute(conn).await)?;
    }
    exec!(tx, conn => sqlx::query(
        "UPDATE users SET person_id = NULL, active = FALSE, updated_at = $2 WHERE person_id = $1")
        .bind(person_id)
        .bind(&at)
        .execute(conn)
        .await)?;
    Ok(())
}
