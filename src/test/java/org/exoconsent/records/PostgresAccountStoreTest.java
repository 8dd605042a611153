package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

/**
 * The contract of the accounts ({@link AccountStoreTest}, every test of it) on the PostgreSQL store (issue 17 §5): a fresh
 * database of the tests' real server, opened as its owner. The contract writes accounts without signing in, which
 * the server refuses the clinic's application role since schema 19 (an administrator's session adds and changes
 * accounts, the server's sign-in counts wrong passwords): {@link ServerSessionsOnPostgresTest} holds the role to that,
 * the store's own tests on PostgreSQL sign in as the role.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresAccountStoreTest extends AccountStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        return postgres.openAsOwner();
    }

    @Override
    String asRead(String hash) { // a device reads the hash's parameters and salt, its hash part masked (V19)
        int last = hash.lastIndexOf('$') + 1;
        return hash.substring(0, last) + hash.substring(last).replaceAll("[A-Za-z0-9+/]", "A");
    }
}
