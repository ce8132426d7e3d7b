//! Uploaded spreadsheets waiting for their import, and the column mappings remembered per
//! source (decision 0029). An upload is read only by the user who made it: its key is theirs.

use crate::{Result, StorageError, Tx, exec, with_conn};
use std::collections::BTreeMap;
use stegvis_domain::import::{ImportKind, Table};
use stegvis_domain::timestamp::Timestamp;

/// A file waiting on the import page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub id: i64,
    pub programme_id: i64,
    pub kind: ImportKind,
    pub source: String,
    pub file_name: String,
    pub table: Table,
    pub created_at: Timestamp,
}

/// A file to keep for the mapping step.
pub struct NewUpload<'a> {
    pub user_id: i64,
    pub programme_id: i64,
    pub kind: ImportKind,
    pub source: &'a str,
    pub file_name: &'a str,
    pub table: &'a Table,
}

/// Stores the user's upload for the programme, replacing any earlier one.
pub async fn save_upload(tx: &mut Tx, upload: &NewUpload<'_>, now: Timestamp) -> Result<i64> {
    let NewUpload {
        user_id,
        programme_id,
        kind,
        source,
        file_name,
        table,
    } = *upload;
    // The header row first, then the data rows, as one JSON array of arrays.
    let lines: Vec<&Vec<String>> = std::iter::once(&table.headers)
        .chain(table.rows.iter())
        .collect();
    let content =
        serde_json::to_string(&lines).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    exec!(tx, conn => sqlx::query("DELETE FROM import_uploads WHERE user_id = $1 AND programme_id = $2")
        .bind(user_id)
        .bind(programme_id)
        .execute(conn)
        .await)?;
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO import_uploads (programme_id, user_id, kind, source, file_name, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(programme_id)
        .bind(user_id)
        .bind(kind.code())
        .bind(source)
        .bind(file_name)
        .bind(&content)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The user's waiting upload for the programme, if any.
pub async fn upload(tx: &mut Tx, user_id: i64, programme_id: i64) -> Result<Option<Upload>> {
    let row = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, String, String, String, String)>(
        "SELECT id, kind, source, file_name, content, created_at FROM import_uploads \
         WHERE user_id = $1 AND programme_id = $2")
        .bind(user_id)
        .bind(programme_id)
        .fetch_optional(conn)
        .await)?;
    let Some((id, kind, source, file_name, content, created_at)) = row else {
        return Ok(None);
    };
    let mut lines: Vec<Vec<String>> =
        serde_json::from_str(&content).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let headers = if lines.is_empty() {
        Vec::new()
    } else {
        lines.remove(0)
    };
    Ok(Some(Upload {
        id,
        programme_id,
        kind: kind
            .parse()
            .map_err(|_| StorageError::Corrupt(format!("import kind {kind}")))?,
        source,
        file_name,
        table: Table {
            headers,
            rows: lines,
        },
        created_at: Timestamp::parse(&created_at)
            .map_err(|_| StorageError::Corrupt(format!("timestamp {created_at}")))?,
    }))
}

/// Removes an upload once imported.
pub async fn delete_upload(tx: &mut Tx, id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM import_uploads WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Removes every upload made before `cutoff`: files left waiting hold people's details.
pub async fn delete_uploads_before(tx: &mut Tx, cutoff: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query("DELETE FROM import_uploads WHERE created_at < $1")
        .bind(cutoff.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The mapping last used for this source: template header to file header.
pub async fn mapping(
    tx: &mut Tx,
    operator_id: i64,
    kind: ImportKind,
    source: &str,
) -> Result<Option<BTreeMap<String, String>>> {
    let text = with_conn!(tx, conn => sqlx::query_scalar::<_, String>(
        "SELECT mapping FROM import_mappings WHERE operator_id = $1 AND kind = $2 AND source = $3")
        .bind(operator_id)
        .bind(kind.code())
        .bind(source)
        .fetch_optional(conn)
        .await)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StorageError::Corrupt(e.to_string())))
        .transpose()
}

/// Remembers the mapping for this source.
pub async fn save_mapping(
    tx: &mut Tx,
    operator_id: i64,
    kind: ImportKind,
    source: &str,
    mapping: &BTreeMap<String, String>,
    now: Timestamp,
) -> Result<()> {
    let text = serde_json::to_string(mapping).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    exec!(tx, conn => sqlx::query(
        "INSERT INTO import_mappings (operator_id, kind, source, mapping, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (operator_id, kind, source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at")
        .bind(operator_id)
        .bind(kind.code())
        .bind(source)
        .bind(&text)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}
