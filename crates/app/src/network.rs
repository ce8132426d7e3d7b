//! Use cases for a programme's network: external organisations, their roles for the
//! programme's business ideas and enterprises, contact people and the contact log.
//!
//! Kept by those who run the programme ([`Capability::ManageOutreach`]). Contact people are
//! personal data of professionals: every read of them (the organisation page, the contact list
//! and the log, which names them) and every write is audited with their ids.

use crate::outreach::managed_programme;
use crate::{Actor, App, AppError, Result};
use stegvis_domain::access::{Capability, EnterpriseScope, IdeaScope};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::enterprise::EnterpriseFilter;
use stegvis_domain::network::{
    Contact, ContactInput, Link, LinkTarget, LogEntry, LogInput, NetworkOrganisation,
    OrganisationInput, parse_link,
};
use stegvis_domain::programme::Programme;
use stegvis_storage::network as store;
use stegvis_storage::{Tx, enterprises, ideas};

async fn managed_organisation(
    tx: &mut Tx,
    actor: &Actor,
    organisation_id: i64,
) -> Result<(Programme, NetworkOrganisation)> {
    actor.require(Capability::ManageOutreach)?;
    let organisation = store::get_organisation(tx, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let programme = managed_programme(tx, actor, organisation.programme_id).await?;
    Ok((programme, organisation))
}

/// The ideas of the programme and the enterprises of its operator, which network
/// organisations may be linked to, by name.
async fn targets(tx: &mut Tx, programme: &Programme) -> Result<Vec<(LinkTarget, String)>> {
    let mut found: Vec<(LinkTarget, String)> =
        ideas::list(tx, IdeaScope::Operator(programme.operator_id))
            .await?
            .into_iter()
            .filter(|i| i.programme_id == programme.id)
            .map(|i| (LinkTarget::Idea(i.id), i.title))
            .collect();
    found.extend(
        enterprises::list(
            tx,
            EnterpriseScope::Operator(programme.operator_id),
            &EnterpriseFilter::default(),
        )
        .await?
        .into_iter()
        .map(|e| (LinkTarget::Enterprise(e.id), e.name)),
    );
    Ok(found)
}

/// The network of a programme: organisations, links and what may be linked. No personal data.
#[derive(Debug, Clone)]
pub struct Network {
    pub programme: Programme,
    pub organisations: Vec<NetworkOrganisation>,
    pub links: Vec<Link>,
    pub targets: Vec<(LinkTarget, String)>,
}

pub async fn network(app: &App, actor: &Actor, programme_id: i64) -> Result<Network> {
    let mut tx = app.begin_read().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let organisations = store::organisations_of(&mut tx, programme_id).await?;
    let links = store::links(&mut tx, programme_id, None).await?;
    let targets = targets(&mut tx, &programme).await?;
    tx.commit().await?;
    Ok(Network {
        programme,
        organisations,
        links,
        targets,
    })
}

pub async fn add_organisation(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    input: &OrganisationInput,
) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    managed_programme(&mut tx, actor, programme_id).await?;
    let id = store::insert_organisation(&mut tx, programme_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "network.organisation-add",
        &[
            RecordRef::new("programme", programme_id),
            RecordRef::new("network-organisation", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_organisation(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    input: &OrganisationInput,
) -> Result<()> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    store::update_organisation(&mut tx, organisation_id, &draft).await?;
    app.audit(
        &mut tx,
        actor,
        "network.organisation-update",
        &[RecordRef::new("network-organisation", organisation_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organisation with its links, contact people and log.
#[derive(Debug, Clone)]
pub struct OrganisationDetail {
    pub programme: Programme,
    pub organisation: NetworkOrganisation,
    pub links: Vec<Link>,
    pub contacts: Vec<Contact>,
    pub log: Vec<LogEntry>,
    pub targets: Vec<(LinkTarget, String)>,
}

fn contact_records(organisation_id: i64, contacts: &[Contact]) -> Vec<RecordRef> {
    let mut records = vec![RecordRef::new("network-organisation", organisation_id)];
    records.extend(
        contacts
            .iter()
            .map(|c| RecordRef::new("network-contact", c.id)),
    );
    records
}

/// An organisation's page; audited as a read of its contact people when it has any.
pub async fn organisation(app: &App, actor: &Actor, id: i64) -> Result<OrganisationDetail> {
    let mut tx = app.begin_read().await?;
    let (programme, organisation) = managed_organisation(&mut tx, actor, id).await?;
    let links = store::links(&mut tx, programme.id, Some(id)).await?;
    let contacts = store::contacts(&mut tx, id).await?;
    let log = store::log(&mut tx, id).await?;
    let targets = targets(&mut tx, &programme).await?;
    tx.commit().await?;
    if !contacts.is_empty() {
        app.audit_reads(
            actor,
            "network.contact-read",
            &contact_records(id, &contacts),
        )
        .await?;
    }
    Ok(OrganisationDetail {
        programme,
        organisation,
        links,
        contacts,
        log,
        targets,
    })
}

/// Links an organisation to an idea of the programme or an enterprise of its operator.
pub async fn add_link(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    target: &str,
    role: &str,
) -> Result<i64> {
    let (target, role) = parse_link(target, role)?;
    let mut tx = app.begin().await?;
    let (programme, _) = managed_organisation(&mut tx, actor, organisation_id).await?;
    if !targets(&mut tx, &programme)
        .await?
        .iter()
        .any(|(t, _)| *t == target)
    {
        return Err(AppError::field("target", "error-choose-option"));
    }
    let id = store::insert_link(&mut tx, organisation_id, target, &role).await?;
    let target_ref = match target {
        LinkTarget::Idea(i) => RecordRef::new("idea", i),
        LinkTarget::Enterprise(e) => RecordRef::new("enterprise", e),
    };
    app.audit(
        &mut tx,
        actor,
        "network.link-add",
        &[
            RecordRef::new("network-organisation", organisation_id),
            target_ref,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_link(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    link_id: i64,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    if !store::delete_link(&mut tx, organisation_id, link_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "network.link-remove",
        &[RecordRef::new("network-organisation", organisation_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organisation's contact people; audited.
pub async fn contacts(app: &App, actor: &Actor, organisation_id: i64) -> Result<Vec<Contact>> {
    let mut tx = app.begin_read().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    let contacts = store::contacts(&mut tx, organisation_id).await?;
    tx.commit().await?;
    app.audit_reads(
        actor,
        "network.contact-read",
        &contact_records(organisation_id, &contacts),
    )
    .await?;
    Ok(contacts)
}

pub async fn add_contact(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    input: &ContactInput,
) -> Result<i64> {
    let draft = input.parse()?;
    let mut tx = app.begin().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    let id = store::insert_contact(&mut tx, organisation_id, &draft, app.now()).await?;
    app.audit(
        &mut tx,
        actor,
        "network.contact-add",
        &[
            RecordRef::new("network-organisation", organisation_id),
            RecordRef::new("network-contact", id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a contact person altogether (they left, or asked to be removed); the log keeps
/// what was done without their name.
pub async fn remove_contact(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    contact_id: i64,
) -> Result<()> {
    let mut tx = app.begin().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    if !store::delete_contact(&mut tx, organisation_id, contact_id).await? {
        return Err(AppError::NotFound);
    }
    app.audit(
        &mut tx,
        actor,
        "network.contact-remove",
        &[
            RecordRef::new("network-organisation", organisation_id),
            RecordRef::new("network-contact", contact_id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organisation's contact log, newest first; audited as a read of the contact people it
/// names.
pub async fn log(app: &App, actor: &Actor, organisation_id: i64) -> Result<Vec<LogEntry>> {
    let mut tx = app.begin_read().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    let log = store::log(&mut tx, organisation_id).await?;
    tx.commit().await?;
    let mut records = vec![RecordRef::new("network-organisation", organisation_id)];
    let mut named: Vec<i64> = log.iter().filter_map(|l| l.contact_id).collect();
    named.sort_unstable();
    named.dedup();
    records.extend(
        named
            .into_iter()
            .map(|c| RecordRef::new("network-contact", c)),
    );
    app.audit_reads(actor, "network.log-read", &records).await?;
    Ok(log)
}

pub async fn add_log(
    app: &App,
    actor: &Actor,
    organisation_id: i64,
    input: &LogInput,
) -> Result<i64> {
    let draft = input.parse(app.today())?;
    let mut tx = app.begin().await?;
    managed_organisation(&mut tx, actor, organisation_id).await?;
    if let Some(contact) = draft.contact_id
        && !store::contacts(&mut tx, organisation_id)
            .await?
            .iter()
            .any(|c| c.id == contact)
    {
        return Err(AppError::field("contact_id", "error-choose-option"));
    }
    let id = store::insert_log(
        &mut tx,
        organisation_id,
        &draft,
        actor.principal().map(|p| p.user_id),
        app.now(),
    )
    .await?;
    let mut records = vec![RecordRef::new("network-organisation", organisation_id)];
    if let Some(contact) = draft.contact_id {
        records.push(RecordRef::new("network-contact", contact));
    }
    app.audit(&mut tx, actor, "network.log-add", &records)
        .await?;
    tx.commit().await?;
    Ok(id)
}
