//! Programmes (insatser): period, operator, financiers' budgets per year and targets.

use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::timestamp::parse_date;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::Date;

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;

/// Finsam distinguishes work with participants from work on structures (networks, training,
/// knowledge); the seed programme did both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgrammeFocus {
    Individual,
    Structural,
    Both,
}

impl ProgrammeFocus {
    pub const ALL: [ProgrammeFocus; 3] = [
        ProgrammeFocus::Individual,
        ProgrammeFocus::Structural,
        ProgrammeFocus::Both,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProgrammeFocus::Individual => "individual",
            ProgrammeFocus::Structural => "structural",
            ProgrammeFocus::Both => "both",
        }
    }
}

impl FromStr for ProgrammeFocus {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProgrammeFocus::ALL
            .into_iter()
            .find(|f| f.code() == s.trim())
            .ok_or(())
    }
}

/// What a target counts. Every kind but `Other` is a measure Stegvis derives from its own
/// records (how, per kind, in `crates/app/src/targets.rs` and docs/methods.md "Target
/// progress"); `Other` is followed by hand, with dated readings. Adding a derived measure is one
/// variant here, its code, its count and its two texts (`target-kind-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    EnterprisesStarted,
    Handbook,
    Participants,
    BusinessPlans,
    LeftForWorkOrStudies,
    /// Outreach events registered for the programme (information meetings, courses, study
    /// visits and the like; decision 0025).
    Events,
    Other,
}

impl TargetKind {
    pub const ALL: [TargetKind; 7] = [
        TargetKind::EnterprisesStarted,
        TargetKind::Handbook,
        TargetKind::Participants,
        TargetKind::BusinessPlans,
        TargetKind::LeftForWorkOrStudies,
        TargetKind::Events,
        TargetKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TargetKind::EnterprisesStarted => "enterprises-started",
            TargetKind::Handbook => "handbook",
            TargetKind::Participants => "participants",
            TargetKind::BusinessPlans => "business-plans",
            TargetKind::LeftForWorkOrStudies => "left-for-work-or-studies",
            TargetKind::Events => "events",
            TargetKind::Other => "other",
        }
    }

    /// Whether Stegvis counts the progress itself; `Other` is recorded by hand.
    pub fn is_derived(self) -> bool {
        self != TargetKind::Other
    }

    /// Whether the count is of people, so that the aggregate-only roles see it only through
    /// disclosure control (a count of enterprises or plans is not about a person).
    pub fn counts_people(self) -> bool {
        matches!(
            self,
            TargetKind::Participants | TargetKind::LeftForWorkOrStudies
        )
    }
}

impl FromStr for TargetKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TargetKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or(())
    }
}

/// The raw text of a programme form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeInput {
    pub name: String,
    pub operator_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub focus: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeDraft {
    pub name: String,
    pub operator_id: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub focus: ProgrammeFocus,
    pub description: Option<String>,
}

impl ProgrammeInput {
    pub fn parse(&self) -> Result<ProgrammeDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let operator_id = errors.check(parse_id("operator_id", &self.operator_id));
        let starts_on = errors.check(parse_required_date("starts_on", &self.starts_on));
        let ends_on = errors.check(parse_required_date("ends_on", &self.ends_on));
        let focus = errors.check(
            self.focus
                .parse::<ProgrammeFocus>()
                .map_err(|_| FieldError::new("focus", "error-choose-option")),
        );
        let description = errors.check(optional_text(
            "description",
            &self.description,
            DESCRIPTION_MAX,
        ));
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && end < start
        {
            errors.push(FieldError::new("ends_on", "error-period-ends-before-start"));
        }
        match (name, operator_id, starts_on, ends_on, focus, description) {
            (
                Some(name),
                Some(operator_id),
                Some(starts_on),
                Some(ends_on),
                Some(focus),
                Some(description),
            ) if errors.is_empty() => Ok(ProgrammeDraft {
                name,
                operator_id,
                starts_on,
                ends_on,
                focus,
                description,
            }),
            _ => Err(errors),
        }
    }
}

impl ProgrammeDraft {
    /// The calendar years the period touches; budgets are set per such year.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.starts_on.year()..=self.ends_on.year()
    }
}

/// A financier's budget for one year of a programme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetInput {
    pub organisation_id: String,
    pub year: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetDraft {
    pub organisation_id: i64,
    pub year: i32,
    pub amount: Money,
}

impl BudgetInput {
    /// Parses a budget line; the year must fall inside the programme's period.
    pub fn parse(&self, period: (Date, Date)) -> Result<BudgetDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let organisation_id = errors.check(parse_id("organisation_id", &self.organisation_id));
        let year = errors.check(match self.year.trim().parse::<i32>() {
            Ok(year) if (period.0.year()..=period.1.year()).contains(&year) => Ok(year),
            Ok(_) | Err(_) => Err(FieldError::new("year", "error-year-outside-period")
                .with_arg("first", period.0.year())
                .with_arg("last", period.1.year())),
        });
        let amount = errors.check(match Money::parse_sv(&self.amount) {
            Ok(amount) if amount.ore() >= 0 => Ok(amount),
            Ok(_) => Err(FieldError::new("amount", "error-amount-negative")),
            Err(e) => Err(e.message_args().into_iter().fold(
                FieldError::new("amount", e.message_key()),
                |error, (name, value)| error.with_arg(name, value),
            )),
        });
        match (organisation_id, year, amount) {
            (Some(organisation_id), Some(year), Some(amount)) if errors.is_empty() => {
                Ok(BudgetDraft {
                    organisation_id,
                    year,
                    amount,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A target the programme promises, such as "two social enterprises started".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInput {
    pub kind: String,
    pub description: String,
    pub target_value: String,
    /// The date by which the target should be met; blank for none.
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetDraft {
    pub kind: TargetKind,
    pub description: String,
    pub target_value: i64,
    pub due_on: Option<Date>,
}

pub const TARGET_VALUE_MAX: i64 = 1_000_000;

impl TargetInput {
    pub fn parse(&self) -> Result<TargetDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check(
            self.kind
                .parse::<TargetKind>()
                .map_err(|_| FieldError::new("kind", "error-choose-option")),
        );
        let description = errors.check(required_text("description", &self.description, 500));
        let target_value = errors.check(match self.target_value.trim().parse::<i64>() {
            Ok(value) if (1..=TARGET_VALUE_MAX).contains(&value) => Ok(value),
            _ => Err(FieldError::new("target_value", "error-whole-number-range")
                .with_arg("min", 1)
                .with_arg("max", TARGET_VALUE_MAX)),
        });
        let due_on = if self.due_on.trim().is_empty() {
            Some(None)
        } else {
            errors.check(parse_required_date("due_on", &self.due_on).map(Some))
        };
        match (kind, description, target_value, due_on) {
            (Some(kind), Some(description), Some(target_value), Some(due_on))
                if errors.is_empty() =>
            {
                Ok(TargetDraft {
                    kind,
                    description,
                    target_value,
                    due_on,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_required_date(field: &'static str, input: &str) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    parse_date(input).ok_or_else(|| FieldError::new(field, "error-date-format"))
}

/// Ids arrive as text from forms and select boxes; anything but a positive integer is a choice
/// the user has not made.
pub fn parse_id(field: &'static str, input: &str) -> Result<i64, FieldError> {
    match input.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(FieldError::new(field, "error-choose-option")),
    }
}

/// A programme as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub id: i64,
    pub operator_id: i64,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub focus: ProgrammeFocus,
    pub description: Option<String>,
    pub updated_at: Timestamp,
}

/// One budget line of a programme, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub id: i64,
    pub organisation_id: i64,
    pub year: i32,
    pub amount: Money,
}

/// A target of a programme, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub kind: TargetKind,
    pub description: String,
    pub target_value: i64,
    pub due_on: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn seed() -> ProgrammeInput {
        ProgrammeInput {
            name: "Sociala företag i Västervik".into(),
            operator_id: "1".into(),
            starts_on: "2011-09-09".into(),
            ends_on: "2013-09-30".into(),
            focus: "both".into(),
            description: String::new(),
        }
    }

    #[test]
    fn the_seed_programme_parses_and_spans_three_budget_years() {
        let draft = seed().parse().unwrap();
        assert_eq!(draft.starts_on, date!(2011 - 09 - 09));
        assert_eq!(draft.years(), 2011..=2013);
        assert_eq!(draft.description, None);
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused_on_the_end_date() {
        let mut input = seed();
        input.ends_on = "2010-01-01".into();
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors.for_field("ends_on").unwrap().key,
            "error-period-ends-before-start"
        );
    }

    #[test]
    fn a_date_in_another_format_is_explained() {
        let mut input = seed();
        input.starts_on = "9/9/2011".into();
        let errors = input.parse().unwrap_err();
        assert_eq!(
            errors.for_field("starts_on").unwrap().key,
            "error-date-format"
        );
    }

    #[test]
    fn a_budget_year_outside_the_period_names_the_allowed_years() {
        let input = BudgetInput {
            organisation_id: "2".into(),
            year: "2015".into(),
            amount: "100 000".into(),
        };
        let errors = input
            .parse((date!(2011 - 09 - 09), date!(2013 - 09 - 30)))
            .unwrap_err();
        let error = errors.for_field("year").unwrap();
        assert_eq!(error.key, "error-year-outside-period");
        assert_eq!(
            error.args,
            vec![("first", "2011".to_string()), ("last", "2013".to_string())]
        );
    }

    #[test]
    fn a_budget_in_swedish_notation_parses_to_exact_ore() {
        let input = BudgetInput {
            organisation_id: "2".into(),
            year: "2012".into(),
            amount: "450 000,50".into(),
        };
        let draft = input
            .parse((date!(2011 - 09 - 09), date!(2013 - 09 - 30)))
            .unwrap();
        assert_eq!(draft.amount.ore(), 45_000_050);
    }

    #[test]
    fn a_target_needs_a_positive_whole_number() {
        let input = TargetInput {
            kind: "enterprises-started".into(),
            description: "Två sociala företag startade".into(),
            target_value: "0".into(),
            due_on: String::new(),
        };
        assert_eq!(
            input
                .parse()
                .unwrap_err()
                .for_field("target_value")
                .unwrap()
                .key,
            "error-whole-number-range"
        );
    }
}
