//! A programme's effects and the funder statistics: the evidence that a programme worked.
//!
//! Readable by whoever may see a programme's measures (`Capability::ViewMeasures`:
//! coordinators, the steering group, evaluators). Coordinators see every figure; the
//! aggregate-only roles ([`audience`]) get them through the disclosure-control engine
//! (`stegvis_domain::effects::visible_counts`, and the change report for effects 3 and 4).
//! Every read is audited with the programme's id only.

use std::collections::HashMap;

use time::Date;

use crate::questionnaires::{SRH_GOOD_FROM, parse_stored};
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::change::{self, Audience, GroupChange, ReportSpec, Selector};
use stegvis_domain::effects::{
    self, EnterpriseJobs, EnterpriseYear, OccupationRow, Participants, PublicSupport,
};
use stegvis_domain::funder_statistics::{self, Period, Table};
use stegvis_domain::instrument::Instrument;
use stegvis_domain::programme::Programme;
use stegvis_domain::programme::TargetKind;
use stegvis_domain::statistics::MeaningfulChange;
use stegvis_storage::effects::{self as store, Selection};
use stegvis_storage::programmes;
use stegvis_storage::{Tx, instruments, organisations, questionnaires};

/// The instruments of effect 3 (health).
pub const HEALTH_INSTRUMENTS: [&str; 2] = ["srh", "who5"];
/// The instruments of effect 4 (knowledge of starting an enterprise).
pub const KNOWLEDGE_INSTRUMENTS: [&str; 2] = ["knowledge-self", "knowledge-quiz"];

/// What the report is asked for: the window of effect 1 and the report date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectsQuery {
    pub window: u32,
    pub as_of: Date,
}

impl EffectsQuery {
    /// Reads the `window` and `as_of` parameters; blanks give 12 months and `today` (the app's
    /// date, [`App::today`]).
    ///
    /// # Errors
    ///
    /// `AppError::Invalid` naming `window` or `as_of`.
    pub fn parse(window: &str, as_of: &str, today: Date) -> Result<Self> {
        let mut errors = stegvis_domain::validation::ValidationErrors::new();
        let window = errors.check(effects::parse_window(window));
        let as_of = if as_of.trim().is_empty() {
            Some(today)
        } else {
            errors.check(stegvis_domain::episode::required_date("as_of", as_of))
        };
        match (window, as_of) {
            (Some(window), Some(as_of)) if errors.is_empty() => Ok(Self { window, as_of }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// Effects 3 or 4 for one instrument: the change from intake to exit with its drop-out.
#[derive(Debug, Clone)]
pub struct MeasureSummary {
    pub instrument: Instrument,
    /// Episodes with an answer at intake.
    pub started: Option<u64>,
    /// Of those, episodes that also answered at exit.
    pub answered_both: Option<u64>,
    pub missing: Option<u64>,
    pub change: GroupChange,
}

/// One target of the programme with how far it has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetProgress {
    pub kind: TargetKind,
    pub description: String,
    pub target_value: i64,
    /// Counted over the report's selection for a derived kind, the latest reading for one
    /// followed by hand; `None` without a reading, or for a count of people the audience may
    /// not see (below the disclosure threshold).
    pub achieved: Option<u64>,
}

/// Every effect of a programme (or of all an operator's programmes), as the actor may see it.
#[derive(Debug, Clone)]
pub struct EffectsReport {
    /// The programmes covered: one, or every programme of the operator in the actor's view.
    pub programmes: Vec<Programme>,
    pub query: EffectsQuery,
    pub audience: Audience,
    pub public_support: PublicSupport,
    pub occupation: Vec<OccupationRow>,
    pub enterprise_jobs: EnterpriseJobs,
    pub health: Vec<MeasureSummary>,
    pub knowledge: Vec<MeasureSummary>,
    pub enterprise_growth: Vec<EnterpriseYear>,
    pub targets: Vec<TargetProgress>,
    pub participants: Participants,
}

/// Who reads the figures: coordinators (and the command line) see everything, the others what
/// the disclosure-control engine lets through.
pub fn audience(actor: &Actor) -> Audience {
    match actor.principal().map(|p| p.role) {
        Some(Role::Coordinator) | None => Audience::Coordinator,
        Some(Role::Evaluator) => Audience::Evaluator,
        Some(_) => Audience::Steering,
    }
}

/// The programme `id` if the actor may read its measures and sees it; `NotFound` for a
/// programme outside the actor's scope, as if it did not exist.
pub(crate) async fn visible_programme(tx: &mut Tx, actor: &Actor, id: i64) -> Result<Programme> {
    actor.require(Capability::ViewMeasures)?;
    programmes::get(tx, crate::programmes::scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The effects of one programme the actor may see.
pub async fn programme_effects(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    query: EffectsQuery,
) -> Result<EffectsReport> {
    let mut tx = app.begin_read().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let report = build(
        &mut tx,
        actor,
        Selection::Programme(programme_id),
        vec![programme],
        query,
    )
    .await?;
    tx.commit().await?;
    app.audit_reads(
        actor,
        "effects.read",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    Ok(report)
}

/// The effects of every programme of an operator that the actor may see, together.
pub async fn operator_effects(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    query: EffectsQuery,
) -> Result<EffectsReport> {
    actor.require(Capability::ViewMeasures)?;
    let mut tx = app.begin_read().await?;
    let scope = crate::programmes::scope(actor);
    let covered: Vec<Programme> = programmes::list(&mut tx, scope)
        .await?
        .into_iter()
        .filter(|p| p.operator_id == operator_id)
        .collect();
    if covered.is_empty() {
        return Err(AppError::NotFound);
    }
    let report = build(
        &mut tx,
        actor,
        Selection::Operator { operator_id, scope },
        covered,
        query,
    )
    .await?;
    tx.commit().await?;
    app.audit_reads(
        actor,
        "effects.read",
        &[RecordRef::new("organisation", operator_id)],
    )
    .await?;
    Ok(report)
}

pub(crate) async fn build(
    tx: &mut Tx,
    actor: &Actor,
    selection: Selection,
    covered: Vec<Programme>,
    query: EffectsQuery,
) -> Result<EffectsReport> {
    let audience = audience(actor);
    let windows = store::support_windows(tx, selection, query.window, query.as_of).await?;
    let public_support = effects::public_support(
        &windows.followed,
        windows.not_yet_followed_up,
        query.window,
        query.as_of,
        audience,
    );
    let occupation = effects::occupation(&store::occupations(tx, selection).await?, audience);
    let enterprise_jobs =
        effects::enterprise_jobs(store::jobs(tx, selection, query.as_of).await?, audience);
    let enterprise_growth =
        effects::enterprise_growth(&store::enterprise_figures(tx, selection).await?);
    let participants = effects::participants(&store::participants(tx, selection).await?, audience);
    let health = measures(tx, &covered, &HEALTH_INSTRUMENTS, audience).await?;
    let knowledge = measures(tx, &covered, &KNOWLEDGE_INSTRUMENTS, audience).await?;
    let mut targets = Vec::new();
    for programme in &covered {
        let statuses = crate::targets::statuses(tx, programme, audience).await?;
        for status in statuses {
            let achieved = if status.target.kind.is_derived() {
                crate::targets::derived(tx, selection, programme.operator_id, status.target.kind)
                    .await?
                    .filter(|n| {
                        !(status.target.kind.counts_people()
                            && audience.is_aggregate()
                            && (1..stegvis_domain::disclosure::THRESHOLD).contains(n))
                    })
            } else {
                status
                    .progress()
                    .and_then(|p| u64::try_from(p.current).ok())
            };
            targets.push(TargetProgress {
                kind: status.target.kind,
                description: status.target.description,
                target_value: status.target.target_value,
                achieved,
            });
        }
    }
    Ok(EffectsReport {
        programmes: covered,
        query,
        audience,
        public_support,
        occupation,
        enterprise_jobs,
        health,
        knowledge,
        enterprise_growth,
        targets,
        participants,
    })
}

/// Effects 3 and 4: each instrument's change from intake to exit, summarised like the change
/// report (`crate::questionnaires::change_report`) with the drop-out beside the pair count.
async fn measures(
    tx: &mut Tx,
    covered: &[Programme],
    keys: &[&str],
    audience: Audience,
) -> Result<Vec<MeasureSummary>> {
    let mut summaries = Vec::new();
    for key in keys {
        let Some(stored) = instruments::latest(tx, key).await? else {
            continue;
        };
        let instrument = parse_stored(&stored.key, stored.version, &stored.definition)?;
        let mut answers = Vec::new();
        for programme in covered {
            answers.extend(
                questionnaires::scored_in_programme(tx, programme.id, key)
                    .await?
                    .into_iter()
                    .map(|record| record.answer),
            );
        }
        let spec = ReportSpec {
            meaningful: MeaningfulChange {
                higher_is_better: instrument.higher_is_better(),
                min_meaningful: instrument.min_meaningful_change(),
            },
            good_from: (instrument.key() == "srh").then_some(SRH_GOOD_FROM),
            audience,
        };
        let pairs = change::pairs(&answers, Selector::Baseline, Selector::Exit);
        let mut started: Vec<i64> = answers
            .iter()
            .filter(|a| a.occasion.kind == stegvis_domain::questionnaire::OccasionKind::Baseline)
            .map(|a| a.episode_id)
            .collect();
        started.sort_unstable();
        started.dedup();
        let started = started.len() as u64;
        let both = pairs.len() as u64;
        let hidden = audience.is_aggregate() && started < stegvis_domain::disclosure::THRESHOLD;
        let cells = effects::visible_counts(&[both, started.saturating_sub(both)], audience);
        summaries.push(MeasureSummary {
            started: (!hidden).then_some(started),
            answered_both: if hidden { None } else { cells[0] },
            missing: if hidden { None } else { cells[1] },
            change: change::report(
                &answers,
                &pairs,
                change::Layout {
                    from: Selector::Baseline,
                    to: Selector::Exit,
                    grouping: None,
                    range: instrument.range(),
                },
                spec,
            )
            .total,
            instrument,
        });
    }
    Ok(summaries)
}

/// The funder statistics of one programme for a period.
#[derive(Debug, Clone)]
pub struct FunderStatistics {
    pub programme: Programme,
    pub period: Period,
    pub audience: Audience,
    pub tables: Vec<Table>,
    /// Names of the referring partners, by id, for the partner table.
    pub partner_names: HashMap<i64, String>,
}

/// Counts what Uppföljning Finsam and ESF-style reports ask for, for one programme and period.
pub async fn funder_statistics(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    period: Period,
) -> Result<FunderStatistics> {
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let audience = audience(actor);
    let (tables, partner_names) = funder_tables(
        &mut tx,
        programme_id,
        (period.first_day(), period.last_day()),
        audience,
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "funder-statistics.read",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(FunderStatistics {
        programme,
        period,
        audience,
        tables,
        partner_names,
    })
}

/// The funder tables of a programme between two days (inclusive), with the names of the
/// referring partners they mention.
pub(crate) async fn funder_tables(
    tx: &mut Tx,
    programme_id: i64,
    (from, to): (Date, Date),
    audience: Audience,
) -> Result<(Vec<Table>, HashMap<i64, String>)> {
    let counts = store::funder_counts(tx, programme_id, from, to).await?;
    let follow_ups = store::funder_follow_ups(tx, programme_id, from, to).await?;
    let partner_ids: Vec<i64> = counts
        .iter()
        .filter_map(|c| c.referring_organisation_id)
        .collect();
    let partner_names = organisations::list(tx)
        .await?
        .into_iter()
        .filter(|o| partner_ids.contains(&o.id))
        .map(|o| (o.id, o.name))
        .collect();
    Ok((
        funder_statistics::tables(&counts, &follow_ups, audience),
        partner_names,
    ))
}
