//! Password hashing with argon2id, on a blocking thread so logins do not stall the server.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::rngs::OsRng;

/// Cost parameters. The default follows OWASP's argon2id recommendation (19 MiB, 2 passes);
/// tests lower it so hundreds of logins stay fast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for PasswordCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

impl PasswordCost {
    /// The cheapest cost argon2 allows; for tests only.
    pub const FAST_FOR_TESTS: PasswordCost = PasswordCost {
        memory_kib: 8,
        iterations: 1,
    };
}

#[derive(Clone)]
pub struct Passwords {
    cost: PasswordCost,
    /// Verified against when the username is unknown, so the response takes as long as for a
    /// real account and does not reveal which usernames exist.
    dummy_hash: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password cost parameters are not valid: {0}")]
    Parameters(String),
    #[error("hashing the password failed: {0}")]
    Hashing(String),
}

impl Passwords {
    pub fn new(cost: PasswordCost) -> Result<Self, PasswordError> {
        let dummy_hash = hash_with(cost, "stegvis-dummy-password-for-timing")?;
        Ok(Self { cost, dummy_hash })
    }

    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        let cost = self.cost;
        tokio::task::spawn_blocking(move || hash_with(cost, &password))
            .await
            .map_err(|e| PasswordError::Hashing(e.to_string()))?
    }

    /// True when `password` matches `hash`; with no hash, spends the same time and says no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let matches = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        known && matches
    }
}

fn hash_with(cost: PasswordCost, password: &str) -> Result<String, PasswordError> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| PasswordError::Parameters(e.to_string()))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let salt = SaltString::generate(&mut OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let passwords = Passwords::new(PasswordCost::FAST_FOR_TESTS).unwrap();
        let hash = passwords.hash("rätt lösenord här".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            passwords
                .verify("rätt lösenord här".into(), Some(hash.clone()))
                .await
        );
        assert!(!passwords.verify("fel lösenord".into(), Some(hash)).await);
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies_even_with_the_dummy_password() {
        let passwords = Passwords::new(PasswordCost::FAST_FOR_TESTS).unwrap();
        assert!(
            !passwords
                .verify("stegvis-dummy-password-for-timing".into(), None)
                .await
        );
    }
}
