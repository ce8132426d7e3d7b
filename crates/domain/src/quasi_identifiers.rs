//! Releasing quasi-identifiers (sex and age band) in a row-level export without letting a row
//! point to a person: every combination of values a row shows must be shared by at least `min`
//! people (k-anonymity by suppression).
//!
//! Checking each attribute on its own is not enough: with six women and six people aged 18–24,
//! the one woman aged 18–24 is still unique. So the pair is released where the pair is common;
//! for the rest, one attribute is kept where enough of the rest share it; what remains shows
//! neither. If that last group is itself smaller than `min`, its members could be told apart
//! by elimination, so then no row shows either attribute.

use std::collections::BTreeMap;

/// What one person's rows may show: `None` where the value is withheld.
pub type Released<A, B> = (Option<A>, Option<B>);

/// The released pair for each person, in the order given.
pub fn release<A: Ord + Clone, B: Ord + Clone>(
    people: &[(A, B)],
    min: usize,
) -> Vec<Released<A, B>> {
    let mut released: Vec<Option<Released<A, B>>> = vec![None; people.len()];
    let mut pairs: BTreeMap<(&A, &B), usize> = BTreeMap::new();
    for (a, b) in people {
        *pairs.entry((a, b)).or_default() += 1;
    }
    for (slot, (a, b)) in released.iter_mut().zip(people) {
        if pairs[&(a, b)] >= min {
            *slot = Some((Some(a.clone()), Some(b.clone())));
        }
    }
    let mut firsts: BTreeMap<&A, usize> = BTreeMap::new();
    for ((a, _), slot) in people.iter().zip(&released) {
        if slot.is_none() {
            *firsts.entry(a).or_default() += 1;
        }
    }
    for (slot, (a, _)) in released.iter_mut().zip(people) {
        if slot.is_none() && firsts[a] >= min {
            *slot = Some((Some(a.clone()), None));
        }
    }
    let mut seconds: BTreeMap<&B, usize> = BTreeMap::new();
    for ((_, b), slot) in people.iter().zip(&released) {
        if slot.is_none() {
            *seconds.entry(b).or_default() += 1;
        }
    }
    for (slot, (_, b)) in released.iter_mut().zip(people) {
        if slot.is_none() && seconds[b] >= min {
            *slot = Some((None, Some(b.clone())));
        }
    }
    let rest = released.iter().filter(|slot| slot.is_none()).count();
    if rest > 0 && rest < min {
        return vec![(None, None); people.len()];
    }
    released
        .into_iter()
        .map(|slot| slot.unwrap_or((None, None)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn people(groups: &[(&'static str, &'static str, usize)]) -> Vec<(&'static str, &'static str)> {
        groups
            .iter()
            .flat_map(|(a, b, n)| std::iter::repeat_n((*a, *b), *n))
            .collect()
    }

    #[test]
    fn a_rare_combination_of_common_values_is_not_released() {
        // Women: 7, aged 18–24: 6, but one woman aged 18–24.
        let people = people(&[("f", "25-34", 6), ("f", "18-24", 1), ("m", "18-24", 5)]);
        let released = release(&people, 5);
        assert!(
            !released.contains(&(Some("f"), Some("18-24"))),
            "{released:?}"
        );
        assert!(released.iter().all(|r| *r == (None, None)), "{released:?}");
    }

    #[test]
    fn common_pairs_keep_both_and_the_rest_keep_what_enough_of_them_share() {
        let people = people(&[
            ("f", "25-34", 5),
            ("m", "18-24", 5),
            ("f", "35-44", 2),
            ("f", "45-54", 3),
            ("m", "55-64", 1),
            ("m", "65-", 4),
        ]);
        let released = release(&people, 5);
        let count = |r: Released<&str, &str>| released.iter().filter(|x| **x == r).count();
        assert_eq!(count((Some("f"), Some("25-34"))), 5);
        assert_eq!(count((Some("m"), Some("18-24"))), 5);
        assert_eq!(count((Some("f"), None)), 5);
        assert_eq!(count((Some("m"), None)), 5);
        assert_eq!(count((None, None)), 0);
    }

    proptest! {
        #[test]
        fn every_released_combination_is_shared_by_at_least_min_people(
            raw in proptest::collection::vec((0u8..2, 0u8..6), 0..80),
            min in 1usize..7,
        ) {
            prop_assume!(raw.len() >= min, "smaller exports are withheld whole");
            let released = release(&raw, min);
            prop_assert_eq!(released.len(), raw.len());
            for (r, (a, b)) in released.iter().zip(&raw) {
                prop_assert!(r.0.is_none_or(|x| x == *a) && r.1.is_none_or(|x| x == *b));
                let shared = released.iter().filter(|x| *x == r).count();
                prop_assert!(shared >= min, "{:?} shown for {} people", r, shared);
            }
        }
    }
}
