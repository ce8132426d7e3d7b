-- Partners' contributions against the budget, and partners' roles (issue 13 items 2 and 6,
-- decision 0027). The financing plan is `programme_budgets` (per financier and year); this adds
-- what was spent: a month of one partner's contribution (hours per kind of work in hundredths
-- of an hour, money and in kind, in öre) and the hourly cost per partner and year.
CREATE TABLE programme_contributions (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month TEXT NOT NULL,
    coordination_hundredths BIGINT NOT NULL,
    participant_support_hundredths BIGINT NOT NULL,
    outreach_hundredths BIGINT NOT NULL,
    steering_hundredths BIGINT NOT NULL,
    administration_hundredths BIGINT NOT NULL,
    money_ore BIGINT NOT NULL,
    in_kind_ore BIGINT NOT NULL,
    in_kind_description TEXT,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX programme_contributions_month ON programme_contributions (programme_id, organisation_id, month);
CREATE INDEX programme_contributions_organisation ON programme_contributions (organisation_id);

CREATE TABLE programme_rates (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    year BIGINT NOT NULL,
    hourly_ore BIGINT NOT NULL
);
CREATE UNIQUE INDEX programme_rates_year ON programme_rates (programme_id, organisation_id, year);
CREATE INDEX programme_rates_organisation ON programme_rates (organisation_id);

-- A partner's role in a programme: what it contributes and its contact (a staff member: the
-- name, role and e-mail address are personal data, so reads and changes are audited).
CREATE TABLE programme_partner_roles (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    contributes TEXT,
    contact_name TEXT,
    contact_role TEXT,
    contact_email TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (programme_id, organisation_id)
);
CREATE INDEX programme_partner_roles_organisation ON programme_partner_roles (organisation_id);

-- The partner's staff who may refer people to the programme.
CREATE TABLE programme_referrers (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX programme_referrers_user ON programme_referrers (user_id);
