-- The consent template versions this clinic has: the one bundled with the program and any imported later. The
-- files of each version are kept in the data directory under templates/<version>/<id>/ and never changed; the
-- SHA-256 over them (docs/TEMPLATES.md) is checked every time a version is read. Rows are never changed or
-- deleted: a record names the version it was signed with, so that version must stay available.
CREATE TABLE template_version (
    template_id    TEXT NOT NULL,
    version        TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    languages      TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('bundled', 'imported')),
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
);
CREATE TRIGGER template_version_no_update BEFORE UPDATE ON template_version
BEGIN
    SELECT RAISE(ABORT, 'a template version cannot be changed: import a new version');
END;
CREATE TRIGGER template_version_no_delete BEFORE DELETE ON template_version
BEGIN
    SELECT RAISE(ABORT, 'a template version cannot be deleted: records may have been signed with it');
END;

-- Which version a new consultation uses, per template. Changed only by an administrator; audited.
CREATE TABLE template_active (
    template_id  TEXT PRIMARY KEY,
    version      TEXT NOT NULL,
    activated_at TEXT NOT NULL,
    activated_by TEXT NOT NULL,
    FOREIGN KEY (template_id, version) REFERENCES template_version (template_id, version)
);
