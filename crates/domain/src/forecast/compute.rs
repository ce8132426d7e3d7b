//! From the lines of a [`ForecastInput`] to the figures of a [`Forecast`].
//!
//! Internally every amount is an `i128` count of öre, month by month for 36 months, so the sums
//! cannot overflow once the input is within [`check_bounds`]'s limits; only the finished figures
//! are turned into [`Money`], and a figure too large for it is reported rather than wrapped.

use serde::Serialize;

use super::{
    FORECAST_MONTHS, FinancingItem, FinancingSource, ForecastInput, LIQUIDITY_MONTHS, Percent,
    StartupItem, StartupUse, VatPeriod,
};
use crate::income::YearMonth;
use crate::money::{BASIS_POINTS_PER_WHOLE, Money, div_round_half_away};

/// The largest amount of any single input, in kronor: a billion is beyond any plan here.
pub const MAX_AMOUNT_KRONOR: i64 = 1_000_000_000;
/// The largest quantity of a line: ten million units or people.
pub const MAX_QUANTITY: i64 = 10_000_000;
/// The most lines of each kind in one forecast (the form has fewer rows).
pub const MAX_LINES: usize = 100;
/// The longest loan term, depreciation period or subsidy period, in months: fifty years.
pub const MAX_MONTHS: u32 = 600;
/// The range of growth rates, in basis points: −100 % to +1 000 %.
pub const GROWTH_RANGE: std::ops::RangeInclusive<i64> = -10_000..=100_000;
/// The range of monthly growth rates, in basis points: −100 % to +100 %.
pub const MONTHLY_GROWTH_RANGE: std::ops::RangeInclusive<i64> = -10_000..=10_000;
/// The range of contribution, cost share and interest rates, in basis points: 0–100 %.
pub const RATE_RANGE: std::ops::RangeInclusive<i64> = 0..=10_000;

type Series = [i128; FORECAST_MONTHS];

const ZERO_SERIES: Series = [0; FORECAST_MONTHS];

/// Why a forecast could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    /// An input is beyond the limits above (only possible for input not read through the form,
    /// which enforces them per field) or a result does not fit in [`Money`].
    #[error("the forecast's amounts are too large to compute")]
    TooLarge,
}

impl ForecastError {
    /// The id of the Fluent message that explains this error to the user.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::TooLarge => "forecast-error-too-large",
        }
    }

    /// The arguments that the Fluent message of [`message_key`](Self::message_key) refers to.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// The computed forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// Month 1.
    pub first_month: YearMonth,
    pub startup_budget: StartupBudget,
    pub financing: FinancingSummary,
    /// Months 1–36, one income statement each.
    pub months: Vec<IncomeStatement>,
    /// Years 1–3: the sums of months 1–12, 13–24 and 25–36.
    pub years: Vec<IncomeStatement>,
    /// Months 1–12.
    pub liquidity: Vec<LiquidityMonth>,
    pub break_even: BreakEven,
}

/// What has to be paid before and at the start, all in month 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartupBudget {
    pub items: Vec<StartupItem>,
    pub investments: Money,
    pub expenses: Money,
    pub stock: Money,
    pub total: Money,
}

/// How the start is paid for, all paid in in month 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinancingSummary {
    pub items: Vec<FinancingItem>,
    pub own_contributions: Money,
    pub member_shares: Money,
    pub grants: Money,
    pub loans: Money,
    pub total: Money,
    /// Financing total minus start-up budget total: negative when the financing falls short.
    pub surplus: Money,
}

/// One month's or one year's income statement (resultatbudget), without VAT.
///
/// `gross_margin = revenue − variable_costs`;
/// `operating_result = gross_margin − wages − employer_contributions + wage_subsidies −
/// other_fixed_costs − startup_expenses − depreciation`;
/// `result = operating_result − interest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IncomeStatement {
    pub revenue: Money,
    pub variable_costs: Money,
    pub gross_margin: Money,
    pub wages: Money,
    pub employer_contributions: Money,
    /// Income, not a reduction of the wages, so the real wage cost stays visible.
    pub wage_subsidies: Money,
    pub other_fixed_costs: Money,
    /// The start-up budget's expenses, in month 1 only.
    pub startup_expenses: Money,
    pub depreciation: Money,
    pub operating_result: Money,
    pub interest: Money,
    pub result: Money,
}

impl IncomeStatement {
    /// Wages and employer contributions together.
    #[must_use]
    pub fn staff_costs(&self) -> Money {
        Money::from_ore(
            self.wages
                .ore()
                .saturating_add(self.employer_contributions.ore()),
        )
    }
}

/// One month of the liquidity forecast (likviditetsbudget), with VAT, by when money moves.
///
/// `closing_cash = opening_cash + inflows() − outflows()`, and each month opens with the
/// previous month's closing cash (month 1 opens with none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LiquidityMonth {
    pub month: YearMonth,
    pub opening_cash: Money,
    /// Own contributions, member shares, grants and loans, in month 1.
    pub financing: Money,
    /// Customers' payments, VAT included, moved by their payment terms.
    pub customer_receipts: Money,
    /// Wage subsidies, paid by Arbetsförmedlingen the month after the wages.
    pub wage_subsidies: Money,
    /// Payments to suppliers for cost lines, VAT included, moved by their terms.
    pub supplier_payments: Money,
    /// The start-up budget, in month 1.
    pub startup_payments: Money,
    /// Gross wages, paid in the month worked.
    pub wages: Money,
    /// Employer contributions, paid to Skatteverket the month after the wages.
    pub employer_contributions: Money,
    /// VAT paid to Skatteverket; negative when Skatteverket pays back.
    pub vat: Money,
    pub interest: Money,
    pub amortisation: Money,
    pub closing_cash: Money,
}

impl LiquidityMonth {
    /// Money in: financing, receipts, subsidies and any VAT paid back.
    #[must_use]
    pub fn inflows(&self) -> Money {
        sum_money(&[
            self.financing,
            self.customer_receipts,
            self.wage_subsidies,
            Money::from_ore((-self.vat.ore()).max(0)),
        ])
    }

    /// Money out: suppliers, start-up, wages, contributions, VAT paid, interest, amortisation.
    #[must_use]
    pub fn outflows(&self) -> Money {
        sum_money(&[
            self.supplier_payments,
            self.startup_payments,
            self.wages,
            self.employer_contributions,
            Money::from_ore(self.vat.ore().max(0)),
            self.interest,
            self.amortisation,
        ])
    }

    /// True when the month ends with less than nothing in the bank: the plan needs more
    /// financing or a credit before then.
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.closing_cash < Money::ZERO
    }
}

fn sum_money(amounts: &[Money]) -> Money {
    Money::from_ore(
        amounts
            .iter()
            .fold(0i64, |total, amount| total.saturating_add(amount.ore())),
    )
}

/// Where the business starts to carry itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BreakEven {
    /// Year 1's contribution margin ratio, `(revenue − variable costs) / revenue`; `None`
    /// without revenue in year 1.
    pub contribution_margin: Option<Percent>,
    /// Year 1's fixed costs per month: wages, contributions, other fixed costs, depreciation
    /// and interest, less wage subsidies, averaged over 12 months; start-up expenses are left
    /// out as one-off.
    pub monthly_fixed_costs: Money,
    /// The monthly revenue at which the contribution margin covers the fixed costs:
    /// `monthly_fixed_costs / contribution_margin`; zero when there are no fixed costs and
    /// `None` when no revenue can cover them (no revenue, or no positive margin).
    pub monthly_revenue_needed: Option<Money>,
    /// The first month whose cumulative result since month 1 is zero or more; `None` when that
    /// does not happen within 36 months.
    pub first_month_covered: Option<BreakEvenMonth>,
}

/// A month counted from month 1 of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BreakEvenMonth {
    /// 1–36.
    pub number: u32,
    pub month: YearMonth,
}

/// Computes the forecast.
///
/// # Errors
///
/// [`ForecastError::TooLarge`] when an input is outside the documented limits or a result does
/// not fit in [`Money`]; never a panic.
pub fn compute(input: &ForecastInput) -> Result<Forecast, ForecastError> {
    check_bounds(input)?;
    let sales = sales(input);
    let purchases = purchases(input, &sales.revenue);
    let staff = staff(input);
    let startup = startup(&input.startup);
    let loans = loans(&input.financing);
    let vat = vat_settlements(input, &sales.vat, &purchases.vat);

    let mut months = Vec::with_capacity(FORECAST_MONTHS);
    for m in 0..FORECAST_MONTHS {
        let revenue = sales.revenue[m];
        let variable_costs = purchases.variable[m];
        let gross_margin = revenue - variable_costs;
        let operating_result = gross_margin - staff.wages[m] - staff.contributions[m]
            + staff.subsidies[m]
            - purchases.fixed[m]
            - startup.expenses[m]
            - startup.depreciation[m];
        let result = operating_result - loans.interest[m];
        months.push(IncomeStatement {
            revenue: money(revenue)?,
            variable_costs: money(variable_costs)?,
            gross_margin: money(gross_margin)?,
            wages: money(staff.wages[m])?,
            employer_contributions: money(staff.contributions[m])?,
            wage_subsidies: money(staff.subsidies[m])?,
            other_fixed_costs: money(purchases.fixed[m])?,
            startup_expenses: money(startup.expenses[m])?,
            depreciation: money(startup.depreciation[m])?,
            operating_result: money(operating_result)?,
            interest: money(loans.interest[m])?,
            result: money(result)?,
        });
    }
    let years = months
        .chunks(12)
        .map(sum_statements)
        .collect::<Result<Vec<_>, _>>()?;

    let financing_total: i128 = input
        .financing
        .iter()
        .map(|item| i128::from(item.amount.ore()))
        .sum();
    let mut liquidity = Vec::with_capacity(LIQUIDITY_MONTHS);
    let mut cash: i128 = 0;
    for (m, offset) in (0..LIQUIDITY_MONTHS).zip(0i32..) {
        let month = input
            .first_month
            .plus_months(offset)
            .ok_or(ForecastError::TooLarge)?;
        let opening = cash;
        let financing = if m == 0 { financing_total } else { 0 };
        let startup_payments = if m == 0 { startup.total } else { 0 };
        let previous = |series: &Series| m.checked_sub(1).map_or(0, |p| series[p]);
        let subsidies_received = previous(&staff.subsidies);
        let contributions_paid = previous(&staff.contributions);
        cash = opening + financing + sales.receipts[m] + subsidies_received
            - purchases.payments[m]
            - startup_payments
            - staff.wages[m]
            - contributions_paid
            - vat[m]
            - loans.interest[m]
            - loans.amortisation[m];
        liquidity.push(LiquidityMonth {
            month,
            opening_cash: money(opening)?,
            financing: money(financing)?,
            customer_receipts: money(sales.receipts[m])?,
            wage_subsidies: money(subsidies_received)?,
            supplier_payments: money(purchases.payments[m])?,
            startup_payments: money(startup_payments)?,
            wages: money(staff.wages[m])?,
            employer_contributions: money(contributions_paid)?,
            vat: money(vat[m])?,
            interest: money(loans.interest[m])?,
            amortisation: money(loans.amortisation[m])?,
            closing_cash: money(cash)?,
        });
    }

    Ok(Forecast {
        first_month: input.first_month,
        startup_budget: startup_budget(input, &startup)?,
        financing: financing_summary(input, startup.total)?,
        break_even: break_even(input.first_month, &months, years.first())?,
        months,
        years,
        liquidity,
    })
}

fn money(ore: i128) -> Result<Money, ForecastError> {
    i64::try_from(ore)
        .map(Money::from_ore)
        .map_err(|_| ForecastError::TooLarge)
}

/// Rounds `amount × numerator / denominator` half away from zero. The bounds checked first keep
/// every product far inside `i128`, and every denominator here is a positive constant or count.
fn ratio(amount: i128, numerator: i128, denominator: i128) -> i128 {
    div_round_half_away(amount * numerator, denominator).unwrap_or(0)
}

fn at_rate(amount: i128, basis_points: i64) -> i128 {
    ratio(
        amount,
        i128::from(basis_points),
        i128::from(BASIS_POINTS_PER_WHOLE),
    )
}

/// Adds `amount × share` to a series spread over `months` months from `start`, with cumulative
/// rounding: month k gets `round(amount × k / months) − round(amount × (k − 1) / months)`, so
/// the parts always add up to the whole amount exactly.
fn spread(series: &mut Series, amount: i128, start: usize, months: usize) {
    let total = i128::try_from(months).unwrap_or(1).max(1);
    let mut before = 0;
    for (k, slot) in series.iter_mut().skip(start).take(months).enumerate() {
        let upto = ratio(amount, i128::try_from(k + 1).unwrap_or(total), total);
        *slot += upto - before;
        before = upto;
    }
}

fn check_bounds(input: &ForecastInput) -> Result<(), ForecastError> {
    let max_ore = MAX_AMOUNT_KRONOR * 100;
    let amount_ok = |amount: Money| (0..=max_ore).contains(&amount.ore());
    let quantity_ok = |quantity: super::Quantity| quantity.hundredths() <= MAX_QUANTITY * 100;
    let months_ok = |months: u32| months <= MAX_MONTHS;
    let revenue_ok = input.revenue.iter().all(|line| {
        amount_ok(line.price)
            && quantity_ok(line.start_volume)
            && MONTHLY_GROWTH_RANGE.contains(&line.monthly_growth.basis_points())
            && GROWTH_RANGE.contains(&line.yearly_growth.basis_points())
    });
    let costs_ok = input.costs.iter().all(|line| match line.amount {
        super::CostAmount::Fixed { monthly } => amount_ok(monthly),
        super::CostAmount::Variable { share_of_revenue } => {
            RATE_RANGE.contains(&share_of_revenue.basis_points())
        }
    });
    let staff_ok = input.staff.iter().all(|line| {
        amount_ok(line.monthly_wage)
            && amount_ok(line.subsidy)
            && quantity_ok(line.count)
            && RATE_RANGE.contains(&line.employer_contributions.basis_points())
            && line.subsidy_months.is_none_or(months_ok)
    });
    let startup_ok = input.startup.iter().all(|item| {
        amount_ok(item.amount)
            && match item.usage {
                StartupUse::Investment { depreciation_years } => {
                    (1..=MAX_MONTHS / 12).contains(&depreciation_years)
                }
                StartupUse::Expense | StartupUse::Stock => true,
            }
    });
    let financing_ok = input.financing.iter().all(|item| {
        amount_ok(item.amount)
            && match item.source {
                FinancingSource::Loan(loan) => {
                    RATE_RANGE.contains(&loan.annual_interest.basis_points())
                        && (1..=MAX_MONTHS).contains(&loan.term_months)
                        && loan.grace_months < loan.term_months
                }
                FinancingSource::OwnContribution
                | FinancingSource::MemberShares
                | FinancingSource::Grant => true,
            }
    });
    let counts_ok = [
        input.revenue.len(),
        input.costs.len(),
        input.staff.len(),
        input.startup.len(),
        input.financing.len(),
    ]
    .iter()
    .all(|&count| count <= MAX_LINES);
    if revenue_ok && costs_ok && staff_ok && startup_ok && financing_ok && counts_ok {
        Ok(())
    } else {
        Err(ForecastError::TooLarge)
    }
}

struct Sales {
    revenue: Series,
    vat: Series,
    receipts: Series,
}

/// Volumes, revenue, output VAT and customer receipts of every revenue line.
fn sales(input: &ForecastInput) -> Sales {
    let mut out = Sales {
        revenue: ZERO_SERIES,
        vat: ZERO_SERIES,
        receipts: ZERO_SERIES,
    };
    for line in &input.revenue {
        let monthly = i128::from(line.monthly_growth.basis_points());
        let yearly = i128::from(line.yearly_growth.basis_points());
        let whole = i128::from(BASIS_POINTS_PER_WHOLE);
        let mut volume = i128::from(line.start_volume.hundredths());
        for m in 0..FORECAST_MONTHS {
            if m > 0 {
                let growth = match m {
                    1..12 => monthly,
                    12 | 24 => yearly,
                    _ => 0,
                };
                volume = ratio(volume, whole + growth, whole);
            }
            let revenue = ratio(i128::from(line.price.ore()), volume, 100);
            let vat = at_rate(revenue, line.vat.basis_points());
            out.revenue[m] += revenue;
            out.vat[m] += vat;
            if let Some(slot) = out.receipts.get_mut(m + line.terms.delay_months()) {
                *slot += revenue + vat;
            }
        }
    }
    out
}

struct Purchases {
    variable: Series,
    fixed: Series,
    vat: Series,
    payments: Series,
}

/// Costs, input VAT and supplier payments of every cost line.
fn purchases(input: &ForecastInput, revenue: &Series) -> Purchases {
    let mut out = Purchases {
        variable: ZERO_SERIES,
        fixed: ZERO_SERIES,
        vat: ZERO_SERIES,
        payments: ZERO_SERIES,
    };
    for line in &input.costs {
        for (m, &month_revenue) in revenue.iter().enumerate() {
            let cost = match line.amount {
                super::CostAmount::Fixed { monthly } => {
                    let cost = i128::from(monthly.ore());
                    out.fixed[m] += cost;
                    cost
                }
                super::CostAmount::Variable { share_of_revenue } => {
                    let cost = at_rate(month_revenue, share_of_revenue.basis_points());
                    out.variable[m] += cost;
                    cost
                }
            };
            let vat = at_rate(cost, line.vat.basis_points());
            out.vat[m] += vat;
            if let Some(slot) = out.payments.get_mut(m + line.terms.delay_months()) {
                *slot += cost + vat;
            }
        }
    }
    out
}

struct Staff {
    wages: Series,
    contributions: Series,
    subsidies: Series,
}

/// Gross wages, employer contributions and wage subsidies by the month they are for.
fn staff(input: &ForecastInput) -> Staff {
    let mut out = Staff {
        wages: ZERO_SERIES,
        contributions: ZERO_SERIES,
        subsidies: ZERO_SERIES,
    };
    for line in &input.staff {
        let start = usize::try_from(YearMonth::months_between(
            input.first_month,
            line.first_month,
        ))
        .unwrap_or(0);
        let count = i128::from(line.count.hundredths());
        let wage = ratio(i128::from(line.monthly_wage.ore()), count, 100);
        let contributions = at_rate(wage, line.employer_contributions.basis_points());
        let subsidy = ratio(i128::from(line.subsidy.ore()), count, 100);
        let subsidy_months = line.subsidy_months.map_or(FORECAST_MONTHS, |months| {
            usize::try_from(months).unwrap_or(FORECAST_MONTHS)
        });
        for m in start..FORECAST_MONTHS {
            out.wages[m] += wage;
            out.contributions[m] += contributions;
            if m - start < subsidy_months {
                out.subsidies[m] += subsidy;
            }
        }
    }
    out
}

struct Startup {
    investments: i128,
    stock: i128,
    total: i128,
    expenses: Series,
    depreciation: Series,
}

/// The start-up budget's totals, its expenses in month 1 and the monthly depreciation.
fn startup(items: &[StartupItem]) -> Startup {
    let mut out = Startup {
        investments: 0,
        stock: 0,
        total: 0,
        expenses: ZERO_SERIES,
        depreciation: ZERO_SERIES,
    };
    for item in items {
        let amount = i128::from(item.amount.ore());
        out.total += amount;
        match item.usage {
            StartupUse::Investment { depreciation_years } => {
                out.investments += amount;
                let months = usize::try_from(depreciation_years).unwrap_or(1) * 12;
                spread(&mut out.depreciation, amount, 0, months);
            }
            StartupUse::Expense => out.expenses[0] += amount,
            StartupUse::Stock => out.stock += amount,
        }
    }
    out
}

struct Loans {
    interest: Series,
    amortisation: Series,
}

/// Interest and amortisation of every loan, paid at the end of each month from month 1.
///
/// Interest for a month is `balance owed at its start × annual rate / 12`; amortisation is the
/// amount spread evenly over the months after the grace months (see [`spread`]).
fn loans(financing: &[FinancingItem]) -> Loans {
    let mut out = Loans {
        interest: ZERO_SERIES,
        amortisation: ZERO_SERIES,
    };
    for item in financing {
        let FinancingSource::Loan(loan) = item.source else {
            continue;
        };
        let amount = i128::from(item.amount.ore());
        let grace = usize::try_from(loan.grace_months).unwrap_or(0);
        let term = usize::try_from(loan.term_months).unwrap_or(1);
        let mut amortisation = ZERO_SERIES;
        spread(&mut amortisation, amount, grace, term - grace);
        let mut balance = amount;
        for (m, &instalment) in amortisation.iter().enumerate().take(term) {
            out.interest[m] += ratio(
                balance,
                i128::from(loan.annual_interest.basis_points()),
                i128::from(BASIS_POINTS_PER_WHOLE) * 12,
            );
            out.amortisation[m] += instalment;
            balance -= instalment;
        }
    }
    out
}

/// Net VAT (output VAT on sales minus input VAT on costs) by the month it is paid: the second
/// month after the end of its calendar month or calendar quarter. Negative is a refund.
fn vat_settlements(input: &ForecastInput, output: &Series, deductible: &Series) -> Series {
    let mut paid = ZERO_SERIES;
    let first_calendar_month = usize::from(input.first_month.month());
    for m in 0..FORECAST_MONTHS {
        let calendar_month = (first_calendar_month - 1 + m) % 12 + 1;
        let to_period_end = match input.vat_period {
            VatPeriod::Monthly => 0,
            VatPeriod::Quarterly => (3 - calendar_month % 3) % 3,
        };
        if let Some(slot) = paid.get_mut(m + to_period_end + 2) {
            *slot += output[m] - deductible[m];
        }
    }
    paid
}

fn sum_statements(statements: &[IncomeStatement]) -> Result<IncomeStatement, ForecastError> {
    let total = |field: fn(&IncomeStatement) -> Money| {
        money(
            statements
                .iter()
                .map(|statement| i128::from(field(statement).ore()))
                .sum(),
        )
    };
    Ok(IncomeStatement {
        revenue: total(|s| s.revenue)?,
        variable_costs: total(|s| s.variable_costs)?,
        gross_margin: total(|s| s.gross_margin)?,
        wages: total(|s| s.wages)?,
        employer_contributions: total(|s| s.employer_contributions)?,
        wage_subsidies: total(|s| s.wage_subsidies)?,
        other_fixed_costs: total(|s| s.other_fixed_costs)?,
        startup_expenses: total(|s| s.startup_expenses)?,
        depreciation: total(|s| s.depreciation)?,
        operating_result: total(|s| s.operating_result)?,
        interest: total(|s| s.interest)?,
        result: total(|s| s.result)?,
    })
}

fn startup_budget(
    input: &ForecastInput,
    startup: &Startup,
) -> Result<StartupBudget, ForecastError> {
    Ok(StartupBudget {
        items: input.startup.clone(),
        investments: money(startup.investments)?,
        expenses: money(startup.expenses[0])?,
        stock: money(startup.stock)?,
        total: money(startup.total)?,
    })
}

fn financing_summary(
    input: &ForecastInput,
    startup_total: i128,
) -> Result<FinancingSummary, ForecastError> {
    let of_kind = |kind: super::FinancingKind| {
        money(
            input
                .financing
                .iter()
                .filter(|item| item.source.kind() == kind)
                .map(|item| i128::from(item.amount.ore()))
                .sum(),
        )
    };
    let total: i128 = input
        .financing
        .iter()
        .map(|item| i128::from(item.amount.ore()))
        .sum();
    Ok(FinancingSummary {
        items: input.financing.clone(),
        own_contributions: of_kind(super::FinancingKind::OwnContribution)?,
        member_shares: of_kind(super::FinancingKind::MemberShares)?,
        grants: of_kind(super::FinancingKind::Grant)?,
        loans: of_kind(super::FinancingKind::Loan)?,
        total: money(total)?,
        surplus: money(total - startup_total)?,
    })
}

fn break_even(
    first_month: YearMonth,
    months: &[IncomeStatement],
    year_one: Option<&IncomeStatement>,
) -> Result<BreakEven, ForecastError> {
    let year = match year_one {
        Some(year) => *year,
        None => sum_statements(&[])?,
    };
    let ore = |amount: Money| i128::from(amount.ore());
    let revenue = ore(year.revenue);
    let margin = ore(year.gross_margin);
    let fixed = ore(year.wages) + ore(year.employer_contributions) - ore(year.wage_subsidies)
        + ore(year.other_fixed_costs)
        + ore(year.depreciation)
        + ore(year.interest);
    let contribution_margin = (revenue > 0)
        .then(|| i64::try_from(ratio(margin, i128::from(BASIS_POINTS_PER_WHOLE), revenue)))
        .transpose()
        .map_err(|_| ForecastError::TooLarge)?
        .map(Percent::from_basis_points);
    let monthly_revenue_needed = if fixed <= 0 {
        Some(Money::ZERO)
    } else if revenue > 0 && margin > 0 {
        Some(money(ratio(fixed, revenue, margin * 12))?)
    } else {
        None
    };
    let mut cumulative: i128 = 0;
    let mut first_month_covered = None;
    for (number, statement) in (1u32..).zip(months) {
        cumulative += ore(statement.result);
        if cumulative >= 0 {
            let offset = i32::try_from(number - 1).map_err(|_| ForecastError::TooLarge)?;
            first_month_covered = Some(BreakEvenMonth {
                number,
                month: first_month
                    .plus_months(offset)
                    .ok_or(ForecastError::TooLarge)?,
            });
            break;
        }
    }
    Ok(BreakEven {
        contribution_margin,
        monthly_fixed_costs: money(ratio(fixed, 1, 12))?,
        monthly_revenue_needed,
        first_month_covered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{
        CostAmount, CostLine, Loan, PaymentTerms, Quantity, RevenueLine, StaffLine, VatRate,
    };
    use proptest::prelude::*;

    fn kr(kronor: i64) -> Money {
        Money::from_ore(kronor * 100)
    }

    fn month(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    fn units(whole: i64) -> Quantity {
        Quantity::from_whole(whole).unwrap()
    }

    fn input() -> ForecastInput {
        ForecastInput::empty(month("2026-01"))
    }

    fn sale(price: i64, volume: i64, vat: VatRate, terms: PaymentTerms) -> RevenueLine {
        RevenueLine {
            name: "Cykelservice".into(),
            price: kr(price),
            start_volume: units(volume),
            monthly_growth: Percent::ZERO,
            yearly_growth: Percent::ZERO,
            vat,
            terms,
        }
    }

    fn closing(forecast: &Forecast) -> Vec<i64> {
        forecast
            .liquidity
            .iter()
            .map(|m| m.closing_cash.ore() / 100)
            .collect()
    }

    #[test]
    fn two_employees_with_contributions_and_subsidies_cost_what_the_hand_calculation_says() {
        // 2 people × 25 000 kr = 50 000 kr gross wages a month;
        // 50 000 × 31,42 % = 15 710 kr employer contributions;
        // 2 × 10 000 kr = 20 000 kr wage subsidy;
        // result a month: −50 000 − 15 710 + 20 000 = −45 710 kr; a year: −548 520 kr.
        let mut plan = input();
        plan.staff.push(StaffLine {
            role: "Cykelmekaniker".into(),
            monthly_wage: kr(25_000),
            count: units(2),
            first_month: month("2026-01"),
            employer_contributions: Percent::from_basis_points(3_142),
            subsidy: kr(10_000),
            subsidy_months: None,
        });
        let forecast = compute(&plan).unwrap();
        let year = forecast.years[0];
        assert_eq!(year.wages, kr(600_000));
        assert_eq!(year.employer_contributions, kr(188_520));
        assert_eq!(year.staff_costs(), kr(788_520));
        assert_eq!(year.wage_subsidies, kr(240_000));
        assert_eq!(year.result, kr(-548_520));
        // Cash: month 1 pays only wages (−50 000); from month 2 the previous month's
        // contributions go out and its subsidy comes in: −50 000 − 15 710 + 20 000 = −45 710.
        assert_eq!(closing(&forecast)[..3], [-50_000, -95_710, -141_420]);
        assert!(forecast.liquidity.iter().all(LiquidityMonth::is_negative));
    }

    #[test]
    fn a_subsidy_stops_after_its_months_and_staff_start_in_their_own_month() {
        // One person from March (month 3), subsidy for 6 months: March–August.
        let mut plan = input();
        plan.staff.push(StaffLine {
            role: "Kock".into(),
            monthly_wage: kr(20_000),
            count: units(1),
            first_month: month("2026-03"),
            employer_contributions: Percent::ZERO,
            subsidy: kr(5_000),
            subsidy_months: Some(6),
        });
        let forecast = compute(&plan).unwrap();
        let wages: Vec<i64> = forecast.months[..12]
            .iter()
            .map(|m| m.wages.ore() / 100)
            .collect();
        assert_eq!(wages[..3], [0, 0, 20_000]);
        assert_eq!(forecast.years[0].wages, kr(200_000));
        assert_eq!(forecast.years[0].wage_subsidies, kr(30_000));
        assert_eq!(forecast.years[1].wage_subsidies, Money::ZERO);
        // Received the month after: April–September.
        assert_eq!(forecast.liquidity[2].wage_subsidies, Money::ZERO);
        assert_eq!(forecast.liquidity[3].wage_subsidies, kr(5_000));
        assert_eq!(forecast.liquidity[9].wage_subsidies, Money::ZERO);
    }

    #[test]
    fn a_loan_is_paid_in_amortised_straight_line_and_charged_interest_on_the_balance() {
        // 100 000 kr at 6 % a year over 36 months, no grace:
        // amortisation 100 000 / 36 = 2 777,777… kr, cumulatively rounded:
        //   month 1: 2 777,78; month 2: 5 555,56 − 2 777,78 = 2 777,78;
        //   month 3: 8 333,33 − 5 555,56 = 2 777,77;
        // interest month 1: 100 000 × 6 % / 12 = 500,00;
        //   month 2: 97 222,22 × 0,5 % = 486,1111 → 486,11.
        let mut plan = input();
        plan.financing.push(FinancingItem {
            name: "Banklån".into(),
            amount: kr(100_000),
            source: FinancingSource::Loan(Loan {
                annual_interest: Percent::from_basis_points(600),
                term_months: 36,
                grace_months: 0,
            }),
        });
        let forecast = compute(&plan).unwrap();
        let first = forecast.liquidity[0];
        assert_eq!(first.financing, kr(100_000));
        assert_eq!(first.interest, Money::from_ore(50_000));
        assert_eq!(first.amortisation, Money::from_ore(277_778));
        assert_eq!(first.closing_cash, Money::from_ore(9_672_222));
        assert_eq!(forecast.liquidity[1].interest, Money::from_ore(48_611));
        assert_eq!(forecast.liquidity[1].amortisation, Money::from_ore(277_778));
        assert_eq!(forecast.liquidity[2].amortisation, Money::from_ore(277_777));
        // A third of the loan in a year: 33 333,33 kr.
        let amortised: i64 = forecast
            .liquidity
            .iter()
            .map(|m| m.amortisation.ore())
            .sum();
        assert_eq!(amortised, 3_333_333);
        assert_eq!(forecast.financing.loans, kr(100_000));
        assert_eq!(forecast.months[0].interest, Money::from_ore(50_000));
        // The interest of the last month is on the last instalment: 2 777,70 × 0,5 % = 13,89.
        assert_eq!(forecast.months[35].interest, Money::from_ore(1_389));
    }

    #[test]
    fn grace_months_postpone_amortisation_but_not_interest() {
        // 120 000 kr at 12 %, 24 months of which 12 without amortisation:
        // interest 1 200 kr a month in year 1, then 120 000 / 12 = 10 000 kr a month.
        let mut plan = input();
        plan.financing.push(FinancingItem {
            name: "Almi".into(),
            amount: kr(120_000),
            source: FinancingSource::Loan(Loan {
                annual_interest: Percent::from_basis_points(1_200),
                term_months: 24,
                grace_months: 12,
            }),
        });
        let forecast = compute(&plan).unwrap();
        assert!(
            forecast
                .liquidity
                .iter()
                .all(|m| m.amortisation == Money::ZERO && m.interest == kr(1_200))
        );
        assert_eq!(forecast.years[0].interest, kr(14_400));
        // Year 2: interest on 120 000, 110 000, …, 10 000 at 1 %: 780 000 × 1 % = 7 800.
        assert_eq!(forecast.years[1].interest, kr(7_800));
        assert_eq!(forecast.years[2].interest, Money::ZERO);
    }

    #[test]
    fn sales_with_vat_and_thirty_days_are_paid_a_month_later_and_vat_each_quarter() {
        // 10 services × 1 000 kr = 10 000 kr a month + 25 % VAT = 12 500 kr, paid the next
        // month. Quarterly VAT of 3 × 2 500 = 7 500 kr is paid in May, August and November.
        let mut plan = input();
        plan.revenue.push(sale(
            1_000,
            10,
            VatRate::TwentyFive,
            PaymentTerms::ThirtyDays,
        ));
        let forecast = compute(&plan).unwrap();
        assert_eq!(forecast.liquidity[0].customer_receipts, Money::ZERO);
        assert_eq!(forecast.liquidity[1].customer_receipts, kr(12_500));
        let vat: Vec<i64> = forecast
            .liquidity
            .iter()
            .map(|m| m.vat.ore() / 100)
            .collect();
        assert_eq!(vat, [0, 0, 0, 0, 7_500, 0, 0, 7_500, 0, 0, 7_500, 0]);
        // 11 receipts of 12 500 less 3 × 7 500 VAT.
        assert_eq!(forecast.liquidity[11].closing_cash, kr(115_000));
        assert_eq!(forecast.years[0].revenue, kr(120_000));
    }

    #[test]
    fn monthly_vat_is_paid_in_the_second_month_after() {
        let mut plan = input();
        plan.vat_period = VatPeriod::Monthly;
        plan.revenue.push(sale(
            1_000,
            10,
            VatRate::TwentyFive,
            PaymentTerms::Immediate,
        ));
        let forecast = compute(&plan).unwrap();
        assert_eq!(forecast.liquidity[1].vat, Money::ZERO);
        assert_eq!(forecast.liquidity[2].vat, kr(2_500));
        // 12 × 12 500 received, 10 × 2 500 VAT paid.
        assert_eq!(forecast.liquidity[11].closing_cash, kr(125_000));
    }

    #[test]
    fn quarters_follow_the_calendar_whatever_the_first_month() {
        // Starting in February: February and March make up the first quarter, paid in May,
        // month 4 of the forecast.
        let mut plan = ForecastInput::empty(month("2026-02"));
        plan.revenue.push(sale(
            1_000,
            10,
            VatRate::TwentyFive,
            PaymentTerms::Immediate,
        ));
        let forecast = compute(&plan).unwrap();
        assert_eq!(forecast.liquidity[3].month, month("2026-05"));
        assert_eq!(forecast.liquidity[3].vat, kr(5_000));
    }

    #[test]
    fn deductible_vat_on_costs_larger_than_vat_on_sales_is_paid_back() {
        // Sales without VAT (0 %), rent 10 000 kr + 25 % VAT: 7 500 kr back per quarter.
        let mut plan = input();
        plan.revenue
            .push(sale(1_000, 10, VatRate::Zero, PaymentTerms::Immediate));
        plan.costs.push(CostLine {
            name: "Hyra".into(),
            amount: CostAmount::Fixed {
                monthly: kr(10_000),
            },
            vat: VatRate::TwentyFive,
            terms: PaymentTerms::Immediate,
        });
        let forecast = compute(&plan).unwrap();
        let may = forecast.liquidity[4];
        assert_eq!(may.vat, kr(-7_500));
        assert_eq!(may.inflows(), kr(17_500));
        assert_eq!(may.outflows(), kr(12_500));
    }

    #[test]
    fn break_even_revenue_covers_fixed_costs_at_the_contribution_margin() {
        // Revenue 100 000 kr a month, variable costs 40 % → margin 60 %; rent 30 000 kr:
        // revenue needed 30 000 / 0,6 = 50 000 kr a month. A start-up expense of 100 000 kr
        // is covered by the 30 000 kr result a month in month 4: −70, −40, −10, +20 thousand.
        let mut plan = input();
        plan.revenue
            .push(sale(1_000, 100, VatRate::Zero, PaymentTerms::Immediate));
        plan.costs.push(CostLine {
            name: "Material".into(),
            amount: CostAmount::Variable {
                share_of_revenue: Percent::from_basis_points(4_000),
            },
            vat: VatRate::Zero,
            terms: PaymentTerms::Immediate,
        });
        plan.costs.push(CostLine {
            name: "Hyra".into(),
            amount: CostAmount::Fixed {
                monthly: kr(30_000),
            },
            vat: VatRate::Zero,
            terms: PaymentTerms::Immediate,
        });
        plan.startup.push(StartupItem {
            name: "Registrering och marknadsföring".into(),
            amount: kr(100_000),
            usage: StartupUse::Expense,
        });
        let forecast = compute(&plan).unwrap();
        let break_even = forecast.break_even;
        assert_eq!(
            break_even.contribution_margin,
            Some(Percent::from_basis_points(6_000))
        );
        assert_eq!(break_even.monthly_fixed_costs, kr(30_000));
        assert_eq!(break_even.monthly_revenue_needed, Some(kr(50_000)));
        assert_eq!(
            break_even.first_month_covered,
            Some(BreakEvenMonth {
                number: 4,
                month: month("2026-04")
            })
        );
        assert_eq!(forecast.years[0].gross_margin, kr(720_000));
        assert_eq!(forecast.years[0].result, kr(260_000));
    }

    #[test]
    fn costs_without_revenue_never_break_even() {
        let mut plan = input();
        plan.costs.push(CostLine {
            name: "Hyra".into(),
            amount: CostAmount::Fixed { monthly: kr(1_000) },
            vat: VatRate::Zero,
            terms: PaymentTerms::Immediate,
        });
        let break_even = compute(&plan).unwrap().break_even;
        assert_eq!(break_even.monthly_revenue_needed, None);
        assert_eq!(break_even.first_month_covered, None);
        assert_eq!(break_even.contribution_margin, None);
    }

    #[test]
    fn investments_are_depreciated_straight_line_and_the_start_up_budget_is_paid_in_month_one() {
        // 120 000 kr over 5 years: 2 000 kr a month, 24 000 kr a year. Stock 30 000 kr is an
        // asset, not a cost. Financed by 50 000 own money and 80 000 member shares: 20 000 short.
        let mut plan = input();
        plan.startup.push(StartupItem {
            name: "Verktyg".into(),
            amount: kr(120_000),
            usage: StartupUse::Investment {
                depreciation_years: 5,
            },
        });
        plan.startup.push(StartupItem {
            name: "Reservdelar".into(),
            amount: kr(30_000),
            usage: StartupUse::Stock,
        });
        plan.financing.push(FinancingItem {
            name: "Egen insats".into(),
            amount: kr(50_000),
            source: FinancingSource::OwnContribution,
        });
        plan.financing.push(FinancingItem {
            name: "Medlemsinsatser".into(),
            amount: kr(80_000),
            source: FinancingSource::MemberShares,
        });
        let forecast = compute(&plan).unwrap();
        assert_eq!(forecast.years[0].depreciation, kr(24_000));
        assert_eq!(forecast.years[2].depreciation, kr(24_000));
        assert_eq!(forecast.startup_budget.investments, kr(120_000));
        assert_eq!(forecast.startup_budget.stock, kr(30_000));
        assert_eq!(forecast.startup_budget.total, kr(150_000));
        assert_eq!(forecast.financing.total, kr(130_000));
        assert_eq!(forecast.financing.surplus, kr(-20_000));
        assert_eq!(forecast.liquidity[0].closing_cash, kr(-20_000));
    }

    #[test]
    fn volumes_grow_monthly_in_year_one_and_yearly_after() {
        // 100 units growing 10 % a month: 100, 110, 121, … ; year 2 sells month 12's volume
        // grown by 50 % every month.
        let mut plan = input();
        let mut line = sale(1, 100, VatRate::Zero, PaymentTerms::Immediate);
        line.monthly_growth = Percent::from_basis_points(1_000);
        line.yearly_growth = Percent::from_basis_points(5_000);
        plan.revenue.push(line);
        let forecast = compute(&plan).unwrap();
        assert_eq!(forecast.months[1].revenue, kr(110));
        assert_eq!(forecast.months[2].revenue, kr(121));
        // Rounded to hundredths each month: …, 146,41, 161,05 (161,051), 177,16 (177,155),
        // 194,88, 214,37, 235,81, 259,39, 285,33 units in month 12 (unrounded 100 × 1,1^11
        // would be 285,31).
        let december = forecast.months[11].revenue;
        assert_eq!(december, Money::from_ore(28_533));
        assert_eq!(
            forecast.months[12].revenue,
            december.checked_mul_ratio(3, 2).unwrap()
        );
        assert_eq!(forecast.months[12].revenue, forecast.months[23].revenue);
    }

    #[test]
    fn a_forecast_with_no_lines_is_all_zeros() {
        let forecast = compute(&input()).unwrap();
        let zero = sum_statements(&[]).unwrap();
        assert!(forecast.months.iter().all(|m| *m == zero));
        assert!(forecast.years.iter().all(|y| *y == zero));
        assert!(
            forecast
                .liquidity
                .iter()
                .all(|m| m.closing_cash == Money::ZERO
                    && m.inflows() == Money::ZERO
                    && m.outflows() == Money::ZERO)
        );
        assert_eq!(forecast.startup_budget.total, Money::ZERO);
        assert_eq!(forecast.financing.surplus, Money::ZERO);
        assert_eq!(
            forecast.break_even.monthly_revenue_needed,
            Some(Money::ZERO)
        );
    }

    #[test]
    fn input_beyond_the_limits_is_refused_rather_than_overflowing() {
        let mut plan = input();
        plan.revenue.push(RevenueLine {
            price: Money::from_ore(i64::MAX),
            ..sale(1, 1, VatRate::Zero, PaymentTerms::Immediate)
        });
        assert_eq!(compute(&plan), Err(ForecastError::TooLarge));
    }

    #[test]
    fn the_input_round_trips_through_json() {
        let mut plan = input();
        plan.revenue
            .push(sale(250, 40, VatRate::Six, PaymentTerms::TenDays));
        plan.financing.push(FinancingItem {
            name: "Lån".into(),
            amount: kr(1_000),
            source: FinancingSource::Loan(Loan {
                annual_interest: Percent::from_basis_points(450),
                term_months: 12,
                grace_months: 2,
            }),
        });
        plan.costs.push(CostLine {
            name: "Hyra".into(),
            amount: CostAmount::Fixed { monthly: kr(9_000) },
            vat: VatRate::TwentyFive,
            terms: PaymentTerms::SixtyDays,
        });
        plan.startup.push(StartupItem {
            name: "Ugn".into(),
            amount: kr(40_000),
            usage: StartupUse::Investment {
                depreciation_years: 4,
            },
        });
        let json = serde_json::to_string(&plan).unwrap();
        assert!(json.contains("\"price\":\"250.00\""));
        assert!(json.contains("\"kind\":\"fixed\",\"monthly\":\"9000.00\""));
        assert!(json.contains("\"kind\":\"loan\""));
        assert_eq!(serde_json::from_str::<ForecastInput>(&json).unwrap(), plan);
    }

    fn percent_in(range: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = Percent> {
        range.prop_map(Percent::from_basis_points)
    }

    fn vat() -> impl Strategy<Value = VatRate> {
        prop::sample::select(VatRate::ALL.to_vec())
    }

    fn terms() -> impl Strategy<Value = PaymentTerms> {
        prop::sample::select(PaymentTerms::ALL.to_vec())
    }

    fn any_input() -> impl Strategy<Value = ForecastInput> {
        let revenue = (
            0..10_000_000i64,
            0..100_000i64,
            percent_in(-2_000..=2_000),
            percent_in(-5_000..=10_000),
            vat(),
            terms(),
        )
            .prop_map(|(price, volume, monthly, yearly, vat, terms)| RevenueLine {
                name: "Sålt".into(),
                price: Money::from_ore(price),
                start_volume: Quantity::from_hundredths(volume).unwrap_or(Quantity::ZERO),
                monthly_growth: monthly,
                yearly_growth: yearly,
                vat,
                terms,
            });
        let cost = (
            any::<bool>(),
            0..10_000_000i64,
            percent_in(0..=10_000),
            vat(),
            terms(),
        )
            .prop_map(|(fixed, amount, share, vat, terms)| CostLine {
                name: "Köpt".into(),
                amount: if fixed {
                    CostAmount::Fixed {
                        monthly: Money::from_ore(amount),
                    }
                } else {
                    CostAmount::Variable {
                        share_of_revenue: share,
                    }
                },
                vat,
                terms,
            });
        let staff = (
            0..5_000_000i64,
            0..500i64,
            0..40i32,
            percent_in(0..=5_000),
            0..2_000_000i64,
            prop::option::of(1..40u32),
        )
            .prop_map(|(wage, count, start, rate, subsidy, months)| StaffLine {
                role: "Anställd".into(),
                monthly_wage: Money::from_ore(wage),
                count: Quantity::from_hundredths(count).unwrap_or(Quantity::ZERO),
                first_month: YearMonth::parse("2026-03")
                    .ok()
                    .and_then(|m| m.plus_months(start - 2))
                    .unwrap_or(YearMonth::FIRST),
                employer_contributions: rate,
                subsidy: Money::from_ore(subsidy),
                subsidy_months: months,
            });
        let startup =
            (0..3u8, 0..100_000_000i64, 1..10u32).prop_map(|(kind, amount, years)| StartupItem {
                name: "Start".into(),
                amount: Money::from_ore(amount),
                usage: match kind {
                    0 => StartupUse::Investment {
                        depreciation_years: years,
                    },
                    1 => StartupUse::Expense,
                    _ => StartupUse::Stock,
                },
            });
        let financing = (
            0..4u8,
            0..100_000_000i64,
            percent_in(0..=2_000),
            1..60u32,
            0..60u32,
        )
            .prop_map(|(kind, amount, interest, term, grace)| FinancingItem {
                name: "Pengar".into(),
                amount: Money::from_ore(amount),
                source: match kind {
                    0 => FinancingSource::OwnContribution,
                    1 => FinancingSource::MemberShares,
                    2 => FinancingSource::Grant,
                    _ => FinancingSource::Loan(Loan {
                        annual_interest: interest,
                        term_months: term,
                        grace_months: grace % term,
                    }),
                },
            });
        (
            1..=12u8,
            any::<bool>(),
            prop::collection::vec(revenue, 0..4),
            prop::collection::vec(cost, 0..4),
            prop::collection::vec(staff, 0..4),
            prop::collection::vec(startup, 0..4),
            prop::collection::vec(financing, 0..4),
        )
            .prop_map(
                |(first, monthly_vat, revenue, costs, staff, startup, financing)| ForecastInput {
                    first_month: YearMonth::new(2026, first).unwrap_or(YearMonth::FIRST),
                    vat_period: if monthly_vat {
                        VatPeriod::Monthly
                    } else {
                        VatPeriod::Quarterly
                    },
                    revenue,
                    costs,
                    staff,
                    startup,
                    financing,
                },
            )
    }

    proptest! {
        #[test]
        fn a_forecast_with_no_lines_is_all_zeros_whenever_it_starts(
            year in 1900..2190i32, month in 1..=12u8, monthly_vat in any::<bool>()
        ) {
            let mut plan = ForecastInput::empty(YearMonth::new(year, month).unwrap());
            if monthly_vat {
                plan.vat_period = VatPeriod::Monthly;
            }
            let forecast = compute(&plan).unwrap();
            let zero = sum_statements(&[]).unwrap();
            prop_assert!(forecast.months.iter().chain(&forecast.years).all(|s| *s == zero));
            prop_assert!(forecast.liquidity.iter().all(|m| m.closing_cash == Money::ZERO
                && m.inflows() == Money::ZERO
                && m.outflows() == Money::ZERO));
            prop_assert_eq!(forecast.financing.total, Money::ZERO);
            prop_assert_eq!(forecast.startup_budget.total, Money::ZERO);
        }

        #[test]
        fn closing_cash_is_opening_cash_plus_inflows_minus_outflows_and_months_chain(
            plan in any_input()
        ) {
            let forecast = compute(&plan).unwrap();
            prop_assert_eq!(forecast.liquidity.len(), LIQUIDITY_MONTHS);
            prop_assert_eq!(forecast.liquidity[0].opening_cash, Money::ZERO);
            for month in &forecast.liquidity {
                prop_assert_eq!(
                    month.closing_cash.ore(),
                    month.opening_cash.ore() + month.inflows().ore() - month.outflows().ore()
                );
                prop_assert_eq!(month.is_negative(), month.closing_cash.ore() < 0);
            }
            for pair in forecast.liquidity.windows(2) {
                prop_assert_eq!(pair[1].opening_cash, pair[0].closing_cash);
                prop_assert_eq!(pair[0].month.next(), Some(pair[1].month));
            }
        }

        #[test]
        fn income_statement_lines_add_up_and_years_are_the_sums_of_their_months(
            plan in any_input()
        ) {
            let forecast = compute(&plan).unwrap();
            for statement in forecast.months.iter().chain(&forecast.years) {
                let ore = |m: Money| m.ore();
                prop_assert_eq!(
                    ore(statement.gross_margin),
                    ore(statement.revenue) - ore(statement.variable_costs)
                );
                prop_assert_eq!(
                    ore(statement.operating_result),
                    ore(statement.gross_margin) - ore(statement.wages)
                        - ore(statement.employer_contributions)
                        + ore(statement.wage_subsidies)
                        - ore(statement.other_fixed_costs)
                        - ore(statement.startup_expenses)
                        - ore(statement.depreciation)
                );
                prop_assert_eq!(
                    ore(statement.result),
                    ore(statement.operating_result) - ore(statement.interest)
                );
            }
            prop_assert_eq!(forecast.years.len(), 3);
            for (year, months) in forecast.years.iter().zip(forecast.months.chunks(12)) {
                prop_assert_eq!(*year, sum_statements(months).unwrap());
            }
        }

        #[test]
        fn the_start_up_budget_and_the_financing_plan_add_up(plan in any_input()) {
            let forecast = compute(&plan).unwrap();
            let budget = &forecast.startup_budget;
            prop_assert_eq!(
                budget.total.ore(),
                budget.investments.ore() + budget.expenses.ore() + budget.stock.ore()
            );
            let financing = &forecast.financing;
            prop_assert_eq!(
                financing.total.ore(),
                financing.own_contributions.ore() + financing.member_shares.ore()
                    + financing.grants.ore() + financing.loans.ore()
            );
            prop_assert_eq!(financing.surplus.ore(), financing.total.ore() - budget.total.ore());
        }
    }
}
