-- ExoConsent's schema 21 for PostgreSQL (issue 17): an audit entry that records an administrator's change is taken
-- only from a session that may make that change.
--
-- Schemas 19 and 20 take an entry only from a signed-in session, written as that session's account and continuing the
-- chain, and take each change only from a session whose account may make it. The entry itself was not held to the
-- change: a staff member who held a device's password could sign in and, with psql, append a chained
-- 'user-roles-changed' entry giving the administrator the role staff, a 'key-registered' entry for a key nobody
-- registered (a false alarm of records verify that nothing could ever clear), a 'verified' entry every export then
-- quoted as the last verification, or a 'template-added' entry for a version nobody added. records verify holds the
-- accounts, the keys, the settings, the template versions and their activations against what the trail says
-- (AccountsAgainstTrail, KeyRegistry, SettingsAgainstTrail, TemplateVersionsAgainstTrail,
-- ActiveTemplatesAgainstTrail), so such an entry raised a false alarm of damage, and it stood in the trail as a
-- change that never happened. Still open: the entries of work any signed-in person does ('created', 'corrected',
-- ...) are not held to their change here; records verify holds them against the index.
-- Now the entries of the changes schemas 19 and 20 keep to an administrator's session, and the entries records verify
-- or the screens read as a fact, are taken only from a session whose account holds, now, the role that may make the
-- change, as records.Permission gives it:
--  * 'user-added', 'user-roles-changed', 'user-enabled', 'user-disabled', 'settings:changed', 'settings-moved',
--    'anchor-resumed', 'audit-head-accepted', 'key-registered', 'key-retired', 'signing-key-imported',
--    'template-activated', 'backup-created', 'restored', 'store-migrate', 'permissions-repaired' and every
--    'catalog:…' entry: an administrator's session (MANAGE_USERS, MANAGE_SETTINGS, MANAGE_KEY, MANAGE_TEMPLATES,
--    MANAGE_CATALOG, BACKUP; the owner writes the registrations, restores and migrations, and is exempt). The roles
--    are the account's now, as schema 19 takes the change: a session opened before its account lost the role writes
--    none of them (attack review of schema 21), but for an administrator who changed their own roles, whose
--    'user-roles-changed' entry is written as the person they were at the sign-in;
--  * 'verified' of the whole store (subject 'records', read by every export as the last verification): a manager's
--    or an administrator's session (VERIFY_RECORDS);
--  * 'user-password-set' and 'user-language-set': an administrator's session or the account's own (as schema 19
--    takes the change of the account row);
--  * 'template-added': an administrator's session, or, for a version bundled with the program, its one entry from any
--    signed-in session that adds that version's row in the same transaction (records.RecordStore.registerBundled)
--    with the SHA-256 the owner recorded (exoconsent_bundled_template, schema 20), saying it active exactly when the
--    transaction also makes it active.
-- The first administrator's entry (actor 'first-run' while the store has no account) and a failed sign-in's are taken
-- as schema 19 takes them; the database's owner is not held to this. Every other entry (a consent recorded, a record
-- opened, an export...) is written for what any signed-in session may do and is taken as before.
-- No data changes; entries already in the trail are not read again.

CREATE FUNCTION exoconsent_audit_by_role() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    needed text;
    who text;
    details jsonb;
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    needed := CASE
        WHEN NEW.action IN ('user-added', 'user-roles-changed', 'user-enabled', 'user-disabled', 'settings:changed',
                            'settings-moved', 'anchor-resumed', 'audit-head-accepted', 'key-registered', 'key-retired',
                            'signing-key-imported', 'template-activated', 'backup-created', 'restored',
                            'store-migrate', 'permissions-repaired')
             OR NEW.action LIKE 'catalog:%' THEN 'an administrator''s session'
        WHEN NEW.action IN ('user-password-set', 'user-language-set')
            THEN 'an administrator''s session or the account''s own'
        WHEN NEW.action = 'template-added'
            THEN 'an administrator''s session, or one that adds that bundled version in the same transaction'
        WHEN NEW.action = 'verified' AND NEW.subject = 'records'
            THEN 'a manager''s or an administrator''s session'
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
    -- the roles the account holds now, as schema 19 takes the change itself: a session opened before its account
    -- lost the role writes no such entry (attack review of schema 21), but the entry of an administrator who changed
    -- their own roles, written as the person they were at the sign-in
    IF public.exoconsent_holds(who, 'administrator') OR (NEW.action = 'user-roles-changed'
            AND public.exoconsent_nocase(NEW.subject) = public.exoconsent_nocase(who)
            AND public.exoconsent_roles_held(who, 'administrator')) THEN
        RETURN NEW;
    END IF;
    IF NEW.action = 'verified' AND public.exoconsent_holds(who, 'manager') THEN
        RETURN NEW;
    END IF;
    IF NEW.action IN ('user-password-set', 'user-language-set')
            AND public.exoconsent_nocase(NEW.subject) = public.exoconsent_nocase(who) THEN
        RETURN NEW;
    END IF;
    IF NEW.action = 'template-added' THEN
        details := NEW.details::jsonb;
        -- the one entry of a bundled version whose row, with that SHA-256, this very transaction adds (a row's xmin:
        -- the transaction that wrote it), made active with it exactly when its activation is written with it
        IF details ->> 'source' = 'bundled' AND EXISTS (
                SELECT 1 FROM public.template_version v JOIN public.exoconsent_bundled_template b
                    ON b.template_id = v.template_id AND b.version = v.version AND b.sha256 = v.sha256
                WHERE NEW.subject = v.template_id || ' ' || v.version
                  AND v.source = 'bundled'
                  AND lower(details ->> 'sha256') = lower(v.sha256)
                  AND v.xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296
                  AND coalesce((details ->> 'active')::boolean, false) = EXISTS (
                      SELECT 1 FROM public.template_active t
                      WHERE t.template_id = v.template_id AND t.version = v.version
                        AND t.xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296))
                AND NOT EXISTS (SELECT 1 FROM public.audit a WHERE a.action = 'template-added'
                                AND a.subject = NEW.subject) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit entry % refused: it is taken only from % (this transaction holds %''s session)',
        NEW.action, needed, left(who, 200) USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_by_role BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_by_role();
