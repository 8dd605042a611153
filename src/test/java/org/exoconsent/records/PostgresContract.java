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
     * Runs a test's damage SQL as the application role, as any device holding its password could. What the server
     * refuses the role since schema 19 (an account changed, or an audit entry appended, without a session that may:
     * SQLSTATE 42501) is added to {@code refused} and run as the database's owner instead, who could write it anyway,
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
     * Asserts that the role was refused every statement of {@code all} that changes an account and none other (the
     * settings, lots and template activations a device's role may still write: named by {@code records verify}).
     */
    static void onlyTheAccountChangesWereRefused(java.util.List<String> all, java.util.List<String> refused) {
        java.util.List<String> accounts = all.stream().filter(s -> s.matches("(?is)\\s*(UPDATE|INSERT INTO)\\s+account\\b.*"))
                .toList();
        org.junit.jupiter.api.Assertions.assertFalse(accounts.isEmpty(), all.toString());
        org.junit.jupiter.api.Assertions.assertEquals(accounts, refused,
                "the server refuses the devices' role every change of an account (V19), and only those");
    }
}
