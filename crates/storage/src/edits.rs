//! The version check behind every edit form (optimistic concurrency, decision 0030): a record's
//! `updated_at` is its version, and an edit first claims the record by moving that version
//! forward only if it is still the one the edit was made from. On PostgreSQL the claim's
//! `UPDATE … WHERE updated_at = $stored` waits for a concurrent writer of the row and then
//! re-checks, so of two simultaneous saves exactly one claims the record; on SQLite the single
//! writer already orders them.

use crate::{Result, Tx, exec, with_conn};
use stegvis_domain::timestamp::Timestamp;

/// The kinds of record that have an edit form. A closed set, so the table name in the SQL
/// below never comes from input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editable {
    Person,
    Organisation,
    User,
    Programme,
    Enterprise,
    Idea,
}

impl Editable {
    fn table(self) -> &'static str {
        match self {
            Editable::Person => "persons",
            Editable::Organisation => "organisations",
            Editable::User => "users",
            Editable::Programme => "programmes",
            Editable::Enterprise => "enterprises",
            Editable::Idea => "ideas",
        }
    }
}

/// The stored version of a record, or `None` if there is no such record.
pub async fn stored_version(tx: &mut Tx, record: Editable, id: i64) -> Result<Option<Timestamp>> {
    let sql = format!("SELECT updated_at FROM {} WHERE id = $1", record.table());
    let stored: Option<String> = with_conn!(tx, conn => sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    stored
        .map(|text| crate::schema::timestamp(&text))
        .transpose()
}

/// Moves the record from version `stored` to `next`; false if it is no longer at `stored`.
pub async fn claim(
    tx: &mut Tx,
    record: Editable,
    id: i64,
    stored: Timestamp,
    next: Timestamp,
) -> Result<bool> {
    let sql = format!(
        "UPDATE {} SET updated_at = $3 WHERE id = $1 AND updated_at = $2",
        record.table()
    );
    let affected = exec!(tx, conn => sqlx::query(&sql)
        .bind(id)
        .bind(stored.canonical())
        .bind(next.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}
