-- A second factor for local accounts (issue 14, decision 0031): time-based one-time codes
-- (RFC 6238), one-time recovery codes, and the half-finished logins between password and code.
CREATE TABLE user_totp (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    -- The shared secret, sealed with a key derived from the instance key: a copy of the
    -- database alone does not let anyone generate codes.
    secret_sealed TEXT NOT NULL,
    -- NULL while enrolment waits for the first correct code; only then does login ask for one.
    confirmed_at TEXT,
    -- The latest time step a code was accepted for, so no code is accepted twice.
    last_step BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

-- Ten per enrolment, each usable once; only their hashes are stored.
CREATE TABLE user_recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id);

-- A correct password for an account with a second factor: the browser holds the random token,
-- the database its hash, for a few minutes, until the code is given. It grants nothing else.
CREATE TABLE pending_logins (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL
);
CREATE INDEX pending_logins_user ON pending_logins (user_id);
