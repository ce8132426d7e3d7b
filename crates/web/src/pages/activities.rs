//! Pages for a programme's activities and group events, and the attendance register.

use super::{failure, form_outcome, page_or_failure, redirect_with_flash};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use stegvis_app::AppError;
use stegvis_app::activities::{self as uc, RegisterLine};
use stegvis_domain::plan::{Activity, ActivityInput, ActivityKind, format_hours};
use stegvis_domain::programme::Programme;

#[derive(Template)]
#[template(path = "activities/list.html")]
struct ListPage {
    l: Layout,
    programme: Programme,
    activities: Vec<Activity>,
    form: Form,
    kinds: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
}

impl ListPage {
    fn kind(&self, kind: &ActivityKind) -> String {
        self.l.t(&format!("activity-kind-{}", kind.code()))
    }

    fn hours(&self, minutes: &i64) -> String {
        format_hours(*minutes)
    }
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Form,
) -> Result<ListPage, AppError> {
    let (programme, activities) = uc::list(&state.app, &user.actor, id).await?;
    let tr = &user.ctx.tr;
    let organisations = stegvis_app::organisations::list(&state.app, &user.actor)
        .await?
        .into_iter()
        .map(|o| (o.id.to_string(), o.name))
        .collect();
    Ok(ListPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        programme,
        activities,
        form,
        kinds: ActivityKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    tr.t(&format!("activity-kind-{}", k.code())),
                )
            })
            .collect(),
        organisations,
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let form = Form::new(&user.ctx.tr).with("is_group", "on");
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
    let input = ActivityInput {
        kind: forms::get(&pairs, "kind").into(),
        title: forms::get(&pairs, "title").into(),
        held_on: forms::get(&pairs, "held_on").into(),
        hours: forms::get(&pairs, "hours").into(),
        provider_organisation_id: forms::get(&pairs, "provider_organisation_id").into(),
        is_group: !forms::get(&pairs, "is_group").is_empty(),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::create(&state.app, &user.actor, ids.id(), &input).await,
        |activity| format!("/program/{}/aktiviteter/{activity}", ids.id()),
        "flash-activity-created",
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
#[template(path = "activities/register.html")]
struct RegisterPage {
    l: Layout,
    programme: Programme,
    activity: Activity,
    lines: Vec<RegisterLine>,
    kind: String,
    hours: String,
}

pub async fn register(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = uc::register(&state.app, &user.actor, ids.get("activity"))
        .await
        .and_then(|(programme, activity, lines)| {
            if programme.id != ids.id() {
                return Err(AppError::NotFound);
            }
            Ok(RegisterPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                kind: user
                    .ctx
                    .tr
                    .t(&format!("activity-kind-{}", activity.kind.code())),
                hours: format_hours(activity.minutes),
                programme,
                activity,
                lines,
            })
        });
    page_or_failure(&state, &user.ctx, &uri, result, StatusCode::OK)
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
    let activity = ids.get("activity");
    match uc::record_attendance(&state.app, &user.actor, activity, &present).await {
        Ok(programme) => redirect_with_flash(
            &state,
            &format!("/program/{programme}/aktiviteter/{activity}"),
            "flash-attendance-saved",
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
