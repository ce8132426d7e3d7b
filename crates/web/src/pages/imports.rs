//! The import page of a programme (decision 0029): choose what to import (people, income
//! months or enterprises), upload a CSV or XLSX file, map its columns onto the template
//! (pre-filled from the source's last mapping, else by header name), run a dry run with a
//! row-by-row report, then import. Works without JavaScript: each step is a form.

use super::{failure, page_or_failure, render};
use crate::AppState;
use crate::api::imports::row_message;
use crate::context::CurrentUser;
use crate::extract::{Ids, Params};
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stegvis_app::AppError;
use stegvis_app::imports::{self as uc, ImportReport, Pending, Progress, Stage};
use stegvis_domain::import::{FILE_FIELD, ImportAction, ImportKind, Table};
use stegvis_domain::programme::Programme;
use stegvis_domain::swedish;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_reports::csv::{CsvWriter, Dialect};
use stegvis_reports::xlsx::{Sheet, workbook};

/// One row of the report as shown: its number, what happens, and why in words.
struct ReportRow {
    row: usize,
    action: ImportAction,
    messages: Vec<String>,
}

struct ReportView {
    dry_run: bool,
    written: bool,
    create: usize,
    update: usize,
    unchanged: usize,
    refuse: usize,
    rows: Vec<ReportRow>,
}

#[derive(Template)]
#[template(path = "imports/page.html")]
struct ImportPage {
    l: Layout,
    programme: Programme,
    form: Form,
    pending: Option<Pending>,
    report: Option<ReportView>,
}

impl ImportPage {
    /// The kinds to choose from, with the one last chosen (people when none).
    fn kinds(&self) -> Vec<(&'static str, String, bool)> {
        let chosen = self.form.value("typ");
        ImportKind::ALL
            .iter()
            .map(|k| {
                let checked = if chosen.is_empty() {
                    *k == ImportKind::Persons
                } else {
                    chosen == k.code()
                };
                (
                    k.code(),
                    self.l.t(&format!("import-kind-{}", k.code())),
                    checked,
                )
            })
            .collect()
    }

    fn kind_text(&self, kind: &ImportKind) -> String {
        self.l.t(&format!("import-kind-{}", kind.code()))
    }

    fn action_text(&self, action: &ImportAction) -> String {
        self.l.t(&format!("import-action-{}", action.code()))
    }

    fn is_chosen(&self, index: &usize, header: &str) -> bool {
        self.pending
            .as_ref()
            .and_then(|p| p.chosen.get(*index))
            .is_some_and(|c| c == header)
    }

    fn columns(&self) -> Vec<(usize, &'static str, bool)> {
        self.pending
            .as_ref()
            .map(|p| {
                p.kind
                    .columns()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i, c.header, c.required))
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    form: Form,
    report: Option<ReportView>,
) -> Result<ImportPage, AppError> {
    let pending = uc::pending(&state.app, &user.actor, id).await?;
    let programme = match &pending {
        Some(p) => p.programme.clone(),
        None => uc::programme(&state.app, &user.actor, id).await?,
    };
    Ok(ImportPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        programme,
        form,
        pending,
        report,
    })
}

/// `GET /program/{id}/import`: the upload form, and the mapping step once a file waits.
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    let form = Form::new(&user.ctx.tr);
    let page = page(&state, &user, &uri, ids.id(), form, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// Reads an uploaded file into a table by its name's extension.
fn read_file(file_name: &str, bytes: &[u8]) -> Result<Table, FieldError> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        Table::from_csv(bytes)
    } else if lower.ends_with(".xlsx") {
        Table::from_xlsx(bytes)
    } else {
        Err(FieldError::new(FILE_FIELD, "import-error-file-kind"))
    }
}

/// `POST /program/{id}/import`: stores the uploaded file and goes on to the mapping step.
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let id = ids.id();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let parts = forms::multipart(content_type, body)
        .await
        .unwrap_or_default();
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| String::from_utf8(p.bytes.clone()).ok())
            .unwrap_or_default()
    };
    let source = text("kalla");
    let kind_code = text("typ");
    // Without a choice (a client that sends only the file), people, the first choice.
    let kind = if kind_code.is_empty() {
        Ok(ImportKind::Persons)
    } else {
        kind_code.parse::<ImportKind>()
    };
    let file = parts
        .into_iter()
        .find(|p| p.name == "file" && !p.bytes.is_empty());
    let result = match (kind, file) {
        (Err(_), _) => Err(AppError::field("typ", "error-choose-option")),
        (Ok(kind), Some(file)) => {
            let name = file.file_name.unwrap_or_default();
            match read_file(&name, &file.bytes) {
                Ok(table) => {
                    uc::upload(&state.app, &user.actor, id, kind, &source, &name, &table).await
                }
                Err(error) => Err(AppError::Invalid(ValidationErrors::single(error))),
            }
        }
        (Ok(_), None) => Err(AppError::field(FILE_FIELD, "error-file-missing")),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/program/{id}/import#kolumner")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let form = Form::new(&user.ctx.tr)
                .with("kalla", source)
                .with("typ", kind_code)
                .with_errors(errors);
            let page = page(&state, &user, &uri, id, form, None).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

fn report_view(user: &CurrentUser, report: &ImportReport, dry_run: bool) -> ReportView {
    let tr = &user.ctx.tr;
    ReportView {
        dry_run,
        written: report.written,
        create: report.count(ImportAction::Create),
        update: report.count(ImportAction::Update),
        unchanged: report.count(ImportAction::Unchanged),
        refuse: report.count(ImportAction::Refuse),
        rows: report
            .rows
            .iter()
            .filter(|r| r.action != ImportAction::Unchanged)
            .map(|r| ReportRow {
                row: r.row,
                action: r.action,
                messages: r.errors.iter().map(|e| row_message(tr, r.row, e)).collect(),
            })
            .collect(),
    }
}

/// Files with more rows than this are checked and imported in the background while the page
/// shows a progress bar; smaller ones are answered at once.
pub const BACKGROUND_ROWS: usize = 1_000;

/// How long a background import's report waits to be read before it is forgotten.
const JOB_KEPT: Duration = Duration::from_secs(60 * 60);

/// A background import: whose it is, how far it has come, and once done its outcome.
struct Job {
    user_id: i64,
    programme_id: i64,
    dry_run: bool,
    started: Instant,
    progress: Arc<Progress>,
    outcome: Option<Result<Option<ImportReport>, AppError>>,
}

/// The background imports of this server process, by a random id (decision 0029). Held in
/// memory: a restart forgets them, and an import cut off by the restart never committed its
/// one transaction, so nothing was written.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Job>>);

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        // A poisoned map still holds consistent entries: each is replaced whole.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The user's running import into the programme, if any: one at a time, as the upload is.
    fn running(&self, user_id: i64, programme_id: i64) -> Option<String> {
        self.lock()
            .iter()
            .find(|(_, j)| {
                j.user_id == user_id && j.programme_id == programme_id && j.outcome.is_none()
            })
            .map(|(id, _)| id.clone())
    }

    fn start(&self, id: &str, job: Job) {
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.outcome.is_none() || j.started.elapsed() < JOB_KEPT);
        jobs.insert(id.to_string(), job);
    }

    fn finish(&self, id: &str, outcome: Result<Option<ImportReport>, AppError>) {
        if let Some(job) = self.lock().get_mut(id) {
            job.outcome = Some(outcome);
        }
    }
}

/// `POST /program/{id}/import/kolumner`: the chosen mapping, then a dry run (`atgard=provkor`)
/// or the import (`atgard=importera`), answered with the report, or for a large file with a
/// redirect to its progress.
pub async fn run(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let id = ids.id();
    let pairs = forms::pairs(&body);
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "kolumn")
        .map(|(_, v)| v.clone())
        .collect();
    let dry_run = !pairs.iter().any(|(k, v)| k == "atgard" && v == "importera");
    let rows = match uc::pending(&state.app, &user.actor, id).await {
        Ok(pending) => pending.map_or(0, |p| p.rows),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let user_id = user.actor.principal().map(|p| p.user_id);
    if let (Some(user_id), true) = (user_id, rows > BACKGROUND_ROWS) {
        let job_id = match state.import_jobs.running(user_id, id) {
            Some(running) => running,
            None => {
                let job_id = stegvis_app::secrets::random_token();
                let progress = Arc::new(Progress::of_rows(rows));
                state.import_jobs.start(
                    &job_id,
                    Job {
                        user_id,
                        programme_id: id,
                        dry_run,
                        started: Instant::now(),
                        progress: Arc::clone(&progress),
                        outcome: None,
                    },
                );
                let state = state.clone();
                let actor = user.actor.clone();
                let job = job_id.clone();
                tokio::spawn(async move {
                    let outcome =
                        uc::import_upload(&state.app, &actor, id, &chosen, dry_run, &progress)
                            .await;
                    state.import_jobs.finish(&job, outcome);
                });
                job_id
            }
        };
        return Redirect::to(&format!("/program/{id}/import/{job_id}#rapport")).into_response();
    }
    let outcome = uc::import_upload(
        &state.app,
        &user.actor,
        id,
        &chosen,
        dry_run,
        &Progress::default(),
    )
    .await;
    outcome_response(&state, &user, &uri, id, outcome, dry_run).await
}

/// The page answering an import's outcome: the report (422 when a real run was refused), the
/// mapping step again with what is wrong with it, or back to the upload when nothing waited.
async fn outcome_response(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    outcome: Result<Option<ImportReport>, AppError>,
    dry_run: bool,
) -> Response {
    match outcome {
        Ok(None) => Redirect::to(&format!("/program/{id}/import")).into_response(),
        Ok(Some(report)) => {
            let status = if !dry_run && !report.written {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            let view = report_view(user, &report, dry_run);
            let form = Form::new(&user.ctx.tr);
            let page = page(state, user, uri, id, form, Some(view)).await;
            page_or_failure(state, &user.ctx, uri, page, status)
        }
        Err(AppError::Invalid(errors)) => {
            let form = Form::new(&user.ctx.tr).with_errors(errors);
            match page(state, user, uri, id, form, None).await {
                Ok(page) => render(&page, StatusCode::UNPROCESSABLE_ENTITY),
                Err(error) => failure(state, &user.ctx, uri, error),
            }
        }
        Err(error) => failure(state, &user.ctx, uri, error),
    }
}

#[derive(Template)]
#[template(path = "imports/progress.html")]
struct ProgressPage {
    l: Layout,
    programme: Programme,
    dry_run: bool,
    done: usize,
    of: usize,
    writing: bool,
}

impl ProgressPage {
    fn text(&self) -> String {
        let key = if self.writing {
            "import-progress-writing"
        } else {
            "import-progress-checking"
        };
        self.l.tr.ta(
            key,
            &[
                ("done", swedish::format_integer(self.done as i64)),
                ("of", swedish::format_integer(self.of as i64)),
            ],
        )
    }
}

/// `GET /program/{id}/import/{import}`: a background import's progress bar, refreshed every
/// two seconds without JavaScript, then its report. An import this server does not know (never
/// started, someone else's, or forgotten after a restart or an hour) leads back to the page.
pub async fn progress(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    params: Params,
) -> Response {
    let Some(id) = params.number("id") else {
        return failure(&state, &user.ctx, &uri, AppError::NotFound);
    };
    let job_id = params.text("import").to_string();
    let user_id = user.actor.principal().map(|p| p.user_id);
    let back = || Redirect::to(&format!("/program/{id}/import")).into_response();
    let (dry_run, stage, outcome) = {
        let mut jobs = state.import_jobs.lock();
        let Some(job) = jobs
            .get_mut(&job_id)
            .filter(|j| Some(j.user_id) == user_id && j.programme_id == id)
        else {
            return back();
        };
        let outcome = match &job.outcome {
            None => None,
            // A report may be read again; an error is answered once.
            Some(Ok(report)) => Some(Ok(report.clone())),
            Some(Err(_)) => job.outcome.take(),
        };
        (job.dry_run, job.progress.stage(), outcome)
    };
    if let Some(outcome) = outcome {
        if outcome.is_err() {
            state.import_jobs.lock().remove(&job_id);
        }
        return outcome_response(&state, &user, &uri, id, outcome, dry_run).await;
    }
    let programme = match uc::programme(&state.app, &user.actor, id).await {
        Ok(programme) => programme,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let (done, of, writing) = match stage {
        Stage::Checking { done, of } => (done, of, false),
        Stage::Writing { done, of } => (done, of, true),
    };
    render(
        &ProgressPage {
            l: Layout::new(&state, &user.ctx, uri.path()),
            programme,
            dry_run,
            done,
            of,
            writing,
        },
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct TemplateQuery {
    /// The kind's code; people when left out.
    typ: Option<String>,
}

impl TemplateQuery {
    fn kind(&self) -> ImportKind {
        self.typ
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or(ImportKind::Persons)
    }
}

/// `GET /program/{id}/import/mall.csv?typ=…`: a template for a spreadsheet program, in the
/// reader's dialect (semicolons for Swedish Excel, decision 0005).
pub async fn template(user: CurrentUser, Query(query): Query<TemplateQuery>) -> Response {
    let kind = query.kind();
    let mut csv = CsvWriter::with_dialect(Dialect::for_language(user.ctx.tr.lang()));
    csv.row(kind.columns().iter().map(|c| c.header));
    crate::api::imports::download(
        csv.finish().into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{}.csv", kind.template_name()),
    )
}

/// `GET /program/{id}/import/mall.xlsx?typ=…`: the same template as a workbook.
pub async fn template_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<TemplateQuery>,
) -> Response {
    let kind = query.kind();
    let sheet = Sheet {
        name: user.ctx.tr.t(&format!("import-kind-{}", kind.code())),
        header: kind
            .columns()
            .iter()
            .map(|c| c.header.to_string())
            .collect(),
        rows: Vec::new(),
    };
    match workbook(&[sheet]) {
        Ok(bytes) => crate::api::imports::download(
            bytes,
            crate::api::imports::XLSX,
            &format!("{}.xlsx", kind.template_name()),
        ),
        Err(error) => failure(
            &state,
            &user.ctx,
            &uri,
            AppError::Internal(error.to_string()),
        ),
    }
}
