//! The SQLite file's settings that the URL cannot give sqlx: its durability and its
//! permissions.
//!
//! **Durability.** WAL with `synchronous=NORMAL` (the default) survives a killed process without
//! losing a committed transaction, but a power loss or kernel crash may lose the last commits
//! before the next checkpoint. `?synchronous=full` in the URL syncs the WAL at every commit,
//! which survives power loss too at the cost of one `fsync` per write.
//!
//! **Permissions.** The database holds personal data, so it is created readable by its owner
//! only (0600), like the key file; SQLite gives the `-wal` and `-shm` files it creates the
//! database file's permissions. A database found readable by others is tightened at start.

use crate::StorageError;
use sqlx::sqlite::SqliteSynchronous;
use std::path::Path;

/// Removes Stegvis's own `synchronous` parameter from an SQLite URL (sqlx does not know it) and
/// returns the URL sqlx gets and the setting.
pub fn split_synchronous(url: &str) -> Result<(String, SqliteSynchronous), StorageError> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_string(), SqliteSynchronous::Normal));
    };
    let mut synchronous = SqliteSynchronous::Normal;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("synchronous", value)) => {
                synchronous = match value.to_ascii_lowercase().as_str() {
                    "normal" => SqliteSynchronous::Normal,
                    "full" => SqliteSynchronous::Full,
                    other => {
                        return Err(StorageError::Config(format!(
                            "synchronous={other} in the SQLite URL: use normal or full"
                        )));
                    }
                }
            }
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((url, synchronous))
}

/// Whether an SQLite filename names a file on disk rather than an in-memory database (sqlx
/// names those `:memory:` or `file:sqlx-in-memory-…`).
pub fn is_file(path: &Path) -> bool {
    let text = path.to_string_lossy();
    !(text.is_empty() || text == ":memory:" || text.starts_with("file:"))
}

/// Creates the database file readable by its owner only if it does not exist yet, and takes
/// away other users' access to an existing one and its `-wal` and `-shm` files.
#[cfg(unix)]
pub fn restrict_permissions(path: &Path) -> Result<(), StorageError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if !is_file(path) {
        return Ok(());
    }
    let text = path.to_string_lossy();
    let io = |e: std::io::Error| {
        StorageError::Config(format!("cannot prepare the database file {text}: {e}"))
    };
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => return Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => return Err(io(error)),
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{text}{suffix}");
        let Ok(metadata) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = metadata.permissions().mode();
        if mode & 0o007 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode & !0o007))
                .map_err(io)?;
            tracing::warn!(file = %file, "the database file was readable by other users; it no longer is");
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn restrict_permissions(_path: &Path) -> Result<(), StorageError> {
    Ok(())
}

/// Writes a consistent copy of an SQLite database to `to` with `VACUUM INTO`, which reads one
/// snapshot while the server goes on writing (WAL readers do not block the writer). The file
/// must not exist; it is created readable by its owner only before SQLite fills it, so the copy
/// of the personal data is never readable by others, not even for a moment.
pub async fn backup(pool: &sqlx::SqlitePool, to: &Path) -> Result<(), StorageError> {
    let shown = to.display();
    create_private_empty(to).map_err(|e| {
        StorageError::Config(if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!("{shown} already exists; choose a new file name for the backup")
        } else {
            format!("cannot create the backup file {shown}: {e}")
        })
    })?;
    let result = sqlx::query("VACUUM INTO $1")
        .bind(to.to_string_lossy().into_owned())
        .execute(pool)
        .await;
    if let Err(e) = result {
        // A half-written copy must not be mistaken for a backup.
        let _ = std::fs::remove_file(to);
        return Err(StorageError::Database(e));
    }
    Ok(())
}

#[cfg(unix)]
fn create_private_empty(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private_empty(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synchronous_parameter_is_taken_out_of_the_url() {
        let (url, sync) = split_synchronous("sqlite://data/stegvis.db?synchronous=full").unwrap();
        assert_eq!(url, "sqlite://data/stegvis.db");
        assert!(matches!(sync, SqliteSynchronous::Full));
        let (url, sync) =
            split_synchronous("sqlite://stegvis.db?mode=rwc&synchronous=NORMAL").unwrap();
        assert_eq!(url, "sqlite://stegvis.db?mode=rwc");
        assert!(matches!(sync, SqliteSynchronous::Normal));
        let (url, sync) = split_synchronous("sqlite://stegvis.db").unwrap();
        assert_eq!(url, "sqlite://stegvis.db");
        assert!(matches!(sync, SqliteSynchronous::Normal));
    }

    #[test]
    fn an_unknown_synchronous_level_is_refused() {
        assert!(split_synchronous("sqlite://stegvis.db?synchronous=off").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_database_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stegvis.db");
        restrict_permissions(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_world_readable_database_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stegvis.db");
        for suffix in ["", "-wal"] {
            let file = format!("{}{suffix}", path.display());
            std::fs::write(&file, b"").unwrap();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        restrict_permissions(&path).unwrap();
        for suffix in ["", "-wal"] {
            let file = format!("{}{suffix}", path.display());
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640, "{file}");
        }
    }
}
