package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The drafts' contract ({@link DraftsTest}, every test of it) on the PostgreSQL store (issue 17 §5): the {@code draft}
 * table of a fresh database of the tests' real server, opened as the clinic's application role holding a signed-in session (schema 20). A screen's drafts are
 * those of an opening of its own (another device), which waits for the chain head as every writer does.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresDraftsTest extends DraftsTest {
    private final PostgresContract postgres = new PostgresContract();
    private final List<Stores> screens = new ArrayList<>();

    @Override
    Stores open(DataDirectory dir) throws StoreException {
        return postgres.openSignedIn(); // the server takes a draft only from a signed-in session (schema 20)
    }

    @Override
    Drafts screenDrafts(DataDirectory dir) throws StoreException {
        Stores screen = postgres.openSignedIn();
        synchronized (screens) {
            screens.add(screen);
        }
        return screen.drafts();
    }

    @Override
    String keptReason(DataDirectory dir, Stores stores, String name) throws StoreException {
        return ((PostgresDrafts) stores.drafts()).abandonedReason(name);
    }

    @AfterEach
    void closeTheScreens() {
        synchronized (screens) {
            screens.forEach(Stores::close);
        }
    }
}
