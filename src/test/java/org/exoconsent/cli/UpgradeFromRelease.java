package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * What every fixture from release 1.4.0 on is checked for when this release opens a copy of it, as the clinic would
 * check it, read from the fixture's description ({@link UpgradeChecks.Release}): every signed document is the one
 * that release archived and verifies, the audit trail still holds every head that release wrote to its anchor, the
 * records screen lists every patient as recorded (the withdrawal and the correction too), one lot typed in two
 * spellings is still one lot to a recall, the unfinished consultation resumes, the accounts, the staff PIN, the
 * settings and the key are as they were, and the encrypted backup of that release restores into a new folder and
 * verifies (and is refused as older than the trail when held against the anchor). Each {@code UpgradeFromXYZTest}
 * describes its fixture and adds what is special to it; the checks every fixture gets (schema, record count, no
 * document changed) are in {@link UpgradeFromEveryReleaseTest}.
 */
abstract class UpgradeFromRelease {
    static final Map<String, String> ADMIN = Map.of("EXOCONSENT_USER", "admin", "EXOCONSENT_PASSWORD",
            UpgradeChecks.ACCOUNTS.get("admin"));

    private final UpgradeChecks.Release release;
    private final Clock clock;
    @TempDir
    Path tmp;
    FixtureCopy copy;
    DataDirectory dir;

    /**
     * @param release the fixture this test opens, described
     * @param clock   the clinic's clock when the copy is opened: a few days after the fixture was made
     */
    UpgradeFromRelease(UpgradeChecks.Release release, Clock clock) {
        this.release = release;
        this.clock = clock;
    }

    /** The fixture this test opens, described. */
    final UpgradeChecks.Release release() {
        return release;
    }

    /** The clinic's clock when the copy is opened. */
    final Clock clock() {
        return clock;
    }

    @BeforeEach
    void copyTheFixture() throws Exception {
        copy = new FixtureCopy(release().fixture(), tmp, clock());
        dir = copy.dir;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    @Test
    void everySignedDocumentIsTheOneThatReleaseArchivedAndVerifies() throws Exception {
        UpgradeChecks.Release r = release();
        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify");
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains(UpgradeChecks.checked(r.records().size(), dir.root()) + ", 0 problems, "
                + "0 orphan files, 0 not cross-checkable"), verify.out());
        assertTrue(verify.out().contains("Note: the anchor " + r.anchorSetting() + " cannot be reached"),
                "the anchor disk is not mounted here: " + verify.out());
        // the accounts' roles, licences and states are held against the trail (0 problems above); their passwords
        // were set before the audit entries carried a digest of the hash: said, not failed
        assertTrue(verify.out().contains("Note: the passwords of accounts admin, sato, suzuki, yamada were last set "
                + "before this release"), verify.out());
        assertFalse(verify.err().contains("could be read or changed by other accounts"),
                r.version() + " wrote its files its owner's alone: nothing to repair: " + verify.err());

        try (RecordStore store = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) {
            for (String id : r.records()) {
                assertEquals(r.documents().get(id), sha256(store.pdf(id)), id);
                FixtureCopy.Run one = copy.cli(Map.of(), "verify", store.pdf(id).toString());
                assertEquals(ExitCodes.OK, one.exit(), id + ": " + one.out() + one.err());
                assertTrue(one.out().contains("INTACT"), one.out());
            }
        }
        Path correction = dir.archive().resolve(r.month() + "/" + r.correction() + ".pdf");
        assertEquals(r.documents().get(r.correction()), sha256(correction));
        assertEquals(r.documents().size(), UpgradeChecks.archiveHashes(dir.root()).size(),
                "the records and the correction, nothing else");
    }

    @Test
    void theAuditTrailStillHoldsEveryHeadThatReleaseAnchored() throws Exception {
        Path anchor = release().anchorCopy();
        long heads = Files.readAllLines(anchor).stream().filter(l -> !l.isBlank()).count();
        assertTrue(heads > 20, "the anchor copy holds the heads of the whole making: " + heads);
        FixtureCopy.Run verify = copy.cli(FixtureCopy.MANAGER, "records", "verify", "--anchor",
                anchor.toAbsolutePath().toString());
        assertEquals(ExitCodes.OK, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("checked against the anchor " + anchor.toAbsolutePath() + ": " + heads
                + " heads"), verify.out());
        assertTrue(verify.out().contains(" 0 problems,"), verify.out());
    }

    @Test
    void theRecordsListEveryPatientWithTheLotAsTypedAndTheWithdrawalAndCorrection() throws Exception {
        UpgradeChecks.Release r = release();
        List<RecordRow> rows;
        try (RecordStore store = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) {
            assertEquals(r.listed().size(), store.count(RecordFilter.ALL), "every document the records screen lists "
                    + "(the withdrawal and the correction are not listed)");
            rows = store.list(RecordFilter.ALL, 0, 100);
        }
        Map<String, String> seen = rows.stream().collect(Collectors.toMap(RecordRow::id, UpgradeChecks::listed));
        assertEquals(r.listed(), seen);
        RecordRow corrected = rows.stream().filter(row -> row.id().equals(r.corrected())).findFirst().orElseThrow();
        assertEquals(r.correction() + " (patient.phone)", corrected.correctedBy());
        String withdrawal = copy.pdfText(r.withdrawal());
        assertTrue(withdrawal.contains(r.withdrawn()), "names the consent withdrawn");
    }

    @Test
    void aRecallOfEitherSpellingOfTheLotNamesBothPatients() throws Exception {
        for (String lot : List.of(PreviousRelease.LOT_1_4_0, PreviousRelease.LOT_TYPED_1_4_0)) {
            FixtureCopy.Run recall = copy.cli(FixtureCopy.MANAGER, "records", "recall", "--lot", lot);
            assertEquals(ExitCodes.OK, recall.exit(), lot + ": " + recall.out() + recall.err());
            for (String id : release().lotConsents()) {
                assertTrue(recall.out().contains(id), lot + ": " + id + " in " + recall.out());
            }
            assertFalse(recall.out().contains(release().records().get(0)), lot + ": " + recall.out());
        }
    }

    @Test
    void theDraftResumesAtTheFourthSectionConfirmedByTheSamePhysician() throws Exception {
        UpgradeChecks.continuesAtTheFourthSection(UpgradeChecks.resume(dir, clock(), release().draft()), 3,
                release().draftPatient(), release().activeTemplate());
    }

    @Test
    void theAccountsTheStaffPinEverySettingAndTheKeyAreAsTheyWere() throws Exception {
        UpgradeChecks.Release r = release();
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, clock());
        UpgradeChecks.settingsAsTheyWere(dir, clock(), r.activeTemplate());
        FixtureCopy.Run show = copy.cli(ADMIN, "settings", "show");
        assertEquals(ExitCodes.OK, show.exit(), show.err());
        assertEquals(List.of("reflection-minutes   0  (default)", "idle-lock-minutes    15",
                "backup-reminder-days 14", "time-zone            Asia/Tokyo",
                "anchor               " + r.anchorSetting()), show.out().lines().toList(),
                "set by the clinic, not defaults: " + show.out());
        FixtureCopy.Run keys = copy.cli(ADMIN, "keys", "show");
        assertEquals(ExitCodes.OK, keys.exit(), keys.err());
        assertTrue(keys.out().contains(r.fingerprint()), "the registered key: " + keys.out());
    }

    @Test
    void theEncryptedBackupOfThatReleaseRestoresIntoANewFolderAndVerifies() throws Exception {
        UpgradeChecks.Release r = release();
        FixtureCopy.restoresAndVerifies(clock(), r.backup(), r.passphrase(), r.fingerprint(),
                tmp.resolve("restored"), r.fixture(), r.records().size(), r.draft());

        // held against the anchor that release kept, the backup is older than the trail it anchored: refused
        Path other = tmp.resolve("other");
        FixtureCopy.Run older = FixtureCopy.run(clock(), Map.of("EXOCONSENT_BACKUP_PASSPHRASE", r.passphrase()),
                "restore", "--from", r.backup().toString(), "--to", other.toString(), "--expect-fingerprint",
                r.fingerprint(), "--anchor", r.anchorCopy().toString());
        assertEquals(ExitCodes.NOT_INTACT, older.exit(), older.out() + older.err());
        assertTrue(older.err().contains("but this backup's audit trail ends at entry"), older.err());
        assertFalse(Files.exists(other), "nothing was restored");
    }
}
