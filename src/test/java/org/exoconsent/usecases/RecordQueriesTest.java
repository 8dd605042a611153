package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.Role;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the records through the use case alone (no process, no display): the permission checked before any work
 * (the refusal audited, nothing shown), a page with its count and the lots near its lot in one call, a record's PDF,
 * the overview, the patient search, and bad input refused naming the field or value.
 */
class RecordQueriesTest {
    private static final String STAFF = "reception";
    private static final String STAFF_PASSWORD = "reception desk pw 5";

    @TempDir
    Path tmp;

    private DataDirectory dir;
    private ConsentSession recorded;

    @BeforeEach
    void oneRecordedConsent() throws Exception {
        ExampleRecord.Recorded r = ExampleRecord.in(tmp.resolve("data"));
        dir = r.dir();
        recorded = r.session();
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "add a receptionist")) {
            store.addUser(STAFF, EnumSet.of(Role.STAFF), null, STAFF_PASSWORD.toCharArray());
        }
    }

    @Test
    void staffMayNotSeeTheRecordsAndNothingIsShown() throws Exception {
        RecordQueries staff = as(STAFF, STAFF_PASSWORD);

        AccessDeniedException page = assertThrows(AccessDeniedException.class,
                () -> staff.page(RecordFilter.ALL, 0, 50));
        AccessDeniedException overview = assertThrows(AccessDeniedException.class, staff::overview);

        assertEquals("reception (staff) may not see records: this needs the role physician or manager; someone with "
                + "that role does this, or an administrator gives the role (exoconsent users set-roles, or the "
                + "administration screen)",
                page.getMessage());
        assertEquals(page.getMessage(), overview.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            List<String> refusals = TestAudit.entries(store, "access-refused");
            assertEquals(2, refusals.size(), refusals.toString());
            assertTrue(refusals.get(0).startsWith("access-refused view-records "), refusals.get(0));
            assertEquals(List.of(), TestAudit.entries(store, "records-viewed"));
            assertEquals(List.of(), TestAudit.entries(store, "overview-viewed"));
        }
    }

    @Test
    void aManagerSeesAPageWithItsCountAndTheLotsNearALotThatFoundNothing() throws Exception {
        RecordQueries office = as(MANAGER, MANAGER_PASSWORD);

        RecordQueries.Page all = office.page(RecordFilter.ALL, 0, 50);
        RecordQueries.Page otherLot = office.page(new RecordFilter(null, null, null, null, "UC10-2611-05", null),
                0, 50);

        assertEquals(1, all.total());
        assertEquals(recorded.id(), all.rows().get(0).id());
        assertEquals("P-000123", all.rows().get(0).patientNumber());
        assertNull(all.near(), "no lot was asked for");
        assertEquals(0, otherLot.total());
        assertNotNull(otherLot.near());
        assertTrue(otherLot.near().nearest().stream().anyMatch(l -> l.number().equals("UC10-2611-04")),
                otherLot.near().describe().toString());
        Path pdf = office.pdf(recorded.id());
        assertEquals(RecordStore.sha256(Files.readAllBytes(pdf)), all.rows().get(0).pdfSha256());
        RecordQueries.Overview o = office.overview();
        assertEquals(1L, o.overview().consentsPerMonth().values().stream().mapToLong(Long::longValue).sum());
        assertNotNull(o.template());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(2, TestAudit.entries(store, "records-viewed").size());
            assertEquals(1, TestAudit.entries(store, "record-opened").size());
            assertEquals(1, TestAudit.entries(store, "overview-viewed").size());
        }
    }

    @Test
    void theRecordsScreenOpensWithTheCatalogAndTheClinicsClock() throws Exception {
        RecordQueries.Opening o = as(MANAGER, MANAGER_PASSWORD).opening();
        assertTrue(o.catalog().products().stream().anyMatch(p -> p.name().equals("デモ培養上清エクソソーム UC-10")));
        assertEquals("Asia/Tokyo", o.clock().zone().getId());
        assertEquals(recorded.template().id(), o.template().id());
    }

    @Test
    void theStartFormFindsAnEarlierPatientButAManagerMayNotSearch() throws Exception {
        List<RecordStore.KnownPatient> found = as(STAFF, STAFF_PASSWORD).findPatients("さとう", 20);
        assertEquals(1, found.size());
        assertEquals("P-000123", found.get(0).patientNumber());
        assertEquals(recorded.id(), found.get(0).lastConsentId());

        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> as(MANAGER, MANAGER_PASSWORD).findPatients("さとう", 20));
        assertTrue(e.getMessage().startsWith("office (manager) may not run consultations"), e.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(1, TestAudit.entries(store, "patient-search").size(), "only the search that ran");
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldOrValue() throws Exception {
        RecordQueries office = as(MANAGER, MANAGER_PASSWORD);
        assertEquals("offset: -1 is negative",
                assertThrows(RefusedException.class, () -> office.page(RecordFilter.ALL, -1, 50)).getMessage());
        assertEquals("limit: 0 is not 1 to 1000",
                assertThrows(RefusedException.class, () -> office.page(RecordFilter.ALL, 0, 0)).getMessage());
        RefusedException unknown = assertThrows(RefusedException.class, () -> office.pdf("no-such-id"));
        assertTrue(unknown.getMessage().contains("no-such-id"), unknown.getMessage());
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            assertEquals(List.of(), TestAudit.entries(store, "records-viewed"));
            assertEquals(List.of(), TestAudit.entries(store, "record-opened"));
        }
    }

    private RecordQueries as(String name, String password) {
        return new RecordQueries(UseCaseTesting.signedIn(dir, name, password));
    }
}
