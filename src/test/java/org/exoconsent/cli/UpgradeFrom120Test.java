package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.exoconsent.consent.ConsentSession;
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
 * A clinic's data directory made by release 1.2.0 (commit 85436fc, the release before issue 12; see
 * src/test/resources/fixtures/datadir-1.2.0/README.md) opened by this release, checked as the clinic would: every
 * signed consent still verifies, the records screen lists the patients with their status, the minors' legal
 * representatives and assent read back, the returning patient's last consent is found, the unfinished consultation
 * resumes where it stopped, and the settings are as they were (the accounts and the staff PIN: for every fixture,
 * {@link UpgradeFromEveryReleaseTest}).
 */
class UpgradeFrom120Test {
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_2_0;
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneId.of("Asia/Tokyo"));

    @TempDir
    Path tmp;
    FixtureCopy copy;
    DataDirectory dir;

    @BeforeEach
    void copyTheFixture() throws Exception {
        copy = new FixtureCopy(PreviousRelease.V1_2_0, tmp, CLOCK);
        dir = copy.dir;
    }

    @Test
    void everyRecordVerifiesIntactAndNoSignedPdfIsChanged() throws Exception {
        Map<Path, String> before = UpgradeChecks.archiveHashes(dir.root());
        assertEquals(RECORDS.size(), before.size(), before.keySet().toString());

        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(UpgradeChecks.checked(RECORDS.size(), dir.root()) + ", 0 problems, 0 "
                + "orphan files, " + RECORDS.size() + " not cross-checkable"), verify.out());
        // the release before left its files readable by every account: repaired and said once, then never again
        FilePermissionsCliTest.assertTheOneRepairWarning(dir.root(), verify.err());
        FixtureCopy.Run again = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertEquals("", again.err());
        // signed by 1.2.0, before documents carried their facts (issue 13 §1): hash and signature checked, the index
        // could not be held against them; never called intact, never damaged
        for (String id : RECORDS) {
            assertTrue(verify.out().contains("NOT CROSS-CHECKABLE: record " + id + " (signed before documents "
                    + "carried their facts"), id + ": " + verify.out());
        }

        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            for (String id : RECORDS) {
                assertNull(store.verifyOne(id), id);
                FixtureCopy.Run one = copy.cli(Map.of(), "verify", store.pdf(id).toString());
                assertEquals(ExitCodes.OK, one.exit(), id + ": " + one.out() + one.err());
                assertTrue(one.out().contains("INTACT"), one.out());
            }
        }
        assertEquals(before, UpgradeChecks.archiveHashes(dir.root()),
                "no signed PDF was changed by opening the data directory");
    }

    @Test
    void theRecordsScreenListsEveryPatientWithItsStatus() throws Exception {
        List<RecordRow> rows;
        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
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
        String withdrawal = copy.pdfText(PreviousRelease.WITHDRAWAL_1_2_0);
        assertTrue(withdrawal.contains(PreviousRelease.ADULT_EN_1_2_0), "names the consent withdrawn");
        assertTrue(withdrawal.contains("OliverBennett"), "names the patient");
    }

    @Test
    void theMinorsRepresentativesAndTheirAssentReadBack() throws Exception {
        Map<String, JsonNode> all = copy.exported();
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
        String jaPdf = copy.pdfText(PreviousRelease.MINOR_JA_1_2_0);
        assertTrue(jaPdf.contains("高橋真由美（続柄:母）"), "the representative, as signed in 1.2.0");
        assertTrue(jaPdf.contains("法定代理人（母）：高橋真由美"), "her signature block");
        assertTrue(jaPdf.contains("患者さんご本人（賛成）：高橋美咲"), "the minor's own assent");
        String enPdf = copy.pdfText(PreviousRelease.MINOR_EN_1_2_0);
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
        JsonNode returning = copy.exported().get(PreviousRelease.RETURNING_JA_1_2_0).get("session");
        JsonNode last = returning.get("lastConsent");
        assertEquals(PreviousRelease.FIRST_JA_1_2_0, last.get("documentId").asText());
        assertEquals("2026-11-30", last.get("date").asText());
        assertEquals("1.2.0", last.get("templateVersion").asText());
        assertEquals(PreviousRelease.RETURNING_PATIENT, returning.get("patient").get("patientNumber").asText());

        // the start page's "existing patient": her newest consent is now the returning one
        try (RecordStore staff = copy.signIn("sato", "staff-password-1")) {
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
        UpgradeChecks.continuesAtTheFourthSection(UpgradeChecks.resume(dir, CLOCK, PreviousRelease.DRAFT_1_2_0), 2,
                "P-000914");
    }

    @Test
    void theSettingsTheTemplateAndThePhysiciansLicenceAreAsTheyWere() throws Exception {
        // every account and the staff PIN: UpgradeFromEveryReleaseTest
        UpgradeChecks.settingsAsTheyWere(dir, CLOCK);
        try (RecordStore admin = copy.signIn("admin", "admin-password-1")) {
            assertEquals("123456", admin.users().stream().filter(a -> a.name().equals("yamada")).findFirst()
                    .orElseThrow().physicianLicence());
        }
    }
}
