package org.exoconsent.cli;

import org.exoconsent.records.TestAccounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.RefusedException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clinic's data directory made by the release before template 1.2.0 (commit 85ff2f8; see the fixture's README)
 * opened by this release: nothing stored is lost or altered, template 1.0.0 is marked as containing errors, new
 * consultations and drafts move to 1.2.0, administrators are told until they activate it (issue 10, section 4).
 * That its records verify unchanged and its accounts and staff PIN work is checked for every fixture by
 * {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFromPreviousReleaseTest {
    static final String ID = "exosome-therapy";
    static final String DRAFT = PreviousRelease.DRAFT;
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_0_0;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneId.of("Asia/Tokyo"));

    @TempDir
    Path tmp;
    DataDirectory dir;

    @BeforeEach
    void copyTheFixture() throws IOException {
        dir = new DataDirectory(PreviousRelease.copyTo(tmp.resolve("clinic")));
    }

    private RecordStore signIn(String user, String password) throws Exception {
        return RecordStore.signIn(dir, CLOCK, user, password.toCharArray(), "upgrade test");
    }

    @Test
    void aMarkRemovedOrAddedWithASqliteToolIsReportedByVerify() throws Exception {
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            store.templates(); // the first use after the upgrade adds 1.3.0 and its mark
        }
        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            assertTrue(store.verify((d, t) -> { }).ok(), "the upgrade's own mark agrees with the audit trail");
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dir.root().resolve("exoconsent.db")); java.sql.Statement st = db.createStatement()) {
            st.execute("DROP TRIGGER template_correction_no_delete");
            st.executeUpdate("DELETE FROM template_correction");
            st.executeUpdate("INSERT INTO template_correction VALUES ('exosome-therapy', '1.3.0', '1.3.0', 'x')");
        }
        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            List<String> problems = store.verify((d, t) -> { }).problems();
            assertTrue(problems.contains("template versions: version 1.0.0 of exosome-therapy is no longer marked as "
                    + "containing errors (corrected by 1.3.0), although the audit trail records the mark"),
                    problems.toString());
            assertTrue(problems.contains("template versions: version 1.3.0 of exosome-therapy is marked as "
                    + "corrected by 1.3.0, which no audit entry records"), problems.toString());
        }
    }

    @Test
    void theOldTemplateIsMarkedAsContainingErrorsAndNewConsultationsUseTheCorrection() throws Exception {
        try (RecordStore store = signIn("yamada", "physician-password-1")) {
            List<TemplateLibrary.Version> versions = store.templates();
            TemplateLibrary.Version old = versions.stream().filter(v -> v.version().equals("1.0.0")).findFirst()
                    .orElseThrow();
            TemplateLibrary.Version fix = versions.stream().filter(v -> v.version().equals("1.3.0")).findFirst()
                    .orElseThrow();
            assertTrue(old.active(), "the clinic's choice is not changed behind its back");
            assertTrue(old.containsErrors());
            assertEquals(List.of("1.3.0"), old.correctedBy());
            assertFalse(fix.active());
            assertFalse(fix.containsErrors());
            ConsentTemplate t = store.templateForNewConsultation(ID);
            assertEquals("1.3.0", t.version(), "a new consultation cannot start on 1.0.0");
            assertEquals(3, t.format());
            // the old text stays readable for the records signed with it
            assertEquals("1.0.0", store.template(ID, "1.0.0").version());
        }
    }

    @Test
    void aSessionOnTheOldTemplateCannotBeSignedOrRecorded() throws Exception {
        ObjectNode json = Examples.json("complete-ja");
        json.put("id", "after-upgrade-1");
        ((ObjectNode) json.get("template")).put("version", "1.0.0");
        ConsentSession s = Examples.session(json);
        try (RecordStore store = signIn("yamada", "physician-password-1")) {
            RefusedException refused = assertThrows(RefusedException.class, () -> store.signingTemplate(ID,
                    "1.0.0"));
            assertTrue(refused.getMessage().contains("contains errors corrected by version 1.3.0"),
                    refused.getMessage());
            SessionException e = assertThrows(SessionException.class, () -> TestAccounts.record(store, s,
                    store.template(ID, "1.0.0"), Examples.key(), "old.json"));
            assertTrue(e.getMessage().contains("template.version") && e.getMessage().contains("1.3.0"),
                    e.getMessage());
        }
        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            RecordStore.Verification v = store.verify((done, total) -> { });
            assertEquals(RECORDS.size(), v.records() + v.withdrawals(), "nothing was recorded");
        }
        // the same through the command line: refused as an input (exit 3), nothing written
        Path file = tmp.resolve("old.json");
        Files.writeString(file, json.toPrettyString());
        CliTest.Run r = CliTest.runRaw(Map.of("EXOCONSENT_USER", "yamada", "EXOCONSENT_PASSWORD",
                "physician-password-1"), new java.io.ByteArrayInputStream(new byte[0]), "record", "--data-dir",
                dir.root().toString(), "--session", file.toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("contains errors corrected by version 1.3.0"), r.err());
    }

    @Test
    void administratorsAreToldAtSignInUntilTheyActivateTheCorrection() throws Exception {
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            List<RecordStore.TemplateNotice> ja = store.templateNotices("ja");
            assertEquals(1, ja.size());
            assertEquals("1.0.0", ja.get(0).activeVersion());
            assertEquals("1.3.0", ja.get(0).correction());
            assertTrue(ja.get(0).corrections().stream().anyMatch(c -> c.contains("敗血症")), ja.toString());
            List<RecordStore.TemplateNotice> en = store.templateNotices("en");
            assertTrue(en.get(0).corrections().stream().anyMatch(c -> c.contains("Sepsis")), en.toString());
            assertThrows(RefusedException.class, () -> store.activateTemplate(ID, "1.0.0"),
                    "a version found to contain errors cannot be chosen again");
        }
        Map<String, String> env = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "admin-password-1");
        CliTest.Run list = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "templates", "list",
                "--data-dir", dir.root().toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.err().contains("version 1.0.0, the active one, contains errors"), list.err());
        assertTrue(list.out().contains("contains errors: corrected by 1.3.0"), list.out());

        CliTest.Run activate = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "templates",
                "activate", ID, "1.3.0", "--data-dir", dir.root().toString());
        assertEquals(0, activate.exit(), activate.err());
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            assertEquals(List.of(), store.templateNotices("ja"), "told until they activate it, not after");
            assertEquals("1.3.0", store.templateForNewConsultation(ID).version());
        }
        CliTest.Run after = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "templates", "list",
                "--data-dir", dir.root().toString());
        assertFalse(after.err().contains("contains errors;"), after.err());
        CliTest.Run show = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "templates", "show",
                "exosome-therapy", "1.3.0", "--language", "ja", "--data-dir", dir.root().toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("corrects 1.0.0:") && show.out().contains("- 敗血症の報告は、海外の自由診療"),
                "the corrections can still be reviewed after activation: " + show.out());
        CliTest.Run old = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "templates", "show",
                "exosome-therapy", "1.0.0", "--data-dir", dir.root().toString());
        assertTrue(old.out().contains("contains errors: corrected by 1.3.0"), old.out());
    }

    @Test
    void aDraftBegunOnTheOldTemplateRestartsOnTheCorrectionWithThePatientKept() throws Exception {
        org.exoconsent.records.Principal physician;
        try (RecordStore store = signIn("yamada", "physician-password-1")) {
            physician = store.principal();
        }
        ConsultationServices services = new ConsultationServices(dir, CLOCK, physician);
        DraftStore.Draft draft = services.drafts().list().stream().filter(d -> d.session().id().equals(DRAFT))
                .findFirst().orElseThrow();
        assertEquals("1.0.0", draft.session().template().version());
        assertFalse(draft.session().acknowledgements().isEmpty(), "the fixture's draft was partly explained");

        ConsultationServices.Opening opening = services.opening(draft.session());
        assertEquals("1.0.0", opening.restartedFrom());
        assertEquals("1.3.0", opening.template().version());
        WizardViewModel vm = WizardViewModel.restart(opening.restartFrom(), opening.template(), opening.clock(),
                java.time.Duration.ZERO, pin -> false, physician.name());
        assertEquals(WizardViewModel.Step.CONFIRMATION, vm.stepProperty().get(),
                "the restarted consultation waits for the physician's confirmation");
        vm.setConfirmer(services::confirmTreatment);
        assertEquals("yamada: wrong user name or password, or the account is locked or disabled"
                + " (after 5 wrong passwords in a row an account waits 15 minutes; an administrator "
                + "can set a new password)", vm.confirm("yamada", "wrong-password".toCharArray()));
        assertNull(vm.confirm("yamada", "physician-password-1".toCharArray()));
        assertEquals(WizardViewModel.Step.EXPLANATION, vm.stepProperty().get());
        assertEquals(0, vm.sectionIndexProperty().get(), "the patient hears every section again");
        ConsentSession restarted = vm.draft();
        assertEquals(DRAFT, restarted.id(), "the restarted draft replaces the old one");
        assertEquals("1.3.0", restarted.template().version());
        assertEquals(draft.session().patient(), restarted.patient());
        assertEquals(draft.session().treatment().lot(), restarted.treatment().lot());
        assertEquals(draft.session().treatment().indication(), restarted.treatment().indication());
        // the product as the catalog has it now: rows of the release before origin and supply say "unknown"
        assertEquals(ConsentSession.Origin.UNKNOWN, restarted.treatment().product().origin());
        assertEquals(ConsentSession.Supply.UNKNOWN, restarted.treatment().product().supply());
        assertTrue(restarted.acknowledgements().isEmpty(), "acknowledgements of the old text do not count");
        assertTrue(restarted.signatures().isEmpty());
        assertEquals(draft.session().notes(), restarted.notes());
        assertThrows(RefusedException.class, () -> {
            try (RecordStore store = signIn("yamada", "physician-password-1")) {
                store.signingTemplate(ID, draft.session().template().version());
            }
        });
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dir.root().resolve("exoconsent.db"));
             java.sql.PreparedStatement ps = db.prepareStatement("SELECT details FROM audit WHERE action = "
                     + "'draft-restarted' AND subject = ?")) {
            ps.setString(1, DRAFT);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the restart is audited");
                assertTrue(rs.getString(1).contains("\"from\":\"1.0.0\"") && rs.getString(1).contains("1.3.0"),
                        rs.getString(1));
            }
        }
    }

    @Test
    void productsAlreadyInTheCatalogHaveAnUnknownOriginAndSupplyUntilTheClinicSaysOtherwise() throws Exception {
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            List<org.exoconsent.records.Catalog.Product> products = store.catalog().products();
            assertEquals(2, products.size(), products.toString());
            for (org.exoconsent.records.Catalog.Product p : products) {
                assertEquals("unknown", p.origin(), p.name());
                assertEquals("unknown", p.supply(), p.name());
            }
        }
        Map<String, String> env = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "admin-password-1");
        CliTest.Run set = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "catalog",
                "set-product", "--data-dir", dir.root().toString(), "--name", "デモ培養上清エクソソーム UC-10",
                "--origin", "allogeneic", "--supply", "research-reagent");
        assertEquals(0, set.exit(), set.err());
        CliTest.Run unknown = CliTest.runRaw(env, new java.io.ByteArrayInputStream(new byte[0]), "catalog",
                "set-product", "--data-dir", dir.root().toString(), "--name", "No Such", "--origin", "allogeneic",
                "--supply", "other");
        assertEquals(3, unknown.exit());
        assertTrue(unknown.err().contains("product: 'No Such' is not in the catalog"), unknown.err());
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            org.exoconsent.records.Catalog.Product p = store.catalog().products().stream()
                    .filter(x -> x.name().equals("デモ培養上清エクソソーム UC-10")).findFirst().orElseThrow();
            assertEquals("allogeneic", p.origin());
            assertEquals("research-reagent", p.supply());
        }
    }
}
