package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import java.nio.file.Path;

/**
 * The contract of the template versions ({@link TemplateVersionStoreTest}, every test of it) on the PostgreSQL store (issue 17 §5): a
 * fresh database of the tests' real server, opened as the clinic's application role.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresTemplateVersionStoreTest extends TemplateVersionStoreTest {
    private final PostgresContract postgres = new PostgresContract();

    @Override
    Stores open(Path dir) throws StoreException {
        return postgres.openSignedIn(); // the server takes changes only from a session (schema 20)
    }
}
