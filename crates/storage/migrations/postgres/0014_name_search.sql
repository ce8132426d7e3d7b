-- Name search that does not read every person (issue 19): a trigram index over the normalised
-- names, so `LIKE '%fragment%'` on three letters or more is answered from the index.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. It goes to
-- the `public` schema, and the operator class is named with its schema, so a database whose
-- tables live in another schema (as the tests' do) finds it too.
-- Two databases (or schemas) migrated at the same moment would both find the extension missing
-- and one would fail creating it; the lock, held to the end of this migration's transaction,
-- makes the second wait and then find it.
SELECT pg_advisory_xact_lock(7365746);
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE INDEX persons_name_key_trgm ON persons USING gin (name_key public.gin_trgm_ops);
