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

impl Timestamp {
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

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
