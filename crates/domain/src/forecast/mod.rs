//! Business-plan forecasts: the start-up budget, the financing plan, a three-year income
//! statement, a twelve-month liquidity forecast and the break-even point.
//!
//! The forecasts are derived, never typed: a team describes its business as lines (what it sells
//! at what price and volume, what it buys, whom it employs, what it must invest and how that is
//! financed) in a [`ForecastInput`], and [`compute`] turns those lines into a [`Forecast`]. Every
//! amount is exact to the öre; every rounding is half away from zero to the öre (see
//! [`Money::checked_mul_ratio`]). The formulas and their simplifications are described in
//! `docs/methods.md`, "Business plan forecasts", and the main choices in decision 0013.
//!
//! # The model in brief
//!
//! - Month 1 is [`ForecastInput::first_month`]; the income statement covers months 1–36 (three
//!   years of twelve months counted from month 1, not calendar years) and the liquidity
//!   forecast months 1–12.
//! - A revenue line sells `start_volume` units in month 1; the volume grows by
//!   `monthly_growth` per month, compounded and rounded to a hundredth of a unit, through month
//!   12. Year 2 sells the volume of month 12 grown once by `yearly_growth` in every month, and
//!   year 3 that volume grown once more. Prices stay the same.
//! - A cost line is a fixed monthly amount or a share of the month's total revenue.
//! - A staff line costs `monthly_wage × count` in gross wages and `employer_contributions` on
//!   top, from its first month; the wage subsidy is income, shown on its own line.
//! - The start-up budget is paid in month 1: investments are depreciated straight-line,
//!   start-up expenses are costs of month 1 and the opening stock stays an asset.
//! - The financing plan is paid in in month 1; loans are amortised straight-line after their
//!   grace months, with monthly interest on the balance owed.
//! - Amounts are without VAT. VAT on sales and purchases is settled with Skatteverket per
//!   [`VatPeriod`], in the second month after the period ends.
//!
//! # Form fields
//!
//! [`ForecastForm`] reads an HTML form whose field names are fixed, so a page can render exactly
//! these names and show a field's error beside it. Rows are numbered from 1; a row whose text
//! fields are all blank is ignored (its select boxes may keep their defaults).
//!
//! - `first-month` (`YYYY-MM`), `vat-period` ([`VatPeriod`] code).
//! - `revenue-N-name`, `revenue-N-price` (kr without VAT), `revenue-N-volume` (units in month
//!   1), `revenue-N-monthly-growth` (%), `revenue-N-yearly-growth` (%), `revenue-N-vat`
//!   ([`VatRate`] code), `revenue-N-terms` ([`PaymentTerms`] code), N = 1–[`REVENUE_ROWS`].
//! - `cost-N-name`, `cost-N-kind` ([`CostKind`] code), `cost-N-amount` (kr per month, fixed),
//!   `cost-N-percent` (% of revenue, variable), `cost-N-vat`, `cost-N-terms`, N =
//!   1–[`COST_ROWS`].
//! - `staff-N-role`, `staff-N-wage` (kr gross per month), `staff-N-count` (people or
//!   full-time equivalents, e.g. `1,5`), `staff-N-first-month` (`YYYY-MM`, blank: month 1),
//!   `staff-N-contributions` (%, blank: [`DEFAULT_EMPLOYER_CONTRIBUTIONS`]),
//!   `staff-N-subsidy` (kr per month and person, blank: none), `staff-N-subsidy-months`
//!   (blank: the whole forecast), N = 1–[`STAFF_ROWS`].
//! - `startup-N-name`, `startup-N-kind` ([`StartupKind`] code), `startup-N-amount` (kr),
//!   `startup-N-years` (depreciation years, investments only), N = 1–[`STARTUP_ROWS`].
//! - `financing-N-name`, `financing-N-kind` ([`FinancingKind`] code), `financing-N-amount`
//!   (kr), `financing-N-interest` (% per year), `financing-N-term` (months),
//!   `financing-N-grace` (months without amortisation), the last three for loans only, N =
//!   1–[`FINANCING_ROWS`].
//!
//! The page asks for these fields in short steps ([`ForecastStep`]); each step's fields are
//! parsed and merged into the stored forecast by [`ForecastForm::parse_step`].

mod compute;
mod form;
mod number;
mod steps;
mod summary;

pub use compute::{
    BreakEven, BreakEvenMonth, FinancingSummary, Forecast, ForecastError, GROWTH_RANGE,
    IncomeStatement, LiquidityMonth, MAX_AMOUNT_KRONOR, MAX_LINES, MAX_MONTHS, MAX_QUANTITY,
    MONTHLY_GROWTH_RANGE, RATE_RANGE, StartupBudget, compute,
};
pub use form::{
    COST_FIELDS, COST_ROWS, CostFieldNames, CostRowForm, FINANCING_FIELDS, FINANCING_ROWS,
    FIRST_MONTH_FIELD, FinancingFieldNames, FinancingRowForm, ForecastForm, REVENUE_FIELDS,
    REVENUE_ROWS, RevenueFieldNames, RevenueRowForm, STAFF_FIELDS, STAFF_ROWS, STARTUP_FIELDS,
    STARTUP_ROWS, StaffFieldNames, StaffRowForm, StartupFieldNames, StartupRowForm,
    VAT_PERIOD_FIELD,
};
pub use number::{Percent, Quantity};
pub use steps::ForecastStep;
pub use summary::{Deficit, balance_text_sv, cash_sentence_sv};

use serde::{Deserialize, Serialize};

use crate::coded_enum;
use crate::income::YearMonth;
use crate::money::Money;

/// Employer contributions (arbetsgivaravgifter) in 2026 for most employees: 31,42 % of the
/// gross wage. Editable per staff line, since reduced rates apply to young and older people.
pub const DEFAULT_EMPLOYER_CONTRIBUTIONS: Percent = Percent::from_basis_points(3_142);

/// Months in the income statement: three years.
pub const FORECAST_MONTHS: usize = 36;
/// Months in the liquidity forecast.
pub const LIQUIDITY_MONTHS: usize = 12;

coded_enum! {
    /// The Swedish VAT rates (moms).
    pub enum VatRate {
        Zero => "0",
        Six => "6",
        Twelve => "12",
        TwentyFive => "25",
    }
}

impl VatRate {
    /// The rate in basis points: 25 % is 2 500.
    #[must_use]
    pub fn basis_points(self) -> i64 {
        match self {
            Self::Zero => 0,
            Self::Six => 600,
            Self::Twelve => 1_200,
            Self::TwentyFive => 2_500,
        }
    }
}

coded_enum! {
    /// Payment terms in days, for customers and for suppliers.
    pub enum PaymentTerms {
        Immediate => "0",
        TenDays => "10",
        ThirtyDays => "30",
        SixtyDays => "60",
    }
}

impl PaymentTerms {
    /// How many months after the month of sale or purchase the money moves.
    ///
    /// Sales are taken as spread over the month, so with 10 or 30 days most of a month's
    /// invoices are paid in the next month and with 60 days two months later: the forecast
    /// moves the whole month's amount, which is the cautious reading for the seller.
    #[must_use]
    pub fn delay_months(self) -> usize {
        match self {
            Self::Immediate => 0,
            Self::TenDays | Self::ThirtyDays => 1,
            Self::SixtyDays => 2,
        }
    }
}

coded_enum! {
    /// How often VAT is reported and paid to Skatteverket. A small business (turnover up to
    /// 40 million kronor) pays on the 12th of the second month after the period in both cases.
    pub enum VatPeriod {
        Monthly => "monthly",
        Quarterly => "quarterly",
    }
}

coded_enum! {
    /// Whether a cost line is a fixed amount per month or a share of revenue.
    pub enum CostKind {
        Fixed => "fixed",
        Variable => "variable",
    }
}

coded_enum! {
    /// What a row of the start-up budget is.
    pub enum StartupKind {
        Investment => "investment",
        Expense => "expense",
        Stock => "stock",
    }
}

coded_enum! {
    /// Where a row of the financing plan comes from.
    pub enum FinancingKind {
        OwnContribution => "own",
        MemberShares => "member-shares",
        Grant => "grant",
        Loan => "loan",
    }
}

/// Everything a forecast is computed from; stored as JSON with a plan version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastInput {
    /// Month 1 of the forecast: the first month of operation.
    pub first_month: YearMonth,
    pub vat_period: VatPeriod,
    pub revenue: Vec<RevenueLine>,
    pub costs: Vec<CostLine>,
    pub staff: Vec<StaffLine>,
    pub startup: Vec<StartupItem>,
    pub financing: Vec<FinancingItem>,
}

impl ForecastInput {
    /// A forecast without any lines, starting in `first_month`, with quarterly VAT.
    #[must_use]
    pub fn empty(first_month: YearMonth) -> Self {
        Self {
            first_month,
            vat_period: VatPeriod::Quarterly,
            revenue: Vec::new(),
            costs: Vec::new(),
            staff: Vec::new(),
            startup: Vec::new(),
            financing: Vec::new(),
        }
    }
}

/// Something sold: a product or a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueLine {
    pub name: String,
    /// Price per unit without VAT.
    pub price: Money,
    /// Units sold in month 1.
    pub start_volume: Quantity,
    /// Growth of the volume from one month to the next in year 1, compounded.
    pub monthly_growth: Percent,
    /// Growth of the volume from year 1 (its last month) to year 2, and from year 2 to year 3.
    pub yearly_growth: Percent,
    pub vat: VatRate,
    /// When customers pay.
    pub terms: PaymentTerms,
}

/// How much a cost line costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CostAmount {
    /// The same amount without VAT every month, such as rent.
    Fixed { monthly: Money },
    /// A share of the month's total revenue without VAT, such as materials or card fees.
    Variable { share_of_revenue: Percent },
}

/// Something bought regularly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub name: String,
    pub amount: CostAmount,
    pub vat: VatRate,
    /// When the business pays its supplier.
    pub terms: PaymentTerms,
}

/// People employed in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLine {
    pub role: String,
    /// Gross monthly wage of one full-time person, holiday pay included (see `docs/methods.md`).
    pub monthly_wage: Money,
    /// Number of people, or full-time equivalents: 1,5 is one full-time and one half-time.
    pub count: Quantity,
    /// The first month of employment; a month before the forecast's first month counts as
    /// month 1.
    pub first_month: YearMonth,
    /// Employer contributions as a share of the gross wage.
    pub employer_contributions: Percent,
    /// Wage subsidy from Arbetsförmedlingen (lönebidrag, nystartsjobb) per person and month.
    pub subsidy: Money,
    /// For how many months of employment the subsidy is paid; `None` for the whole forecast.
    pub subsidy_months: Option<u32>,
}

/// What a row of the start-up budget is, with what that kind needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StartupUse {
    /// Machines, vehicles, equipment: depreciated straight-line over whole years.
    Investment { depreciation_years: u32 },
    /// Registration fees, first marketing, training: a cost of month 1.
    Expense,
    /// Goods bought before opening: an asset kept at the same level.
    Stock,
}

impl StartupUse {
    #[must_use]
    pub fn kind(self) -> StartupKind {
        match self {
            Self::Investment { .. } => StartupKind::Investment,
            Self::Expense => StartupKind::Expense,
            Self::Stock => StartupKind::Stock,
        }
    }
}

/// One row of the start-up budget, paid in month 1, without VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartupItem {
    pub name: String,
    pub amount: Money,
    pub usage: StartupUse,
}

/// The terms of a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    /// Interest per year on the balance owed, paid monthly.
    pub annual_interest: Percent,
    /// Months from the payout to the last amortisation, grace months included.
    pub term_months: u32,
    /// Months at the start without amortisation (interest is still paid); less than the term.
    pub grace_months: u32,
}

/// Where a row of the financing plan comes from, with what that kind needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FinancingSource {
    OwnContribution,
    MemberShares,
    /// A grant towards the start: financing, not income (see `docs/methods.md`).
    Grant,
    Loan(Loan),
}

impl FinancingSource {
    #[must_use]
    pub fn kind(self) -> FinancingKind {
        match self {
            Self::OwnContribution => FinancingKind::OwnContribution,
            Self::MemberShares => FinancingKind::MemberShares,
            Self::Grant => FinancingKind::Grant,
            Self::Loan(_) => FinancingKind::Loan,
        }
    }
}

/// One row of the financing plan, paid in in month 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinancingItem {
    pub name: String,
    pub amount: Money,
    pub source: FinancingSource,
}
