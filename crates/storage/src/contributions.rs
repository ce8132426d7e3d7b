//! Partners' contributions to a programme per month, their hourly costs per year, the
//! partners' roles and who of their staff may refer (migration 0016).

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::contribution::{Contribution, ContributionDraft, Hours, Rate};
use stegvis_domain::income::YearMonth;
use stegvis_domain::money::Money;
use stegvis_domain::partner_role::{PartnerRole, PartnerRoleDraft};
use stegvis_domain::timestamp::Timestamp;

type ContributionRow = (
    i64,
    i64,
    i64,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    Option<String>,
);

const COLUMNS: &str = "id, programme_id, organisation_id, month, coordination_hundredths, \
    participant_support_hundredths, outreach_hundredths, steering_hundredths, \
    administration_hundredths, money_ore, in_kind_ore, in_kind_description";

fn hundredths(value: i64) -> Result<u32> {
    u32::try_from(value).map_err(|_| StorageError::Corrupt(format!("hours {value}")))
}

fn contribution(row: ContributionRow) -> Result<Contribution> {
    let (id, programme_id, organisation_id, month, h0, h1, h2, h3, h4, money, in_kind, text) = row;
    let hours: Hours = [
        hundredths(h0)?,
        hundredths(h1)?,
        hundredths(h2)?,
        hundredths(h3)?,
        hundredths(h4)?,
    ];
    Ok(Contribution {
        id,
        programme_id,
        organisation_id,
        month: YearMonth::parse(&month)
            .map_err(|_| StorageError::Corrupt(format!("contribution month '{month}'")))?,
        hours,
        money: Money::from_ore(money),
        in_kind: Money::from_ore(in_kind),
        in_kind_description: text,
    })
}

/// A programme's contributions, by month and organisation; only `month` when given.
pub async fn list(
    tx: &mut Tx,
    programme_id: i64,
    month: Option<YearMonth>,
) -> Result<Vec<Contribution>> {
    let filter = month.map(|m| m.to_string()).unwrap_or_default();
    let sql = format!(
        "SELECT {COLUMNS} FROM programme_contributions WHERE programme_id = $1 AND ($2 = '' OR month = $2) \
         ORDER BY month, organisation_id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ContributionRow>(&sql)
        .bind(programme_id)
        .bind(filter)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(contribution).collect()
}

pub async fn get(tx: &mut Tx, programme_id: i64, id: i64) -> Result<Option<Contribution>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM programme_contributions WHERE programme_id = $1 AND id = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ContributionRow>(&sql)
        .bind(programme_id)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(contribution).transpose()
}

/// Records a month of a partner's contribution, replacing what was recorded for the same
/// partner and month; returns the id.
pub async fn upsert(
    tx: &mut Tx,
    programme_id: i64,
    draft: &ContributionDraft,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO programme_contributions (programme_id, organisation_id, month, coordination_hundredths, \
               participant_support_hundredths, outreach_hundredths, steering_hundredths, administration_hundredths, \
               money_ore, in_kind_ore, in_kind_description, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
               ON CONFLICT (programme_id, organisation_id, month) DO UPDATE SET \
               coordination_hundredths = excluded.coordination_hundredths, \
               participant_support_hundredths = excluded.participant_support_hundredths, \
               outreach_hundredths = excluded.outreach_hundredths, \
               steering_hundredths = excluded.steering_hundredths, \
               administration_hundredths = excluded.administration_hundredths, \
               money_ore = excluded.money_ore, in_kind_ore = excluded.in_kind_ore, \
               in_kind_description = excluded.in_kind_description, updated_at = excluded.updated_at \
               RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(draft.organisation_id)
        .bind(draft.month.to_string())
        .bind(i64::from(draft.hours[0]))
        .bind(i64::from(draft.hours[1]))
        .bind(i64::from(draft.hours[2]))
        .bind(i64::from(draft.hours[3]))
        .bind(i64::from(draft.hours[4]))
        .bind(draft.money.ore())
        .bind(draft.in_kind.ore())
        .bind(&draft.in_kind_description)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Changes a recorded month in place (partner and month too); `false` if there is no such
/// contribution in the programme. Another row for the same partner and month is a conflict.
pub async fn update(
    tx: &mut Tx,
    programme_id: i64,
    id: i64,
    draft: &ContributionDraft,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE programme_contributions SET organisation_id = $3, month = $4, coordination_hundredths = $5, \
               participant_support_hundredths = $6, outreach_hundredths = $7, steering_hundredths = $8, \
               administration_hundredths = $9, money_ore = $10, in_kind_ore = $11, in_kind_description = $12, \
               updated_at = $13 WHERE programme_id = $1 AND id = $2";
    let affected = exec!(tx, conn => sqlx::query(sql)
        .bind(programme_id)
        .bind(id)
        .bind(draft.organisation_id)
        .bind(draft.month.to_string())
        .bind(i64::from(draft.hours[0]))
        .bind(i64::from(draft.hours[1]))
        .bind(i64::from(draft.hours[2]))
        .bind(i64::from(draft.hours[3]))
        .bind(i64::from(draft.hours[4]))
        .bind(draft.money.ore())
        .bind(draft.in_kind.ore())
        .bind(&draft.in_kind_description)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

pub async fn delete(tx: &mut Tx, programme_id: i64, id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query("DELETE FROM programme_contributions WHERE programme_id = $1 AND id = $2")
        .bind(programme_id)
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Sets a partner's hourly cost for a year, replacing an earlier one.
pub async fn upsert_rate(tx: &mut Tx, programme_id: i64, rate: &Rate) -> Result<()> {
    let sql = "INSERT INTO programme_rates (programme_id, organisation_id, year, hourly_ore) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (programme_id, organisation_id, year) DO UPDATE SET hourly_ore = excluded.hourly_ore";
    exec!(tx, conn => sqlx::query(sql)
        .bind(programme_id)
        .bind(rate.organisation_id)
        .bind(i64::from(rate.year))
        .bind(rate.hourly.ore())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn rates(tx: &mut Tx, programme_id: i64) -> Result<Vec<Rate>> {
    let sql = "SELECT organisation_id, year, hourly_ore FROM programme_rates WHERE programme_id = $1 \
               ORDER BY year, organisation_id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, i64)>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(organisation_id, year, hourly)| {
            Ok(Rate {
                organisation_id,
                year: i32::try_from(year)
                    .map_err(|_| StorageError::Corrupt(format!("rate year {year}")))?,
                hourly: Money::from_ore(hourly),
            })
        })
        .collect()
}

/// Counted episodes (with intake, not registered in error) in the programme at some time from
/// `from` to `to`: the same rule as the funder statistics' "participants during the period".
pub async fn participants_between(
    tx: &mut Tx,
    programme_id: i64,
    from: time::Date,
    to: time::Date,
) -> Result<u64> {
    let sql = format!(
        "SELECT COUNT(*) FROM episodes e WHERE e.programme_id = $1 AND {counted} \
         AND e.intake_on <= $3 AND (e.exit_on IS NULL OR e.exit_on >= $2)",
        counted = crate::effects::counted("e"),
    );
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(programme_id)
        .bind(stegvis_domain::timestamp::format_date(from))
        .bind(stegvis_domain::timestamp::format_date(to))
        .fetch_one(conn)
        .await)?;
    u64::try_from(n).map_err(|_| StorageError::Corrupt(format!("count {n}")))
}

type RoleRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The roles recorded for a programme's partners.
pub async fn roles(tx: &mut Tx, programme_id: i64) -> Result<Vec<PartnerRole>> {
    let sql = "SELECT organisation_id, contributes, contact_name, contact_role, contact_email \
               FROM programme_partner_roles WHERE programme_id = $1 ORDER BY organisation_id";
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, RoleRow>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(organisation_id, contributes, contact_name, contact_role, contact_email)| {
                PartnerRole {
                    organisation_id,
                    contributes,
                    contact_name,
                    contact_role,
                    contact_email,
                }
            },
        )
        .collect())
}

pub async fn upsert_role(
    tx: &mut Tx,
    programme_id: i64,
    organisation_id: i64,
    draft: &PartnerRoleDraft,
    now: Timestamp,
) -> Result<()> {
    let sql = "INSERT INTO programme_partner_roles (programme_id, organisation_id, contributes, contact_name, \
               contact_role, contact_email, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
               ON CONFLICT (programme_id, organisation_id) DO UPDATE SET contributes = excluded.contributes, \
               contact_name = excluded.contact_name, contact_role = excluded.contact_role, \
               contact_email = excluded.contact_email, updated_at = excluded.updated_at";
    exec!(tx, conn => sqlx::query(sql)
        .bind(programme_id)
        .bind(organisation_id)
        .bind(&draft.contributes)
        .bind(&draft.contact_name)
        .bind(&draft.contact_role)
        .bind(&draft.contact_email)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The users who may refer to the programme.
pub async fn referrers(tx: &mut Tx, programme_id: i64) -> Result<Vec<i64>> {
    let sql = "SELECT user_id FROM programme_referrers WHERE programme_id = $1 ORDER BY user_id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .fetch_all(conn)
        .await)?)
}

/// Replaces which of one organisation's users may refer to the programme.
pub async fn set_referrers(
    tx: &mut Tx,
    programme_id: i64,
    organisation_id: i64,
    user_ids: &[i64],
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "DELETE FROM programme_referrers WHERE programme_id = $1 \
         AND user_id IN (SELECT id FROM users WHERE organisation_id = $2)")
        .bind(programme_id)
        .bind(organisation_id)
        .execute(conn)
        .await)?;
    for user_id in user_ids {
        exec!(tx, conn => sqlx::query("INSERT INTO programme_referrers (programme_id, user_id) VALUES ($1, $2)")
            .bind(programme_id)
            .bind(user_id)
            .execute(conn)
            .await)?;
    }
    Ok(())
}

/// Whether the programme names any referrers of the organisation at all: until it does,
/// everyone of the organisation with the right role may refer, as before migration 0016.
pub async fn organisation_restricts_referrals(
    tx: &mut Tx,
    programme_id: i64,
    organisation_id: i64,
) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM programme_referrers r JOIN users u ON u.id = r.user_id \
               WHERE r.programme_id = $1 AND u.organisation_id = $2";
    let n = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(organisation_id)
        .fetch_one(conn)
        .await)?;
    Ok(n > 0)
}
