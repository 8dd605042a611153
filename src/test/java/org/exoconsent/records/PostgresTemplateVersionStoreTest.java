package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import java.nio.file.Path;

/**
 * The contract of the template versions ({@link TemplateVersionStoreTest}, every test of it) on the PostgreSQL store
 * (issue 17 §5): a fresh database of the tests' real server, opened as its owner.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresTemplateVersionStoreTest extends TemplateVersionStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(Path dir) throws StoreException {
        // as the owner, as store migrate copies template versions: since schema 23 a device's session, even an
        // administrator's, adds a version only with all its files and its entry (WritesBySessionOnPostgresTest),
        // which this contract of the version index alone does not write
        return postgres.openAsOwner();
    }
}
