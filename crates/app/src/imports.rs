//! Importing spreadsheets into a programme (decision 0029): people, income months, and
//! enterprises with their year figures.
//!
//! An import is planned row by row inside one transaction, with the same rules as the form the
//! rows would otherwise be typed into: each row is parsed into the domain's types, matched on
//! its key (personnummer; personnummer, month and income source; organisationsnummer and year),
//! and classed as create, update, unchanged or refuse. A dry run stops there. A real run writes
//! only when no row is refused, all in that one transaction, so a file is imported whole or not
//! at all; importing the same file again finds every row and changes nothing.

use crate::persons::coverage;
use crate::{Actor, App, AppError, Result};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use stegvis_domain::access::{Capability, EnterpriseScope, PersonScope, ProgrammeScope, Role};
use stegvis_domain::audit::RecordRef;
use stegvis_domain::edit::SeenVersion;
use stegvis_domain::enterprise::EnterpriseDraft;
use stegvis_domain::enterprise_figures::YearFigures;
use stegvis_domain::episode::Referral;
use stegvis_domain::import::{
    ImportAction, ImportKind, Mapping, PersonRow, Table, enterprise_unchanged, merge_enterprise,
    parse_enterprise, parse_income, parse_person, person_unchanged,
};
use stegvis_domain::income::{Change, IncomeMonth, MonthChange, apply_range};
use stegvis_domain::names::name_key;
use stegvis_domain::programme::Programme;
use stegvis_domain::swedish;
use stegvis_domain::validation::{FieldError, ValidationErrors, optional_text};
use stegvis_storage::edits::Editable;
use stegvis_storage::{
    Tx, enterprise_figures, enterprises, episodes, imports, income, persons, programmes,
};

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

/// How far an import has come: rows checked, then rows written, for the progress bar of a
/// large file imported in the background (decision 0029). Kept in memory and shared with the
/// page that shows it; the import itself stays one transaction.
#[derive(Debug, Default)]
pub struct Progress {
    rows: AtomicUsize,
    checked: AtomicUsize,
    to_write: AtomicUsize,
    written: AtomicUsize,
}

/// Where an import is, as a progress bar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Rows checked of the file's rows.
    Checking { done: usize, of: usize },
    /// Rows written of the rows that change something.
    Writing { done: usize, of: usize },
}

impl Progress {
    /// The progress of a file of `rows` rows not yet begun.
    pub fn of_rows(rows: usize) -> Progress {
        let progress = Progress::default();
        progress.start(rows);
        progress
    }

    fn start(&self, rows: usize) {
        self.rows.store(rows, Ordering::Relaxed);
    }

    fn checked(&self) {
        self.checked.fetch_add(1, Ordering::Relaxed);
    }

    fn writing(&self, rows: usize) {
        self.to_write.store(rows, Ordering::Relaxed);
    }

    fn wrote(&self) {
        self.written.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stage(&self) -> Stage {
        let to_write = self.to_write.load(Ordering::Relaxed);
        if to_write > 0 {
            Stage::Writing {
                done: self.written.load(Ordering::Relaxed).min(to_write),
                of: to_write,
            }
        } else {
            let of = self.rows.load(Ordering::Relaxed);
            Stage::Checking {
                done: self.checked.load(Ordering::Relaxed).min(of),
                of,
            }
        }
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

/// The programme an enterprise import goes into: one whose operator's enterprises the actor
/// manages, as the enterprise register decides (the administrator any, a coordinator their
/// own operator's).
async fn enterprise_programme(tx: &mut Tx, actor: &Actor, programme_id: i64) -> Result<Programme> {
    let scope = actor
        .principal()
        .map_or(ProgrammeScope::All, |p| p.programme_scope());
    let programme = programmes::get(tx, scope, programme_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor
        .principal()
        .is_some_and(|p| !p.may_manage_programme_of(programme.operator_id))
    {
        return Err(AppError::NotFound);
    }
    Ok(programme)
}

/// The programme of the import page, read without the writer: on SQLite a running import
/// holds the one writer connection until it commits, and its progress page must still answer.
pub async fn programme(app: &App, actor: &Actor, programme_id: i64) -> Result<Programme> {
    actor.require(Capability::ManageParticipants)?;
    let mut tx = app.begin_read().await?;
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    tx.commit().await?;
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
async fn persons(app: &App, actor: &Actor, file: &File<'_>) -> Result<ImportReport> {
    let File {
        programme_id,
        table,
        mapping,
        dry_run,
        progress,
    } = *file;
    actor.require(Capability::ManageParticipants)?;
    check_mapping(mapping)?;
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
        progress.checked();
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
    progress.writing(plans.len());
    for plan in plans {
        progress.wrote();
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

/// Imports a table of the given kind: the one entry the API and the import page share.
pub async fn run(
    app: &App,
    actor: &Actor,
    programme_id: i64,
    table: &Table,
    mapping: &Mapping,
    dry_run: bool,
    progress: &Progress,
) -> Result<ImportReport> {
    progress.start(table.rows.len());
    let file = File {
        programme_id,
        table,
        mapping,
        dry_run,
        progress,
    };
    match mapping.kind() {
        ImportKind::Persons => persons(app, actor, &file).await,
        ImportKind::IncomeMonths => income_months(app, actor, &file).await,
        ImportKind::Enterprises => enterprises(app, actor, &file).await,
    }
}

/// One import's file and how to run it.
struct File<'a> {
    programme_id: i64,
    table: &'a Table,
    mapping: &'a Mapping,
    dry_run: bool,
    progress: &'a Progress,
}

/// Refuses a mapping without a required column, naming every missing one.
fn check_mapping(mapping: &Mapping) -> Result<()> {
    mapping.check().map_err(|missing| {
        let mut errors = ValidationErrors::new();
        missing.into_iter().for_each(|e| errors.push(e));
        errors.into()
    })
}

/// What the income import knows of one participant of the file.
enum Participant {
    /// Found in the programme and consenting: the timeline as the file's earlier rows leave it.
    Found {
        person_id: i64,
        rows: Vec<IncomeMonth>,
    },
    /// Refused, with the reason every row of theirs gets.
    Refused(FieldError),
}

/// Imports income months: one source of one participant in one month a row, each checked as the
/// income form checks it (a month adds up to at most full time, counting the file's own rows),
/// for a person with an episode in the programme who has consented to participate. Matched on
/// personnummer, month and source: a row with the stored share and amount is unchanged, one
/// with another is an update, a new one a create. A share of 0 removes the source, as in the
/// form.
async fn income_months(app: &App, actor: &Actor, file: &File<'_>) -> Result<ImportReport> {
    let File {
        programme_id,
        table,
        mapping,
        dry_run,
        progress,
    } = *file;
    actor.require(Capability::ManageParticipants)?;
    check_mapping(mapping)?;
    let today = app.today();
    let mut tx = if dry_run {
        app.begin_read().await?
    } else {
        app.begin().await?
    };
    let programme = managed_programme(&mut tx, actor, programme_id).await?;
    let operator = PersonScope::Operator(programme.operator_id);
    let mut report = ImportReport::default();
    let mut people: HashMap<String, Participant> = HashMap::new();
    let mut seen: HashMap<(String, String, &'static str), usize> = HashMap::new();
    let mut changes: Vec<(i64, MonthChange)> = Vec::with_capacity(table.rows.len());
    for (index, cells) in table.rows.iter().enumerate() {
        let row = Table::row_number(index);
        progress.checked();
        let parsed = match parse_income(&mapping.record(cells), today) {
            Ok(parsed) => parsed,
            Err(errors) => {
                report.rows.push(refused(row, errors));
                continue;
            }
        };
        let number = parsed.personnummer.canonical();
        let key = (
            number.clone(),
            parsed.range.from.to_string(),
            parsed.range.source.code(),
        );
        if let Some(first) = seen.insert(key, row) {
            report.rows.push(refused(
                row,
                vec![
                    FieldError::new("månad", "import-error-duplicate-month").with_arg("row", first),
                ],
            ));
            continue;
        }
        if !people.contains_key(&number) {
            let found = participant(&mut tx, operator, programme_id, &parsed.personnummer).await?;
            people.insert(number.clone(), found);
        }
        let Some(participant) = people.get_mut(&number) else {
            continue;
        };
        let (person_id, rows) = match participant {
            Participant::Refused(error) => {
                report.rows.push(refused(row, vec![error.clone()]));
                continue;
            }
            Participant::Found { person_id, rows } => (*person_id, rows),
        };
        let planned = match apply_range(rows, &parsed.range) {
            Ok(planned) => planned,
            Err(errors) => {
                let errors = errors
                    .iter()
                    .cloned()
                    .map(|e| FieldError {
                        field: "andel",
                        ..e
                    })
                    .collect();
                report.rows.push(refused(row, errors));
                continue;
            }
        };
        let stored = rows
            .iter()
            .find(|r| r.month == parsed.range.from && r.source == parsed.range.source)
            .copied();
        let action = match (stored, planned.first().map(|c| c.change)) {
            (None, None) => ImportAction::Unchanged,
            (None, Some(_)) => ImportAction::Create,
            (
                Some(stored),
                Some(Change::Set {
                    share_percent,
                    amount,
                }),
            ) if stored.share_percent == share_percent && stored.amount == amount => {
                ImportAction::Unchanged
            }
            (Some(_), _) => ImportAction::Update,
        };
        report.rows.push(RowReport {
            row,
            action,
            errors: Vec::new(),
        });
        if action == ImportAction::Unchanged {
            continue;
        }
        for change in planned {
            rows.retain(|r| !(r.month == change.month && r.source == change.source));
            if let Change::Set {
                share_percent,
                amount,
            } = change.change
            {
                rows.push(IncomeMonth {
                    month: change.month,
                    source: change.source,
                    share_percent,
                    amount,
                });
            }
            changes.push((person_id, change));
        }
    }
    let matched: Vec<RecordRef> = std::iter::once(RecordRef::new("programme", programme_id))
        .chain(people.values().filter_map(|p| match p {
            Participant::Found { person_id, .. } => Some(RecordRef::new("person", *person_id)),
            Participant::Refused(_) => None,
        }))
        .collect();
    if dry_run || report.refused() {
        tx.commit().await?;
        // Comparing rows with the timelines read those people's income.
        for chunk in matched.chunks(AUDIT_BATCH) {
            app.audit_reads(actor, "income.import-check", chunk).await?;
        }
        return Ok(report);
    }
    let mut written: Vec<i64> = Vec::with_capacity(changes.len());
    progress.writing(changes.len());
    for (person_id, change) in &changes {
        progress.wrote();
        income::apply(&mut tx, *person_id, std::slice::from_ref(change)).await?;
        written.push(*person_id);
    }
    written.sort_unstable();
    written.dedup();
    let written: Vec<RecordRef> = written
        .into_iter()
        .map(|id| RecordRef::new("person", id))
        .collect();
    for chunk in written.chunks(AUDIT_BATCH) {
        let mut records = vec![RecordRef::new("programme", programme_id)];
        records.extend_from_slice(chunk);
        app.audit(&mut tx, actor, "income.import", &records).await?;
    }
    tx.commit().await?;
    report.written = true;
    Ok(report)
}

/// Finds the participant of an income row: a person of the operator with an episode in the
/// programme, not anonymised, who has consented to participate (the income form's rule).
async fn participant(
    tx: &mut Tx,
    operator: PersonScope,
    programme_id: i64,
    number: &stegvis_domain::personnummer::Personnummer,
) -> Result<Participant> {
    let PersonScope::Operator(operator_id) = operator else {
        return Err(AppError::NotFound);
    };
    let not_here = || {
        Participant::Refused(FieldError::new(
            "personnummer",
            "import-error-not-in-programme",
        ))
    };
    let Some(person_id) = persons::find_by_number(tx, operator_id, number).await? else {
        return Ok(not_here());
    };
    let Some(person) = persons::get(tx, operator, person_id).await? else {
        return Ok(not_here());
    };
    if person.anonymised_at.is_some() {
        return Ok(Participant::Refused(FieldError::new(
            "personnummer",
            "import-error-anonymised",
        )));
    }
    let all = episodes::for_person(tx, operator, person_id).await?;
    if !all.iter().any(|e| e.programme_id == programme_id) {
        return Ok(not_here());
    }
    let ids: Vec<i64> = all.iter().map(|e| e.id).collect();
    let consents = episodes::consents_for(tx, operator, &ids).await?;
    let consented = all.iter().any(|e| {
        coverage(
            &consents
                .iter()
                .filter(|c| c.episode_id == e.id)
                .cloned()
                .collect::<Vec<_>>(),
        )
        .participation
    });
    if !consented {
        return Ok(Participant::Refused(FieldError::new(
            "personnummer",
            "income-error-needs-consent",
        )));
    }
    let rows = income::for_person(tx, operator, person_id).await?;
    Ok(Participant::Found { person_id, rows })
}

/// What a planned enterprise row does to the register.
enum EnterprisePlan {
    /// The first row of an enterprise new to the register.
    Create(EnterpriseDraft),
    Update(i64, EnterpriseDraft),
    /// Stored already, or created by an earlier row of the file.
    Keep(Option<i64>),
}

/// What the enterprise import knows of one organisationsnummer of the file.
struct FileEnterprise {
    first_row: usize,
    draft: EnterpriseDraft,
    stored_id: Option<i64>,
    years: HashMap<Option<i32>, usize>,
}

/// Imports enterprises of the programme's operator with their year figures, each checked as
/// the register form and the figures form check them. Matched on organisationsnummer (and
/// year for the figures): fields the template does not carry keep their stored values. A row
/// creates when its enterprise is new to the register, updates when it changes the enterprise
/// or adds or changes a year's figures, and is unchanged otherwise. An enterprise on several
/// rows (one a year) must have the same register fields on each.
async fn enterprises(app: &App, actor: &Actor, file: &File<'_>) -> Result<ImportReport> {
    let File {
        programme_id,
        table,
        mapping,
        dry_run,
        progress,
    } = *file;
    actor.require(Capability::ManageEnterprises)?;
    check_mapping(mapping)?;
    let today = app.today();
    let mut tx = if dry_run {
        app.begin_read().await?
    } else {
        app.begin().await?
    };
    let programme = enterprise_programme(&mut tx, actor, programme_id).await?;
    let mut report = ImportReport::default();
    let mut in_file: HashMap<String, FileEnterprise> = HashMap::new();
    let mut plans: Vec<(String, EnterprisePlan, Option<YearFigures>)> = Vec::new();
    for (index, cells) in table.rows.iter().enumerate() {
        let row = Table::row_number(index);
        progress.checked();
        let parsed = match parse_enterprise(&mapping.record(cells), programme.operator_id, today) {
            Ok(parsed) => parsed,
            Err(errors) => {
                report.rows.push(refused(row, errors));
                continue;
            }
        };
        let key = parsed.draft.org_number.canonical();
        let year = parsed.figures.map(|f| f.year);
        let (plan, enterprise_id) = if let Some(known) = in_file.get_mut(&key) {
            if known.draft != parsed.draft {
                report.rows.push(refused(
                    row,
                    vec![
                        FieldError::new("organisationsnummer", "import-error-enterprise-differs")
                            .with_arg("row", known.first_row),
                    ],
                ));
                continue;
            }
            if let Some(first) = known.years.insert(year, row) {
                report.rows.push(refused(
                    row,
                    vec![
                        FieldError::new("år", "import-error-duplicate-year").with_arg("row", first),
                    ],
                ));
                continue;
            }
            (EnterprisePlan::Keep(known.stored_id), known.stored_id)
        } else {
            let stored =
                match enterprises::find_by_org_number(&mut tx, &parsed.draft.org_number).await? {
                    Some(id) => enterprises::get(&mut tx, EnterpriseScope::All, id).await?,
                    None => None,
                };
            let plan = match &stored {
                Some(stored) if stored.operator_id != programme.operator_id => {
                    report.rows.push(refused(
                        row,
                        vec![FieldError::new(
                            "organisationsnummer",
                            "enterprise-error-number-taken",
                        )],
                    ));
                    continue;
                }
                Some(stored) => {
                    let merged = merge_enterprise(stored, &parsed.draft);
                    if enterprise_unchanged(stored, &merged) {
                        EnterprisePlan::Keep(Some(stored.id))
                    } else {
                        EnterprisePlan::Update(stored.id, merged)
                    }
                }
                None => EnterprisePlan::Create(parsed.draft.clone()),
            };
            let stored_id = stored.as_ref().map(|s| s.id);
            in_file.insert(
                key.clone(),
                FileEnterprise {
                    first_row: row,
                    draft: parsed.draft.clone(),
                    stored_id,
                    years: HashMap::from([(year, row)]),
                },
            );
            (plan, stored_id)
        };
        let figures = match (parsed.figures, enterprise_id) {
            (Some(figures), Some(id)) => {
                let stored = enterprise_figures::figures_of_year(&mut tx, id, figures.year).await?;
                (stored != Some(figures)).then_some(figures)
            }
            (figures, _) => figures,
        };
        let action = match (&plan, &figures) {
            (EnterprisePlan::Create(_) | EnterprisePlan::Keep(None), _) => ImportAction::Create,
            (EnterprisePlan::Update(..), _) | (EnterprisePlan::Keep(Some(_)), Some(_)) => {
                ImportAction::Update
            }
            (EnterprisePlan::Keep(Some(_)), None) => ImportAction::Unchanged,
        };
        report.rows.push(RowReport {
            row,
            action,
            errors: Vec::new(),
        });
        if action != ImportAction::Unchanged {
            plans.push((key, plan, figures));
        }
    }
    // The register holds no personal data, so a dry run reads nothing to audit.
    if dry_run || report.refused() {
        tx.commit().await?;
        return Ok(report);
    }
    let now = app.now();
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut written = Vec::new();
    progress.writing(plans.len());
    for (key, plan, figures) in plans {
        progress.wrote();
        let id = match plan {
            EnterprisePlan::Create(draft) => {
                let id = enterprises::insert(&mut tx, &draft, now).await?;
                ids.insert(key, id);
                id
            }
            EnterprisePlan::Update(id, draft) => {
                let version = app
                    .claim_edit(&mut tx, Editable::Enterprise, id, SeenVersion::Unknown)
                    .await?;
                enterprises::update(&mut tx, id, &draft, version).await?;
                id
            }
            EnterprisePlan::Keep(Some(id)) => id,
            EnterprisePlan::Keep(None) => *ids.get(&key).ok_or(AppError::NotFound)?,
        };
        if let Some(figures) = figures {
            enterprise_figures::save_figures(&mut tx, id, &figures, actor.user_id(), now).await?;
        }
        written.push(RecordRef::new("enterprise", id));
    }
    written.dedup();
    for chunk in written.chunks(AUDIT_BATCH) {
        let mut records = vec![RecordRef::new("programme", programme_id)];
        records.extend_from_slice(chunk);
        app.audit(&mut tx, actor, "enterprise.import", &records)
            .await?;
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
    progress: &Progress,
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
    let report = run(
        app,
        actor,
        programme_id,
        &upload.table,
        &mapping,
        dry_run,
        progress,
    )
    .await?;
    if report.written {
        let mut tx = app.begin().await?;
        imports::delete_upload(&mut tx, upload.id).await?;
        tx.commit().await?;
    }
    Ok(Some(report))
}
