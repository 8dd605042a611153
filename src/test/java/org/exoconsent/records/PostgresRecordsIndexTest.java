package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

/**
 * The contract of the records index ({@link RecordsIndexTest}, every test of it) on the PostgreSQL store (issue 17 §5): a fresh
 * database of the tests' real server, opened as the clinic's application role.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresRecordsIndexTest extends RecordsIndexTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        // as the owner: the contract audits corrections by an actor without signing in, which the server refuses the clinic's
        // application role since schema 19 (ServerSessionsOnPostgresTest)
        return postgres.openAsOwner();
    }
}
