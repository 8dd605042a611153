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
--  * a sign-in is checked by the server, in two calls: `exoconsent_sign_in` counts the attempt as
--    records.Accounts.attempt does, whatever the password (5 in a row lock the account for 15 minutes:
--    Accounts.MAX_FAILURES and LOCKOUT, issue 14 §4), compares the hash the device derived from the typed password
--    (with the account's parameters and salt) with the stored one, keeps the answer and gives only the attempt's id;
--    `exoconsent_sign_in_outcome` gives the answer only once that count is committed (a caller who rolled the count
--    back, or reads the answer in the same transaction, gets none: attack review of schema 19), and for a right
--    password clears the count and, for an active account, opens a session: a random token (two gen_random_uuid,
--    244 random bits) of which only the SHA-256 is kept, valid 12 hours from the sign-in (a clinic's day) or until
--    signed out, ended at once when the account is disabled or another session sets its password;
--  * a device sets its session's token in each transaction (`set_config('exoconsent.session', …, true)`); an audit
--    entry is refused unless its actor is that session's account ("NAME [roles]" with roles the account holds or held
--    at the sign-in, or the name alone), or it is a failed sign-in's entry (actor "sign-in:NAME", action sign-in-failed or
--    account-locked), or the first administrator's (actor "first-run", while the store has never had an account);
--  * an account is added, or its roles, licence or activity changed, only in a transaction holding an administrator's
--    session (or the first administrator, as above); its password or staff language only by an administrator or the
--    account itself; its count of wrong passwords only by the sign-in (or cleared to none, as a new password does);
--  * these changes are taken only in READ COMMITTED transactions (the product's), whose every statement sees what is
--    committed: a REPEATABLE READ transaction begun before the first administrator was made, or before an account was
--    disabled, would otherwise still see the store as it was (attack review of schema 19);
--  * a backup reads the hashes through `exoconsent_password_hash`, which answers an administrator's session only.
-- The database's owner (store init/upgrade/migrate, restore, keys register) is not held to the session: it can change
-- anything anyway. Every function of this file names its search_path with pg_temp last, so that no temporary table
-- of a caller can stand in for one of the store's. No data changes.

CREATE TABLE exoconsent_session (
    token_sha256 bytea PRIMARY KEY,
    account      text NOT NULL,
    roles        text NOT NULL,   -- the account's roles at the sign-in
    signed_in_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

-- a counted sign-in attempt whose answer waits for the count's commit (exoconsent_sign_in_outcome)
CREATE TABLE exoconsent_sign_in_attempt (
    id      text PRIMARY KEY,
    xact    xid8 NOT NULL,        -- the transaction that counted it: its answer is given once it has committed
    account text,                 -- null: no such account
    locked  boolean NOT NULL,     -- locked when it was made (not counted)
    right_password boolean NOT NULL,
    hash_sha256 bytea,            -- the stored hash it was compared with: answered only while it is still the one
    locks   boolean NOT NULL,     -- this attempt locked the account
    until   text,                 -- until when, when it did
    made_at timestamptz NOT NULL
);
CREATE INDEX exoconsent_sign_in_attempt_made_at ON exoconsent_sign_in_attempt (made_at);

-- whether the statement runs with the rights of the database's owner (or a member of it, or a superuser): the owner's
-- own login, or a function of this schema (SECURITY DEFINER, owned by the owner) such as exoconsent_sign_in, which
-- counts wrong passwords. Not held to a session. Runs with the caller's rights (current_user), as do the two triggers.
CREATE FUNCTION exoconsent_by_owner() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user), false)
        OR pg_has_role(current_user, (SELECT datdba FROM pg_catalog.pg_database
                                      WHERE datname = current_database()), 'MEMBER');

-- the account of the live session whose token this transaction set, or null; read anew at each call (VOLATILE: in
-- READ COMMITTED each of its queries sees what is committed), its time the clock's, not the transaction's start
CREATE FUNCTION exoconsent_session_account() RETURNS text
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN (SELECT a.name FROM public.exoconsent_session s JOIN public.account a ON a.name = s.account
            WHERE s.token_sha256 = sha256(convert_to(coalesce(current_setting('exoconsent.session', true), ''), 'UTF8'))
              AND s.expires_at > clock_timestamp() AND a.active = 1);

-- whether an account holds a role (roles are comma-separated labels)
CREATE FUNCTION exoconsent_holds(account_name text, role text) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT role = ANY (string_to_array(roles, ',')) FROM public.account WHERE name = account_name),
                    false);

-- whether the bracketed roles of an actor ("NAME [a,b]") are roles the session's account holds now or held at its
-- sign-in (an administrator who changes their own roles writes that entry as the person they were)
CREATE FUNCTION exoconsent_roles_held(account_name text, listed text) RETURNS boolean
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN coalesce((SELECT string_to_array(listed, ',') <@ (string_to_array(a.roles, ',')
                                                            || string_to_array(s.roles, ','))
                     FROM public.account a JOIN public.exoconsent_session s ON s.account = a.name
                     WHERE a.name = account_name AND s.token_sha256 = sha256(convert_to(
                         coalesce(current_setting('exoconsent.session', true), ''), 'UTF8'))), false);

-- whether the first administrator is being made: neither an account nor a 'user-added' audit entry was committed
-- before this transaction. Waits for the chain's head, which every writer locks, so that two first runs are one after
-- the other; its queries then see every commit (VOLATILE, and the triggers take changes only in READ COMMITTED). The
-- entries decide: an audit row is never updated (its triggers refuse even the owner), so its xmin is the transaction
-- that wrote it; an account row's is not (a no-op UPDATE by the devices' role gives every row this transaction's
-- xmin), and a store's accounts each have their 'user-added' entry (records verify names one without)
CREATE FUNCTION exoconsent_first_run() RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    PERFORM 1 FROM public.audit_head WHERE id = 1 FOR UPDATE;
    RETURN NOT EXISTS (SELECT 1 FROM public.audit WHERE action = 'user-added'
                       AND xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296)
       AND NOT EXISTS (SELECT 1 FROM public.account
                       WHERE xmin::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296);
END
$$;

-- an account's stored hash with its hash part masked (every Base64 character as A): its parameters and salt, for the
-- device to derive the hash from a typed password, and its shape, for the checks of records.Passwords.unusable
CREATE FUNCTION exoconsent_password_shape(account_name text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    RETURN (SELECT substring(password_hash FROM '^(.*\$)')
                || regexp_replace(substring(password_hash FROM '[^$]*$'), '[A-Za-z0-9+/]', 'A', 'g')
            FROM public.account WHERE public.exoconsent_nocase(name) = public.exoconsent_nocase(account_name));

-- every account's hash as records verify holds it against the trail: its shape and its SHA-256 (lower-case hex), which
-- the trail's account entries carry
CREATE FUNCTION exoconsent_password_digests()
    RETURNS TABLE (name text, shape text, digest text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ SELECT a.name, public.exoconsent_password_shape(a.name),
                 encode(sha256(convert_to(a.password_hash, 'UTF8')), 'hex')
          FROM public.account a $$;

-- an account's hash itself, for a backup: only in a transaction holding an administrator's session
CREATE FUNCTION exoconsent_password_hash(account_name text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text := public.exoconsent_session_account();
BEGIN
    IF who IS NULL OR NOT public.exoconsent_holds(who, 'administrator') THEN
        RAISE EXCEPTION 'the password hashes are read only with an administrator''s session (signed in through '
            'exoconsent_sign_in)' USING ERRCODE = '42501';
    END IF;
    RETURN (SELECT password_hash FROM public.account WHERE name = account_name);
END
$$;

-- A sign-in's first call: counts the attempt and checks the password; gives the attempt's id, never the answer (see
-- exoconsent_sign_in_outcome). derived: the Base64 (standard, no padding) of the Argon2id hash the device derived from
-- the typed password with the parameters and salt of exoconsent_password_shape; null when it could not derive one (a
-- damaged hash), which matches nothing. As records.Accounts.attempt: an account that is not locked has its wrong
-- passwords in a row counted up by one whatever the password, and the fifth locks it for 15 minutes (the count starts
-- again); a locked account's attempt is not counted (a lock that cannot be read locks: Accounts.DAMAGED_LOCK). The
-- count waits at most 10 s for a lock on the account's row (the product's busy timeout, records.Schema).
CREATE FUNCTION exoconsent_sign_in(account_name text, derived text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET lock_timeout = '10s' AS $$
DECLARE
    a public.account%ROWTYPE;
    v_until timestamptz;
    v_locked boolean := false;
    v_locks boolean := false;
    v_right boolean := false;
    v_id text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
BEGIN
    SELECT * INTO a FROM public.account
        WHERE public.exoconsent_nocase(name) = public.exoconsent_nocase(account_name) FOR UPDATE;
    IF FOUND THEN
        IF a.locked_until IS NOT NULL THEN
            BEGIN
                v_locked := clock_timestamp() < a.locked_until::timestamptz;
            EXCEPTION WHEN others THEN
                v_locked := true;
            END;
        END IF;
        v_right := derived IS NOT NULL AND derived <> '' AND derived = substring(a.password_hash FROM '[^$]*$');
        IF NOT v_locked THEN
            IF a.failed_sign_ins + 1 >= 5 THEN
                v_locks := true;
                v_until := clock_timestamp() + interval '15 minutes';
                UPDATE public.account SET failed_sign_ins = 0,
                    locked_until = to_char(v_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                    WHERE public.account.name = a.name;
            ELSE
                UPDATE public.account SET failed_sign_ins = a.failed_sign_ins + 1, locked_until = NULL
                    WHERE public.account.name = a.name;
            END IF;
        END IF;
    END IF;
    DELETE FROM public.exoconsent_sign_in_attempt WHERE made_at < clock_timestamp() - interval '10 minutes';
    INSERT INTO public.exoconsent_sign_in_attempt (id, xact, account, locked, right_password, hash_sha256, locks,
                                                   until, made_at)
        VALUES (v_id, pg_current_xact_id(), a.name, v_locked, v_right, sha256(convert_to(a.password_hash, 'UTF8')),
                v_locks,
                to_char(v_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), clock_timestamp());
    RETURN v_id;
END
$$;

-- A sign-in's second call: the answer of an attempt whose count has committed (else refused: 42501), once. Returns
-- outcome 'unknown' (no such account), 'locked', 'wrong' (locks: whether this attempt locked the account; until:
-- until when), 'disabled' (the right password of a disabled account) or 'signed-in' with the session's token; a right
-- password clears the count (as records.RecordStore does after Accounts.attempt).
CREATE FUNCTION exoconsent_sign_in_outcome(attempt text)
    RETURNS TABLE (outcome text, locks boolean, until text, token text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    SET lock_timeout = '10s' AS $$
DECLARE
    r public.exoconsent_sign_in_attempt%ROWTYPE;
    a public.account%ROWTYPE;
    t text;
BEGIN
    SELECT * INTO r FROM public.exoconsent_sign_in_attempt WHERE id = attempt FOR UPDATE;
    IF NOT FOUND OR pg_xact_status(r.xact) IS DISTINCT FROM 'committed'
            OR r.made_at < clock_timestamp() - interval '10 minutes' THEN
        RAISE EXCEPTION 'no counted sign-in attempt of that id: an attempt is answered once, after the transaction '
            'that counted it has committed' USING ERRCODE = '42501';
    END IF;
    DELETE FROM public.exoconsent_sign_in_attempt WHERE id = r.id;
    IF r.account IS NULL THEN
        RETURN QUERY SELECT 'unknown'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF r.locked THEN
        RETURN QUERY SELECT 'locked'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF NOT r.right_password THEN
        RETURN QUERY SELECT 'wrong'::text, r.locks, r.until, NULL::text;
        RETURN;
    END IF;
    -- the password compared must still be the account's (a new one set meanwhile: the old one signs nothing in)
    UPDATE public.account SET failed_sign_ins = 0, locked_until = NULL WHERE public.account.name = r.account
            AND sha256(convert_to(password_hash, 'UTF8')) = r.hash_sha256
        RETURNING * INTO a;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'wrong'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF a.active <> 1 THEN
        RETURN QUERY SELECT 'disabled'::text, false, NULL::text, NULL::text;
        RETURN;
    END IF;
    DELETE FROM public.exoconsent_session WHERE expires_at <= clock_timestamp();
    t := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
    INSERT INTO public.exoconsent_session (token_sha256, account, roles, signed_in_at, expires_at)
        VALUES (sha256(convert_to(t, 'UTF8')), a.name, a.roles, clock_timestamp(),
                clock_timestamp() + interval '12 hours');
    RETURN QUERY SELECT 'signed-in'::text, false, NULL::text, t;
END
$$;

-- ends a session (signing out); a token that is not a live session's does nothing
CREATE FUNCTION exoconsent_sign_out(token text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$ DELETE FROM public.exoconsent_session WHERE token_sha256 = sha256(convert_to(token, 'UTF8')) $$;

-- who may append an audit entry (see the top of this file)
CREATE FUNCTION exoconsent_audit_by_session() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text;
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'audit entry % refused: entries are taken in READ COMMITTED transactions only, which see '
            'every signed-in session as it is now', NEW.action USING ERRCODE = '42501';
    END IF;
    IF NEW.actor LIKE 'sign-in:%' AND NEW.action IN ('sign-in-failed', 'account-locked') THEN
        RETURN NEW;
    END IF;
    IF NEW.actor = 'first-run' AND public.exoconsent_first_run() THEN
        RETURN NEW;
    END IF;
    who := public.exoconsent_session_account();
    IF who IS NOT NULL AND (NEW.actor = who OR (left(NEW.actor, length(who) + 2) = who || ' ['
            AND right(NEW.actor, 1) = ']'
            AND public.exoconsent_roles_held(who, substr(NEW.actor, length(who) + 3,
                                                        length(NEW.actor) - length(who) - 3)))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry % by ''%'' refused: this transaction holds no signed-in session of that account '
        '(with those roles)', NEW.action, left(NEW.actor, 200) USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_by_session BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_by_session();

-- who may add or change an account (see the top of this file)
CREATE FUNCTION exoconsent_account_by_session() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    who text;
    admin boolean; -- never null (a null would pass an IF NOT …)
    itself boolean;
    first boolean;
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'account % refused: accounts are changed in READ COMMITTED transactions only, which see every '
            'signed-in session as it is now', left(NEW.name, 200) USING ERRCODE = '42501';
    END IF;
    who := public.exoconsent_session_account();
    admin := who IS NOT NULL AND public.exoconsent_holds(who, 'administrator');
    itself := who IS NOT NULL AND TG_OP = 'UPDATE' AND who = OLD.name;
    first := public.exoconsent_first_run();
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

-- an account disabled ends its sessions; a new password ends every session of the account but the one that set it;
-- either ends the attempts waiting for their answer (one made with the old password would otherwise still sign in:
-- second attack review of schema 19)
CREATE FUNCTION exoconsent_account_sessions_end() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.active IS DISTINCT FROM 1 THEN
        DELETE FROM public.exoconsent_session WHERE account = NEW.name;
        DELETE FROM public.exoconsent_sign_in_attempt WHERE account = NEW.name;
    ELSIF NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
        DELETE FROM public.exoconsent_session WHERE account = NEW.name
            AND token_sha256 <> sha256(convert_to(coalesce(current_setting('exoconsent.session', true), ''), 'UTF8'));
        DELETE FROM public.exoconsent_sign_in_attempt WHERE account = NEW.name;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER account_sessions_end AFTER UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION exoconsent_account_sessions_end();
