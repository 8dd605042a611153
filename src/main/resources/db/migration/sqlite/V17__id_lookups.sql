-- ExoConsent's schema 17 for SQLite (issue 17 §5): the indexes PostgreSQL got in its schema 16, for the lookups
-- every recording makes, which read the whole table without them:
--  * is this document id recorded? `id = ? COLLATE NOCASE` on record and correction (records.SqlRecordsIndex.exists,
--    asked by RecordStore.refuseIfRecorded before rendering and again in the commit): the primary keys are BINARY,
--    which a case-ignoring comparison cannot use;
--  * an entry of the audit trail by action and subject, newest first (records.SqlAuditTrail.newestFirst: the
--    treatment's confirmation, the consultation's explanations, the settings' and accounts' last changes).
-- Numbered 17, not 15: PostgreSQL's 15 (template files) and 16 (these lookups and the key's retirement at the
-- present) are PostgreSQL's alone, and one number names one migration whatever the vendor (docs/ARCHITECTURE.md,
-- "The PostgreSQL schema"). No data changes.

CREATE INDEX record_id_nocase ON record (id COLLATE NOCASE);
CREATE INDEX correction_id_nocase ON correction (id COLLATE NOCASE);
CREATE INDEX audit_action_subject ON audit (action, subject, seq);
