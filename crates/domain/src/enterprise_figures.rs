//! Participants in social enterprises and the enterprises' figures per year.
//!
//! A membership links a person (a programme's participant) to an enterprise with a form of
//! employment or participation, hours and dates: these feed effect 2 (occupation or
//! employment in a social enterprise). Year figures are what the enterprise reports about
//! itself: money, and head counts on a stated date, from which the share for reserved
//! contracts (LOU 4 kap. 18 §) and growth between years (effect 5) are computed here, exactly,
//! in integers.

use crate::coded_enum;
use crate::money::Money;
use crate::programme::parse_id;
use crate::timestamp::{format_date, parse_date};
use crate::validation::{FieldError, ValidationErrors, optional_text};
use serde::{Deserialize, Serialize};
use time::Date;

pub const ROLE_MAX: usize = 200;
/// The most hours a week a membership may state; above it is almost surely a typing error.
pub const HOURS_MAX_TENTHS: i64 = 600;
/// The earliest year of figures the register takes.
pub const FIGURES_YEAR_MIN: i32 = 2000;

coded_enum! {
    /// How a person takes part in an enterprise (domain brief §6).
    pub enum EmploymentForm {
        Employed => "employed",
        WageSubsidy => "wage-subsidy",
        Nystartsjobb => "nystartsjobb",
        WorkTraining => "work-training",
        Placement => "placement",
        MemberOrOwner => "member-or-owner",
        Volunteer => "volunteer",
    }
}

impl EmploymentForm {
    /// Whether the form is a job: an employment, with or without a wage subsidy or
    /// nystartsjobb. Work training, placements, membership and volunteering are occupation
    /// but not a job, so effect 2's job counts leave them out (docs/methods.md).
    pub fn is_employment(self) -> bool {
        matches!(
            self,
            EmploymentForm::Employed | EmploymentForm::WageSubsidy | EmploymentForm::Nystartsjobb
        )
    }
}

/// A threshold set by law, with the source it is taken from, so the number is never a bare
/// constant in a computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalThreshold {
    /// Whole percent.
    pub percent: i64,
    pub source: &'static str,
}

/// Public buyers may reserve a contract for suppliers where at least 30 % of the employees
/// have a disability or are otherwise disadvantaged (far from the labour market).
pub const RESERVED_CONTRACT_THRESHOLD: LegalThreshold = LegalThreshold {
    percent: 30,
    source: "LOU (2016:1145) 4 kap. 18 §",
};

/// Hours a week in tenths of an hour, typed with a decimal comma or point ("37,5").
pub fn parse_hours(field: &'static str, input: &str) -> Result<Option<i64>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_tenths(text)
        .filter(|t| (0..=HOURS_MAX_TENTHS).contains(t))
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "enterprise-error-hours").with_arg("max", 60))
}

/// A non-negative number with at most one decimal, in tenths: "12,5" is 125.
fn parse_tenths(text: &str) -> Option<i64> {
    let (whole, decimal) = match text.split_once([',', '.']) {
        Some((whole, decimal)) => (whole, decimal),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(decimal.is_empty() || decimal.len() == 1 && digits(decimal)) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let tenth: i64 = if decimal.is_empty() {
        0
    } else {
        decimal.parse().ok()?
    };
    whole.checked_mul(10)?.checked_add(tenth)
}

/// Formats tenths with a decimal comma: 375 is "37,5", 400 is "40".
pub fn format_tenths(tenths: i64) -> String {
    if tenths % 10 == 0 {
        crate::swedish::format_integer(tenths / 10)
    } else {
        crate::swedish::format_fixed(i128::from(tenths), 1)
    }
}

/// A membership as typed in the form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipInput {
    pub person_id: String,
    pub form: String,
    /// The job or task, for example "kock"; optional.
    pub role_title: String,
    pub hours_per_week: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipDraft {
    pub person_id: i64,
    pub form: EmploymentForm,
    pub role_title: Option<String>,
    /// Tenths of an hour a week.
    pub hours_tenths: Option<i64>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

impl MembershipInput {
    /// The start is required and not after `today`; an end, if given, is not before the start.
    pub fn parse(&self, today: Date) -> Result<MembershipDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let person_id = errors.check(parse_id("person_id", &self.person_id));
        let form = errors.check(crate::code::required_choice::<EmploymentForm>(
            "form", &self.form,
        ));
        let role_title = errors.check(optional_text("role_title", &self.role_title, ROLE_MAX));
        let hours_tenths = errors.check(parse_hours("hours_per_week", &self.hours_per_week));
        let starts_on = errors.check(parse_start(&self.starts_on, today));
        let ends_on = errors.check(parse_optional_date("ends_on", &self.ends_on));
        if let (Some(start), Some(Some(end))) = (starts_on, ends_on) {
            if end < start {
                errors.push(end_before_start(start));
            }
        }
        match (
            person_id,
            form,
            role_title,
            hours_tenths,
            starts_on,
            ends_on,
        ) {
            (
                Some(person_id),
                Some(form),
                Some(role_title),
                Some(hours_tenths),
                Some(starts_on),
                Some(ends_on),
            ) if errors.is_empty() => Ok(MembershipDraft {
                person_id,
                form,
                role_title,
                hours_tenths,
                starts_on,
                ends_on,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_start(input: &str, today: Date) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new("starts_on", "error-required"));
    }
    let date =
        parse_date(input).ok_or_else(|| FieldError::new("starts_on", "error-date-format"))?;
    if date > today {
        return Err(
            FieldError::new("starts_on", "enterprise-error-start-in-future")
                .with_arg("today", format_date(today)),
        );
    }
    Ok(date)
}

fn parse_optional_date(field: &'static str, input: &str) -> Result<Option<Date>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    parse_date(input)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "error-date-format"))
}

fn end_before_start(start: Date) -> FieldError {
    FieldError::new("ends_on", "enterprise-error-end-before-start")
        .with_arg("start", format_date(start))
}

/// Ends a membership on a date not before its start.
pub fn parse_end(input: &str, starts_on: Date) -> Result<Date, ValidationErrors> {
    let end = match parse_optional_date("ends_on", input) {
        Ok(Some(end)) => end,
        Ok(None) => {
            return Err(ValidationErrors::single(FieldError::new(
                "ends_on",
                "error-required",
            )));
        }
        Err(error) => return Err(ValidationErrors::single(error)),
    };
    if end < starts_on {
        return Err(ValidationErrors::single(end_before_start(starts_on)));
    }
    Ok(end)
}

/// Head counts on a stated date: what the share for reserved contracts is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadCounts {
    pub counted_on: Date,
    /// Employees on that date.
    pub employees: i64,
    /// Of whom far from the labour market or with a disability.
    pub target_group: i64,
    /// Annual work units (årsarbetskrafter) in tenths.
    pub work_units_tenths: i64,
}

/// The share of employees from the target group, as LOU 4 kap. 18 § asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedShare {
    pub numerator: i64,
    pub denominator: i64,
    pub date: Date,
    /// The share in tenths of a percent, rounded half up: for display only.
    pub percent_tenths: i64,
    /// Decided exactly (numerator × 100 ≥ threshold × denominator), never from the rounded
    /// percentage: 29,96 % shows as "30,0 %" but does not qualify.
    pub qualifies: bool,
}

impl HeadCounts {
    /// The share, or `None` when there are no employees: a share of nobody is not computable,
    /// and the page says so rather than showing 0 %.
    pub fn reserved_share(&self) -> Option<ReservedShare> {
        if self.employees <= 0 {
            return None;
        }
        let numerator = i128::from(self.target_group);
        let denominator = i128::from(self.employees);
        let percent_tenths = (numerator * 2000 + denominator) / (2 * denominator);
        Some(ReservedShare {
            numerator: self.target_group,
            denominator: self.employees,
            date: self.counted_on,
            percent_tenths: i64::try_from(percent_tenths).unwrap_or(i64::MAX),
            qualifies: numerator * 100
                >= i128::from(RESERVED_CONTRACT_THRESHOLD.percent) * denominator,
        })
    }

    /// Whether more of the programme's participants are linked to the enterprise as employees
    /// than the enterprise declared from the target group: the figures or the links are wrong.
    pub fn fewer_than_linked(&self, linked_employees: i64) -> bool {
        linked_employees > self.target_group
    }
}

/// Year figures as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFiguresInput {
    pub year: String,
    pub turnover: String,
    pub result: String,
    pub wage_costs: String,
    pub public_revenue: String,
    pub reinvested_surplus: String,
    pub counted_on: String,
    pub employees: String,
    pub target_group: String,
    pub work_units: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearFigures {
    pub year: i32,
    pub turnover: Money,
    /// May be negative (a loss).
    pub result: Money,
    pub wage_costs: Money,
    /// Revenue from public buyers (municipalities, regions, the state), part of the turnover.
    pub public_revenue: Money,
    pub reinvested_surplus: Money,
    pub head_counts: HeadCounts,
}

impl YearFiguresInput {
    /// Every amount in kronor as Swedes type them; the head-count date lies in the year or
    /// up to six months after it (figures are often counted at the annual accounts), and not
    /// after `today`.
    pub fn parse(&self, today: Date) -> Result<YearFigures, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let year = errors.check(parse_year(&self.year, today));
        let turnover = errors.check(amount("turnover", &self.turnover, false));
        let result = errors.check(amount("result", &self.result, true));
        let wage_costs = errors.check(amount("wage_costs", &self.wage_costs, false));
        let public_revenue = errors.check(amount("public_revenue", &self.public_revenue, false));
        let reinvested_surplus = errors.check(amount(
            "reinvested_surplus",
            &self.reinvested_surplus,
            false,
        ));
        if let (Some(turnover), Some(public)) = (turnover, public_revenue) {
            if public > turnover {
                errors.push(FieldError::new(
                    "public_revenue",
                    "enterprise-error-public-above-turnover",
                ));
            }
        }
        let counted_on = errors.check(parse_counted_on(&self.counted_on, year, today));
        let employees = errors.check(count("employees", &self.employees));
        let target_group = errors.check(count("target_group", &self.target_group));
        if let (Some(employees), Some(target)) = (employees, target_group) {
            if target > employees {
                errors.push(
                    FieldError::new("target_group", "enterprise-error-target-above-employees")
                        .with_arg("employees", employees),
                );
            }
        }
        let work_units = errors.check(
            parse_tenths(self.work_units.trim())
                .filter(|t| *t <= 100_000_000)
                .ok_or_else(|| {
                    if self.work_units.trim().is_empty() {
                        FieldError::new("work_units", "error-required")
                    } else {
                        FieldError::new("work_units", "enterprise-error-work-units")
                    }
                }),
        );
        match (
            year,
            turnover,
            result,
            wage_costs,
            public_revenue,
            reinvested_surplus,
            counted_on,
            employees,
            target_group,
            work_units,
        ) {
            (
                Some(year),
                Some(turnover),
                Some(result),
                Some(wage_costs),
                Some(public_revenue),
                Some(reinvested_surplus),
                Some(counted_on),
                Some(employees),
                Some(target_group),
                Some(work_units_tenths),
            ) if errors.is_empty() => Ok(YearFigures {
                year,
                turnover,
                result,
                wage_costs,
                public_revenue,
                reinvested_surplus,
                head_counts: HeadCounts {
                    counted_on,
                    employees,
                    target_group,
                    work_units_tenths,
                },
            }),
            _ => Err(errors),
        }
    }
}

/// A year of figures between [`FIGURES_YEAR_MIN`] and this year.
pub fn parse_year(input: &str, today: Date) -> Result<i32, FieldError> {
    match input.trim().parse::<i32>() {
        Ok(year) if (FIGURES_YEAR_MIN..=today.year()).contains(&year) => Ok(year),
        _ => Err(FieldError::new("year", "enterprise-error-year")
            .with_arg("min", FIGURES_YEAR_MIN)
            .with_arg("max", today.year())),
    }
}

fn amount(field: &'static str, input: &str, may_be_negative: bool) -> Result<Money, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    match Money::parse_sv(input) {
        Ok(value) if may_be_negative || value.ore() >= 0 => Ok(value),
        Ok(_) => Err(FieldError::new(field, "error-amount-negative")),
        Err(e) => Err(e
            .message_args()
            .into_iter()
            .fold(FieldError::new(field, e.message_key()), |error, (n, v)| {
                error.with_arg(n, v)
            })),
    }
}

fn count(field: &'static str, input: &str) -> Result<i64, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Ok(n),
        _ => Err(FieldError::new(field, "enterprise-error-count")),
    }
}

fn parse_counted_on(input: &str, year: Option<i32>, today: Date) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new("counted_on", "error-required"));
    }
    let date =
        parse_date(input).ok_or_else(|| FieldError::new("counted_on", "error-date-format"))?;
    if date > today {
        return Err(
            FieldError::new("counted_on", "enterprise-error-counted-in-future")
                .with_arg("today", format_date(today)),
        );
    }
    if let Some(year) = year {
        let late = date.year() == year + 1 && u8::from(date.month()) <= 6;
        if date.year() != year && !late {
            return Err(
                FieldError::new("counted_on", "enterprise-error-counted-outside-year")
                    .with_arg("year", year),
            );
        }
    }
    Ok(date)
}

/// The change from one year's figures to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    pub from_year: i32,
    pub to_year: i32,
    pub turnover_change: Money,
    /// Tenths of a percent, rounded half away from zero; `None` when the earlier turnover was
    /// zero, since growth from nothing has no percentage.
    pub turnover_percent_tenths: Option<i64>,
    pub employees_change: i64,
}

/// Growth between consecutive reported years, in year order. A gap (a year not reported) is
/// bridged: the change is then from the last reported year, which `from_year` names.
pub fn growth(figures: &[YearFigures]) -> Vec<Growth> {
    let mut sorted: Vec<&YearFigures> = figures.iter().collect();
    sorted.sort_by_key(|f| f.year);
    sorted
        .windows(2)
        .filter_map(|pair| match pair {
            [before, after] => Some(growth_between(before, after)),
            _ => None,
        })
        .collect()
}

fn growth_between(before: &YearFigures, after: &YearFigures) -> Growth {
    let base = i128::from(before.turnover.ore());
    let change = i128::from(after.turnover.ore()) - base;
    let percent = (base != 0).then(|| {
        let scaled = change * 1000;
        let half = base.abs();
        let rounded = if scaled >= 0 {
            (scaled * 2 + half) / (2 * base.abs())
        } else {
            -((-scaled * 2 + half) / (2 * base.abs()))
        };
        i64::try_from(rounded).unwrap_or(i64::MAX)
    });
    Growth {
        from_year: before.year,
        to_year: after.year,
        turnover_change: Money::from_ore(i64::try_from(change).unwrap_or(i64::MAX)),
        turnover_percent_tenths: percent,
        employees_change: after.head_counts.employees - before.head_counts.employees,
    }
}

/// A membership with the person's name, as the coordinator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: i64,
    pub enterprise_id: i64,
    pub person_id: i64,
    /// Empty for an anonymised person.
    pub person_name: String,
    pub form: EmploymentForm,
    pub role_title: Option<String>,
    pub hours_tenths: Option<i64>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

impl Membership {
    /// Whether the membership holds on `day` (both ends included).
    pub fn holds_on(&self, day: Date) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| end >= day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn counts(employees: i64, target_group: i64) -> HeadCounts {
        HeadCounts {
            counted_on: date!(2025 - 12 - 31),
            employees,
            target_group,
            work_units_tenths: 0,
        }
    }

    fn year(year: i32, turnover_kronor: i64, employees: i64) -> YearFigures {
        YearFigures {
            year,
            turnover: Money::from_kronor(turnover_kronor).unwrap(),
            result: Money::ZERO,
            wage_costs: Money::ZERO,
            public_revenue: Money::ZERO,
            reinvested_surplus: Money::ZERO,
            head_counts: counts(employees, 0),
        }
    }

    fn figures_input() -> YearFiguresInput {
        YearFiguresInput {
            year: "2025".into(),
            turnover: "2 400 000".into(),
            result: "-35 000".into(),
            wage_costs: "1 650 000,50".into(),
            public_revenue: "900 000".into(),
            reinvested_surplus: "0".into(),
            counted_on: "2025-12-31".into(),
            employees: "10".into(),
            target_group: "4".into(),
            work_units: "7,5".into(),
        }
    }

    #[test]
    fn only_employment_forms_count_as_jobs() {
        let jobs: Vec<_> = EmploymentForm::ALL
            .iter()
            .copied()
            .filter(|f| f.is_employment())
            .collect();
        assert_eq!(
            jobs,
            vec![
                EmploymentForm::Employed,
                EmploymentForm::WageSubsidy,
                EmploymentForm::Nystartsjobb
            ]
        );
    }

    #[test]
    fn three_of_ten_is_exactly_thirty_percent_and_qualifies() {
        let share = counts(10, 3).reserved_share().unwrap();
        assert_eq!((share.numerator, share.denominator), (3, 10));
        assert_eq!(share.percent_tenths, 300);
        assert!(share.qualifies);
        assert_eq!(share.date, date!(2025 - 12 - 31));
    }

    #[test]
    fn two_of_seven_is_twenty_eight_point_six_percent_and_does_not_qualify() {
        // 2 / 7 = 0,285714…: 28,57 % rounds to 28,6 %.
        let share = counts(7, 2).reserved_share().unwrap();
        assert_eq!(share.percent_tenths, 286);
        assert!(!share.qualifies);
    }

    #[test]
    fn a_share_that_rounds_to_thirty_percent_but_is_below_does_not_qualify() {
        // 2 996 / 10 000 = 29,96 %, shown as 30,0 %.
        let share = counts(10_000, 2_996).reserved_share().unwrap();
        assert_eq!(share.percent_tenths, 300);
        assert!(!share.qualifies);
    }

    #[test]
    fn one_of_three_qualifies_and_a_share_of_nobody_is_not_computable() {
        let share = counts(3, 1).reserved_share().unwrap();
        assert_eq!(share.percent_tenths, 333);
        assert!(share.qualifies);
        assert_eq!(counts(0, 0).reserved_share(), None);
    }

    #[test]
    fn linked_participants_above_the_declared_count_are_flagged() {
        assert!(counts(10, 2).fewer_than_linked(3));
        assert!(!counts(10, 3).fewer_than_linked(3));
    }

    #[test]
    fn valid_figures_are_parsed_with_exact_amounts() {
        let f = figures_input().parse(TODAY).unwrap();
        assert_eq!(f.year, 2025);
        assert_eq!(f.turnover.ore(), 240_000_000);
        assert_eq!(f.result.ore(), -3_500_000);
        assert_eq!(f.wage_costs.ore(), 165_000_050);
        assert_eq!(f.head_counts.work_units_tenths, 75);
        assert_eq!(f.head_counts.reserved_share().unwrap().percent_tenths, 400);
    }

    #[test]
    fn figures_that_cannot_be_true_are_refused_field_by_field() {
        let input = YearFiguresInput {
            year: "2027".into(),
            turnover: "-1".into(),
            public_revenue: "5".into(),
            counted_on: "2020-01-01".into(),
            employees: "3".into(),
            target_group: "4".into(),
            work_units: "2,25".into(),
            ..YearFiguresInput::default()
        };
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("year").unwrap().key,
            "enterprise-error-year"
        );
        assert_eq!(
            errors.for_field("turnover").unwrap().key,
            "error-amount-negative"
        );
        assert_eq!(errors.for_field("result").unwrap().key, "error-required");
        assert_eq!(
            errors.for_field("target_group").unwrap().key,
            "enterprise-error-target-above-employees"
        );
        assert_eq!(
            errors.for_field("work_units").unwrap().key,
            "enterprise-error-work-units"
        );
    }

    #[test]
    fn public_revenue_cannot_exceed_the_turnover_and_counts_belong_to_the_year() {
        let mut input = figures_input();
        input.public_revenue = "2 400 001".into();
        input.counted_on = "2026-07-01".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("public_revenue").unwrap().key,
            "enterprise-error-public-above-turnover"
        );
        assert_eq!(
            errors.for_field("counted_on").unwrap().key,
            "enterprise-error-counted-outside-year"
        );
        input.public_revenue = "2 400 000".into();
        input.counted_on = "2026-06-30".into();
        assert!(input.parse(TODAY).is_ok(), "counted at the annual accounts");
    }

    #[test]
    fn growth_is_hand_checked_in_kronor_and_percent() {
        // 1 800 000 → 2 100 000: +300 000 kr, 16,666… % → 16,7 %.
        // 2 100 000 → 2 000 000: -100 000 kr, -4,7619… % → -4,8 %.
        let g = growth(&[
            year(2025, 2_000_000, 9),
            year(2023, 1_800_000, 6),
            year(2024, 2_100_000, 8),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].from_year, g[0].to_year), (2023, 2024));
        assert_eq!(g[0].turnover_change, Money::from_kronor(300_000).unwrap());
        assert_eq!(g[0].turnover_percent_tenths, Some(167));
        assert_eq!(g[0].employees_change, 2);
        assert_eq!(g[1].turnover_change, Money::from_kronor(-100_000).unwrap());
        assert_eq!(g[1].turnover_percent_tenths, Some(-48));
        assert_eq!(g[1].employees_change, 1);
    }

    #[test]
    fn growth_from_zero_turnover_has_no_percentage() {
        let g = growth(&[year(2023, 0, 0), year(2024, 500_000, 2)]);
        assert_eq!(g[0].turnover_percent_tenths, None);
        assert_eq!(g[0].turnover_change, Money::from_kronor(500_000).unwrap());
        assert!(growth(&[year(2023, 1, 1)]).is_empty());
    }

    #[test]
    fn a_membership_needs_a_person_a_form_and_a_start_not_after_its_end() {
        let input = MembershipInput {
            person_id: "12".into(),
            form: "wage-subsidy".into(),
            role_title: "Kock".into(),
            hours_per_week: "37,5".into(),
            starts_on: "2025-03-01".into(),
            ends_on: String::new(),
        };
        let draft = input.parse(TODAY).unwrap();
        assert_eq!(draft.person_id, 12);
        assert_eq!(draft.form, EmploymentForm::WageSubsidy);
        assert_eq!(draft.hours_tenths, Some(375));
        assert_eq!(draft.ends_on, None);
        let bad = MembershipInput {
            hours_per_week: "61".into(),
            ends_on: "2025-02-28".into(),
            form: String::new(),
            ..input
        };
        let errors = bad.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("hours_per_week").unwrap().key,
            "enterprise-error-hours"
        );
        assert_eq!(
            errors.for_field("ends_on").unwrap().key,
            "enterprise-error-end-before-start"
        );
        assert_eq!(errors.for_field("form").unwrap().key, "error-choose-option");
    }

    #[test]
    fn ending_a_membership_needs_a_date_not_before_its_start() {
        let start = date!(2025 - 03 - 01);
        assert_eq!(parse_end("2025-03-01", start).unwrap(), start);
        assert!(parse_end("2025-02-28", start).is_err());
        assert!(parse_end("", start).is_err());
    }

    proptest! {
        #[test]
        fn hours_round_trip_through_their_swedish_form(tenths in 0i64..=600) {
            let typed = format_tenths(tenths);
            prop_assert_eq!(parse_hours("h", &typed).unwrap(), Some(tenths));
        }

        #[test]
        fn hours_parsing_never_panics_and_stays_in_range(text in ".{0,12}") {
            if let Ok(Some(tenths)) = parse_hours("h", &text) {
                prop_assert!((0..=HOURS_MAX_TENTHS).contains(&tenths));
            }
        }

        #[test]
        fn the_share_qualifies_exactly_when_at_least_thirty_percent(
            employees in 1i64..100_000,
            target in 0i64..100_000,
        ) {
            let target = target.min(employees);
            let share = counts(employees, target).reserved_share().unwrap();
            prop_assert_eq!(share.qualifies, target * 10 >= employees * 3);
            prop_assert!((0..=1000).contains(&share.percent_tenths));
            // The rounded percentage is within half a tenth of the exact one.
            let exact_times_2000 = i128::from(target) * 2000;
            let shown = i128::from(share.percent_tenths) * 2 * i128::from(employees);
            prop_assert!((exact_times_2000 - shown).abs() <= i128::from(employees));
        }
    }
}
