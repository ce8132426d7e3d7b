//! The numbers of a business plan entered as a sequence of short steps instead of one form.
//!
//! Each step posts only its own fields. [`ForecastForm::parse_step`] parses those fields and
//! puts the lines they describe into the stored forecast in place of the step's old lines,
//! leaving every other step's lines as they were: a team can fill in the steps in any order,
//! and saving one step never loses another's figures.

use super::{ForecastForm, ForecastInput};
use crate::coded_enum;
use crate::validation::ValidationErrors;

coded_enum! {
    /// One step of the numbers, in the order a team goes through them. The codes are the
    /// `steg` parameter of the page's address.
    pub enum ForecastStep {
        /// When the business starts, how VAT is reported, and what it sells.
        Sales => "forsaljning",
        /// Running costs, fixed and variable.
        Costs => "kostnader",
        /// Whom the business employs.
        Staff => "personal",
        /// The start-up budget and how it is financed.
        StartupAndFinancing => "start-och-finansiering",
        /// The computed summary and tables: nothing to fill in.
        Results => "resultat",
    }
}

impl ForecastStep {
    /// The step after this one, `None` after the last.
    #[must_use]
    pub fn next(self) -> Option<Self> {
        let index = self.index();
        Self::ALL.get(index + 1).copied()
    }

    /// The step before this one, `None` before the first.
    #[must_use]
    pub fn previous(self) -> Option<Self> {
        let index = self.index();
        index.checked_sub(1).and_then(|i| Self::ALL.get(i).copied())
    }

    /// The step's place in the sequence, counted from 0.
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|step| *step == self)
            .unwrap_or_default()
    }

    /// Whether the step has fields to fill in; the last step only shows results.
    #[must_use]
    pub fn has_form(self) -> bool {
        self != Self::Results
    }

    /// Whether the step shows the first month and the VAT period: the sales step always, and
    /// any other step as long as nothing is stored yet, since every line needs the first month.
    #[must_use]
    pub fn shows_basics(self, stored: Option<&ForecastInput>) -> bool {
        self == Self::Sales || (self.has_form() && stored.is_none())
    }
}

impl ForecastForm {
    /// Parses the fields of `step` only and merges the lines they describe into `stored`: the
    /// step's lines replace the stored lines of the same kind, and everything else stays as
    /// stored. Without anything stored the result has only this step's lines.
    ///
    /// The first month and the VAT period come from the form when the step shows them
    /// ([`ForecastStep::shows_basics`]), otherwise from `stored`. A staff line whose first
    /// month lies before a first month moved later stays as stored; the forecast counts it from
    /// month 1.
    ///
    /// # Errors
    ///
    /// Every wrong field of the step, by its own name, exactly as [`ForecastForm::parse`]
    /// reports it. The results step has no fields and parses to `stored` unchanged.
    pub fn parse_step(
        &self,
        step: ForecastStep,
        stored: Option<&ForecastInput>,
    ) -> Result<ForecastInput, ValidationErrors> {
        let mut only_step = Self::default();
        match stored {
            Some(input) if !step.shows_basics(stored) => {
                only_step.first_month = input.first_month.to_string();
                only_step.vat_period = input.vat_period.code().to_owned();
            }
            _ => {
                only_step.first_month.clone_from(&self.first_month);
                only_step.vat_period.clone_from(&self.vat_period);
            }
        }
        match step {
            ForecastStep::Sales => only_step.revenue.clone_from(&self.revenue),
            ForecastStep::Costs => only_step.costs.clone_from(&self.costs),
            ForecastStep::Staff => only_step.staff.clone_from(&self.staff),
            ForecastStep::StartupAndFinancing => {
                only_step.startup.clone_from(&self.startup);
                only_step.financing.clone_from(&self.financing);
            }
            ForecastStep::Results => {}
        }
        let parsed = only_step.parse()?;
        let Some(stored) = stored else {
            return Ok(parsed);
        };
        let mut merged = stored.clone();
        merged.first_month = parsed.first_month;
        merged.vat_period = parsed.vat_period;
        match step {
            ForecastStep::Sales => merged.revenue = parsed.revenue,
            ForecastStep::Costs => merged.costs = parsed.costs,
            ForecastStep::Staff => merged.staff = parsed.staff,
            ForecastStep::StartupAndFinancing => {
                merged.startup = parsed.startup;
                merged.financing = parsed.financing;
            }
            ForecastStep::Results => {}
        }
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{CostAmount, VatPeriod};
    use crate::income::YearMonth;
    use crate::money::Money;

    fn posted(pairs: &[(&str, &str)]) -> ForecastForm {
        ForecastForm::from_pairs(pairs.iter().copied())
    }

    fn stored() -> ForecastInput {
        posted(&[
            ("first-month", "2026-09"),
            ("revenue-1-name", "Vinterförvaring"),
            ("revenue-1-price", "2 500"),
            ("revenue-1-volume", "8"),
            ("cost-1-name", "Hyra"),
            ("cost-1-amount", "6 000"),
            ("staff-1-role", "Varvsarbetare"),
            ("staff-1-wage", "26 000"),
            ("staff-1-count", "1"),
            ("financing-1-name", "Egen insats"),
            ("financing-1-amount", "20 000"),
        ])
        .parse()
        .unwrap()
    }

    #[test]
    fn the_steps_come_in_order_and_the_results_come_last() {
        assert_eq!(ForecastStep::Sales.previous(), None);
        assert_eq!(ForecastStep::Sales.next(), Some(ForecastStep::Costs));
        assert_eq!(
            ForecastStep::StartupAndFinancing.next(),
            Some(ForecastStep::Results)
        );
        assert_eq!(ForecastStep::Results.next(), None);
        assert!(!ForecastStep::Results.has_form());
        assert_eq!(
            "start-och-finansiering".parse(),
            Ok(ForecastStep::StartupAndFinancing)
        );
    }

    #[test]
    fn saving_the_costs_step_replaces_the_costs_and_keeps_every_other_step() {
        let before = stored();
        let after = posted(&[
            ("cost-1-name", "Hyra"),
            ("cost-1-amount", "7 500"),
            ("cost-2-name", "El"),
            ("cost-2-amount", "900"),
            // Fields of another step posted by mistake are not this step's to change.
            ("revenue-1-price", "1"),
        ])
        .parse_step(ForecastStep::Costs, Some(&before))
        .unwrap();
        assert_eq!(after.costs.len(), 2);
        assert_eq!(
            after.costs[0].amount,
            CostAmount::Fixed {
                monthly: Money::from_ore(750_000)
            }
        );
        assert_eq!(after.revenue, before.revenue);
        assert_eq!(after.staff, before.staff);
        assert_eq!(after.financing, before.financing);
        assert_eq!(after.first_month, before.first_month);
    }

    #[test]
    fn the_sales_step_sets_the_first_month_and_keeps_the_staff() {
        let before = stored();
        let after = posted(&[
            ("first-month", "2026-10"),
            ("vat-period", "monthly"),
            ("revenue-1-name", "Båttvätt"),
            ("revenue-1-price", "800"),
            ("revenue-1-volume", "12"),
        ])
        .parse_step(ForecastStep::Sales, Some(&before))
        .unwrap();
        assert_eq!(after.first_month, YearMonth::new(2026, 10).unwrap());
        assert_eq!(after.vat_period, VatPeriod::Monthly);
        assert_eq!(after.revenue[0].name, "Båttvätt");
        assert_eq!(after.staff, before.staff);
        assert!(crate::forecast::compute(&after).is_ok());
    }

    #[test]
    fn a_wrong_value_is_reported_on_its_own_field_of_the_step() {
        let errors = posted(&[
            ("staff-1-role", "Kock"),
            ("staff-1-wage", "mycket"),
            ("staff-1-count", "1"),
        ])
        .parse_step(ForecastStep::Staff, Some(&stored()))
        .unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| (e.field, e.key)).collect();
        assert_eq!(keys, vec![("staff-1-wage", "forecast-error-amount")]);
    }

    #[test]
    fn without_stored_numbers_any_step_asks_for_the_first_month() {
        let step = ForecastStep::Costs;
        assert!(step.shows_basics(None));
        assert!(!step.shows_basics(Some(&stored())));
        let errors = posted(&[("cost-1-name", "Hyra"), ("cost-1-amount", "500")])
            .parse_step(step, None)
            .unwrap_err();
        assert_eq!(errors.iter().next().map(|e| e.field), Some("first-month"));
        let first = posted(&[
            ("first-month", "2027-01"),
            ("cost-1-name", "Hyra"),
            ("cost-1-amount", "500"),
        ])
        .parse_step(step, None)
        .unwrap();
        assert_eq!(first.costs.len(), 1);
        assert!(first.revenue.is_empty());
    }
}
