//! Use cases for steering and working groups: members, meetings, decisions, action items, and
//! the next meeting's pack (decision 0028).
//!
//! The coordinator who may manage the programme manages its groups. A member of a group (a
//! user added to it, typically with the steering role) sees that group's meetings, decisions
//! and action items and may mark their own open actions done; anyone else is told the group
//! does not exist. The pack holds aggregates only: the effects through disclosure control, the
//! targets, the group's own actions and decisions; never a participant.

use crate::effects::{EffectsQuery, EffectsReport};
use crate::targets::TargetStatus;
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::programme::Programme;
use stegvis_domain::steering::{
    Action, ActionInput, Changer, Decision, DecisionInput, Group, GroupInput, Meeting,
    MeetingInput, Member, MemberInput, StatusInput, next_and_last,
};
use stegvis_domain::user::{User, UserFilter};
use stegvis_storage::effects::Selection;
use stegvis_storage::{Tx, programmes, steering as store, users};

/// A group the actor may see, its programme, and whether the actor runs it.
struct Access {
    group: Group,
    programme: Programme,
    can_manage: bool,
}

fn may_manage(actor: &Actor, programme: &Programme) -> bool {
    actor.principal().is_none_or(|p| {
        p.can(Capability::ManageProgrammes) && p.may_manage_programme_of(programme.operator_id)
    })
}

/// The group `id` if the actor runs its programme or is a member; "not found" otherwise.
async fn access(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Access> {
    actor.require(Capability::TakePartInGroups)?;
    let group = store::group_by_id(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = programmes::get(tx, crate::programmes::scope(actor), group.programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_manage = may_manage(actor, &programme);
    if !can_manage {
        let user_id = actor.principal().map_or(0, |p| p.user_id);
        if !store::is_member(tx, group.id, user_id).await? {
            return Err(AppError::NotFound);
        }
    }
    Ok(Access {
        group,
        programme,
        can_manage,
    })
}

/// As [`access`], for a change only the coordinator may make.
async fn managed(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Access> {
    let access = access(tx, actor, id).await?;
    if !access.can_manage {
        return Err(AppError::Forbidden);
    }
    Ok(access)
}

/// One group with its programme, for the overview of meetings.
#[derive(Debug, Clone)]
pub struct GroupSummary {
    pub group: Group,
    pub programme_name: String,
    pub next: Option<Meeting>,
    pub last: Option<Meeting>,
}

/// The groups the actor sees: for a coordinator those of every programme they manage, for
/// anyone else the groups they are a member of.
pub async fn overview(app: &App, actor: &Actor) -> Result<Vec<GroupSummary>> {
    actor.require(Capability::TakePartInGroups)?;
    let mut tx = app.begin_read().await?;
    let visible = programmes::list(&mut tx, crate::programmes::scope(actor)).await?;
    let mut groups = Vec::new();
    match actor.principal() {
        Some(p) if !p.can(Capability::ManageProgrammes) => {
            groups = store::groups_of_member(&mut tx, p.user_id).await?;
        }
        _ => {
            for programme in visible.iter().filter(|p| may_manage(actor, p)) {
                groups.extend(store::groups(&mut tx, programme.id).await?);
            }
        }
    }
    let mut summaries = Vec::new();
    for group in groups {
        let Some(programme) = visible.iter().find(|p| p.id == group.programme_id) else {
            continue;
        };
        let meetings = store::meetings(&mut tx, group.id).await?;
        let (next, last) = next_and_last(&meetings, app.today());
        summaries.push(GroupSummary {
            programme_name: programme.name.clone(),
            next: next.cloned(),
            last: last.cloned(),
            group,
        });
    }
    tx.commit().await?;
    Ok(summaries)
}

/// The groups of one programme the actor sees.
pub async fn of_programme(
    app: &App,
    actor: &Actor,
    programme_id: i64,
) -> Result<(Programme, Vec<Group>, bool)> {
    actor.require(Capability::TakePartInGroups)?;
    let mut tx = app.begin_read().await?;
    let programme = programmes::get(&mut tx, crate::programmes::scope(actor), programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_manage = may_manage(actor, &programme);
    let mut groups = store::groups(&mut tx, programme_id).await?;
    if !can_manage {
        let user_id = actor.principal().map_or(0, |p| p.user_id);
        let mine = store::groups_of_member(&mut tx, user_id).await?;
        groups.retain(|g| mine.iter().any(|m| m.id == g.id));
    }
    tx.commit().await?;
    Ok((programme, groups, can_manage))
}

pub async fn create_group(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &GroupInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    crate::programmes::managed(&mut tx, actor, programme_id).await?;
    let draft = input.parse()?;
    let id = store::insert_group(&mut tx, programme_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.add-group",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("steering-group", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A group with its members, meetings (latest first) and open action items.
#[derive(Debug, Clone)]
pub struct GroupDetail {
    pub group: Group,
    pub programme: Programme,
    pub members: Vec<Member>,
    pub meetings: Vec<Meeting>,
    pub open_actions: Vec<Action>,
    pub can_manage: bool,
    /// Users the coordinator may add (staff and steering accounts); empty for members.
    pub candidates: Vec<User>,
}

pub async fn group(app: &App, actor: &Actor, id: i64) -> Result<GroupDetail> {
    let mut tx = app.begin_read().await?;
    let Access {
        group,
        programme,
        can_manage,
    } = access(&mut tx, actor, id).await?;
    let members = store::members(&mut tx, id).await?;
    let candidates = if can_manage {
        let mut all = Vec::new();
        for role in [Role::Steering, Role::Coordinator, Role::CaseOfficer] {
            let filter = UserFilter {
                role: Some(role),
                ..UserFilter::default()
            };
            all.extend(
                users::list(&mut tx, &filter, 500, 0)
                    .await?
                    .0
                    .into_iter()
                    .filter(|u| u.active && !members.iter().any(|m| m.user_id == u.id)),
            );
        }
        all.sort_by_key(|u| stegvis_domain::swedish::sort_key(&u.display_name));
        all
    } else {
        Vec::new()
    };
    let detail = GroupDetail {
        meetings: store::meetings(&mut tx, id).await?,
        open_actions: store::open_actions_of_group(&mut tx, id).await?,
        members,
        candidates,
        group,
        programme,
        can_manage,
    };
    tx.commit().await?;
    Ok(detail)
}

pub async fn add_member(
    app: &App,
    actor: &Actor,
    group_id: i64,
    input: &MemberInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, group_id).await?;
    let draft = input.parse()?;
    let user = users::get(&mut tx, draft.user_id).await?;
    if !user.is_some_and(|u| u.active && !matches!(u.role, Role::Participant | Role::Enterprise)) {
        return Err(AppError::field("user_id", "error-choose-option"));
    }
    if store::is_member(&mut tx, group_id, draft.user_id).await? {
        return Err(AppError::field("user_id", "error-member-exists"));
    }
    let id = store::insert_member(&mut tx, group_id, &draft).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.add-member",
        &[
            RecordRef::new("steering-group", group_id),
            RecordRef::new("user", draft.user_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn add_meeting(
    app: &App,
    actor: &Actor,
    group_id: i64,
    input: &MeetingInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    managed(&mut tx, actor, group_id).await?;
    let draft = input.parse()?;
    let id = store::insert_meeting(&mut tx, group_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.add-meeting",
        &[
            RecordRef::new("steering-group", group_id),
            RecordRef::new("meeting", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A meeting with its group, decisions and action items, and the group's members (the owners
/// an action may be given to).
#[derive(Debug, Clone)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub group: Group,
    pub programme: Programme,
    pub members: Vec<Member>,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
    pub can_manage: bool,
    /// The reader's user id, to offer "mark done" on their own actions.
    pub user_id: Option<i64>,
}

async fn meeting_access(tx: &mut Tx, actor: &Actor, meeting_id: i64) -> Result<(Meeting, Access)> {
    actor.require(Capability::TakePartInGroups)?;
    let meeting = store::meeting_by_id(tx, meeting_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = access(tx, actor, meeting.group_id).await?;
    Ok((meeting, access))
}

pub async fn meeting(app: &App, actor: &Actor, meeting_id: i64) -> Result<MeetingDetail> {
    let mut tx = app.begin_read().await?;
    let (meeting, access) = meeting_access(&mut tx, actor, meeting_id).await?;
    let detail = MeetingDetail {
        members: store::members(&mut tx, meeting.group_id).await?,
        decisions: store::decisions(&mut tx, meeting_id).await?,
        actions: store::actions_of_meeting(&mut tx, meeting_id).await?,
        meeting,
        group: access.group,
        programme: access.programme,
        can_manage: access.can_manage,
        user_id: actor.principal().map(|p| p.user_id),
    };
    tx.commit().await?;
    Ok(detail)
}

async fn managed_meeting(tx: &mut Tx, actor: &Actor, meeting_id: i64) -> Result<Meeting> {
    let (meeting, access) = meeting_access(tx, actor, meeting_id).await?;
    if !access.can_manage {
        return Err(AppError::Forbidden);
    }
    Ok(meeting)
}

pub async fn update_meeting(
    app: &App,
    actor: &Actor,
    meeting_id: i64,
    input: &MeetingInput,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed_meeting(&mut tx, actor, meeting_id).await?;
    let draft = input.parse()?;
    store::update_meeting(&mut tx, meeting_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.update-meeting",
        &[RecordRef::new("meeting", meeting_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_decision(
    app: &App,
    actor: &Actor,
    meeting_id: i64,
    input: &DecisionInput,
) -> Result<Decision> {
    let mut tx = app.begin().await?;
    managed_meeting(&mut tx, actor, meeting_id).await?;
    let body = input.parse()?;
    let decision = store::insert_decision(&mut tx, meeting_id, &body).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.add-decision",
        &[RecordRef::new("meeting", meeting_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(decision)
}

/// Adds an action item; its owner must be a member of the group.
pub async fn add_action(
    app: &App,
    actor: &Actor,
    meeting_id: i64,
    input: &ActionInput,
) -> Result<i64> {
    let mut tx = app.begin().await?;
    let meeting = managed_meeting(&mut tx, actor, meeting_id).await?;
    let draft = input.parse()?;
    if !store::is_member(&mut tx, meeting.group_id, draft.owner_user_id).await? {
        return Err(AppError::field("owner_user_id", "error-owner-not-member"));
    }
    let id = store::insert_action(&mut tx, meeting_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.add-action",
        &[
            RecordRef::new("meeting", meeting_id),
            RecordRef::new("action", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves an action item along its lifecycle: the coordinator any allowed step, its owner only
/// from open to done ([`stegvis_domain::steering::ActionStatus::change`]).
pub async fn set_action_status(
    app: &App,
    actor: &Actor,
    action_id: i64,
    input: &StatusInput,
) -> Result<Action> {
    let mut tx = app.begin().await?;
    actor.require(Capability::TakePartInGroups)?;
    let action = store::action_by_id(&mut tx, action_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, access) = meeting_access(&mut tx, actor, action.meeting_id).await?;
    let next = input.parse()?;
    let who = if access.can_manage {
        Changer::Coordinator
    } else if actor.principal().map(|p| p.user_id) == Some(action.owner_user_id) {
        Changer::Owner
    } else {
        Changer::Other
    };
    // A member who may not make the move is refused as such; a move the lifecycle does not
    // allow (from a stale page) is explained.
    let status = match action.status.change(next, who) {
        Ok(status) => status,
        Err(error) if error.key == "error-action-not-yours" => return Err(AppError::Forbidden),
        Err(error) => {
            return Err(AppError::Invalid(
                stegvis_domain::validation::ValidationErrors::single(error),
            ));
        }
    };
    store::set_action_status(&mut tx, action_id, status, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "steering.set-action-status",
        &[RecordRef::new("action", action_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(Action { status, ..action })
}

/// One part of the meeting pack, in the order it is printed. Adding a part is a variant here,
/// one `push` in [`pack`], and one arm where the web layer writes it out
/// (`crates/web/src/pages/steering.rs`, `pack_sections`).
#[derive(Debug, Clone)]
pub enum PackSection {
    /// The programme's effects as the reader may see them (disclosure control applies).
    Effects(Box<EffectsReport>),
    Targets(Vec<TargetStatus>),
    /// Budget against outcome per year and for the whole period (decision 0027).
    Budget(Box<crate::budget::BudgetSummary>),
    /// The outreach events held since the date: the latest meeting before today, or the
    /// programme's start when there was none (decision 0025).
    EventsSince(time::Date, stegvis_domain::outreach::OutreachFigures),
    OpenActions(Vec<Action>),
    /// The decisions of the latest meeting before today, with that meeting.
    LastDecisions(Option<Meeting>, Vec<Decision>),
}

/// The pack for a group's next meeting.
#[derive(Debug, Clone)]
pub struct Pack {
    pub group: Group,
    pub programme: Programme,
    /// The next meeting on or after today, if one is planned.
    pub next: Option<Meeting>,
    pub sections: Vec<PackSection>,
}

/// Builds the next meeting's pack from the data. Needs the right to see a programme's
/// measures, since the effects are part of it; the read is audited with the group's id.
pub async fn pack(app: &App, actor: &Actor, group_id: i64) -> Result<Pack> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin_read().await?;
    let Access {
        group, programme, ..
    } = access(&mut tx, actor, group_id).await?;
    let today = app.today();
    let meetings = store::meetings(&mut tx, group_id).await?;
    let (next, last) = next_and_last(&meetings, today);
    let (next, last) = (next.cloned(), last.cloned());
    let audience = crate::effects::audience(actor);
    let effects = crate::effects::build(
        &mut tx,
        actor,
        Selection::Programme(programme.id),
        vec![programme.clone()],
        EffectsQuery {
            window: 12,
            as_of: today,
        },
    )
    .await?;
    let targets = crate::targets::statuses(&mut tx, &programme, audience).await?;
    let open_actions = store::open_actions_of_group(&mut tx, group_id).await?;
    let decisions = match &last {
        Some(meeting) => store::decisions(&mut tx, meeting.id).await?,
        None => Vec::new(),
    };
    tx.commit().await?;
    app.audit_reads(
        actor,
        "steering.read-pack",
        &[
            RecordRef::new("steering-group", group_id),
            RecordRef::new("programme", programme.id),
        ],
    )
    .await?;
    let budget = crate::budget::budget_outcome(app, actor, programme.id).await?;
    let since = last.as_ref().map_or(programme.starts_on, |m| m.held_on);
    let events = crate::outreach::events_since(app, actor, programme.id, since).await?;
    let sections = vec![
        PackSection::Effects(Box::new(effects)),
        PackSection::Targets(targets),
        PackSection::Budget(Box::new(budget)),
        PackSection::EventsSince(since, events),
        PackSection::OpenActions(open_actions),
        PackSection::LastDecisions(last, decisions),
    ];
    Ok(Pack {
        group,
        programme,
        next,
        sections,
    })
}
