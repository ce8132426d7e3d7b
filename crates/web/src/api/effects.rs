//! A programme's effects and its funder statistics as JSON.

use super::{ApiError, ApiQuery};
use crate::AppState;
use crate::context::CurrentUser;
use crate::errors::problem;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stegvis_app::AppError;
use stegvis_app::effects::{self as uc, EffectsQuery, MeasureSummary};
use stegvis_domain::effects::OccupationOccasion;
use stegvis_domain::funder_statistics::{Period, SEXES};
use stegvis_domain::swedish;
use utoipa::{IntoParams, ToSchema};

use crate::extract::Params;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EffectsParams {
    /// The window of effect 1 in months: 6, 12 (default) or 24.
    #[serde(default)]
    window: Option<String>,
    /// The report date, YYYY-MM-DD (default today): episodes whose after-window has not ended
    /// by then are not yet followed up.
    #[serde(default)]
    as_of: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ActorOut {
    /// `forsakringskassan`, `arbetsformedlingen-staten`, `a-kassa` or `kommunen`.
    actor: String,
    /// Full-time-equivalent months (share ÷ 100, summed over the episodes) before intake.
    fte_months_before: f64,
    fte_months_after: f64,
}

#[derive(Serialize, ToSchema)]
pub struct TransitionOut {
    /// Main income group before: `ohalsa`, `arbetsmarknadsstod`, `ekonomiskt-bistand`,
    /// `ej-offentligt`, or `null` when nothing was recorded.
    before: Option<String>,
    after: Option<String>,
    /// `null` when suppressed.
    count: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CohortOut {
    /// Year of intake.
    cohort: i32,
    n: Option<u64>,
    months_before_mean: Option<f64>,
    months_after_mean: Option<f64>,
}

/// Effect 1, less public support (docs/methods.md, "Effekt 1").
#[derive(Serialize, ToSchema)]
pub struct PublicSupportOut {
    /// `true` when fewer than five episodes are followed up and the caller's role sees only
    /// aggregates: every figure but `n` and `not_yet_followed_up` is then `null`.
    suppressed: bool,
    /// Episodes whose after-window has ended on `as_of`.
    n: u64,
    /// Episodes with intake whose after-window has not ended.
    not_yet_followed_up: u64,
    window_months: u32,
    months_before_mean: Option<f64>,
    months_after_mean: Option<f64>,
    /// Mean of after − before per episode.
    change_mean: Option<f64>,
    change_ci95_low: Option<f64>,
    change_ci95_high: Option<f64>,
    wilcoxon_p: Option<f64>,
    /// The share, in percent, without public support in the last month of the after-window.
    without_support_after: Option<f64>,
    without_support_after_count: Option<u64>,
    /// Months recorded as a percentage of all window months.
    recorded_percent: Option<f64>,
    by_actor: Vec<ActorOut>,
    transitions: Vec<TransitionOut>,
    cohorts: Vec<CohortOut>,
}

#[derive(Serialize, ToSchema)]
pub struct OccupationGroupOut {
    /// `forvarvsarbete`, `studier`, `arbetssokande` or `ovrigt`.
    group: String,
    count: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct OccasionOut {
    /// `intake`, `exit` or `follow-up`.
    occasion: String,
    /// For a follow-up: months after exit.
    months_after_exit: Option<u32>,
    n: u64,
    suppressed: bool,
    groups: Vec<OccupationGroupOut>,
}

#[derive(Serialize, ToSchema)]
pub struct OccupationOut {
    /// Whether any occasion is hidden from the caller's role.
    suppressed: bool,
    occasions: Vec<OccasionOut>,
}

#[derive(Serialize, ToSchema)]
pub struct JobsOut {
    suppressed: bool,
    /// People who have held a job in a social enterprise.
    held: Option<u64>,
    /// People who hold one on `as_of`.
    holds: Option<u64>,
    /// Full-time equivalents of the jobs held on `as_of` (40 h/week = 1).
    fte: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeasureOut {
    instrument: String,
    suppressed: bool,
    /// Episodes with an answer at intake.
    started: Option<u64>,
    answered_both: Option<u64>,
    missing: Option<u64>,
    mean_change: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    wilcoxon_p: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeasuresOut {
    /// Whether any instrument is hidden from the caller's role.
    suppressed: bool,
    instruments: Vec<MeasureOut>,
}

#[derive(Serialize, ToSchema)]
pub struct GrowthYearOut {
    year: i32,
    enterprises: u64,
    turnover_sek: f64,
    employees: i64,
    target_group: i64,
    annual_work_units: f64,
    target_group_percent: Option<f64>,
    turnover_growth_percent: Option<f64>,
    /// Enterprises whose target-group share reaches the 30 % of LOU 4 kap. 18 §.
    meeting_reserved_threshold: u64,
}

#[derive(Serialize, ToSchema)]
pub struct EnterpriseGrowthOut {
    /// Enterprise figures are reported by the enterprises themselves and never suppressed.
    suppressed: bool,
    years: Vec<GrowthYearOut>,
}

#[derive(Serialize, ToSchema)]
pub struct TargetProgressOut {
    /// `enterprises-started`, `handbook`, `participants` or `other`.
    kind: String,
    description: String,
    target_value: i64,
    achieved: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CountOut {
    group: String,
    count: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct TargetsOut {
    suppressed: bool,
    participants: u64,
    by_sex: Vec<CountOut>,
    by_age_band: Vec<CountOut>,
    targets: Vec<TargetProgressOut>,
}

/// The effects of a programme (docs/methods.md).
#[derive(Serialize, ToSchema)]
pub struct EffectsOut {
    programme_id: i64,
    as_of: String,
    public_support: PublicSupportOut,
    occupation: OccupationOut,
    enterprise_jobs: JobsOut,
    health: MeasuresOut,
    knowledge: MeasuresOut,
    enterprise_growth: EnterpriseGrowthOut,
    targets: TargetsOut,
}

fn measures(summaries: &[MeasureSummary]) -> MeasuresOut {
    let instruments: Vec<MeasureOut> = summaries
        .iter()
        .map(|s| {
            let c = s.change.change;
            MeasureOut {
                instrument: s.instrument.key().to_string(),
                suppressed: s.change.suppressed,
                started: s.started,
                answered_both: s.answered_both,
                missing: s.missing,
                mean_change: c.map(|c| c.mean_change),
                ci95_low: c.and_then(|c| c.ci95_low),
                ci95_high: c.and_then(|c| c.ci95_high),
                wilcoxon_p: c.and_then(|c| c.wilcoxon_p),
            }
        })
        .collect();
    MeasuresOut {
        suppressed: instruments.iter().any(|i| i.suppressed),
        instruments,
    }
}

fn invalid(error: AppError, user: &CurrentUser) -> Response {
    ApiError::new(error, &user.ctx).into_response()
}

fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "There is no such resource.")
}

/// Every effect of a programme: effect 1 (public support) with its paired change, effect 2
/// (occupation and jobs in social enterprises), effects 3 and 4 (health and knowledge),
/// effect 5 (the programme's enterprises) and the targets. Aggregate-only roles get
/// `suppressed: true` and `null` figures wherever a figure rests on fewer than five people.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/effects", security(("bearer" = [])),
    params(("id" = i64, Path), EffectsParams), responses(
    (status = 200, body = EffectsOut), (status = 403), (status = 404),
    (status = 422, description = "A bad `window` or `as_of`", content_type = "application/problem+json")))]
pub async fn effects(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Params,
    ApiQuery(query): ApiQuery<EffectsParams>,
) -> Response {
    let Some(programme_id) = params.number("id") else {
        return not_found();
    };
    let query = match EffectsQuery::parse(
        query.window.as_deref().unwrap_or_default(),
        query.as_of.as_deref().unwrap_or_default(),
        state.app.today(),
    ) {
        Ok(query) => query,
        Err(error) => return invalid(error, &user),
    };
    let report = match uc::programme_effects(&state.app, &user.actor, programme_id, query).await {
        Ok(report) => report,
        Err(error) => return invalid(error, &user),
    };
    let s = &report.public_support;
    let occasions: Vec<OccasionOut> = report
        .occupation
        .iter()
        .map(|row| {
            let (occasion, months) = match row.occasion {
                OccupationOccasion::Intake => ("intake", None),
                OccupationOccasion::Exit => ("exit", None),
                OccupationOccasion::FollowUp(m) => ("follow-up", Some(m)),
            };
            OccasionOut {
                occasion: occasion.into(),
                months_after_exit: months,
                n: row.n,
                suppressed: row.suppressed,
                groups: row
                    .groups
                    .iter()
                    .map(|(g, c)| OccupationGroupOut {
                        group: g.code().into(),
                        count: *c,
                    })
                    .collect(),
            }
        })
        .collect();
    let jobs = report.enterprise_jobs;
    let p = &report.participants;
    let counts_hidden = |cells: &[Option<u64>]| cells.iter().any(Option::is_none);
    Json(EffectsOut {
        programme_id,
        as_of: swedish::format_date(report.query.as_of),
        public_support: PublicSupportOut {
            suppressed: s.suppressed,
            n: s.n,
            not_yet_followed_up: s.not_yet_followed_up,
            window_months: s.window_months,
            months_before_mean: s.months_before_mean,
            months_after_mean: s.months_after_mean,
            change_mean: s.change.map(|c| c.mean_change),
            change_ci95_low: s.change.and_then(|c| c.ci95_low),
            change_ci95_high: s.change.and_then(|c| c.ci95_high),
            wilcoxon_p: s.change.and_then(|c| c.wilcoxon_p),
            without_support_after: s.without_support_after_percent,
            without_support_after_count: s.without_support_after,
            recorded_percent: s.recorded_percent,
            by_actor: s
                .by_actor
                .iter()
                .map(|a| ActorOut {
                    actor: a.actor.code().into(),
                    fte_months_before: a.fte_months_before,
                    fte_months_after: a.fte_months_after,
                })
                .collect(),
            transitions: s
                .transitions
                .iter()
                .map(|t| TransitionOut {
                    before: t.before.map(|g| g.code().into()),
                    after: t.after.map(|g| g.code().into()),
                    count: t.count,
                })
                .collect(),
            cohorts: s
                .cohorts
                .iter()
                .map(|c| CohortOut {
                    cohort: c.cohort,
                    n: c.n,
                    months_before_mean: c.months_before_mean,
                    months_after_mean: c.months_after_mean,
                })
                .collect(),
        },
        occupation: OccupationOut {
            suppressed: occasions
                .iter()
                .any(|o| o.suppressed || o.groups.iter().any(|g| g.count.is_none())),
            occasions,
        },
        enterprise_jobs: JobsOut {
            suppressed: jobs.suppressed,
            held: jobs.held,
            holds: jobs.holds,
            fte: jobs.fte,
        },
        health: measures(&report.health),
        knowledge: measures(&report.knowledge),
        enterprise_growth: EnterpriseGrowthOut {
            suppressed: false,
            years: report
                .enterprise_growth
                .iter()
                .map(|y| GrowthYearOut {
                    year: y.year,
                    enterprises: y.enterprises,
                    turnover_sek: y.turnover_ore as f64 / 100.0,
                    employees: y.employees,
                    target_group: y.target_group,
                    annual_work_units: y.work_units_tenths as f64 / 10.0,
                    target_group_percent: y.target_group_percent,
                    turnover_growth_percent: y.turnover_growth_percent,
                    meeting_reserved_threshold: y.meeting_reserved_threshold,
                })
                .collect(),
        },
        targets: TargetsOut {
            suppressed: report.audience.is_aggregate()
                && (counts_hidden(&p.by_sex.iter().map(|(_, c)| *c).collect::<Vec<_>>())
                    || counts_hidden(&p.by_age_band.iter().map(|(_, c)| *c).collect::<Vec<_>>())),
            participants: p.total,
            by_sex: p
                .by_sex
                .iter()
                .map(|(sex, c)| CountOut {
                    group: sex.code().into(),
                    count: *c,
                })
                .collect(),
            by_age_band: p
                .by_age_band
                .iter()
                .map(|(band, c)| CountOut {
                    group: band.code().into(),
                    count: *c,
                })
                .collect(),
            targets: report
                .targets
                .iter()
                .map(|t| TargetProgressOut {
                    kind: t.kind.code().into(),
                    description: t.description.clone(),
                    target_value: t.target_value,
                    achieved: t.achieved,
                })
                .collect(),
        },
    })
    .into_response()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FunderParams {
    /// The year, e.g. 2025.
    #[serde(default)]
    year: Option<String>,
    /// 1 (January–June) or 2 (July–December); leave out for the whole year.
    #[serde(default)]
    half: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FunderRowOut {
    /// A code: `participants`, `new`, `ended`, an age band, a duration band, an education
    /// level, an occupation, a partner organisation id, or `none`.
    label: String,
    /// Counts per sex: `female`, `male`, `unknown`; empty for follow-ups. `null` = suppressed.
    by_sex: Vec<Option<u64>>,
    total: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct FunderTableOut {
    /// `finsam`, `age-band`, `time-outside`, `education`, `situation-start`,
    /// `situation-exit`, `situation-follow-up` or `partner`.
    key: String,
    rows: Vec<FunderRowOut>,
}

#[derive(Serialize, ToSchema)]
pub struct FunderOut {
    programme_id: i64,
    year: i32,
    half: Option<u8>,
    /// First and last day of the period, YYYY-MM-DD.
    from: String,
    to: String,
    /// The column order of `by_sex`.
    sexes: Vec<String>,
    tables: Vec<FunderTableOut>,
}

/// What Uppföljning Finsam asks each half-year (participants during the period, new and
/// ended, by sex) and ESF-style breakdowns, for one programme and period. Every episode in
/// the programme at some time in the period counts once.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/funder-statistics", security(("bearer" = [])),
    params(("id" = i64, Path), FunderParams), responses(
    (status = 200, body = FunderOut), (status = 403), (status = 404),
    (status = 422, description = "A bad `year` or `half`", content_type = "application/problem+json")))]
pub async fn funder_statistics(
    State(state): State<AppState>,
    user: CurrentUser,
    params: Params,
    ApiQuery(query): ApiQuery<FunderParams>,
) -> Response {
    let Some(programme_id) = params.number("id") else {
        return not_found();
    };
    let period = match Period::parse(
        query.year.as_deref().unwrap_or_default(),
        query.half.as_deref().unwrap_or_default(),
    ) {
        Ok(period) => period,
        Err(errors) => return invalid(AppError::Invalid(errors), &user),
    };
    match uc::funder_statistics(&state.app, &user.actor, programme_id, period).await {
        Ok(stats) => Json(FunderOut {
            programme_id,
            year: period.year,
            half: period.half,
            from: swedish::format_date(period.first_day()),
            to: swedish::format_date(period.last_day()),
            sexes: SEXES.iter().map(|s| s.code().to_string()).collect(),
            tables: stats
                .tables
                .iter()
                .map(|t| FunderTableOut {
                    key: t.key.into(),
                    rows: t
                        .rows
                        .iter()
                        .map(|r| FunderRowOut {
                            label: r.label.clone(),
                            by_sex: r.by_sex.clone(),
                            total: r.total,
                        })
                        .collect(),
                })
                .collect(),
        })
        .into_response(),
        Err(error) => invalid(error, &user),
    }
}
