//! Organisations: operators, partners and financiers.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::organisation::{Organisation, OrganisationDraft};
use stegvis_domain::orgnumber::OrgNumber;
use stegvis_domain::timestamp::Timestamp;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    short_name: String,
    kind: String,
    org_number: Option<String>,
    created_at: String,
    updated_at: String,
}

impl TryFrom<Row> for Organisation {
    type Error = StorageError;

    fn try_from(row: Row) -> Result<Self> {
        Ok(Organisation {
            id: row.id,
            name: row.name,
            short_name: row.short_name,
            kind: row
                .kind
                .parse()
                .map_err(|_| StorageError::Corrupt(format!("organisation kind '{}'", row.kind)))?,
            org_number: row
                .org_number
                .map(|n| OrgNumber::parse(&n))
                .transpose()
                .map_err(|_| StorageError::Corrupt("organisation number".into()))?,
            created_at: crate::schema::timestamp(&row.created_at)?,
            updated_at: crate::schema::timestamp(&row.updated_at)?,
        })
    }
}

const COLUMNS: &str = "id, name, short_name, kind, org_number, created_at, updated_at";

pub async fn insert(tx: &mut Tx, draft: &OrganisationDraft, now: Timestamp) -> Result<i64> {
    let sql = "INSERT INTO organisations (name, short_name, short_name_key, kind, org_number, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";
    let org_number = draft.org_number.as_ref().map(|n| n.canonical());
    let id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(&draft.name)
        .bind(&draft.short_name)
        .bind(draft.short_name.to_lowercase())
        .bind(draft.kind.code())
        .bind(&org_number)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Updates an organisation; returns false when there is no such organisation.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    draft: &OrganisationDraft,
    now: Timestamp,
) -> Result<bool> {
    let sql = "UPDATE organisations SET name = $2, short_name = $3, short_name_key = $4, kind = $5, \
               org_number = $6, updated_at = $7 WHERE id = $1";
    let org_number = draft.org_number.as_ref().map(|n| n.canonical());
    let result = exec!(tx, conn => sqlx::query(sql)
        .bind(id)
        .bind(&draft.name)
        .bind(&draft.short_name)
        .bind(draft.short_name.to_lowercase())
        .bind(draft.kind.code())
        .bind(&org_number)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(result == 1)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<Organisation>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE id = $1");
    let row =
        with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(id).fetch_optional(conn).await)?;
    row.map(Organisation::try_from).transpose()
}

/// Finds an organisation by its id or, case-insensitively, by its short name.
pub async fn find_by_reference(tx: &mut Tx, reference: &str) -> Result<Option<Organisation>> {
    if let Ok(id) = reference.trim().parse::<i64>() {
        return get(tx, id).await;
    }
    let sql = format!("SELECT {COLUMNS} FROM organisations WHERE short_name_key = $1");
    let key = reference.trim().to_lowercase();
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(&key).fetch_optional(conn).await)?;
    row.map(Organisation::try_from).transpose()
}

/// Every organisation. The register holds tens to a few hundred rows even nationally, so the
/// caller sorts in Swedish order in memory rather than relying on database collations.
pub async fn list(tx: &mut Tx) -> Result<Vec<Organisation>> {
    let sql = format!("SELECT {COLUMNS} FROM organisations ORDER BY id");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).fetch_all(conn).await)?;
    rows.into_iter().map(Organisation::try_from).collect()
}
