-- When an exit and a consent withdrawal were recorded, so that one made by mistake can be
-- undone within the correction period (CORRECTION_DAYS in the domain's episode module).
-- NULL for those recorded before this migration: they are past correcting.
ALTER TABLE episodes ADD COLUMN exit_recorded_at TEXT;
ALTER TABLE consents ADD COLUMN withdrawn_at TEXT;
