package org.exoconsent.records;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Marks a test's data directory as moved to a PostgreSQL store, both marks as {@link StoreMigration} writes them (the
 * file and the database's setting), for the screens' tests that need no PostgreSQL server.
 */
public final class MovedMarks {
    private MovedMarks() {
    }

    /** Marks {@code dataDirectory} (with a database) as moved to {@code url} at {@code at}. */
    public static void mark(Path dataDirectory, String url, Instant at) throws Exception {
        MovedDataDirectory.write(new DataDirectory(dataDirectory), url, at, 3, "cd".repeat(32));
    }
}
