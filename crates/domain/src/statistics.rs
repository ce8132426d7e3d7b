//! Statistics of change in questionnaire scores. What each audience may see of them is decided
//! in [`crate::disclosure`].
//!
//! Evaluators and funders compare these figures with their own tools, so each one is computed
//! exactly as a named, widely used reference does it: the Wilcoxon p-value as
//! `scipy.stats.wilcoxon(after, before)` does by default in SciPy 1.17, the confidence interval
//! with the quantile of Student's t as `scipy.stats.t.ppf`. The reference values in
//! `tools/reference/statistics.json` are checked by the tests below; `docs/methods.md` describes
//! every figure in words.
//!
//! The three special functions needed (the log-gamma function, the regularized incomplete beta
//! function and the complementary error function) are written here rather than taken from a
//! crate: they are short, classical and tested against SciPy, while `statrs`, the well-kept
//! pure-Rust alternative, would bring a sizeable dependency tree into the pure core for three
//! functions.

use serde::Serialize;

/// SciPy's default switches from exact p-values to the normal approximation above this many
/// pairs, counting pairs without change too.
const EXACT_MAX_PAIRS: usize = 50;

/// SciPy enumerates every assignment of signs when there are ties or zero changes among at most
/// this many pairs (2^13 is below its default of 9 999 resamples, so the result is exact).
const SIGN_FLIP_MAX_PAIRS: usize = 13;

/// What counts as a meaningful change for an instrument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeaningfulChange {
    /// Whether a higher score is the better one (WHO-5) or the worse one (a symptom score).
    pub higher_is_better: bool,
    /// The smallest change that counts as improvement or worsening, as the instrument's
    /// literature gives it (10 points for WHO-5 on 0–100). Without one, any change counts.
    pub min_meaningful: Option<f64>,
}

/// The paired change from one occasion to another for a group of participants.
///
/// A change is `after − before` for one participant. Figures that need at least two pairs, or
/// a spread, are `None` when the data cannot give them, never a made-up zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedChange {
    /// The number of pairs, including those without change.
    pub n: usize,
    pub mean_change: f64,
    pub median_change: f64,
    /// The sample standard deviation of the changes (divided by n − 1).
    pub sd_change: Option<f64>,
    /// The 95 % confidence interval of the mean change: mean ± t(0.975, n − 1) · sd / √n.
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// Cohen's dz: mean change / sd of the changes; `None` when the sd is zero or unknown.
    pub effect_size: Option<f64>,
    /// The two-sided p-value of the Wilcoxon signed-rank test, as SciPy computes it by default;
    /// `None` when every change is zero, since the test then has nothing to rank.
    pub wilcoxon_p: Option<f64>,
    pub improved: usize,
    pub unchanged: usize,
    pub worse: usize,
}

impl PairedChange {
    /// Summarises `(before, after)` pairs, or `None` when there are none or a score is not a
    /// finite number (a missing answer must be left out by the caller, not passed as NaN).
    #[must_use]
    pub fn from_pairs(pairs: &[(f64, f64)], meaningful: MeaningfulChange) -> Option<Self> {
        if pairs.is_empty()
            || pairs
                .iter()
                .any(|(before, after)| !before.is_finite() || !after.is_finite())
        {
            return None;
        }
        let changes: Vec<f64> = pairs.iter().map(|(before, after)| after - before).collect();
        let n = changes.len();
        let count = n as f64;
        let mean_change = changes.iter().sum::<f64>() / count;
        let sd_change = (n >= 2).then(|| {
            let squares: f64 = changes.iter().map(|c| (c - mean_change).powi(2)).sum();
            (squares / (count - 1.0)).sqrt()
        });
        let half_width =
            sd_change.map(|sd| student_t_upper_quantile(0.025, count - 1.0) * sd / count.sqrt());
        let (improved, unchanged, worse) = classify(&changes, meaningful);
        Some(Self {
            n,
            mean_change,
            median_change: median(&changes)?,
            sd_change,
            ci95_low: half_width.map(|h| mean_change - h),
            ci95_high: half_width.map(|h| mean_change + h),
            effect_size: sd_change.filter(|sd| *sd > 0.0).map(|sd| mean_change / sd),
            wilcoxon_p: wilcoxon_p(&changes),
            improved,
            unchanged,
            worse,
        })
    }
}

/// How many of the values are at least `threshold`, and how many values there are: for
/// self-rated health, the share in good health is `share_at_least(codes, 4)` (Bra = 4, Mycket
/// bra = 5), reported before and after.
#[must_use]
pub fn share_at_least<T: PartialOrd>(values: &[T], threshold: T) -> (usize, usize) {
    let count = values.iter().filter(|value| **value >= threshold).count();
    (count, values.len())
}

fn classify(changes: &[f64], meaningful: MeaningfulChange) -> (usize, usize, usize) {
    let towards_better = |change: f64| {
        if meaningful.higher_is_better {
            change
        } else {
            -change
        }
    };
    let is_meaningful_gain = |gain: f64| {
        gain > 0.0
            && meaningful
                .min_meaningful
                .is_none_or(|threshold| gain >= threshold)
    };
    let improved = changes
        .iter()
        .filter(|c| is_meaningful_gain(towards_better(**c)))
        .count();
    let worse = changes
        .iter()
        .filter(|c| is_meaningful_gain(-towards_better(**c)))
        .count();
    (improved, changes.len() - improved - worse, worse)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted.get(middle).copied()
    } else {
        let low = sorted.get(middle.checked_sub(1)?)?;
        let high = sorted.get(middle)?;
        Some((low + high) / 2.0)
    }
}

/// The two-sided Wilcoxon signed-rank p-value with SciPy's defaults (`zero_method="wilcox"`,
/// `correction=False`, `method="auto"`).
///
/// Zero changes are dropped and the rest ranked by size, equal sizes sharing their mean rank.
/// SciPy then uses, in this order: the normal approximation for more than 50 pairs (zeros
/// included in that count); the exact null distribution when there are neither ties nor
/// zeros; all 2^n assignments of signs for at most 13 pairs; and the normal approximation
/// otherwise. The exact distribution and the sign assignments are the same computation here,
/// counting subsets of the ranks by their sum.
fn wilcoxon_p(changes: &[f64]) -> Option<f64> {
    let mut nonzero: Vec<(f64, bool)> = changes
        .iter()
        .filter(|c| **c != 0.0)
        .map(|c| (c.abs(), *c > 0.0))
        .collect();
    if nonzero.is_empty() {
        return None;
    }
    nonzero.sort_by(|a, b| a.0.total_cmp(&b.0));
    let ranks = Ranks::of(&nonzero);
    let has_zeros = nonzero.len() < changes.len();
    if changes.len() > EXACT_MAX_PAIRS
        || ((ranks.has_ties || has_zeros) && changes.len() > SIGN_FLIP_MAX_PAIRS)
    {
        Some(normal_approximation_p(&ranks))
    } else {
        exact_p(&ranks)
    }
}

/// The ranks of the non-zero changes, doubled so that shared (mean) ranks are whole numbers.
struct Ranks {
    doubled: Vec<u64>,
    doubled_positive_sum: u64,
    has_ties: bool,
    /// Σ (t³ − t) over groups of t equal sizes, for the variance's tie correction.
    tie_term: f64,
}

impl Ranks {
    /// Ranks changes already sorted by size.
    fn of(sorted: &[(f64, bool)]) -> Self {
        let mut ranks = Self {
            doubled: Vec::with_capacity(sorted.len()),
            doubled_positive_sum: 0,
            has_ties: false,
            tie_term: 0.0,
        };
        let mut start = 0_u64;
        for group in sorted.chunk_by(|a, b| a.0 == b.0) {
            let size = group.len() as u64;
            // Ranks start + 1 ..= start + size have the mean start + (size + 1) / 2.
            let doubled = 2 * start + size + 1;
            for (_, positive) in group {
                ranks.doubled.push(doubled);
                if *positive {
                    ranks.doubled_positive_sum += doubled;
                }
            }
            ranks.has_ties |= size > 1;
            let t = size as f64;
            ranks.tie_term += t * t * t - t;
            start += size;
        }
        ranks
    }
}

/// The exact two-sided p: twice the smaller tail of the sum of positive ranks over all 2^n
/// equally likely assignments of signs, at most 1.
fn exact_p(ranks: &Ranks) -> Option<f64> {
    let total: u64 = ranks.doubled.iter().sum();
    let size = usize::try_from(total).ok()?;
    // ways[s] = the number of sign assignments whose doubled positive rank sum is s.
    let mut ways = vec![0_u64; size + 1];
    *ways.first_mut()? = 1;
    for &rank in &ranks.doubled {
        let rank = usize::try_from(rank).ok()?;
        let before = ways.clone();
        for (sum, count) in before.iter().enumerate() {
            if let Some(slot) = ways.get_mut(sum + rank) {
                *slot += count;
            }
        }
    }
    let observed = usize::try_from(ranks.doubled_positive_sum).ok()?;
    let at_most: u64 = ways.iter().take(observed + 1).sum();
    let at_least: u64 = ways.iter().skip(observed).sum();
    let all: u64 = ways.iter().sum();
    Some((2.0 * at_most.min(at_least) as f64 / all as f64).min(1.0))
}

/// The two-sided p of the normal approximation without continuity correction, with the
/// variance reduced for ties: z = (T⁺ − n(n+1)/4) / √((n(n+1)(2n+1) − Σ(t³−t)/2) / 24).
fn normal_approximation_p(ranks: &Ranks) -> f64 {
    let n = ranks.doubled.len() as f64;
    let positive_sum = ranks.doubled_positive_sum as f64 / 2.0;
    let mean = n * (n + 1.0) / 4.0;
    let sd = ((n * (n + 1.0) * (2.0 * n + 1.0) - ranks.tie_term / 2.0) / 24.0).sqrt();
    let z = (positive_sum - mean) / sd;
    erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0)
}

/// The t with P(T > t) = `tail` for Student's t with `df` degrees of freedom, found by
/// bisection to the last bit: the tail falls strictly as t grows, so bisection cannot fail.
fn student_t_upper_quantile(tail: f64, df: f64) -> f64 {
    let upper_tail = |t: f64| 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
    let mut low = 0.0_f64;
    let mut high = 1.0_f64;
    while upper_tail(high) > tail && high < f64::MAX / 2.0 {
        low = high;
        high *= 2.0;
    }
    loop {
        let middle = low + (high - low) / 2.0;
        if middle <= low || middle >= high {
            return middle;
        }
        if upper_tail(middle) > tail {
            low = middle;
        } else {
            high = middle;
        }
    }
}

/// I_x(a, b), by the continued fraction of Numerical Recipes (`betai`, `betacf`), using the
/// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
fn regularized_incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// Below this a denominator of the modified Lentz method is nudged away from zero.
const TINY: f64 = 1e-300;
/// The continued fractions stop long before this; it only guards against a runaway loop.
const MAX_ITERATIONS: u32 = 100_000;

fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    let away_from_zero = |value: f64| if value.abs() < TINY { TINY } else { value };
    let mut c = 1.0;
    let mut d = 1.0 / away_from_zero(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..=MAX_ITERATIONS {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a - 1.0 + 2.0 * m) * (a + 2.0 * m));
        d = 1.0 / away_from_zero(1.0 + even * d);
        c = away_from_zero(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 1.0 + 2.0 * m));
        d = 1.0 / away_from_zero(1.0 + odd * d);
        c = away_from_zero(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < f64::EPSILON {
            break;
        }
    }
    h
}

/// ln Γ(z) for z ≥ 1/2 (all this module needs: half the degrees of freedom, and 1/2), by the
/// Lanczos approximation with g = 7 and nine coefficients, good to about 15 digits.
fn ln_gamma(z: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 8] = [
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let z = z - 1.0;
    let series = COEFFICIENTS
        .iter()
        .zip(1..)
        .fold(0.999_999_999_999_809_9, |sum, (coefficient, i)| {
            sum + coefficient / (z + f64::from(i))
        });
    let t = z + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (z + 0.5) * t.ln() - t + series.ln()
}

/// erfc(x) for x ≥ 0, as the regularized upper incomplete gamma function Q(1/2, x²): by its
/// series below x² = 1.5 and by its continued fraction above (Numerical Recipes' `gser` and
/// `gcf`), which keeps full relative precision far into the tail where small p-values live.
fn erfc(x: f64) -> f64 {
    const A: f64 = 0.5;
    // ln Γ(1/2) = ln √π.
    const LN_GAMMA_A: f64 = 0.572_364_942_924_700_1;
    let y = x * x;
    if y == 0.0 {
        return 1.0;
    }
    let front = (-y + A * y.ln() - LN_GAMMA_A).exp();
    if y < A + 1.0 {
        let mut term = 1.0 / A;
        let mut sum = term;
        for k in 1..=MAX_ITERATIONS {
            term *= y / (A + f64::from(k));
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        1.0 - sum * front
    } else {
        let mut b = y + 1.0 - A;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..=MAX_ITERATIONS {
            let i = f64::from(i);
            let an = -i * (i - A);
            b += 2.0;
            d = an * d + b;
            d = 1.0 / if d.abs() < TINY { TINY } else { d };
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < f64::EPSILON {
                break;
            }
        }
        front * h
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ANY_CHANGE: MeaningfulChange = MeaningfulChange {
        higher_is_better: true,
        min_meaningful: None,
    };

    /// Regenerate with `python3 tools/reference/statistics.py > tools/reference/statistics.json`
    /// from the repository root (after `pip install scipy numpy`); the JSON names the versions.
    const REFERENCE: &str = include_str!("../../../tools/reference/statistics.json");

    fn assert_close(name: &str, field: &str, actual: Option<f64>, expected: Option<f64>, tol: f64) {
        match (actual, expected) {
            (None, None) => {}
            (Some(actual), Some(expected)) => assert!(
                (actual - expected).abs() <= tol * expected.abs() + 1e-12,
                "{name}: {field} is {actual}, SciPy says {expected}"
            ),
            _ => panic!("{name}: {field} is {actual:?}, SciPy says {expected:?}"),
        }
    }

    #[test]
    fn reference_values_match_scipy() {
        let reference: serde_json::Value = serde_json::from_str(REFERENCE).unwrap();
        let datasets = reference["datasets"].as_array().unwrap();
        assert_eq!(datasets.len(), 13);
        for dataset in datasets {
            let name = dataset["name"].as_str().unwrap();
            let numbers = |field: &str| -> Vec<f64> {
                dataset[field]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            };
            let pairs: Vec<(f64, f64)> = numbers("before")
                .into_iter()
                .zip(numbers("after"))
                .collect();
            let change = PairedChange::from_pairs(&pairs, ANY_CHANGE).unwrap();
            assert_eq!(change.n as u64, dataset["n"].as_u64().unwrap(), "{name}");
            let expected = |field: &str| dataset[field].as_f64();
            let check = |field: &str, actual: Option<f64>| {
                assert_close(name, field, actual, expected(field), 1e-9);
            };
            check("mean_change", Some(change.mean_change));
            check("median_change", Some(change.median_change));
            check("sd_change", change.sd_change);
            check("ci95_low", change.ci95_low);
            check("ci95_high", change.ci95_high);
            check("effect_size", change.effect_size);
            let normal_approximation = pairs.len() > SIGN_FLIP_MAX_PAIRS
                && (pairs.len() > EXACT_MAX_PAIRS || {
                    let mut sizes: Vec<f64> = pairs.iter().map(|(b, a)| (a - b).abs()).collect();
                    sizes.sort_by(f64::total_cmp);
                    sizes.contains(&0.0) || sizes.windows(2).any(|w| w[0] == w[1])
                });
            let tolerance = if normal_approximation { 1e-7 } else { 1e-9 };
            assert_close(
                name,
                "wilcoxon_p",
                change.wilcoxon_p,
                expected("wilcoxon_p"),
                tolerance,
            );
        }
    }

    #[test]
    fn the_t_quantile_matches_scipy_for_small_and_large_degrees_of_freedom() {
        for (df, expected) in [
            (1.0, 12.706_204_736_174_694),
            (2.0, 4.302_652_729_749_462),
            (5.0, 2.570_581_835_636_314_6),
            (11.0, 2.200_985_160_091_639),
            (59.0, 2.000_995_378_088_267),
            (1000.0, 1.962_339_080_826_408_3),
        ] {
            let actual = student_t_upper_quantile(0.025, df);
            assert!(
                (actual - expected).abs() <= 1e-12 * expected,
                "df {df}: {actual} against {expected}"
            );
        }
    }

    #[test]
    fn the_normal_p_matches_scipy_near_the_centre_and_in_the_tail() {
        for (z, expected) in [
            (1.0, 0.317_310_507_862_914_15),
            (3.5, 0.000_465_258_158_071_050_03),
        ] {
            let actual = erfc(z / std::f64::consts::SQRT_2);
            assert!(
                (actual - expected).abs() <= 1e-13 * expected,
                "z {z}: {actual}"
            );
        }
    }

    #[test]
    fn no_pairs_or_a_missing_score_give_no_summary() {
        assert_eq!(PairedChange::from_pairs(&[], ANY_CHANGE), None);
        assert_eq!(
            PairedChange::from_pairs(&[(1.0, 2.0), (f64::NAN, 3.0)], ANY_CHANGE),
            None
        );
    }

    #[test]
    fn when_nobody_changed_there_is_no_wilcoxon_p_and_no_effect_size() {
        let change = PairedChange::from_pairs(&[(3.0, 3.0); 20], ANY_CHANGE).unwrap();
        assert_eq!(change.mean_change, 0.0);
        assert_eq!(change.wilcoxon_p, None);
        assert_eq!(change.effect_size, None);
        assert_eq!((change.ci95_low, change.ci95_high), (Some(0.0), Some(0.0)));
        assert_eq!(change.unchanged, 20);
    }

    #[test]
    fn one_pair_has_a_mean_but_no_spread_or_interval() {
        let change = PairedChange::from_pairs(&[(40.0, 52.0)], ANY_CHANGE).unwrap();
        assert_eq!(change.mean_change, 12.0);
        assert_eq!(change.sd_change, None);
        assert_eq!(change.ci95_low, None);
        assert_eq!(change.effect_size, None);
    }

    #[test]
    fn who5_counts_only_changes_of_at_least_ten_points() {
        let who5 = MeaningfulChange {
            higher_is_better: true,
            min_meaningful: Some(10.0),
        };
        let pairs = [
            (40.0, 52.0),
            (40.0, 48.0),
            (40.0, 40.0),
            (40.0, 28.0),
            (60.0, 52.0),
            (20.0, 30.0),
        ];
        let change = PairedChange::from_pairs(&pairs, who5).unwrap();
        assert_eq!((change.improved, change.unchanged, change.worse), (2, 3, 1));
    }

    #[test]
    fn a_lower_score_counts_as_improvement_when_lower_is_better() {
        let symptoms = MeaningfulChange {
            higher_is_better: false,
            min_meaningful: None,
        };
        let change =
            PairedChange::from_pairs(&[(5.0, 3.0), (2.0, 2.0), (1.0, 4.0), (4.0, 1.0)], symptoms)
                .unwrap();
        assert_eq!((change.improved, change.unchanged, change.worse), (2, 1, 1));
    }

    #[test]
    fn the_share_in_good_health_counts_bra_and_mycket_bra() {
        assert_eq!(share_at_least(&[1_u8, 3, 4, 5, 4, 2], 4), (3, 6));
        assert_eq!(share_at_least::<u8>(&[], 4), (0, 0));
    }

    fn scores() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec((0_u8..=25, 0_u8..=25), 1..70).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(b, a)| (4.0 * f64::from(b), 4.0 * f64::from(a)))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_same_scores_twice_show_no_change(before in prop::collection::vec(0.0_f64..100.0, 1..60)) {
            let pairs: Vec<(f64, f64)> = before.iter().map(|b| (*b, *b)).collect();
            let change = PairedChange::from_pairs(&pairs, ANY_CHANGE).unwrap();
            prop_assert_eq!(change.mean_change, 0.0);
            prop_assert!(change.wilcoxon_p.is_none_or(|p| p == 1.0));
        }

        #[test]
        fn swapping_before_and_after_flips_the_signs_and_keeps_p(pairs in scores()) {
            let swapped: Vec<(f64, f64)> = pairs.iter().map(|(b, a)| (*a, *b)).collect();
            let forward = PairedChange::from_pairs(&pairs, ANY_CHANGE).unwrap();
            let backward = PairedChange::from_pairs(&swapped, ANY_CHANGE).unwrap();
            prop_assert!((forward.mean_change + backward.mean_change).abs() < 1e-9);
            prop_assert_eq!(forward.ci95_low.map(|low| -low), backward.ci95_high);
            prop_assert_eq!(forward.ci95_high.map(|high| -high), backward.ci95_low);
            prop_assert_eq!(forward.wilcoxon_p, backward.wilcoxon_p);
            prop_assert_eq!(forward.improved, backward.worse);
        }

        #[test]
        fn p_is_a_probability_and_the_interval_holds_the_mean(pairs in scores()) {
            let change = PairedChange::from_pairs(&pairs, ANY_CHANGE).unwrap();
            if let Some(p) = change.wilcoxon_p {
                prop_assert!((0.0..=1.0).contains(&p));
            }
            if let (Some(low), Some(high)) = (change.ci95_low, change.ci95_high) {
                prop_assert!(low <= change.mean_change && change.mean_change <= high);
            }
        }
    }
}
