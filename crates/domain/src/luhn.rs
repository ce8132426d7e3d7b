//! The Luhn (mod 10) check digit used by Swedish personnummer, samordningsnummer and
//! organisationsnummer.
//!
//! Swedish numbers compute the check digit over the 10-digit form only (never over the century
//! digits of a 12-digit personnummer or the `16` prefix of an organisationsnummer), so callers
//! pass exactly those digits.

/// Computes the check digit that makes `payload` followed by that digit Luhn-valid.
///
/// Every element of `payload` must be a decimal digit value (`0..=9`, not an ASCII code). The
/// rightmost payload digit gets weight 2, the next weight 1, and so on to the left; the digits of
/// each product are summed, and the check digit brings the total up to a multiple of ten. For the
/// nine payload digits of a Swedish number this is the familiar weighting 2, 1, 2, 1, … from the
/// left.
#[must_use]
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(position_from_right, &digit)| {
            let digit = u32::from(digit);
            if position_from_right % 2 == 0 {
                let doubled = digit * 2;
                doubled / 10 + doubled % 10
            } else {
                digit
            }
        })
        .sum();
    // `sum % 10` is below 10, so the result always fits in a `u8`.
    ((10 - sum % 10) % 10) as u8
}

/// Tells whether the last digit of `digits` is the Luhn check digit of the digits before it.
///
/// An empty slice has no check digit and is therefore not valid.
#[must_use]
pub fn is_luhn_valid(digits: &[u8]) -> bool {
    match digits.split_last() {
        Some((&check, payload)) => luhn_check_digit(payload) == check,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_check_digit_of_a_personnummer_is_computed_from_its_first_nine_digits() {
        // 800101-9812: a synthetic number with a serial in Skatteverket's test range.
        assert_eq!(luhn_check_digit(&[8, 0, 0, 1, 0, 1, 9, 8, 1]), 2);
    }

    #[test]
    fn the_check_digit_of_a_known_organisation_number_matches() {
        // 212000-0142 is the organisationsnummer published for Stockholms stad.
        assert_eq!(luhn_check_digit(&[2, 1, 2, 0, 0, 0, 0, 1, 4]), 2);
    }

    #[test]
    fn a_number_whose_last_digit_is_the_check_digit_is_valid() {
        assert!(is_luhn_valid(&[8, 0, 0, 1, 0, 1, 9, 8, 1, 2]));
    }

    #[test]
    fn a_number_with_a_changed_digit_is_not_valid() {
        assert!(!is_luhn_valid(&[8, 0, 0, 1, 0, 1, 9, 8, 1, 3]));
        assert!(!is_luhn_valid(&[8, 0, 0, 1, 0, 2, 9, 8, 1, 2]));
    }

    #[test]
    fn an_empty_number_is_not_valid() {
        assert!(!is_luhn_valid(&[]));
    }

    #[test]
    fn the_check_digit_of_an_empty_payload_is_zero() {
        assert_eq!(luhn_check_digit(&[]), 0);
    }

    proptest! {
        #[test]
        fn appending_the_check_digit_always_gives_a_valid_number(
            payload in proptest::collection::vec(0u8..=9, 0..20)
        ) {
            let check = luhn_check_digit(&payload);
            prop_assert!(check <= 9);
            let mut number = payload;
            number.push(check);
            prop_assert!(is_luhn_valid(&number));
        }

        #[test]
        fn changing_any_single_digit_is_detected(
            payload in proptest::collection::vec(0u8..=9, 9),
            position in 0usize..10,
            change in 1u8..=9,
        ) {
            let mut number = payload;
            number.push(luhn_check_digit(&number));
            number[position] = (number[position] + change) % 10;
            prop_assert!(!is_luhn_valid(&number));
        }
    }
}
