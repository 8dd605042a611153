-- ExoConsent's schema 22 for PostgreSQL (issue 17): an audit entry that says a document was signed, or that a
-- physician gave their password, is taken only together with that document or that password.
--
-- Schemas 19 to 21 take an entry only from a signed-in session, written as its account, chained, and (schema 21) the
-- entry of an administrator's change only from a session that may make it. The entries of a consultation were still
-- taken from any signed-in session as they came:
--  * 'treatment-confirmed', 'assent-reason-recorded', 'section-explained-again' and 'refusal-not-signed' are the
--    store's proof that the physician entered their own password (records.RecordStore refuses to record a consent
--    whose confirmation, or whose physician's record for the PDF, has no such entry). Their actor is the person
--    signed in at the device (often the staff member who prepared the consultation) and the physician is named in
--    the details, so a staff member holding a device's password could sign in and, with psql, append a chained
--    'treatment-confirmed' entry naming a physician who never confirmed, and then record the consent as confirmed
--    by that physician;
--  * 'created', 'refusal-recorded', 'withdrawn' and 'corrected' are what records verify holds the index against
--    (RecordStore.recordsAgainstTrail, Corrections): one for a document that does not exist raised a false alarm of
--    damage ("the audit trail recorded this document, but the index has no record of it") that nothing could clear.
-- Now, from every session but the database owner's (store migrate and restore copy entries as they were):
--  * a physician's password-backed entry names (detail 'physician') either the account of the session that writes
--    it, when that account is a physician, or a physician whose password this device checked for it a moment before:
--    the device sets that check's session token (exoconsent_sign_in's, at most 10 minutes old) as
--    'exoconsent.vouched' in the transaction, and the entry uses it up (the session is ended with the entry, so one
--    password backs one entry); 'treatment-confirmed' also names that physician's licence (detail 'licence');
--  * a document's entry is taken only in the transaction that adds its row (record: 'created' of a consent,
--    'refusal-recorded' of a refusal, 'withdrawn' of a withdrawal referring to the entry's consent; correction:
--    'corrected') and its PDF (document), with the SHA-256 and the archive name the entry records, and only once;
--    a consent's 'created' only when the trail holds the 'treatment-confirmed' entry of that consultation by the
--    physician it names (detail 'confirmedBy') with the record's licence (attack review of schema 22: a staff session
--    had added a whole consent, rows and entry, without any confirmation).
-- No data changes; entries already in the trail are not read again.

-- whether this transaction's 'exoconsent.vouched' token is a session of physician_name (compared ignoring the case of
-- A–Z), of an active account with the role physician (and, when licence is not null, that licence), signed in at most
-- 10 minutes ago and still live; such a session is ended here, so that it backs one entry
CREATE FUNCTION exoconsent_vouched(physician_name text, licence text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.exoconsent_session s USING public.account a
        WHERE s.token_sha256 = sha256(convert_to(coalesce(current_setting('exoconsent.vouched', true), ''), 'UTF8'))
          AND a.name = s.account
          AND public.exoconsent_nocase(a.name) = public.exoconsent_nocase(physician_name)
          AND a.active = 1
          AND 'physician' = ANY (string_to_array(a.roles, ','))
          AND (licence IS NULL OR a.physician_licence = licence)
          AND s.expires_at > clock_timestamp()
          AND s.signed_in_at > clock_timestamp() - interval '10 minutes';
    RETURN FOUND;
END
$$;

-- whether a row was written by this transaction (a row's xmin; its epoch is dropped, as xmin holds 32 bits)
CREATE FUNCTION exoconsent_this_transaction(row_xmin xid) RETURNS boolean
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, public, pg_temp
    RETURN row_xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296;

-- whether this transaction added the signed PDF named (archive name) with that SHA-256
CREATE FUNCTION exoconsent_document_added(pdf text, digest text) RETURNS boolean
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, public, pg_temp
    RETURN EXISTS (SELECT 1 FROM public.document d WHERE d.name = pdf AND d.sha256 = lower(digest)
                   AND public.exoconsent_this_transaction(d.xmin));

-- a text field of JSON details, or null when the details are not a JSON object (an entry of any origin)
CREATE FUNCTION exoconsent_detail(details text, field text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN details::jsonb ->> field;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

CREATE FUNCTION exoconsent_audit_with_its_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text;
    d jsonb;
    doc text;
BEGIN
    IF NEW.action NOT IN ('treatment-confirmed', 'assent-reason-recorded', 'section-explained-again',
                          'refusal-not-signed', 'created', 'refusal-recorded', 'withdrawn', 'corrected')
            OR public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    BEGIN
        d := NEW.details::jsonb;
    EXCEPTION WHEN others THEN
        d := NULL;
    END;
    IF d IS NULL OR jsonb_typeof(d) <> 'object' THEN
        RAISE EXCEPTION 'audit entry % refused: its details are not a JSON object', NEW.action USING ERRCODE = '42501';
    END IF;
    IF NEW.action IN ('treatment-confirmed', 'assent-reason-recorded', 'section-explained-again',
                      'refusal-not-signed') THEN
        who := public.exoconsent_session_account();
        IF d ->> 'physician' IS NOT NULL AND who IS NOT NULL
                AND public.exoconsent_nocase(who) = public.exoconsent_nocase(d ->> 'physician')
                AND public.exoconsent_holds(who, 'physician')
                AND (NEW.action <> 'treatment-confirmed' OR EXISTS (
                    SELECT 1 FROM public.account a WHERE a.name = who AND a.physician_licence = d ->> 'licence')) THEN
            RETURN NEW; -- the physician's own session: they gave their password to sign in
        END IF;
        IF d ->> 'physician' IS NOT NULL AND public.exoconsent_vouched(d ->> 'physician',
                CASE WHEN NEW.action = 'treatment-confirmed' THEN coalesce(d ->> 'licence', '') END) THEN
            RETURN NEW; -- the physician's password, checked by the server a moment ago for this entry
        END IF;
        -- worded without the word session, so that the device shows it as it is (records.PostgresStores.failure):
        -- signing in again does not help, the physician's password does
        RAISE EXCEPTION 'audit entry % refused: it names physician %, who neither is signed in here nor gave their '
            'password for it moments before (exoconsent.vouched); the physician gives their password again',
            NEW.action, left(coalesce(d ->> 'physician', '(none)'), 200) USING ERRCODE = '42501';
    END IF;
    doc := CASE WHEN NEW.action IN ('created', 'refusal-recorded') THEN NEW.subject ELSE d ->> 'document' END;
    IF doc IS NOT NULL AND d ->> 'pdf' IS NOT NULL AND d ->> 'sha256' IS NOT NULL
            AND public.exoconsent_document_added(d ->> 'pdf', d ->> 'sha256')
            AND (CASE NEW.action
                WHEN 'created' THEN EXISTS (SELECT 1 FROM public.record r WHERE r.id = doc AND r.kind = 'consent'
                    AND r.pdf_path = d ->> 'pdf' AND lower(r.pdf_sha256) = lower(d ->> 'sha256')
                    AND public.exoconsent_this_transaction(r.xmin))
                WHEN 'refusal-recorded' THEN d ->> 'document' = doc AND EXISTS (SELECT 1 FROM public.record r
                    WHERE r.id = doc AND r.kind = 'refusal' AND r.pdf_path = d ->> 'pdf'
                    AND lower(r.pdf_sha256) = lower(d ->> 'sha256') AND public.exoconsent_this_transaction(r.xmin))
                WHEN 'withdrawn' THEN EXISTS (SELECT 1 FROM public.record r WHERE r.id = doc
                    AND r.kind = 'withdrawal' AND r.refers_to = NEW.subject AND r.pdf_path = d ->> 'pdf'
                    AND lower(r.pdf_sha256) = lower(d ->> 'sha256') AND public.exoconsent_this_transaction(r.xmin))
                ELSE EXISTS (SELECT 1 FROM public.correction c WHERE c.id = doc AND c.refers_to = NEW.subject
                    AND c.pdf_path = d ->> 'pdf' AND lower(c.pdf_sha256) = lower(d ->> 'sha256')
                    AND public.exoconsent_this_transaction(c.xmin))
                END)
            AND NOT EXISTS (SELECT 1 FROM public.audit a
                            WHERE a.action IN ('created', 'refusal-recorded', 'withdrawn', 'corrected')
                              AND a.subject IN (NEW.subject, doc)
                              AND (a.subject = doc OR public.exoconsent_detail(a.details, 'document') = doc)) THEN
        -- a consent, moreover, only after its physician's confirmation (attack review of schema 22: a staff session
        -- had added a consent's rows and entry in one transaction, which records verify would take if its PDF were
        -- signed with a device's key): the trail holds a 'treatment-confirmed' entry of that consultation by the
        -- physician the entry names (detail 'confirmedBy'), with the record's licence, which schema 22 takes only
        -- with that physician's password
        IF NEW.action = 'created' AND NOT EXISTS (
                SELECT 1 FROM public.audit c JOIN public.record r ON r.id = NEW.subject
                WHERE c.action = 'treatment-confirmed' AND c.subject = NEW.subject
                  AND public.exoconsent_detail(c.details, 'physician') = d ->> 'confirmedBy'
                  AND public.exoconsent_detail(c.details, 'licence') = r.physician_licence) THEN
            RAISE EXCEPTION 'audit entry created refused: the audit trail holds no confirmation of consultation % by '
                'physician % with licence of the record (treatment-confirmed)', left(NEW.subject, 200),
                left(coalesce(d ->> 'confirmedBy', '(none)'), 200) USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry % refused: it is taken only in the transaction that adds its document (%), with the '
        'archive name and SHA-256 it records, and only once', NEW.action, left(coalesce(doc, '(none)'), 200)
        USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_with_its_change BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_with_its_change();
