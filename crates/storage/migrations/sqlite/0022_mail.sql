-- E-mail reminders (SQLite). Keep in step with ../postgres/0022_mail.sql.
-- (docs/decisions/0033-email-reminders-through-an-outbox.md)

-- A staff member's address for the daily digest; NULL for none.
ALTER TABLE users ADD COLUMN email TEXT;

-- The day a participant asked for questionnaire reminders by e-mail (to persons.email); NULL
-- when they have not, or took it back.
ALTER TABLE persons ADD COLUMN reminders_since TEXT;

-- Every e-mail Stegvis sends, queued before it is sent. One row per recipient, kind and day:
-- the daily job inserts what is due with ON CONFLICT DO NOTHING, so running it again, on
-- another server or after a restart, queues nothing twice. A server claims a row with a
-- conditional UPDATE before it sends it, and a row once sent is never sent again. The address
-- and text are cleared when the message is sent or given up, so the table keeps no personal
-- data beyond who was mailed what kind of message on which day.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    -- 'user' (a staff member's digest) or 'person' (a participant's reminder).
    recipient_kind TEXT NOT NULL,
    recipient_id BIGINT NOT NULL,
    -- 'digest' or 'questionnaire'.
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    to_address TEXT,
    subject TEXT,
    body TEXT,
    -- 'pending', 'sending' (claimed by a server until claimed_until), 'sent' or 'failed'.
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (recipient_kind, recipient_id, kind, day);
CREATE INDEX mail_outbox_status ON mail_outbox (status, next_attempt_at);
