//! Swedish conventions that users notice: alphabetical order, number, date and week formats.
//!
//! Kept in one place so every screen, export and report sorts and formats the same way.

use std::cmp::Ordering;

use time::{Date, OffsetDateTime};

/// Separates thousands and joins a number to its unit, so that "1 234 kr" never breaks across
/// lines.
pub const NO_BREAK_SPACE: char = '\u{00A0}';

/// Ends each level of a [`sort_key`]; below every weight, so a shorter key sorts first.
const LEVEL_SEPARATOR: char = '\u{0001}';
/// Primary weight of any whitespace: before punctuation, digits and letters.
const WHITESPACE_WEIGHT: char = ' ';
/// Primary weight of any punctuation or symbol: after whitespace, before digits and letters.
const PUNCTUATION_WEIGHT: char = '!';
/// Secondary weight of a letter without accent, and tertiary weight of a lower-case or uncased
/// character.
const PLAIN_WEIGHT: char = '0';
/// Tertiary weight of an upper-case character: after lower case.
const UPPER_CASE_WEIGHT: char = '1';

/// Compares two strings in Swedish alphabetical order; see [`sort_key`] for the rules.
///
/// Equal only for identical strings, so it is a total order that can be used with
/// [`slice::sort_by`]. When sorting many strings, [`slice::sort_by_cached_key`] with
/// [`sort_key`] computes each key once instead of twice per comparison.
#[must_use]
pub fn collate(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// A key whose plain string order (by code point, which is also UTF-8 byte order) is the Swedish
/// alphabetical order of the original strings.
///
/// Because plain byte order suffices, the key can be stored beside a name and sorted by in a
/// database with a binary collation (SQLite's default, `COLLATE "C"` in PostgreSQL).
///
/// The rules follow the Swedish tailoring of the Unicode Collation Algorithm in CLDR (what ICU
/// uses for `sv`), simplified to what names and titles need:
///
/// 1. Letters: a–z, then å, ä, ö. v and w are different letters, as in SAOL since 2006. Letters
///    with accents sort as their base letter (é as e, á as a); following Swedish practice ü and ű
///    sort as y, æ and ę as ä, ø, ő, œ and ô as ö, ð and đ as d, þ as th and ß as ss. Spaces come
///    before punctuation, punctuation before digits, digits before letters, and letters of other
///    scripts after ö.
/// 2. Accents decide between otherwise equal strings: e before é.
/// 3. Case decides next: lower case before upper case.
/// 4. Finally the original strings are compared by code point, so different strings never get
///    the same key.
///
/// Combining accents (text in Unicode normal form D) count at the accent level only. Digits are
/// compared one by one, so "10" sorts before "9".
#[must_use]
pub fn sort_key(text: &str) -> String {
    let mut primary = String::with_capacity(text.len());
    let mut secondary = String::with_capacity(text.len());
    let mut tertiary = String::with_capacity(text.len());
    for character in text.chars() {
        if is_combining_accent(character) {
            secondary.push(character);
            continue;
        }
        let case_weight = if character.is_uppercase() {
            UPPER_CASE_WEIGHT
        } else {
            PLAIN_WEIGHT
        };
        for lower in character.to_lowercase() {
            let mut push = |primary_weight, accent_weight| {
                primary.push(primary_weight);
                secondary.push(accent_weight);
                tertiary.push(case_weight);
            };
            match swedish_letter(lower) {
                Some((base, accent)) => base.chars().for_each(|weight| push(weight, accent)),
                None => push(other_character(lower), PLAIN_WEIGHT),
            }
        }
    }
    let mut key = primary;
    for level in [&secondary, &tertiary, text] {
        key.push(LEVEL_SEPARATOR);
        key.push_str(level);
    }
    key
}

/// Combining Diacritical Marks, the accents of decomposed text.
fn is_combining_accent(character: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&character)
}

/// The primary weights and the secondary (accent) weight of a lower-case letter with a place in
/// the Swedish alphabet other than its own code point; `None` for ASCII letters and everything
/// else.
///
/// The primary weights of å, ä and ö are the three characters right after `z`, so that the
/// whole Swedish alphabet is a contiguous range below every non-ASCII character.
fn swedish_letter(lower: char) -> Option<(&'static str, char)> {
    let (base, accent): (&'static str, u8) = match lower {
        'á' => ("a", 1),
        'à' => ("a", 2),
        'â' => ("a", 3),
        'ã' => ("a", 4),
        'ā' => ("a", 5),
        'ă' => ("a", 6),
        'ą' => ("a", 7),
        'ç' => ("c", 1),
        'ć' => ("c", 2),
        'č' => ("c", 3),
        'ď' => ("d", 1),
        'đ' => ("d", 2),
        'ð' => ("d", 3),
        'é' => ("e", 1),
        'è' => ("e", 2),
        'ê' => ("e", 3),
        'ë' => ("e", 4),
        'ē' => ("e", 5),
        'ė' => ("e", 6),
        'ě' => ("e", 7),
        'ğ' => ("g", 1),
        'í' => ("i", 1),
        'ì' => ("i", 2),
        'î' => ("i", 3),
        'ï' => ("i", 4),
        'ī' => ("i", 5),
        'į' => ("i", 6),
        'ı' => ("i", 7),
        'ł' => ("l", 1),
        'ľ' => ("l", 2),
        'ñ' => ("n", 1),
        'ń' => ("n", 2),
        'ň' => ("n", 3),
        'ó' => ("o", 1),
        'ò' => ("o", 2),
        'õ' => ("o", 3),
        'ō' => ("o", 4),
        'ř' => ("r", 1),
        'ś' => ("s", 1),
        'š' => ("s", 2),
        'ş' => ("s", 3),
        'ș' => ("s", 4),
        'ß' => ("ss", 1),
        'ť' => ("t", 1),
        'ţ' => ("t", 2),
        'ț' => ("t", 3),
        'þ' => ("th", 1),
        'ú' => ("u", 1),
        'ù' => ("u", 2),
        'û' => ("u", 3),
        'ū' => ("u", 4),
        'ů' => ("u", 5),
        'ý' => ("y", 1),
        'ÿ' => ("y", 2),
        'ü' => ("y", 3),
        'ű' => ("y", 4),
        'ź' => ("z", 1),
        'ż' => ("z", 2),
        'ž' => ("z", 3),
        'å' => ("{", 0),
        'ä' => ("|", 0),
        'æ' => ("|", 1),
        'ę' => ("|", 2),
        'ö' => ("}", 0),
        'ø' => ("}", 1),
        'ő' => ("}", 2),
        'œ' => ("}", 3),
        'ô' => ("}", 4),
        _ => return None,
    };
    Some((base, char::from(b'0' + accent)))
}

/// Primary weight of a character that [`swedish_letter`] does not cover: a letter or digit
/// weighs itself (ASCII letters and digits are below å, ä and ö, letters of other scripts above),
/// all whitespace weighs one weight and all punctuation another.
fn other_character(lower: char) -> char {
    if lower.is_alphanumeric() {
        lower
    } else if lower.is_whitespace() {
        WHITESPACE_WEIGHT
    } else {
        PUNCTUATION_WEIGHT
    }
}

/// Formats an integer with no-break spaces between groups of three digits: `-1 234 567`.
#[must_use]
pub fn format_integer(value: i64) -> String {
    format_fixed(i128::from(value), 0)
}

/// Formats `scaled / 10^scale` with a decimal comma and exactly `scale` decimals:
/// `format_fixed(-123450, 2)` is `-1 234,50`.
///
/// Taking the value scaled to an integer keeps amounts exact; the minus sign is the ASCII
/// hyphen-minus, which spreadsheets and screen readers understand.
#[must_use]
pub fn format_fixed(scaled: i128, scale: u32) -> String {
    let digits = scaled.unsigned_abs().to_string();
    let scale = usize::try_from(scale).unwrap_or(usize::MAX);
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale - digits.len() + 1))
    } else {
        digits
    };
    let (whole, decimals) = padded.split_at(padded.len() - scale);
    let mut formatted = String::with_capacity(padded.len() * 2);
    if scaled < 0 {
        formatted.push('-');
    }
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            formatted.push(NO_BREAK_SPACE);
        }
        formatted.push(digit);
    }
    if !decimals.is_empty() {
        formatted.push(',');
        formatted.push_str(decimals);
    }
    formatted
}

/// Formats a percentage given with `scale` decimals, with a no-break space before the sign as
/// Swedish typography wants it: `format_percent(455, 1)` is `45,5 %`.
#[must_use]
pub fn format_percent(scaled_percent: i128, scale: u32) -> String {
    format!("{}{NO_BREAK_SPACE}%", format_fixed(scaled_percent, scale))
}

/// The Swedish month names, January first, in lower case as Swedish writes them.
pub const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A month in words: `mars 2027`. A month outside 1–12 gives the year alone.
#[must_use]
pub fn format_month_name(year: i32, month: u8) -> String {
    match MONTH_NAMES.get(usize::from(month).wrapping_sub(1)) {
        Some(name) => format!("{name} {year}"),
        None => year.to_string(),
    }
}

/// Formats a date the Swedish (and ISO 8601) way: `2026-11-27`.
#[must_use]
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Converts an instant to Swedish local time (CET, UTC+1; CEST, UTC+2 in summer).
///
/// Summer time follows the EU rule in force since 1996: from 01:00 UTC on the last Sunday of
/// March to 01:00 UTC on the last Sunday of October. That one rule is all Sweden needs for the
/// instants Stegvis shows (audit events, links, locks), so no time-zone database is bundled.
#[must_use]
pub fn to_swedish_time(moment: OffsetDateTime) -> OffsetDateTime {
    let utc = moment.to_offset(time::UtcOffset::UTC);
    let year = utc.year();
    let starts = last_sunday_at_one_utc(year, time::Month::March);
    let ends = last_sunday_at_one_utc(year, time::Month::October);
    let hours = match (starts, ends) {
        (Some(starts), Some(ends)) if utc >= starts && utc < ends => 2,
        _ => 1,
    };
    time::UtcOffset::from_hms(hours, 0, 0).map_or(utc, |offset| utc.to_offset(offset))
}

fn last_sunday_at_one_utc(year: i32, month: time::Month) -> Option<OffsetDateTime> {
    let last_day = time::Date::from_calendar_date(year, month, 31).ok()?;
    let back = last_day.weekday().number_days_from_sunday();
    let sunday = last_day - time::Duration::days(i64::from(back));
    Some(sunday.with_hms(1, 0, 0).ok()?.assume_utc())
}

/// The instant a Swedish calendar day begins: local midnight, in winter or summer time.
#[must_use]
pub fn start_of_day(date: time::Date) -> OffsetDateTime {
    let utc_midnight = date.midnight().assume_utc();
    // Summer time changes at 01:00 UTC, after local midnight, so the offset at UTC midnight is
    // the one in force at local midnight.
    let offset = to_swedish_time(utc_midnight).offset();
    date.midnight().assume_offset(offset)
}

/// Formats an instant as `2026-11-27 09:30` in Swedish local time.
#[must_use]
pub fn format_swedish_datetime(moment: OffsetDateTime) -> String {
    format_datetime(to_swedish_time(moment))
}

/// Formats a date and time as `2026-11-27 09:30`, in the offset the value carries; see
/// [`format_swedish_datetime`] for times shown to users.
#[must_use]
pub fn format_datetime(moment: OffsetDateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(moment.date()),
        moment.hour(),
        moment.minute()
    )
}

/// The ISO 8601 week-numbering year and week number of a date, the week numbers used in Sweden
/// (weeks start on Monday; week 1 contains the year's first Thursday).
///
/// The year can differ from the calendar year around New Year: 2026-12-31 is in week 53 of
/// 2026, but 2027-01-01 is too.
#[must_use]
pub fn iso_week(date: Date) -> (i32, u8) {
    let (year, week, _) = date.to_iso_week_date();
    (year, week)
}

/// The week of a date as Swedish calendars abbreviate it: `v. 48`.
#[must_use]
pub fn format_week(date: Date) -> String {
    let (_, week) = iso_week(date);
    format!("v.{NO_BREAK_SPACE}{week}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|&name| name.to_owned()).collect();
        names.sort_by_cached_key(|name| sort_key(name));
        names
    }

    #[test]
    fn å_ä_and_ö_come_after_z_in_that_order() {
        assert_eq!(
            sorted(&["Öberg", "Ärlig", "Zetterberg", "Åberg", "Andersson"]),
            ["Andersson", "Zetterberg", "Åberg", "Ärlig", "Öberg"]
        );
    }

    #[test]
    fn v_and_w_are_different_letters() {
        assert_eq!(sorted(&["Wall", "Vikström"]), ["Vikström", "Wall"]);
    }

    #[test]
    fn case_matters_only_between_otherwise_equal_names_and_lower_case_comes_first() {
        assert_eq!(
            sorted(&["Annb", "Anna", "anna", "annc"]),
            ["anna", "Anna", "Annb", "annc"]
        );
    }

    #[test]
    fn an_accented_letter_sorts_as_its_base_letter_after_the_plain_one() {
        assert_eq!(
            sorted(&["Ewa", "Erik", "Éric", "Eric"]),
            ["Eric", "Éric", "Erik", "Ewa"]
        );
    }

    #[test]
    fn ü_sorts_as_y() {
        assert_eq!(
            sorted(&["Mörk", "Mylord", "Müller", "Muller"]),
            ["Muller", "Müller", "Mylord", "Mörk"]
        );
    }

    #[test]
    fn æ_sorts_as_ä_and_ø_as_ö() {
        assert_eq!(
            sorted(&["Ödman", "Øberg", "Ærø", "Ärlig"]),
            ["Ärlig", "Ærø", "Øberg", "Ödman"]
        );
    }

    #[test]
    fn ß_sorts_as_ss() {
        assert_eq!(
            sorted(&["Strauss", "Straßer", "Strauß"]),
            ["Straßer", "Strauss", "Strauß"]
        );
    }

    #[test]
    fn a_decomposed_accent_sorts_with_its_base_letter() {
        assert_eq!(
            sorted(&["Erik", "E\u{0301}ric", "Eric"]),
            ["Eric", "E\u{0301}ric", "Erik"]
        );
    }

    #[test]
    fn a_shorter_name_comes_before_longer_names_that_start_with_it() {
        assert_eq!(sorted(&["Eka", "Ek Anna", "Ek"]), ["Ek", "Ek Anna", "Eka"]);
    }

    #[test]
    fn spaces_come_before_punctuation_digits_and_letters() {
        assert_eq!(sorted(&["a1", "a-", "a ", "ab"]), ["a ", "a-", "a1", "ab"]);
    }

    #[test]
    fn letters_of_other_scripts_come_after_ö() {
        assert_eq!(
            sorted(&["Юлия", "Östen", "Aziz"]),
            ["Aziz", "Östen", "Юлия"]
        );
    }

    #[test]
    fn only_identical_strings_collate_as_equal() {
        assert_eq!(collate("Eva", "Eva"), Ordering::Equal);
        assert_ne!(collate("a-b", "a.b"), Ordering::Equal);
    }

    #[test]
    fn integers_get_no_break_spaces_between_thousands() {
        assert_eq!(format_integer(0), "0");
        assert_eq!(format_integer(999), "999");
        assert_eq!(format_integer(1234), "1\u{a0}234");
        assert_eq!(format_integer(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(format_integer(-1234), "-1\u{a0}234");
        assert_eq!(
            format_integer(i64::MIN),
            "-9\u{a0}223\u{a0}372\u{a0}036\u{a0}854\u{a0}775\u{a0}808"
        );
    }

    #[test]
    fn fixed_point_numbers_get_a_decimal_comma_and_all_their_decimals() {
        assert_eq!(format_fixed(123_450, 2), "1\u{a0}234,50");
        assert_eq!(format_fixed(5, 2), "0,05");
        assert_eq!(format_fixed(-5, 2), "-0,05");
        assert_eq!(format_fixed(0, 3), "0,000");
        assert_eq!(format_fixed(-1_000, 0), "-1\u{a0}000");
    }

    #[test]
    fn percentages_have_a_space_before_the_percent_sign() {
        assert_eq!(format_percent(455, 1), "45,5\u{a0}%");
        assert_eq!(format_percent(100, 0), "100\u{a0}%");
    }

    #[test]
    fn dates_are_written_year_month_day() {
        assert_eq!(format_date(date!(2026 - 01 - 05)), "2026-01-05");
    }

    #[test]
    fn date_times_are_written_with_hours_and_minutes_in_their_own_offset() {
        assert_eq!(
            format_datetime(datetime!(2026-11-27 09:30:59 +01:00)),
            "2026-11-27 09:30"
        );
    }

    #[test]
    fn week_numbers_follow_iso_8601() {
        assert_eq!(iso_week(date!(2026 - 11 - 27)), (2026, 48));
        assert_eq!(iso_week(date!(2027 - 01 - 01)), (2026, 53));
        assert_eq!(iso_week(date!(2024 - 12 - 30)), (2025, 1));
    }

    #[test]
    fn weeks_are_abbreviated_with_v() {
        assert_eq!(format_week(date!(2026 - 11 - 27)), "v.\u{a0}48");
    }

    const SWEDISH_ALPHABET: &str = "abcdefghijklmnopqrstuvwxyzåäö";

    fn alphabet_positions(word: &str) -> Vec<Option<usize>> {
        word.chars()
            .map(|letter| SWEDISH_ALPHABET.chars().position(|c| c == letter))
            .collect()
    }

    proptest! {
        #[test]
        fn collate_agrees_with_sort_key(a in any::<String>(), b in any::<String>()) {
            prop_assert_eq!(collate(&a, &b), sort_key(&a).cmp(&sort_key(&b)));
        }

        #[test]
        fn collate_is_antisymmetric_and_equal_only_for_equal_strings(
            a in "\\PC{0,8}", b in "\\PC{0,8}"
        ) {
            prop_assert_eq!(collate(&a, &b), collate(&b, &a).reverse());
            prop_assert_eq!(collate(&a, &b) == Ordering::Equal, a == b);
        }

        #[test]
        fn collate_is_transitive(
            mut names in proptest::collection::vec("[aAåÅäeéEüyY -]{0,4}", 3)
        ) {
            names.sort_by(|a, b| collate(a, b));
            prop_assert_ne!(collate(&names[0], &names[1]), Ordering::Greater);
            prop_assert_ne!(collate(&names[1], &names[2]), Ordering::Greater);
            prop_assert_ne!(collate(&names[0], &names[2]), Ordering::Greater);
        }

        #[test]
        fn lower_case_swedish_words_sort_by_the_swedish_alphabet(
            a in "[a-zåäö]{0,6}", b in "[a-zåäö]{0,6}"
        ) {
            prop_assert_eq!(collate(&a, &b), alphabet_positions(&a).cmp(&alphabet_positions(&b)));
        }

        #[test]
        fn a_difference_in_letters_outweighs_a_difference_in_case(
            a in "[a-zåäö]{1,6}", b in "[a-zåäö]{1,6}"
        ) {
            prop_assume!(a != b);
            prop_assert_eq!(collate(&a.to_uppercase(), &b), collate(&a, &b));
        }

        #[test]
        fn format_integer_round_trips_once_the_spaces_are_removed(value in any::<i64>()) {
            let plain: String = format_integer(value).chars().filter(|&c| c != NO_BREAK_SPACE).collect();
            prop_assert_eq!(plain.parse::<i64>(), Ok(value));
        }

        #[test]
        fn format_fixed_round_trips_once_spaces_and_comma_are_removed(
            scaled in any::<i128>(), scale in 0u32..6
        ) {
            let formatted = format_fixed(scaled, scale);
            prop_assert_eq!(formatted.matches(',').count(), usize::from(scale > 0));
            let decimals = formatted.split(',').nth(1).map_or(0, str::len);
            prop_assert_eq!(decimals, usize::try_from(scale).unwrap());
            let plain: String =
                formatted.chars().filter(|&c| c != NO_BREAK_SPACE && c != ',').collect();
            prop_assert_eq!(plain.parse::<i128>(), Ok(scaled));
        }
    }

    #[test]
    fn winter_times_are_shown_an_hour_ahead_of_utc() {
        let moment = time::macros::datetime!(2026-11-27 08:29 UTC);
        assert_eq!(format_swedish_datetime(moment), "2026-11-27 09:29");
    }

    #[test]
    fn summer_times_are_shown_two_hours_ahead_of_utc() {
        let moment = time::macros::datetime!(2013-09-30 10:00 UTC);
        assert_eq!(format_swedish_datetime(moment), "2013-09-30 12:00");
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        // 2026: summer time from 29 March to 25 October.
        let before = time::macros::datetime!(2026-03-29 00:59 UTC);
        let after = time::macros::datetime!(2026-03-29 01:00 UTC);
        assert_eq!(to_swedish_time(before).offset().whole_hours(), 1);
        assert_eq!(to_swedish_time(after).offset().whole_hours(), 2);
        let last_summer = time::macros::datetime!(2026-10-25 00:59 UTC);
        let first_winter = time::macros::datetime!(2026-10-25 01:00 UTC);
        assert_eq!(to_swedish_time(last_summer).offset().whole_hours(), 2);
        assert_eq!(to_swedish_time(first_winter).offset().whole_hours(), 1);
    }

    #[test]
    fn a_swedish_day_starts_at_local_midnight() {
        let winter = start_of_day(time::macros::date!(2026 - 11 - 27));
        assert_eq!(winter, time::macros::datetime!(2026-11-26 23:00 UTC));
        let summer = start_of_day(time::macros::date!(2013 - 09 - 30));
        assert_eq!(summer, time::macros::datetime!(2013-09-29 22:00 UTC));
    }
}
