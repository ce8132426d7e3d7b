//! User accounts: usernames, passwords and interface language.

use crate::access::Role;
use crate::timestamp::Timestamp;
use crate::validation::{FieldError, required_text};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

pub const USERNAME_MIN: usize = 2;
pub const USERNAME_MAX: usize = 64;
pub const DISPLAY_NAME_MAX: usize = 120;
/// Long passphrases beat complexity rules (NIST SP 800-63B); twelve characters is the floor
/// for accounts that can reach health data.
pub const PASSWORD_MIN: usize = 12;
/// Bounded so an attacker cannot make the server hash megabytes.
pub const PASSWORD_MAX: usize = 256;

/// A login name: lower-case ASCII letters, digits and `. _ - @`, compared case-insensitively
/// by storing the lower-case form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = input.trim().to_lowercase();
        if text.is_empty() {
            return Err(FieldError::new("username", "error-required"));
        }
        let length = text.chars().count();
        if !(USERNAME_MIN..=USERNAME_MAX).contains(&length) {
            return Err(FieldError::new("username", "error-username-length")
                .with_arg("min", USERNAME_MIN)
                .with_arg("max", USERNAME_MAX));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@".contains(c))
        {
            return Err(FieldError::new("username", "error-username-characters"));
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn parse_display_name(input: &str) -> Result<String, FieldError> {
    required_text("display_name", input, DISPLAY_NAME_MAX)
}

/// Checks a new password against the policy. Only length is enforced, as current guidance
/// recommends; the username itself is refused because it is the first thing an attacker tries.
pub fn check_new_password(
    field: &'static str,
    password: &str,
    username: &str,
) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(
            FieldError::new(field, "error-password-too-short").with_arg("min", PASSWORD_MIN)
        );
    }
    if length > PASSWORD_MAX {
        return Err(FieldError::new(field, "error-too-long").with_arg("max", PASSWORD_MAX));
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(FieldError::new(field, "error-password-is-username"));
    }
    Ok(())
}

/// The interface languages. Swedish is the default; English is the second language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Sv,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Sv, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Sv => "sv",
            Locale::En => "en",
        }
    }

    /// Picks the first supported language from an `Accept-Language` header, honouring
    /// quality values; Swedish when nothing matches.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut candidates: Vec<(f32, usize, &str)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(index, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                Some((quality, index, tag))
            })
            .filter(|(quality, _, _)| *quality > 0.0)
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates
            .into_iter()
            .find_map(|(_, _, tag)| {
                let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
                Locale::ALL.into_iter().find(|l| l.code() == primary)
            })
            .unwrap_or_default()
    }
}

impl FromStr for Locale {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::ALL
            .into_iter()
            .find(|l| l.code() == s.trim())
            .ok_or(())
    }
}

/// A user account as stored, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub locale: Option<Locale>,
    pub active: bool,
    pub has_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
    pub created_at: Timestamp,
    /// The version the edit form carries (decision 0030).
    pub updated_at: Timestamp,
}

/// What the login check needs, including the password hash that nothing else may read.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
}

/// Filters for the user list; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub organisation_id: Option<i64>,
    /// Matched against the start of the username.
    pub username_prefix: Option<String>,
}

crate::coded_enum! {
    /// Why a one-time link was issued.
    pub enum LinkPurpose {
        Invite => "invite",
        Reset => "reset",
    }
}

/// An API token as listed to its owner: its name and use, never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// A login session as stored (found by the hash of its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_stored_in_lower_case() {
        assert_eq!(
            Username::parse(" Anna.Berg ").unwrap().as_str(),
            "anna.berg"
        );
    }

    #[test]
    fn usernames_with_spaces_or_non_ascii_letters_are_refused() {
        assert_eq!(
            Username::parse("anna berg").unwrap_err().key,
            "error-username-characters"
        );
        assert_eq!(
            Username::parse("åsa").unwrap_err().key,
            "error-username-characters"
        );
    }

    #[test]
    fn a_one_letter_username_is_too_short() {
        assert_eq!(
            Username::parse("a").unwrap_err().key,
            "error-username-length"
        );
    }

    #[test]
    fn a_short_password_names_the_minimum() {
        let error = check_new_password("password", "kort", "anna").unwrap_err();
        assert_eq!(error.key, "error-password-too-short");
        assert_eq!(error.args, vec![("min", "12".to_string())]);
    }

    #[test]
    fn the_username_is_not_a_password() {
        let error = check_new_password("password", "Anna.Berg.Org", "anna.berg.org").unwrap_err();
        assert_eq!(error.key, "error-password-is-username");
    }

    #[test]
    fn a_long_passphrase_is_accepted() {
        assert!(check_new_password("password", "korrekt häst batteri häfte", "anna").is_ok());
    }

    #[test]
    fn swedish_is_chosen_when_no_language_matches() {
        assert_eq!(Locale::negotiate("de-DE,fr;q=0.8"), Locale::Sv);
        assert_eq!(Locale::negotiate(""), Locale::Sv);
    }

    #[test]
    fn the_preferred_supported_language_wins_by_quality() {
        assert_eq!(Locale::negotiate("en-GB,en;q=0.9,sv;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("sv;q=0.5,en;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate("en;q=0,sv"), Locale::Sv);
    }
}
