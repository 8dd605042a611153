package org.exoconsent.consent;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.Manifest;
import org.exoconsent.template.RenderedSection;

/**
 * One consultation as a state machine, without a screen or a store: the steps and which may follow which, the
 * physician's confirmation of the treatment, the acknowledgement of every section, the check questions with every
 * attempt kept, the reflection time, patient mode, who signs in which order, and the ending. The rules are those
 * numbered C1–C12 in docs/SESSION.md ("The rules of a consultation"); each transition either happens or throws
 * {@link Refused}, naming the {@link Refusal} and its rule. What it holds becomes a {@link ConsentSession}
 * ({@link #draft()}), which the caller saves after every change and, once complete, signs and records.
 *
 * <p>Every time it records is taken from the injected {@link ClinicClock} (the clinic's zone, e.g. {@code +09:00});
 * the consultation day and the patient's age are counted in that zone. It checks no password or PIN: the caller
 * (the wizard, or a server) checks them and then calls {@link #confirm}, {@link #leavePatientMode} or
 * {@link #setAssentNotSigned}. Not thread-safe: one thread (the FX thread, or a server's request) at a time.
 */
public final class Consultation {

    /** The steps, in order (rule C1). */
    public enum Step { START, CONFIRMATION, EXPLANATION, CHECK_QUESTIONS, HANDOVER, SIGNATURES, REVIEW }

    /** Why a transition was refused, with the rule of docs/SESSION.md it applies. */
    public enum Refusal {
        /** An action of another step, or of a consultation not yet prepared. */
        WRONG_STEP("C1", "not an action of this step"),
        /** The confirmation is not by the consultation's own physician (same licence number). */
        NOT_THE_PHYSICIAN("C2", "the treatment is confirmed by the consultation's own physician"),
        /** The treatment changed after the explanation began. */
        EXPLANATION_BEGUN("C3", "once the explanation has begun the treatment no longer changes: the consultation "
                + "restarts instead"),
        /** Next before the section was acknowledged. */
        NOT_ACKNOWLEDGED("C4", "each section is acknowledged before the next"),
        /**
         * The patient acknowledges a section again after a third wrong answer before the physician explained it
         * again in person.
         */
        EXPLAIN_AGAIN("C5", "after every third wrong answer to a check question the physician explains its section "
                + "again in person before the patient acknowledges it again"),
        /** The second explanation confirmed by someone other than the physician who confirmed the treatment. */
        NOT_THE_EXPLAINING_PHYSICIAN("C5", "the physician who confirmed the treatment explains the section again"),
        /** The hand-over or a signature before the reflection time is over. */
        REFLECTION("C6", "the clinic's reflection time passes between the explanation and the signatures"),
        /** Something only staff or the physician may do, while the patient holds the tablet. */
        PATIENT_MODE("C7", "patient mode is left only by staff"),
        /** The physician signs before the patient's side is complete. */
        PATIENT_SIDE_FIRST("C8", "the patient's side signs before the physician"),
        /** A minor signs their assent before the legal representative consented. */
        REPRESENTATIVE_FIRST("C8", "the legal representative consents before the minor assents"),
        /** A role that does not sign for this patient (a representative for an adult). */
        NOT_A_SIGNER("C8", "an adult signs for themself; for a minor the legal representative consents"),
        /** A second signature of the same role. */
        SIGNED_ALREADY("C8", "each person signs once"),
        /** The minor signs although the physician recorded why they cannot. */
        ASSENT_REASON_RECORDED("C8", "a minor signs their assent, or the physician records why not: not both"),
        /** Next from the signatures before everyone signed. */
        SIGNATURES_MISSING("C8", "every signature is given before the review"),
        /** A drawing with more strokes or points than the session's limits. */
        TOO_MUCH_INK("C9", "a signature stays within the session's limits"),
        /** An empty or trivial drawing (a dot, a short tick). */
        TOO_LITTLE_INK("C9", "a signature is a real stroke"),
        /** A stroke that jumps further between two points than a hand moves (a finger and a palm joined). */
        NOT_ONE_HAND("C9", "a signature is drawn by one hand"),
        /** The assent reason for an adult. */
        NOT_A_MINOR("C10", "only a minor's assent has a reason"),
        /** The assent reason once the minor signed. */
        ASSENT_SIGNED("C10", "the minor has signed their assent"),
        /** The assent reason recorded by someone other than the confirming physician. */
        NOT_THE_CONFIRMING_PHYSICIAN("C10", "the reason is the confirming physician's record"),
        /** The assent reason changed after the physician signed. */
        PHYSICIAN_SIGNED("C10", "the reason is recorded before the physician signs"),
        /** Ended without a reason, or with an invisible or control character in it. */
        NO_REASON("C11", "a consultation is abandoned with a reason"),
        /** Recorded before the review (not every signature given). */
        NOT_COMPLETE("C11", "a consultation is recorded from the review, complete"),
        /** Any change of a consultation that has ended. */
        ENDED("C11", "an ended consultation does not change"),
        /** Ended by staff for "other" reasons without saying which, in words. */
        NO_WORDS("C11", "a consultation ended for another reason says it in words"),
        /** Ended by staff with words that are too long or hold an invisible or control character. */
        BAD_WORDS("C11", "the words of an ending are visible text of at most "
                + CompletenessCheck.MAX_REASON_CHARACTERS + " characters");

        private final String rule;
        private final String says;

        Refusal(String rule, String says) {
            this.rule = rule;
            this.says = says;
        }

        /** The rule's number in docs/SESSION.md, e.g. {@code C6}. */
        public String rule() {
            return rule;
        }

        /** The rule in a few words (English). */
        public String says() {
            return says;
        }
    }

    /** A refused transition: nothing changed. The message names the rule and what was refused. */
    public static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        Refused(Refusal refusal, String detail) {
            super("refused by rule " + refusal.rule() + " of docs/SESSION.md (" + refusal.says() + "): " + detail);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * What was prepared on the start page: who, for whom, what, in which language (the template's language code).
     * The start page's own field checks come first (the wizard's {@code StartValidation}); the consultation keeps
     * these as they are given.
     */
    public record Preparation(ConsentSession.Clinic clinic, ConsentSession.Physician physician,
                              ConsentSession.Patient patient, ConsentSession.Representative representative,
                              String language, ConsentSession.Treatment treatment,
                              ConsentSession.LastConsent lastConsent) {
        /**
         * What a draft was prepared with; a product snapshot of schema 1 or 2 gets its catalog name
         * ({@link ConsentSession.Treatment#withCatalogName}), so the draft continues in this release's schema.
         */
        public static Preparation of(ConsentSession s) {
            return new Preparation(s.clinic(), s.physician(), s.patient(), s.representative(),
                    s.template().language(), s.treatment() == null ? null : s.treatment().withCatalogName(),
                    s.lastConsent());
        }
    }

    /** How a consultation ended (rule C11). */
    public record Ending(Kind kind, String reason, OffsetDateTime at) {
        public enum Kind {
            /** Signed and recorded: {@code reason} names the record. */
            RECORDED,
            /** Given up, with the reason staff gave. */
            ABANDONED,
            /** Stopped for now by staff ({@link EndReason#POSTPONED}): its draft is kept and resumes. */
            POSTPONED,
            /**
             * The patient declined after the explanation and the informed refusal was recorded (issue 16 §5):
             * {@code reason} names the refusal's record.
             */
            DECLINED
        }
    }

    /** What an answer led to: right or wrong, the question's explanation when wrong, the section it checks. */
    public record AnswerResult(boolean correct, String explanation, String section) {
    }

    private final ConsentTemplate template;
    private final ClinicClock clock;
    private final String documentId;
    private final Duration reflection;

    private Step step = Step.START;
    private int sectionIndex;
    private int questionIndex;
    private boolean patientMode;
    /** While re-reading a section after a wrong answer: the question to return to. */
    private Integer returnToQuestion;
    private Preparation prepared;
    private OffsetDateTime startedAt;
    private ConsentSession.PreparedBy preparedBy;
    private ConsentSession.ConfirmedBy confirmedBy;
    private ConsentSession.AssentNotSigned assentNotSigned;
    private List<RenderedSection> sections = List.of();
    private final Map<String, OffsetDateTime> acknowledged = new LinkedHashMap<>();
    private final Map<String, List<ConsentSession.Answer>> attempts = new LinkedHashMap<>();
    private final Map<SignatureRole, ConsentSession.Signature> signatures = new EnumMap<>(SignatureRole.class);
    private final List<ConsentSession.PatientQuestion> patientQuestions = new ArrayList<>();
    private String physicianNotes;
    private Ending ending;
    private EndedByStaff endedByStaff;

    /**
     * A new consultation, at its start.
     *
     * @param template   the template version it shows and is signed with
     * @param clock      the clinic's clock: every time recorded, with the clinic zone's offset
     * @param documentId the id of the consent document it makes (the draft's id)
     * @param reflection the clinic's reflection time between the explanation and the signatures (the setting
     *                   {@code reflection-minutes}); zero allows signing in the same visit
     */
    public Consultation(ConsentTemplate template, ClinicClock clock, String documentId, Duration reflection) {
        if (template == null || clock == null || documentId == null || reflection == null
                || reflection.isNegative()) {
            throw new IllegalArgumentException("a consultation needs a template, a clock, a document id and a "
                    + "reflection time not below zero");
        }
        this.template = template;
        this.clock = clock;
        this.documentId = documentId;
        this.reflection = reflection;
    }

    /**
     * Continues a consultation from its draft where it stopped (rule C12): at the confirmation when the treatment
     * was not confirmed, else the first section not yet acknowledged, the first question not yet answered correctly,
     * the signatures (when some were given or the tablet was in patient mode, which resumes locked), or the
     * hand-over. Acknowledgements, answers, signatures, notes and their times are kept as the draft holds them.
     *
     * @param patientMode whether the tablet was in patient mode when the draft was saved
     * @param template    the draft's own template version
     */
    public static Consultation resume(ConsentSession draft, boolean patientMode, ConsentTemplate template,
                                      ClinicClock clock, Duration reflection) {
        Consultation c = new Consultation(template, clock, draft.id(), reflection);
        c.prepared = Preparation.of(draft);
        c.startedAt = draft.startedAt();
        c.preparedBy = draft.preparedBy();
        c.confirmedBy = draft.confirmedBy();
        c.assentNotSigned = draft.assentNotSigned();
        c.sections = SessionText.sections(c.draft(), template);
        draft.acknowledgements().forEach(a -> c.acknowledged.putIfAbsent(a.section(), a.at()));
        draft.checkQuestions().forEach(q -> c.attempts.put(q.question(), new ArrayList<>(q.answers())));
        draft.signatures().forEach(s -> c.signatures.put(s.role(), s));
        c.keepNotes(draft.notes());
        int unread = -1;
        for (int i = 0; i < c.sections.size(); i++) {
            if (!c.acknowledged.containsKey(c.sections.get(i).id())) {
                unread = i;
                break;
            }
        }
        int unanswered = -1;
        List<Manifest.QuestionDef> questions = template.manifest().questions();
        for (int i = 0; i < questions.size(); i++) {
            List<ConsentSession.Answer> a = c.attempts.getOrDefault(questions.get(i).id(), List.of());
            if (a.isEmpty() || !questions.get(i).correct().equals(a.get(a.size() - 1).option())) {
                unanswered = i;
                break;
            }
        }
        if (c.confirmedBy == null) { // prepared, not yet confirmed
            c.step = Step.CONFIRMATION;
        } else if (unread >= 0) {
            c.sectionIndex = unread;
            c.step = Step.EXPLANATION;
        } else if (unanswered >= 0 && c.resumeRereading(unanswered)) {
            c.step = Step.EXPLANATION; // the section of a wrong answer, not yet acknowledged again (C5)
        } else if (unanswered >= 0) {
            c.questionIndex = unanswered;
            c.step = Step.CHECK_QUESTIONS;
        } else if (patientMode || !c.signatures.isEmpty()) {
            c.patientMode = patientMode;
            c.step = Step.SIGNATURES;
        } else {
            c.step = Step.HANDOVER;
        }
        return c;
    }

    /** Keeps a draft's notes (the physician's and the patient's questions), e.g. for a restarted consultation. */
    public void keepNotes(ConsentSession.Notes notes) {
        notEnded();
        if (notes != null) {
            physicianNotes = notes.physician();
            patientQuestions.addAll(notes.patientQuestions());
        }
    }

    // --- state ---------------------------------------------------------------------------------------------

    public Step step() {
        return step;
    }

    /** The section shown during the explanation (0-based). */
    public int sectionIndex() {
        return sectionIndex;
    }

    /** The check question shown (0-based). */
    public int questionIndex() {
        return questionIndex;
    }

    /** True from the hand-over until staff unlock (rule C7). */
    public boolean patientMode() {
        return patientMode;
    }

    public ConsentTemplate template() {
        return template;
    }

    public ClinicClock clock() {
        return clock;
    }

    public String documentId() {
        return documentId;
    }

    /** The clinic's reflection time this consultation waits (rule C6). */
    public Duration reflection() {
        return reflection;
    }

    /** What was prepared, or null before the start. */
    public Preparation preparation() {
        return prepared;
    }

    /** How it ended, or empty while it goes on. */
    public Optional<Ending> ending() {
        return Optional.ofNullable(ending);
    }

    /** Whether Next may be taken on the current step (rules C4, C7, C8). */
    public boolean canAdvance() {
        if (ending != null) {
            return false;
        }
        return switch (step) {
            case START, CONFIRMATION, CHECK_QUESTIONS, HANDOVER, REVIEW -> false;
            case EXPLANATION -> isAcknowledged(currentSection().id());
            case SIGNATURES -> allSigned() && !patientMode;
        };
    }

    // --- start and confirmation (C1, C2, C3) ---------------------------------------------------------------

    /**
     * The consultation is prepared (its time starts) and waits for the physician's confirmation.
     *
     * @param preparedBy the account that prepared it (staff or a physician), named in the PDF
     * @throws Refused                  {@link Refusal#WRONG_STEP} unless at the start
     * @throws IllegalArgumentException without a patient, physician, treatment, or a language of the template
     */
    public void start(Preparation preparation, String preparedBy) {
        requireStep(Step.START);
        if (preparation == null || preparation.patient() == null || preparation.physician() == null
                || preparation.treatment() == null || preparation.language() == null) {
            throw new IllegalArgumentException("a preparation names the patient, the physician, the treatment and "
                    + "the language");
        }
        if (!template.languages().contains(preparation.language())) {
            throw new IllegalArgumentException("'" + preparation.language() + "' is not a language of template "
                    + template.id() + " " + template.version() + " " + template.languages());
        }
        prepared = preparation;
        startedAt = now();
        this.preparedBy = new ConsentSession.PreparedBy(preparedBy, startedAt);
        sections = SessionText.sections(draft(), template);
        sectionIndex = 0;
        step = Step.CONFIRMATION;
    }

    /**
     * The physician does not confirm the prepared treatment as it is: back to the start, where it can be changed;
     * nothing was explained yet.
     */
    public void backToPreparation() {
        requireStep(Step.CONFIRMATION);
        step = Step.START;
    }

    /**
     * The physician's confirmation of the prepared treatment, as the store gave it after their own password; the
     * explanation then begins (rule C2).
     *
     * @throws Refused {@link Refusal#NOT_THE_PHYSICIAN} when it is not the consultation's own physician's
     */
    public void confirm(ConsentSession.ConfirmedBy c) {
        requireStep(Step.CONFIRMATION);
        if (c == null || !prepared.physician().licenceNumber().equals(c.licenceNumber())) {
            throw new Refused(Refusal.NOT_THE_PHYSICIAN, "a confirmation by the consultation's physician ("
                    + prepared.physician().licenceNumber() + ") is needed, not " + c);
        }
        confirmedBy = c;
        step = Step.EXPLANATION;
    }

    /** Who confirmed the treatment, or null before the confirmation. */
    public ConsentSession.ConfirmedBy confirmedBy() {
        return confirmedBy;
    }

    /**
     * Changes the prepared treatment (rule C3). Before the confirmation it is simply replaced; after it, the
     * confirmation no longer stands and the consultation waits for it again (the physician confirms what the patient
     * will hear); once a section has been acknowledged it is refused: the explanation was of the other treatment.
     *
     * @throws Refused {@link Refusal#WRONG_STEP} before the start or after the explanation;
     *                 {@link Refusal#EXPLANATION_BEGUN} once a section has been acknowledged
     */
    public void changeTreatment(ConsentSession.Treatment treatment) {
        notEnded();
        if (treatment == null) {
            throw new IllegalArgumentException("no treatment");
        }
        if (step != Step.CONFIRMATION && step != Step.EXPLANATION) {
            throw new Refused(Refusal.WRONG_STEP, "the treatment changes at the confirmation, not at " + step);
        }
        if (!acknowledged.isEmpty()) {
            throw new Refused(Refusal.EXPLANATION_BEGUN, acknowledged.size() + " section(s) already acknowledged");
        }
        Preparation p = prepared;
        prepared = new Preparation(p.clinic(), p.physician(), p.patient(), p.representative(), p.language(),
                treatment, p.lastConsent());
        confirmedBy = null;
        sections = SessionText.sections(draft(), template);
        sectionIndex = 0;
        step = Step.CONFIRMATION;
    }

    // --- explanation (C4) ----------------------------------------------------------------------------------

    public List<RenderedSection> sections() {
        return sections;
    }

    public RenderedSection currentSection() {
        return sections.get(sectionIndex);
    }

    /**
     * The patient understood the current section: the time is kept (the first time counts). Read again after a wrong
     * answer, the section's second acknowledgement is kept on that answer ({@code acknowledgedAgain}, rule C5).
     *
     * @throws Refused {@link Refusal#EXPLAIN_AGAIN} after a third wrong answer, until the physician explained the
     *                 section again ({@link #explainedAgain})
     */
    public void acknowledge() {
        requireStep(Step.EXPLANATION);
        if (rereading() != null) {
            String due = sectionToExplainAgain();
            if (due != null) {
                throw new Refused(Refusal.EXPLAIN_AGAIN, "section " + due + " after "
                        + wrongAnswers(currentQuestion()) + " wrong answers to " + currentQuestion().id());
            }
            replaceLastAttempt(rereading().withAcknowledgedAgain(now()));
            return;
        }
        acknowledged.putIfAbsent(currentSection().id(), now());
    }

    /**
     * Whether a section stands acknowledged: it was, and it is not being read again after a wrong answer without
     * a second acknowledgement yet (rule C5; the wizard shows "Understood ✓" only then).
     */
    public boolean isAcknowledged(String sectionId) {
        return acknowledged.containsKey(sectionId)
                && !(rereading() != null && currentSection().id().equals(sectionId));
    }

    /** The physician's notes (null for none), on any step until the end. */
    public void setPhysicianNotes(String notes) {
        notEnded();
        physicianNotes = notes;
    }

    /** A question the patient asked and its answer, tied to the section shown when on the explanation. */
    public void addPatientQuestion(String question, String answer) {
        notEnded();
        String section = step == Step.EXPLANATION ? currentSection().id() : null;
        patientQuestions.add(new ConsentSession.PatientQuestion(question, answer, section));
    }

    // --- check questions (C5) ------------------------------------------------------------------------------

    public Manifest.QuestionDef currentQuestion() {
        return template.manifest().questions().get(questionIndex);
    }

    /**
     * Records an answer to the current question; every attempt is kept with its time. A correct one moves on (after
     * the last question, to the hand-over); a wrong one leads back to the section the question checks, whose Next
     * then returns to the same question.
     *
     * @throws IllegalArgumentException when the option is not one of the question's
     */
    public AnswerResult answer(String option) {
        requireStep(Step.CHECK_QUESTIONS);
        Manifest.QuestionDef q = currentQuestion();
        if (!q.options().contains(option)) {
            throw new IllegalArgumentException("'" + option + "' is not an option of " + q.id());
        }
        boolean right = q.correct().equals(option);
        attempts.computeIfAbsent(q.id(), k -> new ArrayList<>()).add(new ConsentSession.Answer(option, now(), right));
        if (right) {
            if (questionIndex + 1 < template.manifest().questions().size()) {
                questionIndex++;
            } else {
                step = Step.HANDOVER;
            }
            return new AnswerResult(true, null, q.section());
        }
        String explanation = template.language(prepared.language()).orElseThrow().question(q.id()).explanation();
        returnToQuestion = questionIndex;
        sectionIndex = indexOf(q.section());
        step = Step.EXPLANATION;
        return new AnswerResult(false, explanation, q.section());
    }

    /** Every attempt at a question, in order. */
    public List<ConsentSession.Answer> attempts(String questionId) {
        return List.copyOf(attempts.getOrDefault(questionId, List.of()));
    }

    // --- reading a section again after wrong answers (C5, issue 16 §7) -------------------------------------

    /**
     * After this many wrong answers to one check question (and after every further this many) the physician explains
     * the question's section again in person before the patient acknowledges it again: a patient who keeps choosing
     * a wrong answer has not understood what the screen says, and reading it once more is not explaining it (issue
     * 16 §7; the physician explains, MHLW 医政発0815第21号).
     */
    public static final int WRONG_ANSWERS_BEFORE_EXPLAINING_AGAIN = 3;

    /** The wrong attempts at a question so far (counted against the template's correct option). */
    public int wrongAnswers(Manifest.QuestionDef q) {
        return (int) attempts.getOrDefault(q.id(), List.of()).stream()
                .filter(a -> !q.correct().equals(a.option())).count();
    }

    /**
     * The wrong attempt whose section is being read again and is not yet acknowledged again, or null: during the
     * explanation, on the way back to a question a wrong answer left.
     */
    private ConsentSession.Answer rereading() {
        if (step != Step.EXPLANATION || returnToQuestion == null) {
            return null;
        }
        Manifest.QuestionDef q = template.manifest().questions().get(returnToQuestion);
        List<ConsentSession.Answer> a = attempts.getOrDefault(q.id(), List.of());
        if (a.isEmpty()) {
            return null;
        }
        ConsentSession.Answer last = a.get(a.size() - 1);
        return q.correct().equals(last.option()) || last.acknowledgedAgain() != null ? null : last;
    }

    /**
     * Whether the current section is being read again after a wrong answer (Back does not leave it; Next returns to
     * the question once it is acknowledged again).
     */
    public boolean readingAgain() {
        return step == Step.EXPLANATION && returnToQuestion != null;
    }

    /**
     * The id of the section the physician must explain again in person now, or null: after every
     * {@link #WRONG_ANSWERS_BEFORE_EXPLAINING_AGAIN}th wrong answer to a question, until they confirmed it.
     */
    public String sectionToExplainAgain() {
        ConsentSession.Answer last = rereading();
        if (last == null || last.explainedAgain() != null) {
            return null;
        }
        Manifest.QuestionDef q = currentQuestion();
        int wrong = wrongAnswers(q);
        return wrong > 0 && wrong % WRONG_ANSWERS_BEFORE_EXPLAINING_AGAIN == 0 ? q.section() : null;
    }

    /**
     * The physician's confirmation, as the store gave it after their own password, that they explained the section
     * again in person; kept on the wrong answer that called for it. The patient then acknowledges the section again.
     *
     * @throws Refused {@link Refusal#WRONG_STEP} when no section is to be explained again now;
     *                 {@link Refusal#NOT_THE_EXPLAINING_PHYSICIAN} when it is not the physician who confirmed the
     *                 treatment, or names another section
     */
    public void explainedAgain(ConsentSession.ExplainedAgain e) {
        notEnded();
        String due = sectionToExplainAgain();
        if (due == null) {
            throw new Refused(Refusal.WRONG_STEP, "no section is to be explained again now (at " + step + ")");
        }
        if (e == null || confirmedBy == null || !confirmedBy.account().equals(e.account())
                || !due.equals(e.section())) {
            throw new Refused(Refusal.NOT_THE_EXPLAINING_PHYSICIAN, "section " + due + " explained again by "
                    + (confirmedBy == null ? "no one yet" : confirmedBy.account()) + ", not " + e);
        }
        replaceLastAttempt(rereading().withExplainedAgain(e));
    }

    private void replaceLastAttempt(ConsentSession.Answer replaced) {
        List<ConsentSession.Answer> a = attempts.get(currentQuestion().id());
        a.set(a.size() - 1, replaced);
    }

    /**
     * For {@link #resume}: when the last attempt at question {@code index} is wrong and its section was not yet
     * acknowledged again, the consultation resumes on that section, on the way back to the question.
     */
    private boolean resumeRereading(int index) {
        Manifest.QuestionDef q = template.manifest().questions().get(index);
        List<ConsentSession.Answer> a = attempts.getOrDefault(q.id(), List.of());
        if (a.isEmpty() || a.get(a.size() - 1).acknowledgedAgain() != null
                || q.correct().equals(a.get(a.size() - 1).option())) {
            return false;
        }
        questionIndex = index;
        returnToQuestion = index;
        sectionIndex = indexOf(q.section());
        return true;
    }

    // --- moving (C1, C4, C8) -------------------------------------------------------------------------------

    /**
     * Next: the next section, the check questions (or back to the question a wrong answer left), or from the signatures to
     * the review.
     *
     * @throws Refused {@link Refusal#NOT_ACKNOWLEDGED}, {@link Refusal#SIGNATURES_MISSING},
     *                 {@link Refusal#PATIENT_MODE}, or {@link Refusal#WRONG_STEP} where a step has its own action
     */
    public void next() {
        notEnded();
        switch (step) {
            case EXPLANATION -> {
                if (!isAcknowledged(currentSection().id())) {
                    throw new Refused(Refusal.NOT_ACKNOWLEDGED, "section " + currentSection().id());
                }
                if (returnToQuestion != null) {
                    questionIndex = returnToQuestion;
                    returnToQuestion = null;
                    step = Step.CHECK_QUESTIONS;
                } else if (sectionIndex + 1 < sections.size()) {
                    sectionIndex++;
                } else {
                    questionIndex = 0;
                    step = Step.CHECK_QUESTIONS;
                }
            }
            case SIGNATURES -> {
                if (!allSigned()) {
                    throw new Refused(Refusal.SIGNATURES_MISSING, "signed so far: " + signatures.keySet());
                }
                if (patientMode) {
                    throw new Refused(Refusal.PATIENT_MODE, "staff unlock before the review");
                }
                step = Step.REVIEW;
            }
            default -> throw new Refused(Refusal.WRONG_STEP, "use the step's own action on " + step);
        }
    }

    /**
     * The previous section, during the explanation; does nothing on the first section or on another step.
     *
     * @return whether it moved
     */
    public boolean back() {
        notEnded();
        if (step == Step.EXPLANATION && sectionIndex > 0 && returnToQuestion == null) {
            sectionIndex--;
            return true;
        }
        return false;
    }

    // --- reflection, hand-over and patient mode (C6, C7) ---------------------------------------------------

    /** How long the patient should still reflect before signing (zero when it is over). */
    public Duration reflectionRemaining() {
        Duration left = Duration.between(now(), signableFrom());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * When signing becomes possible: the end of the explanation (its last acknowledgement or answer) plus the
     * reflection time; before any, now plus the reflection time.
     */
    public OffsetDateTime signableFrom() {
        return explanationEnd().orElse(now()).plus(reflection);
    }

    private Optional<OffsetDateTime> explanationEnd() {
        return java.util.stream.Stream.concat(acknowledged.values().stream(),
                attempts.values().stream().flatMap(List::stream)
                        .flatMap(a -> java.util.stream.Stream.of(a.at(), a.acknowledgedAgain())))
                .filter(java.util.Objects::nonNull).max(OffsetDateTime::compareTo);
    }

    /**
     * The tablet goes to the patient: patient mode begins and the signatures follow.
     *
     * @throws Refused {@link Refusal#REFLECTION} while the reflection time runs (the patient would wait locked in)
     */
    public void handOver() {
        requireStep(Step.HANDOVER);
        if (!reflectionRemaining().isZero()) {
            throw new Refused(Refusal.REFLECTION, "the reflection time is not over: signing is possible from "
                    + clock.format(signableFrom()));
        }
        patientMode = true;
        step = Step.SIGNATURES;
    }

    /** Staff unlocked (the caller checked their PIN or password): patient mode ends. */
    public void leavePatientMode() {
        notEnded();
        patientMode = false;
    }

    // --- signatures (C6, C8, C9, C10) ----------------------------------------------------------------------

    /** Whether the patient is under 18 on the consultation day, in the clinic's calendar. */
    public boolean isMinor() {
        if (prepared == null || prepared.patient() == null || prepared.patient().dateOfBirth() == null) {
            return false;
        }
        LocalDate day = clock.day(startedAt != null ? startedAt : now());
        LocalDate born = prepared.patient().dateOfBirth();
        return !born.isAfter(day) && CompletenessCheck.isMinor(born, day);
    }

    /** Who consents for the patient: the legal representative for a minor, else the patient. */
    public SignatureRole consentingRole() {
        return isMinor() ? SignatureRole.REPRESENTATIVE : SignatureRole.PATIENT;
    }

    /**
     * Who signs next (rule C8): the consenting person, then for a minor their assent (unless the physician recorded
     * why not), then the physician; null once everyone has signed.
     */
    public SignatureRole nextSigner() {
        SignatureRole patientSide = nextPatientSide();
        if (patientSide != null) {
            return patientSide;
        }
        return signatures.containsKey(SignatureRole.PHYSICIAN) ? null : SignatureRole.PHYSICIAN;
    }

    private SignatureRole nextPatientSide() {
        if (!signatures.containsKey(consentingRole())) {
            return consentingRole();
        }
        if (isMinor() && assentNotSigned == null && !signatures.containsKey(SignatureRole.PATIENT)) {
            return SignatureRole.PATIENT;
        }
        return null;
    }

    /** Whether the patient's side is complete: the consent, and for a minor their assent or the reason. */
    public boolean patientSideSigned() {
        return nextPatientSide() == null;
    }

    private boolean allSigned() {
        return patientSideSigned() && signatures.containsKey(SignatureRole.PHYSICIAN);
    }

    public boolean hasSigned(SignatureRole role) {
        return signatures.containsKey(role);
    }

    /**
     * A signature drawn on a pad: the strokes as the device reported them, and the image drawn from them for the
     * document. The drawing is checked first (rule C9), then who may sign now (C6, C7, C8).
     *
     * @param padWidth  the pad's width in pixels (the image's)
     * @param padHeight the pad's height in pixels
     * @throws Refused {@link Refusal#TOO_MUCH_INK}, {@link Refusal#TOO_LITTLE_INK}, {@link Refusal#NOT_ONE_HAND} for
     *                 a stroke that jumps further than {@link SignatureInk#maxStep} between two points, or as
     *                 {@link #sign(SignatureRole, String)}
     */
    public void sign(SignatureRole role, List<Stroke> strokes, int padWidth, int padHeight) {
        String tooMuch = SessionLimits.strokesProblem(strokes);
        if (tooMuch != null) {
            throw new Refused(Refusal.TOO_MUCH_INK, tooMuch);
        }
        String tooLittle = SignatureInk.problem(strokes);
        if (tooLittle != null) {
            throw new Refused(Refusal.TOO_LITTLE_INK, tooLittle);
        }
        String jump = SignatureInk.jumpProblem(strokes, padWidth, padHeight);
        if (jump != null) {
            throw new Refused(Refusal.NOT_ONE_HAND, jump);
        }
        ConsentSession.Signature s = signed(role, SignatureInk.toPng(strokes, padWidth, padHeight));
        signatures.put(role, new ConsentSession.Signature(s.role(), s.name(), s.at(), s.png(), strokes));
    }

    /**
     * A signature as an image (base64 PNG).
     *
     * @throws Refused {@link Refusal#WRONG_STEP} outside the signatures; {@link Refusal#REFLECTION} while the
     *                 reflection time runs; {@link Refusal#PATIENT_SIDE_FIRST} or {@link Refusal#PATIENT_MODE} for the
     *                 physician too early; {@link Refusal#REPRESENTATIVE_FIRST}, {@link Refusal#ASSENT_REASON_RECORDED}
     *                 for a minor's assent out of turn; {@link Refusal#NOT_A_SIGNER} for a role that does not sign for
     *                 this patient; {@link Refusal#SIGNED_ALREADY}; {@link Refusal#TOO_LITTLE_INK} for an empty or
     *                 trivial image
     */
    public void sign(SignatureRole role, String pngBase64) {
        signatures.put(role, signed(role, pngBase64));
    }

    private ConsentSession.Signature signed(SignatureRole role, String pngBase64) {
        requireStep(Step.SIGNATURES);
        if (!reflectionRemaining().isZero()) {
            throw new Refused(Refusal.REFLECTION, "signing is possible from " + clock.format(signableFrom()));
        }
        if (role == SignatureRole.PHYSICIAN) {
            if (!patientSideSigned()) {
                throw new Refused(Refusal.PATIENT_SIDE_FIRST, "next to sign: " + nextPatientSide());
            }
            if (patientMode) {
                throw new Refused(Refusal.PATIENT_MODE, "staff unlock before the physician signs");
            }
        } else if (role == SignatureRole.PATIENT && isMinor()) {
            if (assentNotSigned != null) {
                throw new Refused(Refusal.ASSENT_REASON_RECORDED, assentNotSigned.reason());
            }
            if (!signatures.containsKey(SignatureRole.REPRESENTATIVE)) {
                throw new Refused(Refusal.REPRESENTATIVE_FIRST, "the minor assents after the representative");
            }
        } else if (role != consentingRole()) {
            throw new Refused(Refusal.NOT_A_SIGNER, role + " for " + (isMinor() ? "a minor" : "an adult"));
        }
        if (signatures.containsKey(role)) {
            throw new Refused(Refusal.SIGNED_ALREADY, role + " signed at " + clock.format(signatures.get(role).at()));
        }
        String image = CompletenessCheck.imageProblem(pngBase64);
        if (image != null) {
            throw new Refused(Refusal.TOO_LITTLE_INK, image);
        }
        String name = switch (role) {
            case PATIENT -> prepared.patient().name();
            case REPRESENTATIVE -> prepared.representative().name();
            case PHYSICIAN -> prepared.physician().name();
        };
        return new ConsentSession.Signature(role, name, now(), pngBase64);
    }

    /**
     * The physician's record of why a minor does not sign their assent, as the store returned it after their
     * password; null withdraws it (the minor will sign). At the hand-over or the signatures (rule C10).
     *
     * @throws Refused {@link Refusal#WRONG_STEP}, {@link Refusal#NOT_A_MINOR}, {@link Refusal#PATIENT_MODE},
     *                 {@link Refusal#ASSENT_SIGNED}, {@link Refusal#PHYSICIAN_SIGNED},
     *                 {@link Refusal#NOT_THE_CONFIRMING_PHYSICIAN}
     */
    public void setAssentNotSigned(ConsentSession.AssentNotSigned recorded) {
        notEnded();
        if (step != Step.HANDOVER && step != Step.SIGNATURES) {
            throw new Refused(Refusal.WRONG_STEP, "the reason is recorded at the hand-over or the signatures, not at "
                    + step);
        }
        if (!isMinor()) {
            throw new Refused(Refusal.NOT_A_MINOR, "the patient is 18 or over");
        }
        if (patientMode) {
            throw new Refused(Refusal.PATIENT_MODE, "staff unlock first");
        }
        if (signatures.containsKey(SignatureRole.PATIENT)) {
            throw new Refused(Refusal.ASSENT_SIGNED, "signed at " + clock.format(
                    signatures.get(SignatureRole.PATIENT).at()));
        }
        if (signatures.containsKey(SignatureRole.PHYSICIAN)) {
            throw new Refused(Refusal.PHYSICIAN_SIGNED, "signed at " + clock.format(
                    signatures.get(SignatureRole.PHYSICIAN).at()));
        }
        if (recorded != null && (confirmedBy == null || !confirmedBy.account().equals(recorded.account()))) {
            throw new Refused(Refusal.NOT_THE_CONFIRMING_PHYSICIAN, "recorded by " + recorded.account());
        }
        assentNotSigned = recorded;
    }

    /** The physician's reason why the minor did not sign, or null. */
    public ConsentSession.AssentNotSigned assentNotSigned() {
        return assentNotSigned;
    }

    // --- ending (C11) --------------------------------------------------------------------------------------

    /**
     * Checks that the consultation may be signed and recorded now: at the review, every signature given, not ended.
     * The session to record is {@link #draft()}.
     *
     * @throws Refused {@link Refusal#ENDED} or {@link Refusal#NOT_COMPLETE}
     */
    public void requireRecordable() {
        notEnded();
        if (step != Step.REVIEW || !allSigned()) {
            throw new Refused(Refusal.NOT_COMPLETE, "at " + step + ", signed so far: " + signatures.keySet());
        }
    }

    /**
     * The consultation was signed and recorded: it ends, and nothing changes it any more.
     *
     * @param recordId the record's id, kept as the ending's reason
     */
    public void recorded(String recordId) {
        requireRecordable();
        ending = new Ending(Ending.Kind.RECORDED, "recorded as " + recordId, now());
    }

    /**
     * Staff give the consultation up, with the reason (the draft is then kept aside, never deleted).
     *
     * @throws Refused {@link Refusal#NO_REASON} for a blank reason or one with an invisible or control character;
     *                 {@link Refusal#PATIENT_MODE} while the patient holds the tablet; {@link Refusal#ENDED}
     */
    public void abandon(String reason) {
        notEnded();
        if (reason == null || !TextRules.visible(reason) || TextRules.firstRefused(reason, false).isPresent()) {
            throw new Refused(Refusal.NO_REASON, "'" + reason + "'");
        }
        if (patientMode) {
            throw new Refused(Refusal.PATIENT_MODE, "staff unlock before the consultation is abandoned");
        }
        ending = new Ending(Ending.Kind.ABANDONED, reason.strip(), now());
    }

    // --- ended by staff, at any step (C11; issue 16 §5) ------------------------------------------------------

    /** Why staff end a consultation before it is recorded (rule C11), as the wizard's end dialog offers them. */
    public enum EndReason {
        /** To be continued another day: the draft is kept and resumes where it stopped. */
        POSTPONED("postponed"),
        /** The patient declined the treatment. */
        DECLINED("declined"),
        /** The patient may not have the treatment (the physician's judgement). */
        NOT_ELIGIBLE("not-eligible"),
        /** Another reason, said in words. */
        OTHER("other");

        private final String code;

        EndReason(String code) {
            this.code = code;
        }

        /** As the audit trail writes it: {@code postponed}, {@code declined}, {@code not-eligible}, {@code other}. */
        public String code() {
            return code;
        }

        /** Whether the consultation's draft is kept to be resumed (only when postponed); else it is set aside. */
        public boolean keepsDraft() {
            return this == POSTPONED;
        }
    }

    /**
     * How staff ended a consultation before it was recorded (rule C11).
     *
     * @param reason           why
     * @param words            the staff's words (required for {@link EndReason#OTHER}, optional otherwise), or null
     * @param by               the signed-in account that ended it
     * @param at               when, on the clinic's clock (its zone's offset)
     * @param step             the step the consultation was at
     * @param explanationBegun whether the explanation step had been reached (the patient heard some of it)
     */
    public record EndedByStaff(EndReason reason, String words, String by, OffsetDateTime at, Step step,
                               boolean explanationBegun) {
    }

    /**
     * Checks an ending by staff and says what it would be now, changing nothing (the caller records it, then
     * {@link #end(EndedByStaff)} applies it). Words are stripped; blank words are none.
     *
     * @param by the signed-in account ending it
     * @throws Refused                  {@link Refusal#ENDED}; {@link Refusal#NO_REASON} without a reason;
     *                                  {@link Refusal#NO_WORDS} for {@link EndReason#OTHER} without words;
     *                                  {@link Refusal#BAD_WORDS} for words over
     *                                  {@link CompletenessCheck#MAX_REASON_CHARACTERS} characters or with a control
     *                                  or invisible formatting character; {@link Refusal#PATIENT_MODE} while the
     *                                  patient holds the tablet (staff unlock first)
     * @throws IllegalArgumentException without an account
     */
    public EndedByStaff endingNow(EndReason reason, String words, String by) {
        notEnded();
        if (reason == null) {
            throw new Refused(Refusal.NO_REASON, "no reason chosen");
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("a consultation is ended by a signed-in account");
        }
        String said = words == null || !TextRules.visible(words) ? null : words.strip();
        if (reason == EndReason.OTHER && said == null) {
            throw new Refused(Refusal.NO_WORDS, "'" + (words == null ? "" : words) + "'");
        }
        if (said != null) {
            int length = said.codePointCount(0, said.length());
            if (length > CompletenessCheck.MAX_REASON_CHARACTERS) {
                throw new Refused(Refusal.BAD_WORDS, length + " characters");
            }
            java.util.OptionalInt bad = TextRules.firstRefused(said, true);
            if (bad.isPresent()) {
                throw new Refused(Refusal.BAD_WORDS, String.format(java.util.Locale.ROOT, "contains U+%04X",
                        bad.getAsInt()));
            }
        }
        if (patientMode) {
            throw new Refused(Refusal.PATIENT_MODE, "staff unlock before the consultation is ended");
        }
        return new EndedByStaff(reason, said, by, now(), step, step.compareTo(Step.EXPLANATION) >= 0);
    }

    /**
     * Staff end the consultation as {@link #endingNow} said (after it was recorded): it ends as
     * {@link Ending.Kind#POSTPONED} (its draft is kept) or {@link Ending.Kind#ABANDONED}, and nothing changes it any
     * more.
     *
     * @throws Refused as {@link #endingNow}
     */
    public void end(EndedByStaff e) {
        endingNow(e.reason(), e.words(), e.by());
        ending = new Ending(e.reason().keepsDraft() ? Ending.Kind.POSTPONED : Ending.Kind.ABANDONED,
                e.reason().code() + (e.words() == null ? "" : ": " + e.words()), e.at());
        endedByStaff = e;
    }

    /** How staff ended it, or empty (going on, recorded, or abandoned by {@link #abandon}). */
    public Optional<EndedByStaff> endedByStaff() {
        return Optional.ofNullable(endedByStaff);
    }

    // --- informed refusal (issue 16 §5) --------------------------------------------------------------------

    /** Whether the explanation has begun (the step is the explanation or later): an informed refusal is offered. */
    public boolean explanationBegun() {
        return step.ordinal() >= Step.EXPLANATION.ordinal();
    }

    /**
     * The sections explained so far, in the order shown: every section acknowledged, and the one on screen while the
     * explanation runs; after the explanation, every section.
     */
    public List<String> explainedSoFar() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            String id = sections.get(i).id();
            if (acknowledged.containsKey(id) || step != Step.EXPLANATION && explanationBegun()
                    || step == Step.EXPLANATION && i == sectionIndex) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The patient declines after the explanation began: the informed refusal of this consultation as it stands now
     * (its sections explained so far, declined now), to be signed and recorded ({@code RecordConsent.recordRefusal});
     * the consultation itself is unchanged until {@link #declined}.
     *
     * @throws Refused {@link Refusal#WRONG_STEP} before the explanation began (then nothing was explained: the
     *                 consultation is ended another way); {@link Refusal#PATIENT_MODE} while the patient holds the
     *                 tablet (staff unlock first); {@link Refusal#ENDED}
     */
    public InformedRefusal declineAfterExplanation() {
        notEnded();
        if (!explanationBegun()) {
            throw new Refused(Refusal.WRONG_STEP, "the explanation has not begun (at " + step + ")");
        }
        if (patientMode) {
            throw new Refused(Refusal.PATIENT_MODE, "staff unlock before the patient's refusal is recorded");
        }
        return InformedRefusal.begin(draft(), explainedSoFar(), now());
    }

    /**
     * The informed refusal's patient page is handed to the patient (issue 16 §5): patient mode begins, as at the
     * consent's hand-over ({@link #handOver}), and is left only by staff ({@link #leavePatientMode}, after their PIN
     * or password). The step is unchanged: the refusal's pages are shown in its place.
     *
     * @throws Refused {@link Refusal#WRONG_STEP} before the explanation began; {@link Refusal#ENDED}
     */
    public void handOverRefusal() {
        notEnded();
        if (!explanationBegun()) {
            throw new Refused(Refusal.WRONG_STEP, "the explanation has not begun (at " + step + ")");
        }
        patientMode = true;
    }

    /**
     * The informed refusal was recorded: the consultation ends as declined, and nothing changes it any more.
     *
     * @param refusalId the refusal's record id, kept as the ending's reason
     */
    public void declined(String refusalId) {
        notEnded();
        ending = new Ending(Ending.Kind.DECLINED, "informed refusal recorded as " + refusalId, now());
    }

    // --- the session ---------------------------------------------------------------------------------------

    /**
     * The consultation so far as a consent session (schema {@link ConsentSession#SCHEMA_VERSION}): the draft saved
     * as it goes, and, complete, the session signed.
     *
     * @throws Refused {@link Refusal#WRONG_STEP} before it was prepared
     */
    public ConsentSession draft() {
        if (prepared == null) {
            throw new Refused(Refusal.WRONG_STEP, "nothing prepared yet");
        }
        ConsentSession.TemplateRef ref = new ConsentSession.TemplateRef(template.id(), template.version(),
                prepared.language(), template.sha256());
        List<ConsentSession.Acknowledgement> acks = acknowledged.entrySet().stream()
                .map(e -> new ConsentSession.Acknowledgement(e.getKey(), e.getValue())).toList();
        List<ConsentSession.CheckQuestionAnswers> checkQuestions = attempts.entrySet().stream()
                .map(e -> new ConsentSession.CheckQuestionAnswers(e.getKey(), e.getValue())).toList();
        return new ConsentSession(ConsentSession.SCHEMA_VERSION, documentId, ref, prepared.clinic(),
                prepared.physician(), prepared.patient(), prepared.representative(), prepared.treatment(), null,
                prepared.lastConsent(), startedAt, preparedBy, confirmedBy, acks, checkQuestions,
                new ConsentSession.Notes(physicianNotes, patientQuestions), assentNotSigned,
                List.copyOf(signatures.values()));
    }

    private OffsetDateTime now() {
        return clock.now();
    }

    private int indexOf(String sectionId) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id().equals(sectionId)) {
                return i;
            }
        }
        throw new IllegalStateException("no section " + sectionId);
    }

    private void notEnded() {
        if (ending != null) {
            throw new Refused(Refusal.ENDED, ending.kind() + " at " + clock.format(ending.at()) + ": "
                    + ending.reason());
        }
    }

    /**
     * Checks that the consultation is at a step, before work that leads to that step's action (a form's checks, a
     * password check).
     *
     * @throws Refused {@link Refusal#WRONG_STEP} at another step; {@link Refusal#ENDED}
     */
    public void requireStep(Step expected) {
        notEnded();
        if (step != expected) {
            throw new Refused(Refusal.WRONG_STEP, "expected step " + expected + " but the consultation is at "
                    + step);
        }
    }
}
