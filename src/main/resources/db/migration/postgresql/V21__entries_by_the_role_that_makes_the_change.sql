-- ExoConsent's schema 21 for PostgreSQL (issue 17): an audit entry that records an administrator's change is taken
-- only from a session that may make that change.
--
-- Schemas 19 and 20 take an entry only from a signed-in session, written as that session's account and continuing the
-- chain, and take each change only from a session whose account may make it. The entry itself was not held to the
-- change: a staff member who held a device's password could sign in and, with psql, append a chained
-- 'user-roles-changed' entry giving the administrator the role staff, or a 'template-added' entry for a version
-- nobody added. records verify holds the accounts, the template versions and their activations against what the
-- trail says (AccountsAgainstTrail, TemplateVersionsAgainstTrail, ActiveTemplatesAgainstTrail), so such an entry
-- raised a false alarm of damage that only another entry by an administrator could clear, and it stood in the trail
-- as a change that never happened.
-- Now the entries of the changes schemas 19 and 20 keep to an administrator's session are taken only from one, as
-- records.Permission gives them (MANAGE_USERS, MANAGE_SETTINGS, MANAGE_KEY, MANAGE_CATALOG, MANAGE_TEMPLATES):
--  * 'user-added', 'user-roles-changed', 'user-enabled', 'user-disabled', 'settings:changed', 'anchor-resumed',
--    'key-retired', 'template-activated' and every 'catalog:…' entry: an administrator's session (the role held now
--    or at the sign-in: an administrator who changes their own roles writes that entry as the person they were, as
--    schema 19's actors are read);
--  * 'user-password-set' and 'user-language-set': an administrator's session or the account's own (as schema 19
--    takes the change of the account row);
--  * 'template-added': an administrator's session, or, for a version bundled with the program, any signed-in session
--    that adds that version's row in the same transaction (records.RecordStore.registerBundled) with the SHA-256 the
--    owner recorded (exoconsent_bundled_template, schema 20).
-- The first administrator's entry (actor 'first-run' while the store has no account) and a failed sign-in's are taken
-- as schema 19 takes them; the database's owner is not held to this. Every other entry (a consent recorded, a record
-- opened, an export...) is written for what any signed-in session may do and is taken as before.
-- No data changes; entries already in the trail are not read again.

CREATE FUNCTION exoconsent_audit_by_role() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    needed text;
    who text;
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    needed := CASE
        WHEN NEW.action IN ('user-added', 'user-roles-changed', 'user-enabled', 'user-disabled', 'settings:changed',
                            'anchor-resumed', 'key-retired', 'template-activated')
             OR NEW.action LIKE 'catalog:%' THEN 'an administrator''s session'
        WHEN NEW.action IN ('user-password-set', 'user-language-set')
            THEN 'an administrator''s session or the account''s own'
        WHEN NEW.action = 'template-added'
            THEN 'an administrator''s session, or one that adds that bundled version in the same transaction'
        END;
    IF needed IS NULL THEN
        RETURN NEW; -- schema 19's audit_by_session and schema 20's audit_chained still hold it
    END IF;
    IF NEW.actor = 'first-run' AND public.exoconsent_first_run() THEN
        RETURN NEW; -- the first administrator, made before any account exists (schema 19)
    END IF;
    who := public.exoconsent_session_account();
    IF who IS NULL THEN
        RAISE EXCEPTION 'audit entry % refused: this transaction holds no signed-in session (exoconsent_sign_in)',
            NEW.action USING ERRCODE = '42501';
    END IF;
    IF public.exoconsent_roles_held(who, 'administrator') THEN
        RETURN NEW;
    END IF;
    IF needed = 'an administrator''s session or the account''s own'
            AND public.exoconsent_nocase(NEW.subject) = public.exoconsent_nocase(who) THEN
        RETURN NEW;
    END IF;
    IF NEW.action = 'template-added' AND EXISTS (
            SELECT 1 FROM public.template_version v JOIN public.exoconsent_bundled_template b
                ON b.template_id = v.template_id AND b.version = v.version AND b.sha256 = v.sha256
            WHERE NEW.subject = v.template_id || ' ' || v.version
              AND v.source = 'bundled'
              AND lower(NEW.details::jsonb ->> 'sha256') = lower(v.sha256)
              -- the row was added by this very transaction (a row's xmin: the transaction that wrote it)
              AND v.xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry % refused: it is taken only from % (this transaction holds %''s session)',
        NEW.action, needed, left(who, 200) USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_by_role BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_by_role();
