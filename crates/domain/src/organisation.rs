//! Organisations: the operator (huvudman) and the partners and financiers of programmes.

use crate::orgnumber::OrgNumber;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of body an organisation is; decides how it appears in reports per actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationKind {
    Kommun,
    Forsakringskassan,
    Arbetsformedlingen,
    Region,
    Samordningsforbund,
    Other,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 6] = [
        OrganisationKind::Kommun,
        OrganisationKind::Forsakringskassan,
        OrganisationKind::Arbetsformedlingen,
        OrganisationKind::Region,
        OrganisationKind::Samordningsforbund,
        OrganisationKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::Kommun => "kommun",
            OrganisationKind::Forsakringskassan => "forsakringskassan",
            OrganisationKind::Arbetsformedlingen => "arbetsformedlingen",
            OrganisationKind::Region => "region",
            OrganisationKind::Samordningsforbund => "samordningsforbund",
            OrganisationKind::Other => "other",
        }
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown organisation type '{0}': use kommun, forsakringskassan, arbetsformedlingen, region, samordningsforbund or other"
)]
pub struct UnknownOrganisationKind(pub String);

impl FromStr for OrganisationKind {
    type Err = UnknownOrganisationKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrganisationKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| UnknownOrganisationKind(s.to_string()))
    }
}

pub const NAME_MAX: usize = 200;
pub const SHORT_NAME_MAX: usize = 32;

/// A validated organisation as entered, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: String,
    pub short_name: String,
    pub kind: OrganisationKind,
    pub org_number: Option<OrgNumber>,
}

/// The raw text of an organisation form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    pub short_name: String,
    pub kind: String,
    #[serde(default)]
    pub org_number: String,
}

impl OrganisationInput {
    /// Parses every field, collecting all problems so the form can show them together.
    pub fn parse(&self) -> Result<OrganisationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check(required_text("name", &self.name, NAME_MAX));
        let short_name = errors.check(parse_short_name(&self.short_name));
        let kind = errors.check(
            self.kind
                .parse::<OrganisationKind>()
                .map_err(|_| FieldError::new("kind", "error-choose-option")),
        );
        let org_number = errors.check(match optional_text("org_number", &self.org_number, 20) {
            Ok(None) => Ok(None),
            Ok(Some(text)) => OrgNumber::parse(&text).map(Some).map_err(|e| {
                let mut error = FieldError::new("org_number", e.message_key());
                for (name, value) in e.message_args() {
                    error = error.with_arg(name, value);
                }
                error
            }),
            Err(e) => Err(e),
        });
        match (name, short_name, kind, org_number) {
            (Some(name), Some(short_name), Some(kind), Some(org_number)) if errors.is_empty() => {
                Ok(OrganisationDraft {
                    name,
                    short_name,
                    kind,
                    org_number,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Short names identify an organisation on the command line and in narrow tables, so they
/// are short, single words without spaces.
pub fn parse_short_name(input: &str) -> Result<String, FieldError> {
    let text = required_text("short_name", input, SHORT_NAME_MAX)?;
    if text
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        Ok(text)
    } else {
        Err(FieldError::new("short_name", "error-short-name-characters"))
    }
}

/// An organisation as stored in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: OrganisationKind,
    pub org_number: Option<OrgNumber>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, short: &str, kind: &str) -> OrganisationInput {
        OrganisationInput {
            name: name.into(),
            short_name: short.into(),
            kind: kind.into(),
            org_number: String::new(),
        }
    }

    #[test]
    fn a_complete_organisation_parses() {
        let draft = input("Västerviks kommun", "VVK", "kommun").parse().unwrap();
        assert_eq!(draft.kind, OrganisationKind::Kommun);
        assert_eq!(draft.short_name, "VVK");
        assert_eq!(draft.org_number, None);
    }

    #[test]
    fn all_problems_are_reported_together() {
        let errors = input("", "has space", "bank").parse().unwrap_err();
        assert_eq!(errors.for_field("name").unwrap().key, "error-required");
        assert_eq!(
            errors.for_field("short_name").unwrap().key,
            "error-short-name-characters"
        );
        assert_eq!(errors.for_field("kind").unwrap().key, "error-choose-option");
    }

    #[test]
    fn a_wrong_organisation_number_is_reported_on_its_field() {
        let mut bad = input("Kooperativet", "KOOP", "other");
        bad.org_number = "556000-0000".into();
        let errors = bad.parse().unwrap_err();
        assert!(errors.for_field("org_number").is_some());
    }

    #[test]
    fn every_kind_code_round_trips() {
        for kind in OrganisationKind::ALL {
            assert_eq!(kind.code().parse::<OrganisationKind>().unwrap(), kind);
        }
    }
}
