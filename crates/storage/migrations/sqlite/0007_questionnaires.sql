-- Questionnaire schedules and answers (sqlite). Keep in step with ../postgres/0007_questionnaires.sql.

-- Which instruments a programme asks at which occasions. every_months only for 'ongoing'.
CREATE TABLE questionnaire_schedules (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    instrument_key TEXT NOT NULL,
    -- baseline | ongoing | exit | follow-up
    occasion_kind TEXT NOT NULL,
    every_months BIGINT,
    PRIMARY KEY (programme_id, instrument_key, occasion_kind)
);

-- One questionnaire for one episode at one occasion: a draft while being answered, then
-- complete with its score. Answers are health data: read and written only through use cases
-- that check consent and write the audit log.
CREATE TABLE questionnaire_responses (
    id INTEGER PRIMARY KEY,
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    -- The exact version answered, whose wording and scoring apply for ever.
    instrument_version_id BIGINT NOT NULL REFERENCES instrument_versions (id),
    instrument_key TEXT NOT NULL,
    occasion_kind TEXT NOT NULL,
    -- Months after intake (ongoing) or exit (follow-up); 0 otherwise.
    occasion_months BIGINT NOT NULL,
    -- draft | complete
    status TEXT NOT NULL,
    -- portal | paper | interview
    mode TEXT NOT NULL,
    language TEXT NOT NULL,
    -- JSON object of item key to answer value; unanswered items left out.
    answers TEXT NOT NULL,
    -- The reported score and the raw score, set when complete.
    score DOUBLE PRECISION,
    raw_score DOUBLE PRECISION,
    answered_on TEXT,
    recorded_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX questionnaire_responses_occasion
    ON questionnaire_responses (episode_id, instrument_key, occasion_kind, occasion_months);
