//! Importing spreadsheets into a programme (decision 0029).
//!
//! An import is planned row by row inside one transaction, with the same rules as the
//! registration form: each row is parsed into the domain's types, matched on personnummer
//! within the programme's operator, and classed as create, update, unchanged or refuse. A dry
//! run stops there. A real run writes only when no row is refused, all in that one
//! transaction, so a file is imported whole or not at all; importing the same file again
//! finds every person and changes nothing.

use crate::{Actor, App, AppError, Result};
use std::collections::BTreeMap;
use std::collections::HashMap;
use stegvis_domain::access::{Capability, PersonScope, ProgrammeScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::episode::Referral;
use stegvis_domain::import::{
    ImportAction, ImportKind, Mapping, PersonRow, Table, parse_person, person_unchanged,
};
use stegvis_domain::names::name_key;
use stegvis_domain::programme::Programme;
use stegvis_domain::swedish;
use stegvis_domain::validation::{FieldError, ValidationErrors, optional_text};
use stegvis_storage::{Tx, episodes, imports, persons, programmes};

/// People per audit event of an import: a large file becomes a few hundred events rather than
/// one event naming a hundred thousand records, and each event's record index is written in a
/// handful of multi-row statements.
pub const AUDIT_BATCH: usize = 500;

/// What an import did, or would do, with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowReport {
    /// The spreadsheet's row number, the header being row 1.
    pub row: usize,
    pub action: ImportAction,
    /// Why the row is refused; each error's field is the template's column header.
    pub errors: Vec<FieldError>,
}

/// The row-by-row report of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: Vec<RowReport>,
    /// Whether the import was written; false for a dry run and for a refused file.
    pub written: bool,
}

impl ImportReport {
    pub fn count(&self, action: ImportAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    pub fn refused(&self) -> bool {
        self.rows.iter().any(|r| r.action == ImportAction::Refuse)
    }
}

/// The programme an import goes into: one the actor runs.
async fn managed_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    let scope = actor
        .principal()
        .map_or(ProgrammeScope::All, |p| p.programme_scope());
    let programme = programmes::get(tx, scope, programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(p) = actor.principal()
        && (p.role != Role::Coordinator || p.organisation_id != Some(programme.operator_id))
    {
        return Err(AppError::NotFound);
    }
    Ok(programme)
}

/// What a planned person row will do once written.
enum PersonPlan {
    Create(PersonRow),
    Update {
        person_id: i64,
        row: PersonRow,
        changed: bool,
        needs_episode: bool,
    },
    Unchanged,
}

/// Imports people, each with an episode in the programme, from a table read through a
/// mapping. See the module comment for the rules.
pub async fn persons(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    table: &Table,
    mapping: &Mapping,
    dry_run: bool,
) -> Result<ImportReport> {
    actor.require(Capability::ManageParticipants)?;
    if let Err(missing) = mapping.check() {
        let mut errors = ValidationErrors::new();
        missing.into_iter().for_each(|e| errors.push(e));
        return Err(errors.into());
    }
    let today = app.today();
    let mut tx = if dry_run {
        app.begin_read().await?
    } else {
        app.begin().await?
    };
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let operator = PersonScope::Operator(programme.operator_id);
    let mut report = ImportReport::default();
    let mut plans = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(table.rows.len());
    let mut read = Vec::new();
    for (index, cells) in table.rows.iter().enumerate() {
        let row = Table::row_number(index);
        let parsed = parse_person(&mapping.record(cells), today).and_then(|parsed| {
            if parsed.referred_on > programme.ends_on {
                Err(vec![
                    FieldError::new("remissdatum", "person-error-programme-ended")
                        .with_arg("date", swedish::format_date(programme.ends_on)),
                ])
            } else {
                Ok(parsed)
            }
        });
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(errors) => {
                report.rows.push(refused(row, errors));
                continue;
            }
        };
        let Some(number) = parsed.draft.identity.personnummer() else {
            report.rows.push(refused(
                row,
                vec![FieldError::new(
                    "personnummer",
                    "import-error-number-required",
                )],
            ));
            continue;
        };
        if let Some(first) = seen.insert(number.canonical(), row) {
            report.rows.push(refused(
                row,
                vec![
                    FieldError::new("personnummer", "import-error-duplicate-row")
                        .with_arg("row", first),
                ],
            ));
            continue;
        }
        let plan = match persons::find_by_number(&mut tx, programme.operator_id, &number).await? {
            None => PersonPlan::Create(parsed),
            Some(person_id) => {
                let stored = persons::get(&mut tx, operator, person_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                read.push(RecordRef::new("person", person_id));
                if stored.anonymised_at.is_some() {
                    report.rows.push(refused(
                        row,
                        vec![FieldError::new("personnummer", "import-error-anonymised")],
                    ));
                    continue;
                }
                let changed = !person_unchanged(&stored, &parsed.draft);
                let needs_episode = !episodes::for_person(&mut tx, operator, person_id)
                    .await?
                    .iter()
                    .any(|e| e.programme_id == programme_id);
                if changed || needs_episode {
                    PersonPlan::Update {
                        person_id,
                        row: parsed,
                        changed,
                        needs_episode,
                    }
                } else {
                    PersonPlan::Unchanged
                }
            }
        };
        report.rows.push(RowReport {
            row,
            action: match plan {
                PersonPlan::Create(_) => ImportAction::Create,
                PersonPlan::Update { .. } => ImportAction::Update,
                PersonPlan::Unchanged => ImportAction::Unchanged,
            },
            errors: Vec::new(),
        });
        plans.push(plan);
    }
    if dry_run || report.refused() {
        tx.commit().await?;
        // Matching rows against the register read those people's details.
        read.push(RecordRef::new("programme", programme_id));
        for chunk in read.chunks(AUDIT_BATCH) {
            app.audit_reads(actor, "person.import-check", chunk).await?;
        }
        return Ok(report);
    }
    let now = app.now();
    let created_by = actor.principal().map(|p| p.user_id);
    let mut written = Vec::with_capacity(2 * plans.len());
    for plan in plans {
        let (person_id, row, needs_episode) = match plan {
            PersonPlan::Unchanged => continue,
            PersonPlan::Create(row) => {
                let key = name_key(&row.draft.given_name, &row.draft.family_name);
                let id = persons::insert(
                    &mut tx,
                    programme.operator_id,
                    &row.draft,
                    &key,
                    created_by,
                    now,
                )
                .await?;
                (id, row, true)
            }
            PersonPlan::Update {
                person_id,
                row,
                changed,
                needs_episode,
            } => {
                if changed {
                    let key = name_key(&row.draft.given_name, &row.draft.family_name);
                    persons::update(&mut tx, person_id, &row.draft, &key, now).await?;
                }
                (person_id, row, needs_episode)
            }
        };
        written.push(RecordRef::new("person", person_id));
        if needs_episode {
            let episode_id = episodes::insert(
                &mut tx,
                &Referral {
                    person_id,
                    programme_id,
                    referred_on: row.referred_on,
                    referring_organisation_id: None,
                    referring_user_id: None,
                    assigned_organisation_id: None,
                },
                now,
            )
            .await?;
            written.push(RecordRef::new("episode", episode_id));
        }
    }
    for chunk in written.chunks(AUDIT_BATCH) {
        let mut records = vec![RecordRef::new("programme", programme_id)];
        records.extend_from_slice(chunk);
        app.audit(&mut tx, actor, "person.import", &records).await?;
    }
    tx.commit().await?;
    report.written = true;
    Ok(report)
}

fn refused(row: usize, errors: Vec<FieldError>) -> RowReport {
    RowReport {
        row,
        action: ImportAction::Refuse,
        errors,
    }
}

/// The longest source name remembered for a mapping.
pub const SOURCE_MAX: usize = 100;
/// How long an upload waits for its import before it is removed.
pub const UPLOAD_HOURS: i64 = 24;

/// Stores an uploaded file for the mapping step, replacing the user's earlier upload to the
/// programme, and removes every upload older than [`UPLOAD_HOURS`]. The source name (the file
/// name when left blank) is what the mapping is remembered under.
pub async fn upload(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    kind: ImportKind,
    source: &str,
    file_name: &str,
    table: &Table,
) -> Result<()> {
    actor.require(Capability::ManageParticipants)?;
    let user_id = actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)?;
    let fallback = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .to_string();
    let source =
        match optional_text("kalla", source, SOURCE_MAX).map_err(ValidationErrors::single)? {
            Some(source) => source,
            None => fallback.chars().take(SOURCE_MAX).collect(),
        };
    let mut tx = app.begin().await?;
    managed_programme(&mut tx, actor, programme_id).await?;
    let now = app.now();
    imports::delete_uploads_before(&mut tx, now.plus(time::Duration::hours(-UPLOAD_HOURS))).await?;
    imports::save_upload(
        &mut tx,
        &imports::NewUpload {
            user_id,
            programme_id,
            kind,
            source: &source,
            file_name,
            table,
        },
        now,
    )
    .await?;
    app.audit(
        &mut tx,
        actor,
        "import.upload",
        &[RecordRef::new("programme", programme_id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The mapping step: the waiting upload's headers (never its cells) and, for each template
/// column, the file header chosen last time for this source, or else the one with its name.
#[derive(Debug, Clone)]
pub struct Pending {
    pub programme: Programme,
    pub kind: ImportKind,
    pub source: String,
    pub file_name: String,
    pub headers: Vec<String>,
    pub rows: usize,
    pub chosen: Vec<String>,
}

pub async fn pending(app: &App, actor: &Actor, programme_id: i64) -> Result<Option<Pending>> {
    actor.require(Capability::ManageParticipants)?;
    let user_id = actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)?;
    let mut tx = app.begin_read().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let Some(upload) = imports::upload(&mut tx, user_id, programme_id).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    let remembered =
        imports::mapping(&mut tx, programme.operator_id, upload.kind, &upload.source).await?;
    tx.commit().await?;
    let by_name = Mapping::by_headers(upload.kind, &upload.table.headers);
    let chosen = upload
        .kind
        .columns()
        .iter()
        .enumerate()
        .map(|(i, column)| {
            remembered
                .as_ref()
                .and_then(|m| m.get(column.header))
                .filter(|h| upload.table.headers.contains(h))
                .cloned()
                .or_else(|| {
                    by_name
                        .source(i)
                        .and_then(|s| upload.table.headers.get(s).cloned())
                })
                .unwrap_or_default()
        })
        .collect();
    Ok(Some(Pending {
        programme,
        kind: upload.kind,
        source: upload.source,
        file_name: upload.file_name,
        headers: upload.table.headers,
        rows: upload.table.rows.len(),
        chosen,
    }))
}

/// Runs the waiting upload through the chosen mapping, which is remembered for its source; a
/// written import removes the upload. `None` when nothing waits.
pub async fn import_upload(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    chosen: &[String],
    dry_run: bool,
) -> Result<Option<ImportReport>> {
    actor.require(Capability::ManageParticipants)?;
    let user_id = actor
        .principal()
        .map(|p| p.user_id)
        .ok_or(AppError::Forbidden)?;
    let mut tx = app.begin().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let Some(upload) = imports::upload(&mut tx, user_id, programme_id).await? else {
        tx.commit().await?;
        return Ok(None);
    };
    let remembered: BTreeMap<String, String> = upload
        .kind
        .columns()
        .iter()
        .zip(chosen)
        .filter(|(_, file)| !file.is_empty())
        .map(|(column, file)| (column.header.to_string(), file.clone()))
        .collect();
    imports::save_mapping(
        &mut tx,
        programme.operator_id,
        upload.kind,
        &upload.source,
        &remembered,
        app.now(),
    )
    .await?;
    tx.commit().await?;
    let mapping = Mapping::from_names(upload.kind, &upload.table.headers, chosen);
    let report = match upload.kind {
        ImportKind::Persons => {
            persons(app, actor, programme_id, &upload.table, &mapping, dry_run).await?
        }
    };
    if report.written {
        let mut tx = app.begin().await?;
        imports::delete_upload(&mut tx, upload.id).await?;
        tx.commit().await?;
    }
    Ok(Some(report))
}
