package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Set;

/**
 * The backup and restore area of the PostgreSQL store: the facts a restore checks are read as SQLite's are ({@link
 * SqlBackups}). A PostgreSQL backup is the product's own encrypted, checked archive (issue 17 §4), not a bare {@code
 * pg_dump}: {@link RecordStore#backup} copies one snapshot of the whole store into a data directory ({@link
 * SqlStoreCopy#intoDataDirectory}) and writes that as every backup, so there is no database file of this vendor's own to
 * copy, and {@link #snapshotTo} refuses rather than write one.
 */
final class PostgresBackups extends SqlBackups {
    private final String server;

    PostgresBackups(String server, Connection db) {
        super(db, SqlDialect.POSTGRESQL);
        this.server = server;
    }

    /**
     * Refuses: nothing is copied and nothing is written into {@code file}.
     *
     * @throws StoreException always, saying that a PostgreSQL store's backup is made by {@code exoconsent backup}
     */
    @Override
    public Set<String> snapshotTo(Path file, AtTheMoment alsoThen) throws StoreException {
        throw new StoreException(server + ": a PostgreSQL store is not copied as a database file of its own: its "
                + "backup is written through a data directory (exoconsent backup); nothing was copied");
    }
}
