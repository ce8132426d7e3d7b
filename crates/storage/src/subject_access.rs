//! What a register extract (GDPR art. 15) needs beyond the episodes: the person's jobs in
//! social enterprises and their places in business-idea teams, within the caller's scope.

use crate::{Result, Tx, with_conn};
use stegvis_domain::access::PersonScope;

/// A job or other tie to a social enterprise.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonMembership {
    pub enterprise_id: i64,
    pub enterprise_name: String,
    /// The employment form's code.
    pub form: String,
    pub role_title: Option<String>,
    pub hours_tenths: Option<i64>,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: Option<String>,
}

/// A place in a business idea's team.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonIdeaTeam {
    pub idea_id: i64,
    pub idea_title: String,
    pub stage: String,
    pub role: Option<String>,
    pub created_at: String,
}

/// The person's memberships in enterprises, newest first.
pub async fn memberships_of(
    tx: &mut Tx,
    scope: PersonScope,
    person_id: i64,
) -> Result<Vec<PersonMembership>> {
    let (condition, param) = crate::scope::person_of(scope, "m.person_id");
    let sql = format!(
        "SELECT m.enterprise_id, e.name AS enterprise_name, m.form, m.role_title, m.hours_tenths, \
         m.starts_on, m.ends_on FROM enterprise_memberships m \
         JOIN enterprises e ON e.id = m.enterprise_id \
         WHERE {condition} AND m.person_id = $2 ORDER BY m.starts_on DESC, m.id DESC"
    );
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, PersonMembership>(&sql)
        .bind(param)
        .bind(person_id)
        .fetch_all(conn)
        .await)?,
    )
}

/// The business-idea teams the person is in, in the order they joined.
pub async fn idea_teams_of(
    tx: &mut Tx,
    scope: PersonScope,
    person_id: i64,
) -> Result<Vec<PersonIdeaTeam>> {
    let (condition, param) = crate::scope::person_of(scope, "m.person_id");
    let sql = format!(
        "SELECT i.id AS idea_id, i.title AS idea_title, i.stage, m.role, m.created_at \
         FROM idea_members m JOIN ideas i ON i.id = m.idea_id \
         WHERE {condition} AND m.person_id = $2 ORDER BY m.created_at, m.id"
    );
    Ok(
        with_conn!(tx, conn => sqlx::query_as::<_, PersonIdeaTeam>(&sql)
        .bind(param)
        .bind(person_id)
        .fetch_all(conn)
        .await)?,
    )
}
