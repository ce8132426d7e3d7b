//! Business ideas, their stage history, teams and partners, and business plan versions.

use crate::schema::{code, date, timestamp};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::access::IdeaScope;
use stegvis_domain::idea::{
    Idea, IdeaDraft, IdeaStage, Member, MemberDraft, PlanComment, PlanContent, PlanVersion,
    StageChange, StageDraft, TeamMember,
};
use stegvis_domain::timestamp::{Timestamp, format_date};
use time::Date;

#[derive(sqlx::FromRow)]
struct IdeaRow {
    id: i64,
    programme_id: i64,
    operator_id: i64,
    title: String,
    description: Option<String>,
    what_it_sells: Option<String>,
    work_integration: Option<String>,
    stage: String,
    enterprise_id: Option<i64>,
    updated_at: String,
}

impl TryFrom<IdeaRow> for Idea {
    type Error = StorageError;

    fn try_from(row: IdeaRow) -> Result<Self> {
        Ok(Idea {
            id: row.id,
            programme_id: row.programme_id,
            operator_id: row.operator_id,
            title: row.title,
            description: row.description,
            what_it_sells: row.what_it_sells,
            work_integration: row.work_integration,
            stage: code("idea stage", &row.stage)?,
            enterprise_id: row.enterprise_id,
            updated_at: timestamp(&row.updated_at)?,
        })
    }
}

const COLUMNS: &str = "i.id, i.programme_id, i.operator_id, i.title, i.description, i.what_it_sells, \
     i.work_integration, i.stage, i.enterprise_id, i.updated_at";

/// The SQL condition and its parameter (always `$1`) that limit ideas to a scope. A
/// participant sees the ideas whose team includes the person their account is linked to.
fn scope_condition(scope: IdeaScope) -> (&'static str, i64) {
    match scope {
        IdeaScope::All => ("$1 = $1", 0),
        IdeaScope::Operator(org) => ("i.operator_id = $1", org),
        IdeaScope::Team(user_id) => (
            "EXISTS (SELECT 1 FROM idea_members m JOIN users u ON u.person_id = m.person_id \
             WHERE m.idea_id = i.id AND u.id = $1)",
            user_id,
        ),
        IdeaScope::None => ("$1 <> $1", 0),
    }
}

/// Creates an idea at the first stage, with that first decision in its history.
pub async fn insert(
    tx: &mut Tx,
    draft: &IdeaDraft,
    operator_id: i64,
    user_id: Option<i64>,
    today: Date,
    now: Timestamp,
) -> Result<i64> {
    let id = with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO ideas (programme_id, operator_id, title, description, what_it_sells, \
         work_integration, stage, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id")
        .bind(draft.programme_id)
        .bind(operator_id)
        .bind(&draft.title)
        .bind(&draft.description)
        .bind(&draft.what_it_sells)
        .bind(&draft.work_integration)
        .bind(IdeaStage::Idea.code())
        .bind(user_id)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?;
    let first = StageDraft {
        stage: IdeaStage::Idea,
        decided_on: today,
        note: None,
    };
    record_stage(tx, id, &first, user_id, now).await?;
    Ok(id)
}

/// Changes the texts of an idea; its programme stays.
pub async fn update(tx: &mut Tx, id: i64, draft: &IdeaDraft, now: Timestamp) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query(
        "UPDATE ideas SET title = $2, description = $3, what_it_sells = $4, work_integration = $5, \
         updated_at = $6 WHERE id = $1")
        .bind(id)
        .bind(&draft.title)
        .bind(&draft.description)
        .bind(&draft.what_it_sells)
        .bind(&draft.work_integration)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// One idea, or `None` if it does not exist *or* lies outside the scope: callers answer both
/// with 404.
pub async fn get(tx: &mut Tx, scope: IdeaScope, id: i64) -> Result<Option<Idea>> {
    let (condition, param) = scope_condition(scope);
    let sql = format!("SELECT {COLUMNS} FROM ideas i WHERE {condition} AND i.id = $2");
    let row = with_conn!(tx, conn => sqlx::query_as::<_, IdeaRow>(&sql).bind(param).bind(id).fetch_optional(conn).await)?;
    row.map(Idea::try_from).transpose()
}

/// Every idea in the scope, for the board and the list (sorted by the caller, by stage and
/// title in Swedish order).
pub async fn list(tx: &mut Tx, scope: IdeaScope) -> Result<Vec<Idea>> {
    let (condition, param) = scope_condition(scope);
    let sql = format!("SELECT {COLUMNS} FROM ideas i WHERE {condition} ORDER BY i.id");
    let rows = with_conn!(tx, conn => sqlx::query_as::<_, IdeaRow>(&sql).bind(param).fetch_all(conn).await)?;
    rows.into_iter().map(Idea::try_from).collect()
}

/// Appends a stage decision and makes it the idea's current stage.
pub async fn record_stage(
    tx: &mut Tx,
    id: i64,
    draft: &StageDraft,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "INSERT INTO idea_stage_changes (idea_id, stage, decided_on, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(draft.stage.code())
        .bind(format_date(draft.decided_on))
        .bind(&draft.note)
        .bind(user_id)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    exec!(tx, conn => sqlx::query("UPDATE ideas SET stage = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(draft.stage.code())
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(())
}

/// The stage history, oldest first.
pub async fn stage_history(tx: &mut Tx, id: i64) -> Result<Vec<StageChange>> {
    type Row = (i64, String, String, Option<String>, Option<String>, String);
    let rows: Vec<Row> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT c.id, c.stage, c.decided_on, c.note, u.display_name, c.recorded_at \
         FROM idea_stage_changes c LEFT JOIN users u ON u.id = c.recorded_by \
         WHERE c.idea_id = $1 ORDER BY c.id")
        .bind(id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, stage, decided_on, note, recorded_by, recorded_at)| {
            Ok(StageChange {
                id,
                stage: code("idea stage", &stage)?,
                decided_on: date(&decided_on)?,
                note,
                recorded_by,
                recorded_at: timestamp(&recorded_at)?,
            })
        })
        .collect()
}

pub async fn set_enterprise(tx: &mut Tx, id: i64, enterprise_id: Option<i64>) -> Result<()> {
    exec!(tx, conn => sqlx::query("UPDATE ideas SET enterprise_id = $2 WHERE id = $1")
        .bind(id)
        .bind(enterprise_id)
        .execute(conn)
        .await)?;
    Ok(())
}

/// The team of an idea within the scope, participants first, in the order they joined; names
/// in one query. Empty for an idea outside the scope.
pub async fn members(tx: &mut Tx, scope: IdeaScope, id: i64) -> Result<Vec<TeamMember>> {
    type Row = (
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let (condition, param) = scope_condition(scope);
    let sql = format!(
        "SELECT m.id, m.person_id, m.name, m.role, p.given_name, p.family_name \
         FROM idea_members m JOIN ideas i ON i.id = m.idea_id LEFT JOIN persons p ON p.id = m.person_id \
         WHERE {condition} AND m.idea_id = $2 ORDER BY m.person_id IS NULL, m.id"
    );
    let rows: Vec<Row> = with_conn!(tx, conn => sqlx::query_as(&sql)
        .bind(param)
        .bind(id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, person_id, name, role, given, family)| TeamMember {
            id,
            person_id,
            name: match name {
                Some(name) => name,
                None => format!(
                    "{} {}",
                    given.unwrap_or_default(),
                    family.unwrap_or_default()
                )
                .trim()
                .to_string(),
            },
            role,
        })
        .collect())
}

/// Adds a team member. The same participant twice is refused by the unique index
/// `idea_members_person` ([`StorageError::Conflict`]).
pub async fn add_member(tx: &mut Tx, id: i64, draft: &MemberDraft, now: Timestamp) -> Result<i64> {
    let (person_id, name) = match &draft.member {
        Member::Participant(person) => (Some(*person), None),
        Member::Other(name) => (None, Some(name.as_str())),
    };
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO idea_members (idea_id, person_id, name, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(id)
        .bind(person_id)
        .bind(name)
        .bind(&draft.role)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Removes a member; the person id of a removed participant, for the audit event.
pub async fn remove_member(tx: &mut Tx, id: i64, member_id: i64) -> Result<Option<Option<i64>>> {
    let person: Option<Option<i64>> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT person_id FROM idea_members WHERE idea_id = $1 AND id = $2")
        .bind(id)
        .bind(member_id)
        .fetch_optional(conn)
        .await)?;
    if person.is_some() {
        exec!(tx, conn => sqlx::query("DELETE FROM idea_members WHERE idea_id = $1 AND id = $2")
            .bind(id)
            .bind(member_id)
            .execute(conn)
            .await)?;
    }
    Ok(person)
}

/// Supporting partners and advisers: (organisation id, name), by name.
pub async fn partners(tx: &mut Tx, id: i64) -> Result<Vec<(i64, String)>> {
    Ok(with_conn!(tx, conn => sqlx::query_as(
        "SELECT o.id, o.name FROM idea_partners p JOIN organisations o ON o.id = p.organisation_id \
         WHERE p.idea_id = $1 ORDER BY o.name")
        .bind(id)
        .fetch_all(conn)
        .await)?)
}

/// Adds a partner; adding one already there is refused by the primary key
/// ([`StorageError::Conflict`]).
pub async fn add_partner(tx: &mut Tx, id: i64, organisation_id: i64) -> Result<()> {
    exec!(tx, conn => sqlx::query("INSERT INTO idea_partners (idea_id, organisation_id) VALUES ($1, $2)")
        .bind(id)
        .bind(organisation_id)
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn remove_partner(tx: &mut Tx, id: i64, organisation_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query(
        "DELETE FROM idea_partners WHERE idea_id = $1 AND organisation_id = $2")
        .bind(id)
        .bind(organisation_id)
        .execute(conn)
        .await)?;
    Ok(affected == 1)
}

/// Saves a new version, numbered one after the latest; two saves at once are kept apart by
/// the unique index `idea_plan_versions_version`.
pub async fn insert_version(
    tx: &mut Tx,
    id: i64,
    content: &PlanContent,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    let json = serde_json::to_string(content)
        .map_err(|e| StorageError::Corrupt(format!("plan content: {e}")))?;
    let latest: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT MAX(version) FROM idea_plan_versions WHERE idea_id = $1")
        .bind(id)
        .fetch_one(conn)
        .await)?;
    let version = latest.unwrap_or(0) + 1;
    exec!(tx, conn => sqlx::query(
        "INSERT INTO idea_plan_versions (idea_id, version, author_user_id, content, created_at) \
         VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(version)
        .bind(user_id)
        .bind(json)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(version)
}

/// Every version of an idea's plan, newest first.
pub async fn versions(tx: &mut Tx, id: i64) -> Result<Vec<PlanVersion>> {
    type Row = (i64, i64, Option<String>, String, String);
    let rows: Vec<Row> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT v.id, v.version, u.display_name, v.content, v.created_at \
         FROM idea_plan_versions v LEFT JOIN users u ON u.id = v.author_user_id \
         WHERE v.idea_id = $1 ORDER BY v.version DESC")
        .bind(id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, version, author, content, created_at)| {
            Ok(PlanVersion {
                id,
                version,
                author,
                content: serde_json::from_str(&content)
                    .map_err(|e| StorageError::Corrupt(format!("plan version {id}: {e}")))?,
                created_at: timestamp(&created_at)?,
            })
        })
        .collect()
}

/// The content of the latest version of an idea's plan, read alone (one row by the unique
/// index) so saving a new version does not load the whole history.
pub async fn latest_content(tx: &mut Tx, id: i64) -> Result<Option<PlanContent>> {
    let content: Option<String> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT content FROM idea_plan_versions WHERE idea_id = $1 \
         ORDER BY version DESC LIMIT 1")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    content
        .map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| StorageError::Corrupt(format!("plan of idea {id}: {e}")))
        })
        .transpose()
}

/// Version `version` of an idea's plan, if there is one.
pub async fn version(tx: &mut Tx, id: i64, version: i64) -> Result<Option<PlanVersion>> {
    type Row = (i64, i64, Option<String>, String, String);
    let row: Option<Row> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT v.id, v.version, u.display_name, v.content, v.created_at \
         FROM idea_plan_versions v LEFT JOIN users u ON u.id = v.author_user_id \
         WHERE v.idea_id = $1 AND v.version = $2")
        .bind(id)
        .bind(version)
        .fetch_optional(conn)
        .await)?;
    row.map(|(id, version, author, content, created_at)| {
        Ok(PlanVersion {
            id,
            version,
            author,
            content: serde_json::from_str(&content)
                .map_err(|e| StorageError::Corrupt(format!("plan version {id}: {e}")))?,
            created_at: timestamp(&created_at)?,
        })
    })
    .transpose()
}

/// The comments on every version of an idea's plan, oldest first, in one query.
pub async fn comments(tx: &mut Tx, id: i64) -> Result<Vec<PlanComment>> {
    type Row = (i64, Option<String>, String, String);
    let rows: Vec<Row> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT v.version, u.display_name, c.body, c.created_at FROM idea_plan_comments c \
         JOIN idea_plan_versions v ON v.id = c.plan_version_id \
         LEFT JOIN users u ON u.id = c.author_user_id \
         WHERE v.idea_id = $1 ORDER BY c.id")
        .bind(id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(version, author, body, created_at)| {
            Ok(PlanComment {
                version,
                author,
                body,
                created_at: timestamp(&created_at)?,
            })
        })
        .collect()
}

/// Comments on version `version` of an idea's plan; `false` when there is no such version.
pub async fn add_comment(
    tx: &mut Tx,
    id: i64,
    version: i64,
    body: &str,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<bool> {
    let version_id: Option<i64> = with_conn!(tx, conn => sqlx::query_scalar(
        "SELECT id FROM idea_plan_versions WHERE idea_id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .fetch_optional(conn)
        .await)?;
    let Some(version_id) = version_id else {
        return Ok(false);
    };
    exec!(tx, conn => sqlx::query(
        "INSERT INTO idea_plan_comments (plan_version_id, author_user_id, body, created_at) \
         VALUES ($1, $2, $3, $4)")
        .bind(version_id)
        .bind(user_id)
        .bind(body)
        .bind(now.canonical())
        .execute(conn)
        .await)?;
    Ok(true)
}

/// Ideas in the scope, not yet operating or wound up, whose newest business plan version has no
/// coach comment yet: the plans waiting for the coach's word.
pub async fn plans_awaiting_comment(tx: &mut Tx, scope: IdeaScope) -> Result<i64> {
    let (condition, param) = scope_condition(scope);
    let sql = format!(
        "SELECT COUNT(*) FROM ideas i WHERE {condition} AND i.stage NOT IN ('operating', 'wound-up') \
         AND EXISTS (SELECT 1 FROM idea_plan_versions v WHERE v.idea_id = i.id \
           AND v.version = (SELECT MAX(w.version) FROM idea_plan_versions w WHERE w.idea_id = i.id) \
           AND NOT EXISTS (SELECT 1 FROM idea_plan_comments c WHERE c.plan_version_id = v.id))"
    );
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(&sql)
        .bind(param)
        .fetch_one(conn)
        .await)?)
}
