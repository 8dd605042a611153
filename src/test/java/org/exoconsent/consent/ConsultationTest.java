package org.exoconsent.consent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.Consultation.Refusal;
import org.exoconsent.consent.Consultation.Step;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.Manifest;
import org.exoconsent.testing.Examples;
import org.exoconsent.testing.MovingClock;
import org.exoconsent.testing.SignatureImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The rules of a consultation (docs/SESSION.md, C1–C12), each as a test, without a screen or a store. */
class ConsultationTest {

    final MovingClock clock = new MovingClock();
    final ClinicClock clinic = ClinicClock.of(clock, ZoneId.of("Asia/Tokyo"));
    final ConsentTemplate template = Examples.template();
    final ConsentSession example = Examples.session("complete-ja");

    private Consultation consultation(Duration reflection) {
        return new Consultation(template, clinic, "c-1", reflection);
    }

    private Consultation.Preparation adult() {
        return preparation(LocalDate.parse("1954-03-15"), null);
    }

    private Consultation.Preparation minor() {
        return preparation(LocalDate.parse("2010-05-01"), new ConsentSession.Representative("佐藤 一郎",
                "さとう いちろう", ConsentSession.Relationship.FATHER, null, null));
    }

    private Consultation.Preparation preparation(LocalDate born, ConsentSession.Representative representative) {
        ConsentSession.Patient p = example.patient();
        return new Consultation.Preparation(example.clinic(), example.physician(), new ConsentSession.Patient(p.name(),
                p.kana(), born, p.patientNumber(), p.phone(), p.address()), representative, "ja",
                example.treatment(), null);
    }

    /** The consultation's own physician's confirmation, as the store gives it after their password. */
    private ConsentSession.ConfirmedBy byItsPhysician() {
        return new ConsentSession.ConfirmedBy("yamada", example.physician().name(),
                example.physician().licenceNumber(), clinic.now());
    }

    private Consultation confirmed(Consultation c, Consultation.Preparation p) {
        c.start(p, "sato");
        c.confirm(byItsPhysician());
        return c;
    }

    private static void explainAll(Consultation c, MovingClock clock) {
        while (c.step() == Step.EXPLANATION) {
            clock.advance(Duration.ofSeconds(40));
            c.acknowledge();
            c.next();
        }
    }

    private static void answerAllCorrectly(Consultation c, MovingClock clock) {
        while (c.step() == Step.CHECK_QUESTIONS) {
            clock.advance(Duration.ofSeconds(15));
            assertTrue(c.answer(c.currentQuestion().correct()).correct());
        }
    }

    /** At the hand-over: started, confirmed, every section acknowledged and every question answered. */
    private Consultation explained(Consultation.Preparation p, Duration reflection) {
        Consultation c = confirmed(consultation(reflection), p);
        explainAll(c, clock);
        answerAllCorrectly(c, clock);
        assertEquals(Step.HANDOVER, c.step());
        return c;
    }

    private static Consultation.Refused refused(Refusal expected, Executable action) {
        Consultation.Refused r = assertThrows(Consultation.Refused.class, action);
        assertEquals(expected, r.refusal(), r.getMessage());
        assertTrue(r.getMessage().contains("rule " + expected.rule() + " of docs/SESSION.md"), r.getMessage());
        return r;
    }

    @Test
    void theStepsFollowInOrderAndAnActionOfAnotherStepIsRefused() {
        Consultation c = consultation(Duration.ZERO);
        assertEquals(Step.START, c.step());
        refused(Refusal.WRONG_STEP, c::acknowledge);
        refused(Refusal.WRONG_STEP, c::draft);
        refused(Refusal.WRONG_STEP, c::handOver);
        c.start(adult(), "sato");
        assertEquals(Step.CONFIRMATION, c.step());
        assertEquals("sato", c.draft().preparedBy().account());
        assertEquals(clinic.now(), c.draft().startedAt(), "the time starts at the start, in the clinic's zone");
        assertEquals(ZoneOffset.ofHours(9), c.draft().startedAt().getOffset());
        refused(Refusal.WRONG_STEP, () -> c.start(adult(), "sato"));
        refused(Refusal.WRONG_STEP, () -> c.answer("a"));
        refused(Refusal.WRONG_STEP, c::next);
        assertEquals(Step.CONFIRMATION, c.step(), "a refusal changes nothing");
    }

    @Test
    void theExplanationBeginsOnlyOnceTheConsultationsOwnPhysicianConfirms() {
        Consultation c = consultation(Duration.ZERO);
        c.start(adult(), "sato");
        refused(Refusal.NOT_THE_PHYSICIAN, () -> c.confirm(new ConsentSession.ConfirmedBy("suzuki", "鈴木 次郎",
                "999999", clinic.now())));
        refused(Refusal.NOT_THE_PHYSICIAN, () -> c.confirm(null));
        assertEquals(Step.CONFIRMATION, c.step());
        assertNull(c.confirmedBy());
        refused(Refusal.WRONG_STEP, c::acknowledge);
        c.backToPreparation();
        assertEquals(Step.START, c.step(), "the physician sends the preparation back; nothing was explained");
        c.start(adult(), "sato");
        c.confirm(byItsPhysician());
        assertEquals(Step.EXPLANATION, c.step());
        assertEquals("yamada", c.draft().confirmedBy().account());
    }

    @Test
    void aTreatmentChangedAfterTheConfirmationMustBeConfirmedAgainAndNotOnceExplained() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        ConsentSession.Treatment t = example.treatment();
        ConsentSession.Treatment three = new ConsentSession.Treatment(t.indication(), t.route(), t.plannedDate(), 3,
                t.priceYen(), t.coolingOff(), t.product(), t.lot());
        c.changeTreatment(three);
        assertEquals(Step.CONFIRMATION, c.step(), "the confirmation was of the other treatment");
        assertNull(c.confirmedBy());
        assertNull(c.draft().confirmedBy());
        assertEquals(3, c.draft().treatment().sessions());
        refused(Refusal.WRONG_STEP, c::acknowledge);
        c.confirm(byItsPhysician());
        assertEquals(Step.EXPLANATION, c.step());
        c.acknowledge();
        refused(Refusal.EXPLANATION_BEGUN, () -> c.changeTreatment(t));
        assertEquals(3, c.draft().treatment().sessions(), "the explained treatment stays");
        assertEquals("yamada", c.draft().confirmedBy().account(), "and so does its confirmation");
    }

    @Test
    void aSectionIsLeftOnlyOnceAcknowledgedAndTheFirstAcknowledgementCounts() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        assertFalse(c.canAdvance());
        refused(Refusal.NOT_ACKNOWLEDGED, c::next);
        assertEquals(0, c.sectionIndex());
        clock.advance(Duration.ofSeconds(30));
        OffsetDateTime first = clinic.now();
        c.acknowledge();
        assertTrue(c.canAdvance());
        clock.advance(Duration.ofSeconds(30));
        c.acknowledge();
        assertEquals(first, c.draft().acknowledgements().get(0).at(), "the first time counts");
        c.next();
        assertEquals(1, c.sectionIndex());
        refused(Refusal.NOT_ACKNOWLEDGED, c::next);
        assertTrue(c.back());
        assertEquals(0, c.sectionIndex());
        assertFalse(c.back(), "nothing before the first section");
        explainAll(c, clock);
        assertEquals(Step.CHECK_QUESTIONS, c.step());
        assertEquals(c.sections().size(), c.draft().acknowledgements().size());
    }

    @Test
    void aWrongAnswerCountsAnAttemptAndLeadsBackToItsSectionThenToTheSameQuestion() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        explainAll(c, clock);
        Manifest.QuestionDef q = c.currentQuestion();
        assertThrows(IllegalArgumentException.class, () -> c.answer("not-an-option"));
        assertEquals(List.of(), c.attempts(q.id()), "an option the question does not have is no attempt");
        String wrong = q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        Consultation.AnswerResult r = c.answer(wrong);
        assertFalse(r.correct());
        assertTrue(r.explanation().contains("承認"), r.explanation());
        assertEquals(1, c.attempts(q.id()).size());
        assertEquals(Step.EXPLANATION, c.step(), "back to the section the question checks");
        assertEquals(q.section(), c.currentSection().id());
        assertFalse(c.isAcknowledged(q.section()), "no longer shown as understood after a wrong answer");
        assertFalse(c.canAdvance(), "the section is acknowledged again before the question");
        refused(Refusal.NOT_ACKNOWLEDGED, c::next);
        assertFalse(c.back(), "Back does not leave the section read again");
        clock.advance(Duration.ofSeconds(20));
        c.acknowledge();
        assertTrue(c.isAcknowledged(q.section()));
        c.next();
        assertEquals(Step.CHECK_QUESTIONS, c.step());
        assertEquals(q.id(), c.currentQuestion().id(), "then the same question");
        clock.advance(Duration.ofSeconds(20));
        c.answer(wrong);
        c.acknowledge();
        c.next();
        clock.advance(Duration.ofSeconds(20));
        assertTrue(c.answer(q.correct()).correct());
        List<ConsentSession.Answer> attempts = c.attempts(q.id());
        assertEquals(List.of(wrong, wrong, q.correct()), attempts.stream().map(ConsentSession.Answer::option).toList(),
                "every attempt is kept, in order");
        assertEquals(List.of(false, false, true), attempts.stream().map(ConsentSession.Answer::correct).toList());
        assertTrue(attempts.get(0).at().isBefore(attempts.get(1).at()));
        assertTrue(attempts.get(0).acknowledgedAgain().isAfter(attempts.get(0).at())
                && attempts.get(0).acknowledgedAgain().isBefore(attempts.get(1).at()),
                "the second acknowledgement is kept on the wrong answer, between it and the next attempt");
        assertNull(attempts.get(0).explainedAgain(), "two wrong answers: no second explanation is asked");
        assertNull(attempts.get(2).acknowledgedAgain());
        answerAllCorrectly(c, clock);
        assertEquals(Step.HANDOVER, c.step(), "after the last question, the hand-over");
    }

    @Test
    void theReflectionTimeRefusesTheHandOverAndSigningUntilItsInstant() {
        Consultation c = explained(adult(), Duration.ofMinutes(30));
        OffsetDateTime explainedAt = clinic.now();
        assertEquals(explainedAt.plusMinutes(30), c.signableFrom());
        refused(Refusal.REFLECTION, c::handOver);
        assertFalse(c.patientMode(), "no hand-over into a locked screen with nothing to do");
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertEquals(Duration.ofSeconds(1), c.reflectionRemaining());
        refused(Refusal.REFLECTION, c::handOver);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, c.reflectionRemaining());
        c.handOver();
        assertEquals(Step.SIGNATURES, c.step());
        // signing stands on its own: resumed after the clinic lengthened the time to 45 minutes
        Consultation longer = Consultation.resume(c.draft(), true, template, clinic, Duration.ofMinutes(45));
        refused(Refusal.REFLECTION, () -> longer.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        assertEquals(List.of(), longer.draft().signatures());
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        refused(Refusal.REFLECTION, () -> longer.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        clock.advance(Duration.ofSeconds(1));
        longer.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        assertEquals(clinic.now(), longer.draft().signatures().get(0).at());
    }

    @Test
    void patientModeHoldsThePhysicianTheReviewAndTheEndingUntilStaffUnlock() {
        Consultation c = explained(adult(), Duration.ZERO);
        c.handOver();
        assertTrue(c.patientMode());
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        refused(Refusal.PATIENT_MODE, () -> c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        refused(Refusal.PATIENT_MODE, () -> c.abandon("patient left"));
        c.leavePatientMode();
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3));
        assertTrue(c.canAdvance());
        c.next();
        assertEquals(Step.REVIEW, c.step());
    }

    @Test
    void theReviewWaitsForStaffToUnlockEvenWhenEveryoneSigned() {
        Consultation c = explained(adult(), Duration.ZERO);
        c.handOver();
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        refused(Refusal.SIGNATURES_MISSING, c::next);
        c.leavePatientMode();
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3));
        Consultation locked = Consultation.resume(c.draft(), true, template, clinic, Duration.ZERO);
        assertFalse(locked.canAdvance());
        refused(Refusal.PATIENT_MODE, locked::next);
    }

    @Test
    void anAdultSignsFirstThenThePhysicianEachOnce() {
        Consultation c = explained(adult(), Duration.ZERO);
        refused(Refusal.WRONG_STEP, () -> c.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        c.handOver();
        assertEquals(SignatureRole.PATIENT, c.consentingRole());
        assertEquals(SignatureRole.PATIENT, c.nextSigner());
        refused(Refusal.PATIENT_SIDE_FIRST, () -> c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3)));
        refused(Refusal.NOT_A_SIGNER, () -> c.sign(SignatureRole.REPRESENTATIVE, SignatureImages.signature(4)));
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        assertEquals(SignatureRole.PHYSICIAN, c.nextSigner());
        refused(Refusal.SIGNED_ALREADY, () -> c.sign(SignatureRole.PATIENT, SignatureImages.signature(5)));
        c.leavePatientMode();
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3));
        assertNull(c.nextSigner());
        ConsentSession s = c.draft();
        assertEquals(List.of(SignatureRole.PATIENT, SignatureRole.PHYSICIAN),
                s.signatures().stream().map(ConsentSession.Signature::role).toList());
        assertEquals(example.patient().name(), s.signatures().get(0).name());
        assertEquals(List.of(), CompletenessCheck.problems(s, template, clinic));
    }

    @Test
    void aMinorsAssentFollowsTheRepresentativesConsentAndPrecedesThePhysician() {
        Consultation c = explained(minor(), Duration.ZERO);
        c.handOver();
        assertTrue(c.isMinor());
        assertEquals(SignatureRole.REPRESENTATIVE, c.nextSigner(), "the legal representative consents first");
        refused(Refusal.REPRESENTATIVE_FIRST, () -> c.sign(SignatureRole.PATIENT, SignatureImages.signature(4)));
        c.sign(SignatureRole.REPRESENTATIVE, SignatureImages.signature(4));
        assertEquals(SignatureRole.PATIENT, c.nextSigner(), "then the minor's own assent");
        c.leavePatientMode();
        refused(Refusal.PATIENT_SIDE_FIRST, () -> c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5)));
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(6));
        assertEquals(SignatureRole.PHYSICIAN, c.nextSigner());
        refused(Refusal.ASSENT_SIGNED, () -> c.setAssentNotSigned(reason("眠っていた")));
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5));
        assertEquals(List.of(), CompletenessCheck.problems(c.draft(), template, clinic),
                "representative's consent, minor's assent and the physician: complete");
    }

    private ConsentSession.AssentNotSigned reason(String text) {
        return new ConsentSession.AssentNotSigned(text, "yamada", clinic.now());
    }

    @Test
    void theReasonAMinorDoesNotSignIsTheConfirmingPhysiciansAndComesBeforeTheirSignature() {
        Consultation c = explained(minor(), Duration.ZERO);
        refused(Refusal.NOT_THE_CONFIRMING_PHYSICIAN, () -> c.setAssentNotSigned(
                new ConsentSession.AssentNotSigned("手のけが", "sato", clinic.now())));
        c.setAssentNotSigned(reason("手のけがのため署名できない"));
        c.handOver();
        refused(Refusal.PATIENT_MODE, () -> c.setAssentNotSigned(null));
        c.sign(SignatureRole.REPRESENTATIVE, SignatureImages.signature(4));
        assertEquals(SignatureRole.PHYSICIAN, c.nextSigner(), "no assent to wait for");
        refused(Refusal.ASSENT_REASON_RECORDED, () -> c.sign(SignatureRole.PATIENT, SignatureImages.signature(6)));
        c.leavePatientMode();
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(5));
        refused(Refusal.PHYSICIAN_SIGNED, () -> c.setAssentNotSigned(null));
        assertEquals("手のけがのため署名できない", c.draft().assentNotSigned().reason());
        assertEquals(List.of(), CompletenessCheck.problems(c.draft(), template, clinic));

        Consultation adult = explained(adult(), Duration.ZERO);
        refused(Refusal.NOT_A_MINOR, () -> adult.setAssentNotSigned(reason("理由")));
    }

    @Test
    void aSignatureIsARealStrokeWithinTheLimits() {
        Consultation c = explained(adult(), Duration.ZERO);
        c.handOver();
        refused(Refusal.TOO_LITTLE_INK, () -> c.sign(SignatureRole.PATIENT, SignatureImages.dot()));
        refused(Refusal.TOO_LITTLE_INK, () -> c.sign(SignatureRole.PATIENT, SignatureInkTest.wave(3, 4, 0.5), 480,
                160));
        List<Stroke.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i <= org.exoconsent.limits.InputLimits.MAX_POINTS; i++) {
            points.add(new Stroke.Point(40 + i % 600, 60 + i % 100, i, 0.5));
        }
        refused(Refusal.TOO_MUCH_INK, () -> c.sign(SignatureRole.PATIENT, List.of(new Stroke(points)), 720, 240));
        assertEquals(List.of(), c.draft().signatures(), "nothing was signed");
        List<Stroke> strokes = SignatureInkTest.wave(80, 400, 0.6);
        c.sign(SignatureRole.PATIENT, strokes, 480, 160);
        assertEquals(strokes, c.draft().signatures().get(0).strokes(), "the strokes are kept with the image");
        assertNull(CompletenessCheck.imageProblem(c.draft().signatures().get(0).png()));
    }

    /** Issue 16 §3: a stroke joining a finger and a palm (391-pixel jumps) is refused, and nothing is signed. */
    @Test
    void aSignatureIsDrawnByOneHand() {
        Consultation c = explained(adult(), Duration.ZERO);
        c.handOver();
        Consultation.Refused r = refused(Refusal.NOT_ONE_HAND, () -> c.sign(SignatureRole.PATIENT,
                SignatureInkTest.fingerAndPalmJoined(), 720, 240));
        assertTrue(r.getMessage().contains("(a signature is drawn by one hand): stroke 1 jumps 391 pixels"),
                r.getMessage());
        assertEquals(List.of(), c.draft().signatures(), "nothing was signed");
        c.sign(SignatureRole.PATIENT, SignatureInkTest.wave(80, 600, null), 720, 240);
        assertTrue(c.hasSigned(SignatureRole.PATIENT), "signed again with one hand");
    }

    @Test
    void aConsultationEndsRecordedOnlyFromACompleteReviewAndThenNeverChanges() {
        Consultation c = explained(adult(), Duration.ZERO);
        refused(Refusal.NOT_COMPLETE, c::requireRecordable);
        c.handOver();
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        c.leavePatientMode();
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3));
        refused(Refusal.NOT_COMPLETE, () -> c.recorded("rec-1"));
        c.next();
        ConsentSession signed = c.draft();
        clock.advance(Duration.ofSeconds(5));
        c.recorded("rec-1");
        Consultation.Ending e = c.ending().orElseThrow();
        assertEquals(Consultation.Ending.Kind.RECORDED, e.kind());
        assertTrue(e.reason().contains("rec-1"), e.reason());
        assertEquals(clinic.now(), e.at());
        refused(Refusal.ENDED, () -> c.recorded("rec-2"));
        refused(Refusal.ENDED, () -> c.setPhysicianNotes("later"));
        refused(Refusal.ENDED, () -> c.abandon("changed my mind"));
        assertFalse(c.canAdvance());
        assertEquals(signed, c.draft(), "what was recorded stays as it was");
    }

    @Test
    void abandoningAConsultationRecordsTheReasonAndItsTime() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        c.acknowledge();
        refused(Refusal.NO_REASON, () -> c.abandon("  "));
        refused(Refusal.NO_REASON, () -> c.abandon(null));
        refused(Refusal.NO_REASON, () -> c.abandon("left\u0007"));
        assertTrue(c.ending().isEmpty());
        clock.advance(Duration.ofMinutes(2));
        c.abandon(" the patient left before the explanation ended ");
        Consultation.Ending e = c.ending().orElseThrow();
        assertEquals(Consultation.Ending.Kind.ABANDONED, e.kind());
        assertEquals("the patient left before the explanation ended", e.reason());
        assertEquals(clinic.now(), e.at());
        refused(Refusal.ENDED, c::acknowledge);
        refused(Refusal.ENDED, c::next);
    }

    @Test
    void aResumedDraftContinuesAtItsStepWithItsAnswersAndTimes() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            c.acknowledge();
            c.next();
        }
        c.setPhysicianNotes("初回は院内で経過観察");
        Consultation again = Consultation.resume(c.draft(), false, template, clinic, Duration.ZERO);
        assertEquals(Step.EXPLANATION, again.step());
        assertEquals(5, again.sectionIndex(), "the first section not yet understood");
        assertEquals(c.draft(), again.draft(), "acknowledgements, times and notes as they were");

        explainAll(again, clock);
        Manifest.QuestionDef q = again.currentQuestion();
        String wrong = q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow();
        again.answer(wrong);
        Consultation rereading = Consultation.resume(again.draft(), false, template, clinic, Duration.ZERO);
        assertEquals(Step.EXPLANATION, rereading.step(), "the section of the wrong answer is read again");
        assertEquals(q.section(), rereading.currentSection().id());
        assertFalse(rereading.canAdvance(), "and acknowledged again");
        rereading.acknowledge();
        Consultation third = Consultation.resume(rereading.draft(), false, template, clinic, Duration.ZERO);
        assertEquals(Step.CHECK_QUESTIONS, third.step(), "the question answered wrongly is asked again");
        assertEquals(q.id(), third.currentQuestion().id());
        assertEquals(rereading.attempts(q.id()), third.attempts(q.id()));

        answerAllCorrectly(third, clock);
        assertEquals(Step.HANDOVER, Consultation.resume(third.draft(), false, template, clinic, Duration.ZERO).step());
        third.handOver();
        Consultation locked = Consultation.resume(third.draft(), true, template, clinic, Duration.ZERO);
        assertEquals(Step.SIGNATURES, locked.step());
        assertTrue(locked.patientMode(), "a tablet in patient mode resumes locked");

        Consultation prepared = consultation(Duration.ZERO);
        prepared.start(adult(), "sato");
        assertEquals(Step.CONFIRMATION, Consultation.resume(prepared.draft(), false, template, clinic, Duration.ZERO)
                .step(), "not yet confirmed: the confirmation");
    }

    @Test
    void afterThreeWrongAnswersThePhysicianExplainsTheSectionAgainBeforeThePatientAcknowledgesIt() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        explainAll(c, clock);
        Manifest.QuestionDef q = c.currentQuestion();
        String wrong = q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow();
        for (int i = 1; i <= 2; i++) {
            clock.advance(Duration.ofSeconds(20));
            c.answer(wrong);
            assertNull(c.sectionToExplainAgain(), "wrong answer " + i + ": the patient reads it again alone");
            c.acknowledge();
            c.next();
        }
        clock.advance(Duration.ofSeconds(20));
        c.answer(wrong);
        assertEquals(3, c.wrongAnswers(q));
        assertEquals(q.section(), c.sectionToExplainAgain(), "the third wrong answer: the physician explains again");
        refused(Refusal.EXPLAIN_AGAIN, c::acknowledge);
        assertFalse(c.canAdvance());
        refused(Refusal.NOT_THE_EXPLAINING_PHYSICIAN, () -> c.explainedAgain(new ConsentSession.ExplainedAgain(
                q.section(), "tanaka", "田中", "999999", clinic.now())));
        refused(Refusal.NOT_THE_EXPLAINING_PHYSICIAN, () -> c.explainedAgain(new ConsentSession.ExplainedAgain(
                "another-section", "yamada", example.physician().name(), example.physician().licenceNumber(),
                clinic.now())));
        assertNull(c.attempts(q.id()).get(2).explainedAgain(), "a refusal changes nothing");

        clock.advance(Duration.ofMinutes(3));
        ConsentSession.ExplainedAgain e = new ConsentSession.ExplainedAgain(q.section(), "yamada",
                example.physician().name(), example.physician().licenceNumber(), clinic.now());
        // a draft saved while the physician is asked resumes asking
        Consultation waiting = Consultation.resume(c.draft(), false, template, clinic, Duration.ZERO);
        assertEquals(q.section(), waiting.sectionToExplainAgain());
        c.explainedAgain(e);
        assertNull(c.sectionToExplainAgain());
        refused(Refusal.WRONG_STEP, () -> c.explainedAgain(e));
        assertFalse(c.isAcknowledged(q.section()), "explained, not yet acknowledged again");
        clock.advance(Duration.ofSeconds(30));
        c.acknowledge();
        c.next();
        clock.advance(Duration.ofSeconds(20));
        assertTrue(c.answer(q.correct()).correct());

        ConsentSession.Answer third = c.draft().checkQuestions().get(0).answers().get(2);
        assertEquals(e, third.explainedAgain(), "kept on the third wrong answer, in the session");
        assertTrue(third.acknowledgedAgain().isAfter(e.at()));
        assertEquals(ZoneOffset.ofHours(9), third.explainedAgain().at().getOffset(), "in the clinic's zone");
        ConsentSession read = assertDoesNotThrow(() -> SessionJson.read(SessionJson.write(c.draft()), "draft"));
        assertEquals(c.draft(), read, "the session JSON keeps it");
        assertFalse(new String(SessionJson.write(example), java.nio.charset.StandardCharsets.UTF_8).contains("Again"),
                "a session without them is written as before: no null fields");
    }

    @Test
    void theSixthWrongAnswerCallsThePhysicianAgain() {
        Consultation c = confirmed(consultation(Duration.ZERO), adult());
        explainAll(c, clock);
        Manifest.QuestionDef q = c.currentQuestion();
        String wrong = q.options().stream().filter(o -> !o.equals(q.correct())).findFirst().orElseThrow();
        int asked = 0;
        for (int i = 1; i <= 6; i++) {
            clock.advance(Duration.ofSeconds(20));
            c.answer(wrong);
            if (c.sectionToExplainAgain() != null) {
                asked++;
                c.explainedAgain(new ConsentSession.ExplainedAgain(q.section(), "yamada",
                        example.physician().name(), example.physician().licenceNumber(), clinic.now()));
            }
            c.acknowledge();
            c.next();
        }
        assertEquals(2, asked, "after the third and the sixth wrong answer");
    }

    // --- ended by staff at any step (C11; issue 16 §5) ------------------------------------------------------

    /** A consultation of an adult at {@code step}, staff holding the tablet (patient mode left at the signatures). */
    private Consultation at(Step step) {
        Consultation c = consultation(Duration.ZERO);
        if (step == Step.START) {
            return c;
        }
        c.start(adult(), "sato");
        if (step == Step.CONFIRMATION) {
            return c;
        }
        c.confirm(byItsPhysician());
        if (step == Step.EXPLANATION) {
            return c;
        }
        explainAll(c, clock);
        if (step == Step.CHECK_QUESTIONS) {
            return c;
        }
        answerAllCorrectly(c, clock);
        if (step == Step.HANDOVER) {
            return c;
        }
        c.handOver();
        c.sign(SignatureRole.PATIENT, SignatureImages.signature(4));
        c.leavePatientMode();
        if (step == Step.SIGNATURES) {
            return c;
        }
        c.sign(SignatureRole.PHYSICIAN, SignatureImages.signature(3));
        c.next();
        return c;
    }

    @Test
    void staffEndAConsultationAtEveryStepWithEachReasonNamingWhoAndWhen() {
        for (Step step : Step.values()) {
            for (Consultation.EndReason reason : Consultation.EndReason.values()) {
                Consultation c = at(step);
                assertEquals(step, c.step());
                clock.advance(Duration.ofMinutes(3));
                String words = reason == Consultation.EndReason.OTHER ? " the clinic closed early " : null;
                Consultation.EndedByStaff e = c.endingNow(reason, words, "sato");
                assertTrue(c.ending().isEmpty(), "saying what the ending would be changes nothing");
                c.end(e);
                String where = step + " / " + reason;
                assertEquals(clinic.now(), e.at(), where);
                assertEquals(ZoneOffset.ofHours(9), e.at().getOffset(), "the clinic's clock: " + where);
                assertEquals("sato", e.by(), where);
                assertEquals(step, e.step(), where);
                assertEquals(step.compareTo(Step.EXPLANATION) >= 0, e.explanationBegun(), where);
                assertEquals(reason == Consultation.EndReason.OTHER ? "the clinic closed early" : null, e.words());
                Consultation.Ending ending = c.ending().orElseThrow();
                assertEquals(reason == Consultation.EndReason.POSTPONED ? Consultation.Ending.Kind.POSTPONED
                        : Consultation.Ending.Kind.ABANDONED, ending.kind(), where);
                assertTrue(ending.reason().startsWith(reason.code()), ending.reason());
                assertEquals(e, c.endedByStaff().orElseThrow());
                assertFalse(c.canAdvance(), where);
                refused(Refusal.ENDED, () -> c.end(e));
                refused(Refusal.ENDED, () -> c.abandon("again"));
                refused(Refusal.ENDED, () -> c.setPhysicianNotes("later"));
            }
        }
    }

    @Test
    void anEndingIsRefusedWithoutItsWordsInPatientModeAndAfterTheEndChangingNothing() {
        Consultation c = at(Step.EXPLANATION);
        refused(Refusal.NO_REASON, () -> c.endingNow(null, "why", "sato"));
        refused(Refusal.NO_WORDS, () -> c.endingNow(Consultation.EndReason.OTHER, null, "sato"));
        refused(Refusal.NO_WORDS, () -> c.endingNow(Consultation.EndReason.OTHER, "   ", "sato"));
        refused(Refusal.NO_WORDS, () -> c.endingNow(Consultation.EndReason.OTHER, "\u200B", "sato"));
        refused(Refusal.BAD_WORDS, () -> c.endingNow(Consultation.EndReason.DECLINED, "no\u0007", "sato"));
        refused(Refusal.BAD_WORDS, () -> c.endingNow(Consultation.EndReason.OTHER, "あ".repeat(501), "sato"));
        assertEquals("あ".repeat(500), c.endingNow(Consultation.EndReason.OTHER, "あ".repeat(500), "sato").words());
        assertThrows(IllegalArgumentException.class, () -> c.endingNow(Consultation.EndReason.DECLINED, null, " "));
        assertTrue(c.ending().isEmpty());
        assertEquals(Step.EXPLANATION, c.step());

        Consultation locked = at(Step.HANDOVER);
        locked.handOver();
        for (Consultation.EndReason r : Consultation.EndReason.values()) {
            refused(Refusal.PATIENT_MODE, () -> locked.endingNow(r, "words", "sato"));
        }
        Consultation.EndedByStaff before = at(Step.HANDOVER).endingNow(Consultation.EndReason.DECLINED, null,
                "sato");
        refused(Refusal.PATIENT_MODE, () -> locked.end(before));
        assertTrue(locked.ending().isEmpty());
        locked.leavePatientMode(); // the staff PIN, checked by the app
        locked.end(locked.endingNow(Consultation.EndReason.DECLINED, null, "sato"));
        assertEquals(Step.SIGNATURES, locked.endedByStaff().orElseThrow().step());

        Consultation recorded = at(Step.REVIEW);
        recorded.recorded("rec-1");
        refused(Refusal.ENDED, () -> recorded.endingNow(Consultation.EndReason.POSTPONED, null, "sato"));
        assertEquals(Consultation.Ending.Kind.RECORDED, recorded.ending().orElseThrow().kind());
    }
}
