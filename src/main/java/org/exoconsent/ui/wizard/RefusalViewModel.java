package org.exoconsent.ui.wizard;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.ConsentSession.SignatureRole;
import org.exoconsent.consent.InformedRefusal;
import org.exoconsent.consent.SessionLimits;
import org.exoconsent.consent.SessionText;
import org.exoconsent.consent.SignatureInk;
import org.exoconsent.consent.Stroke;
import org.exoconsent.records.RecordStore;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.template.LanguageText;
import org.exoconsent.template.RenderedSection;

/**
 * The informed refusal's pages (issue 16 §5): when the patient declines after the explanation began, the patient
 * signs "declined after explanation" (or the physician records, with their own password, that the patient would not
 * sign), then the physician signs, then it is recorded as its own kind of record. Built from the consultation by
 * {@link WizardViewModel#declineAfterExplanation()}; shown by {@link RefusalView}. No {@code javafx.scene} here: the
 * rules are tested without a toolkit.
 */
public final class RefusalViewModel {
    /** The refusal's pages, in order. */
    public enum Page {
        /** The patient (or legal representative) signs, or the physician records that they would not. */
        PATIENT,
        /**
         * The patient's side is given while the patient holds the tablet (patient mode): staff unlock with their PIN
         * (or password) before the physician's page, as on the consent's signature page.
         */
        STAFF_UNLOCK,
        /** The physician signs. */
        PHYSICIAN,
        /** Everything is given: record it. */
        REVIEW,
        /** Recorded: the consultation has ended as declined. */
        RECORDED
    }

    /**
     * Checks the confirming physician's own password and returns their note that the patient would not sign (the
     * app asks the store: {@code RecordStore.recordRefusalNote}), or throws with a message to show.
     */
    @FunctionalInterface
    public interface NoteRecorder {
        InformedRefusal.WouldNotSign record(String account, char[] password, ConsentSession draft, String note)
                throws Exception;
    }

    /** Records the signed refusal (the app: {@code ConsultationServices.saveRefusal}); slow: run off the FX thread. */
    @FunctionalInterface
    public interface Save {
        RecordStore.Recorded save(InformedRefusal refusal) throws Exception;
    }

    private final ConsentTemplate template;
    private final ClinicClock clock;
    private final Consumer<String> onRecorded;
    private InformedRefusal refusal;
    private NoteRecorder noteRecorder = (a, p, d, n) -> {
        throw new IllegalStateException("no note recorder");
    };
    private Save save = r -> {
        throw new IllegalStateException("no save");
    };
    private boolean saving;
    private java.util.function.BooleanSupplier patientHolds = () -> false;
    private Runnable handOver = () -> { };
    private RecordStore.Recorded recorded;
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(Page.PATIENT);

    /**
     * @param begun      the refusal as the consultation made it ({@code Consultation.declineAfterExplanation})
     * @param template   the template version the patient was shown
     * @param clock      the clinic's clock (signature times)
     * @param onRecorded told the record's id once recorded (the wizard ends the consultation as declined)
     */
    public RefusalViewModel(InformedRefusal begun, ConsentTemplate template, ClinicClock clock,
                            Consumer<String> onRecorded) {
        this.refusal = begun;
        this.template = template;
        this.clock = clock;
        this.onRecorded = onRecorded;
    }

    /** Where the password check of the physician's note runs (the app: the store, through its services). */
    public void setNoteRecorder(NoteRecorder recorder) {
        this.noteRecorder = recorder;
    }

    /** What records the signed refusal (the app: the store, through its services). */
    public void setSave(Save save) {
        this.save = save;
    }

    /**
     * Ties the pages to the consultation's patient mode (the wizard: {@code Consultation.handOverRefusal} and its
     * staff unlock): while {@code holds} says the patient holds the tablet, the patient's side given leads to
     * {@link Page#STAFF_UNLOCK}, not to the physician's page; going back to the patient's page runs {@code handOver}
     * (patient mode again). Without it the pages never wait for an unlock.
     */
    public void setPatientMode(java.util.function.BooleanSupplier holds, Runnable handOver) {
        this.patientHolds = holds;
        this.handOver = handOver;
    }

    /** Staff unlocked patient mode: from {@link Page#STAFF_UNLOCK} the physician's page follows; else nothing. */
    public void unlocked() {
        if (page.get() == Page.STAFF_UNLOCK && !patientHolds.getAsBoolean()) {
            page.set(Page.PHYSICIAN);
        }
    }

    private Page afterPatientSide() {
        return patientHolds.getAsBoolean() ? Page.STAFF_UNLOCK : Page.PHYSICIAN;
    }

    /** The page shown; only this view model changes it. */
    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** The refusal as it stands. */
    public InformedRefusal refusal() {
        return refusal;
    }

    /** The consultation the patient declined. */
    public ConsentSession consultation() {
        return refusal.consultation();
    }

    /** The template's words of the refusal in the consultation's language. */
    public LanguageText.Refusal words() {
        return template.language(consultation().template().language()).map(LanguageText::refusal).orElse(null);
    }

    /** The consultation's language ({@code ja}, {@code en}): the refusal's pages are the patient's. */
    public String language() {
        return consultation().template().language();
    }

    /** The sections explained, with their titles, in the order shown. */
    public List<RenderedSection> explained() {
        return SessionText.explained(refusal, template);
    }

    /** Who signs on the patient's side: the legal representative when the consultation names one, else the patient. */
    public SignatureRole patientSideRole() {
        return consultation().representative() != null ? SignatureRole.REPRESENTATIVE : SignatureRole.PATIENT;
    }

    /** The name of whoever signs as {@code role}. */
    public String signerName(SignatureRole role) {
        ConsentSession s = consultation();
        return switch (role) {
            case PATIENT -> s.patient().name();
            case REPRESENTATIVE -> s.representative().name();
            case PHYSICIAN -> s.physician().name();
        };
    }

    /**
     * The patient (or legal representative) signs on the pad: the strokes checked as a consent's are (rule C9).
     *
     * @return null when taken (the physician's page follows, after staff unlock in patient mode), else a message key
     *         of the UI bundles
     */
    public String signPatient(List<Stroke> strokes, int padWidth, int padHeight) {
        if (page.get() != Page.PATIENT) {
            return "refusal.wrongPage";
        }
        String problem = ink(strokes);
        if (problem != null) {
            return problem;
        }
        refusal = refusal.withSignature(signature(patientSideRole(), strokes, padWidth, padHeight));
        page.set(afterPatientSide());
        return null;
    }

    /**
     * The physician records, with their own password, that the patient would not sign: checked by the
     * {@link #setNoteRecorder recorder} on {@code background} as the physician who confirmed the treatment; the
     * password is wiped afterwards. On {@code fx}: kept and the physician's page shown, {@code done} told null, or a
     * message key (an empty note); {@code failed} told the store's refusal (a wrong password, another account).
     */
    public void recordWouldNotSign(String note, char[] password, Executor background, Executor fx,
                                   Consumer<String> done, Consumer<Throwable> failed) {
        if (note == null || note.isBlank() || note.codePointCount(0, note.length())
                > CompletenessCheck.MAX_REASON_CHARACTERS) {
            java.util.Arrays.fill(password, '\0');
            done.accept("refusal.noteMissing");
            return;
        }
        ConsentSession draft = consultation();
        String account = draft.confirmedBy() == null ? "" : draft.confirmedBy().account();
        NoteRecorder recorder = noteRecorder;
        background.execute(() -> {
            try {
                InformedRefusal.WouldNotSign kept = recorder.record(account, password, draft, note);
                fx.execute(() -> {
                    refusal = refusal.withPatientWouldNotSign(kept);
                    page.set(afterPatientSide());
                    done.accept(null);
                });
            } catch (Exception e) {
                fx.execute(() -> failed.accept(e));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        });
    }

    /**
     * The physician signs on the pad, after the patient's side.
     *
     * @return null when taken (the review follows), else a message key of the UI bundles
     */
    public String signPhysician(List<Stroke> strokes, int padWidth, int padHeight) {
        if (page.get() != Page.PHYSICIAN) {
            return "refusal.wrongPage";
        }
        String problem = ink(strokes);
        if (problem != null) {
            return problem;
        }
        refusal = refusal.withSignature(signature(SignatureRole.PHYSICIAN, strokes, padWidth, padHeight));
        page.set(Page.REVIEW);
        return null;
    }

    /**
     * Back from the physician's page to the patient's: the patient's signature or the physician's note is undone, and
     * the tablet goes to the patient again (patient mode, {@link #setPatientMode}).
     */
    public void backToPatient() {
        if (page.get() == Page.PHYSICIAN || page.get() == Page.REVIEW) {
            refusal = refusal.withPatientWouldNotSign(null).withSignatures(List.of());
            handOver.run();
            page.set(Page.PATIENT);
        }
    }

    /** Every problem that keeps the refusal from being recorded now (the rules R1–R7), each naming its field. */
    public List<String> problems() {
        return CompletenessCheck.refusalProblems(refusal, template, clock);
    }

    /**
     * Records the signed refusal: run by the {@link #setSave save} on {@code background}; then, on {@code fx}, the
     * page becomes {@link Page#RECORDED}, the wizard is told the record's id, and {@code done} the record, or the
     * failure (the review stays, and recording may be tried again).
     *
     * @throws IllegalStateException before the review, or while an earlier recording still runs
     */
    public void record(Executor background, Executor fx, BiConsumer<RecordStore.Recorded, Throwable> done) {
        if (page.get() != Page.REVIEW || saving) {
            throw new IllegalStateException("the refusal is not ready to record (page " + page.get() + ")");
        }
        saving = true;
        InformedRefusal signed = refusal;
        Save work = save;
        background.execute(() -> {
            try {
                RecordStore.Recorded r = work.save(signed);
                fx.execute(() -> {
                    saving = false;
                    recorded = r;
                    page.set(Page.RECORDED);
                    onRecorded.accept(r.id());
                    done.accept(r, null);
                });
            } catch (Exception e) {
                fx.execute(() -> {
                    saving = false;
                    done.accept(null, e);
                });
            }
        });
    }

    /** What was recorded, once {@link Page#RECORDED}; else null. */
    public RecordStore.Recorded recorded() {
        return recorded;
    }

    private static String ink(List<Stroke> strokes) {
        if (SessionLimits.strokesProblem(strokes) != null) {
            return "sign.tooMuchInk";
        }
        if (SignatureInk.problem(strokes) != null) {
            return "sign.tooShort";
        }
        return null;
    }

    private ConsentSession.Signature signature(SignatureRole role, List<Stroke> strokes, int w, int h) {
        return new ConsentSession.Signature(role, signerName(role), clock.now(), SignatureInk.toPng(strokes, w, h),
                strokes);
    }
}
