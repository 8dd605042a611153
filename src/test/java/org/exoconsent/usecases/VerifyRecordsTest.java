package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifying the records through the use case alone (no process, no display): the permission checked before any
 * work and the refusal audited, the whole store and one record checked and audited, a changed archived PDF named, and
 * bad input refused naming the field or value.
 */
class VerifyRecordsTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;
    private ConsentSession recorded;

    @BeforeEach
    void oneRecordedConsent() throws Exception {
        ExampleRecord.Recorded r = ExampleRecord.in(tmp.resolve("data"));
        dir = r.dir();
        recorded = r.session();
    }

    @Test
    void aPhysicianMayNotVerifyTheWholeStoreAndNothingIsChecked() throws Exception {
        VerifyRecords physician = new VerifyRecords(UseCaseTesting.signedIn(dir, TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD));
        long[] progressed = {0};

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> physician.all((done, total) -> progressed[0]++, null));

        assertEquals("yamada (physician) may not verify the records: this needs the role manager or administrator; "
                + "someone with that role does this, or an administrator gives the role (exoconsent users "
                + "set-roles, or the administration screen)",
                e.getMessage());
        assertEquals(0, progressed[0], "not one record was checked");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(1, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).startsWith("access-refused verify-records "), refusals.get(0));
            assertEquals(List.of(), TestAudit.entries(store, "verified"), "no check was audited");
        }
    }

    @Test
    void aManagerVerifiesTheWholeStoreAndEachRecordAndTheChecksAreAudited() throws Exception {
        VerifyRecords office = manager();
        long[] last = {-1, -1};

        RecordStore.Verification v = office.all((done, total) -> {
            last[0] = done;
            last[1] = total;
        }, null);

        assertTrue(v.ok(), v.problems().toString());
        assertEquals(1, v.records());
        assertEquals(1, last[1], "progress counted the one record");
        assertNull(office.one(recorded.id()), "the recorded consent is intact");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(2, TestAudit.entries(store, "verified").size(), "both checks were audited");
        }
    }

    @Test
    void aChangedArchivedPdfIsNamedByBothChecks() throws Exception {
        Path pdf;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "find it")) {
            pdf = store.pdf(recorded.id());
        }
        byte[] bytes = Files.readAllBytes(pdf);
        bytes[bytes.length / 2] ^= 1; // one bit of the signed document
        pdf.toFile().setWritable(true);
        Files.write(pdf, bytes);

        String problem = manager().one(recorded.id());
        RecordStore.Verification v = manager().all((done, total) -> { }, null);

        assertTrue(problem != null && problem.contains(recorded.id()), String.valueOf(problem));
        assertTrue(v.problems().stream().anyMatch(p -> p.contains(recorded.id())), v.problems().toString());
    }

    @Test
    void badInputIsRefusedNamingTheFieldOrValue() throws Exception {
        RefusedException unknown = assertThrows(RefusedException.class, () -> manager().one("no-such-id"));
        assertTrue(unknown.getMessage().contains("no-such-id"), unknown.getMessage());
        RefusedException blank = assertThrows(RefusedException.class, () -> manager().one(" "));
        assertTrue(blank.getMessage().startsWith("record: "), blank.getMessage());
        VerifyRecords admin = new VerifyRecords(purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose));
        RefusedException noReason = assertThrows(RefusedException.class, () -> admin.acceptHead("  "));
        assertEquals("accept-head: give the reason on one line (--reason); nothing was changed",
                noReason.getMessage());
        RefusedException agrees = assertThrows(RefusedException.class, () -> admin.acceptHead("lost by accident"));
        assertTrue(agrees.getMessage().contains("the head file agrees with the audit trail"), agrees.getMessage());
    }

    @Test
    void aManagerMayNotAcceptTheHead() throws Exception {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> manager().acceptHead("lost by accident"));
        assertTrue(e.getMessage().startsWith("office (manager) may not change the settings"), e.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "access-refused").size());
            assertEquals(List.of(), TestAudit.entries(store, "audit-head-accepted"));
        }
    }

    private VerifyRecords manager() {
        return new VerifyRecords(UseCaseTesting.signedIn(dir, MANAGER, MANAGER_PASSWORD));
    }
}
