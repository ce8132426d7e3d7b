-- The handbook (SQLite). Keep in step with ../postgres/0002_handbook.sql.
-- One handbook per operator: chapters with revisions under review, and published editions that
-- freeze one approved revision per chapter.

CREATE TABLE handbook_chapters (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    slug TEXT NOT NULL,
    part TEXT NOT NULL,
    position BIGINT NOT NULL,
    -- The shipped chapter this one adapts (national part); NULL for the local part.
    shipped_slug TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX handbook_chapters_slug ON handbook_chapters (operator_id, slug);

CREATE TABLE handbook_revisions (
    id INTEGER PRIMARY KEY,
    chapter_id BIGINT NOT NULL REFERENCES handbook_chapters (id),
    number BIGINT NOT NULL,
    title TEXT NOT NULL,
    topics TEXT NOT NULL,
    body TEXT NOT NULL,
    -- NULL when Stegvis itself wrote it (the shipped text).
    author_user_id BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    state TEXT NOT NULL,
    submitted_at TEXT,
    reviewer_user_id BIGINT REFERENCES users (id),
    reviewed_at TEXT,
    review_comment TEXT
);
CREATE UNIQUE INDEX handbook_revisions_number ON handbook_revisions (chapter_id, number);
CREATE INDEX handbook_revisions_state ON handbook_revisions (state);

CREATE TABLE handbook_editions (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    number BIGINT NOT NULL,
    published_at TEXT NOT NULL,
    published_by BIGINT REFERENCES users (id)
);
CREATE UNIQUE INDEX handbook_editions_number ON handbook_editions (operator_id, number);

CREATE TABLE handbook_edition_chapters (
    edition_id BIGINT NOT NULL REFERENCES handbook_editions (id),
    chapter_id BIGINT NOT NULL REFERENCES handbook_chapters (id),
    revision_id BIGINT NOT NULL REFERENCES handbook_revisions (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (edition_id, chapter_id)
);
