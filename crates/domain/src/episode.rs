//! An episode: one stay of one person in one programme, from referral to follow-up.
//!
//! The lifecycle is a small state machine. Every change of state goes through
//! [`EpisodeStatus::apply`], so a rule such as "no intake without consent to participate" or
//! "only an active participant completes the plan" holds whichever door (form, API, CLI) the
//! change comes through.

use crate::code::required_choice;
use crate::timestamp::{Timestamp, add_months, parse_date};
use crate::validation::{FieldError, ValidationErrors};
use time::Date;

crate::coded_enum! {
    /// Where an episode stands. `Exited` covers both completion and interruption; the exit
    /// reason tells them apart.
    pub enum EpisodeStatus {
        /// Referred by a partner or by the person; nothing but identity and referrer is held.
        Referred => "referred",
        /// Consent to participate is recorded; baseline data is being gathered.
        Intake => "intake",
        Active => "active",
        Exited => "exited",
    }
}

crate::coded_enum! {
    pub enum ExitReason {
        Completed => "completed",
        OwnChoice => "own-choice",
        ConsentWithdrawn => "consent-withdrawn",
        Moved => "moved",
        Illness => "illness",
        Other => "other",
        /// The episode should never have existed; it is left out of every statistic.
        RegisteredInError => "registered-in-error",
    }
}

impl ExitReason {
    /// Whether the episode ended before its plan was completed.
    pub fn is_interruption(self) -> bool {
        !matches!(self, ExitReason::Completed | ExitReason::RegisteredInError)
    }

    pub fn counts_in_statistics(self) -> bool {
        self != ExitReason::RegisteredInError
    }
}

/// Something that moves an episode along its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Consent to participate was recorded at intake.
    Intake,
    /// Baseline data is complete and work begins.
    Start,
    Exit(ExitReason),
}

/// Why a transition is not possible from the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{transition:?} is not possible from {from:?}")]
pub struct TransitionError {
    pub from: EpisodeStatus,
    pub transition: Transition,
}

impl TransitionError {
    pub fn message_key(&self) -> &'static str {
        match (self.from, self.transition) {
            (EpisodeStatus::Exited, _) => "episode-error-already-exited",
            (_, Transition::Exit(ExitReason::Completed)) => "episode-error-complete-needs-active",
            (_, Transition::Start) => "episode-error-start-needs-intake",
            (_, _) => "episode-error-intake-needs-referral",
        }
    }
}

impl EpisodeStatus {
    /// The state after `transition`, or why it cannot happen.
    pub fn apply(self, transition: Transition) -> Result<EpisodeStatus, TransitionError> {
        use EpisodeStatus::*;
        let next = match (self, transition) {
            (Referred, Transition::Intake) => Some(Intake),
            (Intake, Transition::Start) => Some(Active),
            (Active, Transition::Exit(ExitReason::Completed)) => Some(Exited),
            (Referred | Intake | Active, Transition::Exit(reason))
                if reason != ExitReason::Completed =>
            {
                Some(Exited)
            }
            _ => None,
        };
        next.ok_or(TransitionError {
            from: self,
            transition,
        })
    }

    /// Whether the person is still in the programme (referred, at intake or active).
    pub fn is_open(self) -> bool {
        self != EpisodeStatus::Exited
    }

    /// Whether consent to participate has been given, so baseline data, notes and plans may
    /// be recorded.
    pub fn has_intake(self) -> bool {
        matches!(self, EpisodeStatus::Intake | EpisodeStatus::Active)
    }
}

/// How long a coordinator may undo an exit or a consent withdrawal recorded by mistake, counted
/// from when it was recorded. Two weeks covers a slip noticed at the next meeting with the
/// person or at the fortnightly case review, and ends long before the half-year funder figures
/// (Uppföljning Finsam) that count the exit are compiled, so a correction never changes a
/// figure already reported. Later, a mistaken exit is handled as a new referral.
pub const CORRECTION_DAYS: i64 = 14;

/// Whether something recorded at `recorded_at` may still be undone at `now`. Records from
/// before the time of recording was kept (`None`) are past correcting.
pub fn within_correction_period(recorded_at: Option<Timestamp>, now: Timestamp) -> bool {
    recorded_at.is_some_and(|at| now < at.plus(time::Duration::days(CORRECTION_DAYS)))
}

/// What an episode's own data says it had reached before it was exited: the status an undone
/// exit returns it to. Consent to participate makes it an intake; baseline data, active.
pub fn reopened_status(episode: &Episode) -> EpisodeStatus {
    if episode.baseline.is_some() {
        EpisodeStatus::Active
    } else if episode.intake_on.is_some() {
        EpisodeStatus::Intake
    } else {
        EpisodeStatus::Referred
    }
}

/// Whether a mistaken exit may be undone, and the status it returns to. An exit made by
/// withdrawing consent is undone by undoing the withdrawal, so the consent and the episode
/// cannot disagree; once a follow-up has been recorded the exit has been acted on and stays.
/// The error is a message key of the `exit` field.
pub fn check_exit_correction(
    episode: &Episode,
    recorded_at: Option<Timestamp>,
    now: Timestamp,
    participation_consent: bool,
    follow_up_recorded: bool,
) -> Result<EpisodeStatus, FieldError> {
    if episode.status != EpisodeStatus::Exited {
        return Err(FieldError::new("exit", "correction-error-not-exited"));
    }
    if !within_correction_period(recorded_at, now) {
        return Err(FieldError::new("exit", "correction-error-too-late")
            .with_arg("days", CORRECTION_DAYS.to_string()));
    }
    let status = reopened_status(episode);
    if status.has_intake() && !participation_consent {
        return Err(FieldError::new(
            "exit",
            "correction-error-consent-withdrawn",
        ));
    }
    if follow_up_recorded {
        return Err(FieldError::new(
            "exit",
            "correction-error-follow-up-recorded",
        ));
    }
    Ok(status)
}

crate::coded_enum! {
    /// Education level as SUS and the domain brief list it.
    pub enum EducationLevel {
        PrimaryShort => "forgymnasial-kort",
        Primary => "forgymnasial",
        UpperSecondaryShort => "gymnasial-kort",
        UpperSecondary => "gymnasial",
        PostSecondaryShort => "eftergymnasial-kort",
        PostSecondary => "eftergymnasial",
        Unknown => "okand",
    }
}

crate::coded_enum! {
    /// Occupation (sysselsättning), reported in four groups; the detail is kept for the plan.
    pub enum Occupation {
        Work => "arbete",
        SubsidisedWork => "arbete-med-stod",
        OwnBusiness => "eget-foretag",
        Studies => "studier",
        JobSeeking => "arbetssokande",
        WorkTraining => "arbetstraning",
        Rehabilitation => "rehabilitering",
        SickLeave => "sjukskriven",
        NoOccupation => "ingen",
    }
}

crate::coded_enum! {
    /// The four reporting groups of occupation.
    pub enum OccupationGroup {
        GainfulWork => "forvarvsarbete",
        Studies => "studier",
        JobSeeking => "arbetssokande",
        Other => "ovrigt",
    }
}

impl Occupation {
    pub fn group(self) -> OccupationGroup {
        match self {
            Occupation::Work | Occupation::SubsidisedWork | Occupation::OwnBusiness => {
                OccupationGroup::GainfulWork
            }
            Occupation::Studies => OccupationGroup::Studies,
            Occupation::JobSeeking => OccupationGroup::JobSeeking,
            Occupation::WorkTraining
            | Occupation::Rehabilitation
            | Occupation::SickLeave
            | Occupation::NoOccupation => OccupationGroup::Other,
        }
    }
}

crate::coded_enum! {
    /// Time outside the labour market, or on public support, in the bands of the old SUS.
    pub enum DurationBand {
        UnderSixMonths => "under-6-man",
        SixToTwelveMonths => "6-12-man",
        OneToTwoYears => "1-2-ar",
        TwoToFiveYears => "2-5-ar",
        OverFiveYears => "over-5-ar",
        Unknown => "okand",
    }
}

/// Baseline data (at intake) or exit data, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotInput {
    pub education: String,
    pub occupation: String,
    pub occupation_percent: String,
    /// Baseline only.
    pub time_outside: String,
    /// Baseline only.
    pub time_on_support: String,
}

/// Education and occupation at intake or exit; the durations only at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub education: EducationLevel,
    pub occupation: Occupation,
    /// Percent of full time, where 100 % is 40 hours a week.
    pub occupation_percent: u8,
    pub time_outside: Option<DurationBand>,
    pub time_on_support: Option<DurationBand>,
}

impl SnapshotInput {
    /// At intake every field is required; at exit the durations are not asked.
    pub fn parse(&self, at_intake: bool) -> Result<Snapshot, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let education = errors.check(required_choice("education", &self.education));
        let occupation = errors.check(required_choice("occupation", &self.occupation));
        let occupation_percent = errors.check(parse_percent(
            "occupation_percent",
            &self.occupation_percent,
        ));
        let (time_outside, time_on_support) = if at_intake {
            (
                errors.check(required_choice("time_outside", &self.time_outside).map(Some)),
                errors.check(required_choice("time_on_support", &self.time_on_support).map(Some)),
            )
        } else {
            (Some(None), Some(None))
        };
        match (
            education,
            occupation,
            occupation_percent,
            time_outside,
            time_on_support,
        ) {
            (
                Some(education),
                Some(occupation),
                Some(occupation_percent),
                Some(time_outside),
                Some(time_on_support),
            ) if errors.is_empty() => Ok(Snapshot {
                education,
                occupation,
                occupation_percent,
                time_outside,
                time_on_support,
            }),
            _ => Err(errors),
        }
    }
}

/// A whole percent 0–100, as typed: "50", "50 %" or "50%".
pub fn parse_percent(field: &'static str, input: &str) -> Result<u8, FieldError> {
    let text = input.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    match text.parse::<u8>() {
        Ok(value) if value <= 100 => Ok(value),
        _ => Err(FieldError::new(field, "error-percent")),
    }
}

/// A date as typed, required.
pub fn required_date(field: &'static str, input: &str) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    parse_date(input.trim()).ok_or_else(|| FieldError::new(field, "error-date-format"))
}

/// A date as typed; blank is `None`.
pub fn optional_date(field: &'static str, input: &str) -> Result<Option<Date>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    required_date(field, input).map(Some)
}

/// The exit form: date, reason and exit data (the data only when the person is reachable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExitInput {
    pub exit_on: String,
    pub reason: String,
    pub snapshot: SnapshotInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitDraft {
    pub exit_on: Date,
    pub reason: ExitReason,
    /// Absent when the form left occupation blank (e.g. the person could not be reached).
    pub snapshot: Option<Snapshot>,
}

impl ExitInput {
    /// `intake_on` (if any) and `today` bound the exit date.
    pub fn parse(&self, referred_on: Date, today: Date) -> Result<ExitDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let exit_on = errors.check(required_date("exit_on", &self.exit_on).and_then(|d| {
            if d < referred_on {
                Err(
                    FieldError::new("exit_on", "episode-error-exit-before-referral")
                        .with_arg("date", crate::swedish::format_date(referred_on)),
                )
            } else if d > today {
                Err(FieldError::new("exit_on", "error-date-in-future"))
            } else {
                Ok(d)
            }
        }));
        let reason = errors.check(required_choice("reason", &self.reason));
        let blank = self.snapshot.education.trim().is_empty()
            && self.snapshot.occupation.trim().is_empty()
            && self.snapshot.occupation_percent.trim().is_empty();
        let snapshot = if blank {
            None
        } else {
            match self.snapshot.parse(false) {
                Ok(snapshot) => Some(snapshot),
                Err(snapshot_errors) => {
                    for error in snapshot_errors.iter() {
                        errors.push(error.clone());
                    }
                    None
                }
            }
        };
        match (exit_on, reason) {
            (Some(exit_on), Some(reason)) if errors.is_empty() => Ok(ExitDraft {
                exit_on,
                reason,
                snapshot,
            }),
            _ => Err(errors),
        }
    }
}

/// The default months after exit at which follow-ups are due.
pub const DEFAULT_FOLLOW_UP_MONTHS: [u8; 3] = [3, 6, 12];

/// Parses a programme's follow-up months, e.g. "3, 6, 12": distinct, ascending, 1–60.
pub fn parse_follow_up_months(field: &'static str, input: &str) -> Result<Vec<u8>, FieldError> {
    let mut months = Vec::new();
    for part in input
        .split([',', ' ', ';'])
        .filter(|p| !p.trim().is_empty())
    {
        match part.trim().parse::<u8>() {
            Ok(m) if (1..=60).contains(&m) => months.push(m),
            _ => return Err(FieldError::new(field, "programme-error-follow-up-months")),
        }
    }
    months.sort_unstable();
    months.dedup();
    if months.is_empty() {
        return Err(FieldError::new(field, "programme-error-follow-up-months"));
    }
    Ok(months)
}

/// The dates follow-ups fall due after an exit on `exit_on`: the same day of the month
/// `months` later, or the month's last day when it is shorter.
pub fn follow_up_dates(exit_on: Date, months: &[u8]) -> Vec<(u8, Date)> {
    months
        .iter()
        .map(|&m| (m, add_months(exit_on, i32::from(m))))
        .collect()
}

/// A follow-up after exit, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpInput {
    pub done_on: String,
    /// Whether the person could be reached; if not, nothing more is asked.
    pub reached: bool,
    pub occupation: String,
    pub occupation_percent: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDraft {
    pub done_on: Date,
    /// `None` when the person could not be reached.
    pub outcome: Option<(Occupation, u8)>,
}

/// How many days before its due date a follow-up may be recorded: a scheduling margin. Earlier
/// than that, a "3-month" follow-up would not measure the situation three months after exit.
pub const FOLLOW_UP_EARLY_DAYS: i64 = 14;

impl FollowUpInput {
    /// Checks a follow-up due on `due_on` for an episode that ended on `exit_on`.
    pub fn parse(
        &self,
        exit_on: Date,
        due_on: Date,
        today: Date,
    ) -> Result<FollowUpDraft, ValidationErrors> {
        let earliest = due_on.saturating_sub(time::Duration::days(FOLLOW_UP_EARLY_DAYS));
        let mut errors = ValidationErrors::new();
        let done_on = errors.check(required_date("done_on", &self.done_on).and_then(|d| {
            if d < exit_on {
                Err(FollowUpInput::before_exit(exit_on))
            } else if d < earliest {
                Err(
                    FieldError::new("done_on", "episode-error-follow-up-too-early")
                        .with_arg("date", crate::swedish::format_date(earliest)),
                )
            } else if d > today {
                Err(FieldError::new("done_on", "error-date-in-future"))
            } else {
                Ok(d)
            }
        }));
        let outcome = if self.reached {
            let occupation = errors.check(required_choice("occupation", &self.occupation));
            let percent = errors.check(parse_percent(
                "occupation_percent",
                &self.occupation_percent,
            ));
            occupation.zip(percent)
        } else {
            None
        };
        match done_on {
            Some(done_on) if errors.is_empty() => Ok(FollowUpDraft { done_on, outcome }),
            _ => Err(errors),
        }
    }

    fn before_exit(exit_on: Date) -> FieldError {
        FieldError::new("done_on", "episode-error-follow-up-before-exit")
            .with_arg("date", crate::swedish::format_date(exit_on))
    }
}

/// An episode as stored: one referral of a person to a programme, through intake to exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub id: i64,
    pub person_id: i64,
    pub programme_id: i64,
    pub status: EpisodeStatus,
    pub referred_on: Date,
    /// `None` for a self-referral.
    pub referring_organisation_id: Option<i64>,
    pub referring_user_id: Option<i64>,
    pub assigned_organisation_id: Option<i64>,
    pub intake_on: Option<Date>,
    pub exit_on: Option<Date>,
    pub exit_reason: Option<ExitReason>,
    pub baseline: Option<Snapshot>,
    pub exit_data: Option<Snapshot>,
    pub updated_at: Timestamp,
}

/// Who referred, as stored on a new episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referral {
    pub person_id: i64,
    pub programme_id: i64,
    pub referred_on: Date,
    pub referring_organisation_id: Option<i64>,
    pub referring_user_id: Option<i64>,
    pub assigned_organisation_id: Option<i64>,
}

/// A follow-up after exit, as stored: when it is due and, once done, what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: i64,
    pub episode_id: i64,
    pub months_after: u8,
    pub due_on: Date,
    pub done_on: Option<Date>,
    pub reached: Option<bool>,
    pub occupation: Option<Occupation>,
    pub occupation_percent: Option<u8>,
}

/// A follow-up on the due list, with who it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueFollowUp {
    pub follow_up: FollowUp,
    pub person_id: i64,
    pub programme_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn a_follow_up_is_refused_before_its_due_time_less_the_margin() {
        let input = |done_on: &str| FollowUpInput {
            done_on: done_on.to_string(),
            reached: false,
            ..FollowUpInput::default()
        };
        let exit_on = date!(2026 - 03 - 02);
        let due_on = date!(2026 - 06 - 02);
        let today = date!(2026 - 12 - 01);
        let early = input("2026-03-08")
            .parse(exit_on, due_on, today)
            .unwrap_err();
        assert_eq!(
            early.iter().map(|e| e.key).collect::<Vec<_>>(),
            vec!["episode-error-follow-up-too-early"]
        );
        assert!(input("2026-05-18").parse(exit_on, due_on, today).is_err());
        assert_eq!(
            input("2026-05-19")
                .parse(exit_on, due_on, today)
                .map(|d| d.done_on),
            Ok(date!(2026 - 05 - 19))
        );
    }

    fn exited(intake: bool, baseline: bool) -> Episode {
        Episode {
            id: 1,
            person_id: 1,
            programme_id: 1,
            status: EpisodeStatus::Exited,
            referred_on: date!(2026 - 01 - 05),
            referring_organisation_id: None,
            referring_user_id: None,
            assigned_organisation_id: None,
            intake_on: intake.then_some(date!(2026 - 01 - 20)),
            exit_on: Some(date!(2026 - 06 - 01)),
            exit_reason: Some(ExitReason::OwnChoice),
            baseline: baseline.then_some(Snapshot {
                education: EducationLevel::Primary,
                occupation: Occupation::Work,
                occupation_percent: 0,
                time_outside: None,
                time_on_support: None,
            }),
            exit_data: None,
            updated_at: at("2026-06-01T10:00:00Z"),
        }
    }

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn an_undone_exit_returns_the_episode_to_where_its_data_says_it_was() {
        let recorded = Some(at("2026-06-01T10:00:00Z"));
        let now = at("2026-06-03T09:00:00Z");
        for (intake, baseline, status) in [
            (false, false, EpisodeStatus::Referred),
            (true, false, EpisodeStatus::Intake),
            (true, true, EpisodeStatus::Active),
        ] {
            assert_eq!(
                check_exit_correction(&exited(intake, baseline), recorded, now, true, false),
                Ok(status)
            );
        }
    }

    #[test]
    fn an_exit_can_be_undone_only_within_the_correction_period() {
        let recorded = at("2026-06-01T10:00:00Z");
        let last =
            recorded.plus(time::Duration::days(CORRECTION_DAYS) - time::Duration::seconds(1));
        let past = recorded.plus(time::Duration::days(CORRECTION_DAYS));
        let episode = exited(true, true);
        assert!(check_exit_correction(&episode, Some(recorded), last, true, false).is_ok());
        let error = check_exit_correction(&episode, Some(recorded), past, true, false).unwrap_err();
        assert_eq!(error.key, "correction-error-too-late");
        assert!(check_exit_correction(&episode, None, last, true, false).is_err());
    }

    #[test]
    fn an_exit_by_withdrawn_consent_or_with_a_recorded_follow_up_stays() {
        let recorded = Some(at("2026-06-01T10:00:00Z"));
        let now = at("2026-06-02T10:00:00Z");
        let episode = exited(true, true);
        assert_eq!(
            check_exit_correction(&episode, recorded, now, false, false)
                .unwrap_err()
                .key,
            "correction-error-consent-withdrawn"
        );
        assert_eq!(
            check_exit_correction(&episode, recorded, now, true, true)
                .unwrap_err()
                .key,
            "correction-error-follow-up-recorded"
        );
        let mut open = episode;
        open.status = EpisodeStatus::Active;
        assert_eq!(
            check_exit_correction(&open, recorded, now, true, false)
                .unwrap_err()
                .key,
            "correction-error-not-exited"
        );
    }

    #[test]
    fn the_normal_path_runs_referral_intake_active_completed() {
        let status = EpisodeStatus::Referred
            .apply(Transition::Intake)
            .and_then(|s| s.apply(Transition::Start))
            .and_then(|s| s.apply(Transition::Exit(ExitReason::Completed)));
        assert_eq!(status, Ok(EpisodeStatus::Exited));
    }

    #[test]
    fn only_an_active_participant_completes_the_plan() {
        for from in [EpisodeStatus::Referred, EpisodeStatus::Intake] {
            let error = from
                .apply(Transition::Exit(ExitReason::Completed))
                .unwrap_err();
            assert_eq!(error.message_key(), "episode-error-complete-needs-active");
        }
    }

    #[test]
    fn an_episode_may_be_interrupted_at_any_open_stage() {
        for from in [
            EpisodeStatus::Referred,
            EpisodeStatus::Intake,
            EpisodeStatus::Active,
        ] {
            assert_eq!(
                from.apply(Transition::Exit(ExitReason::Moved)),
                Ok(EpisodeStatus::Exited)
            );
        }
    }

    #[test]
    fn work_cannot_start_without_intake_and_nothing_follows_an_exit() {
        assert_eq!(
            EpisodeStatus::Referred
                .apply(Transition::Start)
                .unwrap_err()
                .message_key(),
            "episode-error-start-needs-intake"
        );
        for transition in [
            Transition::Intake,
            Transition::Start,
            Transition::Exit(ExitReason::Other),
        ] {
            assert_eq!(
                EpisodeStatus::Exited
                    .apply(transition)
                    .unwrap_err()
                    .message_key(),
                "episode-error-already-exited"
            );
        }
    }

    fn any_status() -> impl Strategy<Value = EpisodeStatus> {
        prop::sample::select(EpisodeStatus::ALL.to_vec())
    }

    fn any_transition() -> impl Strategy<Value = Transition> {
        prop_oneof![
            Just(Transition::Intake),
            Just(Transition::Start),
            prop::sample::select(ExitReason::ALL.to_vec()).prop_map(Transition::Exit),
        ]
    }

    proptest! {
        #[test]
        fn no_sequence_of_transitions_leaves_the_exited_state_or_skips_intake(
            transitions in prop::collection::vec(any_transition(), 0..12),
            start in any_status(),
        ) {
            let mut status = start;
            let mut seen_intake = start.has_intake() || start == EpisodeStatus::Exited;
            for transition in transitions {
                if let Ok(next) = status.apply(transition) {
                    prop_assert!(status != EpisodeStatus::Exited);
                    if next == EpisodeStatus::Active {
                        prop_assert!(seen_intake);
                    }
                    if next == EpisodeStatus::Intake {
                        seen_intake = true;
                    }
                    status = next;
                }
            }
        }
    }

    #[test]
    fn registered_in_error_is_left_out_of_statistics_and_is_no_interruption() {
        assert!(!ExitReason::RegisteredInError.counts_in_statistics());
        assert!(!ExitReason::RegisteredInError.is_interruption());
        assert!(ExitReason::Illness.is_interruption());
    }

    #[test]
    fn baseline_requires_every_field_but_exit_data_not_the_durations() {
        let input = SnapshotInput {
            education: "gymnasial".into(),
            occupation: "arbetssokande".into(),
            occupation_percent: "50 %".into(),
            ..SnapshotInput::default()
        };
        let errors = input.parse(true).unwrap_err();
        assert!(errors.for_field("time_outside").is_some());
        let snapshot = input.parse(false).unwrap();
        assert_eq!(snapshot.occupation.group(), OccupationGroup::JobSeeking);
        assert_eq!(snapshot.occupation_percent, 50);
    }

    #[test]
    fn a_percent_above_one_hundred_is_refused() {
        assert_eq!(parse_percent("p", "101").unwrap_err().key, "error-percent");
        assert_eq!(parse_percent("p", "100%"), Ok(100));
    }

    #[test]
    fn an_exit_before_the_referral_or_in_the_future_is_refused() {
        let input = ExitInput {
            exit_on: "2026-01-01".into(),
            reason: "moved".into(),
            ..ExitInput::default()
        };
        let errors = input
            .parse(date!(2026 - 02 - 01), date!(2026 - 11 - 27))
            .unwrap_err();
        assert_eq!(
            errors.for_field("exit_on").unwrap().key,
            "episode-error-exit-before-referral"
        );
        let errors = input
            .parse(date!(2025 - 02 - 01), date!(2025 - 11 - 27))
            .unwrap_err();
        assert_eq!(
            errors.for_field("exit_on").unwrap().key,
            "error-date-in-future"
        );
        let draft = input
            .parse(date!(2025 - 02 - 01), date!(2026 - 11 - 27))
            .unwrap();
        assert_eq!(draft.snapshot, None);
    }

    #[test]
    fn follow_ups_fall_due_on_the_same_day_or_the_end_of_a_shorter_month() {
        assert_eq!(
            follow_up_dates(date!(2026 - 11 - 30), &[3, 6, 12]),
            vec![
                (3, date!(2027 - 02 - 28)),
                (6, date!(2027 - 05 - 30)),
                (12, date!(2027 - 11 - 30))
            ]
        );
    }

    #[test]
    fn a_reached_follow_up_needs_the_occupation_and_an_unreached_one_nothing_more() {
        let mut input = FollowUpInput {
            done_on: "2026-06-01".into(),
            reached: true,
            ..FollowUpInput::default()
        };
        let exit = date!(2026 - 03 - 01);
        let due = date!(2026 - 06 - 01);
        let today = date!(2026 - 11 - 27);
        let errors = input.parse(exit, due, today).unwrap_err();
        assert!(errors.for_field("occupation").is_some());
        input.reached = false;
        assert_eq!(input.parse(exit, due, today).unwrap().outcome, None);
        input.done_on = "2026-02-01".into();
        let errors = input.parse(exit, due, today).unwrap_err();
        assert_eq!(
            errors.for_field("done_on").unwrap().key,
            "episode-error-follow-up-before-exit"
        );
    }

    #[test]
    fn follow_up_months_are_parsed_sorted_and_deduplicated() {
        assert_eq!(parse_follow_up_months("f", "12, 3 6,3"), Ok(vec![3, 6, 12]));
        assert!(parse_follow_up_months("f", "0").is_err());
        assert!(parse_follow_up_months("f", "").is_err());
        assert!(parse_follow_up_months("f", "tre").is_err());
    }
}
