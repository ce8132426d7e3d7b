//! Pseudonyms for row-level exports to evaluators.
//!
//! An evaluator may analyse individual scores but must not learn who gave them (shared
//! domain brief §8). Each person gets a code derived by HMAC from a key that never leaves the
//! instance, the programme and the person's id: the same person has the same code in every
//! export of one programme, so occasions can be linked, but codes of different programmes
//! cannot be linked to each other, and nobody without the key can go back from code to person.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The secret behind the pseudonyms, derived from the instance key.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl PseudonymKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The code of one person in one programme, e.g. `P-3FA9C01B7D2E`.
    pub fn pseudonym(&self, programme_id: i64, person_id: i64) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(format!("{programme_id}:{person_id}").as_bytes());
        let digest = mac.finalize().into_bytes();
        let code: String = digest
            .iter()
            .take(6)
            .map(|byte| format!("{byte:02X}"))
            .collect();
        format!("P-{code}")
    }
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_keeps_one_code_within_a_programme_and_gets_another_in_the_next() {
        let key = PseudonymKey::new([7; 32]);
        let code = key.pseudonym(1, 42);
        assert_eq!(code, key.pseudonym(1, 42));
        assert_ne!(code, key.pseudonym(2, 42));
        assert_ne!(code, key.pseudonym(1, 43));
        assert_eq!(code.len(), 14);
        assert!(code.starts_with("P-"));
        assert_ne!(code, PseudonymKey::new([8; 32]).pseudonym(1, 42));
    }
}
