-- ExoConsent's schema 19 for PostgreSQL (issue 17, attack review finding F1 by F2's means): the database, not the
-- device, decides who may write an audit entry or change an account.
--
-- Before, every device's role could read every password hash, write the account table and append audit entries with
-- any actor. With nothing but a device's password (its PGPASSFILE) anyone could make themselves an administrator, or
-- write a treatment confirmation in a physician's name, together with correctly chained audit entries that said so,
-- and `records verify` found nothing. Now:
--  * the password hashes are not readable by the devices' role (column rights; `exoconsent_password_shape` gives a
--    hash's parameters and salt with its hash part masked, `exoconsent_password_digests` its SHA-256 that the audit
--    trail records anyway);
--  * a sign-in is checked by the server (`exoconsent_sign_in`): the device derives the Argon2id hash from the typed
--    password with the account's parameters and salt, the server compares it with the stored one, counts the attempt
--    (5 wrong in a row lock the account for 15 minutes: records.Accounts.MAX_FAILURES and LOCKOUT, issue 14 §4) and,
--    for a right password of an active account, opens a session: a random token (two gen_random_uuid, 244 random
--    bits) of which only the SHA-256 is kept, valid 12 hours (a clinic's day) or until signed out;
--  * a device sets its session's token in each transaction (`set_config('exoconsent.session', …, true)`); an audit
--    entry is refused unless its actor is that session's account ("NAME [roles]"), or it is a failed sign-in's entry
--    (actor "sign-in:NAME", action sign-in-failed or account-locked), or the first administrator's (actor "first-run",
--    while the store has no account made before this transaction);
--  * an account is added, or its roles, licence or activity changed, only in a transaction holding an administrator's
--    session (or the first administrator, as above); its password or staff language only by an administrator or the
--    account itself; its count of wrong passwords only by the sign-in function (or cleared to none, as a new password
--    does);
--  * a backup reads the hashes through `exoconsent_password_hash`, which answers an administrator's session only.
-- The database's owner (store init/upgrade/migrate, restore, keys register) is not held to the session: it can change
-- anything anyway. No data changes.

CREATE TABLE exoconsent_session (
    token_sha256 bytea PRIMARY KEY,
    account      text NOT NULL,
    signed_in_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

-- whether the statement runs with the rights of the database's owner (or a member of it, or a superuser): the owner's
-- own login, or a function of this schema (SECURITY DEFINER, owned by the owner) such as exoconsent_sign_in, which
-- counts wrong passwords. Not held to a session. Runs with the caller's rights (current_user), as do the two triggers.
CREATE FUNCTION exoconsent_by_owner() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = public, pg_catalog
    RETURN coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
        OR pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER');

-- the account of the live session whose token this transaction set, or null
CREATE FUNCTION exoconsent_session_account() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    RETURN (SELECT a.name FROM exoconsent_session s JOIN account a ON a.name = s.account
            WHERE s.token_sha256 = sha256(convert_to(coalesce(current_setting('exoconsent.session', true), ''), 'UTF8'))
              AND s.expires_at > now() AND a.active = 1);

-- whether an account holds a role (roles are comma-separated labels)
CREATE FUNCTION exoconsent_holds(account_name text, role text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    RETURN coalesce((SELECT role = ANY (string_to_array(roles, ',')) FROM account WHERE name = account_name), false);

-- whether the first administrator is being made: neither an account nor a 'user-added' audit entry was written before
-- this transaction. The entries decide: an audit row is never updated (its triggers refuse even the owner), so its xmin
-- is the transaction that wrote it; an account row's is not (a no-op UPDATE by the devices' role gives every row this
-- transaction's xmin), and a store's accounts each have their 'user-added' entry (records verify names one without)
CREATE FUNCTION exoconsent_first_run() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    RETURN NOT EXISTS (SELECT 1 FROM audit WHERE action = 'user-added'
                       AND xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296)
       AND NOT EXISTS (SELECT 1 FROM account
                       WHERE xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296);

-- an account's stored hash with its hash part masked (every Base64 character as A): its parameters and salt, for the
-- device to derive the hash from a typed password, and its shape, for the checks of records.Passwords.unusable
CREATE FUNCTION exoconsent_password_shape(account_name text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    RETURN (SELECT substring(password_hash FROM '^(.*\$)')
                || regexp_replace(substring(password_hash FROM '[^$]*$'), '[A-Za-z0-9+/]', 'A', 'g')
            FROM account WHERE exoconsent_nocase(name) = exoconsent_nocase(account_name));

-- every account's hash as records verify holds it against the trail: its shape and its SHA-256 (lower-case hex), which
-- the trail's account entries carry
CREATE FUNCTION exoconsent_password_digests()
    RETURNS TABLE (name text, shape text, digest text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog
    AS $$ SELECT name, exoconsent_password_shape(name), encode(sha256(convert_to(password_hash, 'UTF8')), 'hex')
          FROM account $$;

-- an account's hash itself, for a backup: only in a transaction holding an administrator's session
CREATE FUNCTION exoconsent_password_hash(account_name text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    who text := exoconsent_session_account();
BEGIN
    IF who IS NULL OR NOT exoconsent_holds(who, 'administrator') THEN
        RAISE EXCEPTION 'the password hashes are read only with an administrator''s session (signed in through '
            'exoconsent_sign_in)' USING ERRCODE = '42501';
    END IF;
    RETURN (SELECT password_hash FROM account WHERE name = account_name);
END
$$;

-- A sign-in, checked by the server. derived: the Base64 (standard, no padding) of the Argon2id hash the device derived
-- from the typed password with the parameters and salt of exoconsent_password_shape; null when the device could not
-- derive one (the stored hash is damaged). The attempt is counted first, as records.Accounts.attempt does: the wrong
-- passwords in a row go up by one and the fifth locks the account for 15 minutes (and starts the count again); a
-- locked account's password is checked and ignored; a right one clears the count. Returns outcome 'unknown' (no such
-- account), 'locked', 'wrong' (locks: whether this attempt locked the account; until: until when), 'disabled' (the
-- right password of a disabled account) or 'signed-in' with the session's token.
CREATE FUNCTION exoconsent_sign_in(account_name text, derived text)
    RETURNS TABLE (outcome text, locks boolean, until text, token text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
    a account%ROWTYPE;
    v_until timestamptz;
    is_locked boolean := false;
    failures integer;
    right_password boolean;
    t text;
BEGIN
    SELECT * INTO a FROM account WHERE exoconsent_nocase(name) = exoconsent_nocase(account_name) FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF a.locked_until IS NOT NULL THEN
        BEGIN
            v_until := a.locked_until::timestamptz;
            is_locked := clock_timestamp() < v_until;
        EXCEPTION WHEN others THEN
            is_locked := true; -- a lock that cannot be read locks (records.Accounts.DAMAGED_LOCK)
        END;
    END IF;
    right_password := derived IS NOT NULL AND derived <> ''
        AND derived = substring(a.password_hash FROM '[^$]*$');
    IF is_locked THEN
        RETURN QUERY SELECT 'locked'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF NOT right_password THEN
        failures := a.failed_sign_ins + 1;
        IF failures >= 5 THEN
            v_until := clock_timestamp() + interval '15 minutes';
            UPDATE account SET failed_sign_ins = 0,
                locked_until = to_char(v_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                WHERE account.name = a.name;
            RETURN QUERY SELECT 'wrong'::text, true,
                to_char(v_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), NULL::text;
        ELSE
            UPDATE account SET failed_sign_ins = failures, locked_until = NULL WHERE account.name = a.name;
            RETURN QUERY SELECT 'wrong'::text, false, NULL::text, NULL::text;
        END IF;
        RETURN;
    END IF;
    UPDATE account SET failed_sign_ins = 0, locked_until = NULL WHERE account.name = a.name;
    IF a.active <> 1 THEN
        RETURN QUERY SELECT 'disabled'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    DELETE FROM exoconsent_session WHERE expires_at <= now();
    t := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
    INSERT INTO exoconsent_session (token_sha256, account, signed_in_at, expires_at)
        VALUES (sha256(convert_to(t, 'UTF8')), a.name, now(), now() + interval '12 hours');
    RETURN QUERY SELECT 'signed-in'::text, false, NULL::text, t;
END
$$;

-- ends a session (signing out); a token that is not a live session's does nothing
CREATE FUNCTION exoconsent_sign_out(token text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_catalog
    AS $$ DELETE FROM exoconsent_session WHERE token_sha256 = sha256(convert_to(token, 'UTF8')) $$;

-- who may append an audit entry (see the top of this file)
CREATE FUNCTION exoconsent_audit_by_session() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
    who text;
BEGIN
    IF exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    IF NEW.actor LIKE 'sign-in:%' AND NEW.action IN ('sign-in-failed', 'account-locked') THEN
        RETURN NEW;
    END IF;
    IF NEW.actor = 'first-run' AND exoconsent_first_run() THEN
        RETURN NEW;
    END IF;
    who := exoconsent_session_account();
    IF who IS NOT NULL AND (NEW.actor = who OR (left(NEW.actor, length(who) + 2) = who || ' ['
            AND right(NEW.actor, 1) = ']' AND position('[' IN substr(NEW.actor, length(who) + 3)) = 0)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry % by ''%'' refused: this transaction holds no signed-in session of that account',
        NEW.action, left(NEW.actor, 200) USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_by_session BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_by_session();

-- who may add or change an account (see the top of this file)
CREATE FUNCTION exoconsent_account_by_session() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
DECLARE
    who text;
    admin boolean; -- never null (a null would pass an IF NOT …)
    itself boolean;
    first boolean;
BEGIN
    IF exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    who := exoconsent_session_account();
    admin := who IS NOT NULL AND exoconsent_holds(who, 'administrator');
    itself := who IS NOT NULL AND TG_OP = 'UPDATE' AND who = OLD.name;
    first := exoconsent_first_run();
    IF TG_OP = 'INSERT' THEN
        IF admin OR first THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'account % refused: only an administrator''s session adds an account', left(NEW.name, 200)
            USING ERRCODE = '42501';
    END IF;
    IF NEW.name IS DISTINCT FROM OLD.name OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'account %: its name and creation time never change', left(OLD.name, 200)
            USING ERRCODE = '42501';
    END IF;
    IF (NEW.roles IS DISTINCT FROM OLD.roles OR NEW.physician_licence IS DISTINCT FROM OLD.physician_licence
            OR NEW.active IS DISTINCT FROM OLD.active) AND NOT (admin OR first) THEN
        RAISE EXCEPTION 'account %: only an administrator''s session changes its roles, licence or activity',
            left(OLD.name, 200) USING ERRCODE = '42501';
    END IF;
    IF (NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.language IS DISTINCT FROM OLD.language)
            AND NOT (admin OR itself OR first) THEN
        RAISE EXCEPTION 'account %: only an administrator''s or its own session changes its password or language',
            left(OLD.name, 200) USING ERRCODE = '42501';
    END IF;
    IF (NEW.failed_sign_ins IS DISTINCT FROM OLD.failed_sign_ins OR NEW.locked_until IS DISTINCT FROM OLD.locked_until)
            AND NOT (coalesce(NEW.failed_sign_ins = 0, false) AND NEW.locked_until IS NULL AND (admin OR itself)) THEN
        RAISE EXCEPTION 'account %: its wrong passwords are counted only by the server''s sign-in '
            '(exoconsent_sign_in)', left(OLD.name, 200) USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER account_by_session BEFORE INSERT OR UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION exoconsent_account_by_session();
