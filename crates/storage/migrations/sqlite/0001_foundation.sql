-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- the schema-parity test compares tables, columns, nullability and indexes.
-- Instants are fixed-width UTC text (see stegvis_domain::timestamp), dates are YYYY-MM-DD.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    short_name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    org_number TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_short_name_key ON organisations (short_name_key);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    password_hash TEXT,
    locale TEXT,
    active BOOLEAN NOT NULL,
    failed_logins BIGINT NOT NULL,
    locked_until TEXT,
    password_changed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE user_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE UNIQUE INDEX user_tokens_hash ON user_tokens (token_hash);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    focus TEXT NOT NULL,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX programmes_operator ON programmes (operator_id);

CREATE TABLE programme_partners (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (programme_id, organisation_id)
);
CREATE INDEX programme_partners_organisation ON programme_partners (organisation_id);

CREATE TABLE programme_budgets (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    year BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL
);
CREATE UNIQUE INDEX programme_budgets_line ON programme_budgets (programme_id, organisation_id, year);
CREATE INDEX programme_budgets_organisation ON programme_budgets (organisation_id);

CREATE TABLE programme_targets (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    target_value BIGINT NOT NULL
);
CREATE INDEX programme_targets_programme ON programme_targets (programme_id);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_user_id BIGINT,
    action TEXT NOT NULL,
    route TEXT NOT NULL,
    records TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, seq);

CREATE TABLE audit_records (
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    seq BIGINT NOT NULL REFERENCES audit_events (seq) ON DELETE CASCADE,
    PRIMARY KEY (kind, record_id, seq)
);
CREATE INDEX audit_records_seq ON audit_records (seq);

CREATE TABLE audit_checkpoints (
    label TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    mac TEXT NOT NULL
);

-- The audit log is append-only: rows are only ever inserted, or deleted by culling.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
