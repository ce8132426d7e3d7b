//! Partners' contributions to a programme and the budget against the outcome (issue 13 item 2).
//!
//! A programme's partners pay for it with staff time, money and things in kind. Each partner's
//! contribution is recorded per month: hours per kind of work, money, and in-kind value with a
//! description. Hours become kronor through an hourly cost per partner and year (the rate
//! table). The financing plan is the programme's budget lines (per financier and year); the
//! outcome is what the contributions add up to, and the deviation is outcome minus plan
//! (positive: overspent). Everything is whole öre, and every total is the sum of its parts: a
//! contribution's staff cost is rounded once, half away from zero, and never again.

use crate::disclosure::{Audience, THRESHOLD};
use crate::income::YearMonth;
use crate::money::{Money, div_round_half_away};
use crate::programme::{BudgetLine, parse_id};
use crate::validation::{FieldError, ValidationErrors, optional_text};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use time::Date;

/// The kinds of staff work a partner contributes. Closed, so that the hours of every partner
/// add up per kind; a new kind is a decision (and a migration), not free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkKind {
    Coordination,
    ParticipantSupport,
    Outreach,
    Steering,
    Administration,
}

impl WorkKind {
    pub const ALL: [WorkKind; 5] = [
        WorkKind::Coordination,
        WorkKind::ParticipantSupport,
        WorkKind::Outreach,
        WorkKind::Steering,
        WorkKind::Administration,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WorkKind::Coordination => "coordination",
            WorkKind::ParticipantSupport => "participant-support",
            WorkKind::Outreach => "outreach",
            WorkKind::Steering => "steering",
            WorkKind::Administration => "administration",
        }
    }

    /// The form field and API error field of this kind's hours.
    pub fn field(self) -> &'static str {
        match self {
            WorkKind::Coordination => "hours_coordination",
            WorkKind::ParticipantSupport => "hours_participant_support",
            WorkKind::Outreach => "hours_outreach",
            WorkKind::Steering => "hours_steering",
            WorkKind::Administration => "hours_administration",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for WorkKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WorkKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or(())
    }
}

/// Hours per kind of work, in hundredths of an hour (1,25 h is 125), indexed by
/// [`WorkKind::index`].
pub type Hours = [u32; 5];

/// At most this many hours per kind, partner and month: 60 full-time staff.
pub const HOURS_MAX: u32 = 10_000;
/// The largest hourly cost accepted, in kronor.
pub const RATE_MAX_KRONOR: i64 = 100_000;
/// The largest money or in-kind amount of one month, in kronor.
pub const AMOUNT_MAX_KRONOR: i64 = 1_000_000_000;
pub const DESCRIPTION_MAX: usize = 500;

/// The raw text of a month's contribution form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContributionInput {
    pub organisation_id: String,
    /// `YYYY-MM`
    pub month: String,
    /// Per [`WorkKind::ALL`], hours with a decimal comma or point; blank means none.
    pub hours: [String; 5],
    pub money: String,
    pub in_kind: String,
    pub in_kind_description: String,
}

/// A validated month of one partner's contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionDraft {
    pub organisation_id: i64,
    pub month: YearMonth,
    pub hours: Hours,
    pub money: Money,
    pub in_kind: Money,
    pub in_kind_description: Option<String>,
}

impl ContributionInput {
    /// Parses every field, collecting all problems. The month must lie within the programme's
    /// period and not after `today`'s month: the outcome is what has been spent.
    pub fn parse(
        &self,
        period: (Date, Date),
        today: Date,
    ) -> Result<ContributionDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let organisation_id = errors.check(parse_id("organisation_id", &self.organisation_id));
        let month = errors.check(parse_month(&self.month, period, today));
        let mut hours = [0u32; 5];
        for kind in WorkKind::ALL {
            if let Some(value) =
                errors.check(parse_hundredths(kind.field(), &self.hours[kind.index()]))
            {
                hours[kind.index()] = value;
            }
        }
        let money = errors.check(parse_amount("money", &self.money));
        let in_kind = errors.check(parse_amount("in_kind", &self.in_kind));
        let description = errors.check(optional_text(
            "in_kind_description",
            &self.in_kind_description,
            DESCRIPTION_MAX,
        ));
        if let (Some(in_kind), Some(None)) = (in_kind, &description)
            && in_kind.ore() > 0
        {
            errors.push(FieldError::new(
                "in_kind_description",
                "contribution-error-in-kind-description",
            ));
        }
        match (organisation_id, month, money, in_kind, description) {
            (Some(organisation_id), Some(month), Some(money), Some(in_kind), Some(description))
                if errors.is_empty() =>
            {
                Ok(ContributionDraft {
                    organisation_id,
                    month,
                    hours,
                    money,
                    in_kind,
                    in_kind_description: description,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_month(text: &str, period: (Date, Date), today: Date) -> Result<YearMonth, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("month", "error-required"));
    }
    let month = YearMonth::parse(text).map_err(|e| {
        e.message_args().into_iter().fold(
            FieldError::new("month", e.message_key()),
            |error, (name, value)| error.with_arg(name, value),
        )
    })?;
    let first = YearMonth::of(period.0);
    let last = YearMonth::of(period.1);
    if first.is_some_and(|f| month < f) || last.is_some_and(|l| month > l) {
        return Err(
            FieldError::new("month", "contribution-error-month-outside-period")
                .with_arg("first", first.map(|m| m.to_string()).unwrap_or_default())
                .with_arg("last", last.map(|m| m.to_string()).unwrap_or_default()),
        );
    }
    if YearMonth::of(today).is_some_and(|now| month > now) {
        return Err(FieldError::new("month", "contribution-error-month-future"));
    }
    Ok(month)
}

/// Hours as typed ("12", "7,5", "0.25") to hundredths of an hour; blank is none. A minus sign
/// gets its own message, since a correction is made by changing the month, not by subtracting.
pub fn parse_hundredths(field: &'static str, input: &str) -> Result<u32, FieldError> {
    let text = input.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(0);
    }
    if text.starts_with(['-', '\u{2212}']) {
        return Err(FieldError::new(field, "contribution-error-hours-negative"));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let valid = !whole.is_empty()
        && whole.len() <= 6
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.len() <= 2
        && fraction.chars().all(|c| c.is_ascii_digit());
    let value = valid
        .then(|| {
            let whole: u32 = whole.parse().ok()?;
            let hundredths: u32 = format!("{fraction:0<2}").parse().ok()?;
            whole.checked_mul(100)?.checked_add(hundredths)
        })
        .flatten();
    match value {
        Some(v) if v <= HOURS_MAX * 100 => Ok(v),
        Some(_) => {
            Err(FieldError::new(field, "contribution-error-hours-max").with_arg("max", HOURS_MAX))
        }
        None => Err(FieldError::new(field, "contribution-error-hours-format")),
    }
}

/// Hundredths of an hour shown the Swedish way: 750 → "7,5", 1200 → "12".
pub fn format_hundredths(value: u64) -> String {
    let whole = value / 100;
    let rest = value % 100;
    if rest == 0 {
        whole.to_string()
    } else if rest % 10 == 0 {
        format!("{whole},{}", rest / 10)
    } else {
        format!("{whole},{rest:02}")
    }
}

/// A non-negative amount as typed in Swedish; blank is zero.
fn parse_amount(field: &'static str, input: &str) -> Result<Money, FieldError> {
    if input.trim().is_empty() {
        return Ok(Money::ZERO);
    }
    match Money::parse_sv(input) {
        Ok(amount) if amount.ore() < 0 => Err(FieldError::new(field, "error-amount-negative")),
        Ok(amount) if amount.ore() > AMOUNT_MAX_KRONOR * 100 => {
            Err(FieldError::new(field, "contribution-error-amount-max")
                .with_arg("max", AMOUNT_MAX_KRONOR))
        }
        Ok(amount) => Ok(amount),
        Err(e) => Err(e.message_args().into_iter().fold(
            FieldError::new(field, e.message_key()),
            |error, (name, value)| error.with_arg(name, value),
        )),
    }
}

/// A month of one partner's contribution, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub id: i64,
    pub programme_id: i64,
    pub organisation_id: i64,
    pub month: YearMonth,
    pub hours: Hours,
    pub money: Money,
    pub in_kind: Money,
    pub in_kind_description: Option<String>,
}

impl Contribution {
    /// All hours of the month, in hundredths.
    pub fn total_hundredths(&self) -> u64 {
        self.hours.iter().map(|h| u64::from(*h)).sum()
    }

    /// The staff cost at `hourly`: all hours × the rate, rounded once to whole öre. `None` only
    /// if it does not fit an amount, which the input limits rule out.
    pub fn staff_cost(&self, hourly: Money) -> Option<Money> {
        let ore = div_round_half_away(
            i128::from(self.total_hundredths()) * i128::from(hourly.ore()),
            100,
        )?;
        i64::try_from(ore).ok().map(Money::from_ore)
    }
}

/// The raw text of a rate form or API body: a partner's hourly staff cost for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateInput {
    pub organisation_id: String,
    pub year: String,
    pub hourly: String,
}

/// A partner's hourly staff cost (wage, social fees and overhead) in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub organisation_id: i64,
    pub year: i32,
    pub hourly: Money,
}

impl RateInput {
    /// Parses a rate; the year must fall inside the programme's period.
    pub fn parse(&self, period: (Date, Date)) -> Result<Rate, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let organisation_id = errors.check(parse_id("organisation_id", &self.organisation_id));
        let year = errors.check(match self.year.trim().parse::<i32>() {
            Ok(year) if (period.0.year()..=period.1.year()).contains(&year) => Ok(year),
            _ => Err(FieldError::new("year", "error-year-outside-period")
                .with_arg("first", period.0.year())
                .with_arg("last", period.1.year())),
        });
        let hourly = errors.check(match Money::parse_sv(&self.hourly) {
            Ok(amount) if amount.ore() <= 0 => Err(FieldError::new(
                "hourly",
                "contribution-error-rate-positive",
            )),
            Ok(amount) if amount.ore() > RATE_MAX_KRONOR * 100 => {
                Err(FieldError::new("hourly", "contribution-error-amount-max")
                    .with_arg("max", RATE_MAX_KRONOR))
            }
            Ok(amount) => Ok(amount),
            Err(e) => Err(e.message_args().into_iter().fold(
                FieldError::new("hourly", e.message_key()),
                |error, (name, value)| error.with_arg(name, value),
            )),
        });
        match (organisation_id, year, hourly) {
            (Some(organisation_id), Some(year), Some(hourly)) if errors.is_empty() => Ok(Rate {
                organisation_id,
                year,
                hourly,
            }),
            _ => Err(errors),
        }
    }
}

/// One financier's year: plan against outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeLine {
    pub organisation_id: i64,
    pub year: i32,
    /// The financing plan's amount (the budget line), zero when there is none.
    pub planned: Money,
    /// All hours of the year, in hundredths.
    pub hours: u64,
    /// Hours per kind, in hundredths, in [`WorkKind::ALL`] order.
    pub hours_by_kind: [u64; 5],
    /// Hours × the year's rate.
    pub staff: Money,
    pub money: Money,
    pub in_kind: Money,
    /// staff + money + in kind.
    pub spent: Money,
    /// spent − planned: positive is overspending, negative underspending.
    pub deviation: Money,
    /// Hours were recorded but the partner has no rate for the year, so they count as zero.
    pub rate_missing: bool,
}

/// Plan, outcome and cost per participant over a set of lines (a year, or the whole period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeTotal {
    pub planned: Money,
    pub spent: Money,
    pub deviation: Money,
    /// Participants in the programme during the span (counted episodes); `None` when withheld
    /// from an aggregate audience (see [`BudgetOutcome::for_audience`]).
    pub participants: Option<u64>,
    /// spent ÷ participants, rounded to whole öre; `None` without participants, or withheld
    /// with their count.
    pub cost_per_participant: Option<Money>,
}

/// One year's lines and totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeYear {
    pub year: i32,
    pub lines: Vec<OutcomeLine>,
    pub total: OutcomeTotal,
}

/// The budget against the outcome of a programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetOutcome {
    pub years: Vec<OutcomeYear>,
    pub total: OutcomeTotal,
}

impl BudgetOutcome {
    /// The outcome as `audience` may read it. The steering group and evaluators get the count of
    /// participants only from the disclosure threshold up, and the cost per participant only
    /// with its count: with spent known, the cost per participant gives the count away.
    #[must_use]
    pub fn for_audience(mut self, audience: Audience) -> Self {
        if audience.is_aggregate() {
            for total in self
                .years
                .iter_mut()
                .map(|y| &mut y.total)
                .chain(std::iter::once(&mut self.total))
            {
                if total
                    .participants
                    .is_some_and(|n| (1..THRESHOLD).contains(&n))
                {
                    total.participants = None;
                    total.cost_per_participant = None;
                }
            }
        }
        self
    }

    /// What each organisation has spent over all years: the programme's costs per financier,
    /// which the socio-economic account takes as the investment.
    pub fn spent_by_organisation(&self) -> BTreeMap<i64, Money> {
        let mut out: BTreeMap<i64, i128> = BTreeMap::new();
        for line in self.years.iter().flat_map(|y| &y.lines) {
            *out.entry(line.organisation_id).or_default() += i128::from(line.spent.ore());
        }
        out.into_iter()
            .map(|(org, ore)| (org, Money::from_ore(i64::try_from(ore).unwrap_or(i64::MAX))))
            .collect()
    }
}

/// The amounts are too large to add up as whole öre in 64 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the budget's amounts are too large to add up")]
pub struct TooLarge;

#[derive(Default)]
struct Sums {
    hours_by_kind: [u64; 5],
    staff: i128,
    money: i128,
    in_kind: i128,
    rate_missing: bool,
}

fn money(ore: i128) -> Result<Money, TooLarge> {
    i64::try_from(ore)
        .map(Money::from_ore)
        .map_err(|_| TooLarge)
}

fn total(planned: i128, spent: i128, participants: u64) -> Result<OutcomeTotal, TooLarge> {
    let cost_per_participant = if participants == 0 {
        None
    } else {
        Some(money(
            div_round_half_away(spent, i128::from(participants)).ok_or(TooLarge)?,
        )?)
    };
    Ok(OutcomeTotal {
        planned: money(planned)?,
        spent: money(spent)?,
        deviation: money(spent - planned)?,
        participants: Some(participants),
        cost_per_participant,
    })
}

/// Plan against outcome per financier and year, with totals per year and for the whole
/// period. `participants_by_year` and `participants` are the counted episodes in the programme
/// during each year and during the whole period (a person in the programme two years counts
/// in both years but once in the period). A line appears for every organisation and year that
/// has a plan or a contribution.
///
/// # Errors
///
/// [`TooLarge`] when a sum does not fit whole öre in 64 bits.
pub fn budget_outcome(
    contributions: &[Contribution],
    rates: &[Rate],
    plan: &[BudgetLine],
    participants_by_year: &BTreeMap<i32, u64>,
    participants: u64,
) -> Result<BudgetOutcome, TooLarge> {
    let rate_of: BTreeMap<(i64, i32), Money> = rates
        .iter()
        .map(|r| ((r.organisation_id, r.year), r.hourly))
        .collect();
    let mut sums: BTreeMap<(i32, i64), Sums> = BTreeMap::new();
    let mut planned: BTreeMap<(i32, i64), i128> = BTreeMap::new();
    for line in plan {
        *planned
            .entry((line.year, line.organisation_id))
            .or_default() += i128::from(line.amount.ore());
        sums.entry((line.year, line.organisation_id)).or_default();
    }
    for c in contributions {
        let year = c.month.year();
        let entry = sums.entry((year, c.organisation_id)).or_default();
        for kind in WorkKind::ALL {
            entry.hours_by_kind[kind.index()] += u64::from(c.hours[kind.index()]);
        }
        match rate_of.get(&(c.organisation_id, year)) {
            Some(rate) => {
                entry.staff += i128::from(c.staff_cost(*rate).ok_or(TooLarge)?.ore());
            }
            None => entry.rate_missing |= c.total_hundredths() > 0,
        }
        entry.money += i128::from(c.money.ore());
        entry.in_kind += i128::from(c.in_kind.ore());
    }
    let years: BTreeSet<i32> = sums.keys().map(|(year, _)| *year).collect();
    let mut out = Vec::new();
    let (mut all_planned, mut all_spent) = (0i128, 0i128);
    for year in years {
        let mut lines = Vec::new();
        let (mut year_planned, mut year_spent) = (0i128, 0i128);
        for ((_, organisation_id), s) in sums.range((year, i64::MIN)..=(year, i64::MAX)) {
            let plan = planned.get(&(year, *organisation_id)).copied().unwrap_or(0);
            let spent = s.staff + s.money + s.in_kind;
            year_planned += plan;
            year_spent += spent;
            lines.push(OutcomeLine {
                organisation_id: *organisation_id,
                year,
                planned: money(plan)?,
                hours: s.hours_by_kind.iter().sum(),
                hours_by_kind: s.hours_by_kind,
                staff: money(s.staff)?,
                money: money(s.money)?,
                in_kind: money(s.in_kind)?,
                spent: money(spent)?,
                deviation: money(spent - plan)?,
                rate_missing: s.rate_missing,
            });
        }
        all_planned += year_planned;
        all_spent += year_spent;
        out.push(OutcomeYear {
            year,
            lines,
            total: total(
                year_planned,
                year_spent,
                participants_by_year.get(&year).copied().unwrap_or(0),
            )?,
        });
    }
    Ok(BudgetOutcome {
        years: out,
        total: total(all_planned, all_spent, participants)?,
    })
}

/// The share of a plan the Finsam law gives each financier of a samordningsförbund's money:
/// Försäkringskassan (the state) ½, the region ¼, the municipalities ¼, in that order. The
/// municipalities take what rounding leaves, so the three always add up to `amount`.
pub fn finsam_split(amount: Money) -> [Money; 3] {
    let total = i128::from(amount.ore());
    let state = div_round_half_away(total, 2).unwrap_or(0);
    let region = div_round_half_away(total, 4).unwrap_or(0);
    let municipalities = total - state - region;
    [state, region, municipalities].map(|ore| Money::from_ore(i64::try_from(ore).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const PERIOD: (Date, Date) = (date!(2025 - 01 - 01), date!(2027 - 12 - 31));
    const TODAY: Date = date!(2026 - 06 - 15);

    fn input() -> ContributionInput {
        ContributionInput {
            organisation_id: "2".into(),
            month: "2026-03".into(),
            hours: [
                "10".into(),
                "7,5".into(),
                String::new(),
                "2".into(),
                "0.25".into(),
            ],
            money: "5 000".into(),
            in_kind: "1 200".into(),
            in_kind_description: "Lokal för informationsmöte".into(),
        }
    }

    fn contribution(org: i64, month: &str, hours: Hours, money: i64, in_kind: i64) -> Contribution {
        Contribution {
            id: 0,
            programme_id: 1,
            organisation_id: org,
            month: YearMonth::parse(month).unwrap(),
            hours,
            money: Money::from_ore(money),
            in_kind: Money::from_ore(in_kind),
            in_kind_description: None,
        }
    }

    #[test]
    fn a_month_in_swedish_notation_parses_to_hundredths_and_ore() {
        let draft = input().parse(PERIOD, TODAY).unwrap();
        assert_eq!(draft.hours, [1000, 750, 0, 200, 25]);
        assert_eq!(draft.money.ore(), 500_000);
        assert_eq!(draft.in_kind.ore(), 120_000);
    }

    #[test]
    fn negative_hours_are_refused_with_their_own_message() {
        let mut bad = input();
        bad.hours[1] = "-3".into();
        let errors = bad.parse(PERIOD, TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("hours_participant_support").unwrap().key,
            "contribution-error-hours-negative"
        );
    }

    #[test]
    fn a_month_outside_the_period_or_in_the_future_is_refused() {
        let mut bad = input();
        bad.month = "2024-12".into();
        let errors = bad.parse(PERIOD, TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("month").unwrap().key,
            "contribution-error-month-outside-period"
        );
        bad.month = "2026-07".into();
        let errors = bad.parse(PERIOD, TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("month").unwrap().key,
            "contribution-error-month-future"
        );
    }

    #[test]
    fn an_in_kind_value_needs_a_description_and_amounts_cannot_be_negative() {
        let mut bad = input();
        bad.in_kind_description = String::new();
        bad.money = "-1".into();
        let errors = bad.parse(PERIOD, TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("in_kind_description").unwrap().key,
            "contribution-error-in-kind-description"
        );
        assert_eq!(
            errors.for_field("money").unwrap().key,
            "error-amount-negative"
        );
    }

    #[test]
    fn a_rate_must_be_positive_and_within_the_period() {
        let errors = RateInput {
            organisation_id: "2".into(),
            year: "2030".into(),
            hourly: "0".into(),
        }
        .parse(PERIOD)
        .unwrap_err();
        assert_eq!(
            errors.for_field("year").unwrap().key,
            "error-year-outside-period"
        );
        assert_eq!(
            errors.for_field("hourly").unwrap().key,
            "contribution-error-rate-positive"
        );
    }

    #[test]
    fn hours_times_rate_plus_money_and_in_kind_is_the_outcome_against_the_plan() {
        let contributions = [
            contribution(2, "2026-01", [1000, 500, 0, 0, 0], 100_000, 0),
            contribution(2, "2026-02", [0, 0, 250, 0, 0], 0, 50_000),
            contribution(3, "2026-01", [200, 0, 0, 0, 0], 0, 0),
        ];
        let rates = [Rate {
            organisation_id: 2,
            year: 2026,
            hourly: Money::from_ore(45_000),
        }];
        let plan = [
            BudgetLine {
                id: 1,
                organisation_id: 2,
                year: 2026,
                amount: Money::from_ore(10_000_000),
            },
            BudgetLine {
                id: 2,
                organisation_id: 4,
                year: 2026,
                amount: Money::from_ore(2_000_000),
            },
        ];
        let outcome = budget_outcome(
            &contributions,
            &rates,
            &plan,
            &BTreeMap::from([(2026, 4)]),
            4,
        )
        .unwrap();
        let year = &outcome.years[0];
        let fk = &year.lines[0];
        // 17,5 h × 450 kr = 7 875 kr, plus 1 000 kr money and 500 kr in kind.
        assert_eq!(fk.staff.ore(), 787_500);
        assert_eq!(fk.spent.ore(), 937_500);
        assert_eq!(fk.deviation.ore(), 937_500 - 10_000_000);
        assert_eq!(fk.hours_by_kind, [1000, 500, 250, 0, 0]);
        let no_rate = &year.lines[1];
        assert!(no_rate.rate_missing);
        assert_eq!(no_rate.spent, Money::ZERO);
        let planned_only = &year.lines[2];
        assert_eq!(planned_only.spent, Money::ZERO);
        assert_eq!(planned_only.deviation.ore(), -2_000_000);
        assert_eq!(outcome.total.planned.ore(), 12_000_000);
        assert_eq!(
            outcome.total.cost_per_participant,
            Some(Money::from_ore(234_375))
        );
    }

    #[test]
    fn without_participants_there_is_no_cost_per_participant() {
        let outcome = budget_outcome(&[], &[], &[], &BTreeMap::new(), 0).unwrap();
        assert_eq!(outcome.total.cost_per_participant, None);
        assert!(outcome.years.is_empty());
    }

    #[test]
    fn aggregate_audiences_get_no_count_below_five_and_no_cost_per_participant_with_it() {
        let contributions = [
            contribution(2, "2025-03", [0, 0, 0, 0, 0], 100_000, 0),
            contribution(2, "2026-01", [0, 0, 0, 0, 0], 100_000, 0),
        ];
        let outcome = budget_outcome(
            &contributions,
            &[],
            &[],
            &BTreeMap::from([(2025, 3), (2026, 9)]),
            10,
        )
        .unwrap();
        let steering = outcome.clone().for_audience(Audience::Steering);
        assert_eq!(steering.years[0].total.participants, None);
        assert_eq!(steering.years[0].total.cost_per_participant, None);
        assert_eq!(steering.years[1].total.participants, Some(9));
        assert_eq!(steering.total.participants, Some(10));
        assert_eq!(
            steering.total.cost_per_participant,
            Some(Money::from_ore(20_000))
        );
        let coordinator = outcome.clone().for_audience(Audience::Coordinator);
        assert_eq!(coordinator, outcome);
        assert_eq!(coordinator.years[0].total.participants, Some(3));
    }

    #[test]
    fn the_finsam_split_is_half_a_quarter_and_a_quarter_and_adds_up() {
        let [state, region, municipalities] = finsam_split(Money::from_ore(1_000_003));
        assert_eq!(state.ore(), 500_002);
        assert_eq!(region.ore(), 250_001);
        assert_eq!(state.ore() + region.ore() + municipalities.ore(), 1_000_003);
    }

    fn arbitrary_contribution() -> impl Strategy<Value = Contribution> {
        (
            1i64..5,
            2025i32..2028,
            1u8..13,
            proptest::array::uniform5(0u32..=HOURS_MAX * 100),
            0i64..1_000_000_000,
            0i64..1_000_000_000,
        )
            .prop_map(|(org, year, month, hours, money, in_kind)| Contribution {
                id: 0,
                programme_id: 1,
                organisation_id: org,
                month: YearMonth::new(year, month).unwrap(),
                hours,
                money: Money::from_ore(money),
                in_kind: Money::from_ore(in_kind),
                in_kind_description: None,
            })
    }

    proptest! {
        #[test]
        fn every_total_is_the_sum_of_its_parts(
            contributions in proptest::collection::vec(arbitrary_contribution(), 0..40),
            rates in proptest::collection::vec((1i64..5, 2025i32..2028, 1i64..10_000_000), 0..12),
            plan in proptest::collection::vec((1i64..6, 2025i32..2028, 0i64..10_000_000_000), 0..12),
        ) {
            let mut seen = BTreeSet::new();
            let rates: Vec<Rate> = rates
                .into_iter()
                .filter(|(org, year, _)| seen.insert((*org, *year)))
                .map(|(organisation_id, year, ore)| Rate { organisation_id, year, hourly: Money::from_ore(ore) })
                .collect();
            let plan: Vec<BudgetLine> = plan
                .into_iter()
                .map(|(organisation_id, year, ore)| BudgetLine { id: 0, organisation_id, year, amount: Money::from_ore(ore) })
                .collect();
            let outcome = budget_outcome(&contributions, &rates, &plan, &BTreeMap::new(), 7).unwrap();
            let expected_spent: i128 = contributions
                .iter()
                .map(|c| {
                    let rate = rates
                        .iter()
                        .find(|r| r.organisation_id == c.organisation_id && r.year == c.month.year())
                        .map_or(0, |r| i128::from(c.staff_cost(r.hourly).unwrap().ore()));
                    rate + i128::from(c.money.ore()) + i128::from(c.in_kind.ore())
                })
                .sum();
            let expected_planned: i128 = plan.iter().map(|l| i128::from(l.amount.ore())).sum();
            prop_assert_eq!(i128::from(outcome.total.spent.ore()), expected_spent);
            prop_assert_eq!(i128::from(outcome.total.planned.ore()), expected_planned);
            let mut years_spent = 0i128;
            for year in &outcome.years {
                let lines_spent: i128 = year.lines.iter().map(|l| i128::from(l.spent.ore())).sum();
                prop_assert_eq!(lines_spent, i128::from(year.total.spent.ore()));
                for line in &year.lines {
                    prop_assert_eq!(
                        line.spent.ore(),
                        line.staff.ore() + line.money.ore() + line.in_kind.ore()
                    );
                    prop_assert_eq!(line.deviation.ore(), line.spent.ore() - line.planned.ore());
                    prop_assert_eq!(line.hours, line.hours_by_kind.iter().sum::<u64>());
                }
                years_spent += lines_spent;
            }
            prop_assert_eq!(years_spent, expected_spent);
            let by_org: i128 = outcome.spent_by_organisation().values().map(|m| i128::from(m.ore())).sum();
            prop_assert_eq!(by_org, expected_spent);
        }

        #[test]
        fn hours_in_any_notation_round_trip_through_their_swedish_form(value in 0u32..=HOURS_MAX * 100) {
            prop_assert_eq!(parse_hundredths("h", &format_hundredths(u64::from(value))), Ok(value));
        }
    }
}
