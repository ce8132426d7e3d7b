//! The import page of a programme (decision 0029): upload a CSV file, map its columns onto the
//! template (pre-filled from the source's last mapping, else by header name), run a dry run
//! with a row-by-row report, then import. Works without JavaScript: each step is a form.

use super::{failure, page_or_failure, render};
use crate::AppState;
use crate::api::imports::row_message;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use stegvis_app::AppError;
use stegvis_app::imports::{self as uc, ImportReport, Pending};
use stegvis_domain::import::{FILE_FIELD, ImportAction, ImportKind, Table};
use stegvis_domain::programme::Programme;
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_reports::csv::{CsvWriter, Dialect};

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

async fn programme_of(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<Programme, AppError> {
    stegvis_app::programmes::get(&state.app, &user.actor, id)
        .await
        .map(|detail| detail.programme)
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
        None => programme_of(state, user, id).await?,
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
    let source = parts
        .iter()
        .find(|p| p.name == "kalla")
        .and_then(|p| String::from_utf8(p.bytes.clone()).ok())
        .unwrap_or_default();
    let file = parts
        .into_iter()
        .find(|p| p.name == "file" && !p.bytes.is_empty());
    let result = match file {
        Some(file) => {
            let name = file.file_name.unwrap_or_default();
            match read_file(&name, &file.bytes) {
                Ok(table) => {
                    uc::upload(
                        &state.app,
                        &user.actor,
                        id,
                        ImportKind::Persons,
                        &source,
                        &name,
                        &table,
                    )
                    .await
                }
                Err(error) => Err(AppError::Invalid(ValidationErrors::single(error))),
            }
        }
        None => Err(AppError::field(FILE_FIELD, "error-file-missing")),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/program/{id}/import#kolumner")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let form = Form::new(&user.ctx.tr)
                .with("kalla", source)
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

/// `POST /program/{id}/import/kolumner`: the chosen mapping, then a dry run (`atgard=provkor`)
/// or the import (`atgard=importera`), answered with the report.
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
    match uc::import_upload(&state.app, &user.actor, id, &chosen, dry_run).await {
        Ok(None) => Redirect::to(&format!("/program/{id}/import")).into_response(),
        Ok(Some(report)) => {
            let status = if !dry_run && !report.written {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            let view = report_view(&user, &report, dry_run);
            let form = Form::new(&user.ctx.tr);
            let page = page(&state, &user, &uri, id, form, Some(view)).await;
            page_or_failure(&state, &user.ctx, &uri, page, status)
        }
        Err(AppError::Invalid(errors)) => {
            let form = Form::new(&user.ctx.tr).with_errors(errors);
            match page(&state, &user, &uri, id, form, None).await {
                Ok(page) => render(&page, StatusCode::UNPROCESSABLE_ENTITY),
                Err(error) => failure(&state, &user.ctx, &uri, error),
            }
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

/// `GET /program/{id}/import/mall.csv`: the people template for a spreadsheet program, in the
/// reader's dialect (semicolons for Swedish Excel, decision 0005).
pub async fn template(user: CurrentUser) -> Response {
    let mut csv = CsvWriter::with_dialect(Dialect::for_language(user.ctx.tr.lang()));
    csv.row(ImportKind::Persons.columns().iter().map(|c| c.header));
    let mut response = csv.finish().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mall-deltagare.csv\""),
    );
    response
}
