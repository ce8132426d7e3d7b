//! A programme's reports as documents: the steering-group report of a half-year or a year and
//! the final report, built in the background as PDF and XLSX and kept in the database until
//! the data changes (decision 0020).
//!
//! Readable by whoever may see the programme's effects page ([`crate::effects`]), with the same
//! disclosure control: a document is built for one [`Audience`] and only handed to a reader of
//! that audience. The web layer drives a build ([`start_build`], [`progress`], [`finish`]),
//! since it owns the texts and the typesetting; this module owns the state and the cache.

use std::collections::HashMap;

use time::Date;

use crate::effects::{self, EffectsQuery, EffectsReport, audience, visible_programme};
use crate::{Actor, App, AppError, Result};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::disclosure::Audience;
use stegvis_domain::effects::DEFAULT_WINDOW;
use stegvis_domain::funder_statistics::Table;
use stegvis_domain::programme::Programme;
use stegvis_domain::report_document::{self as rules, DocumentKey, ReportDocument, Status};
use stegvis_storage::Tx;
use stegvis_storage::effects::Selection;
use stegvis_storage::report_documents as store;

pub use stegvis_storage::report_documents::Format;

/// One document a programme offers, with its newest build for the reader's audience.
#[derive(Debug, Clone)]
pub struct Offer {
    pub key: DocumentKey,
    pub document: Option<ReportDocument>,
    /// Whether that build was made from the data as it is now.
    pub current: bool,
}

/// The request page: every document of the programme and where its build stands.
#[derive(Debug, Clone)]
pub struct Overview {
    pub programme: Programme,
    pub audience: Audience,
    pub offers: Vec<Offer>,
}

async fn fingerprint(tx: &mut Tx, key: DocumentKey, today: Date) -> Result<String> {
    let last_change = store::latest_change(tx).await?;
    Ok(rules::fingerprint(
        last_change,
        key.as_of(today),
        env!("CARGO_PKG_VERSION"),
    ))
}

/// Every document the programme offers and the reader's newest build of each.
pub async fn overview(app: &App, actor: &Actor, programme_id: i64) -> Result<Overview> {
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let audience = audience(actor);
    let documents = store::list(&mut tx, programme_id, audience).await?;
    let today = app.today();
    let mut offers = Vec::new();
    for key in rules::offered(&programme, today) {
        let document = documents.iter().find(|d| d.key == key).cloned();
        let current = match &document {
            Some(d) => d.fingerprint == fingerprint(&mut tx, key, today).await?,
            None => false,
        };
        offers.push(Offer {
            key,
            document,
            current,
        });
    }
    tx.commit().await?;
    Ok(Overview {
        programme,
        audience,
        offers,
    })
}

/// What asking for a document led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    /// A build from the current data is done or on its way; nothing new is started.
    Existing(i64),
    /// A new build was queued; the caller starts it.
    Queued(i64),
}

/// Asks for a document: reuses a current build, or queues a new one.
///
/// # Errors
///
/// `Invalid` on `dokument` for a document the programme does not offer; `NotFound` for a
/// programme the actor does not see.
pub async fn request(app: &App, actor: &Actor, programme_id: i64, slug: &str) -> Result<Requested> {
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let today = app.today();
    let key = DocumentKey::parse_slug(slug.trim())
        .filter(|key| rules::offered(&programme, today).contains(key))
        .ok_or_else(|| AppError::field("dokument", "reports-error-document"))?;
    let audience = audience(actor);
    let wanted = fingerprint(&mut tx, key, today).await?;
    let now = app.now();
    let reusable = store::latest(&mut tx, programme_id, key, audience)
        .await?
        .filter(|d| d.fingerprint == wanted && (d.status == Status::Done || d.in_progress(now)));
    if let Some(existing) = reusable {
        tx.commit().await?;
        return Ok(Requested::Existing(existing.id));
    }
    let id = store::insert(
        &mut tx,
        programme_id,
        key,
        audience,
        &wanted,
        actor.principal().map(|p| p.user_id),
        now,
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "report.request",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("report_document", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(Requested::Queued(id))
}

/// What a document shows: the effects and the funder statistics, as its reader may see them.
#[derive(Debug, Clone)]
pub struct Content {
    pub document: ReportDocument,
    pub programme: Programme,
    pub effects: EffectsReport,
    /// The days the funder statistics count.
    pub days: (Date, Date),
    pub funder_tables: Vec<Table>,
    pub partner_names: HashMap<i64, String>,
}

/// Starts a queued build: reads the figures as the requesting actor and marks it building.
/// The fingerprint is read again before the figures, so a write in between can only make the
/// document look older than it is (and be rebuilt), never newer.
pub async fn start_build(app: &App, actor: &Actor, document_id: i64) -> Result<Content> {
    let mut tx = app.begin().await?;
    let document = store::get(&mut tx, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = visible_programme(&mut tx, actor, document.programme_id).await?;
    if document.audience != audience(actor) {
        return Err(AppError::NotFound);
    }
    let today = app.today();
    let key = document.key;
    let fingerprint = fingerprint(&mut tx, key, today).await?;
    let query = EffectsQuery {
        window: DEFAULT_WINDOW,
        as_of: key.as_of(today),
    };
    let report = effects::build(
        &mut tx,
        actor,
        Selection::Programme(programme.id),
        vec![programme.clone()],
        query,
    )
    .await?;
    let days = key.days(&programme, today);
    let (funder_tables, partner_names) =
        effects::funder_tables(&mut tx, programme.id, days, report.audience).await?;
    store::set_fingerprint(&mut tx, document_id, &fingerprint).await?;
    store::set_progress(&mut tx, document_id, Status::Building, 30, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "effects.read",
        &[
            RecordRef::new("programme", programme.id),
            RecordRef::new("report_document", document_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(Content {
        document: ReportDocument {
            fingerprint,
            status: Status::Building,
            progress: 30,
            ..document
        },
        programme,
        effects: report,
        days,
        funder_tables,
        partner_names,
    })
}

/// Records how far a build has come (0–100), for the request page.
pub async fn progress(app: &App, document_id: i64, progress: u8) -> Result<()> {
    let mut tx = app.begin().await?;
    store::set_progress(
        &mut tx,
        document_id,
        Status::Building,
        progress.min(99),
        app.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the built files; older builds of the same document go.
pub async fn finish(app: &App, document: &ReportDocument, pdf: &[u8], xlsx: &[u8]) -> Result<()> {
    let mut tx = app.begin().await?;
    store::finish(&mut tx, document, pdf, xlsx, app.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a build as failed; asking again starts a new one.
pub async fn fail(app: &App, document_id: i64, error: &str) -> Result<()> {
    let mut tx = app.begin().await?;
    store::fail(&mut tx, document_id, error, app.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A built file to hand over.
#[derive(Debug, Clone)]
pub struct Download {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The current build of a document for the reader's audience, audited as a download; `None`
/// when there is none (never built, still building, or the data has changed since).
///
/// # Errors
///
/// `NotFound` for a programme the actor does not see or a document it does not offer.
pub async fn download(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    slug: &str,
    format: Format,
) -> Result<Option<Download>> {
    let mut tx = app.begin().await?;
    let programme = visible_programme(&mut tx, actor, programme_id).await?;
    let today = app.today();
    let key = DocumentKey::parse_slug(slug)
        .filter(|key| rules::offered(&programme, today).contains(key))
        .ok_or(AppError::NotFound)?;
    let wanted = fingerprint(&mut tx, key, today).await?;
    let found = store::list(&mut tx, programme_id, audience(actor))
        .await?
        .into_iter()
        .find(|d| d.key == key && d.status == Status::Done && d.fingerprint == wanted);
    let Some(document) = found else {
        tx.commit().await?;
        return Ok(None);
    };
    let Some(bytes) = store::file(&mut tx, document.id, format).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    app.audit(
        &mut tx,
        actor,
        "report.download",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("report_document", document.id),
        ],
    )
    .await?;
    tx.commit().await?;
    let extension = match format {
        Format::Pdf => "pdf",
        Format::Xlsx => "xlsx",
    };
    Ok(Some(Download {
        file_name: format!("rapport-{programme_id}-{}.{extension}", key.slug()),
        bytes,
    }))
}
