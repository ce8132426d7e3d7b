//! Use cases for the handbook: adapting the shipped national part, writing the local part,
//! review with four eyes, and publishing editions that stay available for ever.

use crate::{Actor, App, AppError, Result};
use std::collections::HashMap;
use stegvis_domain::access::Capability;
use stegvis_domain::audit::RecordRef;
use stegvis_domain::handbook::{
    Chapter, ChapterInput, ChapterSource, Edition, Part, PublishedChapter, ReviewStep, Revision,
    RevisionState, Slug, check_upload, parse_source, review,
};
use stegvis_domain::timestamp::Timestamp;
use stegvis_domain::validation::{FieldError, ValidationErrors, optional_text};
use stegvis_storage::handbook;
use stegvis_storage::{Tx, organisations};

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped_handbook.rs"));
}

fn parse_all(folder: &str, files: &[(&str, &str)]) -> Result<Vec<ChapterSource>, String> {
    files
        .iter()
        .map(|(name, text)| {
            parse_source(text).map_err(|e| format!("handbook/{folder}/{name}: {e}"))
        })
        .collect()
}

/// The national part as shipped, parsed once per process: every public page reads the list of
/// unchecked claims from it. A file that does not parse is a build defect, caught by the test
/// below, so it is reported rather than skipped silently.
pub fn shipped_chapters() -> Result<&'static [ChapterSource]> {
    static PARSED: std::sync::OnceLock<Result<Vec<ChapterSource>, String>> =
        std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| parse_all("sv", shipped::SHIPPED))
        .as_deref()
        .map_err(|e| AppError::Internal(e.clone()))
}

/// Edition 1 of the national part, word for word (`handbook/sv-1/`, decision 0023): the demo
/// publishes it before the current text, and a published chapter whose text is an edition-1
/// text keeps edition 1's list of unchecked claims.
pub fn edition_one_chapters() -> Result<&'static [ChapterSource]> {
    static PARSED: std::sync::OnceLock<Result<Vec<ChapterSource>, String>> =
        std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| parse_all("sv-1", shipped::EDITION_1))
        .as_deref()
        .map_err(|e| AppError::Internal(e.clone()))
}

fn shipped_chapter(slug: &str) -> Option<ChapterSource> {
    shipped_chapters()
        .ok()?
        .iter()
        .find(|c| c.slug.as_str() == slug)
        .cloned()
}

/// The operator whose handbook the actor may edit: a coordinator only their own organisation,
/// the administrator any. Another operator's handbook is "not found".
fn check_operator(actor: &Actor, operator_id: i64) -> Result<()> {
    match actor.principal() {
        None => Ok(()),
        Some(p) if p.may_manage_programme_of(operator_id) => Ok(()),
        Some(_) => Err(AppError::NotFound),
    }
}

async fn editable(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    capability: Capability,
) -> Result<Tx> {
    actor.require(capability)?;
    check_operator(actor, operator_id)?;
    let mut tx = app.begin().await?;
    organisations::get(&mut tx, operator_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(tx)
}

/// Everything the editorial overview shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub operator_id: i64,
    pub operator_name: String,
    pub chapters: Vec<(Chapter, Revision)>,
    pub in_review: Vec<Revision>,
    pub editions: Vec<Edition>,
}

pub async fn overview(app: &App, actor: &Actor, operator_id: i64) -> Result<Overview> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let operator_name = organisations::get(&mut tx, operator_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let chapters = handbook::chapters(&mut tx, operator_id).await?;
    let latest = handbook::latest_revisions(&mut tx, operator_id).await?;
    let paired = chapters
        .into_iter()
        .filter_map(|c| {
            let revision = latest.iter().find(|r| r.chapter_id == c.id)?.clone();
            Some((c, revision))
        })
        .collect();
    let overview = Overview {
        operator_id,
        operator_name,
        chapters: paired,
        in_review: handbook::in_review(&mut tx, operator_id).await?,
        editions: handbook::editions(&mut tx, operator_id).await?,
    };
    tx.commit().await?;
    Ok(overview)
}

/// Starts an operator's handbook from the shipped national part: every shipped chapter becomes
/// a chapter whose first revision is the shipped text, approved as shipped.
pub async fn start(app: &App, actor: &Actor, operator_id: i64) -> Result<usize> {
    start_from(app, actor, operator_id, shipped_chapters()?).await
}

/// Starts a handbook from the given chapter texts (the current ones, or edition 1 in the demo).
pub(crate) async fn start_from(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    sources: &[ChapterSource],
) -> Result<usize> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    if !handbook::chapters(&mut tx, operator_id).await?.is_empty() {
        return Err(AppError::field(
            "handbook",
            "error-handbook-already-started",
        ));
    }
    let now = app.now();
    for (index, source) in sources.iter().enumerate() {
        let id = handbook::insert_chapter(
            &mut tx,
            operator_id,
            source.slug.as_str(),
            source.part,
            (index as i64 + 1) * 10,
            (source.part == Part::National).then_some(source.slug.as_str()),
            now,
        )
        .await?;
        handbook::insert_revision(
            &mut tx,
            id,
            &source.text,
            None,
            RevisionState::Approved,
            now,
        )
        .await?;
    }
    insert_missing_templates(&mut tx, operator_id, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.start",
        &[RecordRef::new("organisation", operator_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(sources.len())
}

/// Uploads every shipped template the operator does not have yet; a name that exists is left
/// alone, since files are never replaced (decision 0010).
async fn insert_missing_templates(tx: &mut Tx, operator_id: i64, now: Timestamp) -> Result<()> {
    let existing: Vec<String> = handbook::files(tx, operator_id)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    for (name, bytes) in shipped::TEMPLATES {
        let (name, kind) = check_upload(name, bytes)
            .map_err(|e| AppError::Internal(format!("handbook/mallar/{name}: {}", e.key)))?;
        if existing.contains(&name) {
            continue;
        }
        handbook::insert_file(
            tx,
            operator_id,
            &name,
            kind.content_type(),
            bytes,
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Brings a handbook started from edition 1 up to the shipped text, for the demo: a national
/// chapter whose newest revision is still edition 1's text word for word gets the shipped text
/// as a new approved revision, and a shipped chapter the handbook lacks is added at the place
/// the shipped order gives it. A chapter the operator has changed is left as it is. Nothing is
/// public until the next `publish`.
pub(crate) async fn adopt_shipped_over_edition_one(
    app: &App,
    actor: &Actor,
    operator_id: i64,
) -> Result<usize> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let now = app.now();
    let first = edition_one_chapters()?;
    let latest = handbook::latest_revisions(&mut tx, operator_id).await?;
    let mut changed = 0;
    for (index, source) in shipped_chapters()?.iter().enumerate() {
        let chapters = handbook::chapters(&mut tx, operator_id).await?;
        match chapters.iter().find(|c| c.slug == source.slug.as_str()) {
            Some(chapter) => {
                let unchanged_since_one = latest.iter().any(|r| {
                    r.chapter_id == chapter.id
                        && first.iter().any(|f| {
                            f.slug == source.slug
                                && f.text.body == r.body
                                && f.text.title == r.title
                        })
                });
                let differs = latest
                    .iter()
                    .any(|r| r.chapter_id == chapter.id && r.body != source.text.body);
                if unchanged_since_one && differs {
                    handbook::insert_revision(
                        &mut tx,
                        chapter.id,
                        &source.text,
                        None,
                        RevisionState::Approved,
                        now,
                    )
                    .await?;
                    changed += 1;
                }
            }
            None => {
                let id = handbook::insert_chapter(
                    &mut tx,
                    operator_id,
                    source.slug.as_str(),
                    source.part,
                    (index as i64 + 1) * 10 - 5,
                    (source.part == Part::National).then_some(source.slug.as_str()),
                    now,
                )
                .await?;
                handbook::insert_revision(
                    &mut tx,
                    id,
                    &source.text,
                    None,
                    RevisionState::Approved,
                    now,
                )
                .await?;
                // Renumbered in steps of ten, as moving a chapter does.
                for (slot, chapter) in handbook::chapters(&mut tx, operator_id)
                    .await?
                    .iter()
                    .enumerate()
                {
                    handbook::set_position(&mut tx, chapter.id, (slot as i64 + 1) * 10).await?;
                }
                changed += 1;
            }
        }
    }
    insert_missing_templates(&mut tx, operator_id, now).await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.adopt-shipped",
        &[RecordRef::new("organisation", operator_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// A chapter with its history, and the shipped text it adapts (if any).
#[derive(Debug, Clone)]
pub struct ChapterDetail {
    pub chapter: Chapter,
    /// Newest first.
    pub revisions: Vec<Revision>,
    pub shipped: Option<ChapterSource>,
    /// Names of the authors and reviewers shown.
    pub people: HashMap<i64, String>,
}

impl ChapterDetail {
    pub fn person(&self, id: &Option<i64>) -> String {
        person(&self.people, id)
    }
}

/// The name of an author or reviewer; Stegvis itself for the shipped text.
fn person(people: &HashMap<i64, String>, id: &Option<i64>) -> String {
    match id {
        None => "Stegvis".to_string(),
        Some(id) => people.get(id).cloned().unwrap_or_else(|| format!("#{id}")),
    }
}

/// Looks up staff names for display; reading them is recorded like any read of user data.
async fn people(
    app: &App,
    tx: &mut Tx,
    actor: &Actor,
    revisions: &[&Revision],
) -> Result<HashMap<i64, String>> {
    let mut ids: Vec<i64> = revisions
        .iter()
        .flat_map(|r| [r.author_user_id, r.reviewer_user_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let names = stegvis_storage::users::display_names(tx, &ids).await?;
    let records: Vec<RecordRef> = ids.iter().map(|id| RecordRef::new("user", *id)).collect();
    app.audit(tx, actor, "user.read-names", &records).await?;
    Ok(names.into_iter().collect())
}

pub async fn chapter(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    chapter_id: i64,
) -> Result<ChapterDetail> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let chapter = handbook::chapter(&mut tx, operator_id, chapter_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let revisions = handbook::revisions(&mut tx, chapter_id).await?;
    let people = people(app, &mut tx, actor, &revisions.iter().collect::<Vec<_>>()).await?;
    tx.commit().await?;
    let shipped = chapter.shipped_slug.as_deref().and_then(shipped_chapter);
    Ok(ChapterDetail {
        chapter,
        revisions,
        shipped,
        people,
    })
}

/// Saves an edited text as a new draft revision by the actor; returns the revision id.
pub async fn save_draft(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    chapter_id: i64,
    input: &ChapterInput,
) -> Result<i64> {
    let text = input.parse()?;
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    handbook::chapter(&mut tx, operator_id, chapter_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let author = actor.principal().map(|p| p.user_id);
    let id = handbook::insert_revision(
        &mut tx,
        chapter_id,
        &text,
        author,
        RevisionState::Draft,
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.save-draft",
        &[
            RecordRef::new("handbook-chapter", chapter_id),
            RecordRef::new("handbook-revision", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a chapter to the local part, starting as a draft.
pub async fn add_local_chapter(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    slug: &str,
    input: &ChapterInput,
) -> Result<i64> {
    let mut errors = ValidationErrors::new();
    let slug = errors.check(Slug::parse(slug));
    let text = match input.parse() {
        Ok(text) => Some(text),
        Err(more) => {
            for error in more.iter() {
                errors.push(error.clone());
            }
            None
        }
    };
    let (Some(slug), Some(text)) = (slug, text) else {
        return Err(AppError::Invalid(errors));
    };
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let position = handbook::next_position(&mut tx, operator_id).await?;
    let now = app.now();
    let id = handbook::insert_chapter(
        &mut tx,
        operator_id,
        slug.as_str(),
        Part::Local,
        position,
        None,
        now,
    )
    .await
    .map_err(|e| match e {
        stegvis_storage::StorageError::Conflict { .. } => {
            AppError::field("slug", "error-slug-taken")
        }
        other => other.into(),
    })?;
    let author = actor.principal().map(|p| p.user_id);
    handbook::insert_revision(&mut tx, id, &text, author, RevisionState::Draft, now).await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.add-chapter",
        &[RecordRef::new("handbook-chapter", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A revision with the one before it, for review and diffs.
#[derive(Debug, Clone)]
pub struct RevisionDetail {
    pub chapter: Chapter,
    pub revision: Revision,
    pub previous: Option<Revision>,
    pub people: HashMap<i64, String>,
}

impl RevisionDetail {
    pub fn person(&self, id: &Option<i64>) -> String {
        person(&self.people, id)
    }
}

pub async fn revision(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    revision_id: i64,
) -> Result<RevisionDetail> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let revision = handbook::revision(&mut tx, operator_id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let chapter = handbook::chapter(&mut tx, operator_id, revision.chapter_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let previous = handbook::revisions(&mut tx, revision.chapter_id)
        .await?
        .into_iter()
        .find(|r| r.number < revision.number);
    let people = people(app, &mut tx, actor, &[&revision]).await?;
    tx.commit().await?;
    Ok(RevisionDetail {
        chapter,
        revision,
        previous,
        people,
    })
}

fn workflow_error(error: stegvis_domain::handbook::WorkflowError) -> AppError {
    AppError::Invalid(ValidationErrors::single(FieldError::new(
        "revision",
        error.message_key(),
    )))
}

/// Sends a draft for review.
pub async fn submit(app: &App, actor: &Actor, operator_id: i64, revision_id: i64) -> Result<i64> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let revision = handbook::revision(&mut tx, operator_id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor_id = actor.principal().map(|p| p.user_id);
    review(
        revision.state,
        ReviewStep::Submit,
        revision.author_user_id,
        actor_id,
    )
    .map_err(workflow_error)?;
    handbook::mark_submitted(&mut tx, revision_id, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.submit",
        &[RecordRef::new("handbook-revision", revision_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(revision.chapter_id)
}

/// Approves or rejects a revision in review; the author cannot decide on their own text.
pub async fn decide(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    revision_id: i64,
    approve: bool,
    comment: &str,
) -> Result<i64> {
    let comment = optional_text("comment", comment, 2000).map_err(ValidationErrors::single)?;
    if !approve && comment.is_none() {
        return Err(AppError::field(
            "comment",
            "error-handbook-reject-needs-reason",
        ));
    }
    let mut tx = editable(app, actor, operator_id, Capability::ReviewHandbook).await?;
    let revision = handbook::revision(&mut tx, operator_id, revision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor_id = actor.principal().map(|p| p.user_id);
    let step = if approve {
        ReviewStep::Approve
    } else {
        ReviewStep::Reject
    };
    let state =
        review(revision.state, step, revision.author_user_id, actor_id).map_err(workflow_error)?;
    handbook::mark_reviewed(
        &mut tx,
        revision_id,
        state,
        actor_id,
        comment.as_deref(),
        app.now(),
    )
    .await?;
    let action = if approve {
        "handbook.approve"
    } else {
        "handbook.reject"
    };
    app.audit(
        &mut tx,
        actor,
        action,
        &[RecordRef::new("handbook-revision", revision_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(revision.chapter_id)
}

/// Publishes a new edition made of every chapter's newest approved revision.
pub async fn publish(app: &App, actor: &Actor, operator_id: i64) -> Result<i64> {
    let mut tx = editable(app, actor, operator_id, Capability::ReviewHandbook).await?;
    let approved = handbook::latest_approved(&mut tx, operator_id).await?;
    if approved.is_empty() {
        return Err(AppError::field(
            "handbook",
            "error-handbook-nothing-approved",
        ));
    }
    let entries: Vec<(i64, i64)> = approved.iter().map(|(c, r)| (c.id, *r)).collect();
    let number = handbook::insert_edition(
        &mut tx,
        operator_id,
        actor.principal().map(|p| p.user_id),
        &entries,
        app.now(),
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "handbook.publish",
        &[RecordRef::new("organisation", operator_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// Moves a chapter one step up or down in the table of contents of coming editions.
pub async fn move_chapter(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    chapter_id: i64,
    up: bool,
) -> Result<()> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let mut chapters = handbook::chapters(&mut tx, operator_id).await?;
    let index = chapters
        .iter()
        .position(|c| c.id == chapter_id)
        .ok_or(AppError::NotFound)?;
    let neighbour = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1)
    };
    if let Some(neighbour) = neighbour.filter(|n| *n < chapters.len()) {
        chapters.swap(index, neighbour);
        // Renumbered in steps of ten, so every chapter keeps a position of its own.
        for (slot, chapter) in chapters.iter().enumerate() {
            handbook::set_position(&mut tx, chapter.id, (slot as i64 + 1) * 10).await?;
        }
        app.audit(
            &mut tx,
            actor,
            "handbook.move-chapter",
            &[RecordRef::new("handbook-chapter", chapter_id)],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Attaches an image or template to the operator's handbook; names are used once, so links in
/// published editions keep pointing at the same file.
pub async fn upload(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    name: &str,
    bytes: &[u8],
) -> Result<String> {
    let (name, kind) = check_upload(name, bytes).map_err(ValidationErrors::single)?;
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let id = handbook::insert_file(
        &mut tx,
        operator_id,
        &name,
        kind.content_type(),
        bytes,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await
    .map_err(|e| match e {
        stegvis_storage::StorageError::Conflict { .. } => {
            AppError::field("file", "error-file-name-taken")
        }
        other => other.into(),
    })?;
    app.audit(
        &mut tx,
        actor,
        "handbook.upload",
        &[RecordRef::new("handbook-file", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(name)
}

pub async fn files(
    app: &App,
    actor: &Actor,
    operator_id: i64,
) -> Result<Vec<stegvis_domain::handbook::FileInfo>> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let files = handbook::files(&mut tx, operator_id).await?;
    tx.commit().await?;
    Ok(files)
}

/// A file for an editor's preview.
pub async fn editor_file(
    app: &App,
    actor: &Actor,
    operator_id: i64,
    name: &str,
) -> Result<(String, Vec<u8>)> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    let file = handbook::file_content(&mut tx, operator_id, name)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(file)
}

/// A file of a published handbook; public like the handbook itself, and only once published.
pub async fn public_file(
    app: &App,
    operator_short_name: &str,
    name: &str,
) -> Result<(String, Vec<u8>)> {
    let mut tx = app.begin().await?;
    let operator = organisations::find_by_reference(&mut tx, operator_short_name)
        .await?
        .filter(|o| o.short_name.eq_ignore_ascii_case(operator_short_name))
        .ok_or(AppError::NotFound)?;
    // A file becomes public only when a published chapter links to it: uploading alone
    // publishes nothing, just as an unreviewed text is not public.
    if !handbook::published_bodies_mention(&mut tx, operator.id, &format!("filer/{name}")).await? {
        return Err(AppError::NotFound);
    }
    let file = handbook::file_content(&mut tx, operator.id, name)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(file)
}

/// Deletes an uploaded file that no published edition links to, e.g. one uploaded by mistake.
pub async fn delete_file(app: &App, actor: &Actor, operator_id: i64, name: &str) -> Result<()> {
    let mut tx = editable(app, actor, operator_id, Capability::EditHandbook).await?;
    if handbook::published_bodies_mention(&mut tx, operator_id, &format!("filer/{name}")).await? {
        return Err(AppError::field("file", "error-file-published"));
    }
    let id = handbook::delete_file(&mut tx, operator_id, name)
        .await?
        .ok_or(AppError::NotFound)?;
    app.audit(
        &mut tx,
        actor,
        "handbook.delete-file",
        &[RecordRef::new("handbook-file", id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The images of a published handbook, for typesetting its PDF.
pub async fn public_images(app: &App, operator_short_name: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let mut tx = app.begin().await?;
    let operator = organisations::find_by_reference(&mut tx, operator_short_name)
        .await?
        .ok_or(AppError::NotFound)?;
    let images = handbook::images(&mut tx, operator.id).await?;
    tx.commit().await?;
    Ok(images)
}

/// A published edition as the public reads it.
#[derive(Debug, Clone)]
pub struct PublishedEdition {
    pub operator_short_name: String,
    pub operator_name: String,
    pub edition: Edition,
    /// Every edition of this handbook, newest first, for the list of older editions.
    pub editions: Vec<Edition>,
    pub chapters: Vec<PublishedChapter>,
    /// Claims in the shipped text not yet re-checked against their sources.
    pub unchecked: Vec<(String, String)>,
}

impl PublishedEdition {
    pub fn is_latest(&self) -> bool {
        self.editions
            .first()
            .is_some_and(|e| e.number == self.edition.number)
    }

    pub fn chapter(&self, slug: &str) -> Option<&PublishedChapter> {
        self.chapters.iter().find(|c| c.slug == slug)
    }
}

/// Operators with a published handbook: (short name, name, newest edition).
pub async fn published_handbooks(app: &App) -> Result<Vec<(String, String, i64)>> {
    let mut tx = app.begin().await?;
    let list = handbook::published_handbooks(&mut tx).await?;
    tx.commit().await?;
    Ok(list
        .into_iter()
        .map(|(_, short, name, n)| (short, name, n))
        .collect())
}

/// A published edition (the newest when `number` is `None`); public, so no actor.
pub async fn published(
    app: &App,
    operator_short_name: &str,
    number: Option<i64>,
) -> Result<PublishedEdition> {
    let mut tx = app.begin().await?;
    let operator = organisations::find_by_reference(&mut tx, operator_short_name)
        .await?
        .filter(|o| o.short_name.eq_ignore_ascii_case(operator_short_name))
        .ok_or(AppError::NotFound)?;
    let editions = handbook::editions(&mut tx, operator.id).await?;
    let edition = match number {
        None => editions.first().cloned(),
        Some(n) => editions.iter().find(|e| e.number == n).cloned(),
    }
    .ok_or(AppError::NotFound)?;
    let chapters = handbook::edition_chapters(&mut tx, edition.id).await?;
    tx.commit().await?;
    let shipped = shipped_chapters()?;
    let first = edition_one_chapters()?;
    // A chapter still in edition 1's words keeps edition 1's list; any other chapter gets the
    // list of the shipped text it adapts.
    let unchecked = chapters
        .iter()
        .filter_map(|c| {
            first
                .iter()
                .find(|s| {
                    s.slug.as_str() == c.slug
                        && s.text.body == c.revision.body
                        && s.text.title == c.revision.title
                })
                .or_else(|| shipped.iter().find(|s| s.slug.as_str() == c.slug))
                .map(|s| (c, s))
        })
        .flat_map(|(c, s)| {
            s.unchecked
                .iter()
                .map(|claim| (c.revision.title.clone(), claim.clone()))
        })
        .collect();
    Ok(PublishedEdition {
        operator_short_name: operator.short_name,
        operator_name: operator.name,
        edition,
        editions,
        chapters,
        unchecked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_template_is_an_acceptable_upload() {
        assert!(!shipped::TEMPLATES.is_empty());
        for (name, bytes) in shipped::TEMPLATES {
            assert!(check_upload(name, bytes).is_ok(), "{name}");
        }
    }

    #[test]
    fn every_shipped_chapter_parses_and_has_a_unique_slug() {
        for chapters in [shipped_chapters().unwrap(), edition_one_chapters().unwrap()] {
            let mut slugs: Vec<&str> = chapters.iter().map(|c| c.slug.as_str()).collect();
            slugs.sort_unstable();
            slugs.dedup();
            assert_eq!(slugs.len(), chapters.len());
        }
    }

    #[test]
    fn every_chapter_of_edition_one_is_still_shipped_under_the_same_slug() {
        let shipped = shipped_chapters().unwrap();
        for chapter in edition_one_chapters().unwrap() {
            assert!(
                shipped.iter().any(|s| s.slug == chapter.slug),
                "{}",
                chapter.slug.as_str()
            );
        }
    }

    #[test]
    fn edition_two_has_fewer_unchecked_claims_than_edition_one() {
        let count = |c: &[ChapterSource]| c.iter().map(|s| s.unchecked.len()).sum::<usize>();
        assert_eq!(count(edition_one_chapters().unwrap()), 49);
        assert!(count(shipped_chapters().unwrap()) < 49);
    }
}
