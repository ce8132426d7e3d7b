//! Instants and calendar dates in the one canonical text form both databases store.
//!
//! SQLite has no time type and PostgreSQL's would decode differently, so instants are stored
//! as fixed-width UTC text (`2026-11-27T08:29:33.123456Z`). Fixed width makes text order equal
//! time order, so indexes and `ORDER BY` work the same on both engines.

use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a canonical timestamp: {0}")]
pub struct TimestampError(String);

const CANONICAL: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// There is deliberately no `Timestamp::now()`: the domain is pure and takes the time as a
/// parameter; the application reads it from its clock (`stegvis_app::Clock`).
impl Timestamp {
    /// Normalises to UTC and truncates to whole microseconds, the precision stored.
    pub fn from_datetime(at: OffsetDateTime) -> Self {
        let utc = at.to_offset(UtcOffset::UTC);
        let micros = utc.microsecond();
        Self(utc.replace_nanosecond(micros * 1000).unwrap_or(utc))
    }

    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Self::from_datetime)
            .map_err(|_| TimestampError(text.to_string()))
    }

    pub fn canonical(&self) -> String {
        self.0
            .format(CANONICAL)
            .unwrap_or_else(|_| self.0.unix_timestamp().to_string())
    }

    pub fn datetime(&self) -> OffsetDateTime {
        self.0
    }

    pub fn plus(&self, duration: time::Duration) -> Self {
        Self::from_datetime(self.0 + duration)
    }

    pub fn date(&self) -> Date {
        self.0.date()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

/// Parses a calendar date written as `YYYY-MM-DD`, the Swedish standard form.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Writes a calendar date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The same day `months` calendar months later (earlier when negative), or the last day of the
/// month where that month is shorter: a month after 31 January is 28 or 29 February.
pub fn add_months(date: Date, months: i32) -> Date {
    let zero_based =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = i32::try_from(zero_based.div_euclid(12)).unwrap_or(date.year());
    let month_number = u8::try_from(zero_based.rem_euclid(12) + 1).unwrap_or(1);
    let month = time::Month::try_from(month_number).unwrap_or(time::Month::January);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    #[test]
    fn adding_months_keeps_the_day_or_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(date!(2013 - 01 - 31), 1), date!(2013 - 02 - 28));
        assert_eq!(add_months(date!(2012 - 01 - 31), 1), date!(2012 - 02 - 29));
        assert_eq!(add_months(date!(2013 - 09 - 30), 3), date!(2013 - 12 - 30));
        assert_eq!(add_months(date!(2013 - 11 - 15), 14), date!(2015 - 01 - 15));
        assert_eq!(add_months(date!(2013 - 06 - 10), 0), date!(2013 - 06 - 10));
    }

    #[test]
    fn negative_months_go_back_across_years_and_clamp_the_same_way() {
        assert_eq!(add_months(date!(2013 - 05 - 31), -3), date!(2013 - 02 - 28));
        assert_eq!(add_months(date!(2013 - 02 - 15), -3), date!(2012 - 11 - 15));
        assert_eq!(
            add_months(date!(2013 - 03 - 31), -13),
            date!(2012 - 02 - 29)
        );
        assert_eq!(
            add_months(date!(2013 - 01 - 01), -12),
            date!(2012 - 01 - 01)
        );
    }

    proptest! {
        #[test]
        fn adding_months_moves_by_exactly_that_many_calendar_months(
            days in 0i64..40_000, months in -240i32..240
        ) {
            let start = date!(1990 - 01 - 01) + time::Duration::days(days);
            let moved = add_months(start, months);
            let diff = (moved.year() - start.year()) * 12
                + i32::from(u8::from(moved.month())) - i32::from(u8::from(start.month()));
            prop_assert_eq!(diff, months);
            prop_assert_eq!(moved.day(), start.day().min(moved.month().length(moved.year())));
            prop_assert_eq!(moved.cmp(&start), months.cmp(&0));
        }

        #[test]
        fn going_forward_then_back_returns_to_the_day_unless_it_was_clamped(
            days in 0i64..40_000, months in 0i32..240
        ) {
            let start = date!(1990 - 01 - 01) + time::Duration::days(days);
            let there = add_months(start, months);
            let back = add_months(there, -months);
            prop_assert!(back <= start);
            if there.day() == start.day() {
                prop_assert_eq!(back, start);
            }
        }
    }

    #[test]
    fn canonical_form_is_fixed_width_utc_with_microseconds() {
        let at = Timestamp::from_datetime(datetime!(2026-11-27 09:29:33.1234567 +01:00));
        assert_eq!(at.canonical(), "2026-11-27T08:29:33.123456Z");
    }

    #[test]
    fn canonical_form_parses_back_to_the_same_instant() {
        let at = Timestamp::from_datetime(datetime!(2011-09-09 00:00:00.5 UTC));
        assert_eq!(Timestamp::parse(&at.canonical()).unwrap(), at);
    }

    #[test]
    fn text_order_is_time_order() {
        let earlier = Timestamp::from_datetime(datetime!(2026-01-02 03:04:05 UTC));
        let later = earlier.plus(time::Duration::microseconds(1));
        assert!(earlier.canonical() < later.canonical());
    }

    #[test]
    fn dates_are_written_and_read_in_swedish_standard_form() {
        let date = parse_date("2013-09-30").unwrap();
        assert_eq!(format_date(date), "2013-09-30");
        assert!(parse_date("30/9/2013").is_none());
        assert!(parse_date("2013-02-30").is_none());
    }
}
