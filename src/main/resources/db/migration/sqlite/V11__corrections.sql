-- Issue 13 §1: a correction of a patient's contact or identity detail the clinic mistyped (a wrong telephone number, a
-- misspelt name) is its own signed document that refers to the consent, as a withdrawal is; the consent's row and
-- PDF are never changed. The index shows the newest correction's value for the field, with its document id.
-- `records verify` holds every row against the facts its signed PDF carries (exoconsent-correction.json), its
-- `before` against the value it corrects, and against its audit entry (`corrected`); the triggers below keep an
-- ordinary UPDATE or DELETE out, and verify names a row edited after they were dropped.
CREATE TABLE correction (
    id          TEXT PRIMARY KEY,                 -- the correction's document id, <consent id>-correction-<n>
    refers_to   TEXT NOT NULL REFERENCES record (id),
    field       TEXT NOT NULL CHECK (field IN ('patient.name', 'patient.kana', 'patient.phone', 'patient.address')),
    before      TEXT,                             -- the value it corrects (the consent's or the previous correction's)
    after       TEXT NOT NULL,                    -- the corrected value
    reason      TEXT NOT NULL,
    received_by TEXT NOT NULL,                    -- the staff member who received the correction
    recorded_at TEXT NOT NULL,                    -- an instant (UTC, ISO-8601)
    language    TEXT NOT NULL,                    -- the consent's language, in which the document is written
    pdf_path    TEXT NOT NULL UNIQUE,             -- relative to the archive folder
    pdf_sha256  TEXT NOT NULL,
    pdf_size    INTEGER NOT NULL
);
CREATE INDEX correction_refers_to ON correction (refers_to, recorded_at);
CREATE TRIGGER correction_immutable BEFORE UPDATE ON correction
BEGIN
    SELECT RAISE(ABORT, 'a signed correction cannot be changed');
END;
CREATE TRIGGER correction_no_delete BEFORE DELETE ON correction
BEGIN
    SELECT RAISE(ABORT, 'a signed correction cannot be deleted');
END;
