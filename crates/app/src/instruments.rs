//! Questionnaire definitions: the shipped ones imported at start as immutable versions, and
//! the list of what is available.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::instrument::{Instrument, SHIPPED};
use stegvis_storage::instruments;

/// What an import of the shipped definitions did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Versions stored now, as `key@version`.
    pub added: Vec<String>,
    /// Versions already stored with a different text: the stored one is kept, because answers
    /// were given under it; a changed definition needs a new version number.
    pub conflicting: Vec<String>,
}

/// Imports every shipped definition not yet stored. Safe to run at every start and from
/// several servers at once: an existing version is never touched. Not audited: definitions
/// are published texts, not personal data, and the import is the same on every instance.
pub async fn import_shipped(app: &App) -> Result<Imported> {
    let mut tx = app.begin().await?;
    let mut imported = Imported::default();
    for (key, text) in SHIPPED {
        let instrument = Instrument::parse(text).map_err(|errors| {
            AppError::Internal(format!(
                "the shipped instrument {key} is not valid: {errors:?}"
            ))
        })?;
        let version = i64::from(instrument.version());
        let label = format!("{key}@{version}");
        let added = instruments::insert_if_absent(
            &mut tx,
            instrument.key(),
            version,
            text,
            "shipped",
            None,
            app.now(),
        )
        .await?;
        if added {
            imported.added.push(label);
        } else if instruments::definition(&mut tx, instrument.key(), version)
            .await?
            .is_some_and(|stored| stored != text)
        {
            imported.conflicting.push(label);
        }
    }
    tx.commit().await?;
    Ok(imported)
}

/// One available instrument version, as the list and the API show it.
#[derive(Debug, Clone)]
pub struct Available {
    pub id: i64,
    pub instrument: Instrument,
    pub origin: String,
}

/// Every stored version. Definitions are not personal data; any signed-in user may list them.
pub async fn list(app: &App, _actor: &Actor) -> Result<Vec<Available>> {
    let mut tx = app.begin().await?;
    let stored = instruments::list(&mut tx).await?;
    tx.commit().await?;
    stored
        .into_iter()
        .map(|s| {
            let instrument = Instrument::parse(&s.definition).map_err(|errors| {
                AppError::Internal(format!(
                    "stored instrument {}@{} no longer parses: {errors:?}",
                    s.key, s.version
                ))
            })?;
            Ok(Available {
                id: s.id,
                instrument,
                origin: s.origin,
            })
        })
        .collect()
}
