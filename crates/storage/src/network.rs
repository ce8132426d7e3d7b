//! A programme's network: external organisations, their links to ideas and enterprises,
//! contact people and the contact log.

use crate::schema::{code, date, optional_date};
use crate::{Result, StorageError, Tx, exec, with_conn};
use stegvis_domain::network::{
    Contact, ContactDraft, Link, LinkTarget, LogDraft, LogEntry, NetworkOrganisation,
    OrganisationDraft,
};
use stegvis_domain::timestamp::{Timestamp, format_date};

type OrgRow = (i64, i64, String, String, String);

fn organisation(row: OrgRow) -> Result<NetworkOrganisation> {
    let (id, programme_id, name, kind, role) = row;
    Ok(NetworkOrganisation {
        id,
        programme_id,
        name,
        kind: code("network kind", &kind)?,
        role,
    })
}

pub async fn insert_organisation(
    tx: &mut Tx,
    programme_id: i64,
    draft: &OrganisationDraft,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO network_organisations (programme_id, name, kind, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(programme_id)
        .bind(&draft.name)
        .bind(draft.kind.code())
        .bind(&draft.role)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

pub async fn update_organisation(tx: &mut Tx, id: i64, draft: &OrganisationDraft) -> Result<()> {
    exec!(tx, conn => sqlx::query(
        "UPDATE network_organisations SET name = $2, kind = $3, role = $4 WHERE id = $1")
        .bind(id)
        .bind(&draft.name)
        .bind(draft.kind.code())
        .bind(&draft.role)
        .execute(conn)
        .await)?;
    Ok(())
}

pub async fn get_organisation(tx: &mut Tx, id: i64) -> Result<Option<NetworkOrganisation>> {
    let row: Option<OrgRow> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT id, programme_id, name, kind, role FROM network_organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await)?;
    row.map(organisation).transpose()
}

/// A programme's network organisations by name.
pub async fn organisations_of(tx: &mut Tx, programme_id: i64) -> Result<Vec<NetworkOrganisation>> {
    let rows: Vec<OrgRow> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT id, programme_id, name, kind, role FROM network_organisations \
         WHERE programme_id = $1 ORDER BY name, id")
        .bind(programme_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter().map(organisation).collect()
}

type LinkRow = (i64, i64, Option<i64>, Option<i64>, String, String);

/// The links of a programme's network organisations (or of one, with `organisation`), with
/// the idea's title or the enterprise's name, in one query.
pub async fn links(tx: &mut Tx, programme_id: i64, organisation: Option<i64>) -> Result<Vec<Link>> {
    let sql = "SELECT l.id, l.organisation_id, l.idea_id, l.enterprise_id, \
         COALESCE(i.title, e.name, ''), l.role FROM network_links l \
         JOIN network_organisations o ON o.id = l.organisation_id \
         LEFT JOIN ideas i ON i.id = l.idea_id LEFT JOIN enterprises e ON e.id = l.enterprise_id \
         WHERE o.programme_id = $1 AND ($2 = 0 OR o.id = $2) ORDER BY l.organisation_id, l.id";
    let rows: Vec<LinkRow> = with_conn!(tx, conn => sqlx::query_as(sql)
        .bind(programme_id)
        .bind(organisation.unwrap_or(0))
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(
            |(id, organisation_id, idea, enterprise, target_name, role)| {
                let target = match (idea, enterprise) {
                    (Some(i), None) => LinkTarget::Idea(i),
                    (None, Some(e)) => LinkTarget::Enterprise(e),
                    _ => return Err(StorageError::Corrupt(format!("network link {id}"))),
                };
                Ok(Link {
                    id,
                    organisation_id,
                    target,
                    target_name,
                    role,
                })
            },
        )
        .collect()
}

pub async fn insert_link(
    tx: &mut Tx,
    organisation_id: i64,
    target: LinkTarget,
    role: &str,
) -> Result<i64> {
    let (idea, enterprise) = match target {
        LinkTarget::Idea(i) => (Some(i), None),
        LinkTarget::Enterprise(e) => (None, Some(e)),
    };
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO network_links (organisation_id, idea_id, enterprise_id, role) \
         VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(organisation_id)
        .bind(idea)
        .bind(enterprise)
        .bind(role)
        .fetch_one(conn)
        .await)?)
}

/// Removes a link of the organisation; whether there was one.
pub async fn delete_link(tx: &mut Tx, organisation_id: i64, link_id: i64) -> Result<bool> {
    let affected = exec!(tx, conn => sqlx::query(
        "DELETE FROM network_links WHERE organisation_id = $1 AND id = $2")
        .bind(organisation_id)
        .bind(link_id)
        .execute(conn)
        .await)?;
    Ok(affected > 0)
}

type ContactRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn contacts(tx: &mut Tx, organisation_id: i64) -> Result<Vec<Contact>> {
    let rows: Vec<ContactRow> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT id, organisation_id, name, role, email, phone FROM network_contacts \
         WHERE organisation_id = $1 ORDER BY name, id")
        .bind(organisation_id)
        .fetch_all(conn)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, organisation_id, name, role, email, phone)| Contact {
            id,
            organisation_id,
            name,
            role,
            email,
            phone,
        })
        .collect())
}

pub async fn insert_contact(
    tx: &mut Tx,
    organisation_id: i64,
    draft: &ContactDraft,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO network_contacts (organisation_id, name, role, email, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(organisation_id)
        .bind(&draft.name)
        .bind(&draft.role)
        .bind(&draft.email)
        .bind(&draft.phone)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}

/// Removes a contact person of the organisation; the log keeps its entries without the name.
/// Whether there was one.
pub async fn delete_contact(tx: &mut Tx, organisation_id: i64, contact_id: i64) -> Result<bool> {
    exec!(tx, conn => sqlx::query(
        "UPDATE network_contact_log SET contact_id = NULL WHERE organisation_id = $1 AND contact_id = $2")
        .bind(organisation_id)
        .bind(contact_id)
        .execute(conn)
        .await)?;
    let affected = exec!(tx, conn => sqlx::query(
        "DELETE FROM network_contacts WHERE organisation_id = $1 AND id = $2")
        .bind(organisation_id)
        .bind(contact_id)
        .execute(conn)
        .await)?;
    Ok(affected > 0)
}

type LogRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The organisation's contact log, newest first.
pub async fn log(tx: &mut Tx, organisation_id: i64) -> Result<Vec<LogEntry>> {
    let rows: Vec<LogRow> = with_conn!(tx, conn => sqlx::query_as(
        "SELECT l.id, l.organisation_id, l.contacted_on, l.contact_id, c.name, l.what, l.follow_up, \
         l.follow_up_on, u.display_name FROM network_contact_log l \
         LEFT JOIN network_contacts c ON c.id = l.contact_id LEFT JOIN users u ON u.id = l.created_by \
         WHERE l.organisation_id = $1 ORDER BY l.contacted_on DESC, l.id DESC")
        .bind(organisation_id)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(
            |(
                id,
                organisation_id,
                on,
                contact_id,
                contact_name,
                what,
                follow_up,
                follow_up_on,
                by,
            )| {
                Ok(LogEntry {
                    id,
                    organisation_id,
                    contacted_on: date(&on)?,
                    contact_id,
                    contact_name,
                    what,
                    follow_up,
                    follow_up_on: optional_date(follow_up_on.as_deref())?,
                    recorded_by: by,
                })
            },
        )
        .collect()
}

pub async fn insert_log(
    tx: &mut Tx,
    organisation_id: i64,
    draft: &LogDraft,
    by: Option<i64>,
    now: Timestamp,
) -> Result<i64> {
    Ok(with_conn!(tx, conn => sqlx::query_scalar::<_, i64>(
        "INSERT INTO network_contact_log (organisation_id, contact_id, contacted_on, what, follow_up, \
         follow_up_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(organisation_id)
        .bind(draft.contact_id)
        .bind(format_date(draft.contacted_on))
        .bind(&draft.what)
        .bind(&draft.follow_up)
        .bind(draft.follow_up_on.map(format_date))
        .bind(by)
        .bind(now.canonical())
        .fetch_one(conn)
        .await)?)
}
