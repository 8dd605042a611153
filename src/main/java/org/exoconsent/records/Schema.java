package org.exoconsent.records;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.exoconsent.files.OwnerOnly;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens the SQLite index and brings its schema up to date with Flyway (a new one is seeded with the demo clinic by
 * {@link Catalog#seedDemoIfNew}).
 */
final class Schema {
    /**
     * The newest migration: in src/main/resources/db/migration/sqlite, or a Java one registered below (V12, V13);
     * V14 gives the accounts their staff language (issue 16 §6); V17 indexes the case-ignoring id lookup and the
     * audit trail's lookup by action and subject (issue 17 §5). Each database vendor has its own folder of
     * migrations ({@value #MIGRATIONS} for SQLite; issue 17's PostgreSQL beside it), numbered alike so that one
     * number names one migration whatever the vendor: 15 and 16 are PostgreSQL's alone, so SQLite goes from 14 to 17.
     */
    static final int LATEST = 17;

    /** Where Flyway finds SQLite's migrations (the vendor's folder: issue 15 §1). */
    static final String MIGRATIONS = "classpath:db/migration/sqlite";

    private Schema() {
    }

    /** SQLite's {@code SQLITE_OPEN_NOFOLLOW} (sqlite-jdbc's {@code SQLiteOpenMode} does not name it). */
    private static final int OPEN_NOFOLLOW = 0x01000000;

    /**
     * How the database is opened: read-write, created when missing, and never through a symbolic link (issue 14
     * §2): SQLite then refuses a path any part of which is a link, so the folder's real path is given.
     */
    private static java.util.Properties noFollow() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("open_mode", String.valueOf(org.sqlite.SQLiteOpenMode.READWRITE.flag
                | org.sqlite.SQLiteOpenMode.CREATE.flag | OPEN_NOFOLLOW));
        // every connection waits for another program's lock up to the busy timeout, from its first statement on
        // (issue 15 §2: an opening beside a writer, a migration or a SQLite tool waits, then says so, never raw text)
        p.setProperty(org.sqlite.SQLiteConfig.Pragma.BUSY_TIMEOUT.pragmaName, String.valueOf(busyTimeoutMillis()));
        return p;
    }

    /** The database's path with the links above it resolved (the file itself is never a link: see above). */
    private static Path real(Path file) throws StoreException {
        Path folder = file.toAbsolutePath().getParent();
        try {
            return folder.toRealPath().resolve(file.getFileName());
        } catch (java.io.IOException e) {
            throw new StoreException(folder + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static Connection open(Path file) throws StoreException {
        if (!java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // SQLite would create it readable by every account (0644), and its -wal, -shm and -journal files take
            // the database file's mode: an empty file of our own is a new database to SQLite
            try {
                OwnerOnly.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: SQLite opens it as it is
            } catch (java.io.IOException e) {
                if (SqliteFailures.diskFull(e, file.getParent())) {
                    throw new DiskFull(file.getParent(), e);
                }
                throw new StoreException(file + ": the records database cannot be created: " + e.getMessage(), e);
            }
        }
        String url = "jdbc:sqlite:" + real(file);
        migrateIfNeeded(file, url);
        try {
            Connection c = DriverManager.getConnection(url, noFollow());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA busy_timeout = " + busyTimeoutMillis());
            } catch (SQLException e) {
                c.close(); // not left open behind the failure said below
                throw e;
            }
            return c;
        } catch (SQLException e) {
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": the records database cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * A second connection to the data directory's database that holds SQLite's write lock ({@code BEGIN IMMEDIATE})
     * until it is closed (its transaction, which changes nothing, is then rolled back): for work that must see the
     * database and the files beside it of one moment without running in a transaction of its own (a backup's
     * {@code VACUUM INTO}). Waits for another writer up to the busy timeout.
     *
     * @throws BusyException when another program kept writing longer than the busy timeout
     */
    static Connection holdWriteLock(DataDirectory dir) throws StoreException {
        Path file = dir.database();
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + real(file), noFollow());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + busyTimeoutMillis());
                st.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            if (SqliteFailures.busy(e)) {
                throw new BusyException(dir.root(), e);
            }
            throw new StoreException(file + ": the records database cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The system property that sets {@link #busyTimeoutMillis()} (for tests and a very slow disk). */
    static final String BUSY_TIMEOUT_PROPERTY = "exoconsent.busyTimeoutMillis";

    /**
     * How long, in milliseconds, a write waits for another program's write to finish before it is refused as busy
     * ({@link BusyException}): 10,000, or the system property {@value #BUSY_TIMEOUT_PROPERTY} when it is a
     * non-negative whole number. SQLite's own busy timeout: readers never wait for a writer (WAL mode).
     */
    static int busyTimeoutMillis() {
        String v = System.getProperty(BUSY_TIMEOUT_PROPERTY);
        if (v != null && v.strip().matches("\\d{1,9}")) {
            return Integer.parseInt(v.strip());
        }
        return 10_000;
    }

    /**
     * Runs Flyway only when the schema is behind (Flyway costs most of a second to start). The migration is
     * exclusive: its connection is in SQLite's EXCLUSIVE locking mode, so from its first read until it is closed no
     * other connection, of this program or another, reads or writes the database (they wait, as for a writer, up to
     * {@link #busyTimeoutMillis()}); a second program that found the schema behind too waits, then finds nothing left
     * to migrate. Flyway itself takes no lock on SQLite.
     */
    private static void migrateIfNeeded(Path file, String url) throws StoreException {
        if (current(url) >= LATEST) {
            return;
        }
        synchronized (MIGRATING) {
            // two programs' migrations in EXCLUSIVE locking mode can each hold the shared lock the other needs to
            // give up: SQLite then answers one of them "busy" at once, without waiting. That one lets go (its
            // connection closed), waits a moment and looks again (the other may have done the work), until the busy
            // timeout has passed; then it says so (BusyException), never SQLite's text
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(busyTimeoutMillis());
            java.util.Random jitter = new java.util.Random();
            while (true) {
                if (current(url) >= LATEST) {
                    return; // another opening, of this program or another, migrated it meanwhile
                }
                try {
                    migrate(file, url);
                    return;
                } catch (BusyException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    try {
                        Thread.sleep(20 + jitter.nextInt(200));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Openings in one program migrate one at a time: two connections in EXCLUSIVE locking mode that both took their
     * shared lock first would each wait for the other (observed as a hang of two threads opening one old data
     * directory).
     */
    private static final Object MIGRATING = new Object();

    private static void migrate(Path file, String url) throws StoreException {
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig(noFollow());
            config.setLockingMode(org.sqlite.SQLiteConfig.LockingMode.EXCLUSIVE);
            // no waiting inside: two programs' EXCLUSIVE-mode connections that each took a shared lock would wait
            // for each other until the timeout (observed as openings hanging together); refused at once instead,
            // the loser lets go and migrateIfNeeded tries again after a random moment, up to the busy timeout
            config.setBusyTimeout(0);
            org.sqlite.SQLiteDataSource source = new org.sqlite.SQLiteDataSource(config);
            source.setUrl(url);
            Flyway.configure().dataSource(source).locations(MIGRATIONS)
                    .javaMigrations(new V12__Lot_and_patient_keys(), new V13__Informed_refusal()).loggers("slf4j")
                    .load().migrate();
        } catch (FlywayException e) {
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) {
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": the records database could not be brought up to date: "
                    + e.getMessage(), e);
        }
    }

    /** The schema version of an existing database file (0 when Flyway never ran on it). */
    static int version(Path file) throws StoreException {
        return current("jdbc:sqlite:" + real(file));
    }

    private static int current(String url) throws StoreException {
        try (Connection c = DriverManager.getConnection(url, noFollow()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = "
                    + "'flyway_schema_history'")) {
                if (!rs.next()) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history "
                    + "WHERE success = 1")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()));
            // a whole database on a full disk: never said to be unreadable
            if (SqliteFailures.diskFull(e, file.getParent())) {
                throw new DiskFull(file.getParent(), e);
            }
            if (SqliteFailures.busy(e)) { // locked by a migration or a tool longer than the busy timeout: not damage
                throw BusyException.opening(file.getParent(), e);
            }
            throw new StoreException(file + ": is not a readable ExoConsent database: " + e.getMessage(), e);
        }
    }
}
