package org.exoconsent.usecases;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.exoconsent.consent.Consultation;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * A consultation ends before it was recorded (issue 16 §5; rule C11 of docs/SESSION.md): staff end it in the wizard
 * with a reason — postponed (its draft is kept to be resumed), the patient declined, not eligible, or another reason
 * in words — or discard a draft on the home screen. Either is audited as the signed-in person, and the draft (unless
 * kept) is set aside among the abandoned drafts in the same write of the store: both happen or neither.
 *
 * <p>Each call opens the store as the signed-in person and checks {@link Permission#CONSULT} before any work (a
 * refusal is audited {@code access-refused}).
 */
public final class EndConsultation {
    /** The audit action of a consultation staff ended in the wizard. */
    public static final String CONSULTATION_ENDED = "consultation-ended";
    /** The audit action of a draft discarded on the home screen. */
    public static final String DRAFT_ABANDONED = "draft-abandoned";

    /**
     * What became of the consultation's draft.
     *
     * @param documentId the consultation's (and its draft's) id
     * @param setAsideAs the name its draft is kept under among the abandoned drafts ({@code ID-MILLIS}); null when
     *                   the draft was kept (postponed) or there was none (ended on the start form)
     */
    public record Ended(String documentId, String setAsideAs) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public EndConsultation(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * As the person signed in on a tablet ({@link StoreOpening#asSignedIn}).
     *
     * @param clock where the time comes from (only its instant counts)
     */
    public static EndConsultation asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new EndConsultation(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static EndConsultation asSignedIn(StoreOpenings store, Principal who) {
        return new EndConsultation(store.asSignedIn(who));
    }

    /**
     * Records that staff ended consultation {@code documentId} as {@code ending} says (its
     * {@link Consultation#endingNow}): audited {@code consultation-ended} with the reason's code ({@code postponed},
     * {@code declined}, {@code not-eligible}, {@code other}), the words, who ({@code by}: the signed-in account), when
     * (on the clinic's clock, with its offset), the step, and what became of the draft; a draft not postponed is set
     * aside in the same write, its reason file saying the same.
     *
     * @throws IllegalArgumentException                     when {@code ending.by()} is not the signed-in account
     *                                                      (checked before anything is written)
     * @throws org.exoconsent.records.AccessDeniedException when the signed-in person may not
     *                                                      {@link Permission#CONSULT}
     */
    public Ended end(String documentId, Consultation.EndedByStaff ending) throws StoreException {
        try (RecordStore store = open("end consultation")) {
            if (!store.principal().name().equals(ending.by())) {
                throw new IllegalArgumentException("the consultation is ended by '" + ending.by() + "', but '"
                        + store.principal().name() + "' is signed in; nothing was written");
            }
            String at = store.clinicClock().at(ending.at()).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME); // in the clinic's zone, whatever it was given in
            String reasonFile = "consultation ended (" + ending.reason().code()
                    + (ending.words() == null ? "" : ": " + ending.words()) + ") by " + ending.by() + " at " + at
                    + ", " + step(ending.step());
            String kept = store.consultationEnded(CONSULTATION_ENDED, documentId, !ending.reason().keepsDraft(),
                    reasonFile, "reason", ending.reason().code(), "words", ending.words(), "by", ending.by(),
                    "at", at, "step", step(ending.step()));
            return new Ended(documentId, kept);
        }
    }

    /**
     * A draft discarded on the home screen: audited {@code draft-abandoned} naming the signed-in account
     * ({@code by}) and set aside in the same write, its reason file naming them too (issue 16 §7; it named the
     * computer's user before).
     *
     * @return what became of it; {@code setAsideAs} null when there was no such draft (nothing is set aside then,
     *         the entry says {@code draft: none})
     */
    public Ended discardDraft(String draftId) throws StoreException {
        try (RecordStore store = open("discard draft")) {
            String by = store.principal().name();
            String kept = store.consultationEnded(DRAFT_ABANDONED, draftId, true,
                    "abandoned by staff on the home screen (" + by + ")", "by", by, "where", "home screen");
            return new Ended(draftId, kept);
        }
    }

    /** A step as the audit trail says it: {@code start}, {@code confirmation}, {@code check-questions} … */
    static String step(Consultation.Step step) {
        return step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The store as the signed-in person, {@link Permission#CONSULT} checked before any work. */
    private RecordStore open(String purpose) throws StoreException {
        return Permitted.open(opening, Permission.CONSULT, purpose);
    }
}
