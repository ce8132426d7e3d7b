-- Enterprises (SQLite). Keep in step with ../postgres/0005_enterprises.sql.
-- The register of social enterprises and the public directory (docs/architecture.md,
-- "Enterprises"). Nothing here is personal data: contact details are the enterprise's own.

-- A registered social enterprise, linked to the operator whose programme supports it.
CREATE TABLE enterprises (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    -- Canonical 10 digits without hyphen.
    org_number TEXT NOT NULL,
    legal_form TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    -- SNI 2007, five digits without the dot.
    sni_code TEXT,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    -- Lower-case, diacritics removed: for the directory's search by city.
    city_key TEXT,
    -- Lower-case, diacritics removed: for search by name.
    name_key TEXT NOT NULL,
    -- The same for the name and what it sells: the directory's free-text search.
    search_key TEXT NOT NULL,
    what_it_sells TEXT,
    how_to_buy TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    website TEXT,
    -- Tillväxtverket's criteria as a documented checklist, each with an optional note.
    asf_runs_business BOOLEAN NOT NULL,
    asf_runs_business_note TEXT,
    asf_work_integration BOOLEAN NOT NULL,
    asf_work_integration_note TEXT,
    asf_participation BOOLEAN NOT NULL,
    asf_participation_note TEXT,
    asf_reinvests_profits BOOLEAN NOT NULL,
    asf_reinvests_profits_note TEXT,
    asf_independent BOOLEAN NOT NULL,
    asf_independent_note TEXT,
    f_skatt BOOLEAN NOT NULL,
    vat_registered BOOLEAN NOT NULL,
    employer_registered BOOLEAN NOT NULL,
    -- Opt-in to the public directory and the open data.
    public_listing BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX enterprises_org_number ON enterprises (org_number);
CREATE INDEX enterprises_operator ON enterprises (operator_id, registered_on);
CREATE INDEX enterprises_public ON enterprises (public_listing, city_key);

-- Support an enterprise received (Coompanion, Almi, start-up grant, wage subsidies...): the
-- year, an optional amount in öre and a note.
CREATE TABLE enterprise_support (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    amount_ore BIGINT,
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX enterprise_support_enterprise ON enterprise_support (enterprise_id, year);
