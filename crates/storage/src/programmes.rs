//! Programmes with their partners, budgets per financier and year, and targets.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::ProgrammeScope;
use stegvis_domain::money::Money;
use stegvis_domain::programme::{
    BudgetDraft, BudgetLine, Programme, ProgrammeDraft, Target, TargetDraft,
};
use stegvis_domain::timestamp::{Timestamp, format_date};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    operator_id: i64,
    name: String,
    starts_on: String,
    ends_on: String,
    focus: String,
    description: Option<String>,
    updated_at: String,
}

impl TryFrom<Row> for Programme {
    type Error = StorageError;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Programme {
            id: row.id,
            operator_id: row.operator_id,
            name: row.name,
            starts_on: crate::schema::date(&row.starts_on)?,
            ends_on: crate::schema::date(&row.ends_on)?,
            focus: row
                .focus
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("programme focus '{}'", row.focus)))?,
            description: row.description,
            updated_at: crate::schema::timestamp(&row.updated_at)?,
        })
    }
}

const COLUMNS: &str =
    "p.id, p.operator_id, p.name, p.starts_on, p.ends_on, p.focus, p.description, p.updated_at";

pub async fn insert(tx: &mut Tx, draft: &ProgrammeDraft, now: Timestamp) -> Result<i64> {
    let sql = "INSERT INTO programmes (operator_id, name, starts_on, ends_on, focus, description, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(draft.operator_id)
        .bind(&draft.name)
        .bind(format_date(draft.starts_on))
        .bind(format_date(draft.ends_on))
        .bind(draft.focus.code())
        .bind(&draft.description)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn update(tx: &mut Tx, id: i64, draft: &ProgrammeDraft, now: Timestamp) -> Result<bool> {
    let sql = "UPDATE programmes SET operator_id = $2, name = $3, starts_on = $4, ends_on = $5, focus = $6, \
               description = $7, updated_at = $8 WHERE id = $1";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(draft.operator_id)
        .bind(&draft.name)
        .bind(format_date(draft.starts_on))
        .bind(format_date(draft.ends_on))
        .bind(draft.focus.code())
        .bind(&draft.description)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// The SQL condition and its single parameter that limit programmes to a principal's scope.
/// The parameter is always bound as `$1`, so every scoped query starts its own parameters at `$2`.
pub(crate) fn scope_condition(scope: ProgrammeScope) -> (&'static str, i64) {
    match scope {
        ProgrammeScope::All => ("$1 = $1", 0),
        ProgrammeScope::Operator(org) => ("p.operator_id = $1", org),
        ProgrammeScope::OperatorOrPartner(org) => (
            "(p.operator_id = $1 \
              OR EXISTS (SELECT 1 FROM programme_partners pp WHERE pp.programme_id = p.id AND pp.organisation_id = $1) \
              OR EXISTS (SELECT 1 FROM programme_budgets pb WHERE pb.programme_id = p.id AND pb.organisation_id = $1))",
            org,
        ),
        ProgrammeScope::None => ("$1 <> $1", 0),
    }
}

/// One programme, or `None` if it does not exist *or* lies outside the scope: callers answer
/// both with 404 so nobody learns which ids exist elsewhere.
pub async fn get(tx: &mut Tx, scope: ProgrammeScope, id: i64) -> Result<Option<Programme>> {
    let (condition, param) = scope_condition(scope);
    let sql = format!("SELECT {COLUMNS} FROM programmes p WHERE {condition} AND p.id = $2");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).bind(id).fetch_optional(conn).await)?;
    row.map(Programme::try_from).transpose()
}

/// Names of the given programmes, in one query whatever the number, for documents that refer
/// to programmes across operators (such as a person's data export).
pub async fn names(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, name FROM programmes WHERE id IN ({})",
        crate::plans::placeholders(1, ids.len())
    );
    Ok(with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?)
}

pub async fn list(tx: &mut Tx, scope: ProgrammeScope) -> Result<Vec<Programme>> {
    let (condition, param) = scope_condition(scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM programmes p WHERE {condition} ORDER BY p.starts_on DESC, p.id DESC"
    );
    let rows =
        with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(param).fetch_all(conn).await)?;
    rows.into_iter().map(Programme::try_from).collect()
}

/// The months after exit at which the programme follows its participants up, e.g. "3,6,12".
pub async fn follow_up_months(tx: &mut Tx, programme_id: i64) -> Result<String> {
    let sql = "SELECT follow_up_months FROM programmes WHERE id = $1";
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, String>(sql).bind(programme_id).fetch_one(conn).await)?,
    )
}

/// The follow-up months (as stored) of the given programmes, in one query whatever the number.
pub async fn follow_up_months_of(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, follow_up_months FROM programmes WHERE id IN ({})",
        crate::plans::placeholders(1, ids.len())
    );
    Ok(with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(conn).await
    })?)
}

pub async fn set_follow_up_months(tx: &mut Tx, programme_id: i64, months: &[u8]) -> Result<()> {
    let text = months
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",");
    exec!(tx, conn => sqlx::query("UPDATE programmes SET follow_up_months = $2 WHERE id = $1")
        .bind(programme_id)
        .bind(text)
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn partners(tx: &mut Tx, programme_id: i64) -> Result<Vec<i64>> {
    let sql = "SELECT organisation_id FROM programme_partners WHERE programme_id = $1 ORDER BY organisation_id";
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql).bind(programme_id).fetch_all(conn).await)?,
    )
}

/// Replaces the set of partner organisations.
pub async fn set_partners(tx: &mut Tx, programme_id: i64, organisation_ids: &[i64]) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM programme_partners WHERE programme_id = $1")
        .bind(programme_id)
        .execute(conn)
        .await)?;
    for organisation_id in organisation_ids {
        exec!(tx, conn => sqlx::query("INSERT INTO programme_partners (programme_id, organisation_id) VALUES ($1, $2)")
            .bind(programme_id)
            .bind(organisation_id)
            .execute(conn)
            .await)?;
    }
    Ok(())
}

/// Sets a financier's budget for a year, replacing an earlier amount for the same year.
pub async fn upsert_budget(tx: &mut Tx, programme_id: i64, budget: &BudgetDraft) -> Result<i64> {
    let sql = "INSERT INTO programme_budgets (programme_id, organisation_id, year, amount_ore) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (programme_id, organisation_id, year) DO UPDATE SET amount_ore = excluded.amount_ore \
               RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(budget.organisation_id)
        .bind(i64::from(budget.year))
        .bind(budget.amount.ore())
        .fetch_one(conn)
        .await)?)
}

pub async fn delete_budget(tx: &mut Tx, programme_id: i64, line_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query("DELETE FROM programme_budgets WHERE programme_id = $1 AND id = $2")
        .bind(programme_id)
        .bind(line_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

pub async fn budgets(tx: &mut Tx, programme_id: i64) -> Result<Vec<BudgetLine>> {
    let sql = "SELECT id, organisation_id, year, amount_ore FROM programme_budgets WHERE programme_id = $1 \
               ORDER BY year, organisation_id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64, i64)>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, organisation_id, year, amount)| {
            Ok(BudgetLine {
                id,
                organisation_id,
                year: i32::try_from(year)
                    .map_err(|_| StorageError::Corrupt(format!("budget year {year}")))?,
                amount: Money::from_ore(amount),
            })
        })
        .collect()
}

/// Removes budget lines that fall outside a (changed) programme period.
pub async fn delete_budgets_outside(
    tx: &mut Tx,
    programme_id: i64,
    first_year: i32,
    last_year: i32,
) -> Result<u64> {
    Ok(
        exec!(tx, conn => sqlx::query("DELETE FROM programme_budgets WHERE programme_id = $1 AND (year < $2 OR year > $3)")
        .bind(programme_id)
        .bind(i64::from(first_year))
        .bind(i64::from(last_year))
        .execute(conn)
        .await)?,
    )
}

pub async fn insert_target(tx: &mut Tx, programme_id: i64, target: &TargetDraft) -> Result<i64> {
    let sql = "INSERT INTO programme_targets (programme_id, kind, description, target_value, due_on) VALUES ($1, $2, $3, $4, $5) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(target.kind.code())
        .bind(&target.description)
        .bind(target.target_value)
        .bind(target.due_on.map(format_date))
        .fetch_one(conn)
        .await)?)
}

/// Deletes a target with its readings.
pub async fn delete_target(tx: &mut Tx, programme_id: i64, target_id: i64) -> Result<bool> {
    exec!(tx, conn => sqlx::query("DELETE FROM target_readings WHERE target_id IN (SELECT id FROM programme_targets WHERE programme_id = $1 AND id = $2)")
        .bind(programme_id)
        .bind(target_id)
        .execute(conn)
        .await)?;
    let affected = exec!(tx, conn => sqlx::query("DELETE FROM programme_targets WHERE programme_id = $1 AND id = $2")
        .bind(programme_id)
        .bind(target_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

pub async fn targets(tx: &mut Tx, programme_id: i64) -> Result<Vec<Target>> {
    let sql = "SELECT id, kind, description, target_value, due_on FROM programme_targets WHERE programme_id = $1 ORDER BY id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, String, i64, Option<String>)>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, kind, description, target_value, due_on)| {
            Ok(Target {
                id,
                kind: kind
                    .parse()
                    .map_err(|_| StorageError::Corrupt(format!("target kind '{kind}'")))?,
                description,
                target_value,
                due_on: crate::schema::optional_date(due_on.as_deref())?,
            })
        })
        .collect()
}
