//! The change report: a programme's questionnaire scores paired from one occasion to another,
//! summarised for the whole group and for subgroups, and made safe for whoever reads it.
//!
//! The arithmetic is in [`crate::statistics`]; this module decides *which* scores are paired and
//! lays every figure of the report out as one [`crate::disclosure::Report`]: the whole group,
//! the subgroups, the distribution and the trend, with every sum that links them, so that what
//! the steering group, funders and evaluators see is protected across all of them at once.
//! Coordinators see every figure, with a warning on groups of fewer than
//! [`crate::disclosure::THRESHOLD`].

pub mod plain;

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::disclosure::{Cell, CellId, Protected, Report, Split, StatKind};
use crate::person::PersonSex;
use crate::questionnaire::{Occasion, OccasionKind};
use crate::statistics::{MeaningfulChange, PairedChange};

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

/// Who reads the report; the report's figures go through [`crate::disclosure`] for it.
pub use crate::disclosure::Audience;

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
    /// `None` when suppressed.
    pub count: Option<u64>,
    pub total: u64,
    /// `count / total` as a percentage, `None` when suppressed.
    pub percent: Option<f64>,
}

/// The figures of a paired change as its audience may see them: those of [`PairedChange`] but
/// the counts improved / unchanged / worse, which are cells of their own in [`GroupChange`],
/// rounded for aggregate audiences (`docs/methods.md`, "Disclosure control").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub n: usize,
    pub mean_change: f64,
    pub median_change: f64,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub effect_size: Option<f64>,
    pub wilcoxon_p: Option<f64>,
}

/// The change figures of one group, as its audience may see them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange {
    /// The group's value (`female`, `25-34`, a partner id), or `None` for everyone.
    pub group: Option<String>,
    /// Whether the whole group is hidden from this audience.
    pub suppressed: bool,
    /// Whether the group holds 1–4 pairs: a warning for the coordinator.
    pub small: bool,
    /// The figures; `None` when suppressed or without pairs.
    pub change: Option<Figures>,
    pub improved: Option<u64>,
    pub unchanged: Option<u64>,
    pub worse: Option<u64>,
    /// Whether any of improved/unchanged/worse is hidden.
    pub counts_suppressed: bool,
    pub good_before: Option<Share>,
    pub good_after: Option<Share>,
}

/// What the report needs to know about the instrument, and who reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportSpec {
    pub meaningful: MeaningfulChange,
    /// For self-rated health: the lowest code that counts as good health (Bra = 4).
    pub good_from: Option<f64>,
    pub audience: Audience,
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

/// The mean score at one occasion, for the trend chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub occasion: String,
    /// `None`, like the mean, when suppressed for the audience.
    pub n: Option<u64>,
    pub mean: Option<f64>,
}

/// Every figure of a change report, as its audience may see them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeFigures {
    pub total: GroupChange,
    /// One per value of the grouping, in a stable order; empty without a grouping.
    pub groups: Vec<GroupChange>,
    pub distribution: Distribution,
    pub trend: Vec<TrendPoint>,
}

/// What the report compares and how it splits the group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub from: Selector,
    pub to: Selector,
    pub grouping: Option<Grouping>,
    /// The instrument's range of scores, for the distribution's bands.
    pub range: (f64, f64),
}

/// The change report: the pairs of `answers` summarised for everyone and per group, their
/// distribution before and after, and the mean at every occasion, protected together for the
/// audience. `pairs` are `pairs(answers, layout.from, layout.to)`.
///
/// The report's tables, in order of importance: the whole group (its pairs with their figures,
/// improved / unchanged / worse, in good health before and after); the groups (each with its
/// figures and outcomes); the distribution (bands before, bands after); the trend (answers per
/// occasion). The sums: everyone = Σ groups = Σ bands before = Σ bands after = Σ outcomes; each
/// group = Σ its outcomes; each outcome of everyone = Σ that outcome over the groups; and the
/// answers at intake (or exit) = the pairs + those answering then without a pair, who are never
/// shown but would follow by subtraction.
#[must_use]
pub fn report(
    answers: &[ScoredAnswer],
    pairs: &[Pair],
    layout: Layout,
    spec: ReportSpec,
) -> ChangeFigures {
    let mut report = Report::new();
    let headline = report.table("total");
    let total = add_group(&mut report, headline, pairs, spec.meaningful);
    let n = pairs.len() as u64;
    let mut share = |side: fn(&Pair) -> f64| {
        spec.good_from.map(|level| {
            let good = pairs.iter().filter(|p| side(p) >= level).count() as u64;
            let percent = (n > 0).then(|| 100.0 * good as f64 / n as f64);
            let good_cell = report.cell(
                headline,
                Cell::count(good).with("percent", StatKind::Percent, percent),
            );
            let rest = report.cell(headline, Cell::count(n - good));
            report.sum(total.cell, &[good_cell, rest], Split::Outcomes);
            good_cell
        })
    };
    let good_before = share(|p| p.before);
    let good_after = share(|p| p.after);

    let by_group = report.table("groups");
    let mut members: BTreeMap<String, Vec<Pair>> = BTreeMap::new();
    if let Some(grouping) = layout.grouping {
        for pair in pairs {
            members
                .entry(group_key(pair, grouping))
                .or_default()
                .push(pair.clone());
        }
    }
    let groups: Vec<(String, GroupCells)> = members
        .into_iter()
        .map(|(key, own)| {
            let cells = add_group(&mut report, by_group, &own, spec.meaningful);
            (key, cells)
        })
        .collect();
    if !groups.is_empty() {
        let cells: Vec<CellId> = groups.iter().map(|(_, g)| g.cell).collect();
        report.sum(total.cell, &cells, Split::Groups);
        for (o, outcome) in total.outcomes.iter().enumerate() {
            let column: Vec<CellId> = groups.iter().map(|(_, g)| g.outcomes[o]).collect();
            report.sum(*outcome, &column, Split::Groups);
        }
    }

    let bands = bands(layout.range);
    let distribution = report.table("distribution");
    let mut band_cells = |side: fn(&Pair) -> f64| {
        let mut counts = vec![0u64; bands.len()];
        for pair in pairs {
            if let Some(slot) = counts.get_mut(band_of(&bands, side(pair))) {
                *slot += 1;
            }
        }
        let cells: Vec<CellId> = counts
            .into_iter()
            .map(|c| report.cell(distribution, Cell::count(c)))
            .collect();
        report.sum(total.cell, &cells, Split::Outcomes);
        cells
    };
    let before_cells = band_cells(|p| p.before);
    let after_cells = band_cells(|p| p.after);

    let trend_table = report.table("trend");
    let mut by_occasion: BTreeMap<(u8, u32), (Occasion, Vec<f64>)> = BTreeMap::new();
    for answer in answers {
        by_occasion
            .entry(answer.occasion.order())
            .or_insert_with(|| (answer.occasion, Vec::new()))
            .1
            .push(answer.score);
    }
    let trend_cells: Vec<(Occasion, CellId)> = by_occasion
        .into_values()
        .map(|(occasion, scores)| {
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            let cell = Cell::count(scores.len() as u64).with("mean", StatKind::Mean, Some(mean));
            (occasion, report.cell(trend_table, cell))
        })
        .collect();
    for side in [layout.from, layout.to] {
        let occasion = match side {
            Selector::Baseline => Occasion::BASELINE,
            Selector::Exit => Occasion::EXIT,
            Selector::FollowUp | Selector::Latest => continue,
        };
        if let Some((_, answered)) = trend_cells.iter().find(|(o, _)| *o == occasion) {
            let without_pair = report.get(*answered).count.saturating_sub(n);
            let without_pair = report.cell(trend_table, Cell::unpublished(without_pair));
            report.sum(*answered, &[total.cell, without_pair], Split::Groups);
        }
    }

    let shown = report.protect(spec.audience);
    let mut whole = group_change(None, &total, &shown);
    if !whole.suppressed {
        let share = |cell: Option<CellId>| {
            cell.map(|c| Share {
                count: shown.count(c),
                total: n,
                percent: shown.stat(c, "percent"),
            })
        };
        whole.good_before = share(good_before);
        whole.good_after = share(good_after);
    }
    let counts = |cells: &[CellId]| cells.iter().map(|c| shown.count(*c)).collect();
    ChangeFigures {
        total: whole,
        groups: groups
            .iter()
            .map(|(key, cells)| group_change(Some(key.clone()), cells, &shown))
            .collect(),
        distribution: Distribution {
            bands,
            before: counts(&before_cells),
            after: counts(&after_cells),
        },
        trend: trend_cells
            .iter()
            .map(|(occasion, cell)| TrendPoint {
                occasion: occasion.code(),
                n: shown.count(*cell),
                mean: shown.stat(*cell, "mean"),
            })
            .collect(),
    }
}

fn group_key(pair: &Pair, grouping: Grouping) -> String {
    match grouping {
        Grouping::Sex => pair.sex.code().to_string(),
        Grouping::AgeBand => pair.age_band.code().to_string(),
        Grouping::Partner => pair
            .partner_id
            .map_or_else(|| "none".to_string(), |id| id.to_string()),
        Grouping::Cohort => pair.cohort.to_string(),
    }
}

/// A group's cell in the report, and its improved / unchanged / worse.
struct GroupCells {
    cell: CellId,
    outcomes: [CellId; 3],
}

fn add_group(
    report: &mut Report,
    table: crate::disclosure::TableId,
    pairs: &[Pair],
    meaningful: MeaningfulChange,
) -> GroupCells {
    let values: Vec<(f64, f64)> = pairs.iter().map(|p| (p.before, p.after)).collect();
    let change = PairedChange::from_pairs(&values, meaningful);
    let c = change.as_ref();
    let cell = Cell::count(pairs.len() as u64)
        .with("mean_change", StatKind::Mean, c.map(|c| c.mean_change))
        .with("median_change", StatKind::Mean, c.map(|c| c.median_change))
        .with("ci95_low", StatKind::Mean, c.and_then(|c| c.ci95_low))
        .with("ci95_high", StatKind::Mean, c.and_then(|c| c.ci95_high))
        .with(
            "effect_size",
            StatKind::Ratio,
            c.and_then(|c| c.effect_size),
        )
        .with("wilcoxon_p", StatKind::PValue, c.and_then(|c| c.wilcoxon_p));
    let cell = report.cell(table, cell);
    let counts = c.map_or([0; 3], |c| [c.improved, c.unchanged, c.worse]);
    let outcomes = counts.map(|count| report.cell(table, Cell::count(count as u64)));
    report.sum(cell, &outcomes, Split::Outcomes);
    GroupCells { cell, outcomes }
}

/// What the audience sees of one group. A hidden group shows none of its outcomes either.
fn group_change(group: Option<String>, cells: &GroupCells, shown: &Protected) -> GroupChange {
    let suppressed = shown.hidden(cells.cell);
    let figures = || {
        let n = shown.count(cells.cell).filter(|n| *n > 0)?;
        let stat = |key| shown.stat(cells.cell, key);
        Some(Figures {
            n: usize::try_from(n).ok()?,
            mean_change: stat("mean_change")?,
            median_change: stat("median_change")?,
            ci95_low: stat("ci95_low"),
            ci95_high: stat("ci95_high"),
            effect_size: stat("effect_size"),
            wilcoxon_p: stat("wilcoxon_p"),
        })
    };
    let outcome = |i: usize| {
        if suppressed {
            None
        } else {
            shown.count(cells.outcomes[i])
        }
    };
    GroupChange {
        group,
        suppressed,
        small: shown.small(cells.cell),
        change: figures(),
        improved: outcome(0),
        unchanged: outcome(1),
        worse: outcome(2),
        counts_suppressed: suppressed || cells.outcomes.iter().any(|c| shown.hidden(*c)),
        good_before: None,
        good_after: None,
    }
}

/// The bands of the range `(min, max)`: one per score for a range of fewer than
/// [`DISTRIBUTION_BANDS`] whole steps, else that many of equal width.
fn bands(range: (f64, f64)) -> Vec<(f64, f64)> {
    let (min, max) = range;
    let whole_steps = (max - min).round();
    if whole_steps >= 1.0 && whole_steps < DISTRIBUTION_BANDS as f64 && (max - min).fract() == 0.0 {
        (0..=whole_steps as i64)
            .map(|i| (min + i as f64, min + i as f64 + 1.0))
            .collect()
    } else {
        let width = (max - min) / DISTRIBUTION_BANDS as f64;
        (0..DISTRIBUTION_BANDS)
            .map(|i| (min + width * i as f64, min + width * (i + 1) as f64))
            .collect()
    }
}

/// The band a score falls in; the top of the range in the last band.
fn band_of(bands: &[(f64, f64)], value: f64) -> usize {
    bands
        .iter()
        .position(|(low, high)| value >= *low && value < *high)
        .unwrap_or(bands.len().saturating_sub(1))
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

    const SCALE: (f64, f64) = (0.0, 100.0);

    /// The report of `pairs` alone (no answers outside them), from baseline to exit.
    fn figures(pairs: &[Pair], grouping: Option<Grouping>, spec: ReportSpec) -> ChangeFigures {
        report(&[], pairs, layout(grouping, SCALE), spec)
    }

    fn layout(grouping: Option<Grouping>, range: (f64, f64)) -> Layout {
        Layout {
            from: Selector::Baseline,
            to: Selector::Exit,
            grouping,
            range,
        }
    }

    #[test]
    fn staff_see_a_small_group_with_a_warning() {
        let small = [pair(40.0, 60.0), pair(50.0, 50.0), pair(60.0, 40.0)];
        let staff = figures(&small, None, spec(Audience::Coordinator)).total;
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
        let aggregate = figures(&small, None, spec(Audience::Steering));
        assert!(aggregate.total.suppressed);
        assert!(aggregate.total.change.is_none());
        assert_eq!(aggregate.total.improved, None);
        assert!(
            aggregate.distribution.before.iter().all(Option::is_none),
            "not even which bands are empty is told about four people"
        );
    }

    #[test]
    fn a_small_count_in_a_shown_group_is_hidden_with_a_second_so_it_cannot_be_subtracted() {
        let mut group: Vec<Pair> = (0..6).map(|_| pair(40.0, 60.0)).collect();
        group.extend((0..5).map(|_| pair(50.0, 50.0)));
        group.push(pair(60.0, 40.0));
        let aggregate = figures(&group, None, spec(Audience::Steering)).total;
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
    fn aggregate_roles_see_statistics_rounded_and_the_coordinator_exactly() {
        let group: Vec<Pair> = [
            (40.0, 48.0),
            (44.0, 48.0),
            (40.0, 52.0),
            (36.0, 40.0),
            (60.0, 56.0),
        ]
        .into_iter()
        .map(|(b, a)| pair(b, a))
        .collect();
        let exact = figures(&group, None, spec(Audience::Coordinator))
            .total
            .change
            .unwrap();
        let rounded = figures(&group, None, spec(Audience::Evaluator))
            .total
            .change
            .unwrap();
        assert_eq!(exact.mean_change, 4.8);
        assert_eq!(rounded.mean_change, 4.8);
        let low = exact.ci95_low.unwrap();
        assert_ne!(low, (low * 10.0).round() / 10.0);
        assert_eq!(rounded.ci95_low, Some((low * 10.0).round() / 10.0));
        assert_eq!(
            rounded.effect_size,
            Some((exact.effect_size.unwrap() * 100.0).round() / 100.0)
        );
    }

    #[test]
    fn the_share_in_good_health_is_counted_before_and_after() {
        let group: Vec<Pair> = [(2.0, 4.0), (3.0, 4.0), (4.0, 5.0), (2.0, 2.0), (3.0, 3.0)]
            .into_iter()
            .map(|(b, a)| pair(b, a))
            .collect();
        let srh = |audience| ReportSpec {
            good_from: Some(4.0),
            meaningful: MeaningfulChange {
                higher_is_better: true,
                min_meaningful: None,
            },
            audience,
        };
        let staff = report(
            &[],
            &group,
            layout(None, (1.0, 5.0)),
            srh(Audience::Coordinator),
        )
        .total;
        assert_eq!(staff.good_before.unwrap().count, Some(1));
        assert_eq!(staff.good_after.unwrap().count, Some(3));
        assert_eq!(staff.good_after.unwrap().percent, Some(60.0));
        let steering = report(
            &[],
            &group,
            layout(None, (1.0, 5.0)),
            srh(Audience::Steering),
        )
        .total;
        assert_eq!(steering.change.unwrap().n, 5);
        assert_eq!(
            steering.good_after.unwrap().count,
            None,
            "3 in good health is too few"
        );
        assert_eq!(
            steering.good_after.unwrap().percent,
            None,
            "and so is its share"
        );
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
        let groups = figures(&all, Some(Grouping::Sex), spec(Audience::Steering)).groups;
        let hidden: Vec<&str> = groups
            .iter()
            .filter(|g| g.suppressed)
            .filter_map(|g| g.group.as_deref())
            .collect();
        assert_eq!(hidden, ["male", "unknown"]);
        let staff = figures(&all, Some(Grouping::Sex), spec(Audience::Coordinator)).groups;
        assert!(staff.iter().all(|g| !g.suppressed));
    }

    #[test]
    fn the_two_small_cohorts_of_the_reported_leak_cannot_be_subtracted_from_the_total() {
        let mut all: Vec<Pair> = Vec::new();
        for (cohort, count) in [(2024, 8), (2025, 2), (2026, 1)] {
            for i in 0..count {
                let mut p = pair(40.0, 44.0 + f64::from(i) * 4.0);
                p.cohort = cohort;
                all.push(p);
            }
        }
        let steering = figures(&all, Some(Grouping::Cohort), spec(Audience::Steering));
        assert_eq!(steering.total.change.unwrap().n, 11);
        assert!(
            steering
                .groups
                .iter()
                .all(|g| g.suppressed && g.change.is_none()),
            "showing the 8 would give the other 3 and their mean by subtraction"
        );
    }

    #[test]
    fn self_rated_health_is_distributed_one_band_per_answer() {
        let group = [pair(1.0, 4.0), pair(5.0, 5.0)];
        let d = report(
            &[],
            &group,
            layout(None, (1.0, 5.0)),
            spec(Audience::Coordinator),
        )
        .distribution;
        assert_eq!(d.bands.len(), 5);
        assert_eq!(d.before, [Some(1), Some(0), Some(0), Some(0), Some(1)]);
        assert_eq!(d.after, [Some(0), Some(0), Some(0), Some(1), Some(1)]);
    }

    #[test]
    fn a_hundred_point_scale_is_distributed_in_five_bands_with_the_top_included() {
        let group = [pair(0.0, 100.0), pair(39.9, 40.0)];
        let d = figures(&group, None, spec(Audience::Coordinator)).distribution;
        assert_eq!(d.bands[0], (0.0, 20.0));
        assert_eq!(d.before, [Some(1), Some(1), Some(0), Some(0), Some(0)]);
        assert_eq!(d.after, [Some(0), Some(0), Some(1), Some(0), Some(1)]);
    }

    #[test]
    fn the_trend_hides_thin_occasions_and_the_difference_to_the_pairs() {
        let mut answers: Vec<ScoredAnswer> = (0..6)
            .map(|e| answer(e, Occasion::BASELINE, 40.0 + e as f64))
            .collect();
        answers.push(answer(1, Occasion::EXIT, 80.0));
        let found = pairs(&answers, Selector::Baseline, Selector::Exit);
        let staff = report(
            &answers,
            &found,
            layout(None, SCALE),
            spec(Audience::Coordinator),
        )
        .trend;
        assert_eq!(staff[0].mean, Some(42.5));
        assert_eq!(staff[1].n, Some(1));
        let aggregate = report(
            &answers,
            &found,
            layout(None, SCALE),
            spec(Audience::Steering),
        )
        .trend;
        assert_eq!(aggregate[1].mean, None);
        assert_eq!(aggregate[1].n, None);
        assert_eq!(
            aggregate[0].n,
            Some(6),
            "6 at intake beside a hidden pair tells no more than that the pairs are 1 to 5"
        );
        let mut answers: Vec<ScoredAnswer> = (0..7)
            .map(|e| answer(e, Occasion::BASELINE, 40.0 + e as f64))
            .collect();
        answers.extend((0..6).map(|e| answer(e, Occasion::EXIT, 60.0)));
        let found = pairs(&answers, Selector::Baseline, Selector::Exit);
        assert_eq!(found.len(), 6);
        let aggregate = report(
            &answers,
            &found,
            layout(None, SCALE),
            spec(Audience::Steering),
        );
        assert_eq!(aggregate.total.change.unwrap().n, 6);
        assert_eq!(
            aggregate.trend[0].n, None,
            "7 answers at intake beside 6 pairs would single out the one without a pair"
        );
        assert_eq!(aggregate.trend[1].n, Some(6));
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
            let all = figures(&group, Some(Grouping::Sex), spec(Audience::Steering));
            if (1..5).contains(&group.len()) {
                prop_assert!(all.total.suppressed);
            }
            for g in std::iter::once(&all.total).chain(all.groups.iter()) {
                if let Some(change) = &g.change {
                    prop_assert!(change.n >= 5);
                }
                for count in [g.improved, g.unchanged, g.worse].into_iter().flatten() {
                    prop_assert!(count == 0 || count >= 5);
                }
                let hidden = [g.improved, g.unchanged, g.worse].iter().filter(|c| c.is_none()).count();
                prop_assert!(g.suppressed || hidden != 1, "one hidden count could be subtracted");
            }
            let d = &all.distribution;
            for count in d.before.iter().chain(d.after.iter()).flatten() {
                prop_assert!(*count == 0 || *count >= 5);
            }
        }
    }
}
