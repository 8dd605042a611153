package org.exoconsent.records;

import java.sql.SQLException;
import org.exoconsent.testing.PostgresServer;

/**
 * What the PostgreSQL runs of the store's contract tests share ({@code Postgres*Test}, issue 17 §5): one fresh
 * database of the tests' real server per test ({@link PostgresServer}), made on the first opening, migrated with
 * {@link PostgresSchema} as its owner, and every opening a new {@link PostgresStores} of the clinic's application
 * role (never the owner), so a second opening is a second device on the same store.
 */
final class PostgresContract {
    private PostgresServer.ClinicDatabase db;

    /** The test's database, made and migrated on the first call. */
    PostgresServer.ClinicDatabase database() throws StoreException {
        if (db == null) {
            try {
                db = PostgresServer.get().newClinicDatabase();
            } catch (SQLException e) {
                throw new StoreException("the test's database could not be made: " + e.getMessage(), e);
            }
            PostgresSchema.migrate(db.ownerDataSource(), db.app());
        }
        return db;
    }

    /**
     * A new opening of the test's store as its OWNER ({@link PostgresStores.Role#OWNER}), as {@code store migrate} and
     * {@code backup restore --to postgresql://…} open it: only the owner fills a key registry (attack review F2).
     */
    PostgresStores openAsOwner() throws StoreException {
        PostgresServer.ClinicDatabase d = database();
        return PostgresStores.open(d.ownerDataSource(), d.storeUrl(d.owner()), PostgresStores.Role.OWNER);
    }

    /** A new opening of the test's store, as the application role. */
    PostgresStores open() throws StoreException {
        PostgresServer.ClinicDatabase d = database();
        return PostgresStores.open(d.appDataSource(), d.storeUrl(d.app()));
    }

    /**
     * A new opening of the test's store as the application role, holding the session of a signed-in administrator
     * (made by the owner, as the server's sign-in would: {@code contract-admin}) in each of its transactions: what the
     * server takes only from a signed-in session since schema 20 (a draft, a record; the catalog, a template version
     * from an administrator's), as a device writes it for the person signed in on it.
     */
    PostgresStores openSignedIn() throws StoreException {
        PostgresServer.ClinicDatabase d = database();
        if (session == null) {
            try {
                session = ownerMadeSession(d, "contract-admin");
            } catch (SQLException e) {
                throw new StoreException("the test's session could not be made: " + e.getMessage(), e);
            }
        }
        PostgresStores opened = open();
        opened.serverSignIn().useSession(session);
        return opened;
    }

    private String session;

    /**
     * A session of {@code account}, an administrator, made by the owner as the server's sign-in makes one (the account
     * too, when it does not exist): its token, live for an hour.
     */
    static String ownerMadeSession(PostgresServer.ClinicDatabase db, String account) throws SQLException {
        String token = java.util.UUID.randomUUID().toString().replace("-", "")
                + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection owner = db.ownerConnection()) {
            try (java.sql.PreparedStatement ps = owner.prepareStatement("INSERT INTO account (name, roles, "
                    + "password_hash, created_at) VALUES (?, 'administrator', "
                    + "'$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', '2026-01-01T00:00:00Z') ON CONFLICT DO NOTHING")) {
                ps.setString(1, account);
                ps.executeUpdate();
            }
            try (java.sql.PreparedStatement ps = owner.prepareStatement("INSERT INTO exoconsent_session VALUES "
                    + "(sha256(convert_to(?, 'UTF8')), ?, 'administrator', now(), now() + interval '1 hour')")) {
                ps.setString(1, token);
                ps.setString(2, account);
                ps.executeUpdate();
            }
        }
        return token;
    }

    /**
     * {@code app}, each of its later transactions holding the session {@code token}, as
     * PostgresStores.holdSession sets it in the product's (for a test's SQL as a signed-in program could run).
     */
    static java.sql.Connection holding(java.sql.Connection app, String token) throws SQLException {
        return withSetting(app, "exoconsent.session", token);
    }

    /** {@code app}, each of its later transactions holding the setting {@code name} at {@code value}. */
    static java.sql.Connection withSetting(java.sql.Connection app, String name, String value) throws SQLException {
        try (java.sql.PreparedStatement ps = app.prepareStatement("SELECT set_config(?, ?, false)")) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeQuery().close();
        }
        return app;
    }

    /**
     * A new connection as the application role holding a session of {@code account}, an administrator
     * ({@link #ownerMadeSession}): for a test's SQL that a signed-in administrator's program could run (schema 19 and
     * 20 refuse it without a session).
     */
    static java.sql.Connection signedInConnection(PostgresServer.ClinicDatabase db, String account)
            throws SQLException {
        return holding(db.appConnection(), ownerMadeSession(db, account));
    }

    /**
     * Runs a test's damage SQL as the application role, as any device holding its password could. What the server
     * refuses the role since schema 19 and 20 (an account, a setting, a lot changed, or an audit entry appended,
     * without a session that may: SQLSTATE 42501) is added to {@code refused} and run as the database's owner instead, who could write it anyway,
     * so that {@code records verify} is still held to naming it.
     *
     * @param refused gets each statement the role was refused
     */
    static AccountsAgainstTrailTest.BehindTheBack asTheRoleElseTheOwner(PostgresServer.ClinicDatabase db,
                                                                        java.util.List<String> refused) {
        return sql -> {
            try (java.sql.Connection app = db.appConnection(); java.sql.Statement st = app.createStatement()) {
                st.executeUpdate(sql);
            } catch (SQLException e) {
                org.junit.jupiter.api.Assertions.assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
                refused.add(sql);
                try (java.sql.Connection owner = db.ownerConnection();
                     java.sql.Statement st = owner.createStatement()) {
                    st.executeUpdate(sql);
                }
            }
        };
    }

    /**
     * Asserts that the role was refused every statement of {@code all}: an account's change (schema 19) as every
     * other change of a setting, a lot or a template activation (schema 20), none held by a session that may make it.
     */
    static void everyChangeWasRefused(java.util.List<String> all, java.util.List<String> refused) {
        org.junit.jupiter.api.Assertions.assertFalse(all.isEmpty(), "the test changed nothing");
        org.junit.jupiter.api.Assertions.assertEquals(all, refused,
                "the server refuses the devices' role without a session every change (V19, V20)");
    }

    /**
     * An INSERT of one audit entry as SQL, correctly chained after the newest entry {@code app} reads (the number
     * after it, its hash as the previous one, its own hash as {@link AuditLog#hash} computes it, the time now): an
     * entry schema 20's chain check takes, so that what refuses it is the rule a test is about. The values are put
     * into the statement as they are (a test's own words, without quotes).
     */
    static String chainedEntry(java.sql.Connection app, String actor, String action, String subject, String details)
            throws SQLException {
        return chainedEntry(app, actor, action, subject, details, java.time.Instant.now().toString());
    }

    /** As {@link #chainedEntry(java.sql.Connection, String, String, String, String)}, written at {@code at}. */
    static String chainedEntry(java.sql.Connection app, String actor, String action, String subject, String details,
                               String at) throws SQLException {
        long seq = 1;
        String prev = AuditLog.GENESIS; // the trail's first entry
        try (java.sql.Statement st = app.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                prev = rs.getString(2);
            }
        }
        return "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (" + seq + ", '"
                + at + "', '" + actor + "', '" + action + "', '" + subject + "', '" + details + "', '" + prev + "', '"
                + AuditLog.hash(seq, at, actor, action, subject, details, prev) + "')";
    }
}
