//! `/api/v1/imports/…`: spreadsheets imported as CSV or XLSX, with a dry run and a row-by-row
//! report (decision 0029).

use super::{ApiError, ApiQuery};
use crate::AppState;
use crate::context::CurrentUser;
use crate::errors::{problem, problem_with};
use crate::i18n::Tr;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use stegvis_app::imports::{ImportReport, Progress};
use stegvis_domain::import::{ImportAction, ImportKind, Mapping, Table, template_csv};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The programme the rows are imported into.
    programme_id: Option<i64>,
    /// `true` (the default) only reports what an import would do; `false` imports, or refuses
    /// the whole file with 422 when any row is refused.
    dry_run: Option<bool>,
}

/// One problem of one row.
#[derive(Serialize, ToSchema)]
pub struct ImportErrorOut {
    /// The template's column header.
    field: String,
    /// A stable code for programs.
    code: String,
    /// The problem in words, with the row number: "rad 14, personnummer: …".
    message: String,
}

/// What the import does, or would do, with one row.
#[derive(Serialize, ToSchema)]
pub struct ImportRowOut {
    /// The spreadsheet's row number; the header is row 1.
    row: usize,
    /// create, update, unchanged or refuse
    action: String,
    errors: Vec<ImportErrorOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportTotalsOut {
    create: usize,
    update: usize,
    unchanged: usize,
    refuse: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ImportReportOut {
    dry_run: bool,
    /// Whether anything was written: false for a dry run.
    written: bool,
    rows: Vec<ImportRowOut>,
    totals: ImportTotalsOut,
}

/// A row's error in words: "rad 14, personnummer: kontrollsiffran stämmer inte …".
pub(crate) fn row_message(tr: &Tr, row: usize, error: &FieldError) -> String {
    let text = tr.error(error);
    let mut chars = text.chars();
    let text = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    };
    tr.ta(
        "import-row-error",
        &[
            ("row", row.to_string()),
            ("column", error.field.to_string()),
            ("message", text),
        ],
    )
}

fn report_out(tr: &Tr, report: &ImportReport, dry_run: bool) -> ImportReportOut {
    ImportReportOut {
        dry_run,
        written: report.written,
        rows: report
            .rows
            .iter()
            .map(|r| ImportRowOut {
                row: r.row,
                action: r.action.code().to_string(),
                errors: r
                    .errors
                    .iter()
                    .map(|e| ImportErrorOut {
                        field: e.field.to_string(),
                        code: e.key.to_string(),
                        message: row_message(tr, r.row, e),
                    })
                    .collect(),
            })
            .collect(),
        totals: ImportTotalsOut {
            create: report.count(ImportAction::Create),
            update: report.count(ImportAction::Update),
            unchanged: report.count(ImportAction::Unchanged),
            refuse: report.count(ImportAction::Refuse),
        },
    }
}

/// The media type of an XLSX workbook.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Reads the body by its media type: `text/csv` or an XLSX workbook; anything else is `None`,
/// answered 415.
fn read_body(headers: &HeaderMap, body: &[u8]) -> Option<Result<Table, FieldError>> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })?;
    if media == "text/csv" {
        Some(Table::from_csv(body))
    } else if media == XLSX {
        Some(Table::from_xlsx(body))
    } else {
        None
    }
}

async fn import(
    state: &AppState,
    user: &CurrentUser,
    kind: ImportKind,
    query: &ImportQuery,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let Some(programme_id) = query.programme_id else {
        return problem(
            StatusCode::BAD_REQUEST,
            "The query parameter 'programme_id' is required.",
        );
    };
    let Some(table) = read_body(headers, body) else {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the file as CSV with 'Content-Type: text/csv', or as XLSX with \
             'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'.",
        );
    };
    let table = match table {
        Ok(table) => table,
        Err(error) => {
            return ApiError::new(
                stegvis_app::AppError::Invalid(ValidationErrors::single(error)),
                &user.ctx,
            )
            .into_response();
        }
    };
    let dry_run = query.dry_run.unwrap_or(true);
    let mapping = Mapping::by_headers(kind, &table.headers);
    // The API answers when the import is done; only the page shows progress.
    let result = stegvis_app::imports::run(
        &state.app,
        &user.actor,
        programme_id,
        &table,
        &mapping,
        dry_run,
        &Progress::default(),
    )
    .await;
    match result {
        Ok(report) => {
            let out = report_out(&user.ctx.tr, &report, dry_run);
            if !dry_run && !report.written {
                let detail = user.ctx.tr.ta(
                    "import-refused",
                    &[("count", out.totals.refuse.to_string())],
                );
                let mut extra = serde_json::Map::new();
                extra.insert("dry_run".into(), false.into());
                extra.insert("written".into(), false.into());
                extra.insert(
                    "rows".into(),
                    serde_json::to_value(&out.rows).unwrap_or_default(),
                );
                extra.insert(
                    "totals".into(),
                    serde_json::to_value(&out.totals).unwrap_or_default(),
                );
                return problem_with(StatusCode::UNPROCESSABLE_ENTITY, &detail, extra);
            }
            Json(out).into_response()
        }
        Err(error) => ApiError::new(error, &user.ctx).into_response(),
    }
}

/// Imports people into a programme from CSV or XLSX with the template's columns (`GET
/// /api/v1/imports/persons/template`), each with an episode referred on `remissdatum`. People
/// are matched on personnummer within the programme's operator, so importing the same file
/// again changes nothing. A real run writes every row or, if any row is refused, none.
#[utoipa::path(post, path = "/api/v1/imports/persons", security(("bearer" = [])), params(ImportQuery),
    request_body(description = "The template's header row, then one person per row", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "The dry run's report, or the report of a written import", body = ImportReportOut),
        (status = 415, description = "Neither CSV nor XLSX", content_type = "application/problem+json"),
        (status = 422, description = "A real run with refused rows (nothing is written; the problem carries `rows` and `totals`), a required column missing, or a file that cannot be read", content_type = "application/problem+json")))]
pub async fn persons(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    import(&state, &user, ImportKind::Persons, &query, &headers, &body).await
}

/// Imports income months from CSV or XLSX with the template's columns (`GET
/// /api/v1/imports/income-months/template`): one income source (`inkomstslag`, its code or
/// name) of one participant in one month (`YYYY-MM`) a row, with its share of full time and
/// optionally the amount, checked as the income form checks them. The person must have an
/// episode in the programme and have consented to participate. Matched on personnummer, month
/// and source, so importing the same file again changes nothing. A real run writes every row
/// or, if any row is refused, none.
#[utoipa::path(post, path = "/api/v1/imports/income-months", security(("bearer" = [])), params(ImportQuery),
    request_body(description = "The template's header row, then one month and source per row", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "The dry run's report, or the report of a written import", body = ImportReportOut),
        (status = 415, description = "Neither CSV nor XLSX", content_type = "application/problem+json"),
        (status = 422, description = "A real run with refused rows (nothing is written; the problem carries `rows` and `totals`), a required column missing, or a file that cannot be read", content_type = "application/problem+json")))]
pub async fn income_months(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    import(
        &state,
        &user,
        ImportKind::IncomeMonths,
        &query,
        &headers,
        &body,
    )
    .await
}

/// Imports enterprises of the programme's operator from CSV or XLSX with the template's columns
/// (`GET /api/v1/imports/enterprises/template`), checked as the register form checks them, and
/// when `år` is filled in that year's figures, checked as the figures form checks them; one
/// row an enterprise and year. Matched on organisationsnummer and year, so importing the same
/// file again changes nothing; fields the template lacks keep their stored values. A real run
/// writes every row or, if any row is refused, none.
#[utoipa::path(post, path = "/api/v1/imports/enterprises", security(("bearer" = [])), params(ImportQuery),
    request_body(description = "The template's header row, then one enterprise and year per row", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses(
        (status = 200, description = "The dry run's report, or the report of a written import", body = ImportReportOut),
        (status = 415, description = "Neither CSV nor XLSX", content_type = "application/problem+json"),
        (status = 422, description = "A real run with refused rows (nothing is written; the problem carries `rows` and `totals`), a required column missing, or a file that cannot be read", content_type = "application/problem+json")))]
pub async fn enterprises(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    import(
        &state,
        &user,
        ImportKind::Enterprises,
        &query,
        &headers,
        &body,
    )
    .await
}

/// A template as a download: its bytes, media type and file name.
pub(crate) fn download(bytes: Vec<u8>, media: &'static str, file_name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn template_response(kind: ImportKind) -> Response {
    download(
        template_csv(kind).into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{}.csv", kind.template_name()),
    )
}

/// The people template: the header row of the CSV `POST /api/v1/imports/persons` takes.
#[utoipa::path(get, path = "/api/v1/imports/persons/template", security(("bearer" = [])), responses(
    (status = 200, content_type = "text/csv", body = String)))]
pub async fn persons_template() -> Response {
    template_response(ImportKind::Persons)
}

/// The income months template: the header row of the CSV `POST /api/v1/imports/income-months`
/// takes.
#[utoipa::path(get, path = "/api/v1/imports/income-months/template", security(("bearer" = [])), responses(
    (status = 200, content_type = "text/csv", body = String)))]
pub async fn income_months_template() -> Response {
    template_response(ImportKind::IncomeMonths)
}

/// The enterprises template: the header row of the CSV `POST /api/v1/imports/enterprises`
/// takes.
#[utoipa::path(get, path = "/api/v1/imports/enterprises/template", security(("bearer" = [])), responses(
    (status = 200, content_type = "text/csv", body = String)))]
pub async fn enterprises_template() -> Response {
    template_response(ImportKind::Enterprises)
}
