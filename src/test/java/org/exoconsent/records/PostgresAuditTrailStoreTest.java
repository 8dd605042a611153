package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

/**
 * The contract of the audit trail ({@link AuditTrailStoreTest}, every test of it) on the PostgreSQL store (issue 17 §5): a fresh
 * database of the tests' real server, opened as the clinic's application role.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresAuditTrailStoreTest extends AuditTrailStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        // as the owner: the contract appends entries of any actor without signing in, which the server refuses the clinic's
        // application role since schema 19 (ServerSessionsOnPostgresTest)
        return postgres.openAsOwner();
    }
}
