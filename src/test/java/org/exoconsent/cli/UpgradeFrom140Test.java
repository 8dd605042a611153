package org.exoconsent.cli;

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
 * A clinic's data directory made by release 1.4.0 (commit f401905, schema V12, the release before issue 15's
 * redesign of the store; see src/test/resources/fixtures/datadir-1.4.0/README.md) opened by this release, checked as
 * the clinic would ({@link UpgradeFromRelease}, from the description below): every signed document is the one that
 * release archived and verifies, the audit trail still holds every head that release wrote to its anchor, one lot
 * typed in two spellings is still one lot to a recall, the staff PIN (kept in {@code settings.properties} by 1.4.0),
 * the accounts, the time zone, the backup reminder and the anchor are as they were, the unfinished consultation
 * resumes, and the encrypted backup of that release restores into a new folder and verifies (and is refused as older
 * than the trail when held against the anchor). The checks every fixture gets (schema, record count, no document
 * changed) are in {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFrom140Test extends UpgradeFromRelease {
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final UpgradeChecks.Release RELEASE = new UpgradeChecks.Release(PreviousRelease.V1_4_0,
            PreviousRelease.RECORDS_1_4_0,
            Map.of(PreviousRelease.FIRST_JA_1_4_0, "P-000123 佐藤 花子 tel 090-0000-0000 active ja UC10-2611-04",
                    PreviousRelease.ADULT_EN_1_4_0,
                    "P-000941 Oliver Bennett tel +44-7700-900111 withdrawn en AD-2609-17",
                    PreviousRelease.MINOR_JA_1_4_0,
                    "P-000942 高橋 美咲 tel 090-3333-0001 active ja UC10-2611-04 / 高橋 真由美 (母)",
                    PreviousRelease.MINOR_EN_1_4_0,
                    "P-000943 Charlotte Evans tel +44-7700-900222 active en AD-2609-17 / Daniel Evans (父)",
                    PreviousRelease.LOT_ASCII_JA_1_4_0, "P-000944 田中 一郎 tel 03-1234-5678 active ja LOT-2026-08B",
                    PreviousRelease.LOT_TYPED_JA_1_4_0,
                    "P-000945 山本 健 tel 080-4444-0000 active ja ＬＯＴ－２０２６－０８Ｂ"),
            PreviousRelease.DOCUMENTS_1_4_0, "2026/11", PreviousRelease.ADULT_EN_1_4_0,
            PreviousRelease.MINOR_JA_1_4_0,
            List.of(PreviousRelease.LOT_ASCII_JA_1_4_0, PreviousRelease.LOT_TYPED_JA_1_4_0),
            PreviousRelease.DRAFT_1_4_0, "P-000947", "1.2.0", PreviousRelease.FINGERPRINT_1_4_0,
            PreviousRelease.ANCHOR_SETTING_1_4_0, PreviousRelease.ANCHOR_1_4_0, PreviousRelease.BACKUP_1_4_0,
            PreviousRelease.BACKUP_PASSPHRASE_1_4_0);

    UpgradeFrom140Test() {
        super(RELEASE, CLOCK);
    }

    @Test
    void theStaffPinIsInTheSettingsFileThatReleaseKept() throws Exception {
        // the staff PIN 1.4.0 kept in settings.properties (issue 15 moves it into the database's settings)
        assertTrue(Files.readString(dir.root().resolve("settings.properties")).contains("staff.pin.hash="));
        UpgradeChecks.everyAccountSignsInAndThePinIsKept(dir, CLOCK);
    }
}
