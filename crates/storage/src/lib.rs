//! Stegvis storage: the schema (migrations) and every SQL statement, for SQLite and PostgreSQL.
//!
//! Each module is named after the part of the domain it stores. Functions take a [`Tx`] so the
//! caller (a use case in `stegvis-app`) decides the transaction, and the audit event of a change
//! is written in the same one.

pub mod audit;
pub mod contributions;
mod db;
pub mod edits;
pub mod effects;
pub mod enterprise_figures;
pub mod enterprises;
pub mod episodes;
pub mod handbook;
pub mod ideas;
pub mod imports;
pub mod income;
pub mod instruments;
pub mod mail;
pub mod network;
pub mod oidc;
pub mod organisations;
pub mod outreach;
pub mod persons;
pub mod plans;
pub mod programmes;
pub mod questionnaires;
pub mod report_documents;
pub mod retention;
pub mod scheduled;
pub mod schema;
mod scope;
pub mod second_factor;
pub mod sessions;
pub mod socioeconomics;
mod sqlite_file;
pub mod steering;
pub mod subject_access;
pub mod targets;
pub mod users;

pub use db::{Db, Engine, SchemaStatus, SqliteDb, Tx};

/// What went wrong in storage, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{0}")]
    Config(String),
    #[error("the database cannot be reached: {0}")]
    Unreachable(#[source] sqlx::Error),
    #[error("migrating the database failed: {0}")]
    Migration(String),
    /// A unique constraint refused the write; `constraint` names the index.
    #[error("a record with the same {constraint} already exists")]
    Conflict { constraint: String },
    #[error("the database answered with an error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StorageError {
    fn from(error: sqlx::Error) -> Self {
        if let Some(db_error) = error.as_database_error()
            && db_error.is_unique_violation()
        {
            return StorageError::Conflict {
                constraint: db_error.constraint().unwrap_or("key").to_string(),
            };
        }
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
                StorageError::Unreachable(error)
            }
            other => StorageError::Database(other),
        }
    }
}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;
