//! Amounts of Swedish kronor, exact to the öre.
//!
//! Budgets, costs and socio-economic calculations must add up exactly, so an amount is a whole
//! number of öre (hundredths of a krona) in an `i64` and never a floating-point number.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::swedish::{NO_BREAK_SPACE, format_fixed, format_integer};

const ORE_PER_KRONA: i64 = 100;

/// An amount of Swedish kronor, stored as öre. The default is zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    ore: i64,
}

/// Why a text is not a valid amount.
///
/// [`message_key`](Self::message_key) and [`message_args`](Self::message_args) give the Fluent
/// message for the user's language; `Display` gives the English text for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("no amount was given")]
    Empty,
    #[error("the character '{character}' cannot be part of an amount")]
    InvalidCharacter { character: char },
    #[error("the amount has no digits")]
    NoDigits,
    #[error("a minus sign may only stand first, before the digits")]
    MisplacedMinus,
    #[error("spaces may only split the kronor into groups of three digits, as in 1 234 567")]
    MisplacedThousandsSeparator,
    #[error("an amount has at most one decimal comma; separate thousands with spaces")]
    MoreThanOneDecimalSeparator,
    #[error("an amount has at most two decimals (öre), but this one has {decimals}")]
    TooManyDecimals { decimals: usize },
    #[error("the amount is too large")]
    TooLarge,
}

impl MoneyError {
    /// The id of the Fluent message that explains this error to the user.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Empty => "money-error-empty",
            Self::InvalidCharacter { .. } => "money-error-invalid-character",
            Self::NoDigits => "money-error-no-digits",
            Self::MisplacedMinus => "money-error-misplaced-minus",
            Self::MisplacedThousandsSeparator => "money-error-misplaced-thousands-separator",
            Self::MoreThanOneDecimalSeparator => "money-error-more-than-one-decimal-separator",
            Self::TooManyDecimals { .. } => "money-error-too-many-decimals",
            Self::TooLarge => "money-error-too-large",
        }
    }

    /// The arguments that the Fluent message of [`message_key`](Self::message_key) refers to.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::InvalidCharacter { character } => vec![("character", character.to_string())],
            Self::TooManyDecimals { decimals } => vec![("decimals", decimals.to_string())],
            Self::Empty
            | Self::NoDigits
            | Self::MisplacedMinus
            | Self::MisplacedThousandsSeparator
            | Self::MoreThanOneDecimalSeparator
            | Self::TooLarge => Vec::new(),
        }
    }
}

impl Money {
    pub const ZERO: Self = Self { ore: 0 };

    #[must_use]
    pub const fn from_ore(ore: i64) -> Self {
        Self { ore }
    }

    #[must_use]
    pub const fn ore(self) -> i64 {
        self.ore
    }

    /// A whole number of kronor, or `None` if it does not fit when counted in öre.
    #[must_use]
    pub const fn from_kronor(kronor: i64) -> Option<Self> {
        match kronor.checked_mul(ORE_PER_KRONA) {
            Some(ore) => Some(Self { ore }),
            None => None,
        }
    }

    /// The sum, or `None` on overflow.
    #[must_use]
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.ore.checked_add(other.ore) {
            Some(ore) => Some(Self { ore }),
            None => None,
        }
    }

    /// The difference, or `None` on overflow.
    #[must_use]
    pub const fn checked_sub(self, other: Self) -> Option<Self> {
        match self.ore.checked_sub(other.ore) {
            Some(ore) => Some(Self { ore }),
            None => None,
        }
    }

    /// The amount times `numerator / denominator`, rounded half away from zero to the öre, or
    /// `None` on overflow or a zero denominator.
    ///
    /// Half away from zero is the rounding Swedish accounting and Skatteverket use (0,5 öre and
    /// more rounds up in size), and it treats costs and refunds symmetrically: −1,005 kr rounds
    /// to −1,01 kr just as 1,005 kr rounds to 1,01 kr.
    #[must_use]
    pub fn checked_mul_ratio(self, numerator: i64, denominator: i64) -> Option<Self> {
        let ore = div_round_half_away(
            i128::from(self.ore).checked_mul(i128::from(numerator))?,
            i128::from(denominator),
        )?;
        i64::try_from(ore).ok().map(Self::from_ore)
    }

    /// The amount times a rate in basis points (hundredths of a percent: 31,42 % is 3 142),
    /// rounded half away from zero to the öre, or `None` on overflow.
    #[must_use]
    pub fn checked_mul_basis_points(self, basis_points: i64) -> Option<Self> {
        self.checked_mul_ratio(basis_points, BASIS_POINTS_PER_WHOLE)
    }

    /// Parses an amount as a Swedish user types it.
    ///
    /// Accepted: an optional minus sign (`-` or `−`) first; kronor with or without spaces
    /// (ordinary, no-break U+00A0 or narrow no-break U+202F) between groups of three digits; a
    /// decimal comma, or a decimal point as many keyboards and copied figures have it, followed by
    /// at most two decimals or by `-` as in `100,-`; and a trailing `kr`, `kr.` or `:-`. Examples:
    /// `1 234,50`, `1234,5`, `1234.50`, `1 234 kr`, `-500`, `250:-`.
    ///
    /// Thousands grouped with points (`1.234,50`) are rejected rather than guessed at, since
    /// `1.234` could mean either 1 234 kronor or 1,23 kronor.
    ///
    /// # Errors
    ///
    /// A [`MoneyError`] naming the first problem found.
    pub fn parse_sv(input: &str) -> Result<Self, MoneyError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(MoneyError::Empty);
        }
        let without_unit = strip_unit(trimmed);
        let (negative, number) = match without_unit.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, without_unit),
        };
        let mut parts = number.split([',', '.']);
        let kronor = parts.next().unwrap_or_default();
        let ore = parts.next();
        if parts.next().is_some() {
            return Err(MoneyError::MoreThanOneDecimalSeparator);
        }
        check_characters(kronor)?;
        let kronor = ungroup_kronor(kronor)?;
        let ore = match ore {
            Some("-") | None => "",
            Some(ore) => {
                check_characters(ore)?;
                if ore.chars().any(is_group_separator) {
                    return Err(MoneyError::MisplacedThousandsSeparator);
                }
                ore
            }
        };
        from_digits(negative, &kronor, ore)
    }

    /// Formats the amount the Swedish way: `1 234 kr`, `1 234,50 kr`, `-0,05 kr`.
    ///
    /// Whole amounts leave out `,00`: grants, budgets and salaries are mostly whole kronor and
    /// read more easily without it, as in Swedish public documents, while any öre are always
    /// shown, so nothing is hidden. Tables that need aligned decimals can use
    /// [`format_fixed`] with scale 2 on [`ore`](Self::ore).
    #[must_use]
    pub fn format_sv(self) -> String {
        let number = if self.ore % ORE_PER_KRONA == 0 {
            format_integer(self.ore / ORE_PER_KRONA)
        } else {
            format_fixed(i128::from(self.ore), 2)
        };
        format!("{number}{NO_BREAK_SPACE}kr")
    }

    /// The amount rounded to whole kronor, half away from zero: `1 234,50` becomes `1 235`.
    #[must_use]
    pub fn whole_kronor(self) -> i64 {
        let kronor = self.ore / ORE_PER_KRONA;
        let rest = self.ore % ORE_PER_KRONA;
        if rest.abs() * 2 >= ORE_PER_KRONA {
            kronor + rest.signum()
        } else {
            kronor
        }
    }

    /// Formats the amount in whole kronor, `12 400 kr`: the form of summaries and forecast
    /// tables, where öre would only hide the figures that matter (see [`whole_kronor`]).
    ///
    /// [`whole_kronor`]: Self::whole_kronor
    #[must_use]
    pub fn format_kronor_sv(self) -> String {
        format!("{}{NO_BREAK_SPACE}kr", format_integer(self.whole_kronor()))
    }

    /// The amount as a plain decimal string with a point and two decimals, `-1234.50`: the
    /// form used in JSON and other machine-readable exchange, where locale formats would be
    /// misread.
    #[must_use]
    pub fn to_decimal_string(self) -> String {
        let sign = if self.ore < 0 { "-" } else { "" };
        let magnitude = self.ore.unsigned_abs();
        let ore_per_krona = ORE_PER_KRONA.unsigned_abs();
        format!(
            "{sign}{}.{:02}",
            magnitude / ore_per_krona,
            magnitude % ore_per_krona
        )
    }

    /// Parses the machine-readable form written by [`to_decimal_string`](Self::to_decimal_string):
    /// an optional `-`, digits, and optionally a point followed by at most two decimals.
    ///
    /// # Errors
    ///
    /// A [`MoneyError`] naming the first problem found.
    pub fn parse_decimal(text: &str) -> Result<Self, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (negative, number) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (kronor, ore) = number.split_once('.').unwrap_or((number, ""));
        if let Some(character) = kronor
            .chars()
            .chain(ore.chars())
            .find(|c| !c.is_ascii_digit())
        {
            return Err(match character {
                '-' => MoneyError::MisplacedMinus,
                '.' => MoneyError::MoreThanOneDecimalSeparator,
                _ => MoneyError::InvalidCharacter { character },
            });
        }
        if kronor.is_empty() {
            return Err(MoneyError::NoDigits);
        }
        from_digits(negative, kronor, ore)
    }
}

/// Basis points in a whole: 100 % is 10 000 basis points.
pub const BASIS_POINTS_PER_WHOLE: i64 = 10_000;

/// `numerator / denominator` rounded half away from zero, or `None` for a zero denominator or
/// overflow: the one rounding rule of every computed amount (see [`Money::checked_mul_ratio`]).
#[must_use]
pub fn div_round_half_away(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_rem(denominator)?;
    let twice = remainder.unsigned_abs().checked_mul(2)?;
    if twice >= denominator.unsigned_abs() {
        let away = if (numerator < 0) == (denominator < 0) {
            1
        } else {
            -1
        };
        quotient.checked_add(away)
    } else {
        Some(quotient)
    }
}

/// Removes a trailing currency marker (`kr`, `kr.` or `:-`, in any case) and the spaces before
/// it.
fn strip_unit(amount: &str) -> &str {
    [":-", "kr.", "kr"]
        .iter()
        .find_map(|unit| {
            let start = amount.len().checked_sub(unit.len())?;
            let suffix = amount.get(start..)?;
            suffix
                .eq_ignore_ascii_case(unit)
                .then(|| amount.get(..start))
                .flatten()
        })
        .unwrap_or(amount)
        .trim_end()
}

fn is_group_separator(character: char) -> bool {
    matches!(character, ' ' | NO_BREAK_SPACE | '\u{202F}')
}

/// Rejects anything but digits and group separators, naming a misplaced minus sign precisely.
fn check_characters(part: &str) -> Result<(), MoneyError> {
    match part
        .chars()
        .find(|&c| !c.is_ascii_digit() && !is_group_separator(c))
    {
        Some('-' | '\u{2212}') => Err(MoneyError::MisplacedMinus),
        Some(character) => Err(MoneyError::InvalidCharacter { character }),
        None => Ok(()),
    }
}

/// The digits of the kronor, after checking that any group separators split them into groups of
/// three.
fn ungroup_kronor(kronor: &str) -> Result<String, MoneyError> {
    let mut groups = kronor.split(is_group_separator);
    let first = groups.next().unwrap_or_default();
    let mut digits = first.to_owned();
    let mut grouped = false;
    for group in groups {
        if group.len() != 3 {
            return Err(MoneyError::MisplacedThousandsSeparator);
        }
        grouped = true;
        digits.push_str(group);
    }
    if grouped && !(1..=3).contains(&first.len()) {
        return Err(MoneyError::MisplacedThousandsSeparator);
    }
    Ok(digits)
}

/// Builds the amount from plain ASCII digits of kronor and of öre (at most two).
fn from_digits(negative: bool, kronor: &str, ore: &str) -> Result<Money, MoneyError> {
    if kronor.is_empty() && ore.is_empty() {
        return Err(MoneyError::NoDigits);
    }
    if ore.len() > 2 {
        return Err(MoneyError::TooManyDecimals {
            decimals: ore.len(),
        });
    }
    let magnitude = format!("{kronor}{ore:0<2}")
        .bytes()
        .try_fold(0u64, |total, digit| {
            total.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
        .ok_or(MoneyError::TooLarge)?;
    let ore = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    ore.map(Money::from_ore).ok_or(MoneyError::TooLarge)
}

impl Serialize for Money {
    /// As [`to_decimal_string`](Money::to_decimal_string): a string, not a JSON number, so no
    /// reader turns it into an inexact floating-point value.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_decimal_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    /// From the string form read by [`parse_decimal`](Money::parse_decimal).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse_decimal(&text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    fn ore(input: &str) -> Result<i64, MoneyError> {
        Money::parse_sv(input).map(Money::ore)
    }

    #[test]
    fn swedish_amounts_are_read_in_all_their_usual_forms() {
        assert_eq!(ore("1 234,50"), Ok(123_450));
        assert_eq!(ore("1234,5"), Ok(123_450));
        assert_eq!(ore("1234.50"), Ok(123_450));
        assert_eq!(ore("1 234 kr"), Ok(123_400));
        assert_eq!(ore("1234kr"), Ok(123_400));
        assert_eq!(ore("1 234 KR."), Ok(123_400));
        assert_eq!(ore("-500"), Ok(-50_000));
        assert_eq!(ore("\u{2212}500"), Ok(-50_000));
        assert_eq!(ore("250:-"), Ok(25_000));
        assert_eq!(ore("100,-"), Ok(10_000));
        assert_eq!(ore(",50"), Ok(50));
        assert_eq!(ore("  0  "), Ok(0));
    }

    #[test]
    fn no_break_and_narrow_no_break_spaces_separate_thousands_too() {
        assert_eq!(ore("1\u{a0}234\u{a0}567,89"), Ok(123_456_789));
        assert_eq!(ore("1\u{202f}234"), Ok(123_400));
    }

    #[test]
    fn an_empty_input_is_reported_as_empty() {
        assert_eq!(ore(" "), Err(MoneyError::Empty));
    }

    #[test]
    fn a_unit_or_sign_without_digits_has_no_digits() {
        assert_eq!(ore("kr"), Err(MoneyError::NoDigits));
        assert_eq!(ore("-"), Err(MoneyError::NoDigits));
        assert_eq!(ore(","), Err(MoneyError::NoDigits));
    }

    #[test]
    fn a_letter_is_an_invalid_character() {
        assert_eq!(
            ore("12 euro"),
            Err(MoneyError::InvalidCharacter { character: 'e' })
        );
        assert_eq!(
            ore("+5"),
            Err(MoneyError::InvalidCharacter { character: '+' })
        );
    }

    #[test]
    fn a_minus_sign_after_the_first_digit_is_misplaced() {
        assert_eq!(ore("5-3"), Err(MoneyError::MisplacedMinus));
        assert_eq!(ore("--5"), Err(MoneyError::MisplacedMinus));
        assert_eq!(ore("5,-5"), Err(MoneyError::MisplacedMinus));
    }

    #[test]
    fn spaces_must_split_the_kronor_into_groups_of_three() {
        for input in ["12 34", "1234 567", "1  234", "1 234,5 0", " 1 2"] {
            assert_eq!(
                ore(input),
                Err(MoneyError::MisplacedThousandsSeparator),
                "{input}"
            );
        }
    }

    #[test]
    fn thousands_grouped_with_points_are_not_guessed_at() {
        assert_eq!(
            ore("1.234,50"),
            Err(MoneyError::MoreThanOneDecimalSeparator)
        );
        assert_eq!(
            ore("1,234.50"),
            Err(MoneyError::MoreThanOneDecimalSeparator)
        );
        assert_eq!(
            ore("1.234"),
            Err(MoneyError::TooManyDecimals { decimals: 3 })
        );
    }

    #[test]
    fn more_than_two_decimals_are_counted_in_the_error() {
        assert_eq!(
            ore("0,125"),
            Err(MoneyError::TooManyDecimals { decimals: 3 })
        );
    }

    #[test]
    fn amounts_beyond_the_range_of_öre_are_too_large() {
        assert_eq!(ore("92 233 720 368 547 758,08"), Err(MoneyError::TooLarge));
        assert_eq!(ore("-92 233 720 368 547 758,08"), Ok(i64::MIN));
        assert_eq!(ore("99999999999999999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn whole_amounts_are_formatted_without_öre() {
        assert_eq!(Money::from_ore(123_400).format_sv(), "1\u{a0}234\u{a0}kr");
        assert_eq!(Money::ZERO.format_sv(), "0\u{a0}kr");
        assert_eq!(Money::from_ore(-50_000).format_sv(), "-500\u{a0}kr");
    }

    #[test]
    fn amounts_with_öre_are_formatted_with_two_decimals() {
        assert_eq!(
            Money::from_ore(123_450).format_sv(),
            "1\u{a0}234,50\u{a0}kr"
        );
        assert_eq!(Money::from_ore(-5).format_sv(), "-0,05\u{a0}kr");
    }

    #[test]
    fn kronor_are_converted_to_öre_unless_they_overflow() {
        assert_eq!(Money::from_kronor(12).map(Money::ore), Some(1_200));
        assert_eq!(Money::from_kronor(i64::MAX), None);
    }

    #[test]
    fn checked_arithmetic_adds_and_subtracts_exactly_and_reports_overflow() {
        let price = Money::from_ore(10);
        assert_eq!(
            price.checked_add(Money::from_ore(20)),
            Some(Money::from_ore(30))
        );
        assert_eq!(
            price.checked_sub(Money::from_ore(30)),
            Some(Money::from_ore(-20))
        );
        assert_eq!(Money::from_ore(i64::MAX).checked_add(price), None);
        assert_eq!(Money::from_ore(i64::MIN).checked_sub(price), None);
    }

    #[test]
    fn multiplying_by_a_rate_rounds_half_away_from_zero_to_the_öre() {
        // 25 000 kr × 31,42 % = 7 855 kr exactly.
        assert_eq!(
            Money::from_ore(2_500_000).checked_mul_basis_points(3_142),
            Some(Money::from_ore(785_500))
        );
        // 0,02 kr × 25 % = 0,005 kr: half an öre rounds up in size, for costs and refunds alike.
        assert_eq!(
            Money::from_ore(2).checked_mul_basis_points(2_500),
            Some(Money::from_ore(1))
        );
        assert_eq!(
            Money::from_ore(-2).checked_mul_basis_points(2_500),
            Some(Money::from_ore(-1))
        );
        // 0,01 kr × 25 % = 0,0025 kr: less than half an öre rounds to zero.
        assert_eq!(
            Money::from_ore(1).checked_mul_basis_points(2_500),
            Some(Money::ZERO)
        );
        // 100 000 kr / 36 = 2 777,777… kr, rounded to 2 777,78 kr.
        assert_eq!(
            Money::from_ore(10_000_000).checked_mul_ratio(1, 36),
            Some(Money::from_ore(277_778))
        );
    }

    #[test]
    fn multiplying_reports_overflow_and_a_zero_denominator_as_none() {
        assert_eq!(Money::from_ore(i64::MAX).checked_mul_ratio(2, 1), None);
        assert_eq!(Money::from_ore(1).checked_mul_ratio(1, 0), None);
    }

    #[test]
    fn the_decimal_string_has_a_point_and_two_decimals() {
        assert_eq!(Money::from_ore(123_450).to_decimal_string(), "1234.50");
        assert_eq!(Money::from_ore(-5).to_decimal_string(), "-0.05");
        assert_eq!(Money::ZERO.to_decimal_string(), "0.00");
    }

    #[test]
    fn the_decimal_string_is_parsed_strictly() {
        assert_eq!(Money::parse_decimal("1234.5"), Ok(Money::from_ore(123_450)));
        assert_eq!(Money::parse_decimal("-12"), Ok(Money::from_ore(-1_200)));
        assert_eq!(
            Money::parse_decimal("1234,50"),
            Err(MoneyError::InvalidCharacter { character: ',' })
        );
        assert_eq!(
            Money::parse_decimal("1 234.50"),
            Err(MoneyError::InvalidCharacter { character: ' ' })
        );
        assert_eq!(
            Money::parse_decimal("1.2.3"),
            Err(MoneyError::MoreThanOneDecimalSeparator)
        );
        assert_eq!(Money::parse_decimal("--1"), Err(MoneyError::MisplacedMinus));
        assert_eq!(Money::parse_decimal(".5"), Err(MoneyError::NoDigits));
        assert_eq!(Money::parse_decimal(""), Err(MoneyError::Empty));
    }

    #[test]
    fn deserializing_reads_the_decimal_string() {
        let json_value: StrDeserializer<'_, ValueError> = "-1234.50".into_deserializer();
        assert_eq!(
            Money::deserialize(json_value),
            Ok(Money::from_ore(-123_450))
        );
    }

    #[test]
    fn every_error_has_a_fluent_key_and_the_arguments_its_message_uses() {
        let error = MoneyError::TooManyDecimals { decimals: 3 };
        assert_eq!(error.message_key(), "money-error-too-many-decimals");
        assert_eq!(error.message_args(), vec![("decimals", "3".to_owned())]);
        assert!(MoneyError::TooLarge.message_args().is_empty());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(input in any::<String>()) {
            let _ = Money::parse_sv(&input);
            let _ = Money::parse_decimal(&input);
        }

        #[test]
        fn parsing_amount_like_input_never_panics(input in "[-0-9 ,.:kr\u{a0}\u{2212}]{0,20}") {
            let _ = Money::parse_sv(&input);
        }

        #[test]
        fn the_swedish_format_parses_back_to_the_same_amount(ore in any::<i64>()) {
            let money = Money::from_ore(ore);
            prop_assert_eq!(Money::parse_sv(&money.format_sv()), Ok(money));
        }

        #[test]
        fn rounding_half_away_from_zero_is_symmetric_around_zero(
            numerator in -10_i128.pow(20)..10_i128.pow(20), denominator in 1_i128..1_000_000
        ) {
            let positive = div_round_half_away(numerator, denominator);
            let negative = div_round_half_away(-numerator, denominator).map(|n| -n);
            prop_assert_eq!(positive, negative);
        }

        #[test]
        fn the_decimal_string_parses_back_to_the_same_amount(ore in any::<i64>()) {
            let money = Money::from_ore(ore);
            prop_assert_eq!(Money::parse_decimal(&money.to_decimal_string()), Ok(money));
        }

        #[test]
        fn plain_whole_numbers_are_read_as_kronor(kronor in -10_i64.pow(15)..10_i64.pow(15)) {
            prop_assert_eq!(ore(&kronor.to_string()), Ok(kronor * 100));
        }

        #[test]
        fn a_decimal_comma_and_a_decimal_point_mean_the_same(
            kronor in 0u32..1_000_000, decimals in "[0-9]{1,2}"
        ) {
            prop_assert_eq!(
                ore(&format!("{kronor},{decimals}")),
                ore(&format!("{kronor}.{decimals}"))
            );
        }
    }

    #[test]
    fn whole_kronor_round_half_away_from_zero() {
        assert_eq!(Money::from_ore(123_450).whole_kronor(), 1_235);
        assert_eq!(Money::from_ore(123_449).whole_kronor(), 1_234);
        assert_eq!(Money::from_ore(-1_240_050).whole_kronor(), -12_401);
        assert_eq!(Money::from_ore(-49).whole_kronor(), 0);
        assert_eq!(
            Money::from_ore(-1_240_000).format_kronor_sv(),
            "-12\u{a0}400\u{a0}kr"
        );
    }
}
