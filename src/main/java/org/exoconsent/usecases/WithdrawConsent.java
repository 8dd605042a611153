package org.exoconsent.usecases;

import java.time.Clock;
import java.time.LocalDate;
import org.exoconsent.pdf.KeyException;
import org.exoconsent.pdf.SigningKey;
import org.exoconsent.records.DataDirectory;
import org.exoconsent.records.Permission;
import org.exoconsent.records.Principal;
import org.exoconsent.records.RecordStore;
import org.exoconsent.records.StoreException;

/**
 * Withdrawal of a consent (同意撤回) and correction of a patient's detail the clinic mistyped (issue 13 §1), the
 * one way the records screen and the command line's {@code withdraw} and {@code correct} record them (issue 15 §1,
 * docs/ARCHITECTURE.md "Use cases"). Each is a new signed document that refers to the consent; the consent's PDF
 * is never touched (a withdrawal only marks its row "withdrawn"). Each call opens the store as the signed-in person
 * and checks {@link Permission#WITHDRAW} (a manager, or a physician for their own patients) before any work: a
 * refusal is audited {@code access-refused} by the store and no key is loaded or created, nothing is signed or
 * archived. Then the store checks the input (the record, its status, the date, field, value, reason and receiver):
 * a refused input loads or creates no key either. Only then is the key ({@link KeySource}) loaded and refused unless
 * it is a registered, current signing key (docs/SIGNING.md), and the store renders, signs, archives, and writes the
 * index row with its audit entry ({@code withdrawn}, {@code corrected}) in one transaction.
 */
public final class WithdrawConsent {
    private final StoreOpening opening;
    private final KeySource keys;

    /**
     * @param opening opens the store as the signed-in person
     * @param keys    which key signs the withdrawal or correction
     */
    public WithdrawConsent(StoreOpening opening, KeySource keys) {
        this.opening = opening;
        this.keys = keys;
    }

    /**
     * As the person signed in on a tablet (the records screen; {@link StoreOpening#asSignedIn}), signed with the
     * data directory's key.
     *
     * @param clock where the time comes from (only its instant counts; the clinic's zone comes from the store)
     */
    public static WithdrawConsent asSignedIn(DataDirectory dir, Clock clock, Principal who) {
        return new WithdrawConsent(StoreOpening.asSignedIn(dir, clock, who), KeySource.clinicKey());
    }

    /** As {@link #asSignedIn(DataDirectory, Clock, Principal)}, on the store this device is set to (issue 17 §1). */
    public static WithdrawConsent asSignedIn(StoreOpenings store, Principal who) {
        return new WithdrawConsent(store.asSignedIn(who), KeySource.clinicKey());
    }

    /**
     * Records the withdrawal of the consent {@code consentId}: a signed document {@code <id>-withdrawal} referring
     * to it (its id and PDF SHA-256); the consent is marked withdrawn. Slow (rendering, signing): call off the FX
     * thread.
     *
     * @param date         the day the patient withdrew (the clinic's calendar): not before the consent, not after
     *                     today
     * @param reason       the reason as given ("not given" if none)
     * @param receivedBy   the staff member who received the withdrawal
     * @param signaturePng the patient's or representative's handwritten signature as base64 PNG, or null (e.g. by
     *                     telephone)
     * @return the withdrawal's document id, archived PDF and SHA-256
     * @throws org.exoconsent.records.AccessDeniedException when the person may not {@link Permission#WITHDRAW}, or
     *                                                       it is another physician's patient's consent (audited)
     * @throws org.exoconsent.records.KeyRefusedException   when the key is not a registered, current signing key
     * @throws org.exoconsent.records.RefusedException      naming the record or field: an unknown record, a
     *                                                       withdrawal document, a missing or impossible date, a
     *                                                       missing reason or receiver, a bad signature image
     * @throws org.exoconsent.records.ConflictException     when the consent was already withdrawn
     * @throws StoreException                                when the store fails
     * @throws KeyException                                  when the key cannot be opened
     */
    public RecordStore.Recorded withdraw(String consentId, LocalDate date, String reason, String receivedBy,
                                         String signaturePng) throws StoreException, KeyException {
        try (RecordStore store = opening.open("withdrawal")) {
            store.requireRole(Permission.WITHDRAW, null);
            store.checkWithdrawal(consentId, date, reason, receivedBy, signaturePng); // before a key is made
            SigningKey key = permittedKey(store);
            return store.withdraw(consentId, date, reason, receivedBy, signaturePng, key);
        }
    }

    /**
     * Records the correction of one patient's detail of the consent {@code consentId}: a signed document referring
     * to it, naming the field, the value before and after; lists, recall and exports show the corrected value.
     *
     * @param field  {@code patient.name}, {@code patient.kana}, {@code patient.phone} or {@code patient.address}
     *               ({@link org.exoconsent.consent.Correction.Field#keys()})
     * @param value  the corrected value (the wizard's rules for that field)
     * @param reason what was wrong, at most {@link org.exoconsent.consent.CompletenessCheck#MAX_REASON_CHARACTERS}
     *               characters
     * @return the correction's document id, archived PDF and SHA-256
     * @throws org.exoconsent.records.AccessDeniedException as for {@link #withdraw}
     * @throws org.exoconsent.records.KeyRefusedException   as for {@link #withdraw}
     * @throws org.exoconsent.records.RefusedException      naming the record, field or value, nothing written: an
     *                                                       unknown record, a withdrawal document, an unknown field,
     *                                                       an unchanged or unacceptable value, a missing reason or
     *                                                       receiver
     * @throws StoreException                                when the store fails
     * @throws KeyException                                  when the key cannot be opened
     */
    public RecordStore.Recorded correct(String consentId, String field, String value, String reason,
                                        String receivedBy) throws StoreException, KeyException {
        try (RecordStore store = opening.open("correction")) {
            store.requireRole(Permission.WITHDRAW, null);
            store.checkCorrection(consentId, field, value, reason, receivedBy); // before a key is made
            SigningKey key = permittedKey(store);
            return store.correct(consentId, field, value, reason, receivedBy, key);
        }
    }

    /**
     * The key of the clinic the catalog names, refused unless it is registered and current; loaded (or, for a data
     * directory with none, created) only after the permission (audited when refused) and the withdrawal's or
     * correction's own checks passed.
     */
    private SigningKey permittedKey(RecordStore store) throws StoreException, KeyException {
        // the clinic only: a lot's expiry that cannot be read does not stop a withdrawal of another lot's consent
        org.exoconsent.records.Catalog.Clinic profile = store.clinic();
        String clinic = profile == null ? "Clinic" : profile.name();
        SigningKey key = keys.load(store, clinic);
        store.requireRegisteredSigner(key, keys.what(), keys.file());
        return key;
    }
}
