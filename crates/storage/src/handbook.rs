//! The handbook: chapters, their revisions, and published editions.

use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::handbook::{
    Chapter, ChapterText, Edition, FileInfo, Part, PublishedChapter, Revision, RevisionState,
};
use stegvis_domain::timestamp::Timestamp;

#[derive(sqlx::FromRow)]
struct ChapterRow {
    id: i64,
    operator_id: i64,
    slug: String,
    part: String,
    position: i64,
    shipped_slug: Option<String>,
}

impl TryFrom<ChapterRow> for Chapter {
    type Error = StorageError;

    fn try_from(row: ChapterRow) -> Result<Self> {
        Ok(Chapter {
            id: row.id,
            operator_id: row.operator_id,
            part: row
                .part
                .parse()
                .map_err(|()| StorageError::Corrupt(format!("handbook part '{}'", row.part)))?,
            slug: row.slug,
            position: row.position,
            shipped_slug: row.shipped_slug,
        })
    }
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: i64,
    chapter_id: i64,
    number: i64,
    title: String,
    topics: String,
    body: String,
    author_user_id: Option<i64>,
    created_at: String,
    state: String,
    submitted_at: Option<String>,
    reviewer_user_id: Option<i64>,
    reviewed_at: Option<String>,
    review_comment: Option<String>,
}

fn optional_timestamp(text: Option<String>) -> Result<Option<Timestamp>> {
    text.as_deref().map(crate::schema::timestamp).transpose()
}

impl TryFrom<RevisionRow> for Revision {
    type Error = StorageError;

    fn try_from(row: RevisionRow) -> Result<Self> {
        Ok(Revision {
            id: row.id,
            chapter_id: row.chapter_id,
            number: row.number,
            title: row.title,
            topics: row.topics.split_whitespace().map(str::to_string).collect(),
            body: row.body,
            author_user_id: row.author_user_id,
            created_at: crate::schema::timestamp(&row.created_at)?,
            state: row
                .state
                .parse()
                .map_err(|()| StorageError::Corrupt(format!("revision state '{}'", row.state)))?,
            submitted_at: optional_timestamp(row.submitted_at)?,
            reviewer_user_id: row.reviewer_user_id,
            reviewed_at: optional_timestamp(row.reviewed_at)?,
            review_comment: row.review_comment,
        })
    }
}

const CHAPTER_COLUMNS: &str = "c.id, c.operator_id, c.slug, c.part, c.position, c.shipped_slug";
const REVISION_COLUMNS: &str = "r.id, r.chapter_id, r.number, r.title, r.topics, r.body, r.author_user_id, r.created_at, \
                                r.state, r.submitted_at, r.reviewer_user_id, r.reviewed_at, r.review_comment";

pub async fn insert_chapter(
    tx: &mut Tx,
    operator_id: i64,
    slug: &str,
    part: Part,
    position: i64,
    shipped_slug: Option<&str>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO handbook_chapters (operator_id, slug, part, position, shipped_slug, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(operator_id)
        .bind(slug)
        .bind(part.code())
        .bind(position)
        .bind(shipped_slug)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn chapters(tx: &mut Tx, operator_id: i64) -> Result<Vec<Chapter>> {
    let sql = format!(
        "SELECT {CHAPTER_COLUMNS} FROM handbook_chapters c WHERE c.operator_id = $1 ORDER BY c.position, c.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, ChapterRow>(&sql).bind(operator_id).fetch_all(conn).await)?;
    rows.into_iter().map(Chapter::try_from).collect()
}

/// A chapter of this operator, or `None` (also for another operator's chapter).
pub async fn chapter(tx: &mut Tx, operator_id: i64, id: i64) -> Result<Option<Chapter>> {
    let sql = format!(
        "SELECT {CHAPTER_COLUMNS} FROM handbook_chapters c WHERE c.operator_id = $1 AND c.id = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, ChapterRow>(&sql).bind(operator_id).bind(id).fetch_optional(conn).await)?;
    row.map(Chapter::try_from).transpose()
}

pub async fn next_position(tx: &mut Tx, operator_id: i64) -> Result<i64> {
    let max: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT MAX(position) FROM handbook_chapters WHERE operator_id = $1")
        .bind(operator_id)
        .fetch_one(conn)
        .await)?;
    Ok(max.unwrap_or(0) + 10)
}

/// Adds a revision as the chapter's newest; returns its id.
pub async fn insert_revision(
    tx: &mut Tx,
    chapter_id: i64,
    text: &ChapterText,
    author_user_id: Option<i64>,
    state: RevisionState,
    now: Timestamp,
) -> Result<i64> {
    let number: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT MAX(number) FROM handbook_revisions WHERE chapter_id = $1")
        .bind(chapter_id)
        .fetch_one(conn)
        .await)?;
    let sql = "INSERT INTO handbook_revisions (chapter_id, number, title, topics, body, author_user_id, created_at, state, \
               submitted_at, reviewer_user_id, reviewed_at, review_comment) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL, NULL) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(chapter_id)
        .bind(number.unwrap_or(0) + 1)
        .bind(&text.title)
        .bind(text.topics.join(" "))
        .bind(&text.body)
        .bind(author_user_id)
        .bind(now.canonical())
        .bind(state.code())
        .fetch_one(conn)
        .await)?)
}

/// Every revision of a chapter, newest first.
pub async fn revisions(tx: &mut Tx, chapter_id: i64) -> Result<Vec<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM handbook_revisions r WHERE r.chapter_id = $1 ORDER BY r.number DESC"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, RevisionRow>(&sql).bind(chapter_id).fetch_all(conn).await)?;
    rows.into_iter().map(Revision::try_from).collect()
}

/// The newest revision of every chapter of an operator, in one query.
pub async fn latest_revisions(tx: &mut Tx, operator_id: i64) -> Result<Vec<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM handbook_revisions r JOIN handbook_chapters c ON c.id = r.chapter_id \
         WHERE c.operator_id = $1 AND r.number = (SELECT MAX(x.number) FROM handbook_revisions x WHERE x.chapter_id = r.chapter_id)"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, RevisionRow>(&sql).bind(operator_id).fetch_all(conn).await)?;
    rows.into_iter().map(Revision::try_from).collect()
}

/// A revision of one of the operator's chapters.
pub async fn revision(tx: &mut Tx, operator_id: i64, id: i64) -> Result<Option<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM handbook_revisions r JOIN handbook_chapters c ON c.id = r.chapter_id \
         WHERE c.operator_id = $1 AND r.id = $2"
    );
    let row = with_conn!(tx, conn => sqlx::query_as::<_, RevisionRow>(&sql).bind(operator_id).bind(id).fetch_optional(conn).await)?;
    row.map(Revision::try_from).transpose()
}

/// Revisions of the operator waiting for review, oldest first.
pub async fn in_review(tx: &mut Tx, operator_id: i64) -> Result<Vec<Revision>> {
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM handbook_revisions r JOIN handbook_chapters c ON c.id = r.chapter_id \
         WHERE c.operator_id = $1 AND r.state = 'in-review' ORDER BY r.submitted_at, r.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, RevisionRow>(&sql).bind(operator_id).fetch_all(conn).await)?;
    rows.into_iter().map(Revision::try_from).collect()
}

pub async fn mark_submitted(tx: &mut Tx, id: i64, now: Timestamp) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE handbook_revisions SET state = 'in-review', submitted_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn mark_reviewed(
    tx: &mut Tx,
    id: i64,
    state: RevisionState,
    reviewer_user_id: Option<i64>,
    comment: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE handbook_revisions SET state = $2, reviewer_user_id = $3, review_comment = $4, reviewed_at = $5 WHERE id = $1")
        .bind(id)
        .bind(state.code())
        .bind(reviewer_user_id)
        .bind(comment)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// For each chapter of the operator, its newest approved revision: what an edition publishes.
pub async fn latest_approved(tx: &mut Tx, operator_id: i64) -> Result<Vec<(Chapter, i64)>> {
    let sql = format!(
        "SELECT {CHAPTER_COLUMNS}, (SELECT MAX(r.id) FROM handbook_revisions r WHERE r.chapter_id = c.id AND r.state = 'approved') AS revision_id \
         FROM handbook_chapters c WHERE c.operator_id = $1 ORDER BY c.position, c.id"
    );
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, i64, String, String, i64, Option<String>, Option<i64>)>(&sql)
        .bind(operator_id)
        .fetch_all(conn)
        .await)?;
    let mut out = Vec::new();
    for (id, operator_id, slug, part, position, shipped_slug, revision_id) in rows {
        if let Some(revision_id) = revision_id {
            let chapter = Chapter::try_from(ChapterRow {
                id,
                operator_id,
                slug,
                part,
                position,
                shipped_slug,
            })?;
            out.push((chapter, revision_id));
        }
    }
    Ok(out)
}

/// Publishes a new edition with the given (chapter, revision) pairs in order; returns its number.
pub async fn insert_edition(
    tx: &mut Tx,
    operator_id: i64,
    published_by: Option<i64>,
    entries: &[(i64, i64)],
    now: Timestamp,
) -> Result<i64> {
    let last: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT MAX(number) FROM handbook_editions WHERE operator_id = $1")
        .bind(operator_id)
        .fetch_one(conn)
        .await)?;
    let number = last.unwrap_or(0) + 1;
    let edition_id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO handbook_editions (operator_id, number, published_at, published_by) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(operator_id)
        .bind(number)
        .bind(now.canonical())
        .bind(published_by)
        .fetch_one(conn)
        .await)?;
    for (position, (chapter_id, revision_id)) in entries.iter().enumerate() {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO handbook_edition_chapters (edition_id, chapter_id, revision_id, position) VALUES ($1, $2, $3, $4)")
            .bind(edition_id)
            .bind(chapter_id)
            .bind(revision_id)
            .bind(position as i64 + 1)
            .execute(conn)
            .await)?;
    }
    Ok(number)
}

#[derive(sqlx::FromRow)]
struct EditionRow {
    id: i64,
    operator_id: i64,
    number: i64,
    published_at: String,
    published_by: Option<i64>,
}

impl TryFrom<EditionRow> for Edition {
    type Error = StorageError;

    fn try_from(row: EditionRow) -> Result<Self> {
        Ok(Edition {
            id: row.id,
            operator_id: row.operator_id,
            number: row.number,
            published_at: crate::schema::timestamp(&row.published_at)?,
            published_by: row.published_by,
        })
    }
}

/// The operator's editions, newest first.
pub async fn editions(tx: &mut Tx, operator_id: i64) -> Result<Vec<Edition>> {
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, EditionRow>(
        "SELECT id, operator_id, number, published_at, published_by FROM handbook_editions WHERE operator_id = $1 ORDER BY number DESC")
        .bind(operator_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(Edition::try_from).collect()
}

/// The chapters of an edition in their published order, each with its frozen revision.
pub async fn edition_chapters(tx: &mut Tx, edition_id: i64) -> Result<Vec<PublishedChapter>> {
    let sql = format!(
        "SELECT c.slug, c.part, {REVISION_COLUMNS} FROM handbook_edition_chapters e \
         JOIN handbook_chapters c ON c.id = e.chapter_id JOIN handbook_revisions r ON r.id = e.revision_id \
         WHERE e.edition_id = $1 ORDER BY e.position"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        slug: String,
        part: String,
        #[sqlx(flatten)]
        revision: RevisionRow,
    }
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, Row>(&sql).bind(edition_id).fetch_all(conn).await)?;
    rows.into_iter()
        .map(|row| {
            let revision = Revision::try_from(row.revision)?;
            Ok(PublishedChapter {
                chapter_id: revision.chapter_id,
                part: row
                    .part
                    .parse()
                    .map_err(|()| StorageError::Corrupt(format!("handbook part '{}'", row.part)))?,
                slug: row.slug,
                revision,
            })
        })
        .collect()
}

/// Operators that have published a handbook, with their newest edition number.
pub async fn published_handbooks(tx: &mut Tx) -> Result<Vec<(i64, String, String, i64)>> {
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, String, i64)>(
        "SELECT o.id, o.short_name, o.name, MAX(e.number) FROM handbook_editions e JOIN organisations o ON o.id = e.operator_id \
         GROUP BY o.id, o.short_name, o.name ORDER BY o.id")
        .fetch_all(conn)
        .await)?,
    )
}

pub async fn insert_file(
    tx: &mut Tx,
    operator_id: i64,
    name: &str,
    content_type: &str,
    data: &[u8],
    uploaded_by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let sql = "INSERT INTO handbook_files (operator_id, name, content_type, size_bytes, data, uploaded_by, created_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(sql)
        .bind(operator_id)
        .bind(name)
        .bind(content_type)
        .bind(data.len() as i64)
        .bind(data)
        .bind(uploaded_by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// The operator's files by name, without their content.
pub async fn files(tx: &mut Tx, operator_id: i64) -> Result<Vec<FileInfo>> {
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, (i64, String, String, i64, String)>(
        "SELECT id, name, content_type, size_bytes, created_at FROM handbook_files WHERE operator_id = $1 ORDER BY name")
        .bind(operator_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, name, content_type, size_bytes, created_at)| {
            Ok(FileInfo {
                id,
                name,
                content_type,
                size_bytes,
                created_at: crate::schema::timestamp(&created_at)?,
            })
        })
        .collect()
}

/// A file's content type and bytes.
pub async fn file_content(
    tx: &mut Tx,
    operator_id: i64,
    name: &str,
) -> Result<Option<(String, Vec<u8>)>> {
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, (String, Vec<u8>)>(
        "SELECT content_type, data FROM handbook_files WHERE operator_id = $1 AND name = $2")
        .bind(operator_id)
        .bind(name)
        .fetch_optional(conn)
        .await)?,
    )
}

/// Every image of an operator, for typesetting the PDF.
pub async fn images(tx: &mut Tx, operator_id: i64) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, (String, Vec<u8>)>(
        "SELECT name, data FROM handbook_files WHERE operator_id = $1 AND content_type LIKE 'image/%'")
        .bind(operator_id)
        .fetch_all(conn)
        .await)?,
    )
}

pub async fn set_position(tx: &mut Tx, chapter_id: i64, position: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE handbook_chapters SET position = $2 WHERE id = $1")
        .bind(chapter_id)
        .bind(position)
        .execute(conn)
        .await)?;
    Ok(())
}

/// Whether the text of any chapter in any published edition of the operator contains `needle`.
pub async fn published_bodies_mention(tx: &mut Tx, operator_id: i64, needle: &str) -> Result<bool> {
    let pattern = format!("%{}%", crate::schema::escape_like(needle));
    let count: i64 = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM handbook_edition_chapters ec JOIN handbook_editions e ON e.id = ec.edition_id \
         JOIN handbook_revisions r ON r.id = ec.revision_id WHERE e.operator_id = $1 AND r.body LIKE $2 ESCAPE '\\'")
        .bind(operator_id)
        .bind(&pattern)
        .fetch_one(conn)
        .await)?;
    Ok(count > 0)
}

/// Deletes a file by name; returns its id, or `None` when there was no such file.
pub async fn delete_file(tx: &mut Tx, operator_id: i64, name: &str) -> Result<Option<i64>> {
    let id: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM handbook_files WHERE operator_id = $1 AND name = $2")
        .bind(operator_id)
        .bind(name)
        .fetch_optional(conn)
        .await)?;
    if let Some(id) = id {
        exec!(tx, conn => sqlx::query("DELETE FROM handbook_files WHERE id = $1").bind(id).execute(conn).await)?;
    }
    Ok(id)
}
