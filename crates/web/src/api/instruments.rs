//! `/api/v1/instruments`: the questionnaires available, with their keys and versions.

use super::{ApiError, ApiResult};
use crate::AppState;
use crate::context::CurrentUser;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use stegvis_app::instruments::Available;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct InstrumentOut {
    id: i64,
    /// Stable key, e.g. `who5`.
    key: String,
    version: u32,
    /// Title in Swedish.
    title: String,
    /// Language codes the instrument is written in, e.g. `sv`, `sv-easy`, `en`.
    languages: Vec<String>,
    items: usize,
    /// Handbook topic keys the items are tied to (knowledge instruments).
    topics: Vec<String>,
    /// Lowest and highest score.
    range: [f64; 2],
    higher_is_better: bool,
    /// The smallest change that counts as meaningful, if the instrument defines one.
    min_meaningful_change: Option<f64>,
    source: String,
    licence: String,
    /// `shipped` with Stegvis or `uploaded` by an operator.
    origin: String,
}

impl From<Available> for InstrumentOut {
    fn from(a: Available) -> Self {
        let i = a.instrument;
        let mut topics: Vec<String> = i
            .items()
            .iter()
            .filter_map(|item| item.topic.clone())
            .collect();
        topics.sort();
        topics.dedup();
        let (low, high) = i.range();
        Self {
            id: a.id,
            key: i.key().to_string(),
            version: i.version(),
            title: i.title().get("sv").unwrap_or_default().to_string(),
            languages: i.languages().iter().map(|l| l.code.clone()).collect(),
            items: i.items().len(),
            topics,
            range: [low, high],
            higher_is_better: i.higher_is_better(),
            min_meaningful_change: i.min_meaningful_change(),
            source: i.source().to_string(),
            licence: i.licence().to_string(),
            origin: a.origin,
        }
    }
}

/// Every questionnaire version stored in this instance.
#[utoipa::path(get, path = "/api/v1/instruments", security(("bearer" = [])), responses(
    (status = 200, body = Vec<InstrumentOut>), (status = 401)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<InstrumentOut>>> {
    stegvis_app::instruments::list(&state.app, &user.actor)
        .await
        .map(|list| Json(list.into_iter().map(InstrumentOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}
