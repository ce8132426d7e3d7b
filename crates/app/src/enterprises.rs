//! Use cases for the enterprise register and the public directory.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, EnterpriseScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::enterprise::{
    Enterprise, EnterpriseFilter, EnterpriseInput, Support, SupportInput,
};
use stegvis_domain::enterprise_figures::HeadCounts;
use stegvis_storage::edits::Editable;
use stegvis_storage::enterprises;
use stegvis_storage::{StorageError, Tx, organisations};

/// An enterprise with what its page shows besides the record.
#[derive(Debug, Clone)]
pub struct EnterpriseDetail {
    pub enterprise: Enterprise,
    pub operator_name: String,
    /// Support received, oldest year first.
    pub support: Vec<Support>,
    /// Whether the actor may change it.
    pub can_manage: bool,
}

fn scope(actor: &Actor) -> EnterpriseScope {
    actor
        .principal()
        .map_or(EnterpriseScope::All, |p| p.enterprise_scope())
}

/// Coordinators manage the enterprises of their own operator; the administrator all.
fn may_manage(actor: &Actor, operator_id: i64) -> bool {
    actor.principal().is_none_or(|p| {
        p.can(Capability::ManageEnterprises) && p.may_manage_programme_of(operator_id)
    })
}

pub async fn list(app: &App, actor: &Actor, filter: &EnterpriseFilter) -> Result<Vec<Enterprise>> {
    actor.require(Capability::ViewEnterprises)?;
    let mut tx = app.begin().await?;
    let list = enterprises::list(&mut tx, scope(actor), filter).await?;
    tx.commit().await?;
    Ok(list)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<EnterpriseDetail> {
    actor.require(Capability::ViewEnterprises)?;
    let mut tx = app.begin().await?;
    let enterprise = enterprises::get(&mut tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let operator_name = organisations::get(&mut tx, enterprise.operator_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let support = enterprises::supports(&mut tx, id).await?;
    tx.commit().await?;
    Ok(EnterpriseDetail {
        support,
        can_manage: may_manage(actor, enterprise.operator_id),
        operator_name,
        enterprise,
    })
}

/// An enterprise in the public directory, with the head counts of its latest reported year
/// (counts only, never persons), from which its qualification for reserved contracts follows.
#[derive(Debug, Clone)]
pub struct PublicEntry {
    pub enterprise: Enterprise,
    pub head_counts: Option<HeadCounts>,
}

/// The directory anyone may read: enterprises that opted in. Not audited, like the published
/// handbook: it holds no personal data and is public by the enterprises' own choice. Two
/// queries whatever the number of enterprises.
pub async fn public_directory(
    app: &App,
    text: Option<&str>,
    city: Option<&str>,
) -> Result<Vec<PublicEntry>> {
    let mut tx = app.begin().await?;
    let list = enterprises::public_list(&mut tx, text, city).await?;
    let mut counts =
        stegvis_storage::enterprise_figures::latest_public_head_counts(&mut tx).await?;
    tx.commit().await?;
    Ok(list
        .into_iter()
        .map(|enterprise| PublicEntry {
            head_counts: counts.remove(&enterprise.id),
            enterprise,
        })
        .collect())
}

async fn check_operator(tx: &mut Tx, actor: &Actor, operator_id: i64) -> Result<()> {
    if organisations::get(tx, operator_id).await?.is_none() {
        return Err(AppError::field("operator_id", "error-organisation-unknown"));
    }
    if !may_manage(actor, operator_id) {
        return Err(AppError::field("operator_id", "error-operator-not-yours"));
    }
    Ok(())
}

fn number_taken(error: StorageError) -> AppError {
    match error {
        StorageError::Conflict { .. } => {
            AppError::field("organisationsnummer", "enterprise-error-number-taken")
        }
        other => other.into(),
    }
}

pub async fn create(app: &App, actor: &Actor, input: &EnterpriseInput) -> Result<i64> {
    actor.require(Capability::ManageEnterprises)?;
    let draft = input.parse(app.today())?;
    let mut tx = app.begin().await?;
    check_operator(&mut tx, actor, draft.operator_id).await?;
    let id = enterprises::insert(&mut tx, &draft, app.now())
        .await
        .map_err(number_taken)?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.create",
        &[RecordRef::new("enterprise", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an enterprise. One outside the actor's scope is "not found", one they may see but
/// not change is "forbidden".
/// Saves an enterprise, unless someone else saved it after `seen` (decision 0030).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &EnterpriseInput,
    seen: SeenVersion<'_>,
) -> Result<()> {
    actor.require(Capability::ManageEnterprises)?;
    let mut tx = app.begin().await?;
    let current = enterprises::get(&mut tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(actor, current.operator_id) {
        return Err(AppError::Forbidden);
    }
    let draft = input.parse(app.today())?;
    check_operator(&mut tx, actor, draft.operator_id).await?;
    let version = app
        .claim_edit(&mut tx, Editable::Enterprise, id, seen)
        .await?;
    enterprises::update(&mut tx, id, &draft, version)
        .await
        .map_err(number_taken)?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.update",
        &[RecordRef::new("enterprise", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Loads an enterprise the actor may change: outside their scope "not found", visible but not
/// theirs "forbidden".
async fn managed(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Enterprise> {
    actor.require(Capability::ManageEnterprises)?;
    let enterprise = enterprises::get(tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(actor, enterprise.operator_id) {
        return Err(AppError::Forbidden);
    }
    Ok(enterprise)
}

/// Records support the enterprise received.
pub async fn add_support(app: &App, actor: &Actor, id: i64, input: &SupportInput) -> Result<i64> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let draft = input.parse(app.today())?;
    let support_id = enterprises::insert_support(&mut tx, id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.support-add",
        &[RecordRef::new("enterprise", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(support_id)
}

pub async fn delete_support(app: &App, actor: &Actor, id: i64, support_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    if !enterprises::delete_support(&mut tx, id, support_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "enterprise.support-remove",
        &[RecordRef::new("enterprise", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
