//! Helpers shared by the query modules, and the schema description used by the parity test.

use crate::{Db, Result, StorageError};
use stegvis_domain::timestamp::{Timestamp, parse_date};
use time::Date;

pub(crate) fn timestamp(text: &str) -> Result<Timestamp> {
    Timestamp::parse(text).map_err(|_| StorageError::Corrupt(format!("timestamp '{text}'")))
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE ... ESCAPE '\'` pattern, so
/// user input matches literally on both engines.
pub(crate) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(crate) fn date(text: &str) -> Result<Date> {
    parse_date(text).ok_or_else(|| StorageError::Corrupt(format!("date '{text}'")))
}

/// One column as both engines can describe it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnShape {
    pub table: String,
    pub column: String,
    /// `int`, `text`, `bool` or `bytes`.
    pub type_class: String,
    pub nullable: bool,
}

/// The tables, columns and index names of the application schema, normalised so the SQLite and
/// PostgreSQL migrations can be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaShape {
    pub columns: Vec<ColumnShape>,
    pub indexes: Vec<String>,
}

fn type_class(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int8" => "int".into(),
        "text" | "character varying" => "text".into(),
        "boolean" => "bool".into(),
        "blob" | "bytea" => "bytes".into(),
        other => other.into(),
    }
}

/// The name search's index is the one structure each engine builds its own way (an FTS5 table
/// with its shadow tables on SQLite, a trigram GIN index on PostgreSQL; migration 0014), so
/// the parity check leaves both out.
const SQLITE_NAME_SEARCH: &str = "persons_names";
const POSTGRES_NAME_SEARCH: &str = "persons_name_key_trgm";

/// Reads the shape of the migrated schema, leaving out sqlx's own bookkeeping table and the
/// engines' own name-search structures.
pub async fn describe(db: &Db) -> Result<SchemaShape> {
    let mut columns = Vec::new();
    let mut indexes: Vec<String>;
    match db {
        Db::Sqlite(sqlite) => {
            let pool = &sqlite.writer;
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
            )
            .fetch_all(pool)
            .await?;
            for table in tables
                .into_iter()
                .filter(|t| !t.starts_with(SQLITE_NAME_SEARCH))
            {
                let rows: Vec<(String, String, bool, bool)> = sqlx::query_as(
                    "SELECT name, type, \"notnull\", pk > 0 FROM pragma_table_info($1)",
                )
                .bind(&table)
                .fetch_all(pool)
                .await?;
                for (column, declared, not_null, primary_key) in rows {
                    columns.push(ColumnShape {
                        table: table.clone(),
                        column,
                        type_class: type_class(&declared),
                        nullable: !(not_null || primary_key),
                    });
                }
            }
            indexes = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
            )
            .fetch_all(pool)
            .await?;
        }
        Db::Postgres(pool) => {
            let rows: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_%'",
            )
            .fetch_all(pool)
            .await?;
            for (table, column, declared, nullable) in rows {
                columns.push(ColumnShape {
                    table,
                    column,
                    type_class: type_class(&declared),
                    nullable: nullable == "YES",
                });
            }
            indexes = sqlx::query_scalar(
                "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
                 AND indexname NOT LIKE '%\\_pkey' AND tablename NOT LIKE '\\_%'",
            )
            .fetch_all(pool)
            .await?;
            indexes.retain(|index| index != POSTGRES_NAME_SEARCH);
        }
    }
    columns.sort();
    indexes.sort();
    Ok(SchemaShape { columns, indexes })
}

/// Decodes a stored code (status, reason, scope) into its enum.
pub(crate) fn code<T: std::str::FromStr>(what: &str, text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| crate::StorageError::Corrupt(format!("{what} '{text}'")))
}

pub(crate) fn optional_date(text: Option<&str>) -> Result<Option<Date>> {
    text.map(date).transpose()
}

pub(crate) fn optional_code<T: std::str::FromStr>(
    what: &str,
    text: Option<&str>,
) -> Result<Option<T>> {
    text.map(|t| code(what, t)).transpose()
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_user_input_match_literally() {
        assert_eq!(escape_like("anna_b%"), "anna\\_b\\%");
        assert_eq!(escape_like("a\\b"), "a\\\\b");
        assert_eq!(escape_like("plain"), "plain");
    }
}
