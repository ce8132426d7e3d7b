//! Use cases for the register of organisations.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::organisation::{Organisation, OrganisationInput};
use stegvis_domain::swedish;
use stegvis_storage::StorageError;
use stegvis_storage::edits::Editable;
use stegvis_storage::organisations;

/// Every organisation, sorted by name in Swedish order.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Organisation>> {
    actor.require(Capability::ViewOrganisations)?;
    let mut tx = app.begin().await?;
    let mut all = organisations::list(&mut tx).await?;
    tx.commit().await?;
    all.sort_by(|a, b| swedish::collate(&a.name, &b.name));
    Ok(all)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<Organisation> {
    actor.require(Capability::ViewOrganisations)?;
    let mut tx = app.begin().await?;
    let organisation = organisations::get(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(organisation)
}

/// Finds an organisation by id or short name, as the CLI's `--organisation` takes it.
pub async fn find(app: &App, actor: &Actor, reference: &str) -> Result<Organisation> {
    actor.require(Capability::ViewOrganisations)?;
    let mut tx = app.begin().await?;
    let organisation = organisations::find_by_reference(&mut tx, reference)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(organisation)
}

fn short_name_taken(error: StorageError) -> AppError {
    match error {
        StorageError::Conflict { .. } => AppError::field("short_name", "error-short-name-taken"),
        other => other.into(),
    }
}

pub async fn create(app: &App, actor: &Actor, input: &OrganisationInput) -> Result<i64> {
    actor.require(Capability::ManageOrganisations)?;
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    let id = organisations::insert(&mut tx, &draft, app.now())
        .await
        .map_err(short_name_taken)?;
    app.audit(
        &mut tx,
        actor,
        "organisation.create",
        &[RecordRef::new("organisation", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an organisation, unless someone else saved it after `seen` (decision 0030).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &OrganisationInput,
    seen: SeenVersion<'_>,
) -> Result<()> {
    actor.require(Capability::ManageOrganisations)?;
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    let version = app
        .claim_edit(&mut tx, Editable::Organisation, id, seen)
        .await?;
    if !organisations::update(&mut tx, id, &draft, version)
        .await
        .map_err(short_name_taken)?
    {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "organisation.update",
        &[RecordRef::new("organisation", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
