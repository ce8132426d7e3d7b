//! Steering and working groups of a programme: members, meetings with agenda and minutes,
//! numbered decisions and action items; and how a target's progress is expressed.
//!
//! The rules live here so that a form, the API and the demo all go through the same checks:
//! which status an action item may move to, and who may move it (decision 0028).

use crate::timestamp::parse_date;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use time::Date;

pub const NAME_MAX: usize = 200;
pub const ROLE_MAX: usize = 100;
pub const PLACE_MAX: usize = 200;
pub const AGENDA_MAX: usize = 4000;
pub const MINUTES_MAX: usize = 20_000;
pub const DECISION_MAX: usize = 2000;
pub const ACTION_MAX: usize = 1000;
pub const COMMENT_MAX: usize = 1000;
/// The largest value a target reading may record, the same bound as a target's own value.
pub const READING_MAX: i64 = crate::programme::TARGET_VALUE_MAX;

crate::coded_enum! {
    /// A steering group decides and follows up; a working group does the work between meetings.
    pub enum GroupKind {
        Steering => "steering",
        Working => "working",
    }
}

crate::coded_enum! {
    /// Where an action item stands.
    pub enum ActionStatus {
        Open => "open",
        Done => "done",
        Cancelled => "cancelled",
    }
}

/// Who asks to change an action item's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changer {
    /// The coordinator runs the group and may move any action along its lifecycle.
    Coordinator,
    /// The member who owns the action may only mark it done.
    Owner,
    /// Any other member may change nothing.
    Other,
}

impl ActionStatus {
    /// The closed lifecycle: open → done, open → cancelled, and back to open from either
    /// (a done action that turns out not to be done, or a cancelled one taken up again).
    pub fn may_become(self, next: ActionStatus) -> bool {
        use ActionStatus::*;
        matches!(
            (self, next),
            (Open, Done) | (Open, Cancelled) | (Done, Open) | (Cancelled, Open)
        )
    }

    /// Checks a change of status by `who`.
    ///
    /// # Errors
    ///
    /// `status` with "error-action-status" for a move the lifecycle does not allow, or
    /// "error-action-not-yours" for a member who may not make it.
    pub fn change(self, next: ActionStatus, who: Changer) -> Result<ActionStatus, FieldError> {
        if !self.may_become(next) {
            return Err(FieldError::new("status", "error-action-status"));
        }
        match who {
            Changer::Coordinator => Ok(next),
            Changer::Owner if self == ActionStatus::Open && next == ActionStatus::Done => Ok(next),
            Changer::Owner | Changer::Other => {
                Err(FieldError::new("status", "error-action-not-yours"))
            }
        }
    }

    pub fn is_open(self) -> bool {
        self == ActionStatus::Open
    }
}

fn required_date(field: &'static str, input: &str) -> Result<Date, FieldError> {
    if input.trim().is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    parse_date(input.trim()).ok_or_else(|| FieldError::new(field, "error-date-format"))
}

fn optional_date(field: &'static str, input: &str) -> Result<Option<Date>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    required_date(field, input).map(Some)
}

fn required_id(field: &'static str, input: &str) -> Result<i64, FieldError> {
    crate::programme::parse_id(field, input)
}

/// The group form: kind and name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GroupInput {
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDraft {
    pub kind: GroupKind,
    pub name: String,
}

impl GroupInput {
    pub fn parse(&self) -> Result<GroupDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check(crate::code::required_choice("kind", &self.kind));
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        match (kind, name) {
            (Some(kind), Some(name)) if errors.is_empty() => Ok(GroupDraft { kind, name }),
            _ => Err(errors),
        }
    }
}

/// The member form: a user account and the role in the group in words.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberInput {
    pub user_id: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDraft {
    pub user_id: i64,
    pub role: Option<String>,
}

impl MemberInput {
    pub fn parse(&self) -> Result<MemberDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let user_id = errors.check(required_id("user_id", &self.user_id));
        let role = errors.check(optional_text("role", &self.role, ROLE_MAX));
        match (user_id, role) {
            (Some(user_id), Some(role)) if errors.is_empty() => Ok(MemberDraft { user_id, role }),
            _ => Err(errors),
        }
    }
}

/// The meeting form: date, place, agenda (one item a line) and minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeetingInput {
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub minutes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub held_on: Date,
    pub place: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
}

/// A text of several lines (agenda, minutes, a decision): a browser sends `\r\n`, kept as
/// `\n` so the agenda splits into the same items however it arrived; tabs and newlines are the
/// only control characters allowed. Blank means absent.
fn multiline_text(
    field: &'static str,
    input: &str,
    max_chars: usize,
) -> Result<Option<String>, FieldError> {
    let text = input.replace("\r\n", "\n");
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max_chars {
        return Err(FieldError::new(field, "error-too-long").with_arg("max", max_chars));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(Some(trimmed.to_string()))
}

impl MeetingInput {
    pub fn parse(&self) -> Result<MeetingDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let held_on = errors.check(required_date("held_on", &self.held_on));
        let place = errors.check(optional_text("place", &self.place, PLACE_MAX));
        let agenda = errors.check(multiline_text("agenda", &self.agenda, AGENDA_MAX));
        let minutes = errors.check(multiline_text("minutes", &self.minutes, MINUTES_MAX));
        match (held_on, place, agenda, minutes) {
            (Some(held_on), Some(place), Some(agenda), Some(minutes)) if errors.is_empty() => {
                Ok(MeetingDraft {
                    held_on,
                    place,
                    agenda,
                    minutes,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A decision's text; its number is the next free one of the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DecisionInput {
    pub body: String,
}

impl DecisionInput {
    pub fn parse(&self) -> Result<String, ValidationErrors> {
        match multiline_text("body", &self.body, DECISION_MAX) {
            Ok(Some(body)) => Ok(body),
            Ok(None) => Err(ValidationErrors::single(FieldError::new(
                "body",
                "error-required",
            ))),
            Err(error) => Err(ValidationErrors::single(error)),
        }
    }
}

/// The action item form: what, who (a member of the group) and by when.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActionInput {
    pub body: String,
    pub owner_user_id: String,
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub body: String,
    pub owner_user_id: i64,
    pub due_on: Option<Date>,
}

impl ActionInput {
    pub fn parse(&self) -> Result<ActionDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let body = errors.check(required_text("body", &self.body, ACTION_MAX));
        let owner_user_id = errors.check(required_id("owner_user_id", &self.owner_user_id));
        let due_on = errors.check(optional_date("due_on", &self.due_on));
        match (body, owner_user_id, due_on) {
            (Some(body), Some(owner_user_id), Some(due_on)) if errors.is_empty() => {
                Ok(ActionDraft {
                    body,
                    owner_user_id,
                    due_on,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A requested status of an action item.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusInput {
    pub status: String,
}

impl StatusInput {
    pub fn parse(&self) -> Result<ActionStatus, ValidationErrors> {
        crate::code::required_choice("status", &self.status).map_err(ValidationErrors::single)
    }
}

/// A value of a target followed by hand, with its date and a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReadingInput {
    pub value: String,
    pub recorded_on: String,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingDraft {
    pub value: i64,
    pub recorded_on: Date,
    pub comment: Option<String>,
}

impl ReadingInput {
    pub fn parse(&self) -> Result<ReadingDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let value = errors.check(match self.value.trim().parse::<i64>() {
            Ok(value) if (0..=READING_MAX).contains(&value) => Ok(value),
            _ => Err(FieldError::new("value", "error-whole-number-range")
                .with_arg("min", 0)
                .with_arg("max", READING_MAX)),
        });
        let recorded_on = errors.check(required_date("recorded_on", &self.recorded_on));
        let comment = errors.check(optional_text("comment", &self.comment, COMMENT_MAX));
        match (value, recorded_on, comment) {
            (Some(value), Some(recorded_on), Some(comment)) if errors.is_empty() => {
                Ok(ReadingDraft {
                    value,
                    recorded_on,
                    comment,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A group as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub programme_id: i64,
    pub kind: GroupKind,
    pub name: String,
}

/// A member as stored, with the user's display name and organisation for the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub group_id: i64,
    pub user_id: i64,
    pub name: String,
    pub organisation: Option<String>,
    pub role: Option<String>,
}

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub group_id: i64,
    pub held_on: Date,
    pub place: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
}

impl Meeting {
    /// The agenda's items: its non-blank lines, in order.
    pub fn agenda_items(&self) -> Vec<&str> {
        self.agenda
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    }
}

/// A decision as stored: `number` counts from 1 within its meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: i64,
    pub meeting_id: i64,
    pub number: i64,
    pub body: String,
}

/// An action item as stored, with its owner's display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
    pub meeting_id: i64,
    pub body: String,
    pub owner_user_id: i64,
    pub owner_name: String,
    pub due_on: Option<Date>,
    pub status: ActionStatus,
}

impl Action {
    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status.is_open() && self.due_on.is_some_and(|due| due < today)
    }
}

/// The next meeting on or after `today` (the one a pack is for) and the latest before it
/// (whose decisions the pack repeats). `meetings` may be in any order.
pub fn next_and_last(meetings: &[Meeting], today: Date) -> (Option<&Meeting>, Option<&Meeting>) {
    let next = meetings
        .iter()
        .filter(|m| m.held_on >= today)
        .min_by_key(|m| (m.held_on, m.id));
    let last = meetings
        .iter()
        .filter(|m| m.held_on < today)
        .max_by_key(|m| (m.held_on, m.id));
    (next, last)
}

/// How far a target has come: the current value against the target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub current: i64,
    pub target: i64,
}

impl Progress {
    /// Percent of the target reached, rounded down; above 100 when the target is exceeded.
    pub fn percent(self) -> i64 {
        if self.target <= 0 {
            return 0;
        }
        self.current.max(0).saturating_mul(100) / self.target
    }

    /// The width of a progress bar: the percent, at most 100.
    pub fn bar_percent(self) -> i64 {
        self.percent().min(100)
    }

    pub fn is_reached(self) -> bool {
        self.current >= self.target
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_owner_may_mark_an_open_action_done_but_not_cancel_it() {
        let open = ActionStatus::Open;
        assert_eq!(
            open.change(ActionStatus::Done, Changer::Owner),
            Ok(ActionStatus::Done)
        );
        assert_eq!(
            open.change(ActionStatus::Cancelled, Changer::Owner)
                .unwrap_err()
                .key,
            "error-action-not-yours"
        );
    }

    #[test]
    fn another_member_may_change_no_action() {
        assert_eq!(
            ActionStatus::Open
                .change(ActionStatus::Done, Changer::Other)
                .unwrap_err()
                .key,
            "error-action-not-yours"
        );
    }

    #[test]
    fn a_done_action_can_be_reopened_by_the_coordinator_but_not_cancelled() {
        assert_eq!(
            ActionStatus::Done.change(ActionStatus::Open, Changer::Coordinator),
            Ok(ActionStatus::Open)
        );
        assert_eq!(
            ActionStatus::Done
                .change(ActionStatus::Cancelled, Changer::Coordinator)
                .unwrap_err()
                .key,
            "error-action-status"
        );
        assert!(!ActionStatus::Open.may_become(ActionStatus::Open));
    }

    #[test]
    fn progress_is_rounded_down_and_the_bar_stops_at_a_hundred() {
        let progress = Progress {
            current: 3,
            target: 2,
        };
        assert_eq!(progress.percent(), 150);
        assert_eq!(progress.bar_percent(), 100);
        assert!(progress.is_reached());
        assert_eq!(
            Progress {
                current: 1,
                target: 3
            }
            .percent(),
            33
        );
    }

    #[test]
    fn the_pack_is_for_the_next_meeting_and_repeats_the_last_ones_decisions() {
        let meeting = |id, held_on| Meeting {
            id,
            group_id: 1,
            held_on,
            place: None,
            agenda: None,
            minutes: None,
        };
        let meetings = vec![
            meeting(1, date!(2026 - 03 - 01)),
            meeting(3, date!(2026 - 12 - 15)),
            meeting(2, date!(2026 - 09 - 01)),
        ];
        let (next, last) = next_and_last(&meetings, date!(2026 - 10 - 01));
        assert_eq!(next.map(|m| m.id), Some(3));
        assert_eq!(last.map(|m| m.id), Some(2));
    }

    #[test]
    fn an_agenda_keeps_its_non_blank_lines_as_items() {
        let input = MeetingInput {
            held_on: "2026-03-01".into(),
            agenda: "Föregående protokoll\r\n\r\n  Mål och effekter \r\nÖvrigt".into(),
            ..MeetingInput::default()
        };
        let draft = input.parse().unwrap();
        let meeting = Meeting {
            id: 1,
            group_id: 1,
            held_on: draft.held_on,
            place: draft.place,
            agenda: draft.agenda,
            minutes: draft.minutes,
        };
        assert_eq!(
            meeting.agenda_items(),
            vec!["Föregående protokoll", "Mål och effekter", "Övrigt"]
        );
    }

    #[test]
    fn a_reading_needs_a_whole_number_and_a_date() {
        let errors = ReadingInput {
            value: "två".into(),
            recorded_on: "igår".into(),
            comment: String::new(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            errors.for_field("value").unwrap().key,
            "error-whole-number-range"
        );
        assert_eq!(
            errors.for_field("recorded_on").unwrap().key,
            "error-date-format"
        );
    }

    #[test]
    fn an_action_without_owner_asks_to_choose_one() {
        let errors = ActionInput {
            body: "Ta fram budgetförslag".into(),
            owner_user_id: String::new(),
            due_on: "2026-13-01".into(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            errors.for_field("owner_user_id").unwrap().key,
            "error-choose-option"
        );
        assert_eq!(errors.for_field("due_on").unwrap().key, "error-date-format");
    }
}
