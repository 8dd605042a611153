-- ExoConsent's schema 16 for PostgreSQL (issue 17 §5): indexes for the lookups every recording makes, which read
-- the whole table without them, so that a recording took longer the more records the store held (0.8 s a consent on
-- 100,000 records, 0.06 s on an empty store; docs/BENCHMARKS.md):
--  * is this document id recorded? `WHERE exoconsent_nocase(id) = exoconsent_nocase(?)` on record and correction
--    (records.SqlRecordsIndex.exists, SQLite's `id = ? COLLATE NOCASE`): the primary keys are on id itself, which
--    this comparison cannot use;
--  * an entry of the audit trail by action and subject, newest first (records.SqlAuditTrail.newestFirst: the
--    treatment's confirmation, the consultation's explanations, the settings' and accounts' last changes).
-- Schema only: no data changes, no new right (the application role reads through the indexes with its SELECT).

CREATE INDEX record_id_nocase ON record (exoconsent_nocase(id));
CREATE INDEX correction_id_nocase ON correction (exoconsent_nocase(id));
CREATE INDEX audit_action_subject ON audit (action, subject, seq);
