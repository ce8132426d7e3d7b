-- Report documents (SQLite). Keep in step with ../postgres/0010_report_documents.sql.
-- The steering-group and final reports of a programme as built files (PDF and XLSX) with
-- their build state, kept in the database so that every app server behind a load balancer sees
-- the same builds, progress and cache (docs/decisions/0020-report-documents.md).

CREATE TABLE report_documents (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    -- ReportKind code: half-year, year, final.
    kind TEXT NOT NULL,
    -- The period: '2026-h1', '2026', or 'programme' for the final report.
    period TEXT NOT NULL,
    -- Whose figures: coordinator (every figure) or steering / evaluator (disclosure control).
    audience TEXT NOT NULL,
    -- What the figures were computed from (the latest change in the audit log, the report
    -- date, the build): a different fingerprint means the document is out of date.
    fingerprint TEXT NOT NULL,
    -- queued, building, done, failed.
    status TEXT NOT NULL,
    -- 0 to 100.
    progress BIGINT NOT NULL,
    pdf BLOB,
    xlsx BLOB,
    -- Why a build failed (a programming error, never shown with personal data).
    error TEXT,
    requested_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The request page and the download look up the newest document of a kind, period and audience.
CREATE INDEX report_documents_lookup ON report_documents (programme_id, kind, period, audience, id);
