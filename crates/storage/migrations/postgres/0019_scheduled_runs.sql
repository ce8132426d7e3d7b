-- The daily jobs the server runs on its own (retention, issue 14). One row per job and day,
-- written in the same transaction as the job's work: the row is the claim, so with several app
-- servers on one database exactly one runs each day's job, a restart does not run it twice,
-- and a run that fails leaves no row, so the next attempt runs it.
CREATE TABLE scheduled_runs (
    job TEXT NOT NULL,
    run_on TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    -- How many records the run changed.
    changed BIGINT NOT NULL,
    PRIMARY KEY (job, run_on)
);
