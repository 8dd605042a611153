package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.ExportHeaders;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporting the records, recalling a lot and exporting the audit trail through the use case alone (no process, no
 * display): the permission checked before any work (nothing written, the refusal audited), the export written with
 * what the manager is told beside it, the recall with its patients, and bad input refused naming the field or value.
 */
class ExportRecordsTest {
    private static final String LOT = "UC10-2611-04";
    private static final String PRODUCT = "デモ培養上清エクソソーム UC-10";

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
    void aPhysicianMayNotExportNorRecallAndNothingIsWritten() throws Exception {
        ExportRecords physician = new ExportRecords(UseCaseTesting.signedIn(dir, TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD));
        Path out = tmp.resolve("records.csv");
        long[] progressed = {0};

        AccessDeniedException export = assertThrows(AccessDeniedException.class, () -> physician.export(
                RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, false, ExportHeaders.defaultFor(
                        RecordStore.ExportFormat.CSV), (done, total) -> progressed[0]++, () -> false));
        AccessDeniedException recall = assertThrows(AccessDeniedException.class,
                () -> physician.recall(LOT, null, 5));

        assertEquals("yamada (physician) may not export records: this needs the role manager; someone with that role "
                + "does this, or an administrator gives the role (exoconsent users set-roles, or the administration "
                + "screen)", export.getMessage());
        assertEquals("yamada (physician) may not recall a lot: this needs the role manager; someone with that role "
                + "does this, or an administrator gives the role (exoconsent users set-roles, or the administration "
                + "screen)", recall.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
        assertEquals(0, progressed[0]);
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(2, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).contains("\"asked\":\"export records\""), refusals.get(0));
            assertTrue(refusals.get(1).contains("\"asked\":\"recall a lot\""), refusals.get(1));
            assertEquals(List.of(), TestAudit.entries(store, "exported"));
            assertEquals(List.of(), TestAudit.entries(store, "lot-recall"));
        }
    }

    /**
     * Issue 16 §7: a patient's request to see their records, through the use case: a number no record holds is refused
     * naming it before any work (no verification run, no file, no {@code exported} entry); the patient's number
     * however typed gives the ZIP of their documents.
     */
    @Test
    void aPatientsDocumentsAreExportedByTheirNumberAndAnUnknownNumberIsRefusedBeforeAnyWork() throws Exception {
        Path unknown = tmp.resolve("unknown.zip");
        long[] progressed = {0};
        RefusedException refused = assertThrows(RefusedException.class, () -> manager().export(
                RecordStore.ExportFormat.ZIP, RecordFilter.ofPatient("P-000124"), unknown, false, ExportHeaders.JA,
                (n, total) -> progressed[0]++, () -> false));
        assertTrue(refused.getMessage().contains("patient number 'P-000124': no document of a patient with this "
                + "number"), refused.getMessage());
        assertFalse(Files.exists(unknown), "nothing written");
        assertEquals(0, progressed[0], "not even the verification ran");
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "exported"));
            assertEquals(List.of(), TestAudit.entries(store, "verified"));
        }

        Path zip = tmp.resolve("patient.zip");
        ExportRecords.Export done = manager().export(RecordStore.ExportFormat.ZIP, RecordFilter.ofPatient(
                "ｐ０００１２３".replace("ｐ", "ｐ－")), zip, false, ExportHeaders.JA, (n, total) -> { }, () -> false);
        assertEquals(1, done.exported().records());
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            assertNotNull(z.stream().filter(e -> e.getName().endsWith("/" + recorded.id() + ".pdf")).findFirst()
                    .orElse(null), "the patient's consent");
        }
    }

    @Test
    void aManagerExportsTheRecordsAndIsToldThatTheyWereNeverVerified() throws Exception {
        Path out = tmp.resolve("records.csv");

        ExportRecords.Export done = manager().export(RecordStore.ExportFormat.CSV, RecordFilter.ALL, out, false,
                ExportHeaders.defaultFor(RecordStore.ExportFormat.CSV), (n, total) -> { }, () -> false);

        String csv = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(csv.contains(recorded.id()) && csv.contains("P-000123"), csv);
        assertEquals(1, done.exported().records());
        assertEquals(RecordStore.sha256(Files.readAllBytes(out)), done.exported().sha256());
        assertNull(done.nearest(), "no lot was asked for");
        assertNotNull(done.last(), "a CSV states the last records verify");
        assertNull(done.last().at(), "never verified");
        assertTrue(done.last().warns());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "exported").size());
        }
    }

    @Test
    void anEmptyExportOfALotOfTheCatalogSaysWhichLotsAreNear() throws Exception {
        Path out = tmp.resolve("other.csv");
        ExportRecords.Export done = manager().export(RecordStore.ExportFormat.CSV,
                new RecordFilter(null, null, null, null, "AD-2609-17", null), out, false,
                ExportHeaders.defaultFor(RecordStore.ExportFormat.CSV), (n, total) -> { }, () -> false);
        assertEquals(0, done.exported().records());
        assertTrue(Files.exists(out));
        assertNotNull(done.nearest(), "an empty file must not read as \"nobody received it\"");
        assertTrue(done.nearest().known(), "the catalog holds the lot");
        assertTrue(done.nearest().nearest().stream().anyMatch(l -> l.number().equals(LOT)),
                done.nearest().describe().toString());
    }

    @Test
    void aRecallListsThePatientsOfTheLotHoweverItIsTyped() throws Exception {
        ExportRecords.Recall r = manager().recall("ｕｃ１０－２６１１－０４ ", PRODUCT, 5);
        assertEquals(1, r.rows().size());
        assertEquals("P-000123", r.rows().get(0).patientNumber());
        assertEquals("090-0000-0000", r.rows().get(0).patientPhone());
        assertTrue(r.near().productKnown());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "lot-recall").size());
        }
    }

    @Test
    void aRecallOfAProductNobodyHoldsSearchesNothing() throws Exception {
        ExportRecords.Recall r = manager().recall(LOT, "デモ培養上清エクソソーム UC-11", 5);
        assertFalse(r.near().productKnown());
        assertEquals(List.of(), r.rows());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "lot-recall"), "nothing was searched");
        }
    }

    @Test
    void theAuditTrailIsExportedWithItsChainHead() throws Exception {
        Path out = tmp.resolve("audit.csv");
        AuditTrail.Exported e = manager().exportAuditTrail(AuditTrail.Filter.parse(null, null, null, null, null),
                out, false, "en");
        assertTrue(e.chain().verifies());
        assertTrue(e.entries() > 0);
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains(e.chain().headHash()));
    }

    @Test
    void badInputIsRefusedNamingTheFieldOrValueAndNothingIsWritten() throws Exception {
        Path wrong = tmp.resolve("records.csv");
        RefusedException contradiction = assertThrows(RefusedException.class, () -> manager().export(
                RecordStore.ExportFormat.XLSX, RecordFilter.ALL, wrong, false,
                ExportHeaders.defaultFor(RecordStore.ExportFormat.XLSX), (n, total) -> { }, () -> false));
        assertTrue(contradiction.getMessage().startsWith("--out ") && contradiction.getMessage().contains("csv"),
                contradiction.getMessage());
        assertFalse(Files.exists(wrong));

        Path unknownLot = tmp.resolve("lot.csv");
        RefusedException lot = assertThrows(RefusedException.class, () -> manager().export(
                RecordStore.ExportFormat.CSV, new RecordFilter(null, null, null, null, "NO-SUCH-LOT-9", null),
                unknownLot, false, ExportHeaders.defaultFor(RecordStore.ExportFormat.CSV), (n, t) -> { },
                () -> false));
        assertTrue(lot.getMessage().contains("NO-SUCH-LOT-9"), lot.getMessage());
        assertFalse(Files.exists(unknownLot));

        RefusedException blank = assertThrows(RefusedException.class, () -> manager().recall(" ", null, 5));
        assertTrue(blank.getMessage().startsWith("--lot: "), blank.getMessage());
        RefusedException language = assertThrows(RefusedException.class, () -> manager().exportAuditTrail(
                AuditTrail.Filter.parse(null, null, null, null, null), tmp.resolve("a.pdf"), false, "fr"));
        assertEquals("--language fr: not one of ja, en", language.getMessage());
        assertFalse(Files.exists(tmp.resolve("a.pdf")));
    }

    @Test
    void anAdministratorMayNotGiveThePatientsCopyAndNothingIsWritten() throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "add an administrator")) {
            store.addUser("admin2", java.util.EnumSet.of(org.exoconsent.records.Role.ADMINISTRATOR), null,
                    "administrator pw 42".toCharArray());
        }
        ExportRecords admin = new ExportRecords(UseCaseTesting.signedIn(dir, "admin2", "administrator pw 42"));
        Path out = tmp.resolve("copy.pdf");

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> admin.savePatientCopy(recorded.id(), out, false));

        assertEquals("admin2 (administrator) may not give the patient's copy or take-home card: this needs the role "
                + "physician or staff or manager; someone with that role does this, or an administrator gives the role "
                + "(exoconsent users set-roles, or the administration screen)", e.getMessage());
        assertFalse(Files.exists(out));
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "access-refused").size());
            assertEquals(List.of(), TestAudit.entries(store, "patient-copy-saved"));
        }
    }

    @Test
    void thePatientsCopyIsTheArchivedPdfAndTheCardIsSavedAndBothAreAudited() throws Exception {
        Path copy = tmp.resolve("copy.pdf");
        Path card = tmp.resolve("card.pdf");

        manager().savePatientCopy(recorded.id(), copy, false);
        manager().saveTakeHomeCard(recorded.id(), card, false);

        Path archived;
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            archived = store.pdf(recorded.id());
            assertEquals(1, TestAudit.entries(store, "patient-copy-saved").size());
            assertEquals(1, TestAudit.entries(store, "card-issued").size());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(archived), Files.readAllBytes(copy));
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(archived),
                manager().patientCopy(recorded.id()));
        assertTrue(new String(Files.readAllBytes(card), 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF"));
        assertTrue(manager().takeHomeCard(recorded.id()).length > 0);
    }

    @Test
    void aCopyIsRefusedForABlankOrUnknownIdOrAFileInsideTheDataDirectory() throws Exception {
        assertEquals("record: give the document id; nothing was given", assertThrows(RefusedException.class,
                () -> manager().savePatientCopy(" ", tmp.resolve("c.pdf"), false)).getMessage());
        RefusedException unknown = assertThrows(RefusedException.class,
                () -> manager().saveTakeHomeCard("no-such-id", tmp.resolve("c.pdf"), false));
        assertTrue(unknown.getMessage().startsWith("no-such-id: no such record"), unknown.getMessage());
        Path inside = dir.root().resolve("copy.pdf");
        RefusedException e = assertThrows(RefusedException.class,
                () -> manager().savePatientCopy(recorded.id(), inside, false));
        assertTrue(e.getMessage().contains("The patient's copy"), e.getMessage());
        assertFalse(Files.exists(inside));
        assertFalse(Files.exists(tmp.resolve("c.pdf")));
    }

    private ExportRecords manager() {
        return new ExportRecords(UseCaseTesting.signedIn(dir, MANAGER, MANAGER_PASSWORD));
    }
}
