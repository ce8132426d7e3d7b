//! Login with e-ID through OpenID Connect (decision 0032): an organisation's provider settings
//! and the identity a user's e-ID must present.

use crate::personnummer::Personnummer;
use crate::validation::{FieldError, ValidationErrors, optional_text, required_text};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::Date;

crate::coded_enum! {
    /// What the configured claim carries, which decides how it is matched to a user.
    pub enum ClaimKind {
        /// A verified personnummer, matched by its keyed hash ([`IdentityKey`]).
        Personnummer => "personnummer",
        /// An employee id from the organisation's own directory, matched as given.
        EmployeeId => "employee_id",
    }
}

pub const URL_MAX: usize = 500;
pub const CLIENT_ID_MAX: usize = 200;
pub const CLIENT_SECRET_MAX: usize = 500;
pub const CLAIM_NAME_MAX: usize = 200;
pub const EXTERNAL_ID_MAX: usize = 200;

/// An organisation's identity provider as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcProvider {
    pub organisation_id: i64,
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub claim_name: String,
    pub claim_kind: ClaimKind,
    pub local_passwords_off: bool,
}

/// Written by hand so the client secret never reaches a log through `{:?}`.
impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("organisation_id", &self.organisation_id)
            .field("issuer_url", &self.issuer_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .field("claim_name", &self.claim_name)
            .field("claim_kind", &self.claim_kind)
            .field("local_passwords_off", &self.local_passwords_off)
            .finish()
    }
}

/// The raw text of the e-ID settings form.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OidcProviderInput {
    pub issuer_url: String,
    pub client_id: String,
    /// Empty keeps the stored secret: the form never shows it back.
    pub client_secret: String,
    pub claim_name: String,
    pub claim_kind: String,
    pub local_passwords_off: bool,
}

impl OidcProviderInput {
    /// Parses every field, collecting all problems. `stored_secret` is the secret already
    /// saved, which an empty secret field keeps.
    pub fn parse(
        &self,
        organisation_id: i64,
        stored_secret: Option<&str>,
    ) -> Result<OidcProvider, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let issuer_url = errors.check(parse_issuer_url(&self.issuer_url));
        let client_id = errors.check(required_text("client_id", &self.client_id, CLIENT_ID_MAX));
        let client_secret = errors.check(
            match optional_text("client_secret", &self.client_secret, CLIENT_SECRET_MAX) {
                Ok(Some(secret)) => Ok(secret),
                Ok(None) => stored_secret
                    .map(str::to_string)
                    .ok_or_else(|| FieldError::new("client_secret", "error-required")),
                Err(error) => Err(error),
            },
        );
        let claim_name = errors.check(required_text(
            "claim_name",
            &self.claim_name,
            CLAIM_NAME_MAX,
        ));
        let claim_kind = errors.check(
            self.claim_kind
                .parse::<ClaimKind>()
                .map_err(|_| FieldError::new("claim_kind", "error-choose-option")),
        );
        match (issuer_url, client_id, client_secret, claim_name, claim_kind) {
            (
                Some(issuer_url),
                Some(client_id),
                Some(client_secret),
                Some(claim_name),
                Some(claim_kind),
            ) if errors.is_empty() => Ok(OidcProvider {
                organisation_id,
                issuer_url,
                client_id,
                client_secret,
                claim_name,
                claim_kind,
                local_passwords_off: self.local_passwords_off,
            }),
            _ => Err(errors),
        }
    }
}

/// The issuer is where discovery starts, so it must be an absolute http(s) URL; plain http is
/// allowed for a provider on the same machine (and the tests), which the operator decides.
fn parse_issuer_url(input: &str) -> Result<String, FieldError> {
    let text = required_text("issuer_url", input, URL_MAX)?;
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !text.contains(char::is_whitespace) => {
            Ok(text.trim_end_matches('/').to_string())
        }
        _ => Err(FieldError::new("issuer_url", "error-oidc-issuer-url")),
    }
}

/// Derives what a personnummer is stored and matched as, so the database holds no
/// personnummer of staff: an HMAC under a key derived from the instance key, which never leaves
/// the server. Personnummer are few enough to try them all, so a plain hash would protect
/// nothing; without the key nobody can.
#[derive(Clone)]
pub struct IdentityKey([u8; 32]);

impl IdentityKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The stored form of a personnummer: `pnr:` and 64 hexadecimal digits.
    pub fn personnummer_match(&self, number: &Personnummer) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(number.canonical().as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        format!("pnr:{hex}")
    }

    /// What a user's `external_id` must equal for the claim value an e-ID presented, or the
    /// error when a personnummer claim does not hold a valid personnummer.
    pub fn match_value(
        &self,
        kind: ClaimKind,
        value: &str,
        today: Date,
    ) -> Result<String, FieldError> {
        match kind {
            ClaimKind::Personnummer => Personnummer::parse(value, today)
                .map(|number| self.personnummer_match(&number))
                .map_err(|e| {
                    let mut error = FieldError::new("external_id", e.message_key());
                    for (name, value) in e.message_args() {
                        error = error.with_arg(name, value);
                    }
                    error
                }),
            ClaimKind::EmployeeId => {
                let text = required_text("external_id", value, EXTERNAL_ID_MAX)?;
                if text.starts_with("pnr:") {
                    return Err(FieldError::new("external_id", "error-oidc-employee-id"));
                }
                Ok(text)
            }
        }
    }
}

impl std::fmt::Debug for IdentityKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdentityKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        time::macros::date!(2026 - 12 - 07)
    }

    fn input() -> OidcProviderInput {
        OidcProviderInput {
            issuer_url: "https://id.example.se/".into(),
            client_id: "stegvis".into(),
            client_secret: "hemligt".into(),
            claim_name: "personal_number".into(),
            claim_kind: "personnummer".into(),
            local_passwords_off: true,
        }
    }

    #[test]
    fn a_complete_form_parses_without_the_trailing_slash_of_the_issuer() {
        let provider = input().parse(3, None).unwrap();
        assert_eq!(provider.issuer_url, "https://id.example.se");
        assert_eq!(provider.claim_kind, ClaimKind::Personnummer);
        assert!(provider.local_passwords_off);
    }

    #[test]
    fn an_empty_secret_keeps_the_stored_one_and_is_required_when_none_is_stored() {
        let mut form = input();
        form.client_secret = String::new();
        assert_eq!(
            form.parse(3, Some("sparat")).unwrap().client_secret,
            "sparat"
        );
        let errors = form.parse(3, None).unwrap_err();
        assert_eq!(
            errors.for_field("client_secret").unwrap().key,
            "error-required"
        );
    }

    #[test]
    fn an_issuer_that_is_not_a_web_address_is_refused() {
        let mut form = input();
        form.issuer_url = "id.example.se".into();
        form.claim_kind = "epost".into();
        let errors = form.parse(3, None).unwrap_err();
        assert_eq!(
            errors.for_field("issuer_url").unwrap().key,
            "error-oidc-issuer-url"
        );
        assert_eq!(
            errors.for_field("claim_kind").unwrap().key,
            "error-choose-option"
        );
    }

    #[test]
    fn the_secret_is_not_in_the_debug_form() {
        let provider = input().parse(3, None).unwrap();
        assert!(!format!("{provider:?}").contains("hemligt"));
    }

    #[test]
    fn a_personnummer_matches_in_any_written_form_and_only_under_the_same_key() {
        let key = IdentityKey::new([5; 32]);
        let a = key
            .match_value(ClaimKind::Personnummer, "191212121212", today())
            .unwrap();
        let b = key
            .match_value(ClaimKind::Personnummer, "19121212-1212", today())
            .unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("pnr:") && !a.contains("1212121212"));
        let other = IdentityKey::new([6; 32])
            .match_value(ClaimKind::Personnummer, "191212121212", today())
            .unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn a_personnummer_claim_with_a_wrong_check_digit_is_refused() {
        let key = IdentityKey::new([5; 32]);
        assert!(
            key.match_value(ClaimKind::Personnummer, "191212121213", today())
                .is_err()
        );
    }

    #[test]
    fn an_employee_id_is_matched_as_given_but_cannot_pose_as_a_hash() {
        let key = IdentityKey::new([5; 32]);
        assert_eq!(
            key.match_value(ClaimKind::EmployeeId, " E-1042 ", today())
                .unwrap(),
            "E-1042"
        );
        assert!(
            key.match_value(ClaimKind::EmployeeId, "pnr:abc", today())
                .is_err()
        );
    }
}
