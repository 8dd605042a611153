-- ExoConsent's schema 23 for PostgreSQL (issue 17): a signed document, and a template version, is taken only with its
-- audit entry.
--
-- Schema 22 takes the audit entry of a document ('created', 'refusal-recorded', 'withdrawn', 'corrected') only in
-- the transaction that adds the document. The other way round was still open: a signed-in device's session could add
-- a record, correction or document row with psql and no entry at all. records verify then names it for good ("the
-- index holds this record but the audit trail never recorded it", or an orphan document): true, as the row was added
-- outside the product, but an alarm that nothing can clear, raised by anyone holding a device's password (attack
-- review of schema 22, left open then).
-- Now, from every session but the database owner's (store migrate and restore copy rows and entries as they were),
-- a transaction that adds
--  * a record row commits only with its entry in the same transaction: a consent's 'created' and a refusal's
--    'refusal-recorded' with the record's id as subject, a withdrawal's 'withdrawn' with the consent it refers to as
--    subject and the withdrawal's id as detail 'document';
--  * a correction row, only with its 'corrected' entry (subject: the consent, detail 'document': the correction);
--  * a document row, only with the record or correction row that names it (pdf_path, with its SHA-256) in the same
--    transaction, which in turn needs its entry;
--  * a template version, only with all its files in the same transaction, whose SHA-256 (TemplateLoader.sha256: over
--    the files in name order, each its name, a zero byte, its length in decimal, a zero byte and its bytes) is the
--    row's, and with its 'template-added' entry; a template file, only with its version's row. Before, schema 20's
--    exception for a bundled version let a staff session add the row alone (or stray files first): the version could
--    then never be completed, and records verify stopped on it (exit 4).
-- And an informed refusal's 'refusal-recorded' entry, like a consent's 'created' since schema 22, only when the trail
-- holds the 'treatment-confirmed' entry of its consultation (detail 'consultation') by the physician it names (detail
-- 'confirmedBy') with the refusal's licence: the product records a refusal only after the physician's confirmation
-- (docs/SESSION.md R2), and schema 22 had left the server's own check to consents.
-- The checks run at the commit (constraint triggers, deferred), so the order of the rows and the entry within the
-- transaction does not matter; a refused commit stores nothing of the transaction. No data changes; rows already in
-- the store are not read again. Two indexes let a document find its row without reading the whole index.

CREATE INDEX record_pdf_path ON record (pdf_path);
CREATE INDEX correction_pdf_path ON correction (pdf_path);

CREATE FUNCTION exoconsent_row_with_its_entry() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'record' THEN
        IF EXISTS (SELECT 1 FROM public.audit a
                   WHERE a.action = CASE NEW.kind WHEN 'consent' THEN 'created'
                                                  WHEN 'refusal' THEN 'refusal-recorded' ELSE 'withdrawn' END
                     AND a.subject = CASE WHEN NEW.kind = 'withdrawal' THEN NEW.refers_to ELSE NEW.id END
                     AND (NEW.kind <> 'withdrawal' OR public.exoconsent_detail(a.details, 'document') = NEW.id)
                     AND public.exoconsent_this_transaction(a.xmin)) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'record % (%) refused: a record is stored only together with its audit entry (%), which this '
            'transaction did not write; nothing of it was stored', left(NEW.id, 200), NEW.kind,
            CASE NEW.kind WHEN 'consent' THEN 'created' WHEN 'refusal' THEN 'refusal-recorded' ELSE 'withdrawn' END
            USING ERRCODE = '42501';
    ELSIF TG_TABLE_NAME = 'correction' THEN
        IF EXISTS (SELECT 1 FROM public.audit a
                   WHERE a.action = 'corrected' AND a.subject = NEW.refers_to
                     AND public.exoconsent_detail(a.details, 'document') = NEW.id
                     AND public.exoconsent_this_transaction(a.xmin)) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'correction % refused: a correction is stored only together with its audit entry (corrected), '
            'which this transaction did not write; nothing of it was stored', left(NEW.id, 200)
            USING ERRCODE = '42501';
    END IF;
    IF TG_TABLE_NAME = 'template_version' THEN
        IF EXISTS (SELECT 1 FROM public.audit a WHERE a.action = 'template-added'
                     AND a.subject = NEW.template_id || ' ' || NEW.version
                     AND public.exoconsent_this_transaction(a.xmin))
                AND NOT EXISTS (SELECT 1 FROM public.template_file f WHERE f.template_id = NEW.template_id
                                AND f.version = NEW.version AND NOT public.exoconsent_this_transaction(f.xmin))
                AND NEW.sha256 = (SELECT encode(sha256(string_agg(convert_to(f.name, 'UTF8') || '\x00'::bytea
                                      || convert_to(octet_length(f.content)::text, 'UTF8') || '\x00'::bytea
                                      || f.content, ''::bytea ORDER BY f.name COLLATE "C")), 'hex')
                                  FROM public.template_file f
                                  WHERE f.template_id = NEW.template_id AND f.version = NEW.version) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'template version % % refused: a template version is stored only together with all its files, '
            'whose SHA-256 is the version''s, and its audit entry (template-added), in one transaction; nothing of it '
            'was stored', left(NEW.template_id, 200), left(NEW.version, 100) USING ERRCODE = '42501';
    ELSIF TG_TABLE_NAME = 'template_file' THEN
        IF EXISTS (SELECT 1 FROM public.template_version v WHERE v.template_id = NEW.template_id
                     AND v.version = NEW.version AND public.exoconsent_this_transaction(v.xmin)) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'template file % of % % refused: a template''s files are stored only together with its '
            'version, in one transaction; nothing of it was stored', left(NEW.name, 200), left(NEW.template_id, 200),
            left(NEW.version, 100) USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM public.record r WHERE r.pdf_path = NEW.name AND lower(r.pdf_sha256) = NEW.sha256
                 AND public.exoconsent_this_transaction(r.xmin))
            OR EXISTS (SELECT 1 FROM public.correction c WHERE c.pdf_path = NEW.name
                 AND lower(c.pdf_sha256) = NEW.sha256 AND public.exoconsent_this_transaction(c.xmin)) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'document % refused: a signed document is stored only together with the record or correction '
        'that names it, which this transaction did not add; nothing of it was stored', left(NEW.name, 200)
        USING ERRCODE = '42501';
END
$$;

CREATE CONSTRAINT TRIGGER record_with_its_entry AFTER INSERT ON record
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_row_with_its_entry();
CREATE CONSTRAINT TRIGGER correction_with_its_entry AFTER INSERT ON correction
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_row_with_its_entry();
CREATE CONSTRAINT TRIGGER document_with_its_row AFTER INSERT ON document
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_row_with_its_entry();
CREATE CONSTRAINT TRIGGER template_version_with_its_files AFTER INSERT ON template_version
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_row_with_its_entry();
CREATE CONSTRAINT TRIGGER template_file_with_its_version AFTER INSERT ON template_file
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_row_with_its_entry();

CREATE FUNCTION exoconsent_refusal_after_its_confirmation() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.action <> 'refusal-recorded' OR public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.audit c JOIN public.record r ON r.id = NEW.subject AND r.kind = 'refusal'
               WHERE c.action = 'treatment-confirmed'
                 AND c.subject = public.exoconsent_detail(NEW.details, 'consultation')
                 AND public.exoconsent_detail(c.details, 'physician') = public.exoconsent_detail(NEW.details, 'confirmedBy')
                 AND public.exoconsent_detail(c.details, 'licence') = r.physician_licence) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry refusal-recorded refused: the audit trail holds no confirmation of consultation % by '
        'physician % with the licence of the refusal (treatment-confirmed)',
        left(coalesce(public.exoconsent_detail(NEW.details, 'consultation'), '(none)'), 200),
        left(coalesce(public.exoconsent_detail(NEW.details, 'confirmedBy'), '(none)'), 200) USING ERRCODE = '42501';
END
$$;
-- after audit_with_its_change (BEFORE triggers run in the order of their names), which holds the entry to its document
CREATE TRIGGER audit_with_its_confirmation BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_refusal_after_its_confirmation();
