package org.exoconsent.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded SQLite store of one data directory ({@code records.db} in WAL mode, see {@link Schema}) behind the
 * store interfaces of {@link Stores}: one connection, the areas of {@link SqlStores} over it, whose transactions are SQLite's ({@code BEGIN IMMEDIATE} for a
 * write: SQLite's write lock, waited for up to the busy timeout; {@code BEGIN} and a first read for a snapshot).
 */
final class SqliteStores extends SqlStores {
    private final DataDirectory dir;
    private final FolderArchive documents;
    private final SqliteBackups backups;
    private final DraftStore drafts;

    private SqliteStores(DataDirectory dir, Connection db) throws SQLException {
        super(textKeyFunction(db), SqlDialect.SQLITE, new AuditHeadFile(dir.auditHead()),
                new FolderTemplates(dir.templates()));
        this.dir = dir;
        this.documents = new FolderArchive(dir);
        this.backups = new SqliteBackups(dir, db);
        this.drafts = new DraftStore(dir, this::heldWrite);
    }

    /**
     * Defines {@link SqlDialect#SQLITE_TEXT_KEY} on the connection: {@link org.exoconsent.consent.Identifiers#textKey}
     * as an SQL function (deterministic: the same text, the same key), which the records index's patient filter calls.
     */
    private static Connection textKeyFunction(Connection db) throws SQLException {
        org.sqlite.Function.create(db, SqlRecordsIndex.TEXT_KEY, new org.sqlite.Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(org.exoconsent.consent.Identifiers.textKey(value_text(0)));
            }
        }, 1, org.sqlite.Function.FLAG_DETERMINISTIC);
        return db;
    }

    /**
     * Opens the data directory's database, creating it (owner-only) and bringing its schema up to date first.
     *
     * @throws BusyException  when a migration or another program's lock kept it waiting past the busy timeout
     * @throws StoreException when it cannot be created or opened (the file named)
     */
    static SqliteStores open(DataDirectory dir) throws StoreException {
        Connection db = Schema.open(dir.database());
        try {
            return new SqliteStores(dir, db);
        } catch (SQLException e) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // the failure said is the first one
            }
            throw new StoreException(dir.database() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing data directory's database read-only, as it is: no schema update (a database of an earlier
     * release keeps its schema: an area it lacks says so, see {@link SigningKeyStore#held}), no lock taken, nothing
     * written; for reading what is not confidential without signing in ({@code exoconsent verify FILE}).
     *
     * @throws SQLException when it cannot be opened (not a database, unreadable)
     */
    static SqliteStores openReadOnly(DataDirectory dir) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Schema.busyTimeoutMillis()); // the product's wait, as every other opening's
        return new SqliteStores(dir, config.createConnection("jdbc:sqlite:" + dir.database().toAbsolutePath()));
    }

    /**
     * The settings of a data directory, read without migrating or writing it (for the clinic's zone before a sign-in).
     *
     * @return null when its database was made before the settings table (migration V2)
     * @throws SQLException when it cannot be read
     */
    static Settings settingsReadOnly(DataDirectory dir) throws SQLException {
        try (SqliteStores s = openReadOnly(dir)) {
            try (java.sql.ResultSet t = s.db.getMetaData().getTables(null, null, "setting", null)) {
                if (!t.next()) {
                    return null;
                }
            }
            return s.settings().read();
        }
    }

    /** The connection, for the SQLite implementations of the areas and for tests that attack the file. */
    Connection connection() {
        return db;
    }



    /** The signed PDFs: files in the data directory's archive folder, beside the database (not in it). */
    @Override
    public DocumentArchive documents() {
        return documents;
    }

    @Override
    public Backups backups() {
        return backups;
    }

    /** The drafts in the data directory's drafts folder, changed in this opening's write lock. */
    @Override
    public Drafts drafts() {
        return drafts;
    }

    /** This opening's write lock for one change of a file beside the database: an empty write transaction. */
    private DraftStore.WriteLock.Held heldWrite() throws StoreException {
        try {
            beginWrite();
        } catch (SQLException e) {
            throw failure(e);
        }
        return this::rollback; // nothing was written in the database: the lock is given back
    }

    /**
     * The data directory's write lock for one change of a file beside the database, for a screen with no opening
     * of the store ({@link DraftStore#DraftStore(DataDirectory)}): {@code BEGIN IMMEDIATE} on a connection of its
     * own, closed when it is given back; nothing while the data directory has no database yet.
     */
    static DraftStore.WriteLock writeLock(DataDirectory dir) {
        return () -> {
            if (!java.nio.file.Files.exists(dir.database())) {
                return () -> { };
            }
            Connection hold = Schema.holdWriteLock(dir);
            return () -> {
                try {
                    hold.close(); // the empty transaction is rolled back with it
                } catch (SQLException ignored) {
                    // a broken connection holds no lock
                }
            };
        };
    }







    @Override
    public void beginWrite() throws SQLException, StoreException {
        try {
            exec("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (SqliteFailures.busy(e)) {
                throw new BusyException(dir.root(), e);
            }
            throw e;
        }
    }

    @Override
    public void beginRead() throws SQLException {
        exec("BEGIN");
        try {
            exec("SELECT count(*) FROM sqlite_master"); // SQLite takes the snapshot at the first read
        } catch (SQLException e) {
            rollback();
            throw e;
        }
    }

    @Override
    public void commit() throws SQLException {
        exec("COMMIT");
    }

    @Override
    public void rollback() {
        try {
            exec("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open, or the connection is broken: SQLite discards an open transaction
        }
    }

    @Override
    public StoreException failure(SQLException e) {
        if (e instanceof DamagedRow) { // a stored time that cannot be read: named, exit 1 (not intact)
            return new DamagedStoreException(e.getMessage());
        }
        if (SqliteFailures.busy(e)) { // a statement that waited for a lock longer than the busy timeout: never raw text
            return new BusyException(dir.root(), e);
        }
        if (SqliteFailures.diskFull(e, dir.root())) {
            return new DiskFull(dir.root(), e);
        }
        return new StoreException(dir.database() + ": " + e.getMessage(), e);
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // nothing is pending: every change was committed or rolled back
        }
    }
}
