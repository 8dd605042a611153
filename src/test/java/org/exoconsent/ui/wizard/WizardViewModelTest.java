package org.exoconsent.ui.wizard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.Consultation;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.template.Manifest;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;

/** The wizard's rules, tested in milliseconds without a screen. */
class WizardViewModelTest {

    /** A clock the test moves forward, as a consultation takes its time. */
    static final class StepClock extends org.exoconsent.testing.MovingClock {
    }

    final StepClock clock = new StepClock();
    /** The clinic's clock over it, in Tokyo, as the store gives it. */
    final ClinicClock clinic = ClinicClock.of(clock, ZoneId.of("Asia/Tokyo"));

    private WizardViewModel wizard(Duration reflection) {
        return new WizardViewModel(Examples.template(), clinic, "wizard-1", reflection, "2468"::equals);
    }

    /**
     * Starts the consultation as staff ("sato") prepared it, and has its physician confirm the treatment (the test
     * confirmer checks nothing: the password check is the store's, tested in ConfirmationTest).
     */
    static List<StartValidation.FieldProblem> startConfirmed(WizardViewModel w, ConsultationSetup s) {
        w.setConfirmer((account, password, prepared) -> new ConsentSession.ConfirmedBy(account,
                prepared.physician().name(), prepared.physician().licenceNumber(),
                w.clock().now()));
        List<StartValidation.FieldProblem> problems = w.start(s, "sato");
        if (problems.isEmpty()) {
            assertEquals(WizardViewModel.Step.CONFIRMATION, w.stepProperty().get(),
                    "the explanation waits for the physician's confirmation");
            assertNull(w.confirm("yamada", "physician-password-1".toCharArray()));
        }
        return problems;
    }

    /** The physician's reason as the store returns it after their password (the confirming physician, yamada). */
    private ConsentSession.AssentNotSigned reason(String text) {
        return new ConsentSession.AssentNotSigned(text, "yamada", java.time.OffsetDateTime.now(clock));
    }

    /** The start screen as the example session would fill it. */
    static ConsultationSetup setup(String example, LocalDate birth, ConsentSession.Representative rep) {
        ConsentSession s = Examples.session(example);
        ConsentSession.Patient p = s.patient();
        return new ConsultationSetup(s.clinic(), s.physician(), new ConsentSession.Patient(p.name(), p.kana(), birth,
                p.patientNumber(), p.phone(), p.address()), rep, s.template().language(), s.treatment());
    }

    private static ConsultationSetup adult() {
        return setup("complete-ja", LocalDate.parse("1954-03-15"), null);
    }

    private void explainAll(WizardViewModel w) {
        while (w.stepProperty().get() == WizardViewModel.Step.EXPLANATION) {
            clock.advance(Duration.ofSeconds(40));
            w.acknowledge();
            w.next();
        }
    }

    private void answerAllCorrectly(WizardViewModel w) {
        while (w.stepProperty().get() == WizardViewModel.Step.CHECK_QUESTIONS) {
            clock.advance(Duration.ofSeconds(15));
            assertTrue(w.answer(w.currentQuestion().correct()).correct());
        }
    }

    @Test
    void nextIsRefusedUntilThePatientHasUnderstoodTheSection() {
        WizardViewModel w = wizard(Duration.ZERO);
        assertEquals(List.of(), startConfirmed(w, adult()));
        assertEquals(WizardViewModel.Step.EXPLANATION, w.stepProperty().get());
        assertFalse(w.canAdvanceProperty().get());
        assertThrows(IllegalStateException.class, w::next);
        assertEquals(0, w.sectionIndexProperty().get());
        w.acknowledge();
        assertTrue(w.canAdvanceProperty().get());
        w.next();
        assertEquals(1, w.sectionIndexProperty().get());
        assertFalse(w.canAdvanceProperty().get(), "each section needs its own acknowledgement");
        w.back();
        assertTrue(w.canAdvanceProperty().get(), "an acknowledged section stays acknowledged");
    }

    @Test
    void sectionsShowTheProductsOwnFactsAndTheFixedEvidenceLevel() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        String all = w.sections().toString();
        assertTrue(all.contains("γ線滅菌されていません"), "the product's sterilisation status");
        assertTrue(all.contains("HIV-1/2、HBV"), "the tests performed");
        assertTrue(all.contains(Examples.template().language("ja").orElseThrow().evidenceLevels()
                .get("no-human-evidence")), "the evidence level for the anti-ageing drip");
    }

    @Test
    void aWrongAnswerIsKeptShowsTheExplanationAndLeadsBackToItsSection() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        assertEquals(WizardViewModel.Step.CHECK_QUESTIONS, w.stepProperty().get());
        Manifest.QuestionDef first = w.currentQuestion();
        String wrong = first.options().stream().filter(o -> !o.equals(first.correct())).findFirst().orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        WizardViewModel.AnswerResult r = w.answer(wrong);
        assertFalse(r.correct());
        assertTrue(r.explanation().contains("承認"), r.explanation());
        assertEquals(WizardViewModel.Step.EXPLANATION, w.stepProperty().get());
        assertEquals(first.section(), w.currentSection().id());
        assertFalse(w.canAdvanceProperty().get(), "no longer understood: the section is acknowledged again first");
        assertFalse(w.isAcknowledged(first.section()), "the page shows no \"Understood ✓\"");
        w.acknowledge();
        assertTrue(w.canAdvanceProperty().get());
        w.next();
        assertEquals(WizardViewModel.Step.CHECK_QUESTIONS, w.stepProperty().get());
        assertEquals(first.id(), w.currentQuestion().id(), "back to the same question");
        clock.advance(Duration.ofSeconds(20));
        assertTrue(w.answer(first.correct()).correct());
        List<ConsentSession.Answer> attempts = w.attempts(first.id());
        assertEquals(2, attempts.size(), "the wrong attempt is kept");
        assertEquals(wrong, attempts.get(0).option());
        assertFalse(attempts.get(0).correct());
        assertTrue(attempts.get(1).correct());
    }

    @Test
    void patientModeCannotBeLeftWithoutTheStaffPin() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        assertEquals(WizardViewModel.Step.HANDOVER, w.stepProperty().get());
        w.handOver();
        List<Boolean> reported = new java.util.ArrayList<>();
        w.setOnUnlockAttempt((action, how, wrong) -> reported.add(action.equals("patient-mode-unlocked")));
        assertTrue(w.patientModeProperty().get());
        assertFalse(w.mayLeave());
        assertFalse(w.unlock("1234"));
        assertFalse(w.unlock(""));
        assertEquals(2, w.failedUnlocks());
        assertTrue(w.patientModeProperty().get());
        assertEquals("sign.patientFirst", w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        assertNull(w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertEquals("sign.unlockFirst", w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        assertTrue(w.unlock("2468"));
        assertEquals(List.of(false, false, true), reported, "every attempt is reported, for the audit log");
        assertTrue(w.mayLeave());
        assertNull(w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        assertTrue(w.canAdvanceProperty().get());
    }

    @Test
    void afterFiveWrongPinsThePinNoLongerUnlocksAndTheStaffMembersOwnPasswordIsNeeded() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        List<String> audit = new java.util.ArrayList<>();
        w.setOnUnlockAttempt((action, how, wrong) -> audit.add(action + " | " + how + " | " + wrong));
        List<String> passwordsChecked = new java.util.ArrayList<>();
        w.setStaffPassword(pw -> {
            passwordsChecked.add(new String(pw));
            if (!new String(pw).equals("the staff password")) {
                throw new org.exoconsent.records.AccessDeniedException("refused");
            }
        });
        for (int i = 1; i <= WizardViewModel.MAX_WRONG_PINS; i++) {
            assertFalse(w.unlock(String.format("%04d", i)));
            assertEquals(i == WizardViewModel.MAX_WRONG_PINS, w.pinBlockedProperty().get(), "after " + i);
        }
        assertEquals(5, WizardViewModel.MAX_WRONG_PINS, "as many as the wrong passwords that lock an account");
        assertFalse(w.unlock("2468"), "the right PIN no longer unlocks");
        assertTrue(w.patientModeProperty().get());
        assertEquals(List.of("patient-mode-unlock-failed | staff PIN | 1", "patient-mode-unlock-failed | staff PIN | 2",
                "patient-mode-unlock-failed | staff PIN | 3", "patient-mode-unlock-failed | staff PIN | 4",
                "patient-mode-unlock-failed | staff PIN | 5", "patient-mode-unlock-failed | staff PIN blocked | 5"),
                audit, "each failure audited, the blocked PIN too");

        WizardViewModel.Unlock[] outcome = new WizardViewModel.Unlock[1];
        Exception[] why = new Exception[1];
        w.unlockWithPassword("a guess".toCharArray(), true, Runnable::run, Runnable::run, (r, e) -> {
            outcome[0] = r;
            why[0] = e;
        });
        assertEquals(WizardViewModel.Unlock.PASSWORD_REFUSED, outcome[0]);
        assertEquals("refused", why[0].getMessage());
        assertTrue(w.patientModeProperty().get() && w.pinBlockedProperty().get());
        char[] right = "the staff password".toCharArray();
        w.unlockWithPassword(right, true, Runnable::run, Runnable::run, (r, e) -> outcome[0] = r);
        assertEquals(WizardViewModel.Unlock.UNLOCKED, outcome[0]);
        assertEquals(List.of("a guess", "the staff password"), passwordsChecked);
        assertEquals("\0".repeat(right.length), new String(right), "the password is forgotten");
        assertFalse(w.patientModeProperty().get());
        assertFalse(w.pinBlockedProperty().get(), "the password clears the count");
        assertEquals(0, w.failedUnlocks());
        assertEquals("patient-mode-unlocked | staff password | 0", audit.get(audit.size() - 1));
    }

    @Test
    void anUnlockAttemptThatCannotBeRecordedIsRefusedWhateverThePinAndStillCounts() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        boolean[] diskFull = {true};
        w.setOnUnlockAttempt((action, how, wrong) -> {
            if (diskFull[0]) {
                throw new org.exoconsent.records.StoreException("the disk of /data is full");
            }
        });
        WizardViewModel.Unlock[] outcome = new WizardViewModel.Unlock[1];
        w.unlock("2468", true, Runnable::run, Runnable::run, (r, e) -> outcome[0] = r);
        assertEquals(WizardViewModel.Unlock.NOT_RECORDED, outcome[0], "the right PIN, unrecorded: refused");
        assertTrue(w.patientModeProperty().get());
        for (int i = 0; i < 4; i++) {
            w.unlock("0000", true, Runnable::run, Runnable::run, (r, e) -> outcome[0] = r);
            assertEquals(WizardViewModel.Unlock.NOT_RECORDED, outcome[0]);
        }
        assertTrue(w.pinBlockedProperty().get(), "unrecorded guesses count all the same");
        diskFull[0] = false;
        assertFalse(w.unlock("2468"), "blocked, once there is room too");
    }

    @Test
    void aMinorNeedsTheRepresentativeOnTheStartScreenAndForTheSignature() {
        WizardViewModel w = wizard(Duration.ZERO);
        ConsultationSetup minor = setup("complete-ja", LocalDate.parse("2010-05-01"), null);
        List<StartValidation.FieldProblem> p = startConfirmed(w, minor);
        assertTrue(p.contains(new StartValidation.FieldProblem("representative.name", "start.representativeRequired",
                18)), p.toString());
        assertEquals(WizardViewModel.Step.START, w.stepProperty().get());
        ConsultationSetup withParent = setup("complete-ja", LocalDate.parse("2010-05-01"),
                new ConsentSession.Representative("佐藤 一郎", "さとう いちろう", ConsentSession.Relationship.FATHER, null, null));
        assertEquals(List.of(), startConfirmed(w, withParent));
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        assertEquals(SignatureRole.REPRESENTATIVE, w.consentingRole());
        assertTrue(w.isMinor());
        assertEquals("sign.tooShort", w.sign(SignatureRole.REPRESENTATIVE, SignatureImages.dot()));
        assertNull(w.sign(SignatureRole.REPRESENTATIVE, SignatureImages.signature(4)));
        assertEquals("sign.patientFirst", w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5)),
                "the minor's assent (or the reason) comes before the physician");
        assertNull(w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)), "the minor signs their assent");
        assertEquals("sign.unlockFirst", w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5)));
        assertTrue(w.unlock("2468"));
        assertEquals("assent.alreadySigned", w.setAssentNotSigned(reason("眠っていた")));
        assertNull(w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5)));
        assertTrue(w.canAdvanceProperty().get());
        assertEquals(List.of(), CompletenessCheck.problems(w.draft(), Examples.template(), clinic),
                "representative's consent, minor's assent and the physician: complete");
    }

    @Test
    void aMinorWhoCannotSignHasThePhysiciansReasonInstead() {
        WizardViewModel w = wizard(Duration.ZERO);
        assertEquals(List.of(), startConfirmed(w, setup("complete-ja", LocalDate.parse("2010-05-01"),
                new ConsentSession.Representative("佐藤 一郎", "さとう いちろう", ConsentSession.Relationship.FATHER, null, null))));
        explainAll(w);
        answerAllCorrectly(w);
        assertEquals("assent.notThePhysician", w.setAssentNotSigned(new ConsentSession.AssentNotSigned("手のけが",
                "sato", java.time.OffsetDateTime.now(clock))), "staff cannot record the physician's reason");
        assertNull(w.setAssentNotSigned(reason("意識ははっきりしているが、手のけがのため署名できない")),
                "the physician records the reason before the hand-over");
        w.handOver();
        assertEquals("sign.unlockFirst", w.setAssentNotSigned(null), "not in patient mode");
        assertNull(w.sign(SignatureRole.REPRESENTATIVE, SignatureImages.signature(4)));
        assertEquals("assent.reasonRecorded", w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertTrue(w.unlock("2468"));
        assertNull(w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5)));
        ConsentSession s = w.draft();
        assertEquals("意識ははっきりしているが、手のけがのため署名できない", s.assentNotSigned().reason());
        assertEquals(List.of(), CompletenessCheck.problems(s, Examples.template(), clinic));
    }

    @Test
    void thePhysicianCanSendThePreparedTreatmentBackToBeChanged() {
        WizardViewModel w = wizard(Duration.ZERO);
        assertEquals(List.of(), w.start(adult(), "sato"));
        assertEquals(WizardViewModel.Step.CONFIRMATION, w.stepProperty().get());
        w.backToPreparation();
        assertEquals(WizardViewModel.Step.START, w.stepProperty().get(), "back to the form, nothing explained");
        ConsultationSetup changed = setup("complete-ja", LocalDate.parse("1954-03-15"), null);
        assertEquals(List.of(), startConfirmed(w, changed));
        assertEquals(WizardViewModel.Step.EXPLANATION, w.stepProperty().get());
    }

    @Test
    void endingOnTheStartFormSaysNothingIsSavedWhateverTheReasonAndOnlyAfterPreparingIsADraftKeptOrSetAside() {
        // review of issue 16: "postponed" on the start form promised a draft to resume, and none was kept
        WizardViewModel w = wizard(Duration.ZERO);
        assertNull(w.endNote(null), "no note before a reason is chosen");
        for (Consultation.EndReason r : Consultation.EndReason.values()) {
            assertEquals("end.nothingSavedNote", w.endNote(r), r.toString());
        }
        assertEquals(List.of(), w.start(adult(), "sato"));
        assertEquals("end.keptNote", w.endNote(Consultation.EndReason.POSTPONED));
        assertEquals("end.setAsideNote", w.endNote(Consultation.EndReason.DECLINED));
        w.backToPreparation();
        assertEquals("end.keptNote", w.endNote(Consultation.EndReason.POSTPONED), "prepared once: its draft exists");
    }

    @Test
    void anAdultHasNoAssentReason() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        assertEquals("assent.notMinor", w.setAssentNotSigned(reason("理由")));
    }

    @Test
    void theClinicsReflectionTimeMustPassBeforeTheHandOverAndSigning() {
        WizardViewModel w = wizard(Duration.ofMinutes(30));
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        java.time.OffsetDateTime explained = java.time.OffsetDateTime.now(clock);
        assertEquals(Duration.ofMinutes(30), w.reflectionRemaining());
        assertEquals(explained.plusMinutes(30), w.signableFrom(), "the time shown to the patient");
        IllegalStateException refused = assertThrows(IllegalStateException.class, w::handOver);
        assertTrue(refused.getMessage().contains("reflection"), refused.getMessage());
        assertFalse(w.patientModeProperty().get(), "no hand-over into a locked screen with nothing to do");
        clock.advance(Duration.ofMinutes(29));
        assertEquals(Duration.ofMinutes(1), w.reflectionRemaining());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, w.reflectionRemaining());
        w.handOver();
        assertNull(w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
    }

    @Test
    void aSignatureIsRefusedWhileTheReflectionTimeRuns() {
        WizardViewModel w = wizard(Duration.ofMinutes(30));
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        clock.advance(Duration.ofMinutes(30));
        w.handOver();
        // the signing rule stands on its own: a draft resumed after the clinic lengthened the time is held too
        WizardViewModel early = WizardViewModel.resume(w.draft(), true, Examples.template(), clinic,
                Duration.ofMinutes(45), "2468"::equals);
        assertEquals("sign.reflection", early.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertEquals(Duration.ofMinutes(15), early.reflectionRemaining());
    }

    @Test
    void aConsultationContinuedOnAnotherDayResumesAtTheHandOver() {
        WizardViewModel w = wizard(Duration.ofDays(1));
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        assertEquals(WizardViewModel.Step.HANDOVER, w.stepProperty().get());
        clock.advance(Duration.ofDays(1).plusHours(2));
        WizardViewModel nextDay = WizardViewModel.resume(w.draft(), false, Examples.template(), clinic,
                Duration.ofDays(1), "2468"::equals);
        assertEquals(WizardViewModel.Step.HANDOVER, nextDay.stepProperty().get());
        assertEquals(Duration.ZERO, nextDay.reflectionRemaining());
        nextDay.handOver();
        assertNull(nextDay.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
    }

    @Test
    void theFinishedConsultationIsACompleteConsentSession() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        w.setPhysicianNotes("初回は院内で経過観察");
        explainAll(w);
        Manifest.QuestionDef q = w.currentQuestion();
        w.answer(q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow());
        w.acknowledge(); // the section read again
        w.next();
        answerAllCorrectly(w);
        w.handOver();
        clock.advance(Duration.ofMinutes(1));
        assertNull(w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertTrue(w.unlock("2468"));
        clock.advance(Duration.ofSeconds(30));
        assertNull(w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        w.next();
        assertEquals(WizardViewModel.Step.REVIEW, w.stepProperty().get());
        ConsentSession s = w.draft();
        assertEquals(List.of(), CompletenessCheck.problems(s, Examples.template(), clinic));
        assertEquals(Examples.template().sha256(), s.template().sha256(), "the session pins the text it showed");
        assertEquals(14, s.acknowledgements().size());
        assertEquals(2, s.checkQuestions().get(0).answers().size());
    }

    @Test
    void aSignatureDrawnOnThePadKeepsItsStrokesAndItsImage() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        assertEquals("sign.tooShort", w.sign(SignatureRole.PATIENT,
                org.exoconsent.consent.SignatureInkTest.wave(3, 4, 0.5), 480, 160));
        // issue 16 §3: a line no hand draws (a finger and a palm joined) has its own message
        assertEquals("sign.oneHand", w.sign(SignatureRole.PATIENT,
                org.exoconsent.consent.SignatureInkTest.fingerAndPalmJoined(), 720, 240));
        assertEquals(List.of(), w.draft().signatures(), "nothing was signed");
        List<org.exoconsent.consent.Stroke> strokes = org.exoconsent.consent.SignatureInkTest.wave(80, 400, 0.6);
        assertNull(w.sign(SignatureRole.PATIENT, strokes, 480, 160));
        ConsentSession.Signature s = w.draft().signatures().get(0);
        assertEquals(strokes, s.strokes());
        assertNull(CompletenessCheck.imageProblem(s.png()));
    }

    @Test
    void theStartScreenNamesEachBadField() {
        WizardViewModel w = wizard(Duration.ZERO);
        ConsentSession s = Examples.session("complete-ja");
        ConsultationSetup bad = new ConsultationSetup(s.clinic(), s.physician(), new ConsentSession.Patient(" ",
                "Sato", LocalDate.parse("2030-01-01"), "", null, null), null, "fr",
                new ConsentSession.Treatment("cancer", null, LocalDate.parse("2026-11-01"), 0, -1L, null,
                        s.treatment().product(), s.treatment().lot()));
        List<String> fields = startConfirmed(w, bad).stream().map(StartValidation.FieldProblem::field).toList();
        assertEquals(List.of("patient.name", "patient.kana", "patient.dateOfBirth", "patient.patientNumber",
                "language", "treatment.indication", "treatment.route", "treatment.plannedDate",
                "treatment.sessions", "treatment.priceYen", "treatment.coolingOff"), fields);
    }

    /** The signature pad's strokes are held to the session's limits (issue 14 §2), with their own message. */
    @Test
    void aSignatureWithMorePointsThanAnyoneWritesIsRefusedOnThePad() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        List<org.exoconsent.consent.Stroke.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i <= org.exoconsent.limits.InputLimits.MAX_POINTS; i++) {
            points.add(new org.exoconsent.consent.Stroke.Point(40 + i % 600, 60 + i % 100, i, 0.5));
        }
        assertEquals("sign.tooMuchInk", w.sign(SignatureRole.PATIENT,
                List.of(new org.exoconsent.consent.Stroke(points)), 720, 240));
        assertEquals(List.of(), w.draft().signatures(), "nothing was signed");
    }

    /** "Sign and save" runs in the view model: off the calling thread, then the consultation ends as recorded. */
    @Test
    void signAndSaveRunsOnTheBackgroundOnlyFromACompleteReviewAndEndsTheConsultation() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        answerAllCorrectly(w);
        w.handOver();
        List<Runnable> background = new java.util.ArrayList<>();
        List<Runnable> fx = new java.util.ArrayList<>();
        List<Object> told = new java.util.ArrayList<>();
        assertThrows(IllegalStateException.class, () -> w.signAndSave(background::add, fx::add,
                (r, e) -> told.add(r)), "not before the review");
        assertNull(w.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertTrue(w.unlock("2468"));
        assertNull(w.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        w.next();
        List<ConsentSession> saved = new java.util.ArrayList<>();
        boolean[] diskFull = {true};
        w.setSignAndSave(s -> {
            saved.add(s);
            if (diskFull[0]) {
                throw new org.exoconsent.records.StoreException("the disk of /data is full");
            }
            return new org.exoconsent.records.RecordStore.Recorded("rec-1", java.nio.file.Path.of("rec-1.pdf"),
                    "rec-1.pdf", "00", 1);
        });
        int[] draftsSaved = {0};
        w.setAutosave((s, locked) -> draftsSaved[0]++);
        w.signAndSave(background::add, fx::add, (r, e) -> told.add(e != null ? e.getMessage() : r.id()));
        assertThrows(IllegalStateException.class, () -> w.signAndSave(background::add, fx::add, (r, e) -> { }),
                "one at a time");
        assertEquals(List.of(), saved, "nothing runs on the calling thread");
        background.remove(0).run();
        assertEquals(List.of(w.draft()), saved, "the complete session");
        assertEquals(List.of(), told, "told on the FX thread");
        fx.remove(0).run();
        assertEquals(List.of("the disk of /data is full"), told);
        assertTrue(w.consultation().ending().isEmpty(), "a failure leaves the consultation at the review");
        assertEquals(1, draftsSaved[0], "a refused sign and save saves the draft again as it stands (kept on the "
                + "device when the server cannot be reached, issue 17 §3)");
        diskFull[0] = false;
        w.signAndSave(Runnable::run, Runnable::run, (r, e) -> told.add(e != null ? e.getMessage() : r.id()));
        assertEquals("rec-1", told.get(1));
        assertEquals(org.exoconsent.consent.Consultation.Ending.Kind.RECORDED,
                w.consultation().ending().orElseThrow().kind());
        assertThrows(IllegalStateException.class, () -> w.signAndSave(Runnable::run, Runnable::run, (r, e) -> { }),
                "recorded once");
        assertEquals(1, draftsSaved[0], "the recorded consultation's draft is not saved again");
    }

    /** The physician's password is checked off the FX thread, wiped, and only their own confirmation is taken. */
    @Test
    void theConfirmationIsCheckedInTheBackgroundAndOnlyTheConsultationsPhysicianIsTaken() {
        WizardViewModel w = wizard(Duration.ZERO);
        assertEquals(List.of(), w.start(adult(), "sato"));
        List<Runnable> background = new java.util.ArrayList<>();
        List<Throwable> failures = new java.util.ArrayList<>();
        w.setConfirmer((account, password, prepared) -> {
            if (!new String(password).equals("physician-password-1")) {
                throw new org.exoconsent.records.AccessDeniedException("wrong password for " + account);
            }
            String licence = account.equals("yamada") ? prepared.physician().licenceNumber() : "999999";
            return new ConsentSession.ConfirmedBy(account, "someone", licence, w.clock().now());
        });
        char[] wrong = "a guess".toCharArray();
        w.confirm("yamada", wrong, background::add, Runnable::run, failures::add);
        assertEquals(WizardViewModel.Step.CONFIRMATION, w.stepProperty().get(), "nothing on the calling thread");
        background.remove(0).run();
        assertEquals("wrong password for yamada", failures.get(0).getMessage());
        assertEquals("\0".repeat(wrong.length), new String(wrong), "the password is forgotten");
        w.confirm("suzuki", "physician-password-1".toCharArray(), Runnable::run, Runnable::run, failures::add);
        assertEquals(org.exoconsent.consent.Consultation.Refusal.NOT_THE_PHYSICIAN,
                ((org.exoconsent.consent.Consultation.Refused) failures.get(1)).refusal());
        assertEquals(WizardViewModel.Step.CONFIRMATION, w.stepProperty().get());
        w.confirm("yamada", "physician-password-1".toCharArray(), Runnable::run, Runnable::run, failures::add);
        assertEquals(2, failures.size());
        assertEquals(WizardViewModel.Step.EXPLANATION, w.stepProperty().get());
        assertEquals("yamada", w.confirmedBy().account());
    }

    /** The physician's reason for a minor is recorded as the confirming physician's, off the FX thread. */
    @Test
    void theAssentReasonIsRecordedAsTheConfirmingPhysicianWithTheirPassword() {
        WizardViewModel w = wizard(Duration.ZERO);
        assertEquals(List.of(), startConfirmed(w, setup("complete-ja", LocalDate.parse("2010-05-01"),
                new ConsentSession.Representative("佐藤 一郎", "さとう いちろう", ConsentSession.Relationship.FATHER, null,
                        null))));
        explainAll(w);
        answerAllCorrectly(w);
        List<String> asked = new java.util.ArrayList<>();
        w.setAssentRecorder((account, password, draft, text) -> {
            asked.add(account + " " + new String(password) + " " + text);
            return new ConsentSession.AssentNotSigned(text, account, w.clock().now());
        });
        List<String> told = new java.util.ArrayList<>();
        char[] password = "physician-password-1".toCharArray();
        w.recordAssentReason("手のけが", password, Runnable::run, Runnable::run, told::add, e -> told.add("failed"));
        assertEquals(List.of("yamada physician-password-1 手のけが"), asked, "as the physician who confirmed");
        assertEquals(java.util.Collections.singletonList(null), told);
        assertEquals("手のけが", w.assentNotSigned().reason());
        assertEquals("\0".repeat(password.length), new String(password));
        w.handOver();
        w.recordAssentReason("眠っている", "physician-password-1".toCharArray(), Runnable::run, Runnable::run, told::add,
                e -> told.add("failed"));
        assertEquals("sign.unlockFirst", told.get(1), "not in patient mode");
        assertEquals("手のけが", w.assentNotSigned().reason());
    }

    @Test
    void afterThreeWrongAnswersTheStaffAreAskedForThePhysiciansSecondExplanationWithTheirPassword() {
        WizardViewModel w = wizard(Duration.ZERO);
        startConfirmed(w, adult());
        explainAll(w);
        Manifest.QuestionDef first = w.currentQuestion();
        String wrong = first.options().stream().filter(o -> !o.equals(first.correct())).findFirst().orElseThrow();
        for (int i = 0; i < 2; i++) {
            w.answer(wrong);
            assertNull(w.sectionToExplainAgain());
            w.acknowledge();
            w.next();
        }
        w.answer(wrong);
        assertEquals(first.section(), w.sectionToExplainAgain().id(), "the panel names the section");
        assertEquals(3, w.wrongAnswers());
        assertEquals("yamada", w.explainingPhysician());
        assertThrows(org.exoconsent.consent.Consultation.Refused.class, w::acknowledge,
                "the patient cannot acknowledge before the physician explained again");

        List<String> seen = new java.util.ArrayList<>();
        char[] typo = "wrong".toCharArray();
        w.setExplanationRecorder((account, password, draft, section, question) -> {
            throw new org.exoconsent.records.AccessDeniedException(account + ": wrong password");
        });
        w.explainAgain(typo, Runnable::run, Runnable::run, seen::add, f -> seen.add(f.getMessage()));
        assertEquals(List.of("yamada: wrong password"), seen, "the store's refusal is said");
        assertEquals(String.valueOf(new char[5]), String.valueOf(typo), "the password is wiped");
        assertEquals(first.section(), w.sectionToExplainAgain().id(), "a refusal changes nothing");

        ConsentSession[] autosaved = new ConsentSession[1];
        w.setAutosave((s, locked) -> autosaved[0] = s);
        String[] asked = new String[3];
        w.setExplanationRecorder((account, password, draft, section, question) -> {
            asked[0] = account;
            asked[1] = section;
            asked[2] = question;
            return new ConsentSession.ExplainedAgain(section, account, draft.confirmedBy().name(),
                    draft.confirmedBy().licenceNumber(), w.clock().now());
        });
        seen.clear();
        w.explainAgain("physician-password-1".toCharArray(), Runnable::run, Runnable::run, seen::add,
                f -> seen.add(f.getMessage()));
        assertEquals(java.util.Arrays.asList((String) null), seen, "kept");
        assertArrayEquals(new String[] {"yamada", first.section(), first.id()}, asked,
                "the confirming physician's password is checked for this section and question");
        assertNull(w.sectionToExplainAgain());
        assertEquals("yamada", autosaved[0].checkQuestions().get(0).answers().get(2).explainedAgain().account(),
                "the draft is saved with it");
        assertFalse(w.canAdvanceProperty().get(), "then the patient acknowledges the section again");
        w.acknowledge();
        assertTrue(w.canAdvanceProperty().get());
        assertEquals("explainAgain.notDue", w.explainedAgain(new ConsentSession.ExplainedAgain(first.section(),
                "yamada", "x", "y", w.clock().now())), "not asked any more");
    }
}
