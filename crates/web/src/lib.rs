//! Stegvis on the web: server-rendered pages, the JSON API, sessions, CSRF and security headers.
//!
//! Handlers are thin: they parse the request, call a use case in `stegvis-app` and render the
//! result. Which role may reach which route is declared once, in [`routes`].

pub mod api;
mod assets;
pub mod context;
mod decode;
mod errors;
mod extract;
mod forms;
pub mod i18n;
mod layout;
mod markdown;
mod metrics;
mod pages;
mod refusals;
pub mod routes;
mod security;
pub mod server;

use axum::Router;
use std::sync::Arc;
use stegvis_app::App;

pub use context::{IpLimiter, WebConfig};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub catalogues: Arc<i18n::Catalogues>,
    pub login_limiter: Arc<IpLimiter>,
    pub refusal_limiter: Arc<refusals::RefusalLimiter>,
    pub pdf_cache: Arc<pages::handbook::PdfCache>,
    /// One report document is typeset at a time per server, so builds never take every core
    /// from the requests (decision 0020).
    pub report_builds: Arc<tokio::sync::Semaphore>,
    /// Large imports running in the background, with their progress (decision 0029).
    pub import_jobs: Arc<pages::imports::Jobs>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Result<Self, String> {
        Ok(Self {
            app,
            config: Arc::new(config),
            catalogues: i18n::Catalogues::load()?,
            login_limiter: Arc::new(IpLimiter::default()),
            refusal_limiter: Arc::new(refusals::RefusalLimiter::default()),
            pdf_cache: Arc::new(pages::handbook::PdfCache::default()),
            report_builds: Arc::new(tokio::sync::Semaphore::new(1)),
            import_jobs: Arc::new(pages::imports::Jobs::default()),
        })
    }
}

/// The complete application: every route, behind the request context and security layers.
pub fn router(state: AppState) -> Router {
    routes::build(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        .with_state(state)
}
