package org.exoconsent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordFilter;
import org.exoconsent.records.RecordRow;
import org.exoconsent.records.RecordStore;
import org.exoconsent.testing.PreviousRelease;
import org.exoconsent.testing.UpgradeChecks;
import org.junit.jupiter.api.Test;

/**
 * A clinic's data directory made by release 1.6.0 (commit 4784652, schema V14, after issue 16 "The wizard on a real
 * clinic tablet", the release before issue 17; see src/test/resources/fixtures/datadir-1.6.0/README.md) opened by
 * this release, checked as the clinic would: what every fixture since 1.4.0 gets ({@link UpgradeFromRelease}, from
 * the description below), and what 1.6.0 brought: every consultation held on template 1.3.0, an informed refusal
 * (listed with its kind, named by a recall of its lot but never counted as a consent, never withdrawn), the staff
 * language of each account, and a consultation staff ended before it was recorded (audited
 * {@code consultation-ended}, its draft set aside). The checks every fixture gets (schema, record count, no document
 * changed) are in {@link UpgradeFromEveryReleaseTest}.
 */
class UpgradeFrom160Test extends UpgradeFromRelease {
    /** Two days after the fixture was made. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T01:00:00Z"), ZoneId.of("Asia/Tokyo"));
    static final UpgradeChecks.Release RELEASE = new UpgradeChecks.Release(PreviousRelease.V1_6_0,
            PreviousRelease.RECORDS_1_6_0,
            Map.of(PreviousRelease.FIRST_JA_1_6_0, "P-000123 佐藤 花子 tel 090-0000-0000 active ja UC10-2611-04",
                    PreviousRelease.ADULT_EN_1_6_0,
                    "P-000961 Oliver Bennett tel +44-7700-900111 withdrawn en AD-2609-17",
                    PreviousRelease.MINOR_JA_1_6_0,
                    "P-000962 高橋 美咲 tel 090-3333-0001 active ja UC10-2611-04 / 高橋 真由美 (母)",
                    PreviousRelease.MINOR_EN_1_6_0,
                    "P-000963 Charlotte Evans tel +44-7700-900222 active en AD-2609-17 / Daniel Evans (父)",
                    PreviousRelease.LOT_ASCII_JA_1_6_0, "P-000964 田中 一郎 tel 03-1234-5678 active ja LOT-2026-08B",
                    PreviousRelease.LOT_TYPED_JA_1_6_0,
                    "P-000965 山本 健 tel 080-4444-0000 active ja ＬＯＴ－２０２６－０８Ｂ",
                    PreviousRelease.REFUSAL_1_6_0,
                    "P-000966 渡辺 誠 tel 03-7777-0000 active ja LOT-2026-08B (refusal)"),
            PreviousRelease.DOCUMENTS_1_6_0, "2026/12", PreviousRelease.ADULT_EN_1_6_0,
            PreviousRelease.MINOR_JA_1_6_0,
            List.of(PreviousRelease.LOT_ASCII_JA_1_6_0, PreviousRelease.LOT_TYPED_JA_1_6_0),
            PreviousRelease.DRAFT_1_6_0, "P-000967", "1.3.0", PreviousRelease.FINGERPRINT_1_6_0,
            PreviousRelease.ANCHOR_SETTING_1_6_0, PreviousRelease.ANCHOR_1_6_0, PreviousRelease.BACKUP_1_6_0,
            PreviousRelease.BACKUP_PASSPHRASE_1_6_0);

    UpgradeFrom160Test() {
        super(RELEASE, CLOCK);
    }

    @Test
    void everyConsultationWasHeldOnTemplate130TheOneVersionOfThatRelease() throws Exception {
        try (RecordStore store = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) {
            for (RecordRow r : store.list(RecordFilter.ALL, 0, 100)) {
                assertEquals("1.3.0", r.templateVersion(), r.id());
            }
        }
        FixtureCopy.Run list = copy.cli(ADMIN, "templates", "list");
        assertEquals(ExitCodes.OK, list.exit(), list.out() + list.err());
        assertTrue(list.out().contains("* exosome-therapy    1.3.0"), "1.3.0 chosen for new consultations: "
                + list.out());
        assertFalse(list.err().contains("Notice: this program brings consent template"),
                "the clinic already uses the bundled version: " + list.err());
        // the staff PIN 1.6.0 keeps in the database's settings, as 1.5.0: there is no settings.properties
        assertFalse(Files.exists(dir.root().resolve("settings.properties")));
    }

    @Test
    void theInformedRefusalIsListedWithItsKindAndARecallNamesItButNeverCountsItAsAConsent() throws Exception {
        String refusal = PreviousRelease.REFUSAL_1_6_0;
        try (RecordStore store = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) {
            RecordRow row = store.list(RecordFilter.ALL, 0, 100).stream().filter(r -> r.id().equals(refusal))
                    .findFirst().orElseThrow();
            assertEquals("refusal", row.kind());
            assertNull(store.verifyOne(refusal), "its PDF, signature and embedded facts verify");
        }
        assertTrue(copy.pdfText(refusal).contains("渡辺誠"), "the signed refusal names the patient");

        for (String lot : List.of(PreviousRelease.LOT_1_4_0, PreviousRelease.LOT_TYPED_1_4_0)) {
            FixtureCopy.Run recall = copy.cli(FixtureCopy.MANAGER, "records", "recall", "--lot", lot);
            assertEquals(ExitCodes.OK, recall.exit(), lot + ": " + recall.out() + recall.err());
            assertTrue(recall.out().startsWith("Lot " + PreviousRelease.LOT_1_4_0 + ": 3 records (2 consents, 1 "
                    + "informed refusal)\n"),
                    lot + ": the refusal is not counted as a consent: " + recall.out());
            assertTrue(recall.out().contains("document " + refusal + "  (informed refusal: the patient declined "
                    + "this treatment after the explanation)"), lot + ": " + recall.out());
        }

        // a refusal is not a consent: it cannot be withdrawn, and nothing is written
        java.util.Map<Path, String> before = UpgradeChecks.archiveHashes(dir.root());
        FixtureCopy.Run withdraw = copy.cli(FixtureCopy.MANAGER, "withdraw", "--record", refusal, "--date",
                "2026-12-03", "--reason", "asked to withdraw", "--received-by", "Sato (reception)");
        assertEquals(ExitCodes.INVALID_INPUT, withdraw.exit(), withdraw.out() + withdraw.err());
        assertTrue(withdraw.err().contains("is an informed refusal, not a consent"), withdraw.err());
        assertEquals(before, UpgradeChecks.archiveHashes(dir.root()), "nothing was archived");
    }

    @Test
    void theStaffLanguageOfEachAccountIsKept() throws Exception {
        Map<String, String> expected = new java.util.HashMap<>();
        expected.put("admin", null); // none given: the computer's language
        expected.put("yamada", null);
        expected.put("sato", "ja"); // users add --language ja
        expected.put("suzuki", "en"); // users set-language, after it was added without one
        for (Map.Entry<String, String> a : expected.entrySet()) {
            try (RecordStore store = copy.signIn(a.getKey(), UpgradeChecks.ACCOUNTS.get(a.getKey()))) {
                assertEquals(a.getValue(), store.principal().language(), a.getKey());
            }
        }
        FixtureCopy.Run list = copy.cli(ADMIN, "users", "list");
        assertEquals(ExitCodes.OK, list.exit(), list.out() + list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("suzuki ") && l.endsWith("language en")),
                list.out());
    }

    @Test
    void theConsultationStaffEndedIsAuditedAndItsDraftSetAsideNotResumed() throws Exception {
        String ended = PreviousRelease.ENDED_1_6_0;
        List<AuditTrail.Entry> entries;
        try (RecordStore store = copy.signIn("suzuki", UpgradeChecks.ACCOUNTS.get("suzuki"))) {
            entries = store.auditTrail(new AuditTrail.Filter(null, null, "consultation-ended", null, null), 10)
                    .entries();
        }
        assertEquals(2, entries.size(), "the consultation declined with its informed refusal, and the one ended as "
                + "not eligible: " + entries);
        AuditTrail.Entry notEligible = entries.stream().filter(e -> e.subject().equals(ended)).findFirst()
                .orElseThrow();
        assertTrue(notEligible.actor().startsWith("sato"), notEligible.actor());
        assertTrue(notEligible.details().contains("not-eligible"), notEligible.details());
        assertTrue(notEligible.details().contains("set aside as " + ended + "-"), notEligible.details());
        AuditTrail.Entry declined = entries.stream().filter(e -> e.subject().equals(
                PreviousRelease.REFUSAL_1_6_0.replace("-refusal", ""))).findFirst().orElseThrow();
        assertTrue(declined.details().contains(PreviousRelease.REFUSAL_1_6_0), declined.details());

        DraftStore drafts = new DraftStore(dir);
        assertEquals(List.of(PreviousRelease.DRAFT_1_6_0), drafts.list().stream().map(d -> d.session().id())
                .toList(), "only the unfinished consultation resumes; the ended one and the declined one do not");
        try (java.util.stream.Stream<Path> abandoned = Files.list(dir.root().resolve("drafts/abandoned"))) {
            assertTrue(abandoned.anyMatch(f -> f.getFileName().toString().startsWith(ended + "-")),
                    "the ended consultation's draft is kept aside, not deleted");
        }
    }
}
