-- Steering and working groups, their meetings, decisions and action items, and targets followed
-- by hand (SQLite). Keep in step with ../postgres/0017_steering_targets.sql.
-- (docs/architecture.md, "Steering groups and targets"; decision 0028.)

-- A target may have a date by which it should be met.
ALTER TABLE programme_targets ADD COLUMN due_on TEXT;

-- Values of a target followed by hand (kind `other`): every reading is kept, the latest by date
-- (then by id) is the current value.
CREATE TABLE target_readings (
    id INTEGER PRIMARY KEY,
    target_id BIGINT NOT NULL REFERENCES programme_targets (id),
    recorded_on TEXT NOT NULL,
    value BIGINT NOT NULL,
    comment TEXT,
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX target_readings_target ON target_readings (target_id, recorded_on, id);

-- A steering group or a working group of a programme.
CREATE TABLE steering_groups (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX steering_groups_programme ON steering_groups (programme_id);

-- Members are user accounts, with a role in the group in words (ordförande, sekreterare).
CREATE TABLE steering_members (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES steering_groups (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT
);
CREATE UNIQUE INDEX steering_members_user ON steering_members (group_id, user_id);
CREATE INDEX steering_members_by_user ON steering_members (user_id);

-- A meeting: date, place, the agenda (one item a line) and the minutes.
CREATE TABLE steering_meetings (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES steering_groups (id),
    held_on TEXT NOT NULL,
    place TEXT,
    agenda TEXT,
    minutes TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX steering_meetings_group ON steering_meetings (group_id, held_on);

-- Decisions are numbered per meeting (§ 1, § 2, ...).
CREATE TABLE steering_decisions (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES steering_meetings (id),
    number BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX steering_decisions_number ON steering_decisions (meeting_id, number);

-- Action items: what, who (a user), by when, and where it stands (open, done, cancelled).
CREATE TABLE steering_actions (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES steering_meetings (id),
    body TEXT NOT NULL,
    owner_user_id BIGINT NOT NULL REFERENCES users (id),
    due_on TEXT,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX steering_actions_meeting ON steering_actions (meeting_id);
CREATE INDEX steering_actions_owner ON steering_actions (owner_user_id, status);
