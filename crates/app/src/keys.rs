//! The instance key and the purpose-bound keys derived from it.
//!
//! One 256-bit secret, kept outside the database, protects the audit chain, the pre-session
//! CSRF tokens and the second-factor secrets. Each use gets its own key derived by HMAC with a
//! label, so a key leaked from one use says nothing about another.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use stegvis_domain::audit::AuditKey;
use stegvis_domain::oidc::IdentityKey;
use stegvis_domain::pseudonym::PseudonymKey;

pub struct InstanceKey([u8; 32]);

impl InstanceKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses the key as written in the key file or `STEGVIS_SECRET_KEY`.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let bytes =
            hex::decode(text.trim()).map_err(|_| "expected 64 hexadecimal digits".to_string())?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "expected 64 hexadecimal digits (32 bytes)".to_string())?;
        Ok(Self(key))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn derive(&self, label: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) {
            mac.update(label.as_bytes());
            out.copy_from_slice(&mac.finalize().into_bytes());
        }
        out
    }

    pub fn audit_key(&self) -> AuditKey {
        AuditKey::new(self.derive("stegvis audit chain"))
    }

    pub fn csrf_key(&self) -> [u8; 32] {
        self.derive("stegvis csrf")
    }

    /// Seals the TOTP secrets of second factors and keys their recovery-code hashes, so the
    /// database alone is not enough to pass the second step (decision 0031).
    pub fn second_factor_key(&self) -> [u8; 32] {
        self.derive("stegvis second factor")
    }

    pub fn pseudonym_key(&self) -> PseudonymKey {
        PseudonymKey::new(self.derive("stegvis pseudonyms"))
    }

    pub fn identity_key(&self) -> IdentityKey {
        IdentityKey::new(self.derive("stegvis external identities"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_must_be_64_hex_digits() {
        assert!(InstanceKey::from_hex(&"ab".repeat(32)).is_ok());
        assert!(InstanceKey::from_hex("abc").is_err());
        assert!(InstanceKey::from_hex(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_are_stable() {
        let key = InstanceKey::from_bytes([1; 32]);
        assert_ne!(key.derive("a"), key.derive("b"));
        assert_eq!(key.derive("a"), key.derive("a"));
        assert_eq!(
            InstanceKey::from_hex(&key.to_hex()).unwrap().derive("a"),
            key.derive("a")
        );
    }
}
