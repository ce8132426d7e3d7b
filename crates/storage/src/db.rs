//! The database handle: one code path over SQLite and PostgreSQL.
//!
//! Queries are written once, in the SQL both engines share, with `$1`-style parameters (which
//! sqlx binds by number on SQLite too). [`with_conn!`] runs the same statement on whichever
//! engine the transaction belongs to; the row types decode identically from both because the
//! schema uses only BIGINT, TEXT and BOOLEAN columns.

use crate::StorageError;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub(crate) static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A pool of connections to one database.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// SQLite's connections: one writer, and read-only readers beside it (decision 0007).
///
/// SQLite allows one writer at a time, so every transaction that may write takes the single
/// writer connection and writers queue for it instead of failing busy. In WAL mode readers do
/// not block the writer nor each other, so reads that write nothing ([`Db::begin_read`]) run on
/// their own read-only connections, in parallel, and a page view no longer waits behind another
/// user's write. The readers are opened read-only, so a use case that wrongly writes in a read
/// transaction fails loudly instead of racing the writer.
#[derive(Debug, Clone)]
pub struct SqliteDb {
    pub writer: SqlitePool,
    pub readers: SqlitePool,
}

/// Read-only SQLite connections beside the writer: enough to keep both cores of a small server
/// busy with reads while one request writes.
const SQLITE_READERS: u32 = 4;

/// A transaction on either engine. Every use case runs in one, so its audit event commits
/// or rolls back together with the change it records.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$conn` bound to the transaction's connection, whichever the engine.
#[macro_export]
macro_rules! with_conn {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

/// Runs a statement (`INSERT`, `UPDATE`, `DELETE`) on either engine; yields the rows affected.
#[macro_export]
macro_rules! exec {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body.map(|result| result.rows_affected())
            }
            $crate::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body.map(|result| result.rows_affected())
            }
        }
    };
}

/// Where the schema of a database stands against the migrations this build carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaStatus {
    UpToDate {
        version: i64,
    },
    Behind {
        applied: Option<i64>,
        latest: i64,
    },
    /// The database was migrated by a newer Stegvis; running an older one could damage it.
    Ahead {
        applied: i64,
        latest: i64,
    },
}

impl Db {
    /// Copies an SQLite database to a new file while it serves (`stegvis backup`). PostgreSQL
    /// has its own tools for that, which also copy roles and settings, so it is refused with
    /// the command to use.
    pub async fn backup_to(&self, to: &std::path::Path) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(sqlite) => crate::sqlite_file::backup(&sqlite.writer, to).await,
            Db::Postgres(_) => Err(StorageError::Config(
                "a PostgreSQL database is backed up with pg_dump, for example \
                 `pg_dump --format=custom --file=stegvis.dump DATABASE_URL` \
                 (see docs/operations.md, Backup)"
                    .into(),
            )),
        }
    }

    /// Opens a pool for a `sqlite://` or `postgres://` URL.
    ///
    /// SQLite gets a single writing connection (it allows one writer at a time, and nearly
    /// every request writes the audit log) and read-only connections beside it; PostgreSQL is
    /// the engine for many users and several app servers.
    pub async fn connect(url: &str) -> Result<Db, StorageError> {
        let parsed = url::Url::parse(url)
            .map_err(|e| StorageError::Config(format!("the database URL is not valid: {e}")))?;
        match parsed.scheme() {
            "sqlite" => {
                let (url, synchronous) = crate::sqlite_file::split_synchronous(url)?;
                let options = SqliteConnectOptions::from_str(&url)
                    .map_err(|e| StorageError::Config(format!("the SQLite URL is not valid: {e}")))?
                    .create_if_missing(true)
                    .busy_timeout(Duration::from_secs(10))
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(synchronous)
                    .foreign_keys(true);
                crate::sqlite_file::restrict_permissions(options.get_filename())?;
                let writer = SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options.clone())
                    .await
                    .map_err(StorageError::Unreachable)?;
                // An in-memory database is private to its one connection: no readers beside it.
                let readers = if crate::sqlite_file::is_file(options.get_filename()) {
                    SqlitePoolOptions::new()
                        .max_connections(SQLITE_READERS)
                        .acquire_timeout(Duration::from_secs(30))
                        .connect_lazy_with(options.read_only(true).create_if_missing(false))
                } else {
                    writer.clone()
                };
                Ok(Db::Sqlite(SqliteDb { writer, readers }))
            }
            "postgres" | "postgresql" => {
                let options = PgConnectOptions::from_str(url).map_err(|e| {
                    StorageError::Config(format!("the PostgreSQL URL is not valid: {e}"))
                })?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(StorageError::Unreachable)?;
                Ok(Db::Postgres(pool))
            }
            other => Err(StorageError::Config(format!(
                "unsupported database '{other}': use a sqlite:// or postgres:// URL"
            ))),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// A transaction that may write.
    pub async fn begin(&self) -> Result<Tx, StorageError> {
        Ok(match self {
            Db::Sqlite(sqlite) => Tx::Sqlite(sqlite.writer.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A transaction that only reads: on SQLite it runs on a read-only connection beside the
    /// writer, so it neither waits for nor holds up writes. It sees every write committed
    /// before it began.
    pub async fn begin_read(&self) -> Result<Tx, StorageError> {
        Ok(match self {
            Db::Sqlite(sqlite) => Tx::Sqlite(sqlite.readers.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Gathers the planner's statistics. A bulk load (the demo, an import, the national
    /// dataset) leaves the planner guessing until this runs, and both engines then choose the
    /// index plans the lists are written for; PostgreSQL's autovacuum would get there only
    /// later, SQLite never on its own.
    pub async fn analyze(&self) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(sqlite) => sqlx::query("ANALYZE")
                .execute(&sqlite.writer)
                .await
                .map(|_| ()),
            Db::Postgres(pool) => {
                // Only this schema's tables: a database may hold other schemas (other
                // instances, the test suite's) whose statistics are not ours to redo.
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) \
                     FROM pg_tables WHERE schemaname = current_schema()",
                )
                .fetch_all(pool)
                .await?;
                if tables.is_empty() {
                    return Ok(());
                }
                sqlx::query(&format!("ANALYZE {}", tables.join(", ")))
                    .execute(pool)
                    .await
                    .map(|_| ())
            }
        }
        .map_err(StorageError::from)
    }

    /// Checks that the database answers, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(sqlite) => sqlx::query("SELECT 1")
                .execute(&sqlite.writer)
                .await
                .map(|_| ()),
            Db::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
        }
        .map_err(StorageError::from)
    }

    fn migrator(&self) -> &'static Migrator {
        match self {
            Db::Sqlite(_) => &SQLITE_MIGRATIONS,
            Db::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(sqlite) => SQLITE_MIGRATIONS.run(&sqlite.writer).await,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
        }
        .map_err(|e| StorageError::Migration(e.to_string()))
    }

    /// Compares the applied migrations with those of this build, without changing anything.
    pub async fn schema_status(&self) -> Result<SchemaStatus, StorageError> {
        let latest = self
            .migrator()
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or_default();
        let exists_sql = match self {
            Db::Sqlite(_) => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Db::Postgres(_) => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let version_sql = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
        let applied: Option<i64> = match self {
            Db::Sqlite(sqlite) => {
                let pool = &sqlite.writer;
                let exists: i64 = sqlx::query_scalar(exists_sql).fetch_one(pool).await?;
                if exists == 0 {
                    None
                } else {
                    sqlx::query_scalar(version_sql).fetch_one(pool).await?
                }
            }
            Db::Postgres(pool) => {
                let exists: i64 = sqlx::query_scalar(exists_sql).fetch_one(pool).await?;
                if exists == 0 {
                    None
                } else {
                    sqlx::query_scalar(version_sql).fetch_one(pool).await?
                }
            }
        };
        Ok(match applied {
            Some(version) if version == latest => SchemaStatus::UpToDate { version },
            Some(version) if version > latest => SchemaStatus::Ahead {
                applied: version,
                latest,
            },
            applied => SchemaStatus::Behind { applied, latest },
        })
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(sqlite) => {
                sqlite.readers.close().await;
                sqlite.writer.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), StorageError> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
        .map_err(StorageError::from)
    }

    pub fn engine(&self) -> Engine {
        match self {
            Tx::Sqlite(_) => Engine::Sqlite,
            Tx::Postgres(_) => Engine::Postgres,
        }
    }
}
