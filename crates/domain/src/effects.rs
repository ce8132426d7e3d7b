//! A programme's effects: the five intended effects of `shared/domain.md` §1 as measured
//! figures, computed from what storage aggregated in the database.
//!
//! Storage hands over one small record per episode (effect 1) or counts per combination of
//! attributes (the others), never the income months themselves, so a programme of 250 000
//! people is summarised from a few hundred thousand rows. Every rule that decides what a figure
//! means is here, written once and tested with hand-computed values; `docs/methods.md` says
//! the same in words, with a worked example of effect 1.
//!
//! What an aggregate-only reader (steering group, funder, evaluator) may see is decided with
//! [`Audience`]: a figure built on fewer than [`THRESHOLD`] people is suppressed whole, and
//! small counts in a table are hidden by the disclosure-control engine, in one place,
//! [`visible_counts`].

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::change::{AgeBand, Audience};
use crate::disclosure::{Cell, Report, Split, THRESHOLD};
use crate::enterprise_figures::YearFigures;
use crate::episode::{Occupation, OccupationGroup};
use crate::income::{IncomeSource, SupportGroup, YearMonth};
use crate::person::PersonSex;
use crate::statistics::{MeaningfulChange, PairedChange};
use crate::validation::FieldError;

crate::coded_enum! {
    /// Who pays a public income source out to the participant. The default mapping of
    /// `shared/domain.md` §7, in [`paying_actor`].
    pub enum PayingActor {
        /// Försäkringskassan: sjukpenning, rehabiliteringspenning, aktivitetsersättning,
        /// sjukersättning (the social insurance, borne by the state).
        Forsakringskassan => "forsakringskassan",
        /// Arbetsförmedlingen and the state: aktivitetsstöd, utvecklingsersättning,
        /// etableringsersättning (paid out by Försäkringskassan on Arbetsförmedlingen's
        /// decision, borne by the state's labour-market policy).
        Staten => "arbetsformedlingen-staten",
        /// The unemployment fund (a-kassa): arbetslöshetsersättning, mostly state-funded.
        Akassa => "a-kassa",
        /// The municipality: försörjningsstöd (ekonomiskt bistånd).
        Kommunen => "kommunen",
    }
}

/// The paying actor of an income source, or `None` for a source that is not public support
/// to the participant.
///
/// | income source | paying actor |
/// |---|---|
/// | sjukpenning (incl. rehabiliteringspenning), aktivitetsersättning, sjukersättning | Försäkringskassan |
/// | aktivitetsstöd (incl. utvecklingsersättning), etableringsersättning | Arbetsförmedlingen / the state |
/// | arbetslöshetsersättning | the a-kassa |
/// | försörjningsstöd | the municipality |
/// | wage, wage with subsidy, own business, study grant, other, none | — |
///
/// Wage subsidies (lönebidrag, lönestöd, nystartsjobb) are paid to the employer, not to the
/// participant, so they are not public support in effect 1; the socio-economic calculation
/// costs them separately. The table is the default of `shared/domain.md` §7 and becomes
/// editable with the socio-economic parameters.
#[must_use]
pub fn paying_actor(source: IncomeSource) -> Option<PayingActor> {
    match source {
        IncomeSource::Sjukpenning
        | IncomeSource::Aktivitetsersattning
        | IncomeSource::Sjukersattning => Some(PayingActor::Forsakringskassan),
        IncomeSource::Aktivitetsstod | IncomeSource::Etableringsersattning => {
            Some(PayingActor::Staten)
        }
        IncomeSource::Arbetsloshetsersattning => Some(PayingActor::Akassa),
        IncomeSource::Forsorjningsstod => Some(PayingActor::Kommunen),
        IncomeSource::Wage
        | IncomeSource::SubsidisedWage
        | IncomeSource::OwnBusiness
        | IncomeSource::StudyGrant
        | IncomeSource::Other
        | IncomeSource::None => None,
    }
}

/// The income sources each actor pays, in [`PayingActor::ALL`] order: what storage sums over.
#[must_use]
pub fn sources_paid_by(actor: PayingActor) -> Vec<IncomeSource> {
    IncomeSource::ALL
        .into_iter()
        .filter(|source| paying_actor(*source) == Some(actor))
        .collect()
}

/// The national support group an actor's sources belong to: every actor pays within one group,
/// which lets the main income group be found from the actors' shares.
#[must_use]
pub fn actor_group(actor: PayingActor) -> SupportGroup {
    match actor {
        PayingActor::Forsakringskassan => SupportGroup::Ohalsa,
        PayingActor::Staten | PayingActor::Akassa => SupportGroup::Arbetsmarknadsstod,
        PayingActor::Kommunen => SupportGroup::EkonomisktBistand,
    }
}

/// The windows a report may use, in months.
pub const WINDOWS: [u32; 3] = [6, 12, 24];
/// The window of the headline figure, as the domain brief (§3) states it.
pub const DEFAULT_WINDOW: u32 = 12;

/// Reads the window parameter: blank gives [`DEFAULT_WINDOW`].
///
/// # Errors
///
/// `effects-error-window` on the field `window` for anything but 6, 12 or 24.
pub fn parse_window(input: &str) -> Result<u32, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(DEFAULT_WINDOW);
    }
    text.parse::<u32>()
        .ok()
        .filter(|w| WINDOWS.contains(w))
        .ok_or_else(|| FieldError::new("window", "effects-error-window"))
}

/// Whether an episode that ended in `exit` has been followed up for a whole window on `as_of`:
/// the last month of its after-window (`exit` + `window`) must have ended, so `as_of` must be
/// in a later month.
#[must_use]
pub fn after_window_ended(exit: YearMonth, window: u32, as_of: Date) -> bool {
    let window = i32::try_from(window).unwrap_or(i32::MAX);
    match (exit.plus_months(window), YearMonth::of(as_of)) {
        (Some(last), Some(today)) => today > last,
        _ => false,
    }
}

/// Percent-months of full time in one window: the sum over its months of each source's share.
/// Divided by 100 they are full-time-equivalent months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowShares {
    /// In [`PayingActor::ALL`] order.
    pub by_actor: [u64; 4],
    /// Sources that are not public support.
    pub not_public: u64,
}

impl WindowShares {
    /// The group with the largest share of the window (ties go to the earlier group of
    /// [`SupportGroup::ALL`]), or `None` when nothing was recorded in the window.
    #[must_use]
    pub fn main_group(&self) -> Option<SupportGroup> {
        let mut totals: BTreeMap<SupportGroup, u64> = BTreeMap::new();
        for (actor, share) in PayingActor::ALL.iter().zip(self.by_actor) {
            *totals.entry(actor_group(*actor)).or_default() += share;
        }
        *totals.entry(SupportGroup::NotPublic).or_default() += self.not_public;
        let mut best: Option<(SupportGroup, u64)> = None;
        for group in SupportGroup::ALL {
            let share = totals.get(&group).copied().unwrap_or(0);
            if share > 0 && best.is_none_or(|(_, top)| share > top) {
                best = Some((group, share));
            }
        }
        best.map(|(group, _)| group)
    }
}

/// One episode's income around the programme, as storage aggregated it from the income months
/// by the rule of [`crate::income::compare_support`]: the `window` months strictly before the
/// intake month and strictly after the exit month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpisodeSupport {
    pub episode_id: i64,
    pub intake: YearMonth,
    /// `None` while the episode is open.
    pub exit: Option<YearMonth>,
    /// Months on public support (any public source above 0 %) before intake.
    pub before_months: u32,
    pub after_months: u32,
    /// Months with any row at all.
    pub before_recorded: u32,
    pub after_recorded: u32,
    /// Whether the last month of the after-window had public support.
    pub on_support_last_month: bool,
    pub before_shares: WindowShares,
    pub after_shares: WindowShares,
}

/// Full-time-equivalent months one actor paid, summed over the episodes followed up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ActorFte {
    pub actor: PayingActor,
    pub fte_months_before: f64,
    pub fte_months_after: f64,
}

/// How many episodes moved from one main income group before to one after; `None` is "nothing
/// recorded in the window".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupTransition {
    pub before: Option<SupportGroup>,
    pub after: Option<SupportGroup>,
    /// `None` when hidden from the audience.
    pub count: Option<u64>,
}

/// Effect 1 for one cohort (year of intake).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CohortSupport {
    pub cohort: i32,
    /// `None` when the cohort is hidden from the audience.
    pub n: Option<u64>,
    pub months_before_mean: Option<f64>,
    pub months_after_mean: Option<f64>,
}

/// Effect 1, less public support: the figures of `docs/methods.md`, "Effekt 1".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSupport {
    pub window_months: u32,
    /// Episodes whose after-window has ended: the population of every figure below.
    pub n: u64,
    /// Episodes with intake whose after-window has not ended (or that have not ended at all).
    pub not_yet_followed_up: u64,
    /// `true` when the audience may not see the figures (fewer than five followed up).
    pub suppressed: bool,
    pub months_before_mean: Option<f64>,
    pub months_after_mean: Option<f64>,
    /// The paired change after − before, with its 95 % CI and Wilcoxon p.
    pub change: Option<PairedChange>,
    /// Episodes without public support in the last month of the after-window.
    pub without_support_after: Option<u64>,
    pub without_support_after_percent: Option<f64>,
    /// Summed over the `n` episodes.
    pub by_actor: Vec<ActorFte>,
    pub transitions: Vec<GroupTransition>,
    pub cohorts: Vec<CohortSupport>,
    /// Months recorded of all the `2 × window × n` window months, as a percentage: a low
    /// coverage means the comparison counts gaps, not support.
    pub recorded_percent: Option<f64>,
}

/// Fewer months on public support is better.
const FEWER_IS_BETTER: MeaningfulChange = MeaningfulChange {
    higher_is_better: false,
    min_meaningful: None,
};

/// Counts as the audience may see them: every count for the coordinator; for the aggregate
/// roles, the cells of one table and their total (shown beside them) go through the
/// disclosure-control engine together ([`crate::disclosure::Report::protect`]), so no hidden
/// cell follows by subtraction.
#[must_use]
pub fn visible_counts(counts: &[u64], audience: Audience) -> Vec<Option<u64>> {
    let mut report = Report::new();
    let table = report.table("counts");
    let total = report.cell(table, Cell::count(counts.iter().sum()));
    let parts: Vec<_> = counts
        .iter()
        .map(|count| report.cell(table, Cell::count(*count)))
        .collect();
    report.sum(total, &parts, Split::Groups);
    let protected = report.protect(audience);
    parts.iter().map(|part| protected.count(*part)).collect()
}

fn hidden(n: u64, audience: Audience) -> bool {
    audience.is_aggregate() && n < THRESHOLD
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0u64), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}

/// Computes effect 1 on the report date `as_of` from the episodes of a programme: those given
/// count once their after-window has ended, the rest and `not_yet_followed_up` more (counted
/// by the caller without their months) are shown as not yet followed up.
#[must_use]
pub fn public_support(
    episodes: &[EpisodeSupport],
    not_yet_followed_up: u64,
    window: u32,
    as_of: Date,
    audience: Audience,
) -> PublicSupport {
    let followed: Vec<&EpisodeSupport> = episodes
        .iter()
        .filter(|e| {
            e.exit
                .is_some_and(|exit| after_window_ended(exit, window, as_of))
        })
        .collect();
    let n = followed.len() as u64;
    let not_yet_followed_up = not_yet_followed_up + (episodes.len() as u64 - n);
    let suppressed = hidden(n, audience);
    if suppressed || n == 0 {
        return PublicSupport {
            window_months: window,
            n,
            not_yet_followed_up,
            suppressed,
            months_before_mean: None,
            months_after_mean: None,
            change: None,
            without_support_after: None,
            without_support_after_percent: None,
            by_actor: Vec::new(),
            transitions: Vec::new(),
            cohorts: Vec::new(),
            recorded_percent: None,
        };
    }
    let pairs: Vec<(f64, f64)> = followed
        .iter()
        .map(|e| (f64::from(e.before_months), f64::from(e.after_months)))
        .collect();
    let without = followed.iter().filter(|e| !e.on_support_last_month).count() as u64;
    let without_cells = visible_counts(&[without, n - without], audience);
    let by_actor = PayingActor::ALL
        .iter()
        .enumerate()
        .map(|(index, actor)| {
            let sum = |side: fn(&EpisodeSupport) -> WindowShares| {
                followed
                    .iter()
                    .map(|e| side(e).by_actor[index])
                    .sum::<u64>() as f64
                    / 100.0
            };
            ActorFte {
                actor: *actor,
                fte_months_before: sum(|e| e.before_shares),
                fte_months_after: sum(|e| e.after_shares),
            }
        })
        .collect();
    let recorded: u64 = followed
        .iter()
        .map(|e| u64::from(e.before_recorded) + u64::from(e.after_recorded))
        .sum();
    PublicSupport {
        window_months: window,
        n,
        not_yet_followed_up,
        suppressed,
        months_before_mean: mean(pairs.iter().map(|p| p.0)),
        months_after_mean: mean(pairs.iter().map(|p| p.1)),
        change: PairedChange::from_pairs(&pairs, FEWER_IS_BETTER),
        without_support_after: without_cells[0],
        without_support_after_percent: without_cells[0].map(|w| 100.0 * w as f64 / n as f64),
        by_actor,
        transitions: transitions(&followed, audience),
        cohorts: cohorts(&followed, audience),
        recorded_percent: Some(100.0 * recorded as f64 / (2 * u64::from(window) * n) as f64),
    }
}

fn transitions(followed: &[&EpisodeSupport], audience: Audience) -> Vec<GroupTransition> {
    let mut counts: BTreeMap<(Option<SupportGroup>, Option<SupportGroup>), u64> = BTreeMap::new();
    for e in followed {
        *counts
            .entry((e.before_shares.main_group(), e.after_shares.main_group()))
            .or_default() += 1;
    }
    let values: Vec<u64> = counts.values().copied().collect();
    counts
        .keys()
        .zip(visible_counts(&values, audience))
        .map(|(&(before, after), count)| GroupTransition {
            before,
            after,
            count,
        })
        .collect()
}

fn cohorts(followed: &[&EpisodeSupport], audience: Audience) -> Vec<CohortSupport> {
    let mut by_year: BTreeMap<i32, Vec<&EpisodeSupport>> = BTreeMap::new();
    for e in followed {
        by_year.entry(e.intake.year()).or_default().push(e);
    }
    let sizes: Vec<u64> = by_year.values().map(|g| g.len() as u64).collect();
    by_year
        .into_iter()
        .zip(visible_counts(&sizes, audience))
        .map(|((cohort, members), n)| CohortSupport {
            cohort,
            n,
            months_before_mean: n
                .and_then(|_| mean(members.iter().map(|e| f64::from(e.before_months)))),
            months_after_mean: n
                .and_then(|_| mean(members.iter().map(|e| f64::from(e.after_months)))),
        })
        .collect()
}

/// When an occupation was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "months")]
pub enum OccupationOccasion {
    #[serde(rename = "intake")]
    Intake,
    #[serde(rename = "exit")]
    Exit,
    /// A follow-up this many months after exit.
    #[serde(rename = "follow-up")]
    FollowUp(u32),
}

/// How many episodes had one occupation on one occasion: a row of storage's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccupationCount {
    pub occasion: OccupationOccasion,
    pub occupation: Occupation,
    pub count: u64,
}

/// The four occupation groups on one occasion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OccupationRow {
    pub occasion: OccupationOccasion,
    /// Episodes with an occupation recorded on this occasion.
    pub n: u64,
    pub suppressed: bool,
    /// In [`OccupationGroup::ALL`] order; `None` when hidden.
    pub groups: Vec<(OccupationGroup, Option<u64>)>,
}

/// Effect 2, part one: the occupation groups at intake, exit and each follow-up.
#[must_use]
pub fn occupation(counts: &[OccupationCount], audience: Audience) -> Vec<OccupationRow> {
    let mut by_occasion: BTreeMap<OccupationOccasion, BTreeMap<OccupationGroup, u64>> =
        BTreeMap::new();
    for row in counts {
        *by_occasion
            .entry(row.occasion)
            .or_default()
            .entry(row.occupation.group())
            .or_default() += row.count;
    }
    by_occasion
        .into_iter()
        .map(|(occasion, groups)| {
            let values: Vec<u64> = OccupationGroup::ALL
                .iter()
                .map(|g| groups.get(g).copied().unwrap_or(0))
                .collect();
            let n: u64 = values.iter().sum();
            let suppressed = hidden(n, audience);
            let cells = if suppressed {
                vec![None; values.len()]
            } else {
                visible_counts(&values, audience)
            };
            OccupationRow {
                occasion,
                n,
                suppressed,
                groups: OccupationGroup::ALL.iter().copied().zip(cells).collect(),
            }
        })
        .collect()
}

/// Employment in social enterprises, counted by storage from the memberships of the
/// programme's participants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// People who have held an employment in a social enterprise at any time.
    pub held: u64,
    /// People who hold one on the report date.
    pub holds: u64,
    /// Hours per week, in tenths, of the employments held on the report date.
    pub hours_tenths: u64,
}

/// Effect 2, part two: jobs in social enterprises.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EnterpriseJobs {
    pub suppressed: bool,
    pub held: Option<u64>,
    pub holds: Option<u64>,
    /// Full-time equivalents now (40 hours a week = 1).
    pub fte: Option<f64>,
}

/// Full time is 40 hours a week (`shared/domain.md` §3).
const FULL_TIME_HOURS_TENTHS: f64 = 400.0;

/// The jobs as the audience may see them: nothing when fewer than five have held a job.
#[must_use]
pub fn enterprise_jobs(counts: JobCounts, audience: Audience) -> EnterpriseJobs {
    if hidden(counts.held, audience) {
        return EnterpriseJobs {
            suppressed: true,
            held: None,
            holds: None,
            fte: None,
        };
    }
    let cells = visible_counts(&[counts.holds, counts.held - counts.holds], audience);
    EnterpriseJobs {
        suppressed: false,
        held: Some(counts.held),
        holds: cells[0],
        fte: cells[0].map(|_| counts.hours_tenths as f64 / FULL_TIME_HOURS_TENTHS),
    }
}

/// One year of the programme's enterprises together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseYear {
    pub year: i32,
    /// Enterprises that reported figures for the year.
    pub enterprises: u64,
    /// In öre.
    pub turnover_ore: i64,
    pub employees: i64,
    pub target_group: i64,
    /// Annual work units, in tenths.
    pub work_units_tenths: i64,
    /// Target group / employees, in percent; `None` without employees.
    pub target_group_percent: Option<f64>,
    /// The change in total turnover from the previous reported year, in percent, counting
    /// only the enterprises that reported both years, so a new enterprise is not growth.
    pub turnover_growth_percent: Option<f64>,
    /// Enterprises whose share reaches the 30 % of LOU 4 kap. 18 §.
    pub meeting_reserved_threshold: u64,
}

/// Effect 5: the programme's enterprises' figures, summed per year, oldest first.
#[must_use]
pub fn enterprise_growth(figures: &[(i64, YearFigures)]) -> Vec<EnterpriseYear> {
    let mut by_year: BTreeMap<i32, BTreeMap<i64, &YearFigures>> = BTreeMap::new();
    for (enterprise, year) in figures {
        by_year
            .entry(year.year)
            .or_default()
            .insert(*enterprise, year);
    }
    let mut previous: Option<&BTreeMap<i64, &YearFigures>> = None;
    let mut rows = Vec::new();
    for (year, members) in &by_year {
        let employees: i64 = members.values().map(|f| f.head_counts.employees).sum();
        let target_group: i64 = members.values().map(|f| f.head_counts.target_group).sum();
        let growth = previous.and_then(|before| {
            let (base, now) = members
                .iter()
                .filter_map(|(id, f)| before.get(id).map(|b| (b.turnover.ore(), f.turnover.ore())))
                .fold((0i64, 0i64), |(b, n), (x, y)| (b + x, n + y));
            (base != 0).then(|| 100.0 * (now - base) as f64 / base as f64)
        });
        rows.push(EnterpriseYear {
            year: *year,
            enterprises: members.len() as u64,
            turnover_ore: members.values().map(|f| f.turnover.ore()).sum(),
            employees,
            target_group,
            work_units_tenths: members
                .values()
                .map(|f| f.head_counts.work_units_tenths)
                .sum(),
            target_group_percent: (employees > 0)
                .then(|| 100.0 * target_group as f64 / employees as f64),
            turnover_growth_percent: growth,
            meeting_reserved_threshold: members
                .values()
                .filter(|f| {
                    f.head_counts
                        .reserved_share()
                        .is_some_and(|share| share.qualifies)
                })
                .count() as u64,
        });
        previous = Some(members);
    }
    rows
}

/// How many participants share a sex and an age band at intake: a row of storage's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipantCount {
    pub sex: PersonSex,
    pub age_band: AgeBand,
    pub count: u64,
}

/// Participants by sex and by age band, each a table with its total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participants {
    pub total: u64,
    pub by_sex: Vec<(PersonSex, Option<u64>)>,
    pub by_age_band: Vec<(AgeBand, Option<u64>)>,
}

/// Sums the counts into the two tables, suppressed for the audience.
#[must_use]
pub fn participants(counts: &[ParticipantCount], audience: Audience) -> Participants {
    let by = |same: &dyn Fn(&ParticipantCount) -> bool| -> u64 {
        counts.iter().filter(|c| same(c)).map(|c| c.count).sum()
    };
    let sexes: Vec<u64> = PersonSex::ALL
        .iter()
        .map(|s| by(&|c: &ParticipantCount| c.sex == *s))
        .collect();
    let bands: Vec<u64> = AgeBand::ALL
        .iter()
        .map(|b| by(&|c: &ParticipantCount| c.age_band == *b))
        .collect();
    Participants {
        total: counts.iter().map(|c| c.count).sum(),
        by_sex: PersonSex::ALL
            .iter()
            .copied()
            .zip(visible_counts(&sexes, audience))
            .collect(),
        by_age_band: AgeBand::ALL
            .iter()
            .copied()
            .zip(visible_counts(&bands, audience))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprise_figures::HeadCounts;
    use crate::money::Money;
    use time::macros::date;

    fn ym(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    fn shares(fk: u64, state: u64, akassa: u64, kommun: u64, not_public: u64) -> WindowShares {
        WindowShares {
            by_actor: [fk, state, akassa, kommun],
            not_public,
        }
    }

    fn episode(id: i64, exit: Option<&str>, before: u32, after: u32) -> EpisodeSupport {
        EpisodeSupport {
            episode_id: id,
            intake: ym("2023-03"),
            exit: exit.map(ym),
            before_months: before,
            after_months: after,
            before_recorded: 12,
            after_recorded: 12,
            on_support_last_month: after > 0,
            before_shares: shares(100 * u64::from(before), 0, 0, 0, 0),
            after_shares: shares(0, 0, 0, 0, 100 * u64::from(12 - after)),
        }
    }

    #[test]
    fn every_public_source_has_one_paying_actor_and_no_other_source_has_one() {
        for source in IncomeSource::ALL {
            assert_eq!(
                paying_actor(source).is_some(),
                source.is_public_support(),
                "{source:?}"
            );
            if let Some(actor) = paying_actor(source) {
                assert_eq!(actor_group(actor), source.group());
            }
        }
        assert_eq!(
            sources_paid_by(PayingActor::Staten),
            vec![
                IncomeSource::Aktivitetsstod,
                IncomeSource::Etableringsersattning
            ]
        );
    }

    #[test]
    fn the_window_is_six_twelve_or_twenty_four_months_and_twelve_when_left_out() {
        assert_eq!(parse_window(""), Ok(12));
        assert_eq!(parse_window(" 24 "), Ok(24));
        assert_eq!(parse_window("6"), Ok(6));
        for bad in ["0", "13", "-6", "tolv", "12.0"] {
            assert_eq!(
                parse_window(bad),
                Err(FieldError::new("window", "effects-error-window")),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_after_window_has_ended_only_once_its_last_month_is_over() {
        // Exit in June 2024, window 12: the after-window is July 2024 – June 2025.
        assert!(!after_window_ended(
            ym("2024-06"),
            12,
            date!(2025 - 06 - 30)
        ));
        assert!(after_window_ended(ym("2024-06"), 12, date!(2025 - 07 - 01)));
        assert!(!after_window_ended(
            ym("2024-06"),
            24,
            date!(2025 - 07 - 01)
        ));
    }

    #[test]
    fn the_main_group_is_the_largest_share_and_nothing_recorded_is_none() {
        assert_eq!(
            shares(600, 0, 300, 300, 0).main_group(),
            Some(SupportGroup::Ohalsa)
        );
        // A-kassa and aktivitetsstöd together outweigh sjukpenning.
        assert_eq!(
            shares(500, 300, 300, 0, 0).main_group(),
            Some(SupportGroup::Arbetsmarknadsstod)
        );
        assert_eq!(
            shares(0, 0, 0, 400, 400).main_group(),
            Some(SupportGroup::EkonomisktBistand)
        );
        assert_eq!(shares(0, 0, 0, 0, 0).main_group(), None);
    }

    #[test]
    fn effect_one_counts_only_episodes_whose_after_window_has_ended() {
        // Before/after months by hand: (12, 2), (10, 0), (8, 8), (12, 6), (6, 4); changes
        // −10, −10, 0, −6, −2; means 9,6 and 4,0; mean change −5,6.
        let mut episodes = vec![
            episode(1, Some("2024-01"), 12, 2),
            episode(2, Some("2024-02"), 10, 0),
            episode(3, Some("2024-03"), 8, 8),
            episode(4, Some("2024-04"), 12, 6),
            episode(5, Some("2024-05"), 6, 4),
        ];
        // Exit 2024-12: the window ends 2025-12, after the report date; open: never.
        episodes.push(episode(6, Some("2024-12"), 12, 0));
        episodes.push(episode(7, None, 12, 0));
        let report = public_support(&episodes, 0, 12, date!(2025 - 07 - 01), Audience::Steering);
        assert_eq!(report.n, 5);
        assert_eq!(report.not_yet_followed_up, 2);
        assert!(!report.suppressed);
        assert_eq!(report.months_before_mean, Some(9.6));
        assert_eq!(report.months_after_mean, Some(4.0));
        let change = report.change.unwrap();
        assert!((change.mean_change - -5.6).abs() < 1e-12);
        assert_eq!(change.median_change, -6.0);
        // Four non-zero changes, two tied at rank 3,5: p = 0,125 by full enumeration.
        assert!((change.wilcoxon_p.unwrap() - 0.125).abs() < 1e-12);
        // sd = √(((−4,4)² + (−4,4)² + 5,6² + (−0,4)² + 3,6²) / 4) = √(83,2 / 4) = √20,8.
        let half = 2.776_445_105_197_793 * 20.8f64.sqrt() / 5f64.sqrt();
        assert!((change.ci95_low.unwrap() - (-5.6 - half)).abs() < 1e-9);
        assert!((change.ci95_high.unwrap() - (-5.6 + half)).abs() < 1e-9);
        // Only episode 2 has no support in its last month: 1 of 5, hidden with its complement
        // for the aggregate roles, shown to staff.
        assert_eq!(report.without_support_after, None);
        let staff = public_support(
            &episodes,
            0,
            12,
            date!(2025 - 07 - 01),
            Audience::Coordinator,
        );
        assert_eq!(staff.without_support_after, Some(1));
        assert_eq!(staff.without_support_after_percent, Some(20.0));
        assert_eq!(
            staff.by_actor[0],
            ActorFte {
                actor: PayingActor::Forsakringskassan,
                fte_months_before: 48.0,
                fte_months_after: 0.0,
            }
        );
        assert_eq!(staff.recorded_percent, Some(100.0));
    }

    #[test]
    fn effect_one_for_fewer_than_five_is_suppressed_for_the_steering_group_only() {
        let episodes = [
            episode(1, Some("2024-01"), 12, 2),
            episode(2, Some("2024-02"), 10, 0),
        ];
        let aggregate = public_support(&episodes, 0, 12, date!(2026 - 01 - 01), Audience::Steering);
        assert!(aggregate.suppressed);
        assert_eq!(aggregate.n, 2);
        assert_eq!(aggregate.months_before_mean, None);
        assert!(aggregate.by_actor.is_empty());
        let staff = public_support(
            &episodes,
            0,
            12,
            date!(2026 - 01 - 01),
            Audience::Coordinator,
        );
        assert_eq!(staff.months_before_mean, Some(11.0));
        assert_eq!(staff.months_after_mean, Some(1.0));
    }

    #[test]
    fn the_transition_table_counts_main_groups_before_and_after() {
        let episodes: Vec<EpisodeSupport> = (1..=6)
            .map(|id| episode(id, Some("2024-01"), 12, 0))
            .collect();
        let report = public_support(&episodes, 0, 12, date!(2026 - 01 - 01), Audience::Steering);
        assert_eq!(
            report.transitions,
            vec![GroupTransition {
                before: Some(SupportGroup::Ohalsa),
                after: Some(SupportGroup::NotPublic),
                count: Some(6),
            }]
        );
        assert_eq!(
            report.cohorts,
            vec![CohortSupport {
                cohort: 2023,
                n: Some(6),
                months_before_mean: Some(12.0),
                months_after_mean: Some(0.0),
            }]
        );
    }

    #[test]
    fn occupation_groups_are_summed_per_occasion_and_small_cells_hidden() {
        let count = |occasion, occupation, count| OccupationCount {
            occasion,
            occupation,
            count,
        };
        let rows = occupation(
            &[
                count(OccupationOccasion::Intake, Occupation::JobSeeking, 6),
                count(OccupationOccasion::Intake, Occupation::SickLeave, 4),
                count(OccupationOccasion::Intake, Occupation::WorkTraining, 2),
                count(OccupationOccasion::Exit, Occupation::Work, 5),
                count(OccupationOccasion::Exit, Occupation::SubsidisedWork, 2),
                count(OccupationOccasion::FollowUp(6), Occupation::Work, 3),
            ],
            Audience::Steering,
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].n, 12);
        assert_eq!(
            rows[0].groups,
            vec![
                (OccupationGroup::GainfulWork, Some(0)),
                (OccupationGroup::Studies, Some(0)),
                (OccupationGroup::JobSeeking, Some(6)),
                (OccupationGroup::Other, Some(6)),
            ]
        );
        assert_eq!(rows[1].groups[0], (OccupationGroup::GainfulWork, Some(7)));
        assert!(rows[2].suppressed);
        assert_eq!(rows[2].groups[0], (OccupationGroup::GainfulWork, None));
    }

    #[test]
    fn jobs_give_full_time_equivalents_at_forty_hours_a_week() {
        let counts = JobCounts {
            held: 7,
            holds: 5,
            hours_tenths: 1_600,
        };
        assert_eq!(
            enterprise_jobs(counts, Audience::Steering),
            EnterpriseJobs {
                suppressed: false,
                held: Some(7),
                holds: None,
                fte: None,
            }
        );
        assert_eq!(
            enterprise_jobs(counts, Audience::Coordinator).fte,
            Some(4.0)
        );
        assert!(
            enterprise_jobs(
                JobCounts {
                    held: 3,
                    holds: 3,
                    hours_tenths: 1_200
                },
                Audience::Steering
            )
            .suppressed
        );
    }

    fn figures(year: i32, turnover_kr: i64, employees: i64, target: i64) -> YearFigures {
        YearFigures {
            year,
            turnover: Money::from_ore(turnover_kr * 100),
            result: Money::from_ore(0),
            wage_costs: Money::from_ore(0),
            public_revenue: Money::from_ore(0),
            reinvested_surplus: Money::from_ore(0),
            head_counts: HeadCounts {
                counted_on: date!(2025 - 12 - 31),
                employees,
                target_group: target,
                work_units_tenths: employees * 8,
            },
        }
    }

    #[test]
    fn enterprise_growth_sums_years_and_grows_only_on_enterprises_in_both_years() {
        let rows = enterprise_growth(&[
            (1, figures(2024, 400_000, 4, 2)),
            (1, figures(2025, 500_000, 5, 2)),
            (2, figures(2025, 100_000, 3, 1)),
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].turnover_growth_percent, None);
        assert_eq!(rows[0].meeting_reserved_threshold, 1);
        assert_eq!(rows[1].enterprises, 2);
        assert_eq!(rows[1].turnover_ore, 60_000_000);
        assert_eq!(rows[1].employees, 8);
        assert_eq!(rows[1].work_units_tenths, 64);
        assert_eq!(rows[1].target_group_percent, Some(37.5));
        // 400 000 → 500 000 for enterprise 1; enterprise 2 is new and not growth.
        assert_eq!(rows[1].turnover_growth_percent, Some(25.0));
        // 2 of 5 = 40 % and 1 of 3 = 33,3 %: both reach 30 %.
        assert_eq!(rows[1].meeting_reserved_threshold, 2);
    }

    #[test]
    fn participants_are_tabled_by_sex_and_age_band_with_small_cells_hidden() {
        let count = |sex, age_band, count| ParticipantCount {
            sex,
            age_band,
            count,
        };
        let table = participants(
            &[
                count(PersonSex::Female, AgeBand::From25To34, 6),
                count(PersonSex::Male, AgeBand::From25To34, 5),
                count(PersonSex::Female, AgeBand::From45To54, 7),
                count(PersonSex::Male, AgeBand::From55, 2),
            ],
            Audience::Steering,
        );
        assert_eq!(table.total, 20);
        assert_eq!(table.by_sex[0], (PersonSex::Female, Some(13)));
        assert_eq!(table.by_sex[1], (PersonSex::Male, Some(7)));
        assert_eq!(table.by_age_band[1], (AgeBand::From25To34, Some(11)));
        // The 2 is hidden, and the smallest other band with it, so it cannot be subtracted out.
        assert_eq!(table.by_age_band[3], (AgeBand::From45To54, None));
        assert_eq!(table.by_age_band[4], (AgeBand::From55, None));
    }
}
