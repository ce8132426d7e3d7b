//! Partners' contributions, hourly costs, the financing plan against the outcome, and the
//! partners' roles (issue 13 items 2 and 6, decision 0027).
//!
//! Contributions and budgets are figures about organisations, not people: whoever may see the
//! programme (`Capability::ViewProgrammes`, the steering group included) sees them. Writing is
//! for those who manage the programme (`Capability::ManageProgrammes` for its operator: the
//! operator's coordinators and the administrator); case officers do not record their own
//! organisation's hours yet. A partner's contact person is personal data, so reading the
//! partners' roles is audited when a person is named, and changing them always is.

use crate::{Actor, App, AppError, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::contribution::{
    self as calc, BudgetOutcome, Contribution, ContributionInput, Rate, RateInput,
};
use stegvis_domain::income::YearMonth;
use stegvis_domain::money::Money;
use stegvis_domain::organisation::OrganisationKind;
use stegvis_domain::partner_role::{PartnerRole, PartnerRoleInput};
use stegvis_domain::programme::{BudgetLine, Programme};
use stegvis_domain::user::UserFilter;
use stegvis_storage::{StorageError, Tx, contributions as store, organisations, programmes, users};
use time::Date;

/// The budget against the outcome of a programme, with the names it refers to: what the
/// "Budget och utfall" page, the API and the steering group's meeting pack show.
#[derive(Debug, Clone)]
pub struct BudgetSummary {
    pub programme: Programme,
    pub outcome: BudgetOutcome,
    pub organisation_names: HashMap<i64, String>,
    /// The date the outcome is counted to (today, or the period's end if earlier).
    pub as_of: Date,
}

impl BudgetSummary {
    pub fn organisation_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.organisation_names
            .get(id.borrow())
            .map_or("", String::as_str)
    }
}

/// Everything the "Budget och utfall" page shows.
#[derive(Debug, Clone)]
pub struct BudgetOverview {
    pub summary: BudgetSummary,
    /// The contributions, newest month first.
    pub contributions: Vec<Contribution>,
    pub rates: Vec<Rate>,
    /// The organisations that may contribute: the operator, the partners and the financiers.
    pub contributors: Vec<(i64, String)>,
    pub can_manage: bool,
}

async fn visible(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ViewProgrammes)?;
    programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn names(tx: &mut Tx) -> Result<HashMap<i64, String>> {
    Ok(organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The last day the outcome counts: today, but not after the programme's end.
fn as_of(programme: &Programme, today: Date) -> Date {
    today.min(programme.ends_on)
}

/// Participants per year of the period up to `as_of`, and over the whole of it.
async fn participants(
    tx: &mut Tx,
    programme: &Programme,
    as_of: Date,
) -> Result<(BTreeMap<i32, u64>, u64)> {
    let mut by_year = BTreeMap::new();
    if as_of < programme.starts_on {
        return Ok((by_year, 0));
    }
    for year in programme.starts_on.year()..=as_of.year() {
        let from = Date::from_ordinal_date(year, 1)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .max(programme.starts_on);
        let to = Date::from_calendar_date(year, time::Month::December, 31)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .min(as_of);
        by_year.insert(
            year,
            store::participants_between(tx, programme.id, from, to).await?,
        );
    }
    let all = store::participants_between(tx, programme.id, programme.starts_on, as_of).await?;
    Ok((by_year, all))
}

pub(crate) async fn outcome_in(
    tx: &mut Tx,
    programme: &Programme,
    today: Date,
) -> Result<(BudgetOutcome, Vec<Contribution>, Vec<Rate>, Vec<BudgetLine>)> {
    let contributions = store::list(tx, programme.id, None).await?;
    let rates = store::rates(tx, programme.id).await?;
    let plan = programmes::budgets(tx, programme.id).await?;
    let (by_year, all) = participants(tx, programme, as_of(programme, today)).await?;
    let outcome = calc::budget_outcome(&contributions, &rates, &plan, &by_year, all)
        .map_err(|_| AppError::field("amount", "money-error-too-large"))?;
    Ok((outcome, contributions, rates, plan))
}

/// The budget against the outcome of a programme, for whoever may see the programme. This is
/// the function the steering group's meeting pack calls: aggregates per organisation and year
/// only, no personal data.
pub async fn budget_outcome(app: &App, actor: &Actor, programme_id: i64) -> Result<BudgetSummary> {
    let mut tx = app.begin_read().await?;
    let programme = visible(&mut tx, actor, programme_id).await?;
    let (outcome, ..) = outcome_in(&mut tx, &programme, app.today()).await?;
    let organisation_names = names(&mut tx).await?;
    tx.commit().await?;
    Ok(BudgetSummary {
        as_of: as_of(&programme, app.today()),
        programme,
        outcome: outcome.for_audience(crate::effects::audience(actor)),
        organisation_names,
    })
}

/// The organisations that may record contributions to a programme: its operator, partners and
/// financiers (those with a line in the financing plan).
async fn contributors(tx: &mut Tx, programme: &Programme) -> Result<BTreeSet<i64>> {
    let mut ids: BTreeSet<i64> = programmes::partners(tx, programme.id)
        .await?
        .into_iter()
        .collect();
    ids.insert(programme.operator_id);
    ids.extend(
        programmes::budgets(tx, programme.id)
            .await?
            .into_iter()
            .map(|l| l.organisation_id),
    );
    Ok(ids)
}

/// The page: summary, contributions (of `month` only, when given), rates and who contributes.
pub async fn overview(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    month: Option<YearMonth>,
) -> Result<BudgetOverview> {
    let mut tx = app.begin_read().await?;
    let programme = visible(&mut tx, actor, programme_id).await?;
    let (outcome, all, rates, _) = outcome_in(&mut tx, &programme, app.today()).await?;
    let mut contributions: Vec<Contribution> = all
        .into_iter()
        .filter(|c| month.is_none_or(|m| c.month == m))
        .collect();
    contributions.sort_by(|a, b| {
        b.month
            .cmp(&a.month)
            .then(a.organisation_id.cmp(&b.organisation_id))
    });
    let organisation_names = names(&mut tx).await?;
    let contributors = contributors(&mut tx, &programme)
        .await?
        .into_iter()
        .map(|id| (id, organisation_names.get(&id).cloned().unwrap_or_default()))
        .collect();
    let can_manage = crate::programmes::may_manage(actor, programme.operator_id)
        && actor.require(Capability::ManageProgrammes).is_ok();
    tx.commit().await?;
    Ok(BudgetOverview {
        summary: BudgetSummary {
            as_of: as_of(&programme, app.today()),
            programme,
            outcome: outcome.for_audience(crate::effects::audience(actor)),
            organisation_names,
        },
        contributions,
        rates,
        contributors,
        can_manage,
    })
}

/// A programme's contributions for the API, of one month when `month` is given.
pub async fn contributions(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    month: Option<YearMonth>,
) -> Result<Vec<Contribution>> {
    let mut tx = app.begin_read().await?;
    visible(&mut tx, actor, programme_id).await?;
    let list = store::list(&mut tx, programme_id, month).await?;
    tx.commit().await?;
    Ok(list)
}

/// Reads a `month` filter (`YYYY-MM`); blank means every month.
pub fn parse_month_filter(text: &str) -> Result<Option<YearMonth>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    YearMonth::parse(text)
        .map(Some)
        .map_err(|e| AppError::field("month", e.message_key()))
}

async fn check_contributor(tx: &mut Tx, programme: &Programme, organisation_id: i64) -> Result<()> {
    if contributors(tx, programme)
        .await?
        .contains(&organisation_id)
    {
        Ok(())
    } else {
        Err(AppError::field(
            "organisation_id",
            "contribution-error-organisation-not-partner",
        ))
    }
}

/// Records a month of a partner's contribution; a month already recorded for the partner is
/// replaced (so a correction is made by entering the month again).
pub async fn record(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &ContributionInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let programme = crate::programmes::managed(&mut tx, actor, programme_id).await?;
    let draft = input.parse((programme.starts_on, programme.ends_on), app.today())?;
    check_contributor(&mut tx, &programme, draft.organisation_id).await?;
    let id = store::upsert(&mut tx, programme_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "contribution.record",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("contribution", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a recorded contribution, partner and month included.
pub async fn update(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    contribution_id: i64,
    input: &ContributionInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let programme = crate::programmes::managed(&mut tx, actor, programme_id).await?;
    let draft = input.parse((programme.starts_on, programme.ends_on), app.today())?;
    check_contributor(&mut tx, &programme, draft.organisation_id).await?;
    let changed = store::update(&mut tx, programme_id, contribution_id, &draft, app.now())
        .await
        .map_err(|e| match e {
            StorageError::Conflict { .. } => {
                AppError::field("month", "contribution-error-month-recorded")
            }
            other => other.into(),
        })?;
    if !changed {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "contribution.update",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("contribution", contribution_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    contribution_id: i64,
) -> Result<()> {
    let mut tx = app.begin().await?;
    crate::programmes::managed(&mut tx, actor, programme_id).await?;
    if !store::delete(&mut tx, programme_id, contribution_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "contribution.delete",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("contribution", contribution_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The hourly costs per partner and year.
pub async fn rates(app: &App, actor: &Actor, programme_id: i64) -> Result<Vec<Rate>> {
    let mut tx = app.begin_read().await?;
    visible(&mut tx, actor, programme_id).await?;
    let list = store::rates(&mut tx, programme_id).await?;
    tx.commit().await?;
    Ok(list)
}

/// Sets a partner's hourly cost for a year, replacing an earlier one.
pub async fn set_rate(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &RateInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let programme = crate::programmes::managed(&mut tx, actor, programme_id).await?;
    let rate = input.parse((programme.starts_on, programme.ends_on))?;
    check_contributor(&mut tx, &programme, rate.organisation_id).await?;
    store::upsert_rate(&mut tx, programme_id, &rate).await?;
    app.audit(
        &mut tx,
        actor,
        "contribution.set-rate",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The financing plan: the programme's budget lines per financier and year. They are set with
/// [`crate::programmes::set_budget`].
pub async fn financing_plan(
    app: &App,
    actor: &Actor,
    programme_id: i64,
) -> Result<Vec<BudgetLine>> {
    let mut tx = app.begin_read().await?;
    visible(&mut tx, actor, programme_id).await?;
    let plan = programmes::budgets(&mut tx, programme_id).await?;
    tx.commit().await?;
    Ok(plan)
}

/// The programme's costs per financier for the socio-economic account: what the recorded
/// contributions add up to per organisation kind, or `None` when nothing has been recorded
/// (then the account takes the financing plan, as before decision 0027).
pub(crate) async fn recorded_costs(
    tx: &mut Tx,
    programme: &Programme,
    today: Date,
) -> Result<Option<Vec<(OrganisationKind, Money)>>> {
    let (outcome, contributions, ..) = outcome_in(tx, programme, today).await?;
    if contributions.is_empty() {
        return Ok(None);
    }
    let kinds: HashMap<i64, OrganisationKind> = organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.kind))
        .collect();
    Ok(Some(
        outcome
            .spent_by_organisation()
            .into_iter()
            .filter_map(|(org, spent)| kinds.get(&org).map(|kind| (*kind, spent)))
            .collect(),
    ))
}

/// One partner of a programme with its role and its staff.
#[derive(Debug, Clone)]
pub struct PartnerView {
    pub organisation_id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    pub role: PartnerRole,
    /// The organisation's case officers: user id, name and whether they may refer.
    pub staff: Vec<(i64, String, bool)>,
    /// `false` while no one of the organisation is named: then all its case officers may refer.
    pub restricted: bool,
}

impl PartnerView {
    /// The names of those who may refer, comma-separated.
    pub fn referrer_names(&self) -> String {
        self.staff
            .iter()
            .filter(|(_, _, may)| *may)
            .map(|(_, name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The programme's partners with their roles, for whoever may see the programme. Naming a
/// contact person makes this a read of personal data, which is audited.
pub async fn partners(app: &App, actor: &Actor, programme_id: i64) -> Result<Vec<PartnerView>> {
    let mut tx = app.begin().await?;
    let programme = visible(&mut tx, actor, programme_id).await?;
    let list = partners_in(&mut tx, &programme).await?;
    if list.iter().any(|p| p.role.names_a_person()) {
        app.audit(
            &mut tx,
            actor,
            "programme.read-partners",
            &[RecordRef::new("programme", programme_id)],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(list)
}

async fn partners_in(tx: &mut Tx, programme: &Programme) -> Result<Vec<PartnerView>> {
    let roles: HashMap<i64, PartnerRole> = store::roles(tx, programme.id)
        .await?
        .into_iter()
        .map(|r| (r.organisation_id, r))
        .collect();
    let referrers: BTreeSet<i64> = store::referrers(tx, programme.id)
        .await?
        .into_iter()
        .collect();
    let organisations: HashMap<i64, _> = organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut out = Vec::new();
    for id in programmes::partners(tx, programme.id).await? {
        let Some(org) = organisations.get(&id) else {
            continue;
        };
        let staff: Vec<(i64, String, bool)> = staff_of(tx, id)
            .await?
            .into_iter()
            .map(|(user, name)| (user, name, referrers.contains(&user)))
            .collect();
        out.push(PartnerView {
            organisation_id: id,
            name: org.name.clone(),
            kind: org.kind,
            restricted: staff.iter().any(|(_, _, may)| *may),
            role: roles.get(&id).cloned().unwrap_or(PartnerRole {
                organisation_id: id,
                ..PartnerRole::default()
            }),
            staff,
        });
    }
    Ok(out)
}

/// The active case officers of an organisation: those who can refer at all.
async fn staff_of(tx: &mut Tx, organisation_id: i64) -> Result<Vec<(i64, String)>> {
    let filter = UserFilter {
        role: Some(Role::CaseOfficer),
        organisation_id: Some(organisation_id),
        username_prefix: None,
    };
    let (list, _) = users::list(tx, &filter, 500, 0).await?;
    Ok(list
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// Sets a partner's role and which of its case officers may refer. Naming none leaves the
/// partner unrestricted: every case officer of it may refer.
pub async fn set_partner(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    organisation_id: i64,
    input: &PartnerRoleInput,
    may_refer: &[i64],
) -> Result<()> {
    let mut tx = app.begin().await?;
    let programme = crate::programmes::managed(&mut tx, actor, programme_id).await?;
    if !programmes::partners(&mut tx, programme.id)
        .await?
        .contains(&organisation_id)
    {
        return Err(AppError::NotFound);
    }
    let draft = input.parse()?;
    let staff: BTreeSet<i64> = staff_of(&mut tx, organisation_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut chosen: Vec<i64> = may_refer.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.iter().any(|id| !staff.contains(id)) {
        return Err(AppError::field("may_refer", "partner-error-not-staff"));
    }
    store::upsert_role(&mut tx, programme_id, organisation_id, &draft, app.now()).await?;
    store::set_referrers(&mut tx, programme_id, organisation_id, &chosen).await?;
    app.audit(
        &mut tx,
        actor,
        "programme.set-partner-role",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("organisation", organisation_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a case officer may refer people to a programme: yes unless the programme names who
/// of their organisation may refer and they are not among them.
pub(crate) async fn may_refer(
    tx: &mut Tx,
    programme_id: i64,
    user_id: i64,
    organisation_id: i64,
) -> Result<bool> {
    if !store::organisation_restricts_referrals(tx, programme_id, organisation_id).await? {
        return Ok(true);
    }
    Ok(store::referrers(tx, programme_id).await?.contains(&user_id))
}
