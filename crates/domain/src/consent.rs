//! Consent per episode: what the person agreed to, when, how, and whether it still holds.
//!
//! Consent is recorded at intake, before any baseline data, notes or answers. Each consent has
//! one scope; information exchange names the partner it allows. A withdrawal is dated rather
//! than deleted, because the record of what was agreed is itself evidence; what it covered
//! stops being shown or shared from that moment ([`Coverage`]).

use crate::code::required_choice;
use crate::episode::{CORRECTION_DAYS, required_date, within_correction_period};
use crate::programme::parse_id;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors};
use time::Date;

/// Which version of the information given to the person (GDPR art. 13) a consent refers to.
/// The text itself lives in the message catalogues; a change to it gets a new version here.
pub const INFORMATION_VERSION: &str = "2026-1";

crate::coded_enum! {
    pub enum ConsentScope {
        /// Taking part, and the programme keeping the data the participation needs.
        Participation => "participation",
        /// Exchanging information with one named partner organisation.
        InformationExchange => "information-exchange",
        /// Being contacted for follow-up after exit.
        FollowUp => "follow-up",
        /// Questionnaire answers being used in the programme's statistics.
        Questionnaires => "questionnaires",
    }
}

crate::coded_enum! {
    pub enum ConsentForm {
        Paper => "paper",
        Digital => "digital",
    }
}

/// A consent as stored, enough to decide what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    pub scope: ConsentScope,
    pub partner_organisation_id: Option<i64>,
    pub given_on: Date,
    pub withdrawn_on: Option<Date>,
}

impl ConsentRecord {
    pub fn is_active(&self) -> bool {
        self.withdrawn_on.is_none()
    }
}

/// What an episode's consents allow right now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub participation: bool,
    pub follow_up: bool,
    pub questionnaires: bool,
    /// Partners the person allows information exchange with.
    pub partners: Vec<i64>,
}

impl Coverage {
    pub fn of(records: &[ConsentRecord]) -> Coverage {
        let mut coverage = Coverage::default();
        for record in records.iter().filter(|r| r.is_active()) {
            match record.scope {
                ConsentScope::Participation => coverage.participation = true,
                ConsentScope::FollowUp => coverage.follow_up = true,
                ConsentScope::Questionnaires => coverage.questionnaires = true,
                ConsentScope::InformationExchange => {
                    if let Some(partner) = record.partner_organisation_id
                        && !coverage.partners.contains(&partner)
                    {
                        coverage.partners.push(partner);
                    }
                }
            }
        }
        coverage
    }

    /// Whether a partner organisation may see what the programme records about the episode.
    /// Information exchange rests on participation: without it nothing is shared.
    pub fn shares_with(&self, organisation_id: i64) -> bool {
        self.participation && self.partners.contains(&organisation_id)
    }
}

/// The consent form as typed: one scope per submission, plus date and form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentInput {
    pub scope: String,
    /// Only for information exchange.
    pub partner_organisation_id: String,
    pub given_on: String,
    pub form: String,
    /// The person was given the information (art. 13) before consenting.
    pub informed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDraft {
    pub scope: ConsentScope,
    pub partner_organisation_id: Option<i64>,
    pub given_on: Date,
    pub form: ConsentForm,
}

impl ConsentInput {
    /// `referred_on` and `today` bound the date: consent is given after the referral and not
    /// in the future.
    pub fn parse(&self, referred_on: Date, today: Date) -> Result<ConsentDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let scope: Option<ConsentScope> = errors.check(required_choice("scope", &self.scope));
        let partner = match scope {
            Some(ConsentScope::InformationExchange) => errors
                .check(parse_id(
                    "partner_organisation_id",
                    &self.partner_organisation_id,
                ))
                .map(Some),
            _ => Some(None),
        };
        let given_on = errors.check(required_date("given_on", &self.given_on).and_then(|d| {
            if d > today {
                Err(FieldError::new("given_on", "error-date-in-future"))
            } else if d < referred_on {
                Err(FieldError::new("given_on", "consent-error-before-referral")
                    .with_arg("date", crate::swedish::format_date(referred_on)))
            } else {
                Ok(d)
            }
        }));
        let form = errors.check(required_choice("form", &self.form));
        if !self.informed {
            errors.push(FieldError::new("informed", "consent-error-not-informed"));
        }
        match (scope, partner, given_on, form) {
            (Some(scope), Some(partner_organisation_id), Some(given_on), Some(form))
                if errors.is_empty() =>
            {
                Ok(ConsentDraft {
                    scope,
                    partner_organisation_id,
                    given_on,
                    form,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A recorded consent of an episode, as stored; `record` gives what the coverage rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: i64,
    pub episode_id: i64,
    pub scope: ConsentScope,
    pub partner_organisation_id: Option<i64>,
    pub given_on: Date,
    pub form: ConsentForm,
    pub information_version: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: Timestamp,
    pub withdrawn_on: Option<Date>,
}

impl Consent {
    pub fn record(&self) -> ConsentRecord {
        ConsentRecord {
            scope: self.scope,
            partner_organisation_id: self.partner_organisation_id,
            given_on: self.given_on,
            withdrawn_on: self.withdrawn_on,
        }
    }
}

/// Whether a withdrawal recorded by mistake (at `withdrawn_at`) may still be undone at `now`:
/// within [`CORRECTION_DAYS`] of its recording, like an exit. Undoing a withdrawal of consent
/// to participate also undoes the exit it caused. The error is a message key of the
/// `withdrawn_on` field.
pub fn check_withdrawal_correction(
    consent: &Consent,
    withdrawn_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), FieldError> {
    if consent.withdrawn_on.is_none() {
        Err(FieldError::new(
            "withdrawn_on",
            "correction-error-not-withdrawn",
        ))
    } else if !within_correction_period(withdrawn_at, now) {
        Err(FieldError::new("withdrawn_on", "correction-error-too-late")
            .with_arg("days", CORRECTION_DAYS.to_string()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn record(scope: ConsentScope, partner: Option<i64>, withdrawn: bool) -> ConsentRecord {
        ConsentRecord {
            scope,
            partner_organisation_id: partner,
            given_on: date!(2026 - 01 - 10),
            withdrawn_on: withdrawn.then_some(date!(2026 - 05 - 01)),
        }
    }

    #[test]
    fn a_withdrawn_consent_stops_covering_what_it_covered() {
        let records = vec![
            record(ConsentScope::Participation, None, false),
            record(ConsentScope::InformationExchange, Some(7), true),
            record(ConsentScope::InformationExchange, Some(8), false),
            record(ConsentScope::Questionnaires, None, true),
        ];
        let coverage = Coverage::of(&records);
        assert!(coverage.participation);
        assert!(!coverage.questionnaires);
        assert!(!coverage.shares_with(7));
        assert!(coverage.shares_with(8));
    }

    #[test]
    fn nothing_is_shared_with_a_partner_once_participation_is_withdrawn() {
        let records = vec![
            record(ConsentScope::Participation, None, true),
            record(ConsentScope::InformationExchange, Some(8), false),
        ];
        assert!(!Coverage::of(&records).shares_with(8));
    }

    fn input() -> ConsentInput {
        ConsentInput {
            scope: "information-exchange".into(),
            partner_organisation_id: "3".into(),
            given_on: "2026-02-01".into(),
            form: "paper".into(),
            informed: true,
        }
    }

    #[test]
    fn information_exchange_names_its_partner() {
        let draft = input()
            .parse(date!(2026 - 01 - 15), date!(2026 - 11 - 27))
            .unwrap();
        assert_eq!(draft.partner_organisation_id, Some(3));
        let mut missing = input();
        missing.partner_organisation_id.clear();
        let errors = missing
            .parse(date!(2026 - 01 - 15), date!(2026 - 11 - 27))
            .unwrap_err();
        assert!(errors.for_field("partner_organisation_id").is_some());
    }

    #[test]
    fn consent_needs_the_information_given_and_a_date_after_the_referral() {
        let mut input = input();
        input.informed = false;
        input.given_on = "2026-01-01".into();
        let errors = input
            .parse(date!(2026 - 01 - 15), date!(2026 - 11 - 27))
            .unwrap_err();
        assert_eq!(
            errors.for_field("informed").unwrap().key,
            "consent-error-not-informed"
        );
        assert_eq!(
            errors.for_field("given_on").unwrap().key,
            "consent-error-before-referral"
        );
    }

    #[test]
    fn a_scope_other_than_information_exchange_ignores_the_partner() {
        let mut input = input();
        input.scope = "follow-up".into();
        let draft = input
            .parse(date!(2026 - 01 - 15), date!(2026 - 11 - 27))
            .unwrap();
        assert_eq!(draft.partner_organisation_id, None);
    }

    fn withdrawn(on: Option<Date>) -> Consent {
        Consent {
            id: 1,
            episode_id: 1,
            scope: ConsentScope::Participation,
            partner_organisation_id: None,
            given_on: date!(2026 - 01 - 10),
            form: ConsentForm::Paper,
            information_version: INFORMATION_VERSION.into(),
            recorded_by: None,
            recorded_at: Timestamp::parse("2026-01-10T09:00:00Z").unwrap(),
            withdrawn_on: on,
        }
    }

    #[test]
    fn a_withdrawal_can_be_undone_within_the_correction_period_only() {
        let at = Timestamp::parse("2026-05-01T09:00:00Z").unwrap();
        let consent = withdrawn(Some(date!(2026 - 05 - 01)));
        let soon = at.plus(time::Duration::days(3));
        let late = at.plus(time::Duration::days(CORRECTION_DAYS));
        assert!(check_withdrawal_correction(&consent, Some(at), soon).is_ok());
        assert_eq!(
            check_withdrawal_correction(&consent, Some(at), late)
                .unwrap_err()
                .key,
            "correction-error-too-late"
        );
        assert_eq!(
            check_withdrawal_correction(&withdrawn(None), Some(at), soon)
                .unwrap_err()
                .key,
            "correction-error-not-withdrawn"
        );
    }
}
