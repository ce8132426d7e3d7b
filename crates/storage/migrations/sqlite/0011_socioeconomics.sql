-- The socio-economic account (SQLite). Keep in step with ../postgres/0011_socioeconomics.sql.
-- Parameter sets per operator and year with every value's source, and the ex-ante scenarios
-- (docs/methods.md, "Socio-economic account"; decision 0021). Nothing here is personal data:
-- the account is computed from aggregates and never stored.

-- One set of parameters per operator and year. Saving a year again replaces its values and
-- raises version; the audit log keeps who changed what and when.
CREATE TABLE socioeconomic_parameter_sets (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    year BIGINT NOT NULL,
    version BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX socioeconomic_parameter_sets_year ON socioeconomic_parameter_sets (operator_id, year);

-- One row per ParameterKey code: öre for amounts, basis points for percentages; low and high
-- are the ends of the sensitivity range (equal to value where there is none).
CREATE TABLE socioeconomic_parameters (
    set_id BIGINT NOT NULL REFERENCES socioeconomic_parameter_sets (id),
    parameter_key TEXT NOT NULL,
    value BIGINT NOT NULL,
    low BIGINT NOT NULL,
    high BIGINT NOT NULL,
    source TEXT NOT NULL,
    dated TEXT NOT NULL,
    checked BOOLEAN NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (set_id, parameter_key)
);

-- Who bears each public income source (the editable form of effects::paying_actor):
-- IncomeSource code to AccountActor code.
CREATE TABLE socioeconomic_source_actors (
    set_id BIGINT NOT NULL REFERENCES socioeconomic_parameter_sets (id),
    source TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (set_id, source)
);

-- A named ex-ante scenario of an operator, optionally for one of its programmes. body is the
-- JSON of stegvis_domain::socioeconomics::ScenarioBody (investment per actor, typical cases).
CREATE TABLE socioeconomic_scenarios (
    id INTEGER PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES organisations (id),
    programme_id BIGINT REFERENCES programmes (id),
    name TEXT NOT NULL,
    parameter_year BIGINT NOT NULL,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE INDEX socioeconomic_scenarios_operator ON socioeconomic_scenarios (operator_id, name);
