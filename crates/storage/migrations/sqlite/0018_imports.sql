-- Imports from spreadsheets (SQLite). Keep in step with ../postgres/0018_imports.sql.
-- (docs/decisions/0029-import-from-spreadsheets.md)

-- A file uploaded on the import page, waiting for its column mapping and import: one per user
-- and programme, replaced by the next upload, removed once imported and after a day at most,
-- since it holds the people of the file.
CREATE TABLE import_uploads (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- ImportKind code: deltagare.
    kind TEXT NOT NULL,
    -- The name the user gave the file's source (e.g. "Excel från Arbetsförmedlingen"), under
    -- which its column mapping is remembered.
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- The table as a JSON array of arrays: the header row, then the data rows.
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX import_uploads_user_programme ON import_uploads (user_id, programme_id);

-- The column mapping last used for a source, per operator: template header to file header.
CREATE TABLE import_mappings (
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    -- JSON object: {"förnamn": "Förnamn", ...}.
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (operator_id, kind, source)
);
