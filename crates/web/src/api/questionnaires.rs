//! Questionnaire answers, programme schedules, uploaded definitions and the change report.

use std::collections::BTreeMap;

use super::{ApiError, ApiJson, ApiQuery, ApiResult, CreatedOut, problem};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::{Ids, Params};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stegvis_app::AppError;
use stegvis_app::questionnaires::{self as uc, AnswerInput, ChangeQuery, UploadError};
use stegvis_domain::change::{GroupChange, Grouping, Selector};
use stegvis_domain::questionnaire::{Occasion, ScheduleRowInput};
use stegvis_domain::validation::{FieldError, ValidationErrors};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
pub struct ResponseIn {
    /// The instrument key, e.g. `who5`.
    #[serde(default)]
    #[schema(required = true)]
    instrument: Option<String>,
    /// `baseline`, `ongoing-N`, `exit` or `follow-up-N`.
    #[serde(default)]
    #[schema(required = true)]
    occasion: Option<String>,
    /// Item key → chosen value.
    #[serde(default)]
    answers: BTreeMap<String, i64>,
    /// `paper` or `interview`: how staff collected the answers.
    #[serde(default)]
    #[schema(required = true)]
    mode: Option<String>,
    /// YYYY-MM-DD, the date of the paper form or interview.
    #[serde(default)]
    #[schema(required = true)]
    answered_on: Option<String>,
    /// Language the questions were asked in (`sv` if left out).
    #[serde(default)]
    language: Option<String>,
    /// Save as a draft instead of a completed, scored questionnaire.
    #[serde(default)]
    draft: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SavedOut {
    id: i64,
    /// The reported score (WHO-5 0–100, quiz percent), when complete.
    score: Option<f64>,
    raw_score: Option<f64>,
    /// The cutoff band the score falls in, if any.
    cutoff: Option<String>,
}

fn occasion_or_error(text: &str) -> Result<Occasion, AppError> {
    text.parse::<Occasion>().map_err(|_| {
        AppError::Invalid(ValidationErrors::single(FieldError::new(
            "occasion",
            "answer-error-occasion",
        )))
    })
}

/// Records a questionnaire answered on paper or in an interview, for an episode the caller
/// runs. Refused (422) without the participant's consent to questionnaires.
#[utoipa::path(post, path = "/api/v1/episodes/{id}/responses", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ResponseIn, responses(
    (status = 201, body = SavedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<ResponseIn>,
) -> ApiResult<(StatusCode, Json<SavedOut>)> {
    let result = async {
        let occasion = occasion_or_error(body.occasion.as_deref().unwrap_or_default())?;
        let instrument = body.instrument.clone().unwrap_or_default();
        let input = AnswerInput {
            answers: body
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
            complete: !body.draft,
            merge: false,
            mode: body.mode.clone().unwrap_or_default(),
            answered_on: body.answered_on.clone().unwrap_or_default(),
            language: body.language.clone().unwrap_or_else(|| "sv".into()),
        };
        uc::save(
            &state.app,
            &user.actor,
            ids.id(),
            &instrument,
            occasion,
            &input,
        )
        .await
    }
    .await;
    result
        .map(|saved| {
            (
                StatusCode::CREATED,
                Json(SavedOut {
                    id: saved.response_id,
                    score: saved.score.as_ref().map(|s| s.value()),
                    raw_score: saved.score.as_ref().map(|s| s.raw),
                    cutoff: saved.score.and_then(|s| s.cutoff),
                }),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Serialize, ToSchema)]
pub struct ResponseOut {
    id: i64,
    instrument: String,
    occasion: String,
    /// `draft` or `complete`.
    status: String,
    /// `portal`, `paper` or `interview`.
    mode: String,
    language: String,
    answered_on: Option<String>,
    score: Option<f64>,
    raw_score: Option<f64>,
    /// Item key → value.
    answers: BTreeMap<String, i64>,
}

/// The questionnaires of an episode the caller runs, with their answers.
#[utoipa::path(get, path = "/api/v1/episodes/{id}/responses", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<ResponseOut>), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<ResponseOut>>> {
    uc::for_episode(&state.app, &user.actor, ids.id())
        .await
        .map(|list| {
            Json(
                list.into_iter()
                    .map(|(r, _)| ResponseOut {
                        id: r.id,
                        instrument: r.instrument_key,
                        occasion: r.occasion.code(),
                        status: match r.status {
                            stegvis_domain::questionnaire::ResponseStatus::Draft => "draft",
                            stegvis_domain::questionnaire::ResponseStatus::Complete => "complete",
                        }
                        .into(),
                        mode: r.mode.code().into(),
                        language: r.language,
                        answered_on: r.answered_on.map(|d| d.to_string()),
                        score: r.score,
                        raw_score: r.raw_score,
                        answers: serde_json::from_str(&r.answers).unwrap_or_default(),
                    })
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct ScheduleLine {
    instrument: String,
    /// `baseline`, `ongoing`, `exit` or `follow-up`.
    occasion: String,
    /// For `ongoing`: months between occasions (1–24).
    #[serde(default)]
    every_months: Option<u32>,
}

/// A programme's questionnaire schedule.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/schedule", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<ScheduleLine>), (status = 403), (status = 404)))]
pub async fn schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<ScheduleLine>>> {
    uc::schedule(&state.app, &user.actor, ids.id())
        .await
        .map(|view| {
            Json(
                view.entries
                    .into_iter()
                    .map(|e| ScheduleLine {
                        instrument: e.instrument,
                        occasion: e.kind.code().into(),
                        every_months: e.every_months,
                    })
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Replaces a programme's questionnaire schedule.
#[utoipa::path(put, path = "/api/v1/programmes/{id}/schedule", security(("bearer" = [])), params(("id" = i64, Path)), request_body = Vec<ScheduleLine>, responses(
    (status = 204), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn set_schedule(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(lines): ApiJson<Vec<ScheduleLine>>,
) -> Result<StatusCode, ApiError> {
    let mut rows: Vec<ScheduleRowInput> = Vec::new();
    let mut errors = ValidationErrors::new();
    for line in &lines {
        let position = rows.iter().position(|r| r.instrument == line.instrument);
        let index = position.unwrap_or_else(|| {
            rows.push(ScheduleRowInput {
                instrument: line.instrument.clone(),
                ..ScheduleRowInput::default()
            });
            rows.len() - 1
        });
        let Some(row) = rows.get_mut(index) else {
            continue;
        };
        match line.occasion.as_str() {
            "baseline" => row.baseline = true,
            "ongoing" => {
                row.ongoing = true;
                row.every_months = line.every_months.map(|m| m.to_string()).unwrap_or_default();
            }
            "exit" => row.exit = true,
            "follow-up" => row.follow_up = true,
            _ => errors.push(FieldError::new("occasion", "schedule-error-occasion")),
        }
    }
    let result = match errors.into_result() {
        Ok(()) => uc::set_schedule(&state.app, &user.actor, ids.id(), &rows).await,
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    result
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, IntoParams)]
pub struct ChangeParams {
    /// `baseline` (default), `exit`, `follow-up` or `latest`.
    from: Option<String>,
    /// `exit` (default), `follow-up`, `latest` or `baseline`.
    to: Option<String>,
    /// Also report per group: `sex`, `age-band`, `partner` or `cohort` (year of the `from` answer).
    group_by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChangeOut {
    programme_id: i64,
    instrument: String,
    from: String,
    to: String,
    /// `true` when the group is too small to show to the caller's role; no figures then.
    suppressed: bool,
    /// For coordinators: fewer than five pairs, read with care.
    small_group: bool,
    n: Option<usize>,
    mean_change: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    median_change: Option<f64>,
    wilcoxon_p: Option<f64>,
    /// Cohen's dz.
    effect_size: Option<f64>,
    /// `null` when suppressed (fewer than five, everyone alike, or revealing one that is).
    improved: Option<u64>,
    unchanged: Option<u64>,
    worse: Option<u64>,
    /// Self-rated health only: share in good health (Bra or Mycket bra), in percent.
    good_before_percent: Option<f64>,
    good_after_percent: Option<f64>,
    groups: Vec<GroupOut>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupOut {
    group: String,
    suppressed: bool,
    n: Option<usize>,
    mean_change: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    improved: Option<u64>,
    unchanged: Option<u64>,
    worse: Option<u64>,
}

fn group_out(g: &GroupChange) -> GroupOut {
    GroupOut {
        group: g.group.clone().unwrap_or_default(),
        suppressed: g.suppressed,
        n: g.change.map(|c| c.n),
        mean_change: g.change.map(|c| c.mean_change),
        ci95_low: g.change.and_then(|c| c.ci95_low),
        ci95_high: g.change.and_then(|c| c.ci95_high),
        improved: g.improved,
        unchanged: g.unchanged,
        worse: g.worse,
    }
}

fn bad_parameter(name: &str, value: &str) -> Response {
    problem(
        StatusCode::BAD_REQUEST,
        &format!("The query parameter '{name}' cannot be '{value}'."),
    )
}

/// The paired change in one instrument's scores in a programme. Aggregate-only roles get every
/// figure through disclosure control: `suppressed: true` and no figures for a hidden group,
/// `null` for a hidden count, statistics rounded (docs/methods.md, "Disclosure control").
#[utoipa::path(get, path = "/api/v1/programmes/{id}/change/{instrument}", security(("bearer" = [])),
    params(("id" = i64, Path), ("instrument" = String, Path), ChangeParams), responses(
    (status = 200, body = ChangeOut), (status = 400), (status = 403), (status = 404)))]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Params,
    ApiQuery(query): ApiQuery<ChangeParams>,
) -> Response {
    let Some(programme_id) = params.number("id") else {
        return problem(StatusCode::NOT_FOUND, "There is no such resource.");
    };
    let mut change_query = ChangeQuery::default();
    if let Some(from) = &query.from {
        match from.parse::<Selector>() {
            Ok(s) => change_query.from = s,
            Err(_) => return bad_parameter("from", from),
        }
    }
    if let Some(to) = &query.to {
        match to.parse::<Selector>() {
            Ok(s) => change_query.to = s,
            Err(_) => return bad_parameter("to", to),
        }
    }
    if let Some(group) = &query.group_by {
        match group.parse::<Grouping>() {
            Ok(g) => change_query.grouping = Some(g),
            Err(_) => return bad_parameter("group_by", group),
        }
    }
    let instrument = params.text("instrument").to_string();
    match uc::change_report(
        &state.app,
        &user.actor,
        programme_id,
        &instrument,
        change_query,
    )
    .await
    {
        Ok(report) => {
            let t = &report.total;
            let c = t.change;
            Json(ChangeOut {
                programme_id,
                instrument,
                from: change_query.from.code().into(),
                to: change_query.to.code().into(),
                suppressed: t.suppressed,
                small_group: !report.audience.is_aggregate() && t.small,
                n: c.map(|c| c.n),
                mean_change: c.map(|c| c.mean_change),
                ci95_low: c.and_then(|c| c.ci95_low),
                ci95_high: c.and_then(|c| c.ci95_high),
                median_change: c.map(|c| c.median_change),
                wilcoxon_p: c.and_then(|c| c.wilcoxon_p),
                effect_size: c.and_then(|c| c.effect_size),
                improved: t.improved,
                unchanged: t.unchanged,
                worse: t.worse,
                good_before_percent: t.good_before.and_then(|s| s.percent),
                good_after_percent: t.good_after.and_then(|s| s.percent),
                groups: report.groups.iter().map(group_out).collect(),
            })
            .into_response()
        }
        Err(error) => ApiError::new(error, &user.ctx).into_response(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct UploadProblem {
    /// Where in the definition, e.g. `items.cheerful.text.sv`; the same as `path`, so an upload's
    /// 422 has the shape of every other invalid-field problem.
    field: String,
    /// Where in the definition, e.g. `items.cheerful.text.sv`.
    path: String,
    code: String,
    message: String,
}

/// Uploads a further questionnaire definition, or a newer version of one; the body is the
/// definition itself (format in `instruments/README.md`).
#[utoipa::path(post, path = "/api/v1/instruments", security(("bearer" = [])), request_body = Object, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 422)))]
pub async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Response {
    let text = body.to_string();
    match uc::upload(&state.app, &user.actor, &text).await {
        Ok(instrument) => (
            StatusCode::CREATED,
            Json(serde_json::json!({ "key": instrument.key(), "version": instrument.version() })),
        )
            .into_response(),
        Err(UploadError::Definition(errors)) => {
            let problems: Vec<UploadProblem> = errors
                .iter()
                .map(|e| {
                    let args: Vec<(&str, String)> =
                        e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    UploadProblem {
                        field: e.path.clone(),
                        path: e.path.clone(),
                        code: e.key.to_string(),
                        message: user.ctx.tr.ta(e.key, &args),
                    }
                })
                .collect();
            let detail = problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect::<Vec<_>>()
                .join(" ");
            let mut extra = serde_json::Map::new();
            extra.insert(
                "errors".into(),
                serde_json::to_value(&problems).unwrap_or_default(),
            );
            super::problem_with(StatusCode::UNPROCESSABLE_ENTITY, &detail, extra)
        }
        Err(UploadError::App(error)) => ApiError::new(error, &user.ctx).into_response(),
    }
}
