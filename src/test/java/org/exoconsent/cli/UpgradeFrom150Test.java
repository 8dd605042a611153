package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;
import org.junit.jupiter.api.Test;

/**
 * A clinic's data directory made by release 1.5.0 (commit 6c25db6, schema V12, after issue 15's redesign of the
 * store, the release before issue 16; see src/test/resources/fixtures/datadir-1.5.0/README.md) opened by this
 * release, checked as the clinic would ({@link UpgradeFromRelease}, from the description below): every signed
 * document is the one that release archived and verifies, the audit trail still holds every head that release wrote
 * to its anchor, one lot typed in two spellings is still one lot to a recall, the staff PIN (kept in the database by
 * 1.5.0), the accounts, the time zone, the backup reminder and the anchor are as they were, the unfinished
 * consultation resumes, and the encrypted backup of that release restores into a new folder and verifies (and is
 * refused as older than the trail when held against the anchor). The checks every fixture gets (schema, record
 * count, no document changed) are in {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFrom150Test extends UpgradeFromRelease {
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final UpgradeChecks.Release RELEASE = new UpgradeChecks.Release(PreviousRelease.V1_5_0,
            PreviousRelease.RECORDS_1_5_0,
            Map.of(PreviousRelease.FIRST_JA_1_5_0, "P-000123 佐藤 花子 tel 090-0000-0000 active ja UC10-2611-04",
                    PreviousRelease.ADULT_EN_1_5_0,
                    "P-000951 Oliver Bennett tel +44-7700-900111 withdrawn en AD-2609-17",
                    PreviousRelease.MINOR_JA_1_5_0,
                    "P-000952 高橋 美咲 tel 090-3333-0001 active ja UC10-2611-04 / 高橋 真由美 (母)",
                    PreviousRelease.MINOR_EN_1_5_0,
                    "P-000953 Charlotte Evans tel +44-7700-900222 active en AD-2609-17 / Daniel Evans (父)",
                    PreviousRelease.LOT_ASCII_JA_1_5_0, "P-000954 田中 一郎 tel 03-1234-5678 active ja LOT-2026-08B",
                    PreviousRelease.LOT_TYPED_JA_1_5_0,
                    "P-000955 山本 健 tel 080-4444-0000 active ja ＬＯＴ－２０２６－０８Ｂ"),
            PreviousRelease.DOCUMENTS_1_5_0, "2026/12", PreviousRelease.ADULT_EN_1_5_0,
            PreviousRelease.MINOR_JA_1_5_0,
            List.of(PreviousRelease.LOT_ASCII_JA_1_5_0, PreviousRelease.LOT_TYPED_JA_1_5_0),
            PreviousRelease.DRAFT_1_5_0, "P-000947", "1.2.0", PreviousRelease.FINGERPRINT_1_5_0,
            PreviousRelease.ANCHOR_SETTING_1_5_0, PreviousRelease.ANCHOR_1_5_0, PreviousRelease.BACKUP_1_5_0,
            PreviousRelease.BACKUP_PASSPHRASE_1_5_0);

    UpgradeFrom150Test() {
        super(RELEASE, CLOCK);
    }

    @Test
    void theStaffPinIsInTheDatabaseNotInASettingsFile() throws Exception {
        // the staff PIN 1.5.0 keeps in the database's settings: there is no settings.properties
        assertFalse(Files.exists(dir.root().resolve("settings.properties")));
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, CLOCK);
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
}
