//! The forecast as an HTML form posts it: every field a string, parsed here into a
//! [`ForecastInput`] or into one error per wrong field, so a page can show the user's own input
//! again with a plain message beside each field. The field names are listed in the module
//! documentation of [`super`].

use std::collections::HashMap;

use super::compute::{
    GROWTH_RANGE, MAX_AMOUNT_KRONOR, MAX_MONTHS, MAX_QUANTITY, MONTHLY_GROWTH_RANGE, RATE_RANGE,
};
use super::{
    CostAmount, CostKind, CostLine, DEFAULT_EMPLOYER_CONTRIBUTIONS, FinancingItem, FinancingKind,
    FinancingSource, ForecastInput, Loan, PaymentTerms, Percent, Quantity, RevenueLine, StaffLine,
    StartupItem, StartupKind, StartupUse, VatPeriod, VatRate,
};
use crate::code::required_choice;
use crate::income::YearMonth;
use crate::money::Money;
use crate::validation::{FieldError, ValidationErrors, optional_text};

/// Rows of revenue lines in the form.
pub const REVENUE_ROWS: usize = 8;
/// Rows of cost lines in the form.
pub const COST_ROWS: usize = 12;
/// Rows of staff lines in the form.
pub const STAFF_ROWS: usize = 8;
/// Rows of the start-up budget in the form.
pub const STARTUP_ROWS: usize = 8;
/// Rows of the financing plan in the form.
pub const FINANCING_ROWS: usize = 6;

/// The longest name of a line, in characters.
const NAME_MAX_CHARS: usize = 100;

pub const FIRST_MONTH_FIELD: &str = "first-month";
pub const VAT_PERIOD_FIELD: &str = "vat-period";

/// Builds the field names of every row of a section at compile time, so a field error can name
/// its field with a `&'static str`.
macro_rules! field_names {
    ($names:ident, $section:literal, [$($row:literal),+], $fields:tt) => {
        [$(field_names!(@row $names, $section, $row, $fields)),+]
    };
    (@row $names:ident, $section:literal, $row:literal, { $($field:ident: $suffix:literal),+ }) => {
        $names { $($field: concat!($section, "-", $row, "-", $suffix)),+ }
    };
}

/// The field names of one revenue row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevenueFieldNames {
    pub name: &'static str,
    pub price: &'static str,
    pub volume: &'static str,
    pub monthly_growth: &'static str,
    pub yearly_growth: &'static str,
    pub vat: &'static str,
    pub terms: &'static str,
}

/// The field names of the revenue rows: `revenue-1-name` and so on.
pub const REVENUE_FIELDS: [RevenueFieldNames; REVENUE_ROWS] = field_names!(
    RevenueFieldNames, "revenue", [1, 2, 3, 4, 5, 6, 7, 8],
    { name: "name", price: "price", volume: "volume", monthly_growth: "monthly-growth",
      yearly_growth: "yearly-growth", vat: "vat", terms: "terms" }
);

/// The field names of one cost row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostFieldNames {
    pub name: &'static str,
    pub kind: &'static str,
    pub amount: &'static str,
    pub percent: &'static str,
    pub vat: &'static str,
    pub terms: &'static str,
}

/// The field names of the cost rows: `cost-1-name` and so on.
pub const COST_FIELDS: [CostFieldNames; COST_ROWS] = field_names!(
    CostFieldNames, "cost", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    { name: "name", kind: "kind", amount: "amount", percent: "percent", vat: "vat",
      terms: "terms" }
);

/// The field names of one staff row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffFieldNames {
    pub role: &'static str,
    pub wage: &'static str,
    pub count: &'static str,
    pub first_month: &'static str,
    pub contributions: &'static str,
    pub subsidy: &'static str,
    pub subsidy_months: &'static str,
}

/// The field names of the staff rows: `staff-1-role` and so on.
pub const STAFF_FIELDS: [StaffFieldNames; STAFF_ROWS] = field_names!(
    StaffFieldNames, "staff", [1, 2, 3, 4, 5, 6, 7, 8],
    { role: "role", wage: "wage", count: "count", first_month: "first-month",
      contributions: "contributions", subsidy: "subsidy", subsidy_months: "subsidy-months" }
);

/// The field names of one start-up budget row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartupFieldNames {
    pub name: &'static str,
    pub kind: &'static str,
    pub amount: &'static str,
    pub years: &'static str,
}

/// The field names of the start-up budget rows: `startup-1-name` and so on.
pub const STARTUP_FIELDS: [StartupFieldNames; STARTUP_ROWS] = field_names!(
    StartupFieldNames, "startup", [1, 2, 3, 4, 5, 6, 7, 8],
    { name: "name", kind: "kind", amount: "amount", years: "years" }
);

/// The field names of one financing row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinancingFieldNames {
    pub name: &'static str,
    pub kind: &'static str,
    pub amount: &'static str,
    pub interest: &'static str,
    pub term: &'static str,
    pub grace: &'static str,
}

/// The field names of the financing rows: `financing-1-name` and so on.
pub const FINANCING_FIELDS: [FinancingFieldNames; FINANCING_ROWS] = field_names!(
    FinancingFieldNames, "financing", [1, 2, 3, 4, 5, 6],
    { name: "name", kind: "kind", amount: "amount", interest: "interest", term: "term",
      grace: "grace" }
);

/// One revenue row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevenueRowForm {
    pub name: String,
    pub price: String,
    pub volume: String,
    pub monthly_growth: String,
    pub yearly_growth: String,
    pub vat: String,
    pub terms: String,
}

impl Default for RevenueRowForm {
    /// A blank row whose select boxes show 25 % VAT and 30 days, the most common choices.
    fn default() -> Self {
        Self {
            name: String::new(),
            price: String::new(),
            volume: String::new(),
            monthly_growth: String::new(),
            yearly_growth: String::new(),
            vat: VatRate::TwentyFive.code().to_owned(),
            terms: PaymentTerms::ThirtyDays.code().to_owned(),
        }
    }
}

/// One cost row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostRowForm {
    pub name: String,
    pub kind: String,
    pub amount: String,
    pub percent: String,
    pub vat: String,
    pub terms: String,
}

impl Default for CostRowForm {
    /// A blank row: a fixed cost with 25 % VAT paid in 30 days.
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: CostKind::Fixed.code().to_owned(),
            amount: String::new(),
            percent: String::new(),
            vat: VatRate::TwentyFive.code().to_owned(),
            terms: PaymentTerms::ThirtyDays.code().to_owned(),
        }
    }
}

/// One staff row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffRowForm {
    pub role: String,
    pub wage: String,
    pub count: String,
    pub first_month: String,
    pub contributions: String,
    pub subsidy: String,
    pub subsidy_months: String,
}

/// One start-up budget row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartupRowForm {
    pub name: String,
    pub kind: String,
    pub amount: String,
    pub years: String,
}

impl Default for StartupRowForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: StartupKind::Investment.code().to_owned(),
            amount: String::new(),
            years: String::new(),
        }
    }
}

/// One financing row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancingRowForm {
    pub name: String,
    pub kind: String,
    pub amount: String,
    pub interest: String,
    pub term: String,
    pub grace: String,
}

impl Default for FinancingRowForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: FinancingKind::OwnContribution.code().to_owned(),
            amount: String::new(),
            interest: String::new(),
            term: String::new(),
            grace: String::new(),
        }
    }
}

/// The whole forecast form as typed, with exactly [`REVENUE_ROWS`] revenue rows and so on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastForm {
    pub first_month: String,
    pub vat_period: String,
    pub revenue: [RevenueRowForm; REVENUE_ROWS],
    pub costs: [CostRowForm; COST_ROWS],
    pub staff: [StaffRowForm; STAFF_ROWS],
    pub startup: [StartupRowForm; STARTUP_ROWS],
    pub financing: [FinancingRowForm; FINANCING_ROWS],
}

impl Default for ForecastForm {
    /// An empty form with quarterly VAT and each row's default choices.
    fn default() -> Self {
        Self {
            first_month: String::new(),
            vat_period: VatPeriod::Quarterly.code().to_owned(),
            revenue: Default::default(),
            costs: Default::default(),
            staff: Default::default(),
            startup: Default::default(),
            financing: Default::default(),
        }
    }
}

impl ForecastForm {
    /// The form from posted name–value pairs (as `axum::Form<Vec<(String, String)>>` gives
    /// them). Unknown names are ignored; a missing field is blank, or its default choice.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let posted: HashMap<String, String> = pairs
            .into_iter()
            .map(|(name, value)| (name.as_ref().to_owned(), value.as_ref().to_owned()))
            .collect();
        let mut form = Self::default();
        let take = |target: &mut String, name: &str| {
            if let Some(value) = posted.get(name) {
                target.clone_from(value);
            }
        };
        take(&mut form.first_month, FIRST_MONTH_FIELD);
        take(&mut form.vat_period, VAT_PERIOD_FIELD);
        for (row, names) in form.revenue.iter_mut().zip(&REVENUE_FIELDS) {
            take(&mut row.name, names.name);
            take(&mut row.price, names.price);
            take(&mut row.volume, names.volume);
            take(&mut row.monthly_growth, names.monthly_growth);
            take(&mut row.yearly_growth, names.yearly_growth);
            take(&mut row.vat, names.vat);
            take(&mut row.terms, names.terms);
        }
        for (row, names) in form.costs.iter_mut().zip(&COST_FIELDS) {
            take(&mut row.name, names.name);
            take(&mut row.kind, names.kind);
            take(&mut row.amount, names.amount);
            take(&mut row.percent, names.percent);
            take(&mut row.vat, names.vat);
            take(&mut row.terms, names.terms);
        }
        for (row, names) in form.staff.iter_mut().zip(&STAFF_FIELDS) {
            take(&mut row.role, names.role);
            take(&mut row.wage, names.wage);
            take(&mut row.count, names.count);
            take(&mut row.first_month, names.first_month);
            take(&mut row.contributions, names.contributions);
            take(&mut row.subsidy, names.subsidy);
            take(&mut row.subsidy_months, names.subsidy_months);
        }
        for (row, names) in form.startup.iter_mut().zip(&STARTUP_FIELDS) {
            take(&mut row.name, names.name);
            take(&mut row.kind, names.kind);
            take(&mut row.amount, names.amount);
            take(&mut row.years, names.years);
        }
        for (row, names) in form.financing.iter_mut().zip(&FINANCING_FIELDS) {
            take(&mut row.name, names.name);
            take(&mut row.kind, names.kind);
            take(&mut row.amount, names.amount);
            take(&mut row.interest, names.interest);
            take(&mut row.term, names.term);
            take(&mut row.grace, names.grace);
        }
        form
    }

    /// The form filled in from a stored forecast, to edit it or start a new version from it.
    /// Lines beyond the form's rows are left out (only possible for input not made by the form).
    #[must_use]
    pub fn from_input(input: &ForecastInput) -> Self {
        let mut form = Self {
            first_month: input.first_month.to_string(),
            vat_period: input.vat_period.code().to_owned(),
            ..Self::default()
        };
        for (row, line) in form.revenue.iter_mut().zip(&input.revenue) {
            *row = RevenueRowForm {
                name: line.name.clone(),
                price: amount_text(line.price),
                volume: line.start_volume.format_sv(),
                monthly_growth: line.monthly_growth.format_sv(),
                yearly_growth: line.yearly_growth.format_sv(),
                vat: line.vat.code().to_owned(),
                terms: line.terms.code().to_owned(),
            };
        }
        for (row, line) in form.costs.iter_mut().zip(&input.costs) {
            let (kind, amount, percent) = match line.amount {
                CostAmount::Fixed { monthly } => {
                    (CostKind::Fixed, amount_text(monthly), String::new())
                }
                CostAmount::Variable { share_of_revenue } => (
                    CostKind::Variable,
                    String::new(),
                    share_of_revenue.format_sv(),
                ),
            };
            *row = CostRowForm {
                name: line.name.clone(),
                kind: kind.code().to_owned(),
                amount,
                percent,
                vat: line.vat.code().to_owned(),
                terms: line.terms.code().to_owned(),
            };
        }
        for (row, line) in form.staff.iter_mut().zip(&input.staff) {
            *row = StaffRowForm {
                role: line.role.clone(),
                wage: amount_text(line.monthly_wage),
                count: line.count.format_sv(),
                first_month: line.first_month.to_string(),
                contributions: line.employer_contributions.format_sv(),
                subsidy: if line.subsidy == Money::ZERO {
                    String::new()
                } else {
                    amount_text(line.subsidy)
                },
                subsidy_months: line
                    .subsidy_months
                    .map(|months| months.to_string())
                    .unwrap_or_default(),
            };
        }
        for (row, item) in form.startup.iter_mut().zip(&input.startup) {
            *row = StartupRowForm {
                name: item.name.clone(),
                kind: item.usage.kind().code().to_owned(),
                amount: amount_text(item.amount),
                years: match item.usage {
                    StartupUse::Investment { depreciation_years } => depreciation_years.to_string(),
                    StartupUse::Expense | StartupUse::Stock => String::new(),
                },
            };
        }
        for (row, item) in form.financing.iter_mut().zip(&input.financing) {
            let (interest, term, grace) = match item.source {
                FinancingSource::Loan(loan) => (
                    loan.annual_interest.format_sv(),
                    loan.term_months.to_string(),
                    loan.grace_months.to_string(),
                ),
                FinancingSource::OwnContribution
                | FinancingSource::MemberShares
                | FinancingSource::Grant => (String::new(), String::new(), String::new()),
            };
            *row = FinancingRowForm {
                name: item.name.clone(),
                kind: item.source.kind().code().to_owned(),
                amount: amount_text(item.amount),
                interest,
                term,
                grace,
            };
        }
        form
    }

    /// Parses the form. Rows whose text fields are all blank are ignored.
    ///
    /// # Errors
    ///
    /// Every wrong field, each with its field name, Fluent message key and arguments.
    pub fn parse(&self) -> Result<ForecastInput, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let first_month = errors.check(
            YearMonth::parse(&self.first_month)
                .map_err(|error| month_error(FIRST_MONTH_FIELD, &error)),
        );
        let vat_period = errors.check(required_choice(VAT_PERIOD_FIELD, &self.vat_period));
        let revenue = self
            .revenue
            .iter()
            .zip(&REVENUE_FIELDS)
            .filter(|(row, _)| !row.is_blank())
            .filter_map(|(row, names)| row.parse(names, &mut errors))
            .collect();
        let costs = self
            .costs
            .iter()
            .zip(&COST_FIELDS)
            .filter(|(row, _)| !row.is_blank())
            .filter_map(|(row, names)| row.parse(names, &mut errors))
            .collect();
        let staff = self
            .staff
            .iter()
            .zip(&STAFF_FIELDS)
            .filter(|(row, _)| !row.is_blank())
            .filter_map(|(row, names)| row.parse(names, first_month, &mut errors))
            .collect();
        let startup = self
            .startup
            .iter()
            .zip(&STARTUP_FIELDS)
            .filter(|(row, _)| !row.is_blank())
            .filter_map(|(row, names)| row.parse(names, &mut errors))
            .collect();
        let financing = self
            .financing
            .iter()
            .zip(&FINANCING_FIELDS)
            .filter(|(row, _)| !row.is_blank())
            .filter_map(|(row, names)| row.parse(names, &mut errors))
            .collect();
        match (first_month, vat_period, errors.is_empty()) {
            (Some(first_month), Some(vat_period), true) => Ok(ForecastInput {
                first_month,
                vat_period,
                revenue,
                costs,
                staff,
                startup,
                financing,
            }),
            _ => Err(errors),
        }
    }
}

fn all_blank(fields: &[&str]) -> bool {
    fields.iter().all(|field| field.trim().is_empty())
}

impl RevenueRowForm {
    fn is_blank(&self) -> bool {
        all_blank(&[
            &self.name,
            &self.price,
            &self.volume,
            &self.monthly_growth,
            &self.yearly_growth,
        ])
    }

    fn parse(
        &self,
        names: &RevenueFieldNames,
        errors: &mut ValidationErrors,
    ) -> Option<RevenueLine> {
        let name = errors.check(line_name(names.name, &self.name));
        let price = errors.check(amount(names.price, &self.price));
        let start_volume = errors.check(quantity(names.volume, &self.volume));
        let monthly_growth = errors.check(percent(
            names.monthly_growth,
            &self.monthly_growth,
            MONTHLY_GROWTH_RANGE,
            Some(Percent::ZERO),
        ));
        let yearly_growth = errors.check(percent(
            names.yearly_growth,
            &self.yearly_growth,
            GROWTH_RANGE,
            Some(Percent::ZERO),
        ));
        let vat = errors.check(required_choice(names.vat, &self.vat));
        let terms = errors.check(required_choice(names.terms, &self.terms));
        Some(RevenueLine {
            name: name?,
            price: price?,
            start_volume: start_volume?,
            monthly_growth: monthly_growth?,
            yearly_growth: yearly_growth?,
            vat: vat?,
            terms: terms?,
        })
    }
}

impl CostRowForm {
    fn is_blank(&self) -> bool {
        all_blank(&[&self.name, &self.amount, &self.percent])
    }

    fn parse(&self, names: &CostFieldNames, errors: &mut ValidationErrors) -> Option<CostLine> {
        let name = errors.check(line_name(names.name, &self.name));
        let kind = errors.check(required_choice::<CostKind>(names.kind, &self.kind));
        let amount = match kind? {
            CostKind::Fixed => errors
                .check(amount(names.amount, &self.amount))
                .map(|monthly| CostAmount::Fixed { monthly }),
            CostKind::Variable => errors
                .check(percent(names.percent, &self.percent, RATE_RANGE, None))
                .map(|share_of_revenue| CostAmount::Variable { share_of_revenue }),
        };
        let vat = errors.check(required_choice(names.vat, &self.vat));
        let terms = errors.check(required_choice(names.terms, &self.terms));
        Some(CostLine {
            name: name?,
            amount: amount?,
            vat: vat?,
            terms: terms?,
        })
    }
}

impl StaffRowForm {
    fn is_blank(&self) -> bool {
        all_blank(&[
            &self.role,
            &self.wage,
            &self.count,
            &self.first_month,
            &self.contributions,
            &self.subsidy,
            &self.subsidy_months,
        ])
    }

    fn parse(
        &self,
        names: &StaffFieldNames,
        forecast_start: Option<YearMonth>,
        errors: &mut ValidationErrors,
    ) -> Option<StaffLine> {
        let role = errors.check(line_name(names.role, &self.role));
        let monthly_wage = errors.check(amount(names.wage, &self.wage));
        let count = errors.check(quantity(names.count, &self.count));
        let first_month = if self.first_month.trim().is_empty() {
            forecast_start
        } else {
            errors.check(
                YearMonth::parse(&self.first_month)
                    .map_err(|error| month_error(names.first_month, &error))
                    .and_then(|month| match forecast_start {
                        Some(start) if month < start => Err(FieldError::new(
                            names.first_month,
                            "forecast-error-before-first-month",
                        )
                        .with_arg("first", start)),
                        _ => Ok(month),
                    }),
            )
        };
        let employer_contributions = errors.check(percent(
            names.contributions,
            &self.contributions,
            RATE_RANGE,
            Some(DEFAULT_EMPLOYER_CONTRIBUTIONS),
        ));
        let subsidy = if self.subsidy.trim().is_empty() {
            Some(Money::ZERO)
        } else {
            errors.check(amount(names.subsidy, &self.subsidy))
        };
        let subsidy_months = if self.subsidy_months.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check(whole_number(
                    names.subsidy_months,
                    &self.subsidy_months,
                    1,
                    MAX_MONTHS,
                ))
                .map(Some)
        };
        Some(StaffLine {
            role: role?,
            monthly_wage: monthly_wage?,
            count: count?,
            first_month: first_month?,
            employer_contributions: employer_contributions?,
            subsidy: subsidy?,
            subsidy_months: subsidy_months?,
        })
    }
}

impl StartupRowForm {
    fn is_blank(&self) -> bool {
        all_blank(&[&self.name, &self.amount, &self.years])
    }

    fn parse(
        &self,
        names: &StartupFieldNames,
        errors: &mut ValidationErrors,
    ) -> Option<StartupItem> {
        let name = errors.check(line_name(names.name, &self.name));
        let amount = errors.check(amount(names.amount, &self.amount));
        let kind = errors.check(required_choice::<StartupKind>(names.kind, &self.kind));
        let usage = match kind? {
            StartupKind::Investment => errors
                .check(whole_number(names.years, &self.years, 1, MAX_MONTHS / 12))
                .map(|depreciation_years| StartupUse::Investment { depreciation_years }),
            StartupKind::Expense => Some(StartupUse::Expense),
            StartupKind::Stock => Some(StartupUse::Stock),
        };
        Some(StartupItem {
            name: name?,
            amount: amount?,
            usage: usage?,
        })
    }
}

impl FinancingRowForm {
    fn is_blank(&self) -> bool {
        all_blank(&[
            &self.name,
            &self.amount,
            &self.interest,
            &self.term,
            &self.grace,
        ])
    }

    fn parse(
        &self,
        names: &FinancingFieldNames,
        errors: &mut ValidationErrors,
    ) -> Option<FinancingItem> {
        let name = errors.check(line_name(names.name, &self.name));
        let amount = errors.check(amount(names.amount, &self.amount));
        let kind = errors.check(required_choice::<FinancingKind>(names.kind, &self.kind));
        let source = match kind? {
            FinancingKind::OwnContribution => Some(FinancingSource::OwnContribution),
            FinancingKind::MemberShares => Some(FinancingSource::MemberShares),
            FinancingKind::Grant => Some(FinancingSource::Grant),
            FinancingKind::Loan => self.loan(names, errors).map(FinancingSource::Loan),
        };
        Some(FinancingItem {
            name: name?,
            amount: amount?,
            source: source?,
        })
    }

    fn loan(&self, names: &FinancingFieldNames, errors: &mut ValidationErrors) -> Option<Loan> {
        let annual_interest =
            errors.check(percent(names.interest, &self.interest, RATE_RANGE, None));
        let term_months = errors.check(whole_number(names.term, &self.term, 1, MAX_MONTHS));
        let grace_months = if self.grace.trim().is_empty() {
            Some(0)
        } else {
            errors.check(whole_number(names.grace, &self.grace, 0, MAX_MONTHS))
        };
        let (term_months, grace_months) = (term_months?, grace_months?);
        if grace_months >= term_months {
            errors.push(FieldError::new(
                names.grace,
                "forecast-error-grace-not-shorter-than-term",
            ));
            return None;
        }
        Some(Loan {
            annual_interest: annual_interest?,
            term_months,
            grace_months,
        })
    }
}

fn line_name(field: &'static str, text: &str) -> Result<String, FieldError> {
    optional_text(field, text, NAME_MAX_CHARS)?
        .ok_or_else(|| FieldError::new(field, "error-required"))
}

fn month_error(field: &'static str, error: &crate::income::YearMonthError) -> FieldError {
    error.message_args().into_iter().fold(
        FieldError::new(field, error.message_key()),
        |field_error, (name, value)| field_error.with_arg(name, value),
    )
}

/// A required amount in kronor, zero or more and at most [`MAX_AMOUNT_KRONOR`].
fn amount(field: &'static str, text: &str) -> Result<Money, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    let money =
        Money::parse_sv(text).map_err(|_| FieldError::new(field, "forecast-error-amount"))?;
    if money < Money::ZERO {
        return Err(FieldError::new(field, "error-amount-negative"));
    }
    if money.ore() > MAX_AMOUNT_KRONOR * 100 {
        return Err(FieldError::new(field, "forecast-error-amount-too-large")
            .with_arg("max", Money::from_ore(MAX_AMOUNT_KRONOR * 100).format_sv()));
    }
    Ok(money)
}

/// A required quantity, zero or more and at most [`MAX_QUANTITY`].
fn quantity(field: &'static str, text: &str) -> Result<Quantity, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    let quantity = Quantity::parse_sv(text)
        .ok_or_else(|| FieldError::new(field, "forecast-error-quantity"))?;
    if quantity.hundredths() > MAX_QUANTITY * 100 {
        return Err(FieldError::new(field, "forecast-error-quantity-too-large")
            .with_arg("max", MAX_QUANTITY));
    }
    Ok(quantity)
}

/// A percentage within `range` (basis points); blank gives `default`, or is required without.
fn percent(
    field: &'static str,
    text: &str,
    range: std::ops::RangeInclusive<i64>,
    default: Option<Percent>,
) -> Result<Percent, FieldError> {
    if text.trim().is_empty() {
        return default.ok_or_else(|| FieldError::new(field, "error-required"));
    }
    let percent =
        Percent::parse_sv(text).ok_or_else(|| FieldError::new(field, "forecast-error-percent"))?;
    if range.contains(&percent.basis_points()) {
        Ok(percent)
    } else {
        Err(FieldError::new(field, "forecast-error-percent-range")
            .with_arg(
                "min",
                Percent::from_basis_points(*range.start()).format_sv(),
            )
            .with_arg("max", Percent::from_basis_points(*range.end()).format_sv()))
    }
}

/// A required whole number from `min` to `max`.
fn whole_number(field: &'static str, text: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    let range_error = || {
        FieldError::new(field, "error-whole-number-range")
            .with_arg("min", min)
            .with_arg("max", max)
    };
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "error-whole-number"));
    }
    let number: u32 = text.parse().map_err(|_| range_error())?;
    if (min..=max).contains(&number) {
        Ok(number)
    } else {
        Err(range_error())
    }
}

/// An amount as a form shows it for editing: `1 234,50`, or `1 234` for whole kronor.
fn amount_text(amount: Money) -> String {
    amount
        .format_sv()
        .trim_end_matches("kr")
        .trim_end_matches('\u{a0}')
        .replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn posted(pairs: &[(&str, &str)]) -> ForecastForm {
        ForecastForm::from_pairs(pairs.iter().copied())
    }

    fn keys(errors: &ValidationErrors) -> Vec<(&'static str, &'static str)> {
        errors.iter().map(|e| (e.field, e.key)).collect()
    }

    #[test]
    fn field_names_are_numbered_from_one_within_their_section() {
        assert_eq!(REVENUE_FIELDS[0].price, "revenue-1-price");
        assert_eq!(REVENUE_FIELDS[7].monthly_growth, "revenue-8-monthly-growth");
        assert_eq!(COST_FIELDS[11].percent, "cost-12-percent");
        assert_eq!(STAFF_FIELDS[2].subsidy_months, "staff-3-subsidy-months");
        assert_eq!(STARTUP_FIELDS[5].years, "startup-6-years");
        assert_eq!(FINANCING_FIELDS[5].grace, "financing-6-grace");
    }

    #[test]
    fn a_filled_in_form_becomes_the_forecast_input_it_describes() {
        let form = posted(&[
            ("first-month", "2026-03"),
            ("vat-period", "monthly"),
            ("revenue-1-name", "Cykelservice"),
            ("revenue-1-price", "1 250,50"),
            ("revenue-1-volume", "20"),
            ("revenue-1-monthly-growth", "2,5"),
            ("revenue-1-vat", "25"),
            ("revenue-1-terms", "0"),
            ("cost-2-name", "Reservdelar"),
            ("cost-2-kind", "variable"),
            ("cost-2-percent", "35 %"),
            ("staff-1-role", "Mekaniker"),
            ("staff-1-wage", "25 000"),
            ("staff-1-count", "1,5"),
            ("staff-1-subsidy", "10000"),
            ("staff-1-subsidy-months", "12"),
            ("startup-1-name", "Verktyg"),
            ("startup-1-amount", "60 000"),
            ("startup-1-years", "5"),
            ("financing-1-name", "Almi"),
            ("financing-1-kind", "loan"),
            ("financing-1-amount", "100000"),
            ("financing-1-interest", "6"),
            ("financing-1-term", "36"),
        ]);
        let input = form.parse().unwrap();
        let march = YearMonth::new(2026, 3).unwrap();
        assert_eq!(input.first_month, march);
        assert_eq!(input.vat_period, VatPeriod::Monthly);
        assert_eq!(
            input.revenue,
            vec![RevenueLine {
                name: "Cykelservice".into(),
                price: Money::from_ore(125_050),
                start_volume: Quantity::from_whole(20).unwrap(),
                monthly_growth: Percent::from_basis_points(250),
                yearly_growth: Percent::ZERO,
                vat: VatRate::TwentyFive,
                terms: PaymentTerms::Immediate,
            }]
        );
        assert_eq!(
            input.costs[0].amount,
            CostAmount::Variable {
                share_of_revenue: Percent::from_basis_points(3_500)
            }
        );
        let staff = &input.staff[0];
        assert_eq!(staff.first_month, march);
        assert_eq!(staff.employer_contributions, DEFAULT_EMPLOYER_CONTRIBUTIONS);
        assert_eq!(staff.count, Quantity::from_hundredths(150).unwrap());
        assert_eq!(staff.subsidy_months, Some(12));
        assert_eq!(
            input.startup[0].usage,
            StartupUse::Investment {
                depreciation_years: 5
            }
        );
        assert_eq!(
            input.financing[0].source,
            FinancingSource::Loan(Loan {
                annual_interest: Percent::from_basis_points(600),
                term_months: 36,
                grace_months: 0,
            })
        );
    }

    #[test]
    fn rows_left_blank_are_ignored_even_with_their_default_choices() {
        let input = posted(&[("first-month", "2026-01")]).parse().unwrap();
        assert_eq!(
            input,
            ForecastInput::empty(YearMonth::new(2026, 1).unwrap())
        );
    }

    #[test]
    fn every_wrong_field_is_reported_by_its_own_name() {
        let form = posted(&[
            ("first-month", "mars"),
            ("revenue-2-name", "Lunch"),
            ("revenue-2-price", "12 euro"),
            ("revenue-2-volume", "-3"),
            ("revenue-2-yearly-growth", "2000"),
            ("cost-1-amount", "500"),
            ("staff-1-role", "Kock"),
            ("staff-1-wage", "-1"),
            ("staff-1-count", "1"),
            ("startup-1-name", "Ugn"),
            ("startup-1-amount", "10 000"),
            ("financing-1-name", "Lån"),
            ("financing-1-kind", "loan"),
            ("financing-1-amount", "1000"),
            ("financing-1-interest", "5"),
            ("financing-1-term", "12"),
            ("financing-1-grace", "12"),
        ]);
        let errors = form.parse().unwrap_err();
        assert_eq!(
            keys(&errors),
            vec![
                ("first-month", "month-error-format"),
                ("revenue-2-price", "forecast-error-amount"),
                ("revenue-2-volume", "forecast-error-quantity"),
                ("revenue-2-yearly-growth", "forecast-error-percent-range"),
                ("cost-1-name", "error-required"),
                ("staff-1-wage", "error-amount-negative"),
                ("startup-1-years", "error-required"),
                (
                    "financing-1-grace",
                    "forecast-error-grace-not-shorter-than-term"
                ),
            ]
        );
        let range = errors.for_field("revenue-2-yearly-growth").unwrap();
        assert_eq!(
            range.args,
            vec![("min", "-100".to_owned()), ("max", "1000".to_owned())]
        );
    }

    #[test]
    fn a_variable_cost_needs_its_percent_and_a_fixed_cost_its_amount() {
        let errors = posted(&[
            ("first-month", "2026-01"),
            ("cost-1-name", "Material"),
            ("cost-1-kind", "variable"),
            ("cost-1-amount", "100"),
            ("cost-2-name", "Hyra"),
            ("cost-2-kind", "fixed"),
            ("cost-2-percent", "10"),
        ])
        .parse()
        .unwrap_err();
        assert_eq!(
            keys(&errors),
            vec![
                ("cost-1-percent", "error-required"),
                ("cost-2-amount", "error-required")
            ]
        );
    }

    #[test]
    fn staff_cannot_start_before_the_forecast_does() {
        let errors = posted(&[
            ("first-month", "2026-05"),
            ("staff-1-role", "Kock"),
            ("staff-1-wage", "20000"),
            ("staff-1-count", "1"),
            ("staff-1-first-month", "2026-04"),
        ])
        .parse()
        .unwrap_err();
        let error = errors.for_field("staff-1-first-month").unwrap();
        assert_eq!(error.key, "forecast-error-before-first-month");
        assert_eq!(error.args, vec![("first", "2026-05".to_owned())]);
    }

    #[test]
    fn a_choice_that_no_select_box_offers_asks_to_choose() {
        let errors = posted(&[
            ("first-month", "2026-01"),
            ("vat-period", "yearly"),
            ("revenue-1-name", "Kaffe"),
            ("revenue-1-price", "30"),
            ("revenue-1-volume", "100"),
            ("revenue-1-vat", "7"),
        ])
        .parse()
        .unwrap_err();
        assert_eq!(
            keys(&errors),
            vec![
                ("vat-period", "error-choose-option"),
                ("revenue-1-vat", "error-choose-option")
            ]
        );
    }

    #[test]
    fn a_stored_forecast_fills_the_form_and_parses_back_unchanged() {
        let form = posted(&[
            ("first-month", "2026-03"),
            ("revenue-1-name", "Cykelservice"),
            ("revenue-1-price", "1 250,50"),
            ("revenue-1-volume", "20,25"),
            ("revenue-1-yearly-growth", "-10"),
            ("cost-1-name", "Hyra"),
            ("cost-1-amount", "12 000"),
            ("cost-2-name", "Material"),
            ("cost-2-kind", "variable"),
            ("cost-2-percent", "35,5"),
            ("staff-1-role", "Mekaniker"),
            ("staff-1-wage", "25 000"),
            ("staff-1-count", "2"),
            ("staff-1-first-month", "2026-06"),
            ("staff-1-contributions", "10,21"),
            ("staff-1-subsidy", "10000"),
            ("startup-1-name", "Verktyg"),
            ("startup-1-kind", "stock"),
            ("startup-1-amount", "60 000"),
            ("financing-1-name", "Almi"),
            ("financing-1-kind", "loan"),
            ("financing-1-amount", "100000"),
            ("financing-1-interest", "6"),
            ("financing-1-term", "36"),
            ("financing-1-grace", "6"),
            ("financing-2-name", "Bidrag"),
            ("financing-2-kind", "grant"),
            ("financing-2-amount", "25000"),
        ]);
        let input = form.parse().unwrap();
        let refilled = ForecastForm::from_input(&input);
        assert_eq!(refilled.revenue[0].price, "1 250,50");
        assert_eq!(refilled.costs[1].percent, "35,5");
        assert_eq!(refilled.parse().unwrap(), input);
    }

    fn every_field_name() -> Vec<&'static str> {
        let mut names = vec![FIRST_MONTH_FIELD, VAT_PERIOD_FIELD];
        for n in &REVENUE_FIELDS {
            names.extend([
                n.name,
                n.price,
                n.volume,
                n.monthly_growth,
                n.yearly_growth,
                n.vat,
                n.terms,
            ]);
        }
        for n in &COST_FIELDS {
            names.extend([n.name, n.kind, n.amount, n.percent, n.vat, n.terms]);
        }
        for n in &STAFF_FIELDS {
            names.extend([
                n.role,
                n.wage,
                n.count,
                n.first_month,
                n.contributions,
                n.subsidy,
                n.subsidy_months,
            ]);
        }
        for n in &STARTUP_FIELDS {
            names.extend([n.name, n.kind, n.amount, n.years]);
        }
        for n in &FINANCING_FIELDS {
            names.extend([n.name, n.kind, n.amount, n.interest, n.term, n.grace]);
        }
        names
    }

    #[test]
    fn every_field_name_is_distinct() {
        let names = every_field_name();
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
    }

    proptest! {
        // Each case posts all 254 fields, so fewer cases still try thousands of values.
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn parsing_never_panics_whatever_is_posted(
            values in prop::collection::vec(any::<String>(), 254)
        ) {
            let names = every_field_name();
            let form = ForecastForm::from_pairs(names.iter().copied().zip(values.iter()));
            if let Ok(input) = form.parse() {
                prop_assert!(crate::forecast::compute(&input).is_ok());
            }
        }

        #[test]
        fn parsing_number_like_input_never_panics_and_computes_when_accepted(
            values in prop::collection::vec("[-0-9 ,.%]{0,8}|2026-0[1-9]|loan|variable|investment", 254)
        ) {
            let names = every_field_name();
            let mut pairs: Vec<(&str, &str)> =
                names.iter().copied().zip(values.iter().map(String::as_str)).collect();
            pairs.push(("first-month", "2026-01"));
            let form = ForecastForm::from_pairs(pairs);
            if let Ok(input) = form.parse() {
                prop_assert!(crate::forecast::compute(&input).is_ok());
                prop_assert_eq!(ForecastForm::from_input(&input).parse(), Ok(input));
            }
        }
    }
}
