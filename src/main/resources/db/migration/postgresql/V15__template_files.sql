-- ExoConsent's schema 15 for PostgreSQL (issue 17 §2: the template versions live in the store): the files of each
-- template version (its manifest template.yaml and one LANGUAGE.yaml per language), which the embedded SQLite store
-- keeps as files in the data directory's templates/VERSION/ID/ folders (records.FolderTemplates), so SQLite has no
-- migration 15. records.PostgresTemplateFiles puts a version's files in the write transaction that indexes the
-- version (the foreign key is checked at its commit), and reads them back checked against the version's SHA-256.
-- Like a template version, a file is never changed or deleted, even by the database's owner.

CREATE TABLE template_file (
    template_id text NOT NULL,
    version     text NOT NULL,
    name        text NOT NULL CHECK (name = 'template.yaml' OR name ~ '^[A-Za-z0-9_-]+\.yaml$'),
    content     bytea NOT NULL,
    PRIMARY KEY (template_id, version, name),
    FOREIGN KEY (template_id, version) REFERENCES template_version (template_id, version)
        DEFERRABLE INITIALLY DEFERRED
);
CREATE TRIGGER template_file_no_update BEFORE UPDATE ON template_file
    FOR EACH ROW EXECUTE FUNCTION exoconsent_refuse('a template version''s file cannot be changed: import a new version');
CREATE TRIGGER template_file_no_delete BEFORE DELETE ON template_file
    FOR EACH ROW EXECUTE FUNCTION
        exoconsent_refuse('a template version''s file cannot be deleted: records may have been signed with it');
CREATE TRIGGER template_file_no_truncate BEFORE TRUNCATE ON template_file
    FOR EACH STATEMENT EXECUTE FUNCTION
        exoconsent_refuse('a template version''s file cannot be deleted: records may have been signed with it');
