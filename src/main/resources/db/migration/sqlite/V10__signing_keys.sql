-- The clinic's registered signing keys (issue 13 §2). Only a registered, current key signs a consent or a
-- withdrawal; `records verify` holds every archived document's signer against this table. A row is written when a
-- key is created, imported or registered by an administrator (audit `key-registered`), and on the first opening by
-- this release for the key already in the data directory's keys/ folder, with a period from its certificate's
-- notBefore so that the documents it signed before stay covered. Times are instants in UTC (ISO-8601), to the
-- second. A key is never deleted and never changed, except that it is retired once (audit `key-retired`).
CREATE TABLE signing_key (
    fingerprint     TEXT PRIMARY KEY,   -- SHA-256 of the certificate (DER), upper-case hex with colons
    label           TEXT NOT NULL,      -- e.g. "clinic key", or the device
    subject         TEXT NOT NULL,      -- the certificate's subject (RFC 2253)
    not_before      TEXT NOT NULL,      -- the certificate's validity
    not_after       TEXT NOT NULL,
    registered_from TEXT NOT NULL,      -- the period it signs: from …
    retired_at      TEXT,               -- … until (null while current)
    registered_by   TEXT NOT NULL,      -- who registered it (the audit actor), or "upgrade"
    certificate     TEXT NOT NULL,      -- the certificate itself, base64 DER
    CHECK (retired_at IS NULL OR retired_at >= registered_from)
);
CREATE TRIGGER signing_key_only_retired BEFORE UPDATE ON signing_key
WHEN NEW.fingerprint IS NOT OLD.fingerprint OR NEW.label IS NOT OLD.label OR NEW.subject IS NOT OLD.subject
  OR NEW.not_before IS NOT OLD.not_before OR NEW.not_after IS NOT OLD.not_after
  OR NEW.registered_from IS NOT OLD.registered_from OR NEW.registered_by IS NOT OLD.registered_by
  OR NEW.certificate IS NOT OLD.certificate OR OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a registered signing key cannot be changed, only retired once');
END;
CREATE TRIGGER signing_key_no_delete BEFORE DELETE ON signing_key
BEGIN
    SELECT RAISE(ABORT, 'a registered signing key cannot be deleted');
END;
