//! "Budget och utfall": the partners' contributions month by month, their hourly costs, the
//! financing plan against the outcome and the cost per participant (decision 0027); and the
//! form for a partner's role in the programme.

use super::{failure, form_outcome, page_or_failure};
use crate::AppState;
use crate::context::CurrentUser;
use crate::extract::Ids;
use crate::forms::{self, Form};
use crate::i18n::Tr;
use crate::layout::Layout;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stegvis_app::AppError;
use stegvis_app::budget::{self as uc, BudgetOverview, BudgetSummary, PartnerView};
use stegvis_domain::contribution::{
    ContributionInput, OutcomeLine, OutcomeTotal, RateInput, WorkKind, format_hundredths,
};
use stegvis_domain::income::YearMonth;
use stegvis_domain::money::Money;
use stegvis_domain::partner_role::PartnerRoleInput;
use stegvis_domain::programme::Programme;
use stegvis_reports::csv::{CsvWriter, Dialect};

/// One financier's year as the table shows it.
pub struct LineRow {
    pub financier: String,
    pub planned: String,
    pub hours: String,
    pub staff: String,
    pub money: String,
    pub in_kind: String,
    pub spent: String,
    pub deviation: String,
    pub rate_missing: bool,
}

pub struct TotalRow {
    pub label: String,
    pub planned: String,
    pub spent: String,
    pub deviation: String,
    pub participants: String,
    pub per_participant: String,
}

pub struct YearBlock {
    pub year: i32,
    pub lines: Vec<LineRow>,
    pub total: TotalRow,
}

/// A contribution as the list shows it.
pub struct ContributionRow {
    pub month: String,
    pub financier: String,
    pub hours: Vec<String>,
    pub money: String,
    pub in_kind: String,
    pub description: String,
}

/// "1 234 kr över budget", "1 234 kr under budget" or "0 kr": the sign in words, since a
/// minus sign is easily missed and read aloud inconsistently.
pub fn deviation_text(tr: &Tr, deviation: Money) -> String {
    let magnitude = Money::from_ore(deviation.ore().saturating_abs());
    match deviation.ore() {
        0 => magnitude.format_sv(),
        d if d > 0 => tr.t1("budget-over", "amount", magnitude.format_sv()),
        _ => tr.t1("budget-under", "amount", magnitude.format_sv()),
    }
}

fn line_row(tr: &Tr, summary: &BudgetSummary, line: &OutcomeLine) -> LineRow {
    LineRow {
        financier: summary.organisation_name(line.organisation_id).to_string(),
        planned: line.planned.format_sv(),
        hours: format_hundredths(line.hours),
        staff: line.staff.format_sv(),
        money: line.money.format_sv(),
        in_kind: line.in_kind.format_sv(),
        spent: line.spent.format_sv(),
        deviation: deviation_text(tr, line.deviation),
        rate_missing: line.rate_missing,
    }
}

fn total_row(tr: &Tr, label: String, total: &OutcomeTotal) -> TotalRow {
    TotalRow {
        label,
        planned: total.planned.format_sv(),
        spent: total.spent.format_sv(),
        deviation: deviation_text(tr, total.deviation),
        participants: total
            .participants
            .map_or_else(|| tr.t("budget-participants-withheld"), |n| n.to_string()),
        per_participant: total
            .cost_per_participant
            .map_or_else(|| "–".to_string(), Money::format_sv),
    }
}

/// The years and the whole period, as the page and the meeting pack show them.
pub fn year_blocks(tr: &Tr, summary: &BudgetSummary) -> (Vec<YearBlock>, TotalRow) {
    let years = summary
        .outcome
        .years
        .iter()
        .map(|y| YearBlock {
            year: y.year,
            lines: y.lines.iter().map(|l| line_row(tr, summary, l)).collect(),
            total: total_row(tr, tr.t1("budget-year-total", "year", y.year), &y.total),
        })
        .collect();
    let total = total_row(tr, tr.t("budget-period-total"), &summary.outcome.total);
    (years, total)
}

#[derive(Template)]
#[template(path = "budget/show.html")]
struct ShowPage {
    l: Layout,
    programme: Programme,
    as_of: String,
    years: Vec<YearBlock>,
    total: TotalRow,
    can_manage: bool,
    contributions: Vec<ContributionRow>,
    month_filter: String,
    kinds: Vec<(&'static str, String)>,
    contributors: Vec<(String, String)>,
    rates: Vec<(String, i32, String)>,
    period_years: Vec<(String, String)>,
    form: Form,
    rate_form: Form,
}

#[derive(Deserialize, Default)]
pub struct MonthParams {
    #[serde(default)]
    manad: String,
}

fn hours_label(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::Coordination => "work-kind-coordination",
        WorkKind::ParticipantSupport => "work-kind-participant-support",
        WorkKind::Outreach => "work-kind-outreach",
        WorkKind::Steering => "work-kind-steering",
        WorkKind::Administration => "work-kind-administration",
    }
}

async fn show_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    id: i64,
    month: &str,
    form: Form,
    rate_form: Form,
) -> Result<ShowPage, AppError> {
    let filter = uc::parse_month_filter(month).ok().flatten();
    let overview: BudgetOverview = uc::overview(&state.app, &user.actor, id, filter).await?;
    let tr = &user.ctx.tr;
    let (years, total) = year_blocks(tr, &overview.summary);
    let summary = &overview.summary;
    let contributions = if overview.can_manage {
        overview
            .contributions
            .iter()
            .map(|c| ContributionRow {
                month: c.month.to_string(),
                financier: summary.organisation_name(c.organisation_id).to_string(),
                hours: c
                    .hours
                    .iter()
                    .map(|h| format_hundredths(u64::from(*h)))
                    .collect(),
                money: c.money.format_sv(),
                in_kind: c.in_kind.format_sv(),
                description: c.in_kind_description.clone().unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let programme = summary.programme.clone();
    Ok(ShowPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        as_of: swedish_date(summary.as_of),
        years,
        total,
        can_manage: overview.can_manage,
        contributions,
        month_filter: filter.map(|m| m.to_string()).unwrap_or_default(),
        kinds: WorkKind::ALL
            .into_iter()
            .map(|k| (k.field(), hours_label(k).to_string()))
            .collect(),
        contributors: overview
            .contributors
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone()))
            .collect(),
        rates: overview
            .rates
            .iter()
            .map(|r| {
                (
                    summary.organisation_name(r.organisation_id).to_string(),
                    r.year,
                    r.hourly.format_sv(),
                )
            })
            .collect(),
        period_years: (programme.starts_on.year()..=programme.ends_on.year())
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
        programme,
        form,
        rate_form,
    })
}

fn swedish_date(date: time::Date) -> String {
    stegvis_domain::swedish::format_date(date)
}

fn blank_form(user: &CurrentUser, state: &AppState) -> Form {
    let month = YearMonth::of(state.app.today())
        .map(|m| m.to_string())
        .unwrap_or_default();
    Form::new(&user.ctx.tr).with("month", month)
}

/// `/program/{id}/budget-och-utfall`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    Query(params): Query<MonthParams>,
) -> Response {
    let form = blank_form(&user, &state);
    let rate_form = Form::new(&user.ctx.tr).prefixed("rate-");
    let page = show_page(
        &state,
        &user,
        &uri,
        ids.id(),
        &params.manad,
        form,
        rate_form,
    )
    .await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

fn contribution_input(pairs: &[(String, String)]) -> ContributionInput {
    ContributionInput {
        organisation_id: forms::get(pairs, "organisation_id").into(),
        month: forms::get(pairs, "month").into(),
        hours: WorkKind::ALL.map(|k| forms::get(pairs, k.field()).to_string()),
        money: forms::get(pairs, "money").into(),
        in_kind: forms::get(pairs, "in_kind").into(),
        in_kind_description: forms::get(pairs, "in_kind_description").into(),
    }
}

/// POST `/program/{id}/budget-och-utfall`: records a month of a partner's contribution.
pub async fn record(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = contribution_input(&pairs);
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::record(&state.app, &user.actor, ids.id(), &input).await,
        |_| format!("/program/{}/budget-och-utfall", ids.id()),
        "flash-contribution-recorded",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let rate_form = Form::new(&user.ctx.tr).prefixed("rate-");
            let page = show_page(&state, &user, &uri, ids.id(), "", form, rate_form).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// POST `/program/{id}/budget-och-utfall/timkostnad`: sets a partner's hourly cost for a year.
pub async fn set_rate(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = RateInput {
        organisation_id: forms::get(&pairs, "organisation_id").into(),
        year: forms::get(&pairs, "year").into(),
        hourly: forms::get(&pairs, "hourly").into(),
    };
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::set_rate(&state.app, &user.actor, ids.id(), &input).await,
        |()| format!("/program/{}/budget-och-utfall", ids.id()),
        "flash-rate-saved",
        async |errors| {
            let form = blank_form(&user, &state);
            let rate_form = Form::from_pairs(&user.ctx.tr, &pairs)
                .prefixed("rate-")
                .with_errors(errors);
            let page = show_page(&state, &user, &uri, ids.id(), "", form, rate_form).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

/// `/program/{id}/budget-och-utfall.csv`: the table budget against outcome, one row per
/// financier and year, then the totals, in the reader's spreadsheet dialect.
pub async fn csv(State(state): State<AppState>, user: CurrentUser, uri: Uri, ids: Ids) -> Response {
    let summary = match uc::budget_outcome(&state.app, &user.actor, ids.id()).await {
        Ok(summary) => summary,
        Err(error) => return failure(&state, &user.ctx, &uri, error),
    };
    let tr = &user.ctx.tr;
    let dialect = Dialect::for_language(tr.lang());
    let mut out = CsvWriter::with_dialect(dialect);
    let amount = |m: Money| number(dialect, i128::from(m.ore()));
    out.row([
        tr.t("budget-year"),
        tr.t("budget-financier"),
        tr.t("budget-planned"),
        tr.t("budget-hours"),
        tr.t("budget-staff"),
        tr.t("budget-money"),
        tr.t("budget-in-kind"),
        tr.t("budget-spent"),
        tr.t("budget-csv-over"),
        tr.t("budget-csv-under"),
        tr.t("budget-participants"),
        tr.t("budget-per-participant"),
    ]);
    for year in &summary.outcome.years {
        for line in &year.lines {
            out.row([
                year.year.to_string(),
                summary.organisation_name(line.organisation_id).to_string(),
                amount(line.planned),
                number(dialect, i128::from(line.hours)),
                amount(line.staff),
                amount(line.money),
                amount(line.in_kind),
                amount(line.spent),
                over(dialect, line.deviation),
                under(dialect, line.deviation),
                String::new(),
                String::new(),
            ]);
        }
        out.row(total_cells(
            tr.t1("budget-year-total", "year", year.year),
            &year.total,
            dialect,
        ));
    }
    out.row(total_cells(
        tr.t("budget-period-total"),
        &summary.outcome.total,
        dialect,
    ));
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"budget-och-utfall-{}.csv\"",
        summary.programme.id
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        out.finish(),
    )
        .into_response()
}

fn total_cells(label: String, total: &OutcomeTotal, dialect: Dialect) -> Vec<String> {
    let amount = |m: Money| number(dialect, i128::from(m.ore()));
    vec![
        label,
        String::new(),
        amount(total.planned),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        amount(total.spent),
        over(dialect, total.deviation),
        under(dialect, total.deviation),
        total
            .participants
            .map(|n| n.to_string())
            .unwrap_or_default(),
        total.cost_per_participant.map(amount).unwrap_or_default(),
    ]
}

/// The overspending part of a deviation, zero when under budget. The CSV splits the deviation
/// in two non-negative columns because the CSV writer turns a cell starting with a minus sign
/// into text (formula injection, decision 0005), which a spreadsheet cannot add up.
fn over(dialect: Dialect, deviation: Money) -> String {
    number(dialect, i128::from(deviation.ore().max(0)))
}

/// The underspending part of a deviation as a positive amount, zero when over budget.
fn under(dialect: Dialect, deviation: Money) -> String {
    number(dialect, -i128::from(deviation.ore().min(0)))
}

/// Hundredths (öre, or hundredths of an hour) as a spreadsheet number with two decimals in the
/// dialect's decimal sign, exact (no floating point).
fn number(dialect: Dialect, hundredths: i128) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.unsigned_abs();
    let separator = match dialect {
        Dialect::Swedish => ',',
        Dialect::International => '.',
    };
    format!("{sign}{}{separator}{:02}", magnitude / 100, magnitude % 100)
}

#[derive(Template)]
#[template(path = "budget/partner.html")]
struct PartnerPage {
    l: Layout,
    programme_id: i64,
    partner: PartnerView,
    form: Form,
    chosen: Vec<i64>,
}

impl PartnerPage {
    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen.contains(id)
    }
}

async fn partner_page(
    state: &AppState,
    user: &CurrentUser,
    uri: &Uri,
    ids: &Ids,
    form: Option<(Form, Vec<i64>)>,
) -> Result<PartnerPage, AppError> {
    let partner = uc::partners(&state.app, &user.actor, ids.id())
        .await?
        .into_iter()
        .find(|p| p.organisation_id == ids.get("organisation"))
        .ok_or(AppError::NotFound)?;
    let (form, chosen) = form.unwrap_or_else(|| {
        let role = &partner.role;
        let form = Form::new(&user.ctx.tr)
            .with("contributes", role.contributes.clone().unwrap_or_default())
            .with(
                "contact_name",
                role.contact_name.clone().unwrap_or_default(),
            )
            .with(
                "contact_role",
                role.contact_role.clone().unwrap_or_default(),
            )
            .with(
                "contact_email",
                role.contact_email.clone().unwrap_or_default(),
            );
        let chosen = partner
            .staff
            .iter()
            .filter(|(_, _, may)| *may)
            .map(|(id, _, _)| *id)
            .collect();
        (form, chosen)
    });
    Ok(PartnerPage {
        l: Layout::new(state, &user.ctx, uri.path()),
        programme_id: ids.id(),
        partner,
        form,
        chosen,
    })
}

/// `/program/{id}/partner/{organisation}`: the partner's role form.
pub async fn partner(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
) -> Response {
    if let Err(error) = user
        .actor
        .require(stegvis_domain::access::Capability::ManageProgrammes)
    {
        return failure(&state, &user.ctx, &uri, error);
    }
    let page = partner_page(&state, &user, &uri, &ids, None).await;
    page_or_failure(&state, &user.ctx, &uri, page, StatusCode::OK)
}

/// POST `/program/{id}/partner/{organisation}`: saves the partner's role and referrers.
pub async fn save_partner(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: Uri,
    ids: Ids,
    body: Bytes,
) -> Response {
    let pairs = forms::pairs(&body);
    let input = PartnerRoleInput {
        contributes: forms::get(&pairs, "contributes").into(),
        contact_name: forms::get(&pairs, "contact_name").into(),
        contact_role: forms::get(&pairs, "contact_role").into(),
        contact_email: forms::get(&pairs, "contact_email").into(),
    };
    let chosen: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "may_refer")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let organisation = ids.get("organisation");
    form_outcome(
        &state,
        &user.ctx,
        &uri,
        uc::set_partner(
            &state.app,
            &user.actor,
            ids.id(),
            organisation,
            &input,
            &chosen,
        )
        .await,
        |()| format!("/program/{}", ids.id()),
        "flash-partner-saved",
        async |errors| {
            let form = Form::from_pairs(&user.ctx.tr, &pairs).with_errors(errors);
            let page = partner_page(&state, &user, &uri, &ids, Some((form, chosen.clone()))).await;
            page_or_failure(
                &state,
                &user.ctx,
                &uri,
                page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_csv_are_exact_with_the_dialects_decimal_sign() {
        assert_eq!(number(Dialect::Swedish, 123_456), "1234,56");
        assert_eq!(number(Dialect::International, -5), "-0.05");
    }

    #[test]
    fn a_deviation_is_split_into_over_and_under_budget_without_a_minus_sign() {
        let under_plan = Money::from_ore(-48_650_000);
        assert_eq!(over(Dialect::Swedish, under_plan), "0,00");
        assert_eq!(under(Dialect::Swedish, under_plan), "486500,00");
        assert_eq!(over(Dialect::Swedish, Money::from_ore(150)), "1,50");
    }
}
