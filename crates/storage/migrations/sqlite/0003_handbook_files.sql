-- Images and templates attached to an operator's handbook (SQLite). Keep in step with
-- ../postgres/0003_handbook_files.sql. Files are immutable: a name is used once per operator,
-- so published editions that link to a file keep showing the same file.

CREATE TABLE handbook_files (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    data BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX handbook_files_name ON handbook_files (operator_id, name);
