//! What a reader of a business plan needs first, said in one sentence each: whether the cash
//! lasts through the liquidity forecast and, if not, in which month it first runs out.

use super::compute::Forecast;
use crate::income::YearMonth;
use crate::money::Money;
use crate::swedish::{NO_BREAK_SPACE, format_integer, format_month_name};

/// The first month of the liquidity forecast that ends with negative cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deficit {
    pub month: YearMonth,
    /// The month's closing cash: below zero.
    pub closing_cash: Money,
}

impl Forecast {
    /// The first month whose closing cash is below zero, `None` when the cash lasts all twelve
    /// months. Later months may recover; the first is the one a team must finance before.
    #[must_use]
    pub fn first_deficit(&self) -> Option<Deficit> {
        self.liquidity
            .iter()
            .find(|month| month.is_negative())
            .map(|month| Deficit {
                month: month.month,
                closing_cash: month.closing_cash,
            })
    }
}

/// A balance in whole kronor with a true minus sign, as Swedish print writes it: `−12 400 kr`.
#[must_use]
pub fn balance_text_sv(amount: Money) -> String {
    let kronor = amount.whole_kronor();
    let sign = if kronor < 0 { "\u{2212}" } else { "" };
    format!(
        "{sign}{}{NO_BREAK_SPACE}kr",
        format_integer(kronor.saturating_abs())
    )
}

/// The liquidity warning as one sentence naming the first month in deficit, or saying that
/// the cash lasts: "Kassan räcker inte i mars 2027: saldot blir −12 400 kr."
#[must_use]
pub fn cash_sentence_sv(forecast: &Forecast) -> String {
    match forecast.first_deficit() {
        Some(deficit) => format!(
            "Kassan räcker inte i {}: saldot blir {}.",
            format_month_name(deficit.month.year(), deficit.month.month()),
            balance_text_sv(deficit.closing_cash)
        ),
        None => format!(
            "Kassan räcker alla {} månader i likviditetsbudgeten.",
            forecast.liquidity.len()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{
        CostAmount, CostLine, FinancingItem, FinancingSource, ForecastInput, PaymentTerms, VatRate,
        compute,
    };

    fn kr(kronor: i64) -> Money {
        Money::from_kronor(kronor).unwrap()
    }

    /// Rent of 10 000 kr a month paid at once, VAT-free, against 25 000 kr of own money: the
    /// cash is 15 000, 5 000, then −5 000 in the third month.
    fn rent_against(own_money: i64) -> Forecast {
        let mut input = ForecastInput::empty(YearMonth::new(2027, 1).unwrap());
        input.costs.push(CostLine {
            name: "Hyra".into(),
            amount: CostAmount::Fixed {
                monthly: kr(10_000),
            },
            vat: VatRate::Zero,
            terms: PaymentTerms::Immediate,
        });
        input.financing.push(FinancingItem {
            name: "Egen insats".into(),
            amount: kr(own_money),
            source: FinancingSource::OwnContribution,
        });
        compute(&input).unwrap()
    }

    #[test]
    fn the_warning_names_the_first_month_in_deficit_and_its_balance() {
        let forecast = rent_against(25_000);
        let deficit = forecast.first_deficit().unwrap();
        assert_eq!(deficit.month, YearMonth::new(2027, 3).unwrap());
        assert_eq!(deficit.closing_cash, kr(-5_000));
        assert_eq!(
            cash_sentence_sv(&forecast),
            "Kassan räcker inte i mars 2027: saldot blir \u{2212}5\u{a0}000\u{a0}kr."
        );
    }

    #[test]
    fn cash_that_lasts_is_said_to_last() {
        let forecast = rent_against(200_000);
        assert_eq!(forecast.first_deficit(), None);
        assert_eq!(
            cash_sentence_sv(&forecast),
            "Kassan räcker alla 12 månader i likviditetsbudgeten."
        );
    }

    #[test]
    fn balances_are_whole_kronor_with_a_true_minus_sign() {
        assert_eq!(
            balance_text_sv(Money::from_ore(-1_239_960)),
            "\u{2212}12\u{a0}400\u{a0}kr"
        );
        assert_eq!(balance_text_sv(Money::from_ore(49)), "0\u{a0}kr");
    }
}
