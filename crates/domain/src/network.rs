//! The programme's network: the external organisations it works with (Coompanion, Almi,
//! Nyföretagarcentrum, banks, customers, public buyers, other social enterprises), how each
//! relates to the programme, its business ideas and enterprises, the contact people there,
//! and a log of contacts.
//!
//! Contact people are professionals, but their names, e-mail addresses and phone numbers are
//! personal data all the same: the record is kept minimal (name, role, optional e-mail and
//! phone) and every read and write of it is audited by the use cases.
//!
//! [`layout`] places the network for the inline SVG view: pure geometry, so the page and its
//! tests agree on where everything is.

use crate::code::required_choice;
use crate::episode::{optional_date, required_date};
use crate::outreach::optional_paragraphs;
use crate::person::{parse_email, parse_phone};
use crate::programme::parse_id;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use time::Date;

pub const NAME_MAX: usize = 200;
pub const ROLE_MAX: usize = 300;
pub const LOG_MAX: usize = 4000;

crate::coded_enum! {
    /// What kind of organisation a network member is.
    pub enum NetworkKind {
        /// Advice on co-operative and social enterprise (Coompanion).
        CooperativeAdvice => "cooperative-advice",
        /// Loans and business finance (Almi).
        BusinessFinance => "business-finance",
        /// Advice to new businesses (Nyföretagarcentrum).
        StartUpAdvice => "new-business-advice",
        Bank => "bank",
        Customer => "customer",
        PublicBuyer => "public-buyer",
        SocialEnterprise => "social-enterprise",
        Other => "other",
    }
}

/// A network organisation as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: String,
    /// How the organisation relates to the programme.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: String,
    pub kind: NetworkKind,
    pub role: String,
}

impl OrganisationInput {
    /// # Errors
    /// Each problem on its field.
    pub fn parse(&self) -> Result<OrganisationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let kind = errors.check(required_choice("kind", &self.kind));
        let role = errors.check(required_text("role", &self.role, ROLE_MAX));
        match (name, kind, role) {
            (Some(name), Some(kind), Some(role)) if errors.is_empty() => {
                Ok(OrganisationDraft { name, kind, role })
            }
            _ => Err(errors),
        }
    }
}

/// A network organisation as stored, with its relation to the programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkOrganisation {
    pub id: i64,
    pub programme_id: i64,
    pub name: String,
    pub kind: NetworkKind,
    pub role: String,
}

/// What a link row points at: a business idea or an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkTarget {
    Idea(i64),
    Enterprise(i64),
}

impl LinkTarget {
    /// The form's value: `idea:5`, `enterprise:3`.
    #[must_use]
    pub fn code(self) -> String {
        match self {
            LinkTarget::Idea(id) => format!("idea:{id}"),
            LinkTarget::Enterprise(id) => format!("enterprise:{id}"),
        }
    }

    /// Reads a form value.
    ///
    /// # Errors
    /// `error-choose-option` on `target`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = input.trim();
        let parsed = if let Some(id) = text.strip_prefix("idea:") {
            parse_id("target", id).map(LinkTarget::Idea)
        } else if let Some(id) = text.strip_prefix("enterprise:") {
            parse_id("target", id).map(LinkTarget::Enterprise)
        } else {
            Err(FieldError::new("target", "error-choose-option"))
        };
        parsed.map_err(|_| FieldError::new("target", "error-choose-option"))
    }
}

/// A relation row: a network organisation's role for an idea or an enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: i64,
    pub organisation_id: i64,
    pub target: LinkTarget,
    /// The idea's title or the enterprise's name.
    pub target_name: String,
    pub role: String,
}

/// # Errors
/// Each problem on its field (`target`, `role`).
pub fn parse_link(target: &str, role: &str) -> Result<(LinkTarget, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let target = errors.check(LinkTarget::parse(target));
    let role = errors.check(required_text("role", role, ROLE_MAX));
    match (target, role) {
        (Some(t), Some(r)) if errors.is_empty() => Ok((t, r)),
        _ => Err(errors),
    }
}

/// A contact person as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// A contact person, kept minimal: name, role, and e-mail and phone only if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactInput {
    /// # Errors
    /// Each problem on its field.
    pub fn parse(&self) -> Result<ContactDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let role = errors.check(optional_text("role", &self.role, NAME_MAX));
        let email = errors.check(parse_email(&self.email));
        let phone = errors.check(parse_phone(&self.phone));
        match (name, role, email, phone) {
            (Some(name), Some(role), Some(email), Some(phone)) if errors.is_empty() => {
                Ok(ContactDraft {
                    name,
                    role,
                    email,
                    phone,
                })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// An entry of the contact log as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogInput {
    pub contacted_on: String,
    /// Blank when the contact was with the organisation rather than a named person.
    pub contact_id: String,
    pub what: String,
    pub follow_up: String,
    pub follow_up_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogDraft {
    pub contacted_on: Date,
    pub contact_id: Option<i64>,
    pub what: String,
    pub follow_up: Option<String>,
    pub follow_up_on: Option<Date>,
}

impl LogInput {
    /// A contact is logged when it has happened, so its date is not after `today`; a
    /// follow-up date is not before the contact.
    ///
    /// # Errors
    /// Each problem on its field.
    pub fn parse(&self, today: Date) -> Result<LogDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let contacted_on = errors.check(
            required_date("contacted_on", &self.contacted_on).and_then(|d| {
                if d > today {
                    Err(FieldError::new("contacted_on", "error-date-in-future"))
                } else {
                    Ok(d)
                }
            }),
        );
        let contact_id = if self.contact_id.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check(parse_id("contact_id", &self.contact_id))
                .map(Some)
        };
        let what = errors.check(
            optional_paragraphs("what", &self.what, LOG_MAX)
                .and_then(|t| t.ok_or_else(|| FieldError::new("what", "error-required"))),
        );
        let follow_up = errors.check(optional_paragraphs("follow_up", &self.follow_up, LOG_MAX));
        let follow_up_on = errors.check(optional_date("follow_up_on", &self.follow_up_on));
        if let (Some(from), Some(Some(to))) = (contacted_on, follow_up_on)
            && to < from
        {
            errors.push(FieldError::new(
                "follow_up_on",
                "network-error-follow-up-before",
            ));
        }
        match (contacted_on, contact_id, what, follow_up, follow_up_on) {
            (
                Some(contacted_on),
                Some(contact_id),
                Some(what),
                Some(follow_up),
                Some(follow_up_on),
            ) if errors.is_empty() => Ok(LogDraft {
                contacted_on,
                contact_id,
                what,
                follow_up,
                follow_up_on,
            }),
            _ => Err(errors),
        }
    }
}

/// An entry of the contact log as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: i64,
    pub organisation_id: i64,
    pub contacted_on: Date,
    pub contact_id: Option<i64>,
    /// The contact person's name, when one was named and still exists.
    pub contact_name: Option<String>,
    pub what: String,
    pub follow_up: Option<String>,
    pub follow_up_on: Option<Date>,
    /// Who at the programme recorded it.
    pub recorded_by: Option<String>,
}

/// A point of the drawing, in the SVG's user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The network drawn: the programme in the centre, the organisations on a ring around it, the
/// ideas and enterprises on an outer ring near the organisations they are linked to.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub centre: Point,
    /// Per organisation, in the order given.
    pub organisations: Vec<Point>,
    /// Per target, in the order given.
    pub targets: Vec<Point>,
}

pub const LAYOUT_WIDTH: f64 = 800.0;
pub const LAYOUT_HEIGHT: f64 = 640.0;
const INNER_RADIUS: f64 = 170.0;
const OUTER_RADIUS: f64 = 280.0;

/// Places `organisations` nodes evenly on the inner ring (starting at the top, clockwise) and
/// the targets on the outer ring, each at the mean angle of the organisations linked to it,
/// then spread so that no two targets share a place. `links` are (organisation index, target
/// index).
#[must_use]
pub fn layout(organisations: usize, targets: usize, links: &[(usize, usize)]) -> Layout {
    use std::f64::consts::{FRAC_PI_2, TAU};
    let centre = Point {
        x: LAYOUT_WIDTH / 2.0,
        y: LAYOUT_HEIGHT / 2.0,
    };
    let at = |angle: f64, radius: f64| Point {
        x: centre.x + radius * angle.cos(),
        y: centre.y + radius * angle.sin(),
    };
    let org_angle = |i: usize| -FRAC_PI_2 + TAU * i as f64 / organisations.max(1) as f64;
    let mut wanted: Vec<(f64, usize)> = (0..targets)
        .map(|t| {
            let angles: Vec<f64> = links
                .iter()
                .filter(|(_, target)| *target == t)
                .map(|(o, _)| org_angle(*o))
                .collect();
            let angle = if angles.is_empty() {
                org_angle(t)
            } else {
                // The mean direction, so angles either side of the top do not average to the bottom.
                let (s, c) = angles
                    .iter()
                    .fold((0.0, 0.0), |(s, c), a| (s + a.sin(), c + a.cos()));
                s.atan2(c)
            };
            (angle.rem_euclid(TAU), t)
        })
        .collect();
    wanted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let gap = if targets == 0 {
        0.0
    } else {
        (TAU / targets as f64).min(0.5)
    };
    let mut placed = vec![0.0; targets];
    let mut previous: Option<f64> = None;
    for (angle, t) in wanted {
        let angle = match previous {
            Some(p) if angle < p + gap => p + gap,
            _ => angle,
        };
        placed[t] = angle;
        previous = Some(angle);
    }
    Layout {
        width: LAYOUT_WIDTH,
        height: LAYOUT_HEIGHT,
        centre,
        organisations: (0..organisations)
            .map(|i| at(org_angle(i), INNER_RADIUS))
            .collect(),
        targets: placed.iter().map(|a| at(*a, OUTER_RADIUS)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: Point, b: Point) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    #[test]
    fn a_network_organisation_needs_name_kind_and_role() {
        let errors = OrganisationInput::default().parse().unwrap_err();
        for field in ["name", "kind", "role"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        let draft = OrganisationInput {
            name: "Coompanion Kalmar län".into(),
            kind: "cooperative-advice".into(),
            role: "Rådgivning om kooperativ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(draft.kind, NetworkKind::CooperativeAdvice);
    }

    #[test]
    fn a_link_target_reads_back_from_its_form_value() {
        for target in [LinkTarget::Idea(5), LinkTarget::Enterprise(12)] {
            assert_eq!(LinkTarget::parse(&target.code()), Ok(target));
        }
        for bad in ["", "idea:", "idea:x", "person:3", "enterprise:-1"] {
            assert!(LinkTarget::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_contact_person_is_a_name_and_nothing_more_is_required() {
        let draft = ContactInput {
            name: "Anna Berg".into(),
            ..ContactInput::default()
        }
        .parse()
        .unwrap();
        assert_eq!((draft.role, draft.email, draft.phone), (None, None, None));
        let errors = ContactInput {
            name: "Anna Berg".into(),
            email: "anna".into(),
            phone: "x".into(),
            ..ContactInput::default()
        }
        .parse()
        .unwrap_err();
        assert!(errors.for_field("email").is_some());
        assert!(errors.for_field("phone").is_some());
    }

    #[test]
    fn a_contact_cannot_be_logged_before_it_happened_nor_followed_up_before_it() {
        let today = time::macros::date!(2026 - 03 - 01);
        let errors = LogInput {
            contacted_on: "2026-03-02".into(),
            what: "Möte".into(),
            ..LogInput::default()
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(
            errors.for_field("contacted_on").unwrap().key,
            "error-date-in-future"
        );
        let errors = LogInput {
            contacted_on: "2026-02-20".into(),
            what: "Möte".into(),
            follow_up_on: "2026-02-19".into(),
            ..LogInput::default()
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(
            errors.for_field("follow_up_on").unwrap().key,
            "network-error-follow-up-before"
        );
        let draft = LogInput {
            contacted_on: "2026-02-20".into(),
            what: "Möte om lån\nmed Almi".into(),
            follow_up: "Skicka budget".into(),
            follow_up_on: "2026-03-10".into(),
            contact_id: "4".into(),
        }
        .parse(today)
        .unwrap();
        assert_eq!(draft.contact_id, Some(4));
    }

    #[test]
    fn the_layout_puts_organisations_on_a_ring_and_targets_further_out() {
        let layout = layout(6, 3, &[(0, 0), (1, 0), (3, 1), (5, 2)]);
        for p in &layout.organisations {
            assert!((distance(*p, layout.centre) - INNER_RADIUS).abs() < 1e-9);
        }
        for p in &layout.targets {
            assert!((distance(*p, layout.centre) - OUTER_RADIUS).abs() < 1e-9);
            assert!(p.x >= 0.0 && p.x <= layout.width && p.y >= 0.0 && p.y <= layout.height);
        }
        // A target sits nearer the organisation it is linked to than the opposite one.
        assert!(
            distance(layout.targets[1], layout.organisations[3])
                < distance(layout.targets[1], layout.organisations[0])
        );
    }

    #[test]
    fn targets_linked_to_the_same_organisation_do_not_overlap() {
        let layout = layout(2, 3, &[(0, 0), (0, 1), (0, 2)]);
        for a in 0..3 {
            for b in (a + 1)..3 {
                assert!(distance(layout.targets[a], layout.targets[b]) > 50.0);
            }
        }
    }
}
