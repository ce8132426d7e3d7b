//! Participants in enterprises (memberships), the enterprises' year figures, and the link from
//! an enterprise representative's account to their enterprise.

use crate::{Result, StorageError, Tx, exec, with_conn};
use std::collections::HashMap;
use stegvis_domain::access::PersonScope;
use stegvis_domain::enterprise_figures::{HeadCounts, Membership, MembershipDraft, YearFigures};
use stegvis_domain::money::Money;
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

type MembershipRow = (
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    String,
    Option<String>,
);

fn membership_from(row: MembershipRow) -> Result<Membership> {
    let (id, enterprise_id, person_id, given, family, form, role_title, hours, starts, ends) = row;
    Ok(Membership {
        id,
        enterprise_id,
        person_id,
        person_name: match (given, family) {
            (Some(g), Some(f)) => format!("{g} {f}"),
            _ => String::new(),
        },
        form: crate::schema::code("employment form", &form)?,
        role_title,
        hours_tenths: hours,
        starts_on: crate::schema::date(&starts)?,
        ends_on: crate::schema::optional_date(ends.as_deref())?,
    })
}

const MEMBERSHIP_COLUMNS: &str = "m.id, m.enterprise_id, m.person_id, p.given_name, p.family_name, m.form, \
     m.role_title, m.hours_tenths, m.starts_on, m.ends_on";

pub async fn insert_membership(
    tx: &mut Tx,
    enterprise_id: i64,
    draft: &MembershipDraft,
    created_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO enterprise_memberships (enterprise_id, person_id, form, role_title, hours_tenths, \
               starts_on, ends_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(enterprise_id)
        .bind(draft.person_id)
        .bind(draft.form.code())
        .bind(&draft.role_title)
        .bind(draft.hours_tenths)
        .bind(format_date(draft.starts_on))
        .bind(draft.ends_on.map(format_date))
        .bind(created_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Changes a membership of this enterprise (not its person); `false` if there is none.
pub async fn update_membership(
    tx: &mut Tx,
    enterprise_id: i64,
    id: i64,
    draft: &MembershipDraft,
) -> Result<bool> {
    let sql = "UPDATE enterprise_memberships SET form = $3, role_title = $4, hours_tenths = $5, starts_on = $6, \
               ends_on = $7 WHERE id = $1 AND enterprise_id = $2";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(enterprise_id)
        .bind(draft.form.code())
        .bind(&draft.role_title)
        .bind(draft.hours_tenths)
        .bind(format_date(draft.starts_on))
        .bind(draft.ends_on.map(format_date))
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

pub async fn end_membership(tx: &mut Tx, enterprise_id: i64, id: i64, on: Date) -> Result<bool> {
    let sql = "UPDATE enterprise_memberships SET ends_on = $3 WHERE id = $1 AND enterprise_id = $2";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(enterprise_id)
        .bind(format_date(on))
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// One membership of an enterprise, of a person within the scope.
pub async fn membership(
    tx: &mut Tx,
    scope: PersonScope,
    enterprise_id: i64,
    id: i64,
) -> Result<Option<Membership>> {
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM enterprise_memberships m JOIN persons p ON p.id = m.person_id \
         WHERE {condition} AND m.id = $2 AND m.enterprise_id = $3"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, MembershipRow>(&sql)
        .bind(param)
        .bind(id)
        .bind(enterprise_id)
        .fetch_optional(conn)
        .await)?;
    row.map(membership_from).transpose()
}

/// The memberships of an enterprise of people within the scope, with their names, in one
/// query: current ones first (no end), then by start date.
pub async fn memberships(
    tx: &mut Tx,
    scope: PersonScope,
    enterprise_id: i64,
) -> Result<Vec<Membership>> {
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM enterprise_memberships m JOIN persons p ON p.id = m.person_id \
         WHERE {condition} AND m.enterprise_id = $2 \
         ORDER BY CASE WHEN m.ends_on IS NULL THEN 0 ELSE 1 END, m.starts_on DESC, m.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, MembershipRow>(&sql)
        .bind(param)
        .bind(enterprise_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(membership_from).collect()
}

/// The memberships of one person within the scope, with the enterprise's name, for the
/// participant's own page.
pub async fn memberships_of_person(
    tx: &mut Tx,
    scope: PersonScope,
    person_id: i64,
) -> Result<Vec<(String, Membership)>> {
    let (condition, param) = crate::scope::persons(scope);
    let sql = format!(
        "SELECT e.name, {MEMBERSHIP_COLUMNS} FROM enterprise_memberships m JOIN persons p ON p.id = m.person_id \
         JOIN enterprises e ON e.id = m.enterprise_id WHERE {condition} AND m.person_id = $2 \
         ORDER BY m.starts_on DESC, m.id"
    );
    type Row = (
        String,
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(param)
        .bind(person_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(name, a, b, c, d, e, f, g, h, i, j)| {
            Ok((name, membership_from((a, b, c, d, e, f, g, h, i, j))?))
        })
        .collect()
}

/// How many people an enterprise has linked (any form) and how many in an employment form,
/// on a day: what the enterprise representative sees instead of names.
pub async fn linked_counts(tx: &mut Tx, enterprise_id: i64, day: Date) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(DISTINCT person_id), \
               COUNT(DISTINCT CASE WHEN form IN ('employed', 'wage-subsidy', 'nystartsjobb') THEN person_id END) \
               FROM enterprise_memberships WHERE enterprise_id = $1 AND starts_on <= $2 \
               AND (ends_on IS NULL OR ends_on >= $2)";
    Ok(with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64)>(sql)
        .bind(enterprise_id)
        .bind(format_date(day))
        .fetch_one(conn)
        .await)?)
}

/// Effect 2 for a programme: how many of its participants have held a job (an employment
/// form) in a social enterprise at any time, and how many hold one on `today`. One query;
/// episodes registered in error do not count (docs/methods.md).
pub async fn programme_job_counts(
    tx: &mut Tx,
    programme_id: i64,
    today: Date,
) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(DISTINCT m.person_id), \
               COUNT(DISTINCT CASE WHEN m.starts_on <= $2 AND (m.ends_on IS NULL OR m.ends_on >= $2) \
                     THEN m.person_id END) \
               FROM enterprise_memberships m \
               WHERE m.form IN ('employed', 'wage-subsidy', 'nystartsjobb') \
               AND m.person_id IN (SELECT ep.person_id FROM episodes ep WHERE ep.programme_id = $1 \
                   AND (ep.exit_reason IS NULL OR ep.exit_reason <> 'registered-in-error'))";
    Ok(with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64)>(sql)
        .bind(programme_id)
        .bind(format_date(today))
        .fetch_one(conn)
        .await)?)
}

type FiguresRow = (i64, i64, i64, i64, i64, i64, String, i64, i64, i64);

pub(crate) fn figures(row: FiguresRow) -> Result<YearFigures> {
    let (year, turnover, result, wages, public, reinvested, counted, employees, target, units) =
        row;
    Ok(YearFigures {
        year: i32::try_from(year)
            .map_err(|_| StorageError::Corrupt(format!("figures year {year}")))?,
        turnover: Money::from_ore(turnover),
        result: Money::from_ore(result),
        wage_costs: Money::from_ore(wages),
        public_revenue: Money::from_ore(public),
        reinvested_surplus: Money::from_ore(reinvested),
        head_counts: HeadCounts {
            counted_on: crate::schema::date(&counted)?,
            employees,
            target_group: target,
            work_units_tenths: units,
        },
    })
}

const FIGURES_COLUMNS: &str = "year, turnover_ore, result_ore, wage_costs_ore, public_revenue_ore, \
     reinvested_surplus_ore, counted_on, employees, target_group, work_units_tenths";

/// Saves the figures of a year, replacing those already saved for it. `true` when the year
/// was new.
pub async fn save_figures(
    tx: &mut Tx,
    enterprise_id: i64,
    f: &YearFigures,
    by: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let existing = figures_of_year(tx, enterprise_id, f.year).await?.is_some();
    let sql = if existing {
        "UPDATE enterprise_figures SET turnover_ore = $3, result_ore = $4, wage_costs_ore = $5, \
         public_revenue_ore = $6, reinvested_surplus_ore = $7, counted_on = $8, employees = $9, \
         target_group = $10, work_units_tenths = $11, updated_by = $12, updated_at = $13 \
         WHERE enterprise_id = $1 AND year = $2"
    } else {
        "INSERT INTO enterprise_figures (enterprise_id, year, turnover_ore, result_ore, wage_costs_ore, \
         public_revenue_ore, reinvested_surplus_ore, counted_on, employees, target_group, work_units_tenths, \
         updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    };
    exec!(tx, conn => sqlx::query(sql)
        .bind(enterprise_id)
        .bind(i64::from(f.year))
        .bind(f.turnover.ore())
        .bind(f.result.ore())
        .bind(f.wage_costs.ore())
        .bind(f.public_revenue.ore())
        .bind(f.reinvested_surplus.ore())
        .bind(format_date(f.head_counts.counted_on))
        .bind(f.head_counts.employees)
        .bind(f.head_counts.target_group)
        .bind(f.head_counts.work_units_tenths)
        .bind(by)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(!existing)
}

pub async fn figures_of_year(
    tx: &mut Tx,
    enterprise_id: i64,
    year: i32,
) -> Result<Option<YearFigures>> {
    let sql = format!(
        "SELECT {FIGURES_COLUMNS} FROM enterprise_figures WHERE enterprise_id = $1 AND year = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, FiguresRow>(&sql)
        .bind(enterprise_id)
        .bind(i64::from(year))
        .fetch_optional(conn)
        .await)?;
    row.map(figures).transpose()
}

/// Every year of figures of an enterprise, oldest first.
pub async fn all_figures(tx: &mut Tx, enterprise_id: i64) -> Result<Vec<YearFigures>> {
    let sql = format!(
        "SELECT {FIGURES_COLUMNS} FROM enterprise_figures WHERE enterprise_id = $1 ORDER BY year"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, FiguresRow>(&sql)
        .bind(enterprise_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(figures).collect()
}

/// The head counts of the latest reported year of every publicly listed enterprise, in one
/// query: the public directory's qualification for reserved contracts.
pub async fn latest_public_head_counts(tx: &mut Tx) -> Result<HashMap<i64, HeadCounts>> {
    let sql = "SELECT f.enterprise_id, f.counted_on, f.employees, f.target_group, f.work_units_tenths \
               FROM enterprise_figures f JOIN enterprises e ON e.id = f.enterprise_id \
               WHERE e.public_listing = $1 \
               AND f.year = (SELECT MAX(g.year) FROM enterprise_figures g WHERE g.enterprise_id = f.enterprise_id)";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, i64, i64, i64)>(sql)
        .bind(true)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, counted, employees, target_group, units)| {
            Ok((
                id,
                HeadCounts {
                    counted_on: crate::schema::date(&counted)?,
                    employees,
                    target_group,
                    work_units_tenths: units,
                },
            ))
        })
        .collect()
}

/// The enterprise an account reports for, if any.
pub async fn enterprise_of_user(tx: &mut Tx, user_id: i64) -> Result<Option<i64>> {
    let sql = "SELECT enterprise_id FROM users WHERE id = $1";
    let id: Option<Option<i64>> =
        with_conn!(tx, conn => sqlx::query_scalar(sql).bind(user_id).fetch_optional(conn).await)?;
    Ok(id.flatten())
}

pub async fn link_user(tx: &mut Tx, user_id: i64, enterprise_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query("UPDATE users SET enterprise_id = $2 WHERE id = $1")
        .bind(user_id)
        .bind(enterprise_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Whether a person has taken part in a programme (an episode past referral): only
/// participants are linked to enterprises, never someone merely referred.
pub async fn is_participant(tx: &mut Tx, person_id: i64) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM episodes WHERE person_id = $1 AND status <> 'referred'";
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql).bind(person_id).fetch_one(conn).await)?;
    Ok(n > 0)
}
