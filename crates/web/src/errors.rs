//! How failures become responses: an HTML page in the user's language for the browser, and
//! `application/problem+json` (RFC 9457) for the API. Internal details go to the log, never to
//! the user, and never personal data.

use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use stegvis_app::AppError;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: &'a Layout,
    heading: String,
    message: String,
}

/// A failed page request.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    Forbidden,
    Unavailable,
    Internal,
}

impl From<AppError> for PageError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound => PageError::NotFound,
            AppError::Forbidden => PageError::Forbidden,
            error if error.is_unavailable() => {
                tracing::error!(%error, "database unreachable");
                PageError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "request failed");
                PageError::Internal
            }
        }
    }
}

impl PageError {
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Forbidden => StatusCode::FORBIDDEN,
            PageError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn key(&self) -> &'static str {
        match self {
            PageError::NotFound => "error-page-not-found",
            PageError::Forbidden => "error-page-forbidden",
            PageError::Unavailable => "error-page-unavailable",
            PageError::Internal => "error-page-internal",
        }
    }

    pub fn render(&self, l: &Layout) -> Response {
        error_page(l, self.status(), self.key())
    }
}

/// Renders a full error page with the layout of the current user.
pub fn error_page(l: &Layout, status: StatusCode, key: &str) -> Response {
    let page = ErrorPage {
        l,
        heading: l.tr.t(&format!("{key}-heading")),
        message: l.tr.t(&format!("{key}-text")),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "rendering the error page failed");
            status.into_response()
        }
    }
}

/// A minimal page for failures before the request context exists.
fn bare_page(tr: &Tr, status: StatusCode, key: &str) -> Response {
    let layout = Layout::bare(tr.clone());
    error_page(&layout, status, key)
}

pub fn csrf_refused(tr: &Tr) -> Response {
    bare_page(tr, StatusCode::FORBIDDEN, "error-page-csrf")
}

pub fn too_large(tr: &Tr) -> Response {
    bare_page(tr, StatusCode::PAYLOAD_TOO_LARGE, "error-page-too-large")
}

/// A problem document (RFC 9457).
pub fn problem(status: StatusCode, detail: &str) -> Response {
    problem_with(status, detail, serde_json::Map::new())
}

pub fn problem_with(
    status: StatusCode,
    detail: &str,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Response {
    let mut body = serde_json::Map::new();
    body.insert("type".into(), "about:blank".into());
    body.insert(
        "title".into(),
        status.canonical_reason().unwrap_or("Error").into(),
    );
    body.insert("status".into(), status.as_u16().into());
    body.insert("detail".into(), detail.into());
    body.extend(extra);
    let mut response = (status, serde_json::Value::Object(body).to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// The database could not be reached: 503 with a problem document, whatever the route.
pub fn unavailable(error: &AppError) -> Response {
    tracing::error!(%error, "request context could not be built");
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "The database is not available right now. Try again in a moment.",
    )
}
