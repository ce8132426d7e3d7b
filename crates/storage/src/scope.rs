//! The one rendering of [`PersonScope`] in SQL, used by every query that reads personal data.
//!
//! What a scope means is decided in `stegvis_domain::access`; this module only writes it as a
//! condition. Every condition takes its single parameter as `$1`, so a scoped query binds the
//! scope first and numbers its own parameters from `$2`.

use stegvis_domain::access::PersonScope;

/// The condition limiting `persons p` to the scope.
///
/// A partner sees people with an episode it referred or was assigned, never someone with
/// protected identity and never an anonymised record.
pub(crate) fn persons(scope: PersonScope) -> (&'static str, i64) {
    match scope {
        PersonScope::All => ("$1 = $1", 0),
        PersonScope::Operator(org) => ("p.operator_id = $1", org),
        PersonScope::Partner(org) => (
            "(p.id IN (SELECT se.person_id FROM episodes se \
               WHERE se.referring_organisation_id = $1 OR se.assigned_organisation_id = $1) \
              AND p.protected_identity = FALSE AND p.anonymised_at IS NULL)",
            org,
        ),
        PersonScope::Own(person) => ("p.id = $1", person),
        PersonScope::None => ("$1 <> $1", 0),
    }
}

/// The condition limiting `episodes e JOIN persons p ON p.id = e.person_id` to the scope: a
/// partner sees only the episodes it referred or was assigned, of people it may see at all.
pub(crate) fn episodes(scope: PersonScope) -> (&'static str, i64) {
    match scope {
        PersonScope::Partner(org) => (
            "((e.referring_organisation_id = $1 OR e.assigned_organisation_id = $1) \
              AND p.protected_identity = FALSE AND p.anonymised_at IS NULL)",
            org,
        ),
        other => persons(other),
    }
}

/// The condition that the episode in `column` lies within the scope, for records hanging off
/// an episode (consents, follow-ups, plan, notes, appointments, attendance, responses). A
/// correlated `EXISTS` on the episode's key costs one index probe per row on both engines.
pub(crate) fn episode_of(scope: PersonScope, column: &str) -> (String, i64) {
    let (condition, param) = episodes(scope);
    (
        format!(
            "EXISTS (SELECT 1 FROM episodes e JOIN persons p ON p.id = e.person_id \
             WHERE e.id = {column} AND {condition})"
        ),
        param,
    )
}

/// The condition that the person in `column` lies within the scope, for records hanging off a
/// person (income months, memberships, team members, duplicates).
pub(crate) fn person_of(scope: PersonScope, column: &str) -> (String, i64) {
    let (condition, param) = persons(scope);
    (
        format!("EXISTS (SELECT 1 FROM persons p WHERE p.id = {column} AND {condition})"),
        param,
    )
}

/// Keeps "every read of personal data takes a scope" true as modules grow: each public
/// function whose SQL reads a table of personal data must take a scope parameter, or be
/// listed in [`tests::UNSCOPED`] with the reason it may not.
#[cfg(test)]
mod tests {
    /// Every storage module, so a new one is checked too (a missing entry fails below).
    const MODULES: [(&str, &str); 34] = [
        ("audit", include_str!("audit.rs")),
        ("contributions", include_str!("contributions.rs")),
        ("db", include_str!("db.rs")),
        ("edits", include_str!("edits.rs")),
        ("effects", include_str!("effects.rs")),
        ("enterprise_figures", include_str!("enterprise_figures.rs")),
        ("enterprises", include_str!("enterprises.rs")),
        ("episodes", include_str!("episodes.rs")),
        ("handbook", include_str!("handbook.rs")),
        ("ideas", include_str!("ideas.rs")),
        ("mail", include_str!("mail.rs")),
        ("imports", include_str!("imports.rs")),
        ("income", include_str!("income.rs")),
        ("instruments", include_str!("instruments.rs")),
        ("network", include_str!("network.rs")),
        ("oidc", include_str!("oidc.rs")),
        ("organisations", include_str!("organisations.rs")),
        ("outreach", include_str!("outreach.rs")),
        ("persons", include_str!("persons.rs")),
        ("plans", include_str!("plans.rs")),
        ("programmes", include_str!("programmes.rs")),
        ("questionnaires", include_str!("questionnaires.rs")),
        ("report_documents", include_str!("report_documents.rs")),
        ("retention", include_str!("retention.rs")),
        ("scheduled", include_str!("scheduled.rs")),
        ("schema", include_str!("schema.rs")),
        ("second_factor", include_str!("second_factor.rs")),
        ("sessions", include_str!("sessions.rs")),
        ("socioeconomics", include_str!("socioeconomics.rs")),
        ("steering", include_str!("steering.rs")),
        ("targets", include_str!("targets.rs")),
        ("sqlite_file", include_str!("sqlite_file.rs")),
        ("subject_access", include_str!("subject_access.rs")),
        ("users", include_str!("users.rs")),
    ];

    /// Tables holding personal data: people, their episodes and everything hanging off them.
    const PERSONAL_TABLES: [&str; 14] = [
        "persons",
        "person_duplicates",
        "episodes",
        "consents",
        "follow_ups",
        "plan_goals",
        "plan_steps",
        "notes",
        "appointments",
        "activity_attendance",
        "income_months",
        "enterprise_memberships",
        "idea_members",
        "questionnaire_responses",
    ];

    /// Reads of personal data that take no scope, and why that is safe. Keep it short: a
    /// function that returns people's records to a user belongs in a scoped query.
    const UNSCOPED: [(&str, &str); 25] = [
        // Writes that read the row they change; the use case loaded its parent in scope.
        ("ideas", "remove_member"),
        ("retention", "anonymise"),
        // When an exit or a withdrawal was recorded, of an episode or consent the use case has
        // already loaded within its scope, or of episode ids taken from a scoped query.
        ("episodes", "exit_recorded_at"),
        ("episodes", "withdrawn_at"),
        ("episodes", "recent_corrections"),
        // Registration checks the operator's whole register for the same number or a likely
        // duplicate; the caller gets an id or a flag, never the other records.
        ("persons", "find_by_number"),
        ("persons", "same_birth_year_and_sex"),
        // Counts only: what an enterprise representative and the effect figures see.
        ("enterprise_figures", "linked_counts"),
        ("enterprise_figures", "programme_job_counts"),
        // A yes or no about a person the caller has already loaded within its scope.
        ("enterprise_figures", "is_participant"),
        // Programme-wide reads for the change report and the due lists: the programmes come
        // from a `ProgrammeScope`d query and the report shows aggregates only.
        ("questionnaires", "scored_in_programme"),
        ("questionnaires", "schedulable_episodes"),
        ("questionnaires", "response_keys"),
        // The effects and funder statistics: counts and per-episode sums (no identity) over
        // programmes the use case took from a `ProgrammeScope`d query, or over an operator's
        // programmes within the `ProgrammeScope` the `Selection` carries.
        ("effects", "support_windows"),
        // The socio-economic account: sums per income source over a programme the use case
        // took from a `ProgrammeScope`d query, never a person.
        ("socioeconomics", "source_months"),
        // Cost per participant: a count of a programme's episodes the use case took from a
        // `ProgrammeScope`d query.
        ("contributions", "participants_between"),
        ("effects", "occupations"),
        ("effects", "jobs"),
        ("effects", "participants"),
        ("effects", "funder_counts"),
        ("effects", "funder_follow_ups"),
        // A target's count over a programme the use case checked the actor may see: one
        // number, never a row (counts of people are suppressed for the aggregate roles).
        ("targets", "derived"),
        // The retention job, a system actor that sees everything by design.
        ("retention", "due_for_anonymisation"),
        ("retention", "identifying_fields"),
        // The reminder job, a system actor: the first name and address of the people who asked
        // for reminders themselves, for their own reminder only.
        ("mail", "reminder_recipients"),
    ];

    /// `(name, parameter list, body)` of each `pub async fn` in a module's source.
    fn functions(source: &str) -> Vec<(&str, &str, &str)> {
        source
            .split("pub async fn ")
            .skip(1)
            .map(|rest| {
                let name = &rest[..rest.find('(').unwrap_or(0)];
                let signature = &rest[..rest.find('{').unwrap_or(rest.len())];
                let body = &rest[..rest.find("\n}\n").unwrap_or(rest.len())];
                (name, signature, body)
            })
            .collect()
    }

    /// Whether a signature has a parameter of one of the scope types.
    fn takes_scope(signature: &str) -> bool {
        [
            "PersonScope",
            "IdeaScope",
            "EnterpriseScope",
            "ProgrammeScope",
        ]
        .iter()
        .any(|scope| signature.contains(&format!(": {scope}")))
    }

    /// Whether SQL in `body` reads one of the personal tables (`FROM t` or `JOIN t`).
    fn reads_personal_data(body: &str) -> bool {
        let words: Vec<&str> = body
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        body.contains("SELECT")
            && words.windows(2).any(|pair| {
                matches!(pair[0], "FROM" | "JOIN") && PERSONAL_TABLES.contains(&pair[1])
            })
    }

    #[test]
    fn every_storage_module_is_checked() {
        let files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f != "lib.rs" && f != "scope.rs")
            .collect();
        for file in files {
            let module = file.trim_end_matches(".rs");
            assert!(
                MODULES.iter().any(|(m, _)| *m == module),
                "add {file} to MODULES in storage/src/scope.rs"
            );
        }
    }

    #[test]
    fn every_function_reading_personal_data_takes_a_scope() {
        let mut unscoped = Vec::new();
        for (module, source) in MODULES {
            for (name, signature, body) in functions(source) {
                if reads_personal_data(body)
                    && !takes_scope(signature)
                    && !UNSCOPED.contains(&(module, name))
                {
                    unscoped.push(format!("{module}::{name}"));
                }
            }
        }
        assert_eq!(
            unscoped,
            Vec::<String>::new(),
            "these read personal data without a scope"
        );
    }

    #[test]
    fn every_allowed_exception_still_reads_personal_data_without_a_scope() {
        for (module, name) in UNSCOPED {
            let source = MODULES.iter().find(|(m, _)| *m == module).unwrap().1;
            let (_, signature, body) = functions(source)
                .into_iter()
                .find(|(n, _, _)| *n == name)
                .unwrap_or_else(|| panic!("{module}::{name} is gone: remove it from UNSCOPED"));
            assert!(
                reads_personal_data(body) && !takes_scope(signature),
                "{module}::{name} no longer needs its exception: remove it from UNSCOPED"
            );
        }
    }

    #[test]
    fn a_function_selecting_from_a_personal_table_is_recognised() {
        let source = "pub async fn leak(tx: &mut Tx, id: i64) -> Result<()> {\n    \
                      let sql = \"SELECT n.body FROM notes n WHERE n.id = $1\";\n}\n\
                      pub async fn ok(tx: &mut Tx, scope: PersonScope, id: i64) -> Result<()> {\n    \
                      let sql = \"SELECT body FROM notes\";\n}\n";
        let found: Vec<(&str, bool, bool)> = functions(source)
            .into_iter()
            .map(|(name, signature, body)| {
                (name, reads_personal_data(body), takes_scope(signature))
            })
            .collect();
        assert_eq!(found, vec![("leak", true, false), ("ok", true, true)]);
    }
}
