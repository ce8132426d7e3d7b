//! Swedish personnummer and samordningsnummer.
//!
//! A personnummer is written `YYMMDD-NNNC` (10 digits) or `YYYYMMDDNNNC` (12 digits): a birth
//! date, a three-digit serial number (`födelsenummer`) and a Luhn check digit computed over the
//! 10-digit form. A samordningsnummer has the same shape with 60 added to the day. The value is
//! stored in the canonical 12-digit form because the 10-digit form needs today's date to tell the
//! century, and such a guess must happen once, at input, never again when the value is read back.
//!
//! Personnummer are sensitive personal data: show them [masked](Personnummer::masked) unless the
//! full number is really needed.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

use crate::luhn::luhn_check_digit;

/// How much is added to the day of birth in a samordningsnummer.
const SAMORDNINGSNUMMER_DAY_OFFSET: u8 = 60;

/// Legal sex as recorded in the population register and encoded in a personnummer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
}

/// A valid Swedish personnummer or samordningsnummer.
///
/// Ordered by birth date first, so sorting a list of numbers sorts people by age. `Debug` shows
/// the [masked](Self::masked) form, so that a number never ends up whole in a log by accident.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    birth_date: Date,
    samordningsnummer: bool,
    serial: [u8; 3],
    check_digit: u8,
}

/// Why a text is not a valid personnummer.
///
/// Each variant names one precise problem, so the message shown to the user can say what to fix.
/// [`message_key`](Self::message_key) and [`message_args`](Self::message_args) give the Fluent
/// message for the user's language; `Display` gives the English text for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonnummerError {
    #[error("no personnummer was given")]
    Empty,
    #[error("a personnummer is written without spaces, as YYYYMMDD-NNNN or YYMMDD-NNNN")]
    ContainsSpace,
    #[error("the character '{character}' cannot be part of a personnummer")]
    InvalidCharacter { character: char },
    #[error("a personnummer has 10 or 12 digits, but this one has {digits}")]
    WrongLength { digits: usize },
    #[error("the - or + may appear only once, right before the last four digits")]
    MisplacedSeparator,
    #[error("+ belongs to the 10-digit form only; write the 12-digit form with - or no separator")]
    PlusWithTwelveDigits,
    #[error("a stored personnummer must be exactly 12 digits without separator")]
    NotCanonical,
    #[error("the first digits, {date}, are not a real date")]
    NotADate { date: String },
    #[error("the check digit is wrong: the last digit should be {expected}, not {found}")]
    WrongCheckDigit { expected: u8, found: u8 },
    #[error("the birth date {birth_date} is in the future")]
    InTheFuture { birth_date: Date },
}

impl PersonnummerError {
    /// The id of the Fluent message that explains this error to the user.
    #[must_use]
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Empty => "personnummer-error-empty",
            Self::ContainsSpace => "personnummer-error-contains-space",
            Self::InvalidCharacter { .. } => "personnummer-error-invalid-character",
            Self::WrongLength { .. } => "personnummer-error-wrong-length",
            Self::MisplacedSeparator => "personnummer-error-misplaced-separator",
            Self::PlusWithTwelveDigits => "personnummer-error-plus-with-twelve-digits",
            Self::NotCanonical => "personnummer-error-not-canonical",
            Self::NotADate { .. } => "personnummer-error-not-a-date",
            Self::WrongCheckDigit { .. } => "personnummer-error-wrong-check-digit",
            Self::InTheFuture { .. } => "personnummer-error-in-the-future",
        }
    }

    /// The arguments that the Fluent message of [`message_key`](Self::message_key) refers to.
    #[must_use]
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Empty
            | Self::ContainsSpace
            | Self::MisplacedSeparator
            | Self::PlusWithTwelveDigits
            | Self::NotCanonical => Vec::new(),
            Self::InvalidCharacter { character } => vec![("character", character.to_string())],
            Self::WrongLength { digits } => vec![("digits", digits.to_string())],
            Self::NotADate { date } => vec![("date", date.clone())],
            Self::WrongCheckDigit { expected, found } => {
                vec![
                    ("expected", expected.to_string()),
                    ("found", found.to_string()),
                ]
            }
            Self::InTheFuture { birth_date } => {
                vec![("birth_date", crate::swedish::format_date(*birth_date))]
            }
        }
    }
}

impl Personnummer {
    /// Parses a personnummer as a person types it.
    ///
    /// Accepts the 10-digit form (`YYMMDD-NNNC`, `YYMMDD+NNNC`, `YYMMDDNNNC`) and the 12-digit
    /// form (`YYYYMMDD-NNNC`, `YYYYMMDDNNNC`), with surrounding whitespace ignored. Anything else
    /// is rejected with the precise reason rather than guessed at, because a silently "repaired"
    /// identity number may point at someone else.
    ///
    /// `today` resolves the century of the 10-digit form. With `-` or no separator the birth year
    /// is the latest one that puts the birth date on or before `today`. With `+` it is 100 years
    /// before the latest year ending in the same two digits (up to and including this year),
    /// because Skatteverket writes `+` from the calendar year a person turns 100, not only from
    /// the birthday: in November 2026, `261231+…` is someone born on 31 December 1926.
    ///
    /// # Errors
    ///
    /// Returns the first problem found, checking in this order: characters, number of digits,
    /// separator, date, check digit, and (for the 12-digit form) a birth date after `today`.
    pub fn parse(input: &str, today: Date) -> Result<Self, PersonnummerError> {
        let written = Written::scan(input)?;
        match *written.digits.as_slice() {
            [y1, y2, m1, m2, d1, d2, s1, s2, s3, check] => {
                let separator = written.check_separator()?;
                let year_in_century = i32::from(y1 * 10 + y2);
                let latest_year = today.year() - (today.year() - year_in_century).rem_euclid(100);
                let (day, _) = split_written_day(d1 * 10 + d2);
                let birthday_later_this_year =
                    (m1 * 10 + m2, day) > (u8::from(today.month()), today.day());
                let year = if separator == Some('+')
                    || (latest_year == today.year() && birthday_later_this_year)
                {
                    latest_year - 100
                } else {
                    latest_year
                };
                let written_date = [y1, y2, m1, m2, d1, d2];
                Self::from_digits(
                    year,
                    &written_date,
                    [y1, y2, m1, m2, d1, d2, s1, s2, s3, check],
                )
            }
            [_, _, _, _, _, _, _, _, _, _, _, _] => {
                if written.check_separator()? == Some('+') {
                    return Err(PersonnummerError::PlusWithTwelveDigits);
                }
                let number = Self::from_twelve_digits(&written.digits)?;
                if number.birth_date > today {
                    return Err(PersonnummerError::InTheFuture {
                        birth_date: number.birth_date,
                    });
                }
                Ok(number)
            }
            _ => Err(PersonnummerError::WrongLength {
                digits: written.digits.len(),
            }),
        }
    }

    /// Parses the canonical 12-digit form produced by [`canonical`](Self::canonical), as read
    /// back from storage.
    ///
    /// No `today` is needed because the century is part of the stored value, and no birth-date
    /// check against today is made: a stored value was valid when it was stored.
    ///
    /// # Errors
    ///
    /// [`PersonnummerError::NotCanonical`] unless the text is exactly 12 ASCII digits; otherwise
    /// the date or check-digit error.
    pub fn parse_canonical(stored: &str) -> Result<Self, PersonnummerError> {
        if stored.len() != 12 || !stored.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(PersonnummerError::NotCanonical);
        }
        let digits: Vec<u8> = stored.bytes().map(|byte| byte - b'0').collect();
        Self::from_twelve_digits(&digits)
    }

    /// The 12 digits `YYYYMMDDNNNC` without separator: the form to store and to compare.
    #[must_use]
    pub fn canonical(&self) -> String {
        let [s1, s2, s3] = self.serial;
        format!("{}{s1}{s2}{s3}{}", self.date_digits(), self.check_digit)
    }

    /// The number with its last four digits hidden, `YYYYMMDD-****`, for lists and other places
    /// where the birth date is enough to tell people apart.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}-****", self.date_digits())
    }

    /// The real birth date; for a samordningsnummer the 60 added to the day is taken away.
    #[must_use]
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    #[must_use]
    pub fn birth_year(&self) -> i32 {
        self.birth_date.year()
    }

    /// Whether this is a samordningsnummer (day of birth plus 60), given to people who are not
    /// or have not been registered as living in Sweden.
    #[must_use]
    pub fn is_samordningsnummer(&self) -> bool {
        self.samordningsnummer
    }

    /// The legal sex encoded in the last digit of the serial number: odd for men, even for women.
    #[must_use]
    pub fn sex(&self) -> Sex {
        if self.serial[2] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Age in whole years on `date`, or 0 for a date before birth.
    ///
    /// Someone born on 29 February turns a year older on 28 February in common years, as lag
    /// (1930:173) om beräkning av lagstadgad tid counts a missing day as the last day of the
    /// month.
    #[must_use]
    pub fn age_on(&self, date: Date) -> u32 {
        let birth = self.birth_date;
        let birthday_this_year = birth.day().min(birth.month().length(date.year()));
        let had_birthday =
            (u8::from(date.month()), date.day()) >= (u8::from(birth.month()), birthday_this_year);
        let years = date.year() - birth.year() - i32::from(!had_birthday);
        u32::try_from(years).unwrap_or(0)
    }

    /// `YYYYMMDD` as written in the number, that is with 60 added to the day of a
    /// samordningsnummer.
    fn date_digits(&self) -> String {
        let offset = if self.samordningsnummer {
            SAMORDNINGSNUMMER_DAY_OFFSET
        } else {
            0
        };
        format!(
            "{:04}{:02}{:02}",
            self.birth_date.year(),
            u8::from(self.birth_date.month()),
            self.birth_date.day() + offset
        )
    }

    fn from_twelve_digits(digits: &[u8]) -> Result<Self, PersonnummerError> {
        let &[c1, c2, y1, y2, m1, m2, d1, d2, s1, s2, s3, check] = digits else {
            return Err(PersonnummerError::WrongLength {
                digits: digits.len(),
            });
        };
        let year = [c1, c2, y1, y2]
            .iter()
            .fold(0, |year, &digit| year * 10 + i32::from(digit));
        let written_date = [c1, c2, y1, y2, m1, m2, d1, d2];
        Self::from_digits(
            year,
            &written_date,
            [y1, y2, m1, m2, d1, d2, s1, s2, s3, check],
        )
    }

    /// Builds the number from its full birth year and the digits of its 10-digit form.
    ///
    /// `written_date` holds the date digits as the user wrote them, to quote in an error.
    fn from_digits(
        year: i32,
        written_date: &[u8],
        ten_digit_form: [u8; 10],
    ) -> Result<Self, PersonnummerError> {
        let [_, _, m1, m2, d1, d2, s1, s2, s3, check_digit] = ten_digit_form;
        let (day, samordningsnummer) = split_written_day(d1 * 10 + d2);
        let birth_date = Month::try_from(m1 * 10 + m2)
            .and_then(|month| Date::from_calendar_date(year, month, day))
            .map_err(|_| PersonnummerError::NotADate {
                date: written_date
                    .iter()
                    .map(|digit| char::from(b'0' + digit))
                    .collect(),
            })?;
        let [payload @ .., _] = ten_digit_form;
        let expected = luhn_check_digit(&payload);
        if expected != check_digit {
            return Err(PersonnummerError::WrongCheckDigit {
                expected,
                found: check_digit,
            });
        }
        Ok(Self {
            birth_date,
            samordningsnummer,
            serial: [s1, s2, s3],
            check_digit,
        })
    }
}

/// The real day of the month and whether the number is a samordningsnummer, from the day as
/// written in the number.
fn split_written_day(written_day: u8) -> (u8, bool) {
    if written_day > SAMORDNINGSNUMMER_DAY_OFFSET {
        (written_day - SAMORDNINGSNUMMER_DAY_OFFSET, true)
    } else {
        (written_day, false)
    }
}

/// The digits and separators of a typed personnummer, before their meaning is checked.
struct Written {
    digits: Vec<u8>,
    /// Each separator with the number of digits that precede it.
    separators: Vec<(char, usize)>,
}

impl Written {
    fn scan(input: &str) -> Result<Self, PersonnummerError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PersonnummerError::Empty);
        }
        let mut digits = Vec::with_capacity(12);
        let mut separators = Vec::new();
        for character in trimmed.chars() {
            match character {
                '0'..='9' => digits.push(character as u8 - b'0'),
                '-' | '+' => separators.push((character, digits.len())),
                _ if character.is_whitespace() => return Err(PersonnummerError::ContainsSpace),
                _ => return Err(PersonnummerError::InvalidCharacter { character }),
            }
        }
        Ok(Self { digits, separators })
    }

    /// The separator, after checking that there is at most one and that it stands right before
    /// the last four digits.
    fn check_separator(&self) -> Result<Option<char>, PersonnummerError> {
        match *self.separators.as_slice() {
            [] => Ok(None),
            [(separator, position)] if position + 4 == self.digits.len() => Ok(Some(separator)),
            _ => Err(PersonnummerError::MisplacedSeparator),
        }
    }
}

impl fmt::Debug for Personnummer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("Personnummer")
            .field(&self.masked())
            .finish()
    }
}

impl fmt::Display for Personnummer {
    /// `YYYYMMDD-NNNC`: the full year avoids the century ambiguity of the 10-digit form and the
    /// hyphen keeps the number readable.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [s1, s2, s3] = self.serial;
        write!(
            formatter,
            "{}-{s1}{s2}{s3}{}",
            self.date_digits(),
            self.check_digit
        )
    }
}

impl Serialize for Personnummer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical())
    }
}

impl<'de> Deserialize<'de> for Personnummer {
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
    use time::Duration;
    use time::macros::date;

    // Every number below is synthetic: a serial number in Skatteverket's test range 980–999 with
    // a computed check digit.

    const TODAY: Date = date!(2026 - 11 - 27);

    fn parse(input: &str) -> Result<Personnummer, PersonnummerError> {
        Personnummer::parse(input, TODAY)
    }

    #[test]
    fn a_ten_digit_number_with_hyphen_is_born_in_the_latest_possible_century() {
        let number = parse("800101-9812").unwrap();
        assert_eq!(number.birth_date(), date!(1980 - 01 - 01));
        assert_eq!(number.canonical(), "198001019812");
    }

    #[test]
    fn a_ten_digit_number_without_separator_reads_like_one_with_hyphen() {
        assert_eq!(parse("8001019812"), parse("800101-9812"));
    }

    #[test]
    fn a_two_digit_year_not_yet_reached_belongs_to_the_previous_century() {
        assert_eq!(parse("301231-9814").unwrap().birth_year(), 1930);
    }

    #[test]
    fn a_birthday_later_this_year_belongs_to_the_previous_century() {
        assert_eq!(
            parse("261231-9828").unwrap().birth_date(),
            date!(1926 - 12 - 31)
        );
    }

    #[test]
    fn a_birth_date_of_today_belongs_to_this_century() {
        assert_eq!(parse("261127-9825").unwrap().birth_date(), TODAY);
    }

    #[test]
    fn a_ten_digit_number_with_plus_means_a_centenarian() {
        let number = parse("240229+9875").unwrap();
        assert_eq!(number.birth_date(), date!(1924 - 02 - 29));
        assert_eq!(number.age_on(TODAY), 102);
    }

    #[test]
    fn a_plus_means_turning_100_this_year_even_before_the_birthday() {
        let number = parse("261231+9828").unwrap();
        assert_eq!(number.birth_date(), date!(1926 - 12 - 31));
        assert_eq!(number.age_on(TODAY), 99);
    }

    #[test]
    fn a_twelve_digit_number_is_read_with_or_without_hyphen() {
        let expected = parse("800101-9812").unwrap();
        assert_eq!(parse("19800101-9812").unwrap(), expected);
        assert_eq!(parse("198001019812").unwrap(), expected);
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(
            parse(" \t19800101-9812\n").unwrap().canonical(),
            "198001019812"
        );
    }

    #[test]
    fn a_leap_day_is_a_real_date_in_a_leap_year() {
        assert_eq!(
            parse("000229-9816").unwrap().birth_date(),
            date!(2000 - 02 - 29)
        );
    }

    #[test]
    fn a_leap_day_is_not_a_date_in_a_common_year() {
        assert_eq!(
            parse("900229-9809"),
            Err(PersonnummerError::NotADate {
                date: "900229".to_owned()
            })
        );
    }

    #[test]
    fn a_samordningsnummer_has_sixty_added_to_the_day() {
        let number = parse("230271-9824").unwrap();
        assert!(number.is_samordningsnummer());
        assert_eq!(number.birth_date(), date!(2023 - 02 - 11));
        assert_eq!(number.to_string(), "20230271-9824");
    }

    #[test]
    fn a_samordningsnummer_must_also_be_a_real_date() {
        assert_eq!(
            parse("20230291-9853"),
            Err(PersonnummerError::NotADate {
                date: "20230291".to_owned()
            })
        );
    }

    #[test]
    fn an_ordinary_personnummer_is_not_a_samordningsnummer() {
        assert!(!parse("800101-9812").unwrap().is_samordningsnummer());
    }

    #[test]
    fn month_thirteen_is_not_a_date() {
        assert!(matches!(
            parse("801301-9812"),
            Err(PersonnummerError::NotADate { .. })
        ));
    }

    #[test]
    fn a_wrong_last_digit_reports_the_expected_check_digit() {
        assert_eq!(
            parse("800101-9813"),
            Err(PersonnummerError::WrongCheckDigit {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn an_empty_or_blank_input_is_reported_as_empty() {
        assert_eq!(parse(""), Err(PersonnummerError::Empty));
        assert_eq!(parse("  \n"), Err(PersonnummerError::Empty));
    }

    #[test]
    fn a_space_inside_the_number_is_reported_as_such() {
        assert_eq!(parse("800101 9812"), Err(PersonnummerError::ContainsSpace));
    }

    #[test]
    fn a_letter_is_reported_as_an_invalid_character() {
        assert_eq!(
            parse("800101-98l2"),
            Err(PersonnummerError::InvalidCharacter { character: 'l' })
        );
    }

    #[test]
    fn too_few_or_too_many_digits_are_counted_in_the_error() {
        assert_eq!(
            parse("800101-981"),
            Err(PersonnummerError::WrongLength { digits: 9 })
        );
        assert_eq!(
            parse("19800101-98123"),
            Err(PersonnummerError::WrongLength { digits: 13 })
        );
        assert_eq!(
            parse("1980-01-01"),
            Err(PersonnummerError::WrongLength { digits: 8 })
        );
    }

    #[test]
    fn a_separator_anywhere_but_before_the_last_four_digits_is_misplaced() {
        for input in ["8001-019812", "800101--9812", "-8001019812", "800101-9812+"] {
            assert_eq!(
                parse(input),
                Err(PersonnummerError::MisplacedSeparator),
                "{input}"
            );
        }
    }

    #[test]
    fn a_plus_in_the_twelve_digit_form_is_rejected() {
        assert_eq!(
            parse("19240229+9875"),
            Err(PersonnummerError::PlusWithTwelveDigits)
        );
    }

    #[test]
    fn a_twelve_digit_birth_date_after_today_is_in_the_future() {
        assert_eq!(
            parse("20301231-9814"),
            Err(PersonnummerError::InTheFuture {
                birth_date: date!(2030 - 12 - 31)
            })
        );
    }

    #[test]
    fn the_display_form_has_the_full_year_and_a_hyphen() {
        assert_eq!(parse("8001019812").unwrap().to_string(), "19800101-9812");
    }

    #[test]
    fn the_masked_form_hides_the_last_four_digits() {
        assert_eq!(parse("800101-9812").unwrap().masked(), "19800101-****");
    }

    #[test]
    fn debug_output_is_masked_so_logs_do_not_leak_the_number() {
        let number = parse("800101-9812").unwrap();
        assert_eq!(format!("{number:?}"), "Personnummer(\"19800101-****\")");
    }

    #[test]
    fn an_odd_third_serial_digit_means_male_and_an_even_one_female() {
        assert_eq!(parse("800101-9812").unwrap().sex(), Sex::Male);
        assert_eq!(parse("800101-9820").unwrap().sex(), Sex::Female);
    }

    #[test]
    fn age_counts_whole_years_up_to_the_birthday() {
        let number = parse("800101-9812").unwrap();
        assert_eq!(number.age_on(date!(2025 - 12 - 31)), 45);
        assert_eq!(number.age_on(date!(2026 - 01 - 01)), 46);
    }

    #[test]
    fn someone_born_on_a_leap_day_turns_older_on_the_28th_of_february_in_common_years() {
        let number = parse("000229-9816").unwrap();
        assert_eq!(number.age_on(date!(2001 - 02 - 27)), 0);
        assert_eq!(number.age_on(date!(2001 - 02 - 28)), 1);
        assert_eq!(number.age_on(date!(2004 - 02 - 28)), 3);
        assert_eq!(number.age_on(date!(2004 - 02 - 29)), 4);
    }

    #[test]
    fn the_age_before_birth_is_zero() {
        assert_eq!(
            parse("800101-9812").unwrap().age_on(date!(1970 - 01 - 01)),
            0
        );
    }

    #[test]
    fn the_canonical_form_is_read_back_without_knowing_today() {
        let number = parse("230271-9824").unwrap();
        assert_eq!(
            Personnummer::parse_canonical(&number.canonical()),
            Ok(number)
        );
    }

    #[test]
    fn a_stored_value_with_a_separator_or_ten_digits_is_not_canonical() {
        for stored in [
            "19800101-9812",
            "8001019812",
            " 198001019812",
            "１98001019812",
        ] {
            assert_eq!(
                Personnummer::parse_canonical(stored),
                Err(PersonnummerError::NotCanonical),
                "{stored}"
            );
        }
    }

    #[test]
    fn a_stored_value_with_a_wrong_check_digit_is_rejected() {
        assert_eq!(
            Personnummer::parse_canonical("198001019813"),
            Err(PersonnummerError::WrongCheckDigit {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn numbers_sort_by_birth_date() {
        let older = parse("500615-9981").unwrap();
        let younger = parse("800101-9812").unwrap();
        assert!(older < younger);
    }

    #[test]
    fn deserializing_reads_the_canonical_form() {
        let stored: StrDeserializer<'_, ValueError> = "198001019812".into_deserializer();
        assert_eq!(
            Personnummer::deserialize(stored).unwrap(),
            parse("800101-9812").unwrap()
        );
    }

    #[test]
    fn deserializing_rejects_the_display_form() {
        let stored: StrDeserializer<'_, ValueError> = "19800101-9812".into_deserializer();
        assert!(Personnummer::deserialize(stored).is_err());
    }

    #[test]
    fn sex_is_deserialized_from_its_lowercase_name() {
        let female: StrDeserializer<'_, ValueError> = "female".into_deserializer();
        assert_eq!(Sex::deserialize(female), Ok(Sex::Female));
    }

    #[test]
    fn every_error_has_a_fluent_key_and_the_arguments_its_message_uses() {
        let error = PersonnummerError::WrongCheckDigit {
            expected: 2,
            found: 3,
        };
        assert_eq!(error.message_key(), "personnummer-error-wrong-check-digit");
        assert_eq!(
            error.message_args(),
            vec![("expected", "2".to_owned()), ("found", "3".to_owned())]
        );
        let error = PersonnummerError::InTheFuture {
            birth_date: date!(2030 - 12 - 31),
        };
        assert_eq!(
            error.message_args(),
            vec![("birth_date", "2030-12-31".to_owned())]
        );
        assert!(PersonnummerError::Empty.message_args().is_empty());
    }

    /// The 10-digit form as Skatteverket writes it on `today`: `+` from the year of the 100th
    /// birthday on.
    fn ten_digit_form(number: &Personnummer, today: Date) -> String {
        let display = number.to_string();
        let separator = if today.year() - number.birth_year() >= 100 {
            '+'
        } else {
            '-'
        };
        format!("{}{separator}{}", &display[2..8], &display[9..])
    }

    /// Valid numbers born within the last 199 years before `TODAY`, the span that the 10-digit
    /// form can express.
    fn valid_number() -> impl Strategy<Value = Personnummer> {
        (0i64..199 * 365, 0u16..1000, any::<bool>()).prop_map(|(days_old, serial, samordning)| {
            let birth = TODAY - Duration::days(days_old);
            let day = birth.day()
                + if samordning {
                    SAMORDNINGSNUMMER_DAY_OFFSET
                } else {
                    0
                };
            let payload = format!(
                "{:02}{:02}{day:02}{serial:03}",
                birth.year() % 100,
                u8::from(birth.month())
            );
            let digits: Vec<u8> = payload.bytes().map(|byte| byte - b'0').collect();
            let check = luhn_check_digit(&digits);
            let canonical = format!("{:02}{payload}{check}", birth.year() / 100);
            Personnummer::parse_canonical(&canonical).unwrap()
        })
    }

    proptest! {
        #[test]
        fn parsing_never_panics(input in any::<String>()) {
            let _ = parse(&input);
            let _ = Personnummer::parse_canonical(&input);
        }

        #[test]
        fn parsing_digit_like_input_never_panics(input in "[0-9+ -]{0,16}") {
            let _ = parse(&input);
        }

        #[test]
        fn the_display_form_parses_back_to_the_same_number(number in valid_number()) {
            prop_assert_eq!(parse(&number.to_string()), Ok(number));
        }

        #[test]
        fn the_canonical_form_parses_back_to_the_same_number(number in valid_number()) {
            prop_assert_eq!(Personnummer::parse_canonical(&number.canonical()), Ok(number));
        }

        #[test]
        fn the_ten_digit_form_parses_back_to_the_same_number(number in valid_number()) {
            prop_assert_eq!(parse(&ten_digit_form(&number, TODAY)), Ok(number));
        }

        #[test]
        fn every_accepted_ten_digit_number_is_born_on_or_before_today(
            input in "[0-9]{6}[-+]?[0-9]{4}"
        ) {
            if let Ok(number) = parse(&input) {
                prop_assert!(number.birth_date() <= TODAY);
                prop_assert!(number.age_on(TODAY) < 200);
                prop_assert_eq!(parse(&number.to_string()), Ok(number));
            }
        }
    }
}
