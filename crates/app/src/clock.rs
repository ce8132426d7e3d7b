//! The application's clock: the one place Stegvis reads the time of day.
//!
//! Session expiry, link validity, lockout, follow-up and questionnaire due dates, retention
//! cut-offs and every `created_at` depend on "now". Reading it through one clock that the
//! [`App`](crate::App) owns lets tests move time forward instead of rewriting rows, and lets the
//! demo start on a chosen day. The domain crate never reads the time; use cases pass it in.
//!
//! The clock runs at the speed of the system clock with an offset that starts at zero. Setting
//! or advancing it changes the offset, so time keeps moving afterwards (sessions still age and
//! `created_at` stays ordered) and every clone of the clock sees the change.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use stegvis_domain::swedish;
use stegvis_domain::timestamp::Timestamp;
use time::{Date, Duration, OffsetDateTime};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// How far this clock is ahead of the system clock, in microseconds (the stored precision).
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock, as production uses it.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `at` now and runs on from there.
    pub fn starting_at(at: Timestamp) -> Self {
        let clock = Self::default();
        clock.set(at);
        clock
    }

    pub fn now(&self) -> Timestamp {
        let offset = Duration::microseconds(self.offset_micros.load(Ordering::Relaxed));
        Timestamp::from_datetime(OffsetDateTime::now_utc() + offset)
    }

    /// The calendar date in Sweden now, which is what "today" means for dates people enter.
    pub fn today(&self) -> Date {
        swedish::to_swedish_time(self.now().datetime()).date()
    }

    /// Makes the clock read `at` now; it runs on from there.
    pub fn set(&self, at: Timestamp) {
        let offset = at.datetime() - OffsetDateTime::now_utc();
        self.offset_micros
            .store(whole_micros(offset), Ordering::Relaxed);
    }

    /// Moves the clock forward by `by` (backward when negative).
    pub fn advance(&self, by: Duration) {
        self.offset_micros
            .fetch_add(whole_micros(by), Ordering::Relaxed);
    }
}

/// A duration in whole microseconds, saturating far outside any date Stegvis handles.
fn whole_micros(duration: Duration) -> i64 {
    i64::try_from(duration.whole_microseconds()).unwrap_or(if duration.is_negative() {
        i64::MIN
    } else {
        i64::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_clock_set_to_an_instant_reads_that_instant_and_runs_on() {
        let start = Timestamp::from_datetime(datetime!(2013-09-30 10:00 UTC));
        let clock = Clock::starting_at(start);
        let read = clock.now();
        assert!(read >= start);
        assert!(read < start.plus(Duration::minutes(1)));
    }

    #[test]
    fn advancing_moves_every_clone_of_the_clock() {
        let clock = Clock::starting_at(Timestamp::from_datetime(datetime!(2013-09-30 10:00 UTC)));
        let shared = clock.clone();
        clock.advance(Duration::days(2));
        assert_eq!(shared.today(), date!(2013 - 10 - 02));
    }

    #[test]
    fn today_is_the_swedish_date_not_the_utc_date() {
        let clock = Clock::starting_at(Timestamp::from_datetime(datetime!(2026-12-31 23:30 UTC)));
        assert_eq!(clock.today(), date!(2027 - 01 - 01));
    }

    #[test]
    fn the_system_clock_reads_the_system_time() {
        let before = OffsetDateTime::now_utc() - Duration::seconds(1);
        assert!(Clock::system().now().datetime() >= before);
    }
}
