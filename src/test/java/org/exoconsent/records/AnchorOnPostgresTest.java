package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.exoconsent.pdf.KeyFiles;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PostgresServer.ClinicDatabase;
import org.exoconsent.testing.ProcessTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchor on a shared store (issue 17 §3: "the anchor is written by whichever device commits"): two devices of one
 * PostgreSQL store record at once, each with its own opening; each writes the head it committed to the clinic's anchor
 * file while it holds the chain head's row lock, so the anchor's heads never go backwards, it ends at the trail's
 * head, no gap is logged, and {@code records verify} holds the trail against it.
 */
@ProcessTest // starts the PostgreSQL server (PostgresServer)
class AnchorOnPostgresTest {
    @TempDir
    Path tmp;

    private final PostgresContract postgres = new PostgresContract();

    @Test
    void twoDevicesRecordingAtOnceEachAnchorTheHeadTheyCommittedAndTheAnchorEndsAtTheChainsHead() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        // the devices' clock is the computer's: the server's clock is the authority (issue 17 §2)
        Clock clock = Clock.systemUTC();
        KeyFiles deviceA = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        KeyFiles deviceB = DataDirectory.keyFilesIn(tmp.resolve("tablet/keys"));
        Path anchor = Files.createDirectories(tmp.resolve("share")).resolve("exoconsent-anchor.txt");
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                deviceA), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setRoles(TestAccounts.NAME, EnumSet.allOf(Role.class), TestAccounts.LICENCE);
            admin.addUser(TestAccounts.PHYSICIAN, EnumSet.of(Role.PHYSICIAN), TestAccounts.LICENCE,
                    TestAccounts.PHYSICIAN_PASSWORD.toCharArray());
            admin.setAnchor(anchor);
        }
        OwnerKeys.registerTestKey(db, deviceA, clock); // only the owner registers a key (attack review F2)

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService devices = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> recorded = new ArrayList<>();
            for (Object[] d : new Object[][] {{deviceA, "complete-ja"}, {deviceB, "complete-en"}}) {
                Callable<String> device = () -> {
                    start.await();
                    try (RecordStore store = RecordStore.signIn(new RecordStore.Source(postgres.open(), place,
                            (KeyFiles) d[0]), clock, TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
                        return TestAccounts.record(store, Examples.session((String) d[1]), Examples.template(),
                                Examples.key(), (String) d[1]).id();
                    }
                };
                recorded.add(devices.submit(device));
            }
            start.countDown();
            for (Future<String> f : recorded) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            devices.shutdownNow();
        }

        try (Stores stores = postgres.open()) {
            stores.transactions().beginRead();
            AuditLog.Entry newest;
            List<String> gaps;
            try {
                newest = stores.auditTrail().newest();
                List<String> found = new ArrayList<>();
                stores.auditTrail().each(e -> {
                    if (e.action().equals("anchor-gap")) {
                        found.add(e.details());
                    }
                    return true;
                });
                gaps = found;
            } finally {
                stores.transactions().commit();
            }
            List<Anchor.Line> lines = Anchor.read(anchor);
            assertTrue(lines.size() >= 4, "the set-up's, both sign-ins' and both recordings' heads: " + lines);
            for (int i = 1; i < lines.size(); i++) {
                assertTrue(lines.get(i).seq() > lines.get(i - 1).seq(), "the anchor's heads only go forward: "
                        + lines);
            }
            Anchor.Line last = lines.get(lines.size() - 1);
            assertEquals(newest.seq() + " " + newest.hash(), last.seq() + " " + last.hash(),
                    "the anchor ends at the chain's head, whichever device committed last");
            assertEquals(List.of(), gaps, "no anchor-gap: every committed head was anchored by its device");
        }
        try (RecordStore manager = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, deviceA), clock,
                TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            // verifying reads every document from its row, names it by the row and leaves no copy on the device
            // (attack review of issue 17, F5: a copy of each PDF was left in the temporary folder per run)
            Path temporary = Files.createDirectories(tmp.resolve("device-temp"));
            String before = System.getProperty("java.io.tmpdir");
            RecordStore.Verification v;
            System.setProperty("java.io.tmpdir", temporary.toString());
            try {
                v = manager.verify((done, total) -> { });
            } finally {
                System.setProperty("java.io.tmpdir", before);
            }
            try (java.util.stream.Stream<Path> left = Files.list(temporary)) {
                assertEquals(List.of(), left.toList(), "no document copied onto the device by records verify");
            }
            assertEquals(List.of(), v.problems(), "records verify: 0 problems against the anchor");
            assertEquals(2, v.records());
            assertNull(manager.anchorProblem(), manager.anchorProblem());
        }
    }

    /**
     * Second review of schema 20: on the shared store, {@code settings set anchor} left the new anchor file unwritten
     * until the next write (the transaction after the commit is skipped when no anchor is set, and the write's first
     * look had found none), so the first {@code records verify} said the anchor "cannot be reached". Setting it now
     * writes the setting's own entry to it at once.
     */
    @Test
    void aNewAnchorHoldsTheHeadAtOnceAndTheNextVerifyChecksTheTrailAgainstIt() throws Exception {
        ClinicDatabase db = postgres.database();
        String place = db.storeUrl(db.app());
        KeyFiles keys = DataDirectory.keyFilesIn(tmp.resolve("desk/keys"));
        Path anchor = Files.createDirectories(tmp.resolve("share")).resolve("exoconsent-anchor.txt");
        try (RecordStore admin = RecordStore.createFirstAdministrator(new RecordStore.Source(postgres.open(), place,
                keys), Clock.systemUTC(), TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray(), null)) {
            admin.setAnchor(anchor);
        }
        List<Anchor.Line> lines = Anchor.read(anchor);
        AuditLog.Entry newest;
        try (Stores stores = postgres.open()) {
            stores.transactions().beginRead();
            try {
                newest = stores.auditTrail().newest();
            } finally {
                stores.transactions().commit();
            }
        }
        assertEquals("settings:changed", newest.action());
        assertEquals(List.of(newest.seq() + " " + newest.hash()), lines.stream().map(l -> l.seq() + " " + l.hash())
                .toList(), "the anchor holds the head of the entry that set it, and nothing else");
        try (RecordStore admin = RecordStore.signIn(new RecordStore.Source(postgres.open(), place, keys),
                Clock.systemUTC(), TestAccounts.NAME, TestAccounts.PASSWORD.toCharArray())) {
            RecordStore.Verification v = admin.verify((done, total) -> { });
            assertEquals(List.of(), v.problems());
            assertTrue(v.notes().stream().anyMatch(n -> n.startsWith("checked against the anchor " + anchor)),
                    v.notes().toString());
            assertTrue(v.notes().stream().noneMatch(n -> n.contains("cannot be reached")), v.notes().toString());
        }
    }
}
