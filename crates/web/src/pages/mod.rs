//! Server-rendered pages. Every form works as a plain POST followed by a redirect (303), so
//! nothing depends on JavaScript; on bad input the form is rendered again with the input kept
//! and a message per field.

pub mod account;
pub mod activities;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod confirm;
pub mod effects;
pub mod enterprise_figures;
pub mod enterprises;
pub mod handbook;
pub mod handbook_editor;
pub mod ideas;
pub mod imports;
pub mod invites;
pub mod network;
pub mod oidc;
pub mod organisations;
pub mod outreach;
pub mod persons;
pub mod plan_numbers;
pub mod portal;
pub mod privacy;
pub mod programmes;
pub mod questionnaires;
pub mod reports;
pub mod retention;
pub mod second_factor;
pub mod socioeconomics;
pub mod steering;
mod today;
pub mod users;

use crate::AppState;
use crate::context::{FLASH_COOKIE, RequestContext, set_cookie};
use crate::errors::PageError;
use crate::layout::Layout;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use stegvis_app::AppError;
use stegvis_domain::validation::ValidationErrors;

/// Renders a template, or the error page if rendering fails.
pub fn render(template: &impl Template, status: StatusCode) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "template rendering failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Renders a page a use case helped build, or the error page if building it failed.
pub fn page_or_failure(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    page: Result<impl Template, AppError>,
    status: StatusCode,
) -> Response {
    match page {
        Ok(page) => render(&page, status),
        Err(error) => failure(state, ctx, uri, error),
    }
}

/// POST → redirect (303) with a short confirmation for the next page to show.
pub fn redirect_with_flash(state: &AppState, to: &str, message_key: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state.config, FLASH_COOKIE, message_key, Some(60)),
    );
    response
}

/// The ending every form POST shares: when the use case succeeds, redirect (303) to the page
/// `to` names for its result, with the confirmation `flash`; on bad input, `invalid` renders the
/// form again (422) with the input kept and the messages; any other failure is the error page.
pub async fn form_outcome<T>(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    outcome: Result<T, AppError>,
    to: impl FnOnce(T) -> String,
    flash: &str,
    invalid: impl AsyncFnOnce(ValidationErrors) -> Response,
) -> Response {
    match outcome {
        Ok(value) => redirect_with_flash(state, &to(value), flash),
        Err(AppError::Invalid(errors)) => invalid(errors).await,
        Err(error) => failure(state, ctx, uri, error),
    }
}

/// Turns a failed use case into the error page.
pub fn failure(
    state: &AppState,
    ctx: &RequestContext,
    uri: &Uri,
    error: impl Into<PageError>,
) -> Response {
    error.into().render(&Layout::new(state, ctx, uri.path()))
}

/// Only local paths are followed after a form (login, language), so a crafted link cannot send
/// users to another site. Browsers read `//host` and `/\\host` as other hosts, and strip tabs
/// and newlines before they parse (`/<TAB>/host` becomes `//host`), so the path may hold only
/// visible ASCII without a backslash, and must still resolve to our own origin.
pub fn safe_local_path(path: &str) -> Option<&str> {
    const BASE: &str = "http://stegvis.invalid/";
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if !plain {
        return None;
    }
    let base = url::Url::parse(BASE).ok()?;
    let resolved = base.join(path).ok()?;
    (resolved.origin() == base.origin()).then_some(path)
}

pub use today::start;

pub async fn home(ctx: RequestContext) -> Response {
    if ctx.principal().is_some() {
        Redirect::to("/start").into_response()
    } else {
        Redirect::to("/logga-in").into_response()
    }
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    l: Layout,
}

pub async fn accessibility(State(state): State<AppState>, ctx: RequestContext) -> Response {
    let l = Layout::new(&state, &ctx, "/tillganglighet");
    render(&AccessibilityPage { l }, StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_local_path("/program/3"), Some("/program/3"));
        assert_eq!(safe_local_path("//evil.example"), None);
        assert_eq!(safe_local_path("https://evil.example"), None);
        assert_eq!(safe_local_path("/\\evil.example"), None);
        assert_eq!(safe_local_path(""), None);
    }

    /// Known ways to smuggle another host past a "starts with one slash" check, as they arrive
    /// after form decoding.
    #[test]
    fn known_open_redirect_bypasses_are_refused() {
        for bypass in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{b}/evil.example",
            "\t//evil.example",
            " //evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "\\/evil.example",
            "/%09/evil.example\u{9}",
            "/\u{2215}\u{2215}evil.example",
            "/\u{ff0f}/evil.example",
            "/\u{2044}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_local_path(bypass), None, "{bypass:?}");
        }
    }

    #[test]
    fn ordinary_local_paths_with_queries_are_followed() {
        for path in [
            "/start",
            "/personer?sok=anna&sida=2",
            "/program/3/effekter#tabell",
            "/%2F%2Fevil.example",
        ] {
            assert_eq!(safe_local_path(path), Some(path), "{path}");
        }
    }
}
