package org.exoconsent.usecases;

import java.time.Clock;
import java.util.Set;
import org.exoconsent.consent.ClinicClock;
import org.exoconsent.consent.CompletenessCheck;
import org.exoconsent.consent.ConsentSession;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.Settings;
import org.exoconsent.records.StoreException;
import org.exoconsent.records.TemplateLibrary;
import org.exoconsent.template.BundledTemplates;
import org.exoconsent.template.ConsentTemplate;

/**
 * The work around a consultation before and beside its signing (issue 15 §1, docs/ARCHITECTURE.md "Use cases"): its
 * start (the catalog, the settings and the template version a new or resumed consultation uses, a draft's restart
 * audited), the physician's confirmation of the treatment (issue 11 §2; MHLW 医政発0815第21号) in the app with the
 * physician's own password or on the command line as the signed-in physician, the reason a minor does not sign
 * (issue 11), and patient mode's unlock (the staff PIN and the audit of each attempt, issue 14 §4). The signing itself
 * is {@link RecordConsent}.
 *
 * <p>Each call opens the store as the signed-in person and checks its permission before any work, as the store's own
 * check names it (a refusal is audited {@code access-refused}): reading the start and patient mode's unlock need
 * {@link Permission#READ_CATALOG} (anyone signed in); confirming and the assent reason need
 * {@link Permission#CONSULT} (physicians and staff). Each write and its audit entry are one transaction of the store.
 */
public final class PrepareConsultation {
    /** The audit actions of patient mode's and the lock screen's unlock attempts ({@link #unlockAttempt}). */
    public static final Set<String> UNLOCK_ACTIONS = Set.of("patient-mode-unlocked", "patient-mode-unlock-failed",
            "screen-unlocked", "screen-unlock-failed");

    /**
     * What a consultation starts with ({@link #start}).
     *
     * @param catalog       clinic profile, physicians, products and lots
     * @param settings      the clinic's settings
     * @param template      the template version the consultation uses
     * @param restartedFrom the draft's own version when the consultation must restart on {@code template}, else null
     * @param restartReason why it restarts; null when not
     * @param restartFrom   the draft to restart from (its product snapshot or its texts brought up to date from the
     *                      catalog); null when not restarting
     * @param clock         the clinic's clock (the store's, in the clinic's time zone), for the consultation's times
     */
    public record Start(RecordStore.CatalogView catalog, Settings settings, ConsentTemplate template,
                        String restartedFrom, Restart restartReason, ConsentSession restartFrom, ClinicClock clock) {
    }

    /** Why a draft restarts from its first section. */
    public enum Restart {
        /** Its template version was found to contain errors, or predates format 2 (issue 10). */
        CONTAINS_ERRORS,
        /** It was begun before the physician's confirmation of the treatment was recorded (schema 1, issue 11). */
        NOT_CONFIRMED,
        /** Its clinic, physician or product texts are not in the consultation's language (issue 12 §2). */
        NOT_IN_LANGUAGE
    }

    /**
     * A prepared session confirmed on the command line ({@link #confirmAsSignedIn}).
     *
     * @param session the session with {@code confirmedBy} (and {@code preparedBy} and {@code startedAt}, when it had
     *                none: the confirming physician, at the confirmation)
     * @param by      who confirmed, and when (an instant)
     * @param at      that instant as the clinic's clock says it (its time zone)
     */
    public record Confirmed(ConsentSession session, ConsentSession.ConfirmedBy by, String at) {
    }

    private final StoreOpening opening;

    /** @param opening opens the store as the signed-in person */
    public PrepareConsultation(StoreOpening opening) {
        this.opening = opening;
    }

    /**
     * As the person signed in on a tablet ({@link StoreOpening#asSignedIn}).
     *
     * @param clock where the time comes from (only its instant counts; the clinic's zone comes from the store)
     */
    public static PrepareConsultation asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new PrepareConsultation(StoreOpening.asSignedIn(dir, clock, who));
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static PrepareConsultation asSignedIn(StoreOpenings store, Principal who) {
        return new PrepareConsultation(store.asSignedIn(who));
    }

    /** The catalog, for the start page (clinic profile, physicians, products and lots). */
    public RecordStore.CatalogView catalog() throws StoreException {
        try (RecordStore store = open("catalog", Permission.READ_CATALOG)) {
            return store.catalog();
        }
    }

    /** The clinic's settings (the reflection time before signing, the idle lock, the time zone). */
    public Settings settings() throws StoreException {
        try (RecordStore store = open("settings", Permission.READ_CATALOG)) {
            return store.settings();
        }
    }

    /**
     * What a consultation starts with, read in one opening of the store: the catalog, the settings, and the template
     * version: for a new consultation the one new consultations use (the active one, or its correction when the
     * active one was found to contain errors); for a resumed draft, the draft's own (a draft begun before a new
     * version was activated is finished, and signed, with the text it began with) — unless that version was found
     * to contain errors or predates format 2 (restarted on the version new consultations use), the draft's
     * explanation began before the physician's confirmation was recorded (restarted the same way, waiting for the
     * confirmation), or its texts are not in its language (restarted on its own version with the catalog's texts in
     * that language). A restart is audited {@code draft-restarted} by the store.
     *
     * @param draft the draft being resumed, or null for a new consultation
     * @throws org.exoconsent.records.RefusedException naming the template versions the clinic has, when the draft's
     *                                                 version is unknown, or when the active version cannot be
     *                                                 signed (format 1)
     */
    public Start start(ConsentSession draft) throws StoreException {
        try (RecordStore store = open(draft == null ? "new consultation" : "resume draft",
                Permission.READ_CATALOG)) {
            if (draft == null) {
                return new Start(store.catalog(), consultationSettings(store),
                        store.templateForNewConsultation(BundledTemplates.EXOSOME_THERAPY), null, null, null,
                        store.clinicClock());
            }
            String id = draft.template().id();
            String version = draft.template().version();
            TemplateLibrary.Version v = store.templateVersion(id, version);
            if (v == null) { // refused, naming the versions the clinic has
                return new Start(store.catalog(), consultationSettings(store), store.signingTemplate(id, version), null, null,
                        null, store.clinicClock());
            }
            ConsentTemplate t = store.template(id, version);
            Restart why = v.containsErrors() || t.format() < 2 ? Restart.CONTAINS_ERRORS
                    : draft.confirmedBy() == null && !draft.acknowledgements().isEmpty() ? Restart.NOT_CONFIRMED
                    : !CompletenessCheck.languageProblems(draft).isEmpty() ? Restart.NOT_IN_LANGUAGE : null;
            if (why != null) {
                ConsentTemplate now = why == Restart.NOT_IN_LANGUAGE ? t : store.templateForNewConsultation(id);
                store.draftRestarted(draft.id(), version, now.version(), switch (why) {
                    case CONTAINS_ERRORS -> "contains-errors";
                    case NOT_CONFIRMED -> "not-confirmed";
                    case NOT_IN_LANGUAGE -> "texts-not-in-language";
                });
                RecordStore.CatalogView catalog = store.catalog();
                ConsentSession from = why == Restart.NOT_IN_LANGUAGE ? withCatalogTexts(draft, catalog)
                        : withCurrentProduct(draft, catalog);
                return new Start(catalog, consultationSettings(store), now, version, why, from, store.clinicClock());
            }
            return new Start(store.catalog(), consultationSettings(store), t, null, null, null, store.clinicClock());
        }
    }

    /**
     * A physician confirms the prepared treatment with their own password, on the tablet of the person signed in
     * ({@link RecordStore#confirmTreatment}: checked and audited {@code treatment-confirmed}). Slow (the password
     * check): off the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException when the signed-in person may not
     *                                                       {@link Permission#CONSULT}, or for a wrong password or
     *                                                       an account that is not the session's physician
     */
    public ConsentSession.ConfirmedBy confirmTreatment(String account, char[] password, ConsentSession prepared)
            throws StoreException {
        try (RecordStore store = open("confirm treatment", Permission.CONSULT)) {
            return store.confirmTreatment(account, password, prepared);
        }
    }

    /**
     * The signed-in physician confirms a prepared session ({@code exoconsent confirm}; issue 11 §2): audited
     * {@code treatment-confirmed} by the store; the session returned carries {@code confirmedBy} (and
     * {@code preparedBy} and {@code startedAt} when it had none). The caller writes it where it came from.
     *
     * @throws IllegalArgumentException                      when the session's explanation has begun (an
     *                                                       acknowledgement, an answer to a check question or a signature): checked
     *                                                       before the store is opened; nothing is audited
     * @throws org.exoconsent.records.AccessDeniedException when the person may not {@link Permission#CONSULT} or is
     *                                                       not the session's physician
     */
    public Confirmed confirmAsSignedIn(ConsentSession s) throws StoreException {
        if (!s.acknowledgements().isEmpty() || !s.checkQuestions().isEmpty() || !s.signatures().isEmpty()) {
            throw new IllegalArgumentException("the explanation of this consultation has already begun; the "
                    + "physician confirms the treatment before it: start the consultation again from its preparation "
                    + "(a session without acknowledgements, answers or signatures), so that the patient is explained "
                    + "the treatment confirmed; nothing was changed");
        }
        try (RecordStore store = open("confirm", Permission.CONSULT)) {
            ConsentSession.ConfirmedBy c = store.confirmTreatmentAsSignedIn(s);
            ConsentSession.PreparedBy prepared = s.preparedBy() != null ? s.preparedBy()
                    : new ConsentSession.PreparedBy(c.account(), c.at());
            ConsentSession confirmed = new ConsentSession(s.schemaVersion(), s.id(), s.template(), s.clinic(),
                    s.physician(), s.patient(), s.representative(), s.treatment(), s.previousConsent(),
                    s.lastConsent(), s.startedAt() != null ? s.startedAt() : prepared.at(), prepared, c,
                    s.acknowledgements(), s.checkQuestions(), s.notes(), s.assentNotSigned(), s.signatures());
            return new Confirmed(confirmed, c, store.clinicClock().format(c.at()));
        }
    }

    /**
     * The physician records why a minor does not sign ({@link RecordStore#recordAssentReason}: their password
     * checked, audited). Slow (the password check): off the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException when the signed-in person may not
     *                                                       {@link Permission#CONSULT}, for a wrong password or an
     *                                                       account that is not the confirming physician's
     */
    public ConsentSession.AssentNotSigned recordAssentReason(String account, char[] password, ConsentSession draft,
                                                             String reason) throws StoreException {
        try (RecordStore store = open("assent reason", Permission.CONSULT)) {
            return store.recordAssentReason(account, password, draft, reason);
        }
    }

    /**
     * The physician confirms they explained a section again in person after a third wrong answer
     * ({@link RecordStore#recordExplainedAgain}: their password checked, audited). Slow (the password check): off
     * the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException when the signed-in person may not
     *                                                       {@link Permission#CONSULT}, for a wrong password or an
     *                                                       account that is not the confirming physician's
     */
    public ConsentSession.ExplainedAgain recordExplainedAgain(String account, char[] password, ConsentSession draft,
                                                              String section, String question)
            throws StoreException {
        try (RecordStore store = open("explained again", Permission.CONSULT)) {
            return store.recordExplainedAgain(account, password, draft, section, question);
        }
    }

    /**
     * The physician records that the patient would not sign the informed refusal ({@link
     * RecordStore#recordRefusalNote}: their password checked, audited). Slow: off the FX thread.
     *
     * @throws org.exoconsent.records.AccessDeniedException for a wrong password or an account that is not the
     *                                                       confirming physician's
     */
    public org.exoconsent.consent.InformedRefusal.WouldNotSign recordRefusalNote(String account, char[] password,
                                                                                 ConsentSession draft, String note)
            throws StoreException {
        try (RecordStore store = open("informed refusal note", Permission.CONSULT)) {
            return store.recordRefusalNote(account, password, draft, note);
        }
    }

    /**
     * Whether {@code pin} is the clinic's staff PIN ({@link RecordStore#staffPinMatches}); false when none is set.
     * Not audited here: {@link #unlockAttempt} audits every attempt. Slow (PBKDF2): off the FX thread.
     */
    public boolean staffPinMatches(String pin) throws StoreException {
        try (RecordStore store = open("check the staff PIN", Permission.READ_CATALOG)) {
            return store.staffPinMatches(pin);
        }
    }

    /**
     * Writes one unlock attempt of patient mode or the lock screen to the audit trail as the signed-in person
     * (issue 14 §4), waiting for it: subject the draft's id, details how and the wrong PINs in a row.
     *
     * @param action      one of {@link #UNLOCK_ACTIONS}
     * @param how         {@code staff PIN}, {@code staff PIN blocked} or {@code staff password}
     * @param wrongInARow the wrong PINs in a row, this one included (0 or more)
     * @throws IllegalArgumentException naming the action or count refused, before the store is opened
     */
    public void unlockAttempt(String draftId, String action, String how, int wrongInARow) throws StoreException {
        if (!UNLOCK_ACTIONS.contains(action)) {
            throw new IllegalArgumentException("'" + action + "' is not an unlock attempt; one of "
                    + new java.util.TreeSet<>(UNLOCK_ACTIONS));
        }
        if (wrongInARow < 0) {
            throw new IllegalArgumentException("wrong PINs in a row: " + wrongInARow + " is below 0");
        }
        try (RecordStore store = open(action, Permission.READ_CATALOG)) {
            store.audit(action, draftId, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("by", how).put("wrongInARow", wrongInARow).toString());
        }
    }

    /**
     * A draft whose product snapshot has no origin or supply (schema 1) with the catalog's current snapshot of that
     * product, so that the restarted consultation tells the patient both; unchanged when the product is no longer in
     * the catalog (the start checks then ask for it again).
     */
    public static ConsentSession withCurrentProduct(ConsentSession draft, RecordStore.CatalogView catalog) {
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
    public static ConsentSession withCatalogTexts(ConsentSession draft, RecordStore.CatalogView catalog) {
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
                draft.preparedBy(), null, draft.acknowledgements(), draft.checkQuestions(), draft.notes(), null,
                draft.signatures());
    }

    /** Opens the store for {@code purpose} and checks {@code needs} before any work, as the store's check names it. */
    private RecordStore open(String purpose, Permission needs) throws StoreException {
        RecordStore store = opening.open(purpose);
        try {
            store.requireRole(needs, null); // before any work, audited when refused
            return store;
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The settings a consultation runs on, refused when its reflection time cannot be used (changed outside the
     * product): a consultation never runs on a guessed reflection time.
     *
     * @throws org.exoconsent.records.DamagedStoreException naming the setting's row, its value and the repair
     */
    private static Settings consultationSettings(RecordStore store) throws StoreException {
        return store.settings().intact(Settings.Key.REFLECTION_MINUTES);
    }
}
