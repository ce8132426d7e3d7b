//! `/api/v1/enterprises/{id}/memberships` and `/api/v1/enterprises/{id}/figures`.

use super::{ApiError, ApiJson, ApiQuery, ApiResult, CreatedOut};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use stegvis_app::enterprise_figures::FiguresView;
use stegvis_domain::enterprise_figures::{
    Membership, MembershipInput, RESERVED_CONTRACT_THRESHOLD, YearFigures, YearFiguresInput,
};
use stegvis_domain::timestamp::format_date;
use utoipa::{IntoParams, ToSchema};

/// Tenths as a machine-readable decimal: 375 is "37.5".
fn tenths(value: i64) -> String {
    format!("{}.{}", value / 10, value % 10)
}

/// A participant's job or other part in an enterprise. The person is named by id only.
#[derive(Serialize, ToSchema)]
pub struct MembershipOut {
    id: i64,
    enterprise_id: i64,
    person_id: i64,
    /// employed, wage-subsidy, nystartsjobb, work-training, placement, member-or-owner or
    /// volunteer
    form: String,
    role_title: Option<String>,
    /// Hours a week with one decimal, e.g. "37.5".
    hours_per_week: Option<String>,
    /// YYYY-MM-DD
    starts_on: String,
    /// YYYY-MM-DD; null while it lasts.
    ends_on: Option<String>,
}

impl From<Membership> for MembershipOut {
    fn from(m: Membership) -> Self {
        Self {
            id: m.id,
            enterprise_id: m.enterprise_id,
            person_id: m.person_id,
            form: m.form.code().into(),
            role_title: m.role_title,
            hours_per_week: m.hours_tenths.map(tenths),
            starts_on: format_date(m.starts_on),
            ends_on: m.ends_on.map(format_date),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct MembershipIn {
    /// The person's id; ignored when a membership is changed (its person stays).
    #[serde(default)]
    person_id: Option<i64>,
    /// employed, wage-subsidy, nystartsjobb, work-training, placement, member-or-owner or
    /// volunteer
    form: String,
    #[serde(default)]
    role_title: Option<String>,
    /// 0 to 60, at most one decimal: "37.5" or "37,5".
    #[serde(default)]
    hours_per_week: Option<String>,
    /// YYYY-MM-DD, not after today.
    starts_on: String,
    /// YYYY-MM-DD, not before the start.
    #[serde(default)]
    ends_on: Option<String>,
}

impl MembershipIn {
    fn into_input(self) -> MembershipInput {
        MembershipInput {
            person_id: self.person_id.map(|p| p.to_string()).unwrap_or_default(),
            form: self.form,
            role_title: self.role_title.unwrap_or_default(),
            hours_per_week: self.hours_per_week.unwrap_or_default(),
            starts_on: self.starts_on,
            ends_on: self.ends_on.unwrap_or_default(),
        }
    }
}

/// The people linked to an enterprise, by id. Audited as a read of each person; coordinators
/// of the enterprise's operator only.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}/memberships", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<MembershipOut>), (status = 403), (status = 404)))]
pub async fn memberships(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<MembershipOut>>> {
    stegvis_app::enterprise_figures::memberships(&state.app, &user.actor, ids.id())
        .await
        .map(|list| Json(list.into_iter().map(MembershipOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Links a participant (someone past referral in a programme of the operator) to the
/// enterprise.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/memberships", security(("bearer" = [])), params(("id" = i64, Path)), request_body = MembershipIn, responses(
    (status = 201, body = CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<MembershipIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    stegvis_app::enterprise_figures::add_membership(
        &state.app,
        &user.actor,
        ids.id(),
        &body.into_input(),
    )
    .await
    .map(CreatedOut::response)
    .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Changes a membership's form, title, hours and dates.
#[utoipa::path(put, path = "/api/v1/enterprises/{id}/memberships/{membership}", security(("bearer" = [])), params(("id" = i64, Path), ("membership" = i64, Path)), request_body = MembershipIn, responses(
    (status = 204), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn update_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<MembershipIn>,
) -> ApiResult<StatusCode> {
    stegvis_app::enterprise_figures::update_membership(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("membership"),
        &body.into_input(),
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
    .map_err(|e| ApiError::new(e, &user.ctx))
}

#[derive(Deserialize, IntoParams)]
pub struct EndQuery {
    /// YYYY-MM-DD, not before the start; defaults to today.
    ends_on: Option<String>,
}

/// Ends a membership (the row stays: effect 2 counts people who have held a job).
#[utoipa::path(delete, path = "/api/v1/enterprises/{id}/memberships/{membership}", security(("bearer" = [])), params(("id" = i64, Path), ("membership" = i64, Path), EndQuery), responses(
    (status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn end_membership(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiQuery(query): ApiQuery<EndQuery>,
) -> ApiResult<StatusCode> {
    let ends_on = query
        .ends_on
        .unwrap_or_else(|| format_date(state.app.today()));
    stegvis_app::enterprise_figures::end_membership(
        &state.app,
        &user.actor,
        ids.id(),
        ids.get("membership"),
        &ends_on,
    )
    .await
    .map(|()| StatusCode::NO_CONTENT)
    .map_err(|e| ApiError::new(e, &user.ctx))
}

/// The share for reserved contracts (LOU 4 kap. 18 §) from a year's head counts.
#[derive(Serialize, ToSchema)]
pub struct ShareOut {
    numerator: i64,
    denominator: i64,
    /// YYYY-MM-DD: when the staff was counted.
    date: String,
    /// One decimal, rounded half up, e.g. "44.4"; for display.
    percent: String,
    /// Decided exactly from numerator and denominator, not from the rounded percent.
    qualifies: bool,
    threshold_percent: i64,
    source: String,
}

/// One year's figures. Amounts are decimal strings in kronor ("1450000.00").
#[derive(Serialize, ToSchema)]
pub struct YearFiguresOut {
    year: i32,
    turnover: String,
    result: String,
    wage_costs: String,
    public_revenue: String,
    reinvested_surplus: String,
    /// YYYY-MM-DD
    counted_on: String,
    employees: i64,
    target_group: i64,
    /// One decimal, e.g. "7.5".
    annual_work_units: String,
    /// Null when there were no employees: a share of nobody is not computable.
    reserved_share: Option<ShareOut>,
}

impl From<&YearFigures> for YearFiguresOut {
    fn from(f: &YearFigures) -> Self {
        let c = f.head_counts;
        Self {
            year: f.year,
            turnover: f.turnover.to_decimal_string(),
            result: f.result.to_decimal_string(),
            wage_costs: f.wage_costs.to_decimal_string(),
            public_revenue: f.public_revenue.to_decimal_string(),
            reinvested_surplus: f.reinvested_surplus.to_decimal_string(),
            counted_on: format_date(c.counted_on),
            employees: c.employees,
            target_group: c.target_group,
            annual_work_units: tenths(c.work_units_tenths),
            reserved_share: c.reserved_share().map(|s| ShareOut {
                numerator: s.numerator,
                denominator: s.denominator,
                date: format_date(s.date),
                percent: tenths(s.percent_tenths),
                qualifies: s.qualifies,
                threshold_percent: RESERVED_CONTRACT_THRESHOLD.percent,
                source: RESERVED_CONTRACT_THRESHOLD.source.into(),
            }),
        }
    }
}

/// Change from one reported year to the next.
#[derive(Serialize, ToSchema)]
pub struct GrowthOut {
    from_year: i32,
    to_year: i32,
    turnover_change: String,
    /// One decimal, e.g. "16.7"; null when the earlier turnover was zero.
    turnover_change_percent: Option<String>,
    employees_change: i64,
}

#[derive(Serialize, ToSchema)]
pub struct FiguresOut {
    /// Oldest year first.
    years: Vec<YearFiguresOut>,
    growth: Vec<GrowthOut>,
    /// Participants linked on the latest head-count date (or today): all forms, and
    /// employment forms only. Counts, never names.
    linked_participants: i64,
    linked_employees: i64,
    /// More participants linked as employees than the declared target-group count.
    linked_exceed_declared: bool,
}

impl From<FiguresView> for FiguresOut {
    fn from(v: FiguresView) -> Self {
        let signed_tenths = |t: i64| {
            let sign = if t < 0 { "-" } else { "" };
            format!("{sign}{}", tenths(t.abs()))
        };
        Self {
            years: v.years.iter().map(YearFiguresOut::from).collect(),
            growth: v
                .growth
                .iter()
                .map(|g| GrowthOut {
                    from_year: g.from_year,
                    to_year: g.to_year,
                    turnover_change: g.turnover_change.to_decimal_string(),
                    turnover_change_percent: g.turnover_percent_tenths.map(signed_tenths),
                    employees_change: g.employees_change,
                })
                .collect(),
            linked_participants: v.linked,
            linked_employees: v.linked_employees,
            linked_exceed_declared: v.exceeds_declared,
        }
    }
}

/// An enterprise's figures, growth and linked-participant counts. The enterprise role sees
/// only its own enterprise.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}/figures", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = FiguresOut), (status = 403), (status = 404)))]
pub async fn figures(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<FiguresOut>> {
    stegvis_app::enterprise_figures::figures(&state.app, &user.actor, ids.id())
        .await
        .map(|v| Json(v.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}/figures/{year}", security(("bearer" = [])), params(("id" = i64, Path), ("year" = i32, Path)), responses(
    (status = 200, body = YearFiguresOut), (status = 404)))]
pub async fn year(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<YearFiguresOut>> {
    let year = ids.get("year").to_string();
    stegvis_app::enterprise_figures::year(&state.app, &user.actor, ids.id(), &year)
        .await
        .map(|f| Json(YearFiguresOut::from(&f)))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// A year's figures as sent. Amounts in kronor as strings ("1450000" or "1450000.50"); the
/// result may be negative.
#[derive(Deserialize, ToSchema)]
pub struct YearFiguresIn {
    turnover: String,
    result: String,
    wage_costs: String,
    public_revenue: String,
    reinvested_surplus: String,
    /// YYYY-MM-DD, in the year or up to 30 June of the next.
    counted_on: String,
    employees: i64,
    /// Of the employees, those far from the labour market or with a disability.
    target_group: i64,
    /// At most one decimal: "7.5".
    annual_work_units: String,
}

/// Saves a year's figures, replacing any saved for that year: 201 when the year is new, 200
/// when it replaced figures. POST and PUT do the same.
#[utoipa::path(put, path = "/api/v1/enterprises/{id}/figures/{year}", security(("bearer" = [])), params(("id" = i64, Path), ("year" = i32, Path)), request_body = YearFiguresIn, responses(
    (status = 200, body = YearFiguresOut), (status = 201, body = YearFiguresOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<YearFiguresIn>,
) -> ApiResult<(StatusCode, Json<YearFiguresOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let year = ids.get("year").to_string();
    let input = YearFiguresInput {
        year: year.clone(),
        turnover: body.turnover,
        result: body.result,
        wage_costs: body.wage_costs,
        public_revenue: body.public_revenue,
        reinvested_surplus: body.reinvested_surplus,
        counted_on: body.counted_on,
        employees: body.employees.to_string(),
        target_group: body.target_group.to_string(),
        work_units: body.annual_work_units,
    };
    let created = stegvis_app::enterprise_figures::save(&state.app, &user.actor, ids.id(), &input)
        .await
        .map_err(fail)?;
    let saved = stegvis_app::enterprise_figures::year(&state.app, &user.actor, ids.id(), &year)
        .await
        .map_err(fail)?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(YearFiguresOut::from(&saved))))
}

/// The same as PUT, for clients that create with POST.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/figures/{year}", security(("bearer" = [])), params(("id" = i64, Path), ("year" = i32, Path)), request_body = YearFiguresIn, responses(
    (status = 200, body = YearFiguresOut), (status = 201, body = YearFiguresOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn create(
    state: State<AppState>,
    user: CurrentUser,
    ids: Ids,
    body: ApiJson<YearFiguresIn>,
) -> ApiResult<(StatusCode, Json<YearFiguresOut>)> {
    save(state, user, ids, body).await
}
