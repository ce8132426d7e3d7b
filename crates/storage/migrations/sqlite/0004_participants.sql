-- Participants (SQLite). Keep in step with ../postgres/0004_participants.sql.
-- People, their episodes in programmes, consent, the monthly income timeline, plans,
-- activities, follow-ups after exit and retention rules (docs/architecture.md, "Participants").

-- A person belongs to one operator (the personuppgiftsansvarig): the operator of the programme
-- they were first referred to. Identifying columns are NULL after anonymisation; birth year
-- and sex stay so anonymous counts survive erasure.
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    -- Canonical 12 digits; NULL for people without a number and after anonymisation.
    personnummer TEXT,
    birth_year BIGINT NOT NULL,
    birth_date TEXT,
    sex TEXT NOT NULL,
    given_name TEXT,
    family_name TEXT,
    -- Lower-case, diacritics removed: for search and the duplicate check.
    name_key TEXT,
    preferred_language TEXT,
    interpreter_needed BOOLEAN NOT NULL,
    -- Skyddad identitet: no address or contact details, visible to the coordinator alone.
    protected_identity BOOLEAN NOT NULL,
    address TEXT,
    phone TEXT,
    email TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    anonymised_at TEXT
);
CREATE UNIQUE INDEX persons_personnummer ON persons (operator_id, personnummer);
-- The list pages newest first within an operator.
CREATE INDEX persons_operator_id ON persons (operator_id, id);
CREATE INDEX persons_operator_name ON persons (operator_id, name_key);
CREATE INDEX persons_operator_birth ON persons (operator_id, birth_year, sex);

-- Possible duplicates found at registration, for the coordinator to check.
CREATE TABLE person_duplicates (
    person_id BIGINT NOT NULL REFERENCES persons (id),
    other_person_id BIGINT NOT NULL REFERENCES persons (id),
    reason TEXT NOT NULL,
    dismissed_at TEXT,
    PRIMARY KEY (person_id, other_person_id)
);
CREATE INDEX person_duplicates_other ON person_duplicates (other_person_id);

ALTER TABLE users ADD COLUMN person_id BIGINT REFERENCES persons (id);
-- One participant account per person.
CREATE UNIQUE INDEX users_person ON users (person_id);

ALTER TABLE programmes ADD COLUMN follow_up_months TEXT NOT NULL DEFAULT '3,6,12';

-- One stay in one programme, from referral to exit.
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons (id),
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    status TEXT NOT NULL,
    referred_on TEXT NOT NULL,
    -- NULL for a self-referral.
    referring_organisation_id BIGINT REFERENCES organisations (id),
    referring_user_id BIGINT REFERENCES users (id),
    assigned_organisation_id BIGINT REFERENCES organisations (id),
    intake_on TEXT,
    exit_on TEXT,
    exit_reason TEXT,
    baseline_education TEXT,
    baseline_occupation TEXT,
    baseline_occupation_percent BIGINT,
    baseline_time_outside TEXT,
    baseline_time_on_support TEXT,
    exit_education TEXT,
    exit_occupation TEXT,
    exit_occupation_percent BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX episodes_person ON episodes (person_id);
CREATE INDEX episodes_programme_status ON episodes (programme_id, status);
CREATE INDEX episodes_referring ON episodes (referring_organisation_id, person_id);
CREATE INDEX episodes_assigned ON episodes (assigned_organisation_id, person_id);

-- Consent per episode and scope; a withdrawal is dated, never a deletion.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    scope TEXT NOT NULL,
    partner_organisation_id BIGINT REFERENCES organisations (id),
    given_on TEXT NOT NULL,
    form TEXT NOT NULL,
    information_version TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    withdrawn_on TEXT,
    withdrawn_by BIGINT REFERENCES users (id)
);
CREATE INDEX consents_episode ON consents (episode_id);
CREATE INDEX consents_partner ON consents (partner_organisation_id);

-- Referrals the person declined: counted without identity.
CREATE TABLE declined_referrals (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    sex TEXT NOT NULL,
    year BIGINT NOT NULL
);
CREATE INDEX declined_referrals_programme ON declined_referrals (programme_id, year);

-- The monthly income timeline: person x month x source, the single source of truth for income.
CREATE TABLE income_months (
    person_id BIGINT NOT NULL REFERENCES persons (id),
    month TEXT NOT NULL,
    source TEXT NOT NULL,
    share_percent BIGINT NOT NULL,
    amount_ore BIGINT,
    PRIMARY KEY (person_id, month, source)
);

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    months_after BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT,
    reached BOOLEAN,
    occupation TEXT,
    occupation_percent BIGINT,
    recorded_by BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX follow_ups_episode ON follow_ups (episode_id, months_after);
CREATE INDEX follow_ups_due ON follow_ups (done_on, due_on);

CREATE TABLE plan_goals (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    title TEXT NOT NULL,
    achieved_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_goals_episode ON plan_goals (episode_id);

CREATE TABLE plan_steps (
    id INTEGER PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES plan_goals (id),
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_steps_goal ON plan_steps (goal_id);

-- Sensitive: visible to the coordinator and the case officers of the referring or assigned partner.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    body TEXT NOT NULL,
    author_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX notes_episode ON notes (episode_id);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    -- Local Swedish time, YYYY-MM-DDTHH:MM.
    starts_at TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX appointments_episode ON appointments (episode_id, starts_at);

-- Activities and group events of a programme, with attendance per episode.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    provider_organisation_id BIGINT REFERENCES organisations (id),
    is_group BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX activities_programme ON activities (programme_id, held_on);

CREATE TABLE activity_attendance (
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    attended BOOLEAN NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (activity_id, episode_id)
);
CREATE INDEX activity_attendance_episode ON activity_attendance (episode_id);

-- Gallringsregler: one per operator, each citing the formal decision behind it.
CREATE TABLE retention_rules (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    years_after_exit BIGINT NOT NULL,
    decision_reference TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX retention_rules_operator ON retention_rules (operator_id);
