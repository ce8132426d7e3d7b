//! Reminders by e-mail (decision 0033): a daily digest to each staff member with an address of
//! what is due for them, and a questionnaire reminder to each participant who asked for one.
//!
//! A mail names a person by first name at most and links into Stegvis for the rest: no
//! surname, personnummer, health answer or appointment title ever leaves in a mail. Every
//! message passes through the outbox (`mail_outbox`): the day's messages are queued in one
//! transaction, with a unique key per recipient, kind and day, and then sent one by one, each
//! claimed by a conditional UPDATE first. So the job survives restarts, runs on several servers
//! of one database, and never sends a message twice.

use crate::{Actor, App, AppError, Result};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use std::collections::{BTreeSet, HashMap, HashSet};
use stegvis_domain::access::{Capability, PersonScope, ProgrammeScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::person::parse_email;
use stegvis_domain::timestamp::format_date;
use stegvis_storage::mail::{self as store, FirstName, NewMessage, Recipient};
use stegvis_storage::{Tx, programmes, scheduled, users};
use time::{Date, Duration};

/// How a connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only for a relay on the same machine or a test server.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refused without it.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl std::str::FromStr for Security {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Security::None),
            "starttls" => Ok(Security::StartTls),
            "tls" => Ok(Security::Tls),
            other => Err(format!("must be none, starttls or tls, not '{other}'")),
        }
    }
}

/// Where and as whom mail is sent, and the address the links in it lead to.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, when the SMTP server wants a login.
    pub credentials: Option<(String, String)>,
    /// The sender, `Stegvis <stegvis@kommun.se>` or a bare address.
    pub from: String,
    /// The address users reach Stegvis at, for the links; without a trailing slash.
    pub public_url: String,
}

/// A connection pool to the SMTP server and what every message shares.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base_url: String,
}

/// Why a message could not be sent, without any address in it.
#[derive(Debug, Clone)]
struct SendError {
    /// The SMTP server refused it for good (5xx): trying again would not help.
    permanent: bool,
    message: String,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> std::result::Result<Mailer, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("the sender address is not valid: {e}"))?;
        let builder = match settings.security {
            Security::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
            Security::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                    .map_err(|e| format!("cannot use the SMTP server {}: {e}", settings.host))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                .map_err(|e| format!("cannot use the SMTP server {}: {e}", settings.host))?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(std::time::Duration::from_secs(30)));
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            base_url: settings.public_url.trim_end_matches('/').to_string(),
        })
    }

    async fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
    ) -> std::result::Result<(), SendError> {
        let to: Mailbox = to.parse().map_err(|_| SendError {
            permanent: true,
            message: "the stored address is not valid".into(),
        })?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| SendError {
                permanent: true,
                message: redact_addresses(&e.to_string()),
            })?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: redact_addresses(&e.to_string()),
            })
    }
}

/// An SMTP server's answer with every word that holds an `@` replaced, so no address reaches
/// the log, the outbox's error column or the operator's page.
fn redact_addresses(text: &str) -> String {
    text.split(' ')
        .map(|word| if word.contains('@') { "[adress]" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The job name under which the day's queueing is recorded in `scheduled_runs`.
pub const MAIL_JOB: &str = "mail";

/// The day's reminders are queued from this hour, Swedish time, so they arrive in the morning
/// rather than at midnight.
pub const QUEUE_FROM_HOUR: u8 = 6;

/// A message is tried at most this many times; the waits between tries double from
/// [`FIRST_RETRY_MINUTES`].
pub const MAX_ATTEMPTS: i64 = 5;
pub const FIRST_RETRY_MINUTES: i64 = 5;

/// How long a server's claim on a message lasts; one still "sending" after that is given up.
const CLAIM_MINUTES: i64 = 10;

/// At most this many lines per section of a digest; the rest are counted.
const LINES_SHOWN: usize = 20;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Messages queued by this run (none when the day was already queued).
    pub queued: usize,
    pub sent: usize,
    /// Failed attempts to be tried again later.
    pub retrying: usize,
    /// Messages given up by this run.
    pub failed: usize,
}

/// Queues the day's reminders (once a day, from [`QUEUE_FROM_HOUR`]) and sends what is
/// waiting. The server calls it every few minutes; `stegvis mail send-due` calls it by hand.
pub async fn run(app: &App, mailer: &Mailer) -> Result<RunReport> {
    let actor = Actor::system("mail");
    let local = stegvis_domain::swedish::to_swedish_time(app.now().datetime());
    let mut report = RunReport::default();
    if local.hour() >= QUEUE_FROM_HOUR {
        report.queued = queue_day(app, &actor, mailer, app.today()).await?;
    }
    let (sent, retrying, failed) = send_waiting(app, &actor, mailer).await?;
    report.sent = sent;
    report.retrying = retrying;
    report.failed = failed;
    Ok(report)
}

/// Queues the day's messages unless the day was queued already, with the record of the day
/// and one audit event naming the people the messages mention, all in one transaction.
async fn queue_day(app: &App, actor: &Actor, mailer: &Mailer, today: Date) -> Result<usize> {
    let now = app.now();
    let mut tx = app.begin().await?;
    if !scheduled::claim(&mut tx, MAIL_JOB, today, now).await? {
        return Ok(0);
    }
    let (messages, named) = due_messages(&mut tx, &mailer.base_url, today).await?;
    let mut records: Vec<RecordRef> = named
        .iter()
        .map(|id| RecordRef::new("person", *id))
        .collect();
    for message in &messages {
        if let Some(id) = store::enqueue(&mut tx, message, now).await? {
            records.push(RecordRef::new("mail", id));
        }
    }
    let queued = records.iter().filter(|r| r.kind == "mail").count();
    let changed = i64::try_from(queued).unwrap_or(i64::MAX);
    scheduled::finish(&mut tx, MAIL_JOB, today, app.now(), changed).await?;
    app.audit(&mut tx, actor, "mail.queued", &records).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Everything due today as messages, with the people they name.
async fn due_messages(
    tx: &mut Tx,
    base: &str,
    today: Date,
) -> Result<(Vec<NewMessage>, BTreeSet<i64>)> {
    let programmes = programmes::list(tx, ProgrammeScope::All).await?;
    let all_ids: Vec<i64> = programmes.iter().map(|p| p.id).collect();
    let due = crate::questionnaires::due_in(tx, &all_ids, None, &HashMap::new(), today).await?;
    let mut messages = Vec::new();
    let mut named = BTreeSet::new();

    for (user, email) in users::with_email(tx).await? {
        let principal = crate::users::principal_of(&user);
        let scope = principal.person_scope();
        let mut sections = Vec::new();
        if principal.can(Capability::ManageParticipants) && scope != PersonScope::None {
            let follow_ups = store::follow_ups_due(tx, scope, today).await?;
            sections.push(section(
                "Uppföljningar",
                "Uppföljning för",
                &follow_ups,
                base,
            ));
            let own: HashSet<i64> = programmes::list(tx, principal.programme_scope())
                .await?
                .iter()
                .map(|p| p.id)
                .collect();
            let mut ids: Vec<i64> = due
                .iter()
                .filter(|item| own.contains(&item.programme_id))
                .map(|item| item.person_id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let questionnaires = store::first_names_of(tx, scope, &ids).await?;
            sections.push(section(
                "Enkäter att besvara",
                "Enkät för",
                &questionnaires,
                base,
            ));
            named.extend(
                follow_ups
                    .iter()
                    .chain(&questionnaires)
                    .map(|n| n.person_id),
            );
        }
        if principal.can(Capability::ViewPersons) && scope != PersonScope::None {
            let appointments = store::appointments_on(tx, scope, today).await?;
            sections.push(section("Möten i dag", "Möte med", &appointments, base));
            named.extend(appointments.iter().map(|n| n.person_id));
        }
        let actions = store::actions_due(tx, user.id, today).await?;
        let action_lines: Vec<String> = actions
            .iter()
            .map(|a| {
                format!(
                    "- Åtgärd att göra senast {} – {base}/moten/{}",
                    format_date(a.due_on),
                    a.meeting_id
                )
            })
            .collect();
        sections.push(titled("Åtgärder från möten", action_lines));
        let sections: Vec<String> = sections.into_iter().flatten().collect();
        if sections.is_empty() || user.role == Role::Participant {
            continue;
        }
        messages.push(NewMessage {
            recipient: Recipient::User(user.id),
            kind: "digest",
            day: today,
            to_address: email,
            subject: format!("Stegvis: att göra {}", format_date(today)),
            body: digest_body(&sections, base, today),
        });
    }

    let due_people: HashSet<i64> = due.iter().map(|item| item.person_id).collect();
    for recipient in store::reminder_recipients(tx).await? {
        if !due_people.contains(&recipient.person_id) {
            continue;
        }
        named.insert(recipient.person_id);
        messages.push(NewMessage {
            recipient: Recipient::Person(recipient.person_id),
            kind: "questionnaire",
            day: today,
            to_address: recipient.email,
            subject: "Påminnelse: en enkät väntar på dig".into(),
            body: reminder_body(&recipient.given_name, base),
        });
    }
    Ok((messages, named))
}

/// A digest section: its heading with the count, and a line per person with their first name
/// and the link to their page.
fn section(heading: &str, what: &str, people: &[FirstName], base: &str) -> Option<String> {
    titled(
        heading,
        people
            .iter()
            .map(|p| {
                format!(
                    "- {what} {} – {base}/personer/{}",
                    p.given_name, p.person_id
                )
            })
            .collect(),
    )
}

fn titled(heading: &str, lines: Vec<String>) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let total = lines.len();
    let mut text = format!("{heading} ({total})\n");
    for line in lines.iter().take(LINES_SHOWN) {
        text.push_str(line);
        text.push('\n');
    }
    if total > LINES_SHOWN {
        text.push_str(&format!("- och {} till\n", total - LINES_SHOWN));
    }
    Some(text)
}

fn digest_body(sections: &[String], base: &str, today: Date) -> String {
    format!(
        "Hej!\n\nDet här finns att göra i Stegvis i dag, {}:\n\n{}\n\
         Logga in för att se mer: {base}/start\n\n\
         Du får det här brevet för att ditt konto i Stegvis har en e-postadress. \
         Ta bort den under Mitt konto ({base}/konto) för att sluta få brevet.\n",
        format_date(today),
        sections.join("\n")
    )
}

fn reminder_body(given_name: &str, base: &str) -> String {
    format!(
        "Hej {given_name}!\n\nDu har en enkät att besvara i Stegvis. \
         Logga in och svara här: {base}/min-sida/enkater\n\n\
         Du får det här brevet för att du har bett om påminnelser. \
         Du kan stänga av dem på Min sida: {base}/min-sida\n"
    )
}

/// Sends the waiting messages, each claimed first so no two servers send the same one, and
/// records the run as one audit event with the messages sent. Returns (sent, retrying, failed).
async fn send_waiting(app: &App, actor: &Actor, mailer: &Mailer) -> Result<(usize, usize, usize)> {
    let mut tx = app.begin().await?;
    let abandoned = store::abandon_stale(&mut tx, app.now()).await?;
    let ready = store::ready(&mut tx, app.now(), 200).await?;
    tx.commit().await?;
    let mut sent = Vec::new();
    let (mut retrying, mut failed) = (0, usize::try_from(abandoned).unwrap_or(usize::MAX));
    for message in ready {
        let now = app.now();
        let mut tx = app.begin().await?;
        let mine = store::claim(
            &mut tx,
            message.id,
            now,
            now.plus(Duration::minutes(CLAIM_MINUTES)),
        )
        .await?;
        tx.commit().await?;
        if !mine {
            continue;
        }
        let outcome = mailer
            .send(&message.to_address, &message.subject, &message.body)
            .await;
        let mut tx = app.begin().await?;
        match outcome {
            Ok(()) => {
                store::mark_sent(&mut tx, message.id, app.now()).await?;
                sent.push(RecordRef::new("mail", message.id));
            }
            Err(error) => {
                let attempts = message.attempts + 1;
                if error.permanent || attempts >= MAX_ATTEMPTS {
                    store::give_up(&mut tx, message.id, &error.message).await?;
                    failed += 1;
                } else {
                    let retry_at = app.now().plus(retry_after(attempts));
                    store::retry_later(&mut tx, message.id, &error.message, retry_at).await?;
                    retrying += 1;
                }
                tracing::warn!(message = message.id, attempts, error = %error.message, "an e-mail could not be sent");
            }
        }
        tx.commit().await?;
    }
    if !sent.is_empty() {
        let mut tx = app.begin().await?;
        app.audit(&mut tx, actor, "mail.sent", &sent).await?;
        tx.commit().await?;
    }
    Ok((sent.len(), retrying, failed))
}

/// The wait after the `attempts`-th failed try: 5, 10, 20, 40 minutes.
fn retry_after(attempts: i64) -> Duration {
    let doublings = u32::try_from((attempts - 1).clamp(0, 10)).unwrap_or(0);
    Duration::minutes(FIRST_RETRY_MINUTES * 2_i64.pow(doublings))
}

/// Sets or clears a user's address for the daily digest (an administrator, for anyone).
pub async fn set_user_email(app: &App, actor: &Actor, user_id: i64, input: &str) -> Result<()> {
    actor.require(Capability::ManageUsers)?;
    store_user_email(app, actor, user_id, input).await
}

/// Sets or clears the actor's own address for the daily digest.
pub async fn set_own_email(app: &App, actor: &Actor, input: &str) -> Result<()> {
    let user_id = actor.principal().ok_or(AppError::Forbidden)?.user_id;
    store_user_email(app, actor, user_id, input).await
}

async fn store_user_email(app: &App, actor: &Actor, user_id: i64, input: &str) -> Result<()> {
    let email = parse_email(input)
        .map_err(|e| AppError::Invalid(stegvis_domain::validation::ValidationErrors::single(e)))?;
    let mut tx = app.begin().await?;
    if !users::set_email(&mut tx, user_id, email.as_deref(), app.now()).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "user.email",
        &[RecordRef::new("user", user_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user's address for the daily digest, for their own account page or an administrator.
pub async fn user_email(app: &App, actor: &Actor, user_id: i64) -> Result<Option<String>> {
    let own = actor.principal().is_some_and(|p| p.user_id == user_id);
    if !own {
        actor.require(Capability::ManageUsers)?;
    }
    let mut tx = app.begin_read().await?;
    let email = users::email_of(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(email)
}

/// A participant's questionnaire reminders: since when they are on, and whether there is an
/// address to send them to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    pub since: Option<Date>,
    pub has_address: bool,
}

/// The participant's own reminder setting, for the portal.
pub async fn own_reminders(app: &App, actor: &Actor) -> Result<Reminders> {
    let mut tx = app.begin_read().await?;
    let person_id = own_person(&mut tx, actor).await?;
    let scope = PersonScope::Own(person_id);
    let since = store::reminders_since(&mut tx, scope, person_id).await?;
    let has_address = stegvis_storage::persons::get(&mut tx, scope, person_id)
        .await?
        .is_some_and(|p| p.email.is_some());
    tx.commit().await?;
    Ok(Reminders { since, has_address })
}

/// The participant switches questionnaire reminders by e-mail on (recording today as the day
/// they asked) or off. Audited: it is their consent to be mailed.
pub async fn set_own_reminders(app: &App, actor: &Actor, on: bool) -> Result<()> {
    let mut tx = app.begin().await?;
    let person_id = own_person(&mut tx, actor).await?;
    let current = store::reminders_since(&mut tx, PersonScope::Own(person_id), person_id).await?;
    let since = match (on, current) {
        (true, Some(since)) => Some(since),
        (true, None) => Some(app.today()),
        (false, _) => None,
    };
    store::set_reminders(&mut tx, person_id, since).await?;
    app.audit(
        &mut tx,
        actor,
        if on {
            "person.reminders-on"
        } else {
            "person.reminders-off"
        },
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The person the participant's account belongs to.
async fn own_person(tx: &mut Tx, actor: &Actor) -> Result<i64> {
    actor.require(Capability::ViewOwnRecord)?;
    let user_id = actor.principal().ok_or(AppError::Forbidden)?.user_id;
    stegvis_storage::persons::linked_to_user(tx, user_id)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_answer_loses_its_addresses() {
        assert_eq!(
            redact_addresses("550 5.1.1 <anna@example.invalid>: Recipient address rejected"),
            "550 5.1.1 [adress] Recipient address rejected"
        );
    }

    #[test]
    fn retries_wait_longer_each_time() {
        assert_eq!(retry_after(1), Duration::minutes(5));
        assert_eq!(retry_after(2), Duration::minutes(10));
        assert_eq!(retry_after(4), Duration::minutes(40));
    }

    #[test]
    fn a_digest_section_counts_what_it_does_not_list() {
        let people: Vec<FirstName> = (1..=22)
            .map(|id| FirstName {
                person_id: id,
                given_name: "Anna".into(),
            })
            .collect();
        let text = section("Uppföljningar", "Uppföljning för", &people, "https://s.se")
            .unwrap_or_default();
        assert!(
            text.starts_with(
                "Uppföljningar (22)\n- Uppföljning för Anna – https://s.se/personer/1\n"
            )
        );
        assert!(text.ends_with("- och 2 till\n"));
        assert_eq!(section("Uppföljningar", "x", &[], "https://s.se"), None);
    }
}
