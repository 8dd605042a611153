package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

/**
 * The contract of the registry of signing keys ({@link SigningKeyStoreTest}) on the PostgreSQL store (issue 17 §5):
 * a fresh database of the tests' real server, opened as the database's owner (only the owner registers keys: a
 * device's role may not, {@code DeviceKeyRegistrationOnPostgresTest}), retiring at the present. {@code exoconsent verify
 * FILE}'s reading of a data directory's database file is SQLite's only ({@link KeyRegistryLookupTest}).
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresSigningKeyStoreTest extends SigningKeyStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    /** Opened as the database's owner: only the owner fills the key registry (attack review F2). */
    @Override
    Stores open(DataDirectory dir) throws StoreException {
        return postgres.openAsOwner();
    }

    /** The server's present, to the second: the only retirement time its trigger takes (schema 16). */
    @Override
    java.time.Instant retirement(java.time.Instant wanted) {
        return KeyRegistry.seconds(java.time.Instant.now());
    }
}
