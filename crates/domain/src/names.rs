//! Matching names to flag possible duplicates among people registered without a personnummer.
//!
//! Without a number, the same person can be registered twice as "Åsa Öberg" and "Asa Oberg",
//! or with a small typo, or with given and family name in each other's fields. Registration
//! compares a new person with those of the same birth year and sex and flags a possible
//! duplicate when [`names_match`]; a person then decides, since two real people can share a
//! name.

use std::iter;

/// Longest name, in letters, for which one typo is allowed; longer names allow two, since the
/// chance of a typo grows with length while two different short names are often only two
/// edits apart ("Ali Aho" and "Eli Ahl").
const SHORT_NAME_MAX_LETTERS: usize = 8;

/// Lower-case letters with diacritics and the plain letters they are compared as.
///
/// No Unicode normalisation crate is available, so this table covers the letters of Latin-1
/// (U+00C0–U+00FF) and Latin Extended-A (U+0100–U+017F), plus ș and ț, which together spell
/// almost every name written in a European Latin alphabet. Letters without diacritics in this
/// sense (such as æ, œ, ß and þ) become the letters they are usually replaced with. Text in
/// decomposed form (a letter followed by a combining accent) is handled by dropping the
/// accents, see [`is_combining_accent`].
const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăą", "a"),
    ("æ", "ae"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĳ", "ij"),
    ("ĵ", "j"),
    ("ķĸ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉŋ", "n"),
    ("òóôõöøōŏő", "o"),
    ("œ", "oe"),
    ("ŕŗř", "r"),
    ("śŝşšșſ", "s"),
    ("ß", "ss"),
    ("ţťŧț", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
];

/// A full name reduced to what matters for matching: lower case, without diacritics, with
/// hyphens and runs of whitespace as single spaces, trimmed. "Anna-Karin  Öberg" becomes
/// "anna karin oberg".
///
/// Idempotent when given the key as `given` and an empty `family`, so keys can be stored and
/// compared later.
#[must_use]
pub fn name_key(given: &str, family: &str) -> String {
    let mut key = String::with_capacity(given.len() + family.len() + 1);
    let full_name = given.chars().chain(iter::once(' ')).chain(family.chars());
    for lower in full_name.flat_map(char::to_lowercase) {
        if is_separator(lower) {
            if !key.is_empty() && !key.ends_with(' ') {
                key.push(' ');
            }
        } else if !is_combining_accent(lower) {
            match fold(lower) {
                Some(plain) => key.push_str(plain),
                None => key.push(lower),
            }
        }
    }
    key.truncate(key.trim_end().len());
    key
}

/// Whether two people's names are probably the same name: equal [keys](name_key), or keys
/// apart by at most one [edit](edit_distance) when the shorter name has up to eight letters
/// and two when it is longer; with given and family name in either order.
///
/// Empty names never match: they say nothing about who someone is.
#[must_use]
pub fn names_match(a_given: &str, a_family: &str, b_given: &str, b_family: &str) -> bool {
    let a = name_key(a_given, a_family);
    if a.is_empty() {
        return false;
    }
    [name_key(b_given, b_family), name_key(b_family, b_given)]
        .iter()
        .any(|b| !b.is_empty() && edit_distance(&a, b) <= allowed_edits(&a, b))
}

/// The optimal string alignment distance between two texts, counted in characters: the
/// fewest insertions, deletions, substitutions and swaps of two adjacent characters that turn
/// one into the other, where no character is edited twice. Swaps count as one edit because
/// swapped letters are among the commonest typos.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // Rows of the classic table, where row i, column j is the distance between the first i
    // characters of a and the first j of b; only the last three rows are needed. Row "i - 2"
    // starts as a placeholder that is never read, since a swap needs two characters of a.
    let mut before_previous: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut previous_a: Option<char> = None;
    let mut distance = b.len();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        let mut left = i + 1;
        current.push(left);
        let diagonal_and_above = previous.iter().zip(previous.iter().skip(1));
        let swap_origin = iter::once(None).chain(before_previous.iter().map(Some));
        let previous_b = iter::once(None).chain(b.iter().map(Some));
        for (((&b_char, (&diagonal, &above)), swap_origin), previous_b) in b
            .iter()
            .zip(diagonal_and_above)
            .zip(swap_origin)
            .zip(previous_b)
        {
            let mut cell = (diagonal + usize::from(a_char != b_char))
                .min(above + 1)
                .min(left + 1);
            if let (Some(&origin), Some(&previous_b), Some(previous_a)) =
                (swap_origin, previous_b, previous_a)
                && a_char == previous_b
                && previous_a == b_char
            {
                cell = cell.min(origin + 1);
            }
            current.push(cell);
            left = cell;
        }
        distance = left;
        before_previous = std::mem::replace(&mut previous, current);
        previous_a = Some(a_char);
    }
    distance
}

fn allowed_edits(a: &str, b: &str) -> usize {
    let letters = |key: &str| key.chars().filter(|&c| c != ' ').count();
    if letters(a).min(letters(b)) <= SHORT_NAME_MAX_LETTERS {
        1
    } else {
        2
    }
}

/// Whitespace and the hyphens and dashes that join double names, which people write with a
/// space, a hyphen or not at all.
fn is_separator(character: char) -> bool {
    character.is_whitespace() || matches!(character, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// Combining Diacritical Marks, the accents of decomposed text (Unicode normal form D, as
/// macOS often produces).
fn is_combining_accent(character: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&character)
}

fn fold(lower: char) -> Option<&'static str> {
    FOLDS
        .iter()
        .find(|(letters, _)| letters.contains(lower))
        .map(|&(_, plain)| plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_name_key_is_lower_case_without_diacritics() {
        assert_eq!(name_key("Åsa", "Öberg"), "asa oberg");
        assert_eq!(
            name_key("Björn", "Müller-Lüdenscheidt"),
            "bjorn muller ludenscheidt"
        );
        assert_eq!(name_key("Søren", "Kierkegaard"), "soren kierkegaard");
        assert_eq!(name_key("Æsa", "Straße"), "aesa strasse");
        assert_eq!(name_key("Zoë", "Łukasiewicz"), "zoe lukasiewicz");
        assert_eq!(name_key("İpek", "Çelik"), "ipek celik");
    }

    #[test]
    fn hyphens_and_runs_of_whitespace_become_single_spaces() {
        assert_eq!(name_key("  Anna-Karin ", "\tÖberg  "), "anna karin oberg");
        assert_eq!(name_key("Anna -- Karin", ""), "anna karin");
        assert_eq!(name_key("", ""), "");
    }

    #[test]
    fn decomposed_accents_are_dropped() {
        assert_eq!(name_key("A\u{30a}sa", "O\u{308}berg"), "asa oberg");
    }

    #[test]
    fn every_latin_one_and_extended_a_letter_folds_to_ascii() {
        for letter in ('\u{c0}'..='\u{17f}').filter(|c| c.is_alphabetic()) {
            let key = name_key(&letter.to_string(), "");
            assert!(key.is_ascii(), "{letter} gave {key}");
        }
    }

    #[test]
    fn the_edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("oberg", "oberj"), 1);
        assert_eq!(edit_distance("oberg", "oberga"), 1);
        assert_eq!(edit_distance("oberg", "berg"), 1);
        assert_eq!(edit_distance("oberg", "obreg"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_edit_distance_never_edits_a_character_twice() {
        // Full Damerau–Levenshtein gives 2 (swap, then insert between); alignment gives 3.
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn the_edit_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance("åsa", "asa"), 1);
    }

    #[test]
    fn the_same_name_without_diacritics_or_capitals_matches() {
        assert!(names_match("Åsa", "Öberg", "asa", "oberg"));
    }

    #[test]
    fn a_name_with_a_small_typo_matches() {
        assert!(names_match("Åsa", "Öberg", "Asa", "Oberj"));
        assert!(names_match("Mohammed", "Abdullahi", "Muhammed", "Abdulahi"));
    }

    #[test]
    fn short_names_allow_only_one_typo() {
        assert!(!names_match("Åsa", "Öberg", "Asa", "Obrj"));
    }

    #[test]
    fn different_names_do_not_match() {
        assert!(!names_match("Anna", "Svensson", "Hanna", "Pettersson"));
        assert!(!names_match("Erik", "Larsson", "Eva", "Larsson"));
    }

    #[test]
    fn swapped_given_and_family_names_match() {
        assert!(names_match("Åsa", "Öberg", "Öberg", "Åsa"));
        assert!(names_match("Nguyen", "Thi Lan", "Thi Lan", "Nguyen"));
    }

    #[test]
    fn empty_names_never_match() {
        assert!(!names_match("", "", "", ""));
        assert!(!names_match("Åsa", "", " ", "-"));
    }

    /// The textbook recurrence with indices, to check the index-free implementation against.
    fn reference_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest! {
        #[test]
        fn the_edit_distance_agrees_with_the_textbook_recurrence(
            a in "[abcå ]{0,10}", b in "[abcå ]{0,10}"
        ) {
            prop_assert_eq!(edit_distance(&a, &b), reference_distance(&a, &b));
        }

        #[test]
        fn the_edit_distance_is_symmetric(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            prop_assert_eq!(edit_distance(&a, &b), edit_distance(&b, &a));
        }

        #[test]
        fn a_text_is_at_distance_zero_from_itself(a in "\\PC{0,20}") {
            prop_assert_eq!(edit_distance(&a, &a), 0);
        }

        #[test]
        fn the_edit_distance_is_at_most_the_longer_length(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let longer = a.chars().count().max(b.chars().count());
            prop_assert!(edit_distance(&a, &b) <= longer);
        }

        #[test]
        fn a_name_key_is_its_own_key(given in any::<String>(), family in any::<String>()) {
            let key = name_key(&given, &family);
            prop_assert_eq!(name_key(&key, ""), key);
        }

        #[test]
        fn a_name_matches_itself_unless_empty(given in "\\PC{0,12}", family in "\\PC{0,12}") {
            let matched = names_match(&given, &family, &given, &family);
            prop_assert_eq!(matched, !name_key(&given, &family).is_empty());
        }
    }
}
