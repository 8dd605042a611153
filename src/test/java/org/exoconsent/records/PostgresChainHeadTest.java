package org.exoconsent.records;

import org.exoconsent.testing.ProcessTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several devices writing one PostgreSQL store at once (issue 17 §3), PostgreSQL's only: every write transaction of
 * {@link PostgresStores} first locks the audit chain's head row, so two openings appending audit entries at the same
 * time are serialised on it — no entry number is ever taken twice, no write fails, the chain is whole and the head
 * row names its newest entry; a writer kept waiting past the busy timeout is told the store is busy, naming it.
 */
@ProcessTest // a real PostgreSQL server: the slow lane
class PostgresChainHeadTest {
    private final PostgresContract postgres = new PostgresContract();

    /** Appends {@code n} entries, each in a write transaction of its own, as a device records. */
    private static List<Long> appendEach(Stores device, String actor, int n, CountDownLatch start)
            throws Exception {
        AuditLog log = new AuditLog(device.auditTrail(), device.auditHead());
        List<Long> taken = new ArrayList<>();
        start.await();
        for (int i = 0; i < n; i++) {
            device.transactions().beginWrite();
            try {
                taken.add(log.append(Instant.now(), actor, "exported", "records", Json.of("n", i)).seq());
                device.transactions().commit();
            } catch (Exception | Error e) {
                device.transactions().rollback();
                throw e;
            }
        }
        return taken;
    }

    @Test
    void twoDevicesAppendingAtOnceAreSerialisedOnTheChainHeadAndTheChainNeverForks() throws Exception {
        int each = 60;
        ExecutorService devices = Executors.newFixedThreadPool(2);
        try (Stores a = postgres.openAsOwner(); Stores b = postgres.openAsOwner()) { // entries of no session (V19)
            CountDownLatch start = new CountDownLatch(1);
            Future<List<Long>> byA = devices.submit(() -> appendEach(a, "desk", each, start));
            Future<List<Long>> byB = devices.submit(() -> appendEach(b, "tablet", each, start));
            start.countDown();
            List<Long> all = new ArrayList<>(byA.get(60, TimeUnit.SECONDS)); // a failure of either is thrown here
            all.addAll(byB.get(60, TimeUnit.SECONDS));
            Set<Long> distinct = new HashSet<>(all);
            assertEquals(2 * each, distinct.size(), "no number taken twice: " + all);
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= 2 * each; s++) {
                expected.add(s);
            }
            assertEquals(new HashSet<>(expected), distinct, "numbered 1 to " + 2 * each + " without a gap");
            assertEquals(List.of(), new AuditLog(a.auditTrail(), a.auditHead()).verify(),
                    "one chain, each entry after the one before it");
            AuditLog.Entry newest = a.auditTrail().newest();
            try (java.sql.Connection c = postgres.database().appConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_head")) {
                assertTrue(rs.next());
                assertEquals(newest.seq(), rs.getLong(1), "the head row names the newest entry");
                assertEquals(newest.hash(), rs.getString(2));
            }
        } finally {
            devices.shutdownNow();
        }
    }

    @Test
    void aWriterKeptWaitingPastTheBusyTimeoutIsToldTheStoreIsBusyAndNothingIsWritten() throws Exception {
        ShortBusyTimeout shortWait = new ShortBusyTimeout(1_000);
        shortWait.beforeEach(null);
        try (Stores a = postgres.openAsOwner(); Stores b = postgres.openAsOwner()) { // entries of no session (V19)
            a.transactions().beginWrite();
            try {
                new AuditLog(a.auditTrail(), a.auditHead()).append(Instant.now(), "desk", "exported",
                        "records", "{}");
                BusyException busy = assertThrows(BusyException.class, () -> b.transactions().beginWrite());
                assertTrue(busy.getMessage().startsWith(postgres.database().storeUrl(postgres.database().owner())
                        + ": the store is busy"), busy.getMessage());
                assertTrue(!busy.getMessage().contains(postgres.database().ownerPassword()), "never the password");
            } finally {
                a.transactions().rollback();
            }
            b.transactions().beginWrite(); // the lock given back: the other device writes
            b.transactions().rollback();
            assertEquals(null, b.auditTrail().newest(), "the rolled-back entry was never stored");
        } finally {
            shortWait.afterEach(null);
        }
    }
}
