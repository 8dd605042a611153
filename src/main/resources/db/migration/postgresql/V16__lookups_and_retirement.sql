-- ExoConsent's schema 16 for PostgreSQL (issue 17 §5): indexes for the lookups every recording makes, which read
-- the whole table without them, so that a recording took longer the more records the store held (0.8 s a consent on
-- 100,000 records, 0.06 s on an empty store; docs/BENCHMARKS.md):
--  * is this document id recorded? `WHERE exoconsent_nocase(id) = exoconsent_nocase(?)` on record and correction
--    (records.SqlRecordsIndex.exists, SQLite's `id = ? COLLATE NOCASE`): the primary keys are on id itself, which
--    this comparison cannot use;
--  * an entry of the audit trail by action and subject, newest first (records.SqlAuditTrail.newestFirst: the
--    treatment's confirmation, the consultation's explanations, the settings' and accounts' last changes).
-- And a key's retirement time is the server's present (attack review of 2026-12-01): the devices' role may retire
-- a key (a lost tablet is retired from any device), and the trigger of schema 14 let it write any time there: one
-- before the key's registration or its last signature (everything the key signed then failed records verify) or
-- far in the future (the key kept signing, and its real retirement could no longer be written). Now the time must
-- read as a time and lie within 2 minutes of the server's clock (the product writes the server's clock there: a
-- device whose clock differs by more may not write, issue 17 §2).
-- No data changes, no new right (the application role reads through the indexes with its SELECT).

CREATE INDEX record_id_nocase ON record (exoconsent_nocase(id));
CREATE INDEX correction_id_nocase ON correction (exoconsent_nocase(id));
CREATE INDEX audit_action_subject ON audit (action, subject, seq);

CREATE OR REPLACE FUNCTION signing_key_only_retired() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    retired timestamptz;
BEGIN
    IF NEW.fingerprint IS DISTINCT FROM OLD.fingerprint OR NEW.label IS DISTINCT FROM OLD.label
            OR NEW.subject IS DISTINCT FROM OLD.subject OR NEW.not_before IS DISTINCT FROM OLD.not_before
            OR NEW.not_after IS DISTINCT FROM OLD.not_after
            OR NEW.registered_from IS DISTINCT FROM OLD.registered_from
            OR NEW.registered_by IS DISTINCT FROM OLD.registered_by
            OR NEW.certificate IS DISTINCT FROM OLD.certificate
            OR OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL THEN
        RAISE EXCEPTION 'a registered signing key cannot be changed, only retired once';
    END IF;
    BEGIN
        retired := NEW.retired_at::timestamptz;
    EXCEPTION WHEN others THEN
        RAISE EXCEPTION 'a signing key is retired at the present time: ''%'' is not a time', NEW.retired_at;
    END;
    IF retired < now() - interval '2 minutes' OR retired > now() + interval '2 minutes' THEN
        RAISE EXCEPTION 'a signing key is retired at the present time (the server''s %), not at %', now(),
            NEW.retired_at;
    END IF;
    RETURN NEW;
END
$$;
