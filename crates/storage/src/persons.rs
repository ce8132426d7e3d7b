//! People: identity, names, contact details, possible duplicates and declined referrals.
//!
//! Every query that returns people takes the caller's [`PersonScope`] and applies it in SQL, so
//! a person outside the scope is indistinguishable from one that does not exist.

use crate::schema::{code, escape_like, optional_date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::person::{Person, PersonDraft, PersonFilter, PersonSex};
use stegvis_domain::personnummer::Personnummer;
use stegvis_domain::timestamp::{Timestamp, format_date};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    operator_id: i64,
    personnummer: Option<String>,
    birth_year: i64,
    birth_date: Option<String>,
    sex: String,
    given_name: Option<String>,
    family_name: Option<String>,
    preferred_language: Option<String>,
    interpreter_needed: bool,
    protected_identity: bool,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    created_at: String,
    updated_at: String,
    anonymised_at: Option<String>,
}

impl TryFrom<Row> for Person {
    type Error = StorageError;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Person {
            id: row.id,
            operator_id: row.operator_id,
            personnummer: row
                .personnummer
                .as_deref()
                .map(Personnummer::parse_canonical)
                .transpose()
                .map_err(|_| StorageError::Corrupt(format!("personnummer of person {}", row.id)))?,
            birth_year: i32::try_from(row.birth_year)
                .map_err(|_| StorageError::Corrupt(format!("birth year {}", row.birth_year)))?,
            birth_date: optional_date(row.birth_date.as_deref())?,
            sex: code("sex", &row.sex)?,
            given_name: row.given_name,
            family_name: row.family_name,
            preferred_language: row.preferred_language,
            interpreter_needed: row.interpreter_needed,
            protected_identity: row.protected_identity,
            address: row.address,
            phone: row.phone,
            email: row.email,
            created_at: timestamp(&row.created_at)?,
            updated_at: timestamp(&row.updated_at)?,
            anonymised_at: row.anonymised_at.as_deref().map(timestamp).transpose()?,
        })
    }
}

const COLUMNS: &str = "p.id, p.operator_id, p.personnummer, p.birth_year, p.birth_date, p.sex, \
    p.given_name, p.family_name, p.preferred_language, p.interpreter_needed, p.protected_identity, \
    p.address, p.phone, p.email, p.created_at, p.updated_at, p.anonymised_at";

pub async fn insert(
    tx: &mut Tx,
    operator_id: i64,
    draft: &PersonDraft,
    name_key: &str,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO persons (operator_id, personnummer, birth_year, birth_date, sex, given_name, family_name, \
               name_key, preferred_language, interpreter_needed, protected_identity, address, phone, email, \
               created_by, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(operator_id)
        .bind(draft.identity.personnummer().map(|p| p.canonical()))
        .bind(i64::from(draft.identity.birth_year()))
        .bind(draft.identity.birth_date().map(format_date))
        .bind(draft.identity.sex().code())
        .bind(&draft.given_name)
        .bind(&draft.family_name)
        .bind(name_key)
        .bind(&draft.preferred_language)
        .bind(draft.interpreter_needed)
        .bind(draft.protected_identity)
        .bind(&draft.contact.address)
        .bind(&draft.contact.phone)
        .bind(&draft.contact.email)
        .bind(created_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Replaces a person's details. The operator never changes.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    draft: &PersonDraft,
    name_key: &str,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE persons SET personnummer = $2, birth_year = $3, birth_date = $4, sex = $5, given_name = $6, \
               family_name = $7, name_key = $8, preferred_language = $9, interpreter_needed = $10, \
               protected_identity = $11, address = $12, phone = $13, email = $14, updated_at = $15 \
               WHERE id = $1 AND anonymised_at IS NULL";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(draft.identity.personnummer().map(|p| p.canonical()))
        .bind(i64::from(draft.identity.birth_year()))
        .bind(draft.identity.birth_date().map(format_date))
        .bind(draft.identity.sex().code())
        .bind(&draft.given_name)
        .bind(&draft.family_name)
        .bind(name_key)
        .bind(&draft.preferred_language)
        .bind(draft.interpreter_needed)
        .bind(draft.protected_identity)
        .bind(&draft.contact.address)
        .bind(&draft.contact.phone)
        .bind(&draft.contact.email)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// One person within the scope, or `None` (which callers answer with 404).
pub async fn get(tx: &mut Tx, scope: PersonScope, id: i64) -> Result<Option<Person>> {
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!("SELECT {COLUMNS} FROM persons p WHERE {condition} AND p.id = $2");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).bind(id).fetch_optional(conn).await)?;
    row.map(Person::try_from).transpose()
}

/// The person with this number at this operator, if any.
pub async fn find_by_number(
    tx: &mut Tx,
    operator_id: i64,
    number: &Personnummer,
) -> Result<Option<i64>> {
    let sql = "SELECT id FROM persons WHERE operator_id = $1 AND personnummer = $2";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(operator_id)
        .bind(number.canonical())
        .fetch_optional(conn)
        .await)?)
}

/// Candidates for the fuzzy duplicate check: same operator, birth year and sex, not anonymised.
pub async fn same_birth_year_and_sex(
    tx: &mut Tx,
    operator_id: i64,
    birth_year: i32,
    sex: PersonSex,
) -> Result<Vec<(i64, String, String)>> {
    let sql = "SELECT id, given_name, family_name FROM persons \
               WHERE operator_id = $1 AND birth_year = $2 AND sex = $3 AND anonymised_at IS NULL";
    let rows: Vec<(i64, Option<String>, Option<String>)> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(operator_id)
        .bind(i64::from(birth_year))
        .bind(sex.code())
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, g, f)| Some((id, g?, f?)))
        .collect())
}

pub async fn flag_duplicate(
    tx: &mut Tx,
    person_id: i64,
    other_id: i64,
    reason: &str,
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "INSERT INTO person_duplicates (person_id, other_person_id, reason) VALUES ($1, $2, $3)")
        .bind(person_id)
        .bind(other_id)
        .bind(reason)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Possible duplicates of a person not yet dismissed, in either direction: those within the
/// scope.
pub async fn open_duplicates(tx: &mut Tx, scope: PersonScope, person_id: i64) -> Result<Vec<i64>> {
    let (other, param) = crate::scope::person_of(scope, "d.other_person_id");
    let (other_back, _) = crate::scope::person_of(scope, "d.person_id");
    let sql = format!(
        "SELECT d.other_person_id FROM person_duplicates d \
         WHERE d.person_id = $2 AND d.dismissed_at IS NULL AND {other} \
         UNION SELECT d.person_id FROM person_duplicates d \
         WHERE d.other_person_id = $2 AND d.dismissed_at IS NULL AND {other_back}"
    );
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql).bind(param).bind(person_id).fetch_all(conn).await)?,
    )
}

pub async fn dismiss_duplicate(tx: &mut Tx, a: i64, b: i64, now: Timestamp) -> Result<bool> {
    let sql = "UPDATE person_duplicates SET dismissed_at = $3 WHERE dismissed_at IS NULL \
               AND ((person_id = $1 AND other_person_id = $2) OR (person_id = $2 AND other_person_id = $1))";
    let affected = exec!(tx, conn => sqlx::query(sql).bind(a).bind(b).bind(now.canonical()).execute(conn).await)?;
    Ok(affected > 0)
}

/// One page of people, newest first, and the total matching.
pub async fn search(
    tx: &mut Tx,
    scope: PersonScope,
    filter: &PersonFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Person>, i64)> {
    let (condition, scope_param) = crate::scope::persons(scope);
    let mut conditions = vec![condition.to_string(), "p.anonymised_at IS NULL".to_string()];
    let mut binds: Vec<Bind> = vec![Bind::Int(scope_param)];
    let mut next = 2;
    if let Some(number) = filter.number {
        conditions.push(format!("p.personnummer = ${next}"));
        binds.push(Bind::Text(number.canonical()));
        next += 1;
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 6
            && digits.len()
                == text
                    .chars()
                    .filter(|c| !matches!(c, '-' | '+' | ' '))
                    .count()
        {
            conditions.push(format!("p.personnummer LIKE ${next} ESCAPE '\\'"));
            binds.push(Bind::Text(format!("%{}%", escape_like(&digits))));
        } else {
            let key = stegvis_domain::names::name_key(text, "");
            if tx.engine() == crate::Engine::Sqlite && uses_name_index(&key) {
                // The FTS5 trigram index (migration 0014) finds the candidates; the LIKE below
                // keeps the answer exactly that of a scan.
                conditions.push(format!(
                    "p.id IN (SELECT rowid FROM persons_names WHERE persons_names.name_key LIKE ${next})"
                ));
            }
            conditions.push(format!("p.name_key LIKE ${next} ESCAPE '\\'"));
            binds.push(Bind::Text(format!("%{}%", escape_like(&key))));
        }
        next += 1;
    }
    let mut episode_conditions = Vec::new();
    if let Some(status) = filter.status {
        episode_conditions.push(format!("fe.status = ${next}"));
        binds.push(Bind::Text(status.code().to_string()));
        next += 1;
    }
    if let Some(programme_id) = filter.programme_id {
        episode_conditions.push(format!("fe.programme_id = ${next}"));
        binds.push(Bind::Int(programme_id));
        next += 1;
    }
    if let Some(partner_id) = filter.partner_id {
        episode_conditions.push(format!(
            "(fe.referring_organisation_id = ${next} OR fe.assigned_organisation_id = ${next})"
        ));
        binds.push(Bind::Int(partner_id));
        next += 1;
    }
    if let Some(due) = filter.follow_up_due_by {
        episode_conditions.push(format!(
            "EXISTS (SELECT 1 FROM follow_ups ff WHERE ff.episode_id = fe.id AND ff.done_on IS NULL AND ff.due_on <= ${next})"
        ));
        binds.push(Bind::Text(format_date(due)));
        next += 1;
    }
    if let PersonScope::Partner(_) = scope {
        // A case officer filters among the episodes their organisation may see, not others.
        episode_conditions
            .push("(fe.referring_organisation_id = $1 OR fe.assigned_organisation_id = $1)".into());
    }
    if !episode_conditions.is_empty() {
        // `IN (subquery)` lets both engines start from the episode indexes (programme and
        // status, partner) instead of probing episodes once per person of the operator.
        conditions.push(format!(
            "p.id IN (SELECT fe.person_id FROM episodes fe WHERE {})",
            episode_conditions.join(" AND ")
        ));
    }
    let where_clause = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM persons p WHERE {where_clause}");
    let page_sql = format!(
        "SELECT {COLUMNS} FROM persons p WHERE {where_clause} ORDER BY p.id DESC LIMIT ${next} OFFSET ${}",
        next + 1
    );
    let total = with_conn!(tx, conn => {
        let mut query = sqlx::query_scalar::<_, i64>(&count_sql);
        for bind in &binds {
            query = match bind {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.clone()),
            };
        }
        query.fetch_one(conn).await
    })?;
    let rows = with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, Row>(&page_sql);
        for bind in &binds {
            query = match bind {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.clone()),
            };
        }
        query.bind(limit).bind(offset).fetch_all(conn).await
    })?;
    let people = rows
        .into_iter()
        .map(Person::try_from)
        .collect::<Result<_>>()?;
    Ok((people, total))
}

/// Whether SQLite's trigram index can answer a search for this name key: it needs three
/// characters to make a trigram, and LIKE's wildcards are not escaped inside the index's own
/// LIKE (PostgreSQL's trigram index takes the ordinary condition as it is).
fn uses_name_index(key: &str) -> bool {
    key.chars().count() >= 3 && !key.contains(['%', '_', '\\'])
}

/// A value bound to a dynamically built statement.
enum Bind {
    Int(i64),
    Text(String),
}

/// Counts a referral the person declined, without identity.
pub async fn count_declined(
    tx: &mut Tx,
    programme_id: i64,
    sex: PersonSex,
    year: i32,
) -> Result<()> {
    exec!(tx, conn => sqlx::query("INSERT INTO declined_referrals (programme_id, sex, year) VALUES ($1, $2, $3)")
        .bind(programme_id)
        .bind(sex.code())
        .bind(i64::from(year))
        .execute(conn)
        .await)?;
    Ok(())
}

/// Declined referrals of a programme by sex and year.
pub async fn declined_counts(tx: &mut Tx, programme_id: i64) -> Result<Vec<(PersonSex, i32, i64)>> {
    let sql = "SELECT sex, year, COUNT(*) FROM declined_referrals WHERE programme_id = $1 \
               GROUP BY sex, year ORDER BY year, sex";
    let rows: Vec<(String, i64, i64)> =
        with_conn!(tx, conn => sqlx::query_as(sql).bind(programme_id).fetch_all(conn).await)?;
    rows.into_iter()
        .map(|(sex, year, n)| {
            Ok((
                code("sex", &sex)?,
                i32::try_from(year).map_err(|_| StorageError::Corrupt(format!("year {year}")))?,
                n,
            ))
        })
        .collect()
}

/// Removes a person and everything hanging off them. Used only when a referral is declined
/// before anything but identity was recorded; erasure otherwise anonymises.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM person_duplicates WHERE person_id = $1 OR other_person_id = $1",
        "DELETE FROM income_months WHERE person_id = $1",
        "DELETE FROM enterprise_memberships WHERE person_id = $1",
        "DELETE FROM idea_members WHERE person_id = $1",
        "UPDATE users SET person_id = NULL WHERE person_id = $1",
        "DELETE FROM persons WHERE id = $1",
    ] {
        exec!(tx, conn => sqlx::query(sql).bind(id).execute(conn).await)?;
    }
    Ok(())
}

/// The person a participant's user account is linked to.
pub async fn linked_to_user(tx: &mut Tx, user_id: i64) -> Result<Option<i64>> {
    let sql = "SELECT person_id FROM users WHERE id = $1";
    let id: Option<Option<i64>> =
        with_conn!(tx, conn => sqlx::query_scalar(sql).bind(user_id).fetch_optional(conn).await)?;
    Ok(id.flatten())
}

/// The account linked to a person, if any.
pub async fn user_linked_to(tx: &mut Tx, person_id: i64) -> Result<Option<i64>> {
    let sql = "SELECT id FROM users WHERE person_id = $1 ORDER BY id LIMIT 1";
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql).bind(person_id).fetch_optional(conn).await)?,
    )
}

pub async fn link_user(tx: &mut Tx, user_id: i64, person_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query("UPDATE users SET person_id = $2 WHERE id = $1")
        .bind(user_id)
        .bind(person_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Full names of several people within the scope, in one query; anonymised people have none.
pub async fn names(tx: &mut Tx, scope: PersonScope, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!(
        "SELECT p.id, p.given_name, p.family_name FROM persons p WHERE {condition} AND p.id IN ({})",
        crate::plans::placeholders(2, ids.len())
    );
    let rows: Vec<(i64, Option<String>, Option<String>)> = with_conn!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(param);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, g, f)| {
            (
                id,
                format!("{} {}", g.unwrap_or_default(), f.unwrap_or_default())
                    .trim()
                    .to_string(),
            )
        })
        .collect())
}
