//! Configuration shared by the commands: the database, the instance key and password cost.
//!
//! The instance key protects the audit chain and CSRF tokens. It must live outside the
//! database (otherwise whoever can edit the audit log could also re-sign it), so it comes from
//! `STEGVIS_SECRET_KEY` or a key file, which is created on first use when absent.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};
use stegvis_app::{App, PasswordCost, Passwords, Policy};
use stegvis_domain::audit::AuditKey;
use stegvis_storage::{Db, Engine, SchemaStatus};

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STEGVIS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// The 256-bit instance key and the keys derived from it.
pub struct InstanceKey([u8; 32]);

impl InstanceKey {
    /// Reads the key from `STEGVIS_SECRET_KEY` (64 hex digits) or the key file, creating the
    /// file with a new random key (readable by the owner only) when neither exists.
    pub fn load(key_file: &Path) -> Result<Self, String> {
        if let Ok(hex_key) = std::env::var("STEGVIS_SECRET_KEY") {
            return parse_hex_key(hex_key.trim())
                .map_err(|e| format!("STEGVIS_SECRET_KEY is not valid: {e}"));
        }
        match std::fs::read_to_string(key_file) {
            Ok(text) => parse_hex_key(text.trim())
                .map_err(|e| format!("the key file {} is not valid: {e}", key_file.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut key);
                write_key_file(key_file, &key)?;
                tracing::info!(path = %key_file.display(), "created a new instance key file; back it up together with the database");
                Ok(Self(key))
            }
            Err(error) => Err(format!("cannot read the key file {}: {error}", key_file.display())),
        }
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
}

fn parse_hex_key(text: &str) -> Result<InstanceKey, String> {
    let bytes = hex::decode(text).map_err(|_| "expected 64 hexadecimal digits".to_string())?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| "expected 64 hexadecimal digits (32 bytes)".to_string())?;
    Ok(InstanceKey(key))
}

fn write_key_file(path: &Path, key: &[u8; 32]) -> Result<(), String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create the key file {}: {e}", path.display()))?;
    writeln!(file, "{}", hex::encode(key))
        .map_err(|e| format!("cannot write the key file {}: {e}", path.display()))
}

/// The default key file: beside an SQLite database, else in the working directory.
pub fn default_key_file(database_url: &str) -> PathBuf {
    database_url
        .strip_prefix("sqlite://")
        .map(|path| path.split('?').next().unwrap_or(path))
        .filter(|path| !path.is_empty() && *path != ":memory:")
        .map(|path| {
            let db = Path::new(path);
            db.with_extension("key")
        })
        .unwrap_or_else(|| PathBuf::from("stegvis.key"))
}

fn env_u32(name: &str) -> Result<Option<u32>, String> {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{name} must be a whole number, not '{value}'")),
        Err(_) => Ok(None),
    }
}

/// Password hashing cost: OWASP's default, or `STEGVIS_ARGON2_MEMORY_KIB` and
/// `STEGVIS_ARGON2_ITERATIONS` (tests lower them).
pub fn password_cost() -> Result<PasswordCost, String> {
    let default = PasswordCost::default();
    Ok(PasswordCost {
        memory_kib: env_u32("STEGVIS_ARGON2_MEMORY_KIB")?.unwrap_or(default.memory_kib),
        iterations: env_u32("STEGVIS_ARGON2_ITERATIONS")?.unwrap_or(default.iterations),
    })
}

/// How a command treats the schema: the server migrates SQLite itself but only checks
/// PostgreSQL, where several servers may share one database and upgrades are an explicit step.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SchemaHandling {
    MigrateSqlite,
    Check,
}

/// Connects, prepares the schema and assembles the application.
pub async fn open_app(database_url: &str, key_file: Option<&Path>, schema: SchemaHandling) -> Result<(App, InstanceKey), String> {
    let db = Db::connect(database_url).await.map_err(|e| e.to_string())?;
    if db.engine() == Engine::Sqlite && schema == SchemaHandling::MigrateSqlite {
        db.migrate().await.map_err(|e| e.to_string())?;
    }
    match db.schema_status().await.map_err(|e| e.to_string())? {
        SchemaStatus::UpToDate { .. } => {}
        SchemaStatus::Behind { applied, latest } => {
            return Err(format!(
                "the database schema is at version {} but this Stegvis needs version {latest}: run `stegvis migrate` first",
                applied.map_or("none".to_string(), |v| v.to_string())
            ));
        }
        SchemaStatus::Ahead { applied, latest } => {
            return Err(format!(
                "the database schema is at version {applied}, newer than this Stegvis knows ({latest}): upgrade Stegvis"
            ));
        }
    }
    let key_path = key_file.map_or_else(|| default_key_file(database_url), Path::to_path_buf);
    let key = InstanceKey::load(&key_path)?;
    let passwords = Passwords::new(password_cost()?).map_err(|e| e.to_string())?;
    let app = App {
        db,
        audit_key: key.audit_key(),
        passwords,
        policy: Policy::default(),
    };
    Ok((app, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_sits_beside_an_sqlite_database() {
        assert_eq!(default_key_file("sqlite://data/stegvis.db"), PathBuf::from("data/stegvis.key"));
        assert_eq!(default_key_file("sqlite://stegvis.db?mode=rwc"), PathBuf::from("stegvis.key"));
        assert_eq!(default_key_file("postgres://db/stegvis"), PathBuf::from("stegvis.key"));
    }

    #[test]
    fn a_key_must_be_64_hex_digits() {
        assert!(parse_hex_key(&"ab".repeat(32)).is_ok());
        assert!(parse_hex_key("abc").is_err());
        assert!(parse_hex_key(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn derived_keys_differ_by_purpose() {
        let key = InstanceKey([1; 32]);
        assert_ne!(key.derive("a"), key.derive("b"));
        assert_eq!(key.derive("a"), key.derive("a"));
    }
}
