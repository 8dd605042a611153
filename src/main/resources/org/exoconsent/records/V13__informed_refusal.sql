-- Migration 13, run by records.V13__Informed_refusal (a Java migration, as V12; one statement per ";" line end,
-- a trigger up to its "END;"). Issue 16 §5: an informed refusal (the patient declined after the explanation) is a signed record of its own kind,
-- indexed in `record` beside consents and withdrawals with kind 'refusal' (status 'active', refers_to NULL; its
-- patient, physician, treatment, product, lot and template columns are the declined consultation's). SQLite cannot
-- change a CHECK constraint, so the table is rebuilt as SQLite's documentation describes (create the new table, copy,
-- drop, rename), every row and value kept as it was; its indexes and triggers (V1, V4, V9, V12) are made again,
-- unchanged. The migration's connection does not enforce foreign keys, so the correction table's reference to
-- record(id) is untouched and points to the rebuilt table by its name.
CREATE TABLE record_v13 (
    id                TEXT PRIMARY KEY,   -- the document id printed on every page
    kind              TEXT NOT NULL CHECK (kind IN ('consent', 'withdrawal', 'refusal')),
    status            TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    refers_to         TEXT REFERENCES record (id),
    recorded_at       TEXT NOT NULL,
    consultation_at   TEXT NOT NULL,
    patient_number    TEXT NOT NULL,
    patient_name      TEXT NOT NULL,
    patient_kana      TEXT,
    patient_birth     TEXT NOT NULL,
    patient_phone     TEXT,
    patient_address   TEXT,
    representative    TEXT,
    physician_name    TEXT NOT NULL,
    physician_licence TEXT NOT NULL,
    indication        TEXT NOT NULL,
    route             TEXT NOT NULL,
    planned_date      TEXT NOT NULL,
    product_name      TEXT NOT NULL,
    lot_number        TEXT NOT NULL,
    lot_expiry        TEXT NOT NULL,
    template_id       TEXT NOT NULL,
    template_version  TEXT NOT NULL,
    template_sha256   TEXT NOT NULL,
    language          TEXT NOT NULL,
    pdf_path          TEXT NOT NULL UNIQUE, -- relative to the archive folder
    pdf_sha256        TEXT NOT NULL,
    pdf_size          INTEGER NOT NULL,
    snapshot          TEXT NOT NULL,        -- the session (or refusal) as recorded, without signature images
    lot_key           TEXT,                 -- V12: the compared form of lot_number (Identifiers.key)
    patient_key       TEXT                  -- V12: the compared form of patient_number
);
INSERT INTO record_v13 (id, kind, status, refers_to, recorded_at, consultation_at, patient_number, patient_name,
    patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name, physician_licence,
    indication, route, planned_date, product_name, lot_number, lot_expiry, template_id, template_version,
    template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key)
SELECT id, kind, status, refers_to, recorded_at, consultation_at, patient_number, patient_name,
    patient_kana, patient_birth, patient_phone, patient_address, representative, physician_name, physician_licence,
    indication, route, planned_date, product_name, lot_number, lot_expiry, template_id, template_version,
    template_sha256, language, pdf_path, pdf_sha256, pdf_size, snapshot, lot_key, patient_key FROM record;
DROP TABLE record;
ALTER TABLE record_v13 RENAME TO record;

CREATE INDEX record_lot ON record (lot_number, product_name);
CREATE INDEX record_consultation ON record (consultation_at);
CREATE INDEX record_physician ON record (physician_name, consultation_at);
CREATE INDEX record_product ON record (product_name, consultation_at);
CREATE INDEX record_status ON record (status, consultation_at);
CREATE INDEX record_patient ON record (patient_number);
CREATE INDEX record_indication ON record (indication, consultation_at);
CREATE INDEX record_lot_key ON record (lot_key, product_name);
CREATE INDEX record_patient_key ON record (patient_key);
CREATE INDEX record_kind ON record (kind, consultation_at);

CREATE TRIGGER record_no_delete BEFORE DELETE ON record
BEGIN
    SELECT RAISE(ABORT, 'a signed record cannot be deleted');
END;
CREATE TRIGGER record_immutable BEFORE UPDATE ON record
WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.refers_to IS NOT OLD.refers_to
  OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.consultation_at IS NOT OLD.consultation_at
  OR NEW.patient_number IS NOT OLD.patient_number OR NEW.patient_name IS NOT OLD.patient_name
  OR NEW.patient_kana IS NOT OLD.patient_kana OR NEW.patient_birth IS NOT OLD.patient_birth
  OR NEW.patient_phone IS NOT OLD.patient_phone OR NEW.patient_address IS NOT OLD.patient_address
  OR NEW.representative IS NOT OLD.representative OR NEW.physician_name IS NOT OLD.physician_name
  OR NEW.physician_licence IS NOT OLD.physician_licence OR NEW.indication IS NOT OLD.indication
  OR NEW.route IS NOT OLD.route OR NEW.planned_date IS NOT OLD.planned_date
  OR NEW.product_name IS NOT OLD.product_name OR NEW.lot_number IS NOT OLD.lot_number
  OR NEW.lot_expiry IS NOT OLD.lot_expiry OR NEW.template_id IS NOT OLD.template_id
  OR NEW.template_version IS NOT OLD.template_version OR NEW.template_sha256 IS NOT OLD.template_sha256
  OR NEW.language IS NOT OLD.language OR NEW.pdf_path IS NOT OLD.pdf_path
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.pdf_size IS NOT OLD.pdf_size OR NEW.snapshot IS NOT OLD.snapshot
BEGIN
    SELECT RAISE(ABORT, 'a signed record cannot be changed');
END;
CREATE TRIGGER record_status_only_withdrawn BEFORE UPDATE OF status ON record
WHEN NEW.status IS NOT OLD.status AND NOT (OLD.kind = 'consent' AND OLD.status = 'active'
  AND NEW.status = 'withdrawn'
  AND EXISTS (SELECT 1 FROM record w WHERE w.kind = 'withdrawal' AND w.refers_to = OLD.id))
BEGIN
    SELECT RAISE(ABORT, 'a status changes only by a withdrawal document, and a withdrawal cannot be undone');
END;
CREATE TRIGGER record_keys_immutable BEFORE UPDATE ON record
WHEN NEW.lot_key IS NOT OLD.lot_key OR NEW.patient_key IS NOT OLD.patient_key
BEGIN
    SELECT RAISE(ABORT, 'a signed record cannot be changed');
END;
CREATE TRIGGER record_keys_required BEFORE INSERT ON record WHEN NEW.lot_key IS NULL OR NEW.patient_key IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a record needs its lot_key and patient_key');
END;
