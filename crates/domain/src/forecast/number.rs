//! Percentages and quantities with two decimals, kept as exact integers like [`Money`].
//!
//! [`Money`]: crate::money::Money

use serde::{Deserialize, Serialize};

/// A percentage with at most two decimals, held as basis points (hundredths of a percent):
/// 31,42 % is 3 142. Stored in JSON as that integer, so nothing is ever a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Percent(i64);

impl Percent {
    pub const ZERO: Self = Self(0);

    #[must_use]
    pub const fn from_basis_points(basis_points: i64) -> Self {
        Self(basis_points)
    }

    #[must_use]
    pub const fn basis_points(self) -> i64 {
        self.0
    }

    /// Reads a percentage as a Swedish user types it: `25`, `31,42`, `2.5`, `-10`, `6 %`.
    /// `None` when it is not such a number.
    #[must_use]
    pub fn parse_sv(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_suffix('%').unwrap_or(text);
        parse_hundredths(text).map(Self)
    }

    /// The percentage without the sign, Swedish style: `31,42`, `25`, `2,5`.
    #[must_use]
    pub fn format_sv(self) -> String {
        format_hundredths(self.0)
    }
}

/// A number of units or people with at most two decimals, held as hundredths: 2,5 is 250.
/// Never negative. Stored in JSON as that integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(i64);

/// A quantity below zero, refused when reading JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a quantity cannot be negative")]
pub struct NegativeQuantity;

impl TryFrom<i64> for Quantity {
    type Error = NegativeQuantity;

    fn try_from(hundredths: i64) -> Result<Self, Self::Error> {
        Self::from_hundredths(hundredths).ok_or(NegativeQuantity)
    }
}

impl From<Quantity> for i64 {
    fn from(quantity: Quantity) -> Self {
        quantity.0
    }
}

impl Quantity {
    pub const ZERO: Self = Self(0);

    /// `None` for a negative number.
    #[must_use]
    pub const fn from_hundredths(hundredths: i64) -> Option<Self> {
        if hundredths < 0 {
            None
        } else {
            Some(Self(hundredths))
        }
    }

    /// A whole number of units; `None` for a negative number or overflow.
    #[must_use]
    pub const fn from_whole(units: i64) -> Option<Self> {
        match units.checked_mul(100) {
            Some(hundredths) => Self::from_hundredths(hundredths),
            None => None,
        }
    }

    #[must_use]
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// Reads a quantity as a Swedish user types it: `10`, `2,5`, `1 200`. `None` when it is not
    /// such a number or is negative.
    #[must_use]
    pub fn parse_sv(text: &str) -> Option<Self> {
        parse_hundredths(text.trim()).and_then(Self::from_hundredths)
    }

    /// Swedish style: `2,5`, `10`.
    #[must_use]
    pub fn format_sv(self) -> String {
        format_hundredths(self.0)
    }
}

/// Reads an optional minus sign, digits optionally grouped by spaces, and at most two decimals
/// after a comma or point, as hundredths. At most twelve digits before the decimals, which no
/// sensible percentage or quantity comes near and which keeps the result far from overflow.
fn parse_hundredths(text: &str) -> Option<i64> {
    let (negative, number) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let number: String = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (whole, decimals) = match number.split_once([',', '.']) {
        Some((whole, decimals)) => (whole, decimals),
        None => (number.as_str(), ""),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && decimals.is_empty())
        || whole.len() > 12
        || decimals.len() > 2
        || !digits(whole)
        || !digits(decimals)
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let decimals: i64 = format!("{decimals:0<2}").parse().ok()?;
    let magnitude = whole.checked_mul(100)?.checked_add(decimals)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Hundredths as a Swedish decimal number without trailing zeros: `31,42`, `2,5`, `-10`.
fn format_hundredths(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.unsigned_abs();
    let whole = magnitude / 100;
    let decimals = magnitude % 100;
    if decimals == 0 {
        format!("{sign}{whole}")
    } else if decimals % 10 == 0 {
        format!("{sign}{whole},{}", decimals / 10)
    } else {
        format!("{sign}{whole},{decimals:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn percentages_are_read_with_a_comma_a_point_or_a_percent_sign() {
        assert_eq!(Percent::parse_sv("31,42"), Some(Percent(3_142)));
        assert_eq!(Percent::parse_sv("2.5"), Some(Percent(250)));
        assert_eq!(Percent::parse_sv(" 6 % "), Some(Percent(600)));
        assert_eq!(Percent::parse_sv("-10"), Some(Percent(-1_000)));
        assert_eq!(Percent::parse_sv(",5"), Some(Percent(50)));
    }

    #[test]
    fn text_that_is_not_a_number_with_two_decimals_is_refused() {
        for text in ["", "abc", "1,234", "1,2,3", "-", ",", "1e3", "12 kr"] {
            assert_eq!(Percent::parse_sv(text), None, "{text}");
        }
        assert_eq!(Quantity::parse_sv("-1"), None);
        assert_eq!(Quantity::parse_sv("9999999999999"), None);
    }

    #[test]
    fn quantities_are_read_with_spaces_between_thousands() {
        assert_eq!(Quantity::parse_sv("1 200"), Quantity::from_whole(1_200));
        assert_eq!(Quantity::parse_sv("2,5"), Quantity::from_hundredths(250));
    }

    #[test]
    fn numbers_are_formatted_without_trailing_zeros() {
        assert_eq!(Percent(3_142).format_sv(), "31,42");
        assert_eq!(Percent(250).format_sv(), "2,5");
        assert_eq!(Percent(-1_000).format_sv(), "-10");
        assert_eq!(Percent(5).format_sv(), "0,05");
    }

    #[test]
    fn a_negative_quantity_is_refused_when_reading_json() {
        assert!(serde_json::from_str::<Quantity>("-1").is_err());
        assert_eq!(
            serde_json::from_str::<Quantity>("250").ok(),
            Quantity::from_hundredths(250)
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(text in any::<String>()) {
            let _ = Percent::parse_sv(&text);
            let _ = Quantity::parse_sv(&text);
        }

        #[test]
        fn the_swedish_format_reads_back_to_the_same_number(hundredths in -10_i64.pow(12)..10_i64.pow(12)) {
            prop_assert_eq!(Percent::parse_sv(&Percent(hundredths).format_sv()), Some(Percent(hundredths)));
        }
    }
}
