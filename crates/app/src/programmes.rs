//! Use cases for programmes: the period, operator, partners, budgets and targets.

use crate::{Actor, App, AppError, Result};
use std::collections::HashMap;
use stegvis_domain::access::{Capability, ProgrammeScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::money::Money;
use stegvis_domain::programme::{
    BudgetInput, BudgetLine, Programme, ProgrammeInput, Target, TargetInput,
};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_storage::edits::Editable;
use stegvis_storage::programmes;
use stegvis_storage::{Tx, organisations};

/// A programme with everything its page shows.
#[derive(Debug, Clone)]
pub struct ProgrammeDetail {
    pub programme: Programme,
    pub partner_ids: Vec<i64>,
    pub budgets: Vec<BudgetLine>,
    pub targets: Vec<Target>,
    /// Whether the actor may change it.
    pub can_manage: bool,
    /// Months after exit at which participants are followed up, e.g. "3,6,12".
    pub follow_up_months: String,
    /// Names of the organisations the programme refers to (operator, partners, financiers).
    pub organisation_names: HashMap<i64, String>,
    /// Referrals the person declined, counted without identity: sex, year and count. Only for
    /// those who run the programme, since small counts are not suppressed here.
    pub declined: Vec<(stegvis_domain::person::PersonSex, i32, i64)>,
    /// Effect 2: the programme's participants who have held a job (an employment form) in a
    /// social enterprise, and those who hold one today (docs/methods.md, "Jobs in social
    /// enterprises"). Only for those who run the programme, since small counts are not
    /// suppressed here.
    pub jobs: Option<(i64, i64)>,
}

impl ProgrammeDetail {
    /// Takes the id by value or by reference, as templates pass it.
    pub fn organisation_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.organisation_names
            .get(id.borrow())
            .map_or("", String::as_str)
    }

    /// The total budget over all financiers and years; `None` only if it overflows.
    pub fn total_budget(&self) -> Option<Money> {
        self.budgets
            .iter()
            .try_fold(Money::ZERO, |sum, line| sum.checked_add(line.amount))
    }
}

pub(crate) fn scope(actor: &Actor) -> ProgrammeScope {
    actor
        .principal()
        .map_or(ProgrammeScope::All, |p| p.programme_scope())
}

pub(crate) fn may_manage(actor: &Actor, operator_id: i64) -> bool {
    actor.principal().is_none_or(|p| {
        p.can(Capability::ManageProgrammes) && p.may_manage_programme_of(operator_id)
    })
}

pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Programme>> {
    actor.require(Capability::ViewProgrammes)?;
    let mut tx = app.begin().await?;
    let list = programmes::list(&mut tx, scope(actor)).await?;
    tx.commit().await?;
    Ok(list)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<ProgrammeDetail> {
    actor.require(Capability::ViewProgrammes)?;
    let mut tx = app.begin().await?;
    let programme = programmes::get(&mut tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let organisation_names = organisations::list(&mut tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let can_manage = may_manage(actor, programme.operator_id);
    let declined = if can_manage {
        stegvis_storage::persons::declined_counts(&mut tx, id).await?
    } else {
        Vec::new()
    };
    let jobs = if can_manage {
        Some(crate::enterprise_figures::programme_jobs(&mut tx, id, app.today()).await?)
    } else {
        None
    };
    let detail = ProgrammeDetail {
        declined,
        jobs,
        organisation_names,
        follow_up_months: programmes::follow_up_months(&mut tx, id).await?,
        partner_ids: programmes::partners(&mut tx, id).await?,
        budgets: programmes::budgets(&mut tx, id).await?,
        targets: programmes::targets(&mut tx, id).await?,
        can_manage,
        programme,
    };
    tx.commit().await?;
    Ok(detail)
}

/// Loads a programme the actor may change; one outside their scope is "not found", one they
/// may see but not change is "forbidden".
pub(crate) async fn managed(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Programme> {
    actor.require(Capability::ManageProgrammes)?;
    let programme = programmes::get(tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(actor, programme.operator_id) {
        return Err(AppError::Forbidden);
    }
    Ok(programme)
}

async fn check_organisation(tx: &mut Tx, field: &'static str, id: i64) -> Result<()> {
    if organisations::get(tx, id).await?.is_none() {
        return Err(AppError::field(field, "error-organisation-unknown"));
    }
    Ok(())
}

async fn check_operator(tx: &mut Tx, actor: &Actor, operator_id: i64) -> Result<()> {
    check_organisation(tx, "operator_id", operator_id).await?;
    if !may_manage(actor, operator_id) {
        return Err(AppError::field("operator_id", "error-operator-not-yours"));
    }
    Ok(())
}

pub async fn create(app: &App, actor: &Actor, input: &ProgrammeInput) -> Result<i64> {
    actor.require(Capability::ManageProgrammes)?;
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    check_operator(&mut tx, actor, draft.operator_id).await?;
    let id = programmes::insert(&mut tx, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.create",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a programme. Budget lines for years no longer inside the period are removed.
/// Saves a programme, unless someone else saved it after `seen` (decision 0030).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &ProgrammeInput,
    seen: SeenVersion<'_>,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let draft = input.parse()?;
    check_operator(&mut tx, actor, draft.operator_id).await?;
    let version = app
        .claim_edit(&mut tx, Editable::Programme, id, seen)
        .await?;
    programmes::update(&mut tx, id, &draft, version).await?;
    let years = draft.years();
    programmes::delete_budgets_outside(&mut tx, id, *years.start(), *years.end()).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.update",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_partners(
    app: &App,
    actor: &Actor,
    id: i64,
    organisation_ids: &[i64],
) -> Result<()> {
    let mut tx = app.begin().await?;
    let programme = managed(&mut tx, actor, id).await?;
    let mut unique: Vec<i64> = organisation_ids
        .iter()
        .copied()
        .filter(|org| *org != programme.operator_id)
        .collect();
    unique.sort_unstable();
    unique.dedup();
    for org in &unique {
        check_organisation(&mut tx, "partners", *org).await?;
    }
    programmes::set_partners(&mut tx, id, &unique).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.set-partners",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_budget(app: &App, actor: &Actor, id: i64, input: &BudgetInput) -> Result<i64> {
    let mut tx = app.begin().await?;
    let programme = managed(&mut tx, actor, id).await?;
    let budget = input.parse((programme.starts_on, programme.ends_on))?;
    if organisations::get(&mut tx, budget.organisation_id)
        .await?
        .is_none()
    {
        return Err(AppError::Invalid(ValidationErrors::single(
            FieldError::new("organisation_id", "error-organisation-unknown"),
        )));
    }
    let line = programmes::upsert_budget(&mut tx, id, &budget).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.set-budget",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(line)
}

pub async fn delete_budget(app: &App, actor: &Actor, id: i64, line_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    if !programmes::delete_budget(&mut tx, id, line_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "programme.delete-budget",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_target(app: &App, actor: &Actor, id: i64, input: &TargetInput) -> Result<i64> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let target = input.parse()?;
    let target_id = programmes::insert_target(&mut tx, id, &target).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.add-target",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(target_id)
}

pub async fn delete_target(app: &App, actor: &Actor, id: i64, target_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    if !programmes::delete_target(&mut tx, id, target_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "programme.delete-target",
        &[RecordRef::new("programme", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
