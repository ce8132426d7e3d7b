//! Retention rules (gallringsregler): how long an operator keeps identifying data after exit.
//!
//! Personal data may be kept only as long as the purpose needs it (GDPR art. 5.1 e). Each
//! operator decides, in a formal gallringsbeslut, for how many years after a person's last exit
//! their identity is kept; after that the person is anonymised and only the anonymous counts the
//! programme's statistics need remain. The rule cites that decision so a run can be traced back
//! to the authority behind it.

use crate::episode::required_date;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, required_text};
use serde::{Deserialize, Serialize};
use time::Date;

pub const YEARS_MIN: u8 = 1;
pub const YEARS_MAX: u8 = 100;
/// Long enough for any diarienummer with paragraph, e.g. "KS 2026/123 § 45".
pub const DECISION_REFERENCE_MAX: usize = 200;

/// The raw text of the retention rule form, API body or CLI flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRuleInput {
    pub years_after_exit: String,
    pub decision_reference: String,
    pub decided_on: String,
}

/// A validated retention rule, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRule {
    /// Whole years after the last exit that identifying data is kept.
    pub years_after_exit: u8,
    /// The formal decision the rule rests on.
    pub decision_reference: String,
    pub decided_on: Date,
}

impl RetentionRuleInput {
    /// Checks every field and reports every problem at once. `today` bounds the decision date:
    /// a decision not yet taken cannot authorise erasure.
    pub fn parse(&self, today: Date) -> Result<RetentionRule, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let years_after_exit = errors.check(parse_years(&self.years_after_exit));
        let decision_reference = errors.check(required_text(
            "decision_reference",
            &self.decision_reference,
            DECISION_REFERENCE_MAX,
        ));
        let decided_on = errors.check(required_date("decided_on", &self.decided_on).and_then(
            |date| {
                if date > today {
                    Err(FieldError::new("decided_on", "error-date-in-future"))
                } else {
                    Ok(date)
                }
            },
        ));
        match (years_after_exit, decision_reference, decided_on) {
            (Some(years_after_exit), Some(decision_reference), Some(decided_on))
                if errors.is_empty() =>
            {
                Ok(RetentionRule {
                    years_after_exit,
                    decision_reference,
                    decided_on,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_years(input: &str) -> Result<u8, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new("years_after_exit", "error-required"));
    }
    match trimmed.parse::<u8>() {
        Ok(years) if (YEARS_MIN..=YEARS_MAX).contains(&years) => Ok(years),
        _ => Err(
            FieldError::new("years_after_exit", "error-whole-number-range")
                .with_arg("min", YEARS_MIN)
                .with_arg("max", YEARS_MAX),
        ),
    }
}

/// The date before which a last exit must lie for the person to be anonymised: `today` minus
/// `years` calendar years. A 29 February becomes 28 February in a common year, the earlier of the
/// two candidates, so erasure never comes before the full period has passed (at worst a day
/// after it).
pub fn cutoff(today: Date, years: u8) -> Date {
    let year = today.year() - i32::from(years);
    let day = today.day().min(today.month().length(year));
    // Only a `today` within 100 years of the earliest date `time` represents fails here.
    Date::from_calendar_date(year, today.month(), day).unwrap_or(Date::MIN)
}

/// An operator's retention rule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub operator_id: i64,
    pub years_after_exit: u8,
    pub decision_reference: String,
    pub decided_on: Date,
    /// Who last set the rule; `None` from the command line.
    pub created_by: Option<i64>,
    /// When the rule was last set.
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn input(years: &str, reference: &str, decided_on: &str) -> RetentionRuleInput {
        RetentionRuleInput {
            years_after_exit: years.into(),
            decision_reference: reference.into(),
            decided_on: decided_on.into(),
        }
    }

    const TODAY: Date = date!(2026 - 03 - 01);

    #[test]
    fn a_complete_rule_is_accepted_and_trimmed() {
        let rule = input(" 5 ", " KS 2026/123 § 45 ", "2026-01-15")
            .parse(TODAY)
            .unwrap();
        assert_eq!(
            rule,
            RetentionRule {
                years_after_exit: 5,
                decision_reference: "KS 2026/123 § 45".into(),
                decided_on: date!(2026 - 01 - 15),
            }
        );
    }

    #[test]
    fn years_must_be_a_whole_number_from_one_to_a_hundred() {
        for years in ["0", "101", "-1", "2.5", "fem", "300"] {
            let errors = input(years, "KS 1", "2026-01-15").parse(TODAY).unwrap_err();
            let error = errors.for_field("years_after_exit").unwrap();
            assert_eq!(error.key, "error-whole-number-range", "{years}");
            assert_eq!(
                error.args,
                vec![("min", "1".to_string()), ("max", "100".to_string())]
            );
        }
        assert!(input("1", "KS 1", "2026-01-15").parse(TODAY).is_ok());
        assert!(input("100", "KS 1", "2026-01-15").parse(TODAY).is_ok());
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let errors = input("", " ", "").parse(TODAY).unwrap_err();
        for field in ["years_after_exit", "decision_reference", "decided_on"] {
            assert_eq!(errors.for_field(field).unwrap().key, "error-required");
        }
    }

    #[test]
    fn a_decision_reference_longer_than_two_hundred_characters_is_refused() {
        let long = "§".repeat(201);
        let errors = input("5", &long, "2026-01-15").parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("decision_reference").unwrap().key,
            "error-too-long"
        );
        assert!(
            input("5", &"§".repeat(200), "2026-01-15")
                .parse(TODAY)
                .is_ok()
        );
    }

    #[test]
    fn a_decision_date_must_be_a_real_date_not_in_the_future() {
        let errors = input("5", "KS 1", "2026-03-02").parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("decided_on").unwrap().key,
            "error-date-in-future"
        );
        let errors = input("5", "KS 1", "15/1/2026").parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("decided_on").unwrap().key,
            "error-date-format"
        );
        assert!(input("5", "KS 1", "2026-03-01").parse(TODAY).is_ok());
    }

    #[test]
    fn the_cutoff_is_the_same_day_the_given_number_of_years_earlier() {
        assert_eq!(cutoff(date!(2026 - 03 - 01), 5), date!(2021 - 03 - 01));
        assert_eq!(cutoff(date!(2026 - 12 - 31), 1), date!(2025 - 12 - 31));
        assert_eq!(cutoff(date!(2026 - 01 - 01), 100), date!(1926 - 01 - 01));
    }

    #[test]
    fn the_cutoff_from_a_leap_day_falls_on_the_twenty_eighth_of_february() {
        assert_eq!(cutoff(date!(2024 - 02 - 29), 1), date!(2023 - 02 - 28));
        assert_eq!(cutoff(date!(2024 - 02 - 29), 4), date!(2020 - 02 - 29));
    }
}
