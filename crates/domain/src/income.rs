//! The monthly income timeline: what a participant lived on, month by month.
//!
//! A participant's income is recorded as rows of one month, one income source
//! (försörjningskälla) and that source's share of full time, several sources at once when
//! needed. Those rows are the single record of income: whether a month was on public support,
//! the before-and-after comparison behind effect 1 ("less need of public support") and the
//! timeline on the person page are all derived from them by the pure functions here, so the
//! figures can never disagree with one another.
//!
//! The unit is the calendar month because that is how support is paid and followed up, and
//! because participants and case officers remember "in March she got a-kassa" far better than
//! exact dates.

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

use crate::money::{Money, MoneyError};
use crate::validation::{FieldError, ValidationErrors};

/// The earliest year a month may be in: older dates are typing mistakes, not income history.
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a month may be in, far enough ahead for any planned period.
pub const LAST_YEAR: i32 = 2200;
/// The most months one form may set at once: twenty years, which covers any real history while
/// stopping a mistyped year from writing thousands of rows.
pub const MAX_RANGE_MONTHS: i32 = 240;
/// A month's shares add up to at most full time.
pub const FULL_TIME_PERCENT: u8 = 100;

const MONTHS_PER_YEAR: i32 = 12;

/// A calendar month, such as March 2026, written `2026-03`.
///
/// Always valid: the month is 1–12 and the year within [`FIRST_YEAR`]`..=`[`LAST_YEAR`], so
/// every value has a first day and a text form of fixed width, in which text order is time
/// order. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

/// Why a text or a pair of numbers is not a valid month.
///
/// [`message_key`](Self::message_key) and [`message_args`](Self::message_args) give the Fluent
/// message for the user's language; `Display` gives the English text for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearMonthError {
    #[error("a month is written as YYYY-MM, for example 2026-03")]
    Format,
    #[error("the year must be from {FIRST_YEAR} to {LAST_YEAR}")]
    YearOutOfRange,
}

impl YearMonthError {
    /// The id of the Fluent message that explains this error to the user.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Format => "month-error-format",
            Self::YearOutOfRange => "month-error-year-out-of-range",
        }
    }

    /// The arguments that the Fluent message of [`message_key`](Self::message_key) refers to.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Format => Vec::new(),
            Self::YearOutOfRange => vec![
                ("first", FIRST_YEAR.to_string()),
                ("last", LAST_YEAR.to_string()),
            ],
        }
    }

    fn for_field(&self, field: &'static str) -> FieldError {
        self.message_args().into_iter().fold(
            FieldError::new(field, self.message_key()),
            |error, (name, value)| error.with_arg(name, value),
        )
    }
}

impl YearMonth {
    /// January of [`FIRST_YEAR`].
    pub const FIRST: Self = Self {
        year: FIRST_YEAR,
        month: 1,
    };
    /// December of [`LAST_YEAR`].
    pub const LAST: Self = Self {
        year: LAST_YEAR,
        month: 12,
    };

    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// [`YearMonthError::Format`] for a month outside 1–12, [`YearMonthError::YearOutOfRange`]
    /// for a year outside [`FIRST_YEAR`]`..=`[`LAST_YEAR`].
    pub fn new(year: i32, month: u8) -> Result<Self, YearMonthError> {
        if !(1..=12).contains(&month) {
            return Err(YearMonthError::Format);
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(YearMonthError::YearOutOfRange);
        }
        Ok(Self { year, month })
    }

    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month of the year, 1–12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// Reads `YYYY-MM`, the form of an HTML month input; a one-digit month (`2026-3`) is
    /// accepted too since people type it, and surrounding spaces are ignored.
    ///
    /// # Errors
    ///
    /// A [`YearMonthError`] saying what is wrong.
    pub fn parse(text: &str) -> Result<Self, YearMonthError> {
        let (year, month) = text.trim().split_once('-').ok_or(YearMonthError::Format)?;
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4
            || !(1..=2).contains(&month.len())
            || !all_digits(year)
            || !all_digits(month)
        {
            return Err(YearMonthError::Format);
        }
        let year = year.parse().map_err(|_| YearMonthError::Format)?;
        let month = month.parse().map_err(|_| YearMonthError::Format)?;
        Self::new(year, month)
    }

    /// The month a date falls in, or `None` if its year is outside the valid range.
    #[must_use]
    pub fn of(date: Date) -> Option<Self> {
        Self::new(date.year(), u8::from(date.month())).ok()
    }

    /// The first day of the month.
    #[must_use]
    pub fn first_day(self) -> Date {
        // Both conversions succeed for every valid YearMonth; the fallback only satisfies the
        // types.
        Month::try_from(self.month)
            .ok()
            .and_then(|month| Date::from_calendar_date(self.year, month, 1).ok())
            .unwrap_or(Date::MIN)
    }

    /// The following month, or `None` after [`LAST`](Self::LAST).
    #[must_use]
    pub fn next(self) -> Option<Self> {
        self.plus_months(1)
    }

    /// The preceding month, or `None` before [`FIRST`](Self::FIRST).
    #[must_use]
    pub fn prev(self) -> Option<Self> {
        self.plus_months(-1)
    }

    /// The month `months` later (earlier when negative), or `None` outside the valid range.
    #[must_use]
    pub fn plus_months(self, months: i32) -> Option<Self> {
        Self::from_index(self.index().checked_add(months)?)
    }

    /// How many months `to` is after `from`: 0 for the same month, negative when `to` is
    /// earlier. An inclusive range `from..=to` has one month more than this.
    #[must_use]
    pub fn months_between(from: Self, to: Self) -> i32 {
        to.index() - from.index()
    }

    /// Every month from this one up to and including `to`; nothing when `to` is earlier.
    pub fn months_until_inclusive(self, to: Self) -> impl Iterator<Item = Self> {
        (self.index()..=to.index()).filter_map(Self::from_index)
    }

    /// Months counted from January of year 0, so that month arithmetic is integer arithmetic.
    fn index(self) -> i32 {
        self.year * MONTHS_PER_YEAR + i32::from(self.month) - 1
    }

    fn from_index(index: i32) -> Option<Self> {
        let month = u8::try_from(index.rem_euclid(MONTHS_PER_YEAR) + 1).ok()?;
        Self::new(index.div_euclid(MONTHS_PER_YEAR), month).ok()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    /// As `YYYY-MM`, the same text forms show and databases store.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(D::Error::custom)
    }
}

/// A source of income (försörjningskälla) in a month.
///
/// The public sources follow the national groups used to follow up support: see
/// [`SupportGroup`]. Declared, and therefore ordered, in the order forms list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IncomeSource {
    /// Sjukpenning, including rehabiliteringspenning.
    Sjukpenning,
    Aktivitetsersattning,
    Sjukersattning,
    /// Arbetslöshetsersättning from an a-kassa.
    Arbetsloshetsersattning,
    /// Aktivitetsstöd, including utvecklingsersättning.
    Aktivitetsstod,
    Etableringsersattning,
    /// Försörjningsstöd, also called ekonomiskt bistånd.
    Forsorjningsstod,
    /// Wage from work without an employment subsidy.
    Wage,
    /// Wage from work with an employment subsidy (lönebidrag, lönestöd, nystartsjobb). The
    /// participant earns a wage, so this is not public support in the headline measure, even
    /// though the employer is paid a subsidy; see [`is_subsidised`](Self::is_subsidised).
    SubsidisedWage,
    OwnBusiness,
    /// Studiemedel from CSN.
    StudyGrant,
    /// Anything else that is not public support to the participant: a partner's income,
    /// parental benefit, pension.
    Other,
    /// No income at all, recorded as such so that "nothing" can be told from "not recorded".
    None,
}

impl IncomeSource {
    pub const ALL: [Self; 13] = [
        Self::Sjukpenning,
        Self::Aktivitetsersattning,
        Self::Sjukersattning,
        Self::Arbetsloshetsersattning,
        Self::Aktivitetsstod,
        Self::Etableringsersattning,
        Self::Forsorjningsstod,
        Self::Wage,
        Self::SubsidisedWage,
        Self::OwnBusiness,
        Self::StudyGrant,
        Self::Other,
        Self::None,
    ];

    /// The stable code that forms, the API and the database use.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Sjukpenning => "sjukpenning",
            Self::Aktivitetsersattning => "aktivitetsersattning",
            Self::Sjukersattning => "sjukersattning",
            Self::Arbetsloshetsersattning => "a-kassa",
            Self::Aktivitetsstod => "aktivitetsstod",
            Self::Etableringsersattning => "etableringsersattning",
            Self::Forsorjningsstod => "forsorjningsstod",
            Self::Wage => "lon",
            Self::SubsidisedWage => "lon-med-stod",
            Self::OwnBusiness => "eget-foretag",
            Self::StudyGrant => "studiemedel",
            Self::Other => "annan",
            Self::None => "ingen",
        }
    }

    #[must_use]
    pub fn group(self) -> SupportGroup {
        match self {
            Self::Sjukpenning | Self::Aktivitetsersattning | Self::Sjukersattning => {
                SupportGroup::Ohalsa
            }
            Self::Arbetsloshetsersattning | Self::Aktivitetsstod | Self::Etableringsersattning => {
                SupportGroup::Arbetsmarknadsstod
            }
            Self::Forsorjningsstod => SupportGroup::EkonomisktBistand,
            Self::Wage
            | Self::SubsidisedWage
            | Self::OwnBusiness
            | Self::StudyGrant
            | Self::Other
            | Self::None => SupportGroup::NotPublic,
        }
    }

    /// Whether a month with this source counts as a month on public support.
    #[must_use]
    pub fn is_public_support(self) -> bool {
        self.group().is_public()
    }

    /// Whether this is work paid partly by an employment subsidy, which reports may want to show
    /// apart from unsubsidised work even though both count as wage.
    #[must_use]
    pub fn is_subsidised(self) -> bool {
        matches!(self, Self::SubsidisedWage)
    }
}

/// The national groups of public support, and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SupportGroup {
    /// Support because of ill health: sjukpenning, aktivitetsersättning, sjukersättning.
    Ohalsa,
    /// Labour-market support: a-kassa, aktivitetsstöd, etableringsersättning.
    Arbetsmarknadsstod,
    /// Försörjningsstöd from the municipality.
    EkonomisktBistand,
    /// Every source that is not public support.
    NotPublic,
}

impl SupportGroup {
    pub const ALL: [Self; 4] = [
        Self::Ohalsa,
        Self::Arbetsmarknadsstod,
        Self::EkonomisktBistand,
        Self::NotPublic,
    ];

    /// The stable code that the API, the database and reports use.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Ohalsa => "ohalsa",
            Self::Arbetsmarknadsstod => "arbetsmarknadsstod",
            Self::EkonomisktBistand => "ekonomiskt-bistand",
            Self::NotPublic => "ej-offentligt",
        }
    }

    #[must_use]
    pub fn is_public(self) -> bool {
        self != Self::NotPublic
    }
}

/// Parses a code of `ALL` and exchanges values by that code, so the code tables in `code()` are
/// the only place the text forms are written down.
macro_rules! code_list {
    ($type:ty) => {
        impl FromStr for $type {
            type Err = ();

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|value| value.code() == s.trim())
                    .ok_or(())
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = String::deserialize(deserializer)?;
                code.parse()
                    .map_err(|()| D::Error::custom(format!("unknown code: {code}")))
            }
        }
    };
}

code_list!(IncomeSource);
code_list!(SupportGroup);

/// One source of income in one month: a stored row of the timeline.
///
/// A person has at most one row per month and source. Shares are whole percent of full time;
/// the amount is optional because the share is what the measures need and amounts are often
/// unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeMonth {
    pub month: YearMonth,
    pub source: IncomeSource,
    pub share_percent: u8,
    pub amount: Option<Money>,
}

/// The raw text of the form that sets one source and share for a range of months.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeRangeInput {
    pub from: String,
    /// Blank for a single month.
    #[serde(default)]
    pub to: String,
    pub source: String,
    pub share_percent: String,
    /// Blank when the amount is not known.
    #[serde(default)]
    pub amount: String,
}

/// A checked [`IncomeRangeInput`]: `source` at `share_percent` in every month `from..=to`.
///
/// A share of 0 means "remove this source from these months".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncomeRange {
    pub from: YearMonth,
    pub to: YearMonth,
    pub source: IncomeSource,
    pub share_percent: u8,
    pub amount: Option<Money>,
}

impl IncomeRangeInput {
    /// Checks every field and reports every problem at once.
    ///
    /// # Errors
    ///
    /// The problems found, on the fields `from`, `to`, `source`, `share_percent` and `amount`.
    pub fn parse(&self) -> Result<IncomeRange, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let from = errors.check(parse_month("from", &self.from));
        let to = if self.to.trim().is_empty() {
            from
        } else {
            errors.check(parse_month("to", &self.to))
        };
        let source = errors.check(
            self.source
                .parse::<IncomeSource>()
                .map_err(|()| FieldError::new("source", "error-choose-option")),
        );
        let share_percent = errors.check(parse_share(&self.share_percent));
        let amount = errors.check(parse_amount(&self.amount));
        if let (Some(from), Some(to)) = (from, to) {
            let span = YearMonth::months_between(from, to);
            if span < 0 {
                errors.push(FieldError::new(
                    "to",
                    "income-error-range-ends-before-start",
                ));
            } else if span >= MAX_RANGE_MONTHS {
                errors.push(
                    FieldError::new("to", "income-error-range-too-long")
                        .with_arg("max", MAX_RANGE_MONTHS),
                );
            }
        }
        if share_percent == Some(0) && matches!(amount, Some(Some(_))) {
            errors.push(FieldError::new(
                "amount",
                "income-error-amount-with-zero-share",
            ));
        }
        match (from, to, source, share_percent, amount) {
            (Some(from), Some(to), Some(source), Some(share_percent), Some(amount))
                if errors.is_empty() =>
            {
                Ok(IncomeRange {
                    from,
                    to,
                    source,
                    share_percent,
                    amount,
                })
            }
            _ => Err(errors),
        }
    }
}

impl IncomeRange {
    /// Every month of the range, `from` and `to` included.
    pub fn months(&self) -> impl Iterator<Item = YearMonth> {
        self.from.months_until_inclusive(self.to)
    }
}

fn parse_month(field: &'static str, input: &str) -> Result<YearMonth, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    YearMonth::parse(input).map_err(|error| error.for_field(field))
}

/// A whole percent 0–100, with or without a percent sign: `50`, `50%`, `50 %`.
fn parse_share(input: &str) -> Result<u8, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new("share_percent", "error-required"));
    }
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
    match number.parse::<u8>() {
        Ok(share) if share <= FULL_TIME_PERCENT => Ok(share),
        _ => Err(FieldError::new("share_percent", "error-whole-number-range")
            .with_arg("min", 0)
            .with_arg("max", FULL_TIME_PERCENT)),
    }
}

/// An optional amount in Swedish notation; blank means unknown.
fn parse_amount(input: &str) -> Result<Option<Money>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    match Money::parse_sv(input) {
        Ok(amount) if amount.ore() >= 0 => Ok(Some(amount)),
        Ok(_) => Err(FieldError::new("amount", "error-amount-negative")),
        Err(error) => Err(money_error("amount", &error)),
    }
}

fn money_error(field: &'static str, error: &MoneyError) -> FieldError {
    error.message_args().into_iter().fold(
        FieldError::new(field, error.message_key()),
        |field_error, (name, value)| field_error.with_arg(name, value),
    )
}

/// What to do with one source in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Insert the row, or replace the share and amount of the existing one.
    Set {
        share_percent: u8,
        amount: Option<Money>,
    },
    /// Delete the existing row.
    Remove,
}

/// One row for the caller to write: a [`Change`] of `source` in `month`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthChange {
    pub month: YearMonth,
    pub source: IncomeSource,
    pub change: Change,
}

/// The changes that apply `range` to a person's `existing` rows.
///
/// A positive share gives one [`Change::Set`] per month of the range, replacing whatever share
/// the same source had. A share of 0 gives a [`Change::Remove`] for each month where the source
/// has a row, and nothing for months where it has none, so the changes are exactly what will
/// differ.
///
/// # Errors
///
/// An error on `share_percent` if a month would add up to more than full time, with the
/// arguments `month` (`YYYY-MM`) and `total` (percent). Only the first such month is named:
/// the form shows one message per field, and fixing the share usually fixes all months.
/// Nothing is changed then, so a range is applied entirely or not at all.
pub fn apply_range(
    existing: &[IncomeMonth],
    range: &IncomeRange,
) -> Result<Vec<MonthChange>, ValidationErrors> {
    let change = if range.share_percent == 0 {
        Change::Remove
    } else {
        Change::Set {
            share_percent: range.share_percent,
            amount: range.amount,
        }
    };
    let month_change = |month| MonthChange {
        month,
        source: range.source,
        change,
    };
    if change == Change::Remove {
        return Ok(range
            .months()
            .filter(|&month| {
                existing
                    .iter()
                    .any(|row| row.month == month && row.source == range.source)
            })
            .map(month_change)
            .collect());
    }
    let mut changes = Vec::new();
    for month in range.months() {
        let others: u32 = existing
            .iter()
            .filter(|row| row.month == month && row.source != range.source)
            .map(|row| u32::from(row.share_percent))
            .sum();
        let total = others + u32::from(range.share_percent);
        if total > u32::from(FULL_TIME_PERCENT) {
            return Err(ValidationErrors::single(
                FieldError::new("share_percent", "income-error-month-over-full-time")
                    .with_arg("month", month)
                    .with_arg("total", total),
            ));
        }
        changes.push(month_change(month));
    }
    Ok(changes)
}

/// The sources of a month with their shares, largest share first (ties in the order of
/// [`IncomeSource::ALL`]). Rows with a share of 0 are left out: they record nothing.
#[must_use]
pub fn sources_in(rows: &[IncomeMonth], month: YearMonth) -> Vec<(IncomeSource, u8)> {
    let mut sources: Vec<(IncomeSource, u8)> = rows
        .iter()
        .filter(|row| row.month == month && row.share_percent > 0)
        .map(|row| (row.source, row.share_percent))
        .collect();
    sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    sources
}

/// Whether any public support was paid in the month, however small its share: the national
/// follow-up counts a month with some support as a month on support.
#[must_use]
pub fn on_public_support(rows: &[IncomeMonth], month: YearMonth) -> bool {
    rows.iter()
        .any(|row| row.month == month && row.share_percent > 0 && row.source.is_public_support())
}

/// How many months of `from..=to` were [on public support](on_public_support).
#[must_use]
pub fn public_support_months(rows: &[IncomeMonth], from: YearMonth, to: YearMonth) -> u32 {
    count_months(from, to, |month| on_public_support(rows, month))
}

/// How many months of `from..=to` have any row at all, so that a month without support can be
/// told from a month nobody recorded.
#[must_use]
pub fn months_recorded(rows: &[IncomeMonth], from: YearMonth, to: YearMonth) -> u32 {
    count_months(from, to, |month| rows.iter().any(|row| row.month == month))
}

fn count_months(from: YearMonth, to: YearMonth, counts: impl Fn(YearMonth) -> bool) -> u32 {
    let count = from
        .months_until_inclusive(to)
        .filter(|&month| counts(month))
        .count();
    // At most the number of valid months, a few thousand.
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Months on public support before a programme compared with after it: the headline of
/// effect 1, "less need of public support".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SupportComparison {
    /// The length of each window in months.
    pub window: u32,
    /// Months on public support in the window before intake.
    pub before_months: u32,
    /// Months with any row in the window before intake.
    pub before_recorded: u32,
    /// Months on public support in the window after exit.
    pub after_months: u32,
    /// Months with any row in the window after exit. Fewer than `window` while that time has
    /// not yet passed or has not been followed up.
    pub after_recorded: u32,
}

/// Compares months on public support in the `window_months` months strictly before the intake
/// month with the `window_months` months strictly after the exit month; 12 is the usual window.
///
/// The intake and exit months themselves are left out: they are usually partly inside the
/// programme, and counting them would mix the programme's own period into "before" and
/// "after". Windows are cut short at [`YearMonth::FIRST`] and [`YearMonth::LAST`].
///
/// The recorded counts say how much of each window has data at all. A comparison where they
/// are well below `window` compares gaps, not support, and callers should say so.
#[must_use]
pub fn compare_support(
    rows: &[IncomeMonth],
    intake: YearMonth,
    exit: YearMonth,
    window_months: u32,
) -> SupportComparison {
    let window = i32::try_from(window_months).unwrap_or(i32::MAX);
    let before = intake.prev().map(|last| {
        let first = intake.plus_months(-window).unwrap_or(YearMonth::FIRST);
        (first, last)
    });
    let after = exit.next().map(|first| {
        let last = exit.plus_months(window).unwrap_or(YearMonth::LAST);
        (first, last)
    });
    let (before_months, before_recorded) = window_counts(rows, before);
    let (after_months, after_recorded) = window_counts(rows, after);
    SupportComparison {
        window: window_months,
        before_months,
        before_recorded,
        after_months,
        after_recorded,
    }
}

/// Months on public support and months recorded in an inclusive window, if there is one.
fn window_counts(rows: &[IncomeMonth], window: Option<(YearMonth, YearMonth)>) -> (u32, u32) {
    window.map_or((0, 0), |(first, last)| {
        (
            public_support_months(rows, first, last),
            months_recorded(rows, first, last),
        )
    })
}

/// One month of the person page's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineMonth {
    pub month: YearMonth,
    /// The sources as from [`sources_in`], largest first.
    pub segments: Vec<(IncomeSource, u8)>,
    /// The part of full time no row accounts for, drawn as a gap.
    pub unrecorded_percent: u8,
}

/// The months `from..=to` with their sources, for drawing the timeline as one bar per month.
#[must_use]
pub fn timeline(rows: &[IncomeMonth], from: YearMonth, to: YearMonth) -> Vec<TimelineMonth> {
    from.months_until_inclusive(to)
        .map(|month| {
            let segments = sources_in(rows, month);
            let recorded: u32 = segments.iter().map(|&(_, share)| u32::from(share)).sum();
            let unrecorded = u32::from(FULL_TIME_PERCENT).saturating_sub(recorded);
            TimelineMonth {
                month,
                segments,
                // At most 100, so the conversion cannot fail.
                unrecorded_percent: u8::try_from(unrecorded).unwrap_or(0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};
    use time::macros::date;

    fn ym(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    fn row(month: &str, source: IncomeSource, share_percent: u8) -> IncomeMonth {
        IncomeMonth {
            month: ym(month),
            source,
            share_percent,
            amount: None,
        }
    }

    fn input(from: &str, to: &str, source: &str, share: &str, amount: &str) -> IncomeRangeInput {
        IncomeRangeInput {
            from: from.into(),
            to: to.into(),
            source: source.into(),
            share_percent: share.into(),
            amount: amount.into(),
        }
    }

    fn range(from: &str, to: &str, source: IncomeSource, share_percent: u8) -> IncomeRange {
        IncomeRange {
            from: ym(from),
            to: ym(to),
            source,
            share_percent,
            amount: None,
        }
    }

    /// What a store does with the changes: the rows after applying them.
    fn apply_changes(rows: &[IncomeMonth], changes: &[MonthChange]) -> Vec<IncomeMonth> {
        let mut rows = rows.to_vec();
        for change in changes {
            rows.retain(|row| !(row.month == change.month && row.source == change.source));
            if let Change::Set {
                share_percent,
                amount,
            } = change.change
            {
                rows.push(IncomeMonth {
                    month: change.month,
                    source: change.source,
                    share_percent,
                    amount,
                });
            }
        }
        rows
    }

    fn month_total(rows: &[IncomeMonth], month: YearMonth) -> u32 {
        rows.iter()
            .filter(|row| row.month == month)
            .map(|row| u32::from(row.share_percent))
            .sum()
    }

    #[test]
    fn a_month_is_read_as_written_in_a_month_input_or_typed_with_one_digit() {
        assert_eq!(YearMonth::parse("2026-03"), YearMonth::new(2026, 3));
        assert_eq!(YearMonth::parse(" 2026-3 "), YearMonth::new(2026, 3));
        assert_eq!(ym("2026-12").month(), 12);
        assert_eq!(ym("2026-12").year(), 2026);
    }

    #[test]
    fn anything_but_a_real_year_and_month_is_a_format_error() {
        for text in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "2026-03-01",
            "2026-003",
            "+026-03",
            "2026-+3",
            "2026- 3",
        ] {
            assert_eq!(
                YearMonth::parse(text),
                Err(YearMonthError::Format),
                "{text}"
            );
        }
    }

    #[test]
    fn years_outside_1900_to_2200_are_refused_with_the_allowed_years() {
        assert_eq!(
            YearMonth::parse("1899-12"),
            Err(YearMonthError::YearOutOfRange)
        );
        assert_eq!(
            YearMonth::parse("2201-01"),
            Err(YearMonthError::YearOutOfRange)
        );
        assert_eq!(
            YearMonthError::YearOutOfRange.message_args(),
            vec![("first", "1900".to_owned()), ("last", "2200".to_owned())]
        );
        assert_eq!(YearMonth::parse("1900-01"), Ok(YearMonth::FIRST));
        assert_eq!(YearMonth::parse("2200-12"), Ok(YearMonth::LAST));
    }

    #[test]
    fn a_month_is_displayed_with_a_two_digit_month() {
        assert_eq!(ym("2026-3").to_string(), "2026-03");
    }

    #[test]
    fn a_month_is_deserialized_from_its_text_form() {
        let text: StrDeserializer<'_, ValueError> = "2026-03".into_deserializer();
        assert_eq!(YearMonth::deserialize(text), Ok(ym("2026-03")));
        let wrong: StrDeserializer<'_, ValueError> = "2026-13".into_deserializer();
        assert!(YearMonth::deserialize(wrong).is_err());
    }

    #[test]
    fn a_date_belongs_to_its_month_and_a_month_starts_on_its_first_day() {
        assert_eq!(YearMonth::of(date!(2026 - 03 - 31)), Some(ym("2026-03")));
        assert_eq!(YearMonth::of(date!(1899 - 12 - 31)), None);
        assert_eq!(ym("2024-02").first_day(), date!(2024 - 02 - 01));
    }

    #[test]
    fn month_arithmetic_crosses_years_and_stops_at_the_valid_range() {
        assert_eq!(ym("2025-12").next(), Some(ym("2026-01")));
        assert_eq!(ym("2026-01").prev(), Some(ym("2025-12")));
        assert_eq!(ym("2026-03").plus_months(-15), Some(ym("2024-12")));
        assert_eq!(ym("2026-03").plus_months(24), Some(ym("2028-03")));
        assert_eq!(YearMonth::LAST.next(), None);
        assert_eq!(YearMonth::FIRST.prev(), None);
        assert_eq!(ym("2026-03").plus_months(i32::MAX), None);
        assert_eq!(ym("2026-03").plus_months(i32::MIN), None);
    }

    #[test]
    fn months_between_counts_forwards_and_backwards() {
        assert_eq!(YearMonth::months_between(ym("2025-11"), ym("2026-02")), 3);
        assert_eq!(YearMonth::months_between(ym("2026-02"), ym("2025-11")), -3);
        assert_eq!(YearMonth::months_between(ym("2026-02"), ym("2026-02")), 0);
    }

    #[test]
    fn an_inclusive_range_of_months_has_both_ends_and_is_empty_when_reversed() {
        let months: Vec<String> = ym("2025-11")
            .months_until_inclusive(ym("2026-02"))
            .map(|month| month.to_string())
            .collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(
            ym("2026-02").months_until_inclusive(ym("2025-11")).count(),
            0
        );
    }

    #[test]
    fn every_income_source_has_a_unique_code_that_parses_back() {
        for source in IncomeSource::ALL {
            assert_eq!(source.code().parse(), Ok(source));
        }
        let mut codes: Vec<&str> = IncomeSource::ALL.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), IncomeSource::ALL.len());
        assert_eq!("a-kassa".parse(), Ok(IncomeSource::Arbetsloshetsersattning));
        assert_eq!("lön".parse::<IncomeSource>(), Err(()));
    }

    #[test]
    fn every_support_group_has_a_code_that_parses_back() {
        for group in SupportGroup::ALL {
            assert_eq!(group.code().parse(), Ok(group));
        }
    }

    #[test]
    fn sources_belong_to_the_national_groups_of_public_support() {
        use IncomeSource as S;
        let in_group = |group| {
            IncomeSource::ALL
                .into_iter()
                .filter(|source| source.group() == group)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            in_group(SupportGroup::Ohalsa),
            [S::Sjukpenning, S::Aktivitetsersattning, S::Sjukersattning]
        );
        assert_eq!(
            in_group(SupportGroup::Arbetsmarknadsstod),
            [
                S::Arbetsloshetsersattning,
                S::Aktivitetsstod,
                S::Etableringsersattning
            ]
        );
        assert_eq!(
            in_group(SupportGroup::EkonomisktBistand),
            [S::Forsorjningsstod]
        );
        assert_eq!(in_group(SupportGroup::NotPublic).len(), 6);
    }

    #[test]
    fn a_subsidised_wage_is_a_wage_and_not_public_support() {
        assert!(!IncomeSource::SubsidisedWage.is_public_support());
        assert!(IncomeSource::SubsidisedWage.is_subsidised());
        assert!(!IncomeSource::Wage.is_subsidised());
        assert!(IncomeSource::Forsorjningsstod.is_public_support());
    }

    #[test]
    fn a_form_for_a_range_of_months_parses_to_a_range() {
        let parsed = input("2026-01", "2026-06", "a-kassa", "50", "1 234,50")
            .parse()
            .unwrap();
        assert_eq!(
            parsed,
            IncomeRange {
                from: ym("2026-01"),
                to: ym("2026-06"),
                source: IncomeSource::Arbetsloshetsersattning,
                share_percent: 50,
                amount: Some(Money::from_ore(123_450)),
            }
        );
        assert_eq!(parsed.months().count(), 6);
    }

    #[test]
    fn a_blank_end_month_means_the_start_month_only() {
        let parsed = input("2026-01", " ", "lon", "100", "").parse().unwrap();
        assert_eq!(parsed.to, ym("2026-01"));
        assert_eq!(parsed.amount, None);
        assert_eq!(parsed.months().count(), 1);
    }

    #[test]
    fn a_share_may_be_written_with_or_without_a_percent_sign() {
        for share in ["50", "50%", "50 %", " 50 % "] {
            let parsed = input("2026-01", "", "lon", share, "").parse().unwrap();
            assert_eq!(parsed.share_percent, 50, "{share}");
        }
    }

    #[test]
    fn a_share_is_a_whole_number_from_zero_to_one_hundred() {
        for share in ["101", "-5", "50,5", "half", "%"] {
            let errors = input("2026-01", "", "lon", share, "").parse().unwrap_err();
            let error = errors.for_field("share_percent").unwrap();
            assert_eq!(error.key, "error-whole-number-range", "{share}");
            assert_eq!(
                error.args,
                vec![("min", "0".to_owned()), ("max", "100".to_owned())]
            );
        }
    }

    #[test]
    fn every_problem_in_the_form_is_reported_at_once() {
        let errors = input("", "2026-13", "lotto", "", "12 euro")
            .parse()
            .unwrap_err();
        let key = |field| errors.for_field(field).unwrap().key;
        assert_eq!(key("from"), "error-required");
        assert_eq!(key("to"), "month-error-format");
        assert_eq!(key("source"), "error-choose-option");
        assert_eq!(key("share_percent"), "error-required");
        assert_eq!(key("amount"), "money-error-invalid-character");
        assert_eq!(errors.iter().count(), 5);
    }

    #[test]
    fn a_range_that_ends_before_it_starts_is_refused_on_the_end_month() {
        let errors = input("2026-06", "2026-01", "lon", "100", "")
            .parse()
            .unwrap_err();
        assert_eq!(
            errors.for_field("to").unwrap().key,
            "income-error-range-ends-before-start"
        );
    }

    #[test]
    fn a_range_may_span_at_most_two_hundred_and_forty_months() {
        assert!(
            input("2000-01", "2019-12", "lon", "100", "")
                .parse()
                .is_ok()
        );
        let errors = input("2000-01", "2020-01", "lon", "100", "")
            .parse()
            .unwrap_err();
        let error = errors.for_field("to").unwrap();
        assert_eq!(error.key, "income-error-range-too-long");
        assert_eq!(error.args, vec![("max", "240".to_owned())]);
    }

    #[test]
    fn a_year_outside_the_valid_range_names_the_allowed_years() {
        let errors = input("1850-01", "", "lon", "100", "").parse().unwrap_err();
        let error = errors.for_field("from").unwrap();
        assert_eq!(error.key, "month-error-year-out-of-range");
        assert_eq!(
            error.args,
            vec![("first", "1900".to_owned()), ("last", "2200".to_owned())]
        );
    }

    #[test]
    fn an_amount_may_not_be_negative() {
        let errors = input("2026-01", "", "lon", "100", "-500")
            .parse()
            .unwrap_err();
        assert_eq!(
            errors.for_field("amount").unwrap().key,
            "error-amount-negative"
        );
    }

    #[test]
    fn an_amount_makes_no_sense_when_the_share_removes_the_source() {
        let errors = input("2026-01", "", "lon", "0", "500").parse().unwrap_err();
        assert_eq!(
            errors.for_field("amount").unwrap().key,
            "income-error-amount-with-zero-share"
        );
    }

    #[test]
    fn money_errors_keep_their_arguments() {
        let errors = input("2026-01", "", "lon", "100", "0,125")
            .parse()
            .unwrap_err();
        let error = errors.for_field("amount").unwrap();
        assert_eq!(error.key, "money-error-too-many-decimals");
        assert_eq!(error.args, vec![("decimals", "3".to_owned())]);
    }

    #[test]
    fn applying_a_range_sets_the_source_in_every_month() {
        let changes = apply_range(
            &[],
            &range("2026-01", "2026-03", IncomeSource::Aktivitetsstod, 50),
        )
        .unwrap();
        assert_eq!(changes.len(), 3);
        assert!(changes.iter().all(|change| change.change
            == Change::Set {
                share_percent: 50,
                amount: None
            }
            && change.source == IncomeSource::Aktivitetsstod));
        assert_eq!(changes.first().unwrap().month, ym("2026-01"));
    }

    #[test]
    fn shares_of_one_month_may_not_exceed_one_hundred_percent() {
        let existing = [
            row("2026-01", IncomeSource::Wage, 50),
            row("2026-02", IncomeSource::Wage, 75),
            row("2026-03", IncomeSource::Wage, 80),
        ];
        let errors = apply_range(
            &existing,
            &range("2026-01", "2026-03", IncomeSource::Forsorjningsstod, 30),
        )
        .unwrap_err();
        let error = errors.for_field("share_percent").unwrap();
        assert_eq!(error.key, "income-error-month-over-full-time");
        assert_eq!(
            error.args,
            vec![("month", "2026-02".to_owned()), ("total", "105".to_owned())]
        );
        assert_eq!(errors.iter().count(), 1);
    }

    #[test]
    fn setting_a_source_again_replaces_its_share_instead_of_adding_to_it() {
        let existing = [
            row("2026-01", IncomeSource::Wage, 60),
            row("2026-01", IncomeSource::Forsorjningsstod, 40),
        ];
        let changes = apply_range(
            &existing,
            &range("2026-01", "2026-01", IncomeSource::Wage, 60),
        )
        .unwrap();
        assert_eq!(changes.len(), 1);
        assert!(
            apply_range(
                &existing,
                &range("2026-01", "2026-01", IncomeSource::Wage, 61)
            )
            .is_err()
        );
    }

    #[test]
    fn a_share_of_zero_removes_the_source_where_it_was_recorded() {
        let existing = [
            row("2026-01", IncomeSource::Wage, 100),
            row("2026-03", IncomeSource::Wage, 100),
            row("2026-02", IncomeSource::Sjukpenning, 100),
        ];
        let changes = apply_range(
            &existing,
            &range("2026-01", "2026-03", IncomeSource::Wage, 0),
        )
        .unwrap();
        assert_eq!(
            changes,
            [
                MonthChange {
                    month: ym("2026-01"),
                    source: IncomeSource::Wage,
                    change: Change::Remove
                },
                MonthChange {
                    month: ym("2026-03"),
                    source: IncomeSource::Wage,
                    change: Change::Remove
                },
            ]
        );
    }

    #[test]
    fn no_income_may_share_a_month_with_other_sources_within_full_time() {
        let existing = [row("2026-01", IncomeSource::Wage, 25)];
        assert!(
            apply_range(
                &existing,
                &range("2026-01", "2026-01", IncomeSource::None, 75)
            )
            .is_ok()
        );
        assert!(
            apply_range(
                &existing,
                &range("2026-01", "2026-01", IncomeSource::None, 100)
            )
            .is_err()
        );
    }

    #[test]
    fn the_sources_of_a_month_come_largest_share_first() {
        let rows = [
            row("2026-01", IncomeSource::Wage, 25),
            row("2026-01", IncomeSource::Forsorjningsstod, 50),
            row("2026-01", IncomeSource::Sjukpenning, 25),
            row("2026-01", IncomeSource::Other, 0),
            row("2026-02", IncomeSource::StudyGrant, 100),
        ];
        assert_eq!(
            sources_in(&rows, ym("2026-01")),
            [
                (IncomeSource::Forsorjningsstod, 50),
                (IncomeSource::Sjukpenning, 25),
                (IncomeSource::Wage, 25),
            ]
        );
        assert!(sources_in(&rows, ym("2026-03")).is_empty());
    }

    #[test]
    fn any_share_of_public_support_makes_a_month_one_on_public_support() {
        let rows = [
            row("2026-01", IncomeSource::Wage, 90),
            row("2026-01", IncomeSource::Aktivitetsersattning, 10),
            row("2026-02", IncomeSource::SubsidisedWage, 100),
            row("2026-03", IncomeSource::Forsorjningsstod, 0),
        ];
        assert!(on_public_support(&rows, ym("2026-01")));
        assert!(!on_public_support(&rows, ym("2026-02")));
        assert!(!on_public_support(&rows, ym("2026-03")));
        assert!(!on_public_support(&rows, ym("2026-04")));
        assert_eq!(
            public_support_months(&rows, ym("2025-01"), ym("2026-12")),
            1
        );
    }

    #[test]
    fn recorded_months_tell_no_data_from_no_support() {
        let rows = [
            row("2026-01", IncomeSource::None, 100),
            row("2026-02", IncomeSource::Wage, 50),
            row("2026-02", IncomeSource::Other, 50),
        ];
        assert_eq!(months_recorded(&rows, ym("2026-01"), ym("2026-04")), 2);
        assert_eq!(
            public_support_months(&rows, ym("2026-01"), ym("2026-04")),
            0
        );
        assert_eq!(months_recorded(&rows, ym("2026-04"), ym("2026-01")), 0);
    }

    #[test]
    fn support_is_compared_in_windows_strictly_before_intake_and_after_exit() {
        let mut rows: Vec<IncomeMonth> = ym("2024-01")
            .months_until_inclusive(ym("2025-02"))
            .map(|month| IncomeMonth {
                month,
                source: IncomeSource::Forsorjningsstod,
                share_percent: 100,
                amount: None,
            })
            .collect();
        rows.push(row("2025-08", IncomeSource::Forsorjningsstod, 100));
        rows.extend(
            ym("2025-09")
                .months_until_inclusive(ym("2026-02"))
                .map(|month| IncomeMonth {
                    month,
                    source: IncomeSource::Wage,
                    share_percent: 100,
                    amount: None,
                }),
        );
        rows.push(row("2025-10", IncomeSource::Sjukpenning, 0));
        rows.push(row("2025-11", IncomeSource::Forsorjningsstod, 0));
        let comparison = compare_support(&rows, ym("2025-02"), ym("2025-08"), 12);
        assert_eq!(
            comparison,
            SupportComparison {
                window: 12,
                before_months: 12,
                before_recorded: 12,
                after_months: 0,
                after_recorded: 6,
            }
        );
    }

    #[test]
    fn a_comparison_window_is_cut_short_at_the_first_and_last_valid_month() {
        let rows = [row("1900-01", IncomeSource::Sjukpenning, 100)];
        let comparison = compare_support(&rows, ym("1900-03"), YearMonth::LAST, 12);
        assert_eq!(comparison.before_months, 1);
        assert_eq!(comparison.before_recorded, 1);
        assert_eq!(comparison.after_recorded, 0);
        let at_the_edge = compare_support(&rows, YearMonth::FIRST, YearMonth::LAST, u32::MAX);
        assert_eq!(at_the_edge.before_recorded, 0);
        assert_eq!(at_the_edge.window, u32::MAX);
    }

    #[test]
    fn the_timeline_has_every_month_and_shows_what_is_unrecorded() {
        let rows = [
            row("2026-01", IncomeSource::Wage, 50),
            row("2026-01", IncomeSource::Aktivitetsstod, 25),
            row("2026-03", IncomeSource::None, 100),
        ];
        let months = timeline(&rows, ym("2026-01"), ym("2026-03"));
        assert_eq!(
            months,
            [
                TimelineMonth {
                    month: ym("2026-01"),
                    segments: vec![(IncomeSource::Wage, 50), (IncomeSource::Aktivitetsstod, 25)],
                    unrecorded_percent: 25,
                },
                TimelineMonth {
                    month: ym("2026-02"),
                    segments: Vec::new(),
                    unrecorded_percent: 100,
                },
                TimelineMonth {
                    month: ym("2026-03"),
                    segments: vec![(IncomeSource::None, 100)],
                    unrecorded_percent: 0,
                },
            ]
        );
    }

    fn any_year_month() -> impl Strategy<Value = YearMonth> {
        (FIRST_YEAR..=LAST_YEAR, 1u8..=12)
            .prop_map(|(year, month)| YearMonth::new(year, month).unwrap())
    }

    /// Ranges within two years, so that they overlap often.
    fn nearby_range() -> impl Strategy<Value = IncomeRange> {
        (
            0i32..24,
            0i32..6,
            proptest::sample::select(IncomeSource::ALL.to_vec()),
            prop_oneof![Just(0u8), 0u8..=100],
        )
            .prop_map(|(start, length, source, share_percent)| {
                let from = ym("2025-01").plus_months(start).unwrap();
                IncomeRange {
                    from,
                    to: from.plus_months(length).unwrap(),
                    source,
                    share_percent,
                    amount: None,
                }
            })
    }

    proptest! {
        #[test]
        fn applying_ranges_never_makes_a_month_exceed_full_time(
            ranges in proptest::collection::vec(nearby_range(), 1..30)
        ) {
            let mut rows = Vec::new();
            for range in &ranges {
                if let Ok(changes) = apply_range(&rows, range) {
                    rows = apply_changes(&rows, &changes);
                }
                for month in ym("2025-01").months_until_inclusive(ym("2027-06")) {
                    prop_assert!(month_total(&rows, month) <= 100);
                }
            }
        }

        #[test]
        fn a_month_displays_as_text_that_parses_back_to_it(month in any_year_month()) {
            prop_assert_eq!(YearMonth::parse(&month.to_string()), Ok(month));
        }

        #[test]
        fn next_and_prev_undo_each_other(month in any_year_month()) {
            if let Some(next) = month.next() {
                prop_assert_eq!(next.prev(), Some(month));
                prop_assert_eq!(YearMonth::months_between(month, next), 1);
            }
            if let Some(prev) = month.prev() {
                prop_assert_eq!(prev.next(), Some(month));
            }
        }

        #[test]
        fn month_parsing_never_panics(text in any::<String>()) {
            let _ = YearMonth::parse(&text);
        }

        #[test]
        fn public_support_months_never_exceed_the_window_or_the_recorded_months(
            ranges in proptest::collection::vec(nearby_range(), 0..20),
            start in 0i32..30,
            length in 0i32..30,
        ) {
            let mut rows = Vec::new();
            for range in &ranges {
                if let Ok(changes) = apply_range(&rows, range) {
                    rows = apply_changes(&rows, &changes);
                }
            }
            let from = ym("2024-06").plus_months(start).unwrap();
            let to = from.plus_months(length).unwrap();
            let window = u32::try_from(length + 1).unwrap();
            let on_support = public_support_months(&rows, from, to);
            prop_assert!(on_support <= window);
            prop_assert!(on_support <= months_recorded(&rows, from, to));
        }
    }
}
