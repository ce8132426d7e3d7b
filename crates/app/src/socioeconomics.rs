//! The socio-economic account of a programme (ex post), its parameter sets and the ex-ante
//! scenarios.
//!
//! The account is aggregate only: it is computed from effect 1's sums over the followed-up
//! episodes and the programme's budget, never shows a person, and is readable by whoever may
//! see a programme's measures (`Capability::ViewMeasures`), like the effects page. For the
//! aggregate-only roles it is withheld while fewer than five episodes are followed up, the same
//! rule as effect 1. Parameters and scenarios are edited by the operator's coordinators and the
//! administrator (`Capability::ManageProgrammes` for that operator). Reads and changes are
//! audited with the programme's or operator's id.

use std::collections::BTreeMap;

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::change::Audience;
use stegvis_domain::disclosure::THRESHOLD;
use stegvis_domain::effects::{DEFAULT_WINDOW, parse_window};
use stegvis_domain::income::YearMonth;
use stegvis_domain::programme::Programme;
use stegvis_domain::socioeconomics::{
    self as socio, Account, Financing, Inputs, ParameterInput, ParameterSet, ScenarioDraft,
    ScenarioInput, SourceMonths,
};
use stegvis_domain::validation::ValidationErrors;
use stegvis_storage::socioeconomics::{self as store, Scenario};
use stegvis_storage::{Tx, organisations, programmes};

/// Which parameters, horizon and window an account is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountQuery {
    /// The year of the parameter set.
    pub year: i32,
    pub horizon: u32,
    /// Effect 1's window in months (6, 12 or 24): the change is measured over this many months
    /// before intake and after exit, and only episodes followed up that long count.
    pub window: u32,
}

impl AccountQuery {
    /// The query with blanks everywhere: this year, five years, twelve months.
    #[must_use]
    pub fn default_for(today: time::Date) -> Self {
        Self {
            year: today.year(),
            horizon: socio::DEFAULT_HORIZON,
            window: DEFAULT_WINDOW,
        }
    }

    /// Reads the `parameters` (year), `horizon` and `window` parameters; blanks give the
    /// current year, five years and twelve months.
    ///
    /// # Errors
    ///
    /// `AppError::Invalid` naming `parameters`, `horizon` or `window`.
    pub fn parse(year: &str, horizon: &str, window: &str, today: time::Date) -> Result<Self> {
        let mut errors = ValidationErrors::new();
        let year = if year.trim().is_empty() {
            Some(today.year())
        } else {
            errors.check(socio::parse_year("parameters", year))
        };
        let horizon = errors.check(socio::parse_horizon(horizon));
        let window = errors.check(parse_window(window));
        match (year, horizon, window) {
            (Some(year), Some(horizon), Some(window)) if errors.is_empty() => Ok(Self {
                year,
                horizon,
                window,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// The parameters in force for an operator and year: the saved set, or the shipped default.
#[derive(Debug, Clone)]
pub struct Parameters {
    pub set: ParameterSet,
    /// `None` when the shipped default is used (nothing saved for the year).
    pub version: Option<i64>,
    /// Years the operator has saved, newest first.
    pub saved_years: Vec<i32>,
}

async fn parameters_in(tx: &mut Tx, operator_id: i64, year: i32) -> Result<Parameters> {
    let saved_years = store::parameter_years(tx, operator_id)
        .await?
        .into_iter()
        .map(|(y, _)| y)
        .collect();
    Ok(match store::parameter_set(tx, operator_id, year).await? {
        Some(stored) => Parameters {
            set: stored.set,
            version: Some(stored.version),
            saved_years,
        },
        None => Parameters {
            set: socio::default_parameters(year),
            version: None,
            saved_years,
        },
    })
}

/// The ex-post account of a programme as the actor may see it.
#[derive(Debug, Clone)]
pub struct ProgrammeAccount {
    pub programme: Programme,
    pub query: AccountQuery,
    /// The date the follow-up is counted on (today).
    pub as_of: time::Date,
    pub parameters: Parameters,
    /// The window of effect 1 the change is measured over, in months.
    pub window: u32,
    /// Episodes followed up for a whole window.
    pub followed: u64,
    /// `true` when the reader sees aggregates only and fewer than five are followed up.
    pub suppressed: bool,
    /// Percent-months per source before and after (empty when suppressed).
    pub months: Vec<SourceMonths>,
    pub financing: Vec<Financing>,
    /// Where `financing` comes from: the recorded contributions when there are any, the
    /// financing plan (budget lines) otherwise (decision 0027).
    pub cost_basis: CostBasis,
    /// What the account was computed from; `None` when suppressed.
    pub inputs: Option<Inputs>,
    /// `None` when suppressed.
    pub account: Option<Account>,
    pub audience: Audience,
}

async fn visible_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    programmes::get(tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Which of the programme's costs the account takes as the investment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostBasis {
    /// The financing plan: the budget lines per financier and year.
    Budget,
    /// The outcome: what the partners' recorded contributions add up to (hours × hourly
    /// cost, money and in kind). It wins over the plan as soon as one month is recorded,
    /// since it is what the programme actually cost.
    Outcome,
}

impl CostBasis {
    pub fn code(self) -> &'static str {
        match self {
            CostBasis::Budget => "budget",
            CostBasis::Outcome => "outcome",
        }
    }
}

/// The programme's costs per financier: the recorded outcome if any, else the plan.
async fn costs(
    tx: &mut Tx,
    programme: &Programme,
    today: time::Date,
) -> Result<(Vec<Financing>, CostBasis)> {
    match crate::budget::recorded_costs(tx, programme, today).await? {
        Some(spent) => Ok((
            spent
                .into_iter()
                .map(|(kind, amount)| Financing { kind, amount })
                .collect(),
            CostBasis::Outcome,
        )),
        None => Ok((financing(tx, programme.id).await?, CostBasis::Budget)),
    }
}

async fn financing(tx: &mut Tx, programme_id: i64) -> Result<Vec<Financing>> {
    let kinds: BTreeMap<i64, _> = organisations::list(tx)
        .await?
        .into_iter()
        .map(|o| (o.id, o.kind))
        .collect();
    Ok(programmes::budgets(tx, programme_id)
        .await?
        .into_iter()
        .filter_map(|line| {
            kinds.get(&line.organisation_id).map(|kind| Financing {
                kind: *kind,
                amount: line.amount,
            })
        })
        .collect())
}

/// The ex-post account of one programme: effect 1's change over `query.window` months, made
/// yearly and valued with the operator's parameters of `query.year`.
pub async fn programme_account(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    query: AccountQuery,
) -> Result<ProgrammeAccount> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let parameters = parameters_in(&mut tx, programme.operator_id, query.year).await?;
    let window = query.window;
    let today = YearMonth::of(app.today())
        .ok_or_else(|| AppError::Internal("today has no month".into()))?;
    let (followed, months) = store::source_months(&mut tx, programme_id, window, today).await?;
    let (financing, cost_basis) = costs(&mut tx, &programme, app.today()).await?;
    let audience = crate::effects::audience(actor);
    let suppressed = audience.is_aggregate() && followed < THRESHOLD;
    let (months, inputs, account) = if suppressed {
        (Vec::new(), None, None)
    } else {
        let inputs = socio::ex_post_inputs(&months, window, &financing, &parameters.set);
        let account = socio::account(&inputs, &parameters.set, query.horizon);
        (months, Some(inputs), Some(account))
    };
    app.audit(
        &mut tx,
        actor,
        "socioeconomics.read",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(ProgrammeAccount {
        programme,
        query,
        as_of: app.today(),
        parameters,
        window,
        followed,
        suppressed,
        months,
        financing,
        cost_basis,
        inputs,
        account,
        audience,
    })
}

fn may_manage(actor: &Actor, operator_id: i64) -> bool {
    actor.principal().is_none_or(|p| {
        p.can(Capability::ManageProgrammes) && p.may_manage_programme_of(operator_id)
    })
}

/// The parameters of the programme's operator for `year`, for the editing form.
pub async fn parameters(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    year: i32,
) -> Result<(Programme, Parameters)> {
    actor.require(Capability::ManageProgrammes)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    if !may_manage(actor, programme.operator_id) {
        return Err(AppError::Forbidden);
    }
    let parameters = parameters_in(&mut tx, programme.operator_id, year).await?;
    tx.commit().await?;
    Ok((programme, parameters))
}

/// Saves the operator's parameters for `year` from the editing form; returns the version.
pub async fn save_parameters(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    year: i32,
    values: &BTreeMap<String, ParameterInput>,
    actors: &BTreeMap<String, String>,
) -> Result<i64> {
    actor.require(Capability::ManageProgrammes)?;
    let set = socio::parse_parameters(year, values, actors)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    if !may_manage(actor, programme.operator_id) {
        return Err(AppError::Forbidden);
    }
    let version = store::save_parameter_set(
        &mut tx,
        programme.operator_id,
        &set,
        actor.user_id(),
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "socioeconomics.parameters-saved",
        &[RecordRef::new("organisation", programme.operator_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// The scenarios of a programme.
pub async fn scenarios(
    app: &App,
    actor: &Actor,
    programme_id: i64,
) -> Result<(Programme, Vec<Scenario>)> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let list = store::scenarios(&mut tx, programme_id).await?;
    tx.commit().await?;
    Ok((programme, list))
}

/// A scenario with its account.
#[derive(Debug, Clone)]
pub struct ScenarioAccount {
    pub programme: Programme,
    pub scenario: Scenario,
    pub parameters: Parameters,
    pub inputs: Inputs,
    pub account: Account,
}

/// One scenario and its ex-ante account at `horizon`.
pub async fn scenario(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    scenario_id: i64,
    horizon: u32,
) -> Result<ScenarioAccount> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let scenario = store::scenario(&mut tx, programme_id, scenario_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let parameters = parameters_in(&mut tx, programme.operator_id, scenario.parameter_year).await?;
    let inputs = socio::ex_ante_inputs(&scenario.body, &parameters.set);
    let account = socio::account(&inputs, &parameters.set, horizon);
    tx.commit().await?;
    Ok(ScenarioAccount {
        programme,
        scenario,
        parameters,
        inputs,
        account,
    })
}

/// The programme a new scenario is made for, if the actor may make one.
pub async fn scenario_programme(app: &App, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ManageProgrammes)?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    tx.commit().await?;
    if may_manage(actor, programme.operator_id) {
        Ok(programme)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Saves a new scenario for the programme; returns its id.
pub async fn create_scenario(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &ScenarioInput,
) -> Result<i64> {
    actor.require(Capability::ManageProgrammes)?;
    let draft: ScenarioDraft = input.parse()?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    if !may_manage(actor, programme.operator_id) {
        return Err(AppError::Forbidden);
    }
    let id = store::insert_scenario(
        &mut tx,
        programme.operator_id,
        programme_id,
        &draft,
        actor.user_id(),
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "socioeconomics.scenario-created",
        &[RecordRef::new("socioeconomic-scenario", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces a scenario of the programme.
pub async fn update_scenario(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    scenario_id: i64,
    input: &ScenarioInput,
) -> Result<()> {
    actor.require(Capability::ManageProgrammes)?;
    let draft: ScenarioDraft = input.parse()?;
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    if !may_manage(actor, programme.operator_id) {
        return Err(AppError::Forbidden);
    }
    if !store::update_scenario(
        &mut tx,
        programme_id,
        scenario_id,
        &draft,
        actor.user_id(),
        app.now(),
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "socioeconomics.scenario-updated",
        &[RecordRef::new("socioeconomic-scenario", scenario_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The form of an existing scenario, for editing.
pub async fn scenario_form(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    scenario_id: i64,
) -> Result<(Programme, ScenarioInput)> {
    let programme = scenario_programme(app, actor, programme_id).await?;
    let mut tx = app.begin().await?;
    let scenario = store::scenario(&mut tx, programme_id, scenario_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok((
        programme,
        ScenarioInput::of(&ScenarioDraft {
            name: scenario.name,
            parameter_year: scenario.parameter_year,
            body: scenario.body,
        }),
    ))
}
