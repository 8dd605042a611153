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
-- After the attack review of schema 23, also:
--  * a withdrawal or a correction only of a consent (a withdrawal of one not withdrawn yet), and only from the session
--    of a manager, or of a physician whose licence is the consent's (as Permission.WITHDRAW and
--    RecordStore.refuseOthersRecord allow): a staff session had withdrawn a consent for good, or corrected a refusal
--    (an alarm of records verify nothing clears);
--  * a refusal only of its own consultation: its id is the consultation's followed by '-refusal' (docs/SESSION.md R1),
--    and neither it nor a consent of that consultation (nor the same ids in other letter case) is recorded already; a
--    consent likewise only when its consultation has no refusal (one confirmation had covered any number of refusals,
--    and a consent of a consultation that ended declined);
--  * a template version added by a session that may not change the templates (the bundled exception of schema 20)
--    only with the effective date and languages the owner recorded for it at store init/upgrade, added now and by the
--    session's account, and made active only at a readable time now, by that account (a staff session had
--    added the bundled version with dates that are no dates: every consent was then refused, and the row cannot be
--    changed).
-- The checks run at the commit (constraint triggers, deferred), so the order of the rows and the entry within the
-- transaction does not matter; a refused commit stores nothing of the transaction. No data changes; rows already in
-- the store are not read again. Two indexes let a document find its row without reading the whole index.

-- The lookups below are planned for each call (plan_cache_mode = force_custom_plan on their functions): a plan cached
-- while the index was small kept reading the whole record table at every recording (6–10 ms inside the chain's lock
-- on 700 records, found with auto_explain in the benchmark).
CREATE INDEX record_pdf_path ON record (pdf_path);
CREATE INDEX correction_pdf_path ON correction (pdf_path);

ALTER TABLE exoconsent_bundled_template ADD COLUMN effective_date text, ADD COLUMN languages text;

-- whether a text is an instant (ISO-8601, as the product writes them) at most 10 minutes from the server's clock
CREATE FUNCTION exoconsent_now_ish(at text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- as java.time.Instant.parse reads it: ASCII digits, no second 60, at most nine digits of fraction (second attack
    -- review of schema 23: a leap second or ten digits passed here and made the row unreadable to the devices)
    RETURN at ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$'
        AND abs(extract(epoch FROM (at::timestamptz - clock_timestamp()))) <= 600;
EXCEPTION WHEN others THEN
    RETURN false;
END
$$;

-- refuses a withdrawal or correction (what) of document doc unless it refers to a consent (one not withdrawn by
-- another withdrawal, for a withdrawal) and this transaction's session is a manager's, or a physician's whose licence
-- is the consent's
CREATE FUNCTION exoconsent_may_withdraw_or_correct(what text, doc text, consent text) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    who text := public.exoconsent_session_account();
    its_kind text;
    its_licence text;
BEGIN
    -- the ids the product gives: CONSENT-withdrawal[-N] (RecordsIndex.freeId), CONSENT-correction-N (Corrections);
    -- any other could take an id a later record needs (second attack review of schema 23)
    IF NOT (CASE WHEN what = 'withdrawal'
                 THEN doc = consent || '-withdrawal' OR (left(doc, length(consent) + 12) = consent || '-withdrawal-'
                      AND substr(doc, length(consent) + 13) ~ '^[0-9]{1,9}$')
                 ELSE left(doc, length(consent) + 12) = consent || '-correction-'
                      AND substr(doc, length(consent) + 13) ~ '^[0-9]{1,9}$' END) THEN
        RAISE EXCEPTION '% % refused: the % of consent % is named %-% (as the product names it); nothing of it was '
            'stored', what, left(doc, 200), what, left(consent, 200), left(consent, 200),
            CASE WHEN what = 'withdrawal' THEN 'withdrawal[-N]' ELSE 'correction-N' END USING ERRCODE = '42501';
    END IF;
    SELECT r.kind, r.physician_licence INTO its_kind, its_licence FROM public.record r WHERE r.id = consent;
    IF its_kind IS DISTINCT FROM 'consent' THEN
        RAISE EXCEPTION '% % refused: it refers to %, which is not a consent (a % refers to a consent); nothing of it '
            'was stored', what, left(doc, 200), left(coalesce(consent, '(none)'), 200), what USING ERRCODE = '42501';
    END IF;
    IF what = 'withdrawal' AND EXISTS (SELECT 1 FROM public.record w WHERE w.kind = 'withdrawal'
                                       AND w.refers_to = consent AND w.id <> doc) THEN
        RAISE EXCEPTION 'withdrawal % refused: consent % was withdrawn already; nothing of it was stored',
            left(doc, 200), left(consent, 200) USING ERRCODE = '42501';
    END IF;
    IF who IS NULL OR NOT (public.exoconsent_holds(who, 'manager') OR (public.exoconsent_holds(who, 'physician')
            AND EXISTS (SELECT 1 FROM public.account a WHERE a.name = who AND a.physician_licence = its_licence))) THEN
        RAISE EXCEPTION '% % refused: only a manager, or the physician of consent % (licence %), records its % '
            '(this transaction holds %''s session); nothing of it was stored', what, left(doc, 200),
            left(consent, 200), left(coalesce(its_licence, '(none)'), 50), what, left(coalesce(who, 'no'), 200)
            USING ERRCODE = '42501';
    END IF;
END
$$;

CREATE FUNCTION exoconsent_row_with_its_entry() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'record' THEN
        IF NEW.kind = 'withdrawal' THEN
            PERFORM public.exoconsent_may_withdraw_or_correct('withdrawal', NEW.id, NEW.refers_to);
        END IF;
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
        PERFORM public.exoconsent_may_withdraw_or_correct('correction', NEW.id, NEW.refers_to);
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
        IF NOT public.exoconsent_holds(coalesce(public.exoconsent_session_account(), ''), 'administrator')
                AND NOT (public.exoconsent_now_ish(NEW.added_at)
                    AND split_part(NEW.added_by, ' [', 1) = public.exoconsent_session_account()
                    -- who and when as its entry says, whose actor and roles schema 19 holds to the session
                    AND EXISTS (SELECT 1 FROM public.audit a WHERE a.action = 'template-added'
                                AND a.subject = NEW.template_id || ' ' || NEW.version AND a.actor = NEW.added_by
                                AND a.at = NEW.added_at AND public.exoconsent_this_transaction(a.xmin))
                    AND EXISTS (SELECT 1 FROM public.exoconsent_bundled_template b
                                WHERE b.template_id = NEW.template_id AND b.version = NEW.version
                                  AND b.effective_date = NEW.effective_date AND b.languages = NEW.languages)) THEN
            RAISE EXCEPTION 'template version % % refused: a bundled version added by a session that may not change '
                'the templates is added now, by that session''s account, with the effective date and languages the '
                'database''s owner recorded for it (store init or upgrade); nothing of it was stored',
                left(NEW.template_id, 200), left(NEW.version, 100) USING ERRCODE = '42501';
        END IF;
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

-- an activation by a session that may not change the templates (schema 20's exception for a bundled version made
-- active with it) only at a readable time now, by the session's account, with the version's 'template-added' entry
-- saying so ("active": true) in the same transaction, at that time and by that actor (checked at the commit: the
-- product writes the activation before the entry)
CREATE FUNCTION exoconsent_activation_now() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.exoconsent_by_owner()
            OR public.exoconsent_holds(coalesce(public.exoconsent_session_account(), ''), 'administrator')
            OR (public.exoconsent_now_ish(NEW.activated_at)
            AND split_part(NEW.activated_by, ' [', 1) = public.exoconsent_session_account()
            AND EXISTS (SELECT 1 FROM public.audit a WHERE a.action = 'template-added'
                        AND a.subject = NEW.template_id || ' ' || NEW.version
                        AND public.exoconsent_detail(a.details, 'active') = 'true'
                        AND a.actor = NEW.activated_by AND a.at = NEW.activated_at
                        AND public.exoconsent_this_transaction(a.xmin))) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'activation of % % refused: a template version is made active now, by the session''s account, '
        'with its entry (template-added, active) in the same transaction; nothing of it was stored',
        left(NEW.template_id, 200), left(NEW.version, 100) USING ERRCODE = '42501';
END
$$;
CREATE CONSTRAINT TRIGGER template_active_now AFTER INSERT OR UPDATE ON template_active
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exoconsent_activation_now();

CREATE FUNCTION exoconsent_refusal_after_its_confirmation() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
    SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    consultation text;
BEGIN
    IF NEW.action NOT IN ('refusal-recorded', 'created') OR public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    -- one consultation ends in one consent or one refusal, under one spelling of its id (attack review of schema 23)
    consultation := CASE WHEN NEW.action = 'created' THEN NEW.subject
                         ELSE public.exoconsent_detail(NEW.details, 'consultation') END;
    IF consultation IS NULL OR (NEW.action = 'refusal-recorded' AND NEW.subject <> consultation || '-refusal')
            OR EXISTS (SELECT 1 FROM public.record r
                       WHERE public.exoconsent_nocase(r.id) IN (public.exoconsent_nocase(consultation),
                                                                public.exoconsent_nocase(consultation || '-refusal'))
                         AND r.id <> NEW.subject) THEN
        RAISE EXCEPTION 'audit entry % refused: consultation % ends in one consent or one informed refusal (its id '
            'followed by -refusal), and one of them, or the same id in other letter case, is recorded already',
            NEW.action, left(coalesce(consultation, '(none)'), 200) USING ERRCODE = '42501';
    END IF;
    IF NEW.action = 'created' THEN
        RETURN NEW; -- its confirmation: schema 22's audit_with_its_change
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
