//! A partner organisation's role in a programme (issue 13 item 6): what it contributes, who
//! its contact is, and which of its staff may refer people to the programme.

use crate::validation::{ValidationErrors, optional_text};
use serde::{Deserialize, Serialize};

pub const CONTRIBUTES_MAX: usize = 1000;
pub const LINE_MAX: usize = 200;

/// The raw text of a partner's role form or API body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRoleInput {
    #[serde(default)]
    pub contributes: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_role: String,
    #[serde(default)]
    pub contact_email: String,
}

/// A validated role; every part is optional, so a partner can be described a little at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerRoleDraft {
    pub contributes: Option<String>,
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    pub contact_email: Option<String>,
}

impl PartnerRoleInput {
    pub fn parse(&self) -> Result<PartnerRoleDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let contributes = errors.check(optional_text(
            "contributes",
            &self.contributes.replace(['\r', '\n'], " "),
            CONTRIBUTES_MAX,
        ));
        let contact_name =
            errors.check(optional_text("contact_name", &self.contact_name, LINE_MAX));
        let contact_role =
            errors.check(optional_text("contact_role", &self.contact_role, LINE_MAX));
        let contact_email = errors.check(crate::enterprise::parse_email(&self.contact_email));
        match (contributes, contact_name, contact_role, contact_email) {
            (Some(contributes), Some(contact_name), Some(contact_role), Some(contact_email))
                if errors.is_empty() =>
            {
                Ok(PartnerRoleDraft {
                    contributes,
                    contact_name,
                    contact_role,
                    contact_email,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A partner's role as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PartnerRole {
    pub organisation_id: i64,
    pub contributes: Option<String>,
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    pub contact_email: Option<String>,
}

impl PartnerRole {
    /// Whether a staff member is named: then reading the role is reading personal data.
    pub fn names_a_person(&self) -> bool {
        self.contact_name.is_some() || self.contact_email.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_with_a_contact_parses_and_names_a_person() {
        let draft = PartnerRoleInput {
            contributes: "Handläggare två dagar i veckan".into(),
            contact_name: "Karin Exempel".into(),
            contact_role: "Samverkanshandläggare".into(),
            contact_email: "karin@example.se".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(draft.contact_email.as_deref(), Some("karin@example.se"));
        let role = PartnerRole {
            organisation_id: 2,
            contact_name: draft.contact_name,
            ..PartnerRole::default()
        };
        assert!(role.names_a_person());
    }

    #[test]
    fn a_wrong_email_address_is_refused_on_its_field() {
        let errors = PartnerRoleInput {
            contact_email: "karin.example.se".into(),
            ..PartnerRoleInput::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(
            errors.for_field("contact_email").unwrap().key,
            "enterprise-error-email"
        );
    }
}
