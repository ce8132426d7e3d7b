//! The audit log: appending to the hash chain, reading it back, culling and searching.
//!
//! Ordering under concurrency: on PostgreSQL an append first takes a transaction-scoped
//! advisory lock, so appends are serialised in commit order and sequence numbers have no gaps;
//! the lock is released when the surrounding transaction commits or rolls back. SQLite has a
//! single writer, which gives the same guarantee.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::audit::{
    AuditKey, ChainBreak, ChainVerifier, Checkpoint, EntryFields, Event, EventFilter, GENESIS_HASH,
    RecordRef, StoredEntry, Verification, checkpoint_mac, entry_hash, format_records,
};
use stegvis_domain::timestamp::Timestamp;

/// Arbitrary constant naming the advisory lock that serialises audit appends.
const APPEND_LOCK: i64 = 0x0053_5445_4756_4953; // "STEGVIS" in ASCII

/// What one event says happened. Ids only: never names, numbers or answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent<'a> {
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub route: &'a str,
    pub records: &'a [RecordRef],
}

async fn checkpoint(tx: &mut Tx, label: &str) -> Result<Option<Checkpoint>> {
    let row = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, String)>(
        "SELECT seq, hash, mac FROM audit_checkpoints WHERE label = $1")
        .bind(label)
        .fetch_optional(conn)
        .await)?;
    Ok(row.map(|(seq, hash, mac)| Checkpoint { seq, hash, mac }))
}

async fn set_checkpoint(
    tx: &mut Tx,
    key: &AuditKey,
    label: &str,
    seq: i64,
    hash: &str,
) -> Result<()> {
    let mac = checkpoint_mac(key, label, seq, hash);
    exec!(tx, conn => sqlx::query(
        "INSERT INTO audit_checkpoints (label, seq, hash, mac) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (label) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac")
        .bind(label)
        .bind(seq)
        .bind(hash)
        .bind(&mac)
        .execute(conn)
        .await)?;
    Ok(())
}

/// The sequence number of the newest event (0 for an empty log): the chain's length counted
/// from its first entry, culled entries included. Read from the head checkpoint, so it costs
/// one row however long the log is.
pub async fn head_seq(tx: &mut Tx) -> Result<i64> {
    Ok(match checkpoint(tx, "head").await? {
        Some(head) => head.seq,
        None => checkpoint(tx, "anchor")
            .await?
            .map_or(0, |anchor| anchor.seq),
    })
}

/// Appends one event to the chain inside the caller's transaction; returns its sequence number.
pub async fn append(
    tx: &mut Tx,
    key: &AuditKey,
    event: &NewEvent<'_>,
    now: Timestamp,
) -> Result<i64> {
    if let Tx::Postgres(transaction) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(APPEND_LOCK)
            .execute(&mut **transaction)
            .await?;
    }
    let head = checkpoint(tx, "head").await?;
    let (prev_seq, prev_hash) = match &head {
        Some(head) => (head.seq, head.hash.clone()),
        None => match checkpoint(tx, "anchor").await? {
            Some(anchor) => (anchor.seq, anchor.hash),
            None => (0, GENESIS_HASH.to_string()),
        },
    };
    let seq = prev_seq + 1;
    let occurred_at = now.canonical();
    let records = format_records(event.records);
    let hash = entry_hash(
        key,
        &prev_hash,
        &EntryFields {
            seq,
            occurred_at: &occurred_at,
            actor_user_id: event.actor_user_id,
            action: event.action,
            route: event.route,
            records: &records,
        },
    );
    exec!(tx, conn => sqlx::query(
        "INSERT INTO audit_events (seq, occurred_at, actor_user_id, action, route, records, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(seq)
        .bind(&occurred_at)
        .bind(event.actor_user_id)
        .bind(event.action)
        .bind(event.route)
        .bind(&records)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(conn)
        .await)?;
    insert_records(tx, seq, event.records).await?;
    set_checkpoint(tx, key, "head", seq, &hash).await?;
    Ok(seq)
}

/// Records per `INSERT` of the record index: 3 variables each stays far below SQLite's limit
/// of 32 766, and a list page's records go in one or a few statements instead of one each
/// (a list of 50 people was 50 round trips to SQLite's worker thread).
const RECORDS_PER_STATEMENT: usize = 500;

/// Indexes an event under each record it names, once per distinct record.
async fn insert_records(tx: &mut Tx, seq: i64, records: &[RecordRef]) -> Result<()> {
    let mut distinct: Vec<&RecordRef> = Vec::with_capacity(records.len());
    let mut seen = std::collections::HashSet::with_capacity(records.len());
    for record in records {
        if seen.insert((record.kind, record.id)) {
            distinct.push(record);
        }
    }
    for chunk in distinct.chunks(RECORDS_PER_STATEMENT) {
        let values = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("INSERT INTO audit_records (kind, record_id, seq) VALUES {values}");
        exec!(tx, conn => {
            let mut query = sqlx::query(&sql);
            for record in chunk {
                query = query.bind(record.kind).bind(record.id).bind(seq);
            }
            query.execute(conn).await
        })?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    occurred_at: String,
    actor_user_id: Option<i64>,
    action: String,
    route: String,
    records: String,
    prev_hash: String,
    hash: String,
}

impl From<EventRow> for StoredEntry {
    fn from(row: EventRow) -> Self {
        StoredEntry {
            seq: row.seq,
            occurred_at: row.occurred_at,
            actor_user_id: row.actor_user_id,
            action: row.action,
            route: row.route,
            records: row.records,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

const EVENT_COLUMNS: &str =
    "seq, occurred_at, actor_user_id, action, route, records, prev_hash, hash";
const VERIFY_PAGE: i64 = 5_000;

/// Walks the chain from its anchor to its head in pages, holding one page in memory at a time.
pub async fn verify(tx: &mut Tx, key: &AuditKey) -> Result<Verification> {
    let anchor = checkpoint(tx, "anchor").await?;
    let head = checkpoint(tx, "head").await?;
    let mut verifier = match ChainVerifier::start(key, anchor.as_ref()) {
        Ok(verifier) => verifier,
        Err(error) => {
            return Ok(Verification::Broken(error.or_wrong_key(
                key,
                head.as_ref(),
                true,
            )));
        }
    };
    let mut at_start = true;
    let mut after = anchor.as_ref().map_or(0, |a| a.seq);
    // Entries at or below the anchor must not exist: they were culled.
    let stale: i64 = with_conn!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE seq <= $1")
        .bind(after)
        .fetch_one(conn)
        .await)?;
    if stale > 0 {
        let first: i64 = with_conn!(tx, conn => sqlx::query_scalar("SELECT MIN(seq) FROM audit_events")
            .fetch_one(conn)
            .await)?;
        return Ok(Verification::Broken(ChainBreak::SequenceGap {
            expected_after: after,
            found: first,
        }));
    }
    let sql =
        format!("SELECT {EVENT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2");
    loop {
        let rows = with_conn!(tx, conn => sqlx::query_as::<_, EventRow>(&sql)
            .bind(after)
            .bind(VERIFY_PAGE)
            .fetch_all(conn)
            .await)?;
        let Some(last) = rows.last().map(|r| r.seq) else {
            break;
        };
        for row in rows {
            if let Err(error) = verifier.push(&StoredEntry::from(row)) {
                return Ok(Verification::Broken(error.or_wrong_key(
                    key,
                    head.as_ref(),
                    at_start,
                )));
            }
            at_start = false;
        }
        after = last;
    }
    Ok(match verifier.finish(head.as_ref()) {
        Ok(entries) => Verification::Intact { entries },
        Err(error) => Verification::Broken(error),
    })
}

/// Deletes entries that occurred before `cutoff` and moves the anchor to the newest deleted
/// one, so the remaining chain still verifies. The newest entry is always kept, because the
/// head points at it. Returns how many entries were removed.
pub async fn cull_before(tx: &mut Tx, key: &AuditKey, cutoff: Timestamp) -> Result<u64> {
    if let Tx::Postgres(transaction) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(APPEND_LOCK)
            .execute(&mut **transaction)
            .await?;
    }
    let last: Option<(i64, String)> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT seq, hash FROM audit_events WHERE occurred_at < $1 \
         AND seq < (SELECT MAX(seq) FROM audit_events) ORDER BY seq DESC LIMIT 1")
        .bind(cutoff.canonical())
        .fetch_optional(conn)
        .await)?;
    let Some((seq, hash)) = last else {
        return Ok(0);
    };
    let removed = exec!(tx, conn => sqlx::query("DELETE FROM audit_events WHERE seq <= $1")
        .bind(seq)
        .execute(conn)
        .await)?;
    set_checkpoint(tx, key, "anchor", seq, &hash).await?;
    Ok(removed)
}

/// Newest first, keyset-paginated by sequence number so deep pages stay fast on millions of rows.
pub async fn search(
    tx: &mut Tx,
    filter: &EventFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<Event>> {
    // Only the filters in use become conditions, so each combination gets a plan that uses its
    // index; `($n IS NULL OR …)` would force one generic plan on PostgreSQL.
    enum Bind {
        Int(i64),
        Text(String),
    }
    let mut binds: Vec<Bind> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    if let Some(actor) = filter.actor_user_id {
        binds.push(Bind::Int(actor));
        conditions.push(format!("e.actor_user_id = ${}", binds.len()));
    }
    if let Some((kind, id)) = &filter.record {
        binds.push(Bind::Text(kind.clone()));
        binds.push(Bind::Int(*id));
        let (k, i) = (binds.len() - 1, binds.len());
        conditions.push(format!(
            "e.seq IN (SELECT r.seq FROM audit_records r WHERE r.kind = ${k} AND r.record_id = ${i})"
        ));
    }
    if let Some(action) = &filter.action_prefix {
        binds.push(Bind::Text(format!(
            "{}%",
            crate::schema::escape_like(action)
        )));
        conditions.push(format!("e.action LIKE ${} ESCAPE '\\'", binds.len()));
    }
    if let Some(from) = filter.from {
        binds.push(Bind::Text(from.canonical()));
        conditions.push(format!("e.occurred_at >= ${}", binds.len()));
    }
    if let Some(until) = filter.until {
        binds.push(Bind::Text(until.canonical()));
        conditions.push(format!("e.occurred_at < ${}", binds.len()));
    }
    if let Some(before) = before_seq {
        binds.push(Bind::Int(before));
        conditions.push(format!("e.seq < ${}", binds.len()));
    }
    binds.push(Bind::Int(limit));
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events e {where_clause} ORDER BY e.seq DESC LIMIT ${}",
        binds.len()
    );
    let rows = with_conn!(tx, conn => {
        let mut query = sqlx::query_as::<_, EventRow>(&sql);
        for bind in &binds {
            query = match bind {
                Bind::Int(value) => query.bind(*value),
                Bind::Text(value) => query.bind(value.clone()),
            };
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|row| {
            Ok(Event {
                seq: row.seq,
                occurred_at: crate::schema::timestamp(&row.occurred_at)?,
                actor_user_id: row.actor_user_id,
                action: row.action,
                route: row.route,
                records: row.records,
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()
}

pub async fn count(tx: &mut Tx) -> Result<i64> {
    Ok(
        with_conn!(tx, conn => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_events").fetch_one(conn).await)?,
    )
}
