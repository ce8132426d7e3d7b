//! Events and outreach: information meetings, inspiration days, courses on starting a firm,
//! study visits, network meetings and seminars a programme holds for people who are not (yet)
//! its participants, and the figures they add up to.
//!
//! Finsam counts such structural work by head only, so an event holds anonymous head counts
//! (by sex, and for professionals by organisation) beside the programme's own participants who
//! came, recorded by name. The figures here are the only place those counts are added up; the
//! counts that rest on registered people (participants who attended, people later referred)
//! go through the disclosure-control engine for aggregate audiences. Method in
//! `docs/methods.md`, "Outreach figures".

use crate::code::required_choice;
use crate::disclosure::{Audience, Cell, Report, Split};
use crate::episode::required_date;
use crate::plan::parse_hours;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, required_text};
use time::Date;

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 200;
pub const EVALUATION_MAX: usize = 4000;
/// The largest head count of one group at one event; larger numbers are typing errors.
pub const COUNT_MAX: u32 = 100_000;

crate::coded_enum! {
    /// The kinds of outreach event, as the issue and Finsam's structural work name them.
    pub enum EventKind {
        InformationMeeting => "information-meeting",
        InspirationDay => "inspiration-day",
        StartingAFirm => "starting-a-firm",
        StudyVisit => "study-visit",
        NetworkMeeting => "network-meeting",
        Seminar => "seminar",
    }
}

/// The form's rows for professionals by organisation: fixed field names, so an error can name
/// its field and the page can show it beside the right box.
pub const PROFESSIONAL_FIELDS: [(&str, &str); 6] = [
    ("professional-1-organisation", "professional-1-count"),
    ("professional-2-organisation", "professional-2-count"),
    ("professional-3-organisation", "professional-3-count"),
    ("professional-4-organisation", "professional-4-count"),
    ("professional-5-organisation", "professional-5-count"),
    ("professional-6-organisation", "professional-6-count"),
];

/// Professionals from one organisation, counted by head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfessionalCount {
    pub organisation: String,
    pub count: u32,
}

/// Everyone at an event who is not a participant of the programme, counted without identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnonymousCounts {
    pub women: u32,
    pub men: u32,
    /// Sex not known or not stated.
    pub unknown: u32,
    /// Of those counted by sex, the professionals, by their organisation.
    pub professionals: Vec<ProfessionalCount>,
}

impl AnonymousCounts {
    /// Everyone counted anonymously.
    #[must_use]
    pub fn total(&self) -> u64 {
        u64::from(self.women) + u64::from(self.men) + u64::from(self.unknown)
    }

    /// The professionals among them.
    #[must_use]
    pub fn professionals_total(&self) -> u64 {
        self.professionals.iter().map(|p| u64::from(p.count)).sum()
    }
}

/// The event form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInput {
    pub kind: String,
    pub title: String,
    pub held_on: String,
    pub place: String,
    pub organiser: String,
    pub audience: String,
    pub hours: String,
    pub evaluation: String,
    pub women: String,
    pub men: String,
    pub unknown: String,
    /// (organisation, count) in the order of [`PROFESSIONAL_FIELDS`]; blank rows are skipped.
    pub professionals: Vec<(String, String)>,
}

/// A checked event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub kind: EventKind,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    pub organiser: String,
    pub audience: String,
    pub minutes: u32,
    pub evaluation: Option<String>,
    pub counts: AnonymousCounts,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutreachEvent {
    pub id: i64,
    pub programme_id: i64,
    pub kind: EventKind,
    pub title: String,
    pub held_on: Date,
    pub place: String,
    pub organiser: String,
    pub audience: String,
    pub minutes: i64,
    pub evaluation: Option<String>,
    pub counts: AnonymousCounts,
    pub created_at: Timestamp,
}

/// An optional text that may span lines (an evaluation, a log entry): trimmed and bounded;
/// control characters other than line breaks and tabs are refused.
///
/// # Errors
/// `error-too-long` or `error-control-characters` on `field`.
pub fn optional_paragraphs(
    field: &'static str,
    input: &str,
    max_chars: usize,
) -> Result<Option<String>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max_chars {
        return Err(FieldError::new(field, "error-too-long").with_arg("max", max_chars));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(Some(text.replace("\r\n", "\n")))
}

/// A head count as typed: blank is 0, since most events leave some group empty.
fn head_count(field: &'static str, input: &str) -> Result<u32, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(0);
    }
    match text.parse::<u32>() {
        Ok(n) if n <= COUNT_MAX => Ok(n),
        _ => Err(FieldError::new(field, "outreach-error-count").with_arg("max", COUNT_MAX)),
    }
}

impl EventInput {
    /// Checks every field and reports all problems at once. An event may be recorded before it
    /// is held (planning) as well as after; the figures count only those held by their date.
    ///
    /// # Errors
    /// The problems, each on its field, with message keys.
    pub fn parse(&self) -> Result<EventDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.check(required_choice("kind", &self.kind));
        let title = errors.check(required_text("title", &self.title, TITLE_MAX));
        let held_on = errors.check(required_date("held_on", &self.held_on));
        let place = errors.check(required_text("place", &self.place, TEXT_MAX));
        let organiser = errors.check(required_text("organiser", &self.organiser, TEXT_MAX));
        let audience = errors.check(required_text("audience", &self.audience, TEXT_MAX));
        let minutes = errors.check(parse_hours("hours", &self.hours));
        let evaluation = errors.check(optional_paragraphs(
            "evaluation",
            &self.evaluation,
            EVALUATION_MAX,
        ));
        let women = errors.check(head_count("women", &self.women));
        let men = errors.check(head_count("men", &self.men));
        let unknown = errors.check(head_count("unknown", &self.unknown));
        let mut professionals: Vec<ProfessionalCount> = Vec::new();
        for (index, (organisation, count)) in self.professionals.iter().enumerate() {
            let Some((org_field, count_field)) = PROFESSIONAL_FIELDS.get(index) else {
                errors.push(FieldError::new(
                    "professionals",
                    "outreach-error-too-many-rows",
                ));
                break;
            };
            if organisation.trim().is_empty() && count.trim().is_empty() {
                continue;
            }
            let name = errors.check(required_text(org_field, organisation, TEXT_MAX));
            let n = if count.trim().is_empty() {
                errors.check(Err(FieldError::new(count_field, "error-required")))
            } else {
                errors.check(head_count(count_field, count))
            };
            if let (Some(name), Some(n)) = (name, n) {
                if professionals
                    .iter()
                    .any(|p| p.organisation.to_lowercase() == name.to_lowercase())
                {
                    errors.push(FieldError::new(
                        org_field,
                        "outreach-error-duplicate-organisation",
                    ));
                } else if n > 0 {
                    professionals.push(ProfessionalCount {
                        organisation: name,
                        count: n,
                    });
                }
            }
        }
        let (
            Some(kind),
            Some(title),
            Some(held_on),
            Some(place),
            Some(organiser),
            Some(audience),
            Some(minutes),
            Some(evaluation),
            Some(women),
            Some(men),
            Some(unknown),
        ) = (
            kind, title, held_on, place, organiser, audience, minutes, evaluation, women, men,
            unknown,
        )
        else {
            return Err(errors);
        };
        let counts = AnonymousCounts {
            women,
            men,
            unknown,
            professionals,
        };
        if counts.professionals_total() > counts.total() {
            errors.push(
                FieldError::new("professionals", "outreach-error-professionals-exceed")
                    .with_arg("total", counts.total()),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventDraft {
            kind,
            title,
            held_on,
            place,
            organiser,
            audience,
            minutes,
            evaluation,
            counts,
        })
    }
}

/// What one event adds to the figures, as storage reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTally {
    pub kind: EventKind,
    pub minutes: i64,
    pub anonymous: u64,
    pub professionals: u64,
    /// Participants of the programme recorded as present, by name.
    pub participants: u64,
    /// Referrals that record this event as where the person came from.
    pub referrals: u64,
}

/// The figures of one kind of event, or of all kinds together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindFigures {
    /// `None` on the total row.
    pub kind: Option<EventKind>,
    pub events: u64,
    pub minutes: i64,
    /// Counted by head without identity (never suppressed: they point to nobody on record).
    pub anonymous: u64,
    pub professionals: u64,
    /// Participants present by name; `None` when hidden from an aggregate audience.
    pub participants: Option<u64>,
    /// Anonymous plus participants; hidden with the participants, or it would give them back.
    pub attendance: Option<u64>,
    /// People later referred who record an event of this kind; `None` when hidden.
    pub referrals: Option<u64>,
}

/// A programme's outreach figures: one row per kind that was held, then the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutreachFigures {
    pub audience: Audience,
    pub kinds: Vec<KindFigures>,
    pub total: KindFigures,
}

impl OutreachFigures {
    /// Whether any figure was hidden from the reader.
    #[must_use]
    pub fn any_hidden(&self) -> bool {
        self.kinds
            .iter()
            .chain(std::iter::once(&self.total))
            .any(|k| k.participants.is_none() || k.referrals.is_none())
    }
}

/// Adds up the events (only those held, as the caller selects them) per kind and in total.
/// For aggregate audiences the participant and referral counts, which rest on registered
/// people, go through [`Report::protect`] as two tables of kinds summing to their totals.
#[must_use]
pub fn figures(tallies: &[EventTally], audience: Audience) -> OutreachFigures {
    let kinds: Vec<EventKind> = EventKind::ALL
        .iter()
        .copied()
        .filter(|k| tallies.iter().any(|t| t.kind == *k))
        .collect();
    let sum = |kind: Option<EventKind>| {
        let of = || {
            tallies
                .iter()
                .filter(move |t| kind.is_none_or(|k| t.kind == k))
        };
        (
            of().count() as u64,
            of().map(|t| t.minutes).sum::<i64>(),
            of().map(|t| t.anonymous).sum::<u64>(),
            of().map(|t| t.professionals).sum::<u64>(),
            of().map(|t| t.participants).sum::<u64>(),
            of().map(|t| t.referrals).sum::<u64>(),
        )
    };
    let mut report = Report::new();
    let mut protect_table = |name: &str, pick: &dyn Fn(Option<EventKind>) -> u64| {
        let table = report.table(name);
        let total = report.cell(table, Cell::count(pick(None)));
        let parts: Vec<_> = kinds
            .iter()
            .map(|k| report.cell(table, Cell::count(pick(Some(*k)))))
            .collect();
        report.sum(total, &parts, Split::Groups);
        (total, parts)
    };
    let (p_total, p_parts) = protect_table("participants", &|k| sum(k).4);
    let (r_total, r_parts) = protect_table("referrals", &|k| sum(k).5);
    let protected = report.protect(audience);
    let row = |kind: Option<EventKind>, p, r| {
        let (events, minutes, anonymous, professionals, _, _) = sum(kind);
        let participants = protected.count(p);
        KindFigures {
            kind,
            events,
            minutes,
            anonymous,
            professionals,
            participants,
            attendance: participants.map(|n| n + anonymous),
            referrals: protected.count(r),
        }
    };
    OutreachFigures {
        audience,
        kinds: kinds
            .iter()
            .enumerate()
            .map(|(i, k)| row(Some(*k), p_parts[i], r_parts[i]))
            .collect(),
        total: row(None, p_total, r_total),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            kind: "information-meeting".into(),
            title: "Informationsträff".into(),
            held_on: "2026-03-04".into(),
            place: "Stadsbiblioteket".into(),
            organiser: "Samordningsförbundet".into(),
            audience: "Alla som är intresserade".into(),
            hours: "2".into(),
            evaluation: String::new(),
            women: "12".into(),
            men: "9".into(),
            unknown: "2".into(),
            professionals: vec![("Försäkringskassan".into(), "2".into())],
        }
    }

    fn tally(kind: EventKind, anonymous: u64, participants: u64, referrals: u64) -> EventTally {
        EventTally {
            kind,
            minutes: 120,
            anonymous,
            professionals: 0,
            participants,
            referrals,
        }
    }

    #[test]
    fn an_event_with_head_counts_parses_into_anonymous_counts() {
        let draft = input().parse().unwrap();
        assert_eq!(draft.kind, EventKind::InformationMeeting);
        assert_eq!(draft.minutes, 120);
        assert_eq!(draft.counts.total(), 23);
        assert_eq!(draft.counts.professionals_total(), 2);
        assert_eq!(draft.evaluation, None);
    }

    #[test]
    fn blank_head_counts_are_zero_but_words_are_an_error_on_their_field() {
        let mut typed = input();
        typed.women = String::new();
        typed.men = "nio".into();
        let errors = typed.parse().unwrap_err();
        assert_eq!(errors.for_field("men").unwrap().key, "outreach-error-count");
        assert!(errors.for_field("women").is_none());
    }

    #[test]
    fn more_professionals_than_people_counted_is_refused() {
        let mut typed = input();
        typed.professionals = vec![("Almi".into(), "30".into())];
        let errors = typed.parse().unwrap_err();
        assert_eq!(
            errors.for_field("professionals").unwrap().key,
            "outreach-error-professionals-exceed"
        );
    }

    #[test]
    fn a_professional_row_needs_both_its_organisation_and_its_count() {
        let mut typed = input();
        typed.professionals = vec![
            (String::new(), String::new()),
            ("Almi".into(), String::new()),
            (String::new(), "3".into()),
        ];
        let errors = typed.parse().unwrap_err();
        assert_eq!(
            errors.for_field("professional-2-count").unwrap().key,
            "error-required"
        );
        assert_eq!(
            errors.for_field("professional-3-organisation").unwrap().key,
            "error-required"
        );
    }

    #[test]
    fn the_same_organisation_twice_is_refused() {
        let mut typed = input();
        typed.professionals = vec![("Almi".into(), "1".into()), ("almi".into(), "1".into())];
        let errors = typed.parse().unwrap_err();
        assert_eq!(
            errors.for_field("professional-2-organisation").unwrap().key,
            "outreach-error-duplicate-organisation"
        );
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let errors = EventInput::default().parse().unwrap_err();
        for field in [
            "kind",
            "title",
            "held_on",
            "place",
            "organiser",
            "audience",
            "hours",
        ] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_coordinator_sees_every_figure_per_kind_and_in_total() {
        let figures = figures(
            &[
                tally(EventKind::InformationMeeting, 23, 0, 4),
                tally(EventKind::InformationMeeting, 10, 1, 1),
                tally(EventKind::StudyVisit, 0, 6, 0),
            ],
            Audience::Coordinator,
        );
        assert_eq!(figures.kinds.len(), 2);
        let meetings = &figures.kinds[0];
        assert_eq!(meetings.kind, Some(EventKind::InformationMeeting));
        assert_eq!(meetings.events, 2);
        assert_eq!(meetings.anonymous, 33);
        assert_eq!(meetings.referrals, Some(5));
        assert_eq!(meetings.attendance, Some(34));
        assert_eq!(figures.total.events, 3);
        assert_eq!(figures.total.minutes, 360);
        assert_eq!(figures.total.attendance, Some(40));
        assert!(!figures.any_hidden());
    }

    #[test]
    fn the_steering_group_gets_no_count_of_registered_people_below_the_threshold() {
        let figures = figures(
            &[
                tally(EventKind::InformationMeeting, 23, 2, 4),
                tally(EventKind::StudyVisit, 0, 6, 3),
            ],
            Audience::Steering,
        );
        let meetings = &figures.kinds[0];
        assert_eq!(meetings.anonymous, 23, "head counts point to nobody");
        assert_eq!(meetings.referrals, None);
        assert_eq!(figures.kinds[1].referrals, None);
        assert_eq!(figures.total.referrals, Some(7));
        assert_eq!(figures.total.attendance, Some(31));
        assert_eq!(
            figures.kinds[1].participants, None,
            "the other kind would give back the first by subtraction"
        );
        assert_eq!(
            meetings.attendance, None,
            "the attendance would give back the participants"
        );
        assert!(figures.any_hidden());
    }
}
