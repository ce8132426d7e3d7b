//! The editorial side of the handbook: adapting chapters, review with four eyes, publishing.

use super::{failure, form_outcome, page_or_failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use crate::markdown;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use stegvis_app::AppError;
use stegvis_app::handbook::{ChapterDetail, Overview, RevisionDetail};
use stegvis_domain::access::Role;
use stegvis_domain::handbook::{
    ChapterInput, DiffLine, RevisionState, TOPIC_KEYS, body_after_title, diff_lines,
};
use stegvis_domain::organisation::Organisation;
use stegvis_domain::swedish;
use stegvis_domain::timestamp::Timestamp;

fn when(at: &Timestamp) -> String {
    swedish::format_swedish_datetime(at.datetime())
}

fn state_label(l: &Layout, state: RevisionState) -> String {
    l.t(&format!("handbook-state-{}", state.code()))
}

#[derive(Template)]
#[template(path = "handbook/editor/choose.html")]
struct ChoosePage {
    l: Layout,
    organisations: Vec<Organisation>,
}

/// Coordinators go straight to their own operator's handbook; the administrator chooses one.
pub async fn choose(State(state): State<AppState>, user: CurrentUser, uri: Uri) -> Response {
    if user.principal.role == Role::Coordinator
        && let Some(org) = user.principal.organisation_id
    {
        return Redirect::to(&format!("/handbok-redaktion/{org}")).into_response();
    }
    match stegvis_app::organisations::list(&state.app, &user.actor).await {
        Ok(organisations) => render(
            &ChoosePage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                organisations,
            },
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub struct ChapterRow {
    pub id: i64,
    pub title: String,
    pub part: String,
    pub state: String,
    pub changed: String,
}

#[derive(Template)]
#[template(path = "handbook/editor/overview.html")]
struct OverviewPage {
    l: Layout,
    o: Overview,
    rows: Vec<ChapterRow>,
    reviews: Vec<(i64, String, String)>,
    editions: Vec<(i64, String)>,
    files: Vec<FileRow>,
    problem: Option<String>,
}

/// An attached file with the Markdown that links to it from a chapter.
pub struct FileRow {
    pub name: String,
    pub size: String,
    pub markdown: String,
}

async fn overview_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    operator: i64,
    problem: Option<String>,
) -> Result<OverviewPage, AppError> {
    let o = stegvis_app::handbook::overview(&state.app, &user.actor, operator).await?;
    let l = Layout::new(state, &user.ctx, uri.path());
    let rows = o
        .chapters
        .iter()
        .map(|(c, r)| ChapterRow {
            id: c.id,
            title: r.title.clone(),
            part: l.t(&format!("handbook-part-{}", c.part.code())),
            state: state_label(&l, r.state),
            changed: when(&r.created_at),
        })
        .collect();
    let reviews = o
        .in_review
        .iter()
        .map(|r| {
            (
                r.id,
                r.title.clone(),
                r.submitted_at.as_ref().map(when).unwrap_or_default(),
            )
        })
        .collect();
    let editions = o
        .editions
        .iter()
        .map(|e| (e.number, when(&e.published_at)))
        .collect();
    let files = stegvis_app::handbook::files(&state.app, &user.actor, operator)
        .await?
        .into_iter()
        .map(|f| FileRow {
            markdown: if f.content_type.starts_with("image/") {
                format!(
                    "![{}](../filer/{})",
                    l.t("handbook-image-description"),
                    f.name
                )
            } else {
                format!("[{}](../filer/{})", f.name, f.name)
            },
            size: format!(
                "{} kB",
                swedish::format_integer(f.size_bytes.unsigned_abs().div_ceil(1024) as i64)
            ),
            name: f.name,
        })
        .collect();
    Ok(OverviewPage {
        l,
        o,
        rows,
        reviews,
        editions,
        files,
        problem,
    })
}

pub async fn overview(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    page_or_failure(
        &state,
        &user.ctx,
        &uri,
        overview_page(&state, &user, &uri, ids.id(), None).await,
        StatusCode::OK,
    )
}

/// Runs an action of the overview page; a refused action is explained on the page itself.
async fn overview_action<T>(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    operator: i64,
    result: Result<T, AppError>,
    flash: &str,
) -> Response {
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/handbok-redaktion/{operator}"),
        flash,
        async |errors| {
            let problem = errors.iter().next().map(|e| user.ctx.tr.error(e));
            page_or_failure(
                state,
                &user.ctx,
                uri,
                overview_page(state, user, uri, operator, problem).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = stegvis_app::handbook::start(&state.app, &user.actor, ids.id()).await;
    overview_action(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-handbook-started",
    )
    .await
}

pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result = stegvis_app::handbook::publish(&state.app, &user.actor, ids.id()).await;
    overview_action(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-handbook-published",
    )
    .await
}

fn topic_options() -> String {
    TOPIC_KEYS.join(", ")
}

#[derive(Template)]
#[template(path = "handbook/editor/chapter.html")]
struct ChapterPage {
    l: Layout,
    operator: i64,
    d: Option<ChapterDetail>,
    form: Form,
    topics_help: String,
    /// Differences between the newest revision and the shipped text, when the chapter adapts one.
    shipped_diff: Vec<DiffLine>,
}

impl ChapterPage {
    fn when(&self, at: &Timestamp) -> String {
        when(at)
    }

    fn state(&self, state: &RevisionState) -> String {
        state_label(&self.l, *state)
    }
}

fn chapter_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    operator: i64,
    d: ChapterDetail,
    form: Option<Form>,
) -> ChapterPage {
    let newest = d.revisions.first();
    let form = form.unwrap_or_else(|| match newest {
        Some(r) => Form::new(&user.ctx.tr)
            .with("title", r.title.clone())
            .with("topics", r.topics.join(" "))
            .with("body", r.body.clone()),
        None => Form::new(&user.ctx.tr),
    });
    let shipped_diff = match (&d.shipped, newest) {
        (Some(shipped), Some(r)) if shipped.text.body != r.body => {
            diff_lines(&shipped.text.body, &r.body)
        }
        _ => Vec::new(),
    };
    ChapterPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        operator,
        d: Some(d),
        form,
        topics_help: topic_options(),
        shipped_diff,
    }
}

pub async fn chapter(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    match stegvis_app::handbook::chapter(&state.app, &user.actor, ids.id(), ids.get("chapter"))
        .await
    {
        Ok(d) => render(
            &chapter_page(&state, &user, &uri, ids.id(), d, None),
            StatusCode::OK,
        ),
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

fn chapter_input(pairs: &[(String, String)]) -> ChapterInput {
    ChapterInput {
        title: forms::get(pairs, "title").into(),
        topics: forms::get(pairs, "topics").into(),
        body: forms::get(pairs, "body").into(),
    }
}

pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let operator = ids.id();
    let chapter_id = ids.get("chapter");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        stegvis_app::handbook::save_draft(
            &state.app,
            &user.actor,
            operator,
            chapter_id,
            &chapter_input(&pairs),
        )
        .await,
        |revision| format!("/handbok-redaktion/{operator}/version/{revision}"),
        "flash-handbook-draft-saved",
        async |errors| match stegvis_app::handbook::chapter(
            &state.app,
            &user.actor,
            operator,
            chapter_id,
        )
        .await
        {
            Ok(d) => {
                let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
                render(
                    &chapter_page(&state, &user, &uri, operator, d, Some(form)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
            Err(error) => failure(&state, &user.ctx, &uri, error),
        },
    )
    .await
}

pub async fn new_chapter_form(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    // Checks access to this operator's handbook before showing the form.
    if let Err(error) = stegvis_app::handbook::overview(&state.app, &user.actor, ids.id()).await {
        return failure(&state, &user.ctx, &uri, error);
    }
    let page = ChapterPage {
        l: Layout::new(&state, &user.ctx, uri.path()),
        operator: ids.id(),
        d: None,
        form: Form::new(&user.ctx.tr),
        topics_help: topic_options(),
        shipped_diff: Vec::new(),
    };
    render(&page, StatusCode::OK)
}

pub async fn create_chapter(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let operator = ids.id();
    let result = stegvis_app::handbook::add_local_chapter(
        &state.app,
        &user.actor,
        operator,
        forms::get(&pairs, "slug"),
        &chapter_input(&pairs),
    )
    .await;
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        result,
        |chapter| format!("/handbok-redaktion/{operator}/kapitel/{chapter}"),
        "flash-handbook-draft-saved",
        async |errors| {
            let page = ChapterPage {
                l: Layout::new(&state, &user.ctx, uri.path()),
                operator,
                d: None,
                form: Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors),
                topics_help: topic_options(),
                shipped_diff: Vec::new(),
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "handbook/editor/revision.html")]
struct RevisionPage {
    l: Layout,
    operator: i64,
    d: RevisionDetail,
    html: String,
    diff: Vec<DiffLine>,
    form: Form,
    can_submit: bool,
    can_decide: bool,
    created: String,
    reviewed: String,
    state_text: String,
}

fn revision_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    operator: i64,
    d: RevisionDetail,
    form: Form,
) -> RevisionPage {
    let l = Layout::new(state, &user.ctx, uri.path());
    let diff = d
        .previous
        .as_ref()
        .map(|p| diff_lines(&p.body, &d.revision.body))
        .unwrap_or_default();
    let is_author = d.revision.author_user_id == Some(user.principal.user_id);
    RevisionPage {
        html: markdown::to_html(
            body_after_title(&d.revision.body, &d.revision.title),
            &user.ctx.tr.t("handbook-table"),
        ),
        can_submit: d.revision.state == RevisionState::Draft,
        can_decide: d.revision.state == RevisionState::InReview
            && !is_author
            && user
                .principal
                .can(stegvis_domain::access::Capability::ReviewHandbook),
        created: when(&d.revision.created_at),
        reviewed: d
            .revision
            .reviewed_at
            .as_ref()
            .map(when)
            .unwrap_or_default(),
        state_text: state_label(&l, d.revision.state),
        l,
        operator,
        diff,
        form,
        d,
    }
}

pub async fn revision(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    match stegvis_app::handbook::revision(&state.app, &user.actor, ids.id(), ids.get("revision"))
        .await
    {
        Ok(d) => {
            let form = Form::new(&user.ctx.tr);
            render(
                &revision_page(&state, &user, &uri, ids.id(), d, form),
                StatusCode::OK,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

async fn after_revision_action(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    ids: &Ids,
    result: Result<i64, AppError>,
    flash: &str,
    pairs: &[(String, String)],
) -> Response {
    let operator = ids.id();
    let revision = ids.get("revision");
    form_outcome(
        state,
        &user.ctx,
        uri,
        result,
        |_| format!("/handbok-redaktion/{operator}/version/{revision}"),
        flash,
        async |errors| match stegvis_app::handbook::revision(
            &state.app,
            &user.actor,
            operator,
            revision,
        )
        .await
        {
            Ok(d) => {
                let form = Form::from_pairs(&user.ctx.tr, pairs).with_errors(errors);
                render(
                    &revision_page(state, user, uri, operator, d, form),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
            Err(error) => failure(state, &user.ctx, uri, error),
        },
    )
    .await
}

pub async fn submit(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let result =
        stegvis_app::handbook::submit(&state.app, &user.actor, ids.id(), ids.get("revision")).await;
    after_revision_action(
        &state,
        &user,
        &uri,
        &ids,
        result,
        "flash-handbook-submitted",
        &[],
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let approve = forms::get(&pairs, "decision") == "approve";
    let result = stegvis_app::handbook::decide(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("revision"),
        approve,
        forms::get(&pairs, "comment"),
    )
    .await;
    let flash = if approve {
        "flash-handbook-approved"
    } else {
        "flash-handbook-rejected"
    };
    after_revision_action(&state, &user, &uri, &ids, result, flash, &pairs).await
}

pub async fn move_chapter(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let up = forms::get(&pairs, "direction") == "up";
    let result = stegvis_app::handbook::move_chapter(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("chapter"),
        up,
    )
    .await;
    overview_action(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-handbook-moved",
    )
    .await
}

/// Uploads an image or template; the body was buffered and CSRF-checked by the middleware.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let file = forms::multipart(content_type, body)
        .await
        .and_then(|parts| parts.into_iter().find(|p| p.name == "file"));
    let result = match file {
        Some(file) => {
            let name = file.file_name.unwrap_or_default();
            stegvis_app::handbook::upload(&state.app, &user.actor, ids.id(), &name, &file.bytes)
                .await
        }
        None => Err(AppError::field("file", "error-file-missing")),
    };
    overview_action(
        &state,
        &user,
        &uri,
        ids.id(),
        result,
        "flash-handbook-uploaded",
    )
    .await
}

/// A file for the editors' preview, before anything is published.
pub async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: crate::extract::Params,
) -> Response {
    let Some(operator) = params.number("id") else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    match stegvis_app::handbook::editor_file(&state.app, &user.actor, operator, params.text("name"))
        .await
    {
        Ok((content_type, bytes)) => {
            super::handbook::file_response(params.text("name"), &content_type, bytes)
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn delete_file(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: crate::extract::Params,
    body: Bytes,
) -> Response {
    let pairs = crate::forms::pairs(&body);
    if !super::confirm::confirmed(&pairs) {
        let confirmation = super::confirm::simple(
            &user.ctx,
            "confirm-file-title",
            user.ctx.tr.t("confirm-file-text"),
            format!("/handbok-redaktion/{}", params.text("id")),
        );
        return super::confirm::page(&state, &user.ctx, &uri, &pairs, confirmation);
    }
    let Some(operator) = params.number("id") else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    let result =
        stegvis_app::handbook::delete_file(&state.app, &user.actor, operator, params.text("name"))
            .await;
    overview_action(
        &state,
        &user,
        &uri,
        operator,
        result,
        "flash-handbook-file-deleted",
    )
    .await
}
