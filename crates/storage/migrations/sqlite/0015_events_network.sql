-- Events and outreach, and the programme's network (issue 13, items 1 and 5; decision 0025).

-- An outreach event of a programme: held for people who are not (yet) its participants.
-- Everyone who is not a participant is counted by head only: by sex, and the professionals
-- among them by organisation (free text, as visitors come from organisations outside the
-- register). No column identifies an anonymous visitor.
CREATE TABLE outreach_events (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    organiser TEXT NOT NULL,
    audience TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    evaluation TEXT,
    women BIGINT NOT NULL,
    men BIGINT NOT NULL,
    unknown_sex BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT
);
CREATE INDEX outreach_events_programme ON outreach_events (programme_id, held_on);

CREATE TABLE outreach_professionals (
    event_id BIGINT NOT NULL REFERENCES outreach_events (id),
    organisation TEXT NOT NULL,
    head_count BIGINT NOT NULL,
    PRIMARY KEY (event_id, organisation)
);

-- The programme's own participants present at an event, by name (personal data, audited).
CREATE TABLE outreach_attendance (
    event_id BIGINT NOT NULL REFERENCES outreach_events (id),
    episode_id BIGINT NOT NULL REFERENCES episodes (id),
    PRIMARY KEY (event_id, episode_id)
);
CREATE INDEX outreach_attendance_episode ON outreach_attendance (episode_id);

-- The event a referral records as where the person came from; at most one per episode.
-- Removed with the episode when a referral is declined.
CREATE TABLE outreach_referrals (
    episode_id BIGINT NOT NULL PRIMARY KEY REFERENCES episodes (id),
    event_id BIGINT NOT NULL REFERENCES outreach_events (id)
);
CREATE INDEX outreach_referrals_event ON outreach_referrals (event_id);

-- External organisations of a programme's network and how each relates to the programme.
CREATE TABLE network_organisations (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX network_organisations_programme ON network_organisations (programme_id);

-- A network organisation's role for a business idea or an enterprise: exactly one is set.
CREATE TABLE network_links (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES network_organisations (id),
    idea_id BIGINT REFERENCES ideas (id),
    enterprise_id BIGINT REFERENCES enterprises (id),
    role TEXT NOT NULL,
    CHECK ((idea_id IS NULL) <> (enterprise_id IS NULL))
);
CREATE INDEX network_links_organisation ON network_links (organisation_id);

-- Contact people at network organisations: personal data of professionals, kept minimal.
CREATE TABLE network_contacts (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES network_organisations (id),
    name TEXT NOT NULL,
    role TEXT,
    email TEXT,
    phone TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX network_contacts_organisation ON network_contacts (organisation_id);

-- The log of contacts with a network organisation.
CREATE TABLE network_contact_log (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES network_organisations (id),
    contact_id BIGINT REFERENCES network_contacts (id),
    contacted_on TEXT NOT NULL,
    what TEXT NOT NULL,
    follow_up TEXT,
    follow_up_on TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX network_contact_log_organisation ON network_contact_log (organisation_id, contacted_on);
