//! The participant portal: a participant's own record, plan, appointments, activities, and
//! who has read the record (from the audit log).

use crate::{Actor, App, AppError, Result};
use std::collections::HashMap;
use stegvis_domain::access::{Capability, PersonScope, Role};
use stegvis_domain::audit::{EventFilter, RecordRef};
use stegvis_domain::episode::Episode;
use stegvis_domain::person::Person;
use stegvis_domain::plan::{Appointment, Attendance, Goal};
use stegvis_domain::timestamp::Timestamp;
use stegvis_storage::audit;
use stegvis_storage::episodes;
use stegvis_storage::persons;
use stegvis_storage::plans;
use stegvis_storage::{programmes, users};

/// How many reads of the record the portal lists, newest first.
pub const READERS_SHOWN: i64 = 200;

/// One read of the participant's record by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub at: Timestamp,
    pub reader: String,
    pub role: Option<Role>,
    pub organisation: Option<String>,
    /// The audited action, e.g. `person.read`, translated by the page.
    pub action: String,
}

#[derive(Debug, Clone)]
pub struct PortalView {
    pub person: Person,
    pub episodes: Vec<Episode>,
    pub goals: Vec<Goal>,
    pub upcoming: Vec<Appointment>,
    pub attendance: Vec<Attendance>,
    pub readings: Vec<Reading>,
    pub programme_names: HashMap<i64, String>,
    /// The person's jobs and other parts in social enterprises, with the enterprise's name.
    pub memberships: Vec<(String, stegvis_domain::enterprise_figures::Membership)>,
}

/// Everything one reader did with the record, for the portal's summary "who and when": the
/// reads of one person, newest first, with how many times each kind of action happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderSummary {
    pub reader: String,
    pub role: Option<Role>,
    pub organisation: Option<String>,
    pub latest: Timestamp,
    /// Each audited action with its count, the most frequent first (ties by code).
    pub actions: Vec<(String, usize)>,
    pub readings: Vec<Reading>,
}

/// Groups reads by who made them, keeping the readers in the order of their latest read
/// (`readings` come newest first): fifty rows of "saw you in a list" become one line per person.
pub fn summarise(readings: &[Reading]) -> Vec<ReaderSummary> {
    let mut groups: Vec<ReaderSummary> = Vec::new();
    for r in readings {
        let same = |g: &&mut ReaderSummary| {
            g.reader == r.reader && g.role == r.role && g.organisation == r.organisation
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(group) => {
                group.latest = group.latest.max(r.at);
                group.readings.push(r.clone());
            }
            None => groups.push(ReaderSummary {
                reader: r.reader.clone(),
                role: r.role,
                organisation: r.organisation.clone(),
                latest: r.at,
                actions: Vec::new(),
                readings: vec![r.clone()],
            }),
        }
    }
    for group in &mut groups {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for r in &group.readings {
            *counts.entry(r.action.as_str()).or_default() += 1;
        }
        let mut actions: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(a, n)| (a.to_string(), n))
            .collect();
        actions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        group.actions = actions;
    }
    groups
}

impl PortalView {
    /// The reads summarised by reader, for the page.
    pub fn readers(&self) -> Vec<ReaderSummary> {
        summarise(&self.readings)
    }

    pub fn programme_name(&self, id: impl std::borrow::Borrow<i64>) -> &str {
        self.programme_names
            .get(id.borrow())
            .map_or("", String::as_str)
    }
}

/// The participant's own record. A participant account not linked to a person is "not found".
pub async fn my_record(app: &App, actor: &Actor) -> Result<PortalView> {
    actor.require(Capability::ViewOwnRecord)?;
    let user_id = actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    let person_id = persons::linked_to_user(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = PersonScope::Own(person_id);
    let person = persons::get(&mut tx, scope, person_id)
        .await?
        .filter(|p| p.anonymised_at.is_none())
        .ok_or(AppError::NotFound)?;
    let episodes = episodes::for_person(&mut tx, scope, person_id).await?;
    let ids: Vec<i64> = episodes.iter().map(|e| e.id).collect();
    let goals = plans::goals_for(&mut tx, scope, &ids).await?;
    let now = app.today();
    let upcoming = plans::appointments_for(&mut tx, scope, &ids)
        .await?
        .into_iter()
        .filter(|a| a.starts_at.date() >= now)
        .collect();
    let attendance = plans::attendance_of_episodes(&mut tx, scope, &ids).await?;
    let events = audit::search(
        &mut tx,
        &EventFilter {
            record: Some(("person".to_string(), person_id)),
            ..EventFilter::default()
        },
        None,
        READERS_SHOWN,
    )
    .await?;
    let mut reader_ids: Vec<i64> = events
        .iter()
        .filter_map(|e| e.actor_user_id)
        .filter(|id| *id != user_id)
        .collect();
    reader_ids.sort_unstable();
    reader_ids.dedup();
    let readers = users::readers(&mut tx, &reader_ids).await?;
    let readings = events
        .into_iter()
        .filter(|e| e.actor_user_id != Some(user_id))
        .map(|e| {
            let reader = e
                .actor_user_id
                .and_then(|id| readers.iter().find(|r| r.0 == id));
            Reading {
                at: e.occurred_at,
                reader: reader.map_or_else(String::new, |r| r.1.clone()),
                role: reader.map(|r| r.2),
                organisation: reader.and_then(|r| r.3.clone()),
                action: e.action,
            }
        })
        .collect();
    let mut programme_ids: Vec<i64> = episodes.iter().map(|e| e.programme_id).collect();
    programme_ids.sort_unstable();
    programme_ids.dedup();
    let programme_names = programmes::names(&mut tx, &programme_ids)
        .await?
        .into_iter()
        .collect();
    let memberships = crate::enterprise_figures::own_memberships(&mut tx, person_id).await?;
    app.audit(
        &mut tx,
        actor,
        "portal.read",
        &[RecordRef::new("person", person_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(PortalView {
        person,
        episodes,
        goals,
        upcoming,
        attendance,
        readings,
        programme_names,
        memberships,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(minutes: i64, reader: &str, action: &str) -> Reading {
        Reading {
            at: Timestamp::parse("2026-12-01T10:00:00Z")
                .unwrap()
                .plus(time::Duration::minutes(minutes)),
            reader: reader.to_string(),
            role: Some(Role::Coordinator),
            organisation: Some("Kommunen".to_string()),
            action: action.to_string(),
        }
    }

    #[test]
    fn reads_are_summarised_per_reader_newest_reader_first_with_counts_per_action() {
        let readings = vec![
            reading(50, "Sam", "person.list"),
            reading(40, "Kim", "person.read"),
            reading(30, "Sam", "person.read"),
            reading(20, "Sam", "person.list"),
            reading(10, "Kim", "person.list"),
        ];
        let groups = summarise(&readings);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].reader, "Sam");
        assert_eq!(groups[0].readings.len(), 3);
        assert_eq!(
            groups[0].actions,
            vec![
                ("person.list".to_string(), 2),
                ("person.read".to_string(), 1)
            ]
        );
        assert_eq!(groups[0].latest, readings[0].at);
        assert_eq!(groups[1].reader, "Kim");
        assert_eq!(groups[1].latest, readings[1].at);
    }
}
