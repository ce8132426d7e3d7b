-- Login with e-ID through OpenID Connect (issue 14, decision 0032).
--
-- One identity provider per organisation. The client secret is read only by the login and never
-- shown back; `claim_kind` says whether `claim_name` carries a personnummer (matched by its
-- keyed hash, so the database holds no personnummer of staff) or an employee id (matched as is).
CREATE TABLE oidc_providers (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    issuer_url TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    claim_name TEXT NOT NULL,
    claim_kind TEXT NOT NULL,
    -- When true, users of the organisation can log in only with e-ID.
    local_passwords_off BOOLEAN NOT NULL,
    updated_at TEXT NOT NULL
);

-- Logins sent to a provider and not yet back: in the database rather than in memory so the
-- callback may reach another app server than the one that sent the browser away. Found by the
-- hash of `state`, consumed once, and bound to the browser by the hash of a cookie.
CREATE TABLE oidc_pending_logins (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX oidc_pending_logins_expires ON oidc_pending_logins (expires_at);

-- What a user's e-ID must present: an employee id as given, or `pnr:` and the keyed hash of a
-- personnummer. Unique within the organisation, so one identity is one account.
ALTER TABLE users ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX users_external_id ON users (organisation_id, external_id);
