//! Disclosure control: the one engine that decides which figures of an aggregate report the
//! steering group, funders and evaluators may see, and which quasi-identifiers a row-level
//! pseudonymised export may keep.
//!
//! A report is a set of [`Table`]s whose cells are counts of people, each with the statistics
//! that rest on those people (means, confidence limits, medians, shares). Tables are linked by
//! sums ([`Report::sum`]): a total beside its groups by sex, cohort or partner, a group beside its
//! outcome bands. Hiding a small cell is not enough when the cells around it are shown: the
//! total minus the shown groups gives the hidden ones back. So [`Report::protect`] works on the
//! whole report at once, across its tables:
//!
//! 1. **Primary suppression**: a published cell of 1 to [`THRESHOLD`] − 1 people is hidden. Zero
//!    is shown: it points to nobody, and a table with its zeros hidden says less and protects no
//!    one. Cells the report never shows but an attacker can infer ([`Cell::unpublished`], say the
//!    people who answered at intake but have no pair) take part as hidden cells.
//! 2. **Attribute disclosure**: when one part of an outcome split ([`Split::Outcomes`]) holds the
//!    whole total, everyone in the group shares that outcome, which says something about each of
//!    them; every part of that split is hidden, zeros too. So is every part of an outcome split of
//!    a group of 1 to [`THRESHOLD`] − 1 people: "none of them got worse" is about each of them.
//! 3. **Complementary suppression**, repeated until an attacker who knows every published cell,
//!    every sum and that a hidden non-empty cell holds at least one person can recover nothing:
//!    no hidden non-empty cell's feasible range is a single value; in no sum with a known total
//!    do the hidden parts together hold 1 to [`THRESHOLD`] − 1 people (the union of two hidden
//!    cohorts of 3 people is as telling as one); and no outcome split with a hidden part is left
//!    with a single part that can hold anyone (everyone would share that outcome). Each round
//!    hides one more published, non-empty cell from the sums the exposures come from, preferring
//!    the last table (tables are added in order of importance), then the smallest count.
//! 4. **Statistics** are shown only with their count, and rounded for aggregate audiences
//!    ([`StatKind`]).
//!
//! The attacker's feasible ranges are computed by interval propagation over the sums; the tests
//! check the result against an independent attacker that finds the exact ranges by linear
//! programming.
//!
//! The coordinator, who runs the programme and knows its participants, sees every figure
//! unrounded, with cells below the threshold marked [`Protected::small`] for a warning.
//!
//! For row-level exports, [`generalise`] blanks quasi-identifiers until every combination that is
//! left (sex × age band × …) is shared by at least [`THRESHOLD`] people.

use std::collections::BTreeMap;

/// The smallest number of people a published figure may rest on for aggregate audiences, and the
/// smallest number who must share a combination of quasi-identifiers in a row-level export.
pub const THRESHOLD: u64 = 5;

/// How many rounds of interval propagation the attacker gets. Ranges only narrow, so stopping
/// early gives wider ranges; the reports built here settle in a handful of rounds.
const PROPAGATION_ROUNDS: usize = 500;

/// Who reads a report, which decides what is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The coordinator, who runs the programme and knows its participants: everything, with
    /// warnings on small cells.
    Coordinator,
    /// The steering group and funders: aggregates under the rules of this module.
    Steering,
    /// Evaluators: the same aggregates, and row-level exports checked with [`generalise`].
    Evaluator,
}

impl Audience {
    /// Whether the audience gets the protected view rather than every figure.
    #[must_use]
    pub fn is_aggregate(self) -> bool {
        self != Audience::Coordinator
    }
}

/// How a statistic is rounded for aggregate audiences. Rounding limits what differencing two
/// published statistics can tell, but protection rests on the counts: a statistic is never shown
/// without its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatKind {
    /// Means, medians, confidence limits and standard deviations, on the instrument's scale:
    /// one decimal.
    Mean,
    /// Effect sizes and other ratios: two decimals.
    Ratio,
    /// p-values: three decimals.
    PValue,
    /// Percentages: whole percent.
    Percent,
}

impl StatKind {
    /// Rounds half away from zero to the kind's decimals.
    #[must_use]
    pub fn round(self, value: f64) -> f64 {
        let scale = match self {
            StatKind::Mean => 10.0,
            StatKind::Ratio => 100.0,
            StatKind::PValue => 1000.0,
            StatKind::Percent => 1.0,
        };
        (value * scale).round() / scale
    }
}

/// A statistic that rests on the people of one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    pub key: &'static str,
    pub kind: StatKind,
    /// `None` when the data cannot give it (a confidence interval from one pair).
    pub value: Option<f64>,
}

/// One cell of a table: a number of people and the statistics resting on them.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub count: u64,
    pub stats: Vec<Stat>,
    /// Whether the report shows the cell at all (see [`Cell::unpublished`]).
    pub published: bool,
}

impl Cell {
    /// A published count.
    #[must_use]
    pub fn count(count: u64) -> Self {
        Cell {
            count,
            stats: Vec::new(),
            published: true,
        }
    }

    /// A count the report never shows but that follows from what it shows, such as the people
    /// who answered at intake without answering at exit when the report shows both the answers
    /// at intake and the pairs. It takes part in the sums so that it is protected like a hidden
    /// cell.
    #[must_use]
    pub fn unpublished(count: u64) -> Self {
        Cell {
            count,
            stats: Vec::new(),
            published: false,
        }
    }

    /// Adds a statistic resting on the cell's people.
    #[must_use]
    pub fn with(mut self, key: &'static str, kind: StatKind, value: Option<f64>) -> Self {
        self.stats.push(Stat { key, kind, value });
        self
    }
}

/// A table of a report, by its position in [`Report::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId(usize);

/// A cell of a report: its table and its position in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId {
    table: usize,
    index: usize,
}

/// A named table of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub cells: Vec<Cell>,
}

/// What the parts of a sum split the total's people by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Background groups: sex, age band, cohort, partner. That everyone shares one background is
    /// known to whoever knows who the programme takes, so a group holding everyone is shown.
    Groups,
    /// Outcomes: improved / unchanged / worse, score bands, in good health or not. A part that
    /// holds everyone tells each person's outcome and is hidden (attribute disclosure).
    Outcomes,
}

/// `total = Σ parts`, which holds because the parts share out the total's people.
#[derive(Debug, Clone, PartialEq)]
pub struct Sum {
    pub total: CellId,
    pub parts: Vec<CellId>,
    pub split: Split,
}

/// A report under construction: tables added in order of importance (the first holds the
/// headline figures), cells, and the sums linking them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    tables: Vec<Table>,
    sums: Vec<Sum>,
}

impl Report {
    #[must_use]
    pub fn new() -> Self {
        Report::default()
    }

    /// Adds a table after the ones already added. Complementary suppression takes cells from
    /// later tables first.
    pub fn table(&mut self, name: &str) -> TableId {
        self.tables.push(Table {
            name: name.to_string(),
            cells: Vec::new(),
        });
        TableId(self.tables.len() - 1)
    }

    /// Adds a cell to a table.
    ///
    /// # Panics
    /// If the table was not made by this report's [`Report::table`].
    pub fn cell(&mut self, table: TableId, cell: Cell) -> CellId {
        let cells = &mut self.tables[table.0].cells;
        cells.push(cell);
        CellId {
            table: table.0,
            index: cells.len() - 1,
        }
    }

    /// Declares that `total` is the sum of `parts`. Declare every sum that holds, within a table
    /// and across tables: a sum left out is one the attacker may still use.
    pub fn sum(&mut self, total: CellId, parts: &[CellId], split: Split) {
        self.sums.push(Sum {
            total,
            parts: parts.to_vec(),
            split,
        });
    }

    #[must_use]
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    #[must_use]
    pub fn sums(&self) -> &[Sum] {
        &self.sums
    }

    /// The cell behind an id.
    ///
    /// # Panics
    /// If the id was not made by this report.
    #[must_use]
    pub fn get(&self, id: CellId) -> &Cell {
        &self.tables[id.table].cells[id.index]
    }

    fn ids(&self) -> impl Iterator<Item = CellId> + '_ {
        self.tables
            .iter()
            .enumerate()
            .flat_map(|(table, t)| (0..t.cells.len()).map(move |index| CellId { table, index }))
    }

    /// Decides what the audience sees.
    #[must_use]
    pub fn protect(&self, audience: Audience) -> Protected {
        let mut status: BTreeMap<CellId, Status> = self
            .ids()
            .map(|id| {
                let cell = self.get(id);
                let s = if !cell.published {
                    Status::Unpublished
                } else if audience.is_aggregate() && is_small(cell.count) {
                    Status::Primary
                } else {
                    Status::Shown
                };
                (id, s)
            })
            .collect();
        if audience.is_aggregate() {
            for sum in &self.sums {
                let total = self.get(sum.total).count;
                let everyone = total > 0
                    && sum.parts.len() >= 2
                    && sum.parts.iter().any(|p| self.get(*p).count == total);
                if sum.split == Split::Outcomes && (everyone || is_small(total)) {
                    for part in &sum.parts {
                        if status[part] != Status::Unpublished {
                            status.insert(*part, Status::Attribute);
                        }
                    }
                }
            }
            loop {
                let exposures = self.exposures(&status);
                if exposures.is_empty() {
                    break;
                }
                let Some(complement) = self.complement(&status, &exposures) else {
                    break;
                };
                status.insert(complement, Status::Complementary);
            }
        }
        Protected {
            audience,
            cells: self
                .ids()
                .map(|id| {
                    let cell = self.get(id);
                    let s = status[&id];
                    let shown = s == Status::Shown;
                    let stats = cell
                        .stats
                        .iter()
                        .map(|stat| {
                            let value = stat.value.filter(|_| shown).map(|v| {
                                if audience.is_aggregate() {
                                    stat.kind.round(v)
                                } else {
                                    v
                                }
                            });
                            (stat.key, value)
                        })
                        .collect();
                    (
                        id,
                        Shown {
                            status: s,
                            count: shown.then_some(cell.count),
                            small: is_small(cell.count),
                            stats,
                        },
                    )
                })
                .collect(),
        }
    }

    /// What the attacker learns from the cells `status` leaves shown, in a stable order.
    fn exposures(&self, status: &BTreeMap<CellId, Status>) -> Vec<Exposure> {
        let ranges = self.ranges(status);
        let mut found = Vec::new();
        for (id, s) in status {
            let range = ranges[id];
            if *s != Status::Shown && self.get(*id).count > 0 && range.low == range.high {
                found.push(Exposure::Cell(*id));
            }
        }
        for (index, sum) in self.sums.iter().enumerate() {
            let possible = sum.parts.iter().filter(|p| ranges[*p].high > 0).count();
            let hides = sum.parts.iter().any(|p| status[p] != Status::Shown);
            if sum.split == Split::Outcomes && hides && ranges[&sum.total].low > 0 && possible == 1
            {
                found.push(Exposure::Attribute(index));
            }
        }
        for (index, sum) in self.sums.iter().enumerate() {
            let hidden: Vec<CellId> = sum
                .parts
                .iter()
                .copied()
                .filter(|p| status[p] != Status::Shown)
                .collect();
            let together: u64 = hidden.iter().map(|p| self.get(*p).count).sum();
            let total = ranges[&sum.total];
            if is_small(together) && total.low == total.high {
                found.push(Exposure::Union(index));
            }
        }
        found
    }

    /// The published cell to hide next: of the shown, non-empty cells in the sums each exposure
    /// comes from, the one of the latest table, then the smallest, then the first. If those sums
    /// have none left, the same choice over the whole report.
    fn complement(
        &self,
        status: &BTreeMap<CellId, Status>,
        exposures: &[Exposure],
    ) -> Option<CellId> {
        let sums_with = |cells: &[CellId]| -> Vec<CellId> {
            self.sums
                .iter()
                .filter(|s| cells.contains(&s.total) || s.parts.iter().any(|p| cells.contains(p)))
                .flat_map(|s| std::iter::once(s.total).chain(s.parts.iter().copied()))
                .collect()
        };
        let near: Vec<CellId> = exposures
            .iter()
            .flat_map(|exposure| match exposure {
                Exposure::Cell(id) => sums_with(&[*id]),
                Exposure::Union(index) => {
                    let sum = &self.sums[*index];
                    std::iter::once(sum.total)
                        .chain(sum.parts.iter().copied())
                        .collect()
                }
                Exposure::Attribute(index) => sums_with(&self.sums[*index].parts),
            })
            .collect();
        let pick = |candidates: &mut dyn Iterator<Item = CellId>| {
            candidates
                .filter(|id| status[id] == Status::Shown && self.get(*id).count > 0)
                .min_by_key(|id| (std::cmp::Reverse(id.table), self.get(*id).count, id.index))
        };
        pick(&mut near.into_iter()).or_else(|| pick(&mut self.ids()))
    }

    /// The range of values each cell can take given the shown cells and the sums: shown cells
    /// are known; a hidden cell holding anyone is at least 1 (zeros are shown, so the attacker
    /// may assume it), a hidden zero at least 0; then every sum narrows its cells' ranges until
    /// nothing changes.
    fn ranges(&self, status: &BTreeMap<CellId, Status>) -> BTreeMap<CellId, Range> {
        let mut ranges: BTreeMap<CellId, Range> = status
            .iter()
            .map(|(id, s)| {
                let count = self.get(*id).count;
                let range = if *s == Status::Shown {
                    Range {
                        low: count,
                        high: count,
                    }
                } else {
                    Range {
                        low: u64::from(count > 0 && *s != Status::Attribute),
                        high: u64::MAX,
                    }
                };
                (*id, range)
            })
            .collect();
        for _ in 0..PROPAGATION_ROUNDS {
            let mut changed = false;
            for sum in &self.sums {
                changed |= narrow(&mut ranges, sum);
            }
            if !changed {
                break;
            }
        }
        ranges
    }
}

fn is_small(count: u64) -> bool {
    count > 0 && count < THRESHOLD
}

/// What an attacker can recover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exposure {
    /// A hidden cell's exact value.
    Cell(CellId),
    /// That the hidden parts of a sum together hold 1 to [`THRESHOLD`] − 1 people, exactly:
    /// the total is known and the other parts are shown.
    Union(usize),
    /// That everyone in a group shares one outcome, every other part of an outcome split being
    /// known to be empty.
    Attribute(usize),
}

/// The values a cell can take; `u64::MAX` as `high` stands for no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    low: u64,
    high: u64,
}

/// Narrows the ranges of a sum's cells by the sum; whether anything changed.
fn narrow(ranges: &mut BTreeMap<CellId, Range>, sum: &Sum) -> bool {
    let mut changed = false;
    let parts: Vec<Range> = sum.parts.iter().map(|p| ranges[p]).collect();
    let low_sum: u64 = parts.iter().fold(0, |a, r| a.saturating_add(r.low));
    let high_sum: u64 = parts.iter().fold(0, |a, r| a.saturating_add(r.high));
    let total = ranges[&sum.total];
    let narrowed_total = Range {
        low: total.low.max(low_sum),
        high: total.high.min(high_sum),
    };
    if narrowed_total != total {
        ranges.insert(sum.total, narrowed_total);
        changed = true;
    }
    let total = narrowed_total;
    for (id, own) in sum.parts.iter().zip(&parts) {
        let others_low = low_sum.saturating_sub(own.low);
        let others_high = if own.high == u64::MAX {
            sum.parts
                .iter()
                .filter(|p| *p != id)
                .fold(0u64, |a, p| a.saturating_add(ranges[p].high))
        } else {
            high_sum.saturating_sub(own.high)
        };
        let current = ranges[id];
        let low = if others_high == u64::MAX {
            current.low
        } else {
            current.low.max(total.low.saturating_sub(others_high))
        };
        let high = if total.high == u64::MAX {
            current.high
        } else {
            current.high.min(total.high.saturating_sub(others_low))
        };
        let next = Range { low, high };
        if next != current {
            ranges.insert(*id, next);
            changed = true;
        }
    }
    changed
}

/// Why a cell is shown or hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Shown,
    /// 1 to [`THRESHOLD`] − 1 people.
    Primary,
    /// A part of an outcome split hidden whole, zeros too: one part holds everyone, or the group
    /// holds 1 to [`THRESHOLD`] − 1 people. Since zeros are hidden there, the attacker cannot
    /// take such a cell to hold anyone.
    Attribute,
    /// Hidden so that another hidden cell cannot be recovered.
    Complementary,
    /// Never part of the report (see [`Cell::unpublished`]).
    Unpublished,
}

/// What the audience sees of one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub status: Status,
    /// The count, `None` when hidden.
    pub count: Option<u64>,
    /// Whether the cell holds 1 to [`THRESHOLD`] − 1 people: a warning for the coordinator.
    pub small: bool,
    /// Each statistic: rounded for aggregate audiences, `None` when the cell is hidden or the
    /// data cannot give it.
    pub stats: Vec<(&'static str, Option<f64>)>,
}

/// A report as one audience may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    pub audience: Audience,
    cells: BTreeMap<CellId, Shown>,
}

impl Protected {
    /// What the audience sees of a cell.
    ///
    /// # Panics
    /// If the id was not made by the report this was protected from.
    #[must_use]
    pub fn cell(&self, id: CellId) -> &Shown {
        &self.cells[&id]
    }

    /// The cell's count, `None` when hidden.
    #[must_use]
    pub fn count(&self, id: CellId) -> Option<u64> {
        self.cell(id).count
    }

    /// Whether the cell is hidden from the audience.
    #[must_use]
    pub fn hidden(&self, id: CellId) -> bool {
        self.cell(id).count.is_none()
    }

    /// Whether the cell holds 1 to [`THRESHOLD`] − 1 people (shown to the coordinator with a
    /// warning, hidden from everyone else).
    #[must_use]
    pub fn small(&self, id: CellId) -> bool {
        self.cell(id).small
    }

    /// One statistic of a cell, `None` when hidden, unknown or never added.
    #[must_use]
    pub fn stat(&self, id: CellId, key: &str) -> Option<f64> {
        self.cell(id)
            .stats
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| *v)
    }
}

/// Blanks quasi-identifiers in a row-level export until every combination left is shared by at
/// least `k` people, so that no row points to a person through a rare combination (a woman of
/// 55 and over can be rare even where women and people of 55 and over are not).
///
/// `people` has one row per person (not per exported answer): the values of the
/// quasi-identifiers in order of importance, the most useful first. A row whose combination is
/// shared by fewer than `k` people loses its last value still shown (its age band before its sex);
/// a blank matches only a blank, so what is left is always a shown beginning and blanks after.
/// When the rows with everything blank are themselves fewer than `k` but not none (they could be
/// told apart by elimination), the smallest other combination loses its last value, until they
/// are enough. Fewer than `k` people in all end with every value blank; the caller should refuse
/// such an export.
#[must_use]
pub fn generalise(people: &[Vec<String>], k: u64) -> Vec<Vec<Option<String>>> {
    let mut rows: Vec<Vec<Option<String>>> = people
        .iter()
        .map(|row| row.iter().cloned().map(Some).collect())
        .collect();
    loop {
        let mut sizes: BTreeMap<Vec<Option<String>>, u64> = BTreeMap::new();
        for row in &rows {
            *sizes.entry(row.clone()).or_default() += 1;
        }
        let rare: Vec<Vec<Option<String>>> = sizes
            .iter()
            .filter(|(combination, size)| **size < k && combination.iter().any(Option::is_some))
            .map(|(combination, _)| combination.clone())
            .collect();
        let blank_rare = sizes
            .iter()
            .any(|(combination, size)| *size < k && combination.iter().all(Option::is_none));
        let coarsen: Vec<Vec<Option<String>>> = if !rare.is_empty() {
            rare
        } else if blank_rare {
            sizes
                .iter()
                .filter(|(combination, _)| combination.iter().any(Option::is_some))
                .min_by_key(|(_, size)| **size)
                .map(|(combination, _)| vec![combination.clone()])
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if coarsen.is_empty() {
            return rows;
        }
        for row in &mut rows {
            if coarsen.contains(row)
                && let Some(last) = row.iter_mut().rev().find(|v| v.is_some())
            {
                *last = None;
            }
        }
    }
}

#[cfg(test)]
mod tests;
