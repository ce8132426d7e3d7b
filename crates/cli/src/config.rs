//! Configuration shared by the commands: the database, the instance key and password cost.
//!
//! The instance key protects the audit chain and CSRF tokens. It must live outside the
//! database (otherwise whoever can edit the audit log could also re-sign it), so it comes from
//! `STEGVIS_SECRET_KEY` or a key file, which is created on first use when absent.

use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};
use stegvis_app::keys::InstanceKey;
use stegvis_app::{App, Clock, PasswordCost, Passwords, Policy};
use stegvis_domain::timestamp::{Timestamp, parse_date};
use stegvis_storage::{Db, Engine, SchemaStatus};

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STEGVIS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    // Colour codes only for a person at a terminal; a service manager or log shipper gets
    // plain lines.
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

/// Reads the instance key from `STEGVIS_SECRET_KEY` (64 hex digits) or the key file,
/// creating the file with a new random key (readable by the owner only) when neither exists.
///
/// On PostgreSQL the key is never created: several servers share the database, and a server
/// that invented its own key would write audit entries no other server can verify.
pub fn load_key(key_file: &Path, may_create: bool) -> Result<InstanceKey, String> {
    if let Ok(hex_key) = std::env::var("STEGVIS_SECRET_KEY") {
        return InstanceKey::from_hex(&hex_key)
            .map_err(|e| format!("STEGVIS_SECRET_KEY is not valid: {e}"));
    }
    match std::fs::read_to_string(key_file) {
        Ok(text) => InstanceKey::from_hex(&text)
            .map_err(|e| format!("the key file {} is not valid: {e}", key_file.display())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !may_create => Err(format!(
            "no instance key: set STEGVIS_SECRET_KEY or --key-file (the key file {} does not exist); \
             every server of a PostgreSQL installation needs the same key",
            key_file.display()
        )),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let key = InstanceKey::from_bytes(bytes);
            write_key_file(key_file, &key)?;
            tracing::info!(path = %key_file.display(), "created a new instance key file; back it up separately from the database (docs/operations.md)");
            Ok(key)
        }
        Err(error) => Err(format!(
            "cannot read the key file {}: {error}",
            key_file.display()
        )),
    }
}

fn write_key_file(path: &Path, key: &InstanceKey) -> Result<(), String> {
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
    writeln!(file, "{}", key.to_hex())
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
pub async fn open_app(
    database_url: &str,
    key_file: Option<&Path>,
    schema: SchemaHandling,
) -> Result<(App, InstanceKey), String> {
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
    let key = load_key(&key_path, db.engine() == Engine::Sqlite)?;
    let passwords = Passwords::new(password_cost()?).map_err(|e| e.to_string())?;
    let app = App {
        db,
        audit_key: key.audit_key(),
        pseudonym_key: key.pseudonym_key(),
        identity_key: key.identity_key(),
        second_factor_key: key.second_factor_key(),
        passwords,
        policy: Policy::default(),
        clock: Clock::system(),
        metrics: Default::default(),
    };
    Ok((app, key))
}

/// The SMTP server reminders go through (docs/operations.md, "E-post och påminnelser"). Mail is
/// off unless `--smtp-host` is set.
#[derive(clap::Args, Clone, Debug)]
pub struct MailArgs {
    /// The SMTP server; without it Stegvis sends no e-mail.
    #[arg(long, env = "STEGVIS_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Its port (default 25 with none, 587 with starttls, 465 with tls).
    #[arg(long, env = "STEGVIS_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// How the connection is protected: none (a relay on the same machine only), starttls or tls.
    #[arg(long, env = "STEGVIS_SMTP_SECURITY", default_value = "starttls")]
    pub smtp_security: String,
    /// User name for the SMTP server, when it wants a login.
    #[arg(long, env = "STEGVIS_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// Its password; set it in the environment rather than on the command line.
    #[arg(long, env = "STEGVIS_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// The sender, such as "Stegvis <stegvis@kommun.se>".
    #[arg(long, env = "STEGVIS_MAIL_FROM")]
    pub mail_from: Option<String>,
}

/// The mail settings, or `None` when mail is off; `public_url` is where the links lead.
pub fn mail_settings(
    args: &MailArgs,
    public_url: &url::Url,
) -> Result<Option<stegvis_app::mail::MailSettings>, String> {
    let Some(host) = args
        .smtp_host
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
    else {
        return Ok(None);
    };
    let security: stegvis_app::mail::Security = args
        .smtp_security
        .parse()
        .map_err(|e| format!("--smtp-security {e}"))?;
    let from = args
        .mail_from
        .clone()
        .filter(|f| !f.trim().is_empty())
        .ok_or("--mail-from (STEGVIS_MAIL_FROM) is needed when --smtp-host is set")?;
    let credentials = match (&args.smtp_username, &args.smtp_password) {
        (Some(user), Some(password)) => Some((user.clone(), password.clone())),
        (None, None) => None,
        _ => return Err("--smtp-username and --smtp-password go together".into()),
    };
    let port = args.smtp_port.unwrap_or(match security {
        stegvis_app::mail::Security::None => 25,
        stegvis_app::mail::Security::StartTls => 587,
        stegvis_app::mail::Security::Tls => 465,
    });
    Ok(Some(stegvis_app::mail::MailSettings {
        host: host.to_string(),
        port,
        security,
        credentials,
        from,
        public_url: public_url.as_str().trim_end_matches('/').to_string(),
    }))
}

/// Where the demo's `--clock` starts: an RFC 3339 instant, or a date meaning 09:00 Swedish
/// time that day, the start of a working day.
pub fn parse_clock_start(text: &str) -> Option<Timestamp> {
    if let Some(date) = parse_date(text) {
        let morning = stegvis_domain::swedish::start_of_day(date) + time::Duration::hours(9);
        return Some(Timestamp::from_datetime(morning));
    }
    Timestamp::parse(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_start_is_a_date_at_nine_in_sweden_or_an_instant() {
        assert_eq!(
            parse_clock_start("2013-09-30").map(|t| t.canonical()),
            Some("2013-09-30T07:00:00.000000Z".to_string())
        );
        assert_eq!(
            parse_clock_start("2013-01-15").map(|t| t.canonical()),
            Some("2013-01-15T08:00:00.000000Z".to_string())
        );
        assert_eq!(
            parse_clock_start("2013-09-30T12:00:00+02:00").map(|t| t.canonical()),
            Some("2013-09-30T10:00:00.000000Z".to_string())
        );
        assert_eq!(parse_clock_start("30/9 2013"), None);
    }

    fn mail_args(host: Option<&str>) -> MailArgs {
        MailArgs {
            smtp_host: host.map(str::to_string),
            smtp_port: None,
            smtp_security: "tls".into(),
            smtp_username: None,
            smtp_password: None,
            mail_from: Some("Stegvis <stegvis@example.invalid>".into()),
        }
    }

    #[test]
    fn mail_is_off_without_a_host_and_takes_the_port_of_its_security() -> Result<(), String> {
        let url = url::Url::parse("https://stegvis.example.invalid/").map_err(|e| e.to_string())?;
        assert!(matches!(mail_settings(&mail_args(None), &url), Ok(None)));
        let settings = mail_settings(&mail_args(Some("smtp.example.invalid")), &url)
            .ok()
            .flatten();
        assert_eq!(settings.as_ref().map(|s| s.port), Some(465));
        assert_eq!(
            settings.map(|s| s.public_url),
            Some("https://stegvis.example.invalid".to_string())
        );
        let mut half = mail_args(Some("smtp.example.invalid"));
        half.smtp_username = Some("stegvis".into());
        assert!(mail_settings(&half, &url).is_err());
        Ok(())
    }

    #[test]
    fn the_key_file_sits_beside_an_sqlite_database() {
        assert_eq!(
            default_key_file("sqlite://data/stegvis.db"),
            PathBuf::from("data/stegvis.key")
        );
        assert_eq!(
            default_key_file("sqlite://stegvis.db?mode=rwc"),
            PathBuf::from("stegvis.key")
        );
        assert_eq!(
            default_key_file("postgres://db/stegvis"),
            PathBuf::from("stegvis.key")
        );
    }
}
