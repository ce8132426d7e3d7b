//! Pages for a programme's outreach events: the list with the outreach figures and the form
//! for a new event, one event with its head counts and the register of participants present,
//! and the figures' block on the programme page.

use super::{failure, form_outcome, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::outreach::{self as uc, EventDetail, EventSummary};
use stegvis_domain::outreach::{
    EventInput, EventKind, OutreachEvent, OutreachFigures, PROFESSIONAL_FIELDS,
};
use stegvis_domain::plan::format_hours;
use stegvis_domain::programme::Programme;
use stegvis_domain::swedish::format_integer;
use stegvis_domain::timestamp::format_date;

/// One row of the figures table, as text ready to show ("–" for a hidden count).
pub struct FigureRow {
    pub label: String,
    pub events: String,
    pub hours: String,
    pub anonymous: String,
    pub professionals: String,
    pub participants: String,
    pub attendance: String,
    pub referrals: String,
}

/// The outreach figures as the figures table shows them.
pub struct FiguresView {
    pub rows: Vec<FigureRow>,
    pub total: FigureRow,
    /// Whether some count was hidden from the reader (the note under the table says why).
    pub hidden: bool,
    pub empty: bool,
}

fn count(n: u64) -> String {
    format_integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn maybe(n: Option<u64>) -> String {
    n.map_or_else(|| "–".into(), count)
}

impl FiguresView {
    pub fn new(tr: &Tr, figures: &OutreachFigures) -> Self {
        let row = |k: &stegvis_domain::outreach::KindFigures| FigureRow {
            label: match k.kind {
                Some(kind) => tr.t(&format!("outreach-kind-{}", kind.code())),
                None => tr.t("outreach-figures-total"),
            },
            events: count(k.events),
            hours: format_hours(k.minutes),
            anonymous: count(k.anonymous),
            professionals: count(k.professionals),
            participants: maybe(k.participants),
            attendance: maybe(k.attendance),
            referrals: maybe(k.referrals),
        };
        Self {
            rows: figures.kinds.iter().map(row).collect(),
            total: row(&figures.total),
            hidden: figures.any_hidden(),
            empty: figures.kinds.is_empty(),
        }
    }
}

fn kinds(tr: &Tr) -> Vec<(String, String)> {
    EventKind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_string(),
                tr.t(&format!("outreach-kind-{}", k.code())),
            )
        })
        .collect()
}

/// The professional rows' field names, numbered from 1 for their labels.
fn professional_fields() -> Vec<(usize, &'static str, &'static str)> {
    PROFESSIONAL_FIELDS
        .iter()
        .enumerate()
        .map(|(i, (o, c))| (i + 1, *o, *c))
        .collect()
}

fn event_input(pairs: &[(String, String)]) -> EventInput {
    let get = |name: &str| forms::get(pairs, name).to_string();
    EventInput {
        kind: get("kind"),
        title: get("title"),
        held_on: get("held_on"),
        place: get("place"),
        organiser: get("organiser"),
        audience: get("audience"),
        hours: get("hours"),
        evaluation: get("evaluation"),
        women: get("women"),
        men: get("men"),
        unknown: get("unknown"),
        professionals: PROFESSIONAL_FIELDS
            .iter()
            .map(|(o, c)| (get(o), get(c)))
            .collect(),
    }
}

/// The form filled in with a stored event, for editing.
fn filled(tr: &Tr, event: &OutreachEvent) -> Form {
    let counts = &event.counts;
    let mut form = Form::new(tr)
        .with("kind", event.kind.code())
        .with("title", event.title.clone())
        .with("held_on", format_date(event.held_on))
        .with("place", event.place.clone())
        .with("organiser", event.organiser.clone())
        .with("audience", event.audience.clone())
        .with("hours", format_hours(event.minutes))
        .with("evaluation", event.evaluation.clone().unwrap_or_default())
        .with("women", counts.women.to_string())
        .with("men", counts.men.to_string())
        .with("unknown", counts.unknown.to_string());
    for (p, (o, c)) in counts.professionals.iter().zip(PROFESSIONAL_FIELDS) {
        form = form
            .with(o, p.organisation.clone())
            .with(c, p.count.to_string());
    }
    form
}

#[derive(Template)]
#[template(path = "outreach/list.html")]
struct ListPage {
    l: Layout,
    programme: Programme,
    events: Vec<EventSummary>,
    figures: FiguresView,
    form: Form,
    kinds: Vec<(String, String)>,
    professional_fields: Vec<(usize, &'static str, &'static str)>,
    form_action: String,
}

impl ListPage {
    fn kind(&self, kind: &EventKind) -> String {
        self.l.t(&format!("outreach-kind-{}", kind.code()))
    }

    fn hours(&self, minutes: &i64) -> String {
        format_hours(*minutes)
    }

    fn shown(&self, n: &Option<u64>) -> String {
        maybe(*n)
    }
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Form,
) -> Result<ListPage, AppError> {
    let data = uc::list(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    Ok(ListPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        figures: FiguresView::new(tr, &data.figures),
        form_action: format!("/program/{}/evenemang", data.programme.id),
        programme: data.programme,
        events: data.events,
        form,
        kinds: kinds(tr),
        professional_fields: professional_fields(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let form = Form::new(&user.ctx.tr);
    let page = list_page(&state, &user, &uri, ids.id(), form).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = event_input(&pairs);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::create(&state.app, &user.actor, ids.id(), &input).await,
        |event| format!("/evenemang/{event}"),
        "flash-outreach-event-created",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = list_page(&state, &user, &uri, ids.id(), form).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "outreach/show.html")]
struct ShowPage {
    l: Layout,
    d: EventDetail,
    kind: String,
    hours: String,
    form: Form,
    kinds: Vec<(String, String)>,
    professional_fields: Vec<(usize, &'static str, &'static str)>,
    form_action: String,
}

impl ShowPage {
    fn shown(&self, n: &Option<u64>) -> String {
        maybe(*n)
    }
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Option<Form>,
) -> Result<ShowPage, AppError> {
    let d = uc::get(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    Ok(ShowPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        kind: tr.t(&format!("outreach-kind-{}", d.event.kind.code())),
        hours: format_hours(d.event.minutes),
        form: form.unwrap_or_else(|| filled(tr, &d.event)),
        kinds: kinds(tr),
        professional_fields: professional_fields(),
        form_action: format!("/evenemang/{id}"),
        d,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let page = show_page(&state, &user, &uri, ids.id(), None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = event_input(&pairs);
    let id = ids.id();
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::update(&state.app, &user.actor, id, &input).await,
        |_| format!("/evenemang/{id}"),
        "flash-outreach-event-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = show_page(&state, &user, &uri, id, Some(form)).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn record_attendance(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let present: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "present")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let id = ids.id();
    match uc::record_attendance(&state.app, &user.actor, id, &present).await {
        Ok(_) => redirect_with_flash(
            &state,
            &format!("/evenemang/{id}"),
            "flash-attendance-saved",
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
