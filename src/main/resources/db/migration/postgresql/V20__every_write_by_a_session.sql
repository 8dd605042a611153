-- ExoConsent's schema 20 for PostgreSQL (issue 17): every other change of the devices' role is taken only from a
-- signed-in session too, and the catalog's, the settings' and the keys' only from an administrator's.
--
-- Schema 19 let the server decide who writes an audit entry or changes an account. The rest of the store was still
-- open to anyone holding a device's password: with psql alone they could change a product's virus tests or storage
-- text, add a lot or a physician, set the staff PIN, the idle lock or the anchor, switch the active template version,
-- retire a signing key, or rewrite a prepared consultation (a draft) before the patient signs it, all without an
-- entry, which `records verify` does not hold the catalog, the settings or the drafts against (docs/RECORDS.md).
-- Now a row of these tables is inserted, changed or deleted by the devices' role only in a READ COMMITTED transaction
-- that holds a live session (exoconsent_session_account, schema 19), and:
--  * the catalog (clinic, clinic_text, physician, physician_text, product, product_text, lot), the settings and a
--    signing key's retirement only with an administrator's session (records.Permission: MANAGE_CATALOG,
--    MANAGE_SETTINGS, MANAGE_KEY are the administrator's); the demo catalog of a new store is seeded by the first
--    program that opens it, before any account exists (exoconsent_first_run), and the store's id is made once by
--    whichever program first needs it (records.Settings.STORE_ID: an INSERT, which its primary key makes once; its
--    value the server's, below);
--  * a template version, its files, its correction marks and its activation only with an administrator's session
--    (MANAGE_TEMPLATES), except the versions bundled with the program, which the first signed-in program to look at
--    the templates adds (records.RecordStore.registerBundled): a version of exoconsent_bundled_template (which the
--    owner fills with the bundled versions of each program that sets up or upgrades the store:
--    records.PostgresSchema.migrate) with that very SHA-256, its files before its row, the corrections its manifest
--    brings (exoconsent_bundled_template.corrects) and,
--    for a template that has none, its first activation (attack review of schema 20: a staff session added a
--    "bundled" version with a forged text, its correction mark and entry, and new consultations used it);
--  * a record, its document and corrections, and a draft with any signed-in session (each program that records or
--    holds a draft does so for the person signed in);
--  * the chain's head moves only forward, to an entry of the trail (a device's role had set it back to a made-up
--    entry: every program then warned of a cut trail, which only the owner could repair);
--  * the store's id, which any program may make once, is a random one the server makes (a device's role had planted
--    a value of its choice, 9,000 characters long, which then stopped records verify), and no session changes it;
--  * an audit entry of the devices' role must continue the chain as records.AuditLog.append does: the number after
--    the newest entry (or the head's, when the head is ahead), that entry's hash as its previous one, and its own
--    hash as AuditLog.hash computes it (exoconsent_audit_chained; schema 19 took a failed sign-in's entry without a
--    session and without this check: a device's role had planted one at number 1,000,000, breaking the chain for every later entry: second
--    attack review of schema 20).
-- The database's owner (store init/upgrade/migrate, restore, keys register) is not held to this, as in schema 19.
-- No data changes.

-- the template versions bundled with the programs that set up or upgraded this store (records.PostgresSchema.migrate,
-- as the owner); the devices' role reads it, and writes nothing of it
CREATE TABLE exoconsent_bundled_template (
    template_id text NOT NULL,
    version     text NOT NULL,
    sha256      text NOT NULL,
    corrects    text NOT NULL,   -- the versions its manifest corrects, comma-separated ('' for none)
    PRIMARY KEY (template_id, version)
);

-- tg_argv[0]: the role the session's account must hold ('administrator'), or 'signed-in' for any active account
CREATE FUNCTION exoconsent_write_by_session() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    needed text := TG_ARGV[0];
    who text;
    subject text := TG_TABLE_NAME || ' ' || lower(TG_OP);
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION '% refused: the store is changed in READ COMMITTED transactions only, which see every '
            'signed-in session as it is now', subject USING ERRCODE = '42501';
    END IF;
    -- the store's id, made once by whichever program first needs it (an anchor, a verification, a backup: it is
    -- made without an entry, and never changed but by the owner), before the session is looked at: it is read and
    -- made outside the product's transactions too
    IF TG_TABLE_NAME = 'setting' AND TG_OP = 'INSERT' THEN -- (NEW.key only of a setting: a nested IF)
        IF NEW.key = 'store-id' THEN
            NEW.value := gen_random_uuid()::text; -- the server's random id, never the caller's
            RETURN NEW;
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'setting' AND TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.key = 'store-id' THEN -- no program changes it (an administrator's session had set 9,000 characters)
            RAISE EXCEPTION 'setting store-id refused: the store''s id is made once and never changed'
                USING ERRCODE = '42501';
        END IF;
    END IF;
    who := public.exoconsent_session_account();
    IF who IS NOT NULL THEN
        IF needed = 'signed-in' OR public.exoconsent_holds(who, needed) THEN
            RETURN coalesce(NEW, OLD);
        END IF;
        -- a version bundled with the program, added with its files and corrections (and, for a template with none,
        -- made active) by the first signed-in program that looks at the templates (RecordStore.registerBundled):
        -- only a version the owner recorded as bundled, with its SHA-256, and its files before its row
        IF TG_TABLE_NAME = 'template_version' AND TG_OP = 'INSERT' THEN
            IF NEW.source = 'bundled' AND EXISTS (SELECT 1 FROM public.exoconsent_bundled_template b
                    WHERE b.template_id = NEW.template_id AND b.version = NEW.version AND b.sha256 = NEW.sha256) THEN
                RETURN NEW;
            END IF;
        END IF;
        IF TG_TABLE_NAME = 'template_file' AND TG_OP = 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM public.exoconsent_bundled_template b
                    WHERE b.template_id = NEW.template_id AND b.version = NEW.version)
                    AND NOT EXISTS (SELECT 1 FROM public.template_version v
                                    WHERE v.template_id = NEW.template_id AND v.version = NEW.version) THEN
                RETURN NEW;
            END IF;
        END IF;
        IF TG_TABLE_NAME = 'template_correction' AND TG_OP = 'INSERT' THEN
            -- only a correction the bundled version's manifest brings (a staff session had marked the active
            -- version corrected by an older one, or a version corrected by itself: second attack review)
            IF EXISTS (SELECT 1 FROM public.exoconsent_bundled_template b
                    WHERE b.template_id = NEW.template_id AND b.version = NEW.corrected_by
                      AND NEW.version = ANY (string_to_array(b.corrects, ','))) THEN
                RETURN NEW;
            END IF;
        END IF;
        IF TG_TABLE_NAME = 'template_active' AND TG_OP = 'INSERT' THEN
            IF EXISTS (SELECT 1 FROM public.exoconsent_bundled_template b
                    WHERE b.template_id = NEW.template_id AND b.version = NEW.version) THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION '% refused: only a session of an account with the role % may make this change (this '
            'transaction holds %''s)', subject, needed, left(who, 200) USING ERRCODE = '42501';
    END IF;
    -- a new store's demo catalog, seeded by the first program that opens it, before any account exists
    IF needed = 'administrator' AND TG_TABLE_NAME IN ('clinic', 'clinic_text', 'physician', 'physician_text',
            'product', 'product_text', 'lot') AND TG_OP = 'INSERT' AND public.exoconsent_first_run() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% refused: this transaction holds no signed-in session (exoconsent_sign_in)', subject
        USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER clinic_by_session BEFORE INSERT OR UPDATE OR DELETE ON clinic
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER clinic_text_by_session BEFORE INSERT OR UPDATE OR DELETE ON clinic_text
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER physician_by_session BEFORE INSERT OR UPDATE OR DELETE ON physician
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER physician_text_by_session BEFORE INSERT OR UPDATE OR DELETE ON physician_text
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER product_by_session BEFORE INSERT OR UPDATE OR DELETE ON product
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER product_text_by_session BEFORE INSERT OR UPDATE OR DELETE ON product_text
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER lot_by_session BEFORE INSERT OR UPDATE OR DELETE ON lot
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER setting_by_session BEFORE INSERT OR UPDATE OR DELETE ON setting
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER signing_key_by_session BEFORE INSERT OR UPDATE OR DELETE ON signing_key
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER template_version_by_session BEFORE INSERT OR UPDATE OR DELETE ON template_version
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER template_active_by_session BEFORE INSERT OR UPDATE OR DELETE ON template_active
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER template_file_by_session BEFORE INSERT OR UPDATE OR DELETE ON template_file
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER template_correction_by_session BEFORE INSERT OR UPDATE OR DELETE ON template_correction
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('administrator');
CREATE TRIGGER record_by_session BEFORE INSERT OR UPDATE OR DELETE ON record
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('signed-in');
CREATE TRIGGER document_by_session BEFORE INSERT OR UPDATE OR DELETE ON document
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('signed-in');
CREATE TRIGGER correction_by_session BEFORE INSERT OR UPDATE OR DELETE ON correction
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('signed-in');
CREATE TRIGGER draft_by_session BEFORE INSERT OR UPDATE OR DELETE ON draft
    FOR EACH ROW EXECUTE FUNCTION exoconsent_write_by_session('signed-in');

-- the chain's head moves only forward, to an entry of the trail this transaction sees (its own, just appended): the
-- devices' role may update it (every writer does), and had set it back to a made-up entry (attack review of schema 20)
CREATE FUNCTION exoconsent_head_forward() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    IF NEW.seq < OLD.seq OR NOT EXISTS (SELECT 1 FROM public.audit a WHERE a.seq = NEW.seq AND a.hash = NEW.hash) THEN
        RAISE EXCEPTION 'audit_head update refused: the chain''s head moves only forward, to an entry of the trail '
            '(entry % is not one, or is before the head''s %)', NEW.seq, OLD.seq USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION exoconsent_head_forward();

-- whether an entry of the devices' role continues the chain (see the top of this file); beside schema 19's
-- audit_by_session, which checks who appends it
CREATE FUNCTION exoconsent_audit_chained() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    last_seq bigint;
    last_hash text;
    head_seq bigint;
    head_hash text;
BEGIN
    IF public.exoconsent_by_owner() THEN
        RETURN NEW;
    END IF;
    SELECT a.seq, a.hash INTO last_seq, last_hash FROM public.audit a ORDER BY a.seq DESC LIMIT 1;
    IF last_seq IS NULL THEN
        last_seq := 0;
        last_hash := repeat('0', 64);
    END IF;
    SELECT h.seq, h.hash INTO head_seq, head_hash FROM public.audit_head h WHERE h.id = 1;
    IF head_seq IS NOT NULL AND head_seq > last_seq THEN -- entries cut from the end: the chain goes on from the head
        last_seq := head_seq;
        last_hash := head_hash;
    END IF;
    IF NEW.seq IS DISTINCT FROM last_seq + 1 OR NEW.prev_hash IS DISTINCT FROM last_hash
            OR NEW.hash IS DISTINCT FROM encode(sha256(convert_to(NEW.prev_hash || E'\x1f' || NEW.seq::text
                || E'\x1f' || NEW.at || E'\x1f' || NEW.actor || E'\x1f' || NEW.action || E'\x1f' || NEW.subject
                || E'\x1f' || NEW.details, 'UTF8')), 'hex') THEN
        RAISE EXCEPTION 'audit entry % refused: it does not continue the chain (entry % after %, its hashes as the '
            'product computes them)', left(NEW.action, 100), last_seq + 1, last_seq USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_chained BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION exoconsent_audit_chained();
