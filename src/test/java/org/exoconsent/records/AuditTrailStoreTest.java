package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail area's contract ({@link AuditTrailStore}, issue 15 §1), as any database vendor keeps it: what the
 * log appends is read back whole and chained, the newest entry is the head, an entry's number is never taken twice,
 * the audit trail screen's filter selects by action, actor and the clinic's days, and a read snapshot does not see an
 * entry committed after it began. Runs on a fresh data directory without signing in.
 */
class AuditTrailStoreTest {
    /**
     * A fresh opening of the store of {@code dir}: SQLite's data directory here; a second vendor's subclass opens
     * its own store (a second call, a second opening of the same store).
     */
    Stores open(DataDirectory dir) throws StoreException {
        return SqliteStores.open(dir);
    }

    @TempDir
    Path tmp;

    private DataDirectory dir;
    private static final ClinicClock TOKYO = ClinicClock.of(java.time.Clock.fixed(Instant.parse(
            "2026-11-21T00:00:00Z"), ZoneId.of("UTC")), ZoneId.of("Asia/Tokyo"));

    @BeforeEach
    void freshDataDirectory() throws Exception {
        dir = new DataDirectory(Files.createDirectories(tmp.resolve("data")));
    }

    /** Appends entries in one write transaction, committed. */
    private List<AuditLog.Entry> appended(Stores stores, String... actorActionSubjectAt) throws Exception {
        AuditLog log = new AuditLog(stores.auditTrail(), stores.auditHead());
        List<AuditLog.Entry> out = new ArrayList<>();
        stores.transactions().beginWrite();
        for (int i = 0; i < actorActionSubjectAt.length; i += 4) {
            out.add(log.appendTracked(Instant.parse(actorActionSubjectAt[i + 3]), actorActionSubjectAt[i],
                    actorActionSubjectAt[i + 1], actorActionSubjectAt[i + 2], Json.of("n", i / 4)));
        }
        stores.transactions().commit();
        return out;
    }

    @Test
    void appendedEntriesAreReadBackWholeChainedAndTheNewestIsTheHead() throws Exception {
        try (Stores stores = open(dir)) {
            AuditTrailStore trail = stores.auditTrail();
            assertNull(trail.newest(), "an empty trail has no head");
            assertNull(trail.first());
            List<AuditLog.Entry> made = appended(stores,
                    "admin", "user-added", "nurse", "2026-11-20T01:00:00Z",
                    "nurse", "created", "DOC-1", "2026-11-20T02:00:00.250Z",
                    "nurse", "exported", "records", "2026-11-20T03:00:00Z");
            List<AuditLog.Entry> read = new ArrayList<>();
            trail.each(read::add);
            assertEquals(made, read, "every field as the log made it, oldest first");
            assertEquals(List.of(1L, 2L, 3L), read.stream().map(AuditLog.Entry::seq).toList());
            assertEquals(AuditLog.GENESIS, read.get(0).prevHash());
            assertEquals(read.get(0).hash(), read.get(1).prevHash(), "each entry follows the one before it");
            assertEquals(read.get(1).hash(), read.get(2).prevHash());
            assertEquals(AuditLog.hash(2, "2026-11-20T02:00:00.250Z", "nurse", "created", "DOC-1", "{\"n\":1}",
                    read.get(0).hash()), read.get(1).hash(), "the chain's one definition");
            assertEquals(made.get(2), trail.newest());
            assertEquals(made.get(0), trail.first());
            assertEquals(made.get(1).hash(), trail.hash(2));
            assertNull(trail.hash(4));
            assertEquals(java.util.Map.of(1L, made.get(0).hash(), 2L, made.get(1).hash(), 3L, made.get(2).hash()),
                    trail.hashes());
            List<Long> after = new ArrayList<>();
            trail.eachAfter(1, e -> after.add(e.seq()));
            assertEquals(List.of(2L, 3L), after);
            AuditLog log = new AuditLog(trail, stores.auditHead());
            assertEquals(List.of(), log.verify(), "the chain and the head file agree");
            assertEquals(new AuditHead.Head(3, made.get(2).hash()), log.newest());
        }
    }

    @Test
    void anEntrysNumberIsNeverTakenTwice() throws Exception {
        try (Stores stores = open(dir)) {
            AuditLog.Entry first = appended(stores, "admin", "user-added", "nurse", "2026-11-20T01:00:00Z").get(0);
            stores.transactions().beginWrite();
            try {
                assertThrows(SQLException.class, () -> stores.auditTrail().append(new AuditLog.Entry(1,
                        "2026-11-20T05:00:00Z", "mallory", "created", "DOC-X", "{}", AuditLog.GENESIS, "0".repeat(64))));
            } finally {
                stores.transactions().rollback();
            }
            assertEquals(first, stores.auditTrail().newest(), "the first entry stays as it was");
        }
    }

    @Test
    void theNewestOfAKindAndTheKindsNewestFirst() throws Exception {
        try (Stores stores = open(dir)) {
            List<AuditLog.Entry> made = appended(stores,
                    "admin", "verified", "records", "2026-11-20T01:00:00Z",
                    "admin", "settings:changed", "anchor", "2026-11-20T02:00:00Z",
                    "admin", "settings:changed", "time-zone", "2026-11-20T03:00:00Z",
                    "admin", "verified", "records", "2026-11-20T04:00:00Z",
                    "admin", "verified", "archive", "2026-11-20T05:00:00Z");
            AuditTrailStore trail = stores.auditTrail();
            assertEquals(made.get(3), trail.newest(new AuditTrailStore.Kind("verified", "records")));
            assertEquals(made.get(4), trail.newest(AuditTrailStore.Kind.of("verified")));
            assertNull(trail.newest(AuditTrailStore.Kind.of("backup-created")));
            List<Long> seen = new ArrayList<>();
            trail.newestFirst(List.of(new AuditTrailStore.Kind("settings:changed", "anchor"),
                    AuditTrailStore.Kind.of("verified")), e -> seen.add(e.seq()));
            assertEquals(List.of(5L, 4L, 2L, 1L), seen, "newest first, the time-zone change not among them");
            seen.clear();
            trail.newestFirst(List.of(AuditTrailStore.Kind.of("verified")), e -> {
                seen.add(e.seq());
                return seen.size() < 2;
            });
            assertEquals(List.of(5L, 4L), seen, "until told to stop");
        }
    }

    @Test
    void theAuditTrailScreensFilterSelectsByActionActorAndTheClinicsDays() throws Exception {
        try (Stores stores = open(dir)) {
            appended(stores,
                    "admin", "user-added", "nurse", "2026-11-19T14:59:59.500Z", // 19 Nov 23:59:59.5 in Tokyo
                    "nurse [nurse]", "created", "DOC-1", "2026-11-19T15:00:00Z", // 20 Nov 00:00 in Tokyo
                    "sign-in:nurse", "sign-in-failed", "nurse", "2026-11-20T03:00:00Z",
                    "admin", "created", "DOC-2", "2026-11-20T14:59:59.999Z", // 20 Nov 23:59:59.999
                    "nurse [nurse]", "exported", "records", "2026-11-20T15:00:00Z"); // 21 Nov 00:00
            AuditTrailStore trail = stores.auditTrail();
            assertEquals(List.of(2L, 4L), seqs(trail, new AuditTrail.Filter(null, null, "created", null, null)));
            assertEquals(List.of(2L, 3L, 5L), seqs(trail, new AuditTrail.Filter(null, null, null, "nurse", null)),
                    "the person's entries under any roles, and the failed sign-ins under the name");
            java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 20);
            assertEquals(List.of(2L, 3L, 4L), seqs(trail, new AuditTrail.Filter(day, day, null, null, null)),
                    "the clinic's day, to the millisecond at both ends");
            assertEquals(List.of(4L), seqs(trail, new AuditTrail.Filter(day, day, "created", "admin", "DOC-2")));
            List<Long> raw = new ArrayList<>();
            trail.select(null, null, Instant.parse("2026-11-19T15:00:00Z"), Instant.parse("2026-11-20T15:00:00Z"),
                    e -> raw.add(e.seq()));
            assertEquals(List.of(2L, 3L, 4L), raw, "from included, until excluded, exactly");
        }
    }

    private static List<Long> seqs(AuditTrailStore trail, AuditTrail.Filter f) throws SQLException {
        List<Long> out = new ArrayList<>();
        long n = AuditTrail.each(trail, TOKYO, f, e -> out.add(e.seq()));
        assertEquals(out.size(), n, "the count is of the entries handed on");
        return out;
    }

    @Test
    void aReadSnapshotDoesNotSeeAnEntryCommittedAfterItBegan() throws Exception {
        try (Stores writer = open(dir); Stores reader = open(dir)) {
            AuditLog.Entry first = appended(writer, "admin", "user-added", "nurse", "2026-11-20T01:00:00Z").get(0);
            reader.transactions().beginRead();
            try {
                assertEquals(first, reader.auditTrail().newest());
                AuditLog.Entry second = appended(writer, "nurse", "created", "DOC-1", "2026-11-20T02:00:00Z")
                        .get(0);
                assertEquals(first, reader.auditTrail().newest(), "the snapshot's head");
                List<AuditLog.Entry> seen = new ArrayList<>();
                reader.auditTrail().each(seen::add);
                assertEquals(List.of(first), seen);
                assertNull(reader.auditTrail().hash(second.seq()));
            } finally {
                reader.transactions().commit();
            }
            assertEquals(2, reader.auditTrail().newest().seq(), "a new reading sees the commit");
        }
    }
}
