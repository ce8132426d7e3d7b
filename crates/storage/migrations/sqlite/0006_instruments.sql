-- Questionnaire definitions (SQLite). Keep in step with ../postgres/0006_instruments.sql.
-- Each version of an instrument is stored once and never changed: answers refer to the exact
-- wording and scoring they were given under. Shipped definitions are imported at start.
CREATE TABLE instrument_versions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    version BIGINT NOT NULL,
    definition TEXT NOT NULL,
    -- shipped | uploaded
    origin TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX instrument_versions_key ON instrument_versions (key, version);
