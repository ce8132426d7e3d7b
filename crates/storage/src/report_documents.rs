//! Built report documents (PDF and XLSX) with their build state, and the fingerprint query that
//! tells whether they are still current (decision 0020).

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::disclosure::Audience;
use stegvis_domain::report_document::{
    DocumentKey, READ_ONLY_SUFFIXES, ReportDocument, Status, audience_code, parse_audience,
    read_only_actions,
};
use stegvis_domain::timestamp::Timestamp;

/// The sequence number of the latest audit event that may have changed data: one step back
/// along the primary key from the newest event, past the reads in between.
pub async fn latest_change(tx: &mut Tx) -> Result<Option<i64>> {
    // Both lists are constants of the domain, never input, so they are written into the SQL.
    let exact: Vec<String> = read_only_actions()
        .iter()
        .map(|a| format!("'{a}'"))
        .collect();
    let suffixes: String = READ_ONLY_SUFFIXES
        .iter()
        .map(|s| format!(" AND action NOT LIKE '%{s}'"))
        .collect();
    let sql = format!(
        "SELECT seq FROM audit_events WHERE action NOT IN ({}){suffixes} ORDER BY seq DESC LIMIT 1",
        exact.join(", ")
    );
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .fetch_optional(conn)
        .await)?)
}

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    String,
    String,
);

const COLUMNS: &str = "id, programme_id, kind, period, audience, fingerprint, status, progress, \
                       CAST(length(pdf) AS BIGINT), CAST(length(xlsx) AS BIGINT), created_at, updated_at";

fn from_row(row: Row) -> Result<ReportDocument> {
    let (id, programme_id, kind, period, audience, fingerprint, status, progress) =
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
    Ok(ReportDocument {
        id,
        programme_id,
        key: DocumentKey::from_codes(&kind, &period)
            .ok_or_else(|| StorageError::Corrupt(format!("report '{kind}' '{period}'")))?,
        audience: parse_audience(&audience)
            .ok_or_else(|| StorageError::Corrupt(format!("audience '{audience}'")))?,
        fingerprint,
        status: crate::schema::code("report status", &status)?,
        progress: u8::try_from(progress.clamp(0, 100)).unwrap_or(100),
        pdf_size: row.8,
        xlsx_size: row.9,
        created_at: crate::schema::timestamp(&row.10)?,
        updated_at: crate::schema::timestamp(&row.11)?,
    })
}

/// Every document of a programme built for one audience, newest first.
pub async fn list(
    tx: &mut Tx,
    programme_id: i64,
    audience: Audience,
) -> Result<Vec<ReportDocument>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM report_documents WHERE programme_id = $1 AND audience = $2 ORDER BY id DESC"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(programme_id)
        .bind(audience_code(audience))
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(from_row).collect()
}

/// The newest document of a kind and period for one audience.
pub async fn latest(
    tx: &mut Tx,
    programme_id: i64,
    key: DocumentKey,
    audience: Audience,
) -> Result<Option<ReportDocument>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM report_documents WHERE programme_id = $1 AND kind = $2 \
         AND period = $3 AND audience = $4 ORDER BY id DESC LIMIT 1"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(programme_id)
        .bind(key.kind.code())
        .bind(key.period_code())
        .bind(audience_code(audience))
        .fetch_optional(conn)
        .await)?;
    row.map(from_row).transpose()
}

/// One document by id.
pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<ReportDocument>> {
    let sql = format!("SELECT {COLUMNS} FROM report_documents WHERE id = $1");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(from_row).transpose()
}

/// Queues a new build.
pub async fn insert(
    tx: &mut Tx,
    programme_id: i64,
    key: DocumentKey,
    audience: Audience,
    fingerprint: &str,
    requested_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO report_documents (programme_id, kind, period, audience, fingerprint, \
               status, progress, requested_by, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $7) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(programme_id)
        .bind(key.kind.code())
        .bind(key.period_code())
        .bind(audience_code(audience))
        .bind(fingerprint)
        .bind(requested_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Records the fingerprint the build reads its figures under.
pub async fn set_fingerprint(tx: &mut Tx, id: i64, fingerprint: &str) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE report_documents SET fingerprint = $1 WHERE id = $2")
        .bind(fingerprint)
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Records how far a build has come.
pub async fn set_progress(
    tx: &mut Tx,
    id: i64,
    status: Status,
    progress: u8,
    now: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE report_documents SET status = $1, progress = $2, updated_at = $3 WHERE id = $4")
        .bind(status.code())
        .bind(i64::from(progress))
        .bind(now.canonical())
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Stores the built files and removes the older documents of the same kind, period and
/// audience, whose figures this one replaces.
pub async fn finish(
    tx: &mut Tx,
    document: &ReportDocument,
    pdf: &[u8],
    xlsx: &[u8],
    now: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE report_documents SET status = 'done', progress = 100, pdf = $1, xlsx = $2, \
         error = NULL, updated_at = $3 WHERE id = $4")
        .bind(pdf)
        .bind(xlsx)
        .bind(now.canonical())
        .bind(document.id)
        .execute(conn)
        .await)?;
    exec!(tx, conn => sqlx::query(
        "DELETE FROM report_documents WHERE programme_id = $1 AND kind = $2 AND period = $3 \
         AND audience = $4 AND id < $5")
        .bind(document.programme_id)
        .bind(document.key.kind.code())
        .bind(document.key.period_code())
        .bind(audience_code(document.audience))
        .bind(document.id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Marks a build as failed with the reason, for the log and the operator.
pub async fn fail(tx: &mut Tx, id: i64, error: &str, now: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE report_documents SET status = 'failed', error = $1, updated_at = $2 WHERE id = $3")
        .bind(error)
        .bind(now.canonical())
        .bind(id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Which file of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
}

/// The bytes of one built file.
pub async fn file(tx: &mut Tx, id: i64, format: Format) -> Result<Option<Vec<u8>>> {
    let sql = match format {
        Format::Pdf => "SELECT pdf FROM report_documents WHERE id = $1",
        Format::Xlsx => "SELECT xlsx FROM report_documents WHERE id = $1",
    };
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, Option<Vec<u8>>>(sql)
        .bind(id)
        .fetch_optional(conn)
        .await)?
        .flatten(),
    )
}
