package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The contract of the registry of signing keys ({@link SigningKeyStoreTest}) on the PostgreSQL store (issue 17 §5):
 * a fresh database of the tests' real server, opened as the clinic's application role. The two tests of {@code
 * exoconsent verify FILE}'s reading of a data directory's database file are SQLite's only.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresSigningKeyStoreTest extends SigningKeyStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        return postgres.open();
    }

    @Test
    @Disabled("SQLite only: verify FILE reads a data directory's database file without changing its bytes")
    @Override
    void verifyFileFindsARegisteredKeyInADataDirectoryWithoutChangingIt() {
    }

    @Test
    @Disabled("SQLite only: a data directory of release 1.2.0, read as it is")
    @Override
    void verifyFileReadsADataDirectoryOfAReleaseBeforeTheRegistryAsItIsWithoutUpgradingIt() {
    }
}
