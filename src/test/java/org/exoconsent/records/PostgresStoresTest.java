package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.exoconsent.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening the PostgreSQL store (issue 17 §1, §3) on the tests' real server: only as the clinic's application role
 * (the database's owner is refused, since it could change signed records), only on a database at this program's
 * schema, and a server that cannot be reached or refuses the role is said plainly, the server named and never the
 * password. A backup of a PostgreSQL store is refused as not available yet, writing nothing.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresStoresTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    /** The application role's connections to {@code port} and {@code database} of {@code db}'s host, with a password. */
    private static javax.sql.DataSource source(PostgresServer.ClinicDatabase db, int port, String database,
                                                String password) {
        return new PostgresServer.ClinicDatabase(db.host(), port, database, db.owner(), db.ownerPassword(), db.app(),
                password).appDataSource();
    }

    @Test
    void theDatabasesOwnerIsRefusedAndTheApplicationRoleOpensIt() throws Exception {
        PostgresServer.ClinicDatabase db = postgres.database();
        RefusedException e = assertThrows(RefusedException.class, () -> PostgresStores.open(db.ownerDataSource(),
                db.storeUrl(db.owner())));
        assertTrue(e.getMessage().startsWith(db.storeUrl(db.owner()) + ": role " + db.owner() + " is the database's "
                + "owner"), e.getMessage());
        try (PostgresStores stores = postgres.open()) {
            assertEquals(0, stores.accounts().count());
            assertEquals(db.storeUrl(db.app()), stores.server());
        }
    }

    @Test
    void aDatabaseWithoutTheSchemaIsRefusedNamingTheCommandThatMakesIt() throws Exception {
        PostgresServer.ClinicDatabase fresh = PostgresServer.get().newClinicDatabase(); // not migrated
        RefusedException e = assertThrows(StoreNotSetUpException.class, () -> PostgresStores.open(
                fresh.appDataSource(), fresh.storeUrl(fresh.app())));
        assertEquals(fresh.storeUrl(fresh.app()) + " is not set up yet: run 'exoconsent store init --app-role "
                + fresh.app() + "' first, as the database's owner", e.getMessage());
    }

    @Test
    void aServerThatCannotBeReachedIsSaidPlainlyAtOnce() throws Exception {
        int nothingListens;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nothingListens = s.getLocalPort();
        }
        String where = "postgresql://127.0.0.1:" + nothingListens + "/clinic?user=exoconsent";
        javax.sql.DataSource unreachable = source(postgres.database(), nothingListens, "clinic",
                "s3cret-never-shown"); // the test's database made first: only the opening is timed
        long began = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, () -> PostgresStores.open(unreachable, where));
        assertTrue(e.getMessage().startsWith(where + ": the PostgreSQL server cannot be reached"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-never-shown"));
        assertTrue(System.nanoTime() - began < 5_000_000_000L, "said at once, not after a long hang");
    }

    @Test
    void aWrongPasswordIsSaidAsTheRolesSignInRefusedWithoutThePassword() throws Exception {
        PostgresServer.ClinicDatabase db = postgres.database();
        StoreException e = assertThrows(StoreException.class, () -> PostgresStores.open(source(db, db.port(),
                db.database(), "wrong-password-never-shown"), db.storeUrl(db.app())));
        assertTrue(e.getMessage().startsWith(db.storeUrl(db.app()) + ": the PostgreSQL server refused the role's "
                + "sign-in"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-password-never-shown"), e.getMessage());
        assertFalse(e.getMessage().contains(db.appPassword()), e.getMessage());
    }

    @Test
    void aPostgresqlStoreIsNeverCopiedAsADatabaseFileOfItsOwnAndNothingIsWritten() throws Exception {
        Path file = Files.createFile(tmp.resolve("backup.db"));
        try (PostgresStores stores = postgres.open()) {
            boolean[] ran = {false};
            StoreException e = assertThrows(StoreException.class, () -> stores.backups().snapshotTo(file,
                    () -> ran[0] = true));
            // its backup is written through a data directory (RecordStore.backup, PostgresBackupRestoreTest)
            assertTrue(e.getMessage().contains("is not copied as a database file of its own"), e.getMessage());
            assertFalse(ran[0], "nothing was done at a moment that was not taken");
            assertArrayEquals(new byte[0], Files.readAllBytes(file), "nothing written");
            assertEquals(java.util.List.of(), stores.backups().documents(), "the facts a restore checks are read");
        }
    }

    @Test
    void aStatementThatFailsInAWriteIsSaidNamingTheStoreAndTheTransactionIsRolledBack() throws Exception {
        try (PostgresStores stores = postgres.open()) {
            stores.transactions().beginWrite();
            java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, () -> stores.accounts()
                    .insert("yamada", java.util.EnumSet.of(Role.STAFF), null, "not-argon2", java.time.Instant.now()));
            assertThrows(java.sql.SQLException.class, () -> stores.transactions().beginWrite(),
                    "no transaction begins inside another, whose commit it would make");
            stores.transactions().rollback();
            StoreException said = stores.transactions().failure(refused);
            assertTrue(said.getMessage().startsWith(stores.server() + ": "), said.getMessage());
            assertEquals(0, stores.accounts().count(), "nothing stored, and the opening goes on");
        }
    }

    @Test
    void aConnectionTheServerEndedIsSaidPlainlyAsLost() throws Exception {
        try (PostgresStores stores = postgres.open()) {
            int pid;
            try (java.sql.Connection probe = postgres.database().appConnection();
                 java.sql.Statement st = probe.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE usename = '"
                         + postgres.database().app() + "' AND pid <> pg_backend_pid()")) {
                assertTrue(rs.next(), "the opening's session");
                pid = rs.getInt(1);
            }
            try (java.sql.Connection su = PostgresServer.get().superuser("postgres");
                 java.sql.Statement st = su.createStatement()) {
                st.executeQuery("SELECT pg_terminate_backend(" + pid + ")").close();
            }
            java.sql.SQLException lost = assertThrows(java.sql.SQLException.class, () -> stores.accounts().count());
            StoreException said = stores.transactions().failure(lost);
            assertTrue(said.getMessage().startsWith(stores.server() + ": the connection to the PostgreSQL server was "
                    + "lost"), said.getMessage());
        }
    }

    /**
     * Attack review of issue 17: another device's session holds {@code LOCK TABLE setting IN ACCESS EXCLUSIVE MODE};
     * a read of the settings waits at most the busy timeout and is then said busy in the store's words (it used to
     * wait forever: a frozen screen). A real second connection holds the lock.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30) // the read used to wait forever
    void aReadKeptWaitingByAnotherSessionsTableLockIsSaidBusyAfterTheBusyTimeout() throws Exception {
        String property = "exoconsent.busyTimeoutMillis"; // Schema.BUSY_TIMEOUT_PROPERTY
        String before = System.getProperty(property);
        System.setProperty(property, "2000");
        try (PostgresStores stores = postgres.open();
             java.sql.Connection holder = postgres.database().ownerConnection();
             java.sql.Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE setting IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();

            java.sql.SQLException waited = assertThrows(java.sql.SQLException.class, () -> stores.settings().read());

            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.9 && seconds < 6, "waited " + seconds + " s, the busy timeout is 2 s");
            StoreException said = stores.transactions().failure(waited);
            assertTrue(said instanceof BusyException, said.getClass() + ": " + said.getMessage());
            assertEquals(stores.server() + ": the store is busy (another device or program has been writing to it for "
                    + "more than 2 s: a recording, a backup or an update of the database); nothing was changed, try "
                    + "again when it has finished", said.getMessage());
            holder.rollback(); // the other device is done
            assertTrue(stores.settings().read() != null, "the same opening reads again once the lock is gone");
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
