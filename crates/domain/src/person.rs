//! People in a programme: identity, names, language needs and protected identity.
//!
//! A person is identified by a personnummer or samordningsnummer where they have one; without
//! one (reservnummer, newly arrived, unknown) only birth year and sex are recorded, which is
//! what the statistics need. Contact details are never stored for someone with protected
//! identity (skyddad identitet): the rule is enforced here, before anything reaches storage.

use crate::personnummer::{Personnummer, Sex};
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use time::Date;

pub const NAME_MAX: usize = 100;
pub const LANGUAGE_MAX: usize = 60;
pub const ADDRESS_MAX: usize = 300;
pub const PHONE_MAX: usize = 30;
pub const EMAIL_MAX: usize = 254;
/// The earliest birth year accepted for someone without a number.
pub const BIRTH_YEAR_MIN: i32 = 1900;

crate::coded_enum! {
    /// Sex as the statistics report it. `Unknown` only for people without a number.
    pub enum PersonSex {
        Female => "female",
        Male => "male",
        Unknown => "unknown",
    }
}

impl From<Sex> for PersonSex {
    fn from(sex: Sex) -> Self {
        match sex {
            Sex::Female => PersonSex::Female,
            Sex::Male => PersonSex::Male,
        }
    }
}

/// Who the person is, in the strongest form available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Number(Personnummer),
    /// No personnummer or samordningsnummer: birth year and sex only.
    Unnumbered {
        birth_year: i32,
        sex: PersonSex,
    },
}

impl Identity {
    pub fn birth_year(&self) -> i32 {
        match self {
            Identity::Number(number) => number.birth_year(),
            Identity::Unnumbered { birth_year, .. } => *birth_year,
        }
    }

    pub fn sex(&self) -> PersonSex {
        match self {
            Identity::Number(number) => number.sex().into(),
            Identity::Unnumbered { sex, .. } => *sex,
        }
    }

    pub fn birth_date(&self) -> Option<Date> {
        match self {
            Identity::Number(number) => Some(number.birth_date()),
            Identity::Unnumbered { .. } => None,
        }
    }

    pub fn personnummer(&self) -> Option<Personnummer> {
        match self {
            Identity::Number(number) => Some(*number),
            Identity::Unnumbered { .. } => None,
        }
    }
}

/// Contact details, which exist only for people without protected identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A person's details as typed into the registration or edit form, or sent to the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    /// Personnummer or samordningsnummer in any usual form; blank for people without one.
    pub personnummer: String,
    /// Used only without a personnummer.
    pub birth_year: String,
    /// Used only without a personnummer.
    pub sex: String,
    pub given_name: String,
    pub family_name: String,
    pub preferred_language: String,
    pub interpreter_needed: bool,
    pub protected_identity: bool,
    pub address: String,
    pub phone: String,
    pub email: String,
}

/// A validated person, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub identity: Identity,
    pub given_name: String,
    pub family_name: String,
    pub preferred_language: Option<String>,
    pub interpreter_needed: bool,
    pub protected_identity: bool,
    /// Always empty when `protected_identity` is set.
    pub contact: Contact,
}

impl PersonInput {
    /// Checks every field and reports every problem at once. `today` resolves the century of a
    /// 10-digit personnummer and bounds the birth year.
    pub fn parse(&self, today: Date) -> Result<PersonDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let identity = errors.check(self.identity(today));
        let given_name = errors.check(required_text("given_name", &self.given_name, NAME_MAX));
        let family_name = errors.check(required_text("family_name", &self.family_name, NAME_MAX));
        let preferred_language = errors.check(optional_text(
            "preferred_language",
            &self.preferred_language,
            LANGUAGE_MAX,
        ));
        let contact = self.contact(&mut errors);
        match (
            identity,
            given_name,
            family_name,
            preferred_language,
            contact,
        ) {
            (
                Some(identity),
                Some(given_name),
                Some(family_name),
                Some(preferred_language),
                Some(contact),
            ) if errors.is_empty() => Ok(PersonDraft {
                identity,
                given_name,
                family_name,
                preferred_language,
                interpreter_needed: self.interpreter_needed,
                protected_identity: self.protected_identity,
                contact,
            }),
            _ => Err(errors),
        }
    }

    fn identity(&self, today: Date) -> Result<Identity, FieldError> {
        if !self.personnummer.trim().is_empty() {
            return Personnummer::parse(&self.personnummer, today)
                .map(Identity::Number)
                .map_err(|error| {
                    let mut field = FieldError::new("personnummer", error.message_key());
                    for (name, value) in error.message_args() {
                        field = field.with_arg(name, value);
                    }
                    field
                });
        }
        let birth_year = parse_birth_year(&self.birth_year, today)?;
        let sex = match self.sex.trim() {
            "" => return Err(FieldError::new("sex", "error-choose-option")),
            code => code
                .parse::<PersonSex>()
                .map_err(|_| FieldError::new("sex", "error-choose-option"))?,
        };
        Ok(Identity::Unnumbered { birth_year, sex })
    }

    /// Contact details, or nothing at all for protected identity: typing an address for such a
    /// person is an error rather than silently dropped, so the user knows it was not kept.
    fn contact(&self, errors: &mut ValidationErrors) -> Option<Contact> {
        if self.protected_identity {
            let mut clean = true;
            for (field, value) in [
                ("address", &self.address),
                ("phone", &self.phone),
                ("email", &self.email),
            ] {
                if !value.trim().is_empty() {
                    errors.push(FieldError::new(field, "person-error-protected-no-contact"));
                    clean = false;
                }
            }
            return clean.then(Contact::default);
        }
        let address = errors.check(optional_text("address", &self.address, ADDRESS_MAX));
        let phone = errors.check(parse_phone(&self.phone));
        let email = errors.check(parse_email(&self.email));
        Some(Contact {
            address: address?,
            phone: phone?,
            email: email?,
        })
    }
}

fn parse_birth_year(input: &str, today: Date) -> Result<i32, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            "birth_year",
            "person-error-birth-year-required",
        ));
    }
    match text.parse::<i32>() {
        Ok(year) if (BIRTH_YEAR_MIN..=today.year()).contains(&year) => Ok(year),
        _ => Err(
            FieldError::new("birth_year", "person-error-birth-year-range")
                .with_arg("min", BIRTH_YEAR_MIN)
                .with_arg("max", today.year()),
        ),
    }
}

pub fn parse_phone(input: &str) -> Result<Option<String>, FieldError> {
    let Some(phone) = optional_text("phone", input, PHONE_MAX)? else {
        return Ok(None);
    };
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    if !allowed || digits < 6 {
        return Err(FieldError::new("phone", "person-error-phone"));
    }
    Ok(Some(phone))
}

/// Deliberately lenient: one `@` with text on both sides and a dot in the domain. Whether the
/// address works is learnt by writing to it, not by a stricter pattern.
pub fn parse_email(input: &str) -> Result<Option<String>, FieldError> {
    let Some(email) = optional_text("email", input, EMAIL_MAX)? else {
        return Ok(None);
    };
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(Some(email))
    } else {
        Err(FieldError::new("email", "person-error-email"))
    }
}

/// A person as stored; the identifying fields are `None` once anonymised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub operator_id: i64,
    pub personnummer: Option<Personnummer>,
    pub birth_year: i32,
    pub birth_date: Option<Date>,
    pub sex: PersonSex,
    /// `None` once anonymised.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub preferred_language: Option<String>,
    pub interpreter_needed: bool,
    pub protected_identity: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub anonymised_at: Option<Timestamp>,
}

impl Person {
    /// "Given Family", or an empty string for an anonymised person.
    pub fn full_name(&self) -> String {
        match (&self.given_name, &self.family_name) {
            (Some(given), Some(family)) => format!("{given} {family}"),
            _ => String::new(),
        }
    }

    /// The personnummer as shown by default: birth date and the last four digits hidden.
    pub fn masked_number(&self) -> Option<String> {
        self.personnummer.map(|p| p.masked())
    }
}

/// Filters of the people list; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFilter {
    /// Part of a name, or part of a personnummer (matched on its digits).
    pub text: Option<String>,
    /// A whole personnummer: matched exactly, through the unique index.
    pub number: Option<Personnummer>,
    pub status: Option<crate::episode::EpisodeStatus>,
    pub programme_id: Option<i64>,
    /// Referring or assigned partner.
    pub partner_id: Option<i64>,
    /// Only people with a follow-up due on or before this date and not done.
    pub follow_up_due_by: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn anna() -> PersonInput {
        PersonInput {
            personnummer: "19800101-9804".into(),
            given_name: "Anna".into(),
            family_name: "Testsson".into(),
            ..PersonInput::default()
        }
    }

    #[test]
    fn a_personnummer_gives_birth_year_birth_date_and_sex() {
        let draft = anna().parse(TODAY).unwrap();
        assert_eq!(draft.identity.birth_year(), 1980);
        assert_eq!(draft.identity.birth_date(), Some(date!(1980 - 01 - 01)));
        assert_eq!(draft.identity.sex(), PersonSex::Female);
    }

    #[test]
    fn a_wrong_check_digit_is_reported_on_the_personnummer_field_with_the_expected_digit() {
        let mut input = anna();
        input.personnummer = "19800101-9805".into();
        let errors = input.parse(TODAY).unwrap_err();
        let error = errors.for_field("personnummer").unwrap();
        assert_eq!(error.key, "personnummer-error-wrong-check-digit");
        assert!(error.args.contains(&("expected", "4".to_string())));
    }

    #[test]
    fn without_a_number_birth_year_and_sex_are_required() {
        let mut input = anna();
        input.personnummer.clear();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(
            errors.for_field("birth_year").unwrap().key,
            "person-error-birth-year-required"
        );
        input.birth_year = "1975".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(errors.for_field("sex").unwrap().key, "error-choose-option");
        input.sex = "unknown".into();
        let draft = input.parse(TODAY).unwrap();
        assert_eq!(
            draft.identity,
            Identity::Unnumbered {
                birth_year: 1975,
                sex: PersonSex::Unknown
            }
        );
    }

    #[test]
    fn a_birth_year_in_the_future_is_refused_with_the_allowed_range() {
        let mut input = anna();
        input.personnummer.clear();
        input.sex = "male".into();
        input.birth_year = "2030".into();
        let error = input.parse(TODAY).unwrap_err();
        let error = error.for_field("birth_year").unwrap();
        assert_eq!(error.key, "person-error-birth-year-range");
        assert!(error.args.contains(&("max", "2026".to_string())));
    }

    #[test]
    fn protected_identity_refuses_contact_details_field_by_field() {
        let mut input = anna();
        input.protected_identity = true;
        input.address = "Storgatan 1".into();
        input.email = "anna@example.se".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert!(errors.for_field("address").is_some());
        assert!(errors.for_field("email").is_some());
        assert!(errors.for_field("phone").is_none());
        input.address.clear();
        input.email.clear();
        let draft = input.parse(TODAY).unwrap();
        assert_eq!(draft.contact, Contact::default());
    }

    #[test]
    fn contact_details_are_checked_leniently_but_checked() {
        let mut input = anna();
        input.phone = "070-123 45 67".into();
        input.email = "anna@example.se".into();
        assert!(input.parse(TODAY).is_ok());
        input.phone = "ring mig".into();
        input.email = "anna.example.se".into();
        let errors = input.parse(TODAY).unwrap_err();
        assert_eq!(errors.for_field("phone").unwrap().key, "person-error-phone");
        assert_eq!(errors.for_field("email").unwrap().key, "person-error-email");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = PersonInput {
            personnummer: "19800101".into(),
            ..PersonInput::default()
        };
        let errors = input.parse(TODAY).unwrap_err();
        assert!(errors.for_field("personnummer").is_some());
        assert!(errors.for_field("given_name").is_some());
        assert!(errors.for_field("family_name").is_some());
    }
}
