-- Issue 13 §1: every column of a signed record is immutable, not only the identifying ones; the one change left is
-- a consent's status from 'active' to 'withdrawn', and only once a withdrawal document referring to it is indexed
-- (RecordStore.withdraw inserts the withdrawal's row first). Someone with sqlite3 can still drop this trigger;
-- records verify then finds any edited value against the facts the signed PDF carries (SignedFactsCheck).
DROP TRIGGER IF EXISTS record_immutable;
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
