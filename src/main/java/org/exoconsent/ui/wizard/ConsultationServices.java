package org.exoconsent.ui.wizard;

import java.nio.file.Path;
import java.time.Clock;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.consent.SessionException;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.DraftStore;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;
import org.exoconsent.usecases.RecordConsent;

/**
 * What the wizard needs from the rest of the program: the catalog, the template version, drafts, and "sign and
 * save". The store is opened only for the moment it is used, so the command line can work beside the app.
 */
public final class ConsultationServices {
    private final DataDirectory dir;
    private final Clock clock;
    private final DraftStore drafts;
    private final Principal who;

    /** @param who the person signed in on this tablet; the store checks their roles on every use */
    public ConsultationServices(DataDirectory dir, Clock clock, Principal who) {
        this.dir = dir;
        this.who = who;
        this.clock = clock;
        this.drafts = new DraftStore(dir);
    }

    /** Where the time comes from (only its instant counts; the clinic's zone comes with {@link Opening#clock()}). */
    public Clock clock() {
        return clock;
    }

    public DraftStore drafts() {
        return drafts;
    }

    public RecordStore.CatalogView catalog() throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: catalog")) {
            return store.catalog();
        }
    }

    /**
     * What a consultation starts with, read in one opening of the store: the catalog, the settings, and the template
     * version: for a new consultation the one new consultations use (the active one, or its correction when the
     * active one was found to contain errors); for a resumed draft, the draft's own (a draft begun before a new
     * version was activated is finished, and signed, with the text it began with) — unless that version was found
     * to contain errors, in which case the consultation is restarted on the correction ({@code restartedFrom}
     * names the version it began with, and the restart is audited).
     *
     * A draft of schema version 1, begun before the physician's confirmation of the treatment was recorded, restarts
     * too (on the version new consultations use), waiting for the confirmation.
     *
     * @param restartedFrom the draft's own version when the consultation must restart on {@code template}, else null
     * @param restartReason why: {@link Restart#CONTAINS_ERRORS} or {@link Restart#NOT_CONFIRMED}; null when not
     * @param restartFrom   the draft to restart from, its product snapshot brought up to date from the catalog when
     *                      it was taken before the catalog knew origin and supply (schema 1); null when not restarting
     * @param clock         the clinic's clock (the store's, in the clinic's time zone), for the consultation's times
     */
    public record Opening(RecordStore.CatalogView catalog, org.exoconsent.records.Settings settings,
                          ConsentTemplate template, String restartedFrom, Restart restartReason,
                          ConsentSession restartFrom, ClinicClock clock) {
    }

    /** Why a draft restarts from its first section. */
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
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: " + (draft == null ? "new consultation"
                : "resume draft"))) {
            if (draft == null) {
                return new Opening(store.catalog(), store.settings(),
                        store.templateForNewConsultation(BundledTemplates.EXOSOME_THERAPY), null, null, null,
                        store.clinicClock());
            }
            String id = draft.template().id();
            String version = draft.template().version();
            org.exoconsent.records.TemplateLibrary.Version v = store.templateVersion(id, version);
            if (v == null) { // refused, naming the versions the clinic has
                return new Opening(store.catalog(), store.settings(), store.signingTemplate(id, version), null, null,
                        null, store.clinicClock());
            }
            ConsentTemplate t = store.template(id, version);
            Restart why = v.containsErrors() || t.format() < 2 ? Restart.CONTAINS_ERRORS
                    : draft.confirmedBy() == null && !draft.acknowledgements().isEmpty() ? Restart.NOT_CONFIRMED
                    : !org.exoconsent.consent.CompletenessCheck.languageProblems(draft).isEmpty()
                    ? Restart.NOT_IN_LANGUAGE : null;
            if (why != null) {
                // the draft's version contains errors (or predates format 2): the patient hears the corrected text;
                // or the explanation began without the physician's confirmation: it begins again after it
                // (or its texts are not in its language: it restarts on its own version, with the catalog's texts)
                ConsentTemplate now = why == Restart.NOT_IN_LANGUAGE ? t : store.templateForNewConsultation(id);
                store.draftRestarted(draft.id(), version, now.version(), switch (why) {
                    case CONTAINS_ERRORS -> "contains-errors";
                    case NOT_CONFIRMED -> "not-confirmed";
                    case NOT_IN_LANGUAGE -> "texts-not-in-language";
                });
                RecordStore.CatalogView catalog = store.catalog();
                ConsentSession from = why == Restart.NOT_IN_LANGUAGE ? withCatalogTexts(draft, catalog)
                        : withCurrentProduct(draft, catalog);
                return new Opening(catalog, store.settings(), now, version, why, from, store.clinicClock());
            }
            return new Opening(store.catalog(), store.settings(), t, null, null, null, // as signingTemplate gives
                    store.clinicClock());
        }
    }

    /**
     * A physician confirms the prepared treatment with their own password (see
     * {@link RecordStore#confirmTreatment}); slow (the password check): call off the FX thread.
     */
    public ConsentSession.ConfirmedBy confirmTreatment(String account, char[] password, ConsentSession prepared)
            throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: confirm treatment")) {
            return store.confirmTreatment(account, password, prepared);
        }
    }

    /**
     * A draft whose product snapshot has no origin or supply (schema 1) with the catalog's current snapshot of that
     * product, so that the restarted consultation tells the patient both; unchanged when the product is no longer in
     * the catalog (the start checks then ask for it again).
     */
    static ConsentSession withCurrentProduct(ConsentSession draft, RecordStore.CatalogView catalog) {
        ConsentSession.Treatment t = draft.treatment();
        if (t == null || t.product() == null || (t.product().origin() != null && t.product().supply() != null)) {
            return draft;
        }
        String language = draft.template().language();
        return catalog.products().stream().filter(p -> p.name().equals(t.product().listedAs())).findFirst()
                .map(p -> p.snapshot(language) != null ? p.snapshot(language) : p.snapshot())
                .map(p -> draft.withTreatment(new ConsentSession.Treatment(t.indication(), t.route(),
                        t.plannedDate(), t.sessions(), t.priceYen(), t.coolingOff(), p, t.lot())))
                .orElse(draft);
    }

    /**
     * A draft with the clinic, physician and product texts the catalog has now in the draft's language (issue 12
     * §2); each one the catalog has not written in that language is left as it was, and the start checks then refuse
     * it, naming what is missing.
     */
    static ConsentSession withCatalogTexts(ConsentSession draft, RecordStore.CatalogView catalog) {
        String language = draft.template().language();
        ConsentSession.Clinic clinic = catalog.clinic() == null ? null : catalog.clinic().snapshot(language);
        ConsentSession.Physician physician = draft.physician() == null ? null : catalog.physicians().stream()
                .filter(p -> p.licenceNumber().equals(draft.physician().licenceNumber()) && p.name(language) != null)
                .findFirst().map(p -> new ConsentSession.Physician(p.name(language), p.licenceNumber()))
                .orElse(null);
        ConsentSession.Treatment t = draft.treatment();
        ConsentSession.Product product = t == null || t.product() == null ? null : catalog.products().stream()
                .filter(p -> p.name().equals(t.product().listedAs())).findFirst().map(p -> p.snapshot(language))
                .orElse(null);
        return new ConsentSession(draft.schemaVersion(), draft.id(), draft.template(),
                clinic != null ? clinic : draft.clinic(), physician != null ? physician : draft.physician(),
                draft.patient(), draft.representative(), product == null ? t : new ConsentSession.Treatment(
                        t.indication(), t.route(), t.plannedDate(), t.sessions(), t.priceYen(), t.coolingOff(),
                        product, t.lot()), draft.previousConsent(), draft.lastConsent(), draft.startedAt(),
                draft.preparedBy(), null, draft.acknowledgements(), draft.quiz(), draft.notes(), null,
                draft.signatures());
    }

    /**
     * The physician records why a minor does not sign (see {@link RecordStore#recordAssentReason}); slow (the
     * password check): call off the FX thread.
     */
    public ConsentSession.AssentNotSigned recordAssentReason(String account, char[] password, ConsentSession draft,
                                                             String reason) throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: assent reason")) {
            return store.recordAssentReason(account, password, draft, reason);
        }
    }

    /** The clinic's settings (the reflection time before signing, the idle lock, the time zone). */
    public org.exoconsent.records.Settings settings() throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: settings")) {
            return store.settings();
        }
    }

    /**
     * Whether {@code pin} is the clinic's staff PIN, as the store keeps it ({@link RecordStore#staffPinMatches}); the
     * wizard's unlock check. False when the store cannot be opened: the attempt is then refused, and the wizard's
     * audit entry of it, which needs the store too, fails, so it is said as not recorded. Slow: off the FX thread.
     */
    public boolean staffPinMatches(String pin) {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: check the staff PIN")) {
            return store.staffPinMatches(pin);
        } catch (StoreException e) {
            return false;
        }
    }

    /** Patients of earlier consents, for the start screen's "existing patient" (audited by the store). */
    public java.util.List<RecordStore.KnownPatient> findPatients(String text) throws StoreException {
        return org.exoconsent.usecases.RecordQueries.asSignedIn(dir, clock, who).findPatients(text, 20);
    }

    /** Writes one entry to the audit log as the signed-in person (an unlock of patient mode, for example). */
    public void audit(String action, String subject, String details) throws StoreException {
        try (RecordStore store = RecordStore.open(dir, clock, who, "app: " + action)) {
            store.audit(action, subject, details);
        }
    }

    /**
     * Wires patient mode's unlock to the store (issue 14 §4): each attempt is written to the audit trail
     * ({@code patient-mode-unlocked} / {@code patient-mode-unlock-failed}, subject the draft's id, details how and the
     * wrong PINs in a row) and waited for, so that one that cannot be written is refused; once the PIN is blocked,
     * the signed-in person's own password is checked as a sign-in (counted towards their account's lockout and
     * audited by the store). Both run off the FX thread (the view model's background executor).
     */
    public void wireUnlock(WizardViewModel vm) {
        String id = vm.documentId();
        vm.setOnUnlockAttempt((action, how, wrongInARow) -> audit(action, id,
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("by", how)
                        .put("wrongInARow", wrongInARow).toString()));
        vm.setStaffPassword(pw -> {
            try (RecordStore checked = RecordStore.signIn(dir, clock, who.name(), pw, "app: unlock patient mode")) {
                checked.principal(); // the right password: the store cleared the account's count
            }
        });
    }

    /**
     * Checks, renders, signs, archives, indexes and audits; then the draft has served (the use case
     * {@link RecordConsent#recordSession}). Slow: call off the FX thread.
     */
    public RecordStore.Recorded signAndSave(ConsentSession session)
            throws SessionException, StoreException, KeyException {
        return RecordConsent.asSignedIn(dir, clock, who).recordSession(session, drafts);
    }

    /** The patient's copy and take-home card of what was recorded, as the same signed-in person. */
    public org.exoconsent.ui.copy.PatientCopyService patientCopies() {
        return new org.exoconsent.ui.copy.PatientCopyService(dir, clock, who);
    }

    public Path dataDirectory() {
        return dir.root();
    }

    public Principal principal() {
        return who;
    }
}
