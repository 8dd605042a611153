package org.exoconsent.ui.wizard;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.SessionText;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;

/**
 * The consultation wizard's rules, without a screen: the steps and when each may be left, the physician's
 * confirmation of the treatment before the explanation (with their own password), the acknowledgement of every
 * section, the check questions with every attempt kept, the locked patient mode, the signatures (a legal
 * representative's consent and the minor's own assent, or the physician's reason why the minor cannot sign, when the
 * patient is a minor) and the reflection time. Views bind to its read-only properties;
 * it imports nothing from {@code javafx.scene} and is tested without a toolkit.
 */
public final class WizardViewModel {

    /** The steps, in order. */
    public enum Step { START, CONFIRMATION, EXPLANATION, QUIZ, HANDOVER, SIGNATURES, REVIEW }

    /**
     * Checks a physician's own password and returns their confirmation of the prepared treatment (the app asks the
     * store: {@code RecordStore.confirmTreatment}), or throws with a message to show (wrong password, not the
     * consultation's physician).
     */
    @FunctionalInterface
    public interface TreatmentConfirmer {
        ConsentSession.ConfirmedBy confirm(String account, char[] password, ConsentSession prepared) throws Exception;
    }

    /** What an answer led to. */
    public record AnswerResult(boolean correct, String explanation, String section) {
    }

    private final ConsentTemplate template;
    private final ClinicClock clock;
    private final String documentId;
    private final Duration reflection;
    private final java.util.function.Predicate<String> staffPin;

    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.START);
    private final ReadOnlyIntegerWrapper sectionIndex = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper questionIndex = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper canAdvance = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper patientMode = new ReadOnlyBooleanWrapper(false);

    private ConsultationSetup setup;
    private OffsetDateTime startedAt;
    private ConsentSession.PreparedBy preparedBy;
    private ConsentSession.ConfirmedBy confirmedBy;
    private ConsentSession.AssentNotSigned assentNotSigned;
    private TreatmentConfirmer confirmer = (a, p, s) -> {
        throw new IllegalStateException("no one can confirm treatments on this device");
    };
    private List<RenderedSection> sections = List.of();
    private final Map<String, OffsetDateTime> acknowledged = new LinkedHashMap<>();
    private final Map<String, List<ConsentSession.Answer>> attempts = new LinkedHashMap<>();
    private final Map<SignatureRole, ConsentSession.Signature> signatures = new EnumMap<>(SignatureRole.class);
    private final List<ConsentSession.PatientQuestion> patientQuestions = new ArrayList<>();
    private String physicianNotes;
    /** While re-reading a section after a wrong answer: the question to return to. */
    private Integer returnToQuestion;
    /** Wrong staff PINs in a row (attempts are counted before they are checked); any thread. */
    private final java.util.concurrent.atomic.AtomicInteger failedUnlocks =
            new java.util.concurrent.atomic.AtomicInteger();
    private final ReadOnlyBooleanWrapper pinBlocked = new ReadOnlyBooleanWrapper(false);
    /** Called with the session and the patient-mode flag after every change (the wizard saves its draft). */
    private java.util.function.BiConsumer<ConsentSession, Boolean> autosave = (s, locked) -> { };
    private UnlockRecorder onUnlockAttempt = (action, how, wrongInARow) -> { };
    private StaffPassword staffPassword = password -> {
        throw new IllegalStateException("no staff password check");
    };

    /**
     * @param clock    the clinic's clock (the store's): every time the consultation records is taken from it, with
     *                 the clinic zone's offset, and the consultation day and the patient's age are counted in its
     *                 zone, whatever this device's own zone
     * @param staffPin checks a staff PIN (the app checks it against a salted hash; tests pass a fixed PIN)
     */
    public WizardViewModel(ConsentTemplate template, ClinicClock clock, String documentId, Duration reflection,
                           java.util.function.Predicate<String> staffPin) {
        this.template = template;
        this.clock = clock;
        this.documentId = documentId;
        this.reflection = reflection;
        this.staffPin = staffPin;
    }

    /** Saves the draft after every change, e.g. {@code (s, locked) -> drafts.save(s, locked, clock.instant())}. */
    public void setAutosave(java.util.function.BiConsumer<ConsentSession, Boolean> autosave) {
        this.autosave = autosave;
    }

    /** Who checks a physician's password when they confirm the treatment. */
    public void setConfirmer(TreatmentConfirmer confirmer) {
        this.confirmer = confirmer;
    }

    private void changed() {
        refreshCanAdvance();
        if (setup != null) {
            autosave.accept(draft(), patientMode.get());
        }
    }

    /** The clinic's clock the consultation's times are taken from (and shown in). */
    public ClinicClock clock() {
        return clock;
    }

    /** The template version this consultation shows and is signed with (a resumed draft keeps its own). */
    public ConsentTemplate template() {
        return template;
    }

    /**
     * Continues a consultation from its draft, where it stopped: at the first section not yet acknowledged, the
     * first question not yet answered correctly, or the signatures. A tablet that was in patient mode resumes
     * locked, so a crash or a closed window never lets the patient out of the flow.
     */
    public static WizardViewModel resume(ConsentSession draft, boolean patientMode, ConsentTemplate template,
                                         ClinicClock clock, Duration reflection,
                                         java.util.function.Predicate<String> staffPin) {
        WizardViewModel w = new WizardViewModel(template, clock, draft.id(), reflection, staffPin);
        w.setup = ConsultationSetup.of(draft);
        w.startedAt = draft.startedAt();
        w.preparedBy = draft.preparedBy();
        w.confirmedBy = draft.confirmedBy();
        w.assentNotSigned = draft.assentNotSigned();
        w.sections = SessionText.sections(w.draft(), template);
        draft.acknowledgements().forEach(a -> w.acknowledged.putIfAbsent(a.section(), a.at()));
        draft.quiz().forEach(q -> w.attempts.put(q.question(), new ArrayList<>(q.answers())));
        draft.signatures().forEach(sig -> w.signatures.put(sig.role(), sig));
        if (draft.notes() != null) {
            w.physicianNotes = draft.notes().physician();
            w.patientQuestions.addAll(draft.notes().patientQuestions());
        }
        int unread = -1;
        for (int i = 0; i < w.sections.size(); i++) {
            if (!w.acknowledged.containsKey(w.sections.get(i).id())) {
                unread = i;
                break;
            }
        }
        int unanswered = -1;
        List<Manifest.QuestionDef> questions = template.manifest().questions();
        for (int i = 0; i < questions.size(); i++) {
            List<ConsentSession.Answer> a = w.attempts.getOrDefault(questions.get(i).id(), List.of());
            if (a.isEmpty() || !questions.get(i).correct().equals(a.get(a.size() - 1).option())) {
                unanswered = i;
                break;
            }
        }
        if (w.confirmedBy == null) { // prepared, not yet confirmed (a draft without acknowledgements: see restart)
            w.step.set(Step.CONFIRMATION);
        } else if (unread >= 0) {
            w.sectionIndex.set(unread);
            w.step.set(Step.EXPLANATION);
        } else if (unanswered >= 0) {
            w.questionIndex.set(unanswered);
            w.step.set(Step.QUIZ);
        } else if (patientMode || !w.signatures.isEmpty()) {
            w.patientMode.set(patientMode);
            w.step.set(Step.SIGNATURES);
        } else {
            w.step.set(Step.HANDOVER);
        }
        w.refreshCanAdvance();
        return w;
    }

    /**
     * Starts a draft's consultation again, from its first section, with another template version: used when the
     * draft's own version was found to contain errors, so that the patient hears the corrected text (issue 10).
     * The patient, the legal representative, the treatment and the notes are kept; acknowledgements, answers and
     * signatures, given to the old text, are not. The draft keeps its id, so the next autosave replaces it. When
     * the kept details no longer pass the start checks (a lot expired since), the wizard opens at the start page.
     * Also used for a draft of schema version 1, begun before the physician's confirmation was recorded. The
     * restarted consultation is prepared again by {@code preparedBy} and waits for the physician's confirmation.
     *
     * @param preparedBy the account signed in on this device, which now prepares the consultation again
     */
    public static WizardViewModel restart(ConsentSession draft, ConsentTemplate template, ClinicClock clock,
                                          Duration reflection, java.util.function.Predicate<String> staffPin,
                                          String preparedBy) {
        WizardViewModel w = new WizardViewModel(template, clock, draft.id(), reflection, staffPin);
        if (draft.notes() != null) {
            w.physicianNotes = draft.notes().physician();
            w.patientQuestions.addAll(draft.notes().patientQuestions());
        }
        w.start(ConsultationSetup.of(draft), preparedBy);
        w.refreshCanAdvance();
        return w;
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty sectionIndexProperty() {
        return sectionIndex.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty questionIndexProperty() {
        return questionIndex.getReadOnlyProperty();
    }

    /** Whether "Next" may be pressed on the current page. */
    public ReadOnlyBooleanProperty canAdvanceProperty() {
        return canAdvance.getReadOnlyProperty();
    }

    /** True from the hand-over until staff unlock with their PIN. */
    public ReadOnlyBooleanProperty patientModeProperty() {
        return patientMode.getReadOnlyProperty();
    }

    /** Now, in the clinic's zone (e.g. {@code +09:00}): what the session records. */
    private OffsetDateTime now() {
        return clock.now();
    }

    // --- start ---------------------------------------------------------------------------------------------

    /**
     * Checks the start screen; when it is valid the consultation's time starts and it waits for the physician's
     * confirmation of the treatment.
     *
     * @param preparedBy the account signed in on this device (staff or a physician), named in the PDF as who
     *                   prepared the consultation
     */
    public List<StartValidation.FieldProblem> start(ConsultationSetup s, String preparedBy) {
        require(Step.START);
        List<StartValidation.FieldProblem> problems = StartValidation.check(s, template, today());
        if (problems.isEmpty()) {
            setup = s;
            startedAt = now();
            this.preparedBy = new ConsentSession.PreparedBy(preparedBy, startedAt);
            sections = SessionText.sections(draft(), template);
            sectionIndex.set(0);
            step.set(Step.CONFIRMATION);
            changed();
        }
        return problems;
    }

    /** Today in the clinic's calendar, whatever this device's time zone. */
    private java.time.LocalDate today() {
        return clock.today();
    }

    // --- the physician's confirmation ----------------------------------------------------------------------

    /** The consultation as prepared, for the confirmation page (the treatment the physician confirms). */
    public ConsultationSetup setup() {
        return setup;
    }

    /**
     * The physician confirms the prepared treatment with their own password; the explanation then begins. A
     * refusal (wrong password, another physician) changes nothing.
     *
     * @return null when confirmed, else the reason to show
     */
    public String confirm(String account, char[] password) {
        require(Step.CONFIRMATION);
        ConsentSession.ConfirmedBy c;
        try {
            c = confirmer.confirm(account, password, draft());
        } catch (Exception e) {
            return e.getMessage();
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        confirmed(c);
        return null;
    }

    /**
     * Takes a confirmation the store gave (the view checks the password off the FX thread, then calls this on it);
     * the explanation then begins.
     *
     * @throws IllegalArgumentException when it is not the consultation's physician's
     */
    public void confirmed(ConsentSession.ConfirmedBy c) {
        require(Step.CONFIRMATION);
        if (c == null || !setup.physician().licenceNumber().equals(c.licenceNumber())) {
            throw new IllegalArgumentException("a confirmation by the consultation's physician is needed, not " + c);
        }
        confirmedBy = c;
        step.set(Step.EXPLANATION);
        changed();
    }

    /**
     * The physician does not confirm the prepared treatment as it is: back to the start page, where it can be
     * changed (the form keeps what was entered); nothing was explained yet.
     */
    public void backToPreparation() {
        require(Step.CONFIRMATION);
        step.set(Step.START);
        refreshCanAdvance();
    }

    /** Who confirmed the treatment, or null before the confirmation. */
    public ConsentSession.ConfirmedBy confirmedBy() {
        return confirmedBy;
    }

    // --- explanation ---------------------------------------------------------------------------------------

    public List<RenderedSection> sections() {
        return sections;
    }

    public RenderedSection currentSection() {
        return sections.get(sectionIndex.get());
    }

    /** The patient tapped "I have understood this": the time is kept (the first time counts). */
    public void acknowledge() {
        require(Step.EXPLANATION);
        acknowledged.putIfAbsent(currentSection().id(), now());
        changed();
    }

    public boolean isAcknowledged(String sectionId) {
        return acknowledged.containsKey(sectionId);
    }

    /** The physician's notes and the patient's questions may be added on any page. */
    public void setPhysicianNotes(String notes) {
        this.physicianNotes = notes;
        changed();
    }

    public void addPatientQuestion(String question, String answer) {
        String section = step.get() == Step.EXPLANATION ? currentSection().id() : null;
        patientQuestions.add(new ConsentSession.PatientQuestion(question, answer, section));
        changed();
    }

    // --- quiz ----------------------------------------------------------------------------------------------

    public Manifest.QuestionDef currentQuestion() {
        return template.manifest().questions().get(questionIndex.get());
    }

    /**
     * Records an answer to the current question. A correct one moves on; a wrong one is kept, and the wizard goes
     * back to the section the question checks, then returns to the question.
     */
    public AnswerResult answer(String option) {
        require(Step.QUIZ);
        Manifest.QuestionDef q = currentQuestion();
        if (!q.options().contains(option)) {
            throw new IllegalArgumentException("'" + option + "' is not an option of " + q.id());
        }
        boolean right = q.correct().equals(option);
        attempts.computeIfAbsent(q.id(), k -> new ArrayList<>())
                .add(new ConsentSession.Answer(option, now(), right));
        if (right) {
            if (questionIndex.get() + 1 < template.manifest().questions().size()) {
                questionIndex.set(questionIndex.get() + 1);
            } else {
                step.set(Step.HANDOVER);
            }
            changed();
            return new AnswerResult(true, null, q.section());
        }
        String explanation = template.language(setup.language()).orElseThrow().question(q.id()).explanation();
        returnToQuestion = questionIndex.get();
        sectionIndex.set(indexOf(q.section()));
        step.set(Step.EXPLANATION);
        changed();
        return new AnswerResult(false, explanation, q.section());
    }

    public List<ConsentSession.Answer> attempts(String questionId) {
        return List.copyOf(attempts.getOrDefault(questionId, List.of()));
    }

    // --- moving --------------------------------------------------------------------------------------------

    /** Next page; refused while the page's condition is not met (a step can't be skipped by accident). */
    public void next() {
        if (!canAdvance.get()) {
            throw new IllegalStateException("this page is not finished: " + step.get());
        }
        switch (step.get()) {
            case EXPLANATION -> {
                if (returnToQuestion != null) {
                    questionIndex.set(returnToQuestion);
                    returnToQuestion = null;
                    step.set(Step.QUIZ);
                } else if (sectionIndex.get() + 1 < sections.size()) {
                    sectionIndex.set(sectionIndex.get() + 1);
                } else {
                    questionIndex.set(0);
                    step.set(Step.QUIZ);
                }
            }
            case SIGNATURES -> step.set(Step.REVIEW);
            default -> throw new IllegalStateException("use the step's own action on " + step.get());
        }
        changed();
    }

    /** Previous section (only during the explanation, and never out of patient mode). */
    public void back() {
        if (step.get() == Step.EXPLANATION && sectionIndex.get() > 0) {
            sectionIndex.set(sectionIndex.get() - 1);
            changed();
        }
    }

    // --- hand-over and patient mode ------------------------------------------------------------------------

    /**
     * The physician hands the tablet to the patient: patient mode begins. Refused while the reflection time is
     * not over, since there would be nothing the patient could do but wait locked in.
     */
    public void handOver() {
        require(Step.HANDOVER);
        if (!reflectionRemaining().isZero()) {
            throw new IllegalStateException("the reflection time is not over: signing is possible from "
                    + signableFrom());
        }
        patientMode.set(true);
        step.set(Step.SIGNATURES);
        changed();
    }

    /** Whether the window may close or the user may go elsewhere now. */
    public boolean mayLeave() {
        return !patientMode.get();
    }

    /**
     * Wrong staff PINs in a row after which the PIN no longer unlocks: 5, as many as the wrong passwords that lock an
     * account ({@link org.exoconsent.records.Accounts#MAX_FAILURES}). A four-digit PIN has 10,000 values: without a
     * limit a patient left alone with the tablet could try them all (issue 14 §4).
     */
    public static final int MAX_WRONG_PINS = org.exoconsent.records.Accounts.MAX_FAILURES;

    /** How an unlock attempt ended. */
    public enum Unlock {
        /** Unlocked (patient mode left, or the screen uncovered); the attempt is in the audit trail. */
        UNLOCKED,
        /** A wrong PIN; fewer than {@link #MAX_WRONG_PINS} in a row so far. */
        WRONG_PIN,
        /** The PIN no longer unlocks: {@link #MAX_WRONG_PINS} wrong ones in a row; the staff password is needed. */
        PIN_BLOCKED,
        /** The staff member's password was refused (wrong, locked account …): the refusal says why. */
        PASSWORD_REFUSED,
        /** The attempt could not be written to the audit trail (a full disk): refused whatever was typed. */
        NOT_RECORDED
    }

    /**
     * Writes an unlock attempt to the audit trail, waiting for it; throws when it cannot be written (then the
     * attempt is refused, as a sign-in that cannot be recorded is).
     */
    @FunctionalInterface
    public interface UnlockRecorder {
        /**
         * @param action      {@code patient-mode-unlocked}, {@code patient-mode-unlock-failed}, or, from the lock
         *                    screen, {@code screen-unlocked} / {@code screen-unlock-failed}
         * @param how         {@code staff PIN}, {@code staff PIN blocked} or {@code staff password}
         * @param wrongInARow the wrong PINs in a row, this one included
         */
        void record(String action, String how, int wrongInARow) throws Exception;
    }

    /**
     * Checks the signed-in staff member's own password (the app signs in again with it, so that the store counts,
     * audits and locks as for every sign-in); returns normally when it is right, throws the refusal otherwise.
     */
    @FunctionalInterface
    public interface StaffPassword {
        void check(char[] password) throws Exception;
    }

    /**
     * Staff unlock patient mode with the PIN, on this thread (see {@link #unlock(String, boolean,
     * java.util.concurrent.Executor, java.util.concurrent.Executor, java.util.function.BiConsumer)}).
     *
     * @return whether patient mode was left
     */
    public boolean unlock(String pin) {
        Unlock[] result = new Unlock[1];
        unlock(pin, true, Runnable::run, Runnable::run, (r, refusal) -> result[0] = r);
        return result[0] == Unlock.UNLOCKED;
    }

    /**
     * An unlock attempt with the staff PIN (issue 14 §4). The attempt is counted before the PIN is checked; each is
     * written to the audit trail ({@link #setOnUnlockAttempt}) before it takes effect, and one that cannot be written
     * is refused whatever the PIN ({@link Unlock#NOT_RECORDED}). After {@link #MAX_WRONG_PINS} wrong PINs in a row
     * the PIN no longer unlocks, not even the right one ({@link Unlock#PIN_BLOCKED}): the signed-in staff member's
     * own password is needed ({@link #unlockWithPassword}), and it clears the count. A right PIN clears it too.
     *
     * @param leave      true to leave patient mode (the signature page), false to uncover the locked screen only
     * @param background where the PIN is checked and the attempt recorded (both take a moment)
     * @param fx         where the outcome takes effect and {@code done} is told (the FX thread)
     * @param done       told the outcome; the refusal is null for a PIN
     */
    public void unlock(String pin, boolean leave, java.util.concurrent.Executor background,
                       java.util.concurrent.Executor fx,
                       java.util.function.BiConsumer<Unlock, Exception> done) {
        background.execute(() -> {
            Unlock r = checkPin(pin, leave);
            fx.execute(() -> settle(r, leave, null, done));
        });
    }

    private Unlock checkPin(String pin, boolean leave) {
        String action = leave ? "patient-mode-unlock" : "screen-unlock";
        if (failedUnlocks.get() >= MAX_WRONG_PINS) {
            try {
                onUnlockAttempt.record(action + "-failed", "staff PIN blocked", failedUnlocks.get());
            } catch (Exception e) {
                // refused either way; the store says its own failure on the next write
            }
            return Unlock.PIN_BLOCKED;
        }
        int wrong = failedUnlocks.incrementAndGet(); // counted before it is checked
        boolean right = pin != null && staffPin.test(pin);
        try {
            onUnlockAttempt.record(right ? action + "ed" : action + "-failed", "staff PIN", right ? 0 : wrong);
        } catch (Exception e) {
            return Unlock.NOT_RECORDED;
        }
        if (right) {
            failedUnlocks.set(0);
            return Unlock.UNLOCKED;
        }
        return wrong >= MAX_WRONG_PINS ? Unlock.PIN_BLOCKED : Unlock.WRONG_PIN;
    }

    /**
     * Unlocks with the signed-in staff member's own password, whether or not the PIN is blocked; a right password
     * clears the count of wrong PINs. The password is checked by {@link #setStaffPassword} (the store counts it
     * towards the account's lockout and audits it), then the unlock is recorded; either failing refuses it. The
     * password is cleared afterwards.
     *
     * @param leave as for {@link #unlock(String, boolean, java.util.concurrent.Executor,
     *              java.util.concurrent.Executor, java.util.function.BiConsumer)}
     */
    public void unlockWithPassword(char[] password, boolean leave, java.util.concurrent.Executor background,
                                   java.util.concurrent.Executor fx,
                                   java.util.function.BiConsumer<Unlock, Exception> done) {
        background.execute(() -> {
            Unlock r;
            Exception refusal = null;
            try {
                staffPassword.check(password);
                try {
                    onUnlockAttempt.record(leave ? "patient-mode-unlocked" : "screen-unlocked", "staff password", 0);
                    failedUnlocks.set(0);
                    r = Unlock.UNLOCKED;
                } catch (Exception e) {
                    r = Unlock.NOT_RECORDED;
                }
            } catch (Exception e) {
                r = Unlock.PASSWORD_REFUSED;
                refusal = e;
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
            Unlock outcome = r;
            Exception why = refusal;
            fx.execute(() -> settle(outcome, leave, why, done));
        });
    }

    private void settle(Unlock r, boolean leave, Exception refusal,
                        java.util.function.BiConsumer<Unlock, Exception> done) {
        pinBlocked.set(failedUnlocks.get() >= MAX_WRONG_PINS);
        if (r == Unlock.UNLOCKED && leave) {
            patientMode.set(false);
            changed();
        }
        done.accept(r, refusal);
    }

    /**
     * Told of every unlock attempt, right or wrong, and waited for: the app writes it to the audit trail; when that
     * fails the attempt is refused.
     */
    public void setOnUnlockAttempt(UnlockRecorder recorder) {
        this.onUnlockAttempt = recorder;
    }

    /** Who checks the signed-in staff member's password once the PIN is blocked. */
    public void setStaffPassword(StaffPassword check) {
        this.staffPassword = check;
    }

    /** True once {@link #MAX_WRONG_PINS} wrong PINs in a row were typed, until the staff password is given. */
    public ReadOnlyBooleanProperty pinBlockedProperty() {
        return pinBlocked.getReadOnlyProperty();
    }

    /** The id of the consent document this consultation makes (the draft's id), from the start. */
    public String documentId() {
        return documentId;
    }

    /** Wrong staff PINs in a row. */
    public int failedUnlocks() {
        return failedUnlocks.get();
    }

    // --- reflection time and signatures --------------------------------------------------------------------

    /** How long the patient should still reflect before signing (zero when the clinic allows the same visit). */
    public Duration reflectionRemaining() {
        OffsetDateTime end = explanationEnd().orElse(now());
        Duration left = Duration.between(now(), end.plus(reflection));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** When signing becomes possible: the end of the explanation plus the clinic's reflection time. */
    public OffsetDateTime signableFrom() {
        return explanationEnd().orElse(now()).plus(reflection);
    }

    private Optional<OffsetDateTime> explanationEnd() {
        return java.util.stream.Stream.concat(acknowledged.values().stream(),
                attempts.values().stream().flatMap(List::stream).map(ConsentSession.Answer::at))
                .max(OffsetDateTime::compareTo);
    }

    /** Who signs for the patient: the legal representative when the patient is a minor. */
    public SignatureRole consentingRole() {
        return isMinor() ? SignatureRole.REPRESENTATIVE : SignatureRole.PATIENT;
    }

    /** Whether the patient is under 18 on the consultation day, in the clinic's calendar. */
    public boolean isMinor() {
        return StartValidation.isMinor(setup.patient(), clock.day(startedAt));
    }

    /**
     * Keeps the physician's record of why a minor patient does not sign their own assent, as the store returned it
     * after the physician's password (or, with null, withdraws it: the minor will sign); refused in patient mode, for
     * an adult, once the minor has signed, and when it is not the confirming physician's.
     *
     * @return null when kept, else a message key of the UI bundles
     */
    public String setAssentNotSigned(ConsentSession.AssentNotSigned recorded) {
        if (step.get() != Step.HANDOVER && step.get() != Step.SIGNATURES) {
            throw new IllegalStateException("the reason is recorded at the hand-over or the signatures, not at "
                    + step.get());
        }
        if (!isMinor()) {
            return "assent.notMinor";
        }
        if (patientMode.get()) {
            return "sign.unlockFirst";
        }
        if (signatures.containsKey(SignatureRole.PATIENT)) {
            return "assent.alreadySigned";
        }
        if (recorded != null && (confirmedBy == null || !confirmedBy.account().equals(recorded.account()))) {
            return "assent.notThePhysician";
        }
        assentNotSigned = recorded;
        changed();
        return null;
    }

    /** The physician's reason why the minor did not sign, or null. */
    public ConsentSession.AssentNotSigned assentNotSigned() {
        return assentNotSigned;
    }

    /** Whether the patient's side is complete: the consent, and for a minor their assent or the reason. */
    private boolean patientSideSigned() {
        if (!signatures.containsKey(consentingRole())) {
            return false;
        }
        return !isMinor() || signatures.containsKey(SignatureRole.PATIENT) || assentNotSigned != null;
    }

    /**
     * Stores a signature drawn on the pad: the strokes as the device reported them, and the image rendered from
     * them for the PDF. Returns null when taken, else a message key (see {@link #sign(SignatureRole, String)}).
     */
    public String sign(SignatureRole role, List<org.exoconsent.consent.Stroke> strokes, int padWidth,
                       int padHeight) {
        if (org.exoconsent.consent.SessionLimits.strokesProblem(strokes) != null) {
            return "sign.tooMuchInk";
        }
        if (org.exoconsent.consent.SignatureInk.problem(strokes) != null) {
            return "sign.tooShort";
        }
        String result = sign(role, org.exoconsent.consent.SignatureInk.toPng(strokes, padWidth, padHeight));
        if (result == null) {
            ConsentSession.Signature s = signatures.get(role);
            signatures.put(role, new ConsentSession.Signature(s.role(), s.name(), s.at(), s.png(), strokes));
            changed();
        }
        return result;
    }

    /**
     * Stores a signature, or says why it cannot be taken (the reflection time is not over, an empty or trivially
     * short drawing, the physician signing before the patient or while patient mode is on).
     *
     * @return null when taken, else a message key of the UI bundles
     */
    public String sign(SignatureRole role, String pngBase64) {
        require(Step.SIGNATURES);
        if (!reflectionRemaining().isZero()) {
            return "sign.reflection";
        }
        if (role == SignatureRole.PHYSICIAN) {
            if (!patientSideSigned()) {
                return "sign.patientFirst";
            }
            if (patientMode.get()) {
                return "sign.unlockFirst";
            }
        } else if (role == SignatureRole.PATIENT && isMinor()) {
            if (assentNotSigned != null) {
                return "assent.reasonRecorded";
            }
        } else if (role != consentingRole()) {
            return role == SignatureRole.PATIENT ? "sign.representativeRequired" : "sign.notMinor";
        }
        if (CompletenessCheck.imageProblem(pngBase64) != null) {
            return "sign.tooShort";
        }
        String name = switch (role) {
            case PATIENT -> setup.patient().name();
            case REPRESENTATIVE -> setup.representative().name();
            case PHYSICIAN -> setup.physician().name();
        };
        signatures.put(role, new ConsentSession.Signature(role, name, now(), pngBase64));
        changed();
        return null;
    }

    // --- the session ---------------------------------------------------------------------------------------

    /** The consultation so far, as a consent session (the draft that is saved as the wizard goes). */
    public ConsentSession draft() {
        ConsentSession.TemplateRef ref = new ConsentSession.TemplateRef(template.id(), template.version(),
                setup.language(), template.sha256());
        List<ConsentSession.Acknowledgement> acks = acknowledged.entrySet().stream()
                .map(e -> new ConsentSession.Acknowledgement(e.getKey(), e.getValue())).toList();
        List<ConsentSession.QuizEntry> quiz = attempts.entrySet().stream()
                .map(e -> new ConsentSession.QuizEntry(e.getKey(), e.getValue())).toList();
        return new ConsentSession(ConsentSession.SCHEMA_VERSION, documentId, ref, setup.clinic(), setup.physician(),
                setup.patient(), setup.representative(), setup.treatment(), null, setup.lastConsent(), startedAt,
                preparedBy, confirmedBy, acks, quiz, new ConsentSession.Notes(physicianNotes, patientQuestions),
                assentNotSigned, List.copyOf(signatures.values()));
    }

    private void refreshCanAdvance() {
        canAdvance.set(switch (step.get()) {
            case START, CONFIRMATION, QUIZ, HANDOVER, REVIEW -> false;
            case EXPLANATION -> acknowledged.containsKey(currentSection().id());
            case SIGNATURES -> patientSideSigned() && signatures.containsKey(SignatureRole.PHYSICIAN)
                    && !patientMode.get();
        });
    }

    private int indexOf(String sectionId) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id().equals(sectionId)) {
                return i;
            }
        }
        throw new IllegalStateException("no section " + sectionId);
    }

    private void require(Step expected) {
        if (step.get() != expected) {
            throw new IllegalStateException("expected step " + expected + " but the wizard is at " + step.get());
        }
    }
}
