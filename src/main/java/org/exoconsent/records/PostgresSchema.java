package org.exoconsent.records;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The shared store's schema on a PostgreSQL server (issue 17 §1): brings a clinic's database to the program's schema
 * with Flyway, run with the database OWNER's credentials ({@code exoconsent store init} and {@code store upgrade}),
 * and gives the clinic's application role — the role the app and the CLI run with — exactly the rights the program
 * needs, no more: it cannot UPDATE or DELETE a signed record, a correction, an audit entry, a stored document or a
 * template version (no such right, and triggers that refuse even the owner), cannot change the schema, and PUBLIC
 * has no right in the database at all. The migrations are in {@value #MIGRATIONS}, numbered as SQLite's
 * ({@link Schema#LATEST}): version 14 is the same schema on both vendors; version 15 adds what only the shared store
 * keeps in the database, the template versions' files ({@code template_file}; SQLite keeps them as files in the data
 * directory and has no migration 15); version 16 indexes the lookups of every recording (a document id ignoring
 * case, the audit trail by action and subject), which SQLite got as its own version 17 (15 and 16 are PostgreSQL's
 * alone; one number names one migration whatever the vendor).
 *
 * <p>The owner and the application role are made by the clinic's administrator (the README says how); the
 * application role must be neither the owner, nor a member of it, nor a superuser.
 */
public final class PostgresSchema {
    /**
     * The newest schema version: SQLite's version 14 (the same schema), the template versions' files (V15, the
     * shared store's alone), the recording's lookup indexes (V16; SQLite's V17, {@link Schema#LATEST}) and the signed
     * PDFs stored without the server's attempt to compress them (V18), and the server's sign-in and sessions, which
     * decide who may append an audit entry or change an account, the password hashes hidden from the devices (V19:
     * attack review of issue 17, F1 by F2's means), and every other change of the devices' role taken only from a
     * signed-in session, the catalog's, the settings' and the keys' only from an administrator's (V20), and the audit
     * entries of those changes only from a session that may make them (V21), and the entries that say a physician gave
     * their password, or that a document was signed, only with that password or that document (V22), and a record,
     * correction, document or template version only with its entry (V23, checked at the commit).
     */
    public static final int LATEST = 23;

    /** Where Flyway finds PostgreSQL's migrations (the vendor's folder beside SQLite's). */
    public static final String MIGRATIONS = "classpath:db/migration/postgresql";

    /** Flyway's history table in the clinic's database (the app role may read it: {@link #version}). */
    public static final String HISTORY_TABLE = "exoconsent_schema_history";

    /**
     * The oldest server accepted, as {@code server_version_num}: PostgreSQL 15, the first whose {@code public}
     * schema belongs to the database's owner and gives PUBLIC no CREATE right (Debian 12's version).
     */
    public static final int OLDEST_SERVER = 150000;

    /** What a migration did: the schema version before (0 for a new database) and after it. */
    public record Migration(int before, int after) {
        /** Whether the database was already at the program's schema. */
        public boolean unchanged() {
            return before == after;
        }
    }

    /**
     * The functions the application calls in its SQL (the patient filter, account names, SQLite's instr), and those
     * of the server's sign-in and sessions (V19): the sign-in, signing out, a hash's shape and digests, a hash for an
     * administrator's backup, and what the audit and account triggers (run with the device's rights) ask.
     */
    private static final List<String> APP_FUNCTIONS = List.of("exoconsent_text_key(text)",
            "exoconsent_nocase(text)", "instr(text, text)", "exoconsent_sign_in(text, text)",
            "exoconsent_sign_in_outcome(text)", "exoconsent_sign_out(text)", "exoconsent_password_shape(text)", "exoconsent_password_digests()",
            "exoconsent_password_hash(text)", "exoconsent_by_owner()", "exoconsent_session_account()",
            "exoconsent_holds(text, text)", "exoconsent_roles_held(text, text)", "exoconsent_first_run()",
            "exoconsent_vouched(text, text)", "exoconsent_this_transaction(xid)",
            "exoconsent_document_added(text, text)", "exoconsent_detail(text, text)",
            "exoconsent_now_ish(text)", "exoconsent_may_withdraw_or_correct(text, text, text)");

    /**
     * The application role's rights, table by table: what the store's area code inserts, reads, changes (only the
     * columns it changes: record.status once, a key's retirement, an account's roles, licence, language, activity,
     * password and lock-out, the settings' values, the catalog's texts, the active template version, a draft and its
     * hold; the single row of the audit chain's head, which every writer locks) and deletes (settings, the demo
     * catalog, clinic texts, drafts). Never UPDATE or DELETE on audit, document, correction, template_version,
     * template_correction or template_file. No INSERT on signing_key (attack review of issue 17, F2): with only a
     * device's password anyone could otherwise register a key of their own with a correctly chained
     * {@code key-registered} entry; the owner registers keys ({@code keys register} with the owner's login), a device
     * may only retire one (which takes authority away). Read from the SQLite area classes' statements (issue 17 §1) and
     * {@link PostgresTemplateFiles}'.
     */
    private static final List<String> APP_GRANTS = List.of(
            "GRANT SELECT, INSERT ON record, correction, audit, document, template_version, template_correction, "
                    + "setting, clinic, clinic_text, physician, physician_text, product, product_text, lot, "
                    + "template_active, draft TO %1$s",
            // never the password hashes (V19): a sign-in is checked by the server (exoconsent_sign_in)
            "GRANT SELECT (name, roles, physician_licence, active, failed_sign_ins, locked_until, created_at, "
                    + "language), INSERT ON account TO %1$s",
            // a key is registered only with the owner's login, which no device keeps (attack review of issue 17, F2)
            "GRANT SELECT ON signing_key TO %1$s",
            "GRANT SELECT, INSERT ON template_file TO %1$s",
            "GRANT UPDATE (status) ON record TO %1$s",
            "GRANT SELECT, UPDATE (seq, hash) ON audit_head TO %1$s",
            "GRANT UPDATE (retired_at) ON signing_key TO %1$s",
            "GRANT UPDATE (roles, physician_licence, language, active, password_hash, failed_sign_ins, locked_until) "
                    + "ON account TO %1$s",
            "GRANT UPDATE (value), DELETE ON setting TO %1$s",
            "GRANT UPDATE (name, address, phone, blood_donation_policy, demo) ON clinic TO %1$s",
            "GRANT UPDATE (name, address, blood_donation_policy), DELETE ON clinic_text TO %1$s",
            "GRANT UPDATE (active), DELETE ON physician TO %1$s",
            "GRANT UPDATE (name) ON physician_text TO %1$s",
            "GRANT UPDATE (origin, supply), DELETE ON product TO %1$s",
            "GRANT UPDATE (name, manufacturer, source_cells, virus_tests, storage) ON product_text TO %1$s",
            "GRANT DELETE ON lot TO %1$s",
            "GRANT UPDATE (version, activated_at, activated_by) ON template_active TO %1$s",
            "GRANT UPDATE (content, updated_at, held_by, held_until), DELETE ON draft TO %1$s",
            "GRANT SELECT ON " + HISTORY_TABLE + " TO %1$s",
            // the versions a session that is not an administrator's may add (V20), written by the owner only
            "GRANT SELECT ON exoconsent_bundled_template TO %1$s");

    private PostgresSchema() {
    }

    /**
     * Brings the clinic's database to {@link #LATEST} and (again) gives {@code appRole} its rights: a new database
     * gets the whole schema, an older one the migrations it lacks, a current one nothing but the rights made exact
     * again (every right of PUBLIC and of the role in the database is revoked first, then the listed ones granted,
     * in one transaction). Flyway holds PostgreSQL's advisory lock while it migrates, so two devices running it at
     * once migrate one after the other.
     *
     * @param owner   connections as the database's owner (the role that owns the database and its schema objects)
     * @param appRole the clinic's application role, as its name is spelled in PostgreSQL (an existing role): a group
     *                role ({@code NOLOGIN} allowed) whose members are the devices' own login roles, which inherit
     *                the rights granted to it (attack review of issue 17, F3), or one login role
     * @return the versions before and after
     * @throws RefusedException naming the database and the value when: the server is older than PostgreSQL 15; the
     *                          database is not UTF8; the connection's role does not own the database; the database's
     *                          schema is newer than this program's (both versions named); {@code appRole} does not
     *                          exist, is the owner, a member of the owner or a superuser
     * @throws StoreException   naming the database when it cannot be reached or a migration fails (nothing of a
     *                          failed migration stays: PostgreSQL's DDL is transactional)
     */
    public static Migration migrate(DataSource owner, String appRole) throws StoreException {
        String database = "the database";
        int before;
        try (Connection c = owner.getConnection()) {
            database = databaseName(c);
            checkServer(c, database);
            checkOwner(c, database);
            checkAppRole(c, database, appRole);
            before = version(c);
            refuseNewer(database, before);
        } catch (SQLException e) {
            throw new StoreException(database + ": cannot be prepared for ExoConsent: " + e.getMessage(), e);
        }
        try {
            Flyway.configure().dataSource(owner).locations(MIGRATIONS).table(HISTORY_TABLE)
                    .failOnMissingLocations(true).loggers("slf4j").load().migrate();
        } catch (FlywayException e) {
            throw new StoreException(database + ": the schema could not be brought to version " + LATEST + ": "
                    + e.getMessage(), e);
        }
        List<org.exoconsent.template.ConsentTemplate> bundled;
        try {
            bundled = org.exoconsent.template.BundledTemplates.all();
        } catch (java.io.IOException | org.exoconsent.template.TemplateException e) {
            throw new StoreException("the program's own consent templates cannot be read: " + e.getMessage(), e);
        }
        try (Connection c = owner.getConnection()) {
            grant(c, database, appRole, bundled);
            return new Migration(before, version(c));
        } catch (SQLException e) {
            throw new StoreException(database + ": the rights of role " + appRole + " could not be set: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The schema version of the database a connection is to: the newest successful migration in
     * {@value #HISTORY_TABLE}, 0 when there is none (a new database). The application role may call it too.
     *
     * @throws StoreException naming the database when it cannot be read
     */
    public static int version(Connection c) throws StoreException {
        try (Statement st = c.createStatement();
             ResultSet exists = st.executeQuery("SELECT to_regclass('" + HISTORY_TABLE + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
            try (Statement q = c.createStatement(); ResultSet rs = q.executeQuery("SELECT coalesce(max(CAST(version "
                    + "AS integer)), 0) FROM " + HISTORY_TABLE + " WHERE success AND version IS NOT NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException(databaseNameOrNot(c) + ": its schema version cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Refuses a database whose schema is newer than this program's: it was upgraded by a newer release, whose
     * records this one might misread or change against the newer rules.
     *
     * @param database the database's name, for the message
     * @param version  its schema version ({@link #version})
     * @throws RefusedException naming both versions when {@code version > }{@link #LATEST}
     */
    public static void refuseNewer(String database, int version) throws RefusedException {
        if (version > LATEST) {
            throw new RefusedException(database + ": its schema is version " + version + ", newer than this "
                    + "program's version " + LATEST + ": use the ExoConsent release that upgraded it, or a newer one");
        }
    }

    private static void checkServer(Connection c, String database) throws SQLException, RefusedException {
        int server = Integer.parseInt(single(c, "SHOW server_version_num"));
        if (server < OLDEST_SERVER) {
            throw new RefusedException(database + ": its server is PostgreSQL " + single(c, "SHOW server_version")
                    + "; ExoConsent needs PostgreSQL 15 or newer");
        }
        String encoding = single(c, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = "
                + "current_database()");
        if (!"UTF8".equals(encoding)) {
            throw new RefusedException(database + ": its encoding is " + encoding + "; ExoConsent needs a UTF8 "
                    + "database (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)");
        }
    }

    private static void checkOwner(Connection c, String database) throws SQLException, RefusedException {
        String dba = single(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()");
        String user = single(c, "SELECT current_user");
        if (!dba.equals(user)) {
            throw new RefusedException(database + ": is owned by role " + dba + ", not by " + user + ": run the "
                    + "store's set-up and upgrade with the database owner's credentials");
        }
    }

    private static void checkAppRole(Connection c, String database, String appRole)
            throws SQLException, RefusedException {
        if (appRole == null || appRole.isBlank()) {
            throw new RefusedException(database + ": no application role was named");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper, rolname = current_user, "
                + "pg_has_role(rolname, current_user, 'MEMBER') FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, appRole);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new RefusedException(database + ": the application role " + appRole + " does not exist: "
                            + "create it first (CREATE ROLE " + appRole + " NOLOGIN), and one login role per device "
                            + "in it (CREATE ROLE tablet1 LOGIN CONNECTION LIMIT 10 IN ROLE " + appRole + ", then its password with psql's \\password tablet1)");
                }
                if (rs.getBoolean(1)) {
                    throw new RefusedException(database + ": the application role " + appRole + " is a superuser; "
                            + "it must have the least privilege");
                }
                if (rs.getBoolean(2) || rs.getBoolean(3)) {
                    throw new RefusedException(database + ": the application role " + appRole + " is the database's "
                            + "owner or a member of it; it must be a role of its own with the least privilege");
                }
            }
        }
    }

    /**
     * Revokes every right of PUBLIC and the role in the database, then grants the role's, and records the template
     * versions bundled with this program ({@code exoconsent_bundled_template}, V20: the only versions a session that
     * is not an administrator's may add, as the program does at its first look at the templates), in one transaction.
     */
    private static void grant(Connection c, String database, String appRole,
                              List<org.exoconsent.template.ConsentTemplate> bundled) throws SQLException {
        String role = quote(appRole);
        List<String> sql = new ArrayList<>();
        sql.add("REVOKE ALL ON DATABASE " + quote(database) + " FROM PUBLIC, " + role);
        sql.add("GRANT CONNECT ON DATABASE " + quote(database) + " TO " + role);
        sql.add("REVOKE ALL ON SCHEMA public FROM PUBLIC, " + role);
        sql.add("GRANT USAGE ON SCHEMA public TO " + role);
        sql.add("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, " + role);
        sql.add("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, " + role);
        sql.add("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, " + role);
        for (String f : APP_FUNCTIONS) {
            sql.add("GRANT EXECUTE ON FUNCTION " + f + " TO " + role);
        }
        for (String g : APP_GRANTS) {
            sql.add(String.format(g, role));
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement();
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO exoconsent_bundled_template "
                     + "(template_id, version, sha256, corrects, effective_date, languages) VALUES (?, ?, ?, ?, ?, ?) "
                     + "ON CONFLICT (template_id, version) DO UPDATE SET effective_date = excluded.effective_date, "
                     + "languages = excluded.languages WHERE exoconsent_bundled_template.sha256 = excluded.sha256")) {
            for (String s : sql) {
                st.execute(s);
            }
            for (org.exoconsent.template.ConsentTemplate t : bundled) {
                ps.setString(1, t.id());
                ps.setString(2, t.version());
                ps.setString(3, t.sha256());
                ps.setString(4, String.join(",", t.manifest().corrects()));
                // what a session that may not change the templates must add it with (schema 23), as
                // SqlTemplateVersions.insert writes them
                ps.setString(5, t.manifest().effectiveDate().toString());
                ps.setString(6, String.join(",", t.languages()));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** An identifier quoted for PostgreSQL (any name a role or database may have). */
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String databaseName(Connection c) throws SQLException {
        return single(c, "SELECT current_database()");
    }

    private static String databaseNameOrNot(Connection c) {
        try {
            return "database " + databaseName(c);
        } catch (SQLException e) {
            return "the database";
        }
    }

    private static String single(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
