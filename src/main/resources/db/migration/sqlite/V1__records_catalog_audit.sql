-- ExoConsent records store, schema 1. SQLite. Dates are ISO-8601 text; times are instants with offset.

-- The clinic's profile: one row.
CREATE TABLE clinic (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    name                  TEXT NOT NULL,
    address               TEXT NOT NULL,
    phone                 TEXT NOT NULL,
    blood_donation_policy TEXT NOT NULL,
    demo                  INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))
);

CREATE TABLE physician (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    licence_number TEXT NOT NULL UNIQUE,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE product (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    manufacturer  TEXT NOT NULL,
    source_cells  TEXT NOT NULL,
    virus_tests   TEXT NOT NULL,          -- JSON array of the tests performed
    sterilisation TEXT NOT NULL CHECK (sterilisation IN ('sterilised', 'not-sterilised', 'unknown')),
    storage       TEXT
);

CREATE TABLE lot (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES product (id),
    number     TEXT NOT NULL,
    expiry     TEXT NOT NULL,
    qc         TEXT,                      -- optional QC figures, free text or JSON
    UNIQUE (product_id, number)
);

-- One signed document in the archive: a consent, or a withdrawal that refers to one.
CREATE TABLE record (
    id                TEXT PRIMARY KEY,   -- the document id printed on every page
    kind              TEXT NOT NULL CHECK (kind IN ('consent', 'withdrawal')),
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
    snapshot          TEXT NOT NULL         -- the session as recorded, without signature images
);
CREATE INDEX record_lot ON record (lot_number, product_name);
CREATE INDEX record_consultation ON record (consultation_at);
CREATE INDEX record_physician ON record (physician_name, consultation_at);
CREATE INDEX record_product ON record (product_name, consultation_at);
CREATE INDEX record_status ON record (status, consultation_at);
CREATE INDEX record_patient ON record (patient_number);

-- A signed record never changes, except its status (withdrawal is a new document that refers to it).
CREATE TRIGGER record_immutable BEFORE UPDATE ON record
WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.refers_to IS NOT OLD.refers_to
  OR NEW.recorded_at IS NOT OLD.recorded_at OR NEW.pdf_path IS NOT OLD.pdf_path
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.snapshot IS NOT OLD.snapshot
  OR NEW.patient_number IS NOT OLD.patient_number OR NEW.lot_number IS NOT OLD.lot_number
BEGIN
    SELECT RAISE(ABORT, 'a signed record cannot be changed');
END;
CREATE TRIGGER record_no_delete BEFORE DELETE ON record
BEGIN
    SELECT RAISE(ABORT, 'a signed record cannot be deleted');
END;

-- Append-only audit log; each entry's hash covers the previous entry's hash.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
