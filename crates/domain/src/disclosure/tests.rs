use super::*;
use proptest::prelude::*;

/// What an attacker finds: hidden cells whose value is pinned, sums whose hidden parts together
/// are known to hold 1 to [`THRESHOLD`] − 1 people, and outcomes everyone in a group is known to share.
#[derive(Debug, Default, PartialEq)]
struct Found {
    cells: Vec<CellId>,
    unions: Vec<usize>,
    /// Outcome splits where everyone is known to share one outcome.
    attributes: Vec<usize>,
}

/// An attacker independent of the engine's interval propagation: it knows every published cell,
/// every sum and the rules (a hidden non-empty cell holds at least one person, zeros are shown
/// except in an outcome split hidden whole), and finds each hidden cell's feasible range by
/// linear programming: the least and the greatest value the cell takes over all non-negative
/// solutions of the sums, rounded inwards to whole people.
///
/// `people` is how many people the report is about; no cell is taken to hold more than
/// [`THRESHOLD`] above it, so that a range reaching that far stands for "no upper bound".
fn attack(report: &Report, shown: &Protected, people: u64) -> Found {
    let bound = people + THRESHOLD;
    let hidden: Vec<CellId> = report.ids().filter(|id| shown.hidden(*id)).collect();
    let lowest = |id: CellId| {
        u64::from(report.get(id).count > 0 && shown.cell(id).status != Status::Attribute)
    };
    let position = |id: CellId| hidden.iter().position(|h| *h == id);
    // Unknowns: y_k = x_k − lowest_k ≥ 0 for each hidden cell, then a slack per upper bound.
    let h = hidden.len();
    let mut rows: Vec<(Vec<f64>, f64)> = Vec::new();
    for sum in report.sums() {
        let mut row = vec![0.0; 2 * h];
        let mut rhs = 0.0;
        let terms = std::iter::once((sum.total, 1.0)).chain(sum.parts.iter().map(|p| (*p, -1.0)));
        for (id, sign) in terms {
            match position(id) {
                Some(k) => {
                    row[k] += sign;
                    rhs -= sign * lowest(id) as f64;
                }
                None => rhs -= sign * report.get(id).count as f64,
            }
        }
        if row.iter().any(|v| *v != 0.0) {
            rows.push((row, rhs));
        }
    }
    for (k, id) in hidden.iter().enumerate() {
        let mut row = vec![0.0; 2 * h];
        row[k] = 1.0;
        row[h + k] = 1.0;
        rows.push((row, (bound - lowest(*id)) as f64));
    }
    let range = |k: usize| {
        let mut objective = vec![0.0; 2 * h];
        objective[k] = 1.0;
        let low = minimise(&rows, &objective).expect("the true values are a solution");
        objective[k] = -1.0;
        let high = -minimise(&rows, &objective).expect("the true values are a solution");
        let base = lowest(hidden[k]) as f64;
        (
            (base + low - 1e-6).ceil() as u64,
            (base + high + 1e-6).floor() as u64,
        )
    };
    let full_range = |id: CellId| match position(id) {
        Some(k) => range(k),
        None => (report.get(id).count, report.get(id).count),
    };
    let mut found = Found::default();
    for (k, id) in hidden.iter().enumerate() {
        let (low, high) = range(k);
        if report.get(*id).count > 0 && low == high {
            found.cells.push(*id);
        }
    }
    for (index, sum) in report.sums().iter().enumerate() {
        let possible = sum.parts.iter().filter(|p| full_range(**p).1 > 0).count();
        let hides = sum.parts.iter().any(|p| shown.hidden(*p));
        if sum.split == Split::Outcomes && hides && full_range(sum.total).0 > 0 && possible == 1 {
            found.attributes.push(index);
        }
    }
    for (index, sum) in report.sums().iter().enumerate() {
        let together: u64 = sum
            .parts
            .iter()
            .filter(|p| shown.hidden(**p))
            .map(|p| report.get(*p).count)
            .sum();
        let (low, high) = full_range(sum.total);
        if together > 0 && together < THRESHOLD && low == high {
            found.unions.push(index);
        }
    }
    found
}

/// The least value of `objective · y` over `y ≥ 0` with `row · y = rhs` for every row, by the
/// two-phase simplex method with Bland's rule; `None` when there is no solution or no least
/// value.
fn minimise(rows: &[(Vec<f64>, f64)], objective: &[f64]) -> Option<f64> {
    const EPS: f64 = 1e-9;
    let m = rows.len();
    let n = objective.len();
    let width = n + m + 1;
    let mut table: Vec<Vec<f64>> = rows
        .iter()
        .enumerate()
        .map(|(i, (row, rhs))| {
            let sign = if *rhs < 0.0 { -1.0 } else { 1.0 };
            let mut line: Vec<f64> = row.iter().map(|v| v * sign).collect();
            line.extend((0..m).map(|j| if j == i { 1.0 } else { 0.0 }));
            line.push(rhs * sign);
            line
        })
        .collect();
    let mut basis: Vec<usize> = (n..n + m).collect();
    let pivot = |table: &mut Vec<Vec<f64>>, basis: &mut Vec<usize>, r: usize, c: usize| {
        let p = table[r][c];
        for v in &mut table[r] {
            *v /= p;
        }
        let pivot_row = table[r].clone();
        for (i, line) in table.iter_mut().enumerate() {
            if i != r && line[c].abs() > EPS {
                let f = line[c];
                for (v, q) in line.iter_mut().zip(&pivot_row) {
                    *v -= f * q;
                }
            }
        }
        basis[r] = c;
    };
    let run = |table: &mut Vec<Vec<f64>>, basis: &mut Vec<usize>, cost: &[f64], allowed: usize| {
        loop {
            let reduced =
                |j: usize| cost[j] - (0..m).map(|i| cost[basis[i]] * table[i][j]).sum::<f64>();
            let Some(entering) = (0..allowed).find(|j| !basis.contains(j) && reduced(*j) < -EPS)
            else {
                return true;
            };
            let leaving = (0..m).filter(|i| table[*i][entering] > EPS).min_by(|a, b| {
                let ra = table[*a][width - 1] / table[*a][entering];
                let rb = table[*b][width - 1] / table[*b][entering];
                ra.total_cmp(&rb).then(basis[*a].cmp(&basis[*b]))
            });
            let Some(leaving) = leaving else {
                return false;
            };
            pivot(table, basis, leaving, entering);
        }
    };
    let mut phase_one = vec![0.0; n + m];
    for v in &mut phase_one[n..] {
        *v = 1.0;
    }
    run(&mut table, &mut basis, &phase_one, n + m);
    let infeasibility: f64 = (0..m)
        .filter(|i| basis[*i] >= n)
        .map(|i| table[i][width - 1])
        .sum();
    if infeasibility > 1e-7 {
        return None;
    }
    for i in 0..m {
        if basis[i] >= n
            && let Some(c) = (0..n).find(|c| table[i][*c].abs() > EPS && !basis.contains(c))
        {
            pivot(&mut table, &mut basis, i, c);
        }
    }
    let mut cost = objective.to_vec();
    cost.extend(std::iter::repeat_n(0.0, m));
    if !run(&mut table, &mut basis, &cost, n) {
        return None;
    }
    Some((0..m).map(|i| cost[basis[i]] * table[i][width - 1]).sum())
}

/// A report shaped like the change report: the total with its outcomes (improved, unchanged,
/// worse), the groups with theirs, the bands of a distribution, and a trend point that holds the
/// pairs and some people without a pair.
struct Shape {
    report: Report,
    total: CellId,
    outcomes: Vec<CellId>,
    groups: Vec<(CellId, Vec<CellId>)>,
    bands: Vec<CellId>,
    trend: CellId,
}

/// `people` as (group, outcome, band).
fn shape(people: &[(usize, usize, usize)], groups: usize, unpaired: u64) -> Shape {
    let count =
        |f: &dyn Fn(&(usize, usize, usize)) -> bool| people.iter().filter(|p| f(p)).count() as u64;
    let mut report = Report::new();
    let headline = report.table("total");
    let n = people.len() as u64;
    let total = report.cell(
        headline,
        Cell::count(n).with("mean", StatKind::Mean, Some(12.345)),
    );
    let outcomes: Vec<CellId> = (0..3)
        .map(|o| report.cell(headline, Cell::count(count(&|p| p.1 == o))))
        .collect();
    report.sum(total, &outcomes, Split::Outcomes);
    let by_group = report.table("groups");
    let groups: Vec<(CellId, Vec<CellId>)> = (0..groups)
        .map(|g| {
            let cell = report.cell(
                by_group,
                Cell::count(count(&|p| p.0 == g)).with("mean", StatKind::Mean, Some(1.0)),
            );
            let parts: Vec<CellId> = (0..3)
                .map(|o| report.cell(by_group, Cell::count(count(&|p| p.0 == g && p.1 == o))))
                .collect();
            report.sum(cell, &parts, Split::Outcomes);
            (cell, parts)
        })
        .collect();
    let group_cells: Vec<CellId> = groups.iter().map(|(c, _)| *c).collect();
    report.sum(total, &group_cells, Split::Groups);
    for (o, outcome) in outcomes.iter().enumerate() {
        let column: Vec<CellId> = groups.iter().map(|(_, parts)| parts[o]).collect();
        report.sum(*outcome, &column, Split::Groups);
    }
    let distribution = report.table("distribution");
    let bands: Vec<CellId> = (0..3)
        .map(|b| report.cell(distribution, Cell::count(count(&|p| p.2 == b))))
        .collect();
    report.sum(total, &bands, Split::Outcomes);
    let trend_table = report.table("trend");
    let trend = report.cell(trend_table, Cell::count(n + unpaired));
    let without_pair = report.cell(trend_table, Cell::unpublished(unpaired));
    report.sum(trend, &[total, without_pair], Split::Groups);
    Shape {
        report,
        total,
        outcomes,
        groups,
        bands,
        trend,
    }
}

/// The leak reported in issue 11: 11 pairs, cohorts of 8, 2 and 1.
fn reported_leak() -> (Report, CellId, Vec<CellId>) {
    let mut report = Report::new();
    let headline = report.table("total");
    let total = report.cell(
        headline,
        Cell::count(11).with("mean_change", StatKind::Mean, Some(6.545_454)),
    );
    let cohorts = report.table("cohorts");
    let groups: Vec<CellId> = [8, 2, 1]
        .into_iter()
        .map(|n| {
            report.cell(
                cohorts,
                Cell::count(n).with("mean_change", StatKind::Mean, Some(4.0)),
            )
        })
        .collect();
    report.sum(total, &groups, Split::Groups);
    (report, total, groups)
}

#[test]
fn two_hidden_cohorts_of_three_people_in_all_cannot_be_subtracted_from_the_total() {
    let (report, total, cohorts) = reported_leak();
    let steering = report.protect(Audience::Steering);
    assert_eq!(steering.count(total), Some(11));
    assert_eq!(steering.stat(total, "mean_change"), Some(6.5));
    assert_eq!(
        cohorts
            .iter()
            .map(|c| steering.count(*c))
            .collect::<Vec<_>>(),
        [None, None, None],
        "11 − 8 would give the other two cohorts' 3 people and their mean"
    );
    assert_eq!(steering.cell(cohorts[0]).status, Status::Complementary);
    assert_eq!(steering.cell(cohorts[1]).status, Status::Primary);
    assert_eq!(steering.stat(cohorts[0], "mean_change"), None);
    assert_eq!(attack(&report, &steering, 11), Found::default());
}

#[test]
fn the_attacker_finds_the_reported_leak_when_only_the_small_cohorts_are_hidden() {
    let (report, _, cohorts) = reported_leak();
    let mut status: BTreeMap<CellId, Status> = report.ids().map(|id| (id, Status::Shown)).collect();
    status.insert(cohorts[1], Status::Primary);
    status.insert(cohorts[2], Status::Primary);
    assert_eq!(report.exposures(&status), [Exposure::Union(0)]);
    let leaky = Protected {
        audience: Audience::Steering,
        cells: report
            .ids()
            .map(|id| {
                let hidden = status[&id] != Status::Shown;
                let cell = Shown {
                    status: status[&id],
                    count: (!hidden).then_some(report.get(id).count),
                    small: false,
                    stats: Vec::new(),
                };
                (id, cell)
            })
            .collect(),
    };
    assert_eq!(
        attack(&report, &leaky, 11),
        Found {
            unions: vec![0],
            ..Found::default()
        }
    );
}

#[test]
fn the_coordinator_sees_every_figure_unrounded_with_small_cells_marked() {
    let (report, total, cohorts) = reported_leak();
    let coordinator = report.protect(Audience::Coordinator);
    assert_eq!(
        cohorts
            .iter()
            .map(|c| coordinator.count(*c))
            .collect::<Vec<_>>(),
        [Some(8), Some(2), Some(1)]
    );
    assert_eq!(coordinator.stat(total, "mean_change"), Some(6.545_454));
    assert!(coordinator.small(cohorts[1]) && !coordinator.small(cohorts[0]));
}

#[test]
fn a_single_small_count_is_hidden_with_the_smallest_other_and_zeros_stay_shown() {
    let mut report = Report::new();
    let table = report.table("change");
    let total = report.cell(table, Cell::count(12));
    let parts: Vec<CellId> = [6, 5, 1, 0]
        .into_iter()
        .map(|n| report.cell(table, Cell::count(n)))
        .collect();
    report.sum(total, &parts, Split::Outcomes);
    let steering = report.protect(Audience::Evaluator);
    assert_eq!(
        parts.iter().map(|p| steering.count(*p)).collect::<Vec<_>>(),
        [Some(6), None, None, Some(0)]
    );
    assert_eq!(steering.count(total), Some(12));
}

#[test]
fn an_outcome_everyone_shares_is_hidden_but_a_background_everyone_shares_is_not() {
    let mut report = Report::new();
    let table = report.table("total");
    let total = report.cell(table, Cell::count(9));
    let outcomes: Vec<CellId> = [9, 0, 0]
        .into_iter()
        .map(|n| report.cell(table, Cell::count(n)))
        .collect();
    report.sum(total, &outcomes, Split::Outcomes);
    let sexes: Vec<CellId> = [9, 0]
        .into_iter()
        .map(|n| report.cell(table, Cell::count(n)))
        .collect();
    report.sum(total, &sexes, Split::Groups);
    let steering = report.protect(Audience::Steering);
    assert_eq!(
        outcomes
            .iter()
            .map(|p| steering.count(*p))
            .collect::<Vec<_>>(),
        [None, None, None],
        "all nine improved would tell each of them improved"
    );
    assert_eq!(steering.cell(outcomes[1]).status, Status::Attribute);
    assert_eq!(
        sexes.iter().map(|p| steering.count(*p)).collect::<Vec<_>>(),
        [Some(9), Some(0)]
    );
    assert_eq!(attack(&report, &steering, 9), Found::default());
}

#[test]
fn a_group_of_four_is_hidden_whole_with_its_statistics() {
    let mut report = Report::new();
    let table = report.table("total");
    let total = report.cell(
        table,
        Cell::count(4)
            .with("mean", StatKind::Mean, Some(24.0))
            .with("p", StatKind::PValue, Some(0.125)),
    );
    let steering = report.protect(Audience::Steering);
    assert_eq!(steering.count(total), None);
    assert_eq!(steering.stat(total, "mean"), None);
    assert_eq!(steering.stat(total, "p"), None);
    assert_eq!(
        report.protect(Audience::Coordinator).stat(total, "p"),
        Some(0.125)
    );
}

#[test]
fn statistics_are_rounded_for_aggregate_audiences() {
    assert_eq!(StatKind::Mean.round(6.545_454), 6.5);
    assert_eq!(StatKind::Mean.round(-2.25), -2.3);
    assert_eq!(StatKind::Ratio.round(0.756), 0.76);
    assert_eq!(StatKind::PValue.round(0.012_49), 0.012);
    assert_eq!(StatKind::Percent.round(66.666), 67.0);
}

#[test]
fn people_answering_at_intake_without_a_pair_cannot_be_subtracted_from_the_trend() {
    let people: Vec<(usize, usize, usize)> = (0..11).map(|i| (0, i % 2, i % 3)).collect();
    let s = shape(&people, 1, 1);
    let steering = s.report.protect(Audience::Steering);
    assert_eq!(
        steering.count(s.total),
        Some(11),
        "the pairs are the headline"
    );
    assert_eq!(
        steering.count(s.trend),
        None,
        "12 answers at intake beside 11 pairs would single out the one without a pair"
    );
    assert_eq!(attack(&s.report, &steering, 12), Found::default());
}

#[test]
fn a_small_count_in_one_group_cannot_be_recovered_from_the_total_s_counts() {
    // Group 0: 6 improved, 5 unchanged; group 1: 3 improved, 6 unchanged. The total shows 9
    // improved, so group 1's hidden 3 must not follow from 9 − 6.
    let mut people = vec![(0, 0, 0); 6];
    people.extend(vec![(0, 1, 1); 5]);
    people.extend(vec![(1, 0, 2); 3]);
    people.extend(vec![(1, 1, 0); 6]);
    let s = shape(&people, 2, 0);
    let steering = s.report.protect(Audience::Steering);
    assert_eq!(steering.count(s.groups[1].1[0]), None);
    assert_eq!(
        attack(&s.report, &steering, people.len() as u64),
        Found::default()
    );
    assert_eq!(steering.count(s.total), Some(20));
    let _ = (&s.outcomes, &s.bands);
}

#[test]
fn a_rare_combination_of_common_values_is_blanked() {
    let mut people = Vec::new();
    for (sex, band, n) in [
        ("female", "25-34", 5),
        ("female", "55-", 2),
        ("male", "55-", 5),
        ("male", "25-34", 3),
    ] {
        for _ in 0..n {
            people.push(vec![sex.to_string(), band.to_string()]);
        }
    }
    let out = generalise(&people, 5);
    let rows = |sex: Option<&str>, band: Option<&str>| {
        out.iter()
            .filter(|r| r[0].as_deref() == sex && r[1].as_deref() == band)
            .count()
    };
    assert_eq!(rows(Some("female"), Some("25-34")), 5);
    assert_eq!(rows(Some("male"), Some("55-")), 5);
    assert_eq!(
        rows(None, None),
        5,
        "2 women of 55- and 3 men of 25-34: each sex alone is common, each combination rare"
    );
}

#[test]
fn too_few_blank_rows_take_the_smallest_other_combination_with_them() {
    let mut people = vec![vec!["female".to_string()]; 6];
    people.extend(vec![vec!["male".to_string()]; 5]);
    people.push(vec!["unknown".to_string()]);
    let out = generalise(&people, 5);
    assert_eq!(out.iter().filter(|r| r[0].is_none()).count(), 6);
    assert_eq!(
        out.iter()
            .filter(|r| r[0].as_deref() == Some("female"))
            .count(),
        6
    );
}

fn people_strategy() -> impl Strategy<Value = (Vec<(usize, usize, usize)>, usize, u64)> {
    (1usize..=3, 0u64..=2).prop_flat_map(|(groups, unpaired)| {
        (
            proptest::collection::vec((0..groups, 0usize..3, 0usize..3), 0..=11),
            Just(groups),
            Just(unpaired),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_attacker_recovers_nothing_from_a_protected_change_report(
        (people, groups, unpaired) in people_strategy()
    ) {
        let s = shape(&people, groups, unpaired);
        for audience in [Audience::Steering, Audience::Evaluator] {
            let shown = s.report.protect(audience);
            for id in s.report.ids() {
                let cell = shown.cell(id);
                if let Some(count) = cell.count {
                    prop_assert!(count == 0 || count >= THRESHOLD, "{count} shown");
                }
                for (key, value) in &cell.stats {
                    prop_assert!(value.is_none() || cell.count.is_some(), "{key} without count");
                }
            }
            let bound = people.len() as u64 + unpaired;
            prop_assert_eq!(attack(&s.report, &shown, bound), Found::default());
        }
        let coordinator = s.report.protect(Audience::Coordinator);
        prop_assert_eq!(coordinator.count(s.total), Some(people.len() as u64));
    }

    #[test]
    fn every_combination_left_in_an_export_is_shared_by_five(
        people in proptest::collection::vec((0u8..3, 0u8..5, 0u8..2), 0..40)
    ) {
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|(a, b, c)| vec![a.to_string(), b.to_string(), c.to_string()])
            .collect();
        let out = generalise(&rows, THRESHOLD);
        let mut sizes: BTreeMap<&Vec<Option<String>>, u64> = BTreeMap::new();
        for (row, original) in out.iter().zip(&rows) {
            *sizes.entry(row).or_default() += 1;
            for (kept, value) in row.iter().zip(original) {
                prop_assert!(kept.is_none() || kept.as_ref() == Some(value));
            }
        }
        if rows.len() as u64 >= THRESHOLD {
            for (combination, size) in sizes {
                prop_assert!(size >= THRESHOLD, "{combination:?} holds {size}");
            }
        } else {
            prop_assert!(out.iter().flatten().all(Option::is_none));
        }
    }
}
