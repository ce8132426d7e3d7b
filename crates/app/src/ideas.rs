//! Use cases for business ideas, their stage board, teams and business plans.
//!
//! A team links people, so every read and change of an idea is audited with the idea and the
//! participants in its team, like other personal data.

use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, IdeaScope, PersonScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::forecast::{
    FIRST_MONTH_FIELD, ForecastForm, ForecastInput, ForecastStep, compute,
};
use stegvis_domain::idea::{
    Idea, IdeaInput, IdeaStage, Member, MemberInput, PlanComment, PlanContent, PlanInput,
    PlanVersion, StageChange, StageInput, TeamMember, parse_comment,
};
use stegvis_domain::programme::parse_id;
use stegvis_domain::validation::ValidationErrors;
use stegvis_storage::edits::Editable;
use stegvis_storage::ideas;
use stegvis_storage::{StorageError, Tx, enterprises, organisations, persons, programmes};

fn scope(actor: &Actor) -> IdeaScope {
    actor.principal().map_or(IdeaScope::All, |p| p.idea_scope())
}

fn user_id(actor: &Actor) -> Option<i64> {
    actor.principal().map(|p| p.user_id)
}

/// Whether the actor may manage ideas of this operator: a coordinator of it, or the command
/// line.
fn may_manage(actor: &Actor, operator_id: i64) -> bool {
    actor
        .principal()
        .is_none_or(|p| p.can(Capability::ManageIdeas) && p.organisation_id == Some(operator_id))
}

/// An idea with what its page shows besides the record.
#[derive(Debug, Clone)]
pub struct IdeaDetail {
    pub idea: Idea,
    pub programme_name: String,
    /// Oldest first; the last is the current stage.
    pub history: Vec<StageChange>,
    pub team: Vec<TeamMember>,
    /// (organisation id, name)
    pub partners: Vec<(i64, String)>,
    pub enterprise_name: Option<String>,
    /// Whether the actor records stages, changes the team and comments as coach.
    pub can_manage: bool,
    /// Participants who may join the team, for the coordinator: (person id, name).
    pub candidates: Vec<(i64, String)>,
}

impl IdeaDetail {
    /// The stage a wound-up idea was wound up from: the one before the last decision.
    pub fn wound_up_from(&self) -> Option<IdeaStage> {
        wound_up_from(&self.history)
    }
}

fn wound_up_from(history: &[StageChange]) -> Option<IdeaStage> {
    history.iter().rev().nth(1).map(|c| c.stage)
}

/// The audit records of an idea: the idea and the participants of its team.
fn records(id: i64, team: &[TeamMember]) -> Vec<RecordRef> {
    std::iter::once(RecordRef::new("idea", id))
        .chain(
            team.iter()
                .filter_map(|m| m.person_id)
                .map(|p| RecordRef::new("person", p)),
        )
        .collect()
}

/// Loads an idea in the actor's scope; outside it "not found".
async fn visible(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Idea> {
    actor.require(Capability::WorkOnIdeas)?;
    ideas::get(tx, scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Loads an idea the actor may manage: outside their scope "not found", visible but not
/// theirs to manage (a team member) "forbidden".
async fn managed(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Idea> {
    let idea = visible(tx, actor, id).await?;
    if !may_manage(actor, idea.operator_id) {
        return Err(AppError::Forbidden);
    }
    Ok(idea)
}

/// The ideas the actor may see, in no particular order: the pages sort them.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Idea>> {
    actor.require(Capability::WorkOnIdeas)?;
    let mut tx = app.begin().await?;
    let list = ideas::list(&mut tx, scope(actor)).await?;
    let records: Vec<RecordRef> = list.iter().map(|i| RecordRef::new("idea", i.id)).collect();
    app.audit(&mut tx, actor, "idea.list", &records).await?;
    tx.commit().await?;
    Ok(list)
}

pub async fn create(app: &App, actor: &Actor, input: &IdeaInput) -> Result<i64> {
    actor.require(Capability::ManageIdeas)?;
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    let programme = programmes::get(
        &mut tx,
        stegvis_domain::access::ProgrammeScope::All,
        draft.programme_id,
    )
    .await?
    .filter(|p| may_manage(actor, p.operator_id))
    .ok_or_else(|| AppError::field("programme_id", "idea-error-programme"))?;
    let id = ideas::insert(
        &mut tx,
        &draft,
        programme.operator_id,
        user_id(actor),
        app.today(),
        app.now(),
    )
    .await?;
    app.audit(&mut tx, actor, "idea.create", &[RecordRef::new("idea", id)])
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<IdeaDetail> {
    let mut tx = app.begin().await?;
    let idea = visible(&mut tx, actor, id).await?;
    let programme_name = programmes::names(&mut tx, &[idea.programme_id])
        .await?
        .into_iter()
        .map(|(_, name)| name)
        .next()
        .unwrap_or_default();
    let history = ideas::stage_history(&mut tx, id).await?;
    let team = ideas::members(&mut tx, scope(actor), id).await?;
    let partners = ideas::partners(&mut tx, id).await?;
    let enterprise_name = match idea.enterprise_id {
        Some(enterprise) => enterprises::get(
            &mut tx,
            stegvis_domain::access::EnterpriseScope::All,
            enterprise,
        )
        .await?
        .map(|e| e.name),
        None => None,
    };
    app.audit(&mut tx, actor, "idea.read", &records(id, &team))
        .await?;
    let can_manage = may_manage(actor, idea.operator_id);
    let candidates = if can_manage {
        candidates(app, &mut tx, actor, &idea, &team).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    Ok(IdeaDetail {
        can_manage,
        candidates,
        idea,
        programme_name,
        history,
        team,
        partners,
        enterprise_name,
    })
}

/// The most participants the team form offers; a programme with more active participants
/// than this is larger than any the form was made for.
pub const CANDIDATES_MAX: i64 = 500;

/// Active participants of the idea's programme not yet in the team. People with protected
/// identity are left out: team members see each other's names. Listing people is audited.
async fn candidates(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    idea: &Idea,
    team: &[TeamMember],
) -> Result<Vec<(i64, String)>> {
    let filter = stegvis_domain::person::PersonFilter {
        status: Some(stegvis_domain::episode::EpisodeStatus::Active),
        programme_id: Some(idea.programme_id),
        ..stegvis_domain::person::PersonFilter::default()
    };
    let (people, _) = persons::search(
        tx,
        PersonScope::Operator(idea.operator_id),
        &filter,
        CANDIDATES_MAX,
        0,
    )
    .await?;
    let mut list: Vec<(i64, String)> = people
        .into_iter()
        .filter(|p| !p.protected_identity && !team.iter().any(|m| m.person_id == Some(p.id)))
        .map(|p| (p.id, p.full_name()))
        .collect();
    list.sort_by(|a, b| stegvis_domain::swedish::collate(&a.1, &b.1));
    let records: Vec<RecordRef> = list
        .iter()
        .map(|(id, _)| RecordRef::new("person", *id))
        .collect();
    if !records.is_empty() {
        app.audit(tx, actor, "person.list", &records).await?;
    }
    Ok(list)
}

/// Changes the title, description and the two business ideas. Team members may do this as
/// well as the coordinator; the programme stays.
/// Saves an idea's description, unless someone else changed the idea after `seen` (decision
/// 0030).
pub async fn update(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &IdeaInput,
    seen: SeenVersion<'_>,
) -> Result<()> {
    let mut tx = app.begin().await?;
    let idea = visible(&mut tx, actor, id).await?;
    let input = IdeaInput {
        programme_id: idea.programme_id.to_string(),
        ..input.clone()
    };
    let draft = input.parse()?;
    let version = app.claim_edit(&mut tx, Editable::Idea, id, seen).await?;
    ideas::update(&mut tx, id, &draft, version).await?;
    let team = ideas::members(&mut tx, scope(actor), id).await?;
    app.audit(&mut tx, actor, "idea.update", &records(id, &team))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a stage decision, checked against the stage machine of the core.
pub async fn move_stage(app: &App, actor: &Actor, id: i64, input: &StageInput) -> Result<()> {
    let mut tx = app.begin().await?;
    let idea = managed(&mut tx, actor, id).await?;
    let history = ideas::stage_history(&mut tx, id).await?;
    let last = history.last().map_or_else(|| app.today(), |c| c.decided_on);
    let draft = input.parse(
        idea.stage,
        wound_up_from(&history),
        last,
        app.today(),
        idea.enterprise_id.is_some(),
    )?;
    ideas::record_stage(&mut tx, id, &draft, user_id(actor), app.now()).await?;
    app.audit(&mut tx, actor, "idea.stage", &[RecordRef::new("idea", id)])
        .await?;
    tx.commit().await?;
    Ok(())
}

fn already_there(field: &'static str) -> impl Fn(StorageError) -> AppError {
    move |error| match error {
        StorageError::Conflict { .. } => AppError::field(field, "idea-error-already-there"),
        other => other.into(),
    }
}

/// Adds a participant (a person of the idea's operator) or someone else by name to the team.
pub async fn add_member(app: &App, actor: &Actor, id: i64, input: &MemberInput) -> Result<i64> {
    let mut tx = app.begin().await?;
    let idea = managed(&mut tx, actor, id).await?;
    let draft = input.parse()?;
    let mut records = vec![RecordRef::new("idea", id)];
    if let Member::Participant(person) = draft.member {
        persons::get(&mut tx, PersonScope::Operator(idea.operator_id), person)
            .await?
            .filter(|p| p.anonymised_at.is_none())
            .ok_or_else(|| AppError::field("person_id", "idea-error-person-unknown"))?;
        records.push(RecordRef::new("person", person));
    }
    let member = ideas::add_member(&mut tx, id, &draft, app.now())
        .await
        .map_err(already_there("person_id"))?;
    app.audit(&mut tx, actor, "idea.member-add", &records)
        .await?;
    tx.commit().await?;
    Ok(member)
}

pub async fn remove_member(app: &App, actor: &Actor, id: i64, member_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let person = ideas::remove_member(&mut tx, id, member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let records: Vec<RecordRef> = std::iter::once(RecordRef::new("idea", id))
        .chain(person.map(|p| RecordRef::new("person", p)))
        .collect();
    app.audit(&mut tx, actor, "idea.member-remove", &records)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a supporting partner or adviser from the register of organisations.
pub async fn add_partner(app: &App, actor: &Actor, id: i64, organisation: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let organisation_id =
        parse_id("organisation_id", organisation).map_err(ValidationErrors::single)?;
    if organisations::get(&mut tx, organisation_id)
        .await?
        .is_none()
    {
        return Err(AppError::field(
            "organisation_id",
            "error-organisation-unknown",
        ));
    }
    ideas::add_partner(&mut tx, id, organisation_id)
        .await
        .map_err(already_there("organisation_id"))?;
    app.audit(
        &mut tx,
        actor,
        "idea.partner-add",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_partner(app: &App, actor: &Actor, id: i64, organisation_id: i64) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    if !ideas::remove_partner(&mut tx, id, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "idea.partner-remove",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Links a registered idea to the enterprise it became (one of the operator's in the
/// register). Only ideas at "registered" or later, short of wound up, have an enterprise.
pub async fn link_enterprise(app: &App, actor: &Actor, id: i64, enterprise: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    let idea = managed(&mut tx, actor, id).await?;
    if !matches!(
        idea.stage,
        IdeaStage::Founding | IdeaStage::Registered | IdeaStage::Operating
    ) {
        return Err(AppError::field(
            "enterprise_id",
            "idea-error-enterprise-not-registered",
        ));
    }
    let enterprise_id = parse_id("enterprise_id", enterprise).map_err(ValidationErrors::single)?;
    enterprises::get(
        &mut tx,
        stegvis_domain::access::EnterpriseScope::Operator(idea.operator_id),
        enterprise_id,
    )
    .await?
    .ok_or_else(|| AppError::field("enterprise_id", "idea-error-enterprise-unknown"))?;
    ideas::set_enterprise(&mut tx, id, Some(enterprise_id)).await?;
    app.audit(
        &mut tx,
        actor,
        "idea.enterprise-link",
        &[
            RecordRef::new("idea", id),
            RecordRef::new("enterprise", enterprise_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An idea's business plan: every version (newest first) with the coach's comments.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub idea: Idea,
    pub versions: Vec<PlanVersion>,
    pub comments: Vec<PlanComment>,
    /// Whether the actor comments as the coach.
    pub can_comment: bool,
}

impl PlanView {
    /// The latest version's content, or an empty plan before the first save.
    pub fn latest(&self) -> PlanContent {
        self.versions
            .first()
            .map(|v| v.content.clone())
            .unwrap_or_default()
    }

    pub fn comments_on(&self, version: impl std::borrow::Borrow<i64>) -> Vec<&PlanComment> {
        let version = *version.borrow();
        self.comments
            .iter()
            .filter(|c| c.version == version)
            .collect()
    }
}

pub async fn plan(app: &App, actor: &Actor, id: i64) -> Result<PlanView> {
    let mut tx = app.begin().await?;
    let idea = visible(&mut tx, actor, id).await?;
    let versions = ideas::versions(&mut tx, id).await?;
    let comments = ideas::comments(&mut tx, id).await?;
    app.audit(
        &mut tx,
        actor,
        "idea.plan-read",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(PlanView {
        can_comment: may_manage(actor, idea.operator_id),
        idea,
        versions,
        comments,
    })
}

/// Saves the plan as a new, immutable version; returns its number. Without `forecast` the
/// latest version's numbers carry over, since the text step does not show them; a forecast
/// given (by the API) must compute, which checks the limits the form checks per field.
pub async fn save_plan(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &PlanInput,
    forecast: Option<&ForecastInput>,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    visible(&mut tx, actor, id).await?;
    let mut content = input.parse()?;
    content.forecast = match forecast {
        Some(forecast) => {
            compute(forecast).map_err(|error| AppError::field("forecast", error.message_key()))?;
            Some(forecast.clone())
        }
        None => ideas::latest_content(&mut tx, id)
            .await?
            .and_then(|latest| latest.forecast),
    };
    let version = ideas::insert_version(&mut tx, id, &content, user_id(actor), app.now())
        .await
        .map_err(|error| match error {
            StorageError::Conflict { .. } => AppError::field("plan", "idea-error-saved-meanwhile"),
            other => other.into(),
        })?;
    app.audit(
        &mut tx,
        actor,
        "idea.plan-save",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Saves one step of the plan's numbers: the step's lines are merged into the latest
/// version's numbers ([`ForecastForm::parse_step`]) and saved as a new, immutable version that
/// carries the latest version's text and every other step's lines, so the steps and the text
/// can be saved in any order. Returns the new version's number, or `None` when the step
/// changed nothing: going through the steps with "Nästa" adds no empty versions.
pub async fn save_forecast(
    app: &App,
    actor: &Actor,
    id: i64,
    step: ForecastStep,
    form: &ForecastForm,
) -> Result<Option<i64>> {
    let mut tx = app.begin().await?;
    visible(&mut tx, actor, id).await?;
    let latest = ideas::latest_content(&mut tx, id).await?;
    let mut content = latest.clone().unwrap_or_default();
    let forecast = form.parse_step(step, content.forecast.as_ref())?;
    content.forecast = Some(forecast);
    if latest.as_ref() == Some(&content) {
        return Ok(None);
    }
    let version = ideas::insert_version(&mut tx, id, &content, user_id(actor), app.now())
        .await
        .map_err(|error| match error {
            StorageError::Conflict { .. } => {
                AppError::field(FIRST_MONTH_FIELD, "idea-error-saved-meanwhile")
            }
            other => other.into(),
        })?;
    app.audit(
        &mut tx,
        actor,
        "idea.plan-save",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(Some(version))
}

/// One version of a plan with the coach's comments on it, to export as PDF or XLSX.
#[derive(Debug, Clone)]
pub struct PlanExport {
    pub idea: Idea,
    pub version: PlanVersion,
    pub comments: Vec<PlanComment>,
}

/// Reads one version of a plan for export; audited as an export, since the file leaves the
/// system.
pub async fn export_plan(app: &App, actor: &Actor, id: i64, version: i64) -> Result<PlanExport> {
    let mut tx = app.begin().await?;
    let idea = visible(&mut tx, actor, id).await?;
    let version = ideas::version(&mut tx, id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    let comments = ideas::comments(&mut tx, id)
        .await?
        .into_iter()
        .filter(|c| c.version == version.version)
        .collect();
    app.audit(
        &mut tx,
        actor,
        "idea.plan-export",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(PlanExport {
        idea,
        version,
        comments,
    })
}

/// The coach comments on a version of the plan.
pub async fn comment(app: &App, actor: &Actor, id: i64, version: i64, body: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, id).await?;
    let body = parse_comment(body)?;
    if !ideas::add_comment(&mut tx, id, version, &body, user_id(actor), app.now()).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "idea.plan-comment",
        &[RecordRef::new("idea", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
