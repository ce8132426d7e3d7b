//! `/metrics`: the server's figures in the Prometheus text format for the operator's monitoring
//! (see `stegvis_app::metrics` for what is measured). It holds no personal data, but it tells
//! how busy the service is, so it answers only the configured bearer token and is otherwise
//! as absent as any unknown path.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

/// The content type of the Prometheus text exposition format, version 0.0.4.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let Some(expected) = state.config.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if expected.is_empty() || !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let chain = match state.app.audit_chain_length().await {
        Ok(length) => length,
        Err(error) => {
            tracing::warn!(%error, "the audit chain length could not be read for /metrics");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    (
        [(header::CONTENT_TYPE, PROMETHEUS_TEXT)],
        state.app.metrics.render(chain),
    )
        .into_response()
}
