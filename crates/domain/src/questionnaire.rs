//! When participants answer questionnaires, and what an answer is.
//!
//! A programme's schedule says which instruments are asked at which *occasion*: at the start
//! (baseline), every N months while taking part (ongoing), at exit and at each follow-up after
//! exit. From an episode's dates and the answers already given, [`due`] works out what is due
//! now, for the coordinator's list and the participant's own page. Answers are parsed here from
//! what a form or the API sent, so a missing or impossible answer is caught before storage.

use crate::change::ScoredAnswer;
use crate::timestamp::Timestamp;
use std::collections::BTreeMap;

use time::Date;

use crate::instrument::{Instrument, Score, ScoreError};
use crate::timestamp::add_months;
use crate::validation::{FieldError, ValidationErrors};

crate::coded_enum! {
    /// The kinds of occasion a schedule can name.
    pub enum OccasionKind {
        /// At intake, before the programme has had any effect.
        Baseline => "baseline",
        /// Every N months while the participant takes part.
        Ongoing => "ongoing",
        /// At exit.
        Exit => "exit",
        /// A number of months after exit, as the programme's follow-up months say.
        FollowUp => "follow-up",
    }
}

crate::coded_enum! {
    /// How an answer was collected; recorded because a paper form read out by staff and a
    /// form filled in alone are not quite the same measurement.
    pub enum AnswerMode {
        /// The participant answered in the portal.
        Portal => "portal",
        /// Staff typed in a paper form the participant filled in.
        Paper => "paper",
        /// Staff asked the questions and recorded the answers (by phone or in person).
        Interview => "interview",
    }
}

/// The most months between two ongoing occasions a schedule may name.
pub const ONGOING_MAX_MONTHS: u32 = 24;

/// A questionnaire due longer ago than this is counted as missed rather than due: an answer
/// given so late no longer describes that occasion.
pub const DUE_WINDOW_MONTHS: i32 = 3;

/// One occasion of one episode: the kind, and for ongoing and follow-up occasions the number of
/// months after intake or exit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Occasion {
    pub kind: OccasionKind,
    /// Months after intake (ongoing) or after exit (follow-up); 0 for baseline and exit.
    pub months: u32,
}

/// A text that is not an occasion code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown occasion '{0}': use baseline, ongoing-N, exit or follow-up-N")]
pub struct UnknownOccasion(pub String);

impl Occasion {
    pub const BASELINE: Occasion = Occasion {
        kind: OccasionKind::Baseline,
        months: 0,
    };
    pub const EXIT: Occasion = Occasion {
        kind: OccasionKind::Exit,
        months: 0,
    };

    pub fn ongoing(months: u32) -> Self {
        Occasion {
            kind: OccasionKind::Ongoing,
            months,
        }
    }

    pub fn follow_up(months: u32) -> Self {
        Occasion {
            kind: OccasionKind::FollowUp,
            months,
        }
    }

    /// The stable code used in URLs, the API and exports: `baseline`, `ongoing-6`, `exit`,
    /// `follow-up-12`.
    pub fn code(self) -> String {
        match self.kind {
            OccasionKind::Baseline | OccasionKind::Exit => self.kind.code().to_string(),
            OccasionKind::Ongoing | OccasionKind::FollowUp => {
                format!("{}-{}", self.kind.code(), self.months)
            }
        }
    }

    /// Where the occasion falls in a participant's path, for trends and for picking "latest":
    /// baseline, then ongoing by month, then exit, then follow-ups by month.
    pub fn order(self) -> (u8, u32) {
        let rank = match self.kind {
            OccasionKind::Baseline => 0,
            OccasionKind::Ongoing => 1,
            OccasionKind::Exit => 2,
            OccasionKind::FollowUp => 3,
        };
        (rank, self.months)
    }
}

impl std::str::FromStr for Occasion {
    type Err = UnknownOccasion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let unknown = || UnknownOccasion(text.to_string());
        match text {
            "baseline" => return Ok(Occasion::BASELINE),
            "exit" => return Ok(Occasion::EXIT),
            _ => {}
        }
        let (kind, months) = if let Some(rest) = text.strip_prefix("ongoing-") {
            (OccasionKind::Ongoing, rest)
        } else if let Some(rest) = text.strip_prefix("follow-up-") {
            (OccasionKind::FollowUp, rest)
        } else {
            return Err(unknown());
        };
        if months.is_empty() || !months.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let months: u32 = months.parse().map_err(|_| unknown())?;
        if months == 0 || months > 120 {
            return Err(unknown());
        }
        Ok(Occasion { kind, months })
    }
}

impl std::fmt::Display for Occasion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// One line of a programme's schedule: ask `instrument` at occasions of this kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleEntry {
    pub instrument: String,
    pub kind: OccasionKind,
    /// For ongoing occasions, how many months apart; `None` for the other kinds.
    pub every_months: Option<u32>,
}

/// The schedule form for one instrument, as typed: which occasions are ticked, and the interval
/// for ongoing occasions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleRowInput {
    pub instrument: String,
    pub baseline: bool,
    pub ongoing: bool,
    pub every_months: String,
    pub exit: bool,
    pub follow_up: bool,
}

impl ScheduleRowInput {
    /// The schedule lines this row asks for. The error names the instrument, since one form
    /// holds a row per instrument.
    pub fn parse(&self) -> Result<Vec<ScheduleEntry>, FieldError> {
        let mut entries = Vec::new();
        let mut add = |kind, every_months| {
            entries.push(ScheduleEntry {
                instrument: self.instrument.clone(),
                kind,
                every_months,
            });
        };
        if self.baseline {
            add(OccasionKind::Baseline, None);
        }
        if self.ongoing {
            let every = self.every_months.trim();
            let months = every
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=ONGOING_MAX_MONTHS).contains(m))
                .ok_or_else(|| {
                    FieldError::new("every_months", "schedule-error-every-months")
                        .with_arg("instrument", &self.instrument)
                        .with_arg("max", ONGOING_MAX_MONTHS)
                })?;
            add(OccasionKind::Ongoing, Some(months));
        } else if !self.every_months.trim().is_empty()
            && self.every_months.trim().parse::<u32>().is_err()
        {
            return Err(
                FieldError::new("every_months", "schedule-error-every-months")
                    .with_arg("instrument", &self.instrument)
                    .with_arg("max", ONGOING_MAX_MONTHS),
            );
        }
        if self.exit {
            add(OccasionKind::Exit, None);
        }
        if self.follow_up {
            add(OccasionKind::FollowUp, None);
        }
        Ok(entries)
    }

    /// The row for one instrument as currently scheduled, to prefill the form.
    pub fn from_entries(instrument: &str, entries: &[ScheduleEntry]) -> Self {
        let mut row = ScheduleRowInput {
            instrument: instrument.to_string(),
            ..ScheduleRowInput::default()
        };
        for entry in entries.iter().filter(|e| e.instrument == instrument) {
            match entry.kind {
                OccasionKind::Baseline => row.baseline = true,
                OccasionKind::Ongoing => {
                    row.ongoing = true;
                    row.every_months = entry.every_months.unwrap_or(0).to_string();
                }
                OccasionKind::Exit => row.exit = true,
                OccasionKind::FollowUp => row.follow_up = true,
            }
        }
        row
    }
}

/// What of an episode decides when its questionnaires are due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeDates {
    pub intake_on: Option<Date>,
    pub exit_on: Option<Date>,
    /// False for an episode registered in error: nothing is asked of it.
    pub counts: bool,
    /// The programme's follow-up months after exit.
    pub follow_up_months: Vec<u8>,
}

/// A questionnaire due for one episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub instrument: String,
    pub occasion: Occasion,
    pub due_on: Date,
}

/// What is due today for one episode: every scheduled occasion whose date has come, not more
/// than [`DUE_WINDOW_MONTHS`] ago, and not yet answered. Of the ongoing occasions only the most
/// recent one is due, and none after exit. Sorted by date, then instrument.
pub fn due(
    schedule: &[ScheduleEntry],
    dates: &EpisodeDates,
    answered: &[(String, Occasion)],
    today: Date,
) -> Vec<Due> {
    let Some(intake) = dates.intake_on.filter(|_| dates.counts) else {
        return Vec::new();
    };
    let window_start = add_months(today, -DUE_WINDOW_MONTHS);
    let mut due = Vec::new();
    for entry in schedule {
        let mut candidates: Vec<(Occasion, Date)> = Vec::new();
        match entry.kind {
            OccasionKind::Baseline => candidates.push((Occasion::BASELINE, intake)),
            OccasionKind::Ongoing => {
                let every = entry.every_months.unwrap_or(0);
                let until = dates.exit_on.map_or(today, |exit| exit.min(today));
                let mut latest = None;
                let mut months = every;
                while every > 0 && months <= 600 {
                    let on = add_months(intake, i32::try_from(months).unwrap_or(i32::MAX));
                    if on > until || (dates.exit_on.is_some_and(|exit| on >= exit)) {
                        break;
                    }
                    latest = Some((Occasion::ongoing(months), on));
                    months += every;
                }
                candidates.extend(latest);
            }
            OccasionKind::Exit => {
                if let Some(exit) = dates.exit_on {
                    candidates.push((Occasion::EXIT, exit));
                }
            }
            OccasionKind::FollowUp => {
                if let Some(exit) = dates.exit_on {
                    for months in &dates.follow_up_months {
                        let on = add_months(exit, i32::from(*months));
                        candidates.push((Occasion::follow_up(u32::from(*months)), on));
                    }
                }
            }
        }
        for (occasion, due_on) in candidates {
            let done = answered
                .iter()
                .any(|(instrument, o)| *instrument == entry.instrument && *o == occasion);
            if !done && due_on <= today && due_on >= window_start {
                due.push(Due {
                    instrument: entry.instrument.clone(),
                    occasion,
                    due_on,
                });
            }
        }
    }
    due.sort_by(|a, b| {
        a.due_on
            .cmp(&b.due_on)
            .then_with(|| a.instrument.cmp(&b.instrument))
    });
    due
}

/// The answers to one questionnaire, parsed against its definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// Every item of the instrument in order, with the chosen value or `None`.
    pub values: Vec<(String, Option<i64>)>,
}

impl Answers {
    /// Parses answers given as item key → text (a form posts the value of the chosen radio
    /// button). Unknown items and values that are not an option of the item are errors; blank
    /// items are unanswered. Used both for a draft (where unanswered items are fine) and for a
    /// completed questionnaire (see [`Answers::score`]).
    pub fn parse(
        instrument: &Instrument,
        given: &BTreeMap<String, String>,
    ) -> Result<Answers, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for key in given.keys() {
            if !instrument.items().iter().any(|item| item.key == *key) {
                errors.push(
                    FieldError::new("answers", "answer-error-unknown-item").with_arg("item", key),
                );
            }
        }
        let mut values = Vec::new();
        for (index, item) in instrument.items().iter().enumerate() {
            let text = given.get(&item.key).map_or("", |t| t.trim());
            if text.is_empty() {
                values.push((item.key.clone(), None));
                continue;
            }
            match text.parse::<i64>() {
                Ok(value) if item.scale.values.iter().any(|v| v.value == value) => {
                    values.push((item.key.clone(), Some(value)));
                }
                _ => {
                    errors.push(
                        FieldError::new("answers", "answer-error-not-an-option")
                            .with_arg("number", index + 1),
                    );
                    values.push((item.key.clone(), None));
                }
            }
        }
        errors.into_result()?;
        Ok(Answers { values })
    }

    /// The 1-based numbers of the unanswered items, to tell the participant which ones.
    pub fn unanswered(&self) -> Vec<usize> {
        self.values
            .iter()
            .enumerate()
            .filter(|(_, (_, value))| value.is_none())
            .map(|(index, _)| index + 1)
            .collect()
    }

    /// The value given to one item.
    pub fn value(&self, item: &str) -> Option<i64> {
        self.values
            .iter()
            .find(|(key, _)| key == item)
            .and_then(|(_, value)| *value)
    }

    /// Scores a completed questionnaire. Too many unanswered items is a field error naming
    /// them, so the participant can go back to exactly those.
    pub fn score(&self, instrument: &Instrument) -> Result<Score, FieldError> {
        let answers: Vec<(&str, Option<i64>)> = self
            .values
            .iter()
            .map(|(key, value)| (key.as_str(), *value))
            .collect();
        instrument.score(&answers).map_err(|error| match error {
            ScoreError::TooManyMissing { .. } => {
                let numbers: Vec<String> =
                    self.unanswered().iter().map(ToString::to_string).collect();
                FieldError::new("answers", "answer-error-unanswered")
                    .with_arg("items", numbers.join(", "))
                    .with_arg("count", numbers.len())
            }
            other => FieldError::new("answers", other.message_key()),
        })
    }

    /// The answers as stored: a JSON object of item key → value, unanswered items left out.
    pub fn to_json(&self) -> String {
        let map: BTreeMap<&str, i64> = self
            .values
            .iter()
            .filter_map(|(key, value)| value.map(|v| (key.as_str(), v)))
            .collect();
        serde_json::to_string(&map).unwrap_or_else(|_| "{}".to_string())
    }

    /// Stored answers read back against the definition they were given under. Values that no
    /// longer fit (which cannot happen, since versions are immutable) are left unanswered.
    pub fn from_json(instrument: &Instrument, json: &str) -> Answers {
        let map: BTreeMap<String, i64> = serde_json::from_str(json).unwrap_or_default();
        let values = instrument
            .items()
            .iter()
            .map(|item| {
                let value = map
                    .get(&item.key)
                    .copied()
                    .filter(|v| item.scale.values.iter().any(|sv| sv.value == *v));
                (item.key.clone(), value)
            })
            .collect();
        Answers { values }
    }
}

crate::coded_enum! {
    /// Where a response stands.
    pub enum ResponseStatus {
        Draft => "draft",
        Complete => "complete",
    }
}

/// One stored questionnaire, with its answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: i64,
    pub episode_id: i64,
    pub instrument_version_id: i64,
    pub instrument_key: String,
    pub occasion: Occasion,
    pub status: ResponseStatus,
    pub mode: AnswerMode,
    pub language: String,
    /// JSON object of item key to value.
    pub answers: String,
    pub score: Option<f64>,
    pub raw_score: Option<f64>,
    pub answered_on: Option<Date>,
    pub updated_at: Timestamp,
}

/// A scored answer with the person it belongs to, for exports.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredRecord {
    pub person_id: i64,
    pub answer: ScoredAnswer,
}

/// An episode whose questionnaires may be due: past intake, not long exited, the person not
/// anonymised, and consent to questionnaires standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchedulableEpisode {
    pub episode_id: i64,
    pub person_id: i64,
    pub programme_id: i64,
    pub intake_on: Date,
    pub exit_on: Option<Date>,
    /// False for an episode registered in error.
    pub counts: bool,
}

/// What the due lists need of a response: whose, which questionnaire and occasion, and
/// whether it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseKey {
    pub episode_id: i64,
    pub instrument_key: String,
    pub occasion: Occasion,
    pub complete: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::SHIPPED;
    use proptest::prelude::*;
    use time::macros::date;

    fn who5() -> Instrument {
        Instrument::parse(SHIPPED[1].1).unwrap()
    }

    fn entry(kind: OccasionKind, every: Option<u32>) -> ScheduleEntry {
        ScheduleEntry {
            instrument: "who5".into(),
            kind,
            every_months: every,
        }
    }

    fn dates(intake: Option<Date>, exit: Option<Date>) -> EpisodeDates {
        EpisodeDates {
            intake_on: intake,
            exit_on: exit,
            counts: true,
            follow_up_months: vec![6, 12],
        }
    }

    #[test]
    fn occasion_codes_round_trip_and_reject_nonsense() {
        for code in ["baseline", "exit", "ongoing-6", "follow-up-12"] {
            assert_eq!(code.parse::<Occasion>().unwrap().code(), code);
        }
        for bad in [
            "",
            "ongoing",
            "ongoing-0",
            "ongoing-x",
            "follow-up--1",
            "later",
            "exit-3",
        ] {
            assert!(bad.parse::<Occasion>().is_err(), "{bad}");
        }
    }

    #[test]
    fn occasions_order_along_the_participants_path() {
        let mut occasions = [
            Occasion::follow_up(6),
            Occasion::EXIT,
            Occasion::ongoing(12),
            Occasion::BASELINE,
            Occasion::ongoing(6),
        ];
        occasions.sort_by_key(|o| o.order());
        let codes: Vec<String> = occasions.iter().map(|o| o.code()).collect();
        assert_eq!(
            codes,
            ["baseline", "ongoing-6", "ongoing-12", "exit", "follow-up-6"]
        );
    }

    #[test]
    fn a_baseline_is_due_from_intake_until_answered() {
        let schedule = [entry(OccasionKind::Baseline, None)];
        let d = dates(Some(date!(2026 - 10 - 01)), None);
        let due_now = due(&schedule, &d, &[], date!(2026 - 11 - 27));
        assert_eq!(due_now.len(), 1);
        assert_eq!(due_now[0].occasion, Occasion::BASELINE);
        assert_eq!(due_now[0].due_on, date!(2026 - 10 - 01));
        let answered = [("who5".to_string(), Occasion::BASELINE)];
        assert!(due(&schedule, &d, &answered, date!(2026 - 11 - 27)).is_empty());
    }

    #[test]
    fn nothing_is_due_before_intake_or_for_an_episode_registered_in_error() {
        let schedule = [entry(OccasionKind::Baseline, None)];
        assert!(due(&schedule, &dates(None, None), &[], date!(2026 - 11 - 27)).is_empty());
        let mut in_error = dates(Some(date!(2026 - 11 - 01)), None);
        in_error.counts = false;
        assert!(due(&schedule, &in_error, &[], date!(2026 - 11 - 27)).is_empty());
    }

    #[test]
    fn only_the_latest_ongoing_occasion_is_due_and_none_after_exit() {
        let schedule = [entry(OccasionKind::Ongoing, Some(3))];
        let d = dates(Some(date!(2026 - 01 - 15)), None);
        let due_now = due(&schedule, &d, &[], date!(2026 - 11 - 27));
        assert_eq!(due_now.len(), 1);
        assert_eq!(due_now[0].occasion, Occasion::ongoing(9));
        assert_eq!(due_now[0].due_on, date!(2026 - 10 - 15));
        let exited = dates(Some(date!(2026 - 01 - 15)), Some(date!(2026 - 07 - 01)));
        let after_exit = due(&schedule, &exited, &[], date!(2026 - 11 - 27));
        assert!(
            after_exit.is_empty(),
            "month 3 is too old and month 6 was before exit, nothing after: {after_exit:?}"
        );
    }

    #[test]
    fn exit_and_follow_ups_are_due_from_their_dates() {
        let schedule = [
            entry(OccasionKind::Exit, None),
            entry(OccasionKind::FollowUp, None),
        ];
        let d = dates(Some(date!(2025 - 09 - 01)), Some(date!(2026 - 05 - 20)));
        let due_now = due(&schedule, &d, &[], date!(2026 - 11 - 27));
        let codes: Vec<String> = due_now.iter().map(|d| d.occasion.code()).collect();
        assert_eq!(codes, ["follow-up-6"], "exit is over three months ago");
        assert_eq!(due_now[0].due_on, date!(2026 - 11 - 20));
        let just_exited = dates(Some(date!(2025 - 09 - 01)), Some(date!(2026 - 11 - 20)));
        let codes: Vec<String> = due(&schedule, &just_exited, &[], date!(2026 - 11 - 27))
            .iter()
            .map(|d| d.occasion.code())
            .collect();
        assert_eq!(codes, ["exit"]);
    }

    #[test]
    fn a_schedule_row_becomes_its_entries_and_back() {
        let row = ScheduleRowInput {
            instrument: "who5".into(),
            baseline: true,
            ongoing: true,
            every_months: " 6 ".into(),
            exit: true,
            follow_up: false,
        };
        let entries = row.parse().unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].every_months, Some(6));
        let back = ScheduleRowInput::from_entries("who5", &entries);
        assert_eq!(back.every_months, "6");
        assert!(back.baseline && back.ongoing && back.exit && !back.follow_up);
    }

    #[test]
    fn an_ongoing_occasion_needs_an_interval_of_one_to_twenty_four_months() {
        for bad in ["", "0", "25", "tre", "-1"] {
            let row = ScheduleRowInput {
                instrument: "who5".into(),
                ongoing: true,
                every_months: bad.into(),
                ..ScheduleRowInput::default()
            };
            let error = row.parse().unwrap_err();
            assert_eq!(error.key, "schedule-error-every-months", "{bad}");
        }
    }

    #[test]
    fn answers_parse_against_the_definition_and_score() {
        let who5 = who5();
        let given: BTreeMap<String, String> = who5
            .items()
            .iter()
            .map(|item| (item.key.clone(), "3".to_string()))
            .collect();
        let answers = Answers::parse(&who5, &given).unwrap();
        assert!(answers.unanswered().is_empty());
        let score = answers.score(&who5).unwrap();
        assert_eq!(score.raw, 15.0);
        assert_eq!(score.value(), 60.0);
        let back = Answers::from_json(&who5, &answers.to_json());
        assert_eq!(back, answers);
    }

    #[test]
    fn unanswered_items_are_named_when_a_questionnaire_is_completed() {
        let who5 = who5();
        let first = who5.items()[0].key.clone();
        let given = BTreeMap::from([(first, "5".to_string())]);
        let answers = Answers::parse(&who5, &given).unwrap();
        assert_eq!(answers.unanswered(), [2, 3, 4, 5]);
        let error = answers.score(&who5).unwrap_err();
        assert_eq!(error.key, "answer-error-unanswered");
        assert!(
            error
                .args
                .iter()
                .any(|(name, value)| *name == "items" && value == "2, 3, 4, 5")
        );
    }

    #[test]
    fn an_answer_outside_the_scale_or_to_an_unknown_item_is_refused() {
        let who5 = who5();
        let first = who5.items()[0].key.clone();
        let bad_value = BTreeMap::from([(first, "9".to_string())]);
        let errors = Answers::parse(&who5, &bad_value).unwrap_err();
        assert_eq!(
            errors.iter().next().unwrap().key,
            "answer-error-not-an-option"
        );
        let unknown = BTreeMap::from([("no-such-item".to_string(), "1".to_string())]);
        let errors = Answers::parse(&who5, &unknown).unwrap_err();
        assert_eq!(
            errors.iter().next().unwrap().key,
            "answer-error-unknown-item"
        );
    }

    proptest! {
        #[test]
        fn occasion_parsing_never_panics(text in ".{0,30}") {
            let _ = text.parse::<Occasion>();
        }

        #[test]
        fn answer_parsing_never_panics(value in ".{0,8}") {
            let who5 = who5();
            let key = who5.items()[0].key.clone();
            let _ = Answers::parse(&who5, &BTreeMap::from([(key, value)]));
        }

        #[test]
        fn nothing_due_is_in_the_future_or_older_than_the_window(
            intake_offset in 0i64..900, exit_after in proptest::option::of(0i64..700), every in 1u32..13
        ) {
            let today = date!(2026 - 11 - 27);
            let intake = today - time::Duration::days(intake_offset);
            let exit = exit_after.map(|d| intake + time::Duration::days(d)).filter(|e| *e <= today);
            let schedule = [
                entry(OccasionKind::Baseline, None),
                entry(OccasionKind::Ongoing, Some(every)),
                entry(OccasionKind::Exit, None),
                entry(OccasionKind::FollowUp, None),
            ];
            for d in due(&schedule, &dates(Some(intake), exit), &[], today) {
                prop_assert!(d.due_on <= today);
                prop_assert!(d.due_on >= add_months(today, -DUE_WINDOW_MONTHS));
            }
        }
    }
}
