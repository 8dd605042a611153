package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.ui.StaffPin;
import org.exoconsent.ui.wizard.ConsultationServices;
import org.exoconsent.ui.wizard.WizardViewModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clinic's data directory made by release 1.2.0 (commit 85436fc, the release before issue 12; see
 * src/test/resources/fixtures/datadir-1.2.0/README.md) opened by this release, checked as the clinic would: every
 * signed consent still verifies, the records screen lists the patients with their status, the minors' legal
 * representatives and assent read back, the returning patient's last consent is found, the unfinished consultation
 * resumes where it stopped, and the accounts, the staff PIN and the settings are as they were.
 */
class UpgradeFrom120Test {
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_2_0;
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final Map<String, String> MANAGER = Map.of("EXOCONSENT_USER", "suzuki", "EXOCONSENT_PASSWORD",
            "manager-password-1");

    @TempDir
    Path tmp;
    DataDirectory dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void copyTheFixture() throws Exception {
        dir = new DataDirectory(PreviousRelease.copyTo(PreviousRelease.V1_2_0, tmp.resolve("clinic")));
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

    private Map<Path, String> archiveHashes() throws Exception {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir.root().resolve("archive"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.root().relativize(f), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    /** The text of a record's signed PDF, whitespace removed (PDFBox splits lines where the layout does). */
    private String pdfText(String id) throws Exception {
        try (RecordStore store = signIn("suzuki", "manager-password-1");
             PDDocument doc = Loader.loadPDF(Files.readAllBytes(store.pdf(id)))) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
        }
    }

    /** Every record of the full export (JSON): record id → {record, session}. */
    private Map<String, JsonNode> exported() throws Exception {
        Path json = tmp.resolve("records.json");
        Run full = cli(MANAGER, "export", "--format", "json", "--out", json.toString());
        assertEquals(ExitCodes.OK, full.exit(), full.err());
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            out.put(r.get("record").get("id").asText(), r);
        }
        return out;
    }

    @Test
    void everyRecordVerifiesIntactAndNoSignedPdfIsChanged() throws Exception {
        Map<Path, String> before = archiveHashes();
        assertEquals(RECORDS.size(), before.size(), before.keySet().toString());

        Run verify = cli(MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(RECORDS.size() + " records checked, 0 problems, 0 orphan files, "
                + RECORDS.size() + " not cross-checkable"), verify.out());
        // the release before left its files readable by every account: repaired and said once, then never again
        FilePermissionsCliTest.assertTheOneRepairWarning(dir.root(), verify.err());
        Run again = cli(MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertEquals("", again.err());
        // signed by 1.2.0, before documents carried their facts (issue 13 §1): hash and signature checked, the index
        // could not be held against them; never called intact, never damaged
        for (String id : RECORDS) {
            assertTrue(verify.out().contains("NOT CROSS-CHECKABLE: record " + id + " (signed before documents "
                    + "carried their facts"), id + ": " + verify.out());
        }

        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            for (String id : RECORDS) {
                assertNull(store.verifyOne(id), id);
                Run one = cli(Map.of(), "verify", store.pdf(id).toString());
                assertEquals(ExitCodes.OK, one.exit(), id + ": " + one.out() + one.err());
                assertTrue(one.out().contains("INTACT"), one.out());
            }
        }
        assertEquals(before, archiveHashes(), "no signed PDF was changed by opening the data directory");
    }

    @Test
    void theRecordsScreenListsEveryPatientWithItsStatus() throws Exception {
        List<RecordRow> rows;
        try (RecordStore store = signIn("suzuki", "manager-password-1")) {
            assertEquals(5, store.count(RecordFilter.ALL), "five consents (the withdrawal is not one)");
            rows = store.list(RecordFilter.ALL, 0, 100);
            assertEquals(List.of(PreviousRelease.ADULT_EN_1_2_0), store.list(new RecordFilter(null, null, null,
                    null, null, "withdrawn"), 0, 100).stream().map(RecordRow::id).toList());
        }
        Map<String, String> seen = rows.stream().collect(Collectors.toMap(RecordRow::id, r -> r.patientNumber()
                + " " + r.patientName() + " " + r.patientBirth() + " " + r.status() + " " + r.language() + " "
                + r.templateVersion() + " " + r.lotNumber() + (r.representative() == null ? ""
                : " / " + r.representative())));
        assertEquals(Map.of(
                PreviousRelease.FIRST_JA_1_2_0, "P-000123 佐藤 花子 1954-03-15 active ja 1.2.0 UC10-2611-04",
                PreviousRelease.ADULT_EN_1_2_0, "P-000911 Oliver Bennett 1975-06-11 withdrawn en 1.2.0 AD-2609-17",
                PreviousRelease.MINOR_JA_1_2_0,
                "P-000912 高橋 美咲 2010-06-02 active ja 1.2.0 UC10-2611-04 / 高橋 真由美 (母)",
                PreviousRelease.MINOR_EN_1_2_0,
                "P-000913 Charlotte Evans 2011-04-08 active en 1.2.0 AD-2609-17 / Rachel Evans (mother)",
                PreviousRelease.RETURNING_JA_1_2_0, "P-000123 佐藤 花子 1954-03-15 active ja 1.2.0 UC10-2611-04"),
                seen);
        for (RecordRow r : rows) {
            assertTrue(r.consultationAt().startsWith("2026-11-30T"), r.id() + " " + r.consultationAt());
        }

        // the withdrawal's own signed document names the consent it withdraws
        String withdrawal = pdfText(PreviousRelease.WITHDRAWAL_1_2_0);
        assertTrue(withdrawal.contains(PreviousRelease.ADULT_EN_1_2_0), "names the consent withdrawn");
        assertTrue(withdrawal.contains("OliverBennett"), "names the patient");
    }

    @Test
    void theMinorsRepresentativesAndTheirAssentReadBack() throws Exception {
        Map<String, JsonNode> all = exported();
        assertEquals(5, all.size(), all.keySet().toString());
        for (JsonNode r : all.values()) {
            assertEquals(2, r.get("session").get("schemaVersion").asInt());
            assertEquals("1.2.0", r.get("session").get("template").get("version").asText());
            assertEquals("yamada", r.get("session").get("confirmedBy").get("account").asText());
        }

        JsonNode ja = all.get(PreviousRelease.MINOR_JA_1_2_0).get("session");
        JsonNode rep = ja.get("representative");
        assertEquals("高橋 真由美", rep.get("name").asText());
        assertEquals("たかはし まゆみ", rep.get("kana").asText());
        assertEquals("母", rep.get("relationship").asText());
        assertEquals(List.of("representative", "patient", "physician"), roles(ja), "she signed her own assent");
        assertEquals("高橋 美咲", ja.get("signatures").get(1).get("name").asText());
        assertFalse(ja.has("assentNotSigned"));
        assertEquals("sato", ja.get("preparedBy").get("account").asText());

        JsonNode en = all.get(PreviousRelease.MINOR_EN_1_2_0).get("session");
        assertEquals("Rachel Evans", en.get("representative").get("name").asText());
        assertEquals("mother", en.get("representative").get("relationship").asText());
        assertEquals(List.of("representative", "physician"), roles(en), "she did not sign");
        JsonNode reason = en.get("assentNotSigned");
        assertNotNull(reason, en.toString());
        assertEquals("yamada", reason.get("account").asText());
        assertTrue(reason.get("reason").asText().startsWith("Charlotte sprained her right wrist"), reason.toString());

        // and the signed documents, which no upgrade changes, say the same
        String jaPdf = pdfText(PreviousRelease.MINOR_JA_1_2_0);
        assertTrue(jaPdf.contains("高橋真由美（続柄:母）"), "the representative, as signed in 1.2.0");
        assertTrue(jaPdf.contains("法定代理人（母）：高橋真由美"), "her signature block");
        assertTrue(jaPdf.contains("患者さんご本人（賛成）：高橋美咲"), "the minor's own assent");
        String enPdf = pdfText(PreviousRelease.MINOR_EN_1_2_0);
        assertTrue(enPdf.contains("RachelEvans（Relationship:mother）"), "the representative, as signed in 1.2.0");
        assertTrue(enPdf.contains("Patient(didnotsign)：CharlotteEvans"), "the minor did not sign");
        assertTrue(enPdf.contains("Reason(recordedbyphysician山田太郎):Charlottesprainedherrightwrist"),
                "the physician's reason");
    }

    private static List<String> roles(JsonNode session) {
        List<String> roles = new ArrayList<>();
        session.get("signatures").forEach(s -> roles.add(s.get("role").asText()));
        return roles;
    }

    @Test
    void theReturningPatientsLastConsentIsHerEarlierOne() throws Exception {
        JsonNode returning = exported().get(PreviousRelease.RETURNING_JA_1_2_0).get("session");
        JsonNode last = returning.get("lastConsent");
        assertEquals(PreviousRelease.FIRST_JA_1_2_0, last.get("documentId").asText());
        assertEquals("2026-11-30", last.get("date").asText());
        assertEquals("1.2.0", last.get("templateVersion").asText());
        assertEquals(PreviousRelease.RETURNING_PATIENT, returning.get("patient").get("patientNumber").asText());

        // the start page's "existing patient": her newest consent is now the returning one
        try (RecordStore staff = signIn("sato", "staff-password-1")) {
            List<RecordStore.KnownPatient> found = staff.findPatients(PreviousRelease.RETURNING_PATIENT, 5);
            assertEquals(1, found.size(), found.toString());
            assertEquals("佐藤 花子", found.get(0).name());
            assertEquals(LocalDate.of(1954, 3, 15), found.get(0).dateOfBirth());
            ConsentSession.LastConsent now = found.get(0).lastConsent();
            assertEquals(PreviousRelease.RETURNING_JA_1_2_0, now.documentId());
            assertEquals(LocalDate.of(2026, 11, 30), now.date());
        }
    }

    @Test
    void theDraftResumesAtTheFourthSectionConfirmedByTheSamePhysician() throws Exception {
        Principal staff;
        try (RecordStore store = signIn("sato", "staff-password-1")) {
            staff = store.principal();
        }
        ConsultationServices services = new ConsultationServices(dir, CLOCK, staff);
        DraftStore.Draft draft = services.drafts().load(PreviousRelease.DRAFT_1_2_0);
        ConsentSession s = draft.session();
        assertFalse(draft.patientMode());
        assertEquals(2, s.schemaVersion());
        assertEquals("1.2.0", s.template().version());
        assertEquals("P-000914", s.patient().patientNumber());
        assertEquals("小林 翔太", s.patient().name());
        assertEquals("sato", s.preparedBy().account());
        assertEquals("yamada", s.confirmedBy().account());
        assertEquals(List.of("treatment", "evidence", "quality"), s.acknowledgements().stream()
                .map(ConsentSession.Acknowledgement::section).toList());

        ConsultationServices.Opening opening = services.opening(s);
        assertNull(opening.restartedFrom(), "a confirmed schema-2 draft on 1.2.0 continues; it does not restart");
        assertEquals("1.2.0", opening.template().version());
        WizardViewModel vm = WizardViewModel.resume(s, draft.patientMode(), opening.template(), opening.clock(),
                Duration.ofMinutes(opening.settings().get(Settings.Key.REFLECTION_MINUTES)),
                new StaffPin(dir.root())::matches);
        assertEquals(WizardViewModel.Step.EXPLANATION, vm.stepProperty().get());
        assertEquals(3, vm.sectionIndexProperty().get(), "section 4 of 14");
        assertEquals(14, vm.sections().size());
        assertEquals("infection", vm.currentSection().id());
        assertEquals("yamada", vm.confirmedBy().account());
        assertEquals("膝の痛みの経過を次回の来院時に確認してから説明を続ける。", vm.draft().notes().physician());
    }

    @Test
    void everyAccountSignsInAndThePinTheSettingsAndTheTemplateAreAsTheyWere() throws Exception {
        for (String[] user : new String[][] {{"admin", "admin-password-1"}, {"yamada", "physician-password-1"},
                {"sato", "staff-password-1"}, {"suzuki", "manager-password-1"}}) {
            try (RecordStore store = signIn(user[0], user[1])) {
                assertEquals(user[0], store.principal().name());
            }
        }
        StaffPin pin = new StaffPin(dir.root());
        assertTrue(pin.matches("2468"));
        assertFalse(pin.matches("1234"));
        try (RecordStore admin = signIn("admin", "admin-password-1")) {
            Settings settings = admin.settings();
            assertEquals(15, settings.get(Settings.Key.IDLE_LOCK_MINUTES));
            assertEquals(0, settings.get(Settings.Key.REFLECTION_MINUTES));
            assertEquals("1.2.0", admin.templateForNewConsultation(BundledTemplates.EXOSOME_THERAPY).version());
            assertEquals("123456", admin.users().stream().filter(a -> a.name().equals("yamada")).findFirst()
                    .orElseThrow().physicianLicence());
        }
    }
}
