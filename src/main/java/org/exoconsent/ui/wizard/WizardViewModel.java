package org.exoconsent.ui.wizard;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.Consultation;
import org.exoconsent.records.RecordStore;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;

/**
 * The consultation wizard's face without a screen: it adapts a {@link Consultation} — which holds every rule of the
 * consultation (the steps, the physician's confirmation, the acknowledgements, the check questions, the reflection
 * time, patient mode, the order of the signatures, the ending; rules C1–C12 of docs/SESSION.md) — to read-only
 * properties the views bind to, turns its refusals into message keys of the UI bundles, saves the draft after every
 * change, checks the staff PIN that leaves patient mode, and runs "sign and save" off the FX thread. It decides
 * nothing itself; it imports nothing from {@code javafx.scene} and is tested without a toolkit.
 */
public final class WizardViewModel {

    /** The wizard's pages: one per step of the consultation ({@link Consultation.Step}), in the same order. */
    public enum Step { START, CONFIRMATION, EXPLANATION, CHECK_QUESTIONS, HANDOVER, SIGNATURES, REVIEW }

    /**
     * Checks a physician's own password and returns their confirmation of the prepared treatment (the app asks the
     * store: {@code RecordStore.confirmTreatment}), or throws with a message to show (wrong password, not the
     * consultation's physician).
     */
    @FunctionalInterface
    public interface TreatmentConfirmer {
        ConsentSession.ConfirmedBy confirm(String account, char[] password, ConsentSession prepared) throws Exception;
    }

    /**
     * Checks, renders, signs, archives, indexes and audits a complete session (the app: {@code
     * ConsultationServices.signAndSave}); slow, so it is run on the background executor.
     */
    @FunctionalInterface
    public interface SignAndSave {
        RecordStore.Recorded signAndSave(ConsentSession complete) throws Exception;
    }

    /**
     * Checks the confirming physician's own password and returns their record of why a minor does not sign (the
     * app asks the store: {@code RecordStore.recordAssentReason}), or throws with a message to show.
     */
    @FunctionalInterface
    public interface AssentRecorder {
        ConsentSession.AssentNotSigned record(String account, char[] password, ConsentSession draft, String reason)
                throws Exception;
    }

    /**
     * Checks the confirming physician's own password and returns their record that they explained a section again
     * in person (the app asks the store: {@code RecordStore.recordExplainedAgain}), or throws with a message to show.
     */
    @FunctionalInterface
    public interface ExplanationRecorder {
        ConsentSession.ExplainedAgain record(String account, char[] password, ConsentSession draft, String section,
                                             String question) throws Exception;
    }

    /** What an answer led to. */
    public record AnswerResult(boolean correct, String explanation, String section) {
    }

    private final Consultation consultation;
    private final java.util.function.Predicate<String> staffPin;

    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.START);
    private final ReadOnlyIntegerWrapper sectionIndex = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper questionIndex = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper canAdvance = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper patientMode = new ReadOnlyBooleanWrapper(false);

    private TreatmentConfirmer confirmer = (a, p, s) -> {
        throw new IllegalStateException("no one can confirm treatments on this device");
    };
    private AssentRecorder assentRecorder = (a, p, d, r) -> {
        throw new IllegalStateException("no one can record an assent reason on this device");
    };
    private ExplanationRecorder explanationRecorder = (a, p, d, s, q) -> {
        throw new IllegalStateException("no one can record a second explanation on this device");
    };
    private SignAndSave signAndSave = s -> {
        throw new IllegalStateException("nothing can be signed and saved on this device");
    };
    /** True while "sign and save" runs (a second tap is refused). */
    private boolean saving;
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
     * @param clock      the clinic's clock (the store's): every time the consultation records is taken from it, with
     *                   the clinic zone's offset, and the consultation day and the patient's age are counted in its
     *                   zone, whatever this device's own zone
     * @param reflection the clinic's reflection time (setting {@code reflection-minutes})
     * @param staffPin   checks a staff PIN (the app checks it against a salted hash; tests pass a fixed PIN)
     */
    public WizardViewModel(ConsentTemplate template, ClinicClock clock, String documentId, Duration reflection,
                           java.util.function.Predicate<String> staffPin) {
        this(new Consultation(template, clock, documentId, reflection), staffPin);
    }

    private WizardViewModel(Consultation consultation, java.util.function.Predicate<String> staffPin) {
        this.consultation = consultation;
        this.staffPin = staffPin;
        sync();
    }

    /**
     * Where the consultation's draft is kept (issue 17 §3): in the store; on this device, because the clinic's server
     * cannot be reached (the wizard goes on and says so calmly); or nowhere, because neither the server nor this device
     * could keep it ({@link #draftProblem()} says why).
     */
    public enum DraftPlace { STORE, DEVICE, NOWHERE }

    private final ReadOnlyObjectWrapper<DraftPlace> draftPlace = new ReadOnlyObjectWrapper<>(DraftPlace.STORE);
    private String draftProblem;

    /** Where the draft is kept, as the app's saving last found it (call on the FX thread). */
    public void setDraftPlace(DraftPlace place, String problem) {
        draftProblem = problem;
        draftPlace.set(place);
    }

    /** Where the draft is kept ({@link DraftPlace}); the wizard shows a notice unless it is in the store. */
    public ReadOnlyObjectProperty<DraftPlace> draftPlaceProperty() {
        return draftPlace.getReadOnlyProperty();
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper signAndSaveRefused =
            new javafx.beans.property.ReadOnlyBooleanWrapper(false);

    /**
     * Whether the last "sign and save" was refused (nothing was signed or recorded; the staff press it again): set on
     * the FX thread when {@link #signAndSave} fails, cleared when it records. The wizard's notice of a draft kept on
     * this device says so at the review instead of "you can go on" (issue 17 §3).
     */
    public javafx.beans.property.ReadOnlyBooleanProperty signAndSaveRefusedProperty() {
        return signAndSaveRefused.getReadOnlyProperty();
    }

    /** Why the draft is kept nowhere ({@link DraftPlace#NOWHERE}), in the store's words; else null. */
    public String draftProblem() {
        return draftProblem;
    }

    /** Saves the draft after every change, e.g. {@code (s, locked) -> drafts.save(s, locked, clock.instant())}. */
    public void setAutosave(java.util.function.BiConsumer<ConsentSession, Boolean> autosave) {
        this.autosave = autosave;
    }

    /** Who checks a physician's password when they confirm the treatment. */
    public void setConfirmer(TreatmentConfirmer confirmer) {
        this.confirmer = confirmer;
    }

    /** Who checks the physician's password and records why a minor does not sign. */
    public void setAssentRecorder(AssentRecorder assentRecorder) {
        this.assentRecorder = assentRecorder;
    }

    /** What "sign and save" runs ({@link #signAndSave(java.util.concurrent.Executor,
     * java.util.concurrent.Executor, java.util.function.BiConsumer)}). */
    public void setSignAndSave(SignAndSave signAndSave) {
        this.signAndSave = signAndSave;
    }

    /** The rules this view model shows. */
    public Consultation consultation() {
        return consultation;
    }

    /** After a change of the consultation: the properties follow it, and the draft is saved. */
    private void changed() {
        sync();
        if (consultation.preparation() != null && consultation.ending().isEmpty() && !endingUnderWay) {
            autosave.accept(draft(), patientMode.get());
        }
    }

    /** The properties as the consultation stands (patient mode and the indexes before the step, as views expect). */
    private void sync() {
        patientMode.set(consultation.patientMode());
        sectionIndex.set(consultation.sectionIndex());
        questionIndex.set(consultation.questionIndex());
        step.set(Step.valueOf(consultation.step().name()));
        canAdvance.set(consultation.canAdvance());
    }

    /** The clinic's clock the consultation's times are taken from (and shown in). */
    public ClinicClock clock() {
        return consultation.clock();
    }

    /** The template version this consultation shows and is signed with (a resumed draft keeps its own). */
    public ConsentTemplate template() {
        return consultation.template();
    }

    /**
     * Continues a consultation from its draft, where it stopped ({@link Consultation#resume}, rule C12). A tablet
     * that was in patient mode resumes locked, so a crash or a closed window never lets the patient out of the flow.
     */
    public static WizardViewModel resume(ConsentSession draft, boolean patientMode, ConsentTemplate template,
                                         ClinicClock clock, Duration reflection,
                                         java.util.function.Predicate<String> staffPin) {
        return new WizardViewModel(Consultation.resume(draft, patientMode, template, clock, reflection), staffPin);
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
        w.consultation.keepNotes(draft.notes());
        w.start(ConsultationSetup.of(draft), preparedBy);
        w.sync();
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

    // --- start ---------------------------------------------------------------------------------------------

    /**
     * Checks the start screen ({@link StartValidation}, the form's field rules); when it is valid the consultation's
     * time starts and it waits for the physician's confirmation of the treatment.
     *
     * @param preparedBy the account signed in on this device (staff or a physician), named in the PDF as who
     *                   prepared the consultation
     * @return the problems of the form, each naming its field; empty when the consultation started
     */
    public List<StartValidation.FieldProblem> start(ConsultationSetup s, String preparedBy) {
        consultation.requireStep(Consultation.Step.START);
        List<StartValidation.FieldProblem> problems = StartValidation.check(s, template(), consultation.clock()
                .today());
        if (problems.isEmpty()) {
            consultation.start(s.preparation(), preparedBy);
            changed();
        }
        return problems;
    }

    // --- the physician's confirmation ----------------------------------------------------------------------

    /** The consultation as prepared, for the confirmation page (the treatment the physician confirms). */
    public ConsultationSetup setup() {
        return consultation.preparation() == null ? null : ConsultationSetup.of(draft());
    }

    /**
     * The physician confirms the prepared treatment with their own password; the explanation then begins. A
     * refusal (wrong password, another physician) changes nothing.
     *
     * @return null when confirmed, else the reason to show
     */
    public String confirm(String account, char[] password) {
        consultation.requireStep(Consultation.Step.CONFIRMATION);
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
     * The physician confirms with their own password, checked by {@link #setConfirmer} on {@code background} (the
     * check is deliberately slow: Argon2id); the password is wiped afterwards. On {@code fx} the explanation then
     * begins, or {@code failed} is told why not (a wrong password, another physician: rule C2); nothing changes then.
     */
    public void confirm(String account, char[] password, java.util.concurrent.Executor background,
                        java.util.concurrent.Executor fx, java.util.function.Consumer<Throwable> failed) {
        consultation.requireStep(Consultation.Step.CONFIRMATION);
        ConsentSession prepared = draft();
        TreatmentConfirmer check = confirmer;
        offThread(wiping(password, () -> check.confirm(account, password, prepared)), background, fx, confirmation -> {
            try {
                confirmed(confirmation);
            } catch (Consultation.Refused r) {
                failed.accept(r);
            }
        }, failed);
    }

    /** Slow work (a password check, sign and save), run off the FX thread. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs work on {@code background}; then, on {@code fx}, tells {@code done} its result or {@code failed} its
     * failure (any throwable, as a Task would: it is said on screen).
     */
    private static <T> void offThread(Work<T> work, java.util.concurrent.Executor background,
                                      java.util.concurrent.Executor fx, java.util.function.Consumer<T> done,
                                      java.util.function.Consumer<Throwable> failed) {
        background.execute(() -> {
            T result = null;
            Throwable refusal = null;
            try {
                result = work.run();
            } catch (Throwable t) {
                refusal = t;
            }
            T value = result;
            Throwable why = refusal;
            fx.execute(() -> {
                if (why != null) {
                    failed.accept(why);
                } else {
                    done.accept(value);
                }
            });
        });
    }

    /** Work with a password, which is wiped once the work is done, whatever its outcome. */
    private static <T> Work<T> wiping(char[] password, Work<T> work) {
        return () -> {
            try {
                return work.run();
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        };
    }

    /**
     * Takes a confirmation the store gave; the explanation then begins.
     *
     * @throws Consultation.Refused when it is not the consultation's physician's (rule C2)
     */
    public void confirmed(ConsentSession.ConfirmedBy c) {
        consultation.confirm(c);
        changed();
    }

    /**
     * The physician does not confirm the prepared treatment as it is: back to the start page, where it can be
     * changed (the form keeps what was entered); nothing was explained yet.
     */
    public void backToPreparation() {
        consultation.backToPreparation();
        sync();
    }

    /** Who confirmed the treatment, or null before the confirmation. */
    public ConsentSession.ConfirmedBy confirmedBy() {
        return consultation.confirmedBy();
    }

    // --- explanation ---------------------------------------------------------------------------------------

    public List<RenderedSection> sections() {
        return consultation.sections();
    }

    public RenderedSection currentSection() {
        return consultation.currentSection();
    }

    /** The patient tapped "I have understood this": the time is kept (the first time counts). */
    public void acknowledge() {
        consultation.acknowledge();
        changed();
    }

    public boolean isAcknowledged(String sectionId) {
        return consultation.isAcknowledged(sectionId);
    }

    /** The physician's notes and the patient's questions may be added on any page. */
    public void setPhysicianNotes(String notes) {
        consultation.setPhysicianNotes(notes);
        changed();
    }

    public void addPatientQuestion(String question, String answer) {
        consultation.addPatientQuestion(question, answer);
        changed();
    }

    // --- check questions -----------------------------------------------------------------------------------------

    public Manifest.QuestionDef currentQuestion() {
        return consultation.currentQuestion();
    }

    /**
     * Records an answer to the current question. A correct one moves on; a wrong one is kept, and the wizard goes
     * back to the section the question checks, then returns to the question (rule C5).
     */
    public AnswerResult answer(String option) {
        Consultation.AnswerResult r = consultation.answer(option);
        changed();
        return new AnswerResult(r.correct(), r.explanation(), r.section());
    }

    public List<ConsentSession.Answer> attempts(String questionId) {
        return consultation.attempts(questionId);
    }

    // --- a section explained again after three wrong answers (rule C5, issue 16 §7) ------------------------

    /** Who checks the physician's password and records that they explained a section again. */
    public void setExplanationRecorder(ExplanationRecorder recorder) {
        this.explanationRecorder = recorder;
    }

    /**
     * The section the physician must explain again in person now (after every third wrong answer to a check
     * question, {@link Consultation#WRONG_ANSWERS_BEFORE_EXPLAINING_AGAIN}), or null; the patient acknowledges it
     * again only after the physician confirmed it.
     */
    public RenderedSection sectionToExplainAgain() {
        String id = consultation.sectionToExplainAgain();
        return id == null ? null : consultation.sections().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow();
    }

    /** Whether the section shown is read again after a wrong answer (Back stays on it). */
    public boolean readingAgain() {
        return consultation.readingAgain();
    }

    /** The wrong answers to the current check question so far. */
    public int wrongAnswers() {
        return consultation.wrongAnswers(consultation.currentQuestion());
    }

    /** The account of the physician who confirmed the treatment (who explains again), or null. */
    public String explainingPhysician() {
        return consultation.confirmedBy() == null ? null : consultation.confirmedBy().account();
    }

    /** The name of the physician who confirmed the treatment, as the consultation holds it, or null. */
    public String explainingPhysicianName() {
        return consultation.confirmedBy() == null ? null : consultation.confirmedBy().name();
    }

    /**
     * The physician confirms, with their own password, that they explained the section again in person: checked and
     * recorded by {@link #setExplanationRecorder} on {@code background} as the physician who confirmed the
     * treatment; the password is wiped afterwards. On {@code fx} the record is kept ({@link #explainedAgain}) and
     * {@code done} is told null or the message key of the consultation's refusal; {@code failed} is told the store's
     * refusal (a wrong password, another account).
     */
    public void explainAgain(char[] password, java.util.concurrent.Executor background,
                             java.util.concurrent.Executor fx, java.util.function.Consumer<String> done,
                             java.util.function.Consumer<Throwable> failed) {
        RenderedSection due = sectionToExplainAgain();
        if (due == null) {
            java.util.Arrays.fill(password, '\0');
            done.accept("explainAgain.notDue");
            return;
        }
        ConsentSession draft = draft();
        String account = explainingPhysician();
        String question = consultation.currentQuestion().id();
        ExplanationRecorder recorder = explanationRecorder;
        offThread(wiping(password, () -> recorder.record(account, password, draft, due.id(), question)), background,
                fx, kept -> done.accept(explainedAgain(kept)), failed);
    }

    /**
     * Keeps the physician's record that they explained the section again, as the store returned it.
     *
     * @return null when kept, else a message key of the UI bundles
     */
    public String explainedAgain(ConsentSession.ExplainedAgain recorded) {
        try {
            consultation.explainedAgain(recorded);
        } catch (Consultation.Refused r) {
            return switch (r.refusal()) {
                case WRONG_STEP -> "explainAgain.notDue";
                case NOT_THE_EXPLAINING_PHYSICIAN -> "explainAgain.notThePhysician";
                default -> throw r;
            };
        }
        changed();
        return null;
    }

    // --- moving --------------------------------------------------------------------------------------------

    /** Next page; refused while the page's condition is not met (a step can't be skipped by accident). */
    public void next() {
        consultation.next();
        changed();
    }

    /** Previous section (only during the explanation, and never out of patient mode). */
    public void back() {
        if (consultation.back()) {
            changed();
        }
    }

    // --- hand-over and patient mode ------------------------------------------------------------------------

    /**
     * The physician hands the tablet to the patient: patient mode begins. Refused while the reflection time is
     * not over, since there would be nothing the patient could do but wait locked in (rule C6).
     */
    public void handOver() {
        consultation.handOver();
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
        if (r == Unlock.UNLOCKED && leave && consultation.ending().isEmpty()) {
            consultation.leavePatientMode();
            if (refusalUnderWay != null) {
                sync();
                refusalUnderWay.unlocked(); // the refusal's physician page follows (issue 16 §5)
            }
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
        return consultation.documentId();
    }

    /** Wrong staff PINs in a row. */
    public int failedUnlocks() {
        return failedUnlocks.get();
    }


    // --- reflection time and signatures --------------------------------------------------------------------

    /** How long the patient should still reflect before signing (zero when the clinic allows the same visit). */
    public Duration reflectionRemaining() {
        return consultation.reflectionRemaining();
    }

    /** When signing becomes possible: the end of the explanation plus the clinic's reflection time. */
    public OffsetDateTime signableFrom() {
        return consultation.signableFrom();
    }

    /** Who signs for the patient: the legal representative when the patient is a minor. */
    public SignatureRole consentingRole() {
        return consultation.consentingRole();
    }

    /** Who signs next (rule C8), or null once everyone has signed. */
    public SignatureRole nextSigner() {
        return consultation.nextSigner();
    }

    /** Whether the patient is under 18 on the consultation day, in the clinic's calendar. */
    public boolean isMinor() {
        return consultation.isMinor();
    }

    /**
     * Keeps the physician's record of why a minor patient does not sign their own assent, as the store returned it
     * after the physician's password (or, with null, withdraws it: the minor will sign); refused in patient mode, for
     * an adult, once the minor or the physician has signed, and when it is not the confirming physician's (rule C10).
     *
     * @return null when kept, else a message key of the UI bundles
     */
    public String setAssentNotSigned(ConsentSession.AssentNotSigned recorded) {
        try {
            consultation.setAssentNotSigned(recorded);
        } catch (Consultation.Refused r) {
            return messageKey(r, null);
        }
        changed();
        return null;
    }

    /**
     * The physician records why a minor does not sign, with their own password: checked and recorded by
     * {@link #setAssentRecorder} on {@code background} as the physician who confirmed the treatment; the password is
     * wiped afterwards. On {@code fx} the reason is kept ({@link #setAssentNotSigned}) and {@code done} is told null,
     * or the message key of the consultation's refusal; {@code failed} is told the store's refusal (a wrong password).
     */
    public void recordAssentReason(String reason, char[] password, java.util.concurrent.Executor background,
                                   java.util.concurrent.Executor fx, java.util.function.Consumer<String> done,
                                   java.util.function.Consumer<Throwable> failed) {
        ConsentSession draft = draft();
        String account = draft.confirmedBy() == null ? "" : draft.confirmedBy().account();
        AssentRecorder recorder = assentRecorder;
        offThread(wiping(password, () -> recorder.record(account, password, draft, reason)), background, fx,
                kept -> done.accept(setAssentNotSigned(kept)), failed);
    }

    /** The physician's reason why the minor did not sign, or null. */
    public ConsentSession.AssentNotSigned assentNotSigned() {
        return consultation.assentNotSigned();
    }

    /**
     * Stores a signature drawn on the pad: the strokes as the device reported them, and the image rendered from
     * them for the PDF. Returns null when taken, else a message key (see {@link #sign(SignatureRole, String)};
     * {@code sign.oneHand} for a line that jumps as no hand does, rule C9).
     */
    public String sign(SignatureRole role, List<org.exoconsent.consent.Stroke> strokes, int padWidth,
                       int padHeight) {
        try {
            consultation.sign(role, strokes, padWidth, padHeight);
        } catch (Consultation.Refused r) {
            return messageKey(r, role);
        }
        changed();
        return null;
    }

    /**
     * Stores a signature, or says why it cannot be taken (the reflection time is not over, an empty or trivially
     * short drawing, someone signing out of turn, the physician signing while patient mode is on; rules C6–C9).
     *
     * @return null when taken, else a message key of the UI bundles
     * @throws Consultation.Refused outside the signatures step
     */
    public String sign(SignatureRole role, String pngBase64) {
        try {
            consultation.sign(role, pngBase64);
        } catch (Consultation.Refused r) {
            return messageKey(r, role);
        }
        changed();
        return null;
    }

    /**
     * The message key of the UI bundles that says a refusal to the person at the screen; refusals no screen offers
     * (an action of another step, an ended consultation) are thrown on.
     */
    private static String messageKey(Consultation.Refused r, SignatureRole role) {
        return switch (r.refusal()) {
            case REFLECTION -> "sign.reflection";
            case PATIENT_SIDE_FIRST -> "sign.patientFirst";
            case PATIENT_MODE -> "sign.unlockFirst";
            case REPRESENTATIVE_FIRST -> "sign.representativeFirst";
            case NOT_A_SIGNER -> role == SignatureRole.PATIENT ? "sign.representativeRequired" : "sign.notMinor";
            case SIGNED_ALREADY -> "sign.signedAlready";
            case ASSENT_REASON_RECORDED -> "assent.reasonRecorded";
            case TOO_LITTLE_INK -> "sign.tooShort";
            case TOO_MUCH_INK -> "sign.tooMuchInk";
            case NOT_ONE_HAND -> "sign.oneHand";
            case NOT_A_MINOR -> "assent.notMinor";
            case ASSENT_SIGNED -> "assent.alreadySigned";
            case PHYSICIAN_SIGNED -> "assent.physicianSigned";
            case NOT_THE_CONFIRMING_PHYSICIAN -> "assent.notThePhysician";
            default -> throw r;
        };
    }

    // --- sign and save -------------------------------------------------------------------------------------

    /**
     * Signs and records the complete consultation (rule C11): checked on this thread, run by {@link #setSignAndSave}
     * on {@code background}; then, on {@code fx}, the consultation ends as recorded and {@code done} is told the
     * record, or the failure (the consultation stays at the review and may be saved again).
     *
     * @throws Consultation.Refused  before the review or once recorded
     * @throws IllegalStateException while an earlier "sign and save" still runs
     */
    public void signAndSave(java.util.concurrent.Executor background, java.util.concurrent.Executor fx,
                            java.util.function.BiConsumer<RecordStore.Recorded, Throwable> done) {
        consultation.requireRecordable();
        if (saving) {
            throw new IllegalStateException("sign and save is already running for " + consultation.documentId());
        }
        saving = true;
        ConsentSession complete = draft();
        SignAndSave work = signAndSave;
        offThread(() -> work.signAndSave(complete), background, fx, recorded -> {
            saving = false;
            signAndSaveRefused.set(false);
            consultation.recorded(recorded.id());
            sync();
            done.accept(recorded, null);
        }, failure -> {
            saving = false; // the consultation stays at the review: saving may be tried again
            signAndSaveRefused.set(true);
            if (consultation.ending().isEmpty() && !endingUnderWay) {
                // saved again as it stands: kept on this device when the server cannot be reached (issue 17 §3)
                autosave.accept(complete, patientMode.get());
            }
            done.accept(null, failure);
        });
    }

    // --- ended by staff at any step (issue 16 §5; rule C11) -------------------------------------------------

    /**
     * Records that staff ended the consultation (the app: {@code EndConsultation.end}: audited
     * {@code consultation-ended}, the draft set aside unless postponed, in one write); slow, so it is run on the
     * background executor. Throws when it cannot be recorded (then the consultation goes on).
     */
    @FunctionalInterface
    public interface EndRecorder {
        void record(String documentId, Consultation.EndedByStaff ending) throws Exception;
    }

    /**
     * The hook of the informed refusal (issue 16 §5): called on the FX thread when staff end the consultation because
     * the patient declined and the explanation had begun, before the ending is recorded. It may offer the patient a
     * signed "declined after explanation" document, and calls {@code thenEnd} once that is done or refused (the
     * consultation then ends as declined, audited); not calling it leaves the consultation going on. The default
     * calls {@code thenEnd} at once.
     */
    @FunctionalInterface
    public interface InformedRefusalOffer {
        /**
         * @param explained the consultation so far (what was explained and acknowledged, and when)
         * @param words     the staff's words with the reason, or null
         * @param thenEnd   ends and records the consultation as declined; call it on the FX thread
         */
        void offer(ConsentSession explained, String words, Runnable thenEnd);
    }

    /**
     * How an attempt to end the consultation came out: ended when both are null; else {@code unlock} says why the
     * staff PIN or password did not unlock patient mode (with its refusal in {@code failure} for a password), or
     * {@code failure} why the ending could not be recorded (the consultation goes on, its draft as it was).
     */
    public record EndResult(Unlock unlock, Exception failure) {
        /** Whether the consultation ended (and its end was recorded). */
        public boolean ended() {
            return unlock == null && failure == null;
        }
    }

    private EndRecorder endRecorder = (id, e) -> {
        throw new IllegalStateException("no one can end consultations on this device");
    };
    private RefusalViewModel refusalUnderWay;
    private InformedRefusalOffer declinedAfterExplanation = (explained, words, thenEnd) -> thenEnd.run();
    /** True from an ending's recording until it is applied: no autosave puts back a draft being set aside. */
    private boolean endingUnderWay;

    /** Who records an ending by staff. */
    public void setEndRecorder(EndRecorder recorder) {
        this.endRecorder = recorder;
    }

    /**
     * Sets the informed refusal's hook ({@link InformedRefusalOffer}): what runs when the patient declines after the
     * explanation has begun, before the consultation ends.
     */
    public void setOnDeclinedAfterExplanation(InformedRefusalOffer offer) {
        this.declinedAfterExplanation = offer;
    }

    /** Whether the consultation goes on (not recorded, not ended by staff): closing the window asks first. */
    public boolean goesOn() {
        return consultation.ending().isEmpty();
    }

    /**
     * Why an ending with this reason and these words would be refused, as a message key of the UI bundles
     * ({@code end.noWords}, {@code end.badWords}), or null; patient mode is not counted (the PIN is asked with it).
     */
    public String endProblem(Consultation.EndReason reason, String words) {
        if (reason == null) {
            return "end.noReason";
        }
        if (words != null && words.codePointCount(0, words.length())
                > org.exoconsent.consent.CompletenessCheck.MAX_REASON_CHARACTERS) {
            return "end.badWords";
        }
        if (words != null && org.exoconsent.consent.TextRules.firstRefused(words, true).isPresent()) {
            return "end.badWords";
        }
        if (reason == Consultation.EndReason.OTHER && (words == null
                || !org.exoconsent.consent.TextRules.visible(words))) {
            return "end.noWords";
        }
        return null;
    }

    /**
     * The note the "End consultation" dialog shows for {@code reason}, as a message key of the UI bundles, or null
     * before a reason is chosen: before the consultation was prepared (the start form) nothing has been saved, so
     * whatever the reason the form is emptied ({@code end.nothingSavedNote}); afterwards a postponed consultation's
     * draft is kept to be resumed ({@code end.keptNote}) and any other is set aside, not deleted
     * ({@code end.setAsideNote}). Source: what {@link org.exoconsent.usecases.EndConsultation} does with the draft.
     */
    public String endNote(Consultation.EndReason reason) {
        if (reason == null) {
            return null;
        }
        if (consultation.preparation() == null) {
            return "end.nothingSavedNote";
        }
        return reason.keepsDraft() ? "end.keptNote" : "end.setAsideNote";
    }

    /**
     * Staff end the consultation at its current step (rule C11). In patient mode {@code secret} is first checked as
     * the staff PIN (or, once the PIN is blocked, as the signed-in staff member's password) and audited as an unlock
     * attempt, as leaving patient mode is; a refused one changes nothing. When the patient declined and the
     * explanation had begun, the informed refusal is offered first ({@link #setOnDeclinedAfterExplanation}). The
     * ending is then recorded on {@code background} ({@link #setEndRecorder}) and applied on {@code fx}; {@code done}
     * is told the outcome on {@code fx}.
     *
     * @param by     the signed-in account ending it
     * @param secret the staff PIN or password in patient mode (wiped afterwards); ignored otherwise
     * @throws Consultation.Refused for a reason or words {@link #endProblem} refuses, or an ended consultation
     */
    public void end(Consultation.EndReason reason, String words, String by, char[] secret,
                    java.util.concurrent.Executor background, java.util.concurrent.Executor fx,
                    java.util.function.Consumer<EndResult> done) {
        if (!consultation.patientMode()) {
            consultation.endingNow(reason, words, by); // its refusals before anything is done
            if (secret != null) {
                java.util.Arrays.fill(secret, '\0');
            }
            afterUnlock(reason, words, by, background, fx, done);
            return;
        }
        String problem = endProblem(reason, words);
        if (problem != null) {
            if (secret != null) {
                java.util.Arrays.fill(secret, '\0');
            }
            throw new IllegalArgumentException(problem);
        }
        java.util.function.BiConsumer<Unlock, Exception> unlocked = (r, refusal) -> {
            if (r == Unlock.UNLOCKED) {
                afterUnlock(reason, words, by, background, fx, done);
            } else {
                done.accept(new EndResult(r, refusal));
            }
        };
        char[] given = secret == null ? new char[0] : secret;
        if (pinBlocked.get()) {
            unlockWithPassword(given, true, background, fx, unlocked);
        } else {
            String pin = new String(given);
            java.util.Arrays.fill(given, '\0');
            unlock(pin, true, background, fx, unlocked);
        }
    }

    private void afterUnlock(Consultation.EndReason reason, String words, String by,
                             java.util.concurrent.Executor background, java.util.concurrent.Executor fx,
                             java.util.function.Consumer<EndResult> done) {
        Runnable thenEnd = () -> recordEnding(reason, words, by, background, fx, done);
        if (refusalUnderWay == null && reason == Consultation.EndReason.DECLINED && consultation.preparation() != null
                && consultation.step().compareTo(Consultation.Step.EXPLANATION) >= 0) {
            declinedAfterExplanation.offer(draft(), words, thenEnd);
        } else {
            thenEnd.run();
        }
    }

    private void recordEnding(Consultation.EndReason reason, String words, String by,
                              java.util.concurrent.Executor background, java.util.concurrent.Executor fx,
                              java.util.function.Consumer<EndResult> done) {
        Consultation.EndedByStaff ending;
        try {
            ending = consultation.endingNow(reason, words, by); // now: the hook may have taken a while
        } catch (Consultation.Refused r) {
            done.accept(new EndResult(null, r));
            return;
        }
        endingUnderWay = true;
        String id = documentId();
        EndRecorder recorder = endRecorder;
        offThread(() -> {
            recorder.record(id, ending);
            return ending;
        }, background, fx, recorded -> {
            endingUnderWay = false;
            refusalUnderWay = null;
            consultation.end(recorded);
            sync();
            done.accept(new EndResult(null, null));
        }, failure -> {
            endingUnderWay = false;
            changed(); // what changed meanwhile is saved now
            done.accept(new EndResult(null, failure instanceof Exception e ? e : new IllegalStateException(failure)));
        });
    }

    // --- informed refusal (issue 16 §5) --------------------------------------------------------------------

    /**
     * The patient declines after the explanation began: the informed refusal's pages, as their view model (show it
     * with {@link RefusalView}). The "End consultation" dialog calls this when its reason is "patient declined" and
     * {@link #explanationBegun()}; before the explanation nothing was explained, and the consultation ends another
     * way. The consultation is unchanged until the refusal is recorded, and then ends as declined
     * ({@code Consultation.Ending.Kind.DECLINED}); the draft is removed by the recording. The patient's page is the
     * patient's: patient mode begins with it ({@code Consultation.handOverRefusal}, the window held as at the consent's
     * hand-over), and staff unlock with their PIN ({@link #unlock}) before the physician's page.
     *
     * @throws Consultation.Refused {@code WRONG_STEP} before the explanation began, {@code PATIENT_MODE} while the
     *                              patient holds the tablet (staff unlock first), {@code ENDED} once ended
     */
    public RefusalViewModel declineAfterExplanation() {
        org.exoconsent.consent.InformedRefusal begun = consultation.declineAfterExplanation();
        RefusalViewModel refusal = new RefusalViewModel(begun, template(), clock(), id -> {
            consultation.declined(id);
            refusalUnderWay = null;
            sync();
        });
        Runnable handOver = () -> {
            consultation.handOverRefusal();
            sync();
        };
        refusal.setPatientMode(consultation::patientMode, handOver);
        refusalUnderWay = refusal;
        handOver.run(); // the patient's page is the patient's: patient mode, as at the consent's hand-over
        return refusal;
    }

    /**
     * The informed refusal whose pages are shown, or null: while it is, "End consultation" (after the staff PIN in
     * patient mode) ends the consultation without it, whatever the reason, rather than offering it again.
     */
    public RefusalViewModel refusalUnderWay() {
        return refusalUnderWay;
    }

    /** Whether the explanation has begun, so that a refusal would be an informed refusal (issue 16 §5). */
    public boolean explanationBegun() {
        return consultation.explanationBegun();
    }

    /** How the consultation ended, or empty while it runs. */
    public java.util.Optional<Consultation.Ending> ending() {
        return consultation.ending();
    }

    // --- the session ---------------------------------------------------------------------------------------

    /** The consultation so far, as a consent session (the draft that is saved as the wizard goes). */
    public ConsentSession draft() {
        return consultation.draft();
    }
}
