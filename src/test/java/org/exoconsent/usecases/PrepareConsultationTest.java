package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.records.TestAudit;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work around a consultation through the use case alone: a manager (who may not consult) is refused the
 * physician's confirmation before anything is written, the refusal audited; the physician's confirmation of a
 * prepared session is audited and carried by the session returned; a session whose explanation has begun, and an
 * unlock attempt that is not one, are refused naming what is wrong, nothing written; and the home screen's notices
 * follow the person's roles ({@link ClinicNotices}).
 */
class PrepareConsultationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;

    @BeforeEach
    void dataDirectory() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
    }

    /** The example consultation as staff prepared it: nobody confirmed it, nothing explained or signed yet. */
    private static ConsentSession prepared() {
        ObjectNode json = Examples.json("complete-ja");
        json.remove("confirmedBy");
        json.remove("preparedBy");
        json.putArray("acknowledgements");
        json.putArray("quiz");
        json.putArray("signatures");
        return Examples.session(json);
    }

    private PrepareConsultation as(String name, String password) {
        return new PrepareConsultation(UseCaseTesting.signedIn(dir, name, password));
    }

    private List<String> audited(String action) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            return TestAudit.entries(store, action);
        }
    }

    @Test
    void aManagerIsRefusedTheConfirmationBeforeAnyWorkAndTheRefusalIsAudited() throws Exception {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> as(MANAGER, MANAGER_PASSWORD).confirmAsSignedIn(prepared()));

        assertTrue(e.getMessage().startsWith(MANAGER + " (manager) may not run consultations or record consents"),
                e.getMessage());
        assertEquals(1, audited("access-refused").size(), audited("access-refused").toString());
        assertTrue(audited("access-refused").get(0).contains("consult"), audited("access-refused").toString());
        assertEquals(List.of(), audited("treatment-confirmed"));
    }

    @Test
    void thePhysicianConfirmsAPreparedSessionAndTheConfirmationIsAudited() throws Exception {
        PrepareConsultation physician = as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD);

        PrepareConsultation.Confirmed c = physician.confirmAsSignedIn(prepared());

        assertEquals(TestAccounts.PHYSICIAN, c.session().confirmedBy().account());
        assertEquals(Examples.CLOCK.instant(), c.by().at().toInstant());
        assertEquals(TestAccounts.PHYSICIAN, c.session().preparedBy().account(), "nobody else prepared it");
        assertNotNull(c.session().startedAt());
        assertFalse(c.at().isBlank());
        assertEquals(1, audited("treatment-confirmed").size(), audited("treatment-confirmed").toString());

        PrepareConsultation.Start start = physician.start(null); // a new consultation
        assertNull(start.restartReason());
        assertTrue(start.template().format() >= 2, "new consultations use a version that can be signed");
        assertEquals("exosome-therapy", start.template().id());
        assertNotNull(start.clock());
    }

    @Test
    void aDraftExplainedBeforeTheConfirmationRestartsAndTheRestartIsAudited() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.remove("confirmedBy");
        json.putArray("signatures");
        ConsentSession draft = Examples.session(json); // acknowledged before anyone confirmed the treatment

        PrepareConsultation.Start start = as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD).start(draft);

        assertEquals(PrepareConsultation.Restart.NOT_CONFIRMED, start.restartReason());
        assertEquals(draft.template().version(), start.restartedFrom());
        assertEquals(draft.id(), start.restartFrom().id());
        List<String> restarts = audited("draft-restarted");
        assertEquals(1, restarts.size(), restarts.toString());
        assertTrue(restarts.get(0).contains("not-confirmed"), restarts.get(0));
    }

    @Test
    void aSessionWhoseExplanationHasBegunIsRefusedAndNothingIsWritten() throws Exception {
        ConsentSession explained = Examples.session("complete-ja"); // acknowledged, answered and signed
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD).confirmAsSignedIn(explained));

        assertTrue(e.getMessage().contains("the explanation of this consultation has already begun"),
                e.getMessage());
        assertEquals(List.of(), audited("treatment-confirmed"));
        assertEquals(List.of(), audited("sign-in"), "refused before the store was opened");
    }

    @Test
    void unlockAttemptsAreAuditedAndAnythingElseIsRefusedNamingTheAction() throws Exception {
        PrepareConsultation manager = as(MANAGER, MANAGER_PASSWORD); // anyone signed in unlocks patient mode
        TestAccounts.staffPin(dir, Examples.CLOCK, "2468");

        assertTrue(manager.staffPinMatches("2468"));
        assertFalse(manager.staffPinMatches("8642"));
        manager.unlockAttempt("draft-1", "patient-mode-unlock-failed", "staff PIN", 1);
        List<String> failed = audited("patient-mode-unlock-failed");
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).contains("\"wrongInARow\":1") && failed.get(0).contains("draft-1"), failed.get(0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> manager.unlockAttempt("draft-1", "records-deleted", "staff PIN", 0));
        assertTrue(e.getMessage().startsWith("'records-deleted' is not an unlock attempt"), e.getMessage());
        assertEquals(List.of(), audited("records-deleted"));
    }

    @Test
    void theHomeScreensNoticesFollowThePersonsRoles() throws Exception {
        ClinicNotices.Notices manager = new ClinicNotices(UseCaseTesting.signedIn(dir, MANAGER, MANAGER_PASSWORD)).read("ja");
        assertNotNull(manager.settings());
        assertNull(manager.templates(), "a manager does not manage templates");
        assertNull(manager.texts(), "nor the catalog");
        assertNull(manager.backup(), "nor back up");
        assertNotNull(manager.evidence(), "a manager verifies records");

        ClinicNotices.Notices administrator = new ClinicNotices(
                purpose -> TestAccounts.open(dir, Examples.CLOCK, purpose)).read("ja");
        assertNotNull(administrator.templates());
        assertNotNull(administrator.texts());
    }

    @Test
    void aReflectionTimeThatCannotBeReadRefusesANewConsultationNamingItsRowAndRepair() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.database());
             java.sql.Statement st = c.createStatement()) { // changed with sqlite3, behind the product's back
            st.executeUpdate("INSERT INTO setting (key, value) VALUES ('reflection-minutes', 'thirty')");
        }
        PrepareConsultation physician = as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD);

        org.exoconsent.records.DamagedStoreException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.exoconsent.records.DamagedStoreException.class, () -> physician.start(null));
        assertEquals("setting reflection-minutes: the database's setting row 'reflection-minutes' holds 'thirty' in "
                + "its value column, not a whole number of minutes from 0 to 43200: it was changed outside the "
                + "product; an administrator sets it again: exoconsent settings set reflection-minutes 0",
                e.getMessage());
        assertFalse(physician.catalog().products().isEmpty(), "the rest of the store reads as before");
    }
}
