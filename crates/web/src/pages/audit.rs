//! Log review (loggkontroll): search the audit log and export what was found.

use super::{failure, render};
use crate::AppState;
use crate::context::CurrentUser;
use crate::forms::Form;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_domain::audit::{Event, EventFilter};
use stegvis_domain::swedish;
use stegvis_domain::timestamp::{Timestamp, parse_date};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use stegvis_reports::csv::{CsvWriter, Dialect};

const PAGE_SIZE: i64 = 100;
/// An export holds at most this many events; narrow the search for more.
const EXPORT_LIMIT: i64 = 10_000;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    anvandare: Option<String>,
    post: Option<String>,
    handelse: Option<String>,
    fran: Option<String>,
    till: Option<String>,
    fore: Option<String>,
}

/// Parses the search form; a wrong value is reported, never silently ignored.
fn parse(query: &SearchQuery) -> Result<EventFilter, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let actor_user_id = text(&query.anvandare).and_then(|v| match v.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.push(FieldError::new("anvandare", "error-whole-number"));
            None
        }
    });
    let record = text(&query.post).and_then(|v| {
        let parsed = v
            .split_once(':')
            .and_then(|(kind, id)| Some((kind.trim().to_string(), id.trim().parse::<i64>().ok()?)));
        if parsed.is_none() {
            errors.push(FieldError::new("post", "error-record-reference"));
        }
        parsed
    });
    let mut date = |field: &'static str, value: &Option<String>, days: i64| {
        text(value).and_then(|v| match parse_date(&v) {
            Some(d) => Some(Timestamp::from_datetime(swedish::start_of_day(
                d + time::Duration::days(days),
            ))),
            None => {
                errors.push(FieldError::new(field, "error-date-format"));
                None
            }
        })
    };
    let from = date("fran", &query.fran, 0);
    let until = date("till", &query.till, 1);
    let filter = EventFilter {
        actor_user_id,
        record,
        action_prefix: text(&query.handelse),
        from,
        until,
    };
    errors.into_result().map(|()| filter)
}

fn form_of(tr: &crate::i18n::Tr, query: &SearchQuery) -> Form {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    Form::new(tr)
        .with("anvandare", value(&query.anvandare))
        .with("post", value(&query.post))
        .with("handelse", value(&query.handelse))
        .with("fran", value(&query.fran))
        .with("till", value(&query.till))
}

pub struct EventRow {
    pub event: Event,
    pub when: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    form: Form,
    rows: Vec<EventRow>,
    /// Link to the next (older) page, if there may be one.
    older: Option<String>,
    export: String,
    /// Users whose refusals reached the limit lately: possible scanning, shown first.
    scans: Vec<EventRow>,
}

fn rows_of(events: Vec<Event>) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|event| EventRow {
            when: swedish::format_swedish_datetime(event.occurred_at.datetime()),
            event,
        })
        .collect()
}

fn query_string(query: &SearchQuery) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    serde_urlencoded::to_string([
        ("anvandare", value(&query.anvandare)),
        ("post", value(&query.post)),
        ("handelse", value(&query.handelse)),
        ("fran", value(&query.fran)),
        ("till", value(&query.till)),
    ])
    .unwrap_or_default()
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<SearchQuery>,
) -> Response {
    let l = Layout::new(&state, &user.ctx, uri.path());
    let scans = match stegvis_app::audit::suspected_scans(&state.app, &user.actor).await {
        Ok(events) => rows_of(events),
        // Coordinators review only their own people; the flags are the administrator's.
        Err(AppError::Forbidden) => Vec::new(),
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let filter = match parse(&query) {
        Ok(filter) => filter,
        Err(errors) => {
            let page = AuditPage {
                l,
                form: form_of(&user.ctx.tr, &query).with_errors(errors),
                rows: Vec::new(),
                older: None,
                export: String::new(),
                scans,
            };
            return render(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let before = query.fore.as_deref().and_then(|v| v.parse::<i64>().ok());
    match stegvis_app::audit::search(&state.app, &user.actor, &filter, before, PAGE_SIZE).await {
        Ok(events) => {
            let qs = query_string(&query);
            let older = (events.len() as i64 == PAGE_SIZE)
                .then(|| events.last().map(|e| format!("/logg?{qs}&fore={}", e.seq)))
                .flatten();
            render(
                &AuditPage {
                    l,
                    form: form_of(&user.ctx.tr, &query),
                    rows: rows_of(events),
                    older,
                    export: format!("/logg.csv?{qs}"),
                    scans,
                },
                StatusCode::OK,
            )
        }
        // A coordinator's review must name a person or colleague; the first visit shows the
        // form with that explained, a submitted search that names neither an error.
        Err(AppError::Invalid(errors)) => {
            let submitted = query_string(&query).split('&').any(|p| !p.ends_with('='));
            let page = AuditPage {
                l,
                form: form_of(&user.ctx.tr, &query).with_errors(errors),
                rows: Vec::new(),
                older: None,
                export: String::new(),
                scans,
            };
            let status = if submitted {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            render(&page, status)
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}

pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<SearchQuery>,
) -> Response {
    let filter = match parse(&query) {
        Ok(filter) => filter,
        Err(_) => return list(State(state), user, uri, Query(query)).await,
    };
    let result =
        stegvis_app::audit::search(&state.app, &user.actor, &filter, None, EXPORT_LIMIT).await;
    if let Err(AppError::Invalid(_)) = result {
        return list(State(state), user, uri, Query(query)).await;
    }
    match result {
        Ok(events) => {
            let tr = &user.ctx.tr;
            let mut csv = CsvWriter::with_dialect(Dialect::for_language(tr.lang()));
            csv.row(
                [
                    "export-audit-seq",
                    "export-audit-occurred-at",
                    "export-audit-user",
                    "export-audit-action",
                    "export-audit-route",
                    "export-audit-records",
                ]
                .map(|key| tr.t(key)),
            );
            for e in events {
                csv.row([
                    e.seq.to_string(),
                    e.occurred_at.canonical(),
                    e.actor_user_id.map(|id| id.to_string()).unwrap_or_default(),
                    e.action,
                    e.route,
                    e.records,
                ]);
            }
            let mut response = csv.finish().into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"stegvis-logg.csv\""),
            );
            response
        }
        Err(error) => failure(&state, &user.ctx, &uri, error),
    }
}
