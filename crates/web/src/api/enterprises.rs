//! `/api/v1/enterprises` and the open data at `/api/v1/public/enterprises`.

use super::{ApiError, ApiJson, ApiQuery, ApiResult};
use crate::AppState;
use crate::context::{CurrentUser, RequestContext};
use crate::extract::Ids;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stegvis_app::enterprises::{EnterpriseDetail, PublicEntry};
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::enterprise::{
    AsfInput, Enterprise, EnterpriseFilter, EnterpriseInput, SupportInput,
};
use stegvis_domain::timestamp::format_date;
use stegvis_reports::csv::CsvWriter;
use utoipa::{IntoParams, ToSchema};

/// The ASF checklist: Tillväxtverket's criteria, each with an optional note.
#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct AsfOut {
    runs_business: bool,
    runs_business_note: Option<String>,
    work_integration: bool,
    work_integration_note: Option<String>,
    participation: bool,
    participation_note: Option<String>,
    reinvests_profits: bool,
    reinvests_profits_note: Option<String>,
    independent: bool,
    independent_note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EnterpriseOut {
    id: i64,
    operator_id: i64,
    name: String,
    /// NNNNNN-NNNN
    organisationsnummer: String,
    /// ekonomisk-forening, ideell-forening, aktiebolag, aktiebolag-svb, handelsbolag or other
    legal_form: String,
    /// YYYY-MM-DD
    registered_on: String,
    /// SNI 2007, five digits
    sni_code: Option<String>,
    address: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    what_it_sells: Option<String>,
    how_to_buy: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    website: Option<String>,
    asf: AsfOut,
    f_skatt: bool,
    vat_registered: bool,
    employer_registered: bool,
    public_listing: bool,
}

impl From<Enterprise> for EnterpriseOut {
    fn from(e: Enterprise) -> Self {
        Self {
            id: e.id,
            operator_id: e.operator_id,
            name: e.name,
            organisationsnummer: e.org_number.to_string(),
            legal_form: e.legal_form.code().into(),
            registered_on: format_date(e.registered_on),
            sni_code: e.sni_code,
            address: e.address,
            postal_code: e.postal_code,
            city: e.city,
            what_it_sells: e.what_it_sells,
            how_to_buy: e.how_to_buy,
            contact_email: e.contact_email,
            contact_phone: e.contact_phone,
            website: e.website,
            asf: AsfOut {
                runs_business: e.asf.runs_business,
                runs_business_note: e.asf.runs_business_note,
                work_integration: e.asf.work_integration,
                work_integration_note: e.asf.work_integration_note,
                participation: e.asf.participation,
                participation_note: e.asf.participation_note,
                reinvests_profits: e.asf.reinvests_profits,
                reinvests_profits_note: e.asf.reinvests_profits_note,
                independent: e.asf.independent,
                independent_note: e.asf.independent_note,
            },
            f_skatt: e.f_skatt,
            vat_registered: e.vat_registered,
            employer_registered: e.employer_registered,
            public_listing: e.public_listing,
        }
    }
}

impl From<EnterpriseDetail> for EnterpriseOut {
    fn from(d: EnterpriseDetail) -> Self {
        d.enterprise.into()
    }
}

#[derive(Deserialize, ToSchema)]
pub struct EnterpriseIn {
    name: String,
    /// In any usual form: NNNNNN-NNNN, NNNNNNNNNN or with the prefix 16.
    organisationsnummer: String,
    /// ekonomisk-forening, ideell-forening, aktiebolag, aktiebolag-svb, handelsbolag or other
    legal_form: String,
    /// The supporting operator; defaults to the caller's own organisation.
    #[serde(default)]
    operator_id: Option<i64>,
    /// YYYY-MM-DD; defaults to today.
    #[serde(default)]
    registered_on: Option<String>,
    #[serde(default)]
    sni_code: Option<String>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    postal_code: Option<String>,
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    what_it_sells: Option<String>,
    #[serde(default)]
    how_to_buy: Option<String>,
    /// The enterprise's business contact, not a person's.
    #[serde(default)]
    contact_email: Option<String>,
    #[serde(default)]
    contact_phone: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    asf: Option<AsfOut>,
    #[serde(default)]
    f_skatt: bool,
    #[serde(default)]
    vat_registered: bool,
    #[serde(default)]
    employer_registered: bool,
    /// Opt-in to the public directory and the open data.
    #[serde(default)]
    public_listing: bool,
}

impl EnterpriseIn {
    fn into_input(self, default_operator: Option<i64>, today: time::Date) -> EnterpriseInput {
        let asf = self.asf.unwrap_or_default();
        let text = Option::unwrap_or_default;
        EnterpriseInput {
            name: self.name,
            operator_id: self
                .operator_id
                .or(default_operator)
                .map(|id| id.to_string())
                .unwrap_or_default(),
            organisationsnummer: self.organisationsnummer,
            legal_form: self.legal_form,
            registered_on: self.registered_on.unwrap_or_else(|| format_date(today)),
            sni_code: text(self.sni_code),
            address: text(self.address),
            postal_code: text(self.postal_code),
            city: text(self.city),
            what_it_sells: text(self.what_it_sells),
            how_to_buy: text(self.how_to_buy),
            contact_email: text(self.contact_email),
            contact_phone: text(self.contact_phone),
            website: text(self.website),
            asf: AsfInput {
                runs_business: asf.runs_business,
                runs_business_note: text(asf.runs_business_note),
                work_integration: asf.work_integration,
                work_integration_note: text(asf.work_integration_note),
                participation: asf.participation,
                participation_note: text(asf.participation_note),
                reinvests_profits: asf.reinvests_profits,
                reinvests_profits_note: text(asf.reinvests_profits_note),
                independent: asf.independent,
                independent_note: text(asf.independent_note),
            },
            f_skatt: self.f_skatt,
            vat_registered: self.vat_registered,
            employer_registered: self.employer_registered,
            public_listing: self.public_listing,
        }
    }
}

/// The enterprises the caller may see: a coordinator those of their own operator.
#[utoipa::path(get, path = "/api/v1/enterprises", security(("bearer" = [])), responses(
    (status = 200, body = Vec<EnterpriseOut>), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<EnterpriseOut>>> {
    stegvis_app::enterprises::list(&state.app, &user.actor, &EnterpriseFilter::default())
        .await
        .map(|list| Json(list.into_iter().map(EnterpriseOut::from).collect()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Registers an enterprise. A 422 problem document's `detail` says exactly what is wrong, for
/// example which check digit an organisationsnummer should have.
#[utoipa::path(post, path = "/api/v1/enterprises", security(("bearer" = [])), request_body = EnterpriseIn, responses(
    (status = 201, body = EnterpriseOut), (status = 400), (status = 422), (status = 403)))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<EnterpriseIn>,
) -> ApiResult<(StatusCode, Json<EnterpriseOut>)> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let input = body.into_input(user.principal.organisation_id, state.app.today());
    let id = stegvis_app::enterprises::create(&state.app, &user.actor, &input)
        .await
        .map_err(fail)?;
    let created = stegvis_app::enterprises::get(&state.app, &user.actor, id)
        .await
        .map_err(fail)?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

#[utoipa::path(get, path = "/api/v1/enterprises/{id}", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = EnterpriseOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<EnterpriseOut>> {
    stegvis_app::enterprises::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.into()))
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// Changes an enterprise: the same body and validation as POST; every field is replaced.
#[utoipa::path(put, path = "/api/v1/enterprises/{id}", security(("bearer" = [])), params(("id" = i64, Path)), request_body = EnterpriseIn, responses(
    (status = 200, body = EnterpriseOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<EnterpriseIn>,
) -> ApiResult<Json<EnterpriseOut>> {
    let fail = |e| ApiError::new(e, &user.ctx);
    let current = stegvis_app::enterprises::get(&state.app, &user.actor, ids.id())
        .await
        .map_err(fail)?;
    let input = body.into_input(Some(current.enterprise.operator_id), state.app.today());
    stegvis_app::enterprises::update(
        &state.app,
        &user.actor,
        ids.id(),
        &input,
        SeenVersion::Unknown,
    )
    .await
    .map_err(fail)?;
    stegvis_app::enterprises::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| Json(d.into()))
        .map_err(fail)
}

/// Support an enterprise received.
#[derive(Serialize, ToSchema)]
pub struct SupportOut {
    id: i64,
    /// coompanion, almi, start-up-grant, wage-subsidy, nyforetagarcentrum or other
    kind: String,
    year: i32,
    /// Kronor as a decimal string, e.g. "45000.00".
    amount: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SupportIn {
    /// coompanion, almi, start-up-grant, wage-subsidy, nyforetagarcentrum or other
    kind: String,
    year: i32,
    /// Kronor, e.g. "45000" or "45000.50".
    #[serde(default)]
    amount: Option<String>,
    /// Required for `other`.
    #[serde(default)]
    note: Option<String>,
}

/// The support an enterprise received, oldest year first.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}/support", security(("bearer" = [])), params(("id" = i64, Path)), responses(
    (status = 200, body = Vec<SupportOut>), (status = 404)))]
pub async fn support(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<Json<Vec<SupportOut>>> {
    stegvis_app::enterprises::get(&state.app, &user.actor, ids.id())
        .await
        .map(|d| {
            Json(
                d.support
                    .into_iter()
                    .map(|s| SupportOut {
                        id: s.id,
                        kind: s.kind.code().into(),
                        year: s.year,
                        amount: s.amount.map(|a| a.to_decimal_string()),
                        note: s.note,
                    })
                    .collect(),
            )
        })
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(post, path = "/api/v1/enterprises/{id}/support", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SupportIn, responses(
    (status = 201, body = super::CreatedOut), (status = 400), (status = 403), (status = 404), (status = 422)))]
pub async fn add_support(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
    ApiJson(body): ApiJson<SupportIn>,
) -> ApiResult<(StatusCode, Json<super::CreatedOut>)> {
    let input = SupportInput {
        kind: body.kind,
        year: body.year.to_string(),
        amount: body.amount.unwrap_or_default(),
        note: body.note.unwrap_or_default(),
    };
    stegvis_app::enterprises::add_support(&state.app, &user.actor, ids.id(), &input)
        .await
        .map(super::CreatedOut::response)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

#[utoipa::path(delete, path = "/api/v1/enterprises/{id}/support/{support}", security(("bearer" = [])), params(("id" = i64, Path), ("support" = i64, Path)), responses(
    (status = 204), (status = 403), (status = 404)))]
pub async fn delete_support(
    State(state): State<AppState>,
    user: CurrentUser,
    ids: Ids,
) -> ApiResult<StatusCode> {
    stegvis_app::enterprises::delete_support(&state.app, &user.actor, ids.id(), ids.get("support"))
        .await
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| ApiError::new(e, &user.ctx))
}

/// One enterprise in the open data: only what it chose to publish, no personal data.
#[derive(Serialize, ToSchema)]
pub struct PublicEnterpriseOut {
    name: String,
    /// NNNNNN-NNNN
    organisationsnummer: String,
    /// ekonomisk-forening, ideell-forening, aktiebolag, aktiebolag-svb, handelsbolag or other
    legal_form: String,
    what_it_sells: Option<String>,
    city: Option<String>,
    how_to_buy: Option<String>,
    /// The enterprise's business contact.
    contact_email: Option<String>,
    contact_phone: Option<String>,
    website: Option<String>,
    /// How many of the five items of the ASF checklist are fulfilled.
    asf_criteria_fulfilled: usize,
    asf_criteria_total: usize,
    /// Whether at least 30 % of employees are far from the labour market or have a disability
    /// (LOU 4 kap. 18 §), from the latest reported head counts; null when none are reported or
    /// there were no employees.
    reserved_contracts_eligible: Option<bool>,
    /// The share behind it: employees from the target group, employees, and the date counted.
    reserved_share_numerator: Option<i64>,
    reserved_share_denominator: Option<i64>,
    /// YYYY-MM-DD
    reserved_share_date: Option<String>,
}

impl From<PublicEntry> for PublicEnterpriseOut {
    fn from(entry: PublicEntry) -> Self {
        let share = entry.head_counts.and_then(|c| c.reserved_share());
        let e = entry.enterprise;
        Self {
            reserved_contracts_eligible: share.map(|s| s.qualifies),
            reserved_share_numerator: share.map(|s| s.numerator),
            reserved_share_denominator: share.map(|s| s.denominator),
            reserved_share_date: share.map(|s| format_date(s.date)),
            asf_criteria_fulfilled: e.asf.fulfilled_count(),
            asf_criteria_total: stegvis_domain::enterprise::AsfChecklist::ITEMS,
            name: e.name,
            organisationsnummer: e.org_number.to_string(),
            legal_form: e.legal_form.code().into(),
            what_it_sells: e.what_it_sells,
            city: e.city,
            how_to_buy: e.how_to_buy,
            contact_email: e.contact_email,
            contact_phone: e.contact_phone,
            website: e.website,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct PublicQuery {
    /// Part of the name or of what the enterprise sells.
    q: Option<String>,
    /// Part of the city.
    ort: Option<String>,
}

async fn public_list(
    state: &AppState,
    ctx: &RequestContext,
    query: &PublicQuery,
) -> Result<Vec<PublicEnterpriseOut>, Response> {
    stegvis_app::enterprises::public_directory(&state.app, query.q.as_deref(), query.ort.as_deref())
        .await
        .map(|list| list.into_iter().map(PublicEnterpriseOut::from).collect())
        .map_err(|e| ApiError::new(e, ctx).into_response())
}

/// The public directory of social enterprises as open data, without token.
#[utoipa::path(get, path = "/api/v1/public/enterprises", params(PublicQuery), responses(
    (status = 200, body = Vec<PublicEnterpriseOut>)))]
pub async fn public_json(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiQuery(query): ApiQuery<PublicQuery>,
) -> Response {
    match public_list(&state, &ctx, &query).await {
        Ok(list) => Json(list).into_response(),
        Err(response) => response,
    }
}

/// The same open data as CSV (comma-separated, UTF-8 with byte-order mark). Cells that a
/// spreadsheet would run as a formula start with an apostrophe.
#[utoipa::path(get, path = "/api/v1/public/enterprises.csv", params(PublicQuery), responses(
    (status = 200, content_type = "text/csv", body = String)))]
pub async fn public_csv(
    State(state): State<AppState>,
    ctx: RequestContext,
    ApiQuery(query): ApiQuery<PublicQuery>,
) -> Response {
    let list = match public_list(&state, &ctx, &query).await {
        Ok(list) => list,
        Err(response) => return response,
    };
    let mut csv = CsvWriter::new();
    csv.row([
        "name",
        "organisationsnummer",
        "legal_form",
        "what_it_sells",
        "city",
        "how_to_buy",
        "contact_email",
        "contact_phone",
        "website",
        "asf_criteria_fulfilled",
        "asf_criteria_total",
        "reserved_contracts_eligible",
        "reserved_share_numerator",
        "reserved_share_denominator",
        "reserved_share_date",
    ]);
    for e in list {
        let text = Option::unwrap_or_default;
        csv.row([
            e.name,
            e.organisationsnummer,
            e.legal_form,
            text(e.what_it_sells),
            text(e.city),
            text(e.how_to_buy),
            text(e.contact_email),
            text(e.contact_phone),
            text(e.website),
            e.asf_criteria_fulfilled.to_string(),
            e.asf_criteria_total.to_string(),
            e.reserved_contracts_eligible
                .map(|q| q.to_string())
                .unwrap_or_default(),
            e.reserved_share_numerator
                .map(|n| n.to_string())
                .unwrap_or_default(),
            e.reserved_share_denominator
                .map(|n| n.to_string())
                .unwrap_or_default(),
            text(e.reserved_share_date),
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
        HeaderValue::from_static("attachment; filename=\"sociala-foretag.csv\""),
    );
    response
}
