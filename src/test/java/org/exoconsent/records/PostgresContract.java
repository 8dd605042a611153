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
}
