package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
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
 * A clinic's data directory made by release 1.5.0 (commit 6c25db6, schema V12, after issue 15's redesign of the
 * store, the release before issue 16; see src/test/resources/fixtures/datadir-1.5.0/README.md) opened by this
 * release, checked as the clinic would: every signed document is the one that release archived and verifies, the
 * audit trail still holds every head that release wrote to its anchor, one lot typed in two spellings is still one
 * lot to a recall, the staff PIN (kept in the database by 1.5.0), the accounts, the time zone, the backup reminder
 * and the anchor are as they were, the unfinished consultation resumes, and the encrypted backup of that release
 * restores into a new folder and verifies (and is refused as older than the trail when held against the anchor). The checks
 * every fixture gets (schema, record count, no document changed) are in {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFrom150Test {
    static final List<String> RECORDS = PreviousRelease.RECORDS_1_5_0;
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final Map<String, String> ADMIN = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
            "admin-password-1");

    @TempDir
    Path tmp;
    FixtureCopy copy;
    DataDirectory dir;

    @BeforeEach
    void copyTheFixture() throws Exception {
        copy = new FixtureCopy(PreviousRelease.V1_5_0, tmp, CLOCK);
        dir = copy.dir;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    @Test
    void everySignedDocumentIsTheOneThatReleaseArchivedAndVerifies() throws Exception {
        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(RECORDS.size() + " records checked, 0 problems, 0 orphan files, 0 not "
                + "cross-checkable"), verify.out());
        assertTrue(verify.out().contains("Note: the anchor " + PreviousRelease.ANCHOR_SETTING_1_5_0
                + " cannot be reached"), "the anchor disk is not mounted here: " + verify.out());
        assertFalse(verify.err().contains("could be read or changed by other accounts"),
                "1.5.0 wrote its files its owner's alone: nothing to repair: " + verify.err());

        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            for (String id : RECORDS) {
                assertEquals(PreviousRelease.DOCUMENTS_1_5_0.get(id), sha256(store.pdf(id)), id);
                FixtureCopy.Run one = copy.cli(Map.of(), "verify", store.pdf(id).toString());
                assertEquals(ExitCodes.OK, one.exit(), id + ": " + one.out() + one.err());
                assertTrue(one.out().contains("INTACT"), one.out());
            }
        }
        Path correction = dir.archive().resolve("2026/12/" + PreviousRelease.CORRECTION_1_5_0 + ".pdf");
        assertEquals(PreviousRelease.DOCUMENTS_1_5_0.get(PreviousRelease.CORRECTION_1_5_0), sha256(correction));
        assertEquals(PreviousRelease.DOCUMENTS_1_5_0.size(), UpgradeChecks.archiveHashes(dir.root()).size(),
                "the records and the correction, nothing else");
    }

    @Test
    void theAuditTrailStillHoldsEveryHeadThatReleaseAnchored() throws Exception {
        long heads = Files.readAllLines(PreviousRelease.ANCHOR_1_5_0).stream().filter(l -> !l.isBlank()).count();
        assertTrue(heads > 20, "the anchor copy holds the heads of the whole making: " + heads);
        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify", "--anchor",
                PreviousRelease.ANCHOR_1_5_0.toAbsolutePath().toString());
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("checked against the anchor " + PreviousRelease.ANCHOR_1_5_0
                .toAbsolutePath() + ": " + heads + " heads"), verify.out());
        assertTrue(verify.out().contains(" 0 problems,"), verify.out());
    }

    @Test
    void theRecordsListEveryPatientWithTheLotAsTypedAndTheWithdrawalAndCorrection() throws Exception {
        List<RecordRow> rows;
        try (RecordStore store = copy.signIn("suzuki", "manager-password-1")) {
            assertEquals(6, store.count(RecordFilter.ALL), "six consents (the withdrawal and the correction are "
                    + "not consents)");
            rows = store.list(RecordFilter.ALL, 0, 100);
        }
        Map<String, String> seen = rows.stream().collect(Collectors.toMap(RecordRow::id, r -> r.patientNumber()
                + " " + r.patientName() + " tel " + r.patientPhone() + " " + r.status() + " " + r.language() + " "
                + r.lotNumber() + (r.representative() == null ? "" : " / " + r.representative())));
        assertEquals(Map.of(
                PreviousRelease.FIRST_JA_1_5_0, "P-000123 佐藤 花子 tel 090-0000-0000 active ja UC10-2611-04",
                PreviousRelease.ADULT_EN_1_5_0, "P-000951 Oliver Bennett tel +44-7700-900111 withdrawn en AD-2609-17",
                PreviousRelease.MINOR_JA_1_5_0,
                "P-000952 高橋 美咲 tel 090-3333-0001 active ja UC10-2611-04 / 高橋 真由美 (母)",
                PreviousRelease.MINOR_EN_1_5_0,
                "P-000953 Charlotte Evans tel +44-7700-900222 active en AD-2609-17 / Daniel Evans (父)",
                PreviousRelease.LOT_ASCII_JA_1_5_0, "P-000954 田中 一郎 tel 03-1234-5678 active ja LOT-2026-08B",
                PreviousRelease.LOT_TYPED_JA_1_5_0,
                "P-000955 山本 健 tel 080-4444-0000 active ja ＬＯＴ－２０２６－０８Ｂ"), seen);
        RecordRow minor = rows.stream().filter(r -> r.id().equals(PreviousRelease.MINOR_JA_1_5_0)).findFirst()
                .orElseThrow();
        assertEquals(PreviousRelease.CORRECTION_1_5_0 + " (patient.phone)", minor.correctedBy());
        String withdrawal = copy.pdfText(PreviousRelease.WITHDRAWAL_1_5_0);
        assertTrue(withdrawal.contains(PreviousRelease.ADULT_EN_1_5_0), "names the consent withdrawn");
    }

    @Test
    void aRecallOfEitherSpellingOfTheLotNamesBothPatients() throws Exception {
        for (String lot : List.of(PreviousRelease.LOT_1_4_0, PreviousRelease.LOT_TYPED_1_4_0)) {
            FixtureCopy.Run recall = copy.cli(FixtureCopy.MANAGER, "records", "recall", "--lot", lot);
            assertEquals(ExitCodes.OK, recall.exit(), lot + ": " + recall.out() + recall.err());
            assertTrue(recall.out().contains(PreviousRelease.LOT_ASCII_JA_1_5_0)
                    && recall.out().contains(PreviousRelease.LOT_TYPED_JA_1_5_0), lot + ": " + recall.out());
            assertFalse(recall.out().contains(PreviousRelease.FIRST_JA_1_5_0), lot + ": " + recall.out());
        }
    }

    @Test
    void theDraftResumesAtTheFourthSectionConfirmedByTheSamePhysician() throws Exception {
        UpgradeChecks.continuesAtTheFourthSection(UpgradeChecks.resume(dir, CLOCK, PreviousRelease.DRAFT_1_5_0), 3,
                "P-000947");
    }

    /**
     * Review F12: the newer bundled template changes nothing material for patients; the notice says so rather than
     * print "What changed for patients:" over an empty list.
     */
    @Test
    void theNoticeOfANewerTemplateNeverPrintsAnEmptyListOfChanges() throws Exception {
        FixtureCopy.Run show = copy.cli(ADMIN, "settings", "show");
        assertEquals(ExitCodes.OK, show.exit(), show.err());
        assertTrue(show.err().contains("Notice: this program brings consent template"), show.err());
        java.util.List<String> lines = show.err().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("What changed for patients:")) {
                assertTrue(i + 1 < lines.size() && lines.get(i + 1).startsWith("  - "),
                        "a heading with its changes under it: " + show.err());
            }
        }
        assertTrue(show.err().contains("Nothing material changed for patients."), show.err());
    }

    @Test
    void theStaffPinTheAccountsAndEverySettingAreAsTheyWere() throws Exception {
        // the staff PIN 1.5.0 keeps in the database's settings: there is no settings.properties
        assertFalse(Files.exists(dir.root().resolve("settings.properties")));
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, CLOCK);
        UpgradeChecks.settingsAsTheyWere(dir, CLOCK);
        FixtureCopy.Run show = copy.cli(ADMIN, "settings", "show");
        assertEquals(ExitCodes.OK, show.exit(), show.err());
        assertEquals(List.of("reflection-minutes   0  (default)", "idle-lock-minutes    15",
                "backup-reminder-days 14", "time-zone            Asia/Tokyo",
                "anchor               " + PreviousRelease.ANCHOR_SETTING_1_5_0), show.out().lines().toList(),
                "set by the clinic, not defaults: " + show.out());
        FixtureCopy.Run keys = copy.cli(ADMIN, "keys", "show");
        assertEquals(ExitCodes.OK, keys.exit(), keys.err());
        assertTrue(keys.out().contains(PreviousRelease.FINGERPRINT_1_5_0), "the registered key: " + keys.out());
    }

    @Test
    void theEncryptedBackupOfThatReleaseRestoresIntoANewFolderAndVerifies() throws Exception {
        FixtureCopy.restoresAndVerifies(CLOCK, PreviousRelease.BACKUP_1_5_0, PreviousRelease.BACKUP_PASSPHRASE_1_5_0,
                PreviousRelease.FINGERPRINT_1_5_0, tmp.resolve("restored"), PreviousRelease.V1_5_0, RECORDS.size(),
                PreviousRelease.DRAFT_1_5_0);

        // held against the anchor that release kept, the backup is older than the trail it anchored: refused
        Path other = tmp.resolve("other");
        FixtureCopy.Run older = FixtureCopy.run(CLOCK, Map.of("EXOCONSENT_BACKUP_PASSPHRASE",
                PreviousRelease.BACKUP_PASSPHRASE_1_5_0), "restore", "--from", PreviousRelease.BACKUP_1_5_0.toString(),
                "--to", other.toString(), "--expect-fingerprint", PreviousRelease.FINGERPRINT_1_5_0, "--anchor",
                PreviousRelease.ANCHOR_1_5_0.toString());
        assertEquals(ExitCodes.NOT_INTACT, older.exit(), older.out() + older.err());
        assertTrue(older.err().contains("but this backup's audit trail ends at entry"), older.err());
        assertFalse(Files.exists(other), "nothing was restored");
    }
}
