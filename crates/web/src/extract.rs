//! Path parameters parsed at the boundary: an id that is not a positive integer names no
//! record, so it is answered with 404 like any other unknown id, never with a 400 or a panic.

use crate::context::RequestContext;
use crate::errors::{error_page, problem};
use crate::layout::Layout;
use axum::extract::{FromRequestParts, Path};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// The numeric ids of a route's path, by parameter name.
pub struct Ids(HashMap<String, i64>);

impl Ids {
    /// The `{id}` parameter; the router guarantees it exists on routes that use this.
    pub fn id(&self) -> i64 {
        self.get("id")
    }

    pub fn get(&self, name: &str) -> i64 {
        self.0.get(name).copied().unwrap_or_default()
    }
}

fn not_found(parts: &Parts) -> Response {
    if parts.uri.path().starts_with("/api/") {
        return problem(StatusCode::NOT_FOUND, "There is no such resource.");
    }
    match parts.extensions.get::<RequestContext>() {
        Some(ctx) => error_page(
            &Layout::bare(ctx.tr.clone()),
            StatusCode::NOT_FOUND,
            "error-page-not-found",
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| not_found(parts))?;
        let mut ids = HashMap::new();
        for (name, value) in params {
            match value.parse::<i64>() {
                Ok(id) if id > 0 => {
                    ids.insert(name, id);
                }
                _ => return Err(not_found(parts)),
            }
        }
        Ok(Ids(ids))
    }
}

/// Text path parameters (such as an organisation's short name or a chapter's slug), by name.
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn text(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// A numeric parameter; `None` when it is not a positive whole number.
    pub fn number(&self, name: &str) -> Option<i64> {
        self.0.get(name)?.parse().ok().filter(|n: &i64| *n > 0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Path(params)| Params(params))
            .map_err(|_| not_found(parts))
    }
}
