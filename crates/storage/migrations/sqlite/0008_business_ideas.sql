-- Business ideas (SQLite). Keep in step with ../postgres/0008_business_ideas.sql.
-- Ideas on their way to a social enterprise, their stage history, teams, partners and the
-- versions of their business plans (docs/architecture.md, "Business ideas and plans").
-- Team members are personal data: participants by person id, others by name.

-- An idea belongs to a programme; its operator is kept alongside for the scoped queries.
CREATE TABLE ideas (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    description TEXT,
    -- The two business ideas of a social enterprise: what it sells, and the work
    -- integration it offers.
    what_it_sells TEXT,
    work_integration TEXT,
    -- The stage of the latest row of idea_stage_changes, kept here for the board.
    stage TEXT NOT NULL,
    -- The enterprise the idea became, once registered.
    enterprise_id BIGINT REFERENCES enterprises (id),
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ideas_operator_stage ON ideas (operator_id, stage);
CREATE INDEX ideas_programme ON ideas (programme_id);

-- Every stage decision: the date it was decided, who recorded it and an optional note.
CREATE TABLE idea_stage_changes (
    id INTEGER PRIMARY KEY,
    idea_id BIGINT NOT NULL REFERENCES ideas (id),
    stage TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    note TEXT,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX idea_stage_changes_idea ON idea_stage_changes (idea_id, id);

-- The team: a participant (person_id) or someone else by name, with an optional role.
CREATE TABLE idea_members (
    id INTEGER PRIMARY KEY,
    idea_id BIGINT NOT NULL REFERENCES ideas (id),
    person_id BIGINT REFERENCES persons (id),
    name TEXT,
    role TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idea_members_idea ON idea_members (idea_id);
CREATE UNIQUE INDEX idea_members_person ON idea_members (person_id, idea_id);

-- Supporting partners and advisers: organisations of the register.
CREATE TABLE idea_partners (
    idea_id BIGINT NOT NULL REFERENCES ideas (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (idea_id, organisation_id)
);

-- Immutable versions of the business plan; content is JSON (PlanContent).
CREATE TABLE idea_plan_versions (
    id INTEGER PRIMARY KEY,
    idea_id BIGINT NOT NULL REFERENCES ideas (id),
    version BIGINT NOT NULL,
    author_user_id BIGINT REFERENCES users (id),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX idea_plan_versions_version ON idea_plan_versions (idea_id, version);

-- The coach's comments on a version, which the team sees.
CREATE TABLE idea_plan_comments (
    id INTEGER PRIMARY KEY,
    plan_version_id BIGINT NOT NULL REFERENCES idea_plan_versions (id),
    author_user_id BIGINT REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idea_plan_comments_version ON idea_plan_comments (plan_version_id, id);
