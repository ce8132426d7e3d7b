//! The change report: a programme's questionnaire scores paired from one occasion to another,
//! summarised for the whole group and for subgroups, and made safe for whoever reads it.
//!
//! The arithmetic is in [`crate::statistics`]; this module decides *which* scores are paired and
//! *what* each audience may see. Coordinators see every figure, with a warning on groups
//! smaller than [`MIN_CELL`]. The steering group, funders and evaluators see no group and no
//! count below it: a small group is suppressed whole, and small counts within a shown group are
//! suppressed with secondary suppression so they cannot be recovered by subtraction.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::person::PersonSex;
use crate::questionnaire::{Occasion, OccasionKind};
use crate::statistics::{
    Cell, MIN_CELL, MeaningfulChange, PairedChange, change_is_reportable, suppress,
};

crate::coded_enum! {
    /// Which of a participant's occasions a side of the comparison takes.
    pub enum Selector {
        /// The answer at intake.
        Baseline => "baseline",
        /// The answer at exit.
        Exit => "exit",
        /// The last follow-up answered after exit.
        FollowUp => "follow-up",
        /// The last answer of all, whichever occasion it was.
        Latest => "latest",
    }
}

crate::coded_enum! {
    /// How a report splits its group.
    pub enum Grouping {
        Sex => "sex",
        AgeBand => "age-band",
        Partner => "partner",
        /// The year of the `from` answer: participants who started in the same year.
        Cohort => "cohort",
    }
}

crate::coded_enum! {
    /// Age at the first occasion of the pair, in the bands Swedish labour-market statistics use.
    pub enum AgeBand {
        Under25 => "16-24",
        From25To34 => "25-34",
        From35To44 => "35-44",
        From45To54 => "45-54",
        From55 => "55-",
    }
}

impl AgeBand {
    pub fn of(birth_year: i32, on: Date) -> AgeBand {
        match on.year() - birth_year {
            ..=24 => AgeBand::Under25,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            _ => AgeBand::From55,
        }
    }
}

/// Who reads the report, which decides what is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The coordinator, who knows the participants anyway: everything, with warnings.
    Staff,
    /// The steering group, funders and evaluators: nothing below [`MIN_CELL`].
    Aggregate,
}

/// One scored, completed questionnaire with what grouping needs about its participant.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredAnswer {
    pub episode_id: i64,
    pub occasion: Occasion,
    pub answered_on: Date,
    pub score: f64,
    pub sex: PersonSex,
    pub birth_year: i32,
    /// The organisation that referred the participant, if any.
    pub partner_id: Option<i64>,
}

/// One participant's pair of scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub episode_id: i64,
    pub before: f64,
    pub after: f64,
    pub sex: PersonSex,
    pub age_band: AgeBand,
    pub partner_id: Option<i64>,
    /// The year of the `from` answer.
    pub cohort: i32,
}

/// Pairs each episode's `from` answer with its `to` answer. An episode without both, or whose
/// `to` answer is not later on the path than its `from` answer, is left out.
pub fn pairs(answers: &[ScoredAnswer], from: Selector, to: Selector) -> Vec<Pair> {
    let mut by_episode: BTreeMap<i64, Vec<&ScoredAnswer>> = BTreeMap::new();
    for answer in answers {
        by_episode
            .entry(answer.episode_id)
            .or_default()
            .push(answer);
    }
    by_episode
        .into_values()
        .filter_map(|mut own| {
            own.sort_by(|a, b| {
                a.occasion
                    .order()
                    .cmp(&b.occasion.order())
                    .then(a.answered_on.cmp(&b.answered_on))
            });
            let before = pick(&own, from)?;
            let after = pick(&own, to)?;
            (after.occasion.order() > before.occasion.order()).then(|| Pair {
                episode_id: before.episode_id,
                before: before.score,
                after: after.score,
                sex: before.sex,
                age_band: AgeBand::of(before.birth_year, before.answered_on),
                partner_id: before.partner_id,
                cohort: before.answered_on.year(),
            })
        })
        .collect()
}

/// The answer a selector takes from one episode's answers, sorted along the path.
fn pick<'a>(sorted: &[&'a ScoredAnswer], selector: Selector) -> Option<&'a ScoredAnswer> {
    let of_kind = |kind: OccasionKind| sorted.iter().rev().find(|a| a.occasion.kind == kind);
    match selector {
        Selector::Baseline => of_kind(OccasionKind::Baseline).copied(),
        Selector::Exit => of_kind(OccasionKind::Exit).copied(),
        Selector::FollowUp => of_kind(OccasionKind::FollowUp).copied(),
        Selector::Latest => sorted.last().copied(),
    }
}

/// The share of a group at or above a level, e.g. self-rated health Bra or Mycket bra.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub count: Option<u64>,
    pub total: u64,
    /// `count / total` as a percentage, `None` when suppressed.
    pub percent: Option<f64>,
}

/// The change figures of one group, as its audience may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange {
    /// The group's value (`female`, `25-34`, a partner id), or `None` for everyone.
    pub group: Option<String>,
    /// Whether the whole group is hidden from this audience.
    pub suppressed: bool,
    /// For staff: whether the group is small enough to warrant caution.
    pub small: bool,
    /// The figures; `None` when suppressed.
    pub change: Option<PairedChange>,
    pub improved: Option<u64>,
    pub unchanged: Option<u64>,
    pub worse: Option<u64>,
    /// Whether any of improved/unchanged/worse is hidden.
    pub counts_suppressed: bool,
    pub good_before: Option<Share>,
    pub good_after: Option<Share>,
}

/// What the report needs to know about the instrument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportSpec {
    pub meaningful: MeaningfulChange,
    /// For self-rated health: the lowest code that counts as good health (Bra = 4).
    pub good_from: Option<f64>,
    pub audience: Audience,
}

/// Summarises one group's pairs for an audience.
pub fn summarise(group: Option<String>, pairs: &[Pair], spec: ReportSpec) -> GroupChange {
    let n = pairs.len();
    let hidden = spec.audience == Audience::Aggregate && !change_is_reportable(n, MIN_CELL);
    let values: Vec<(f64, f64)> = pairs.iter().map(|p| (p.before, p.after)).collect();
    let change = if hidden {
        None
    } else {
        PairedChange::from_pairs(&values, spec.meaningful)
    };
    let Some(change) = change else {
        return GroupChange {
            group,
            suppressed: hidden,
            small: n > 0 && !change_is_reportable(n, MIN_CELL),
            change: None,
            improved: None,
            unchanged: None,
            worse: None,
            counts_suppressed: hidden,
            good_before: None,
            good_after: None,
        };
    };
    let counts = [change.improved, change.unchanged, change.worse].map(|c| c as u64);
    let cells = visible(&counts, spec.audience);
    let share = |side: fn(&Pair) -> f64| {
        spec.good_from.map(|level| {
            let good = pairs.iter().filter(|p| side(p) >= level).count() as u64;
            let total = n as u64;
            let cells = visible(&[good, total - good], spec.audience);
            let count = shown(cells[0]);
            Share {
                count,
                total,
                percent: count.map(|c| 100.0 * c as f64 / total as f64),
            }
        })
    };
    GroupChange {
        group,
        suppressed: false,
        small: !change_is_reportable(n, MIN_CELL),
        improved: shown(cells[0]),
        unchanged: shown(cells[1]),
        worse: shown(cells[2]),
        counts_suppressed: cells.contains(&Cell::Suppressed),
        good_before: share(|p| p.before),
        good_after: share(|p| p.after),
        change: Some(change),
    }
}

fn visible(counts: &[u64], audience: Audience) -> Vec<Cell> {
    match audience {
        Audience::Staff => counts.iter().map(|c| Cell::Shown(*c)).collect(),
        Audience::Aggregate => suppress(counts, MIN_CELL),
    }
}

fn shown(cell: Cell) -> Option<u64> {
    match cell {
        Cell::Shown(count) => Some(count),
        Cell::Suppressed => None,
    }
}

/// The change for every value of a grouping, in a stable order. For the aggregate audience the
/// groups' sizes go through [`suppress`] together, so that a hidden small group cannot be
/// recovered by subtracting the shown groups from the total.
pub fn by_group(pairs: &[Pair], grouping: Grouping, spec: ReportSpec) -> Vec<GroupChange> {
    let mut groups: BTreeMap<String, Vec<Pair>> = BTreeMap::new();
    for pair in pairs {
        let key = match grouping {
            Grouping::Sex => pair.sex.code().to_string(),
            Grouping::AgeBand => pair.age_band.code().to_string(),
            Grouping::Partner => pair
                .partner_id
                .map_or_else(|| "none".to_string(), |id| id.to_string()),
            Grouping::Cohort => pair.cohort.to_string(),
        };
        groups.entry(key).or_default().push(pair.clone());
    }
    let sizes: Vec<u64> = groups.values().map(|g| g.len() as u64).collect();
    let cells = visible(&sizes, spec.audience);
    groups
        .into_iter()
        .zip(cells)
        .map(|((key, members), cell)| {
            if cell == Cell::Suppressed {
                GroupChange {
                    group: Some(key),
                    suppressed: true,
                    small: true,
                    change: None,
                    improved: None,
                    unchanged: None,
                    worse: None,
                    counts_suppressed: true,
                    good_before: None,
                    good_after: None,
                }
            } else {
                summarise(Some(key), &members, spec)
            }
        })
        .collect()
}

/// How many scores fall in each band of the instrument's range, before and after: the data of
/// the distribution chart and its table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// Each band as `(low, high)`, inclusive of low, exclusive of high except the last.
    pub bands: Vec<(f64, f64)>,
    pub before: Vec<Option<u64>>,
    pub after: Vec<Option<u64>>,
}

/// The most bands a distribution has; an instrument with few possible scores (self-rated
/// health, 1–5) gets one band per score instead.
pub const DISTRIBUTION_BANDS: usize = 5;

/// Counts the pairs' scores into bands of the range `(min, max)`.
pub fn distribution(pairs: &[Pair], range: (f64, f64), audience: Audience) -> Distribution {
    let (min, max) = range;
    let whole_steps = (max - min).round();
    let bands: Vec<(f64, f64)> = if whole_steps >= 1.0
        && whole_steps < DISTRIBUTION_BANDS as f64
        && (max - min).fract() == 0.0
    {
        (0..=whole_steps as i64)
            .map(|i| (min + i as f64, min + i as f64 + 1.0))
            .collect()
    } else {
        let width = (max - min) / DISTRIBUTION_BANDS as f64;
        (0..DISTRIBUTION_BANDS)
            .map(|i| (min + width * i as f64, min + width * (i + 1) as f64))
            .collect()
    };
    let count = |side: fn(&Pair) -> f64| {
        let mut counts = vec![0u64; bands.len()];
        for pair in pairs {
            let value = side(pair);
            let index = bands
                .iter()
                .position(|(low, high)| value >= *low && value < *high)
                .unwrap_or(bands.len() - 1);
            if let Some(slot) = counts.get_mut(index) {
                *slot += 1;
            }
        }
        visible(&counts, audience).into_iter().map(shown).collect()
    };
    Distribution {
        before: count(|p| p.before),
        after: count(|p| p.after),
        bands,
    }
}

/// The mean score at one occasion, for the trend chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub occasion: String,
    /// `None`, like the mean, when suppressed for the audience.
    pub n: Option<u64>,
    pub mean: Option<f64>,
}

/// The mean score at every occasion anyone answered, in path order. Each occasion is a
/// separate group: for the aggregate audience an occasion with fewer than [`MIN_CELL`] answers
/// shows neither its count nor its mean.
pub fn trend(answers: &[ScoredAnswer], audience: Audience) -> Vec<TrendPoint> {
    let mut by_occasion: BTreeMap<(u8, u32), (Occasion, Vec<f64>)> = BTreeMap::new();
    for answer in answers {
        by_occasion
            .entry(answer.occasion.order())
            .or_insert_with(|| (answer.occasion, Vec::new()))
            .1
            .push(answer.score);
    }
    by_occasion
        .into_values()
        .map(|(occasion, scores)| {
            let n = scores.len() as u64;
            let hidden = audience == Audience::Aggregate && n < MIN_CELL;
            TrendPoint {
                occasion: occasion.code(),
                n: (!hidden).then_some(n),
                mean: (!hidden).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn answer(episode: i64, occasion: Occasion, score: f64) -> ScoredAnswer {
        ScoredAnswer {
            episode_id: episode,
            occasion,
            answered_on: date!(2026 - 01 - 01),
            score,
            sex: if episode % 2 == 0 {
                PersonSex::Female
            } else {
                PersonSex::Male
            },
            birth_year: 1990,
            partner_id: Some(1 + episode % 3),
        }
    }

    fn spec(audience: Audience) -> ReportSpec {
        ReportSpec {
            meaningful: MeaningfulChange {
                higher_is_better: true,
                min_meaningful: Some(10.0),
            },
            good_from: None,
            audience,
        }
    }

    fn pair(before: f64, after: f64) -> Pair {
        Pair {
            episode_id: 0,
            before,
            after,
            sex: PersonSex::Female,
            age_band: AgeBand::From25To34,
            partner_id: None,
            cohort: 2026,
        }
    }

    #[test]
    fn baseline_is_paired_with_exit_and_unpaired_episodes_are_left_out() {
        let answers = [
            answer(1, Occasion::BASELINE, 40.0),
            answer(1, Occasion::ongoing(3), 50.0),
            answer(1, Occasion::EXIT, 60.0),
            answer(2, Occasion::BASELINE, 30.0),
            answer(3, Occasion::EXIT, 70.0),
        ];
        let found = pairs(&answers, Selector::Baseline, Selector::Exit);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].before, found[0].after), (40.0, 60.0));
        let latest = pairs(&answers, Selector::Baseline, Selector::Latest);
        assert_eq!(latest.len(), 1, "episode 2 has only a baseline");
        assert_eq!(latest[0].after, 60.0);
    }

    #[test]
    fn the_latest_follow_up_is_taken_and_a_pair_must_move_forward_along_the_path() {
        let answers = [
            answer(1, Occasion::BASELINE, 40.0),
            answer(1, Occasion::follow_up(6), 50.0),
            answer(1, Occasion::follow_up(12), 55.0),
        ];
        let found = pairs(&answers, Selector::Baseline, Selector::FollowUp);
        assert_eq!(found[0].after, 55.0);
        assert!(pairs(&answers, Selector::FollowUp, Selector::Baseline).is_empty());
        assert!(
            pairs(&answers, Selector::Baseline, Selector::Baseline).is_empty(),
            "an occasion is not paired with itself"
        );
    }

    #[test]
    fn age_bands_follow_the_age_in_the_year_of_the_first_answer() {
        assert_eq!(AgeBand::of(2002, date!(2026 - 06 - 01)), AgeBand::Under25);
        assert_eq!(
            AgeBand::of(2001, date!(2026 - 06 - 01)),
            AgeBand::From25To34
        );
        assert_eq!(AgeBand::of(1970, date!(2026 - 06 - 01)), AgeBand::From55);
    }

    #[test]
    fn staff_see_a_small_group_with_a_warning() {
        let small = [pair(40.0, 60.0), pair(50.0, 50.0), pair(60.0, 40.0)];
        let staff = summarise(None, &small, spec(Audience::Staff));
        assert!(!staff.suppressed);
        assert!(staff.small);
        assert_eq!(staff.change.unwrap().n, 3);
        assert_eq!(
            (staff.improved, staff.unchanged, staff.worse),
            (Some(1), Some(1), Some(1))
        );
    }

    #[test]
    fn aggregate_roles_never_see_a_group_of_fewer_than_five() {
        let small = [
            pair(40.0, 60.0),
            pair(50.0, 50.0),
            pair(60.0, 40.0),
            pair(1.0, 2.0),
        ];
        let aggregate = summarise(None, &small, spec(Audience::Aggregate));
        assert!(aggregate.suppressed);
        assert!(aggregate.change.is_none());
        assert_eq!(aggregate.improved, None);
    }

    #[test]
    fn a_small_count_in_a_shown_group_is_hidden_with_a_second_so_it_cannot_be_subtracted() {
        let mut group: Vec<Pair> = (0..6).map(|_| pair(40.0, 60.0)).collect();
        group.extend((0..5).map(|_| pair(50.0, 50.0)));
        group.push(pair(60.0, 40.0));
        let aggregate = summarise(None, &group, spec(Audience::Aggregate));
        assert_eq!(aggregate.change.unwrap().n, 12);
        assert_eq!(
            aggregate.worse, None,
            "one person got worse: too few to show"
        );
        assert_eq!(
            aggregate.unchanged, None,
            "5 is hidden too, or 12 − 6 − 5 would reveal the 1"
        );
        assert_eq!(aggregate.improved, Some(6));
        assert!(aggregate.counts_suppressed);
    }

    #[test]
    fn the_share_in_good_health_is_counted_before_and_after() {
        let group: Vec<Pair> = [(2.0, 4.0), (3.0, 4.0), (4.0, 5.0), (2.0, 2.0), (3.0, 3.0)]
            .into_iter()
            .map(|(b, a)| pair(b, a))
            .collect();
        let srh = ReportSpec {
            good_from: Some(4.0),
            meaningful: MeaningfulChange {
                higher_is_better: true,
                min_meaningful: None,
            },
            audience: Audience::Staff,
        };
        let report = summarise(None, &group, srh);
        assert_eq!(report.good_before.unwrap().count, Some(1));
        assert_eq!(report.good_after.unwrap().count, Some(3));
        assert_eq!(report.good_after.unwrap().percent, Some(60.0));
    }

    #[test]
    fn groups_too_small_for_aggregate_roles_are_hidden_with_a_second_group() {
        let mut all: Vec<Pair> = Vec::new();
        for (sex, count) in [
            (PersonSex::Female, 7),
            (PersonSex::Male, 6),
            (PersonSex::Unknown, 2),
        ] {
            for _ in 0..count {
                let mut p = pair(40.0, 50.0);
                p.sex = sex;
                all.push(p);
            }
        }
        let groups = by_group(&all, Grouping::Sex, spec(Audience::Aggregate));
        let hidden: Vec<&str> = groups
            .iter()
            .filter(|g| g.suppressed)
            .filter_map(|g| g.group.as_deref())
            .collect();
        assert_eq!(hidden, ["male", "unknown"]);
        let staff = by_group(&all, Grouping::Sex, spec(Audience::Staff));
        assert!(staff.iter().all(|g| !g.suppressed));
    }

    #[test]
    fn self_rated_health_is_distributed_one_band_per_answer() {
        let group = [pair(1.0, 4.0), pair(5.0, 5.0)];
        let d = distribution(&group, (1.0, 5.0), Audience::Staff);
        assert_eq!(d.bands.len(), 5);
        assert_eq!(d.before, [Some(1), Some(0), Some(0), Some(0), Some(1)]);
        assert_eq!(d.after, [Some(0), Some(0), Some(0), Some(1), Some(1)]);
    }

    #[test]
    fn a_hundred_point_scale_is_distributed_in_five_bands_with_the_top_included() {
        let group = [pair(0.0, 100.0), pair(39.9, 40.0)];
        let d = distribution(&group, (0.0, 100.0), Audience::Staff);
        assert_eq!(d.bands[0], (0.0, 20.0));
        assert_eq!(d.before, [Some(1), Some(1), Some(0), Some(0), Some(0)]);
        assert_eq!(d.after, [Some(0), Some(0), Some(1), Some(0), Some(1)]);
    }

    #[test]
    fn the_trend_hides_thin_occasions_from_aggregate_roles() {
        let mut answers: Vec<ScoredAnswer> = (0..6)
            .map(|e| answer(e, Occasion::BASELINE, 40.0 + e as f64))
            .collect();
        answers.push(answer(1, Occasion::EXIT, 80.0));
        let staff = trend(&answers, Audience::Staff);
        assert_eq!(staff[0].mean, Some(42.5));
        assert_eq!(staff[1].n, Some(1));
        let aggregate = trend(&answers, Audience::Aggregate);
        assert_eq!(aggregate[0].n, Some(6));
        assert_eq!(aggregate[1].mean, None);
        assert_eq!(aggregate[1].n, None);
    }

    proptest! {
        #[test]
        fn no_shown_figure_for_aggregate_roles_rests_on_fewer_than_five(
            scores in proptest::collection::vec((0u8..=25, 0u8..=25, 0u8..3), 0..40)
        ) {
            let group: Vec<Pair> = scores.iter().map(|(b, a, s)| {
                let mut p = pair(f64::from(*b) * 4.0, f64::from(*a) * 4.0);
                p.sex = PersonSex::ALL[usize::from(*s)];
                p
            }).collect();
            let whole = summarise(None, &group, spec(Audience::Aggregate));
            prop_assert_eq!(whole.suppressed, group.len() < 5);
            for g in std::iter::once(&whole).chain(by_group(&group, Grouping::Sex, spec(Audience::Aggregate)).iter()) {
                if let Some(change) = &g.change {
                    prop_assert!(change.n >= 5);
                }
                for count in [g.improved, g.unchanged, g.worse].into_iter().flatten() {
                    prop_assert!(count == 0 || count >= 5);
                }
                let hidden = [g.improved, g.unchanged, g.worse].iter().filter(|c| c.is_none()).count();
                prop_assert!(g.suppressed || hidden != 1, "one hidden count could be subtracted");
            }
            let d = distribution(&group, (0.0, 100.0), Audience::Aggregate);
            for count in d.before.iter().chain(d.after.iter()).flatten() {
                prop_assert!(*count == 0 || *count >= 5);
            }
        }
    }
}
