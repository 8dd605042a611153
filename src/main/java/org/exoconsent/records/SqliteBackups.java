package org.exoconsent.records;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backup and restore area of the SQLite store (the facts a restore checks are {@link SqlBackups}'): the copy
 * is {@code VACUUM INTO} (a read of one snapshot, written as a compact database file), taken while SQLite's write lock is held on a second connection ({@link
 * Schema#holdWriteLock}: {@code VACUUM INTO} cannot run in a transaction), so that the files {@code alsoThen} reads
 * beside the database are those of the same moment; readers go on (WAL mode).
 */
final class SqliteBackups extends SqlBackups {
    private final DataDirectory dir;

    SqliteBackups(DataDirectory dir, Connection db) {
        super(db, SqlDialect.SQLITE);
        this.dir = dir;
    }

    @Override
    public Set<String> snapshotTo(Path file, AtTheMoment alsoThen) throws SQLException, StoreException, IOException {
        try (Connection hold = Schema.holdWriteLock(dir)) { // released (rolled back) when closed
            try (Statement st = db.createStatement()) {
                st.execute("VACUUM INTO '" + file.toString().replace("'", "''") + "'");
            }
            // no writer commits while the lock is held: this read sees what the copy holds
            Set<String> names = new TreeSet<>(new SqlRecordsIndex(db, SqlDialect.SQLITE, new SqlAuditTrail(db)).archivedPaths());
            alsoThen.run();
            return names;
        }
    }
}
