-- Enterprise figures (SQLite). Keep in step with ../postgres/0009_enterprise_figures.sql.
-- Participants in enterprises, the enterprises' figures per year, and the link from an
-- enterprise representative's account to their enterprise (docs/architecture.md,
-- "Enterprise figures").

-- The enterprise an account of the enterprise role reports for (set by
-- `stegvis user add --role enterprise --enterprise ID`).
ALTER TABLE users ADD COLUMN enterprise_id BIGINT REFERENCES enterprises (id);
CREATE INDEX users_enterprise ON users (enterprise_id);

-- A person's job or other part in an enterprise: personal data, audited on every read and
-- write. An ended membership keeps its row (ends_on set). Anonymising the person clears
-- role_title and keeps the rest, which describes nobody, for effect 2's counts.
CREATE TABLE enterprise_memberships (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    -- EmploymentForm code: employed, wage-subsidy, nystartsjobb, work-training, placement,
    -- member-or-owner, volunteer.
    form TEXT NOT NULL,
    role_title TEXT,
    -- Tenths of an hour a week.
    hours_tenths BIGINT,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX enterprise_memberships_enterprise ON enterprise_memberships (enterprise_id, starts_on);
-- Effect 2 counts memberships by person (joined from a programme's episodes).
CREATE INDEX enterprise_memberships_person ON enterprise_memberships (person_id, form);

-- What an enterprise reports about a year: amounts in öre, head counts on a stated date.
CREATE TABLE enterprise_figures (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    year BIGINT NOT NULL,
    turnover_ore BIGINT NOT NULL,
    result_ore BIGINT NOT NULL,
    wage_costs_ore BIGINT NOT NULL,
    public_revenue_ore BIGINT NOT NULL,
    reinvested_surplus_ore BIGINT NOT NULL,
    counted_on TEXT NOT NULL,
    employees BIGINT NOT NULL,
    target_group BIGINT NOT NULL,
    -- Annual work units in tenths.
    work_units_tenths BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX enterprise_figures_year ON enterprise_figures (enterprise_id, year);
