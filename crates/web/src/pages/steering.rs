//! Pages for steering and working groups (`/moten`, `/grupper/{id}`, `/moten/{id}`), the
//! targets overview (`/mal`), and the next meeting's pack as a page and a tagged PDF
//! (`/grupper/{id}/underlag`, `.pdf`; decision 0028).

use super::{failure, form_outcome, page_or_failure, redirect_with_flash, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use stegvis_app::AppError;
use stegvis_app::steering::{
    self as uc, GroupDetail, GroupSummary, MeetingDetail, Pack, PackSection,
};
use stegvis_app::targets::{Current, TargetStatus};
use stegvis_domain::programme::Programme;
use stegvis_domain::steering::{
    ActionInput, DecisionInput, Group, GroupInput, GroupKind, MeetingInput, MemberInput,
    StatusInput,
};
use stegvis_domain::swedish;
use stegvis_domain::timestamp::format_date;
use stegvis_reports::programme_report::{ProgrammeReport, ReportTable, Section};

/// A target as every page shows it: text first, the bar second (hidden from screen readers,
/// which have read the same in the text).
pub struct TargetView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub target_value: String,
    pub due: String,
    /// "1 av 2 (50 %)", or why there is no figure.
    pub progress: String,
    /// The bar's value, 0–100; `None` without a figure.
    pub bar: Option<i64>,
    /// Followed by hand: the coordinator records values.
    pub manual: bool,
    /// Readings, newest first: date, value and comment.
    pub history: Vec<(String, String, String)>,
    /// The form for a new reading, with the input and errors of a failed one.
    pub form: Form,
}

/// The view of each target, in the reader's language.
pub fn target_views(tr: &Tr, statuses: &[TargetStatus]) -> Vec<TargetView> {
    statuses
        .iter()
        .map(|status| {
            let target = &status.target;
            let progress = match (&status.current, status.progress()) {
                (Current::Suppressed, _) => tr.t("target-progress-suppressed"),
                (Current::NotRecorded, _) | (_, None) => tr.t("target-progress-none"),
                (Current::Recorded(reading), Some(p)) => tr.ta(
                    "target-progress-recorded",
                    &[
                        ("count", swedish::format_integer(p.current)),
                        ("target", swedish::format_integer(p.target)),
                        ("percent", p.percent().to_string()),
                        ("date", swedish::format_date(reading.recorded_on)),
                    ],
                ),
                (Current::Derived(_), Some(p)) => tr.ta(
                    "target-progress-percent",
                    &[
                        ("count", swedish::format_integer(p.current)),
                        ("target", swedish::format_integer(p.target)),
                        ("percent", p.percent().to_string()),
                    ],
                ),
            };
            TargetView {
                id: target.id,
                name: target.description.clone(),
                kind: tr.t(&format!("target-kind-{}", target.kind.code())),
                target_value: swedish::format_integer(target.target_value),
                due: target.due_on.map_or_else(String::new, swedish::format_date),
                progress,
                bar: status.progress().map(|p| p.bar_percent()),
                manual: !target.kind.is_derived(),
                history: status
                    .history
                    .iter()
                    .map(|r| {
                        (
                            swedish::format_date(r.recorded_on),
                            swedish::format_integer(r.value),
                            r.comment.clone().unwrap_or_default(),
                        )
                    })
                    .collect(),
                form: Form::new(tr).prefixed(format!("reading-{}-", target.id)),
            }
        })
        .collect()
}

fn group_kind(tr: &Tr, kind: GroupKind) -> String {
    tr.t(&format!("group-kind-{}", kind.code()))
}

#[derive(Template)]
#[template(path = "steering/overview.html")]
struct OverviewPage {
    l: Layout,
    groups: Vec<(GroupSummary, String)>,
}

/// `/moten`: the groups the user takes part in, with their next and last meetings.
pub async fn overview(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    match uc::overview(&state.app, &user.actor).await {
        Ok(groups) => render(
            &OverviewPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                groups: groups
                    .into_iter()
                    .map(|g| {
                        let kind = group_kind(&user.ctx.tr, g.group.kind);
                        (g, kind)
                    })
                    .collect(),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "steering/targets.html")]
struct TargetsPage {
    l: Layout,
    programmes: Vec<(Programme, Vec<TargetView>)>,
}

/// `/mal`: every visible programme's targets with their progress.
pub async fn targets(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    match stegvis_app::targets::overview(&state.app, &user.actor).await {
        Ok(all) => render(
            &TargetsPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                programmes: all
                    .into_iter()
                    .map(|(p, statuses)| {
                        let views = target_views(&user.ctx.tr, &statuses);
                        (p, views)
                    })
                    .collect(),
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

#[derive(Template)]
#[template(path = "steering/programme.html")]
struct ProgrammeGroupsPage {
    l: Layout,
    programme: Programme,
    groups: Vec<(Group, String)>,
    can_manage: bool,
    kinds: Vec<(&'static str, String)>,
    form: Form,
}

async fn programme_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Form,
) -> Result<ProgrammeGroupsPage, AppError> {
    let (programme, groups, can_manage) = uc::of_programme(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    Ok(ProgrammeGroupsPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        programme,
        groups: groups
            .into_iter()
            .map(|g| {
                let kind = group_kind(tr, g.kind);
                (g, kind)
            })
            .collect(),
        can_manage,
        kinds: GroupKind::ALL
            .iter()
            .map(|k| (k.code(), group_kind(tr, *k)))
            .collect(),
        form,
    })
}

/// `/program/{id}/grupper`: the programme's groups, and the form for a new one.
pub async fn programme_groups(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let form = Form::new(&user.ctx.tr);
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        programme_page(&state, &user, &uri, ids.id(), form).await,
        StatusCode::OK,
    )
}

pub async fn create_group(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = GroupInput {
        kind: forms::get(&pairs, "kind").into(),
        name: forms::get(&pairs, "name").into(),
    };
    let result = uc::create_group(&state.app, &user.actor, ids.id(), &input).await;
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        result,
        |id| format!("/grupper/{id}"),
        "flash-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                programme_page(&state, &user, &uri, ids.id(), form).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// The group page's two forms; the one that failed shows its errors and the input.
struct GroupForms {
    member: Form,
    meeting: Form,
}

impl GroupForms {
    fn new(tr: &Tr) -> Self {
        Self {
            member: Form::new(tr).prefixed("member-"),
            meeting: Form::new(tr).prefixed("meeting-"),
        }
    }
}

#[derive(Template)]
#[template(path = "steering/group.html")]
struct GroupPage {
    l: Layout,
    d: GroupDetail,
    kind: String,
    candidates: Vec<(String, String)>,
    forms: GroupForms,
    /// Whether the reader may open the pack (it holds the effects).
    can_open_pack: bool,
}

async fn group_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    forms: GroupForms,
) -> Result<GroupPage, AppError> {
    let d = uc::group(&state.app, &user.actor, id).await?;
    Ok(GroupPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        kind: group_kind(&user.ctx.tr, d.group.kind),
        candidates: d
            .candidates
            .iter()
            .map(|u| (u.id.to_string(), u.display_name.clone()))
            .collect(),
        can_open_pack: user
            .principal
            .can(stegvis_domain::access::Capability::ViewMeasures),
        d,
        forms,
    })
}

/// `/grupper/{id}`: members, meetings and open actions of a group.
pub async fn group(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        group_page(&state, &user, &uri, ids.id(), GroupForms::new(&user.ctx.tr)).await,
        StatusCode::OK,
    )
}

async fn after_group_form<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    result: Result<T, AppError>,
    to: impl FnOnce(T) -> String,
    forms_on_error: impl FnOnce(stegvis_domain::validation::ValidationErrors) -> GroupForms,
) -> Response {
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        to,
        "flash-saved",
        async |errors| {
            page_or_failure(
                state,
                &user.ctx,
                uri,
                group_page(state, user, uri, id, forms_on_error(errors)).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn add_member(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = MemberInput {
        user_id: forms::get(&pairs, "user_id").into(),
        role: forms::get(&pairs, "role").into(),
    };
    let id = ids.id();
    let result = uc::add_member(&state.app, &user.actor, id, &input).await;
    after_group_form(
        &state,
        &user,
        &uri,
        id,
        result,
        |_| format!("/grupper/{id}"),
        |errors| GroupForms {
            member: Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("member-")
                .with_errors(errors),
            ..GroupForms::new(&user.ctx.tr)
        },
    )
    .await
}

fn meeting_input(pairs: &[(String, String)]) -> MeetingInput {
    MeetingInput {
        held_on: forms::get(pairs, "held_on").into(),
        place: forms::get(pairs, "place").into(),
        agenda: forms::get(pairs, "agenda").into(),
        minutes: forms::get(pairs, "minutes").into(),
    }
}

pub async fn add_meeting(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    let result = uc::add_meeting(&state.app, &user.actor, id, &meeting_input(&pairs)).await;
    after_group_form(
        &state,
        &user,
        &uri,
        id,
        result,
        |meeting| format!("/moten/{meeting}"),
        |errors| GroupForms {
            meeting: Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("meeting-")
                .with_errors(errors),
            ..GroupForms::new(&user.ctx.tr)
        },
    )
    .await
}

/// The meeting page's three forms.
struct MeetingForms {
    meeting: Form,
    decision: Form,
    action: Form,
}

impl MeetingForms {
    fn new(tr: &Tr, d: &MeetingDetail) -> Self {
        let m = &d.meeting;
        Self {
            meeting: Form::new(tr)
                .prefixed("meeting-")
                .with("held_on", format_date(m.held_on))
                .with("place", m.place.clone().unwrap_or_default())
                .with("agenda", m.agenda.clone().unwrap_or_default())
                .with("minutes", m.minutes.clone().unwrap_or_default()),
            decision: Form::new(tr).prefixed("decision-"),
            action: Form::new(tr).prefixed("item-"),
        }
    }
}

#[derive(Template)]
#[template(path = "steering/meeting.html")]
struct MeetingPage {
    l: Layout,
    d: MeetingDetail,
    owners: Vec<(String, String)>,
    forms: MeetingForms,
    today: time::Date,
    /// Why a change of an action's status was refused, shown above the actions.
    status_error: Option<String>,
}

impl MeetingPage {
    fn status_label(&self, status: &stegvis_domain::steering::ActionStatus) -> String {
        self.l.t(&format!("item-status-{}", status.code()))
    }

    /// Whether the reader may mark this action done: its owner, or the coordinator.
    fn may_mark_done(&self, action: &stegvis_domain::steering::Action) -> bool {
        action.status.is_open()
            && (self.d.can_manage || self.d.user_id == Some(action.owner_user_id))
    }
}

async fn meeting_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    change: impl FnOnce(MeetingForms) -> MeetingForms,
) -> Result<MeetingPage, AppError> {
    let d = uc::meeting(&state.app, &user.actor, id).await?;
    let forms = change(MeetingForms::new(&user.ctx.tr, &d));
    Ok(MeetingPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        owners: d
            .members
            .iter()
            .map(|m| (m.user_id.to_string(), m.name.clone()))
            .collect(),
        forms,
        today: state.app.today(),
        status_error: None,
        d,
    })
}

/// `/moten/{id}`: agenda, minutes, decisions and action items of a meeting.
pub async fn meeting(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        meeting_page(&state, &user, &uri, ids.id(), |f| f).await,
        StatusCode::OK,
    )
}

/// Which of the meeting page's forms a failed post re-renders with the user's input.
#[derive(Clone, Copy)]
enum MeetingSlot {
    Meeting,
    Decision,
    Action,
}

/// After a post of one of the meeting page's forms: back to the meeting with a message, or the
/// page again with the input of the form that failed and what was wrong with it.
async fn after_meeting_form<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    (id, slot): (i64, MeetingSlot),
    result: Result<T, AppError>,
    pairs: &[(String, String)],
) -> Response {
    let keep = |mut forms: MeetingForms, errors| {
        let (field, prefix) = match slot {
            MeetingSlot::Meeting => (&mut forms.meeting, "meeting-"),
            MeetingSlot::Decision => (&mut forms.decision, "decision-"),
            MeetingSlot::Action => (&mut forms.action, "item-"),
        };
        *field = Form::from_pairs(&user.ctx.tr, pairs)
            .prefixed(prefix)
            .with_errors(errors);
        forms
    };
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/moten/{id}"),
        "flash-saved",
        async |errors| {
            page_or_failure(
                state,
                &user.ctx,
                uri,
                meeting_page(state, user, uri, id, |f| keep(f, errors)).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn update_meeting(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    let result = uc::update_meeting(&state.app, &user.actor, id, &meeting_input(&pairs)).await;
    let on = (id, MeetingSlot::Meeting);
    after_meeting_form(&state, &user, &uri, on, result, &pairs).await
}

pub async fn add_decision(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    let input = DecisionInput {
        body: forms::get(&pairs, "body").into(),
    };
    let result = uc::add_decision(&state.app, &user.actor, id, &input).await;
    let on = (id, MeetingSlot::Decision);
    after_meeting_form(&state, &user, &uri, on, result, &pairs).await
}

pub async fn add_action(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let id = ids.id();
    let input = ActionInput {
        body: forms::get(&pairs, "body").into(),
        owner_user_id: forms::get(&pairs, "owner_user_id").into(),
        due_on: forms::get(&pairs, "due_on").into(),
    };
    let result = uc::add_action(&state.app, &user.actor, id, &input).await;
    let on = (id, MeetingSlot::Action);
    after_meeting_form(&state, &user, &uri, on, result, &pairs).await
}

/// `/atgarder/{id}/status`: moves an action along its lifecycle, back to its meeting. A move
/// the lifecycle refuses (a stale page) is said on the meeting page as a flash.
pub async fn set_action_status(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = StatusInput {
        status: forms::get(&pairs, "status").into(),
    };
    match uc::set_action_status(&state.app, &user.actor, ids.id(), &input).await {
        Ok(action) => redirect_with_flash(
            &state,
            &format!("/moten/{}", action.meeting_id),
            "flash-saved",
        ),
        Err(AppError::Invalid(errors)) => {
            let Ok(meeting) = forms::get(&pairs, "meeting").parse::<i64>() else {
                return failure(&state, &user.ctx, &uri, AppError::NotFound);
            };
            let text = errors
                .iter()
                .next()
                .map(|e| user.ctx.tr.error(e))
                .unwrap_or_default();
            match meeting_page(&state, &user, &uri, meeting, |f| f).await {
                Ok(mut page) => {
                    page.status_error = Some(text);
                    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
                }
                Err(error) => failure(&state, &user.ctx, &uri, error),
            }
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// The pack written out as report sections, in the order of the use case's sections; the
/// page and the PDF both print these, so they cannot differ. A new kind of section is one
/// more arm here.
pub(crate) fn pack_sections(tr: &Tr, pack: &Pack, today: time::Date) -> Vec<Section> {
    let mut sections = Vec::new();
    let plain = |heading: String, lead: String, tables: Vec<ReportTable>| Section {
        heading,
        lead,
        tables,
        ..Section::default()
    };
    for part in &pack.sections {
        match part {
            PackSection::Effects(report) => sections.extend(
                super::effects::panels(tr, report)
                    .into_iter()
                    .filter(|panel| panel.id != "mal")
                    .map(super::reports::section),
            ),
            PackSection::Targets(statuses) => {
                let rows = target_views(tr, statuses)
                    .into_iter()
                    .map(|t| vec![t.name, t.target_value, t.progress, t.due])
                    .collect();
                sections.push(plain(
                    tr.t("pack-targets-heading"),
                    tr.t("pack-targets-lead"),
                    vec![ReportTable {
                        caption: tr.t("pack-targets-heading"),
                        header: vec![
                            tr.t("target-description"),
                            tr.t("target-value"),
                            tr.t("target-progress"),
                            tr.t("target-due"),
                        ],
                        rows,
                    }],
                ));
            }
            PackSection::Budget(summary) => {
                let (years, total) = super::budget::year_blocks(tr, summary);
                let rows = years
                    .into_iter()
                    .map(|y| y.total)
                    .chain(std::iter::once(total))
                    .map(|t| vec![t.label, t.planned, t.spent, t.deviation, t.per_participant])
                    .collect::<Vec<_>>();
                let lead = if rows.len() > 1 {
                    tr.t("pack-budget-lead")
                } else {
                    tr.t("budget-outcome-empty")
                };
                sections.push(plain(
                    tr.t("budget-outcome-heading"),
                    lead,
                    vec![ReportTable {
                        caption: tr.t("budget-outcome-heading"),
                        header: vec![
                            tr.t("pack-budget-span"),
                            tr.t("budget-planned"),
                            tr.t("budget-spent"),
                            tr.t("budget-deviation"),
                            tr.t("budget-per-participant"),
                        ],
                        rows,
                    }],
                ));
            }
            PackSection::EventsSince(since, figures) => {
                let view = super::outreach::FiguresView::new(tr, figures);
                let lead = if view.empty {
                    tr.t1("pack-events-none", "date", swedish::format_date(*since))
                } else {
                    tr.t1("pack-events-lead", "date", swedish::format_date(*since))
                };
                let rows = view
                    .rows
                    .into_iter()
                    .chain(std::iter::once(view.total))
                    .map(|r| {
                        vec![
                            r.label,
                            r.events,
                            r.hours,
                            r.attendance,
                            r.anonymous,
                            r.participants,
                            r.referrals,
                        ]
                    })
                    .collect();
                sections.push(plain(
                    tr.t("pack-events-heading"),
                    lead,
                    if view.empty {
                        Vec::new()
                    } else {
                        vec![ReportTable {
                            caption: tr.t("pack-events-heading"),
                            header: vec![
                                tr.t("outreach-kind"),
                                tr.t("outreach-figures-events"),
                                tr.t("outreach-hours"),
                                tr.t("outreach-figures-attendance"),
                                tr.t("outreach-figures-anonymous"),
                                tr.t("outreach-figures-participants"),
                                tr.t("outreach-figures-referrals"),
                            ],
                            rows,
                        }]
                    },
                ));
            }
            PackSection::OpenActions(actions) => {
                let rows = actions
                    .iter()
                    .map(|a| {
                        let due = a.due_on.map_or_else(String::new, swedish::format_date);
                        let due = if a.is_overdue(today) {
                            tr.t1("pack-overdue", "date", due)
                        } else {
                            due
                        };
                        vec![a.body.clone(), a.owner_name.clone(), due]
                    })
                    .collect::<Vec<_>>();
                let lead = if rows.is_empty() {
                    tr.t("pack-actions-none")
                } else {
                    tr.t("pack-actions-lead")
                };
                sections.push(plain(
                    tr.t("pack-actions-heading"),
                    lead,
                    vec![ReportTable {
                        caption: tr.t("pack-actions-heading"),
                        header: vec![tr.t("item-body"), tr.t("item-owner"), tr.t("item-due")],
                        rows,
                    }],
                ));
            }
            PackSection::LastDecisions(meeting, decisions) => {
                let lead = match meeting {
                    Some(m) => tr.t1(
                        "pack-decisions-lead",
                        "date",
                        swedish::format_date(m.held_on),
                    ),
                    None => tr.t("pack-decisions-none"),
                };
                sections.push(plain(
                    tr.t("pack-decisions-heading"),
                    lead,
                    vec![ReportTable {
                        caption: tr.t("pack-decisions-heading"),
                        header: vec![tr.t("decision-number"), tr.t("decision-body")],
                        rows: decisions
                            .iter()
                            .map(|d| vec![format!("§ {}", d.number), d.body.clone()])
                            .collect(),
                    }],
                ));
            }
        }
    }
    sections
}

fn pack_title(tr: &Tr, pack: &Pack) -> String {
    match &pack.next {
        Some(meeting) => tr.t1("pack-title", "date", swedish::format_date(meeting.held_on)),
        None => tr.t("pack-title-unplanned"),
    }
}

fn pack_notes(tr: &Tr, pack: &Pack) -> Vec<String> {
    let aggregate = pack
        .sections
        .iter()
        .any(|s| matches!(s, PackSection::Effects(report) if report.audience.is_aggregate()));
    vec![if aggregate {
        tr.t("pack-aggregate")
    } else {
        tr.t("pack-coordinator")
    }]
}

#[derive(Template)]
#[template(path = "steering/pack.html")]
struct PackPage {
    l: Layout,
    title: String,
    group: Group,
    programme: Programme,
    notes: Vec<String>,
    sections: Vec<Section>,
}

/// `/grupper/{id}/underlag`: the next meeting's pack as a page.
pub async fn pack(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let tr = &user.ctx.tr;
    match uc::pack(&state.app, &user.actor, ids.id()).await {
        Ok(pack) => render(
            &PackPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                title: pack_title(tr, &pack),
                notes: pack_notes(tr, &pack),
                sections: pack_sections(tr, &pack, state.app.today()),
                group: pack.group,
                programme: pack.programme,
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// `/grupper/{id}/underlag.pdf`: the same pack as a tagged PDF, through the programme
/// report's Typst document (decision 0020).
pub async fn pack_pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let tr = &user.ctx.tr;
    let pack = match uc::pack(&state.app, &user.actor, ids.id()).await {
        Ok(pack) => pack,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let today = state.app.today();
    let document = ProgrammeReport {
        title: pack_title(tr, &pack),
        programme: pack.programme.name.clone(),
        period: pack.group.name.clone(),
        date: tr.t1("pack-made", "date", swedish::format_date(today)),
        notes: pack_notes(tr, &pack),
        sections: pack_sections(tr, &pack, today),
        appendix: None,
    };
    let filename = format!("underlag-grupp-{}.pdf", pack.group.id);
    match tokio::task::spawn_blocking(move || {
        stegvis_reports::programme_report::render_pdf(&document)
    })
    .await
    {
        Ok(Ok(bytes)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            if let Ok(value) =
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Ok(Err(error)) => {
            tracing::error!(%error, "rendering the meeting pack failed");
            failure(&state, &user.ctx, &uri, AppError::Internal(error))
        }
        Err(error) => failure(
            &state,
            &user.ctx,
            &uri,
            AppError::Internal(error.to_string()),
        ),
    }
}
