package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 §2, attacks on opening beside other programs: an opening waits for another program's lock up to the busy
 * timeout and then says so naming the data directory (never SQLite's text, never "not a readable database"); a new
 * data directory is seeded from what its database holds, decided in the write lock, not from whether the file
 * existed when this program looked.
 */
class OpeningBesideOthersTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.extension.RegisterExtension
    final ShortBusyTimeout busyTimeout = new ShortBusyTimeout(400);

    @Test
    void anOpeningWhileAnotherProgramHoldsAnExclusiveLockWaitsThenSaysBusy() throws Exception {
        Path data = tmp.resolve("data");
        DataDirectory dir = new DataDirectory(data);
        TestAccounts.everyone(dir, Examples.CLOCK);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = other.createStatement()) {
            st.execute("PRAGMA locking_mode = EXCLUSIVE");
            st.execute("BEGIN EXCLUSIVE");
            long t0 = System.nanoTime();
            BusyException e = assertThrows(BusyException.class, () -> TestAccounts.open(dir, Examples.CLOCK, "t"));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(400), "it waited its turn first");
            assertTrue(e.getMessage().startsWith(data.toRealPath() + ": the data directory is busy (another program")
                    || e.getMessage().startsWith(data + ": the data directory is busy (another program"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("it was not opened and nothing was changed"), e.getMessage());
            assertFalse(e.getMessage().contains("SQLITE_BUSY"), e.getMessage());
            st.execute("ROLLBACK");
        }
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertEquals(0L, store.count(), "opened once the other program let go");
        }
    }

    @Test
    void aDatabaseFileAnotherProgramMadeButHadNotYetFilledIsSeededOnce() throws Exception {
        // another program made the file a moment ago (or was killed right after): this opening finds it existing
        // and empty; it is still a new data directory, seeded once, with the notice
        Path data = Files.createDirectories(tmp.resolve("data"));
        DataDirectory dir = new DataDirectory(data);
        Files.createFile(dir.database());
        try (RecordStore store = RecordStore.createFirstAdministrator(dir, Examples.CLOCK, TestAccounts.NAME,
                TestAccounts.PASSWORD.toCharArray(), "t")) {
            assertTrue(store.createdNow(), "the new data directory's notice");
        }
        assertEquals(1, count(dir, "SELECT count(*) FROM clinic"), "the demo clinic");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "t")) {
            assertFalse(store.createdNow(), "seeded once: the next opening finds it");
        }
        assertEquals(1, count(dir, "SELECT count(*) FROM clinic"));
        assertEquals(2, count(dir, "SELECT count(*) FROM product"), "the demo products once");
    }

    private static long count(DataDirectory dir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
