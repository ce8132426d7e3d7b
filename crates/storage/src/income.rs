//! The monthly income timeline: one row per person, month and income source.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::PersonScope;
use stegvis_domain::income::{Change, IncomeMonth, IncomeSource, MonthChange, YearMonth};
use stegvis_domain::money::Money;

/// A person's whole timeline, oldest month first; empty outside the scope.
pub async fn for_person(
    tx: &mut Tx,
    scope: PersonScope,
    person_id: i64,
) -> Result<Vec<IncomeMonth>> {
    let (condition, param) = crate::scope::person_of(scope, "i.person_id");
    let sql = format!(
        "SELECT i.month, i.source, i.share_percent, i.amount_ore FROM income_months i \
         WHERE {condition} AND i.person_id = $2 ORDER BY i.month, i.source"
    );
    let rows: Vec<(String, String, i64, Option<i64>)> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(person_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(month, source, share, amount)| {
            Ok(IncomeMonth {
                month: YearMonth::parse(&month)
                    .map_err(|_| StorageError::Corrupt(format!("income month '{month}'")))?,
                source: source
                    .parse::<IncomeSource>()
                    .map_err(|()| StorageError::Corrupt(format!("income source '{source}'")))?,
                share_percent: u8::try_from(share)
                    .map_err(|_| StorageError::Corrupt(format!("income share {share}")))?,
                amount: amount.map(Money::from_ore),
            })
        })
        .collect()
}

/// Writes the changes computed by `stegvis_domain::income::apply_range`.
pub async fn apply(tx: &mut Tx, person_id: i64, changes: &[MonthChange]) -> Result<()> {
    for change in changes {
        exec!(tx, conn => sqlx::query(
            "DELETE FROM income_months WHERE person_id = $1 AND month = $2 AND source = $3")
            .bind(person_id)
            .bind(change.month.to_string())
            .bind(change.source.code())
            .execute(conn)
            .await)?;
        if let Change::Set {
            share_percent,
            amount,
        } = change.change
        {
            exec!(tx, conn => sqlx::query(
                "INSERT INTO income_months (person_id, month, source, share_percent, amount_ore) VALUES ($1, $2, $3, $4, $5)")
                .bind(person_id)
                .bind(change.month.to_string())
                .bind(change.source.code())
                .bind(i64::from(share_percent))
                .bind(amount.map(Money::ore))
                .execute(conn)
                .await)?;
        }
    }
    Ok(())
}
