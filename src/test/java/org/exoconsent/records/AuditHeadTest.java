package org.exoconsent.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head file through a commit and the crashes around it: a process killed before or after the commit leaves a
 * head that agrees with the trail (so CrashTest's kills are never damage), while a head deleted, cut or replaced by an
 * older copy is damage that appending entries does not repair.
 */
class AuditHeadTest {
    @TempDir
    Path tmp;

    private static final AuditHead.Head E1 = new AuditHead.Head(1, "1".repeat(64));
    private static final AuditHead.Head E2 = new AuditHead.Head(2, "2".repeat(64));
    private static final AuditHead.Head E3 = new AuditHead.Head(3, "3".repeat(64));

    private Path head() {
        return tmp.resolve("audit-head.txt");
    }

    @Test
    void aCommitInterruptedOnEitherSideOfItsHeadWritesIsConsistent() throws Exception {
        AuditHead.writeNext(head(), E1, E2);
        assertNull(AuditHead.problem(head(), E1), "killed before the commit: the trail still ends at entry 1");
        assertNull(AuditHead.problem(head(), E2), "killed after the commit, before the head was rewritten");
        assertEquals(new AuditHead.Read(E1, E2), AuditHead.read(head()));
        AuditHead.writeCommitted(head(), E2);
        assertNull(AuditHead.problem(head(), E2));
        assertNull(AuditHead.problem(tmp.resolve("new-store-head.txt"), null), "a new store has neither");
    }

    @Test
    void aHeadThatDisagreesIsNamedDamage() throws Exception {
        assertTrue(AuditHead.problem(head(), E2).contains("the head file " + head() + " is missing"));
        AuditHead.writeCommitted(head(), E3);
        assertTrue(AuditHead.problem(head(), E2).startsWith("audit log: entries 3–3 were removed from the end"));
        AuditHead.writeCommitted(head(), E1);
        assertTrue(AuditHead.problem(head(), E3).contains("records entry 1, but the trail goes on to entry 3"));
        AuditHead.writeCommitted(head(), new AuditHead.Head(3, "f".repeat(64)));
        assertTrue(AuditHead.problem(head(), E3).contains("the newest entry 3 differs"));
        AuditHead.writeNext(head(), E1, E2);
        assertTrue(AuditHead.problem(head(), E3) != null, "a pending entry two behind is not a crash");
        Files.writeString(head(), "three 0000\n");
        assertTrue(AuditHead.problem(head(), E3).contains("'three 0000' is not a head line"));
    }

    @Test
    void appendingToADamagedTrailLeavesTheHeadAsItWas() throws Exception {
        try (Connection c = Schema.open(tmp.resolve("exoconsent.db"))) {
            AuditLog log = new AuditLog(new SqlAuditTrail(c), new AuditHeadFile(head()));
            AuditLog.Entry first = log.appendTracked(Instant.EPOCH, "a", "one", "s", "{}");
            assertTrue(log.writeHead(first));
            assertEquals(first.seq() + " " + first.hash(), Files.readString(head()).strip());
            Files.delete(head());
            AuditLog.Entry second = log.appendTracked(Instant.EPOCH, "a", "two", "s", "{}");
            assertFalse(log.writeHead(second));
            assertFalse(Files.exists(head()), "a deleted head is not re-created by the next entry");
            assertTrue(log.verify().stream().anyMatch(p -> p.contains("is missing")));
        }
    }
}
