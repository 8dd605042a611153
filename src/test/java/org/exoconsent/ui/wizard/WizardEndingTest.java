package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Consultation;
import org.exoconsent.consent.Consultation.EndReason;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.MovingClock;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 §5 in the wizard's view model, without a screen: staff end a consultation with a reason, the ending is
 * recorded before it takes effect, the informed refusal's hook is offered when the patient declines after the
 * explanation began, and in patient mode the staff PIN comes first.
 */
class WizardEndingTest {
    final MovingClock clock = new MovingClock();
    final ClinicClock clinic = ClinicClock.of(clock, ZoneId.of("Asia/Tokyo"));
    /** What the recorder was given (the app audits it and sets the draft aside). */
    final List<Consultation.EndedByStaff> recorded = new ArrayList<>();
    final List<WizardViewModel.EndResult> results = new ArrayList<>();
    final List<ConsentSession> saved = new ArrayList<>();

    private WizardViewModel wizard() {
        WizardViewModel w = new WizardViewModel(Examples.template(), clinic, "wizard-1", Duration.ZERO,
                "2468"::equals);
        w.setEndRecorder((id, e) -> {
            assertEquals("wizard-1", id);
            recorded.add(e);
        });
        w.setAutosave((s, locked) -> saved.add(s));
        return w;
    }

    private static ConsultationSetup adult() {
        return WizardViewModelTest.setup("complete-ja", LocalDate.parse("1954-03-15"), null);
    }

    private void end(WizardViewModel w, EndReason reason, String words, String pin) {
        w.end(reason, words, "sato", pin == null ? null : pin.toCharArray(), Runnable::run, Runnable::run,
                results::add);
    }

    @Test
    void declinedAfterTheExplanationBeganOffersTheInformedRefusalBeforeTheEndIsRecorded() {
        WizardViewModel w = wizard();
        WizardViewModelTest.startConfirmed(w, adult());
        w.acknowledge();
        List<ConsentSession> offered = new ArrayList<>();
        List<Runnable> thenEnd = new ArrayList<>();
        w.setOnDeclinedAfterExplanation((explained, words, then) -> {
            offered.add(explained);
            assertEquals("does not want an injection", words);
            thenEnd.add(then);
        });

        end(w, EndReason.DECLINED, "does not want an injection", null);

        assertEquals(1, offered.size(), "the informed refusal is offered");
        assertEquals(1, offered.get(0).acknowledgements().size(), "with what was explained so far");
        assertEquals(List.of(), recorded, "nothing is ended while the refusal is offered");
        assertTrue(w.goesOn());
        clock.advance(Duration.ofMinutes(4)); // the patient reads and signs the refusal
        thenEnd.get(0).run();
        assertEquals(1, recorded.size());
        Consultation.EndedByStaff e = recorded.get(0);
        assertEquals(EndReason.DECLINED, e.reason());
        assertEquals(Consultation.Step.EXPLANATION, e.step());
        assertEquals(clinic.now(), e.at(), "the time it ended, after the refusal");
        assertTrue(results.get(0).ended());
        assertFalse(w.goesOn());
        assertFalse(w.canAdvanceProperty().get());
    }

    @Test
    void noInformedRefusalBeforeTheExplanationNorForAnotherReason() {
        List<String> offered = new ArrayList<>();
        WizardViewModel atConfirmation = wizard();
        atConfirmation.setOnDeclinedAfterExplanation((x, words, then) -> offered.add("confirmation"));
        atConfirmation.start(adult(), "sato");
        end(atConfirmation, EndReason.DECLINED, null, null);
        assertFalse(atConfirmation.goesOn());

        WizardViewModel notEligible = wizard();
        notEligible.setOnDeclinedAfterExplanation((x, words, then) -> offered.add("not eligible"));
        WizardViewModelTest.startConfirmed(notEligible, adult());
        end(notEligible, EndReason.NOT_ELIGIBLE, null, null);

        assertEquals(List.of(), offered);
        assertEquals(List.of(Consultation.Step.CONFIRMATION, Consultation.Step.EXPLANATION),
                recorded.stream().map(Consultation.EndedByStaff::step).toList());
        assertTrue(results.stream().allMatch(WizardViewModel.EndResult::ended));
    }

    @Test
    void onTheStartFormTheConsultationEndsWithoutADraftAndNothingIsSavedAfterTheEnd() {
        WizardViewModel w = wizard();
        end(w, EndReason.POSTPONED, null, null);
        assertEquals(Consultation.Step.START, recorded.get(0).step());
        assertFalse(w.goesOn());
        assertEquals(List.of(), saved, "there was nothing to save");
        assertThrows(Consultation.Refused.class, () -> end(w, EndReason.OTHER, "again", null));
    }

    @Test
    void inPatientModeTheStaffPinComesFirstAndAWrongOneChangesNothing() {
        WizardViewModel w = wizard();
        List<String> unlocks = new ArrayList<>();
        w.setOnUnlockAttempt((action, how, wrong) -> unlocks.add(action));
        WizardViewModelTest.startConfirmed(w, adult());
        while (w.stepProperty().get() == WizardViewModel.Step.EXPLANATION) {
            w.acknowledge();
            w.next();
        }
        while (w.stepProperty().get() == WizardViewModel.Step.CHECK_QUESTIONS) {
            w.answer(w.currentQuestion().correct());
        }
        w.handOver();
        assertNull(w.sign(ConsentSession.SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertTrue(w.patientModeProperty().get());

        end(w, EndReason.OTHER, "the patient felt unwell", "1111");
        assertEquals(WizardViewModel.Unlock.WRONG_PIN, results.get(0).unlock());
        assertFalse(results.get(0).ended());
        assertTrue(w.patientModeProperty().get(), "still locked");
        assertTrue(w.goesOn());
        assertEquals(List.of(), recorded);
        assertThrows(IllegalArgumentException.class, () -> end(w, EndReason.OTHER, " ", "2468"),
                "the words are checked before the PIN");

        end(w, EndReason.OTHER, "the patient felt unwell", "2468");
        assertTrue(results.get(1).ended(), results.toString());
        assertEquals(List.of("patient-mode-unlock-failed", "patient-mode-unlocked"), unlocks,
                "each PIN audited as leaving patient mode is");
        assertEquals(Consultation.Step.SIGNATURES, recorded.get(0).step());
        assertEquals("the patient felt unwell", recorded.get(0).words());
        assertFalse(w.goesOn());
    }

    @Test
    void anEndingThatCannotBeRecordedLeavesTheConsultationGoingOn() {
        WizardViewModel w = wizard();
        WizardViewModelTest.startConfirmed(w, adult());
        w.setEndRecorder((id, e) -> {
            throw new org.exoconsent.records.StoreException("the disk is full");
        });
        int savedBefore = saved.size();

        end(w, EndReason.DECLINED, null, null);

        assertEquals("the disk is full", results.get(0).failure().getMessage());
        assertTrue(w.goesOn());
        w.acknowledge(); // it goes on, and is saved as before
        assertTrue(saved.size() > savedBefore);
    }

    @Test
    void theDialogsChecksNameTheMissingWordsAndTheBadOnes() {
        WizardViewModel w = wizard();
        assertEquals("end.noReason", w.endProblem(null, null));
        assertEquals("end.noWords", w.endProblem(EndReason.OTHER, "  "));
        assertEquals("end.badWords", w.endProblem(EndReason.DECLINED, "no\u0007"));
        assertEquals("end.badWords", w.endProblem(EndReason.OTHER, "x".repeat(501)));
        assertNull(w.endProblem(EndReason.POSTPONED, null));
        assertNull(w.endProblem(EndReason.OTHER, "停電"));
    }
}
