//! The subcommands of `stegvis`.

use crate::config::{MailArgs, SchemaHandling, mail_settings, open_app};
use clap::{Args, Parser, Subcommand};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use stegvis_app::{Actor, App, AppError};
use stegvis_domain::audit::{ChainBreak, Verification};
use stegvis_domain::organisation::OrganisationInput;
use stegvis_domain::timestamp::Timestamp;
use stegvis_storage::Db;

#[derive(Parser)]
#[command(
    name = "stegvis",
    version,
    about = "Stegvis: run a programme that helps people far from the labour market into work through social enterprises, and prove its effects."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DatabaseArgs {
    /// Database URL: sqlite://FILE or postgres://USER@HOST:PORT/DB
    #[arg(
        long,
        env = "STEGVIS_DATABASE_URL",
        default_value = "sqlite://stegvis.db"
    )]
    database_url: String,
    /// File holding the instance key (64 hex digits), created if missing; STEGVIS_SECRET_KEY
    /// takes precedence. Defaults to the database file with the extension .key.
    #[arg(long, env = "STEGVIS_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "STEGVIS_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// The address users reach Stegvis at (default http:// + the listen address). With https,
    /// cookies are Secure and carry the __Host- prefix.
    #[arg(long, env = "STEGVIS_PUBLIC_URL")]
    public_url: Option<String>,
    /// Stegvis runs behind a reverse proxy that appends the client's address to
    /// X-Forwarded-For; use that address for login throttling. Only set this when every request
    /// passes through such a proxy, or clients can choose their own address.
    #[arg(long, env = "STEGVIS_BEHIND_PROXY")]
    behind_proxy: bool,
    /// Turns on `/metrics` (Prometheus text format) for requests that send this token as
    /// `Authorization: Bearer <token>`. Off when unset.
    #[arg(long, env = "STEGVIS_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Seconds a client has to send a request's headers, on a new connection and between
    /// requests on a kept-alive one (the idle timeout).
    #[arg(long, env = "STEGVIS_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// Seconds within which a request, its body included, must be answered; else 503.
    #[arg(long, env = "STEGVIS_REQUEST_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    request_timeout: u64,
    /// Most connections open at once; more clients wait until one closes. Keep it below the
    /// process's open-file limit (`ulimit -n`).
    #[arg(long, env = "STEGVIS_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections: u64,
    /// Leave the daily retention run to the command line (`stegvis retention run`), for an
    /// installation whose scheduler runs it, or where another server of the same database does.
    #[arg(long, env = "STEGVIS_NO_SCHEDULED_RETENTION")]
    no_scheduled_retention: bool,
    /// Send no e-mail from this server, for an installation where another server of the same
    /// database sends it or an operator runs `stegvis mail send-due`.
    #[arg(long, env = "STEGVIS_NO_MAIL")]
    no_mail: bool,
    #[command(flatten)]
    mail: MailArgs,
    /// Require a second factor (TOTP) of every account whose role reads personal data
    /// (administrator, coordinator, case officer): after the password, such a user without one
    /// can do nothing but set it up. API tokens are not affected.
    #[arg(long, env = "STEGVIS_REQUIRE_TOTP")]
    require_totp: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Args)]
struct DemoArgs {
    #[command(flatten)]
    serve: ServeArgs,
    /// Allow the demo to listen on an address other than loopback.
    #[arg(long)]
    public: bool,
    /// Start the demo's clock at this day (YYYY-MM-DD, 09:00 Swedish time) or instant
    /// (RFC 3339); it runs on from there. The demo data is loaded relative to it.
    #[arg(long, env = "STEGVIS_CLOCK")]
    clock: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates an SQLite database first; PostgreSQL must be migrated).
    Serve(ServeArgs),
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Load the synthetic demo programme into an empty database and serve it.
    Demo(DemoArgs),
    /// Manage organisations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Verify or cull the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Set and apply retention rules (gallringsregler): anonymise people some years after exit.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Copy an SQLite database to a new file while the server runs (PostgreSQL: use pg_dump).
    Backup {
        /// The new file to write the copy to; it must not exist.
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// E-mail reminders (the server sends them by itself; this is for operators).
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Exercise a data subject's rights (GDPR art. 15).
    Person {
        #[command(subcommand)]
        command: PersonCommand,
    },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Add an organisation and print its id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        short_name: String,
        /// kommun, forsakringskassan, arbetsformedlingen, region, samordningsforbund or other
        #[arg(long = "type")]
        kind: String,
        /// Organisationsnummer (optional).
        #[arg(long)]
        org_number: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum MailCommand {
    /// Queue today's reminders (if not done yet today) and send every message waiting.
    SendDue {
        /// The address users reach Stegvis at, for the links in the mail.
        #[arg(long, env = "STEGVIS_PUBLIC_URL")]
        public_url: url::Url,
        #[command(flatten)]
        mail: MailArgs,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Args)]
struct UserArgs {
    #[arg(long)]
    username: String,
    /// admin, coordinator, case-officer, participant, enterprise, steering or evaluator
    #[arg(long)]
    role: String,
    /// Short name or id; required for coordinator and case-officer.
    #[arg(long)]
    organisation: Option<String>,
    /// The person's name as shown in the interface (default: the username).
    #[arg(long)]
    display_name: Option<String>,
    /// Participant accounts only: the id of the person the account belongs to, whose own
    /// record the participant portal then shows. A person has at most one account.
    #[arg(long)]
    person: Option<String>,
    /// Enterprise accounts only, and required for them: the id of the enterprise (as in
    /// /foretag/ID) whose figures the representative reports.
    #[arg(long)]
    enterprise: Option<String>,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// An enterprise representative without an enterprise would see nothing; refuse it before
/// anything is created. The opposite case (an enterprise for another role) is refused by the
/// use case.
fn check_enterprise_flag(u: &UserArgs) -> Result<(), String> {
    let linked = u
        .enterprise
        .as_deref()
        .is_some_and(|e| !e.trim().is_empty());
    if u.role.trim() == "enterprise" && !linked {
        return Err(
            "--enterprise: an account with the role enterprise needs the id of its enterprise, \
             as in --enterprise 12 (the number in /foretag/12)"
                .into(),
        );
    }
    Ok(())
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user with a password read from standard input.
    Add {
        #[command(flatten)]
        user: UserArgs,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Add a user without a password and print a one-time activation link.
    Invite {
        #[command(flatten)]
        user: UserArgs,
        #[arg(
            long,
            env = "STEGVIS_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
    /// Print a one-time password-reset link for a user.
    ResetLink {
        #[arg(long)]
        username: String,
        #[arg(
            long,
            env = "STEGVIS_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API bearer token for a user and print it as the last line.
    Create {
        #[arg(long)]
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Exit 0 when the audit chain is intact; otherwise name the first bad entry and exit 1.
    Verify {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Delete entries that occurred before a date, keeping the chain verifiable.
    Cull {
        /// YYYY-MM-DD; entries before this day (Swedish time) are deleted.
        #[arg(long)]
        before: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Set an operator's retention rule, replacing its earlier one.
    Rule {
        /// The operator's organisation id.
        #[arg(long)]
        operator: i64,
        /// Whole years (1-100) after a person's last exit before they are anonymised.
        #[arg(long)]
        years: String,
        /// The formal decision (gallringsbeslut) the rule rests on, e.g. "KS 2026/123 § 45".
        #[arg(long)]
        decision: String,
        /// YYYY-MM-DD; the date of the decision, not in the future.
        #[arg(long)]
        decided_on: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Anonymise everyone whose retention period is over, per operator, and list them.
    Run {
        /// List who would be anonymised, and which fields, without changing anything.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Print everything held about a person as JSON, for a subject access request.
    Export {
        /// The person's id.
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

async fn open(database: &DatabaseArgs) -> Result<App, String> {
    open_app(
        &database.database_url,
        database.key_file.as_deref(),
        SchemaHandling::Check,
    )
    .await
    .map(|(app, _)| app)
}

/// Turns a use-case failure into one line for the terminal, naming the fields at fault.
fn describe(error: AppError) -> String {
    match error {
        AppError::Invalid(errors) => {
            let catalogues = stegvis_web::i18n::Catalogues::load();
            let parts: Vec<String> = errors
                .iter()
                .map(|e| {
                    let text = catalogues.as_ref().map_or_else(
                        |_| e.key.to_string(),
                        |c| {
                            stegvis_web::i18n::Tr::new(c.clone(), stegvis_domain::user::Locale::En)
                                .error(e)
                        },
                    );
                    let flag = match e.field {
                        "kind" => "type",
                        "operator_id" => "operator",
                        "years_after_exit" => "years",
                        "decision_reference" => "decision",
                        other => other,
                    };
                    format!("--{}: {text}", flag.replace('_', "-"))
                })
                .collect();
            parts.join("; ")
        }
        AppError::NotFound => "no such record".into(),
        other => other.to_string(),
    }
}

fn link(public_url: &str, token: &str) -> Result<String, String> {
    let mut url =
        url::Url::parse(public_url).map_err(|e| format!("--public-url is not a valid URL: {e}"))?;
    url.set_path(&format!("/aktivera/{token}"));
    Ok(url.to_string())
}

pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(args) => serve(args, false, None).await,
        Command::Demo(args) => demo(args).await,
        Command::Migrate { database } => {
            let db = Db::connect(&database.database_url)
                .await
                .map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Org {
            command:
                OrgCommand::Add {
                    name,
                    short_name,
                    kind,
                    org_number,
                    database,
                },
        } => {
            let app = open(&database).await?;
            let input = OrganisationInput {
                name,
                short_name,
                kind,
                org_number: org_number.unwrap_or_default(),
            };
            let id =
                stegvis_app::organisations::create(&app, &Actor::system("cli org add"), &input)
                    .await
                    .map_err(describe)?;
            println!("{id}");
            Ok(())
        }
        Command::Backup { to, database } => {
            let app = open(&database).await?;
            stegvis_app::backup::backup(&app, &Actor::system("cli backup"), &to)
                .await
                .map_err(describe)?;
            println!(
                "The database was copied to {}. Keep the instance key apart from it (docs/operations.md, Backup).",
                to.display()
            );
            Ok(())
        }
        Command::User { command } => user(command).await,
        Command::Retention { command } => retention(command).await,
        Command::Mail {
            command:
                MailCommand::SendDue {
                    public_url,
                    mail,
                    database,
                },
        } => {
            let settings = mail_settings(&mail, &public_url)?
                .ok_or("no SMTP server: set --smtp-host (STEGVIS_SMTP_HOST) and --mail-from")?;
            let mailer = stegvis_app::mail::Mailer::new(&settings)?;
            let app = open(&database).await?;
            let report = stegvis_app::mail::run(&app, &mailer)
                .await
                .map_err(describe)?;
            println!(
                "Queued {}, sent {}, to retry {}, given up {}.",
                report.queued, report.sent, report.retrying, report.failed
            );
            Ok(())
        }
        Command::Person {
            command: PersonCommand::Export { id, database },
        } => {
            let app = open(&database).await?;
            let export =
                stegvis_app::privacy::export(&app, &Actor::system("cli person export"), id)
                    .await
                    .map_err(|e| match e {
                        AppError::NotFound => format!("there is no person {id}"),
                        other => describe(other),
                    })?;
            let json = serde_json::to_string_pretty(&export)
                .map_err(|e| format!("cannot write the export as JSON: {e}"))?;
            println!("{json}");
            Ok(())
        }
        Command::Token {
            command:
                TokenCommand::Create {
                    username,
                    name,
                    database,
                },
        } => {
            let app = open(&database).await?;
            let actor = Actor::system("cli token create");
            let user = stegvis_app::users::find_by_username(&app, &actor, &username)
                .await
                .map_err(|e| match e {
                    AppError::NotFound => format!("there is no user '{username}'"),
                    other => describe(other),
                })?;
            let token = stegvis_app::users::create_api_token(&app, &actor, user.id, &name)
                .await
                .map_err(describe)?;
            println!(
                "API token for {} (shown once; only its hash is stored):",
                user.username
            );
            println!("{token}");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify { database },
        } => {
            let app = open(&database).await?;
            match stegvis_app::audit::verify(&app, &Actor::system("cli audit verify"))
                .await
                .map_err(describe)?
            {
                Verification::Intact { entries } => {
                    println!("The audit chain is intact ({entries} entries checked).");
                    Ok(())
                }
                Verification::Broken(error @ ChainBreak::WrongKey) => Err(error.to_string()),
                Verification::Broken(error) => Err(format!(
                    "the audit chain is broken{}: {error}",
                    error
                        .seq()
                        .map_or(String::new(), |seq| format!(" at entry {seq}"))
                )),
            }
        }
        Command::Audit {
            command: AuditCommand::Cull { before, database },
        } => {
            let date = stegvis_domain::timestamp::parse_date(&before)
                .ok_or_else(|| format!("--before must be a date as YYYY-MM-DD, not '{before}'"))?;
            let app = open(&database).await?;
            let cutoff = stegvis_domain::timestamp::Timestamp::from_datetime(
                stegvis_domain::swedish::start_of_day(date),
            );
            let removed = stegvis_app::audit::cull(&app, &Actor::system("cli audit cull"), cutoff)
                .await
                .map_err(describe)?;
            println!("Removed {removed} audit entries from before {before}.");
            Ok(())
        }
    }
}

async fn user(command: UserCommand) -> Result<(), String> {
    let input = |u: &UserArgs| stegvis_app::users::UserInput {
        username: u.username.clone(),
        display_name: u.display_name.clone().unwrap_or_default(),
        role: u.role.clone(),
        organisation: u.organisation.clone().unwrap_or_default(),
        person: u.person.clone().unwrap_or_default(),
        enterprise: u.enterprise.clone().unwrap_or_default(),
    };
    match command {
        UserCommand::Add { user, .. } => {
            check_enterprise_flag(&user)?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            let password = password.trim_end_matches(['\n', '\r']);
            let app = open(&user.database).await?;
            let id = stegvis_app::users::create_with_password(
                &app,
                &Actor::system("cli user add"),
                &input(&user),
                password,
            )
            .await
            .map_err(describe)?;
            println!("{id}");
            Ok(())
        }
        UserCommand::Invite { user, public_url } => {
            check_enterprise_flag(&user)?;
            url::Url::parse(&public_url)
                .map_err(|e| format!("--public-url is not a valid URL: {e}"))?;
            let app = open(&user.database).await?;
            let created =
                stegvis_app::users::invite(&app, &Actor::system("cli user invite"), &input(&user))
                    .await
                    .map_err(describe)?;
            println!(
                "User {} created. One-time activation link (valid until {}):",
                created.user_id, created.expires_at
            );
            println!("{}", link(&public_url, &created.token)?);
            Ok(())
        }
        UserCommand::ResetLink {
            username,
            public_url,
            database,
        } => {
            url::Url::parse(&public_url)
                .map_err(|e| format!("--public-url is not a valid URL: {e}"))?;
            let app = open(&database).await?;
            let actor = Actor::system("cli user reset-link");
            let user = stegvis_app::users::find_by_username(&app, &actor, &username)
                .await
                .map_err(|e| match e {
                    AppError::NotFound => format!("there is no user '{username}'"),
                    other => describe(other),
                })?;
            let created = stegvis_app::users::reset_link(&app, &actor, user.id)
                .await
                .map_err(describe)?;
            println!(
                "One-time password-reset link (valid until {}):",
                created.expires_at
            );
            println!("{}", link(&public_url, &created.token)?);
            Ok(())
        }
    }
}

async fn retention(command: RetentionCommand) -> Result<(), String> {
    match command {
        RetentionCommand::Rule {
            operator,
            years,
            decision,
            decided_on,
            database,
        } => {
            let app = open(&database).await?;
            let input = stegvis_domain::retention::RetentionRuleInput {
                years_after_exit: years,
                decision_reference: decision,
                decided_on,
            };
            stegvis_app::privacy::set_retention_rule(
                &app,
                &Actor::system("cli retention rule"),
                operator,
                &input,
            )
            .await
            .map_err(describe)?;
            println!(
                "Operator {operator} now anonymises people {} years after their last exit (decision {}, {}).",
                input.years_after_exit.trim(),
                input.decision_reference.trim(),
                input.decided_on.trim()
            );
            Ok(())
        }
        RetentionCommand::Run { dry_run, database } => {
            let app = open(&database).await?;
            let report = stegvis_app::privacy::run_retention(
                &app,
                &Actor::system("cli retention run"),
                app.today(),
                dry_run,
            )
            .await
            .map_err(describe)?;
            print!("{}", retention_summary(&report, dry_run));
            Ok(())
        }
    }
}

/// The report of a retention run as the terminal shows it: each operator's rule with the
/// decision behind it, each person by id with the fields that go, then a total.
fn retention_summary(report: &stegvis_app::privacy::RetentionReport, dry_run: bool) -> String {
    use stegvis_domain::timestamp::format_date;
    let mut text = String::new();
    if dry_run {
        text.push_str("Dry run: nothing is changed.\n");
    }
    if report.operators.is_empty() {
        text.push_str("No operator has a retention rule; set one with `stegvis retention rule`.\n");
    }
    for operator in &report.operators {
        text.push_str(&format!(
            "{} (operator {}): decision {} of {}, {} years after the last exit; last exit before {}\n",
            operator.operator_name,
            operator.operator_id,
            operator.decision_reference,
            format_date(operator.decided_on),
            operator.years_after_exit,
            format_date(operator.cutoff),
        ));
        if operator.persons.is_empty() {
            text.push_str("  nobody is due\n");
        }
        for (id, fields) in &operator.persons {
            let fields = if fields.is_empty() {
                "no identifying data left".to_string()
            } else {
                fields.join(", ")
            };
            text.push_str(&format!("  person {id}: {fields}\n"));
        }
    }
    let total = report.total();
    let people = if total == 1 { "person" } else { "people" };
    let verb = if dry_run {
        "would be anonymised"
    } else {
        "anonymised"
    };
    text.push_str(&format!("Total: {total} {people} {verb}.\n"));
    text
}

fn parse_listen(listen: &str) -> Result<SocketAddr, String> {
    listen.parse().map_err(|_| {
        format!("--listen must be an address and port such as 127.0.0.1:8080, not '{listen}'")
    })
}

fn public_url(args: &ServeArgs, listen: SocketAddr) -> Result<url::Url, String> {
    let text = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{listen}"));
    let url =
        url::Url::parse(&text).map_err(|e| format!("--public-url is not a valid URL: {e}"))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err("--public-url must start with http:// or https://".into());
    }
    Ok(url)
}

async fn demo(args: DemoArgs) -> Result<(), String> {
    let listen = parse_listen(&args.serve.listen)?;
    if !listen.ip().is_loopback() && !args.public {
        return Err(format!(
            "the demo listens only on loopback (such as 127.0.0.1) unless --public is given; {} is not loopback",
            listen.ip()
        ));
    }
    let start = args
        .clock
        .as_deref()
        .map(|text| {
            crate::config::parse_clock_start(text).ok_or_else(|| {
                format!("--clock must be a date (YYYY-MM-DD) or an RFC 3339 instant, not '{text}'")
            })
        })
        .transpose()?;
    serve(args.serve, true, start).await
}

/// Serves; `clock_start` (the demo's `--clock`) sets the app's clock, otherwise it is the
/// system time.
async fn serve(args: ServeArgs, demo: bool, clock_start: Option<Timestamp>) -> Result<(), String> {
    let listen = parse_listen(&args.listen)?;
    let public_url = public_url(&args, listen)?;
    let (mut app, key) = open_app(
        &args.database.database_url,
        args.database.key_file.as_deref(),
        SchemaHandling::MigrateSqlite,
    )
    .await?;
    app.policy.require_totp = args.require_totp;
    if let Some(start) = clock_start {
        app.clock.set(start);
    }
    let imported = stegvis_app::instruments::import_shipped(&app)
        .await
        .map_err(describe)?;
    for conflict in &imported.conflicting {
        tracing::warn!(instrument = %conflict, "a stored questionnaire version differs from the shipped one; the stored one is kept");
    }
    if demo {
        if stegvis_app::demo::is_empty(&app).await.map_err(describe)? {
            stegvis_app::demo::load(&app).await.map_err(describe)?;
            println!("Loaded the demo programme \"Sociala företag i Västervik\" (synthetic data).");
        }
        println!(
            "Demo logins (password: {}):",
            stegvis_app::demo::DEMO_PASSWORD
        );
        for login in stegvis_app::demo::DEMO_LOGINS {
            println!("  {:<12} {}", login.username, login.title);
        }
    }
    let config = stegvis_web::WebConfig {
        public_url: public_url.clone(),
        demo,
        csrf_key: key.csrf_key(),
        trust_forwarded_for: args.behind_proxy,
        metrics_token: args.metrics_token.clone(),
    };
    let state = stegvis_web::AppState::new(app.clone(), config)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let purge_app = app.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            interval.tick().await;
            if let Err(error) = stegvis_app::auth::purge_expired_sessions(&purge_app).await {
                tracing::warn!(%error, "purging expired sessions failed");
            }
        }
    });
    if !args.no_scheduled_retention {
        tokio::spawn(scheduled_retention(app.clone()));
    }
    match mail_settings(&args.mail, &public_url)? {
        Some(_) if args.no_mail => tracing::info!("e-mail is configured but off (--no-mail)"),
        Some(settings) => {
            let mailer = stegvis_app::mail::Mailer::new(&settings)?;
            tokio::spawn(scheduled_mail(app.clone(), mailer));
        }
        None => tracing::info!("no SMTP server configured; no e-mail is sent"),
    }
    println!("Stegvis is running at {public_url}");
    tracing::info!(%listen, "listening");
    let limits = stegvis_web::server::Limits {
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
    };
    stegvis_web::server::serve(
        listener,
        stegvis_web::router(state),
        limits,
        shutdown_signal(),
    )
    .await
    .map_err(|e| format!("the server stopped: {e}"))?;
    app.db.close().await;
    Ok(())
}

/// How often the server checks whether today's retention run is still to do. The run happens
/// once a day (the database records each day's run), so this only bounds how late in the day
/// it happens after midnight or a start.
const RETENTION_CHECK: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Applies the retention rules once a day for as long as the server runs. A failed run leaves
/// nothing behind and is tried again at the next check.
async fn scheduled_retention(app: stegvis_app::App) {
    let mut interval = tokio::time::interval(RETENTION_CHECK);
    loop {
        interval.tick().await;
        match stegvis_app::privacy::run_scheduled_retention(&app).await {
            Ok(Some(report)) => {
                tracing::info!(anonymised = report.total(), "daily retention run done");
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, "the daily retention run failed; it is tried again later")
            }
        }
    }
}

/// How often the server queues the day's reminders (once a day) and sends what is waiting,
/// retries included.
const MAIL_CHECK: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Sends reminders for as long as the server runs. A failed run is tried again at the next
/// check; the outbox makes sure nothing goes out twice.
async fn scheduled_mail(app: stegvis_app::App, mailer: stegvis_app::mail::Mailer) {
    let mut interval = tokio::time::interval(MAIL_CHECK);
    loop {
        interval.tick().await;
        match stegvis_app::mail::run(&app, &mailer).await {
            Ok(report) if report == stegvis_app::mail::RunReport::default() => {}
            Ok(report) => tracing::info!(
                queued = report.queued,
                sent = report.sent,
                retrying = report.retrying,
                failed = report.failed,
                "e-mail run done"
            ),
            Err(error) => {
                tracing::warn!(%error, "the e-mail run failed; it is tried again later")
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
