-- Template versions found to contain errors, and the version that corrects each (issue 10: 1.0.0 is corrected by
-- 1.1.0). A row is written when a version whose template.yaml says `corrects: [...]` enters the library (bundled or
-- imported), in the same transaction as its template-added audit entry. A corrected version is never used for a new
-- consultation, cannot be activated again, and a draft begun on it is restarted on the correction; records already
-- signed with it stay as they are. Rows are never changed or deleted.
CREATE TABLE template_correction (
    template_id  TEXT NOT NULL,
    version      TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (template_id, version, corrected_by),
    FOREIGN KEY (template_id, corrected_by) REFERENCES template_version (template_id, version)
);
CREATE TRIGGER template_correction_no_update BEFORE UPDATE ON template_correction
BEGIN
    SELECT RAISE(ABORT, 'a template correction cannot be changed');
END;
CREATE TRIGGER template_correction_no_delete BEFORE DELETE ON template_correction
BEGIN
    SELECT RAISE(ABORT, 'a template correction cannot be deleted');
END;
