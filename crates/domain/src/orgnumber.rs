//! Swedish organisationsnummer, the identity number of a legal person.
//!
//! Ten digits `NNNNNN-NNNN` with a Luhn check digit, also written with the prefix `16` as twelve
//! digits where systems expect the length of a personnummer with century. The third digit is at
//! least 2 (the "month" is at least 20) so that an organisationsnummer can never be mistaken for a
//! personnummer. A sole trader (enskild näringsidkare) has no organisationsnummer of their own
//! and is identified by their [`Personnummer`](crate::personnummer::Personnummer).

use std::fmt;
use std::str::FromStr;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::luhn::luhn_check_digit;

/// The prefix that turns an organisationsnummer into the 12-digit form.
const TWELVE_DIGIT_PREFIX: [u8; 2] = [1, 6];

/// A valid Swedish organisationsnummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgNumber {
    digits: [u8; 10],
}

/// The group of legal forms that the first digit of an organisationsnummer tells (the
/// "gruppnummer" of Skatteverket's register).
///
/// It is only a group: the exact legal form (for example bostadsrättsförening within group 7) is
/// recorded in the business register, not in the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalFormGroup {
    /// 1: dödsbon.
    DeathEstates,
    /// 2: the state, regions, municipalities and parishes (stat, regioner, kommuner,
    /// församlingar).
    PublicSector,
    /// 3: foreign companies that trade or own real estate in Sweden.
    ForeignCompanies,
    /// 5: aktiebolag.
    LimitedCompanies,
    /// 6: enkla bolag.
    SimplePartnerships,
    /// 7: ekonomiska föreningar and bostadsrättsföreningar.
    EconomicAssociations,
    /// 8: ideella föreningar och stiftelser.
    NonProfitAssociationsAndFoundations,
    /// 9: handelsbolag and kommanditbolag.
    TradingPartnerships,
    /// 0 and 4 are not used for any group.
    Unknown,
}

impl LegalFormGroup {
    /// The id of the Fluent message that names this group.
    #[must_use]
    pub fn message_key(self) -> &'static str {
        match self {
            Self::DeathEstates => "legal-form-group-death-estates",
            Self::PublicSector => "legal-form-group-public-sector",
            Self::ForeignCompanies => "legal-form-group-foreign-companies",
            Self::LimitedCompanies => "legal-form-group-limited-companies",
            Self::SimplePartnerships => "legal-form-group-simple-partnerships",
            Self::EconomicAssociations => "legal-form-group-economic-associations",
            Self::NonProfitAssociationsAndFoundations => {
                "legal-form-group-non-profit-associations-and-foundations"
            }
            Self::TradingPartnerships => "legal-form-group-trading-partnerships",
            Self::Unknown => "legal-form-group-unknown",
        }
    }
}

/// Why a text is not a valid organisationsnummer.
///
/// [`message_key`](Self::message_key) and [`message_args`](Self::message_args) give the Fluent
/// message for the user's language; `Display` gives the English text for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgNumberError {
    #[error("no organisation number was given")]
    Empty,
    #[error("an organisation number is written without spaces, as NNNNNN-NNNN")]
    ContainsSpace,
    #[error("the character '{character}' cannot be part of an organisation number")]
    InvalidCharacter { character: char },
    #[error(
        "an organisation number has 10 digits (12 with the prefix 16), but this one has {digits}"
    )]
    WrongLength { digits: usize },
    #[error("a 12-digit organisation number starts with 16")]
    MissingSixteenPrefix,
    #[error("the hyphen may appear only once, right before the last four digits")]
    MisplacedSeparator,
    #[error("a stored organisation number must be exactly 10 digits without hyphen")]
    NotCanonical,
    #[error("the third digit is {found}, but in an organisation number it is 2 or more")]
    ThirdDigitTooSmall { found: u8 },
    #[error("the check digit is wrong: the last digit should be {expected}, not {found}")]
    WrongCheckDigit { expected: u8, found: u8 },
}

impl OrgNumberError {
    /// The id of the Fluent message that explains this error to the user.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Empty => "orgnumber-error-empty",
            Self::ContainsSpace => "orgnumber-error-contains-space",
            Self::InvalidCharacter { .. } => "orgnumber-error-invalid-character",
            Self::WrongLength { .. } => "orgnumber-error-wrong-length",
            Self::MissingSixteenPrefix => "orgnumber-error-missing-sixteen-prefix",
            Self::MisplacedSeparator => "orgnumber-error-misplaced-separator",
            Self::NotCanonical => "orgnumber-error-not-canonical",
            Self::ThirdDigitTooSmall { .. } => "orgnumber-error-third-digit-too-small",
            Self::WrongCheckDigit { .. } => "orgnumber-error-wrong-check-digit",
        }
    }

    /// The arguments that the Fluent message of [`message_key`](Self::message_key) refers to.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Empty
            | Self::ContainsSpace
            | Self::MissingSixteenPrefix
            | Self::MisplacedSeparator
            | Self::NotCanonical => Vec::new(),
            Self::InvalidCharacter { character } => vec![("character", character.to_string())],
            Self::WrongLength { digits } => vec![("digits", digits.to_string())],
            Self::ThirdDigitTooSmall { found } => vec![("found", found.to_string())],
            Self::WrongCheckDigit { expected, found } => {
                vec![
                    ("expected", expected.to_string()),
                    ("found", found.to_string()),
                ]
            }
        }
    }
}

impl OrgNumber {
    /// Parses an organisationsnummer as a person types it: `NNNNNN-NNNN`, `NNNNNNNNNN`,
    /// `16NNNNNN-NNNN` or `16NNNNNNNNNN`, with surrounding whitespace ignored.
    ///
    /// # Errors
    ///
    /// Returns the first problem found, checking in this order: characters, number of digits,
    /// prefix, hyphen, third digit and check digit.
    pub fn parse(input: &str) -> Result<Self, OrgNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(OrgNumberError::Empty);
        }
        let mut digits = Vec::with_capacity(12);
        let mut hyphens = Vec::new();
        for character in trimmed.chars() {
            match character {
                '0'..='9' => digits.push(character as u8 - b'0'),
                '-' => hyphens.push(digits.len()),
                _ if character.is_whitespace() => return Err(OrgNumberError::ContainsSpace),
                _ => return Err(OrgNumberError::InvalidCharacter { character }),
            }
        }
        let ten_digit_form = match digits.len() {
            10 => digits.as_slice(),
            12 => digits
                .strip_prefix(TWELVE_DIGIT_PREFIX.as_slice())
                .ok_or(OrgNumberError::MissingSixteenPrefix)?,
            count => return Err(OrgNumberError::WrongLength { digits: count }),
        };
        match hyphens.as_slice() {
            [] => {}
            [position] if position + 4 == digits.len() => {}
            _ => return Err(OrgNumberError::MisplacedSeparator),
        }
        Self::from_ten_digits(ten_digit_form)
    }

    /// Parses the canonical 10-digit form produced by [`canonical`](Self::canonical), as read back
    /// from storage.
    ///
    /// # Errors
    ///
    /// [`OrgNumberError::NotCanonical`] unless the text is exactly 10 ASCII digits; otherwise the
    /// third-digit or check-digit error.
    pub fn parse_canonical(stored: &str) -> Result<Self, OrgNumberError> {
        if stored.len() != 10 || !stored.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(OrgNumberError::NotCanonical);
        }
        let digits: Vec<u8> = stored.bytes().map(|byte| byte - b'0').collect();
        Self::from_ten_digits(&digits)
    }

    /// The 10 digits without hyphen: the form to store and to compare.
    #[must_use]
    pub fn canonical(&self) -> String {
        self.digits
            .iter()
            .map(|&digit| char::from(b'0' + digit))
            .collect()
    }

    /// The group of legal forms told by the first digit.
    #[must_use]
    pub fn legal_form_group(&self) -> LegalFormGroup {
        let [group, ..] = self.digits;
        match group {
            1 => LegalFormGroup::DeathEstates,
            2 => LegalFormGroup::PublicSector,
            3 => LegalFormGroup::ForeignCompanies,
            5 => LegalFormGroup::LimitedCompanies,
            6 => LegalFormGroup::SimplePartnerships,
            7 => LegalFormGroup::EconomicAssociations,
            8 => LegalFormGroup::NonProfitAssociationsAndFoundations,
            9 => LegalFormGroup::TradingPartnerships,
            _ => LegalFormGroup::Unknown,
        }
    }

    fn from_ten_digits(digits: &[u8]) -> Result<Self, OrgNumberError> {
        let Ok(digits) = <[u8; 10]>::try_from(digits) else {
            return Err(OrgNumberError::WrongLength {
                digits: digits.len(),
            });
        };
        let [_, _, third, .., check_digit] = digits;
        if third < 2 {
            return Err(OrgNumberError::ThirdDigitTooSmall { found: third });
        }
        let [payload @ .., _] = digits;
        let expected = luhn_check_digit(&payload);
        if expected != check_digit {
            return Err(OrgNumberError::WrongCheckDigit {
                expected,
                found: check_digit,
            });
        }
        Ok(Self { digits })
    }
}

impl FromStr for OrgNumber {
    type Err = OrgNumberError;

    /// As [`OrgNumber::parse`].
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl fmt::Display for OrgNumber {
    /// `NNNNNN-NNNN`, as Bolagsverket and Skatteverket write it.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let canonical = self.canonical();
        let (first, last) = canonical.split_at(6);
        write!(formatter, "{first}-{last}")
    }
}

impl Serialize for OrgNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

impl<'de> Deserialize<'de> for OrgNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = String::deserialize(deserializer)?;
        Self::parse_canonical(&stored).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, StrDeserializer};

    // 212000-0142 is the published number of Stockholms stad; the others are made up, with
    // computed check digits.

    #[test]
    fn the_usual_hyphenated_form_is_accepted() {
        let number = OrgNumber::parse("212000-0142").unwrap();
        assert_eq!(number.canonical(), "2120000142");
        assert_eq!(number.to_string(), "212000-0142");
    }

    #[test]
    fn ten_digits_without_hyphen_are_accepted() {
        assert_eq!(
            OrgNumber::parse("2120000142"),
            OrgNumber::parse("212000-0142")
        );
    }

    #[test]
    fn the_twelve_digit_form_with_prefix_16_is_accepted_with_or_without_hyphen() {
        let expected = OrgNumber::parse("502030-4050").unwrap();
        assert_eq!(OrgNumber::parse("165020304050").unwrap(), expected);
        assert_eq!(OrgNumber::parse("16502030-4050").unwrap(), expected);
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert!(OrgNumber::parse("  212000-0142\n").is_ok());
    }

    #[test]
    fn from_str_parses_like_parse() {
        assert_eq!(
            "212000-0142".parse::<OrgNumber>(),
            OrgNumber::parse("212000-0142")
        );
    }

    #[test]
    fn an_empty_input_is_reported_as_empty() {
        assert_eq!(OrgNumber::parse(" "), Err(OrgNumberError::Empty));
    }

    #[test]
    fn a_space_inside_the_number_is_reported_as_such() {
        assert_eq!(
            OrgNumber::parse("212000 0142"),
            Err(OrgNumberError::ContainsSpace)
        );
    }

    #[test]
    fn a_plus_or_letter_is_an_invalid_character() {
        assert_eq!(
            OrgNumber::parse("212000+0142"),
            Err(OrgNumberError::InvalidCharacter { character: '+' })
        );
        assert_eq!(
            OrgNumber::parse("SE2120000142"),
            Err(OrgNumberError::InvalidCharacter { character: 'S' })
        );
    }

    #[test]
    fn a_wrong_number_of_digits_is_counted_in_the_error() {
        assert_eq!(
            OrgNumber::parse("212000-014"),
            Err(OrgNumberError::WrongLength { digits: 9 })
        );
        assert_eq!(
            OrgNumber::parse("2120000142011"),
            Err(OrgNumberError::WrongLength { digits: 13 })
        );
    }

    #[test]
    fn twelve_digits_without_prefix_16_are_rejected() {
        assert_eq!(
            OrgNumber::parse("192120000142"),
            Err(OrgNumberError::MissingSixteenPrefix)
        );
    }

    #[test]
    fn a_hyphen_anywhere_but_before_the_last_four_digits_is_misplaced() {
        for input in [
            "2120-000142",
            "212000--0142",
            "16-2120000142",
            "2120000142-",
        ] {
            assert_eq!(
                OrgNumber::parse(input),
                Err(OrgNumberError::MisplacedSeparator),
                "{input}"
            );
        }
    }

    #[test]
    fn a_third_digit_below_two_is_rejected_because_it_would_be_a_personnummer() {
        assert_eq!(
            OrgNumber::parse("551030-4057"),
            Err(OrgNumberError::ThirdDigitTooSmall { found: 1 })
        );
    }

    #[test]
    fn a_wrong_last_digit_reports_the_expected_check_digit() {
        assert_eq!(
            OrgNumber::parse("212000-0143"),
            Err(OrgNumberError::WrongCheckDigit {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn the_first_digit_tells_the_group_of_legal_forms() {
        let cases = [
            ("1020304059", LegalFormGroup::DeathEstates),
            ("2120000142", LegalFormGroup::PublicSector),
            ("3020304055", LegalFormGroup::ForeignCompanies),
            ("4020304053", LegalFormGroup::Unknown),
            ("5020304050", LegalFormGroup::LimitedCompanies),
            ("6020304058", LegalFormGroup::SimplePartnerships),
            ("7020304056", LegalFormGroup::EconomicAssociations),
            (
                "8020304054",
                LegalFormGroup::NonProfitAssociationsAndFoundations,
            ),
            ("9020304052", LegalFormGroup::TradingPartnerships),
            ("0020304051", LegalFormGroup::Unknown),
        ];
        for (number, group) in cases {
            assert_eq!(
                OrgNumber::parse(number).unwrap().legal_form_group(),
                group,
                "{number}"
            );
        }
    }

    #[test]
    fn every_legal_form_group_has_a_fluent_key() {
        assert_eq!(
            LegalFormGroup::LimitedCompanies.message_key(),
            "legal-form-group-limited-companies"
        );
    }

    #[test]
    fn the_canonical_form_is_read_back_from_storage() {
        let number = OrgNumber::parse("212000-0142").unwrap();
        assert_eq!(OrgNumber::parse_canonical(&number.canonical()), Ok(number));
    }

    #[test]
    fn a_stored_value_with_hyphen_or_prefix_is_not_canonical() {
        for stored in ["212000-0142", "162120000142", " 2120000142"] {
            assert_eq!(
                OrgNumber::parse_canonical(stored),
                Err(OrgNumberError::NotCanonical)
            );
        }
    }

    #[test]
    fn deserializing_reads_the_canonical_form() {
        let stored: StrDeserializer<'_, ValueError> = "2120000142".into_deserializer();
        assert_eq!(
            OrgNumber::deserialize(stored).unwrap(),
            OrgNumber::parse("212000-0142").unwrap()
        );
    }

    #[test]
    fn every_error_has_a_fluent_key_and_the_arguments_its_message_uses() {
        let error = OrgNumberError::ThirdDigitTooSmall { found: 1 };
        assert_eq!(error.message_key(), "orgnumber-error-third-digit-too-small");
        assert_eq!(error.message_args(), vec![("found", "1".to_owned())]);
        assert!(
            OrgNumberError::MissingSixteenPrefix
                .message_args()
                .is_empty()
        );
    }

    fn valid_number() -> impl Strategy<Value = OrgNumber> {
        (proptest::collection::vec(0u8..=9, 9), 2u8..=9).prop_map(|(mut payload, third)| {
            payload[2] = third;
            let check = luhn_check_digit(&payload);
            let canonical: String = payload
                .iter()
                .chain([check].iter())
                .map(|&d| char::from(b'0' + d))
                .collect();
            OrgNumber::parse_canonical(&canonical).unwrap()
        })
    }

    proptest! {
        #[test]
        fn parsing_never_panics(input in any::<String>()) {
            let _ = OrgNumber::parse(&input);
            let _ = OrgNumber::parse_canonical(&input);
        }

        #[test]
        fn parsing_digit_like_input_never_panics(input in "[0-9+ -]{0,14}") {
            let _ = OrgNumber::parse(&input);
        }

        #[test]
        fn the_display_form_parses_back_to_the_same_number(number in valid_number()) {
            prop_assert_eq!(OrgNumber::parse(&number.to_string()), Ok(number));
        }

        #[test]
        fn the_canonical_and_prefixed_forms_parse_back_to_the_same_number(
            number in valid_number()
        ) {
            prop_assert_eq!(OrgNumber::parse_canonical(&number.canonical()), Ok(number));
            prop_assert_eq!(OrgNumber::parse(&format!("16{}", number.canonical())), Ok(number));
            prop_assert_eq!(OrgNumber::parse(&format!("16{number}")), Ok(number));
        }

        #[test]
        fn every_accepted_number_has_a_third_digit_of_at_least_two(input in "[0-9]{10}") {
            if let Ok(number) = OrgNumber::parse(&input) {
                prop_assert!(number.canonical().as_bytes()[2] >= b'2');
                prop_assert_eq!(number.canonical(), input);
            }
        }
    }
}
