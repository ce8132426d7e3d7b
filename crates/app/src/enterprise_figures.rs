//! Use cases for participants in enterprises (memberships) and the enterprises' year figures.
//!
//! Memberships are personal data (a person's job): only a coordinator of the operator that
//! supports the enterprise manages and reads them, and every read and write is audited with
//! ids only. Figures describe the enterprise, not a person: they are read without an audit
//! event, and entered by the enterprise's own representative or its operator's coordinator.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, EnterpriseScope, PersonScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::enterprise::Enterprise;
use stegvis_domain::enterprise_figures::{
    Growth, HeadCounts, Membership, MembershipInput, ReservedShare, YearFigures, YearFiguresInput,
    growth, parse_end, parse_year,
};
use stegvis_storage::enterprise_figures as store;
use stegvis_storage::enterprises;
use stegvis_storage::{Tx, persons};

/// An enterprise's figures and what is computed from them.
#[derive(Debug, Clone)]
pub struct FiguresView {
    /// Oldest year first.
    pub years: Vec<YearFigures>,
    pub growth: Vec<Growth>,
    /// The head counts of the latest year, if any year is reported.
    pub latest: Option<HeadCounts>,
    /// `None` when no year is reported or the latest year has no employees.
    pub share: Option<ReservedShare>,
    /// People of the programmes linked to the enterprise on the latest head-count date (or
    /// today, when no year is reported): all forms, and employment forms only.
    pub linked: i64,
    pub linked_employees: i64,
    /// The same counts on `today`, which differ from the above when people were linked or
    /// left after the latest head count (the page would otherwise say "0 linked" beside a
    /// list of current staff).
    pub linked_today: i64,
    pub linked_employees_today: i64,
    /// More participants linked as employees than the declared target-group count.
    pub exceeds_declared: bool,
    /// Whether the actor may enter figures.
    pub can_report: bool,
}

fn scope(actor: &Actor) -> EnterpriseScope {
    actor
        .principal()
        .map_or(EnterpriseScope::All, |p| p.enterprise_scope())
}

/// The enterprise an enterprise-role account is linked to.
async fn own_enterprise_id(tx: &mut Tx, actor: &Actor) -> Result<Option<i64>> {
    match actor.principal() {
        Some(p) if p.role == Role::Enterprise => {
            Ok(store::enterprise_of_user(tx, p.user_id).await?)
        }
        _ => Ok(None),
    }
}

/// Loads an enterprise whose figures the actor may see: within their register scope, or
/// their own enterprise for the enterprise role. Anything else is "not found".
async fn visible(tx: &mut Tx, actor: &Actor, id: i64) -> Result<(Enterprise, bool)> {
    let own = own_enterprise_id(tx, actor).await?;
    let enterprise = if own == Some(id) {
        enterprises::get(tx, EnterpriseScope::All, id).await?
    } else if actor.require(Capability::ViewEnterprises).is_ok() {
        enterprises::get(tx, scope(actor), id).await?
    } else {
        None
    }
    .ok_or(AppError::NotFound)?;
    let can_report = actor
        .principal()
        .is_none_or(|p| p.may_report_figures_of(enterprise.id, enterprise.operator_id, own));
    Ok((enterprise, can_report))
}

/// The year figures of an enterprise; with no head count yet, people linked on `today`.
async fn figures_view(
    tx: &mut Tx,
    enterprise_id: i64,
    can_report: bool,
    today: time::Date,
) -> Result<FiguresView> {
    let years = store::all_figures(tx, enterprise_id).await?;
    let latest = years.last().map(|y| y.head_counts);
    let day = latest.map_or(today, |c| c.counted_on);
    let (linked, linked_employees) = store::linked_counts(tx, enterprise_id, day).await?;
    let (linked_today, linked_employees_today) = if day == today {
        (linked, linked_employees)
    } else {
        store::linked_counts(tx, enterprise_id, today).await?
    };
    Ok(FiguresView {
        growth: growth(&years),
        share: latest.and_then(|c| c.reserved_share()),
        exceeds_declared: latest.is_some_and(|c| c.fewer_than_linked(linked_employees)),
        latest,
        linked,
        linked_employees,
        linked_today,
        linked_employees_today,
        can_report,
        years,
    })
}

/// The figures of an enterprise the actor may see.
pub async fn figures(app: &App, actor: &Actor, enterprise_id: i64) -> Result<FiguresView> {
    let mut tx = app.begin().await?;
    let (_, can_report) = visible(&mut tx, actor, enterprise_id).await?;
    let view = figures_view(&mut tx, enterprise_id, can_report, app.today()).await?;
    tx.commit().await?;
    Ok(view)
}

/// The enterprise an enterprise representative reports for, with its figures; "not found"
/// for an account not linked to any.
pub async fn own(app: &App, actor: &Actor) -> Result<(Enterprise, FiguresView)> {
    actor.require(Capability::ReportOwnFigures)?;
    let mut tx = app.begin().await?;
    let id = own_enterprise_id(&mut tx, actor)
        .await?
        .ok_or(AppError::NotFound)?;
    let (enterprise, can_report) = visible(&mut tx, actor, id).await?;
    let view = figures_view(&mut tx, id, can_report, app.today()).await?;
    tx.commit().await?;
    Ok((enterprise, view))
}

/// One year's figures, or "not found".
pub async fn year(app: &App, actor: &Actor, enterprise_id: i64, year: &str) -> Result<YearFigures> {
    let mut tx = app.begin().await?;
    visible(&mut tx, actor, enterprise_id).await?;
    let year = parse_year(year, app.today()).map_err(|_| AppError::NotFound)?;
    let figures = store::figures_of_year(&mut tx, enterprise_id, year)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(figures)
}

/// Saves a year's figures (replacing those of the same year). `true` when the year was new.
pub async fn save(
    app: &App,
    actor: &Actor,
    enterprise_id: i64,
    input: &YearFiguresInput,
) -> Result<bool> {
    let mut tx = app.begin().await?;
    let (_, can_report) = visible(&mut tx, actor, enterprise_id).await?;
    if !can_report {
        return Err(AppError::Forbidden);
    }
    let figures = input.parse(app.today())?;
    let created =
        store::save_figures(&mut tx, enterprise_id, &figures, actor.user_id(), app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.figures-save",
        &[RecordRef::new("enterprise", enterprise_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Loads an enterprise whose memberships the actor manages: a coordinator of its operator.
async fn managed(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Enterprise> {
    actor.require(Capability::ManageMemberships)?;
    let enterprise = enterprises::get(tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor
        .principal()
        .is_none_or(|p| p.may_manage_programme_of(enterprise.operator_id))
    {
        return Err(AppError::Forbidden);
    }
    Ok(enterprise)
}

fn membership_refs(enterprise_id: i64, list: &[Membership]) -> Vec<RecordRef> {
    std::iter::once(RecordRef::new("enterprise", enterprise_id))
        .chain(list.iter().map(|m| RecordRef::new("person", m.person_id)))
        .collect()
}

/// Whether the actor may see and change the memberships of an enterprise, without failing.
pub async fn may_manage_memberships(app: &App, actor: &Actor, enterprise_id: i64) -> Result<bool> {
    let mut tx = app.begin().await?;
    let allowed = match managed(&mut tx, actor, enterprise_id).await {
        Ok(_) => true,
        Err(AppError::Forbidden | AppError::NotFound) => false,
        Err(other) => return Err(other),
    };
    tx.commit().await?;
    Ok(allowed)
}

/// The people linked to an enterprise, with names: audited as a read of each person.
pub async fn memberships(app: &App, actor: &Actor, enterprise_id: i64) -> Result<Vec<Membership>> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, enterprise_id).await?;
    let list = store::memberships(&mut tx, actor.person_scope(), enterprise_id).await?;
    if !list.is_empty() {
        app.audit(
            &mut tx,
            actor,
            "enterprise.membership-read",
            &membership_refs(enterprise_id, &list),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(list)
}

/// Checks that the person is one of the actor's participants: someone they may see, who has
/// taken part in a programme (not merely been referred). Otherwise the same message, so an id
/// outside the scope reveals nothing.
async fn check_person(tx: &mut Tx, actor: &Actor, person_id: i64) -> Result<()> {
    let found = persons::get(tx, actor.person_scope(), person_id).await?;
    let usable = found.is_some_and(|p| p.anonymised_at.is_none())
        && store::is_participant(tx, person_id).await?;
    if usable {
        Ok(())
    } else {
        Err(AppError::field(
            "person_id",
            "enterprise-error-person-unknown",
        ))
    }
}

pub async fn add_membership(
    app: &App,
    actor: &Actor,
    enterprise_id: i64,
    input: &MembershipInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, enterprise_id).await?;
    let draft = input.parse(app.today())?;
    check_person(&mut tx, actor, draft.person_id).await?;
    let id = store::insert_membership(&mut tx, enterprise_id, &draft, actor.user_id(), app.now())
        .await?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.membership-add",
        &[
            RecordRef::new("enterprise", enterprise_id),
            RecordRef::new("person", draft.person_id),
            RecordRef::new("membership", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a membership's form, title, hours and dates; the person stays the same.
pub async fn update_membership(
    app: &App,
    actor: &Actor,
    enterprise_id: i64,
    id: i64,
    input: &MembershipInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, enterprise_id).await?;
    let current = store::membership(&mut tx, actor.person_scope(), enterprise_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut input = input.clone();
    input.person_id = current.person_id.to_string();
    let draft = input.parse(app.today())?;
    store::update_membership(&mut tx, enterprise_id, id, &draft).await?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.membership-update",
        &[
            RecordRef::new("enterprise", enterprise_id),
            RecordRef::new("person", current.person_id),
            RecordRef::new("membership", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a membership on a date not before its start. The row stays: effect 2 counts people
/// who have held a job, not only those who hold one.
pub async fn end_membership(
    app: &App,
    actor: &Actor,
    enterprise_id: i64,
    id: i64,
    ends_on: &str,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, enterprise_id).await?;
    let current = store::membership(&mut tx, actor.person_scope(), enterprise_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let end = parse_end(ends_on, current.starts_on).map_err(AppError::Invalid)?;
    store::end_membership(&mut tx, enterprise_id, id, end).await?;
    app.audit(
        &mut tx,
        actor,
        "enterprise.membership-end",
        &[
            RecordRef::new("enterprise", enterprise_id),
            RecordRef::new("person", current.person_id),
            RecordRef::new("membership", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Links a new enterprise-role account to its enterprise (`stegvis user add --enterprise`).
/// Refused for other roles, and for an enterprise that does not exist.
pub(crate) async fn enterprise_to_link(
    tx: &mut Tx,
    enterprise: &str,
    role: Role,
) -> Result<Option<i64>> {
    if enterprise.trim().is_empty() {
        return Ok(None);
    }
    if role != Role::Enterprise {
        return Err(AppError::field(
            "enterprise",
            "error-enterprise-link-needs-enterprise-role",
        ));
    }
    let id = stegvis_domain::programme::parse_id("enterprise", enterprise)
        .map_err(|_| AppError::field("enterprise", "error-enterprise-unknown"))?;
    if enterprises::get(tx, EnterpriseScope::All, id)
        .await?
        .is_none()
    {
        return Err(AppError::field("enterprise", "error-enterprise-unknown"));
    }
    Ok(Some(id))
}

pub(crate) async fn link_user(tx: &mut Tx, user_id: i64, enterprise_id: i64) -> Result<()> {
    store::link_user(tx, user_id, enterprise_id).await?;
    Ok(())
}

/// The memberships of the participant's own person, for `/min-sida`.
pub async fn own_memberships(tx: &mut Tx, person_id: i64) -> Result<Vec<(String, Membership)>> {
    Ok(store::memberships_of_person(tx, PersonScope::Own(person_id), person_id).await?)
}

/// Effect 2 counts for a programme: participants who have held a job in a social enterprise,
/// and who hold one on `today`.
pub(crate) async fn programme_jobs(
    tx: &mut Tx,
    programme_id: i64,
    today: time::Date,
) -> Result<(i64, i64)> {
    Ok(store::programme_job_counts(tx, programme_id, today).await?)
}
