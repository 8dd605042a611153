package org.exoconsent.usecases;

import static org.exoconsent.usecases.UseCaseTesting.MANAGER;
import static org.exoconsent.usecases.UseCaseTesting.MANAGER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Consultation;
import org.exoconsent.records.AccessDeniedException;
import org.exoconsent.records.AuditTrail;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.TestAccounts;
import org.exoconsent.testing.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 §5 and §7 through the use case alone: staff end a consultation with a reason, audited
 * {@code consultation-ended} as the signed-in account with the reason, words, who, when (the clinic's clock) and
 * what became of the draft — kept when postponed, set aside (not deleted) otherwise, in the same write; a draft
 * discarded on the home screen is audited {@code draft-abandoned} naming the signed-in person, not the computer's
 * user; someone who may not consult is refused before anything is written.
 */
class EndConsultationTest {
    @TempDir
    Path tmp;

    private DataDirectory dir;
    private final ConsentSession draft = Examples.session("complete-ja");

    @BeforeEach
    void aDraftInProgress() throws Exception {
        dir = UseCaseTesting.withManager(tmp.resolve("data"));
        new DraftStore(dir).save(draft, false, Examples.CLOCK.instant());
    }

    private EndConsultation as(String name, String password) {
        return new EndConsultation(UseCaseTesting.signedIn(dir, name, password));
    }

    private EndConsultation physician() {
        return as(TestAccounts.PHYSICIAN, TestAccounts.PHYSICIAN_PASSWORD);
    }

    /** As the wizard's consultation says it, at the clinic's time now (12:00 in Tokyo on the tests' clock). */
    private static Consultation.EndedByStaff ending(Consultation.EndReason reason, String words, String by) {
        return new Consultation.EndedByStaff(reason, words, by, Examples.CLINIC_CLOCK.now(),
                Consultation.Step.EXPLANATION, true);
    }

    /** The audit trail's entries of {@code action}, as the records screen and {@code audit export} show them. */
    private List<AuditTrail.Entry> shown(String action) throws Exception {
        try (RecordStore store = TestAccounts.open(dir, Examples.CLOCK, "check")) {
            return store.auditTrail(new AuditTrail.Filter(null, null, action, null, null), 50).entries();
        }
    }

    private boolean isDraft(String id) throws Exception {
        return new DraftStore(dir).list().stream().anyMatch(d -> d.session().id().equals(id));
    }

    @Test
    void postponedKeepsTheDraftAndTheEntryNamesTheSignedInAccountTheReasonAndTheClinicTime() throws Exception {
        EndConsultation.Ended e = physician().end(draft.id(), ending(Consultation.EndReason.POSTPONED,
                "the patient's daughter will come too", TestAccounts.PHYSICIAN));

        assertNull(e.setAsideAs());
        assertTrue(isDraft(draft.id()), "a postponed consultation resumes from its draft");
        List<AuditTrail.Entry> entries = shown(EndConsultation.CONSULTATION_ENDED);
        assertEquals(1, entries.size(), entries.toString());
        AuditTrail.Entry entry = entries.get(0);
        assertEquals(draft.id(), entry.subject());
        assertTrue(entry.actor().startsWith(TestAccounts.PHYSICIAN + " ["), entry.actor());
        assertEquals("reason: postponed; words: the patient's daughter will come too; by: yamada; "
                + "at: 2026-11-21T12:00:00+09:00; step: explanation; draft: kept", entry.details());
        assertEquals("2026-11-21T12:00:00+09:00", entry.time(), "the time in the clinic's zone");
    }

    @Test
    void everyOtherReasonSetsTheDraftAsideInTheSameWriteWithItsReasonFile() throws Exception {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Consultation.EndReason reason : List.of(Consultation.EndReason.DECLINED,
                Consultation.EndReason.NOT_ELIGIBLE, Consultation.EndReason.OTHER)) {
            new DraftStore(dir).save(draft, false, Examples.CLOCK.instant());
            String words = reason == Consultation.EndReason.OTHER ? "停電のため" : null;

            EndConsultation.Ended e = physician().end(draft.id(), ending(reason, words, TestAccounts.PHYSICIAN));

            assertFalse(isDraft(draft.id()), reason + ": no longer resumable");
            Path aside = dir.abandonedDrafts().resolve(e.setAsideAs() + ".json");
            assertTrue(Files.exists(aside), "kept, not deleted: " + aside);
            String why = Files.readString(aside.resolveSibling(aside.getFileName() + ".reason.txt"));
            assertTrue(why.contains("consultation ended (" + reason.code()) && why.contains("by yamada"), why);
            if (words != null) {
                assertTrue(why.contains(words), why);
            }
            List<AuditTrail.Entry> mine = shown(EndConsultation.CONSULTATION_ENDED).stream()
                    .filter(x -> x.details().endsWith("draft: set aside as " + e.setAsideAs())).toList();
            assertEquals(1, mine.size(), mine.toString());
            assertTrue(mine.get(0).details().startsWith("reason: " + reason.code() + "; "), mine.get(0).details());
            names.add(e.setAsideAs());
        }
        assertEquals(3, shown(EndConsultation.CONSULTATION_ENDED).size());
        // set aside three times in the same millisecond: each kept under its own name, none replaced
        assertEquals(3, names.size(), names.toString());
        for (String n : names) {
            assertTrue(Files.exists(dir.abandonedDrafts().resolve(n + ".json")), n);
        }
    }

    @Test
    void endedOnTheStartFormBeforeAnyDraftTheEntrySaysSo() throws Exception {
        physician().end("not-yet-saved", new Consultation.EndedByStaff(Consultation.EndReason.NOT_ELIGIBLE, null,
                TestAccounts.PHYSICIAN, Examples.CLINIC_CLOCK.now(), Consultation.Step.START, false));

        AuditTrail.Entry entry = shown(EndConsultation.CONSULTATION_ENDED).get(0);
        assertEquals("not-yet-saved", entry.subject());
        assertTrue(entry.details().contains("words: —; ") && entry.details().contains("step: start; ")
                && entry.details().endsWith("draft: none"), entry.details());
        assertTrue(isDraft(draft.id()), "another consultation's draft is left alone");
    }

    @Test
    void anEndingInAnotherAccountsNameIsRefusedAndNothingIsWritten() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> physician().end(draft.id(),
                ending(Consultation.EndReason.DECLINED, null, TestAccounts.OTHER_PHYSICIAN)));

        assertTrue(e.getMessage().contains("'sasaki'") && e.getMessage().contains("'yamada' is signed in"),
                e.getMessage());
        assertEquals(List.of(), shown(EndConsultation.CONSULTATION_ENDED));
        assertTrue(isDraft(draft.id()));
    }

    @Test
    void aManagerIsRefusedBeforeAnyWorkTheRefusalAuditedAndTheDraftLeftAsItWas() throws Exception {
        assertThrows(AccessDeniedException.class, () -> as(MANAGER, MANAGER_PASSWORD).end(draft.id(),
                ending(Consultation.EndReason.DECLINED, null, MANAGER)));
        assertThrows(AccessDeniedException.class, () -> as(MANAGER, MANAGER_PASSWORD).discardDraft(draft.id()));

        assertEquals(List.of(), shown(EndConsultation.CONSULTATION_ENDED));
        assertEquals(List.of(), shown(EndConsultation.DRAFT_ABANDONED));
        assertEquals(2, shown("access-refused").size());
        assertTrue(isDraft(draft.id()));
    }

    @Test
    void aDraftDiscardedOnTheHomeScreenNamesTheSignedInPersonNotTheComputersUser() throws Exception {
        EndConsultation.Ended e = physician().discardDraft(draft.id());

        assertFalse(isDraft(draft.id()));
        Path aside = dir.abandonedDrafts().resolve(e.setAsideAs() + ".json");
        String why = Files.readString(aside.resolveSibling(aside.getFileName() + ".reason.txt"));
        assertTrue(why.contains("(yamada)"), why);
        assertFalse(why.contains("(" + System.getProperty("user.name") + ")"), why);
        AuditTrail.Entry entry = shown(EndConsultation.DRAFT_ABANDONED).get(0);
        assertTrue(entry.actor().startsWith("yamada ["), entry.actor());
        assertEquals("by: yamada; where: home screen; draft: set aside as " + e.setAsideAs(), entry.details());
    }

    @Test
    void theEndingsTimeIsTheClinicClocksWhateverTheOffsetItWasGivenIn() throws Exception {
        OffsetDateTime utc = OffsetDateTime.parse("2026-11-21T03:00:00.123456Z");
        physician().end(draft.id(), new Consultation.EndedByStaff(Consultation.EndReason.POSTPONED, null,
                TestAccounts.PHYSICIAN, utc, Consultation.Step.SIGNATURES, true));
        assertTrue(shown(EndConsultation.CONSULTATION_ENDED).get(0).details()
                .contains("at: 2026-11-21T12:00:00+09:00; step: signatures"));
    }
}
