package org.exoconsent.cli;

import org.exoconsent.records.TestAccounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.Catalog;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clinic's data directory made by release 1.1.0 (commit 012c3ed; see src/test/resources/fixtures/datadir-1.1.0/
 * README.md) opened by this release, checked as the clinic would: its records, signed before documents carried
 * their facts, are said to be not cross-checkable, the minor's consent still names her legal representative, the
 * unfinished consultation resumes where it stopped, and the catalog's origin and supply of each product are as they
 * were. That its records verify unchanged and its accounts and staff PIN work is checked for every fixture by
 * {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFrom110Test {
    static final String DRAFT = PreviousRelease.DRAFT_1_1_0;
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_1_0;
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final Map<String, String> MANAGER = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
            "manager-password-1");

    @TempDir
    Path tmp;
    DataDirectory dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void copyTheFixture() throws Exception {
        dir = new DataDirectory(PreviousRelease.copyTo(PreviousRelease.V1_1_0, tmp.resolve("clinic")));
    }

    /** The command line as the clinic runs it, on the copy, at {@link #CLOCK}. */
    private Run cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.root().toString()));
        int exit = ExoConsentCli.commandLine(env, CLOCK, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private RecordStore signIn(String user, String password) throws Exception {
        return RecordStore.signIn(dir, CLOCK, user, password.toCharArray(), "upgrade test");
    }

    @Test
    void recordsVerifyCallsTheFourRecordsNotCrossCheckableAndRepairsTheModesOnce() throws Exception {
        Run verify = cli(MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("3 records and 1 withdrawal checked, 0 problems, 0 orphan files, 4 not "
                + "cross-checkable"),
                verify.out());
        for (String id : RECORDS) {
            assertTrue(verify.out().contains("NOT CROSS-CHECKABLE: record " + id + " "), id + ": " + verify.out());
        }
        // the release before left its files readable by every account: repaired and said once, then never again
        FilePermissionsCliTest.assertTheOneRepairWarning(dir.root(), verify.err());
        Run again = cli(MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertEquals("", again.err());
    }

    @Test
    void theMinorsConsentStillNamesHerLegalRepresentativeWhoSigned() throws Exception {
        Path csv = tmp.resolve("records.csv");
        Run export = cli(MANAGER, "export", "--format", "csv", "--out", csv.toString());
        assertEquals(ExitCodes.OK, export.exit(), export.err());
        assertTrue(export.out().contains("3 records"), "the three consents: " + export.out());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).replace("\uFEFF", "").replace("\"", "").split(","));
        assertTrue(header.contains("representative"), header.toString());
        String minor = lines.stream().filter(l -> l.startsWith("\"" + PreviousRelease.MINOR_1_1_0 + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("the minor's consent is exported: " + lines));
        assertTrue(minor.contains(",\"伊藤 由美 (母)\","), minor);
        assertTrue(minor.contains("\"伊藤 陽菜\"") && minor.contains(",\"2010-05-14\",")
                && minor.contains(",\"active\","),
                minor);
        String withdrawn = lines.stream().filter(l -> l.startsWith("\"" + PreviousRelease.ADULT_EN_1_1_0 + "\""))
                .findFirst().orElseThrow();
        assertTrue(withdrawn.contains(",\"withdrawn\","), withdrawn);

        Path json = tmp.resolve("records.json");
        Run full = cli(MANAGER, "export", "--format", "json", "--out", json.toString());
        assertEquals(ExitCodes.OK, full.exit(), full.err());
        JsonNode session = null;
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            assertEquals("1.1.0", r.get("session").get("template").get("version").asText());
            if (r.get("record").get("id").asText().equals(PreviousRelease.MINOR_1_1_0)) {
                session = r.get("session");
            }
        }
        assertTrue(session != null, "the minor's session is in the export");
        JsonNode rep = session.get("representative");
        assertEquals("伊藤 由美", rep.get("name").asText());
        assertEquals("いとう ゆみ", rep.get("kana").asText());
        assertEquals("母", rep.get("relationship").asText());
        assertEquals("090-2222-0000", rep.get("phone").asText());
        List<String> roles = new ArrayList<>();
        session.get("signatures").forEach(s -> roles.add(s.get("role").asText()));
        assertEquals(List.of("representative", "physician"), roles, "the patient herself did not sign");
    }

    @Test
    void theDraftBegunBeforeTheConfirmationRestartsAfterIt() throws Exception {
        Principal physician;
        try (RecordStore store = signIn("yamada", "physician-password-1")) {
            physician = store.principal();
        }
        ConsultationServices services = new ConsultationServices(dir, CLOCK, physician);
        DraftStore.Draft draft = services.drafts().load(DRAFT);
        assertEquals(DRAFT, draft.session().id());
        assertFalse(draft.patientMode());
        assertEquals("1.1.0", draft.session().template().version());
        assertEquals("P-000902", draft.session().patient().patientNumber());
        assertEquals(List.of("treatment", "evidence", "quality"), draft.session().acknowledgements().stream()
                .map(a -> a.section()).toList());

        // begun before the physician's confirmation was recorded (schema 1): it starts again after the confirmation
        ConsultationServices.Opening opening = services.opening(draft.session());
        assertEquals("1.1.0", opening.restartedFrom());
        assertEquals(ConsultationServices.Restart.NOT_CONFIRMED, opening.restartReason());
        ConsentSession from = opening.restartFrom();
        assertEquals(ConsentSession.Origin.ALLOGENEIC, from.treatment().product().origin(),
                "the product's origin comes from today's catalog");
        assertEquals(ConsentSession.Supply.COSMETIC_INGREDIENT, from.treatment().product().supply());
        WizardViewModel vm = WizardViewModel.restart(from, opening.template(), opening.clock(), Duration.ZERO,
                pin -> false,
                physician.name());
        assertEquals(WizardViewModel.Step.CONFIRMATION, vm.stepProperty().get());
        vm.setConfirmer(services::confirmTreatment);
        assertNull(vm.confirm("yamada", "physician-password-1".toCharArray()));
        assertEquals(WizardViewModel.Step.EXPLANATION, vm.stepProperty().get());
        assertEquals(0, vm.sectionIndexProperty().get(), "the patient hears every section again");
        assertEquals(DRAFT, vm.draft().id());
        assertEquals(ConsentSession.SCHEMA_VERSION, vm.draft().schemaVersion());
        assertEquals("yamada", vm.draft().preparedBy().account());
        assertEquals("yamada", vm.draft().confirmedBy().account());
        assertEquals(draft.session().patient(), vm.draft().patient());
        assertEquals(draft.session().treatment().lot(), vm.draft().treatment().lot());
        assertEquals("膝の痛みの経過を次回の来院時に確認してから説明を続ける。", vm.draft().notes().physician());
        assertTrue(vm.draft().acknowledgements().isEmpty() && vm.draft().checkQuestions().isEmpty()
                && vm.draft().signatures().isEmpty());
    }

    @Test
    void theShippedVersion120IsOfferedToTheAdministratorNotImposedAndAMinorWaitsForIt() throws Exception {
        try (RecordStore admin = signIn("admin", "admin-password-1")) {
            assertEquals("1.1.0", admin.templateForNewConsultation(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY).version(),
                    "the clinic chose 1.1.0; the upgrade does not change that behind its back");
            List<RecordStore.TemplateNotice> notices = admin.templateNotices("ja");
            assertEquals(1, notices.size(), notices.toString());
            RecordStore.TemplateNotice n = notices.get(0);
            assertEquals(RecordStore.TemplateNotice.Kind.NEWER_VERSION, n.kind());
            assertEquals(List.of("1.1.0", "1.3.0"), List.of(n.activeVersion(), n.correction()));
            assertEquals(admin.template(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY, "1.3.0").materialChangesSince("1.1.0", "ja"), n.corrections());
            assertFalse(n.corrections().isEmpty(), "what changed for patients, to review");
            assertTrue(n.activeLacksAssent(), "1.1.0 has no sentence for a minor's assent: the home screen says so");
        }
        Run list = cli(Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "admin-password-1"), "templates",
                "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.err().contains("Notice: this program brings consent template exosome-therapy version 1.3.0; "
                + "new consultations still use version 1.1.0"), list.err());

        // a 16-year-old cannot be consulted on 1.1.0, which has no assent declaration: the start page says why
        try (RecordStore physician = signIn("yamada", "physician-password-1")) {
            org.exoconsent.template.ConsentTemplate t = physician.templateForNewConsultation(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY);
            ConsentSession example = org.exoconsent.testing.Examples.session("complete-ja");
            org.exoconsent.ui.wizard.ConsultationSetup minor = new org.exoconsent.ui.wizard.ConsultationSetup(
                    example.clinic(), example.physician(), new ConsentSession.Patient("伊藤 陽菜", null,
                    java.time.LocalDate.parse("2010-05-14"), "P-000904", null, null),
                    new ConsentSession.Representative("伊藤 由美", null, ConsentSession.Relationship.MOTHER, null, null), "ja", example.treatment());
            assertTrue(org.exoconsent.ui.wizard.StartValidation.check(minor, t, java.time.LocalDate.of(2026, 12, 1))
                    .contains(new org.exoconsent.ui.wizard.StartValidation.FieldProblem("patient.dateOfBirth",
                            "start.noAssentDeclaration", "1.1.0")));
        }
        try (RecordStore admin = signIn("admin", "admin-password-1")) {
            admin.activateTemplate(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY, "1.3.0");
            assertEquals(List.of(), admin.templateNotices("ja"), "reviewed and chosen: nothing more to say");
            assertEquals("1.3.0", admin.templateForNewConsultation(org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY).version());
        }
    }

    /** The example consultation moved to 30 November 2026, after the fixture's consents. */
    private static com.fasterxml.jackson.databind.node.ObjectNode exampleOn30November() {
        var json = org.exoconsent.testing.Examples.json("complete-ja");
        json.put("id", "returning-p-000123");
        shift(json, java.time.Duration.ofDays(10));
        return json;
    }

    private static void shift(com.fasterxml.jackson.databind.JsonNode node, java.time.Duration by) {
        if (node.isObject()) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                var v = o.get(name);
                if (v.isTextual() && v.asText().matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
                    o.put(name, java.time.OffsetDateTime.parse(v.asText()).plus(by).toString());
                } else {
                    shift(v, by);
                }
            }
        } else if (node.isArray()) {
            node.forEach(x -> shift(x, by));
        }
    }

    /**
     * The same returning patient, her earlier consents' consultation times changed with SQL: the new consent is
     * refused as damage naming the row, the column, the value and the repair (exit 1 on the command line), not ended
     * by a raw parse error; nothing is recorded.
     */
    @Test
    void aReturningPatientWhoseLastConsentsTimeCannotBeReadIsRefusedNamingTheRow() throws Exception {
        var json = exampleOn30November();
        try (RecordStore physician = signIn("yamada", "physician-password-1")) {
            physician.clinicClock(); // the store opened once: brought up to this release's schema
        }
        TestAccounts.damage(dir, "record", "consultation_at", "garbage",
                "patient_number = 'P-000123' AND kind = 'consent'");
        try (RecordStore physician = signIn("yamada", "physician-password-1")) {
            org.exoconsent.template.ConsentTemplate t = physician.template(
                    org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY, "1.3.0");
            org.exoconsent.records.DamagedStoreException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.exoconsent.records.DamagedStoreException.class, () -> TestAccounts.record(physician,
                            org.exoconsent.testing.Examples.session(json), t, org.exoconsent.testing.Examples.key(),
                            "returning"));
            assertTrue(e.getMessage().matches("(?s).*record [^:]+: the database's record row '[^']+' was changed "
                    + "outside the product: the column consultation_at holds 'garbage', not a time with its offset; "
                    + "no command rewrites a signed record's row: the true value is in its signed PDF .*"),
                    e.getMessage());
            assertTrue(RECORDS.stream().anyMatch(id -> e.getMessage().contains("record " + id + ":")),
                    "names one of her consents: " + e.getMessage());
        }
        try (RecordStore manager = signIn("suzuki", "manager-password-1")) {
            assertTrue(manager.list(org.exoconsent.records.RecordFilter.ALL, 0, 100).stream()
                    .noneMatch(r -> r.id().equals("returning-p-000123")), "nothing recorded");
        }
    }

    @Test
    void aReturningPatientOf110CannotBeRecordedWithoutReadingWhatChanged() throws Exception {
        var json = exampleOn30November();
        try (RecordStore physician = signIn("yamada", "physician-password-1")) {
            org.exoconsent.template.ConsentTemplate t = physician.template(
                    org.exoconsent.template.BundledTemplates.EXOSOME_THERAPY, "1.3.0");
            org.exoconsent.consent.SessionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.exoconsent.consent.SessionException.class, () -> TestAccounts.record(physician, 
                            org.exoconsent.testing.Examples.session(json), t, org.exoconsent.testing.Examples.key(),
                            "returning"));
            assertTrue(e.getMessage().contains("lastConsent: missing; patient P-000123 gave consent "
                    + PreviousRelease.RECORDS_1_1_0.get(0) + " on "), e.getMessage());
            assertTrue(e.getMessage().contains("with template version 1.1.0, and the text has changed materially"),
                    e.getMessage());
            // her number typed in full-width lower case is the same returning patient (issue 14 §5)
            var fullWidth = json.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) fullWidth.get("patient")).put("patientNumber",
                    "ｐ－０００１２３");
            org.exoconsent.consent.SessionException typed = org.junit.jupiter.api.Assertions.assertThrows(
                    org.exoconsent.consent.SessionException.class, () -> TestAccounts.record(physician,
                            org.exoconsent.testing.Examples.session(fullWidth), t,
                            org.exoconsent.testing.Examples.key(), "returning"));
            assertTrue(typed.getMessage().contains("lastConsent: missing; patient ｐ－０００１２３ gave consent "
                    + PreviousRelease.RECORDS_1_1_0.get(0) + " on "), typed.getMessage());

            // as the start page fills it when the patient is chosen, and read first
            ConsentSession.LastConsent last = physician.findPatients("P-000123", 5).get(0).lastConsent();
            assertEquals(PreviousRelease.RECORDS_1_1_0.get(0), last.documentId());
            assertEquals("1.1.0", last.templateVersion());
            json.putObject("lastConsent").put("documentId", last.documentId()).put("date", last.date().toString())
                    .put("templateVersion", last.templateVersion());
            var acks = json.withArray("acknowledgements");
            acks.insert(0, ((com.fasterxml.jackson.databind.node.ObjectNode) acks.get(0)).deepCopy()
                    .put("section", "changes-since"));
            RecordStore.Recorded r = TestAccounts.record(physician, org.exoconsent.testing.Examples.session(json), t,
                    org.exoconsent.testing.Examples.key(), "returning");
            try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(
                    java.nio.file.Files.readAllBytes(r.pdf()))) {
                String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
                assertTrue(text.contains("前回の同意（"), "what changed since the last consent is in the document");
                assertTrue(text.contains("文書ID" + last.documentId()), "and the last consent is named");
            }
        }
    }

    @Test
    void theCatalogKeepsEachProductsOriginAndSupply() throws Exception {
        try (RecordStore store = signIn("admin", "admin-password-1")) {
            Map<String, String> products = new HashMap<>();
            for (Catalog.Product p : store.catalog().products()) {
                products.put(p.name(), p.origin() + " / " + p.supply());
            }
            assertEquals(Map.of("Demo Adipose EV Concentrate", "allogeneic / cosmetic-ingredient",
                    "デモ培養上清エクソソーム UC-10", "allogeneic / research-reagent"), products);
        }
    }
}
