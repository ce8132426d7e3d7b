//! Backing up the database while it serves (`stegvis backup`).

use crate::{Actor, App, Result};
use std::path::Path;

/// What the audit log calls a backup: every person's data left the database in one copy.
pub const ACTION_BACKUP: &str = "database.backup";

/// Records the backup in the audit log, then writes the copy, so the copy holds the record of
/// its own making and the log shows every copy of the personal data that was taken. Only the
/// operator at the server (the system actor) may take one.
pub async fn backup(app: &App, actor: &Actor, to: &Path) -> Result<()> {
    if actor.principal().is_some() {
        return Err(crate::AppError::Forbidden);
    }
    let mut tx = app.begin().await?;
    app.audit(&mut tx, actor, ACTION_BACKUP, &[]).await?;
    tx.commit().await?;
    app.db.backup_to(to).await?;
    Ok(())
}
