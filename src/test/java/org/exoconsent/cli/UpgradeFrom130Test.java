package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clinic's data directory made by release 1.3.0 (commit e2b7a68, the release before issue 14; see
 * src/test/resources/fixtures/datadir-1.3.0/README.md) opened by this release, checked as the clinic would: every
 * signed document still verifies and is held against the facts it carries, the records screen lists every patient
 * as typed (patient number 0012345, telephone +81-90-1234-5678, a name outside the BMP, both forms of one lot), the
 * correction and the withdrawal show, the unfinished consultation resumes where it stopped, the settings and the key
 * are as they were, and the encrypted backup that release wrote restores into a new folder (the accounts and the
 * staff PIN: for every fixture, {@link UpgradeFromEveryReleaseTest}).
 */
class UpgradeFrom130Test {
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_3_0;
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    /** The fixture's signing certificate as `keys show` of release 1.3.0 printed it (its README). */
    static final String FINGERPRINT =
            "F8:1C:9D:98:33:D2:7D:2B:67:24:22:8A:08:8C:F6:85:C4:24:55:D3:D1:CF:1E:68:A0:48:9C:92:B2:C9:9A:C1";

    @TempDir
    Path tmp;
    FixtureCopy copy;
    DataDirectory dir;

    @BeforeEach
    void copyTheFixture() throws Exception {
        copy = new FixtureCopy(PreviousRelease.V1_3_0, tmp, CLOCK);
        dir = copy.dir;
    }

    /** The correction's signed PDF (a correction is not a record: {@link RecordStore#pdf} does not list it). */
    private Path correctionPdf() {
        return dir.archive().resolve("2026/11/" + PreviousRelease.CORRECTION_1_3_0 + ".pdf");
    }

    @Test
    void everyRecordVerifiesAndIsHeldAgainstItsFactsAndNoSignedPdfIsChanged() throws Exception {
        Map<Path, String> before = UpgradeChecks.archiveHashes(dir.root());
        assertEquals(RECORDS.size() + 1, before.size(), "the records and the correction: " + before.keySet());

        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(UpgradeChecks.checked(RECORDS.size(), dir.root())
                + ", 0 problems, 0 orphan files"), verify.out());
        assertFalse(verify.out().contains("NOT CROSS-CHECKABLE"), "1.3.0 documents carry their facts: "
                + verify.out());
        // 1.3.0 left its files readable by every account: repaired and said once, then never again (issue 14 §1)
        FilePermissionsCliTest.assertTheOneRepairWarning(dir.root(), verify.err());
        FixtureCopy.Run again = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertEquals("", again.err());

        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            for (String id : RECORDS) {
                assertNull(store.verifyOne(id), id);
                FixtureCopy.Run one = copy.cli(Map.of(), "verify", store.pdf(id).toString());
                assertEquals(ExitCodes.OK, one.exit(), id + ": " + one.out() + one.err());
                assertTrue(one.out().contains("INTACT"), one.out());
            }
        }
        FixtureCopy.Run correction = copy.cli(Map.of(), "verify", correctionPdf().toString());
        assertEquals(ExitCodes.OK, correction.exit(), correction.out() + correction.err());
        assertTrue(correction.out().contains("INTACT"), correction.out());
        assertEquals(before, UpgradeChecks.archiveHashes(dir.root()),
                "no signed PDF was changed by opening the data directory");
    }

    @Test
    void theRecordsScreenListsEveryPatientAsTyped() throws Exception {
        List<RecordRow> rows;
        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            assertEquals(7, store.count(RecordFilter.ALL), "seven consents (the withdrawal and the correction are "
                    + "not consents)");
            rows = store.list(RecordFilter.ALL, 0, 100);
            assertEquals(List.of(PreviousRelease.ADULT_EN_1_3_0), store.list(new RecordFilter(null, null, null,
                    null, null, "withdrawn"), 0, 100).stream().map(RecordRow::id).toList());
        }
        Map<String, String> seen = rows.stream().collect(Collectors.toMap(RecordRow::id, r -> r.patientNumber()
                + " " + r.patientName() + " " + r.patientBirth() + " tel " + r.patientPhone() + " " + r.status()
                + " " + r.language() + " " + r.lotNumber() + (r.representative() == null ? ""
                : " / " + r.representative())));
        assertEquals(Map.of(
                PreviousRelease.FIRST_JA_1_3_0,
                "P-000123 佐藤 花子 1954-03-15 tel 090-0000-0000 active ja UC10-2611-04",
                PreviousRelease.ADULT_EN_1_3_0,
                "P-000931 Oliver Bennett 1975-06-11 tel +44-7700-900111 withdrawn en AD-2609-17",
                PreviousRelease.MINOR_JA_1_3_0,
                "P-000932 高橋 美咲 2010-06-02 tel 090-3333-0001 active ja UC10-2611-04 / 高橋 真由美 (母)",
                PreviousRelease.MINOR_EN_1_3_0,
                "P-000933 Charlotte Evans 2011-04-08 tel +44-7700-900222 active en AD-2609-17 / Daniel Evans (父)",
                PreviousRelease.LOT_ASCII_JA_1_3_0,
                "0012345 田中 一郎 1962-08-20 tel 0312345678 active ja LOT-2026-07A",
                PreviousRelease.LOT_FULL_WIDTH_JA_1_3_0,
                "P-000935 𠮷田 優子 1971-02-14 tel 080-4444-0000 active ja ＬＯＴ－２０２６－０７Ａ",
                PreviousRelease.FORMULA_EN_1_3_0,
                "P-000936 Grace Miller 1983-11-05 tel +81-90-1234-5678 active en AD-2609-17"), seen);
        RecordRow formula = rows.stream().filter(r -> r.id().equals(PreviousRelease.FORMULA_EN_1_3_0)).findFirst()
                .orElseThrow();
        assertEquals(PreviousRelease.FORMULA_1_3_0, formula.patientAddress(), "stored as typed");
        for (RecordRow r : rows) {
            assertTrue(r.consultationAt().startsWith("2026-11-30T"), r.id() + " " + r.consultationAt());
            assertEquals("1.2.0", r.templateVersion(), r.id());
        }
    }

    @Test
    void theCorrectionAndTheWithdrawalShow() throws Exception {
        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            RecordRow minor = store.list(RecordFilter.ALL, 0, 100).stream()
                    .filter(r -> r.id().equals(PreviousRelease.MINOR_JA_1_3_0)).findFirst().orElseThrow();
            assertEquals("090-3333-0001", minor.patientPhone(), "the corrected number");
            assertEquals(PreviousRelease.CORRECTION_1_3_0 + " (patient.phone)", minor.correctedBy());
        }
        // the signed correction names the consent, the number as it was typed and the corrected one
        String correction = FixtureCopy.pdfText(correctionPdf());
        assertTrue(correction.contains(PreviousRelease.MINOR_JA_1_3_0), "names the consent it corrects");
        assertTrue(correction.contains("090-3333-0000") && correction.contains("090-3333-0001"), correction);

        String withdrawal = copy.pdfText(PreviousRelease.WITHDRAWAL_1_3_0);
        assertTrue(withdrawal.contains(PreviousRelease.ADULT_EN_1_3_0), "names the consent withdrawn");
        assertTrue(withdrawal.contains("OliverBennett"), "names the patient");
    }

    @Test
    void theEnglishConsentsCarryTheClinicsEnglishTextsAndTheMinorsTheirRepresentatives() throws Exception {
        Map<String, JsonNode> all = copy.exported();
        assertEquals(7, all.size(), all.keySet().toString());
        for (JsonNode r : all.values()) {
            JsonNode s = r.get("session");
            assertEquals(3, s.get("schemaVersion").asInt());
            assertEquals("yamada", s.get("confirmedBy").get("account").asText());
            boolean english = s.get("template").get("language").asText().equals("en");
            assertEquals(english ? "Demo Clinic (practice data, fictitious)" : "デモクリニック（練習用・架空）",
                    s.get("clinic").get("name").asText());
            assertEquals(english ? "Taro Yamada" : "山田 太郎", s.get("physician").get("name").asText());
        }
        JsonNode ja = all.get(PreviousRelease.MINOR_JA_1_3_0).get("session");
        assertEquals("高橋 真由美", ja.get("representative").get("name").asText());
        assertEquals("mother", ja.get("representative").get("relationship").asText());
        assertEquals(List.of("representative", "patient", "physician"), roles(ja), "she signed her own assent");
        JsonNode en = all.get(PreviousRelease.MINOR_EN_1_3_0).get("session");
        assertEquals("Daniel Evans", en.get("representative").get("name").asText());
        assertEquals("father", en.get("representative").get("relationship").asText());
        assertEquals(List.of("representative", "patient", "physician"), roles(en));

        JsonNode formula = all.get(PreviousRelease.FORMULA_EN_1_3_0).get("session");
        assertTrue(formula.get("notes").get("physician").asText().startsWith(PreviousRelease.FORMULA_1_3_0));
        assertTrue(formula.get("notes").get("patientQuestions").get(0).get("question").asText()
                .startsWith(PreviousRelease.FORMULA_1_3_0));
        String enPdf = copy.pdfText(PreviousRelease.FORMULA_EN_1_3_0);
        assertTrue(enPdf.contains("DemoClinic(practicedata,fictitious)"), "the clinic's English name is signed");
    }

    private static List<String> roles(JsonNode session) {
        List<String> roles = new ArrayList<>();
        session.get("signatures").forEach(s -> roles.add(s.get("role").asText()));
        return roles;
    }

    @Test
    void theDraftResumesAtTheFourthSectionConfirmedByTheSamePhysician() throws Exception {
        UpgradeChecks.continuesAtTheFourthSection(UpgradeChecks.resume(dir, CLOCK, PreviousRelease.DRAFT_1_3_0), 3,
                "P-000937");
    }

    @Test
    void theSettingsTheTemplateAndTheKeyAreAsTheyWere() throws Exception {
        // every account and the staff PIN: UpgradeFromEveryReleaseTest
        UpgradeChecks.settingsAsTheyWere(dir, CLOCK);
        Map<String, String> admin = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD", "admin-password-1");
        FixtureCopy.Run show = copy.cli(admin, "settings", "show");
        assertEquals(ExitCodes.OK, show.exit(), show.err());
        assertTrue(show.out().matches("(?s).*\\banchor\\s+none\\b.*"), show.out());
        FixtureCopy.Run keys = copy.cli(admin, "keys", "show");
        assertEquals(ExitCodes.OK, keys.exit(), keys.err());
        assertTrue(keys.out().contains(FINGERPRINT), "the registered self-signed key: " + keys.out());
    }

    @Test
    void theEncryptedBackupOfThatReleaseRestoresIntoANewFolderAndVerifies() throws Exception {
        FixtureCopy.restoresAndVerifies(CLOCK, PreviousRelease.BACKUP_1_3_0, PreviousRelease.BACKUP_PASSPHRASE_1_3_0,
                FINGERPRINT, tmp.resolve("restored"), PreviousRelease.V1_3_0, RECORDS.size(),
                PreviousRelease.DRAFT_1_3_0);

        FixtureCopy.Run wrong = FixtureCopy.run(CLOCK, Map.of("EXOCONSENT_BACKUP_PASSPHRASE",
                "not the passphrase at all"), "restore", "--from", PreviousRelease.BACKUP_1_3_0.toString(), "--to",
                tmp.resolve("other").toString());
        assertEquals(ExitCodes.ACCESS_DENIED, wrong.exit(), wrong.out() + wrong.err());
        assertFalse(Files.exists(tmp.resolve("other")));
    }
}
