package org.exoconsent.ui.wizard;

import java.time.Clock;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Drafts;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.usecases.PrepareConsultation;
import org.exoconsent.usecases.RecordConsent;
import org.exoconsent.usecases.SignIn;
import org.exoconsent.usecases.StoreOpenings;

/**
 * What the wizard needs from the rest of the program: the catalog, the template version, drafts, and "sign and
 * save". The store is opened only for the moment it is used, so the command line can work beside the app.
 */
public final class ConsultationServices {
    private final StoreOpenings store;
    private final Clock clock;
    private final Drafts drafts;
    private final Principal who;

    /**
     * @param store the store this device is set to (a data directory or a PostgreSQL store, issue 17 §1); the drafts
     *              are its own, written as {@code who} ({@link StoreOpenings#drafts(Principal)})
     * @param who   the person signed in on this tablet; the store checks their roles on every use
     */
    public ConsultationServices(StoreOpenings store, Principal who) {
        this.store = store;
        this.who = who;
        this.clock = store.clock();
        this.drafts = store.drafts(who);
    }

    /** As {@link #ConsultationServices(StoreOpenings, Principal)} on the data directory {@code dir}. */
    public ConsultationServices(DataDirectory dir, Clock clock, Principal who) {
        this(StoreOpenings.of(dir, clock), who);
    }

    /** Where the time comes from (only its instant counts; the clinic's zone comes with {@link Opening#clock()}). */
    public Clock clock() {
        return clock;
    }

    /** The drafts of the store (a data directory's folder, or the PostgreSQL store's table). */
    public Drafts drafts() {
        return drafts;
    }

    /** The catalog, for the start page ({@link PrepareConsultation#catalog}). */
    public RecordStore.CatalogView catalog() throws StoreException {
        return prepare().catalog();
    }

    /**
     * What a consultation starts with ({@link PrepareConsultation#start}): the catalog, the settings and the
     * template version a new consultation uses, or a resumed draft's own (restarted, and audited, when it must be).
     *
     * @param restartedFrom the draft's own version when the consultation must restart on {@code template}, else null
     * @param restartReason why: {@link Restart#CONTAINS_ERRORS}, {@link Restart#NOT_CONFIRMED} or
     *                      {@link Restart#NOT_IN_LANGUAGE}; null when not
     * @param restartFrom   the draft to restart from, its product snapshot or texts brought up to date from the
     *                      catalog; null when not restarting
     * @param clock         the clinic's clock (the store's, in the clinic's time zone), for the consultation's times
     */
    public record Opening(RecordStore.CatalogView catalog, org.exoconsent.records.Settings settings,
                          ConsentTemplate template, String restartedFrom, Restart restartReason,
                          ConsentSession restartFrom, ClinicClock clock) {
    }

    /** Why a draft restarts from its first section ({@link PrepareConsultation.Restart}, as the wizard says it). */
    public enum Restart {
        /** Its template version was found to contain errors (issue 10). */
        CONTAINS_ERRORS,
        /** It was begun before the physician's confirmation of the treatment was recorded (schema 1, issue 11). */
        NOT_CONFIRMED,
        /**
         * Its clinic, physician or product texts are not in the consultation's language (a draft in English begun
         * before the clinic's English texts existed, issue 12 §2): the patient hears it again with the texts in their
         * language, or the start page says which texts are missing.
         */
        NOT_IN_LANGUAGE
    }

    /** @param draft the draft being resumed, or null for a new consultation */
    public Opening opening(ConsentSession draft) throws StoreException {
        PrepareConsultation.Start s = prepare().start(draft);
        return new Opening(s.catalog(), s.settings(), s.template(), s.restartedFrom(),
                s.restartReason() == null ? null : Restart.valueOf(s.restartReason().name()), s.restartFrom(),
                s.clock());
    }

    /**
     * A physician confirms the prepared treatment with their own password
     * ({@link PrepareConsultation#confirmTreatment}); slow (the password check): call off the FX thread.
     */
    public ConsentSession.ConfirmedBy confirmTreatment(String account, char[] password, ConsentSession prepared)
            throws StoreException {
        return prepare().confirmTreatment(account, password, prepared);
    }

    /**
     * The physician records why a minor does not sign ({@link PrepareConsultation#recordAssentReason}); slow (the
     * password check): call off the FX thread.
     */
    public ConsentSession.AssentNotSigned recordAssentReason(String account, char[] password, ConsentSession draft,
                                                             String reason) throws StoreException {
        return prepare().recordAssentReason(account, password, draft, reason);
    }

    /**
     * The physician confirms they explained a section again in person ({@link
     * PrepareConsultation#recordExplainedAgain}); slow (the password check): call off the FX thread.
     */
    public ConsentSession.ExplainedAgain recordExplainedAgain(String account, char[] password, ConsentSession draft,
                                                              String section, String question)
            throws StoreException {
        return prepare().recordExplainedAgain(account, password, draft, section, question);
    }

    /** The clinic's settings (the reflection time before signing, the idle lock, the time zone). */
    public org.exoconsent.records.Settings settings() throws StoreException {
        return prepare().settings();
    }

    /**
     * Whether {@code pin} is the clinic's staff PIN ({@link PrepareConsultation#staffPinMatches}); the wizard's unlock
     * check. False when the store cannot be opened: the attempt is then refused, and the wizard's audit entry of it,
     * which needs the store too, fails, so it is said as not recorded. Slow: off the FX thread.
     */
    public boolean staffPinMatches(String pin) {
        try {
            return prepare().staffPinMatches(pin);
        } catch (StoreException e) {
            return false;
        }
    }

    /** Patients of earlier consents, for the start screen's "existing patient" (audited by the store). */
    public java.util.List<RecordStore.KnownPatient> findPatients(String text) throws StoreException {
        return org.exoconsent.usecases.RecordQueries.asSignedIn(store, who).findPatients(text, 20);
    }

    /**
     * Wires patient mode's unlock to the store (issue 14 §4): each attempt is written to the audit trail
     * ({@link PrepareConsultation#unlockAttempt}: {@code patient-mode-unlocked} / {@code patient-mode-unlock-failed},
     * subject the draft's id, details how and the wrong PINs in a row) and waited for, so that one that cannot be
     * written is refused; once the PIN is blocked, the signed-in person's own password is checked as a sign-in
     * ({@link SignIn#signIn}: counted towards their account's lockout and audited by the store). Both run off the FX
     * thread (the view model's background executor).
     */
    public void wireUnlock(WizardViewModel vm) {
        String id = vm.documentId();
        vm.setOnUnlockAttempt((action, how, wrongInARow) -> prepare().unlockAttempt(id, action, how, wrongInARow));
        vm.setStaffPassword(pw -> new SignIn(store).checkPassword(who.name(), pw, "app: unlock patient mode"));
    }

    /** The consultation's preparation use case as the signed-in person, opening the store for each call. */
    private PrepareConsultation prepare() {
        return PrepareConsultation.asSignedIn(store, who);
    }

    /**
     * What must hold before the open wizard records its consultation (issue 17 §3): its hold of the draft, renewed
     * then, so that a consent is recorded only from the draft this device last saw, and no other device may save
     * that draft while it is recorded. Set by the app for each wizard it opens.
     */
    @FunctionalInterface
    public interface HoldCheck {
        /**
         * Renews the hold now, on the calling thread.
         *
         * @throws StoreException a {@link org.exoconsent.records.DraftHeldException} when another device took the
         *                        draft over, a {@link org.exoconsent.records.DraftChangedElsewhereException} when
         *                        another device saved it since this one last saw it: then nothing is recorded
         */
        void check() throws StoreException;
    }

    private volatile HoldCheck holdCheck = () -> { };

    /** The check {@link #signAndSave} and {@link #saveRefusal} run first (none until set). */
    public void setHoldCheck(HoldCheck check) {
        this.holdCheck = java.util.Objects.requireNonNull(check, "check");
    }

    /**
     * Checks the wizard still holds its draft as it last saw it ({@link HoldCheck}), then checks, renders, signs,
     * archives, indexes and audits; then the draft has served (the use case {@link RecordConsent#recordSession}).
     * Slow: call off the FX thread.
     *
     * @throws StoreException also when the hold check refuses (nothing is recorded)
     */
    public RecordStore.Recorded signAndSave(ConsentSession session)
            throws SessionException, StoreException, KeyException {
        holdCheck.check();
        RecordStore.Recorded r = RecordConsent.asSignedIn(store, who).recordSession(session, drafts);
        forgetKeptCopy(session.id());
        return r;
    }

    /**
     * A copy of a recorded consultation's draft still kept on this device (issue 17 §3, {@link
     * org.exoconsent.usecases.DeviceDrafts}) has served: deleted. One that cannot be deleted is left: brought to the
     * store later, it is set aside there as recorded, never made a draft again.
     */
    private void forgetKeptCopy(String id) {
        if (store.draftCache().isPresent() && store.location() instanceof org.exoconsent.records.PostgresLocation p) {
            try {
                store.draftCache().get().remove(p.url(), id);
            } catch (StoreException e) {
                // see above
            }
        }
    }

    /**
     * Records that staff ended a consultation before it was recorded ({@link
     * org.exoconsent.usecases.EndConsultation#end}: audited {@code consultation-ended} as the signed-in person, the
     * draft set aside unless postponed, in one write). Slow: call off the FX thread.
     */
    public void endConsultation(String documentId, org.exoconsent.consent.Consultation.EndedByStaff ending)
            throws StoreException {
        org.exoconsent.usecases.EndConsultation.asSignedIn(store, who).end(documentId, ending);
    }

    /**
     * Records an informed refusal (the use case {@link RecordConsent#recordRefusal}) after the {@link HoldCheck}, as
     * {@link #signAndSave}; then the consultation's draft has served. Slow: call off the FX thread.
     */
    public RecordStore.Recorded saveRefusal(org.exoconsent.consent.InformedRefusal refusal)
            throws SessionException, StoreException, KeyException {
        holdCheck.check();
        RecordStore.Recorded r = RecordConsent.asSignedIn(store, who).recordRefusal(refusal, drafts);
        forgetKeptCopy(refusal.consultation().id());
        return r;
    }

    /**
     * The physician records that the patient would not sign the informed refusal ({@link
     * PrepareConsultation#recordRefusalNote}); slow (the password check): call off the FX thread.
     */
    public org.exoconsent.consent.InformedRefusal.WouldNotSign recordRefusalNote(String account, char[] password,
                                                                                 ConsentSession draft, String note)
            throws StoreException {
        return prepare().recordRefusalNote(account, password, draft, note);
    }

    /** The patient's copy and take-home card of what was recorded, as the same signed-in person. */
    public org.exoconsent.ui.copy.PatientCopyService patientCopies() {
        return new org.exoconsent.ui.copy.PatientCopyService(store, who);
    }

    /** The store, as it is named in messages ({@link StoreOpenings#describe}) and for what only a data directory has. */
    public StoreOpenings store() {
        return store;
    }

    public Principal principal() {
        return who;
    }
}
