//! The individual plan (goals and steps), notes, appointments and the programme's activities.

use crate::code::required_choice;
use crate::episode::{optional_date, required_date};
use crate::programme::parse_id;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use time::{Date, PrimitiveDateTime, Time};

pub const TITLE_MAX: usize = 200;
pub const STEP_MAX: usize = 500;
pub const NOTE_MAX: usize = 8000;
/// The longest single activity: a full day of work training.
pub const ACTIVITY_MINUTES_MAX: u32 = 12 * 60;

crate::coded_enum! {
    /// Who is responsible for a step of the plan.
    pub enum StepOwner {
        Participant => "participant",
        Coordinator => "coordinator",
        CaseOfficer => "case-officer",
        Together => "together",
    }
}

crate::coded_enum! {
    /// The kinds of activity the seed programme ran.
    pub enum ActivityKind {
        Inspiration => "inspiration",
        Course => "course",
        WorkTraining => "work-training",
        StudyVisit => "study-visit",
        Coaching => "coaching",
        BusinessIdea => "business-idea",
        Other => "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDraft {
    pub description: String,
    pub owner: StepOwner,
    pub due_on: Option<Date>,
}

/// A goal's title, checked.
pub fn parse_goal(title: &str) -> Result<String, ValidationErrors> {
    required_text("title", title, TITLE_MAX).map_err(ValidationErrors::single)
}

pub fn parse_step(
    description: &str,
    owner: &str,
    due_on: &str,
) -> Result<StepDraft, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let description = errors.check(required_text("description", description, STEP_MAX));
    let owner = errors.check(required_choice("owner", owner));
    let due_on = errors.check(optional_date("due_on", due_on));
    match (description, owner, due_on) {
        (Some(description), Some(owner), Some(due_on)) if errors.is_empty() => Ok(StepDraft {
            description,
            owner,
            due_on,
        }),
        _ => Err(errors),
    }
}

/// A note may span lines; it is trimmed and bounded but otherwise kept as written.
pub fn parse_note(body: &str) -> Result<String, ValidationErrors> {
    let body = body.trim();
    if body.is_empty() {
        return Err(ValidationErrors::single(FieldError::new(
            "body",
            "error-required",
        )));
    }
    if body.chars().count() > NOTE_MAX {
        return Err(ValidationErrors::single(
            FieldError::new("body", "error-too-long").with_arg("max", NOTE_MAX),
        ));
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValidationErrors::single(FieldError::new(
            "body",
            "error-control-characters",
        )));
    }
    Ok(body.replace("\r\n", "\n"))
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentInput {
    pub date: String,
    pub time: String,
    pub title: String,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentDraft {
    /// Local Swedish time.
    pub starts_at: PrimitiveDateTime,
    pub title: String,
    pub place: Option<String>,
}

impl AppointmentInput {
    pub fn parse(&self) -> Result<AppointmentDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let date = errors.check(required_date("date", &self.date));
        let time = errors.check(parse_time("time", &self.time));
        let title = errors.check(required_text("title", &self.title, TITLE_MAX));
        let place = errors.check(optional_text("place", &self.place, TITLE_MAX));
        match (date, time, title, place) {
            (Some(date), Some(time), Some(title), Some(place)) if errors.is_empty() => {
                Ok(AppointmentDraft {
                    starts_at: PrimitiveDateTime::new(date, time),
                    title,
                    place,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A clock time as typed: "9:30", "09:30" or "09.30".
pub fn parse_time(field: &'static str, input: &str) -> Result<Time, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    let parsed = text
        .split_once([':', '.'])
        .filter(|(h, m)| (1..=2).contains(&h.len()) && m.len() == 2)
        .and_then(|(h, m)| Some((h.parse::<u8>().ok()?, m.parse::<u8>().ok()?)))
        .and_then(|(h, m)| Time::from_hms(h, m, 0).ok());
    parsed.ok_or_else(|| FieldError::new(field, "error-time-format"))
}

/// `YYYY-MM-DDTHH:MM`, the stored form of a local appointment time.
pub fn format_local(at: PrimitiveDateTime) -> String {
    format!(
        "{}T{:02}:{:02}",
        crate::timestamp::format_date(at.date()),
        at.hour(),
        at.minute()
    )
}

pub fn parse_local(text: &str) -> Option<PrimitiveDateTime> {
    let (date, time) = text.split_once('T')?;
    let date = crate::timestamp::parse_date(date)?;
    let time = parse_time("time", time).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// Hours as typed with a decimal comma or point ("1,5"), to whole minutes.
pub fn parse_hours(field: &'static str, input: &str) -> Result<u32, FieldError> {
    let text = input.trim().replace(',', ".");
    if text.is_empty() {
        return Err(FieldError::new(field, "error-required"));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let valid = !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.len() <= 2
        && fraction.chars().all(|c| c.is_ascii_digit());
    let minutes = valid
        .then(|| {
            let hours: u32 = whole.parse().ok()?;
            let hundredths: u32 = format!("{fraction:0<2}").parse().ok()?;
            hours.checked_mul(60)?.checked_add(hundredths * 60 / 100)
        })
        .flatten();
    match minutes {
        Some(m) if m <= ACTIVITY_MINUTES_MAX => Ok(m),
        Some(_) => Err(FieldError::new(field, "activity-error-hours-max")
            .with_arg("max", ACTIVITY_MINUTES_MAX / 60)),
        None => Err(FieldError::new(field, "activity-error-hours-format")),
    }
}

/// Minutes shown as Swedish hours: 90 → "1,5".
pub fn format_hours(minutes: i64) -> String {
    let hundredths = minutes * 100 / 60;
    let whole = hundredths / 100;
    let rest = hundredths % 100;
    if rest == 0 {
        whole.to_string()
    } else if rest % 10 == 0 {
        format!("{whole},{}", rest / 10)
    } else {
        format!("{whole},{rest:02}")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityInput {
    pub kind: String,
    pub title: String,
    pub held_on: String,
    pub hours: String,
    /// Blank when the programme itself provided it.
    pub provider_organisation_id: String,
    pub is_group: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: Date,
    pub minutes: u32,
    pub provider_organisation_id: Option<i64>,
    pub is_group: bool,
}

impl ActivityInput {
    pub fn parse(&self) -> Result<ActivityDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check(required_choice("kind", &self.kind));
        let title = errors.check(required_text("title", &self.title, TITLE_MAX));
        let held_on = errors.check(required_date("held_on", &self.held_on));
        let minutes = errors.check(parse_hours("hours", &self.hours));
        let provider = if self.provider_organisation_id.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check(parse_id(
                    "provider_organisation_id",
                    &self.provider_organisation_id,
                ))
                .map(Some)
        };
        match (kind, title, held_on, minutes, provider) {
            (
                Some(kind),
                Some(title),
                Some(held_on),
                Some(minutes),
                Some(provider_organisation_id),
            ) if errors.is_empty() => Ok(ActivityDraft {
                kind,
                title,
                held_on,
                minutes,
                provider_organisation_id,
                is_group: self.is_group,
            }),
            _ => Err(errors),
        }
    }
}

/// A goal of an individual plan, as stored, with its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: i64,
    pub episode_id: i64,
    pub title: String,
    pub achieved_on: Option<Date>,
    pub steps: Vec<Step>,
}

/// A step towards a goal, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: i64,
    pub goal_id: i64,
    pub description: String,
    pub owner: StepOwner,
    pub due_on: Option<Date>,
    pub done_on: Option<Date>,
}

/// A note on an episode, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub episode_id: i64,
    pub body: String,
    pub author_user_id: Option<i64>,
    pub created_at: Timestamp,
}

/// An appointment of an episode, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: i64,
    pub episode_id: i64,
    pub starts_at: PrimitiveDateTime,
    pub title: String,
    pub place: Option<String>,
}

/// An activity of a programme (group or individual), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: i64,
    pub programme_id: i64,
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: Date,
    pub minutes: i64,
    pub provider_organisation_id: Option<i64>,
    pub is_group: bool,
}

/// One episode's place on an activity's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    pub activity: Activity,
    pub episode_id: i64,
    pub attended: bool,
    pub minutes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, time};

    #[test]
    fn hours_take_a_decimal_comma_and_become_minutes() {
        assert_eq!(parse_hours("h", "1,5"), Ok(90));
        assert_eq!(parse_hours("h", "2"), Ok(120));
        assert_eq!(parse_hours("h", "0.25"), Ok(15));
        assert_eq!(
            parse_hours("h", "tre").unwrap_err().key,
            "activity-error-hours-format"
        );
        assert_eq!(
            parse_hours("h", "13").unwrap_err().key,
            "activity-error-hours-max"
        );
    }

    proptest! {
        #[test]
        fn whole_and_half_hours_survive_formatting_and_parsing(halves in 0u32..24) {
            let minutes = halves * 30;
            prop_assert_eq!(parse_hours("h", &format_hours(i64::from(minutes))), Ok(minutes));
        }

        #[test]
        fn parsing_hours_never_panics(input in "\\PC{0,12}") {
            let _ = parse_hours("h", &input);
        }
    }

    #[test]
    fn clock_times_are_read_with_colon_or_point() {
        assert_eq!(parse_time("t", "9:30"), Ok(time!(9:30)));
        assert_eq!(parse_time("t", "09.05"), Ok(time!(9:05)));
        assert!(parse_time("t", "25:00").is_err());
        assert!(parse_time("t", "9").is_err());
        assert!(parse_time("t", "9:5").is_err());
    }

    #[test]
    fn an_appointment_round_trips_through_its_stored_form() {
        let draft = AppointmentInput {
            date: "2026-12-01".into(),
            time: "13:15".into(),
            title: "Uppföljningssamtal".into(),
            place: String::new(),
        }
        .parse()
        .unwrap();
        assert_eq!(draft.starts_at.date(), date!(2026 - 12 - 01));
        assert_eq!(
            parse_local(&format_local(draft.starts_at)),
            Some(draft.starts_at)
        );
    }

    #[test]
    fn a_step_needs_a_description_and_an_owner() {
        let errors = parse_step("", "", "").unwrap_err();
        assert!(errors.for_field("description").is_some());
        assert!(errors.for_field("owner").is_some());
        assert!(parse_step("Ring Almi", "participant", "2026-12-24").is_ok());
    }

    #[test]
    fn a_note_keeps_its_lines_but_not_other_control_characters() {
        assert_eq!(
            parse_note(" rad ett\r\nrad två "),
            Ok("rad ett\nrad två".into())
        );
        assert!(parse_note("a\u{7}b").is_err());
        assert!(parse_note("   ").is_err());
    }

    #[test]
    fn an_activity_without_provider_is_the_programme_s_own() {
        let draft = ActivityInput {
            kind: "inspiration".into(),
            title: "Inspirationsträff".into(),
            held_on: "2026-10-01".into(),
            hours: "2,5".into(),
            provider_organisation_id: String::new(),
            is_group: true,
        }
        .parse()
        .unwrap();
        assert_eq!(draft.provider_organisation_id, None);
        assert_eq!(draft.minutes, 150);
    }
}
